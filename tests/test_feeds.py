"""Status feeds: feedparser reads every feed, golden files at a pinned clock, ids that never change while `updated` moves.

Regenerate the golden files (tests/golden/status/) after an intended change:
    SUPPORTSITE_REGEN=1 .venv/bin/pytest tests/test_feeds.py
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import feedparser
import pytest

from hooks.cli import main as supportsite
from hooks.core.feeds import EMPTY_FEED_UPDATED, FeedEntry, FeedMeta, render_atom, render_rss

SITE = Path("tests/sites/status")
GOLDEN = Path(__file__).parent / "golden" / "status"
GOLDEN_FILES = (
    "status/history.atom", "status/history.rss",
    "status/components/sovellus/history.atom", "status/components/sovellus/history.rss",
    "status/maintenance.ics",
)
UTC = dt.timezone.utc


# --- feeds.py on its own ----------------------------------------------------------------------------

META = FeedMeta(id="tag:tuki.example.fi,2026:status", title="Tila", subtitle="Häiriöt", link="https://tuki.example.fi/status/",
                atom_url="https://tuki.example.fi/status/history.atom", rss_url="https://tuki.example.fi/status/history.rss",
                author="Tuki")


def entry(name: str, published: str, updated: str, **kw) -> FeedEntry:
    return FeedEntry(id=f"tag:tuki.example.fi,2026:status/{name}", title=name.capitalize(),
                     link=f"https://tuki.example.fi/status/{name}/", published=dt.datetime.fromisoformat(published),
                     updated=dt.datetime.fromisoformat(updated), content_html=f"<p>{name} &amp; muuta</p>", **kw)


A = entry("vanha", "2026-10-01T10:00:00+03:00", "2026-10-01T12:00:00+03:00", categories=("sovellus", "incident"))
B = entry("uusi", "2026-11-01T10:00:00+02:00", "2026-11-01T10:30:00+02:00")


def test_entries_are_newest_first_whatever_order_they_come_in():
    for render in (render_atom, render_rss):
        assert render(META, [A, B]) == render(META, [B, A])
        titles = [e.title for e in feedparser.parse(render(META, [A, B])).entries]
        assert titles == ["Uusi", "Vanha"]


def test_feed_updated_is_the_newest_entry_never_the_clock():
    atom = feedparser.parse(render_atom(META, [A, B]))
    assert atom.feed.updated == "2026-11-01T10:30:00+02:00"
    rss = feedparser.parse(render_rss(META, [A, B]))
    assert rss.feed.updated == "Sun, 01 Nov 2026 10:30:00 +0200"
    empty = feedparser.parse(render_atom(META, []))
    assert empty.feed.updated == EMPTY_FEED_UPDATED.isoformat()


def test_no_generator_version_and_rss_links_the_page_with_self_link_first():
    atom, rss = render_atom(META, [A]).decode(), render_rss(META, [A]).decode()
    assert "<generator>supportsite</generator>" in atom and "<generator version" not in atom
    assert "<generator>supportsite</generator>" in rss
    assert "<link>https://tuki.example.fi/status/</link>" in rss
    assert '<atom:link href="https://tuki.example.fi/status/history.rss" rel="self" type="application/rss+xml"/>' in rss
    assert atom.index('rel="self"') < atom.index('rel="alternate"')


def test_rss_guid_is_the_tag_uri_and_not_a_permalink():
    item = feedparser.parse(render_rss(META, [A])).entries[0]
    assert item.id == "tag:tuki.example.fi,2026:status/vanha"
    assert item.guidislink is False
    assert '<guid isPermaLink="false">tag:tuki.example.fi,2026:status/vanha</guid>' in render_rss(META, [A]).decode()
    assert [t.term for t in item.tags] == ["sovellus", "incident"]


def test_a_naive_entry_time_is_refused():
    naive = FeedEntry("tag:x,2026:a", "A", "https://x/a/", dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 1), "<p>a</p>")
    with pytest.raises(ValueError, match="published without UTC offset"):
        render_atom(META, [naive])


# --- the built status test site ------------------------------------------------------------------------


def all_feeds(site: Path) -> list[Path]:
    return sorted(site.glob("status/**/history.atom")) + sorted(site.glob("status/**/history.rss"))


def test_every_feed_is_read_by_feedparser_without_complaint(status_site, built_site):
    for site, count in ((status_site, 8), (built_site, 14)):
        feeds = all_feeds(site)
        assert len(feeds) == count  # the status feed pair and one pair per component
        for path in feeds:
            parsed = feedparser.parse(path.read_bytes())
            assert parsed.bozo is False, f"{path}: {parsed.get('bozo_exception')}"
            assert parsed.feed.title and parsed.feed.updated


def test_the_feed_holds_one_entry_per_published_post_with_the_statuspage_trail(status_site):
    feed = feedparser.parse((status_site / "status/history.atom").read_bytes())
    assert [e.title for e in feed.entries] == [
        "Puhelinhäiriö", "Tuleva huolto", "Huolto käynnissä", "Uusi tilasivu", "Kirjautumiskatko",
    ]  # newest first; the post written for 20.11. is not out yet
    phone = feed.entries[0]
    assert phone.id == "tag:tuki.example.fi,2026:status/2026-11-18-puhelinhairio"
    assert phone.link == "https://tuki.example.fi/status/2026-11-18-puhelinhairio/"
    assert phone.published == "2026-11-18T13:00:00+02:00" and phone.updated == "2026-11-18T13:40:00+02:00"
    assert phone.content[0].value == (  # feedparser writes <br> as <br />
        "<p><small>18.11.2026 klo 13.40 EET</small><br /><strong>Syy tunnistettu</strong> - Vika on "
        "<strong>operaattorilla</strong>.</p>"
        "<p><small>18.11.2026 klo 13.00 EET</small><br /><strong>Selvitetään</strong> - Osa puheluista katkeaa.</p>"
    )
    assert [t.term for t in phone.tags] == ["puhelin", "incident", "major"]
    assert feed.feed.updated == "2026-11-18T13:40:00+02:00"


def test_component_feeds_hold_only_their_component(status_site):
    titles = {path.parent.name: [e.title for e in feedparser.parse(path.read_bytes()).entries]
              for path in sorted(status_site.glob("status/components/*/history.rss"))}
    assert titles == {
        "kirjautuminen": ["Tuleva huolto", "Kirjautumiskatko"],
        "puhelin": ["Puhelinhäiriö"],
        "sovellus": ["Tuleva huolto", "Huolto käynnissä", "Kirjautumiskatko"],
    }


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_golden_feeds_and_calendar(status_site, name):
    built = (status_site / name).read_bytes()
    golden = GOLDEN / name.removeprefix("status/")
    if os.environ.get("SUPPORTSITE_REGEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(built)
    assert golden.exists(), f"no golden file {golden}; run SUPPORTSITE_REGEN=1 .venv/bin/pytest tests/test_feeds.py"
    assert built == golden.read_bytes()


@pytest.fixture
def site_copy(tmp_path: Path, repo_root: Path, copy_tree) -> Path:
    """The status test site copied to ``tmp/tests/sites/status`` with ``tmp/hooks`` pointing at the real hooks."""
    copy = copy_tree(repo_root / SITE, tmp_path / SITE)
    (tmp_path / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)
    return copy


def entries_of(site: Path, name: str) -> dict[str, tuple[str, str, str]]:
    """id → (title, published, what changes): Atom's updated; RSS items have none, so their text."""
    feed = feedparser.parse((site / name).read_bytes())
    changes = (lambda e: e.updated) if name.endswith(".atom") else (lambda e: e.summary)
    return {e.id: (e.title, e.published, changes(e)) for e in feed.entries} | {"feed": ("", "", feed.feed.updated)}


