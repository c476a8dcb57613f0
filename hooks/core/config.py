"""The schema and model of ``site_config/support.yml``: hours, SLA, teams, products, status components."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from hooks.core.formats import hhmm
from hooks.core.memo import TextMemo
from hooks.core.problems import Problem, describe
from hooks.core.schema import (
    INVALID, ClockTime, Context, Day, Integer, Invalid, KeyPath, ListOf, Option, Slug, Struct, Text,
    TimeRange, TimeZoneName, Translated, validate_document,
)
from hooks.core.sources import read_text
from hooks.core.yamlsrc import parse_yaml

CONFIG_PATH = "site_config/support.yml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Interval = tuple[int, int]  # minutes after local midnight, half-open


@dataclass(frozen=True)
class Organisation:
    name: str
    department: str
    legal_name: str
    registration: str
    website: str


@dataclass(frozen=True)
class HolidayRule:
    country: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class EveRule:
    """A day that would be open and whose next day is a closed holiday closes at ``closes_at``."""

    closes_at: int


@dataclass(frozen=True)
class Exception_:
    """Explicit hours for a date or an inclusive range of dates; an empty ``open`` means closed."""

    start: dt.date
    end: dt.date
    open: tuple[Interval, ...]
    note: dict[str, str]


@dataclass(frozen=True)
class Hours:
    week: dict[str, tuple[Interval, ...]]  # keyed by WEEKDAYS names
    holidays: HolidayRule
    eves: EveRule
    exceptions: tuple[Exception_, ...]


@dataclass(frozen=True)
class Priority:
    id: int
    name: dict[str, str]
    description: dict[str, str]
    target_minutes: int


@dataclass(frozen=True)
class Sla:
    default_priority: int
    priorities: tuple[Priority, ...]

    def priority(self, number: int) -> Priority:
        return next(p for p in self.priorities if p.id == number)


@dataclass(frozen=True)
class Channels:
    portal: str
    email: str
    phone: str | None = None


@dataclass(frozen=True)
class Team:
    id: str
    name: dict[str, str]
    description: dict[str, str]
    phone_option: int | None = None


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class ComponentGroup:
    id: str
    name: str


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    group: str
    description: str | None = None


@dataclass(frozen=True)
class StatusConfig:
    groups: tuple[ComponentGroup, ...]
    components: tuple[Component, ...]

    def component(self, component_id: str) -> Component:
        return next(c for c in self.components if c.id == component_id)


@dataclass(frozen=True)
class ContentPolicy:
    """What page bodies may load from other hosts (hooks/core/bodypolicy.py; the Content-Security-Policy too)."""

    embed_hosts: tuple[str, ...] = ()  # lowercase host names whose https images, media and iframes pages may show


@dataclass(frozen=True)
class SiteConfig:
    organisation: Organisation
    timezone: ZoneInfo
    hours: Hours
    sla: Sla
    channels: Channels
    teams: tuple[Team, ...]
    products: tuple[Product, ...]
    status: StatusConfig
    site_url: str = field(default="")
    content_policy: ContentPolicy = field(default_factory=ContentPolicy)

    def product(self, product_id: str) -> Product:
        return next(p for p in self.products if p.id == product_id)

    def team(self, team_id: str) -> Team:
        return next(t for t in self.teams if t.id == team_id)


# --- checks that span several keys --------------------------------------------------------------


def _no_overlap(ranges: list[Interval], ctx: Context, key: KeyPath) -> None:
    ordered = sorted(enumerate(ranges), key=lambda item: item[1])
    for (_, (s1, e1)), (index, (s2, e2)) in zip(ordered, ordered[1:]):
        if s2 < e1:
            ctx.report((*key, index), "overlapping time ranges", "ranges that do not overlap",
                       f"{hhmm(s1)}-{hhmm(e1)} and {hhmm(s2)}-{hhmm(e2)}")


class OpenRanges(ListOf):
    """The open intervals of one day, in order of time and never overlapping."""

    def __init__(self, **kw):
        super().__init__(TimeRange(), **kw)
        self.expected = "a list of time ranges HH:MM-HH:MM (an empty list means closed)"

    def convert(self, value, ctx, key):
        ranges = super().convert(value, ctx, key)
        if INVALID in ranges:
            return INVALID
        _no_overlap(ranges, ctx, key)
        return tuple(sorted(ranges))


class HolidayCountry(Option):
    expected = "a country code that the holidays package knows, such as FI"

    def convert(self, value, ctx, key):
        import holidays

        if not isinstance(value, str) or value not in holidays.list_supported_countries():
            raise Invalid("unknown country", self.expected, repr(value) if isinstance(value, str) else str(value))
        return value


class HostName(Option):
    """A host name as a browser compares it: no scheme, path, port or wildcard; written in any case, kept lowercase."""

    expected = "a host name such as www.youtube-nocookie.com, without scheme, path, port or wildcard"
    pattern = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$")

    def convert(self, value, ctx, key):
        if not isinstance(value, str):
            raise self.wrong_type(value)
        if not self.pattern.match(value.strip().lower()):
            raise Invalid("not a host name", self.expected, describe(value))
        return value.strip().lower()


def _hosts_once(values: dict, ctx: Context, key: KeyPath) -> None:
    seen: set[str] = set()
    for index, host in enumerate(values["embed_hosts"]):
        if host in seen:
            ctx.report((*key, "embed_hosts", index), "duplicate host", "each host once", repr(host))
        seen.add(host)


def _build_exception(date=None, start=None, end=None, open=(), note=None):
    first = date or start
    return Exception_(first, date or end, tuple(open), note)


def _exception_dates(values: dict, ctx: Context, key: KeyPath) -> None:
    if values["date"] is not None and (values["start"] is not None or values["end"] is not None):
        ctx.report(key, "both a date and a range", "either date or start and end", "all three")
    elif values["date"] is None and (values["start"] is None or values["end"] is None):
        ctx.report(key, "missing date", "date, or start and end", "neither")
    elif values["date"] is None and values["end"] < values["start"]:
        ctx.report((*key, "end"), "range ends before it starts", f"a date on or after {values['start']}", str(values["end"]))


def _exceptions_apart(values: dict, ctx: Context, key: KeyPath) -> None:
    """Two exceptions for one date would make the result depend on their order in the file."""
    def span(e: Exception_) -> str:
        return str(e.start) if e.start == e.end else f"{e.start}..{e.end}"

    seen: list[Exception_] = []
    for index, exception in enumerate(values["exceptions"]):
        for earlier in seen:
            if exception.start <= earlier.end and earlier.start <= exception.end:
                ctx.report((*key, "exceptions", index), "overlapping exceptions", "each date in one exception only",
                           f"{span(earlier)} and {span(exception)}")
                break
        seen.append(exception)


def _sorted_week(**days):
    return {name: days[name] for name in WEEKDAYS}


def _priorities(values: dict, ctx: Context, key: KeyPath) -> None:
    ids = [p.id for p in values["priorities"]]
    for index, number in enumerate(ids):
        if ids.index(number) != index:
            ctx.report((*key, "priorities", index, "id"), "duplicate priority id", "each id once", str(number))
    missing = [n for n in range(1, max(ids, default=0) + 1) if n not in ids]
    if missing:
        ctx.report((*key, "priorities"), "missing priority id", "ids 1 to N without gaps",
                   "no " + ", ".join(map(str, missing)))
    if values["default_priority"] not in ids:
        ctx.report((*key, "default_priority"), "unknown priority", "one of " + ", ".join(map(str, sorted(set(ids)))),
                   str(values["default_priority"]))


def _unique_ids(list_key: str):
    def check(values: dict, ctx: Context, key: KeyPath) -> None:
        seen: set[str] = set()
        for index, item in enumerate(values[list_key]):
            if item.id in seen:
                ctx.report((*key, list_key, index, "id"), "duplicate id", "each id once", repr(item.id))
            seen.add(item.id)
    return check


def _component_groups(values: dict, ctx: Context, key: KeyPath) -> None:
    groups = {g.id for g in values["groups"]}
    for index, component in enumerate(values["components"]):
        if component.group not in groups:
            ctx.report((*key, "components", index, "group"), "unknown group",
                       "one of " + ", ".join(sorted(groups)), repr(component.group))


_teams_unique = _unique_ids("teams")
_products_unique = _unique_ids("products")

SCHEMA = Struct(
    {
        "organisation": Struct({
            "name": Text(doc="The vendor's name as customers know it."),
            "department": Text(doc="The support department's name."),
            "legal_name": Text(),
            "registration": Text(doc="Company registration number."),
            "website": Text(),
        }, build=Organisation),
        "site_url": Text(default="", doc="Public address of the built site, for feeds and JSON-LD."),
        "timezone": TimeZoneName(doc="Every opening hour and deadline is in this zone's wall-clock time."),
        "hours": Struct({
            "week": Struct({name: OpenRanges(default=()) for name in WEEKDAYS}, build=_sorted_week),
            "holidays": Struct({
                "country": HolidayCountry(),
                "categories": ListOf(Text(), min_len=1, default=["public"]),
            }, build=lambda country, categories: HolidayRule(country, tuple(categories))),
            "eves": Struct({"closes_at": ClockTime()}, build=EveRule),
            "exceptions": ListOf(Struct({
                "date": Day(default=None),
                "start": Day(default=None),
                "end": Day(default=None),
                "open": OpenRanges(default=()),
                "note": Translated(),
            }, checks=[_exception_dates], build=_build_exception), default=[]),
        }, checks=[_exceptions_apart], build=lambda week, holidays, eves, exceptions: Hours(week, holidays, eves, tuple(exceptions))),
        "sla": Struct({
            "default_priority": Integer(min=1),
            "priorities": ListOf(Struct({
                "id": Integer(min=1, max=9),
                "name": Translated(),
                "description": Translated(),
                "target_minutes": Integer(min=1, doc="Opening minutes within which work on a case starts."),
            }, build=Priority), min_len=1),
        }, checks=[_priorities], build=lambda default_priority, priorities: Sla(default_priority, tuple(sorted(priorities, key=lambda p: p.id)))),
        "channels": Struct({"portal": Text(), "email": Text(), "phone": Text(default=None)}, build=Channels),
        "teams": ListOf(Struct({
            "id": Slug(),
            "name": Translated(),
            "description": Translated(),
            "phone_option": Integer(min=1, max=9, default=None),
        }, build=Team), min_len=1),
        "products": ListOf(Struct({"id": Slug(), "name": Text(), "description": Text()}, build=Product), min_len=1),
        "status": Struct({
            "groups": ListOf(Struct({"id": Slug(), "name": Text()}, build=ComponentGroup), min_len=1),
            "components": ListOf(Struct({
                "id": Slug(), "name": Text(), "group": Slug(), "description": Text(default=None),
            }, build=Component), min_len=1),
        }, checks=[_unique_ids("groups"), _unique_ids("components"), _component_groups],
            build=lambda groups, components: StatusConfig(tuple(groups), tuple(components))),
        "content_policy": Struct({
            "embed_hosts": ListOf(HostName(), default=[], doc="Hosts whose https images, video and iframes pages may "
                                  "embed; scripts and on… attributes are refused whatever this lists."),
        }, checks=[_hosts_once], build=lambda embed_hosts: ContentPolicy(tuple(embed_hosts)), default=ContentPolicy(),
            doc="What page bodies may load from other hosts: nothing unless listed (README, Security)."),
    },
    checks=[_teams_unique, _products_unique],
    build=lambda teams, products, **rest: SiteConfig(teams=tuple(teams), products=tuple(products), **rest),
)


_PARSED: TextMemo[tuple[SiteConfig | None, list[Problem]]] = TextMemo()


def load_site_config(root: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """Read and validate ``site_config/support.yml`` under ``root``; every problem is returned.

    Parsed once per text in a process: `mkdocs serve` rebuilds reuse it until the file changes."""
    text, problems = read_text(root / CONFIG_PATH, CONFIG_PATH)
    if text is None:
        return None, problems
    config, problems = _PARSED.get(root, text, lambda: _parse_site_config(text))
    return config, list(problems)  # the caller adds to its list; the memo's stays as it was


def _parse_site_config(text: str) -> tuple[SiteConfig | None, list[Problem]]:
    doc, problems = parse_yaml(text, CONFIG_PATH)
    if doc is None:
        return None, problems
    model, more = validate_document(SCHEMA, doc, CONFIG_PATH)
    problems += more
    return (None if model is INVALID else model), problems
