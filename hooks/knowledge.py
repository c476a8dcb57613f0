"""MkDocs glue for the knowledge base: FAQ and Academy index pages, article blocks, related articles, news feeds, site search."""

from __future__ import annotations

import functools
import multiprocessing
import os
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import AnchorLink

from hooks.core import markers, pagefind, rebuild, sitedir
from hooks.core.content import NewsPost, code_version, site_uri
from hooks.core.feeds import render_atom, render_rss
from hooks.core.forked import BACKGROUND_NICENESS, Following, Forked
from hooks.core.gitdates import load_git_dates
from hooks.core.knowledgeblocks import PageBlocks
from hooks.core.knowledgemodel import KnowledgeBase
from hooks.core.knowledgepages import ONLY_LISTED, KnowledgePages
from hooks.core.languages import DEFAULT, TRANSLATIONS, language_of, published_uri, url_in
from hooks.core.memo import CACHE_FOLDER
from hooks.core.newsfeed import news_feed, news_feed_paths, news_feed_title
from hooks.core.onepage import merge_chapters
from hooks.core.related import RELATED_CACHE, cached_related, related_of_analysed, related_pages, related_ready
from hooks.core.search import Analyses, SearchDoc, documents_of, site_lexicons
from hooks.core.searchdocs import AnalysedDoc
from hooks.core.textanalysis import AnalyserMissing, analysers_version, shared_analyser
from hooks.core.urlmap import FAQ_INDEX, STATUS_URL
from hooks.glue import BuildState, HeadLink, get_state, processes

log = get_plugin_logger("knowledge")
Related = dict[str, tuple[str, ...]]  # source path → the paths of its related articles


@dataclass
class RenderedChapter:
    """A chapter as MkDocs rendered it: its HTML and table of contents, for its manual's one-page view."""

    html: str
    toc: Any


@dataclass(frozen=True)
class Knowledge:
    """The knowledge base in one language: its model, its generated pages and its pages' blocks."""

    kb: KnowledgeBase
    pages: KnowledgePages
    blocks: PageBlocks


@dataclass
class KnowledgeBuild:
    """This module's state for one build (``mkdocs serve`` makes a new one for every rebuild)."""

    languages: dict[str, Knowledge]  # by language code, the default language first
    generated: set[str] = field(default_factory=set)  # source URIs of the pages generated here
    page_urls: dict[str, str] = field(default_factory=dict)  # every page's src_uri → url, known from the first page
    news_html: dict[str, str] = field(default_factory=dict)  # news posts' rendered HTML by source URI, for the feeds
    chapters: dict[str, RenderedChapter] = field(default_factory=dict)  # by source URI
    one_page_chapters: dict[str, list[str]] = field(default_factory=dict)  # a one-page view's chapters, by its URI
    indexer: pagefind.SearchIndexer | None = None  # None when the last build's index stands
    search_answer: dict | None = None  # Pagefind's files, when they had come by the time pages were rendered
    search_written: bool = False  # the process that rendered half of the pages (hooks/site.py) wrote them
    # Makes the search records, until it is known whether the build indexes them.
    records: Callable[[], list[tuple[str, pagefind.Record]]] | None = None
    search_docs: dict[str, SearchDoc] = field(default_factory=dict)  # searchable pages by source URI
    analysing: list[SearchDoc] | None = None  # those whose analyses are still to be taken (_take_analyses)
    records_later: Callable[[], list[tuple[str, pagefind.Record]]] | None = None  # indexed once they are
    analyses: Analyses | None = None  # the searchable pages' analyses, made once (or kept from the last build)
    related: Related | None = None  # the related-articles choice, once known
    related_job: tuple[ProcessPoolExecutor | None, Future | Forked | Following] | None = None  # choosing it elsewhere
    related_worker: ProcessPoolExecutor | None = None  # the preview's choice: its process
    related_next: Future | None = None  # the preview's choice, being made beside the build
    index_key: str | None = None  # a whole build's: what its search index is made from (pagefind.index_key)
    kept_index: str | None = None  # the fingerprint of the published index this whole build takes (on_nav links it)
    kept_copy: sitedir.StagedCopy | None = None  # linking it into the staging folder
    kept_records: Callable[[], list[tuple[str, pagefind.Record]]] | None = None  # if it cannot be linked after all
    unfilled: list[tuple[Path, Any]] = field(default_factory=list)  # written pages still to get their related list

    @property
    def kb(self) -> KnowledgeBase:
        """The default language's model (its ``by_uri`` knows every language's documents)."""
        return self.languages[DEFAULT].kb

    def of(self, uri: str) -> Knowledge:
        """The knowledge base in the language of the page ``uri``."""
        return self.languages.get(language_of(uri)) or self.languages[DEFAULT]

    def related_groups(self) -> dict[str, str]:
        return {path: group for part in self.languages.values() for path, group in part.kb.related_groups().items()}


