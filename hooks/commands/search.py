"""``supportsite search``: find the pages that answer a question, from the sources, without building the site."""

from __future__ import annotations

import argparse
import json
import sys

from hooks.core import search
from hooks.core.content import load_project
from hooks.core.languages import DEFAULT, LANGUAGES
from hooks.core.problems import ValidationError
from hooks.core.textanalysis import AnalyserMissing


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def register(sub) -> None:
    parser = sub.add_parser(
        "search",
        help="search the FAQ, the Academy and the other pages (Finnish- and Swedish-aware); exit 1 on invalid sources",
        description="Search the knowledge base from the command line. The Whoosh index is kept in .cache/search/ "
                    "(.cache/search-sv/ for --lang sv) and refreshed from the sources on every run (only changed "
                    "files are re-indexed).")
    parser.add_argument("query", nargs="+", help="the words to look for, e.g. 'salasanan vaihtaminen'")
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default=DEFAULT,
                        help="search the pages in this language, with its word forms (default fi; sv: the Swedish "
                             "pages under sv/)")
    parser.add_argument("--limit", type=_positive, default=10, help="at most this many results (default 10)")
    parser.add_argument("--json", action="store_true",
                        help='print a JSON array of {"title", "url", "score", "kind"}; url is the path in the built site')
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        project = load_project(args.root)
    except ValidationError as error:
        print(error.report(), file=sys.stderr)
        return 1
    try:
        hits, _ = search.search(args.root, project, " ".join(args.query), args.limit, args.lang)
    except AnalyserMissing as error:
        print(f"supportsite search: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([hit.as_json() for hit in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("No results.")
        return 0
    width = max(len(hit.kind) for hit in hits)
    for hit in hits:
        print(f"{hit.score:8.3f}  {hit.kind:<{width}}  {hit.title}\n{'':10}{'/' + hit.url}")
    return 0
