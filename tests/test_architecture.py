"""The house rules that keep the code movable: a pure core, one clock, thin glue whose on_* names are real events."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.plugins import EVENTS

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / "hooks"
CORE = HOOKS / "core"
CLOCK = CORE / "clock.py"


def python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_modules(tree: ast.Module) -> list[tuple[int, str]]:
    """Every module an ``import`` or ``from … import`` names, with its line; relative imports as '.name'."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def glue_modules() -> list[Path]:
    """The files listed under ``hooks:`` in mkdocs.yml."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, tag, node: None)  # mkdocs.yml may use !ENV and friends
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return [REPO / entry for entry in config["hooks"]]


# --- a pure core ----------------------------------------------------------------------------------


def test_no_core_module_imports_mkdocs_or_the_glue():
    offenders = []
    for path in python_files(CORE):
        for line, module in imported_modules(parse(path)):
            root = module.split(".")[0]
            if root in ("mkdocs", "material") or (root == "hooks" and not module.startswith("hooks.core")):
                offenders.append(f"{relative(path)}:{line}: imports {module}")
    assert offenders == []


def test_importing_every_core_module_loads_no_mkdocs():
    # Catches what the static check cannot: a third-party library that pulls mkdocs in.
    modules = [f"hooks.core.{p.stem}" for p in python_files(CORE) if p.stem != "__init__"]
    code = f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n" \
           "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.strip() == "[]"


def test_hooks_import_absolutely():
    offenders = [f"{relative(path)}:{line}: from {module} import"
                 for path in python_files(HOOKS) for line, module in imported_modules(parse(path)) if module.startswith(".")]
    assert offenders == []


def test_every_module_has_a_docstring():
    missing = [relative(p) for p in python_files(HOOKS) if p.stat().st_size and not ast.get_docstring(parse(p))]
    assert missing == []


# --- one clock ------------------------------------------------------------------------------------

CLOCK_ATTRIBUTES = {"now", "utcnow", "today"}
TIME_FUNCTIONS = {"time", "time_ns", "localtime", "gmtime", "ctime", "asctime"}
DATE_TYPES = {"datetime", "date"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def clock_reads(source: str) -> list[tuple[int, str]]:
    """Where ``source`` reads the wall clock: datetime.now/utcnow/today, date.today, time.time and friends."""
    found = []
    from_time = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            from_time |= {alias.asname or alias.name for alias in node.names if alias.name in TIME_FUNCTIONS}
        elif isinstance(node, ast.Attribute):
            owner = _dotted(node.value)
            if node.attr in CLOCK_ATTRIBUTES and owner.split(".")[-1] in DATE_TYPES:
                found.append((node.lineno, f"{owner}.{node.attr}"))
            elif node.attr in TIME_FUNCTIONS and owner == "time":
                found.append((node.lineno, f"time.{node.attr}"))
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in from_time:
            found.append((node.lineno, f"{node.func.id}()"))
    return sorted(found)


@pytest.mark.parametrize(("source", "expected"), [
    ("import datetime\nx = datetime.datetime.now()", [(2, "datetime.datetime.now")]),
    ("import datetime as dt\nx = dt.datetime.now(dt.timezone.utc)", [(2, "dt.datetime.now")]),
    ("from datetime import date\nx = date.today()", [(2, "date.today")]),
    ("from datetime import datetime\nf = datetime.utcnow", [(2, "datetime.utcnow")]),
    ("import time\nx = time.time()", [(2, "time.time")]),
    ("from time import time as t\nx = t()", [(2, "t()")]),
    ("x = state.now\ny = config.today", []),
    ("import datetime as dt\nx = dt.datetime.fromisoformat('2026-01-01T00:00+00:00')", []),
])
def test_the_clock_detector(source, expected):
    assert clock_reads(source) == expected


def test_only_clock_py_reads_the_clock():
    offenders = [f"{relative(path)}:{line}: {what}"
                 for path in python_files(HOOKS) if path != CLOCK
                 for line, what in clock_reads(path.read_text(encoding="utf-8"))]
    assert offenders == []
    assert clock_reads(CLOCK.read_text(encoding="utf-8")), "clock.py should be the one place that reads the clock"


# --- thin glue ------------------------------------------------------------------------------------


def test_glue_modules_are_the_hooks_listed_in_mkdocs_yml():
    assert [relative(p) for p in glue_modules()] == [
        "hooks/site.py", "hooks/i18n.py", "hooks/support.py", "hooks/status.py", "hooks/knowledge.py",
        "hooks/markdownahead.py",
    ]


def test_every_on_function_in_a_glue_module_is_a_real_mkdocs_event():
    # MkDocs registers every module-level on_<event> of a hook file; any other on_* name is a helper
    # that looks like an event and is never called by MkDocs (or, worse, one day is).
    offenders = []
    for path in glue_modules():
        for node in parse(path).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("on_"):
                if node.name.removeprefix("on_") not in EVENTS:
                    offenders.append(f"{relative(path)}:{node.lineno}: {node.name} is not a MkDocs event")
    assert offenders == []


def test_glue_modules_keep_no_state_in_module_globals():
    # `mkdocs serve` keeps hook modules loaded between builds; state lives on the config (hooks/glue.py).
    offenders = []
    for path in [*glue_modules(), HOOKS / "glue.py"]:
        tree = parse(path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                offenders.append(f"{relative(path)}:{node.lineno}: global {', '.join(node.names)}")
        for node in tree.body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)) or (
                    isinstance(value, ast.Call) and _dotted(value.func).split(".")[-1]
                    in ("list", "dict", "set", "defaultdict", "OrderedDict", "Counter", "deque")):
                offenders.append(f"{relative(path)}:{node.lineno}: mutable module-level value")
    assert offenders == []


MUTABLE_CALLS = ("list", "dict", "set", "defaultdict", "OrderedDict", "Counter", "deque")


def module_state(path: Path) -> list[str]:
    """Module-level state in one core module: global statements, mutable values under names that are not
    UPPER_CASE constants, and caches other than a TextMemo."""
    found = []
    tree = parse(path)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            found.append(f"{path.name}:{node.lineno}: {type(node).__name__.lower()} {', '.join(node.names)}")
    for node in tree.body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
            continue
        names = [t.id for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                 if isinstance(t, ast.Name)]
        value = node.value
        called = _dotted(value.func).split(".")[-1] if isinstance(value, ast.Call) else ""
        mutable = isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)) \
            or called in MUTABLE_CALLS
        if mutable and not all(name.isupper() for name in names):
            found.append(f"{path.name}:{node.lineno}: mutable module-level value {', '.join(names)}")
        if called.endswith(("Cache", "Memo", "Registry")) and called != "TextMemo":
            found.append(f"{path.name}:{node.lineno}: module-level cache {', '.join(names)}")
    return found


def test_core_modules_keep_no_build_state_in_module_globals():
    # What a build knows (its now, its config, its pages) belongs to the build's objects, never to the module:
    # `mkdocs serve` keeps modules loaded between builds. Tables in UPPER_CASE are constant data. The one kind
    # of cache allowed at module level is a TextMemo (hooks/core/memo.py): it holds what a pure function made of
    # a file's text, so it can make a rebuild faster but can never change what is built.
    assert [found for path in python_files(CORE) for found in module_state(path)] == []


def test_the_module_state_rule_sees_what_it_is_about(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("seen = {}\nCONSTANT = {'a': 1}\n_cache = SomeCache()\nparsed = TextMemo()\n"
                      "pages = list()\ndef f():\n    global seen\n", encoding="utf-8")
    assert module_state(sample) == [
        "sample.py:7: global seen",
        "sample.py:1: mutable module-level value seen",
        "sample.py:3: module-level cache _cache",
        "sample.py:5: mutable module-level value pages",
    ]
