"""Where each source and each generated page or file is published, and the sources that would share one path."""

from __future__ import annotations

import functools
import posixpath
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from hooks.core.languages import DEFAULT, LANGUAGES, TRANSLATIONS, language_of_url, published_uri, source_in, split
from hooks.core.problems import Problem

# MkDocs makes a page of a file with any of these endings (mkdocs.utils.markdown_extensions).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
DOCS_FOLDER = "content"  # MkDocs' docs_dir: its files are published from the site's root
EXTRA_FOLDERS = ("academy", "status")  # published under their own name (hooks/site.py adds them)
CONFIG_PATH = "site_config/support.yml"

# The build's own pages and files, as source URIs (MkDocs' ``src_uri``) or published paths.
FAQ_INDEX = "ukk/index.md"
PRODUCTS_FOLDER = "ukk/tuotteet/"
PRODUCTS_INDEX = PRODUCTS_FOLDER + "index.md"
TAGS_FOLDER = "ukk/aiheet/"
TAGS_INDEX = TAGS_FOLDER + "index.md"
MANUALS_FOLDER = "academy/manuals/"
ONE_PAGE_NAME = "kokonaan.md"
NEWS_INDEX = "academy/news/index.md"
NEWS_ATOM, NEWS_RSS = "academy/news.atom", "academy/news.rss"
STATUS_URL = "status/"
STATUS_INDEX = STATUS_URL + "index.md"
STATUS_HISTORY_FOLDER = STATUS_URL + "history/"
STATUS_COMPONENTS_FOLDER = STATUS_URL + "components/"
# The Statuspage-compatible API, written twice with the same bytes: at the site's root, where Statuspage's clients
# look (Atlassian's widget asks for <origin>/api/v2/summary.json whatever page address it is given), and under
# status/, its first address, kept for the monitors already reading it. Two copies need no rewrite or redirect
# from the host, which a plain static host cannot give and some monitors do not follow.
API_FOLDER = "api/"
API_V2_FOLDER = API_FOLDER + "v2/"
STATUS_API_FOLDER = STATUS_URL + API_FOLDER
STATUS_API_V2_FOLDER = STATUS_API_FOLDER + "v2/"
API_V2_FOLDERS = (API_V2_FOLDER, STATUS_API_V2_FOLDER)
API_V2_FILES = (  # in each of API_V2_FOLDERS, as hooks/core/statusapi.py's StatusApi.documents() names them
    "summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
    "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json",
)
ATOM_NAME, RSS_NAME = "history.atom", "history.rss"  # the status feeds, and each component's beside its page
STATUS_ATOM, STATUS_RSS = STATUS_URL + ATOM_NAME, STATUS_URL + RSS_NAME
MAINTENANCE_ICS = STATUS_URL + "maintenance.ics"
STATUS_LIVE = STATUS_URL + "current.json"  # what every page's banner and status box read in the browser (statuslive.py)
HOURS_JSON, HOURS_ICS = "support/hours.json", "support/hours.ics"
SITEMAP, SITEMAP_GZ = "sitemap.xml", "sitemap.xml.gz"
NOT_FOUND_PAGE = "404.html"
HEADERS_FILE = "_headers"
SEARCH_FOLDER = "pagefind/"
LANGUAGE_FOLDERS = {LANGUAGES[code].prefix: code for code in TRANSLATIONS}  # "sv/": the Swedish pages, from .sv.md


def tag_slug(tag: str) -> str:
    """A URL-safe name for a tag: ``Palkka-ajo`` → ``palkka-ajo``, ``Etäyhteys`` → ``etayhteys``."""
    folded = unicodedata.normalize("NFKD", tag.lower())
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "aihe"


def tag_uri(tag: str) -> str:
    return f"{TAGS_FOLDER}{tag_slug(tag)}.md"


def product_uri(product_id: str) -> str:
    return f"{PRODUCTS_FOLDER}{product_id}.md"


def post_url(slug: str) -> str:
    """The page of the status post ``status/<slug>.md``."""
    return f"{STATUS_URL}{slug}/"


def component_url(component_id: str) -> str:
    """A status component's page; its feeds are beside it."""
    return f"{STATUS_COMPONENTS_FOLDER}{component_id}/"


def month_url(month: str) -> str:
    """One month (``2026-11``) of the incident history."""
    return f"{STATUS_HISTORY_FOLDER}{month}/"


