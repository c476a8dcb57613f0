"""The HTTP headers the site ships (``_headers``): its Content-Security-Policy, CORS for its data, cache times."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from hooks.core.languages import LANGUAGES, TRANSLATIONS
from hooks.core.problems import Problem
from hooks.core.urlmap import API_FOLDER, HOURS_ICS, HOURS_JSON, NEWS_ATOM, NEWS_RSS, STATUS_API_FOLDER, STATUS_URL

HEADERS_FILE = "_headers"

# Data for other scripts to read, never executed by the browser, so never in need of a hash.
DATA_TYPES = frozenset({"application/json", "application/ld+json"})

# Where Material's base.html puts the page's own content (its `content` block); only the theme may add script.
CONTENT_CLASS = "md-content__inner"

# Pagefind compiles its WebAssembly search engine in the page and in its worker; Chromium refuses that under a
# script-src without this keyword. It allows WebAssembly only, not eval().
WASM = "'wasm-unsafe-eval'"

# Host names as site_config's schema allows them (`content_policy.embed_hosts`, hooks/core/config.py: HostName),
# checked again because they are written into the policy verbatim: a space or a semicolon would change its meaning.
_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$")

# A <script> element with its text, an <article> tag, or a comment (skipped: a script in a comment never runs).
# Attribute values may hold ">" when quoted.
_TAG_ATTRS = r"""(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)"""
_TOKEN = re.compile(  # one leading "<" and case-insensitive names only: the regex engine skips ahead to each "<"
    r"<(?:!--.*?-->"
    rf"|(?i:script)\b{_TAG_ATTRS}>(?P<text>.*?)</(?i:script)\s*>"
    rf"|(?P<close>/?)(?i:article)\b(?P<article>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>)",
    re.S,
)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
# Any start tag, for the attributes that run script: on… event handlers and javascript: URLs.
_START_TAG = re.compile(rf"<[a-zA-Z][\w:-]*{_TAG_ATTRS}>")
_HANDLER_HINT = re.compile(r"<[a-zA-Z][^>]*?(?:\s[oO][nN][a-zA-Z]+\s*=|[jJ][aA][vV][aA][sS][cC][rR][iI][pP][tT]:)")
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data"})
_SNIPPET = 60


@dataclass(frozen=True)
class Rule:
    """The headers a host sends with every response whose path ``pattern`` matches (``*`` matches anything)."""

    pattern: str
    headers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PageScripts:
    """What one written page asks of the policy: hashes of the theme's inline scripts, and any script its content
    brought (an inline ``<script>``, an ``on…`` handler, a ``javascript:`` URL), each as a short excerpt."""

    hashes: frozenset[str]
    in_content: tuple[str, ...]


def script_hash(text: str) -> str:
    """The CSP source that allows an inline script whose text is exactly ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _attributes(attrs: str) -> dict[str, str]:
    found = {}
    for name, value in _ATTR.findall(attrs):
        found.setdefault(name.lower(), value[1:-1] if value[:1] in "\"'" and value else value)
    return found


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def scan_scripts(html: str) -> PageScripts:
    """The inline scripts of a written page: hashed when the theme put them outside the content, listed as not
    allowed when they are inside Material's ``<article class="md-content__inner">``."""
    hashes: set[str] = set()
    in_content: list[tuple[int, str]] = []  # (offset, excerpt): reported in the order of the page
    depth = 0  # <article> elements open inside the content article, itself included
    content_start = 0
    for match in _TOKEN.finditer(html):
        if match.group("article") is not None:
            if match.group("close"):
                if depth:
                    depth -= 1
                    if not depth:
                        in_content += _script_attributes(html, content_start, match.start())
            elif depth:
                depth += 1
            elif CONTENT_CLASS in _attributes(match.group("article")).get("class", "").split():
                depth, content_start = 1, match.end()
        elif match.group("text") is not None:
            attrs = _attributes(match.group("attrs"))
            if "src" in attrs or attrs.get("type", "").strip().lower() in DATA_TYPES:
                continue
            if depth:
                in_content.append((match.start(), _excerpt(match.group(0))))
            else:
                hashes.add(script_hash(match.group("text")))
    if depth:  # an article left open: the rest of the page is content
        in_content += _script_attributes(html, content_start, len(html))
    return PageScripts(frozenset(hashes), tuple(excerpt for _, excerpt in sorted(in_content)))


def _script_attributes(html: str, start: int, end: int) -> list[tuple[int, str]]:
    """Start tags between ``start`` and ``end`` whose attributes run script (an ``on…`` handler, a ``javascript:``
    URL); the policy blocks them in the visitor's browser, so the build reports them with the inline scripts."""
    if not _HANDLER_HINT.search(html, start, end):  # nearly every page: no need to read each tag
        return []
    found = []
    for match in _START_TAG.finditer(html, start, end):
        for name, value in _attributes(match.group("attrs")).items():
            handler = name.startswith("on") and len(name) > 2
            url = name in _URL_ATTRS and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:")
            if handler or url:
                found.append((match.start(), _excerpt(match.group(0))))
                break
    return found


