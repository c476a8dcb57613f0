"""Rewrites ``hooks/core/swedish-forms.json`` from site_config/synonyms.yml: ``python -m hooks.tools.swedishforms``.

The search expands a Swedish synonym to its inflected forms. The forms come from simplemma's dictionary, whose
reading takes seconds; the committed table spares every build that cost. Run this after adding Swedish words to
the synonyms or upgrading simplemma (``tests/test_searchdocs.py`` says when the table no longer covers them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hooks.core.problems import ValidationError
from hooks.core.searchdocs import SWEDISH_FORMS, forms_table
from hooks.core.synonyms import load_synonyms

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
