"""Relative links and anchors in the sources: exact messages, code left alone, generated targets, and agreement with MkDocs."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from hooks.core import content
from hooks.core.config import CONFIG_PATH
from hooks.core.content import kind_of, load_project
from hooks.core.links import anchor_ids, check_links, find_links, site_targets
from hooks.core.problems import ValidationError
from hooks.core.sourcetree import list_sources
from samples import project_problems, status_post

FAQ = """\
---
title: Miten vaihdan salasanan?
team: kauppa-palvelu-organisaatiot
products: [asiakaskeskus]
tags: [Salasana, Etäyhteys]
---

# Miten vaihdan salasanan?

## Vaihda salasana

## Vaihda salasana

## Oma otsikko {: #oma }

## Äiti & `koodi` _korostus_ **lihava**

Kappale, jolla on oma tunniste.
{: #kappale }

<span id="raaka"></span>

Setext-otsikko
--------------

```
# ei otsikko
```
"""
MANUAL = "---\ntitle: Opas\nproducts: [softone-lon]\n---\n\n# Opas\n\nOpas alkaa.\n"
CHAPTER = "---\ntitle: Alku\ntags: [Palkat]\n---\n\n# Alku\n\n## Ensin\n\nTeksti.\n"
NEWS = ("---\ntitle: Uutinen\ndate: 2026-09-01\nproducts: [softone-timer]\ntags: [uutiset]\n---\n\n"
        "# Uutinen\n\nUutista.\n")
STATUS_INDEX = "---\ntitle: Palvelun tila\n---\n\n# Palvelun tila\n\nJohdanto.\n\n## Tilaa tiedotteet\n\nTilaa.\n"
POST = status_post("## Jälkiselvitys\n\nSyy löytyi.\n")
PAGE = "content/sivu.md"
PAGE_HEAD = "---\ntitle: Sivu\n---\n\n# Sivu\n\n"  # the body's first line after this is line 7


@pytest.fixture
def tree(tmp_path: Path, repo_root: Path) -> Path:
    """A small site: FAQ with many kinds of headings, a manual, a news post, a status post, an image."""
    files = {
        "content/index.md": "# Etusivu\n\nTervetuloa.\n",
        "content/ukk/index.md": "# Usein kysytyt kysymykset\n\nJohdanto.\n",
        "content/ukk/b.md": FAQ,
        "content/kuva.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
        "academy/index.md": "# Akatemia\n\nOppaat.\n",
        "academy/manuals/opas/index.md": MANUAL,
        "academy/manuals/opas/01-alku.md": CHAPTER,
        "academy/news/2026-09-01-uutinen.md": NEWS,
        "status/index.md": STATUS_INDEX,
        "status/2026-11-02-testi.md": POST,
    }
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    (tmp_path / "site_config").mkdir()
    (tmp_path / CONFIG_PATH).write_bytes((repo_root / CONFIG_PATH).read_bytes())
    return tmp_path


problems = project_problems


def page_problems(tree: Path, body: str) -> list[str]:
    (tree / PAGE).write_text(PAGE_HEAD + body, encoding="utf-8")
    return problems(tree)


def test_the_tree_is_valid(tree):
    assert problems(tree) == []


NOT_FOUND = "content/sivu.md:7: link: target not found (expected a page or file of the site, got {!r})"
RAW_NOT_FOUND = ("content/sivu.md:7: link: target not found (expected a page or file of the site, from the page's "
                 "address /sivu/, got {!r})")
NO_ANCHOR = "content/sivu.md:7: link: anchor not found in {} (expected one of its headings' ids, got {!r})"


@pytest.mark.parametrize("line, expected", [
    # pages and files, relative to the source's place among the site's files (content/ is the root)
    ("[a](ukk/b.md)", None),
    ("[a](ukk/puuttuu.md)", NOT_FOUND.format("ukk/puuttuu.md")),
    ("[a](../ukk/b.md)", NOT_FOUND.format("../ukk/b.md")),
    ("[a](content/ukk/b.md)", NOT_FOUND.format("content/ukk/b.md")),
    ("[a](ukk/)", NOT_FOUND.format("ukk/")),  # MkDocs: an unrecognized relative link
    ("[a](ukk/b)", NOT_FOUND.format("ukk/b")),
    ("[a](./ukk/../ukk/b.md)", None),
    ("[a](<ukk/b.md> \"Otsikko\")", None),
    ("[a](ukk/b.md 'Otsikko')", None),
    ("[a](academy/manuals/opas/01-alku.md)", None),
    ("[a](status/2026-11-02-testi.md)", None),
    ("![kuva](kuva.svg)", None),
    ("![kuva](kuva.png)",
     "content/sivu.md:7: image: target not found (expected a page or file of the site, got 'kuva.png')"),
    ("[a](assets/images/favicon.svg)", None),  # the theme's own files (hooks/theme/) are the site's
    ("[![kuva](kuva.svg)](ukk/puuttuu.md)", NOT_FOUND.format("ukk/puuttuu.md")),
    ("[a][viite]\n\n[viite]: ukk/puuttuu.md", NOT_FOUND.format("ukk/puuttuu.md").replace(":7:", ":9:")),
    ("[viite]: <ukk/b.md> \"Otsikko\"", None),
    # not ours to judge: other sites, other schemes, absolute paths (validation.absolute_links is info)
    ("[a](https://example.com/puuttuu.md)", None),
    ("[a](mailto:tuki@softone.fi)", None),
    ("[a](/puuttuu.md)", None),
    ("<https://example.com/x.md>", None),
    # anchors: headings (toc slugs, _1 for the second), attr_list ids, raw HTML ids
    ("[a](ukk/b.md#miten-vaihdan-salasanan)", None),
    ("[a](ukk/b.md#vaihda-salasana_1)", None),
    ("[a](ukk/b.md#vaihda-salasana_2)", NO_ANCHOR.format("ukk/b.md", "#vaihda-salasana_2")),
    ("[a](ukk/b.md#oma)", None),
    ("[a](ukk/b.md#oma-otsikko)", NO_ANCHOR.format("ukk/b.md", "#oma-otsikko")),
    ("[a](ukk/b.md#aiti-koodi-korostus-lihava)", None),
    ("[a](ukk/b.md#kappale)", None),
    ("[a](ukk/b.md#raaka)", None),
    ("[a](ukk/b.md#setext-otsikko)", None),
    ("[a](ukk/b.md#ei-otsikko)", NO_ANCHOR.format("ukk/b.md", "#ei-otsikko")),
    ("[a](#sivu)", None),
    ("[a](#eiole)", NO_ANCHOR.format("this page", "#eiole")),
    ("[a](kuva.svg#x)", None),  # MkDocs checks anchors on pages only
    # raw HTML is not rewritten by MkDocs: the browser resolves it from the page's address (sivu/)
    ('<a href="../ukk/b/">a</a>', None),
    ('<a href="../ukk/b/#oma">a</a>', None),
    ('<a href="../ukk/b/#eiole">a</a>', NO_ANCHOR.format("ukk/b.md", "#eiole")),
    ('<a href="ukk/b.md">a</a>', RAW_NOT_FOUND.format("ukk/b.md")),
    ('<img src="../kuva.svg" alt="">', None),
    ("<img src='kuva.svg' alt=''>",
     RAW_NOT_FOUND.format("kuva.svg").replace("link:", "image:")),
    ('<a href="../support/hours.ics">a</a>', None),  # written by the build after the pages
    # the build's own pages and files
    ("[a](ukk/aiheet/index.md)", None),
    ("[a](ukk/aiheet/salasana.md)", None),
    ("[a](ukk/aiheet/etayhteys.md)", None),
    ("[a](ukk/aiheet/palkat.md)", None),
    ("[a](ukk/aiheet/uutiset.md)", None),
    ("[a](ukk/aiheet/puuttuu.md)", NOT_FOUND.format("ukk/aiheet/puuttuu.md")),
    ("[a](ukk/tuotteet/index.md)", None),
    ("[a](ukk/tuotteet/asiakaskeskus.md)", None),
    ("[a](ukk/tuotteet/softone-lon.md)", None),
    ("[a](ukk/tuotteet/softone-timer.md)", None),
    ("[a](ukk/tuotteet/softone-go.md)", NOT_FOUND.format("ukk/tuotteet/softone-go.md")),  # named by no page
    ("[a](academy/manuals/opas/kokonaan.md)", None),
    ("[a](academy/news/index.md)", None),
    ("[a](status/history/index.md)", None),
    ("[a](status/history/2026-11/index.md)", None),
    ("[a](status/history/2026-10/index.md)", NOT_FOUND.format("status/history/2026-10/index.md")),
    ("[a](status/components/kirjautuminen/index.md)", None),
    ("[a](status/components/kirjautuminen/history.atom)", None),
    ("[a](status/history.rss)", None),
    ("[a](status/maintenance.ics)", None),
    ("[a](status/api/v2/summary.json)", None),
    ("[a](api/v2/summary.json)", None),  # the same API at the root, where Statuspage's clients look
    ("[a](api/v2/scheduled-maintenances/upcoming.json)", None),
    ("[a](api/v2/nothing.json)", NOT_FOUND.format("api/v2/nothing.json")),
    ("[a](support/hours.ics)", NOT_FOUND.format("support/hours.ics")),  # written after the pages: MkDocs cannot know it
    ("[a](academy/news.atom)", NOT_FOUND.format("academy/news.atom")),
    # anchors into the build's pages: what their Markdown holds, and the ids their generated blocks write
    ("[a](status/index.md#tilaa-tiedotteet)", None),
    ("[a](status/index.md#palvelun-tila)", NO_ANCHOR.format("status/index.md", "#palvelun-tila")),
    ("[a](status/index.md#hairiot)", None),
    ("[a](status/index.md#eiole)", NO_ANCHOR.format("status/index.md", "#eiole")),
    ("[a](status/2026-11-02-testi.md#jalkiselvitys)", None),
    ("[a](status/2026-11-02-testi.md#tapahtumat)", None),
    ("[a](status/2026-11-02-testi.md#eiole)", NO_ANCHOR.format("status/2026-11-02-testi.md", "#eiole")),
    ("[a](status/components/kirjautuminen/index.md#tapahtumat)", None),
    ("[a](status/components/kirjautuminen/index.md#eiole)",
     NO_ANCHOR.format("status/components/kirjautuminen/index.md", "#eiole")),
    ("[a](ukk/index.md#tiimeittain)", None),
    ("[a](ukk/index.md#kauppa-palvelu-organisaatiot)", None),
    ("[a](ukk/index.md#eiole)", NO_ANCHOR.format("ukk/index.md", "#eiole")),
    # left to the build: the knowledge base's pages get their headings from templates and site_config
    ("[a](ukk/tuotteet/index.md#mika-tahansa)", None),
])
def test_each_link(tree, line, expected):
    assert page_problems(tree, line + "\n") == ([expected] if expected else [])


def test_links_in_code_and_comments_are_not_links(tree):
    body = """\
Teksti `[a](puuttuu1.md)` ja ``[a](puuttuu2.md)``.

```markdown
[a](puuttuu3.md)
```

~~~~
[a](puuttuu4.md)
```
[a](puuttuu5.md)
~~~~

    [a](puuttuu6.md)

- Lista

    ```
    [a](puuttuu7.md)
    ```

<!-- [a](puuttuu8.md)
[a](puuttuu9.md) -->

Loppu.
"""
    assert page_problems(tree, body) == []


def test_links_inside_lists_and_admonitions_are_checked(tree):
    body = """\
- Lista

    [a](puuttuu1.md)

!!! note "Huomio"

    [a](puuttuu2.md)

Teksti, [a](puuttuu3.md) ja [b](puuttuu4.md).
"""
    assert page_problems(tree, body) == [
        NOT_FOUND.format("puuttuu1.md").replace(":7:", ":9:"),
        NOT_FOUND.format("puuttuu2.md").replace(":7:", ":13:"),
        NOT_FOUND.format("puuttuu3.md").replace(":7:", ":15:"),
        NOT_FOUND.format("puuttuu4.md").replace(":7:", ":15:"),
    ]


def test_anchors_into_a_page_with_markers_may_name_what_its_blocks_declare(tree):
    (tree / "content/ukk/index.md").write_text("# UKK\n\n<!-- supportsite:hours -->\n", encoding="utf-8")
    assert page_problems(tree, "[a](ukk/index.md#uuk)\n") == [NO_ANCHOR.format("ukk/index.md", "#uuk")]


def test_link_problems_come_with_every_other_problem(tree):
    (tree / "content/ukk/b.md").write_text(FAQ.replace("tags:", "updated: 2027-02-30\ntags:"), encoding="utf-8")
    assert page_problems(tree, "[a](ukk/puuttuu.md)\n[b](ukk/aiheet/salasana.md)\n[c](ukk/b.md#eiole)\n") == [
        NOT_FOUND.format("ukk/puuttuu.md"),
        # not judged: the tag page comes from the broken article, whose ids are unknown until it is fixed
        "content/ukk/b.md:5: updated: not a real date (expected a date YYYY-MM-DD, got '2027-02-30')",
    ]


def test_supportsite_check_reports_a_broken_link(tree, capsys):
    from hooks.cli import main as supportsite

    (tree / PAGE).write_text(PAGE_HEAD + "[a](ukk/puuttuu.md)\n", encoding="utf-8")
    assert supportsite(["--root", str(tree), "check"]) == 1
    assert capsys.readouterr().err == (
        "1 problem found in the site sources:\n  " + NOT_FOUND.format("ukk/puuttuu.md") + "\n")


# --- the readers agree with Python-Markdown as mkdocs.yml configures it ------------------------------------

EXTENSIONS = ["toc", "admonition", "attr_list", "md_in_html", "tables", "def_list", "pymdownx.details",
              "pymdownx.superfences"]


class _Collect(markdown.treeprocessors.Treeprocessor):
    """What MkDocs' own tree processors see: every ``id`` (anchors) and every ``a href``/``img src`` (links)."""

    def run(self, root: etree.Element) -> None:
        self.md.found_ids = {el.get("id") for el in root.iter() if el.get("id")}
        self.md.found_links = [el.get("href" if el.tag == "a" else "src") for el in root.iter()
                               if el.tag in ("a", "img")]


class _RawIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(v for k, v in attrs if k == "id" or (k == "name" and tag == "a"))


def render(body: str) -> tuple[set[str], list[str]]:
    """The ids MkDocs finds on a page made of ``body`` and the links it checks, from Python-Markdown itself."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    md.treeprocessors.register(_Collect(md), "collect", 0)
    md.convert(body)
    raw = _RawIds()
    raw.feed(re.sub(r"^```.*?^```", "", body, flags=re.MULTILINE | re.DOTALL))
    return md.found_ids | raw.ids, md.found_links


BODIES = {
    "faq": FAQ.split("---\n", 2)[2],
    "duplicates": "# A\n\n## A\n\n## A\n\n## A_1\n\n### a\n",
    "explicit first": "# Intro\n\n## Toinen {#intro}\n\n## Intro\n",
    "finnish": "# Käynnissä olevat häiriöt\n\n## Miksi & miten?\n\n## Tuki 24/7 – aina\n",
    "inline markup": "# [Linkki](x.md) ja ![kuva](k.png) ja <span>html</span>\n\n## `a_b` ja __c__ ja d_e\n",
    "no space": "#Otsikko\n\n## Loppu ##\n\n## C#\n",
    "setext": "Eka\n===\n\nToka\n---\n",
    "in admonition": '!!! note "Huom"\n\n    ## Sisällä\n\n    [a](sisalla.md)\n',
    "in list": "- kohta\n\n    ## Listassa\n\n    [a](listassa.md)\n",
    "code": "```\n# ei\n[a](ei.md)\n```\n\n    # ei\n    [a](ei2.md)\n\nTeksti `[a](ei3.md)`.\n",
    "attrs": "Kappale.\n{: #kpl }\n\n![kuva](k.png){#kuva}\n\n[linkki](x.md){: #lnk }\n",
    "raw": '<div id="laatikko" markdown>\n\n## Laatikossa\n\n[a](laatikko.md)\n\n</div>\n\n<a name="vanha"></a>\n',
    "references": "[a][r] ja [b][]\n\n[r]: r.md\n[b]: <b.md> \"Otsikko\"\n",
    "parentheses": "[a](sivu_(1).md) ja [b](c.md#x \"t\") ja [c](<d e.md>)\n",
}


