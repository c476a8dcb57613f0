"""Related articles on the small corpus of tests/sites/knowledge: 3–5 fitting pages, never the page itself, the same every time."""

from __future__ import annotations

import functools
import shutil
import time
from pathlib import Path

import pytest

from hooks.core import related as related_module
from hooks.core import search as search_module
from hooks.core.content import load_project
from hooks.core.related import (
    KEY_TERMS, MAX_DOC_FREQUENCY, MAX_RELATED, MIN_RELATED, Corpus, choose, related_of_analysed, related_pages,
)
from hooks.core.search import Analyses, analyses_ahead, documents_of


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


def test_choice_is_cached_until_an_indexed_source_changes(root, monkeypatch):
    first = related_of(root)
    assert (root / ".cache/related/choice.json").is_file()

    def no_corpus(*args, **kwargs):
        raise AssertionError("the corpus was counted although no source changed")

    monkeypatch.setattr(related_module, "Corpus", no_corpus)
    assert related_of(root) == first
    news = root / "academy/news/2026-09-01-verkkolaskut.md"
    news.write_text(news.read_text(encoding="utf-8").replace("Laskutus lähettää", "Laskutuspalvelu lähettää"), encoding="utf-8")
    with pytest.raises(AssertionError, match="the corpus was counted"):
        related_of(root)


def test_the_process_forked_ahead_analyses_and_chooses_as_this_process_does(root, tmp_path, monkeypatch):
    # A fresh clone's build (hooks/knowledge.py): the process forked before the sources were read analyses every
    # page, then chooses from its own analyses; both come back, and are what one process makes of the same pages.
    monkeypatch.setattr(search_module, "SPLIT_ANALYSES_FROM", 2)  # a small site's pages are split too
    here = shutil.copytree(root, tmp_path / "here")
    expected = related_pages(here, documents_of(load_project(here)))
    docs = documents_of(load_project(root))
    ahead = analyses_ahead(root)
    assert ahead is not None  # nothing analysed yet
    analyses = Analyses(root)
    analyses.start(docs, 2, ahead, then=functools.partial(related_of_analysed, root, docs, None))
    assert analyses.coming()
    deadline = time.monotonic() + 60
    while not analyses.arrived() and time.monotonic() < deadline:
        time.sleep(0.01)
    analyses.analyse(docs, 2)
    made_here: list[int] = []
    assert analyses.following(lambda: made_here.append(1)).result() == expected
    assert made_here == []
    fresh = Analyses(here)
    assert all(analyses.of(doc) == fresh.of(doc) for doc in docs)
    assert (root / ".cache/related/choice.json").read_bytes() == (here / ".cache/related/choice.json").read_bytes()


def whoosh_index(docs, analyses: Analyses):
    """What the choice used to be made on, the reference for ``related.Corpus``: a fresh Whoosh index of the pages in
    path order, their weighted tokens in a text field cut at spaces."""
    from whoosh.analysis import SpaceSeparatedTokenizer
    from whoosh.fields import STORED, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage

    ix = RamStorage().create_index(Schema(path=STORED(), words=STORED(),
                                          text=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False)))
    writer = ix.writer()
    for doc in sorted(docs, key=lambda d: d.path):
        analysed = analyses.of(doc)
        writer.add_document(path=doc.path, words=analysed.words(), text=" ".join(analysed.content))
    writer.commit()
    return ix


def test_the_corpus_holds_the_statistics_of_a_whoosh_index_of_the_same_pages(root):
    docs = documents_of(load_project(root))
    analyses = Analyses(root)
    corpus = Corpus(docs, analyses)
    with whoosh_index(docs, analyses).searcher() as searcher:
        reader = searcher.reader()
        assert corpus.paths == [fields["path"] for _, fields in reader.iter_docs()]
        assert corpus.doc_count_all() == reader.doc_count_all() == len(docs)
        assert corpus.field_length("text") == reader.field_length("text")
        terms = list(reader.lexicon("text"))
        assert len(terms) > 200  # the test site's pages
        for term in terms:
            assert ("text", term) in corpus
            assert corpus.frequency("text", term) == reader.frequency("text", term), term
            assert corpus.doc_frequency("text", term.decode()) == reader.doc_frequency("text", term), term
            postings = searcher.postings("text", term)
            expected = []
            while postings.is_active():
                expected.append((postings.id(), postings.score()))
                postings.next()
            assert corpus.scores(term.decode()) == tuple(expected), term  # BM25F, to the bit
        assert ("text", b"sanaa-jota-ei-ole") not in corpus
        assert corpus.scores("sanaa-jota-ei-ole") == ()


def test_each_articles_key_terms_and_hits_are_those_of_whooshs_own_expander_and_search(root):
    """The choice reads the corpus's statistics, not an index: every page's key terms are those Whoosh's Expander
    picks from the index, and its hits, scores and order those of Whoosh's search for the same query, to the bit."""
    from whoosh import classify
    from whoosh import query as Q

    docs = documents_of(load_project(root))
    analyses = Analyses(root)
    corpus = Corpus(docs, analyses)
    compared = 0
    with whoosh_index(docs, analyses).searcher() as searcher:
        for docnum, fields in searcher.reader().iter_docs():
            key_terms = []
            for statistics in (searcher.reader(), corpus):
                expander = classify.Expander(statistics, "text", model=classify.Bo1Model)
                expander.add_text(fields["words"])
                key_terms.append(expander.expanded_terms(KEY_TERMS * 4, normalize=False))
            assert key_terms[0] == key_terms[1], fields["path"]
            terms = [(term, weight) for term, weight in key_terms[1]
                     if corpus.doc_frequency("text", term) <= MAX_DOC_FREQUENCY][:KEY_TERMS]
            for query_terms in (terms, terms[:1], terms[:2]):  # an Or of many, a single term, and two
                if not query_terms:
                    continue
                query = Q.Or([Q.Term("text", term, boost=weight) for term, weight in query_terms])
                expected = [(hit.score, hit.docnum) for hit in searcher.search(query, limit=25, mask={docnum})]
                assert corpus.search(query_terms, 25, docnum) == expected, fields["path"]
                compared += 1
    assert compared > 50


def test_choose_keeps_three_then_only_close_scores_and_breaks_ties_by_path():
    scored = [(10.0, "b"), (10.0, "a"), (1.0, "c"), (0.5, "d"), (3.0, "e"), (9.0, "own")]
    assert choose(scored, [], "own") == ("a", "b", "e")  # c and d score under a quarter of the best
    assert choose([(5.0, "x")], ["own", "y", "x", "z"], "own") == ("x", "y", "z")  # filled from the neighbours
    close = [(10.0 - i, f"p{i}") for i in range(8)]
    assert choose(close, [], "own") == ("p0", "p1", "p2", "p3", "p4")
