"""MkDocs glue for the status blog: status pages, feeds and the Statuspage-compatible API."""

from __future__ import annotations

import functools
import json

from mkdocs.structure.files import File, Files

from hooks.core.feeds import render_atom, render_rss
from hooks.core.ics import render_calendar
from hooks.core.statusapi import api_files
from hooks.core.statuspage import GeneratedPage, StatusSite, component_url
from hooks.glue import HeadLink, get_state

INDEX = "status/index.md"


def _site(config) -> StatusSite:
    state = get_state(config)
    project = state.project
    site = StatusSite(project.config, project.posts, state.now, project.config.site_url or config.site_url or "",
                      config.site_name)
    site.env.bytecode_cache = state.template_cache()
    return site


def _intro(config) -> tuple[str, str, str | None]:
    """The title, body and description of ``status/index.md`` when the writer has one: it becomes the page's intro."""
    page = next((p for p in get_state(config).project.pages if p.path == INDEX), None)
    if page is None:
        return "Palvelun tila", "", None
    title, lines = page.title or "Palvelun tila", page.body.strip().splitlines()
    if lines and lines[0].startswith("# "):
        title, lines = (page.title or lines[0][2:].strip()), lines[1:]
    return title, "\n".join(lines), page.description


def _add(files: Files, config, path: str, content: str | bytes | GeneratedPage) -> None:
    old = files.get_file_from_path(path)
    if old is not None:
        files.remove(old)
    if isinstance(content, GeneratedPage):
        get_state(config).scratch["status_pages"][path] = content
        content = content.markdown
    files.append(File.generated(config, path, content=content))


def on_files(files: Files, config) -> Files:
    state = get_state(config)
    if not state.project.posts and not any(p.path == INDEX for p in state.project.pages):
        return files  # a site without a status/ blog gets no status pages, feeds or banner
    site = _site(config)
    state.scratch["status"] = site
    state.scratch["status_pages"] = {}
    shown = {p.path for p in site.posts}
    for post in state.project.posts:
        if post.path not in shown:  # written ahead of time: published when its first update is due
            files.remove(files.get_file_from_path(post.path))
    title, intro, description = _intro(config)
    _add(files, config, INDEX, site.status_page(title, intro, description))
    _add(files, config, "status/history/index.md", site.history_index())
    for month, posts in site.months().items():
        _add(files, config, f"status/history/{month}/index.md", site.month_page(month, posts))
    for component in site.config.status.components:
        base = component_url(component.id)
        _add(files, config, base + "index.md", site.component_page(component))
        meta, entries = site.feed_meta(component), site.feed_entries(component)
        _add(files, config, base + "history.atom", render_atom(meta, entries))
        _add(files, config, base + "history.rss", render_rss(meta, entries))
    meta, entries = site.feed_meta(), site.feed_entries()
    _add(files, config, "status/history.atom", render_atom(meta, entries))
    _add(files, config, "status/history.rss", render_rss(meta, entries))
    _add(files, config, "status/maintenance.ics",
         render_calendar(site.calendar_events(), name=f"{config.site_name}: huoltokatkot").encode("utf-8"))
    for path, value in api_files(site).items():
        _add(files, config, "status/api/v2/" + path, json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n")

    state.head_links.append(HeadLink("status/history.atom", "application/atom+xml", "Palvelun tila (Atom)"))
    state.head_links.append(HeadLink("status/history.rss", "application/rss+xml", "Palvelun tila (RSS)"))
    for component in site.config.status.components:
        base = component_url(component.id)
        own = (lambda target: lambda url: url == target)(base)
        state.head_links.append(HeadLink(base + "history.atom", "application/atom+xml", f"{component.name} (Atom)", own))
        state.head_links.append(HeadLink(base + "history.rss", "application/rss+xml", f"{component.name} (RSS)", own))
    # The banner is the same on every page but for the way back to the root: rendered once per depth.
    state.announcement = functools.lru_cache(maxsize=None)(site.announcement)
    state.fill_markers("status-summary", lambda page, key: site.summary(page.url))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    site: StatusSite | None = get_state(config).scratch.get("status")
    if site is None:
        return markdown
    if not page.file.src_uri.startswith("status/"):
        return markdown
    post = site.by_path.get(page.file.src_uri)
    if post is None:
        return markdown
    generated = site.post_page(post)
    get_state(config).scratch["status_pages"][post.path] = generated
    return generated.markdown


def on_page_content(html: str, page, config, files) -> str:
    generated = get_state(config).scratch.get("status_pages", {}).get(page.file.src_uri)
    return generated.content(html) if generated else html

