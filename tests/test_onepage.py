"""A manual on one page (hooks/core/onepage.py): chapters one heading level deeper, with ids unique on the page."""

from __future__ import annotations

from hooks.core.markers import mark
from hooks.core.onepage import merge_chapters


def test_one_page_manual_takes_chapters_one_level_deeper_with_unique_ids():
    page = f'<h1 id="opas">Opas</h1>\n<h2 id="aloitus">Aloitus</h2>\n{mark("chapter", 0)}\n' \
           f'<h2 id="palkka-ajo">Palkka-ajo</h2>\n{mark("chapter", 1)}'
    first = ('<h1 id="aloitus">Aloitus</h1>\n<p><a href="#tyontekijat">alla</a></p>\n'
             '<h2 id="tyontekijat">Työntekijät<a class="headerlink" href="#tyontekijat">¶</a></h2>'
             '<pre><code>&lt;h1&gt;\n</code></pre><h6 id="pohja">Pohja</h6>')
    second = '<h2 id="tyontekijat">Työntekijät</h2><p><a href="../01-aloitus/#tyontekijat">ks.</a></p>'
    chapters, renamed = merge_chapters(page, [first, second])
    assert chapters == [
        ('<p><a href="#tyontekijat">alla</a></p>\n'
         '<h3 id="tyontekijat">Työntekijät<a class="headerlink" href="#tyontekijat">¶</a></h3>'
         '<pre><code>&lt;h1&gt;\n</code></pre><h6 id="pohja">Pohja</h6>'),
        '<h3 id="tyontekijat_1">Työntekijät</h3><p><a href="../01-aloitus/#tyontekijat">ks.</a></p>',
    ]
    assert renamed == [{"tyontekijat": "tyontekijat", "pohja": "pohja"}, {"tyontekijat": "tyontekijat_1"}]


def test_an_id_the_page_has_already_is_renamed_in_the_chapter_and_its_links():
    chapters, renamed = merge_chapters('<h2 id="alku">Alku</h2>', ['<h2 id="alku">Alku</h2><a href="#alku">ylös</a>'])
    assert chapters == ['<h3 id="alku_1">Alku</h3><a href="#alku_1">ylös</a>']
    assert renamed == [{"alku": "alku_1"}]
