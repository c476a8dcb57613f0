"""The knowledge base built end to end (hooks/knowledge.py): FAQ schema errors, generated index pages, article blocks,
FAQPage JSON-LD, news feeds, the search index, strict-build failures.

The end-to-end tests build ``tests/sites/knowledge`` (a copy, so the Whoosh cache and broken sources stay in tmp).
"""

from __future__ import annotations

import gzip
import html as html_lib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from hooks.core.markers import mark
from trees import digest

SITE = Path("tests/sites/knowledge")


# --- helpers ------------------------------------------------------------------------------------


def copy_site(repo_root: Path, dest_root: Path) -> Path:
    """``tests/sites/knowledge`` under ``dest_root`` with ``dest_root/hooks`` → the real hooks, as its mkdocs.yml expects."""
    copy = dest_root / SITE
    shutil.copytree(repo_root / SITE, copy, ignore=shutil.ignore_patterns(".cache", "site", "site.*"))
    (dest_root / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)
    return copy


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def link_texts(fragment: str) -> list[str]:
    """The visible text of each link, permalinks (¶) left out."""
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", text)).strip()
            for text in re.findall(r'<a (?![^>]*class="headerlink")[^>]*>(.*?)</a>', fragment, re.S)]


def section(html: str, heading_id: str) -> str:
    """The HTML from the heading with ``heading_id`` to the next heading of the same or a higher level."""
    match = re.search(rf'<h([1-6]) id="{heading_id}"', html)
    assert match, f"no heading #{heading_id}"
    level = int(match[1])
    end = re.compile(rf"<h[1-{level}][ >]").search(html, match.end())
    return html[match.start():end.start() if end else len(html)]


