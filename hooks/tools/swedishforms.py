"""Rewrites ``hooks/core/swedish-forms.json`` and ``swedish-base-forms.json``: ``python -m hooks.tools.swedishforms``.

The search expands a Swedish synonym to its inflected forms, and the Swedish analyser lets a word that is another
word's base form stand for itself. Both come from simplemma's dictionary, whose reading takes seconds; the
committed tables spare every build that cost. Run this after adding Swedish words to site_config/synonyms.yml or
upgrading simplemma (``tests/test_searchdocs.py`` and ``tests/test_textanalysis.py`` say when a table is out of date).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hooks.core.problems import ValidationError
from hooks.core.searchdocs import SWEDISH_FORMS, forms_table
from hooks.core.synonyms import load_synonyms
from hooks.core.textanalysis import SWEDISH_BASE_FORMS, base_forms_table

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.tools.swedishforms", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project whose site_config/ to read")
    args = parser.parse_args(argv)
    synonyms, problems = load_synonyms(args.root.resolve())
    if problems:
        print(ValidationError(problems).report(), file=sys.stderr)
        return 1
    text = forms_table(word for group in synonyms.groups for word in group.sv)
    SWEDISH_FORMS.write_text(text, encoding="utf-8")
    print(f"{SWEDISH_FORMS.relative_to(ROOT)}: {text.count(chr(10))} lines")
    text = base_forms_table()
    SWEDISH_BASE_FORMS.write_text(text, encoding="utf-8")
    print(f"{SWEDISH_BASE_FORMS.relative_to(ROOT)}: {text.count(chr(10))} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
