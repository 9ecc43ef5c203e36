"""Write: the only module that writes files — the site, and the drafts `evidmap extract` makes.

The new site is assembled in a staging folder next to the output (one folder of it, the search
index, is filled by Pagefind, which this module runs beside its own staging), then swapped in with one atomic
rename exchange (Linux renameat2), so a reader or a killed build only ever sees the old site or the
new one. Files whose bytes did not change are hard-linked from the previous site instead of written,
so they keep their modification times (rsync, browsers and CDNs see only what really changed). A failed build never reaches this module, so the previous site stays as it was.
A lock file keeps two builds from writing the same output at once.

Safety: every file path must be relative and stay inside the output; the output folder must not be
the project itself, and an existing non-empty folder is replaced only if evidmap wrote it (it holds
the `.evidmap-site` marker). The output folder, the staging folder and the lock file are never
followed through a symbolic link: an output that is a link is refused before anything is staged
(and checked again just before the swap), and a link left where staging goes is removed, not its
target.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import posixpath
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from evidmap.errors import OutputError

MARKER = ".evidmap-site"


def _safe(rel: str) -> str:
    norm = posixpath.normpath(rel)
    if rel.startswith("/") or norm.startswith("..") or norm != rel or "\\" in rel:
        raise OutputError(f"refusing to write outside the output folder: {rel!r}")
    return norm


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (renameat2 RENAME_EXCHANGE); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    result = libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result != 0:
        err = ctypes.get_errno()
        if err in (errno.ENOSYS, errno.EINVAL, errno.EPERM):
            return False
        raise OSError(err, os.strerror(err), str(a))
    return True


def check_output(out: Path, project_root: Path) -> None:
    """Raise OutputError if `out` is not a folder a build may replace. The build asks this before its
    first stage, so that a wrong --out fails at once rather than after the whole build."""
    out = out.absolute()
    root = Path(os.path.realpath(project_root))
    # compared through every symbolic link and '..' on the way: /tmp/link/proj or ../proj can name
    # the project itself (or a folder holding it), which the swap would replace and delete
    real_out = Path(os.path.realpath(out))
    if real_out == root or real_out in root.parents:
        raise OutputError(f"output folder {out} would replace the project itself; choose another --out")
    if (root / MARKER).exists():
        raise OutputError(
            f"the project folder holds {MARKER}, the mark of a folder evidmap replaces on every build; "
            "delete that file from the project"
        )
    if out.is_symlink():  # the swap would exchange the link itself, and the next build would delete through it
        raise OutputError(
            f"output folder {out} is a symbolic link; a build replaces its output folder whole and does "
            f"not follow links: remove the link, or give the folder it points to as --out"
        )
    if out.exists() and not out.is_dir():
        raise OutputError(f"output {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"output folder {out} is not empty and was not written by evidmap; choose another --out or empty it"
        )


@dataclass(frozen=True)
class FolderFill:
    """A folder of the site that another program fills (the search index, which Pagefind writes):
    `fill(path)` fills the empty folder at `path` and returns the paths of the files it wrote there."""

    folder: str
    fill: Callable[[Path], list[str]]


def write_site(
    files: dict[str, bytes], out: Path, project_root: Path, filled: FolderFill | None = None
) -> tuple[int, int]:
    """Replace `out` with exactly `files`, plus the folder `filled` fills (on a thread while `files`
    are staged). Returns how many files were written, and how many of them were new or changed."""
    check_output(out, project_root)
    if filled is not None:
        folder = _safe(filled.folder)
        clash = next((p for p in sorted(files) if p == folder or p.startswith(folder + "/")), None)
        if clash:  # refused before staging: a hard link staged there would let the program write into the live site
            raise OutputError(f"two stages make the same file: {clash}")
    try:
        return _replace(files, out.absolute(), project_root, filled, folder if filled is not None else "")
    except OSError as exc:  # the disk or a folder failed under the build: no space, no permission
        raise OutputError(
            f"could not write the site into {out}: {exc.strerror or exc}"
            + (f" ({exc.filename})" if exc.filename else "")
        ) from exc


def _replace(
    files: dict[str, bytes], out: Path, project_root: Path, filled: FolderFill | None, folder: str
) -> tuple[int, int]:
    """write_site's staging and swap; every error it raises is an OSError or an OutputError."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out.parent / f".{out.name}.lock", out):
        staging = out.parent / f".{out.name}.staging"
        _remove(staging)  # left by a build that was killed
        staging.mkdir()
        try:
            with ThreadPoolExecutor(max_workers=1) as beside:
                filling = beside.submit(filled.fill, staging / folder) if filled else None
                changed = _stage(files, staging, out)
                extra = [f"{folder}/{p}" for p in filling.result()] if filling else []
            changed += _keep_unchanged(extra, staging, out)
            _stage(
                {MARKER: b"This folder is written by evidmap build and replaced whole on every build.\n"}, staging, out
            )
            check_output(out, project_root)  # again, just before the swap: the folder may have changed meanwhile
        except BaseException:
            _remove(staging)
            raise
        if out.exists():
            if not _exchange(staging, out):
                old = out.parent / f".{out.name}.old"
                _remove(old)
                out.rename(old)
                staging.rename(out)
                staging = old
            _remove(staging)
        else:
            staging.rename(out)
    return len(files) + len(extra), changed


