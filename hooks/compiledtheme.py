"""MkDocs glue for set-up: the theme's own templates compiled into the environment (``python -m hooks.compiledtheme``).

``make setup`` runs it after installing the project. A fresh clone's build otherwise compiles Material's templates
(and MkDocs' ``sitemap.xml``) in a process of its own, 0.1–0.2 processor-seconds, though they change only with the
installed release. The build reads them from ``hooks.glue.INSTALLED_TEMPLATES`` when its own ``.cache/jinja/`` has
none; our overrides (``hooks/theme/``) and our domains' templates are the project's and stay in ``.cache/``. No
site's configuration is read: the theme's environment compiles alike for every site (``theme_environment``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from hooks.glue import (
    INSTALLED_TEMPLATES, THEME_DIR, compile_ahead, list_no_hidden_folders, template_cache_only_in, theme_environment,
)


def theme_templates(env) -> list[str]:
    """The templates of ``env`` (the theme's environment) that the installed theme and MkDocs ship: every one the
    loader finds outside the project's own overrides (``custom_dir``, first in its search path)."""
    own = Path(env.loader.searchpath[0]).resolve()
    found = []
    for name in env.loader.list_templates():
        if not name.endswith((".html", ".xml")):
            continue
        _, filename, _ = env.loader.get_source(env, name)
        if not Path(filename).resolve().is_relative_to(own):
            found.append(name)
    return found


def write_compiled_theme(folder: Path = INSTALLED_TEMPLATES, theme_name: str = "material") -> tuple[Path, int]:
    """Compile the templates of the installed theme ``theme_name`` as a build compiles them into ``folder``,
    replacing what it held; return the folder and how many templates it holds. Written beside it and moved into
    place, so that a build finds the old entries or the new ones, never some of each."""
    from mkdocs.theme import Theme
    theme = Theme(name=theme_name, custom_dir=str(THEME_DIR))  # our overrides first, as mkdocs.yml has them
    list_no_hidden_folders(theme)  # as a build lists the theme (hooks/site.py: on_config)
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".writing-"))
    try:
        env = theme_environment(theme.get_env(), template_cache_only_in(scratch))
        compiled = compile_ahead(env, theme_templates(env))
        old = folder.with_name(f".old-{folder.name}")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            os.replace(folder, old)
        os.replace(scratch, folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder, compiled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.compiledtheme", description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=INSTALLED_TEMPLATES,
                        help=f"where to write it (default: {INSTALLED_TEMPLATES}, where the build looks)")
    args = parser.parse_args(argv)
    folder, compiled = write_compiled_theme(args.folder.resolve())
    print(f"{folder}: {compiled} templates")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
