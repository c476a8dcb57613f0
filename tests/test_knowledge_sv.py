"""The knowledge base in Swedish (issue 15): tests/sites/knowledge with Swedish translations beside some sources."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as html_lib
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest

from hooks.core.config import TagName
from hooks.core.content import load_project
from hooks.core.gitdates import GitDates
from hooks.core.knowledgeblocks import PageBlocks
from hooks.core.knowledgemodel import Crumb, KnowledgeBase, one_page_uri
from hooks.core.knowledgepages import KnowledgePages
from hooks.core.knowledgewords import WORDS
from hooks.core.languages import LANGUAGES
from hooks.core.newsfeed import news_feed
from hooks.core.related import related_pages
from hooks.core.search import documents_of

SITE = Path(__file__).resolve().parent / "sites" / "knowledge"
COMMITTED = dt.date(2026, 10, 5)

TRANSLATIONS = {
    "content/index.sv.md": "---\ntitle: Startsida\n---\n\n# Startsida\n\nVälkommen till supporten.\n",
    "content/ukk/index.sv.md": "---\ntitle: Vanliga frågor\n---\n\n# Vanliga frågor\n\nSvar på kundernas frågor.\n",
    "content/ukk/salasanan-vaihto.sv.md": (
        "---\ntitle: Hur byter jag lösenord?\nteam: rakentaminen\nproducts: [kirjautuminen]\n"
        "tags: [kirjautuminen, salasana]\nupdated: 2026-03-02\n---\n\n"
        "Lösenordet byts på inloggningssidan. Välj **Glömt lösenordet?** och följ länken i e-postmeddelandet. "
        "Det nya lösenordet ska vara minst tolv tecken långt.\n"),
    "content/ukk/kirjautuminen-ei-onnistu.sv.md": (
        "---\ntitle: Inloggningen lyckas inte\nteam: rakentaminen\nproducts: [kirjautuminen]\n"
        "tags: [kirjautuminen]\n---\n\n"
        "Kontrollera användarnamnet och lösenordet. Om inloggningen fortfarande inte lyckas, byt lösenord "
        "på inloggningssidan.\n"),
    "content/ukk/palkka-ajo.sv.md": (
        "---\ntitle: Lönekörningen går inte igenom\nteam: kauppa\nproducts: [palkat]\ntags: [palkat]\n---\n\n"
        "Kontrollera lönekörningens inställningar och skattekorten innan du kör lönerna på nytt.\n"),
    "academy/index.sv.md": "---\ntitle: Akademin\n---\n\n# Akademin\n\nGuider och nyheter.\n",
    "academy/manuals/palkkaopas/index.sv.md": (
        "---\ntitle: Guide till löneräkning\nproducts: [palkat]\nteam: kauppa\n---\n\n"
        "# Guide till löneräkning\n\nDen här guiden går igenom löneräkningen.\n"),
    "academy/manuals/palkkaopas/01-aloitus.sv.md": (
        "---\ntitle: Kom igång\ntags: [palkat]\n---\n\n# Kom igång\n\nSå kommer du igång med löneräkningen.\n\n"
        "## Inställningar\n\nKontrollera inställningarna först.\n"),
    "academy/manuals/palkkaopas/02-palkka-ajo.sv.md": (
        "---\ntitle: Lönekörning\ntags: [palkat]\n---\n\n# Lönekörning\n\nSå kör du lönerna.\n\n"
        "## Inställningar\n\nLönekörningens inställningar.\n"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("knowledge-sv") / "knowledge"
    shutil.copytree(SITE, root, ignore=shutil.ignore_patterns(".cache"))
    for path, text in TRANSLATIONS.items():
        (root / path).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(site):
    return load_project(site)


@pytest.fixture(scope="module")
def sv(project) -> KnowledgeBase:
    return KnowledgeBase(project.in_language("sv"), GitDates(by_path={}, fallback=COMMITTED))


@pytest.fixture(scope="module")
def fi(project) -> KnowledgeBase:
    return KnowledgeBase(project, GitDates(by_path={}, fallback=COMMITTED))


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html)


def generated(kb: KnowledgeBase, existing: set[str]) -> tuple[KnowledgePages, dict[str, str]]:
    pages = KnowledgePages(kb)
    return pages, {page.src_uri: page.markdown for page in pages.generated_pages(existing)}


def test_every_language_has_every_word():
    assert set(WORDS) == set(LANGUAGES)


def test_swedish_pages_are_generated_beside_the_finnish_ones_only_for_what_has_swedish_articles(sv, fi):
    _, markdown = generated(sv, {"ukk/index.sv.md", "status/index.md"})
    assert list(markdown) == [
        "ukk/tuotteet/index.sv.md", "ukk/tuotteet/kirjautuminen.sv.md", "ukk/tuotteet/palkat.sv.md",
        "ukk/aiheet/index.sv.md", "ukk/aiheet/kirjautuminen.sv.md", "ukk/aiheet/palkat.sv.md",
        "ukk/aiheet/salasana.sv.md", "academy/manuals/palkkaopas/kokonaan.sv.md"]
    # no Swedish news: no Swedish news index (and no feeds, see test_the_news_feed_is_in_the_language_of_its_news)
    _, finnish = generated(fi, {"ukk/index.md"})
    assert not [uri for uri in finnish if ".sv." in uri], "the Finnish base generates Finnish pages only"


def test_the_swedish_faq_index_lists_swedish_articles_by_team_in_swedish(sv):
    pages = KnowledgePages(sv)
    markdown = pages.faq_index_markdown()
    assert "## Frågor per supportteam {: #tiimeittain }" in markdown  # the Finnish id: links work in both
    assert "### Bygg och transport {: #rakentaminen }" in markdown
    assert "Kunder inom bygg och transport&#46;" in markdown
    assert "Frågorna [per produkt](tuotteet/index.sv.md) och [per ämne](aiheet/index.sv.md) finns på egna sidor." \
        in markdown
    assert "Det här teamet har inga frågor ännu." not in markdown  # both teams have a Swedish article
    by_team = pages.link_lists["ukk/index.sv.md"]
    assert [[item.uri for item in items] for items in by_team] == [
        ["ukk/salasanan-vaihto.sv.md", "ukk/kirjautuminen-ei-onnistu.sv.md"], ["ukk/palkka-ajo.sv.md"]]  # by title
    assert by_team[0][0].title == "Hur byter jag lösenord?"


def test_a_swedish_product_page_has_swedish_words_and_links_the_swedish_status_page(sv):
    pages, markdown = generated(sv, {"status/index.md", "status/index.sv.md"})
    page = markdown["ukk/tuotteet/kirjautuminen.sv.md"]
    assert page.startswith('---\ntitle: "Kirjautumispalvelu"\n')
    assert "## Frågor\n" in page and "[Alla frågor per produkt](index.sv.md)" in page
    assert "Produktens tillgänglighet ser du på [sidan om driftstatus](../../status/index.sv.md)." in page
    assert "Tunnukset ja kirjautuminen&#46; &#40;på finska&#41;" in page  # no description_sv in this site_config
    assert [item.uri for item in pages.link_lists["ukk/tuotteet/kirjautuminen.sv.md"][0]] == [
        "ukk/salasanan-vaihto.sv.md", "ukk/kirjautuminen-ei-onnistu.sv.md"]
    # without a Swedish status page, the Finnish one
    _, markdown = generated(sv, {"status/index.md"})
    assert "(../../status/index.md)." in markdown["ukk/tuotteet/kirjautuminen.sv.md"]


def test_a_product_description_in_swedish_is_shown_as_it_is(sv):
    product = sv.config.products[0]
    swedish = type(product)(id=product.id, name=product.name, description=product.description,
                            description_sv="Inloggning och användarnamn.")
    assert sv.product_description(swedish) == "Inloggning och användarnamn."
    assert sv.product_description(product) == "Tunnukset ja kirjautuminen. (på finska)"


def test_a_swedish_topic_page_keeps_the_finnish_slug_and_lists_swedish_pages(sv):
    pages, markdown = generated(sv, set())
    page = markdown["ukk/aiheet/palkat.sv.md"]
    assert page.startswith('---\ntitle: "\\u00c4mne: palkat (p\\u00e5 finska)"\n')  # site_config names no tag
    assert "## Frågor\n" in page and "## Kapitel i användarguider\n" in page and "[Alla ämnen](index.sv.md)" in page
    assert [[item.uri for item in items] for items in pages.link_lists["ukk/aiheet/palkat.sv.md"]] == [
        ["ukk/palkka-ajo.sv.md"],
        ["academy/manuals/palkkaopas/01-aloitus.sv.md", "academy/manuals/palkkaopas/02-palkka-ajo.sv.md"]]


def test_swedish_topics_are_named_and_listed_as_site_config_names_them(project):
    config = dataclasses.replace(project.config, tags=(
        TagName(tag="Palkat", name_sv="löner"), TagName(tag="salasana", name_sv="lösenord")))
    swedish = dataclasses.replace(project.in_language("sv"), config=config)
    sv = KnowledgeBase(swedish, GitDates(by_path={}, fallback=COMMITTED))
    pages, markdown = generated(sv, set())
    # any spelling of a tag is the tag; its page keeps the Finnish slug, so that the versions pair up
    assert markdown["ukk/aiheet/palkat.sv.md"].startswith('---\ntitle: "\\u00c4mne: l\\u00f6ner"\n')
    names = [item.title for item in pages.link_lists["ukk/aiheet/index.sv.md"][0]]
    assert names[:2] == ["kirjautuminen (på finska)", "löner"] and "lösenord" in names
    assert names == sorted(names, key=str.casefold)  # by the names the Swedish page shows


def test_the_swedish_one_page_manual_has_its_swedish_chapters(sv):
    manual = sv.manuals[0]
    assert one_page_uri(manual) == "academy/manuals/palkkaopas/kokonaan.sv.md"
    assert sv.one_page_manual("academy/manuals/palkkaopas/kokonaan.sv.md") is manual
    _, markdown = generated(sv, set())
    page = markdown["academy/manuals/palkkaopas/kokonaan.sv.md"]
    assert page.startswith('---\ntitle: "Guide till l\\u00f6ner\\u00e4kning \\u2013 hela guiden"\n')
    assert "[Tillbaka till guidens innehåll](index.sv.md)." in page
    assert re.findall(r"^## (.*)$", page, re.MULTILINE) == ["Kom igång", "Lönekörning"]


def test_swedish_breadcrumbs_lead_to_swedish_pages(sv):
    assert sv.breadcrumbs("ukk/salasanan-vaihto.sv.md", "Hur byter jag lösenord?") == [
        Crumb("Startsida", "index.sv.md"), Crumb("Vanliga frågor", "ukk/index.sv.md"),
        Crumb("Hur byter jag lösenord?", None)]
    assert sv.breadcrumbs("ukk/aiheet/palkat.sv.md", "Ämne: palkat")[2] == Crumb("Ämnen", "ukk/aiheet/index.sv.md")
    assert sv.breadcrumbs("academy/manuals/palkkaopas/02-palkka-ajo.sv.md", "Lönekörning")[1:3] == [
        Crumb("Akademin", "academy/index.sv.md"),
        Crumb("Guide till löneräkning", "academy/manuals/palkkaopas/index.sv.md")]
    assert sv.breadcrumbs("index.sv.md", "Startsida") == []


def test_a_swedish_chapter_has_swedish_navigation_date_and_trail(sv):
    blocks = PageBlocks(sv, "https://tuki.example.fi/")
    urls = {"index.sv.md": "sv/", "academy/index.sv.md": "sv/academy/",
            "academy/manuals/palkkaopas/index.sv.md": "sv/academy/manuals/palkkaopas/",
            "academy/manuals/palkkaopas/01-aloitus.sv.md": "sv/academy/manuals/palkkaopas/01-aloitus/",
            "academy/manuals/palkkaopas/02-palkka-ajo.sv.md": "sv/academy/manuals/palkkaopas/02-palkka-ajo/"}
    page, head = blocks.compose("academy/manuals/palkkaopas/01-aloitus.sv.md", urls[
        "academy/manuals/palkkaopas/01-aloitus.sv.md"], "Kom igång", "<h1>Kom igång</h1><p>Text.</p>", urls)
    assert links(page)[:3] == [("../../../../", "Startsida"), ("../../../", "Akademin"),
                               ("../", "Guide till löneräkning")]
    assert 'aria-label="Brödsmulor"' in page
    assert '<p class="ss-updated">Uppdaterad <time datetime="2026-10-05">5 oktober 2026</time></p>' in page
    assert '<nav class="ss-chapter-nav" aria-label="Guidens kapitel">' in page
    assert "<p>Kapitel 1/2 i guiden <a href=\"../\">Guide till löneräkning</a></p>" in page
    assert '<a href="../02-palkka-ajo/" rel="next"><span>Nästa kapitel:</span> Lönekörning</a>' in page
    assert head == ""


def test_a_swedish_manual_lists_its_contents_in_swedish(sv):
    blocks = PageBlocks(sv, "https://tuki.example.fi/")
    page, _ = blocks.compose("academy/manuals/palkkaopas/index.sv.md", "sv/academy/manuals/palkkaopas/",
                             "Guide till löneräkning", "<h1>Guide till löneräkning</h1>",
                             {"academy/manuals/palkkaopas/kokonaan.sv.md": "sv/academy/manuals/palkkaopas/kokonaan/"})
    assert '<h2 id="ss-manual-toc-title">Innehåll</h2>' in page
    assert '<a href="kokonaan/">Hela guiden på en sida</a> (för utskrift eller för att spara som PDF)' in page


def test_a_swedish_faq_page_says_it_is_swedish_in_its_structured_data(sv, fi):
    article = "<h1>Hur byter jag lösenord?</h1><p>Lösenordet byts på inloggningssidan.</p>"
    _, head = PageBlocks(sv, "https://tuki.example.fi/").compose(
        "ukk/salasanan-vaihto.sv.md", "sv/ukk/salasanan-vaihto/", "Hur byter jag lösenord?", article)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*)</script>', head)[1])
    assert data["inLanguage"] == "sv" and data["url"] == "https://tuki.example.fi/sv/ukk/salasanan-vaihto/"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "Lösenordet byts på inloggningssidan."
    _, head = PageBlocks(fi, "https://tuki.example.fi/").compose(
        "ukk/salasanan-vaihto.md", "ukk/salasanan-vaihto/", "Miten vaihdan salasanan?", "<h1>x</h1><p>y</p>")
    assert '"inLanguage":"fi"' in head.replace(" ", "")


def test_a_swedish_related_list_is_in_swedish(sv):
    html = PageBlocks(sv, "").related_list("sv/ukk/salasanan-vaihto/", ("content/ukk/kirjautuminen-ei-onnistu.sv.md",),
                                           {"ukk/kirjautuminen-ei-onnistu.sv.md": "sv/ukk/kirjautuminen-ei-onnistu/"})
    assert '<h2 id="ss-related-title">Relaterat</h2>' in html
    assert '<a href="../kirjautuminen-ei-onnistu/">Inloggningen lyckas inte</a> ' \
           '<span class="ss-related__kind">(Fråga)</span>' in html


def test_related_articles_stay_in_their_language(site, project):
    docs = documents_of(project) + documents_of(project.in_language("sv"))
    related = related_pages(site, docs)
    swedish = [path for path in related if ".sv.md" in path]
    assert sorted(swedish) == sorted(d.path for d in docs if ".sv.md" in d.path and d.kind in ("faq", "chapter"))
    for path, chosen in related.items():
        assert chosen, path
        assert all((".sv.md" in c) == (".sv.md" in path) for c in chosen), (path, chosen)
    assert len(related["content/ukk/salasanan-vaihto.sv.md"]) == 3  # the small Swedish corpus fills up to three
    finnish_only = related_pages(site, documents_of(project))
    assert finnish_only == {path: chosen for path, chosen in related.items() if ".sv.md" not in path}, \
        "a translation changes nothing in the Finnish pages' lists"


def test_the_news_feed_is_in_the_language_of_its_news(fi, sv):
    meta, entries = news_feed(fi, "https://tuki.example.fi", {})
    assert meta.language == "fi" and entries
    meta, entries = news_feed(sv, "https://tuki.example.fi", {})
    assert (meta.language, meta.title, entries) == ("sv", "Esimerkki Akademin: produktnyheter", [])
    assert meta.link == "https://tuki.example.fi/sv/academy/news/"
    assert meta.atom_url == "https://tuki.example.fi/sv/academy/news.atom"


# --- the repository's site, built end to end ------------------------------------------------------------------------


def resolved_links(html: str, url: str) -> list[str]:
    """Every link of ``html`` (permalinks and external links left out) as a URL relative to the site's root."""
    found = []
    for href in re.findall(r'<a (?![^>]*class="headerlink")[^>]*href="([^"#]*)', html):
        if href and "://" not in href and not href.startswith(("mailto:", "tel:")):
            found.append(posixpath.normpath(posixpath.join(url, href)) + "/")
    return found


