"""Page dates from git (hooks/core/gitdates.py): each file's newest commit, in the site's time zone, or none."""

from __future__ import annotations

import datetime as dt

from hooks.core.gitdates import load_git_dates, parse_git_log


def test_git_log_gives_each_file_its_newest_commit_date_in_the_site_time_zone():
    from zoneinfo import ZoneInfo
    log = ("\x1e2026-11-27T23:30:00+00:00\n\ncontent/ukk/a.md\n"
           "\x1e2026-11-01T10:00:00+02:00\n\ncontent/ukk/a.md\ncontent/ukk/b.md\n")
    assert parse_git_log(log, ZoneInfo("Europe/Helsinki")) == {
        "content/ukk/a.md": dt.date(2026, 11, 28),  # 01:30 in Helsinki: the newest commit wins
        "content/ukk/b.md": dt.date(2026, 11, 1),
    }


def test_outside_git_there_is_no_date_rather_than_a_clock_or_mtime(tmp_path):
    from zoneinfo import ZoneInfo
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("x", encoding="utf-8")
    dates = load_git_dates(tmp_path, ZoneInfo("Europe/Helsinki"))
    assert dates.by_path == {} and dates.fallback is None
    assert dates.date_of("content/a.md") is None
