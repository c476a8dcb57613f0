"""Status posts (incidents, maintenance, notices): their front-matter schema, timeline checks and model.

A post's state comes only from its updates: an incident is resolved when, and only when, an update
says ``resolved`` (nothing is inferred from components or from time). Maintenance is the one
exception, as on Statuspage: while its last update is ``scheduled`` it moves to ``in_progress`` at
the window's start and to ``completed`` at its end, unless an update says otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from hooks.core.schema import (
    Boolean, Check, Choice, Context, Instant, KeyPath, ListOf, MappingOf, Model, ShortMarkdown, Text, derived, option,
)
from hooks.core.languages import DEFAULT
from hooks.core.sources import page_url

KINDS = ("incident", "maintenance", "notice")
COMPONENT_IMPACTS = ("operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance")
INCIDENT_IMPACTS = ("none", "minor", "major", "critical")
STATES = {
    "incident": ("investigating", "identified", "monitoring", "resolved"),
    "maintenance": ("scheduled", "in_progress", "verifying", "completed"),
    "notice": ("posted", "updated", "closed"),
}
FINAL_STATE = {"incident": "resolved", "maintenance": "completed", "notice": "closed"}
FIRST_STATE = {"incident": "investigating", "maintenance": "scheduled", "notice": "posted"}

SEVERITY = {"operational": 0, "under_maintenance": 1, "degraded_performance": 2, "partial_outage": 3, "major_outage": 4}
"""Which component impact wins when two posts touch one component at once (Statuspage's order)."""


class State(Text):
    """An update's state; which states a post may use depends on its kind (``_states_of_kind``)."""

    def json_type(self):
        return {"enum": list(dict.fromkeys(state for states in STATES.values() for state in states))}


@dataclass(frozen=True)
class Update:
    at: dt.datetime = option(Instant(doc="When the update was posted, with its UTC offset."))
    status: str = option(State(doc="The state from this update on; which states exist depends on the kind: " + "; ".join(
        f"{', '.join(states)} ({kind})" for kind, states in STATES.items()) + "."))
    text: str = option(ShortMarkdown(doc="Markdown, shown in the timeline and the feeds; raw HTML shows as typed."))
    components: dict[str, str] | None = option(MappingOf(
        Choice(ref="components"), Choice(COMPONENT_IMPACTS), default=None,
        doc="Impacts from this update on, for the components named (others keep theirs)."))
    text_sv: str | None = option(ShortMarkdown(
        default=None, doc="The text in Swedish, for the Swedish pages and feeds (without it they show the Finnish one, "
                          "marked as Finnish)."))


@dataclass(frozen=True)
class Window:
    start: dt.datetime = option(Instant(doc="When the maintenance begins, with its UTC offset."))
    end: dt.datetime = option(Instant(doc="When the maintenance ends, with its UTC offset."))


# --- checks on the timeline (each reports ``path:line: key: problem (expected …, got …)``) -------


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat()


def _states_of_kind(values: dict, ctx: Context, key: KeyPath) -> None:
    allowed = STATES[values["kind"]]
    for index, update in enumerate(values["updates"]):
        if update.status not in allowed:
            ctx.report((*key, "updates", index, "status"), f"state does not belong to a {values['kind']}",
                       "one of " + ", ".join(allowed), repr(update.status))


def _updates_in_order(values: dict, ctx: Context, key: KeyPath) -> None:
    updates = values["updates"]
    for index in range(1, len(updates)):
        before, this = updates[index - 1].at, updates[index].at
        if this < before:
            ctx.report((*key, "updates", index, "at"), "update out of order",
                       f"a time at or after the previous update's {_stamp(before)}", _stamp(this))


def _nothing_after_the_end(values: dict, ctx: Context, key: KeyPath) -> None:
    final = FINAL_STATE[values["kind"]]
    ends = [index for index, update in enumerate(values["updates"]) if update.status == final]
    if ends:
        for index in range(ends[0] + 1, len(values["updates"])):
            word = {"incident": "resolution", "maintenance": "completion", "notice": "closing"}[values["kind"]]
            ctx.report((*key, "updates", index), f"update after {word}",
                       f"no update after updates[{ends[0]}] ({final})", repr(values["updates"][index].status))


def _explicit_resolution(values: dict, ctx: Context, key: KeyPath) -> None:
    # `resolved: true` is how cState marks a closed incident; here the timeline decides, so the flag
    # may only repeat what the updates say.
    flag = values["resolved"]
    if flag is None:
        return
    if values["kind"] != "incident":
        ctx.report((*key, "resolved"), f"resolved flag on a {values['kind']}", "no resolved key", "true" if flag else "false")
        return
    last = values["updates"][-1].status
    if flag and last != "resolved":
        ctx.report((*key, "resolved"), "resolved incident without a resolution update",
                   "a last update with status 'resolved'", repr(last))
    elif not flag and last == "resolved":
        ctx.report((*key, "resolved"), "unresolved incident with a resolution update",
                   "resolved: true, or no resolved key", "false")


def _maintenance_window(values: dict, ctx: Context, key: KeyPath) -> None:
    window = values["scheduled"]
    if values["kind"] == "maintenance":
        if window is None:
            ctx.report((*key, "scheduled"), "maintenance without a scheduled window",
                       "scheduled: with start and end", "nothing")
        elif window.end <= window.start:
            ctx.report((*key, "scheduled", "end"), "maintenance ends before it starts",
                       f"a time after the start {_stamp(window.start)}", _stamp(window.end))
    elif window is not None:
        ctx.report((*key, "scheduled"), f"scheduled window on a {values['kind']}",
                   "scheduled only when kind is maintenance", "a mapping")


def _component_impacts(values: dict, ctx: Context, key: KeyPath) -> None:
    kind, listed = values["kind"], values["components"]
    if kind != "maintenance":
        for name, impact in listed.items():
            if impact == "under_maintenance":
                ctx.report((*key, "components", name), f"under_maintenance on a {kind}",
                           "degraded_performance, partial_outage or major_outage (maintenance is its own kind)", repr(impact))
    for index, update in enumerate(values["updates"]):
        for name in update.components or {}:
            if name not in listed:
                ctx.report((*key, "updates", index, "components", name), "component not listed in the post's components",
                           "one of " + ", ".join(listed) if listed else "components: listed at the top first", repr(name))


def _first_update_first(values: dict, ctx: Context, key: KeyPath) -> None:
    # A maintenance announced as already running is fine, but one cannot announce the future after it ended.
    updates = values["updates"]
    if values["kind"] == "maintenance" and values["scheduled"] is not None and updates[0].status == "scheduled":
        if updates[0].at >= values["scheduled"].end:
            ctx.report((*key, "updates", 0, "at"), "maintenance announced as scheduled after its window",
                       f"a time before the end {_stamp(values['scheduled'].end)}", _stamp(updates[0].at))


@dataclass(frozen=True, kw_only=True)
class StatusPost:
    CHECKS: ClassVar[tuple[Check, ...]] = (_states_of_kind, _updates_in_order, _nothing_after_the_end,
                                           _explicit_resolution, _maintenance_window, _component_impacts,
                                           _first_update_first)

    path: str = derived(lambda source: source.path)
    title: str = option(Text(doc="The post's headline on the status page and in the feeds."))
    title_sv: str | None = option(Text(
        default=None, doc="The headline in Swedish, for the Swedish pages and feeds (without it they show the Finnish "
                          "one, marked as Finnish)."))
    kind: str = option(Choice(KINDS, doc="What the post is about: a fault, planned work, or a notice."))
    impact: str = option(Choice(INCIDENT_IMPACTS, default="none", doc="Overall impact, as Statuspage names it."))
    components: dict[str, str] = option(MappingOf(Choice(ref="components"), Choice(COMPONENT_IMPACTS), default={},
                                                  doc="Each affected component and its impact from the first update on."))
    scheduled: Window | None = option(Model(Window, default=None,
                                            doc="The maintenance window; required for maintenance, refused otherwise."))
    resolved: bool | None = option(Boolean(default=None, doc="Optional, cState style; must agree with the last update."))
    updates: tuple[Update, ...] = option(ListOf(Model(Update), min_len=1, doc="The timeline, oldest first."))
    body: str = derived(lambda source: source.body, default="")
    body_line: int = derived(lambda source: source.body_line, default=1)
    url: str = derived(lambda source: page_url(source.path), default="")
    lines: dict = derived(lambda source: dict(source.meta.lines), default_factory=dict, compare=False, repr=False)

    @property
    def slug(self) -> str:
        """The post's id everywhere (page URL, feed id, JSON id): its file name without ``.md``."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")


def title_in(post: StatusPost, language: str) -> tuple[str, str]:
    """The post's headline in ``language`` and the language it is actually in (the default's when not translated)."""
    return translated(post, "title", language)


def text_in(update: Update, language: str) -> tuple[str, str]:
    """The update's text in ``language`` and the language it is actually in (the default's when not translated)."""
    return translated(update, "text", language)


def translated(item: object, name: str, language: str) -> tuple[str, str]:
    """``item``'s field ``name`` in ``language`` and the language it is actually in (the default's when ``item`` has
    no such translation). A translation is the key with the language after it (``title_sv``), as the writers type
    it beside the original, here and in site_config."""
    if language != DEFAULT:
        value = getattr(item, f"{name}_{language}", None)
        if value:
            return value, language
    return getattr(item, name), DEFAULT


UPDATE_SCHEMA = Model(Update)
POST_SCHEMA = Model(StatusPost)


@dataclass(frozen=True)
class Segment:
    """One component at one impact from ``start`` until ``end`` (None: still so)."""

    component: str
    impact: str
    start: dt.datetime
    end: dt.datetime | None
    post: str  # the post's slug


# --- the model --------------------------------------------------------------------------------------


def visible_updates(post: StatusPost, now: dt.datetime) -> tuple[Update, ...]:
    """The updates already posted at ``now``: a post written ahead of time appears when its first update is due."""
    if post.updates[-1].at <= now:
        return post.updates  # the usual case, and the hot path with 1,000 posts
    return tuple(u for u in post.updates if u.at <= now)


def is_published(post: StatusPost, now: dt.datetime) -> bool:
    return post.updates[0].at <= now


def is_auto(post: StatusPost, now: dt.datetime) -> bool:
    """A maintenance whose state follows its window (its last posted update is still ``scheduled``)."""
    shown = visible_updates(post, now)
    return post.kind == "maintenance" and bool(shown) and shown[-1].status == "scheduled"


def state_at(post: StatusPost, now: dt.datetime) -> str | None:
    """The post's state at ``now`` (None before its first update)."""
    shown = visible_updates(post, now)
    if not shown:
        return None
    state = shown[-1].status
    if post.kind == "maintenance" and state == "scheduled" and post.scheduled:
        if now >= post.scheduled.end:
            return "completed"
        if now >= post.scheduled.start:
            return "in_progress"
    return state


