"""The OSM opening_hours value of hours.json (hooks/core/osmhours.py): its text, and what opening_hours.js (the
evaluator the users name, run by node as hours.json tells consumers to) and opening-hours-py read from it, instant by
instant and day by day against our calendar, over the horizon and two years after it, in TZ=UTC and
TZ=Europe/Helsinki."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hooks.core import hoursexport as hx
from hooks.core.calendar import Calendar
from hooks.core.config import EveRule, Exception_
from hooks.core.osmhours import OSM_HOLIDAYS, YearlyDays, opening_hours_expression, osm_holidays
from samples import support_site_config

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 18)  # the date of tests/conftest.py's SOURCE_DATE_EPOCH in Helsinki
FIRST, LAST = hx.export_horizon(TODAY)
# Two years past the horizon: Christmas Eve is a Sunday in 2028 and a Monday in 2029.
BEYOND = dt.date(LAST.year + 2, 12, 31)
HELSINKI = ZoneInfo("Europe/Helsinki")
NODE = shutil.which("node")
EVALUATE = HERE / "node" / "opening_hours.js"
FINLAND = {"address": {"country_code": "fi"}}


@pytest.fixture(scope="module")
def config():
    return support_site_config()


@pytest.fixture(scope="module")
def calendar(config) -> Calendar:
    return Calendar.from_config(config)


@pytest.fixture(scope="module")
def hours(config, calendar) -> dict:
    """hours.json as consumers read it."""
    return hx.hours_json(config, calendar, TODAY)


def dates(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def minutes(text: str) -> int:
    return int(text[11:13]) * 60 + int(text[14:16])


# --- the expression ---------------------------------------------------------------------------------


def test_the_expression_has_the_week_the_holidays_and_their_eves_then_the_dated_days(calendar):
    assert opening_hours_expression(calendar, FIRST, dt.date(2027, 1, 10)) == (
        "Mo-Th 08:00-11:00,12:00-15:00; Fr 08:00-11:00,12:00-14:00; "
        # every year: the day before a holiday closes at 14 (Fridays already do), Saturdays and Sundays stay closed,
        # and the holidays close: PH, and the two of the holidays package that opening_hours.js's PH leaves out
        "PH -1 day 08:00-11:00,12:00-14:00; Jun 18-24 Th 08:00-11:00,12:00-14:00; Dec 23 08:00-11:00,12:00-14:00; "
        "Sa-Su off; PH off; Jun 19-25 Fr off; Dec 24 off; "
        # the horizon's exceptional days, dated: later rules win over the ones above
        "2026 Dec 23 08:00-11:00,12:00-14:00; 2026 Dec 24-25 off; 2026 Dec 31 08:00-11:00,12:00-14:00; "
        "2027 Jan 01 off; 2027 Jan 05 08:00-11:00,12:00-14:00; 2027 Jan 06 off; 2027 Jan 07 08:00-11:00,12:00-13:00"
    )


@pytest.mark.parametrize(("days", "selector", "before", "inside", "outside"), [
    (YearlyDays(12, 24, 24), "Dec 24", "Dec 23", ["2027-12-24", "2028-12-24"], ["2027-12-23", "2027-11-24"]),
    (YearlyDays(6, 19, 25, weekday=4), "Jun 19-25 Fr", "Jun 18-24 Th", ["2027-06-25", "2028-06-23"],
     ["2027-06-18", "2027-06-24", "2028-06-30"]),
])
def test_yearly_days(days, selector, before, inside, outside):
    assert (days.selector(), days.day_before().selector()) == (selector, before)
    assert [days.matches(dt.date.fromisoformat(d)) for d in inside] == [True] * len(inside)
    assert [days.matches(dt.date.fromisoformat(d)) for d in outside] == [False] * len(outside)


def test_the_yearly_rules_name_each_holiday_the_holidays_package_gives_finland(calendar):
    # What OSM_HOLIDAYS assumes of the holidays package: every Finnish public holiday of a few years is PH by its
    # name, or falls on its yearly rule.
    finland = OSM_HOLIDAYS["FI"]
    for date in dates(dt.date(2026, 1, 1), dt.date(2035, 12, 31)):
        names = calendar.holiday_names(date)
        yearly = [name for name, days in finland.not_ph.items() if days.matches(date)]
        if names is None:
            assert yearly == [], date
        else:
            assert finland.is_ph(names) or yearly == names["en"].split("; "), (date, names)


def test_other_countries_and_categories_get_dated_rules_only(config):
    other = dataclasses.replace(config.hours, holidays=dataclasses.replace(config.hours.holidays, country="SE"))
    assert osm_holidays(other) is None
    expression = opening_hours_expression(Calendar(other, config.timezone), FIRST, dt.date(2026, 12, 31))
    assert "PH" not in expression
    assert expression.startswith("Mo-Th 08:00-11:00,12:00-15:00; Fr 08:00-11:00,12:00-14:00; 2026 ")
    more = dataclasses.replace(config.hours, holidays=dataclasses.replace(config.hours.holidays,
                                                                            categories=("public", "unofficial")))
    assert osm_holidays(more) is None


def test_hours_json_context_without_holiday_rules_says_so(config):
    other = dataclasses.replace(config, hours=dataclasses.replace(
        config.hours, holidays=dataclasses.replace(config.hours.holidays, country="SE")))
    context = hx.opening_hours_context(other, FIRST, LAST)
    assert context["country_code"] is None
    assert "After 2027-12-31 it gives the weekly hours only" in context["explanation"]


# --- opening_hours.js, run by node ------------------------------------------------------------------


def evaluate(request: dict, tz: str) -> dict:
    """tests/node/opening_hours.js on ``request`` with the process in ``tz``."""
    if NODE is None:
        pytest.skip("node is not installed")
    if not (HERE.parent / "node_modules" / "opening_hours").is_dir():
        message = "node_modules/opening_hours is missing: run npm ci (make test does when package-lock.json changes)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run([NODE, str(EVALUATE)], input=json.dumps(request), capture_output=True, text=True,
                            timeout=60, env={**os.environ, "TZ": tz})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def read_days(intervals: list[list[str]]) -> dict[dt.date, tuple[tuple[int, int], ...]]:
    read: dict[dt.date, list[tuple[int, int]]] = {}
    for start, end in intervals:
        assert start[:10] == end[:10], (start, end)  # none of our intervals spans midnight
        read.setdefault(dt.date.fromisoformat(start[:10]), []).append((minutes(start), minutes(end)))
    return {date: tuple(found) for date, found in read.items()}


TZS = ["UTC", "Europe/Helsinki"]

INSTANTS = [
    # (instant, open): Helsinki is UTC+2 in winter, UTC+3 in summer
    ("2026-11-18T12:00:00Z", True),   # Wednesday 14:00, office hours
    ("2026-11-18T06:30:00Z", True),   # 08:30
    ("2026-11-18T05:59:00Z", False),  # 07:59, before opening
    ("2026-11-18T13:00:00Z", False),  # 15:00, closing time
    ("2026-11-18T09:00:00Z", False),  # 11:00, the lunch break begins
    ("2026-11-18T09:30:00Z", False),  # 11:30, the lunch break
    ("2026-12-23T11:30:00Z", True),   # an eve, 13:30
    ("2026-12-23T12:30:00Z", False),  # the eve, 14:30: closed, on other Wednesdays open until 15
    ("2027-03-30T05:00:00Z", True),   # 08:00 in summer time (since 28.3.)
    ("2027-03-30T04:59:00Z", False),  # 07:59 in summer time
    # beyond the horizon (31.12.2027): the yearly rules alone
    ("2028-12-25T08:00:00Z", False),  # Christmas Day 2028, a Monday, 10:00
    ("2028-12-27T08:00:00Z", True),   # an ordinary Wednesday after it, 10:00
    ("2028-11-15T12:30:00Z", True),   # an ordinary Wednesday, 14:30, winter time
    ("2028-06-14T11:30:00Z", True),   # an ordinary Wednesday, 14:30, summer time
    ("2028-04-13T10:30:00Z", True),   # the eve of Good Friday 2028, 13:30
    ("2028-04-13T11:30:00Z", False),  # … 14:30: the eve closes at 14
    ("2028-06-22T11:30:00Z", False),  # the eve of Midsummer Eve 2028 (not PH in opening_hours.js), 14:30
    ("2028-06-23T07:00:00Z", False),  # Midsummer Eve 2028, a Friday, 10:00
    ("2028-12-06T08:00:00Z", False),  # Independence Day 2028, a Wednesday, 10:00
    ("2029-12-24T08:00:00Z", False),  # Christmas Eve 2029, a Monday, 10:00
]


def test_the_instants_table_is_our_calendar(calendar):
    for instant, expected in INSTANTS:
        assert calendar.is_open(dt.datetime.fromisoformat(instant.replace("Z", "+00:00"))) is expected, instant


@pytest.mark.parametrize("tz", TZS)
def test_opening_hours_js_at_helsinki_wall_clock_time(hours, tz):
    result = evaluate({"expression": hours["opening_hours"], "context": {"address": {
        "country_code": hours["opening_hours_context"]["country_code"]}}, "timezone": hours["timezone"],
        "instants": [instant for instant, _ in INSTANTS]}, tz)
    assert result["warnings"] == []
    walls = [dt.datetime.fromisoformat(i.replace("Z", "+00:00")).astimezone(HELSINKI).strftime("%Y-%m-%dT%H:%M")
             for i, _ in INSTANTS]
    assert [s["wall"] for s in result["states"]] == walls
    assert [(s["instant"], s["open"]) for s in result["states"]] == INSTANTS


@pytest.mark.parametrize("tz", TZS)
def test_opening_hours_js_agrees_with_the_calendar_day_by_day(hours, calendar, tz):
    result = evaluate({"expression": hours["opening_hours"], "context": FINLAND, "timezone": hours["timezone"],
                       "from": FIRST.isoformat(), "to": BEYOND.isoformat()}, tz)
    read = read_days(result["intervals"])
    days = dates(FIRST, BEYOND)
    assert len(days) == 409 + 366 + 365
    assert [(d, read.get(d, ()), calendar.day(d).open) for d in days if read.get(d, ()) != calendar.day(d).open] == []


def test_read_in_the_process_zone_the_expression_is_wrong_outside_helsinki(hours):
    # Why hours.json says the times are Helsinki wall clock: a Date handed over as it is is read in the process's
    # zone. 05:00 UTC on 30.3.2027 is 08:00 in Helsinki (open), 05:00 in UTC (closed).
    request = {"expression": hours["opening_hours"], "context": FINLAND, "timezone": hours["timezone"],
               "instants": ["2027-03-30T05:00:00Z"]}
    (utc,) = evaluate(request, "UTC")["states"]
    (helsinki,) = evaluate(request, "Europe/Helsinki")["states"]
    assert (utc["open"], utc["open_as_process_time"]) == (True, False)
    assert (helsinki["open"], helsinki["open_as_process_time"]) == (True, True)


def test_without_the_country_opening_hours_js_takes_another_countrys_holidays(hours):
    # Why hours.json names country_code: opening_hours.js without it uses its default location (in Germany), where
    # 6 December is a working day.
    request = {"expression": hours["opening_hours"], "timezone": hours["timezone"],
               "instants": ["2028-12-06T08:00:00Z"]}
    assert evaluate({**request, "context": FINLAND}, "Europe/Helsinki")["states"][0]["open"] is False
    assert evaluate({**request, "context": None}, "Europe/Helsinki")["states"][0]["open"] is True


def _exception(start: str, end: str, *open_: tuple[int, int]) -> Exception_:
    return Exception_(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end), open=open_,
                      note={"fi": "Poikkeus", "sv": "Undantag", "en": "Exception"})


MON_THU = ((480, 660), (720, 900))
VARIANTS = {
    "default": {},
    # the eves shorten Monday–Thursday alone; Saturday is open and keeps its hours on an eve
    "open saturdays": {"week": {"saturday": ((600, 780),)}},
    # eves differ by weekday (8–11, 12–14 and 9–14): the holiday and the weekday in one selector
    "eves differ by weekday": {"week": {"friday": ((540, 960),)}},
    # an eve closed all day
    "eves closed": {"closes_at": 420},
    # explicit exceptions after the horizon are dated rules too
    "exceptions beyond the horizon": {"exceptions": (_exception("2028-07-03", "2028-07-05"),
                                                     _exception("2028-12-27", "2028-12-27", (600, 720)))},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_opening_hours_js_agrees_with_other_hours_day_by_day(config, variant):
    change = VARIANTS[variant]
    week = {**config.hours.week, **change.get("week", {})}
    hours = dataclasses.replace(config.hours, week=week,
                                eves=EveRule(closes_at=change.get("closes_at", config.hours.eves.closes_at)),
                                exceptions=config.hours.exceptions + change.get("exceptions", ()))
    calendar = Calendar(hours, config.timezone)
    expression = opening_hours_expression(calendar, FIRST, LAST)
    result = evaluate({"expression": expression, "context": FINLAND, "timezone": "Europe/Helsinki",
                       "from": FIRST.isoformat(), "to": BEYOND.isoformat()}, "Europe/Helsinki")
    read = read_days(result["intervals"])
    assert [(d, read.get(d, ()), calendar.day(d).open) for d in dates(FIRST, BEYOND)
            if read.get(d, ()) != calendar.day(d).open] == [], expression


# --- opening-hours-py, a second evaluator -------------------------------------------------------------


def test_opening_hours_py_agrees_with_the_calendar_day_by_day(hours, calendar):
    opening_hours = pytest.importorskip("opening_hours", reason="pip install opening-hours-py (test extra)")
    evaluator = opening_hours.OpeningHours(hours["opening_hours"], timezone=HELSINKI,
                                           country=hours["opening_hours_context"]["country_code"].upper())
    start = dt.datetime.combine(FIRST, dt.time(), tzinfo=HELSINKI)
    end = dt.datetime.combine(BEYOND + dt.timedelta(days=1), dt.time(), tzinfo=HELSINKI)
    read: dict[dt.date, list[tuple[int, int]]] = {}
    for begin, finish, state, _comment in evaluator.intervals(start, end):
        if state == opening_hours.State.OPEN:
            assert begin.date() == finish.date(), (begin, finish)
            read.setdefault(begin.date(), []).append((begin.hour * 60 + begin.minute, finish.hour * 60 + finish.minute))
    assert [(d, read.get(d, []), calendar.day(d).open) for d in dates(FIRST, BEYOND)
            if tuple(read.get(d, [])) != calendar.day(d).open] == []
