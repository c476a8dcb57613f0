"""Partial builds: `mkdocs serve --dirty` renders only what changed, and `supportsite publish status` only the status
blog, yet each gives the bytes a full build of the same sources gives (the status outputs, for the latter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SOURCE_DATE_EPOCH, run_build
from trees import digest

pytestmark = pytest.mark.slow

DRIVER = Path(__file__).with_name("serve_driver.py")
FAQ = "content/ukk/arvonlisaveron-tasmaytys.md"
CHAPTER = "academy/manuals/asiakaskeskuksen-kayttoopas/02-asian-luokittelu.md"
NEWS = "academy/news/2026-09-22-asiakaskeskuksen-tapausnakyma-uudistui.md"
POST = "status/2026-11-16-akatemia-haku.md"
NEW_FAQ = "content/ukk/uusi-kysymys-esikatselussa.md"
NEW_INCIDENT = "status/2026-11-18-asiakaskeskus-ei-avaudu.md"
INCIDENT = """---
title: Asiakaskeskus ei avaudu
title_sv: Kundcentret öppnas inte
kind: incident
impact: major
components:
  asiakaskeskus: major_outage
updates:
  - at: 2026-11-18T11:00:00+02:00
    status: investigating
    text: Selvitämme, miksi asiakaskeskus ei avaudu.
    text_sv: Vi utreder varför kundcentret inte öppnas.
