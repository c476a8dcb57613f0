"""Writers' text is data in every output: the hostile test site (``tests/sites/hostile``), built end to end.

Every text field of every page kind and of ``site_config/support.yml`` ends with both payloads,
``"><img src=x onerror=alert(1)>`` (breaks out of an attribute) and ``</script><script>alert(2)</script>`` (breaks
out of a script element); one FAQ article has the benign title ``Mitä <tyhjä> kenttä & "lainaus" 'heittomerkki'
tarkoittaa?``. The expected values are read from the fixture's own YAML here, not through ``hooks``, so the test
does not share a bug with the code it checks.

Without a browser (unmarked): no HTML page carries the payload as markup or shows text escaped twice; every
JSON-in-script block parses and cannot end its element; every JSON file, feed and calendar parses and keeps the
writers' text literally. In Debian's Chromium (``browser``): no page of the site opens a dialog, none holds an
element made from writers' text, every title and description reads literally where a customer sees it (header,
``<h1>``, ``<title>``, ``<meta name="description">``, navigation, breadcrumbs, lists, search results).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

SITE = Path("tests/sites/hostile")
SITE_NAME = "Vihamielinen testi"  # tests/sites/hostile/mkdocs.yml
BUILT_AT = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.timezone.utc)  # conftest's SOURCE_DATE_EPOCH

ATTRIBUTE_PAYLOAD = '"><img src=x onerror=alert(1)>'
SCRIPT_PAYLOAD = "</script><script>alert(2)</script>"
PAYLOAD = ATTRIBUTE_PAYLOAD + SCRIPT_PAYLOAD  # appended, after a space, to every text of the fixture
BENIGN_PATH = "content/ukk/tyhja-kentta.md"
BENIGN_TITLE = "Mitä <tyhjä> kenttä & \"lainaus\" 'heittomerkki' tarkoittaa?"
BENIGN_URL = "ukk/tyhja-kentta/"
BENIGN_TEXTS = {"title", "description", "tags[1]"}  # of BENIGN_PATH: its title, description and one plain tag

# What the raw payload looks like when it became markup (searched case-insensitively in the bytes of every page).
AS_MARKUP = (b"<img src=x onerror", b"<script>alert")
# The fixture's texts hold no character reference, so one in a page's text or in an escaped attribute means that
# something escaped an already escaped text: the customer reads "&lt;tyhjä&gt;".
ESCAPED_TWICE = re.compile(r"&amp;(?:lt|gt|amp|quot|apos|#34|#39|#x27|#x22|#60|#62);", re.IGNORECASE)
ENTITY_IN_TEXT = re.compile(r"&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);", re.IGNORECASE)
JSON_SCRIPT = re.compile(r"<script\b[^>]*\btype=\"?application/(?:ld\+)?json\"?[^>]*>(.*?)</script",
                         re.DOTALL | re.IGNORECASE)

# Keys whose values are structured (ids, dates, times, URLs, choices): the fixture keeps them valid, without payload.
STRUCTURED_KEYS = {
    "id", "group", "website", "site_url", "timezone", "portal", "email", "country", "categories", "date", "start",
    "end", "at", "status", "kind", "impact", "open", "closes_at", "team", "products", "updated", "hide",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}


# --- the fixture's raw text ---------------------------------------------------------------------


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:text.index("\n---", 4)]) or {}


@pytest.fixture(scope="module")
def sources(repo_root: Path) -> dict[str, dict]:
    """Each Markdown source's front matter by its path under the site, read with PyYAML (not through hooks)."""
    root = repo_root / SITE
    found = {p.relative_to(root).as_posix(): front_matter(p) for p in sorted(root.rglob("*.md"))
             if not p.relative_to(root).parts[0].startswith(".")}
    assert found, f"no Markdown sources under {SITE}"
    return found


@pytest.fixture(scope="module")
def support(repo_root: Path) -> dict:
    return yaml.safe_load((repo_root / SITE / "site_config/support.yml").read_text(encoding="utf-8"))