SEARCH_FIRST_FROM = 3_000  # pages: a larger build waits for Pagefind's answer before it forks (on_env)
SEARCH_PRODUCT = ".search"  # the search index's inputs, kept among the pages' products for the next build
RELATED_PRODUCT = ".related"  # the related-articles choice the pages show
# pages: up to this many, a whole build forks its related-articles choice. A fork is a copy of the build, counted
# again in the sum of resident sets, and at 5,000 pages it comes while Pagefind holds its index; a larger build
# starts a worker of its own (as the preview does), whose memory is only what the choice needs.
RELATED_FORK_UP_TO = 3_000


def _build(config) -> KnowledgeBuild:
    return get_state(config).part(KnowledgeBuild)


def on_config(config):
    # A fresh model and renderers per build: dates, groupings and the related choice belong to one build.
    state = get_state(config)
    project = state.project

    def make() -> KnowledgeBuild:
        dates = load_git_dates(state.root, project.config.timezone)
        languages = {}
        for code in (DEFAULT, *TRANSLATIONS):  # a language without documents generates nothing
            kb = KnowledgeBase(project.in_language(code), dates)
            part = Knowledge(kb, KnowledgePages(kb), PageBlocks(kb, project.config.site_url or config.site_url or ""))
            part.pages.env.bytecode_cache = part.blocks.env.bytecode_cache = state.template_cache()
            languages[code] = part
        return KnowledgeBuild(languages)

    build = state.part(KnowledgeBuild, make)
    ahead, state.analyses_ahead = state.analyses_ahead, None  # forked by hooks/site.py, the translations opened
    if state.scope is None and processes(state, len(state.project.documents())) > 1:
        # A whole build's analyses for search begin now: the share of a second process (a fresh clone's build) runs
        # beside what the hooks do until on_files needs them. The preview (one process) makes none here.
        build.analyses = Analyses(state.root)
        searchable = _searchable(state.project)
        # The process forked ahead (a fresh clone's build) analyses every page and goes on to the related-articles
        # choice: both are made before MkDocs' page loop, which then has the second core to itself.
        choose = functools.partial(related_of_analysed, state.root, searchable, build.related_groups())
        try:
            build.analyses.start(searchable, 2, ahead, then=choose)
        except AnalyserMissing as error:
            raise PluginError(str(error)) from None
    elif ahead is not None:
        ahead.cancel()
    state.fill_markers("links", functools.partial(_links_html, build))
    state.fill_markers("chapter", functools.partial(_chapter_html, build, state))
    state.fill_markers("related", functools.partial(_related_html, build))
    for code, part in build.languages.items():
        if not part.kb.news:
            continue  # no feeds in a language without news of its own
        academy = functools.partial(_in_folder, url_in("academy/", code))
        title = news_feed_title(project.config.organisation.name, code)
        atom, rss = news_feed_paths(code)
        state.head_links.append(HeadLink(atom, "application/atom+xml", f"{title} (Atom)", academy))
        state.head_links.append(HeadLink(rss, "application/rss+xml", f"{title} (RSS)", academy))
    return config


def _in_folder(folder: str, url: str) -> bool:
    """Whether the page at ``url`` is in ``folder``: the pages a feed's autodiscovery link goes on."""
    return url.startswith(folder)


