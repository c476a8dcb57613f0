"""MkDocs glue for the whole site: validate before output is touched, add academy/ and status/, swap in the result.

The site is built into ``<site_dir>.staging`` and moved into place only when the build succeeded,
so a failed build (bad front matter, a broken link under ``--strict``) leaves the previous site intact.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import logging
import multiprocessing
import os
import pickle
import re
import shutil
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.commands.build import _build_page
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from hooks.core import clock, rebuild, search, sitedir, themescript, watching
from hooks.core.content import load_project
from hooks.core.forked import Forked
from hooks.core.headers import (
    HEADERS_FILE, add_policy_meta, check_hosts, content_script_problems, content_security_policy, header_rules,
    render_headers, scan_scripts,
)
from hooks.core.languages import LANGUAGES, language_of_url
from hooks.core.languages import split as split_language
from hooks.core.markers import fill, writer_markers
from hooks.core.problems import ValidationError
from hooks.core.sources import site_uri
from hooks.core.sourcetree import SourceFolders, list_sources
from hooks.core.urlmap import STATUS_URL
from hooks.core.urls import relative_url
from hooks.glue import (
    STATE_KEY, THEME_DIR, BuildState, SharedFragment, compile_ahead, escape_page, get_state, list_no_hidden_folders,
    may_share, own_templates, processes, root_of, template_cache_folder, template_cache_in, theme_environment,
    theme_overrides,
)

EXTRA_SOURCE_FOLDERS = ("academy", "status")
log = get_plugin_logger("site")


@dataclass
class SharedNavigation:
    """The primary navigation shared by pages outside ``nav``: link targets, the pages in nav, renderings by key."""

    targets: tuple[str, ...]
    in_nav: frozenset[int]
    rendered: dict = field(default_factory=dict)


@dataclass
class PolicyInputs:
    """What the Content-Security-Policy of this build is made of: allowed embed hosts and the theme's script
    hashes, the problems pages brought, and whether pages carry the policy as a ``<meta>`` too."""

    hosts: tuple[str, ...]
    meta: bool
    hashes: set[str] = field(default_factory=set)
    problems: list = field(default_factory=list)


@dataclass
class Helper:
    """The second process that renders every other page of a build (``_split_pages``)."""

    pid: int
    reader: int  # the pipe its results come back through
    last: str  # the build's last page: its results are taken back there, before MkDocs checks anchors
    quiet: logging.Filter  # until on_post_build: MkDocs' note of each empty page


@dataclass
class SiteBuild:
    """This module's state for one build."""

    warnings: _WarningCount | None = None
    navs: dict[int, SharedNavigation] = field(default_factory=dict)  # by the navigation: one per language
    policy: PolicyInputs | None = None
    nav: Any = None  # MkDocs' navigation, as the page loop gets it
    helper: Helper | None = None
    staged: sitedir.StagedCopy | None = None  # the published site, being copied for a partial build
    rendering: list = field(default_factory=list)  # in the helper: its pages
    aside: list[Path] = field(default_factory=list)  # the site before the last, removed once this one is swapped in
    docs: list = field(default_factory=list)  # the documentation pages' files, for a partial build (on_nav)
    compiling: Forked[int] | None = None  # our templates and the theme's, compiled ahead (on_config)


ELSEWHERE = "supportsite/rendered-elsewhere.html"  # what the build's own loop renders for the helper's pages


