"""Relative links and images in the Markdown sources, resolved as MkDocs resolves them, and the anchors they name."""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from hooks.core.languages import DEFAULT, LANGUAGES, source_in, split
from hooks.core.markers import writer_markers
from hooks.core.mdcode import mask_code
from hooks.core.memo import TextMemo
from hooks.core.problems import Problem
from hooks.core.urlmap import (
    API_V2_FILES, API_V2_FOLDERS, FAQ_INDEX, MAINTENANCE_ICS, MANUALS_FOLDER, NEWS_INDEX, ONE_PAGE_NAME, SITEMAP,
    PRODUCTS_INDEX, STATUS_ATOM, STATUS_COMPONENTS_FOLDER, STATUS_HISTORY_FOLDER, STATUS_INDEX, STATUS_RSS,
    TAGS_INDEX, generated_at, product_uri, published_path, site_uri_of, tag_uri,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
THEME = Path(__file__).resolve().parent.parent / "theme"  # the custom_dir: its static files are the site's too
MARKER_TEMPLATES = {"status-summary": "status/summary.html"}  # the rest are support/<name>.html
EXPECTED_TARGET = "a page or file of the site"
EXPECTED_ANCHOR = "one of its headings' ids"


# --- reading a Markdown body ------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A link or image as written: its line in the body (0-based), target, and whether it is raw HTML."""

    line: int
    target: str
    kind: str  # "link" or "image"
    raw: bool = False


_LIST_OR_BLOCK = re.compile(r"^ {0,3}(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|:[ \t])")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) for each line Markdown reads as text: code (``mdcode``) and HTML comments blanked out."""
    comment = False
    for index, line in enumerate(mask_code(body).text.split("\n")):
        if comment:
            end = line.find("-->")
            if end < 0:
                continue
            comment = False
            line = " " * (end + 3) + line[end + 3:]
        while "<!--" in line:
            start = line.index("<!--")
            end = line.find("-->", start + 4)
            if end < 0:
                comment = True
                line = line[:start]
                break
            line = line[:start] + " " * (end + 3 - start) + line[end + 3:]
        if line.strip():
            yield index, line


_OPENING = re.compile(r"(?<!\\)(!?)\[")
_LINK_TEXT = re.compile(r"((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]\(")
_REFERENCE = re.compile(r"^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*(?:<([^>]*)>|(\S+))")
_RAW = re.compile(r"<(a|img)\b[^>]*?\s(href|src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)


def _destination(line: str, start: int) -> str | None:
    """The link destination that starts at ``start`` (just after ``](``), or None if the link does not close."""
    pos = start
    while pos < len(line) and line[pos] in " \t":
        pos += 1
    if line.startswith("<", pos):
        end = line.find(">", pos)
        return None if end < 0 else line[pos + 1:end]
    depth, out = 0, []
    while pos < len(line):
        char = line[pos]
        if char == "\\" and pos + 1 < len(line):
            out.append(line[pos + 1])
            pos += 2
            continue
        if char in " \t" or (char == ")" and depth == 0):
            break
        depth += {"(": 1, ")": -1}.get(char, 0)
        out.append(char)
        pos += 1
    return "".join(out) if pos < len(line) else None


def find_links(body: str) -> list[Link]:
    """Every inline link and image, reference definition and raw ``<a href>``/``<img src>`` outside code."""
    found = []
    for index, line in prose_lines(body):
        for opening in _OPENING.finditer(line):
            text = _LINK_TEXT.match(line, opening.end())
            if text is None:
                continue
            target = _destination(line, text.end())
            if target is not None:
                found.append(Link(index, target, "image" if opening[1] else "link"))
        reference = _REFERENCE.match(line)
        if reference:
            found.append(Link(index, reference[1] if reference[1] is not None else reference[2], "link"))
        for tag in _RAW.finditer(line):
            target = next(group for group in tag.groups()[2:] if group is not None)
            found.append(Link(index, html.unescape(target), "image" if tag[1].lower() == "img" else "link", raw=True))
    return found


# --- the ids of a page, as Python-Markdown's toc and attr_list give them ----------------------------------

_ATX = re.compile(r"^[ \t]*(#{1,6})(.*?)#*[ \t]*$")  # Python-Markdown needs no space after the #
_SETEXT = re.compile(r"^(=+|-+)[ ]*$")
_HEADER_ATTRS = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*?)[ ]*\}[ ]*$")  # attr_list's HEADER_RE
_ATTRS = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*?)[ ]*\}")
_ATTR_ID = re.compile(r"(?:^|\s)#([^ =}]+)")
_HTML_ID = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*?\s(id|name)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
_INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\](?:\([^)]*\)|\[[^\]]*\])?")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)(_{1,3})(?!_)(.+?)(?<!_)\1(?!\w)")
_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_ID_SUFFIX = re.compile(r"^(.*)_([0-9]+)$")


def slugify(text: str) -> str:
    """Python-Markdown's ``toc`` slug with the default separator (mkdocs.yml sets no other)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def unique(candidate: str, used: set[str]) -> str:
    """``toc``'s rule for an id already taken: ``x`` → ``x_1``, ``x_2``…"""
    if candidate in used or not candidate:
        match = _ID_SUFFIX.match(candidate)
        base, count = (match[1], int(match[2])) if match else (candidate, 0)
        count += 1
        while f"{base}_{count}" in used:
            count += 1
        candidate = f"{base}_{count}"
    used.add(candidate)
    return candidate


