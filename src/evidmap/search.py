"""Search: the rendered pages -> a Pagefind full-text index.

Pagefind (from PyPI, binary included) indexes the parts of pages marked `data-pagefind-body` (claim,
article, reference and entity pages) with the filters the pages declare (`data-pagefind-filter`:
kind, article, entity, type, evidence, verdict). The pages are copied to a private temporary folder,
the Pagefind command indexes them there, and its files come back as path -> bytes to join the site's
other files, so the atomic write covers them too. (Pagefind's Python service API waits 0.1 s per
page, 40 s for this site; the command takes well under a second.) Result URLs are site-relative; the
search page adds the subpath the site is served from.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


class SearchIndexError(Exception):
    pass


def _executable() -> str:
    try:
        from pagefind.service import _must_get_executable
    except ImportError:  # pragma: no cover - pagefind is a declared dependency
        raise SearchIndexError("the pagefind package is not installed; run scripts/bootstrap") from None
    try:
        return str(_must_get_executable())
    except Exception as exc:
        raise SearchIndexError(f"the Pagefind program is missing: {exc}") from None


def index_files(pages: dict[str, bytes]) -> dict[str, bytes]:
    """`pagefind/...` files for the HTML pages given as path -> bytes."""
    program = _executable()
    with tempfile.TemporaryDirectory(prefix="evidmap-search-") as tmp:
        site = Path(tmp) / "site"
        for path, data in pages.items():
            if path.endswith(".html"):
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        try:
            done = subprocess.run(
                [program, "--site", str(site), "--output-subdir", "pagefind", "--force-language", "en", "--quiet"],
                capture_output=True, timeout=300,
            )
        except subprocess.TimeoutExpired:
            raise SearchIndexError("search indexing took over 300 s") from None
        if done.returncode != 0:
            raise SearchIndexError(f"search indexing failed: {done.stderr.decode('utf-8', 'replace').strip()[:500]}")
        out = site / "pagefind"
        return {
            f"pagefind/{p.relative_to(out).as_posix()}": p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()
        }
