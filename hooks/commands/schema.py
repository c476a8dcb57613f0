"""``supportsite schema``: write the JSON Schemas that writers' editors use to complete and check the YAML."""

from __future__ import annotations

import sys
from pathlib import Path

from hooks.core.schemaexport import SCHEMA_FOLDER, stale_schema_files, write_schema_files


def register(sub) -> None:
    parser = sub.add_parser("schema", help="write the JSON Schemas of site_config/support.yml and of each kind of "
                                           f"front matter into {SCHEMA_FOLDER}/")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help=f"the folder to write into (default: {SCHEMA_FOLDER}/ in the repository)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a file there is missing or out of date")
    parser.set_defaults(run=run)


def run(args) -> int:
    folder = args.out if args.out is not None else args.root / SCHEMA_FOLDER
    if args.check:
        stale = stale_schema_files(folder)
        if stale:
            print(f"{folder}: out of date: {', '.join(stale)} (run `supportsite schema` and commit the result)",
                  file=sys.stderr)
            return 1
        print(f"OK: the JSON Schemas in {folder} are up to date.")
        return 0
    for path in write_schema_files(folder):
        print(path)
    return 0
