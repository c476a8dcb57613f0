"""MkDocs glue for opening hours and SLA: renders the support markers and writes support/hours.json and hours.ics."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from mkdocs.utils import get_relative_url

from hooks.core.calendar import Calendar
from hooks.core.hoursexport import hours_json, ics_events
from hooks.core.ics import render_calendar
from hooks.core.markers import replace_markers
from hooks.core.supportblocks import PageLinks, SupportBlocks
from hooks.glue import get_state

SCRATCH_KEY = "support"
CONTACT_KEY = "support-contact-url"
SCRIPT = "assets/javascripts/open-now.js"
HOURS_JSON = "support/hours.json"
HOURS_ICS = "support/hours.ics"


def _blocks(config) -> SupportBlocks:
    """This build's renderer; made once per build, so `mkdocs serve` never sees yesterday's calendar."""
    state = get_state(config)
    blocks = state.scratch.get(SCRATCH_KEY)
    if blocks is None:
        site = state.project.config
        today = state.now.astimezone(site.timezone).date()
        blocks = SupportBlocks(site, Calendar.from_config(site), today)
        blocks.env.bytecode_cache = state.template_cache()
        state.scratch[SCRATCH_KEY] = blocks
    return blocks


def on_page_markdown(markdown, page, config, files):
    if "supportsite:" not in markdown:
        return markdown  # most pages carry no marker; skip the per-page work
    blocks = _blocks(config)
    links = PageLinks(
        script_url=get_relative_url(SCRIPT, page.url),
        ics_url=get_relative_url(HOURS_ICS, page.url),
        page_url=config.site_url + page.url if config.site_url else "",
    )
    state = get_state(config)

    def render(name: str) -> str | None:
        if name in ("hours", "hours-exceptions") and config.site_url:
            # the calendar events link to the first page that shows the hours (the contact page)
            state.scratch.setdefault(CONTACT_KEY, config.site_url + page.url)
        if name == "contact-jsonld":
            # Structured data goes in the page's head (see KnowledgeBase.page_blocks); the marker leaves nothing.
            state.add_head(page.url, blocks.render(name, links).strip())
            return ""
        return blocks.render(name, links)

    return replace_markers(markdown, render)


def on_post_build(config):
    blocks = _blocks(config)
    site = blocks.config
    out = Path(config.site_dir)
    (out / HOURS_JSON).parent.mkdir(parents=True, exist_ok=True)
    data = hours_json(site, blocks.calendar, blocks.today)
    (out / HOURS_JSON).write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    # DTSTAMP: midnight UTC of the build date, so rebuilding on the same day gives the same file.
    stamp = dt.datetime.combine(blocks.today, dt.time(), tzinfo=dt.timezone.utc)
    contact = get_state(config).scratch.get(CONTACT_KEY, site.site_url)
    events = ics_events(site, blocks.calendar, blocks.today, stamp, url=contact)
    name = f"{site.organisation.name} {site.organisation.department}: poikkeavat aukioloajat"
    (out / HOURS_ICS).write_bytes(render_calendar(events, name=name).encode("utf-8"))
