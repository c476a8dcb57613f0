"""The one place that reads the clock: build time honours SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    """The current instant, aware, in UTC; ``SOURCE_DATE_EPOCH`` pins it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except ValueError:
            raise SystemExit(f"SOURCE_DATE_EPOCH: not a whole number of seconds (expected digits, got {epoch!r})") from None
    return dt.datetime.now(dt.timezone.utc)
