"""Relative links between published pages and between source files: every link we generate, fast enough for all."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from hooks.core.urlmap import published_path


def relative_url(from_url: str, to_url: str) -> str:
    """A relative link between two published directory URLs (``ukk/a/`` → ``../b/``), or between two source files
    as Markdown links them (``ukk/tuotteet/a.md`` → ``../b.md``).

    Segment arithmetic rather than ``posixpath.relpath``: this runs for every link on every page."""
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


def page_url_of(uri: str) -> str:
    """The URL MkDocs publishes a page's source URI at (``ukk/a.md`` → ``ukk/a/``, ``index.md`` → ``''``)."""
    return published_path(uri).removesuffix("index.html")


def linker(from_url: str, page_urls: Mapping[str, str]) -> Callable[[str], str]:
    """``href(source_uri)`` for the links of the page published at ``from_url``: relative to it, to the URL the
    build gave that source (``page_urls``, MkDocs' ``src_uri`` → ``url``), else to where the source is published."""

    def href(target_uri: str) -> str:
        target = page_urls.get(target_uri)
        return relative_url(from_url, page_url_of(target_uri) if target is None else target)
    return href
