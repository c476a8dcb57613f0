"""``supportsite check``: validate every source without building."""

from __future__ import annotations

import sys

from hooks.core.content import load_project
from hooks.core.gitdates import load_git_dates
from hooks.core.languages import TRANSLATIONS
from hooks.core.problems import ValidationError
from hooks.core.translations import translation_report


def register(sub) -> None:
    parser = sub.add_parser("check", help="validate site_config/ and every Markdown source; exit 1 on any problem")
    parser.add_argument("--translations", nargs="?", const="all", metavar="LANG",
                        choices=["all", *TRANSLATIONS],
                        help="also list what is not translated (into LANG, or every language): a report, not an "
                             "error; the exit status is the validation's")
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        project = load_project(args.root)
    except ValidationError as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(f"OK: {len(project.documents())} documents, site_config/support.yml and site_config/synonyms.yml are valid.")
    if args.translations:
        dates = load_git_dates(args.root, project.config.timezone)

        def date_of(document):
            return getattr(document, "updated", None) or getattr(document, "date", None) or dates.date_of(document.path)
        for code in TRANSLATIONS if args.translations == "all" else (args.translations,):
            print()
            print("\n".join(translation_report(project, code, date_of).lines()))
    return 0
