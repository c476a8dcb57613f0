"""The schema and model of ``site_config/support.yml``: hours, SLA, teams, products, status components."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from hooks.core.formats import hhmm
from hooks.core.memo import TextMemo
from hooks.core.problems import Problem, describe
from hooks.core.schema import (
    INVALID, Check, ClockTime, Context, Day, Integer, Invalid, KeyPath, ListOf, Model, Option, Slug, Struct, Text,
    TimeRange, TimeZoneName, Translated, option, validate_document,
)
from hooks.core.sources import read_text
from hooks.core.urlmap import tag_slug
from hooks.core.yamlsrc import parse_yaml

CONFIG_PATH = "site_config/support.yml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Interval = tuple[int, int]  # minutes after local midnight, half-open


# --- option types of this file ----------------------------------------------------------------------


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
        # The registry's codes, not holidays.list_supported_countries(): the same codes, aliases included, without
        # importing every country's module to list its subdivisions (0.15-0.25 s of every build).
        from holidays.registry import EntityLoader

        if not isinstance(value, str) or value not in set(EntityLoader.get_country_codes()):
            raise Invalid("unknown country", self.expected, repr(value) if isinstance(value, str) else str(value))
        return value

    def json_type(self):
        # The shape of the codes only: the list itself grows with each release of the holidays package.
        return {"type": "string", "pattern": "^[A-Z]{2,3}$"}


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

    def json_type(self):
        # JSON Schema patterns have no flags: the pattern itself takes both cases, as convert() does.
        return {"type": "string", "pattern": self.pattern.pattern.replace("a-z", "a-zA-Z")}


# --- checks that span several keys --------------------------------------------------------------


def _hosts_once(values: dict, ctx: Context, key: KeyPath) -> None:
    seen: set[str] = set()
    for index, host in enumerate(values["embed_hosts"]):
        if host in seen:
            ctx.report((*key, "embed_hosts", index), "duplicate host", "each host once", repr(host))
        seen.add(host)


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


def _unique(list_key: str, field: str = "id", same: Callable[[str], str] = str) -> Check:
    """Each item of ``list_key`` once by its ``field``; ``same`` gives what two values share when they are one."""
    def check(values: dict, ctx: Context, key: KeyPath) -> None:
        seen: set[str] = set()
        for index, item in enumerate(values[list_key]):
            value = getattr(item, field)
            if same(value) in seen:
                ctx.report((*key, list_key, index, field), f"duplicate {field}", f"each {field} once", repr(value))
            seen.add(same(value))
    return check


def _component_groups(values: dict, ctx: Context, key: KeyPath) -> None:
    groups = {g.id for g in values["groups"]}
    for index, component in enumerate(values["components"]):
        if component.group not in groups:
            ctx.report((*key, "components", index, "group"), "unknown group",
                       "one of " + ", ".join(sorted(groups)), repr(component.group))


# --- the model: each field declares how it is written in the file -----------------------------------


@dataclass(frozen=True)
class Organisation:
    name: str = option(Text(doc="The vendor's name as customers know it."))
    department: str = option(Text(doc="The support department's name."))
    legal_name: str = option(Text(doc="The company's registered name, for structured data."))
    registration: str = option(Text(doc="Company registration number."))
    website: str = option(Text(doc="The company's main website."))


@dataclass(frozen=True)
class HolidayRule:
    country: str = option(HolidayCountry(doc="Support is closed on this country's holidays."))
    categories: tuple[str, ...] = option(ListOf(Text(), min_len=1, default=("public",),
                                                doc="Which of the holidays package's categories close support."))


@dataclass(frozen=True)
class EveRule:
    """A day that would be open and whose next day is a closed holiday closes at ``closes_at``."""

    closes_at: int = option(ClockTime(doc="When an eve of a holiday closes."))


@dataclass(frozen=True)
class Exception_:
    """Explicit hours for a date or an inclusive range of dates; an empty ``open`` means closed.

    In the file ``date: X`` is short for ``start: X`` and ``end: X``; the model keeps ``start`` and ``end``."""

    CHECKS: ClassVar[tuple[Check, ...]] = (_exception_dates,)

    date: dt.date | None = option(Day(default=None, doc="The one day of the exception (or give start and end)."),
                                  kw_only=True, compare=False, repr=False)
    start: dt.date = option(Day(default=None, doc="The first day of a range of days (with end, instead of date)."))
    end: dt.date = option(Day(default=None, doc="The last day of the range, itself included."))
    open: tuple[Interval, ...] = option(OpenRanges(default=(), doc="Opening hours on those days; empty means closed."))
    # Required in the file; the model's default only keeps the fields in their order Exception_(start, end, open, note).
    note: dict[str, str] = option(Translated(doc="Why the hours differ, shown with the hours."), default=None)

    def __post_init__(self) -> None:
        if self.date is not None:
            object.__setattr__(self, "start", self.date)
            object.__setattr__(self, "end", self.date)


WEEK = Struct({name: OpenRanges(default=(), doc=f"Opening hours on {name.capitalize()}s; empty means closed.")
               for name in WEEKDAYS})
"""The regular week: a mapping of each weekday's name (in WEEKDAYS order) to its open intervals."""


