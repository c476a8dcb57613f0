"""Words as search tokens (hooks/core/textanalysis.py): folding, Voikko's base forms and compound parts, fillers."""

from __future__ import annotations

import sys
import types

import pytest

from hooks.core import textanalysis
from hooks.core.textanalysis import (
    FILLER, Analyser, AnalyserMissing, WordAnalysis, fold, shared_analyser, voikko_version, words,
)


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser()


# --- folding and splitting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "folded"), [
    ("ä", "a"), ("ö", "o"), ("å", "a"), ("Ä", "a"), ("Ö", "o"), ("Å", "a"),
    ("Vianmääritys", "vianmaaritys"), ("Lösenord", "losenord"), ("Åland", "aland"), ("café", "cafe"),
    ("SoftOne", "softone"), ("tilaus", "tilaus"),
])
def test_folding_lowercases_and_drops_umlauts_and_accents(written, folded):
    assert fold(written) == folded


def test_words_are_lowercased_in_order_with_umlauts_kept_and_one_letter_words_dropped():
    assert words("Miten vaihdan SALASANAN? Ks. kohta 5 ja B-osa, e-lasku.") == [
        "miten", "vaihdan", "salasanan", "ks", "kohta", "ja", "osa", "lasku"]
    assert words("Käyttäjätunnus ja lösenord") == ["käyttäjätunnus", "ja", "lösenord"]  # Voikko needs the umlauts
    assert words("") == [] and words("– ? !") == []


# --- Voikko's base forms --------------------------------------------------------------------------------------


def test_an_inflected_compound_gives_its_base_form_and_its_parts(analyser):
    found = analyser.word("tukipyyntöni")
    assert found.primary == "tukipyynto"
    assert found.parts == ("tuki", "pyynto")
    assert found.tokens == ("tukipyynto", "tuki", "pyynto")


@pytest.mark.parametrize(("written", "base"), [
    ("tilauksen", "tilaus"), ("tilaukset", "tilaus"), ("salasanan", "salasana"), ("vaihdan", "vaihtaa"),
    ("laskussa", "lasku"), ("vianmäärityksestä", "vianmaaritys"),
])
def test_inflected_words_lead_to_their_folded_base_form(analyser, written, base):
    assert analyser.word(written).primary == base


def test_a_compound_knows_its_parts_and_a_simple_word_has_none(analyser):
    assert analyser.word("vianmääritys") == WordAnalysis(("vianmaaritys",), ("vika", "maaritys"))
    assert analyser.word("tilauksen").parts == ()


@pytest.mark.parametrize("unknown", ["softone", "xyzzyq", "gdpr", "go"])
def test_a_word_voikko_does_not_know_is_its_own_folded_token(analyser, unknown):
    assert analyser.word(unknown) == WordAnalysis((fold(unknown),))


@pytest.mark.parametrize(("inflected", "stem"), [("superuserin", "superuser"), ("superuseria", "superuser"),
                                                 ("superuserit", "superuser"), ("softonen", "softone"),
                                                 ("timerissa", "timer"), ("excelissä", "excel")])
def test_an_unknown_word_with_a_case_ending_also_stands_for_its_stem(analyser, inflected, stem):
    # every inflection of a name or loanword shares the stem's token (at a part's weight), so "superuseria" in a
    # query finds the page that writes "SuperUserin"
    assert analyser.word(inflected) == WordAnalysis((fold(inflected),), (stem,))


def test_a_word_with_digits_or_a_hyphen_is_not_sent_to_voikko(analyser):
    assert analyser.word("win11") == WordAnalysis(("win11",))
    assert analyser.word("e-lasku") == WordAnalysis(("e-lasku",))


def test_text_gives_each_words_folded_form_and_analysis_in_order(analyser):
    found = analyser.text("Miten vaihdan salasanan?")
    assert [form for form, _ in found] == ["miten", "vaihdan", "salasanan"]
    assert [analysis.primary for _, analysis in found] == ["miten", "vaihtaa", "salasana"]


def test_each_word_is_analysed_once_per_analyser_and_the_process_shares_one():
    analyser = Analyser()
    assert analyser.word("tilauksen") is analyser.word("tilauksen")
    assert shared_analyser() is shared_analyser()


# --- filler words ---------------------------------------------------------------------------------------------


def _planned(analyser, query: str):
    # a lexicon that knows the query's own words, as a site that writes them would
    from hooks.core.queryplan import LexiconView, plan
    from hooks.core.textanalysis import fold

    forms = {fold(w): (a.lemmas, a.parts) for w in query.split() for a in [analyser.word(w.lower())]}
    df = {t: 1 for lemmas, parts in forms.values() for t in (*lemmas, *parts)}
    return plan(query, LexiconView(forms, df, {}, 10))


@pytest.mark.parametrize("word", ["voiko", "miten", "onko", "mitä", "kuinka", "ja", "hur", "och", "meidän", "pitääkö"])
def test_question_words_are_filler(analyser, word):
    assert [w.filler for w in _planned(analyser, word).words] == [True]


@pytest.mark.parametrize("word", ["salasana", "tilauksen", "lösenord", "tukipyyntöni", "lasku"])
def test_subject_words_are_not_filler(analyser, word):
    assert [w.filler for w in _planned(analyser, word).words] == [False]


def test_filler_words_are_folded_base_forms():
    assert all(word == fold(word) for word in FILLER)
    assert "voida" in FILLER and "olla" in FILLER and "salasana" not in FILLER


# --- the analyser itself --------------------------------------------------------------------------------------


def test_the_version_names_libvoikko_and_the_finnish_dictionary():
    version = voikko_version()
    assert version.startswith("libvoikko ") and " fi " in version


class _NoDictionary:
    def __init__(self, language):
        raise OSError("libvoikko.so.1: cannot open shared object file")


@pytest.mark.parametrize(("binding", "cause"), [
    (None, "libvoikko"),  # the Python package is not installed: importing it fails
    (types.SimpleNamespace(Voikko=_NoDictionary), "cannot open shared object"),  # Debian's library is missing
])
def test_a_missing_voikko_is_reported_with_what_to_install(monkeypatch, binding, cause):
    monkeypatch.setitem(sys.modules, "libvoikko", binding)
    textanalysis._voikko.cache_clear()
    try:
        for use in (Analyser, voikko_version):  # the index cache's key asks for the version first
            with pytest.raises(AnalyserMissing, match=f"libvoikko1 and voikko-fi .*make setup.*{cause}"):
                use()
    finally:
        monkeypatch.undo()
        textanalysis._voikko.cache_clear()
    assert Analyser().word("tilauksen").primary == "tilaus"
