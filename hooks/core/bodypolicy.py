"""What a page's Markdown may hold: nothing that runs script or loads from another host; and sane sizes."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlsplit

import markdown
from markdown.extensions.attr_list import get_attrs
from markdown.inlinepatterns import (
    AUTOLINK_RE, HTML_RE, IMAGE_LINK_RE, IMAGE_REFERENCE_RE, LINK_RE, ImageInlineProcessor, ImageReferenceInlineProcessor,
    LinkInlineProcessor, ShortImageReferenceInlineProcessor,
)

from hooks.core.mdcode import mask_code
from hooks.core.problems import Problem

MAX_SOURCE_BYTES = 1024 * 1024
"""A Markdown source larger than this is refused: text is far smaller, so it holds a pasted image or export."""

NOT_EMPTY_KINDS = ("faq", "chapter", "news")
"""Kinds of page that exist for their text: with none, the page is a mistake (the schema kinds of content.py)."""

MARKDOWN_EXTENSIONS = ("toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html", "def_list",
                       "pymdownx.details", "pymdownx.superfences")
"""mkdocs.yml's markdown_extensions and the three MkDocs always adds (a test keeps the two lists together)."""

SCRIPT_SCHEMES = ("javascript", "vbscript", "data")
"""Never a link or a source: the first two run script, and a data: URL carries a whole document or image inline
(an image belongs in a file of the site, where it is reviewed and cached; see README, Security)."""

EMBED_HOSTS = "content_policy.embed_hosts in site_config/support.yml"
_LISTED = f"an https address on a host listed in {EMBED_HOSTS}"
_FILE_OR_LISTED = f"a file of this site, or {_LISTED}"
_LINK_TARGETS = "a web, e-mail or phone address, or a page of this site"
_STYLESHEETS = "classes from the site's stylesheets in content/assets/stylesheets/"
_HEAD = "page text without it; the theme writes the page head"
_EMBED = f"Markdown, or an <iframe> with {_LISTED}"
_NO_SCRIPT = "pages run only the site's own scripts"

ELEMENTS = {  # raw HTML elements a page may not hold, with what to use instead
    "script": f"Markdown or HTML without scripts; {_NO_SCRIPT}",
    "iframe": _EMBED,
    "frame": _EMBED,
    "frameset": _EMBED,
    "object": _EMBED,
    "embed": _EMBED,
    "applet": _EMBED,
    "base": _HEAD,
    "meta": _HEAD,
    "link": _HEAD,
    "form": "a link to the form's own page; a form sends what is typed to wherever it points",
    "style": _STYLESHEETS,
}
LOADING_ATTRIBUTES = frozenset({"src", "poster", "data", "background", "lowsrc", "dynsrc", "codebase", "archive",
                                "manifest"})
"""Attributes whose URL the browser fetches as the page loads (``srcset`` and ``ping`` hold several)."""
SVG_LOADERS = frozenset({"image", "use", "feimage"})  # SVG elements whose href is fetched, not followed
LINK_ATTRIBUTES = frozenset({"href", "xlink:href", "action", "formaction", "cite", "longdesc", "to", "from", "by"})
MERMAID_CLASSES = frozenset({"mermaid", "language-mermaid"})  # Material loads mermaid.js from a CDN for these
_MERMAID = "the diagram as an image file of this site; Material would load mermaid.js from a CDN"

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_CONTROL = "".join(map(chr, range(0x21)))
_ATTR_LIST = re.compile(r"""\{:?[ ]*((?:"[^"\n]*"|'[^'\n]*'|[^}\n"'])+)\}""")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)")
_CSS_URL = re.compile(r"""(?:url|src)\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)""", re.IGNORECASE)
_CSS_IMAGE_SET = re.compile(r"image-set\(([^)]*)\)", re.IGNORECASE)
_CSS_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")
_INLINE_HTML = re.compile(HTML_RE, re.DOTALL)  # as Markdown's inline processor compiles it
_REFERENCE = re.compile(r"\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)")  # Markdown's, wherever it stands
_ID = "\x00id:"
_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
_COMMENT = re.compile(r"<!--(?!-?>)(?!\s*supportsite\s*:)[\s\S]*?--!?>")  # a marker is content: it renders a block


