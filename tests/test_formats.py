"""The one formatter: Finnish and Swedish dates, moments, durations and percentages; DST changes and year ends."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from hooks.core.formats import Formats

FI = Formats("fi")
HEL = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize("minutes, text", [
    (0, "0 min"), (45, "45 min"), (60, "1 h"), (112, "1 h 52 min"), (1440, "1 vrk"), (1500, "1 vrk 1 h"),
    (1441, "1 vrk 1 min"),
])
def test_durations_read_in_finnish(minutes, text):
    assert FI.duration(dt.timedelta(minutes=minutes)) == text


def test_a_duration_counts_whole_minutes_only():
    assert FI.duration(dt.timedelta(minutes=1, seconds=59)) == "1 min"


@pytest.mark.parametrize("moment, text", [
    ("2026-09-03T04:48:00+00:00", "3.9.2026 klo 7.48 EEST"),
    ("2026-11-16T12:35:00+00:00", "16.11.2026 klo 14.35 EET"),
    ("2026-10-25T00:30:00+00:00", "25.10.2026 klo 3.30 EEST"),  # the hour that happens twice on the DST change
    ("2026-10-25T01:30:00+00:00", "25.10.2026 klo 3.30 EET"),
    ("2026-12-31T22:05:00+00:00", "1.1.2027 klo 0.05 EET"),  # the year ends earlier in Helsinki than in UTC
])
def test_moments_are_shown_in_helsinki_time_with_the_zone_named(moment, text):
    assert FI.moment(dt.datetime.fromisoformat(moment), HEL) == text


@pytest.mark.parametrize("day, text", [(dt.date(2026, 9, 3), "3.9.2026"), (dt.date(2026, 12, 31), "31.12.2026")])
def test_dates_have_no_leading_zeros(day, text):
    assert FI.date(day) == text


@pytest.mark.parametrize("year, month, text", [(2026, 1, "Tammikuu 2026"), (2026, 11, "Marraskuu 2026"),
                                               (2027, 7, "Heinäkuu 2027")])
def test_months_are_headings(year, month, text):
    assert FI.month(year, month) == text


@pytest.mark.parametrize("value, text", [
    (100.0, "100,00 %"), (99.95, "99,95 %"), (99.994, "99,99 %"), (99.996, "100,00 %"), (0.0, "0,00 %"),
    (12.345, "12,35 %"),  # 12.345 is a little over it in binary: rounded up, as '%.2f' rounds it
    (0.125, "0,12 %"),  # exactly half in binary: to even
])
def test_percentages_have_two_decimals_and_a_decimal_comma(value, text):
    assert FI.percent(value) == text
    assert FI.percent(value) == f"{value:.2f}".replace(".", ",") + " %"  # as the status pages always wrote them


# --- Swedish, as written in Finland (Babel's sv_FI) ----------------------------------------------------------------

SV = Formats("sv")


def test_a_locale_name_is_the_same_language():
    assert Formats("sv_FI") == Formats("sv-FI") == SV
    assert Formats("fi_FI") == FI


def test_an_unknown_language_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown language \(expected one of fi, sv, got 'de'\)"):
        Formats("de")


@pytest.mark.parametrize("day, weekday_date, long_date", [
    (dt.date(2026, 12, 24), "tors 24.12.2026", "24 december 2026"),
    (dt.date(2026, 12, 28), "mån 28.12.2026", "28 december 2026"),
    (dt.date(2027, 1, 2), "lör 2.1.2027", "2 januari 2027"),
])
def test_swedish_dates(day, weekday_date, long_date):
    assert SV.weekday_date(day) == weekday_date
    assert SV.long_date(day) == long_date
    assert SV.date(day) == FI.date(day)  # 24.12.2026 in both languages


def test_swedish_weekdays_and_months():
    assert SV.weekday_names() == ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
    assert SV.month(2026, 12) == "December 2026"


@pytest.mark.parametrize("intervals, text", [
    (((480, 660),), "8–11"), (((480, 660), (720, 900)), "8–11 och 12–15"),
    (((480, 570), (600, 660), (720, 780)), "8–9.30, 10–11 och 12–13"),
])
def test_swedish_clock_times_are_written_with_a_dot_as_in_finland(intervals, text):
    assert SV.intervals(intervals) == text


@pytest.mark.parametrize("moment, text", [
    ("2026-09-03T04:48:00+00:00", "3.9.2026 kl. 7.48 EEST"),
    ("2026-10-25T01:30:00+00:00", "25.10.2026 kl. 3.30 EET"),
])
def test_swedish_moments(moment, text):
    assert SV.moment(dt.datetime.fromisoformat(moment), HEL) == text


def test_swedish_precise_moment():
    moment = dt.datetime(2026, 12, 23, 13, 30, tzinfo=HEL)
    assert SV.precise_moment(moment) == "ons 23.12.2026 kl. 13.30 (UTC+02:00)"


@pytest.mark.parametrize("minutes, text", [
    (45, "45 min"), (112, "1 h 52 min"), (1440, "1 dygn"), (1441, "1 dygn 1 min"),
])
def test_swedish_durations(minutes, text):
    assert SV.duration(dt.timedelta(minutes=minutes)) == text


@pytest.mark.parametrize("minutes, text", [
    (60, "1 timme"), (120, "2 timmar"), (30, "30 minuter"), (90, "1 timme 30 minuter"),
    (360, "1 arbetsdag"), (1080, "3 arbetsdagar"),
])
def test_swedish_work_durations(minutes, text):
    assert SV.work_duration(minutes, 360) == text


def test_swedish_percentages_have_a_decimal_comma():
    assert SV.percent(99.95) == "99,95 %"
