"""Recall of both search engines over bench/search_queries.yml: the browser's search box (Pagefind) and `supportsite search` (Whoosh).

Usage: ``python bench/search_recall.py [--work /tmp/supportsite-bench] [--queries bench/search_queries.yml] [--json]``

Builds the default site once (``mkdocs build --strict``, ``SOURCE_DATE_EPOCH`` pinned as the tests pin it) into
``<work>/search-recall/site``, then for every query: types it into the site's search box in Debian's Chromium
(Playwright), waits for the results and reads the result links' hrefs; and runs ``supportsite search --json`` (its
Whoosh cache lives in the repository's git-ignored ``.cache/``, as for every CLI run). Reports recall@1 and recall@3
per engine on the tuning part and the held-out part, Finnish and Swedish separately; the share of queries whose
top-3 results agree between the engines (as sets of URLs); and every miss. Before measuring it checks the query
set: every expected URL is a page of the built site, the holdout flags follow the file's rule, and it counts the
queries that share no word with their target's title, tags or keywords (at least a third must).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_WORK = Path("/tmp/supportsite-bench")
DEFAULT_QUERIES = REPO / "bench" / "search_queries.yml"
SOURCE_DATE_EPOCH = 1795003200  # tests/conftest.py SOURCE_DATE_EPOCH: 2026-11-18 12:00 UTC, inside office hours
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOLDOUT_EVERY = 3      # bench/search_queries.yml: every third query in file order is held out
MIN_NO_SHARED = 1 / 3  # share of queries that must share no word with their target's title/tags/keywords
TOP = 3
ENGINES = ("browser", "cli")
_WORD = re.compile(r"[^\W_]+")
_FOLD = str.maketrans("äöå", "aoa")


def words(text: str) -> set[str]:
    """Lower-cased words with ä/ö/å folded, so that "hairio" counts as sharing a word with "häiriö"."""
    return {w.translate(_FOLD) for w in _WORD.findall(text.lower())}


def load_queries(path: Path) -> list[dict]:
    queries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    for q in queries:
        q["expected"] = [q["expected"]] if isinstance(q["expected"], str) else list(q["expected"])
        q["holdout"] = bool(q.get("holdout", False))
    return queries


def page_words() -> dict[str, set[str]]:
    """URL → the words of its title, tags and keywords, from the sources (hooks.core.content, read only)."""
    from hooks.core.content import load_project

    project = load_project(REPO)
    documents = [*project.pages, *project.faqs, *project.manuals, *project.news, *project.posts]
    documents += [chapter for manual in project.manuals for chapter in manual.chapters]
    found: dict[str, set[str]] = {}
    for doc in documents:
        text = " ".join([getattr(doc, "title", None) or "", *getattr(doc, "tags", ()), *getattr(doc, "keywords", ())])
        found[doc.url] = words(text)
    return found


def check_queries(queries: list[dict], site: Path) -> dict:
    """Problems with the query set (missing pages, holdout flags off the rule) and its composition."""
    problems = []
    for i, q in enumerate(queries):
        for url in q["expected"]:
            if not (site / url / "index.html").is_file():
                problems.append(f"{q['query']!r}: {url} is not a page of the built site")
        if q["holdout"] != (i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1):
            problems.append(f"{q['query']!r} (#{i + 1}): holdout flag does not follow the every-third rule")
    known = page_words()
    no_shared = []
    for q in queries:
        target = set().union(*(known.get(url, set()) for url in q["expected"]))
        if not words(q["query"]) & target:
            no_shared.append(q["query"])
    if len(no_shared) < MIN_NO_SHARED * len(queries):
        problems.append(f"only {len(no_shared)} of {len(queries)} queries share no word with their target (need a third)")

    def count(key: str) -> dict:
        out: dict[str, int] = {}
        for q in queries:
            out[q[key]] = out.get(q[key], 0) + 1
        return dict(sorted(out.items()))

    return {"queries": len(queries), "holdout": sum(q["holdout"] for q in queries), "by_kind": count("kind"),
            "by_lang": count("lang"), "no_shared_word": len(no_shared), "no_shared_word_queries": no_shared,
            "problems": problems}


def build_site(dest: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(dest)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed ({done.returncode}):\n{done.stderr[-4000:]}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def search_browser(site: Path, queries: list[str]) -> dict[str, list[str]]:
    """Each query typed into the search box as a visitor does; the result links' URLs (site-relative), best first."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found: dict[str, list[str]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context()
                context.set_default_timeout(30_000)
                context.route("**/*", lambda route, request: route.continue_() if request.url.startswith(base) else route.abort())
                page = context.new_page()
                page.goto(base, wait_until="load")
                for query in queries:
                    # as tests/browser/test_search.py search_with_our_box: wait until this query's results are shown
                    page.fill("#ss-search-input", query)
                    page.press("#ss-search-input", "Enter")
                    page.wait_for_function(
                        "q => { const s = document.querySelector('#ss-search-status').textContent;"
                        " return document.querySelector('#ss-search-input').value === q && s && !s.startsWith('Haetaan'); }",
                        arg=query)
                    paths = page.eval_on_selector_all("#ss-search-results a", "links => links.map(a => new URL(a.href).pathname)")
                    found[query] = [p.removeprefix("/") for p in paths]
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def search_cli(queries: list[str]) -> dict[str, list[str]]:
    """Each query through ``supportsite search --json`` in its own process, as a writer runs it."""
    command = [str(Path(sys.executable).with_name("supportsite")), "--root", str(REPO), "search", "--json"]
    found: dict[str, list[str]] = {}
    for query in queries:
        done = subprocess.run([*command, query], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise SystemExit(f"supportsite search {query!r} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        found[query] = [urlsplit(r["url"]).path.removeprefix("/") for r in json.loads(done.stdout)]
    return found


def recall(queries: list[dict], results: dict[str, list[str]], k: int) -> dict:
    hits = sum(1 for q in queries if set(q["expected"]) & set(results[q["query"]][:k]))
    return {"hits": hits, "n": len(queries), "recall": hits / len(queries) if queries else None}


def measure(queries: list[dict], results: dict[str, dict[str, list[str]]]) -> dict:
    parts = {"tuning": [q for q in queries if not q["holdout"]], "holdout": [q for q in queries if q["holdout"]]}
    figures = {}
    for engine in ENGINES:
        for part, members in parts.items():
            for lang in ("fi", "sv", "all"):
                subset = [q for q in members if lang == "all" or q["lang"] == lang]
                figures[f"{engine}/{part}/{lang}"] = {f"recall@{k}": recall(subset, results[engine], k) for k in (1, TOP)}
    agree = [q for q in queries
             if set(results["browser"][q["query"]][:TOP]) == set(results["cli"][q["query"]][:TOP])]
    misses = {engine: [{"query": q["query"], "kind": q["kind"], "lang": q["lang"], "holdout": q["holdout"],
                        "expected": q["expected"], "top3": results[engine][q["query"]][:TOP]}
                       for q in queries if not set(q["expected"]) & set(results[engine][q["query"]][:TOP])]
              for engine in ENGINES}
    return {"figures": figures, "top3_agreement": {"agree": len(agree), "n": len(queries), "share": len(agree) / len(queries)},
            "misses": misses}


def _pct(cell: dict) -> str:
    return "–" if cell["recall"] is None else f"{cell['recall']:.1%} ({cell['hits']}/{cell['n']})"


def markdown(result: dict) -> str:
    lines = ["| engine | part | lang | recall@1 | recall@3 |", "| --- | --- | --- | ---: | ---: |"]
    for key, cell in result["figures"].items():
        engine, part, lang = key.split("/")
        lines.append(f"| {engine} | {part} | {lang} | {_pct(cell['recall@1'])} | {_pct(cell['recall@3'])} |")
    agreement = result["top3_agreement"]
    lines.append("")
    lines.append(f"Top-3 agreement (same set of URLs): {agreement['share']:.1%} ({agreement['agree']}/{agreement['n']})")
    for engine, misses in result["misses"].items():
        lines.append("")
        lines.append(f"Misses at 3, {engine} ({len(misses)}):")
        for m in misses:
            held = " [holdout]" if m["holdout"] else ""
            lines.append(f"- {m['kind']}/{m['lang']}{held}: {m['query']!r} → {m['top3']} (expected {', '.join(m['expected'])})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="where the build goes (/tmp or bench/out/)")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of Markdown")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    site = (args.work / "search-recall" / "site").resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    queries = load_queries(args.queries)
    print(f"building the default site into {site} …", file=sys.stderr)
    build_site(site)
    composition = check_queries(queries, site)
    if composition["problems"]:
        print("\n".join(composition["problems"]), file=sys.stderr)
        return 1
    texts = [q["query"] for q in queries]
    print(f"{len(texts)} queries in Chromium …", file=sys.stderr)
    results = {"browser": search_browser(site, texts)}
    print(f"{len(texts)} queries through supportsite search …", file=sys.stderr)
    results["cli"] = search_cli(texts)
    result = {"composition": composition, **measure(queries, results), "results": results}
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        c = composition
        print(f"{c['queries']} queries ({c['holdout']} held out); by language {c['by_lang']}; by kind {c['by_kind']}; "
              f"{c['no_shared_word']} share no word with their target's title, tags or keywords\n")
        print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
