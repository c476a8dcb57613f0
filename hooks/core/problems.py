"""Validation problems and the one error that reports all of them in one wording."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one source file, located to a line and a key."""

    path: str
    line: int
    key: str
    problem: str
    expected: str | None = None
    got: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        key = f"{self.key}: " if self.key else ""
        detail = ""
        if self.expected is not None or self.got is not None:
            parts = []
            if self.expected is not None:
                parts.append(f"expected {self.expected}")
            if self.got is not None:
                parts.append(f"got {self.got}")
            detail = f" ({', '.join(parts)})"
        return f"{where}{key}{self.problem}{detail}"


class ValidationError(Exception):
    """Raised once with every problem found, never just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found in the site sources:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def describe(value: object) -> str:
    """Show a value read from YAML the way the writer typed it, for the ``got …`` part."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if value else "an empty text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)
