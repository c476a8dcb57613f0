"""The OpenStreetMap ``opening_hours`` value of a calendar: the week, public holidays and their eves in any year,
and a dated rule for each exceptional day of the horizon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from hooks.core.calendar import Calendar, truncate
from hooks.core.config import WEEKDAYS, Hours, Interval
from hooks.core.formats import hhmm

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
OSM_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class YearlyDays:
    """Days that come back every year: days ``first``–``last`` of ``month``, on ``weekday`` only when one is given."""

    month: int
    first: int
    last: int
    weekday: int | None = None  # Monday is 0

    def selector(self) -> str:
        """``'Dec 24'``, ``'Jun 19-25 Fr'``."""
        days = f"{self.first:02d}" if self.first == self.last else f"{self.first:02d}-{self.last:02d}"
        weekday = "" if self.weekday is None else f" {OSM_DAYS[self.weekday]}"
        return f"{OSM_MONTHS[self.month - 1]} {days}{weekday}"

    def day_before(self) -> YearlyDays:
        if self.first == 1:  # the day before would be in another month, of varying length: not needed yet
            raise ValueError(f"opening_hours: no day before {self.selector()} within its month")
        weekday = None if self.weekday is None else (self.weekday - 1) % 7
        return YearlyDays(self.month, self.first - 1, self.last - 1, weekday)

    def matches(self, date: dt.date) -> bool:
        return (date.month == self.month and self.first <= date.day <= self.last
                and (self.weekday is None or date.weekday() == self.weekday))


@dataclass(frozen=True)
class OsmHolidays:
    """A country's public holidays (the holidays package's ``public`` category) as opening_hours says them: ``PH``,
    which opening_hours.js reads for ``country_code``, and yearly rules for the holidays its ``PH`` leaves out."""

    country_code: str  # what opening_hours.js expects in its nominatim object: {"address": {"country_code": …}}
    not_ph: dict[str, YearlyDays]  # by the holidays package's English name

    def is_ph(self, names: dict[str, str] | None) -> bool:
        # Two holidays on one date come joined with "; " (calendar.holiday_names): PH if either is one.
        return bool(names) and any(name not in self.not_ph for name in names["en"].split("; "))

    def closes(self, calendar: Calendar, date: dt.date) -> bool:
        """Whether the holiday rules of the expression close ``date``: PH or one of the yearly rules."""
        return self.is_ph(calendar.holiday_names(date)) or any(days.matches(date) for days in self.not_ph.values())


OSM_HOLIDAYS = {
    # opening_hours.js 3.15 gives Finland the 13 holidays of the Finnish calendar act as PH (no state needed); the
    # holidays package's public category adds Midsummer Eve and Christmas Eve, the Friday of 19–25 June and 24.12.
    "FI": OsmHolidays("fi", {
        "Midsummer Eve": YearlyDays(6, 19, 25, weekday=4),
        "Christmas Eve": YearlyDays(12, 24, 24),
    }),
}
"""Countries whose holidays the expression can name beyond its horizon; tests/test_osmhours.py checks each against
opening_hours.js year by year. For any other country, or other categories, holidays are dated rules only."""


def osm_holidays(hours: Hours) -> OsmHolidays | None:
    """The table's entry for the configured holidays, or None when the expression cannot name them."""
    if tuple(hours.holidays.categories) != ("public",):
        return None
    return OSM_HOLIDAYS.get(hours.holidays.country)


def osm_times(intervals: tuple[Interval, ...]) -> str:
    return ",".join(f"{hhmm(s)}-{hhmm(e)}" for s, e in intervals) if intervals else "off"


def _weekday_runs(key) -> list[tuple[object, list[int]]]:
    """Consecutive weekdays (Monday first) with the same ``key(index)``."""
    return [(value, list(run)) for value, run in groupby(range(7), key=key)]


def _days(run: list[int]) -> str:
    return OSM_DAYS[run[0]] if len(run) == 1 else f"{OSM_DAYS[run[0]]}-{OSM_DAYS[run[-1]]}"


