"""The state of the services at one moment: each component now and over 90 days, the overall state, and the posts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hooks.core.config import Component, ComponentGroup, SiteConfig
from hooks.core.incidents import (
    FINAL_STATE, SEVERITY, Segment, StatusPost, Update, component_impact_at, duration, ended_at, is_active, is_auto,
    is_published, is_upcoming, latest_update, segments, sort_posts, started_at, state_at, updated_at, visible_updates,
)

DAYS = 90
PARTIAL_WEIGHT = 0.3
UPCOMING_BANNER_DAYS = 7
RECENT_POSTS = 5  # the status page's "latest events"
COMPONENT_INDICATOR = {"operational": "none", "under_maintenance": "none", "degraded_performance": "minor",
                       "partial_outage": "major", "major_outage": "critical"}
INDICATOR_ORDER = ("none", "minor", "major", "critical")


# --- states -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overall:
    indicator: str  # Statuspage's status.indicator: none, minor, major or critical
    maintenance: bool  # a maintenance is in progress


def published(posts: Iterable[StatusPost], now: dt.datetime) -> list[StatusPost]:
    """The posts whose first update is due at ``now``, newest first."""
    return sort_posts([p for p in posts if is_published(p, now)])


def component_states(config: SiteConfig, posts: list[StatusPost], now: dt.datetime) -> dict[str, str]:
    return {c.id: component_impact_at(posts, c.id, now) for c in config.status.components}


def overall_status(config: SiteConfig, posts: list[StatusPost], now: dt.datetime,
                   states: dict[str, str] | None = None) -> Overall:
    """The worst of the open incidents' impacts and of what the components' states imply."""
    states = states if states is not None else component_states(config, posts, now)
    levels = [COMPONENT_INDICATOR[s] for s in states.values()]
    levels += [p.impact for p in posts if p.kind == "incident" and is_active(p, now)]
    indicator = max(levels, key=INDICATOR_ORDER.index, default="none")
    maintenance = any(p.kind == "maintenance" and is_active(p, now) for p in posts)
    return Overall(indicator, maintenance)


@dataclass(frozen=True)
class PostStatus:
    """One post as known at the build's ``now``: its state, times and the updates already posted."""

    post: StatusPost
    state: str
    auto: bool  # a maintenance whose state follows its window
    closed: bool
    started: dt.datetime
    ended: dt.datetime | None
    duration: dt.timedelta | None  # None for a notice, which lasts no time
    updates: tuple[Update, ...]  # posted, oldest first
    latest: Update | None
    updated: dt.datetime


def post_status(post: StatusPost, now: dt.datetime) -> PostStatus:
    state = state_at(post, now)
    return PostStatus(post=post, state=state, auto=is_auto(post, now), closed=state == FINAL_STATE[post.kind],
                      started=started_at(post), ended=ended_at(post, now),
                      duration=duration(post, now) if post.kind != "notice" else None,
                      updates=visible_updates(post, now), latest=latest_update(post, now),
                      updated=updated_at(post, now))


# --- 90 days ----------------------------------------------------------------------------------------


def flatten(parts: list[Segment], until: dt.datetime) -> list[tuple[dt.datetime, dt.datetime, str]]:
    """Non-overlapping (start, end, impact) pieces of one component; the worse impact wins where posts overlap."""
    if not parts:
        return []
    edges = sorted({s.start for s in parts} | {min(s.end or until, until) for s in parts})
    pieces: list[tuple[dt.datetime, dt.datetime, str]] = []
    for start, end in zip(edges, edges[1:]):
        covering = [s.impact for s in parts if s.start <= start and (s.end is None or s.end >= end) and start < until]
        if covering:
            impact = max(covering, key=SEVERITY.__getitem__)
            if pieces and pieces[-1][1] == start and pieces[-1][2] == impact:
                pieces[-1] = (pieces[-1][0], end, impact)
            else:
                pieces.append((start, end, impact))
    return pieces


@dataclass(frozen=True)
class DayBar:
    day: dt.date
    impact: str  # the worst impact of the day, operational when none
    minutes: dict[str, int]  # minutes per impact (operational not listed)
    posts: tuple[str, ...]  # slugs


@dataclass(frozen=True)
class ComponentHistory:
    component: Component
    status: str
    bars: tuple[DayBar, ...]
    uptime: float


def period_start(now: dt.datetime, tz: ZoneInfo, days: int = DAYS) -> dt.datetime:
    """Local midnight at the start of the first of the last ``days`` days (today included), as a UTC instant."""
    first = now.astimezone(tz).date() - dt.timedelta(days=days - 1)
    return local_midnight(first, tz)


