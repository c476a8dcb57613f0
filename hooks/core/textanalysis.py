"""Words as search tokens: base forms and compound parts (Voikko, simplemma for Swedish), folded umlauts, fillers.

One analysis for both search engines (the browser's Pagefind index and the CLI's Whoosh index): a token is a
base form with ä, ö and å folded to a and o ("vianmääritys" → ``vianmaaritys``), so that a customer typing
without umlauts finds the same pages. Voikko (libvoikko with Debian's voikko-fi dictionary) knows inflection
and compounds; a word it does not know (a name, a loanword, a Swedish word) is its own token, and its stem too
when it ends in a Finnish case ending ("SuperUserin" → superuserin, superuser). Swedish pages (``*.sv.md``) are
analysed by ``SwedishAnalyser`` into the same kind of tokens: simplemma's base forms ("lösenordet" → ``losenord``).
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_WORD = re.compile(r"[^\W_]+")
MIN_LENGTH = 2  # one-letter words ("a", "5") say nothing a search can use

# Words that carry the question, not its subject: left out of the ranking (a page does not rank by how often
# it says "miten" or "voiko"), used only when the whole query is matched as a phrase. Base forms, folded; the
# Finnish ones as Voikko gives them ("voiko" → voida, "onko" → olla, "mun" is colloquial and its own form), and
# the common inflected forms of pronouns and auxiliaries, which a query may hold though no page does ("meidän").
FILLER = frozenset("""
    olla ei voida voi miten mika kuka kumpi kuinka missa mista mihin milloin miksi mita milla jos etta ja tai vai
    se tama tuo mina sina han me te he ma sa mun sun mulla sulla oma itse myos nyt kun kanssa pitaa taytyy
    saada jo viela sitten niin vain kylla onko voiko eiko eika mitenka tehda ollut kaikki joku jokin kuin tahansa
    paljon paljo
    meidan meille meilta meilla meita minun minulle minulta minulla minua mulle multa mulla mua sinun sinulle
    sulle sulta teidan teille teilta heidan hanen sen sita siita siihen siina taman tata tassa nama ne niita
    niiden jonka joka jota jossa ole olen oli ovat olisi voin voit voisi voisiko pitaisi saanko onks voiks
    jotta koska mutta siis ihan aina joskus
    jag du vi ni han hon den det de dem en ett och att i pa min mitt mina din ditt er var hur vad nar varfor
    vilken vilket kan ar inte har som for med till om av man fa gar gor vill ska maste nu sa finns nagon
    nagot eller men ocksa bara hos fran under efter innan detta dessa sin sitt mig dig oss
    ha kunna skola bli ga gora bora
""".split())
# The last row: Swedish auxiliaries as simplemma gives their base forms ("har" → ha, "kan" → kunna, "ska" →
# skola), which no Finnish page has as a token. "vara" (är) and "vilja" (vill) stay out: both are Finnish words
# too (a spare part, grain), and "vill" and "är" are already fillers as typed.


@functools.lru_cache(maxsize=1 << 16)  # a site repeats its words: each is folded once (measured: 1.2 s at 1,000 pages)
def fold(word: str) -> str:
    """Lower-case with accents and umlauts dropped (ä → a, ö → o, å → a, é → e): the form tokens are kept in.

    Every mark goes (Unicode category M, as JavaScript's ``\\p{M}``), and so does every character beyond the Basic
    Multilingual Plane: the browser's twin counts and slices words in UTF-16 units, which agree with Python's
    characters only there."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M") and ord(c) <= 0xFFFF)


def words(text: str) -> list[str]:
    """The words of ``text`` in order, lower-cased, umlauts kept (Voikko needs them); one-letter words dropped."""
    return [w for w in _WORD.findall(text.lower()) if len(w) >= MIN_LENGTH]


@dataclass(frozen=True)
class WordAnalysis:
    """What one written word stands for: its base forms (the first is its primary token) and compound parts."""

    lemmas: tuple[str, ...]
    parts: tuple[str, ...] = ()

    @property
    def primary(self) -> str:
        return self.lemmas[0]

    @functools.cached_property  # read for every occurrence of the word on every page
    def tokens(self) -> tuple[str, ...]:
        return self.lemmas + tuple(p for p in self.parts if p not in self.lemmas)


