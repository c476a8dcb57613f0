"""Related articles: 3–5 pages in the same language for each FAQ article and Academy chapter, by Whoosh ``more_like``.

Deterministic: scores are rounded before sorting and ties go by path, and the choice is made on fresh in-memory
indexes of exactly these documents, one per language (``related_index``), never on the incrementally updated
cache. The choice for the whole corpus is cached in ``.cache/related/choice.json`` under a digest of every indexed
document, so a build whose knowledge-base sources did not change (e.g. after editing a status post) skips Whoosh
entirely.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from whoosh import classify
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from hooks.core.knowledgemodel import CANDIDATE_KINDS, RELATED_KINDS
from hooks.core.languages import language_of
from hooks.core.search import CACHE_FOLDER, SCHEMA_VERSION, Analyses, SearchDoc

RELATED_CACHE = f"{CACHE_FOLDER}/related/choice.json"
"""Where the choice is kept, alone in its folder: ``mkdocs serve`` watches the folder and rebuilds when a choice
made in the background arrives (hooks/knowledge.py)."""

MIN_RELATED, MAX_RELATED = 3, 5
KEY_TERMS = 12        # more_like_this query size: more terms, better choice, slower
KEEP_RATIO = 0.25     # beyond the third, keep a page only if it scores at least this share of the best one
# A key term that occurs in more pages than this is left out of the query. Scoring one reads the term's
# whole posting list for every article, which made the choice quadratic (measured: 18 s at 960 pages, 116 s at
# 2,760); a word that common says little about which pages belong together anyway.
MAX_DOC_FREQUENCY = 40
CHOICE_VERSION = 4  # bump when the way of choosing changes: cached choices are then made afresh
_SETTINGS = (f"{SCHEMA_VERSION}:{CHOICE_VERSION}:{RELATED_KINDS}:{CANDIDATE_KINDS}:{MIN_RELATED}:{MAX_RELATED}:{KEY_TERMS}:"
             f"{KEEP_RATIO}:{MAX_DOC_FREQUENCY}")


def corpus_digest(docs: list[SearchDoc]) -> str:
    """One hash of every indexed document and of the choice's settings."""
    digest = hashlib.sha256(_SETTINGS.encode())
    for doc in sorted(docs, key=lambda d: d.path):
        digest.update(f"{doc.path}\0{doc.digest()}\n".encode())
    return digest.hexdigest()


def choose(scored: list[tuple[float, str]], fallback: list[str], own: str) -> tuple[str, ...]:
    """From (score, path) pairs: best first, ties by path; 3 always when possible, up to 5 while close enough."""
    ranked = sorted(((round(score, 6), path) for score, path in scored if path != own), key=lambda sp: (-sp[0], sp[1]))
    chosen: list[str] = []
    best = ranked[0][0] if ranked else 0.0
    for score, path in ranked:
        if len(chosen) == MAX_RELATED:
            break
        if len(chosen) >= MIN_RELATED and score < best * KEEP_RATIO:
            break
        chosen.append(path)
    for path in fallback:  # a small corpus: fill up with neighbours (same manual or team), in path order
        if len(chosen) >= MIN_RELATED:
            break
        if path != own and path not in chosen:
            chosen.append(path)
    return tuple(chosen)


def _neighbours(doc: SearchDoc, candidates: dict[str, list[str]], groups: dict[str, str]) -> list[str]:
    """The fallback: the pages of the article's own team or manual first, then the rest, each in path order."""
    group, language = groups.get(doc.path), language_of(doc.path)
    same = [path for path in candidates.get(language, ()) if group is not None and groups.get(path) == group]
    return sorted(same) + candidates.get(language, [])


