"""``_headers`` and the Content-Security-Policy: hashes of the theme's inline scripts, none from content, exact text."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import read_headers_file
from hooks.core.headers import (
    IMMUTABLE, REVALIDATE, Rule, add_policy_meta, check_hosts, content_script_problems, content_security_policy,
    header_rules, render_headers, scan_scripts, script_hash,
)

MINIMAL = Path("tests/sites/minimal")
H1 = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"  # the empty script
H2 = "'sha256-Hrt8ptwnRmVqOe/yANojPrb4TM7hEXcdCcU1e8l+Zk8='"  # var x=1 (both checked with openssl dgst -sha256)

POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
          "form-action 'self'; frame-ancestors 'none'")


def page(head: str = "", body: str = "", content: str = "") -> str:
    """A page shaped like Material's base.html: scripts in the head and header, the content in its article."""
    return (f'<!doctype html><html><head><meta charset="utf-8">{head}</head><body><header>{body}</header>'
            f'<main><div class="md-content"><article class="md-content__inner md-typeset">{content}</article></div>'
            '<script>var target=1</script></main></body></html>')


TARGET = script_hash("var target=1")


# --- hashes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("", H1),
    ("var x=1", H2),
    ("é", "'sha256-SplVfkAzw1Od4utlRyAXytX5VX96BiWgnxw/biumnEw='"),  # UTF-8 bytes, as the browser hashes them
])
def test_script_hash(text, expected):
    assert script_hash(text) == expected


@pytest.mark.parametrize(("html", "hashes", "in_content"), [
    # the theme's own scripts, anywhere outside the content article, are hashed exactly as written
    (page(head="<script>var x=1</script>"), {H2, TARGET}, ()),
    (page(body="<SCRIPT>var x=1</SCRIPT >"), {H2, TARGET}, ()),
    (page(body='<script type="text/javascript">var x=1</script>'), {H2, TARGET}, ()),
    (page(body="<script>var x=1</script><script>var x=1</script>"), {H2, TARGET}, ()),
    # files and data need no hash
    (page(head='<script src="a.js"></script><script id="__config" type="application/json">{"a":1}</script>'),
     {TARGET}, ()),
    (page(content='<script src="../open-now.js" defer></script>'), {TARGET}, ()),
    (page(content='<script type="application/ld+json">{"@type":"FAQPage"}</script>'), {TARGET}, ()),
    (page(content="<script type='Application/JSON' class=x>{}</script>"), {TARGET}, ()),
    # a script in a comment never runs
    (page(content="<!-- <script>alert(1)</script> -->"), {TARGET}, ()),
    # content may not bring script: inline, as a module, inside a nested article, in a handler or a URL
    (page(content="<p>x</p><script>alert(1)</script>"), {TARGET}, ("<script>alert(1)</script>",)),
    (page(content='<script type="module">import "x"</script>'), {TARGET},
     ('<script type="module">import "x"</script>',)),
    (page(content="<article><article><script>a()</script></article></article><script>b()</script>"), {TARGET},
     ("<script>a()</script>", "<script>b()</script>")),
    (page(content='<img src="x.png" onerror="alert(1)">'), {TARGET}, ('<img src="x.png" onerror="alert(1)">',)),
    (page(content='<a href=" JavaScript:alert(1)">x</a><script>b()</script>'), {TARGET},
     ('<a href=" JavaScript:alert(1)">', "<script>b()</script>")),
    # text that only looks like them is fine
    (page(content='<p title="onclick=x">javascript: is a URL scheme</p><a href="javascript.html">x</a>'),
     {TARGET}, ()),
    # a long script is quoted in part
    (page(content="<script>" + "x" * 80 + "</script>"), {TARGET}, ("<script>" + "x" * 51 + "…",)),
])
def test_scan_scripts(html, hashes, in_content):
    found = scan_scripts(html)
    assert (set(found.hashes), found.in_content) == (hashes, in_content)


def test_an_article_that_is_not_the_content_is_the_theme():
    html = '<article class="md-post"><script>var x=1</script></article>'
    assert scan_scripts(html).hashes == {H2}