def test_ids_stay_and_updated_moves_when_an_update_is_added(site_copy, build_site, tmp_path, capsys):
    first, second, again = tmp_path / "one", tmp_path / "two", tmp_path / "again"
    assert build_site(site_copy, first).returncode == 0
    assert build_site(site_copy, again).returncode == 0
    for name in GOLDEN_FILES:  # the same sources give the same bytes, build after build
        assert (first / name).read_bytes() == (again / name).read_bytes()
    post = site_copy / "status/2026-11-18-puhelinhairio.md"
    assert supportsite(["--root", str(site_copy), "new", "update", str(post), "--status", "monitoring",
                        "--message", "Puhelut yhdistyvät taas.", "--at", "2026-11-18T13:55:00+02:00"]) == 0
    result = build_site(site_copy, second)
    assert result.returncode == 0, result.stderr
    for name in ("status/history.atom", "status/history.rss", "status/components/puhelin/history.atom"):
        before, after = entries_of(first, name), entries_of(second, name)
        assert before.keys() == after.keys()
        key = "tag:tuki.example.fi,2026:status/2026-11-18-puhelinhairio"
        assert after[key][:2] == before[key][:2]  # same id, title and published
        assert after[key][2] != before[key][2]  # updated (Atom) or the text (RSS) moved: readers show it again
        assert after["feed"] != before["feed"]
        assert {k: v for k, v in after.items() if k not in (key, "feed")} == \
               {k: v for k, v in before.items() if k not in (key, "feed")}
    # An untouched component's feed does not change by a byte.
    assert (first / "status/components/kirjautuminen/history.atom").read_bytes() == \
           (second / "status/components/kirjautuminen/history.atom").read_bytes()


def test_every_page_announces_the_status_feeds_and_component_pages_their_own(status_site):
    home = (status_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Palvelun tila (Atom)" href="status/history.atom">' in home
    assert '<link rel="alternate" type="application/rss+xml" title="Palvelun tila (RSS)" href="status/history.rss">' in home
    assert "components/sovellus/history.atom" not in home
    page = (status_site / "status/components/sovellus/index.html").read_text(encoding="utf-8")
    assert 'title="Palvelun tila (Atom)" href="../../history.atom"' in page
    assert 'title="Sovellus (Atom)" href="history.atom"' in page
    assert 'title="Sovellus (RSS)" href="history.rss"' in page
    assert "Puhelintuki (Atom)" not in page


def test_the_status_summary_marker_shows_the_overall_state_and_open_posts(status_site):
    home = (status_site / "index.html").read_text(encoding="utf-8")
    assert "supportsite:status-summary" not in home
    assert '<span class="status-icon" aria-hidden="true">◐</span> <strong>Osittainen palvelukatko</strong>' in home
    assert '<a href="status/2026-11-18-puhelinhairio/">Puhelinhäiriö</a> – <span data-state-label>Syy tunnistettu</span>' in home


def test_the_banner_on_every_page_links_back_to_the_posts_from_where_the_page_is(status_site):
    for page, root in (("index.html", ""), ("status/index.html", "../"), ("status/components/sovellus/index.html", "../../../")):
        html = (status_site / page).read_text(encoding="utf-8")
        assert f'<strong>Häiriö:</strong> <a href="{root}status/2026-11-18-puhelinhairio/">Puhelinhäiriö</a>' in html, page
        assert f'<a href="{root}status/">Palvelun tila</a>' in html, page
