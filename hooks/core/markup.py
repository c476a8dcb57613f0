"""The one place where writers' text becomes markup: escaping, short Markdown texts, JSON in scripts, our Jinja setup.

Text from front matter and ``site_config`` is data. Titles, descriptions, names and notes are plain text and
reach HTML only escaped (``text``); status update texts are Markdown without raw HTML (``short_markdown``);
JSON inside ``<script>`` cannot end the element (``script_json``). Every template of ours is rendered by an
environment from ``environment``, which autoescapes everything it prints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import markdown
from jinja2 import BaseLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

SAFE_URL = re.compile(r"^(?:https?:|mailto:|tel:|#|/|\.{0,2}/|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
"""A link target that loads or runs nothing: web, mail and phone links, and relative URLs (no scheme)."""

SHORT_TEXT_RULES = (
    "Markdown: paragraphs, lists, **bold**, *italic*, `code` and links to http(s), mailto: or tel: addresses "
    "or pages of the site; raw HTML is shown as text"
)


def text(value: object) -> Markup:
    """Plain text as HTML: ``<tyhjä>`` reads literally wherever it lands (element text or attribute value)."""
    return escape("" if value is None else value)


# ASCII punctuation that Markdown, its extensions (attribute lists, tables) or HTML give a meaning; letters,
# digits, spaces, ", ; ? '" and every non-ASCII character read as themselves.
_MARKDOWN_SYNTAX = re.compile(r"[!\"#$%&()*+\-./:<=>@\[\\\]^_`{|}~]")


def markdown_text(value: object) -> Markup:
    """Plain text for a Markdown template: every character that could start Markdown, HTML or attribute-list syntax
    becomes an HTML character reference, so no syntax can form and the text reads literally."""
    if isinstance(value, Markup):
        return value
    flat = " ".join(str("" if value is None else value).split())  # one line: no block structure either
    return Markup(_MARKDOWN_SYNTAX.sub(lambda m: f"&#{ord(m[0])};", flat))


def is_safe_url(url: str) -> bool:
    """Whether a link target in writers' text may stay a link (no ``javascript:``, ``data:`` and the like)."""
    return bool(SAFE_URL.match(url.strip()))


class _DropUnsafeLinks(markdown.treeprocessors.Treeprocessor):
    """Unlinks targets that would run script: validation refuses them, this keeps a slip from reaching a page."""

    def run(self, root):
        for element in root.iter("a"):
            if not is_safe_url(element.get("href", "")):
                element.attrib.pop("href", None)
        for element in root.iter("img"):
            # An image in an update text would load at the reader's end (feeds, e-mail): text only.
            element.tag, element.text = "span", element.get("alt", "")
            element.attrib.clear()
        return root


def _short_markdown_converter() -> markdown.Markdown:
    converter = markdown.Markdown(output_format="html")
    # No raw HTML: "<img …>" in an update text is shown as those characters, never parsed as a tag.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(_DropUnsafeLinks(converter), "supportsite_safe_links", 0)
    return converter


_PLAIN_TEXT = re.compile(r"[\w ,.;?()'\"%€/–—-]*")  # letters, digits and punctuation Markdown leaves alone
# (no leading list or heading marker: the first character is a letter, digit or quote)
_PLAIN_START = re.compile(r"[\w'\"(]")


class ShortMarkdown:
    """Status update texts to HTML; each distinct text converted once per build."""

    def __init__(self) -> None:
        self._converter = _short_markdown_converter()
        self._done: dict[str, Markup] = {}

    def __call__(self, source: str) -> Markup:
        if source not in self._done:
            stripped = source.strip()
            if _PLAIN_TEXT.fullmatch(stripped) and _PLAIN_START.match(stripped) and not stripped[0].isdigit():
                # One line without any Markdown syntax: Python-Markdown would only wrap it in <p>, at a cost that
                # was most of the status hook's time at 1,000 posts.
                self._done[source] = Markup("<p>%s</p>") % stripped
            else:
                self._done[source] = Markup(self._converter.reset().convert(source))
        return self._done[source]


def inline_html(html: str) -> Markup:
    """One paragraph of converted text without its ``<p>``, for a line that goes on after a label."""
    html = html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def script_json(data: Any) -> Markup:
    """JSON safe inside ``<script>``: sorted keys, and no ``<``, ``>`` or ``&`` that could end the element."""
    dumped = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def escape_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter with every text escaped, for templates that print ``page.meta`` values unescaped."""
    return {key: _escaped(value) for key, value in meta.items()}


def _escaped(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list | tuple):
        return type(value)(_escaped(item) for item in value)
    if isinstance(value, Mapping):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def markdown_environment(folder: Path, **options: Any) -> Environment:
    """A Jinja environment for templates that produce Markdown: every printed value goes through
    ``markdown_text`` (the Markdown counterpart of autoescaping); ``Markup`` values, such as link targets the
    template's own functions computed, are printed as they are."""
    return Environment(loader=FileSystemLoader(str(folder)), autoescape=False, finalize=markdown_text,
                       undefined=StrictUndefined, auto_reload=False, **options)


def environment(folder: Path | None = None, *, loader: BaseLoader | None = None, **options: Any) -> Environment:
    """A Jinja environment for our templates: autoescaping always on, undefined names an error.

    One factory so that no template of ours can be rendered without escaping; ``options`` may set
    whitespace handling, never ``autoescape``."""
    if "autoescape" in options:
        raise TypeError("our templates always autoescape")
    env = Environment(loader=loader or FileSystemLoader(str(folder)), autoescape=True, undefined=StrictUndefined,
                      auto_reload=False, **options)
    env.filters.update(script_json=script_json, text=text, inline=inline_html)
    return env
