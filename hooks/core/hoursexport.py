"""Opening hours and SLA for people and machines: Finnish texts, hours.json, OSM opening_hours, JSON-LD, iCalendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlsplit

from hooks.core.calendar import EXCEPTION, HOLIDAY, Calendar, DaySchedule
from hooks.core.config import WEEKDAYS, Interval, SiteConfig
from hooks.core.formats import Formats, hhmm
from hooks.core.ics import IcsEvent

FI = Formats("fi")
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
OSM_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SCHEMA_DAYS = tuple(f"https://schema.org/{name.capitalize()}" for name in WEEKDAYS)


# --- horizons ------------------------------------------------------------------------------------


def export_horizon(today: dt.date) -> tuple[dt.date, dt.date]:
    """From the build date through the end of next year (hours.json, hours.ics, opening_hours)."""
    return today, dt.date(today.year + 1, 12, 31)


def listing_horizon(today: dt.date) -> tuple[dt.date, dt.date]:
    """The next 12 months from the build date, for the list of exceptional days on pages."""
    try:
        same_day = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        same_day = today.replace(year=today.year + 1, day=28)
    return today, same_day - dt.timedelta(days=1)


# --- Finnish texts -------------------------------------------------------------------------------






def fi_span(intervals: tuple[Interval, ...]) -> str:
    """``'8–14'``: from the first opening to the last closing of a day (breaks are shown separately)."""
    return f"{FI.clock(intervals[0][0])}–{FI.clock(intervals[-1][1])}"


def fi_breaks(intervals: tuple[Interval, ...]) -> str:
    """``'11–12'`` for the gaps between a day's intervals, or an empty text."""
    return FI.intervals(tuple((a[1], b[0]) for a, b in zip(intervals, intervals[1:]))) if len(intervals) > 1 else ""




def fi_state(day: DaySchedule) -> str:
    return "suljettu" if day.closed else f"auki {fi_span(day.open)}"


def describe_day(day: DaySchedule) -> str:
    """``'to 24.12.2026 Jouluaatto — suljettu'``, ``'ke 23.12.2026 — auki 8–14'``: the agreed wording of one day."""
    name = day.name["fi"] if day.name else ""
    head = f"{FI.weekday_date(day.date)} {name}".rstrip()
    return f"{head} — {fi_state(day)}"


def working_day_minutes(config: SiteConfig) -> int:
    """A working day is the longest regular day (Mon–Thu 8–11 and 12–15 = 360 minutes)."""
    return max(sum(e - s for s, e in day) for day in config.hours.week.values())




@dataclass(frozen=True)
class WeekRow:
    days: str  # "maanantai–torstai"
    hours: str  # "8–11 ja 12–15" or "suljettu"
    breaks: str  # "11–12" or ""


def week_rows(config: SiteConfig) -> list[WeekRow]:
    """The week profile with consecutive days of the same hours joined into one row."""
    names = FI.weekday_names()
    rows = []
    week = [config.hours.week[name] for name in WEEKDAYS]
    for intervals, run in groupby(range(7), key=lambda i: week[i]):
        run = list(run)
        first, last = names[run[0]], names[run[-1]]
        days = first if len(run) == 1 else (f"{first} ja {last}" if len(run) == 2 else f"{first}–{last}")
        rows.append(WeekRow(days.capitalize(), FI.intervals(intervals) if intervals else "suljettu", fi_breaks(intervals)))
    return rows


# --- machines ------------------------------------------------------------------------------------


def _json_intervals(intervals: tuple[Interval, ...]) -> list[list[str]]:
    return [[hhmm(s), hhmm(e)] for s, e in intervals]


def day_json(day: DaySchedule) -> dict:
    """One day as the CLI and hours.json give it: ``{"date", "open", "note"}``."""
    return {"date": day.date.isoformat(), "open": _json_intervals(day.open), "note": day.note("fi")}


def _osm_times(intervals: tuple[Interval, ...]) -> str:
    return ",".join(f"{hhmm(s)}-{hhmm(e)}" for s, e in intervals) if intervals else "off"


def opening_hours_expression(calendar: Calendar, first: dt.date, last: dt.date) -> str:
    """An OpenStreetMap ``opening_hours`` value equal to the calendar from ``first`` to ``last``.

    The week profile first, then every exceptional date as its own rule: in that syntax a later
    rule replaces the earlier ones for the days it names. Runs of equal days in one month are joined.
    """
    rules = []
    week = [calendar.hours.week[name] for name in WEEKDAYS]
    for intervals, run in groupby(range(7), key=lambda i: week[i]):
        run = list(run)
        if intervals:
            days = OSM_DAYS[run[0]] if len(run) == 1 else f"{OSM_DAYS[run[0]]}-{OSM_DAYS[run[-1]]}"
            rules.append(f"{days} {_osm_times(intervals)}")
    days = calendar.exceptional_days(first, last)

    def same_run(day: DaySchedule) -> tuple:
        return (day.date.year, day.date.month, day.open)

    runs: list[list[DaySchedule]] = []
    for day in days:
        if runs and same_run(runs[-1][-1]) == same_run(day) and runs[-1][-1].date + dt.timedelta(days=1) == day.date:
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        head = run[0].date
        span = f"{head.day:02d}" if len(run) == 1 else f"{head.day:02d}-{run[-1].date.day:02d}"
        rules.append(f"{head.year} {OSM_MONTHS[head.month - 1]} {span} {_osm_times(run[0].open)}")
    return "; ".join(rules) or "off"


