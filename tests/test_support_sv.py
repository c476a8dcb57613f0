"""The support blocks, 'open now', hours.json, hours.ics and JSON-LD on Swedish pages: Swedish words, Babel's sv_FI
dates and holiday names, nothing Finnish left (the Finnish ones: tests/test_hoursexport.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import icalendar
import pytest

from hooks.core import hoursexport as hx
from hooks.core.calendar import Calendar
from hooks.core.ics import render_calendar
from hooks.core.supportblocks import MARKERS, PageLinks, SupportBlocks
from hooks.core.supportlabels import LABELS, SupportLabels
from samples import support_site_config

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "support" / "sv"
REGEN = os.environ.get("SUPPORTSITE_REGEN") == "1"
TODAY = dt.date(2026, 11, 18)
STAMP = dt.datetime(2026, 11, 18, tzinfo=dt.timezone.utc)
PAGE = "https://tuki.example.fi/sv/yhteystiedot/"
# Words that give away a Finnish text on a Swedish page.
FINNISH = re.compile(r"\b(klo|suljettu|auki|avoinna|tauko|Suomen aikaa|Asiakaskeskus|Prioriteetti|Tiimi|Valitse|"
                     r"Sähköposti|Puhelin|arkipäivä\w*|tunti\w*|ma|ti|ke|to|pe|la|su)\b")


@pytest.fixture(scope="module")
def config():
    return support_site_config()


@pytest.fixture(scope="module")
def calendar(config) -> Calendar:
    return Calendar.from_config(config)


@pytest.fixture(scope="module")
def blocks(config, calendar) -> SupportBlocks:
    return SupportBlocks(config, calendar, TODAY)


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/support/sv/<name>; ``SUPPORTSITE_REGEN=1`` rewrites it instead."""
    path = GOLDEN / name
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"missing golden {path}; run SUPPORTSITE_REGEN=1 .venv/bin/pytest tests/test_support_sv.py"
    assert text == path.read_bytes().decode("utf-8"), f"sv/{name} differs from its golden file"


def visible_text(html: str) -> str:
    """The words a reader sees: tags and attribute values (the schedule's data, URLs) left out."""
    return re.sub(r"<[^>]*>", " ", html)


# --- the words --------------------------------------------------------------------------------------------------


def test_each_language_has_every_word():
    assert set(LABELS) == {"fi", "sv"}
    fields = SupportLabels.__dataclass_fields__
    for language, labels in LABELS.items():
        for name in fields:
            assert getattr(labels, name), (language, name)
        # the same placeholders in each language, so no text is left unfilled in one of them
        for name in fields:
            fi, other = getattr(LABELS["fi"], name), getattr(labels, name)
            if isinstance(fi, str):
                assert set(re.findall(r"\{\w+\}", fi)) == set(re.findall(r"\{\w+\}", other)), (language, name)


def test_open_now_texts_must_be_complete():
    fi = LABELS["fi"]
    with pytest.raises(ValueError, match="open_now texts incomplete"):
        SupportLabels(**{**fi.__dict__, "open_now": {**fi.open_now, "weekdays": ["måndag"]}})


@pytest.mark.parametrize(("date", "expected"), [
    ("2026-12-24", "tors 24.12.2026 Julafton — stängt"),
    ("2026-12-23", "ons 23.12.2026 — öppet 8–14"),
    ("2027-01-01", "fre 1.1.2027 Nyårsdagen — stängt"),
    ("2027-01-06", "ons 6.1.2027 Trettondag — stängt"),
    ("2027-01-07", "tors 7.1.2027 Personalens utbildningsdag, vi stänger kl. 13 — öppet 8–13"),
    ("2027-06-25", "fre 25.6.2027 Midsommarafton — stängt"),
    ("2026-11-23", "mån 23.11.2026 — öppet 8–15"),
])
def test_describe_day_in_swedish(calendar, date, expected):
    assert hx.describe_day(calendar.day(dt.date.fromisoformat(date)), "sv") == expected


def test_week_rows_in_swedish(config):
    assert [(r.days, r.hours, r.breaks) for r in hx.week_rows(config, "sv")] == [
        ("Måndag–torsdag", "8–11 och 12–15", "11–12"),
        ("Fredag", "8–11 och 12–14", "11–12"),
        ("Lördag och söndag", "stängt", ""),
    ]


# --- the blocks (golden) ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("marker", MARKERS)
def test_swedish_block_matches_golden(blocks, marker):
    links = PageLinks(script_url="../../assets/javascripts/open-now.js", ics_url="../support/hours.ics",
                      page_url=PAGE)
    html = blocks.render(marker, links, "sv")
    assert "\n\n" not in html.strip(), "a blank line would end Markdown's raw HTML block"
    check_golden(f"{marker}.html", html)


@pytest.mark.parametrize("marker", [m for m in MARKERS if m != "contact-jsonld"])
def test_swedish_blocks_say_nothing_in_finnish(blocks, marker):
    text = visible_text(blocks.render(marker, PageLinks(), "sv"))
    assert FINNISH.findall(text) == [], marker


