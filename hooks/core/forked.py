"""A computation made in a forked process while this one goes on; its result comes back pickled through a pipe."""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from hooks.core.rebuild import MEMORY

T = TypeVar("T")
I = TypeVar("I")

# The niceness of helpers whose work a build needs only at its end (the related-articles worker, Pagefind): the
# processes that share its pages (hooks/markdownahead.py, hooks/site.py) get the second core first.
BACKGROUND_NICENESS = 10


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

    def done(self) -> bool:
        """Whether ``result`` would not wait for the child's computing: it has begun to write (or ended)."""
        if self._reader is None:
            return True
        return bool(select.select([self._reader], [], [], 0)[0])

    def result(self) -> T:
        """What ``compute`` returned in the child, or, when the child gave nothing whole, ``otherwise()``."""
        if self._reader is None:
            return self._compute()
        found, self._reader = _received(self._reader), None
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        MEMORY.helpers.discard(self.pid)
        return self._compute() if found is _NOTHING else found


class _Nothing:
    """What a child that wrote nothing gave (no pickled value is this object)."""


_NOTHING = _Nothing()


def _received(reader: int) -> object:
    """What a child wrote to the pipe ``reader`` (closed here), or ``_NOTHING`` when it wrote nothing whole."""
    with os.fdopen(reader, "rb") as pipe:
        try:
            return pickle.load(pipe)
        except (EOFError, pickle.UnpicklingError):  # the child failed or was stopped before it wrote it all
            return _NOTHING


class Prepared(Generic[I, T]):
    """``compute(given)`` in a child process forked before ``given`` is known: the child runs ``prepare`` at once
    (opening a dictionary, say) while this process goes on, then waits for ``send``; ``result`` waits for what
    ``compute`` returns. ``cancel`` stops a child that will not be needed.

    As with ``Forked``, the child gives back only the pickled result, and one that fails (or a system without
    ``fork``) costs nothing but the time: ``result`` then gives ``compute(given)`` run here."""

    def __init__(self, prepare: Callable[[], object], compute: Callable[[I], T]) -> None:
        self._compute = compute
        self._given: tuple[I] | None = None
        self._reader: int | None = None
        self._writer: int | None = None
        self._sending: threading.Thread | None = None
        self.pid = 0
        if not hasattr(os, "fork"):
            return
        inbox, writer = os.pipe()
        reader, outbox = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: it prepares, waits for what it is given, computes, and ends
            os.close(writer)
            os.close(reader)
            try:
                with contextlib.suppress(Exception):
                    prepare()  # a failure here shows again in compute, which then gives nothing
                with os.fdopen(inbox, "rb") as pipe:
                    message = pickle.load(pipe)
                if message is not None:
                    with os.fdopen(outbox, "wb") as pipe:
                        pickle.dump(compute(message[0]), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)  # no exit handlers: they are the build's
        os.close(inbox)
        os.close(outbox)
        self._reader, self._writer = reader, writer
        MEMORY.helpers.add(self.pid)  # stopped by a build that fails before the result is taken

    def send(self, given: I) -> None:
        """Give the child its input (once). Written from a thread: the child reads it only when prepared, and a
        pipe holds 64 KiB, so this process goes on at once."""
        if self._given is not None:
            raise RuntimeError("the input was sent already")
        self._given = (given,)
        if self._writer is None:
            return
        data = pickle.dumps(self._given, protocol=pickle.HIGHEST_PROTOCOL)
        writer, self._writer = self._writer, None

        def write() -> None:
            with contextlib.suppress(OSError), os.fdopen(writer, "wb") as pipe:  # OSError: the child ended
                pipe.write(data)

        self._sending = threading.Thread(target=write, name="supportsite-prepared-input", daemon=True)
        self._sending.start()

    def result(self) -> T:
        """What ``compute`` returned in the child, or, when the child gave nothing whole, ``compute`` run here."""
        if self._given is None:
            raise RuntimeError("result() before send()")
        if self._reader is None:
            return self._compute(self._given[0])
        found, self._reader = _received(self._reader), None
        self._reap()
        return self._compute(self._given[0]) if found is _NOTHING else found

    def cancel(self) -> None:
        """Stop the child, which has nothing to do (safe after ``result`` and twice)."""
        for end in (self._reader, self._writer):
            if end is not None:
                os.close(end)
        self._reader = self._writer = None
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> None:
        if self._sending is not None:
            self._sending.join()
            self._sending = None
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        MEMORY.helpers.discard(self.pid)
        self.pid = 0
