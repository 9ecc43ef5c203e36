"""Diagnostics: the one shape every problem takes, and how it is printed.

Every stage reports problems as `Diagnostic` values instead of raising, so a run can show all of them
at once. They print as `path:line:col: error: message`, the format compilers use, which editors and CI
logs turn into links.

File names, keys and values quoted in a message come from files anyone may have written, so
`printable` escapes every character that a terminal would act on instead of showing (ESC, BEL,
line breaks, C1 controls, bidirectional overrides) before a diagnostic is shown anywhere.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

# C0 and C1 control characters and DEL (ESC starts terminal escape sequences, BEL rings, a line
# break would forge a second diagnostic), the bidirectional formatting characters, which can make a
# terminal show text in another order than it is written, and lone surrogates (a file name that is
# not UTF-8), which cannot be written to a terminal at all
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every character a terminal would act on written as an escape (`\\x1b`, `\\u202e`)."""
    return _UNPRINTABLE.sub(_escape, text)


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
        return printable(f"{where}: {self.severity}: {self.message}")


def shorten(value: object, limit: int = 60) -> str:
    """`value` as text for a message, cut to `limit` characters: a value may be a megabyte long."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix when a choice is close to `word`, else ''."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""
