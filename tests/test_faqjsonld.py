"""FAQPage structured data (hooks/core/faqjsonld.py): the answer as bounded plain text, the question, the date."""

from __future__ import annotations

import datetime as dt

from hooks.core.faqjsonld import JSONLD_ANSWER_CHARS, answer_text, bounded_text, faq_jsonld, html_to_text


def test_answer_text_is_plain_without_permalinks_or_scripts():
    html = '<h2 id="x">Osa<a class="headerlink" href="#x">&para;</a></h2><p>Valitse <strong>Tallenna</strong> &amp; jatka.</p><script>x()</script>'
    assert html_to_text(html) == "Osa Valitse Tallenna & jatka."


def test_the_answer_leaves_out_the_question():
    assert answer_text('<h1 id="q">Miksi?</h1>\n<p>Siksi.</p><h1>Toinen</h1>') == "Siksi. Toinen"


def test_bounded_text_cuts_at_a_word_with_an_ellipsis():
    assert bounded_text("lyhyt vastaus", 100) == "lyhyt vastaus"
    cut = bounded_text("sana " * 500, 1000)
    assert len(cut) <= 1000 and cut.endswith("sana…")


def test_an_faq_page_has_one_question_with_its_answer_and_date():
    data = faq_jsonld("Miksi?", "Siksi. " * 400, "https://tuki.example.fi/ukk/miksi/", dt.date(2026, 3, 2), "fi")
    assert data["@type"] == "FAQPage" and data["url"] == "https://tuki.example.fi/ukk/miksi/"
    assert data["dateModified"] == "2026-03-02" and data["inLanguage"] == "fi"
    [question] = data["mainEntity"]
    assert question["name"] == "Miksi?"
    assert len(question["acceptedAnswer"]["text"]) <= JSONLD_ANSWER_CHARS
    assert "dateModified" not in faq_jsonld("Miksi?", "Siksi.", "https://tuki.example.fi/ukk/miksi/", None, "fi")


def test_a_swedish_faq_page_is_marked_swedish():
    data = faq_jsonld("Varför?", "Därför.", "https://tuki.example.fi/sv/ukk/varfor/", None, "sv")
    assert data["inLanguage"] == "sv"
