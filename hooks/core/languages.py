"""The site's languages: which one a source is written in, where its pages are published, and the words around them.

Finnish is the default and is published from the site's root; a translation is a file beside its original with the
language before the suffix (``miten-vaihdan-salasanan.sv.md``, mkdocs-static-i18n's "suffix" layout) and is
published under the language's folder (``sv/ukk/miten-vaihdan-salasanan/``). A second translation is one more row
in ``LANGUAGES``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from hooks.core.problems import Problem
from hooks.core.schema import Choice, Context, MappingOf, Text
from hooks.core.yamlsrc import YamlDocument


@dataclass(frozen=True)
class Language:
    """One language of the site, and the words the site needs in it that no page, library or site's configuration
    gives (mkdocs.yml's own words in other languages are its ``extra.translations``: hooks/i18n.py)."""

    code: str  # <html lang>, hreflang, Pagefind's index, the suffix of its sources: "sv"
    locale: str  # Babel's locale for dates and numbers: "sv_FI"
    name: str  # its own name: "Svenska"
    prefix: str  # the folder its pages are published in: "" for the default, "sv/"
    home: str  # the home page's name in the navigation
    switch: str  # the language switch's link text, leading to this language: "På svenska"
    switch_label: str  # what the switch is, for assistive technology, in this language
    untranslated: str  # a fallback to the default language's text is marked with this


DEFAULT = "fi"
LANGUAGES: dict[str, Language] = {
    "fi": Language(
        code="fi", locale="fi_FI", name="Suomi", prefix="", home="Etusivu", switch="Suomeksi", switch_label="Kieli",
        untranslated="suomeksi",
    ),
    "sv": Language(
        code="sv", locale="sv_FI", name="Svenska", prefix="sv/", home="Startsida", switch="På svenska",
        switch_label="Språk", untranslated="på finska",
    ),
}
TRANSLATIONS = tuple(code for code in LANGUAGES if code != DEFAULT)
"""The languages other than the default, in the order the site lists them."""


CONFIG_WORDS = MappingOf(Choice(TRANSLATIONS), MappingOf(Text(), Text()),
                         doc="For each language, its versions of mkdocs.yml's visible words (the site's name and "
                             "description, the theme's toggles), keyed by the words as written.")
"""The schema of mkdocs.yml's ``extra.translations``."""


def config_words(value: object, path: str = "mkdocs.yml") -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """mkdocs.yml's ``extra.translations`` (None: none given), and its problems in the schemas' one wording."""
    if value is None:
        return {}, []
    ctx = Context(path, YamlDocument(value, first_line=0))  # MkDocs read the file: its lines are not known here
    found = CONFIG_WORDS.validate(value, ctx, ("extra", "translations"))
    return ({} if ctx.problems else found), ctx.problems


def split(path: str) -> tuple[str, str]:
    """A source path (or source URI) and its language: ``ukk/a.sv.md`` → (``ukk/a.md``, ``sv``); ``ukk/a.md`` → (…, ``fi``)."""
    stem, dot, suffix = path.rpartition(".")
    if dot:
        base, dot2, code = stem.rpartition(".")
        if dot2 and code in TRANSLATIONS and "/" not in code:
            return f"{base}.{suffix}", code
    return path, DEFAULT


def language_of(path: str) -> str:
    """The language a source (path or URI) is written in."""
    return split(path)[1]


def source_in(path: str, code: str) -> str:
    """The source path of ``path``'s version in the language ``code``: ``ukk/a.md``, ``sv`` → ``ukk/a.sv.md``."""
    base = split(path)[0]
    if code == DEFAULT:
        return base
    stem, dot, suffix = base.rpartition(".")
    return f"{stem}.{code}.{suffix}" if dot else f"{base}.{code}"


def published_uri(src_uri: str) -> str:
    """Where a source URI is published, as a source URI of the default language: ``ukk/a.sv.md`` → ``sv/ukk/a.md``."""
    base, code = split(src_uri)
    return LANGUAGES[code].prefix + base


def url_in(url: str, code: str) -> str:
    """A default-language page URL (relative to the root) in language ``code``'s folder: ``ukk/`` → ``sv/ukk/``."""
    return LANGUAGES[code].prefix + url


def language_of_url(url: str) -> str:
    """The language of a published page, from its URL relative to the site's root."""
    for code in TRANSLATIONS:
        prefix = LANGUAGES[code].prefix
        if url == prefix.rstrip("/") or url.startswith(prefix):
            return code
    return DEFAULT


def relative_source(from_source: str, to_source: str) -> str:
    """The relative link from one source URI to another, as Markdown links between sources are written."""
    return posixpath.relpath(to_source, posixpath.dirname(from_source) or ".")
