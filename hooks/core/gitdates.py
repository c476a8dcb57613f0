"""Last-commit dates of every source file, read from one ``git log`` pass: a page's date when its front matter has none.

Deterministic: the date is the committer date of the newest commit that touched the file, converted to the
site's time zone. A file git does not know (new, untracked, or no repository at all) falls back to the
committer date of HEAD, or to ``None`` when there is no commit at all — never to a file's mtime or the
build clock, which differ between checkouts and builds.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

_COMMIT = "\x1e"  # record separator before each commit's date line


@dataclass(frozen=True)
class GitDates:
    """Dates by repository-relative path, and the fallback for files git has not seen."""

    by_path: dict[str, dt.date]
    fallback: dt.date | None

    def date_of(self, path: str) -> dt.date | None:
        return self.by_path.get(path, self.fallback)


def parse_git_log(output: str, tz: ZoneInfo) -> dict[str, dt.date]:
    """``git log --format=%x1e%cI --name-only`` output → the newest date per path (the log lists newest first)."""
    dates: dict[str, dt.date] = {}
    for record in output.split(_COMMIT):
        lines = [line for line in record.split("\n") if line.strip()]
        if not lines:
            continue
        when = dt.datetime.fromisoformat(lines[0].strip()).astimezone(tz).date()
        for name in lines[1:]:
            dates.setdefault(name.strip(), when)
    return dates


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True,
                              text=True, encoding="utf-8", check=False)
    except FileNotFoundError:  # no git installed: every file uses the fallback
        return None
    return done.stdout if done.returncode == 0 else None


def load_git_dates(root: Path, tz: ZoneInfo, folders: tuple[str, ...] = ("content", "academy", "status")) -> GitDates:
    """One ``git log`` over ``folders``; ``--relative`` keeps paths relative to ``root`` even inside a larger repository."""
    output = _git(root, "log", "--no-renames", f"--format={_COMMIT}%cI", "--name-only", "--relative", "--", *folders)
    by_path = parse_git_log(output, tz) if output else {}
    head = (_git(root, "log", "-1", "--format=%cI") or "").strip()
    fallback = dt.datetime.fromisoformat(head).astimezone(tz).date() if head else None
    return GitDates(by_path, fallback)
