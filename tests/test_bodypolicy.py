"""Page bodies: nothing that runs script or loads from another host, each problem exact at its line; sizes; content_policy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hooks.core.bodypolicy import MARKDOWN_EXTENSIONS, MAX_SOURCE_BYTES, check_source, render, scan_body, scan_html
from hooks.core.config import load_site_config
from hooks.core.content import load_project
from hooks.core.mdcode import mask_code
from hooks.core.problems import ValidationError
from hooks.core.sources import parse_markdown
from trees import digest

PATH = "content/ukk/x.md"
FRONT = "---\ntitle: Kysymys?\nteam: tuki\nproducts: [palvelu]\n---\n"  # the body starts on line 6
LISTED = "an https address on a host listed in content_policy.embed_hosts in site_config/support.yml"
FILE_OR_LISTED = f"a file of this site, or {LISTED}"
LINKS = "a web, e-mail or phone address, or a page of this site"
EMBED = f"Markdown, or an <iframe> with {LISTED}"
HEAD = "page text without it; the theme writes the page head"
NO_SCRIPT = "Markdown or HTML without scripts; pages run only the site's own scripts"
HANDLERS = "HTML without on… event-handler attributes; pages run only the site's own scripts"
STYLESHEETS = "classes from the site's stylesheets in content/assets/stylesheets/"
MERMAID = "the diagram as an image file of this site; Material would load mermaid.js from a CDN"
HOST = "www.youtube-nocookie.com"


def problems(body: str, hosts=(), kind: str = "faq") -> list[str]:
    """The problems of an FAQ article with ``body`` below a five-line front matter, as printed."""
    text = FRONT + body
    source, found = parse_markdown(PATH, text)
    assert source is not None and found == []
    return [str(p) for p in check_source(PATH, text, source.body, source.body_line,
                                         None if hosts is None else list(hosts), kind=kind)]


def element(line: int, tag: str, got: str, expected: str) -> str:
    return f"{PATH}:{line}: body: raw <{tag}> is not allowed (expected {expected}, got {got})"


def remote(line: int, what: str, url: str) -> str:
    return f"{PATH}:{line}: body: {what} from another host is not allowed (expected {FILE_OR_LISTED}, got {url!r})"


def scheme(line: int, name: str, url: str, loaded: bool = False) -> str:
    expected = FILE_OR_LISTED if loaded else LINKS
    return f"{PATH}:{line}: body: {name}: URL is not allowed (expected {expected}, got {url!r})"


def handler(line: int, name: str, value: str) -> str:
    return f'{PATH}:{line}: body: event-handler attribute {name} is not allowed (expected {HANDLERS}, got {name}="{value}")'


def mermaid(line: int, got: str) -> str:
    return f"{PATH}:{line}: body: mermaid diagram is not allowed (expected {MERMAID}, got {got})"


# Each thing a body may not hold, with its line in the file (front matter lines 1-5, body from 6).
FORBIDDEN = {
    "script": ("Vastaus.\n\n<script>alert(1)</script>\n", [element(8, "script", "<script>", NO_SCRIPT)]),
    "script from a file": ('<script src="/assets/x.js"></script>\n',
                           [element(6, "script", '<script src="/assets/x.js">', NO_SCRIPT)]),
    "iframe": ('Katso video:\n\n<iframe src="https://video.example.com/embed/1" width="560"></iframe>\n',
               [element(8, "iframe", '<iframe src="https://video.example.com/embed/1" width="560">', EMBED)]),
    "iframe of the site itself": ('<iframe src="/ukk/"></iframe>\n', [element(6, "iframe", '<iframe src="/ukk/">', EMBED)]),
    "frame": ('<frameset><frame src="a.html"></frameset>\n',
              [element(6, "frameset", "<frameset>", EMBED), element(6, "frame", '<frame src="a.html">', EMBED)]),
    "object": ('<object data="https://e.example/x.swf"></object>\n',
               [element(6, "object", '<object data="https://e.example/x.swf">', EMBED)]),
    "embed": ('<embed src="x.pdf">\n', [element(6, "embed", '<embed src="x.pdf">', EMBED)]),
    "applet": ('<applet code="X.class"></applet>\n', [element(6, "applet", '<applet code="X.class">', EMBED)]),
    "base": ('<base href="https://e.example/">\n', [element(6, "base", '<base href="https://e.example/">', HEAD)]),
    "meta refresh": ('<meta http-equiv="refresh" content="0; url=https://e.example/">\n',
                     [element(6, "meta", '<meta http-equiv="refresh" content="0; url=https://e.example/">', HEAD)]),
    "link": ('<link rel="stylesheet" href="https://e.example/x.css">\n',
             [element(6, "link", '<link rel="stylesheet" href="https://e.example/x.css">', HEAD)]),
    "form": ('<form action="https://e.example/">\n<input name="q">\n</form>\n',
             [element(6, "form", '<form action="https://e.example/">',
                      "a link to the form's own page; a form sends what is typed to wherever it points")]),
    "style element": ("<style>body { color: red }</style>\n", [element(6, "style", "<style>", STYLESHEETS)]),
    "upper case": ("<SCRIPT>alert(1)</SCRIPT>\n", [element(6, "script", "<SCRIPT>", NO_SCRIPT)]),
    "handler": ('<img src="kuva.png" onerror="alert(1)">\n', [handler(6, "onerror", "alert(1)")]),
    "handler on its own line": ('Teksti.\n\n<img src="kuva.png"\n     alt="Kuva"\n     onload="x()">\n',
                                [handler(10, "onload", "x()")]),
    "handler in an attribute list": ('[Linkki](sivu.md){: onclick="alert(1)" }\n', [handler(6, "onclick", "alert(1)")]),
    "handler on a heading": ("# Otsikko {: onmouseover=x }\n\nTeksti.\n", [handler(6, "onmouseover", "x")]),
    "javascript: href": ('<a href="javascript:alert(1)">x</a>\n', [scheme(6, "javascript", "javascript:alert(1)")]),
    "javascript: href in disguise": ('<a href=" Java&#x09;Script&colon;alert(1)">x</a>\n',
                                     [scheme(6, "javascript", "JavaScript:alert(1)")]),
    "vbscript: href": ('<a href="vbscript:msgbox(1)">x</a>\n', [scheme(6, "vbscript", "vbscript:msgbox(1)")]),
    "data: href": ('<a href="data:text/html,<script>alert(1)</script>">x</a>\n',
                   [scheme(6, "data", "data:text/html,<script>alert(1)</script>")]),
    "xlink:href": ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>\n',
                   [scheme(6, "javascript", "javascript:alert(1)")]),
    "formaction": ('<button formaction="javascript:alert(1)">x</button>\n', [scheme(6, "javascript", "javascript:alert(1)")]),
    "Markdown link": ("Lue [ohje](javascript:alert(1)).\n", [scheme(6, "javascript", "javascript:alert(1)")]),
    "Markdown link with a character reference": ("[x](&#106;avascript:alert(1))\n",
                                                 [scheme(6, "javascript", "javascript:alert(1)")]),
    "Markdown link in angle brackets": ("[x](<javascript:alert(1)> \"otsikko\")\n",
                                        [scheme(6, "javascript", "javascript:alert(1)")]),
    "reference definition": ("Lue [ohje][o].\n\n[o]: javascript:alert(1)\n", [scheme(8, "javascript", "javascript:alert(1)")]),
    "autolink": ("Katso <javascript://%0aalert(1)>.\n", [scheme(6, "javascript", "javascript://%0aalert(1)")]),
    "data: image": ("![kuva](data:image/png;base64,iVBORw0KGgo=)\n",
                    [scheme(6, "data", "data:image/png;base64,iVBORw0KGgo=", loaded=True)]),
    "image": ("Näin:\n\n![Kaavio](https://cdn.example.com/kaavio.png \"Kaavio\")\n",
              [remote(8, "image", "https://cdn.example.com/kaavio.png")]),
    "image over http": ("![Kaavio](http://cdn.example.com/kaavio.png)\n", [remote(6, "image", "http://cdn.example.com/kaavio.png")]),
    "protocol-relative image": ("![Kaavio](//cdn.example.com/kaavio.png)\n", [remote(6, "image", "//cdn.example.com/kaavio.png")]),
    "reference image": ("![Kaavio][k]\n\n[k]: https://cdn.example.com/k.png\n", [remote(6, "image", "https://cdn.example.com/k.png")]),
    "short reference image": ("Teksti.\n\n![k]\n\n[k]: <https://cdn.example.com/k.png>\n",
                              [remote(8, "image", "https://cdn.example.com/k.png")]),
    "img src": ('<img src="https://cdn.example.com/k.png" alt="">\n', [remote(6, "<img src>", "https://cdn.example.com/k.png")]),
    "img src with a backslash": ('<img src="/\\cdn.example.com/k.png">\n', [remote(6, "<img src>", "/\\cdn.example.com/k.png")]),
    "srcset": ('<img src="k.png" srcset="k2.png 2x, https://cdn.example.com/k3.png 3x">\n',
               [remote(6, "<img srcset>", "https://cdn.example.com/k3.png")]),
    "video poster and source": ('<video controls poster="https://cdn.example.com/p.jpg">\n'
                                '  <source src="https://cdn.example.com/v.mp4" type="video/mp4">\n</video>\n',
                                [remote(6, "<video poster>", "https://cdn.example.com/p.jpg"),
                                 remote(7, "<source src>", "https://cdn.example.com/v.mp4")]),
    "background": ('<table background="https://cdn.example.com/b.gif"><tr><td>x</td></tr></table>\n',
                   [remote(6, "<table background>", "https://cdn.example.com/b.gif")]),
    "svg image": ('<svg><image href="https://cdn.example.com/i.svg"/></svg>\n',
                  [remote(6, "<image href>", "https://cdn.example.com/i.svg")]),
    "ping": ('<a href="/ukk/" ping="https://track.example.com/p">x</a>\n', [remote(6, "<a ping>", "https://track.example.com/p")]),
    "style url": ('<div style="background: url(\'https://cdn.example.com/b.png\') no-repeat">x</div>\n',
                  [remote(6, "url() in a style attribute", "https://cdn.example.com/b.png")]),
    "style url escaped": ('<div style="background: u\\72l(//cdn.example.com/b.png)">x</div>\n',
                          [remote(6, "url() in a style attribute", "//cdn.example.com/b.png")]),
    "style url in an attribute list": ("Teksti\n{: style=\"background:url(https://cdn.example.com/b.png)\" }\n",
                                       [remote(7, "url() in a style attribute", "https://cdn.example.com/b.png")]),
    "@import": ('<div style="@import \'https://e.example/x.css\'">x</div>\n',
                [f"{PATH}:6: body: @import is not allowed (expected {STYLESHEETS}, got style=\"@import 'https://e.example/x.css'\")",
                 ]),
    "mermaid fence": ("Kaavio:\n\n```mermaid\ngraph TD\n  A --> B\n```\n", [mermaid(8, "```mermaid")]),
    "mermaid tilde fence": ("~~~mermaid\ngraph TD\n~~~\n", [mermaid(6, "~~~mermaid")]),
    "mermaid fence with attributes": ("``` { .mermaid }\ngraph TD\n```\n", [mermaid(6, "``` { .mermaid }")]),
    "mermaid element": ('<pre class="mermaid">graph TD</pre>\n', [mermaid(6, 'class="mermaid"')]),
    "one problem per finding": ("<script>a()</script>\n\n![x](https://cdn.example.com/x.png)\n\n[y](javascript:b())\n",
                                [element(6, "script", "<script>", NO_SCRIPT), remote(8, "image", "https://cdn.example.com/x.png"),
                                 scheme(10, "javascript", "javascript:b()")]),
}


@pytest.mark.parametrize("case", list(FORBIDDEN))
def test_forbidden(case):
    body, expected = FORBIDDEN[case]
    assert problems(body) == expected


# Readers disagree on where a comment (or a broken tag) ends: Python's parser, Markdown (which escapes a broken
# tag and ends a comment with its paragraph) and browsers ("<!-->" is a whole comment). Nothing hides in them.
HIDING_PLACES = {
    "comment": '<!-- vanha: <img src="https://cdn.example.com/a.png"> -->\n',
    "abrupt comment": '<!--><img src="https://cdn.example.com/a.png">-->\n',
    "abrupt comment with a dash": '<!---><img src="https://cdn.example.com/a.png">-->\n',
    "comment ended by --!>": '<!-- x --!><img src="https://cdn.example.com/a.png">-->\n',
    "unclosed comment": 'Teksti <!-- ja\n\n<img src="https://cdn.example.com/a.png">\n',
    "comment over two paragraphs": 'a <!-- b\n\n<img src="https://cdn.example.com/a.png"> -->\n',
    "CDATA outside SVG": '<![CDATA[ x > <img src="https://cdn.example.com/a.png"> ]]>\n',
    "declaration": '<!x <img src="https://cdn.example.com/a.png"> >\n',
    "processing instruction": '<?\n\n<img src="https://cdn.example.com/a.png">\n?>\n',
    "broken tag before a real one": "<p 1. <'<img src=\"https://cdn.example.com/a.png\">\n",
    "tag left open at the end": '<div>\n<img src="https://cdn.example.com/a.png"\n',
}


@pytest.mark.parametrize("case", list(HIDING_PLACES))
def test_nothing_hides_in_comments_or_broken_tags(case):
    body = HIDING_PLACES[case]
    line = 6 + body[:body.index("<img")].count("\n")
    expected = [remote(line, "<img src>", "https://cdn.example.com/a.png")]
    if case == "broken tag before a real one":  # read as a browser reads it, the <p> has the src; both are told
        expected.insert(0, remote(line, "<p src>", "https://cdn.example.com/a.png"))
    assert problems(body, kind="page") == expected


# Code is text: it is shown, never run, so it may show anything.
CODE = {
    "fenced": "Esimerkki:\n\n```html\n<script src=\"https://e.example/x.js\"></script>\n<iframe src=\"https://e.example\">\n```\n",
    "tilde fence": "~~~\n<img src=\"https://e.example/x.png\" onerror=\"x()\">\n~~~\n",
    "fence with options": "```html title=\"esimerkki.html\"\n<script>alert(1)</script>\n```\n",
    "fence in a list": "1. Liitä tämä:\n\n    ```html\n    <script>alert(1)</script>\n    ```\n",
    "indented block": "Esimerkki:\n\n    <script>alert(1)</script>\n    <a href=\"javascript:x()\">x</a>\n\nLoppu.\n",
    "code span": "Älä kirjoita `<script>alert(1)</script>` tai ``![x](https://e.example/x.png)`` sivulle.\n",
    "code span across lines": "Esimerkki `<img src=\"https://e.example/x.png\"\nonerror=\"x()\">` tässä.\n",
    "attribute list in code": "Kirjoita `{: onclick=\"x()\" }` näin.\n",
    "markdown link in code": "```\n[x](javascript:alert(1))\n![y](https://e.example/y.png)\n```\n",
}


@pytest.mark.parametrize("case", list(CODE))
def test_code_is_not_looked_at(case):
    assert problems(CODE[case]) == []


# What looks like code to a simple reading but is not code to Markdown stays checked, at its line.
NOT_CODE = {
    "indented under a list item": ("1. Vaihe\n\n    <script>alert(1)</script>\n", 8),
    "indented after an admonition": ('!!! note "Huom"\n\n    <script>alert(1)</script>\n', 8),
    "lazy paragraph line": ("Teksti\n    <script>alert(1)</script>\n", 7),
    "backticks in a raw HTML block": ("<div>\n`<script>alert(1)</script>`\n</div>\n", 7),
    "escaped backtick": ("\\`<script>alert(1)</script>`\n", 6),
    "unclosed fence": ("```\n<script>alert(1)</script>\n", 7),
    "fence ended by a line indented less": ("  ```\n  x\n<script>alert(1)</script>\n  ```\n", 8),
}


@pytest.mark.parametrize("case", list(NOT_CODE))
def test_what_is_not_code_is_checked(case):
    body, line = NOT_CODE[case]
    assert problems(body) == [element(line, "script", "<script>", NO_SCRIPT)]


@pytest.mark.parametrize("body", [
    *CODE.values(), *(body for body, _ in NOT_CODE.values()), *(body for body, _ in FORBIDDEN.values()),
    "<div markdown>\n\n![x](https://cdn.example.com/x.png)\n\n</div>\n",
    "- a `\n- <img src=\"https://cdn.example.com/x.png\"> `\n",
    '!!! note "<img src=x onerror=alert(1)>"\n    Teksti.\n',
    "| a | b |\n| - | - |\n| <img src=\"//cdn.example.com/x.png\"> | `<script>` |\n",
])
def test_everything_the_rendered_page_would_hold_is_reported(body):
    # The site's own Markdown is the judge of what a body becomes: nothing it would put on the page is missed.
    reported = {(f.rule, f.subject) for f in scan_body(body, frozenset())}
    rendered = {(f.rule, f.subject) for f in scan_html(render(body), frozenset())}
    assert rendered <= reported


PLAIN = [
    "Lue lisää [SoftOnen sivuilta](https://www.softone.fi) tai <https://www.softone.fi/tuki>.\n",
    '<a href="https://www.softone.fi" target="_blank" rel="noopener">SoftOne</a>\n',
    "Soita [tukeen](tel:+358101234567) tai kirjoita [meille](mailto:tuki@softone.fi).\n",
    "![Kaavio](../kuvat/kaavio.png) ja <img src=\"/assets/images/logo.svg\" alt=\"\" width=\"40\">\n",
    '<div class="grid" style="color: red; background: url(kuvat/tausta.png)" markdown>\n\n**Teksti**\n\n</div>\n',
    '<details><summary>Lisää</summary>\n\nPiilotettu teksti.\n\n</details>\n',
    "Paina <kbd>Ctrl</kbd>+<kbd>S</kbd>.<br>\nTaulukko:\n\n| a | b |\n| - | - |\n| 1 | 2 |\n",
    "[Viite][v]\n\n[v]: https://www.softone.fi \"SoftOne\"\n",
    '<p title="onclick=x">javascript: on URL-skeema, ja <a href="javascript.html">tämä</a> sivu.</p>\n',
    "<!-- supportsite:hours -->\n\nAukioloajat {: #aukiolo }\n",
    "```python\nprint(1)\n```\n",
]


@pytest.mark.parametrize("body", PLAIN)
def test_plain_content_passes(body):
    assert problems(body) == []


# --- the allow-list ---------------------------------------------------------------------------------------------

ALLOWED = [
    f'<iframe src="https://{HOST}/embed/x" title="Video" allowfullscreen></iframe>\n',
    f'<iframe src="//{HOST}/embed/x"></iframe>\n',
    f"![Kuva](https://{HOST}/kuva.png)\n",
    f'<video controls poster="https://{HOST}/p.jpg"><source src="https://{HOST}/v.mp4"></video>\n',
    f'<img src="x.png" srcset="https://{HOST}/x2.png 2x">\n',
    f'<div style="background: url(https://{HOST}/b.png)">x</div>\n',
]


@pytest.mark.parametrize("body", ALLOWED)
def test_a_listed_host_passes(body):
    assert problems(body, hosts=[HOST]) == []
    assert problems(body, hosts=[HOST.upper()]) == []  # host names are compared as browsers do, in any case


NEVER = {
    "script from a listed host": (f'<script src="https://{HOST}/x.js"></script>\n',
                                  [element(6, "script", f'<script src="https://{HOST}/x.js">', NO_SCRIPT)]),
    "handler on an allowed iframe": (f'<iframe src="https://{HOST}/embed/x" onload="x()"></iframe>\n',
                                     [handler(6, "onload", "x()")]),
    "srcdoc on an allowed iframe": (f'<iframe src="https://{HOST}/e" srcdoc="<script>x()</script>"></iframe>\n',
                                    [element(6, "iframe", f'<iframe src="https://{HOST}/e" srcdoc="<script>x()</script>">', EMBED)]),
    "javascript: link": ("[x](javascript:alert(1))\n", [scheme(6, "javascript", "javascript:alert(1)")]),
    "object from a listed host": (f'<object data="https://{HOST}/x"></object>\n',
                                  [element(6, "object", f'<object data="https://{HOST}/x">', EMBED)]),
    "http from a listed host": (f"![x](http://{HOST}/x.png)\n",
                                [f"{PATH}:6: body: image over http is not allowed (expected an https address, "
                                 f"got 'http://{HOST}/x.png')"]),
    "iframe over http": (f'<iframe src="http://{HOST}/e"></iframe>\n',
                         [element(6, "iframe", f'<iframe src="http://{HOST}/e">', EMBED)]),
    "another port": (f"![x](https://{HOST}:8443/x.png)\n", [remote(6, "image", f"https://{HOST}:8443/x.png")]),
    "a host that only starts the same": (f"![x](https://{HOST}.example.com/x.png)\n",
                                         [remote(6, "image", f"https://{HOST}.example.com/x.png")]),
    "the listed host as a user name": (f"![x](https://{HOST}@cdn.example.com/x.png)\n",
                                       [remote(6, "image", f"https://{HOST}@cdn.example.com/x.png")]),
    "a subdomain of a listed host": (f"![x](https://img.{HOST}/x.png)\n", [remote(6, "image", f"https://img.{HOST}/x.png")]),
}


@pytest.mark.parametrize("case", list(NEVER))
def test_a_listed_host_allows_no_more_than_its_embeds(case):
    body, expected = NEVER[case]
    assert problems(body, hosts=[HOST]) == expected


def test_without_a_valid_site_config_hosts_are_not_judged_but_scripts_are():
    body = "![x](https://cdn.example.com/x.png)\n\n<script>x()</script>\n"
    assert problems(body, hosts=None) == [element(8, "script", "<script>", NO_SCRIPT)]


# --- sizes --------------------------------------------------------------------------------------------------------


def test_a_source_over_1_mib_is_refused_with_its_size():
    assert problems("ä" * 650_000 + "\n") == [  # counted in bytes: 55 + 1,300,000 + 1
        f"{PATH}: file too large (expected at most 1,048,576 bytes, 1 MiB; images and attachments belong in files "
        "of their own, got 1,300,056 bytes, 1.2 MiB)"]


def test_a_source_of_exactly_1_mib_passes():
    body = "x" * (MAX_SOURCE_BYTES - len(FRONT) - 1) + "\n"
    assert len((FRONT + body).encode()) == MAX_SOURCE_BYTES
    assert problems(body) == []


EMPTY = "text below the front matter"


@pytest.mark.parametrize(("kind", "body", "got"), [
    ("faq", "", "nothing"),
    ("faq", "\n\n   \n", "nothing"),
    ("chapter", "<!-- kirjoitetaan myöhemmin -->\n", "only comments"),
    ("news", "\n<!-- a -->\n\n<!--\nb\n-->\n", "only comments"),
])
def test_an_empty_page_is_a_problem(kind, body, got):
    assert problems(body, kind=kind) == [f"{PATH}:6: body: empty page (expected {EMPTY}, got {got})"]


@pytest.mark.parametrize(("kind", "body"), [
    ("faq", "Vastaus."), ("faq", "# Otsikko\n"), ("faq", "<!-- supportsite:hours -->\n"), ("news", "<!--><b>x</b>\n"),
    ("chapter", "![Kuva](kuva.png)\n"), ("page", ""), ("manual", ""), ("status", ""),
])
def test_what_is_not_empty(kind, body):
    assert problems(body, kind=kind) == []


def test_an_empty_page_with_front_matter_problems_waits_for_them():
    text = FRONT + "\n"
    source, _ = parse_markdown(PATH, text)
    assert check_source(PATH, text, source.body, source.body_line, [], kind=None) == []


def test_an_empty_faq_article_stops_the_check(repo_root, tmp_path, copy_tree):
    site = copy_tree(repo_root / "tests/sites/minimal", tmp_path / "minimal")
    (site / "content/ukk/tyhja.md").write_text(FRONT + "\n<!-- vastaus puuttuu -->\n", encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        load_project(site)
    assert [str(p) for p in error.value.problems] == [
        f"content/ukk/tyhja.md:6: body: empty page (expected {EMPTY}, got only comments)"]


# --- masking keeps lines ----------------------------------------------------------------------------------------


def test_masking_keeps_every_line_and_column():
    body = "a `b` c\n\n```\nx\n```\n\n    y\n"
    masked = mask_code(body)
    assert masked.text == "a     c\n\n   \n \n   \n\n     \n"
    assert len(masked.text) == len(body) and masked.hid_anything
    assert not mask_code("Ei koodia.\n").hid_anything


def test_the_markdown_extensions_are_the_sites(repo_root):
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, tag, node: None)
    config = yaml.load((repo_root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["markdown_extensions"]]
    assert set(MARKDOWN_EXTENSIONS) == {"toc", "tables", "fenced_code", *names}  # MkDocs adds the first three


# --- content_policy in site_config ----------------------------------------------------------------------------


def config_with(tmp_path: Path, repo_root: Path, policy: str):
    text = (repo_root / "site_config/support.yml").read_text(encoding="utf-8")
    text = re.sub(r"\ncontent_policy:\n(?:  .*\n)*", "\n", text) + policy
    (tmp_path / "site_config").mkdir(exist_ok=True)
    (tmp_path / "site_config/support.yml").write_text(text, encoding="utf-8")
    config, found = load_site_config(tmp_path)
    return config, [str(p) for p in found], text.count("\n") - policy.count("\n")


def test_content_policy_is_optional_and_empty_by_default(tmp_path, repo_root):
    config, found, _ = config_with(tmp_path, repo_root, "")
    assert found == [] and config.content_policy.embed_hosts == ()


def test_embed_hosts_are_read_in_lowercase(tmp_path, repo_root):
    config, found, _ = config_with(tmp_path, repo_root,
                                   "content_policy:\n  embed_hosts: [www.youtube-nocookie.com, Player.Vimeo.com]\n")
    assert found == [] and config.content_policy.embed_hosts == ("www.youtube-nocookie.com", "player.vimeo.com")


def test_embed_hosts_are_host_names_only(tmp_path, repo_root):
    config, found, before = config_with(tmp_path, repo_root, (
        "content_policy:\n  embed_hosts:\n    - https://www.youtube.com\n    - example.fi/video\n"
        "    - '*.example.fi'\n    - example.fi:8443\n    - localhost\n    - ok.example.fi\n    - ok.example.fi\n"))
    expected = "a host name such as www.youtube-nocookie.com, without scheme, path, port or wildcard"
    line = before + 3
    assert config is None
    assert found == [
        f"site_config/support.yml:{line}: content_policy.embed_hosts[0]: not a host name (expected {expected}, got 'https://www.youtube.com')",
        f"site_config/support.yml:{line + 1}: content_policy.embed_hosts[1]: not a host name (expected {expected}, got 'example.fi/video')",
        f"site_config/support.yml:{line + 2}: content_policy.embed_hosts[2]: not a host name (expected {expected}, got '*.example.fi')",
        f"site_config/support.yml:{line + 3}: content_policy.embed_hosts[3]: not a host name (expected {expected}, got 'example.fi:8443')",
        f"site_config/support.yml:{line + 4}: content_policy.embed_hosts[4]: not a host name (expected {expected}, got 'localhost')",
    ]
    _, found, _ = config_with(tmp_path, repo_root, "content_policy:\n  embed_hosts: [ok.example.fi, OK.example.fi]\n")
    assert found == [f"site_config/support.yml:{before + 2}: content_policy.embed_hosts[1]: duplicate host "
                     "(expected each host once, got 'ok.example.fi')"]


# --- the whole check ----------------------------------------------------------------------------------------------

IFRAME = '<iframe src="https://video.example.com/embed/1" title="Video"></iframe>'


def add_iframe(site: Path) -> str:
    """Append an iframe to the minimal site's FAQ article; the problem it should cause, as printed."""
    page = site / "content/ukk/salasanan-vaihto.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + IFRAME + "\n"
    page.write_text(text, encoding="utf-8")
    return element(text.count("\n"), "iframe", IFRAME.removesuffix("</iframe>"), EMBED).replace(
        PATH, "content/ukk/salasanan-vaihto.md")


