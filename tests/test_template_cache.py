"""Our templates and the theme's compiled ahead into .cache/jinja/: loaded compiled by the build, escaping and
handling whitespace as they should."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, TemplateError, TemplateSyntaxError
from markupsafe import escape

from hooks.core import knowledgeblocks, knowledgepages, statuspage, supportblocks
from hooks.core.markup import ShortMarkdown
from hooks.core.statuslabels import LABELS as STATUS_LABELS
from hooks.glue import (
    THEME_DIR, compile_ahead, own_templates, template_cache_folder, template_cache_in, theme_environment,
    theme_overrides,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "hooks" / "templates"

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


def test_code_compiled_with_other_whitespace_handling_is_never_reused(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "list.html").write_text("{% for x in xs %}\n  {{ x }}\n{% endfor %}\n", encoding="utf-8")
    as_written = Environment(loader=FileSystemLoader(str(folder)), bytecode_cache=template_cache_in(tmp_path))
    assert compile_ahead(as_written, ["list.html"]) == 1
    compiled = _compiles(monkeypatch)
    trimmed = Environment(loader=FileSystemLoader(str(folder)), trim_blocks=True, lstrip_blocks=True,
                          bytecode_cache=template_cache_in(tmp_path))
    assert trimmed.get_template("list.html").render(xs=["a", "b"]) == "  a\n  b\n"
    assert compiled == ["list.html"]
    assert as_written.get_template("list.html").render(xs=["a", "b"]) == "\n  a\n\n  b\n"


def test_every_template_of_ours_is_compiled_ahead_and_loaded_compiled_where_it_is_rendered(tmp_path, monkeypatch):
    """``own_templates`` covers every file of hooks/templates/, and the environments the domains render them in (made
    anew, in another language) load each one compiled."""
    cache = template_cache_in(tmp_path)
    ahead = own_templates()
    for env, names in ahead:
        env.bytecode_cache = cache
        assert compile_ahead(env, names) == len(names)
    folders = {env.loader.searchpath[0] for env, _ in ahead}
    listed = {str(Path(folder, name)) for (env, names) in ahead for folder in env.loader.searchpath for name in names}
    on_disk = {str(path) for path in TEMPLATES.rglob("*") if path.is_file()}
    assert on_disk and listed == on_disk and all(Path(folder).is_relative_to(TEMPLATES) for folder in folders)

    compiled = _compiles(monkeypatch)
    for env, names in [(statuspage.environment(ShortMarkdown(), STATUS_LABELS["sv"], "sv"), ahead[0][1]),
                       (knowledgepages.markdown_environment(), ahead[1][1]),
                       (knowledgeblocks.html_environment("sv"), ahead[2][1]),
                       (supportblocks.environment(), ahead[3][1])]:
        env.bytecode_cache = cache
        for name in names:
            env.get_template(name)
    assert compiled == []


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The theme's templates as `make setup` compiles them into the environment (hooks.compiledtheme),
    written elsewhere."""
    from hooks.compiledtheme import main
    folder = tmp_path_factory.mktemp("environment") / "jinja"
    assert main(["--folder", str(folder)]) == 0
    return folder


def _material_environment(cache):
    from mkdocs.theme import Theme
    return theme_environment(Theme(name="material", custom_dir=str(THEME_DIR)).get_env(), cache)


def test_a_fresh_clone_loads_the_theme_compiled_into_the_environment_and_compiles_only_its_own(
        tmp_path, installed, monkeypatch):
    import hooks.glue
    entries = sorted(path.name for path in installed.iterdir())
    assert len(entries) >= 100 and not list(installed.parent.glob(".writing-*"))
    monkeypatch.setattr(hooks.glue, "INSTALLED_TEMPLATES", installed)
    compiled = _compiles(monkeypatch)
    env = _material_environment(template_cache_in(tmp_path))
    for name in ("base.html", "partials/tabs.html", "partials/languages/sv.html", "sitemap.xml", "main.html",
                 "partials/header.html"):
        env.get_template(name)
    # Material's and MkDocs' came compiled from the environment; our overrides are the project's, compiled here
    assert sorted(compiled) == ["main.html", "partials/header.html"]
    assert len(list(template_cache_folder(tmp_path).iterdir())) == 2
    assert sorted(path.name for path in installed.iterdir()) == entries, "a build never writes the environment's"


