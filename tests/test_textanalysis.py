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


# --- Swedish ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def swedish() -> textanalysis.SwedishAnalyser:
    return textanalysis.analyser_for("sv")


@pytest.mark.parametrize(("written", "base"), [
    ("lösenordet", "losenord"), ("lösenord", "losenord"), ("byter", "byta"), ("ärendet", "arende"),
    ("tjänsten", "tjanst"), ("driftstörningar", "driftstorning"), ("inloggningen", "inloggning"),
    ("böcker", "bok"),  # an irregular plural: a dictionary knows it, a suffix stemmer would not
    # base forms that are also forms of another word stand for themselves, as the synonym groups write them
    ("avgift", "avgift"), ("avgifter", "avgift"), ("kurs", "kurs"), ("kurser", "kurs"), ("dator", "dator"),
])
def test_a_swedish_word_stands_for_its_base_form_folded(swedish, written, base):
    assert swedish.word(written).primary == base


def test_the_committed_swedish_base_forms_are_the_installed_dictionarys():
    assert textanalysis.SWEDISH_BASE_FORMS.read_text(encoding="utf-8") == textanalysis.base_forms_table(), (
        "hooks/core/swedish-base-forms.json is out of date: run `.venv/bin/python -m hooks.tools.swedishforms`")
    assert {"avgift", "kurs", "dator"} <= textanalysis.swedish_base_forms()


def test_without_a_committed_table_for_this_simplemma_the_dictionary_gives_the_same_base_forms(tmp_path):
    for text in ('{"simplemma": "0.1", "words": ["avgift"]}', "{", None):
        table = tmp_path / "table.json"
        table.unlink(missing_ok=True)
        if text is not None:
            table.write_text(text, encoding="utf-8")
        assert textanalysis.swedish_base_forms(table) == textanalysis.swedish_base_forms(), text


@pytest.fixture(scope="module")
def swedish_trie(tmp_path_factory):
    """The trie that `make setup` writes into the environment (hooks.tools.swedishlexicon), written elsewhere."""
    folder = tmp_path_factory.mktemp("lexicon")
    from hooks.tools.swedishlexicon import main
    assert main(["--folder", str(folder)]) == 0
    return folder


def test_the_swedish_trie_gives_every_word_of_the_swedish_pages_the_analysis_of_the_packed_dictionary(
        repo_root, swedish_trie, tmp_path):
    from hooks.core.textanalysis import SwedishAnalyser, words as words_of
    written = sorted({word for folder in ("content", "academy", "status") for path in (repo_root / folder).rglob("*.sv.md")
                      for word in words_of(path.read_text(encoding="utf-8"))})
    written += ["supportärendet", "lösenordsbyte", "Lösenordet", "avgifter", "böcker", "xyzzyq"]
    with_trie, packed = SwedishAnalyser(lexicon=swedish_trie), SwedishAnalyser(lexicon=tmp_path / "none")
    assert len(written) > 1000
    assert [with_trie.word(w) for w in written] == [packed.word(w) for w in written]


def test_the_analyser_reads_the_trie_where_the_tool_wrote_it_and_the_packed_dictionary_without_it(
        swedish_trie, tmp_path):
    from simplemma.strategies.dictionaries import LOW_MEMORY_DICTIONARY_FACTORY, TrieDictionaryFactory
    assert list(swedish_trie.glob("*/sv.dic")) and not list(swedish_trie.glob("*/.writing-*"))
    assert isinstance(textanalysis.swedish_dictionaries(swedish_trie), TrieDictionaryFactory)
    assert textanalysis.swedish_dictionaries(tmp_path) is LOW_MEMORY_DICTIONARY_FACTORY
    assert not list(tmp_path.iterdir()), "a build never writes the trie"


def test_an_inflected_swedish_query_word_and_the_base_form_on_a_page_are_one_token(swedish):
    on_page = [analysis.primary for _, analysis in swedish.text("Byt lösenord i kundcentret.")]
    typed = [analysis.primary for _, analysis in swedish.text("lösenordet")]
    assert typed[0] in on_page


@pytest.mark.parametrize(("written", "base", "parts"), [
    ("supportärendet", "supportarende", ("support", "arende")),
    ("ärendenumret", "arendenummer", ("arende", "nummer")),
    ("lösenordsbyte", "losenordsbyte", ("losenord", "byte")),  # the joining s of the first half goes
])
def test_an_unknown_swedish_compound_gets_a_base_form_and_its_halves_as_parts(swedish, written, base, parts):
    analysis = swedish.word(written)
    assert (analysis.primary, analysis.parts) == (base, parts)


def test_names_and_numbers_stay_themselves_in_swedish(swedish):
    assert swedish.word("softone").tokens == ("softone",)
    assert swedish.word("2026").tokens == ("2026",)


def test_swedish_auxiliaries_are_fillers_and_no_finnish_page_has_their_base_forms(repo_root, swedish):
    from hooks.core.content import load_project
    from hooks.core.search import documents_of
    added = {swedish.word(written).primary for written in ("har", "kan", "ska", "blir", "gör", "bör")}
    assert added <= FILLER
    # a filler is left out of every query: a Finnish page's word among them could no longer be searched for
    finnish = {token for doc in documents_of(load_project(repo_root))
               for token in doc.analyse(shared_analyser()).content}
    assert added & finnish == set()


def test_each_language_has_one_shared_analyser():
    assert shared_analyser("sv") is shared_analyser("sv")
    assert isinstance(shared_analyser("sv"), textanalysis.SwedishAnalyser)
    assert isinstance(shared_analyser(), Analyser) and shared_analyser() is shared_analyser("fi")