@pytest.mark.parametrize("name", BODIES)
def test_ids_are_the_ones_python_markdown_gives(name):
    ids, _ = render(BODIES[name])
    assert anchor_ids(BODIES[name]) == ids


@pytest.mark.parametrize("name", BODIES)
def test_links_are_the_ones_mkdocs_checks(name):
    _, links = render(BODIES[name])
    found = [link.target for link in find_links(BODIES[name]) if not link.raw]
    assert sorted(found) == sorted(link for link in links if not link.startswith("#") or link in found)


# --- the build agrees --------------------------------------------------------------------------------------

BROKEN = """\
[a](ukk/puuttuu.md)
[b](ukk/)
[c](asiakaskeskus/yhteystiedot.md#eiole)
[d](#eiole)
![e](kuva.png)
[f](status/index.md#eiole)
[g](ukk/aiheet/eiole.md)
[h](support/hours.ics)
[i](palvelutasot.md#lisapalvelut)
[j](ukk/index.md#tiimeittain)
[k](status/history/index.md)
"""


@pytest.fixture
def default_copy(tmp_path: Path, repo_root: Path, copy_tree) -> Path:
    """The default site copied, with ``hooks`` linked to the repository's."""
    copy = tmp_path / "site-src"
    copy.mkdir()
    for name in ("content", "academy", "status", "site_config"):
        copy_tree(repo_root / name, copy / name)
    (copy / "mkdocs.yml").write_bytes((repo_root / "mkdocs.yml").read_bytes())
    (copy / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)
    return copy


