"""Writing status post files: a new post, or one more update appended with the rest of the file kept as written."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path

import yaml

from hooks.core.config import SiteConfig
from hooks.core.content import kind_of
from hooks.core.incidents import POST_SCHEMA
from hooks.core.problems import Problem
from hooks.core.schema import validate_document
from hooks.core.sources import _FRONT_MATTER, read_markdown

STATUS_FOLDER = "status"
COMPONENT_IMPACT_OF = {"none": "degraded_performance", "minor": "degraded_performance", "major": "partial_outage",
                       "critical": "major_outage"}
"""The component impact a new incident starts with when ``--component`` names no impact of its own."""


def slugify(title: str) -> str:
    """``Kirjautuminen ei onnistu!`` → ``kirjautuminen-ei-onnistu`` (ä → a, ö → o, å → a)."""
    text = unicodedata.normalize("NFKD", title.lower()).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:60].rstrip("-") or "tiedote"


def scalar(value: str) -> str:
    """A YAML scalar for ``value``: plain when that reads back as the same text, else double-quoted (JSON is valid YAML)."""
    plain = re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:\n]*", value) and not value.endswith(" ")
    if plain:
        loaded = yaml.safe_load(value)
        if loaded == value:
            return value
    return json.dumps(value, ensure_ascii=False)


def block(text: str, indent: str) -> str:
    """Markdown text as a literal block: kept line for line, whatever it contains."""
    lines = text.strip("\n").splitlines() or [""]
    return "|-\n" + "\n".join((indent + line) if line.strip() else "" for line in lines)


def format_at(moment: dt.datetime, config: SiteConfig) -> str:
    return moment.astimezone(config.timezone).isoformat(timespec="seconds")


def text_value(message: str, key: str) -> str:
    """A text key's value: a literal block when it has more than one line, else a scalar."""
    text = message.strip()
    return block(text, key + "  ") if "\n" in text else scalar(text)


def update_lines(at: str, status: str, message: str, dash: str, key: str,
                 components: dict[str, str] | None = None, message_sv: str | None = None) -> str:
    """One item of the ``updates`` list; ``dash``/``key`` are the indentation of ``-`` and of the keys."""
    lines = f"{dash}- at: {at}\n{key}status: {status}\n{key}text: {text_value(message, key)}\n"
    if message_sv is not None:
        lines += f"{key}text_sv: {text_value(message_sv, key)}\n"
    if components:
        lines += f"{key}components:\n" + "".join(f"{key}  {cid}: {impact}\n" for cid, impact in components.items())
    return lines


def new_post_text(*, kind: str, title: str, impact: str, components: dict[str, str],
                  updates: list[tuple[str, str, str] | tuple[str, str, str, str | None]],
                  scheduled: tuple[str, str] | None = None, title_sv: str | None = None) -> str:
    """A new post's front matter; each update is (at, status, message) or (at, status, message, Swedish message)."""
    lines = ["---", f"title: {scalar(title)}"]
    if title_sv is not None:
        lines.append(f"title_sv: {scalar(title_sv)}")
    lines.append(f"kind: {kind}")
    if kind != "notice":
        lines.append(f"impact: {impact}")
    if components:
        lines.append("components:")
        lines += [f"  {cid}: {value}" for cid, value in components.items()]
    if scheduled:
        lines += ["scheduled:", f"  start: {scheduled[0]}", f"  end: {scheduled[1]}"]
    lines.append("updates:")
    text = "\n".join(lines) + "\n"
    for at, status, message, *swedish in updates:
        text += update_lines(at, status, message, "  ", "    ", message_sv=swedish[0] if swedish else None)
    return text + "---\n"


def free_path(root: Path, day: dt.date, title: str) -> str:
    """``status/YYYY-MM-DD-slug.md``, with ``-2``, ``-3`` … when the name is taken."""
    base = f"{STATUS_FOLDER}/{day.isoformat()}-{slugify(title)}"
    candidate, number = base + ".md", 2
    while os.path.lexists(root / candidate):  # a link that leads nowhere is taken too: writing would follow it
        candidate, number = f"{base}-{number}.md", number + 1
    return candidate


def status_post_file(root: Path, path: Path, shown: str) -> tuple[Path, str] | Problem:
    """The file ``path`` (from the current folder, every link followed) and its repository path, if it is a status
    post of ``root``; otherwise the problem. The writer commands write nowhere else, whatever path or link they get."""
    folder = root.resolve() / STATUS_FOLDER
    given = Path(os.path.abspath(path))
    target = given.resolve()
    relative = target.relative_to(folder.parent).as_posix() if target.is_relative_to(folder) else ""
    if not relative.endswith(".md") or kind_of(relative) != "status":
        got = str(target) if target == given else f"a link to {target}"
        return Problem(shown, 0, "", "not a status post", f"a .md file under {folder}/ other than index.md", got)
    return target, relative


def append_update(text: str, at: str, status: str, message: str, components: dict[str, str] | None = None,
                  message_sv: str | None = None) -> str:
    """``text`` with one more item at the end of its front matter's ``updates`` list; every other byte is kept."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ValueError("no front matter (expected a file that starts with ---)")
    start = match.start(1)
    node = yaml.compose(match.group(1), Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        raise ValueError("front matter is not a mapping (expected key: value lines)")
    updates = next((v for k, v in node.value if k.value == "updates"), None)
    if not isinstance(updates, yaml.SequenceNode) or not updates.value:
        raise ValueError("no updates list (expected updates: with at least one item)")
    if updates.flow_style:
        raise ValueError("updates is written as a [flow] list (expected one '- at:' item per line)")
    last = updates.value[-1]
    dash = " " * updates.start_mark.column
    key = " " * (last.start_mark.column if isinstance(last, yaml.MappingNode) else updates.start_mark.column + 2)
    # Insert after the line on which the last item's last value ends (block scalars end at the next line's start).
    end_node = last.value[-1][1] if isinstance(last, yaml.MappingNode) and last.value else last
    end = start + end_node.end_mark.index
    if end_node.end_mark.column != 0:
        newline = text.find("\n", end)
        end = len(text) if newline < 0 else newline + 1
    # Blank lines a block scalar swallowed belong after the new item, not inside the old one.
    while end > start and text[end - 2:end] == "\n\n":
        end -= 1
    return text[:end] + update_lines(at, status, message, dash, key, components, message_sv) + text[end:]


def validate_post(root: Path, relative: str, config: SiteConfig) -> list[Problem]:
    """Every problem ``supportsite check`` would report for this one post."""
    source, problems = read_markdown(root, relative)
    if source is None:
        return problems
    refs = {"components": [c.id for c in config.status.components], "teams": [t.id for t in config.teams],
            "products": [p.id for p in config.products]}
    _, found = validate_document(POST_SCHEMA, source.meta, relative, refs, origin=source)
    return problems + found
