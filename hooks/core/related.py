"""Related articles: 3–5 pages in the same language for each FAQ article and Academy chapter, by Whoosh ``more_like``.

Deterministic: scores are rounded before sorting and ties go by path, and the choice is made on the statistics of
exactly these documents, one corpus per language (``Corpus``), as a fresh Whoosh index of them holds them. The
choice for the whole corpus is cached in ``.cache/related/choice.json`` under a digest of every indexed document,
so a build whose knowledge-base sources did not change (e.g. after editing a status post) skips the choice entirely."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path

from whoosh import classify, scoring
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import TEXT, Schema
from whoosh.util.numeric import byte_to_length, length_to_byte

from hooks.core.knowledgemodel import CANDIDATE_KINDS, RELATED_KINDS
from hooks.core.languages import language_of
from hooks.core.search import CACHE_FOLDER, SCHEMA_VERSION, Analyses, SearchDoc
from hooks.core.searchdocs import AnalysedDoc

RELATED_CACHE = f"{CACHE_FOLDER}/related/choice.json"
"""Where the choice is kept, alone in its folder: ``mkdocs serve`` watches the folder and rebuilds when a choice
made in the background arrives (hooks/knowledge.py)."""

_TERM = re.compile(r"[^ \t\r\n]+")  # a term of Corpus.schema's field: SpaceSeparatedTokenizer's expression
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


def _neighbours(path: str, candidates: dict[str, list[str]], groups: dict[str, str]) -> list[str]:
    """The fallback: the pages of the article's own team or manual first, then the rest, each in path order."""
    group, language = groups.get(path), language_of(path)
    same = [path for path in candidates.get(language, ()) if group is not None and groups.get(path) == group]
    return sorted(same) + candidates.get(language, [])


class Corpus:
    """Every statistic the choice reads of ``docs`` (path order), as a fresh Whoosh index of them would hold it.

    The choice reads little of an index: each term's pages and weights, each page's length and the totals that
    Whoosh's ``Expander`` (Bo1) and its BM25F weighting read. Whoosh made them by writing a whole index segment and
    reading its postings back, two thirds of the choice's time in a fresh clone's build; here they are counted
    from the same terms (``term_counts``) and scored with Whoosh's own formulas, lengths rounded as Whoosh stores
    them. tests/test_related.py checks every figure and every page's hits against a Whoosh index of the same pages."""

    schema = Schema(text=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False))

    def __init__(self, docs: list[SearchDoc], analyses: Analyses) -> None:
        self.paths: list[str] = []
        self.kinds: list[str] = []
        self.words: list[str] = []  # each page's words once, for its key terms
        self._postings: dict[str, list[tuple[int, float]]] = {}  # term → (page number, weight), by page number
        lengths: list[int] = []
        for docnum, doc in enumerate(sorted(docs, key=lambda d: d.path)):
            analysed = analyses.of(doc)
            self.paths.append(doc.path)
            self.kinds.append(doc.kind)
            self.words.append(analysed.words())
            counts = term_counts(" ".join(analysed.content))
            for term, frequency in counts.items():
                self._postings.setdefault(term, []).append((docnum, float(frequency)))
            lengths.append(sum(counts.values()))
        self._count = len(lengths)
        self._total_length = sum(lengths)
        # Whoosh keeps a page's length in one byte and scores with the length that byte stands for
        self._scored_lengths = [byte_to_length(stored) if (stored := length_to_byte(length)) else None
                                for length in lengths]
        self._frequency = {term: sum(weight for _, weight in postings) for term, postings in self._postings.items()}
        self._weighting = scoring.BM25F()
        self._scores: dict[str, tuple[tuple[int, float], ...]] = {}

    # What Whoosh's Expander and weighting read of an index reader and searcher
    def get_parent(self) -> Corpus:
        return self

    def doc_count_all(self) -> int:
        return self._count

    def field_length(self, fieldname: str) -> int:
        return self._total_length

    def __contains__(self, term: tuple[str, str | bytes]) -> bool:
        return _text(term[1]) in self._postings

    def frequency(self, fieldname: str, text: str | bytes) -> float:
        return self._frequency.get(_text(text), 0)

    def doc_frequency(self, fieldname: str, text: str | bytes) -> int:
        return len(self._postings.get(_text(text), ()))

    def scores(self, term: str) -> tuple[tuple[int, float], ...]:
        """The term's BM25F score in every page that holds it, by page number, as Whoosh's searcher scores it."""
        found = self._scores.get(term)
        if found is None:
            weighting = self._weighting
            idf = weighting.idf(self, "text", term)
            average = (self._total_length / (self._count or 1)) or 1
            found = self._scores[term] = tuple(
                (docnum, scoring.bm25(idf, weight, self._scored_lengths[docnum], average, weighting.B, weighting.K1))
                for docnum, weight in self._postings.get(term, ()))
        return found

    def search(self, terms: list[tuple[str, float]], limit: int, mask: int) -> list[tuple[float, int]]:
        """The best ``limit`` pages but ``mask`` as ``searcher.search(Or(Term(t, boost=w)…), limit, mask={mask})``
        returns them: each term's score times its boost, summed in the query's order, best first, ties by number."""
        total: dict[int, float] = {}
        for term, boost in terms:
            for docnum, score in self.scores(term):
                total[docnum] = total.get(docnum, 0) + score * boost
        # An Or of several terms (Whoosh's array union) matches the pages whose sum is above 0; one term, all it has.
        hits = [(score, docnum) for docnum, score in total.items()
                if docnum != mask and (len(terms) == 1 or score > 0)]
        hits.sort(key=lambda hit: (-hit[0], hit[1]))
        return hits[:limit]


