"""The Whoosh index of the knowledge base: Finnish-analysed, cached in ``.cache/`` by content hash, queried by CLI and related articles.

Whoosh takes ~3.5 s to index 1,000 Finnish pages (measured), so the index lives in a git-ignored ``.cache/search/``
under the repository root and a refresh re-indexes only documents whose content hash changed. Finnish inflection
beats the Snowball stemmer ("tilauksen" → ``tilauks``, "tilaus" → ``tilaus``), so a query word also matches,
with a lower weight, indexed stems that share its first letters (bounded prefix expansion) and stems one edit
away (typos).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.analysis import CharsetFilter, LanguageAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.scoring import BM25F
from whoosh.support.charset import accent_map

from hooks.core.content import Project, site_uri
from hooks.core.mdcode import first_heading

SCHEMA_VERSION = "4"  # bump when fields, analyzer or text extraction change: the cache is then rebuilt
CACHE_FOLDER = ".cache"
INDEXED_KINDS = ("faq", "manual", "chapter", "news", "page")
FIELD_BOOSTS = {"title": 4.0, "tags": 2.5, "keywords": 2.5, "text": 1.0}
PREFIX_MIN = 5          # shortest prefix a query word is cut to ("tila" would match "tilanne", "tilaaja"…)
PREFIX_CUT = 2          # letters cut from a stem before prefix expansion: "tilauks" → "tilau" finds "tilaus"
MAX_EXPANSION = 16      # most indexed terms one prefix or typo may expand to (unbounded, `sala*` took 1.7 s at 5,000 pages)
PREFIX_WEIGHT = 0.6
FUZZY_WEIGHT = 0.4


def finnish_analyzer():
    """Tokenise, lowercase, drop Finnish stop words, Snowball-stem, then fold ä/ö/å: the same chain for documents
    and queries. Folding after stemming keeps the stemmer's Finnish rules and lets "vianmaaritys", typed on a
    keyboard without ä, find "vianmääritys"."""
    return LanguageAnalyzer("fi") | CharsetFilter(accent_map)


def make_schema() -> Schema:
    analyzer = finnish_analyzer()
    return Schema(
        path=ID(stored=True, unique=True),
        url=STORED(),
        kind=ID(stored=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=FIELD_BOOSTS["title"]),
        tags=TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["tags"]),
        keywords=TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["keywords"]),
        # The whole document (title, tags, keywords and body): what more_like_this compares.
        text=TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["text"]),
        digest=STORED(),
    )


# --- documents ---------------------------------------------------------------------------------

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_ATTR = re.compile(r"\{[:#.][^}]*\}")
_MARKUP = re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.|!!!|\?\?\?\+?|///)\s*|[*_`|]+|^\s*-{3,}\s*$", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """Markdown as the words a reader sees, cheaply (no Markdown rendering: it runs on every document)."""
    text = _COMMENT.sub(" ", markdown)
    text = _FENCE.sub(lambda m: m[0].strip("`~"), text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(lambda m: m[1] or m[2], text)
    text = _ATTR.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class SearchDoc:
    """One indexed page, as plain values."""

    path: str
    url: str
    kind: str
    title: str
    tags: str
    keywords: str
    body: str

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.title, self.tags, self.keywords, self.body) if part)

    def digest(self) -> str:
        data = json.dumps([SCHEMA_VERSION, asdict(self)], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def documents_of(project: Project) -> list[SearchDoc]:
    """Every page a customer may look for, sorted by path; status posts stay out (they describe a moment)."""
    docs = []
    sources = [*((d, "page") for d in project.pages), *((d, "faq") for d in project.faqs),
               *((d, "manual") for d in project.manuals), *((c, "chapter") for m in project.manuals for c in m.chapters),
               *((d, "news") for d in project.news)]
    for doc, kind in sources:
        title = doc.title or first_heading(doc.body) or site_uri(doc.path)
        docs.append(SearchDoc(
            path=doc.path, url=doc.url, kind=kind, title=title,
            tags=" ".join(getattr(doc, "tags", ())), keywords=" ".join(getattr(doc, "keywords", ())),
            body=plain_text(doc.body),
        ))
    return sorted(docs, key=lambda d: d.path)


# --- the cached index -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RefreshReport:
    added: int
    updated: int
    removed: int
    unchanged: int


def cache_dir(root: Path) -> Path:
    return root / CACHE_FOLDER / "search"


@contextlib.contextmanager
def open_index(root: Path, docs: list[SearchDoc]) -> Iterator[tuple[Any, RefreshReport]]:
    """Bring the cached index up to date with ``docs`` and yield it, holding a lock so parallel builds don't collide."""
    folder = cache_dir(root)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / "search.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            try:
                ix = _open_or_create(folder)
                report = _refresh(ix, docs)
            except (OSError, whoosh_index.IndexError):
                # A cache left half-written (a build killed while merging segments) is rebuilt, never trusted.
                shutil.rmtree(folder, ignore_errors=True)
                ix = _open_or_create(folder)
                report = _refresh(ix, docs)
            try:
                yield ix, report
            finally:
                ix.close()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def memory_index(docs: list[SearchDoc]):
    """A fresh in-memory index of ``docs`` in path order: its statistics depend on the documents alone, never on
    the history of a cache (deleted documents linger in Whoosh's statistics), so choices made on it are reproducible."""
    ix = RamStorage().create_index(make_schema())
    writer = ix.writer()
    for doc in sorted(docs, key=lambda d: d.path):
        _add(writer, doc, doc.digest())
    writer.commit()
    return ix


