"""Where a Markdown text holds code (fenced and indented blocks, code spans), masked out; its first heading."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# The rules follow Python-Markdown 3 with pymdownx.superfences, the site's Markdown. They are an approximation:
# hooks/core/bodypolicy.py renders a body whose masking hid anything, so that a mistake here can only cost an
# exact line number, never let live HTML pass as code.

TAB = 4  # Python-Markdown expands tabs to 4 columns before any block is found
_PREFIX = " >"  # what superfences skips before a fence: indentation and blockquote marks
_FENCE_OPEN = re.compile(
    r"""(?P<fence>~{3,}|`{3,})(?P<info>
        (?:[ \t]*\.?[\w#.+-]+(?=[\t ]|$))?                                    # language
        (?:[ \t]*\{[^\n]*\}                                                   # {attributes}, or
          |(?:[ \t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<q>["']).*?(?P=q))?(?=[\t ]|$))+  # options
        )?)[ \t]*$""",
    re.VERBOSE,
)
# A line that keeps the indented lines after it out of a code block: they continue a list item, an admonition,
# a collapsible block or a definition (pymdownx.details, admonition, def_list).
_CONTAINER = re.compile(r"^ {0,3}(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|:[ \t])")
_TICKS = re.compile(r"`+")
_H1_LINE = re.compile(r"#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")


@dataclass(frozen=True)
class Fence:
    """A fenced code block: the index of its opening line in the text, and what follows the fence there."""

    line: int
    info: str


@dataclass(frozen=True)
class Masked:
    """The text with every character of code replaced by a space (newlines stay), and its fenced blocks."""

    text: str
    fences: tuple[Fence, ...]
    hid_anything: bool  # whether code held more than white space, i.e. whether masking can change a finding


@functools.lru_cache(maxsize=64)  # the link, marker and body checks each ask for the same document's
def mask_code(text: str) -> Masked:
    """``text`` with its code blanked out: fenced blocks, indented code blocks and inline code spans."""
    lines = text.split("\n")
    code, fences = _fenced_lines(lines)
    code |= _indented_lines(lines, code)
    hid = any(lines[index].strip() for index in code)
    masked = "\n".join((" " * len(line) if index in code else line) for index, line in enumerate(lines))
    spans = _mask_spans(masked)
    return Masked(spans, tuple(fences), hid or spans != masked)


def first_heading(text: str) -> str | None:
    """The text of the first ATX ``# heading`` outside code, as written (a shell comment in a code block is not one)."""
    lines = text.split("\n")
    for index, line in enumerate(mask_code(text).text.split("\n")):
        if _H1_LINE.match(line):
            # Found on the masked line, read from the written one: a code span in the heading is part of it.
            return _H1_LINE.match(lines[index])[1]
    return None


def _fenced_lines(lines: list[str]) -> tuple[set[int], list[Fence]]:
    """The lines of closed fenced blocks, found the way superfences finds them (at any indentation, in quotes)."""
    code: set[int] = set()
    fences: list[Fence] = []
    start = None
    for index, raw in enumerate(lines):
        line = raw.expandtabs(TAB)
        if start is None:
            ws = len(line) - len(line.lstrip(_PREFIX))
            opening = _FENCE_OPEN.match(line, ws)
            if opening:
                start, ws_len, quotes, blanks = index, ws, line[:ws].count(">"), 0
                fence, info = opening["fence"], opening["info"].strip()
            continue
        head = line[:ws_len]
        prefix = head[:len(head) - len(head.lstrip(_PREFIX))]
        content = line[len(prefix):]
        level = prefix.count(">")
        closing = content.startswith(fence) and not content[len(fence):].strip(" \t")
        if quotes:  # superfences' rules for a fence inside a blockquote
            if level > quotes or (content and (len(prefix) < ws_len or (blanks and level < quotes))):
                start = None
            elif not content:
                blanks += 1
            elif closing:
                code.update(range(start, index + 1))
                fences.append(Fence(start, info))
                start = None
            else:
                blanks = 0
        elif level:
            start = None
        elif not line.strip():
            continue
        elif len(prefix) != ws_len:
            start = None  # a line indented less than the fence ends it unclosed
        elif closing and not content.startswith((" ", "\t")):
            code.update(range(start, index + 1))
            fences.append(Fence(start, info))
            start = None
    return code, fences


def _indented_lines(lines: list[str], fenced: set[int]) -> set[int]:
    """Lines of indented code blocks: indented 4 columns after a blank line, and not inside a list or the like."""
    code: set[int] = set()
    after_blank, in_block, container = True, False, False
    for index, raw in enumerate(lines):
        line = raw.expandtabs(TAB)
        if not line.strip():
            after_blank = True
            continue
        indented = line.startswith(" " * TAB)
        if index in fenced:
            in_block, container = False, container and indented
        elif indented and (in_block or (after_blank and not container)):
            code.add(index)
            in_block = True
        elif indented:
            in_block = False  # a lazy continuation of a paragraph, or a container's content
        else:
            in_block = False
            if _CONTAINER.match(line):
                container = True
            elif after_blank:
                container = False  # a new block at the margin ends the list (or the like) above it
        after_blank = False
    return code


def _mask_spans(text: str) -> str:
    """Blank out inline code spans: a run of backticks up to the next run of the same length, within a paragraph."""
    if "`" not in text:
        return text
    out = list(text)
    for block in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        position, end = block.start(), block.end()
        while (ticks := _TICKS.search(text, position, end)) is not None:
            if _escaped(text, ticks.start()):
                position = ticks.start() + 1  # an escaped backtick is literal; the rest of its run may open a span
                continue
            closing = next((m for m in _TICKS.finditer(text, ticks.end(), end) if len(m[0]) == len(ticks[0])), None)
            if closing is None:
                position = ticks.end()
                continue
            for index in range(ticks.start(), closing.end()):
                if out[index] != "\n":
                    out[index] = " "
            position = closing.end()
    return "".join(out)


def _escaped(text: str, index: int) -> bool:
    before = text[max(0, index - 16):index]
    return (len(before) - len(before.rstrip("\\"))) % 2 == 1