class OpeningHoursRules:
    """The rules of one calendar's expression, and what they give a date without its dated rules."""

    def __init__(self, calendar: Calendar):
        self.calendar = calendar
        self.holidays = osm_holidays(calendar.hours)
        self.week = [calendar.hours.week[name] for name in WEEKDAYS]
        self.eve = [truncate(day, calendar.hours.eves.closes_at) for day in self.week]

    def yearly_rules(self) -> list[str]:
        """The rules that hold in every year: the week, the eves of holidays, the holidays.

        In opening_hours a later rule replaces the earlier ones on the days it selects: the eves come after the week
        they shorten, the holidays after the eves (Christmas Eve is closed though it is the eve of Christmas Day).
        """
        rules = [f"{_days(run)} {osm_times(hours)}" for hours, run in _weekday_runs(lambda i: self.week[i]) if hours]
        if self.holidays is None:
            return rules
        return rules + self._eve_rules() + ["PH off"] + [f"{days.selector()} off" for days in self._yearly()]

    def _yearly(self) -> list[YearlyDays]:
        return sorted(self.holidays.not_ph.values(), key=lambda d: (d.month, d.first))

    def _eve_rules(self) -> list[str]:
        shortened = {i: self.eve[i] for i in range(7) if self.eve[i] != self.week[i]}
        if not shortened:
            return []
        befores = [days.day_before() for days in self._yearly()]
        if len(set(shortened.values())) == 1:
            # One eve for all the days it shortens: said for any day, then the other weekdays get their own hours
            # back. Evaluators disagree on "PH -1 day Mo-Th": opening_hours.js reads an eve that is also Monday to
            # Thursday, opening-hours-py an eve or Monday to Thursday; this way needs neither reading.
            hours = osm_times(next(iter(shortened.values())))
            rules = [f"PH -1 day {hours}"]
            rules += [f"{before.selector()} {hours}" for before in befores
                      if before.weekday is None or before.weekday in shortened]
            back = _weekday_runs(lambda i: None if i in shortened or osm_times(self.week[i]) == hours else self.week[i])
            return rules + [f"{_days(run)} {osm_times(week)}" for week, run in back if week is not None]
        # Eves that differ by weekday need a holiday and a weekday in one selector: opening_hours.js reads it so.
        rules = []
        for eve, run in _weekday_runs(lambda i: shortened.get(i)):
            if eve is None:
                continue
            rules.append(f"PH -1 day {_days(run)} {osm_times(eve)}")
            for before in befores:
                if before.weekday is None:
                    rules.append(f"{before.selector()} {_days(run)} {osm_times(eve)}")
                elif before.weekday in run:
                    rules.append(f"{before.selector()} {osm_times(eve)}")
        return rules

    def yearly_open(self, date: dt.date) -> tuple[Interval, ...]:
        """What the yearly rules give ``date``, as opening_hours.js reads them when PH is what OSM_HOLIDAYS says."""
        regular = self.week[date.weekday()]
        if self.holidays is None:
            return regular
        if self.holidays.closes(self.calendar, date):
            return ()
        if self.holidays.closes(self.calendar, date + dt.timedelta(days=1)):
            return self.eve[date.weekday()]
        return regular

    def dated_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The dates that get a rule of their own: every exceptional day from ``first`` to ``last`` (so that the
        horizon is right in any evaluator, whatever its PH), every day there the yearly rules would get wrong, and
        the explicit exceptions after ``last`` where the yearly rules differ from them."""
        dates = [day.date for day in self.calendar.days(first, last)
                 if day.exceptional or day.open != self.yearly_open(day.date)]
        for exception in self.calendar.hours.exceptions:
            date = max(exception.start, last + dt.timedelta(days=1))
            while date <= exception.end:
                if self.calendar.day(date).open != self.yearly_open(date):
                    dates.append(date)
                date += dt.timedelta(days=1)
        return sorted(set(dates))

    def dated_rules(self, first: dt.date, last: dt.date) -> list[str]:
        """``'2026 Dec 24-25 off'``: runs of consecutive days of one month with the same hours are joined."""
        runs: list[list[dt.date]] = []
        for date in self.dated_days(first, last):
            prev = runs[-1][-1] if runs else None
            if (prev is not None and prev + dt.timedelta(days=1) == date and prev.month == date.month
                    and self.calendar.day(prev).open == self.calendar.day(date).open):
                runs[-1].append(date)
            else:
                runs.append([date])
        rules = []
        for run in runs:
            head = run[0]
            span = f"{head.day:02d}" if len(run) == 1 else f"{head.day:02d}-{run[-1].day:02d}"
            rules.append(f"{head.year} {OSM_MONTHS[head.month - 1]} {span} {osm_times(self.calendar.day(head).open)}")
        return rules


def opening_hours_expression(calendar: Calendar, first: dt.date, last: dt.date) -> str:
    """An OpenStreetMap ``opening_hours`` value equal to the calendar from ``first`` on.

    The yearly rules first, then a dated rule for each exceptional day from ``first`` to ``last``: later rules win,
    so a dated rule says what the day is whatever PH means to the evaluator. Past ``last`` the yearly rules go on,
    holidays and their eves included, for the countries of OSM_HOLIDAYS. Times are wall-clock times of the
    calendar's zone.
    """
    rules = OpeningHoursRules(calendar)
    return "; ".join(rules.yearly_rules() + rules.dated_rules(first, last)) or "off"
