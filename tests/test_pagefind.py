"""The site search indexer: Pagefind's binary fed page by page during the build (hooks/core/pagefind.py)."""

from __future__ import annotations

import gc
import hashlib
import json
import subprocess
import time

import pytest


from hooks.core.pagefind import OUTPUT_SUBDIR, PagefindError, SearchIndexer, executable, searchable_part


def page(title: str, body: str, searchable: bool = True) -> str:
    inner = f"<div data-pagefind-body><h1>{title}</h1><p>{body}</p></div>" if searchable else f"<p>{body}</p>"
    return f'<!doctype html><html lang="fi"><head><title>{title}</title></head><body>{inner}</body></html>'


PAGES = [
    ("ukk/lomaraha/index.html", page("Lomarahan maksaminen", "Lomaraha maksetaan kesäkuussa palkanlaskennassa.")),
    ("ukk/tunnukset/index.html", page("Tunnusten uusiminen", "Uudet tunnukset tilataan asiakaskeskuksesta.")),
    ("status/index.html", page("Palvelun tila", "Kaikki palvelut toimivat.", searchable=False)),
]


def build(site) -> dict[str, str]:
    with SearchIndexer() as indexer:
        added = [indexer.add(path, html) for path, html in PAGES]
        assert indexer.write(site) == 2
    assert added == [True, True, False], "a page without data-pagefind-body is not indexed"
    files = sorted(p for p in (site / OUTPUT_SUBDIR).rglob("*") if p.is_file())
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_only_searchable_pages_are_indexed_in_finnish_without_the_stock_ui(tmp_path):
    files = build(tmp_path)
    entry = json.loads((tmp_path / OUTPUT_SUBDIR / "pagefind-entry.json").read_text())
    assert entry["languages"]["fi"]["page_count"] == 2
    assert "pagefind/pagefind.js" in files and "pagefind/pagefind-ui.js" not in files


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
        with pytest.raises(PagefindError, match="pagefind stopped"):
            indexer.write(tmp_path)


def test_writing_early_gives_the_same_index_and_refuses_later_searchable_pages(tmp_path):
    at_end = build(tmp_path / "end")
    early = tmp_path / "early"
    with SearchIndexer() as indexer:
        for path, html in PAGES[:2]:
            indexer.add(path, html)
        indexer.start_writing()  # the last searchable page is built; lists and status pages follow
        assert indexer.add(*PAGES[2]) is False
        with pytest.raises(PagefindError, match="ukk/uusi/index.html: a searchable page built after"):
            indexer.add("ukk/uusi/index.html", page("Uusi", "Myöhässä."))
        assert indexer.write(early) == 2
    files = sorted(p for p in (early / OUTPUT_SUBDIR).rglob("*") if p.is_file())
    assert {p.relative_to(early).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files} == at_end


def test_every_file_is_written_whole_as_pagefinds_own_command_writes_it(tmp_path):
    # Pagefind's service answers before its last writes reach the disk and exits when its input ends: the
    # 68 kB WebAssembly was once cut at 64 KiB. The files are now written from its answer.
    ours = tmp_path / "ours"
    build(ours)
    theirs = tmp_path / "theirs"
    for path, html in PAGES:
        (theirs / path).parent.mkdir(parents=True, exist_ok=True)
        (theirs / path).write_text(html, encoding="utf-8")
    subprocess.run([str(executable()), "--site", str(theirs), "--output-subdir", OUTPUT_SUBDIR],
                   check=True, capture_output=True)
    for name in ("wasm.fi.pagefind", "wasm.unknown.pagefind", "pagefind.js", "pagefind-worker.js"):
        assert (ours / OUTPUT_SUBDIR / name).read_bytes() == (theirs / OUTPUT_SUBDIR / name).read_bytes(), name


def test_pagefind_is_sent_the_language_title_and_searchable_element_only():
    html = ('<!doctype html><html lang="fi" class="no-js"><head><meta charset="utf-8"><title>Lomaraha - Tuki</title>'
            '</head><body><header>Valikko</header><div data-pagefind-body><h1>Lomaraha</h1><div class="x">Teksti</div>'
            '</div><!-- supportsite:search-end --><aside>Liittyvät</aside><script>x()</script></body></html>')
    assert searchable_part(html) == ('<!doctype html><html lang="fi"><head><title>Lomaraha - Tuki</title></head><body>'
                                     '<div data-pagefind-body><h1>Lomaraha</h1><div class="x">Teksti</div></div>'
                                     '</body></html>')
    without_end = html.replace("<!-- supportsite:search-end -->", "")
    assert searchable_part(without_end) == without_end
