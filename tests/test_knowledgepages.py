"""The generated pages as Markdown (hooks/core/knowledgepages.py), rendered from the model of tests/sites/knowledge."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hooks.core.content import load_project
from hooks.core.gitdates import GitDates
from hooks.core.knowledgemodel import KnowledgeBase
from hooks.core.knowledgepages import KnowledgePages, LinkItem
from hooks.core.markers import mark

SITE = Path(__file__).resolve().parent / "sites" / "knowledge"
NEWS = "academy/news/2026-05-04-palkanlaskennan-uusi-versio.md"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase(load_project(SITE), GitDates(by_path={}, fallback=None))


@pytest.fixture
def pages(kb) -> KnowledgePages:
    return KnowledgePages(kb)


def markdown_of(pages: KnowledgePages, existing: set[str]) -> dict[str, str]:
    return {page.src_uri: page.markdown for page in pages.generated_pages(existing)}


def test_every_generated_page_in_the_order_mkdocs_renders_them(pages):
    assert list(markdown_of(pages, {"index.md", "ukk/index.md"})) == [
        "ukk/tuotteet/index.md", "ukk/tuotteet/kirjautuminen.md", "ukk/tuotteet/palkat.md", "ukk/tuotteet/laskutus.md",
        "ukk/aiheet/index.md", *(f"ukk/aiheet/{slug}.md" for slug in (
            "kirjautuminen", "laskutus", "loma", "palkat", "salasana", "tietoturva", "verkkolasku", "vero")),
        "academy/news/index.md", "academy/manuals/palkkaopas/kokonaan.md"]


def test_a_page_the_writers_wrote_is_never_replaced(pages):
    assert "academy/news/index.md" not in markdown_of(pages, {"academy/news/index.md"})
    assert "ukk/aiheet/palkat.md" not in markdown_of(pages, {"ukk/aiheet/palkat.md"})


def test_a_product_page_holds_its_lists_as_markers_and_links_the_rest_in_markdown(pages):
    markdown = markdown_of(pages, set())["ukk/tuotteet/palkat.md"]
    assert markdown.startswith('---\ntitle: "Palkanlaskenta"\n')
    assert "Palkat, lomarahat ja verokortit&#46;" in markdown  # site_config's text, Markdown-escaped
    assert [line for line in markdown.split("\n") if "supportsite:" in line] == [mark("links", n) for n in range(3)]
    assert "[Kaikki kysymykset tuotteittain](index.md)" in markdown
    assert "palvelun tila" not in markdown, "palkat is no status component"
    questions, manuals, news = pages.link_lists["ukk/tuotteet/palkat.md"]
    assert [item.uri for item in questions] == ["ukk/verokortti.md", "ukk/palkka-ajo.md", "ukk/lomaraha.md"]
    assert manuals == [LinkItem("Palkanlaskennan opas", "academy/manuals/palkkaopas/index.md")]
    assert news == [LinkItem("Palkanlaskennan uusi versio", NEWS, after=" (4. toukokuuta 2026)")]


def test_a_status_component_links_the_status_page_when_the_site_has_one(pages):
    assert "[palvelun tila -sivulta](../../status/index.md)" in markdown_of(
        pages, {"status/index.md"})["ukk/tuotteet/kirjautuminen.md"]
    assert "palvelun tila" not in markdown_of(pages, set())["ukk/tuotteet/kirjautuminen.md"]


def test_the_tags_index_counts_pages_and_a_tag_page_groups_them_by_kind(pages):
    markdown = markdown_of(pages, set())
    assert LinkItem("palkat", "ukk/aiheet/palkat.md", after=" (7)") in pages.link_lists["ukk/aiheet/index.md"][0]
    tag = markdown["ukk/aiheet/palkat.md"]
    assert tag.index("## Kysymykset") < tag.index("## Käyttöoppaiden luvut") < tag.index("## Tuoteuutiset")
    assert [[item.title for item in items] for items in pages.link_lists["ukk/aiheet/palkat.md"]] == [
        ["Mihin syötän uuden verokortin?", "Miksi palkka-ajo keskeytyy?", "Miten lomaraha lasketaan?"],
        ["Aloitus", "Palkka-ajo", "Vuodenvaihde"], ["Palkanlaskennan uusi versio"]]
    assert "[Kaikki aiheet](index.md)" in tag


def test_the_news_index_lists_posts_newest_first_with_their_date(pages):
    markdown_of(pages, set())
    [items] = pages.link_lists["academy/news/index.md"]
    assert [(item.before, item.title) for item in items] == [
        ("1. syyskuuta 2026: ", "Verkkolaskut kaikille"), ("4. toukokuuta 2026: ", "Palkanlaskennan uusi versio")]


def test_the_one_page_manual_has_each_chapters_heading_and_its_marker(pages):
    markdown = markdown_of(pages, set())["academy/manuals/palkkaopas/kokonaan.md"]
    assert "[Takaisin oppaan sisällykseen](index.md)" in markdown
    assert markdown.endswith(f"## Aloitus\n\n{mark('chapter', 0)}\n\n## Palkka-ajo\n\n{mark('chapter', 1)}\n\n"
                             f"## Vuodenvaihde\n\n{mark('chapter', 2)}\n")


def test_a_chapter_heading_is_the_writers_own_markdown_else_the_escaped_title(kb):
    manual = kb.manuals[0]
    first, second, third = manual.chapters
    chapters = (dataclasses.replace(first, body="# Aloitus *nopeasti* {: #alku }\n\nTeksti."),
                dataclasses.replace(second, body="Ei otsikkoa.", title="Palkka-ajo #1"), third)
    project = dataclasses.replace(kb.project, manuals=[dataclasses.replace(manual, chapters=chapters)])
    pages = KnowledgePages(KnowledgeBase(project, kb.dates))
    markdown = markdown_of(pages, set())["academy/manuals/palkkaopas/kokonaan.md"]
    assert "\n## Aloitus *nopeasti* {: #alku }\n" in markdown
    assert "\n## Palkka&#45;ajo &#35;1\n" in markdown


def test_the_faq_index_list_follows_the_writers_text_after_the_listing_marker(pages):
    markdown = pages.faq_index_markdown()
    assert markdown.lstrip("\n").startswith(mark("listing") + "\n\n## Kysymykset tukitiimeittäin {: #tiimeittain }")
    assert "Kysymykset [tuotteittain](tuotteet/index.md) ja [aiheittain](aiheet/index.md)" in markdown
    assert "### Rakentaminen ja kuljetus {: #rakentaminen }" in markdown
    assert [len(items) for items in pages.link_lists["ukk/index.md"]] == [3, 5]


def shown_after(kb, project) -> dict[str, list]:
    pages = KnowledgePages(KnowledgeBase(project, kb.dates))
    pages.generated_pages({"index.md", "ukk/index.md"})
    return pages.shown_of_others({"index.md", "ukk/index.md"})


def listing(kb, uri: str) -> set[str]:
    """The pages whose generated lists link ``uri``."""
    pages = KnowledgePages(kb)
    pages.generated_pages({"index.md", "ukk/index.md"})
    pages.faq_index_markdown()
    return {page for page, lists in pages.link_lists.items() if any(i.uri == uri for items in lists for i in items)}


def changed(before: dict, after: dict) -> set[str]:
    return {uri for uri in before.keys() | after.keys() if before.get(uri) != after.get(uri)}


def test_an_articles_title_shows_on_the_pages_that_list_it_and_nowhere_else(kb):
    before = shown_after(kb, kb.project)
    faq = next(f for f in kb.project.faqs if f.path.endswith("lasku-vaarin.md"))
    renamed = [dataclasses.replace(f, title="Uusi otsikko") if f is faq else f for f in kb.project.faqs]
    after = shown_after(kb, dataclasses.replace(kb.project, faqs=renamed))
    lists_it = listing(kb, "ukk/lasku-vaarin.md")
    assert {"ukk/index.md", "ukk/aiheet/laskutus.md"} <= lists_it  # the FAQ index, a topic page, …
    assert changed(before, after) == lists_it


def test_a_chapters_title_shows_on_its_manual_every_chapter_of_it_and_the_pages_that_list_it(kb):
    before = shown_after(kb, kb.project)
    manual = kb.project.manuals[0]
    first, *rest = manual.chapters
    edited = dataclasses.replace(manual, chapters=(dataclasses.replace(first, title="Alkuun"), *rest))
    after = shown_after(kb, dataclasses.replace(kb.project, manuals=[edited, *kb.project.manuals[1:]]))
    own = {"academy/manuals/palkkaopas/index.md", *(f"academy/manuals/palkkaopas/{c.path.rsplit('/', 1)[1]}"
                                                   for c in manual.chapters)}
    assert changed(before, after) == own | listing(kb, "academy/manuals/palkkaopas/01-aloitus.md")
