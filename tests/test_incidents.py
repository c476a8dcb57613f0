"""Status posts: every timeline validation error exactly, and the model (state, start/end, duration, impact over time, uptime)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hooks.core.content import load_project
from hooks.core.incidents import (
    StatusPost, Update, Window, component_impact_at, duration, ended_at, is_active, is_upcoming, segments, started_at,
    state_at, text_in, title_in,
)
from hooks.core.problems import ValidationError
from samples import INVESTIGATING, incident_front, source_tree

HEL = ZoneInfo("Europe/Helsinki")
UTC = dt.timezone.utc
POST = "status/2026-11-02-testi.md"


@pytest.fixture
def tree(tmp_path: Path, repo_root: Path) -> Path:
    """The repo's site_config (components softone-go, kirjautuminen, …) and an empty status/ folder."""
    (source_tree(tmp_path, repo_root, {}) / "status").mkdir()
    return tmp_path


def problems_of(tree: Path, front_matter: str) -> list[str]:
    (tree / POST).write_text(f"---\n{front_matter.strip()}\n---\n\nKuvaus.\n", encoding="utf-8")
    try:
        load_project(tree)
    except ValidationError as error:
        return [str(p) for p in error.problems]
    return []


INCIDENT = incident_front(INVESTIGATING, ("2026-11-02T09:30:00+02:00", "identified", "Syy löytyi."),
                          ("2026-11-02T10:00:00+02:00", "resolved", "Korjattu."))


def test_a_valid_incident_has_no_problems(tree):
    assert problems_of(tree, INCIDENT) == []


@pytest.mark.parametrize("change, expected", [
    pytest.param(("kirjautuminen: major_outage", "kirjautumien: major_outage"),
                 "status/2026-11-02-testi.md:6: components.kirjautumien: unknown component (expected one of softone-go, "
                 "kirjautuminen, lataukset, asiakaskeskus, akatemia, puhelintuki, got 'kirjautumien')",
                 id="unknown component"),
    pytest.param(("at: 2026-11-02T09:30:00+02:00", "at: 2026-11-02T09:30:00"),
                 "status/2026-11-02-testi.md:11: updates[1].at: timestamp without UTC offset (expected a date and time "
                 "with a UTC offset, such as 2026-10-14T09:12:00+03:00, got '2026-11-02T09:30:00')",
                 id="naive timestamp"),
    pytest.param(("at: 2026-11-02T09:30:00+02:00", "at: 2026-11-02T08:30:00+02:00"),
                 "status/2026-11-02-testi.md:11: updates[1].at: update out of order (expected a time at or after the "
                 "previous update's 2026-11-02T09:00:00+02:00, got 2026-11-02T08:30:00+02:00)",
                 id="updates out of order"),
    pytest.param(("status: identified", "status: in_progress"),
                 "status/2026-11-02-testi.md:12: updates[1].status: state does not belong to a incident (expected one "
                 "of investigating, identified, monitoring, resolved, got 'in_progress')",
                 id="state of another kind"),
    pytest.param(("impact: major", "impact: huge"),
                 "status/2026-11-02-testi.md:4: impact: unknown value (expected one of none, minor, major, critical, "
                 "got 'huge')",
                 id="unknown impact"),
    pytest.param(("kirjautuminen: major_outage", "kirjautuminen: down"),
                 "status/2026-11-02-testi.md:6: components.kirjautuminen: unknown value (expected one of operational, "
                 "degraded_performance, partial_outage, major_outage, under_maintenance, got 'down')",
                 id="unknown component impact"),
    pytest.param(("kirjautuminen: major_outage", "kirjautuminen: under_maintenance"),
                 "status/2026-11-02-testi.md:6: components.kirjautuminen: under_maintenance on a incident (expected "
                 "degraded_performance, partial_outage or major_outage (maintenance is its own kind), got "
                 "'under_maintenance')",
                 id="maintenance impact on an incident"),
])
def test_each_incident_problem_is_reported_exactly(tree, change, expected):
    old, new = change
    assert problems_of(tree, INCIDENT.replace(old, new, 1)) == [expected]


