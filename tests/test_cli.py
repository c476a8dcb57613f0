"""The ``supportsite`` command line as a whole: every command listed, each reached with or without ``--root``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hooks.cli import COMMANDS, main as supportsite

pytestmark = pytest.mark.filterwarnings("error")


def test_the_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as stopped:
        supportsite(["--help"])
    assert stopped.value.code == 0
    listed = capsys.readouterr().out
    for name in ("check", "hours", "sla", "new", "publish", "search", "schema"):
        assert f"    {name}" in listed


def test_an_unknown_command_is_named_with_the_choices(capsys):
    with pytest.raises(SystemExit) as stopped:
        supportsite(["publsh", "status"])
    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert "'publsh'" in said and all(name in said for name in COMMANDS)


@pytest.mark.parametrize("argv", [["publish", "status", "--site-dir", "../x"],
                                  ["--root", ".", "publish", "status", "--site-dir", "../x"],
                                  ["--root=.", "publish", "status", "--site-dir", "../x"]])
def test_a_command_is_found_after_the_root_option(argv, capsys, tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    monkeypatch.chdir(tmp_path)
    assert supportsite(argv) == 2
    assert "leads outside the repository" in capsys.readouterr().err


def test_one_command_imports_only_what_it_uses():
    # `publish status` runs during an outage: the site's core (content, calendars, search) is left to the build.
    code = ("import sys; from hooks.cli import build_parser; build_parser('publish'); "
            "print(sorted(m for m in sys.modules if m.startswith(('hooks.core.content', 'hooks.core.calendar', "
            "'hooks.core.search', 'hooks.commands.check'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
