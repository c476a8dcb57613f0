"""Where one build's wall time goes, without a profiler's overhead: each hook event, Markdown, each template.

Usage: ``python bench/build_phases.py --pages 1000 [--cold] [--runs 3] [--json] [--no-settle]``

Generates the corpus (bench/corpus.py) unless it is there, then runs ``mkdocs build`` in a child process that wraps
MkDocs' event dispatch, Python-Markdown's ``Markdown.convert`` and Jinja's ``Template.render`` with ``time.perf_counter``
and prints the seconds spent in each (events by hook module). ``--cold`` empties the corpus's ``.cache`` before
each run. cProfile (bench/profile_build.py) shows which functions cost; this shows what a build's seconds are made
of, at their real size. Figures are medians of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)
from build_speed import settle  # noqa: E402

DEFAULT_WORK = Path("/tmp/supportsite-bench")

# Runs in the child: the build with its parts timed, then one JSON object on the last line of stderr.
_CHILD = r"""
import atexit, collections, json, sys, time
import jinja2
import mkdocs.commands.build as build_module
import mkdocs.plugins as plugins
import markdown

spent = collections.defaultdict(float)
started = time.perf_counter()

def run_event(self, name, item=None, **kwargs):
    pass_item = item is not None
    for method in self.events[name]:
        self._current_plugin = self._event_origins.get(method, "<unknown>")
        key = f"event {name}: {getattr(method, '__module__', '?')}"
        begun = time.perf_counter()
        result = method(item, **kwargs) if pass_item else method(**kwargs)
        spent[key] += time.perf_counter() - begun
        if result is not None:
            item = result
    self._current_plugin = None
    return item

def timed(owner, name, key):
    original = getattr(owner, name)
    def wrapper(self, *args, **kwargs):
        begun = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent[key(self)] += time.perf_counter() - begun
    setattr(owner, name, wrapper)

plugins.PluginCollection.run_event = run_event
timed(markdown.Markdown, "convert", lambda md: "Markdown (Markdown.convert)")
timed(jinja2.Template, "render", lambda template: f"template {template.name}")
original_build = build_module.build
def build(*args, **kwargs):
    begun = time.perf_counter()
    try:
        return original_build(*args, **kwargs)
    finally:
        spent["build() in all"] = time.perf_counter() - begun
build_module.build = build
def report():
    spent["process (after interpreter start)"] = time.perf_counter() - started
    print(json.dumps(spent), file=sys.stderr, flush=True)
# An exit handler, not a `finally`: a published `mkdocs build` ends at once after running them (hooks/site.py).
atexit.register(report)
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
cli(standalone_mode=False)
"""


def run(root: Path, cold: bool) -> dict[str, float]:
    if cold:
        shutil.rmtree(root / ".cache", ignore_errors=True)
    env = corpus.build_env()
    site = root.parent / f"{root.name}-phases-site"
    done = subprocess.run([sys.executable, "-c", _CHILD, "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                          cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stderr.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="empty .cache before each run")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a Markdown table")
    parser.add_argument("--no-settle", dest="settle", action="store_false",
                        help="start at once instead of waiting for the machine to calm down (tests)")
    args = parser.parse_args(argv)
    root = args.work.resolve() / f"phases-{args.pages}"
    if not (root / "mkdocs.yml").is_file():
        corpus.generate(root, args.pages)
    run(root, cold=False)  # a first build: the same .cache (filled, or emptied again) for every measured run
    load_before = settle(lambda message: print(message, file=sys.stderr))["load"] if args.settle else os.getloadavg()
    runs = [run(root, args.cold) for _ in range(args.runs)]
    load_after = os.getloadavg()
    keys = sorted({k for r in runs for k in r}, key=lambda k: -statistics.median(r.get(k, 0.0) for r in runs))
    medians = {k: round(statistics.median(r.get(k, 0.0) for r in runs), 3) for k in keys}
    result = {"pages": args.pages, "cold": args.cold, "runs": args.runs, "cpus": os.cpu_count(),
              "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after],
              "seconds": medians}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"| seconds ({'cold' if args.cold else 'warm'} .cache, {args.pages:,} pages, median of {args.runs}) | part |")
    print("| ---: | --- |")
    for key in keys[: args.top]:
        print(f"| {medians[key]:.2f} | {key} |")
    print(f"\nload average before {load_before[0]:.2f}, after {load_after[0]:.2f} ({os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
