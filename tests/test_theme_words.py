"""Material's interface words as the theme prints them (hooks/glue.py: ``ThemeWords``): for every key Material has,
in each of the site's languages, the word its own ``partials/language.html`` gives, the English one where a
language lacks it, and the key itself where English does too."""

from __future__ import annotations

import re

import pytest
from jinja2 import BytecodeCache
from markupsafe import Markup
from mkdocs.config import load_config

from hooks.core.languages import LANGUAGES
from hooks.glue import ThemeWords, theme_environment

# Material's own macro, as partials/language.html of MATERIAL_VERSION has it (tests/test_upstream.py records it)
MATERIAL_T = ('{% import "partials/languages/" ~ code ~ ".html" as lang %}'
              '{% import "partials/languages/en.html" as fallback %}'
              '{{ lang.t(key) or fallback.t(key) or key }}')


class _NoCache(BytecodeCache):
    def load_bytecode(self, bucket):
        pass

    def dump_bytecode(self, bucket):
        pass


@pytest.fixture(scope="module")
def env(repo_root):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2, as in tests/test_theme_listing.py
        config = load_config(str(repo_root / "mkdocs.yml"))
    return theme_environment(config.theme.get_env(), _NoCache())


def _material_keys(env) -> list[str]:
    source, _, _ = env.loader.get_source(env, "partials/languages/en.html")
    return re.findall(r'^\s*"([a-z][a-z0-9._]*)":', source, flags=re.MULTILINE)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_word_is_the_one_materials_own_macro_prints(env, code):
    keys = _material_keys(env)
    assert len(keys) > 50 and "search.placeholder" in keys
    words = ThemeWords(env)
    material = env.from_string(MATERIAL_T)
    for key in [*keys, "no.such.key"]:
        assert words(code, key) == material.render(code=code, key=key), (code, key)
    assert words(code, "no.such.key") == "no.such.key"


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_word_a_language_lacks_is_the_english_one(env, code):
    own = env.from_string('{% import "partials/languages/" ~ code ~ ".html" as lang %}{{ lang.t(key) }}')
    english = env.from_string('{% import "partials/languages/en.html" as en %}{{ en.t(key) }}')
    lacking = [key for key in _material_keys(env) if not own.render(code=code, key=key)]
    assert "direction" in lacking  # absent from Material's Finnish and Swedish tables alike
    for key in lacking:
        assert ThemeWords(env)(code, key) == english.render(key=key) != ""


def test_the_pages_template_prints_through_it(env):
    assert isinstance(env.globals["supportsite_words"], ThemeWords)
    template = env.from_string('{% import "partials/language.html" as lang with context %}{{ lang.t("search") }}')
    page = {"supportsite": {"language": "sv"}, "config": {"theme": {"language": "fi"}}}
    assert template.render(**page) == env.from_string(MATERIAL_T).render(code="sv", key="search")
    asked = []

    def words(language, key):
        asked.append((language, key))
        return Markup("asked")
    assert template.render(**page, supportsite_words=words) == "asked" and asked == [("sv", "search")]


def test_an_environment_without_it_gets_materials_own_words(repo_root):
    """Material's search plugin reads its settings through partials/language.html in an environment of its own
    (MkDocs' stock one, without our global): the partial then asks Material's language partials itself."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        config = load_config(str(repo_root / "mkdocs.yml"))
    stock = config.theme.get_env()
    assert "supportsite_words" not in stock.globals
    partial = stock.get_template("partials/language.html", globals={"config": config}).module
    for key in ("search.config.separator", "search.config.lang", "search", "direction", "no.such.key"):
        assert str(partial.t(key)) == stock.from_string(MATERIAL_T).render(code="fi", key=key)
