"""MkDocs glue: half of a whole build's Markdown converted ahead, in a forked process, beside MkDocs' page loop.

MkDocs reads every page and converts its Markdown in one loop before it renders any template (what one page's
template shows of the others, their titles, is known only then). The second vCPU converts a share of those pages
in a process forked just before that loop; the build's own loop runs every hook for every page as before, and takes
a converted page's HTML, table of contents, title, anchors and log records only when the Markdown it has made for the
page is the very Markdown the other process converted. The hooks' state therefore stays in the build's process;
what the other process computed is only ever a faster way to the same ``Page.render``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
from dataclasses import dataclass, fields
from typing import Any, BinaryIO

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from hooks.core import rebuild
from hooks.glue import PROCESSES_ENV, get_state, processes

SHARE = 0.5  # of the pages converted ahead; the build's own process runs every page's hooks besides its own share
UP_TO = 3_000  # pages: the process is a copy of the build's, alive while Pagefind indexes and, with an empty .cache,
# while the related-articles worker chooses; at 5,000 pages the four took a cold build to 1,252 MiB (the sum of their
# resident sets), past the 1 GiB the build keeps to. Above it, the build converts Markdown in its own process.


@dataclass
class Converted:
    """What ``Page.render`` gave a page in the other process, and the log records it wrote while converting."""

    uri: str
    digest: bytes  # of the Markdown converted: used only for a page whose Markdown here is the same
    content: str | None  # None: not converted there (it failed); the build's process converts the page itself
    toc: Any
    title: str | None
    anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked page's source URI
    records: list[logging.LogRecord]


@dataclass
class AheadBuild:
    """This module's state for one build."""

    ahead: Ahead | None = None


@event_priority(-100)  # last: every hook has planned and started what it does before the first page is read
def on_nav(nav, config, files):
    state = get_state(config)
    docs = files.documentation_pages(inclusion=InclusionLevel.is_included)  # MkDocs' own loop (`mkdocs build`)
    try:
        if processes(state, len(docs)) == 1:
            return nav
    except ValueError as error:
        raise PluginError(str(error)) from None
    if len(docs) > UP_TO and os.environ.get(PROCESSES_ENV) != "2":
        return nav
    state.part(AheadBuild, AheadBuild).ahead = start(config, files, docs)
    return nav


@event_priority(-90)  # every page is read: before hooks/site.py forks the process that renders templates (-100)
def on_env(env, config, files):
    _finish(config)
    return env


def _finish(config) -> None:
    ahead = get_state(config).part(AheadBuild, AheadBuild).ahead
    if ahead is not None:
        ahead.finish()


class Ahead:
    """The process converting Markdown ahead of the page loop, and its results as they arrive, in its pages' order."""

    def __init__(self, pid: int, stream: BinaryIO) -> None:
        self.pid = pid
        self._stream: BinaryIO | None = stream

    def take(self, uri: str) -> Converted | None:
        """The page ``uri`` as converted there; None when it is not (a failure there, or the process ended)."""
        while self._stream is not None:
            try:
                found = Converted(*pickle.load(self._stream))
            except (EOFError, pickle.UnpicklingError, OSError):
                self.finish()
                return None
            if found.uri == uri:
                return found if found.content is not None else None
        return None

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
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other process: it never returns into MkDocs
        os.close(reader)
        _convert(config, files, theirs, writer)
    os.close(writer)
    rebuild.MEMORY.helpers.add(pid)  # stopped by a failed build (hooks/site.py)
    result = Ahead(pid, os.fdopen(reader, "rb"))
    for page in theirs:
        # MkDocs calls page.render(config, files) in its loop; for these pages that is the taking (one attribute of
        # the instance, removed when used: the class's own render stays for everything else).
        page.render = functools.partial(_take_or_render, result, page)
    return result


def _take_or_render(ahead: Ahead, page: Page, config, files) -> None:
    del page.render
    converted = ahead.take(page.file.src_uri)
    if converted is None or converted.digest != _digest(page.markdown):
        page.render(config, files)
        return
    page.content = converted.content
    page.toc = converted.toc
    page._title_from_render = converted.title
    page.present_anchor_ids = converted.anchor_ids
    if converted.links_to_anchors is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): links
                                 for uri, links in converted.links_to_anchors.items()}
    for record in converted.records:  # said here, where --strict counts them, in the page loop's order
        logging.getLogger(record.name).handle(record)


def _digest(markdown: str | None) -> bytes:
    return hashlib.blake2b((markdown or "").encode("utf-8", "surrogatepass"), digest_size=16).digest()


class _Recorder(logging.Handler):
    """In the other process, every handler's place: records are kept to be said by the build's process, never here."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # plain text: the arguments may not pickle
        record.exc_info = record.exc_text = record.stack_info = None
        self.records.append(record)


def _convert(config, files, pages: list[Page], writer: int) -> None:
    recorder = _Recorder()
    loggers = [logging.getLogger(), *(item for item in logging.Logger.manager.loggerDict.values()
                                      if isinstance(item, logging.Logger))]
    for logger in loggers:
        if logger.handlers:
            logger.handlers = [recorder]
    try:
        with os.fdopen(writer, "wb") as pipe:
            for page in pages:
                # Plain values: this module is a hook file, whose classes pickle by a name no process can import.
                converted = _converted(config, files, page, recorder)
                pickle.dump(tuple(getattr(converted, f.name) for f in fields(Converted)), pipe,
                            protocol=pickle.HIGHEST_PROTOCOL)
                pipe.flush()
    finally:
        os._exit(0)  # no exit handlers: they are the build process's (its Pagefind, its workers)


def _converted(config, files, page: Page, recorder: _Recorder) -> Converted:
    """The page read and converted as MkDocs' loop does (``_populate_page`` up to ``render``)."""
    uri = page.file.src_uri
    try:
        config._current_page = page
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        recorder.records = []  # the hooks' records are said by the build's process, which runs them again
        page.render(config, files)
        links = page.links_to_anchors
        return Converted(uri, _digest(page.markdown), page.content, page.toc, page._title_from_render,
                         page.present_anchor_ids,
                         None if links is None else {file.src_uri: found for file, found in links.items()},
                         recorder.records)
    except Exception:  # noqa: BLE001 - the build's process converts the page itself and says what is wrong
        return Converted(uri, b"", None, None, None, None, None, [])
    finally:
        config._current_page = None
