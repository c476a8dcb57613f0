"""Opening hours and SLA for people and machines: texts per language, hours.json, JSON-LD, the events of hours.ics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlsplit

from hooks.core.calendar import EVE_NOTE, EXCEPTION, HOLIDAY, Calendar, DaySchedule
from hooks.core.config import WEEKDAYS, Interval, SiteConfig
from hooks.core.formats import Formats, hhmm
from hooks.core.ics import IcsEvent
from hooks.core.languages import DEFAULT
from hooks.core.osmhours import opening_hours_expression, osm_holidays
from hooks.core.supportlabels import LABELS

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


# --- texts for people ---------------------------------------------------------------------------


def span(intervals: tuple[Interval, ...], formats: Formats = FI) -> str:
    """``'8–14'``: from the first opening to the last closing of a day (breaks are shown separately)."""
    return f"{formats.clock(intervals[0][0])}–{formats.clock(intervals[-1][1])}"


def breaks(intervals: tuple[Interval, ...], formats: Formats = FI) -> str:
    """``'11–12'`` for the gaps between a day's intervals, or an empty text."""
    gaps = tuple((a[1], b[0]) for a, b in zip(intervals, intervals[1:]))
    return formats.intervals(gaps) if gaps else ""


def day_state(day: DaySchedule, language: str = "fi") -> str:
    """``'suljettu'``, ``'auki 8–14'``; ``'stängt'``, ``'öppet 8–14'``."""
    labels = LABELS[language]
    return labels.closed if day.closed else labels.open_span.format(span=span(day.open, Formats(language)))


def describe_day(day: DaySchedule, language: str = "fi") -> str:
    """``'to 24.12.2026 Jouluaatto — suljettu'``, ``'ons 23.12.2026 — öppet 8–14'``: a day's agreed wording."""
    name = day.name[language] if day.name else ""
    head = f"{Formats(language).weekday_date(day.date)} {name}".rstrip()
    return f"{head} — {day_state(day, language)}"


def working_day_minutes(config: SiteConfig) -> int:
    """A working day is the longest regular day (Mon–Thu 8–11 and 12–15 = 360 minutes)."""
    return max(sum(e - s for s, e in day) for day in config.hours.week.values())


@dataclass(frozen=True)
class WeekRow:
    days: str  # "Maanantai–torstai", "Måndag–torsdag"
    hours: str  # "8–11 ja 12–15" or "suljettu"
    breaks: str  # "11–12" or ""
    closed: bool = False


def week_rows(config: SiteConfig, language: str = "fi") -> list[WeekRow]:
    """The week profile with consecutive days of the same hours joined into one row."""
    formats = Formats(language)
    names = formats.weekday_names()
    closed = LABELS[language].closed
    rows = []
    week = [config.hours.week[name] for name in WEEKDAYS]
    for intervals, run in groupby(range(7), key=lambda i: week[i]):
        run = list(run)
        first, last = names[run[0]], names[run[-1]]
        and_ = formats.words["and"]
        days = first if len(run) == 1 else (f"{first} {and_} {last}" if len(run) == 2 else f"{first}–{last}")
        rows.append(WeekRow(days.capitalize(), formats.intervals(intervals) if intervals else closed,
                            breaks(intervals, formats), not intervals))
    return rows


# --- machines ------------------------------------------------------------------------------------


def _json_intervals(intervals: tuple[Interval, ...]) -> list[list[str]]:
    return [[hhmm(s), hhmm(e)] for s, e in intervals]


def day_json(day: DaySchedule, language: str = "fi") -> dict:
    """One day as the CLI and hours.json give it: ``{"date", "open", "note"}``, the note in ``language``."""
    return {"date": day.date.isoformat(), "open": _json_intervals(day.open), "note": day.note(language)}


def day_notes(day: DaySchedule) -> dict[str, str] | None:
    """The day's note in each language (a holiday's name, an exception's note, or that it is an eve), or None."""
    if day.note("fi") is None:
        return None
    return {language: day.note(language) for language in sorted(day.name or EVE_NOTE)}


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
            # "note" stays the Finnish one it always was; "notes" has it in every language, eves included.
            {**day_json(day), "kind": day.kind,
             "name": dict(sorted(day.name.items())) if day.name else None, "notes": day_notes(day)}
            for day in calendar.exceptional_days(first, last)
        ],
        "opening_hours": opening_hours_expression(calendar, first, last),
        "opening_hours_context": opening_hours_context(config, first, last),
    }


