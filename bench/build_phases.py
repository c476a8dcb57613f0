"""Where one build's wall time goes, without a profiler's overhead: each hook event, Markdown, each template.

Usage: ``python bench/build_phases.py --pages 1000 [--cold] [--runs 3] [--beside-material] [--json] [--no-settle]``

Generates the corpus (bench/corpus.py) unless it is there, then runs ``mkdocs build`` in a child process that wraps
MkDocs' event dispatch, Python-Markdown's ``Markdown.convert`` and Jinja's ``Template.render`` with ``time.perf_counter``
and prints the seconds spent in each (events by hook module). ``--cold`` empties the corpus's ``.cache`` before
each run. cProfile (bench/profile_build.py) shows which functions cost; this shows what a build's seconds are made
of, at their real size. Figures are medians of ``--runs`` runs.

``--beside-material`` builds the bare-Material twin (``corpus.bare_material``) too, alternating with the site, and
compares the stages of MkDocs' build in both instead, with the parts' timers off (they cost time of their own, more
in the site's build, which has more events and templates): until ``build()`` starts (the interpreter, the imports,
the configuration with the hooks' import), until the first page is read (``on_config`` to ``on_nav``), the loop that
reads and converts every page, the loop that renders them, and from the last page to the process's end. Run at
several sizes, it shows which part of a build grows with the pages and which does not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)
from build_speed import settle  # noqa: E402

DEFAULT_WORK = Path("/tmp/supportsite-bench")

# Runs in the child: the build with its parts timed and its stages marked, then one JSON object on the last line of
# stderr.
_CHILD = r"""
import atexit, collections, json, os, sys, time
import jinja2
import mkdocs.commands.build as build_module
import mkdocs.plugins as plugins
import markdown

spent = collections.defaultdict(float)
started = time.perf_counter()
# When each stage of MkDocs' build began and ended, in seconds from the parent's start of this process (the
# system's monotonic clock, which both processes read).
launched = float(os.environ.get("BUILD_PHASES_LAUNCHED", "nan"))
stages = {}

def stage(name, last=False):  # a stage's start is the first page's, its end the last page's
    at = time.monotonic() - launched
    if last or name not in stages:
        stages[name] = at

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

if os.environ.get("BUILD_PHASES_STAGES_ONLY") != "1":  # the parts' timers take time of their own
    plugins.PluginCollection.run_event = run_event
    timed(markdown.Markdown, "convert", lambda md: "Markdown (Markdown.convert)")
    timed(jinja2.Template, "render", lambda template: f"template {template.name}")
original_build = build_module.build
def build(*args, **kwargs):
    begun = time.perf_counter()
    stage("build")
    try:
        return original_build(*args, **kwargs)
    finally:
        spent["build() in all"] = time.perf_counter() - begun
build_module.build = build
def staged(name, first, last):
    original = getattr(build_module, name)
    def wrapper(*args, **kwargs):
        stage(first)
        try:
            return original(*args, **kwargs)
        finally:
            stage(last, last=True)
    setattr(build_module, name, wrapper)
staged("_populate_page", "read", "read_end")
staged("_build_page", "render", "render_end")
def report():
    spent["process (after interpreter start)"] = time.perf_counter() - started
    print(json.dumps({"seconds": spent, "stages": stages}), file=sys.stderr, flush=True)