def on_files(files: Files, config) -> Files:
    state = get_state(config)
    build = _build(config)
    existing = {f.src_uri for f in files}
    for part in build.languages.values():
        # A translation's pages are `.sv.md` source URIs: hooks/i18n.py publishes them in its folder (sv/…).
        for page in part.pages.generated_pages(existing, rendered=state.scope is None):
            files.append(File.generated(config, page.src_uri, content=page.markdown))
            build.generated.add(page.src_uri)
    if state.scope is not None:
        # The status blog's outputs only: the lists are there for the sitemap and the links, unrendered; no search
        # is made.
        return files
    # What the pages show beyond their own source (hooks/core/rebuild.py): a page its date of last change, the
    # lists every article's date, a one-page manual its chapters.
    dates = [(doc.path, str(build.kb.updated_of(doc))) for doc in state.project.documents()]
    for path, date in dates:
        state.page_inputs.setdefault(site_uri(path), []).append(date)
    # Not the status posts': no list of this module shows them (hooks/status.py compares its own pages).
    state.site_inputs.append([(path, date) for path, date in dates if not path.startswith(STATUS_URL)])
    for uri, manual in (view for part in build.languages.values() for view in part.kb.one_page_views()):
        state.page_inputs.setdefault(uri, []).append([chapter.body for chapter in manual.chapters])
    if rebuild.MEMORY.dirty:  # what a partial build compares page by page (hooks/site.py: _inputs)
        for part in build.languages.values():
            for uri, shown in part.pages.shown_of_others(existing).items():
                state.page_inputs.setdefault(uri, []).extend(shown)
        state.listed_only.update(doc.path for doc in state.project.documents() if isinstance(doc, ONLY_LISTED))
    searchable = _searchable(state.project)
    build.search_docs = {uri: doc for doc in searchable if (uri := site_uri(doc.path)) in existing}
    # Related articles for every language's pages in one job; each list keeps to its page's language
    # (related.related_pages), so a Swedish article lists Swedish pages only.
    build.related = cached_related(state.root, searchable)
    preview_choice = build.related is None and state.last is not None and rebuild.MEMORY.dirty
    if preview_choice:
        # The preview does not wait seconds for it: the last choice stands in, the new one is made beside this
        # build, and when it is cached (in the folder on_serve watches) the preview fills in the lists that changed.
        last_choice = state.last_product(RELATED_PRODUCT, "choice")
        if last_choice is not None:  # of the pages that are still there: one may have been deleted
            known = {doc.path for doc in searchable}
            build.related = {path: tuple(p for p in chosen if p in known)
                             for path, chosen in last_choice.items() if path in known}
        # Its process starts now and imports what it needs (a fifth of a second) while the pages are analysed.
        build.related_worker = _related_executor()
        build.related_worker.submit(related_ready)
    build.analyses = build.analyses or Analyses(state.root)
    build.analysing = list(build.search_docs.values())
    if not build.analyses.coming():  # else taken once they have come (_take_analyses): the pages are read meanwhile
        _take_analyses(build, processes(state, len(files.documentation_pages())))
    if preview_choice:
        # From the analyses just made, saved for it first, on the other core while this process renders the
        # edited pages (the preview's build uses one): begun once the build was done, the lists came half a second
        # later.
        build.analyses.save()
        build.related_next = build.related_worker.submit(related_pages, state.root, searchable,
                                                         build.related_groups())
    # A page's search record comes from its sources, not from its HTML: all are sent once the pages are analysed
    # (now, or as soon as the process forked ahead has analysed them), and Pagefind builds its index in its own
    # process while this one renders every page. A partial build whose records are those of the
    # last build keeps the search index it started from (the status blog is not searched: its posts change often).
    # The records are decided by each page's source (its analysis is made from it) and where it is written: a
    # partial build compares those with the last build's, and makes records only to index them.
    placed = [(uri, _record_path(files, config, uri)) for uri in sorted(build.search_docs)]
    records = functools.partial(_records, build, placed)
    chosen_ahead = build.analyses.following(functools.partial(related_pages, state.root, searchable,
                                                              build.related_groups(), build.analyses))
    if chosen_ahead is not None and build.related is not None:
        chosen_ahead.cancel()
    elif chosen_ahead is not None:
        build.related_job = (None, chosen_ahead)  # begun in on_config (the process forked ahead)
    elif build.related is None:
        # Not cached for these sources: choose in another process while MkDocs renders pages on this one, from the
        # analyses just made. A whole build forks it, with the analyses in its memory; the preview, whose server
        # runs threads, and a build past RELATED_FORK_UP_TO pages start a worker that reads them from .cache/,
        # where they are saved for it first.
        build.analyses.save()
        pages = len(files.documentation_pages())
        if processes(state, pages) > 1 and pages <= RELATED_FORK_UP_TO:
            build.related_job = (None, Forked(functools.partial(related_pages, state.root, searchable,
                                                                build.related_groups(), build.analyses)))
        else:
            executor = _related_executor()
            build.related_job = (executor, executor.submit(related_pages, state.root, searchable,
                                                           build.related_groups()))
    search = rebuild.digest([(uri, path, build.search_docs[uri].digest()) for uri, path in placed],
                            state.project.synonyms)
    state.keep_product(SEARCH_PRODUCT, "digest", search)
    if state.last is not None and state.last_product(SEARCH_PRODUCT, "digest") == search:
        build.records = records  # in case site.py's plan (on_nav) makes this a full build after all
        return files
    if state.last is None:
        # A whole build of the searchable pages the published site's index was made from (recorded in .cache/ by
        # the whole build that wrote it) links that index (on_nav) instead of making it again: Pagefind and the
        # lexicons' files are a second of a 300-page build, and the same pages give the same bytes.
        build.index_key = pagefind.index_key(search, code_version(), analysers_version())
        build.kept_index = pagefind.recorded_index(state.root / CACHE_FOLDER, Path(state.final_site_dir),
                                                   build.index_key)
        if build.kept_index is not None:
            build.records = None
            build.kept_records = records
            return files
    if build.analysing is None:
        _start_indexer(build, records())
    else:
        build.records_later = records  # sent to Pagefind with the analyses (_take_analyses)
    return files


