"""Every Markdown source of the site: which kind each file is, its front-matter schema, and the project model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks.core.bodypolicy import check_source
from hooks.core.config import SiteConfig, load_site_config
from hooks.core.incidents import POST_SCHEMA, StatusPost
from hooks.core.languages import DEFAULT, TRANSLATIONS, language_of, source_in, split
from hooks.core.links import check_links, load_found_links, save_found_links
from hooks.core.markers import check_markers
from hooks.core.memo import CACHE_FOLDER, TextMemo
from hooks.core.problems import Problem, ValidationError
from hooks.core.schema import INVALID, Choice, Day, ListOf, Model, Option, Text, derived, option, validate_document
from hooks.core.sources import (  # site_uri: the knowledge modules import it from here with the models
    Body, Source, body_of, markdown_files, page_url, parse_markdown, read_text, site_uri,  # noqa: F401
)
from hooks.core.sourcetree import list_sources
from hooks.core.synonyms import NO_SYNONYMS, Synonyms, load_synonyms
from hooks.core.urlmap import check_published_paths

SOURCE_FOLDERS = ("content", "academy", "status")
FAQ_FOLDER = "content/ukk/"
MANUALS_FOLDER = "academy/manuals/"
NEWS_FOLDER = "academy/news/"
_CHAPTER_NAME = re.compile(r"^(\d{1,3})-[a-z0-9-]+\.md$")

_WORDS = ListOf(Text(), default=(), doc="Topics; each tag has a page listing the pages that carry it.")
_PRODUCTS = ListOf(Choice(ref="products"), default=(), doc="The products the page is about.")


def _manual_of(source: Source) -> str:
    """``academy/manuals/<manual>/…`` → ``<manual>``."""
    return source.path.split("/")[2]


def _chapter_number(source: Source) -> int:
    """``01-aloitus.md`` → 1; a name without its number is reported by ``_check_file_name``."""
    match = _CHAPTER_NAME.match(split(source.path)[0].rsplit("/", 1)[-1])
    return int(match[1]) if match else 0


@dataclass(frozen=True, kw_only=True)
class Document:
    """What every kind of page has: where it lives, where it is published, its title and body."""

    path: str = derived(lambda source: source.path)
    url: str = derived(lambda source: page_url(source.path))
    title: str | None = option(Text(default=None, doc="The page's title; without it the first heading is the title."))
    description: str | None = option(Text(default=None, doc="A one-sentence summary: the page's meta description "
                                                            "for search engines and link previews."))
    body: str = derived(lambda source: source.body)
    body_line: int = derived(lambda source: source.body_line)
    language: str = derived(lambda source: language_of(source.path), default=DEFAULT)
    lines: dict = derived(lambda source: dict(source.meta.lines), default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class Page(Document):
    hide: tuple[str, ...] = option(ListOf(Choice(("navigation", "toc", "footer", "path", "tags", "feedback")), default=(),
                                          doc="Parts of the Material theme this page goes without."))


@dataclass(frozen=True, kw_only=True)
class FaqArticle(Document):
    title: str = option(Text(doc="The customer's question."))
    team: str = option(Choice(ref="teams", doc="The support team that owns the answer."))
    products: tuple[str, ...] = option(ListOf(Choice(ref="products"), min_len=1, doc=_PRODUCTS.doc))
    tags: tuple[str, ...] = option(_WORDS)
    keywords: tuple[str, ...] = option(ListOf(Text(), default=(), doc="Other words customers use for the same thing; "
                                                                      "indexed for search."))
    updated: dt.date | None = option(Day(default=None, doc="Last reviewed; when absent the date of the file's last commit."))


@dataclass(frozen=True, kw_only=True)
class Chapter(Document):
    title: str = option(Text(doc="The chapter's title."))
    manual: str = derived(_manual_of)
    order: int = derived(_chapter_number)
    tags: tuple[str, ...] = option(_WORDS)


@dataclass(frozen=True, kw_only=True)
class Manual(Document):
    title: str = option(Text(doc="The manual's title."))
    slug: str = derived(_manual_of)
    products: tuple[str, ...] = option(_PRODUCTS)
    team: str | None = option(Choice(ref="teams", default=None, doc="The support team that owns the manual."))
    chapters: tuple[Chapter, ...] = ()  # the numbered files beside index.md, gathered by load_project


@dataclass(frozen=True, kw_only=True)
class NewsPost(Document):
    title: str = option(Text(doc="The news item's headline."))
    date: dt.date = option(Day(doc="The day the news item is dated."))
    products: tuple[str, ...] = option(_PRODUCTS)
    tags: tuple[str, ...] = option(_WORDS)


PAGE_SCHEMA = Model(Page)
FAQ_SCHEMA = Model(FaqArticle)
MANUAL_SCHEMA = Model(Manual)
CHAPTER_SCHEMA = Model(Chapter)
NEWS_SCHEMA = Model(NewsPost)


def kind_of(path: str) -> str:
    """Which schema a source file follows, from where it lives; a translation follows its original's."""
    path = split(path)[0]
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
    synonyms: Synonyms = NO_SYNONYMS
    language: str = DEFAULT
    translations: dict[str, Project] = field(default_factory=dict)  # the default language's project only

    def documents(self) -> list[Any]:
        """Every document of this language and of its translations."""
        chapters = [c for m in self.manuals for c in m.chapters]
        own = [*self.pages, *self.faqs, *self.manuals, *chapters, *self.news, *self.posts]
        return own + [d for project in self.translations.values() for d in project.documents()]

    def by_path(self) -> dict[str, Any]:
        return {d.path: d for d in self.documents()}

    def in_language(self, code: str) -> Project:
        """The documents written in ``code`` (an empty project when none is), with the same configuration."""
        if code == self.language:
            return self
        return self.translations.get(code) or Project(self.root, self.config, synonyms=self.synonyms, language=code)

    def translation(self, path: str, code: str) -> Any | None:
        """The document that is ``path``'s version in ``code`` (``path`` in any language), or None."""
        return self.by_path().get(source_in(path, code))


