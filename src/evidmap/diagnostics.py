"""Diagnostics: the one shape every problem takes, and how it is printed.

Every stage reports problems as `Diagnostic` values instead of raising, so a run can show all of them
at once. They print as `path:line:col: error: message`, the format compilers use, which editors and CI
logs turn into links.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the project folder, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based; 0 when unknown
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{max(self.col, 1)}"
        return f"{where}: {self.severity}: {self.message}"


class BuildError(Exception):
    """Raised by a stage that cannot go on; carries every diagnostic collected so far."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix when a choice is close to `word`, else ''."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""