def _take_analyses(build: KnowledgeBuild, processes: int = 1, wait: bool = True) -> None:
    """The searchable pages analysed (with ``processes``; those of the process forked ahead taken, unless ``wait``
    is false and they have not come yet), and the search records of a whole build made from them sent to Pagefind."""
    if build.analysing is None or not (wait or build.analyses.arrived()):
        return
    docs, build.analysing = build.analysing, None
    try:
        build.analyses.analyse(docs, processes)
    except AnalyserMissing as error:
        raise PluginError(str(error)) from None
    if build.records_later is not None:
        records, build.records_later = build.records_later, None
        _start_indexer(build, records())


def _searchable(project) -> list[SearchDoc]:
    """The pages both search engines find (search.documents_of: written pages, not generated lists or status posts),
    in every language: each language's pages go to its own Pagefind index and lexicon."""
    return documents_of(project) + [d for code in TRANSLATIONS for d in documents_of(project.in_language(code))]


def _records(build: KnowledgeBuild, placed: list[tuple[str, str]]) -> list[tuple[str, pagefind.Record]]:
    """The search record of each searchable page (by source URI) with where it is written."""
    made = pagefind.RECORDS
    made.forget({uri for uri, _ in placed})
    return [(path, made.get(uri, (build.search_docs[uri].digest(), language_of(uri)),
                            functools.partial(_record, build, uri))) for uri, path in placed]


def _record(build: KnowledgeBuild, uri: str) -> pagefind.Record:
    """The page's search record, made from its analysis."""
    return pagefind.record_of(_analysed(build, uri), language_of(uri))


def _record_path(files: Files, config, uri: str) -> str:
    """Where a searchable page is written: a translation in its language's folder (``sv/ukk/a/index.html``), as
    hooks/i18n.py publishes it after this hook's on_files."""
    if language_of(uri) == DEFAULT:
        return files.get_file_from_path(uri).dest_uri
    return File(published_uri(uri), None, config.site_dir, config.use_directory_urls).dest_uri


def _start_indexer(build: KnowledgeBuild, records: list[tuple[str, pagefind.Record]]) -> None:
    # A build that fails leaves the indexer to be finalized with this build's state (see SearchIndexer).
    build.indexer = pagefind.SearchIndexer()
    try:
        for path, record in records:
            build.indexer.add(path, record)
        build.indexer.start_writing()
    except pagefind.PagefindError as error:
        raise PluginError(str(error)) from None


def on_serve(server, config, builder):
    # A related-articles choice made in the background (see on_files) asks the server for the build that shows it
    # as soon as it is made: what MkDocs 1.6's server does when its watcher sees a change, without the watcher's
    # half-second poll. A server without that (another MkDocs) watches the choice's folder of .cache/ instead.
    if hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild"):
        rebuild.MEMORY.wake = functools.partial(_wake, server)
        return server
    folder = get_state(config).root / RELATED_CACHE
    folder.parent.mkdir(parents=True, exist_ok=True)
    server.watch(str(folder.parent))
    return server