SWEDISH = (INCIDENT.replace("title: Kirjautuminen ei onnistu\n",
                           "title: Kirjautuminen ei onnistu\ntitle_sv: Det går inte att logga in\n")
           .replace("    text: Syy löytyi.\n", "    text: Syy löytyi.\n    text_sv: Orsaken har hittats.\n"))


def test_swedish_texts_are_optional_and_checked_like_the_finnish(tree, repo_root):
    assert problems_of(tree, SWEDISH) == []
    post = load_project(tree).posts[0]
    assert title_in(post, "sv") == ("Det går inte att logga in", "sv")
    assert [text_in(u, "sv") for u in post.updates] == [
        ("Selvitämme.", "fi"), ("Orsaken har hittats.", "sv"), ("Korjattu.", "fi")]  # the fallback says it is Finnish
    assert title_in(post, "fi") == ("Kirjautuminen ei onnistu", "fi")
    assert problems_of(tree, SWEDISH.replace("text_sv: Orsaken har hittats.", "text_sv: '[Klicka](javascript:alert(1))'")) == [
        "status/2026-11-02-testi.md:15: updates[1].text_sv: link target not allowed (expected Markdown text with "
        "links to http(s), mailto: or tel: addresses or to the site's pages, got 'javascript:alert(1')"]
    assert problems_of(tree, SWEDISH.replace("title_sv: Det går inte att logga in", "title_sv: ''")) == [
        "status/2026-11-02-testi.md:3: title_sv: empty text (expected a text, got an empty text)"]


def test_an_update_after_resolution_is_refused(tree):
    text = INCIDENT + "  - at: 2026-11-02T11:00:00+02:00\n    status: monitoring\n    text: Seurataan.\n"
    assert problems_of(tree, text) == [
        "status/2026-11-02-testi.md:17: updates[3]: update after resolution (expected no update after updates[2] "
        "(resolved), got 'monitoring')",
    ]


def test_a_resolved_incident_needs_a_resolution_update(tree):
    unresolved = INCIDENT.replace("status: resolved", "status: monitoring")
    assert problems_of(tree, unresolved + "resolved: true\n") == [
        "status/2026-11-02-testi.md:17: resolved: resolved incident without a resolution update (expected a last "
        "update with status 'resolved', got 'monitoring')",
    ]
    assert problems_of(tree, INCIDENT + "resolved: false\n") == [
        "status/2026-11-02-testi.md:17: resolved: unresolved incident with a resolution update (expected resolved: "
        "true, or no resolved key, got false)",
    ]
    assert problems_of(tree, INCIDENT + "resolved: true\n") == []


def test_update_components_must_be_listed_on_the_post(tree):
    text = INCIDENT.replace("    text: Syy löytyi.\n", "    text: Syy löytyi.\n    components:\n      softone-go: degraded_performance\n")
    assert problems_of(tree, text) == [
        "status/2026-11-02-testi.md:15: updates[1].components.softone-go: component not listed in the post's "
        "components (expected one of kirjautuminen, got 'softone-go')",
    ]


MAINTENANCE = """\
title: Huoltokatko
kind: maintenance
components:
  softone-go: under_maintenance
scheduled:
  start: 2026-12-12T22:00:00+02:00
  end: 2026-12-13T02:00:00+02:00
updates:
  - at: 2026-11-12T14:00:00+02:00
    status: scheduled
    text: Huolto lauantaina.
"""


def test_a_valid_maintenance_has_no_problems(tree):
    assert problems_of(tree, MAINTENANCE) == []


