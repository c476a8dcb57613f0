"""The status pages' HTML rendered from a status model, without MkDocs: words, formats, links and the block marker."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from hooks.core.content import load_project
from hooks.core.markers import fill
from hooks.core.statusmodel import DayBar, Overall, StatusModel
from hooks.core.statuspage import BADGE_SCRIPT, BLOCK, OVERALL_ICONS, GeneratedPage, StatusPages, overall_icon
from hooks.core.urlmap import API_V2_FILES

BUILT_AT = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.timezone.utc)  # conftest's SOURCE_DATE_EPOCH: 14.00 in Helsinki


@pytest.fixture(scope="module")
def pages(repo_root: Path) -> StatusPages:
    """The status test site's pages at the pinned clock: an open incident, a maintenance in progress, one upcoming."""
    project = load_project(repo_root / "tests/sites/status")
    return StatusPages(StatusModel(project.config, project.posts, BUILT_AT))


@pytest.mark.parametrize("bar, label", [
    (DayBar(dt.date(2026, 11, 2), "major_outage", {"degraded_performance": 30, "major_outage": 30}, ("a",)),
     "2.11.2026: laaja katko 30 min, heikentynyt suorituskyky 30 min"),  # the worst first
    (DayBar(dt.date(2026, 11, 3), "under_maintenance", {"under_maintenance": 150}, ("b",)), "3.11.2026: huoltokatko 2 h 30 min"),
    (DayBar(dt.date(2026, 11, 4), "operational", {}, ()), "4.11.2026: ei häiriöitä"),
])
def test_a_day_bar_is_labelled_with_its_minutes_per_state(pages, bar, label):
    assert pages.bar_label(bar) == label


@pytest.mark.parametrize("overall, icon", [
    (Overall("none", False), "✓"), (Overall("none", True), "⚙"), (Overall("minor", True), "!"),
    (Overall("major", False), "◐"), (Overall("critical", False), "✕"),
])
def test_the_overall_state_has_a_shape_as_well_as_words(overall, icon):
    assert overall_icon(overall) == icon


def test_a_generated_page_is_markdown_around_the_status_block_marker():
    page = GeneratedPage('Tila "nyt"', "<div>lohko</div>", intro="Johdanto.", body="Loppu.", description="Kuvaus")
    assert page.markdown == (f'---\ntitle: "Tila \\"nyt\\""\ndescription: "Kuvaus"\n---\n\nJohdanto.\n\n{BLOCK}\n\nLoppu.')
    assert BLOCK == "<!-- supportsite:status-block -->"
    # After Markdown, the one fill pass puts the HTML where the marker is.
    assert fill(f"<p>Johdanto.</p>\n{BLOCK}\n<p>Loppu.</p>", {"status-block": lambda key: page.html}) == \
        "<p>Johdanto.</p>\n<div>lohko</div>\n<p>Loppu.</p>"
    assert GeneratedPage(None, "x", body="Teksti.").markdown == f"\n\n{BLOCK}\n\nTeksti."  # no front matter


def test_the_status_page_shows_the_model_in_finnish(pages):
    page = pages.status_page("Palvelun tila", "\nJohdanto.\n", "Kuvaus")
    assert (page.title, page.intro, page.description) == ("Palvelun tila", "Johdanto.", "Kuvaus")
    assert '<span class="status-icon" aria-hidden="true">◐</span> <strong>Osittainen palvelukatko</strong>' in page.html
    assert "Tilanne 18.11.2026 klo 14.00 EET." in page.html
    assert ('<tr><th scope="row"><a href="components/puhelin/">Puhelintuki</a></th><td>Tuki</td><td><span class="status-state '
            'status-state--partial_outage"><span class="status-icon" aria-hidden="true">◐</span> Osittainen katko</span></td>'
            '<td>99,99 %</td></tr>') in page.html
    assert 'title="18.11.2026: huoltokatko 30 min"' in page.html
    assert pages.labels.uptime_help in page.html
    assert '<a href="history.atom" type="application/atom+xml">' in page.html
    assert '<a href="../api/v2/summary.json" type="application/json">' in page.html  # the API at the site's root


EMBED_SITE = "https://tuki.example.fi/"


def _code_blocks(html_text: str) -> list[str]:
    """The text of each ``<pre><code>`` block, as a reader sees and copies it."""
    starts = html_text.split('<pre class="status-embed"><code tabindex="0">')[1:]
    blocks = [part.split("</code></pre>", 1)[0] for part in starts]
    return [html.unescape(block) for block in blocks]


