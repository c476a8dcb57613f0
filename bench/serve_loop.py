"""The writers' loop: seconds from saving a status post, FAQ article or manual chapter to its page in ``make serve``.

Usage: ``python bench/serve_loop.py --pages 1000 --changes 3 --json``

Generates the corpus (bench/corpus.py), starts ``mkdocs serve --dirty`` (what ``make serve`` runs) on 127.0.0.1
at a free port with ``SOURCE_DATE_EPOCH`` pinned, waits for the first build, then ``--changes`` times appends a
fresh token to the first update of one status post (``--edit faq``, ``--edit chapter``: a paragraph to the probe
FAQ article or to the first manual's first chapter, which also changes the related-articles choice's input;
``--edit faq-title``: the token into the probe FAQ article's title; ``--edit incident``: ``supportsite new incident``
with the token as its title, timed from the command's start) and polls that page (for a new incident, the status
page) until the token is served; for a status post, also the status blog's Atom feed, which carries the updates; for a
title, also the FAQ index, which lists it. Every wait is bounded (``--timeout``); the server is
stopped (by its process id) whatever happens.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)
from build_speed import settle  # noqa: E402

POLL_S = 0.1


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, token: str, deadline: float, server: subprocess.Popen) -> float | None:
    """Poll until ``token`` is in the page; the monotonic time it was first seen, or None at the deadline."""
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve exited with {server.returncode}")
        html = fetch(url)
        if html is not None and token in html:
            return time.monotonic()
        time.sleep(POLL_S)
    return None


def built_count(log: Path) -> int:
    """How many builds the server has finished and served: one "Reloading browsers" line each, with its time
    (MkDocs drops a log line that repeats an earlier one, as "Documentation built in 1.08 seconds" may)."""
    return log.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")


def wait_for_builds(log: Path, count: int, deadline: float) -> float | None:
    while time.monotonic() < deadline:
        if built_count(log) >= count:
            return time.monotonic()
        time.sleep(POLL_S)
    return None


def measure(pages: int, changes: int, work: Path, timeout: float, log=print, edit: str = "status") -> dict:
    root = work / f"serve-{pages}"
    manifest = corpus.generate(root, pages)
    probe = {"faq-title": "faq", "incident": "status"}.get(edit, edit)
    post = root / manifest[f"probe_{probe}"]
    port = free_port()
    url = f"http://127.0.0.1:{port}/{'status/' if edit == 'incident' else manifest[f'probe_{probe}_url']}"
    env = corpus.build_env()
    server_log = work / f"serve-{pages}.log"
    with server_log.open("wb") as out:
        started = time.monotonic()
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(root / "mkdocs.yml"),
             "-a", f"127.0.0.1:{port}"],
            cwd=root, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
        try:
            title_seen = wait_for(url, "</html>", started + timeout, server)
            if title_seen is None:
                raise SystemExit(f"the first build was not served within {timeout:.0f} s (log: {server_log})")
            first_build = title_seen - started
            log(f"  first build served after {first_build:.1f} s")
            time.sleep(2)  # let the watcher settle after the first build
            load_before = settle(log)["load"]  # and the machine: the first build's load gone
            loops, feeds, settled = [], [], []
            feed = {"status": f"http://127.0.0.1:{port}/status/history.atom",  # the list that carries it
                    "incident": f"http://127.0.0.1:{port}/status/history.atom",
                    "faq-title": f"http://127.0.0.1:{port}/ukk/"}.get(edit)
            original = post.read_text(encoding="utf-8")  # not restored at the end: a save would start one more rebuild
            for change in range(changes):
                token = f"Lisätieto-{change}-{time.monotonic_ns()}"
                if edit == "status":  # the first update's text: the page and the feed show it, the state stays
                    text = original.replace('    text: "', f'    text: "{token}: ', 1)
                elif edit == "faq-title":  # the FAQ index and the article's topic and product pages list it
                    text = original.replace('title: "', f'title: "{token} ', 1)
                else:
                    text = original + f"\n{token}: tilannetta seurataan edelleen.\n"
                builds_before = built_count(server_log)
                saved = time.monotonic()
                if edit == "incident":  # the writer's command, on a component of the probe post
                    component = re.search(r"^components:\n\s+([a-z0-9-]+):", original, re.MULTILINE).group(1)
                    subprocess.run([str(Path(sys.executable).with_name("supportsite")), "--root", str(root), "new",
                                    "incident", "--title", token, "--component", component, "--impact", "major",
                                    "--message", "Selvitämme asiaa."], env=env, check=True, capture_output=True)
                else:
                    post.write_text(text, encoding="utf-8")
                seen = wait_for(url, token, saved + timeout, server)
                if seen is None:
                    raise SystemExit(f"change {change} was not served within {timeout:.0f} s (log: {server_log})")
                loops.append(seen - saved)
                log(f"  change {change + 1}/{changes}: served after {loops[-1]:.2f} s")
                if feed:
                    fed = wait_for(feed, token, saved + timeout, server)
                    if fed is None:
                        raise SystemExit(f"change {change} did not reach the feed within {timeout:.0f} s")
                    feeds.append(fed - saved)
                    log(f"  change {change + 1}/{changes}: in the {'FAQ index' if edit == 'faq-title' else 'feed'} "
                        f"after {feeds[-1]:.2f} s")
                if edit in ("faq", "faq-title", "chapter"):  # the related-articles lists follow: one more rebuild when the new choice arrives
                    done = wait_for_builds(server_log, builds_before + 2, saved + timeout)
                    if done is None:
                        raise SystemExit(f"change {change}: no second rebuild within {timeout:.0f} s")
                    settled.append(done - saved)
                    log(f"  change {change + 1}/{changes}: related lists rebuilt after {settled[-1]:.2f} s")
                time.sleep(2)  # an idle watcher before the next save, as between a writer's saves
        finally:
            server.send_signal(signal.SIGINT)  # mkdocs serve's own clean shutdown (removes its temp folder)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)
    return {
        "load_before": load_before, "load_after": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
        "pages": pages, "changes": changes, "edited": edit, "post": manifest[f"probe_{probe}"],
        "url_path": "status/" if edit == "incident" else manifest[f"probe_{probe}_url"],
        "first_build_served_s": round(first_build, 2),
        "save_to_served_s": [round(x, 2) for x in loops],
        "save_to_served_median_s": round(statistics.median(loops), 2),
        "save_to_feed_s": [round(x, 2) for x in feeds],
        "save_to_feed_median_s": round(statistics.median(feeds), 2) if feeds else None,
        "save_to_related_lists_s": [round(x, 2) for x in settled],
        "save_to_related_lists_median_s": round(statistics.median(settled), 2) if settled else None,
        "log": str(server_log),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=3, help="saves to measure (default 3)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for any one build (default 300)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/supportsite-bench"))
    parser.add_argument("--edit", choices=("status", "incident", "faq", "faq-title", "chapter"), default="status",
                        help="which file the writer saves: a status post (default), a new incident (supportsite new "
                             "incident), an FAQ article's body or title, or a manual chapter")
    parser.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    result = measure(args.pages, args.changes, args.work.resolve(), args.timeout,
                     log=lambda m: print(m, file=sys.stderr, flush=True), edit=args.edit)
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
