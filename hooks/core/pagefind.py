"""The site's search box index: Pagefind's binary (from the ``pagefind[bin]`` wheel) run over the built HTML.

Pagefind stems Finnish when pages say ``<html lang="fi">``, indexes only ``data-pagefind-body`` elements, and
splits its index into small chunks so a visitor downloads only what one query needs (issue 6: ≤ 300 kB at
5,000 pages). Its output names are content hashes, so the same pages give byte-identical files.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
# Heading permalinks (¶) and the "Päivitetty …" line would show up in result titles and excerpts.
EXCLUDED = ".headerlink, .ss-updated"
# Pagefind's stock interfaces; the site uses its own box (assets/javascripts/search.js), so they are not shipped.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class PagefindError(RuntimeError):
    """Pagefind could not index the site; the message carries its own output."""


def executable() -> Path:
    from pagefind_bin import get_executable  # the wheel's bundled binary: no download, no network
    return get_executable()


def index_site(site_dir: Path) -> str:
    """Write ``<site_dir>/pagefind/``; return Pagefind's summary; raise ``PagefindError`` on failure."""
    command = [str(executable()), "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR,
               "--exclude-selectors", EXCLUDED]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PagefindError(f"pagefind failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    for name in UNUSED:
        (site_dir / OUTPUT_SUBDIR / name).unlink(missing_ok=True)
    return done.stdout
