"""Markers a writer puts in Markdown (``<!-- supportsite:NAME -->``) for blocks the hooks render."""

from __future__ import annotations

import re
from collections.abc import Callable

from hooks.core.mdcode import mask_code
from hooks.core.problems import Problem

MARKER = re.compile(r"<!--\s*supportsite:([a-z0-9-]+)\s*-->")
# Anything a writer may have meant as a marker: any case, spaces around the colon, any name. Not the hooks' own
# marks (``<!-- supportsite-status-block -->``, ``<!-- knowledge:… -->``), which have no "supportsite:".
LOOKALIKE = re.compile(r"<!--\s*(supportsite\s*:.*?)\s*-->", re.IGNORECASE | re.DOTALL)

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
    """A problem for everything outside code that looks like a marker but is not exactly one that a hook renders
    (a near miss would otherwise stay an invisible comment on the page)."""
    problems = []
    text = mask_code(body).text
    for match in LOOKALIKE.finditer(text):
        exact = MARKER.fullmatch(match[0])
        if exact is None or exact[1] not in KNOWN:
            line = body_line + text.count("\n", 0, match.start(1))
            problems.append(Problem(path, line, "marker", "unknown marker", "one of " + ", ".join(sorted(KNOWN)),
                                    repr(" ".join(match[1].split()))))
    return problems


def replace_markers(body: str, render: Callable[[str], str | None]) -> str:
    """Replace each marker outside code whose name ``render`` knows; markers it returns None for are left in place."""
    out, done = [], 0
    for match in MARKER.finditer(mask_code(body).text):  # masking keeps offsets: a match is the same in ``body``
        html = render(match[1])
        if html is not None:
            out += [body[done:match.start()], html]
            done = match.end()
    return "".join(out) + body[done:]
