"""MkDocs glue for the status blog: status pages, feeds and the Statuspage-compatible API."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from hooks.core.feeds import render_atom, render_rss
from hooks.core.forked import Forked
from hooks.core.ics import render_calendar
from hooks.core.languages import DEFAULT, LANGUAGES, language_of_url, source_in
from hooks.core.statusapi import api_files
from hooks.core.statusfeeds import StatusFeeds
from hooks.core.statuslive import banner, render_live
from hooks.core.statusmodel import StatusModel
from hooks.core.statuspage import GeneratedPage, StatusPages
from hooks.core.urlmap import (
    API_V2_FOLDERS, ATOM_NAME, MAINTENANCE_ICS, RSS_NAME, STATUS_ATOM, STATUS_HISTORY_FOLDER, STATUS_INDEX,
    STATUS_LIVE, STATUS_RSS, STATUS_URL, component_url, month_url, post_url,
)
from hooks.glue import HeadLink, get_state, processes, scoped_processes

FORK_STATUS_FROM = 100  # posts: fewer take less time to render than forking costs


@dataclass
class StatusBuild:
    """This module's state for one build: the model, its HTML pages in each language, and each generated page by
    source URI."""

    model: StatusModel
    languages: dict[str, StatusPages]  # the default language first
    generated: dict[str, GeneratedPage] = field(default_factory=dict)
    banners: dict[str, Callable[[str], str]] = field(default_factory=dict)  # by language: root_href → HTML
    elsewhere: dict[str, Forked] = field(default_factory=dict)  # by language: its outputs, made in another process

    @property
    def pages(self) -> StatusPages:
        return self.languages[DEFAULT]


def _make(config) -> StatusBuild:
    state = get_state(config)
    model = StatusModel(state.project.config, state.project.posts, state.now)
    languages = {}
    for code in LANGUAGES:  # the Swedish status pages show the same posts: one model, words and texts per language
        pages = languages[code] = StatusPages(model, code, _site_url(config), _site_name(config, code))
        pages.env.bytecode_cache = state.template_cache()
    return StatusBuild(model, languages)


def _site_url(config) -> str:
    return get_state(config).project.config.site_url or config.site_url or ""


def _site_name(config, code: str) -> str:
    return get_state(config).site_names.get(code) or config.site_name


def _intro(config, default_title: str, code: str = DEFAULT) -> tuple[str, str, str | None]:
    """The title, body and description of ``status/index.md`` (``status/index.sv.md``…) when the writer has one: it
    becomes the page's intro."""
    path = source_in(STATUS_INDEX, code)
    page = next((p for p in get_state(config).project.in_language(code).pages if p.path == path), None)
    if page is None:
        return default_title, "", None
    title, lines = page.title or default_title, page.body.strip().splitlines()
    if lines and lines[0].startswith("# "):
        title, lines = (page.title or lines[0][2:].strip()), lines[1:]
    return title, "\n".join(lines), page.description


def _add(files: Files, config, path: str, content: str | bytes | GeneratedPage) -> None:
    old = files.get_file_from_path(path)
    if old is not None:
        files.remove(old)
    if isinstance(content, GeneratedPage):
        state = get_state(config)
        state.part(StatusBuild).generated[path] = content
        # What fills the page's marker is made here, from every post and the clock: a partial build renders the
        # page again when it differs (hooks/core/rebuild.py), not whenever it runs.
        state.page_inputs.setdefault(path, []).append(content.html)
        content = content.markdown
    files.append(File.generated(config, path, content=content))


def _has_status_blog(state) -> bool:
    return bool(state.project.posts) or any(p.path == STATUS_INDEX for p in state.project.pages)


@event_priority(-50)  # after hooks/i18n.py has named the site in each language
def on_config(config):
    # A scoped build (`supportsite publish status`, during an outage) has the second core to itself: the other
    # languages' pages, feeds and calendars are made there, begun as soon as the sources are read, while this
    # process lists the site's files and makes the default language's. So does a whole build that shares its pages
    # between two processes: its second core has little to do until MkDocs' page loop.
    state = get_state(config)
    if not _has_status_blog(state):
        return config
    build = state.part(StatusBuild, lambda: _make(config))
    whole = state.scope is None and processes(state, len(state.project.documents())) > 1
    if whole or scoped_processes(state, len(build.model.posts), FORK_STATUS_FROM) > 1:
        build.elsewhere = {code: Forked(functools.partial(_language_outputs, config, build, code, pages))
                           for code, pages in build.languages.items() if code != DEFAULT}
    return config


