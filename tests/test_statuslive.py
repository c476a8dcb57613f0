"""status/current.json, what every page's script redraws the banner and the status box from: the posts the templates
show, writers' text as data, the same bytes for the same model; and the containers that name it."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from pathlib import Path

import pytest
from lxml import html as lxml_html

from hooks.core.content import load_project
from hooks.core.statuslive import banner, live_document, render_live
from hooks.core.statusmodel import StatusModel
from hooks.core.statuspage import StatusPages
from hooks.core.urlmap import STATUS_LIVE, STATUS_URL

BUILT_AT = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.timezone.utc)  # conftest's SOURCE_DATE_EPOCH: 14.00 in Helsinki
BEFORE_ANY_POST = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)
SITES = ("tests/sites/status", "tests/sites/hostile")
PAYLOAD = '"><img src=x onerror=alert(1)></script><script>alert(2)</script>'  # tests/sites/hostile's titles end so


def pages_of(repo_root: Path, site: str, now: dt.datetime = BUILT_AT) -> StatusPages:
    project = load_project(repo_root / site)
    return StatusPages(StatusModel(project.config, project.posts, now))


@pytest.fixture(scope="module", params=SITES)
def pages(request, repo_root: Path) -> StatusPages:
    return pages_of(repo_root, request.param)


def shown(posts: list[dict], with_window: bool) -> list[tuple[str, str]]:
    """Each post's link and its line as the templates write it, from the JSON's fields."""
    out = []
    for post in posts:
        line = f"{post['kind_label']}: {post['title']} – {post['state_label']}"
        if with_window and post["window"]:
            line += f" ({post['window']['start']} – {post['window']['end']})"
        out.append((post["url"], line))
    return out


def items(fragment: str, path: str) -> list[tuple[str, str]]:
    """Each list item (``path``, an XPath) of a rendered block: its link, and its text as a browser shows it."""
    root = lxml_html.fragment_fromstring(fragment)
    return [(li.xpath(".//a")[0].get("href"), " ".join(li.text_content().split())) for li in root.xpath(path)]


def first(root, path: str):
    return root.xpath(path)[0]


def test_the_posts_are_those_the_banner_and_the_summary_box_show(pages):
    doc = live_document(pages)
    assert doc["banner"], "the test sites announce something at the pinned clock"
    # From the root, so that the template's links and the JSON's urls are the same strings.
    assert items(pages.announcement(""), ".//li") == shown(doc["banner"], with_window=True)
    assert items(pages.summary(""), ".//ul[@class='status-posts']/li") == shown(doc["summary"], with_window=False)
    assert [p["slug"] for p in doc["banner"]] == [p.slug for p in pages.model.banner()]
    assert [p["slug"] for p in doc["summary"]] == [p.slug for p in pages.model.open_now()]


def test_the_overall_state_and_moment_are_those_of_the_summary_box(pages):
    doc = live_document(pages)
    box = lxml_html.fragment_fromstring(pages.summary(""))
    overall = first(box, ".//p[contains(@class, 'status-overall')]")
    assert f"status-overall--{doc['overall']['indicator']}" in overall.get("class").split()
    assert first(overall, ".//*[@class='status-icon']").text_content() == doc["overall"]["icon"]
    assert first(overall, ".//strong").text_content() == doc["overall"]["description"]
    assert first(overall, ".//*[@data-status-now]").get("data-status-now") == doc["now"]
    assert doc["now_iso"] == "2026-11-18T12:00:00+00:00"  # the model's now: the file reads no clock


def test_maintenance_carries_what_the_script_moves_it_by(repo_root):
    doc = live_document(pages_of(repo_root, "tests/sites/status"))
    running = next(p for p in doc["banner"] if p["slug"] == "2026-11-10-huolto-kaynnissa")
    assert running == {
        "slug": "2026-11-10-huolto-kaynnissa", "kind": "maintenance", "kind_label": "Huoltokatko",
        "title": "Huolto käynnissä", "title_lang": None, "url": "status/2026-11-10-huolto-kaynnissa/",
        "state": "in_progress",
        "state_label": "Käynnissä", "auto": True,
        "window": {"start": "18.11.2026 klo 13.30 EET", "end": "18.11.2026 klo 16.00 EET",
                   "start_iso": "2026-11-18T11:30:00+00:00", "end_iso": "2026-11-18T14:00:00+00:00"},
    }
    assert doc["maintenance_labels"] == {"scheduled": "Suunniteltu", "in_progress": "Käynnissä", "completed": "Valmis"}
    incident = next(p for p in doc["banner"] if p["kind"] == "incident")
    assert incident["window"] is None and incident["auto"] is False


def test_hostile_titles_stay_data(repo_root):
    pages = pages_of(repo_root, "tests/sites/hostile")
    text = render_live(pages)
    doc = json.loads(text)
    titles = {p.slug: p.title for p in pages.model.posts}
    for post in doc["banner"] + doc["summary"]:
        assert post["title"] == titles[post["slug"]] and post["title"].endswith(PAYLOAD)  # as typed: not escaped
    # JSON escapes nothing of it but the quote; the script puts it in with textContent, never as markup.
    assert PAYLOAD.replace('"', '\\"') in text


def test_the_same_model_gives_the_same_bytes(repo_root):
    first = render_live(pages_of(repo_root, "tests/sites/status"))
    assert render_live(pages_of(repo_root, "tests/sites/status")) == first
    assert first == json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert "Käynnissä" in first  # UTF-8, as the status API's files


def test_the_containers_name_the_file_from_where_they_are_shown(pages):
    for url in ("", "ukk/", "ukk/x/", STATUS_URL, "status/components/x/"):
        root = "../" * url.count("/")
        for fragment in (pages.announcement(root), banner(pages, root), pages.summary(url)):
            live = lxml_html.fragment_fromstring(fragment).get("data-status-live")
            assert posixpath.normpath(posixpath.join(url, live)) == STATUS_LIVE, (url, live)
    doc = live_document(pages)
    assert posixpath.normpath(posixpath.join(posixpath.dirname(STATUS_LIVE), doc["root"])) == "."


def test_with_nothing_to_announce_the_banner_is_an_empty_hidden_container(repo_root):
    pages = pages_of(repo_root, "tests/sites/status", BEFORE_ANY_POST)
    assert pages.announcement("../") == ""
    container = lxml_html.fragment_fromstring(banner(pages, "../"))
    assert container.get("class") == "status-announce" and container.get("hidden") is not None
    assert container.xpath(".//li") == []
    assert first(container, ".//a").get("href") == "../status/"
    doc = live_document(pages)
    assert (doc["banner"], doc["summary"], doc["overall"]["indicator"]) == ([], [], "none")


def test_a_banner_with_posts_is_the_status_pages_own(repo_root):
    pages = pages_of(repo_root, "tests/sites/status")
    assert banner(pages, "../") == pages.announcement("../")
    assert lxml_html.fragment_fromstring(banner(pages, "../")).get("hidden") is None


def test_the_swedish_pages_read_a_swedish_current_json_beside_their_status_page(repo_root):
    project = load_project(repo_root / "tests/sites/status")
    pages = StatusPages(StatusModel(project.config, project.posts, BUILT_AT), "sv")
    doc = json.loads(render_live(pages))
    assert doc["root"] == "../../"  # from sv/status/current.json
    assert doc["now"] == "18.11.2026 kl. 14.00 EET"
    assert doc["overall"]["description"] == "Delvis avbrott i tjänsterna"
    phone = next(p for p in doc["banner"] if p["slug"] == "2026-11-18-puhelinhairio")
    assert (phone["title"], phone["title_lang"], phone["kind_label"], phone["state_label"], phone["url"]) == (
        "Telefonstörning", None, "Driftstörning", "Orsaken har hittats", "sv/status/2026-11-18-puhelinhairio/")
    # A title not yet translated is the Finnish one, and says so: status.js marks it as the template does.
    running = next(p for p in doc["banner"] if p["slug"] == "2026-11-10-huolto-kaynnissa")
    assert (running["title"], running["title_lang"], doc["untranslated"]) == ("Huolto käynnissä", "fi", "på finska")
    box = lxml_html.fragment_fromstring(banner(pages, "../../"))
    assert box.get("data-status-live") == "../../sv/status/current.json"
    marked = box.xpath('.//a[@href="../../sv/status/2026-11-10-huolto-kaynnissa/"]')[0]
    assert [(e.get("lang"), e.text_content()) for e in marked] == [("fi", "Huolto käynnissä"), (None, "(på finska)")]
