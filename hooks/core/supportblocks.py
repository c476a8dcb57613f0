"""HTML blocks for the support markers (hours, exceptions, open now, SLA, teams, channels, JSON-LD) from Jinja templates."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment

from hooks.core import hoursexport as hx
from hooks.core import markup
from hooks.core.calendar import Calendar
from hooks.core.config import SiteConfig
from hooks.core.formats import Formats
from hooks.core.supportlabels import LABELS

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MARKERS = ("hours", "hours-exceptions", "open-now", "sla", "teams", "channels", "contact-jsonld")


def environment() -> Environment:
    """The support templates' environment (autoescaping, ``hooks/core/markup.py``); they are ``support/…``."""
    return markup.environment(TEMPLATES, trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class PageLinks:
    """Where the page that holds the marker finds the site's files (relative URLs) and its own address."""

    script_url: str = "assets/javascripts/open-now.js"
    ics_url: str = "support/hours.ics"
    page_url: str = ""


class SupportBlocks:
    """Renders the support markers for one build: one config, one calendar, one 'today'."""

    def __init__(self, config: SiteConfig, calendar: Calendar, today: dt.date):
        self.config, self.calendar, self.today = config, calendar, today
        self.env = environment()  # one environment per build

    def render(self, name: str, links: PageLinks = PageLinks(), language: str = "fi") -> str | None:
        """The HTML for marker ``name`` on a page in ``language`` as one raw-HTML Markdown block, or None for a marker
        we do not own."""
        if name not in MARKERS:
            return None
        context = getattr(self, "_" + name.replace("-", "_"))(links, language)
        html = self.env.get_template(f"support/{name}.html").render(t=LABELS[language], **context)
        # A blank line would end Markdown's raw HTML block; surrounding blank lines start one.
        body = "\n".join(line for line in html.splitlines() if line.strip())
        return f"\n{body}\n"

    def _hours(self, links: PageLinks, language: str) -> dict:
        labels, formats = LABELS[language], Formats(language)
        return {
            "rows": hx.week_rows(self.config, language),
            "caption": labels.hours_caption.format(timezone=self.config.timezone.key),
            "note": labels.hours_note.format(time=formats.clock(self.config.hours.eves.closes_at)),
        }

    def _hours_exceptions(self, links: PageLinks, language: str) -> dict:
        labels, formats = LABELS[language], Formats(language)
        first, last = hx.listing_horizon(self.today)
        days = [
            {"date": day.date.isoformat(), "closed": day.closed, "text": hx.describe_day(day, language),
             "breaks": labels.break_note.format(breaks=gaps) if (gaps := hx.breaks(day.open, formats)) else ""}
            for day in self.calendar.exceptional_days(first, last)
        ]
        intro = labels.exceptions_intro.format(first=formats.date(first), last=formats.date(last))
        return {"days": days, "intro": intro, "ics_url": links.ics_url}

    def _open_now(self, links: PageLinks, language: str) -> dict:
        # Without JavaScript the line still says the regular hours, so it stands alone on any page.
        week = ", ".join(f"{row.days.lower()} {row.hours}" for row in hx.week_rows(self.config, language)
                         if not row.closed)
        schedule = hx.page_schedule(self.config, self.calendar, self.today, language)
        return {"schedule_json": json.dumps(schedule, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                "script_url": links.script_url, "text": LABELS[language].open_now_fallback.format(week=week)}

    def _sla(self, links: PageLinks, language: str) -> dict:
        formats = Formats(language)
        working_day = hx.working_day_minutes(self.config)
        rows = [
            {"id": p.id, "name": p.name[language], "description": p.description[language],
             "target": formats.work_duration(p.target_minutes, working_day),
             "default": p.id == self.config.sla.default_priority}
            for p in self.config.sla.priorities
        ]
        note = LABELS[language].sla_note.format(working_day=formats.work_duration(working_day, 0))
        return {"rows": rows, "note": note}

    def _teams(self, links: PageLinks, language: str) -> dict:
        choose = LABELS[language].teams_choose
        teams = [{"name": t.name[language], "description": t.description[language],
                  "phone_option": choose.format(option=t.phone_option) if t.phone_option else ""}
                 for t in self.config.teams]
        return {"teams": teams}

    def _channels(self, links: PageLinks, language: str) -> dict:
        channels = self.config.channels
        parts = urlsplit(channels.portal)
        return {"portal": channels.portal, "portal_label": (parts.netloc + parts.path).rstrip("/") or channels.portal,
                "email": channels.email, "phone": channels.phone}

    def _contact_jsonld(self, links: PageLinks, language: str) -> dict:
        data = hx.contact_jsonld(self.config, self.calendar, self.today, links.page_url, language)
        return {"jsonld": markup.script_json(data)}