@contextmanager
def _locked(lock_path: Path, out: Path) -> Iterator[None]:
    """Hold the lock that keeps two builds from writing `out` at once. The lock file is opened
    without following a symbolic link and never truncated: a link planted in its place must not
    let a build write to the file it points to."""
    try:
        fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(f"lock file {lock_path} is a symbolic link; remove it") from None
        raise
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another evidmap build is writing {out}; wait for it to finish") from None
        yield
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    """Remove what is at `path`, if anything: a folder with its content, or a file or a symbolic link
    itself (never what a link points to)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _stage(files: dict[str, bytes], staging: Path, out: Path) -> int:
    """Put `files` in the staging folder: hard links to the previous site's identical files, new
    files for the rest. Returns how many were new or changed."""
    # plain strings and one makedirs per folder: at 10,000 claims this loop runs 23,000 times, and
    # pathlib's joins and per-file mkdir took as long as the writing
    changed = 0
    folders: set[str] = set()
    inside = _Inside(out)
    for rel, data in sorted(files.items()):
        rel = _safe(rel)
        target = os.path.join(staging, rel)
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        previous = os.path.join(out, rel)
        if inside(rel) and _same(previous, data):
            os.link(previous, target)
        else:
            with open(target, "wb") as file:
                file.write(data)
            changed += 1
    return changed


def _keep_unchanged(written: list[str], staging: Path, out: Path) -> int:
    """Swap each file another program wrote into the staging folder for a hard link to the previous
    site's file when their bytes are the same (as `_stage` does), so that it keeps its modification
    time. Returns how many were new or changed."""
    changed = 0
    inside = _Inside(out)
    for rel in written:
        target = staging / _safe(rel)
        previous = out / rel
        if (
            inside(rel) and os.path.lexists(previous) and _same(previous, target.read_bytes())
        ):  # a first build reads nothing
            link = target.with_name(f".{target.name}.link")
            os.link(previous, link)
            os.replace(link, target)
        else:
            changed += 1
    return changed


def write_project_files(root: Path, files: dict[str, str]) -> None:
    """Write drafted project files (evidmap extract): all of them or none, never outside the project.
    Every path is checked before anything is written (relative, and not into a folder that a symbolic
    link takes out of the project); then each file is written beside its target under a temporary
    name, and only when all are written are they renamed into place."""
    real_root = os.path.realpath(root)
    targets = []
    for rel, text in sorted(files.items()):
        target = root / _safe(rel)
        folder = os.path.realpath(target.parent)
        if folder != real_root and not folder.startswith(real_root + os.sep):
            shown = target.parent.relative_to(root).as_posix()
            raise OutputError(
                f"{shown}/ is a symbolic link to {folder}, outside the project; nothing was written "
                f"(extract writes only inside the project: make {shown}/ a real folder)"
            )
        targets.append((target, text))
    staged: list[tuple[str, Path]] = []
    try:
        for target, text in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((temporary, target))
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
    except BaseException:
        for temporary, _ in staged:
            os.unlink(temporary)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)


class _Inside:
    """Whether the previous site's file at a relative path sits in a real folder of the output, not
    behind a symbolic link planted there to another folder (whose files would otherwise be
    hard-linked into the new site). Asked once per folder."""

    def __init__(self, out: Path):
        self.out = os.path.realpath(out)
        self.known: dict[str, bool] = {}

    def __call__(self, rel: str) -> bool:
        folder = posixpath.dirname(rel)
        if folder not in self.known:
            expected = os.path.join(self.out, folder) if folder else self.out
            self.known[folder] = os.path.realpath(os.path.join(self.out, folder)) == expected
        return self.known[folder]


def _same(path: str | Path, data: bytes) -> bool:
    """Whether `path` is a regular file (not a link to one) holding exactly `data`."""
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False