def local_midnight(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The instant ``day`` begins in ``tz``, in UTC.

    In UTC because Python subtracts two datetimes that share one tzinfo in wall-clock time: across a change to
    or from summer time a day is 23 or 25 hours long, and wall-clock arithmetic would call it 24."""
    return dt.datetime.combine(day, dt.time(), tz).astimezone(dt.timezone.utc)


def component_history(component: Component, posts: list[StatusPost], now: dt.datetime, tz: ZoneInfo,
                      days: int = DAYS, parts: list[Segment] | None = None) -> ComponentHistory:
    """One component's state now, a bar per day and its uptime over the last ``days`` days (today included).

    Uptime is ``100 × (1 − (major outage minutes + 0.3 × partial outage minutes) / minutes in the period)``, the
    weighting Statuspage uses. Degraded performance and maintenance do not count as downtime. When two posts touch
    the component at once the worse impact counts, once. ``parts``: the component's segments, when known."""
    if parts is None:
        parts = [s for p in posts for s in segments(p, now) if s.component == component.id]
    now = now.astimezone(dt.timezone.utc)  # every instant below in UTC: see local_midnight
    start = period_start(now, tz, days)
    # Only what touches the period counts; the rest of the history does not change the bars.
    parts = [s for s in parts if s.end is None or s.end > start]
    pieces = [(begin.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc), impact)
              for begin, end, impact in flatten(parts, now)]
    bars = []
    weighted = 0.0
    for offset in range(days):
        day = start.astimezone(tz).date() + dt.timedelta(days=offset)
        lo = local_midnight(day, tz)
        hi = min(local_midnight(day + dt.timedelta(days=1), tz), now)
        minutes: dict[str, int] = {}
        for begin, end, impact in pieces:
            overlap = (min(end, hi) - max(begin, lo)).total_seconds() / 60
            if overlap > 0:
                minutes[impact] = minutes.get(impact, 0) + round(overlap)
                weighted += overlap * {"major_outage": 1.0, "partial_outage": PARTIAL_WEIGHT}.get(impact, 0.0)
        slugs = sorted({s.post for s in parts if s.start < hi and (s.end is None or s.end > lo)})
        worst = max(minutes, key=SEVERITY.__getitem__, default="operational")
        bars.append(DayBar(day, worst, minutes, tuple(slugs)))
    total = (now - start).total_seconds() / 60
    uptime = 100.0 * (1 - weighted / total) if total > 0 else 100.0
    status = "operational"
    for s in parts:
        if s.start <= now and (s.end is None or now < s.end) and SEVERITY[s.impact] > SEVERITY[status]:
            status = s.impact
    return ComponentHistory(component, status, tuple(bars), uptime)


# --- the model of one build -------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupStatus:
    group: ComponentGroup
    components: tuple[Component, ...]  # in site_config's order


class StatusModel:
    """What the status pages, feeds, calendar and API of one build show, from the validated project and one ``now``.

    Computed once per build: every page, feed and JSON file reads the same impacts."""

    def __init__(self, config: SiteConfig, posts: Iterable[StatusPost], now: dt.datetime):
        self.config, self.now, self.tz = config, now, config.timezone
        self.posts = published(posts, now)
        self.by_path = {p.path: p for p in self.posts}
        self.statuses = {p.slug: post_status(p, now) for p in self.posts}
        self.segments = {p.slug: segments(p, now) for p in self.posts}
        self.component_segments: dict[str, list[Segment]] = {c.id: [] for c in config.status.components}
        for parts in self.segments.values():
            for segment in parts:
                self.component_segments[segment.component].append(segment)
        self.histories = {c.id: component_history(c, self.posts, now, self.tz, parts=self.component_segments[c.id])
                          for c in config.status.components}
        self.states = {cid: h.status for cid, h in self.histories.items()}
        self.overall = overall_status(config, self.posts, now, self.states)
        self.groups = tuple(GroupStatus(g, tuple(c for c in config.status.components if c.group == g.id))
                            for g in config.status.groups)
        self.months = self._by_month()

    def _by_month(self) -> dict[str, list[StatusPost]]:
        out: dict[str, list[StatusPost]] = {}
        for post in self.posts:
            out.setdefault(posted_month(post, self.tz), []).append(post)
        return dict(sorted(out.items(), reverse=True))

    def status(self, post: StatusPost) -> PostStatus:
        return self.statuses[post.slug]

    def open_now(self) -> list[StatusPost]:
        """Every open post: incidents and notices not yet closed, maintenance in progress or verifying."""
        return [p for p in self.posts if is_active(p, self.now)]

    def open_incidents(self) -> list[StatusPost]:
        """Open incidents and notices (maintenance has its own list)."""
        return [p for p in self.posts if p.kind != "maintenance" and is_active(p, self.now)]

    def ongoing_maintenance(self) -> list[StatusPost]:
        return [p for p in self.posts if p.kind == "maintenance" and is_active(p, self.now)]

    def upcoming_maintenance(self) -> list[StatusPost]:
        """Scheduled maintenance, the soonest window first."""
        upcoming = [p for p in self.posts if p.kind == "maintenance" and is_upcoming(p, self.now)]
        return sorted(upcoming, key=lambda p: p.scheduled.start)

    def recent(self) -> list[StatusPost]:
        """The latest posts that are neither open nor upcoming."""
        return [p for p in self.posts if not is_active(p, self.now) and not is_upcoming(p, self.now)][:RECENT_POSTS]

    def banner(self) -> list[StatusPost]:
        """What every page announces: open posts, then maintenance starting within a week."""
        soon = [p for p in self.posts if is_upcoming(p, self.now) and p.scheduled
                and p.scheduled.start - self.now <= dt.timedelta(days=UPCOMING_BANNER_DAYS)]
        return [*self.open_now(), *soon]

    def posts_of(self, component_id: str) -> list[StatusPost]:
        return [p for p in self.posts if component_id in p.components]

    def group_of(self, component: Component) -> ComponentGroup:
        return next(g.group for g in self.groups if g.group.id == component.group)

    def newer_and_older(self, month: str) -> tuple[str | None, str | None]:
        """The months with posts next to ``month``: the newer one and the older one (None at either end)."""
        months = list(self.months)
        index = months.index(month)
        return (months[index - 1] if index > 0 else None, months[index + 1] if index + 1 < len(months) else None)


def posted_month(post: StatusPost, tz: ZoneInfo) -> str:
    """``2026-11``: the month (in ``tz``) the post was first posted, as the history lists it."""
    return post.updates[0].at.astimezone(tz).strftime("%Y-%m")