def _add(writer, doc: SearchDoc, digest: str) -> None:
    writer.add_document(path=doc.path, url=doc.url, kind=doc.kind, title=doc.title, tags=doc.tags,
                        keywords=doc.keywords, text=doc.text, digest=digest)


def _open_or_create(folder: Path):
    marker = folder / "VERSION"
    if folder.is_dir() and marker.is_file() and marker.read_text() == SCHEMA_VERSION and whoosh_index.exists_in(folder):
        return whoosh_index.open_dir(str(folder))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ix = whoosh_index.create_in(str(folder), make_schema())
    marker.write_text(SCHEMA_VERSION)
    return ix


def _refresh(ix, docs: list[SearchDoc]) -> RefreshReport:
    with ix.searcher() as searcher:
        indexed = {fields["path"]: fields["digest"] for fields in searcher.all_stored_fields()}
    wanted = {doc.path: doc for doc in docs}
    digests = {doc.path: doc.digest() for doc in docs}
    removed = sorted(set(indexed) - set(wanted))
    changed = sorted(path for path in wanted if indexed.get(path) != digests[path])
    if not removed and not changed:
        return RefreshReport(0, 0, 0, len(docs))
    writer = ix.writer()
    for path in removed:
        writer.delete_by_term("path", path)
    replaced = [path for path in changed if path in indexed]
    for path in replaced:
        writer.delete_by_term("path", path)
    for path in changed:
        _add(writer, wanted[path], digests[path])
    # Whoosh counts deleted documents in term statistics until segments merge; merging after a deletion keeps
    # scores (and so related articles) identical to those of an index built from scratch.
    writer.commit(optimize=bool(removed or replaced))
    return RefreshReport(len(changed) - len(replaced), len(replaced), len(removed), len(docs) - len(changed))


# --- queries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    score: float
    kind: str
    path: str

    def as_json(self) -> dict[str, Any]:
        # url: the page's path in the built site, from its root ("/ukk/salasana/"), as a visitor's address bar shows it
        return {"title": self.title, "url": "/" + self.url, "score": self.score, "kind": self.kind}


def _prefix_of(stem: str) -> str | None:
    """The part of a stem that inflection leaves alone often enough: drop up to 2 final letters, keep ≥ 5."""
    if len(stem) < PREFIX_MIN + 1:
        return None
    return stem[:max(PREFIX_MIN, len(stem) - PREFIX_CUT)]


def _bounded(reader, field: str, terms: Iterator[Any]) -> list[str]:
    """The ``MAX_EXPANSION`` most frequent of ``terms`` (ties by text): bounded and deterministic."""
    found = []
    for term in terms:
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        found.append((-reader.doc_frequency(field, text), text))
        if len(found) > 50 * MAX_EXPANSION:  # a very short prefix on a huge index: stop reading the term list
            break
    return [text for _, text in sorted(found)[:MAX_EXPANSION]]


def build_query(reader, text: str) -> Q.Query | None:
    """An OR over every query word: exact stem, then bounded prefix and typo expansions at lower weights."""
    stems = []
    for token in finnish_analyzer()(text):
        if token.text not in stems:
            stems.append(token.text)
    if not stems:
        return None
    words = []
    for stem in stems:
        alternatives: list[Q.Query] = []
        for field in FIELD_BOOSTS:
            alternatives.append(Q.Term(field, stem))
            expanded: set[str] = {stem}
            prefix = _prefix_of(stem)
            if prefix:
                for term in _bounded(reader, field, reader.expand_prefix(field, prefix)):
                    if term not in expanded:
                        expanded.add(term)
                        alternatives.append(Q.Term(field, term, boost=PREFIX_WEIGHT))
            if len(stem) >= 5:
                # one typo in a short word, two in a long one ("etäyhtyes" → etäyhteys: a swapped pair)
                distance = 2 if len(stem) >= 8 else 1
                for term in _bounded(reader, field, reader.terms_within(field, stem, distance, prefix=2)):
                    if term not in expanded:
                        expanded.add(term)
                        alternatives.append(Q.Term(field, term, boost=FUZZY_WEIGHT))
        # Or, not DisjunctionMax: whoosh3's DisjunctionMax scores documents that lack some of its terms.
        words.append(Q.Or(alternatives))
    return Q.Or(words)


def run_query(ix, text: str, limit: int = 10) -> list[Hit]:
    """The best ``limit`` pages for a customer's words, best first, ties by path."""
    with ix.searcher(weighting=BM25F()) as searcher:
        query = build_query(searcher.reader(), text)
        if query is None:
            return []
        results = searcher.search(query, limit=max(limit * 2, 20))
        hits = [Hit(r["title"], r["url"], round(r.score, 4), r["kind"], r["path"]) for r in results]
    hits.sort(key=lambda h: (-h.score, h.path))
    return hits[:limit]


def search(root: Path, project: Project, text: str, limit: int = 10) -> tuple[list[Hit], RefreshReport]:
    """Refresh the cached index from ``project`` and run one query: what ``supportsite search`` does."""
    with open_index(root, documents_of(project)) as (ix, report):
        return run_query(ix, text, limit), report
