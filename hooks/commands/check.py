"""``supportsite check``: validate every source without building."""

from __future__ import annotations

import sys

from hooks.core.content import load_project
from hooks.core.problems import ValidationError


def register(sub) -> None:
    parser = sub.add_parser("check", help="validate site_config/ and every Markdown source; exit 1 on any problem")
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        project = load_project(args.root)
    except ValidationError as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(f"OK: {len(project.documents())} documents, site_config/support.yml and site_config/synonyms.yml are valid.")
    return 0
