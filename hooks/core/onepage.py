"""A manual on one page: each chapter's rendered HTML one heading level deeper, its ids unique on the page."""

from __future__ import annotations

import re

_FIRST_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>\s*", re.DOTALL)
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_ID = re.compile(r'\bid="([^"]+)"')
_FRAGMENT_HREF = re.compile(r'\bhref="#([^"]+)"')


def merge_chapters(page_html: str, chapters: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    """The chapters' HTML as the one-page view ``page_html`` shows them at its ``chapter`` markers, in order.

    A chapter loses its ``<h1>`` (the page has the chapter's heading already), its headings go one level down
    (``h6`` stays), and an id already on the page or in an earlier chapter gets ``_1``, ``_2``… as
    Python-Markdown's ``toc`` would, with the chapter's ``#`` links following. Relative links need no change:
    chapters and the one-page view are published side by side. Returns the chapters' HTML and, per chapter, its
    ids old → new (for the table of contents)."""
    used = set(_ID.findall(page_html))
    merged, renamed = [], []
    for chapter in chapters:
        body = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + 1)}", _FIRST_H1.sub("", chapter, count=1))
        ids: dict[str, str] = {}
        for old in _ID.findall(body):
            new, suffix = old, 0
            while new in used:
                suffix += 1
                new = f"{old}_{suffix}"
            used.add(new)
            ids.setdefault(old, new)
        body = _ID.sub(lambda m: f'id="{ids[m[1]]}"', body)
        merged.append(_FRAGMENT_HREF.sub(lambda m: f'href="#{ids.get(m[1], m[1])}"', body))
        renamed.append(ids)
    return merged, renamed
