"""Whole builds: the minimal site and the default site with --strict, reproducibility, failed builds, `supportsite check`."""

from __future__ import annotations

import html as html_lib
import os
import pstats
import re
import subprocess
import sys
from pathlib import Path

import pytest

from trees import digest

MINIMAL = Path("tests/sites/minimal")

pytestmark = pytest.mark.slow


def h1_of(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    assert match, "the page has no <h1>"
    return html_lib.unescape(re.sub(r"<[^>]+>", "", match[1])).replace("¶", "").strip()


@pytest.fixture
def minimal_copy(tmp_path: Path, repo_root: Path, copy_tree) -> Path:
    """The minimal site copied to ``tmp/tests/sites/minimal``, with ``tmp/hooks`` pointing at the real hooks,
    so that its ``../../../hooks/`` paths still resolve and the test may break its sources."""
    copy = copy_tree(repo_root / MINIMAL, tmp_path / MINIMAL)
    (tmp_path / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)
    return copy


def test_minimal_site_is_assembled_end_to_end(repo_root, build_site, tmp_path):
    site = tmp_path / "site"
    result = build_site(repo_root / MINIMAL, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    # MkDocs' last word reaches the terminal: the process ends at once after it (hooks/site.py, _end_process).
    assert re.search(r"Documentation built in [0-9.]+ seconds\s*$", result.stderr), result.stderr[-500:]
    for page in ["404.html", "index.html", "ukk/index.html", "ukk/salasanan-vaihto/index.html", "sitemap.xml"]:
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fi"' in home
    assert h1_of(home) == "Tervetuloa minimituen sivuille"
    assert h1_of((site / "ukk/salasanan-vaihto/index.html").read_text(encoding="utf-8")) == "Miten vaihdan salasanan?"
    # The empty academy/ and status/ folders add nothing, not even their .gitkeep.
    assert not list(site.rglob(".gitkeep"))
    assert (site / "pagefind/pagefind.js").is_file(), "the site search index is built"
    # Built through a staging folder that is moved into place: nothing of it is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_profiled_build_still_writes_its_profile(repo_root, tmp_path):
    # A build that has published its site ends at once (hooks/site.py), but not under a profiler or a tracer, which
    # write what they found when the process ends as usual (bench/profile_build.py runs this very command).
    profile = tmp_path / "build.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "mkdocs", "build", "--strict",
                           "-q", "-f", str(repo_root / MINIMAL / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                          cwd=repo_root / MINIMAL, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "site/index.html").is_file()
    assert any("load_project" in name for _, _, name in pstats.Stats(str(profile)).stats)


def test_default_site_builds_with_strict(built_site):
    for page in ["index.html", "asiakaskeskus/index.html", "asiakaskeskus/palvelu-ja-laatu/index.html",
                 "asiakaskeskus/yhteystiedot/index.html", "ukk/index.html", "academy/index.html",
                 "status/index.html", "palvelutasot/index.html", "404.html", "sitemap.xml"]:
        assert (built_site / page).is_file(), f"{page} missing from the default site"
    assert h1_of((built_site / "index.html").read_text(encoding="utf-8"))


def test_default_site_loads_nothing_from_another_host(built_site):
    # The browser tests watch real requests; this also covers pages they do not open.
    remote = re.compile(r"""<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=["']?(?:https?:)?//"""
                        r"""|<link\b[^>]*\bhref=["']?(?:https?:)?//[^>]*>""", re.IGNORECASE)
    offenders = {}
    for page in built_site.rglob("*.html"):
        for tag in remote.findall(page.read_text(encoding="utf-8")):
            if 'rel="alternate"' not in tag and 'rel="canonical"' not in tag:
                offenders.setdefault(page.relative_to(built_site).as_posix(), []).append(tag)
    for sheet in built_site.rglob("*.css"):
        if re.search(r"""@import\s+url\(["']?https?:|url\(["']?(?:https?:)?//""", sheet.read_text(encoding="utf-8")):
            offenders.setdefault(sheet.relative_to(built_site).as_posix(), []).append("remote url() in CSS")
    assert offenders == {}


def test_two_builds_with_the_same_source_date_epoch_are_byte_identical(repo_root, built_site, build_site, tmp_path,
                                                                       copy_tree):
    # The second build runs in a copy at another path and without the repo's .cache/, so that neither the
    # folder nor a warm or cold cache can show in the output; and in one process, where the first rendered every
    # other page in a second one (hooks/site.py: the default site has more than enough pages for it).
    clone = copy_tree(repo_root, tmp_path / "clone")
    again = tmp_path / "again"
    result = build_site(clone, again, env={"SUPPORTSITE_PROCESSES": "1"})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    first, second = digest(built_site), digest(again)
    assert sorted(first) == sorted(second), "the two builds made different files"
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == []


def test_a_fresh_clones_build_in_two_processes_gives_the_bytes_of_one_in_one(repo_root, build_site, tmp_path,
                                                                             copy_tree):
    # Without .cache/, a whole build shares more with its second core than the first analyses, the related choice
    # and Pagefind's files written beside the lexicons (hooks/knowledge.py), the status outputs of the second
    # language (hooks/status.py), our templates and the theme's compiled ahead (hooks/site.py): what it makes there
    # must be what one process makes.
    outputs = {}
    for processes in ("2", "1"):
        clone = copy_tree(repo_root, tmp_path / f"clone-{processes}")
        assert not (clone / ".cache").exists()
        outputs[processes] = tmp_path / f"site-{processes}"
        result = build_site(clone, outputs[processes], env={"SUPPORTSITE_PROCESSES": processes})
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr
    two, one = digest(outputs["2"]), digest(outputs["1"])
    assert sorted(two) == sorted(one), "the two builds made different files"
    assert sorted(name for name in two if two[name] != one[name]) == []


def test_a_broken_source_fails_with_its_message_and_leaves_the_previous_site(minimal_copy, build_site, tmp_path):
    site = tmp_path / "published"
    assert build_site(minimal_copy, site).returncode == 0
    before = digest(site)
    (minimal_copy / "content/ukk/rikki.md").write_text(
        "---\ntitle: Rikki\nteam: myynti\nproducts: [palvelu]\n---\n\nTeksti\n", encoding="utf-8")
    result = build_site(minimal_copy, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.findall(r"^ERROR\s+-\s+(.*)$", result.stderr, re.MULTILINE) == ["1 problem found in the site sources:"]
    assert "  content/ukk/rikki.md:3: team: unknown team (expected one of tuki, got 'myynti')\n" in result.stderr
    assert digest(site) == before
    assert not (tmp_path / "published.staging").exists(), "validation failed before anything was written"


def test_a_broken_synonyms_file_fails_the_build_and_the_check_and_leaves_the_previous_site(minimal_copy, build_site,
                                                                                           tmp_path):
    site = tmp_path / "published"
    assert build_site(minimal_copy, site).returncode == 0  # the minimal site has no synonyms file: no synonyms
    before = digest(site)
    (minimal_copy / "site_config/synonyms.yml").write_text(
        "groups:\n  - fi: [salasana, tunnussana]\n  - fi: [unohtunut salasana, passu]\n", encoding="utf-8")
    message = ("  site_config/synonyms.yml:3: groups[1].fi[0]: not one word (expected one word: letters and digits, "
               "no spaces or hyphens, got 'unohtunut salasana')\n")
    result = build_site(minimal_copy, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.findall(r"^ERROR\s+-\s+(.*)$", result.stderr, re.MULTILINE) == ["1 problem found in the site sources:"]
    assert message in result.stderr
    assert digest(site) == before
    assert not (tmp_path / "published.staging").exists(), "validation failed before anything was written"
    checked = supportsite_check(minimal_copy)
    assert (checked.returncode, checked.stdout) == (1, "")
    assert checked.stderr == "1 problem found in the site sources:\n" + message


def test_a_strict_warning_fails_the_build_and_leaves_the_previous_site(minimal_copy, build_site, tmp_path):
    site = tmp_path / "published"
    assert build_site(minimal_copy, site).returncode == 0
    before = digest(site)
    # A broken link in a page is refused before the build starts (tests/test_links.py); a nav entry is MkDocs' own.
    with (minimal_copy / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nnav:\n  - index.md\n  - ei-ole.md\n")
    result = build_site(minimal_copy, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "A reference to 'ei-ole.md' is included in the 'nav' configuration, which is not found" in result.stderr
    assert digest(site) == before


def test_a_fixed_source_builds_again_after_a_failure(minimal_copy, build_site, tmp_path):
    site = tmp_path / "published"
    broken = minimal_copy / "content/ukk/rikki.md"
    broken.write_text("---\ntitle: [Rikki\n---\n", encoding="utf-8")
    assert build_site(minimal_copy, site).returncode == 1
    assert not site.exists()
    broken.unlink()
    result = build_site(minimal_copy, site)
    assert result.returncode == 0, result.stderr
    assert (site / "ukk/salasanan-vaihto/index.html").is_file()


def supportsite_check(root: Path) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "supportsite"
    return subprocess.run([str(command), "check"], cwd=root, capture_output=True, text=True, check=False, timeout=120)


def test_check_passes_on_the_repository_and_the_minimal_site(repo_root):
    for root in (repo_root, repo_root / MINIMAL):
        result = supportsite_check(root)
        assert (result.returncode, result.stderr) == (0, ""), root
        assert re.fullmatch(r"OK: \d+ documents, site_config/support.yml and site_config/synonyms.yml are valid.\n", result.stdout)


def test_check_exits_1_on_a_broken_source(minimal_copy):
    (minimal_copy / "content/ukk/rikki.md").write_text("---\ntitle: Rikki\n---\n", encoding="utf-8")
    result = supportsite_check(minimal_copy / "content")  # found upwards from any folder of the site
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == "2 problems found in the site sources:"


def test_the_search_analysis_cache_changes_nothing_and_a_broken_one_is_ignored(minimal_copy, build_site, tmp_path):
    # A build keeps each page's analysis in .cache/ for the next one; a warm build, and one whose cache file was
    # cut short (a build killed while writing it), write the same site as the cold build.
    cold, warm, broken = tmp_path / "cold", tmp_path / "warm", tmp_path / "broken"
    assert build_site(minimal_copy, cold).returncode == 0
    cache = minimal_copy / ".cache" / "search-analysed.pickle"
    assert cache.is_file()
    assert build_site(minimal_copy, warm).returncode == 0
    cache.write_bytes(cache.read_bytes()[:20])
    result = build_site(minimal_copy, broken)
    assert result.returncode == 0, result.stderr

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    assert files(warm) == files(cold) == files(broken)
