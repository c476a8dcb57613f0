"""Searchable pages as token streams and the site's lexicon (hooks/core/searchdocs.py): field weights and caps,
the lexicon's chunks, synonyms as tokens and the Swedish forms that lead to them."""

from __future__ import annotations

import json
import shutil
from importlib import metadata
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from hooks.core.search import SearchDoc, memory_index, run_query, site_lexicon
from hooks.core.searchdocs import (
    CHUNK_PREFIX, EXCERPT_CHARS, FIELD_CAPS, FIELD_WEIGHTS, FIELDS, AnalysedDoc, analyse_doc, build_lexicon,
    SWEDISH_FORMS, excerpt_text, forms_table, headings_of, stream, swedish_forms, synonym_table,
)
from hooks.core.synonyms import SynonymGroup, Synonyms, load_synonyms
from hooks.core.textanalysis import WordAnalysis, shared_analyser


def doc(title: str = "", keywords: str = "", headings: str = "", body: str = "", path: str = "content/ukk/a.md",
        url: str = "ukk/a/") -> AnalysedDoc:
    return analyse_doc(shared_analyser(), path=path, url=url, title=title, keywords=keywords, headings=headings,
                       body=body)


# --- streams: weights and caps ----------------------------------------------------------------------------------


def test_the_fields_rank_title_keywords_headings_body():
    assert FIELDS == ("title", "keywords", "headings", "body")
    assert FIELD_WEIGHTS["title"] > FIELD_WEIGHTS["keywords"] > FIELD_WEIGHTS["headings"] > FIELD_WEIGHTS["body"]


def test_a_token_in_the_title_counts_five_times():
    found = doc(title="Lomarahan maksaminen", body="Palkka maksetaan kuukausittain.")
    assert FIELD_WEIGHTS["title"] == 5
    assert found.content.count("lomaraha") == 5
    assert found.content.count("palkka") == FIELD_WEIGHTS["body"]


def test_each_field_counts_at_its_weight():
    found = doc(title="Lomaraha", keywords="lomaltapaluuraha", headings="Verokortti", body="Kilometrikorvaus.")
    assert [found.content.count(token) for token in ("lomaraha", "lomaltapaluuraha", "verokortti", "kilometrikorvaus")] \
        == [FIELD_WEIGHTS[name] for name in FIELDS]


def test_a_body_that_repeats_a_word_is_capped_below_a_title_that_is_the_word():
    repeating = doc(title="Yleistä", body=" ".join(["Salasana vaihdetaan."] * 20))
    titled = doc(title="Salasana", body="Tästä sivusta.")
    assert repeating.streams["body"].count("salasana") == FIELD_CAPS["body"] == 3
    assert repeating.content.count("salasana") == FIELD_CAPS["body"] * FIELD_WEIGHTS["body"]
    assert titled.content.count("salasana") > repeating.content.count("salasana")


def test_inflected_forms_count_as_their_base_form_within_the_cap():
    found = doc(body="Salasana, salasanan, salasanat ja salasanoja.")
    assert found.streams["body"].count("salasana") == 3
    assert found.forms["salasanan"] == (("salasana",), ("sala", "sana"))  # written form → base forms and parts


def test_a_stream_keeps_primary_tokens_side_by_side_for_phrases_then_other_forms_and_parts():
    found = doc(title="Miten vaihdan salasanan?")
    assert found.streams["title"] == ("miten", "vaihtaa", "salasana", "sala", "sana")


def test_the_stream_function_caps_every_token_primary_or_part():
    analysed = [("tukipyynto", WordAnalysis(("tukipyynto",), ("tuki", "pyynto"))),
                ("tuki", WordAnalysis(("tuki",))),
                ("tuki", WordAnalysis(("tuki",))),
                ("pyynnot", WordAnalysis(("pyynto", "pyynto2")))]
    assert stream(analysed, cap=1) == ["tukipyynto", "tuki", "pyynto", "pyynto2"]
    assert stream(analysed, cap=2) == ["tukipyynto", "tuki", "tuki", "pyynto", "pyynto", "pyynto2"]


