"""The status on other sites, in Debian's Chromium: a customer's page on another origin embeds Atlassian's widget and
our badge with the snippets the status page shows, and each shows the site's current status without a CORS error.

The built site is served with the headers of its own ``_headers`` on one 127.0.0.1 port, the customer's page on
another: two origins, as in real life. Atlassian's widget comes from node_modules (npm ``@statuspage/status-widget``,
a test dependency in package.json), served by the customer's origin, as its snippet says.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hooks.core.content import load_project

pytestmark = pytest.mark.browser

WIDGET = Path(__file__).resolve().parents[2] / "node_modules/@statuspage/status-widget/dist/index.js"
# The violation events of the customer's own policy, reported to the test from an init script (not governed by it).
REPORT = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
CODE = re.compile(r'<pre class="status-embed"><code tabindex="0">(.*?)</code></pre>', re.S)
WAIT_MS = 10_000


@pytest.fixture(scope="module")
def snippets(built_site: Path, repo_root: Path) -> dict[str, str]:
    """The two snippets of the status page as a customer copies them, and the site address they are written for."""
    blocks = [html.unescape(block) for block in CODE.findall((built_site / "status/index.html").read_text("utf-8"))]
    assert len(blocks) == 2, blocks
    return {"badge": blocks[0], "widget": blocks[1], "site_url": load_project(repo_root).config.site_url}


@pytest.fixture(scope="module")
def description(built_site: Path) -> str:
    """The site's current status in words, as its API says it."""
    status = json.loads((built_site / "api/v2/status.json").read_text(encoding="utf-8"))["status"]
    assert status["description"]
    return status["description"]


class Customer:
    """A customer's page: its console errors, failed requests and policy violations, and the API's answers."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []  # console errors (refused requests among them) and failed requests
        self.page_errors: list[str] = []  # exceptions thrown by the page's scripts
        self.violations: list[str] = []
        self.api: list[tuple[str, int, str | None]] = []  # (url, status, Access-Control-Allow-Origin)
        page.expose_function("reportViolation", lambda text: self.violations.append(text))
        page.add_init_script(REPORT)
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", lambda request: self.errors.append(f"failed: {request.url} {request.failure}"))
        page.on("response", self._response)

    def _response(self, response) -> None:
        if "/api/v2/" in response.url:
            self.api.append((response.url, response.status, response.headers.get("access-control-allow-origin")))

    def cors_errors(self) -> list[str]:
        return [e for e in self.errors if re.search(r"CORS|Access-Control-Allow-Origin|failed: .*/api/v2/", e)]


def customer_page(folder: Path, snippet: str, policy: str | None = None) -> None:
    """The customer's page with the snippet pasted into it (a language, a title and a landmark, as axe asks)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">' if policy else ""
    (folder / "index.html").write_text(
        f'<!doctype html>\n<html lang="fi"><head><meta charset="utf-8">{meta}<title>Asiakkaan intranet</title></head>'
        f"<body><main><h1>Asiakkaan intranet</h1>\n{snippet}\n</main></body></html>\n", encoding="utf-8")


def origin(url: str) -> str:
    return url.rstrip("/")


@pytest.fixture
def widget_page(tmp_path: Path, serve_folder, snippets) -> Iterator[Callable[[str], str]]:
    """Serves a customer's page with Atlassian's widget pointed at a given site address; yields what does it."""
    if not WIDGET.exists():
        pytest.fail(f"{WIDGET} is missing: run npm ci (package.json lists @statuspage/status-widget)", pytrace=False)
    (tmp_path / "status-widget").mkdir()
    shutil.copyfile(WIDGET, tmp_path / "status-widget/index.js")  # where the snippet loads it from
    with serve_folder(tmp_path) as customer_url:
        def make(site_url: str) -> str:
            customer_page(tmp_path, snippets["widget"].replace(snippets["site_url"], site_url))
            return customer_url
        yield make


def test_atlassians_widget_on_another_origin_shows_the_sites_status(page, widget_page, headers_url, description):
    customer_url = widget_page(headers_url)
    assert origin(customer_url) != origin(headers_url)
    customer = Customer(page)
    page.goto(customer_url)
    text = page.locator("statuspage-widget .status-text")  # in the widget's shadow root
    text.wait_for(timeout=WAIT_MS)
    assert text.inner_text().strip() == description
    assert page.locator("statuspage-widget a").get_attribute("href") == headers_url + "status/"
    # It asked the root of the site's host, whatever page address it was given, and the answer allowed any origin.
    assert customer.api == [(headers_url + "api/v2/summary.json", 200, "*")]
    assert customer.cors_errors() == [] and customer.errors == []
    # The package's only fault: its build wraps Parcel's bundle in "use strict", so the bundle's closing assignment to
    # the undeclared parcelRequire throws, after the element is defined. Any other exception fails the test.
    assert set(customer.page_errors) <= {"parcelRequire is not defined"}


