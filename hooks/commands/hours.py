"""``supportsite hours``: the opening hours of each date in a range, as a table (Finnish or Swedish) or JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys

from hooks.core import clock
from hooks.core.calendar import Calendar
from hooks.core.config import SiteConfig, load_site_config
from hooks.core.formats import Formats
from hooks.core.hoursexport import day_json
from hooks.core.problems import ValidationError
from hooks.core.supportlabels import LABELS

MAX_DAYS = 3660  # ten years: enough for any planning question, small enough to answer at once
DEFAULT_DAYS = 14


class UsageError(Exception):
    """Bad command-line input: reported as one line, exit status 2, no traceback."""


def load_calendar(root) -> tuple[SiteConfig, Calendar]:
    config, problems = load_site_config(root)
    if problems or config is None:
        raise ValidationError(problems)
    return config, Calendar.from_config(config)


def parse_date(option: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option}: invalid date (expected YYYY-MM-DD, got {text!r})") from None


def report_errors(command: str, run):
    """Wrap ``run(args)`` so input and config problems end in one message and a status, not a traceback."""
    def guarded(args) -> int:
        try:
            return run(args)
        except UsageError as error:
            print(f"supportsite {command}: {error}", file=sys.stderr)
            return 2
        except ValidationError as error:
            print(error.report(), file=sys.stderr)
            return 1
    return guarded


def add_language(parser) -> None:
    parser.add_argument("--lang", choices=tuple(LABELS), default="fi",
                        help="the language of the table and of the notes (default: fi)")


def register(sub) -> None:
    parser = sub.add_parser("hours", help="opening hours per date (holidays, eves and exceptions applied)")
    parser.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="first date (default: today in the support centre's time zone)")
    parser.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help=f"last date, inclusive (default: {DEFAULT_DAYS - 1} days after --from)")
    parser.add_argument("--json", action="store_true", help='a JSON array: {"date", "open": [["08:00", "11:00"], …], "note"} per date')
    add_language(parser)
    parser.set_defaults(run=report_errors("hours", run))


def run(args) -> int:
    config, calendar = load_calendar(args.root)
    if args.first is not None:
        first = parse_date("--from", args.first)
    else:
        first = clock.now().astimezone(config.timezone).date()
    last = parse_date("--to", args.last) if args.last is not None else first + dt.timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        raise UsageError(f"--to: range ends before it starts (expected a date on or after {first}, got {last})")
    if (last - first).days >= MAX_DAYS:
        raise UsageError(f"--to: range too long (expected at most {MAX_DAYS} days, got {(last - first).days + 1})")
    days = calendar.days(first, last)
    if args.json:
        # one date per line: the array stays readable and easy to diff
        lines = [json.dumps(day_json(day, args.lang), ensure_ascii=False) for day in days]
        print("[\n" + ",\n".join("  " + line for line in lines) + "\n]")
        return 0
    labels, formats = LABELS[args.lang], Formats(args.lang)
    rows = [labels.cli_hours_columns]
    rows += [(formats.weekday_date(d.date), formats.intervals(d.open) if d.open else labels.closed,
              d.note(args.lang) or "") for d in days]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    print(labels.cli_hours_title.format(first=formats.weekday_date(first), last=formats.weekday_date(last),
                                        timezone=config.timezone.key))
    for row in rows:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}".rstrip())
    return 0