def on_files(files: Files, config) -> Files:
    state = get_state(config)
    if not _has_status_blog(state):
        return files  # a site without a status/ blog gets no status pages, feeds or banner
    build = state.part(StatusBuild, lambda: _make(config))
    model = build.model
    shown = {p.path for p in model.posts}
    for post in state.project.posts:
        if post.path not in shown:  # written ahead of time: published when its first update is due
            files.remove(files.get_file_from_path(post.path))
    for code, pages in build.languages.items():
        forked = build.elsewhere.pop(code, None)
        outputs = forked.result() if forked is not None else _language_outputs(config, build, code, pages)
        for path, content in outputs:
            _add(files, config, path, content)
    for path, value in api_files(model, _site_url(config), config.site_name, DEFAULT).items():
        # In the default language only: Statuspage's API has no language, and its clients cannot ask for one.
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for folder in API_V2_FOLDERS:  # one text, the same bytes at each address (hooks/core/urlmap.py says why)
            _add(files, config, folder + path, text)

    for code, pages in build.languages.items():
        _add_head_links(state, code, pages)
        # The banner is the same on every page of a language but for the way back to the root: rendered once per depth.
        build.banners[code] = functools.lru_cache(maxsize=None)(functools.partial(banner, pages))
    state.announcement = lambda root_href, code: build.banners[code](root_href)
    state.fill_markers("status-summary", functools.partial(_summary, build))
    state.fill_markers("status-block", functools.partial(_block, build))
    return files


def _language_outputs(config, build: StatusBuild, code: str,
                      pages: StatusPages) -> list[tuple[str, str | bytes | GeneratedPage]]:
    """The status pages, feeds, calendar and current state of one language, by source path: the default's at
    ``status/``, a translation's generated as ``….sv.md`` pages (hooks/i18n.py publishes them under ``sv/``) and files
    in its folder. Made without touching the build (a forked process may make them: see ``on_config``)."""
    model, prefix = build.model, LANGUAGES[code].prefix
    intro = _intro(config, pages.labels.status_title, code)
    outputs: list[tuple[str, str | bytes | GeneratedPage]] = [
        (source_in(STATUS_INDEX, code), pages.status_page(*intro)),
        (source_in(STATUS_HISTORY_FOLDER + "index.md", code), pages.history_index()),
    ]
    for month in model.months:
        outputs.append((source_in(month_url(month) + "index.md", code), pages.month_page(month)))
    if code != DEFAULT:  # the default language's post pages are the writers' files, rendered in on_page_markdown
        for post in model.posts:
            outputs.append((source_in(post_url(post.slug).rstrip("/") + ".md", code), pages.post_page(post)))
    feeds = StatusFeeds(model, _site_url(config), _site_name(config, code), pages.env, code)
    for component in model.config.status.components:
        base = component_url(component.id)
        outputs.append((source_in(base + "index.md", code), pages.component_page(component)))
        meta, entries = feeds.feed_meta(component), feeds.feed_entries(component)
        outputs.append((prefix + base + ATOM_NAME, render_atom(meta, entries)))
        outputs.append((prefix + base + RSS_NAME, render_rss(meta, entries)))
    meta, entries = feeds.feed_meta(), feeds.feed_entries()
    outputs.append((prefix + STATUS_ATOM, render_atom(meta, entries)))
    outputs.append((prefix + STATUS_RSS, render_rss(meta, entries)))
    outputs.append((prefix + MAINTENANCE_ICS, render_calendar(feeds.calendar_events(), name=feeds.calendar_name(),
                                                              timezone=model.tz)))
    outputs.append((prefix + STATUS_LIVE, render_live(pages)))  # what the language's banners read in the browser
    return outputs


def _add_head_links(state, code: str, pages: StatusPages) -> None:
    """Feed autodiscovery: a language's pages announce its feeds; a component's page its own feeds as well."""
    prefix, title = LANGUAGES[code].prefix, pages.labels.status_title
    in_language = functools.partial(_shown_in, code)
    state.head_links.append(HeadLink(prefix + STATUS_ATOM, "application/atom+xml", f"{title} (Atom)", in_language))
    state.head_links.append(HeadLink(prefix + STATUS_RSS, "application/rss+xml", f"{title} (RSS)", in_language))
    for component in pages.model.config.status.components:
        base = prefix + component_url(component.id)
        own = (lambda target: lambda url: url == target)(base)
        name = pages.component_name(component)
        state.head_links.append(HeadLink(base + ATOM_NAME, "application/atom+xml", f"{name} (Atom)", own))
        state.head_links.append(HeadLink(base + RSS_NAME, "application/rss+xml", f"{name} (RSS)", own))


def _shown_in(code: str, url: str) -> bool:
    return language_of_url(url) == code


def _summary(build: StatusBuild, page, key: str | None) -> str:
    """The status-summary marker's block, in the page's language."""
    return build.languages[language_of_url(page.url)].summary(page.url)


def _block(build: StatusBuild, page, key: str | None) -> str | None:
    """The generated HTML of a status page, in place of its ``status-block`` marker."""
    generated = build.generated.get(page.file.src_uri) if page is not None else None
    return generated.html if generated is not None else None


def on_page_markdown(markdown: str, page, config, files) -> str:
    state = get_state(config)
    if not state.has_part(StatusBuild) or not page.file.src_uri.startswith(STATUS_URL):
        return markdown
    build = state.part(StatusBuild)
    post = build.model.by_path.get(page.file.src_uri)
    if post is None:
        return markdown
    generated = build.pages.post_page(post)
    build.generated[post.path] = generated
    return generated.markdown
