"""The import graph of the hooks package and its layer rules: ``python -m hooks.tools.deps [--json]``.

Every module of ``hooks/`` is read with ``ast`` (nothing is imported). The graph is printed one module a line: its
layer, the modules of ``hooks`` it imports, then (after ``+``) the third-party packages. The rules are then checked,
and every violation is listed as ``path:line: module: problem (expected …, got …)`` with exit status 1:

- every module is in exactly one layer of ``LAYERS``;
- a module imports only modules of its own layer and of lower ranks: never a higher rank, and never another layer
  of the same rank (the glue, the commands and the tools are siblings, none imports another);
- only the glue imports ``mkdocs`` or ``material``, so that the rest would survive a move to another site engine;
- every file listed under ``hooks:`` in mkdocs.yml is in the glue layer.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Layer:
    """Modules that hold one kind of thing; ``modules`` are shell-style patterns of dotted module names."""

    name: str
    rank: int
    holds: str
    modules: tuple[str, ...]


def _core(*names: str) -> tuple[str, ...]:
    return tuple(f"hooks.core.{name}" for name in names)


# Data flows one way: sources → schemas → models → renderers → site. To place a new module, add its name (or a
# pattern) to the layer that holds its kind of thing; `python -m hooks.tools.deps` names every module still missing.
LAYERS = (
    Layer("base", 0, "foundations without domain: reading files and YAML, problems, the clock, escaping, URLs, "
                     "formats, the placeholder and address tables, words as search tokens, what the preview can watch",
          ("hooks", "hooks.core", *_core(
              "problems", "clock", "yamlsrc", "sources", "sourcetree", "gitdates", "memo", "mdcode", "markup",
              "schema", "formats", "urls", "urlmap", "markers", "textanalysis", "rebuild", "sitedir", "forked",
              "languages", "watching"))),
    Layer("models", 1, "the schemas of the sources, the models built from them and what is computed from them: "
                       "no HTML, no output format",
          _core("config", "content", "incidents", "statusmodel*", "knowledgemodel*", "calendar", "sla", "links",
                "bodypolicy", "synonyms", "searchdocs", "queryplan", "search", "postfile", "translations", "knowledgewords")),
    Layer("renderers", 2, "what the site publishes, made from the models: HTML blocks and pages, feeds, calendars, "
                          "JSON and JSON Schemas, headers, the search indexes",
          _core("statuspage", "statusapi", "statusfeeds", "statuslabels", "statuslive", "feeds", "ics", "hoursexport",
                "osmhours", "supportblocks", "knowledgeblocks", "knowledgepages", "faqjsonld", "newsfeed", "onepage",
                "related", "pagefind", "headers", "schemaexport", "supportlabels", "themescript")),
    Layer("glue", 3, "MkDocs glue: the hooks listed in mkdocs.yml and the build state they share",
          ("hooks.site", "hooks.i18n", "hooks.support", "hooks.status", "hooks.knowledge", "hooks.markdownahead",
           "hooks.glue", "hooks.compiledtheme")),
    Layer("commands", 3, "the sub-commands of `supportsite`: the same core, no MkDocs",
          ("hooks.commands", "hooks.commands.*")),
    Layer("tools", 3, "tools for developers, such as this one", ("hooks.tools", "hooks.tools.*")),
    Layer("cli", 4, "the `supportsite` command line", ("hooks.cli",)),
)

SITE_ENGINE = ("mkdocs", "material")
ENGINE_LAYERS = ("glue",)


@dataclass(frozen=True)
class Module:
    """One module of the package as its source says: where it is, what it imports and on which line."""

    name: str
    path: str  # relative to the repository, with slashes
    imports: tuple[tuple[int, str], ...]  # modules of the package
    third_party: tuple[tuple[int, str], ...]  # top-level names outside the package and the standard library


def module_names(package: Path) -> dict[str, Path]:
    """Every module of ``package`` (a folder with ``__init__.py``) by dotted name, ``__init__`` as the package."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = path.relative_to(package.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def read_graph(package: Path) -> dict[str, Module]:
    """The import graph of ``package``, read from the source of each module."""
    paths = module_names(package)
    root = package.name
    graph = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        inside, outside = [], []
        for line, target in _imported(tree, name, path.name == "__init__.py", paths):
            top = target.split(".")[0]
            if top == root:
                inside.append((line, _known_prefix(target, paths)))
            elif top not in sys.stdlib_module_names and top != "__future__":
                outside.append((line, top))
        graph[name] = Module(name, path.relative_to(package.parent).as_posix(),
                             tuple(sorted(set(inside))), tuple(sorted(set(outside))))
    return graph


