"""One problem of a page, located and worded for staff in Japanese and English.

    docs/ja/plans/x/index.md:12: 日本語で何が問題か — 日本語で何を書くか
        English: what is wrong — what to write

(the format every staff-facing message of the project uses; line numbers from 1, as editors show them).
Whatever a page contains is quoted through shown(): no control character reaches the terminal.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_MAX_QUOTE = 80


@dataclass(frozen=True, order=True)
class PageProblem:
    file: str
    line: int
    ja: str
    en: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.ja}\n    English: {self.en}"


def shown(text: str, limit: int = _MAX_QUOTE) -> str:
    """text as it may be quoted in a message: control and format characters named (U+001B), shortened."""
    out = []
    for char in text:
        if char == "\n":
            out.append("⏎")
        elif unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp"):
            out.append(f"<U+{ord(char):04X}>")
        else:
            out.append(char)
    quoted = "".join(out)
    return quoted if len(quoted) <= limit else quoted[:limit - 1] + "…"
