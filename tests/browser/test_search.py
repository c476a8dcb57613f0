"""The search box in the header, in Debian's Chromium: results for Finnish words, keyboard use, axe-core, recall and download size.

Recall@3 over tests/data/search_queries.yml is measured for the site's own search (Pagefind, must be ≥ 90 %) and, for
comparison, for Material's stock search on the same pages (the default site rebuilt with `plugins: [search]`).
Both figures are printed (pytest -s) and recorded as test properties.
"""

from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data/search_queries.yml").read_text(encoding="utf-8"))["queries"]
MIN_RECALL = 0.90
FIRST_SEARCH_BUDGET = 300_000  # bytes, gzip-compressed: the download target of a first search at 5,000 pages
PRECOMPRESSED = (".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter", ".pagefind")


@pytest.fixture(scope="module")
def stock_url(repo_root: Path, build_site, serve_folder, tmp_path_factory) -> Iterator[str]:
    """The default site with Material's own search plugin instead of Pagefind, served on 127.0.0.1."""
    copy = tmp_path_factory.mktemp("stock") / "repo"
    top_level = {".venv", ".git", "node_modules", ".cache", "site", "site.staging", "site.previous", ".pytest_cache"}

    def skip(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n == "__pycache__" or (Path(folder) == repo_root and n in top_level)]

    shutil.copytree(repo_root, copy, ignore=skip)
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nplugins: []\n" in text
    config.write_text(text.replace("\nplugins: []\n", "\nplugins:\n  - search:\n      lang: fi\n"), encoding="utf-8")
    site = copy.parent / "site"
    result = build_site(copy, site)
    assert result.returncode == 0, result.stderr
    with serve_folder(site) as url:
        yield url


def search_with_our_box(page, query: str) -> list[str]:
    """Type the query as a visitor does and return the result links' paths, best first."""
    page.fill("#ss-search-input", query)
    page.press("#ss-search-input", "Enter")
    page.wait_for_function(
        "q => { const s = document.querySelector('#ss-search-status').textContent;"
        " return document.querySelector('#ss-search-input').value === q && s && !s.startsWith('Haetaan'); }", arg=query)
    return page.eval_on_selector_all("#ss-search-results a", "links => links.map(a => new URL(a.href).pathname)")


def search_with_material(page, base: str, query: str) -> list[str]:
    page.goto(base)
    page.click("input.md-search__input")
    page.fill("input.md-search__input", query)
    # Material's worker answers asynchronously; its meta line changes from "Initializing" once it has.
    page.wait_for_function("() => !/Alustetaan|Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)")
    page.wait_for_timeout(400)
    found = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => new URL(a.href).pathname)")
    return list(dict.fromkeys(found))  # a page's sections come as further items: count each page once


def recall_at_3(results: dict[str, list[str]]) -> tuple[float, list[str]]:
    misses = [f"{q['kind']}: {q['query']!r} → {results[q['query']][:3]}" for q in QUERIES
              if "/" + q["expected"] not in results[q["query"]][:3]]
    return 1 - len(misses) / len(QUERIES), misses


def test_query_set_is_large_and_names_real_articles(repo_root):
    from hooks.core.content import load_project
    urls = {faq.url for faq in load_project(repo_root).faqs}
    assert len(QUERIES) >= 30
    assert {q["kind"] for q in QUERIES} == {"inflected", "synonym", "typo"}
    assert [q["expected"] for q in QUERIES if q["expected"] not in urls] == []


def test_search_box_finds_inflected_forms_and_links_to_the_article(page, base_url, page_requests):
    page.goto(base_url + "ukk/")
    paths = search_with_our_box(page, "tukipyyntöjä")
    assert "/ukk/miten-rekisteroin-tapauksen/" in paths[:3]
    assert re.fullmatch(r"\d+ tulosta?(, näytetään 8 parasta)?", page.text_content("#ss-search-status"))
    # under its title, a result shows a sentence of the page's opening text (a file beside the index)
    result = page.locator("#ss-search-results li").filter(
        has=page.locator('a[href$="/ukk/miten-rekisteroin-tapauksen/"]'))
    assert result.locator(".ss-search__excerpt").text_content().startswith("Kaikki asiointi Service & Kvalitet")
    page.click('#ss-search-results a[href$="/ukk/miten-rekisteroin-tapauksen/"]')
    page.wait_for_url(base_url + "ukk/miten-rekisteroin-tapauksen/")
    assert page.text_content("h1").strip() == "Miten rekisteröin tukitapauksen?"
    assert page_requests.offsite() == []


