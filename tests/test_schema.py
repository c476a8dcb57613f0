"""Exact error messages for broken front matter and site_config basics, through `supportsite check` and the core API.

Deeper site_config rules (hours, exceptions, SLA) are tested in tests/test_config.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hooks.cli import main as supportsite
from hooks.core.config import CONFIG_PATH, load_site_config
from hooks.core.content import load_project
from hooks.core.problems import ValidationError
from samples import source_tree

GOOD_FAQ = """\
---
title: Miten rekisteröin tukitapauksen?
team: kauppa-palvelu-organisaatiot
products: [asiakaskeskus]
---

Kirjaudu asiakaskeskukseen ja rekisteröi tapaus.
"""


@pytest.fixture
def tree(tmp_path: Path, repo_root: Path) -> Path:
    """A tiny source tree: the repo's site_config and one valid FAQ article."""
    return source_tree(tmp_path, repo_root, {"content/ukk/hyva.md": GOOD_FAQ})


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """Run `supportsite check` in-process; returns (exit code, the problem lines, stdout)."""
    code = supportsite(["--root", str(root), "check"])
    out, err = capsys.readouterr()
    return code, [line.strip() for line in err.splitlines()], out


def write_faq(root: Path, name: str, text: str | bytes) -> None:
    target = root / "content" / "ukk" / name
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")


def edit_config(root: Path, old: str, new: str) -> int:
    """Replace one exact line fragment in the copied site_config; returns its line number."""
    path = root / CONFIG_PATH
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {CONFIG_PATH}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def one_of(ids) -> str:
    return "one of " + ", ".join(ids)


@pytest.fixture
def ids(tree: Path) -> dict[str, list[str]]:
    config, problems = load_site_config(tree)
    assert problems == []
    return {"teams": [t.id for t in config.teams], "products": [p.id for p in config.products]}


def test_a_valid_tree_passes_with_exit_0(tree, capsys):
    code, errors, out = check(tree, capsys)
    assert (code, errors) == (0, [])
    assert out == "OK: 2 documents, site_config/support.yml and site_config/synonyms.yml are valid.\n"


def test_malformed_front_matter_is_located_to_its_line(tree, capsys):
    write_faq(tree, "rikki.md", "---\ntitle: Kysymys: toinen\nteam: kauppa-palvelu-organisaatiot\n---\nTeksti\n")
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert errors == [
        "1 problem found in the site sources:",
        "content/ukk/rikki.md:2: malformed YAML: mapping values are not allowed in this context",
    ]


def test_front_matter_that_is_never_closed(tree, capsys):
    write_faq(tree, "auki.md", "---\ntitle: Kysymys\n\nTeksti ilman loppuviivaa\n")
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert errors[1:] == [
        "content/ukk/auki.md:1: front matter is not closed (expected a line with --- after the front matter, got none)",
    ]


def test_missing_required_key(tree, capsys):
    write_faq(tree, "puuttuu.md", "---\ntitle: Kysymys\nteam: kauppa-palvelu-organisaatiot\n---\nTeksti\n")
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert errors[1:] == [
        "content/ukk/puuttuu.md:2: products: missing required key (expected a list of at least 1, each a product id declared in site_config/support.yml)",
    ]


def test_wrong_type(tree, capsys):
    write_faq(tree, "tyyppi.md", "---\ntitle: Kysymys\nteam: kauppa-palvelu-organisaatiot\nproducts: asiakaskeskus\n---\nx\n")
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert errors[1:] == [
        "content/ukk/tyyppi.md:4: products: wrong type "
        "(expected a list of at least 1, each a product id declared in site_config/support.yml, got 'asiakaskeskus')",
    ]


def test_unknown_team_and_product_name_what_is_declared(tree, ids, capsys):
    write_faq(tree, "tuntematon.md", "---\ntitle: Kysymys\nteam: myynti\nproducts: [asiakaskeskus, softone-xyz]\n---\nx\n")
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert errors[1:] == [
        f"content/ukk/tuntematon.md:3: team: unknown team (expected {one_of(ids['teams'])}, got 'myynti')",
        f"content/ukk/tuntematon.md:4: products[1]: unknown product (expected {one_of(ids['products'])}, got 'softone-xyz')",
    ]


