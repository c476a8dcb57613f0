"""The current status as every page's script reads it (status/current.json), and the banner's container it fills."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hooks.core.incidents import StatusPost
from hooks.core.statuspage import StatusPages, overall_icon
from hooks.core.urlmap import STATUS_LIVE, STATUS_URL
from hooks.core.urls import relative_url


def live_post(pages: StatusPages, post: StatusPost) -> dict[str, Any]:
    """One post as the banner and the summary box show it; ``url`` from the site's root."""
    view = pages.post_view(post, "")
    window = view["window"]
    return {
        "slug": view["slug"], "kind": view["kind"], "kind_label": pages.labels.kinds[view["kind"]],
        "title": view["title"], "title_lang": view["title_lang"], "url": view["href"], "state": view["state"],
        "state_label": pages.labels.post_states[view["state"]], "auto": view["auto"],
        "window": None if window is None else {key: window[key] for key in ("start", "end", "start_iso", "end_iso")},
    }


def live_document(pages: StatusPages) -> dict[str, Any]:
    """What status.js needs to redraw the banner and the summary box as the templates draw them at ``model.now``.

    The posts are the model's own choice (``banner()`` for the banner, ``open_now()`` for the summary box, as
    ``StatusPages.announcement`` and ``summary`` take them); every text is data for ``textContent``."""
    model = pages.model
    return {
        "root": relative_url(pages.url(STATUS_LIVE), ""),  # the site's root from this file: where each ``url`` starts
        "now": pages.now_text,
        "untranslated": pages.untranslated,  # the mark after a title shown in another language (``title_lang``)
        "now_iso": model.now.astimezone(dt.timezone.utc).isoformat(),
        "overall": {"indicator": model.overall.indicator, "description": pages.labels.describe(model.overall),
                    "icon": overall_icon(model.overall)},
        # the state names status.js writes when a maintenance window starts or ends by the visitor's clock
        "maintenance_labels": json.loads(pages.env.globals["maintenance_labels"]),
        "banner": [live_post(pages, post) for post in model.banner()],
        "summary": [live_post(pages, post) for post in model.open_now()],
    }


def render_live(pages: StatusPages) -> str:
    """``status/current.json`` (``sv/status/current.json``…): serialised as the status API's files are, so the same
    model gives the same bytes."""
    return json.dumps(live_document(pages), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def banner(pages: StatusPages, root_href: str) -> str:
    """The banner of a page ``root_href`` away from the root; with nothing to announce, its container all the same
    (hidden and empty), so that status.js can show what status/current.json announces after the build."""
    return pages.announcement(root_href) or pages.env.get_template("announcement.html").render(
        posts=[], status_href=root_href + pages.url(STATUS_URL)).strip()