def absolute_url(site_url: str, url: str) -> str:
    """A published URL as readers away from the site need it: ``https://tuki.example.fi/`` + ``status/``."""
    return site_url.rstrip("/") + "/" + url


def site_host(site_url: str) -> str:
    """The host in the ids of feeds, calendars and the status API (``localhost`` when no site_url is set)."""
    return urlsplit(site_url).hostname or "localhost"


def site_uri_of(source: str) -> str | None:
    """The source file's URI among the site's files (MkDocs' ``src_uri``); None for a file that is never published.

    ``content/`` is the site's root, ``academy/`` and ``status/`` keep their names. MkDocs leaves out every
    dotfile and dot-folder and docs_dir's ``templates/`` (its default ``exclude_docs``)."""
    top, _, rest = source.partition("/")
    if top == DOCS_FOLDER:
        uri = rest
        if uri.startswith("templates/"):
            return None
    elif top in EXTRA_FOLDERS:
        uri = source
    else:
        return None
    if any(part.startswith(".") for part in uri.split("/")):
        return None
    return uri


def published_path(uri: str) -> str:
    """The path in the built site of the file with source URI ``uri`` (directory URLs, as MkDocs writes them); a
    translation's (``ukk/a.sv.md``) is in its language's folder (``sv/ukk/a/index.html``)."""
    folder, name = posixpath.split(published_uri(uri) if uri.endswith(MARKDOWN_SUFFIXES) else uri)
    stem, suffix = posixpath.splitext(name)
    if suffix not in MARKDOWN_SUFFIXES:  # case-sensitive, as in MkDocs: ``X.MD`` is copied as it is
        return uri
    if stem in ("index", "README"):  # MkDocs publishes README.md as its folder's index
        return posixpath.join(folder, "index.html")
    return posixpath.join(folder, stem, "index.html")


def _is_page(path: str) -> bool:
    return path == "index.html" or path.endswith("/index.html")


def shown_path(path: str) -> str:
    """A published path as a message names it: a page by its URL (``ukk/x/``, the home page ``/``), a file as is."""
    if _is_page(path):
        return path.removesuffix("index.html") or "/"
    return path


@dataclass(frozen=True)
class Generated:
    """A path the build itself publishes: a file, a folder (ending ``/``) all of whose paths are the build's, or a
    pattern in which ``*`` stands for one name. ``written_as``: the source the build publishes there instead."""

    path: str
    what: str
    written_as: str | None = None

    def covers(self, published: str) -> bool:
        if self.path.endswith("/"):
            return published.startswith(self.path)
        if "*" in self.path:
            return _pattern(self.path).fullmatch(published) is not None
        return published == self.path


@functools.cache
def _pattern(path: str) -> re.Pattern[str]:
    return re.compile("[^/]+".join(map(re.escape, path.split("*"))))


GENERATED: tuple[Generated, ...] = (
    # the knowledge base (hooks/core/knowledgepages.py); a file before the folder it is in: the first match names it
    Generated(published_path(PRODUCTS_INDEX), "the generated products index"),
    Generated(PRODUCTS_FOLDER, "the generated product pages"),
    Generated(published_path(TAGS_INDEX), "the generated tags index"),
    Generated(TAGS_FOLDER, "the generated tag pages"),
    Generated(published_path(MANUALS_FOLDER + "*/" + ONE_PAGE_NAME), "the generated one-page view of the manual"),
    Generated(published_path(NEWS_INDEX), "the generated news index", written_as=NEWS_INDEX),
    Generated(NEWS_ATOM, "the generated news feed"),
    Generated(NEWS_RSS, "the generated news feed"),
    # the status blog (hooks/status.py)
    Generated(published_path(STATUS_INDEX), "the generated status page", written_as=STATUS_INDEX),
    Generated(STATUS_HISTORY_FOLDER, "the generated incident history"),
    Generated(STATUS_COMPONENTS_FOLDER, "the generated component pages and feeds"),
    Generated(STATUS_API_FOLDER, "the generated status API"),
    Generated(API_FOLDER, "the generated status API"),
    Generated(STATUS_ATOM, "the generated status feed"),
    Generated(STATUS_RSS, "the generated status feed"),
    Generated(MAINTENANCE_ICS, "the generated maintenance calendar"),
    Generated(STATUS_LIVE, "the generated current status"),
    # opening hours (hooks/support.py), the site (hooks/site.py, hooks/knowledge.py), MkDocs and the theme
    Generated(HOURS_JSON, "the generated opening hours export"),
    Generated(HOURS_ICS, "the generated opening hours export"),
    Generated(HEADERS_FILE, "the generated HTTP headers file"),
    Generated(SEARCH_FOLDER, "the generated search index"),
    Generated(SITEMAP, "the generated sitemap"),
    Generated(SITEMAP_GZ, "the generated sitemap"),
    Generated(NOT_FOUND_PAGE, "the theme's not-found page"),
    # Material's and hooks/theme/'s static files: MkDocs lets a source replace them without a word.
    Generated("assets/javascripts/", "the theme's scripts"),
    Generated("assets/stylesheets/", "the theme's stylesheets"),
    Generated("assets/images/favicon.png", "the theme's icon"),
    Generated("assets/images/favicon.svg", "the theme's icon"),
)


