"""The knowledge base's generated pages as Markdown: products, tags, news index, one-page manuals, the FAQ index's list.

Pages link with relative ``.md`` links, so MkDocs resolves and (under ``--strict``) checks every link. A long link
list is a ``links`` marker (``hooks/core/markers.py``) instead: 1,000 Markdown links per list page were a tenth of
a build, for output that needs no Markdown. ``link_lists`` keeps each page's lists for the HTML renderer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from hooks.core import markup
from hooks.core.content import Chapter, FaqArticle, NewsPost, site_uri
from hooks.core.formats import Formats
from hooks.core.knowledgemodel import Entry, KnowledgeBase
from hooks.core.markers import mark
from hooks.core.mdcode import first_heading
from hooks.core.rebuild import front_matter
from hooks.core.urlmap import FAQ_INDEX, NEWS_INDEX, PRODUCTS_INDEX, STATUS_INDEX, TAGS_INDEX
from hooks.core.urls import relative_url

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "knowledge"


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


def markdown_environment() -> Environment:
    """The Markdown templates' environment: every value Markdown-escaped (``hooks/core/markup.py``)."""
    env = markup.markdown_environment(TEMPLATES, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(slug=_slug)
    env.globals.update(say=_say, mark=lambda name, key=None: Markup(mark(name, key)), site_uri=site_uri)
    return env


def _say(word: str, **values: Any) -> Markup:
    """One of our own words (``hooks/core/knowledgewords.py``: trusted like the template's text, so ``.`` stays
    ``.``) with its ``{…}`` filled by values escaped as any value is."""
    return Markup(word.format(**{name: markup.markdown_text(value) for name, value in values.items()}))


def _slug(value: str) -> Markup:
    """An id from site_config (validated as lowercase letters, digits and hyphens), printed as it is."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


# The documents whose front matter no page shows but their own and the pages ``shown_of_others`` names (and the
# navigation, if mkdocs.yml lists one of them).
ONLY_LISTED = (FaqArticle, Chapter, NewsPost)


class KnowledgePages:
    """The generated pages of one build, rendered from the model; ``link_lists``: each page's lists, in order."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.formats = Formats(kb.language)
        self.env = markdown_environment()
        self.link_lists: dict[str, list[list[LinkItem]]] = {}
        self._rendered = True
        self._faq_index: str | None = None

    def generated_pages(self, existing: set[str], rendered: bool = True) -> list[GeneratedPage]:
        """Every page the knowledge base adds in its language; ``existing`` source URIs are never replaced.
        Without ``rendered``, the pages are there without their Markdown: a build that renders none of them
        (``publish status``) needs only their addresses."""
        kb, long_date = self.kb, self.formats.long_date
        self._rendered = rendered
        pages = []
        # The status page in this language if there is one, else the default language's.
        status = next((uri for uri in (kb.uri(STATUS_INDEX), STATUS_INDEX) if uri in existing), None)
        if kb.faqs:
            pages.append(self._page("products.md", kb.uri(PRODUCTS_INDEX)))
        for product in kb.products_with_pages():
            view = kb.product_view(product, status_page=status is not None)
            pages.append(self._page("product.md", kb.product_uri(product.id), view=view, status=status, news=[
                LinkItem(n.title or "", site_uri(n.path), after=f" ({long_date(n.date)})") for n in view.news]))
        if kb.tags:
            items = [LinkItem(tag.label, tag.uri, after=f" ({len(tag.entries)})") for tag in kb.tags]
            pages.append(self._page("tags.md", kb.uri(TAGS_INDEX), items=items))
        for tag in kb.tags:
            pages.append(self._page("tag.md", tag.uri, tag=tag))
        if kb.news and kb.uri(NEWS_INDEX) not in existing:
            items = [LinkItem(n.title or "", site_uri(n.path), before=f"{long_date(n.date)}: ") for n in kb.news]
            pages.append(self._page("news_index.md", kb.uri(NEWS_INDEX), items=items))
        for uri, manual in kb.one_page_views():
            pages.append(self._page("manual_one_page.md", uri, manual=manual,
                                    chapters=[_chapter_heading(c) for c in manual.chapters]))
        return [page for page in pages if page.src_uri not in existing]

    def faq_index_markdown(self) -> str:
        """The questions grouped by team, added to the end of ``ukk/index.md`` (in a translation, ``ukk/index.sv.md``)."""
        if self._faq_index is None:  # once per build: a partial build's plan reads it before the page is rendered
            self._faq_index = self._render("faq_index.md", self.kb.uri(FAQ_INDEX))
        return self._faq_index

    def shown_of_others(self, existing: set[str]) -> dict[str, list[Any]]:
        """What each page of this language shows of other documents (``ONLY_LISTED``), by source URI: a generated
        page's lists (titles, dates, counts), the FAQ index's grouping by team, a manual's chapter titles (its
        contents, each chapter's neighbours). A partial build compares it page by page (hooks/core/rebuild.py), so
        that a title edited in the preview renders its page and the pages that list it, not the whole site."""
        shown: dict[str, list[Any]] = {}
        if self.kb.uri(FAQ_INDEX) in existing:  # its lists are made with its Markdown: made now if not yet
            shown[self.kb.uri(FAQ_INDEX)] = [self.faq_index_markdown()]
        for uri, lists in self.link_lists.items():
            shown.setdefault(uri, []).append([[astuple(item) for item in items] for items in lists])
        for manual in self.kb.manuals:
            chapters = [front_matter(chapter) for chapter in manual.chapters]
            for path in (manual.path, *(chapter.path for chapter in manual.chapters)):
                shown.setdefault(site_uri(path), []).append(chapters)
        return shown

    def _page(self, template: str, uri: str, **context: Any) -> GeneratedPage:
        return GeneratedPage(uri, self._render(template, uri, **context) if self._rendered else "")

    def _render(self, template: str, uri: str, **context: Any) -> str:
        lists = self.link_lists[uri] = []

        def link(target: str) -> Markup:
            return Markup(relative_url(uri, target))  # a path between our own source names, not text to escape

        def links(items: Iterable[Any]) -> Markup:
            lists.append([item if isinstance(item, LinkItem) else LinkItem(item.title or "", _uri_of(item))
                          for item in items])
            return Markup(mark("links", len(lists) - 1))

        kb = self.kb
        # The pages this one links to, in its language.
        uris = {"faq_index": kb.uri(FAQ_INDEX), "products_index": kb.uri(PRODUCTS_INDEX),
                "tags_index": kb.uri(TAGS_INDEX), "product_uri": kb.product_uri, "description": kb.product_description}
        return self.env.get_template(template).render(kb=kb, words=kb.words, language=kb.language, link=link,
                                                      links=links, **uris, **context)


def _chapter_heading(chapter: Chapter) -> Markup | str:
    """A chapter's heading in the one-page view: its own ``# heading`` (Markdown and attributes kept), else its title."""
    # The heading is the writer's own Markdown, from the chapter's body (as trusted as the body itself).
    heading = first_heading(chapter.body)
    return Markup(heading) if heading is not None else chapter.title or ""


def _uri_of(item: Any) -> str:
    """The source URI of a list item: an ``Entry`` knows it, a document knows its path."""
    return item.uri if isinstance(item, Entry) else site_uri(item.path)
