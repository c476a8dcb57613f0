"""The site's one iCalendar (RFC 5545) writer: deterministic VCALENDAR bytes from plain event values, by icalendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

# No library version in it: the bytes of a calendar change only when its events do (icalendar itself is pinned).
PRODID = "-//SoftOne//supportsite//FI"


@dataclass(frozen=True)
class IcsEvent:
    """One VEVENT: a ``date`` start/end is an all-day event (end exclusive), an aware ``datetime`` a timed one."""

    uid: str
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    stamp: dt.datetime
    description: str = ""
    url: str = ""
    free: bool = False  # TRANSP:TRANSPARENT: it does not make the subscriber busy (an all-day event never does)
    language: str = ""  # LANGUAGE of SUMMARY and DESCRIPTION (RFC 5545 3.2.10), "sv"; empty: not said

    @property
    def timed(self) -> bool:
        return isinstance(self.start, dt.datetime)


def _naive(value: dt.date | dt.datetime) -> bool:
    return isinstance(value, dt.datetime) and (value.tzinfo is None or value.utcoffset() is None)


def _check(event: IcsEvent) -> None:
    # Awareness first: ordering the events and comparing start with end would otherwise read a naive time as the
    # machine's local time, or fail with Python's own message.
    for value in (event.start, event.end, event.stamp):
        if _naive(value):
            raise ValueError(f"iCalendar: {event.uid}: naive datetime "
                             f"(expected an aware datetime, got {value.isoformat()})")
    if isinstance(event.start, dt.datetime) != isinstance(event.end, dt.datetime):
        raise ValueError(f"iCalendar: {event.uid}: start and end must both be dates or both datetimes")
    if event.end <= event.start:
        raise ValueError(f"iCalendar: {event.uid}: end must be after start (exclusive end), got {event.start} .. {event.end}")


def _sort_key(event: IcsEvent) -> tuple:
    start = event.start
    if isinstance(start, dt.datetime):
        key = start.astimezone(dt.timezone.utc).replace(tzinfo=None)
    else:
        key = dt.datetime.combine(start, dt.time())
    return (key, event.uid)


def _vevent(event: IcsEvent, timezone: ZoneInfo) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", event.stamp.astimezone(dt.timezone.utc))
    if event.timed:
        # Wall-clock times with the zone's TZID: a calendar app shows the hours the desk keeps, across DST changes.
        vevent.add("dtstart", event.start.astimezone(timezone))
        vevent.add("dtend", event.end.astimezone(timezone))
    else:
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end)
    text = {"parameters": {"LANGUAGE": event.language}} if event.language else {}
    vevent.add("summary", event.summary, **text)
    if event.description:
        vevent.add("description", event.description, **text)
    if event.url:
        vevent.add("url", event.url)
    if event.free or not event.timed:
        vevent.add("transp", "TRANSPARENT")
    return vevent


def render_calendar(events: Iterable[IcsEvent], *, name: str, timezone: ZoneInfo) -> bytes:
    """The whole VCALENDAR (CRLF lines folded at 75 octets), events sorted by start then UID.

    Timed events are written in ``timezone`` with one VTIMEZONE, which covers their dates only: its transitions
    come from the time-zone rules, not from the day the file is built.
    """
    events = list(events)
    for event in events:
        _check(event)
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # TEXT escaping as for any text value; icalendar leaves an X- property as it is given.
    calendar.add("x-wr-calname", icalendar.vText(name))
    timed = [event for event in events if event.timed]
    if timed:
        first = min(event.start.astimezone(timezone).date() for event in timed)
        last = max(event.end.astimezone(timezone).date() for event in timed) + dt.timedelta(days=1)
        calendar.add_component(icalendar.Timezone.from_tzinfo(timezone, first_date=first, last_date=last))
    for event in sorted(events, key=_sort_key):
        calendar.add_component(_vevent(event, timezone))
    return calendar.to_ical()
