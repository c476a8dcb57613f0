"""MkDocs glue: each page's Markdown converted ahead of MkDocs' page loop, by the last build or by a forked process.

MkDocs reads every page and converts its Markdown in one loop before it renders any template (what one page's
template shows of the others, their titles, is known only then). Conversion is the largest part of that loop, and
its result depends on nothing but the page's Markdown and what this module's key holds (see ``_context``), so:

- the last build's conversion of a page is kept in ``.cache/`` (like Jekyll's cache of converted Markdown) and
  taken again when the Markdown and the key are the same;
- the pages without one are shared with the second vCPU: a process forked just before the loop converts every
  other one of them;
- each process converts on one Markdown converter per settings, reset between pages (``_render``: MkDocs'
  ``Page.render`` without making a converter for each page).

The build's own loop runs every hook for every page as before, and takes a converted page's HTML, table of contents,
title, anchors and log records only when the Markdown it has made for the page is the very Markdown converted
(its digest, with the Markdown settings the page is converted under). The hooks' state therefore stays in the
build's process; what was converted elsewhere or earlier is only ever a faster way to the same ``Page.render``.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import importlib
import logging
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import markdown
import mkdocs
from mkdocs.plugins import event_priority
from mkdocs.structure import pages as pages_module
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from hooks.core import rebuild
from hooks.core.memo import CONVERTED, CONVERTED_CACHE
from hooks.glue import PROCESSES_ENV, get_state, processes

SHARE = 0.5  # of the pages converted ahead; the build's own process runs every page's hooks besides its own share
UP_TO = 3_000  # pages: the process is a copy of the build's, alive while Pagefind indexes and, with an empty .cache,
# while the related-articles worker chooses; at 5,000 pages the four took a cold build to 1,252 MiB (the sum of their
# resident sets), past the 1 GiB the build keeps to. Above it, the build converts Markdown in its own process.
AHEAD_FROM = 20  # pages to convert: fewer (an edit or two since the last build) are not worth a process

# A conversion, as kept and as sent between processes: (content, toc, title, anchor ids, links to anchors by the
# linked page's source URI, log records). Plain values: this module is a hook file, whose classes pickle by a name
# no process can import.
Converted = tuple[str, Any, "str | None", "set[str]", "dict[str, dict[str, str]] | None", "list[logging.LogRecord]"]


@dataclass
class AheadBuild:
    """This module's state for one build."""

    code: str = ""  # digest of the code converting (``_code_version``)
    context: str = ""  # digest of what every page's conversion depends on besides its own Markdown (``_context``)
    ahead: Ahead | None = None
    loggers: list[logging.Logger] = field(default_factory=list)  # those with handlers: where records are said
    uris: set[str] = field(default_factory=set)  # the pages of this build, whose conversions are kept
    converters: dict[str, markdown.Markdown] = field(default_factory=dict)  # ``_converter``'s, by settings


@event_priority(-100)  # last: every hook has planned and started what it does before the first page is read
def on_nav(nav, config, files):
    state = get_state(config)
    build = state.part(AheadBuild, AheadBuild)
    if state.scope is not None:
        # `supportsite publish status` renders the status blog's few pages: reading and writing every page's
        # conversion (12 MB at 5,000 pages) cost it more than converting them (during an outage, every second counts).
        return nav
    docs = files.documentation_pages(inclusion=InclusionLevel.is_included)  # MkDocs' own loop (`mkdocs build`)
    wanted = processes(state, len(docs))
    build.code = _code_version(config)
    if not CONVERTED:
        CONVERTED.load(state.root / CONVERTED_CACHE, build.code)
    build.context = _context(config, files, build.code)
    build.loggers = _loggers()
    build.uris = {file.src_uri for file in docs}
    for file in docs:
        if file.page is not None:
            # MkDocs calls page.render(config, files) in its loop; for these pages that is the taking (one attribute
            # of the instance, removed when used: the class's own render stays for everything else).
            file.page.render = functools.partial(_take_or_render, build, file.page)
    # A page converted by the last build under this key is expected to be taken from it (unless edited since).
    missing = [file for file in docs if (CONVERTED.key_of(file.src_uri) or ("",))[0] != build.context]
    forced = os.environ.get(PROCESSES_ENV) == "2"
    if wanted == 1 or not missing or (not forced and (len(missing) < AHEAD_FROM or len(docs) > UP_TO)):
        return nav
    build.ahead = start(config, files, missing)
    return nav


@event_priority(-90)  # every page is read: before hooks/site.py forks the process that renders templates (-100)
def on_env(env, config, files):
    _finish(config)
    return env


def on_post_build(config):
    state = get_state(config)
    build = state.part(AheadBuild, AheadBuild)
    if not build.code:  # not used in this build (see on_nav)
        return
    CONVERTED.forget(build.uris)
    CONVERTED.save(state.root / CONVERTED_CACHE, build.code)


def _finish(config) -> None:
    ahead = get_state(config).part(AheadBuild, AheadBuild).ahead
    if ahead is not None:
        ahead.finish()


