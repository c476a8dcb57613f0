"""Deterministic generator of a large Finnish support-site corpus (FAQ, Academy, news, status) for the benchmarks.

Usage: ``python bench/corpus.py --pages 1000 --out /tmp/supportsite-bench/corpus-1000``

The output folder is a complete site tree: ``mkdocs.yml`` and ``site_config/`` copied from the
repository, ``hooks`` linked to the repository's ``hooks/`` (mkdocs.yml names hooks and the theme by
relative path), the default site's own pages, and N generated pages that pass our schemas
(``hooks.core.content.load_project``). Every item is drawn from its own seeded random stream, so
item *i* is the same text whatever N is: the probe FAQ page (``PROBE_FAQ``) can be compared
between 100 and 5,000 pages. Dates are relative to ``REFERENCE`` (never the clock); builds of the
corpus should set ``SOURCE_DATE_EPOCH`` to ``REFERENCE_EPOCH`` so the site's "now" agrees.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
SEED = 20261120
REFERENCE = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone.utc)
REFERENCE_EPOCH = int(REFERENCE.timestamp())
HELSINKI = ZoneInfo("Europe/Helsinki")
COPIED = ("site_config", "content", "academy", "status")
MANIFEST = "bench-corpus.json"
# Share of the generated pages per kind; FAQ articles take the rest. "sv": Swedish translations of the first FAQ
# articles (`.sv.md` beside them, published under sv/), so that the site is measured with its second language on.
SHARES = {"status": 0.10, "news": 0.10, "academy": 0.30, "sv": 0.10}


def build_env() -> dict[str, str]:
    """The environment of every build the benchmarks run: the corpus's "now" (``SOURCE_DATE_EPOCH``), MkDocs'
    end-of-life banner off, and Python's bytecode cache on, as on a writer's machine. A shell that sets
    ``PYTHONDONTWRITEBYTECODE`` would make every build compile ``hooks/`` from source again (0.1-0.2 s a process),
    while the installed packages that both builds import were compiled when they were installed."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(REFERENCE_EPOCH), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env

# --- word lists ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Noun:
    """A noun with the case forms the templates use (singular nom/gen/par/ine/ela/ill, plural nom/par)."""

    nom: str
    gen: str
    par: str
    ine: str
    ela: str
    ill: str
    pl: str
    plpar: str


def _nouns(rows: str) -> tuple[Noun, ...]:
    return tuple(Noun(*line.split()) for line in rows.strip().splitlines())


