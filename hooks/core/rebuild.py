"""Partial rebuilds: which pages a build may leave as the last one wrote them, and what it keeps of that build.

A partial build (``mkdocs serve --dirty``, ``supportsite publish status``) starts from a copy of the published
site and renders only some pages again. It must give the bytes a full build of the same sources gives, so a page
may be skipped only when nothing it shows has changed. What every page shows (the navigation, the configuration,
the code and templates, the front matter of every page but the articles, chapters and news posts that only lists
show) is one digest, ``Inputs.site``: when it changes, every page is rebuilt (the status banner, which follows the
status blog, is exchanged in the files of the pages a build skips: hooks/site.py). Otherwise a page
is rebuilt when its own source, or what the glue says it shows of others (``BuildState.page_inputs``: its date, a
one-page manual's chapters, the lists of a generated page, a manual's contents, a status page's HTML made from
every post at build time), changed; or when it shows a block whose content follows the clock or the status
blog (``ALWAYS_MARKERS``). What the skipped pages gave the last build in
their page events (a chapter's HTML for the one-page manual, a news post's HTML for the feed, the hashes of the
theme's inline scripts, the related list shown) is kept in this process (``LastBuild.products``), so the build
can finish every site-wide file as a full build would.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import signal
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks.core.mdcode import first_heading

SCOPE_ENV = "SUPPORTSITE_SCOPE"
"""Set to ``status`` by ``supportsite publish status``: a ``--dirty`` build of the status blog's outputs only."""
SCOPES = ("status",)

# Writer markers whose HTML follows the clock or the status blog, not the page's own source.
ALWAYS_MARKERS = frozenset({"hours", "hours-exceptions", "open-now", "status-summary", "contact-jsonld"})


def digest(*parts: Any) -> str:
    """One digest of JSON-serialisable ``parts`` (strings, numbers, lists, dicts; anything else by its ``str``)."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def front_matter(doc: Any) -> dict[str, Any]:
    """What a source document (a dataclass of hooks/core/content.py) shows beyond its own page, or may: titles,
    dates, groupings; all but its body."""
    shown = {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc) if f.name not in ("body", "lines", "chapters")}
    if doc.title is None:
        shown["heading"] = first_heading(doc.body)  # the title, then
    return shown


def posts_digest(posts: Iterable[Any]) -> str:
    """One digest of the status posts as written (their bodies and front matter)."""
    return digest([(post.path, post.body, front_matter(post)) for post in posts])


def files_state(folder: Path) -> list[tuple[str, int, int]]:
    """Every file under ``folder`` (the code and templates) by name, modification time and size."""
    return sorted((p.relative_to(folder).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                  for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def files_text(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """The given files (the configuration) by path and content."""
    return sorted((str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in paths if p.is_file())


@dataclass(frozen=True)
class Inputs:
    """What one build read: ``site`` (what every page shows) and each page's own source, by source URI."""

    site: str
    pages: Mapping[str, str]


@dataclass
class LastBuild:
    """A finished build, as a partial one needs it: what it read, where it was published, what its pages gave."""

    inputs: Inputs | None  # None: not known (a build in another process), so no page is known unchanged
    site_dir: str
    products: dict[str, dict[str, Any]] = field(default_factory=dict)  # source URI → name → value
    banner: Callable[[str, str], str] | None = None  # the status banner its pages show (BuildState.announcement)


@dataclass(frozen=True)
class Plan:
    """The pages a build renders: every page (``pages`` None), or only those in ``pages``."""

    pages: frozenset[str] | None

    def renders(self, uri: str) -> bool:
        return self.pages is None or uri in self.pages


FULL = Plan(None)


def plan(before: LastBuild | None, now: Inputs, always: Iterable[str],
         may_appear: Callable[[str], bool] = lambda uri: False) -> Plan:
    """What this build renders, given the last build (None: there is none to start from) and ``always`` (the
    generated pages and those with an ``ALWAYS_MARKERS`` block). A page that is new since the last build is
    rendered if ``may_appear`` says no other page shows it (a status post: its own pages list it); any other page
    more or less, everything."""
    if before is None or before.inputs is None or before.inputs.site != now.site \
            or not before.inputs.pages.keys() <= now.pages.keys() \
            or not all(may_appear(uri) for uri in now.pages.keys() - before.inputs.pages.keys()):
        return FULL
    changed = {uri for uri, text in now.pages.items() if before.inputs.pages.get(uri) != text}
    return Plan(frozenset(changed) | frozenset(always))


class Memory:
    """The last finished build of each site folder in this process (``mkdocs serve`` builds many times), whether
    this process builds partially (``--dirty``, given once to the first build's hooks), and the work a partial build
    leaves to finish in the published site once it is swapped in (the search index: the page comes first)."""

    def __init__(self) -> None:
        self._last: dict[str, LastBuild] = {}
        self.dirty = False
        self.serving = False  # `mkdocs serve`: its site folders are temporary
        self.wake: Callable[[], None] | None = None  # asks `mkdocs serve` for one more build (hooks/knowledge.py)
        self.helpers: set[int] = set()  # the processes converting or rendering a share of this build's pages
        self.is_helper = False  # this process is that one: it never waits for the build's background work
        self.published = False  # the last build swapped its site in, and MkDocs found nothing wrong after that
        self.posts: dict[str, str] = {}  # site folder → the status posts its last published build read (posts_digest)
        self._site_dirs: set[str] = set()
        self._later: list[Callable[[], None]] = []
        self._running: list[threading.Thread] = []

    def later(self, job: Callable[[], None]) -> None:
        """Run ``job`` once this build is published (``start_later``); a failed build drops it (``drop_later``)."""
        self._later.append(job)

    def start_later(self) -> None:
        for job in self._later:
            thread = threading.Thread(target=job, name="supportsite-after-swap", daemon=True)
            thread.start()
            self._running.append(thread)
        self._later = []

    def drop_later(self) -> list[Callable[[], None]]:
        dropped, self._later = self._later, []
        return dropped

    def stop_helpers(self) -> None:
        """Stop the processes working on a share of a failed build's pages, so that they write no more."""
        for pid in self.helpers:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        self.helpers = set()

    def settle(self) -> None:
        """Wait for the work of the last build: the next one starts from a complete site."""
        for thread in self._running:
            thread.join()
        self._running = []

    def status_first(self, site_dir: str, posts: str) -> bool:
        """Whether a preview build of ``site_dir`` publishes the status blog first: its posts changed since the
        last published build (a new incident, an update), and the server can be asked for the build that
        follows with the rest (``wake``). That build starts from the last whole one (a scoped build keeps none):
        every page's banner as first painted, which the browser has already updated from the status JSON."""
        return self.serving and self.wake is not None and self.posts.get(site_dir, posts) != posts

    def get(self, site_dir: str) -> LastBuild | None:
        return self._last.get(site_dir)

    def keep(self, last: LastBuild) -> None:
        self._last[last.site_dir] = last

    def forget(self, site_dir: str) -> None:
        self._last.pop(site_dir, None)

    def note_site_dir(self, site_dir: str) -> None:
        self._site_dirs.add(site_dir)

    def site_dirs(self) -> list[str]:
        """The site folders this process built into."""
        return sorted(self._site_dirs)


MEMORY = Memory()