def url_of(path: str) -> str:
    """A source's published URL relative to the site root (content/ is the docs root, directory URLs; a Swedish
    translation, ``x.sv.md``, under sv/)."""
    folder = "sv/" if path.endswith(".sv.md") else ""
    uri = path.removeprefix("content/").removesuffix(".md").removesuffix(".sv")
    if uri == "index":
        return folder
    return folder + (uri.removesuffix("/index") if uri.endswith("/index") else uri) + "/"


def titles_of(sources: dict[str, dict], prefix: str) -> set[str]:
    return {meta["title"] for path, meta in sources.items()
            if path.startswith(prefix) and not path.endswith(("/index.md", "/index.sv.md")) and "title" in meta}


def status_posts(sources: dict[str, dict]) -> dict[str, dict]:
    return {path: meta for path, meta in sources.items() if path.startswith("status/") and "kind" in meta}


def texts_in(value, key: str = "") -> Iterator[tuple[str, str]]:
    """(key path, text) for every writer's text in a YAML value; structured keys are skipped."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name not in STRUCTURED_KEYS and not (key.endswith("components") and isinstance(item, str)):
                yield from texts_in(item, f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts_in(item, f"{key}[{index}]")
    elif isinstance(value, str):
        yield key, value


WORD = re.compile(r"[^\W_]+")


def payload_problem(text: str) -> str | None:
    """Why ``text`` does not carry the payload literally, or None when it does (or carries none)."""
    if "onerror" not in text and "alert(" not in text:
        return None
    whole = text.count(PAYLOAD)
    if whole == 0 or text.count("onerror=alert(1)") != whole or text.count("alert(2)") != whole:
        return f"payload not literal: {text!r}"
    if ENTITY_IN_TEXT.search(text):
        return f"character reference in text: {text!r}"
    return None


def strings_in(value, where: str = "") -> Iterator[tuple[str, str]]:
    """(JSON path, string) for every string in parsed JSON, keys included."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield f"{where}.{name} (key)", name
            yield from strings_in(item, f"{where}.{name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, f"{where}[{index}]")
    elif isinstance(value, str):
        yield where, value


# --- the built site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(repo_root: Path, tmp_path_factory: pytest.TempPathFactory, build_site) -> Path:
    """The hostile site built once (a copy, so no cache lands in tests/): its output folder."""
    dest_root = tmp_path_factory.mktemp("hostile")
    source = dest_root / SITE
    shutil.copytree(repo_root / SITE, source, ignore=shutil.ignore_patterns(".cache", "site", "site.*"))
    (dest_root / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)  # mkdocs.yml: ../../../hooks
    site = dest_root / "built"
    result = build_site(source, site)
    assert result.returncode == 0, f"the hostile site does not build (exit {result.returncode}):\n{result.stderr}"
    return site


def site_files(site: Path, *patterns: str) -> list[Path]:
    return sorted(p for pattern in patterns for p in site.rglob(pattern) if p.is_file())


def html_pages(site: Path) -> list[Path]:
    pages = site_files(site, "*.html")
    assert pages, "the built site has no HTML page"
    return pages


def rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


def by_page(found: list[tuple[str, str]], examples: int = 2) -> str:
    """Findings as (page, what) grouped per page: the count and the first few, so a long list stays readable."""
    pages: dict[str, list[str]] = {}
    for page, what in found:
        pages.setdefault(page, []).append(what)
    lines = [f"{len(found)} finding(s) on {len(pages)} page(s):"]
    for page, items in pages.items():
        lines.append(f"{page}: {len(items)}×")
        lines += [f"    {item}" for item in items[:examples]]
    return "\n".join(lines)


def around(data: bytes, start: int, width: int = 70) -> str:
    return data[max(0, start - width):start + width].decode("utf-8", "replace").replace("\n", "⏎")


# --- the fixture itself --------------------------------------------------------------------------


def test_fixture_is_valid_for_the_schemas(repo_root: Path):
    done = subprocess.run([sys.executable, "-m", "hooks.cli", "--root", str(repo_root / SITE), "check"],
                          capture_output=True, text=True, check=False, cwd=repo_root)
    assert done.returncode == 0, f"tests/sites/hostile is not valid for the schemas:\n{done.stderr}"


def test_fixture_carries_both_payloads_in_every_text_field(sources, support):
    missing = [f"site_config/support.yml: {key}: {text!r}" for key, text in texts_in(support)
               if not text.endswith(" " + PAYLOAD)]
    for path, meta in sources.items():
        for key, text in texts_in(meta):
            if path == BENIGN_PATH and key in BENIGN_TEXTS:
                continue
            if not text.endswith(" " + PAYLOAD):
                missing.append(f"{path}: {key}: {text!r}")
    assert missing == [], "texts without both payloads appended:\n" + "\n".join(missing)
    assert sources[BENIGN_PATH]["title"] == BENIGN_TITLE
    assert '"' in sources[BENIGN_PATH]["description"]


def test_fixture_has_every_page_kind_and_status_state(sources, repo_root: Path):
    posts = status_posts(sources)
    kinds = {(meta["kind"], meta["updates"][-1]["status"]) for meta in posts.values()}
    assert {("incident", "identified"), ("incident", "resolved"), ("maintenance", "scheduled")} <= kinds, kinds
    assert any(p.startswith("content/ukk/") and p != "content/ukk/index.md" for p in sources)
    assert any(p.startswith("academy/news/") for p in sources)
    assert "academy/manuals/palkkaopas/index.md" in sources
    assert any(re.match(r"academy/manuals/palkkaopas/\d+-", p) for p in sources)
    bodies = "".join(p.read_text(encoding="utf-8") for p in (repo_root / SITE / "content").rglob("*.md"))
    for marker in ("hours", "hours-exceptions", "open-now", "sla", "teams", "channels", "contact-jsonld"):
        assert f"<!-- supportsite:{marker} -->" in bodies, f"no page of {SITE}/content carries the {marker} marker"
    home = (repo_root / SITE / "content/index.md").read_text(encoding="utf-8")
    assert "<!-- supportsite:status-summary -->" in home, "the home page should carry the status-summary marker"


# --- HTML, without a browser ---------------------------------------------------------------------


def test_no_html_page_carries_the_payload_as_markup(hostile_site: Path):
    found = []
    for path in html_pages(hostile_site):
        data = path.read_bytes()
        lowered = data.lower()
        for needle in AS_MARKUP:
            start = lowered.find(needle)
            while start != -1:
                line = data.count(b"\n", 0, start) + 1
                found.append((rel(hostile_site, path),
                              f"line {line}: {needle.decode()!r} as markup: …{around(data, start)}…"))
                start = lowered.find(needle, start + 1)
    assert found == [], "raw payloads in HTML, " + by_page(found)


class _ElementsFromText(HTMLParser):
    """Elements a payload would have made: an <img src=x>, an on…= handler, a script that calls alert()."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") and "alert(" in (value or ""):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append(f"<img src=x> ({attrs})")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and re.search(r"(?<![\w.])alert\(", data) and not data.lstrip().startswith(("{", "[")):
            self.found.append(f"<script> running {data.strip()[:80]!r}")


def test_no_html_page_has_an_element_made_from_writers_text(hostile_site: Path):
    found = []
    for path in html_pages(hostile_site):
        parser = _ElementsFromText()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        found += [(rel(hostile_site, path), element) for element in parser.found]
    assert found == [], "elements made from writers' text, " + by_page(found)


def test_no_html_page_escapes_text_twice(hostile_site: Path):
    found = []
    for path in html_pages(hostile_site):
        text = path.read_text(encoding="utf-8")
        for match in ESCAPED_TWICE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((rel(hostile_site, path), f"line {line}: {match[0]!r} in …"
                          f"{text[max(0, match.start() - 60):match.end() + 20]!r}…"))
    assert found == [], "text escaped twice (a customer reads '&lt;'), " + by_page(found)


def test_json_in_script_elements_parses_and_cannot_end_its_element(hostile_site: Path, sources):
    problems, faq_names, blocks_seen = [], {}, 0
    for path in html_pages(hostile_site):
        page = rel(hostile_site, path)
        text = path.read_text(encoding="utf-8")
        for number, match in enumerate(JSON_SCRIPT.finditer(text), 1):
            blocks_seen += 1
            block = match[1]
            where = f"{page}: JSON script block {number}"
            for forbidden in ("</script", "<!--", "<script"):
                if forbidden in block.lower():
                    problems.append(f"{where}: contains {forbidden!r}")
            try:
                data = json.loads(block)
            except json.JSONDecodeError as error:
                problems.append(f"{where}: not JSON ({error}): {block[:160]!r}")
                continue
            for key, value in strings_in(data):
                if (problem := payload_problem(value)) is not None:
                    problems.append(f"{where}: {key}: {problem}")
            if isinstance(data, dict) and data.get("@type") == "FAQPage":
                faq_names[page] = [q.get("name") for q in data.get("mainEntity", [])]
    assert blocks_seen, "no JSON script block in the whole site (contact-jsonld, FAQPage, open-now schedule)"
    for path, meta in sources.items():
        if path.startswith("content/ukk/") and not path.endswith(("index.md", "index.sv.md")):
            page = url_of(path) + "index.html"
            if faq_names.get(page) != [meta["title"]]:
                problems.append(f"{page}: FAQPage question names {faq_names.get(page)!r}, expected [{meta['title']!r}]")
    assert problems == [], "\n".join(problems)


# --- JSON, feeds and calendars ------------------------------------------------------------------


def test_every_json_file_parses_and_keeps_writers_text(hostile_site: Path, sources, support):
    problems, parsed = [], {}
    for path in site_files(hostile_site, "*.json"):
        name = rel(hostile_site, path)
        try:
            parsed[name] = data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            problems.append(f"{name}: not JSON: {error}")
            continue
        for key, value in strings_in(data):
            if name.startswith("pagefind/lexicon/"):
                # the search lexicon holds words, not text: a payload may reach it only as its words ("onerror")
                if not WORD.fullmatch(value):
                    problems.append(f"{name}: {key}: not one word: {value!r}")
            elif (problem := payload_problem(value)) is not None:
                problems.append(f"{name}: {key}: {problem}")

    posts = status_posts(sources)
    incidents = parsed.get("status/api/v2/incidents.json", {}).get("incidents", [])
    expected_names = {m["title"] for m in posts.values() if m["kind"] == "incident"}
    if {i.get("name") for i in incidents} != expected_names:
        problems.append(f"status/api/v2/incidents.json: names {sorted(i.get('name') for i in incidents)!r}, "
                        f"expected {sorted(expected_names)!r}")
    expected_bodies = {u["text"] for m in posts.values() if m["kind"] == "incident" for u in m["updates"]}
    bodies = {u.get("body") for i in incidents for u in i.get("incident_updates", [])}
    if bodies != expected_bodies:
        problems.append(f"status/api/v2/incidents.json: update bodies {sorted(bodies)!r}, "
                        f"expected {sorted(expected_bodies)!r}")
    maintenances = parsed.get("status/api/v2/scheduled-maintenances.json", {}).get("scheduled_maintenances", [])
    expected_names = {m["title"] for m in posts.values() if m["kind"] == "maintenance"}
    if {m.get("name") for m in maintenances} != expected_names:
        problems.append(f"status/api/v2/scheduled-maintenances.json: names "
                        f"{sorted(m.get('name') for m in maintenances)!r}, "
                        f"expected {sorted(expected_names)!r}")
    components = parsed.get("status/api/v2/components.json", {}).get("components", [])
    expected = {(c["name"], c.get("description")) for c in support["status"]["components"]}
    expected |= {(g["name"], None) for g in support["status"]["groups"]}
    shown = {(c.get("name"), c.get("description")) for c in components}
    if shown != expected:
        problems.append(f"status/api/v2/components.json: (name, description) {sorted(shown, key=str)!r}, "
                        f"expected {sorted(expected, key=str)!r}")
    notes = {e.get("date"): e.get("note") for e in parsed.get("support/hours.json", {}).get("exceptions", [])}
    for exception in support["hours"]["exceptions"]:
        day = str(exception.get("date") or exception["start"])
        if notes.get(day) != exception["note"]["fi"]:
            problems.append(f"support/hours.json: exceptions[{day}].note {notes.get(day)!r}, "
                            f"expected {exception['note']['fi']!r}")
    assert problems == [], "\n".join(problems)


class _Markup(HTMLParser):
    """The text and the element names of an HTML fragment (a feed entry's content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_data(self, data):
        self.text.append(data)


def test_every_feed_parses_and_keeps_titles_and_texts(hostile_site: Path, sources):
    import feedparser

    feeds = site_files(hostile_site, "*.atom", "*.rss")
    assert feeds, "the built site has no feed"
    news_titles = titles_of(sources, "academy/news/")
    post_titles = {meta["title"] for meta in status_posts(sources).values()}
    problems = []
    for path in feeds:
        name = rel(hostile_site, path)
        feed = feedparser.parse(path.read_bytes(), sanitize_html=False)
        if feed.bozo:
            problems.append(f"{name}: does not parse cleanly: {feed.get('bozo_exception')!r}")
        expected = news_titles if name.startswith("academy/") else post_titles
        if name.startswith("sv/"):  # the Swedish feeds: a title without a Swedish version is the Finnish one, marked
            expected = {meta.get("title_sv") or f"{meta['title']} (på finska)" for meta in status_posts(sources).values()}
        titles = [entry.get("title") for entry in feed.entries]
        if not titles:
            problems.append(f"{name}: no entries")
        for title in titles:
            if title not in expected:
                problems.append(f"{name}: entry title {title!r} is none of the front-matter titles "
                                f"{sorted(expected)!r}")
        if name in ("academy/news.atom", "academy/news.rss", "status/history.atom", "status/history.rss"):
            published = set(titles)
            wanted = news_titles if name.startswith("academy/") else {
                m["title"] for m in status_posts(sources).values() if m["updates"][0]["at"] <= BUILT_AT}
            if published != wanted:
                problems.append(f"{name}: entry titles {sorted(published)!r}, expected {sorted(wanted)!r}")
        # Each text with the type feedparser gives it: RSS's <description> is HTML by convention (feed readers
        # render it), Atom's <summary> and <title> are text unless they say type="html".
        texts = [("feed title", feed.feed.get("title_detail")), ("feed subtitle", feed.feed.get("subtitle_detail"))]
        texts += [("feed author", {"type": "text/plain", "value": a.get("name", "")})
                  for a in feed.feed.get("authors", [])]
        for entry in feed.entries:
            label = f"entry {entry.get('id')}"
            texts += [(f"{label} title", entry.get("title_detail")), (f"{label} summary", entry.get("summary_detail"))]
            texts += [(f"{label} content", content) for content in entry.get("content", [])]
            texts += [(f"{label} author", {"type": "text/plain", "value": a.get("name", "")})
                      for a in entry.get("authors", [])]
            texts += [(f"{label} category", {"type": "text/plain", "value": t.get("term") or ""})
                      for t in entry.get("tags", [])]
        for where, detail in texts:
            if not detail:
                continue
            value = detail.get("value") or ""
            if detail.get("type") in ("text/html", "application/xhtml+xml"):
                fragment = _Markup()
                fragment.feed(value)
                fragment.close()
                if {"img", "script"} & set(fragment.tags) or fragment.handlers:
                    problems.append(f"{name}: {where} ({detail.get('type')}): markup from writers' text: "
                                    f"elements {sorted(set(fragment.tags))}, handlers {fragment.handlers}: "
                                    f"{value[:160]!r}")
                    continue
                value = "".join(fragment.text)
            if (problem := payload_problem(value)) is not None:
                problems.append(f"{name}: {where} ({detail.get('type')}): {problem}")
    assert problems == [], "\n".join(problems)


def test_every_calendar_parses_and_keeps_summaries(hostile_site: Path, sources, support):
    import icalendar

    calendars = site_files(hostile_site, "*.ics")
    assert calendars, "the built site has no .ics file"
    problems, summaries = [], {}
    for path in calendars:
        name = rel(hostile_site, path)
        try:
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
        except ValueError as error:
            problems.append(f"{name}: does not parse: {error}")
            continue
        for component in calendar.walk():
            for prop in ("X-WR-CALNAME", "SUMMARY", "DESCRIPTION", "LOCATION"):
                if prop in component:
                    text = str(component[prop])
                    if (problem := payload_problem(text)) is not None:
                        problems.append(f"{name}: {component.name} {prop}: {problem}")
            if component.name == "VEVENT":
                summaries.setdefault(name, []).append(str(component.get("SUMMARY", "")))
    maintenance = {m["title"] for m in status_posts(sources).values() if m["kind"] == "maintenance"}
    if set(summaries.get("status/maintenance.ics", [])) != maintenance:
        problems.append(f"status/maintenance.ics: summaries {summaries.get('status/maintenance.ics')!r}, "
                        f"expected the maintenance titles {sorted(maintenance)!r}")
    for exception in support["hours"]["exceptions"]:
        note = exception["note"]["fi"]
        if not any(note in summary for summary in summaries.get("support/hours.ics", [])):
            problems.append(f"support/hours.ics: no event summary carries the exception note {note!r} literally "
                            f"(summaries: {summaries.get('support/hours.ics')!r})")
    assert problems == [], "\n".join(problems)


# --- in the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path, serve_folder) -> Iterator[str]:
    with serve_folder(hostile_site) as url:
        yield url


def _local_only(route, request) -> None:
    # As tests/conftest.py: a stray request to another host fails at once instead of waiting on a closed network.
    parts = urlsplit(request.url)
    if parts.hostname == "127.0.0.1" or parts.scheme in ("data", "blob"):
        route.continue_()
    else:
        route.abort()


_INSPECT = """() => {
  const text = (element) => {
    if (!element) return null;
    const copy = element.cloneNode(true);
    copy.querySelectorAll('.headerlink').forEach((link) => link.remove());
    return copy.textContent.trim();
  };
  const description = document.querySelector('meta[name="description"]');
  const injected = [];
  document.querySelectorAll('img[src="x"], [onerror], [onload], [onclick], [onmouseover]').forEach((el) =>
    injected.push(el.outerHTML.slice(0, 120)));
  document.querySelectorAll('script').forEach((el) => {
    const code = el.textContent;
    if (/(^|[^\\w.])alert\\(/.test(code) && !/^\\s*[\\[{]/.test(code)) injected.push(el.outerHTML.slice(0, 120));
  });
  return {
    title: document.title,
    topic: text(document.querySelector('[data-md-component="header-topic"] .md-ellipsis')),
    h1: text(document.querySelector('.md-content h1')),
    description: description ? description.getAttribute('content') : null,
    bodyText: document.body.innerText,
    injected,
  };
}"""


@pytest.fixture(scope="module")
def visits(browser, hostile_site: Path, hostile_url: str) -> dict[str, dict]:
    """Every .html page of the built site opened once in Chromium: what each showed, and the dialogs it opened."""
    context = browser.new_context()
    context.set_default_timeout(15_000)
    context.route("**/*", _local_only)
    page = context.new_page()
    page.clock.install(time=BUILT_AT)  # the visitor's clock at build time: open-now and status scripts as built
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(f"{dialog.type}({dialog.message!r})")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    found: dict[str, dict] = {}
    try:
        for path in html_pages(hostile_site):
            name = rel(hostile_site, path)
            url = hostile_url + name.removesuffix("index.html")
            dialogs.clear()
            try:
                page.goto(url, wait_until="load")
                page.wait_for_load_state("networkidle")
                seen = page.evaluate(_INSPECT)
            except Exception as error:  # noqa: BLE001 - recorded and reported per page by the tests
                seen = {"error": f"{type(error).__name__}: {error}"}
            seen["dialogs"] = list(dialogs)
            found[name.removesuffix("index.html")] = seen
    finally:
        context.close()
    return found


@pytest.mark.browser
def test_no_page_opens_a_dialog(visits):
    fired = [f"/{url}: {', '.join(seen['dialogs'])}" for url, seen in visits.items() if seen["dialogs"]]
    failed = [f"/{url}: {seen['error']}" for url, seen in visits.items() if "error" in seen]
    assert failed == [], "pages that could not be opened:\n" + "\n".join(failed)
    assert fired == [], f"{len(fired)} of {len(visits)} pages ran writers' text as script:\n" + "\n".join(fired)


@pytest.mark.browser
def test_no_page_holds_an_element_made_from_writers_text(visits):
    found = [(f"/{url}", element) for url, seen in visits.items() for element in seen.get("injected", [])]
    assert found == [], "elements made from writers' text (after scripts ran), " + by_page(found)


@pytest.mark.browser
def test_no_page_shows_text_escaped_twice(visits):
    found = []
    for url, seen in visits.items():
        for place in ("title", "bodyText", "description"):
            for match in ENTITY_IN_TEXT.finditer(seen.get(place) or ""):
                text = seen[place]
                context = text[max(0, match.start() - 60):match.end() + 20]
                found.append((f"/{url}", f"{place}: {match[0]!r} in …{context!r}…"))
    assert found == [], "character references shown as text (escaped twice), " + by_page(found)


def _source_pages(visits, sources) -> Iterator[tuple[str, dict, dict]]:
    """(url, front matter, what the browser saw) for every source page with a title; a missing page is an error."""
    for path, meta in sources.items():
        url = url_of(path)
        if "title" not in meta:
            continue
        assert url in visits, f"/{url} ({path}) is not in the built site"
        if "error" not in visits[url]:  # reported by test_no_page_opens_a_dialog
            yield url, meta, visits[url]


@pytest.mark.browser
def test_every_title_reads_literally_in_header_heading_and_window_title(visits, sources):
    problems = []
    for url, meta, seen in _source_pages(visits, sources):
        title = meta["title"]
        if seen["title"] != f"{title} - {SITE_NAME}":
            problems.append(f"/{url}: <title> is {seen['title']!r}, expected {title + ' - ' + SITE_NAME!r}")
        if seen["topic"] != title:
            problems.append(f"/{url}: header bar (.md-header__topic) reads {seen['topic']!r}, expected {title!r}")
        if seen["h1"] != title:
            problems.append(f"/{url}: <h1> reads {seen['h1']!r}, expected {title!r}")
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_every_description_reads_literally_in_meta_description(visits, sources):
    problems = []
    for url, meta, seen in _source_pages(visits, sources):
        if "description" in meta and seen["description"] != meta["description"]:
            why = " (the page has no <meta name=description>: the writer's description was dropped)" \
                if seen["description"] is None else ""
            problems.append(f"/{url}: <meta name=description> content is {seen['description']!r}, "
                            f"expected {meta['description']!r}{why}")
    assert problems == [], "\n".join(problems)


def tag_slug(tag: str) -> str:
    """The tag page's name, as the knowledge base makes it: ASCII letters and digits, other runs a hyphen."""
    folded = unicodedata.normalize("NFKD", tag.lower())
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in folded if not unicodedata.combining(c))).strip("-")


