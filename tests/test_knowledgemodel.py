"""The knowledge base as data (hooks/core/knowledgemodel.py): groupings, tags, trails, dates, search; no HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from hooks.core.content import load_project
from hooks.core.gitdates import GitDates
from hooks.core.knowledgemodel import Crumb, Entry, KnowledgeBase, PageDate, one_page_uri
from hooks.core.search import documents_of
from hooks.core.searchdocs import FIELD_WEIGHTS
from hooks.core.textanalysis import shared_analyser

SITE = Path(__file__).resolve().parent / "sites" / "knowledge"
COMMITTED = dt.date(2026, 10, 5)  # every file's last commit, in these tests


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase(load_project(SITE), GitDates(by_path={}, fallback=COMMITTED))


def titles(docs) -> list[str]:
    return [doc.title for doc in docs]


def test_questions_are_grouped_by_team_in_config_order_and_by_title(kb):
    assert [(team.id, titles(faqs)) for team, faqs in kb.faqs_by_team()] == [
        ("rakentaminen", ["Miksi kirjautuminen ei onnistu?", "Miten otan kaksivaiheisen tunnistuksen käyttöön?",
                          "Miten vaihdan salasanan?"]),
        ("kauppa", ["Laskussa on virhe – mitä teen?", "Mihin syötän uuden verokortin?",
                    "Miksi palkka-ajo keskeytyy?", "Miten lomaraha lasketaan?", "Miten otan verkkolaskun käyttöön?"]),
    ]


def test_questions_by_product_and_the_products_that_get_a_page(kb):
    assert [(product.id, len(faqs)) for product, faqs in kb.faqs_by_product()] == [
        ("kirjautuminen", 3), ("palkat", 3), ("laskutus", 2)]
    assert [product.id for product in kb.products_with_pages()] == ["kirjautuminen", "palkat", "laskutus"]


def test_a_product_page_lists_questions_manuals_news_and_the_status_page_when_there_is_one(kb):
    palkat, kirjautuminen = (next(p for p in kb.config.products if p.id == name)
                             for name in ("palkat", "kirjautuminen"))
    view = kb.product_view(palkat, status_page=True)
    assert titles(view.faqs) == ["Mihin syötän uuden verokortin?", "Miksi palkka-ajo keskeytyy?",
                                 "Miten lomaraha lasketaan?"]
    assert titles(view.manuals) == ["Palkanlaskennan opas"] and titles(view.news) == ["Palkanlaskennan uusi versio"]
    assert view.has_status is False, "palkat is no status component"
    assert kb.product_view(kirjautuminen, status_page=True).has_status is True
    assert kb.product_view(kirjautuminen, status_page=False).has_status is False


def test_tags_gather_questions_chapters_and_news_by_slug(kb):
    tags = {tag.slug: tag for tag in kb.tags}
    assert list(tags) == sorted(tags)
    palkat = tags["palkat"]
    assert (palkat.label, palkat.uri) == ("palkat", "ukk/aiheet/palkat.md")
    assert [(e.kind, e.title) for e in palkat.entries] == [
        ("chapter", "Aloitus"), ("faq", "Mihin syötän uuden verokortin?"), ("faq", "Miksi palkka-ajo keskeytyy?"),
        ("faq", "Miten lomaraha lasketaan?"), ("news", "Palkanlaskennan uusi versio"), ("chapter", "Palkka-ajo"),
        ("chapter", "Vuodenvaihde")]


def test_tag_spellings_that_slug_alike_are_one_tag_under_the_first_label(kb):
    faq = kb.faqs[0]
    spelled = dataclasses.replace(kb.project, faqs=[dataclasses.replace(faq, tags=("Etäyhteys",)),
                                                    dataclasses.replace(kb.faqs[1], tags=("etäyhteys",))],
                                  manuals=[], news=[])
    [tag] = KnowledgeBase(spelled, kb.dates).tags
    assert (tag.slug, tag.label, tag.uri, len(tag.entries)) == ("etayhteys", "Etäyhteys", "ukk/aiheet/etayhteys.md", 2)


@pytest.mark.parametrize(("uri", "trail"), [
    ("index.md", []),
    ("ukk/index.md", [("Etusivu", "index.md")]),
    ("ukk/lomaraha.md", [("Etusivu", "index.md"), ("UKK", "ukk/index.md")]),
    ("ukk/tuotteet/index.md", [("Etusivu", "index.md"), ("UKK", "ukk/index.md")]),
    ("ukk/tuotteet/palkat.md", [("Etusivu", "index.md"), ("UKK", "ukk/index.md"),
                                ("Kysymykset tuotteittain", "ukk/tuotteet/index.md")]),
    ("ukk/aiheet/palkat.md", [("Etusivu", "index.md"), ("UKK", "ukk/index.md"), ("Aiheet", "ukk/aiheet/index.md")]),
    ("academy/index.md", [("Etusivu", "index.md")]),
    ("academy/manuals/palkkaopas/02-palkka-ajo.md", [("Etusivu", "index.md"), ("Akatemia", "academy/index.md"),
                                                     ("Palkanlaskennan opas", "academy/manuals/palkkaopas/index.md")]),
    ("academy/manuals/palkkaopas/kokonaan.md", [("Etusivu", "index.md"), ("Akatemia", "academy/index.md"),
                                                ("Palkanlaskennan opas", "academy/manuals/palkkaopas/index.md")]),
    ("academy/news/index.md", [("Etusivu", "index.md"), ("Akatemia", "academy/index.md")]),
    ("academy/news/2026-09-01-verkkolaskut.md", [("Etusivu", "index.md"), ("Akatemia", "academy/index.md"),
                                                 ("Tuoteuutiset", "academy/news/index.md")]),
])
def test_breadcrumb_trails_lead_from_home_through_the_sections(kb, uri, trail):
    expected = [Crumb(title, target) for title, target in trail] + ([Crumb("Tämä sivu", None)] if trail else [])
    assert kb.breadcrumbs(uri, "Tämä sivu") == expected


def test_chapters_know_their_place_and_manuals_their_one_page_view(kb):
    manual = kb.manuals[0]
    first, middle, last = (kb.chapter_place(chapter) for chapter in manual.chapters)
    assert (middle.number, middle.count, middle.previous.title, middle.next.title) == (2, 3, "Aloitus", "Vuodenvaihde")
    assert first.previous is None and last.next is None and middle.manual is manual
    assert one_page_uri(manual) == "academy/manuals/palkkaopas/kokonaan.md"
    assert kb.one_page_views() == [("academy/manuals/palkkaopas/kokonaan.md", manual)]
    assert kb.one_page_manual("academy/manuals/palkkaopas/kokonaan.md") is manual
    assert kb.one_page_manual("academy/manuals/palkkaopas/index.md") is None


def test_a_page_shows_its_update_or_its_publication_date(kb):
    doc = kb.by_uri.get
    assert kb.page_date(doc("ukk/salasanan-vaihto.md")) == PageDate(dt.date(2026, 3, 2))  # front matter wins
    assert kb.page_date(doc("ukk/lomaraha.md")) == PageDate(COMMITTED)
    assert kb.page_date(doc("academy/manuals/palkkaopas/01-aloitus.md")) == PageDate(COMMITTED)
    assert kb.page_date(doc("academy/news/2026-09-01-verkkolaskut.md")) == PageDate(dt.date(2026, 9, 1), published=True)
    assert kb.page_date(doc("ukk/index.md")) is None
    undated = KnowledgeBase(kb.project, GitDates(by_path={}, fallback=None))
    assert undated.page_date(doc("ukk/lomaraha.md")) is None


def test_the_search_indexes_written_pages_with_their_tags_and_keywords(kb):
    searchable = {doc.path for doc in documents_of(kb.project)}
    assert {"content/ukk/lomaraha.md", "content/ukk/index.md"} <= searchable
    # status posts describe a moment, generated lists have no source: neither has a record
    assert not {"status/2026-11-01-katko.md", "content/ukk/aiheet/palkat.md", "content/ukk/tuotteet/palkat.md"} & searchable
    # Tags and keywords are no longer hidden words in the page's HTML: they are the record's keywords field,
    # analysed to base forms and counted at the keywords' weight (hooks/core/searchdocs.py).
    docs = {doc.path: doc for doc in documents_of(kb.project)}
    doc = docs["content/ukk/kaksivaiheinen-tunnistus.md"]
    assert (doc.tags, doc.keywords) == ("kirjautuminen tietoturva", "mfa")
    analysed = doc.analyse(shared_analyser())
    assert analysed.streams["keywords"][:3] == ("kirjautua", "tietoturva", "mfa")  # "kirjautuminen" → its base form
    assert analysed.content.count("mfa") == FIELD_WEIGHTS["keywords"] > FIELD_WEIGHTS["body"]
    assert "content/ukk/tuotteet/palkat.md" not in docs and "ukk/tuotteet/palkat.md" not in docs


def test_articles_and_chapters_end_with_related_pages_named_by_path(kb):
    assert kb.has_related(kb.by_uri["ukk/lomaraha.md"]) and kb.has_related(kb.manuals[0].chapters[0])
    assert not kb.has_related(kb.manuals[0]) and not kb.has_related(kb.news[0]) and not kb.has_related(None)
    assert kb.related_entries(("content/ukk/lomaraha.md", "academy/news/2026-09-01-verkkolaskut.md")) == [
        Entry("Miten lomaraha lasketaan?", "ukk/lomaraha.md", "faq"),
        Entry("Verkkolaskut kaikille", "academy/news/2026-09-01-verkkolaskut.md", "news")]
    groups = kb.related_groups()
    assert groups["content/ukk/lomaraha.md"] == "kauppa"
    assert groups["academy/manuals/palkkaopas/01-aloitus.md"] == "palkkaopas"


def test_the_search_documents_follow_every_edit_between_two_builds(tmp_path, copy_tree, repo_root):
    # `mkdocs serve` keeps each page's search document while its source is the same: an edit, a deleted page or a
    # team renamed in site_config (its name is in the words of the page that shows the teams) is seen at once.
    root = copy_tree(repo_root, tmp_path / "repo")
    before = {doc.path: doc for doc in documents_of(load_project(root))}
    faq, gone = [p for p in sorted((root / "content/ukk").glob("*.md")) if p.name != "index.md"][:2]
    faq.write_text(faq.read_text(encoding="utf-8") + "\nLisätty kappale kirahvista.\n", encoding="utf-8")
    gone.unlink()
    config = root / "site_config/support.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("fi: Urakoitsijat, kuljetus ja konsultointi",
                                                                 "fi: Urakoitsijat ja kirahvit", 1), encoding="utf-8")
    after = {doc.path: doc for doc in documents_of(load_project(root))}
    edited, teams = faq.relative_to(root).as_posix(), "content/asiakaskeskus/yhteystiedot.md"
    assert "kirahvista" in after[edited].body and "kirahvista" not in before[edited].body
    assert gone.relative_to(root).as_posix() not in after
    assert "Urakoitsijat ja kirahvit" in after[teams].body and "kirahvit" not in before[teams].body
    unchanged = next(path for path in after if path not in (edited, teams) and path.startswith("content/ukk/"))
    assert after[unchanged] == before[unchanged]
