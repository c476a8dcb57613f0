"""What a visitor's first search downloads, measured in a real browser (the target: ≤ 300 kB compressed at 5,000 pages).

Usage: ``python bench/first_search.py SITE_DIR [--page ukk/…/] [--query tilauksen --query …] [--json]``

Serves SITE_DIR on 127.0.0.1, opens PAGE in Debian's Chromium (Playwright) with an empty cache, types
each query into the site's search box in a fresh browser context and records every response that
the search caused (supportsite: from focusing the box until the results have settled; Material:
every request for its search index, worker and lunr scripts, which it loads with the page). Bytes are
counted as a compressing server would send them: Pagefind's index, fragment, metadata and WebAssembly
files are stored gzipped and count as they are; scripts, styles and JSON count gzipped (level 6).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import sys
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUERIES = ("tilauksen", "lasku", "salasana ei toimi", "palkkalaskelma tulostus")
PRECOMPRESSED = (".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter", ".pagefind")
SETTLE_S = 1.5


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def wire_bytes(url: str, body: bytes) -> int:
    path = url.split("?", 1)[0]
    if path.endswith(PRECOMPRESSED):
        return len(body)
    return len(gzip.compress(body, 6, mtime=0))


def _search_supportsite(page, query: str, record: list) -> int:
    page.focus("#ss-search-input")
    record.clear()  # what the page loaded before the visitor searched is not the search's cost
    record.append(True)
    page.fill("#ss-search-input", query)
    page.keyboard.press("Enter")
    # functions, not expressions: Playwright eval()s an expression, which the pages' Content-Security-Policy forbids
    page.wait_for_function("() => document.querySelectorAll('#ss-search-results li').length > 0"
                           " || /(ei|0)\\b/i.test(document.querySelector('#ss-search-status').textContent)", timeout=30_000)
    time.sleep(SETTLE_S)
    return page.evaluate("() => document.querySelectorAll('#ss-search-results li').length")


def _search_material(page, query: str, record: list) -> int:
    record.append(True)
    page.fill("input.md-search__input", query)
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0"
                           " || document.querySelector('.md-search-result__meta')?.textContent.length > 0", timeout=60_000)
    time.sleep(SETTLE_S)
    return page.evaluate("document.querySelectorAll('.md-search-result__item').length")


def measure(site: Path, page_path: str, queries: tuple[str, ...]) -> dict:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    engine = "pagefind" if (site / "pagefind").is_dir() else "material"
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for query in queries:
                    context = browser.new_context()
                    context.route("**/*", lambda route, request: route.continue_() if request.url.startswith(base) else route.abort())
                    flag: list = []  # non-empty once the search has started
                    seen: list[tuple[str, int]] = []

                    def on_response(response, flag=flag, seen=seen):
                        if engine == "material":
                            if not any(part in response.url for part in ("/search/", "/workers/", "/lunr/")):
                                return
                        elif not flag:
                            return
                        try:
                            body = response.body()
                        except Exception:  # noqa: BLE001 - a redirect or aborted response has no body to count
                            return
                        seen.append((response.url.removeprefix(base), wire_bytes(response.url, body)))

                    context.on("response", on_response)
                    page = context.new_page()
                    page.goto(base + page_path, wait_until="load")
                    shown = (_search_supportsite if engine == "pagefind" else _search_material)(page, query, flag)
                    context.close()
                    results.append({"query": query, "results_shown": shown, "requests": len(seen),
                                    "bytes": sum(size for _, size in seen),
                                    "files": sorted(seen, key=lambda item: -item[1])[:12]})
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    worst = max(results, key=lambda r: r["bytes"])
    return {"engine": engine, "page": page_path, "first_search_bytes_max": worst["bytes"], "worst_query": worst["query"],
            "queries": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--page", default="", help="page path to open, e.g. ukk/…/ (default: the home page)")
    parser.add_argument("--query", action="append", help="repeatable; default: a few customer queries")
    parser.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    args = parser.parse_args(argv)
    result = measure(args.site.resolve(), args.page, tuple(args.query or QUERIES))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