def _wake(server) -> None:
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def on_nav(nav, config, files):
    # After site.py planned the build (priority 100), before any page is rendered: a partial build skips
    # unchanged pages, and what their rendering gave the last build stands in for it.
    state = get_state(config)
    build = _build(config)
    if state.plan.pages is None and build.records is not None:
        _start_indexer(build, build.records())  # a full build starts from an empty folder: the index is made anew
    build.records = None
    if build.kept_index is not None:  # the staging folder is empty now (site.py, a whole build): linked beside the build
        staging = Path(config.site_dir)
        staging.mkdir(parents=True, exist_ok=True)
        build.kept_copy = sitedir.StagedCopy(Path(state.final_site_dir) / pagefind.OUTPUT_SUBDIR,
                                             staging / pagefind.OUTPUT_SUBDIR)
    build.page_urls.update({f.src_uri: f.url for f in files.documentation_pages()})
    # The pages a second process rendered (hooks/site.py) whose related list is still to fill, filled here.
    state.hand_back(lambda: [page.file.src_uri for _, page in build.unfilled],
                    lambda uris: build.unfilled.extend((Path(f.abs_dest_path), f.page)
                                                       for f in map(files.get_file_from_path, uris)))
    # That process writes Pagefind's files too, once its pages are rendered, when they have come (on_env): it
    # finishes its pages before this one, which has every page's hooks to run.
    state.hand_back(functools.partial(_write_search_files, build, Path(config.site_dir)),
                    functools.partial(_search_files_written, build))
    for file in files.documentation_pages():
        if not state.plan.renders(file.src_uri):
            if (chapter := state.last_product(file.src_uri, "chapter")) is not None:
                build.chapters[file.src_uri] = chapter
            if (html := state.last_product(file.src_uri, "news_html")) is not None:
                build.news_html[file.src_uri] = html
    return nav


@event_priority(-95)  # every page is read; hooks/site.py forks the process rendering half of them next (-100)
def on_env(env, config, files):
    build = _build(config)
    _take_analyses(build)  # at the latest before the page-rendering process is forked
    if build.related_job is not None:
        # A choice made by now is inherited by that process, whose pages' related lists are then filled as they
        # are rendered, not written again at the build's end (about 420 of them at 1,000 pages)
        _related_if_ready(build)
    if build.indexer is not None:
        # A large build waits for Pagefind's answer (it then exits) before hooks/site.py forks the process that
        # renders half of the templates, a copy of this one: at 5,000 pages, with the Markdown taken from .cache/,
        # the fork came while Pagefind still held its index (440 MiB), and the three passed 1 GiB together.
        wait = len(files.documentation_pages()) > SEARCH_FIRST_FROM
        build.search_answer = build.indexer.answered(wait=wait)  # plain data, which a forked process can write
    return env


def _write_search_files(build: KnowledgeBuild, site_dir: Path) -> dict[str, str] | None:
    """In the process rendering half of the pages: Pagefind's files written, if they had come when it started;
    the pages' ids in the index, which the lexicon needs (None: this build's process writes them)."""
    if build.indexer is None or build.search_answer is None:
        return None
    try:
        build.indexer.write_answer(site_dir, build.search_answer)
    except (pagefind.PagefindError, OSError):
        return None  # said by this build's process, which writes them again
    return build.indexer.page_ids


def _search_files_written(build: KnowledgeBuild, page_ids: dict[str, str] | None) -> None:
    if page_ids is not None and build.indexer is not None:
        build.indexer.page_ids = page_ids
        build.search_written = True


def _related_if_ready(build: KnowledgeBuild) -> Related | None:
    """The related-articles choice if it is known without waiting (cached, or the background job is done)."""
    if build.related is None and build.related_job[1].done():
        _related(build)
    return build.related


def _related(build: KnowledgeBuild) -> Related:
    """The related-articles choice; waits for the background job the first time it is needed."""
    if build.related is None:
        executor, job = build.related_job
        build.related_job = None
        try:
            build.related = job.result()
        finally:
            if executor is not None:
                executor.shutdown()
    return build.related


def on_page_markdown(markdown, page, config, files):
    part = _build(config).of(page.file.src_uri)
    if page.file.src_uri == part.kb.uri(FAQ_INDEX):
        return markdown.rstrip("\n") + "\n" + part.pages.faq_index_markdown()
    return markdown


