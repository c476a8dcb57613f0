"""The search box's planner (hooks/theme/assets/javascripts/search-plan.js) is the twin of the CLI's
(hooks/core/queryplan.py): on the default site's lexicon, as write_lexicon exports it and search.js loads it, both
plan every query alike (words, fillers, alternatives in order, weights, phrase) and rank pages alike; and on the
Swedish pages' lexicon, the one the search box loads on a Swedish page (lexicon.sv.json).

One Node process (tests/node/search_plan_twin.mjs) answers every question; each test compares one part of its
answer with Python's, and lists every query that differs with both outputs.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

from hooks.core.content import load_project
from hooks.core.pagefind import LEXICON, OUTPUT_SUBDIR, write_lexicon
from hooks.core.queryplan import LexiconView, chunk_keys, plan, query_words, rank, rules, term_score
from hooks.core.search import documents_of, holds_phrase, site_lexicon
from hooks.core.textanalysis import Analyser, shared_analyser

REPO = Path(__file__).resolve().parents[1]
PLANNER = REPO / "hooks" / "theme" / "assets" / "javascripts" / "search-plan.js"
DRIVER = REPO / "tests" / "node" / "search_plan_twin.mjs"
WEIGHT_TOLERANCE = 1e-9
SCORE_TOLERANCE = 1e-6
TOP = 10
SHOWN = 15  # mismatches spelled out in a failure message

HOSTILE = [
    # empty and nothing but separators or filler words
    "", " ", "\t\n", "?!", "-", "a", "a b c", "miten", "miten voiko", "ja tai vai", "mikä on", "hur gör jag",
    # very long words
    "tukipyyntö" * 20, "a" * 300, "salasanaunohtuiuudelleenkirjautuminenasiakaskeskukseenepaonnistui",
    # digits
    "2024", "12345 67890", "47", "55", "v2.3", "1.5.2024 klo 12", "salasana123", "٣٤٥",
    # other scripts, mixed
    "Ωμέγα", "ΟΔΟΣ ΟΔΟΣ", "Ωμέγα salasana", "пароль забыл", "密码", "パスワード", "كلمة المرور",
    "𠀋𠀌𠀍𠀎", "𐐀𐐁𐐂𐐃 salasana", "𝐬𝐚𝐥𝐚𝐬𝐚𝐧𝐚", "ｓａｌａｓａｎａ", "ﬁnanssi", "Ⅻ luku",
    # emoji
    "🔑", "😀😀", "🔑 salasana", "salasana🔥unohtui", "👩‍💻 tuki",
    # upper case, umlauts
    "ÄÖÅ", "äöå", "SALASANA", "KÄYTTÖOHJE", "TUKIPYYNTÖ TILANNE", "Vianmääritys",
    # hyphens and other joiners
    "palkka-ajo", "palkka-ajon virhe", "e-lasku", "--salasana--", "salasana_unohtui", "o'connor",
    "sala\u00adsana", "sala\u200bsana", "sala\u200dsana",
    # ß
    "ß", "ßß", "Straße", "straße gatan", "ẞẞ",
    # combining characters
    "a\u0308", "a\u0308a\u0308", "ka\u0308ytto\u0308ohje", "ka\u0308yttöohje", "İstanbul",
    # JavaScript object keys
    "__proto__", "constructor", "toString hasOwnProperty", "valueOf",
    # a lone surrogate
    "\udc80abc salasana",
]
SUFFIXES = ["ni", "ssa", "lla", "kin", "nsa", "ksen", "lle", "sta", "han"]


def node_or_fail() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail("node is not installed (CI is set, so this is a failure, not a skip)", pytrace=False)
        pytest.skip("node is not installed")
    return node


def yaml_queries(path: Path) -> list[str]:
    return [entry["query"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]]


def random_words(forms: list[str], count: int = 200, seed: int = 20240611) -> list[str]:
    """Site words as a customer mistypes or inflects them: a letter dropped, two swapped, an ending added."""
    rng = random.Random(seed)
    pool = sorted(f for f in forms if len(f) >= 4 and f.isalpha())
    out = []
    for i in range(count):
        word = rng.choice(pool)
        at = rng.randrange(len(word) - 1)
        kind = i % 5
        if kind == 0:
            word = word[:at] + word[at + 1:]
        elif kind == 1:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        elif kind == 2:
            word += rng.choice(SUFFIXES)
        elif kind == 3:  # umlauts back, as a customer types them, and an ending
            word = word.replace("a", "ä", 1).replace("o", "ö", 1) + rng.choice(SUFFIXES)
        else:
            word += rng.choice(SUFFIXES) + rng.choice(SUFFIXES)
        out.append(word)
    # a few queries of several such words, with a filler word, for phrases
    for _ in range(30):
        picked = rng.sample(out, rng.randint(2, 3))
        out.append(" ".join(["miten", *picked] if rng.random() < 0.3 else picked))
    return out


def characters() -> list[str]:
    """Every character Python's Unicode data assigns (no surrogates, no private use), doubled into a word."""
    return [chr(c) * 2 for c in range(0x110000) if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]