def declared_ids(config: SiteConfig | None) -> dict[str, list[str]]:
    """The ids site_config declares, by the name front matter refers to them with (``Choice(ref=…)``)."""
    if config is None:
        return {}
    return {
        "teams": [t.id for t in config.teams],
        "products": [p.id for p in config.products],
        "components": [c.id for c in config.status.components],
        "embed_hosts": list(config.content_policy.embed_hosts),  # for bodies; a change re-checks every one
    }


def _check_file_name(path: str, kind: str) -> list[Problem]:
    name = split(path)[0].rsplit("/", 1)[-1]  # a translation's name is its original's, the language before .md
    shown = path.rsplit("/", 1)[-1]
    if kind == "chapter" and not _CHAPTER_NAME.match(name):
        return [Problem(path, 0, "", "chapter file name without its number", "a name such as 01-aloitus.md", repr(shown))]
    if not re.match(r"^[a-z0-9][a-z0-9-]*\.md$", name):
        return [Problem(path, 0, "", "file name is not URL-safe", "lowercase letters, digits and hyphens, ending .md "
                        f"(a translation: .{'.md, .'.join(TRANSLATIONS)}.md)", repr(shown))]
    if kind == "status" and name != path.rsplit("/", 1)[-1]:
        return [Problem(path, 0, "", "a status post is not translated in a file of its own",
                        "the Swedish texts in the post itself (title_sv, and text_sv in each update)", repr(shown))]
    return []


_PARSED: TextMemo[tuple[list[Problem], tuple[str, Any] | None]] = TextMemo()
SOURCES_CACHE = f"{CACHE_FOLDER}/sources.pickle"  # what the last build parsed, for the next one
LINKS_CACHE = f"{CACHE_FOLDER}/links.pickle"  # the links the last build found in each body


@functools.cache
def code_version() -> str:
    """A digest of the domain's code and data (``hooks/core``: what parses and validates sources, analyses text, makes
    the search index): a cache written by other code is not read."""
    digest = hashlib.sha256(sys.version.encode())
    for module in sorted([*Path(__file__).parent.glob("*.py"), *Path(__file__).parent.glob("*.json")]):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def _load_document(path: str, text: str,
                   refs: dict[str, list[str]]) -> tuple[list[Problem], tuple[str, Any] | None, Body | None]:
    """One source's problems, its kind and model when it is valid, and its body when that is known."""
    kind = kind_of(path)
    naming = _check_file_name(path, kind)
    source, problems = parse_markdown(path, text)
    problems = naming + problems
    body = body_of(path, text)
    if source is None:
        if body is not None:  # front matter that is not valid YAML: the body's problems are reported all the same
            problems += check_markers(path, body.body, body.body_line)
            problems += check_source(path, text, body.body, body.body_line, refs.get("embed_hosts"), kind=None)
        return problems, None, body
    problems += check_markers(path, source.body, source.body_line)
    document, found = validate_document(SCHEMAS[kind], source.meta, path, refs, origin=source)
    problems += found
    problems += check_source(path, text, source.body, source.body_line, refs.get("embed_hosts"),
                             kind=None if document is INVALID or naming else kind)
    if document is INVALID or naming:
        return problems, None, body
    return problems, (kind, document), body


