"""The ``supportsite`` command: the same core as the site, without MkDocs."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

# The modules under hooks/commands/, in the order of the help. Only the module of the command given is imported:
# the others bring the whole core (`publish status` during an outage would wait 0.3 s for imports it never uses).
COMMANDS = ("check", "hours", "sla", "new", "publish", "search", "schema")


def find_root(start: Path) -> Path:
    """The nearest folder upwards that holds ``mkdocs.yml``: commands work from anywhere in the repo."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with ``only`` one command's part of it."""
    parser = argparse.ArgumentParser(prog="supportsite", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="the repository (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"hooks.commands.{name}").register(sub)
    return parser


def named_command(argv: list[str]) -> str | None:
    """The command that ``argv`` names, when it names one of ours (else the whole parser reports what is wrong)."""
    given = iter(argv)
    for arg in given:
        if arg == "--root":
            next(given, None)
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(named_command(argv)).parse_args(argv)
    args.root = (args.root or find_root(Path.cwd())).resolve()
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
