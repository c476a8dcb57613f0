"""``python -m hooks.tools.deps``: the import graph read from the source, and the layer rules it checks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.tools import deps

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hooks.tools.deps", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_package_keeps_its_layer_rules():
    done = run()
    # A new module fails here until it has a layer: add its name to LAYERS in hooks/tools/deps.py.
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("the layer rules hold")
    listed = {line.split(" [")[0] for line in done.stdout.splitlines() if not line.startswith("#")}
    assert listed == set(deps.module_names(REPO / "hooks"))


def test_the_json_graph_names_layers_imports_and_third_party_packages():
    done = run("--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["violations"] == []
    assert data["modules"]["hooks.core.calendar"]["layer"] == ["models"]
    assert "hooks.core.config" in data["modules"]["hooks.core.calendar"]["imports"]
    assert "holidays" in data["modules"]["hooks.core.calendar"]["third_party"]
    assert "mkdocs" in data["modules"]["hooks.site"]["third_party"]
    assert [layer["name"] for layer in data["layers"]] == [layer.name for layer in deps.LAYERS]


# --- the rules, on a small package of the same name ------------------------------------------------


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'"""{name}"""\n{text}', encoding="utf-8")


@pytest.fixture
def package(tmp_path) -> Path:
    write(tmp_path, {
        "hooks/__init__.py": "",
        "hooks/core/__init__.py": "",
        "hooks/core/problems.py": "",
        "hooks/core/incidents.py": "from hooks.core import problems\nfrom hooks.core.statuspage import render\n",
        "hooks/core/statuspage.py": "import hooks.core.incidents\nfrom . import problems\nimport feedgen.feed\n",
        "hooks/core/clock.py": "import datetime\n\ndef now():\n    import mkdocs.utils\n",
        "hooks/core/stranger.py": "",
        "hooks/commands/__init__.py": "",
        "hooks/commands/check.py": "from hooks.core import incidents\nfrom hooks import site\n",
        "hooks/site.py": "from mkdocs.plugins import event_priority\nfrom hooks.core.statuspage import render\n",
        "hooks/cli.py": "from hooks.commands import check\n",
    })
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nhooks:\n  - hooks/site.py\n  - hooks/core/clock.py\n"
                                         "extra:\n  key: !ENV [KEY, none]\n", encoding="utf-8")
    return tmp_path / "hooks"


def test_imports_are_read_from_the_source_absolute_relative_and_inside_functions(package):
    graph = deps.read_graph(package)  # line 1 of each file is its docstring
    assert graph["hooks.core.statuspage"].imports == ((2, "hooks.core.incidents"), (3, "hooks.core.problems"))
    assert graph["hooks.core.statuspage"].third_party == ((4, "feedgen"),)
    assert graph["hooks.core.incidents"].imports == ((2, "hooks.core.problems"), (3, "hooks.core.statuspage"))
    assert graph["hooks.core.clock"].third_party == ((5, "mkdocs"),)  # datetime is the standard library's
    assert graph["hooks.cli"].imports == ((2, "hooks.commands.check"),)


def test_every_rule_is_checked_and_told_in_one_wording(package, capsys):
    assert deps.main(["--package", str(package)]) == 1
    out, err = capsys.readouterr()
    assert "hooks.core.stranger [?] -> -" in out.splitlines()
    assert err.splitlines() == [
        "5 violation(s) of the layer rules:",
        "hooks/core/stranger.py: hooks.core.stranger: in no layer (expected a pattern for it in LAYERS in "
        "hooks/tools/deps.py, got none)",
        "hooks/commands/check.py:3: hooks.commands.check: imports hooks.site, a glue module "
        "(expected a module of base, models, renderers, commands, got glue)",
        "hooks/core/clock.py:5: hooks.core.clock: imports mkdocs outside the glue "
        "(expected no mkdocs or material in the base layer, got mkdocs)",
        "hooks/core/incidents.py:3: hooks.core.incidents: imports hooks.core.statuspage, a renderers module "
        "(expected a module of base, models, got renderers)",
        "mkdocs.yml: hooks: hooks/core/clock.py: a MkDocs hook outside the glue (expected glue, got base)",
    ]


def test_a_module_in_two_layers_is_a_violation():
    layers = (*deps.LAYERS, deps.Layer("extra", 1, "", ("hooks.core.clock",)))
    graph = {"hooks.core.clock": deps.Module("hooks.core.clock", "hooks/core/clock.py", (), ())}
    assert deps.violations(graph, layers) == [
        "hooks/core/clock.py: hooks.core.clock: in more than one layer (expected one in LAYERS in "
        "hooks/tools/deps.py, got base, extra)"]

