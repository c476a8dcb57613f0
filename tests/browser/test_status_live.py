"""The banner of every page and the status box follow status/current.json in Debian's Chromium: a post published after
the build shows, as text, under the site's own policy (served with its ``_headers``); when the file cannot be read,
the state built into the page stays."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from hooks.core.content import load_project
from hooks.core.urlmap import STATUS_LIVE

pytestmark = pytest.mark.browser

STATUS_FAQ = "ukk/salasanan-vaihto/"  # an FAQ article of the status test site
BUILT_AT = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.timezone.utc)  # conftest's SOURCE_DATE_EPOCH
HOSTILE = "<img src=x onerror=alert(1)>"
NEW_POST = {  # as hooks/core/statuslive.py writes a post, published after the build
    "slug": "2026-11-18-kaikki-alhaalla", "kind": "incident", "kind_label": "Häiriö",
    "title": f"Kaikki alhaalla {HOSTILE}", "url": "status/2026-11-18-kaikki-alhaalla/", "state": "investigating",
    "state_label": "Selvitetään", "auto": False, "window": None,
}
NEW_LINE = f"Häiriö: Kaikki alhaalla {HOSTILE} – Selvitetään"
NEW_OVERALL = {"indicator": "critical", "description": "Laaja palvelukatko", "icon": "✕"}
NEW_NOW = "18.11.2026 klo 14.30 EET"
BUILT_BANNER = ["Huoltokatko: Huolto käynnissä – Käynnissä (18.11.2026 klo 13.30 EET – 18.11.2026 klo 16.00 EET)",
                "Häiriö: Puhelinhäiriö – Syy tunnistettu",
                "Huoltokatko: Tuleva huolto – Suunniteltu (21.11.2026 klo 22.00 EET – 22.11.2026 klo 2.00 EET)"]
CSP = re.compile(r"content[ -]security[ -]policy", re.IGNORECASE)


@pytest.fixture
def publish(tmp_path, serve_folder) -> Iterator[Callable[[Path, str | None], AbstractContextManager[str]]]:
    """``with publish(site, text) as url``: a copy of a built site whose status/current.json is ``text`` (None: no
    file), served with its ``_headers``, as `supportsite publish status` would leave it."""

    def make(site: Path, text: str | None) -> AbstractContextManager[str]:
        copy = tmp_path / f"site-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(site, copy)
        live = copy / STATUS_LIVE
        if text is None:
            live.unlink()
        else:
            live.write_text(text, encoding="utf-8")
        return serve_folder(copy, headers=True)

    return make


def with_new_incident(site: Path) -> str:
    """The site's own status/current.json with one more incident, open now, first in the banner and the box."""
    doc = json.loads((site / STATUS_LIVE).read_text(encoding="utf-8"))
    doc.update(overall=NEW_OVERALL, now=NEW_NOW, banner=[NEW_POST, *doc["banner"]],
               summary=[NEW_POST, *doc["summary"]])
    return json.dumps(doc, ensure_ascii=False)


