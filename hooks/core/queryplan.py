"""What a customer's query looks for, and how pages rank by it: the one ranking contract of both search engines.

``hooks/theme/assets/javascripts/search-plan.js`` is this module's twin for the search box and must stay so line
by line (``tests/test_search_plan.py`` runs both on the same lexicon and compares their plans and rankings):

1. Each query word becomes alternatives (token, weight), tried in this order and stopping at the first that finds
   anything: a written form the site has (its base forms, and its compound parts at a lower weight), or a token;
   the same without a question clitic ("pitääkö" → pitää); an inflection of a site token (bounded prefix: the word
   and the token share at least 4 letters and differ only in their last letters); a typo (one edit, two in long
   words); a compound of site words (split into two words, or its known first half alone). Synonyms of every
   alternative follow at a lower weight. Filler words ("miten", "voiko", "pitääkö") have no alternatives: they
   count only in phrases.
2. A page scores, per query word, the best of its alternatives: weight × idf × saturated weighted frequency
   (BM25 without length normalisation; the weighted frequency is how many times the page's indexed tokens hold
   the token, which either engine reports). The page's score is the sum over the query words, times the square
   root of the share of query words it matches (all of them beat half of them unless those match far better), times
   PHRASE_BOOST when it holds the whole query as a phrase; pages rank by score, then by address. A page that
   scores under RESULT_FLOOR of the best page is not a result: a common word alone ("tuki") would otherwise make
   nearly every page one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from hooks.core.textanalysis import FILLER, MIN_LENGTH, fold, words

WEIGHT_EXACT = 1.0
WEIGHT_PART = 0.6       # a compound's part: "tukipyyntö" also finds pages about "pyyntö", lower
WEIGHT_PREFIX = 0.8     # an inflection the site never writes ("tukipyyntöni")
WEIGHT_SPLIT = 0.8      # each half of a compound the site never writes ("tikettinumero")
WEIGHT_TYPO = 0.8
SYNONYM_FACTOR = 0.9
MAX_ALTERNATIVES = 6    # a word with a large synonym group looks up at most this many tokens (each costs a lookup)
PREFIX_MIN = 4          # letters a word and an inflected token must share
PREFIX_TOKEN_REST = 3   # letters of the token after the shared part (stem change: tilaus → tilauks-)
PREFIX_WORD_REST = 5    # letters of the word after the shared part (its ending: -ksen, -nsa, -llani)
MAX_CANDIDATES = 3      # a prefix or typo expands to at most this many tokens: bounded, whatever the site's size
SPLIT_MIN = 3           # the shortest half of a split compound
HEAD_MIN = 5            # the shortest known first half that stands alone for a compound ("asennus|paketti")
TYPO_MIN = 6            # shorter words have too many neighbours one edit away ("saako" → sähkö)
TYPO_TWO_MIN = 10       # words this long may have two typos
CLITICS = ("kaan", "kin", "han", "ko", "pa")  # folded: -kö, -kään, -hän, -pä too
PHRASE_BOOST = 1.5
K1 = 1.2                # BM25 saturation
RESULT_FLOOR = 0.2      # share of the best page's score a page needs to be a result at all
TERMINATOR = "q"        # ends every indexed token in Pagefind, so that a token never matches a longer one


def rules() -> dict:
    """The constants the browser's twin reads from the lexicon's header, so that they are written once."""
    return {"weight_exact": WEIGHT_EXACT, "weight_part": WEIGHT_PART, "weight_prefix": WEIGHT_PREFIX,
            "weight_split": WEIGHT_SPLIT, "weight_typo": WEIGHT_TYPO, "synonym_factor": SYNONYM_FACTOR,
            "max_alternatives": MAX_ALTERNATIVES,
            "prefix_min": PREFIX_MIN, "prefix_token_rest": PREFIX_TOKEN_REST, "prefix_word_rest": PREFIX_WORD_REST,
            "max_candidates": MAX_CANDIDATES, "split_min": SPLIT_MIN, "head_min": HEAD_MIN, "typo_min": TYPO_MIN,
            "typo_two_min": TYPO_TWO_MIN, "clitics": list(CLITICS), "min_length": MIN_LENGTH,
            "phrase_boost": PHRASE_BOOST, "k1": K1, "result_floor": RESULT_FLOOR,
            "terminator": TERMINATOR, "filler": sorted(FILLER)}


@dataclass
class QueryWord:
    form: str
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    filler: bool = False


@dataclass
class Plan:
    words: list[QueryWord]
    phrase: list[str]  # every word's primary token, fillers included; empty for a one-word query

    def tokens(self) -> list[str]:
        """Every token the plan looks up, each once, in plan order."""
        out: list[str] = []
        for word in self.words:
            for token, _ in word.alternatives:
                if token not in out:
                    out.append(token)
        return out

    def as_json(self) -> dict:
        return {"words": [{"form": w.form, "filler": w.filler, "alternatives": [[t, round(x, 6)] for t, x in w.alternatives]}
                          for w in self.words], "phrase": self.phrase}


class LexiconView:
    """What the planner reads of the lexicon: written forms, tokens with their page counts, synonyms.

    The browser has the same view of the chunks it loaded; ``chunk_keys`` says which a query needs."""

    def __init__(self, forms: Mapping[str, tuple], df: Mapping[str, int], synonyms: Mapping[str, tuple], pages: int):
        self.forms, self.df, self.synonyms, self.pages = forms, df, synonyms, pages
        self._by_chunk: dict[str, list[str]] = {}
        for text in sorted({*forms, *df}):
            self._by_chunk.setdefault(text[:2], []).append(text)

    def starting_with(self, prefix: str) -> list[str]:
        """Forms and tokens starting with ``prefix`` (at least two letters), in code point order."""
        return [t for t in self._by_chunk.get(prefix[:2], ()) if t.startswith(prefix)]


def chunk_keys(query: str) -> list[str]:
    """The lexicon chunks a query needs: the first two letters of each word and of each possible second half."""
    keys: set[str] = set()
    for word in query_words(query):
        keys.add(word[:2])
        for i in range(SPLIT_MIN, len(word) - SPLIT_MIN + 1):
            keys.add(word[i:i + 2])
    return sorted(keys)


def query_words(query: str) -> list[str]:
    return [folded for w in words(query) if (folded := fold(w))]


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` once it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _of_form(lexicon: LexiconView, text: str) -> list[tuple[str, float]]:
    """A written form's base forms (weight 1) and parts, or a bare token's self; [] when the site has neither."""
    known = lexicon.forms.get(text)
    if known is not None:
        lemmas, parts = known
        if text in lemmas:  # a base form typed as such ("tilanne") means itself, not a form of another word (tilata)
            lemmas = [text]
        return [(t, WEIGHT_EXACT) for t in lemmas] + [(t, WEIGHT_PART) for t in parts if t not in lemmas]
    if lexicon.df.get(text, 0) > 0:
        return [(text, WEIGHT_EXACT)]
    return []


def _inflected(lexicon: LexiconView, word: str) -> list[tuple[str, float]]:
    """Site tokens of which ``word`` looks like an inflection: the most letters shared, then the most pages."""
    if len(word) < PREFIX_MIN:
        return []
    found = []
    for token in lexicon.starting_with(word[:PREFIX_MIN]):
        if lexicon.df.get(token, 0) == 0:
            continue
        common = _common(word, token)
        if len(token) - common <= PREFIX_TOKEN_REST and len(word) - common <= PREFIX_WORD_REST:
            found.append((-common, -lexicon.df[token], token))
    found.sort()
    return [(token, WEIGHT_PREFIX) for _, _, token in found[:MAX_CANDIDATES]]


def _split(lexicon: LexiconView, word: str) -> list[list[tuple[str, float]]]:
    """The two halves of a compound the site never writes, the longest known first half first; failing that, the
    longest known first half alone."""
    head_only: list[list[tuple[str, float]]] = []
    for i in range(len(word) - SPLIT_MIN, SPLIT_MIN - 1, -1):
        head, tail = word[:i], word[i:]
        first = _of_form(lexicon, head)
        if not first:
            continue
        second = _of_form(lexicon, tail) or _inflected(lexicon, tail)
        if second:
            return [[(t, x * WEIGHT_SPLIT) for t, x in first], [(t, x * WEIGHT_SPLIT) for t, x in second]]
        if not head_only and len(head) >= HEAD_MIN and len(tail) > SPLIT_MIN:
            head_only = [[(t, x * WEIGHT_SPLIT) for t, x in first]]
    return head_only


def _without_clitic(lexicon: LexiconView, word: str) -> list[tuple[str, float]]:
    """A known word with a clitic on it: "pitääkö", "tukikin"."""
    for clitic in CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= MIN_LENGTH:
            found = _of_form(lexicon, word[:-len(clitic)])
            if found:
                return found
    return []


def _typos(lexicon: LexiconView, word: str) -> list[tuple[str, float]]:
    if len(word) < TYPO_MIN:
        return []
    limit = 2 if len(word) >= TYPO_TWO_MIN else 1
    found = []
    for text in lexicon.starting_with(word[:2]):
        distance = _edits(word, text, limit)
        if distance <= limit:
            for token, _ in _of_form(lexicon, text)[:1]:  # the form's primary base form
                found.append((distance, token))
    found.sort()
    out: list[tuple[str, float]] = []
    for _, token in found:
        if token not in [t for t, _ in out]:
            out.append((token, WEIGHT_TYPO))
        if len(out) == MAX_CANDIDATES:
            break
    return out


def _with_synonyms(lexicon: LexiconView, alternatives: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The alternatives, then their synonyms in the groups' order, at most MAX_ALTERNATIVES in all."""
    out = dict(alternatives)
    for token, weight in alternatives:
        for other in lexicon.synonyms.get(token, ()):
            if other in out:
                out[other] = max(out[other], weight * SYNONYM_FACTOR)
            elif len(out) < MAX_ALTERNATIVES:
                out[other] = weight * SYNONYM_FACTOR
    return list(out.items())


