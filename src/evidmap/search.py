"""Search: the rendered pages -> a Pagefind full-text index.

Pagefind (from PyPI, binary included) indexes the parts of pages marked `data-pagefind-body` (claim,
article, reference and entity pages) with the filters the pages declare (`data-pagefind-filter`:
kind, article, entity, type, evidence, verdict). Only those pages (all of them, if none is marked)
are copied to a private temporary folder (in memory, /dev/shm, when it has room and no TMPDIR is
set: writing thousands of small files to disk costs more than indexing them), and the Pagefind
command writes its bundle straight into the folder it is given: the write stage hands it the
search folder of its staging folder, so the atomic write covers the index too. (Pagefind's
Python service API waits 0.1 s per page, 40 s for this site; the command takes well under a
second.) Result URLs are site-relative; the search page adds the subpath the site is served from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from evidmap.errors import SearchIndexError

BUNDLE = "pagefind"  # the folder of the site the index goes into
INDEXED = b"data-pagefind-body"  # Pagefind leaves out every page without it


def _executable() -> str:
    try:
        from pagefind.service import _must_get_executable
    except ImportError:  # pragma: no cover - pagefind is a declared dependency
        raise SearchIndexError("the pagefind package is not installed; run scripts/bootstrap") from None
    try:
        return str(_must_get_executable())
    except Exception as exc:
        raise SearchIndexError(f"the Pagefind program is missing: {exc}") from None


def _scratch(size: int) -> str | None:
    """Where to copy the pages: the TMPDIR a user set, else memory-backed /dev/shm if it has twice
    their size free, else the system's temporary folder."""
    if os.environ.get("TMPDIR"):
        return None
    try:
        free = shutil.disk_usage("/dev/shm").free
    except OSError:
        return None
    return "/dev/shm" if free > 2 * size and os.access("/dev/shm", os.W_OK) else None


def index(pages: dict[str, bytes], bundle: Path) -> list[str]:
    """Index the HTML pages given as path -> bytes; Pagefind writes its files into the folder
    `bundle`. Returns their paths, relative to `bundle`."""
    program = _executable()
    # a project with no claims, articles, references or entities yet marks no page: Pagefind then
    # indexes every page whole (it refuses to make an index of nothing)
    indexed = {path: data for path, data in pages.items() if INDEXED in data} or pages
    try:
        with tempfile.TemporaryDirectory(
            prefix="evidmap-search-", dir=_scratch(sum(map(len, indexed.values())))
        ) as tmp:
            for path, data in indexed.items():
                target = Path(tmp) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            done = subprocess.run(
                [program, "--site", tmp, "--output-path", str(bundle), "--force-language", "en", "--quiet"],
                capture_output=True,
                timeout=300,
            )
    except subprocess.TimeoutExpired:
        raise SearchIndexError("search indexing took over 300 s") from None
    except OSError as exc:
        raise SearchIndexError(
            f"could not copy the pages for search indexing ({exc}); set TMPDIR to a folder with room for the site"
        ) from None
    if done.returncode != 0:
        raise SearchIndexError(f"search indexing failed: {done.stderr.decode('utf-8', 'replace').strip()[:500]}")
    if not (bundle / "pagefind-entry.json").is_file():
        raise SearchIndexError(
            "search indexing wrote no index (no pagefind-entry.json); is the pagefind package whole?"
        )
    return sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())