def test_unknown_key_in_front_matter(tree, capsys):
    write_faq(tree, "kirjoitusvirhe.md", GOOD_FAQ.replace("title:", "tittle:"))
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert errors[1:] == [
        "content/ukk/kirjoitusvirhe.md:2: title: missing required key (expected a text)",
        "content/ukk/kirjoitusvirhe.md:2: tittle: unknown key (expected one of title, description, team, products, tags, keywords, updated, got 'tittle')",
    ]


def test_a_file_that_is_not_utf8_names_the_line_and_byte(tree, capsys):
    write_faq(tree, "latin1.md", GOOD_FAQ.replace("Kirjaudu", "Päivä").encode("latin-1"))
    code, errors, _ = check(tree, capsys)
    assert code == 1
    # The first byte that is not UTF-8 is the ö of "rekisteröin" in the title, on line 2.
    assert errors[1:] == ["content/ukk/latin1.md:2: not valid UTF-8 (expected UTF-8 text, got byte 0xf6)"]


def test_a_site_config_that_is_not_utf8(tree, capsys):
    path = tree / CONFIG_PATH
    path.write_bytes(path.read_bytes().replace("Henkilöstön".encode(), "Henkilöstön".encode("latin-1"), 1))
    code, errors, _ = check(tree, capsys)
    line = path.read_bytes().split("Henkil".encode())[0].count(b"\n") + 1
    assert code == 1
    assert errors[1:] == [f"site_config/support.yml:{line}: not valid UTF-8 (expected UTF-8 text, got byte 0xf6)"]


@pytest.mark.parametrize(("old", "new", "key", "got"), [
    ('closes_at: "14:00"', 'closes_at: "25:00"', "hours.eves.closes_at", "'25:00'"),
    ('closes_at: "14:00"', 'closes_at: "12:60"', "hours.eves.closes_at", "'12:60'"),
    ('closes_at: "14:00"', "closes_at: 25:00", "hours.eves.closes_at", "'25:00'"),
])
def test_invalid_time_in_site_config(tree, capsys, old, new, key, got):
    line = edit_config(tree, old, new)
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert errors[1:] == [f"site_config/support.yml:{line}: {key}: invalid time (expected a time HH:MM from 00:00 to 24:00, got {got})"]


def test_invalid_time_inside_an_opening_range(tree, capsys):
    line = edit_config(tree, 'monday: ["08:00-11:00", "12:00-15:00"]', 'monday: ["08:00-11:00", "12:00-25:00"]')
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert errors[1:] == [
        f"site_config/support.yml:{line}: hours.week.monday[1]: invalid time "
        "(expected a time range HH:MM-HH:MM from 00:00 to 24:00, got '12:00-25:00')",
    ]


def test_unquoted_clock_time_is_read_as_the_time_not_as_sexagesimal_720(tree, capsys):
    # YAML 1.1 would read 12:00 as 12*60 = 720 (and 14:00 as 840); the loader follows YAML 1.2.
    edit_config(tree, 'closes_at: "14:00"', "closes_at: 12:00")
    config, problems = load_site_config(tree)
    assert problems == []
    assert config.hours.eves.closes_at == 12 * 60
    code, errors, _ = check(tree, capsys)
    assert (code, errors) == (0, [])


def test_sexagesimal_in_a_whole_number_field_is_refused(tree, capsys):
    line = edit_config(tree, "target_minutes: 60\n", "target_minutes: 1:30\n")
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert errors[1:] == [
        f"site_config/support.yml:{line}: sla.priorities[0].target_minutes: wrong type "
        "(expected a whole number of at least 1, got '1:30')",
    ]


