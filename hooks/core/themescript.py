"""Material's JavaScript bundle as the site ships it: without the lookup of a sitemap beside every alternate link.

Material's bundle has a routine for its own language selector (``extra.alternate``, which this site does not use):
on every page it takes each ``<link rel="alternate">`` of the document, fetches ``sitemap.xml`` next to the link's
address and, on a click into that address, sends the reader to the same page there (upstream:
squidfunk/mkdocs-material#8576). Our pages carry such links for their language versions (``hreflang``) and feeds,
so every page asked for two to five sitemaps that do not exist (404s in the browser's console), the home page
parsed the root sitemap (1 MB at 5,000 pages) three times, and the language switcher's click was taken over and
sent to the translation's address without its trailing slash (a redirect). The switcher links to the translation
itself, so that routine has nothing to do here: its one call is blanked out, with as many characters, so that
Material's source map still fits the file. Instant navigation keeps its own sitemap, as in bare Material.
"""

from __future__ import annotations

import hashlib
import re

BUNDLE_FOLDER = "assets/javascripts/"
_BUNDLE_NAME = re.compile(r"bundle\.[0-9a-f]{8}\.min\.js")
# The routine is found by what it does, not by the names minification gave it in one release: the one function
# whose body begins by selecting the document's alternate links, and its one call with the document stream.
_ROUTINE = 'M("link[rel=alternate]")'
_FUNCTION = re.compile(r"function ([A-Za-z_$][\w$]*)\(\{document\$:[A-Za-z_$][\w$]*\}\)\{")


def is_bundle(uri: str) -> bool:
    """Whether ``uri`` (a theme file's path in the site) is Material's bundle, ``assets/javascripts/bundle.<hash>.min.js``."""
    return uri.startswith(BUNDLE_FOLDER) and _BUNDLE_NAME.fullmatch(uri[len(BUNDLE_FOLDER):]) is not None


def without_alternate_lookups(bundle: str) -> str | None:
    """``bundle`` with the call of its alternate-link routine blanked out (the same length), or None when the
    bundle does not have exactly one such routine and one call of it (another Material release)."""
    if bundle.count(_ROUTINE) != 1:
        return None
    at = bundle.index(_ROUTINE)
    functions = [m for m in _FUNCTION.finditer(bundle, 0, at)]
    if not functions or bundle.find("function ", functions[-1].end(), at) != -1:
        return None  # the selection is not in the body of a function taking the document stream
    name = re.escape(functions[-1].group(1))
    calls = list(re.finditer(rf"(?<![\w$.]){name}\(\{{document\$:[A-Za-z_$][\w$]*\}}\);", bundle))
    if len(calls) != 1:
        return None
    call = calls[0]
    blank = "/*" + " " * (call.end() - call.start() - 4) + "*/"
    return bundle[:call.start()] + blank + bundle[call.end():]


def bundle_name(bundle: str) -> str:
    """The site path of ``bundle``, fingerprinted by its content as Material names its own."""
    return f"{BUNDLE_FOLDER}bundle.{hashlib.sha256(bundle.encode()).hexdigest()[:8]}.min.js"