def test_search_box_works_from_the_keyboard_and_passes_axe(page, base_url, axe_check):
    page.goto(base_url + "academy/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "ss-search-input"
    page.keyboard.type("salasana")
    # a function, not an expression: Playwright would eval() an expression, which the pages' policy forbids
    page.wait_for_function("() => document.querySelectorAll('#ss-search-results a').length > 0")
    assert page.is_visible("#ss-search-panel")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and first.endswith("/")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") != first
    assert axe_check(page) == []  # with the results open
    page.keyboard.press("Escape")
    assert page.is_hidden("#ss-search-panel")
    assert page.evaluate("document.activeElement.id") == "ss-search-input"


def test_no_results_are_said_in_finnish(page, base_url):
    page.goto(base_url)
    assert search_with_our_box(page, "qxzqxz") == []
    assert page.text_content("#ss-search-status") == "Ei tuloksia. Kokeile toista sanaa."


def test_first_search_downloads_little(page, base_url, record_property):
    page.goto(base_url + "ukk/")
    page.wait_for_load_state("networkidle")
    responses = []
    page.on("response", lambda response: responses.append(response))
    search_with_our_box(page, "salasanan vaihtaminen")
    page.wait_for_load_state("networkidle")
    search_files = [r for r in responses if urlsplit(r.url).path.startswith("/pagefind/")]
    assert search_files, "the search loaded nothing from pagefind/"
    # Pagefind writes its index, fragments, metadata and WebAssembly gzipped already: they count as stored
    compressed = sum(len(r.body()) if r.url.endswith(PRECOMPRESSED) else len(gzip.compress(r.body(), 6))
                     for r in search_files)
    record_property("first_search_gzip_bytes", compressed)
    print(f"\nfirst search: {len(search_files)} files, {compressed} bytes gzip")
    assert compressed <= FIRST_SEARCH_BUDGET


def test_recall_at_3_of_our_search_and_of_materials_stock_search(page, base_url, stock_url, record_property):
    page.goto(base_url)
    ours, our_misses = recall_at_3({q["query"]: search_with_our_box(page, q["query"]) for q in QUERIES})
    stock, _ = recall_at_3({q["query"]: search_with_material(page, stock_url, q["query"]) for q in QUERIES})
    record_property("recall_at_3_pagefind", ours)
    record_property("recall_at_3_material_stock", stock)
    print(f"\nrecall@3 over {len(QUERIES)} queries: supportsite search {ours:.1%}, Material stock search {stock:.1%}")
    assert ours >= MIN_RECALL, "\n".join(our_misses)
    assert ours > stock


# --- the project's query set: both engines, the thresholds of bench/RESULTS.md ----------------------------------

BENCH_QUERIES = Path(__file__).resolve().parents[2] / "bench" / "search_queries.yml"
# recall@3 floors per (part, language), on bench/search_queries.yml: the goals of issue 13 (measured: bench/RESULTS.md,
# "Search").
MIN_RECALL_AT_3 = {("tuning", "fi"): 0.90, ("holdout", "fi"): 0.90, ("tuning", "sv"): 0.80, ("holdout", "sv"): 0.80}
MIN_TOP3_AGREEMENT = 0.95  # the two engines' top 3 are the same pages for this share of queries


def _bench_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location("search_recall", BENCH_QUERIES.with_name("search_recall.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_both_engines_find_the_answers_and_agree_on_the_project_query_set(page, base_url, repo_root, record_property):
    from hooks.core.content import load_project
    from hooks.core.search import documents_of, index_lexicon, open_index, run_query

    bench = _bench_module()
    queries = bench.load_queries(BENCH_QUERIES)
    page.goto(base_url)
    browser = {q["query"]: [p.removeprefix("/") for p in search_with_our_box(page, q["query"])] for q in queries}
    project = load_project(repo_root)
    with open_index(repo_root, documents_of(project)) as (ix, _):
        lexicon = index_lexicon(repo_root, project.synonyms, ix)
        cli = {q["query"]: [hit.url for hit in run_query(ix, lexicon, q["query"], 8)] for q in queries}
    result = bench.measure(queries, {"browser": browser, "cli": cli})
    failures = []
    for (part, lang), floor in MIN_RECALL_AT_3.items():
        for engine in ("browser", "cli"):
            cell = result["figures"][f"{engine}/{part}/{lang}"]["recall@3"]
            record_property(f"recall_at_3_{engine}_{part}_{lang}", cell["recall"])
            if cell["recall"] < floor:
                failures.append(f"{engine} {part} {lang}: recall@3 {cell['hits']}/{cell['n']} < {floor:.0%}")
    agreement = result["top3_agreement"]
    record_property("top3_agreement", agreement["share"])
    if agreement["share"] < MIN_TOP3_AGREEMENT:
        failures.append(f"top-3 agreement {agreement['agree']}/{agreement['n']} < {MIN_TOP3_AGREEMENT:.0%}")
    print("\n" + bench.markdown(result))
    assert failures == [], "\n".join(failures) + "\n\n" + bench.markdown(result)


def test_pagefind_finds_every_token_exactly_on_the_pages_that_hold_it(page, base_url, repo_root):
    """What the ranking contract needs of Pagefind: a search for a token (with its terminator) returns exactly the
    pages whose record holds it, each with as many matched words as the record holds the token. A Pagefind release
    that matched more loosely (prefixes, typos, stems) or counted otherwise would break the engines' agreement."""
    from collections import Counter

    from hooks.core.content import load_project
    from hooks.core.search import documents_of
    from hooks.core.textanalysis import shared_analyser

    docs = [doc.analyse(shared_analyser()) for doc in documents_of(load_project(repo_root))]
    urls = sorted(doc.url for doc in docs)
    expected: dict[str, dict[int, int]] = {}
    for doc in docs:
        for token, count in Counter(doc.content).items():
            expected.setdefault(token, {})[urls.index(doc.url)] = count
    page.goto(base_url)
    found = page.evaluate("""async ([root, tokens]) => {
      const pagefind = await import(root + "pagefind/pagefind.js");
      await pagefind.options({ baseUrl: new URL(root).pathname });
      const header = await (await fetch(root + "pagefind/lexicon.json")).json();
      const place = {};
      for (const name of Object.values(header.order)) Object.assign(place, await (await fetch(root + "pagefind/lexicon/" + name)).json());
      const out = {};
      for (const token of tokens) {
        const results = (await pagefind.search(token + header.rules.terminator)).results;
        out[token] = results.map((r) => [place[r.id.slice(r.id.indexOf("_") + 1)], r.words.length]);
      }
      return out;
    }""", [base_url, sorted(expected)])
    wrong = {token: (expected[token], dict(map(tuple, found[token]))) for token in expected
             if dict(map(tuple, found[token])) != expected[token]}
    assert len(expected) > 1000 and wrong == {}
