"""MkDocs glue for opening hours and SLA: the support markers in each page's language, hours.json and hours.ics."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from hooks.core import sitedir
from hooks.core.calendar import Calendar
from hooks.core.hoursexport import calendar_name, hours_json, ics_events
from hooks.core.ics import render_calendar
from hooks.core.languages import LANGUAGES, language_of
from hooks.core.markers import writer_markers
from hooks.core.supportblocks import MARKERS, PageLinks, SupportBlocks
from hooks.core.urlmap import HOURS_ICS, HOURS_JSON
from hooks.core.urls import relative_url
from hooks.glue import get_state

SCRIPT = "assets/javascripts/open-now.js"


def hours_ics(language: str) -> str:
    """Each language's calendar, in its folder (RFC 5545 gives an event one SUMMARY): ``sv/support/hours.ics``."""
    return LANGUAGES[language].prefix + HOURS_ICS


@dataclass
class SupportBuild:
    """This module's state for one build: the renderer (one calendar, one 'today') and each language's contact page."""

    blocks: SupportBlocks
    contact_urls: dict[str, str] = field(default_factory=dict)


def _build(config) -> SupportBuild:
    """This build's state; made once per build, so `mkdocs serve` never sees yesterday's calendar."""
    state = get_state(config)

    def make() -> SupportBuild:
        site = state.project.config
        today = state.now.astimezone(site.timezone).date()
        blocks = SupportBlocks(site, Calendar.from_config(site), today)
        blocks.env.bytecode_cache = state.template_cache()
        return SupportBuild(blocks)
    return state.part(SupportBuild, make)


def on_config(config):
    state = get_state(config)
    for name in MARKERS:
        state.fill_markers(name, functools.partial(_fill, config, name))
    return config


def on_nav(nav, config, files):
    # Made here, before hooks/markdownahead.py forks the process that converts pages ahead (its on_nav is last):
    # that process runs this module's on_page_markdown too, and would otherwise make a calendar of its own (the
    # holidays package imports every country's module first: 0.06 s of a cold build's processor time).
    _build(config)
    return nav


def _fill(config, name: str, page, key: str | None) -> str:
    """The HTML of the support marker ``name`` on ``page``, in the page's language."""
    build = _build(config)
    language = language_of(page.file.src_uri)
    links = PageLinks(
        script_url=relative_url(page.url, SCRIPT),
        ics_url=relative_url(page.url, hours_ics(language)),
        page_url=config.site_url + page.url if config.site_url else "",
    )
    if name == "contact-jsonld":
        return ""  # in the page's head already (on_page_markdown)
    return build.blocks.render(name, links, language).strip()


def on_page_markdown(markdown, page, config, files):
    found = writer_markers(markdown)
    language = language_of(page.file.src_uri)
    build = _build(config)
    if {"hours", "hours-exceptions"} & set(found) and config.site_url and language not in build.contact_urls:
        # Each language's calendar events link to the first page in it that shows the hours (the contact page).
        # Noted here, where pages come one after the other in the site's order, not where markers are filled:
        # a whole build renders pages in two processes (hooks/site.py).
        build.contact_urls[language] = config.site_url + page.url
    # Structured data goes in the page's head, which is rendered before markers are filled: Material's instant
    # navigation would run a script element of the content again, as script.
    if "contact-jsonld" in found:
        links = PageLinks(page_url=config.site_url + page.url if config.site_url else "")
        html = build.blocks.render("contact-jsonld", links, language)
        get_state(config).add_head(page.url, html.strip())
    return markdown


def on_post_build(config):
    if get_state(config).scope is not None:
        return  # the contact page was not rendered: the published hours.json and hours.ics stay
    build = _build(config)
    blocks = build.blocks
    site = blocks.config
    out = Path(config.site_dir)
    data = hours_json(site, blocks.calendar, blocks.today)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    sitedir.replace_file(out / HOURS_JSON, text.encode("utf-8"))
    # DTSTAMP: midnight UTC of the build date, so rebuilding on the same day gives the same file.
    stamp = dt.datetime.combine(blocks.today, dt.time(), tzinfo=dt.timezone.utc)
    for language in LANGUAGES:
        # without a page in this language that shows the hours, its events link to the language's home page
        contact = build.contact_urls.get(language) or (
            site.site_url.rstrip("/") + "/" + LANGUAGES[language].prefix if site.site_url else "")
        events = ics_events(site, blocks.calendar, blocks.today, stamp, url=contact, language=language)
        ics = render_calendar(events, name=calendar_name(site, language), timezone=site.timezone)
        sitedir.replace_file(out / hours_ics(language), ics)