def test_a_page_is_kept_with_its_address_title_and_the_start_of_its_text():
    found = doc(title="Otsikko", body="Lyhyt teksti.", path="content/ukk/x.md", url="ukk/x/")
    assert (found.path, found.url, found.title, found.excerpt) == ("content/ukk/x.md", "ukk/x/", "Otsikko", "Lyhyt teksti.")


def test_an_excerpt_is_cut_at_a_sentence_end():
    sentence = "Tämä on yksi virke tukisivulla. "
    body = sentence * 100
    cut = excerpt_text(body)
    assert len(cut) <= EXCERPT_CHARS and cut.endswith("tukisivulla.") and body.startswith(cut)
    assert excerpt_text("Lyhyt.") == "Lyhyt."


def test_headings_are_the_section_headings_below_the_title():
    markdown = "# Otsikko\n\nTeksti.\n\n## Ennen aloitusta\n\n### Vaihe 1 ###\n\n####### ei otsikko\n    ## koodia\n"
    assert headings_of(markdown) == "Ennen aloitusta\nVaihe 1"


# --- the lexicon ------------------------------------------------------------------------------------------------


def test_the_lexicon_counts_pages_per_token_and_keeps_written_forms():
    docs = [doc(title="Salasana", body="Salasana salasana.", path="a.md"), doc(title="Lasku", body="Salasanan.", path="b.md")]
    lexicon = build_lexicon(docs, {})
    assert lexicon.pages == 2
    assert lexicon.df["salasana"] == 2 and lexicon.df["lasku"] == 1  # pages, not occurrences
    assert lexicon.forms["salasanan"] == (("salasana",), ("sala", "sana"))


def test_the_lexicon_is_chunked_by_the_first_two_letters():
    lexicon = build_lexicon([doc(title="Salasana", body="Laskun tila ja sähköposti.")], {})
    chunks = lexicon.chunks()
    assert CHUNK_PREFIX == 2
    assert list(chunks) == sorted(chunks)
    for key, chunk in chunks.items():
        assert len(key) <= 2 and all(text[:2] == key for text in [*chunk["forms"], *chunk["tokens"]])
    assert chunks["sa"]["tokens"]["salasana"] == 1 and "sahkoposti" in chunks["sa"]["tokens"]  # folded: sä → sa
    assert chunks["la"]["forms"]["laskun"] == [["lasku"], []]
    everything = {text for chunk in chunks.values() for part in chunk.values() for text in part}
    assert everything == {*lexicon.forms, *lexicon.df}


def test_only_synonyms_some_page_holds_are_kept():
    lexicon = build_lexicon([doc(title="Salasana")], {"salasana": ("tunnussana", "losenord"),
                                                      "losenord": ("salasana", "tunnussana")})
    assert lexicon.synonyms == {"losenord": ("salasana",)}
    assert lexicon.header() == {"pages": 1, "synonyms": {"losenord": ["salasana"]}}


# --- synonyms as tokens, and Swedish forms ----------------------------------------------------------------------

GROUPS = Synonyms((SynonymGroup(("salasana", "Tunnussana"), ("lösenord",)),
                   SynonymGroup(("tapaus", "tiketti"), ("ärende",))))


def test_each_synonym_stands_for_its_token_and_leads_to_the_others_of_its_group():
    table, forms = synonym_table(GROUPS, shared_analyser(), {})
    assert table["salasana"] == ("tunnussana", "losenord")
    assert table["losenord"] == ("salasana", "tunnussana")
    assert table["arende"] == ("tapaus", "tiketti")
    assert "salasana" not in table["tapaus"]
    assert forms["losenord"] == (("losenord",), ()) and forms["tunnussana"][0] == ("tunnussana",)


@pytest.fixture(scope="module")
def swedish_cache(tmp_path_factory) -> Path:
    """The Swedish forms of GROUPS, read once from simplemma's dictionary (~1 s) and cached for the other tests."""
    cache = tmp_path_factory.mktemp("swedish") / "forms.json"
    swedish_forms(["lösenord", "ärende"], cache, table=None)
    return cache


