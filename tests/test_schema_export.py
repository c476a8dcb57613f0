"""The JSON Schemas for writers' editors: made from the declared schemas, committed up to date, valid draft-07,
accepting this repository's own files and refusing wrong ones, as `supportsite check` does."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from hooks.cli import main as supportsite
from hooks.core.config import CONFIG_PATH, HostName, load_site_config
from hooks.core.content import SCHEMAS as KIND_SCHEMAS
from hooks.core.content import SOURCE_FOLDERS, declared_ids, kind_of
from hooks.core.schema import INVALID, ClockTime, Context, Day, Instant, Slug, TimeRange, validate_document
from hooks.core.schemaexport import SCHEMA_FOLDER, json_schemas, render_schema, stale_schema_files
from hooks.core.sources import markdown_files, parse_markdown, read_markdown
from hooks.core.synonyms import SYNONYMS_PATH, load_synonyms
from hooks.core.yamlsrc import YamlDocument, parse_yaml

SCHEMAS = json_schemas()


def schema_errors(name: str, value: object) -> list[str]:
    """What the JSON Schema ``name`` finds wrong in ``value``: ``key.path: keyword`` for each error (the keyword of
    JSON Schema that failed, rather than the validator's wording of it, which is the library's own)."""
    validator = Draft7Validator(SCHEMAS[f"{name}.schema.json"])
    return sorted(f"{'.'.join(map(str, error.absolute_path))}: {error.validator}" for error in validator.iter_errors(value))


# --- generated, committed, valid ---------------------------------------------------------------------


def test_the_committed_schemas_are_up_to_date(repo_root):
    stale = stale_schema_files(repo_root / SCHEMA_FOLDER)
    assert stale == [], (f"{SCHEMA_FOLDER}/ is out of date ({', '.join(stale)}): run `supportsite schema` "
                         "and commit the result")


def test_there_is_one_schema_per_site_config_file_and_one_per_kind_of_front_matter():
    assert sorted(SCHEMAS) == sorted(f"{name}.schema.json" for name in ["support", "synonyms", *KIND_SCHEMAS])


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_schema_is_a_valid_draft_07_json_schema(name):
    Draft7Validator.check_schema(SCHEMAS[name])
    assert SCHEMAS[name]["$schema"] == Draft7Validator.META_SCHEMA["$schema"]
    assert SCHEMAS[name]["additionalProperties"] is False  # a misspelt key is an error, in the editor too


def test_descriptions_come_from_the_option_docs():
    faq = SCHEMAS["faq.schema.json"]["properties"]
    assert faq["title"]["description"] == "The customer's question. Expected: a text."
    assert SCHEMAS["faq.schema.json"]["required"] == ["title", "team", "products"]
    hours = SCHEMAS["support.schema.json"]["properties"]["hours"]["properties"]
    assert hours["eves"]["properties"]["closes_at"]["description"] == (
        "When an eve of a holiday closes. Expected: a time HH:MM from 00:00 to 24:00.")


def test_values_worked_out_from_the_path_are_not_front_matter_keys():
    assert sorted(SCHEMAS["chapter.schema.json"]["properties"]) == ["description", "tags", "title"]
    assert sorted(SCHEMAS["manual.schema.json"]["properties"]) == ["description", "products", "team", "title"]
    for schema in SCHEMAS.values():
        assert not {"path", "url", "body", "body_line", "slug", "manual", "order", "lines", "chapters"} & set(
            schema["properties"])


def test_the_command_writes_deterministic_files_and_checks_them(tmp_path, repo_root, capsys):
    out = tmp_path / "out"
    assert supportsite(["--root", str(repo_root), "schema", "--out", str(out)]) == 0
    assert sorted(capsys.readouterr().out.split()) == sorted(str(out / name) for name in SCHEMAS)
    for name, schema in SCHEMAS.items():
        text = (out / name).read_bytes().decode("utf-8")
        assert text == render_schema(schema)
        assert text.endswith("}\n") and "\r" not in text
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert supportsite(["--root", str(repo_root), "schema", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""  # nothing changed, nothing written
    assert supportsite(["--root", str(repo_root), "schema", "--out", str(out), "--check"]) == 0
    capsys.readouterr()

    (out / "faq.schema.json").write_text("{}\n", encoding="utf-8")
    (out / "vanha.schema.json").write_text("{}\n", encoding="utf-8")
    assert supportsite(["--root", str(repo_root), "schema", "--out", str(out), "--check"]) == 1
    assert capsys.readouterr().err == (f"{out}: out of date: faq.schema.json, vanha.schema.json "
                                       "(run `supportsite schema` and commit the result)\n")
    assert supportsite(["--root", str(repo_root), "schema", "--out", str(out)]) == 0
    assert capsys.readouterr().out.split() == [str(out / "faq.schema.json"), str(out / "vanha.schema.json")]
    assert sorted(p.name for p in out.iterdir()) == sorted(SCHEMAS)


def test_the_command_writes_into_schemas_at_the_repository_root_by_default(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert supportsite(["--root", str(tmp_path), "schema"]) == 0
    assert sorted(p.name for p in (tmp_path / SCHEMA_FOLDER).iterdir()) == sorted(SCHEMAS)


# --- what they accept: this repository's own files ------------------------------------------------------


def test_the_repositorys_site_config_validates(repo_root):
    doc, problems = parse_yaml((repo_root / CONFIG_PATH).read_text(encoding="utf-8"), CONFIG_PATH)
    assert problems == []
    assert schema_errors("support", doc.value) == []


def test_the_repositorys_synonyms_validate(repo_root):
    doc, problems = parse_yaml((repo_root / SYNONYMS_PATH).read_text(encoding="utf-8"), SYNONYMS_PATH)
    assert problems == []
    assert schema_errors("synonyms", doc.value) == []
    assert SCHEMAS["synonyms.schema.json"]["properties"]["groups"]["items"]["properties"]["sv"]["description"] == (
        "Swedish words for the same thing. Expected: a list, each one word: letters and digits, no spaces or hyphens.")


def test_every_sources_front_matter_validates(repo_root):
    failures, kinds = {}, set()
    for path in [path for folder in SOURCE_FOLDERS for path in markdown_files(repo_root, folder)]:
        source, problems = read_markdown(repo_root, path)
        assert problems == [], path
        kinds.add(kind_of(path))
        if errors := schema_errors(kind_of(path), source.meta.value):
            failures[path] = errors
    assert failures == {}
    assert kinds == set(KIND_SCHEMAS)  # every kind's schema met a real file


# --- what they refuse: a few wrong files, which `supportsite check` refuses as well -----------------------

GOOD_FAQ = "title: Miten rekisteröin tukitapauksen?\nteam: kauppa-palvelu-organisaatiot\nproducts: [asiakaskeskus]\n"
GOOD_POST = """\
title: Kirjautuminen ei onnistu
kind: incident
impact: major
components: {kirjautuminen: major_outage}
updates:
  - at: 2026-11-02T09:00:00+02:00
    status: investigating
    text: Selvitämme vikaa.
