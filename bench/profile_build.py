"""Profile one supportsite build of the generated corpus with cProfile and summarise where the time goes.

Usage: ``python bench/profile_build.py --pages 1000 [--top 25] [--json]``

Runs ``python -m cProfile -o <work>/profile-<N>.prof -m mkdocs build`` on the corpus (SOURCE_DATE_EPOCH
pinned) and prints: the functions with the most cumulative time, those with the most own time, our
own code (``hooks/``) by cumulative time, and own time summed per library. Note that cProfile
roughly doubles the wall time of Python-heavy code; compare the shares, not the seconds, with
build_speed.py. Time spent in subprocesses (e.g. the Pagefind binary) shows as the caller's wait.
"""

from __future__ import annotations

import argparse
import json
import pstats
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)

REPO = corpus.REPO


# Frames that wrap the whole build (interpreter, CLI): their cumulative time is the total, not a cost.
_WRAPPERS = ("<built-in method builtins.exec>", "<frozen runpy>", "click/", "mkdocs/__main__.py")


def where(file: str, line: int, name: str) -> str:
    """``file:function`` with the file shortened to the repository or the installed package."""
    path = file.replace("\\", "/")
    for marker in ("/site-packages/", str(REPO) + "/", "/lib/python3."):
        if marker in path:
            path = path.split(marker, 1)[1]
            if marker == "/lib/python3.":
                path = "stdlib/" + path.split("/", 1)[-1]
            break
    if "/hooks/" in path and not path.startswith("hooks/"):
        path = "hooks/" + path.split("/hooks/", 1)[1]  # the corpus links hooks/ to the repository's
    return f"{path}:{name}" if line else name


def library(file: str) -> str:
    path = file.replace("\\", "/")
    if "/hooks/" in path:
        return "hooks (ours)"
    if "/site-packages/" in path:
        return path.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if path.startswith("~") or path.startswith("<"):
        return "builtins"
    return "stdlib"


def summarise(profile: Path, top: int) -> dict:
    stats = pstats.Stats(str(profile))
    rows = []
    for (file, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
        rows.append({"where": where(file, line, name), "calls": nc, "own_s": tt, "cumulative_s": ct, "file": file})
    total = stats.total_tt
    by_cum = sorted((r for r in rows if not r["where"].startswith(_WRAPPERS)), key=lambda r: -r["cumulative_s"])
    by_own = sorted(rows, key=lambda r: -r["own_s"])
    ours = [r for r in by_cum if "/hooks/" in r["file"].replace("\\", "/")]
    libs: dict[str, float] = defaultdict(float)
    for r in rows:
        libs[library(r["file"])] += r["own_s"]

    def clean(items):
        return [{"where": r["where"], "calls": r["calls"], "own_s": round(r["own_s"], 3),
                 "cumulative_s": round(r["cumulative_s"], 3)} for r in items[:top]]

    return {
        "total_s": round(total, 3),
        "top_cumulative": clean(by_cum),
        "top_own": clean(by_own),
        "ours_cumulative": clean(ours),
        "own_by_library": {k: round(v, 3) for k, v in sorted(libs.items(), key=lambda kv: -kv[1]) if v >= 0.05},
    }


def render(summary: dict) -> str:
    out = [f"total profiled time: {summary['total_s']:.2f} s", ""]
    for key, label in (("top_cumulative", "by cumulative time"), ("top_own", "by own time"),
                       ("ours_cumulative", "our code (hooks/) by cumulative time")):
        out += [f"## {label}", "| cumulative s | own s | calls | file:function |", "| ---: | ---: | ---: | --- |"]
        out += [f"| {r['cumulative_s']:.2f} | {r['own_s']:.2f} | {r['calls']} | `{r['where']}` |" for r in summary[key]]
        out.append("")
    out += ["## own time by library", "| library | own s |", "| --- | ---: |"]
    out += [f"| {name} | {seconds:.2f} |" for name, seconds in summary["own_by_library"].items()]
    return "\n".join(out)


def profile_related(root: Path, output: Path, top: int) -> dict:
    """Profile the related-articles job in this process, cold (no .cache), with the inputs hooks/knowledge.py gives it.

    The build runs that job in a spawned worker process, which cProfile on the mkdocs process does not see
    (the main thread only shows its wait in ``hooks/knowledge.py:_related``).
    """
    import cProfile
    import shutil

    from hooks.core.content import load_project
    from hooks.core.related import related_pages
    from hooks.core.search import CACHE_FOLDER, documents_of

    shutil.rmtree(root / CACHE_FOLDER, ignore_errors=True)
    project = load_project(root)
    docs = documents_of(project)
    groups = {d.path: d.team for d in project.faqs}
    groups.update({c.path: c.manual for m in project.manuals for c in m.chapters})
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(related_pages, root, docs, groups)
    wall = time.perf_counter() - start
    profiler.dump_stats(str(output))
    return {"wall_s_under_profiler": round(wall, 2), "profile": str(output), **summarise(output, top)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--work", type=Path, default=Path("/tmp/supportsite-bench"))
    parser.add_argument("--reuse", action="store_true", help="profile the existing corpus-<N> instead of regenerating it")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON instead of Markdown")
    parser.add_argument("--related", action="store_true",
                        help="also profile the related-articles job (a worker process during the build) cold, in-process")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    root = work / f"corpus-{args.pages}"
    if not (args.reuse and (root / corpus.MANIFEST).is_file()):
        corpus.generate(root, args.pages)
    profile = work / f"profile-{args.pages}.prof"
    env = corpus.build_env()
    command = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "mkdocs", "build",
               "-f", str(root / "mkdocs.yml"), "-d", str(root / "_site_profile")]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
        return done.returncode
    summary = {"pages": args.pages, "wall_s_under_profiler": round(wall, 2), "profile": str(profile),
               **summarise(profile, args.top)}
    if args.related:
        summary["related_job"] = profile_related(root, work / f"profile-{args.pages}-related.prof", args.top)
    text = render(summary)
    if "related_job" in summary:
        text += "\n\n# related-articles job (worker process), profiled on its own\n\n" + render(summary["related_job"])
    print(json.dumps(summary, indent=2) if args.json else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
