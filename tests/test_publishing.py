"""What reaches the site: nothing through a link out of the source folders, and one source for each published path."""

from __future__ import annotations

import logging
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.files import File, Files

from hooks import site as site_hook
from hooks.cli import main as supportsite
from hooks.core import pagefind, urlmap
from hooks.core.content import load_project
from hooks.core.headers import HEADERS_FILE
from hooks.core.problems import ValidationError
from hooks.core.sourcetree import SourceFolders, is_inside_sources, list_sources
from hooks.core.urlmap import (
    GENERATED, check_published_paths, generated_at, product_uri, published_path, site_uri_of, tag_uri,
)
from hooks.glue import STATE_KEY
from hooks.support import HOURS_ICS, HOURS_JSON
from trees import digest

LINKS = "(expected a link to a file inside content/, academy/, status/ or site_config/, got {})"
FAQ = "---\ntitle: Kysymys\nteam: kauppa\nproducts: [palkat]\n---\n\n# Kysymys\n"
POST = ("---\ntitle: Häiriö\nkind: incident\nimpact: minor\ncomponents:\n  kirjautuminen: partial_outage\nupdates:\n"
        "  - at: 2026-11-18T13:00:00+02:00\n    status: investigating\n    text: Tutkitaan.\n---\n")
PAGE = "# Sivu\n"


def problems_of(root: Path) -> list[str]:
    """What ``supportsite check`` and the build report for the site at ``root``, one line a problem."""
    try:
        load_project(root)
    except ValidationError as error:
        return [str(p) for p in error.problems]
    return []


def write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")


@pytest.fixture
def site_copy(tmp_path: Path, repo_root: Path, copy_tree):
    """``site_copy(name)``: tests/sites/<name> copied to ``tmp/tests/sites/<name>``, with ``tmp/hooks`` pointing at the
    real hooks so that its mkdocs.yml builds; everything else under ``tmp/`` is outside its repository."""

    def make(name: str) -> Path:
        copy = copy_tree(repo_root / "tests/sites" / name, tmp_path / "tests/sites" / name)
        if not (tmp_path / "hooks").exists():
            (tmp_path / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)
        return copy

    return make


@pytest.fixture
def kb(site_copy) -> Path:
    """The knowledge test site (FAQ with tags, a manual with chapters, news, no status posts)."""
    return site_copy("knowledge")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the site's repository, with a file in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("salainen\n", encoding="utf-8")
    (folder / "secret.md").write_text("---\ntitle: [rikki\n---\n", encoding="utf-8")
    return folder.resolve()


# --- A. links: nothing outside the source folders is read or published ---------------------------


def test_a_link_out_of_the_repository_is_an_error_naming_the_link_and_its_target(kb, outside):
    (kb / "content/passwd.txt").symlink_to(outside / "secret.txt")
    assert problems_of(kb) == [f"content/passwd.txt: link leads outside the repository {LINKS.format(outside / 'secret.txt')}"]


def test_a_markdown_link_out_of_the_repository_is_refused_and_never_read(kb, outside):
    # secret.md has broken front matter: a problem about it would mean the build read what the link points to.
    (kb / "content/ukk/opas.md").symlink_to(outside / "secret.md")
    assert problems_of(kb) == [f"content/ukk/opas.md: link leads outside the repository {LINKS.format(outside / 'secret.md')}"]


def test_a_relative_link_climbing_out_is_shown_resolved(kb):
    depth = "../" * len((kb / "academy").resolve().parts[1:])
    (kb / "academy/passwd").symlink_to(depth + "etc/passwd")
    assert problems_of(kb) == [f"academy/passwd: link leads outside the repository {LINKS.format('/etc/passwd')}"]


def test_a_folder_link_out_of_the_repository_is_not_walked(kb, outside):
    (kb / "content/kuvat").symlink_to(outside, target_is_directory=True)
    assert problems_of(kb) == [f"content/kuvat: link leads outside the repository {LINKS.format(outside)}"]
    assert not [p for p in list_sources(kb).files if p.startswith("content/kuvat")]


