"""The status model on its own (no HTML, no words): states now, the overall state, the post lists, 90 days and uptime."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hooks.core.config import Component, load_site_config
from hooks.core.content import load_project
from hooks.core.incidents import StatusPost, Update, Window, segments
from hooks.core.statusmodel import (
    DAYS, Overall, StatusModel, component_history, flatten, overall_status, period_start,
)

HEL = ZoneInfo("Europe/Helsinki")
BUILT_AT = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.timezone.utc)  # conftest's SOURCE_DATE_EPOCH: 14.00 in Helsinki
LOGIN = Component("kirjautuminen", "Kirjautuminen", "palvelut")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def post(slug: str, kind: str, updates: list[tuple], components: dict[str, str], impact: str = "major",
         window: tuple[str, str] | None = None) -> StatusPost:
    """A post from (time, state) or (time, state, component impacts) updates."""
    return StatusPost(path=f"status/{slug}.md", title=slug, kind=kind, impact=impact, components=components,
                      scheduled=Window(at(window[0]), at(window[1])) if window else None,
                      updates=tuple(Update(at(u[0]), u[1], "teksti", *u[2:]) for u in updates))


LOGIN_DOWN = post("2026-11-02-a", "incident", [
    ("2026-11-02T09:00:00+02:00", "investigating"),
    ("2026-11-02T09:30:00+02:00", "monitoring", {"kirjautuminen": "degraded_performance", "softone-go": "operational"}),
    ("2026-11-02T10:00:00+02:00", "resolved"),
], {"kirjautuminen": "major_outage", "softone-go": "partial_outage"})


@pytest.fixture(scope="module")
def model(repo_root: Path) -> StatusModel:
    """The status test site at the pinned clock: an open incident, a maintenance in progress, one upcoming."""
    project = load_project(repo_root / "tests/sites/status")
    return StatusModel(project.config, project.posts, BUILT_AT)


def slugs(posts) -> list[str]:
    return [p.slug for p in posts]


# --- states ---------------------------------------------------------------------------------------------


def test_overall_status_is_the_worst_of_incidents_and_components(repo_root):
    config, _ = load_site_config(repo_root)
    # A major outage outweighs the incident's own impact.
    assert overall_status(config, [LOGIN_DOWN], at("2026-11-02T09:10:00+02:00")).indicator == "critical"
    minor = post("2026-11-02-b", "incident", [("2026-11-02T09:00:00+02:00", "investigating")],
                 {"akatemia": "degraded_performance"}, impact="minor")
    assert overall_status(config, [minor], at("2026-11-02T09:10:00+02:00")).indicator == "minor"
    assert overall_status(config, [minor], at("2026-11-02T08:00:00+02:00")) == Overall("none", False)
    busy = post("2026-11-01-huolto", "maintenance", [("2026-11-01T08:00:00+02:00", "scheduled")],
                {"softone-go": "under_maintenance"}, impact="none",
                window=("2026-11-02T08:00:00+02:00", "2026-11-02T12:00:00+02:00"))
    assert overall_status(config, [busy], at("2026-11-02T09:00:00+02:00")) == Overall("none", True)


def test_the_model_holds_each_components_state_and_the_overall_state(model):
    assert model.states == {"sovellus": "under_maintenance", "kirjautuminen": "operational", "puhelin": "partial_outage"}
    assert (model.overall.indicator, model.overall.maintenance) == ("major", True)
    assert [(g.group.id, [c.id for c in g.components]) for g in model.groups] == [
        ("palvelut", ["sovellus", "kirjautuminen"]), ("tuki", ["puhelin"])]
    assert model.group_of(model.config.status.component("puhelin")).id == "tuki"


def test_a_post_as_known_at_the_build(model):
    phone = model.status(model.by_path["status/2026-11-18-puhelinhairio.md"])
    assert (phone.state, phone.auto, phone.closed, phone.ended) == ("identified", False, False, None)
    assert phone.started == at("2026-11-18T13:00:00+02:00") and phone.updated == at("2026-11-18T13:40:00+02:00")
    assert phone.duration == dt.timedelta(hours=1)  # open: until the build's now
    assert [u.status for u in phone.updates] == ["investigating", "identified"] and phone.latest.status == "identified"
    running = model.status(model.by_path["status/2026-11-10-huolto-kaynnissa.md"])
    assert (running.state, running.auto) == ("in_progress", True)  # by its window: no update says so
    notice = model.status(model.by_path["status/2026-11-05-tiedote.md"])
    assert (notice.closed, notice.duration) == (True, None)  # a notice lasts no time


# --- what is open, upcoming and past --------------------------------------------------------------------


def test_posts_not_yet_due_are_left_out_and_the_rest_are_newest_first(model):
    assert slugs(model.posts) == ["2026-11-12-huolto-tulossa", "2026-11-10-huolto-kaynnissa", "2026-11-18-puhelinhairio",
                                  "2026-11-05-tiedote", "2026-10-01-kirjautumiskatko"]
    assert "status/2026-11-20-tuleva.md" not in model.by_path


def test_open_upcoming_and_recent_posts(model):
    assert slugs(model.open_now()) == ["2026-11-10-huolto-kaynnissa", "2026-11-18-puhelinhairio"]
    assert slugs(model.open_incidents()) == ["2026-11-18-puhelinhairio"]
    assert slugs(model.ongoing_maintenance()) == ["2026-11-10-huolto-kaynnissa"]
    assert slugs(model.upcoming_maintenance()) == ["2026-11-12-huolto-tulossa"]
    assert slugs(model.recent()) == ["2026-11-05-tiedote", "2026-10-01-kirjautumiskatko"]
    # The banner: what is open, then maintenance within a week (21.11. is three days away).
    assert slugs(model.banner()) == ["2026-11-10-huolto-kaynnissa", "2026-11-18-puhelinhairio", "2026-11-12-huolto-tulossa"]
    assert slugs(model.posts_of("kirjautuminen")) == ["2026-11-12-huolto-tulossa", "2026-10-01-kirjautumiskatko"]


def test_upcoming_maintenance_is_soonest_first_and_the_banner_looks_a_week_ahead(repo_root):
    config, _ = load_site_config(repo_root)

    def scheduled(slug: str, start: str) -> StatusPost:
        end = (at(start) + dt.timedelta(hours=2)).isoformat()
        return post(slug, "maintenance", [("2026-11-01T08:00:00+02:00", "scheduled")], {"softone-go": "under_maintenance"},
                    impact="none", window=(start, end))

    later, sooner = scheduled("2026-11-01-b", "2026-11-30T22:00:00+02:00"), scheduled("2026-11-01-a", "2026-11-20T22:00:00+02:00")
    model = StatusModel(config, [sooner, later], BUILT_AT)
    assert slugs(model.posts) == ["2026-11-01-b", "2026-11-01-a"]  # newest first
    assert slugs(model.upcoming_maintenance()) == ["2026-11-01-a", "2026-11-01-b"]
    assert slugs(model.banner()) == ["2026-11-01-a"]


def test_history_by_month_first_posted_newest_month_first(model):
    assert {month: slugs(posts) for month, posts in model.months.items()} == {
        "2026-11": ["2026-11-12-huolto-tulossa", "2026-11-10-huolto-kaynnissa", "2026-11-18-puhelinhairio",
                    "2026-11-05-tiedote"],
        "2026-10": ["2026-10-01-kirjautumiskatko"],
    }
    assert model.newer_and_older("2026-11") == (None, "2026-10")
    assert model.newer_and_older("2026-10") == ("2026-11", None)


# --- 90 days ----------------------------------------------------------------------------------------------


def test_day_bars_are_data_minutes_per_impact_and_the_posts(model):
    bars = model.histories["kirjautuminen"].bars
    assert len(bars) == DAYS and bars[-1].day == dt.date(2026, 11, 18)
    october = next(b for b in bars if b.day == dt.date(2026, 10, 1))
    assert (october.impact, october.minutes, october.posts) == (
        "major_outage", {"major_outage": 60, "degraded_performance": 60}, ("2026-10-01-kirjautumiskatko",))
    quiet = next(b for b in bars if b.day == dt.date(2026, 10, 2))
    assert (quiet.impact, quiet.minutes, quiet.posts) == ("operational", {}, ())
    today = model.histories["sovellus"].bars[-1]
    assert (today.impact, today.minutes) == ("under_maintenance", {"under_maintenance": 30})  # 13.30–14.00 so far


def test_uptime_counts_major_outage_fully_partial_at_thirty_percent_and_overlaps_once():
    now = at("2026-11-18T12:00:00+00:00")
    history = component_history(LOGIN, [LOGIN_DOWN], now, HEL)
    first = dt.datetime.combine(now.astimezone(HEL).date() - dt.timedelta(days=89), dt.time(), HEL)
    total = (now - first).total_seconds() / 60
    assert history.uptime == pytest.approx(100 * (1 - 30 / total))  # 30 min major, degraded does not count
    day = next(b for b in history.bars if b.day == dt.date(2026, 11, 2))
    assert (day.impact, day.minutes) == ("major_outage", {"major_outage": 30, "degraded_performance": 30})
    twice = post("2026-11-02-b", "incident", [("2026-11-02T09:15:00+02:00", "investigating"),
                                              ("2026-11-02T09:45:00+02:00", "resolved")],
                 {"kirjautuminen": "partial_outage"})
    both = component_history(LOGIN, [LOGIN_DOWN, twice], now, HEL)
    # 09:00-09:30 major (the partial outage under it counts once, as major), 09:30-09:45 partial at 30 %.
    assert both.uptime == pytest.approx(100 * (1 - (30 + 0.3 * 15) / total))
    assert len(flatten([s for p in (LOGIN_DOWN, twice) for s in segments(p, now) if s.component == "kirjautuminen"], now)) == 3


def test_the_period_starts_at_local_midnight_89_days_before_today():
    assert period_start(BUILT_AT, HEL) == dt.datetime(2026, 8, 21, tzinfo=HEL)
    # The day in Helsinki counts, not the day in UTC: 22.30 UTC on 17.11. is already 18.11. there.
    assert period_start(at("2026-11-17T22:30:00+00:00"), HEL) == dt.datetime(2026, 8, 21, tzinfo=HEL)
    assert period_start(at("2026-11-17T21:30:00+00:00"), HEL) == dt.datetime(2026, 8, 20, tzinfo=HEL)


# Summer time in Finland: from 29.3.2026 03.00 (UTC+2) the clocks read 04.00 (UTC+3); on 25.10.2026 at 04.00
# (UTC+3) they go back to 03.00 (UTC+2). So 29.3.2026 lasts 23 hours and 25.10.2026 lasts 25 hours.

def test_a_whole_day_outage_on_the_autumn_change_lasts_25_hours():
    whole_day = post("2026-10-24-a", "incident", [("2026-10-24T12:00:00+03:00", "investigating"),
                                                  ("2026-10-26T12:00:00+02:00", "resolved")],
                     {"kirjautuminen": "major_outage"})
    history = component_history(LOGIN, [whole_day], BUILT_AT, HEL)
    bars = {b.day: b.minutes for b in history.bars}
    assert bars[dt.date(2026, 10, 24)] == {"major_outage": 12 * 60}  # 12.00–24.00 summer time
    assert bars[dt.date(2026, 10, 25)] == {"major_outage": 25 * 60}  # the whole 25-hour day
    assert bars[dt.date(2026, 10, 26)] == {"major_outage": 12 * 60}  # 00.00–12.00 winter time
    # 49 hours down in the period from 21.8.2026 00.00 (UTC+3) to 18.11.2026 14.00 (UTC+2): 89 days of 24 hours,
    # one of them 25 hours long, and 14 hours of the 90th.
    period = 89 * 24 * 60 + 60 + 14 * 60
    assert history.uptime == pytest.approx(100 * (1 - 49 * 60 / period))


def test_an_outage_across_the_autumn_change_counts_the_hour_that_repeats():
    # 02.30 summer time to 03.30 winter time is two real hours, although the clock moved one hour forward.
    across = post("2026-10-25-a", "incident", [("2026-10-25T02:30:00+03:00", "investigating"),
                                               ("2026-10-25T03:30:00+02:00", "resolved")],
                  {"kirjautuminen": "partial_outage"})
    history = component_history(LOGIN, [across], BUILT_AT, HEL)
    assert {b.day: b.minutes for b in history.bars}[dt.date(2026, 10, 25)] == {"partial_outage": 120}


def test_a_whole_day_outage_on_the_spring_change_lasts_23_hours():
    built = dt.datetime(2026, 4, 15, 9, 0, tzinfo=dt.timezone.utc)  # 12.00 summer time in Helsinki
    whole_day = post("2026-03-28-a", "incident", [("2026-03-28T18:00:00+02:00", "investigating"),
                                                  ("2026-03-30T06:00:00+03:00", "resolved")],
                     {"kirjautuminen": "major_outage"})
    history = component_history(LOGIN, [whole_day], built, HEL)
    bars = {b.day: b.minutes for b in history.bars}
    assert bars[dt.date(2026, 3, 28)] == {"major_outage": 6 * 60}  # 18.00–24.00 winter time
    assert bars[dt.date(2026, 3, 29)] == {"major_outage": 23 * 60}  # the whole 23-hour day
    assert bars[dt.date(2026, 3, 30)] == {"major_outage": 6 * 60}  # 00.00–06.00 summer time
    # From 16.1.2026 00.00 (UTC+2) to 15.4.2026 12.00 (UTC+3): 89 days of 24 hours, one of them 23 hours
    # long, and 12 hours of the 90th; 35 hours down.
    period = 89 * 24 * 60 - 60 + 12 * 60
    assert history.uptime == pytest.approx(100 * (1 - 35 * 60 / period))


def test_a_partial_outage_across_the_spring_change_counts_the_real_minutes():
    # 02.30 winter time to 04.30 summer time is one real hour: 03.00–04.00 never happens on the clock.
    built = dt.datetime(2026, 4, 15, 9, 0, tzinfo=dt.timezone.utc)
    across = post("2026-03-29-a", "incident", [("2026-03-29T02:30:00+02:00", "investigating"),
                                               ("2026-03-29T04:30:00+03:00", "resolved")],
                  {"kirjautuminen": "partial_outage"})
    history = component_history(LOGIN, [across], built, HEL)
    assert {b.day: b.minutes for b in history.bars}[dt.date(2026, 3, 29)] == {"partial_outage": 60}
    period = 89 * 24 * 60 - 60 + 12 * 60
    assert history.uptime == pytest.approx(100 * (1 - 0.3 * 60 / period))