def load_project(root: Path) -> Project:
    """Read and validate the configuration and every source; raise one error listing all problems.

    A source whose text (and the ids it may refer to) did not change since the last call in this process is
    not parsed again (`mkdocs serve`: issue 6's writers' loop)."""
    version = code_version()
    if not _PARSED:
        _PARSED.load(root / SOURCES_CACHE, version)  # a new process: what the last build parsed
    config, problems = load_site_config(root)
    synonyms, found = load_synonyms(root)
    problems += found
    refs = declared_ids(config)
    refs_key = tuple((name, tuple(ids)) for name, ids in sorted(refs.items()))
    tree = list_sources(root)  # every file of the source folders, and the links that lead out of them
    problems += tree.problems
    listed = set(tree.files)
    documents: list[tuple[str, Any]] = []
    bodies: list[Body] = []  # every body that could be read, valid front matter or not: its links are checked too
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
            found, document, body = _PARSED.get((root, path), (text, refs_key),
                                                lambda: _load_document(path, text, refs))  # noqa: B023 - at once
            problems += found
            if document is not None:
                documents.append(document)
            if body is not None:
                bodies.append(body)
    _PARSED.forget(seen)
    _PARSED.save(root / SOURCES_CACHE, version)
    manuals_seen = {(d.slug, d.language) for kind, d in documents if kind == "manual"}
    for kind, doc in documents:
        if kind == "chapter" and (doc.manual, doc.language) not in manuals_seen:
            index = source_in(f"{MANUALS_FOLDER}{doc.manual}/index.md", doc.language)
            problems.append(Problem(doc.path, 0, "", "chapter of a manual without index.md", index, "no such file"))
        original = source_in(doc.path, DEFAULT)
        if language_of(doc.path) != DEFAULT and original not in listed:
            problems.append(Problem(doc.path, 0, "", "translation without its original",
                                    f"{original} beside it (the page in Finnish)", "no such file"))
    tagged = [(doc.path, doc.tags, [doc.lines.get(("tags", i), 0) for i in range(len(doc.tags))])
              for kind, doc in documents if kind in ("faq", "chapter", "news")]
    problems += check_published_paths(tree.files, tagged, [p.id for p in config.products] if config else [])
    # Last: what the other checks found tells the link check which generated pages it cannot know yet.
    load_found_links(root / LINKS_CACHE, version)
    problems += check_links(tree.files, documents, config, partial=bool(problems) or config is None, bodies=bodies)
    save_found_links(root / LINKS_CACHE, version)
    if problems or config is None:
        raise ValidationError(problems)
    project = _project(root, config, synonyms or NO_SYNONYMS, DEFAULT, documents)
    project.translations = {code: _project(root, config, project.synonyms, code, documents) for code in TRANSLATIONS
                            if any(language_of(doc.path) == code for _, doc in documents)}
    return project


def _project(root: Path, config: SiteConfig, synonyms: Synonyms, code: str,
             documents: list[tuple[str, Any]]) -> Project:
    """The project of the documents written in ``code``."""
    project = Project(root, config, synonyms=synonyms, language=code)
    chapters: dict[str, list[Chapter]] = {}
    for kind, doc in documents:
        if language_of(doc.path) != code:
            continue
        if kind == "chapter":
            chapters.setdefault(doc.manual, []).append(doc)
        else:
            {"page": project.pages, "faq": project.faqs, "manual": project.manuals,
             "news": project.news, "status": project.posts}[kind].append(doc)
    project.manuals = [
        dataclasses.replace(m, chapters=tuple(sorted(chapters.get(m.slug, []), key=lambda c: (c.order, c.path))))
        for m in project.manuals
    ]
    return project
