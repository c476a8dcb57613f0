"""YAML reading: key lines, duplicate keys, YAML 1.2 scalars, dates left as text, the BOM, and errors at their own line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hooks.core.config import CONFIG_PATH, load_site_config
from hooks.core.sources import read_markdown, read_text
from hooks.core.yamlsrc import parse_timestamp, parse_yaml
from samples import project_problems, source_tree, status_post

GOOD_FAQ = """\
---
title: Miten vaihdan salasanan?
team: kauppa-palvelu-organisaatiot
products: [asiakaskeskus]
tags: [salasana]
updated: 2026-11-02
---

Vaihda salasana asiakaskeskuksen asetuksista.
"""

POST = status_post()


@pytest.fixture
def tree(tmp_path: Path, repo_root: Path) -> Path:
    """The repo's site_config, a home page, one valid FAQ article and one valid status post."""
    return source_tree(tmp_path, repo_root, {"content/ukk/salasana.md": GOOD_FAQ, "status/2026-11-02-testi.md": POST})


problems = project_problems


def replace(root: Path, relative: str, old: str, new: str) -> int:
    """Replace the one occurrence of ``old`` in the file; returns its line number."""
    file = root / relative
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, (relative, old)
    file.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


# --- the parser on its own --------------------------------------------------------------------------------


def test_every_key_path_has_the_line_it_starts_on():
    doc, found = parse_yaml("title: x\nupdates:\n  - at: a\n    text: b\n  - at: c\nhide: [toc]\n", "f.yml",
                            line_offset=1)
    assert found == []
    assert doc.lines == {
        (): 2, ("title",): 2, ("updates",): 3, ("updates", 0): 4, ("updates", 0, "at"): 4, ("updates", 0, "text"): 5,
        ("updates", 1): 6, ("updates", 1, "at"): 6, ("hide",): 7, ("hide", 0): 7,
    }
    assert doc.line(("updates", 1, "status")) == 6  # a missing key: the nearest one that exists


def test_a_duplicate_key_is_reported_at_its_second_line_with_its_full_path():
    doc, found = parse_yaml("a: 1\nb:\n  - c: 1\n    c: 2\na: 3\n", "f.yml")
    assert [str(p) for p in found] == ["f.yml:4: b[0].c: duplicate key", "f.yml:5: a: duplicate key"]
    assert doc.value == {"a": 3, "b": [{"c": 2}]}


@pytest.mark.parametrize("text, value", [
    ("12:00", "12:00"),          # YAML 1.1: the sexagesimal integer 720
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("y", "y"),  # YAML 1.1: booleans
    ("true", True), ("False", False),
    ("010", 10), ("0o17", 15), ("0x1f", 31), ("-3", -3),
    ("1_000", "1_000"),          # YAML 1.1: the integer 1000
    ("1.5", 1.5), ("1e3", 1000.0), (".inf", float("inf")),
    ("2026-11-02", "2026-11-02"),  # dates stay text: the schema parses them and says where one is wrong
    ("2026-11-02T09:00:00+02:00", "2026-11-02T09:00:00+02:00"),
    ("!!timestamp 2027-02-30", "2027-02-30"),
    ("~", None), ("null", None),
])
def test_scalars_follow_yaml_1_2_and_dates_stay_text(text, value):
    doc, found = parse_yaml(f"value: {text}\n", "f.yml")
    assert found == []
    assert doc.value == {"value": value}
    assert type(doc.value["value"]) is type(value)


