"""MkDocs glue for the knowledge base: FAQ and Academy index pages, article blocks, related articles, news feeds, site search."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import AnchorLink

from hooks.core import pagefind
from hooks.core.content import NewsPost, site_uri
from hooks.core.feeds import render_atom, render_rss
from hooks.core.gitdates import load_git_dates
from hooks.core.knowledge import (
    FAQ_INDEX, NEWS_ATOM, NEWS_RSS, RELATED_MARK, KnowledgeBase, merge_chapters, news_feed,
)
from hooks.core.related import cached_related, related_pages
from hooks.core.search import documents_of
from hooks.glue import HeadLink, get_state

log = get_plugin_logger("knowledge")
SCRATCH_KEY = "knowledge"


def _kb(config) -> KnowledgeBase:
    return get_state(config).scratch[SCRATCH_KEY]["kb"]


def on_config(config):
    # A fresh KnowledgeBase per build (mkdocs serve keeps this module): dates, groupings and the related choice.
    state = get_state(config)
    project = state.project
    dates = load_git_dates(state.root, project.config.timezone)
    kb = KnowledgeBase(project, dates, project.config.site_url or config.site_url or "")
    kb.env.bytecode_cache = kb.md_env.bytecode_cache = state.template_cache()
    state.scratch[SCRATCH_KEY] = {"kb": kb, "generated": set(), "news_html": {}, "urls": {}, "chapters": {},
                                   "unfilled": []}
    if project.news:
        academy = lambda url: url.startswith("academy/")  # noqa: E731 - the predicate HeadLink expects
        title = f"{project.config.organisation.name} Akatemia: tuoteuutiset"
        state.head_links.append(HeadLink(NEWS_ATOM, "application/atom+xml", f"{title} (Atom)", academy))
        state.head_links.append(HeadLink(NEWS_RSS, "application/rss+xml", f"{title} (RSS)", academy))
    return config


def on_files(files: Files, config) -> Files:
    state = get_state(config)
    scratch = state.scratch[SCRATCH_KEY]
    # Started now, it indexes each page while MkDocs renders the next (issue 6). A build that fails leaves it
    # to be finalized with this build's state (see SearchIndexer).
    scratch["indexer"] = pagefind.SearchIndexer()
    existing = {f.src_uri for f in files}
    # The pages the search box finds (written pages, not generated lists or status posts): once the last of
    # them is built, Pagefind writes its index while MkDocs renders the rest.
    scratch["unindexed"] = {uri for uri in existing if scratch["kb"].searchable(uri)}
    for page in scratch["kb"].generated_pages(existing):
        files.append(File.generated(config, page.src_uri, content=page.markdown))
        scratch["generated"].add(page.src_uri)
    docs = documents_of(state.project)
    scratch["related"] = cached_related(state.root, docs)
    if scratch["related"] is None:
        # Not cached for these sources: choose in another process while MkDocs renders pages on this one
        # (issue 6: Whoosh costs seconds per 1,000 pages). spawn, not fork: `mkdocs serve` runs threads.
        groups = {d.path: d.team for d in state.project.faqs}
        groups.update({c.path: c.manual for m in state.project.manuals for c in m.chapters})
        executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        scratch["related_job"] = (executor, executor.submit(related_pages, state.root, docs, groups))
    return files


def _related_if_ready(scratch) -> dict | None:
    """The related-articles choice if it is known without waiting (cached, or the background job is done)."""
    if scratch["related"] is None and scratch["related_job"][1].done():
        _related(scratch)
    return scratch["related"]


def _related(scratch) -> dict:
    """The related-articles choice; waits for the background job the first time it is needed."""
    if scratch["related"] is None:
        executor, job = scratch.pop("related_job")
        try:
            scratch["related"] = job.result()
        finally:
            executor.shutdown()
    return scratch["related"]


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == FAQ_INDEX:
        return markdown.rstrip("\n") + "\n" + _kb(config).faq_index_markdown()
    return markdown


def on_page_content(html, page, config, files):
    state = get_state(config)
    scratch = state.scratch[SCRATCH_KEY]
    kb: KnowledgeBase = scratch["kb"]
    uri = page.file.src_uri
    doc = kb.by_uri.get(uri)
    if uri.startswith("status/") or (doc is None and uri not in scratch["generated"]):
        return html  # the status blog and other hooks' pages are theirs
    if isinstance(doc, NewsPost):
        scratch["news_html"][uri] = html
    if uri in kb.manual_of:
        scratch["chapters"][uri] = (html, page.toc)
    manual = kb.one_page_manual(uri) if uri in scratch["generated"] else None
    if manual is not None:
        html = _one_page_manual(page, html, [site_uri(c.path) for c in manual.chapters], scratch["chapters"])
    if not scratch["urls"]:  # once per build, not once per page (5,000 pages)
        scratch["urls"].update({f.src_uri: f.url for f in files.documentation_pages()})
    urls = scratch["urls"]
    html, head = kb.compose_page(uri, page.url, page.title or "", html, urls)
    state.add_head(page.url, head)
    if RELATED_MARK in html:
        related = _related_if_ready(scratch)
        if related is None:
            # Still being chosen in the worker (a cold build): rendering goes on, and on_post_build fills in
            # the list in the written file, so the two cores work side by side (issue 6).
            scratch["unfilled"].append((page.file.abs_dest_path, page.url, doc.path))
        else:
            html = kb.fill_related(html, page.url, related.get(doc.path, ()), urls)
    return html


def _one_page_manual(page, html: str, chapter_uris: list[str], rendered: dict) -> str:
    """Put the chapters' HTML into the one-page view and their headings into its table of contents."""
    # Generated files come after the sources in `files`, and MkDocs renders in that order.
    missing = [uri for uri in chapter_uris if uri not in rendered]
    if missing:
        raise PluginError(f"{page.file.src_uri}: the one-page view needs every chapter rendered in the same build, "
                          f"and these were not: {', '.join(missing)} (a --dirty build skips unchanged pages: "
                          "build without --dirty)")
    html, renamed = merge_chapters(html, [rendered[uri][0] for uri in chapter_uris])
    headings = [link for top in page.toc for link in top.children]  # the page's h1 holds one h2 per chapter
    for heading, uri, ids in zip(headings, chapter_uris, renamed):
        chapter_toc = rendered[uri][1]
        items = [item for top in chapter_toc for item in (top.children if top.level == 1 else [top])]
        heading.children = [_moved(item, ids) for item in items]
    return html


