"""Translations as sources: their language, where they are published, how they are checked, and the translation report."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.core.content import load_project
from hooks.core.languages import language_of, language_of_url, published_uri, source_in, split
from hooks.core.sources import page_url
from hooks.core.translations import translation_report
from hooks.core.urlmap import check_published_paths
from samples import project_problems, source_tree

FAQ = """---
title: {title}
team: kauppa-palvelu-organisaatiot
products: [asiakaskeskus]
---

{body}
"""


@pytest.mark.parametrize(("path", "original", "code"), [
    ("content/ukk/a.sv.md", "content/ukk/a.md", "sv"),
    ("content/ukk/a.md", "content/ukk/a.md", "fi"),
    ("academy/manuals/m/01-alku.sv.md", "academy/manuals/m/01-alku.md", "sv"),
    ("content/ukk/a.en.md", "content/ukk/a.en.md", "fi"),  # not a language of the site: a (badly named) source
    ("content/sv.md", "content/sv.md", "fi"),
])
def test_a_translation_is_known_by_the_language_before_its_suffix(path, original, code):
    assert split(path) == (original, code)
    assert language_of(path) == code
    assert source_in(original, code) == path


@pytest.mark.parametrize(("source", "url"), [
    ("content/index.sv.md", "sv/"),
    ("content/ukk/index.sv.md", "sv/ukk/"),
    ("content/ukk/miten-vaihdan-salasanan.sv.md", "sv/ukk/miten-vaihdan-salasanan/"),
    ("academy/manuals/m/01-alku.sv.md", "sv/academy/manuals/m/01-alku/"),
    ("status/index.sv.md", "sv/status/"),
    ("content/ukk/miten-vaihdan-salasanan.md", "ukk/miten-vaihdan-salasanan/"),
])
def test_a_translation_is_published_in_its_language_folder(source, url):
    assert page_url(source) == url
    assert language_of_url(url) == language_of(source)


def test_published_uri_and_the_url_language_agree():
    assert published_uri("ukk/a.sv.md") == "sv/ukk/a.md"
    assert language_of_url("sv") == "sv"
    assert language_of_url("svenska/") == "fi"  # a Finnish page whose name starts with the letters
    assert language_of_url("") == "fi"


def test_translations_are_validated_with_their_originals_schema(tmp_path, repo_root):
    root = source_tree(tmp_path, repo_root, {
        "content/ukk/a.md": FAQ.format(title="Miten?", body="Näin."),
        "content/ukk/a.sv.md": "---\ntitle: Hur?\nteam: ingen-sadan\nproducts: []\n---\n\nSå här.\n",
    })
    problems = "\n".join(project_problems(root))
    assert "content/ukk/a.sv.md:3: team:" in problems, problems
    assert "content/ukk/a.sv.md:4: products:" in problems, problems
    assert "content/ukk/a.md" not in problems


def test_a_translation_needs_its_original(tmp_path, repo_root):
    root = source_tree(tmp_path, repo_root, {"content/ukk/orpo.sv.md": FAQ.format(title="Hur?", body="Så.")})
    problems = project_problems(root)
    assert any(p.startswith("content/ukk/orpo.sv.md") and "translation without its original" in p
               and "content/ukk/orpo.md" in p for p in problems), problems


def test_a_status_post_is_not_translated_in_a_file_of_its_own(tmp_path, repo_root):
    from samples import status_post
    root = source_tree(tmp_path, repo_root, {"status/2026-11-02-x.md": status_post(),
                                             "status/2026-11-02-x.sv.md": status_post()})
    problems = project_problems(root)
    assert any(p.startswith("status/2026-11-02-x.sv.md") and "title_sv" in p for p in problems), problems


def test_a_swedish_chapter_needs_the_swedish_index_of_its_manual(tmp_path, repo_root):
    manual = "---\ntitle: Opas\n---\n\nOpas.\n"
    chapter = "---\ntitle: {}\n---\n\nText.\n"
    root = source_tree(tmp_path, repo_root, {
        "academy/manuals/opas/index.md": manual,
        "academy/manuals/opas/01-alku.md": chapter.format("Alku"),
        "academy/manuals/opas/01-alku.sv.md": chapter.format("Början"),
    })
    problems = project_problems(root)
    assert any(p.startswith("academy/manuals/opas/01-alku.sv.md") and "academy/manuals/opas/index.sv.md" in p
               for p in problems), problems


def test_a_written_page_in_the_swedish_folder_is_refused():
    problems = check_published_paths(["content/index.md", "content/sv/ukk/x.md", "content/ukk/x.sv.md"])
    shown = [str(p) for p in problems]
    assert any("content/sv/ukk/x.md" in p and "x.sv.md" in p for p in shown), shown


def test_a_translation_and_a_generated_swedish_page_may_not_share_a_path():
    # The build publishes the tag pages in every language: a written Swedish page there would be lost.
    problems = check_published_paths(["content/index.md", "content/ukk/aiheet/lomat.md",
                                      "content/ukk/aiheet/lomat.sv.md"])
    assert {p.path for p in problems} == {"content/ukk/aiheet/lomat.md", "content/ukk/aiheet/lomat.sv.md"}


def test_the_swedish_status_page_may_be_written():
    assert check_published_paths(["content/index.md", "status/index.md", "status/index.sv.md"]) == []


def test_the_project_keeps_each_language_apart(tmp_path, repo_root):
    root = source_tree(tmp_path, repo_root, {
        "content/ukk/a.md": FAQ.format(title="Miten?", body="Näin."),
        "content/ukk/a.sv.md": FAQ.format(title="Hur?", body="Så här.").replace("---\n\n", "tags: [laskutus, Uusi aihe]\n---\n\n"),
        "content/ukk/b.md": FAQ.format(title="Entä?", body="Niin."),
    })
    project = load_project(root)
    assert [f.title for f in project.faqs] == ["Miten?", "Entä?"]
    swedish = project.in_language("sv")
    assert [(f.title, f.language, f.url) for f in swedish.faqs] == [("Hur?", "sv", "sv/ukk/a/")]
    assert project.translation("content/ukk/a.md", "sv").title == "Hur?"
    assert project.translation("content/ukk/b.md", "sv") is None
    assert project.translation("content/ukk/a.sv.md", "fi").title == "Miten?"


def test_the_translation_report_lists_what_is_missing_and_what_lags_behind(tmp_path, repo_root):
    root = source_tree(tmp_path, repo_root, {
        "content/ukk/a.md": FAQ.format(title="Miten?", body="Näin."),
        "content/ukk/a.sv.md": FAQ.format(title="Hur?", body="Så här.").replace("---\n\n", "tags: [laskutus, Uusi aihe]\n---\n\n"),
        "content/ukk/b.md": FAQ.format(title="Entä?", body="Niin."),
    })
    project = load_project(root)
    days = {"content/ukk/a.md": dt.date(2026, 11, 20), "content/ukk/a.sv.md": dt.date(2026, 11, 1)}
    report = translation_report(project, "sv", lambda doc: days.get(doc.path, dt.date(2026, 1, 1)))
    assert report.total == 3  # the home page, a.md and b.md
    assert {m.original for m in report.missing} == {"content/index.md", "content/ukk/b.md"}
    assert [(o.translation, o.original_date) for o in report.outdated] == [("content/ukk/a.sv.md", dt.date(2026, 11, 20))]
    text = "\n".join(report.lines())
    assert "1 of 3 sources translated" in text
    assert "content/ukk/b.md" in text and "content/ukk/b.sv.md" in text
    assert report.tags == ["Uusi aihe"]  # site_config/support.yml names "laskutus" in Swedish
    assert "Tags shown in Finnish on the Svenska (sv) pages (1)" in text and "  Uusi aihe" in text


def test_check_translations_reports_and_exits_with_the_validations_status(tmp_path, repo_root):
    root = source_tree(tmp_path, repo_root, {"content/ukk/b.md": FAQ.format(title="Entä?", body="Niin.")})
    command = [sys.executable, "-m", "hooks.cli", "--root", str(root), "check", "--translations"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=repo_root)
    assert done.returncode == 0, done.stderr
    assert "Svenska (sv): 0 of 2 sources translated." in done.stdout
    assert "content/ukk/b.sv.md" in done.stdout
    (root / "content/ukk/b.sv.md").write_text("---\ntitle: Och?\n---\n\nJa.\n", encoding="utf-8")  # no team
    broken = subprocess.run(command, capture_output=True, text=True, cwd=repo_root)
    assert broken.returncode == 1
    assert "content/ukk/b.sv.md" in broken.stderr and "team" in broken.stderr


def test_the_default_site_has_the_swedish_pages_the_issue_asks_for(repo_root: Path):
    swedish = load_project(repo_root).in_language("sv")
    paths = {d.path for d in swedish.documents()}
    for page in ("content/index.sv.md", "content/asiakaskeskus/index.sv.md", "content/palvelutasot.sv.md",
                 "content/asiakaskeskus/yhteystiedot.sv.md", "status/index.sv.md"):
        assert page in paths
    assert len(swedish.faqs) >= 15
    assert [m for m in swedish.manuals if m.chapters], "one Academy manual in Swedish, with its chapters"


def test_mkdocs_yml_translations_are_checked_against_their_schema():
    from hooks.core.languages import config_words

    assert config_words(None) == ({}, [])
    assert config_words({"sv": {"SoftOne-tuki": "SoftOne-support"}}) == ({"sv": {"SoftOne-tuki": "SoftOne-support"}}, [])
    words, problems = config_words({"en": {"Etusivu": "Home"}, "sv": {"Etusivu": " "}})
    assert words == {}
    assert [str(p) for p in problems] == [
        "mkdocs.yml: extra.translations.en: unknown value (expected one of sv, got 'en')",
        "mkdocs.yml: extra.translations.sv.Etusivu: empty text (expected a text, got ' ')",
    ]
