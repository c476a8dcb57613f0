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

from hooks.core import clock
from hooks.core.content import load_project
from hooks.core.problems import ValidationError
from hooks.glue import STATE_KEY, BuildState, get_state

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


def on_page_context(context, page, config, nav):
    context["supportsite"] = get_state(config).page_context(page.url)
    return context


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
