"""A computation made in a forked process: its result comes back, its side effects do not, and a child that fails
costs only time."""

from __future__ import annotations

import os
import signal

import pytest

from hooks.core.forked import Forked
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