@pytest.mark.parametrize("change, expected", [
    pytest.param(("  end: 2026-12-13T02:00:00+02:00", "  end: 2026-12-12T21:00:00+02:00"),
                 "status/2026-11-02-testi.md:8: scheduled.end: maintenance ends before it starts (expected a time after "
                 "the start 2026-12-12T22:00:00+02:00, got 2026-12-12T21:00:00+02:00)",
                 id="ends before it starts"),
    pytest.param(("scheduled:\n  start: 2026-12-12T22:00:00+02:00\n  end: 2026-12-13T02:00:00+02:00\n", ""),
                 "status/2026-11-02-testi.md:2: scheduled: maintenance without a scheduled window (expected scheduled: "
                 "with start and end, got nothing)",
                 id="no window"),
    pytest.param(("status: scheduled", "status: resolved"),
                 "status/2026-11-02-testi.md:11: updates[0].status: state does not belong to a maintenance (expected "
                 "one of scheduled, in_progress, verifying, completed, got 'resolved')",
                 id="incident state on maintenance"),
    pytest.param(("at: 2026-11-12T14:00:00+02:00", "at: 2026-12-14T14:00:00+02:00"),
                 "status/2026-11-02-testi.md:10: updates[0].at: maintenance announced as scheduled after its window "
                 "(expected a time before the end 2026-12-13T02:00:00+02:00, got 2026-12-14T14:00:00+02:00)",
                 id="announced after the window"),
])
def test_each_maintenance_problem_is_reported_exactly(tree, change, expected):
    old, new = change
    assert problems_of(tree, MAINTENANCE.replace(old, new, 1)) == [expected]


def test_an_update_after_completion_is_refused(tree):
    text = MAINTENANCE + (
        "  - at: 2026-12-13T01:00:00+02:00\n    status: completed\n    text: Valmis.\n"
        "  - at: 2026-12-13T01:30:00+02:00\n    status: verifying\n    text: Tarkistetaan.\n"
    )
    assert problems_of(tree, text) == [
        "status/2026-11-02-testi.md:16: updates[2]: update after completion (expected no update after updates[1] "
        "(completed), got 'verifying')",
    ]


def test_scheduled_window_and_resolved_flag_belong_to_their_kinds(tree):
    notice = "title: Tiedote\nkind: notice\nresolved: true\nscheduled:\n  start: 2026-12-12T22:00:00+02:00\n" \
             "  end: 2026-12-13T02:00:00+02:00\nupdates:\n  - at: 2026-11-12T14:00:00+02:00\n    status: posted\n    text: Hei.\n"
    assert problems_of(tree, notice) == [
        "status/2026-11-02-testi.md:4: resolved: resolved flag on a notice (expected no resolved key, got true)",
        "status/2026-11-02-testi.md:5: scheduled: scheduled window on a notice (expected scheduled only when kind is "
        "maintenance, got a mapping)",
    ]


def test_every_problem_of_a_post_is_reported_not_only_the_first(tree):
    text = INCIDENT.replace("at: 2026-11-02T09:30:00+02:00", "at: 2026-11-02T08:30:00+02:00").replace(
        "status: identified", "status: completed")
    assert problems_of(tree, text) == [
        "status/2026-11-02-testi.md:11: updates[1].at: update out of order (expected a time at or after the previous "
        "update's 2026-11-02T09:00:00+02:00, got 2026-11-02T08:30:00+02:00)",
        "status/2026-11-02-testi.md:12: updates[1].status: state does not belong to a incident (expected one of "
        "investigating, identified, monitoring, resolved, got 'completed')",
    ]


# --- the model ----------------------------------------------------------------------------------------


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def incident(updates: list[tuple[str, str, dict | None]], components=None, impact="major", slug="2026-11-02-a") -> StatusPost:
    return StatusPost(path=f"status/{slug}.md", title="Häiriö", kind="incident", impact=impact,
                      components=components or {"kirjautuminen": "major_outage", "softone-go": "partial_outage"},
                      scheduled=None, updates=tuple(Update(at(a), s, "teksti", c) for a, s, c in updates))


def maintenance(start: str, end: str, updates: list[tuple[str, str]]) -> StatusPost:
    return StatusPost(path="status/2026-12-01-huolto.md", title="Huolto", kind="maintenance", impact="none",
                      components={"softone-go": "under_maintenance"}, scheduled=Window(at(start), at(end)),
                      updates=tuple(Update(at(a), s, "teksti") for a, s in updates))


