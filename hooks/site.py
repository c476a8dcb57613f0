"""MkDocs glue for the whole site: validate before output is touched, add academy/ and status/, swap in the result.

The site is built into ``<site_dir>.staging`` and moved into place only when the build succeeded,
so a failed build (bad front matter, a broken link under ``--strict``) leaves the previous site intact.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from hooks.core import clock
from hooks.core.content import load_project
from hooks.core.problems import ValidationError
from hooks.glue import STATE_KEY, BuildState, SharedFragment, get_state

EXTRA_SOURCE_FOLDERS = ("academy", "status")


class _WarningCount(logging.Handler):
    """Counts warnings like mkdocs' strict mode does, so that a strict failure never replaces the site."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@event_priority(100)  # first of all: nothing else should run on sources that failed validation
def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        project = load_project(root)
    except ValidationError as error:
        raise PluginError(error.report()) from None
    final = config.site_dir
    state = BuildState(root=root, now=clock.now(), project=project, final_site_dir=final)
    mkdocs_logger = logging.getLogger("mkdocs")
    for stale in [h for h in mkdocs_logger.handlers if isinstance(h, _WarningCount)]:
        mkdocs_logger.removeHandler(stale)  # left by a failed build in the same `mkdocs serve` process
    if config.strict:
        counter = _WarningCount()
        logging.getLogger("mkdocs").addHandler(counter)
        state.scratch["warnings"] = counter
    config[STATE_KEY] = state
    config.site_dir = final.rstrip("/\\") + ".staging"
    return config


def on_files(files: Files, config) -> Files:
    state = get_state(config)
    for folder in EXTRA_SOURCE_FOLDERS:
        base = state.root / folder
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            files.append(File(path.relative_to(state.root).as_posix(), src_dir=str(state.root),
                              dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls))
    return files


def on_env(env, config, files):
    # The theme's environment is made afresh for each build (mkdocs serve included), so within one build no
    # template changes: no stat() per include, and compiled templates come from .cache/jinja/.
    env.auto_reload = False
    env.bytecode_cache = get_state(config).template_cache()
    return env


def on_page_context(context, page, config, nav):
    state = get_state(config)
    context["supportsite"] = state.page_context(page.url)
    context["supportsite"]["nav_fragment"] = _nav_fragment(state, page, nav)
    return context


def _nav_fragment(state: BuildState, page, nav) -> SharedFragment | None:
    """Where this page's primary navigation may be shared with pages that render the same HTML (issue 6).

    Material renders the whole navigation for every page, but a page outside ``nav`` (every article) marks
    no item active and embeds no table of contents in it: its navigation differs from another such page's
    only in the relative URLs of the links. Those URLs are the key; a page in ``nav`` renders its own."""
    scratch = state.scratch.setdefault("nav", {})
    if "targets" not in scratch:  # once per build
        targets = [item.url for item in nav.pages] + [link.url for link in _links(nav.items)]
        scratch.update(targets=[*targets, nav.homepage.url if nav.homepage else "", "assets/"],
                       in_nav={id(item) for item in nav.pages}, rendered={})
    if id(page) in scratch["in_nav"]:
        return None
    key = tuple(get_relative_url(target, page.url) for target in scratch["targets"])
    return SharedFragment(scratch["rendered"], key)


def _links(items) -> list:
    found = []
    for item in items:
        if item.is_link:
            found.append(item)
        elif item.is_section:
            found += _links(item.children)
    return found


@event_priority(-100)  # last: every other hook has written its files into the staging folder
def on_post_build(config):
    state = get_state(config)
    counter = state.scratch.pop("warnings", None)
    if counter is not None:
        logging.getLogger("mkdocs").removeHandler(counter)
        if counter.count:
            return  # mkdocs aborts the strict build next; the previous site stays as it was
    staging, final = Path(config.site_dir), Path(state.final_site_dir)
    previous = final.with_name(final.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if final.exists():
        final.rename(previous)
    staging.rename(final)
    shutil.rmtree(previous, ignore_errors=True)
    config.site_dir = state.final_site_dir


def on_build_error(error):
    # The staging folder is cleaned at the start of the next build; the published site is untouched.
    return None
