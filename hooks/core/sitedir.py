"""The site folder of a build: a staging copy of the published site, files written beside it, the swap."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

_ASIDE = itertools.count()
_REMOVERS: list[subprocess.Popen] = []  # kept until they end: a process dropped while running is a ResourceWarning
# The remover: the standard library only (-I -S), so that it starts in milliseconds, and at the lowest priority:
# it is clean-up, and the build, or the web server and its readers once the site is in, come first.
_REMOVE = ("import os, shutil, sys\nif hasattr(os, 'nice'):\n    os.nice(19)\nfor path in sys.argv[1:]:\n"
           "    shutil.rmtree(path, ignore_errors=True)")


def previous_of(final: str | Path) -> Path:
    """Where the published site is kept once a new one is swapped in (until the next build removes it)."""
    final = Path(final)
    return final.with_name(final.name + ".previous")


def set_previous_aside(final: str | Path) -> list[Path]:
    """Rename the site before the last one (``previous_of``) aside, at once, so that the swap finds its place free;
    return it and the folders a stopped build set aside before its remover finished, for ``remove``.

    The thousands of unlinks then cost the build nothing: in a thread of the build they held its interpreter's lock
    between the calls (0.6 s of a 4 s ``publish status`` at 5,000 pages)."""
    final = Path(final)
    aside = [p for p in final.parent.glob(f"{final.name}.removing-*") if p.is_dir() and not p.is_symlink()]
    previous = previous_of(final)
    if previous.is_dir() and not previous.is_symlink():
        target = final.with_name(f"{final.name}.removing-{os.getpid()}-{next(_ASIDE)}")
        try:
            previous.rename(target)
            aside.append(target)
        except OSError:
            aside.append(previous)  # the swap removes what is left of it
    return aside


def remove(folders: list[Path]) -> None:
    """Remove ``folders`` in a process of their own, which the build does not wait for."""
    _REMOVERS[:] = [process for process in _REMOVERS if process.poll() is None]
    if folders:
        _REMOVERS.append(subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REMOVE, *map(str, folders)], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))


def stage_copy(final: Path, staging: Path) -> None:
    """``staging`` as a copy of ``final`` whose files are hard links: a partial build starts from the published site.

    Thousands of links take a fraction of the time of copies. A link shares its file with the published site, so
    nothing may write into a staged file: every writer replaces it (``replace_file``), or unlinks it first."""
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(final, staging, copy_function=os.link, symlinks=True)


class StagedCopy:
    """``stage_copy`` beside the build: started before the build reads its sources, waited for before anything
    reads or writes the staging folder.

    The copy is thousands of system calls (0.7-1.7 s for the 22,000 entries of a 5,000-page site), which the build's
    own work need not wait for: on Linux, ``cp`` makes the links in a process of its own, on the other core. Where it
    cannot (another system, another cp), the copy is made here when it is waited for."""

    def __init__(self, final: Path, staging: Path) -> None:
        self.final, self.staging = final, staging
        self._made = False
        self._process: subprocess.Popen | None = None
        shutil.rmtree(staging, ignore_errors=True)
        if sys.platform.startswith("linux") and shutil.which("cp"):
            with contextlib.suppress(OSError):
                self._process = subprocess.Popen(
                    ["cp", "-R", "-P", "-l", "-T", "--", str(final), str(staging)], stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                _COPYING.add(self)

    def wait(self) -> None:
        """Return once ``staging`` is the copy of ``final``; an OSError says why it cannot be."""
        if self._made:
            return
        process, self._process = self._process, None
        _COPYING.discard(self)
        if process is None or process.wait() != 0:
            stage_copy(self.final, self.staging)
        self._made = True

    def stop(self) -> None:
        """The build failed: the copy stops, so that it writes nothing into the next build's staging folder."""
        process, self._process = self._process, None
        _COPYING.discard(self)
        if process is not None:
            process.kill()
            process.wait()


_COPYING: set[StagedCopy] = set()


def stop_copies() -> None:
    """Stop every staged copy still being made (a build that failed before it waited for its copy)."""
    for copy in list(_COPYING):
        copy.stop()


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