# Finnish case endings, longest first, as they end a word Voikko does not know ("superuserin", "timerissa",
# "SoftOnen"): the word without one is also indexed, at a part's weight, so that every inflection of a name or a
# loanword shares one token. Folded (ä → a).
UNKNOWN_ENDINGS = ("ineen", "issa", "ista", "illa", "ilta", "ille", "iksi", "ihin", "ien", "ssa", "sta", "lla",
                   "lta", "lle", "ksi", "iin", "ia", "in", "it", "ja", "na", "n", "a", "t")
STEM_MIN = 4


def unknown_stem(folded: str) -> str | None:
    """An unknown word without its case ending, if it has one and at least STEM_MIN letters stay."""
    for ending in UNKNOWN_ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= STEM_MIN and folded.isalpha():
            return folded[:-len(ending)]
    return None


PROPER_NOUNS = frozenset({"etunimi", "sukunimi", "paikannimi", "nimi"})  # Voikko's CLASS of names


class AnalyserMissing(RuntimeError):
    """Voikko or its Finnish dictionary is not installed."""


@functools.lru_cache(maxsize=1)
def _voikko():
    try:
        import libvoikko
        return libvoikko.Voikko("fi")
    except Exception as error:  # noqa: BLE001 - ImportError, OSError, or libvoikko's bare Exception for no dictionary
        raise AnalyserMissing(
            "Finnish search needs Voikko: install Debian's libvoikko1 and voikko-fi (make setup does) and the "
            f"libvoikko Python package ({error})") from None


def voikko_version() -> str:
    """The analyser's and its dictionaries' versions: part of every cache key that holds analysed text."""
    _voikko()  # first: a missing binding or dictionary is reported as AnalyserMissing, with what to install
    import libvoikko
    dictionaries = ", ".join(sorted(f"{d.language} {d.variant} {d.description}" for d in libvoikko.Voikko.listDicts()))
    return f"libvoikko {libvoikko.Voikko.getVersion()}; {dictionaries}"


def _split_structure(word: str, structure: str) -> list[str]:
    """The surface pieces of a compound by Voikko's STRUCTURE ("=pppp=pppppppp": a part starts at each '=')."""
    pieces: list[str] = []
    position = 0
    for mark in structure:
        if mark == "=":
            pieces.append("")
            continue
        if not pieces:
            pieces.append("")
        if position < len(word):
            pieces[-1] += word[position]
        position += 1
    return [p for p in pieces if p]


def _part_lemma(piece: str, analyses: list[dict]) -> str:
    """The base form of one part of a compound: the part itself when it is a base form ("tuki", not the verb
    "tukea" whose past tense it also is), else a noun's, else the first analysis's."""
    bases = [(fold(a.get("BASEFORM", piece)), a.get("CLASS")) for a in analyses]
    for base, _ in bases:
        if base == fold(piece):
            return base
    for base, word_class in bases:
        if word_class == "nimisana":
            return base
    return bases[0][0] if bases else fold(piece)


class Analyser:
    """Analyses words with Voikko, each distinct word once per process (a site repeats its words many times)."""

    def __init__(self) -> None:
        self._voikko = _voikko()
        self._cache: dict[str, WordAnalysis] = {}

    def open(self) -> None:
        """Nothing: Voikko opened its dictionary with this analyser (SwedishAnalyser's opens on first use)."""

    def word(self, word: str) -> WordAnalysis:
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = self._analyse(word)
        return found

    def text(self, text: str) -> list[tuple[str, WordAnalysis]]:
        """(folded surface form, analysis) for every word of ``text``, in order."""
        return [(folded, self.word(w)) for w in words(text) if (folded := fold(w))]

    def _lemmas(self, word: str) -> list[dict]:
        return self._voikko.analyze(word) if word.isalpha() else []

    def _analyse(self, word: str) -> WordAnalysis:
        analyses = self._lemmas(word)
        if not analyses:
            folded = fold(word)
            stem = unknown_stem(folded)
            return WordAnalysis((folded,), (stem,) if stem else ())
        common = [a for a in analyses if a.get("CLASS") not in PROPER_NOUNS]
        analyses = common or analyses  # "oman" is oma (own) and Oman: the name only when nothing else fits
        lemmas: list[str] = []
        parts: list[str] = []
        for analysis in analyses:
            lemma = fold(analysis.get("BASEFORM", word))
            if lemma and lemma not in lemmas:
                lemmas.append(lemma)
            pieces = _split_structure(word, analysis.get("STRUCTURE", ""))
            if len(pieces) > 1:
                for piece in pieces:
                    token = _part_lemma(piece, self._lemmas(piece))
                    if len(token) >= MIN_LENGTH and token not in parts:
                        parts.append(token)
        return WordAnalysis(tuple(lemmas) or (fold(word),), tuple(p for p in parts if p not in lemmas))


