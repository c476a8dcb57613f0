"""The one formatter: Finnish dates, moments, durations and percentages as tables, DST changes and year ends included."""

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
