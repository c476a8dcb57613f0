"""Markdown converted ahead (hooks/markdownahead.py), in a second process or by the last build: the same site, the
same warnings, the same failures as a build that converts every page itself, whatever a hook does to the Markdown
and whatever changed since the last build."""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from trees import digest

MINIMAL = Path("tests/sites/minimal")
KEPT = Path(".cache/markdown.pickle")  # the last build's conversions
ONE, TWO = {"SUPPORTSITE_PROCESSES": "1"}, {"SUPPORTSITE_PROCESSES": "2"}

# A hook whose Markdown depends on the pages this process saw before: the process converting ahead sees only its
# share, so its Markdown differs from the build's for every page it converts, and each page shows which it got.
COUNTING = """
SEEN = []

def on_page_markdown(markdown, page, config, files):
    SEEN.append(page.file.src_uri)
    return markdown + f"\\n\\n<p class=\\"seen\\">{len(SEEN)}</p>\\n"
"""

# Links MkDocs finds broken while it converts each page (a missing page, a missing heading of another page): its
# warnings are written where the page is converted, and said by the build where the page is read.
BROKEN = """
import posixpath

def on_page_markdown(markdown, page, config, files):
    here = posixpath.dirname(page.file.src_uri)
    missing, home = (posixpath.relpath(path, here or ".") for path in ("ei-ole.md", "index.md"))
    return markdown + f"\\n\\n[puuttuva]({missing}) [otsikko]({home}#ei-otsikkoa)\\n"
"""


def _site_with_hook(repo_root: Path, tmp_path: Path, copy_tree, hook: str) -> Path:
    site = copy_tree(repo_root / MINIMAL, tmp_path / MINIMAL)
    hooks = tmp_path / "hooks"
    if not hooks.exists():
        hooks.symlink_to(repo_root / "hooks", target_is_directory=True)
    (site / "extra_hook.py").write_text(hook, encoding="utf-8")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - ../../../hooks/knowledge.py\n", "  - ../../../hooks/knowledge.py\n  - extra_hook.py\n"), encoding="utf-8")
    return site


@pytest.mark.slow
def test_a_hook_whose_markdown_depends_on_earlier_pages_gets_the_one_process_site(repo_root, tmp_path, copy_tree,
                                                                                   build_site):
    site = _site_with_hook(repo_root, tmp_path, copy_tree, COUNTING)
    one = build_site(site, tmp_path / "one", env=ONE)
    (site / KEPT).unlink()  # else the second build takes every page from the first
    two = build_site(site, tmp_path / "two", env=TWO)
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert digest(tmp_path / "one") == digest(tmp_path / "two")
    # The counter did run: the pages show 1, 2, 3 … as the build's one loop read them.
    shown = sorted(int(n) for page in (tmp_path / "two").rglob("index.html")
                   for n in re.findall(r'<p class="seen">(\d+)</p>', page.read_text(encoding="utf-8")))
    assert shown == list(range(1, len(shown) + 1)) and len(shown) > 4


@pytest.mark.slow
def test_warnings_of_pages_converted_ahead_are_said_once_in_order_and_fail_the_strict_build(
        repo_root, tmp_path, copy_tree, build_site):
    site = _site_with_hook(repo_root, tmp_path, copy_tree, BROKEN)
    published = tmp_path / "published"
    said = {}
    # Converted in one process; in two, the other's half taken; then every page taken from the last build.
    for run, env, kept in (("one", ONE, False), ("two", TWO, False), ("kept", ONE, True)):
        assert (site / KEPT).exists() == kept
        result = build_site(site, published, env=env)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        said[run] = re.findall(r"^(WARNING|INFO)\s+-\s+(Doc file .*)$", result.stderr, re.MULTILINE)
        assert not published.exists(), "a strict build with warnings is not published"
        assert f"Aborted with {len(said[run]) // 2} warnings in strict mode!" in result.stdout + result.stderr
        if run == "one":
            (site / KEPT).unlink()
    assert said["two"] == said["one"]
    assert said["kept"] == said["one"]
    missing = [text for level, text in said["one"] if level == "WARNING" and "ei-ole.md" in text]
    anchors = [text for level, text in said["one"] if "#ei-otsikkoa" in text]  # the minimal site: anchors at info
    assert len(missing) > 4 and len(anchors) == len(missing)  # every page's two links, each said once
    assert f"Aborted with {len(missing)} warnings in strict mode!" in result.stdout + result.stderr


