"""Per-build state shared by the MkDocs hook modules; lives on the config object, never in module globals."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, FileSystemLoader, TemplateError
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from hooks.core import knowledgeblocks, knowledgepages, markup, rebuild, statuspage, supportblocks
from hooks.core.content import Project
from hooks.core.languages import DEFAULT, language_of_url
from hooks.core.markup import escape_meta
from hooks.core.rebuild import FULL, Inputs, LastBuild, Plan
from hooks.core.search import CACHE_FOLDER
from hooks.core.statuslabels import LABELS as STATUS_LABELS

T = TypeVar("T")
STATE_KEY = "supportsite_state"
THEME_DIR = Path(__file__).resolve().parent / "theme"
"""Material overrides (``custom_dir``); every template in it is ours and compiled with autoescaping."""
MATERIAL_VERSION = "9.8.2"
"""The Material release whose templates THEME_DIR copies (``partials/header.html``, blocks of ``base.html``).

A copy is a fork: tests/test_upstream.py fails when the installed Material is another release, and shows how each
copy differs from the installed original outside its ``{#- supportsite: … #}`` … ``{#- /supportsite #}`` regions.
After an upgrade, bring the copies in line with the new originals, then set this to the new release."""


def theme_overrides(folder: Path) -> frozenset[str]:
    """The template names (as Jinja loads them) of the overrides in ``folder``."""
    return frozenset(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


@dataclass(frozen=True)
class HeadLink:
    """A ``<link rel="alternate">`` for feed autodiscovery, on the pages ``applies`` accepts."""

    href: str
    type: str
    title: str
    applies: Callable[[str], bool] = lambda url: True


@dataclass
class BuildState:
    """What one build knows: the validated project, its one 'now', and what hooks add to every page."""

    root: Path
    now: dt.datetime
    project: Project
    final_site_dir: str
    head_links: list[HeadLink] = field(default_factory=list)
    theme_bundle: str | None = None  # Material's bundle as the site ships it (hooks/core/themescript.py)
    announcement: Callable[[str, str], str] | None = None  # the banner's HTML, given a page's way to the root and
    # its language
    extra_head: list[str] = field(default_factory=list)
    parts: dict[type, Any] = field(default_factory=dict)
    page_head: dict[str, list[str]] = field(default_factory=dict)
    marker_fillers: dict[str, Callable[[Any, str | None], str | None]] = field(default_factory=dict)
    # Partial builds (hooks/core/rebuild.py): the build this one starts from, the pages it renders, what each
    # rendered page gave (kept for the next build), and what each glue module adds to the inputs it compares.
    last: LastBuild | None = None
    plan: Plan = FULL
    inputs: Inputs | None = None
    scope: str | None = None  # "status": only the status blog's outputs (`supportsite publish status`, or the
    # preview's first build after a status post changed: rebuild.Memory.status_first)
    posts: str | None = None  # the status posts this build read (rebuild.posts_digest)
    site_names: dict[str, str] = field(default_factory=dict)  # by language: mkdocs.yml's, and its extra.translations
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    site_inputs: list[Any] = field(default_factory=list)
    page_inputs: dict[str, list[Any]] = field(default_factory=dict)
    # Documents whose front matter shows only on the pages whose page_inputs hold it (and in the navigation, if
    # it lists them): the rest's is part of what every page shows.
    listed_only: set[str] = field(default_factory=set)
    # What hooks keep of each page they render, handed back by a second process that renders pages (hooks/site.py)
    handed_back: list[tuple[Callable[[], Any], Callable[[Any], None]]] = field(default_factory=list)
    # A process forked before the sources were read, for the search analyses of a fresh clone's build
    # (hooks/core/search.py: analyses_ahead): hooks/knowledge.py gives it its pages or stops it.
    analyses_ahead: Any = None

    def hand_back(self, collect: Callable[[], Any], merge: Callable[[Any], None]) -> None:
        """Register what a hook keeps of the pages it renders: in a second process that renders some of the pages
        (hooks/site.py), ``collect()`` gives it once its pages are done, and ``merge(value)`` adds it here."""
        self.handed_back.append((collect, merge))

    def fill_markers(self, name: str, filler: Callable[[Any, str | None], str | None]) -> None:
        """Register how this build fills the marker ``name`` (see ``hooks/core/markers.py``): ``filler(page, key)``
        gives the HTML, or None to leave the marker for later."""
        if name in self.marker_fillers:
            raise ValueError(f"marker {name!r} has a filler already")
        self.marker_fillers[name] = filler

    def fillers_for(self, page: Any) -> dict[str, Callable[[str | None], str | None]]:
        """The registered fillers, bound to one page."""
        return {name: functools.partial(filler, page) for name, filler in self.marker_fillers.items()}

    def keep_product(self, uri: str, name: str, value: Any) -> None:
        """Note what rendering the page ``uri`` gave, for a later partial build that skips the page."""
        self.products.setdefault(uri, {})[name] = value

    def last_product(self, uri: str, name: str, default: Any = None) -> Any:
        """What the page ``uri`` gave the build this one starts from."""
        return (self.last.products.get(uri, {}) if self.last else {}).get(name, default)

    def add_head(self, url: str, html: str) -> None:
        """HTML (rendered by our templates) for the head of the page at ``url`` only, such as its JSON-LD."""
        if html:
            self.page_head.setdefault(url, []).append(html)

    def part(self, kind: type[T], make: Callable[[], T] | None = None) -> T:
        """This build's state of one capability, one typed object per class (made by ``make`` on first use).

        Each glue module declares its own state class; nothing of it outlives the build (``mkdocs serve`` makes
        a new BuildState for every rebuild)."""
        if kind not in self.parts:
            if make is None:
                raise KeyError(f"{kind.__name__}: no state for it in this build yet")
            self.parts[kind] = make()
        return self.parts[kind]

    def has_part(self, kind: type) -> bool:
        return kind in self.parts

    def template_cache(self) -> BytecodeCache:
        """Compiled Jinja templates in ``.cache/jinja/``, shared by every template environment of the build.

        Material's and ours are compiled on every build otherwise (about 0.3 s). Entries are checked against
        the template's source, so an edited template is compiled again; the output is the same either way."""
        return self.part(_TemplateCache, lambda: template_cache_in(self.root))

    def page_context(self, url: str) -> dict[str, Any]:
        return {
            "head_links": [link for link in self.head_links if link.applies(url)],
            "announcement": Markup(self.announcement(root_of(url), language_of_url(url)) if self.announcement else ""),
            "extra_head": Markup("\n".join(self.extra_head)),
            "head": Markup("\n".join(self.page_head.get(url, []))),
        }


def escape_page(page: Any) -> None:
    """A page's title and front matter made safe for the theme, which prints page.title and page.meta unescaped."""
    title_from_meta = "title" in page.meta
    page.meta = escape_meta(page.meta)
    if not title_from_meta and page.title is not None:
        # From the page's first heading: MkDocs keeps that as HTML text already (entities escaped, tags stripped).
        page.title = Markup(page.title)


def root_of(url: str) -> str:
    """The relative way from the page at ``url`` (directory style) to the site's root: ``''``, ``'../'``, …"""
    return "../" * url.count("/")


def template_cache_folder(root: Path) -> Path:
    """Where the project at ``root`` keeps its compiled templates."""
    return root / CACHE_FOLDER / "jinja"


INSTALLED_TEMPLATES = Path(sys.prefix) / "share" / "supportsite" / f"jinja-{jinja2.__version__}"
"""Where ``python -m hooks.compiledtheme`` writes the theme's own templates (Material's and MkDocs') compiled,
when the environment is installed (``make setup``), in a folder per Jinja release. It is prepared data of installed
libraries, like their Python bytecode, and holds nothing of the site: a build reads it and never writes it."""


def template_cache_in(root: Path) -> _TemplateCache:
    """The bytecode cache of the project at ``root`` (``template_cache_folder``, made if missing), which falls back
    on the theme's templates compiled into the environment (``INSTALLED_TEMPLATES``) when they are there."""
    folder = template_cache_folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    return _TemplateCache(str(folder), installed=INSTALLED_TEMPLATES if INSTALLED_TEMPLATES.is_dir() else None)


def theme_environment(env: Environment, cache: BytecodeCache) -> Environment:
    """MkDocs' theme environment as every template of this build is compiled in it: our overrides autoescape,
    Material's templates print as Material wrote them, and compiled code is kept in ``cache``."""
    # No stat() per include: within one build no template changes (the environment is made afresh each build).
    env.auto_reload = False
    env.autoescape = theme_overrides(THEME_DIR).__contains__
    env.bytecode_cache = cache
    env.globals["supportsite_words"] = ThemeWords(env)  # hooks/theme/partials/language.html
    return env


class ThemeWords:
    """Material's interface words, each looked up once per language and key: what ``t(key)`` of Material's
    ``partials/language.html`` prints, the page's language first, then English, then the key itself.

    Material's ``partials/languages/<code>.html`` makes its whole table (about 100 entries) at every call, and
    its partials call it 17 times a page: 11,700 calls and 0.26 s under the profiler in a 300-page build."""

    def __init__(self, env: Environment) -> None:
        self._env = env
        self._found: dict[tuple[str, str], Markup] = {}

    def __call__(self, language: str, key: str) -> Markup:
        found = self._found.get((language, key))
        if found is None:
            own = self._env.get_template(f"partials/languages/{language}.html").module
            fallback = self._env.get_template("partials/languages/en.html").module
            # Material's words are its own constant text: printed as its own template prints them
            found = self._found[language, key] = Markup(own.t(key) or fallback.t(key) or key)
        return found


def list_no_hidden_folders(theme) -> None:
    """Have MkDocs' ``theme`` make environments whose loader lists no file in a hidden folder (``_ThemeLoader``)."""
    make = theme.get_env

    def get_env() -> Environment:
        env = make()
        env.loader = _ThemeLoader(env.loader.searchpath, followlinks=env.loader.followlinks)
        return env
    theme.get_env = get_env


class _ThemeLoader(FileSystemLoader):
    """Jinja's loader of the theme's folders, whose listing leaves out hidden folders.

    MkDocs lists every file of the theme to find its static files (``Files.add_files_from_theme``), then drops
    any path with a part that starts with a dot. Material's ``.icons/`` holds 14,000 of its 14,500 files: listing
    them and matching each against MkDocs' patterns took 0.05 s of every build's own process, before the first
    page; without them, 0.002 s, and the same files. Loading is unchanged: Material still includes its icons."""

    def list_templates(self) -> list[str]:
        # FileSystemLoader.list_templates (Jinja 3.1), with the walk kept out of hidden folders
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                for filename in filenames:
                    template = os.path.join(dirpath, filename)[len(searchpath):].strip(os.path.sep)
                    found.add(template.replace(os.path.sep, "/").removeprefix("./"))
        return sorted(found)


def own_templates() -> list[tuple[Environment, list[str]]]:
    """Our templates (``hooks/templates/``), each in the environment the domain renders it in, in the order a build
    first renders them: the status pages (on_files), the knowledge base's lists and blocks, the support blocks."""
    status = statuspage.environment(markup.ShortMarkdown(), STATUS_LABELS[DEFAULT], DEFAULT)
    lists, blocks = knowledgepages.markdown_environment(), knowledgeblocks.html_environment()
    support = supportblocks.environment()
    return [(status, status.list_templates(extensions=["html"])),
            (lists, lists.list_templates(extensions=["md"])),
            (blocks, blocks.list_templates(extensions=["html"])),
            (support, support.list_templates(filter_func=lambda name: name.startswith("support/")))]


def compile_ahead(env: Environment, names: Iterable[str]) -> int:
    """Compile the templates ``names`` of ``env`` into its bytecode cache, so that the build's processes load them
    compiled; how many compiled. One that does not compile is left to the build, which says what is wrong."""
    compiled = 0
    for name in names:
        try:
            env.get_template(name)
        except TemplateError:
            continue
        compiled += 1
    return compiled


def template_cache_only_in(folder: Path) -> _TemplateCache:
    """A bytecode cache keyed as ``template_cache_in``'s that reads and writes ``folder`` alone (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    return _TemplateCache(str(folder))


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache, keyed by how the template escapes and is parsed as well as by its name and source.

    Escaping is compiled into the code: the theme's environment autoescapes our overrides only (see
    ``hooks/site.py``), and Markdown templates finalize every value (``hooks/core/markup.py``). So is the handling
    of whitespace (each of our environments sets its own), and the environments of several domains share this
    cache, written ahead by another process (``own_templates``). Code compiled under other settings must never be
    reused, and Jinja's own key knows nothing of them.

    ``installed``: a read-only second folder of the same entries (``INSTALLED_TEMPLATES``), read when the project's
    own has none: a fresh clone's build compiled Material's templates otherwise, 0.1–0.2 processor-seconds of the
    process compiling ahead (``hooks/site.py``). An entry is keyed by the template's file as well as
    its name, and checked against its source, so one made for another release or another file is not used."""

    def __init__(self, directory: str, installed: Path | None = None) -> None:
        super().__init__(directory)
        self.installed = installed

    def load_bytecode(self, bucket: Bucket) -> None:
        super().load_bytecode(bucket)
        if bucket.code is None and self.installed is not None:
            try:
                entry = open(self.installed / (self.pattern % (bucket.key,)), "rb")
            except OSError:
                return
            with entry:
                bucket.load_bytecode(entry)  # resets the bucket when the entry is of another source or Python

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        autoescape = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
        finalize = getattr(environment.finalize, "__qualname__", None)
        parsing = tuple(getattr(environment, option) for option in _PARSING)
        return super().get_bucket(environment, f"{name}\0autoescape={bool(autoescape)}\0finalize={finalize}"
                                  f"\0parsing={parsing!r}", filename, source)


# Jinja's Environment options that change the code a template compiles to, besides escaping (its lexer's key)
_PARSING = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
            "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline")


