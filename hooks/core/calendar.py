"""Opening hours per date: week profile, public holidays, eves and explicit exceptions, in local wall-clock time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays

from hooks.core.config import WEEKDAYS, Hours, Interval, SiteConfig

# The holidays package names its translations by locale; ours are the site's language codes.
# Passing the language explicitly keeps names independent of the machine's locale: every machine builds the same.
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}

EVE_NOTE = {
    "fi": "Pyhäpäivän aatto",
    "sv": "Dagen före en helgdag",
    "en": "Eve of a public holiday",
}

# How a day came to have its hours, from weakest to strongest rule.
REGULAR, EVE, HOLIDAY, EXCEPTION = "regular", "eve", "holiday", "exception"


@dataclass(frozen=True)
class DaySchedule:
    """The open intervals of one local date (minutes after midnight, half-open) and why."""

    date: dt.date
    open: tuple[Interval, ...]
    kind: str
    regular: tuple[Interval, ...]  # what the week profile alone would give
    name: dict[str, str] | None = None  # holiday name, or the exception's note, per language

    @property
    def closed(self) -> bool:
        return not self.open

    @property
    def exceptional(self) -> bool:
        """Listed as an exceptional day: an explicit exception, or hours that differ from the week profile."""
        return self.kind == EXCEPTION or self.open != self.regular

    def note(self, lang: str = "fi") -> str | None:
        if self.kind == EVE:
            return EVE_NOTE[lang]
        return self.name[lang] if self.name else None


def truncate(intervals: tuple[Interval, ...], closes_at: int) -> tuple[Interval, ...]:
    """The intervals as an eve has them: what is open before ``closes_at``."""
    return tuple((start, min(end, closes_at)) for start, end in intervals if start < closes_at)


class Calendar:
    """The support centre's calendar; build one per site config, ask it about dates and instants."""

    def __init__(self, hours: Hours, timezone: ZoneInfo):
        self.hours = hours
        self.timezone = timezone
        self._holidays = {
            lang: holidays.country_holidays(
                hours.holidays.country, categories=hours.holidays.categories, language=locale,
            )
            for lang, locale in HOLIDAY_LANGUAGES.items()
        }
        self._days: dict[dt.date, DaySchedule] = {}

    @classmethod
    def from_config(cls, config: SiteConfig) -> Calendar:
        return cls(config.hours, config.timezone)

    # --- dates -------------------------------------------------------------------------------

    def holiday_names(self, date: dt.date) -> dict[str, str] | None:
        """The public holiday on ``date`` in each language, or None."""
        if date not in self._holidays["fi"]:
            return None
        # Several holidays on one date are joined the way the package itself joins them.
        return {lang: names.get(date) for lang, names in self._holidays.items()}

    def _exception(self, date: dt.date):
        for exception in self.hours.exceptions:
            if exception.start <= date <= exception.end:
                return exception
        return None

    def day(self, date: dt.date) -> DaySchedule:
        """The schedule of one local date; explicit exceptions override holidays, which override eves."""
        cached = self._days.get(date)
        if cached is not None:
            return cached
        regular = self.hours.week[WEEKDAYS[date.weekday()]]
        exception = self._exception(date)
        if exception is not None:
            day = DaySchedule(date, exception.open, EXCEPTION, regular, exception.note)
        elif (names := self.holiday_names(date)) is not None:
            day = DaySchedule(date, (), HOLIDAY, regular, names)
        elif regular and self.holiday_names(date + dt.timedelta(days=1)) is not None:
            eve = truncate(regular, self.hours.eves.closes_at)
            day = DaySchedule(date, eve, EVE, regular) if eve != regular else DaySchedule(date, regular, REGULAR, regular)
        else:
            day = DaySchedule(date, regular, REGULAR, regular)
        self._days[date] = day
        return day

    def days(self, first: dt.date, last: dt.date) -> list[DaySchedule]:
        """Every date from ``first`` to ``last`` inclusive."""
        return [self.day(first + dt.timedelta(days=n)) for n in range((last - first).days + 1)]

    def exceptional_days(self, first: dt.date, last: dt.date) -> list[DaySchedule]:
        return [day for day in self.days(first, last) if day.exceptional]

    # --- instants ----------------------------------------------------------------------------

    def local(self, at: dt.datetime) -> dt.datetime:
        """``at`` in the calendar's zone; a naive value is read as local wall-clock time."""
        if at.tzinfo is None or at.utcoffset() is None:
            return at.replace(tzinfo=self.timezone)
        return at.astimezone(self.timezone)

    def instant(self, date: dt.date, minutes: int) -> dt.datetime:
        """The instant of a wall-clock minute on ``date`` (1440 is the next midnight), in UTC.

        UTC because Python compares and subtracts datetimes that share one tzinfo by wall clock,
        which is wrong across a daylight-saving change.
        """
        extra, minutes = divmod(minutes, 1440)
        day = date + dt.timedelta(days=extra)
        local = dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=self.timezone)
        return local.astimezone(dt.timezone.utc)

    def intervals(self, start: dt.datetime, *, max_days: int = 3 * 366) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Open intervals as UTC (start, end) pairs, in order, from the local date of ``start`` on."""
        date = self.local(start).date()
        for offset in range(max_days):
            day = self.day(date + dt.timedelta(days=offset))
            for begin, end in day.open:
                yield self.instant(day.date, begin), self.instant(day.date, end)

    def is_open(self, at: dt.datetime) -> bool:
        return self.closes_at(at) is not None

    def closes_at(self, at: dt.datetime) -> dt.datetime | None:
        """When the interval open at ``at`` ends (local time), or None when closed."""
        local = self.local(at)
        moment = local.astimezone(dt.timezone.utc)
        for begin, end in self.day(local.date()).open:
            if self.instant(local.date(), begin) <= moment < self.instant(local.date(), end):
                return self.instant(local.date(), end).astimezone(self.timezone)
        return None

    def next_opening(self, at: dt.datetime) -> dt.datetime | None:
        """The first instant at or after ``at`` at which an open interval begins (local time; None within ~3 years)."""
        moment = self.local(at).astimezone(dt.timezone.utc)
        for begin, _ in self.intervals(at):
            if begin >= moment:
                return begin.astimezone(self.timezone)
        return None