@pytest.mark.parametrize(("target", "shown"), [
    ("notes.txt", "notes.txt"),
    (".git/config", ".git/config"),
    (".venv/pyvenv.cfg", ".venv/pyvenv.cfg"),
    ("mkdocs.yml", "mkdocs.yml"),
])
def test_a_link_into_the_repository_outside_the_source_folders_is_an_error(kb, target, shown):
    write(kb, {target: "x\n"})
    (kb / "status/tieto.txt").symlink_to(Path("..") / target)
    assert problems_of(kb) == [f"status/tieto.txt: link leads outside the source folders {LINKS.format(shown)}"]


def test_a_dangling_link_and_a_loop_of_links_lead_nowhere(kb):
    (kb / "status/puuttuu.md").symlink_to("ei-ole.md")
    (kb / "content/a.md").symlink_to("b.md")
    (kb / "content/b.md").symlink_to("a.md")
    assert problems_of(kb) == [
        f"content/a.md: link leads nowhere {LINKS.format(repr('b.md') + ' (a loop of links)')}",
        f"content/b.md: link leads nowhere {LINKS.format(repr('a.md') + ' (a loop of links)')}",
        f"status/puuttuu.md: link leads nowhere {LINKS.format(repr('ei-ole.md') + ' (no such file)')}",
    ]


def test_a_link_to_a_folder_is_an_error_even_inside_the_source_folders(kb):
    # MkDocs would publish the folder a second time, and a link to its own parent without end.
    (kb / "content/ukk2").symlink_to("ukk", target_is_directory=True)
    (kb / "content/ukk/kaikki").symlink_to("..", target_is_directory=True)
    assert problems_of(kb) == [
        f"content/ukk/kaikki: link to a folder {LINKS.format('content/')}",
        f"content/ukk2: link to a folder {LINKS.format('content/ukk/')}",
    ]


def test_a_source_folder_that_is_a_link_out_is_an_error(kb, outside):
    for child in (kb / "status").iterdir():
        child.unlink()
    (kb / "status").rmdir()
    (kb / "status").symlink_to(outside, target_is_directory=True)
    assert problems_of(kb) == [f"status: link leads outside the repository {LINKS.format(outside)}"]


def test_site_config_links_are_checked_too(kb, outside):
    (kb / "site_config/extra.yml").symlink_to(outside / "secret.txt")
    assert problems_of(kb) == [f"site_config/extra.yml: link leads outside the repository {LINKS.format(outside / 'secret.txt')}"]


def test_links_to_files_inside_the_source_folders_are_sources(kb):
    (kb / "content/ukk/vanha-nimi.md").symlink_to("palkka-ajo.md")
    (kb / "content/ohje.yml").symlink_to("../site_config/support.yml")
    (kb / "academy/kuva.txt").symlink_to("../content/index.md")
    assert problems_of(kb) == []
    files = list_sources(kb).files
    assert {"content/ukk/vanha-nimi.md", "content/ohje.yml", "academy/kuva.txt", "status/.gitkeep"} <= set(files)
    assert files == sorted(files, key=lambda path: path.split("/"))


def test_every_bad_link_is_reported_at_once_by_check(kb, outside, capsys):
    (kb / "content/passwd.txt").symlink_to(outside / "secret.txt")
    (kb / "academy/puuttuu.png").symlink_to("ei-ole.png")
    (kb / "status/kansio").symlink_to(outside, target_is_directory=True)
    assert supportsite(["--root", str(kb), "check"]) == 1
    assert capsys.readouterr().err == (
        "3 problems found in the site sources:\n"
        f"  academy/puuttuu.png: link leads nowhere {LINKS.format(repr('ei-ole.png') + ' (no such file)')}\n"
        f"  content/passwd.txt: link leads outside the repository {LINKS.format(outside / 'secret.txt')}\n"
        f"  status/kansio: link leads outside the repository {LINKS.format(outside)}\n"
    )