def page_schedule(config: SiteConfig, calendar: Calendar, today: dt.date, language: str = "fi") -> dict:
    """The data the 'open now' script reads: week by ISO weekday index, exceptional dates, horizon, its texts (the
    page carries them with the schedule in the page's language; the script only fills them in)."""
    first, last = export_horizon(today)
    return {
        "texts": LABELS[language].open_now,
        "timezone": config.timezone.key,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "week": [[[s, e] for s, e in config.hours.week[name]] for name in WEEKDAYS],
        "days": {day.date.isoformat(): [[s, e] for s, e in day.open] for day in calendar.exceptional_days(first, last)},
    }


def _spec(opens: str, closes: str, **extra) -> dict:
    return {"@type": "OpeningHoursSpecification", **extra, "opens": opens, "closes": closes}


def contact_jsonld(config: SiteConfig, calendar: Calendar, today: dt.date, contact_url: str = "",
                   language: str = "fi") -> dict:
    """schema.org: the support desk as a LocalBusiness with weekly and special opening hours, for a page in
    ``language``: each special day is named in it, and the page it is the main entity of says its language
    (``inLanguage`` belongs to a CreativeWork such as the WebPage, not to a LocalBusiness)."""
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
        if (note := day.note(language)) is not None:
            when["name"] = note  # an OpeningHoursSpecification is a Thing: its name is text
        if day.closed:
            # Google's documented way to say "closed all day": opens and closes at 00:00.
            special.append(_spec("00:00", "00:00", **when))
        special += [_spec(hhmm(s), hhmm(e), **when) for s, e in day.open]
    org = config.organisation
    page = {"@type": "WebPage", "inLanguage": language}
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
        "mainEntityOfPage": page,
    }
    if config.channels.phone:
        data["telephone"] = config.channels.phone
        data["contactPoint"]["telephone"] = config.channels.phone
    if contact_url:
        data["url"] = contact_url
        page["url"] = contact_url
    return data


def ics_events(config: SiteConfig, calendar: Calendar, today: dt.date, stamp: dt.datetime,
               url: str = "", language: str = "fi") -> list[IcsEvent]:
    """The exceptional days through the end of next year: a closed day is one all-day event, an open day one timed
    event per open interval, so that a calendar shows its lunch break as the gap it is. UIDs depend on the date
    (and the interval's place in its day) and the language only: each language's calendar is a file of its own
    (RFC 5545 allows one SUMMARY per event), and a subscriber to both sees two events, not one overwritten."""
    first, last = export_horizon(today)
    host = urlsplit(config.site_url).hostname or "supportsite.invalid"
    labels, formats = LABELS[language], Formats(language)
    head = labels.event_head.format(organisation=config.organisation.name)
    # The default language's calendar keeps the UIDs and bytes it had before there were two, so its subscribers'
    # events are updated, not added again.
    tag = "" if language == DEFAULT else language
    prefix = "aukiolo-" + (f"{tag}-" if tag else "")
    events = []
    for day in calendar.exceptional_days(first, last):
        title = day.name[language] if day.name and day.kind in (HOLIDAY, EXCEPTION) else day.note(language)
        uid = f"{prefix}{day.date:%Y%m%d}"
        if day.closed:
            events.append(IcsEvent(
                uid=f"{uid}@{host}", summary=labels.event_closed_summary.format(head=head, title=title),
                start=day.date, end=day.date + dt.timedelta(days=1), stamp=stamp,
                description=labels.event_closed_description, url=url, language=tag))
            continue
        description = labels.event_open_description.format(hours=formats.intervals(day.open))
        if gaps := breaks(day.open, formats):
            description += " " + labels.event_break_description.format(breaks=gaps)
        for number, (begin, end) in enumerate(day.open, start=1):
            events.append(IcsEvent(
                uid=f"{uid}-{number}@{host}",
                summary=labels.event_open_summary.format(head=head, title=title,
                                                         hours=formats.intervals(((begin, end),))),
                start=calendar.instant(day.date, begin), end=calendar.instant(day.date, end), stamp=stamp,
                description=description, url=url, language=tag,
                free=True))  # the desk's hours, not the subscriber's: never busy time
    return events


def calendar_name(config: SiteConfig, language: str = "fi") -> str:
    """hours.ics's X-WR-CALNAME: ``'SoftOne Service & Kvalitet: poikkeavat aukioloajat'``."""
    org = config.organisation
    return LABELS[language].calendar_name.format(site=f"{org.name} {org.department}")
