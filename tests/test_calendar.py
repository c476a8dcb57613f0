"""Opening hours per date and instant: week profile, lunch, Fridays, every kind of eve, holidays, exceptions, DST."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hooks.core.calendar import EVE, EXCEPTION, HOLIDAY, REGULAR, Calendar
from hooks.core.config import WEEKDAYS, EveRule, Exception_, HolidayRule, Hours, load_site_config

REPO = Path(__file__).resolve().parents[1]
HELSINKI = ZoneInfo("Europe/Helsinki")
MON_THU = ((480, 660), (720, 900))
FRIDAY = ((480, 660), (720, 840))
EVE_DAY = ((480, 660), (720, 840))


def week(**days):
    return {name: days.get(name, ()) for name in WEEKDAYS}


DEFAULT_WEEK = week(monday=MON_THU, tuesday=MON_THU, wednesday=MON_THU, thursday=MON_THU, friday=FRIDAY)


def make_calendar(exceptions=(), week_profile=DEFAULT_WEEK) -> Calendar:
    hours = Hours(week_profile, HolidayRule("FI", ("public",)), EveRule(14 * 60), tuple(exceptions))
    return Calendar(hours, HELSINKI)


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    config, problems = load_site_config(REPO)
    assert problems == []
    return Calendar.from_config(config)


def hours(text: str) -> tuple:
    """``'8-11 12-14'`` → ((480, 660), (720, 840)); ``'-'`` → closed."""
    if text == "-":
        return ()
    out = []
    for part in text.split():
        start, end = part.split("-")
        out.append((int(start) * 60, int(end) * 60))
    return tuple(out)


# (date, hours, kind, Finnish note or None): every opening-hours rule of the support centre, with the reason in the id.
DAYS = [
    # ordinary weeks
    ("2026-11-23", "8-11 12-15", REGULAR, None),          # Monday
    ("2026-11-26", "8-11 12-15", REGULAR, None),          # Thursday
    ("2026-11-27", "8-11 12-14", REGULAR, None),          # Friday closes at 14
    ("2026-11-28", "-", REGULAR, None),                   # Saturday
    ("2026-11-29", "-", REGULAR, None),                   # Sunday
    # Christmas and New Year 2026/27
    ("2026-12-22", "8-11 12-15", REGULAR, None),
    ("2026-12-23", "8-11 12-14", EVE, "Pyhäpäivän aatto"),      # eve of Christmas Eve
    ("2026-12-24", "-", HOLIDAY, "Jouluaatto"),                 # Christmas Eve is a public holiday in the package
    ("2026-12-25", "-", HOLIDAY, "Joulupäivä"),
    ("2026-12-26", "-", HOLIDAY, "Tapaninpäivä"),               # a Saturday
    ("2026-12-28", "8-11 12-15", REGULAR, None),
    ("2026-12-31", "8-11 12-14", EVE, "Pyhäpäivän aatto"),      # New Year's Eve, a Thursday
    ("2027-01-01", "-", HOLIDAY, "Uudenvuodenpäivä"),
    ("2027-01-05", "8-11 12-14", EVE, "Pyhäpäivän aatto"),      # 5.1 before Epiphany, a Tuesday
    ("2027-01-06", "-", HOLIDAY, "Loppiainen"),
    ("2027-01-07", "8-11 12-13", EXCEPTION, "Henkilöstön koulutuspäivä, suljemme klo 13"),  # site_config exception
    ("2027-12-23", "8-11 12-14", EVE, "Pyhäpäivän aatto"),
    ("2027-12-24", "-", HOLIDAY, "Jouluaatto"),                 # a Friday
    ("2027-12-31", "8-11 12-14", REGULAR, None),                # Friday before a Saturday New Year: already 14
    ("2028-01-05", "8-11 12-14", EVE, "Pyhäpäivän aatto"),      # Wednesday
    # Easter 2026 and 2027 (2027: the spring DST change falls on Easter Sunday)
    ("2026-04-02", "8-11 12-14", EVE, "Pyhäpäivän aatto"),      # Maundy Thursday before Good Friday
    ("2026-04-03", "-", HOLIDAY, "Pitkäperjantai"),
    ("2026-04-05", "-", HOLIDAY, "Pääsiäispäivä"),
    ("2026-04-06", "-", HOLIDAY, "Toinen pääsiäispäivä"),
    ("2026-04-07", "8-11 12-15", REGULAR, None),
    ("2027-03-25", "8-11 12-14", EVE, "Pyhäpäivän aatto"),
    ("2027-03-26", "-", HOLIDAY, "Pitkäperjantai"),
    ("2027-03-29", "-", HOLIDAY, "Toinen pääsiäispäivä"),
    # May Day, Ascension, Midsummer
    ("2026-04-30", "8-11 12-14", EVE, "Pyhäpäivän aatto"),      # Thursday before May Day (Friday)
    ("2026-05-01", "-", HOLIDAY, "Vappu"),
    ("2027-04-30", "8-11 12-14", REGULAR, None),                # Friday before a Saturday May Day
    ("2026-05-13", "8-11 12-14", EVE, "Pyhäpäivän aatto"),      # Wednesday before Ascension Day
    ("2026-05-14", "-", HOLIDAY, "Helatorstai"),
    ("2027-05-05", "8-11 12-14", EVE, "Pyhäpäivän aatto"),
    ("2026-06-18", "8-11 12-14", EVE, "Pyhäpäivän aatto"),      # Thursday before Midsummer Eve
    ("2026-06-19", "-", HOLIDAY, "Juhannusaatto"),
    ("2027-06-24", "8-11 12-14", EVE, "Pyhäpäivän aatto"),
    ("2027-06-25", "-", HOLIDAY, "Juhannusaatto"),
    # Independence Day and All Saints' Day
    ("2027-12-06", "-", HOLIDAY, "Itsenäisyyspäivä"),           # a Monday
    ("2027-12-03", "8-11 12-14", REGULAR, None),                # Friday: the Sunday after is no holiday
    ("2028-12-05", "8-11 12-14", EVE, "Pyhäpäivän aatto"),      # Tuesday before Wednesday 6.12.2028
    ("2026-10-30", "8-11 12-14", REGULAR, None),                # Friday before All Saints' Saturday
    ("2026-10-31", "-", HOLIDAY, "Pyhäinpäivä"),
    # daylight-saving changes: the wall-clock hours do not move
    ("2026-03-27", "8-11 12-14", REGULAR, None),
    ("2026-03-30", "8-11 12-15", REGULAR, None),
    ("2026-10-26", "8-11 12-15", REGULAR, None),
]


@pytest.mark.parametrize(("date", "expected", "kind", "note"), DAYS, ids=[d[0] for d in DAYS])
def test_day_schedule(calendar, date, expected, kind, note):
    day = calendar.day(dt.date.fromisoformat(date))
    assert (day.open, day.kind, day.note("fi")) == (hours(expected), kind, note)


def test_holiday_names_are_given_in_each_language_whatever_the_locale(calendar, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    fresh = make_calendar()
    assert fresh.day(dt.date(2026, 12, 24)).name == {"fi": "Jouluaatto", "sv": "Julafton", "en": "Christmas Eve"}


def test_closed_weekdays_of_2027_are_exactly_the_finnish_public_holidays(calendar):
    closed = [d.date.isoformat() for d in calendar.days(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
              if d.closed and d.date.weekday() < 5]
    assert closed == ["2027-01-01", "2027-01-06", "2027-03-26", "2027-03-29", "2027-05-06",
                      "2027-06-25", "2027-12-06", "2027-12-24"]


def test_exceptional_days_are_those_that_differ_from_the_week(calendar):
    days = calendar.exceptional_days(dt.date(2026, 12, 20), dt.date(2027, 1, 10))
    assert [(d.date.isoformat(), d.kind) for d in days] == [
        ("2026-12-23", EVE), ("2026-12-24", HOLIDAY), ("2026-12-25", HOLIDAY), ("2026-12-31", EVE),
        ("2027-01-01", HOLIDAY), ("2027-01-05", EVE), ("2027-01-06", HOLIDAY), ("2027-01-07", EXCEPTION),
    ]


NOTE = {"fi": "huomautus", "sv": "anmärkning", "en": "note"}


@pytest.mark.parametrize(("exception", "date", "expected"), [
    # an exception opens a holiday
    (Exception_(dt.date(2026, 12, 24), dt.date(2026, 12, 24), ((540, 720),), NOTE), "2026-12-24", "9-12"),
    # an exception overrides the eve rule
    (Exception_(dt.date(2026, 12, 23), dt.date(2026, 12, 23), MON_THU, NOTE), "2026-12-23", "8-11 12-15"),
    # a closed range covers its first, middle and last day, and opens a Saturday when it says so
    (Exception_(dt.date(2026, 7, 13), dt.date(2026, 7, 17), (), NOTE), "2026-07-13", "-"),
    (Exception_(dt.date(2026, 7, 13), dt.date(2026, 7, 17), (), NOTE), "2026-07-15", "-"),
    (Exception_(dt.date(2026, 7, 13), dt.date(2026, 7, 17), (), NOTE), "2026-07-17", "-"),
    (Exception_(dt.date(2026, 7, 13), dt.date(2026, 7, 17), (), NOTE), "2026-07-20", "8-11 12-15"),
    (Exception_(dt.date(2026, 11, 28), dt.date(2026, 11, 28), ((600, 720),), NOTE), "2026-11-28", "10-12"),
], ids=["opens-holiday", "overrides-eve", "range-first", "range-middle", "range-last", "after-range", "opens-saturday"])
def test_explicit_exceptions_override_everything(exception, date, expected):
    day = make_calendar([exception]).day(dt.date.fromisoformat(date))
    assert day.open == hours(expected)


def test_a_closing_exception_does_not_make_the_day_before_an_eve():
    # The eve rule follows the public holidays only; a company closure is not a holiday.
    calendar = make_calendar([Exception_(dt.date(2026, 11, 24), dt.date(2026, 11, 24), (), NOTE)])
    assert calendar.day(dt.date(2026, 11, 23)).open == MON_THU


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# (instant, open?): half-open intervals at every edge.
INSTANTS = [
    ("2026-11-23T07:59:59+02:00", False),
    ("2026-11-23T08:00:00+02:00", True),
    ("2026-11-23T10:59:59+02:00", True),
    ("2026-11-23T11:00:00+02:00", False),   # lunch begins: already closed
    ("2026-11-23T11:59:59+02:00", False),
    ("2026-11-23T12:00:00+02:00", True),
    ("2026-11-23T14:59:59+02:00", True),
    ("2026-11-23T15:00:00+02:00", False),   # closing time: already closed
    ("2026-11-27T13:59:59+02:00", True),    # Friday
    ("2026-11-27T14:00:00+02:00", False),
    ("2026-12-23T13:59:59+02:00", True),    # eve
    ("2026-12-23T14:00:00+02:00", False),
    ("2026-12-24T10:00:00+02:00", False),   # holiday
    ("2026-11-23T06:30:00+00:00", True),    # 08:30 in Helsinki, given in UTC
    ("2026-11-23T08:30:00", True),          # naive: read as Helsinki time
    ("2026-03-30T05:00:00+00:00", True),    # after the spring change 08:00 is 05:00 UTC
    ("2026-03-30T04:59:59+00:00", False),
    ("2026-10-26T06:00:00+00:00", True),    # after the autumn change 08:00 is 06:00 UTC
    ("2026-10-26T05:59:59+00:00", False),
]


@pytest.mark.parametrize(("instant", "expected"), INSTANTS, ids=[i[0] for i in INSTANTS])
def test_is_open(calendar, instant, expected):
    assert calendar.is_open(at(instant)) is expected


# (instant, next opening): what the "open now" line and the SLA count from.
NEXT = [
    ("2026-11-23T07:00:00+02:00", "2026-11-23T08:00:00+02:00"),
    ("2026-11-23T08:00:00+02:00", "2026-11-23T08:00:00+02:00"),   # opening now counts
    ("2026-11-23T09:00:00+02:00", "2026-11-23T12:00:00+02:00"),   # while open: the next interval's start
    ("2026-11-23T11:00:00+02:00", "2026-11-23T12:00:00+02:00"),
    ("2026-11-27T14:00:00+02:00", "2026-11-30T08:00:00+02:00"),   # Friday afternoon to Monday
    ("2026-12-23T14:00:00+02:00", "2026-12-28T08:00:00+02:00"),   # Christmas
    ("2026-12-31T14:00:00+02:00", "2027-01-04T08:00:00+02:00"),   # over the year boundary
    ("2026-04-02T15:00:00+03:00", "2026-04-07T08:00:00+03:00"),   # Easter
    ("2026-03-27T14:00:00+02:00", "2026-03-30T08:00:00+03:00"),   # over the spring change
    ("2026-10-23T14:00:00+03:00", "2026-10-26T08:00:00+02:00"),   # over the autumn change
]


@pytest.mark.parametrize(("instant", "expected"), NEXT, ids=[n[0] for n in NEXT])
def test_next_opening(calendar, instant, expected):
    result = calendar.next_opening(at(instant))
    assert result.isoformat() == expected


@pytest.mark.parametrize(("instant", "expected"), [
    ("2026-11-23T09:00:00+02:00", "2026-11-23T11:00:00+02:00"),
    ("2026-11-27T12:30:00+02:00", "2026-11-27T14:00:00+02:00"),
    ("2026-11-23T11:30:00+02:00", None),
])
def test_closes_at(calendar, instant, expected):
    result = calendar.closes_at(at(instant))
    assert (result.isoformat() if result else None) == expected


def test_a_calendar_with_no_opening_hours_has_no_next_opening():
    calendar = make_calendar(week_profile=week())
    assert calendar.next_opening(at("2026-11-23T08:00:00+02:00")) is None


# The Swedish names the holidays package gives Finland's public holidays (sv_FI), as Swedish pages show them.
SWEDISH_HOLIDAYS_2027 = [
    ("2027-01-01", "Nyårsdagen"), ("2027-01-06", "Trettondag"), ("2027-03-26", "Långfredagen"),
    ("2027-03-28", "Påskdagen"), ("2027-03-29", "Annandag påsk"), ("2027-05-01", "Första maj"),
    ("2027-05-06", "Kristi himmelsfärdsdag"), ("2027-05-16", "Pingst"), ("2027-06-25", "Midsommarafton"),
    ("2027-06-26", "Midsommardagen"), ("2027-11-06", "Alla helgons dag"), ("2027-12-06", "Självständighetsdagen"),
    ("2027-12-24", "Julafton"), ("2027-12-25", "Juldagen"), ("2027-12-26", "Annandag jul"),
]


@pytest.mark.parametrize(("date", "name"), SWEDISH_HOLIDAYS_2027, ids=[d for d, _ in SWEDISH_HOLIDAYS_2027])
def test_holidays_are_named_in_swedish(calendar, date, name):
    day = calendar.day(dt.date.fromisoformat(date))
    assert (day.kind, day.note("sv")) == (HOLIDAY, name)


def test_every_holiday_has_a_swedish_name(calendar):
    holidays = [d for d in calendar.days(dt.date(2026, 1, 1), dt.date(2028, 12, 31)) if d.kind == HOLIDAY]
    assert len(holidays) == 45
    assert all(d.note("sv") and d.note("sv") != d.note("fi") for d in holidays)


def test_eves_and_exceptions_have_their_swedish_notes(calendar):
    assert calendar.day(dt.date(2026, 12, 23)).note("sv") == "Dagen före en helgdag"
    assert calendar.day(dt.date(2027, 1, 7)).note("sv") == "Personalens utbildningsdag, vi stänger kl. 13"
