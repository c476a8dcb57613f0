"""What we take from upstream at fixed versions: exact pins, and the Material templates that hooks/theme/ copies.

A copied template is a fork. OVERRIDES below lists every template and block of hooks/theme/ that takes the place
of one of Material's, and how:

- ``copy``: ours is Material's text with our changes marked ``{#- supportsite: why #}`` … ``{#- /supportsite #}``.
  Without those regions it must equal the installed original; Jinja comments, indentation and blank lines are not
  compared (they change no page). A difference fails with a unified diff.
- ``replace``: ours is our own; Material's text is recorded here as it read when we replaced it, so that a change
  upstream fails and someone decides whether ours must follow.
- ``extend``: ours calls ``super()``, so Material's content stays whatever it becomes.

The release the copies come from is ``hooks.glue.MATERIAL_VERSION``; another installed Material fails first.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from hooks.glue import MATERIAL_VERSION, THEME_DIR

REPO = Path(__file__).resolve().parents[1]
MATERIAL = Path(find_spec("material").submodule_search_locations[0]) / "templates"

COPY, REPLACE, EXTEND = "copy", "replace", "extend"


@dataclass(frozen=True)
class Override:
    """One template of hooks/theme/ (``block`` None) or one of its blocks that takes the place of Material's."""

    ours: str                # template name under hooks/theme/
    upstream: str            # Material's template whose text (or block) ours takes the place of
    block: str | None
    kind: str                # COPY, REPLACE or EXTEND
    recorded: str = ""       # REPLACE: Material's text as of MATERIAL_VERSION, without its comments

    def __str__(self) -> str:
        return f"hooks/theme/{self.ours}" + (f" block {self.block}" if self.block else "")


OVERRIDES = (
    Override("partials/header.html", "partials/header.html", None, COPY),
    Override("partials/language.html", "partials/language.html", None, REPLACE,
             '{% import "partials/languages/" ~ config.theme.language ~ ".html" as lang %}\n'
             '{% import "partials/languages/en.html" as fallback %}\n'
             '{% macro t(key) %}{{ lang.t(key) or fallback.t(key) or key }}{% endmacro %}'),
    Override("main.html", "main.html", None, REPLACE, '{% extends "base.html" %}'),
    Override("main.html", "base.html", "htmltitle", COPY),
    Override("main.html", "base.html", "extrahead", EXTEND),
    Override("main.html", "base.html", "announce", REPLACE, ""),
    Override("main.html", "base.html", "site_nav", COPY),
    Override("main.html", "base.html", "scripts", REPLACE,
             "<script src=\"{{ 'assets/javascripts/bundle.a5f9d56c.min.js' | url }}\"></script>\n"
             "{% for script in config.extra_javascript %}\n{{ script | script_tag }}\n{% endfor %}"),
    Override("404.html", "404.html", None, REPLACE,
             '{% extends "main.html" %}\n{% block content %}\n<h1>404 - Not found</h1>\n{% endblock %}'),
)

# Our changes inside a copy: `{#- supportsite: why #}` opens one, `{#- /supportsite #}` closes it. With a dash on the
# left only, a marker on a line of its own leaves the page's whitespace as it would be without it.
_OPEN = r"\{#-?\s*supportsite:"
_CLOSE = r"\{#-?\s*/supportsite\s*-?#\}"
_MARKER = re.compile(rf"(?P<open>{_OPEN})|(?P<close>{_CLOSE})")
_REGION = re.compile(rf"{_OPEN}.*?{_CLOSE}", re.DOTALL)
_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_BLOCK_TAG = re.compile(r"\{%-?\s*(?:block\s+(?P<name>\w+)[^%]*?|endblock(?:\s+\w+)?)\s*-?%\}")


def marker_problems(text: str) -> list[str]:
    """Markers that do not pair up: every region is opened, then closed, and never nested."""
    problems, inside = [], False
    for match in _MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        opens = match.group("open") is not None
        if opens == inside:
            problems.append(f"line {line}: {'a region opens inside another' if opens else 'closes no region'}")
        inside = opens
    if inside:
        problems.append("the last region is never closed")
    return problems


def without_our_changes(text: str) -> str:
    return _REGION.sub("", text)


