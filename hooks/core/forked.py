"""A computation made in a forked process while this one goes on; its result comes back pickled through a pipe."""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from typing import Generic, TypeVar

from hooks.core.rebuild import MEMORY

T = TypeVar("T")


class Forked(Generic[T]):
    """``compute`` run in a child process, begun at once; ``result`` waits for what it returns.

    The child shares this process's memory as it was at the fork and gives back only the pickled result: whatever
    else ``compute`` changes stays in the child. A child that fails, or a system without ``fork``, costs nothing
    but the time: ``result`` then gives ``otherwise()`` (by default: ``compute`` run here), so the build's output
    never depends on the fork."""

    def __init__(self, compute: Callable[[], T], otherwise: Callable[[], T] | None = None) -> None:
        self._compute = otherwise or compute
        self._reader: int | None = None
        self.pid = 0
        if not hasattr(os, "fork"):
            return
        reader, writer = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: it only computes, and ends
            os.close(reader)
            try:
                with os.fdopen(writer, "wb") as pipe:
                    pickle.dump(compute(), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)  # no exit handlers: they are the build's (its Pagefind, its copies)
        os.close(writer)
        self._reader = reader
        MEMORY.helpers.add(self.pid)  # stopped by a build that fails before the result is taken (hooks/site.py)

    def result(self) -> T:
        """What ``compute`` returned in the child, or, when the child gave nothing whole, ``otherwise()``."""
        if self._reader is None:
            return self._compute()
        with os.fdopen(self._reader, "rb") as pipe:
            try:
                found = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):  # the child failed or was stopped before it wrote it all
                found = _NOTHING
        self._reader = None
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        MEMORY.helpers.discard(self.pid)
        return self._compute() if found is _NOTHING else found


class _Nothing:
    """What a child that wrote nothing gave (no pickled value is this object)."""


_NOTHING = _Nothing()
