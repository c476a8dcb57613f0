"""The default site in two languages: every page's language, its hreflang alternates, the language switch, the
Swedish navigation and interface, and links that stay in the reader's language."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from xml.etree import ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SITE_URL = "https://tuki.softone.fi/"


class _Page(HTMLParser):
    """What these tests read of a page: <html lang>, hreflang links, the switch, links in the article, tabs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.alternates: dict[str, str] = {}
        self.switch: list[tuple[str, str, str]] = []  # (href, hreflang, text)
        self.article_links: list[str] = []
        self.tabs: list[tuple[str, str]] = []
        self.title = ""
        self.skip_link = ""
        self._stack: list[tuple[str, str]] = []  # (what, href) of the open element whose text is read
        self._in_article = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "title":
            self._in_title = True
        elif tag == "article":
            self._in_article += 1
        elif tag == "a":
            if "supportsite-language__link" in classes:
                self._stack.append(("switch", a["href"], a.get("hreflang")))
            elif "md-tabs__link" in classes:
                self._stack.append(("tab", a["href"], None))
            elif "md-skip" in classes:
                self._stack.append(("skip", a["href"], None))
            elif self._in_article and a.get("href") and "headerlink" not in classes:
                self.article_links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        elif tag == "title":
            self._in_title = False
        elif tag == "a" and self._stack:
            what, href, lang = self._stack.pop()
            text = " ".join(self._text.split()) if hasattr(self, "_text") else ""
            if what == "switch":
                self.switch.append((href, lang, text))
            elif what == "tab":
                self.tabs.append((href, text))
            else:
                self.skip_link = text
            self._text = ""

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._stack:
            self._text = getattr(self, "_text", "") + data


def read(site: Path, url: str) -> _Page:
    parser = _Page()
    parser.feed((site / url / "index.html").read_text(encoding="utf-8"))
    return parser


def resolve(page_url: str, href: str) -> str:
    """A link's target as a URL relative to the site's root (directory style), without its fragment; a fully
    qualified link must lie under the site's address."""
    if urlsplit(href).netloc:
        assert href.startswith(SITE_URL), href
        href, page_url = href.removeprefix(SITE_URL) or ".", ""
    path = urlsplit(href).path
    joined = posixpath.normpath(posixpath.join(page_url or ".", path))
    return "" if joined == "." else joined.rstrip("/") + "/"


def pages(site: Path) -> dict[str, Path]:
    """Every page of the built site by its URL (``""`` for the home page)."""
    found = {}
    for file in site.rglob("index.html"):
        folder = file.parent.relative_to(site).as_posix()
        found["" if folder == "." else folder + "/"] = file
    return found


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="module")
def swedish_urls(site: Path) -> list[str]:
    found = sorted(url for url in pages(site) if url.startswith("sv/"))
    assert len(found) >= 25, "the Swedish site has the translated pages"
    return found


def finnish_of(url: str) -> str:
    return url.removeprefix("sv/")


def test_every_page_says_its_language_and_names_its_versions(site, swedish_urls):
    for url, file in pages(site).items():
        if url.startswith("pagefind/"):
            continue
        page = read(site, url)
        assert page.lang == ("sv" if url.startswith("sv/") else "fi"), url
        assert {"x-default", page.lang} <= set(page.alternates), url


def test_translated_pages_name_each_other_with_hreflang_and_the_finnish_as_default(site, swedish_urls):
    checked = 0
    for url in swedish_urls:
        finnish = finnish_of(url)
        if not (site / finnish / "index.html").is_file():
            continue  # a page only the Swedish site has (none yet): nothing to pair
        expected = {"fi": finnish, "sv": url, "x-default": finnish}
        for page in (url, finnish):
            found = {lang: resolve(page, href) for lang, href in read(site, page).alternates.items()}
            assert found == expected, page
            # fully qualified, as search engines ask of hreflang links (the canonical link beside them is too)
            assert all(href.startswith(SITE_URL) for href in read(site, page).alternates.values()), page
        checked += 1
    assert checked >= 25


def test_the_sitemap_lists_every_version_once_and_leaves_the_hreflang_to_the_pages(site, swedish_urls):
    # Material fetches and parses sitemap.xml on every page: the versions of a page are named in the page only
    tree = ElementTree.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [u.findtext("s:loc", namespaces=ns) for u in tree.getroot().findall("s:url", ns)]
    assert len(locs) == len(set(locs))
    assert {SITE_URL + "asiakaskeskus/yhteystiedot/", SITE_URL + "sv/asiakaskeskus/yhteystiedot/"} <= set(locs)
    assert {SITE_URL + url for url in swedish_urls} <= set(locs)
    assert b"hreflang" not in (site / "sitemap.xml").read_bytes()


