"""What people and machines see of the hours: Finnish texts, rendered blocks (golden), hours.json, JSON-LD and
hours.ics checked day by day against the calendar, open-now.js (the iCalendar writer itself: tests/test_ics.py; the
OSM opening_hours value: tests/test_osmhours.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from hooks.core import hoursexport as hx
from hooks.core.calendar import Calendar
from hooks.core.ics import render_calendar
from hooks.core.supportblocks import MARKERS, PageLinks, SupportBlocks
from samples import support_site_config

HERE = Path(__file__).resolve().parent
SITE = HERE / "sites" / "support"
GOLDEN = HERE / "golden" / "support"
REGEN = os.environ.get("SUPPORTSITE_REGEN") == "1"
TODAY = dt.date(2026, 11, 18)  # the date of tests/conftest.py's SOURCE_DATE_EPOCH in Helsinki
STAMP = dt.datetime(2026, 11, 18, tzinfo=dt.timezone.utc)
UTC = dt.timezone.utc
FIRST, LAST = hx.export_horizon(TODAY)


@pytest.fixture(scope="module")
def config():
    return support_site_config()


@pytest.fixture(scope="module")
def calendar(config) -> Calendar:
    return Calendar.from_config(config)


def horizon_days():
    return [FIRST + dt.timedelta(days=n) for n in range((LAST - FIRST).days + 1)]


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/support/<name>; ``SUPPORTSITE_REGEN=1`` rewrites it instead."""
    path = GOLDEN / name
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"missing golden {path}; run SUPPORTSITE_REGEN=1 .venv/bin/pytest tests/test_hoursexport.py"
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file"


# --- Finnish texts --------------------------------------------------------------------------------


@pytest.mark.parametrize(("date", "expected"), [
    ("2026-12-24", "to 24.12.2026 Jouluaatto — suljettu"),
    ("2026-12-23", "ke 23.12.2026 — auki 8–14"),
    ("2026-12-31", "to 31.12.2026 — auki 8–14"),
    ("2027-01-01", "pe 1.1.2027 Uudenvuodenpäivä — suljettu"),
    ("2027-01-07", "to 7.1.2027 Henkilöstön koulutuspäivä, suljemme klo 13 — auki 8–13"),
    ("2027-06-25", "pe 25.6.2027 Juhannusaatto — suljettu"),
    ("2026-11-23", "ma 23.11.2026 — auki 8–15"),
])
def test_describe_day_in_finnish(calendar, date, expected):
    assert hx.describe_day(calendar.day(dt.date.fromisoformat(date))) == expected


@pytest.mark.parametrize(("minutes", "expected"), [
    (60, "1 tunti"), (120, "2 tuntia"), (360, "1 arkipäivä"), (1080, "3 arkipäivää"), (1800, "5 arkipäivää"),
    (30, "30 minuuttia"), (1, "1 minuutti"), (90, "1 tunti 30 minuuttia"), (420, "7 tuntia"),
])
def test_targets_in_words(config, minutes, expected):
    assert hx.FI.work_duration(minutes, hx.working_day_minutes(config)) == expected


def test_week_rows_join_days_with_the_same_hours(config):
    assert [(r.days, r.hours, r.breaks) for r in hx.week_rows(config)] == [
        ("Maanantai–torstai", "8–11 ja 12–15", "11–12"),
        ("Perjantai", "8–11 ja 12–14", "11–12"),
        ("Lauantai ja sunnuntai", "suljettu", ""),
    ]


@pytest.mark.parametrize(("today", "first", "last"), [
    ("2026-11-18", "2026-11-18", "2027-11-17"),
    ("2028-02-29", "2028-02-29", "2029-02-27"),
    ("2026-01-01", "2026-01-01", "2026-12-31"),
])
def test_the_listing_covers_twelve_months_from_the_build_date(today, first, last):
    assert [d.isoformat() for d in hx.listing_horizon(dt.date.fromisoformat(today))] == [first, last]


