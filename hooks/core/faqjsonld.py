"""An FAQ article as schema.org FAQPage structured data: the question, and its answer as bounded plain text."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from typing import Any

JSONLD_ANSWER_CHARS = 1000
"""The answer in structured data is a summary for search engines (Google shows a few lines), not a copy of the page."""

_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<a [^>]*class=\"headerlink\"[^>]*>.*?</a>", re.DOTALL | re.IGNORECASE)
_BLOCK = re.compile(r"</?(?:p|li|br|div|h[1-6]|tr|td|th|dt|dd|ul|ol|table|blockquote|pre)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]+>")
_FIRST_H1 = re.compile(r"<h1[^>]*>.*?</h1>", re.DOTALL)


def html_to_text(html: str) -> str:
    """Rendered HTML as plain text (for ``acceptedAnswer.text``): no scripts, permalinks or tags, entities decoded.

    Regular expressions rather than an HTML parser: this runs on every FAQ page, and MkDocs' output is regular."""
    text = _HIDDEN.sub(" ", html)
    text = _BLOCK.sub(" ", text)
    text = _ANY_TAG.sub("", text)
    return re.sub(r"\s+", " ", htmllib.unescape(text)).strip()


def bounded_text(text: str, limit: int = JSONLD_ANSWER_CHARS) -> str:
    """``text`` cut at the last word boundary within ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def answer_text(article_html: str) -> str:
    """The answer of a rendered FAQ article: its text without the question (the first ``<h1>``)."""
    return html_to_text(_FIRST_H1.sub(" ", article_html, count=1))


def faq_jsonld(question: str, answer: str, url: str, modified: dt.date | None, language: str) -> dict[str, Any]:
    """schema.org FAQPage with one Question whose acceptedAnswer is plain text, at most ``JSONLD_ANSWER_CHARS`` long;
    ``language``: the page's code (``fi``, ``sv``), schema.org's ``inLanguage``."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": language,
        "url": url,
        "mainEntity": [{
            "@type": "Question",
            "name": question,
            "acceptedAnswer": {"@type": "Answer", "text": bounded_text(answer)},
        }],
    }
    if modified is not None:
        data["dateModified"] = modified.isoformat()
    return data