def is_closed(post: StatusPost, now: dt.datetime) -> bool:
    return state_at(post, now) == FINAL_STATE[post.kind]


def is_active(post: StatusPost, now: dt.datetime) -> bool:
    """Shown as current: an open incident or notice, a maintenance in progress or verifying."""
    state = state_at(post, now)
    if state is None:
        return False
    if post.kind == "maintenance":
        return state in ("in_progress", "verifying")
    return state != FINAL_STATE[post.kind]


def is_upcoming(post: StatusPost, now: dt.datetime) -> bool:
    return post.kind == "maintenance" and state_at(post, now) == "scheduled"


def started_at(post: StatusPost) -> dt.datetime:
    """Incident and notice: the first update. Maintenance: the window's start, or an earlier in_progress update."""
    if post.kind == "maintenance" and post.scheduled:
        begun = [u.at for u in post.updates if u.status in ("in_progress", "verifying", "completed")]
        return min([post.scheduled.start, *begun[:1]])
    return post.updates[0].at


def ended_at(post: StatusPost, now: dt.datetime) -> dt.datetime | None:
    """When the post was resolved, completed or closed, as known at ``now``; None while it is not."""
    final = FINAL_STATE[post.kind]
    for update in visible_updates(post, now):
        if update.status == final:
            return update.at
    if is_auto(post, now) and post.scheduled and now >= post.scheduled.end:
        return post.scheduled.end
    return None