def test_swedish_tables_have_swedish_captions(blocks):
    captions = [re.search(r"<caption>(.*?)</caption>", blocks.render(m, PageLinks(), "sv"))[1]
                for m in ("hours", "sla", "teams")]
    assert captions == ["Öppettider per veckodag (finsk tid, Europe/Helsinki)",
                        "Servicenivåer: arbetet med ärendet påbörjas senast (räknat i öppettid)",
                        "Supportteam och telefonval"]


def test_swedish_sla_and_teams_come_from_the_site_config(blocks, config):
    sla = blocks.render("sla", PageLinks(), "sv")
    assert '<th scope="row">1 – Kritisk</th>' in sla and "<td>1 timme</td>" in sla
    assert '<th scope="row">5 – Låg (standard)</th>' in sla and "<td>5 arbetsdagar</td>" in sla
    assert "En arbetsdag är 6 timmar öppettid." in sla
    teams = blocks.render("teams", PageLinks(), "sv")
    for team in config.teams:
        assert f'<th scope="row">{team.name["sv"]}</th>' in teams
    assert "<td>Välj 1</td>" in teams


def test_the_swedish_open_now_line_carries_swedish_texts_for_the_script(blocks):
    html = blocks.render("open-now", PageLinks(), "sv")
    schedule = json.loads(re.search(r'data-schedule="([^"]*)"', html)[1].replace("&#34;", '"'))
    assert schedule["texts"] == LABELS["sv"].open_now
    assert ("Supporten har öppet måndag–torsdag 8–11 och 12–15, fredag 8–11 och 12–14 (finsk tid); "
            "stängt på helgdagar.") in html


# --- open-now.js with the Swedish texts, run by node ------------------------------------------------------------

@pytest.mark.parametrize(("instant", "expected"), [
    ("2026-11-18T12:00:00Z", "Supporten har öppet nu. Vi stänger kl. 15 (finsk tid)."),
    ("2026-11-18T09:30:00Z", "Supporten är stängd nu. Vi öppnar i dag kl. 12 (finsk tid)."),
    ("2026-11-27T12:00:00Z", "Supporten är stängd nu. Vi öppnar på måndag 30.11. kl. 8 (finsk tid)."),
    ("2026-11-29T21:59:00Z", "Supporten är stängd nu. Vi öppnar i morgon kl. 8 (finsk tid)."),
    ("2026-12-23T12:00:00Z", "Supporten är stängd nu. Vi öppnar på måndag 28.12. kl. 8 (finsk tid)."),
])
def test_open_now_script_in_swedish(config, calendar, open_now_text, instant, expected):
    assert open_now_text(hx.page_schedule(config, calendar, TODAY, "sv"), instant) == expected


# --- hours.json, JSON-LD ----------------------------------------------------------------------------------------


def test_hours_json_names_every_exceptional_day_in_swedish(config, calendar):
    data = hx.hours_json(config, calendar, TODAY)
    notes = {day["date"]: day["notes"]["sv"] for day in data["exceptions"]}
    assert notes["2026-12-23"] == "Dagen före en helgdag"
    assert notes["2026-12-24"] == "Julafton"
    assert notes["2027-01-07"] == "Personalens utbildningsdag, vi stänger kl. 13"
    for day in data["exceptions"]:
        assert day["note"] == day["notes"]["fi"]  # the Finnish note stays where readers found it
        assert set(day["notes"]) == {"fi", "sv", "en"}


def test_swedish_jsonld_says_its_language_and_names_the_days_in_swedish(config, calendar):
    data = hx.contact_jsonld(config, calendar, TODAY, PAGE, "sv")
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "inLanguage": "sv", "url": PAGE}
    named = {spec["validFrom"]: spec["name"] for spec in data["specialOpeningHoursSpecification"]}
    assert named["2026-12-24"] == "Julafton" and named["2026-12-23"] == "Dagen före en helgdag"
    finnish = hx.contact_jsonld(config, calendar, TODAY, PAGE.replace("sv/", ""), "fi")
    assert finnish["mainEntityOfPage"]["inLanguage"] == "fi"
    # the hours themselves are the same facts in both languages
    def hours(specs):
        return [{k: v for k, v in spec.items() if k != "name"} for spec in specs]
    assert hours(data["specialOpeningHoursSpecification"]) == hours(finnish["specialOpeningHoursSpecification"])
    assert data["openingHoursSpecification"] == finnish["openingHoursSpecification"]


# --- sv/support/hours.ics ---------------------------------------------------------------------------------------


def swedish_ics(config, calendar) -> bytes:
    events = hx.ics_events(config, calendar, TODAY, STAMP, url=PAGE, language="sv")
    return render_calendar(events, name=hx.calendar_name(config, "sv"), timezone=config.timezone)


def test_swedish_ics_matches_golden(config, calendar):
    check_golden("hours.ics", swedish_ics(config, calendar).decode("utf-8"))