def _link_texts(page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_text_contents()]


@pytest.mark.browser
def test_the_benign_title_reads_literally_in_navigation_lists_and_breadcrumbs(new_page, hostile_url, sources):
    page = new_page()
    problems = []
    page.goto(hostile_url + BENIGN_URL, wait_until="networkidle")
    if BENIGN_TITLE not in _link_texts(page, ".md-nav--primary .md-nav__link"):
        problems.append(f"/{BENIGN_URL}: navigation: no entry reads {BENIGN_TITLE!r}; entries: "
                        f"{_link_texts(page, '.md-nav--primary .md-nav__link')!r}")
    crumbs = _link_texts(page, ".ss-breadcrumbs li")
    if not crumbs or crumbs[-1] != BENIGN_TITLE:
        problems.append(f"/{BENIGN_URL}: breadcrumbs {crumbs!r}, the last should read {BENIGN_TITLE!r}")
    meta = sources[BENIGN_PATH]
    listing_pages = ["ukk/", *(f"ukk/tuotteet/{product}/" for product in meta["products"])]
    listing_pages += [f"ukk/aiheet/{tag_slug(tag)}/" for tag in meta["tags"]]
    for url in listing_pages:
        response = page.goto(hostile_url + url, wait_until="networkidle")
        if response is None or response.status != 200:
            problems.append(f"/{url}: answered {response and response.status} (a page that lists the article)")
            continue
        links = _link_texts(page, ".md-content a")
        if BENIGN_TITLE not in links:
            near = [text for text in links if "tyhj" in text or "kentt" in text.lower()]
            problems.append(f"/{url}: no link in the page reads {BENIGN_TITLE!r}; similar links: {near!r}")
    assert problems == [], "\n".join(problems)