def test_an_untranslated_page_names_only_itself_and_its_switch_leads_to_the_swedish_home(site):
    untranslated = [url for url in pages(site) if url.startswith("academy/manuals/superuserin-kasikirja/")]
    assert untranslated and not (site / "sv/academy/manuals/superuserin-kasikirja").exists()
    page = read(site, untranslated[0])
    assert {lang: resolve(untranslated[0], href) for lang, href in page.alternates.items()} == {
        "fi": untranslated[0], "x-default": untranslated[0]}
    assert [(resolve(untranslated[0], href), lang, text) for href, lang, text in page.switch] == [("sv/", "sv", "På svenska")]


def test_the_switch_leads_to_the_same_page_in_the_other_language(site, swedish_urls):
    for url in swedish_urls:
        finnish = finnish_of(url)
        if not (site / finnish / "index.html").is_file():
            continue
        assert [(resolve(url, h), lang, text) for h, lang, text in read(site, url).switch] == [(finnish, "fi", "Suomeksi")]
        assert [(resolve(finnish, h), lang) for h, lang, _ in read(site, finnish).switch] == [(url, "sv")]


def test_swedish_pages_have_swedish_titles_tabs_and_interface(site):
    home = read(site, "sv/")
    assert home.title.endswith("SoftOne-support")
    assert home.skip_link == "Gå till innehållet"  # Material's own Swedish
    tabs = [(resolve("sv/", href), text) for href, text in home.tabs]
    assert tabs[0] == ("sv/", "Startsida")
    assert ("sv/ukk/", "Vanliga frågor") in tabs
    assert all(target.startswith("sv/") for target, _ in tabs), tabs
    assert read(site, "").skip_link == "Hyppää sisältöön"  # and Finnish on Finnish pages
    assert read(site, "sv/ukk/").title.endswith(" - SoftOne-support")


def test_links_on_swedish_pages_stay_swedish_where_a_translation_exists(site, swedish_urls):
    # Translations link to the Finnish sources; the build sends each link to the Swedish page when there is one,
    # and to the Finnish page (not a missing Swedish one) when there is not.
    published = set(pages(site))
    followed = untranslated = 0
    for url in swedish_urls:
        for href in read(site, url).article_links:
            if urlsplit(href).scheme or href.startswith(("#", "mailto:", "tel:")):
                continue
            target = resolve(url, href)
            if target not in published:
                continue  # a file (feed, calendar, image)
            followed += 1
            if not target.startswith("sv/"):
                assert "sv/" + target not in published, f"{url} links to {target}, which is translated"
                untranslated += 1
    assert followed >= 50 and untranslated >= 1
    contact = read(site, "sv/asiakaskeskus/palvelu-ja-laatu/")
    assert "sv/palvelutasot/" in {resolve("sv/asiakaskeskus/palvelu-ja-laatu/", h) for h in contact.article_links}


def test_a_link_to_a_page_only_in_finnish_says_so(site):
    html = (site / "sv/asiakaskeskus/index.html").read_text(encoding="utf-8")
    assert '<a data-untranslated="på finska" href="../../academy/manuals/superuserin-kasikirja/" hreflang="fi">' in html
    assert "data-untranslated" not in (site / "asiakaskeskus/index.html").read_text(encoding="utf-8")


def test_addresses_under_sv_have_a_swedish_not_found_page(site):
    # Hosts such as Cloudflare Pages serve the nearest 404.html up the missing address's folders.
    parser = _Page()
    html = (site / "sv/404.html").read_text(encoding="utf-8")
    parser.feed(html)
    assert parser.lang == "sv" and parser.title.strip() == "SoftOne-support"
    assert 'aria-label="Sidhuvud"' in html and 'aria-label="Flikar"' in html  # Material's interface in Swedish
    assert "<h1>404 – sidan finns inte</h1>" in html and 'data-lang="sv"' in html  # the Swedish search
    assert '<a href="/sv/">startsidan</a>' in html  # absolute: the page is served at any depth under sv/
    # the Swedish navigation, with absolute addresses; no versions to name, as the page stands for none
    assert parser.tabs and all(href.startswith("/sv/") for href, _ in parser.tabs), parser.tabs
    assert parser.alternates == {}
    finnish = _Page()
    finnish.feed((site / "404.html").read_text(encoding="utf-8"))
    assert finnish.lang == "fi" and finnish.title.strip() == "SoftOne-tuki"
    assert not any(href.startswith("/sv/") for href, _ in finnish.tabs)
