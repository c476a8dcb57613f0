"""``supportsite new incident|update|maintenance``: write a status post or one more update, validated, and print its path."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from hooks.core import clock
from hooks.core.config import load_site_config
from hooks.core.incidents import INCIDENT_IMPACTS, STATES
from hooks.core.postfile import (
    COMPONENT_IMPACT_OF, append_update, format_at, free_path, new_post_text, status_post_file, validate_post,
)
from hooks.core.problems import Problem, ValidationError


def register(sub) -> None:
    parser = sub.add_parser("new", help="write a new status post or an update to one (status/*.md)")
    kinds = parser.add_subparsers(dest="what", required=True, metavar="WHAT")

    incident = kinds.add_parser("incident", help="a new incident with its first 'investigating' update")
    incident.add_argument("--title", required=True)
    incident.add_argument("--component", action="append", required=True, metavar="ID[=IMPACT]",
                          help="an affected component (repeat for more); IMPACT defaults from --impact")
    incident.add_argument("--impact", required=True, choices=INCIDENT_IMPACTS[1:])
    incident.add_argument("--message", required=True, help="the first update's text (Markdown)")
    _swedish(incident, title=True)
    incident.add_argument("--at", help="when, ISO 8601 with offset (default: now)")
    incident.set_defaults(run=run_incident)

    update = kinds.add_parser("update", help="append an update to an existing post, keeping the rest as written")
    update.add_argument("path", type=Path)
    update.add_argument("--status", required=True, help="the new state, e.g. identified, monitoring, resolved")
    update.add_argument("--message", required=True)
    _swedish(update, title=False)
    update.add_argument("--at", help="when, ISO 8601 with offset (default: now)")
    update.add_argument("--component", action="append", default=[], metavar="ID=IMPACT",
                        help="a component's impact from this update on, e.g. kirjautuminen=operational (repeat for more)")
    update.set_defaults(run=run_update)

    maintenance = kinds.add_parser("maintenance", help="a new scheduled maintenance with its first 'scheduled' update")
    maintenance.add_argument("--title", required=True)
    maintenance.add_argument("--component", action="append", required=True, metavar="ID[=IMPACT]",
                             help="an affected component (repeat for more); IMPACT defaults to under_maintenance")
    maintenance.add_argument("--start", required=True, help="ISO 8601 with offset")
    maintenance.add_argument("--end", required=True, help="ISO 8601 with offset")
    maintenance.add_argument("--impact", default="none", choices=INCIDENT_IMPACTS)
    maintenance.add_argument("--message", required=True)
    _swedish(maintenance, title=True)
    maintenance.add_argument("--at", help="when announced, ISO 8601 with offset (default: now)")
    maintenance.set_defaults(run=run_maintenance)
    parser.set_defaults(run=lambda args: 2)


def _swedish(parser, *, title: bool) -> None:
    """The Swedish texts beside the Finnish ones (title_sv, text_sv); without them the Swedish pages show the Finnish."""
    if title:
        parser.add_argument("--title-sv", help="the title in Swedish (optional)")
    parser.add_argument("--message-sv", help="the text in Swedish (Markdown, optional)")


def _fail(problems: list[Problem]) -> int:
    print(ValidationError(problems).report(), file=sys.stderr)
    return 1


def _instant(text: str | None, option: str) -> dt.datetime | Problem:
    if text is None:
        return clock.now()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return Problem("command line", 0, option, "invalid timestamp", "a date and time with a UTC offset, such as 2026-10-14T09:12:00+03:00", repr(text))
    if moment.tzinfo is None or moment.utcoffset() is None:
        return Problem("command line", 0, option, "timestamp without UTC offset", "a date and time with a UTC offset, such as 2026-10-14T09:12:00+03:00", repr(text))
    return moment


def _components(values: list[str], default: str) -> dict[str, str]:
    out = {}
    for value in values:
        cid, _, impact = value.partition("=")
        out[cid.strip()] = impact.strip() or default
    return out


def _write_new(args, kind: str, impact: str, components: dict[str, str], first: str, scheduled=None) -> int:
    config, problems = load_site_config(args.root)
    if config is None:
        return _fail(problems)
    at = _instant(args.at, "--at")
    if isinstance(at, Problem):
        return _fail([at])
    stamp = format_at(at, config)
    text = new_post_text(kind=kind, title=args.title, impact=impact, components=components,
                         updates=[(stamp, first, args.message, args.message_sv)], scheduled=scheduled,
                         title_sv=args.title_sv)
    relative = free_path(args.root, at.astimezone(config.timezone).date(), args.title)
    found = status_post_file(args.root, args.root / relative, relative)
    if isinstance(found, Problem):
        return _fail([found])  # status/ itself leads elsewhere
    target, relative = found
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:  # "x": never through a link made since free_path looked
        out.write(text)
    problems = validate_post(args.root, relative, config)
    if problems:
        target.unlink()  # never leave a file that would stop the build
        return _fail(problems)
    print(relative)
    return 0


def run_incident(args) -> int:
    components = _components(args.component, COMPONENT_IMPACT_OF[args.impact])
    return _write_new(args, "incident", args.impact, components, STATES["incident"][0])


def run_maintenance(args) -> int:
    config, problems = load_site_config(args.root)
    if config is None:
        return _fail(problems)
    window = [_instant(args.start, "--start"), _instant(args.end, "--end")]
    bad = [w for w in window if isinstance(w, Problem)]
    if bad:
        return _fail(bad)
    scheduled = (format_at(window[0], config), format_at(window[1], config))
    components = _components(args.component, "under_maintenance")
    return _write_new(args, "maintenance", args.impact, components, STATES["maintenance"][0], scheduled)


def run_update(args) -> int:
    config, problems = load_site_config(args.root)
    if config is None:
        return _fail(problems)
    found = status_post_file(args.root, args.path, str(args.path))
    if isinstance(found, Problem):
        return _fail([found])
    target, relative = found
    if not target.is_file():
        return _fail([Problem(relative, 0, "", "file not found")])
    at = _instant(args.at, "--at")
    if isinstance(at, Problem):
        return _fail([at])
    before = target.read_bytes()
    try:
        text = append_update(before.decode("utf-8"), format_at(at, config), args.status, args.message,
                             _components(args.component, "") or None, args.message_sv)
    except (ValueError, UnicodeDecodeError) as error:
        return _fail([Problem(relative, 1, "updates", "cannot append an update", None, str(error))])
    target.write_text(text, encoding="utf-8")
    problems = validate_post(args.root, relative, config)
    if problems:
        target.write_bytes(before)  # leave the file exactly as it was
        return _fail(problems)
    print(relative)
    return 0
