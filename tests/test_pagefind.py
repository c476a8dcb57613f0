"""The site search indexer: Pagefind's binary fed a record of each searchable page during the build, and the
lexicon the search box plans queries on (hooks/core/pagefind.py)."""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import re
import subprocess
import time

import pytest

from hooks.core.pagefind import (
    EXCERPT_FOLDER, LEXICON, LEXICON_FOLDER, OUTPUT_SUBDIR, PagefindError, SearchIndexer, excerpt_name, executable,
    lexicon_name, record_of, write_lexicon,
)
from hooks.core.pagefind import _Answers, _encode, _receive_loop  # the binary's protocol, read without the binary
from hooks.core.queryplan import TERMINATOR, rules
from hooks.core.searchdocs import FIELD_WEIGHTS, AnalysedDoc, analyse_doc, build_lexicon
from hooks.core.textanalysis import shared_analyser


def analysed(path: str, url: str, title: str, body: str, keywords: str = "", headings: str = "") -> AnalysedDoc:
    return analyse_doc(shared_analyser(), path=path, url=url, title=title, keywords=keywords, headings=headings,
                       body=body)


DOCS = [
    analysed("content/ukk/lomaraha.md", "ukk/lomaraha/", "Lomarahan maksaminen",
             "Lomaraha maksetaan kesäkuussa palkanlaskennassa.", keywords="lomaltapaluuraha"),
    analysed("content/ukk/tunnukset.md", "ukk/tunnukset/", "Tunnusten uusiminen",
             "Uudet tunnukset tilataan asiakaskeskuksesta."),
]
PAGES = [("ukk/lomaraha/index.html", record_of(DOCS[0])), ("ukk/tunnukset/index.html", record_of(DOCS[1]))]


