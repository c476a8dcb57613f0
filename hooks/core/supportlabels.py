"""The words of the opening-hours, SLA, team and channel blocks, the 'open now' line and hours.ics, per language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SupportLabels:
    """One language's support words. A second language is one more of these in ``LABELS``: every field is required,
    so a missing word fails at import, not on a page. Texts with ``{…}`` are filled by the code that shows them;
    the templates print every text escaped."""

    local_time: str  # after a time or a list of days: the times are the desk's, not the reader's
    closed: str  # a day without opening hours
    open_span: str  # {span}: a day that opens, from first opening to last closing
    break_note: str  # {breaks}: the lunch break after a day's hours
    # hours.html
    hours_caption: str  # {timezone}
    hours_days: str
    hours_open: str
    hours_break: str
    hours_note: str  # {time}: when the desk closes on an eve
    # hours-exceptions.html
    exceptions_intro: str  # {first}, {last}
    exceptions_none: str
    exceptions_calendar: str  # before the link to hours.ics
    exceptions_calendar_link: str
    # open-now.html and open-now.js
    open_now_fallback: str  # {week}: without JavaScript, the regular hours
    open_now: dict[str, object]  # the texts the script fills in: see OPEN_NOW_KEYS
    # sla.html
    sla_caption: str
    sla_priority: str
    sla_meaning: str
    sla_target: str
    sla_default: str  # after the default priority's name
    sla_note: str  # {working_day}
    # teams.html
    teams_caption: str
    teams_team: str
    teams_for: str
    teams_phone: str
    teams_choose: str  # {option}: the number to press
    # channels.html
    channels_portal: str
    channels_portal_note: str
    channels_email: str
    channels_phone: str
    # hours.ics
    calendar_name: str  # {site}
    event_head: str  # {organisation}: before every event's title
    event_closed_summary: str  # {head}, {title}
    event_open_summary: str  # {head}, {title}, {hours}
    event_closed_description: str
    event_open_description: str  # {hours}
    event_break_description: str  # {breaks}
    # the `supportsite hours` and `supportsite sla` commands
    cli_hours_title: str  # {first}, {last}, {timezone}
    cli_hours_columns: tuple[str, str, str]  # date, open hours, note
    cli_sla_rows: tuple[str, str, str, str]  # registered, priority, target, work starts at the latest
    cli_sla_target: str  # {target}, {minutes}

    def __post_init__(self):
        missing = [key for key in OPEN_NOW_KEYS if key not in self.open_now]
        if missing or len(self.open_now["weekdays"]) != 7:
            raise ValueError(f"support labels: open_now texts incomplete (expected {', '.join(OPEN_NOW_KEYS)} "
                             f"and seven weekdays, got {', '.join(self.open_now)})")


OPEN_NOW_KEYS = ("open", "opens", "closed", "today", "tomorrow", "day", "weekdays")
"""What open-now.js reads: ``open`` {time}; ``opens`` {when} {time}; ``day`` {weekday} {day} {month}; weekdays Monday
first, in the form the ``day`` text needs."""


LABELS = {
    "fi": SupportLabels(
        local_time="Suomen aikaa",
        closed="suljettu",
        open_span="auki {span}",
        break_note="tauko {breaks}",
        hours_caption="Aukioloajat viikonpäivittäin (Suomen aikaa, {timezone})",
        hours_days="Päivät",
        hours_open="Avoinna klo",
        hours_break="Tauko klo",
        hours_note="Aattona ennen pyhäpäivää suljemme klo {time}. Pyhäpäivinä olemme suljettuina.",
        exceptions_intro="Poikkeavat aukiolopäivät {first}–{last} (Suomen aikaa):",
        exceptions_none="Ei poikkeavia aukiolopäiviä.",
        exceptions_calendar="Poikkeavat päivät kalenteriisi:",
        exceptions_calendar_link="aukioloajat iCalendar-tiedostona (hours.ics)",
        open_now_fallback="Asiakaskeskus palvelee {week} (Suomen aikaa); pyhäpäivinä suljettu.",
        open_now={
            "open": "Asiakaskeskus on nyt auki. Suljemme klo {time} (Suomen aikaa).",
            "opens": "Asiakaskeskus on nyt suljettu. Avaamme {when} klo {time} (Suomen aikaa).",
            "closed": "Asiakaskeskus on nyt suljettu.",
            "today": "tänään",
            "tomorrow": "huomenna",
            "day": "{weekday} {day}.{month}.",
            # the essive ("on Monday"), which Babel does not have
            "weekdays": ["maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina", "lauantaina",
                         "sunnuntaina"],
        },
        sla_caption="Palvelutasot: työ tapauksen parissa alkaa viimeistään (aukioloaikana laskettuna)",
        sla_priority="Prioriteetti",
        sla_meaning="Merkitys",
        sla_target="Työ alkaa viimeistään",
        sla_default="(oletus)",
        sla_note=("Aika lasketaan vain aukioloaikoina. Yksi arkipäivä on {working_day} aukioloaikaa. Jos tapaus "
                  "rekisteröidään aukioloaikojen ulkopuolella, aika alkaa kulua seuraavasta avautumisesta."),
        teams_caption="Tukitiimit ja puhelinvalinnat",
        teams_team="Tiimi",
        teams_for="Kenelle",
        teams_phone="Puhelinvalinta",
        teams_choose="Valitse {option}",
        channels_portal="Digitaalinen asiakaskeskus",
        channels_portal_note="(tapauksen voi rekisteröidä mihin aikaan tahansa)",
        channels_email="Sähköposti",
        channels_phone="Puhelin",
        calendar_name="{site}: poikkeavat aukioloajat",
        event_head="{organisation}-tuki",
        event_closed_summary="{head}: {title} — suljettu",
        event_open_summary="{head}: {title} — auki {hours}",
        event_closed_description="Asiakaskeskus on suljettu koko päivän.",
        event_open_description="Asiakaskeskus on avoinna klo {hours} (Suomen aikaa).",
        event_break_description="Tauko klo {breaks}.",
        cli_hours_title="Aukioloajat {first}–{last} ({timezone})",
        cli_hours_columns=("Päivä", "Avoinna (klo)", "Huomautus"),
        cli_sla_rows=("Rekisteröity", "Prioriteetti", "Tavoite", "Työ alkaa viimeistään"),
        cli_sla_target="{target} aukioloaikaa ({minutes} min)",
    ),
    # Swedish as the Swedish pages of the site write it: "supporten", "det digitala kundcentret", "ärende".
    "sv": SupportLabels(
        local_time="finsk tid",
        closed="stängt",
        open_span="öppet {span}",
        break_note="paus {breaks}",
        hours_caption="Öppettider per veckodag (finsk tid, {timezone})",
        hours_days="Dagar",
        hours_open="Öppet kl.",
        hours_break="Paus kl.",
        hours_note="Dagen före en helgdag stänger vi kl. {time}. På helgdagar har vi stängt.",
        exceptions_intro="Dagar med avvikande öppettider {first}–{last} (finsk tid):",
        exceptions_none="Inga dagar med avvikande öppettider.",
        exceptions_calendar="Lägg till de avvikande dagarna i din kalender:",
        exceptions_calendar_link="öppettiderna som iCalendar-fil (hours.ics)",
        open_now_fallback="Supporten har öppet {week} (finsk tid); stängt på helgdagar.",
        open_now={
            "open": "Supporten har öppet nu. Vi stänger kl. {time} (finsk tid).",
            "opens": "Supporten är stängd nu. Vi öppnar {when} kl. {time} (finsk tid).",
            "closed": "Supporten är stängd nu.",
            "today": "i dag",
            "tomorrow": "i morgon",
            "day": "på {weekday} {day}.{month}.",
            "weekdays": ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"],
        },
        sla_caption="Servicenivåer: arbetet med ärendet påbörjas senast (räknat i öppettid)",
        sla_priority="Prioritet",
        sla_meaning="Betydelse",
        sla_target="Arbetet påbörjas senast",
        sla_default="(standard)",
        sla_note=("Tiden räknas bara under öppettiderna. En arbetsdag är {working_day} öppettid. Om ärendet "
                  "registreras utanför öppettiderna börjar tiden löpa när vi öppnar nästa gång."),
        teams_caption="Supportteam och telefonval",
        teams_team="Team",
        teams_for="För vem",
        teams_phone="Telefonval",
        teams_choose="Välj {option}",
        channels_portal="Det digitala kundcentret",
        channels_portal_note="(du kan registrera ett ärende när som helst)",
        channels_email="E-post",
        channels_phone="Telefon",
        calendar_name="{site}: avvikande öppettider",
        event_head="{organisation}-support",
        event_closed_summary="{head}: {title} — stängt",
        event_open_summary="{head}: {title} — öppet {hours}",
        event_closed_description="Supporten är stängd hela dagen.",
        event_open_description="Supporten har öppet kl. {hours} (finsk tid).",
        event_break_description="Paus kl. {breaks}.",
        cli_hours_title="Öppettider {first}–{last} ({timezone})",
        cli_hours_columns=("Dag", "Öppet (kl.)", "Anmärkning"),
        cli_sla_rows=("Registrerat", "Prioritet", "Mål", "Arbetet påbörjas senast"),
        cli_sla_target="{target} öppettid ({minutes} min)",
    ),
}
"""The support words of each language the site is written in."""
