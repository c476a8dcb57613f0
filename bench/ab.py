"""A/B of this tree against a commit: whole ``mkdocs build`` processes of both, and of bare Material, in rounds.

Usage: ``python bench/ab.py --against c1550a2 [--pages 1000] [--runs 5] [--cold] [--json]``

(a) is the commit, checked out in a git worktree under ``--work``; (b) is this tree; (m) is the bare-Material twin of
(b)'s corpus (bench/corpus.py: the same generated pages for both commits). Each round builds a, b and m one after
the other, so that the machine's drift moves all three (a and b take turns to build first); the figures are the
medians, each build's ratio over the Material build of its round, and b over a, round by round. ``--cold`` empties
each corpus's ``.cache`` before every build. The load average is recorded before and after; the run waits for a
quiet machine first (build_speed.settle).

When both commits generate the same corpus (the usual case: only hooks/ changed), a and b are built in one folder,
its ``hooks`` link switched to the tree built, each with its own ``.cache`` and site folder. Two copies of the same
files in two folders built at different speeds on this machine: an A/A run of one tree in both measured 1.02, and
the same pair of commits measured 0.987 in two folders and 0.949 in one (300 pages, cold, 8 rounds).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)
from build_speed import DEFAULT_WORK, load_reading, run_build, settle  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def worktree(commit: str, work: Path) -> Path:
    """The commit checked out (detached) under ``work``: a git worktree, removed by ``remove_worktree``."""
    sha = subprocess.run(["git", "rev-parse", "--verify", f"{commit}^{{commit}}"], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout.strip()
    tree = work / f"tree-{sha[:12]}"
    remove_worktree(tree)
    subprocess.run(["git", "worktree", "add", "--detach", "--force", str(tree), sha], cwd=REPO, check=True,
                   capture_output=True)
    return tree


def remove_worktree(tree: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, capture_output=True)
    shutil.rmtree(tree, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=REPO, capture_output=True)


def measure(against: str, pages: int, runs: int, cold: bool, work: Path, log=print, quiet_first: bool = True) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    with _alone_in(work):
        tree = worktree(against, work)
        try:
            return _measure(tree, against, pages, runs, cold, work, log, quiet_first)
        finally:
            remove_worktree(tree)  # the corpus keeps its own copy of the commit's sources, and links to its hooks
            # only while it runs


@contextlib.contextmanager
def _alone_in(work: Path):
    """``work`` held for this run. Two runs in one folder switch each other's hooks link and caches between builds:
    one failed midway (a build met a half-switched tree), and neither measures one tree at a time."""
    with (work / ".ab.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released when the file is closed, or the process ends
        except BlockingIOError:
            raise SystemExit(f"bench/ab.py: another run is using {work}; wait for it to end, or give another "
                             "--work") from None
        yield


def _measure(tree: Path, against: str, pages: int, runs: int, cold: bool, work: Path, log, quiet_first: bool) -> dict:
    roots = {"a": work / f"a-{pages}", "b": work / f"b-{pages}"}
    corpus.generate(roots["a"], pages, repo=tree)
    corpus.generate(roots["b"], pages, repo=REPO)
    folder = _Folder(roots["b"], tree / "hooks") if _sources(roots["a"]) == _sources(roots["b"]) else None
    if folder is not None:
        shutil.rmtree(roots["a"])
        roots["a"] = roots["b"]
        log(f"  one corpus for both trees: {roots['b']}")
    configs = {"a": roots["a"] / "mkdocs.yml", "b": roots["b"] / "mkdocs.yml",
               "m": corpus.bare_material(roots["b"]) / "mkdocs.yml"}
    sites = {name: config.parent / (f"_site-{name}" if folder is not None and name != "m" else "_site")
             for name, config in configs.items()}

    def build(name: str, config: Path, empty: bool) -> dict:
        if folder is not None and name != "m":
            folder.switch_to(name)
        if empty:
            shutil.rmtree(config.parent / ".cache", ignore_errors=True)
        return run_build(config, sites[name], work / f"{name}.log")

    for name, config in configs.items():  # each tree's caches, made by its own code
        build(name, config, empty=False)
    load_before = settle(log) if quiet_first else load_reading()
    times: dict[str, list[float]] = {name: [] for name in configs}
    processor: dict[str, list[float]] = {name: [] for name in configs}  # user + system seconds (run_build)
    for round_number in range(1, runs + 1):
        # a b m, then b a m: neither tree always builds right after the other
        for name in ("a", "b", "m") if round_number % 2 else ("b", "a", "m"):
            config = configs[name]
            result = build(name, config, empty=cold)
            if result["returncode"]:
                raise SystemExit(f"the build of {name} failed: see {result['log']}")
            times[name].append(round(result["wall_s"], 3))
            processor[name].append(round(result["user_s"] + result["system_s"], 3))
            log(f"  round {round_number}/{runs}, {name}: {result['wall_s']:.2f} s, processor {processor[name][-1]:.2f} s")
    if folder is not None:
        folder.switch_to("b")  # the worktree goes once measured: the corpus is left linked to this tree
    over_material = {name: statistics.median(t / m for t, m in zip(times[name], times["m"])) for name in ("a", "b")}
    return {
        "against": against, "pages": pages, "runs": runs, "cache": "cold" if cold else "warm",
        "one_corpus": folder is not None,
        "seconds": times, "medians": {name: statistics.median(t) for name, t in times.items()},
        "paired_over_material": over_material,
        "processor_seconds": processor,
        "processor_medians": {name: statistics.median(t) for name, t in processor.items()},
        "b_over_a": statistics.median(b / a for a, b in zip(times["a"], times["b"])),
        "load_before": load_before, "load_after": load_reading(),
    }


# What a corpus is built from: the same in both trees' corpora means one folder can serve both (``_Folder``).
_SOURCES = ("content", "academy", "status", "site_config", "mkdocs.yml")


def _sources(root: Path) -> str:
    """A digest of the corpus's sources: every file's path and bytes."""
    digest = hashlib.sha256()
    for name in _SOURCES:
        paths = sorted(p for p in (root / name).rglob("*") if p.is_file()) if (root / name).is_dir() else [root / name]
        for path in paths:
            digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class _Folder:
    """One corpus built by both trees: its ``hooks`` link and its ``.cache`` switched to the tree about to build
    (the other tree's cache waits beside it as ``.cache-a`` or ``.cache-b``)."""

    def __init__(self, root: Path, hooks_of_a: Path) -> None:
        self.root, self.hooks = root, {"a": hooks_of_a, "b": REPO / "hooks"}
        self.current = "b"  # corpus.generate linked this tree's hooks

    def switch_to(self, name: str) -> None:
        if name == self.current:
            return
        cache = self.root / ".cache"
        if cache.exists():
            cache.rename(self.root / f".cache-{self.current}")
        if (self.root / f".cache-{name}").exists():
            (self.root / f".cache-{name}").rename(cache)
        link = self.root / "hooks"
        link.unlink()
        os.symlink(self.hooks[name], link, target_is_directory=True)
        self.current = name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="the commit to compare this tree with")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="empty .cache before every build")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK / "ab")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    parser.add_argument("--no-settle", dest="settle", action="store_false",
                        help="do not wait for a quiet machine (tests; the figures are then not results)")
    args = parser.parse_args(argv)
    result = measure(args.against, args.pages, args.runs, args.cold, args.work,
                     log=lambda m: print(m, file=sys.stderr), quiet_first=args.settle)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    medians, paired, cpu = result["medians"], result["paired_over_material"], result["processor_medians"]
    print(f"{args.pages} pages, {result['cache']}, {args.runs} rounds; load {result['load_before']['load'][0]} → "
          f"{result['load_after']['load'][0]} ({result['load_before']['cpus']} CPUs)")
    print(f"  a {args.against}: {medians['a']:.2f} s, over Material {paired['a']:.3f}; processor {cpu['a']:.2f} s")
    print(f"  b this tree: {medians['b']:.2f} s, over Material {paired['b']:.3f}; processor {cpu['b']:.2f} s")
    print(f"  m bare Material: {medians['m']:.2f} s; processor {cpu['m']:.2f} s")
    print(f"  b / a, round by round: {result['b_over_a']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