---
"""
SV_FAQ = "content/ukk/arvonlisaveron-tasmaytys.sv.md"  # the translation of FAQ
SV_CHAPTER = CHAPTER.replace(".md", ".sv.md")


def differences(full: Path, partial: Path) -> list[str]:
    a, b = digest(full), digest(partial)
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))


@pytest.fixture
def project(repo_root: Path, tmp_path: Path, copy_tree) -> Path:
    return copy_tree(repo_root, tmp_path / "project")


def edited(root: Path, path: str, old: str, new: str) -> dict[str, str]:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}: choose another edit"
    return {path: text.replace(old, new, 1)}


def test_each_partial_rebuild_equals_a_full_build_of_the_same_sources(project, tmp_path):
    body_line = "\n\nLisäksi kannattaa tarkistaa kuukauden raportti ennen täsmäytystä.\n"
    edits = [
        {FAQ: (project / FAQ).read_text(encoding="utf-8") + body_line},  # an article's body
        {**{CHAPTER: (project / CHAPTER).read_text(encoding="utf-8") + "\n\nUusi kappale luvun loppuun.\n"},
         **edited(project, POST, "Haku löytää taas kaikki käsikirjat.",
                  "Haku löytää taas kaikki käsikirjat ja luvut.")},  # a chapter and a status post's update
        {NEWS: (project / NEWS).read_text(encoding="utf-8") + "\n\nLue lisää Akatemiasta.\n"},  # a news post
        edited(project, FAQ, "title: ", "title: Päivitetty ohje "),  # a title: the lists that show it
        {NEW_FAQ: (project / FAQ).read_text(encoding="utf-8").replace("title: ", "title: Uusi kysymys ", 1)},
        {NEW_FAQ: None},  # deleted again: no list, related article or search result may keep it
        {"site_config/support.yml": (project / "site_config/support.yml").read_text(encoding="utf-8") + "\n# x\n"},
        {SV_FAQ: (project / SV_FAQ).read_text(encoding="utf-8") + "\n\nKontrollera också månadsrapporten.\n"},
        # a status post's title: the status pages that list the post show it
        edited(project, POST, "title: SoftOne Akatemian haku", "title: Korjattu – SoftOne Akatemian haku"),
        # a chapter's title (its manual's contents, the chapters beside it, the one-page view show it)
        edited(project, SV_CHAPTER, "title: Beskriva och kategorisera", "title: Beskriv och kategorisera"),
        # a news post's title and one tag fewer (the news index, the product and topic pages list it)
        {NEWS: edited(project, NEWS, "title: Asiakaskeskuksen tapausnäkymä uudistui\n",
                      "title: Uudistunut tapausnäkymä\n")[NEWS].replace("tags: [asiakaskeskus, tapaus, seuranta]",
                                                                           "tags: [asiakaskeskus, tapaus]")},
        {NEW_INCIDENT: INCIDENT},  # a new incident: every page's banner shows it
    ]
    out = tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, str(DRIVER), str(project), str(tmp_path / "site"), str(out),
                           json.dumps(edits)], cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    steps = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [s["step"] for s in steps] == list(range(13))
    total = sum(1 for _ in (out / "site-0").rglob("index.html"))
    # The first build renders everything; a body edit renders its page and the generated lists (the tag pages are
    # most of them here), not the other written pages, and so does an article's, chapter's or news post's front
    # matter (the lists that show it); a page more (but a status post) or less, or the configuration reach every
    # page: everything.
    # A new status post renders the status pages; the banner it adds is exchanged in every other page's file.
    assert all(steps[i]["rendered"] is None for i in (0, 5, 6, 7))
    for step in [*steps[1:5], steps[8], *steps[10:]]:  # 8: a translation's body
        assert step["rendered"] is not None and step["rendered"] < total - 40, step
    assert NEW_INCIDENT in steps[12]["status_rendered"]
    # A status post's change is served first on its own (the status pages, feeds and JSON), the rest follows; no
    # other change is.
    assert [i for i, s in enumerate(steps) if s["status_first"]] == [2, 9, 12]
    assert NEW_INCIDENT in steps[12]["status_first"] and not any(
        uri.startswith(("ukk/", "academy/")) for uri in steps[12]["status_first"])
    assert "ja luvut." in (out / "site-2-status-first/status/2026-11-16-akatemia-haku/index.html").read_text(
        encoding="utf-8")
    for page in ("status/index.html", "status/history.atom", "status/current.json"):
        assert "Asiakaskeskus ei avaudu" in (out / "site-12-status-first" / page).read_text(encoding="utf-8"), page
    # The status pages are rendered again when what they show of the posts changes, not with every build.
    assert steps[1]["status_rendered"] == [] and steps[3]["status_rendered"] == []
    assert steps[2]["status_rendered"] == [POST, POST.replace(".md", ".sv.md")]  # an update's text: its post only
    assert {POST, "status/history/2026-11/index.md", "status/index.md"} <= set(steps[9]["status_rendered"]), steps[9]
    for step in range(1, 13):
        full = tmp_path / f"full-{step}"
        result = run_build(out / f"src-{step}", full)
        assert result.returncode == 0, result.stderr
        assert differences(full, out / f"site-{step}") == [], f"step {step}: the partial build differs"
    # What changed did reach the pages.
    assert "kuukauden raportti ennen täsmäytystä" in (out / "site-1/ukk/arvonlisaveron-tasmaytys/index.html").read_text(
        encoding="utf-8")
    assert "ja luvut." in (out / "site-2/status/2026-11-16-akatemia-haku/index.html").read_text(encoding="utf-8")
    assert "Kontrollera också månadsrapporten." in (
        out / "site-8/sv/ukk/arvonlisaveron-tasmaytys/index.html").read_text(encoding="utf-8")
    assert "Päivitetty ohje" in (out / "site-4/ukk/index.html").read_text(encoding="utf-8")
    assert "Beskriv och kategorisera" in (
        out / "site-10/sv/academy/manuals/asiakaskeskuksen-kayttoopas/index.html").read_text(encoding="utf-8")
    assert "Uudistunut tapausnäkymä" in (out / "site-11/academy/news/index.html").read_text(encoding="utf-8")
    assert "Uudistunut tapausnäkymä" not in (out / "site-11/ukk/aiheet/seuranta/index.html").read_text(encoding="utf-8")


def supportsite(project: Path, *args: str, processes: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH), "NO_MKDOCS_2_WARNING": "1",
           "SUPPORTSITE_PROCESSES": processes}
    command = [str(Path(sys.executable).with_name("supportsite")), "--root", str(project), *args]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)


STATUS_OUTPUTS = ("status/", "api/", "sv/status/")  # the Swedish status pages and feeds are the blog's as well


# "2": the Swedish status outputs are made in a second process, as they are from 100 posts on (hooks/status.py).
@pytest.mark.parametrize("processes", ["1", "2"])
def test_publish_status_swaps_in_what_a_full_build_gives_the_status_blog_and_leaves_the_rest(project, tmp_path,
                                                                                              processes):
    assert run_build(project, project / "site").returncode == 0
    before = digest(project / "site")
    made = supportsite(project, "new", "incident", "--title", "Kirjautuminen ei onnistu <script>alert(1)</script>",
                       "--title-sv", "Det går inte att logga in", "--component", "kirjautuminen", "--impact", "major",
                       "--message", "Selvitämme ongelmaa.", "--at", "2026-11-18T13:30:00+02:00")
    assert made.returncode == 0, made.stderr
    published = supportsite(project, "publish", "status", processes=processes)
    assert published.returncode == 0, published.stderr
    assert "publish status: site updated" in published.stdout

    after = digest(project / "site")
    full = tmp_path / "full"
    assert run_build(project, full).returncode == 0
    expected = digest(full)
    # The status blog's outputs (its pages, history, feeds, API, calendars, current.json, the new post) are those of
    # a full build; the posts published before keep their pages, whose banner the browser updates from current.json.
    # The same holds for their Swedish pages, generated from the posts: rendered again with their post only.
    old_posts = {f"{language}status/{p.stem}/index.html" for p in (project / "status").glob("2*.md")
                 for language in ("", "sv/")} - {p for p in expected if "kirjautuminen-ei-onnistu" in p}
    status_paths = {p for p in expected if p.startswith(STATUS_OUTPUTS) and p not in old_posts}
    assert any("kirjautuminen-ei-onnistu" in p for p in status_paths)
    assert {p: after.get(p) for p in status_paths} == {p: expected[p] for p in status_paths}, \
        "the status pages, feeds, API and calendars are those of a full build"
    live = json.loads((project / "site/status/current.json").read_text(encoding="utf-8"))
    assert [p["title"] for p in live["banner"]][:1] == ["Kirjautuminen ei onnistu <script>alert(1)</script>"]
    live = json.loads((project / "site/sv/status/current.json").read_text(encoding="utf-8"))
    assert [p["title"] for p in live["banner"]][:1] == ["Det går inte att logga in"]
    assert any(p.startswith("sv/status/2026-11-18-kirjautuminen-ei-onnistu") for p in status_paths)
    # Every other page is the published one (its banner is updated in the browser from status/current.json).
    others = {p for p in before if p not in status_paths and p not in ("sitemap.xml", "sitemap.xml.gz")}
    assert old_posts <= others
    assert {p: after.get(p) for p in others} == {p: before[p] for p in others}
    assert after["sitemap.xml"] == expected["sitemap.xml"], "the new post is in the sitemap"
    # Published again: the site before the last one is removed once the new one is in (not while it is made).
    assert supportsite(project, "publish", "status", processes=processes).returncode == 0
    assert digest(project / "site") == after and digest(project / "site.previous") == after
    deadline = time.monotonic() + 60
    while any(project.glob("site.removing-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(p.name for p in project.glob("site*")) == ["site", "site.previous", "site_config"]


def test_publish_status_keeps_the_site_when_a_post_is_broken(project):
    assert run_build(project, project / "site").returncode == 0
    before = digest(project / "site")
    (project / "status/2026-11-20-rikki.md").write_text("---\ntitle: Rikki\nkind: incident\n---\n", encoding="utf-8")
    published = supportsite(project, "publish", "status")
    assert published.returncode == 1
    assert "status/2026-11-20-rikki.md" in published.stderr and "site is as it was" in published.stderr
    assert digest(project / "site") == before


def test_publish_status_needs_a_built_site_inside_the_repository(project, tmp_path):
    missing = supportsite(project, "publish", "status")
    assert missing.returncode == 1 and "no built site there" in missing.stderr
    outside = supportsite(project, "publish", "status", "--site-dir", str(tmp_path))
    assert outside.returncode == 2 and "leads outside the repository" in outside.stderr


def test_a_whole_build_links_the_published_search_index_only_when_it_is_the_one_its_pages_give(project, tmp_path):
    site, previous = tmp_path / "site", tmp_path / "site.previous"
    entry = "pagefind/pagefind-entry.json"

    def build(into: Path = site) -> dict[str, str]:
        result = run_build(project, into)
        assert result.returncode == 0, result.stderr[-3000:]
        return digest(into)

    build()
    assert (project / ".cache/search-index.json").is_file()
    # A status post changes (the status blog is not searched): the next whole build links the published index.
    post = project / POST
    post.write_text(post.read_text(encoding="utf-8").replace("Haku löytää taas kaikki käsikirjat.",
                                                             "Haku löytää taas kaikki käsikirjat ja luvut."),
                    encoding="utf-8")
    linked = build()
    assert (site / entry).stat().st_ino == (previous / entry).stat().st_ino
    assert linked == build(tmp_path / "fresh")  # another folder: no index of its own recorded, so made anew
    # Each folder keeps its record (`make serve`'s folder and site/, say): site/'s index is linked again.
    assert build() == linked and (site / entry).stat().st_ino == (previous / entry).stat().st_ino
    # An article changes: its index is made anew, as a build without any record makes it.
    faq = project / FAQ
    faq.write_text(faq.read_text(encoding="utf-8") + "\n\nTäsmäytysraportti löytyy myös kuukausinäkymästä.\n",
                   encoding="utf-8")
    remade = build()
    assert (site / entry).stat().st_ino != (previous / entry).stat().st_ino
    assert remade != linked
    # A published index with a file missing is not taken: the build makes the whole index again.
    fragment = next((site / "pagefind/fragment").iterdir())
    fragment.unlink()
    assert build() == remade
    assert (site / "pagefind/fragment" / fragment.name).is_file()
    assert remade == build(tmp_path / "fresh-2")
