"""site_config/support.yml: the hours and SLA rules of its schema, with each error message exact and all reported at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hooks.core.config import CONFIG_PATH, load_site_config
from hooks.core.problems import ValidationError

BASE = """\
organisation:
  name: SoftOne
  department: Service & Kvalitet
  legal_name: SoftOne AB (publ)
  registration: "556239-4717"
  website: https://www.softone.fi
site_url: https://tuki.softone.fi/
timezone: Europe/Helsinki
hours:
  week:
    monday: ["08:00-11:00", "12:00-15:00"]
    tuesday: ["08:00-11:00", "12:00-15:00"]
    wednesday: ["08:00-11:00", "12:00-15:00"]
    thursday: ["08:00-11:00", "12:00-15:00"]
    friday: ["08:00-11:00", "12:00-14:00"]
    saturday: []
    sunday: []
  holidays:
    country: FI
    categories: [public]
  eves:
    closes_at: "14:00"
  exceptions:
    - date: 2027-01-07
      open: ["08:00-11:00", "12:00-13:00"]
      note: {fi: Koulutuspäivä, sv: Utbildningsdag, en: Training day}
sla:
  default_priority: 5
  priorities:
    - {id: 1, name: {fi: Kriittinen, sv: Kritisk, en: Critical}, description: {fi: a, sv: b, en: c}, target_minutes: 60}
    - {id: 2, name: {fi: Erittäin korkea, sv: Mycket hög, en: Very high}, description: {fi: a, sv: b, en: c}, target_minutes: 120}
    - {id: 3, name: {fi: Korkea, sv: Hög, en: High}, description: {fi: a, sv: b, en: c}, target_minutes: 360}
    - {id: 4, name: {fi: Normaali, sv: Normal, en: Normal}, description: {fi: a, sv: b, en: c}, target_minutes: 1080}
    - {id: 5, name: {fi: Matala, sv: Låg, en: Low}, description: {fi: a, sv: b, en: c}, target_minutes: 1800}
channels:
  portal: https://www.softone.fi
  email: tuki@softone.fi
teams:
  - id: kauppa
    phone_option: 1
    name: {fi: Kauppa, sv: Handel, en: Retail}
    description: {fi: a, sv: b, en: c}
products:
  - {id: softone-go, name: SoftOne GO, description: Alusta.}
status:
  groups:
    - {id: palvelut, name: Palvelut}
  components:
    - {id: softone-go, name: SoftOne GO, group: palvelut}
