"""The schema and model of ``site_config/synonyms.yml``: groups of words that customers use for the same thing.

Writers keep the file; both search engines read it (``hooks/core/queryplan.py`` and its browser twin): a query
word of a group also looks for every other word of the group. A group may hold Finnish and Swedish words, so a
Swedish query finds the Finnish page until the page has a Swedish translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from hooks.core.config import load_config_file
from hooks.core.memo import TextMemo
from hooks.core.problems import Problem, describe
from hooks.core.schema import INVALID, Check, Context, Invalid, KeyPath, ListOf, Model, Text, option

SYNONYMS_PATH = "site_config/synonyms.yml"
LANGUAGES = ("fi", "sv")


class Word(Text):
    """One word or a compound written as one ("vianmääritys"). No hyphen: the search splits "e-lasku" into two
    words, so a hyphenated entry would never match; write the part customers type ("lasku") or the word joined."""

    expected = "one word: letters and digits, no spaces or hyphens"
    pattern = re.compile(r"^[^\W_]+$")

    def convert(self, value, ctx, key):
        text = super().convert(value, ctx, key)
        if not self.pattern.match(text):
            raise Invalid("not one word", self.expected, describe(value))
        return text

    def json_type(self):
        return {"type": "string", "pattern": r"^[^\s_-]+$"}


def _two_words(values: dict, ctx: Context, key: KeyPath) -> None:
    if len(values["fi"]) + len(values["sv"]) < 2:
        ctx.report(key, "a group of one word", "at least two words (Finnish, Swedish or both)",
                   f"{len(values['fi']) + len(values['sv'])} word(s)")


def _each_word_once(groups: tuple, ctx: Context, key: KeyPath) -> None:
    """A word in two groups would join them silently: the writer should merge them or choose one."""
    seen: dict[tuple[str, str], int] = {}
    for index, group in enumerate(groups):
        if group is INVALID:
            continue
        for language in LANGUAGES:
            for position, word in enumerate(getattr(group, language)):
                first = seen.setdefault((language, word.lower()), index)
                if first != index:
                    ctx.report((*key, index, language, position), "word in two groups",
                               "each word in one group (merge the groups)",
                               f"{word!r}, also in group {first + 1}")


class Groups(ListOf):
    """The list of groups. A word in two groups is checked here rather than as a check of ``Synonyms``: a model's
    checks run only when all its values are valid, and the writer should hear of every problem at once."""

    def convert(self, value, ctx, key):
        groups = super().convert(value, ctx, key)
        _each_word_once(groups, ctx, key)
        return groups


@dataclass(frozen=True)
class SynonymGroup:
    CHECKS: ClassVar[tuple[Check, ...]] = (_two_words,)

    fi: tuple[str, ...] = option(ListOf(Word(), default=(), doc="Finnish words for the same thing."))
    sv: tuple[str, ...] = option(ListOf(Word(), default=(), doc="Swedish words for the same thing."))

    def words(self) -> list[tuple[str, str]]:
        """(language, word) for every word of the group, Finnish first."""
        return [(language, word) for language in LANGUAGES for word in getattr(self, language)]


@dataclass(frozen=True)
class Synonyms:
    groups: tuple[SynonymGroup, ...] = option(Groups(Model(SynonymGroup), default=(),
                                                   doc="Each group: words customers use for the same thing."))


SCHEMA = Model(Synonyms)
NO_SYNONYMS = Synonyms()

_PARSED: TextMemo[tuple[Synonyms | None, list[Problem]]] = TextMemo()


def load_synonyms(root: Path) -> tuple[Synonyms | None, list[Problem]]:
    """Read and validate ``site_config/synonyms.yml`` under ``root``; a site without the file has no synonyms."""
    if not (root / SYNONYMS_PATH).exists():
        return NO_SYNONYMS, []
    return load_config_file(root, SYNONYMS_PATH, SCHEMA, _PARSED)
