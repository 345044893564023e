"""What a pull request may not bring in, whoever wrote it: hidden characters and links out of the tree.

Characters. Text a reader sees (data values, page text) and the files it comes from (keys and
comments too, which reviewers read) may not contain characters that hide or change what the
text says:
- control characters: C0 (U+0000–U+001F) except tab and line feed (a carriage return only as part
  of a CRLF line end in a file), DEL (U+007F) and C1 (U+0080–U+009F); an ESC sequence in a message
  would also drive the terminal of whoever runs `dxplans check`;
- bidirectional controls: embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, and the
  marks U+200E, U+200F, U+061C ("Trojan Source": text shown in another order than it is stored);
- invisible characters: zero-width space, non-joiner and joiner U+200B–U+200D, word joiner U+2060,
  invisible operators U+2061–U+2064, U+FEFF inside text, tag characters U+E0000–U+E007F, the
  Mongolian vowel separator U+180E and the Hangul fillers U+115F, U+1160, U+3164, U+FFA0 (they make
  two different texts look the same, or carry hidden text);
- the line and paragraph separators U+2028 and U+2029 (a line break no editor shows as one).

The zero-width joiner (U+200D) is allowed in one place: between two emoji, where it forms one
emoji (👩‍💻 is 👩 U+200D 💻). Japanese and English text has no other use for it. Variation
selectors (U+FE00–U+FE0F, U+E0100–U+E01EF) stay allowed: they choose the glyph of an emoji or of a
kanji in a person's or place's name, which must be shown as printed.

Every message names the code point (U+202E) and never contains the character itself: printable()
writes each such character as <U+001B> before anything reaches a terminal or a log.

Links. A symbolic link in docs/, data/ or overrides/ would publish, or read as data, a file from
outside the project (/etc/passwd, /proc/self/environ). Links are refused without being followed,
and nothing of their target is ever read or quoted.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"       # C0 except tab and line feed; DEL; C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\u200b-\u200d\u2060-\u2064\ufeff\u180e\u115f\u1160\u3164\uffa0\U000e0000-\U000e007f"  # invisible
    "\u2028\u2029]"                       # line and paragraph separators
)
ZWJ = "\u200d"

# Names for the characters unicodedata leaves unnamed (controls) and short ones for the rest.
_CONTROL_NAMES = {
    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER",
}


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    return 0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or 0x2B00 <= cp <= 0x2BFF or 0x2300 <= cp <= 0x23FF


def _emoji_before(text: str, index: int) -> bool:
    """An emoji ends just before index (skipping its variation selector and skin tone)."""
    i = index - 1
    while i >= 0 and (text[i] == "\ufe0f" or 0x1F3FB <= ord(text[i]) <= 0x1F3FF):
        i -= 1
    return i >= 0 and _is_emoji(text[i])


def may_refuse(text: str) -> bool:
    """False when text holds no refused character (a carriage return, as in CRLF, counts as one here)."""
    return _REFUSED.search(text) is not None


def refused_in(text: str) -> list[tuple[int, str]]:
    """(index, character) of every refused character in text, in order."""
    if not _REFUSED.search(text):  # nearly every text: one scan in C
        return []
    out = []
    for match in _REFUSED.finditer(text):
        ch, i = match.group(0), match.start()
        if ch == ZWJ and _emoji_before(text, i) and i + 1 < len(text) and _is_emoji(text[i + 1]):
            continue  # part of an emoji sequence such as 👩‍💻
        out.append((i, ch))
    return out


def code_point(ch: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'"""
    cp = ord(ch)
    name = _CONTROL_NAMES.get(cp) or unicodedata.name(ch, "") or ("CONTROL CHARACTER" if cp < 0xA0 else "")
    return f"U+{cp:04X} {name}".rstrip()


def kind(ch: str) -> tuple[str, str]:
    """What the character is, in Japanese and in English."""
    cp = ord(ch)
    if cp < 0xA0:
        return "制御文字", "a control character"
    if ch in "\u061c\u200e\u200f" or 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
        return "文字の表示順を変える制御文字", "a bidirectional control, which shows text in another order than it is"
    if ch in "\u2028\u2029":
        return "画面では改行に見えない区切り文字", "a line or paragraph separator that editors do not show as a line break"
    return "見えない文字", "an invisible (zero-width) character"


def printable(text: str) -> str:
    """text with each refused character written as <U+XXXX>: safe to print, to log and to quote.

    Line feeds and tabs stay (they are how messages are laid out)."""
    if not _REFUSED.search(text):
        return text
    return _REFUSED.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text)


QUOTE_AT_MOST = 80  # characters of a value quoted in a message: enough to recognise it, never a whole paste


def quoted(text: str) -> str:
    """'"text"' for a message; a long text in part, with its length (a 2 MB paste is not echoed to a log)."""
    if len(text) > QUOTE_AT_MOST:
        return f'"{text[:QUOTE_AT_MOST]}…" ({len(text):,} characters)'
    return f'"{text}"'


def characters_message(chars: list[str], where: tuple[str, str] = ("", "the text")) -> str:
    """The bilingual message for refused characters (one per line of a file, or per value):
    Japanese first, then '    English: …' on the next line, as every staff message."""
    unique = list(dict.fromkeys(chars))
    named = ", ".join(code_point(c) for c in unique)
    kind_ja = "、".join(dict.fromkeys(kind(c)[0] for c in unique))
    kind_en = "; ".join(dict.fromkeys(kind(c)[1] for c in unique))
    return (f"{where[0]}{kind_ja}（{named}）が入っています — この文字を消してください（見えないときは、その部分を打ち直してください）\n"
            f"    English: {where[1]} contains {named}, {kind_en} — delete {'it' if len(unique) == 1 else 'them'} "
            "(where you cannot see it, type that part again)")


# --------------------------------------------------------------------------------------------
# Links out of the tree
# --------------------------------------------------------------------------------------------

def symlink_message() -> str:
    return ("シンボリックリンクは使えません（リンク先のファイルは読みません） — リンクを消し、ファイルそのものを置いてください\n"
            "    English: a symbolic link is not allowed (its target is not read) — delete the link and put "
            "the file itself here")


def plain_files(folder: Path, pattern: str) -> list[Path]:
    """folder.rglob(pattern), sorted, plain files only (no link, no pipe): what the checks may read.

    (rglob does not go into linked folders; the links themselves are reported by
    macros/checks/files.py, without being followed.)"""
    if folder.is_symlink() or not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob(pattern) if not p.is_symlink() and p.is_file())  # no pipe, no device
