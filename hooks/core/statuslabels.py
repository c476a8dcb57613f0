"""The words of the status pages, feeds, calendar and API, per language: data the renderers share."""

from __future__ import annotations

from dataclasses import dataclass

from hooks.core.statusmodel import Overall


@dataclass(frozen=True)
class StatusLabels:
    """One language's status words. A second language is one more of these in ``LABELS``: every field is required,
    so a missing word fails at import, not on a page. Texts with ``{…}`` are filled by the renderer that shows them."""

    component_states: dict[str, str]  # a component's state (operational, …, under_maintenance)
    post_states: dict[str, str]  # an update's state (investigating, …, closed)
    impacts: dict[str, str]  # an incident's impact (none, minor, major, critical)
    kinds: dict[str, str]  # incident, maintenance, notice
    overall: dict[str, str]  # Statuspage's status.description for each status.indicator
    maintenance_overall: str  # the description while maintenance is in progress and nothing worse is on
    uptime_help: str
    quiet_day: str  # a day bar without incidents: {date}
    status_title: str  # the status page's title when the writer gives none; the status feeds' link title
    history_title: str
    month_title: str  # {month}: the month's name in lower case
    component_title: str  # {component}
    feed_title: str  # {site}
    feed_subtitle: str
    component_feed_title: str  # {site}, {component}
    component_feed_subtitle: str  # {component}
    calendar_name: str  # {site}
    calendar_components: str  # {components}: the names of the maintained services

    def describe(self, overall: Overall) -> str:
        """The overall state in words: the worst indicator's, or that maintenance is on when nothing is worse."""
        if overall.indicator == "none" and overall.maintenance:
            return self.maintenance_overall
        return self.overall[overall.indicator]


LABELS = {
    "fi": StatusLabels(
        component_states={
            "operational": "Toimii normaalisti",
            "degraded_performance": "Heikentynyt suorituskyky",
            "partial_outage": "Osittainen katko",
            "major_outage": "Laaja katko",
            "under_maintenance": "Huoltokatko",
        },
        post_states={
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
        },
        impacts={"none": "Ei vaikutusta", "minor": "Vähäinen", "major": "Merkittävä", "critical": "Kriittinen"},
        kinds={"incident": "Häiriö", "maintenance": "Huoltokatko", "notice": "Tiedote"},
        overall={
            "none": "Kaikki palvelut toimivat normaalisti",
            "minor": "Vähäisiä häiriöitä",
            "major": "Osittainen palvelukatko",
            "critical": "Laaja palvelukatko",
        },
        maintenance_overall="Huoltokatko käynnissä",
        uptime_help=(
            "Käytettävyysprosentti lasketaan viimeisten 90 päivän häiriöistä: 100 × (1 − (laajan katkon minuutit "
            "+ 0,3 × osittaisen katkon minuutit) / jakson minuutit). Heikentynyt suorituskyky ja ennalta ilmoitetut "
            "huoltokatkot eivät laske prosenttia. Jos kaksi häiriötä koskee samaa palvelua yhtä aikaa, vakavampi "
            "lasketaan kerran."
        ),
        quiet_day="{date}: ei häiriöitä",
        status_title="Palvelun tila",
        history_title="Häiriöhistoria",
        month_title="Häiriöhistoria: {month}",
        component_title="{component} – palvelun tila",
        feed_title="{site}: palvelun tila",
        feed_subtitle="Häiriöt, huoltokatkot ja tiedotteet",
        component_feed_title="{site}: {component}",
        component_feed_subtitle="Häiriöt ja huoltokatkot: {component}",
        calendar_name="{site}: huoltokatkot",
        calendar_components="Palvelut: {components}",
    ),
}
"""The status words of each language the site is written in."""