class Watched:
    """A page's policy violations, script errors and dialogs, from its console and its events."""

    def __init__(self, page) -> None:
        self.page, self.violations, self.errors, self.dialogs = page, [], [], []
        page.on("console", lambda message: CSP.search(message.text) and self.violations.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.clock.install(time=BUILT_AT)  # the build's moment: no maintenance moves by the clock

    def open(self, url: str) -> None:
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 200, url

    def texts(self, selector: str) -> list[str]:
        return [" ".join(t.split()) for t in self.page.locator(selector).all_inner_texts()]

    def clean(self) -> bool:
        return self.violations == [] and self.errors == [] and self.dialogs == []


@pytest.fixture
def watched(page) -> Watched:
    return Watched(page)


def banner_items(watched: Watched) -> list[str]:
    return watched.texts(".md-banner .status-announce__list > li:not([hidden])")


def test_a_post_published_after_the_build_shows_on_every_page(watched, publish, built_site, repo_root, page_requests):
    # The default site announces nothing at the pinned clock: its banner is built empty and hidden.
    faq = sorted(load_project(repo_root).faqs, key=lambda d: d.path)[0].url
    assert 'class="status-announce" data-status-live="../../status/current.json" hidden' in \
        (built_site / faq / "index.html").read_text(encoding="utf-8")
    with publish(built_site, with_new_incident(built_site)) as url:
        watched.open(url + faq)
        assert watched.page.locator(".md-banner").is_visible()
        assert banner_items(watched) == [NEW_LINE]
        link = watched.page.locator(".md-banner .status-announce__list a")
        assert link.get_attribute("href") == "/status/2026-11-18-kaikki-alhaalla/"
        assert watched.page.locator(".md-banner img").count() == 0  # the title is text, not markup

        watched.open(url)
        box = watched.page.locator(".status-summary")
        assert box.locator(".status-overall").inner_text().strip() == f"✕ Laaja palvelukatko (tilanne {NEW_NOW})"
        assert "status-overall--critical" in box.locator(".status-overall").get_attribute("class")
        assert watched.texts(".status-summary ul.status-posts > li") == [NEW_LINE]
        assert banner_items(watched) == [NEW_LINE]
        assert watched.page.locator(".status-summary img, .md-banner img").count() == 0
    assert watched.clean(), (watched.violations, watched.errors, watched.dialogs)
    assert page_requests.offsite() == []
    assert any(request.endswith("/" + STATUS_LIVE) for request in page_requests)


def test_the_banner_follows_the_file_after_instant_navigation(watched, publish, built_site, repo_root, request):
    production = re.search(r"^site_url: (\S+)$", (repo_root / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]
    with publish(built_site, with_new_incident(built_site)) as url:
        # Material follows in place only the links its sitemap lists, which names the production host.
        def local_sitemap(route, _intercepted) -> None:
            answer = route.fetch()
            route.fulfill(response=answer, body=answer.text().replace(production, url))

        watched.page.route("**/sitemap.xml", local_sitemap)
        # A sitemap still being fetched when the test ends must not fail the next test's setup (its response
        # is gone with the page): Playwright drops that handler's errors once it is unrouted this way.
        request.addfinalizer(lambda: watched.page.unroute_all(behavior="ignoreErrors"))
        watched.open(url)
        watched.page.evaluate("window.stayedOnThePage = true")
        watched.page.locator(".md-content a[href$='asiakaskeskus/yhteystiedot/']").first.click()
        watched.page.wait_for_url(url + "asiakaskeskus/yhteystiedot/")
        watched.page.wait_for_load_state("networkidle")
        assert watched.page.evaluate("window.stayedOnThePage === true"), "the link was followed in place"
        # Material swapped in the new page's banner as built (empty); status.js drew it again from the file.
        # Waited for as the reader sees it: shown, not only in the document (a slow machine may draw it twice).
        watched.page.wait_for_function(
            "() => [...document.querySelectorAll('.md-banner .status-announce__list > li:not([hidden])')]"
            ".filter(li => li.checkVisibility()).length === 1")
        assert banner_items(watched) == [NEW_LINE]
    assert watched.clean(), (watched.violations, watched.errors, watched.dialogs)


@pytest.mark.parametrize("text", [None, "{\"banner\": ", "{\"banner\": []}", "<!doctype html><p>Ei löydy</p>"],
                         ids=["missing", "cut-short", "not-the-shape", "html"])
def test_the_built_banner_stays_when_the_file_cannot_be_read(watched, publish, status_site, text):
    with publish(status_site, text) as url:
        watched.open(url + STATUS_FAQ)
        assert watched.page.locator(".md-banner").is_visible()
        assert banner_items(watched) == BUILT_BANNER
        watched.open(url)
        assert watched.page.locator(".status-overall").inner_text().strip().startswith("◐ Osittainen palvelukatko")
        assert len(watched.texts(".status-summary ul.status-posts > li")) == 2
    assert watched.clean(), (watched.violations, watched.errors, watched.dialogs)


def test_the_file_as_built_draws_what_the_build_drew(watched, publish, status_site):
    with publish(status_site, (status_site / STATUS_LIVE).read_text(encoding="utf-8")) as url:
        watched.open(url + STATUS_FAQ)
        assert banner_items(watched) == BUILT_BANNER
        assert watched.page.locator(".md-banner [data-maintenance][data-auto='true']").count() == 2
    assert watched.clean(), (watched.violations, watched.errors, watched.dialogs)


def test_when_all_is_well_again_the_banner_hides(watched, publish, status_site):
    doc = json.loads((status_site / STATUS_LIVE).read_text(encoding="utf-8"))
    doc.update(overall={"indicator": "none", "description": "Kaikki palvelut toimivat normaalisti", "icon": "✓"},
               now=NEW_NOW, banner=[], summary=[])
    with publish(status_site, json.dumps(doc)) as url:
        watched.open(url + STATUS_FAQ)
        assert not watched.page.locator(".md-banner").is_visible()
        assert banner_items(watched) == []
        watched.open(url)
        assert watched.page.locator(".status-overall").inner_text().strip() == \
            f"✓ Kaikki palvelut toimivat normaalisti (tilanne {NEW_NOW})"
        assert watched.page.locator(".status-summary ul.status-posts").count() == 0
    assert watched.clean(), (watched.violations, watched.errors, watched.dialogs)