def heading_text(markdown: str) -> str:
    """A heading's text as ``toc`` slugs it: inline Markdown rendered, tags stripped, entities decoded."""
    text = _CODE_SPAN.sub(lambda m: m[2].strip(), markdown)
    text = _INLINE_LINK.sub(lambda m: "" if m[1] else m[2], text)
    text = _TAG.sub("", text)
    text = _UNDERSCORE_EMPHASIS.sub(lambda m: m[2], text)
    text = _ESCAPE.sub(lambda m: m[1], text)
    return " ".join(html.unescape(text).split())


def anchor_ids(body: str) -> set[str]:
    """Every id MkDocs finds on the page made of ``body``: headings (``toc``), ``{#id}``/``{: #id }`` (attr_list)
    and raw HTML ``id=`` (and ``<a name=``)."""
    explicit: set[str] = set()
    headings: list[str] = []
    previous: tuple[int, str] | None = None
    raw_lines = body.split("\n")
    for index, line in prose_lines(body):
        attrs = _ATTRS.findall(line)
        for attr in attrs:
            explicit.update(_ATTR_ID.findall(attr))
        for tag in _HTML_ID.finditer(line):
            if tag[2].lower() == "id" or tag[1].lower() == "a":
                explicit.add(html.unescape(next(g for g in tag.groups()[2:] if g is not None)))
        atx = _ATX.match(raw_lines[index])  # the line as written: a code span's text is part of the heading
        setext = _SETEXT.match(line)
        if atx:
            headings.append(atx[2].strip())
        elif setext and previous is not None and previous[0] == index - 1 and not _LIST_OR_BLOCK.match(previous[1]):
            headings.append(previous[1].strip())
        previous = (index, raw_lines[index])
    used = set(explicit)
    for text in headings:
        attrs = _HEADER_ATTRS.search(text)
        if attrs:
            if _ATTR_ID.search(attrs[1]):
                continue  # its own id, already among the explicit ones
            text = text[:attrs.start()]
        unique(slugify(heading_text(text)), used)
    return used


def template_ids(relative: str) -> tuple[frozenset[str], bool]:
    """The ids a template under ``hooks/templates/`` declares literally, and whether it makes others with Jinja."""
    file = TEMPLATES / relative
    if not file.is_file():
        return frozenset(), False
    text = re.sub(r"\{#.*?#\}", "", file.read_text(encoding="utf-8"), flags=re.DOTALL)
    literal, dynamic = set(), False
    for tag in _HTML_ID.finditer(text):
        value = next(g for g in tag.groups()[2:] if g is not None)
        if "{" in value:
            dynamic = True
        else:
            literal.add(value)
    return frozenset(literal), dynamic


def _markdown_template(relative: str) -> str:
    """A Markdown template's lines whose ids are what the template always makes: the lines that print no value, and
    headings whose words are printed (in the page's language) but whose id is written out (``{: #tiimeittain }``)."""
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}", "", (TEMPLATES / relative).read_text(encoding="utf-8"), flags=re.DOTALL)
    kept = []
    for line in text.split("\n"):
        words, brace, attributes = line.partition("{:")
        if "{{" not in line:
            kept.append(line)
        elif brace and "{{" not in attributes and "#" in attributes:
            kept.append(re.sub(r"\{\{.*?\}\}", "x", words) + brace + attributes)
    return "\n".join(kept)


