"""The Whoosh index of the knowledge base: analysed token fields, cached in ``.cache/`` by content hash, queried
by the CLI and related articles under the ranking contract of ``hooks/core/queryplan.py``.

Whoosh takes seconds to index 1,000 pages, so the index lives in a git-ignored ``.cache/search/`` under the
repository root and a refresh re-indexes only documents whose content hash changed. The fields hold the token
streams of ``hooks/core/searchdocs.py`` (Voikko's base forms and compound parts, umlauts folded), exactly what the
browser's Pagefind index holds, so ``supportsite search`` ranks as the search box does. Each language has an index
of its own pages, analysed in that language (``textanalysis.ANALYSERS``), as the browser has one per language.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import pickle
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any, TypeVar

from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from hooks.core.config import SiteConfig
from hooks.core.content import Project, site_uri
from hooks.core.forked import Following, Forked, Prepared
from hooks.core.languages import DEFAULT, TRANSLATIONS, language_of
from hooks.core.markers import writer_markers
from hooks.core.memo import CACHE_FOLDER, TextMemo, unpickle
from hooks.core.mdcode import first_heading
from hooks.core.queryplan import LexiconView, plan, rank, term_score
from hooks.core.searchdocs import (
    ANALYSIS_VERSION, AnalysedDoc, Lexicon, analyse_doc, build_lexicon, headings_of, swedish_forms, synonym_table,
)
from hooks.core.synonyms import Synonyms
from hooks.core.textanalysis import Analyser, SwedishAnalyser, analyser_for, analysers_version, shared_analyser

SCHEMA_VERSION = "7"  # bump when fields, text extraction or an analyser change: the cache is then rebuilt
INDEXED_KINDS = ("faq", "manual", "chapter", "news", "page")


def make_schema() -> Schema:
    tokens = SpaceSeparatedTokenizer()  # the text is already analysed: one token per space-separated word
    return Schema(
        path=ID(stored=True, unique=True),
        url=STORED(),
        kind=ID(stored=True),
        name=STORED(),
        # the page's indexed tokens (searchdocs.AnalysedDoc.content): a token's frequency here is its weighted
        # frequency; more_like_this compares pages on it too
        text=TEXT(analyzer=tokens),
        content=STORED(),  # the same tokens in order, for phrase matches
        words=STORED(),  # each field's tokens once, filler words left out: what related articles compare
        forms=STORED(),
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
    headings: str
    body: str
    language: str = DEFAULT  # the language it is written in, and analysed in

    def digest(self) -> str:
        """The hash of everything the page's analysis is made from (the analyses' and the related choice's key)."""
        found = self.__dict__.get("_digest")
        if found is None:  # made once per page: the analyses and the related choice both ask for it
            fields = {name: getattr(self, name) for name in _DOC_FIELDS}
            data = json.dumps([SCHEMA_VERSION, ANALYSIS_VERSION, fields], ensure_ascii=False, sort_keys=True)
            found = hashlib.sha256(data.encode("utf-8")).hexdigest()
            object.__setattr__(self, "_digest", found)  # frozen: its fields are what it was made from
        return found

    def analyse(self, analyser: Analyser | SwedishAnalyser) -> AnalysedDoc:
        return analyse_doc(analyser, path=self.path, url=self.url, title=self.title,
                           keywords=" ".join(part for part in (self.tags, self.keywords) if part),
                           headings=self.headings, body=self.body)


_DOC_FIELDS = tuple(f.name for f in dataclass_fields(SearchDoc))


def generated_text(config: SiteConfig, body: str, language: str = DEFAULT) -> str:
    """The words of the blocks the page's markers stand for, from site_config: the SLA table's priorities and the
    support teams. A page is found by what it shows, not only by what its writer typed around the markers. The
    tables of hours and exceptional days are left out: their words (weekdays, times, dates) would make the page
    a match for every question with a day in it."""
    names = writer_markers(body)
    parts: list[str] = []
    if "sla" in names:
        parts += [f"{_in(p.name, language)}. {_in(p.description, language)}." for p in config.sla.priorities]
    if "teams" in names:
        parts += [f"{_in(t.name, language)}. {_in(t.description, language)}." for t in config.teams]
    return " ".join(parts)


def _in(texts: dict[str, str], language: str) -> str:
    """A text of site_config in ``language``, or in the default language when it has not been translated."""
    return texts.get(language) or texts[DEFAULT]