def duration(post: StatusPost, now: dt.datetime) -> dt.timedelta:
    """From start to end, or to ``now`` while the post is open (zero for one not yet started)."""
    start = started_at(post)
    end = ended_at(post, now) or now
    return max(end - start, dt.timedelta(0))


def segments(post: StatusPost, now: dt.datetime) -> list[Segment]:
    """Each component's impact over time, as far as known at ``now``."""
    if post.kind == "notice" or not post.components or not is_published(post, now):
        return []
    start = started_at(post)
    if start > now:
        return []
    end = ended_at(post, now)
    points: list[tuple[dt.datetime, dict[str, str]]] = [(start, dict(post.components))]
    for update in visible_updates(post, now):
        if update.components:
            merged = {**points[-1][1], **update.components}
            points.append((max(update.at, start), merged))
    out: list[Segment] = []
    for component in post.components:
        for index, (moment, impacts) in enumerate(points):
            until = points[index + 1][0] if index + 1 < len(points) else end
            if until is not None and end is not None:
                until = min(until, end)
            if end is not None and moment >= end:
                break
            if until is not None and until <= moment:
                continue
            impact = impacts[component]
            if out and out[-1].component == component and out[-1].impact == impact and out[-1].end == moment:
                out[-1] = Segment(component, impact, out[-1].start, until, post.slug)
            elif impact != "operational":
                out.append(Segment(component, impact, moment, until, post.slug))
    return out


def component_impact_at(posts: list[StatusPost], component: str, now: dt.datetime) -> str:
    """The worst impact any post gives ``component`` at ``now``; operational when none does."""
    worst = "operational"
    for post in posts:
        for segment in segments(post, now):
            if segment.component == component and segment.start <= now and (segment.end is None or now < segment.end):
                if SEVERITY[segment.impact] > SEVERITY[worst]:
                    worst = segment.impact
    return worst


def latest_update(post: StatusPost, now: dt.datetime) -> Update | None:
    shown = visible_updates(post, now)
    return shown[-1] if shown else None


def updated_at(post: StatusPost, now: dt.datetime) -> dt.datetime:
    """The latest posted update's time (a maintenance that completes by its window keeps its last update's time)."""
    shown = visible_updates(post, now)
    return shown[-1].at if shown else post.updates[0].at


def sort_posts(posts: list[StatusPost]) -> list[StatusPost]:
    """Newest first by start, then by slug: a stable order for pages, feeds and JSON."""
    return sorted(posts, key=lambda p: (-started_at(p).timestamp(), p.slug))