def test_unknown_key_in_site_config(tree, capsys):
    line = edit_config(tree, "timezone: Europe/Helsinki\n", "timezone: Europe/Helsinki\ntimezon: Europe/Helsinki\n") + 1
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert len(errors) == 2
    assert errors[1].startswith(f"site_config/support.yml:{line}: timezon: unknown key (expected one of organisation, site_url, timezone, ")
    assert errors[1].endswith(", got 'timezon')")


def test_unknown_time_zone(tree, capsys):
    line = edit_config(tree, "timezone: Europe/Helsinki\n", "timezone: Europe/Helsingfors\n")
    code, errors, _ = check(tree, capsys)
    assert errors[1:] == [
        f"site_config/support.yml:{line}: timezone: unknown time zone "
        "(expected an IANA time zone such as Europe/Helsinki, got 'Europe/Helsingfors')",
    ]
    assert code == 1


def test_missing_site_config(tree, capsys):
    (tree / CONFIG_PATH).unlink()
    code, errors, _ = check(tree, capsys)
    assert (code, errors) == (1, ["1 problem found in the site sources:", "site_config/support.yml: file not found"])


def test_every_problem_is_reported_at_once_in_path_and_line_order(tree, capsys):
    time_line = edit_config(tree, 'closes_at: "14:00"', 'closes_at: "25:00"')
    minutes_line = edit_config(tree, "target_minutes: 60\n", "target_minutes: 1:30\n")
    write_faq(tree, "a-rikki.md", "---\ntitle: Kysymys: toinen\n---\nx\n")
    write_faq(tree, "b-puuttuu.md", "---\ntitle: Kysymys\nproducts: [asiakaskeskus]\n---\nx\n")
    write_faq(tree, "c-tyyppi.md", "---\ntitle: [Kysymys]\nteam: kauppa-palvelu-organisaatiot\nproducts: [asiakaskeskus]\n---\n")
    write_faq(tree, "d-latin1.md", "---\ntitle: Päivä\n---\n".encode("latin-1"))
    code, errors, _ = check(tree, capsys)
    assert code == 1
    assert errors == [
        "6 problems found in the site sources:",
        "content/ukk/a-rikki.md:2: malformed YAML: mapping values are not allowed in this context",
        "content/ukk/b-puuttuu.md:2: team: missing required key (expected a team id declared in site_config/support.yml)",
        "content/ukk/c-tyyppi.md:2: title: wrong type (expected a text, got a list)",
        "content/ukk/d-latin1.md:2: not valid UTF-8 (expected UTF-8 text, got byte 0xe4)",
        f"site_config/support.yml:{time_line}: hours.eves.closes_at: invalid time (expected a time HH:MM from 00:00 to 24:00, got '25:00')",
        f"site_config/support.yml:{minutes_line}: sla.priorities[0].target_minutes: wrong type "
        "(expected a whole number of at least 1, got '1:30')",
    ]


def test_load_project_raises_one_error_with_every_problem(tree):
    write_faq(tree, "a.md", "---\ntitle: Kysymys\n---\nx\n")
    write_faq(tree, "b.md", "---\ntitle: Kysymys\n---\nx\n")
    with pytest.raises(ValidationError) as raised:
        load_project(tree)
    assert [(p.path, p.key, p.problem) for p in raised.value.problems] == [
        ("content/ukk/a.md", "products", "missing required key"),
        ("content/ukk/a.md", "team", "missing required key"),
        ("content/ukk/b.md", "products", "missing required key"),
        ("content/ukk/b.md", "team", "missing required key"),
    ]
    assert str(raised.value).startswith("4 problems found in the site sources:\n  content/ukk/a.md:2: products: ")


def test_the_installed_command_exits_1_and_prints_to_stderr(tree):
    write_faq(tree, "puuttuu.md", "---\ntitle: Kysymys\nteam: kauppa-palvelu-organisaatiot\n---\nx\n")
    (tree / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")  # how the command finds the repo root
    command = Path(sys.executable).parent / "supportsite"
    result = subprocess.run([str(command), "check"], cwd=tree / "content" / "ukk", capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[1].strip().startswith("content/ukk/puuttuu.md:2: products: missing required key")
    assert "Traceback" not in result.stderr
