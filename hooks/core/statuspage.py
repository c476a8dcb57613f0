"""The status pages as HTML: views of the status model for the templates, the pages they make, the banner and summary."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from hooks.core import markup
from hooks.core.config import Component, ComponentGroup
from hooks.core.formats import Formats
from hooks.core.incidents import SEVERITY, StatusPost, Update, text_in, title_in, translated
from hooks.core.languages import LANGUAGES
from hooks.core.markers import mark
from hooks.core.statuslabels import LABELS, StatusLabels
from hooks.core.statusmodel import DAYS, ComponentHistory, DayBar, Overall, StatusModel
from hooks.core.urlmap import (
    API_V2_FILES, API_V2_FOLDER, ATOM_NAME, MAINTENANCE_ICS, RSS_NAME, STATUS_API_V2_FOLDER, STATUS_HISTORY_FOLDER,
    STATUS_URL, absolute_url, component_url, month_url, post_url,
)
from hooks.core.urls import relative_url

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "status"
COMPONENT_ICONS = {  # a shape per state, so that no state is told by colour alone
    "operational": "✓",
    "degraded_performance": "!",
    "partial_outage": "◐",
    "major_outage": "✕",
    "under_maintenance": "⚙",
}
OVERALL_ICONS = {"none": "✓", "minor": "!", "major": "◐", "critical": "✕"}  # Statuspage's status.indicator
# The embeddable status badge (hooks/theme/assets/javascripts/status-badge.js): customers load it from the site.
BADGE_SCRIPT = "assets/javascripts/status-badge.js"
BLOCK = mark("status-block")
"""Where a generated page's HTML goes: filled in after Markdown, which would only re-parse it (slowly)."""
BODY_SLOT = "<!-- status-body -->"
"""Where untranslated_body.html takes a post's body: Markdown for MkDocs to render, as on the post's own page."""


def overall_icon(overall: Overall) -> str:
    if overall.indicator == "none" and overall.maintenance:
        return COMPONENT_ICONS["under_maintenance"]
    return OVERALL_ICONS[overall.indicator]


