"""Rebuilds under `mkdocs serve` parse only what changed, to keep the writers' save-and-look loop short: hooks/core/memo.py."""

from __future__ import annotations

import pytest

from hooks.core import links
from hooks.core.content import LINKS_CACHE, load_project
from hooks.core.memo import TextMemo
from hooks.core.problems import ValidationError


@pytest.fixture
def site(knowledge_site):
    return knowledge_site


def faq(project, name):
    return next(f for f in project.faqs if f.path == f"content/ukk/{name}.md")


def test_an_unchanged_source_is_not_parsed_again_and_a_changed_one_is(site):
    first = load_project(site)
    (site / "content/ukk/lasku-vaarin.md").write_text(
        (site / "content/ukk/lasku-vaarin.md").read_text() + "\nUusi kappale.\n")
    second = load_project(site)
    assert faq(second, "kirjautuminen-ei-onnistu") is faq(first, "kirjautuminen-ei-onnistu")
    assert faq(second, "lasku-vaarin") is not faq(first, "lasku-vaarin")
    assert faq(second, "lasku-vaarin").body.endswith("Uusi kappale.\n")
    assert second.config is first.config, "site_config/support.yml did not change"


def test_removing_a_team_from_site_config_revalidates_the_articles_that_name_it(site):
    load_project(site)
    config = site / "site_config/support.yml"
    text = config.read_text()
    start = text.index("  - id: rakentaminen")
    end = text.index("  - id:", start + 1)
    config.write_text(text[:start] + text[end:])
    with pytest.raises(ValidationError) as error:
        load_project(site)
    assert "content/ukk/kirjautuminen-ei-onnistu.md:3: team: " in error.value.report()


def test_a_problem_reported_once_is_reported_again_while_the_file_is_unchanged(site):
    (site / "content/ukk/lasku-vaarin.md").write_text("---\ntitle: [\n---\nTeksti\n")
    for _ in range(2):
        with pytest.raises(ValidationError) as error:
            load_project(site)
        assert error.value.report().count("content/ukk/lasku-vaarin.md") == 1


def test_the_links_found_in_each_body_are_kept_for_the_next_process_until_the_body_changes(site, monkeypatch):
    load_project(site)
    assert (site / LINKS_CACHE).is_file()
    monkeypatch.setattr(links, "_FOUND", TextMemo())  # a new process: only .cache/ knows the links

    def never(body):
        raise AssertionError("the links were read again although no body changed")

    monkeypatch.setattr(links, "find_links", never)
    load_project(site)
    article = site / "content/ukk/lasku-vaarin.md"
    article.write_text(article.read_text() + "\nKatso [kirjautuminen](kirjautuminen-ei-onnistu.md).\n")
    with pytest.raises(AssertionError, match="read again"):
        load_project(site)