def generated_at(published: str, sources: Collection[str] = ()) -> Generated | None:
    """What the build itself publishes at ``published``, unless one of ``sources`` is what it publishes instead.

    The build publishes its pages and files in every language: ``sv/ukk/aiheet/`` is the Swedish tag pages'."""
    code = language_of_url(published)
    inside = published.removeprefix(LANGUAGES[code].prefix)
    for entry in GENERATED:
        written_as = source_in(entry.written_as, code) if entry.written_as else None
        if entry.covers(inside) and written_as not in sources:
            return entry
    return None


def _sources_problem(path: str, key: str, published: str, names: Sequence[str], line: int = 0) -> Problem:
    """The one wording for a published path claimed more than once: each claim named, sources first."""
    count = {2: "two", 3: "three"}.get(len(names), str(len(names)))
    noun = "page" if _is_page(published) else "file"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return Problem(path, line, key, f"{count} sources for one {noun}", f"one source for {shown_path(published)}", listed)


def check_published_paths(sources: Iterable[str],
                          tagged: Iterable[tuple[str, Sequence[str]] | tuple[str, Sequence[str], Sequence[int]]] = (),
                          products: Sequence[str] = ()) -> list[Problem]:
    """Every published path that two sources would share, or a source and the build (one problem for each path).

    MkDocs keeps one of two files for one path without a word and lists the path twice in the sitemap; the other
    page is lost. ``sources``: the repository paths of every file of the source folders; ``tagged``: each document's
    path and tags (tags get generated pages), and the line of each tag when known; ``products``: the product ids in
    site_config's order."""
    written = set(sources)
    by_path: dict[str, list[str]] = {}
    for source in sorted(written):
        uri = site_uri_of(source)
        if uri is not None:
            by_path.setdefault(published_path(uri), []).append(source)
    problems = []
    for source in sorted(written):
        uri = site_uri_of(source)
        folder = uri.split("/", 1)[0] + "/" if uri and "/" in uri else None
        if folder in LANGUAGE_FOLDERS and split(uri)[1] == DEFAULT:
            code = LANGUAGE_FOLDERS[folder]
            problems.append(Problem(source, 0, "", f"a source in the folder of the {LANGUAGES[code].name} pages",
                                    f"the translation beside its original, named like {source_in('x.md', code)}",
                                    f"{DOCS_FOLDER}/{folder}"))
    for published, owners in sorted(by_path.items()):
        generated = generated_at(published, written)
        names = [*owners, *([generated.what] if generated else [])]
        if len(names) > 1:
            problems.append(_sources_problem(owners[0], "url", published, names))
    tags_index = published_path(TAGS_INDEX)
    for path, tags, *known in tagged:
        lines = known[0] if known else [0] * len(tags)
        for index, (tag, line) in enumerate(zip(tags, lines)):
            if published_path(tag_uri(tag)) == tags_index:
                problems.append(_sources_problem(path, f"tags[{index}]", tags_index,
                                                 [f"the page of the tag {tag!r}", "the generated tags index"], line))
    products_index = published_path(PRODUCTS_INDEX)
    for index, product in enumerate(products):
        if published_path(product_uri(product)) == products_index:
            problems.append(_sources_problem(CONFIG_PATH, f"products[{index}].id", products_index,
                                             [f"the page of the product {product!r}", "the generated products index"]))
    return problems
