"""Per-build state shared by the MkDocs hook modules; lives on the config object, never in module globals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks.core.content import Project

STATE_KEY = "supportsite_state"


@dataclass(frozen=True)
class HeadLink:
    """A ``<link rel="alternate">`` for feed autodiscovery, on the pages ``applies`` accepts."""

    href: str
    type: str
    title: str
    applies: Callable[[str], bool] = lambda url: True


@dataclass
class BuildState:
    """What one build knows: the validated project, its one 'now', and what hooks add to every page."""

    root: Path
    now: dt.datetime
    project: Project
    final_site_dir: str
    head_links: list[HeadLink] = field(default_factory=list)
    announcement: str = ""
    extra_head: list[str] = field(default_factory=list)
    scratch: dict[str, Any] = field(default_factory=dict)

    def page_context(self, url: str) -> dict[str, Any]:
        return {
            "head_links": [link for link in self.head_links if link.applies(url)],
            "announcement": self.announcement,
            "extra_head": "\n".join(self.extra_head),
        }


def get_state(config: Any) -> BuildState:
    """The state that ``hooks/site.py`` put on this build's config in ``on_config``."""
    return config[STATE_KEY]
