"""The knowledge base: FAQ by team, by product and by tag, manuals (contents, previous/next, one page), breadcrumbs, FAQPage JSON-LD, Finnish dates.

Generated pages are Markdown with relative ``.md`` links, so MkDocs resolves and (under ``--strict``) checks every
link; blocks added to rendered pages are HTML from ``hooks/templates/knowledge/``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as htmllib
import json
import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from babel.dates import format_date
from jinja2 import Environment
from markupsafe import Markup

from hooks.core import markup
from hooks.core.config import Product, Team
from hooks.core.content import Chapter, FaqArticle, Manual, NewsPost, Project, page_url, site_uri
from hooks.core.feeds import FeedEntry, FeedMeta
from hooks.core.gitdates import GitDates
from hooks.core.urls import relative_url

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "knowledge"
FAQ_INDEX = "ukk/index.md"
ACADEMY_INDEX = "academy/index.md"
NEWS_INDEX = "academy/news/index.md"
PRODUCTS_INDEX = "ukk/tuotteet/index.md"
TAGS_INDEX = "ukk/aiheet/index.md"
ONE_PAGE_NAME = "kokonaan.md"
STATUS_INDEX = "status/index.md"
HOME = "index.md"

LABELS = {
    "home": "Etusivu", "faq": "UKK", "academy": "Akatemia", "news": "Tuoteuutiset",
    "products": "Kysymykset tuotteittain", "tags": "Aiheet", "manuals": "Käyttöoppaat",
}
LISTING_MARK = "<!-- knowledge:listing -->"  # in faq_index.md: where the writer's text ends and the generated list starts
# Generated pages hold their link lists and the one-page manual its chapters as these markers; the HTML goes in
# after Markdown. Issue 6: 1,000 Markdown links per list page and every chapter converted a second time for the
# one-page view were a tenth of a build, for output that needs no Markdown.
LINKS_MARK = re.compile(r"<!-- knowledge:links (\d+) -->")
CHAPTER_MARK = re.compile(r"<!-- knowledge:chapter (\d+) -->")
RELATED_MARK = "<!-- knowledge:related -->"  # where an article's related-articles list goes (fill_related)
NEWS_ATOM, NEWS_RSS = "academy/news.atom", "academy/news.rss"
KIND_LABELS = {"faq": "Kysymys", "chapter": "Käyttöopas", "news": "Tuoteuutinen", "manual": "Käyttöopas", "page": "Sivu"}


# --- small pure helpers ---------------------------------------------------------------------------


def slugify(text: str) -> str:
    """A URL-safe name for a tag: ``Palkka-ajo`` → ``palkka-ajo``, ``Etäyhteys`` → ``etayhteys``."""
    folded = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "aihe"


@functools.lru_cache(maxsize=4096)  # Babel takes a fraction of a millisecond per call; pages share their dates
def finnish_date(day: dt.date) -> str:
    """``27. marraskuuta 2026``: Babel's long Finnish date, never the OS locale."""
    return format_date(day, format="long", locale="fi")


def md_link(from_uri: str, to_uri: str) -> str:
    """A relative link between two source files, as written in Markdown (MkDocs resolves and checks it)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<a [^>]*class=\"headerlink\"[^>]*>.*?</a>", re.DOTALL | re.IGNORECASE)
_BLOCK = re.compile(r"</?(?:p|li|br|div|h[1-6]|tr|td|th|dt|dd|ul|ol|table|blockquote|pre)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]+>")


def html_to_text(html: str) -> str:
    """Rendered HTML as plain text (for ``acceptedAnswer.text``): no scripts, permalinks or tags, entities decoded.

    Regular expressions rather than an HTML parser: this runs on every FAQ page, and MkDocs' output is regular."""
    text = _HIDDEN.sub(" ", html)
    text = _BLOCK.sub(" ", text)
    text = _ANY_TAG.sub("", text)
    return re.sub(r"\s+", " ", htmllib.unescape(text)).strip()


JSONLD_ANSWER_CHARS = 1000
"""The answer in structured data is a summary for search engines (Google shows a few lines), not a copy of the page."""


