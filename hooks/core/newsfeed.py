"""The Academy's product news as a feed: entries from the model and each post's rendered HTML, links made absolute."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin

from hooks.core.content import site_uri
from hooks.core.feeds import FeedEntry, FeedMeta
from hooks.core.knowledgemodel import KnowledgeBase
from hooks.core.urlmap import NEWS_ATOM, NEWS_INDEX, NEWS_RSS, site_host
from hooks.core.urls import page_url_of

NEWS_HOUR = dt.time(9, 0)  # a news post has a day, not a time: 09:00 local time
_LINK_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolute_links(html: str, page_link: str) -> str:
    """Feed readers show entries away from the site: every relative link becomes absolute."""
    return _LINK_ATTR.sub(lambda m: m[1] + urljoin(page_link, m[2]) + m[3], html)


def news_feed_title(organisation: str) -> str:
    """The feeds' title, as feed readers and the pages' autodiscovery links name them."""
    return f"{organisation} Akatemia: tuoteuutiset"


def news_feed(kb: KnowledgeBase, site_url: str, html_by_uri: dict[str, str]) -> tuple[FeedMeta, list[FeedEntry]]:
    """The product news as feed entries: tag-URI ids that never change, dates from front matter only."""
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
    news_page = urljoin(base, page_url_of(NEWS_INDEX))
    meta = FeedMeta(
        id=news_page, title=news_feed_title(organisation),
        subtitle="Uudet versiot, muutokset ja ajankohtaiset asiat tuotteistamme.",
        link=news_page, atom_url=urljoin(base, NEWS_ATOM), rss_url=urljoin(base, NEWS_RSS),
        language="fi", author=organisation)
    return meta, entries
