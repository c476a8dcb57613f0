"""Declared schemas after mkdocs' config options: typed options (one error wording, their JSON Schema), dataclass models."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from hooks.core.problems import Problem, describe
from hooks.core.yamlsrc import KeyPath, YamlDocument, format_key, parse_timestamp

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID", "__bool__": lambda self: False})()
"""Returned for a value that had problems, so that later checks do not pile on."""

_REQUIRED = object()


class Context:
    """Where a value came from (file, YAML lines), the problems found so far and known ids."""

    def __init__(self, path: str, doc: YamlDocument, refs: Mapping[str, Iterable[str]] | None = None,
                 origin: Any = None):
        self.path = path
        self.doc = doc
        self.refs = {name: list(ids) for name, ids in (refs or {}).items()}
        self.origin = origin  # what the values were read from (a Source): models derive path-based fields from it
        self.problems: list[Problem] = []

    def report(self, key: KeyPath, problem: str, expected: str | None = None, got: str | None = None) -> None:
        self.problems.append(Problem(self.path, self.doc.line(key), format_key(key), problem, expected, got))


class Invalid(Exception):
    """Raised by an option for a value it cannot accept."""

    def __init__(self, problem: str, expected: str | None = None, got: str | None = None):
        super().__init__(problem)
        self.problem, self.expected, self.got = problem, expected, got


class Option:
    """One typed value; subclasses set ``expected`` and implement ``convert``."""

    expected = "a value"

    def __init__(self, *, default: Any = _REQUIRED, doc: str = ""):
        self.default = default
        self.doc = doc

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def validate(self, value: Any, ctx: Context, key: KeyPath) -> Any:
        try:
            return self.convert(value, ctx, key)
        except Invalid as error:
            ctx.report(key, error.problem, error.expected, error.got)
            return INVALID

    def convert(self, value: Any, ctx: Context, key: KeyPath) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def wrong_type(self, value: Any) -> Invalid:
        return Invalid("wrong type", self.expected, describe(value))

    def json_schema(self) -> dict[str, Any]:
        """This option as JSON Schema: its type and constraints, described by its doc and what it expects."""
        schema = self.json_type()
        schema["description"] = " ".join(filter(None, [self.doc, f"Expected: {self.expected}."]))
        default = _json_value(self.default)
        if not self.required and default is not None:
            schema["default"] = default
        return schema

    def json_type(self) -> dict[str, Any]:
        """The JSON Schema keywords that say what this option accepts (any value unless a subclass says more)."""
        return {}


def _json_value(value: Any) -> Any:
    """``value`` as JSON when it is plain data (a default worth offering in an editor), else None."""
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(item, bool | int | str) for item in value):
        return list(value)
    if isinstance(value, dict) and all(isinstance(item, bool | int | str) for item in value.values()):
        return dict(value)
    return None


class Text(Option):
    expected = "a text"

    def convert(self, value, ctx, key):
        if not isinstance(value, str):
            raise self.wrong_type(value)
        if not value.strip():
            raise Invalid("empty text", self.expected, describe(value))
        return value.strip()

    def json_type(self):
        return {"type": "string", "pattern": r"\S"}


class Slug(Text):
    """An id used in file names, URLs and JSON: lowercase letters, digits and hyphens."""

    expected = "an id of lowercase letters, digits and hyphens"
    pattern = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

    def convert(self, value, ctx, key):
        text = super().convert(value, ctx, key)
        if not self.pattern.match(text):
            raise Invalid("invalid id", self.expected, describe(value))
        return text

    def json_type(self):
        return {"type": "string", "pattern": self.pattern.pattern}


class Integer(Option):
    def __init__(self, *, min: int | None = None, max: int | None = None, **kw):
        super().__init__(**kw)
        self.min, self.max = min, max
        bounds = f" from {min} to {max}" if min is not None and max is not None else (f" of at least {min}" if min is not None else "")
        self.expected = f"a whole number{bounds}"

    def convert(self, value, ctx, key):
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong_type(value)
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise Invalid("out of range", self.expected, describe(value))
        return value

    def json_type(self):
        bounds = {"minimum": self.min, "maximum": self.max}
        return {"type": "integer", **{word: bound for word, bound in bounds.items() if bound is not None}}


class Boolean(Option):
    expected = "true or false"

    def convert(self, value, ctx, key):
        if not isinstance(value, bool):
            raise self.wrong_type(value)
        return value

    def json_type(self):
        return {"type": "boolean"}


class Choice(Option):
    """One of a fixed list, or of the ids declared elsewhere (``ref`` names a list in ``ctx.refs``)."""

    def __init__(self, choices: Sequence[str] = (), *, ref: str | None = None, **kw):
        super().__init__(**kw)
        self.choices, self.ref = tuple(choices), ref
        self.expected = (f"a {ref.removesuffix('s')} id declared in site_config/support.yml" if ref
                         else "one of " + ", ".join(self.choices))

    def allowed(self, ctx: Context) -> list[str]:
        return list(ctx.refs.get(self.ref, [])) if self.ref else list(self.choices)

    def convert(self, value, ctx, key):
        if self.ref and self.ref not in ctx.refs:
            # The declaring file had problems of its own; they are reported there, not here.
            return value
        allowed = self.allowed(ctx)
        expected = "one of " + ", ".join(allowed) if allowed else "a declared id (none are declared)"
        if not isinstance(value, str) or value not in allowed:
            raise Invalid(f"unknown {self.ref.removesuffix('s')}" if self.ref else "unknown value", expected, describe(value))
        return value

    def json_type(self):
        # The ids are site_config's: listing today's here would make every new team or product a schema change,
        # and `supportsite check` names the declared ids when one is unknown.
        return {"type": "string"} if self.ref else {"enum": list(self.choices)}


_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_CLOCK_PATTERN = r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9]|24:00"
"""What ``parse_clock`` accepts, for JSON Schema patterns: 00:00 to 23:59 (one-digit hours too), and 24:00; spaces
around a time are ignored there, so the patterns allow them too."""


def parse_clock(text: str) -> int | None:
    """``'08:30'`` → 510 minutes after midnight; ``'24:00'`` is allowed as the end of a day."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes


class ClockTime(Option):
    """A wall-clock time as minutes after midnight."""

    expected = "a time HH:MM from 00:00 to 24:00"

    def convert(self, value, ctx, key):
        if not isinstance(value, str):
            raise self.wrong_type(value)
        minutes = parse_clock(value)
        if minutes is None:
            raise Invalid("invalid time", self.expected, describe(value))
        return minutes

    def json_type(self):
        return {"type": "string", "pattern": rf"^\s*(?:{_CLOCK_PATTERN})\s*$"}


class TimeRange(Option):
    """``'08:00-11:00'`` → (480, 660), half-open: the end minute is already outside."""

    expected = "a time range HH:MM-HH:MM from 00:00 to 24:00"

    def convert(self, value, ctx, key):
        if not isinstance(value, str) or value.count("-") != 1:
            raise Invalid("invalid time range", self.expected, describe(value))
        start_text, end_text = value.split("-")
        start, end = parse_clock(start_text), parse_clock(end_text)
        if start is None or end is None:
            raise Invalid("invalid time", self.expected, describe(value))
        if start >= end:
            raise Invalid("reversed or empty time range", "a start before the end", describe(value))
        return (start, end)

    def json_type(self):
        return {"type": "string", "pattern": rf"^\s*(?:{_CLOCK_PATTERN})\s*-\s*(?:{_CLOCK_PATTERN})\s*$"}


class Day(Option):
    """A calendar date, written as YAML writes one (the loader leaves it as text: see ``yamlsrc``)."""

    expected = "a date YYYY-MM-DD"

    def convert(self, value, ctx, key):
        if isinstance(value, dt.datetime):
            raise self.wrong_type(value)
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                parsed = parse_timestamp(value.strip())
            except ValueError:
                raise Invalid("not a real date", self.expected, describe(value)) from None
            if isinstance(parsed, dt.datetime):
                raise self.wrong_type(value)
            if parsed is not None:
                return parsed
        raise Invalid("invalid date", self.expected, describe(value))

    def json_type(self):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