def test_swedish_inflected_forms_lead_to_the_base_form_in_the_synonyms_file(swedish_cache):
    forms = swedish_forms(["lösenord", "ärende"], swedish_cache, table=None)
    assert forms["lösenordet"] == "lösenord" and forms["ärendet"] == "ärende"
    assert all(base in ("lösenord", "ärende") and form != base for form, base in forms.items())
    _, lexicon_forms = synonym_table(GROUPS, shared_analyser(), forms)
    assert lexicon_forms["losenordet"] == (("losenord",), ())
    assert lexicon_forms["arendena"] == (("arende",), ())


def test_swedish_forms_are_cached_by_their_words(tmp_path, monkeypatch, swedish_cache):
    cache = shutil.copy(swedish_cache, tmp_path / "forms.json")
    first = json.loads(cache.read_text(encoding="utf-8"))["forms"]
    assert first["lösenordet"] == "lösenord"

    def no_dictionary(*args, **kwargs):
        raise AssertionError("the dictionary was read although the words did not change")

    import simplemma.strategies.dictionaries as dictionaries
    monkeypatch.setattr(dictionaries.DefaultDictionaryFactory, "get_dictionary", no_dictionary)
    assert swedish_forms(["Ärende", "lösenord", "ärende"], cache, table=None) == first
    with pytest.raises(AssertionError, match="dictionary was read"):
        swedish_forms(["ärende"], cache, table=None)
    assert swedish_forms([], cache, table=None) == {}


def test_the_committed_table_holds_the_forms_of_every_swedish_synonym():
    words = [word for group in load_synonyms(REPO_ROOT)[0].groups for word in group.sv]
    assert SWEDISH_FORMS.read_text(encoding="utf-8") == forms_table(words), (
        "hooks/core/swedish-forms.json is out of date: run `.venv/bin/python -m hooks.tools.swedishforms`")


def test_words_in_the_committed_table_never_read_the_dictionary(tmp_path, monkeypatch):
    table = tmp_path / "table.json"
    table.write_text(json.dumps({"simplemma": metadata.version("simplemma"),
                                 "forms": {"ärende": ["ärendet", "ärendena"]}}), encoding="utf-8")

    def no_dictionary(*args, **kwargs):
        raise AssertionError("the dictionary was read")

    import simplemma.strategies.dictionaries as dictionaries
    monkeypatch.setattr(dictionaries.DefaultDictionaryFactory, "get_dictionary", no_dictionary)
    assert swedish_forms(["Ärende"], None, table=table) == {"ärendena": "ärende", "ärendet": "ärende"}
    with pytest.raises(AssertionError, match="dictionary was read"):
        swedish_forms(["ärende", "lösenord"], None, table=table)  # one word missing from the table
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({"simplemma": "0.0", "forms": {"ärende": ["x"]}}), encoding="utf-8")
    with pytest.raises(AssertionError, match="dictionary was read"):
        swedish_forms(["ärende"], None, table=stale)  # another simplemma's table is not trusted


def test_a_swedish_inflected_query_finds_the_finnish_page_through_the_synonyms(tmp_path, swedish_cache):
    docs = [SearchDoc("content/ukk/salasana.md", "ukk/salasana/", "faq", "Miten vaihdan salasanan?", "", "", "",
                      "Salasana vaihdetaan asetuksista."),
            SearchDoc("content/ukk/lasku.md", "ukk/lasku/", "faq", "Laskussa on virhe", "", "", "",
                      "Kerro laskun numero.")]
    analyser = shared_analyser()
    (tmp_path / ".cache").mkdir()
    shutil.copy(swedish_cache, tmp_path / ".cache/search-swedish-forms.json")  # where the build keeps them
    lexicon = site_lexicon(tmp_path, GROUPS, [d.analyse(analyser) for d in docs], analyser)
    assert lexicon.forms["losenordet"] == (("losenord",), ())
    ix = memory_index(docs, analyser)
    for query in ("lösenordet", "lösenord", "losenordet", "tunnussana"):
        assert [hit.path for hit in run_query(ix, lexicon, query)] == ["content/ukk/salasana.md"], query