def plan(query: str, lexicon: LexiconView) -> Plan:
    planned: list[QueryWord] = []
    phrase: list[str] = []
    for word in query_words(query):
        exact = _of_form(lexicon, word)
        phrase.append(exact[0][0] if exact else word)
        groups = [exact] if exact else []
        for rule in (_without_clitic, _inflected, _typos):
            if not groups:
                found = rule(lexicon, word)
                groups = [found] if found else []
        if not groups:
            groups = _split(lexicon, word) or [[]]
        if word in FILLER or all(_filler(alternatives) for alternatives in groups if alternatives) and groups != [[]]:
            planned.append(QueryWord(word, [], True))
            continue
        for alternatives in groups:
            planned.append(QueryWord(word, _with_synonyms(lexicon, alternatives)))
    return Plan(planned, phrase if len(phrase) >= 2 else [])


def _filler(alternatives: list[tuple[str, float]]) -> bool:
    """Whether one of a word's best alternatives is a filler word: "oman" is oma (own) far more often than Oman,
    "kuin" kuin (than) far more often than kuu (moon)."""
    best = max(weight for _, weight in alternatives)
    return any(token in FILLER for token, weight in alternatives if weight == best)


# --- ranking -------------------------------------------------------------------------------------------------


def idf(pages: int, df: int) -> float:
    """BM25's IDF, kept positive."""
    return math.log((pages - df + 0.5) / (df + 0.5) + 1.0)


