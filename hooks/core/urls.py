"""Relative links between published pages: what every generated page and block writes, fast enough for every link."""

from __future__ import annotations


def relative_url(from_url: str, to_url: str) -> str:
    """A relative link between two published directory URLs (``ukk/a/`` → ``../b/``).

    Segment arithmetic rather than ``posixpath.relpath``: this runs for every link on every page (issue 6)."""
    # The folder the page is in (``ukk/a/`` → ukk, a; ``ukk/a.html`` → ukk), and the target's parts; MkDocs calls
    # the home page ``./``, so "." parts are dropped.
    here = [part for part in ("/" + from_url).split("/")[1:-1] if part not in ("", ".")]
    there = [part for part in to_url.split("/") if part not in ("", ".")]
    common = 0
    for mine, theirs in zip(here, there):
        if mine != theirs:
            break
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:])
    if not rel:
        return "./"
    return rel + "/" if (to_url == "" or to_url.endswith("/")) and not rel.endswith("/") else rel
