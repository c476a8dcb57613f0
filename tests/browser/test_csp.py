"""The default site in Debian's Chromium, served with the headers of its own ``_headers``: no page breaks its policy.

Violations are seen two ways: the console's messages about the Content Security Policy and the page's
``securitypolicyviolation`` events (reported to the test from an init script, so that none is lost to a navigation).
Every page the build writes is opened once, as a host that reads ``_headers`` serves it, and checked for both the
policy and axe-core's accessibility rules (the page types in both colour schemes: ``test_pages.py``).
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from conftest import RequestLog, open_context
from hooks.core.content import load_project
from hooks.core.urlmap import component_url

pytestmark = pytest.mark.browser

REPORT = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile}:${event.lineNumber} (${event.sample})`);
});
"""
OPEN_NOW = re.compile(r"^Asiakaskeskus on nyt (auki|suljettu)\.")  # written by open-now.js, not by the build


@pytest.fixture(scope="module")
def urls(repo_root: Path, built_site: Path) -> dict[str, str]:
    """One page of each type of the default site, by the URL a customer opens."""
    project = load_project(repo_root)
    chapters = [c for m in sorted(project.manuals, key=lambda m: m.path) for c in m.chapters]
    posts = [p.url for p in sorted(project.posts, key=lambda p: p.path) if (built_site / p.url / "index.html").exists()]
    tags = sorted(p.parent.name for p in (built_site / "ukk/aiheet").glob("*/index.html"))
    assert project.faqs and chapters and project.news and posts and tags, "the default site has every page type"
    return {
        "home": "",
        "contacts": "asiakaskeskus/yhteystiedot/",
        "faq-index": "ukk/",
        "faq-article": sorted(project.faqs, key=lambda d: d.path)[0].url,
        "academy": "academy/",
        "manual-chapter": chapters[0].url,
        "news-item": sorted(project.news, key=lambda d: d.path)[-1].url,
        "status": "status/",
        "status-post": posts[-1],
        "component": component_url(project.config.status.components[0].id),
        "tag": f"ukk/aiheet/{tags[0]}/",
        "product": f"ukk/tuotteet/{project.config.products[0].id}/",
    }


class Watched:
    """A page whose policy violations are collected for its whole life, across navigations."""

    def __init__(self, page) -> None:
        self.page = page
        self.violations: list[str] = []
        self.errors: list[str] = []
        page.expose_function("reportCspViolation", lambda text: self.violations.append(f"event: {text}"))
        page.add_init_script(REPORT)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message) -> None:
        text = message.text
        if re.search(r"content[ -]security[ -]policy", text, re.IGNORECASE):
            self.violations.append(f"console: {text}")

    def open(self, url: str):
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
        return response


@pytest.fixture
def watched(page) -> Watched:
    return Watched(page)


def headers_file_policy(site: Path) -> str:
    return re.search(r"^  Content-Security-Policy: (.*)$", (site / "_headers").read_text(encoding="utf-8"), re.M)[1]