class Instant(Option):
    """An aware timestamp; a time without a UTC offset is refused, never guessed."""

    expected = "a date and time with a UTC offset, such as 2026-10-14T09:12:00+03:00"

    def convert(self, value, ctx, key):
        if isinstance(value, str):
            text = value.strip()
            try:
                # YAML's forms first (what an unquoted value used to become), then the rest of ISO 8601.
                parsed = parse_timestamp(text)
            except ValueError:
                raise Invalid("not a real date and time", self.expected, describe(value)) from None
            if parsed is None:
                try:
                    parsed = dt.datetime.fromisoformat(text)
                except ValueError:
                    raise Invalid("invalid timestamp", self.expected, describe(value)) from None
            if not isinstance(parsed, dt.datetime):
                raise Invalid("invalid timestamp", self.expected, describe(value))
            value = parsed
        if not isinstance(value, dt.datetime):
            raise Invalid("invalid timestamp", self.expected, describe(value))
        if value.tzinfo is None or value.utcoffset() is None:
            raise Invalid("timestamp without UTC offset", self.expected, describe(value.isoformat()))
        return value

    def json_type(self):
        # YAML's timestamp forms and ISO 8601's extended one, always ending in an offset or Z.
        return {"type": "string", "pattern": r"^\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|[ \t]+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                                             r"[ \t]*(?:[Zz]|[+-]\d{1,2}(?::?\d{2})?)$"}


class TimeZoneName(Option):
    expected = "an IANA time zone such as Europe/Helsinki"

    def convert(self, value, ctx, key):
        if not isinstance(value, str) or value not in available_timezones():
            raise Invalid("unknown time zone", self.expected, describe(value))
        try:
            return ZoneInfo(value)
        except ZoneInfoNotFoundError:  # pragma: no cover - listed zones always load
            raise Invalid("unknown time zone", self.expected, describe(value)) from None

    def json_type(self):
        # A pattern, not the list of zones: that list comes from the machine's tz database and would differ by machine.
        return {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*$"}


class ListOf(Option):
    def __init__(self, item: Option, *, min_len: int = 0, **kw):
        super().__init__(**kw)
        self.item, self.min_len = item, min_len
        self.expected = f"a list, each {item.expected}" if min_len == 0 else f"a list of at least {min_len}, each {item.expected}"

    def convert(self, value, ctx, key):
        if not isinstance(value, list):
            raise self.wrong_type(value)
        if len(value) < self.min_len:
            raise Invalid("too few items", self.expected, f"{len(value)}")
        return tuple(self.item.validate(item, ctx, (*key, index)) for index, item in enumerate(value))

    def json_type(self):
        return {"type": "array", "items": self.item.json_schema(), **({"minItems": self.min_len} if self.min_len else {})}


class MappingOf(Option):
    def __init__(self, keys: Option, values: Option, *, min_len: int = 0, **kw):
        super().__init__(**kw)
        self.keys, self.values, self.min_len = keys, values, min_len
        self.expected = f"a mapping of {keys.expected} to {values.expected}"

    def convert(self, value, ctx, key):
        if not isinstance(value, dict):
            raise self.wrong_type(value)
        if len(value) < self.min_len:
            raise Invalid("too few entries", self.expected, f"{len(value)}")
        out = {}
        for name, item in value.items():
            k = self.keys.validate(name, ctx, (*key, str(name)))
            v = self.values.validate(item, ctx, (*key, str(name)))
            if k is not INVALID:
                out[k] = v
        return out

    def json_type(self):
        return {"type": "object", "propertyNames": self.keys.json_type(), "additionalProperties": self.values.json_schema(),
                **({"minProperties": self.min_len} if self.min_len else {})}


LANGUAGES = ("fi", "sv", "en")


class Translated(Option):
    """The same text in each of the site's languages (Finnish first, Swedish and English to follow)."""

    def __init__(self, languages: Sequence[str] = LANGUAGES, **kw):
        super().__init__(**kw)
        self.languages = tuple(languages)
        self.expected = "texts for " + ", ".join(self.languages)

    def convert(self, value, ctx, key):
        if not isinstance(value, dict):
            raise self.wrong_type(value)
        missing = [lang for lang in self.languages if lang not in value]
        if missing:
            raise Invalid("missing translation " + ", ".join(missing), self.expected, ", ".join(map(str, value)) or "none")
        extra = [str(lang) for lang in value if lang not in self.languages]
        if extra:
            raise Invalid("unknown language " + ", ".join(extra), self.expected, ", ".join(map(str, value)))
        text = Text()
        return {lang: text.validate(value[lang], ctx, (*key, lang)) for lang in self.languages}

    def json_type(self):
        return {"type": "object", "properties": {lang: Text().json_schema() for lang in self.languages},
                "required": list(self.languages), "additionalProperties": False}


Check = Callable[[dict, Context, KeyPath], None]


class Struct(Option):
    """A mapping with declared keys, validated to a dict; unknown keys are problems. ``Model`` builds a dataclass."""

    expected = "a mapping"

    def __init__(self, fields: Mapping[str, Option], *, checks: Sequence[Check] = (), **kw):
        super().__init__(**kw)
        self.fields, self.checks = dict(fields), tuple(checks)

    def convert(self, value, ctx, key):
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.wrong_type(value)
        before = len(ctx.problems)
        out: dict[str, Any] = {}
        for name in value:
            if name not in self.fields:
                ctx.report((*key, str(name)), "unknown key", "one of " + ", ".join(self.fields), describe(str(name)))
        for name, option in self.fields.items():
            if name in value and value[name] is not None:
                out[name] = option.validate(value[name], ctx, (*key, name))
            elif option.required:
                ctx.report((*key, name), "missing required key", option.expected)
                out[name] = INVALID
            else:
                out[name] = option.default
        if len(ctx.problems) > before:
            return INVALID
        for check in self.checks:
            check(out, ctx, key)
        if len(ctx.problems) > before:
            return INVALID
        return out

    def json_type(self):
        # Unknown keys are errors here (usually a misspelt key), so the JSON Schema refuses them too.
        return {"type": "object", "properties": {name: option.json_schema() for name, option in self.fields.items()},
                "required": [name for name, option in self.fields.items() if option.required],
                "additionalProperties": False}


# --- models: a dataclass whose fields carry their options is the one declaration of a schema ------------------

OPTION = "supportsite.option"
DERIVED = "supportsite.derived"


def option(kind: Option, **field_kw: Any) -> Any:
    """A dataclass field read from YAML by ``kind``; it defaults as the option does unless ``field_kw`` says otherwise."""
    if not kind.required and "default" not in field_kw and "default_factory" not in field_kw:
        default = kind.default
        if isinstance(default, list | dict | set):
            field_kw["default_factory"] = lambda: type(default)(default)
        else:
            field_kw["default"] = default
    return dataclasses.field(metadata={OPTION: kind}, **field_kw)


def derived(compute: Callable[[Any], Any], **field_kw: Any) -> Any:
    """A dataclass field that is not written in YAML but worked out from where it was read (``Context.origin``)."""
    return dataclasses.field(metadata={DERIVED: compute}, **field_kw)


class Model(Struct):
    """The schema a dataclass declares: its ``option()`` fields are the keys, its ``CHECKS`` the cross-key checks.

    Schema and model at once, as mkdocs' ``Config`` classes are, yet a plain frozen dataclass, and free of mkdocs
    so the domain can move to another site engine. Validating builds the dataclass: the options' values, plus its
    ``derived()`` fields worked out from the context's origin. Fields that are neither are the model's own (filled
    in later) and keep their defaults."""

    def __init__(self, cls: type, **kw):
        fields = dataclasses.fields(cls)
        super().__init__({f.name: f.metadata[OPTION] for f in fields if OPTION in f.metadata},
                         checks=getattr(cls, "CHECKS", ()), **kw)
        self.cls = cls
        self.derived = {f.name: f.metadata[DERIVED] for f in fields if DERIVED in f.metadata}

    def convert(self, value, ctx, key):
        values = super().convert(value, ctx, key)
        if values is INVALID:
            return INVALID
        if self.derived:
            if ctx.origin is None:
                raise TypeError(f"{self.cls.__name__} derives {', '.join(self.derived)} from its source: "
                                "pass origin= to validate_document")
            values.update({name: compute(ctx.origin) for name, compute in self.derived.items()})
        return self.cls(**values)


def validate_document(schema: Option, doc: YamlDocument, path: str, refs: Mapping[str, Iterable[str]] | None = None,
                      origin: Any = None) -> tuple[Any, list[Problem]]:
    """Validate a whole parsed document against ``schema``; returns (model or INVALID, problems).

    ``origin`` is what the document was read from, for models with ``derived()`` fields."""
    ctx = Context(path, doc, refs, origin)
    result = schema.validate(doc.value, ctx, ())
    return result, ctx.problems


class ShortMarkdown(Text):
    """A short Markdown text such as a status update: no images, and links only to addresses that run nothing.

    Raw HTML is allowed to be typed but is shown as text (``hooks/core/markup.py``); a link to ``javascript:``
    or an image (which would load at the reader's end, in feed readers too) is refused here."""

    expected = "Markdown text with links to http(s), mailto: or tel: addresses or to the site's pages"
    _image = re.compile(r"!\[[^\]]*\]\(")
    _target = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>",
                         re.MULTILINE)

    def convert(self, value, ctx, key):
        from hooks.core.markup import is_safe_url

        text = super().convert(value, ctx, key)
        if self._image.search(text):
            raise Invalid("image in a short text", self.expected, describe(self._image.search(text)[0] + "…)"))
        for match in self._target.finditer(text):
            target = next(group for group in match.groups() if group is not None)
            if target and not is_safe_url(target):
                raise Invalid("link target not allowed", self.expected, describe(target))
        return text
