"""Searchable pages as token streams per field, and the site's vocabulary (the lexicon) that queries are planned on.

Both engines index exactly the same tokens (``AnalysedDoc.content``): Pagefind as one record per page
(``hooks/core/pagefind.py``), Whoosh as one field (``hooks/core/search.py``). A field's weight is how many times its
stream is repeated there, so a token's count on a page is its weighted frequency in both engines, whatever either
engine's own scoring does; an occurrence beyond the field's cap is not indexed, so a body that repeats a word twenty
times does not outrank the page whose title is that word.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from hooks.core.synonyms import Synonyms
from hooks.core.textanalysis import FILLER, Analyser, WordAnalysis, fold

FIELDS = ("title", "keywords", "headings", "body")
FIELD_WEIGHTS = {"title": 5, "keywords": 3, "headings": 2, "body": 1}  # title > keywords > headings > body
FIELD_CAPS = {"title": 1, "keywords": 1, "headings": 1, "body": 3}
EXCERPT_CHARS = 1500  # the start of a page's text that result excerpts are cut from
CHUNK_PREFIX = 2      # the browser loads the lexicon in files by a word's first two letters
ANALYSIS_VERSION = "6"  # bump when streams or the lexicon change shape: caches holding them are then rebuilt
_HEADING = re.compile(r"^\s{0,3}#{2,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def headings_of(markdown: str) -> str:
    """The text of the body's section headings (level 2 and below; level 1 is the title)."""
    return "\n".join(m[1] for m in _HEADING.finditer(markdown))


def stream(analysed: Iterable[tuple[str, WordAnalysis]], cap: int) -> list[str]:
    """A field's tokens: each word's primary token in the order written, then its other base forms and compound
    parts, every token at most ``cap`` times. Primary tokens stay side by side, so phrases match on them."""
    counts: dict[str, int] = {}
    out: list[str] = []
    extras: list[str] = []
    for _, analysis in analysed:
        primary = analysis.primary
        if counts.get(primary, 0) < cap:
            counts[primary] = counts.get(primary, 0) + 1
            out.append(primary)
        extras.extend(t for t in analysis.tokens[1:])
    for token in extras:
        if counts.get(token, 0) < cap:
            counts[token] = counts.get(token, 0) + 1
            out.append(token)
    return out


@dataclass(frozen=True)
class AnalysedDoc:
    """One searchable page: its streams per field and the written forms its words had."""

    path: str
    url: str
    title: str
    excerpt: str
    streams: Mapping[str, tuple[str, ...]]
    forms: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]  # folded written form → (base forms, parts)

    @property
    def content(self) -> list[str]:
        """What both engines index, in order: each field's stream repeated its weight's times, in field order.
        Phrases are matched on it, and a token's count in it is its weighted frequency."""
        return [token for name in FIELDS for _ in range(FIELD_WEIGHTS[name]) for token in self.streams[name]]

    def words(self) -> str:
        """Each field's tokens once, in field order, filler words left out: the page's words without their weights."""
        return " ".join(token for name in FIELDS for token in self.streams[name] if token not in FILLER)


def analyse_doc(analyser: Analyser, *, path: str, url: str, title: str, keywords: str, headings: str,
                body: str) -> AnalysedDoc:
    texts = {"title": title, "keywords": keywords, "headings": headings, "body": body}
    analysed = {name: analyser.text(text) for name, text in texts.items()}
    forms: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for words in analysed.values():
        for form, analysis in words:
            forms.setdefault(form, (analysis.lemmas, analysis.parts))
    streams = {name: tuple(stream(analysed[name], FIELD_CAPS[name])) for name in FIELDS}
    return AnalysedDoc(path, url, title, excerpt_text(body), streams, forms)


def excerpt_text(body: str) -> str:
    """The start of the page's text, cut at a sentence end: results show their excerpt from it."""
    if len(body) <= EXCERPT_CHARS:
        return body
    cut = body[:EXCERPT_CHARS]
    ends = [m.start() for m in _SENTENCE_END.finditer(cut)]
    return cut[:ends[-1]] if ends else cut


# --- the lexicon: what the query planner knows of the site's words -------------------------------------------


@dataclass
class Lexicon:
    """The site's vocabulary: written forms → base forms and parts; token → how many pages hold it; synonyms."""

    pages: int = 0
    forms: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    df: dict[str, int] = field(default_factory=dict)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # token → the other tokens of its group

    def chunk_of(self, text: str) -> str:
        return text[:CHUNK_PREFIX]

    def chunks(self) -> dict[str, dict]:
        """The lexicon as the browser loads it: one object per first two letters of forms and tokens."""
        out: dict[str, dict] = {}
        for form, (lemmas, parts) in sorted(self.forms.items()):
            out.setdefault(self.chunk_of(form), {"forms": {}, "tokens": {}})["forms"][form] = [list(lemmas), list(parts)]
        for token, count in sorted(self.df.items()):
            out.setdefault(self.chunk_of(token), {"forms": {}, "tokens": {}})["tokens"][token] = count
        return dict(sorted(out.items()))

    def header(self) -> dict:
        """What the browser loads first: the page count and the synonym table (``pagefind.write_lexicon`` adds the
        names of the chunk files)."""
        return {"pages": self.pages, "synonyms": {t: list(g) for t, g in sorted(self.synonyms.items())}}


