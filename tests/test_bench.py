"""The benchmark keeps working: the corpus generator writes a valid, deterministic site, build_speed measures it (tiny size)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hooks.core.content import load_project

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402  (bench/ holds scripts, not a package)

JSON_KEYS = {
    "pages", "runs", "supportsite_s", "material_s", "ratio", "ratio_paired", "supportsite_peak_mib", "material_peak_mib",
    "supportsite_site", "material_site", "faq_page", "supportsite_faq_page_bytes", "material_faq_page_bytes",
    "supportsite_search", "material_search", "check_s", "check_share_of_build", "supportsite_ok", "material_ok",
    "machine", "supportsite_cold_s", "supportsite_cpu_s", "material_cpu_s", "supportsite_cold_cpu_s",
}


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for folder in ("content", "academy", "status") for p in sorted((root / folder).rglob("*.md"))}


def test_corpus_validates_against_our_schemas_with_every_kind(tmp_path):
    manifest = corpus.generate(tmp_path / "c", 60)
    project = load_project(tmp_path / "c")
    generated = [d for d in project.documents() if d.path.endswith(tuple(f"-{i:05d}.md" for i in range(60)))]
    assert manifest["generated"] == 60
    assert len(generated) == manifest["counts"]["faq"] > 0
    assert len([m for m in project.manuals if "-kasikirja-" in m.path]) == manifest["counts"]["manuals"] > 0
    assert sum(len(m.chapters) for m in project.manuals if "-kasikirja-" in m.path) == manifest["counts"]["chapters"]
    posts = [p for p in project.posts if p.path.endswith(tuple(f"-{i:04d}.md" for i in range(60)))]
    assert len(posts) == manifest["counts"]["status"] > 0
    assert all(u.at.tzinfo is not None for p in posts for u in p.updates)
    assert all([u.at for u in p.updates] == sorted(u.at for u in p.updates) for p in posts)


def test_corpus_is_the_same_on_every_run_and_item_zero_the_same_at_every_size(tmp_path):
    first = corpus.generate(tmp_path / "a", 40)
    corpus.generate(tmp_path / "b", 40)
    bigger = corpus.generate(tmp_path / "c", 120)
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    assert first["probe_faq"] == bigger["probe_faq"]
    probe = first["probe_faq"]
    assert (tmp_path / "a" / probe).read_bytes() == (tmp_path / "c" / probe).read_bytes()


def test_corpus_without_translations_has_the_same_finnish_pages_and_no_swedish_one(tmp_path):
    whole = corpus.generate(tmp_path / "a", 60)
    finnish = corpus.generate(tmp_path / "b", 60, translations=False)
    sources = files_of(tmp_path / "a")
    assert whole["counts"]["swedish_faq"] > 0 and any(p.endswith(".sv.md") for p in sources)
    assert finnish["counts"]["swedish_faq"] == 0
    assert files_of(tmp_path / "b") == {p: text for p, text in sources.items() if not p.endswith(".sv.md")}
    project = load_project(tmp_path / "b")
    assert project.documents() and not [d.path for d in project.documents() if ".sv." in d.path]


def test_material_twin_has_the_same_markdown_no_hooks_and_stock_search(tmp_path):
    root = tmp_path / "c"
    corpus.generate(root, 30)
    twin = corpus.bare_material(root, "stock")

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, tag, node: None)
    config = yaml.load((twin / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    assert "hooks" not in config and "custom_dir" not in config["theme"]
    assert {"search": {"lang": "fi"}} in config["plugins"]
    ours = files_of(root)
    theirs = {p.relative_to(twin / "docs").as_posix(): p.read_bytes() for p in sorted((twin / "docs").rglob("*.md"))}
    assert {("content/" + k if not k.startswith(("academy/", "status/")) else k): v for k, v in theirs.items()} == ours


@pytest.mark.slow
def test_build_speed_prints_one_json_object_with_both_builds_succeeding(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCH / "build_speed.py"), "--pages", "30", "--runs", "1", "--json", "--no-settle",
         "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert JSON_KEYS <= result.keys()
    assert result["pages"] == 30 and result["runs"] == 1
    assert result["supportsite_ok"] and result["material_ok"] and result["supportsite_cold_ok"] and result["check_ok"], result
    assert result["supportsite_faq_page_bytes"] > 0 and result["material_faq_page_bytes"] > 0
    assert min(result["supportsite_cpu_s"], result["material_cpu_s"], result["supportsite_cold_cpu_s"]) > 0
    assert result["supportsite_site"]["html_files"] >= 30 and result["material_site"]["html_files"] >= 30
    assert result["material_search"]["engine"] == "material"
    assert result["supportsite_search"] is not None
    # the machine's load is recorded, and a run is judged quiet or not from it
    assert result["load_before"]["cpus"] == result["load_after"]["cpus"] == os.cpu_count()
    assert len(result["load_before"]["load"]) == 3 and isinstance(result["quiet"], bool)


def test_build_phases_reports_where_a_published_builds_seconds_went(tmp_path):
    # The build ends at once after its exit handlers once its site is in (hooks/site.py): the figures must come
    # all the same, from the measured runs, for the whole build and for each of our hook modules.
    done = subprocess.run(
        [sys.executable, str(BENCH / "build_phases.py"), "--pages", "30", "--runs", "1", "--cold", "--json",
         "--no-settle", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seconds = json.loads(done.stdout)["seconds"]
    assert seconds["process (after interpreter start)"] >= seconds["build() in all"] > 0
    assert seconds["Markdown (Markdown.convert)"] > 0  # cold: every page converted
    assert any(key.startswith("event files: hooks/knowledge.py") for key in seconds), sorted(seconds)


def test_build_phases_beside_material_compares_the_stages_of_both_builds(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCH / "build_phases.py"), "--pages", "30", "--runs", "1", "--cold", "--json",
         "--no-settle", "--beside-material", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert (tmp_path / "phases-30" / "material-phases-site" / "index.html").is_file()  # the twin, built beside it
    # The same stages of MkDocs' build in both, one after the other, adding up to the whole process (a stage whose
    # marks were missing or out of order would not).
    for stages in (result["stages"], result["material_stages"]):
        *parts, whole = stages.items()
        assert [name for name, _ in parts] == [name for name, _ in result["stages"].items()][:-1]
        assert len(parts) == 6 and all(value > 0 for _, value in parts), stages
        assert whole[0] == "the whole process" and abs(sum(value for _, value in parts) - whole[1]) < 0.005


def test_ab_builds_a_commit_this_tree_and_bare_material_in_rounds_and_leaves_no_worktree(tmp_path):
    """Against a commit whose corpus is the same, both trees build one folder, its hooks link switched between them
    (and left on this tree's)."""
    done = subprocess.run(
        [sys.executable, str(BENCH / "ab.py"), "--against", "HEAD", "--pages", "30", "--runs", "2", "--json",
         "--no-settle", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert sorted(result["seconds"]) == ["a", "b", "m"]
    assert all(len(times) == 2 and min(times) > 0 for times in result["seconds"].values())
    assert result["paired_over_material"]["a"] > 0 and result["b_over_a"] > 0
    assert all(len(seconds) == 2 and min(seconds) > 0 for seconds in result["processor_seconds"].values())
    listed = subprocess.run(["git", "worktree", "list"], cwd=REPO, capture_output=True, text=True).stdout
    assert str(tmp_path) not in listed
    assert result["one_corpus"] and not (tmp_path / "a-30").exists()
    assert (tmp_path / "b-30" / "hooks").resolve() == (REPO / "hooks").resolve()
    assert (tmp_path / "b-30" / "_site-a" / "index.html").is_file() and (tmp_path / "b-30" / ".cache-a").is_dir()


def test_ab_refuses_a_work_folder_another_run_holds(tmp_path):
    """A second run in the same folder would switch the first one's hooks link and caches between its builds: it
    stops at once, says why, and leaves the folder as it was (no worktree, no corpus)."""
    import fcntl

    with (tmp_path / ".ab.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the run already under way holds it
        done = subprocess.run(
            [sys.executable, str(BENCH / "ab.py"), "--against", "HEAD", "--pages", "30", "--runs", "1", "--no-settle",
             "--work", str(tmp_path)],
            capture_output=True, text=True, timeout=120,
        )
    assert done.returncode != 0
    assert f"another run is using {tmp_path}" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".ab.lock"]


def test_targets_of_a_run_under_load_are_not_conclusive():
    sys.path.insert(0, str(BENCH))
    import results

    assert results.verdict(True, conclusive=True) == "yes" and results.verdict(False, conclusive=True) == "NO"
    assert results.verdict(True, conclusive=False).startswith("not conclusive")
    import build_speed
    calm, busy = {"load": [0.2, 0.5, 0.6], "cpus": 2}, {"load": [1.9, 1.5, 1.2], "cpus": 2}
    assert build_speed.quiet(calm, {"load": [1.1, 0.9, 0.7], "cpus": 2})  # the run's own build, nothing else
    assert not build_speed.quiet(busy, calm) and not build_speed.quiet(calm, {"load": [2.3, 1.0, 0.8], "cpus": 2})
