"""The knowledge base as data: FAQ by team, product and tag, manuals, one-page views, news, trails, dates, search."""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from dataclasses import dataclass
from typing import Any

from hooks.core.config import Product, Team
from hooks.core.content import Chapter, FaqArticle, Manual, NewsPost, Project, kind_of, site_uri
from hooks.core.gitdates import GitDates
from hooks.core.knowledgewords import WORDS, KnowledgeWords
from hooks.core.languages import DEFAULT, language_of, source_in, split
from hooks.core.urlmap import (
    FAQ_INDEX, NEWS_INDEX, ONE_PAGE_NAME, PRODUCTS_FOLDER, PRODUCTS_INDEX, TAGS_FOLDER, TAGS_INDEX, product_uri, tag_slug,
    tag_uri,
)

ACADEMY_INDEX = "academy/index.md"
NEWS_FOLDER = posixpath.dirname(NEWS_INDEX) + "/"
HOME = "index.md"
RELATED_KINDS = ("faq", "chapter")            # pages that end with a related-articles list
CANDIDATE_KINDS = ("faq", "chapter", "news")  # pages such a list may point to


@dataclass(frozen=True)
class Entry:
    """A page a generated list links to: its title, source URI and kind (``faq``, ``chapter``, ``news``, …)."""

    title: str
    uri: str
    kind: str


@dataclass(frozen=True)
class Tag:
    """A tag and every page that carries it; spellings that give the same slug are one tag under the first label."""

    slug: str
    label: str
    uri: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail: a section or page by source URI, or the current page (``uri`` None)."""

    title: str
    uri: str | None


@dataclass(frozen=True)
class ProductView:
    """What a product's page lists: its questions, manuals and news, and whether the site has a status page."""

    product: Product
    faqs: tuple[FaqArticle, ...]
    manuals: tuple[Manual, ...]
    news: tuple[NewsPost, ...]
    has_status: bool


@dataclass(frozen=True)
class ChapterPlace:
    """Where a chapter stands in its manual: number (from 1) of ``count``, and its neighbours."""

    manual: Manual
    number: int
    count: int
    previous: Chapter | None
    next: Chapter | None


@dataclass(frozen=True)
class PageDate:
    """The date under a page's title: ``published`` for news, else the date it was last updated."""

    day: dt.date
    published: bool = False


def one_page_uri(manual: Manual) -> str:
    """The source URI of a manual's one-page view, beside its chapters, in the manual's language."""
    return source_in(posixpath.join(posixpath.dirname(site_uri(manual.path)), ONE_PAGE_NAME), language_of(manual.path))


def entry_of(doc: Any) -> Entry:
    return Entry(doc.title or "", site_uri(doc.path), kind_of(doc.path))