def test_is_inside_sources_follows_every_link(kb, outside):
    (kb / "content/passwd.txt").symlink_to(outside / "secret.txt")
    assert is_inside_sources(kb, kb / "content/index.md")
    assert is_inside_sources(kb, kb / "site_config/support.yml")
    assert not is_inside_sources(kb, kb / "content/passwd.txt")
    assert not is_inside_sources(kb, kb / "mkdocs.yml")
    # a folder link on the way is followed too, for each file below it
    (kb / "status/kansio").symlink_to(outside, target_is_directory=True)
    folders = SourceFolders(kb)
    assert not folders.contain(kb / "status/kansio/secret.txt")
    assert folders.contain(kb / "content/index.md") and not folders.contain(kb / "content/passwd.txt")


class _Config(dict):
    """The few keys of a MkDocs config that ``on_files`` reads, as attributes too."""

    __getattr__ = dict.__getitem__


def test_the_build_never_publishes_a_file_that_leads_outside_even_after_validation(kb, outside, caplog):
    # Second line of defence (hooks/site.py on_files): a link made after on_config validated, or a file MkDocs
    # found by following a folder link in docs_dir, is dropped with a warning (which fails a --strict build).
    (kb / "content/passwd.txt").symlink_to(outside / "secret.txt")
    (kb / "status/passwd.txt").symlink_to(outside / "secret.txt")
    docs = str(kb / "content")
    config = _Config(docs_dir=docs, site_dir=str(kb / "site"), use_directory_urls=True)
    config[STATE_KEY] = SimpleNamespace(root=kb.resolve())
    files = Files([File(name, src_dir=docs, dest_dir=config.site_dir, use_directory_urls=True)
                   for name in ("index.md", "passwd.txt")])
    with caplog.at_level(logging.WARNING):
        kept = site_hook.on_files(files, config)
    uris = sorted(f.src_uri for f in kept)
    assert "passwd.txt" not in uris and "status/passwd.txt" not in uris
    assert "index.md" in uris and "academy/index.md" in uris
    assert caplog.messages == [
        f"site: content/passwd.txt: left out of the site: it leads outside the source folders (to {outside / 'secret.txt'})"]


# --- B. one source for each published path -------------------------------------------------------


def url_problem(path: str, url: str, *names: str, key: str = "url", noun: str = "page") -> str:
    count = {2: "two", 3: "three"}[len(names)]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return f"{path}: {key}: {count} sources for one {noun} (expected one source for {url}, got {listed})"


