"""Parsed sources kept for the life of the process (``mkdocs serve`` re-parses only the files that changed), and
in ``.cache/`` for the next process."""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

CACHE_FOLDER = ".cache"
"""The git-ignored folder, under the project's root, where builds keep what the next build can reuse."""

T = TypeVar("T")


def unpickle(stream: BinaryIO) -> Any:
    """``pickle.load`` with Python's cyclic collector paused: a cache of thousands of objects otherwise sets off
    full collections that walk every object made so far (0.04 s of the 0.15 s that 5,000 parsed sources take)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(stream)
    finally:
        if paused:
            gc.enable()


class TextMemo(Generic[T]):
    """The last result computed for each file, reused while the file's text (and anything else in ``key``) is
    the same. Results must be treated as read-only: every rebuild shares them.

    Keyed by content, not modification time: a save that changes nothing costs nothing, and a file restored
    to an older text within the same second is still seen."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[Hashable, T]] = {}
        self._changed = False

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, file: Hashable, key: Hashable, compute: Callable[[], T]) -> T:
        entry = self._entries.get(file)
        if entry is not None and entry[0] == key:
            return entry[1]
        value = compute()
        self._entries[file] = (key, value)
        self._changed = True
        return value

    def forget(self, keep: set[Hashable]) -> None:
        """Drop the files not in ``keep`` (deleted or renamed sources), so memory follows the site's size."""
        for file in [f for f in self._entries if f not in keep]:
            del self._entries[file]
            self._changed = True

    def load(self, file: Path, version: str) -> None:
        """Add the entries an earlier process kept in ``file`` (``save``) with the same ``version`` of the code."""
        try:
            with open(file, "rb") as stream:
                stored_version, entries = unpickle(stream)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            return  # none yet, another version's, or cut short by a stopped build
        if stored_version == version:
            for name, entry in entries.items():
                self._entries.setdefault(name, entry)

    def save(self, file: Path, version: str) -> None:
        """Keep the entries for the next process, when they changed since ``load``: written whole, then renamed.

        A cache that cannot be written (a full disk, a read-only checkout) only makes the next process slower: the
        build goes on, and this process keeps the entries to write next time."""
        if not self._changed:
            return
        temporary = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as stream:
                pickle.dump((version, self._entries), stream, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(file)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()
            return
        self._changed = False

    def key_of(self, file: Hashable) -> Hashable | None:
        """The key the entry for ``file`` was computed under, or None: what a build expects to reuse."""
        entry = self._entries.get(file)
        return None if entry is None else entry[0]

    def peek(self, file: Hashable, key: Hashable) -> T | None:
        """The entry for ``file`` if it was computed under ``key``, else None (computing is the caller's)."""
        entry = self._entries.get(file)
        return entry[1] if entry is not None and entry[0] == key else None

    def put(self, file: Hashable, key: Hashable, value: T) -> None:
        """Keep what the caller computed for ``file`` under ``key``."""
        self._entries[file] = (key, value)
        self._changed = True


CONVERTED: TextMemo[bytes] = TextMemo()
"""Each page's Markdown as MkDocs converted it (hooks/markdownahead.py), pickled: every use unpickles its own copy,
which hooks may change (they add ids to a page's anchors, move a manual's headings into its one-page view)."""
CONVERTED_CACHE = f"{CACHE_FOLDER}/markdown.pickle"
