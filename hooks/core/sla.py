"""SLA deadlines: the instant at which a number of opening minutes have passed since registration."""

from __future__ import annotations

import datetime as dt

from hooks.core.calendar import Calendar


class NoOpeningHours(ValueError):
    """The calendar has no opening hours within the search window, so no deadline exists."""


def compute_deadline(registered: dt.datetime, minutes: int, calendar: Calendar) -> dt.datetime:
    """The earliest instant at which ``minutes`` opening minutes have passed since ``registered``.

    Exact to the second; a naive ``registered`` is read as the calendar's local time; intervals are
    half-open, so minutes that run out exactly at closing time give that closing time.
    The result is in the calendar's time zone.
    """
    if minutes < 1:
        raise ValueError(f"target minutes: out of range (expected a whole number of at least 1, got {minutes})")
    start = calendar.local(registered).astimezone(dt.timezone.utc)
    remaining = dt.timedelta(minutes=minutes)
    for begin, end in calendar.intervals(start):
        begin = max(begin, start)
        if begin >= end:
            continue
        if remaining <= end - begin:
            return (begin + remaining).astimezone(calendar.timezone)
        remaining -= end - begin
    raise NoOpeningHours(f"{minutes} opening minutes do not fit within three years of {registered.isoformat()}")
