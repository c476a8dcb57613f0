"""The README describes the code as it is: its Layout section lists every module of hooks/, in its layer, and no
module the README names is missing."""

from __future__ import annotations

import re
from pathlib import Path

from hooks.tools.deps import layers_of

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
HOOKS = REPO / "hooks"

_GROUP = re.compile(r"^\*\*[^*]+\*\* \(layers? (?P<layers>[^:)]+)")  # **Models** (layer `models`: …)
_ENTRY = re.compile(r"^- `(?P<path>hooks/[\w/]+\.py)`")
_PATH = re.compile(r"\bhooks/[\w/]+\.py\b")


def layout_section() -> list[str]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Layout")
    end = next(n for n in range(start + 1, len(lines)) if lines[n].startswith("## "))
    return lines[start:end]


def listed() -> dict[str, tuple[str, ...]]:
    """Each module listed in the Layout section, with the layers its group names."""
    found, layers = {}, ()
    for line in layout_section():
        if group := _GROUP.match(line):
            layers = tuple(re.findall(r"`(\w+)`", group["layers"]))
        elif entry := _ENTRY.match(line):
            assert entry["path"] not in found, f"README lists {entry['path']} twice"
            found[entry["path"]] = layers
    return found


def modules() -> list[str]:
    return sorted(p.relative_to(REPO).as_posix() for p in HOOKS.rglob("*.py")
                  if "__pycache__" not in p.parts and p.name != "__init__.py")


def test_the_layout_lists_every_module_of_hooks():
    missing = [path for path in modules() if path not in listed()]
    assert missing == [], "add a line for each to the Layout section of README.md, under its layer"


def test_every_module_the_readme_names_exists():
    named = sorted(set(_PATH.findall(README.read_text(encoding="utf-8"))))
    assert [path for path in named if not (REPO / path).is_file()] == []


def test_every_listed_module_is_under_the_layer_it_is_in():
    # The groups name the layers of hooks/tools/deps.py, where the rules are checked.
    wrong = {}
    for path, layers in listed().items():
        name = path.removesuffix(".py").replace("/", ".")
        actual = [layer.name for layer in layers_of(name)]
        if len(actual) != 1 or actual[0] not in layers:
            wrong[path] = f"listed under {', '.join(layers) or 'no layer'}, in {', '.join(actual) or 'no layer'}"
    assert wrong == {}
