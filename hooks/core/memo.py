"""Parsed sources kept for the life of the process, so `mkdocs serve` re-parses only the files that changed."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class TextMemo(Generic[T]):
    """The last result computed for each file, reused while the file's text (and anything else in ``key``) is
    the same. Results must be treated as read-only: every rebuild shares them.

    Keyed by content, not modification time: a save that changes nothing costs nothing, and a file restored
    to an older text within the same second is still seen."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[Hashable, T]] = {}

    def get(self, file: Hashable, key: Hashable, compute: Callable[[], T]) -> T:
        entry = self._entries.get(file)
        if entry is not None and entry[0] == key:
            return entry[1]
        value = compute()
        self._entries[file] = (key, value)
        return value

    def forget(self, keep: set[Hashable]) -> None:
        """Drop the files not in ``keep`` (deleted or renamed sources), so memory follows the site's size."""
        for file in [f for f in self._entries if f not in keep]:
            del self._entries[file]
