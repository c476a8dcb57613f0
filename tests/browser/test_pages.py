"""Each page type of the default site in Debian's Chromium: it renders with its heading, asks no other host, passes axe-core.

Site search is tested with the knowledge base, the status page's behaviour with the status capability.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.core.content import load_project

pytestmark = pytest.mark.browser

# Page type → (how to find its URL, the navigation tab a customer sees as current). FAQ articles and
# chapters are outside mkdocs.yml's nav, so Material marks no tab for them (None: not checked).
PAGE_TYPES = {
    "home": ("", "Etusivu"),
    "customer-centre": ("asiakaskeskus/", "Asiakaskeskus"),
    "contacts": ("asiakaskeskus/yhteystiedot/", "Asiakaskeskus"),
    "faq": ("ukk/", "UKK"),
    "faq-article": ("first FAQ article", None),
    "academy": ("academy/", "Akatemia"),
    "manual-chapter": ("first chapter of the first manual", None),
    "status": ("status/", "Palvelun tila"),
    "service-levels": ("palvelutasot/", "Palvelutasot"),
}
# The same page types on the Swedish site (sv/): the Swedish navigation's tab for each.
PAGE_TYPES.update({
    "sv-home": ("sv/", "Startsida"),
    "sv-customer-centre": ("sv/asiakaskeskus/", "Det digitala kundcentret"),
    "sv-contacts": ("sv/asiakaskeskus/yhteystiedot/", "Det digitala kundcentret"),
    "sv-faq": ("sv/ukk/", "Vanliga frågor"),
    "sv-faq-article": ("first Swedish FAQ article", None),
    "sv-academy": ("sv/academy/", "SoftOne Akademi"),
    "sv-manual-chapter": ("first chapter of the first Swedish manual", None),
    "sv-status": ("sv/status/", "Driftstatus"),
    "sv-service-levels": ("sv/palvelutasot/", "Servicenivåer"),
})


@pytest.fixture(scope="module")
def urls(repo_root: Path) -> dict[str, str]:
    project = load_project(repo_root)
    found = {name: path for name, (path, _) in PAGE_TYPES.items() if not path.startswith("first")}
    assert project.faqs, "the default site should have at least one FAQ article"
    found["faq-article"] = sorted(project.faqs, key=lambda d: d.path)[0].url
    chapters = [c for m in sorted(project.manuals, key=lambda m: m.path) for c in m.chapters]
    assert chapters, "the default site should have at least one manual with chapters"
    found["manual-chapter"] = chapters[0].url
    swedish = project.in_language("sv")
    assert swedish.faqs, "the default site should have Swedish FAQ articles"
    found["sv-faq-article"] = sorted(swedish.faqs, key=lambda d: d.path)[0].url
    chapters = [c for m in sorted(swedish.manuals, key=lambda m: m.path) for c in m.chapters]
    assert chapters, "the default site should have a Swedish manual with chapters"
    found["sv-manual-chapter"] = chapters[0].url
    return found


def _broken(response) -> bool:
    # Every answer counts: Material's stock bundle asked for a sitemap.xml beside each <link rel="alternate"> (404s in
    # every page's console); the bundle the site ships does not (hooks/core/themescript.py).
    return response.status >= 400


def open_page(page, url: str) -> list[str]:
    """Load ``url`` and wait until the network is quiet; returns failed requests, answers >= 400 and script errors."""
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: failures.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: failures.append(f"{response.url} ({response.status})")
            if _broken(response) else None)
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
    return failures


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_each_page_type_renders_with_its_heading_and_only_local_requests(kind, page, base_url, urls, page_requests):
    failures = open_page(page, base_url + urls[kind])
    headings = page.locator("article h1")
    assert headings.count() == 1, "one <h1> per page"
    assert headings.first.is_visible()
    heading = headings.first.inner_text().replace("¶", "").strip()
    assert heading, "the <h1> has text"
    assert page.title().startswith(heading if kind not in ("home", "sv-home") else ""), (page.title(), heading)
    if PAGE_TYPES[kind][1]:
        active_tab = page.locator(".md-tabs__item--active .md-tabs__link")
        assert active_tab.count() == 1
        assert active_tab.inner_text().strip() == PAGE_TYPES[kind][1]
    assert page.evaluate("document.documentElement.lang") == ("sv" if kind.startswith("sv-") else "fi")
    assert failures == []
    assert page_requests.offsite() == []
    assert any(url.endswith(".css") for url in page_requests), "the page loaded its stylesheets"
    # Instant navigation reads the site's sitemap; nothing asks for one beside the page's alternate links.
    assert {url for url in page_requests if url.endswith("sitemap.xml")} <= {base_url + "sitemap.xml"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_axe_finds_no_wcag_21_aa_violation(kind, scheme, new_page, base_url, urls, axe_check, page_requests):
    page = new_page(color_scheme=scheme)
    open_page(page, base_url + urls[kind])
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == {"light": "default", "dark": "slate"}[scheme]
    violations = axe_check(page)
    assert not violations, f"{kind} in the {scheme} scheme:\n{violations!r}"
    assert page_requests.offsite() == []


def test_the_language_switch_leads_to_the_same_page_and_back(page, base_url, page_requests):
    redirects = []
    page.on("response", lambda response: redirects.append(response.url) if 300 <= response.status < 400 else None)
    open_page(page, base_url + "asiakaskeskus/yhteystiedot/")
    before = len(page_requests)
    page.get_by_role("link", name="På svenska").click()
    page.wait_for_url("**/sv/asiakaskeskus/yhteystiedot/")
    # Straight to the link's own address: nothing takes the click over (Material's stock bundle sent it to the
    # address without its trailing slash, which only a server's redirect made a page).
    assert page_requests[before] == base_url + "sv/asiakaskeskus/yhteystiedot/"
    assert redirects == []
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert page.locator("article h1").inner_text().replace("¶", "").strip() == "Kontaktuppgifter och öppettider"
    page.get_by_role("link", name="Suomeksi").click()
    page.wait_for_url("**/asiakaskeskus/yhteystiedot/")
    assert not page.url.rstrip("/").endswith("sv/asiakaskeskus/yhteystiedot")
    assert page.evaluate("document.documentElement.lang") == "fi"


def test_the_scheme_toggle_switches_to_dark_and_back(page, base_url):
    open_page(page, base_url)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.get_by_title("Vaihda tummaan teemaan").click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.get_by_title("Vaihda vaaleaan teemaan").click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