LOGIN_DOWN = incident([
    ("2026-11-02T09:00:00+02:00", "investigating", None),
    ("2026-11-02T09:30:00+02:00", "monitoring", {"kirjautuminen": "degraded_performance", "softone-go": "operational"}),
    ("2026-11-02T10:00:00+02:00", "resolved", None),
])


@pytest.mark.parametrize("now, state, active", [
    ("2026-11-02T08:59:00+02:00", None, False),  # written ahead of time: not yet there
    ("2026-11-02T09:00:00+02:00", "investigating", True),
    ("2026-11-02T09:45:00+02:00", "monitoring", True),
    ("2026-11-02T10:00:00+02:00", "resolved", False),
])
def test_incident_state_follows_only_its_updates(now, state, active):
    assert state_at(LOGIN_DOWN, at(now)) == state
    assert is_active(LOGIN_DOWN, at(now)) is active


def test_incident_start_end_duration_and_impact_over_time():
    now = at("2026-11-18T12:00:00+00:00")
    assert started_at(LOGIN_DOWN) == at("2026-11-02T09:00:00+02:00")
    assert ended_at(LOGIN_DOWN, now) == at("2026-11-02T10:00:00+02:00")
    assert duration(LOGIN_DOWN, now) == dt.timedelta(hours=1)
    assert [(s.component, s.impact, s.start.astimezone(HEL).strftime("%H:%M"), s.end.astimezone(HEL).strftime("%H:%M"))
            for s in segments(LOGIN_DOWN, now)] == [
        ("kirjautuminen", "major_outage", "09:00", "09:30"),
        ("kirjautuminen", "degraded_performance", "09:30", "10:00"),
        ("softone-go", "partial_outage", "09:00", "09:30"),
    ]
    assert component_impact_at([LOGIN_DOWN], "kirjautuminen", at("2026-11-02T09:10:00+02:00")) == "major_outage"
    assert component_impact_at([LOGIN_DOWN], "kirjautuminen", at("2026-11-02T09:40:00+02:00")) == "degraded_performance"
    assert component_impact_at([LOGIN_DOWN], "softone-go", at("2026-11-02T09:40:00+02:00")) == "operational"
    assert component_impact_at([LOGIN_DOWN], "kirjautuminen", at("2026-11-02T10:00:00+02:00")) == "operational"


def test_an_open_incident_lasts_until_now():
    open_one = incident([("2026-11-18T13:00:00+02:00", "investigating", None)])
    now = at("2026-11-18T14:20:00+02:00")
    assert ended_at(open_one, now) is None
    assert duration(open_one, now) == dt.timedelta(minutes=80)
    assert [s.end for s in segments(open_one, now)] == [None, None]


WINDOW = ("2026-12-12T22:00:00+02:00", "2026-12-13T02:00:00+02:00")


@pytest.mark.parametrize("now, state, upcoming, active", [
    ("2026-11-01T12:00:00+02:00", None, False, False),
    ("2026-12-12T21:59:00+02:00", "scheduled", True, False),
    ("2026-12-12T22:00:00+02:00", "in_progress", False, True),  # by the window, without an update
    ("2026-12-13T02:00:00+02:00", "completed", False, False),
])
def test_maintenance_follows_its_window_while_the_last_update_is_scheduled(now, state, upcoming, active):
    post = maintenance(*WINDOW, [("2026-11-12T14:00:00+02:00", "scheduled")])
    assert state_at(post, at(now)) == state
    assert is_upcoming(post, at(now)) is upcoming
    assert is_active(post, at(now)) is active


def test_maintenance_updates_win_over_the_window():
    post = maintenance(*WINDOW, [("2026-11-12T14:00:00+02:00", "scheduled"), ("2026-12-12T21:50:00+02:00", "in_progress"),
                                 ("2026-12-13T02:10:00+02:00", "verifying")])
    assert started_at(post) == at("2026-12-12T21:50:00+02:00")  # began early
    assert state_at(post, at("2026-12-13T02:30:00+02:00")) == "verifying"  # overran: no completion by the clock
    assert ended_at(post, at("2026-12-13T02:30:00+02:00")) is None