def on_page_content(html, page, config, files):
    state = get_state(config)
    build = _build(config)
    _take_analyses(build, wait=False)  # as soon as the process forked ahead has made them: Pagefind starts then
    uri = page.file.src_uri
    part = build.of(uri)
    kb = part.kb
    doc = kb.by_uri.get(uri)
    if uri.startswith("status/") or (doc is None and uri not in build.generated):
        return html  # the status blog and other hooks' pages are theirs
    if isinstance(doc, NewsPost):
        build.news_html[uri] = html
        state.keep_product(uri, "news_html", html)
    if uri in kb.manual_of:
        build.chapters[uri] = RenderedChapter(html, page.toc)
        state.keep_product(uri, "chapter", build.chapters[uri])
    manual = kb.one_page_manual(uri) if uri in build.generated else None
    if manual is not None:
        _one_page_manual(build, page, html, [site_uri(c.path) for c in manual.chapters])
    if not build.page_urls:  # once per build, not once per page (5,000 pages)
        build.page_urls.update({f.src_uri: f.url for f in files.documentation_pages()})
    html, head = part.blocks.compose(uri, page.url, page.title or "", html, build.page_urls)
    state.add_head(page.url, head)
    return html


def _links_html(build: KnowledgeBuild, page, key: str | None) -> str | None:
    """A generated link list of the page (its ``links`` marker)."""
    part = build.of(page.file.src_uri)
    lists = part.pages.link_lists.get(page.file.src_uri)
    return None if lists is None else part.blocks.link_list(lists[int(key)], page.url, build.page_urls)


def _chapter_html(build: KnowledgeBuild, state, page, key: str | None) -> str | None:
    """A chapter of the one-page view (its ``chapter`` marker), its own markers filled as on the chapter's page."""
    chapters = build.one_page_chapters.get(page.file.src_uri)
    return None if chapters is None else markers.fill(chapters[int(key)], state.fillers_for(page))


def _related_html(build: KnowledgeBuild, page, key: str | None) -> str | None:
    """The article's related-articles list (its ``related`` marker); None while the choice is still being made.

    Rendering then goes on, and on_post_build fills the list into the written file, so the two cores work side
    by side. Either way the bytes are the same."""
    # Not in a --dirty session: the page is kept unfilled for the next partial build. The process that renders half
    # of the pages (hooks/site.py) takes a choice known when it started and never waits for the worker, which
    # belongs to the build's process.
    if rebuild.MEMORY.dirty:
        related = None
    else:
        related = build.related if rebuild.MEMORY.is_helper else _related_if_ready(build)
    if related is None:
        return None
    part = build.of(page.file.src_uri)
    doc = part.kb.by_uri[page.file.src_uri]
    return part.blocks.related_list(page.url, related.get(doc.path, ()), build.page_urls)


def _one_page_manual(build: KnowledgeBuild, page, html: str, chapter_uris: list[str]) -> None:
    """Keep the chapters' HTML for the one-page view's markers, and put their headings into its table of contents."""
    # Generated files come after the sources in `files`, and MkDocs renders in that order.
    missing = [uri for uri in chapter_uris if uri not in build.chapters]
    if missing:
        raise PluginError(f"{page.file.src_uri}: the one-page view needs every chapter rendered in the same build, "
                          f"and these were not: {', '.join(missing)} (a --dirty build skips unchanged pages: "
                          "build without --dirty)")
    merged, renamed = merge_chapters(html, [build.chapters[uri].html for uri in chapter_uris])
    build.one_page_chapters[page.file.src_uri] = merged
    headings = [link for top in page.toc for link in top.children]  # the page's h1 holds one h2 per chapter
    for heading, uri, ids in zip(headings, chapter_uris, renamed):
        items = [item for top in build.chapters[uri].toc for item in (top.children if top.level == 1 else [top])]
        heading.children = [_moved(item, ids) for item in items]


def _moved(link: AnchorLink, ids: dict[str, str]) -> AnchorLink:
    """A chapter's table-of-contents entry one level deeper, under its id in the one-page view."""
    moved = AnchorLink(link.title, ids.get(link.id, link.id), min(6, link.level + 1))
    moved.children = [_moved(child, ids) for child in link.children]
    return moved


@event_priority(-100)  # the final page: after site.py filled its markers (-90)
def on_post_page(output, page, config):
    build = _build(config)
    output = markers.strip_delimiters(output)
    if markers.mark("related") in output:
        build.unfilled.append((Path(page.file.abs_dest_path), page))  # see _related_html
        if rebuild.MEMORY.dirty:
            get_state(config).keep_product(page.file.src_uri, "unfilled", (page.file.dest_uri, output))
    return output


def _analysed(build: KnowledgeBuild, uri: str) -> AnalysedDoc:
    try:
        return build.analyses.of(build.search_docs[uri])
    except AnalyserMissing as error:
        raise PluginError(str(error)) from None