NOUNS = _nouns("""
lasku laskun laskua laskussa laskusta laskuun laskut laskuja
tilaus tilauksen tilausta tilauksessa tilauksesta tilaukseen tilaukset tilauksia
palkkalaskelma palkkalaskelman palkkalaskelmaa palkkalaskelmassa palkkalaskelmasta palkkalaskelmaan palkkalaskelmat palkkalaskelmia
tuntikirjaus tuntikirjauksen tuntikirjausta tuntikirjauksessa tuntikirjauksesta tuntikirjaukseen tuntikirjaukset tuntikirjauksia
matkalasku matkalaskun matkalaskua matkalaskussa matkalaskusta matkalaskuun matkalaskut matkalaskuja
käyttäjätunnus käyttäjätunnuksen käyttäjätunnusta käyttäjätunnuksessa käyttäjätunnuksesta käyttäjätunnukseen käyttäjätunnukset käyttäjätunnuksia
salasana salasanan salasanaa salasanassa salasanasta salasanaan salasanat salasanoja
tukipyyntö tukipyynnön tukipyyntöä tukipyynnössä tukipyynnöstä tukipyyntöön tukipyynnöt tukipyyntöjä
raportti raportin raporttia raportissa raportista raporttiin raportit raportteja
projekti projektin projektia projektissa projektista projektiin projektit projekteja
tosite tositteen tositetta tositteessa tositteesta tositteeseen tositteet tositteita
kustannuspaikka kustannuspaikan kustannuspaikkaa kustannuspaikassa kustannuspaikasta kustannuspaikkaan kustannuspaikat kustannuspaikkoja
asiakasrekisteri asiakasrekisterin asiakasrekisteriä asiakasrekisterissä asiakasrekisteristä asiakasrekisteriin asiakasrekisterit asiakasrekistereitä
hinnasto hinnaston hinnastoa hinnastossa hinnastosta hinnastoon hinnastot hinnastoja
sopimus sopimuksen sopimusta sopimuksessa sopimuksesta sopimukseen sopimukset sopimuksia
poissaolo poissaolon poissaoloa poissaolossa poissaolosta poissaoloon poissaolot poissaoloja
maksuerä maksuerän maksuerää maksuerässä maksuerästä maksuerään maksuerät maksueriä
varastosaldo varastosaldon varastosaldoa varastosaldossa varastosaldosta varastosaldoon varastosaldot varastosaldoja
viitenumero viitenumeron viitenumeroa viitenumerossa viitenumerosta viitenumeroon viitenumerot viitenumeroita
aineisto aineiston aineistoa aineistossa aineistosta aineistoon aineistot aineistoja
käyttöoikeus käyttöoikeuden käyttöoikeutta käyttöoikeudessa käyttöoikeudesta käyttöoikeuteen käyttöoikeudet käyttöoikeuksia
lisenssi lisenssin lisenssiä lisenssissä lisenssistä lisenssiin lisenssit lisenssejä
päivitys päivityksen päivitystä päivityksessä päivityksestä päivitykseen päivitykset päivityksiä
integraatio integraation integraatiota integraatiossa integraatiosta integraatioon integraatiot integraatioita
tilinpäätös tilinpäätöksen tilinpäätöstä tilinpäätöksessä tilinpäätöksestä tilinpäätökseen tilinpäätökset tilinpäätöksiä
työvuoro työvuoron työvuoroa työvuorossa työvuorosta työvuoroon työvuorot työvuoroja
ostotilaus ostotilauksen ostotilausta ostotilauksessa ostotilauksesta ostotilaukseen ostotilaukset ostotilauksia
myyntilasku myyntilaskun myyntilaskua myyntilaskussa myyntilaskusta myyntilaskuun myyntilaskut myyntilaskuja
ostolasku ostolaskun ostolaskua ostolaskussa ostolaskusta ostolaskuun ostolaskut ostolaskuja
verkkolasku verkkolaskun verkkolaskua verkkolaskussa verkkolaskusta verkkolaskuun verkkolaskut verkkolaskuja
tiliote tiliotteen tiliotetta tiliotteessa tiliotteesta tiliotteeseen tiliotteet tiliotteita
lomake lomakkeen lomaketta lomakkeessa lomakkeesta lomakkeeseen lomakkeet lomakkeita
asetus asetuksen asetusta asetuksessa asetuksesta asetukseen asetukset asetuksia
työmaa työmaan työmaata työmaassa työmaasta työmaahan työmaat työmaita
kuljetus kuljetuksen kuljetusta kuljetuksessa kuljetuksesta kuljetukseen kuljetukset kuljetuksia
ajoneuvo ajoneuvon ajoneuvoa ajoneuvossa ajoneuvosta ajoneuvoon ajoneuvot ajoneuvoja
toimitus toimituksen toimitusta toimituksessa toimituksesta toimitukseen toimitukset toimituksia
tuote tuotteen tuotetta tuotteessa tuotteesta tuotteeseen tuotteet tuotteita
tarjous tarjouksen tarjousta tarjouksessa tarjouksesta tarjoukseen tarjoukset tarjouksia
budjetti budjetin budjettia budjetissa budjetista budjettiin budjetit budjetteja
lomaoikeus lomaoikeuden lomaoikeutta lomaoikeudessa lomaoikeudesta lomaoikeuteen lomaoikeudet lomaoikeuksia
ylityö ylityön ylityötä ylityössä ylityöstä ylityöhön ylityöt ylitöitä
palkkalaji palkkalajin palkkalajia palkkalajissa palkkalajista palkkalajiin palkkalajit palkkalajeja
verokortti verokortin verokorttia verokortissa verokortista verokorttiin verokortit verokortteja
pankkiyhteys pankkiyhteyden pankkiyhteyttä pankkiyhteydessä pankkiyhteydestä pankkiyhteyteen pankkiyhteydet pankkiyhteyksiä
asiakassopimus asiakassopimuksen asiakassopimusta asiakassopimuksessa asiakassopimuksesta asiakassopimukseen asiakassopimukset asiakassopimuksia
tehtävä tehtävän tehtävää tehtävässä tehtävästä tehtävään tehtävät tehtäviä
käyttäjäryhmä käyttäjäryhmän käyttäjäryhmää käyttäjäryhmässä käyttäjäryhmästä käyttäjäryhmään käyttäjäryhmät käyttäjäryhmiä
varmuuskopio varmuuskopion varmuuskopiota varmuuskopiossa varmuuskopiosta varmuuskopioon varmuuskopiot varmuuskopioita
tiedosto tiedoston tiedostoa tiedostossa tiedostosta tiedostoon tiedostot tiedostoja
kulukorvaus kulukorvauksen kulukorvausta kulukorvauksessa kulukorvauksesta kulukorvaukseen kulukorvaukset kulukorvauksia
päiväraha päivärahan päivärahaa päivärahassa päivärahasta päivärahaan päivärahat päivärahoja
kilometrikorvaus kilometrikorvauksen kilometrikorvausta kilometrikorvauksessa kilometrikorvauksesta kilometrikorvaukseen kilometrikorvaukset kilometrikorvauksia
tulorekisteri-ilmoitus tulorekisteri-ilmoituksen tulorekisteri-ilmoitusta tulorekisteri-ilmoituksessa tulorekisteri-ilmoituksesta tulorekisteri-ilmoitukseen tulorekisteri-ilmoitukset tulorekisteri-ilmoituksia
""")


@dataclass(frozen=True)
class Verb:
    """A transitive verb: first person singular, infinitive, imperative, passive present."""

    sg1: str
    inf: str
    imp: str
    passive: str


VERBS = tuple(Verb(*line.split()) for line in """
poistan poistaa poista poistetaan
muutan muuttaa muuta muutetaan
lähetän lähettää lähetä lähetetään
tallennan tallentaa tallenna tallennetaan
tulostan tulostaa tulosta tulostetaan
kopioin kopioida kopioi kopioidaan
hyväksyn hyväksyä hyväksy hyväksytään
peruutan peruuttaa peruuta peruutetaan
korjaan korjata korjaa korjataan
siirrän siirtää siirrä siirretään
arkistoin arkistoida arkistoi arkistoidaan
luon luoda luo luodaan
avaan avata avaa avataan
lukitsen lukita lukitse lukitaan
vien viedä vie viedään
jaan jakaa jaa jaetaan
""".strip().splitlines())

# Third person negative stems: "ei tallennu", "ei päivity".
FAILING = ("tallennu", "päivity", "näy", "avaudu", "lähde", "tulostu", "siirry", "toimi", "lataudu", "täsmää")
MENUS = ("Laskutus", "Henkilöstö", "Raportit", "Perustiedot", "Työajat", "Asetukset", "Käyttäjät", "Projektit",
         "Talous", "Palkat", "Varasto", "Järjestelmä")
ACTIONS = ("Tallenna", "Hyväksy", "Lähetä", "Vie tiedostoon", "Päivitä", "Peruuta", "Kopioi", "Lukitse", "Tulosta", "Hae")
STATES = ("Luonnos", "Hyväksytty", "Lähetetty", "Odottaa", "Käsittelyssä", "Valmis", "Lukittu")
FIELDS = ("Päivämäärä", "Viite", "Summa", "Tila", "Kustannuspaikka", "Projekti", "Työntekijä", "Asiakas", "Eräpäivä",
          "Kuvaus", "Tunnus", "Yksikkö", "Määrä", "Alv-koodi")