def test_swedish_pages_have_their_own_lexicon_and_are_analysed_in_swedish(tmp_path, swedish_cache):
    from hooks.core.search import Analyses, site_lexicons
    docs = [SearchDoc("content/ukk/salasana.md", "ukk/salasana/", "faq", "Miten vaihdan salasanan?", "", "", "",
                      "Salasana vaihdetaan asetuksista."),
            SearchDoc("content/ukk/salasana.sv.md", "sv/ukk/salasana/", "faq", "Hur byter jag lösenordet?", "", "",
                      "", "Lösenorden byts i inställningarna.", language="sv"),
            SearchDoc("content/ukk/lasku.sv.md", "sv/ukk/lasku/", "faq", "Fakturan har ett fel", "", "", "",
                      "Berätta fakturans nummer.", language="sv")]
    (tmp_path / ".cache").mkdir()
    shutil.copy(swedish_cache, tmp_path / ".cache/search-swedish-forms.json")
    analyses = Analyses(tmp_path)
    analysed = [analyses.of(d) for d in docs]
    assert "losenord" in analysed[1].content and "faktura" in analysed[2].content  # simplemma's base forms
    lexicons = site_lexicons(tmp_path, GROUPS, analysed, shared_analyser())
    assert sorted(lexicons) == ["fi", "sv"] and (lexicons["fi"].pages, lexicons["sv"].pages) == (1, 2)
    assert "losenord" not in lexicons["fi"].df and lexicons["sv"].df["losenord"] == 1
    swedish = memory_index(docs[1:])
    for query in ("lösenordet", "lösenorden", "lösenord", "byta lösenord"):
        assert [hit.url for hit in run_query(swedish, lexicons["sv"], query)] == ["sv/ukk/salasana/"], query
    # a Finnish synonym leads to the Swedish page's base form: a Finnish word typed on a Swedish page finds it
    assert [hit.url for hit in run_query(swedish, lexicons["sv"], "salasana")] == ["sv/ukk/salasana/"]


# --- a fresh clone's analyses on both cores (Analyses.analyse) ---------------------------------------------------

FINNISH_WORDS = "salasana lasku palkka-ajo tuntikirjaus matkalasku varmuuskopio työvuoro kustannuspaikka".split()
SWEDISH_WORDS = "lösenordet fakturan lönekörningen tidrapporten reseräkningen säkerhetskopian arbetspasset".split()


def _pages(count: int, language: str) -> list:
    from hooks.core.search import SearchDoc
    words = FINNISH_WORDS if language == "fi" else SWEDISH_WORDS
    suffix = "" if language == "fi" else ".sv"
    return [SearchDoc(f"content/ukk/sivu-{i:03}{suffix}.md", f"ukk/sivu-{i:03}/", "faq", f"{words[i % len(words)]} {i}",
                      "", "", "", " ".join(words[(i + k) % len(words)] for k in range(4)), language=language)
            for i in range(count)]


@pytest.mark.parametrize("languages", [("fi",), ("sv",), ("fi", "sv")])
def test_analyses_made_in_two_processes_are_those_made_in_one(tmp_path, languages):
    from hooks.core.search import SPLIT_ANALYSES_FROM, Analyses
    docs = [page for language in languages for page in _pages(SPLIT_ANALYSES_FROM + 5, language)]
    one, two = Analyses(tmp_path / "one"), Analyses(tmp_path / "two")
    one.analyse(docs, processes=1)
    two.analyse(docs, processes=2)
    assert [two.of(d) for d in docs] == [one.of(d) for d in docs]
    if "sv" in languages:  # each page in its own language: simplemma's base form of "lönekörningen"
        assert sum("lonekorning" in two.of(d).content for d in docs if d.language == "sv") > 5


def test_analyses_begun_early_are_complete_for_the_pages_asked_for_later(tmp_path):
    # hooks/knowledge.py starts the second process on every searchable page as soon as the sources are read, and asks
    # for the written pages' analyses later: a page the process was not given is analysed all the same.
    from hooks.core.rebuild import MEMORY
    from hooks.core.search import SPLIT_ANALYSES_FROM, Analyses
    docs = _pages(SPLIT_ANALYSES_FROM + 5, "fi") + _pages(12, "sv")
    expected = {d.path: Analyses(tmp_path / "one").of(d) for d in docs}
    before = set(MEMORY.helpers)
    two = Analyses(tmp_path / "two")
    two.start(docs[:-3], processes=2)
    started = MEMORY.helpers - before
    assert len(started) == 1  # forked now, and stopped by a build that fails before the analyses are asked for
    asked = docs[5:]
    two.analyse(asked, processes=2)
    assert not MEMORY.helpers & started  # collected: its process has ended
    assert {d.path: two.of(d) for d in asked} == {d.path: expected[d.path] for d in asked}
    assert sum("lonekorning" in two.of(d).content for d in asked if d.language == "sv") > 3


