"""YAML reading with line numbers per key path, and YAML 1.2 scalars (no sexagesimal, no yes/no, dates as text)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from hooks.core.problems import Problem

KeyPath = tuple[str | int, ...]


# libyaml's parser when PyYAML was built with it: the pure-Python parser was 2.7 s of a 1,000-page build.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader whose implicit scalars follow YAML 1.2's core schema.

    YAML 1.1 reads an unquoted ``12:00`` as the integer 720 and ``no`` as false; writers of opening
    hours and Finnish text meet both. Here ``12:00`` stays the text ``12:00``, and only
    ``true``/``false`` are booleans.

    Dates and timestamps stay text too: PyYAML's constructor raises on ``2027-02-30`` with no key and
    no line, so the schema's date options parse them (``parse_timestamp``) and say where and what.
    """


_REPLACED_TAGS = tuple(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "timestamp"))
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _REPLACED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"),
)


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    return int(text, 0) if text.startswith(("0o", "0x")) else int(text)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
# An explicit ``!!timestamp`` is text as well, for the same reason.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Base.construct_yaml_str)

# YAML 1.1's timestamp forms: what PyYAML read as a date or a datetime before dates were left as text.
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?"
    r"(?:[ \t]*(Z|([-+])(\d{1,2})(?::(\d{2}))?))?$"
)


def parse_timestamp(text: str) -> dt.date | dt.datetime | None:
    """A date or datetime in one of YAML's timestamp forms, None for text of another form.

    Raises ValueError for a date or time that does not exist (``2027-02-30``, ``25:00:00``); the datetime is
    aware when the text has an offset or ``Z``, as PyYAML would have made it."""
    if match := _DATE.match(text):
        return dt.date(*map(int, match.groups()))
    match = _DATETIME.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone, sign, zone_hour, zone_minute = match.groups()
    tzinfo = None
    if sign:
        offset = dt.timedelta(hours=int(zone_hour), minutes=int(zone_minute or 0))
        tzinfo = dt.timezone(-offset if sign == "-" else offset)
    elif zone:
        tzinfo = dt.timezone.utc
    micro = int((fraction or "")[:6].ljust(6, "0"))
    return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tzinfo)


@dataclass
class YamlDocument:
    """A parsed YAML value and the line (1-based, in the file) where each key path starts."""

    value: object
    lines: dict[KeyPath, int] = field(default_factory=dict)
    first_line: int = 1

    def line(self, path: KeyPath) -> int:
        """The line of the nearest key path that exists, walking up towards the root."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), self.first_line)


def format_key(key: KeyPath) -> str:
    """``('hours', 'week', 'mon', 0)`` → ``hours.week.mon[0]``."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document; ``line_offset`` is the number of file lines before ``text``."""
    problems: list[Problem] = []
    try:
        node, value = _load(text)
    except yaml.MarkedYAMLError as error:
        unclosed = _unclosed_quote(text, error)
        if unclosed is not None:
            line, key, quote, opened = unclosed
            problems.append(Problem(path, line + 1 + line_offset, key, "quote not closed",
                                    f"a {quote} at the end of the text", repr(opened)))
            return None, problems
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        problems.append(Problem(path, line, "", f"malformed YAML: {error.problem or error.context}"))
        return None, problems
    except (yaml.YAMLError, ValueError) as error:
        problems.append(Problem(path, line_offset + 1, "", f"malformed YAML: {error}"))
        return None, problems
    if node is None:
        return YamlDocument({}, {(): line_offset + 1}, line_offset + 1), problems
    doc = YamlDocument(value, first_line=line_offset + 1)
    _index_lines(node, (), doc.lines, problems, path, line_offset)
    return doc, problems


def _load(text: str) -> tuple[yaml.Node | None, object]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


# A value that starts with a quote, after its key (``title: "…``) or a list dash (``- "…``).
_QUOTE_OPENS = re.compile(
    r"""^[ \t]*(?:-[ \t]+)*(?:(?P<key>[^\s"'#\[{][^:#]*?)[ \t]*:[ \t]+)?(?P<quote>["'])(?P<rest>.*)$""")
_DOUBLE_QUOTE_ENDS = re.compile(r'(?<!\\)(?:\\\\)*"')  # a " after an even number of backslashes


def _closes(quote: str, rest: str) -> bool:
    """Whether the quoted text that goes on with ``rest`` ends on the same line (``''`` is a quote inside '…')."""
    if quote == "'":
        return "'" in rest.replace("''", "")
    return _DOUBLE_QUOTE_ENDS.search(rest) is not None


def _unclosed_quote(text: str, error: yaml.MarkedYAMLError) -> tuple[int, str, str, str] | None:
    """(line index, key, quote, the text from the quote) of a quote left open, when that is what broke the YAML.

    The parser notices only at the end of the text or at the next quote, lines later; the writer needs the line
    where the quote opens. When the parser does not say where the quoted text began, a line counts if closing its
    quote makes the whole text parse (multi-line quoted text is valid YAML, so an open quote alone is no proof)."""
    lines = text.split("\n")
    known = error.context == "while scanning a quoted scalar" and error.context_mark is not None
    if known:
        candidates = [error.context_mark.line]
    else:
        last = error.problem_mark.line if error.problem_mark is not None else len(lines) - 1
        candidates = list(range(min(last, len(lines) - 1) + 1))
    for index in candidates:
        match = _QUOTE_OPENS.match(lines[index])
        if match is None or _closes(match["quote"], match["rest"]):
            continue
        quote, opened = match["quote"], lines[index][match.start("quote"):].rstrip()
        fixed = "\n".join([*lines[:index], lines[index].rstrip() + quote, *lines[index + 1:]])
        try:
            node, _ = _load(fixed)
        except (yaml.YAMLError, ValueError):
            if known:
                return index, match["key"] or "", quote, opened
            continue
        found: dict[KeyPath, int] = {}
        if node is not None:
            _index_lines(node, (), found, [], "", 0)
        key = max((k for k, line in found.items() if line == index + 1 and k), key=len, default=())
        return index, format_key(key), quote, opened
    return None


def _index_lines(node: yaml.Node, key: KeyPath, lines: dict, problems: list[Problem], path: str, offset: int) -> None:
    lines[key] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if name in seen:
                line = key_node.start_mark.line + 1 + offset
                problems.append(Problem(path, line, format_key((*key, name)), "duplicate key"))
            seen.add(name)
            _index_lines(value_node, (*key, name), lines, problems, path, offset)
            lines[(*key, name)] = key_node.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*key, index), lines, problems, path, offset)