def _moved(link: AnchorLink, ids: dict[str, str]) -> AnchorLink:
    """A chapter's table-of-contents entry one level deeper, under its id in the one-page view."""
    moved = AnchorLink(link.title, ids.get(link.id, link.id), min(6, link.level + 1))
    moved.children = [_moved(child, ids) for child in link.children]
    return moved


@event_priority(-100)  # the final page, after every other hook changed it
def on_post_page(output, page, config):
    scratch = get_state(config).scratch[SCRATCH_KEY]
    indexer, unindexed = scratch["indexer"], scratch["unindexed"]
    try:
        if indexer.add(page.file.dest_uri, output) and unindexed:
            unindexed.discard(page.file.src_uri)
            if not unindexed:
                indexer.start_writing()
    except pagefind.PagefindError as error:
        raise PluginError(str(error)) from None
    return output


@event_priority(-90)  # after every hook wrote its HTML (priority 0), before site.py swaps staging in (-100)
def on_post_build(config):
    state = get_state(config)
    site_dir = Path(config.site_dir)
    scratch = state.scratch[SCRATCH_KEY]
    related = _related(scratch)  # a site without articles still finishes (and caches) the choice
    for path, url, doc_path in scratch["unfilled"]:
        written = Path(path)
        html = scratch["kb"].fill_related(written.read_bytes().decode("utf-8"), url, related.get(doc_path, ()),
                                          scratch["urls"])
        written.write_bytes(html.encode("utf-8"))
    log.debug("related articles filled into %d pages written before the choice was made", len(scratch["unfilled"]))
    _write_news_feeds(config, site_dir)
    with state.scratch[SCRATCH_KEY].pop("indexer") as indexer:
        try:
            indexed = indexer.write(site_dir)
        except pagefind.PagefindError as error:
            raise PluginError(str(error)) from None
    log.debug("pagefind indexed %d pages", indexed)


def _write_news_feeds(config, site_dir: Path) -> None:
    state = get_state(config)
    if not state.project.news:
        return
    site_url = state.project.config.site_url or config.site_url or ""
    meta, entries = news_feed(state.project, site_url, state.scratch[SCRATCH_KEY]["news_html"])
    (site_dir / NEWS_ATOM).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / NEWS_ATOM).write_bytes(render_atom(meta, entries))
    (site_dir / NEWS_RSS).write_bytes(render_rss(meta, entries))
