"""Whether the preview can learn of a saved file from the kernel (inotify) instead of looking for changes twice a second.

MkDocs' server polls the watched folders every half second (then waits for 0.1 s of quiet), because a native
watcher misses changes on network file systems and on a container's mounts of another machine's folders. On this
machine's own disks the kernel tells of every change at once: a save reaches the preview a quarter of a second
sooner on average, and no folder is scanned while the writer types (a scan of 1,000 pages' sources: about 10 ms).
Polling stays wherever this cannot be told.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

# Linux file systems on the machine's own storage, whose changes inotify reports whoever makes them. Not: nfs, cifs,
# smb3, 9p, virtiofs, fuse.* (a Docker Desktop or VM share, sshfs), whose files another machine may change.
LOCAL_TYPES = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs", "jfs",
                         "reiserfs", "bcachefs"})
MOUNTS = Path("/proc/self/mounts")


def mount_types(mounts: str) -> dict[str, str]:
    """Mount point → file-system type, from the text of ``/proc/self/mounts`` (the last mount at a point wins)."""
    found = {}
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            # The kernel writes spaces, tabs, newlines and backslashes in a mount point as octal escapes.
            point = fields[1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")
            found[point] = fields[2]
    return found


def file_system_of(path: str, types: dict[str, str]) -> str | None:
    """The type of the file system ``path`` (absolute, resolved) lies on: its longest mount point's."""
    best = None
    for point in types:
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best)):
            best = point
    return types.get(best) if best is not None else None


def notified(paths: Iterable[str | os.PathLike[str]], mounts: str | None = None) -> bool:
    """Whether every one of ``paths`` lies on a local file system of Linux, where inotify sees every change.

    ``mounts``: the text of ``/proc/self/mounts`` (read when None); False when it cannot be read, or not on Linux."""
    if mounts is None:
        if not sys.platform.startswith("linux"):
            return False
        try:
            mounts = MOUNTS.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    types = mount_types(mounts)
    wanted = [os.path.realpath(path) for path in paths]
    return bool(wanted) and all(file_system_of(path, types) in LOCAL_TYPES for path in wanted)