def between(html: str, start: str, end: str) -> str:
    return html[html.index(start):html.index(end, html.index(start))]


def test_the_built_swedish_faq_index_lists_every_swedish_article_and_only_those(built_site, repo_root):
    html = (built_site / "sv/ukk/index.html").read_text(encoding="utf-8")
    listed = resolved_links(between(html, 'id="tiimeittain"', "</article>"), "sv/ukk/")
    articles = sorted(f"sv/ukk/{p.name.removesuffix('.sv.md')}/" for p in (repo_root / "content/ukk").glob("*.sv.md")
                      if p.name != "index.sv.md")
    assert sorted(set(listed) - {"sv/ukk/tuotteet/", "sv/ukk/aiheet/"}) == articles
    finnish = (built_site / "ukk/index.html").read_text(encoding="utf-8")
    assert not [url for url in resolved_links(between(finnish, 'id="tiimeittain"', "</article>"), "ukk/")
                if url.startswith("sv/")]


def test_a_built_swedish_article_is_swedish_throughout(built_site):
    html = (built_site / "sv/ukk/miten-luokittelen-tapauksen/index.html").read_text(encoding="utf-8")
    [data] = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]
    assert data["inLanguage"] == "sv" and data["url"].endswith("/sv/ukk/miten-luokittelen-tapauksen/")
    assert 'aria-label="Brödsmulor"' in html and '<p class="ss-updated">Uppdaterad <time' in html
    related = between(html, '<aside class="ss-related"', "</aside>")
    assert '<h2 id="ss-related-title">Relaterat</h2>' in related
    assert resolved_links(related, "sv/ukk/miten-luokittelen-tapauksen/")
    assert all(url.startswith("sv/") for url in resolved_links(related, "sv/ukk/miten-luokittelen-tapauksen/"))


