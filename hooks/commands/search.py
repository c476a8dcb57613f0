"""``supportsite search``: not written yet."""

from __future__ import annotations


def register(sub) -> None:
    parser = sub.add_parser("search", help="(not written yet)")
    parser.set_defaults(run=lambda args: 2)