class SharedFragment:
    """A page's slot in a build's cache of rendered template fragments: ``html`` is what an earlier page with the
    same key rendered (None if none did), ``keep`` stores this page's rendering and returns it."""

    def __init__(self, rendered: dict[Any, Markup], key: Any) -> None:
        self._rendered, self._key = rendered, key

    @property
    def html(self) -> Markup | None:
        return self._rendered.get(self._key)

    def keep(self, html: str) -> Markup:
        self._rendered[self._key] = Markup(html)
        return self._rendered[self._key]


SPLIT_FROM = 100  # pages: a smaller build renders them all in one process (forking costs more than it saves)
PROCESSES_ENV = "SUPPORTSITE_PROCESSES"  # "1": one process whatever the size; "2": two whatever the size


def may_share() -> bool:
    """Whether this build may share work with a second process at all (``processes`` decides by its pages): not
    under ``mkdocs serve``, not in a partial build, not where ``PROCESSES_ENV`` says 1."""
    wanted = _wanted_processes()  # first: a value that is no number of processes stops any build
    return wanted != "1" and not (rebuild.MEMORY.dirty or rebuild.MEMORY.serving) and hasattr(os, "fork")


def processes(state: BuildState, pages: int) -> int:
    """How many processes share the rendering of ``pages`` pages: two in a whole build from ``SPLIT_FROM`` pages
    (``PROCESSES_ENV`` says otherwise), one in a partial or scoped build and under ``mkdocs serve``, whose server
    runs threads and renders few pages. Raises PluginError (the build's one message, no traceback) for a
    ``PROCESSES_ENV`` that is not a number of them: the first hook to ask stops the build."""
    if not may_share() or state.scope is not None:
        return 1
    if pages < 2 or (not _wanted_processes() and pages < SPLIT_FROM):
        return 1
    return 2


def scoped_processes(state: BuildState, items: int, split_from: int) -> int:
    """How many processes share the work of ``items`` items in a scoped build (``supportsite publish status``, whose
    second core is otherwise idle): two from ``split_from`` (``PROCESSES_ENV`` says otherwise). Any other build has
    one for this: a whole build shares by ``processes`` instead, and ``mkdocs serve`` runs threads."""
    wanted = _wanted_processes()
    if state.scope is None or rebuild.MEMORY.serving or not hasattr(os, "fork"):
        return 1
    if wanted == "1" or items < 2 or (not wanted and items < split_from):
        return 1
    return 2


def _wanted_processes() -> str:
    """``PROCESSES_ENV``'s value; PluginError (the build's one message, no traceback) when it is no number of them."""
    wanted = os.environ.get(PROCESSES_ENV, "")
    if wanted not in ("", "1", "2"):
        raise PluginError(f"{PROCESSES_ENV}: {wanted!r} is not a number of processes to render pages in (expected "
                          f"1 or 2, or nothing: two from {SPLIT_FROM} pages)")
    return wanted


def get_state(config: Any) -> BuildState:
    """The state that ``hooks/site.py`` put on this build's config in ``on_config``."""
    return config[STATE_KEY]
