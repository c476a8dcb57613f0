"""``supportsite sla``: when work on a case must start, counted in opening minutes from its registration."""

from __future__ import annotations

import datetime as dt
import json

from hooks.commands.hours import UsageError, add_language, load_calendar, report_errors
from hooks.core.formats import Formats
from hooks.core.hoursexport import working_day_minutes
from hooks.core.sla import NoOpeningHours, compute_deadline
from hooks.core.supportlabels import LABELS


def register(sub) -> None:
    parser = sub.add_parser("sla", help="the SLA deadline of a case: registration time plus target opening minutes")
    parser.add_argument("--registered", required=True, metavar="TIME",
                        help="registration time, ISO 8601 such as 2026-12-23T13:30:00+02:00 (without an offset: Helsinki time)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--priority", metavar="1-5", help="priority whose target applies (default: the default priority)")
    target.add_argument("--minutes", metavar="N", help="a target in opening minutes instead of a priority")
    parser.add_argument("--json", action="store_true", help='{"registered", "priority", "target_minutes", "deadline"}')
    add_language(parser)
    parser.set_defaults(run=report_errors("sla", run))


def _whole_number(option: str, text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise UsageError(f"{option}: not a whole number (expected digits, got {text!r})") from None
    return value


def run(args) -> int:
    config, calendar = load_calendar(args.root)
    try:
        registered = dt.datetime.fromisoformat(args.registered.strip())
    except ValueError:
        raise UsageError("--registered: invalid time (expected a date and time such as 2026-12-23T13:30:00+02:00, "
                         f"got {args.registered!r})") from None
    registered = calendar.local(registered)
    priority = None
    if args.minutes is not None:
        minutes = _whole_number("--minutes", args.minutes)
        if minutes < 1:
            raise UsageError(f"--minutes: out of range (expected a whole number of at least 1, got {minutes})")
    else:
        number = config.sla.default_priority if args.priority is None else _whole_number("--priority", args.priority)
        ids = [p.id for p in config.sla.priorities]
        if number not in ids:
            raise UsageError(f"--priority: unknown priority (expected one of {', '.join(map(str, ids))}, got {number})")
        priority = config.sla.priority(number)
        minutes = priority.target_minutes
    try:
        deadline = compute_deadline(registered, minutes, calendar)
    except NoOpeningHours as error:
        raise UsageError(f"no deadline: {error}") from None
    if args.json:
        print(json.dumps({
            "registered": registered.isoformat(),
            "priority": priority.id if priority else None,
            "target_minutes": minutes,
            "deadline": deadline.isoformat(),
        }, ensure_ascii=False, indent=2))
        return 0
    labels, formats = LABELS[args.lang], Formats(args.lang)
    target = formats.work_duration(minutes, working_day_minutes(config))
    values = (
        formats.precise_moment(registered),
        f"{priority.id} – {priority.name[args.lang]}" if priority else "–",
        labels.cli_sla_target.format(target=target, minutes=minutes),
        formats.precise_moment(deadline),
    )
    rows = list(zip(labels.cli_sla_rows, values))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0