# An exit handler, not a `finally`: a published `mkdocs build` ends at once after running them (hooks/site.py).
atexit.register(report)
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
cli(standalone_mode=False)
"""


# The stages ``--beside-material`` compares: (name, the child's mark it begins at, the mark it ends at); None is the
# process's start, "exit" its end as the parent saw it.
STAGES = (
    ("until build() (interpreter, imports, configuration)", None, "build"),
    ("before the first page (on_config to on_nav)", "build", "read"),
    ("reading and converting the pages", "read", "read_end"),
    ("between the loops (on_env, theme templates)", "read_end", "render"),
    ("rendering and writing the pages", "render", "render_end"),
    ("after the last page, to the process's end", "render_end", "exit"),
)


def run(root: Path, cold: bool, stages_only: bool = False) -> tuple[dict[str, float], dict[str, float]]:
    """One build of the corpus at ``root`` (or the twin's folder): the seconds of each part (with ``stages_only``,
    of the whole build only) and the stages' marks."""
    if cold:
        shutil.rmtree(root / ".cache", ignore_errors=True)
    site = root.parent / f"{root.name}-phases-site"
    launched = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _CHILD, "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                          cwd=root, capture_output=True, text=True,
                          env={**corpus.build_env(), "BUILD_PHASES_LAUNCHED": repr(launched),
                               "BUILD_PHASES_STAGES_ONLY": "1" if stages_only else "0"})
    ended = time.monotonic() - launched
    if done.returncode:
        raise SystemExit(f"the build failed:\n{done.stderr[-3000:]}")
    found = json.loads(done.stderr.strip().splitlines()[-1])
    return found["seconds"], {**found["stages"], "exit": ended}


def stage_seconds(marks: dict[str, float]) -> dict[str, float]:
    """Each stage's seconds (``STAGES``) from one build's marks, and the whole process's."""
    seconds = {name: marks[end] - (marks[begin] if begin else 0.0) for name, begin, end in STAGES}
    return {**seconds, "the whole process": marks["exit"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="empty .cache before each run")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--beside-material", action="store_true",
                        help="build the bare-Material twin too, alternating, and print the stages of both builds "
                             "instead of each part's seconds")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a Markdown table")
    parser.add_argument("--no-settle", dest="settle", action="store_false",
                        help="start at once instead of waiting for the machine to calm down (tests)")
    args = parser.parse_args(argv)
    root = args.work.resolve() / f"phases-{args.pages}"
    if not (root / "mkdocs.yml").is_file():
        corpus.generate(root, args.pages)
    twin = corpus.bare_material(root) if args.beside_material else None
    run(root, cold=False)  # a first build: the same .cache (filled, or emptied again) for every measured run
    if twin is not None:
        run(twin, cold=False)
    load_before = settle(lambda message: print(message, file=sys.stderr))["load"] if args.settle else os.getloadavg()
    runs, stages, twin_stages = [], [], []
    for _ in range(args.runs):  # beside the twin: a b a b, as build_speed.py, without the parts' timers
        seconds, marks = run(root, args.cold, stages_only=twin is not None)
        runs.append(seconds)
        stages.append(stage_seconds(marks))
        if twin is not None:
            twin_stages.append(stage_seconds(run(twin, cold=False, stages_only=True)[1]))
    load_after = os.getloadavg()
    keys = sorted({k for r in runs for k in r}, key=lambda k: -statistics.median(r.get(k, 0.0) for r in runs))
    medians = {k: round(statistics.median(r.get(k, 0.0) for r in runs), 3) for k in keys}
    result = {"pages": args.pages, "cold": args.cold, "runs": args.runs, "cpus": os.cpu_count(),
              "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after],
              "seconds": medians, "stages": _medians(stages)}
    if twin is not None:
        result["material_stages"] = _medians(twin_stages)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    cache = "cold" if args.cold else "warm"
    if twin is None:
        print(f"| seconds ({cache} .cache, {args.pages:,} pages, median of {args.runs}) | part |")
        print("| ---: | --- |")
        for key in keys[: args.top]:
            print(f"| {medians[key]:.2f} | {key} |")
    else:
        ours, theirs = result["stages"], result["material_stages"]
        print(f"| stage ({cache} .cache, {args.pages:,} pages, median of {args.runs}) "
              "| supportsite s | bare Material s | difference s |")
        print("| --- | ---: | ---: | ---: |")
        for name in ours:
            print(f"| {name} | {ours[name]:.2f} | {theirs[name]:.2f} | {ours[name] - theirs[name]:+.2f} |")
    print(f"\nload average before {load_before[0]:.2f}, after {load_after[0]:.2f} ({os.cpu_count()} CPUs)")
    return 0


def _medians(rows: list[dict[str, float]]) -> dict[str, float]:
    return {name: round(statistics.median(row[name] for row in rows), 3) for name in rows[0]}


if __name__ == "__main__":
    sys.exit(main())