def term_score(pages: int, df: int, weighted_frequency: float) -> float:
    """One token on one page: IDF × BM25's saturated term frequency, without length normalisation."""
    return idf(pages, df) * (K1 + 1.0) * weighted_frequency / (K1 + weighted_frequency)


def rank(planned: Plan, scores: Callable[[str], Mapping[str, float]], phrase_pages: set[str]) -> list[tuple[str, float]]:
    """(page, score) best first, ties by page address.

    ``scores(token)`` gives the pages holding the token and ``term_score`` for each; ``phrase_pages`` are the
    pages that hold ``planned.phrase``."""
    per_page: dict[str, list[float]] = {}
    content = [w for w in planned.words if not w.filler]
    for index, word in enumerate(content):
        for token, weight in word.alternatives:
            for page, score in scores(token).items():
                best = per_page.setdefault(page, [0.0] * len(content))
                best[index] = max(best[index], weight * score)
    ranked = []
    for page, best in per_page.items():
        matched = sum(1 for b in best if b > 0)
        total = sum(best) * math.sqrt(matched / len(content)) * (PHRASE_BOOST if page in phrase_pages else 1.0)
        total = math.floor(total * 1e6 + 0.5) / 1e6  # the same in JavaScript's floats, whatever the order of sums
        ranked.append((-total, page))
    ranked.sort()
    floor = -ranked[0][0] * RESULT_FLOOR if ranked else 0.0
    return [(page, -total) for total, page in ranked if -total >= floor]
