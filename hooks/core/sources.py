"""Reading source files: UTF-8 with located errors, YAML front matter split from the body, and where each is published."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hooks.core.languages import published_uri
from hooks.core.problems import Problem
from hooks.core.yamlsrc import YamlDocument, parse_yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def read_text(file: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem naming the line of the first byte that is not UTF-8.

    A byte-order mark is dropped: editors on Windows write one, and before ``---`` it hides the front matter."""
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown, 0, "", "file not found")]
    try:
        return data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start:error.start + 1].hex()
        return None, [Problem(shown, line, "", "not valid UTF-8", "UTF-8 text", f"byte 0x{byte}")]


def site_uri(path: str) -> str:
    """The file's path inside the built site's sources: ``content/`` is the docs root."""
    return path.removeprefix("content/")


def page_url(path: str) -> str:
    """The published URL (directory style, relative to the site root) of a source path; a translation's
    (``ukk/a.sv.md``) is in its language's folder (``sv/ukk/a/``)."""
    uri = published_uri(site_uri(path)).removesuffix(".md")
    if uri == "index":
        return ""
    return (uri.removesuffix("/index") if uri.endswith("/index") else uri) + "/"


@dataclass
class Source:
    """A Markdown file split into its front matter (parsed, with lines) and its body."""

    path: str  # relative to the repository root, with forward slashes
    meta: YamlDocument
    body: str
    body_line: int  # the file line on which the body starts
    text: str


def read_markdown(root: Path, relative: str) -> tuple[Source | None, list[Problem]]:
    """Read ``root/relative`` and parse its front matter; problems carry the file's own line numbers."""
    text, problems = read_text(root / relative, relative)
    if text is None:
        return None, problems
    return parse_markdown(relative, text)


def parse_markdown(relative: str, text: str) -> tuple[Source | None, list[Problem]]:
    """Split ``text`` (the file ``relative``) into its parsed front matter and its body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            return None, [Problem(relative, 1, "", "front matter is not closed", "a line with --- after the front matter", "none")]
        return Source(relative, YamlDocument({}, {(): 1}), text, 1, text), []
    doc, problems = parse_yaml(match.group(1) or "", relative, line_offset=1)
    if doc is None:
        return None, problems
    if not isinstance(doc.value, dict):
        return None, [Problem(relative, 2, "", "front matter is not a mapping", "key: value lines", "a " + type(doc.value).__name__)]
    body_line = text.count("\n", 0, match.end()) + 1
    return Source(relative, doc, text[match.end():], body_line, text), problems


@dataclass(frozen=True)
class Body:
    """A Markdown file's body and the file line it starts on, known even when its front matter is not valid."""

    path: str
    body: str
    body_line: int


def body_of(relative: str, text: str) -> Body | None:
    """The body after a closed front matter (or the whole text without one), whatever the front matter holds:
    so that problems in the body are reported together with those in the front matter."""
    match = _FRONT_MATTER.match(text)
    if match:
        return Body(relative, text[match.end():], text.count("\n", 0, match.end()) + 1)
    return None if text.startswith("---") else Body(relative, text, 1)


def markdown_files(root: Path, folder: str) -> list[str]:
    """Every ``*.md`` below ``root/folder``, as sorted repository-relative paths."""
    base = root / folder
    if not base.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in base.rglob("*.md") if p.is_file())