"""


def load(tmp_path: Path, *replacements: tuple[str, str]):
    text = BASE
    for old, new in replacements:
        assert old in text, old  # the test's own fixture must contain what it changes
        text = text.replace(old, new)
    (tmp_path / "site_config").mkdir(exist_ok=True)
    (tmp_path / CONFIG_PATH).write_text(text, encoding="utf-8")
    return load_site_config(tmp_path)


def messages(tmp_path: Path, *replacements: tuple[str, str]) -> list[str]:
    config, problems = load(tmp_path, *replacements)
    assert config is None
    return [str(p) for p in ValidationError(problems).problems]


MONDAY = 'monday: ["08:00-11:00", "12:00-15:00"]'
TUESDAY = 'tuesday: ["08:00-11:00", "12:00-15:00"]'
WEDNESDAY = 'wednesday: ["08:00-11:00", "12:00-15:00"]'
EVES = 'closes_at: "14:00"'
P3 = "    - {id: 3, name: {fi: Korkea, sv: Hög, en: High}, description: {fi: a, sv: b, en: c}, target_minutes: 360}\n"
TEAM_NAME = "name: {fi: Kauppa, sv: Handel, en: Retail}"
NOTE = "note: {fi: Koulutuspäivä, sv: Utbildningsdag, en: Training day}"

CASES = {
    "overlapping": ([(MONDAY, 'monday: ["08:00-11:00", "10:30-15:00"]')], [
        "site_config/support.yml:11: hours.week.monday[1]: overlapping time ranges (expected ranges that do not overlap, got 08:00-11:00 and 10:30-15:00)",
    ]),
    "reversed": ([(TUESDAY, 'tuesday: ["11:00-08:00"]')], [
        "site_config/support.yml:12: hours.week.tuesday[0]: reversed or empty time range (expected a start before the end, got '11:00-08:00')",
    ]),
    "empty-range": ([(TUESDAY, 'tuesday: ["08:00-08:00"]')], [
        "site_config/support.yml:12: hours.week.tuesday[0]: reversed or empty time range (expected a start before the end, got '08:00-08:00')",
    ]),
    "25:00": ([(WEDNESDAY, 'wednesday: ["08:00-25:00"]')], [
        "site_config/support.yml:13: hours.week.wednesday[0]: invalid time (expected a time range HH:MM-HH:MM from 00:00 to 24:00, got '08:00-25:00')",
    ]),
    "eve-25:00": ([(EVES, 'closes_at: "25:00"')], [
        "site_config/support.yml:22: hours.eves.closes_at: invalid time (expected a time HH:MM from 00:00 to 24:00, got '25:00')",
    ]),
    "time-as-number": ([(EVES, "closes_at: 14")], [
        "site_config/support.yml:22: hours.eves.closes_at: wrong type (expected a time HH:MM from 00:00 to 24:00, got 14)",
    ]),
    "unknown-weekday": ([("    sunday: []", "    sunnuntai: []")], [
        "site_config/support.yml:17: hours.week.sunnuntai: unknown key (expected one of monday, tuesday, wednesday, thursday, friday, saturday, sunday, got 'sunnuntai')",
    ]),
    "unknown-country": ([("country: FI", "country: XX")], [
        "site_config/support.yml:19: hours.holidays.country: unknown country (expected a country code that the holidays package knows, such as FI, got 'XX')",
    ]),
    "duplicate-priority": ([("{id: 5, name: {fi: Matala", "{id: 4, name: {fi: Matala")], [
        "site_config/support.yml:28: sla.default_priority: unknown priority (expected one of 1, 2, 3, 4, got 5)",
        "site_config/support.yml:34: sla.priorities[4].id: duplicate priority id (expected each id once, got 4)",
    ]),
    "missing-priority": ([(P3, "")], [
        "site_config/support.yml:29: sla.priorities: missing priority id (expected ids 1 to N without gaps, got no 3)",
    ]),
    "missing-translation": ([(TEAM_NAME, "name: {fi: Kauppa, en: Retail}")], [
        "site_config/support.yml:41: teams[0].name: missing translation sv (expected texts for fi, sv, en, got fi, en)",
    ]),
    "missing-note-translations": ([(NOTE, "note: {fi: Koulutuspäivä}")], [
        "site_config/support.yml:26: hours.exceptions[0].note: missing translation sv, en (expected texts for fi, sv, en, got fi)",
    ]),
    "exception-range-reversed": ([("    - date: 2027-01-07", "    - start: 2027-01-07\n      end: 2027-01-05")], [
        "site_config/support.yml:25: hours.exceptions[0].end: range ends before it starts (expected a date on or after 2027-01-07, got 2027-01-05)",
    ]),
    "overlapping-exceptions": ([(NOTE, NOTE + "\n    - {start: 2027-01-05, end: 2027-01-08, note: {fi: a, sv: b, en: c}}")], [
        "site_config/support.yml:27: hours.exceptions[1]: overlapping exceptions (expected each date in one exception only, got 2027-01-07 and 2027-01-05..2027-01-08)",
    ]),
    "duplicate-tag": ([("products:\n", "tags:\n  - {tag: Palkat, name_sv: löner}\n  - {tag: palkat, name_sv: lön}\nproducts:\n")], [
        "site_config/support.yml:45: tags[1].tag: duplicate tag (expected each tag once, got 'palkat')",
    ]),
    # one address, one tag: a spelling without its accents names the same topic page
    "duplicate-tag-spelling": ([("products:\n", "tags:\n  - {tag: Etäyhteys, name_sv: fjärr}\n  - {tag: etayhteys, name_sv: distans}\nproducts:\n")], [
        "site_config/support.yml:45: tags[1].tag: duplicate tag (expected each tag once, got 'etayhteys')",
    ]),
    "tag-without-its-name": ([("products:\n", "tags:\n  - {tag: salasana}\nproducts:\n")], [
        "site_config/support.yml:44: tags[0].name_sv: missing required key (expected a text)",
    ]),
    "unknown-time-zone": ([("timezone: Europe/Helsinki", "timezone: Europe/Helsingfors")], [
        "site_config/support.yml:8: timezone: unknown time zone (expected an IANA time zone such as Europe/Helsinki, got 'Europe/Helsingfors')",
    ]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_error_message(tmp_path, case):
    replacements, expected = CASES[case]
    assert messages(tmp_path, *replacements) == expected


def test_every_problem_is_reported_at_once(tmp_path):
    cases = ("overlapping", "reversed", "25:00", "unknown-weekday", "unknown-country", "missing-priority",
             "missing-translation")
    found = messages(tmp_path, *(r for case in cases for r in CASES[case][0]))
    assert found == [
        "site_config/support.yml:11: hours.week.monday[1]: overlapping time ranges (expected ranges that do not overlap, got 08:00-11:00 and 10:30-15:00)",
        "site_config/support.yml:12: hours.week.tuesday[0]: reversed or empty time range (expected a start before the end, got '11:00-08:00')",
        "site_config/support.yml:13: hours.week.wednesday[0]: invalid time (expected a time range HH:MM-HH:MM from 00:00 to 24:00, got '08:00-25:00')",
        "site_config/support.yml:17: hours.week.sunnuntai: unknown key (expected one of monday, tuesday, wednesday, thursday, friday, saturday, sunday, got 'sunnuntai')",
        "site_config/support.yml:19: hours.holidays.country: unknown country (expected a country code that the holidays package knows, such as FI, got 'XX')",
        "site_config/support.yml:29: sla.priorities: missing priority id (expected ids 1 to N without gaps, got no 3)",
        # one line earlier than alone: the removed priority 3 was above it
        "site_config/support.yml:40: teams[0].name: missing translation sv (expected texts for fi, sv, en, got fi, en)",
    ]


def test_the_fixture_itself_is_valid(tmp_path):
    config, problems = load(tmp_path)
    assert problems == []
    assert config.hours.week["friday"] == ((480, 660), (720, 840))
    assert config.hours.eves.closes_at == 14 * 60


def test_unquoted_times_are_text_not_sexagesimal_numbers(tmp_path):
    # YAML 1.1 reads 14:00 as the number 840; our YAML 1.2 reader keeps the text the writer typed.
    config, problems = load(tmp_path, (EVES, "closes_at: 14:00"), (MONDAY, "monday: [08:00-11:00, 12:00-15:00]"))
    assert problems == []
    assert config.hours.eves.closes_at == 840
    assert config.hours.week["monday"] == ((480, 660), (720, 900))


def test_a_range_exception_covers_each_date(tmp_path):
    config, problems = load(tmp_path, ("    - date: 2027-01-07", "    - start: 2027-07-12\n      end: 2027-07-16"))
    assert problems == []
    exception = config.hours.exceptions[0]
    assert (exception.start, exception.end) == (dt.date(2027, 7, 12), dt.date(2027, 7, 16))


def test_the_repository_site_config_is_valid(repo_root):
    config, problems = load_site_config(repo_root)
    assert problems == []
    assert [p.target_minutes for p in config.sla.priorities] == [60, 120, 360, 1080, 1800]
    assert config.sla.default_priority == 5