def content_script_problems(path: str, source: str, scripts: Sequence[str]) -> list[Problem]:
    """One problem per script a page's content brought, at the line of ``source`` (the page's Markdown) where its
    tag is written, when it is written there as HTML (0 when Markdown, a hook or a template made it)."""
    lines = [" ".join(text.split()) for text in source.splitlines()]
    problems, after = [], 0
    for excerpt in scripts:
        needle = excerpt.rstrip("…")[:24]
        line = next((n for n in range(after + 1, len(lines) + 1) if needle in lines[n - 1]), 0)
        after = line or after
        problems.append(Problem(
            path, line, "script", "the page content brings its own script, which the Content-Security-Policy blocks",
            expected="no inline script in the page content (scripts are files of hooks/theme/assets/javascripts/, "
                     "data goes in data-* attributes)", got=excerpt))
    return problems


def check_hosts(hosts: Iterable[str]) -> tuple[str, ...]:
    """The embed hosts, sorted and without duplicates; a ValueError names the first that is not a host name."""
    checked = set()
    for host in hosts:
        if not isinstance(host, str) or not _HOST.match(host):
            raise ValueError(f"content_policy.embed_hosts: not a host name (expected e.g. www.youtube-nocookie.com, "
                             f"got {host!r})")
        checked.add(host)
    return tuple(sorted(checked))