def _code_version(config) -> str:
    """A digest of the code that converts Markdown: Python, MkDocs, Python-Markdown, each extension's package (or,
    for an extension object, its module's source) and this module; a cache written by other code is not read."""
    digest = hashlib.sha256("\0".join((sys.version, mkdocs.__version__, markdown.__version__)).encode())
    for extension in config.markdown_extensions:
        name = extension if isinstance(extension, str) else type(extension).__module__
        version = None
        if isinstance(extension, str):
            try:  # imported here: the digest must not depend on whether a page was converted yet
                version = getattr(importlib.import_module(name.split(".")[0]), "__version__", None)
            except ImportError:  # a short name of Python-Markdown's own ("toc"): its version is above
                pass
        source = getattr(sys.modules.get(name), "__file__", None)
        digest.update(f"\0{name}\0{version}".encode())
        if version is None and source:
            digest.update(Path(source).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def _context(config, files, code: str) -> str:
    """A digest of what ``Page.render`` reads besides the page's Markdown and the Markdown settings: every file's
    address and inclusion (links are checked against them and made relative), the link checks' levels, the level of
    MkDocs' page logger (what it says, and whether it notes links to anchors), and the ``code`` converting (under
    `mkdocs serve`, an edited hook leaves this process's conversions behind)."""
    links = config.validation.links
    digest = hashlib.blake2b(repr((
        code,
        [extension if isinstance(extension, str) else type(extension).__qualname__
         for extension in config.markdown_extensions],
        config.use_directory_urls,
        (int(links.not_found), int(links.absolute_links), int(links.unrecognized_links)),
        logging.getLogger("mkdocs.structure.pages").getEffectiveLevel(),
    )).encode(), digest_size=16)
    for uri, url, inclusion in sorted((file.src_uri, file.url, file.inclusion.name) for file in files):
        digest.update(f"{uri}\0{url}\0{inclusion}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _loggers() -> list[logging.Logger]:
    return [logger for logger in (logging.getLogger(), *logging.Logger.manager.loggerDict.values())
            if isinstance(logger, logging.Logger) and logger.handlers]


class Ahead:
    """The process converting Markdown ahead of the page loop, and its results as they arrive, in its pages' order."""

    def __init__(self, pid: int, stream: BinaryIO, uris: set[str]) -> None:
        self.pid = pid
        self._stream: BinaryIO | None = stream
        self._theirs = uris  # the pages it converts: the build's loop converts the others itself
        self._arrived: dict[str, tuple[bytes, bytes | None]] = {}  # read while waiting for another page

    def take(self, uri: str) -> tuple[bytes, bytes] | None:
        """The page ``uri`` as converted there (the digest of its Markdown, the conversion pickled); None when it
        is not (not one of its pages, a failure there, or the process ended).

        Only its own pages are waited for. Asked for one of the build's own pages, it once read every result to the
        end of the pipe looking for it, threw them away, and the build converted all of the Markdown itself."""
        if uri not in self._theirs:
            return None
        while uri not in self._arrived and self._stream is not None:
            try:
                found, digest, converted = pickle.load(self._stream)
            except (EOFError, pickle.UnpicklingError, OSError, ValueError, TypeError):
                self.finish()
                break
            self._arrived[found] = (digest, converted)
        digest, converted = self._arrived.pop(uri, (b"", None))
        return (digest, converted) if converted is not None else None

    def finish(self) -> None:
        """Close the results and reap the process (it ends on its own once its pages are converted, or its pipe
        closes); safe to call twice."""
        if self._stream is not None:
            stream, self._stream = self._stream, None
            stream.close()
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            rebuild.MEMORY.helpers.discard(self.pid)


def start(config, files, docs: list) -> Ahead | None:
    """Fork the process that converts the Markdown of a share of ``docs`` (MkDocs' page loop, in its order) and have
    this process's loop take what it gives; None when there is nothing to share."""
    # Spread through the loop, so that both processes move through it side by side: page i when the share's
    # multiples step past it (SHARE 0.5: every second page).
    theirs = [file.page for i, file in enumerate(docs)
              if int((i + 1) * SHARE) > int(i * SHARE) and file.page is not None]
    if not theirs:
        return None
    _warm(config)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other process: it never returns into MkDocs
        os.close(reader)
        _convert(config, files, theirs, writer)
    os.close(writer)
    rebuild.MEMORY.helpers.add(pid)  # stopped by a failed build (hooks/site.py)
    return Ahead(pid, os.fdopen(reader, "rb"), {page.file.src_uri for page in theirs})


# Python-Markdown's first conversion in a process imports the extensions and compiles their patterns: a tenth of a
# second, which the build's loop waited for the other process to pay before its first page came.
_WARM_UP = "# Otsikko\n\nTekstiä, [linkki](#otsikko) ja `koodia`.\n\n- kohta\n\n| a | b |\n| - | - |\n| 1 | 2 |\n"


def _warm(config) -> None:
    """One throwaway conversion before the fork, so that both processes start converting at once."""
    with contextlib.suppress(Exception):
        _converter(config).convert(_WARM_UP)


def _converter(config) -> markdown.Markdown:
    """The build's Markdown converter for the settings a page is converted under (the headings' link title is the
    page's language's), reset: one per process and settings, as Python-Markdown says to convert many texts, instead
    of the one MkDocs makes for each page (0.27 ms each with the extensions' processors: 0.18 s for the 691 pages of
    the 300-page corpus)."""
    converters = get_state(config).part(AheadBuild, AheadBuild).converters
    key = repr((config.markdown_extensions, config.mdx_configs))
    md = converters.get(key)
    if md is None:
        md = converters[key] = markdown.Markdown(extensions=config.markdown_extensions,
                                                 extension_configs=config.mdx_configs or {})
    return md.reset()


def _render(page: Page, config, files) -> None:
    """MkDocs 1.6's ``Page.render`` on a converter of ``_converter``: the same steps, MkDocs' own processors
    registered for the page in place of the last page's."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    md = _converter(config)
    raw_html = pages_module._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = pages_module._ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = pages_module._RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = pages_module._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if pages_module.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors


def _take_or_render(build: AheadBuild, page: Page, config, files) -> None:
    page.__dict__.pop("render", None)
    uri = page.file.src_uri
    digest = _digest(page.markdown, config)
    key = (build.context, digest)
    converted = CONVERTED.peek(uri, key)
    if converted is None and build.ahead is not None:
        found = build.ahead.take(uri)
        if found is not None and found[0] == digest:
            converted = found[1]
            CONVERTED.put(uri, key, converted)
    if converted is None:
        recorder = _Recorder(tee=True)
        for logger in build.loggers:
            logger.addHandler(recorder)
        try:
            _render(page, config, files)
        finally:
            for logger in build.loggers:
                logger.removeHandler(recorder)
        CONVERTED.put(uri, key, _pickled(page, recorder.records))
        return
    content, toc, title, anchor_ids, links, records = pickle.loads(converted)
    page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, anchor_ids
    if links is not None:
        page.links_to_anchors = {files.get_file_from_path(linked): found for linked, found in links.items()}
    for record in records:  # said here, where --strict counts them, in the page loop's order
        logging.getLogger(record.name).handle(record)


def _digest(text: str | None, config) -> bytes:
    """The Markdown and the settings it is converted under: the headings' link title is the page's language's."""
    digest = hashlib.blake2b((text or "").encode("utf-8", "surrogatepass"), digest_size=16)
    digest.update(repr(config.mdx_configs).encode("utf-8", "surrogatepass"))
    return digest.digest()


def _pickled(page: Page, records: list[logging.LogRecord]) -> bytes:
    links = page.links_to_anchors
    converted: Converted = (page.content, page.toc, page._title_from_render, page.present_anchor_ids,
                            None if links is None else {file.src_uri: found for file, found in links.items()},
                            records)
    return pickle.dumps(converted, protocol=pickle.HIGHEST_PROTOCOL)


class _Recorder(logging.Handler):
    """Keeps the records written while a page is converted, as plain text, to be said again where the conversion is
    taken. With ``tee`` it sits beside the loggers' own handlers; else it takes their place (the other process says
    nothing itself)."""

    def __init__(self, tee: bool = False) -> None:
        super().__init__(logging.NOTSET)
        self.tee = tee
        self.records: list[logging.LogRecord] = []
        self._last: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        # One record reaches every logger with handlers on its way up, one after the other: kept only the first time.
        # Compared as the object itself, held here: a set of ids once dropped a later record that Python had put
        # where an earlier, freed one had been (same id), and with it a page's warning.
        if record is self._last:
            return
        self._last = record
        if self.tee:
            record = copy.copy(record)  # the loggers' own handlers still format the original
        record.msg, record.args = record.getMessage(), None  # plain text: the arguments may not pickle
        record.exc_info = record.exc_text = record.stack_info = None
        self.records.append(record)


def _convert(config, files, pages: list[Page], writer: int) -> None:
    recorder = _Recorder()
    for logger in _loggers():
        logger.handlers = [recorder]
    try:
        with os.fdopen(writer, "wb") as pipe:
            for page in pages:
                pickle.dump(_converted(config, files, page, recorder), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.flush()
    finally:
        os._exit(0)  # no exit handlers: they are the build process's (its Pagefind, its workers)


def _converted(config, files, page: Page, recorder: _Recorder) -> tuple[str, bytes, bytes | None]:
    """The page read and converted as MkDocs' loop does (``_populate_page`` up to ``render``): its source URI, the
    digest of the Markdown converted, and the conversion pickled (None: it failed here; the build's process converts
    the page itself and says what is wrong)."""
    uri = page.file.src_uri
    try:
        config._current_page = page
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        recorder.records = []  # the hooks' records are said by the build's process, which runs them again
        page.__dict__.pop("render", None)  # this process converts it itself
        _render(page, config, files)
        return uri, _digest(page.markdown, config), _pickled(page, recorder.records)
    except Exception:  # noqa: BLE001
        return uri, b"", None
    finally:
        config._current_page = None