def build(site) -> dict[str, str]:
    with SearchIndexer() as indexer:
        added = [indexer.add(path, record) for path, record in PAGES]
        assert indexer.write(site) == 2
    assert added == [None, None]  # the build decides what is searchable (hooks/knowledge.py), not the indexer
    files = sorted(p for p in (site / OUTPUT_SUBDIR).rglob("*") if p.is_file())
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def fragments(site) -> dict[str, dict]:
    """Pagefind's stored page records (what a result shows), by URL: gzip, a signature, then JSON."""
    out = {}
    for path in (site / OUTPUT_SUBDIR / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd"):])
        out[record["url"]] = record
    return out


def test_the_records_are_indexed_in_finnish_without_the_stock_ui(tmp_path):
    files = build(tmp_path)
    entry = json.loads((tmp_path / OUTPUT_SUBDIR / "pagefind-entry.json").read_text())
    assert entry["languages"]["fi"]["page_count"] == 2
    assert "pagefind/pagefind.js" in files and "pagefind/pagefind-ui.js" not in files


def test_a_result_shows_the_pages_title_and_text_and_the_index_holds_its_analysed_tokens(tmp_path):
    build(tmp_path)
    found = fragments(tmp_path)
    assert sorted(found) == ["/ukk/lomaraha/", "/ukk/tunnukset/"]
    page = found["/ukk/lomaraha/"]
    assert page["meta"]["title"] == "Lomarahan maksaminen"
    # the excerpt is a file beside the index, which the page's metadata names
    excerpt = tmp_path / OUTPUT_SUBDIR / EXCERPT_FOLDER / f"{page['meta']['excerpt_file']}.json"
    assert json.loads(excerpt.read_text(encoding="utf-8")) == "Lomaraha maksetaan kesäkuussa palkanlaskennassa."
    tokens = page["content"].rstrip(".").split()  # Pagefind ends each block of text with a full stop
    assert all(token.endswith(TERMINATOR) for token in tokens)
    # base forms with umlauts folded, each field repeated by its weight: "lomarahan" in the title → lomaraha
    assert tokens.count("lomaraha" + TERMINATOR) == FIELD_WEIGHTS["title"] + FIELD_WEIGHTS["body"]
    assert tokens.count("lomaltapaluuraha" + TERMINATOR) == FIELD_WEIGHTS["keywords"]
    assert "kesakuu" + TERMINATOR in tokens and "kesäkuussa" not in page["content"]


def test_the_same_pages_in_the_same_order_give_byte_identical_files(tmp_path):
    assert build(tmp_path / "a") == build(tmp_path / "b")


def test_an_indexer_left_behind_by_a_failed_build_stops_its_binary(tmp_path):
    indexer = SearchIndexer()
    indexer.add(*PAGES[0])
    process = indexer._process
    del indexer
    gc.collect()
    deadline = time.monotonic() + 10
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is not None


def test_a_binary_that_died_is_reported_not_waited_for(tmp_path):
    with SearchIndexer() as indexer:
        indexer.add(*PAGES[0])
        indexer._process.kill()
        indexer.start_writing()
        assert indexer.answered() is None  # nothing for a second process to write: the build's own says what failed
        assert indexer.answered(wait=True) is None  # nor once it is known to have stopped
        with pytest.raises(PagefindError, match="pagefind stopped"):
            indexer.write(tmp_path)


def test_writing_early_gives_the_same_index_ends_the_binary_and_refuses_later_searchable_pages(tmp_path):
    at_end = build(tmp_path / "end")
    early = tmp_path / "early"
    with SearchIndexer() as indexer:
        for path, record in PAGES:
            indexer.add(path, record)
        indexer.start_writing()  # the last searchable page is built; lists and status pages follow, never added
        late = analysed("content/ukk/uusi.md", "ukk/uusi/", "Uusi", "Myöhässä.")
        with pytest.raises(PagefindError, match="ukk/uusi/index.html: a searchable page built after"):
            indexer.add("ukk/uusi/index.html", record_of(late))
        # Pagefind holds its whole index until it exits (hundreds of MiB at 5,000 pages, beside the rest of the
        # build): it exits once it has answered, and its files are still written
        deadline = time.monotonic() + 10
        while indexer._process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert indexer._process.poll() == 0, "pagefind still runs after it answered"
        assert indexer.write(early) == 2
    files = sorted(p for p in (early / OUTPUT_SUBDIR).rglob("*") if p.is_file())
    assert {p.relative_to(early).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files} == at_end


def test_a_large_build_can_wait_for_the_answer_and_pagefind_has_exited_then(tmp_path):
    # hooks/knowledge.py: past 3,000 pages the build waits for the answer before it forks, so that Pagefind's
    # index is not held beside two copies of the build.
    with SearchIndexer() as indexer:
        for path, record in PAGES:
            indexer.add(path, record)
        indexer.start_writing()
        answer = indexer.answered(wait=True)
        assert answer is not None and answer["type"] == "GetFiles"
        indexer._process.wait(timeout=10)  # it ends once it has answered
        indexer.write_answer(tmp_path / "site", answer)
    assert (tmp_path / "site" / OUTPUT_SUBDIR / "pagefind-entry.json").is_file()


def test_a_process_forked_once_the_files_are_in_keeps_no_pagefind_waiting(tmp_path):
    # hooks/knowledge.py forks the process that writes Pagefind's files as soon as they are in, and reads its result
    # only later. Holding a copy of Pagefind's input, that process kept the binary (and the build's close of it,
    # ten seconds) waiting while it waited for its result to be read.
    import os
    with SearchIndexer() as indexer:
        for path, record in PAGES:
            indexer.add(path, record)
        assert indexer.files()["type"] == "GetFiles"
        release, hold = os.pipe()
        pid = os.fork()
        if pid == 0:  # a child that does not end before the binary has
            os.close(hold)
            os.read(release, 1)
            os._exit(0)
        os.close(release)
        try:
            assert indexer._process.wait(timeout=30) == 0  # its input ended although the child still runs
        finally:
            os.close(hold)
            os.waitpid(pid, 0)


def test_the_answer_taken_without_waiting_writes_the_same_index_in_a_forked_process(tmp_path):
    # hooks/knowledge.py: the process rendering half of the pages writes the files from the answer it was forked
    # with, and hands back the pages' ids; the threads receiving answers never run in it.
    import os
    import pickle
    at_end = build(tmp_path / "end")
    elsewhere = tmp_path / "elsewhere"
    with SearchIndexer() as indexer:
        assert indexer.answered() is None  # nothing asked for yet
        for path, record in PAGES:
            indexer.add(path, record)
        indexer.start_writing()
        deadline = time.monotonic() + 10
        while (answer := indexer.answered()) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert answer is not None
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                indexer.write_answer(elsewhere, answer)
                os.write(writer, pickle.dumps(indexer.page_ids))
            finally:
                os._exit(0)
        os.close(writer)
        with os.fdopen(reader, "rb") as pipe:
            page_ids = pickle.loads(pipe.read())
        os.waitpid(pid, 0)
    files = sorted(p for p in (elsewhere / OUTPUT_SUBDIR).rglob("*") if p.is_file())
    assert {p.relative_to(elsewhere).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files} == at_end
    assert sorted(page_ids) == ["ukk/lomaraha/", "ukk/tunnukset/"]


def test_every_file_is_written_whole_as_pagefinds_own_command_writes_it(tmp_path):
    # Pagefind's service answers before its last writes reach the disk and exits when its input ends: the
    # 68 kB WebAssembly was once cut at 64 KiB. The files are now written from its answer.
    ours = tmp_path / "ours"
    build(ours)
    theirs = tmp_path / "theirs"
    for path, record in PAGES:
        (theirs / path).parent.mkdir(parents=True, exist_ok=True)
        (theirs / path).write_text(record.html, encoding="utf-8")
    subprocess.run([str(executable()), "--site", str(theirs), "--output-subdir", OUTPUT_SUBDIR],
                   check=True, capture_output=True)
    for name in ("wasm.fi.pagefind", "wasm.unknown.pagefind", "pagefind.js", "pagefind-worker.js"):
        assert (ours / OUTPUT_SUBDIR / name).read_bytes() == (theirs / OUTPUT_SUBDIR / name).read_bytes(), name


def test_each_page_is_known_by_its_pagefind_id_once_written(tmp_path):
    with SearchIndexer() as indexer:
        for path, record in PAGES:
            indexer.add(path, record)
        assert indexer.page_ids == {}
        indexer.write(tmp_path)
        ids = indexer.page_ids
    assert sorted(ids) == ["ukk/lomaraha/", "ukk/tunnukset/"]
    for url, page_id in ids.items():
        assert (tmp_path / OUTPUT_SUBDIR / "fragment" / f"{page_id}.pf_fragment").is_file()
        assert page_id.startswith("fi_")
    assert fragments(tmp_path)["/ukk/lomaraha/"] == json.loads(gzip.decompress(
        (tmp_path / OUTPUT_SUBDIR / "fragment" / f"{ids['ukk/lomaraha/']}.pf_fragment").read_bytes())[12:])


def test_a_record_holds_the_language_title_excerpts_name_and_terminated_tokens_escaped():
    doc = analysed("content/ukk/x.md", "ukk/x/", "Salasana <vaihto> & muuta", "Vaihda salasana <b>heti</b>.")
    record = record_of(doc).html
    assert record.startswith('<!doctype html><html lang="fi"><head><title>Salasana &lt;vaihto&gt; &amp; muuta</title>')
    assert '<p data-pagefind-meta="title">Salasana &lt;vaihto&gt; &amp; muuta</p>' in record
    # Pagefind indexes every word of its metadata: the excerpt's text stays out of the record, only its file's name
    name = excerpt_name("Vaihda salasana <b>heti</b>.")
    assert re.fullmatch("[0-9a-f]{16}", name) and f'<p data-pagefind-meta="excerpt_file">{name}</p>' in record
    assert "Vaihda" not in record and record_of(doc).excerpt == "Vaihda salasana <b>heti</b>."
    body = re.search(r"<div data-pagefind-body><p>(.*)</p></div>", record)[1]
    assert body.split() == [token + TERMINATOR for token in doc.content]
    assert "<b>" not in record and record_of(doc, lang="sv").html.startswith('<!doctype html><html lang="sv">')


def test_a_changed_excerpt_is_published_under_a_new_name_and_stays_data(tmp_path):
    hostile = '</script><img src=x onerror=alert(1)> "lainausmerkit" \\ \u2028'
    doc = analysed("content/ukk/x.md", "ukk/x/", "Otsikko", hostile)
    with SearchIndexer() as indexer:
        indexer.add("ukk/x/index.html", record_of(doc))
        indexer.write(tmp_path)
    files = list((tmp_path / OUTPUT_SUBDIR / EXCERPT_FOLDER).iterdir())
    assert [f.name for f in files] == [excerpt_name(doc.excerpt) + ".json"]
    assert json.loads(files[0].read_text(encoding="utf-8")) == doc.excerpt  # a JSON string, read as text
    assert excerpt_name(doc.excerpt) != excerpt_name(doc.excerpt + " Lisää.")


SYNONYMS = {"lomaraha": ("lomaltapaluuraha",), "lomaltapaluuraha": ("lomaraha",)}
PAGE_IDS = {"ukk/tunnukset/": "fi_2b", "ukk/lomaraha/": "fi_1a"}


def test_the_lexicon_is_a_small_header_and_chunks_by_first_two_letters_named_by_their_content(tmp_path):
    lexicon = build_lexicon(DOCS, SYNONYMS)
    write_lexicon(tmp_path, lexicon, PAGE_IDS)
    header = json.loads((tmp_path / OUTPUT_SUBDIR / LEXICON).read_text(encoding="utf-8"))
    assert header["pages"] == 2 and header["rules"] == json.loads(json.dumps(rules()))
    assert header["synonyms"] == {"lomaltapaluuraha": ["lomaraha"], "lomaraha": ["lomaltapaluuraha"]}
    folder = tmp_path / OUTPUT_SUBDIR / LEXICON_FOLDER
    # Pagefind's page ids with their places in address order, by the ids' first two characters, in files named by
    # their content: ties rank as in the CLI
    assert {key: json.loads((folder / name).read_text(encoding="utf-8")) for key, name in header["order"].items()} == {
        "1a": {"1a": 0}, "2b": {"2b": 1}}
    assert all(re.fullmatch(r"order-[0-9a-f]{2}\.[0-9a-f]{12}\.json", name) for name in header["order"].values())
    assert sorted(p.name for p in folder.iterdir()) == sorted([*header["chunks"].values(), *header["order"].values()])
    assert set(header["chunks"]) == {key[:2] for key in [*lexicon.forms, *lexicon.df]}
    name = header["chunks"]["lo"]
    data = (folder / name).read_bytes()
    assert name == f"{'lo'.encode().hex()}.{hashlib.sha256(data).hexdigest()[:12]}.json"  # cached for good
    chunk = json.loads(data)
    assert chunk["tokens"]["lomaraha"] == 1 and chunk["forms"]["lomarahan"] == [["lomaraha"], ["loma", "raha"]]
    assert all(token.startswith("lo") for token in [*chunk["tokens"], *chunk["forms"]])
    again = tmp_path / "again"
    write_lexicon(again, build_lexicon(DOCS, SYNONYMS), dict(reversed(PAGE_IDS.items())))
    for path in (tmp_path / OUTPUT_SUBDIR).rglob("*.json"):
        assert path.read_bytes() == (again / path.relative_to(tmp_path)).read_bytes(), path


# --- one index per language -----------------------------------------------------------------------------------

SWEDISH = analyse_doc(shared_analyser("sv"), path="content/ukk/tunnukset.sv.md", url="sv/ukk/tunnukset/",
                      title="Förnya lösenordet", keywords="", headings="", body="Ett nytt lösenord beställs i kundcentret.")


def test_a_swedish_record_goes_to_an_index_of_its_own_whose_results_are_swedish_pages(tmp_path):
    with SearchIndexer() as indexer:
        for path, record in [*PAGES, ("sv/ukk/tunnukset/index.html", record_of(SWEDISH, lang="sv"))]:
            indexer.add(path, record)
        assert indexer.write(tmp_path) == 3
        ids = indexer.page_ids
    entry = json.loads((tmp_path / OUTPUT_SUBDIR / "pagefind-entry.json").read_text())
    # a page's search box loads the index of its <html lang>: on a Swedish page, only Swedish pages are found
    assert {code: language["page_count"] for code, language in entry["languages"].items()} == {"fi": 2, "sv": 1}
    assert ids["sv/ukk/tunnukset/"].startswith("sv_") and ids["ukk/tunnukset/"].startswith("fi_")
    tokens = fragments(tmp_path)["/sv/ukk/tunnukset/"]["content"].rstrip(".").split()
    assert "losenord" + TERMINATOR in tokens and "lösenordet" not in tokens  # Swedish base forms, folded


def test_each_language_has_its_lexicon_with_the_places_of_its_own_pages(tmp_path):
    ids = {**PAGE_IDS, "sv/ukk/tunnukset/": "sv_3c"}
    write_lexicon(tmp_path, build_lexicon(DOCS, SYNONYMS), ids)
    write_lexicon(tmp_path, build_lexicon([SWEDISH], {}), ids, "sv")
    assert (lexicon_name(), lexicon_name("sv")) == ("lexicon.json", "lexicon.sv.json")
    finnish = json.loads((tmp_path / OUTPUT_SUBDIR / LEXICON).read_text(encoding="utf-8"))
    swedish = json.loads((tmp_path / OUTPUT_SUBDIR / "lexicon.sv.json").read_text(encoding="utf-8"))
    assert (finnish["pages"], swedish["pages"]) == (2, 1)  # a token's rarity is counted among the language's pages
    folder = tmp_path / OUTPUT_SUBDIR / LEXICON_FOLDER

    def places(header: dict) -> dict[str, int]:
        return {k: v for name in header["order"].values() for k, v in json.loads((folder / name).read_text()).items()}

    assert places(finnish) == {"1a": 0, "2b": 1} and places(swedish) == {"3c": 0}
    chunk = json.loads((folder / swedish["chunks"]["lo"]).read_text(encoding="utf-8"))
    assert chunk["forms"]["losenordet"] == [["losenord"], []] and chunk["tokens"]["losenord"] == 1
    assert "losenord" not in json.loads((folder / finnish["chunks"]["lo"]).read_text(encoding="utf-8"))["tokens"]


class _Pieces:
    """Pagefind's output as a pipe gives it: in pieces of the sizes given, whatever the messages' ends."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self.data, self.sizes = data, sizes

    def read1(self, limit: int) -> bytes:
        size = min(limit, self.sizes.pop(0) if self.sizes else limit)
        piece, self.data = self.data[:size], self.data[size:]
        return piece


def test_answers_are_read_whole_however_the_pipe_cuts_them():
    payloads = [{"type": "AddFile", "n": 1}, {"type": "GetFiles", "files": ["å" * 300_000]}, {"type": "AddFile"}]
    data = b"".join(_encode(i, payload) for i, payload in enumerate(payloads))
    for sizes in ([1] * 50 + [65536] * 20, [7, 65536, 3, 65536, 100_000], [len(data)]):
        answers = _Answers()
        _receive_loop(_Pieces(data, list(sizes)), answers)
        assert answers.by_id == dict(enumerate(payloads)) and answers.ended
