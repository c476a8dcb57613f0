"""The Academy's product news as a feed: entries from the model and each post's rendered HTML, links made absolute."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin

from hooks.core.content import site_uri
from hooks.core.feeds import FeedEntry, FeedMeta
from hooks.core.knowledgemodel import KnowledgeBase
from hooks.core.knowledgewords import WORDS
from hooks.core.languages import published_uri, url_in
from hooks.core.urlmap import NEWS_ATOM, NEWS_INDEX, NEWS_RSS, site_host
from hooks.core.urls import page_url_of

NEWS_HOUR = dt.time(9, 0)  # a news post has a day, not a time: 09:00 local time
_LINK_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolute_links(html: str, page_link: str) -> str:
    """Feed readers show entries away from the site: every relative link becomes absolute."""
    return _LINK_ATTR.sub(lambda m: m[1] + urljoin(page_link, m[2]) + m[3], html)


def news_feed_title(organisation: str, language: str) -> str:
    """The feeds' title in ``language``, as feed readers and the pages' autodiscovery links name them."""
    return WORDS[language].feed_title.format(organisation=organisation)


def news_feed_paths(language: str) -> tuple[str, str]:
    """Where the Atom and RSS feeds of the news in ``language`` are published: a translation's in its folder."""
    return url_in(NEWS_ATOM, language), url_in(NEWS_RSS, language)


def news_feed(kb: KnowledgeBase, site_url: str, html_by_uri: dict[str, str]) -> tuple[FeedMeta, list[FeedEntry]]:
    """The product news of ``kb``'s language as feed entries: tag-URI ids that never change, dates from front matter
    only."""
    base = site_url.rstrip("/") + "/"
    host = site_host(base)
    tz = kb.config.timezone
    entries = []
    for post in kb.news:
        link = urljoin(base, post.url)
        published = dt.datetime.combine(post.date, NEWS_HOUR, tzinfo=tz)
        entries.append(FeedEntry(
            id=f"tag:{host},{post.date.isoformat()}:{post.url.rstrip('/')}", title=post.title or "", link=link,
            published=published, updated=published,
            content_html=absolute_links(html_by_uri.get(site_uri(post.path), ""), link),
            categories=tuple(post.tags), summary=post.description))
    organisation = kb.config.organisation.name
    news_page = urljoin(base, page_url_of(published_uri(kb.uri(NEWS_INDEX))))
    atom, rss = news_feed_paths(kb.language)
    meta = FeedMeta(
        id=news_page, title=news_feed_title(organisation, kb.language), subtitle=kb.words.feed_subtitle,
        link=news_page, atom_url=urljoin(base, atom), rss_url=urljoin(base, rss), language=kb.language,
        author=organisation)
    return meta, entries
