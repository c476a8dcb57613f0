"""The search box on the Swedish pages, in Debian's Chromium: Swedish words, Swedish results, Swedish labels."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def search(page, query: str) -> list[str]:
    """Type the query as a visitor does and return the result links' paths, best first."""
    page.fill("#ss-search-input", query)
    page.press("#ss-search-input", "Enter")
    page.wait_for_function(
        "q => { const s = document.querySelector('#ss-search-status').textContent;"
        " return document.querySelector('#ss-search-input').value === q && s && !s.startsWith('Söker'); }", arg=query)
    return page.eval_on_selector_all("#ss-search-results a", "links => links.map(a => new URL(a.href).pathname)")


def test_a_swedish_query_on_a_swedish_page_lands_on_the_swedish_answer(page, base_url):
    page.goto(base_url + "sv/ukk/")
    assert page.get_attribute("html", "lang") == "sv"
    assert page.get_attribute("#ss-search-input", "placeholder") == "Sök i anvisningarna"
    paths = search(page, "byta lösenordet")  # inflected: the page says "byta lösenord"
    assert paths[0] == "/sv/ukk/miten-kirjaudun-asiakaskeskukseen/"
    assert all(path.startswith("/sv/") for path in paths), paths  # the Swedish index only
    assert re.fullmatch(r"\d+ träff(ar)?(, de 8 bästa visas)?", page.text_content("#ss-search-status"))
    page.click('#ss-search-results a[href$="/sv/ukk/miten-kirjaudun-asiakaskeskukseen/"]')
    page.wait_for_url(base_url + "sv/ukk/miten-kirjaudun-asiakaskeskukseen/")
    assert page.text_content("h1").strip() == "Hur loggar jag in i det digitala kundcentret?"


def test_the_swedish_box_ranks_as_supportsite_search_lang_sv(page, base_url, repo_root):
    from hooks.core.content import load_project
    from hooks.core.search import search as cli_search
    project = load_project(repo_root)
    page.goto(base_url + "sv/")
    for query in ("fakturan ser fel ut", "fjärranslutning", "superuser byta"):
        hits, _ = cli_search(repo_root, project, query, 8, "sv")
        assert search(page, query) == ["/" + hit.url for hit in hits], query


def test_no_results_are_said_in_swedish_and_finnish_pages_keep_finnish(page, base_url):
    page.goto(base_url + "sv/")
    assert search(page, "qxzqxz") == []
    assert page.text_content("#ss-search-status") == "Inga träffar. Pröva ett annat ord."
    page.goto(base_url + "ukk/")
    page.fill("#ss-search-input", "lösenord")
    page.press("#ss-search-input", "Enter")
    page.wait_for_function("() => /tulos|Ei tuloksia/.test(document.querySelector('#ss-search-status').textContent)")
    links = page.eval_on_selector_all("#ss-search-results a", "links => links.map(a => new URL(a.href).pathname)")
    assert links and not any(path.startswith("/sv/") for path in links)  # the Finnish index, through the synonyms
