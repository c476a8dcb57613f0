"""Does a change leave the built sites byte-identical? Builds the default site and a generated corpus, compares.

Usage:
  python bench/same_output.py save --out /tmp/before     # build both sites of this tree into /tmp/before
  python bench/same_output.py compare --out /tmp/before  # build again and list every file that differs

For refactorings that must not change what is published: run ``save`` on the commit before, ``compare`` after.
Both builds pin ``SOURCE_DATE_EPOCH`` (the corpus's reference instant), so the clock plays no part.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from corpus import REFERENCE_EPOCH, generate  # noqa: E402 - the benchmark's own generator, beside this file

SITES = ("default", "corpus")


def build(source: Path, dest: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(REFERENCE_EPOCH), "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run([str(mkdocs), "build", "--strict", "-q", "-f", str(source / "mkdocs.yml"), "-d", str(dest)],
                            cwd=source, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"build of {source} failed:\n{result.stderr}")


def build_all(out: Path, pages: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        corpus = Path(work) / "corpus"
        generate(corpus, pages)
        shutil.rmtree(out, ignore_errors=True)
        build(REPO, out / "default")
        build(corpus, out / "corpus")


def differences(left: Path, right: Path) -> list[str]:
    found = []
    compared = filecmp.dircmp(left, right)
    found += [f"only before: {left / name}" for name in compared.left_only]
    found += [f"only after: {right / name}" for name in compared.right_only]
    found += [f"differs: {right / name}" for name in compared.diff_files]
    for name in compared.common_dirs:
        found += differences(left / name, right / name)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args(argv)
    if args.action == "save":
        build_all(args.out, args.pages)
        print(f"saved: {args.out}/default, {args.out}/corpus")
        return 0
    after = args.out.with_name(args.out.name + ".after")
    build_all(after, args.pages)
    found = [line for site in SITES for line in differences(args.out / site, after / site)]
    print("\n".join(found) if found else "identical: both sites, every file")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