def _mark_kept(site: Path) -> int:
    """Append a mark to every conversion the last build kept; how many there are."""
    version, entries = pickle.loads((site / KEPT).read_bytes())
    for uri, (key, converted) in entries.items():
        content, *rest = pickle.loads(converted)
        entries[uri] = (key, pickle.dumps((content + '<p class="kept">kept</p>', *rest)))
    (site / KEPT).write_bytes(pickle.dumps((version, entries)))
    return len(entries)


def _marked(site: Path) -> set[str]:
    return {page.parent.relative_to(site).as_posix() for page in site.rglob("index.html")
            if '<p class="kept">kept</p>' in page.read_text(encoding="utf-8")}


@pytest.mark.slow
def test_a_conversion_is_taken_from_the_last_build_only_for_the_same_markdown_and_the_same_site(
        repo_root, tmp_path, copy_tree, build_site):
    site = _site_with_hook(repo_root, tmp_path, copy_tree, "")
    first = build_site(site, tmp_path / "first", env=ONE)
    assert first.returncode == 0, first.stderr
    again = build_site(site, tmp_path / "again", env=ONE)
    assert again.returncode == 0, again.stderr
    assert digest(tmp_path / "again") == digest(tmp_path / "first")
    # Taken: every page shows what the last build kept for it (marked here, so that taking shows).
    kept = _mark_kept(site)
    assert build_site(site, tmp_path / "taken", env=ONE).returncode == 0
    taken = _marked(tmp_path / "taken")
    assert "ukk/salasanan-vaihto" in taken and len(taken) >= kept > 4
    # An edited page is converted again; the others are still taken.
    article = site / "content/ukk/salasanan-vaihto.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nUusi kappale.\n", encoding="utf-8")
    assert build_site(site, tmp_path / "edited", env=ONE).returncode == 0
    assert _marked(tmp_path / "edited") == taken - {"ukk/salasanan-vaihto"}
    assert "Uusi kappale." in (tmp_path / "edited/ukk/salasanan-vaihto/index.html").read_text(encoding="utf-8")
    # A new page changes where links lead, so nothing is taken.
    _mark_kept(site)
    (site / "content/ukk/uusi.md").write_text(article.read_text(encoding="utf-8").replace(
        "title:", "title: Uusi ·", 1), encoding="utf-8")
    assert build_site(site, tmp_path / "added", env=ONE).returncode == 0
    assert _marked(tmp_path / "added") == set()


@pytest.mark.slow
def test_a_link_follows_a_translation_added_since_the_last_build(repo_root, tmp_path, copy_tree, build_site):
    site = _site_with_hook(repo_root, tmp_path, copy_tree, "")
    (site / "content/index.sv.md").write_text(
        "---\ntitle: Startsida\n---\n\nSe [Lösenord](ukk/salasanan-vaihto.md).\n", encoding="utf-8")
    questions = site / "content/ukk/index.md"  # the Swedish articles' list, which a translated article links to
    questions.with_name("index.sv.md").write_text(questions.read_text(encoding="utf-8"), encoding="utf-8")
    published = tmp_path / "published"
    assert build_site(site, published, env=ONE).returncode == 0
    home = (published / "sv/index.html").read_text(encoding="utf-8")
    assert '<a data-untranslated=' in home and 'href="../ukk/salasanan-vaihto/"' in home  # the Finnish page
    # The Swedish home page's Markdown is the same, but its link now has a translation to lead to.
    article = site / "content/ukk/salasanan-vaihto.md"
    article.with_name("salasanan-vaihto.sv.md").write_text(article.read_text(encoding="utf-8").replace(
        "Miten vaihdan salasanan?", "Hur byter jag lösenord?"), encoding="utf-8")
    assert build_site(site, published, env=ONE).returncode == 0
    home = (published / "sv/index.html").read_text(encoding="utf-8")
    assert 'href="ukk/salasanan-vaihto/"' in home and "data-untranslated" not in home


