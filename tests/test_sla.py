"""SLA deadlines: opening minutes counted exactly to the second across lunch, Fridays, eves, holidays, DST and years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hooks.core.calendar import Calendar
from hooks.core.config import WEEKDAYS, EveRule, HolidayRule, Hours, load_site_config
from hooks.core.sla import NoOpeningHours, compute_deadline

REPO = Path(__file__).resolve().parents[1]
HELSINKI = ZoneInfo("Europe/Helsinki")
P1, P2, P3, P4, P5 = 60, 120, 360, 1080, 1800


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    config, problems = load_site_config(REPO)
    assert problems == []
    return Calendar.from_config(config)


# (registered, target minutes, deadline): worked out by hand from the centre's opening hours and SLA rules.
CASES = [
    # the acceptance rule: 30 min on the eve (closes 14), 24.12-27.12 closed, Monday 08:00 + 90 min
    ("2026-12-23T13:30:00+02:00", P2, "2026-12-28T09:30:00+02:00"),
    ("2026-12-23T12:30:00+01:00", P2, "2026-12-28T09:30:00+02:00"),   # same instant, other offset
    ("2026-12-23T11:30:00Z", P2, "2026-12-28T09:30:00+02:00"),        # same instant in UTC
    ("2026-12-23T13:30:00", P2, "2026-12-28T09:30:00+02:00"),         # naive: Helsinki time
    # ordinary Monday, lunch edges
    ("2026-11-23T08:00:00+02:00", P1, "2026-11-23T09:00:00+02:00"),
    ("2026-11-23T10:00:00+02:00", P1, "2026-11-23T11:00:00+02:00"),   # runs out exactly at 11:00
    ("2026-11-23T10:30:00+02:00", P1, "2026-11-23T12:30:00+02:00"),   # lunch is not counted
    ("2026-11-23T10:59:30+02:00", 1, "2026-11-23T12:00:30+02:00"),    # to the second
    ("2026-11-23T11:00:00+02:00", P1, "2026-11-23T13:00:00+02:00"),   # 11:00 is already closed
    ("2026-11-23T11:30:00+02:00", P1, "2026-11-23T13:00:00+02:00"),   # registered during lunch
    ("2026-11-23T12:00:00+02:00", P1, "2026-11-23T13:00:00+02:00"),
    ("2026-11-23T14:00:00+02:00", P1, "2026-11-23T15:00:00+02:00"),   # runs out exactly at closing
    ("2026-11-23T14:30:00+02:00", P1, "2026-11-24T08:30:00+02:00"),
    ("2026-11-23T15:00:00+02:00", P1, "2026-11-24T09:00:00+02:00"),   # registered at closing time
    ("2026-11-23T06:00:00+02:00", P1, "2026-11-23T09:00:00+02:00"),   # before opening
    ("2026-11-23T08:00:00+02:00", P3, "2026-11-23T15:00:00+02:00"),   # one working day, exactly
    ("2026-11-23T08:00:01+02:00", P3, "2026-11-24T08:00:01+02:00"),
    ("2026-11-23T08:00:00+02:00", P4, "2026-11-25T15:00:00+02:00"),   # three working days
    ("2026-11-23T08:00:00+02:00", P5, "2026-11-30T09:00:00+02:00"),   # 4×360 + Friday 300 + 60
    # Friday and the weekend
    ("2026-11-27T13:00:00+02:00", P2, "2026-11-30T09:00:00+02:00"),
    ("2026-11-27T13:59:30+02:00", P1, "2026-11-30T08:59:30+02:00"),
    ("2026-11-27T14:00:00+02:00", P1, "2026-11-30T09:00:00+02:00"),
    ("2026-11-28T10:00:00+02:00", P1, "2026-11-30T09:00:00+02:00"),   # Saturday
    ("2026-11-29T23:59:59+02:00", P1, "2026-11-30T09:00:00+02:00"),   # Sunday night
    # Christmas, New Year, Epiphany, the exception of 7.1.2027
    ("2026-12-23T13:30:00+02:00", P5, "2027-01-05T08:30:00+02:00"),
    ("2026-12-24T09:00:00+02:00", P1, "2026-12-28T09:00:00+02:00"),
    ("2026-12-31T13:00:00+02:00", P2, "2027-01-04T09:00:00+02:00"),   # over the year boundary
    ("2026-12-31T14:00:00+02:00", P1, "2027-01-04T09:00:00+02:00"),   # New Year's Eve closes at 14
    ("2027-01-05T13:30:00+02:00", P2, "2027-01-07T09:30:00+02:00"),   # eve, then Epiphany
    ("2027-01-07T12:30:00+02:00", P1, "2027-01-08T08:30:00+02:00"),   # the exception closes at 13
    ("2027-12-31T13:00:00+02:00", P2, "2028-01-03T09:00:00+02:00"),   # Friday, into 2028
    ("2027-12-23T13:00:00+02:00", P3, "2027-12-27T14:00:00+02:00"),   # 60 on the eve, 24.-26.12 closed, Monday 180 + 120
    # Easter 2026 (after the spring change)
    ("2026-04-02T13:00:00+03:00", P2, "2026-04-07T09:00:00+03:00"),
    # May Day, Ascension, Midsummer
    ("2026-04-30T13:30:00+03:00", P2, "2026-05-04T09:30:00+03:00"),
    ("2026-05-13T13:30:00+03:00", P2, "2026-05-15T09:30:00+03:00"),
    ("2026-06-18T13:00:00+03:00", P1, "2026-06-18T14:00:00+03:00"),   # Midsummer's eve-eve closes at 14
    ("2026-06-18T13:30:00+03:00", P1, "2026-06-22T08:30:00+03:00"),
    # both daylight-saving changes
    ("2026-03-27T13:30:00+02:00", P2, "2026-03-30T09:30:00+03:00"),
    ("2026-10-23T13:30:00+03:00", P2, "2026-10-26T09:30:00+02:00"),
    ("2026-10-25T03:30:00", P1, "2026-10-26T09:00:00+02:00"),          # naive, in the repeated hour
    ("2026-03-29T03:30:00", P1, "2026-03-30T09:00:00+03:00"),          # naive, in the skipped hour
]


@pytest.mark.parametrize(("registered", "minutes", "expected"), CASES, ids=[f"{c[0]}+{c[1]}" for c in CASES])
def test_compute_deadline(calendar, registered, minutes, expected):
    deadline = compute_deadline(dt.datetime.fromisoformat(registered), minutes, calendar)
    assert deadline.isoformat() == expected
    assert deadline.tzinfo is calendar.timezone


def round_the_clock() -> Calendar:
    week = {name: ((0, 1440),) for name in WEEKDAYS}
    return Calendar(Hours(week, HolidayRule("FI", ("public",)), EveRule(1440), ()), HELSINKI)


# With 00:00–24:00 every day, opening minutes are real elapsed minutes: a DST day has 23 or 25 hours.
DST_CASES = [
    ("2026-03-29T00:00:00+02:00", 1440, "2026-03-30T01:00:00+03:00"),  # 23-hour day
    ("2026-10-25T00:00:00+03:00", 1440, "2026-10-25T23:00:00+02:00"),  # 25-hour day
    ("2026-03-29T02:59:00+02:00", 1, "2026-03-29T04:00:00+03:00"),
    ("2026-10-25T03:59:00+03:00", 1, "2026-10-25T03:00:00+02:00"),     # the first 04:00 is the second 03:00
]


@pytest.mark.parametrize(("registered", "minutes", "expected"), DST_CASES, ids=[c[0] for c in DST_CASES])
def test_deadline_counts_real_minutes_across_daylight_saving_changes(registered, minutes, expected):
    deadline = compute_deadline(dt.datetime.fromisoformat(registered), minutes, round_the_clock())
    assert deadline.isoformat() == expected


def _by_minute_steps(calendar: Calendar, registered: dt.datetime, minutes: int) -> dt.datetime:
    """An independent oracle: walk minute by minute and count the minutes is_open() says are open."""
    moment = registered.astimezone(dt.timezone.utc)
    counted = 0
    while True:
        if calendar.is_open(moment):
            counted += 1
            if counted == minutes:
                return (moment + dt.timedelta(minutes=1)).astimezone(calendar.timezone)
        moment += dt.timedelta(minutes=1)


GRID = [dt.datetime(2026, 12, 18, 6, 0, tzinfo=HELSINKI) + dt.timedelta(minutes=137 * n) for n in range(0, 240, 3)]


@pytest.mark.parametrize("minutes", [P1, P2, P3])
def test_deadline_agrees_with_a_minute_by_minute_count(calendar, minutes):
    # 80 registrations, 137 minutes apart, from 18.12.2026 into January 2027 (Christmas, New Year, Epiphany)
    for registered in GRID:
        assert compute_deadline(registered, minutes, calendar) == _by_minute_steps(calendar, registered, minutes), registered


def test_target_must_be_positive(calendar):
    with pytest.raises(ValueError, match=r"^target minutes: out of range \(expected a whole number of at least 1, got 0\)$"):
        compute_deadline(dt.datetime(2026, 11, 23, 8, tzinfo=HELSINKI), 0, calendar)


def test_a_calendar_that_never_opens_has_no_deadline():
    never = Calendar(Hours({name: () for name in WEEKDAYS}, HolidayRule("FI", ("public",)), EveRule(840), ()), HELSINKI)
    with pytest.raises(NoOpeningHours):
        compute_deadline(dt.datetime(2026, 11, 23, 8, tzinfo=HELSINKI), 60, never)
