"""A computation made in a forked process while this one goes on; its result comes back pickled through a pipe."""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import threading
from collections.abc import Callable
from typing import BinaryIO, Generic, TypeVar

from hooks.core.rebuild import MEMORY

T = TypeVar("T")
I = TypeVar("I")
U = TypeVar("U")

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
        self._reader: BinaryIO | None = None
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
        self._reader = os.fdopen(reader, "rb")
        MEMORY.helpers.add(self.pid)  # stopped by a build that fails before the result is taken (hooks/site.py)

    def done(self) -> bool:
        """Whether ``result`` would not wait for the child's computing: it has begun to write (or ended)."""
        return _readable(self._reader)

    def result(self) -> T:
        """What ``compute`` returned in the child, or, when the child gave nothing whole, ``otherwise()``."""
        if self._reader is None:
            return self._compute()
        found = _received(self._reader)
        self._reader.close()
        self._reader = None
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        MEMORY.helpers.discard(self.pid)
        return self._compute() if found is _NOTHING else found


def _readable(reader: BinaryIO | None) -> bool:
    """Whether reading ``reader`` (buffered) would not wait: it holds data, or its writer ended (or it is closed)."""
    if reader is None or select.select([reader], [], [], 0)[0]:
        return True
    # The pipe is empty, but reading an earlier result may have buffered the start of the next.
    os.set_blocking(reader.fileno(), False)
    try:
        return bool(reader.peek(1))
    except BlockingIOError:
        return False
    finally:
        os.set_blocking(reader.fileno(), True)


class _Nothing:
    """What a child that wrote nothing gave (no pickled value is this object)."""


_NOTHING = _Nothing()


def _received(reader: BinaryIO | None) -> object:
    """The next result a child wrote to the pipe ``reader``, or ``_NOTHING`` when it wrote none whole."""
    if reader is None:
        return _NOTHING
    try:
        return pickle.load(reader)
    except (EOFError, pickle.UnpicklingError, OSError):  # the child failed or was stopped before it wrote it all
        return _NOTHING


class Prepared(Generic[I, T]):
    """``compute(given)`` in a child process forked before ``given`` is known: the child runs ``prepare`` at once
    (opening a dictionary, say) while this process goes on, then waits for ``send``; ``result`` waits for what
    ``compute`` returns. ``cancel`` stops a child that will not be needed.

    ``send`` may give the child a second computation, ``then``, on what ``compute`` returned: the child runs it once
    that result is written, at ``BACKGROUND_NICENESS``, and ``following`` is its result (a ``Following``).

    As with ``Forked``, the child gives back only the pickled results, and one that fails (or a system without
    ``fork``) costs nothing but the time: ``result`` then gives ``compute(given)`` run here, ``following`` what it
    is told to make instead."""

    def __init__(self, prepare: Callable[[], object], compute: Callable[[I], T]) -> None:
        self._compute = compute
        self._given: tuple[I] | None = None
        self._reader: BinaryIO | None = None
        self._writer: int | None = None
        self._sending: threading.Thread | None = None
        self._then = False
        self._result: T | _Nothing = _NOTHING  # once taken
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
                    given, then = message
                    with os.fdopen(outbox, "wb") as pipe:
                        result = compute(given)
                        pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                        if then is not None:
                            pipe.flush()
                            with contextlib.suppress(OSError):
                                os.nice(BACKGROUND_NICENESS)  # wanted at the build's end: the pages' processes first
                            pickle.dump(then(result), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)  # no exit handlers: they are the build's
        os.close(inbox)
        os.close(outbox)
        self._reader, self._writer = os.fdopen(reader, "rb"), writer
        MEMORY.helpers.add(self.pid)  # stopped by a build that fails before the result is taken

    def send(self, given: I, then: Callable[[T], object] | None = None) -> None:
        """Give the child its input (once), and what it computes next from its result (``then``, picklable).
        Written from a thread: the child reads it only when prepared, and a pipe holds 64 KiB, so this process goes
        on at once."""
        if self._given is not None:
            raise RuntimeError("the input was sent already")
        self._given = (given,)
        self._then = then is not None
        if self._writer is None:
            return
        data = pickle.dumps((given, then), protocol=pickle.HIGHEST_PROTOCOL)
        writer, self._writer = self._writer, None

        def write() -> None:
            with contextlib.suppress(OSError), os.fdopen(writer, "wb") as pipe:  # OSError: the child ended
                pipe.write(data)

        self._sending = threading.Thread(target=write, name="supportsite-prepared-input", daemon=True)
        self._sending.start()

    def done(self) -> bool:
        """Whether ``result`` would not wait for the child's computing: it has begun to write (or ended)."""
        return self._result is not _NOTHING or _readable(self._reader)

    def result(self) -> T:
        """What ``compute`` returned in the child, or, when the child gave nothing whole, ``compute`` run here (asked
        again: the same)."""
        if self._given is None:
            raise RuntimeError("result() before send()")
        if self._result is not _NOTHING:
            return self._result
        found = _received(self._reader)
        if found is _NOTHING or not self._then:
            self._close()
        self._result = self._compute(self._given[0]) if found is _NOTHING else found
        return self._result

    def following(self, otherwise: Callable[[], U]) -> Following[U]:
        """The result of ``then`` (see ``send``), once ``result`` was taken; ``otherwise()`` when the child gives
        none."""
        return Following(self, otherwise)

    def cancel(self) -> None:
        """Stop the child, which has nothing to do (safe after ``result`` and twice)."""
        if self._writer is not None:
            os.close(self._writer)
            self._writer = None
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        self._close()

    def _close(self) -> None:
        """Close the results' pipe and reap the child."""
        if self._reader is not None:
            reader, self._reader = self._reader, None
            reader.close()
        if self._sending is not None:
            self._sending.join()
            self._sending = None
        if self.pid:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            MEMORY.helpers.discard(self.pid)
            self.pid = 0


class Following(Generic[U]):
    """What a ``Prepared`` child computes after its result (``Prepared.send``'s ``then``)."""

    def __init__(self, prepared: Prepared, otherwise: Callable[[], U]) -> None:
        self._prepared = prepared
        self._otherwise = otherwise

    def done(self) -> bool:
        """Whether ``result`` would not wait for the child's computing: it has begun to write (or ended)."""
        prepared = self._prepared
        return prepared._result is not _NOTHING and _readable(prepared._reader)

    def result(self) -> U:
        """The child's result, or ``otherwise()`` when it gave none whole (it failed, or was never sent ``then``)."""
        prepared = self._prepared
        prepared.result()  # the first result comes first in the pipe
        found = _received(prepared._reader) if prepared._then else _NOTHING
        prepared._close()
        return self._otherwise() if found is _NOTHING else found

    def cancel(self) -> None:
        """Stop the child: its result is not needed."""
        self._prepared.cancel()