def test_swedish_ics_read_by_icalendar(config, calendar):
    parsed = icalendar.Calendar.from_ical(swedish_ics(config, calendar))
    assert str(parsed["X-WR-CALNAME"]) == "SoftOne Service & Kvalitet: avvikande öppettider"
    events = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    christmas = events["aukiolo-sv-20261224@tuki.example.fi"]
    assert str(christmas["SUMMARY"]) == "SoftOne-support: Julafton — stängt"
    assert christmas["SUMMARY"].params["LANGUAGE"] == "sv"
    assert str(christmas["DESCRIPTION"]) == "Supporten är stängd hela dagen."
    assert christmas["DESCRIPTION"].params["LANGUAGE"] == "sv"
    assert christmas.decoded("DTSTART") == dt.date(2026, 12, 24)
    eve = events["aukiolo-sv-20261223-2@tuki.example.fi"]
    assert str(eve["SUMMARY"]) == "SoftOne-support: Dagen före en helgdag — öppet 12–14"
    assert str(eve["DESCRIPTION"]) == "Supporten har öppet kl. 8–11 och 12–14 (finsk tid). Paus kl. 11–12."
    assert eve.decoded("DTSTART") == dt.datetime(2026, 12, 23, 12, 0, tzinfo=config.timezone)
    assert str(eve["URL"]) == PAGE
    for event in parsed.walk("VEVENT"):
        assert FINNISH.findall(str(event["SUMMARY"]) + " " + str(event["DESCRIPTION"])) == []


def test_swedish_and_finnish_calendars_hold_the_same_times_under_their_own_uids(config, calendar):
    def events(language):
        return hx.ics_events(config, calendar, TODAY, STAMP, language=language)
    fi, sv = events("fi"), events("sv")
    assert [(e.start, e.end, e.free) for e in fi] == [(e.start, e.end, e.free) for e in sv]
    assert not {e.uid for e in fi} & {e.uid for e in sv}
    assert all(e.language == "" for e in fi)  # the Finnish calendar's bytes are as before


# --- the default site, built end to end -------------------------------------------------------------------------

SV_CONTACT = "sv/asiakaskeskus/yhteystiedot/"


@pytest.mark.slow
def test_the_swedish_contact_page_shows_the_hours_in_swedish(built_site):
    html = (built_site / SV_CONTACT / "index.html").read_text(encoding="utf-8")
    assert "supportsite:" not in html  # every marker was rendered
    assert "<caption>Öppettider per veckodag (finsk tid, Europe/Helsinki)</caption>" in html
    assert "tors 24.12.2026 Julafton — stängt" in html
    assert "<caption>Supportteam och telefonval</caption>" in html
    assert "Supporten har öppet måndag–torsdag" in html
    # its calendar is the Swedish one, the script the site's one
    assert '<a href="../../support/hours.ics" download>' in html
    assert '<script src="../../../assets/javascripts/open-now.js" defer></script>' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(\{"@context":"https://schema.org",'
                              r'"@type":"LocalBusiness".*?)</script>', html, re.S)[1])
    assert ld["mainEntityOfPage"] == {"@type": "WebPage", "inLanguage": "sv",
                                      "url": "https://tuki.softone.fi/" + SV_CONTACT}
    sla = (built_site / "sv" / "palvelutasot" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="row">1 – Kritisk</th>' in sla and "<td>1 timme</td>" in sla


@pytest.mark.slow
def test_the_site_publishes_a_calendar_per_language(built_site):
    fi = icalendar.Calendar.from_ical((built_site / "support" / "hours.ics").read_bytes())
    sv = icalendar.Calendar.from_ical((built_site / "sv" / "support" / "hours.ics").read_bytes())
    assert str(fi["X-WR-CALNAME"]).endswith("poikkeavat aukioloajat")
    assert str(sv["X-WR-CALNAME"]).endswith("avvikande öppettider")
    fi_events, sv_events = list(fi.walk("VEVENT")), list(sv.walk("VEVENT"))
    assert [e.decoded("DTSTART") for e in fi_events] == [e.decoded("DTSTART") for e in sv_events]
    assert {str(e["URL"]) for e in sv_events} == {"https://tuki.softone.fi/" + SV_CONTACT}
    assert all(e["SUMMARY"].params.get("LANGUAGE") == "sv" for e in sv_events)


@pytest.mark.browser
def test_open_now_in_the_browser_speaks_swedish_on_swedish_pages(new_page, axe_check, base_url):
    page = new_page(timezone_id="America/New_York")
    page.clock.set_fixed_time(dt.datetime(2026, 12, 23, 12, 30, tzinfo=dt.timezone.utc))
    page.goto(base_url + SV_CONTACT)
    status = page.locator(".supportsite-open-now__text")
    assert status.text_content() == "Supporten är stängd nu. Vi öppnar på måndag 28.12. kl. 8 (finsk tid)."
    assert page.get_by_role("table", name=re.compile("Öppettider per veckodag")).is_visible()
    assert page.locator("html").get_attribute("lang") == "sv"
    # axe-core on the blocks this capability renders (the theme's own findings are tested elsewhere)
    ours = [violation["id"] for violation in axe_check(page) for node in violation["nodes"]
            if page.locator(node["target"][0]).first.evaluate("e => !!e.closest('[class*=\"supportsite-\"]')")]
    assert ours == []