@dataclass(frozen=True)
class Finding:
    """One thing a body may not hold, at a line of the scanned text (1 = its first)."""

    line: int
    rule: str  # element, handler, scheme, remote, import or mermaid
    subject: str  # with ``rule``, what the source and the rendered page are matched on
    problem: str
    expected: str
    got: str
    needle: str = ""  # text to look for when a finding of the rendered page must be placed in the source
    sure: bool = False  # judged from the source alone: kept whatever the rendered page shows


def check_source(path: str, text: str, body: str, body_line: int, embed_hosts: Sequence[str] | None, *,
                 kind: str | None) -> list[Problem]:
    """Every problem of one Markdown source's size and body.

    ``embed_hosts`` None: not known (the site configuration has problems of its own), so nothing is judged by its
    host. ``kind`` None: the front matter or the file name has problems, so the page is not built, and whether it
    would be empty is judged once they are fixed (a file being written often has neither yet)."""
    problems = check_size(path, text)
    if kind in NOT_EMPTY_KINDS:
        problems += check_not_empty(path, body, body_line)
    return problems + check_body(path, body, body_line, embed_hosts)


def check_size(path: str, text: str) -> list[Problem]:
    """A problem naming the size of a source over ``MAX_SOURCE_BYTES`` (counted as UTF-8, as it is stored)."""
    size = len(text.encode("utf-8"))
    if size <= MAX_SOURCE_BYTES:
        return []
    return [Problem(path, 0, "", "file too large", f"at most {MAX_SOURCE_BYTES:,} bytes, 1 MiB; images and "
                    "attachments belong in files of their own", f"{size:,} bytes, {size / MAX_SOURCE_BYTES:.1f} MiB")]


def check_not_empty(path: str, body: str, body_line: int) -> list[Problem]:
    """A problem when the body shows nothing: it is empty, or holds only comments."""
    if _COMMENT.sub("", body).strip():
        return []
    got = "nothing" if not body.strip() else "only comments"
    return [Problem(path, body_line, "body", "empty page", "text below the front matter", got)]


def check_body(path: str, body: str, body_line: int, embed_hosts: Sequence[str] | None) -> list[Problem]:
    """A problem at its line for each raw element, attribute or URL in ``body`` that runs script or loads from
    another host; code (fenced, indented, inline) is text and is not looked at, comments are (``_TRANSPARENT``)."""
    hosts = None if embed_hosts is None else frozenset(host.lower() for host in embed_hosts)
    findings = scan_body(body, hosts)
    return [Problem(path, body_line + f.line - 1, "body", f.problem, f.expected, f.got) for f in findings]


def scan_body(body: str, hosts: frozenset[str] | None) -> list[Finding]:
    """The findings of ``body`` in line order; ``hosts`` as in ``check_body`` (None: not judged by host)."""
    masked = mask_code(body)
    # A fenced diagram is judged by its fence: Material would turn it into a diagram in the browser.
    found = [Finding(fence.line + 1, "mermaid", "", "mermaid diagram is not allowed", _MERMAID,
                     _shorten(body.split("\n")[fence.line].strip()), sure=True)
             for fence in masked.fences if re.search(r"\bmermaid\b", fence.info, re.IGNORECASE)]
    found += scan_markdown(masked.text, hosts) + scan_html(masked.text, hosts) + scan_inline_html(masked.text, hosts)
    if masked.hid_anything:
        # What was taken for code is confirmed by Markdown itself: the findings are those of the rendered page,
        # placed at the lines the source scan found for them. Rare: support pages seldom show code.
        found = _placed(scan_html(render(body), hosts), found, body)
    return sorted(dict.fromkeys(found), key=lambda f: f.line)  # a tag both readings find is one finding


def render(body: str) -> str:
    """The body as the site's Markdown renders it (MkDocs' own link rewriting aside)."""
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS)).convert(body)