@event_priority(-90)  # after every hook wrote its HTML (priority 0), before site.py swaps staging in (-100)
def on_post_build(config):
    state = get_state(config)
    if state.scope is not None:
        return
    build = _build(config)
    site_dir = Path(config.site_dir)
    writing = _search_files_ahead(state, build, site_dir)
    related = _related(build)  # a site without articles still finishes (and caches) the choice
    state.keep_product(RELATED_PRODUCT, "choice", related)
    for written, page in build.unfilled:
        shown = _related_list(build, page)
        state.keep_product(page.file.src_uri, "related", shown)
        written.write_bytes(markers.fill(written.read_bytes().decode("utf-8"), {"related": lambda key: shown})
                            .encode("utf-8"))
    log.debug("related articles filled into %d pages written before the choice was made", len(build.unfilled))
    if state.last is not None:
        _refill_skipped(state, build, related, site_dir)
    _write_news_feeds(build, state.project.config.site_url or config.site_url or "", site_dir)
    if build.kept_index is not None and not _take_kept_index(build, site_dir):
        _start_indexer(build, build.kept_records())  # the published index changed or went while this build ran
    if build.indexer is None:
        build.analyses.save()
        _wake_when_chosen(build)
        return  # the search index of the last build stands: no record changed
    # The lexicon is made while Pagefind, in its own process, still builds its index.
    analysed = [_analysed(build, uri) for uri in sorted(build.search_docs)]
    build.analyses.save()  # the next build analyses only what changed
    lexicons = functools.partial(site_lexicons, state.root, state.project.synonyms, analysed, shared_analyser())
    indexer, build.indexer = build.indexer, None
    if state.last is not None:
        # The preview serves the page first: the search index and its lexicons follow into the published site
        # (site.py starts this once it has swapped the build in, and the next build waits for it before it reads
        # a source, so that nothing else analyses words meanwhile).
        rebuild.MEMORY.later(functools.partial(_search_index_later, indexer, lexicons, Path(state.final_site_dir)))
    else:
        _write_search_index(indexer, lexicons(), site_dir, build.search_written, writing)
        if build.index_key is not None:  # for the next whole build (on_files); a partial one starts from the site
            pagefind.record_index(state.root / CACHE_FOLDER, Path(state.final_site_dir), build.index_key,
                                  site_dir / pagefind.OUTPUT_SUBDIR)
    _wake_when_chosen(build)


def _take_kept_index(build: KnowledgeBuild, site_dir: Path) -> bool:
    """Whether the published index linked into ``site_dir`` (on_nav) is there, whole and the one recorded; when it is
    not, nothing of it is left."""
    copy, build.kept_copy = build.kept_copy, None
    folder = site_dir / pagefind.OUTPUT_SUBDIR
    try:
        copy.wait()
        if pagefind.fingerprint(folder) == build.kept_index:
            build.kept_index = None
            return True
    except OSError:
        pass
    build.kept_index = None
    shutil.rmtree(folder, ignore_errors=True)
    return False


def _search_files_ahead(state: BuildState, build: KnowledgeBuild, site_dir: Path) -> Forked[dict[str, str]] | None:
    """A whole build on two cores: Pagefind's files, written by a forked process from the start of on_post_build,
    while this one fills related lists and writes the news feeds and the lexicons' chunks (``_write_search_index``
    takes it): both are hundreds of small files, and the second core is idle once its pages are done. Pagefind has
    had every page since on_files: its answer is in by now, or nearly."""
    if (state.last is not None or build.kept_index is not None or build.indexer is None or build.search_written
            or processes(state, len(build.page_urls)) == 1):
        return None
    try:
        write = functools.partial(_written_page_ids, build.indexer, site_dir, build.indexer.files())
    except pagefind.PagefindError:
        return None  # said by _write_search_index, which asks again
    return Forked(write, otherwise=write)


def _write_search_index(indexer: pagefind.SearchIndexer, lexicons, site_dir: Path, written: bool = False,
                        writing: Forked[dict[str, str]] | None = None) -> None:
    """Pagefind's index (unless ``written`` already, or being written by ``writing``: ``_search_files_ahead``) and
    each language's lexicon (``search.site_lexicons``: language code → lexicon)."""
    with indexer:
        try:
            if not written and writing is None:
                _written_page_ids(indexer, site_dir, indexer.files())
        except pagefind.PagefindError as error:
            raise PluginError(str(error)) from None
    names = {code: pagefind.write_lexicon_chunks(site_dir, lexicon) for code, lexicon in lexicons.items()}
    if writing is not None:
        try:
            indexer.page_ids = writing.result()  # written here if that process failed
        except pagefind.PagefindError as error:
            raise PluginError(str(error)) from None
    for code, lexicon in lexicons.items():
        pagefind.write_lexicon_header(site_dir, lexicon, names[code], indexer.page_ids, code)


