"""The search synonyms file, site_config/synonyms.yml (hooks/core/synonyms.py): its model, and every mistake a writer
can make reported at once with its file, line and key, and what is allowed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hooks.core.content import load_project
from hooks.core.problems import Problem, ValidationError
from hooks.core.synonyms import NO_SYNONYMS, SYNONYMS_PATH, SynonymGroup, Synonyms, load_synonyms

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests/sites/minimal"


def load(tmp_path: Path, text: str) -> tuple[Synonyms | None, list[Problem]]:
    (tmp_path / "site_config").mkdir(exist_ok=True)
    (tmp_path / SYNONYMS_PATH).write_text(text, encoding="utf-8")
    return load_synonyms(tmp_path)


def reported(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in sorted(problems)]


# --- what a good file gives ---------------------------------------------------------------------------------


def test_groups_of_finnish_and_swedish_words_are_read_in_order(tmp_path):
    synonyms, problems = load(tmp_path, "groups:\n  - fi: [salasana, tunnussana]\n    sv: [lösenord]\n"
                                        "  - sv: [ärende, supportärende]\n")
    assert problems == []
    assert synonyms == Synonyms((SynonymGroup(("salasana", "tunnussana"), ("lösenord",)),
                                 SynonymGroup((), ("ärende", "supportärende"))))
    assert synonyms.groups[0].words() == [("fi", "salasana"), ("fi", "tunnussana"), ("sv", "lösenord")]


def test_a_site_without_the_file_has_no_synonyms(tmp_path):
    assert load_synonyms(tmp_path) == (NO_SYNONYMS, [])
    assert NO_SYNONYMS.groups == ()


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "groups:\n", "groups: []\n"])
def test_an_empty_file_has_no_synonyms(tmp_path, text):
    assert load(tmp_path, text) == (NO_SYNONYMS, [])


def test_the_same_word_may_be_finnish_and_swedish_in_one_group(tmp_path):
    synonyms, problems = load(tmp_path, "groups:\n  - fi: [faq, ukk]\n    sv: [faq]\n")
    assert problems == [] and synonyms.groups[0].sv == ("faq",)


def test_the_repositorys_file_is_valid():
    synonyms, problems = load_synonyms(REPO)
    assert problems == []
    assert len(synonyms.groups) > 50
    assert any("salasana" in group.fi and "lösenord" in group.sv for group in synonyms.groups)


# --- every mistake, with its file, line, key and what is allowed ---------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("groups:\n  - fi: [salasana]\n",
     "site_config/synonyms.yml:2: groups[0]: a group of one word "
     "(expected at least two words (Finnish, Swedish or both), got 1 word(s))"),
    ("groups:\n  - fi: [salasana, unohtunut salasana]\n",
     "site_config/synonyms.yml:2: groups[0].fi[1]: not one word "
     "(expected one word: letters and digits, no spaces or hyphens, got 'unohtunut salasana')"),
    ("groups:\n  - fi: [salasana, tunnussana]\n  - fi: [Salasana, passu]\n",
     "site_config/synonyms.yml:3: groups[1].fi[0]: word in two groups "
     "(expected each word in one group (merge the groups), got 'Salasana', also in group 1)"),
    ("groups:\n  - fi: salasana\n    sv: [lösenord]\n",
     "site_config/synonyms.yml:2: groups[0].fi: wrong type "
     "(expected a list, each one word: letters and digits, no spaces or hyphens, got 'salasana')"),
    ("groups:\n  - fi: [lasku, e-lasku]\n",
     "site_config/synonyms.yml:2: groups[0].fi[1]: not one word "
     "(expected one word: letters and digits, no spaces or hyphens, got 'e-lasku')"),
    ("groups:\n  - fi: [salasana, tunnussana]\n    en: [password]\n",
     "site_config/synonyms.yml:3: groups[0].en: unknown key (expected one of fi, sv, got 'en')"),
    ("groups: salasana\n",
     "site_config/synonyms.yml:1: groups: wrong type (expected a list, each a mapping, got 'salasana')"),
])
def test_a_mistake_names_the_file_line_key_and_what_is_allowed(tmp_path, text, expected):
    synonyms, problems = load(tmp_path, text)
    assert synonyms is None
    assert reported(problems) == [expected]


def test_every_mistake_of_a_file_is_reported_at_once(tmp_path):
    text = ("groups:\n"
            "  - fi: [salasana, tunnussana]\n"     # 2: fine
            "  - fi: [tunnus]\n"                   # 3: a group of one word
            "  - fi: [kirjautua, käyttäjä tunnus]\n"  # 4: a word with a space
            "  - fi: [passu, salasana]\n"          # 5: salasana is already in group 1
            "  - sv: lösenord\n")                  # 6: not a list
    synonyms, problems = load(tmp_path, text)
    assert synonyms is None
    assert [(p.path, p.line, p.key, p.problem) for p in sorted(problems)] == [
        (SYNONYMS_PATH, 3, "groups[1]", "a group of one word"),
        (SYNONYMS_PATH, 4, "groups[2].fi[1]", "not one word"),
        (SYNONYMS_PATH, 5, "groups[3].fi[1]", "word in two groups"),
        (SYNONYMS_PATH, 6, "groups[4].sv", "wrong type"),
    ]


def test_broken_yaml_is_reported_with_its_line(tmp_path):
    synonyms, problems = load(tmp_path, "groups:\n  - fi: [salasana, tunnussana\n")
    assert synonyms is None and problems and all(p.path == SYNONYMS_PATH and p.line for p in problems)


# --- in the project: like the other configuration problems ----------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MINIMAL, tmp_path / "minimal", ignore=shutil.ignore_patterns(".cache", "site")))


def test_the_project_carries_the_synonyms_or_none(site):
    assert load_project(site).synonyms == NO_SYNONYMS  # the minimal site has no file
    (site / SYNONYMS_PATH).write_text("groups:\n  - fi: [salasana, tunnussana]\n", encoding="utf-8")
    assert load_project(site).synonyms.groups == (SynonymGroup(("salasana", "tunnussana")),)


def test_a_broken_synonyms_file_stops_the_project_with_the_other_problems(site):
    (site / SYNONYMS_PATH).write_text("groups:\n  - fi: [salasana]\n", encoding="utf-8")
    (site / "content/ukk/rikki.md").write_text("---\ntitle: Rikki\n---\n\nTeksti\n", encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        load_project(site)
    report = str(raised.value)
    assert "site_config/synonyms.yml:2: groups[0]: a group of one word" in report
    assert "content/ukk/rikki.md" in report  # one report: the synonyms do not hide the rest, nor the rest them