TAGS = ("kirjautuminen", "laskutus", "palkat", "raportit", "käyttöoikeudet", "tuonti", "vienti", "tulostus",
        "versiot", "aikaraportointi", "matkalaskut", "integraatiot", "asetukset", "tukipyynnöt")
TOPICS = (  # (genitive, illative, nominative)
    ("palkanlaskennan", "palkanlaskentaan", "palkanlaskenta"),
    ("laskutuksen", "laskutukseen", "laskutus"),
    ("aikaraportoinnin", "aikaraportointiin", "aikaraportointi"),
    ("projektinhallinnan", "projektinhallintaan", "projektinhallinta"),
    ("käyttäjähallinnan", "käyttäjähallintaan", "käyttäjähallinta"),
    ("taloushallinnon", "taloushallintoon", "taloushallinto"),
    ("varastonhallinnan", "varastonhallintaan", "varastonhallinta"),
    ("matkalaskujen", "matkalaskuihin", "matkalaskut"),
)
# How to say "in <product>" without inflecting a foreign name; unknown ids fall back to "<name> -palvelussa".
PRODUCT_IN = {
    "softone-go": "SoftOne GO:ssa",
    "asiakaskeskus": "digitaalisessa asiakaskeskuksessa",
    "softone-lon": "SoftOne Lönissä",
    "softone-business": "SoftOne Businessissa",
    "softone-timer": "SoftOne Timerissa",
    "softone-professional": "SoftOne Professionalissa",
}
CAUSES = ("tietokantapalvelimen levytila loppui", "verkkolaitteen asetusmuutos katkaisi yhteyksiä",
          "kolmannen osapuolen palvelussa oli katko", "palvelinvarmenne vanheni", "versiopäivityksessä oli virhe",
          "kuormantasaajan ohjelmistossa oli vika", "taustalla ajettava eräajo kuormitti tietokantaa",
          "nimipalvelun muutos ei levinnyt kaikkiin verkkoihin")
REPORTS = ("Kuukausiyhteenveto", "Saldoluettelo", "Tapahtumaloki", "Erittely kustannuspaikoittain", "Avoimet erät",
           "Henkilöstöraportti", "Projektikatsaus", "Alv-laskelma")
PERIODS = ("kuukausittain", "viikoittain", "päivittäin", "kausittain", "projekteittain", "työntekijöittäin")
SYMPTOMS = ("hidastuneet vasteajat", "käyttökatko", "kirjautuminen epäonnistuu osalla käyttäjistä",
            "virheilmoituksia tallennettaessa", "tiedostojen lataus ei onnistu", "raporttien muodostus viivästyy",
            "sähköpostiviestit viivästyvät")

# --- text ----------------------------------------------------------------------------------------


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def slugify(text: str) -> str:
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", "Ä": "a", "Ö": "o", "Å": "a"})
    out = []
    for char in text.translate(table).lower():
        out.append(char if char.isascii() and char.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)


