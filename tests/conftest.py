"""Shared fixtures: building a site, serving it on 127.0.0.1, and a real browser (Debian's Chromium) with axe-core.

Fixtures for everyone (owned by the infra helper; put your own fixtures in your test module):

- ``repo_root``: the repository folder.
- ``source_date_epoch``: the instant every test build is pinned to (``SOURCE_DATE_EPOCH``, see below).
- ``build_site(src_root, dest, env=None)``: runs ``mkdocs build --strict`` on ``src_root/mkdocs.yml`` into ``dest``
  in a subprocess; returns the ``CompletedProcess`` (text, stdout and stderr captured). ``env`` adds to or
  overrides the environment, ``SOURCE_DATE_EPOCH`` included.
- ``built_site``: the default site, built once per session; its folder. ``SUPPORTSITE_TEST_SITE=/some/site`` uses
  that folder instead (a quick re-run of browser tests against a site you built with the same epoch).
- ``base_url``: ``built_site`` served over HTTP on 127.0.0.1, e.g. ``http://127.0.0.1:40123/``;
  ``serve_folder(path)`` is the same as a context manager, for another built site; ``serve_folder(path,
  headers=True)`` also sends the headers the site's ``_headers`` file gives each path (Netlify's format).
- ``headers_url``: ``built_site`` served with exactly the headers of its ``_headers`` file.
- ``browser``: Playwright's Chromium, driving ``/usr/bin/chromium``; skipped with the reason when Chromium or
  Playwright is missing, but a failure when ``CI`` is set (CI must never skip browser tests silently).
- ``page``: a fresh page (light scheme); ``new_page(color_scheme="dark")`` makes more. Every request they make
  is recorded in ``page_requests``; ``page_requests.offsite()`` lists those to any host but 127.0.0.1 (which
  are also blocked, so that a stray CDN link fails the test quickly instead of waiting on a closed network).
- ``axe_check(page)``: injects ``node_modules/axe-core/axe.min.js`` and returns the WCAG 2.0/2.1 A and AA
  violations as a list (empty when none); its repr is a readable summary for assertion messages.
  Every built page carries a Content-Security-Policy ``<meta>`` (hooks/core/headers.py) that blocks inline and
  eval'd script: run test code with ``page.evaluate`` (DevTools, not governed by the policy), not
  ``add_script_tag``, and give ``wait_for_function`` a function (``"() => …"``), not an expression it would eval.
- ``copy_tree(src, dest)``: copies a source tree (the repo, or a site under tests/sites/) without .venv,
  node_modules, built sites and caches, for a test that breaks or changes sources; .git is kept (page dates).

Mark browser tests with ``@pytest.mark.browser``; ``pytest -m "not browser"`` runs the rest.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

# Every test build runs at 2026-11-18 12:00:00 UTC: a Wednesday, 14:00 in Helsinki, inside office hours,
# so pages that depend on "now" (open/closed, status) are the same on every run and every machine.
SOURCE_DATE_EPOCH = 1795003200

CHROMIUM = Path("/usr/bin/chromium")
# The flags this machine needs: without the background-networking ones Chromium keeps trying hosts it
# cannot reach (see the machine notes); --no-sandbox because tests and CI run as root.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL_HOSTS = {"127.0.0.1"}
BROWSER_TIMEOUT_MS = 15_000


def _mkdocs() -> str:
    """The mkdocs of the environment running the tests (the project's .venv), else the repo's .venv."""
    beside = Path(sys.executable).parent / "mkdocs"
    if beside.exists():
        return str(beside)
    return str(REPO_ROOT / ".venv" / "bin" / "mkdocs")


def _missing_tool(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where a missing browser must never pass unnoticed."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip; .ci/run installs it)", pytrace=False)
    pytest.skip(reason)


def run_build(src_root: Path, dest: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``src_root/mkdocs.yml`` into ``dest``, with the clock pinned."""
    # NO_MKDOCS_2_WARNING silences Material's banner about MkDocs 2, which would bury the build's own messages.
    environ = {**os.environ, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    src_root = Path(src_root)
    return subprocess.run(
        [_mkdocs(), "build", "--strict", "-f", str(src_root / "mkdocs.yml"), "-d", str(Path(dest).resolve())],
        cwd=src_root, env=environ, capture_output=True, text=True, timeout=600, check=False,
    )


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def source_date_epoch() -> int:
    return SOURCE_DATE_EPOCH


@pytest.fixture(scope="session")
def build_site() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_build


@pytest.fixture(scope="session")
def status_site(build_site, repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/sites/status (an open incident, maintenance in progress and upcoming), built once; read it, never
    change it (copy it first)."""
    dest = tmp_path_factory.mktemp("status-site") / "site"
    result = build_site(repo_root / "tests/sites/status", dest)
    assert result.returncode == 0, result.stderr
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prebuilt = os.environ.get("SUPPORTSITE_TEST_SITE")
    if prebuilt:  # opt-in, for quick browser-test runs against a site already built with SOURCE_DATE_EPOCH above
        return Path(prebuilt).resolve()
    dest = tmp_path_factory.mktemp("default-site") / "site"
    result = run_build(REPO_ROOT, dest)
    if result.returncode != 0:
        pytest.fail(f"the default site does not build (exit {result.returncode}):\n{result.stderr}", pytrace=False)
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's signature
        pass


def read_headers_file(text: str) -> list[tuple[re.Pattern[str], list[tuple[str, str]]]]:
    """The rules of a ``_headers`` file as Netlify reads it: a path pattern (``*`` matches anything, ``:name`` one
    segment) on its own line, then its headers indented as ``Name: value``; ``#`` starts a comment line."""
    rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            parts = re.split(r"(\*|:[A-Za-z_]\w*)", line.strip())
            pattern = "".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in parts)
            rules.append((re.compile(pattern), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
        else:
            raise ValueError(f"_headers:{number}: not a path pattern or an indented 'Name: value' line: {line!r}")
    return rules


def headers_for(rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]], path: str) -> dict[str, str]:
    """What the host sends for ``path``: every matching rule's headers; a name given twice gets both values."""
    sent: dict[str, str] = {}
    for pattern, headers in rules:
        if pattern.fullmatch(path):
            for name, value in headers:
                sent[name] = f"{sent[name]}, {value}" if name in sent else value
    return sent


class _HeadersHandler(_QuietHandler):
    rules: list = []

    def end_headers(self) -> None:
        for name, value in headers_for(self.rules, urlsplit(self.path).path).items():
            self.send_header(name, value)
        super().end_headers()


@contextlib.contextmanager
def serving(folder: Path, headers: bool = False) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port) while the block runs; yields the base URL.

    ``headers=True`` sends, with every response, the headers ``folder/_headers`` gives its path (a missing file
    is an error: a test that asks for the headers must get them)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    if headers:
        rules = read_headers_file((Path(folder) / "_headers").read_text(encoding="utf-8"))
        handler = functools.partial(type("SiteHeadersHandler", (_HeadersHandler,), {"rules": rules}),
                                    directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def serve_folder():
    """``with serve_folder(path) as url:`` serves another built site (a test site, a variant) like ``base_url``;
    ``serve_folder(path, headers=True)`` with the headers of its ``_headers`` file."""
    return serving


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def headers_url(built_site: Path) -> Iterator[str]:
    """``built_site`` served with exactly the headers of its ``_headers`` file, as a host that reads it would."""
    with serving(built_site, headers=True) as url:
        yield url


@pytest.fixture(scope="session")
def _playwright() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_tool("Playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        _missing_tool(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright) -> Iterator[object]:
    browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


class RequestLog(list):
    """Every URL the test's pages requested, in order."""

    def offsite(self) -> list[str]:
        """The requests to any host other than 127.0.0.1 (data: and blob: URLs never leave the page)."""
        return [url for url in self if urlsplit(url).scheme not in ("data", "blob", "about")
                and urlsplit(url).hostname not in LOCAL_HOSTS]


@pytest.fixture
def page_requests() -> RequestLog:
    return RequestLog()


def _block_offsite(route, request) -> None:
    from playwright.sync_api import Error

    try:
        if urlsplit(request.url).hostname in LOCAL_HOSTS or urlsplit(request.url).scheme in ("data", "blob"):
            route.continue_()
        else:
            route.abort()
    except Error as error:
        # A page's own handler for the same request (a test's `page.route`) answered it first: it falls back to
        # this one when the test unroutes it while the answer is on its way (seen under two test processes).
        if "already handled" not in str(error):
            raise


def open_context(browser, requests: RequestLog, color_scheme: str = "light", **context_options: object):
    """A browser context whose requests are logged in ``requests`` and never reach another host; the caller closes it."""
    context = browser.new_context(color_scheme=color_scheme, **context_options)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    context.on("request", lambda request: requests.append(request.url))
    context.route("**/*", _block_offsite)
    return context


@pytest.fixture
def new_page(browser, page_requests: RequestLog) -> Iterator[Callable[..., object]]:
    contexts = []

    def make(color_scheme: str = "light", **context_options: object):
        contexts.append(open_context(browser, page_requests, color_scheme, **context_options))
        return contexts[-1].new_page()

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(new_page):
    return new_page()


class AxeViolations(list):
    """axe-core's violations; the repr names each rule and the first few elements, for assertion messages."""

    def __repr__(self) -> str:
        if not self:
            return "no axe-core violations"
        lines = []
        for violation in self:
            targets = [", ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                       for node in violation["nodes"]]
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — "
                         f"{len(targets)} element(s): {'; '.join(str(t) for t in targets[:5])}")
            for node in violation["nodes"][:2]:
                summary = node.get("failureSummary", "").replace("\n", " ")
                lines.append(f"    {summary}")
        return "\n".join(lines)


OPEN_NOW_JS = REPO_ROOT / "hooks" / "theme" / "assets" / "javascripts" / "open-now.js"


@pytest.fixture(scope="session")
def open_now_text() -> Callable[[dict, str], str]:
    """What hooks/theme/assets/javascripts/open-now.js says for a page's schedule at an ISO instant, run by node."""
    node = shutil.which("node")
    if node is None:
        _missing_tool("node is not installed (make test needs it for npm ci)")

    def describe(schedule: dict, instant: str) -> str:
        program = (f"const {{describe}} = require({json.dumps(str(OPEN_NOW_JS))});"
                   f"process.stdout.write(describe({json.dumps(schedule)}, new Date({json.dumps(instant)})).text);")
        return subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=30, check=True).stdout

    return describe


@pytest.fixture(scope="session")
def axe_check() -> Callable[[object], AxeViolations]:
    if not AXE_JS.exists():
        _missing_tool(f"axe-core is not installed at {AXE_JS.relative_to(REPO_ROOT)} (npm ci)")

    source = AXE_JS.read_text(encoding="utf-8")

    def check(page) -> AxeViolations:
        # Run through DevTools, not added as a <script>: the site's Content-Security-Policy blocks inline scripts.
        page.evaluate(source)
        violations = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
            ".then(result => result.violations)",
            AXE_TAGS,
        )
        return AxeViolations(violations)

    return check


def pytest_report_header(config: pytest.Config) -> list[str]:
    chromium = str(CHROMIUM) if CHROMIUM.exists() else "missing"
    axe = "found" if AXE_JS.exists() else "missing"
    return [f"supportsite: SOURCE_DATE_EPOCH={SOURCE_DATE_EPOCH}, chromium {chromium}, axe-core {axe}, CI={os.environ.get('CI', '')}"]


TOP_LEVEL_SKIPPED = {".venv", "node_modules", "site", "site.staging", "site.previous", ".cache",
                     ".pytest_cache", "bench"}


@pytest.fixture
def copy_tree() -> Callable[[Path, Path], Path]:
    """Copy a source tree (without built output, caches or environments) for a test to change."""

    def copy(src: Path, dest: Path) -> Path:
        src = Path(src)

        def skipped(folder: str, names: list[str]) -> set[str]:
            top = Path(folder) == src
            return {n for n in names if (top and (n in TOP_LEVEL_SKIPPED or n.startswith("site.removing-")))
                    or n == "__pycache__" or n.endswith(".egg-info")}

        shutil.copytree(src, dest, ignore=skipped)
        return dest

    return copy


@pytest.fixture
def knowledge_site(repo_root: Path, tmp_path: Path, copy_tree) -> Path:
    """A fresh copy of tests/sites/knowledge, without .cache/: caches and edits go into the copy, never into tests/."""
    return copy_tree(repo_root / "tests/sites/knowledge", tmp_path / "knowledge")
