"""Feed entries, feed meta and calendar events made from a status model, without MkDocs (tests/test_feeds.py reads
the built files)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import icalendar
import pytest
import recurring_ical_events

from hooks.core.content import load_project
from hooks.core.feeds import render_atom, render_rss
from hooks.core.ics import render_calendar
from hooks.core.statusfeeds import StatusFeeds
from hooks.core.statusmodel import StatusModel
from hooks.core.statuspage import StatusPages

BUILT_AT = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.timezone.utc)  # conftest's SOURCE_DATE_EPOCH
PHONE = "status/2026-11-18-puhelinhairio.md"


@pytest.fixture(scope="module")
def feeds(repo_root: Path) -> StatusFeeds:
    project = load_project(repo_root / "tests/sites/status")
    model = StatusModel(project.config, project.posts, BUILT_AT)
    return StatusFeeds(model, "https://tuki.example.fi/", "Tila-testi", StatusPages(model).env)


def test_the_status_feed_and_a_components_feed(feeds):
    meta = feeds.feed_meta()
    assert (meta.id, meta.title, meta.subtitle, meta.link, meta.atom_url, meta.rss_url, meta.language) == (
        "tag:tuki.example.fi,2026:status", "Tila-testi: palvelun tila", "Häiriöt, huoltokatkot ja tiedotteet",
        "https://tuki.example.fi/status/", "https://tuki.example.fi/status/history.atom",
        "https://tuki.example.fi/status/history.rss", "fi")
    phone = feeds.model.config.status.component("puhelin")
    meta = feeds.feed_meta(phone)
    assert (meta.id, meta.title, meta.subtitle, meta.atom_url) == (
        "tag:tuki.example.fi,2026:status/components/puhelin", "Tila-testi: Puhelintuki", "Häiriöt ja huoltokatkot: Puhelintuki",
        "https://tuki.example.fi/status/components/puhelin/history.atom")
    assert [e.title for e in feeds.feed_entries(phone)] == ["Puhelinhäiriö"]
    assert len(feeds.feed_entries()) == len(feeds.model.posts)


def test_an_entry_is_the_posts_updates_newest_first(feeds):
    entry = feeds.feed_entry(feeds.model.by_path[PHONE])
    assert (entry.id, entry.link) == ("tag:tuki.example.fi,2026:status/2026-11-18-puhelinhairio",
                                      "https://tuki.example.fi/status/2026-11-18-puhelinhairio/")
    assert (entry.published.isoformat(), entry.updated.isoformat()) == ("2026-11-18T13:00:00+02:00", "2026-11-18T13:40:00+02:00")
    assert entry.content_html.startswith("<p><small>18.11.2026 klo 13.40 EET</small><br><strong>Syy tunnistettu</strong>")
    assert entry.categories == ("puhelin", "incident", "major")
    assert feeds.feed_entry(feeds.model.by_path[PHONE]) is entry  # the status feed and the component's share it


def test_the_calendar_holds_each_maintenance_window(feeds):
    assert feeds.calendar_name() == "Tila-testi: huoltokatkot"
    events = {event.uid: event for event in feeds.calendar_events()}
    assert sorted(events) == ["2026-11-10-huolto-kaynnissa@tuki.example.fi", "2026-11-12-huolto-tulossa@tuki.example.fi"]
    upcoming = events["2026-11-12-huolto-tulossa@tuki.example.fi"]
    assert (upcoming.summary, upcoming.start.isoformat(), upcoming.end.isoformat()) == (
        "Tuleva huolto", "2026-11-21T22:00:00+02:00", "2026-11-22T02:00:00+02:00")
    assert upcoming.description.startswith("Palvelut: Sovellus, Kirjautuminen\n\n")
    assert upcoming.url == "https://tuki.example.fi/status/2026-11-12-huolto-tulossa/"


def test_without_a_site_url_ids_name_localhost(feeds):
    bare = StatusFeeds(feeds.model, "", "Tila-testi", feeds.env)
    assert bare.entry_id(feeds.model.by_path[PHONE]) == "tag:localhost,2026:status/2026-11-18-puhelinhairio"
    assert bare.calendar_events()[0].uid.endswith("@localhost")


def test_the_maintenance_calendar_reads_back_in_helsinki_time(feeds):
    data = render_calendar(feeds.calendar_events(), name=feeds.calendar_name(), timezone=feeds.model.tz)
    parsed = icalendar.Calendar.from_ical(data)
    assert str(parsed["X-WR-CALNAME"]) == "Tila-testi: huoltokatkot"
    occurring = recurring_ical_events.of(parsed).between(dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    read = {str(e["UID"]): e for e in occurring}
    upcoming = read["2026-11-12-huolto-tulossa@tuki.example.fi"]
    # the night from Saturday to Sunday, 22–02 in Helsinki, as the post's window says
    assert (upcoming.start.isoformat(), upcoming.end.isoformat()) == (
        "2026-11-21T22:00:00+02:00", "2026-11-22T02:00:00+02:00")
    assert upcoming.start.tzinfo.key == "Europe/Helsinki"
    assert str(upcoming["SUMMARY"]) == "Tuleva huolto"
    assert str(upcoming["DESCRIPTION"]).startswith("Palvelut: Sovellus, Kirjautuminen\n\n")
    assert "TRANSP" not in upcoming  # a maintenance window is busy time for whoever depends on the service
    assert sorted(read) == sorted(e.uid for e in feeds.calendar_events())


@pytest.fixture(scope="module")
def swedish_feeds(feeds) -> StatusFeeds:
    pages = StatusPages(feeds.model, "sv")
    return StatusFeeds(feeds.model, "https://tuki.example.fi/", "SoftOne-support", pages.env, "sv")


def test_the_swedish_feeds_are_swedish_for_a_feed_reader(swedish_feeds):
    meta, entries = swedish_feeds.feed_meta(), swedish_feeds.feed_entries()
    atom = feedparser.parse(render_atom(meta, entries))
    rss = feedparser.parse(render_rss(meta, entries))
    for parsed in (atom, rss):
        assert parsed.bozo == 0
        assert parsed.feed.language == "sv"
        assert parsed.feed.title == "SoftOne-support: driftstatus"
        assert parsed.feed.link == "https://tuki.example.fi/sv/status/"
    assert b'xml:lang="sv"' in render_atom(meta, entries)
    phone = next(e for e in atom.entries if e.link.endswith("/2026-11-18-puhelinhairio/"))
    assert (phone.title, phone.link) == ("Telefonstörning", "https://tuki.example.fi/sv/status/2026-11-18-puhelinhairio/")
    assert phone.id == "tag:tuki.example.fi,2026:sv/status/2026-11-18-puhelinhairio"  # not the Finnish entry's id
    content = phone.content[0].value
    assert "<strong>Undersöks</strong> - Vissa samtal bryts." in content
    # The newest update has no Swedish text yet: the Finnish one, with lang and the word for it.
    assert ('<strong>Orsaken har hittats</strong> - <span lang="fi">Vika on <strong>operaattorilla</strong>.</span>'
            ' (på finska)') in content
    upcoming = next(e for e in rss.entries if e.link.endswith("/2026-11-12-huolto-tulossa/"))
    assert upcoming.title == "Tuleva huolto (på finska)"


def test_a_components_swedish_feed_and_calendar(swedish_feeds):
    phone = swedish_feeds.model.config.status.component("puhelin")
    meta = swedish_feeds.feed_meta(phone)
    assert (meta.atom_url, meta.subtitle, meta.language) == (
        "https://tuki.example.fi/sv/status/components/puhelin/history.atom",
        "Driftstörningar och underhållsavbrott: Puhelintuki", "sv")
    assert swedish_feeds.calendar_name() == "SoftOne-support: underhållsavbrott"
    upcoming = next(e for e in swedish_feeds.calendar_events() if e.uid.startswith("2026-11-12-huolto-tulossa@"))
    assert upcoming.url == "https://tuki.example.fi/sv/status/2026-11-12-huolto-tulossa/"
    assert upcoming.summary == "Tuleva huolto (på finska)"