# --- the site's pages and files ---------------------------------------------------------------------------


@dataclass
class PageIds:
    """Where a page's ids come from: Markdown bodies and ids known besides; None when they cannot be known."""

    bodies: tuple[str, ...] = ()
    extra: frozenset[str] = frozenset()
    known: bool = True
    _ids: set[str] | None = field(default=None, repr=False)

    def ids(self) -> set[str] | None:
        if not self.known:
            return None
        if self._ids is None:
            self._ids = anchor_ids("\n\n".join(self.bodies)) | set(self.extra)
        return self._ids


@dataclass
class SiteTargets:
    """What a link may lead to: every file by source URI (MkDocs' ``src_uri``), pages with their ids."""

    files: set[str] = field(default_factory=set)
    pages: dict[str, PageIds] = field(default_factory=dict)
    published: dict[str, str] = field(default_factory=dict)  # path in the built site → source URI

    def add(self, uri: str, page: PageIds | None = None) -> None:
        self.files.add(uri)
        self.published[published_path(uri)] = uri
        if page is not None:
            self.pages[uri] = page


def _marker_ids(body: str) -> tuple[frozenset[str], bool]:
    """Ids the blocks of the page's markers bring (they go in before Markdown), and whether all are known."""
    ids: set[str] = set()
    known = True
    for name in sorted(set(writer_markers(body))):
        literal, dynamic = template_ids(MARKER_TEMPLATES.get(name, f"support/{name}.html"))
        ids |= literal
        known = known and not dynamic
    return frozenset(ids), known


def _status_intro(body: str) -> str:
    """What of ``status/index.md`` the status page keeps: its body without its first ``# `` heading."""
    lines = body.strip().splitlines()
    return "\n".join(lines[1:] if lines and lines[0].startswith("# ") else lines)


def site_targets(files: Iterable[str], documents: Iterable[tuple[str, Any]], config: Any | None) -> SiteTargets:
    """Every file and page of the built site, from the source files and the validated documents.

    ``files`` are repository-relative paths of every source file; ``documents`` (kind, model) pairs as
    ``content.load_project`` reads them; ``config`` the site_config model, or None if it had problems."""
    targets = SiteTargets()
    by_kind: dict[str, list[Any]] = {}
    for kind, doc in documents:
        by_kind.setdefault(kind, []).append(doc)
    written = {site_uri_of(doc.path): doc for docs in by_kind.values() for doc in docs}
    for path in files:
        uri = site_uri_of(path)
        if uri is None:
            continue
        if not uri.endswith(".md"):
            targets.add(uri)
            continue
        doc = written.get(uri)
        if doc is None:  # a source with problems of its own: its ids are unknown until they are fixed
            targets.add(uri, PageIds(known=False))
            continue
        extra, known = _marker_ids(doc.body)
        if uri.startswith("status/") and split(uri)[0] != STATUS_INDEX:  # a post: its timeline block comes from a template
            post_ids, dynamic = template_ids("status/post.html")
            extra, known = extra | post_ids, known and not dynamic
        targets.add(uri, PageIds((doc.body,), extra, known))
    # Templates are rendered, not copied: the pages (*.html) and the sitemap's, which a page may link to all the same.
    for path in sorted(p for p in THEME.rglob("*") if p.is_file() and p.suffix != ".html"
                       and p.relative_to(THEME).as_posix() != SITEMAP):
        targets.add(path.relative_to(THEME).as_posix())
    _add_knowledge_pages(targets, by_kind, config)
    _add_status_pages(targets, by_kind, config)
    return targets


