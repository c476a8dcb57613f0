"""The iCalendar writer (hooks/core/ics.py, on icalendar): timed events in the site's zone with one VTIMEZONE, all-day
events as dates, refused events, the same bytes for the same events in any order; icalendar and
recurring-ical-events read back what it wrote, across a DST change. Escaping and folding are icalendar's: one test
checks that they happen."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from hooks.core.ics import PRODID, IcsEvent, render_calendar

HELSINKI = ZoneInfo("Europe/Helsinki")
UTC = dt.timezone.utc
STAMP = dt.datetime(2026, 11, 18, tzinfo=UTC)


def lines(data: bytes) -> list[str]:
    """The content lines of a calendar, unfolded (RFC 5545 3.1: a CRLF followed by one space is removed)."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def helsinki(*fields: int) -> dt.datetime:
    return dt.datetime(*fields, tzinfo=HELSINKI)


def event(uid="u@x", summary="s", start=dt.date(2026, 12, 24), end=dt.date(2026, 12, 25), stamp=STAMP, **more):
    return IcsEvent(uid, summary, start, end, stamp, **more)


def render(events, name="n", timezone=HELSINKI) -> bytes:
    return render_calendar(events, name=name, timezone=timezone)


def vevents(data: bytes) -> list[list[str]]:
    """Each VEVENT's lines, without BEGIN and END."""
    found, current = [], None
    for line in lines(data):
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


# --- the calendar and its events -------------------------------------------------------------------


def test_the_calendar_head_names_us_without_a_library_version():
    head = lines(render([event()], name="Aukioloajat"))[:6]
    assert head == ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                    "X-WR-CALNAME:Aukioloajat"]
    assert PRODID == "-//SoftOne//supportsite//FI"


def test_an_all_day_event_is_a_date_with_an_exclusive_end_and_does_not_block_time():
    data = render([event(start=dt.date(2026, 12, 24), end=dt.date(2026, 12, 27))])
    assert vevents(data) == [[
        "SUMMARY:s", "DTSTART;VALUE=DATE:20261224", "DTEND;VALUE=DATE:20261227", "DTSTAMP:20261118T000000Z",
        "UID:u@x", "TRANSP:TRANSPARENT",
    ]]
    assert "BEGIN:VTIMEZONE" not in lines(data)  # dates have no zone


@pytest.mark.parametrize(("start", "end", "local"), [
    # winter time (+02:00), summer time (+03:00), the night summer time ends (03:00 EEST → 03:00 EET),
    # and a UTC value, written as Helsinki wall clock
    (dt.datetime(2026, 12, 1, 20, 0, tzinfo=HELSINKI), dt.datetime(2026, 12, 1, 23, 0, tzinfo=HELSINKI),
     ("20261201T200000", "20261201T230000")),
    (dt.datetime(2026, 7, 1, 20, 0, tzinfo=HELSINKI), dt.datetime(2026, 7, 1, 23, 0, tzinfo=HELSINKI),
     ("20260701T200000", "20260701T230000")),
    (dt.datetime(2026, 10, 24, 23, 0, tzinfo=UTC), dt.datetime(2026, 10, 25, 3, 0, tzinfo=UTC),
     ("20261025T020000", "20261025T050000")),
    (dt.datetime(2026, 12, 1, 18, 0, tzinfo=UTC), dt.datetime(2026, 12, 1, 19, 30, tzinfo=UTC),
     ("20261201T200000", "20261201T213000")),
])
def test_a_timed_event_is_written_in_the_zone_and_blocks_time(start, end, local):
    (found,) = vevents(render([event(start=start, end=end)]))
    assert f"DTSTART;TZID=Europe/Helsinki:{local[0]}" in found
    assert f"DTEND;TZID=Europe/Helsinki:{local[1]}" in found
    assert not [line for line in found if line.startswith("TRANSP")]


