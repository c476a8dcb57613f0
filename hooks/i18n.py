"""MkDocs glue for the site's languages: translations published under their folder, with their own navigation.

One build makes every language (mkdocs-static-i18n builds the whole site once more per language): a translation
``x.sv.md`` beside ``x.md`` is published at ``sv/x/``; its links to the Finnish sources lead to their translations
where there are any; Swedish pages get a navigation of the Swedish pages, Material's Swedish interface, hreflang
alternates and a language switch. What a translation is lives in ``hooks/core/languages.py``.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from markdown import Extension
from markupsafe import escape
from markdown.treeprocessors import Treeprocessor
from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section

from hooks.core import sitedir
from hooks.core.languages import (
    DEFAULT, LANGUAGES, TRANSLATIONS, config_words, language_of, published_uri, source_in, split,
)
from hooks.core.problems import ValidationError
from hooks.core.urlmap import DOCS_FOLDER, NOT_FOUND_PAGE
from hooks.glue import escape_page, get_state


@dataclass
class LanguageBuild:
    """This module's state for one build: each page's versions by language, and each translation's navigation."""

    versions: dict[str, dict[str, File]] = field(default_factory=dict)  # original src_uri → language → file
    navs: dict[str, Navigation] = field(default_factory=dict)
    links: TranslatedLinks | None = None
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # mkdocs.yml's extra.translations
    config_words: dict | None = None  # mkdocs.yml's words as written, kept while pages are rendered in other languages
    env: Any = None  # the theme's templates and the site's files (on_env), for the not-found pages of the translations
    files: Files | None = None
    error_page: str | None = None  # the language whose not-found page is being rendered


def _build(config) -> LanguageBuild:
    return get_state(config).part(LanguageBuild, LanguageBuild)


def on_config(config):
    build = _build(config)
    build.links = TranslatedLinks()
    config.markdown_extensions.append(build.links)
    build.translations, problems = config_words(config.extra.get("translations"))
    if problems:
        raise PluginError(ValidationError(problems).report())
    get_state(config).site_names = {code: _word(build, code, config.site_name) for code in LANGUAGES}
    return config


def _word(build: LanguageBuild, code: str, text):
    """mkdocs.yml's visible ``text`` in the language ``code``: as written unless extra.translations gives it."""
    return build.translations.get(code, {}).get(text, text) if text else text


def _say(config, code: str, theme: bool = True) -> None:
    """mkdocs.yml's visible words (heading links; with ``theme``, the site's name and the colour-scheme toggles) in
    the language ``code``.

    MkDocs and Material read them from the one config object while they render a page: set for each page, and
    set back to the default language's after it (other hooks read the site's own name). The heading links' word is
    set while the Markdown is rendered, the theme's only while the page's template is."""
    build = _build(config)
    if build.config_words is None:  # the default language's, as mkdocs.yml has them
        build.config_words = {
            "site_name": config.site_name, "site_description": config.site_description,
            "palette": [(entry.get("toggle") or {}).get("name") for entry in _palette(config)],
            "permalink_title": (config.mdx_configs.get("toc") or {}).get("permalink_title"),
        }
    words = build.config_words
    if theme:
        config.site_name = _word(build, code, words["site_name"])
        config.site_description = _word(build, code, words["site_description"])
        for entry, name in zip(_palette(config), words["palette"]):
            if name:
                entry["toggle"]["name"] = _word(build, code, name)
    if words["permalink_title"]:
        config.mdx_configs["toc"]["permalink_title"] = _word(build, code, words["permalink_title"])


def _palette(config) -> list:
    palette = config.theme.get("palette") or []
    return palette if isinstance(palette, list) else [palette]


@event_priority(-100)  # last: the pages other hooks generate are published like written ones
def on_files(files: Files, config) -> Files:
    versions = _build(config).versions
    for file in list(files):
        if not file.is_documentation_page():
            continue
        original, code = split(file.src_uri)
        if code != DEFAULT:
            file = _in_language_folder(files, file, config)
        versions.setdefault(original, {})[code] = file
    return files


def _in_language_folder(files: Files, file: File, config) -> File:
    """The translation ``file`` again, published in its language's folder (MkDocs caches a file's destination)."""
    uri = published_uri(file.src_uri)
    dest = File(uri, None, config.site_dir, config.use_directory_urls).dest_uri
    moved = File(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls, dest_uri=dest,
                 inclusion=file.inclusion)
    moved.name = posixpath.splitext(posixpath.basename(uri))[0]  # "index" for index.sv.md: Material's section index
    if file.generated_by is not None:
        moved.generated_by = file.generated_by
        moved.content_string = file.content_string
        moved.abs_src_path = file.abs_src_path
    files.remove(file)
    files.append(moved)
    return moved


