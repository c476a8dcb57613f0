"""YAML reading with line numbers per key path, and YAML 1.2 scalars (no sexagesimal, no yes/no)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from hooks.core.problems import Problem

KeyPath = tuple[str | int, ...]


# libyaml's parser when PyYAML was built with it (issue 6: the pure-Python parser was 2.7 s of a 1,000-page build).
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader whose implicit scalars follow YAML 1.2's core schema.

    YAML 1.1 reads an unquoted ``12:00`` as the integer 720 and ``no`` as false; writers of opening
    hours and Finnish text meet both. Here ``12:00`` stays the text ``12:00``, and only
    ``true``/``false`` are booleans.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool")]
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


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document; ``line_offset`` is the number of file lines before ``text``."""
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument({}, {(): line_offset + 1}, line_offset + 1), problems
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        problems.append(Problem(path, line, "", f"malformed YAML: {error.problem or error.context}"))
        return None, problems
    except (yaml.YAMLError, ValueError) as error:
        problems.append(Problem(path, line_offset + 1, "", f"malformed YAML: {error}"))
        return None, problems
    finally:
        loader.dispose()
    doc = YamlDocument(value, first_line=line_offset + 1)
    _index_lines(node, (), doc.lines, problems, path, line_offset)
    return doc, problems


def _index_lines(node: yaml.Node, key: KeyPath, lines: dict, problems: list[Problem], path: str, offset: int) -> None:
    lines[key] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if name in seen:
                shown = ".".join(str(k) for k in (*key, name))
                problems.append(Problem(path, key_node.start_mark.line + 1 + offset, shown, "duplicate key"))
            seen.add(name)
            _index_lines(value_node, (*key, name), lines, problems, path, offset)
            lines[(*key, name)] = key_node.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*key, index), lines, problems, path, offset)
