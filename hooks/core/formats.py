"""Dates, clock times, durations and numbers as readers of one language write them: the one formatter, on Babel.

Never the machine's locale, never hand-made month or weekday names. Words that are not Babel's (the "klo"
before a clock time, the unit letters of a status duration) are data per language in ``WORDS``, so a second
language adds a row, not a formatter.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.units import format_unit

from hooks.core.languages import LANGUAGES

WORDS = {
    "fi": {"at": "klo", "days": "vrk", "hours": "h", "minutes": "min", "and": "ja",
           "working_day": ("arkipäivä", "arkipäivää")},
    # Swedish as written in Finland: "kl. 8.30" with a dot, like Finnish; a day of 24 hours is a "dygn".
    "sv": {"at": "kl.", "days": "dygn", "hours": "h", "minutes": "min", "and": "och",
           "working_day": ("arbetsdag", "arbetsdagar")},
}
"""Words Babel does not have, per language: the clock-time word, short duration units, "and", a working day
(singular, plural)."""


def hhmm(minutes: int) -> str:
    """540 → ``'09:00'``; 1440 → ``'24:00'``: the machine-readable time of day of configuration and JSON."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Formats:
    """Every human-readable date, time and number of one language; ``Formats("fi")``, ``Formats("sv")``.

    A Babel locale names the same language (``Formats("sv_FI") == Formats("sv")``); the locale used is always the
    site's own for that language (``sv_FI``), so Swedish reads as it is written in Finland."""

    language: str = "fi"

    def __post_init__(self):
        code = self.language.replace("-", "_").split("_", 1)[0].lower()
        if code not in WORDS or code not in LANGUAGES:
            raise ValueError(f"formats: unknown language (expected one of {', '.join(WORDS)}, got {self.language!r})")
        object.__setattr__(self, "language", code)

    @functools.cached_property
    def locale(self) -> Locale:
        return Locale.parse(LANGUAGES[self.language].locale)

    @property
    def locale_name(self) -> str:
        """Babel's name of the locale: ``'sv_FI'``."""
        return LANGUAGES[self.language].locale

    @property
    def words(self) -> dict:
        return WORDS[self.language]

    # dates

    def date(self, day: dt.date) -> str:
        """``3.9.2026``."""
        return _date(day, "d.M.yyyy", self.locale_name)

    def long_date(self, day: dt.date) -> str:
        """``27. marraskuuta 2026``."""
        return _date(day, "long", self.locale_name)

    def weekday_date(self, day: dt.date) -> str:
        """``to 24.12.2026``."""
        return _date(day, "EEE d.M.yyyy", self.locale_name)

    def month(self, year: int, month: int) -> str:
        """``Marraskuu 2026``: the month's stand-alone name, as a heading."""
        name = self.locale.months["stand-alone"]["wide"][month]
        return f"{name[:1].upper()}{name[1:]} {year}"

    def weekday_names(self) -> list[str]:
        """Monday first, stand-alone and wide: ``maanantai`` … ``sunnuntai``."""
        names = self.locale.days["stand-alone"]["wide"]
        return [names[index] for index in range(7)]

    # clock times

    def clock(self, minutes: int) -> str:
        """540 → ``'9'``, 570 → ``'9.30'``: a time of day as written in running text (``.00`` dropped)."""
        hours, rest = divmod(minutes, 60)
        return f"{hours}" if rest == 0 else f"{hours}.{rest:02d}"

    def intervals(self, intervals: tuple[tuple[int, int], ...]) -> str:
        """``'8–11 ja 12–15'``."""
        parts = [f"{self.clock(start)}–{self.clock(end)}" for start, end in intervals]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {self.words['and']} " + parts[-1]

    def moment(self, moment: dt.datetime, tz: ZoneInfo) -> str:
        """``3.9.2026 klo 7.48 EEST``: wall-clock time in ``tz`` with the zone's abbreviation."""
        local = moment.astimezone(tz)
        return f"{self.date(local.date())} {self.words['at']} {local.hour}.{local.minute:02d} {local.tzname()}"

    def precise_moment(self, moment: dt.datetime) -> str:
        """``ke 23.12.2026 klo 13.30 (UTC+02:00)``: seconds when there are any, and the UTC offset."""
        text = f"{moment.hour}.{moment.minute:02d}" + (f".{moment.second:02d}" if moment.second else "")
        offset = moment.strftime("%z")
        return f"{self.weekday_date(moment.date())} {self.words['at']} {text} (UTC{offset[:3]}:{offset[3:]})"

    # durations and numbers

    def duration(self, span: dt.timedelta) -> str:
        """``1 vrk 2 h 5 min``: how long an incident lasted, to the minute."""
        minutes = int(span.total_seconds() // 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        words = self.words
        parts = [f"{days} {words['days']}"] if days else []
        parts += [f"{hours} {words['hours']}"] if hours else []
        parts += [f"{minutes} {words['minutes']}"] if minutes or not parts else []
        return " ".join(parts)

    def work_duration(self, minutes: int, working_day: int) -> str:
        """``'1 tunti'``, ``'2 tuntia'``, ``'1 arkipäivä'``, ``'3 arkipäivää'``, ``'1 tunti 30 minuuttia'``."""
        if working_day and minutes % working_day == 0:
            days = minutes // working_day
            one, many = self.words["working_day"]
            return f"{days} {one if self.locale.plural_form(days) == 'one' else many}"
        hours, rest = divmod(minutes, 60)
        parts = []
        if hours:
            parts.append(format_unit(hours, "duration-hour", length="long", locale=self.locale_name))
        if rest:
            parts.append(format_unit(rest, "duration-minute", length="long", locale=self.locale_name))
        return " ".join(parts)

    def percent(self, value: float) -> str:
        """``99,95 %``: two decimals, the language's decimal sign."""
        # Rounded first as Python rounds binary floats, so a figure never changes with the formatter.
        return f"{format_decimal(round(value, 2), format='0.00', locale=self.locale_name)} %"


@functools.lru_cache(maxsize=8192)  # Babel takes a fraction of a millisecond per call; pages share their dates
def _date(day: dt.date, pattern: str, locale: str) -> str:
    return format_date(day, format=pattern, locale=locale)
