"""English in one voice: where a Japanese text uses a term of data/terms.yml, its English twin uses
the listed rendering (and none of the renderings to avoid).

Texts compared: every {ja, en} pair in data/ (plans and the national reference), and every page of
docs/ja against its twin in docs/en (prose only: macro calls are left out, their text is data).
Also reported: Japanese left at the start of an English phrase (「基本方針１ Improving…」) and the same
parenthesised abbreviation twice in one English sentence (「(MIC)」 … 「(MIC)」).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from macros.checks.data_text import data_documents, text_pairs
from macros.core.models import TermRule, TermsFile
from macros.core.yamlread import Problem, YamlError, format_path, read_yaml

TERMS_FILE = "data/terms.yml"


@dataclass(frozen=True)
class Finding:
    term: TermRule
    form: str              # the Japanese form found
    missing: bool          # the rendering is missing
    avoided: str = ""      # a form to avoid that is used


def load_terms(root: Path) -> tuple[list[TermRule], list[Problem]]:
    path = Path(root) / TERMS_FILE
    if not path.exists():
        return [], []
    try:
        doc = read_yaml(path.read_bytes(), TERMS_FILE)
    except YamlError as exc:
        return [], list(exc.problems)
    try:
        return list(TermsFile.model_validate(doc.data).terms), []
    except ValidationError as exc:
        return [], [Problem(TERMS_FILE, doc.line_of(tuple(e["loc"])), format_path(tuple(e["loc"])),
                            f"{e['msg']} — 用語の書き方は data/terms.yml の冒頭の説明を見てください\n"
                            f"    English: {e['msg']} — see the notes at the top of data/terms.yml")
                    for e in exc.errors(include_url=False)]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _fold(text: str) -> str:
    """In any case, a hyphen as a space: "Digital-divide measures" uses "digital divide"."""
    return text.lower().replace("-", " ")


def _contains(text: str, form: str) -> bool:
    return _fold(form) in _fold(text)


def _remove(text: str, form: str) -> str:
    pattern = "[- ]".join(re.escape(part) for part in re.split(r"[- ]", form))
    return re.sub(pattern, " ", text, flags=re.IGNORECASE)


def compare(ja: str, en: str, terms: list[TermRule]) -> list[Finding]:
    """What the English twin of a Japanese text gets wrong about the listed terms."""
    ja, en = _norm(ja), _norm(en)
    ordered = sorted(terms, key=lambda t: -max(len(_norm(f)) for f in t.ja))
    out = []
    for term in ordered:
        for phrase in term.unless:
            ja = ja.replace(_norm(phrase), "〓")
        forms = [f for f in (_norm(x) for x in term.ja) if f in ja]
        if not forms:
            continue
        for form in forms:
            ja = ja.replace(form, "〓")
        renderings = [term.en, *term.accept]
        # the English may also quote the Japanese itself (a note on how the source spells it)
        used = any(_contains(en, r) for r in renderings) or any(f in en for f in forms)
        if term.check and not used:
            out.append(Finding(term, forms[0], missing=True))
        rest = en
        for rendering in renderings:
            rest = _remove(rest, rendering)
        for bad in term.avoid:
            if _contains(rest, bad):
                out.append(Finding(term, forms[0], missing=False, avoided=bad))
        en = rest   # a longer term's rendering is not looked at again for a shorter term inside it
    return out


_JA = r"[\u3040-\u30ff\u3400-\u9fff\uff10-\uff19]"
_JAPANESE_BEFORE_ENGLISH = re.compile(rf"(?<!{_JA}){_JA}+[0-9０-９]*\s+[A-Z][a-z]+")
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』")
_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")


def english_problems(en: str, ja: str = "") -> list[str]:
    """Japanese glued to an English phrase, and the same (ABBR) twice in one sentence (unless the
    Japanese itself repeats it)."""
    ja = _norm(ja)
    out = []
    for match in _JAPANESE_BEFORE_ENGLISH.finditer(_QUOTED.sub(" ", en)):
        out.append(f"japanese:{match.group(0)}")
    for sentence in re.split(r"(?<=[.!?])\s+|\n", en):
        seen: set[str] = set()
        for abbr in _ABBREVIATION.findall(sentence):
            if abbr in seen and ja.count(f"({abbr})") < 2:
                out.append(f"twice:{abbr}")
            seen.add(abbr)
    return out


def _message(finding: Finding) -> str:
    term = finding.term
    if finding.missing:
        return (f"日本語は「{finding.form}」を使っていますが、英語に訳語「{term.en}」がありません — "
                f"英語では「{term.en}」と書いてください（data/terms.yml）\n"
                f"    English: the Japanese uses 「{finding.form}」 but the English lacks its rendering "
                f"\"{term.en}\" — write \"{term.en}\" (data/terms.yml)")
    return (f"「{finding.form}」の英訳に使わない「{finding.avoided}」が英語にあります — "
            f"「{term.en}」と書いてください（data/terms.yml）\n"
            f"    English: \"{finding.avoided}\" is not used for 「{finding.form}」 — write \"{term.en}\" "
            f"(data/terms.yml)")


def _english_message(kind: str) -> str:
    what, _, text = kind.partition(":")
    if what == "japanese":
        return (f"英語の文に日本語「{text}」が残っています — 英語に訳すか、原文の引用なら「」で囲んでください\n"
                f"    English: Japanese is left in the English text (\"{text}\") — translate it, or quote the "
                f"original in 「」")
    return (f"英語の一文に「({text})」が二度あります — 略語の括弧は最初の一度だけにしてください\n"
            f"    English: \"({text})\" appears twice in one sentence — give the abbreviation once, the first time")


# --------------------------------------------------------------------------- data

def data_problems(root: Path, terms: list[TermRule]) -> list[Problem]:
    out: list[Problem] = []
    for rel, doc in data_documents(root):
        for where, ja, en in text_pairs(doc.data):
            messages = [_message(f) for f in compare(ja, en, terms)] + [_english_message(k) for k in english_problems(en, ja)]
            for message in messages:
                out.append(Problem(rel, doc.line_of(where + ("en",)), format_path(where + ("en",)), message))
    return out


# --------------------------------------------------------------------------- pages

_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def page_problems(root: Path, terms: list[TermRule]) -> list[Problem]:
    """A page of docs/ja against its twin in docs/en, prose only."""
    root = Path(root)
    out: list[Problem] = []
    for ja_path in sorted((root / "docs" / "ja").rglob("*.md")):
        rel = ja_path.relative_to(root / "docs" / "ja").as_posix()
        en_path = root / "docs" / "en" / rel
        if not en_path.is_file():
            continue  # a missing twin is reported by the page check
        try:
            ja = _MACRO.sub(" ", ja_path.read_text(encoding="utf-8"))
            en_text = en_path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        en = _MACRO.sub(" ", en_text)
        en_file = f"docs/en/{rel}"
        for finding in compare(ja, en, terms):
            line = _line_of(en_text, finding.avoided) if finding.avoided else 1
            out.append(Problem(en_file, line, "", _message(finding)))
        for kind in english_problems(en, ja):
            out.append(Problem(en_file, _line_of(en_text, kind.partition(":")[2]), "", _english_message(kind)))
    return out


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle and (needle in line or needle.lower() in line.lower()):
            return number
    return 1


def check_terms(root: Path) -> list[Problem]:
    """Every term problem of data/ and docs/ (none when data/terms.yml is absent)."""
    terms, problems = load_terms(root)
    if problems:
        return problems
    return data_problems(root, terms) + page_problems(root, terms)
