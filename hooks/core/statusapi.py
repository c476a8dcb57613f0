"""Statuspage API v2 compatible JSON (summary, status, components, incidents, scheduled maintenances).

Field names and state values follow Atlassian Statuspage's public API v2, so that status widgets and
bots written for it read these files unchanged. Notices are not part of that API and are left out.
Every time is shown in the page's time zone with milliseconds, as Statuspage writes them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hooks.core.config import Component
from hooks.core.feeds import EMPTY_FEED_UPDATED
from hooks.core.incidents import FINAL_STATE, SEVERITY, StatusPost, is_active, is_upcoming, started_at
from hooks.core.statuslabels import LABELS
from hooks.core.statusmodel import StatusModel
from hooks.core.urlmap import STATUS_URL, absolute_url, post_url, site_host

RECENT = 50  # Statuspage lists the 50 most recent incidents and maintenances


class StatusApi:
    """The JSON documents of one build, from the same ``StatusModel`` as the pages; descriptions in ``language``."""

    def __init__(self, model: StatusModel, site_url: str, site_name: str, language: str = "fi"):
        self.model, self.site_url, self.site_name, self.labels = model, site_url, site_name, LABELS[language]
        self.tz = model.tz
        self.now = model.now
        self.page_id = site_host(site_url).replace(".", "-")
        self.posts = [p for p in model.posts if p.kind in ("incident", "maintenance")]
        times = [u.at for p in self.posts for u in model.status(p).updates]
        self.updated = max(times, default=EMPTY_FEED_UPDATED)
        self.created = min(times, default=EMPTY_FEED_UPDATED)
        self._components: dict[str, dict[str, Any]] = {}
        self.positions: dict[str, int] = {}  # groups and their members in page order, as Statuspage numbers them
        for group in model.groups:
            self.positions[group.group.id] = len(self.positions) + 1
            for component in group.components:
                self.positions[component.id] = len(self.positions) + 1

    def time(self, moment: dt.datetime | None) -> str | None:
        return None if moment is None else moment.astimezone(self.tz).isoformat(timespec="milliseconds")

    # -- objects ----------------------------------------------------------------------------------

    def page(self) -> dict[str, Any]:
        return {"id": self.page_id, "name": self.site_name, "url": absolute_url(self.site_url, STATUS_URL),
                "time_zone": self.tz.key, "updated_at": self.time(self.updated)}

    def status(self) -> dict[str, str]:
        overall = self.model.overall
        return {"indicator": overall.indicator, "description": self.labels.describe(overall)}

    def _changed_at(self, component_id: str) -> dt.datetime:
        edges = [edge for s in self.model.component_segments[component_id]
                 for edge in (s.start, s.end) if edge is not None and edge <= self.now]
        return max(edges, default=self.created)

    def component(self, component: Component) -> dict[str, Any]:
        if component.id not in self._components:
            self._components[component.id] = self._component(component, self.positions[component.id])
        return self._components[component.id]

    def _component(self, component: Component, position: int) -> dict[str, Any]:
        return {
            "id": component.id, "name": component.name,
            "status": self.model.states[component.id],
            "created_at": self.time(self.created), "updated_at": self.time(self._changed_at(component.id)),
            "position": position, "description": component.description, "showcase": True, "start_date": None,
            "group_id": component.group, "page_id": self.page_id, "group": False, "only_show_if_degraded": False,
        }

    def components(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for group_status in self.model.groups:
            group, members = group_status.group, group_status.components
            out.append({
                "id": group.id, "name": group.name, "status": _worst([self.model.states[c.id] for c in members]),
                "created_at": self.time(self.created),
                "updated_at": self.time(max((self._changed_at(c.id) for c in members), default=self.created)),
                "position": self.positions[group.id], "description": None, "showcase": False, "start_date": None, "group_id": None,
                "page_id": self.page_id, "group": True, "only_show_if_degraded": False,
                "components": [c.id for c in members],
            })
            out += [self.component(component) for component in members]
        return out

    def _updates(self, post: StatusPost) -> list[dict[str, Any]]:
        shown = self.model.status(post).updates
        current = {c: "operational" for c in post.components}
        records = []
        final = FINAL_STATE[post.kind]
        for index, update in enumerate(shown):
            if index == 0:
                change = dict(post.components)
            elif update.status == final:
                change = {c: "operational" for c in post.components}
            else:
                change = dict(update.components or {})
            if post.kind == "maintenance" and index == 0 and update.status == "scheduled":
                change = {}  # announcing a maintenance does not change any component yet
            affected = [{"code": c, "name": self.model.config.status.component(c).name,
                         "old_status": current[c], "new_status": new}
                        for c, new in change.items() if current.get(c) != new]
            current.update(change)
            records.append({
                "id": f"{post.slug}-{index + 1}", "status": update.status, "body": update.text,
                "incident_id": post.slug, "created_at": self.time(update.at), "updated_at": self.time(update.at),
                "display_at": self.time(update.at), "affected_components": affected or None,
                "deliver_notifications": True, "custom_tweet": None, "tweet_id": None,
            })
        return list(reversed(records))  # newest first, as Statuspage lists them

    def incident(self, post: StatusPost) -> dict[str, Any]:
        status = self.model.status(post)
        shown = status.updates
        monitoring = next((u.at for u in shown if u.status == "monitoring"), None)
        record = {
            "id": post.slug, "name": post.title, "status": status.state,
            "created_at": self.time(shown[0].at), "updated_at": self.time(status.updated),
            "monitoring_at": self.time(monitoring), "resolved_at": self.time(status.ended),
            "impact": post.impact, "shortlink": absolute_url(self.site_url, post_url(post.slug)),
            "started_at": self.time(status.started), "page_id": self.page_id,
            "incident_updates": self._updates(post),
            "components": [self.component(self.model.config.status.component(c)) for c in post.components],
        }
        if post.kind == "maintenance" and post.scheduled:
            record["scheduled_for"] = self.time(post.scheduled.start)
            record["scheduled_until"] = self.time(post.scheduled.end)
        return record

    # -- documents --------------------------------------------------------------------------------

    def incidents(self, unresolved: bool = False) -> list[dict[str, Any]]:
        chosen = [p for p in self.posts if p.kind == "incident" and (not unresolved or is_active(p, self.now))]
        return [self.incident(p) for p in chosen[:RECENT]]

    def maintenances(self, which: str = "all") -> list[dict[str, Any]]:
        chosen = [p for p in self.posts if p.kind == "maintenance"]
        if which == "upcoming":
            chosen = sorted((p for p in chosen if is_upcoming(p, self.now)), key=started_at)
        elif which == "active":
            chosen = [p for p in chosen if is_active(p, self.now)]
        elif which == "summary":
            chosen = sorted((p for p in chosen if is_active(p, self.now) or is_upcoming(p, self.now)), key=started_at)
        return [self.incident(p) for p in chosen[:RECENT]]

    def documents(self) -> dict[str, dict[str, Any]]:
        page = self.page()
        return {
            "summary.json": {"page": page, "components": self.components(), "incidents": self.incidents(unresolved=True),
                             "scheduled_maintenances": self.maintenances("summary"), "status": self.status()},
            "status.json": {"page": page, "status": self.status()},
            "components.json": {"page": page, "components": self.components()},
            "incidents.json": {"page": page, "incidents": self.incidents()},
            "incidents/unresolved.json": {"page": page, "incidents": self.incidents(unresolved=True)},
            "scheduled-maintenances.json": {"page": page, "scheduled_maintenances": self.maintenances()},
            "scheduled-maintenances/upcoming.json": {"page": page, "scheduled_maintenances": self.maintenances("upcoming")},
            "scheduled-maintenances/active.json": {"page": page, "scheduled_maintenances": self.maintenances("active")},
        }


def _worst(statuses: list[str]) -> str:
    return max(statuses, key=SEVERITY.__getitem__, default="operational")


def api_files(model: StatusModel, site_url: str, site_name: str, language: str = "fi") -> dict[str, dict[str, Any]]:
    """Each file of the API and its JSON value, by its path in each of ``urlmap.API_V2_FOLDERS``."""
    return StatusApi(model, site_url, site_name, language).documents()
