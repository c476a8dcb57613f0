"""The HTML blocks of knowledge-base pages (hooks/core/knowledgeblocks.py), from the model of tests/sites/knowledge."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from hooks.core.content import load_project
from hooks.core.gitdates import GitDates
from hooks.core.knowledgeblocks import PageBlocks
from hooks.core.knowledgemodel import KnowledgeBase
from hooks.core.knowledgepages import LinkItem
from hooks.core.markers import mark
from hooks.core.search import documents_of
from hooks.core.textanalysis import shared_analyser

SITE = Path(__file__).resolve().parent / "sites" / "knowledge"
COMMITTED = dt.date(2026, 10, 5)
ARTICLE = '<h1 id="lomaraha">Miten lomaraha lasketaan?</h1>\n<p>Lomaraha lasketaan <strong>lomapalkasta</strong>.</p>'


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase(load_project(SITE), GitDates(by_path={}, fallback=COMMITTED))


@pytest.fixture(scope="module")
def blocks(kb) -> PageBlocks:
    return PageBlocks(kb, "https://tuki.example.fi/")


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html)


def test_an_faq_article_has_its_trail_date_and_a_place_for_related_articles_and_no_search_markup(blocks):
    page, head = blocks.compose("ukk/lomaraha.md", "ukk/lomaraha/", "Miten lomaraha lasketaan?", ARTICLE)
    before, body = page.split('<h1 id="lomaraha">', 1)
    assert links(before) == [("../../", "Etusivu"), ("../", "UKK")]
    assert '<span aria-current="page">Miten lomaraha lasketaan?</span>' in before
    assert body.startswith('Miten lomaraha lasketaan?</h1><p class="ss-updated">Päivitetty '
                           '<time datetime="2026-10-05">5. lokakuuta 2026</time></p>\n\n<p>Lomaraha lasketaan')
    assert page.endswith("<p>Lomaraha lasketaan <strong>lomapalkasta</strong>.</p>\n" + mark("related") + "\n")
    # The search reads the page's record (hooks/core/pagefind.py), not its HTML: no Pagefind wrapper, and its tags
    # and keywords are no longer hidden words in the page (a screen reader's or a copy's stray text).
    assert "data-pagefind-body" not in page and "ss-visually-hidden" not in page
    assert "lomaltapaluuraha" not in page and "<!-- supportsite:search-end -->" not in page


def test_the_faq_articles_structured_data_goes_in_its_head(blocks):
    _, head = blocks.compose("ukk/lomaraha.md", "ukk/lomaraha/", "Miten lomaraha lasketaan?", ARTICLE)
    data = json.loads(re.fullmatch(r'<script type="application/ld\+json">(.*)</script>\n?', head)[1])
    assert data["url"] == "https://tuki.example.fi/ukk/lomaraha/" and data["dateModified"] == "2026-10-05"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "Lomaraha lasketaan lomapalkasta."
    assert blocks.compose("ukk/index.md", "ukk/", "UKK", "<h1>UKK</h1>")[1] == ""


@pytest.mark.parametrize(("day", "text"), [
    (dt.date(2026, 3, 2), "2. maaliskuuta 2026"), (dt.date(2026, 11, 27), "27. marraskuuta 2026"),
    (dt.date(2027, 1, 1), "1. tammikuuta 2027"),
])
def test_dates_are_written_the_finnish_way(kb, day, text):
    dated = PageBlocks(KnowledgeBase(kb.project, GitDates(by_path={}, fallback=day)), "")
    assert dated.date(kb.by_uri["ukk/lomaraha.md"]) == (
        f'<p class="ss-updated">Päivitetty <time datetime="{day.isoformat()}">{text}</time></p>\n')


def test_a_news_post_shows_when_it_was_published(blocks, kb):
    assert "Julkaistu <time datetime=\"2026-09-01\">1. syyskuuta 2026</time>" in blocks.date(
        kb.by_uri["academy/news/2026-09-01-verkkolaskut.md"])


def test_a_manual_lists_its_chapters_and_its_one_page_view(blocks):
    page, _ = blocks.compose("academy/manuals/palkkaopas/index.md", "academy/manuals/palkkaopas/",
                             "Palkanlaskennan opas", "<h1>Palkanlaskennan opas</h1>")
    toc = re.search(r'<nav class="ss-manual-toc".*?</nav>', page, re.S)[0]
    assert links(toc) == [("01-aloitus/", "Aloitus"), ("02-palkka-ajo/", "Palkka-ajo"),
                          ("03-vuodenvaihde/", "Vuodenvaihde"), ("kokonaan/", "Koko opas yhdellä sivulla")]
    assert mark("related") not in page


def test_a_chapter_leads_to_its_neighbours_and_its_manual(blocks):
    page, _ = blocks.compose("academy/manuals/palkkaopas/02-palkka-ajo.md", "academy/manuals/palkkaopas/02-palkka-ajo/",
                             "Palkka-ajo", "<h1>Palkka-ajo</h1>")
    nav = re.search(r'<nav class="ss-chapter-nav".*?</nav>', page, re.S)[0]
    assert "Luku 2/3 oppaasta" in nav
    assert links(nav) == [("../", "Palkanlaskennan opas"),
                          ("../01-aloitus/", "<span>Edellinen luku:</span> Aloitus"),
                          ("../03-vuodenvaihde/", "<span>Seuraava luku:</span> Vuodenvaihde")]
    assert page.endswith("</nav>\n\n" + mark("related") + "\n")


def test_a_generated_list_is_not_searchable(blocks, kb):
    page, head = blocks.compose("ukk/aiheet/palkat.md", "ukk/aiheet/palkat/", "Aihe: palkat", "<h1>Aihe: palkat</h1>")
    assert "content/ukk/aiheet/palkat.md" not in {d.path for d in documents_of(kb.project)}
    assert "data-pagefind-body" not in page and head == ""
    assert links(page.split("</nav>")[0]) == [("../../../", "Etusivu"), ("../../", "UKK"), ("../", "Aiheet")]


def test_the_faq_index_is_searchable_by_its_own_text_not_its_listing(blocks, kb):
    html = (f'<h1>UKK</h1>\n<p>Oma teksti.</p>\n{mark("listing")}\n<h2 id="tiimeittain">Tiimeittäin</h2>\n'
            f'{mark("links", 0)}')
    page, _ = blocks.compose("ukk/index.md", "ukk/", "UKK", html)
    assert "<p>Oma teksti.</p>\n\n\n<h2" in page and mark("listing") not in page
    assert page.endswith(mark("links", 0) + "\n")
    # Its search record is made from the writer's Markdown: the generated list of questions is not in it.
    record = next(d for d in documents_of(kb.project) if d.path == "content/ukk/index.md").analyse(shared_analyser())
    assert {"ryhmitelty", "tiimi", "tuote"} <= set(record.content) and "kysymys" in record.streams["title"]
    assert not {"lomaraha", "verokortti", "salasana"} & set(record.content)


def test_links_resolve_to_the_url_the_build_gave_the_target(blocks):
    items = [LinkItem("Lomaraha", "ukk/lomaraha.md", before="1.1.2026: "),
             LinkItem("<Uusi>", "ukk/uusi.md", after=" (2)")]
    html = blocks.link_list(items, "ukk/tuotteet/palkat/", {"ukk/lomaraha.md": "ukk/loma-raha/"})
    assert html == ('<ul>\n<li>1.1.2026: <a href="../../loma-raha/">Lomaraha</a></li>\n'
                    '<li><a href="../../uusi/">&lt;Uusi&gt;</a> (2)</li>\n</ul>')


def test_related_articles_name_their_kind_and_nothing_is_shown_without_them(blocks):
    chosen = ("content/ukk/palkka-ajo.md", "academy/manuals/palkkaopas/01-aloitus.md")
    html = blocks.related_list("ukk/lomaraha/", chosen)
    assert links(html) == [("../palkka-ajo/", "Miksi palkka-ajo keskeytyy?"),
                           ("../../academy/manuals/palkkaopas/01-aloitus/", "Aloitus")]
    assert re.findall(r'ss-related__kind">\((\w+)\)', html) == ["Kysymys", "Käyttöopas"]
    assert blocks.related_list("ukk/lomaraha/", ()) == ""
