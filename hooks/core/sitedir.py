"""The site folder of a build: a staging copy of the published site, files written beside it, the swap."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def previous_of(final: str | Path) -> Path:
    """Where the published site is kept once a new one is swapped in (until the next build removes it)."""
    final = Path(final)
    return final.with_name(final.name + ".previous")


def stage_copy(final: Path, staging: Path) -> None:
    """``staging`` as a copy of ``final`` whose files are hard links: a partial build starts from the published site.

    Thousands of links take a fraction of the time of copies. A link shares its file with the published site, so
    nothing may write into a staged file: every writer replaces it (``replace_file``), or unlinks it first."""
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(final, staging, copy_function=os.link, symlinks=True)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file at ``path``; a file there before (maybe linked to the published site) is
    unlinked, never written into."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def unlink(path: Path) -> None:
    """Remove the file at ``path`` if there is one (before another program writes it)."""
    path.unlink(missing_ok=True)


def swap(staging: Path, final: Path) -> None:
    """Put ``staging`` where ``final`` is; the replaced site goes to ``previous_of(final)``."""
    previous = previous_of(final)
    shutil.rmtree(previous, ignore_errors=True)
    if final.exists():
        final.rename(previous)
    staging.rename(final)
