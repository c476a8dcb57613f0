"""The site's search box index: Pagefind's binary (from the ``pagefind[bin]`` wheel) fed a record of each page.

A page's record is not its HTML but its analysed tokens (``searchdocs.AnalysedDoc.content``, each field repeated by
its weight): the same tokens Whoosh holds. The search box ranks on what Pagefind finds (which pages hold a token,
how many times), never on Pagefind's own score, so both engines rank alike (``hooks/core/queryplan.py``). Each
token ends in ``queryplan.TERMINATOR``, so Pagefind's prefix matching never extends a token to a longer one; the
planner bounds expansion itself. The page's title goes in as metadata (result titles). The start of its text
(result excerpts) is published beside the index, a file per excerpt named by its hash, which the record's metadata
names: Pagefind 1.5 indexes every word of a page's metadata, and 1,500 characters of excerpt took 40 % of its
memory and of its index, for words that no query of the search box looks up. Pages that score the same rank in
address order, as in Whoosh: files beside the lexicon give Pagefind's page ids their places in that order.
Pagefind splits its index into small chunks so a visitor downloads only what one query needs (≤ 300 kB at 5,000
pages). Its output names are content hashes, so the same pages in the same order give byte-identical files.

The binary runs as ``pagefind --service`` beside the build: a page's record comes from its sources, so every
record goes to it before MkDocs renders the first page, and Pagefind builds its index on the second core while
MkDocs renders the site on the first; the index's files come back in its answer and are written here. The protocol is Pagefind's own (base64 JSON messages ended by commas on stdin and stdout,
answered in order). The ``pagefind`` package's asyncio client is not used: it polls for every answer with a
0.1 s sleep, which is two minutes per 1,000 pages.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import os
import queue
import subprocess
import tempfile
import threading
import weakref
from pathlib import Path
from typing import NamedTuple

from jinja2 import DictLoader

from hooks.core.forked import BACKGROUND_NICENESS
from hooks.core.languages import DEFAULT, language_of_url
from hooks.core.markup import environment
from hooks.core.memo import TextMemo
from hooks.core.queryplan import TERMINATOR, rules
from hooks.core.searchdocs import AnalysedDoc, Lexicon

OUTPUT_SUBDIR = "pagefind"
# Pagefind's stock interfaces; the site uses its own box (assets/javascripts/search.js), so they are not shipped.
ENTRY = "pagefind-entry.json"  # the index's entry file: its languages and their index hashes
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class PagefindError(RuntimeError):
    """Pagefind could not index the site; the message carries what it said."""


def executable() -> Path:
    from pagefind_bin import get_executable  # the wheel's bundled binary: no download, no network
    return get_executable()


_RECORD = environment(loader=DictLoader({"record.html": (
    '<!doctype html><html lang="{{ lang }}"><head><title>{{ title }}</title></head><body>'
    '<p data-pagefind-meta="title">{{ title }}</p><p data-pagefind-meta="excerpt_file">{{ excerpt_file }}</p>'
    '<div data-pagefind-body><p>{{ tokens }}</p></div></body></html>')})).get_template("record.html")

EXCERPT_FOLDER = "excerpt"  # in pagefind/: <excerpt_name>.json, the excerpt as a JSON string (search.js)


class Record(NamedTuple):
    """A searchable page as the indexer takes it: what Pagefind indexes, and the excerpt file its metadata names."""

    html: str
    excerpt_file: str  # excerpt_name(excerpt)
    excerpt: str


def excerpt_name(excerpt: str) -> str:
    """The file name (without ``.json``) of an excerpt: a hash of its text, so a changed excerpt gets a new name and
    a cached copy of the old one is never shown."""
    return hashlib.sha256(excerpt.encode("utf-8")).hexdigest()[:16]


def record_of(doc: AnalysedDoc, lang: str = DEFAULT) -> Record:
    """What Pagefind indexes of a page: its tokens, its title, the name of its excerpt's file. ``lang`` is the page's
    language: Pagefind keeps an index per language, and the search box on a page loads the one of its
    ``<html lang>``."""
    tokens = " ".join(token + TERMINATOR for token in doc.content)
    name = excerpt_name(doc.excerpt)
    return Record(_RECORD.render(lang=lang, title=doc.title, excerpt_file=name, tokens=tokens), name, doc.excerpt)


RECORDS: TextMemo[Record] = TextMemo()
"""Each page's record by its source URI, kept while its analysis is the same (``mkdocs serve`` makes the edited
pages' records again, not every page's)."""


LEXICON = "lexicon.json"      # in pagefind/: the page count, the synonyms and the names of the chunk files
LEXICON_FOLDER = "lexicon"    # in pagefind/: one file per first two letters, named <hex of the letters>.<hash>.json


def lexicon_name(language: str = DEFAULT) -> str:
    """The lexicon header's file name of a language's search: ``lexicon.json``, ``lexicon.sv.json`` (search.js)."""
    return LEXICON if language == DEFAULT else f"lexicon.{language}.json"


def chunk_name(key: str, data: bytes) -> str:
    """A chunk's file name: its letters as hex (any script stays a safe name), then a content hash (cached for good)."""
    return f"{key.encode('utf-8').hex()}.{hashlib.sha256(data).hexdigest()[:12]}.json"