def build_lexicon(docs: Iterable[AnalysedDoc], synonyms: Mapping[str, tuple[str, ...]],
                  extra_forms: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None) -> Lexicon:
    """The lexicon of ``docs`` (every searchable page), with the synonym table and the synonyms' own forms."""
    lexicon = Lexicon(synonyms=dict(synonyms))
    for doc in docs:
        lexicon.pages += 1
        for form, analysis in doc.forms.items():
            lexicon.forms.setdefault(form, analysis)
        for token in set(doc.content):
            lexicon.df[token] = lexicon.df.get(token, 0) + 1
    for form, analysis in (extra_forms or {}).items():
        lexicon.forms.setdefault(form, analysis)
    # Only synonyms some page holds: the others would be looked up for nothing.
    lexicon.synonyms = {token: kept for token, others in synonyms.items()
                        if (kept := tuple(o for o in others if o in lexicon.df))}
    return lexicon


# --- synonyms as tokens ---------------------------------------------------------------------------------------


def synonym_table(synonyms: Synonyms, analyser: Analyser, swedish_forms: Mapping[str, str]
                  ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[tuple[str, ...], tuple[str, ...]]]]:
    """token → the other tokens of its group, and the written forms the groups add to the lexicon.

    A Finnish word stands for its Voikko base form; a Swedish word for itself, folded, and its inflected forms
    (``swedish_forms``: form → base form, from simplemma's dictionary) lead to it."""
    groups: list[list[str]] = []
    forms: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for group in synonyms.groups:
        tokens: list[str] = []
        for language, word in group.words():
            if language == "fi":
                analysis = analyser.word(word.lower())
                forms.setdefault(fold(word), (analysis.lemmas, analysis.parts))
                # a base form stands for itself ("puhelin", not the verb puhella it can also be a form of), as
                # the planner reads a base form typed in a query
                token = fold(word) if fold(word) in analysis.lemmas else analysis.primary
            else:
                token = fold(word)
                forms.setdefault(token, ((token,), ()))
            if token not in tokens:
                tokens.append(token)
        groups.append(tokens)
    for form, lemma in swedish_forms.items():
        forms.setdefault(fold(form), ((fold(lemma),), ()))
    table: dict[str, list[str]] = {}
    for tokens in groups:
        for token in tokens:
            others = table.setdefault(token, [])
            others.extend(t for t in tokens if t != token and t not in others)
    return {t: tuple(others) for t, others in sorted(table.items()) if others}, forms


SWEDISH_FORMS = Path(__file__).with_name("swedish-forms.json")
"""The committed table of inflected forms for the synonyms' Swedish words (``python -m hooks.tools.swedishforms``):
reading and inverting simplemma's dictionary takes seconds, which no build (a fresh clone's included) should pay."""


def swedish_forms(words: Iterable[str], cache: Path | None = None, table: Path | None = SWEDISH_FORMS) -> dict[str, str]:
    """Every inflected form simplemma's Swedish dictionary knows for ``words`` (base forms): form → base form.

    Words in the committed ``table`` are read from it; only the others are looked up in the dictionary, and that
    answer is kept in ``cache`` under a digest of the words."""
    wanted = sorted({w.lower() for w in words})
    if not wanted:
        return {}
    known = read_forms_table(table) if table is not None else {}
    missing = [w for w in wanted if w not in known]
    forms = {form: lemma for lemma in wanted if lemma in known for form in known[lemma]}
    if missing:
        forms.update(_dictionary_forms(missing, cache))
    return dict(sorted(forms.items()))


def read_forms_table(table: Path) -> dict[str, list[str]]:
    """The committed table (base form → its forms), or nothing when it is missing or of another simplemma."""
    try:
        stored = json.loads(table.read_text(encoding="utf-8"))
        if stored.get("simplemma") == metadata.version("simplemma"):
            return stored["forms"]
    except (OSError, ValueError, AttributeError, KeyError, metadata.PackageNotFoundError):
        pass
    return {}


def forms_table(words: Iterable[str]) -> str:
    """The text of the committed table for ``words``: every word, with the forms the dictionary knows (maybe none)."""
    wanted = sorted({w.lower() for w in words})
    by_lemma: dict[str, list[str]] = {w: [] for w in wanted}
    for form, lemma in _dictionary_forms(wanted, None).items():
        by_lemma[lemma].append(form)
    value = {"simplemma": metadata.version("simplemma"), "forms": {w: sorted(f) for w, f in by_lemma.items()}}
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _dictionary_forms(wanted: list[str], cache: Path | None) -> dict[str, str]:
    # The version from the package's metadata: importing simplemma costs more than a cache hit saves.
    key = hashlib.sha256(json.dumps([ANALYSIS_VERSION, metadata.version("simplemma"), wanted]).encode()).hexdigest()
    if cache is not None:
        try:
            stored = json.loads(cache.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                return stored["forms"]
        except (OSError, ValueError, AttributeError, KeyError):
            pass  # no cache yet, or another version's
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory
    dictionary = DefaultDictionaryFactory().get_dictionary("sv")
    want = set(wanted)
    forms = {form: lemma for form, lemma in dictionary.items() if lemma in want and form != lemma and form.isalpha()}
    forms = dict(sorted(forms.items()))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")  # parallel builds never share one
        temporary.write_text(json.dumps({"key": key, "forms": forms}, ensure_ascii=False), encoding="utf-8")
        temporary.replace(cache)
    return forms
