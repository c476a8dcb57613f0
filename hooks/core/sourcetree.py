"""Every file of the source folders, found without following a folder link, and every link that leads out of them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from hooks.core.problems import Problem

SOURCE_FOLDERS = ("content", "academy", "status", "site_config")
"""Where writers' files live; a link may lead from one to a file in any of them, never elsewhere."""
_EXPECTED = "a link to a file inside " + ", ".join(f"{f}/" for f in SOURCE_FOLDERS[:-1]) + f" or {SOURCE_FOLDERS[-1]}/"


@dataclass
class SourceTree:
    """The source files' repository paths (sorted part by part), and the links that may not be followed."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def list_sources(root: Path, folders: tuple[str, ...] = SOURCE_FOLDERS) -> SourceTree:
    """Every file below ``root/<folder>`` for each folder; links are checked, never followed into a folder.

    A link to a file inside the source folders is a source file like any other. A link that leads nowhere,
    outside the repository, into the repository's other folders (``.git/``, ``.venv/``…) or to a folder is a
    problem: MkDocs reads docs_dir following every link and would publish what it points to byte for byte
    (``/etc/passwd``), or a whole folder, or loop for ever on a link to its own parent."""
    root = root.resolve()
    tree = SourceTree()
    for folder in folders:
        base = root / folder
        if base.is_symlink():
            tree.problems.append(check_link(root, base) or _not_a_folder(base.relative_to(root).as_posix()))
            continue
        # os.walk without followlinks lists a link to a folder among the folders and does not enter it.
        for current, dirnames, filenames in os.walk(base):
            here = Path(current)
            for name in dirnames:
                problem = check_link(root, here / name) if (here / name).is_symlink() else None
                if problem is not None:  # always, for a link among the folders
                    tree.problems.append(problem)
            for name in filenames:
                path = here / name
                problem = check_link(root, path) if path.is_symlink() else None
                if problem is None:
                    tree.files.append(path.relative_to(root).as_posix())
                else:
                    tree.problems.append(problem)
    tree.files.sort(key=lambda path: path.split("/"))  # as pathlib orders paths (``a/b`` before ``a-b``)
    return tree


def check_link(root: Path, link: Path) -> Problem | None:
    """Why the link ``link`` (below the resolved ``root``) may not be a source, or None for a link to a source file."""
    shown = link.relative_to(root).as_posix()
    written = os.readlink(link)
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return Problem(shown, 0, "", "link leads nowhere", _EXPECTED, f"{written!r} (no such file)")
    except (OSError, RuntimeError):  # RuntimeError: Python before 3.13 on a loop of links
        return Problem(shown, 0, "", "link leads nowhere", _EXPECTED, f"{written!r} (a loop of links)")
    if not target.is_relative_to(root):
        return Problem(shown, 0, "", "link leads outside the repository", _EXPECTED, str(target))
    inside = target.relative_to(root).as_posix()
    if not any(target.is_relative_to(root / folder) for folder in SOURCE_FOLDERS):
        return Problem(shown, 0, "", "link leads outside the source folders", _EXPECTED, inside)
    if target.is_dir():
        return Problem(shown, 0, "", "link to a folder", _EXPECTED, inside + "/")
    return None


def _not_a_folder(shown: str) -> Problem:
    return Problem(shown, 0, "", "source folder is a link to a file", "a folder", "a link to a file")


def is_inside_sources(root: Path, file: str | os.PathLike[str], folders: tuple[str, ...] = SOURCE_FOLDERS) -> bool:
    """Whether ``file``, every link in its path followed, lies inside one of ``root``'s ``folders``."""
    return SourceFolders(root, folders).contain(file)


class SourceFolders:
    """``root``'s source folders, asked about many files: each folder on the way is resolved once, not once per
    file in it (resolving each of 5,000 pages' whole path took 0.3 s of every build)."""

    def __init__(self, root: Path, folders: tuple[str, ...] = SOURCE_FOLDERS) -> None:
        base = root.resolve()
        self._allowed = tuple(str(base / folder) for folder in folders)
        self._real_folders: dict[str, str] = {}

    def contain(self, file: str | os.PathLike[str]) -> bool:
        """Whether ``file``, every link in its path followed, lies inside one of the folders."""
        folder, name = os.path.split(os.path.abspath(file))
        real_folder = self._real_folders.get(folder)
        if real_folder is None:
            real_folder = self._real_folders[folder] = os.path.realpath(folder)
        real = os.path.join(real_folder, name)
        if os.path.islink(real):
            real = os.path.realpath(real)
        return any(real == allowed or real.startswith(allowed + os.sep) for allowed in self._allowed)
