"""Status posts (incidents, maintenance, notices): their front-matter schema and timeline model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hooks.core.schema import Choice, Context, Instant, KeyPath, ListOf, MappingOf, Struct, Text

KINDS = ("incident", "maintenance", "notice")
COMPONENT_IMPACTS = ("operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance")
INCIDENT_IMPACTS = ("none", "minor", "major", "critical")
STATES = {
    "incident": ("investigating", "identified", "monitoring", "resolved"),
    "maintenance": ("scheduled", "in_progress", "verifying", "completed"),
    "notice": ("posted", "updated", "closed"),
}


@dataclass(frozen=True)
class Update:
    at: dt.datetime
    status: str
    text: str


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class StatusPost:
    path: str
    title: str
    kind: str
    impact: str
    components: dict[str, str]
    scheduled: Window | None
    updates: tuple[Update, ...]
    body: str = ""
    body_line: int = 1
    url: str = ""
    lines: dict = field(default_factory=dict, compare=False, repr=False)


def _states_of_kind(values: dict, ctx: Context, key: KeyPath) -> None:
    allowed = STATES[values["kind"]]
    for index, update in enumerate(values["updates"]):
        if update.status not in allowed:
            ctx.report((*key, "updates", index, "status"), f"state does not belong to a {values['kind']}",
                       "one of " + ", ".join(allowed), repr(update.status))


POST_SCHEMA = Struct(
    {
        "title": Text(),
        "kind": Choice(KINDS),
        "impact": Choice(INCIDENT_IMPACTS, default="none", doc="Overall impact, as Statuspage names it."),
        "components": MappingOf(Choice(ref="components"), Choice(COMPONENT_IMPACTS), default={}),
        "scheduled": Struct({"start": Instant(), "end": Instant()}, default=None, build=Window),
        "updates": ListOf(Struct({
            "at": Instant(),
            "status": Text(),
            "text": Text(),
        }, build=Update), min_len=1),
    },
    checks=[_states_of_kind],
)