class _WarningCount(logging.Handler):
    """Counts warnings like mkdocs' strict mode does, so that a strict failure never replaces the site."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def on_startup(command, dirty):
    # Given to the first build's hooks only: `mkdocs serve` loads the hook modules afresh for every rebuild.
    rebuild.MEMORY.dirty = dirty
    rebuild.MEMORY.serving = command == "serve"
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


@event_priority(100)  # first: the other hooks' watches go to the watcher this chooses
def on_serve(server, config, builder):
    # MkDocs 1.6's server polls what it watches every half second; on local disks the kernel's notifications tell
    # of a save at once (hooks/core/watching.py). The server's watcher is not started yet: what it was given, and
    # the folders mkdocs.yml's `watch` lists (which MkDocs gives it next), are watched by the new one instead.
    if not all(hasattr(server, name) for name in ("observer", "_watched_paths", "_watch_refs")):
        return server
    folders = [*server._watched_paths, *(os.path.abspath(item) for item in config.watch)]
    if not watching.notified(folders):
        return server
    try:
        from watchdog.events import (
            FileAttribEvent, FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
        )
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:
        return server
    # What polling sees: a file made, removed, renamed, written or touched. Not a file opened or read, which inotify
    # also tells of: every build reads the sources, and MkDocs' server would start the next build on it, forever.
    changes = [FileCreatedEvent, FileDeletedEvent, FileMovedEvent, FileModifiedEvent, FileAttribEvent]

    class Notified(InotifyObserver):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

        def start(self) -> None:  # started here, so that a failure leaves the polling; MkDocs starts it again
            if not self.is_alive():
                super().start()

    polling, paths, refs = server.observer, dict(server._watched_paths), dict(server._watch_refs)
    server.observer = Notified()
    server._watched_paths.clear()
    server._watch_refs.clear()
    try:
        for folder in dict.fromkeys(folders):
            server.watch(folder)
        server.observer.start()
        log.info("Watching the sources with inotify")
    except OSError as error:  # inotify's limits (fs.inotify.max_user_watches): polling, as MkDocs set it up
        log.info("Watching with inotify failed (%s): polling every half second", error)
        with contextlib.suppress(Exception):
            server.observer.stop()
        server.observer = polling
        server._watched_paths.clear()
        server._watched_paths.update(paths)
        server._watch_refs.clear()
        server._watch_refs.update(refs)
    return server


@event_priority(-100)  # last: it may end the process (_end_process)
def on_shutdown():
    rebuild.MEMORY.settle()  # what was left for after the swap (the preview's search index) is done before the end
    # `mkdocs serve` removes its temporary site folder when it stops; the folders beside it are ours.
    if rebuild.MEMORY.serving:
        for site_dir in rebuild.MEMORY.site_dirs():
            for aside in [sitedir.previous_of(site_dir), *Path(site_dir).parent.glob(Path(site_dir).name + ".removing-*")]:
                shutil.rmtree(aside, ignore_errors=True)
            shutil.rmtree(_staging_of(site_dir), ignore_errors=True)
    elif rebuild.MEMORY.published and _run_as_mkdocs_command() and not _still_running():
        _end_process()


def _run_as_mkdocs_command() -> bool:
    """This process is the `mkdocs` command itself, which ends after this hook (not a test or a script that runs a
    build and goes on), and nothing watches it that writes its findings at the normal end (a profiler such as
    ``python -m cProfile -m mkdocs``, a tracer such as coverage's)."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return False
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return (spec is not None and spec.name == "mkdocs.__main__") or Path(sys.argv[0]).name == "mkdocs"


def _still_running() -> bool:
    """A thread the interpreter would wait for at its end, or a worker process of this build: then it ends as usual."""
    threads = [t for t in threading.enumerate() if t.is_alive() and not t.daemon and t is not threading.main_thread()]
    return bool(threads or multiprocessing.active_children())


def _end_process() -> None:
    """End the `mkdocs build` that has published its site, without taking its objects down one by one.

    Nothing is left to do once the site is swapped in and MkDocs has said so, but the interpreter's finalisation
    frees every object the build made: 0.5 s at 5,000 pages, during an outage too (`supportsite publish status`).
    What it would still do that matters is done here: the exit handlers (atexit) and the log's last lines."""
    atexit._run_exitfuncs()  # noqa: SLF001 - the interpreter's own exit handlers, run as at a normal exit
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(0)


class _DirtyNotice(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave navigation stale: ours renders every page that changed."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


@event_priority(100)  # first of all: nothing else should run on sources that failed validation
def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    scope = os.environ.get(rebuild.SCOPE_ENV) or None
    if scope is not None and (scope not in rebuild.SCOPES or not rebuild.MEMORY.dirty):
        raise PluginError(f"{rebuild.SCOPE_ENV}: {scope!r} is not a build scope (expected one of "
                          f"{', '.join(rebuild.SCOPES)}, with `mkdocs build --dirty`; `supportsite publish status` "
                          "sets both)")
    if scope is not None and not Path(config.site_dir, "index.html").is_file():
        raise PluginError(f"{config.site_dir}: no built site to publish the status into: build the whole site "
                          "first (`make site`)")
    final = config.site_dir
    list_no_hidden_folders(config.theme)  # before MkDocs lists the theme's static files (add_files_from_theme)
    # The last build's work beside the preview (its search index and lexicons) is done before this one reads a
    # source or copies the site.
    rebuild.MEMORY.settle()
    staged = None
    if rebuild.MEMORY.dirty and Path(final, "index.html").is_file():
        # A partial build starts from a copy of the published site (on_nav waits for it): begun here, it is made
        # while the sources are read.
        staged = sitedir.StagedCopy(Path(final), Path(_staging_of(final)))
    # A fresh clone's build: the process that analyses the translations for search opens their dictionaries while
    # the sources are read, on a core that has nothing else to do yet (hooks/knowledge.py gives it its pages).
    ahead = search.analyses_ahead(root) if scope is None and may_share() else None
    compiling = _compile_templates_ahead(config, root) if scope is None and may_share() else None
    try:
        project = load_project(root)
    except ValidationError as error:
        raise PluginError(error.report()) from None
    # The sources, as read and validated, are kept to the build's end: frozen, as in on_nav, the collector no longer
    # walks them at each full collection (a `publish status` at 5,000 pages spent 0.58 s collecting; 0.30-0.38 s so).
    gc.freeze()
    posts = rebuild.posts_digest(project.posts) if rebuild.MEMORY.serving else None  # for status_first only
    status_first = scope is None and staged is not None and rebuild.MEMORY.status_first(final, posts)
    if status_first:
        # In the preview, a new incident or update is served in a second, as during an outage (`supportsite publish
        # status`); every other page follows in the build this one asks for (on_post_build).
        scope = "status"
        log.info("a status post changed: the status pages first, then the rest")
    state = BuildState(root=root, now=clock.now(), project=project, final_site_dir=final, scope=scope,
                       analyses_ahead=ahead, posts=posts)
    state.part(SiteBuild, SiteBuild).staged = staged
    state.part(SiteBuild, SiteBuild).compiling = compiling
    mkdocs_logger = logging.getLogger("mkdocs")
    for stale in [h for h in mkdocs_logger.handlers if isinstance(h, _WarningCount)]:
        mkdocs_logger.removeHandler(stale)  # left by a failed build in the same `mkdocs serve` process
    if config.strict:
        counter = _WarningCount()
        logging.getLogger("mkdocs").addHandler(counter)
        state.part(SiteBuild, SiteBuild).warnings = counter
    config[STATE_KEY] = state
    config.site_dir = _staging_of(final)
    rebuild.MEMORY.note_site_dir(final)
    if staged is not None:
        # A partial build starts from the published site; on_nav decides what it renders again.
        state.last = rebuild.MEMORY.get(final) or rebuild.LastBuild(None, final)
    elif rebuild.MEMORY.dirty:
        shutil.rmtree(config.site_dir, ignore_errors=True)  # MkDocs cleans no folder in a --dirty build
    # The site before the last one is removed while this one builds (on_post_build keeps the last one as
    # `.previous`), by another process. During an outage (a scoped build) only once the status is published:
    # its 22,000 unlinks at 5,000 pages took the second core from the build's own second process.
    aside = sitedir.set_previous_aside(final)
    if scope is None:
        sitedir.remove(aside)
    else:
        state.part(SiteBuild, SiteBuild).aside = aside  # removed in on_post_build, once the new site is in
    return config


def _compile_templates_ahead(config, root: Path) -> Forked[int] | None:
    """A fresh clone's build: ``_compile_templates`` in a process forked now, while the second core has little else
    to do, so that the build's processes load them compiled. Each of the two that render pages compiled the theme's
    on its own (about 0.2 s of processor time each), and the build's process compiled ours before its first page
    (0.09 s), ours first: the status pages are rendered in on_files. A compiled template is used only while its
    source and settings are the same (``template_cache_in``), so the site is the same bytes whether or not this
    process is done in time."""
    if any(template_cache_folder(root).glob("*")):
        return None  # not a fresh clone: what the last build compiled is there
    return Forked(functools.partial(_compile_templates, config, root), otherwise=lambda: 0)


def _compile_templates(config, root: Path) -> int:
    """Our templates and the theme's compiled into ``.cache/jinja/``; how many. When ``make setup`` compiled the
    theme's into the environment (``hooks/compiledtheme.py``), only our overrides of it: the build's processes load
    Material's from there, and loading them here as well would be thrown away."""
    cache = template_cache_in(root)
    compiled = 0
    for env, names in own_templates():
        env.bytecode_cache = cache
        compiled += compile_ahead(env, names)
    env = theme_environment(config.theme.get_env(), cache)
    # Material's language partials: the site's languages and English, which its partial falls back to
    languages = {f"partials/languages/{code}.html" for code in (*LANGUAGES, "en")}
    names = [name for name in env.list_templates(extensions=["html", "xml"])
             if not name.startswith("partials/languages/") or name in languages]
    if cache.installed is not None:
        overrides = theme_overrides(THEME_DIR)
        names = [name for name in names if name in overrides]
    return compiled + compile_ahead(env, names)


def _staging_of(final: str) -> str:
    """Where a build writes the site before it is swapped in at ``final``."""
    return final.rstrip("/\\") + ".staging"


def on_files(files: Files, config) -> Files:
    state = get_state(config)
    for path in list_sources(state.root, EXTRA_SOURCE_FOLDERS).files:  # checked links, no folder link followed
        files.append(File(path, src_dir=str(state.root), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    # Second line of defence: on_config refused every link out of the source folders, but MkDocs follows folder
    # links in docs_dir and a link may be made while `mkdocs serve` runs. What lies outside never reaches the site.
    ours = {config.docs_dir, str(state.root)}
    sources = SourceFolders(state.root)
    for file in [f for f in files if f.src_dir in ours and f.abs_src_path]:
        if not sources.contain(file.abs_src_path):
            shown = Path(os.path.relpath(file.abs_src_path, state.root)).as_posix()
            log.warning("%s: left out of the site: it leads outside the source folders (to %s)",
                        shown, os.path.realpath(file.abs_src_path))
            files.remove(file)
    _ship_theme_bundle(state, config, files)
    return files


def _ship_theme_bundle(state: BuildState, config, files: Files) -> None:
    """Material's bundle without its sitemap lookups beside alternate links (hooks/core/themescript.py), under a name
    of its own; another Material release, whose bundle the change does not fit, is shipped as it is, with a warning."""
    theirs = [file for file in files if file.src_dir != config.docs_dir and themescript.is_bundle(file.src_uri)]
    if len(theirs) != 1:
        return
    (bundle,) = theirs
    shipped = themescript.without_alternate_lookups(Path(bundle.abs_src_path).read_text(encoding="utf-8"))
    if shipped is None:
        log.warning("Material's %s has no alternate-link routine this site knows how to leave out (another Material "
                    "release?): shipped as it is, and every page asks for sitemap.xml beside its alternate links",
                    bundle.src_uri)
        return
    state.theme_bundle = themescript.bundle_name(shipped)
    files.remove(bundle)
    files.append(File.generated(config, state.theme_bundle, content=shipped))


@event_priority(-100)  # last: every hook has made its renderers; MkDocs' page loop is next
def on_env(env, config, files):
    # MkDocs' theme environment does not escape; theme_environment compiles our overrides in hooks/theme/ with
    # autoescaping (decided per template name), Material's own templates as Material wrote them. The page templates
    # at the top (main.html, 404.html) are both ours: the top template's setting decides what main.html's blocks
    # capture. Compiled templates come from .cache/jinja/ (on_config compiles them ahead in a fresh clone).
    theme_environment(env, get_state(config).template_cache())
    env.globals["supportsite_bundle"] = get_state(config).theme_bundle  # main.html: block scripts
    gc.freeze()  # every page's Markdown is rendered: see on_nav
    _split_pages(get_state(config), config, env, files)
    return env


# --- two processes: MkDocs renders one page after the other; a whole build renders every other page in a second
# process, forked once every page's Markdown is rendered (what a page's template shows of others is known) ---


def _split_pages(state: BuildState, config, env, files: Files) -> None:
    """Fork a helper that renders and writes every other page's template, then ends; this process renders the rest.

    Whole builds only (``processes``): a partial build keeps what each page it renders gives the next one. The
    helper hands back what the hooks keep of its pages (``hand_back``)."""
    site = state.part(SiteBuild, SiteBuild)
    docs = files.documentation_pages(inclusion=InclusionLevel.is_included)  # MkDocs' own loop (`mkdocs build`)
    if processes(state, len(docs)) == 1:
        return
    theirs = docs[1::2]
    warnings_before = site.warnings.count if site.warnings else 0
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: it never returns into MkDocs
        os.close(reader)
        _render_as_helper(state, config, env, docs, theirs, writer, warnings_before)
    os.close(writer)
    rebuild.MEMORY.helpers.add(pid)
    site.helper = Helper(pid, reader, docs[-1].src_uri, _RenderedElsewhere(frozenset(f.src_uri for f in theirs)))
    logging.getLogger("mkdocs.commands.build").addFilter(site.helper.quiet)
    # This process's loop renders nothing for the helper's pages, and MkDocs writes no file for an empty page.
    env.loader = ChoiceLoader([DictLoader({ELSEWHERE: ""}), env.loader])
    for file in theirs:
        file.page.meta["template"] = ELSEWHERE


def _render_as_helper(state: BuildState, config, env, docs, theirs, writer: int, warnings_before: int) -> None:
    site = state.part(SiteBuild, SiteBuild)
    site.rendering = [file.page for file in theirs]
    rebuild.MEMORY.is_helper = True
    try:
        for file in theirs:
            _build_page(file.page, config, docs, site.nav, env, excluded=file.inclusion.is_excluded())
        warned = (site.warnings.count if site.warnings else 0) - warnings_before
        result = ("done", [collect() for collect, _ in state.handed_back], warned)
    except BaseException as error:  # noqa: BLE001 - whatever it is, the build's process says it and stops
        result = ("failed", f"{type(error).__name__}: {error}", 0)
    try:
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(0)  # no exit handlers: they are the build process's (its Pagefind, its workers)


def _take_back(state: BuildState) -> None:
    """Wait for the helper and add what the hooks kept of its pages; a helper that failed fails the build."""
    site = state.part(SiteBuild, SiteBuild)
    helper, site.helper = site.helper, None
    with os.fdopen(helper.reader, "rb") as pipe:
        data = pipe.read()
    os.waitpid(helper.pid, 0)
    rebuild.MEMORY.helpers.discard(helper.pid)
    status, value, warned = pickle.loads(data) if data else ("failed", "it ended without a word", 0)
    if status != "done":
        raise PluginError(f"the pages rendered in a second process failed: {value}")
    for (_, merge), kept in zip(state.handed_back, value):
        merge(kept)
    if warned:  # already shown by the helper; counted here, where --strict counts
        log.warning("%d warning(s) above came from the pages rendered in the second process", warned)


def _unquiet() -> None:
    """Take away the filters of the helper's pages (MkDocs notes the last one after its post_page event)."""
    logger = logging.getLogger("mkdocs.commands.build")
    for stale in [f for f in logger.filters if isinstance(f, _RenderedElsewhere)]:
        logger.removeFilter(stale)


class _RenderedElsewhere(logging.Filter):
    """Drops MkDocs' note that a page gave empty output, for the pages the helper renders."""

    def __init__(self, uris: frozenset[str]) -> None:
        super().__init__()
        self.uris = uris

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and message.split("'")[1] in self.uris)


@event_priority(100)  # first: every later hook and every template sees the escaped title and front matter
def on_page_content(html, page, config, files):
    escape_page(page)
    return html




# --- partial builds: what a build renders again (hooks/core/rebuild.py) ---


@event_priority(100)  # before the other hooks look at the plan
def on_nav(nav, config, files):
    # A build keeps what it has made so far to its end (the sources, files, pages, navigation, analyses): frozen,
    # Python's collector no longer walks them at each full collection, and the page-rendering process forked in
    # on_env does not copy their memory by walking it. 6 A/B pairs at 1,000 pages, with on_env: 6.12 → 5.96 s.
    gc.freeze()
    state = get_state(config)
    site = state.part(SiteBuild, SiteBuild)
    site.nav = nav
    if site.staged is not None:
        try:
            site.staged.wait()
        except OSError as error:
            raise PluginError(f"{config.site_dir}: the published site could not be copied to build on it: {error}") \
                from None
    # What this module keeps of a page it renders, for a build whose second process renders some (_split_pages).
    state.hand_back(lambda: _kept_of_pages(state, config), lambda kept: _add_kept(state, config, files, kept))
    if not rebuild.MEMORY.dirty:
        return nav
    docs = site.docs = files.documentation_pages()
    # A post's page in another language is generated from the written post: it is rendered when the post's is.
    translating = _translations_of_written(docs)
    if state.scope == "status":
        # The status pages, and the posts written since their page was (MkDocs' own test: the source is newer).
        state.plan = rebuild.Plan(frozenset(
            f.src_uri for f in docs if f.src_uri.startswith(STATUS_URL)
            and (translating[f.src_uri].is_modified() if f.src_uri in translating
                 else f.generated_by or f.is_modified())))
    else:
        state.inputs = _inputs(state, config, nav, docs, translating)
    if state.scope is None and state.last is not None:
        # Generated pages are compared by their Markdown and what they show, like written ones: the status blog's
        # by the HTML made for them from every post (hooks/status.py adds it), the knowledge base's by the dates and
        # chapters they show (hooks/knowledge.py). A page with a block that follows the clock or the status blog
        # is rendered every time.
        always = {p.path for p in state.project.documents()
                  if rebuild.ALWAYS_MARKERS.intersection(writer_markers(p.body))}
        # A new status post is rendered with the status pages, which its inputs change; the banner it adds to
        # every other page is exchanged in their files (_refresh_banners).
        state.plan = rebuild.plan(state.last, state.inputs, {site_uri(uri) for uri in always},
                                  may_appear=lambda uri: uri.startswith(STATUS_URL))
    staging = Path(config.site_dir)
    if state.plan.pages is None:  # a full build after all: from an empty folder, as without --dirty
        state.last = None
        shutil.rmtree(staging, ignore_errors=True)
        return nav
    # MkDocs' own test (the source newer than its output) knows nothing of what a page shows from elsewhere.
    changed, unchanged = (lambda: True), (lambda: False)
    for file in docs:
        file.is_modified = changed if state.plan.renders(file.src_uri) else unchanged
    for page in nav.pages:
        if not state.plan.renders(page.file.src_uri):
            page.read_source(config)  # its title for the navigation of the pages that are rendered
            escape_page(page)
    # Every file MkDocs writes is unlinked from the published site first (see sitedir.stage_copy).
    for file in files:
        if file.is_modified():
            sitedir.unlink(Path(file.abs_dest_path))
    for template in [*config.theme.static_templates, *config.extra_templates]:
        sitedir.unlink(staging / template)
        sitedir.unlink(staging / (template + ".gz"))
    log.info("partial build: %d of %d pages rendered again", len(state.plan.pages & {f.src_uri for f in docs}),
             len(docs))
    return nav


def _translations_of_written(docs) -> dict:
    """The generated pages that are a written page in another language (a status post's Swedish page), by source
    URI, each with the written page's file."""
    written = {f.src_uri: f for f in docs if not f.generated_by}
    return {f.src_uri: written[original] for f in docs
            if f.generated_by and (original := split_language(f.src_uri)[0]) != f.src_uri and original in written}


def _inputs(state: BuildState, config, nav, docs, translating: dict) -> rebuild.Inputs:
    """What this build reads: what every page shows, and each page's own source (a translation's: its original's too).

    What every page shows includes the front matter of every document, but for those whose pages the glue says
    show it (``listed_only``) and that are not in the navigation, in any language."""
    documents = state.project.documents()
    shown = {doc.path: rebuild.front_matter(doc) for doc in documents}  # once each: both digests read it
    in_nav = {page.file.src_uri for page in nav.pages}
    site = rebuild.digest(
        [shown[doc.path] for doc in documents if not doc.path.startswith(STATUS_URL)
         and (doc.path not in state.listed_only or split_language(site_uri(doc.path))[0] in in_nav)],
        rebuild.files_state(state.root / "hooks"),
        rebuild.files_text([*(state.root / "site_config").rglob("*"), Path(config.config_file_path).resolve()]),
        state.now.date(), state.site_inputs)
    sources = {site_uri(doc.path): (doc.body, shown[doc.path]) for doc in documents}
    pages = {}
    for file in docs:
        source = file.content_string if file.generated_by else sources.get(file.src_uri, "")
        if file.src_uri in translating:
            source = (source, sources.get(translating[file.src_uri].src_uri, ""))
        pages[file.src_uri] = rebuild.digest(source, state.page_inputs.get(file.src_uri, []))
    return rebuild.Inputs(site, pages)


def on_page_context(context, page, config, nav):
    state = get_state(config)
    # hooks/i18n.py put the page's languages here first, and the navigation of its language in context["nav"].
    context["supportsite"] = {**context.get("supportsite", {}), **state.page_context(page.url)}
    context["supportsite"]["nav_fragment"] = _nav_fragment(state, page, context.get("nav", nav))
    return context


def _nav_fragment(state: BuildState, page, nav) -> SharedFragment | None:
    """Where this page's primary navigation may be shared with pages that render the same HTML, to save build time.

    Material renders the whole navigation for every page, but a page outside ``nav`` (every article) marks
    no item active and embeds no table of contents in it: its navigation differs from another such page's
    only in the relative URLs of the links. Those URLs are the key; a page in ``nav`` renders its own."""
    navs = state.part(SiteBuild, SiteBuild).navs
    shared = navs.get(id(nav))
    if shared is None:  # once per build and language
        targets = [item.url for item in nav.pages] + [link.url for link in _links(nav.items)]
        shared = navs[id(nav)] = SharedNavigation(
            targets=(*targets, nav.homepage.url if nav.homepage else "", "assets/"),
            in_nav=frozenset(id(item) for item in nav.pages))
    if id(page) in shared.in_nav:
        return None
    key = tuple(relative_url(page.url, target) for target in shared.targets)
    return SharedFragment(shared.rendered, key)


def _links(items) -> list:
    found = []
    for item in items:
        if item.is_link:
            found.append(item)
        elif item.is_section:
            found += _links(item.children)
    return found


# --- security headers: the Content-Security-Policy allows the theme's inline scripts by hash, none from content ---


def _csp(state: BuildState, config) -> PolicyInputs:
    """This build's policy inputs: the embed hosts site_config allows, and the hashes and problems pages add."""
    build = state.part(SiteBuild, SiteBuild)
    if build.policy is None:
        # `content_policy` is optional in site_config (and may be newer than this code): no embeds unless listed.
        allowed = getattr(getattr(state.project.config, "content_policy", None), "embed_hosts", None) or ()
        try:
            hosts = check_hosts(allowed)
        except ValueError as error:
            raise PluginError(f"site_config/support.yml: {error}") from None
        # `mkdocs serve` puts its own address into site_url and an inline live-reload script (new text on every
        # request, so no hash can allow it) into each page it serves: its pages go without the <meta> policy.
        host, port = config.dev_addr
        preview = (config.site_url or "").startswith(f"http://{host}:{port}/")
        build.policy = PolicyInputs(hosts=hosts, meta=not preview)
    return build.policy


_ID = re.compile(r"""\bid=["']([^"']+)["']""")


@event_priority(-90)  # after the hooks that change pages (priority 0); the search indexes what this gives (-100)
def on_post_page(output, page, config):
    state = get_state(config)
    # The one pass that fills every marker of the page (hooks/core/markers.py) with what its capability gives.
    inserted: list[str] = []
    output = fill(output, {name: _noting(filler, inserted) for name, filler in state.fillers_for(page).items()})
    if inserted and page.present_anchor_ids is not None:
        # MkDocs knows only the ids Markdown made and checks links to anchors after every page is written. Only
        # the inserted HTML is read for more: a search of the whole page cost more than the rest of this hook.
        page.present_anchor_ids |= {found for html in inserted for found in _ID.findall(html)}
    # The policy's hashes are of the HTML as written.
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    path = source.relative_to(state.root).as_posix() if source else f"{page.file.src_uri} (generated)"
    output = _with_policy(state, config, output, path, lambda: page.file.content_string, page.file.src_uri)
    helper = state.part(SiteBuild, SiteBuild).helper
    if helper is not None and page.file.src_uri == helper.last:
        _take_back(state)
    return output


def _kept_of_pages(state: BuildState, config) -> dict:
    """In the helper: its pages' anchor ids (the ones markers add: MkDocs checks links to them after the loop) and
    the policy's script hashes and problems."""
    site = state.part(SiteBuild, SiteBuild)
    policy = _csp(state, config)
    return {"anchors": {page.file.src_uri: page.present_anchor_ids for page in site.rendering},
            "hashes": set(policy.hashes), "problems": list(policy.problems)}


def _add_kept(state: BuildState, config, files: Files, kept: dict) -> None:
    policy = _csp(state, config)
    policy.hashes |= kept["hashes"]
    policy.problems += kept["problems"]
    for uri, ids in kept["anchors"].items():
        files.get_file_from_path(uri).page.present_anchor_ids = ids


def _noting(filler, inserted: list[str]):
    """``filler``, noting the HTML it gives in ``inserted``."""
    def noted(key):
        html = filler(key)
        if html:
            inserted.append(html)
        return html
    return noted


@event_priority(-90)  # as on_post_page: the theme's 404.html has inline scripts of its own
def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content  # sitemap.xml
    state = get_state(config)
    output_content = fill(output_content, state.fillers_for(None))  # no page: the theme's own 404.html
    return _with_policy(state, config, output_content, template_name, lambda: "")


def _with_policy(state: BuildState, config, html: str, path: str, source, uri: str | None = None) -> str:
    """Note the page's inline scripts for ``_headers`` and give the page its own policy as a ``<meta>``."""
    csp = _csp(state, config)
    found = scan_scripts(html)
    if found.in_content:
        csp.problems += content_script_problems(path, source(), found.in_content)
    csp.hashes |= found.hashes
    if uri is not None:
        state.keep_product(uri, "script_hashes", found.hashes)
    if not csp.meta:
        return html
    # The page's own hashes only: a host that ignores _headers still enforces this, and it allows no more.
    return add_policy_meta(html, content_security_policy(found.hashes, csp.hosts, meta=True))


def _write_headers(state: BuildState, config) -> None:
    """``_headers`` for the hosts that read it; a page whose content brought a script fails the build instead."""
    csp = _csp(state, config)
    if csp.problems:
        raise PluginError(ValidationError(csp.problems).report())
    if state.last is not None:  # the pages a partial build skipped keep the scripts they had
        for uri, products in state.last.products.items():
            if not state.plan.renders(uri):
                csp.hashes |= products.get("script_hashes", frozenset())
    # The theme's static files are published at their path under the theme folder, under the same name every build.
    # Templates are rendered instead: the pages (*.html) and the sitemap's (MkDocs' static_templates).
    own = [name for p in THEME_DIR.rglob("*") if p.is_file() and p.suffix != ".html"
           and (name := p.relative_to(THEME_DIR).as_posix()) not in config.theme.static_templates]
    rules = header_rules(csp.hashes, csp.hosts, own)
    sitedir.replace_file(Path(config.site_dir) / HEADERS_FILE, render_headers(rules).encode("utf-8"))


@event_priority(-100)  # last: every other hook has written its files into the staging folder
def on_post_build(config):
    # Collectable again: `mkdocs serve` must free this build's objects once the next one replaces them.
    gc.unfreeze()
    state = get_state(config)
    compiling, state.part(SiteBuild, SiteBuild).compiling = state.part(SiteBuild, SiteBuild).compiling, None
    if compiling is not None:
        compiling.result()  # long done: only reaped
    if state.analyses_ahead is not None:  # no hook took it (a site without hooks/knowledge.py)
        state.analyses_ahead.cancel()
    _unquiet()
    counter = state.part(SiteBuild, SiteBuild).warnings
    if counter is not None:
        logging.getLogger("mkdocs").removeHandler(counter)
        if counter.count:
            return  # mkdocs aborts the strict build next; the previous site stays as it was
    banners = not (rebuild.MEMORY.dirty and state.scope is None and state.plan.pages is not None) \
        or _refresh_banners(state)
    if state.scope is None:  # a scoped build has not seen every page's scripts: the published file stays
        _write_headers(state, config)
    # The replaced site stays in `.previous` until the next build removes it.
    sitedir.swap(Path(config.site_dir), Path(state.final_site_dir))
    config.site_dir = state.final_site_dir
    sitedir.remove(state.part(SiteBuild, SiteBuild).aside)
    if rebuild.MEMORY.dirty and state.scope is None:
        # A skipped page keeps what it gave before, with what this build noted of it (its related list).
        products = {uri: dict(kept) for uri, kept in (state.last.products.items() if state.last else ())
                    if not state.plan.renders(uri)}
        for uri, kept in state.products.items():
            products.setdefault(uri, {}).update(kept)
        rebuild.MEMORY.keep(rebuild.LastBuild(state.inputs, state.final_site_dir, products, state.announcement))
        if not banners:  # the next build renders every page (no last build to start from), and starts at once
            rebuild.MEMORY.forget(state.final_site_dir)
            if rebuild.MEMORY.wake is not None:
                rebuild.MEMORY.wake()
    rebuild.MEMORY.start_later()  # after keep: a job that fails makes the next build a full one (MEMORY.forget)
    rebuild.MEMORY.published = True  # unless MkDocs still finds the build failed (on_build_error)
    rebuild.MEMORY.posts[state.final_site_dir] = state.posts
    if state.scope is not None and rebuild.MEMORY.serving and rebuild.MEMORY.wake is not None:
        rebuild.MEMORY.wake()  # the status went first (on_config): now the rest, planned against the last whole build


def _refresh_banners(state: BuildState) -> bool:
    """The pages a partial build skipped show the status banner the last build rendered. When a status post
    changed it, this build's banner takes its place in their files, the bytes a full build renders: the banner is
    the only part of such a page that follows the status blog. False when a page shows neither banner once (written
    by something else): a full build must follow."""
    before, now = state.last.banner if state.last else None, state.announcement
    if now is None or (before is not None and all(before("", code) == now("", code) for code in LANGUAGES)):
        return True
    for file in state.part(SiteBuild, SiteBuild).docs:
        if state.plan.renders(file.src_uri) or not file.page or not Path(file.abs_dest_path).is_file():
            continue
        root, code = root_of(file.url), language_of_url(file.url)
        path, new = Path(file.abs_dest_path), now(root, code)
        text = path.read_text(encoding="utf-8")
        old = before(root, code) if before is not None else None
        if old is not None and text.count(old) == 1:
            sitedir.replace_file(path, text.replace(old, new).encode("utf-8"))
        elif text.count(new) != 1:  # a status page the preview's status-first build rendered has the new one
            log.info("%s: the status banner could not be exchanged: the whole site follows", file.src_uri)
            return False
    return True


def on_build_error(error):
    rebuild.MEMORY.published = False
    gc.unfreeze()  # see on_post_build
    rebuild.MEMORY.drop_later()  # a search index left to write: its Pagefind binary stops with the dropped job
    rebuild.MEMORY.stop_helpers()  # a second process still converting or rendering pages stops too
    sitedir.stop_copies()  # and a copy of the published site still being made
    _unquiet()
    # The staging folder is cleaned at the start of the next build; the published site is untouched.
    return None