def list_host(site: Path, host: str) -> None:
    config = site / "site_config/support.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"content_policy:\n  embed_hosts: [{host}]\n", encoding="utf-8")


def test_the_allow_list_is_part_of_what_a_parsed_source_is_remembered_by(repo_root, tmp_path, copy_tree):
    # mkdocs serve keeps parsed sources between rebuilds: listing a host must re-check pages whose text is the same.
    site = copy_tree(repo_root / "tests/sites/minimal", tmp_path / "minimal")
    expected = add_iframe(site)
    with pytest.raises(ValidationError) as error:
        load_project(site)
    assert [str(p) for p in error.value.problems] == [expected]
    list_host(site, "video.example.com")
    assert load_project(site).faqs


@pytest.mark.slow
def test_check_and_build_refuse_an_iframe_by_its_line_and_keep_the_site(repo_root, tmp_path, copy_tree, build_site):
    site = copy_tree(repo_root / "tests/sites/minimal", tmp_path / "tests/sites/minimal")
    (tmp_path / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)  # mkdocs.yml's ../../../hooks
    published = tmp_path / "published"
    assert build_site(site, published).returncode == 0
    before = digest(published)
    expected = add_iframe(site)

    check = subprocess.run([str(Path(sys.executable).parent / "supportsite"), "check"], cwd=site,
                           capture_output=True, text=True, check=False, timeout=120)
    assert (check.returncode, check.stdout) == (1, "")
    assert check.stderr.splitlines() == ["1 problem found in the site sources:", f"  {expected}"]

    result = build_site(site, published)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"  {expected}\n" in result.stderr
    assert digest(published) == before, "the site built before stays as it was"

    list_host(site, "video.example.com")
    assert build_site(site, published).returncode == 0
