"""Hostile files and hidden characters never publish: the files-and-text part of the bad-input corpus.

Beside tests/test_bad_input.py (bad data) and tests/test_injection.py (payloads shown as text):
a pull request that adds a file docs/ may not publish (.html, .svg, an unlisted .js), a symbolic
link anywhere in docs/, data/ or overrides/ (to /etc/passwd, /proc/self/environ, /etc), or text
with control, bidirectional or invisible characters. For each case `dxplans check` prints exactly
the lines below (file:line, Japanese then English) and exits 1; for the cases marked build=True a
strict `mkdocs build` of a tiny project fails with the same lines and publishes nothing. No output
ever contains a byte of a link's target or a control character.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.cli.main import main
from macros.core.messages import japanese_path

from .sites import build, make_project
from .test_bad_input import EN_PAGE, JA_PAGE, KPIS, PLAN, TERMS, Delete, Replace, Write, check_output, one_line
from .test_bad_input import project as project  # noqa: F401  (the fixture: mini data and its two pages)

SECRET = "dxplans-test-secret-7f3a9c"  # in this process's environment, hence in /proc/self/environ


@dataclass(frozen=True)
class Link:
    """A symbolic link at rel (replacing what is there) to target."""

    rel: str
    target: str

    def apply(self, root: Path) -> None:
        path = root / self.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            import shutil

            shutil.rmtree(path)
        path.symlink_to(self.target)


@dataclass(frozen=True)
class Fifo:
    rel: str

    def apply(self, root: Path) -> None:
        (root / self.rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / self.rel)


# ---------------------------------------------------------------------------------- messages
LINK = ("シンボリックリンクは使えません（リンク先のファイルは読みません） — リンクを消し、ファイルそのものを置いてください\n"
        "    English: a symbolic link is not allowed (its target is not read) — delete the link and put the file "
        "itself here")
UNLISTED = ("docs/ から公開できるのは Markdown のページ（.md）と mkdocs.yml に登録したサイトの資産だけです — このファイルを"
            "消してください（ページは .md で書きます。画像や図が必要なら、担当者に相談してください）\n"
            "    English: only Markdown pages (.md) and the site's own assets listed in mkdocs.yml (extra_css, "
            "extra_javascript) are published from docs/ — delete this file (write a page as .md; for a picture or a "
            "diagram, ask the maintainers)")
NOT_TEMPLATE = ("overrides/ に置けるのはテーマのテンプレート（.html）だけです（ほかのファイルはそのまま公開されてしまいます） — "
                "このファイルを消してください\n"
                "    English: overrides/ holds the theme's templates (.html) only (any other file would be published as "
                "it is) — delete this file")
NOT_SCHEMA = ("data/schema/ に置けるのは dxplans schema が作るスキーマだけです（ここのファイルはオープンデータとして公開されます）"
              " — このファイルを消してください\n"
              "    English: data/schema/ holds only the schemas that 'dxplans schema' writes (its files are published "
              "with the open data) — delete this file")
NOT_FILE = ("普通のファイルでもフォルダーでもありません（パイプやデバイスなど） — 消してください\n"
            "    English: this is neither a plain file nor a folder (a pipe, a device …) — delete it")
KINDS = {
    "control": ("制御文字", "a control character"),
    "bidi": ("文字の表示順を変える制御文字", "a bidirectional control, which shows text in another order than it is"),
    "invisible": ("見えない文字", "an invisible (zero-width) character"),
    "separator": ("画面では改行に見えない区切り文字",
                  "a line or paragraph separator that editors do not show as a line break"),
}


def chars(where: str, kinds: str, *named: str) -> str:
    """The message for refused characters: where ('file:line: field'), their kinds, their code points."""
    ja = "、".join(KINDS[k][0] for k in kinds.split())
    en = "; ".join(KINDS[k][1] for k in kinds.split())
    points = ", ".join(named)
    return (f"{where}: {ja}（{points}）が入っています — この文字を消してください（見えないときは、その部分を打ち直してください）\n"
            f"    English: the text contains {points}, {en} — delete {'it' if len(named) == 1 else 'them'} "
            "(where you cannot see it, type that part again)")


RLO, ZWSP, ZWJ, ESC = "\u202e", "\u200b", "\u200d", "\x1b"


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple
    expected: tuple[str, ...]
    build: bool = False


def case(name: str, edits: object, *expected: str, build: bool = False) -> Case:
    return Case(name, tuple(edits) if isinstance(edits, list) else (edits,), expected, build)


CASES = [
    # ---- files docs/ may not publish ---------------------------------------------------------------
    case("html-page-in-docs", Write("docs/ja/evil.html", "<script>window.__pwned=1</script>\n"),
         f"docs/ja/evil.html: {UNLISTED}", build=True),
    case("svg-with-script-in-docs", Write("docs/en/plans/sample/logo.svg",
                                          '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1"/>\n'),
         f"docs/en/plans/sample/logo.svg: {UNLISTED}", build=True),
    case("unlisted-script-in-assets", Write("docs/assets/extra.js", "window.__pwned=1\n"),
         f"docs/assets/extra.js: {UNLISTED}", build=True),
    case("xhtml-json-and-text-in-docs", [Write("docs/ja/a.xhtml", "<html/>"), Write("docs/en/data.json", "{}"),
                                         Write("docs/robots.txt", "User-agent: *\n")],
         f"docs/en/data.json: {UNLISTED}", f"docs/ja/a.xhtml: {UNLISTED}", f"docs/robots.txt: {UNLISTED}"),
    case("script-in-overrides", Write("overrides/evil.js", "window.__pwned=1\n"),
         f"overrides/evil.js: {NOT_TEMPLATE}", build=True),
    case("extra-file-in-published-schemas", Write("data/schema/evil.schema.json", '{"x": "<script>"}\n'),
         f"data/schema/evil.schema.json: {NOT_SCHEMA}", build=True),
    case("named-pipe-in-docs", Fifo("docs/ja/pipe.md"), f"docs/ja/pipe.md: {NOT_FILE}", build=True),
    # ---- links, never followed ------------------------------------------------------------------------
    case("link-in-docs-to-etc-passwd", Link("docs/ja/passwd.md", "/etc/passwd"),
         f"docs/ja/passwd.md: {LINK}", build=True),
    case("link-in-docs-to-proc-environ", Link("docs/en/environ.md", "/proc/self/environ"),
         f"docs/en/environ.md: {LINK}", build=True),
    case("linked-folder-in-docs", Link("docs/ja/etc", "/etc"), f"docs/ja/etc: {LINK}", build=True),
    case("dangling-link-in-docs", Link("docs/ja/gone.md", "/nonexistent/gone.md"), f"docs/ja/gone.md: {LINK}"),
    case("link-in-data-to-proc-environ", Link(KPIS, "/proc/self/environ"), f"{KPIS}: {LINK}", build=True),
    case("link-in-data-to-etc-passwd", Link("data/plans/sample/figures.yml", "/etc/passwd"),
         f"data/plans/sample/figures.yml: {LINK}", build=True),
    case("linked-plan-folder-in-data", Link("data/plans/other", "/etc"), f"data/plans/other: {LINK}", build=True),
    case("link-in-data-schema", Link("data/schema/plan.schema.json", "/etc/passwd"),
         f"data/schema/plan.schema.json: {LINK}", build=True),
    case("link-in-overrides-to-etc-passwd", Link("overrides/partials/leak.html", "/etc/passwd"),
         f"overrides/partials/leak.html: {LINK}", build=True),
    case("linked-overrides-folder", Link("overrides", "/etc"), f"overrides: {LINK}", build=True),
    # ---- characters in data -----------------------------------------------------------------------------
    case("bidi-override-in-data", Replace(PLAN, "en: A sample plan.", f"en: A sample {RLO}plan."),
         chars(f"{PLAN}:14: summary.en", "bidi", "U+202E RIGHT-TO-LEFT OVERRIDE"), build=True),
    case("bidi-override-written-as-escape", Replace(PLAN, "en: A sample plan.", 'en: "A sample \\u202Eplan."'),
         chars(f"{PLAN}:14: summary.en", "bidi", "U+202E RIGHT-TO-LEFT OVERRIDE")),
    case("bidi-isolate-in-a-comment", Replace(PLAN, "kind: plan", f"kind: plan  # {chr(0x2067)}note"),
         chars(f"{PLAN}:5", "bidi", "U+2067 RIGHT-TO-LEFT ISOLATE")),
    case("escape-sequence-in-kpi-name", Replace(KPIS, "en: LINE friends}", 'en: "LINE \\e[2J\\e[31mfriends"}'),
         chars(f"{KPIS}:4: kpis[0].name.en", "control", "U+001B ESCAPE"), build=True),
    case("escape-character-typed-in-data", Replace(KPIS, "en: LINE friends}", f"en: LINE {ESC}[31mfriends}}"),
         chars(f"{KPIS}:4", "control", "U+001B ESCAPE"), build=True),
    case("nul-in-glossary", Replace(TERMS, "誰でも使えるデータ", "誰でも\x00使えるデータ"),
         chars(f"{TERMS}:11", "control", "U+0000 NULL"), build=True),
    case("c1-control-in-glossary", Replace(TERMS, "Data anyone may use", "Data \x9b31manyone may use"),
         chars(f"{TERMS}:11", "control", "U+009B CONTROL SEQUENCE INTRODUCER")),
    case("lone-carriage-return", Replace(PLAN, "kind: plan\n", "kind: plan\r"),
         chars(f"{PLAN}:5", "control", "U+000D CARRIAGE RETURN")),
    case("zero-width-space-in-term", Replace(TERMS, "term: {ja: RPA, en: RPA}", f"term: {{ja: R{ZWSP}PA, en: RPA}}"),
         chars(f"{TERMS}:3: terms[0].term.ja", "invisible", "U+200B ZERO WIDTH SPACE"), build=True),
    case("zero-width-joiner-outside-emoji", Replace(PLAN, "municipality: {ja: 見本市", f"municipality: {{ja: 見本{ZWJ}市"),
         chars(f"{PLAN}:2: municipality.ja", "invisible", "U+200D ZERO WIDTH JOINER")),
    case("byte-order-mark-inside-text", Replace(PLAN, "ja: 見本の計画です。", "ja: 見本の\ufeff計画です。"),
         chars(f"{PLAN}:14: summary.ja", "invisible", "U+FEFF ZERO WIDTH NO-BREAK SPACE")),
    case("hidden-tag-characters", Replace(PLAN, "en: A sample plan.", "en: A sample plan.\U000E0069\U000E0067"),
         chars(f"{PLAN}:14: summary.en", "invisible", "U+E0069 TAG LATIN SMALL LETTER I",
               "U+E0067 TAG LATIN SMALL LETTER G")),
    case("left-to-right-mark-and-word-joiner", Replace(PLAN, "en: A sample plan.", "en: A\u200e sample\u2060 plan."),
         chars(f"{PLAN}:14: summary.en", "bidi invisible", "U+200E LEFT-TO-RIGHT MARK", "U+2060 WORD JOINER")),
    case("line-separator-in-text", Replace(PLAN, "en: A sample plan.", "en: A sample\u2028plan."),
         chars(f"{PLAN}:14", "separator", "U+2028 LINE SEPARATOR")),
    # ---- characters in pages -------------------------------------------------------------------------------
    case("bidi-override-in-page", Replace(JA_PAGE, "\n\n{{", f"\n\n見本{RLO}市の計画\n\n{{{{"),
         chars(f"{JA_PAGE}:3", "bidi", "U+202E RIGHT-TO-LEFT OVERRIDE"), build=True),
    case("escape-sequence-in-page", Replace(EN_PAGE, "\n\n{{", f"\n\n{ESC}[H{ESC}[J{ESC}]l;pwned{chr(7)}Plan\n\n{{{{"),
         chars(f"{EN_PAGE}:3", "control", "U+001B ESCAPE", "U+0007 BELL"), build=True),
    case("bidi-override-as-character-reference", Replace(EN_PAGE, "\n\n{{", "\n\nA &#x202E;sample&#8236; plan\n\n{{"),
         chars(f"{EN_PAGE}:3", "bidi", "U+202E RIGHT-TO-LEFT OVERRIDE", "U+202C POP DIRECTIONAL FORMATTING"),
         build=True),
    case("zero-width-entities-in-page", Replace(JA_PAGE, "\n\n{{", "\n\n見本&zwj;市&ZeroWidthSpace;\n\n{{"),
         chars(f"{JA_PAGE}:3", "invisible", "U+200D ZERO WIDTH JOINER", "U+200B ZERO WIDTH SPACE")),
    case("zero-width-space-in-page-heading", Replace(JA_PAGE, "# 見本市", f"# 見本{ZWSP}市"),
         chars(f"{JA_PAGE}:1", "invisible", "U+200B ZERO WIDTH SPACE")),
    case("bidi-override-in-file-name", [Write(f"docs/{lang}/plans/sample/{RLO}dm.exe.md", "# 見本\n")
                                        for lang in ("en", "ja")],
         *[f"docs/{lang}/plans/sample/<U+202E>dm.exe.md: ファイル名に文字の表示順を変える制御文字（U+202E RIGHT-TO-LEFT "
           "OVERRIDE）が入っています — この文字を消してください（見えないときは、その部分を打ち直してください）\n"
           "    English: the file name contains U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control, which shows "
           "text in another order than it is — delete it (where you cannot see it, type that part again)"
           for lang in ("en", "ja")]),
]
SECRETS_OF_TARGETS = ("root:x:0:0", SECRET)  # /etc/passwd's first line; this process's environment
# Nothing of this is the project's: a message that quotes a link's target would show one of them.


def _no_secret_and_no_control(output: str) -> None:
    for secret in SECRETS_OF_TARGETS:
        assert secret not in output
    hidden = re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]", output)
    assert not hidden, f"the output sends {hidden!r} to the terminal"


@pytest.fixture(autouse=True)
def secret_in_environment(monkeypatch) -> None:
    monkeypatch.setenv("DXPLANS_TEST_SECRET", SECRET)  # a subprocess's /proc/self/environ holds it too


def test_corpus_names_are_unique_and_every_kind_builds() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 30
    assert sum(c.build for c in CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_dxplans_check_refuses_with_file_and_line(case: Case, project: Path, capsys) -> None:  # noqa: F811
    for edit in case.edits:
        edit.apply(project)
    code, err = check_output(project, capsys)
    assert code == 1
    assert err[-1] == f"{len(case.expected)} problem(s) found. Fix each line above, then run 'dxplans check' again."
    assert "\n".join(err[:-2]) == "\n".join(one_line(e) for e in case.expected)   # one English line per problem
    _no_secret_and_no_control("\n".join(err))


def as_staff_reads_it(expected: str) -> str:
    """An expectation written as `file:line: path: 日本語` + `    English: …` in the form the build prints it
    (macros/core/messages.staff_text): the Japanese line names the path counted from 1, the English line the
    schema path."""
    if "\n    English: " not in expected:
        return expected
    first, english = expected.split("\n    English: ", 1)
    found = re.match(r"^(?P<where>\S+?): (?:(?P<path>[A-Za-z0-9_.\[\]]+): )?(?P<ja>.*)$", first)
    if not found or not found["path"]:
        return expected
    return (f"{found['where']}: {japanese_path(found['path'])}: {found['ja']}\n"
            f"    English: {found['path']}: {english}")


def test_the_command_prints_no_control_character(project: Path) -> None:  # noqa: F811
    """Through a real terminal-facing process: an ESC sequence in a page, a key and a value reaches
    stderr only as <U+001B>, also where another message quotes the value."""
    Replace(EN_PAGE, "\n\n{{", f"\n\n{ESC}[2J{ESC}[31mPlan\n\n{{{{").apply(project)
    Replace(PLAN, "summary:", '"sum\\emary":').apply(project)  # an unknown field, quoted back
    Replace(KPIS, "value: 16401", 'value: "16401\\e[8m"').apply(project)  # a number field, quoted back
    result = subprocess.run([sys.executable, "-m", "macros.cli.main", "--root", str(project), "check"],
                            capture_output=True, text=True, timeout=120, env={**os.environ, "DXPLANS_TEST_SECRET": SECRET})
    assert result.returncode == 1
    _no_secret_and_no_control(result.stdout + result.stderr)
    assert "unknown field 'sum<U+001B>mary'" in result.stderr  # the key, quoted back, escaped
    assert f"{KPIS}:7: kpis 1つ目 › baseline › value: 制御文字（U+001B ESCAPE）" in result.stderr  # said once, as a character
    assert f"{EN_PAGE}:3:" in result.stderr


def test_emoji_joiner_and_kanji_variants_are_allowed(project: Path, capsys) -> None:  # noqa: F811
    """The zero-width joiner inside an emoji sequence (👩‍💻) and variation selectors (葛󠄀, ❤️) are text
    as printed, not hidden characters."""
    Replace(PLAN, "ja: 見本の計画です。", "ja: 見本の計画です👩\u200d💻❤\ufe0f。葛\U000e0100城市").apply(project)
    Replace(JA_PAGE, "\n\n{{", "\n\n窓口👨\u200d👩\u200d👧\n\n{{").apply(project)
    assert main(["--root", str(project), "check"]) == 0, capsys.readouterr().err


def test_a_long_value_is_quoted_in_part(project: Path, capsys) -> None:  # noqa: F811
    Replace(KPIS, "value: 16401", "value: " + "x" * 5000).apply(project)
    code, err = check_output(project, capsys)
    assert code == 1
    line = next(e for e in err if "kpis[0].baseline.value" in e)
    assert '"' + "x" * 80 + '…" (5,000 characters)' in line and len(line) < 400


@pytest.mark.build
@pytest.mark.parametrize("case", [c for c in CASES if c.build], ids=lambda c: c.name)
def test_the_build_refuses_and_publishes_nothing(case: Case, tmp_path: Path) -> None:
    project = make_project(tmp_path / "site-project")
    for edit in case.edits:
        if isinstance(edit, Delete):
            continue
        edit.apply(project)
    result = build(project, timeout=120, env={"DXPLANS_TEST_SECRET": SECRET})
    assert result.returncode != 0
    assert "The site was not built" in result.stderr
    for line in case.expected:
        assert as_staff_reads_it(line) in result.stderr, line
    _no_secret_and_no_control(result.stdout + result.stderr)
    assert not (project / "site").exists() or not any((project / "site").rglob("*.*"))