def on_nav(nav, config, files):
    build = _build(config)
    state = get_state(config)
    for code in TRANSLATIONS:
        translated = build.navs[code] = _translated_nav(nav, build.versions, code, state.project, config)
        for page in translated.pages:
            if not state.plan.renders(page.file.src_uri):  # a partial build: its title, for the pages it renders
                page.read_source(config)
                escape_page(page)
    return nav


def _translated_nav(nav: Navigation, versions: dict[str, dict[str, File]], code: str, project, config) -> Navigation:
    """The default language's navigation with each page's translation in its place; untranslated pages left out."""
    pages = []
    by_path = project.by_path()

    def walk(items, parent):
        kept = []
        for item in items:
            if item.is_page:
                file = versions.get(item.file.src_uri, {}).get(code)
                if file is None or file.page is None:
                    continue
                file.page.parent = parent
                kept.append(file.page)
                pages.append(file.page)
            elif item.is_section:
                section = Section(item.title, [])
                section.parent = parent
                section.children = walk(item.children, section)
                first = section.children[0] if section.children else None
                if first is not None and first.is_page and first.is_index:
                    document = by_path.get(_source_path(first.file, config))
                    title = getattr(document, "title", None)  # front matter: Material prints the title as it is
                    section.title = escape(title) if title else item.title
                if section.children:
                    kept.append(section)
            else:
                kept.append(item)
        return kept

    translated = Navigation(walk(nav.items, None), pages)
    for previous, page, following in zip([None, *pages], pages, [*pages[1:], None]):
        page.previous_page, page.next_page = previous, following
    home = versions.get("index.md", {}).get(code)
    translated.homepage = home.page if home is not None else None
    if home is not None and home.page is not None and "index.md" in _titled(config.nav):
        home.page.title = LANGUAGES[code].home  # mkdocs.yml names the original in the navigation ("Etusivu")
    return translated


def _titled(items) -> set[str]:
    """The files that mkdocs.yml's ``nav`` gives a title of its own (``- Etusivu: index.md``)."""
    found = set()
    for item in items or ():
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, str):
                    found.add(value)
                else:
                    found |= _titled(value)
    return found


def _source_path(file: File, config) -> str:
    """The repository path of a written source (``content/`` is MkDocs' docs_dir)."""
    return f"{DOCS_FOLDER}/{file.src_uri}" if file.src_dir == config.docs_dir else file.src_uri


def on_page_markdown(markdown, page, config, files):
    links = _build(config).links
    links.page_uri = page.file.src_uri
    links.versions = _build(config).versions
    _say(config, language_of(page.file.src_uri), theme=False)  # the heading links' title, rendered with the Markdown
    return markdown


@event_priority(100)  # the page's Markdown is rendered: the theme's pages (404.html) are next, in the default language
def on_page_content(html, page, config, files):
    _say(config, DEFAULT)
    return html


@event_priority(50)  # before hooks/site.py shares navigation renderings between pages
def on_page_context(context, page, config, nav):
    build = _build(config)
    code = language_of(page.file.src_uri)
    if code != DEFAULT and code in build.navs:
        context["nav"] = build.navs[code]
    # hooks/site.py adds its own to this dict; the theme reads both as `supportsite`.
    context["supportsite"] = page_languages(config, page)
    _say(config, code)
    return context


@event_priority(100)  # first: whatever runs after a page sees the site's own name again
def on_post_page(output, page, config):
    _say(config, DEFAULT)
    return output


def on_env(env, config, files):
    build = _build(config)
    build.env, build.files = env, files
    return env


def on_template_context(context, template_name, config):
    build = _build(config)
    if template_name == NOT_FOUND_PAGE and build.error_page is not None:
        code = build.error_page
        context["nav"] = build.navs[code]
        context["supportsite"] = {"language": code, "alternates": [], "switches": [],
                                  "switch_label": LANGUAGES[code].switch_label}
    return context


