"""The status glue (hooks/status.py) driven without a whole build: one typed state per build, generated pages, and
their HTML filled in place of the status-block marker."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.files import File, Files

from hooks import status as status_hook
from hooks.core.content import load_project
from hooks.core.markers import fill, mark
from hooks.glue import STATE_KEY, BuildState
from hooks.status import StatusBuild

BUILT_AT = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.timezone.utc)  # conftest's SOURCE_DATE_EPOCH
PHONE = "status/2026-11-18-puhelinhairio.md"


class _Config(dict):
    """The few keys of a MkDocs config that the status hooks read, as attributes too."""

    __getattr__ = dict.__getitem__


@pytest.fixture
def site(repo_root: Path, tmp_path: Path, copy_tree) -> Path:
    """A copy of tests/sites/status: the template cache goes into the copy, never into tests/."""
    return copy_tree(repo_root / "tests/sites/status", tmp_path / "status")


def files_of(site: Path) -> tuple[_Config, Files]:
    """A build's config with a fresh BuildState at ``now``, and the status posts as MkDocs lists them."""
    config = _Config(docs_dir=str(site / "content"), site_dir=str(site / "site"), use_directory_urls=True,
                     site_name="Tila-testi", site_url="https://tuki.example.fi/",
                     plugins=SimpleNamespace(_current_plugin=None))
    config[STATE_KEY] = BuildState(root=site, now=BUILT_AT, project=load_project(site), final_site_dir=config.site_dir)
    files = Files([File(path.relative_to(site).as_posix(), src_dir=str(site), dest_dir=config.site_dir,
                        use_directory_urls=True) for path in sorted((site / "status").glob("*.md"))])
    return config, files


def page_at(src_uri: str, url: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url)


def test_the_build_state_is_one_typed_part_made_afresh_for_each_build(site):
    config, files = files_of(site)
    status_hook.on_files(files, config)
    state = config[STATE_KEY]
    build = state.part(StatusBuild)
    assert build.model.now == BUILT_AT and build.pages.model is build.model
    assert not hasattr(state, "scratch")  # no loose string keys: one typed object per capability
    # The next build (mkdocs serve keeps this module loaded) starts from nothing of this one.
    again, files_again = files_of(site)
    status_hook.on_files(files_again, again)
    assert again[STATE_KEY].part(StatusBuild) is not build
    assert again[STATE_KEY].part(StatusBuild).generated.keys() == build.generated.keys()


def test_generated_pages_carry_the_marker_and_the_fill_pass_puts_their_html_in(site):
    config, files = files_of(site)
    status_hook.on_files(files, config)
    state = config[STATE_KEY]
    index = files.get_file_from_path("status/index.md")
    assert mark("status-block") in index.content_string
    assert "status/2026-11-20-tuleva.md" not in {f.src_uri for f in files}  # not due yet: no page
    html = f"<p>Johdanto.</p>\n{mark('status-block')}\n"
    generated = state.part(StatusBuild).generated["status/index.md"].html
    assert fill(html, state.fillers_for(page_at("status/index.md", "status/"))) == f"<p>Johdanto.</p>\n{generated}\n"
    # A page the status blog did not generate keeps the marker; so does the theme's 404 page (no page at all).
    assert fill(html, state.fillers_for(page_at("index.md", ""))) == html
    assert fill(html, {"status-block": lambda key: state.marker_fillers["status-block"](None, key)}) == html


def test_a_post_page_is_generated_when_mkdocs_reads_its_markdown(site):
    config, files = files_of(site)
    status_hook.on_files(files, config)
    page = page_at(PHONE, "status/2026-11-18-puhelinhairio/")
    markdown = status_hook.on_page_markdown("# ohitettu", page, config, files)
    assert mark("status-block") in markdown
    assert "Vika on <strong>operaattorilla</strong>." in config[STATE_KEY].part(StatusBuild).generated[PHONE].html
    assert status_hook.on_page_markdown("# Etusivu", page_at("index.md", ""), config, files) == "# Etusivu"


def test_a_site_without_a_status_blog_gets_no_status_state(repo_root, tmp_path, copy_tree):
    config, files = files_of(copy_tree(repo_root / "tests/sites/minimal", tmp_path / "minimal"))
    assert status_hook.on_files(files, config) is files
    state = config[STATE_KEY]
    assert not state.has_part(StatusBuild) and "status-block" not in state.marker_fillers
    assert status_hook.on_page_markdown("# Sivu", page_at("status/x.md", "status/x/"), config, files) == "# Sivu"


def test_the_swedish_status_outputs_are_generated_beside_the_finnish(site):
    config, files = files_of(site)
    status_hook.on_files(files, config)
    uris = {f.src_uri for f in files}
    # Pages as .sv.md (hooks/i18n.py publishes them under sv/), other files at their final path.
    assert {"status/index.sv.md", "status/history/index.sv.md", "status/history/2026-11/index.sv.md",
            "status/components/puhelin/index.sv.md", "status/2026-11-18-puhelinhairio.sv.md",
            "sv/status/history.atom", "sv/status/history.rss", "sv/status/components/puhelin/history.atom",
            "sv/status/maintenance.ics", "sv/status/current.json"} <= uris
    assert "status/2026-11-20-tuleva.sv.md" not in uris  # not due yet, in any language
    assert not any(uri.startswith(("sv/api/", "sv/status/api/")) for uri in uris)  # the API is Finnish only
    state = config[STATE_KEY]
    post = state.part(StatusBuild).generated["status/2026-11-18-puhelinhairio.sv.md"]
    assert post.title == "Telefonstörning" and "Vissa samtal bryts." in post.html
    # Feed autodiscovery: each language's pages announce that language's feeds.
    assert [link.href for link in state.page_context("sv/status/")["head_links"]] == [
        "sv/status/history.atom", "sv/status/history.rss"]
    assert [link.href for link in state.page_context("ukk/")["head_links"]] == ["status/history.atom", "status/history.rss"]
    assert [link.title for link in state.page_context("sv/status/components/puhelin/")["head_links"]][-2:] == [
        "Puhelintuki (Atom)", "Puhelintuki (RSS)"]
    summary = state.marker_fillers["status-summary"](page_at("index.sv.md", "sv/"), None)
    assert "Driftstatus och störningshistorik" in summary


def test_a_built_swedish_page_announces_in_swedish(status_site):
    page = (status_site / "sv/status/index.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in page
    banner = page[page.index('<div class="status-announce"'):]
    banner = banner[:banner.index("</div>")]
    assert 'data-status-live="../../sv/status/current.json"' in banner
    assert "<strong>Driftstörning:</strong>" in banner and "Telefonstörning" in banner
    assert 'type="application/atom+xml" title="Driftstatus (Atom)" href="history.atom"' in page
    finnish = (status_site / "status/index.html").read_text(encoding="utf-8")
    assert "<strong>Häiriö:</strong>" in finnish and 'title="Palvelun tila (Atom)" href="history.atom"' in finnish
