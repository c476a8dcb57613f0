"""Atom and RSS feeds from plain entries, with feedgen, byte-for-byte reproducible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from hooks.core import markup

GENERATOR = "supportsite"
EMPTY_FEED_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
"""A feed without entries has nothing newer; the build clock would make every build differ."""


@dataclass(frozen=True)
class FeedEntry:
    """One item: ``id`` never changes (a tag URI or the permalink); ``updated`` moves when it changes."""

    id: str
    title: str
    link: str
    published: dt.datetime
    updated: dt.datetime
    content_html: str
    categories: tuple[str, ...] = ()
    summary: str | None = None


@dataclass(frozen=True)
class FeedMeta:
    """The feed itself: ``atom_url``/``rss_url`` are the absolute addresses of the two files."""

    id: str
    title: str
    subtitle: str
    link: str
    atom_url: str
    rss_url: str
    language: str = "fi"
    author: str = ""


def order_entries(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    """Newest first by first publication, then by id: an update never reorders the feed, a new entry goes on top."""
    return sorted(entries, key=lambda e: (-e.published.timestamp(), e.id))


def feed_updated(entries: Iterable[FeedEntry]) -> dt.datetime:
    """The feed's own updated: its newest entry's, never the build clock."""
    return max((e.updated for e in entries), default=EMPTY_FEED_UPDATED)


def _check_aware(entries: list[FeedEntry]) -> None:
    for entry in entries:
        for name in ("published", "updated"):
            value = getattr(entry, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"feed entry {entry.id}: {name} without UTC offset (expected an aware datetime, got {value.isoformat()})")


def _generator(meta: FeedMeta, entries: Iterable[FeedEntry], self_url: str, self_type: str,
               described: Callable[[str], str] = str) -> FeedGenerator:
    """``described`` turns plain text into what the format's description elements hold (RSS: HTML)."""
    ordered = order_entries(entries)
    _check_aware(ordered)
    fg = FeedGenerator()
    fg.id(meta.id)
    fg.title(meta.title)
    fg.subtitle(described(meta.subtitle))  # also the RSS <description>
    # feedgen 1.0 takes the RSS channel <link> from the last link() call: self first, the page last.
    fg.link(href=self_url, rel="self", type=self_type)
    fg.link(href=meta.link, rel="alternate", type="text/html")
    fg.language(meta.language)
    if meta.author:
        fg.author({"name": meta.author})
    fg.generator(GENERATOR)  # no version: the output must not change with a library upgrade
    fg.updated(feed_updated(ordered))  # sets atom:updated and rss:lastBuildDate; the default is now()
    for item in ordered:
        entry = fg.add_entry(order="append")
        entry.id(item.id)
        entry.guid(item.id, permalink=not item.id.startswith("tag:") and item.id == item.link)
        entry.title(item.title)
        entry.link(href=item.link, rel="alternate", type="text/html")
        entry.published(item.published)
        entry.updated(item.updated)
        entry.content(item.content_html, type="html")
        if item.summary:
            entry.summary(described(item.summary))
        for term in item.categories:
            entry.category(term=term)
    return fg


def render_atom(meta: FeedMeta, entries: Iterable[FeedEntry]) -> bytes:
    """The Atom 1.0 document, UTF-8, pretty-printed."""
    return _generator(meta, entries, meta.atom_url, "application/atom+xml").atom_str(pretty=True)


def render_rss(meta: FeedMeta, entries: Iterable[FeedEntry]) -> bytes:
    """The RSS 2.0 document, UTF-8, pretty-printed; guid is the stable id, isPermaLink false for tag URIs.

    RSS readers show ``<description>`` as HTML, so plain text is escaped as HTML before feedgen escapes it as XML."""
    described = lambda text: str(markup.text(text))  # noqa: E731
    return _generator(meta, entries, meta.rss_url, "application/rss+xml", described).rss_str(pretty=True)