def on_post_build(config):
    # Each translation's not-found page (sv/404.html) in its language, as MkDocs renders the default one
    # (mkdocs.commands.build._build_template): with absolute addresses, since a host serves it at any depth.
    build = _build(config)
    for code, nav in build.navs.items():
        if nav.homepage is None:
            continue  # no page in that language yet
        build.error_page = code
        _say(config, code)
        try:
            context = get_context(nav, build.files, config, base_url=urlsplit(config.site_url or "/").path)
            context = config.plugins.on_template_context(context, template_name=NOT_FOUND_PAGE, config=config)
            html = build.env.get_template(NOT_FOUND_PAGE).render(context)
            html = config.plugins.on_post_template(html, template_name=NOT_FOUND_PAGE, config=config)
        finally:
            build.error_page = None
            _say(config, DEFAULT)
        sitedir.replace_file(Path(config.site_dir, LANGUAGES[code].prefix, NOT_FOUND_PAGE), html.encode("utf-8"))
    _say(config, DEFAULT)


def page_languages(config, page) -> dict:
    """What a page's template shows of its languages: its own, hreflang alternates and the language switch."""
    build = _build(config)
    original, code = split(page.file.src_uri)
    versions = build.versions.get(original, {})
    switches = []
    for other, language in LANGUAGES.items():
        if other == code:
            continue
        target = versions.get(other)
        home = build.versions.get("index.md", {}).get(other)
        url = target.url if target is not None else (home.url if home is not None else None)
        if url is not None:
            switches.append({"lang": other, "url": url, "text": language.switch})
    return {"language": code, "alternates": alternates(build, page.file, config.site_url or ""), "switches": switches,
            "switch_label": LANGUAGES[code].switch_label}


def alternates(build: LanguageBuild, file: File, site_url: str = "") -> list[dict[str, str]]:
    """The hreflang alternates of a page: each of its versions, itself included, and the default language's as
    ``x-default`` (a page not translated yet names itself twice).

    Fully qualified under ``site_url``, as Google asks of hreflang links and as Material writes the canonical link
    beside them (``mkdocs serve`` sets ``site_url`` to the preview's own address); relative to the root only when no
    ``site_url`` is configured. MkDocs ends ``site_url`` with a slash, and a page's URL here has none in front. No
    visitor's browser fetches them: Material's stock bundle fetched a ``sitemap.xml`` beside every
    ``<link rel="alternate">``, which hooks/core/themescript.py leaves out. Only the pages name their
    versions, not the sitemap too: instant navigation fetches and parses the sitemap on every page load, and the
    versions doubled it (1.97 MB at 5,000 pages) for what search engines read from the pages anyway."""
    versions = build.versions.get(split(file.src_uri)[0], {})
    if DEFAULT not in versions:
        return []
    found = [(code, versions[code]) for code in LANGUAGES if code in versions] + [("x-default", versions[DEFAULT])]
    return [{"lang": code, "url": site_url + _url(version)} for code, version in found]


def _url(file: File) -> str:
    """A page's URL relative to the site's root: ``''`` for the home page (MkDocs' file URL there is ``./``)."""
    return file.url.removeprefix("./")


class TranslatedLinks(Extension):
    """Links from a translation to a source lead to that source's translation when there is one.

    Translations link to the originals (``../palvelutasot.md``), as mkdocs-static-i18n asks writers to: the same
    link then works in every language and falls back to the original page where nothing is translated. Runs before
    MkDocs resolves links to pages (its own tree processor has priority 0)."""

    def __init__(self) -> None:
        super().__init__()
        self.page_uri = ""
        self.versions: dict[str, dict[str, File]] = {}

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_TranslatedLinkProcessor(md, self), "supportsite_translated_links", 5)


class _TranslatedLinkProcessor(Treeprocessor):
    def __init__(self, md, links: TranslatedLinks) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: etree.Element) -> None:
        code = language_of(self.links.page_uri)
        if code == DEFAULT:
            return
        folder = posixpath.dirname(self.links.page_uri)
        for element in root.iter("a"):
            href = element.get("href")
            if not href:
                continue
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                continue
            target = posixpath.normpath(posixpath.join(folder, parts.path))
            versions = self.links.versions.get(target, {})
            if language_of(target) != DEFAULT or DEFAULT not in versions:
                continue
            if code not in versions:  # to the original: the reader is told the page is in another language
                element.set("hreflang", DEFAULT)
                element.set("data-untranslated", LANGUAGES[code].untranslated)
                continue
            translated = posixpath.relpath(source_in(target, code), folder or ".")
            element.set("href", urlunsplit(("", "", translated, parts.query, parts.fragment)))