def test_the_status_page_shows_how_to_embed_the_status_and_where_the_api_is(repo_root):
    project = load_project(repo_root / "tests/sites/status")
    model = StatusModel(project.config, project.posts, BUILT_AT)
    pages = StatusPages(model, site_url=EMBED_SITE, site_name="Tuki & <Testi>")
    page = pages.status_page("Palvelun tila", "").html
    # Each snippet is shown as text (escaped once, so the reader copies HTML), with the site's absolute addresses.
    assert _code_blocks(page) == [
        '<p data-supportsite-status role="status"><a href="https://tuki.example.fi/status/">Tuki &amp; &lt;Testi&gt;: '
        'palveluiden tila</a></p>\n'
        '<script src="https://tuki.example.fi/assets/javascripts/status-badge.js" defer></script>',
        '<script src="/status-widget/index.js" defer></script>\n'
        '<statuspage-widget src="https://tuki.example.fi/status/"></statuspage-widget>',
    ]
    assert "<script" not in page and "<statuspage-widget" not in page and "<p data-supportsite-status" not in page
    # Atlassian's widget reads <origin>/api/v2/summary.json: the page says so, and lists every file for monitors.
    assert "Widget hakee tilan osoitteesta <code>https://tuki.example.fi/api/v2/summary.json</code>." in page
    for name in API_V2_FILES:
        assert f"<li><code>https://tuki.example.fi/api/v2/{name}</code> – " in page
    assert "<code>https://tuki.example.fi/status/api/v2/</code>" in page
    assert '<h2 id="upota">Tila omalle sivustollesi</h2>' in page


def test_the_badge_script_the_snippet_loads_is_a_theme_file_with_the_pages_shapes(repo_root):
    script = (repo_root / "hooks/theme" / BADGE_SCRIPT).read_text(encoding="utf-8")
    table = re.search(r"var ICONS = \{([^}]*)\};", script)[1]
    icons = {key: json.loads(f'"{value}"') for key, value in re.findall(r'(\w+): "((?:[^"\\]|\\.)*)"', table)}
    assert icons == OVERALL_ICONS  # a state is told by a shape as well as by colour, as on the status page


def test_the_maintenance_states_reach_status_js_as_data(pages):
    html_text = pages.status_page("Palvelun tila", "").html
    attributes = {html.unescape(value) for value in _attributes(html_text, "data-labels")}
    assert [json.loads(value) for value in attributes] == [
        {"completed": "Valmis", "in_progress": "Käynnissä", "scheduled": "Suunniteltu"}]


def _attributes(html_text: str, name: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html_text.split(f' {name}="')[1:]]


def test_page_titles_and_month_names(pages):
    assert pages.history_index().title == "Häiriöhistoria"
    november = pages.month_page("2026-11")
    assert november.title == "Häiriöhistoria: marraskuu 2026"
    assert '<a href="../2026-10/">Vanhemmat: Lokakuu 2026</a>' in november.html
    assert '<a href="../../2026-11-18-puhelinhairio/"><strong>Puhelinhäiriö</strong></a>' in november.html
    component = pages.model.config.status.component("sovellus")
    assert pages.component_page(component).title == "Sovellus – palvelun tila"
    assert '<li><a href="2026-11/">Marraskuu 2026</a> (4 tapahtumaa)</li>' in pages.history_index().html


def test_a_post_page_is_its_timeline_then_the_writers_body(pages):
    post = pages.model.by_path["status/2026-11-18-puhelinhairio.md"]
    page = pages.post_page(post)
    assert page.title is None and page.body == post.body
    assert '<time datetime="2026-11-18T13:40:00+02:00">18.11.2026 klo 13.40 EET</time>' in page.html
    assert "<dt>Kesto</dt><dd>1 h (jatkuu)</dd>" in page.html
    assert '<a href="../components/puhelin/">Puhelintuki</a>' in page.html


def test_the_summary_and_the_banner_link_from_where_they_are_shown(pages):
    summary = pages.summary("ukk/x/")
    assert '<a href="../../status/2026-11-18-puhelinhairio/">Puhelinhäiriö</a>' in summary
    assert "(tilanne 18.11.2026 klo 14.00 EET)" in summary
    banner = pages.announcement("../")
    assert '<strong>Huoltokatko:</strong> <a href="../status/2026-11-12-huolto-tulossa/">Tuleva huolto</a>' in banner
    assert banner.endswith('<a href="../status/">Palvelun tila</a>\n</div>')