"""
GOOD_MAINTENANCE = """\
title: Huoltokatko
kind: maintenance
components: {softone-go: under_maintenance}
scheduled: {start: 2026-12-12T20:00:00+02:00, end: 2026-12-12T23:00:00+02:00}
updates:
  - {at: 2026-12-01T09:00:00+02:00, status: scheduled, text: Päivitämme palvelun.}
"""
WRONG_FRONT_MATTER = [
    ("content/ukk/a.md", GOOD_FAQ.replace("products: [asiakaskeskus]\n", ""), [": required"]),
    ("content/ukk/a.md", GOOD_FAQ.replace("title:", "tittle:"), [": additionalProperties", ": required"]),
    ("content/ukk/a.md", GOOD_FAQ.replace("[asiakaskeskus]", "asiakaskeskus"), ["products: type"]),
    ("content/ukk/a.md", GOOD_FAQ + "updated: 20.11.2026\n", ["updated: pattern"]),
    ("content/ukk/a.md", GOOD_FAQ.replace("title: Miten rekisteröin tukitapauksen?", 'title: "  "'), ["title: pattern"]),
    ("content/ohje.md", "hide: [sidebar]\n", ["hide.0: enum"]),
    ("academy/news/2026-11-20-uutinen.md", "title: Uutinen\n", [": required"]),
    ("academy/manuals/opas/01-alku.md", "title: Alku\nproducts: [asiakaskeskus]\n", [": additionalProperties"]),
    ("status/a.md", GOOD_POST.replace("kind: incident", "kind: outage"), ["kind: enum"]),
    ("status/a.md", GOOD_POST.replace("09:00:00+02:00", "09:00:00"), ["updates.0.at: pattern"]),
    ("status/a.md", GOOD_POST.replace("major_outage", "broken"), ["components.kirjautuminen: enum"]),
    ("status/a.md", GOOD_POST.replace("status: investigating", "status: fixed"), ["updates.0.status: enum"]),
    ("status/a.md", GOOD_POST.replace("updates:\n", "updates: []\nx:\n"), [": additionalProperties", "updates: minItems"]),
    ("status/huolto.md", GOOD_MAINTENANCE.replace("end: 2026", "loppu: 2026"),
     ["scheduled: additionalProperties", "scheduled: required"]),
]


@pytest.mark.parametrize(("path", "front_matter", "expected"), WRONG_FRONT_MATTER)
def test_wrong_front_matter_is_refused_by_its_schema_and_by_the_check(repo_root, path, front_matter, expected):
    source, problems = parse_markdown(path, f"---\n{front_matter}---\n\nTeksti.\n")
    assert problems == []
    assert schema_errors(kind_of(path), source.meta.value) == expected
    config, _ = load_site_config(repo_root)
    model, found = validate_document(KIND_SCHEMAS[kind_of(path)], source.meta, path, declared_ids(config), origin=source)
    assert model is INVALID and found


def test_the_good_examples_above_pass_both():
    for path, front_matter in [("content/ukk/a.md", GOOD_FAQ), ("status/a.md", GOOD_POST),
                               ("status/huolto.md", GOOD_MAINTENANCE)]:
        source, _ = parse_markdown(path, f"---\n{front_matter}---\n")
        assert schema_errors(kind_of(path), source.meta.value) == []


WRONG_SITE_CONFIG = [
    ("timezone: Europe/Helsinki\n", "timezone: Europe/Helsinki\ntimezon: Europe/Helsinki\n", [": additionalProperties"]),
    ('closes_at: "14:00"', 'closes_at: "25:00"', ["hours.eves.closes_at: pattern"]),
    ('monday: ["08:00-11:00", "12:00-15:00"]', 'monday: ["08:00-11:00", "12:00"]', ["hours.week.monday.1: pattern"]),
    ("target_minutes: 60\n", "target_minutes: 0\n", ["sla.priorities.0.target_minutes: minimum"]),
    ("        sv: Personalens utbildningsdag, vi stänger kl. 13\n", "", ["hours.exceptions.0.note: required"]),
    ("  country: FI\n", "  country: Suomi\n", ["hours.holidays.country: pattern"]),
    ("timezone: Europe/Helsinki\n", "timezone: 2\n", ["timezone: type"]),
    ("  embed_hosts: []", "  embed_hosts: [https://www.youtube-nocookie.com]", ["content_policy.embed_hosts.0: pattern"]),
    ("  - id: kauppa-palvelu-organisaatiot\n", "  - id: Kauppa\n", ["teams.1.id: pattern"]),
]


@pytest.mark.parametrize(("old", "new", "expected"), WRONG_SITE_CONFIG)
def test_a_wrong_site_config_is_refused_by_its_schema_and_by_the_check(tmp_path, repo_root, old, new, expected):
    text = (repo_root / CONFIG_PATH).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    doc, _ = parse_yaml(text, CONFIG_PATH)
    assert schema_errors("support", doc.value) == expected
    (tmp_path / "site_config").mkdir()
    (tmp_path / CONFIG_PATH).write_text(text, encoding="utf-8")
    config, problems = load_site_config(tmp_path)
    assert config is None and problems


WRONG_SYNONYMS = [
    ("groups:\n  - fi: [salasana, tunnussana]\n    se: [lösenord]\n", ["groups.0: additionalProperties"]),
    ("groups:\n  - fi: [salasana, unohtunut salasana]\n", ["groups.0.fi.1: pattern"]),
    ("groups:\n  - fi: salasana\n    sv: [lösenord]\n", ["groups.0.fi: type"]),
    ("groups:\n  - fi: [salasana, 5]\n", ["groups.0.fi.1: type"]),
    ("ryhmat:\n  - fi: [salasana, tunnussana]\n", [": additionalProperties"]),
]


@pytest.mark.parametrize(("text", "expected"), WRONG_SYNONYMS)
def test_wrong_synonyms_are_refused_by_their_schema_and_by_the_check(tmp_path, text, expected):
    doc, _ = parse_yaml(text, SYNONYMS_PATH)
    assert schema_errors("synonyms", doc.value) == expected
    (tmp_path / "site_config").mkdir()
    (tmp_path / SYNONYMS_PATH).write_text(text, encoding="utf-8")
    synonyms, problems = load_synonyms(tmp_path)
    assert synonyms is None and problems


# --- the patterns say what the options accept -----------------------------------------------------------

PATTERN_CASES = [
    (ClockTime(), ["00:00", "8:30", "08:30", "23:59", "24:00", " 08:30 "], ["24:01", "12:60", "7", "08.30", "-1:00", "123:00"]),
    (TimeRange(), ["08:00-11:00", "0:00-24:00", "08:00 - 11:00"], ["08:00-", "8-11", "08:00-25:00", "08:00–11:00"]),
    (Day(), ["2026-11-20", "2027-02-28"], ["20.11.2026", "2026-1-2", "2026-11-20T10:00:00+02:00"]),
    (Instant(), ["2026-10-14T09:12:00+03:00", "2026-10-14 09:12:00 +03:00", "2026-10-14T06:12:00Z",
                 "2026-10-14T09:12+03:00", "2026-10-14T09:12:00.5+0300"],
     ["2026-10-14T09:12:00", "2026-10-14", "14.10.2026 09:12 +03:00", "now"]),
    (Slug(), ["softone-go", "a1"], ["SoftOne", "-a", "a--b", "a_b", "ä"]),
    (HostName(), ["www.youtube-nocookie.com", "Player.Vimeo.com"], ["https://youtube.com", "*.example.com", "localhost",
                                                                   "example.com:443"]),
]


@pytest.mark.parametrize(("option", "good", "bad"), PATTERN_CASES, ids=[type(case[0]).__name__ for case in PATTERN_CASES])
def test_a_pattern_accepts_what_its_option_accepts(option, good, bad):
    pattern = re.compile(option.json_schema()["pattern"])
    ctx = Context("x.yml", YamlDocument({}))
    for value in good:
        assert pattern.search(value), value
        assert option.validate(value, ctx, ("x",)) is not INVALID, value
    for value in bad:
        assert not pattern.search(value), value
        assert option.validate(value, ctx, ("x",)) is INVALID, value


def test_a_date_that_does_not_exist_is_left_to_the_check():
    # The pattern checks the form; `supportsite check` knows the calendar.
    assert re.search(Day().json_schema()["pattern"], "2027-02-30")
    assert Day().validate("2027-02-30", Context("x.yml", YamlDocument({})), ("x",)) is INVALID
    assert Day().validate("2027-02-28", Context("x.yml", YamlDocument({})), ("x",)) == dt.date(2027, 2, 28)


# --- writers' editors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "schema"), [(CONFIG_PATH, "support.schema.json"),
                                             (SYNONYMS_PATH, "synonyms.schema.json")])
def test_the_site_config_names_its_schema_for_the_yaml_language_server(repo_root, path, schema):
    text = (repo_root / path).read_text(encoding="utf-8")
    modeline = re.search(r"^# yaml-language-server: \$schema=(\S+)$", text, re.MULTILINE)
    assert modeline, f"{path} should carry a yaml-language-server modeline"
    assert (repo_root / "site_config" / modeline[1]).resolve() == (repo_root / SCHEMA_FOLDER / schema)


def test_vscode_maps_the_site_config_files_to_their_schemas(repo_root):
    settings = json.loads((repo_root / ".vscode/settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert schemas == {f"./{SCHEMA_FOLDER}/support.schema.json": CONFIG_PATH,
                       f"./{SCHEMA_FOLDER}/synonyms.schema.json": SYNONYMS_PATH}
    for schema in schemas:
        assert (repo_root / schema).is_file()


def test_the_vscode_task_finds_each_problem_of_supportsite_check(tmp_path, repo_root, capsys):
    # The task's problem matchers turn `supportsite check` lines into the Problems panel's entries.
    tasks = json.loads((repo_root / ".vscode/tasks.json").read_text(encoding="utf-8"))["tasks"]
    matchers = [m["pattern"] for task in tasks if task["args"] == ["check"] for m in task["problemMatcher"]]
    (tmp_path / "site_config").mkdir()
    (tmp_path / CONFIG_PATH).write_bytes((repo_root / CONFIG_PATH).read_bytes())
    (tmp_path / "content" / "ukk").mkdir(parents=True)
    (tmp_path / "content" / "ukk" / "a.md").write_text("---\ntitle: Kysymys\nteam: myynti\n---\nx\n", encoding="utf-8")
    (tmp_path / "content" / "ukk" / "B.md").write_text(f"---\n{GOOD_FAQ}---\nx\n", encoding="utf-8")
    assert supportsite(["--root", str(tmp_path), "check"]) == 1
    lines = capsys.readouterr().err.splitlines()[1:]
    found = []
    for line in lines:
        match = next((m for m in (re.match(p["regexp"], line) for p in matchers) if m), None)
        assert match, line
        found.append(match.groups())
    assert found == [
        ("content/ukk/B.md", "file name is not URL-safe (expected lowercase letters, digits and hyphens, ending .md "
                             "(a translation: .sv.md), got 'B.md')"),
        ("content/ukk/a.md", "2", "products: missing required key (expected a list of at least 1, each a product id "
                                  "declared in site_config/support.yml)"),
        ("content/ukk/a.md", "3", "team: unknown team (expected one of " + ", ".join(
            declared_ids(load_site_config(repo_root)[0])["teams"]) + ", got 'myynti')"),
    ]
    assert Path(tmp_path / found[1][0]).is_file()