def hours_json(config: SiteConfig, calendar: Calendar, today: dt.date) -> dict:
    """support/hours.json: the week, the exceptional days through the end of next year, and the OSM value."""
    first, last = export_horizon(today)
    return {
        "timezone": config.timezone.key,
        "horizon": {"from": first.isoformat(), "to": last.isoformat()},
        "week": {name: _json_intervals(config.hours.week[name]) for name in WEEKDAYS},
        "exceptions": [
            {**day_json(day), "kind": day.kind,
             "name": dict(sorted(day.name.items())) if day.name else None}
            for day in calendar.exceptional_days(first, last)
        ],
        "opening_hours": opening_hours_expression(calendar, first, last),
    }


OPEN_NOW_TEXTS = {
    "fi": {
        "open": "Asiakaskeskus on nyt auki. Suljemme klo {time} (Suomen aikaa).",
        "opens": "Asiakaskeskus on nyt suljettu. Avaamme {when} klo {time} (Suomen aikaa).",
        "closed": "Asiakaskeskus on nyt suljettu.",
        "today": "tänään",
        "tomorrow": "huomenna",
        "day": "{weekday} {day}.{month}.",
        # the essive ("on Monday"), which Babel does not have
        "weekdays": ["maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina", "lauantaina",
                     "sunnuntaina"],
    },
}
"""What the 'open now' line says, per language; the page carries these with the schedule, the script only fills in."""


def page_schedule(config: SiteConfig, calendar: Calendar, today: dt.date, language: str = "fi") -> dict:
    """The data the 'open now' script reads: week by ISO weekday index, exceptional dates, horizon, its texts."""
    first, last = export_horizon(today)
    return {
        "texts": OPEN_NOW_TEXTS[language],
        "timezone": config.timezone.key,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "week": [[[s, e] for s, e in config.hours.week[name]] for name in WEEKDAYS],
        "days": {day.date.isoformat(): [[s, e] for s, e in day.open] for day in calendar.exceptional_days(first, last)},
    }


def _spec(opens: str, closes: str, **extra) -> dict:
    return {"@type": "OpeningHoursSpecification", **extra, "opens": opens, "closes": closes}


def contact_jsonld(config: SiteConfig, calendar: Calendar, today: dt.date, contact_url: str = "") -> dict:
    """schema.org: the support desk as a LocalBusiness with weekly and special opening hours."""
    first, last = export_horizon(today)
    by_interval: dict[Interval, list[int]] = {}
    for index, name in enumerate(WEEKDAYS):
        for interval in config.hours.week[name]:
            by_interval.setdefault(interval, []).append(index)
    weekly = [
        _spec(hhmm(s), hhmm(e), dayOfWeek=[SCHEMA_DAYS[i] for i in days])
        for (s, e), days in sorted(by_interval.items())
    ]
    special = []
    for day in calendar.exceptional_days(first, last):
        when = {"validFrom": day.date.isoformat(), "validThrough": day.date.isoformat()}
        if day.closed:
            # Google's documented way to say "closed all day": opens and closes at 00:00.
            special.append(_spec("00:00", "00:00", **when))
        special += [_spec(hhmm(s), hhmm(e), **when) for s, e in day.open]
    org = config.organisation
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": f"{org.name} {org.department}",
        "parentOrganization": {"@type": "Organization", "name": org.legal_name, "url": org.website},
        "email": config.channels.email,
        "openingHoursSpecification": weekly,
        "specialOpeningHoursSpecification": special,
        "contactPoint": {
            "@type": "ContactPoint",
            "contactType": "customer support",
            "email": config.channels.email,
            "url": config.channels.portal,
            "availableLanguage": ["fi", "sv", "en"],
        },
    }
    if config.channels.phone:
        data["telephone"] = config.channels.phone
        data["contactPoint"]["telephone"] = config.channels.phone
    if contact_url:
        data["url"] = contact_url
    return data


def ics_events(config: SiteConfig, calendar: Calendar, today: dt.date, stamp: dt.datetime, url: str = "") -> list[IcsEvent]:
    """One all-day event per exceptional day through the end of next year; UIDs depend on the date only."""
    first, last = export_horizon(today)
    host = urlsplit(config.site_url).hostname or "supportsite.invalid"
    events = []
    for day in calendar.exceptional_days(first, last):
        title = day.name["fi"] if day.name and day.kind in (HOLIDAY, EXCEPTION) else day.note("fi")
        if day.closed:
            description = "Asiakaskeskus on suljettu koko päivän."
        else:
            description = f"Asiakaskeskus on avoinna klo {FI.intervals(day.open)} (Suomen aikaa)."
        events.append(IcsEvent(
            uid=f"aukiolo-{day.date:%Y%m%d}@{host}",
            summary=f"{config.organisation.name}-tuki: {title} — {fi_state(day)}",
            start=day.date,
            end=day.date + dt.timedelta(days=1),
            stamp=stamp,
            description=description,
            url=url,
        ))
    return events
