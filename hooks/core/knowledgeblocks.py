"""The HTML the knowledge base adds to pages: trail, date, contents, chapter navigation, lists, related, JSON-LD.

Every block is a template of ``hooks/templates/knowledge/`` rendered from the model; links are relative to the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from hooks.core import markup
from hooks.core.content import Chapter, FaqArticle, Manual, site_uri
from hooks.core.faqjsonld import answer_text, faq_jsonld
from hooks.core.formats import Formats
from hooks.core.knowledgemodel import KnowledgeBase, one_page_uri
from hooks.core.knowledgepages import TEMPLATES
from hooks.core.knowledgewords import WORDS
from hooks.core.languages import language_of
from hooks.core.markers import mark
from hooks.core.urlmap import absolute_url
from hooks.core.urls import linker

LISTING = mark("listing")  # in the FAQ index: where the writer's text ends and the generated list starts


def html_environment(language: str = "fi") -> Environment:
    """The HTML templates' environment in one language (autoescaping, ``hooks/core/markup.py``)."""
    # auto_reload off: one build never sees a template change, and checking costs a stat() per page (a fresh
    # environment per build still picks up edits under `mkdocs serve`).
    env = markup.environment(TEMPLATES, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(long_date=Formats(language).long_date)
    env.globals.update(words=WORDS[language])
    return env


class PageBlocks:
    """The blocks of one build's pages in ``kb``'s language; ``page_urls`` (MkDocs' ``src_uri`` → ``url``) says where
    links lead."""

    def __init__(self, kb: KnowledgeBase, site_url: str) -> None:
        self.kb = kb
        self.site_url = site_url
        self.env = html_environment(kb.language)

    def compose(self, uri: str, url: str, title: str, html: str,
                page_urls: Mapping[str, str] | None = None) -> tuple[str, str]:
        """The page's HTML with breadcrumbs, date, contents or chapter navigation and the ``related`` marker, and
        the HTML for its head (JSON-LD).

        Structured data goes in the head: Material's instant navigation re-runs every script element of the content it swaps
        in, as script, whatever its type."""
        href = linker(url, page_urls or {})
        doc = self.kb.by_uri.get(uri)
        body, listing = html.split(LISTING, 1) if LISTING in html else (html, "")
        heading, rest = "", body
        end = body.find("</h1>")
        if end >= 0:
            heading, rest = body[:end + len("</h1>")], body[end + len("</h1>"):]
        page = self._render(
            "page.html", before=Markup(self.breadcrumbs(uri, title, href)), head=Markup(heading), title=title,
            after_title=Markup(self.date(doc)), rest=Markup(rest), listing=Markup(listing),
            after=Markup("\n".join(self._after(doc, href))))
        return page, self.jsonld(doc, title, url, html)

    def breadcrumbs(self, uri: str, title: str, href: Any) -> str:
        crumbs = self.kb.breadcrumbs(uri, title)
        return self._render("breadcrumbs.html", crumbs=crumbs, href=href) if crumbs else ""

    def date(self, doc: Any) -> str:
        dated = self.kb.page_date(doc)
        return self._render("updated.html", published=dated.published, day=dated.day) if dated else ""

    def _after(self, doc: Any, href: Any) -> list[str]:
        """What follows the page: a manual's contents or a chapter's navigation, then the place of related articles."""
        after = []
        if isinstance(doc, Manual) and doc.chapters:
            chapters = [(site_uri(c.path), c) for c in doc.chapters]
            after.append(self._render("manual_toc.html", manual=doc, chapters=chapters, one_page=one_page_uri(doc),
                                      href=href))
        if isinstance(doc, Chapter):
            after.append(self._render("chapter_nav.html", place=self.kb.chapter_place(doc), site_uri=site_uri,
                                      href=href))
        if self.kb.has_related(doc):
            after.append(mark("related"))  # chosen in another process, maybe still (see related_list)
        return after

    def jsonld(self, doc: Any, title: str, url: str, html: str) -> str:
        """An FAQ article's FAQPage structured data, for the page's head; nothing for other pages."""
        if not isinstance(doc, FaqArticle):
            return ""
        data = faq_jsonld(doc.title or title, answer_text(html), absolute_url(self.site_url, url),
                          self.kb.updated_of(doc), language_of(doc.path))
        return self._render("jsonld.html", data=data)

    def link_list(self, items: Sequence[Any], url: str, page_urls: Mapping[str, str] | None = None) -> str:
        """A generated list of links (``hooks/core/knowledgepages.py``), for its ``links`` marker."""
        return self._render("links.html", items=items, href=linker(url, page_urls or {})).rstrip("\n")

    def related_list(self, url: str, related: tuple[str, ...], page_urls: Mapping[str, str] | None = None) -> str:
        """The related-articles block for the ``related`` marker of the page at ``url`` (nothing, if none)."""
        if not related:
            return ""
        return self._render("related.html", entries=self.kb.related_entries(related),
                            href=linker(url, page_urls or {}))

    def related_key(self, url: str, related: tuple[str, ...], page_urls: Mapping[str, str]) -> tuple:
        """What ``related_list`` shows, without rendering it: equal keys, equal blocks (within one build's code)."""
        return url, tuple((entry.uri, entry.title, entry.kind, page_urls.get(entry.uri))
                          for entry in self.kb.related_entries(related))

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)