def test_a_free_timed_event_does_not_block_time():
    (found,) = vevents(render([event(start=dt.datetime(2026, 12, 1, 8, tzinfo=HELSINKI),
                                     end=dt.datetime(2026, 12, 1, 11, tzinfo=HELSINKI), free=True)]))
    assert "TRANSP:TRANSPARENT" in found


def test_one_vtimezone_covers_the_timed_events_and_their_dst_changes():
    data = render([
        event(uid="a@x", start=helsinki(2027, 3, 25, 8), end=helsinki(2027, 3, 25, 11)),
        event(uid="b@x", start=helsinki(2027, 5, 5, 8), end=helsinki(2027, 5, 5, 11)),
        event(uid="c@x", start=dt.date(2028, 1, 1), end=dt.date(2028, 1, 2)),  # a date: not in the zone's span
    ])
    found = lines(data)
    assert found.count("BEGIN:VTIMEZONE") == 1
    assert found.index("END:VTIMEZONE") < found.index("BEGIN:VEVENT")  # defined before it is used
    zone = found[found.index("BEGIN:VTIMEZONE"):found.index("END:VTIMEZONE") + 1]
    assert zone[:3] == ["BEGIN:VTIMEZONE", "TZID:Europe/Helsinki",
                        "COMMENT:This timezone only works from 2027-03-25 to 2027-05-06."]
    assert "BEGIN:DAYLIGHT" in zone and "DTSTART:20270328T040000" in zone and "TZOFFSETTO:+0300" in zone


def test_the_stamp_is_written_in_utc_whatever_its_zone():
    stamp = dt.datetime(2026, 11, 18, 14, 0, tzinfo=HELSINKI)
    assert "DTSTAMP:20261118T120000Z" in vevents(render([event(stamp=stamp)]))[0]


def test_text_is_escaped_and_long_lines_folded_by_the_library():
    long = "Asiakaskeskus on suljettu koko päivän, koska henkilöstö on koulutuksessa; palaamme huomenna klo 8.00."
    data = render([event(uid="a,b@x", summary="a;b", description=long + "\n" + long,
                         url="https://tuki.example.fi/?a=1,2")], name="Nimi; osa, 1")
    assert "X-WR-CALNAME:Nimi\\; osa\\, 1" in lines(data)
    (found,) = vevents(data)
    assert {"UID:a\\,b@x", "SUMMARY:a\\;b", "URL:https://tuki.example.fi/?a=1,2"} <= set(found)  # URL is no TEXT
    assert f"DESCRIPTION:{long}\\n{long}".replace(",", "\\,").replace(";", "\\;") in found
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # octets


# --- determinism -----------------------------------------------------------------------------------