def documents_of(project: Project) -> list[SearchDoc]:
    """Every page a customer may look for in the project's language, sorted by path; status posts stay out (they
    describe a moment). The default language's project holds only its own pages: ``project.in_language("sv")``
    holds the Swedish ones."""
    sources = [*((d, "page") for d in project.pages), *((d, "faq") for d in project.faqs),
               *((d, "manual") for d in project.manuals), *((c, "chapter") for m in project.manuals for c in m.chapters),
               *((d, "news") for d in project.news)]
    made = _DOCS.setdefault(project.language, TextMemo())
    made.forget({doc.path for doc, _ in sources})
    docs = [made.get(doc.path, (kind, doc, project.config), functools.partial(_document, project.config, doc, kind))
            for doc, kind in sources]
    return sorted(docs, key=lambda d: d.path)


# Each language's documents by path, kept while the source document (and the configuration its generated blocks
# come from) is the same: `mkdocs serve` makes the edited pages' anew, not a thousand plain texts a save.
_DOCS: dict[str, TextMemo[SearchDoc]] = {}


def _document(config: SiteConfig, doc, kind: str) -> SearchDoc:
    title = doc.title or first_heading(doc.body) or site_uri(doc.path)
    return SearchDoc(
        path=doc.path, url=doc.url, kind=kind, title=title,
        tags=" ".join(getattr(doc, "tags", ())), keywords=" ".join(getattr(doc, "keywords", ())),
        headings=plain_text(headings_of(doc.body)),
        body=" ".join(part for part in (plain_text(doc.body), generated_text(config, doc.body, doc.language)) if part),
        language=doc.language,
    )


ANALYSED_CACHE = "search-analysed.pickle"
# The analyses file as this process last read or wrote it, by its size and time: `mkdocs serve` reads it once,
# not on every rebuild (0.15 s at 1,000 pages). Analyses are found by the page's digest, so any file is right.
_READ: TextMemo[dict] = TextMemo()


T = TypeVar("T")

SPLIT_ANALYSES_FROM = 40  # pages to analyse: fewer take less time than forking costs


def _analysed(docs: list[SearchDoc]) -> dict[str, AnalysedDoc]:
    return {doc.digest(): doc.analyse(shared_analyser(doc.language)) for doc in docs}


def _open_translations() -> None:
    for code in TRANSLATIONS:
        shared_analyser(code).open()


def analyses_ahead(root: Path) -> Prepared[list[SearchDoc], dict[str, AnalysedDoc]] | None:
    """For a whole build without the last build's analyses (a fresh clone's): a process forked before the sources
    are read, opening the translations' dictionaries meanwhile (the second core has nothing else to do yet;
    simplemma's Swedish one takes most of a second when ``make setup`` wrote no trie), to analyse the share
    ``Analyses.start`` sends it; with the trie, a build forking at that later point instead was no faster (1.01×,
    bench/RESULTS.md). None when the cache is there: such a build analyses only what changed."""
    if (root / CACHE_FOLDER / ANALYSED_CACHE).exists() or not hasattr(os, "fork"):
        return None
    return Prepared(_open_translations, _analysed)


class _Fork:
    """A forked process analysing ``theirs`` while this one goes on (one forked now, or ``ahead``, which was
    forked earlier and is given them now, with what it computes next: ``then``); ``collect`` waits for its
    analyses."""

    def __init__(self, theirs: list[SearchDoc], ahead: Prepared | None = None,
                 then: Callable[[dict[str, AnalysedDoc]], object] | None = None) -> None:
        self.paths = {doc.path for doc in theirs}
        if ahead is not None:
            ahead.send(theirs, then)
            self._forked: Forked | Prepared = ahead
        else:
            self._forked = Forked(functools.partial(_analysed, theirs), otherwise=dict)

    def collect(self) -> dict[str, AnalysedDoc]:
        """Its analyses by digest ({} if a process forked now failed: this one then analyses those pages too)."""
        return self._forked.result()

    def done(self) -> bool:
        """Whether ``collect`` would not wait for its analysing."""
        return self._forked.done()


