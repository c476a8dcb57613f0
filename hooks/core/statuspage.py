"""The status pages as values and HTML: overall state, components, 90-day bars and uptime, history, feeds, calendar.

Uptime (shown in the page's help text, ``UPTIME_HELP``): over the 90 days shown, for each component,
``100 × (1 − (major outage minutes + 0.3 × partial outage minutes) / minutes in the period)``, the
weighting Statuspage uses. Degraded performance and maintenance do not count as downtime. When two
posts touch one component at once the worse impact counts, once.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from jinja2 import Environment

from hooks.core import markup
from hooks.core.config import Component, SiteConfig
from hooks.core.feeds import FeedEntry, FeedMeta
from hooks.core.ics import IcsEvent
from hooks.core.incidents import (
    FINAL_STATE, SEVERITY, Segment, StatusPost, component_impact_at, duration, ended_at, is_active, is_auto,
    is_published, is_upcoming, latest_update, segments, sort_posts, started_at, state_at, updated_at,
    visible_updates,
)
from hooks.core.urls import relative_url

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "status"
DAYS = 90
PARTIAL_WEIGHT = 0.3
UPCOMING_BANNER_DAYS = 7
TAG_YEAR = "2026"  # the year the site began: part of every feed id, so it never changes

COMPONENT_LABELS = {
    "operational": "Toimii normaalisti",
    "degraded_performance": "Heikentynyt suorituskyky",
    "partial_outage": "Osittainen katko",
    "major_outage": "Laaja katko",
    "under_maintenance": "Huoltokatko",
}
COMPONENT_ICONS = {  # a shape per state, so that no state is told by colour alone
    "operational": "✓",
    "degraded_performance": "!",
    "partial_outage": "◐",
    "major_outage": "✕",
    "under_maintenance": "⚙",
}
STATE_LABELS = {
    "investigating": "Selvitetään",
    "identified": "Syy tunnistettu",
    "monitoring": "Seurannassa",
    "resolved": "Ratkaistu",
    "scheduled": "Suunniteltu",
    "in_progress": "Käynnissä",
    "verifying": "Tarkistetaan",
    "completed": "Valmis",
    "posted": "Julkaistu",
    "updated": "Päivitetty",
    "closed": "Päättynyt",
}
IMPACT_LABELS = {"none": "Ei vaikutusta", "minor": "Vähäinen", "major": "Merkittävä", "critical": "Kriittinen"}
KIND_LABELS = {"incident": "Häiriö", "maintenance": "Huoltokatko", "notice": "Tiedote"}
OVERALL = {  # Statuspage's status.indicator and its description, in Finnish
    "none": ("Kaikki palvelut toimivat normaalisti", "✓"),
    "minor": ("Vähäisiä häiriöitä", "!"),
    "major": ("Osittainen palvelukatko", "◐"),
    "critical": ("Laaja palvelukatko", "✕"),
}
MAINTENANCE_DESCRIPTION = "Huoltokatko käynnissä"
COMPONENT_INDICATOR = {"operational": "none", "under_maintenance": "none", "degraded_performance": "minor",
                       "partial_outage": "major", "major_outage": "critical"}
INDICATOR_ORDER = ("none", "minor", "major", "critical")
MONTHS = ("tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu",
          "syyskuu", "lokakuu", "marraskuu", "joulukuu")
UPTIME_HELP = (
    "Käytettävyysprosentti lasketaan viimeisten 90 päivän häiriöistä: 100 × (1 − (laajan katkon minuutit "
    "+ 0,3 × osittaisen katkon minuutit) / jakson minuutit). Heikentynyt suorituskyky ja ennalta ilmoitetut "
    "huoltokatkot eivät laske prosenttia. Jos kaksi häiriötä koskee samaa palvelua yhtä aikaa, vakavampi lasketaan kerran."
)


# --- urls -------------------------------------------------------------------------------------------


def post_url(post: StatusPost) -> str:
    return f"status/{post.slug}/"


def component_url(component_id: str) -> str:
    return f"status/components/{component_id}/"


def month_url(month: str) -> str:
    return f"status/history/{month}/"


def absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url


# --- formatting -------------------------------------------------------------------------------------


def format_time(moment: dt.datetime, tz: ZoneInfo) -> str:
    """``3.9.2026 klo 7.48 EEST``: Helsinki wall-clock time with the zone named."""
    local = moment.astimezone(tz)
    return f"{local.day}.{local.month}.{local.year} klo {local.hour}.{local.minute:02d} {local.tzname()}"


def format_date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def format_duration(span: dt.timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} vrk"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes or not parts else []
    return " ".join(parts)


def format_percent(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + " %"


# --- states -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overall:
    indicator: str  # Statuspage's status.indicator: none, minor, major or critical
    description: str
    icon: str
    maintenance: bool


def published(posts: Iterable[StatusPost], now: dt.datetime) -> list[StatusPost]:
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
    description, icon = OVERALL[indicator]
    if indicator == "none" and maintenance:
        description, icon = MAINTENANCE_DESCRIPTION, COMPONENT_ICONS["under_maintenance"]
    return Overall(indicator, description, icon, maintenance)


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

    @property
    def label(self) -> str:
        if self.impact == "operational":
            return f"{format_date(self.day)}: ei häiriöitä"
        details = ", ".join(f"{COMPONENT_LABELS[k].lower()} {format_duration(dt.timedelta(minutes=v))}"
                            for k, v in sorted(self.minutes.items(), key=lambda kv: -SEVERITY[kv[0]]))
        return f"{format_date(self.day)}: {details}"


@dataclass(frozen=True)
class ComponentHistory:
    component: Component
    status: str
    bars: tuple[DayBar, ...]
    uptime: float


def period_start(now: dt.datetime, tz: ZoneInfo, days: int = DAYS) -> dt.datetime:
    """Local midnight at the start of the first of the last ``days`` days (today included)."""
    first = now.astimezone(tz).date() - dt.timedelta(days=days - 1)
    return dt.datetime.combine(first, dt.time(), tz)


def component_history(component: Component, posts: list[StatusPost], now: dt.datetime, tz: ZoneInfo,
                      days: int = DAYS, parts: list[Segment] | None = None) -> ComponentHistory:
    if parts is None:
        parts = [s for p in posts for s in segments(p, now) if s.component == component.id]
    start = period_start(now, tz, days)
    # Only what touches the period counts; the rest of the history does not change the bars.
    parts = [s for s in parts if s.end is None or s.end > start]
    pieces = flatten(parts, now)
    bars = []
    weighted = 0.0
    for offset in range(days):
        day = start.date() + dt.timedelta(days=offset)
        lo = dt.datetime.combine(day, dt.time(), tz)
        hi = min(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz), now)
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


# --- rendering --------------------------------------------------------------------------------------


def _environment(render_markdown: markup.ShortMarkdown) -> Environment:
    env = markup.environment(TEMPLATES, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.globals.update(component_labels=COMPONENT_LABELS, component_icons=COMPONENT_ICONS, state_labels=STATE_LABELS,
                       impact_labels=IMPACT_LABELS, kind_labels=KIND_LABELS, month_name=lambda m: _month_name(m),
                       # what status.js writes when a maintenance window starts or ends by the visitor's clock
                       maintenance_labels=json.dumps({s: STATE_LABELS[s] for s in ("scheduled", "in_progress", "completed")},
                                                     ensure_ascii=False, sort_keys=True))
    env.filters["markdown"] = render_markdown
    return env


def _month_name(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1].capitalize()} {year}"


def _strip_blank_lines(html: str) -> str:
    # Templates leave blank lines where blocks were skipped; the built HTML need not carry them.
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


BLOCK = "<!-- supportsite-status-block -->"
"""Where a generated page's HTML goes: swapped in after Markdown, which would only re-parse it (slowly)."""