# --- the lexicon, exported and read by Node --------------------------------------------------------------------


@pytest.fixture(scope="module")
def site():
    project = load_project(REPO)
    analyser = Analyser()
    docs = [doc.analyse(analyser) for doc in documents_of(project)]
    lexicon = site_lexicon(REPO, project.synonyms, docs, analyser)
    return docs, lexicon


@pytest.fixture(scope="module")
def view(site) -> LexiconView:
    _, lexicon = site
    return LexiconView(lexicon.forms, lexicon.df, lexicon.synonyms, lexicon.pages)


@pytest.fixture(scope="module")
def exported(site, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    docs, lexicon = site
    write_lexicon(folder, lexicon, {doc.url: f"fi_{i:07x}" for i, doc in enumerate(docs)})  # ids as Pagefind's
    return folder / OUTPUT_SUBDIR


@pytest.fixture(scope="module")
def query_sets(site) -> dict[str, list[str]]:
    _, lexicon = site
    return {
        "bench": yaml_queries(REPO / "bench" / "search_queries.yml"),
        "browser": yaml_queries(REPO / "tests" / "data" / "search_queries.yml"),
        "hostile": HOSTILE,
        "random": random_words(list(lexicon.forms)),
    }


def python_ranking(query: str, view: LexiconView, docs, lexicon) -> tuple[list[tuple[str, float]], dict, list[str]]:
    """queryplan.rank as run_query feeds it, from the analysed pages; and what Node needs for the same ranking."""
    planned = plan(query, view)
    counts = {doc.url: Counter(doc.content) for doc in docs}

    def scores(token: str) -> dict[str, float]:
        df = lexicon.df.get(token, 0)
        if df == 0:
            return {}
        return {url: term_score(lexicon.pages, df, held[token]) for url, held in counts.items() if held[token]}

    phrase_pages = {doc.url for doc in docs if planned.phrase and holds_phrase(doc.content, planned.phrase)}
    node_counts = {token: sorted((url, held[token]) for url, held in counts.items() if held[token])
                   for token in planned.tokens()}
    return rank(planned, scores, phrase_pages), node_counts, sorted(phrase_pages)


@pytest.fixture(scope="module")
def node(site, view, exported, query_sets) -> dict:
    binary = node_or_fail()
    docs, lexicon = site
    queries = sorted({q for qs in query_sets.values() for q in qs})
    ranked = {}
    rank_requests = []
    for query in query_sets["bench"] + query_sets["browser"]:
        ranking, counts, phrase_pages = python_ranking(query, view, docs, lexicon)
        ranked[query] = ranking
        rank_requests.append({"query": query, "counts": counts, "phrase_pages": phrase_pages})
    chars = characters()
    request = {"planner": PLANNER.as_uri(), "folder": str(exported), "queries": queries, "rank": rank_requests,
               "order": sorted(doc.url for doc in docs), "characters": chars}
    result = subprocess.run([binary, str(DRIVER)], input=json.dumps(request), capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    return {
        "loaded": answer["loaded"],
        "header": json.loads((exported / LEXICON).read_text(encoding="utf-8")),
        "chunk_keys": dict(zip(queries, answer["chunk_keys"])),
        "plans": dict(zip(queries, answer["plans"])),
        "partial": dict(zip(queries, answer["partial"])),
        "ranks": [(r["query"], ranked[r["query"]], js) for r, js in zip(rank_requests, answer["ranks"])],
        "characters": list(zip(chars, answer["characters"])),
    }


# --- comparing ----------------------------------------------------------------------------------------------


def python_plan(query: str, view: LexiconView) -> dict:
    """Plan.as_json, with the weights unrounded (as_json rounds them to 6 decimals)."""
    planned = plan(query, view)
    out = planned.as_json()
    for word, raw in zip(out["words"], planned.words):
        word["alternatives"] = [[token, weight] for token, weight in raw.alternatives]
    return out


def same_plan(py: dict, js: dict) -> bool:
    if py["phrase"] != js["phrase"] or len(py["words"]) != len(js["words"]):
        return False
    for a, b in zip(py["words"], js["words"]):
        if a["form"] != b["form"] or a["filler"] != b["filler"] or len(a["alternatives"]) != len(b["alternatives"]):
            return False
        for (token_a, weight_a), (token_b, weight_b) in zip(a["alternatives"], b["alternatives"]):
            if token_a != token_b or abs(weight_a - weight_b) > WEIGHT_TOLERANCE:
                return False
    return True


def report(title: str, mismatches: list[str]) -> str:
    shown = "\n\n".join(mismatches[:SHOWN])
    more = f"\n\n… and {len(mismatches) - SHOWN} more" if len(mismatches) > SHOWN else ""
    return f"{len(mismatches)} {title}:\n\n{shown}{more}"


def dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- the tests ----------------------------------------------------------------------------------------------


def test_rules_are_the_headers(node):
    assert node["header"]["rules"] == rules()


def test_node_loads_the_whole_lexicon_from_the_chunks(node, site):
    _, lexicon = site
    loaded = node["loaded"]
    assert loaded["forms"] == {form: [list(lemmas), list(parts)] for form, (lemmas, parts) in lexicon.forms.items()}
    assert loaded["df"] == lexicon.df
    assert loaded["synonyms"] == {token: list(others) for token, others in lexicon.synonyms.items()}
    assert node["header"]["pages"] == lexicon.pages


@pytest.mark.parametrize("group", ["bench", "browser", "hostile", "random"])
def test_plans_are_twins(node, view, query_sets, group):
    mismatches = []
    for query in query_sets[group]:
        py, js = python_plan(query, view), node["plans"][query]
        if not same_plan(py, js):
            mismatches.append(f"query {query!r}\n  python: {dump(py)}\n  js:     {dump(js)}")
    assert not mismatches, report(f"of {len(query_sets[group])} {group} queries plan differently", mismatches)


@pytest.mark.parametrize("group", ["bench", "browser", "hostile", "random"])
def test_the_chunks_search_js_loads_give_the_same_plan(node, site, view, query_sets, group):
    """search.js loads only the chunks chunkKeys names, plans, then loads the chunks of the plan's tokens for
    their page counts: that plan, and those counts, are the ones every chunk gives."""
    _, lexicon = site
    mismatches = []
    for query in query_sets[group]:
        partial, full = node["partial"][query], node["plans"][query]
        if not same_plan(full, partial["plan"]):
            mismatches.append(f"query {query!r} (chunks {partial['chunks']})\n  all chunks:   {dump(full)}\n"
                              f"  those loaded: {dump(partial['plan'])}")
        wrong_df = {t: (n, lexicon.df.get(t, 0)) for t, n in partial["df"].items() if n != lexicon.df.get(t, 0)}
        if wrong_df:
            mismatches.append(f"query {query!r} (chunks {partial['chunks']}): page counts "
                              f"(loaded, lexicon) {dump(wrong_df)}")
    assert not mismatches, report(f"of {len(query_sets[group])} {group} queries differ on partial loading", mismatches)


@pytest.mark.parametrize("group", ["bench", "browser", "hostile", "random"])
def test_chunk_keys_are_twins(node, query_sets, group):
    mismatches = [f"query {q!r}\n  python: {dump(chunk_keys(q))}\n  js:     {dump(node['chunk_keys'][q])}"
                  for q in query_sets[group] if chunk_keys(q) != node["chunk_keys"][q]]
    assert not mismatches, report(f"of {len(query_sets[group])} {group} queries need other chunks", mismatches)


def test_rankings_are_twins(node):
    mismatches = []
    for query, py, js in node["ranks"]:
        py_top, js_top = py[:TOP], [tuple(row) for row in js[:TOP]]
        if ([p for p, _ in py_top] != [p for p, _ in js_top] or len(py) != len(js)
                or any(abs(a - b) > SCORE_TOLERANCE for (_, a), (_, b) in zip(py_top, js_top))):
            mismatches.append(f"query {query!r} ({len(py)} pages in python, {len(js)} in js)\n"
                              f"  python: {dump(py_top)}\n  js:     {dump(js_top)}")
    assert not mismatches, report(f"of {len(node['ranks'])} queries rank differently", mismatches)


def test_rankings_find_something(node):
    """The ranking comparison is not vacuous: most of the real queries find pages."""
    found = sum(1 for _, py, _ in node["ranks"] if py)
    assert found >= 0.9 * len(node["ranks"])


def test_query_words_are_twins_on_every_character(node):
    """fold and the word pattern agree on every character both runtimes' Unicode data assign."""
    mismatches = []
    for text, js in node["characters"]:
        if js["unassigned"]:
            continue  # newer in Node's ICU than in Python's unicodedata: the runtimes, not the planners, differ
        py = query_words(text)
        if py != js["words"]:
            c = text[0]
            mismatches.append(f"U+{ord(c):04X} {unicodedata.name(c, '?')} ({unicodedata.category(c)}), "
                              f"query {text!r}\n  python: {dump(py)} {[f'U+{ord(x):04X}' for w in py for x in w]}\n"
                              f"  js:     {dump(js['words'])} {[f'U+{ord(x):04X}' for w in js['words'] for x in w]}")
    assert not mismatches, report("characters make other query words", mismatches)


# --- the Swedish pages' lexicon (lexicon.sv.json): the same planner on Swedish base forms ---------------------

SWEDISH_QUERIES = ["byta lösenordet", "lösenord", "ärendenumret", "fakturan ser fel ut", "fjärranslutning",
                   "hur registrerar jag ett supportärende", "servicenivåerna", "kundcentrets inloggning",
                   "öppettider helgdagar", "superuser byta", "tapausnumero", "lösenordsbyte", "driftstörningar"]
SWEDISH_SUFFIXES = ["en", "et", "na", "ar", "er", "erna", "arna", "s", "ens"]


def test_plans_and_rankings_are_twins_on_the_swedish_lexicon(tmp_path):
    binary = node_or_fail()
    project = load_project(REPO)
    docs = [doc.analyse(shared_analyser("sv")) for doc in documents_of(project.in_language("sv"))]
    assert docs, "no Swedish pages"
    lexicon = site_lexicon(REPO, project.synonyms, docs, Analyser())
    view = LexiconView(lexicon.forms, lexicon.df, lexicon.synonyms, lexicon.pages)
    # written under the default name: the driver reads lexicon.json, whichever language's it is
    write_lexicon(tmp_path, lexicon, {doc.url: f"sv_{i:07x}" for i, doc in enumerate(docs)})
    rng = random.Random(20261202)
    forms = sorted(f for f in lexicon.forms if len(f) >= 4 and f.isalpha())
    queries = SWEDISH_QUERIES + [rng.choice(forms) + rng.choice(SWEDISH_SUFFIXES) for _ in range(100)]
    ranked, requests = {}, []
    for query in queries:
        ranking, counts, phrase_pages = python_ranking(query, view, docs, lexicon)
        ranked[query] = ranking
        requests.append({"query": query, "counts": counts, "phrase_pages": phrase_pages})
    request = {"planner": PLANNER.as_uri(), "folder": str(tmp_path / OUTPUT_SUBDIR), "queries": queries,
               "rank": requests, "order": sorted(doc.url for doc in docs), "characters": []}
    result = subprocess.run([binary, str(DRIVER)], input=json.dumps(request), capture_output=True, text=True,
                            encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    mismatches = [f"query {q!r}\n  python: {dump(python_plan(q, view))}\n  js:     {dump(js)}"
                  for q, js in zip(queries, answer["plans"]) if not same_plan(python_plan(q, view), js)]
    for query, js in zip(queries, answer["ranks"]):
        py = ranked[query]
        if ([p for p, _ in py] != [p for p, _ in js]
                or any(abs(a - b) > SCORE_TOLERANCE for (_, a), (_, b) in zip(py, js))):
            mismatches.append(f"query {query!r}\n  python: {dump(py[:TOP])}\n  js:     {dump(js[:TOP])}")
    assert not mismatches, report(f"of {len(queries)} Swedish queries differ", mismatches)
    assert sum(1 for query in SWEDISH_QUERIES if ranked[query]) == len(SWEDISH_QUERIES)  # not vacuous