COLLISIONS = [
    pytest.param({"content/ukk/x.md": FAQ, "content/ukk/x/index.md": PAGE},
                 [url_problem("content/ukk/x.md", "ukk/x/", "content/ukk/x.md", "content/ukk/x/index.md")],
                 id="page-beside-folder-index"),
    pytest.param({"content/ukk/x.md": FAQ, "content/ukk/x/index.md": PAGE, "content/ukk/x/index.html": "<p>x</p>\n"},
                 [url_problem("content/ukk/x.md", "ukk/x/", "content/ukk/x.md", "content/ukk/x/index.html",
                              "content/ukk/x/index.md")],
                 id="three-sources"),
    pytest.param({"content/academy/index.md": PAGE},
                 [url_problem("academy/index.md", "academy/", "academy/index.md", "content/academy/index.md")],
                 id="content-academy-beside-academy"),
    pytest.param({"content/ukk/aiheet.md": FAQ},
                 [url_problem("content/ukk/aiheet.md", "ukk/aiheet/", "content/ukk/aiheet.md", "the generated tags index")],
                 id="tags-index"),
    pytest.param({"content/ukk/aiheet/palkat.md": FAQ},
                 [url_problem("content/ukk/aiheet/palkat.md", "ukk/aiheet/palkat/", "content/ukk/aiheet/palkat.md",
                              "the generated tag pages")],
                 id="tag-page"),
    pytest.param({"content/ukk/aiheet/index.md": PAGE},
                 [url_problem("content/ukk/aiheet/index.md", "ukk/aiheet/", "content/ukk/aiheet/index.md",
                              "the generated tags index")],
                 id="tags-index-written"),
    pytest.param({"content/ukk/tuotteet.md": FAQ},
                 [url_problem("content/ukk/tuotteet.md", "ukk/tuotteet/", "content/ukk/tuotteet.md",
                              "the generated products index")],
                 id="products-index"),
    pytest.param({"content/ukk/tuotteet/palkat.md": FAQ},
                 [url_problem("content/ukk/tuotteet/palkat.md", "ukk/tuotteet/palkat/", "content/ukk/tuotteet/palkat.md",
                              "the generated product pages")],
                 id="product-page"),
    pytest.param({"academy/manuals/palkkaopas/kokonaan/index.md": PAGE},
                 [url_problem("academy/manuals/palkkaopas/kokonaan/index.md", "academy/manuals/palkkaopas/kokonaan/",
                              "academy/manuals/palkkaopas/kokonaan/index.md", "the generated one-page view of the manual")],
                 id="one-page-manual"),
    pytest.param({"academy/manuals/palkkaopas/kokonaan.md": "---\ntitle: Kokonaan\n---\n"},
                 ["academy/manuals/palkkaopas/kokonaan.md: chapter file name without its number (expected a name such "
                  "as 01-aloitus.md, got 'kokonaan.md')",
                  url_problem("academy/manuals/palkkaopas/kokonaan.md", "academy/manuals/palkkaopas/kokonaan/",
                              "academy/manuals/palkkaopas/kokonaan.md", "the generated one-page view of the manual")],
                 id="one-page-manual-as-chapter"),
    pytest.param({"academy/news.md": PAGE},
                 [url_problem("academy/news.md", "academy/news/", "academy/news.md", "the generated news index")],
                 id="news-index"),
    pytest.param({"content/academy/news/index.md": PAGE},
                 [url_problem("content/academy/news/index.md", "academy/news/", "content/academy/news/index.md",
                              "the generated news index")],
                 id="news-index-in-content"),
    pytest.param({"academy/news.atom": "x\n", "academy/news.rss": "x\n"},
                 [url_problem("academy/news.atom", "academy/news.atom", "academy/news.atom", "the generated news feed",
                              noun="file"),
                  url_problem("academy/news.rss", "academy/news.rss", "academy/news.rss", "the generated news feed",
                              noun="file")],
                 id="news-feeds"),
    pytest.param({"status/history.md": POST},
                 [url_problem("status/history.md", "status/history/", "status/history.md", "the generated incident history")],
                 id="status-history"),
    pytest.param({"status/history/2026-11.md": POST},
                 [url_problem("status/history/2026-11.md", "status/history/2026-11/", "status/history/2026-11.md",
                              "the generated incident history")],
                 id="status-month"),
    pytest.param({"status/components/kirjautuminen.md": POST},
                 [url_problem("status/components/kirjautuminen.md", "status/components/kirjautuminen/",
                              "status/components/kirjautuminen.md", "the generated component pages and feeds")],
                 id="status-component"),
    pytest.param({"status/api/v2/summary.json": "{}\n"},
                 [url_problem("status/api/v2/summary.json", "status/api/v2/summary.json", "status/api/v2/summary.json",
                              "the generated status API", noun="file")],
                 id="status-api"),
    pytest.param({"content/api/v2/summary.json": "{}\n", "content/api.md": PAGE},
                 [url_problem("content/api.md", "api/", "content/api.md", "the generated status API"),
                  url_problem("content/api/v2/summary.json", "api/v2/summary.json", "content/api/v2/summary.json",
                              "the generated status API", noun="file")],
                 id="status-api-at-the-root"),
    pytest.param({"status/history.atom": "x\n", "status/history.rss": "x\n", "status/maintenance.ics": "x\n"},
                 [url_problem("status/history.atom", "status/history.atom", "status/history.atom",
                              "the generated status feed", noun="file"),
                  url_problem("status/history.rss", "status/history.rss", "status/history.rss",
                              "the generated status feed", noun="file"),
                  url_problem("status/maintenance.ics", "status/maintenance.ics", "status/maintenance.ics",
                              "the generated maintenance calendar", noun="file")],
                 id="status-feeds-and-calendar"),
    pytest.param({"content/status.md": PAGE},
                 [url_problem("content/status.md", "status/", "content/status.md", "the generated status page")],
                 id="status-page-from-content"),
    pytest.param({"content/support/hours.json": "{}\n", "content/support/hours.ics": "x\n"},
                 [url_problem("content/support/hours.ics", "support/hours.ics", "content/support/hours.ics",
                              "the generated opening hours export", noun="file"),
                  url_problem("content/support/hours.json", "support/hours.json", "content/support/hours.json",
                              "the generated opening hours export", noun="file")],
                 id="hours-export"),
    pytest.param({"content/sitemap.xml": "x\n", "content/sitemap.xml.gz": "x\n", "content/404.html": "x\n",
                  "content/_headers": "x\n", "content/pagefind/pagefind.js": "x\n"},
                 [url_problem("content/404.html", "404.html", "content/404.html", "the theme's not-found page", noun="file"),
                  url_problem("content/_headers", "_headers", "content/_headers", "the generated HTTP headers file",
                              noun="file"),
                  url_problem("content/pagefind/pagefind.js", "pagefind/pagefind.js", "content/pagefind/pagefind.js",
                              "the generated search index", noun="file"),
                  url_problem("content/sitemap.xml", "sitemap.xml", "content/sitemap.xml", "the generated sitemap",
                              noun="file"),
                  url_problem("content/sitemap.xml.gz", "sitemap.xml.gz", "content/sitemap.xml.gz",
                              "the generated sitemap", noun="file")],
                 id="site-files"),
    pytest.param({"content/assets/stylesheets/supportsite.css": "x\n", "content/assets/javascripts/oma.js": "x\n",
                  "content/assets/images/favicon.svg": "x\n"},
                 [url_problem("content/assets/images/favicon.svg", "assets/images/favicon.svg",
                              "content/assets/images/favicon.svg", "the theme's icon", noun="file"),
                  url_problem("content/assets/javascripts/oma.js", "assets/javascripts/oma.js",
                              "content/assets/javascripts/oma.js", "the theme's scripts", noun="file"),
                  url_problem("content/assets/stylesheets/supportsite.css", "assets/stylesheets/supportsite.css",
                              "content/assets/stylesheets/supportsite.css", "the theme's stylesheets", noun="file")],
                 id="theme-assets"),
    pytest.param({"content/ukk/uusi.md": FAQ.replace("products: [palkat]", "products: [palkat]\ntags: [Index, palkat]")},
                 [url_problem("content/ukk/uusi.md:5", "ukk/aiheet/", "the page of the tag 'Index'",
                              "the generated tags index", key="tags[0]")],  # at the tag's own line
                 id="tag-index"),
]


