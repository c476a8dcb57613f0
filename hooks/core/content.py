"""Every Markdown source of the site: which kind each file is, its front-matter schema, and the project model."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks.core.bodypolicy import check_source
from hooks.core.config import SiteConfig, load_site_config
from hooks.core.incidents import POST_SCHEMA, StatusPost
from hooks.core.links import check_links
from hooks.core.markers import check_markers
from hooks.core.memo import TextMemo
from hooks.core.problems import Problem, ValidationError
from hooks.core.schema import INVALID, Choice, Day, ListOf, Option, Struct, Text, validate_document
from hooks.core.sources import Source, markdown_files, parse_markdown, read_text
from hooks.core.sourcetree import list_sources
from hooks.core.urlmap import check_published_paths

SOURCE_FOLDERS = ("content", "academy", "status")
FAQ_FOLDER = "content/ukk/"
MANUALS_FOLDER = "academy/manuals/"
NEWS_FOLDER = "academy/news/"
_CHAPTER_NAME = re.compile(r"^(\d{1,3})-[a-z0-9-]+\.md$")


@dataclass(frozen=True)
class Document:
    """What every kind of page has: where it lives, where it is published, its title and body."""

    path: str
    url: str
    title: str | None
    description: str | None
    body: str
    body_line: int


@dataclass(frozen=True)
class Page(Document):
    hide: tuple[str, ...] = ()


@dataclass(frozen=True)
class FaqArticle(Document):
    team: str = ""
    products: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    updated: dt.date | None = None


@dataclass(frozen=True)
class Chapter(Document):
    manual: str = ""
    order: int = 0
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manual(Document):
    slug: str = ""
    products: tuple[str, ...] = ()
    team: str | None = None
    chapters: tuple[Chapter, ...] = ()


@dataclass(frozen=True)
class NewsPost(Document):
    date: dt.date = dt.date(1970, 1, 1)
    products: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


_words = ListOf(Text(), default=[])

PAGE_SCHEMA = Struct({
    "title": Text(default=None),
    "description": Text(default=None),
    "hide": ListOf(Choice(("navigation", "toc", "footer", "path", "tags", "feedback")), default=[]),
})
FAQ_SCHEMA = Struct({
    "title": Text(doc="The customer's question."),
    "description": Text(default=None),
    "team": Choice(ref="teams", doc="The support team that owns the answer."),
    "products": ListOf(Choice(ref="products"), min_len=1),
    "tags": _words,
    "keywords": ListOf(Text(), default=[], doc="Other words customers use for the same thing; indexed for search."),
    "updated": Day(default=None, doc="Last reviewed; when absent the date of the file's last commit."),
})
MANUAL_SCHEMA = Struct({
    "title": Text(),
    "description": Text(default=None),
    "products": ListOf(Choice(ref="products"), default=[]),
    "team": Choice(ref="teams", default=None),
})
CHAPTER_SCHEMA = Struct({"title": Text(), "description": Text(default=None), "tags": _words})
NEWS_SCHEMA = Struct({
    "title": Text(),
    "description": Text(default=None),
    "date": Day(),
    "products": ListOf(Choice(ref="products"), default=[]),
    "tags": _words,
})


def site_uri(path: str) -> str:
    """The file's path inside the built site's sources: ``content/`` is the docs root."""
    return path.removeprefix("content/")


def page_url(path: str) -> str:
    """The published URL (directory style, relative to the site root) of a source path."""
    uri = site_uri(path).removesuffix(".md")
    if uri == "index":
        return ""
    return (uri.removesuffix("/index") if uri.endswith("/index") else uri) + "/"


def kind_of(path: str) -> str:
    """Which schema a source file follows, from where it lives."""
    name = path.rsplit("/", 1)[-1]
    if path.startswith(FAQ_FOLDER) and name != "index.md":
        return "faq"
    if path.startswith(MANUALS_FOLDER) and path.count("/") == 3:
        return "manual" if name == "index.md" else "chapter"
    if path.startswith(NEWS_FOLDER) and name != "index.md":
        return "news"
    if path.startswith("status/") and name != "index.md":
        return "status"
    return "page"


SCHEMAS: dict[str, Option] = {
    "page": PAGE_SCHEMA, "faq": FAQ_SCHEMA, "manual": MANUAL_SCHEMA, "chapter": CHAPTER_SCHEMA,
    "news": NEWS_SCHEMA, "status": POST_SCHEMA,
}


@dataclass
class Project:
    """The whole validated site: configuration and every document, by kind."""

    root: Path
    config: SiteConfig
    pages: list[Page] = field(default_factory=list)
    faqs: list[FaqArticle] = field(default_factory=list)
    manuals: list[Manual] = field(default_factory=list)
    news: list[NewsPost] = field(default_factory=list)
    posts: list[StatusPost] = field(default_factory=list)

    def documents(self) -> list[Any]:
        chapters = [c for m in self.manuals for c in m.chapters]
        return [*self.pages, *self.faqs, *self.manuals, *chapters, *self.news, *self.posts]

    def by_path(self) -> dict[str, Any]:
        return {d.path: d for d in self.documents()}


def _refs(config: SiteConfig | None) -> dict[str, list[str]]:
    if config is None:
        return {}
    return {
        "teams": [t.id for t in config.teams],
        "products": [p.id for p in config.products],
        "components": [c.id for c in config.status.components],
        "embed_hosts": list(config.content_policy.embed_hosts),  # for bodies; a change re-checks every one
    }


def _common(source: Source, values: dict) -> dict:
    return {
        "path": source.path, "url": page_url(source.path), "title": values.get("title"),
        "description": values.get("description"), "body": source.body, "body_line": source.body_line,
    }


def _build(kind: str, source: Source, values: dict) -> Any:
    common = _common(source, values)
    if kind == "page":
        return Page(**common, hide=tuple(values["hide"]))
    if kind == "faq":
        return FaqArticle(**common, team=values["team"], products=tuple(values["products"]), tags=tuple(values["tags"]),
                          keywords=tuple(values["keywords"]), updated=values["updated"])
    if kind == "manual":
        return Manual(**common, slug=source.path.split("/")[2], products=tuple(values["products"]), team=values["team"])
    if kind == "chapter":
        order = int(_CHAPTER_NAME.match(source.path.rsplit("/", 1)[-1])[1])
        return Chapter(**common, manual=source.path.split("/")[2], order=order, tags=tuple(values["tags"]))
    if kind == "news":
        return NewsPost(**common, date=values["date"], products=tuple(values["products"]), tags=tuple(values["tags"]))
    return StatusPost(path=source.path, url=page_url(source.path), body=source.body, body_line=source.body_line,
                      lines=dict(source.meta.lines), **values)


def _check_file_name(path: str, kind: str) -> list[Problem]:
    name = path.rsplit("/", 1)[-1]
    if kind == "chapter" and not _CHAPTER_NAME.match(name):
        return [Problem(path, 0, "", "chapter file name without its number", "a name such as 01-aloitus.md", repr(name))]
    if not re.match(r"^[a-z0-9][a-z0-9-]*\.md$", name):
        return [Problem(path, 0, "", "file name is not URL-safe", "lowercase letters, digits and hyphens, ending .md", repr(name))]
    return []


_PARSED: TextMemo[tuple[list[Problem], tuple[str, Any] | None]] = TextMemo()


def _load_document(path: str, text: str, refs: dict[str, list[str]]) -> tuple[list[Problem], tuple[str, Any] | None]:
    """One source's problems and, when it is valid, its kind and model."""
    kind = kind_of(path)
    naming = _check_file_name(path, kind)
    source, problems = parse_markdown(path, text)
    problems = naming + problems
    if source is None:
        return problems, None
    problems += check_markers(path, source.body, source.body_line)
    values, found = validate_document(SCHEMAS[kind], source.meta, path, refs)
    problems += found
    problems += check_source(path, text, source.body, source.body_line, refs.get("embed_hosts"),
                             kind=None if values is INVALID or naming else kind)
    if values is INVALID or naming:
        return problems, None
    return problems, (kind, _build(kind, source, values))


