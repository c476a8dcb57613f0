"""Opening hours and SLA for people and machines: Finnish texts, hours.json, JSON-LD, the events of hours.ics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlsplit

from hooks.core.calendar import EXCEPTION, HOLIDAY, Calendar, DaySchedule
from hooks.core.config import WEEKDAYS, Interval, SiteConfig
from hooks.core.formats import Formats, hhmm
from hooks.core.ics import IcsEvent
from hooks.core.osmhours import opening_hours_expression, osm_holidays

FI = Formats("fi")
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


def opening_hours_context(config: SiteConfig, first: dt.date, last: dt.date) -> dict:
    """How to read hours.json's ``opening_hours``: its zone, the country of its ``PH``, and the same in words."""
    holidays = osm_holidays(config.hours)
    zone = config.timezone.key
    words = [
        f"The times in opening_hours are wall-clock times in {zone} (as the timezone key says), not UTC and not "
        f"the reader's own zone: evaluate it at an instant's local time in {zone}.",
        f"Dated rules give every exceptional day from {first.isoformat()} to {last.isoformat()}; later rules "
        f"override earlier ones.",
    ]
    if holidays is None:
        words.append(f"After {last.isoformat()} it gives the weekly hours only: public holidays are not in it.")
    else:
        words.append(
            f"PH means the public holidays of country_code \"{holidays.country_code}\": give an evaluator that country "
            f"(opening_hours.js: new opening_hours(value, {{\"address\": {{\"country_code\": "
            f"\"{holidays.country_code}\"}}}}); without it the library uses another country's holidays). With it, the "
            f"weekly rules, PH, the days before holidays and the yearly rules keep the value right after "
            f"{last.isoformat()}.")
    return {
        "timezone": zone,
        "country_code": holidays.country_code if holidays else None,
        "explanation": " ".join(words),
    }


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
        "opening_hours_context": opening_hours_context(config, first, last),
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


def ics_events(config: SiteConfig, calendar: Calendar, today: dt.date, stamp: dt.datetime,
               url: str = "") -> list[IcsEvent]:
    """The exceptional days through the end of next year: a closed day is one all-day event, an open day one timed
    event per open interval, so that a calendar shows its lunch break as the gap it is. UIDs depend on the date
    (and the interval's place in its day) only."""
    first, last = export_horizon(today)
    host = urlsplit(config.site_url).hostname or "supportsite.invalid"
    head = f"{config.organisation.name}-tuki"
    events = []
    for day in calendar.exceptional_days(first, last):
        title = day.name["fi"] if day.name and day.kind in (HOLIDAY, EXCEPTION) else day.note("fi")
        uid = f"aukiolo-{day.date:%Y%m%d}"
        if day.closed:
            events.append(IcsEvent(
                uid=f"{uid}@{host}", summary=f"{head}: {title} — suljettu", start=day.date,
                end=day.date + dt.timedelta(days=1), stamp=stamp,
                description="Asiakaskeskus on suljettu koko päivän.", url=url))
            continue
        description = f"Asiakaskeskus on avoinna klo {FI.intervals(day.open)} (Suomen aikaa)."
        if breaks := fi_breaks(day.open):
            description += f" Tauko klo {breaks}."
        for number, (begin, end) in enumerate(day.open, start=1):
            events.append(IcsEvent(
                uid=f"{uid}-{number}@{host}", summary=f"{head}: {title} — auki {FI.intervals(((begin, end),))}",
                start=calendar.instant(day.date, begin), end=calendar.instant(day.date, end), stamp=stamp,
                description=description, url=url,
                free=True))  # the desk's hours, not the subscriber's: never busy time
    return events