def test_the_same_events_in_any_order_give_the_same_bytes():
    events = [
        event(uid="c@x", start=dt.date(2026, 12, 24), end=dt.date(2026, 12, 25)),
        event(uid="b@x", start=dt.date(2026, 12, 24), end=dt.date(2026, 12, 26)),  # same start: by UID
        event(uid="a@x", start=dt.datetime(2026, 12, 23, 20, 0, tzinfo=HELSINKI),
              end=dt.datetime(2026, 12, 23, 21, 0, tzinfo=HELSINKI)),
        event(uid="d@x", start=dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
              end=dt.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
    ]
    data = render(events)
    assert [line for line in lines(data) if line.startswith("UID:")] == ["UID:d@x", "UID:a@x", "UID:b@x", "UID:c@x"]
    assert render(reversed(events)) == data
    assert render(iter(sorted(events, key=lambda e: e.summary + e.uid))) == data


def test_a_timed_event_is_ordered_by_its_instant_not_by_its_wall_clock():
    # 23:30 in Helsinki on 1.12. is 21:30 UTC: before 22:00 UTC the same evening
    helsinki = event(uid="h@x", start=dt.datetime(2026, 12, 1, 23, 30, tzinfo=HELSINKI),
                     end=dt.datetime(2026, 12, 2, 0, 30, tzinfo=HELSINKI))
    utc = event(uid="a@x", start=dt.datetime(2026, 12, 1, 22, 0, tzinfo=UTC),
                end=dt.datetime(2026, 12, 1, 23, 0, tzinfo=UTC))
    uids = [line for line in lines(render([utc, helsinki])) if line.startswith("UID:")]
    assert uids == ["UID:h@x", "UID:a@x"]


# --- refused events --------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "stamp", "message"), [
    (dt.datetime(2026, 12, 1, 20), dt.datetime(2026, 12, 1, 21), STAMP,
     "u@x: naive datetime (expected an aware datetime, got 2026-12-01T20:00:00)"),
    (dt.datetime(2026, 12, 1, 20), dt.datetime(2026, 12, 1, 21, tzinfo=UTC), STAMP, "u@x: naive datetime"),
    (dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.datetime(2026, 11, 18), "u@x: naive datetime"),
    (dt.date(2026, 12, 24), dt.date(2026, 12, 24), STAMP, "u@x: end must be after start"),
    (dt.datetime(2026, 12, 1, 20, tzinfo=HELSINKI), dt.datetime(2026, 12, 1, 18, tzinfo=UTC), STAMP,
     "u@x: end must be after start"),  # 20:00 in Helsinki is 18:00 UTC: no time between them
    (dt.date(2026, 12, 24), dt.datetime(2026, 12, 25, tzinfo=UTC), STAMP,
     "u@x: start and end must both be dates or both datetimes"),
])
def test_bad_events_are_refused_with_what_is_wrong(start, end, stamp, message):
    with pytest.raises(ValueError, match=f"^iCalendar: {message}".replace("(", r"\(").replace(")", r"\)")):
        render([event(start=start, end=end, stamp=stamp)])


# --- read back as a calendar app would -------------------------------------------------------------


def test_icalendar_and_recurring_ical_events_read_back_every_value_across_a_dst_change():
    summary = "Huolto; katko, osa 2\\3 — " + "pitkä teksti " * 8
    description = "Rivi 1\nRivi 2, jossa ; ja \\ ja €"
    events = [
        event(uid="winter@x", summary=summary, description=description, url="https://tuki.example.fi/status/",
              start=helsinki(2027, 3, 27, 22), end=helsinki(2027, 3, 28, 5)),
        event(uid="summer@x", summary="Kesä", start=dt.datetime(2027, 7, 1, 20, 0, tzinfo=HELSINKI),
              end=dt.datetime(2027, 7, 1, 23, 0, tzinfo=HELSINKI)),
        event(uid="day@x", summary="Jouluaatto"),
    ]
    parsed = icalendar.Calendar.from_ical(render(events, name="Nimi, osa; 1"))
    assert parsed["X-WR-CALNAME"].to_ical() == b"Nimi\\, osa\\; 1"  # an X- property: icalendar keeps it as written
    occurring = recurring_ical_events.of(parsed).between(dt.date(2026, 1, 1), dt.date(2028, 1, 1))
    read = {str(e["UID"]): e for e in occurring}
    night = read["winter@x"]
    assert (str(night["SUMMARY"]), str(night["DESCRIPTION"]), str(night["URL"])) == (
        summary, description, "https://tuki.example.fi/status/")
    # the night summer time begins: 22:00 EET to 05:00 EEST is six hours, not seven
    assert (night.start, night.end) == (helsinki(2027, 3, 27, 22), helsinki(2027, 3, 28, 5))
    assert night.start.tzinfo.key == "Europe/Helsinki"
    assert night.end.astimezone(UTC) - night.start.astimezone(UTC) == dt.timedelta(hours=6)
    assert read["summer@x"].start.astimezone(UTC) == dt.datetime(2027, 7, 1, 17, tzinfo=UTC)
    assert night.decoded("DTSTAMP") == STAMP
    day = read["day@x"]
    assert (day.start, day.end, str(day["TRANSP"])) == (dt.date(2026, 12, 24), dt.date(2026, 12, 25), "TRANSPARENT")
