"""A computation made in a forked process: its result comes back, its side effects do not, and a child that fails
costs only time; a child forked before its input is known prepares meanwhile, goes on to a second computation when
given one, and one not needed is stopped."""

from __future__ import annotations

import functools
import os
import signal
import time

import pytest

from hooks.core.forked import BACKGROUND_NICENESS, Forked, Prepared
from hooks.core.rebuild import MEMORY

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is POSIX")


def test_the_result_is_made_in_another_process_and_only_it_comes_back():
    seen: list[int] = []

    def compute() -> dict[str, object]:
        seen.append(os.getpid())  # in the child's copy of the list
        return {"pid": os.getpid(), "text": "ä" * 100_000}  # more than a pipe holds at once

    forked = Forked(compute)
    assert forked.pid in MEMORY.helpers  # a failed build stops it
    result = forked.result()
    assert result["pid"] != os.getpid() and result["text"] == "ä" * 100_000
    assert seen == []  # what the child changed stayed there
    assert forked.pid not in MEMORY.helpers


def test_a_child_that_fails_gives_what_this_process_makes_instead():
    parent = os.getpid()

    def compute() -> int:
        if os.getpid() != parent:
            raise RuntimeError("broken in the child")
        return 42

    assert Forked(compute).result() == 42
    assert Forked(lambda: 1 // (os.getpid() - os.getpid()), otherwise=lambda: -1).result() == -1


def test_a_killed_child_gives_what_this_process_makes_instead():
    parent = os.getpid()

    def compute() -> str:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # ended mid-work, as by a failed build's stop_helpers
        return "made here"

    assert Forked(compute).result() == "made here"


# --- a child forked before its input is known (Prepared) ---------------------------------------------------------

_PREPARED: dict[str, object] = {}


def test_a_prepared_child_prepares_before_its_input_comes_and_sends_back_only_the_result(tmp_path):
    go = tmp_path / "go"

    def prepare() -> None:
        # Waits for the file this process makes only once send() has returned: send must not wait for the child.
        for _ in range(3000):
            if go.exists():
                break
            time.sleep(0.01)
        _PREPARED["opened"] = go.exists()

    def compute(given: list[str]) -> dict[str, object]:
        return {"pid": os.getpid(), "opened": _PREPARED.get("opened"), "length": sum(map(len, given))}

    prepared = Prepared(prepare, compute)
    assert prepared.pid in MEMORY.helpers
    given = ["ö" * 1000] * 500  # far more than a pipe holds at once
    prepared.send(given)
    go.touch()
    result = prepared.result()
    assert result == {"pid": result["pid"], "opened": True, "length": 500_000} and result["pid"] != os.getpid()
    assert _PREPARED == {}  # what the child prepared stayed there
    assert prepared.pid == 0 and not _alive(result["pid"])


def test_a_prepared_child_that_fails_or_is_killed_gives_what_this_process_computes():
    parent = os.getpid()

    def compute(given: int) -> tuple[int, bool]:
        if os.getpid() != parent:
            raise RuntimeError("broken in the child")
        return given * 2, True

    failing = Prepared(lambda: None, compute)
    failing.send(21)
    assert failing.result() == (42, True)

    def killed(given: int) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as by a failed build's stop_helpers
        return -given

    gone = Prepared(lambda: None, killed)
    gone.send(5)
    assert gone.result() == -5


def test_a_failure_while_preparing_is_left_to_compute():
    def prepare() -> None:
        raise OSError("no dictionary")

    prepared = Prepared(prepare, lambda given: given.upper())
    prepared.send("made all the same")
    assert prepared.result() == "MADE ALL THE SAME"


def test_a_prepared_child_that_is_not_needed_is_stopped():
    prepared = Prepared(lambda: time.sleep(60), lambda given: given)
    pid = prepared.pid
    assert _alive(pid)
    prepared.cancel()
    assert not _alive(pid) and pid not in MEMORY.helpers
    prepared.cancel()  # twice is harmless
    with pytest.raises(RuntimeError):
        prepared.result()  # nothing was sent


def _then(parent: int, first: dict[str, object]) -> dict[str, object]:
    """A second computation for a Prepared child (module level: it is sent to the child pickled)."""
    if os.getpid() == parent:
        raise AssertionError("the second computation ran in the parent")
    time.sleep(0.3)  # long enough for the parent to look before it is done
    return {"first": first, "pid": os.getpid(), "niceness": os.nice(0)}


def _sleep_long(first: object) -> object:
    time.sleep(60)
    return first


def _then_failing(first: object) -> object:
    os.kill(os.getpid(), signal.SIGKILL)  # ended mid-work, as by a failed build's stop_helpers
    return first


def test_a_prepared_child_goes_on_with_its_second_computation_in_the_background():
    parent, niceness = os.getpid(), os.nice(0)
    prepared = Prepared(lambda: None, lambda given: {"doubled": given * 2, "pid": os.getpid()})
    prepared.send(21, then=functools.partial(_then, parent))
    made_here: list[int] = []
    following = prepared.following(lambda: made_here.append(1))
    assert not following.done()  # the first result is not taken yet: the second waits behind it in the pipe
    first = prepared.result()
    assert first["doubled"] == 42 and first["pid"] != parent
    assert prepared.result() is first  # asked again: the same, not read again
    assert not following.done()  # still sleeping
    deadline = time.monotonic() + 30
    while not following.done() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert following.done()
    second = following.result()
    assert second == {"first": first, "pid": first["pid"], "niceness": min(niceness + BACKGROUND_NICENESS, 19)}
    assert made_here == [] and prepared.pid == 0 and not _alive(first["pid"])


def test_a_second_computation_that_fails_or_was_never_given_is_made_here():
    killed = Prepared(lambda: None, lambda given: given + 1)
    killed.send(1, then=_then_failing)
    assert killed.result() == 2  # the first result came whole
    assert killed.following(lambda: "made here").result() == "made here"
    assert killed.pid == 0

    plain = Prepared(lambda: None, lambda given: given + 1)
    plain.send(1)
    assert plain.following(lambda: "made here").result() == "made here"
    assert plain.result() == 2


def test_a_second_computation_not_needed_is_stopped():
    prepared = Prepared(lambda: None, lambda given: given)
    prepared.send("first", then=_sleep_long)
    pid = prepared.pid
    assert prepared.result() == "first" and _alive(pid)
    prepared.following(lambda: None).cancel()
    assert not _alive(pid) and pid not in MEMORY.helpers


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie that nobody reaps would still be found: look at its state
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