@pytest.mark.parametrize(("files", "expected"), COLLISIONS)
def test_two_sources_for_one_published_path_are_one_problem_naming_both(kb, files, expected):
    write(kb, files)
    assert problems_of(kb) == expected


@pytest.mark.parametrize("files", [
    pytest.param({"academy/news/index.md": PAGE}, id="news-index"),
    pytest.param({"status/index.md": PAGE}, id="status-index"),
    pytest.param({"content/assets/images/kuva.png": "x\n", "content/liitteet/ohje.pdf": "x\n"}, id="own-files"),
    pytest.param({"content/.luonnos.txt": "x\n", "content/templates/osa.md": PAGE}, id="left-out-by-mkdocs"),
])
def test_sources_the_build_uses_or_leaves_out_are_no_collision(kb, files):
    write(kb, files)
    assert problems_of(kb) == []


def test_a_written_status_index_may_not_be_shadowed_from_content(site_copy):
    status = site_copy("status")
    write(status, {"content/status/index.md": PAGE})
    assert problems_of(status) == [
        url_problem("content/status/index.md", "status/", "content/status/index.md", "status/index.md")]


def test_a_product_whose_page_is_the_products_index(kb):
    config = kb / "site_config/support.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - id: laskutus\n", "  - id: index\n    name: Indeksi\n    description: X.\n  - id: laskutus\n"),
        encoding="utf-8")
    assert problems_of(kb) == [
        url_problem("site_config/support.yml", "ukk/tuotteet/", "the page of the product 'index'",
                    "the generated products index", key="products[2].id")]