def bounded_text(text: str, limit: int = JSONLD_ANSWER_CHARS) -> str:
    """``text`` cut at the last word boundary within ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def faq_jsonld(question: str, answer_text: str, url: str, modified: dt.date | None) -> dict[str, Any]:
    """schema.org FAQPage with one Question whose acceptedAnswer is plain text, at most ``JSONLD_ANSWER_CHARS`` long."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": "fi",
        "url": url,
        "mainEntity": [{
            "@type": "Question",
            "name": question,
            "acceptedAnswer": {"@type": "Answer", "text": bounded_text(answer_text)},
        }],
    }
    if modified is not None:
        data["dateModified"] = modified.isoformat()
    return data


_H1_LINE = re.compile(r"#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE_LINE = re.compile(r"^\s*(```|~~~)")


def first_heading(markdown: str) -> str | None:
    """The text of the first ATX ``# heading`` outside fenced code (a shell comment in a code block is not one)."""
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE_LINE.match(line):
            fenced = not fenced
        elif not fenced and (match := _H1_LINE.match(line)):
            return match[1]
    return None


def _environments() -> tuple[Environment, Environment]:
    """The HTML templates' environment (autoescaping) and the Markdown templates' (every value Markdown-escaped)."""
    # auto_reload off: one build never sees a template change, and checking costs a stat() per page (a fresh
    # environment per build still picks up edits under `mkdocs serve`).
    html = markup.environment(TEMPLATES, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    html.filters.update(finnish_date=finnish_date)
    md = markup.markdown_environment(TEMPLATES, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    md.filters.update(slug=_slug)
    return html, md


def _slug(value: str) -> Markup:
    """An id from site_config (validated as lowercase letters, digits and hyphens), printed as it is."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


# --- the model ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str | None  # None: the current page


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build (``File.generated``); ``src_uri`` as MkDocs names files."""

    src_uri: str
    markdown: str


@dataclass(frozen=True)
class LinkItem:
    """One line of a generated link list: ``before`` <a>``title``</a> ``after``, to the source ``uri``."""

    title: str
    uri: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Entry:
    """A link in a generated list: the target's source URI (for Markdown) and URL (for HTML)."""

    title: str
    uri: str
    url: str
    kind: str
    date: dt.date | None = None


def _entry(doc: Any, kind: str, date: dt.date | None = None) -> Entry:
    return Entry(doc.title or "", site_uri(doc.path), doc.url, kind, date)


class KnowledgeBase:
    """One build's view of the FAQ and the Academy: groupings, generated pages, and the blocks on each page."""

    def __init__(self, project: Project, dates: GitDates, site_url: str = "") -> None:
        self.project = project
        self.config = project.config
        self.dates = dates
        self.site_url = site_url or self.config.site_url
        self.env, self.md_env = _environments()
        self.faqs = sorted(project.faqs, key=lambda f: (f.title or "", f.path))
        self.manuals = sorted(project.manuals, key=lambda m: (m.title or "", m.path))
        self.news = sorted(project.news, key=lambda n: (-n.date.toordinal(), n.path))
        self.by_uri: dict[str, Any] = {site_uri(d.path): d for d in project.documents() if hasattr(d, "path")}
        self.manual_of: dict[str, Manual] = {site_uri(c.path): m for m in project.manuals for c in m.chapters}
        self.one_pages: dict[str, Manual] = {self.one_page_uri(m): m for m in project.manuals if m.chapters}
        self.existing: set[str] = set()  # source URIs of the build's files, known from generated_pages() on
        self.link_lists: dict[str, list[list[LinkItem]]] = {}  # source URI → its LINKS_MARK lists, in order

    # groupings

    def faqs_by_team(self) -> list[tuple[Team, list[FaqArticle]]]:
        return [(team, [f for f in self.faqs if f.team == team.id]) for team in self.config.teams]

    def faqs_by_product(self) -> list[tuple[Product, list[FaqArticle]]]:
        return [(product, [f for f in self.faqs if product.id in f.products]) for product in self.config.products]

    def tags(self) -> list[tuple[str, str, list[Entry]]]:
        """(slug, label, entries) for every tag of FAQ articles, chapters and news; spellings that slug alike merge."""
        found: dict[str, tuple[str, dict[str, Entry]]] = {}
        tagged = [*((f, "faq") for f in self.faqs), *((c, "chapter") for m in self.manuals for c in m.chapters),
                  *((n, "news") for n in self.news)]
        for doc, kind in tagged:
            for tag in doc.tags:
                slug = slugify(tag)
                label, entries = found.setdefault(slug, (tag, {}))
                found[slug] = (min(label, tag), entries)
                entries[doc.path] = _entry(doc, kind)
        return [(slug, label, sorted(entries.values(), key=lambda e: (e.title, e.uri)))
                for slug, (label, entries) in sorted(found.items())]

    def tag_uri(self, tag: str) -> str:
        return f"ukk/aiheet/{slugify(tag)}.md"

    def product_uri(self, product_id: str) -> str:
        return f"ukk/tuotteet/{product_id}.md"

    def updated_of(self, doc: Any) -> dt.date | None:
        """The front matter's ``updated`` if given, else the file's last commit (see ``gitdates``)."""
        return getattr(doc, "updated", None) or self.dates.date_of(doc.path)

    # generated pages

    def generated_pages(self, existing: set[str]) -> list[GeneratedPage]:
        """Every page the knowledge base adds; ``existing`` source URIs are never replaced."""
        self.existing = existing
        pages = []
        if self.faqs:
            pages.append(GeneratedPage(PRODUCTS_INDEX, self._render("products.md", uri=PRODUCTS_INDEX)))
        for product in self.products_with_pages():
            uri = self.product_uri(product.id)
            pages.append(GeneratedPage(uri, self._render("product.md", uri=uri, **self._product(product))))
        tags = self.tags()
        if tags:
            pages.append(GeneratedPage(TAGS_INDEX, self._render("tags.md", uri=TAGS_INDEX)))
        for slug, label, entries in tags:
            uri = f"ukk/aiheet/{slug}.md"
            pages.append(GeneratedPage(uri, self._render("tag.md", uri=uri, label=label, entries=entries)))
        if self.news and NEWS_INDEX not in existing:
            pages.append(GeneratedPage(NEWS_INDEX, self._render("news_index.md", uri=NEWS_INDEX)))
        for manual in self.manuals:
            if manual.chapters:
                uri = self.one_page_uri(manual)
                pages.append(GeneratedPage(uri, self._render("manual_one_page.md", uri=uri, manual=manual,
                                                             chapters=[self._chapter_markdown(c) for c in manual.chapters])))
        return [page for page in pages if page.src_uri not in existing]

    def products_with_pages(self) -> list[Product]:
        """Products that some FAQ article, manual or news post names: each gets a page."""
        named = {p for doc in (*self.faqs, *self.manuals, *self.news) for p in doc.products}
        return [product for product in self.config.products if product.id in named]

    def faq_index_markdown(self) -> str:
        """The questions grouped by team, added to the end of ``ukk/index.md``."""
        return self._render("faq_index.md", uri=FAQ_INDEX)

    def one_page_uri(self, manual: Manual) -> str:
        return posixpath.join(posixpath.dirname(site_uri(manual.path)), ONE_PAGE_NAME)

    def _product(self, product: Product) -> dict[str, Any]:
        components = {c.id for c in self.config.status.components}
        return {
            "product": product,
            "faqs": [f for f in self.faqs if product.id in f.products],
            "manuals": [m for m in self.manuals if product.id in m.products],
            "news": [LinkItem(n.title or "", site_uri(n.path), after=f" ({finnish_date(n.date)})")
                     for n in self.news if product.id in n.products],
            # the status page is another hook's; link it only when this site has one
            "has_status": product.id in components and STATUS_INDEX in self.existing,
        }

    def _chapter_markdown(self, chapter: Chapter) -> dict[str, Any]:
        """The chapter's heading in the one-page view: its own ``# heading`` (Markdown and attributes kept), else its title."""
        # The heading is the writer's own Markdown, from the chapter's body (as trusted as the body itself).
        heading = first_heading(chapter.body)
        return {"chapter": chapter, "heading": Markup(heading) if heading is not None else chapter.title}

    def _render(self, template: str, uri: str, **context: Any) -> str:
        lists = self.link_lists[uri] = []

        def link(target: str) -> Markup:
            return Markup(md_link(uri, target))  # a path between our own source names, not text to escape

        def links(items: Any) -> Markup:
            lists.append([item if isinstance(item, LinkItem) else LinkItem(item.title or "", _uri_of(item))
                          for item in items])
            return Markup(f"<!-- knowledge:links {len(lists) - 1} -->")

        return self.md_env.get_template(template).render(
            kb=self, link=link, links=links, site_uri=site_uri, labels=LABELS, status_index=STATUS_INDEX, **context)

    def tag_index_items(self) -> list[LinkItem]:
        return [LinkItem(label, f"ukk/aiheet/{slug}.md", after=f" ({len(entries)})") for slug, label, entries in self.tags()]

    def news_items(self) -> list[LinkItem]:
        return [LinkItem(post.title or "", site_uri(post.path), before=f"{finnish_date(post.date)}: ") for post in self.news]

    # blocks on rendered pages

    def breadcrumbs(self, uri: str, title: str) -> list[Crumb]:
        """Home › section › (manual) › this page, as source URIs to resolve against the page."""
        trail: list[tuple[str, str]] = [(LABELS["home"], HOME)]
        if uri.startswith("ukk/") and uri != FAQ_INDEX:
            trail.append((LABELS["faq"], FAQ_INDEX))
            if uri.startswith("ukk/tuotteet/") and uri != PRODUCTS_INDEX:
                trail.append((LABELS["products"], PRODUCTS_INDEX))
            if uri.startswith("ukk/aiheet/") and uri != TAGS_INDEX:
                trail.append((LABELS["tags"], TAGS_INDEX))
        elif uri.startswith("academy/") and uri != ACADEMY_INDEX:
            trail.append((LABELS["academy"], ACADEMY_INDEX))
            manual = self.manual_of.get(uri) or self.one_pages.get(uri)
            if manual is not None:
                trail.append((manual.title or "", site_uri(manual.path)))
            if uri.startswith("academy/news/") and uri != NEWS_INDEX:
                trail.append((LABELS["news"], NEWS_INDEX))
        elif uri == HOME:
            return []
        crumbs = [Crumb(label, target) for label, target in trail]
        crumbs.append(Crumb(title, None))
        return crumbs

    def page_blocks(self, uri: str, url: str, title: str, body_html: str,
                    page_urls: dict[str, str] | None = None) -> tuple[str, str, str, str]:
        """HTML to put (before the page, after its first heading, after the page, in its head) for the source ``uri``.

        Structured data goes in the head: Material's instant navigation re-runs every script element of the
        content it swaps in, as script, whatever its type."""
        href = _linker(url, page_urls)
        doc = self.by_uri.get(uri)
        crumbs = self.breadcrumbs(uri, title)
        before = self.env.get_template("breadcrumbs.html").render(crumbs=crumbs, href=href) if crumbs else ""
        after_title, after, head = "", [], ""
        if isinstance(doc, (FaqArticle, Chapter, Manual)):
            day = self.updated_of(doc)
            if day is not None:
                after_title = self.env.get_template("updated.html").render(label="Päivitetty", day=day)
        elif isinstance(doc, NewsPost):
            after_title = self.env.get_template("updated.html").render(label="Julkaistu", day=doc.date)
        if isinstance(doc, Manual) and doc.chapters:
            after.append(self.env.get_template("manual_toc.html").render(
                manual=doc, chapters=[(site_uri(c.path), c) for c in doc.chapters],
                one_page=self.one_page_uri(doc), href=href))
        if isinstance(doc, Chapter):
            manual = self.manual_of[uri]
            chapters = list(manual.chapters)
            index = next(i for i, c in enumerate(chapters) if c.path == doc.path)
            after.append(self.env.get_template("chapter_nav.html").render(
                manual=manual, manual_uri=site_uri(manual.path), number=index + 1, count=len(chapters),
                previous=chapters[index - 1] if index > 0 else None,
                next=chapters[index + 1] if index + 1 < len(chapters) else None,
                site_uri=site_uri, href=href))
        if isinstance(doc, (FaqArticle, Chapter)):
            after.append(RELATED_MARK)  # see fill_related
        if isinstance(doc, FaqArticle):
            answer = re.sub(r"<h1[^>]*>.*?</h1>", " ", body_html, count=1, flags=re.DOTALL)  # the question, not the answer
            data = faq_jsonld(doc.title or title, html_to_text(answer), self.site_url.rstrip("/") + "/" + url,
                              self.updated_of(doc))
            head = self.env.get_template("jsonld.html").render(data=data)
        return before, after_title, "\n".join(after), head

    def compose_page(self, uri: str, url: str, title: str, html: str,
                     page_urls: dict[str, str] | None = None) -> tuple[str, str]:
        """The page's HTML with breadcrumbs, date, contents or chapter navigation and related articles, and the
        HTML for its head (JSON-LD).

        Written pages (not generated lists) are wrapped in ``data-pagefind-body``: the site search indexes them
        only, with their tags and keywords as hidden, heavily weighted words (a customer's synonyms)."""
        before, after_title, after, head_html = self.page_blocks(uri, url, title, html, page_urls)
        if uri in self.link_lists:
            html = self._fill_link_lists(uri, url, html, page_urls or {})
        body, listing = html.split(LISTING_MARK, 1) if LISTING_MARK in html else (html, "")
        head, rest = "", body
        match = re.search(r"</h1>", body)
        if match:
            head, rest = body[:match.end()], body[match.end():]
        page = self.env.get_template("page.html").render(
            before=Markup(before), head=Markup(head), title=title, after_title=Markup(after_title), rest=Markup(rest),
            listing=Markup(listing), after=Markup(after), terms=self.search_terms(uri), searchable=self.searchable(uri))
        return page, head_html

    def _fill_link_lists(self, uri: str, url: str, html: str, urls: dict[str, str]) -> str:
        lists = self.link_lists[uri]
        template = self.env.get_template("links.html")
        href = _linker(url, urls)
        return LINKS_MARK.sub(lambda m: template.render(items=lists[int(m[1])], href=href).rstrip("\n"), html)

    def one_page_manual(self, uri: str) -> Manual | None:
        """The manual whose one-page view ``uri`` is, if it is one."""
        return self.one_pages.get(uri)

    def fill_related(self, html: str, url: str, related: tuple[str, ...], page_urls: dict[str, str] | None = None) -> str:
        """The page with its related-articles list in place of ``RELATED_MARK`` (nothing, if there are none).

        A separate step because the choice may still be computed in another process when the page is written:
        the build then fills the mark in the written file at its end. Either way the bytes are the same."""
        if RELATED_MARK not in html:
            return html
        block = ""
        if related:
            entries = [self._related_entry(path) for path in related]
            block = self.env.get_template("related.html").render(entries=entries, href=_linker(url, page_urls),
                                                                 kinds=KIND_LABELS)
        return html.replace(RELATED_MARK, block, 1)

    def _related_entry(self, path: str) -> Entry:
        doc = self.by_uri[site_uri(path)]
        kind = {FaqArticle: "faq", Chapter: "chapter", NewsPost: "news", Manual: "manual"}.get(type(doc), "page")
        return _entry(doc, kind)

    def searchable(self, uri: str) -> bool:
        """Whether the site search indexes the page: written pages, not generated lists or status posts."""
        return uri in self.by_uri and not uri.startswith("status/")

    def search_terms(self, uri: str) -> str:
        """Tags and keywords of a page, for the static search index (not shown)."""
        doc = self.by_uri.get(uri)
        words = [*getattr(doc, "tags", ()), *getattr(doc, "keywords", ())]
        return " ".join(dict.fromkeys(words))


def _linker(url: str, page_urls: dict[str, str] | None) -> Callable[[str], str]:
    """``href(source_uri)`` for links on the page published at ``url``: the build's URL of the target, relative."""
    urls = page_urls or {}

    def href(target_uri: str) -> str:
        target = urls.get(target_uri)
        return relative_url(url, _url_of(target_uri) if target is None else target)
    return href


def _uri_of(item: Any) -> str:
    """The source URI of a list item: an ``Entry`` knows it, a document knows its path."""
    return item.uri if isinstance(item, Entry) else site_uri(item.path)


_FIRST_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>\s*", re.DOTALL)
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_ID = re.compile(r'\bid="([^"]+)"')
_FRAGMENT_HREF = re.compile(r'\bhref="#([^"]+)"')


def merge_chapters(html: str, chapters: list[str]) -> tuple[str, list[dict[str, str]]]:
    """The one-page manual: each ``CHAPTER_MARK`` replaced by that chapter's rendered HTML, one level deeper.

    A chapter loses its ``<h1>`` (the page has the chapter's heading already), its headings go one level down
    (``h6`` stays), and an id already on the page gets ``_1``, ``_2``… as Python-Markdown's ``toc`` would, with
    the chapter's ``#`` links following. Relative links need no change: chapters and the one-page view are
    published side by side. Returns the HTML and, per chapter, its ids old → new (for the table of contents)."""
    used = set(_ID.findall(html))
    renamed: list[dict[str, str]] = [{} for _ in chapters]

    def chapter(match: re.Match) -> str:
        number = int(match[1])
        body = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + 1)}", _FIRST_H1.sub("", chapters[number], count=1))
        ids = renamed[number]
        for old in _ID.findall(body):
            new, suffix = old, 0
            while new in used:
                suffix += 1
                new = f"{old}_{suffix}"
            used.add(new)
            ids.setdefault(old, new)
        body = _ID.sub(lambda m: f'id="{ids[m[1]]}"', body)
        return _FRAGMENT_HREF.sub(lambda m: f'href="#{ids.get(m[1], m[1])}"', body)

    return CHAPTER_MARK.sub(chapter, html), renamed


def _url_of(uri: str) -> str:
    """The published URL of a source URI (``ukk/a.md`` → ``ukk/a/``), when the build did not say."""
    return page_url(uri if uri.startswith(("academy/", "status/")) else "content/" + uri)


# --- the product-news feeds -----------------------------------------------------------------------

_LINK_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolute_links(html: str, page_link: str) -> str:
    """Feed readers show entries away from the site: every relative link becomes absolute."""
    return _LINK_ATTR.sub(lambda m: m[1] + urljoin(page_link, m[2]) + m[3], html)


def news_feed(project: Project, site_url: str, html_by_uri: dict[str, str]) -> tuple[FeedMeta, list[FeedEntry]]:
    """The Academy's product news as feed entries: tag-URI ids that never change, dates from front matter only."""
    base = site_url.rstrip("/") + "/"
    host = urlsplit(base).hostname or "localhost"
    tz = project.config.timezone
    entries = []
    for post in project.news:
        link = urljoin(base, post.url)
        published = dt.datetime.combine(post.date, dt.time(9, 0), tzinfo=tz)  # a news day: 09:00 local time
        entries.append(FeedEntry(
            id=f"tag:{host},{post.date.isoformat()}:{post.url.rstrip('/')}", title=post.title or "", link=link,
            published=published, updated=published,
            content_html=absolute_links(html_by_uri.get(site_uri(post.path), ""), link),
            categories=tuple(post.tags), summary=post.description))
    meta = FeedMeta(
        id=urljoin(base, "academy/news/"), title=f"{project.config.organisation.name} Akatemia: tuoteuutiset",
        subtitle="Uudet versiot, muutokset ja ajankohtaiset asiat tuotteistamme.",
        link=urljoin(base, "academy/news/"), atom_url=urljoin(base, NEWS_ATOM), rss_url=urljoin(base, NEWS_RSS),
        language="fi", author=project.config.organisation.name)
    return meta, entries
