"""Markdown converted ahead in a second process (hooks/markdownahead.py): the same site, the same warnings, the same
failures as a build in one process, whatever a hook does to the Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trees import digest

MINIMAL = Path("tests/sites/minimal")

# A hook whose Markdown depends on the pages this process saw before: the process converting ahead sees only its
# share, so its Markdown differs from the build's for every page it converts, and each page shows which it got.
COUNTING = """
SEEN = []

def on_page_markdown(markdown, page, config, files):
    SEEN.append(page.file.src_uri)
    return markdown + f"\\n\\n<p class=\\"seen\\">{len(SEEN)}</p>\\n"
"""

# Links MkDocs finds broken while it converts each page (a missing page, a missing heading of another page): its
# warnings are written where the page is converted, and said by the build where the page is read.
BROKEN = """
import posixpath

def on_page_markdown(markdown, page, config, files):
    here = posixpath.dirname(page.file.src_uri)
    missing, home = (posixpath.relpath(path, here or ".") for path in ("ei-ole.md", "index.md"))
    return markdown + f"\\n\\n[puuttuva]({missing}) [otsikko]({home}#ei-otsikkoa)\\n"
"""


def _site_with_hook(repo_root: Path, tmp_path: Path, copy_tree, hook: str) -> Path:
    site = copy_tree(repo_root / MINIMAL, tmp_path / MINIMAL)
    hooks = tmp_path / "hooks"
    if not hooks.exists():
        hooks.symlink_to(repo_root / "hooks", target_is_directory=True)
    (site / "extra_hook.py").write_text(hook, encoding="utf-8")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - ../../../hooks/knowledge.py\n", "  - ../../../hooks/knowledge.py\n  - extra_hook.py\n"), encoding="utf-8")
    return site


@pytest.mark.slow
def test_a_hook_whose_markdown_depends_on_earlier_pages_gets_the_one_process_site(repo_root, tmp_path, copy_tree,
                                                                                   build_site):
    site = _site_with_hook(repo_root, tmp_path, copy_tree, COUNTING)
    one = build_site(site, tmp_path / "one", env={"SUPPORTSITE_PROCESSES": "1"})
    two = build_site(site, tmp_path / "two", env={"SUPPORTSITE_PROCESSES": "2"})
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert digest(tmp_path / "one") == digest(tmp_path / "two")
    # The counter did run: the pages show 1, 2, 3 … as the build's one loop read them.
    shown = sorted(int(n) for page in (tmp_path / "two").rglob("index.html")
                   for n in re.findall(r'<p class="seen">(\d+)</p>', page.read_text(encoding="utf-8")))
    assert shown == list(range(1, len(shown) + 1)) and len(shown) > 4


@pytest.mark.slow
def test_warnings_of_pages_converted_ahead_are_said_once_in_order_and_fail_the_strict_build(
        repo_root, tmp_path, copy_tree, build_site):
    site = _site_with_hook(repo_root, tmp_path, copy_tree, BROKEN)
    published = tmp_path / "published"
    said = {}
    for processes in ("1", "2"):
        result = build_site(site, published, env={"SUPPORTSITE_PROCESSES": processes})
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        said[processes] = re.findall(r"^(WARNING|INFO)\s+-\s+(Doc file .*)$", result.stderr, re.MULTILINE)
        assert not published.exists(), "a strict build with warnings is not published"
    assert said["2"] == said["1"]
    missing = [text for level, text in said["2"] if level == "WARNING" and "ei-ole.md" in text]
    anchors = [text for level, text in said["2"] if "#ei-otsikkoa" in text]  # the minimal site: anchors at info
    assert len(missing) > 4 and len(anchors) == len(missing)  # every page's two links, each said once
    assert f"Aborted with {len(missing)} warnings in strict mode!" in result.stdout + result.stderr
