"""Support markers: near misses are problems at their line with the known names; code is never a marker."""

from __future__ import annotations

import pytest

from hooks.core.markers import BY_NAME, KNOWN, MARKERS, check_markers, fill, mark, strip_delimiters, writer_markers

PATH = "content/yhteystiedot.md"
NAMES = "channels, contact-jsonld, hours, hours-exceptions, open-now, sla, status-summary, teams"


def problems(body: str, body_line: int = 5) -> list[str]:
    return [str(p) for p in check_markers(PATH, body, body_line)]


def unknown(line: int, got: str) -> str:
    return f"{PATH}:{line}: marker: unknown marker (expected one of {NAMES}, got {got!r})"


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_markers_pass(name):
    assert problems(f"Teksti.\n\n<!-- supportsite:{name} -->\n\n<!--supportsite:{name}-->\n<!--\n  supportsite:{name}\n-->\n") == []


NEAR_MISSES = {
    "<!-- supportsite:Hours -->": "supportsite:Hours",
    "<!-- supportsite: sla -->": "supportsite: sla",
    "<!-- supportsite :sla -->": "supportsite :sla",
    "<!-- SupportSite:hours -->": "SupportSite:hours",
    "<!-- SUPPORTSITE:HOURS -->": "SUPPORTSITE:HOURS",
    "<!-- supportsite:open_now -->": "supportsite:open_now",
    "<!-- supportsite:hourz -->": "supportsite:hourz",
    "<!-- supportsite:hours extra -->": "supportsite:hours extra",
    "<!-- supportsite: -->": "supportsite:",
    "<!--supportsite:aukiolo-->": "supportsite:aukiolo",
}


@pytest.mark.parametrize("marker", list(NEAR_MISSES))
def test_a_near_miss_is_a_problem_at_its_line(marker):
    assert problems(f"Aukioloajat:\n\n{marker}\n") == [unknown(7, NEAR_MISSES[marker])]


def test_every_near_miss_is_reported():
    body = "<!-- supportsite:hours -->\n<!-- supportsite:Hours -->\n\nTeksti\n<!-- supportsite: sla -->\n"
    assert problems(body, body_line=1) == [unknown(2, "supportsite:Hours"), unknown(5, "supportsite: sla")]


def test_a_marker_split_over_lines_is_placed_at_its_name():
    assert problems("Teksti\n<!--\n  supportsite:Hours\n-->\n", body_line=1) == [unknown(3, "supportsite:Hours")]


@pytest.mark.parametrize("body", [
    "<!-- supportsite-status-block -->\n",  # a hyphen for the colon: the status block's mark before the one syntax
    "<!-- knowledge:listing -->\n<!-- knowledge:links 0 -->\n",  # the knowledge hooks' marks before the table
    "<!-- Lisää tähän supportsite:hours kun taulukko on valmis -->\n",  # a comment that mentions one
    "supportsite:Hours ilman kommenttia\n",
])
def test_what_is_not_a_marker_passes(body):
    assert problems(body) == []


@pytest.mark.parametrize("body", [
    "Näin lisäät taulukon:\n\n```markdown\n<!-- supportsite:Hours -->\n```\n",
    "Kirjoita `<!-- supportsite:aukiolo -->` sivulle.\n",
    "Esimerkki:\n\n    <!-- supportsite: sla -->\n",
])
def test_markers_in_code_are_not_markers(body):
    assert problems(body) == []


def test_writer_markers_are_found_outside_code_only():
    body = "<!-- supportsite:hours -->\n\n`<!-- supportsite:sla -->`\n\n```\n<!-- supportsite:teams -->\n```\n<!-- supportsite:open-now -->\n"
    assert writer_markers(body) == ["hours", "open-now"]


def test_internal_markers_are_not_for_writers():
    # A writer cannot place the hooks' own placeholders: they are unknown markers in a source.
    for name in sorted(set(BY_NAME) - set(KNOWN)):
        assert problems(f"Teksti.\n\n{mark(name)}\n") == [unknown(7, f"supportsite:{name}")], name
    assert problems("<!-- supportsite:hours 2 -->\n") == [unknown(5, "supportsite:hours 2")]


def test_fill_replaces_every_marker_with_a_filler_in_one_pass():
    html = (f"<p>a</p>{mark('hours')}<div>{mark('links', 0)}{mark('links', 1)}</div>"
            f"{mark('related')}{mark('listing')}<!-- supportsite:sla -->")
    filled = fill(html, {"hours": lambda key: f"<table>{key}</table>", "links": lambda key: f"<ul>{key}</ul>",
                         "related": lambda key: None, "listing": lambda key: "never"})
    # related's filler is not ready (None), listing is a delimiter, sla has no filler: all three stay.
    assert filled == ("<p>a</p><table>None</table><div><ul>0</ul><ul>1</ul></div>"
                      f"{mark('related')}{mark('listing')}<!-- supportsite:sla -->")
    assert fill("<p>ei merkkejä</p>", {"hours": lambda key: "x"}) == "<p>ei merkkejä</p>"


def test_every_marker_is_declared_once_with_its_owner():
    assert len({m.name for m in MARKERS}) == len(MARKERS)
    assert {m.owner for m in MARKERS} <= {"support", "status", "knowledge"}
    with pytest.raises(KeyError):
        mark("no-such-marker")


def test_delimiters_are_taken_out_once_read_and_nothing_else():
    html = f"<div>teksti</div>{mark('listing')}{mark('related')}<!-- tavallinen kommentti -->"
    assert strip_delimiters(html) == f"<div>teksti</div>{mark('related')}<!-- tavallinen kommentti -->"