def _written_page_ids(indexer: pagefind.SearchIndexer, site_dir: Path, answer: dict) -> dict[str, str]:
    """Pagefind's files written from its ``answer``; the pages' ids in the index."""
    indexer.write_answer(site_dir, answer)
    return indexer.page_ids


def _search_index_later(indexer: pagefind.SearchIndexer, lexicons: Callable[[], dict], site_dir: Path) -> None:
    """Write the search index beside the published one (in a folder of the site that no page links to), then put
    it in its place; ``lexicons`` makes each language's lexicon (``search.site_lexicons``)."""
    beside = site_dir / ".search-next"
    shutil.rmtree(beside, ignore_errors=True)
    try:
        with indexer:
            indexer.write(beside)
        for code, lexicon in lexicons().items():
            pagefind.write_lexicon(beside, lexicon, indexer.page_ids, code)
        sitedir.swap(beside / pagefind.OUTPUT_SUBDIR, site_dir / pagefind.OUTPUT_SUBDIR)
    except (pagefind.PagefindError, OSError) as error:
        log.error("the search index was not updated: %s (the next build makes it anew)", error)
        rebuild.MEMORY.forget(str(site_dir))
    finally:
        shutil.rmtree(beside, ignore_errors=True)
        shutil.rmtree(sitedir.previous_of(site_dir / pagefind.OUTPUT_SUBDIR), ignore_errors=True)


def _wake_when_chosen(build: KnowledgeBuild) -> None:
    """Ask the preview for the build that shows the related-articles choice begun in on_files (it caches what it
    chooses) once it is made."""
    if build.related_next is None:
        return
    job, executor = build.related_next, build.related_worker
    build.related_next = build.related_worker = None
    wake = rebuild.MEMORY.wake
    if wake is not None:
        job.add_done_callback(lambda done: wake() if not done.cancelled() and done.exception() is None else None)
    executor.shutdown(wait=False)  # the job goes on after this build


def _related_executor() -> ProcessPoolExecutor:
    """One process for a related-articles choice. spawn, not fork: `mkdocs serve` runs threads."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=os.nice, initargs=(BACKGROUND_NICENESS,))


def _related_list(build: KnowledgeBuild, page) -> str:
    """The article's related-articles list, once the choice is made."""
    part = build.of(page.file.src_uri)
    doc = part.kb.by_uri[page.file.src_uri]
    return part.blocks.related_list(page.url, _related(build).get(doc.path, ()), build.page_urls)


def _refill_skipped(state, build: KnowledgeBuild, related: Related, site_dir: Path) -> None:
    """The pages a partial build skipped whose related articles are no longer those they show, filled anew from
    their last rendering (an edited article can enter or leave another's list)."""
    for uri, products in state.last.products.items():
        unfilled = products.get("unfilled")
        if unfilled is None or state.plan.renders(uri) or uri not in build.kb.by_uri:
            continue
        state.keep_product(uri, "unfilled", unfilled)
        dest, html = unfilled
        blocks, chosen = build.of(uri).blocks, related.get(build.kb.by_uri[uri].path, ())
        # Rendered again only when what it shows changed: a save in the preview leaves most lists as they were.
        showing = blocks.related_key(build.page_urls[uri], chosen, build.page_urls)
        shown = products.get("related")
        if shown is None or products.get("related_key") != showing:
            shown = blocks.related_list(build.page_urls[uri], chosen, build.page_urls)
        if products.get("related") != shown:
            sitedir.replace_file(site_dir / dest, markers.fill(html, {"related": lambda key: shown}).encode("utf-8"))
        state.keep_product(uri, "related", shown)
        state.keep_product(uri, "related_key", showing)


def _write_news_feeds(build: KnowledgeBuild, site_url: str, site_dir: Path) -> None:
    for code, part in build.languages.items():
        if not part.kb.news:
            continue
        meta, entries = news_feed(part.kb, site_url, build.news_html)
        atom, rss = news_feed_paths(code)
        sitedir.replace_file(site_dir / atom, render_atom(meta, entries))
        sitedir.replace_file(site_dir / rss, render_rss(meta, entries))