# --- rendered blocks (golden) ---------------------------------------------------------------------


@pytest.mark.parametrize("marker", MARKERS)
def test_rendered_block_matches_golden(config, calendar, marker):
    links = PageLinks(script_url="../assets/javascripts/open-now.js", ics_url="../support/hours.ics",
                      page_url="https://tuki.example.fi/yhteystiedot/")
    html = SupportBlocks(config, calendar, TODAY).render(marker, links)
    assert "\n\n" not in html.strip(), "a blank line would end Markdown's raw HTML block"
    check_golden(f"{marker}.html", html)


def test_tables_have_captions_and_header_scopes(config, calendar):
    blocks = SupportBlocks(config, calendar, TODAY)
    for marker in ("hours", "sla", "teams"):
        html = blocks.render(marker)
        assert html.count("<caption>") == 1, marker
        assert re.findall(r"<th(?=[\s>])(?![^>]*scope=)", html) == [], marker


def test_unknown_marker_is_left_alone(config, calendar):
    assert SupportBlocks(config, calendar, TODAY).render("status-summary") is None


def test_hours_json_matches_golden(config, calendar):
    data = hx.hours_json(config, calendar, TODAY)
    check_golden("hours.json", json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def test_hours_ics_matches_golden(config, calendar):
    data = render_calendar(hx.ics_events(config, calendar, TODAY, STAMP, url="https://tuki.example.fi/yhteystiedot/"),
                           name="SoftOne Service & Kvalitet: poikkeavat aukioloajat", timezone=config.timezone)
    check_golden("hours.ics", data.decode("utf-8"))


def test_hours_json_says_how_to_read_its_opening_hours(config, calendar):
    data = hx.hours_json(config, calendar, TODAY)
    context = data["opening_hours_context"]
    assert data["timezone"] == context["timezone"] == "Europe/Helsinki"
    assert context["country_code"] == "fi"
    assert context["explanation"].startswith(
        "The times in opening_hours are wall-clock times in Europe/Helsinki (as the timezone key says), not UTC")
    assert "from 2026-11-18 to 2027-12-31" in context["explanation"]
    assert '{"address": {"country_code": "fi"}}' in context["explanation"]


# --- machines agree with the calendar, day by day ---------------------------------------------------


def _hhmm_minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def test_jsonld_agrees_with_the_calendar_day_by_day(config, calendar):
    data = hx.contact_jsonld(config, calendar, TODAY, "https://tuki.example.fi/yhteystiedot/")
    assert data["@context"] == "https://schema.org"
    weekly: dict[str, list[tuple[int, int]]] = {}
    for spec in data["openingHoursSpecification"]:
        assert spec["@type"] == "OpeningHoursSpecification"
        for day in spec["dayOfWeek"]:
            weekly.setdefault(day, []).append((_hhmm_minutes(spec["opens"]), _hhmm_minutes(spec["closes"])))
    special: dict[str, list[tuple[int, int]]] = {}
    for spec in data["specialOpeningHoursSpecification"]:
        assert spec["validFrom"] == spec["validThrough"]
        interval = (_hhmm_minutes(spec["opens"]), _hhmm_minutes(spec["closes"]))
        special.setdefault(spec["validFrom"], [])
        if interval != (0, 0):  # 00:00–00:00 means closed all day
            special[spec["validFrom"]].append(interval)
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    for date in horizon_days():
        if date.isoformat() in special:
            said = special[date.isoformat()]
        else:
            said = weekly.get(f"https://schema.org/{names[date.weekday()]}", [])
        assert tuple(sorted(said)) == calendar.day(date).open, date


def read_ics(config, calendar, today=TODAY, stamp=STAMP) -> list:
    """hours.ics as a calendar app reads it: every event from the build date on, in order."""
    data = render_calendar(hx.ics_events(config, calendar, today, stamp), name="Aukioloajat", timezone=config.timezone)
    parsed = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(parsed).between(today, dt.date(today.year + 3, 1, 1))
    assert len(events) == len(list(parsed.walk("VEVENT")))
    return sorted(events, key=lambda e: (e.start if isinstance(e.start, dt.datetime)
                                         else dt.datetime.combine(e.start, dt.time(), tzinfo=config.timezone)))


def test_ics_has_an_all_day_event_per_closed_day_and_a_timed_one_per_open_interval(config, calendar):
    days = calendar.exceptional_days(FIRST, LAST)
    events = read_ics(config, calendar)
    all_day = {e.start: e for e in events if not isinstance(e.start, dt.datetime)}
    timed: dict[dt.date, list] = {}
    for e in events:
        if isinstance(e.start, dt.datetime):
            timed.setdefault(e.start.date(), []).append(e)
    assert sorted(all_day) == [d.date for d in days if d.closed]
    assert sorted(timed) == [d.date for d in days if not d.closed]
    for day in days:
        if day.closed:
            event = all_day[day.date]
            assert event.end == day.date + dt.timedelta(days=1)
            assert str(event["UID"]) == f"aukiolo-{day.date:%Y%m%d}@tuki.example.fi"
            assert str(event["SUMMARY"]).endswith("— suljettu")
            assert str(event["DESCRIPTION"]) == "Asiakaskeskus on suljettu koko päivän."
        else:
            # the intervals as Helsinki wall clock, read back from the TZID and the VTIMEZONE
            said = [(e.start, e.end) for e in timed[day.date]]
            assert all(s.tzinfo.key == e.tzinfo.key == "Europe/Helsinki" for s, e in said)
            assert tuple((s.hour * 60 + s.minute, e.hour * 60 + e.minute) for s, e in said) == day.open, day.date
            assert [str(e["UID"]) for e in timed[day.date]] == [
                f"aukiolo-{day.date:%Y%m%d}-{n}@tuki.example.fi" for n in range(1, len(day.open) + 1)]
            assert {str(e["TRANSP"]) for e in timed[day.date]} == {"TRANSPARENT"}
    assert [str(e["SUMMARY"]) for e in timed[dt.date(2026, 12, 23)]] == [
        "SoftOne-tuki: Pyhäpäivän aatto — auki 8–11", "SoftOne-tuki: Pyhäpäivän aatto — auki 12–14"]
    assert str(timed[dt.date(2026, 12, 23)][0]["DESCRIPTION"]) == (
        "Asiakaskeskus on avoinna klo 8–11 ja 12–14 (Suomen aikaa). Tauko klo 11–12.")
    assert str(all_day[dt.date(2026, 12, 24)]["SUMMARY"]) == "SoftOne-tuki: Jouluaatto — suljettu"


@pytest.mark.parametrize(("date", "utc"), [
    # the eve of Good Friday in winter time, the eve of Ascension Day in summer time: the same 8–11 and 12–14 in
    # Helsinki, an hour apart in UTC; and the training day's exception
    ("2027-03-25", [("06:00", "09:00"), ("10:00", "12:00")]),
    ("2027-05-05", [("05:00", "08:00"), ("09:00", "11:00")]),
    ("2027-01-07", [("06:00", "09:00"), ("10:00", "11:00")]),
])
def test_ics_open_intervals_are_helsinki_hours_across_a_dst_change(config, calendar, date, utc):
    events = [e for e in read_ics(config, calendar)
              if isinstance(e.start, dt.datetime) and e.start.date() == dt.date.fromisoformat(date)]
    assert [(e.start.astimezone(UTC).strftime("%H:%M"), e.end.astimezone(UTC).strftime("%H:%M")) for e in events] == utc
    assert (events[0].start.strftime("%H:%M"), events[0].end.strftime("%H:%M")) == ("08:00", "11:00")


def test_ics_uids_are_stable_from_one_build_to_the_next(config, calendar):
    # A later build (other date, other DTSTAMP) must give each remaining event the same UID, so that
    # subscribed calendars update events instead of duplicating them.
    def uids(today, stamp):
        return {(e.start, e.uid) for e in hx.ics_events(config, calendar, today, stamp)}
    earlier = uids(TODAY, STAMP)
    later_today = dt.date(2026, 12, 24)
    later = uids(later_today, STAMP + dt.timedelta(days=36))
    assert later <= earlier  # both horizons end on 31.12.2027
    assert min(start for start, _ in later if not isinstance(start, dt.datetime)) == later_today
    assert len({uid for _, uid in earlier}) == len(earlier)


# --- open-now.js, run by node ---------------------------------------------------------------------

@pytest.mark.parametrize(("instant", "expected"), [
    ("2026-11-18T12:00:00Z", "Asiakaskeskus on nyt auki. Suljemme klo 15 (Suomen aikaa)."),
    ("2026-11-18T09:30:00Z", "Asiakaskeskus on nyt suljettu. Avaamme tänään klo 12 (Suomen aikaa)."),
    ("2026-11-18T09:00:00Z", "Asiakaskeskus on nyt suljettu. Avaamme tänään klo 12 (Suomen aikaa)."),
    ("2026-11-27T12:00:00Z", "Asiakaskeskus on nyt suljettu. Avaamme maanantaina 30.11. klo 8 (Suomen aikaa)."),
    ("2026-11-29T21:59:00Z", "Asiakaskeskus on nyt suljettu. Avaamme huomenna klo 8 (Suomen aikaa)."),
    ("2026-12-23T11:59:59Z", "Asiakaskeskus on nyt auki. Suljemme klo 14 (Suomen aikaa)."),
    ("2026-12-23T12:00:00Z", "Asiakaskeskus on nyt suljettu. Avaamme maanantaina 28.12. klo 8 (Suomen aikaa)."),
    ("2027-01-07T11:00:00Z", "Asiakaskeskus on nyt suljettu. Avaamme huomenna klo 8 (Suomen aikaa)."),
    ("2027-03-30T05:00:00Z", "Asiakaskeskus on nyt auki. Suljemme klo 11 (Suomen aikaa)."),   # summer time
    ("2027-03-30T04:59:00Z", "Asiakaskeskus on nyt suljettu. Avaamme tänään klo 8 (Suomen aikaa)."),
    ("2027-03-24T22:00:00Z", "Asiakaskeskus on nyt suljettu. Avaamme tänään klo 8 (Suomen aikaa)."),  # 00:00 local
])
def test_open_now_script(config, calendar, open_now_text, instant, expected):
    assert open_now_text(hx.page_schedule(config, calendar, TODAY), instant) == expected


# --- the small site, built end to end -------------------------------------------------------------


@pytest.fixture(scope="module")
def support_site(tmp_path_factory, build_site) -> Path:
    dest = tmp_path_factory.mktemp("support-site") / "site"
    result = build_site(SITE, dest)
    assert result.returncode == 0, result.stderr
    return dest


@pytest.mark.slow
def test_site_renders_every_marker_and_writes_the_machine_files(support_site):
    contact = (support_site / "yhteystiedot" / "index.html").read_text(encoding="utf-8")
    sla = (support_site / "palvelutasot" / "index.html").read_text(encoding="utf-8")
    assert "supportsite:" not in contact + sla  # every marker was replaced
    assert "to 24.12.2026 Jouluaatto — suljettu" in contact
    assert "ke 23.12.2026 — auki 8–14" in contact
    assert '<script src="../assets/javascripts/open-now.js" defer></script>' in contact
    assert (support_site / "assets" / "javascripts" / "open-now.js").is_file()
    assert "<td>1 tunti</td>" in sla and "<td>1 arkipäivä</td>" in sla
    data = json.loads((support_site / "support" / "hours.json").read_text(encoding="utf-8"))
    assert data["horizon"] == {"from": "2026-11-18", "to": "2027-12-31"}
    assert (support_site / "support" / "hours.json").read_text(encoding="utf-8") == (GOLDEN / "hours.json").read_text(encoding="utf-8")
    ics = (support_site / "support" / "hours.ics").read_bytes()
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and b"URL:https://tuki.example.fi/yhteystiedot/\r\n" in ics
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', contact, re.S)
    assert json.loads(ld[1])["url"] == "https://tuki.example.fi/yhteystiedot/"


@pytest.mark.slow
def test_default_site_renders_the_markers_the_writers_placed(built_site):
    for page in ("asiakaskeskus/yhteystiedot/index.html", "palvelutasot/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert "supportsite:" not in html, page  # every marker on these pages was rendered
    contact = (built_site / "asiakaskeskus" / "yhteystiedot" / "index.html").read_text(encoding="utf-8")
    assert "to 24.12.2026 Jouluaatto — suljettu" in contact
    ics = (built_site / "support" / "hours.ics").read_bytes()
    assert b"URL:https://tuki.softone.fi/asiakaskeskus/yhteystiedot/\r\n" in ics
    assert json.loads((built_site / "support" / "hours.json").read_text(encoding="utf-8"))["horizon"]["to"] == "2027-12-31"


@pytest.fixture(scope="module")
def support_url(support_site, serve_folder):
    with serve_folder(support_site) as url:
        yield url


def _violations_in_our_blocks(page, violations) -> list[str]:
    """axe-core findings on elements this capability renders (the theme's own are tested elsewhere)."""
    ours = []
    for violation in violations:
        for node in violation["nodes"]:
            selector = node["target"][0] if isinstance(node["target"], list) else node["target"]
            if page.locator(selector).first.evaluate("e => !!e.closest('[class*=\"supportsite-\"]')"):
                ours.append(f"{violation['id']}: {selector}")
    return ours


@pytest.mark.browser
@pytest.mark.parametrize(("clock", "expected"), [
    ("2026-11-18T12:00:00Z", "Asiakaskeskus on nyt auki. Suljemme klo 15 (Suomen aikaa)."),
    ("2026-12-23T12:30:00Z", "Asiakaskeskus on nyt suljettu. Avaamme maanantaina 28.12. klo 8 (Suomen aikaa)."),
])
def test_open_now_in_the_browser_follows_the_visitors_clock(new_page, page_requests, axe_check, support_url, clock, expected):
    # The visitor is in New York: the line must still speak of Helsinki time.
    page = new_page(timezone_id="America/New_York")
    page.clock.set_fixed_time(dt.datetime.fromisoformat(clock.replace("Z", "+00:00")))
    page.goto(support_url + "yhteystiedot/")
    status = page.locator(".supportsite-open-now__text")
    assert status.text_content() == expected
    assert page.locator(".supportsite-open-now").get_attribute("data-state") in ("open", "closed")
    assert page.get_by_role("table", name=re.compile("Aukioloajat viikonpäivittäin")).is_visible()
    assert _violations_in_our_blocks(page, axe_check(page)) == []
    assert page_requests.offsite() == []


@pytest.mark.browser
def test_without_javascript_the_hours_and_exceptions_still_show(new_page, support_url):
    page = new_page(java_script_enabled=False)
    page.goto(support_url + "yhteystiedot/")
    assert page.get_by_role("table", name=re.compile("Aukioloajat viikonpäivittäin")).is_visible()
    assert page.get_by_text("to 24.12.2026 Jouluaatto — suljettu").is_visible()
    assert page.locator(".supportsite-open-now__text").text_content() == (
        "Asiakaskeskus palvelee maanantai–torstai 8–11 ja 12–15, perjantai 8–11 ja 12–14 (Suomen aikaa); "
        "pyhäpäivinä suljettu.")