def jsonld_of(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


@pytest.fixture(scope="module")
def built(repo_root: Path, tmp_path_factory: pytest.TempPathFactory, build_site) -> Path:
    root = copy_site(repo_root, tmp_path_factory.mktemp("knowledge"))
    site = root.parent / "built"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


# --- schemas ----------------------------------------------------------------------------------------


def test_faq_front_matter_errors_are_all_reported_with_lines(repo_root, tmp_path):
    root = copy_site(repo_root, tmp_path)
    (root / "content/ukk/rikki.md").write_text(
        "---\ntitle: Rikki?\nteam: tuntematon\nproducts: []\ntags: kirjautuminen\nupdated: eilen\n---\n\nTeksti.\n",
        encoding="utf-8")
    (root / "academy/manuals/orpo").mkdir()
    (root / "academy/manuals/orpo/01-luku.md").write_text("---\ntitle: Luku\n---\n\nTeksti.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "hooks.cli", "--root", str(root), "check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "5 problems found in the site sources:",
        "  academy/manuals/orpo/01-luku.md: chapter of a manual without index.md (expected academy/manuals/orpo/index.md, got no such file)",
        "  content/ukk/rikki.md:3: team: unknown team (expected one of rakentaminen, kauppa, got 'tuntematon')",
        "  content/ukk/rikki.md:4: products: too few items (expected a list of at least 1, each a product id declared in site_config/support.yml, got 0)",
        "  content/ukk/rikki.md:5: tags: wrong type (expected a list, each a text, got 'kirjautuminen')",
        "  content/ukk/rikki.md:6: updated: invalid date (expected a date YYYY-MM-DD, got 'eilen')",
    ]


# --- generated index pages -----------------------------------------------------------------------------


@pytest.mark.slow
def test_generated_pages_exist_for_products_tags_news_and_one_page_manuals(built):
    pages = {p.relative_to(built).as_posix() for p in built.rglob("index.html")}
    assert {
        "ukk/tuotteet/index.html", "ukk/tuotteet/kirjautuminen/index.html", "ukk/tuotteet/palkat/index.html",
        "ukk/tuotteet/laskutus/index.html", "ukk/aiheet/index.html", "ukk/aiheet/palkat/index.html",
        "ukk/aiheet/verkkolasku/index.html", "academy/news/index.html", "academy/manuals/palkkaopas/kokonaan/index.html",
    } <= pages
    # generated in memory only: nothing was written into the sources
    assert not (built.parent / SITE / "content/ukk/tuotteet").exists()


@pytest.mark.slow
def test_faq_index_groups_questions_by_team_in_config_order(built):
    html = article(read(built, "ukk/index.html"))
    assert link_texts(section(html, "rakentaminen")) == [
        "Miksi kirjautuminen ei onnistu?", "Miten otan kaksivaiheisen tunnistuksen käyttöön?", "Miten vaihdan salasanan?"]
    assert link_texts(section(html, "kauppa")) == [
        "Laskussa on virhe – mitä teen?", "Mihin syötän uuden verokortin?", "Miksi palkka-ajo keskeytyy?",
        "Miten lomaraha lasketaan?", "Miten otan verkkolaskun käyttöön?"]
    assert html.index('id="rakentaminen"') < html.index('id="kauppa"')


@pytest.mark.slow
def test_questions_by_product_and_the_product_page(built):
    by_product = article(read(built, "ukk/tuotteet/index.html"))
    assert link_texts(section(by_product, "palkat")) == [
        "Palkanlaskenta", "Mihin syötän uuden verokortin?", "Miksi palkka-ajo keskeytyy?", "Miten lomaraha lasketaan?"]
    product = article(read(built, "ukk/tuotteet/palkat/index.html"))
    assert "<h1" in product and "Palkanlaskenta" in product
    assert link_texts(section(product, "kayttooppaat")) == ["Palkanlaskennan opas"]
    assert link_texts(section(product, "tuoteuutiset")) == ["Palkanlaskennan uusi versio", "Kaikki kysymykset tuotteittain"]
    assert "4. toukokuuta 2026" in product


@pytest.mark.slow
def test_tag_page_lists_questions_chapters_and_news(built):
    html = article(read(built, "ukk/aiheet/palkat/index.html"))
    assert link_texts(section(html, "kysymykset")) == [
        "Mihin syötän uuden verokortin?", "Miksi palkka-ajo keskeytyy?", "Miten lomaraha lasketaan?"]
    assert link_texts(section(html, "kayttooppaiden-luvut")) == ["Aloitus", "Palkka-ajo", "Vuodenvaihde"]
    assert link_texts(section(html, "tuoteuutiset")) == ["Palkanlaskennan uusi versio", "Kaikki aiheet"]
    tags = article(read(built, "ukk/aiheet/index.html"))
    assert re.search(r">palkat</a> \(7\)", tags), tags


# --- blocks on article pages ------------------------------------------------------------------------


@pytest.mark.slow
def test_faq_article_has_breadcrumbs_finnish_date_and_related_articles(built):
    html = article(read(built, "ukk/salasanan-vaihto/index.html"))
    crumbs = re.search(r'<nav class="ss-breadcrumbs".*?</nav>', html, re.S)[0]
    assert link_texts(crumbs) == ["Etusivu", "UKK"]
    assert '<span aria-current="page">Miten vaihdan salasanan?</span>' in crumbs
    assert 'Päivitetty <time datetime="2026-03-02">2. maaliskuuta 2026</time>' in html
    related = re.search(r'<aside class="ss-related".*?</aside>', html, re.S)[0]
    titles = link_texts(related)
    assert 3 <= len(titles) <= 5
    assert "Miten vaihdan salasanan?" not in titles
    assert set(titles[:2]) == {"Miksi kirjautuminen ei onnistu?", "Miten otan kaksivaiheisen tunnistuksen käyttöön?"}


@pytest.mark.slow
def test_faq_jsonld_is_a_valid_faqpage_with_a_plain_text_answer(built):
    blocks = jsonld_of(read(built, "ukk/salasanan-vaihto/index.html"))
    assert len(blocks) == 1
    data = blocks[0]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert data["url"] == "https://tuki.example.fi/ukk/salasanan-vaihto/"
    assert data["dateModified"] == "2026-03-02"
    [question] = data["mainEntity"]
    assert question["@type"] == "Question"
    assert question["name"] == "Miten vaihdan salasanan?"
    answer = question["acceptedAnswer"]
    assert answer["@type"] == "Answer"
    assert answer["text"].startswith("Salasana vaihdetaan kirjautumissivulla. Valitse Unohditko salasanasi?, kirjoita")
    assert "<" not in answer["text"] and "**" not in answer["text"] and "¶" not in answer["text"]


@pytest.mark.slow
def test_every_faq_article_and_only_those_carry_faqpage_jsonld(built):
    faq_pages = sorted(p.parent.name for p in (built / "ukk").glob("*/index.html") if p.parent.name not in ("tuotteet", "aiheet"))
    assert len(faq_pages) == 8
    for name in faq_pages:
        [data] = jsonld_of(read(built, f"ukk/{name}/index.html"))
        assert data["@type"] == "FAQPage" and data["mainEntity"][0]["acceptedAnswer"]["text"]
    for other in ("ukk/index.html", "academy/manuals/palkkaopas/01-aloitus/index.html", "index.html"):
        assert not [d for d in jsonld_of(read(built, other)) if d.get("@type") == "FAQPage"], other


@pytest.mark.slow
def test_manual_has_contents_previous_next_and_one_page_view(built):
    landing = article(read(built, "academy/manuals/palkkaopas/index.html"))
    toc = re.search(r'<nav class="ss-manual-toc".*?</nav>', landing, re.S)[0]
    assert link_texts(toc) == ["Aloitus", "Palkka-ajo", "Vuodenvaihde", "Koko opas yhdellä sivulla"]
    middle = article(read(built, "academy/manuals/palkkaopas/02-palkka-ajo/index.html"))
    nav = re.search(r'<nav class="ss-chapter-nav".*?</nav>', middle, re.S)[0]
    assert "Luku 2/3" in nav
    assert re.search(r'href="\.\./01-aloitus/" rel="prev"', nav) and re.search(r'href="\.\./03-vuodenvaihde/" rel="next"', nav)
    first = article(read(built, "academy/manuals/palkkaopas/01-aloitus/index.html"))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    one_page = article(read(built, "academy/manuals/palkkaopas/kokonaan/index.html"))
    headings = re.findall(r'<h([1-3]) id="([^"]+)"', one_page)
    assert headings == [("1", "palkanlaskennan-opas-koko-opas"), ("2", "aloitus"), ("3", "tyontekijat"),
                        ("2", "palkka-ajo"), ("2", "vuodenvaihde")]


@pytest.mark.slow
def test_news_feeds_are_valid_stable_and_discoverable_on_academy_pages(built):
    atom = feedparser.parse(read(built, "academy/news.atom"))
    rss = feedparser.parse(read(built, "academy/news.rss"))
    assert not atom.bozo and not rss.bozo
    assert [e.title for e in atom.entries] == ["Verkkolaskut kaikille", "Palkanlaskennan uusi versio"]
    assert [e.id for e in atom.entries] == [
        "tag:tuki.example.fi,2026-09-01:academy/news/2026-09-01-verkkolaskut",
        "tag:tuki.example.fi,2026-05-04:academy/news/2026-05-04-palkanlaskennan-uusi-versio"]
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
    assert atom.feed.updated == "2026-09-01T09:00:00+03:00"  # the newest post, not the build clock
    content = atom.entries[1].content[0].value
    assert 'href="https://tuki.example.fi/academy/manuals/palkkaopas/"' in content  # absolute in a feed reader
    for page in ("academy/index.html", "academy/manuals/palkkaopas/01-aloitus/index.html"):
        head = read(built, page).split("</head>")[0]
        found = dict(re.findall(r'<link rel="alternate" type="(application/(?:atom|rss)\+xml)" title="[^"]+" href="([^"]+)">', head))
        page_url = "https://tuki.example.fi/" + page.removesuffix("index.html")
        assert {kind: urljoin(page_url, href) for kind, href in found.items()} == {
            "application/atom+xml": "https://tuki.example.fi/academy/news.atom",
            "application/rss+xml": "https://tuki.example.fi/academy/news.rss"}, page
    assert "news.atom" not in read(built, "ukk/index.html").split("</head>")[0]


def search_records(site: Path) -> dict[str, dict]:
    """The pages Pagefind indexed, by URL, as it stores them for results (gzip, a signature, then JSON)."""
    records = {}
    for path in (site / "pagefind/fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[len(b"pagefind_dcd"):])
        records[record["url"]] = record
    return records


@pytest.mark.slow
def test_search_index_holds_written_pages_not_generated_lists(built):
    assert (built / "pagefind/pagefind.js").is_file()
    assert list((built / "pagefind").glob("pagefind.fi_*.pf_meta")), "Finnish index (html lang=fi) expected"
    records = search_records(built)
    assert records["/ukk/lomaraha/"]["meta"]["title"] == "Miten lomaraha lasketaan?"
    assert records["/academy/manuals/palkkaopas/02-palkka-ajo/"]["meta"]["title"] == "Palkka-ajo"
    assert "lomaltapaluurahaq" in records["/ukk/lomaraha/"]["content"]  # its keywords, analysed and weighted
    for generated in ("/ukk/tuotteet/palkat/", "/ukk/aiheet/palkat/", "/academy/manuals/palkkaopas/kokonaan/"):
        assert generated not in records, generated
    # every written page: 8 FAQ articles, the home, FAQ and Academy pages, a manual and its 3 chapters, 2 news posts
    assert len(records) == 17
    # The FAQ index is found by its own text, not by the questions of its generated list.
    assert "tiimiq" in records["/ukk/"]["content"] and "lomarahaq" not in records["/ukk/"]["content"]
    # The pages themselves carry no search markup: Pagefind reads records, not the built HTML.
    assert "data-pagefind-body" not in read(built, "ukk/lomaraha/index.html")
    assert (built / "pagefind/lexicon.json").is_file() and list((built / "pagefind/lexicon").glob("*.json"))
    # the unused stock UI bundles are not shipped
    assert not (built / "pagefind/pagefind-ui.js").exists()


@pytest.mark.slow
def test_two_builds_give_byte_identical_pages_feeds_and_search_index(built, repo_root, tmp_path, build_site):
    root = copy_site(repo_root, tmp_path)
    again, warm = tmp_path / "again", tmp_path / "warm"
    assert build_site(root, again).returncode == 0
    # The second build takes the related articles from .cache; the first wrote pages while the worker was still
    # choosing them and filled them in at the end. A visitor sees the same bytes.
    assert (root / ".cache/related/choice.json").is_file()
    assert build_site(root, warm).returncode == 0
    first, second, third = digest(built), digest(again), digest(warm)
    assert first == second == third
    assert any(name.startswith("pagefind/index/") for name in first)
    assert not [p for p in again.rglob("*.html") if mark("related") in p.read_text(encoding="utf-8")]


# --- the strict build fails on what a visitor would hit as a dead end ------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("link", "message"), [
    # Refused by the same check as `supportsite check` (hooks/core/links.py), with its line, before MkDocs renders.
    ("[poistettu sivu](poistettu.md)",
     "link: target not found (expected a page or file of the site, got 'poistettu.md')"),
    ("[verokortti](verokortti.md#ei-ole)",
     "link: anchor not found in ukk/verokortti.md (expected one of its headings' ids, got '#ei-ole')"),
])
def test_broken_internal_link_fails_the_strict_build_and_keeps_the_old_site(repo_root, tmp_path, build_site, link, message):
    root = copy_site(repo_root, tmp_path)
    site = tmp_path / "published"
    assert build_site(root, site).returncode == 0
    before = digest(site)
    faq = root / "content/ukk/lomaraha.md"
    text = faq.read_text(encoding="utf-8")
    faq.write_text(text + f"\nKatso myös {link}.\n", encoding="utf-8")
    result = build_site(root, site)
    assert result.returncode == 1
    assert f"  content/ukk/lomaraha.md:{text.count(chr(10)) + 2}: {message}\n" in result.stderr
    assert digest(site) == before  # the visitor still gets the last good site


@pytest.mark.slow
def test_the_site_has_a_finnish_404_page(built):
    html = read(built, "404.html")
    assert '<html lang="fi"' in html
    assert "<h1>404 – sivua ei löytynyt</h1>" in html  # in Finnish, not Material's "404 - Not found"
    assert "ss-search" in html  # the search box is there to find what the visitor was after
