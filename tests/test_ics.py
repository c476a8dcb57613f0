"""The iCalendar writer (hooks/core/ics.py): TEXT escaping, line folding in octets, all-day and timed events in UTC,
refused events, and the same bytes for the same events in any order; icalendar reads back what it wrote."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from hooks.core.ics import IcsEvent, escape_text, fold_line, render_calendar

HELSINKI = ZoneInfo("Europe/Helsinki")
STAMP = dt.datetime(2026, 11, 18, tzinfo=dt.timezone.utc)


def lines(text: str) -> list[str]:
    """The content lines of a calendar, unfolded (RFC 5545 3.1: a CRLF followed by one space is removed)."""
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def event(uid="u@x", summary="s", start=dt.date(2026, 12, 24), end=dt.date(2026, 12, 25), stamp=STAMP, **more):
    return IcsEvent(uid, summary, start, end, stamp, **more)


# --- TEXT escaping (RFC 5545 3.3.11) ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "escaped"), [
    ("Huolto, osa 2", "Huolto\\, osa 2"),
    ("Huolto; katko", "Huolto\\; katko"),
    ("C:\\polku", "C:\\\\polku"),
    ("Rivi 1\nRivi 2", "Rivi 1\\nRivi 2"),
    ("Rivi 1\r\nRivi 2", "Rivi 1\\nRivi 2"),  # one line break, not two
    ("Rivi 1\rRivi 2", "Rivi 1\\nRivi 2"),
    ("\\;", "\\\\\\;"),  # the backslash first: an escape is never escaped again
    ("\\n", "\\\\n"),  # a typed backslash and n stay two characters
    ("Aatto — auki 8–14: \"kello\"", "Aatto — auki 8–14: \"kello\""),  # colons, quotes and dashes stay
])
def test_text_values_escape_backslash_semicolon_comma_and_line_breaks(text, escaped):
    assert escape_text(text) == escaped


def test_every_text_property_is_escaped_and_the_url_is_not():
    text = render_calendar([event(uid="a,b@x", summary="a;b", description="c,d\ne",
                                  url="https://tuki.example.fi/?a=1,2")], name="Nimi; osa, 1")
    assert "X-WR-CALNAME:Nimi\\; osa\\, 1" in lines(text)
    assert {"UID:a\\,b@x", "SUMMARY:a\\;b", "DESCRIPTION:c\\,d\\ne"} <= set(lines(text))
    assert "URL:https://tuki.example.fi/?a=1,2" in lines(text)  # a URI value, not TEXT


# --- folding at 75 octets (RFC 5545 3.1) -----------------------------------------------------------


@pytest.mark.parametrize(("line", "folded"), [
    ("X" * 75, "X" * 75),
    ("X" * 76, "X" * 75 + "\r\n X"),
    ("X" * 75 + "Y" * 74 + "Z", "X" * 75 + "\r\n " + "Y" * 74 + "\r\n Z"),  # a continuation holds 74 after its space
    ("X" * 74 + "ä", "X" * 74 + "\r\n ä"),  # ä is two octets: it would end at octet 76
    ("X" * 73 + "ä", "X" * 73 + "ä"),  # … and fits exactly at 74–75
    ("X" * 73 + "€", "X" * 73 + "\r\n €"),  # three octets
    ("X" * 72 + "😀", "X" * 72 + "\r\n 😀"),  # four octets
    ("", ""),
])
def test_folding_counts_octets_and_never_splits_a_character(line, folded):
    assert fold_line(line) == folded


@pytest.mark.parametrize("char", ["a", "ä", "€", "😀"])
@pytest.mark.parametrize("prefix", ["DESCRIPTION:", "SUMMARY:x", "X-WR-CALNAME:xy"])
def test_folded_lines_stay_within_75_octets_and_unfold_to_the_original(char, prefix):
    line = prefix + char * 120
    parts = fold_line(line).split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if n else part for n, part in enumerate(parts)) == line
    # every octet limit is used up to the last whole character: no shorter line than it needs to be
    assert all(len(part.encode("utf-8")) > 75 - len(char.encode("utf-8")) for part in parts[:-1])


def test_a_whole_calendar_has_crlf_lines_within_75_octets():
    long = "Asiakaskeskus on suljettu koko päivän, koska henkilöstö on koulutuksessa; palaamme huomenna klo 8.00."
    text = render_calendar([event(summary=long, description=long * 3)], name="Aukioloajat")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert f"DESCRIPTION:{escape_text(long * 3)}" in lines(text)


# --- all-day and timed events, in UTC --------------------------------------------------------------


def test_an_all_day_event_is_a_date_with_an_exclusive_end_and_does_not_block_time():
    text = render_calendar([event(start=dt.date(2026, 12, 24), end=dt.date(2026, 12, 27))], name="n")
    assert lines(text)[6:] == [
        "BEGIN:VEVENT", "UID:u@x", "DTSTAMP:20261118T000000Z", "DTSTART;VALUE=DATE:20261224",
        "DTEND;VALUE=DATE:20261227", "SUMMARY:s", "TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR",
    ]


@pytest.mark.parametrize(("start", "end", "utc"), [
    # winter time (+02:00), summer time (+03:00), and the night summer time ends (03:00 EEST → 03:00 EET)
    (dt.datetime(2026, 12, 1, 20, 0, tzinfo=HELSINKI), dt.datetime(2026, 12, 1, 23, 0, tzinfo=HELSINKI),
     ("20261201T180000Z", "20261201T210000Z")),
    (dt.datetime(2026, 7, 1, 20, 0, tzinfo=HELSINKI), dt.datetime(2026, 7, 1, 23, 0, tzinfo=HELSINKI),
     ("20260701T170000Z", "20260701T200000Z")),
    (dt.datetime(2026, 10, 25, 2, 0, tzinfo=HELSINKI), dt.datetime(2026, 10, 25, 5, 0, tzinfo=HELSINKI),
     ("20261024T230000Z", "20261025T030000Z")),
    (dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.timezone.utc), dt.datetime(2026, 12, 1, 19, 30, tzinfo=dt.timezone.utc),
     ("20261201T180000Z", "20261201T193000Z")),
])
def test_a_timed_event_is_written_in_utc_and_blocks_time(start, end, utc):
    found = lines(render_calendar([event(start=start, end=end)], name="n"))
    assert f"DTSTART:{utc[0]}" in found and f"DTEND:{utc[1]}" in found
    assert not [line for line in found if line.startswith("TRANSP")]


def test_the_stamp_is_written_in_utc_whatever_its_zone():
    stamp = dt.datetime(2026, 11, 18, 14, 0, tzinfo=HELSINKI)
    assert "DTSTAMP:20261118T120000Z" in lines(render_calendar([event(stamp=stamp)], name="n"))


def test_writer_lines_escaping_and_values():
    helsinki = dt.timezone(dt.timedelta(hours=2))
    events = [
        IcsEvent("b@x", "Huolto; katko, osa 2\\3", dt.datetime(2026, 12, 1, 20, 0, tzinfo=helsinki),
                 dt.datetime(2026, 12, 1, 22, 30, tzinfo=helsinki), STAMP, description="Rivi 1\nRivi 2",
                 url="https://tuki.example.fi/status/"),
        IcsEvent("a@x", "Jouluaatto", dt.date(2026, 12, 24), dt.date(2026, 12, 25), STAMP),
    ]
    text = render_calendar(events, name="Testi")
    assert text == (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//SoftOne//supportsite//FI\r\nCALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\nX-WR-CALNAME:Testi\r\n"
        "BEGIN:VEVENT\r\nUID:b@x\r\nDTSTAMP:20261118T000000Z\r\nDTSTART:20261201T180000Z\r\n"
        "DTEND:20261201T203000Z\r\nSUMMARY:Huolto\\; katko\\, osa 2\\\\3\r\nDESCRIPTION:Rivi 1\\nRivi 2\r\n"
        "URL:https://tuki.example.fi/status/\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20261118T000000Z\r\nDTSTART;VALUE=DATE:20261224\r\n"
        "DTEND;VALUE=DATE:20261225\r\nSUMMARY:Jouluaatto\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )


# --- determinism -----------------------------------------------------------------------------------


def test_the_same_events_in_any_order_give_the_same_bytes():
    events = [
        event(uid="c@x", start=dt.date(2026, 12, 24), end=dt.date(2026, 12, 25)),
        event(uid="b@x", start=dt.date(2026, 12, 24), end=dt.date(2026, 12, 26)),  # same start: by UID
        event(uid="a@x", start=dt.datetime(2026, 12, 23, 20, 0, tzinfo=HELSINKI),
              end=dt.datetime(2026, 12, 23, 21, 0, tzinfo=HELSINKI)),
        event(uid="d@x", start=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc),
              end=dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone.utc)),
    ]
    text = render_calendar(events, name="n")
    assert [line for line in lines(text) if line.startswith("UID:")] == ["UID:d@x", "UID:a@x", "UID:b@x", "UID:c@x"]
    assert render_calendar(reversed(events), name="n") == text
    assert render_calendar(iter(sorted(events, key=lambda e: e.summary + e.uid)), name="n") == text


def test_a_timed_event_is_ordered_by_its_instant_not_by_its_wall_clock():
    # 23:30 in Helsinki on 1.12. is 21:30 UTC: before 22:00 UTC the same evening
    helsinki = event(uid="h@x", start=dt.datetime(2026, 12, 1, 23, 30, tzinfo=HELSINKI),
                     end=dt.datetime(2026, 12, 2, 0, 30, tzinfo=HELSINKI))
    utc = event(uid="a@x", start=dt.datetime(2026, 12, 1, 22, 0, tzinfo=dt.timezone.utc),
                end=dt.datetime(2026, 12, 1, 23, 0, tzinfo=dt.timezone.utc))
    uids = [line for line in lines(render_calendar([utc, helsinki], name="n")) if line.startswith("UID:")]
    assert uids == ["UID:h@x", "UID:a@x"]


# --- refused events --------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "stamp", "message"), [
    (dt.datetime(2026, 12, 1, 20), dt.datetime(2026, 12, 1, 21), STAMP,
     "u@x: naive datetime (expected an aware datetime, got 2026-12-01T20:00:00)"),
    (dt.datetime(2026, 12, 1, 20), dt.datetime(2026, 12, 1, 21, tzinfo=dt.timezone.utc), STAMP,
     "u@x: naive datetime"),
    (dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.datetime(2026, 11, 18), "u@x: naive datetime"),
    (dt.date(2026, 12, 24), dt.date(2026, 12, 24), STAMP, "u@x: end must be after start"),
    (dt.datetime(2026, 12, 1, 20, tzinfo=HELSINKI), dt.datetime(2026, 12, 1, 18, tzinfo=dt.timezone.utc), STAMP,
     "u@x: end must be after start"),  # 20:00 in Helsinki is 18:00 UTC: no time between them
    (dt.date(2026, 12, 24), dt.datetime(2026, 12, 25, tzinfo=dt.timezone.utc), STAMP,
     "u@x: start and end must both be dates or both datetimes"),
])
def test_bad_events_are_refused_with_what_is_wrong(start, end, stamp, message):
    with pytest.raises(ValueError, match=f"^iCalendar: {message}".replace("(", r"\(").replace(")", r"\)")):
        render_calendar([event(start=start, end=end, stamp=stamp)], name="n")


# --- read back by an independent parser -------------------------------------------------------------


def test_icalendar_reads_back_every_value_as_written():
    icalendar = pytest.importorskip("icalendar", reason="pip install icalendar (test extra)")
    summary = "Huolto; katko, osa 2\\3 — " + "pitkä teksti " * 8
    description = "Rivi 1\nRivi 2, jossa ; ja \\ ja €"
    events = [
        event(uid="timed@x", summary=summary, description=description, url="https://tuki.example.fi/status/",
              start=dt.datetime(2026, 7, 1, 20, 0, tzinfo=HELSINKI),
              end=dt.datetime(2026, 7, 1, 23, 0, tzinfo=HELSINKI)),
        event(uid="day@x", summary="Jouluaatto"),
    ]
    parsed = icalendar.Calendar.from_ical(render_calendar(events, name="Nimi, osa; 1"))
    assert parsed["X-WR-CALNAME"].to_ical() == b"Nimi\\, osa\\; 1"  # an X- property: icalendar keeps it as written
    timed, day = parsed.walk("VEVENT")
    assert (str(timed["SUMMARY"]), str(timed["DESCRIPTION"])) == (summary, description)
    assert timed.decoded("DTSTART") == dt.datetime(2026, 7, 1, 17, 0, tzinfo=dt.timezone.utc)
    assert timed.decoded("DTEND") == dt.datetime(2026, 7, 1, 20, 0, tzinfo=dt.timezone.utc)
    assert timed.decoded("DTSTAMP") == STAMP
    assert str(timed["URL"]) == "https://tuki.example.fi/status/"
    assert (day.decoded("DTSTART"), day.decoded("DTEND")) == (dt.date(2026, 12, 24), dt.date(2026, 12, 25))
    assert str(day["TRANSP"]) == "TRANSPARENT"