def environment(render_markdown: markup.ShortMarkdown, labels: StatusLabels, language: str = "fi") -> Environment:
    """The status templates' environment: the labels of one language, and ``markdown`` for the writers' texts."""
    env = markup.environment(TEMPLATES, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    states = labels.post_states
    env.globals.update(component_labels=labels.component_states, component_icons=COMPONENT_ICONS, state_labels=states,
                       impact_labels=labels.impacts, kind_labels=labels.kinds, words=labels.words, language=language,
                       untranslated=LANGUAGES[language].untranslated, status_title=labels.status_title,
                       # what status.js writes when a maintenance window starts or ends by the visitor's clock
                       maintenance_labels=json.dumps({s: states[s] for s in ("scheduled", "in_progress", "completed")},
                                                     ensure_ascii=False, sort_keys=True))
    env.filters["markdown"] = render_markdown
    return env


def _strip_blank_lines(html: str) -> str:
    # Templates leave blank lines where blocks were skipped; the built HTML need not carry them.
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def _utc_iso(moment: dt.datetime) -> str:
    # What status.js reads: one format for every visitor's clock.
    return moment.astimezone(dt.timezone.utc).isoformat()


@dataclass(frozen=True)
class GeneratedPage:
    """A page as Markdown (its title as front matter, the writer's intro, the block marker, the writer's body) and
    its generated HTML, which fills the marker. The title reaches the page only through MkDocs' front matter, which
    the theme shows escaped; no text is formatted into Markdown."""

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


class StatusPages:
    """The HTML of every status page of one build, read from the model; words from one language's labels."""

    def __init__(self, model: StatusModel, language: str = "fi", site_url: str = "", site_name: str = ""):
        """``site_url`` and ``site_name``: the public address and name that the embedding snippets show (without an
        address, the snippets' addresses start at the host's root). Pages of a language other than the default are
        published in its folder (``sv/status/…``) and link to that language's pages and feeds."""
        self.model, self.labels, self.formats = model, LABELS[language], Formats(language)
        self.language, self.prefix = language, LANGUAGES[language].prefix
        self.untranslated = LANGUAGES[language].untranslated
        self.site_url, self.site_name = site_url, site_name
        self.markdown = markup.ShortMarkdown()
        self.env = environment(self.markdown, self.labels, language)
        self.now_text = self.formats.moment(model.now, model.tz)  # the moment every page of the build shows
        self._facts: dict[str, dict] = {}  # by post path: _post_facts (the model, and so each post, is fixed)

    # -- views --------------------------------------------------------------------------------------

    def moment(self, moment: dt.datetime) -> str:
        return self.formats.moment(moment, self.model.tz)

    def url(self, url: str) -> str:
        """A status URL of the default language (``status/``) as this language publishes it (``sv/status/``)."""
        return self.prefix + url

    def translated(self, text_and_language: tuple[str, str]) -> tuple[str, str | None]:
        """A text and, when it is a fallback in another language than the page's, that language (for ``lang``)."""
        text, language = text_and_language
        return text, (None if language == self.language else language)

    def title(self, post: StatusPost) -> tuple[str, str | None]:
        return self.translated(title_in(post, self.language))

    def component_name(self, component: Component | ComponentGroup) -> str:
        """A component's or group's name in this language when site_config gives one (``name_sv``), else as written:
        a service's name is a name, shown unmarked."""
        return translated(component, "name", self.language)[0]

    def post_view(self, post: StatusPost, from_url: str) -> dict:
        config = self.model.config.status
        return {
            **self._post_facts(post),
            "href": relative_url(from_url, self.url(post_url(post.slug))),
            "components": [{"id": cid, "name": self.component_name(config.component(cid)), "impact": impact,
                            "href": relative_url(from_url, self.url(component_url(cid)))}
                           for cid, impact in post.components.items()],
        }

    def _post_facts(self, post: StatusPost) -> dict:
        """What every page shows of a post wherever it links from, made once per build and language (a post is on
        its own page, its month's, each component's: its dates were formatted three times over)."""
        facts = self._facts.get(post.path)
        if facts is not None:
            return facts
        status = self.model.status(post)
        title, title_lang = self.title(post)
        latest = self._update_view(status.latest) if status.latest else {"text": "", "lang": None}
        facts = self._facts[post.path] = {
            "post": post,
            "slug": post.slug,
            "title": title,
            "title_lang": title_lang,  # set when the title is the default language's, shown marked
            "kind": post.kind,
            "state": status.state,
            "auto": status.auto,
            "impact": post.impact,
            "closed": status.closed,
            "start": self.moment(status.started),
            "start_iso": _utc_iso(status.started),
            "end": self.moment(status.ended) if status.ended else None,
            "duration": self.formats.duration(status.duration) if status.duration is not None else None,
            "window": ({"start": self.moment(post.scheduled.start), "end": self.moment(post.scheduled.end),
                        "start_iso": _utc_iso(post.scheduled.start), "end_iso": _utc_iso(post.scheduled.end)}
                       if post.scheduled else None),
            "updates": [self._update_view(u) for u in reversed(status.updates)],
            "latest": status.latest,
            "latest_text": latest["text"],
            "latest_lang": latest["lang"],
            "latest_at": self.moment(status.updated),
        }
        return facts

    def _update_view(self, update: Update) -> dict:
        text, lang = self.translated(text_in(update, self.language))
        return {"at": self.moment(update.at), "at_iso": update.at.isoformat(), "status": update.status, "text": text,
                "lang": lang}

    def bar_label(self, bar: DayBar) -> str:
        """``2.11.2026: laaja katko 30 min, heikentynyt suorituskyky 30 min``: the day's minutes, worst first."""
        day = self.formats.date(bar.day)
        if bar.impact == "operational":
            return self.labels.quiet_day.format(date=day)
        details = ", ".join(f"{self.labels.component_states[k].lower()} {self.formats.duration(dt.timedelta(minutes=v))}"
                            for k, v in sorted(bar.minutes.items(), key=lambda kv: -SEVERITY[kv[0]]))
        return f"{day}: {details}"

    def history_view(self, history: ComponentHistory) -> dict:
        return {"name": self.component_name(history.component), "status": history.status,
                "uptime": self.formats.percent(history.uptime),
                "bars": [{"impact": bar.impact, "label": self.bar_label(bar)} for bar in history.bars]}

    def groups(self, from_url: str) -> list[dict]:
        model = self.model
        return [{"group": g.group, "name": self.component_name(g.group), "components": [
            {"component": c, "name": self.component_name(c), "status": model.states[c.id],
             "href": relative_url(from_url, self.url(component_url(c.id))),
             "history": self.history_view(model.histories[c.id])}
            for c in g.components]} for g in model.groups]

    def month_name(self, month: str) -> str:
        year, number = month.split("-")
        return self.formats.month(int(year), int(number))

    def _feed_links(self, from_url: str, base: str) -> dict:
        """``from_url`` and ``base`` in this language's folder; the status API has the default language only."""
        return {"atom": relative_url(from_url, base + ATOM_NAME), "rss": relative_url(from_url, base + RSS_NAME),
                "ics": relative_url(from_url, self.url(MAINTENANCE_ICS)),
                "api": relative_url(from_url, API_V2_FOLDER + "summary.json")}

    def embed_view(self) -> dict:
        """The absolute addresses that customers copy into their own pages and monitors."""
        site = self.site_url
        return {"site_name": self.site_name, "status_url": absolute_url(site, self.url(STATUS_URL)),
                "badge_script": absolute_url(site, BADGE_SCRIPT), "api_base": absolute_url(site, API_V2_FOLDER),
                "status_api_base": absolute_url(site, STATUS_API_V2_FOLDER),
                "files": [{"name": name, "url": absolute_url(site, API_V2_FOLDER + name)} for name in API_V2_FILES]}

    # -- pages --------------------------------------------------------------------------------------

    def _render(self, template: str, **context) -> str:
        return _strip_blank_lines(self.env.get_template(template).render(now=self.now_text, **context))

    def status_page(self, intro_title: str, intro: str, description: str | None = None) -> GeneratedPage:
        url = self.url(STATUS_URL)
        model = self.model
        html = self._render(
            "index.html", overall=self._overall(), days=DAYS, uptime_help=self.labels.uptime_help,
            active=[self.post_view(p, url) for p in model.open_incidents()],
            ongoing=[self.post_view(p, url) for p in model.ongoing_maintenance()],
            upcoming=[self.post_view(p, url) for p in model.upcoming_maintenance()],
            recent=[self.post_view(p, url) for p in model.recent()],
            groups=self.groups(url), history_href=relative_url(url, self.url(STATUS_HISTORY_FOLDER)),
            links=self._feed_links(url, url), embed=self.embed_view(),
        )
        return GeneratedPage(intro_title, html, intro.strip(), description=description)

    def _overall(self) -> dict:
        overall = self.model.overall
        return {"indicator": overall.indicator, "description": self.labels.describe(overall),
                "icon": overall_icon(overall)}

    def post_page(self, post: StatusPost) -> GeneratedPage:
        """The page of one post: its summary and whole timeline, then the writer's body (description, post-mortem)."""
        url = self.url(post_url(post.slug))
        html = self._render("post.html", p=self.post_view(post, url),
                            status_href=relative_url(url, self.url(STATUS_URL)))
        if self.prefix:  # a translated page has no source of its own to take the title from
            return GeneratedPage(self.title(post)[0], html, body=self._body(post))
        return GeneratedPage(None, html, body=post.body)

    def _body(self, post: StatusPost) -> str:
        """The writer's body (description, post-mortem) on a translated page: it is written in the default language,
        and is marked so (md_in_html renders the Markdown inside the element)."""
        if not post.body.strip():
            return ""
        html = self._render("untranslated_body.html")
        return html.replace(BODY_SLOT, "\n\n" + post.body.strip() + "\n\n")

    def history_index(self) -> GeneratedPage:
        url = self.url(STATUS_HISTORY_FOLDER)
        months = [{"month": m, "name": self.month_name(m), "href": relative_url(url, self.url(month_url(m))),
                   "count": len(ps)} for m, ps in self.model.months.items()]
        html = self._render("history.html", months=months, links=self._feed_links(url, self.url(STATUS_URL)))
        return GeneratedPage(self.labels.history_title, html)

    def month_page(self, month: str) -> GeneratedPage:
        url = self.url(month_url(month))
        newer, older = self.model.newer_and_older(month)
        html = self._render("month.html", posts=[self.post_view(p, url) for p in self.model.months[month]],
                            newer=newer and {"name": self.month_name(newer),
                                             "href": relative_url(url, self.url(month_url(newer)))},
                            older=older and {"name": self.month_name(older),
                                             "href": relative_url(url, self.url(month_url(older)))},
                            history_href=relative_url(url, self.url(STATUS_HISTORY_FOLDER)))
        return GeneratedPage(self.labels.month_title.format(month=self.month_name(month).lower()), html)

    def component_page(self, component: Component) -> GeneratedPage:
        url = self.url(component_url(component.id))
        description = translated(component, "description", self.language) if component.description else None
        html = self._render("component.html", c=component, name=self.component_name(component),
                            description=description and self.translated(description),
                            history=self.history_view(self.model.histories[component.id]),
                            posts=[self.post_view(p, url) for p in self.model.posts_of(component.id)],
                            uptime_help=self.labels.uptime_help, days=DAYS,
                            group=self.component_name(self.model.group_of(component)),
                            status_href=relative_url(url, self.url(STATUS_URL)), links=self._feed_links(url, url))
        return GeneratedPage(self.labels.component_title.format(component=self.component_name(component)), html)

    def summary(self, from_url: str) -> str:
        """The status-summary marker's block: the overall state and what is open now, linked from ``from_url``."""
        active = [self.post_view(p, from_url) for p in self.model.open_now()]
        return self._render("summary.html", overall=self._overall(), active=active,
                            status_href=relative_url(from_url, self.url(STATUS_URL))).strip()

    def announcement(self, root_href: str) -> str:
        """The banner on every page: open incidents and notices, ongoing maintenance, maintenance within a week."""
        posts = self.model.banner()
        if not posts:
            return ""
        views = [self.post_view(p, "") for p in posts]
        for view in views:
            view["href"] = root_href + self.url(post_url(view["slug"]))
        return self._render("announcement.html", posts=views, status_href=root_href + self.url(STATUS_URL)).strip()