class Analyses:
    """One build's analyses of its searchable pages, each made once: a page whose digest the last build analysed
    is not analysed again.

    The last build's analyses are kept in the git-ignored ``.cache/`` (like the Whoosh index), by document digest;
    a file written by another analyser or dictionary version, or cut short by a stopped build, is ignored."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._before = self._load()
        self._now: dict[str, tuple[str, AnalysedDoc]] = {}  # path → (digest, analysis)
        self._elsewhere: dict[str, AnalysedDoc] = {}  # by digest: made by a second process (``analyse``)
        self._fork: _Fork | None = None  # that process, from ``start`` until ``analyse`` collects it
        self._then: Prepared | None = None  # the process forked ahead, when it was given more to do (``start``)
        self._all_ahead = False  # whether it was given every page to analyse

    @classmethod
    def made(cls, root: Path, analysed: dict[str, AnalysedDoc]) -> Analyses:
        """The analyses of ``root``'s cache and ``analysed`` (by digest: made in another process)."""
        analyses = cls(root)
        analyses._elsewhere = dict(analysed)
        return analyses

    def of(self, doc: SearchDoc) -> AnalysedDoc:
        """The page's analysis; raises AnalyserMissing when Voikko is not installed."""
        found = self._now.get(doc.path)
        if found is None:
            digest = doc.digest()
            analysis = (self._before.get(digest) or self._elsewhere.get(digest)
                        or doc.analyse(shared_analyser(doc.language)))
            found = self._now[doc.path] = (digest, analysis)
        return found[1]

    def start(self, docs: list[SearchDoc], processes: int = 1, ahead: Prepared | None = None,
              then: Callable[[dict[str, AnalysedDoc]], object] | None = None) -> None:
        """With two processes, have another process analyse its share of ``docs`` (see ``analyse``) now: a fresh
        clone's build starts it as soon as the sources are read, and the other hooks' work until the analyses are
        needed runs beside it. Its share is the Swedish pages. ``ahead`` (``analyses_ahead``), when given, is a
        process forked while the sources were read, which opened their dictionary meanwhile: it is given that share,
        or stopped when there is nothing to share.

        With ``then`` (picklable), ``ahead`` analyses every page instead and goes on with ``then`` on its analyses
        (the related-articles choice), whose result ``following`` gives: this process meanwhile reads the sources
        into files and pages, and its second core had nothing else to do before MkDocs' page loop."""
        if self._fork is not None or processes < 2 or not hasattr(os, "fork"):
            todo = []
        else:
            todo = self._todo(docs)
        if len(todo) < SPLIT_ANALYSES_FROM:
            if ahead is not None:
                ahead.cancel()
            return
        ours = [doc for doc in todo if doc.language == DEFAULT]
        theirs = [doc for doc in todo if doc.language != DEFAULT]
        if ahead is not None and then is not None:
            theirs = todo
            self._then = ahead
            self._all_ahead = True
        elif not ours or not theirs:
            if ahead is None:
                self.of(todo[0])  # its analyser and dictionary opened once, before the fork: both use them
            theirs = todo[2::2]
        self._fork = _Fork(theirs, ahead, then if self._then is not None else None)

    def coming(self) -> bool:
        """Whether every page ``analyse`` needs is being analysed in the process forked ahead (``start``'s ``then``):
        until ``arrived``, this process can go on without them."""
        return self._fork is not None and self._all_ahead

    def arrived(self) -> bool:
        """Whether ``analyse`` would not wait for the process analysing pages."""
        return self._fork is None or self._fork.done()

    def following(self, otherwise: Callable[[], T]) -> Following[T] | None:
        """What the process forked ahead computes with ``start``'s ``then`` (``otherwise()`` if it gives nothing), or
        None when it was given no ``then``. Taken once; its result is read after the analyses, which come first."""
        ahead, self._then = self._then, None
        return ahead.following(otherwise) if ahead is not None else None

    def analyse(self, docs: list[SearchDoc], processes: int = 1) -> None:
        """Analyse every page of ``docs`` not analysed yet; with two processes, a share of them in a forked process
        (begun by ``start``, or now).

        A fresh clone's build analyses every page before anything else can use the second core: the Finnish pages
        with Voikko, the Swedish ones with simplemma, whose dictionary takes half a second to open. The other process
        takes the pages in the other languages (opening their dictionaries), or every other page when all are in
        one. What it gives is used like the cache: a page it did not analyse (it failed, or ended, or the page was
        not among those it was given) is analysed here, so the analyses are the same either way."""
        self.start(docs, processes)
        todo = self._todo(docs)
        fork, self._fork = self._fork, None
        if fork is not None:
            try:
                for doc in todo:
                    if doc.path not in fork.paths:
                        self.of(doc)
            finally:
                self._elsewhere = fork.collect()
        for doc in todo:
            self.of(doc)
        self._elsewhere = {}

    def _todo(self, docs: list[SearchDoc]) -> list[SearchDoc]:
        """The pages of ``docs`` without an analysis yet; those the last build analysed are taken from it."""
        todo = []
        for doc in docs:
            if doc.path not in self._now:
                digest = doc.digest()
                if digest in self._before:
                    self._now[doc.path] = (digest, self._before[digest])  # hashed once: of() finds it here
                else:
                    todo.append(doc)
        return todo

    def save(self) -> None:
        """Keep this build's analyses for the next one, when they differ from what the cache holds."""
        now = {digest: analysis for digest, analysis in self._now.values()}
        if now.keys() == self._before.keys():
            return
        cache = self.root / CACHE_FOLDER / ANALYSED_CACHE
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_name(f"{ANALYSED_CACHE}.{os.getpid()}.tmp")
        with open(temporary, "wb") as file:
            pickle.dump((self._key(), now), file, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(cache)  # atomic: a parallel build reads the old file or the new one
        self._before = now  # saved again only when more pages are analysed
        with contextlib.suppress(OSError):
            _READ.put(cache, self._file_key(cache), now)

    def _load(self) -> dict[str, AnalysedDoc]:
        cache = self.root / CACHE_FOLDER / ANALYSED_CACHE
        try:
            file_key = self._file_key(cache)
            read = _READ.peek(cache, file_key)
            if read is not None:
                return read
            with open(cache, "rb") as file:
                key, analysed = unpickle(file)
            if key == self._key():
                _READ.put(cache, file_key, analysed)
                return analysed
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            pass  # none yet, or half written by a build that was stopped
        return {}

    @classmethod
    def _file_key(cls, cache: Path) -> tuple[str, int, int]:
        found = cache.stat()
        return cls._key(), found.st_mtime_ns, found.st_size

    @staticmethod
    def _key() -> str:
        return f"{SCHEMA_VERSION} {ANALYSIS_VERSION} {analysers_version()}"


def site_lexicon(root: Path, synonyms: Synonyms, docs: list[AnalysedDoc], analyser: Analyser) -> Lexicon:
    """The lexicon both engines plan queries on: the pages' words, the synonym groups and their Swedish forms.

    ``docs`` are the pages of one language: each language's search has its own lexicon (``site_lexicons``);
    ``analyser`` is the Finnish one, for the groups' Finnish words."""
    swedish = [word for group in synonyms.groups for word in group.sv]
    forms = swedish_forms(swedish, root / CACHE_FOLDER / "search-swedish-forms.json")
    table, synonym_forms = synonym_table(synonyms, analyser, forms)
    return build_lexicon(sorted(docs, key=lambda d: d.path), table, synonym_forms)


def site_lexicons(root: Path, synonyms: Synonyms, docs: list[AnalysedDoc], analyser: Analyser) -> dict[str, Lexicon]:
    """Each language's lexicon, of its own pages (``docs`` in any languages): language code → lexicon. The default
    language's is always there, as the search box of a site without pages still loads it."""
    by_language: dict[str, list[AnalysedDoc]] = {DEFAULT: []}
    for doc in docs:
        by_language.setdefault(language_of(doc.path), []).append(doc)
    return {code: site_lexicon(root, synonyms, pages, analyser) for code, pages in sorted(by_language.items())}


# --- the cached index -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RefreshReport:
    added: int
    updated: int
    removed: int
    unchanged: int


def cache_dir(root: Path, language: str = DEFAULT) -> Path:
    """The cached index of one language's pages: ``.cache/search/`` for the default language, ``.cache/search-sv/``."""
    return root / CACHE_FOLDER / ("search" if language == DEFAULT else f"search-{language}")


@contextlib.contextmanager
def open_index(root: Path, docs: list[SearchDoc], language: str = DEFAULT) -> Iterator[tuple[Any, RefreshReport]]:
    """Bring the cached index of ``language`` up to date with ``docs`` (its pages) and yield it, holding a lock so
    parallel builds don't collide."""
    folder = cache_dir(root, language)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{folder.name}.lock", "w") as lock:
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


def memory_index(docs: list[SearchDoc], analyser: Analyser | None = None, analyses: Analyses | None = None):
    """A fresh in-memory index of ``docs`` in path order: its statistics depend on the documents alone, never on
    the history of a cache (deleted documents linger in Whoosh's statistics), so choices made on it are reproducible.
    With ``analyses`` (the build's, cached), a page analysed before is not analysed again."""
    ix = RamStorage().create_index(make_schema())
    writer = ix.writer()
    for doc in sorted(docs, key=lambda d: d.path):
        _add(writer, doc, doc.digest(),
             analyses.of(doc) if analyses else doc.analyse(analyser or shared_analyser(doc.language)))
    writer.commit()
    return ix


def _add(writer, doc: SearchDoc, digest: str, analysed: AnalysedDoc) -> None:
    writer.add_document(path=doc.path, url=doc.url, kind=doc.kind, name=doc.title, text=" ".join(analysed.content),
                        content=analysed.content, words=analysed.words(), forms=dict(analysed.forms),
                        digest=digest)


def _open_or_create(folder: Path):
    marker = folder / "VERSION"
    version = f"{SCHEMA_VERSION} {ANALYSIS_VERSION} {analysers_version()}"  # another dictionary analyses otherwise
    if folder.is_dir() and marker.is_file() and marker.read_text() == version and whoosh_index.exists_in(folder):
        return whoosh_index.open_dir(str(folder))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ix = whoosh_index.create_in(str(folder), make_schema())
    marker.write_text(version)
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
    analysers: dict[str, Analyser | SwedishAnalyser] = {}
    writer = ix.writer()
    for path in removed:
        writer.delete_by_term("path", path)
    replaced = [path for path in changed if path in indexed]
    for path in replaced:
        writer.delete_by_term("path", path)
    for path in changed:
        doc = wanted[path]
        analyser = analysers.get(doc.language) or analysers.setdefault(doc.language, analyser_for(doc.language))
        _add(writer, doc, digests[path], doc.analyse(analyser))
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


class _Indexed:
    """A document as the index stored it: enough for the lexicon (its forms and its content)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.path, self.forms, self.content = fields["path"], fields["forms"], fields["content"]


def index_lexicon(root: Path, synonyms: Synonyms, ix) -> Lexicon:
    """The lexicon of the pages ``ix`` holds: the same as the build's for the same sources, without analysing again."""
    with ix.searcher() as searcher:
        indexed = sorted((_Indexed(fields) for fields in searcher.all_stored_fields()), key=lambda d: d.path)
    return site_lexicon(root, synonyms, indexed, Analyser())  # type: ignore[arg-type]


def lexicon_view(lexicon: Lexicon) -> LexiconView:
    return LexiconView(lexicon.forms, lexicon.df, lexicon.synonyms, lexicon.pages)


def holds_phrase(content: list[str], phrase: list[str]) -> bool:
    """Whether ``phrase`` occurs in ``content`` as consecutive tokens (Pagefind's quoted search)."""
    n = len(phrase)
    return any(content[i] == phrase[0] and content[i:i + n] == phrase for i in range(len(content) - n + 1))


def run_query(ix, lexicon: Lexicon, text: str, limit: int = 10) -> list[Hit]:
    """The best ``limit`` pages for a customer's words, best first (``queryplan.rank``)."""
    planned = plan(text, lexicon_view(lexicon))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        stored = {docnum: fields for docnum, fields in reader.iter_docs()}

        def scores(token: str) -> dict[str, float]:
            df = lexicon.df.get(token, 0)
            if df == 0 or ("text", token) not in reader:
                return {}
            postings = reader.postings("text", token)
            found = {}
            while postings.is_active():
                found[stored[postings.id()]["url"]] = term_score(lexicon.pages, df, postings.weight())
                postings.next()
            return found

        phrase_pages = set()
        if planned.phrase and ("text", planned.phrase[0]) in reader:
            for docnum in reader.postings("text", planned.phrase[0]).all_ids():
                if holds_phrase(stored[docnum]["content"], planned.phrase):
                    phrase_pages.add(stored[docnum]["url"])
        ranked = rank(planned, scores, phrase_pages)
        by_url = {fields["url"]: fields for fields in stored.values()}
        return [Hit(by_url[url]["name"], url, round(score, 4), by_url[url]["kind"], by_url[url]["path"])
                for url, score in ranked[:limit]]


def search(root: Path, project: Project, text: str, limit: int = 10,
           language: str = DEFAULT) -> tuple[list[Hit], RefreshReport]:
    """Refresh the cached index of ``language`` from ``project``'s pages in it and run one query: what
    ``supportsite search`` does."""
    with open_index(root, documents_of(project.in_language(language)), language) as (ix, report):
        return run_query(ix, index_lexicon(root, project.synonyms, ix), text, limit), report