def _imported(tree: ast.Module, module: str, is_package: bool, known) -> list[tuple[int, str]]:
    """(line, module) for every import statement, at any depth; ``from a import b`` is ``a.b`` when that is a module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package, one level up per extra dot
                package = module if is_package else module.rpartition(".")[0]
                package = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append((node.lineno, candidate if candidate in known else base))
    return found


def _known_prefix(target: str, known) -> str:
    parts = target.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in known:
            return ".".join(parts[:end])
    return target


def layers_of(name: str, layers=LAYERS) -> list[Layer]:
    return [layer for layer in layers if any(fnmatch.fnmatchcase(name, pattern) for pattern in layer.modules)]


def hook_files(repository: Path) -> list[str]:
    """The files listed under ``hooks:`` in the repository's mkdocs.yml (none without one)."""
    config_file = repository / "mkdocs.yml"
    if not config_file.is_file():
        return []

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, tag, node: None)  # mkdocs.yml may use !ENV and friends
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader) or {}
    return [str(entry) for entry in config.get("hooks") or []]


def violations(graph: dict[str, Module], layers=LAYERS, hooks: list[str] = ()) -> list[str]:
    """Every breach of the rules in the module docstring, in the one problem wording."""
    where = "LAYERS in hooks/tools/deps.py"
    found = []
    placed = {}
    for module in graph.values():
        matches = layers_of(module.name, layers)
        if len(matches) == 1:
            placed[module.name] = matches[0]
        elif not matches:
            found.append(f"{module.path}: {module.name}: in no layer (expected a pattern for it in {where}, got none)")
        else:
            found.append(f"{module.path}: {module.name}: in more than one layer (expected one in {where}, "
                         f"got {', '.join(layer.name for layer in matches)})")
    for module in graph.values():
        layer = placed.get(module.name)
        if layer is None:
            continue
        allowed = [other.name for other in layers if other.name == layer.name or other.rank < layer.rank]
        for line, target in module.imports:
            other = placed.get(target)
            if other is not None and other.name not in allowed:
                found.append(f"{module.path}:{line}: {module.name}: imports {target}, a {other.name} module "
                             f"(expected a module of {', '.join(allowed)}, got {other.name})")
        if layer.name not in ENGINE_LAYERS:
            for line, package in module.third_party:
                if package in SITE_ENGINE:
                    found.append(f"{module.path}:{line}: {module.name}: imports {package} outside the glue "
                                 f"(expected no {' or '.join(SITE_ENGINE)} in the {layer.name} layer, got {package})")
    by_path = {module.path: module for module in graph.values()}
    for entry in hooks:
        module = by_path.get(entry)
        layer = placed.get(module.name) if module else None
        if module and layer and layer.name not in ENGINE_LAYERS:
            found.append(f"mkdocs.yml: hooks: {entry}: a MkDocs hook outside the glue "
                         f"(expected {', '.join(ENGINE_LAYERS)}, got {layer.name})")
    return found


def render_text(graph: dict[str, Module], layers=LAYERS) -> str:
    order = sorted({layer.rank for layer in layers})
    ranks = " < ".join(" | ".join(f"{layer.name}" for layer in layers if layer.rank == rank) for rank in order)
    lines = [f"# layers, lowest first: {ranks}",
             "# module [layer] -> the hooks modules it imports  + third-party packages"]
    for name in sorted(graph):
        module = graph[name]
        layer = ",".join(layer.name for layer in layers_of(name, layers)) or "?"
        inside = " ".join(sorted({target for _, target in module.imports})) or "-"
        outside = " ".join(sorted({package for _, package in module.third_party}))
        lines.append(f"{name} [{layer}] -> {inside}" + (f"  + {outside}" if outside else ""))
    return "\n".join(lines) + "\n"


def render_json(graph: dict[str, Module], problems: list[str], layers=LAYERS) -> str:
    data = {
        "layers": [{"name": layer.name, "rank": layer.rank, "holds": layer.holds, "modules": list(layer.modules)}
                   for layer in layers],
        "modules": {name: {"path": module.path,
                           "layer": [layer.name for layer in layers_of(name, layers)],
                           "imports": sorted({target for _, target in module.imports}),
                           "third_party": sorted({package for _, package in module.third_party})}
                    for name, module in sorted(graph.items())},
        "violations": problems,
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.tools.deps", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="the graph, the layers and the violations as JSON")
    parser.add_argument("--package", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the package folder to read (default: this hooks package); mkdocs.yml is looked for "
                             "beside it")
    args = parser.parse_args(argv)
    package = args.package.resolve()
    graph = read_graph(package)
    problems = violations(graph, LAYERS, hook_files(package.parent))
    sys.stdout.write(render_json(graph, problems) if args.json else render_text(graph))
    if problems:
        print(f"{len(problems)} violation(s) of the layer rules:", *problems, sep="\n", file=sys.stderr)
        return 1
    if not args.json:
        edges = sum(len({target for _, target in module.imports}) for module in graph.values())
        print(f"# {len(graph)} modules, {edges} imports between them: the layer rules hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