def load_project(root: Path) -> Project:
    """Read and validate the configuration and every source; raise one error listing all problems.

    A source whose text (and the ids it may refer to) did not change since the last call in this process is
    not parsed again (`mkdocs serve`: issue 6's writers' loop)."""
    config, problems = load_site_config(root)
    refs = _refs(config)
    refs_key = tuple((name, tuple(ids)) for name, ids in sorted(refs.items()))
    tree = list_sources(root)  # every file of the source folders, and the links that lead out of them
    problems += tree.problems
    listed = set(tree.files)
    documents: list[tuple[str, Any]] = []
    seen = set()
    for folder in SOURCE_FOLDERS:
        for path in markdown_files(root, folder):
            if path not in listed:
                continue  # a refused link: what it points to is never read
            text, found = read_text(root / path, path)
            if text is None:
                problems += _check_file_name(path, kind_of(path)) + found
                continue
            seen.add((root, path))
            found, document = _PARSED.get((root, path), (text, refs_key),
                                          lambda: _load_document(path, text, refs))  # noqa: B023 - called at once
            problems += found
            if document is not None:
                documents.append(document)
    _PARSED.forget(seen)
    manuals_seen = {path.split("/")[2] for kind, d in documents if kind == "manual" for path in [d.path]}
    for kind, doc in documents:
        if kind == "chapter" and doc.manual not in manuals_seen:
            problems.append(Problem(doc.path, 0, "", "chapter of a manual without index.md",
                                    f"{MANUALS_FOLDER}{doc.manual}/index.md", "no such file"))
    tagged = [(doc.path, doc.tags) for kind, doc in documents if kind in ("faq", "chapter", "news")]
    problems += check_published_paths(tree.files, tagged, [p.id for p in config.products] if config else [])
    # Last: what the other checks found tells the link check which generated pages it cannot know yet.
    problems += check_links(tree.files, documents, config, partial=bool(problems) or config is None)
    if problems or config is None:
        raise ValidationError(problems)
    project = Project(root, config)
    chapters: dict[str, list[Chapter]] = {}
    for kind, doc in documents:
        if kind == "chapter":
            chapters.setdefault(doc.manual, []).append(doc)
        else:
            {"page": project.pages, "faq": project.faqs, "manual": project.manuals,
             "news": project.news, "status": project.posts}[kind].append(doc)
    project.manuals = [
        Manual(**{**m.__dict__, "chapters": tuple(sorted(chapters.get(m.slug, []), key=lambda c: (c.order, c.path)))})
        for m in project.manuals
    ]
    return project