def test_the_server_sends_the_headers_of_the_headers_file(headers_url, built_site):
    with urllib.request.urlopen(headers_url + "ukk/") as response:  # noqa: S310 - our own server on 127.0.0.1
        sent = response.headers
    assert sent["Content-Security-Policy"] == headers_file_policy(built_site)
    assert sent["X-Content-Type-Options"] == "nosniff"
    assert sent["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert sent["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_violation_is_seen_when_there_is_one(watched, headers_url):
    # The control for every test below: an inline script added to the page is blocked, and both channels say so.
    watched.open(headers_url)
    ran = watched.page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
        return window.injected === true;
    }""")
    watched.page.wait_for_timeout(200)
    assert ran is False
    assert any(v.startswith("event: script-src-elem blocked inline") for v in watched.violations), watched.violations
    assert any(v.startswith("console: ") for v in watched.violations), watched.violations


@pytest.mark.parametrize("kind", ["home", "contacts", "faq-index", "faq-article", "academy", "manual-chapter",
                                  "news-item", "status", "status-post", "component", "tag", "product"])
def test_each_page_type_runs_under_its_policy(kind, watched, headers_url, urls, built_site):
    response = watched.open(headers_url + urls[kind])
    assert response.headers["content-security-policy"] == headers_file_policy(built_site)
    heading = watched.page.locator("article h1")
    assert heading.count() == 1 and heading.first.is_visible()
    # Material's own scripts ran: its bundle marks the page and builds the "back to top" button.
    assert watched.page.evaluate("document.documentElement.classList.contains('js')")
    if kind == "contacts":
        line = watched.page.locator(".supportsite-open-now__text")
        assert OPEN_NOW.match(line.inner_text()), line.inner_text()
    assert watched.violations == []
    assert watched.errors == []


def test_search_finds_finnish_words_under_the_policy(watched, headers_url):
    watched.open(headers_url + "ukk/")
    box = watched.page.locator("#ss-search-input")
    box.fill("salasanan vaihto")
    status = watched.page.locator("#ss-search-status")
    # A function, not an expression: Playwright would eval() an expression, which the policy forbids.
    watched.page.wait_for_function(
        "() => /tulos|Ei tuloksia|ei ole/.test(document.querySelector('#ss-search-status').textContent)")
    assert re.match(r"^\d+ tulosta?", status.inner_text()), status.inner_text()
    results = watched.page.locator("#ss-search-results a")
    assert results.count() > 0 and results.first.is_visible()
    # Pagefind compiles WebAssembly: without 'wasm-unsafe-eval' this is where the policy would stop it.
    assert watched.violations == []
    assert watched.errors == []


def test_the_theme_toggle_and_the_remembered_scheme_under_the_policy(watched, headers_url):
    watched.open(headers_url + "ukk/")
    watched.page.get_by_title("Vaihda tummaan teemaan").click()
    assert watched.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    # On the next page Material's inline palette script (allowed by its hash) applies the remembered choice.
    watched.open(headers_url + "asiakaskeskus/yhteystiedot/")
    assert watched.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert watched.violations == []
    assert watched.errors == []


@pytest.fixture
def local_sitemap(watched, headers_url, repo_root):
    """Material follows in place only links its sitemap lists; the sitemap names the production host (Material
    puts the page's scheme and host name into those URLs, not its port), so the test serves it with this one's."""
    production = re.search(r"^site_url: (\S+)$", (repo_root / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]

    def rewrite(route, request) -> None:
        answer = route.fetch()
        route.fulfill(response=answer, body=answer.text().replace(production, headers_url))

    # The site's sitemap, the only one a page asks for (hooks/core/themescript.py).
    watched.page.route(headers_url + "sitemap.xml", rewrite)


@pytest.mark.parametrize("start, target", [("ukk/", "faq-article"), ("", "contacts")])
def test_instant_navigation_keeps_to_the_policy(watched, headers_url, urls, local_sitemap, start, target):
    # The default site turns navigation.instant on: Material swaps the next page in without loading it, and runs
    # again every script element of the new content, so no data may sit in a script element of the content.
    watched.open(headers_url + start)
    features = watched.page.evaluate("JSON.parse(document.getElementById('__config').text).features")
    assert "navigation.instant" in features
    watched.page.evaluate("window.stayedOnThePage = true")
    path = urls[target]
    watched.page.locator(f".md-content a[href$='{path.rstrip('/').rsplit('/', 1)[-1]}/']").first.click()
    watched.page.wait_for_url(headers_url + path)
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.evaluate("window.stayedOnThePage === true"), "the link was followed in place"
    assert watched.page.locator("article h1").first.is_visible()
    if target == "contacts":
        line = watched.page.locator(".supportsite-open-now__text").inner_text()
        assert OPEN_NOW.match(line), line  # open-now.js ran on the page swapped in
    assert watched.violations == []
    assert watched.errors == []


class EveryPage:
    """What opening every page of the built site once showed: policy violations and page errors, axe-core's
    violations (light scheme), each by page, and every request the pages made."""

    def __init__(self) -> None:
        self.pages: list[str] = []
        self.blocked: dict[str, list[str]] = {}
        self.inaccessible: dict[str, str] = {}
        self.requests = RequestLog()


@pytest.fixture(scope="module")
def every_page(browser, headers_url, built_site, axe_check) -> EveryPage:
    # One visit per page for both checks: the crawl is the longest part of the browser tests.
    seen = EveryPage()
    context = open_context(browser, seen.requests)
    try:
        watched = Watched(context.new_page())
        seen.pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
        for relative in seen.pages:
            before = len(watched.violations) + len(watched.errors)
            watched.page.goto(headers_url + relative.removesuffix("index.html"), wait_until="load")
            if len(watched.violations) + len(watched.errors) > before:
                seen.blocked[relative] = (watched.violations + watched.errors)[before:]
            violations = axe_check(watched.page)
            if violations:
                seen.inaccessible[relative] = repr(violations)
    finally:
        context.close()
    return seen


def test_every_page_runs_under_the_policy(every_page):
    # The page types above in detail; here every page the build writes, with nothing the policy blocks.
    assert len(every_page.pages) > 100, "every page of the default site was visited"
    assert every_page.blocked == {}


def test_every_page_of_the_default_site_passes_axe(every_page):
    # Every page the build writes (tags, products, status posts, components, history months, one-page manuals,
    # news, 404, the Swedish site), in the light scheme; test_pages.py has the page types in both schemes.
    assert len(every_page.pages) > 100, "every page of the default site was visited"
    assert every_page.inaccessible == {}
    assert every_page.requests and every_page.requests.offsite() == []
