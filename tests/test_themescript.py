"""Material's bundle as the site ships it: its alternate-link routine never runs, the rest is Material's, byte for byte."""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

import pytest

from hooks.core import themescript

MATERIAL_SCRIPTS = Path(find_spec("material").submodule_search_locations[0]) / "templates/assets/javascripts"

# The shape of the routine in Material's bundle, with names as a minifier gives them.
ROUTINE = ('function ui({document$:e}){let t=new Map;e.pipe(b(()=>M("link[rel=alternate]")),m(r=>new URL(r.href)))}'
           'function kt(e){return En(new URL("sitemap.xml",e))}')
CALL = "ui({document$:ct});"


def installed_bundle() -> str:
    (path,) = [p for p in MATERIAL_SCRIPTS.iterdir() if themescript.is_bundle("assets/javascripts/" + p.name)]
    return path.read_text(encoding="utf-8")


def test_the_installed_bundle_loses_exactly_one_call_and_keeps_its_length():
    bundle = installed_bundle()
    shipped = themescript.without_alternate_lookups(bundle)
    assert shipped is not None, "the installed Material's bundle has the routine hooks/core/themescript.py leaves out"
    assert len(shipped) == len(bundle), "Material's source map must still fit"
    changed = [i for i, (a, b) in enumerate(zip(bundle, shipped)) if a != b]
    span = bundle[changed[0]:changed[-1] + 1]
    assert re.fullmatch(r"\w+\(\{document\$:\w+\}\)", span.rstrip(";")), span
    assert shipped[changed[0]:changed[-1] + 1] == "/*" + " " * (len(span) - 4) + "*/"
    assert 'M("link[rel=alternate]")' in shipped, "the routine itself stays, uncalled"
    assert shipped.endswith(bundle[-200:]), "the source map's comment stays"


def test_a_small_bundle_has_its_one_call_blanked_and_everything_else_kept():
    bundle = f"(()=>{{{ROUTINE}var ct=an();di({{alert$:fo}});{CALL}var qi=kt(Or.base);gi({{document$:ct}});}})();"
    shipped = themescript.without_alternate_lookups(bundle)
    assert shipped == bundle.replace(CALL, "/*" + " " * (len(CALL) - 4) + "*/")
    assert "gi({document$:ct});" in shipped, "another routine's call with the document stream stays"


@pytest.mark.parametrize("bundle", [
    pytest.param("(()=>{var qi=kt(Or.base);})();", id="no routine"),
    pytest.param(f"(()=>{{{ROUTINE}var ct=an();}})();", id="routine never called"),
    pytest.param(f"(()=>{{{ROUTINE}{CALL}{CALL}}})();", id="called twice"),
    pytest.param(f"(()=>{{{ROUTINE}{ROUTINE}{CALL}}})();", id="two routines"),
    pytest.param('(()=>{function ui(e){e.pipe(b(()=>M("link[rel=alternate]")))}ui({document$:ct});})();',
                 id="another signature"),
])
def test_a_bundle_of_another_shape_is_not_changed(bundle):
    assert themescript.without_alternate_lookups(bundle) is None


def test_the_shipped_name_is_fingerprinted_like_materials():
    name = themescript.bundle_name("x")
    assert themescript.is_bundle(name)
    assert name != themescript.bundle_name("y")
    assert not themescript.is_bundle("assets/javascripts/bundle.a5f9d56c.min.js.map")
    assert not themescript.is_bundle("assets/javascripts/workers/search.a5f9d56c.min.js")


def test_the_built_site_ships_the_changed_bundle_in_place_of_materials(built_site):
    bundle = installed_bundle()
    scripts = built_site / "assets/javascripts"
    shipped = [p.name for p in scripts.iterdir() if themescript.is_bundle("assets/javascripts/" + p.name)]
    assert shipped == [Path(themescript.bundle_name(themescript.without_alternate_lookups(bundle))).name]
    for page in ("index.html", "ukk/index.html", "sv/index.html", "404.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert re.findall(r'<script src="[^"]*bundle\.[0-9a-f]{8}\.min\.js"', html) == [
            f'<script src="{"/" if page == "404.html" else "../" * page.count("/")}assets/javascripts/{shipped[0]}"']
