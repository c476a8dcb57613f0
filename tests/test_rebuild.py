"""Partial rebuilds as data (hooks/core/rebuild.py) and the site folder they work in (hooks/core/sitedir.py)."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from hooks.core import rebuild, sitedir


def inputs(site: str = "s", **pages: str) -> rebuild.Inputs:
    return rebuild.Inputs(site, {f"{name}.md": text for name, text in pages.items()})


def last(built: rebuild.Inputs | None) -> rebuild.LastBuild:
    return rebuild.LastBuild(built, "/tmp/site")


# --- what a build renders ---


def test_a_changed_page_and_the_always_pages_are_rendered_and_no_other():
    before = inputs(a="1", b="1", c="1")
    plan = rebuild.plan(last(before), inputs(a="2", b="1", c="1"), always={"c.md"})
    assert plan.pages == {"a.md", "c.md"}
    assert plan.renders("a.md") and plan.renders("c.md") and not plan.renders("b.md")


def test_nothing_changed_renders_only_the_always_pages():
    assert rebuild.plan(last(inputs(a="1")), inputs(a="1"), always=()).pages == frozenset()


def test_everything_is_rendered_when_what_every_page_shows_changed_or_a_page_came_or_went():
    before = inputs(a="1", b="1")
    assert rebuild.plan(last(before), inputs("other", a="1", b="1"), always=()) is rebuild.FULL
    assert rebuild.plan(last(before), inputs(a="1"), always=()) is rebuild.FULL  # b.md removed
    assert rebuild.plan(last(before), inputs(a="1", b="1", c="1"), always=()) is rebuild.FULL  # c.md added
    assert rebuild.FULL.renders("anything.md")


def test_a_new_page_that_no_other_page_shows_is_rendered_alone_but_a_removed_one_renders_everything():
    before = inputs(a="1", status_x="1")
    status = lambda uri: uri.startswith("status")  # noqa: E731
    assert rebuild.plan(last(before), inputs(a="1", status_x="1", status_y="1"), always=(),
                        may_appear=status).pages == {"status_y.md"}
    assert rebuild.plan(last(before), inputs(a="1", status_x="1", b="1"), always=(), may_appear=status) \
        is rebuild.FULL  # not a page the predicate names
    assert rebuild.plan(last(before), inputs(a="1"), always=(), may_appear=status) is rebuild.FULL  # one went


@dataclass
class Post:
    path: str
    body: str
    title: str | None = "Katko"


def test_the_preview_publishes_the_status_first_only_when_its_posts_changed_and_the_server_can_be_woken():
    memory = rebuild.Memory()
    posts = rebuild.posts_digest([Post("status/a.md", "x")])
    assert posts != rebuild.posts_digest([Post("status/a.md", "x", "Katko ohi")])  # the front matter counts
    assert posts != rebuild.posts_digest([Post("status/a.md", "x"), Post("status/b.md", "y")])  # a post more
    memory.serving, memory.wake = True, lambda: None
    assert not memory.status_first("/site", posts)  # no build published yet: a whole first build
    memory.posts["/site"] = posts
    assert not memory.status_first("/site", posts)
    changed = rebuild.posts_digest([Post("status/a.md", "x"), Post("status/b.md", "y")])
    assert memory.status_first("/site", changed)
    memory.wake = None  # a server that cannot be asked for the build that follows
    assert not memory.status_first("/site", changed)
    memory.wake, memory.serving = (lambda: None), False  # `mkdocs build --dirty`: no server
    assert not memory.status_first("/site", changed)


def test_without_a_last_build_or_what_it_read_everything_is_rendered():
    assert rebuild.plan(None, inputs(a="1"), always=()) is rebuild.FULL
    assert rebuild.plan(last(None), inputs(a="1"), always=()) is rebuild.FULL  # a build of another process


def test_the_digest_is_stable_and_tells_values_apart():
    assert rebuild.digest("a", [1, 2], {"b": None}) == rebuild.digest("a", [1, 2], {"b": None})
    assert rebuild.digest("a", [1, 2]) != rebuild.digest("a", [2, 1])
    assert rebuild.digest(Path("x")) == rebuild.digest("x")  # anything else by its text


@dataclass(frozen=True)
class Doc:
    path: str
    title: str | None
    body: str
    lines: dict
    tags: tuple[str, ...] = ()


def test_the_front_matter_is_everything_but_the_body_and_a_missing_title_is_the_first_heading():
    with_title = rebuild.front_matter(Doc("content/a.md", "Otsikko", "# Muu\n\nTeksti.", {}, ("x",)))
    assert with_title == {"path": "content/a.md", "title": "Otsikko", "tags": ("x",)}
    without = rebuild.front_matter(Doc("content/b.md", None, "```\n# koodia\n```\n# Oikea otsikko\n", {}))
    assert without["heading"] == "Oikea otsikko"
    # A body edit leaves the front matter as it was: the page alone is rendered again.
    assert rebuild.front_matter(Doc("content/a.md", "Otsikko", "Toinen teksti.", {}, ("x",))) == with_title


def test_files_state_sees_an_edit_and_files_text_a_changed_byte(tmp_path):
    code = tmp_path / "hooks"
    (code / "__pycache__").mkdir(parents=True)
    (code / "a.py").write_text("x = 1\n")
    (code / "__pycache__" / "a.pyc").write_bytes(b"\0")
    state = rebuild.files_state(code)
    assert [name for name, _, _ in state] == ["a.py"]
    (code / "a.py").write_text("x = 22\n")
    assert rebuild.files_state(code) != state
    config = tmp_path / "support.yml"
    config.write_text("a: 1\n")
    text = rebuild.files_text([config, tmp_path / "missing.yml"])
    config.write_text("a: 2\n")
    assert len(text) == 1 and rebuild.files_text([config]) != text


# --- the memory of a serving process ---


def test_work_left_for_after_the_swap_runs_only_when_started_and_the_next_build_waits_for_it():
    memory = rebuild.Memory()
    ran: list[str] = []
    release = threading.Event()

    def job() -> None:
        release.wait(5)
        ran.append("index")

    memory.later(job)
    assert ran == []
    memory.start_later()
    release.set()
    memory.settle()
    assert ran == ["index"]


def test_a_failed_build_drops_its_work():
    memory = rebuild.Memory()
    memory.later(lambda: (_ for _ in ()).throw(AssertionError("must not run")))
    assert len(memory.drop_later()) == 1
    memory.start_later()
    memory.settle()


def test_the_last_build_is_kept_per_site_folder_and_forgotten():
    memory = rebuild.Memory()
    built = rebuild.LastBuild(inputs(a="1"), "/tmp/a")
    memory.keep(built)
    assert memory.get("/tmp/a") is built and memory.get("/tmp/b") is None
    memory.forget("/tmp/a")
    assert memory.get("/tmp/a") is None


# --- the site folder ---


def published(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "ukk").mkdir(parents=True)
    (site / "index.html").write_text("etusivu")
    (site / "ukk" / "index.html").write_text("ukk")
    return site


def test_a_staged_copy_shares_the_published_files_and_a_replaced_file_leaves_them_as_they_were(tmp_path):
    site, staging = published(tmp_path), tmp_path / "site.staging"
    sitedir.stage_copy(site, staging)
    assert (staging / "ukk" / "index.html").read_text() == "ukk"
    assert os.path.samefile(site / "index.html", staging / "index.html"), "links, not copies"
    sitedir.replace_file(staging / "index.html", b"uusi etusivu")
    sitedir.replace_file(staging / "uusi" / "index.html", b"uusi sivu")
    assert (site / "index.html").read_text() == "etusivu", "the published file is never written into"
    assert (staging / "index.html").read_text() == "uusi etusivu"
    sitedir.unlink(staging / "ukk" / "index.html")
    assert (site / "ukk" / "index.html").read_text() == "ukk"


def test_a_staged_copy_starts_from_the_published_site_only(tmp_path):
    site, staging = published(tmp_path), tmp_path / "site.staging"
    (staging / "vanha").mkdir(parents=True)
    (staging / "vanha" / "index.html").write_text("a failed build's page")
    sitedir.stage_copy(site, staging)
    assert not (staging / "vanha").exists()


def tree(folder: Path) -> dict[str, str | None]:
    return {p.relative_to(folder).as_posix(): p.read_text() if p.is_file() and not p.is_symlink() else None
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("with_cp", [True, False], ids=["cp", "without cp"])
def test_a_copy_made_beside_the_build_is_the_staged_copy(tmp_path, monkeypatch, with_cp):
    site, staging = published(tmp_path), tmp_path / "site.staging"
    (site / "tyhja").mkdir()
    (site / "linkki").symlink_to("ukk")
    (staging / "vanha").mkdir(parents=True)  # a failed build's folder
    if not with_cp:
        monkeypatch.setattr(sitedir.shutil, "which", lambda name: None)
    copy = sitedir.StagedCopy(site, staging)
    copy.wait()
    copy.wait()  # once made, waiting again copies nothing again
    assert tree(staging) == tree(site)
    assert (staging / "linkki").is_symlink() and os.readlink(staging / "linkki") == "ukk"
    assert os.path.samefile(site / "ukk" / "index.html", staging / "ukk" / "index.html"), "links, not copies"


def test_a_copy_that_cp_cannot_make_is_made_when_waited_for(tmp_path, monkeypatch):
    site, staging = published(tmp_path), tmp_path / "site.staging"
    real_popen = sitedir.subprocess.Popen
    monkeypatch.setattr(sitedir.subprocess, "Popen",
                        lambda command, **options: real_popen(["false"], **options))
    copy = sitedir.StagedCopy(site, staging)
    copy.wait()
    assert tree(staging) == tree(site)


def test_a_failed_build_stops_its_copy_and_the_next_build_makes_its_own(tmp_path, monkeypatch):
    site, staging = published(tmp_path), tmp_path / "site.staging"
    started = []
    real_popen = sitedir.subprocess.Popen

    def slow_copy(command, **options):  # a copy still being made when the build fails
        started.append(real_popen(["sleep", "60"], **options))
        return started[-1]

    monkeypatch.setattr(sitedir.subprocess, "Popen", slow_copy)
    sitedir.StagedCopy(site, staging)
    sitedir.stop_copies()  # as on_build_error does
    assert started and started[0].poll() is not None, "the copying process was stopped and waited for"
    monkeypatch.setattr(sitedir.subprocess, "Popen", real_popen)
    (site / "uusi.html").write_text("uusi")
    again = sitedir.StagedCopy(site, staging)
    again.wait()
    assert tree(staging) == tree(site)


def test_the_swap_puts_the_build_in_place_and_keeps_the_replaced_site(tmp_path):
    site, staging = published(tmp_path), tmp_path / "site.staging"
    staging.mkdir()
    (staging / "index.html").write_text("uusi")
    sitedir.swap(staging, site)
    assert (site / "index.html").read_text() == "uusi" and not staging.exists()
    assert (sitedir.previous_of(site) / "index.html").read_text() == "etusivu"
    first = tmp_path / "first"
    (first / "x").mkdir(parents=True)
    sitedir.swap(first, tmp_path / "nothing-yet")  # no site before: nothing to keep
    assert (tmp_path / "nothing-yet" / "x").is_dir() and not sitedir.previous_of(tmp_path / "nothing-yet").exists()


def test_the_site_before_the_last_is_moved_aside_at_once_and_removed_with_what_a_stopped_build_left(tmp_path):
    site = published(tmp_path)
    previous = sitedir.previous_of(site)
    (previous / "ukk").mkdir(parents=True)
    (previous / "ukk" / "index.html").write_text("vanha")
    left = tmp_path / "site.removing-1-0"  # a build stopped before its remover finished
    (left / "x").mkdir(parents=True)
    sitedir.remove(sitedir.set_previous_aside(site))
    assert not previous.exists()  # the swap finds its place free without waiting for the removal
    deadline = time.monotonic() + 60
    while sorted(p.name for p in tmp_path.iterdir()) != ["site"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (site / "index.html").read_text() == "etusivu"  # the published site is not touched


# --- parsed sources kept for the next process (hooks/core/memo.py) ---


def test_parsed_sources_are_kept_for_the_next_process_of_the_same_code(tmp_path):
    from hooks.core.memo import TextMemo

    cache = tmp_path / ".cache" / "sources.pickle"
    first = TextMemo()
    assert first.get(("root", "a.md"), "text a", lambda: ["parsed a"]) == ["parsed a"]
    first.save(cache, "code 1")
    written = cache.stat().st_mtime_ns
    first.save(cache, "code 1")
    assert cache.stat().st_mtime_ns == written, "nothing changed: nothing written"

    def never() -> list[str]:
        raise AssertionError("parsed again although the text did not change")

    second = TextMemo()
    second.load(cache, "code 1")
    assert len(second) == 1 and second.get(("root", "a.md"), "text a", never) == ["parsed a"]
    assert second.get(("root", "a.md"), "text b", lambda: ["parsed b"]) == ["parsed b"]  # an edited file
    other = TextMemo()
    other.load(cache, "code 2")  # other code may parse differently: its cache is not read
    assert len(other) == 0
    cache.write_bytes(b"cut short")
    broken = TextMemo()
    broken.load(cache, "code 1")
    assert len(broken) == 0


def test_a_result_computed_elsewhere_is_kept_and_found_only_under_its_key(tmp_path):
    from hooks.core.memo import TextMemo

    memo = TextMemo()
    assert memo.key_of("a.md") is None and memo.peek("a.md", "key 1") is None
    memo.put("a.md", "key 1", b"converted")
    assert memo.key_of("a.md") == "key 1"
    assert memo.peek("a.md", "key 1") == b"converted" and memo.peek("a.md", "key 2") is None
    memo.save(tmp_path / "memo.pickle", "code")  # put counts as a change
    kept = TextMemo()
    kept.load(tmp_path / "memo.pickle", "code")
    assert kept.peek("a.md", "key 1") == b"converted"


def test_a_cache_that_cannot_be_written_leaves_the_build_going_and_is_written_later(tmp_path):
    from hooks.core.memo import TextMemo

    memo = TextMemo()
    memo.put("a.md", "key", b"converted")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache's folder would be", encoding="utf-8")
    memo.save(blocked / "memo.pickle", "code")  # no exception: the next process is only slower
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]
    memo.save(tmp_path / "memo.pickle", "code")  # still changed: written when it can be
    assert (tmp_path / "memo.pickle").is_file()


def test_the_site_folders_built_into_are_remembered_once_each():
    memory = rebuild.Memory()
    for folder in ("/tmp/b", "/tmp/a", "/tmp/b"):
        memory.note_site_dir(folder)
    assert memory.site_dirs() == ["/tmp/a", "/tmp/b"]