@dataclass(frozen=True)
class Hours:
    CHECKS: ClassVar[tuple[Check, ...]] = (_exceptions_apart,)

    week: dict[str, tuple[Interval, ...]] = option(WEEK)  # keyed by WEEKDAYS names
    holidays: HolidayRule = option(Model(HolidayRule))
    eves: EveRule = option(Model(EveRule))
    exceptions: tuple[Exception_, ...] = option(ListOf(Model(Exception_), default=(),
                                                       doc="Dates whose hours differ from the week; these win over everything."))


@dataclass(frozen=True)
class Priority:
    id: int = option(Integer(min=1, max=9, doc="The priority's number; 1 is the most urgent."))
    name: dict[str, str] = option(Translated())
    description: dict[str, str] = option(Translated(doc="Which cases get this priority."))
    target_minutes: int = option(Integer(min=1, doc="Opening minutes within which work on a case starts."))


@dataclass(frozen=True)
class Sla:
    CHECKS: ClassVar[tuple[Check, ...]] = (_priorities,)

    default_priority: int = option(Integer(min=1, doc="The priority of a case for which none was chosen."))
    priorities: tuple[Priority, ...] = option(ListOf(Model(Priority), min_len=1, doc="Numbered 1 to N without gaps."))

    def __post_init__(self) -> None:
        object.__setattr__(self, "priorities", tuple(sorted(self.priorities, key=lambda p: p.id)))

    def priority(self, number: int) -> Priority:
        return next(p for p in self.priorities if p.id == number)


@dataclass(frozen=True)
class Channels:
    portal: str = option(Text(doc="The digital customer centre's address."))
    email: str = option(Text(doc="Support's email address."))
    phone: str | None = option(Text(default=None, doc="Support's phone number."))


@dataclass(frozen=True)
class Team:
    id: str = option(Slug(doc="The id FAQ articles and manuals name under team:."))
    name: dict[str, str] = option(Translated())
    description: dict[str, str] = option(Translated())
    phone_option: int | None = option(Integer(min=1, max=9, default=None, doc="The team's key in the phone menu."))


@dataclass(frozen=True)
class Product:
    id: str = option(Slug(doc="The id pages name under products:."))
    name: str = option(Text(doc="The product's brand name, the same in every language."))
    description: str = option(Text(doc="One sentence on the product, in Finnish."))
    description_sv: str | None = option(Text(default=None, doc="The description in Swedish, for the Swedish pages "
                                                               "(without it they show the Finnish one, so marked)."))

    @property
    def descriptions(self) -> dict[str, str]:
        """The description by language code, of the languages it is written in."""
        return {"fi": self.description, **({"sv": self.description_sv} if self.description_sv is not None else {})}


@dataclass(frozen=True)
class TagName:
    tag: str = option(Text(doc="A tag as pages write it under tags: (in Finnish, on the translations too)."))
    name_sv: str = option(Text(doc="What the Swedish pages call it (the topic list, the topic's page)."))

    @property
    def names(self) -> dict[str, str]:
        """The tag's name by language code, of the languages it is named in besides its own."""
        return {"sv": self.name_sv}


@dataclass(frozen=True)
class ComponentGroup:
    id: str = option(Slug(doc="The id components name under group:."))
    name: str = option(Text(doc="The heading, in Finnish."))
    name_sv: str | None = option(Text(default=None, doc="The heading in Swedish, for the Swedish pages (without it "
                                                        "they show the Finnish one, so marked)."))