def term_counts(text: str) -> Counter[str]:
    """The terms of ``text`` in Corpus.schema's field and their frequencies, first seen first: what the field's
    ``index`` yields, a term's weight being its frequency (Whoosh's Frequency format, field boost 1), counted
    without a token object per word (about half of the choice's time in a fresh clone's build went to those)."""
    return Counter(_TERM.findall(text))


def _text(text: str | bytes) -> str:
    """A term as the Expander passes it (the field's bytes) or as the choice does (text)."""
    return text.decode("utf-8") if isinstance(text, bytes) else text


def compute_related(corpus: Corpus, groups: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """Related pages for every FAQ article and chapter of ``corpus``, each in its own language: a Swedish page
    lists Swedish pages only (issue 15), though one corpus may hold every language."""
    groups = groups or {}
    candidates: dict[str, list[str]] = {}  # by language, in path order
    allowed: dict[str, set[int]] = {}  # the same, by page number
    for docnum, (path, kind) in enumerate(zip(corpus.paths, corpus.kinds)):
        if kind in CANDIDATE_KINDS:
            candidates.setdefault(language_of(path), []).append(path)
            allowed.setdefault(language_of(path), set()).add(docnum)
    out: dict[str, tuple[str, ...]] = {}
    for docnum, (path, kind) in enumerate(zip(corpus.paths, corpus.kinds)):
        if kind not in RELATED_KINDS:
            continue
        language = language_of(path)
        # the page's words once each: with their weights, two pages whose titles share "Miten otan … käyttöön?"
        # would look alike whatever they are about
        scored = _more_like(corpus, docnum, allowed.get(language, set()))
        out[path] = choose(scored, _neighbours(path, candidates, groups), path)
    return out


def _more_like(corpus: Corpus, docnum: int, allowed: set[int]) -> list[tuple[float, str]]:
    """Whoosh's ``Searcher.more_like`` with key terms limited to those at most MAX_DOC_FREQUENCY pages contain."""
    expander = classify.Expander(corpus, "text", model=classify.Bo1Model)
    # Expander.add_text, without a token object per word
    expander.add((term, float(frequency)) for term, frequency in term_counts(corpus.words[docnum]).items())
    terms = [(term, weight) for term, weight in expander.expanded_terms(KEY_TERMS * 4, normalize=False)
             if corpus.doc_frequency("text", term) <= MAX_DOC_FREQUENCY][:KEY_TERMS]
    if not terms:
        return []  # only common words: the neighbours in the same team or manual fill the list
    # Candidates are checked on the hits, not passed as a filter (as Whoosh's search would walk a filter set).
    return [(score, corpus.paths[hit]) for score, hit in corpus.search(terms, MAX_RELATED + 20, docnum)
            if hit in allowed]


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


def related_of_analysed(root: Path, docs: list[SearchDoc], groups: dict[str, str] | None,
                        analysed: dict[str, AnalysedDoc]) -> dict[str, tuple[str, ...]]:
    """``related_pages`` on analyses made in another process (by digest; the cache's are taken too)."""
    return related_pages(root, docs, groups, Analyses.made(root, analysed))


def related_pages(root: Path, docs: list[SearchDoc], groups: dict[str, str] | None = None,
                  analyses: Analyses | None = None) -> dict[str, tuple[str, ...]]:
    """The related pages of the corpus, from ``.cache/related/choice.json`` when no indexed document changed."""
    key = corpus_digest(docs)
    cached = _stored(root, key)
    if cached is not None:
        return cached
    cache = root / RELATED_CACHE
    # Without the build's analyses (a worker process): those it cached, so only what the cache lacks is analysed.
    analyses = analyses or Analyses(root)
    related: dict[str, tuple[str, ...]] = {}
    by_language: dict[str, list[SearchDoc]] = {}
    for doc in docs:
        by_language.setdefault(language_of(doc.path), []).append(doc)
    for language in sorted(by_language):
        # One corpus per language: a translation's pages change neither the words' weights nor the choice of the
        # original's pages (and Finnish and Swedish words share no stems to weigh anyway).
        group = by_language[language]
        related.update(compute_related(Corpus(group, analyses), groups))
    cache.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache.with_name(f"related.{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"key": key, "related": related}, ensure_ascii=False, sort_keys=True, indent=0),
                         encoding="utf-8")
    temporary.replace(cache)  # atomic: a parallel build reads either the old or the new file, never half of one
    return related