SWEDISH_PART_MIN = 3  # the shortest half of a Swedish compound split into parts ("support|ärende")


class SwedishAnalyser:
    """Analyses Swedish words with simplemma's dictionary, each distinct word once per process.

    simplemma rather than Whoosh's Snowball stemmer: its tokens are base forms, as Voikko's are for Finnish and as
    the synonym groups and ``swedish-forms.json`` are written ("registrera", where Snowball gives "registr"), and
    both search engines index the tokens made here (the browser cannot stem, it only looks up the lexicon). A
    compound the dictionary does not know gets simplemma's greedy guess ("supportärendet" → supportärende) and,
    like a Finnish compound, its two known halves as parts (support, ärende). A word that is a base form itself
    stands for itself first: simplemma gives one base form per written form, and for "avgift", "kurs" and "dator"
    it gives "avgifta", "kur" and "data", whose forms they also are."""

    def __init__(self, lexicon: Path | None = None) -> None:
        # imported here: the Finnish-only commands never pay for it
        from simplemma import Lemmatizer
        from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
        from simplemma.utils import normalize_token
        dictionaries = swedish_dictionaries(lexicon or SWEDISH_LEXICON)
        self._lemmatizers = {greedy: Lemmatizer(lemmatization_strategy=DefaultStrategy(
            greedy=greedy, dictionary_factory=dictionaries)) for greedy in (False, True)}
        # simplemma's is_known(), with these dictionaries: asked for every split of an unknown compound (_parts)
        self._lookup, self._normalize = DictionaryLookupStrategy(dictionaries), normalize_token
        self._base_forms = swedish_base_forms()
        self._cache: dict[str, WordAnalysis] = {}

    def open(self) -> None:
        """Open simplemma's Swedish dictionary now, as its first lookup would (``swedish_dictionaries``)."""
        self._known("och")

    # the Finnish analyser's per-word cache and splitting of a text into words, around this class's _analyse
    word = Analyser.word
    text = Analyser.text

    def _lemma(self, word: str, greedy: bool = False) -> str:
        return self._lemmatizers[greedy].lemmatize(word, lang="sv").lower()

    def _known(self, word: str) -> bool:
        return self._lookup.get_lemma(self._normalize(word), "sv") is not None

    def _analyse(self, word: str) -> WordAnalysis:
        if not word.isalpha() or self._known(word) or self._lemma(word) != word:
            lemmas = [word] if word in self._base_forms else []
            lemmas += [self._lemma(word)]
            return WordAnalysis(tuple(dict.fromkeys(f for w in lemmas if (f := fold(w)))) or (fold(word),))
        lemma = fold(self._lemma(word, greedy=True)) or fold(word)
        return WordAnalysis((lemma,), tuple(p for p in self._parts(word) if p != lemma))

    def _parts(self, word: str) -> tuple[str, ...]:
        """The base forms of an unknown compound's halves, the longest known second half first ("lösenords|byte":
        a first half may end in the joining s)."""
        for i in range(SWEDISH_PART_MIN, len(word) - SWEDISH_PART_MIN + 1):
            head, tail = word[:i], word[i:]
            if not self._known(tail):
                continue
            for first in (head, head[:-1] if head.endswith("s") else None):
                if first and len(first) >= SWEDISH_PART_MIN and self._known(first):
                    return fold(self._lemma(first)), fold(self._lemma(tail))
        return ()


SWEDISH_LEXICON = Path(sys.prefix) / "share" / "supportsite" / "simplemma-trie"
"""Where ``python -m hooks.tools.swedishlexicon`` writes simplemma's Swedish dictionary as a trie (simplemma's
marisa-trie extra), in a folder per simplemma version, when the environment is installed (``make setup``). It is
prepared data of an installed library, like its compiled bytecode, and holds nothing of the site."""