@pytest.mark.parametrize("languages", [("fi", "sv"), ("fi",)])
def test_analyses_by_a_process_forked_before_the_sources_were_read_are_those_made_in_one(tmp_path, languages):
    # A fresh clone's build forks it before reading the sources (hooks/site.py), to open the Swedish dictionary
    # meanwhile; hooks/knowledge.py then gives it its share.
    from hooks.core.rebuild import MEMORY
    from hooks.core.search import SPLIT_ANALYSES_FROM, Analyses, analyses_ahead
    docs = [page for language in languages for page in _pages(SPLIT_ANALYSES_FROM + 5, language)]
    expected = [Analyses(tmp_path / "one").of(d) for d in docs]
    ahead = analyses_ahead(tmp_path / "two")
    assert ahead is not None and ahead.pid in MEMORY.helpers
    two = Analyses(tmp_path / "two")
    two.start(docs, processes=2, ahead=ahead)
    two.analyse(docs, processes=2)
    assert ahead.pid == 0  # collected: its process has ended
    assert [two.of(d) for d in docs] == expected


def test_a_process_forked_ahead_is_stopped_when_there_is_nothing_to_share_and_not_forked_when_cached(tmp_path):
    from hooks.core.rebuild import MEMORY
    from hooks.core.search import Analyses, analyses_ahead
    for processes, docs in ((2, _pages(3, "sv")), (1, _pages(60, "sv"))):
        root = tmp_path / f"{processes}-{len(docs)}"
        ahead = analyses_ahead(root)
        pid = ahead.pid
        analyses = Analyses(root)
        analyses.start(docs, processes=processes, ahead=ahead)
        assert ahead.pid == 0 and pid not in MEMORY.helpers  # stopped, and reaped
        analyses.analyse(docs, processes=processes)
        analyses.save()
        # The last build's analyses are there: a build analyses only what changed, in its own process.
        assert analyses_ahead(root) is None


def test_analyses_are_complete_when_the_second_process_fails(tmp_path, monkeypatch):
    import os

    from hooks.core.search import SPLIT_ANALYSES_FROM, Analyses, SearchDoc
    docs = _pages(SPLIT_ANALYSES_FROM + 5, "fi") + _pages(10, "sv")
    expected = [Analyses(tmp_path / "one").of(d) for d in docs]
    parent, analyse = os.getpid(), SearchDoc.analyse

    def failing_elsewhere(doc, analyser):
        if os.getpid() != parent:
            raise RuntimeError("the second process fails")
        return analyse(doc, analyser)

    monkeypatch.setattr(SearchDoc, "analyse", failing_elsewhere)
    two = Analyses(tmp_path / "two")
    two.analyse(docs, processes=2)
    assert [two.of(d) for d in docs] == expected


def test_the_analyses_file_is_read_once_per_process_and_again_when_another_process_rewrote_it(tmp_path,
                                                                                              monkeypatch):
    # `mkdocs serve` builds many times in one process: the analyses it wrote or read are not read from disk again.
    import pickle

    from hooks.core import search
    docs = _pages(3, "fi")
    first = search.Analyses(tmp_path)
    first.analyse(docs)
    first.save()
    reads = []
    load = pickle.load
    monkeypatch.setattr(search.pickle, "load", lambda file: reads.append(file.name) or load(file))
    again = search.Analyses(tmp_path)
    assert [again.of(d) for d in docs] == [first.of(d) for d in docs] and reads == []
    # Another process wrote the file (an older build's analyses, say): this one reads what is there now.
    cache = tmp_path / ".cache" / search.ANALYSED_CACHE
    with cache.open("rb") as file:
        key, analysed = load(file)
    cache.write_bytes(pickle.dumps((key, dict(list(analysed.items())[:1]))))
    assert len(search.Analyses(tmp_path)._before) == 1 and len(reads) == 1
