"""During an outage: seconds from the start of ``supportsite publish status`` to the new incident on every page type.

Usage: ``python bench/status_publish.py --pages 5000 --runs 3 [--against COMMIT] --json``

Generates the corpus (bench/corpus.py) and builds it whole (``mkdocs build``, ``SOURCE_DATE_EPOCH`` pinned), serves
``site/`` over HTTP on 127.0.0.1, then for each run writes a new incident with ``supportsite new incident`` and
starts the clock with ``supportsite publish status``. When the command returns, Debian's Chromium (Playwright)
opens a page of each type (home, FAQ article, manual chapter, status page) and waits until the incident's title
is shown in the page (the banner of every page reads ``status/current.json``; the status page is rebuilt);
the Atom feed and the API's ``summary.json`` are fetched until they carry it. Each page's figure is the command's
seconds plus that page's own load, as for a reader who opens it when the command returns; the machine's load
average is recorded before and after. ``--against COMMIT`` builds that commit's corpus too (a git worktree, as
bench/ab.py does) and publishes with it and with this tree in turn, so that both see the same hour of the machine.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)
from build_speed import settle  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
DEFAULT_WORK = Path("/tmp/supportsite-bench")


def _env() -> dict[str, str]:
    return corpus.build_env()


def _supportsite(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("supportsite")), "--root", str(root), *args]
    return subprocess.run(command, cwd=root, env=_env(), capture_output=True, text=True, timeout=600, check=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _pages(root: Path, manifest: dict) -> dict[str, str]:
    """One page address of each type."""
    chapter = sorted(p for p in (root / "academy/manuals").glob("*/0*.md"))[0]
    return {
        "home": "",
        "faq": manifest["probe_faq_url"],
        "chapter": chapter.relative_to(root).as_posix().removesuffix(".md") + "/",
        "status page": "status/",
    }


def run_once(root: Path, base: str, pages: dict[str, str], browser, run: int, timeout: float) -> dict:
    title = f"Kirjautuminen ei onnistu (mittaus {run})"
    _supportsite(root, "new", "incident", "--title", title, "--component", "kirjautuminen", "--impact", "major",
                 "--message", "Selvitämme ongelmaa.", "--at", corpus.REFERENCE.isoformat())
    start = time.monotonic()
    _supportsite(root, "publish", "status")
    command_s = time.monotonic() - start
    seen: dict[str, float] = {"command": command_s}
    # Each page type as a reader who opens it when the command has returned: the command's time plus that page's
    # own load until the incident shows (one after the other here, so as not to add the others' loads).
    page = browser.new_page()
    try:
        for kind, path in pages.items():
            opened = time.monotonic()
            page.goto(base + path)
            page.wait_for_function("t => document.body.innerText.includes(t)", arg=title, timeout=timeout * 1000)
            seen[kind] = command_s + time.monotonic() - opened
    finally:
        page.close()
    for kind, path in (("atom feed", "status/history.atom"), ("api summary", "api/v2/summary.json")):
        opened, deadline = time.monotonic(), time.monotonic() + timeout
        while title not in _fetch(base + path):
            if time.monotonic() > deadline:
                raise SystemExit(f"{path} did not carry the incident within {timeout:.0f} s")
            time.sleep(0.05)
        seen[kind] = command_s + time.monotonic() - opened
    seen["every page type"] = max(seen.values())
    return {k: round(v, 2) for k, v in seen.items()}


def _built(root: Path, pages: int, repo: Path = corpus.REPO) -> dict:
    """The corpus generated from ``repo`` into ``root`` and built whole; its manifest."""
    manifest = corpus.generate(root, pages, repo=repo)
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
                           cwd=root, env=_env(), capture_output=True, text=True)
    if built.returncode:
        raise SystemExit(f"the full build of {root} failed: {built.stderr[-2000:]}")
    return manifest


def measure(pages: int, runs: int, work: Path, timeout: float, log=print, against: str | None = None) -> dict:
    """``runs`` publishes of this tree; with ``against``, of that commit too, alternated run by run (a, then b)."""
    from playwright.sync_api import sync_playwright

    from ab import remove_worktree, worktree

    tree = worktree(against, work) if against else None
    try:
        roots = {"b": work / f"publish-{pages}"}
        if tree is not None:
            roots = {"a": work / f"publish-a-{pages}", **roots}
        manifests = {name: _built(root, pages, tree if name == "a" else corpus.REPO) for name, root in roots.items()}
        load_before = settle(log)["load"]  # the full builds' load gone first
        # Each folder itself is served: publish swaps a new one in at the same path.
        servers = {name: _serve(root / "site") for name, root in roots.items()}
        results: dict[str, list[dict]] = {name: [] for name in roots}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=["--no-sandbox", "--disable-gpu"])
                for run in range(runs):
                    for name, root in roots.items():
                        base = servers[name][1]
                        results[name].append(run_once(root, base, _pages(root, manifests[name]), browser, run, timeout))
                        log(f"  run {run + 1}/{runs}{f' ({name})' if tree else ''}: {results[name][-1]}")
                browser.close()
        finally:
            for server, _ in servers.values():
                server.shutdown()
    finally:
        if tree is not None:
            remove_worktree(tree)
    load_after = os.getloadavg()
    kinds = results["b"][0].keys()

    def medians(runs_of: list[dict]) -> dict[str, float]:
        return {kind: round(statistics.median(r[kind] for r in runs_of), 2) for kind in kinds}

    result = {
        "pages": pages, "runs": runs, "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after],
        "seconds": results["b"],
        "median_s": medians(results["b"]),
    }
    if tree is not None:
        result["against"] = {
            "commit": against, "seconds": results["a"], "median_s": medians(results["a"]),
            # this tree over the commit, run by run (each pair a minute apart at most), then the median
            "b_over_a": {kind: round(statistics.median(b[kind] / a[kind]
                                                       for a, b in zip(results["a"], results["b"])), 2)
                         for kind in kinds},
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    parser.add_argument("--against", help="a commit to publish with too, run by run with this tree (an A/B)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    result = measure(args.pages, args.runs, args.work.resolve(), args.timeout,
                     log=lambda m: print(m, file=sys.stderr, flush=True), against=args.against)
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