def _add_knowledge_pages(targets: SiteTargets, by_kind: dict[str, list[Any]], config: Any | None) -> None:
    """The knowledge base's generated pages (hooks/core/knowledgepages.py), and what it adds to the FAQ index."""
    faqs, manuals, chapters, news = (by_kind.get(k, []) for k in ("faq", "manual", "chapter", "news"))
    # Their headings come from templates and site_config: anchors into them are left to the build's check.
    unknown = PageIds(known=False)
    generated: list[str] = []
    if faqs:
        generated.append(PRODUCTS_INDEX)
    declared = [p.id for p in config.products] if config is not None else None
    named = {p for doc in (*faqs, *manuals, *news) for p in doc.products}
    generated += [product_uri(p) for p in (declared if declared is not None else sorted(named)) if p in named]
    tags = {tag_uri(tag) for doc in (*faqs, *chapters, *news) for tag in doc.tags}
    if tags:
        generated += [TAGS_INDEX, *sorted(tags)]
    if news:
        generated.append(NEWS_INDEX)
    slugs = {doc.path.split("/")[2] for doc in manuals}
    generated += sorted({f"{MANUALS_FOLDER}{c.manual}/{ONE_PAGE_NAME}" for c in chapters if c.manual in slugs})
    for uri in generated:
        if uri not in targets.files:
            targets.add(uri, unknown)
    faq_index = targets.pages.get(FAQ_INDEX)
    if faq_index is not None and faq_index.known:
        # faq_index.md is added to the page's Markdown; it gives each team's heading the team's id.
        teams = frozenset(t.id for t in config.teams) if config is not None else frozenset()
        targets.pages[FAQ_INDEX] = PageIds((*faq_index.bodies, _markdown_template("knowledge/faq_index.md")),
                                           faq_index.extra | teams, config is not None)


def _add_status_pages(targets: SiteTargets, by_kind: dict[str, list[Any]], config: Any | None) -> None:
    """The status blog's pages and files (hooks/status.py) in every language, with the ids their templates write."""
    posts = by_kind.get("status", [])
    if not posts and not any(doc.path == STATUS_INDEX for doc in by_kind.get("page", [])):
        return
    for code, language in LANGUAGES.items():
        index_uri = source_in(STATUS_INDEX, code)
        index = next((doc for doc in by_kind.get("page", []) if doc.path == index_uri), None)
        written = targets.pages.get(index_uri)
        # The writer's status/index.md (index.sv.md…) becomes the page's intro, without its first heading.
        intro = (_status_intro(index.body),) if index is not None else ()
        targets.add(index_uri, written if written is not None and not written.known
                    else _template_page("status/index.html", intro))
        targets.add(source_in(STATUS_HISTORY_FOLDER + "index.md", code), _template_page("status/history.html"))
        if code != DEFAULT:  # a translation's post pages are generated beside the written posts
            for post in posts:
                targets.add(source_in(post.path, code), _template_page("status/post.html"))
        if config is not None:
            for month in sorted({post.updates[0].at.astimezone(config.timezone).strftime("%Y-%m") for post in posts}):
                targets.add(source_in(f"{STATUS_HISTORY_FOLDER}{month}/index.md", code),
                            _template_page("status/month.html"))
            for component in config.status.components:
                base = f"{STATUS_COMPONENTS_FOLDER}{component.id}/"
                targets.add(source_in(base + "index.md", code), _template_page("status/component.html"))
                targets.add(language.prefix + base + "history.atom")
                targets.add(language.prefix + base + "history.rss")
        for uri in (STATUS_ATOM, STATUS_RSS, MAINTENANCE_ICS):
            targets.add(language.prefix + uri)
    for uri in (folder + name for folder in API_V2_FOLDERS for name in API_V2_FILES):  # the default language's only
        targets.add(uri)


def _template_page(template: str, bodies: tuple[str, ...] = ()) -> PageIds:
    """A generated page whose block (filled in after Markdown) comes from ``template``: its literal ids count."""
    literal, dynamic = template_ids(template)
    return PageIds(bodies, literal, known=not dynamic)


# --- checking ---------------------------------------------------------------------------------------------