class Writer:
    """Finnish sentences and Markdown blocks drawn from one seeded random stream."""

    def __init__(self, rng: random.Random, products: dict[str, str]):
        self.r = rng
        self.products = products
        self.used: set[str] = set()  # sentences and headings already on this page

    def pick(self, seq):
        return self.r.choice(seq)

    def product_in(self, product_id: str) -> str:
        return PRODUCT_IN.get(product_id, f"{self.products[product_id]} -palvelussa")

    def version(self) -> str:
        return f"{self.r.randint(3, 5)}.{self.r.randint(0, 24)}"

    def date_text(self) -> str:
        day = REFERENCE.date() - dt.timedelta(days=self.r.randint(10, 700))
        return f"{day.day}.{day.month}.{day.year}"

    def question(self, noun: Noun, verb: Verb, product_id: str) -> str:
        n2 = self.pick(NOUNS)
        return self.pick((
            f"Miten {verb.sg1} {noun.gen}?",
            f"Miten {verb.sg1} {noun.gen} {self.product_in(product_id)}?",
            f"Miksi {noun.nom} ei {self.pick(FAILING)}?",
            f"Voinko {verb.inf} {noun.gen} jälkikäteen?",
            f"Mistä näen {noun.gen} tilan?",
            f"Kuka voi {verb.inf} {noun.pl}?",
            f"Miten {verb.passive} useita {noun.plpar} kerralla?",
            f"Miksi {noun.nom} ei {self.pick(FAILING)} {n2.ill}?",
        ))

    def sentence(self, noun: Noun, verb: Verb, product_id: str) -> str:
        n2 = self.pick(NOUNS)
        v2 = self.pick(VERBS)
        return self.pick((
            f"{cap(noun.nom)} {verb.passive} näkymässä **{self.pick(MENUS)}**.",
            f"Avaa {noun.nom} ja valitse **{self.pick(ACTIONS)}**.",
            f"Jos {noun.nom} ei {self.pick(FAILING)}, tarkista ensin, että sinulla on tarvittavat käyttöoikeudet.",
            f"Muutos näkyy {n2.ine} heti tallennuksen jälkeen.",
            f"Huomaa, että {noun.nom} lukitaan, kun {n2.nom} on hyväksytty.",
            f"{cap(noun.pl)} voi hakea myös {n2.gen} perusteella.",
            f"Tarvittaessa voit {v2.inf} {noun.gen} uudelleen.",
            "Ota yhteyttä tukeen, jos virheilmoitus toistuu.",
            "Rekisteröi tukipyyntö digitaalisessa asiakaskeskuksessa ja liitä mukaan kuvakaappaus virheilmoituksesta.",
            f"Toiminto on käytettävissä {self.product_in(product_id)} versiosta {self.version()} alkaen.",
            f"Valinta koskee kaikkia {noun.plpar}, jotka on luotu {self.date_text()} jälkeen.",
            f"Muutoshistoriasta näet jälkikäteen, kuka {noun.gen} on muuttanut ja milloin.",
            f"Kun {noun.nom} on tallennettu, se siirtyy tilaan **{self.pick(STATES)}**.",
            f"Pääkäyttäjä (SuperUser) voi rajata, kuka saa {v2.inf} {noun.pl}.",
            f"Tiedot siirtyvät {n2.ill} automaattisesti kerran vuorokaudessa.",
            f"Jos {n2.nom} puuttuu, {noun.nom} jää tilaan **{self.pick(STATES)}** eikä sitä voi {v2.inf}.",
            f"Samassa näkymässä voit myös {v2.inf} {n2.gen}.",
            f"Suosittelemme, että {noun.pl} käsitellään ennen kuukauden vaihdetta.",
            f"Virheilmoitus **{self.code()}** tarkoittaa, että {noun.nom} on jo avattuna toisessa istunnossa.",
            f"Jos saat virheen **{self.code()}**, kirjaudu ulos ja uudelleen sisään ennen kuin yrität {v2.inf} {noun.gen}.",
            f"Raportti **{self.pick(REPORTS)}** näyttää {noun.plpar} {self.pick(PERIODS)}.",
            f"{cap(self.product_in(product_id))} {noun.pl} voi tuoda myös CSV-tiedostosta.",
            f"Oletusarvo haetaan {n2.ela}, mutta voit muuttaa sitä ennen tallennusta.",
            f"Eräajo käsittelee {noun.pl} yöllä klo {self.r.randint(1, 5)}.00, joten muutokset näkyvät seuraavana aamuna.",
        ))

    def code(self) -> str:
        return f"SO-{self.r.randint(1000, 9999)}"

    def field_note(self, noun: Noun) -> str:
        n2 = self.pick(NOUNS)
        return self.pick((f"Haetaan {n2.ela}.", f"Pakollinen, kun {noun.nom} hyväksytään.", f"Näkyy {noun.ine} ja {n2.ine}.",
                          f"Voit muuttaa arvoa, kunnes {noun.nom} on lukittu.", "Täytetään automaattisesti.",
                          f"Enintään {self.r.choice((20, 30, 50, 80, 255))} merkkiä.", f"Tulee mukaan {n2.ill}."))

    def paragraph(self, noun: Noun, verb: Verb, product_id: str, count: tuple[int, int] = (2, 5)) -> str:
        wanted, sentences = self.r.randint(*count), []
        for _ in range(wanted * 4):  # bounded: a page never repeats a sentence
            sentence = self.sentence(noun, verb, product_id)
            if sentence not in self.used:
                self.used.add(sentence)
                sentences.append(sentence)
                if len(sentences) == wanted:
                    break
        return " ".join(sentences)

    def steps(self, noun: Noun, verb: Verb) -> str:
        lines = [f"Avaa **{self.pick(MENUS)}**-valikko.", f"Valitse {noun.nom}, jota haluat käsitellä."]
        extra = [
            f"Valitse **{self.pick(ACTIONS)}**.",
            "Täytä pakolliset kentät, jotka on merkitty tähdellä.",
            f"{cap(verb.imp)} {noun.nom}.",
            "Päivitä näkymä painamalla F5.",
            f"Valitse kentästä **{self.pick(FIELDS)}** oikea arvo.",
        ]
        self.r.shuffle(extra)
        lines += extra[: self.r.randint(1, 3)] + ["Tarkista tiedot ja tallenna."]
        return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))

    def table(self, noun: Noun, product_id: str) -> str:
        verb = self.pick(VERBS)
        rows = [f"| {field} | {self.field_note(noun)} |" for field in self.r.sample(FIELDS, self.r.randint(3, 5))]
        return "\n".join(["| Kenttä | Kuvaus |", "| --- | --- |", *rows])

    def admonition(self, noun: Noun, verb: Verb, product_id: str) -> str:
        kind, title = self.pick((("tip", "Vinkki"), ("note", "Huomio"), ("warning", "Varoitus")))
        return f'!!! {kind} "{title}"\n\n    {self.sentence(noun, verb, product_id)}'

    def section(self, noun: Noun, verb: Verb, product_id: str, level: str = "##") -> str:
        n2 = self.pick(NOUNS)
        headings = [f"{cap(noun.gen)} käsittely", f"{cap(noun.pl)} ja {n2.pl}", f"{cap(noun.gen)} luominen",
                    f"{cap(noun.plpar)} koskevat oikeudet", "Asetukset", "Yleisimmät virheet",
                    f"{cap(n2.gen)} tarkistaminen", "Vaihe vaiheelta", f"{cap(noun.pl)} raporteilla",
                    f"{cap(noun.gen)} tuonti ja vienti", f"Kun {noun.nom} ei {self.pick(FAILING)}"]
        heading = self.pick([h for h in headings if h not in self.used] or [f"{cap(n2.gen)} asetukset"])
        self.used.add(heading)
        blocks = [f"{level} {heading}", self.paragraph(noun, verb, product_id)]
        extra = self.r.random()
        if extra < 0.35:
            blocks.append(self.steps(noun, verb))
        elif extra < 0.55:
            blocks.append(self.table(noun, product_id))
        elif extra < 0.7:
            blocks.append(self.admonition(noun, verb, product_id))
        if self.r.random() < 0.5:
            blocks.append(self.paragraph(noun, verb, product_id, (1, 3)))
        return "\n\n".join(blocks)


# --- documents -----------------------------------------------------------------------------------


def _front_matter(values: dict) -> str:
    """YAML front matter with quoted strings (titles contain ':' and '?'), in the key order given."""
    lines = ["---"]
    for key, value in values.items():
        lines.extend(_yaml_lines(key, value, ""))
    lines.append("---")
    return "\n".join(lines) + "\n"


