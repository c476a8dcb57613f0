"""``supportsite hours`` and ``supportsite sla``: their JSON, which scripts rely on, their tables in each language, errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.cli import main as supportsite

HERE = Path(__file__).resolve().parent
SITE = HERE / "sites" / "support"  # its site_config equals the default centre's rules


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = supportsite(["--root", str(SITE), *argv])
    out, err = capsys.readouterr()
    return code, out, err


MON_THU = [["08:00", "11:00"], ["12:00", "15:00"]]
SHORT = [["08:00", "11:00"], ["12:00", "14:00"]]


def test_hours_json_over_christmas_and_new_year(capsys):
    code, out, err = run(capsys, "hours", "--from", "2026-12-20", "--to", "2027-01-08", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {"date": "2026-12-20", "open": [], "note": None},
        {"date": "2026-12-21", "open": MON_THU, "note": None},
        {"date": "2026-12-22", "open": MON_THU, "note": None},
        {"date": "2026-12-23", "open": SHORT, "note": "Pyhäpäivän aatto"},
        {"date": "2026-12-24", "open": [], "note": "Jouluaatto"},
        {"date": "2026-12-25", "open": [], "note": "Joulupäivä"},
        {"date": "2026-12-26", "open": [], "note": "Tapaninpäivä"},
        {"date": "2026-12-27", "open": [], "note": None},
        {"date": "2026-12-28", "open": MON_THU, "note": None},
        {"date": "2026-12-29", "open": MON_THU, "note": None},
        {"date": "2026-12-30", "open": MON_THU, "note": None},
        {"date": "2026-12-31", "open": SHORT, "note": "Pyhäpäivän aatto"},
        {"date": "2027-01-01", "open": [], "note": "Uudenvuodenpäivä"},
        {"date": "2027-01-02", "open": [], "note": None},
        {"date": "2027-01-03", "open": [], "note": None},
        {"date": "2027-01-04", "open": MON_THU, "note": None},
        {"date": "2027-01-05", "open": SHORT, "note": "Pyhäpäivän aatto"},
        {"date": "2027-01-06", "open": [], "note": "Loppiainen"},
        {"date": "2027-01-07", "open": [["08:00", "11:00"], ["12:00", "13:00"]],
         "note": "Henkilöstön koulutuspäivä, suljemme klo 13"},
        {"date": "2027-01-08", "open": SHORT, "note": None},
    ]


def test_hours_table_in_finnish(capsys):
    code, out, _ = run(capsys, "hours", "--from", "2026-12-22", "--to", "2026-12-24")
    assert code == 0
    assert out == (
        "Aukioloajat ti 22.12.2026–to 24.12.2026 (Europe/Helsinki)\n"
        "Päivä          Avoinna (klo)  Huomautus\n"
        "ti 22.12.2026  8–11 ja 12–15\n"
        "ke 23.12.2026  8–11 ja 12–14  Pyhäpäivän aatto\n"
        "to 24.12.2026  suljettu       Jouluaatto\n"
    )


def test_hours_defaults_to_two_weeks_from_today(capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795003200")  # 2026-11-18 14:00 in Helsinki
    code, out, _ = run(capsys, "hours", "--json")
    days = json.loads(out)
    assert (code, days[0]["date"], days[-1]["date"], len(days)) == (0, "2026-11-18", "2026-12-01", 14)


@pytest.mark.parametrize(("argv", "expected"), [
    (("--priority", "2"), {"registered": "2026-12-23T13:30:00+02:00", "priority": 2, "target_minutes": 120,
                           "deadline": "2026-12-28T09:30:00+02:00"}),
    (("--minutes", "120"), {"registered": "2026-12-23T13:30:00+02:00", "priority": None, "target_minutes": 120,
                            "deadline": "2026-12-28T09:30:00+02:00"}),
    ((), {"registered": "2026-12-23T13:30:00+02:00", "priority": 5, "target_minutes": 1800,
          "deadline": "2027-01-05T08:30:00+02:00"}),  # the default priority
])
def test_sla_json(capsys, argv, expected):
    code, out, err = run(capsys, "sla", "--registered", "2026-12-23T13:30:00+02:00", *argv, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == expected
    assert list(json.loads(out)) == ["registered", "priority", "target_minutes", "deadline"]


@pytest.mark.parametrize(("registered", "expected_registered", "deadline"), [
    ("2026-12-23T13:30:00", "2026-12-23T13:30:00+02:00", "2026-12-28T09:30:00+02:00"),  # naive: Helsinki
    ("2026-12-23T11:30:00Z", "2026-12-23T13:30:00+02:00", "2026-12-28T09:30:00+02:00"),
    ("2026-10-23T13:30:00+03:00", "2026-10-23T13:30:00+03:00", "2026-10-26T09:30:00+02:00"),  # autumn DST
    ("2027-12-31T13:00:00+02:00", "2027-12-31T13:00:00+02:00", "2028-01-03T09:00:00+02:00"),  # into 2028
])
def test_sla_reads_the_registration_time(capsys, registered, expected_registered, deadline):
    code, out, _ = run(capsys, "sla", "--registered", registered, "--priority", "2", "--json")
    data = json.loads(out)
    assert (code, data["registered"], data["deadline"]) == (0, expected_registered, deadline)


def test_sla_table_in_finnish(capsys):
    code, out, _ = run(capsys, "sla", "--registered", "2026-12-23T13:30:00+02:00", "--priority", "2")
    assert code == 0
    assert out == (
        "Rekisteröity           ke 23.12.2026 klo 13.30 (UTC+02:00)\n"
        "Prioriteetti           2 – Erittäin korkea\n"
        "Tavoite                2 tuntia aukioloaikaa (120 min)\n"
        "Työ alkaa viimeistään  ma 28.12.2026 klo 9.30 (UTC+02:00)\n"
    )


def test_hours_table_in_swedish(capsys):
    code, out, _ = run(capsys, "hours", "--from", "2026-12-22", "--to", "2026-12-24", "--lang", "sv")
    assert code == 0
    assert out == (
        "Öppettider tis 22.12.2026–tors 24.12.2026 (Europe/Helsinki)\n"
        "Dag              Öppet (kl.)     Anmärkning\n"
        "tis 22.12.2026   8–11 och 12–15\n"
        "ons 23.12.2026   8–11 och 12–14  Dagen före en helgdag\n"
        "tors 24.12.2026  stängt          Julafton\n"
    )


def test_hours_json_notes_in_swedish(capsys):
    code, out, _ = run(capsys, "hours", "--from", "2027-01-05", "--to", "2027-01-07", "--json", "--lang", "sv")
    assert code == 0
    assert [day["note"] for day in json.loads(out)] == [
        "Dagen före en helgdag", "Trettondag", "Personalens utbildningsdag, vi stänger kl. 13"]


def test_sla_table_in_swedish(capsys):
    code, out, _ = run(capsys, "sla", "--registered", "2026-12-23T13:30:00+02:00", "--priority", "2", "--lang", "sv")
    assert code == 0
    assert out == (
        "Registrerat              ons 23.12.2026 kl. 13.30 (UTC+02:00)\n"
        "Prioritet                2 – Mycket hög\n"
        "Mål                      2 timmar öppettid (120 min)\n"
        "Arbetet påbörjas senast  mån 28.12.2026 kl. 9.30 (UTC+02:00)\n"
    )


@pytest.mark.parametrize(("argv", "message"), [
    (("hours", "--from", "2026-12-32"),
     "supportsite hours: --from: invalid date (expected YYYY-MM-DD, got '2026-12-32')\n"),
    (("hours", "--from", "2026-12-20", "--to", "20.12.2026"),
     "supportsite hours: --to: invalid date (expected YYYY-MM-DD, got '20.12.2026')\n"),
    (("hours", "--from", "2026-12-20", "--to", "2026-12-19"),
     "supportsite hours: --to: range ends before it starts (expected a date on or after 2026-12-20, got 2026-12-19)\n"),
    (("hours", "--from", "2026-01-01", "--to", "2040-01-01"),
     "supportsite hours: --to: range too long (expected at most 3660 days, got 5114)\n"),
    (("sla", "--registered", "eilen", "--priority", "2"),
     "supportsite sla: --registered: invalid time (expected a date and time such as 2026-12-23T13:30:00+02:00, got 'eilen')\n"),
    (("sla", "--registered", "2026-12-23T13:30:00+02:00", "--priority", "7"),
     "supportsite sla: --priority: unknown priority (expected one of 1, 2, 3, 4, 5, got 7)\n"),
    (("sla", "--registered", "2026-12-23T13:30:00+02:00", "--priority", "kaksi"),
     "supportsite sla: --priority: not a whole number (expected digits, got 'kaksi')\n"),
    (("sla", "--registered", "2026-12-23T13:30:00+02:00", "--minutes", "10000000"),
     "supportsite sla: no deadline: 10000000 opening minutes do not fit within three years of 2026-12-23T13:30:00+02:00\n"),
    (("sla", "--registered", "2026-12-23T13:30:00+02:00", "--minutes", "0"),
     "supportsite sla: --minutes: out of range (expected a whole number of at least 1, got 0)\n"),
])
def test_bad_input_is_one_clear_message_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (2, "", message)


def test_priority_and_minutes_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, "sla", "--registered", "2026-12-23T13:30:00+02:00", "--priority", "2", "--minutes", "60")
    assert exit_info.value.code == 2
    assert "argument --minutes: not allowed with argument --priority" in capsys.readouterr().err


def test_a_broken_site_config_is_reported_not_a_traceback(capsys, tmp_path):
    (tmp_path / "site_config").mkdir()
    text = (SITE / "site_config" / "support.yml").read_text(encoding="utf-8").replace("country: FI", "country: XX")
    (tmp_path / "site_config" / "support.yml").write_text(text, encoding="utf-8")
    code = supportsite(["--root", str(tmp_path), "hours", "--json"])
    _, err = capsys.readouterr()
    assert code == 1
    assert "hours.holidays.country: unknown country" in err
    assert "Traceback" not in err


@pytest.mark.skipif(shutil.which("supportsite", path=str(Path(sys.executable).parent)) is None,
                    reason="the supportsite script is not installed in this environment")
def test_the_installed_command_prints_the_acceptance_deadline():
    command = str(Path(sys.executable).parent / "supportsite")
    result = subprocess.run([command, "--root", str(SITE), "sla", "--registered", "2026-12-23T13:30:00+02:00",
                             "--priority", "2", "--json"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["deadline"] == "2026-12-28T09:30:00+02:00"