def test_the_theme_compiled_into_the_environment_prints_what_material_compiled_afresh_prints(
        tmp_path, installed, monkeypatch):
    import hooks.glue
    monkeypatch.setattr(hooks.glue, "INSTALLED_TEMPLATES", tmp_path / "no-environment")  # compiled here, afresh
    fresh = _material_environment(template_cache_in(tmp_path / "fresh"))
    monkeypatch.setattr(hooks.glue, "INSTALLED_TEMPLATES", installed)
    loaded = _material_environment(template_cache_in(tmp_path / "clone"))
    for language in ("fi", "sv", "en"):
        words = [loaded.get_template(f"partials/languages/{language}.html").module.t(key)
                 for key in ("search.placeholder", "toc", "header", "meta.comments", "no-such-key")]
        assert words == [fresh.get_template(f"partials/languages/{language}.html").module.t(key)
                         for key in ("search.placeholder", "toc", "header", "meta.comments", "no-such-key")]
        assert words[0]


def test_an_entry_of_the_environment_made_from_another_source_is_not_used(tmp_path, theme, monkeypatch):
    import hooks.glue
    from hooks.glue import template_cache_only_in
    environment = tmp_path / "environment"
    made = theme_environment(Environment(loader=FileSystemLoader(str(theme))), template_cache_only_in(environment))
    assert compile_ahead(made, ["base.html"]) == 1
    (theme / "base.html").write_text("Material's next release: {{ t }}", encoding="utf-8")  # upgraded since
    monkeypatch.setattr(hooks.glue, "INSTALLED_TEMPLATES", environment)
    build = theme_environment(Environment(loader=FileSystemLoader(str(theme))), template_cache_in(tmp_path / "clone"))
    assert build.get_template("base.html").render(t="x") == "Material's next release: x"


def test_the_environment_holds_none_of_our_overrides_and_every_template_of_material(installed):
    from hooks.compiledtheme import theme_templates
    env = _material_environment(None)
    names = theme_templates(env)
    assert not set(names) & theme_overrides(THEME_DIR)
    assert {"base.html", "partials/tabs.html", "partials/nav.html", "sitemap.xml"} <= set(names)
    compiling = [name for name in names if _compiles_alone(env, name)]  # the blog's need its plugin's filters
    assert len(compiling) >= len(names) - 2 and len(list(installed.iterdir())) == len(compiling)


def _compiles_alone(env, name: str) -> bool:
    try:
        env.get_template(name)
    except TemplateError:
        return False
    return True


def test_compiling_the_theme_again_replaces_the_entries_and_leaves_nothing_beside_them(tmp_path):
    from hooks.compiledtheme import main
    folder = tmp_path / "jinja"
    assert main(["--folder", str(folder)]) == 0
    first = {path.name: path.read_bytes() for path in folder.iterdir()}
    (folder / "__jinja2_left-by-an-older-release.cache").write_bytes(b"old")
    assert main(["--folder", str(folder)]) == 0
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == first
    assert [path.name for path in tmp_path.iterdir()] == ["jinja"]


def test_a_fresh_clones_build_compiles_ahead_only_what_the_environment_does_not_hold(
        repo_root, tmp_path, installed, monkeypatch):
    """hooks/site.py's process compiling ahead: our templates and our overrides of the theme when the environment
    holds Material's compiled (it loads none of them), and Material's as well when it does not."""
    import hooks.glue
    from mkdocs.config import load_config

    from hooks.site import _compile_templates
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(repo_root / "mkdocs.yml"))
    ours = sum(len(names) for _, names in own_templates()) + len(theme_overrides(THEME_DIR))
    compiled = _compiles(monkeypatch)
    monkeypatch.setattr(hooks.glue, "INSTALLED_TEMPLATES", installed)
    assert _compile_templates(config, tmp_path / "clone") == ours == len(compiled)
    assert "base.html" not in compiled and "main.html" in compiled
    compiled.clear()
    monkeypatch.setattr(hooks.glue, "INSTALLED_TEMPLATES", tmp_path / "no-environment")
    assert _compile_templates(config, tmp_path / "bare") > ours + 20  # Material's blog pages fail without its plugin
    assert "base.html" in compiled and "partials/tabs.html" in compiled