def test_without_the_headers_the_widget_is_refused_by_cors(page, widget_page, built_site, serve_folder):
    # The control for the test above: the same site served without its _headers, and the browser refuses the API.
    with serve_folder(built_site) as bare_site:
        customer = Customer(page)
        page.goto(widget_page(bare_site))
        page.wait_for_function("() => document.querySelector('statuspage-widget') !== null")
        page.wait_for_timeout(1500)
        assert page.locator("statuspage-widget .status-text").count() == 0
        assert customer.cors_errors(), customer.errors


BADGE_POLICY = ("default-src 'none'; script-src {site}; connect-src {site}; style-src 'none'; img-src 'none'; "
                "base-uri 'none'; form-action 'none'")


@pytest.fixture
def badge_page(tmp_path: Path, serve_folder, snippets) -> Iterator[Callable[[str], str]]:
    """Serves a customer's page with our badge, under the customer's own strict policy that allows scripts and
    requests from the site only: no inline script, eval or style of any kind."""
    with serve_folder(tmp_path) as customer_url:
        def make(site_url: str) -> str:
            customer_page(tmp_path, snippets["badge"].replace(snippets["site_url"], site_url),
                          BADGE_POLICY.format(site=origin(site_url)))
            return customer_url
        yield make


def test_our_badge_on_another_origin_shows_the_sites_status(page, badge_page, headers_url, description, axe_check):
    customer_url = badge_page(headers_url)
    assert origin(customer_url) != origin(headers_url)
    customer = Customer(page)
    page.goto(customer_url)
    badge = page.locator("[data-supportsite-status]")
    page.wait_for_function("() => document.querySelector('[data-supportsite-status]').hasAttribute('data-indicator')",
                           timeout=WAIT_MS)
    link = badge.get_by_role("link")
    assert link.inner_text().strip().endswith(description)
    assert link.get_attribute("href") == headers_url + "status/"
    # Said in words in a live region: the shape beside them is hidden from screen readers.
    assert page.get_by_role("status").count() == 1
    assert link.evaluate("a => a.querySelector('[aria-hidden=true]').textContent") in "✓!◐✕"
    accessible = page.get_by_role("link", name=re.compile(re.escape(description) + "$"))
    assert accessible.count() == 1
    assert badge.get_attribute("data-indicator") in {"none", "minor", "major", "critical"}
    assert customer.api == [(headers_url + "api/v2/status.json", 200, "*")]
    assert customer.cors_errors() == [] and customer.errors == [] and customer.page_errors == []
    assert customer.violations == []  # nothing the customer's strict policy refuses
    assert axe_check(page) == []
    # The control: an inline style, which the policy refuses, is reported.
    page.evaluate("() => { const s = document.createElement('style'); s.textContent = 'p {}'; "
                  "document.head.append(s); }")
    page.wait_for_timeout(200)
    assert any(v.startswith("style-src") for v in customer.violations), customer.violations


def test_without_the_headers_the_badge_stays_a_plain_link(page, badge_page, built_site, serve_folder):
    with serve_folder(built_site) as bare_site:
        customer = Customer(page)
        page.goto(badge_page(bare_site))
        page.wait_for_timeout(1500)
        badge = page.locator("[data-supportsite-status]")
        assert badge.get_attribute("data-indicator") is None
        assert badge.get_by_role("link").inner_text().strip() == "SoftOne-tuki: palveluiden tila"
        assert customer.cors_errors(), customer.errors


@pytest.mark.parametrize("width", [1280, 360])
def test_the_status_page_with_its_embed_section_passes_axe_under_its_policy(new_page, headers_url, axe_check, width):
    page = new_page(viewport={"width": width, "height": 800})
    customer = Customer(page)  # here the site's own page: its scripts and its policy
    response = page.goto(headers_url + "status/", wait_until="networkidle")
    assert response is not None and response.status == 200
    assert response.headers["cache-control"] == "public, max-age=60, must-revalidate"
    section = page.locator("#upota")
    assert section.is_visible()
    codes = page.locator("pre.status-embed code")
    assert codes.count() == 2 and codes.first.inner_text().startswith("<p data-supportsite-status")
    assert page.locator("[data-supportsite-status], statuspage-widget").count() == 0  # shown, never live
    assert axe_check(page) == []
    assert customer.violations == [] and customer.page_errors == []
    assert [e for e in customer.errors if re.search(r"content[ -]security[ -]policy", e, re.I)] == []
