"""The status page in Debian's Chromium: states in words and icons (never colour alone), no axe violation, and
maintenance that moves by the visitor's clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SITE = Path("tests/sites/status")
BUILT_AT = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.timezone.utc)  # conftest's SOURCE_DATE_EPOCH
STATE_WORDS = {"Toimii normaalisti", "Heikentynyt suorituskyky", "Osittainen katko", "Laaja katko", "Huoltokatko"}


@pytest.fixture(scope="module")
def status_url(build_site, repo_root, serve_folder, tmp_path_factory) -> Iterator[str]:
    """The status test site (an open incident, a maintenance in progress, one upcoming) served on 127.0.0.1."""
    dest = tmp_path_factory.mktemp("status-browser") / "site"
    result = build_site(repo_root / SITE, dest)
    assert result.returncode == 0, result.stderr
    with serve_folder(dest) as url:
        yield url


def open_at(page, url: str, visitor_time: dt.datetime) -> None:
    page.clock.install(time=visitor_time)
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200


def status_violations(page, axe_check) -> list[str]:
    """axe-core's violations on what the status capability renders: the page content and the banner.

    The whole page (header, search, footer) is checked for every page type by tests/browser/test_pages.py.
    """
    found = []
    for violation in axe_check(page):
        for node in violation["nodes"]:
            target = node["target"][0] if isinstance(node["target"], list) else node["target"]
            if page.locator(str(target)).evaluate("e => !!e.closest('.md-content, .md-banner')"):
                found.append(f"{violation['id']}: {target}: {node.get('failureSummary', '')}")
    return found


def texts(page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


@pytest.mark.parametrize("path", ["status/", "status/components/softone-go/", "status/2026-09-03-kirjautuminen-katko/",
                                  "status/history/2026-09/"])
def test_default_status_pages_pass_axe_and_ask_no_other_host(page, base_url, axe_check, page_requests, path):
    open_at(page, base_url + path, BUILT_AT)
    assert status_violations(page, axe_check) == []
    assert page_requests.offsite() == []


def test_default_status_page_says_every_state_in_words(page, base_url):
    open_at(page, base_url + "status/", BUILT_AT)
    assert page.locator(".status-overall").inner_text().strip().startswith("✓ Kaikki palvelut toimivat normaalisti")
    rows = page.locator("table.status-components tbody tr")
    assert rows.count() == 6
    for state in texts(page, "table.status-components tbody td:nth-child(3)"):
        assert state[0] in "✓!◐✕⚙" and state[1:].strip() in STATE_WORDS


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_incident_and_maintenance_pages_pass_axe(new_page, status_url, axe_check, scheme):
    page = new_page(color_scheme=scheme)
    for path in ("", "status/", "status/components/puhelin/", "status/2026-11-18-puhelinhairio/"):
        open_at(page, status_url + path, BUILT_AT)
        assert status_violations(page, axe_check) == [], path


def test_states_are_readable_without_colour(page, status_url):
    open_at(page, status_url + "status/", BUILT_AT)
    # Forced colours take the palette away; every state must still be said in words beside a shape.
    page.emulate_media(forced_colors="active")
    assert page.locator(".status-overall").inner_text().strip().startswith("◐ Osittainen palvelukatko")
    assert texts(page, "table.status-components tbody td:nth-child(3)") == [
        "⚙ Huoltokatko", "✓ Toimii normaalisti", "◐ Osittainen katko"]
    bars = page.locator("ol.status-bars").first.locator("li")
    assert bars.count() == 90
    assert bars.last.inner_text().strip() == "18.11.2026: huoltokatko 30 min"  # 13.30–14.00 so far
    assert texts(page, "[data-maintenance-list='in_progress'] [data-state-label]") == ["Käynnissä"]
    assert texts(page, "[data-maintenance-list='scheduled'] [data-state-label]") == ["Suunniteltu"]
    banner = page.locator(".md-banner").inner_text()
    assert "Häiriö: Puhelinhäiriö – Syy tunnistettu" in banner and "Huoltokatko: Huolto käynnissä – Käynnissä" in banner


def test_maintenance_moves_by_the_visitors_clock(page, status_url):
    # Built on 18.11.; the visitor reads the page on 21.11. at 22.30, inside the next window.
    open_at(page, status_url + "status/", dt.datetime(2026, 11, 21, 20, 30, tzinfo=dt.timezone.utc))
    assert texts(page, "[data-maintenance-list='in_progress'] a") == ["Tuleva huolto"]
    assert texts(page, "[data-maintenance-list='in_progress'] [data-state-label]") == ["Käynnissä"]
    assert texts(page, "[data-maintenance-list='completed'] a") == ["Huolto käynnissä"]
    assert texts(page, "[data-maintenance-list='completed'] [data-state-label]") == ["Valmis"]
    assert page.locator("[data-maintenance-empty='scheduled']").is_visible()
    assert not page.locator("[data-maintenance-empty='in_progress']").is_visible()
    banner = page.locator(".md-banner")
    assert "Tuleva huolto – Käynnissä" in banner.inner_text()
    assert "Huolto käynnissä" not in banner.inner_text()  # completed: hidden from the banner