@pytest.mark.parametrize("text, value", [
    ("2026-11-02", dt.date(2026, 11, 2)),
    ("2026-11-02T09:00:00+02:00", dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
    ("2026-11-02 09:00:00 +02:00", dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
    ("2026-11-02t07:00:00.25Z", dt.datetime(2026, 11, 2, 7, 0, 0, 250000, tzinfo=dt.timezone.utc)),
    ("2026-11-02T09:00:00-03:30", dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone(-dt.timedelta(hours=3, minutes=30)))),
    ("2026-1-2T9:00:00", dt.datetime(2026, 1, 2, 9)),
    ("2026-1-2", None), ("20261102", None), ("eilen", None), ("2026-11-02T09:00", None),
])
def test_timestamps_in_yaml_forms_are_parsed_as_pyyaml_would(text, value):
    assert parse_timestamp(text) == value


@pytest.mark.parametrize("text", ["2027-02-30", "2026-13-01", "2026-11-02T25:00:00+02:00", "2026-11-02T09:00:00+24:00"])
def test_a_timestamp_that_does_not_exist_raises(text):
    with pytest.raises(ValueError):
        parse_timestamp(text)


@pytest.mark.parametrize("text, expected", [
    ('title: "Miten vaihdan salasanan?\nteam: tuki\n',
     "f.md:2: title: quote not closed (expected a \" at the end of the text, got '\"Miten vaihdan salasanan?')"),
    # Another quote further down closes the text: the parser stops there, lines later.
    ('title: "Miten vaihdan salasanan?\nteam: tuki\ndescription: "Ohje"\n',
     "f.md:2: title: quote not closed (expected a \" at the end of the text, got '\"Miten vaihdan salasanan?')"),
    ("title: 'Miten vaihdan\nteam: tuki\n",
     "f.md:2: title: quote not closed (expected a ' at the end of the text, got \"'Miten vaihdan\")"),
    ('updates:\n  - at: x\n    text: "Korjattu\n  - at: y\n',
     "f.md:4: updates[0].text: quote not closed (expected a \" at the end of the text, got '\"Korjattu')"),
    ('tags:\n  - "salasana\n  - kirjautuminen\n',
     "f.md:3: tags[0]: quote not closed (expected a \" at the end of the text, got '\"salasana')"),
    ("title: Kysymys: toinen\n", "f.md:2: malformed YAML: mapping values are not allowed in this context"),
])
def test_an_unclosed_quote_is_reported_where_it_opens(text, expected):
    doc, found = parse_yaml(text, "f.md", line_offset=1)
    assert doc is None
    assert [str(p) for p in found] == [expected]


def test_quoted_text_over_several_lines_is_still_valid():
    doc, found = parse_yaml("title: \"Miten vaihdan\n  salasanan?\"\nnote: 'it''s'\n", "f.yml")
    assert found == []
    assert doc.value == {"title": "Miten vaihdan salasanan?", "note": "it's"}


# --- through the sources and the schemas ------------------------------------------------------------------


def test_the_tree_is_valid(tree):
    assert problems(tree) == []


@pytest.mark.parametrize("bom_file", ["content/ukk/salasana.md", CONFIG_PATH])
def test_a_byte_order_mark_is_ignored(tree, bom_file):
    file = tree / bom_file
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    assert problems(tree) == []
    text, found = read_text(file, bom_file)
    assert found == [] and not text.startswith("\ufeff")


def test_a_markdown_source_with_a_bom_keeps_its_front_matter_and_lines(tree):
    file = tree / "content/ukk/salasana.md"
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    source, found = read_markdown(tree, "content/ukk/salasana.md")
    assert found == []
    assert source.meta.value["title"] == "Miten vaihdan salasanan?"
    assert source.meta.lines[("updated",)] == 6


def test_the_site_config_with_a_bom_loads(tree):
    file = tree / CONFIG_PATH
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    config, found = load_site_config(tree)
    assert found == [] and config is not None


@pytest.mark.parametrize("file, old, new, expected", [
    pytest.param("content/ukk/salasana.md", "updated: 2026-11-02", "updated: 2027-02-30",
                 "content/ukk/salasana.md:6: updated: not a real date (expected a date YYYY-MM-DD, got '2027-02-30')",
                 id="impossible updated"),
    pytest.param("content/ukk/salasana.md", "updated: 2026-11-02", 'updated: "2027-02-30"',
                 "content/ukk/salasana.md:6: updated: not a real date (expected a date YYYY-MM-DD, got '2027-02-30')",
                 id="impossible updated, quoted"),
    pytest.param("content/ukk/salasana.md", "updated: 2026-11-02", "updated: 2026-11-02T09:00:00+02:00",
                 "content/ukk/salasana.md:6: updated: wrong type (expected a date YYYY-MM-DD, got "
                 "'2026-11-02T09:00:00+02:00')",
                 id="a timestamp for a date"),
    pytest.param("status/2026-11-02-testi.md", "at: 2026-11-02T10:30:00+02:00", "at: 2026-02-30T10:30:00+02:00",
                 "status/2026-11-02-testi.md:11: updates[1].at: not a real date and time (expected a date and time "
                 "with a UTC offset, such as 2026-10-14T09:12:00+03:00, got '2026-02-30T10:30:00+02:00')",
                 id="impossible at"),
    pytest.param("status/2026-11-02-testi.md", "at: 2026-11-02T10:30:00+02:00", "at: 2026-11-02T24:30:00+02:00",
                 "status/2026-11-02-testi.md:11: updates[1].at: not a real date and time (expected a date and time "
                 "with a UTC offset, such as 2026-10-14T09:12:00+03:00, got '2026-11-02T24:30:00+02:00')",
                 id="impossible hour"),
    pytest.param(CONFIG_PATH, "    - date: 2027-01-07", "    - date: 2027-02-29",
                 "site_config/support.yml:{line}: hours.exceptions[0].date: not a real date (expected a date YYYY-MM-DD, "
                 "got '2027-02-29')",
                 id="impossible exception date"),
    pytest.param("content/ukk/salasana.md", 'title: Miten vaihdan salasanan?', 'title: "Miten vaihdan salasanan?',
                 "content/ukk/salasana.md:2: title: quote not closed (expected a \" at the end of the text, got "
                 "'\"Miten vaihdan salasanan?')",
                 id="unclosed quote"),
])
def test_each_problem_is_reported_at_its_own_line_and_key(tree, file, old, new, expected):
    line = replace(tree, file, old, new)
    assert problems(tree) == [expected.replace("{line}", str(line))]


@pytest.mark.parametrize("at", [
    "2026-11-02T10:30:00+02:00", "2026-11-02 10:30:00+02:00", "2026-11-02T08:30:00Z", "2026-11-02T10:30:00.5 +02:00",
    '"2026-11-02T10:30:00+02:00"', '"2026-11-02T10:30+02:00"',
])
def test_status_timestamps_in_every_form_that_was_valid_stay_valid(tree, at):
    replace(tree, "status/2026-11-02-testi.md", "at: 2026-11-02T10:30:00+02:00", f"at: {at}")
    assert problems(tree) == []
