"""`supportsite new incident|update|maintenance`: the files they write, what they refuse, and a build that reads them back."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from hooks.cli import main as supportsite

SITE = Path("tests/sites/status")
PINNED = "1795003200"  # 2026-11-18 12:00 UTC, 14:00 in Helsinki


@pytest.fixture
def site(tmp_path: Path, repo_root: Path, copy_tree, monkeypatch) -> Path:
    """The status test site copied to ``tmp/tests/sites/status`` with ``tmp/hooks`` pointing at the real hooks."""
    copy = copy_tree(repo_root / SITE, tmp_path / SITE)
    (tmp_path / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED)
    return copy


def run(site: Path, *args: str) -> int:
    return supportsite(["--root", str(site), "new", *args])


def test_new_incident_writes_a_named_file_with_a_first_investigating_update(site, capsys):
    assert run(site, "incident", "--title", "Kirjautuminen hidastui: tutkitaan", "--component", "kirjautuminen",
               "--component", "sovellus=partial_outage", "--impact", "minor", "--message", "Kirjautuminen on hidasta.") == 0
    path = "status/2026-11-18-kirjautuminen-hidastui-tutkitaan.md"
    assert capsys.readouterr().out == path + "\n"
    assert (site / path).read_text(encoding="utf-8") == (
        "---\n"
        'title: "Kirjautuminen hidastui: tutkitaan"\n'
        "kind: incident\n"
        "impact: minor\n"
        "components:\n"
        "  kirjautuminen: degraded_performance\n"
        "  sovellus: partial_outage\n"
        "updates:\n"
        "  - at: 2026-11-18T14:00:00+02:00\n"  # now, in the site's time zone, when --at is omitted
        "    status: investigating\n"
        "    text: Kirjautuminen on hidasta.\n"
        "---\n"
    )
    # The same title again gets a name of its own.
    assert run(site, "incident", "--title", "Kirjautuminen hidastui: tutkitaan", "--component", "kirjautuminen",
               "--impact", "major", "--message", "Toinen.", "--at", "2026-11-18T14:05:00+02:00") == 0
    assert capsys.readouterr().out == "status/2026-11-18-kirjautuminen-hidastui-tutkitaan-2.md\n"


def test_new_update_appends_and_keeps_every_other_byte(site, capsys):
    post = site / "status/2026-11-18-puhelinhairio.md"
    before = post.read_text(encoding="utf-8")
    assert run(site, "update", str(post), "--status", "resolved", "--message", "Puhelut toimivat.\n\nKiitos kärsivällisyydestä!",
               "--at", "2026-11-18T13:55:00+02:00") == 0
    assert capsys.readouterr().out == "status/2026-11-18-puhelinhairio.md\n"
    added = (
        "  - at: 2026-11-18T13:55:00+02:00\n"
        "    status: resolved\n"
        "    text: |-\n"
        "      Puhelut toimivat.\n"
        "\n"
        "      Kiitos kärsivällisyydestä!\n"
    )
    end = before.index("---\n", 4)
    assert post.read_text(encoding="utf-8") == before[:end] + added + before[end:]


def test_new_update_refuses_what_the_check_would_refuse_and_leaves_the_file_alone(site, capsys):
    post = site / "status/2026-10-01-kirjautumiskatko.md"
    before = post.read_bytes()
    assert run(site, "update", str(post), "--status", "monitoring", "--message", "Vielä.", "--at", "2026-10-02T10:00:00+03:00") == 1
    assert capsys.readouterr().err == (
        "1 problem found in the site sources:\n"
        "  status/2026-10-01-kirjautumiskatko.md:21: updates[3]: update after resolution (expected no update after "
        "updates[2] (resolved), got 'monitoring')\n"
    )
    assert post.read_bytes() == before
    assert run(site, "update", str(site / "status/2026-11-18-puhelinhairio.md"), "--status", "completed", "--message", "x") == 1
    assert "updates[2].status: state does not belong to a incident (expected one of investigating, identified, " \
           "monitoring, resolved, got 'completed')" in capsys.readouterr().err
    assert run(site, "update", str(site / "status/2026-11-18-puhelinhairio.md"), "--status", "monitoring", "--message", "x",
               "--at", "2026-11-18T12:00:00") == 1
    assert capsys.readouterr().err == (
        "1 problem found in the site sources:\n"
        "  command line: --at: timestamp without UTC offset (expected a date and time with a UTC offset, such as "
        "2026-10-14T09:12:00+03:00, got '2026-11-18T12:00:00')\n"
    )


def test_new_maintenance_writes_the_window_and_refuses_a_reversed_one(site, capsys):
    assert run(site, "maintenance", "--title", "Tietokantapäivitys", "--component", "sovellus", "--start",
               "2026-12-05T22:00:00+02:00", "--end", "2026-12-06T01:00:00+02:00", "--message", "Päivitämme tietokannan.") == 0
    path = capsys.readouterr().out.strip()
    assert path == "status/2026-11-18-tietokantapaivitys.md"
    assert (site / path).read_text(encoding="utf-8") == (
        "---\n"
        "title: Tietokantapäivitys\n"
        "kind: maintenance\n"
        "impact: none\n"
        "components:\n"
        "  sovellus: under_maintenance\n"
        "scheduled:\n"
        "  start: 2026-12-05T22:00:00+02:00\n"
        "  end: 2026-12-06T01:00:00+02:00\n"
        "updates:\n"
        "  - at: 2026-11-18T14:00:00+02:00\n"
        "    status: scheduled\n"
        "    text: Päivitämme tietokannan.\n"
        "---\n"
    )
    assert run(site, "maintenance", "--title", "Väärin päin", "--component", "sovellus", "--start",
               "2026-12-05T22:00:00+02:00", "--end", "2026-12-05T21:00:00+02:00", "--message", "x") == 1
    assert capsys.readouterr().err == (
        "1 problem found in the site sources:\n"
        "  status/2026-11-18-vaarin-pain.md:9: scheduled.end: maintenance ends before it starts (expected a time after "
        "the start 2026-12-05T22:00:00+02:00, got 2026-12-05T21:00:00+02:00)\n"
    )
    assert not (site / "status/2026-11-18-vaarin-pain.md").exists()  # nothing left that would stop the build


@pytest.mark.slow
def test_written_posts_build_and_read_back(site, build_site, tmp_path, capsys):
    assert run(site, "incident", "--title", "Sovellus ei vastaa", "--component", "sovellus", "--impact", "critical",
               "--message", "Sovellus ei vastaa.", "--at", "2026-11-18T13:10:00+02:00") == 0
    post = site / capsys.readouterr().out.strip()
    assert run(site, "update", str(post), "--status", "identified", "--message", "Syy löytyi.", "--at",
               "2026-11-18T13:20:00+02:00") == 0
    assert run(site, "maintenance", "--title", "Joulukuun huolto", "--component", "kirjautuminen", "--start",
               "2026-12-05T22:00:00+02:00", "--end", "2026-12-06T01:00:00+02:00", "--message", "Huolto.") == 0
    capsys.readouterr()
    out = tmp_path / "built"
    result = build_site(site, out)
    assert result.returncode == 0, result.stderr
    unresolved = json.loads((out / "status/api/v2/incidents/unresolved.json").read_text(encoding="utf-8"))["incidents"]
    mine = next(i for i in unresolved if i["id"] == "2026-11-18-sovellus-ei-vastaa")
    assert (mine["status"], mine["impact"], [u["body"] for u in mine["incident_updates"]]) == (
        "identified", "critical", ["Syy löytyi.", "Sovellus ei vastaa."])
    assert json.loads((out / "status/api/v2/status.json").read_text(encoding="utf-8"))["status"]["indicator"] == "critical"
    upcoming = json.loads((out / "status/api/v2/scheduled-maintenances/upcoming.json").read_text(encoding="utf-8"))
    assert "2026-11-18-joulukuun-huolto" in [m["id"] for m in upcoming["scheduled_maintenances"]]
    page = (out / "status/2026-11-18-sovellus-ei-vastaa/index.html").read_text(encoding="utf-8")
    assert "Syy löytyi." in page and "18.11.2026 klo 13.20 EET" in page
    feed = feedparser.parse((out / "status/history.atom").read_bytes())
    assert [(e.title, e.updated) for e in feed.entries[:2]] == [
        ("Joulukuun huolto", "2026-11-18T14:00:00+02:00"), ("Sovellus ei vastaa", "2026-11-18T13:20:00+02:00")]
    assert "Sovellus ei vastaa" in (out / "index.html").read_text(encoding="utf-8")  # the banner on every page


def test_the_swedish_texts_are_written_beside_the_finnish_and_published_under_sv(site, build_site, tmp_path, capsys):
    assert run(site, "incident", "--title", "Sovellus ei vastaa", "--title-sv", "Appen svarar inte: vi utreder",
               "--component", "sovellus", "--impact", "critical", "--message", "Sovellus ei vastaa.",
               "--message-sv", "Appen svarar inte.", "--at", "2026-11-18T13:10:00+02:00") == 0
    path = capsys.readouterr().out.strip()
    assert (site / path).read_text(encoding="utf-8") == (
        "---\n"
        "title: Sovellus ei vastaa\n"
        'title_sv: "Appen svarar inte: vi utreder"\n'
        "kind: incident\n"
        "impact: critical\n"
        "components:\n"
        "  sovellus: major_outage\n"
        "updates:\n"
        "  - at: 2026-11-18T13:10:00+02:00\n"
        "    status: investigating\n"
        "    text: Sovellus ei vastaa.\n"
        "    text_sv: Appen svarar inte.\n"
        "---\n"
    )
    assert run(site, "update", str(site / path), "--status", "identified", "--message", "Syy löytyi.",
               "--message-sv", "Orsaken har\nhittats.", "--at", "2026-11-18T13:20:00+02:00") == 0
    assert (site / path).read_text(encoding="utf-8").endswith(
        "    text: Syy löytyi.\n    text_sv: |-\n      Orsaken har\n      hittats.\n---\n")
    assert run(site, "update", str(site / path), "--status", "monitoring", "--message", "Seuraamme.",
               "--at", "2026-11-18T13:30:00+02:00") == 0  # no Swedish yet: the Swedish pages show the Finnish
    assert run(site, "maintenance", "--title", "Huolto", "--title-sv", "Underhåll", "--component", "kirjautuminen",
               "--start", "2026-12-05T22:00:00+02:00", "--end", "2026-12-06T01:00:00+02:00", "--message", "Huolto.",
               "--message-sv", "Underhåll.") == 0
    assert "title_sv: Underhåll\n" in (site / capsys.readouterr().out.strip().splitlines()[-1]).read_text(encoding="utf-8")
    out = tmp_path / "built"
    result = build_site(site, out)
    assert result.returncode == 0, result.stderr
    page = (out / "sv/status/2026-11-18-sovellus-ei-vastaa/index.html").read_text(encoding="utf-8")
    assert "Appen svarar inte: vi utreder" in page and "<p>Orsaken har\nhittats.</p>" in page
    assert '<div class="status-timeline__text" lang="fi"><p>Seuraamme.</p></div>' in page
    feed = feedparser.parse((out / "sv/status/history.atom").read_bytes())
    assert feed.feed.language == "sv"
    assert "Appen svarar inte: vi utreder" in [e.title for e in feed.entries]
    # The status API stays in Finnish: Statuspage's clients cannot ask for a language.
    unresolved = json.loads((out / "api/v2/incidents/unresolved.json").read_text(encoding="utf-8"))["incidents"]
    assert "Sovellus ei vastaa" in [i["name"] for i in unresolved]


def test_new_update_can_change_component_impacts(site, capsys):
    post = site / "status/2026-11-18-puhelinhairio.md"
    assert run(site, "update", str(post), "--status", "monitoring", "--message", "Seurataan.", "--component",
               "puhelin=degraded_performance", "--at", "2026-11-18T13:50:00+02:00") == 0
    assert post.read_text(encoding="utf-8").endswith(
        "  - at: 2026-11-18T13:50:00+02:00\n"
        "    status: monitoring\n"
        "    text: Seurataan.\n"
        "    components:\n"
        "      puhelin: degraded_performance\n"
        "---\n"
    )
    assert run(site, "update", str(post), "--status", "monitoring", "--message", "x", "--component", "sovellus=operational",
               "--at", "2026-11-18T13:55:00+02:00") == 1
    assert "updates[3].components.sovellus: component not listed in the post's components (expected one of puhelin, " \
           "got 'sovellus')" in capsys.readouterr().err


# --- the writer commands write into status/ and nowhere else ---------------------------------------

UPDATE = ("--status", "resolved", "--message", "Korjattu.", "--at", "2026-11-18T13:55:00+02:00")


def refused(site: Path, shown: str, got: str) -> str:
    folder = site.resolve() / "status"
    return ("1 problem found in the site sources:\n"
            f"  {shown}: not a status post (expected a .md file under {folder}/ other than index.md, got {got})\n")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("where", ["content/ukk/tila.md", "tila.md", "status.md", "status/tila.txt", "status/index.md",
                                   "../muualla/tila.md"])
def test_new_update_refuses_a_status_shaped_file_outside_status(site, capsys, where):
    post = site / "status/2026-11-18-puhelinhairio.md"
    target = site / where
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(post.read_bytes())
    before = snapshot(site.parent)
    assert run(site, "update", str(target), *UPDATE) == 1
    assert capsys.readouterr().err == refused(site, str(target), str(target.resolve()))
    assert snapshot(site.parent) == before  # nothing written, anywhere


def test_new_update_refuses_a_link_in_status_that_leads_out(site, tmp_path, capsys):
    outside = tmp_path / "muualla.md"
    outside.write_bytes((site / "status/2026-11-18-puhelinhairio.md").read_bytes())
    before = outside.read_bytes()
    link = site / "status/linkki.md"
    link.symlink_to(outside)
    assert run(site, "update", str(link), *UPDATE) == 1
    assert capsys.readouterr().err == refused(site, str(link), f"a link to {outside.resolve()}")
    assert outside.read_bytes() == before


def test_new_update_takes_a_path_from_the_current_folder_and_follows_links_inside_status(site, capsys, monkeypatch):
    (site / "status/lyhyt.md").symlink_to("2026-11-18-puhelinhairio.md")
    monkeypatch.chdir(site / "status")
    assert run(site, "update", "lyhyt.md", *UPDATE) == 0
    assert capsys.readouterr().out == "status/2026-11-18-puhelinhairio.md\n"  # the file written, by its own name
    assert (site / "status/lyhyt.md").is_symlink()
    assert run(site, "update", "../content/index.md", *UPDATE) == 1
    assert capsys.readouterr().err == refused(site, "../content/index.md", str(site.resolve() / "content/index.md"))


@pytest.mark.parametrize("what", ["incident", "maintenance"])
def test_new_posts_are_never_written_through_a_status_folder_that_leads_out(site, tmp_path, capsys, what):
    elsewhere = tmp_path / "muualla"
    elsewhere.mkdir()
    (site / "status").rename(tmp_path / "vanha-status")
    (site / "status").symlink_to(elsewhere, target_is_directory=True)
    args = {"incident": ["--impact", "minor"],
            "maintenance": ["--start", "2026-12-05T22:00:00+02:00", "--end", "2026-12-06T01:00:00+02:00"]}[what]
    assert run(site, what, "--title", "Katko", "--component", "sovellus", *args, "--message", "x") == 1
    name = "status/2026-11-18-katko.md"
    assert capsys.readouterr().err == refused(site, name, f"a link to {elsewhere.resolve() / '2026-11-18-katko.md'}")
    assert list(elsewhere.iterdir()) == []


def test_a_new_post_never_follows_a_link_that_has_its_name(site, tmp_path, capsys):
    # The free name is looked for among links too: a dangling link named like the post is never written through.
    trap = tmp_path / "ansa.md"
    (site / "status/2026-11-18-katko.md").symlink_to(trap)
    assert run(site, "incident", "--title", "Katko", "--component", "sovellus", "--impact", "minor", "--message", "x") == 0
    assert capsys.readouterr().out == "status/2026-11-18-katko-2.md\n"
    assert not trap.exists()


def test_root_is_resolved_before_anything_is_written(site, tmp_path, capsys, monkeypatch):
    alias = tmp_path / "alias"
    alias.symlink_to(site, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    assert supportsite(["--root", "alias", "new", "incident", "--title", "Katko", "--component", "sovellus",
                        "--impact", "minor", "--message", "x"]) == 0
    assert capsys.readouterr().out == "status/2026-11-18-katko.md\n"
    assert (site / "status/2026-11-18-katko.md").is_file()
    assert supportsite(["--root", "alias", "new", "update", "alias/status/2026-11-18-katko.md", "--status", "resolved",
                        "--message", "Korjattu.", "--at", "2026-11-18T14:30:00+02:00"]) == 0
    assert capsys.readouterr().out == "status/2026-11-18-katko.md\n"