def _placed(rendered: list[Finding], source: list[Finding], body: str) -> list[Finding]:
    """Each finding of the rendered page, at the line of the source finding it matches, else where its text is."""
    waiting: dict[tuple[str, str], list[Finding]] = {}
    for finding in source:
        waiting.setdefault((finding.rule, finding.subject), []).append(finding)
    lines = body.lower().split("\n")
    placed = []
    for finding in rendered:
        matches = waiting.get((finding.rule, finding.subject))
        if matches:
            placed.append(matches.pop(0))
            continue
        needle = finding.needle.lower()
        line = next((n for n, text in enumerate(lines, 1) if needle and needle in text), 1)
        placed.append(replace(finding, line=line))
    return placed + [f for matches in waiting.values() for f in matches if f.sure]


# --- URLs ------------------------------------------------------------------------------------------------------


def _clean(url: str) -> str:
    """The URL as a browser reads it: without surrounding spaces and controls, and without tabs or newlines."""
    return re.sub(r"[\t\n\r]", "", url).strip(_CONTROL)


def _check_url(url: str, hosts: frozenset[str] | None, loaded_by: str | None) -> tuple[str, str, str, str] | None:
    """(rule, subject, problem, expected) for a URL that may not be there; ``loaded_by`` names what fetches it
    as the page loads (``<img src>``), None for a link, which is followed only when clicked."""
    clean = _clean(url)
    scheme_match = _SCHEME.match(clean)
    scheme = scheme_match[1].lower() if scheme_match else ""
    if scheme in SCRIPT_SCHEMES:
        return "scheme", clean.lower(), f"{scheme}: URL is not allowed", _FILE_OR_LISTED if loaded_by else _LINK_TARGETS
    slashed = clean.replace("\\", "/")  # browsers read \ as / in web addresses
    if loaded_by is None or (not scheme and not slashed.startswith("//")) or hosts is None:
        return None
    try:
        parts = urlsplit(slashed)
        host, port, user = parts.hostname, parts.port, parts.username
    except ValueError:
        host, port, user = None, None, None
    if host in hosts and port is None and user is None:
        if scheme in ("", "https"):
            return None
        if scheme == "http":
            return "remote", clean, f"{loaded_by} over http is not allowed", "an https address"
    return "remote", clean, f"{loaded_by} from another host is not allowed", _FILE_OR_LISTED


def _url_finding(url: str, hosts: frozenset[str] | None, loaded_by: str | None, line: int) -> list[Finding]:
    checked = _check_url(url, hosts, loaded_by)
    if checked is None:
        return []
    rule, subject, problem, expected = checked
    return [Finding(line, rule, subject, problem, expected, repr(_shorten(_clean(url))), _clean(url))]


# --- attributes, wherever they come from (HTML tags, attribute lists) --------------------------------------------


def _attribute_findings(tag: str | None, attrs: Iterable[tuple[str, str | None]], hosts: frozenset[str] | None,
                        line_of) -> list[Finding]:
    """``tag`` None: a Markdown attribute list ``{: … }``, which may set any attribute on the element before it."""
    found: list[Finding] = []
    for name, value in attrs:
        name, value, line = name.lower(), value or "", line_of(name)
        what = f"<{tag} {name}>" if tag else f"{name} in an attribute list {{: … }}"
        if name.startswith("on"):
            found.append(Finding(line, "handler", name, f"event-handler attribute {name} is not allowed",
                                 f"HTML without on… event-handler attributes; {_NO_SCRIPT}",
                                 _shorten(f'{name}="{value}"'), name))
        elif name == "style":
            found += _style_findings(value, hosts, line)
        elif name in (".", "class") and MERMAID_CLASSES & set(value.split()):
            found.append(Finding(line, "mermaid", "", "mermaid diagram is not allowed", _MERMAID,
                                 _shorten(f'class="{value}"'), "mermaid"))
        elif name in ("srcset", "imagesrcset"):
            for candidate in value.split(","):
                if candidate.strip():
                    found += _url_finding(candidate.split()[0], hosts, what, line)
        elif name == "ping":
            for url in value.split():
                found += _url_finding(url, hosts, what, line)
        elif name in LOADING_ATTRIBUTES or (name in ("href", "xlink:href") and tag in SVG_LOADERS):
            found += _url_finding(value, hosts, what, line)
        elif name in LINK_ATTRIBUTES:
            found += _url_finding(value, hosts, None, line)
        elif name == "values":  # SVG animation: a list that could set a link's target
            for url in value.split(";"):
                found += _url_finding(url, hosts, None, line)
    return found