def swedish_dictionaries(folder: Path = SWEDISH_LEXICON):
    """simplemma's source of Swedish dictionaries for the analyser, both with the same answers.

    The trie written into the environment when it is there: it opens in milliseconds and a lookup takes a few
    microseconds. Otherwise the packed dictionary that simplemma ships, looked up without unpacking it
    (``low_memory``: 15 MiB instead of 105 MiB beside the rest of a build and Pagefind), which takes 0.5–0.9 s to
    open, indexing its 964,000 entries in Python, and about 12 µs a lookup (each distinct word is looked up once).
    The trie is only read here; a build never writes into the environment."""
    from simplemma.strategies.dictionaries import LOW_MEMORY_DICTIONARY_FACTORY
    trie = _lexicon_folder(folder)
    if (trie / "sv.dic").is_file():
        return _trie_factory(str(trie))
    return LOW_MEMORY_DICTIONARY_FACTORY  # simplemma's own, shared by every analyser of the process


@functools.cache  # one per folder: each analyser of the process shares the opened trie
def _trie_factory(folder: str):
    from simplemma.strategies.dictionaries import TrieDictionaryFactory
    return TrieDictionaryFactory(disk_cache_dir=folder)


def _lexicon_folder(folder: Path) -> Path:
    from importlib import metadata
    return folder / metadata.version("simplemma")


def write_swedish_lexicon(folder: Path = SWEDISH_LEXICON) -> Path:
    """Write the trie that ``swedish_dictionaries`` reads (about 2 s and 5 MB) and return its path. It is made in a
    folder beside the target's and moved into place, so that a build never finds half a file."""
    import tempfile

    from simplemma.strategies.dictionaries import TrieDictionaryFactory
    target = _lexicon_folder(folder)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".writing-") as scratch:
        TrieDictionaryFactory(disk_cache_dir=scratch).get_dictionary("sv")  # builds the trie and saves it there
        os.replace(Path(scratch) / "sv.dic", target / "sv.dic")
    return target / "sv.dic"


SWEDISH_BASE_FORMS = Path(__file__).with_name("swedish-base-forms.json")
"""The committed list of the words in simplemma's Swedish dictionary that are another word's base form but have a
base form of their own ("avgift", a form of "avgifta"), written by ``python -m hooks.tools.swedishforms``."""


def swedish_base_forms(table: Path = SWEDISH_BASE_FORMS) -> frozenset[str]:
    """The words that stand for themselves before their own base form (``SwedishAnalyser``): from the committed
    table when it was made from the installed simplemma, else from the dictionary. Reading the dictionary's
    128,715 base forms took 0.35 s of every build that analyses Swedish; only 15,860 of them matter (a word that
    is its own base form gets itself as its lemma anyway)."""
    from importlib import metadata
    try:
        committed = json.loads(table.read_text(encoding="utf-8"))
        if committed.get("simplemma") == metadata.version("simplemma"):
            return frozenset(committed["words"])
    except (OSError, ValueError, AttributeError, KeyError):
        pass  # none, or not readable: the dictionary says the same, slower
    return frozenset(dictionary_base_forms())


def dictionary_base_forms() -> list[str]:
    """The base forms of simplemma's Swedish dictionary whose own base form is another word, sorted."""
    import simplemma
    from simplemma.lemmatizer import DEFAULT_DICTIONARY_FACTORY  # the dictionary lemmatize() reads, loaded once
    found = set(DEFAULT_DICTIONARY_FACTORY.get_dictionary("sv").values())
    return sorted(word for word in found if simplemma.lemmatize(word, lang="sv").lower() != word)


def base_forms_table() -> str:
    """The text of the committed ``SWEDISH_BASE_FORMS``."""
    from importlib import metadata
    value = {"simplemma": metadata.version("simplemma"), "words": dictionary_base_forms()}
    return json.dumps(value, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


ANALYSERS = {"fi": Analyser, "sv": SwedishAnalyser}
"""Each language's analyser, by the code of ``hooks/core/languages.py``: a language is one more row."""


def analyser_for(language: str) -> Analyser | SwedishAnalyser:
    """A new analyser for ``language`` ("fi", "sv")."""
    return ANALYSERS[language]()


def shared_analyser(language: str = "fi") -> Analyser | SwedishAnalyser:
    """One analyser per language for the process: `mkdocs serve` rebuilds keep the words it already analysed."""
    return _shared(language)


@functools.cache  # keyed by the code alone: shared_analyser() and shared_analyser("fi") are one
def _shared(language: str) -> Analyser | SwedishAnalyser:
    return analyser_for(language)


def analysers_version() -> str:
    """Every analyser's and dictionary's version: part of every cache key that holds analysed text."""
    from importlib import metadata
    return f"{voikko_version()}; simplemma {metadata.version('simplemma')}"
