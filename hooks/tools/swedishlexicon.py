"""Writes simplemma's Swedish dictionary as a trie into the environment: ``python -m hooks.tools.swedishlexicon``.

``make setup`` runs it after installing the project. Without the trie the search's Swedish analyser opens the
packed dictionary that simplemma ships, which takes most of a second in every process that analyses Swedish (a
fresh clone's build, ``supportsite search --lang sv`` making its index, the preview's first Swedish page); the trie
opens at once and gives the same answers (``hooks/core/textanalysis.py: swedish_dictionaries``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from hooks.core.textanalysis import SWEDISH_LEXICON, write_swedish_lexicon


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.tools.swedishlexicon", description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=SWEDISH_LEXICON,
                        help=f"where to write it (default: {SWEDISH_LEXICON}, where the analyser looks)")
    args = parser.parse_args(argv)
    path = write_swedish_lexicon(args.folder.resolve())
    print(f"{path}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