def related_index(docs: list[SearchDoc], analyses: Analyses):
    """A fresh in-memory index of ``docs`` in path order, with only what ``compute_related`` reads.

    The site search's index (``search.memory_index``) also stores each page's tokens in order, its forms and its
    address, and keeps the tokens' positions for phrases: half the time of making it, for nothing the choice
    reads. Same documents, same order, same weighted text: the same statistics, scores and choice."""
    ix = RamStorage().create_index(Schema(path=STORED(), kind=STORED(), words=STORED(),
                                          text=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False)))
    writer = ix.writer()
    for doc in sorted(docs, key=lambda d: d.path):
        analysed = analyses.of(doc)
        writer.add_document(path=doc.path, kind=doc.kind, words=analysed.words(), text=" ".join(analysed.content))
    writer.commit()
    return ix


def compute_related(ix, docs: list[SearchDoc], groups: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """Related pages for every FAQ article and chapter in ``docs`` (all of which ``ix`` holds), each in its own
    language: a Swedish page lists Swedish pages only (issue 15), though the index holds every language."""
    groups = groups or {}
    candidates: dict[str, list[str]] = {}  # by language, in path order
    for doc in sorted(docs, key=lambda d: d.path):
        if doc.kind in CANDIDATE_KINDS:
            candidates.setdefault(language_of(doc.path), []).append(doc.path)
    out: dict[str, tuple[str, ...]] = {}
    with ix.searcher() as searcher:
        # Every document's stored fields read once: looking them up per hit cost more than the searches.
        stored = dict(searcher.reader().iter_docs())
        paths = {docnum: fields["path"] for docnum, fields in stored.items()}
        docnums = {path: docnum for docnum, path in paths.items()}
        allowed: dict[str, set[int]] = {}  # by language
        for docnum, fields in stored.items():
            if fields["kind"] in CANDIDATE_KINDS:
                allowed.setdefault(language_of(fields["path"]), set()).add(docnum)
        statistics = _Statistics(searcher.reader())
        scores = _TermScores(searcher)
        for doc in docs:
            if doc.kind not in RELATED_KINDS:
                continue
            docnum = docnums[doc.path]
            # the page's words once each: with their weights, two pages whose titles share "Miten otan … käyttöön?"
            # would look alike whatever they are about
            scored = _more_like(scores, statistics, docnum, stored[docnum]["words"],
                                allowed.get(language_of(doc.path), set()), paths)
            out[doc.path] = choose(scored, _neighbours(doc, candidates, groups), doc.path)
    return out


class _Statistics:
    """The index reader as Whoosh's ``Expander`` reads it, with each term's frequencies looked up once per choice
    (every article asks for the same common terms again; the index does not change while the choice is made)."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self.schema = reader.schema
        self._count = reader.doc_count_all()
        self._lengths: dict[str, int] = {}
        self._frequency: dict[tuple[str, bytes], float] = {}
        self._doc_frequency: dict[tuple[str, str], int] = {}

    def doc_count_all(self) -> int:
        return self._count

    def field_length(self, fieldname: str) -> int:
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._reader.field_length(fieldname)
        return self._lengths[fieldname]

    def __contains__(self, term) -> bool:
        return self.frequency(*term) > 0

    def frequency(self, fieldname: str, text) -> float:
        key = (fieldname, text)
        if key not in self._frequency:
            self._frequency[key] = self._reader.frequency(fieldname, text) if key in self._reader else 0
        return self._frequency[key]

    def doc_frequency(self, fieldname: str, text: str) -> int:
        key = (fieldname, text)
        if key not in self._doc_frequency:
            self._doc_frequency[key] = self._reader.doc_frequency(fieldname, text)
        return self._doc_frequency[key]


class _TermScores:
    """Each key term's score in every page that holds it, as Whoosh's searcher scores it (its weighting, BM25F),
    read once per choice. Every article's query is an Or of key terms, and the articles ask for the same terms
    again and again. Whoosh's search made matchers per query and cleared a 2,048-slot array twice for each, to sum
    a few dozen postings: the choice took 1.26 s at 300 pages and 1.57 s at 1,000, and takes 0.42 s and 0.75 s.
    tests/test_related.py checks every page's hits against Whoosh's search."""

    def __init__(self, searcher) -> None:
        self._searcher = searcher
        self._field = searcher.schema["text"]
        self._scores: dict[str, tuple[tuple[int, float], ...]] = {}

    def of(self, term: str) -> tuple[tuple[int, float], ...]:
        found = self._scores.get(term)
        if found is None:
            found = ()
            text = self._field.to_bytes(term)
            if ("text", text) in self._searcher.reader():
                matcher = self._searcher.postings("text", text)
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.score()))
                    matcher.next()
                found = tuple(postings)
            self._scores[term] = found
        return found

    def search(self, terms: list[tuple[str, float]], limit: int, mask: int) -> list[tuple[float, int]]:
        """The best ``limit`` pages but ``mask`` as ``searcher.search(Or(Term(t, boost=w)…), limit, mask={mask})``
        returns them: each term's score times its boost, summed in the query's order, best first, ties by number."""
        total: dict[int, float] = {}
        for term, boost in terms:
            for docnum, score in self.of(term):
                total[docnum] = total.get(docnum, 0) + score * boost
        # An Or of several terms (Whoosh's array union) matches the pages whose sum is above 0; one term, all it has.
        hits = [(score, docnum) for docnum, score in total.items()
                if docnum != mask and (len(terms) == 1 or score > 0)]
        hits.sort(key=lambda hit: (-hit[0], hit[1]))
        return hits[:limit]


def _more_like(scores: _TermScores, statistics: _Statistics, docnum: int, text: str, allowed: set[int],
               paths: dict[int, str]) -> list[tuple[float, str]]:
    """Whoosh's ``Searcher.more_like`` with key terms limited to those at most MAX_DOC_FREQUENCY pages contain."""
    expander = classify.Expander(statistics, "text", model=classify.Bo1Model)
    expander.add_text(text)
    terms = [(term, weight) for term, weight in expander.expanded_terms(KEY_TERMS * 4, normalize=False)
             if statistics.doc_frequency("text", term) <= MAX_DOC_FREQUENCY][:KEY_TERMS]
    if not terms:
        return []  # only common words: the neighbours in the same team or manual fill the list
    # Candidates are checked on the hits, not passed as a filter (as Whoosh's search would walk a filter set).
    return [(score, paths[hit]) for score, hit in scores.search(terms, MAX_RELATED + 20, docnum) if hit in allowed]


def cached_related(root: Path, docs: list[SearchDoc]) -> dict[str, tuple[str, ...]] | None:
    """The choice stored in ``.cache/related/choice.json`` if it was made for exactly these documents, else None."""
    return _stored(root, corpus_digest(docs))


def _stored(root: Path, key: str) -> dict[str, tuple[str, ...]] | None:
    try:
        stored = json.loads((root / RELATED_CACHE).read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return {path: tuple(paths) for path, paths in stored["related"].items()}
    except (OSError, ValueError, AttributeError, KeyError):
        pass  # no cache yet, or one from another version: compute afresh
    return None


def related_ready() -> None:
    """Nothing: a worker process that runs it has imported this module, and Whoosh with it, before its choice."""


def related_pages(root: Path, docs: list[SearchDoc], groups: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """The related pages of the corpus, from ``.cache/related/choice.json`` when no indexed document changed."""
    key = corpus_digest(docs)
    cached = _stored(root, key)
    if cached is not None:
        return cached
    cache = root / RELATED_CACHE
    # The analyses the build cached: a worker started after it analyses only what the cache lacks.
    analyses = Analyses(root)
    related: dict[str, tuple[str, ...]] = {}
    by_language: dict[str, list[SearchDoc]] = {}
    for doc in docs:
        by_language.setdefault(language_of(doc.path), []).append(doc)
    for language in sorted(by_language):
        # One index per language: a translation's pages change neither the words' weights nor the choice of the
        # original's pages (and Finnish and Swedish words share no stems to weigh anyway).
        group = by_language[language]
        related.update(compute_related(related_index(group, analyses), group, groups))
    cache.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache.with_name(f"related.{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"key": key, "related": related}, ensure_ascii=False, sort_keys=True, indent=0),
                         encoding="utf-8")
    temporary.replace(cache)  # atomic: a parallel build reads either the old or the new file, never half of one
    return related