def test_an_unclosed_content_article_runs_to_the_end_of_the_page():
    html = '<article class="md-typeset md-content__inner"><script>var x=1</script><a onclick="x()">'
    assert scan_scripts(html).in_content == ("<script>var x=1</script>", '<a onclick="x()">')


def test_material_scripts_outside_the_content_are_hashed_inside_the_block_around_it():
    # base.html: partials/javascripts/content.html comes after the article, inside the same container.
    html = ('<div class="md-content"><article class="md-content__inner md-typeset"><h1>T</h1></article></div>'
            '<script>var target=document.getElementById(location.hash.slice(1))</script>')
    assert scan_scripts(html).hashes == {script_hash("var target=document.getElementById(location.hash.slice(1))")}


# --- problems ------------------------------------------------------------------------------------


def test_content_script_problems_name_the_page_and_the_line():
    source = "---\ntitle: X\n---\n\n# X\n\n<script>alert(1)</script>\n\nText\n  <script>alert(1)</script>\n"
    scripts = ["<script>alert(1)</script>", "<script>alert(1)</script>", '<a href="javascript:x">']
    problems = content_script_problems("content/ukk/x.md", source, scripts)
    expected = ("the page content brings its own script, which the Content-Security-Policy blocks "
                "(expected no inline script in the page content (scripts are files of "
                "hooks/theme/assets/javascripts/, data goes in data-* attributes), got {})")
    assert [str(p) for p in problems] == [
        "content/ukk/x.md:7: script: " + expected.format("<script>alert(1)</script>"),
        "content/ukk/x.md:10: script: " + expected.format("<script>alert(1)</script>"),  # the next one down
        "content/ukk/x.md: script: " + expected.format('<a href="javascript:x">'),  # from Markdown, no line
    ]


@pytest.mark.parametrize(("hosts", "expected"), [
    ((), ()),
    (("www.youtube-nocookie.com", "player.vimeo.com", "player.vimeo.com"),
     ("player.vimeo.com", "www.youtube-nocookie.com")),
])
def test_check_hosts(hosts, expected):
    assert check_hosts(hosts) == expected


@pytest.mark.parametrize("host", ["https://www.youtube.com", "example.fi/path", "a.fi; script-src *", "a.fi b.fi",
                                  "localhost", "*.example.fi", "media.example.fi:8443", "Example.fi", "", 42])
def test_check_hosts_refuses_what_is_not_a_host_name(host):
    with pytest.raises(ValueError) as error:
        check_hosts(["ok.example.fi", host])
    assert str(error.value) == ("content_policy.embed_hosts: not a host name (expected e.g. www.youtube-nocookie.com, "
                                f"got {host!r})")


# --- the policy and _headers ---------------------------------------------------------------------


def test_policy_without_hashes():
    assert content_security_policy([]) == POLICY.format(hashes="").replace(" ;", ";")


def test_policy_hashes_are_sorted_and_unique():
    assert content_security_policy([H2, H1, H2]) == POLICY.format(hashes=f"{H1} {H2}")
    assert content_security_policy({H2, H1}) == content_security_policy([H1, H2])


def test_meta_policy_leaves_out_frame_ancestors():
    assert content_security_policy([H1], meta=True) == POLICY.format(hashes=H1).removesuffix("; frame-ancestors 'none'")


