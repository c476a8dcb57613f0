"""Builds a site the way ``mkdocs serve --dirty`` does, in one process: a first build, then one more per edit.

As the server does, it builds once more when a build asks for it (``rebuild.MEMORY.wake``: a related-articles
choice made in the background has arrived, or a build published the status pages first and the rest follows); the
copies are taken after that. A scoped first build's site is copied as well, to ``OUT/site-N-status-first``.

Usage: ``python tests/serve_driver.py ROOT SITE OUT EDITS_JSON``. EDITS_JSON is a list of edits, each a mapping of
a source path (relative to ROOT) to its new text, or to null to delete the file. After each build the site is copied to ``OUT/site-N`` and the
sources to ``OUT/src-N`` (N = 0 for the first build), and one JSON line says how many pages were rendered
(``null``: all of them). The tests build each ``src-N`` in full and compare.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from hooks.core import rebuild

OUTPUTS = {"site", "site.staging", "site.previous", ".cache", "out"}


def main(root: Path, site: Path, out: Path, edits: list[dict[str, str]]) -> None:
    for step, edit in enumerate([{}, *edits]):
        for path, text in edit.items():
            if text is None:
                (root / path).unlink()
            else:
                (root / path).write_text(text, encoding="utf-8")
        plan, scoped, woken = None, [], []
        for build_number in range(5):  # the build, and those a scoped one or a related-articles choice asks for
            cache = _related_cache(root)
            config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
            if step == 0 and build_number == 0:  # as `mkdocs serve` does: to the first build's plugins only
                config.plugins.on_startup(command="serve", dirty=True)
            woken.clear()
            build(config, dirty=True)
            rebuild.MEMORY.settle()  # the search index the build left to write into the site, as the server does
            state = config["supportsite_state"]
            if state.scope is not None:  # the status pages first: what they rendered, served at once
                scoped.append(sorted(state.plan.pages))
                if len(scoped) == 1:
                    shutil.copytree(site, out / f"site-{step}-status-first", symlinks=True)
            else:
                plan = plan or state.plan
            for worker in multiprocessing.active_children():
                worker.join()
            if step == 0:  # the server's own: a build it asks for (a scoped one, a related choice) runs next
                rebuild.MEMORY.wake = lambda: woken.append(True)
            if not woken and _related_cache(root) == cache:
                break
        shutil.copytree(site, out / f"site-{step}", symlinks=True)
        shutil.copytree(root, out / f"src-{step}", symlinks=True,
                        ignore=lambda folder, names: {n for n in names if Path(folder) == root
                                                       and (n in OUTPUTS or n.startswith("site.removing-"))})
        print(json.dumps({"step": step, "rendered": None if plan.pages is None else len(plan.pages),
                          "status_rendered": None if plan.pages is None else sorted(
                              uri for uri in plan.pages if uri.startswith("status/")),
                          "status_first": scoped[0] if scoped else None}), flush=True)


def _related_cache(root: Path) -> bytes | None:
    cache = root / ".cache/related/choice.json"
    return cache.read_bytes() if cache.is_file() else None


if __name__ == "__main__":  # spawned workers (related articles) import this module again: no build there
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), json.loads(sys.argv[4]))
