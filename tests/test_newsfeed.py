"""The product-news feed (hooks/core/newsfeed.py): stable ids, front-matter dates, absolute links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hooks.core.content import load_project
from hooks.core.gitdates import GitDates
from hooks.core.knowledgemodel import KnowledgeBase
from hooks.core.newsfeed import absolute_links, news_feed

SITE = Path(__file__).resolve().parent / "sites" / "knowledge"
POST = "academy/news/2026-05-04-palkanlaskennan-uusi-versio.md"


def test_relative_links_become_absolute_for_feed_readers():
    html = '<a href="../manuals/opas/">opas</a> <img src="kuva.png"> <a href="https://muu.fi/">muu</a>'
    assert absolute_links(html, "https://tuki.example.fi/academy/news/uusi/") == (
        '<a href="https://tuki.example.fi/academy/news/manuals/opas/">opas</a> '
        '<img src="https://tuki.example.fi/academy/news/uusi/kuva.png"> <a href="https://muu.fi/">muu</a>')


def test_entries_have_tag_uri_ids_front_matter_dates_and_the_posts_html():
    kb = KnowledgeBase(load_project(SITE), GitDates(by_path={}, fallback=None))
    meta, entries = news_feed(kb, "https://tuki.example.fi", {POST: '<p><a href="../x/">x</a></p>'})
    assert meta.id == meta.link == "https://tuki.example.fi/academy/news/"
    assert (meta.atom_url, meta.rss_url) == ("https://tuki.example.fi/academy/news.atom",
                                             "https://tuki.example.fi/academy/news.rss")
    assert meta.title == "Esimerkki Akatemia: tuoteuutiset"
    entry = next(e for e in entries if e.title == "Palkanlaskennan uusi versio")
    assert entry.id == "tag:tuki.example.fi,2026-05-04:academy/news/2026-05-04-palkanlaskennan-uusi-versio"
    assert entry.published == entry.updated == dt.datetime(2026, 5, 4, 9, 0, tzinfo=kb.config.timezone)
    assert entry.content_html == '<p><a href="https://tuki.example.fi/academy/news/x/">x</a></p>'
    assert entry.categories == ("palkat",)
    assert next(e for e in entries if e.title == "Verkkolaskut kaikille").content_html == ""
