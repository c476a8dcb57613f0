"""A small RFC 5545 (iCalendar) writer: deterministic VCALENDAR text from plain event values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

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


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            # continuation lines start with one space, which counts towards their 75 octets
            current, size, limit = char, width, 74
        else:
            current += char
            size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _format_value(value: dt.date | dt.datetime) -> tuple[str, str]:
    """(parameter suffix, value) for DTSTART/DTEND: dates as VALUE=DATE, datetimes in UTC with Z."""
    if isinstance(value, dt.datetime):
        return "", _utc(value)
    return ";VALUE=DATE", value.strftime("%Y%m%d")


def _utc(value: dt.datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"iCalendar: naive datetime (expected an aware datetime, got {value.isoformat()})")
    return value.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _check(event: IcsEvent) -> None:
    # Awareness first: ordering the events and comparing start with end would otherwise read a naive time as the
    # machine's local time, or fail with Python's own message.
    for value in (event.start, event.end, event.stamp):
        if isinstance(value, dt.datetime) and (value.tzinfo is None or value.utcoffset() is None):
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


def render_calendar(events: Iterable[IcsEvent], *, name: str) -> str:
    """The whole VCALENDAR with CRLF line endings, events sorted by start then UID."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    events = list(events)
    for event in events:
        _check(event)
    for event in sorted(events, key=_sort_key):
        start_param, start_value = _format_value(event.start)
        end_param, end_value = _format_value(event.end)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{_utc(event.stamp)}",
            f"DTSTART{start_param}:{start_value}",
            f"DTEND{end_param}:{end_value}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        if isinstance(event.start, dt.date) and not isinstance(event.start, dt.datetime):
            # an all-day closure should not block a reader's own calendar as busy time
            lines.append("TRANSP:TRANSPARENT")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