def write_lexicon(site_dir: Path, lexicon: Lexicon, page_ids: dict[str, str], language: str = DEFAULT) -> None:
    """The lexicon as the search box loads it (``search-plan.js``): a small header, then only the chunks a query needs.

    ``language``: whose pages the lexicon holds; its header is ``lexicon_name(language)``, the chunks share one folder
    (their names are hashes of their content). ``page_ids``: Pagefind's id of each page by its address
    (``SearchIndexer.page_ids``, any language: only this language's are kept); the header lists them in
    address order, without their language prefix, as places in that order in files of their own, so that the search
    box breaks ties as the CLI does (it loads them only for the pages of a tie among the results it shows)."""
    write_lexicon_header(site_dir, lexicon, write_lexicon_chunks(site_dir, lexicon), page_ids, language)


def write_lexicon_chunks(site_dir: Path, lexicon: Lexicon) -> dict[str, str]:
    """The lexicon's chunks (``write_lexicon``), which need no page id; their file names by chunk key."""
    folder = site_dir / OUTPUT_SUBDIR / LEXICON_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for key, chunk in lexicon.chunks().items():
        data = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
        names[key] = chunk_name(key, data)
        (folder / names[key]).write_bytes(data)
    return names


def write_lexicon_header(site_dir: Path, lexicon: Lexicon, names: dict[str, str], page_ids: dict[str, str],
                         language: str = DEFAULT) -> None:
    """The rest of ``write_lexicon`` once its chunks are written (``names``): the pages' places and the header."""
    folder = site_dir / OUTPUT_SUBDIR / LEXICON_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    # page id → place in address order, in files by the id's first two characters: a tie among the results shown
    # loads only the files of the tied pages' ids
    places: dict[str, dict[str, int]] = {}
    for place, url in enumerate(sorted(url for url in page_ids if language_of_url(url) == language)):
        page_id = page_ids[url].split("_", 1)[-1]
        places.setdefault(page_id[:2], {})[page_id] = place
    order = {}
    for key, chunk in sorted(places.items()):
        data = json.dumps(chunk, separators=(",", ":"), sort_keys=True).encode("utf-8")
        order[key] = f"order-{key}.{hashlib.sha256(data).hexdigest()[:12]}.json"
        (folder / order[key]).write_bytes(data)
    header = {**lexicon.header(), "chunks": names, "rules": rules(), "order": order}
    (site_dir / OUTPUT_SUBDIR / lexicon_name(language)).write_text(
        json.dumps(header, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")


FRAGMENT_FOLDER = "fragment/"
FRAGMENT_SIGNATURE = b"pagefind_dcd"


def _languages_in_order(entry: bytes) -> bytes:
    """Pagefind's entry file with its languages in name order: it lists them in the order their first page came,
    which a partial build changes, and the same sources must give the same bytes."""
    data = json.loads(entry)
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _fragment_url(data: bytes) -> str:
    """The address of the page a Pagefind fragment file describes (gzipped JSON after a signature)."""
    content = gzip.decompress(data)
    url = json.loads(content[len(FRAGMENT_SIGNATURE):] if content.startswith(FRAGMENT_SIGNATURE) else content)["url"]
    return url.removeprefix("/")


def _encode(message_id: int, payload: dict) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")) + b","


class _Answers:
    """Pagefind's answers by message id, filled by the reading thread; ``ended`` once its output closed."""

    def __init__(self) -> None:
        self.by_id: dict[int, dict] = {}
        self.arrived = threading.Condition()
        self.ended = False


def _send_loop(stdin, outbox: queue.Queue) -> None:
    try:
        while (item := outbox.get()) is not None:
            stdin.write(_encode(*item))
            stdin.flush()
    except OSError:
        pass  # the binary died: its output ends, and whoever waits for an answer gets PagefindError
    finally:
        try:
            stdin.close()  # Pagefind exits at the end of its input
        except OSError:
            pass


def _receive_loop(stdout, answers: _Answers) -> None:
    # Each answer is base64 ended by a comma. The one with the index's files is megabytes, read 64 KiB at a time:
    # its pieces are joined once, when its comma has come (adding each piece to the bytes pending copied and split
    # them all again: 1.2 s of this thread, holding the interpreter, for the 15 MB of a 5,000-page site's answer).
    pieces: list[bytes] = []
    while chunk := stdout.read1(1 << 16):
        *messages, rest = chunk.split(b",")
        if messages:
            messages[0] = b"".join([*pieces, messages[0]])
            pieces = []
            with answers.arrived:
                for message in messages:
                    answer = json.loads(base64.b64decode(message))
                    answers.by_id[answer.get("message_id")] = answer["payload"]
                answers.arrived.notify_all()
        if rest:
            pieces.append(rest)
    with answers.arrived:
        answers.ended = True
        answers.arrived.notify_all()


def _end_when_answered(answers: _Answers, message_id: int, outbox: queue.Queue) -> None:
    """End Pagefind's input once it has answered ``message_id`` (its files): it exits then, instead of holding its
    whole index (over 500 MiB at 5,000 pages) until the build's end."""
    with answers.arrived:
        answers.arrived.wait_for(lambda: message_id in answers.by_id or answers.ended)
    outbox.put(None)


def _stop(outbox: queue.Queue, process: subprocess.Popen, stderr) -> None:
    outbox.put(None)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    stderr.close()


class SearchIndexer:
    """One build's search index: ``add`` each finished page, then ``write`` the index once, then ``close``.

    ``add`` never blocks the build: a thread encodes and sends pages, another collects answers. Pages are sent
    in the order they were added, and Pagefind handles messages one by one in that order, so the same build
    gives the same index. The threads hold no reference to the indexer: one left behind by a failed build
    (``mkdocs serve`` goes on) stops its binary when it is garbage-collected, or when the process exits."""

    def __init__(self) -> None:
        self._stderr = tempfile.TemporaryFile()  # read only if the binary fails; a pipe could fill up and stall it
        # One worker thread: the binary indexes beside the build, which keeps the other core for its own pages.
        threads = {"RAYON_NUM_THREADS": "1", "TOKIO_WORKER_THREADS": "1"}
        self._process = subprocess.Popen([str(executable()), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._stderr, env={**os.environ, **threads})
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self._process.pid, BACKGROUND_NICENESS)
        self._outbox: queue.Queue[tuple[int, dict] | None] = queue.Queue()
        self._answers = _Answers()
        self._next_id = 0
        self._pages: dict[int, str] = {}  # message id → page path, to name a page Pagefind refused
        self._excerpts: dict[str, str] = {}  # excerpt_name → excerpt, written beside the index
        self._sender = threading.Thread(target=_send_loop, args=(self._process.stdin, self._outbox),
                                        daemon=True, name="pagefind-send")
        self._sender.start()
        threading.Thread(target=_receive_loop, args=(self._process.stdout, self._answers),
                         daemon=True, name="pagefind-receive").start()
        self._stop = weakref.finalize(self, _stop, self._outbox, self._process, self._stderr)
        # Answered while the build goes on; waited for at the first page, when the binary has long started.
        self._new_index = self._send({"type": "NewIndex", "config": {}})
        self._index_id: int | None = None
        self._files: int | None = None  # the id of the message asking for the index's files
        self.page_ids: dict[str, str] = {}  # page address ("ukk/a/") → Pagefind's id of it, once written

    def add(self, path: str, record: Record) -> None:
        """Queue a page's record (``record_of``); ``path`` is its file in the site, e.g. ``ukk/a/index.html``."""
        if self._files is not None:
            raise PagefindError(f"{path}: a searchable page built after the search index was written")
        message_id = self._send({"type": "AddFile", "index_id": self._index(), "file_path": path,
                                 "file_contents": record.html})
        self._pages[message_id] = path
        self._excerpts[record.excerpt_file] = record.excerpt

    def start_writing(self) -> None:
        """Have Pagefind build its index of the pages added so far, while the build goes on.

        For when the last searchable page is built before the rest of the site (lists, status pages); ``write``
        then only waits. Adding another searchable page afterwards is an error."""
        if self._files is None:
            self._files = self._send({"type": "GetFiles", "index_id": self._index()})
            threading.Thread(target=_end_when_answered, args=(self._answers, self._files, self._outbox),
                             daemon=True, name="pagefind-end").start()

    def write(self, site_dir: Path) -> int:
        """Write ``<site_dir>/pagefind/`` once every page is indexed, with the pages' excerpts in its ``excerpt/``;
        return the number of pages indexed.

        The files come back in Pagefind's answer and are written here. Its own WriteFiles answers before its
        last writes reach the disk, and the service exits as soon as its input ends: files over 64 KiB (the
        WebAssembly, large index chunks) were seen cut short."""
        self.write_answer(site_dir, self.files())
        return len(self._pages)

    def files(self) -> dict:
        """Pagefind's answer with the index's files (for ``write_answer``), once every page is indexed; raises
        PagefindError when it refused a page or could not build its index.

        Pagefind's input is closed when this returns. A process forked afterwards (to write the files) would
        otherwise hold a copy of it: the binary would wait for more input until that process ended, and ``close``
        for the binary, while that process waited for its result to be read."""
        self.start_writing()
        assert self._files is not None
        refused = [f"{self._pages[i]}: {answer.get('message')}" for i in sorted(self._pages)
                   if (answer := self._wait(i)).get("type") == "Error"]
        answer = self._wait(self._files)
        self._outbox.put(None)  # nothing is sent after the files were asked for (start_writing)
        self._sender.join()
        if refused:
            raise PagefindError("pagefind could not index:\n" + "\n".join(refused))
        if answer.get("type") != "GetFiles":
            raise PagefindError(f"pagefind could not build its index: {answer.get('message')}")
        return answer

    def answered(self, wait: bool = False) -> dict | None:
        """Pagefind's files, if it has answered with them and accepted every page, without waiting (with ``wait``:
        once it has answered, or stopped); else None.

        For a process forked from this one: the answer is plain data it can ``write_answer`` (the threads that
        receive answers stay in this process)."""
        if self._files is None:
            return None
        if wait:
            with contextlib.suppress(PagefindError):  # a binary that stopped is said by ``write``
                self._wait(self._files)
        with self._answers.arrived:
            by_id = self._answers.by_id
            if any(by_id.get(i, {}).get("type") in (None, "Error") for i in self._pages):
                return None
            answer = by_id.get(self._files)
        return answer if answer is not None and answer.get("type") == "GetFiles" else None

    def write_answer(self, site_dir: Path, answer: dict) -> None:
        """Write Pagefind's files (``answered``) into ``<site_dir>/pagefind/`` with the pages' excerpts, and note
        each page's id in ``page_ids``."""
        output = site_dir / OUTPUT_SUBDIR
        for file in answer["files"]:
            if file["path"] in UNUSED:
                continue
            target = output / file["path"]
            if output not in target.parents:
                raise PagefindError(f"pagefind named a file outside its folder: {file['path']}")
            target.parent.mkdir(parents=True, exist_ok=True)
            data = base64.b64decode(file["content"])
            if file["path"] == ENTRY:
                data = _languages_in_order(data)
            target.write_bytes(data)
            if file["path"].startswith(FRAGMENT_FOLDER):
                self.page_ids[_fragment_url(data)] = Path(file["path"]).stem
        (output / EXCERPT_FOLDER).mkdir(parents=True, exist_ok=True)
        for name, excerpt in sorted(self._excerpts.items()):
            (output / EXCERPT_FOLDER / f"{name}.json").write_text(json.dumps(excerpt, ensure_ascii=False),
                                                                  encoding="utf-8")

    def close(self) -> None:
        """Stop the binary (it exits when its input ends); safe to call twice and after a failure."""
        self._stop()

    def __enter__(self) -> SearchIndexer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _index(self) -> int:
        if self._index_id is None:
            answer = self._wait(self._new_index)
            if answer.get("type") != "NewIndex":
                raise PagefindError(f"pagefind refused its configuration: {answer.get('message')}")
            self._index_id = answer["index_id"]
        return self._index_id

    def _send(self, payload: dict) -> int:
        """Queue a message; return its id, to ``_wait`` for its answer."""
        self._next_id += 1
        # Encoding large pages is left to the sending thread; the payload is not touched after this.
        self._outbox.put((self._next_id, payload))
        return self._next_id

    def _wait(self, message_id: int) -> dict:
        answers = self._answers
        with answers.arrived:
            answers.arrived.wait_for(lambda: message_id in answers.by_id or answers.ended)
            if message_id in answers.by_id:
                return answers.by_id[message_id]
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", "replace")
        raise PagefindError(f"pagefind stopped (exit {self._process.poll()}):\n{said}".rstrip())


# --- a whole build's index, kept for the next whole build of the same searchable pages ----------------------------

INDEX_RECORD = "search-index.json"
"""In ``.cache/``: which search index each site folder holds, and what it was made from (``record_index``)."""


def index_key(search: str, code: str, analysers: str) -> str:
    """What a search index is made from: the searchable pages (``search``, the digest of their addresses, analyses'
    sources and the synonyms), Pagefind's version, the code that makes records and lexicons and the analysers'
    versions."""
    from importlib import metadata
    value = json.dumps([search, metadata.version("pagefind-bin"), code, analysers])
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def fingerprint(folder: Path) -> str | None:
    """What tells one written index from another: its top files (whose contents name, by hash, the files below them)
    and its number of files; None when there is none."""
    try:
        digest = hashlib.sha256()
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if entry.is_file(follow_symlinks=False):
                digest.update(entry.name.encode("utf-8", "surrogatepass") + b"\0" + Path(entry.path).read_bytes())
        digest.update(str(sum(len(names) for _, _, names in os.walk(folder))).encode())
        return digest.hexdigest()
    except OSError:
        return None


def _records(cache: Path) -> dict[str, dict]:
    """The recorded indexes by site folder; none when the file is missing, unreadable or of another shape."""
    try:
        records = json.loads((cache / INDEX_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(records, dict):
        return {}
    return {site: record for site, record in records.items() if isinstance(record, dict)}


def recorded_index(cache: Path, final: Path, key: str) -> str | None:
    """The fingerprint of the published site ``final``'s search index when it is the one a whole build recorded for
    ``key`` (in the folder ``cache``), else None: not another build's, not one a failed swap left in place, not one
    with a file removed."""
    record = _records(cache).get(str(final), {})
    if record.get("key") != key:
        return None
    found = fingerprint(final / OUTPUT_SUBDIR)
    return found if found is not None and found == record.get("fingerprint") else None


def record_index(cache: Path, final: Path, key: str, written: Path) -> None:
    """Record that the index written to the folder ``written`` (the staging folder's) is made for ``key`` and is
    published as ``final``'s, beside the records of the other site folders that are still there (the preview's
    folder and ``site/`` each keep theirs); no record when it cannot be written (the next whole build makes its
    index anew)."""
    records = {site: record for site, record in _records(cache).items() if Path(site).is_dir()}
    records[str(final)] = {"key": key, "fingerprint": fingerprint(written)}
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        temporary = cache / f"{INDEX_RECORD}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(records, sort_keys=True), encoding="utf-8")
        temporary.replace(cache / INDEX_RECORD)  # atomic: a parallel build reads the old record or the new one
