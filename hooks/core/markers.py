"""Every placeholder the site's HTML goes through: one syntax, one table, one fill function.

The syntax is an HTML comment, ``<!-- supportsite:NAME -->`` or ``<!-- supportsite:NAME KEY -->``, which
Markdown passes through untouched and which no writer's text can produce (titles are escaped, and bodies may
only use the writer markers). Writers put the writer markers in Markdown; the hooks put the others in their
generated Markdown or HTML. All of them are filled in the page's HTML after Markdown, in one pass
(``hooks/site.py``: ``on_post_page``, before the search indexes the page), by the filler each capability
registers for its names. The delimiters are not filled: they stay in the page and mark where a part of it
ends for a later step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from hooks.core.mdcode import mask_code
from hooks.core.problems import Problem

MARKER = re.compile(r"<!--\s*supportsite:([a-z0-9-]+)(?: ([A-Za-z0-9_./-]+))?\s*-->")
# Anything a writer may have meant as a marker: any case, spaces around the colon, any name.
LOOKALIKE = re.compile(r"<!--\s*(supportsite\s*:.*?)\s*-->", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Marker:
    """One placeholder: its name, who fills it, whether writers may use it, and what it becomes."""

    name: str
    owner: str  # the glue module that registers its filler (hooks/<owner>.py)
    doc: str
    writer: bool = False  # writers may put it in Markdown
    delimiter: bool = False  # stays in the page for a later step; never filled


MARKERS: tuple[Marker, ...] = (
    Marker("hours", "support", "the weekly opening-hours table", writer=True),
    Marker("hours-exceptions", "support", "exceptional days (holidays, eves, explicit exceptions) for the next 12 months",
           writer=True),
    Marker("open-now", "support", "the 'open now' line, updated by the visitor's clock", writer=True),
    Marker("sla", "support", "the SLA table: priority, meaning, response target", writer=True),
    Marker("teams", "support", "the two support teams and how to reach them", writer=True),
    Marker("channels", "support", "the shared contact channels (portal, e-mail)", writer=True),
    Marker("contact-jsonld", "support", "schema.org opening hours as JSON-LD (in the page's head)", writer=True),
    Marker("status-summary", "status", "the current overall status and active incidents", writer=True),
    Marker("status-block", "status", "a status page's generated HTML, after the writer's intro"),
    Marker("links", "knowledge", "a generated list of links; KEY is its number on the page"),
    Marker("chapter", "knowledge", "a chapter's HTML in a manual's one-page view; KEY is its number"),
    Marker("related", "knowledge", "an article's related articles (chosen in another process on a cold build)"),
    Marker("listing", "knowledge", "where the FAQ index's own text ends and its generated list begins",
           delimiter=True),
)
BY_NAME = {marker.name: marker for marker in MARKERS}
KNOWN = {marker.name: marker.doc for marker in MARKERS if marker.writer}
"""The markers writers may use, with what each shows."""

Filler = Callable[[str | None], str | None]
"""Gives a marker's HTML from its KEY, or None to leave the marker for a later fill."""


def mark(name: str, key: str | int | None = None) -> str:
    """The placeholder text for ``name`` (and ``key``); only names in the table exist."""
    if name not in BY_NAME:
        raise KeyError(f"no marker {name!r} in hooks/core/markers.py")
    return f"<!-- supportsite:{name} -->" if key is None else f"<!-- supportsite:{name} {key} -->"


def fill(html: str, fillers: Mapping[str, Filler]) -> str:
    """Every marker whose name has a filler replaced by what the filler gives, in one pass over ``html``.

    Markers without a filler, markers whose filler gives None, and delimiters stay as they are."""
    if "supportsite:" not in html:
        return html  # most pages carry none: no pass at all

    def substitute(match: re.Match) -> str:
        filler = fillers.get(match[1])
        if filler is None or BY_NAME.get(match[1], Marker("", "", "")).delimiter:
            return match[0]
        html = filler(match[2])
        return match[0] if html is None else html
    return MARKER.sub(substitute, html)


def strip_delimiters(html: str) -> str:
    """The page without its delimiters, once the step that reads them is done: no placeholder reaches a reader."""
    if "supportsite:" not in html:
        return html
    return MARKER.sub(lambda m: "" if BY_NAME.get(m[1], Marker("", "", "")).delimiter else m[0], html)


def check_markers(path: str, body: str, body_line: int) -> list[Problem]:
    """A problem for everything outside code that looks like a marker but is not exactly one writers may use
    (a near miss would otherwise stay an invisible comment on the page)."""
    problems = []
    text = mask_code(body).text
    for match in LOOKALIKE.finditer(text):
        exact = MARKER.fullmatch(match[0])
        if exact is None or exact[1] not in KNOWN or exact[2] is not None:
            line = body_line + text.count("\n", 0, match.start(1))
            problems.append(Problem(path, line, "marker", "unknown marker", "one of " + ", ".join(sorted(KNOWN)),
                                    repr(" ".join(match[1].split()))))
    return problems


def writer_markers(body: str) -> list[str]:
    """The names of the writer markers in a Markdown body, outside code, in order."""
    if "supportsite:" not in body:
        return []  # nearly every page: no need to find its code
    return [match[1] for match in MARKER.finditer(mask_code(body).text) if match[1] in KNOWN]
