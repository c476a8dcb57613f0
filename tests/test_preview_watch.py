"""The preview learns of a save from the kernel where it can (inotify), and polls as MkDocs does everywhere else."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from hooks.core.watching import file_system_of, mount_types, notified

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid 0 0
server:/export /home/writer/share nfs4 rw,relatime 0 0
mount0 /Users/writer/tuki virtiofs rw,relatime 0 0
/dev/vdb /srv/my\\040sites xfs rw,relatime 0 0
"""


def test_mount_points_are_read_with_the_kernels_escapes():
    types = mount_types(MOUNTS)
    assert types["/srv/my sites"] == "xfs"
    assert file_system_of("/srv/my sites/tuki/content", types) == "xfs"
    assert file_system_of("/srv/my", types) == "ext4"  # a sibling's prefix is not its mount point
    assert file_system_of("/home/writer/share/tuki", types) == "nfs4"


@pytest.mark.parametrize("paths, expected", [
    pytest.param(["/work/tuki/content", "/work/tuki/status", "/tmp/x"], True, id="local disks"),
    pytest.param(["/work/tuki/content", "/home/writer/share/tuki/status"], False, id="one folder on NFS"),
    pytest.param(["/Users/writer/tuki/content"], False, id="a virtual machine's share"),
    pytest.param([], False, id="nothing to watch"),
])
def test_inotify_only_where_every_watched_folder_is_on_a_local_disk(paths, expected):
    assert notified(paths, MOUNTS) is expected


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_make_serve_shows_a_saved_article_and_watches_with_inotify(repo_root, tmp_path, copy_tree, source_date_epoch):
    site = copy_tree(repo_root / "tests/sites/minimal", tmp_path / "tests/sites/minimal")
    (tmp_path / "hooks").symlink_to(repo_root / "hooks", target_is_directory=True)  # mkdocs.yml's ../../../hooks
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch), "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/ukk/salasanan-vaihto/"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=site, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        assert _wait_for(lambda: "seuraa sähköpostiin" in (_fetch(url) or ""), 120), log.read_text()
        article = site / "content/ukk/salasanan-vaihto.md"
        article.write_text(article.read_text(encoding="utf-8").replace(
            "seuraa sähköpostiin tulevia ohjeita", "avaa sähköpostiin tuleva linkki tunnin kuluessa"), encoding="utf-8")
        assert _wait_for(lambda: "tunnin kuluessa" in (_fetch(url) or ""), 60), log.read_text()
        # Then the server rests: a build reads every source, and reading is no change (inotify tells of it too).
        counts: list[int] = []

        def rested() -> bool:  # no new build for two seconds (20 looks, 0.1 s apart)
            counts.append(log.read_text(encoding="utf-8").count("Building documentation"))
            return len(counts) > 20 and len(set(counts[-20:])) == 1

        assert _wait_for(rested, 30), log.read_text()
        assert counts[-1] <= 3, log.read_text()  # the first, the saved article's, and at most one for related lists
    finally:
        server.terminate()
        server.wait(timeout=30)
    said = log.read_text(encoding="utf-8")
    assert "Watching the sources with inotify" in said, said
    assert "Traceback" not in said, said