def content_security_policy(script_hashes: Iterable[str], embed_hosts: Sequence[str] = (), *,
                            meta: bool = False) -> str:
    """The policy for every page: scripts from the site's own files and the theme's hashed inline scripts only.

    ``meta`` leaves out ``frame-ancestors``, which browsers ignore in a ``<meta>`` policy (and warn about)."""
    embeds = tuple(f"https://{host}" for host in check_hosts(embed_hosts))
    directives: list[tuple[str, tuple[str, ...]]] = [
        ("default-src", ("'self'",)),
        ("script-src", ("'self'", WASM, *sorted(set(script_hashes)))),
        # Writers may give elements a style attribute (hooks/core/bodypolicy.py checks its URLs). Material, as this
        # site uses it, writes no style attribute or <style>, and sets styles through the CSSOM, which CSP allows.
        ("style-src", ("'self'", "'unsafe-inline'")),
        # Material's icons and the palette's toggles are SVG data: URLs in its stylesheets.
        ("img-src", ("'self'", "data:", *embeds)),
        ("font-src", ("'self'",)),
        ("connect-src", ("'self'",)),
        *([("frame-src", ("'self'", *embeds)), ("media-src", ("'self'", *embeds))] if embeds else []),
        ("object-src", ("'none'",)),
        ("base-uri", ("'self'",)),
        ("form-action", ("'self'",)),
        # 'none', not 'self': no page of the site frames another, and 'self' would let anything else served from
        # the same host (another tool, an upload area) frame the support pages for clickjacking.
        *([] if meta else [("frame-ancestors", ("'none'",))]),
    ]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def security_rule(script_hashes: Iterable[str], embed_hosts: Sequence[str] = ()) -> Rule:
    """The rule for every path: the Content-Security-Policy and the other headers that keep a page to itself."""
    return Rule("/*", (
        ("Content-Security-Policy", content_security_policy(script_hashes, embed_hosts)),
        ("X-Content-Type-Options", "nosniff"),
        # Other sites learn the host a visitor came from, never the page (a case number in a URL stays here).
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        # Nothing on the site uses these; turned off for embedded frames too. Only features Chromium knows:
        # an unknown one is logged as an error on every page.
        ("Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                               "microphone=(), payment=(), usb=()"),
        # A page opened from the site (a link with target=_blank) cannot reach back into it, nor it into them.
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ))


# A minute, then the browser or CDN asks again (an unchanged file costs a 304): a status change reaches every reader
# within a minute of its deploy, and a monitor polling every few seconds still costs the host one request a minute.
REVALIDATE = "public, max-age=60, must-revalidate"
# A year, never asked again: the file's name carries a hash of its content, so changed content has another name.
IMMUTABLE = "public, max-age=31536000, immutable"
_SHORT = ("Cache-Control", REVALIDATE)
_LONG = ("Cache-Control", IMMUTABLE)
# Data for other sites' pages and tools (the status widget, feed readers, calendars): readable from any origin. All
# of it is public and none of it depends on a cookie, so "*" gives nothing away.
_ANY_ORIGIN = ("Access-Control-Allow-Origin", "*")

# What other sites and tools read, and how long a copy may be used. No path gets one header from two rules: hosts
# disagree on what they do then (Cloudflare Pages joins the values with a comma, Netlify's CLI keeps the last one), and
# a joined Cache-Control or Access-Control-Allow-Origin is wrong. So /status/* alone gives everything under status/
# its cache time (pages, feeds, calendar, the API's copy), and the rules below it there only open files to other
# origins. A "*" matches any characters, "/" included, as on Netlify and Cloudflare Pages; one "*" per pattern,
# because Cloudflare Pages drops a rule with two.
_DATA_RULES = (
    Rule(f"/{API_FOLDER}*", (_ANY_ORIGIN, _SHORT)),
    Rule(f"/{STATUS_URL}*", (_SHORT,)),
    Rule(f"/{STATUS_API_FOLDER}*", (_ANY_ORIGIN,)),
    Rule(f"/{STATUS_URL}*.atom", (_ANY_ORIGIN,)),
    Rule(f"/{STATUS_URL}*.rss", (_ANY_ORIGIN,)),
    Rule(f"/{STATUS_URL}*.ics", (_ANY_ORIGIN,)),
    Rule(f"/{NEWS_ATOM}", (_ANY_ORIGIN, _SHORT)),
    Rule(f"/{NEWS_RSS}", (_ANY_ORIGIN, _SHORT)),
    Rule(f"/{HOURS_JSON}", (_ANY_ORIGIN, _SHORT)),
    Rule(f"/{HOURS_ICS}", (_ANY_ORIGIN, _SHORT)),
)
# Each language publishes its own status pages, feeds and calendars under its folder (sv/status/history.atom,
# sv/support/hours.ics): the same rules there.
DATA_RULES = _DATA_RULES + tuple(Rule("/" + LANGUAGES[code].prefix + rule.pattern.lstrip("/"), rule.headers)
                                 for code in TRANSLATIONS for rule in _DATA_RULES
                                 if f"/{API_FOLDER}" not in rule.pattern)  # one API, in the default language

# The files whose names carry a hash of their content, as a built site shows them (tests/test_headers.py checks
# that each file these match has a hash in its name, and that no other file has one): Material's bundle, search
# worker and stylesheets (not its source maps, lunr language files or images), Pagefind's metadata and index
# chunks, and our lexicon's chunks and results' excerpts. Pagefind's loader, worker and WebAssembly keep their names; it fetches
# pagefind-entry.json, which names the current hashes, with a ?ts= of the moment, so a cached loader still finds the
# new index; search.js fetches pagefind/lexicon.json, which names the lexicon's chunks, the same way.
FINGERPRINTED = (
    "/assets/javascripts/bundle.*.min.js",
    "/assets/javascripts/workers/search.*.min.js",
    "/assets/stylesheets/main.*.min.css",
    "/assets/stylesheets/palette.*.min.css",
    "/pagefind/pagefind.*.pf_meta",
    "/pagefind/fragment/*",
    "/pagefind/index/*",
    "/pagefind/lexicon/*",
    "/pagefind/excerpt/*",
)


def header_rules(script_hashes: Iterable[str], embed_hosts: Sequence[str] = (),
                 own_files: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The site's rules for ``_headers``: the policy for every path, then what other origins may read and how long
    copies last. ``own_files``: the published paths of the theme's own static files (``assets/javascripts/…``),
    which keep their names from one build to the next and so get the short cache time."""
    return (
        security_rule(script_hashes, embed_hosts),
        *DATA_RULES,
        *(Rule(pattern, (_LONG,)) for pattern in FINGERPRINTED),
        *(Rule(path, (_SHORT,)) for path in sorted({"/" + path.lstrip("/") for path in own_files})),
    )


def render_headers(rules: Sequence[Rule]) -> str:
    """``_headers`` in the format Netlify and Cloudflare Pages read: a path pattern, then indented headers."""
    lines = ["# Written by the build (hooks/core/headers.py); the README shows the same headers for nginx."]
    for rule in rules:
        lines.append(rule.pattern)
        lines += [f"  {name}: {value}" for name, value in rule.headers]
    return "\n".join(lines) + "\n"


_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def add_policy_meta(html: str, policy: str) -> str:
    """``html`` with the policy as a ``<meta http-equiv>`` right after its charset (before any script: a meta policy
    covers only what follows it); unchanged when it has no head."""
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html
    # Markup.format escapes the policy for the attribute: its hosts come from site_config.
    tag = Markup('<meta http-equiv="Content-Security-Policy" content="{}">').format(policy)
    line_start = html.rfind("\n", 0, anchor.start()) + 1
    indent = html[line_start:anchor.start()] if not html[line_start:anchor.start()].strip() else ""
    return f"{html[:anchor.end()]}\n{indent}{tag}{html[anchor.end():]}"