@dataclass(frozen=True)
class Component:
    id: str = option(Slug(doc="The id status posts name under components:."))
    name: str = option(Text(doc="The service's name, in Finnish."))
    group: str = option(Slug(doc="The id of one of status.groups."))
    name_sv: str | None = option(Text(default=None, doc="The name in Swedish, for the Swedish pages, feeds and "
                                                        "calendar (without it they show the Finnish one)."))
    description: str | None = option(Text(default=None, doc="One sentence on the service, in Finnish."))
    description_sv: str | None = option(Text(default=None, doc="The description in Swedish."))


@dataclass(frozen=True)
class StatusConfig:
    CHECKS: ClassVar[tuple[Check, ...]] = (_unique("groups"), _unique("components"), _component_groups)

    groups: tuple[ComponentGroup, ...] = option(ListOf(Model(ComponentGroup), min_len=1,
                                                       doc="The headings the status page lists components under."))
    components: tuple[Component, ...] = option(ListOf(Model(Component), min_len=1,
                                                      doc="The services whose status the status page shows."))

    def component(self, component_id: str) -> Component:
        return next(c for c in self.components if c.id == component_id)


@dataclass(frozen=True)
class ContentPolicy:
    """What page bodies may load from other hosts (hooks/core/bodypolicy.py; the Content-Security-Policy too)."""

    CHECKS: ClassVar[tuple[Check, ...]] = (_hosts_once,)

    # lowercase host names whose https images, media and iframes pages may show
    embed_hosts: tuple[str, ...] = option(ListOf(HostName(), default=(), doc="Hosts whose https images, video and "
                                                 "iframes pages may embed; scripts and on… attributes are refused "
                                                 "whatever this lists."))


@dataclass(frozen=True, kw_only=True)
class SiteConfig:
    # A tag is one tag in any spelling that gives the same address (its page, and its name's lookup).
    CHECKS: ClassVar[tuple[Check, ...]] = (_unique("teams"), _unique("products"), _unique("tags", "tag", tag_slug))

    organisation: Organisation = option(Model(Organisation))
    site_url: str = option(Text(default="", doc="Public address of the built site, for feeds and JSON-LD."))
    timezone: ZoneInfo = option(TimeZoneName(doc="Every opening hour and deadline is in this zone's wall-clock time."))
    hours: Hours = option(Model(Hours, doc="When support is open."))
    sla: Sla = option(Model(Sla, doc="Priorities and how soon work on a case starts."))
    channels: Channels = option(Model(Channels, doc="How customers reach support."))
    teams: tuple[Team, ...] = option(ListOf(Model(Team), min_len=1))
    products: tuple[Product, ...] = option(ListOf(Model(Product), min_len=1))
    status: StatusConfig = option(Model(StatusConfig, doc="The components of the status page."))
    tags: tuple[TagName, ...] = option(ListOf(Model(TagName), default=(), doc=(
        "The tags' names on the translations' pages; a tag not listed is shown as written there, so marked.")))
    content_policy: ContentPolicy = option(Model(
        ContentPolicy, default=ContentPolicy(),
        doc="What page bodies may load from other hosts: nothing unless listed (README, Security)."))

    def product(self, product_id: str) -> Product:
        return next(p for p in self.products if p.id == product_id)

    def team(self, team_id: str) -> Team:
        return next(t for t in self.teams if t.id == team_id)


SCHEMA = Model(SiteConfig)


_PARSED: TextMemo[tuple[SiteConfig | None, list[Problem]]] = TextMemo()


def load_site_config(root: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """Read and validate ``site_config/support.yml`` under ``root``; every problem is returned."""
    return load_config_file(root, CONFIG_PATH, SCHEMA, _PARSED)


def load_config_file(root: Path, path: str, schema: Model, memo: TextMemo) -> tuple[Any, list[Problem]]:
    """Read and validate one file of ``site_config/`` against ``schema``: the model (None when invalid) and every
    problem. Parsed once per text in a process: `mkdocs serve` rebuilds reuse it until the file changes."""
    text, problems = read_text(root / path, path)
    if text is None:
        return None, problems
    model, problems = memo.get(root, text, lambda: _parse(text, path, schema))
    return model, list(problems)  # the caller adds to its list; the memo's stays as it was


def _parse(text: str, path: str, schema: Model) -> tuple[Any, list[Problem]]:
    doc, problems = parse_yaml(text, path)
    if doc is None:
        return None, problems
    model, more = validate_document(schema, doc, path)
    problems += more
    return (None if model is INVALID else model), problems