def _target_uri(src_uri: str, path: str) -> str:
    """MkDocs' resolution of a relative link (``_RelativePathTreeprocessor._target_uri``)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path).lstrip("/"))


# Reading the bodies is most of the check (0.4 s at 5,000 pages): only changed ones are read again, under
# `mkdocs serve` and, through .cache/ (load_found_links), in the next build. Keyed by a digest of the body.
_FOUND: TextMemo[tuple[Link, ...]] = TextMemo()


def load_found_links(file: Path, version: str) -> None:
    """Take the links found by an earlier process (``save_found_links``) with the same ``version`` of the code."""
    if not _FOUND:
        _FOUND.load(file, version)


def save_found_links(file: Path, version: str) -> None:
    """Keep the links found in each body for the next process."""
    _FOUND.save(file, version)


Found = tuple[str, str, str]  # problem, expected, got


def check_links(files: Iterable[str], documents: Iterable[tuple[str, Any]], config: Any | None,
                *, partial: bool = False, bodies: Iterable[Any] | None = None) -> list[Problem]:
    """A problem for each relative link or image in the documents whose target or anchor the site lacks.

    ``bodies`` (anything with ``path``, ``body`` and ``body_line``): the texts whose links are checked, when not
    only the valid documents' (a page with a bad front matter still has its links judged).

    ``partial``: other problems were found, so some documents are missing from ``documents`` and the build's
    generated pages are not all known; links to where the build generates pages are then not judged.

    Left to the build's own check (which names no line): anchors into the knowledge base's generated pages
    (their headings come from templates and site_config), a link to a status post written ahead of time (the
    build leaves the post out until its first update is due; the check has no clock), and links to Material's
    own static files (``hooks/theme/``'s are known). Raw HTML, which MkDocs does not check at all, is checked
    here the way the browser reads it."""
    documents = list(documents)
    targets = site_targets(files, documents, config)
    problems: list[Problem] = []
    texts = list(bodies) if bodies is not None else [doc for _, doc in documents]
    for doc in texts:
        src_uri = site_uri_of(doc.path)
        if src_uri is None:
            continue
        digest = hashlib.blake2b(doc.body.encode("utf-8"), digest_size=16).digest()
        for link in _FOUND.get(doc.path, digest, lambda: tuple(find_links(doc.body))):  # noqa: B023 - called at once
            found = _check(link, src_uri, targets, partial)
            if found is not None:
                problem, expected, got = found
                problems.append(Problem(doc.path, doc.body_line + link.line, link.kind, problem, expected, repr(got)))
    _FOUND.forget({doc.path for doc in texts})
    return problems


def _check(link: Link, src_uri: str, targets: SiteTargets, partial: bool) -> Found | None:
    """(problem, expected, got) for a broken link, None for a good one or one MkDocs does not judge."""
    scheme, netloc, path, _, anchor = urlsplit(link.target)
    if scheme or netloc or link.target.startswith(("/", "\\")):
        return None  # another site, mailto: and the like, or an absolute path (validation.absolute_links: info)
    if link.raw:
        return _check_raw(link, src_uri, path, anchor, targets)
    if not path:
        return _check_anchor(src_uri, src_uri, anchor, targets)
    target = _target_uri(src_uri, unquote(path))
    if target not in targets.files:
        if partial and generated_at(published_path(target)) is not None:
            return None
        return "target not found", EXPECTED_TARGET, link.target
    return _check_anchor(src_uri, target, anchor, targets)


def _check_raw(link: Link, src_uri: str, path: str, anchor: str, targets: SiteTargets) -> Found | None:
    """Raw HTML is left as written (MkDocs does not rewrite it): the browser resolves it from the page's address."""
    base = posixpath.dirname(published_path(src_uri))
    if not path:
        return _check_anchor(src_uri, src_uri, anchor, targets)
    published = posixpath.normpath(posixpath.join(base, unquote(path)))
    candidates = [published, posixpath.join(published, "index.html")] if published != "." else ["index.html"]
    if published != ".." and not published.startswith("../"):
        for candidate in candidates:
            uri = targets.published.get(candidate)
            if uri is not None:
                return _check_anchor(src_uri, uri, anchor, targets)
        if any(generated_at(candidate) is not None for candidate in candidates):
            return None  # written by the build after the pages (feeds, hours exports, the search index)
    return "target not found", f"{EXPECTED_TARGET}, from the page's address /{base + '/' if base else ''}", link.target


def _check_anchor(src_uri: str, target: str, anchor: str, targets: SiteTargets) -> Found | None:
    page = targets.pages.get(target)
    if not anchor or page is None:
        return None  # no anchor, or a file that is not a page (MkDocs checks anchors on pages only)
    ids = page.ids()
    if ids is None or anchor in ids:
        return None
    where = "this page" if target == src_uri else target
    return f"anchor not found in {where}", EXPECTED_ANCHOR, "#" + anchor
