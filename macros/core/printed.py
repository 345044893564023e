"""A number exactly as the source prints it (printed: {ja: ７％増}), and whether the two agree.

The data keeps every figure as a number (value: 7) for computing, charts and open data; where the
source prints it otherwise than the site would write it (full-width digits １６，４０１件, a full-width
％, words such as 増, 程度 or 割), the record keeps the source's text under printed: and Japanese pages
show that text. English pages write the number in English (the English is our translation).

printed_numbers() reads the numbers a printed text says, the way a reader does: full-width digits,
grouping commas (, ， and 、 before three digits), a decimal point (． or .), 割 (tenths: ４割 = 40%)
and 万 / 億 (２万 = 20000). disagreement() words, in Japanese and English, why a printed text does not
say its record's number, or returns "" when it does.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_GROUPING = re.compile(r"(?<=\d)[,、](?=\d{3}(?!\d))")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(割|万|億)?")
_SCALE = {"割": Decimal(10), "万": Decimal(10_000), "億": Decimal(100_000_000), "": Decimal(1)}


def printed_numbers(text: str) -> list[Decimal]:
    """'１６，４０１件' -> [16401]; '７％増' -> [7]; '４割程度' -> [40]; '３分野２０項目' -> [3, 20]."""
    plain = unicodedata.normalize("NFKC", text)
    plain = _GROUPING.sub("", plain)
    return [Decimal(digits) * _SCALE[scale] for digits, scale in _NUMBER.findall(plain)]


def _show(value: Decimal) -> str:
    return f"{value.normalize():f}"


def disagreement(text: str, value: float | int) -> str:
    """Why the printed text does not say the value (Japanese — what to write, then English), or ""."""
    found = printed_numbers(text)
    number = Decimal(str(value))
    if len(found) == 1 and abs(found[0]) == abs(number):
        return ""
    said = "、".join(_show(n) for n in found)
    if not found:
        ja = f"printed の「{text}」に数がありません — 原典がこの値を印刷しているとおりに書いてください（例：７％増）"
        en = f"the printed text '{text}' holds no number — write the value as the source prints it (e.g. ７％増)"
    elif len(found) > 1:
        ja = (f"printed の「{text}」に数が{len(found)}つあります（{said}） — この値 {_show(number)} の表記だけを、"
              "数を1つ含めて書いてください")
        en = (f"the printed text '{text}' holds {len(found)} numbers ({', '.join(_show(n) for n in found)}) — "
              f"write only how the source prints this value ({_show(number)}), with its one number")
    else:
        ja = (f"printed の「{text}」の数（{said}）が value: {_show(number)} と一致しません — "
              "原典を見て、printed か value のどちらかを直してください")
        en = (f"the printed text '{text}' says {said}, but value: is {_show(number)} — check the source and "
              "correct printed or the value")
    return f"{ja}\n    English: {en}"
