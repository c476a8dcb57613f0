"""The theme's templates compiled ahead into .cache/jinja/: loaded compiled by the build, escaping as they should."""

from __future__ import annotations

import pytest
from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError
from markupsafe import escape

from hooks.glue import (
    THEME_DIR, compile_ahead, template_cache_folder, template_cache_in, theme_environment, theme_overrides,
)

PAYLOAD = '<script>alert("x")</script>'


@pytest.fixture
def theme(tmp_path):
    """A theme folder with one of our overrides (escaped), one of Material's names (printed as written) and a
    template that does not compile."""
    folder = tmp_path / "theme"
    (folder / "partials").mkdir(parents=True)
    assert "main.html" in theme_overrides(THEME_DIR) and "base.html" not in theme_overrides(THEME_DIR)
    (folder / "main.html").write_text("ours: {{ t }}", encoding="utf-8")
    (folder / "base.html").write_text("Material's: {{ t }}", encoding="utf-8")
    (folder / "partials" / "broken.html").write_text("{% if %}", encoding="utf-8")
    return folder


def _compiles(monkeypatch) -> list[str]:
    names: list[str] = []
    real = Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return real(self, source, name, filename, raw, defer_init)
    monkeypatch.setattr(Environment, "compile", compile)
    return names


def test_templates_compiled_ahead_are_loaded_compiled_and_escape_as_the_theme_does(tmp_path, theme, monkeypatch):
    ahead = theme_environment(Environment(loader=FileSystemLoader(str(theme))), template_cache_in(tmp_path))
    assert compile_ahead(ahead, ["main.html", "base.html", "partials/broken.html"]) == 2  # the broken one left out
    assert len(list(template_cache_folder(tmp_path).glob("*"))) == 2

    compiled = _compiles(monkeypatch)
    build = theme_environment(Environment(loader=FileSystemLoader(str(theme))), template_cache_in(tmp_path))
    assert build.get_template("main.html").render(t=PAYLOAD) == "ours: " + escape(PAYLOAD)
    assert build.get_template("base.html").render(t=PAYLOAD) == "Material's: " + PAYLOAD
    assert compiled == []  # both came from the cache
    with pytest.raises(TemplateSyntaxError):  # the build says what is wrong with the one left out
        build.get_template("partials/broken.html")


def test_code_compiled_with_other_escaping_is_never_reused(tmp_path, theme, monkeypatch):
    ahead = theme_environment(Environment(loader=FileSystemLoader(str(theme))), template_cache_in(tmp_path))
    compile_ahead(ahead, ["main.html"])
    compiled = _compiles(monkeypatch)
    unescaped = Environment(loader=FileSystemLoader(str(theme)), autoescape=False,
                            bytecode_cache=template_cache_in(tmp_path))
    assert unescaped.get_template("main.html").render(t=PAYLOAD) == "ours: " + PAYLOAD
    assert compiled == ["main.html"]