@dataclass(frozen=True)
class GeneratedPage:
    """A page as Markdown (its title as front matter, the writer's intro, the block marker, the writer's body) and
    its generated HTML. The title reaches the page only through MkDocs' front matter, which the theme shows escaped;
    no text is formatted into Markdown."""

    title: str | None
    html: str
    intro: str = ""
    body: str = ""
    description: str | None = None

    @property
    def markdown(self) -> str:
        # JSON is YAML: each value is serialised, never pasted into the front matter as text.
        meta = {"title": self.title, "description": self.description}
        lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items() if value]
        front = "---\n" + "\n".join(lines) + "\n---\n\n" if lines else ""
        return f"{front}{self.intro}\n\n{BLOCK}\n\n{self.body}"

    def content(self, page_html: str) -> str:
        """The page's HTML after Markdown, with the generated block in place of its marker."""
        return page_html.replace(BLOCK, self.html, 1)


class StatusSite:
    """Everything the status hook renders for one build, from the validated project and one ``now``."""

    def __init__(self, config: SiteConfig, posts: list[StatusPost], now: dt.datetime, site_url: str, site_name: str):
        self.config, self.now, self.site_url, self.site_name = config, now, site_url, site_name
        self.tz = config.timezone
        self.posts = published(posts, now)
        self.by_path = {p.path: p for p in self.posts}
        self.markdown = markup.ShortMarkdown()
        self._entries: dict[str, FeedEntry] = {}
        self.env = _environment(self.markdown)
        self.host = urlsplit(site_url).hostname or "localhost"
        # Computed once per build: every page, feed and JSON file reads the same impacts.
        self.segments = {p.slug: segments(p, now) for p in self.posts}
        self.component_segments: dict[str, list[Segment]] = {c.id: [] for c in config.status.components}
        for parts in self.segments.values():
            for segment in parts:
                self.component_segments[segment.component].append(segment)
        self.histories = {c.id: component_history(c, self.posts, now, self.tz, parts=self.component_segments[c.id])
                          for c in config.status.components}
        self.states = {cid: h.status for cid, h in self.histories.items()}
        self.overall = overall_status(config, self.posts, now, self.states)

    # -- views --------------------------------------------------------------------------------------

    def post_view(self, post: StatusPost, from_url: str) -> dict:
        shown = visible_updates(post, self.now)
        state = state_at(post, self.now)
        end = ended_at(post, self.now)
        return {
            "post": post,
            "slug": post.slug,
            "href": relative_url(from_url, post_url(post)),
            "kind": post.kind,
            "state": state,
            "auto": is_auto(post, self.now),
            "impact": post.impact,
            "closed": state == FINAL_STATE[post.kind],
            "start": format_time(started_at(post), self.tz),
            "start_iso": started_at(post).astimezone(dt.timezone.utc).isoformat(),
            "end": format_time(end, self.tz) if end else None,
            "duration": format_duration(duration(post, self.now)) if post.kind != "notice" else None,
            "window": ({"start": format_time(post.scheduled.start, self.tz), "end": format_time(post.scheduled.end, self.tz),
                        "start_iso": post.scheduled.start.astimezone(dt.timezone.utc).isoformat(),
                        "end_iso": post.scheduled.end.astimezone(dt.timezone.utc).isoformat()}
                       if post.scheduled else None),
            "components": [{"id": cid, "name": self.config.status.component(cid).name, "impact": impact,
                            "href": relative_url(from_url, component_url(cid))}
                           for cid, impact in post.components.items()],
            "updates": [{"at": format_time(u.at, self.tz), "at_iso": u.at.isoformat(), "status": u.status, "text": u.text}
                        for u in reversed(shown)],
            "latest": latest_update(post, self.now),
            "latest_at": format_time(updated_at(post, self.now), self.tz),
        }

    def groups(self, from_url: str) -> list[dict]:
        states = self.states
        out = []
        for group in self.config.status.groups:
            members = [c for c in self.config.status.components if c.group == group.id]
            out.append({"group": group, "components": [
                {"component": c, "status": states[c.id], "href": relative_url(from_url, component_url(c.id)),
                 "history": self.histories[c.id]}
                for c in members]})
        return out

    @functools.cached_property
    def _months(self) -> dict[str, list[StatusPost]]:
        out: dict[str, list[StatusPost]] = {}
        for post in self.posts:
            month = post.updates[0].at.astimezone(self.tz).strftime("%Y-%m")  # when it was first posted
            out.setdefault(month, []).append(post)
        return dict(sorted(out.items(), reverse=True))

    def months(self) -> dict[str, list[StatusPost]]:
        """Posts by the month (Helsinki time) they were first posted, newest month first."""
        return self._months

    # -- pages --------------------------------------------------------------------------------------

    def _render(self, template: str, **context) -> str:
        return _strip_blank_lines(self.env.get_template(template).render(now=format_time(self.now, self.tz), **context))

    def status_page(self, intro_title: str, intro: str, description: str | None = None) -> GeneratedPage:
        url = "status/"
        posts = self.posts
        active = [self.post_view(p, url) for p in posts if p.kind != "maintenance" and is_active(p, self.now)]
        maintenance = [p for p in posts if p.kind == "maintenance"]
        ongoing = [self.post_view(p, url) for p in maintenance if is_active(p, self.now)]
        upcoming = sorted((self.post_view(p, url) for p in maintenance if is_upcoming(p, self.now)),
                          key=lambda v: v["window"]["start_iso"])
        recent = [self.post_view(p, url) for p in posts
                  if not is_active(p, self.now) and not is_upcoming(p, self.now)][:5]
        html = self._render(
            "index.html", overall=self.overall, active=active, ongoing=ongoing,
            upcoming=upcoming, recent=recent, groups=self.groups(url), uptime_help=UPTIME_HELP, days=DAYS,
            format_percent=format_percent, history_href=relative_url(url, "status/history/"),
            links=self._feed_links(url, "status/"),
        )
        return GeneratedPage(intro_title, html, intro.strip(), description=description)

    def _feed_links(self, from_url: str, base: str) -> dict:
        return {"atom": relative_url(from_url, base + "history.atom"), "rss": relative_url(from_url, base + "history.rss"),
                "ics": relative_url(from_url, "status/maintenance.ics"), "api": relative_url(from_url, "status/api/v2/summary.json")}

    def post_page(self, post: StatusPost) -> GeneratedPage:
        """The page of one post: its summary and whole timeline, then the writer's body (description, post-mortem)."""
        view = self.post_view(post, post_url(post))
        html = self._render("post.html", p=view, status_href=relative_url(post_url(post), "status/"))
        return GeneratedPage(None, html, body=post.body)

    def history_index(self) -> GeneratedPage:
        url = "status/history/"
        months = [{"month": m, "name": _month_name(m), "href": relative_url(url, month_url(m)), "count": len(ps)}
                  for m, ps in self.months().items()]
        html = self._render("history.html", months=months, links=self._feed_links(url, "status/"))
        return GeneratedPage("Häiriöhistoria", html)

    def month_page(self, month: str, posts: list[StatusPost]) -> GeneratedPage:
        url = month_url(month)
        months = list(self.months())
        index = months.index(month)
        nav = {"newer": months[index - 1] if index > 0 else None, "older": months[index + 1] if index + 1 < len(months) else None}
        html = self._render("month.html", posts=[self.post_view(p, url) for p in posts],
                            newer=nav["newer"] and {"name": _month_name(nav["newer"]), "href": relative_url(url, month_url(nav["newer"]))},
                            older=nav["older"] and {"name": _month_name(nav["older"]), "href": relative_url(url, month_url(nav["older"]))},
                            history_href=relative_url(url, "status/history/"))
        title = f"Häiriöhistoria: {_month_name(month).lower()}"
        return GeneratedPage(title, html)

    def component_page(self, component: Component) -> GeneratedPage:
        url = component_url(component.id)
        history = self.histories[component.id]
        posts = [self.post_view(p, url) for p in self.posts if component.id in p.components]
        html = self._render("component.html", c=component, history=history, posts=posts, uptime_help=UPTIME_HELP,
                            days=DAYS, format_percent=format_percent,
                            group=next(g for g in self.config.status.groups if g.id == component.group),
                            status_href=relative_url(url, "status/"), links=self._feed_links(url, url))
        return GeneratedPage(f"{component.name} – palvelun tila", html)

    def summary(self, from_url: str) -> str:
        """The status-summary marker's block: the overall state and what is open now, linked from ``from_url``."""
        active = [self.post_view(p, from_url) for p in self.posts if is_active(p, self.now)]
        return self._render("summary.html", overall=self.overall, active=active,
                            status_href=relative_url(from_url, "status/")).strip()

    def announcement(self, root_href: str) -> str:
        """The banner on every page: open incidents and notices, ongoing maintenance, maintenance within a week."""
        posts = [p for p in self.posts if is_active(p, self.now)]
        soon = [p for p in self.posts if is_upcoming(p, self.now) and p.scheduled
                and p.scheduled.start - self.now <= dt.timedelta(days=UPCOMING_BANNER_DAYS)]
        if not posts and not soon:
            return ""
        views = [self.post_view(p, "") for p in [*posts, *soon]]
        for view in views:
            view["href"] = root_href + post_url(view["post"])
        return self._render("announcement.html", posts=views, status_href=root_href + "status/").strip()

    # -- feeds and calendar ----------------------------------------------------------------------

    def entry_id(self, post: StatusPost) -> str:
        """A tag URI (RFC 4151) from the host and the file name: it never changes when the post is updated."""
        return f"tag:{self.host},{TAG_YEAR}:status/{post.slug}"

    def feed_entry(self, post: StatusPost) -> FeedEntry:
        if post.slug not in self._entries:
            self._entries[post.slug] = self._feed_entry(post)
        return self._entries[post.slug]

    def _feed_entry(self, post: StatusPost) -> FeedEntry:
        shown = visible_updates(post, self.now)
        trail = self.env.get_template("feed_entry.html").render(
            updates=[{"at": format_time(u.at, self.tz), "status": u.status, "text": u.text} for u in reversed(shown)])
        categories = (*post.components, post.kind, post.impact)
        return FeedEntry(id=self.entry_id(post), title=post.title, link=absolute(self.site_url, post_url(post)),
                         published=shown[0].at, updated=shown[-1].at, content_html=trail, categories=categories)

    def feed_meta(self, component: Component | None = None) -> FeedMeta:
        if component is None:
            base, title = "status/", f"{self.site_name}: palvelun tila"
            subtitle = "Häiriöt, huoltokatkot ja tiedotteet"
            feed_id = f"tag:{self.host},{TAG_YEAR}:status"
        else:
            base, title = component_url(component.id), f"{self.site_name}: {component.name}"
            subtitle = f"Häiriöt ja huoltokatkot: {component.name}"
            feed_id = f"tag:{self.host},{TAG_YEAR}:status/components/{component.id}"
        return FeedMeta(id=feed_id, title=title, subtitle=subtitle, link=absolute(self.site_url, base),
                        atom_url=absolute(self.site_url, base + "history.atom"),
                        rss_url=absolute(self.site_url, base + "history.rss"), language="fi",
                        author=self.config.organisation.department)

    def feed_entries(self, component: Component | None = None) -> list[FeedEntry]:
        return [self.feed_entry(p) for p in self.posts if component is None or component.id in p.components]

    def calendar_events(self) -> list[IcsEvent]:
        events = []
        for post in self.posts:
            if post.kind != "maintenance" or post.scheduled is None:
                continue
            affected = ", ".join(self.config.status.component(c).name for c in post.components)
            text = (f"Palvelut: {affected}\n\n" if affected else "") + post.updates[0].text
            events.append(IcsEvent(uid=f"{post.slug}@{self.host}", summary=post.title, start=post.scheduled.start,
                                   end=post.scheduled.end, stamp=updated_at(post, self.now), description=text,
                                   url=absolute(self.site_url, post_url(post))))
        return events