def test_every_collision_is_reported_at_once_with_the_other_problems(kb, outside, capsys):
    write(kb, {"content/ukk/x.md": FAQ, "content/ukk/x/index.md": PAGE, "status/history.atom": "x\n"})
    (kb / "content/passwd.txt").symlink_to(outside / "secret.txt")
    assert supportsite(["--root", str(kb), "check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "3 problems found in the site sources:",
        f"  content/passwd.txt: link leads outside the repository {LINKS.format(outside / 'secret.txt')}",
        "  " + url_problem("content/ukk/x.md", "ukk/x/", "content/ukk/x.md", "content/ukk/x/index.md"),
        "  " + url_problem("status/history.atom", "status/history.atom", "status/history.atom",
                           "the generated status feed", noun="file"),
    ]


@pytest.mark.parametrize(("source", "uri", "published"), [
    ("content/index.md", "index.md", "index.html"),
    ("content/ukk/x.md", "ukk/x.md", "ukk/x/index.html"),
    ("content/ukk/x/index.md", "ukk/x/index.md", "ukk/x/index.html"),
    ("content/ukk/README.md", "ukk/README.md", "ukk/index.html"),
    ("content/ukk/x.markdown", "ukk/x.markdown", "ukk/x/index.html"),
    ("content/ukk/X.MD", "ukk/X.MD", "ukk/X.MD"),
    ("academy/news/a.md", "academy/news/a.md", "academy/news/a/index.html"),
    ("status/api/v2/x.json", "status/api/v2/x.json", "status/api/v2/x.json"),
    ("content/.git/x.md", None, None),
    ("status/.gitkeep", None, None),
    ("content/templates/x.html", None, None),
    ("site_config/support.yml", None, None),
])
def test_each_source_is_published_where_mkdocs_puts_it(source, uri, published):
    assert site_uri_of(source) == uri
    if uri is not None:
        assert published_path(uri) == published


def test_generated_paths_agree_with_the_code_that_writes_them():
    # urlmap holds the table, and the generators take their paths from it.
    assert published_path(urlmap.PRODUCTS_INDEX) == "ukk/tuotteet/index.html"
    assert generated_at(published_path(urlmap.TAGS_INDEX)).what == "the generated tags index"
    assert generated_at(published_path(urlmap.PRODUCTS_INDEX)).what == "the generated products index"
    assert generated_at(urlmap.NEWS_ATOM) and generated_at(urlmap.NEWS_RSS)
    assert generated_at(published_path(urlmap.NEWS_INDEX))
    assert generated_at(published_path(urlmap.NEWS_INDEX), [urlmap.NEWS_INDEX]) is None
    assert generated_at(published_path(f"academy/manuals/opas/{urlmap.ONE_PAGE_NAME}"))
    assert generated_at(published_path("academy/manuals/opas/01-alku.md")) is None
    assert generated_at(published_path(urlmap.STATUS_INDEX), [urlmap.STATUS_INDEX]) is None
    assert generated_at(published_path(urlmap.component_url("x") + "index.md"))
    assert generated_at(published_path(urlmap.month_url("2026-11") + "index.md"))
    assert generated_at(HOURS_JSON) and generated_at(HOURS_ICS) and generated_at(HEADERS_FILE)
    for folder in urlmap.API_V2_FOLDERS:  # hooks/status.py writes the API into each
        assert all(generated_at(folder + name).what == "the generated status API" for name in urlmap.API_V2_FILES)
    assert generated_at(pagefind.OUTPUT_SUBDIR + "/pagefind.js")
    for tag in ["Palkka-ajo", "Etäyhteys", "!!!", "Index"]:
        assert generated_at(published_path(tag_uri(tag)))
    assert product_uri("palkat") == "ukk/tuotteet/palkat.md"
    assert all(entry.what for entry in GENERATED)


def test_check_published_paths_is_quiet_on_distinct_paths():
    assert check_published_paths(["content/index.md", "content/ukk/a.md", "content/ukk/b.md", "academy/index.md",
                                  "status/index.md", "status/a.md"], [("content/ukk/a.md", ["palkat"])], ["palkat"]) == []


# --- builds: the message stops them, the previous site stays, and the sitemap lists each URL once ---


def sitemap_urls(site: Path) -> list[str]:
    tree = ET.parse(site / "sitemap.xml")
    return [loc.text for loc in tree.getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


@pytest.mark.slow
def test_the_default_sitemap_lists_every_url_once_and_each_is_a_page(built_site):
    urls = sitemap_urls(built_site)
    assert urls
    assert sorted(u for u in set(urls) if urls.count(u) > 1) == []
    for url in urls:
        path = re.sub(r"^https://[^/]+/", "", url)
        assert (built_site / path / "index.html").is_file() or (built_site / path).is_file(), url


@pytest.mark.slow
def test_a_test_site_sitemap_lists_every_url_once(site_copy, build_site, tmp_path):
    root = site_copy("status")
    result = build_site(root, tmp_path / "published")
    assert result.returncode == 0, result.stderr
    urls = sitemap_urls(tmp_path / "published")
    assert len(urls) == len(set(urls))
    assert "https://tuki.example.fi/status/history/" in urls


@pytest.mark.slow
@pytest.mark.parametrize("break_it", ["link", "collision"])
def test_a_refused_build_stops_with_the_message_and_leaves_the_previous_site(site_copy, build_site, tmp_path, outside,
                                                                             break_it):
    root = site_copy("status")
    site = tmp_path / "published"
    assert build_site(root, site).returncode == 0
    before = digest(site)
    if break_it == "link":
        (root / "content/passwd.txt").symlink_to(outside / "secret.txt")
        message = f"  content/passwd.txt: link leads outside the repository {LINKS.format(outside / 'secret.txt')}\n"
    else:
        write(root, {"content/ukk/salasanan-vaihto/index.md": PAGE})
        message = "  " + url_problem("content/ukk/salasanan-vaihto.md", "ukk/salasanan-vaihto/",
                                     "content/ukk/salasanan-vaihto.md", "content/ukk/salasanan-vaihto/index.md") + "\n"
    result = build_site(root, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.findall(r"^ERROR\s+-\s+(.*)$", result.stderr, re.MULTILINE) == ["1 problem found in the site sources:"]
    assert message in result.stderr
    assert digest(site) == before
    assert not (tmp_path / "published.staging").exists(), "validation failed before anything was written"
    assert os.listdir(site) and not (site / "passwd.txt").exists()


@pytest.mark.slow
def test_a_page_left_out_of_the_navigation_is_named_and_the_listed_sections_are_not(repo_root, copy_tree, build_site,
                                                                                      tmp_path):
    root = copy_tree(repo_root, tmp_path / "repo")
    (root / "content" / "uusi-sivu.md").write_text("---\ntitle: Uusi sivu\n---\n\n# Uusi sivu\n\nTeksti.\n",
                                                   encoding="utf-8")
    result = build_site(root, tmp_path / "published")
    assert result.returncode == 0, result.stderr
    told = result.stderr.split("are not included in the \"nav\" configuration:", 1)[1].splitlines()
    named = [line.strip().removeprefix("- ") for line in told if line.startswith("  - ")]
    assert named == ["uusi-sivu.md"], "the FAQ, the Academy, the status blog and the translations are reached by lists"
    assert (tmp_path / "published" / "uusi-sivu" / "index.html").is_file()
