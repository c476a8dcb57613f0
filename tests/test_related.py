"""Related articles on the small corpus of tests/sites/knowledge: 3–5 fitting pages, never the page itself, the same every time."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.core import related as related_module
from hooks.core.content import load_project
from hooks.core.related import (KEY_TERMS, MAX_DOC_FREQUENCY, MAX_RELATED, MIN_RELATED, choose, compute_related,
                                 related_index, related_pages)
from hooks.core.search import Analyses, documents_of, open_index


@pytest.fixture
def root(knowledge_site: Path) -> Path:
    return knowledge_site


def related_of(root: Path) -> dict[str, tuple[str, ...]]:
    return related_pages(root, documents_of(load_project(root)))


def test_every_faq_article_and_chapter_gets_three_to_five_other_pages(root):
    docs = documents_of(load_project(root))
    kinds = {d.path: d.kind for d in docs}
    result = related_pages(root, docs)
    assert sorted(result) == sorted(d.path for d in docs if d.kind in ("faq", "chapter"))
    for path, chosen in result.items():
        assert MIN_RELATED <= len(chosen) <= MAX_RELATED, path
        assert path not in chosen
        assert len(set(chosen)) == len(chosen)
        assert {kinds[c] for c in chosen} <= {"faq", "chapter", "news"}, path  # no plain pages, manuals or indexes


@pytest.mark.parametrize(("page", "expected_first"), [
    ("content/ukk/salasanan-vaihto.md", {"content/ukk/kirjautuminen-ei-onnistu.md", "content/ukk/kaksivaiheinen-tunnistus.md"}),
    ("content/ukk/kirjautuminen-ei-onnistu.md", {"content/ukk/salasanan-vaihto.md", "content/ukk/kaksivaiheinen-tunnistus.md"}),
    ("content/ukk/verkkolasku.md", {"academy/news/2026-09-01-verkkolaskut.md", "content/ukk/lasku-vaarin.md"}),
    ("content/ukk/palkka-ajo.md", {"academy/manuals/palkkaopas/02-palkka-ajo.md"}),
    ("academy/manuals/palkkaopas/02-palkka-ajo.md", {"content/ukk/palkka-ajo.md"}),
])
def test_the_most_related_pages_share_the_topic(root, page, expected_first):
    chosen = related_of(root)[page]
    assert set(chosen[:len(expected_first)]) == expected_first, chosen


def test_login_questions_are_not_related_to_payroll(root):
    chosen = related_of(root)["content/ukk/salasanan-vaihto.md"]
    assert not {"content/ukk/lomaraha.md", "content/ukk/verokortti.md", "academy/manuals/palkkaopas/03-vuodenvaihde.md"} & set(chosen[:2])


def test_choice_is_the_same_from_a_fresh_index_and_from_an_incrementally_updated_one(root):
    docs = documents_of(load_project(root))
    with open_index(root, docs) as (ix, _):
        fresh = compute_related(ix, docs)
    # change one article, refresh, change it back, refresh: the index has had deletions and merges since
    faq = root / "content/ukk/lomaraha.md"
    original = faq.read_text(encoding="utf-8")
    faq.write_text(original + "\nLisäksi lomarahasta kerrotaan palkkalaskelmalla.\n", encoding="utf-8")
    with open_index(root, documents_of(load_project(root))):
        pass
    faq.write_text(original, encoding="utf-8")
    with open_index(root, docs) as (ix, report):
        assert (report.updated, report.added, report.removed) == (1, 0, 0)
        again = compute_related(ix, docs)
    assert again == fresh


def test_choice_is_cached_until_an_indexed_source_changes(root, monkeypatch):
    first = related_of(root)
    assert (root / ".cache/related/choice.json").is_file()

    def no_index(*args, **kwargs):
        raise AssertionError("the index was opened although no source changed")

    monkeypatch.setattr(related_module, "related_index", no_index)
    assert related_of(root) == first
    news = root / "academy/news/2026-09-01-verkkolaskut.md"
    news.write_text(news.read_text(encoding="utf-8").replace("Laskutus lähettää", "Laskutuspalvelu lähettää"), encoding="utf-8")
    with pytest.raises(AssertionError, match="the index was opened"):
        related_of(root)


def test_each_articles_query_scores_its_hits_exactly_as_whooshs_search(root):
    """The choice sums each key term's scores itself (related._TermScores): every page's hits, scores and order are
    those of Whoosh's own search for the same query, to the last bit."""
    from whoosh import classify
    from whoosh import query as Q

    docs = documents_of(load_project(root))
    ix = related_index(docs, Analyses(root))
    compared = 0
    with ix.searcher() as searcher:
        statistics = related_module._Statistics(searcher.reader())
        scores = related_module._TermScores(searcher)
        for docnum, fields in searcher.reader().iter_docs():
            expander = classify.Expander(statistics, "text", model=classify.Bo1Model)
            expander.add_text(fields["words"])
            terms = [(term, weight) for term, weight in expander.expanded_terms(KEY_TERMS * 4, normalize=False)
                     if statistics.doc_frequency("text", term) <= MAX_DOC_FREQUENCY][:KEY_TERMS]
            for query_terms in (terms, terms[:1], terms[:2]):  # an Or of many, a single term, and two
                if not query_terms:
                    continue
                query = Q.Or([Q.Term("text", term, boost=weight) for term, weight in query_terms])
                expected = [(hit.score, hit.docnum) for hit in searcher.search(query, limit=25, mask={docnum})]
                assert scores.search(query_terms, 25, docnum) == expected, fields["path"]
                compared += 1
    assert compared > 50


def test_choose_keeps_three_then_only_close_scores_and_breaks_ties_by_path():
    scored = [(10.0, "b"), (10.0, "a"), (1.0, "c"), (0.5, "d"), (3.0, "e"), (9.0, "own")]
    assert choose(scored, [], "own") == ("a", "b", "e")  # c and d score under a quarter of the best
    assert choose([(5.0, "x")], ["own", "y", "x", "z"], "own") == ("x", "y", "z")  # filled from the neighbours
    close = [(10.0 - i, f"p{i}") for i in range(8)]
    assert choose(close, [], "own") == ("p0", "p1", "p2", "p3", "p4")