class KnowledgeBase:
    """One build's FAQ and Academy in one language (``project.language``): sorted documents, groupings, trails and
    dates, looked up by source URI. The generated pages of a translation are beside the default language's, under
    its suffix (``ukk/aiheet/palkat.sv.md``)."""

    def __init__(self, project: Project, dates: GitDates) -> None:
        self.project = project
        self.config = project.config
        self.language = project.language
        self.words: KnowledgeWords = WORDS[self.language]
        self.dates = dates
        self.faqs = sorted(project.faqs, key=lambda f: (f.title or "", f.path))
        self.manuals = sorted(project.manuals, key=lambda m: (m.title or "", m.path))
        self.news = sorted(project.news, key=lambda n: (-n.date.toordinal(), n.path))
        self.by_uri: dict[str, Any] = {site_uri(d.path): d for d in project.documents() if hasattr(d, "path")}
        self.manual_of: dict[str, Manual] = {site_uri(c.path): m for m in project.manuals for c in m.chapters}
        self.one_pages: dict[str, Manual] = {one_page_uri(m): m for m in project.manuals if m.chapters}

    def uri(self, uri: str) -> str:
        """The source URI of a page of the default language (``ukk/index.md``) in this base's language."""
        return source_in(uri, self.language)

    def tag_uri(self, label: str) -> str:
        """A tag's page in this language: the slug stays the default language's, so a translation carries the same tags."""
        return self.uri(tag_uri(label))

    def product_uri(self, product_id: str) -> str:
        return self.uri(product_uri(product_id))

    def product_description(self, product: Product) -> str:
        """The product's description in this language; site_config's Finnish one, so marked, when it has none."""
        text = product.descriptions.get(self.language)
        return text if text is not None else f"{product.description} ({self.words.untranslated})"

    # groupings

    def faqs_by_team(self) -> list[tuple[Team, list[FaqArticle]]]:
        return [(team, [f for f in self.faqs if f.team == team.id]) for team in self.config.teams]

    def faqs_by_product(self) -> list[tuple[Product, list[FaqArticle]]]:
        return [(product, [f for f in self.faqs if product.id in f.products]) for product in self.config.products]

    @functools.cached_property
    def tags(self) -> tuple[Tag, ...]:
        """Every tag of FAQ articles, chapters and news, by slug; each tag's pages by title."""
        found: dict[str, tuple[str, dict[str, Entry]]] = {}
        tagged = [*self.faqs, *(c for m in self.manuals for c in m.chapters), *self.news]
        for doc in tagged:
            for tag in doc.tags:
                slug = tag_slug(tag)
                label, entries = found.setdefault(slug, (tag, {}))
                found[slug] = (min(label, tag), entries)
                entries[doc.path] = entry_of(doc)
        tags = [Tag(slug, self.tag_label(label), self.tag_uri(label),
                    tuple(sorted(entries.values(), key=lambda e: (e.title, e.uri))))
                for slug, (label, entries) in sorted(found.items())]
        if self.language != DEFAULT:  # by the names this language's pages show
            tags.sort(key=lambda tag: (tag.label.casefold(), tag.slug))
        return tuple(tags)

    def tag_label(self, tag: str) -> str:
        """A tag's name in this language: site_config's ``tags`` name for it, else as written, so marked."""
        if self.language == DEFAULT:
            return tag
        name = self._tag_names.get(tag_slug(tag), {}).get(self.language)
        return name if name is not None else f"{tag} ({self.words.untranslated})"

    @functools.cached_property
    def _tag_names(self) -> dict[str, dict[str, str]]:
        """site_config's names of each tag by its slug: any spelling of a tag is the same tag."""
        return {tag_slug(t.tag): t.names for t in self.config.tags}

    def products_with_pages(self) -> list[Product]:
        """Products that some FAQ article, manual or news post names: each gets a page."""
        named = {p for doc in (*self.faqs, *self.manuals, *self.news) for p in doc.products}
        return [product for product in self.config.products if product.id in named]

    def product_view(self, product: Product, status_page: bool) -> ProductView:
        """A product's page; ``status_page``: whether the build has a status page (another capability's)."""
        components = {c.id for c in self.config.status.components}
        return ProductView(
            product=product,
            faqs=tuple(f for f in self.faqs if product.id in f.products),
            manuals=tuple(m for m in self.manuals if product.id in m.products),
            news=tuple(n for n in self.news if product.id in n.products),
            has_status=product.id in components and status_page,
        )

    # manuals

    def chapter_place(self, chapter: Chapter) -> ChapterPlace:
        manual = self.manual_of[site_uri(chapter.path)]
        chapters = list(manual.chapters)
        index = next(i for i, c in enumerate(chapters) if c.path == chapter.path)
        return ChapterPlace(manual, index + 1, len(chapters), chapters[index - 1] if index > 0 else None,
                            chapters[index + 1] if index + 1 < len(chapters) else None)

    def one_page_views(self) -> list[tuple[str, Manual]]:
        """Each manual that has chapters, with the source URI of its one-page view, in the manuals' order."""
        return [(one_page_uri(m), m) for m in self.manuals if m.chapters]

    def one_page_manual(self, uri: str) -> Manual | None:
        """The manual whose one-page view ``uri`` is, if it is one."""
        return self.one_pages.get(uri)

    # what each page shows

    def updated_of(self, doc: Any) -> dt.date | None:
        """The front matter's ``updated`` if given, else the file's last commit (see ``gitdates``)."""
        return getattr(doc, "updated", None) or self.dates.date_of(doc.path)

    def page_date(self, doc: Any) -> PageDate | None:
        """The date shown under the title: a news post's publication, an article's or manual's last update."""
        if isinstance(doc, NewsPost):
            return PageDate(doc.date, published=True)
        if isinstance(doc, (FaqArticle, Chapter, Manual)):
            day = self.updated_of(doc)
            return PageDate(day) if day is not None else None
        return None

    def breadcrumbs(self, uri: str, title: str) -> list[Crumb]:
        """Home › section › (manual) › this page, in this base's language; none on the home page."""
        base = split(uri)[0]  # where the page stands, whatever its language
        if base == HOME:
            return []
        sections = self.words.sections
        trail = [Crumb(sections["home"], self.uri(HOME))]
        if base.startswith("ukk/") and base != FAQ_INDEX:
            trail.append(Crumb(sections["faq"], self.uri(FAQ_INDEX)))
            if base.startswith(PRODUCTS_FOLDER) and base != PRODUCTS_INDEX:
                trail.append(Crumb(sections["products"], self.uri(PRODUCTS_INDEX)))
            if base.startswith(TAGS_FOLDER) and base != TAGS_INDEX:
                trail.append(Crumb(sections["tags"], self.uri(TAGS_INDEX)))
        elif base.startswith("academy/") and base != ACADEMY_INDEX:
            trail.append(Crumb(sections["academy"], self.uri(ACADEMY_INDEX)))
            manual = self.manual_of.get(uri) or self.one_pages.get(uri)
            if manual is not None:
                trail.append(Crumb(manual.title or "", site_uri(manual.path)))
            if base.startswith(NEWS_FOLDER) and base != NEWS_INDEX:
                trail.append(Crumb(sections["news"], self.uri(NEWS_INDEX)))
        trail.append(Crumb(title, None))
        return trail

    # related articles

    def has_related(self, doc: Any) -> bool:
        """Whether the page ends with a list of related articles: FAQ articles and chapters do."""
        return doc is not None and kind_of(doc.path) in RELATED_KINDS

    def related_groups(self) -> dict[str, str]:
        """Each FAQ article's team and each chapter's manual: a small corpus fills related lists from these."""
        groups = {d.path: d.team for d in self.project.faqs}
        groups.update({c.path: c.manual for m in self.project.manuals for c in m.chapters})
        return groups

    def related_entries(self, paths: tuple[str, ...]) -> list[Entry]:
        """The pages the related-articles choice named, by source path."""
        return [entry_of(self.by_uri[site_uri(path)]) for path in paths]
