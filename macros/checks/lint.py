"""Find figures typed into pages instead of coming from data/ through a macro.

The rule (small on purpose, see README "Numbers"): outside {{ … }} macro calls,
a page may not contain
  - digits followed by a counting unit (件, 人, %, 手続, 項目 …; in English
    "people", "procedures", "percent" …), or
  - a grouped number such as 16,401.
Years (令和7年度, 2025年), article and law numbers (第3条, 法律第40号), version
numbers (第2.0版) and proper names with numbers (プラン2025) are not counted
figures, so they are allowed without any list of exceptions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from macros.core.untrusted import plain_files

MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
JA_UNITS = ("件", "人", "%", "手続", "項目", "通", "台", "枚", "種類", "業務", "回", "割", "倍", "万", "億",
            "円", "箇所", "か所", "ヶ所", "団体", "施設", "名", "社", "校", "ポイント", "システム")
EN_UNITS = ("people", "persons", "procedures", "cases", "items", "percent", "per cent", "systems", "kinds",
            "times", "staff", "yen", "municipalities", "datasets", "points")
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
COUNTED = re.compile(
    r"(?<![第A-Za-z0-9.,])" + NUMBER + r"\s*(?:" + "|".join(map(re.escape, JA_UNITS)) + r")"
    r"|(?<![A-Za-z0-9.,])" + NUMBER + r"\s+(?:" + "|".join(EN_UNITS) + r")\b"
    r"|(?<![A-Za-z0-9.,])\d{1,3}(?:,\d{3})+(?!\d)"
)


@dataclass(frozen=True)
class TypedNumber:
    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return (f"{self.file}:{self.line}: the figure \"{self.text}\" is typed into the page; "
                "put it in data/ and show it with a macro such as {{ figure(...) }}")


def find_typed_numbers(text: str, file: str) -> list[TypedNumber]:
    found = []
    # Blank out macro calls but keep line breaks, so line numbers stay true.
    stripped = MACRO.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for number, line in enumerate(stripped.splitlines(), start=1):
        normalised = unicodedata.normalize("NFKC", line)  # full-width １６，４０１ counts too
        for match in COUNTED.finditer(normalised):
            found.append(TypedNumber(file, number, match.group(0).strip()))
    return found


def lint_docs(root: Path) -> list[TypedNumber]:
    out = []
    for path in plain_files(root / "docs", "*.md"):
        rel = path.relative_to(root).as_posix()
        out += find_typed_numbers(path.read_text(encoding="utf-8"), rel)
    return out