def test_a_number_of_processes_that_is_not_one_is_refused_in_one_message(repo_root, tmp_path, copy_tree, build_site):
    site = _site_with_hook(repo_root, tmp_path, copy_tree, "")
    published = tmp_path / "published"
    result = build_site(site, published, env={"SUPPORTSITE_PROCESSES": "3"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.findall(r"^ERROR\s+-\s+(.*)$", result.stderr, re.MULTILINE) == [
        "SUPPORTSITE_PROCESSES: '3' is not a number of processes to render pages in (expected 1 or 2, or nothing: "
        "two from 100 pages)"]
    assert not published.exists()


def test_the_build_waits_only_for_the_pages_it_gave_the_other_process():
    """The build's loop asks for every page it has no conversion of; its own share is not waited for, and a page of
    the other process's that arrives before the one asked for is kept until asked for."""
    from hooks.markdownahead import Ahead

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other process: two pages converted, in its order
        os.close(reader)
        with os.fdopen(writer, "wb") as pipe:
            for uri in ("b.md", "d.md"):
                pickle.dump((uri, f"digest {uri}".encode(), f"converted {uri}".encode()), pipe)
        os._exit(0)
    os.close(writer)
    ahead = Ahead(pid, os.fdopen(reader, "rb"), {"b.md", "d.md"})
    assert ahead.take("a.md") is None  # the build's own page: converted there, nothing read
    assert ahead.take("d.md") == (b"digest d.md", b"converted d.md")
    assert ahead.take("b.md") == (b"digest b.md", b"converted b.md")  # read before d.md, kept
    assert ahead.take("c.md") is None
    ahead.finish()


def test_the_reused_converter_gives_what_mkdocs_gives_for_every_page_in_turn(repo_root):
    """Each page converted in turn on one reset converter (hooks/markdownahead.py: ``_render``) gets the HTML, table
    of contents, title, anchors and links to anchors that MkDocs' ``Page.render`` gives it on a converter of its own:
    nothing of one page stays for the next."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    from hooks.glue import STATE_KEY
    from hooks.markdownahead import AheadBuild, _render

    config = load_config(str(repo_root / "mkdocs.yml"))
    build = AheadBuild()  # where a build keeps its converters (hooks/site.py puts the build's state on its config)
    config[STATE_KEY] = SimpleNamespace(part=lambda kind, make=None: build)
    files = get_files(config)
    pages = [Page(None, file, config) for file in files.documentation_pages()]
    assert len(pages) > 20
    for number, page in enumerate(pages):
        page.read_source(config)
        # the sources' own Markdown, and what they lack: a link to a reference the page before defined (a leak would
        # resolve it), raw HTML with an id, a table and an admonition
        page.markdown += (f"\n\n[Edellinen][viite-{number - 1}] ja [tämä][viite-{number}].\n\n"
                          f"[viite-{number}]: https://example.invalid/{number}\n\n"
                          f"<div id=\"raaka-{number}\" markdown>\n*raaka*\n</div>\n\n"
                          "| a | b |\n| - | - |\n| 1 | 2 |\n\n!!! note \"Huom\"\n    Teksti.\n\n## Toinen otsikko\n")
    for page in pages:
        expected = Page(None, page.file, config)
        expected.markdown = page.markdown
        expected.render(config, files)
        _render(page, config, files)
        assert (page.content, str(page.toc), page._title_from_render, page.present_anchor_ids,
                page.links_to_anchors) == (expected.content, str(expected.toc), expected._title_from_render,
                                          expected.present_anchor_ids, expected.links_to_anchors), page.file.src_uri
    assert len(build.converters) == 1  # every page on the one converter


@pytest.mark.parametrize("tee", [False, True])
def test_each_warning_is_recorded_once_however_python_reuses_the_memory_of_the_last(tee):
    # The process converting ahead records each page's warnings (hooks/markdownahead.py: _Recorder), the page's
    # list emptied before the next; a record reaches the recorder once per logger with handlers on its way up.
    # It once kept the ids of the records it had seen, and dropped a later record that Python had put where a freed
    # one had been: a page's warning, now and then, in a two-process build.
    import logging

    from hooks.markdownahead import _Recorder

    parent, child = logging.getLogger("supportsite-recorder-test"), logging.getLogger("supportsite-recorder-test.page")
    parent.propagate = False
    recorder = _Recorder(tee=tee)
    parent.addHandler(recorder)
    child.addHandler(recorder)
    said = []
    try:
        for page in range(300):
            recorder.records = []
            child.warning("page %d has a broken link", page)
            said += [record.getMessage() for record in recorder.records]
    finally:
        parent.removeHandler(recorder)
        child.removeHandler(recorder)
    assert said == [f"page {page} has a broken link" for page in range(300)]