def _style_findings(style: str, hosts: frozenset[str] | None, line: int) -> list[Finding]:
    css = _CSS_ESCAPE.sub(_unescape_css, re.sub(r"/\*.*?\*/", "", style, flags=re.DOTALL))
    found = []
    if "@import" in css.lower():
        found.append(Finding(line, "import", "", "@import is not allowed", _STYLESHEETS,
                             _shorten(f'style="{style}"'), "@import"))
    urls = [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(css)]
    for image_set in _CSS_IMAGE_SET.finditer(css):
        urls += [m[1] if m[1] is not None else m[2] for m in _CSS_STRING.finditer(image_set[1])]
    for url in urls:
        found += _url_finding(url, hosts, "url() in a style attribute", line)
    return found


def _unescape_css(match: re.Match) -> str:
    if match[1] is None:
        return match[2]
    code = int(match[1], 16)
    return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


# --- raw HTML ------------------------------------------------------------------------------------------------------

# A comment hides nothing from the check. Where one ends is read differently by Python's parser, by Markdown (a
# comment in a paragraph ends with it; an unclosed one is text) and by browsers ("<!-->" is a whole comment), so
# the delimiters of comments, CDATA, declarations and processing instructions are read as spaces: what they
# enclose is checked too.
_TRANSPARENT = re.compile(r"<!--|--!?(?=>)|<!\[CDATA\[|\]\](?=>)|<!|<\?|\?(?=>)")  # a closing ">" stays: it ends a tag


def _transparent(text: str) -> str:
    return _TRANSPARENT.sub(lambda match: " " * len(match[0]), text)


class _HtmlScanner(HTMLParser):
    def __init__(self, hosts: frozenset[str] | None):
        super().__init__(convert_charrefs=True)
        self.hosts = hosts
        self.found: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        text = self.get_starttag_text() or f"<{tag}>"
        values = dict(attrs)
        if tag in ELEMENTS and (tag != "iframe" or not self._embeddable(values)):
            self.found.append(Finding(line, "element", tag, f"raw <{tag}> is not allowed", ELEMENTS[tag],
                                      _shorten(text), f"<{tag}"))
            return
        self.found += _attribute_findings(tag, attrs, self.hosts, lambda name: _line_of(name, text, line))

    def _embeddable(self, attrs: dict[str, str | None]) -> bool:
        """An iframe that shows a page of a listed host, and only that (``srcdoc`` would replace it)."""
        src = _clean(attrs.get("src") or "")
        if "srcdoc" in attrs or not re.match(r"(?i)(https:)?//", src.replace("\\", "/")):
            return False
        return _check_url(src, self.hosts, "<iframe src>") is None


def scan_html(text: str, hosts: frozenset[str] | None) -> list[Finding]:
    """The raw HTML of ``text`` (Markdown with its code masked, or a rendered page) read as a browser reads it,
    but for comments (above)."""
    if "<" not in text:
        return []
    scanner = _HtmlScanner(hosts)
    scanner.feed(_transparent(text))
    if re.match(r"<[a-zA-Z]", scanner.rawdata):
        # A tag left open at the end would close on the first ">" of the page around it.
        scanner.feed(">")
    scanner.close()
    return scanner.found