@pytest.mark.slow
def test_the_check_refuses_the_links_the_build_warns_about(default_copy, tmp_path, monkeypatch, caplog,
                                                           source_date_epoch):
    """With the check turned off, MkDocs warns about exactly the links the check refuses (on pages it judges)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (default_copy / "content/rikki.md").write_text(PAGE_HEAD + BROKEN, encoding="utf-8")
    line_of = {re.search(r"\]\((.*)\)", line)[1]: number for number, line in enumerate(BROKEN.splitlines(), 7)}
    refused = {int(re.match(r"content/rikki\.md:(\d+): ", p)[1]) for p in problems(default_copy)}
    monkeypatch.setattr(content, "check_links", lambda *args, **kwargs: [])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(source_date_epoch))
    monkeypatch.chdir(default_copy)
    config = load_config(config_file=str(default_copy / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    with caplog.at_level(logging.WARNING):
        build(config)
    warned = {line_of[re.search(r"contains (?:a|an unrecognized relative) link '([^']*)'", r.getMessage())[1]]
              for r in caplog.records if "Doc file 'rikki.md'" in r.getMessage()}
    assert refused == warned
    assert sorted(refused) == [7, 8, 9, 10, 11, 12, 13, 14]


@pytest.mark.slow
def test_every_target_and_anchor_the_check_knows_builds_under_strict(default_copy, build_site, tmp_path):
    """The other way round: a page linking to every page, file and id the check accepts passes `--strict`."""
    project = load_project(default_copy)
    documents = [(kind_of(d.path), d) for d in project.documents()]
    targets = site_targets(list_sources(default_copy).files, documents, project.config)
    lines = [f"[{uri}]({uri})" for uri in sorted(targets.files)]
    for uri, page in sorted(targets.pages.items()):
        lines += [f"[{uri}#{anchor}]({uri}#{anchor})" for anchor in sorted(page.ids() or ())]
    assert len(lines) > 300
    (default_copy / "content/kaikki.md").write_text(PAGE_HEAD + "\n\n".join(lines) + "\n", encoding="utf-8")
    assert check_links(list_sources(default_copy).files, documents, project.config) == []
    result = build_site(default_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


@pytest.mark.slow
def test_a_broken_link_fails_check_and_build_with_the_same_message(default_copy, build_site, tmp_path):
    (default_copy / "content/rikki.md").write_text(PAGE_HEAD + "Katso [ohje](ukk/puuttuu.md).\n", encoding="utf-8")
    expected = ("content/rikki.md:7: link: target not found (expected a page or file of the site, "
                "got 'ukk/puuttuu.md')")
    check = subprocess.run([str(Path(sys.executable).parent / "supportsite"), "check"], cwd=default_copy,
                           capture_output=True, text=True, check=False, timeout=120)
    assert check.returncode == 1
    assert check.stderr == f"1 problem found in the site sources:\n  {expected}\n"
    build = build_site(default_copy, tmp_path / "out")
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    assert f"  {expected}\n" in build.stderr
    assert "Doc file" not in build.stderr, "refused before MkDocs renders a page"
    assert not (tmp_path / "out").exists()


def test_a_page_whose_front_matter_does_not_parse_still_has_its_body_checked(tmp_path, repo_root):
    # One report with every problem: the unclosed quote, and the broken link and the refused iframe below it.
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config/support.yml").write_bytes((repo_root / "site_config/support.yml").read_bytes())
    (tmp_path / "content/ukk").mkdir(parents=True)
    (tmp_path / "content/index.md").write_text("# Etusivu\n\nTeksti.\n", encoding="utf-8")
    (tmp_path / "content/ukk/rikki.md").write_text(
        '---\ntitle: "Miten vaihdan salasanan?\nteam: kauppa-palvelu-organisaatiot\n---\n\n'
        "Katso [ohje](puuttuu.md).\n\n<iframe src=\"https://video.example/x\"></iframe>\n", encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        load_project(tmp_path)
    assert [(p.line, p.key, p.problem) for p in raised.value.problems] == [
        (2, "title", "quote not closed"),
        (6, "link", "target not found"),
        (8, "body", "raw <iframe> is not allowed"),
    ]
