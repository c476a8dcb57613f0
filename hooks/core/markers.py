"""Markers a writer puts in Markdown (``<!-- supportsite:NAME -->``) for blocks the hooks render."""

from __future__ import annotations

import re
from collections.abc import Callable

from hooks.core.problems import Problem

MARKER = re.compile(r"<!--\s*supportsite:([a-z0-9-]+)\s*-->")

KNOWN = {
    "hours": "the weekly opening-hours table",
    "hours-exceptions": "exceptional days (holidays, eves, explicit exceptions) for the next 12 months",
    "open-now": "the 'open now' line, updated by the visitor's clock",
    "sla": "the SLA table: priority, meaning, response target",
    "teams": "the two support teams and how to reach them",
    "channels": "the shared contact channels (portal, e-mail)",
    "contact-jsonld": "schema.org opening hours as JSON-LD",
    "status-summary": "the current overall status and active incidents",
}


def check_markers(path: str, body: str, body_line: int) -> list[Problem]:
    """A problem for every marker whose name no hook renders."""
    problems = []
    for match in MARKER.finditer(body):
        if match[1] not in KNOWN:
            line = body_line + body.count("\n", 0, match.start())
            problems.append(Problem(path, line, "marker", "unknown marker", "one of " + ", ".join(sorted(KNOWN)), repr(match[1])))
    return problems


def replace_markers(body: str, render: Callable[[str], str | None]) -> str:
    """Replace each marker whose name ``render`` knows; markers it returns None for are left in place."""
    def substitute(match: re.Match) -> str:
        html = render(match[1])
        return match[0] if html is None else html
    return MARKER.sub(substitute, body)