def blocks(text: str) -> dict[str, str]:
    """The body of every ``{% block %}`` by name, nested ones too (comments must be removed first)."""
    found, open_blocks = {}, []
    for match in _BLOCK_TAG.finditer(text):
        if match.group("name"):
            open_blocks.append((match.group("name"), match.end()))
        else:
            name, start = open_blocks.pop()
            found[name] = text[start:match.start()]
    return found


def compared_lines(text: str) -> list[str]:
    """What the comparison sees: no Jinja comment, no indentation, no blank line."""
    return [line.strip() for line in _COMMENT.sub("", text).splitlines() if line.strip()]


def part(text: str, block: str | None, where: str) -> str:
    if block is None:
        return text
    found = blocks(_COMMENT.sub("", text))
    if block not in found:
        pytest.fail(f"{where} has no block {block}", pytrace=False)
    return found[block]


def material_text(name: str) -> str:
    path = MATERIAL / name
    if not path.is_file():
        pytest.fail(f"Material {installed('mkdocs-material')} has no {name} any more", pytrace=False)
    return path.read_text(encoding="utf-8")


def ours_text(name: str) -> str:
    return (THEME_DIR / name).read_text(encoding="utf-8")


def installed(distribution: str) -> str | None:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


# --- the release the copies come from -------------------------------------------------------------


def test_the_installed_material_is_the_release_the_theme_copies():
    found = installed("mkdocs-material")
    if found != MATERIAL_VERSION:
        pytest.fail(
            f"Material {found} is installed, but hooks/theme/ holds copies of Material {MATERIAL_VERSION}'s templates "
            f"(hooks/glue.py: MATERIAL_VERSION). The other tests of tests/test_upstream.py show how each copy differs "
            f"from the installed original: bring the copies in line, then set MATERIAL_VERSION to {found!r} "
            f"(and the pin in pyproject.toml).", pytrace=False)


# --- the copies and replacements, against the installed Material ----------------------------------


@pytest.mark.parametrize("override", [o for o in OVERRIDES if o.kind == COPY], ids=str)
def test_a_copy_equals_materials_original_outside_our_marked_changes(override):
    source = ours_text(override.ours)
    problems = marker_problems(source)
    assert problems == [], f"hooks/theme/{override.ours}: supportsite markers do not pair up: {problems}"
    ours = compared_lines(part(without_our_changes(source), override.block, f"hooks/theme/{override.ours}"))
    theirs = compared_lines(part(material_text(override.upstream), override.block, f"Material's {override.upstream}"))
    if ours != theirs:
        where = override.upstream + (f" block {override.block}" if override.block else "")
        diff = "\n".join(difflib.unified_diff(theirs, ours, f"Material {installed('mkdocs-material')}: {where}",
                                              f"{override} without its supportsite regions", lineterm=""))
        pytest.fail(f"{override} is a copy of Material's {where} but differs from the installed original outside "
                    f"its {{#- supportsite: … #}} … {{#- /supportsite #}} regions (comments, indentation and blank "
                    f"lines aside). Take Material's change into the copy, or mark ours as a region:\n{diff}",
                    pytrace=False)


@pytest.mark.parametrize("override", [o for o in OVERRIDES if o.kind == REPLACE], ids=str)
def test_what_a_replacement_replaces_is_still_what_we_recorded(override):
    theirs = compared_lines(part(material_text(override.upstream), override.block, f"Material's {override.upstream}"))
    recorded = compared_lines(override.recorded)
    if theirs != recorded:
        where = override.upstream + (f" block {override.block}" if override.block else "")
        diff = "\n".join(difflib.unified_diff(recorded, theirs, f"Material {MATERIAL_VERSION}: {where} (recorded)",
                                              f"Material {installed('mkdocs-material')}: {where}", lineterm=""))
        pytest.fail(f"{override} replaces Material's {where}, which has changed. Decide whether ours must follow, "
                    f"then record the new text in OVERRIDES (tests/test_upstream.py):\n{diff}", pytrace=False)


@pytest.mark.parametrize("override", [o for o in OVERRIDES if o.kind == EXTEND], ids=str)
def test_an_extension_keeps_materials_content(override):
    body = part(ours_text(override.ours), override.block, f"hooks/theme/{override.ours}")
    assert "super()" in body, f"{override} is declared an extension of Material's but does not call super()"