def test_embed_hosts_may_be_framed_and_shown():
    assert content_security_policy([], ["www.youtube-nocookie.com", "player.vimeo.com"]) == (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: https://player.vimeo.com https://www.youtube-nocookie.com; font-src 'self'; "
        "connect-src 'self'; frame-src 'self' https://player.vimeo.com https://www.youtube-nocookie.com; "
        "media-src 'self' https://player.vimeo.com https://www.youtube-nocookie.com; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


SHORT = "  Cache-Control: public, max-age=60, must-revalidate"
LONG = "  Cache-Control: public, max-age=31536000, immutable"
ANY = "  Access-Control-Allow-Origin: *"


def test_headers_file_exactly():
    own = ["assets/javascripts/status.js", "assets/images/favicon.svg", "/assets/javascripts/status.js"]
    assert render_headers(header_rules([H2, H1], own_files=own)).splitlines() == [
        "# Written by the build (hooks/core/headers.py); the README shows the same headers for nginx.",
        "/*",
        f"  Content-Security-Policy: {POLICY.format(hashes=f'{H1} {H2}')}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  Permissions-Policy: accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()",
        "  Cross-Origin-Opener-Policy: same-origin",
        # the status API at the root, for Statuspage's clients: any origin, a minute
        "/api/*", ANY, SHORT,
        # everything under status/ for a minute (pages too); its API, feeds and calendar for any origin
        "/status/*", SHORT,
        "/status/api/*", ANY,
        "/status/*.atom", ANY,
        "/status/*.rss", ANY,
        "/status/*.ics", ANY,
        "/academy/news.atom", ANY, SHORT,
        "/academy/news.rss", ANY, SHORT,
        "/support/hours.json", ANY, SHORT,
        "/support/hours.ics", ANY, SHORT,
        # the same under the Swedish site's folder, but for the API (one, in Finnish)
        "/sv/status/*", SHORT,
        "/sv/status/*.atom", ANY,
        "/sv/status/*.rss", ANY,
        "/sv/status/*.ics", ANY,
        "/sv/academy/news.atom", ANY, SHORT,
        "/sv/academy/news.rss", ANY, SHORT,
        "/sv/support/hours.json", ANY, SHORT,
        "/sv/support/hours.ics", ANY, SHORT,
        # named by a hash of their content: for good
        "/assets/javascripts/bundle.*.min.js", LONG,
        "/assets/javascripts/workers/search.*.min.js", LONG,
        "/assets/stylesheets/main.*.min.css", LONG,
        "/assets/stylesheets/palette.*.min.css", LONG,
        "/pagefind/pagefind.*.pf_meta", LONG,
        "/pagefind/fragment/*", LONG,
        "/pagefind/index/*", LONG,
        "/pagefind/lexicon/*", LONG,
        "/pagefind/excerpt/*", LONG,
        # the theme's own files keep their names: a minute, each once and sorted
        "/assets/images/favicon.svg", SHORT,
        "/assets/javascripts/status.js", SHORT,
    ]


def test_every_pattern_has_at_most_one_star():
    # Cloudflare Pages turns each "*" into one named group and drops a rule with two without a word.
    assert all(rule.pattern.count("*") <= 1 for rule in header_rules([], own_files=["assets/x.js"]))


def test_more_rules_follow_in_order():
    rules = (Rule("/*", (("X-A", "1"),)), Rule("/status/api/*", (("Access-Control-Allow-Origin", "*"), ("X-B", "2"))))
    assert render_headers(rules).splitlines()[1:] == [
        "/*", "  X-A: 1", "/status/api/*", "  Access-Control-Allow-Origin: *", "  X-B: 2"]


# --- the policy in each page ---------------------------------------------------------------------


@pytest.mark.parametrize(("html", "expected"), [
    ('<html><head>\n      <meta charset="utf-8">\n<script>x</script>',
     '<html><head>\n      <meta charset="utf-8">\n      <meta http-equiv="Content-Security-Policy" content="P">\n'
     "<script>x</script>"),
    ('<html><head lang="fi"><script>x</script>',
     '<html><head lang="fi">\n<meta http-equiv="Content-Security-Policy" content="P"><script>x</script>'),
    ("<p>a fragment</p>", "<p>a fragment</p>"),
])
def test_add_policy_meta(html, expected):
    assert add_policy_meta(html, "P") == expected


def test_the_policy_in_the_meta_tag_cannot_leave_its_attribute():
    page = add_policy_meta("<head>", "img-src 'self' \"><script>x</script>")
    assert page == ('<head>\n<meta http-equiv="Content-Security-Policy" '
                    'content="img-src &#39;self&#39; &#34;&gt;&lt;script&gt;x&lt;/script&gt;">')


# --- the built site ------------------------------------------------------------------------------


class _Scripts(HTMLParser):
    """Inline executable scripts and the first script's position, read by the standard library's HTML parser
    (another reading than the regular expressions of hooks/core/headers.py)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.texts: list[str] = []
        self.policy: str | None = None
        self.scripts_before_policy = 0
        self._scripts = 0
        self._inline = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy, self.scripts_before_policy = attrs["content"], self._scripts
        if tag == "script":
            self._scripts += 1
            self._inline = "src" not in attrs and (attrs.get("type") or "").lower() not in (
                "application/json", "application/ld+json")
            if self._inline:
                self.texts.append("")

    def handle_data(self, data):
        if self._inline and self.lasttag == "script":
            self.texts[-1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline = False


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@pytest.mark.slow
def test_the_default_site_allows_exactly_its_theme_scripts(built_site):
    header_policy = headers_file_policy(built_site)
    every_hash = set()
    for path in sorted(built_site.rglob("*.html")):
        parser = _Scripts()
        parser.feed(path.read_text(encoding="utf-8"))
        page_hashes = {_sha256(text) for text in parser.texts}
        every_hash |= page_hashes
        name = path.relative_to(built_site).as_posix()
        assert parser.scripts_before_policy == 0, f"{name}: the meta policy must come before the first script"
        assert parser.policy == content_security_policy(page_hashes, meta=True), name
    assert header_policy == content_security_policy(every_hash)
    assert len(every_hash) == len(re.findall(r"'sha256-", header_policy))


INJECT = """
def on_page_content(html, page, config, files):
    if page.file.src_uri in ("ukk/index.md", "ukk/salasanan-vaihto.md"):  # one after the other: in two processes, one each
        return html + "<script>alert('hei')</script>\\n<p><img src=x.png onerror=alert(1)></p>"
    return html
"""


@pytest.mark.slow
@pytest.mark.parametrize("processes", ["1", "2"])  # "2": the pages rendered by the second process are judged too
def test_a_page_whose_content_brings_a_script_fails_the_build_by_name(repo_root, tmp_path, copy_tree, build_site,
                                                                      processes):
    # The Markdown itself is checked before the build (hooks/core/bodypolicy.py); this is what a hook or a
    # template could still put into a page's content, here a hook of the test's own.
    site = copy_tree(repo_root / MINIMAL, tmp_path / MINIMAL)
    (tmp_path / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)
    (site / "inject.py").write_text(INJECT, encoding="utf-8")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - ../../../hooks/knowledge.py\n", "  - ../../../hooks/knowledge.py\n  - inject.py\n"), encoding="utf-8")
    result = build_site(site, tmp_path / "out", env={"SUPPORTSITE_PROCESSES": processes})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = ("content/ukk/salasanan-vaihto.md: script: the page content brings its own script, which the "
                "Content-Security-Policy blocks (expected no inline script in the page content (scripts are files of "
                "hooks/theme/assets/javascripts/, data goes in data-* attributes), got {})")
    assert re.findall(r"^ERROR\s+-\s+(.*)$", result.stderr, re.MULTILINE) == ["4 problems found in the site sources:"]
    assert re.findall(r"^  (content/.*)$", result.stderr, re.MULTILINE) == [  # sorted, as every problem report
        found.replace("salasanan-vaihto", page) for page in ("index", "salasanan-vaihto") for found in
        (expected.format("<img src=x.png onerror=alert(1)>"), expected.format("<script>alert('hei')</script>"))]
    assert not (tmp_path / "out").exists(), "the failed build is not published"


@pytest.mark.slow
def test_embed_hosts_of_site_config_reach_the_headers_and_the_pages(repo_root, tmp_path, copy_tree, build_site):
    site = copy_tree(repo_root / MINIMAL, tmp_path / MINIMAL)
    (tmp_path / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)
    with (site / "site_config/support.yml").open("a", encoding="utf-8") as config:
        config.write("\ncontent_policy:\n  embed_hosts: [www.youtube-nocookie.com, player.vimeo.com]\n")
    result = build_site(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    embeds = "'self' https://player.vimeo.com https://www.youtube-nocookie.com"
    policy = headers_file_policy(tmp_path / "out")
    assert "; img-src 'self' data: https://player.vimeo.com https://www.youtube-nocookie.com;" in policy
    assert f"; frame-src {embeds}; media-src {embeds};" in policy
    page_policy = html.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', (
        tmp_path / "out/ukk/salasanan-vaihto/index.html").read_text(encoding="utf-8"))[1])  # as the browser reads it
    assert f"; frame-src {embeds}; media-src {embeds};" in page_policy


@pytest.mark.slow
def test_the_preview_pages_go_without_the_meta_policy(repo_root, tmp_path, copy_tree, build_site):
    # `mkdocs serve` builds with site_url set to its own address and adds an inline live-reload script to each page
    # it serves; a <meta> policy would block it. The build is otherwise the same.
    site = copy_tree(repo_root / MINIMAL, tmp_path / MINIMAL)
    (tmp_path / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_url: https://tuki.example.fi/", "site_url: http://127.0.0.1:8000/"), encoding="utf-8")
    result = build_site(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Content-Security-Policy" not in (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert headers_file_policy(tmp_path / "out").startswith("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ")


def headers_file_policy(site: Path) -> str:
    return re.search(r"^  Content-Security-Policy: (.*)$", (site / "_headers").read_text(encoding="utf-8"), re.M)[1]


# --- the rules on a built site, and the README's nginx equivalent -----------------------------------------


def site_paths(site: Path) -> list[str]:
    """Every address of a built site as a request names it: each file, and each page by its folder URL too."""
    paths = []
    for file in sorted(p for p in site.rglob("*") if p.is_file() and p.name != "_headers"):
        path = "/" + file.relative_to(site).as_posix()
        paths.append(path)
        if file.name == "index.html":
            paths.append(path.removesuffix("index.html"))
    return paths


def sent_by_headers_file(site: Path) -> dict[str, list[tuple[str, str]]]:
    """For each address, the headers of every ``_headers`` rule that matches it (read as tests/conftest.py's
    server reads the file), in order; a name may appear more than once."""
    rules = read_headers_file((site / "_headers").read_text(encoding="utf-8"))
    return {path: [h for pattern, headers in rules if pattern.fullmatch(path) for h in headers]
            for path in site_paths(site)}


# A hash of the content in a file's name, as Material (bundle.a5f9d56c.min.js), Pagefind (fi_0564ac7.pf_fragment,
# pagefind.fi_2aa1a77fb7.pf_meta) and the search's excerpts (excerpt/3f2a9c0d1e4b5a6f.json) write it.
HASHED_NAME = re.compile(r"[._/][0-9a-f]{7,}\.[^/]*$")
REPO = Path(__file__).resolve().parents[1]
THEME_FILES = sorted("/" + p.relative_to(REPO / "hooks/theme").as_posix()  # the templates (pages, sitemap) aside
                     for p in (REPO / "hooks/theme").rglob("*") if p.is_file() and p.suffix not in (".html", ".xml"))


def is_open_data(path: str) -> bool:
    """What other origins may read: the status API (both copies), every feed and calendar, the opening hours."""
    return path.startswith(("/api/", "/status/api/")) or path.endswith((".atom", ".rss", ".ics")) or \
        path in ("/support/hours.json", "/sv/support/hours.json")


@pytest.mark.slow
def test_each_address_of_the_default_site_gets_each_header_from_one_rule_at_most(built_site):
    # Hosts disagree on a header given twice (Cloudflare Pages joins the values, Netlify's CLI keeps the last).
    for path, headers in sent_by_headers_file(built_site).items():
        names = [name for name, _ in headers]
        assert len(names) == len(set(names)), f"{path}: {names}"


@pytest.mark.slow
def test_the_default_site_opens_its_data_to_other_origins_and_caches_by_kind(built_site):
    sent = {path: dict(headers) for path, headers in sent_by_headers_file(built_site).items()}
    assert {"/api/v2/summary.json", "/status/api/v2/status.json", "/status/history.atom", "/academy/news.rss",
            "/status/maintenance.ics", "/support/hours.ics", "/support/hours.json", "/status/"} <= set(sent)
    assert set(THEME_FILES) <= set(sent) and "/assets/javascripts/status-badge.js" in THEME_FILES
    for path, headers in sent.items():
        assert headers.get("Access-Control-Allow-Origin") == ("*" if is_open_data(path) else None), path
        hashed = HASHED_NAME.search(path) is not None and not path.endswith(".map")  # only devtools fetch maps
        if hashed:
            expected = IMMUTABLE
        elif is_open_data(path) or path.startswith(("/status/", "/sv/status/")) or path in THEME_FILES:
            expected = REVALIDATE
        else:
            expected = None  # the host's default
        assert headers.get("Cache-Control") == expected, path
    immutable = [path for path, headers in sent.items() if headers.get("Cache-Control") == IMMUTABLE]
    # what is really fingerprinted in a built site: Material's bundle, worker and stylesheets, Pagefind's index
    assert {re.sub(r"[0-9a-f]{7,}", "<hash>", path) for path in immutable if "/pagefind/" not in path} == {
        "/assets/javascripts/bundle.<hash>.min.js", "/assets/javascripts/workers/search.<hash>.min.js",
        "/assets/stylesheets/main.<hash>.min.css", "/assets/stylesheets/palette.<hash>.min.css"}
    pagefind = {re.sub(r"[0-9a-f]{7,}", "<hash>", re.sub(r"/lexicon/(order-)?[0-9a-f]+\.", r"/lexicon/\1<letters>.", path))
                for path in immutable if "/pagefind/" in path}
    assert pagefind == {  # an index per language (fi, sv), the lexicon's chunks of both, the excerpts
        *(f"/pagefind/{name}" for code in ("fi", "sv") for name in (
            f"pagefind.{code}_<hash>.pf_meta", f"fragment/{code}_<hash>.pf_fragment", f"index/{code}_<hash>.pf_index")),
        "/pagefind/lexicon/<letters>.<hash>.json", "/pagefind/lexicon/order-<letters>.<hash>.json",
        "/pagefind/excerpt/<hash>.json"}


_NGINX_BLOCK = re.compile(r"^```nginx\n(server \{.*?)^```$", re.M | re.S)
_LOCATION = re.compile(r"^\s*location\s+(?:(~)\s+)?(\S+)\s*\{\s*(?:#.*)?$")
_ADD_HEADER = re.compile(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;')


def readme_nginx_locations() -> list[tuple[bool, str, dict[str, str]]]:
    """The README's nginx server block as (is a regular expression, the prefix or expression, add_header lines
    besides the included snippet), in the order written."""
    block = _NGINX_BLOCK.search((REPO / "README.md").read_text(encoding="utf-8"))[1]
    locations: list[tuple[bool, str, dict[str, str]]] = []
    current = None
    for line in block.splitlines():
        if match := _LOCATION.match(line):
            current = (bool(match[1]), match[2], {})
            locations.append(current)
        elif current is not None and (header := _ADD_HEADER.match(line)):
            current[2][header[1]] = header[2]
        elif current is not None and "include snippets/tuki-headers.conf;" in line:
            current[2]["(the /* rule)"] = "included"
        elif line.strip() == "}":
            current = None
    return locations


def nginx_sends(locations, path: str) -> dict[str, str]:
    """What nginx adds for ``path``: regular expressions in order first, else the longest prefix; none at all but
    the server's own lines (the /* rule) when no location matches."""
    prefixes = [loc for loc in locations if not loc[0] and path.startswith(loc[1])]
    regexes = [loc for loc in locations if loc[0] and re.search(loc[1], path)]
    chosen = regexes[0] if regexes else max(prefixes, key=lambda loc: len(loc[1]), default=None)
    return {"(the /* rule)": "included"} if chosen is None else chosen[2]


@pytest.mark.slow
def test_the_readme_nginx_locations_send_what_the_headers_file_sends(built_site):
    locations = readme_nginx_locations()
    assert len(locations) == 6
    for path, headers in sent_by_headers_file(built_site).items():
        ours, nginx = dict(headers), nginx_sends(locations, path)
        assert nginx.get("(the /* rule)") == "included", f"{path}: a location without the security headers"
        assert nginx.get("Access-Control-Allow-Origin") == ours.get("Access-Control-Allow-Origin"), path
        if "Cache-Control" in ours:
            assert nginx.get("Cache-Control") == ours["Cache-Control"], path
        else:  # left to the host: nginx may give an unhashed asset a minute, never the year of a hashed one
            assert nginx.get("Cache-Control") in (None, REVALIDATE), path
