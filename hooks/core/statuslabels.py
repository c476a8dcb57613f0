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
    words: dict[str, str]  # the templates' own words (hooks/templates/status/), the same keys in every language

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
        words={
            "bars": "{component}: viimeiset {days} päivää",
            "days_ago": "{days} päivää sitten",
            "uptime": "Käytettävyys {uptime}",
            "uptime_days": "Käytettävyys {days} pv",
            "today": "Tänään",
            "legend": "Selite",
            "services": "Palvelut",
            "impact": "vaikutus",
            "duration": "kesto",
            "atom": "Atom-syöte{what}",
            "rss": "RSS-syöte{what}",
            "ics": "Huoltokatkot kalenteriin (iCalendar)",
            "api": "Tilarajapinta (Statuspage API v2 -yhteensopiva JSON)",
            "state_now": "Tila nyt",
            "group": "Ryhmä",
            "id": "Tunnus",
            "last_days": "Viimeiset {days} päivää",
            "events": "Tapahtumat",
            "no_component_events": "Ei häiriöitä tai huoltokatkoja.",
            "subscribe_component": "Tilaa tämän palvelun tiedotteet",
            "all_services": "Kaikkien palveluiden tila",
            "event_one": "tapahtuma",
            "event_many": "tapahtumaa",
            "no_events": "Ei tapahtumia.",
            "subscribe": "Tilaa tiedotteet",
            "situation": "Tilanne {now}.",
            "situation_short": "tilanne {now}",
            "open_incidents": "Käynnissä olevat häiriöt",
            "latest_update": "Viimeisin päivitys {at}:",
            "no_open_incidents": "Ei käynnissä olevia häiriöitä.",
            "maintenance": "Huoltokatkot",
            "ongoing": "Käynnissä",
            "no_ongoing": "Ei käynnissä olevia huoltokatkoja.",
            "upcoming": "Tulossa",
            "no_upcoming": "Ei tulevia huoltokatkoja.",
            "just_completed": "Juuri päättyneet",
            "components_caption": "Palveluiden tila nyt ja käytettävyys viimeisten {days} päivän ajalta",
            "service": "Palvelu",
            "bars_help": "Jokainen palkki on yksi päivä Suomen aikaa; vie osoitin palkin päälle tai avaa palvelun sivu "
                         "nähdäksesi päivän tapahtumat.",
            "recent": "Viimeisimmät tapahtumat",
            "no_recent": "Ei aiempia tapahtumia.",
            "whole_history": "Koko häiriöhistoria kuukausittain",
            "months": "Kuukaudet",
            "newer": "Uudemmat: {month}",
            "older": "Vanhemmat: {month}",
            "all_months": "Kaikki kuukaudet",
            "kind": "Tyyppi",
            "state": "Tila",
            "impact_title": "Vaikutus",
            "window": "Huoltoikkuna",
            "began": "Alkoi",
            "resolved": "Ratkaistu",
            "duration_title": "Kesto",
            "continues": "(jatkuu)",
            "back": "Takaisin palvelun tilaan",
            "status_and_history": "Palvelun tila ja häiriöhistoria",
        },
    ),
    "sv": StatusLabels(
        component_states={
            "operational": "Fungerar normalt",
            "degraded_performance": "Försämrad prestanda",
            "partial_outage": "Delvis avbrott",
            "major_outage": "Omfattande avbrott",
            "under_maintenance": "Underhåll",
        },
        post_states={
            "investigating": "Undersöks",
            "identified": "Orsaken har hittats",
            "monitoring": "Övervakas",
            "resolved": "Åtgärdat",
            "scheduled": "Planerat",
            "in_progress": "Pågår",
            "verifying": "Kontrolleras",
            "completed": "Slutfört",
            "posted": "Publicerat",
            "updated": "Uppdaterat",
            "closed": "Avslutat",
        },
        impacts={"none": "Ingen påverkan", "minor": "Liten", "major": "Betydande", "critical": "Kritisk"},
        kinds={"incident": "Driftstörning", "maintenance": "Underhållsavbrott", "notice": "Meddelande"},
        overall={
            "none": "Alla tjänster fungerar normalt",
            "minor": "Mindre störningar",
            "major": "Delvis avbrott i tjänsterna",
            "critical": "Omfattande avbrott i tjänsterna",
        },
        maintenance_overall="Underhållsavbrott pågår",
        uptime_help=(
            "Tillgängligheten räknas ut från störningarna under de senaste 90 dagarna: 100 × (1 − (minuter med "
            "omfattande avbrott + 0,3 × minuter med delvis avbrott) / periodens minuter). Försämrad prestanda och "
            "underhållsavbrott som meddelats i förväg sänker inte procenten. Om två störningar gäller samma tjänst "
            "samtidigt räknas den allvarligare en gång."
        ),
        quiet_day="{date}: inga störningar",
        status_title="Driftstatus",
        history_title="Störningshistorik",
        month_title="Störningshistorik: {month}",
        component_title="{component} – driftstatus",
        feed_title="{site}: driftstatus",
        feed_subtitle="Driftstörningar, underhållsavbrott och meddelanden",
        component_feed_title="{site}: {component}",
        component_feed_subtitle="Driftstörningar och underhållsavbrott: {component}",
        calendar_name="{site}: underhållsavbrott",
        calendar_components="Tjänster: {components}",
        words={
            "bars": "{component}: de senaste {days} dagarna",
            "days_ago": "för {days} dagar sedan",
            "uptime": "Tillgänglighet {uptime}",
            "uptime_days": "Tillgänglighet {days} d",
            "today": "I dag",
            "legend": "Förklaring",
            "services": "Tjänster",
            "impact": "påverkan",
            "duration": "längd",
            "atom": "Atom-flöde{what}",
            "rss": "RSS-flöde{what}",
            "ics": "Underhållsavbrott i kalendern (iCalendar)",
            "api": "Statusgränssnitt (JSON kompatibelt med Statuspage API v2, på finska)",
            "state_now": "Status nu",
            "group": "Grupp",
            "id": "Id",
            "last_days": "De senaste {days} dagarna",
            "events": "Händelser",
            "no_component_events": "Inga störningar eller underhållsavbrott.",
            "subscribe_component": "Prenumerera på meddelanden om den här tjänsten",
            "all_services": "Alla tjänsters status",
            "event_one": "händelse",
            "event_many": "händelser",
            "no_events": "Inga händelser.",
            "subscribe": "Prenumerera på meddelanden",
            "situation": "Läget {now}.",
            "situation_short": "läget {now}",
            "open_incidents": "Pågående störningar",
            "latest_update": "Senaste uppdatering {at}:",
            "no_open_incidents": "Inga pågående störningar.",
            "maintenance": "Underhållsavbrott",
            "ongoing": "Pågår",
            "no_ongoing": "Inga pågående underhållsavbrott.",
            "upcoming": "Kommande",
            "no_upcoming": "Inga kommande underhållsavbrott.",
            "just_completed": "Nyss avslutade",
            "components_caption": "Tjänsternas status nu och tillgänglighet under de senaste {days} dagarna",
            "service": "Tjänst",
            "bars_help": "Varje stapel är en dag enligt finsk tid; för pekaren över stapeln eller öppna tjänstens sida "
                         "för att se dagens händelser.",
            "recent": "Senaste händelser",
            "no_recent": "Inga tidigare händelser.",
            "whole_history": "Hela störningshistoriken per månad",
            "months": "Månader",
            "newer": "Nyare: {month}",
            "older": "Äldre: {month}",
            "all_months": "Alla månader",
            "kind": "Typ",
            "state": "Status",
            "impact_title": "Påverkan",
            "window": "Underhållsfönster",
            "began": "Började",
            "resolved": "Åtgärdat",
            "duration_title": "Längd",
            "continues": "(pågår)",
            "back": "Tillbaka till driftstatus",
            "status_and_history": "Driftstatus och störningshistorik",
        },
    ),
}
"""The status words of each language the site is written in."""
