"""The ``supportsite`` command: the same core as the site, without MkDocs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hooks.commands import check, hours, new, publish, schema, search, sla

COMMANDS = (check, hours, sla, new, publish, search, schema)


def find_root(start: Path) -> Path:
    """The nearest folder upwards that holds ``mkdocs.yml``: commands work from anywhere in the repo."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="supportsite", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="the repository (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.root = (args.root or find_root(Path.cwd())).resolve()
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