@pytest.fixture(scope="module")
def swedish(pages) -> StatusPages:
    """The same model's pages in Swedish: the phone incident has a Swedish title and first update, not its second."""
    return StatusPages(pages.model, "sv")


def test_the_swedish_status_page_is_in_swedish_and_links_within_sv(swedish):
    page = swedish.status_page("Driftstatus", "Här ser du …")
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.html))
    for words in ("Delvis avbrott i tjänsterna", "Läget 18.11.2026 kl. 14.00 EET.", "Pågående störningar",
                  "Underhållsavbrott", "Kommande", "De senaste 90 dagarna", "Prenumerera på meddelanden"):
        assert words in text
    for finnish in ("Käynnissä olevat häiriöt", "Tilaa tiedotteet", "Viimeisimmät tapahtumat", "Tila omalle sivustollesi"):
        assert finnish not in text
    assert '<a href="2026-11-18-puhelinhairio/"><strong>Telefonstörning</strong></a>' in page.html
    assert '<a href="history.atom" type="application/atom+xml">' in page.html  # sv/status/history.atom
    assert '<a href="../../api/v2/summary.json" type="application/json" hreflang="fi">' in page.html  # Finnish only


def test_a_text_not_yet_in_swedish_is_the_finnish_one_marked_as_such(swedish):
    page = swedish.status_page("Driftstatus", "")
    # The open incident's latest update has no Swedish text: shown in Finnish, with lang and a visible word.
    assert ('<p class="status-untranslated">(på finska)</p>\n<div class="status-post__latest" lang="fi">'
            '<p>Vika on <strong>operaattorilla</strong>.</p></div>') in page.html
    post = swedish.post_page(swedish.model.by_path["status/2026-11-18-puhelinhairio.md"])
    assert post.title == "Telefonstörning"  # a translated page has no source to take its title from
    timeline = post.html[post.html.index("status-timeline"):]
    assert '<div class="status-timeline__text"><p>Vissa samtal bryts.</p></div>' in timeline
    assert '<div class="status-timeline__text" lang="fi"><p>Vika on <strong>operaattorilla</strong>.</p></div>' in timeline
    assert "<dt>Längd</dt><dd>1 h (pågår)</dd>" in post.html
    # A title without title_sv: the Finnish one, marked the same way, in lists and on its own page.
    upcoming = swedish.model.by_path["status/2026-11-12-huolto-tulossa.md"]
    assert ('<a href="2026-11-12-huolto-tulossa/"><span lang="fi">Tuleva huolto</span> '
            '<span class="status-untranslated">(på finska)</span></a>') in page.html
    assert swedish.post_page(upcoming).title == "Tuleva huolto"


def test_the_swedish_history_component_and_banner(swedish):
    november = swedish.month_page("2026-11")
    assert november.title == "Störningshistorik: november 2026"
    assert '<a href="../2026-10/">Äldre: Oktober 2026</a>' in november.html
    assert '<li><a href="2026-11/">November 2026</a> (4 händelser)</li>' in swedish.history_index().html
    component = swedish.component_page(swedish.model.config.status.component("puhelin"))
    assert component.title == "Puhelintuki – driftstatus"
    assert "<dt>Status nu</dt>" in component.html
    banner = swedish.announcement("../../")
    assert ('<strong>Driftstörning:</strong> <a href="../../sv/status/2026-11-18-puhelinhairio/">Telefonstörning</a>'
            ' – <span data-state-label>Orsaken har hittats</span>') in banner
    assert banner.endswith('<a href="../../sv/status/">Driftstatus</a>\n</div>')
    summary = swedish.summary("sv/ukk/")
    assert '<a href="../status/">Driftstatus och störningshistorik</a>' in summary  # sv/status/
    assert 'data-status-live="../status/current.json"' in summary


def test_the_writers_body_on_a_swedish_post_page_is_marked_finnish(swedish):
    post = swedish.model.by_path["status/2026-10-01-kirjautumiskatko.md"]
    assert post.body.strip()
    body = swedish.post_page(post).body
    assert body.startswith('<p class="status-untranslated">(på finska)</p>\n<div class="status-post-body" lang="fi" '
                           'markdown="1">\n\n')
    assert body.endswith(post.body.strip() + "\n\n\n</div>\n")
