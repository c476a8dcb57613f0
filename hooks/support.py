"""MkDocs glue for opening hours and SLA: renders the support markers and writes support/hours.json and hours.ics."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

from mkdocs.utils import get_relative_url

from hooks.core.calendar import Calendar
from hooks.core.hoursexport import hours_json, ics_events
from hooks.core.ics import render_calendar
from hooks.core.markers import writer_markers
from hooks.core.supportblocks import MARKERS, PageLinks, SupportBlocks
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


def on_config(config):
    state = get_state(config)
    for name in MARKERS:
        state.fill_markers(name, functools.partial(_fill, config, name))
    return config


def _fill(config, name: str, page, key: str | None) -> str:
    """The HTML of the support marker ``name`` on ``page``."""
    blocks = _blocks(config)
    links = PageLinks(
        script_url=get_relative_url(SCRIPT, page.url),
        ics_url=get_relative_url(HOURS_ICS, page.url),
        page_url=config.site_url + page.url if config.site_url else "",
    )
    state = get_state(config)
    if name in ("hours", "hours-exceptions") and config.site_url:
        # the calendar events link to the first page that shows the hours (the contact page)
        state.scratch.setdefault(CONTACT_KEY, config.site_url + page.url)
    if name == "contact-jsonld":
        return ""  # in the page's head already (on_page_markdown)
    return blocks.render(name, links).strip()


def on_page_markdown(markdown, page, config, files):
    # Structured data goes in the page's head, which is rendered before markers are filled: Material's instant
    # navigation would run a script element of the content again, as script.
    if "contact-jsonld" in writer_markers(markdown):
        links = PageLinks(page_url=config.site_url + page.url if config.site_url else "")
        get_state(config).add_head(page.url, _blocks(config).render("contact-jsonld", links).strip())
    return markdown


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