def _search(page, query: str) -> list[str]:
    """Type ``query`` in the header's search box as a visitor does; the result links' texts, best first."""
    page.fill("#ss-search-input", query)
    page.press("#ss-search-input", "Enter")
    page.wait_for_function(
        "q => { const s = document.querySelector('#ss-search-status').textContent;"
        " return document.querySelector('#ss-search-input').value === q && s && !s.startsWith('Haetaan'); }", arg=query)
    page.wait_for_load_state("networkidle")  # an <img src=x> in the results would have failed to load by now
    return [text.strip() for text in page.locator("#ss-search-results a").all_text_contents()]


@pytest.mark.browser
def test_searching_for_a_payload_title_runs_nothing_and_shows_it_literally(new_page, hostile_url, sources):
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{dialog.type}({dialog.message!r})"), dialog.dismiss()))
    page.clock.install(time=BUILT_AT)
    page.goto(hostile_url + "ukk/", wait_until="networkidle")
    title = sources["content/ukk/salasanan-vaihto.md"]["title"]
    results = _search(page, title)
    injected = page.evaluate("() => [...document.querySelectorAll('#ss-search-panel img, #ss-search-panel script,"
                             " #ss-search-panel [onerror]')].map((e) => e.outerHTML)")
    assert dialogs == [], f"/ukk/: searching for {title!r} opened {dialogs}"
    assert injected == [], f"/ukk/: search results hold elements made from writers' text: {injected}"
    assert title in results, f"/ukk/: search for {title!r}: no result reads it literally; results: {results!r}"
    excerpts = page.locator("#ss-search-results .ss-search__excerpt").all_text_contents()
    shown = [e for e in excerpts if ENTITY_IN_TEXT.search(e)]
    assert shown == [], f"/ukk/: search excerpts show character references as text: {shown!r}"


@pytest.mark.browser
def test_search_results_show_the_benign_title_literally(new_page, hostile_url):
    page = new_page()
    page.goto(hostile_url, wait_until="networkidle")
    results = _search(page, "heittomerkki")
    assert BENIGN_TITLE in results, \
        f"/: search for 'heittomerkki': no result reads {BENIGN_TITLE!r}; results: {results!r}"
