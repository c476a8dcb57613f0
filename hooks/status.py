"""MkDocs glue for the status blog: status pages, feeds and the Statuspage-compatible API."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

from mkdocs.structure.files import File, Files

from hooks.core.feeds import render_atom, render_rss
from hooks.core.ics import render_calendar
from hooks.core.statusapi import api_files
from hooks.core.statusfeeds import StatusFeeds
from hooks.core.statuslive import banner, render_live
from hooks.core.statusmodel import StatusModel
from hooks.core.statuspage import GeneratedPage, StatusPages
from hooks.core.urlmap import (
    API_V2_FOLDERS, ATOM_NAME, MAINTENANCE_ICS, RSS_NAME, STATUS_ATOM, STATUS_HISTORY_FOLDER, STATUS_INDEX,
    STATUS_LIVE, STATUS_RSS, STATUS_URL, component_url, month_url,
)
from hooks.glue import HeadLink, get_state

LANGUAGE = "fi"  # the status blog's words (hooks/core/statuslabels.py); the site is written in Finnish


@dataclass
class StatusBuild:
    """This module's state for one build: the model, its HTML pages, and each generated page by source URI."""

    model: StatusModel
    pages: StatusPages
    generated: dict[str, GeneratedPage] = field(default_factory=dict)


def _make(config) -> StatusBuild:
    state = get_state(config)
    model = StatusModel(state.project.config, state.project.posts, state.now)
    pages = StatusPages(model, LANGUAGE, _site_url(config), config.site_name)
    pages.env.bytecode_cache = state.template_cache()
    return StatusBuild(model, pages)


def _site_url(config) -> str:
    return get_state(config).project.config.site_url or config.site_url or ""


def _intro(config, default_title: str) -> tuple[str, str, str | None]:
    """The title, body and description of ``status/index.md`` when the writer has one: it becomes the page's intro."""
    page = next((p for p in get_state(config).project.pages if p.path == STATUS_INDEX), None)
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
        get_state(config).part(StatusBuild).generated[path] = content
        content = content.markdown
    files.append(File.generated(config, path, content=content))


def on_files(files: Files, config) -> Files:
    state = get_state(config)
    if not state.project.posts and not any(p.path == STATUS_INDEX for p in state.project.pages):
        return files  # a site without a status/ blog gets no status pages, feeds or banner
    build = state.part(StatusBuild, lambda: _make(config))
    model, pages = build.model, build.pages
    shown = {p.path for p in model.posts}
    for post in state.project.posts:
        if post.path not in shown:  # written ahead of time: published when its first update is due
            files.remove(files.get_file_from_path(post.path))
    _add(files, config, STATUS_INDEX, pages.status_page(*_intro(config, pages.labels.status_title)))
    _add(files, config, STATUS_HISTORY_FOLDER + "index.md", pages.history_index())
    for month in model.months:
        _add(files, config, month_url(month) + "index.md", pages.month_page(month))
    feeds = StatusFeeds(model, _site_url(config), config.site_name, pages.env, LANGUAGE)
    for component in model.config.status.components:
        base = component_url(component.id)
        _add(files, config, base + "index.md", pages.component_page(component))
        meta, entries = feeds.feed_meta(component), feeds.feed_entries(component)
        _add(files, config, base + ATOM_NAME, render_atom(meta, entries))
        _add(files, config, base + RSS_NAME, render_rss(meta, entries))
    meta, entries = feeds.feed_meta(), feeds.feed_entries()
    _add(files, config, STATUS_ATOM, render_atom(meta, entries))
    _add(files, config, STATUS_RSS, render_rss(meta, entries))
    _add(files, config, MAINTENANCE_ICS, render_calendar(feeds.calendar_events(), name=feeds.calendar_name(),
                                                         timezone=model.tz))
    for path, value in api_files(model, _site_url(config), config.site_name, LANGUAGE).items():
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for folder in API_V2_FOLDERS:  # one text, the same bytes at each address (hooks/core/urlmap.py says why)
            _add(files, config, folder + path, text)
    _add(files, config, STATUS_LIVE, render_live(pages))  # what every page's banner reads in the browser

    status_title = pages.labels.status_title
    state.head_links.append(HeadLink(STATUS_ATOM, "application/atom+xml", f"{status_title} (Atom)"))
    state.head_links.append(HeadLink(STATUS_RSS, "application/rss+xml", f"{status_title} (RSS)"))
    for component in model.config.status.components:
        base = component_url(component.id)
        own = (lambda target: lambda url: url == target)(base)
        state.head_links.append(HeadLink(base + ATOM_NAME, "application/atom+xml", f"{component.name} (Atom)", own))
        state.head_links.append(HeadLink(base + RSS_NAME, "application/rss+xml", f"{component.name} (RSS)", own))
    # The banner is the same on every page but for the way back to the root: rendered once per depth.
    state.announcement = functools.lru_cache(maxsize=None)(functools.partial(banner, pages))
    state.fill_markers("status-summary", lambda page, key: pages.summary(page.url))
    state.fill_markers("status-block", functools.partial(_block, build))
    return files


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