def test_the_built_swedish_one_page_manual_has_every_swedish_chapter(built_site, repo_root):
    html = (built_site / "sv/academy/manuals/asiakaskeskuksen-kayttoopas/kokonaan/index.html").read_text(
        encoding="utf-8")
    assert "<title>Användarguide för kundcentret – hela guiden" in html
    chapters = sorted((repo_root / "academy/manuals/asiakaskeskuksen-kayttoopas").glob("0*.sv.md"))
    titles = [re.search(r"^title: (.*)$", p.read_text(encoding="utf-8"), re.MULTILINE)[1].strip('"') for p in chapters]
    assert len(titles) == 6
    shown = [re.sub(r"<[^>]+>|¶", "", html_lib.unescape(h)) for h in re.findall(r"<h2 id=[^>]*>(.*?)</h2>", html)]
    assert [title for title in titles if title in shown] == titles
    toc = (built_site / "sv/academy/manuals/asiakaskeskuksen-kayttoopas/index.html").read_text(encoding="utf-8")
    assert '<a href="kokonaan/">Hela guiden på en sida</a>' in toc


def test_the_swedish_academy_has_no_news_feed_of_its_own_until_there_is_swedish_news(built_site):
    assert (built_site / "academy/news.atom").is_file()
    assert not (built_site / "sv/academy/news.atom").exists()
    finnish = (built_site / "academy/index.html").read_text(encoding="utf-8")
    swedish = (built_site / "sv/academy/index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="news\.atom">', finnish)
    assert "news.atom" not in swedish.split("</head>")[0]  # no link that promises Swedish news
