"""``supportsite publish status``: the status blog's outputs rebuilt into the published site, swapped in at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from hooks.core.rebuild import SCOPE_ENV

PARTS = ("status",)


def register(sub) -> None:
    parser = sub.add_parser(
        "publish", help="rebuild only the status pages, history, feeds, API, calendars and status/current.json "
                        "into the built site and swap them in (during an outage: seconds, not a whole build)")
    parser.add_argument("part", choices=PARTS, help="what to publish")
    parser.add_argument("--site-dir", default="site", help="the built site, inside the repository (default: site)")
    parser.set_defaults(run=run)


def run(args) -> int:
    root: Path = args.root
    site = (root / args.site_dir).resolve()
    if not site.is_relative_to(root):
        print(f"--site-dir: {args.site_dir!r} leads outside the repository {root} (expected a folder inside it)",
              file=sys.stderr)
        return 2
    if not (site / "index.html").is_file():
        print(f"{site.relative_to(root)}: no built site there (expected the output of `make site`): build the whole "
              "site first", file=sys.stderr)
        return 1
    # A build of the status blog's outputs only (hooks/site.py reads the scope), in MkDocs' --dirty mode: it starts
    # from a copy of the published site, and --strict keeps that site as it was on any problem.
    command = [sys.executable, "-m", "mkdocs", "build", "--dirty", "--strict", "--quiet",
               "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site)]
    env = {**os.environ, SCOPE_ENV: args.part, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env)
    if done.returncode != 0:
        print(f"publish {args.part}: the build failed; {site.relative_to(root)} is as it was", file=sys.stderr)
        return 1
    print(f"publish {args.part}: {site.relative_to(root)} updated in {time.perf_counter() - start:.1f} s")
    return 0