def scan_inline_html(text: str, hosts: frozenset[str] | None) -> list[Finding]:
    """Each tag as Markdown finds HTML inside a paragraph. Where a broken tag (``<p 1. <'<script>…``) would make
    the parser above swallow the tags after it, Markdown escapes the broken one and passes the next one on."""
    if "<" not in text:
        return []
    starts = _line_starts(text)
    found: list[Finding] = []
    for match in _INLINE_HTML.finditer(_transparent(text)):
        if match[0][1:2].isalpha():
            line = bisect.bisect_right(starts, match.start()) - 1
            found += [replace(f, line=f.line + line) for f in scan_html(match[0], hosts)]
    return found


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_of(name: str, tag_text: str, tag_line: int) -> int:
    """The line of attribute ``name`` in a start tag that may span lines."""
    match = re.search(rf"(?:^|[\s/\"']){re.escape(name)}\s*(?:=|[\s/>]|$)", tag_text, re.IGNORECASE)
    return tag_line + (tag_text.count("\n", 0, match.start()) if match else 0)


# --- Markdown ------------------------------------------------------------------------------------------------------


class _Unescaped:
    """Python-Markdown's own link parsing, without its stash (the masked text has none): exact brackets and titles."""

    def unescape(self, text: str) -> str:
        return text


class _Image(_Unescaped, ImageInlineProcessor):
    pass


class _ImageReference(_Unescaped, ImageReferenceInlineProcessor):
    pass


class _ShortImageReference(_Unescaped, ShortImageReferenceInlineProcessor):
    pass


class _Link(_Unescaped, LinkInlineProcessor):
    pass


def scan_markdown(text: str, hosts: frozenset[str] | None) -> list[Finding]:
    """Markdown's ways to a URL or an attribute: images, links, reference definitions, autolinks, ``{: … }``."""
    starts = _line_starts(text)

    def line_at(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    found: list[Finding] = []
    # Every definition of an id counts, wherever it stands (in a list item, a quote): one Markdown would not take
    # for a definition costs at most a needless problem, never a missed one.
    definitions: dict[str, list[str]] = {}
    if "]:" in text:
        for m in _REFERENCE.finditer(text):
            url = html.unescape(m[2].lstrip("<").rstrip(">"))
            definitions.setdefault(m[1].strip().lower(), []).append(url)
            found += _url_finding(url, hosts, None, line_at(m.start(2)))
    if "[" in text:
        # Markdown's processors give the id an image refers to: its "URL" is the id, resolved below.
        md = SimpleNamespace(references={name: (_ID + name, None) for name in definitions})
        images = (_Image(IMAGE_LINK_RE, md), _ImageReference(IMAGE_REFERENCE_RE, md),
                  _ShortImageReference(IMAGE_REFERENCE_RE, md))
        link = _Link(LINK_RE, md)
        # Paragraph by paragraph, as Markdown reads inline syntax: an unclosed bracket costs one paragraph's length.
        for block in _PARAGRAPH.finditer(text):
            data, offset = block[0], block.start()
            if "]" not in data:
                continue
            for m in re.finditer(r"!\[", data):
                element = next((e for p in images for e in [p.handleMatch(m, data)[0]] if e is not None), None)
                src = "" if element is None else element.get("src", "")
                urls = definitions[src[len(_ID):]] if src.startswith(_ID) else [html.unescape(src)]
                for url in urls:
                    found += _url_finding(url, hosts, "image", line_at(offset + m.start()))
            for m in re.finditer(LINK_RE, data):
                element = link.handleMatch(m, data)[0]  # a link by reference was checked at its definition
                if element is not None:
                    found += _url_finding(html.unescape(element.get("href", "")), hosts, None,
                                          line_at(offset + m.start()))
    if "<" in text:
        for m in re.finditer(AUTOLINK_RE, text):
            found += _url_finding(html.unescape(m[1]), hosts, None, line_at(m.start()))
    if "{" in text:
        for m in _ATTR_LIST.finditer(text):
            found += _attribute_findings(None, [(k, v) for k, v in get_attrs(m[1])], hosts,
                                         lambda name, line=line_at(m.start()): line)
    return found


def _shorten(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"
