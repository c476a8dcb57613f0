"""JSON Schemas for writers' editors, made from the declared schemas: site_config/support.yml, site_config/synonyms.yml
and each kind of front matter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hooks.core.config import CONFIG_PATH, SCHEMA
from hooks.core.content import SCHEMAS
from hooks.core.schema import Option
from hooks.core.synonyms import SCHEMA as SYNONYMS_SCHEMA
from hooks.core.synonyms import SYNONYMS_PATH

SCHEMA_FOLDER = "schemas"
SUFFIX = ".schema.json"
DIALECT = "http://json-schema.org/draft-07/schema#"
"""Draft-07: the newest draft that yaml-language-server (VS Code's Red Hat YAML extension) fully supports."""

DOCUMENTS = {
    "support": f"{CONFIG_PATH}: the support centre's facts (organisation, hours, SLA, teams, products, status components)",
    "synonyms": f"{SYNONYMS_PATH}: the search synonyms (groups of Finnish and Swedish words customers use for the same thing)",
    "page": "Front matter of a page: content/, and index.md of academy/, academy/news/ and status/",
    "faq": "Front matter of an FAQ article: content/ukk/*.md",
    "manual": "Front matter of a manual: academy/manuals/<manual>/index.md",
    "chapter": "Front matter of a manual's chapter: academy/manuals/<manual>/NN-name.md",
    "news": "Front matter of a news item: academy/news/YYYY-MM-DD-name.md",
    "status": "Front matter of a status post: status/*.md",
}
"""Each schema file's name (without the suffix) and its title: which file, or which Markdown files' front matter."""

CHECKED_BY = ("An editor's aid: `supportsite check` validates the whole file, also the rules across keys and the ids "
              "that must be declared in site_config/support.yml, which this schema leaves out.")


def _schemas() -> dict[str, Option]:
    return {"support": SCHEMA, "synonyms": SYNONYMS_SCHEMA, **SCHEMAS}


def json_schemas() -> dict[str, dict[str, Any]]:
    """Each schema file's name and its JSON Schema (draft-07)."""
    options = _schemas()
    assert options.keys() == DOCUMENTS.keys(), "every declared schema has a title in DOCUMENTS"
    return {f"{name}{SUFFIX}": {**options[name].json_schema(), "$schema": DIALECT, "title": title, "description": CHECKED_BY}
            for name, title in DOCUMENTS.items()}


def render_schema(schema: dict[str, Any]) -> str:
    """One schema file's text: sorted keys, an indent of 2 and a trailing newline, so that it changes only with the schema."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def stale_schema_files(folder: Path) -> list[str]:
    """The names of the files in ``folder`` that ``write_schema_files`` would write or remove."""
    wanted = {name: render_schema(schema) for name, schema in json_schemas().items()}
    present = {path.name for path in folder.glob(f"*{SUFFIX}")} if folder.is_dir() else set()
    changed = [name for name, text in wanted.items()
               if name not in present or (folder / name).read_text(encoding="utf-8") != text]
    return sorted([*changed, *(present - wanted.keys())])


def write_schema_files(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` and remove schema files of kinds that no longer exist; returns what changed."""
    stale = stale_schema_files(folder)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = json_schemas()
    for name in stale:
        if name in wanted:
            (folder / name).write_bytes(render_schema(wanted[name]).encode("utf-8"))  # bytes: \n on every system
        else:
            (folder / name).unlink()
    return [folder / name for name in stale]