def _scalar(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _yaml_lines(key: str, value, indent: str) -> list[str]:
    if isinstance(value, dict):
        out = [f"{indent}{key}:"]
        for k, v in value.items():
            out.extend(_yaml_lines(k, v, indent + "  "))
        return out
    if isinstance(value, list) and value and isinstance(value[0], dict):
        out = [f"{indent}{key}:"]
        for item in value:
            first = True
            for k, v in item.items():
                prefix = indent + ("  - " if first else "    ")
                out.append(f"{prefix}{k}: {_scalar(v)}")
                first = False
        return out
    if isinstance(value, list):
        return [f"{indent}{key}: [{', '.join(_scalar(v) for v in value)}]"]
    return [f"{indent}{key}: {_scalar(value)}"]


@dataclass
class Ids:
    teams: list[str]
    products: dict[str, str]  # id -> name
    components: dict[str, str]  # id -> name


def _rng(kind: str, index: int) -> random.Random:
    return random.Random(f"{SEED}:{kind}:{index}")


def faq(index: int, ids: Ids, manuals: list[str]) -> tuple[str, str]:
    """(path, text) of FAQ article ``index``; links point only to lower indexes, which exist at every N."""
    r = _rng("faq", index)
    w = Writer(r, ids.products)
    noun, verb = w.pick(NOUNS), w.pick(VERBS)
    product_ids = sorted(r.sample(sorted(ids.products), r.randint(1, 2)))
    title = w.question(noun, verb, product_ids[0])
    meta = {"title": title, "team": w.pick(ids.teams), "products": product_ids,
            "tags": sorted(r.sample(TAGS, r.randint(1, 3)))}
    if r.random() < 0.3:
        meta["keywords"] = sorted({noun.pl, noun.gen, w.pick(NOUNS).nom})
    if r.random() < 0.7:
        meta["updated"] = REFERENCE.date() - dt.timedelta(days=r.randint(1, 900))
    blocks = [w.paragraph(noun, verb, product_ids[0], (2, 4))]
    blocks.append("## Näin toimit")
    blocks.append(w.steps(noun, verb))
    for _ in range(r.randint(0, 2)):
        blocks.append(w.section(noun, verb, product_ids[0]))
    links = []
    if index > 0:
        for other in sorted({r.randrange(index) for _ in range(r.randint(0, 2))}):
            links.append(f"- [{_faq_title(other, ids)}]({_faq_name(other, ids)})")
    if manuals and r.random() < 0.3:
        links.append(f"- [Käsikirja](../academy/manuals/{r.choice(manuals)}/index.md)")
    if links:
        blocks += ["## Katso myös", "\n".join(links)]
    return f"content/ukk/{_faq_name(index, ids)}", _front_matter(meta) + "\n" + "\n\n".join(blocks) + "\n"


SV_NOUNS = (  # (indefinite, definite, plural)
    ("faktura", "fakturan", "fakturor"), ("order", "ordern", "ordrar"), ("lönebesked", "lönebeskedet", "lönebesked"),
    ("tidrapport", "tidrapporten", "tidrapporter"), ("användare", "användaren", "användare"),
    ("rapport", "rapporten", "rapporter"), ("projekt", "projektet", "projekt"), ("reseräkning", "reseräkningen",
    "reseräkningar"), ("behörighet", "behörigheten", "behörigheter"), ("leverantör", "leverantören", "leverantörer"),
)
SV_VERBS = (("skapa", "skapar"), ("godkänna", "godkänner"), ("ändra", "ändrar"), ("radera", "raderar"),
            ("skriva ut", "skriver ut"), ("exportera", "exporterar"), ("låsa", "låser"), ("kopiera", "kopierar"))
SV_MENUS = ("Inställningar", "Register", "Rapporter", "Verktyg", "Översikt", "Arkiv")


def faq_sv(index: int, ids: Ids) -> tuple[str, str]:
    """(path, text) of the Swedish translation of FAQ article ``index``: the original's front matter keys, Swedish text,
    links to the Finnish files as translators write them (the build sends them to the Swedish pages)."""
    r = _rng("faq-sv", index)
    original = _rng("faq", index)
    w = Writer(original, ids.products)
    w.pick(NOUNS), w.pick(VERBS)  # the original's stream, to its products
    product_ids = sorted(original.sample(sorted(ids.products), original.randint(1, 2)))
    (noun, definite, plural), (verb, present) = r.choice(SV_NOUNS), r.choice(SV_VERBS)
    title = r.choice((f"Hur {present} jag {definite}?", f"Varför går det inte att {verb} {definite}?",
                      f"Vem kan {verb} {plural}?", f"Var ser jag om {definite} är klar?"))
    meta = {"title": title, "team": r.choice(ids.teams), "products": product_ids,
            "tags": sorted(r.sample(TAGS, r.randint(1, 3)))}
    sentences = [
        f"Öppna menyn **{r.choice(SV_MENUS)}** och välj {definite}.",
        f"Du kan {verb} {plural} i samma vy, om du har behörighet till dem.",
        f"Om {definite} är låst, kontakta den som godkände {definite}.",
        "Registrera ett ärende i det digitala kundcentret om felmeddelandet kommer tillbaka.",
        f"Ändringen syns i rapporten **{r.choice(SV_MENUS)}** nästa morgon.",
        f"En SuperUser kan begränsa vem som får {verb} {plural}.",
        f"Kontrollera uppgifterna innan du {present.split()[0]} {definite}.",
        f"Sök fram rätt post med fältet **Sök {noun}** högst upp i vyn.",
    ]
    r.shuffle(sentences)
    blocks = [" ".join(sentences[:3]), "## Så här gör du",
              "\n".join(f"{n}. {line}" for n, line in enumerate(sentences[3:], 1)),
              f"Se också [den finska anvisningen]({_faq_name(index, ids)}) och [supportens öppettider]"
              "(../asiakaskeskus/yhteystiedot.md)."]
    if index > 0:
        blocks.append(f"[En liknande fråga]({_faq_name(r.randrange(index), ids)})")
    path = f"content/ukk/{_faq_name(index, ids).removesuffix('.md')}.sv.md"
    return path, _front_matter(meta) + "\n" + "\n\n".join(blocks) + "\n"


def _faq_title(index: int, ids: Ids) -> str:
    r = _rng("faq", index)
    w = Writer(r, ids.products)
    noun, verb = w.pick(NOUNS), w.pick(VERBS)
    product_ids = sorted(r.sample(sorted(ids.products), r.randint(1, 2)))
    return w.question(noun, verb, product_ids[0])


def _faq_name(index: int, ids: Ids) -> str:
    return f"{slugify(_faq_title(index, ids))[:60].rstrip('-')}-{index:05d}.md"


def manual(index: int, chapters: int, ids: Ids) -> list[tuple[str, str]]:
    """The landing page and ``chapters`` chapters of manual ``index``."""
    r = _rng("manual", index)
    w = Writer(r, ids.products)
    topic_gen, _, topic_nom = w.pick(TOPICS)
    product = w.pick(sorted(ids.products))
    slug = f"{slugify(topic_nom)}-kasikirja-{index:04d}"
    title = f"{cap(topic_gen)} käsikirja {index + 1}"
    names = []
    for number in range(1, chapters + 1):
        cr = _rng(f"chapter-{index}", number)
        cw = Writer(cr, ids.products)
        noun, verb = cw.pick(NOUNS), cw.pick(VERBS)
        chapter_title = "Aloitus" if number == 1 else cw.pick((
            f"{cap(noun.gen)} käsittely", f"{cap(noun.gen)} luominen", f"{cap(noun.pl)} ja niiden asetukset",
            f"{cap(noun.plpar)} koskevat oikeudet", f"Raportointi: {noun.pl}", f"{cap(noun.gen)} tarkistaminen"))
        names.append((f"{number:02d}-{slugify(chapter_title)[:40].rstrip('-')}.md", chapter_title, cw, noun, verb))
    meta = {"title": title, "description": f"{cap(topic_nom)} {w.product_in(product)} vaihe vaiheelta.",
            "products": [product]}
    if r.random() < 0.6:
        meta["team"] = w.pick(ids.teams)
    toc = "\n".join(f"{n}. [{t}]({name})" for n, (name, t, *_) in enumerate(names, 1))
    noun, verb = w.pick(NOUNS), w.pick(VERBS)
    files = [(f"academy/manuals/{slug}/index.md",
              _front_matter(meta) + f"\n{w.paragraph(noun, verb, product)}\n\n## Sisällys\n\n{toc}\n")]
    for number, (name, chapter_title, cw, noun, verb) in enumerate(names, 1):
        cmeta = {"title": chapter_title, "tags": sorted(cw.r.sample(TAGS, cw.r.randint(0, 2)))}
        blocks = [cw.paragraph(noun, verb, product, (3, 6))]
        for _ in range(cw.r.randint(2, 5)):
            blocks.append(cw.section(noun, verb, product))
        if number > 1:
            blocks.append(f"Edellinen luku: [{names[number - 2][1]}]({names[number - 2][0]})")
        files.append((f"academy/manuals/{slug}/{name}", _front_matter(cmeta) + "\n" + "\n\n".join(blocks) + "\n"))
    return files


def news(index: int, ids: Ids) -> tuple[str, str]:
    r = _rng("news", index)
    w = Writer(r, ids.products)
    _, topic_ill, _ = w.pick(TOPICS)
    product = w.pick(sorted(ids.products))
    name = ids.products[product]
    noun, verb = w.pick(NOUNS), w.pick(VERBS)
    version = w.version()
    title = w.pick((f"{name} {version}: uudistuksia {topic_ill}", f"{name} {version} on julkaistu",
                    f"Muutoksia {noun.gen} käsittelyyn", f"Uusi toiminto: {noun.pl} {w.product_in(product)}"))
    day = REFERENCE.date() - dt.timedelta(days=r.randint(0, 1500))
    meta = {"title": title, "date": day, "products": [product], "tags": sorted(r.sample(TAGS, r.randint(0, 2)))}
    body = [w.paragraph(noun, verb, product, (2, 4)), "## Mitä uutta",
            "\n".join(f"- {w.sentence(w.pick(NOUNS), w.pick(VERBS), product)}" for _ in range(r.randint(3, 6))),
            w.paragraph(noun, verb, product, (1, 3))]
    path = f"academy/news/{day.isoformat()}-{slugify(title)[:50].rstrip('-')}-{index:04d}.md"
    return path, _front_matter(meta) + "\n" + "\n\n".join(body) + "\n"


def _local(at: dt.datetime) -> str:
    return at.astimezone(HELSINKI).isoformat()


def status_post(index: int, ids: Ids) -> tuple[str, str]:
    """An incident (70 %), maintenance (20 %) or notice, with an ordered, finished timeline.

    The last few maintenance posts lie after REFERENCE (upcoming), so the status page has something scheduled.
    """
    r = _rng("status", index)
    w = Writer(r, ids.products)
    components = sorted(ids.components)
    roll = r.random()
    kind = "incident" if roll < 0.7 else "maintenance" if roll < 0.9 else "notice"
    hit = sorted(r.sample(components, r.randint(1, 2)))
    names = " ja ".join(ids.components[c] for c in hit)
    day = REFERENCE - dt.timedelta(days=r.randint(2, 730), hours=r.randint(0, 9), minutes=r.randint(0, 59))
    start = day.astimezone(HELSINKI).replace(hour=r.randint(7, 20), minute=r.choice((0, 5, 12, 20, 33, 41, 47)),
                                             second=0, microsecond=0)
    meta: dict = {}
    updates = []
    body = [w.paragraph(w.pick(NOUNS), w.pick(VERBS), w.pick(sorted(ids.products)), (1, 3))]
    if kind == "incident":
        impact = r.choice(("minor", "minor", "major", "critical"))
        component_impact = {"minor": "degraded_performance", "major": "partial_outage", "critical": "major_outage"}[impact]
        title = f"{ids.components[hit[0]]}: {w.pick(SYMPTOMS)}"
        meta = {"title": title, "kind": kind, "impact": impact,
                "components": {c: (component_impact if n == 0 else "degraded_performance") for n, c in enumerate(hit)}}
        at = start
        texts = {
            "investigating": ("Olemme saaneet ilmoituksia ongelmista ja selvitämme tilannetta.",
                              f"Osa käyttäjistä kokee hitautta palvelussa {names}. Selvitämme syytä.",
                              "Tutkimme virheilmoituksia, joita asiakkaat ovat raportoineet."),
            "identified": tuple(f"Vian syy on tunnistettu: {c}. Korjaus on työn alla." for c in CAUSES),
            "monitoring": ("Korjaus on asennettu. Seuraamme tilannetta.",
                           "Palvelu toimii jälleen normaalisti. Seuraamme tilannetta vielä jonkin aikaa."),
            "resolved": ("Häiriö on korjattu ja palvelu toimii normaalisti. Pahoittelemme haittaa.",
                         "Tilanne on ratkaistu. Kiitos kärsivällisyydestänne."),
        }
        for state in ("investigating", "identified", "monitoring", "resolved"):
            if state in ("identified", "monitoring") and r.random() < 0.25:
                continue
            updates.append({"at": _local(at), "status": state, "text": r.choice(texts[state])})
            at += dt.timedelta(minutes=r.randint(10, 240))
        if r.random() < 0.12:
            body += ["## Jälkiarvio", "### Mitä tapahtui", w.paragraph(w.pick(NOUNS), w.pick(VERBS), w.pick(sorted(ids.products))),
                     "### Syy", f"Häiriön juurisyy: {w.pick(CAUSES)}.", "### Mitä teemme jatkossa",
                     "\n".join(f"- {s}" for s in ("Lisäämme valvontaa ja hälytyksiä.", "Tarkennamme muutoksenhallinnan ohjeita.",
                                                  "Harjoittelemme palautumista säännöllisesti."))]
    elif kind == "maintenance":
        upcoming = index % 50 == 7  # a few scheduled windows after REFERENCE
        if upcoming:
            start = (REFERENCE + dt.timedelta(days=r.randint(3, 40))).astimezone(HELSINKI).replace(
                hour=r.choice((6, 18, 20, 21)), minute=0, second=0, microsecond=0)
        else:
            start = start.replace(hour=r.choice((6, 18, 20, 21)), minute=0)
        end = start + dt.timedelta(hours=r.randint(1, 4))
        title = w.pick((f"Huoltokatko: {names}", f"{names}: suunniteltu huolto", f"{names}: versiopäivitys {w.version()}"))
        meta = {"title": title, "kind": kind, "impact": "none", "components": {c: "under_maintenance" for c in hit},
                "scheduled": {"start": _local(start), "end": _local(end)}}
        announced = start - dt.timedelta(days=r.randint(3, 14), hours=r.randint(0, 5))
        updates.append({"at": _local(announced), "status": "scheduled",
                        "text": f"Teemme suunnitellun huollon. {names} ei ole käytettävissä huollon aikana."})
        if not upcoming:
            updates.append({"at": _local(start), "status": "in_progress", "text": "Huolto on alkanut."})
            if r.random() < 0.5:
                updates.append({"at": _local(end - dt.timedelta(minutes=20)), "status": "verifying",
                                "text": "Huoltotyöt on tehty, varmistamme palvelun toimivuuden."})
            updates.append({"at": _local(end), "status": "completed", "text": "Huolto on valmis ja palvelu on jälleen käytettävissä."})
    else:
        title = f"Tiedote: {names} – {w.pick(('muutoksia käytössä', 'uusi versio tulossa', 'poikkeavat aukioloajat'))}"
        meta = {"title": title, "kind": "notice", "impact": "none"}
        updates.append({"at": _local(start), "status": "posted", "text": w.sentence(w.pick(NOUNS), w.pick(VERBS), w.pick(sorted(ids.products)))})
        if r.random() < 0.5:
            updates.append({"at": _local(start + dt.timedelta(days=1)), "status": "updated", "text": "Tiedotetta on täydennetty."})
        updates.append({"at": _local(start + dt.timedelta(days=r.randint(2, 20))), "status": "closed", "text": "Tiedote on päättynyt."})
    meta["updates"] = updates
    first = dt.datetime.fromisoformat(updates[0]["at"]).date()
    path = f"status/{first.isoformat()}-{slugify(title)[:50].rstrip('-')}-{index:04d}.md"
    return path, _front_matter(meta) + "\n" + "\n\n".join(body) + "\n"


# --- the site tree -------------------------------------------------------------------------------


def plan(pages: int) -> dict[str, int]:
    """How many pages of each kind: fixed shares of N, FAQ articles the rest (at least one)."""
    counts = {kind: int(round(pages * share)) for kind, share in SHARES.items()}
    counts["faq"] = max(1, pages - sum(counts.values()))
    return counts


def _manual_sizes(academy_pages: int) -> list[int]:
    """Chapters per manual (4–12 each, its own stream) until the Academy share is used; +1 page per landing page."""
    sizes, left, index = [], academy_pages, 0
    while left >= 2:
        chapters = min(_rng("manual-size", index).randint(4, 12), left - 1)
        sizes.append(chapters)
        left -= chapters + 1
        index += 1
    return sizes


def read_ids(root: Path) -> Ids:
    from hooks.core.config import load_site_config

    config, problems = load_site_config(root)
    if config is None:
        raise SystemExit("site_config/support.yml is invalid:\n" + "\n".join(str(p) for p in problems))
    return Ids(teams=[t.id for t in config.teams], products={p.id: p.name for p in config.products},
               components={c.id: c.name for c in config.status.components})


def generate(out: Path, pages: int, repo: Path = REPO, link_hooks: bool = True, translations: bool = True) -> dict:
    """Write the site tree into ``out`` (replacing it) and return the manifest written to ``out/bench-corpus.json``.

    ``translations=False`` leaves out every Swedish source (the repository's ``*.sv.md`` and the generated Swedish
    FAQ articles), so that a benchmark can say what the second language's pages cost. The Swedish status pages stay:
    they are built from the status posts and ``site_config``, which have no Finnish-only form."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy2(repo / "mkdocs.yml", out / "mkdocs.yml")
    for folder in COPIED:
        if (repo / folder).is_dir():
            shutil.copytree(repo / folder, out / folder)
    if not translations:
        for folder in COPIED:
            for source in sorted((out / folder).rglob("*.sv.md")):
                source.unlink()
    if link_hooks:
        # mkdocs.yml names hooks/*.py and hooks/theme by relative path; a link keeps them the repository's own.
        (out / "hooks").symlink_to(repo / "hooks", target_is_directory=True)
    else:
        shutil.copytree(repo / "hooks", out / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    ids = read_ids(out)
    counts = plan(pages)
    written: dict[str, str] = {}
    sizes = _manual_sizes(counts["academy"])
    counts["faq"] += counts["academy"] - sum(sizes) - len(sizes)  # pages a whole manual could not use
    manual_slugs = []
    for index, chapters in enumerate(sizes):
        files = manual(index, chapters, ids)
        manual_slugs.append(files[0][0].split("/")[2])
        written.update(files)
    for index in range(counts["faq"]):
        path, text = faq(index, ids, manual_slugs[:1])
        written[path] = text
    counts["sv"] = min(counts["sv"], counts["faq"]) if translations else 0
    for index in range(counts["sv"]):
        path, text = faq_sv(index, ids)
        written[path] = text
    for index in range(counts["news"]):
        path, text = news(index, ids)
        written[path] = text
    for index in range(counts["status"]):
        path, text = status_post(index, ids)
        written[path] = text
    for path, text in sorted(written.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    probe = f"content/ukk/{_faq_name(0, ids)}"
    status_probe = min(p for p in written if p.startswith("status/")) if counts["status"] else None
    chapter_probe = min((p for p in written if p.startswith("academy/manuals/") and not p.endswith("/index.md")
                         and ".sv." not in p), default=None)
    manifest = {
        "seed": SEED, "reference": REFERENCE.isoformat(), "source_date_epoch": REFERENCE_EPOCH,
        "pages": pages, "generated": len(written), "translations": translations,
        "counts": {"faq": counts["faq"], "manuals": len(sizes), "chapters": sum(sizes), "news": counts["news"],
                   "status": counts["status"], "swedish_faq": counts["sv"]},
        "probe_faq": probe, "probe_faq_url": _url(probe),
        "probe_status": status_probe, "probe_status_url": _url(status_probe) if status_probe else None,
        "probe_chapter": chapter_probe, "probe_chapter_url": _url(chapter_probe) if chapter_probe else None,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _url(path: str) -> str:
    from hooks.core.content import page_url

    return page_url(path)


def bare_material(out: Path, search: str = "stock") -> Path:
    """A stock-Material twin of the corpus in ``out/material``: the same Markdown under one docs_dir, no hooks.

    Bare MkDocs cannot see academy/ and status/ (our hooks join them), so they are copied under the
    docs folder at the same relative place; links between the sections resolve the same way. The
    theme keeps name, language, palette, features, icons and fonts; our custom_dir, favicon,
    extra_css/extra_javascript and watch list are supportsite's and are dropped. ``search``:
    "stock" keeps or adds Material's search plugin (lang fi), the baseline of the targets; "off" removes it.
    """
    twin = out / "material"
    if twin.exists():
        shutil.rmtree(twin)
    docs = twin / "docs"
    shutil.copytree(out / "content", docs)
    for folder in ("academy", "status"):
        if (out / folder).is_dir():
            shutil.copytree(out / folder, docs / folder)
    (twin / "mkdocs.yml").write_text(_bare_config((out / "mkdocs.yml").read_text(encoding="utf-8"), search), encoding="utf-8")
    return twin


_DROPPED_TOP = ("hooks", "watch", "extra_css", "extra_javascript", "docs_dir", "site_dir", "plugins")
_DROPPED_THEME = ("custom_dir", "favicon")


def _bare_config(text: str, search: str) -> str:
    """Edit mkdocs.yml as text (it may hold !!python tags that a safe loader refuses) into the bare twin."""
    import yaml

    out, skipping, plugins_block = [], False, []
    in_plugins = False
    for line in text.splitlines():
        top = line[:1] not in (" ", "\t", "#", "") and ":" in line
        if top:
            key = line.split(":", 1)[0].strip()
            skipping = key in _DROPPED_TOP
            in_plugins = key == "plugins"
            if in_plugins:
                plugins_block.append(line)
            if skipping:
                continue
        elif skipping:
            if in_plugins:
                plugins_block.append(line)
            continue
        if any(line.strip().startswith(f"{k}:") and line[:1] == " " for k in _DROPPED_THEME):
            continue
        out.append(line)
    plugins = []  # no plugins key: MkDocs' default is search alone, which the branch below restores
    if plugins_block:
        plugins = (yaml.safe_load("\n".join(plugins_block)) or {}).get("plugins") or []
        if isinstance(plugins, dict):
            plugins = [{name: options} if options else name for name, options in plugins.items()]
    kept = [p for p in plugins if (next(iter(p)) if isinstance(p, dict) else p) != "search"]
    if search == "stock":
        kept.insert(0, {"search": {"lang": "fi"}})
    out += ["docs_dir: docs", "site_dir: site", yaml.safe_dump({"plugins": kept}, allow_unicode=True, sort_keys=False).rstrip()]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, required=True, help="number of generated pages (the default site's own pages come on top)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (replaced); use /tmp or bench/out/")
    parser.add_argument("--copy-hooks", action="store_true", help="copy hooks/ instead of linking it")
    parser.add_argument("--without-translations", dest="translations", action="store_false",
                        help="leave out every Swedish source (*.sv.md), to measure what the second language costs")
    parser.add_argument("--material-twin", choices=("stock", "off"), default=None,
                        help="also write the bare-Material twin in OUT/material (search plugin stock or off)")
    args = parser.parse_args(argv)
    manifest = generate(args.out.resolve(), args.pages, link_hooks=not args.copy_hooks, translations=args.translations)
    if args.material_twin:
        bare_material(args.out.resolve(), args.material_twin)
    print(json.dumps(manifest, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
