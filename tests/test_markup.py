"""Writers' text as data: the escaping helpers, short Markdown texts, and the rule that every template of ours escapes."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from mkdocs.structure.files import Files

from hooks.core import markup
from hooks.core.schema import Context, ShortMarkdown
from hooks.core.yamlsrc import YamlDocument
from hooks.glue import THEME_DIR, theme_overrides

REPO = Path(__file__).resolve().parents[1]
PAYLOADS = ['"><img src=x onerror=alert(1)>', "</script><script>alert(2)</script>"]
BENIGN = "Mitä <tyhjä> kenttä & \"lainaus\" 'heittomerkki' tarkoittaa?"


# --- plain text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value, html", [
    (BENIGN, "Mitä &lt;tyhjä&gt; kenttä &amp; &#34;lainaus&#34; &#39;heittomerkki&#39; tarkoittaa?"),
    (PAYLOADS[0], "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"),
    (None, ""),
    (Markup("<b>jo HTML:ää</b>"), "<b>jo HTML:ää</b>"),
])
def test_text_escapes_for_element_text_and_attributes(value, html):
    assert markup.text(value) == html


@pytest.mark.parametrize("value, markdown", [
    ("Palkka-ajo", "Palkka&#45;ajo"),
    ("{: onclick=alert(1) }", "&#123;&#58; onclick&#61;alert&#40;1&#41; &#125;"),
    ("# otsikko\n\n1. lista", "&#35; otsikko 1&#46; lista"),
    ("[linkki](javascript:x)", "&#91;linkki&#93;&#40;javascript&#58;x&#41;"),
    ("Täällä, tuolla; missä? 'ei' – ä", "Täällä, tuolla; missä? 'ei' – ä"),
])
def test_markdown_text_leaves_no_syntax_and_reads_literally(value, markdown):
    assert markup.markdown_text(value) == markdown


@pytest.mark.parametrize("value", [BENIGN, *PAYLOADS, "{: #x onclick=y } [a](b) *c* `d` <e> &amp; \\f"])
def test_markdown_text_renders_back_to_the_same_text(value):
    import html

    import markdown

    converted = markdown.Markdown(extensions=["attr_list", "tables", "md_in_html"]).convert(
        "## " + markup.markdown_text(value) + "\n\n" + markup.markdown_text(value))
    heading, paragraph = re.findall(r"<(?:h2|p)>(.*?)</(?:h2|p)>", converted)
    assert "<" not in heading + paragraph, converted  # no element came from the text
    assert html.unescape(heading) == html.unescape(paragraph) == value


def test_script_json_cannot_end_its_script_element():
    dumped = markup.script_json({"name": "</script><!--" + PAYLOADS[0]})
    assert "</script" not in dumped and "<!--" not in dumped and "<" not in dumped
    assert json.loads(dumped) == {"name": "</script><!--" + PAYLOADS[0]}


def test_escape_meta_escapes_every_text_of_front_matter():
    meta = markup.escape_meta({"title": BENIGN, "tags": [PAYLOADS[1]], "hide": ["toc"], "n": 3})
    assert meta == {"title": markup.text(BENIGN), "tags": [markup.text(PAYLOADS[1])], "hide": ["toc"], "n": 3}
    assert all(isinstance(v, Markup) for v in (meta["title"], *meta["tags"]))


# --- short Markdown texts (status updates) -----------------------------------------------------


@pytest.mark.parametrize("source, html", [
    ("Selvitämme syytä.", "<p>Selvitämme syytä.</p>"),
    (PAYLOADS[0], "<p>\"&gt;&lt;img src=x onerror=alert(1)&gt;</p>"),
    (PAYLOADS[1], "<p>&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>"),
    ("Katso **ohje** [täältä](https://tuki.example.fi/ohje/).",
     '<p>Katso <strong>ohje</strong> <a href="https://tuki.example.fi/ohje/">täältä</a>.</p>'),
    ("[x](javascript:alert(1))", "<p><a>x</a></p>"),
    ("![kuva](https://muualla.example/x.png)", "<p><span>kuva</span></p>"),
    ("<div onclick=x>lohko</div>\n\nteksti", "<p>&lt;div onclick=x&gt;lohko&lt;/div&gt;</p>\n<p>teksti</p>"),
])
def test_short_markdown_never_passes_raw_html_or_unsafe_links(source, html):
    assert markup.ShortMarkdown()(source) == html


@pytest.mark.parametrize("text, problem", [
    ("Korjattu. Lisätietoja [ohjeessa](../ukk/ohje/) tai <https://example.fi>.", None),
    (PAYLOADS[0], None),
    ("[x](javascript:alert(1))", "link target not allowed"),
    ("<vbscript:msgbox>", "link target not allowed"),
    ("[x]: data:text/html,moi", "link target not allowed"),
    ("![kuva](kuva.png)", "image in a short text"),
])
def test_update_texts_refuse_images_and_script_links(text, problem):
    ctx = Context("status/x.md", YamlDocument({}, {("text",): 7}))
    ShortMarkdown().validate(text, ctx, ("text",))
    assert [p.problem for p in ctx.problems] == ([problem] if problem else [])
    if problem:
        assert str(ctx.problems[0]).startswith(f"status/x.md:7: text: {problem} (expected Markdown text with links")


@pytest.mark.parametrize("url, safe", [
    ("https://example.fi", True), ("mailto:tuki@example.fi", True), ("tel:+358", True), ("../ukk/", True),
    ("ohje.md#kohta", True), ("#kohta", True), ("/ukk/", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), (" javascript:x", False), ("data:text/html,x", False),
    ("vbscript:x", False), ("java\tscript:x", False),
])
def test_safe_urls(url, safe):
    assert markup.is_safe_url(url) is safe


# --- every template of ours escapes ------------------------------------------------------------


def test_our_environments_always_autoescape():
    assert markup.environment(REPO / "hooks" / "templates").from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(TypeError):
        markup.environment(REPO / "hooks" / "templates", autoescape=False)


def test_no_module_makes_a_jinja_environment_of_its_own():
    # Every environment comes from hooks/core/markup.py, which cannot make one that prints text unescaped.
    offenders = []
    for path in sorted((REPO / "hooks").rglob("*.py")):
        if path.name == "markup.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Environment":
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


def test_the_theme_environment_autoescapes_every_override_and_only_those():
    # hooks/site.py's on_env gives MkDocs' theme environment this rule: our overrides print every value escaped
    # (Material's header, for one, prints page.meta.title raw), Material's own templates stay as Material wrote them.
    from hooks import site
    from hooks.glue import STATE_KEY

    class State:
        scope = None
        theme_bundle = None

        def __init__(self):
            self.parts = {}

        def template_cache(self):
            return None

        def part(self, kind, make):
            return self.parts.setdefault(kind, make())

    env = Environment(loader=FileSystemLoader(str(THEME_DIR)))
    site.on_env(env, {STATE_KEY: State()}, Files([]))  # no pages: nothing for a second process to render
    overrides = theme_overrides(THEME_DIR)
    assert {"main.html", "404.html", "partials/header.html", "partials/supportsite-search.html"} <= overrides
    assert all(env.autoescape(name) for name in overrides)
    assert not env.autoescape("base.html") and not env.autoescape("partials/nav.html")
    assert env.from_string("{{ t }}").render(t=PAYLOADS[0]) == PAYLOADS[0]  # a string template is none of ours