def test_every_override_of_a_material_template_or_block_is_declared():
    # A new override (a template with Material's name, or a block Material's namesake does not define) must say
    # in OVERRIDES whether it copies, replaces or extends Material's: otherwise an upgrade would pass unnoticed.
    declared = {(o.ours, o.block) for o in OVERRIDES}
    undeclared = []
    for path in sorted(THEME_DIR.rglob("*.html")):
        name = path.relative_to(THEME_DIR).as_posix()
        upstream = MATERIAL / name
        if upstream.is_file() and (name, None) not in declared:
            undeclared.append(f"hooks/theme/{name}: takes the place of Material's {name}")
        theirs = set(blocks(_COMMENT.sub("", upstream.read_text(encoding="utf-8")))) if upstream.is_file() else set()
        for block in sorted(set(blocks(_COMMENT.sub("", ours_text(name)))) - theirs):
            if (name, block) not in declared:
                undeclared.append(f"hooks/theme/{name}: block {block}")
    assert undeclared == [], "not declared in OVERRIDES of tests/test_upstream.py (copy, replace or extend):\n" \
                             + "\n".join(undeclared)


def test_every_declared_override_exists():
    missing = [str(o) for o in OVERRIDES
               if not (THEME_DIR / o.ours).is_file()
               or (o.block and o.block not in blocks(_COMMENT.sub("", ours_text(o.ours))))]
    assert missing == []


# --- the comparison itself ------------------------------------------------------------------------


def test_marked_regions_and_comments_are_left_out_of_the_comparison():
    copy = ('{#- a header #}\n<div>\n  {#- supportsite: ours #}\n  {% if x %}ours{% else %}\n  {#- /supportsite #}\n'
            '    <p>{{ text }}</p>\n  {#- supportsite: ours again #}{% endif %}{#- /supportsite #}\n\n</div>\n')
    assert compared_lines(without_our_changes(copy)) == ["<div>", "<p>{{ text }}</p>", "</div>"]
    assert marker_problems(copy) == []


@pytest.mark.parametrize(("text", "problems"), [
    ("{#- supportsite: a #}x", ["the last region is never closed"]),
    ("x{#- /supportsite #}", ["line 1: closes no region"]),
    ("{#- supportsite: a #}\n{#- supportsite: b #}\n{#- /supportsite #}", ["line 2: a region opens inside another"]),
])
def test_markers_that_do_not_pair_up_are_reported(text, problems):
    assert marker_problems(text) == problems


def test_blocks_are_found_nested_and_by_name():
    text = "{% block a %}1{% block b scoped %}2{%- endblock b %}3{% endblock %}{%- block c -%}{%- endblock -%}"
    assert blocks(text) == {"a": "1{% block b scoped %}2{%- endblock b %}3", "b": "2", "c": ""}


# --- pins -----------------------------------------------------------------------------------------

# Whose releases change the bytes of tests/golden/ (see the comment on the dependencies in pyproject.toml), and
# the engine, theme and binary whose upgrade must be a decision.
PINNED_EXACTLY = ("mkdocs", "mkdocs-material", "pagefind", "pagefind-bin",
                  "holidays", "babel", "feedgen", "lxml", "icalendar", "markdown", "jinja2", "markupsafe")


def dependencies() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + [r for extra in project.get("optional-dependencies", {}).values() for r in extra]
    return [Requirement(r) for r in listed]


def exact_pin(requirement: Requirement) -> str | None:
    specifiers = list(requirement.specifier)
    if len(specifiers) == 1 and specifiers[0].operator == "==" and "*" not in specifiers[0].version:
        return specifiers[0].version
    return None


def test_what_shapes_golden_files_or_the_theme_is_pinned_exactly():
    pins = {canonicalize_name(r.name): exact_pin(r) for r in dependencies()}
    assert {name: pins.get(name) for name in PINNED_EXACTLY if pins.get(name) is None} == {}


def test_every_exact_pin_is_the_installed_version():
    # A raised pin without a reinstall (make does one when pyproject.toml is newer) would test the old release.
    wrong = {r.name: f"pinned {exact_pin(r)}, installed {installed(r.name)}" for r in dependencies()
             if exact_pin(r) and installed(r.name) != exact_pin(r)}
    assert wrong == {}, "run: .venv/bin/pip install -e '.[test]'"
