"""Every kind of data problem, in Japanese and English, in the form staff act on.

The loader (load.py, yamlread.py, models.py) words each problem in English, with its file, line
and field (a Problem). This module is the one place that knows every kind of problem: each KIND
has a code, the English wording it matches, the Japanese wording (what is wrong — what to write),
and what to do, which CONTRIBUTING.md lists (tests/test_messages.py keeps the list and this module
in step, and fails on a problem no KIND matches). staff_text() prints a problem as agreed for all
staff-facing messages:

    file:line: 日本語で何が問題か — 日本語で何を書くか
        English: what is wrong — what to write

Why matching the English text rather than a code at every call: the wording of a problem stays
next to the check that finds it (where it is reviewed and tested), and a helper adding a check
gets a failing test here, not a silently untranslated message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from macros.core.untrusted import printable


@dataclass(frozen=True)
class Kind:
    code: str
    pattern: str          # regular expression matching the English message (search, from its start)
    ja: str               # 問題 — 書くこと, with {names} from the pattern's groups
    todo_ja: str = ""     # for CONTRIBUTING: what to do, when more than the message says
    todo_en: str = ""

    def match(self, message: str) -> re.Match | None:
        return re.match(self.pattern, message, re.S)


_WHAT_JA = {
    "text": "文字", "a whole number": "整数", "true or false": "true か false",
    "a date such as 2025-04-01": "2025-04-01 のような日付", "a mapping of fields (key: value lines)":
    "「項目: 値」の行のまとまり", "a list (lines starting with '- ')": "「- 」で始まる行の並び",
    "text in both languages: {ja: …, en: …}": "日英の文字 {ja: …, en: …}", "a short code or label": "短い記号や番号",
    "a number such as 16401": "16401 のような数", "a fiscal year such as 2027": "2027 のような年度（西暦）",
    "a department id from departments.yml": "departments.yml にある課の id",
}

KINDS: tuple[Kind, ...] = (
    # ---- reading the file (yamlread.py)
    Kind("file-too-large", r"the file is (?P<size>[\d,]+) bytes; data files must be under (?P<max>[\d,]+) bytes",
         "ファイルが大きすぎます（{size} バイト。上限 {max} バイト） — 誤って貼り付けた部分を消してください"),
    Kind("file-bom", r"the file starts with a byte-order mark",
         "ファイルの先頭に BOM（目に見えない印）があります — 「UTF-8（BOM なし）」で保存し直してください"),
    Kind("file-utf16", r"the file is UTF-16 text",
         "ファイルが UTF-16（Excel の「Unicode テキスト」）です — 「UTF-8（BOM なし）」で保存し直してください"),
    Kind("file-not-utf8", r"the file is not UTF-8 text",
         "ファイルが UTF-8 ではありません（Shift_JIS で保存？） — 「UTF-8（BOM なし）」で保存し直してください"),
    Kind("file-empty", r"the file is empty",
         "ファイルが空です — 最上位のキー（例：kpis:）から書いてください"),
    Kind("yaml-tab", r"a tab character is used for indentation",
         "字下げにタブ文字が使われています — 字下げは半角スペースだけで書いてください"),
    Kind("yaml-flow", r"YAML syntax error: did not find expected ',' or '\}'",
         "一行の {{…}} の中の値にコロン（: ）かカンマがあり、区切りと読まれました — その値を \"…\" で囲んでください"
         "（例：en: \"Note: a plan\"）"),
    Kind("yaml-colon", r"YAML syntax error: mapping values are not allowed",
         "値の中にコロン（: ）があり、項目の区切りと読まれました — 値を \"…\" で囲んでください（例：title: \"A: B\"）",
         "この行の値を半角の \"…\" で囲みます。字下げが上の行とずれていないかも確かめます。",
         "Put the value on this line in double quotes; also check that its indentation matches the line above."),
    Kind("yaml-syntax", r"YAML syntax error: (?P<detail>.*?); check indentation",
         "YAML の書き方に誤りがあります（{detail}） — この行と上の行の字下げ・コロン・引用符・括弧を確かめてください"),
    Kind("yaml-invalid", r"the file is not valid YAML: (?P<detail>.*)",
         "YAML として読めません（{detail}） — 字下げ・コロン・引用符を確かめてください"),
    Kind("yaml-second-document", r"a second YAML document starts here",
         "ここで2つ目の文書（--- の行）が始まっています — この行を消してください"),
    Kind("yaml-too-deep", r"the data is nested more than (?P<n>\d+) levels deep",
         "入れ子が深すぎます（{n} 段を超える） — 括弧と字下げを確かめてください"),
    Kind("yaml-key", r"a key must be a plain word",
         "キー（「:」の左）は title のような英単語で書きます — 括弧や引用符を外してください"),
    Kind("yaml-merge", r"merge keys \(<<\) are not allowed",
         "<< （マージキー）は使えません — 項目を1つずつ書いてください"),
    Kind("yaml-duplicate-key", r"the key '(?P<key>.*?)' appears twice in this mapping \(first on line (?P<line>\d+)\)",
         "キー「{key}」が同じまとまりに2回あります（最初は {line} 行目） — どちらか1つを残して、もう一方を消してください"),
    Kind("yaml-tag", r"YAML tags such as (?P<tag>.*?) are not allowed",
         "YAML のタグ（{tag}）は使えません — 値をそのまま書いてください"),
    Kind("yaml-alias", r"\*(?P<anchor>.*?) is an alias",
         "別名（*{anchor}）は使えません — 値をそのまま書いてください"),
    Kind("yaml-anchor", r"this value is anchored \(&\) here",
         "アンカー（&）と別名（*）は使えません — 値を毎回そのまま書いてください"),
    Kind("date-impossible", r"\"(?P<value>.*?)\" is not a real date",
         "「{value}」は実在しない日付です — 実在する日付を 2025-04-01 の形で書いてください"),
    Kind("value-unreadable", r"cannot read \"(?P<value>.*?)\": (?P<detail>.*)",
         "「{value}」を読めません（{detail}） — 値を \"…\" で囲むか、正しい形で書いてください"),
    Kind("comma-in-one-line", r"\"(?P<typed>.*?)\" in a one-line \{…\} mapping is read as two fields .*?; write (?P<write>.+?) \(digits only",
         "一行の {{…}} の中の「{typed}」はカンマで2つの項目に分かれて読まれます — {write_ja}",
         "数はカンマも単位も付けずに書きます（単位は unit: に）。", "Write numbers without commas or units "
         "(the unit goes in unit:)."),
    # ---- files and folders (load.py)
    Kind("no-plans", r"no plan folders found",
         "計画のフォルダがありません — data/plans/<id>/plan.yml を作ってください（dxplans new-plan）"),
    Kind("missing-plan-file", r"missing: every plan folder needs (?P<name>\S+)",
         "{name} がありません — 計画のフォルダには {name} が必要です（dxplans new-plan で作れます）"),
    Kind("missing-file", r"missing file",
         "ファイルがありません — 作ってください"),
    Kind("unexpected-file", r"unexpected file in a plan folder(?: \(did you mean (?P<guess>\S+)\?\))?; "
         r"the allowed files are (?P<allowed>.*)",
         "計画のフォルダに置けないファイルです — 名前を {allowed} のどれかにしてください"),
    Kind("plan-id-folder", r"the plan id must equal its folder name '(?P<folder>.*?)', got \"(?P<got>.*?)\"",
         "計画の id（{got}）がフォルダ名と違います — id: {folder} と書いてください"),
    Kind("file-top-key", r"the file must start with its key, a line '(?P<first>.*?):' \(allowed keys: (?P<allowed>.*?)\), "
         r"got (?P<got>.*)",
         "ファイルの最初が最上位のキーではありません — 1行目を「{first}:」にしてください（使えるキー：{allowed}）"),
    # ---- fields (load.py _message, models.py)
    Kind("field-missing", r"required field '(?P<field>.*?)' is missing",
         "必須の項目「{field}」がありません — 「{field}: …」の行を加えてください"),
    Kind("field-unknown", r"unknown field '(?P<field>.*?)' (?:\(did you mean '(?P<guess>.*?)'\?\)|\(is it misspelt\?\))"
         r"(?:; the allowed fields here are: (?P<allowed>.*))?",
         "「{field}」という項目はありません — {field_ja}"),
    Kind("text-both-languages", r"expected text in both languages",
         "日本語と英語の両方の文字が必要です — {{ja: 日本語, en: English}} の形で書いてください"),
    Kind("text-empty", r"expected some text, got an empty string",
         "文字が空です — 文字を書くか、この行を消してください"),
    Kind("text-expected", r"expected text, got (?P<got>.*?)(?: \(put the text in quotes.*\))?$",
         "文字が必要です（いまは {got}） — \"…\" で囲んで文字として書いてください"),
    Kind("fiscal-year", r"expected a fiscal year such as 2027, got (?P<got>.*?)(?: \((?:write (?P<write>\d{4})\b)?.*\))?$",
         "年度は 2027 のような西暦の数で書きます（いまは {got}） — {write_or}"),
    Kind("fiscal-year-range", r"expected a fiscal year between (?P<low>\d+) and (?P<high>\d+)",
         "年度が範囲外です — {low} から {high} の間の西暦で書いてください"),
    Kind("number", r"expected a number such as 16401 or 18.8, got (?P<got>.*?)(?: \((?:write (?P<write>[-+]?[\d.]+)\b)?.*\))?$",
         "数が必要です（いまは {got}） — {write_or_digits}"),
    Kind("number-finite", r"expected a finite number",
         "数として使えない値です（nan や inf） — 実際の数を書いてください"),
    Kind("number-too-large", r"expected a number below",
         "数が大きすぎます（打ち間違い・貼り付けの誤り？） — 原典の数を確かめて書いてください"),
    Kind("number-negative", r"expected zero or a positive number, got (?P<got>.*)",
         "負の数です（{got}） — 0 以上の数を書いてください"),
    Kind("percent-over-100", r"a percentage cannot be over 100, got (?P<got>.*)",
         "割合が 100 を超えています（{got}） — 0〜100 の数を書いてください（単位 % は unit: にあります）"),
    Kind("whole-number", r"expected a whole number of (?P<unit>.*?), got (?P<got>.*)",
         "この単位（{unit}）は整数だけです（いまは {got}） — 小数点のない数を書いてください"),
    Kind("type", r"expected (?P<what>" + "|".join(re.escape(w) for w in _WHAT_JA) + r"), got (?P<got>.*?)"
         r"(?: \(write (?P<write>[^;,:)]+).*\))?$",
         "{what_ja}が必要です（いまは {got}） — {what_ja}で書いてください"),
    Kind("bound", r"expected (?P<bound>\S+ or more|\S+ or less|more than \S+|less than \S+), got (?P<got>.*)",
         "値が範囲外です（いまは {got}） — {bound_ja}の値を書いてください"),
    Kind("too-long", r"expected at most (?P<max>\d+) characters, got (?P<got>\d+)",
         "長すぎます（{got} 文字） — {max} 文字以内で書いてください"),
    Kind("choice", r"expected one of (?P<options>.*), got (?P<got>.*)",
         "この値（{got}）は使えません — {options} のどれかを書いてください"),
    Kind("id-format", r"expected an id of lowercase ASCII letters",
         "id は半角の小文字・数字・ハイフンで書きます — line-friends のように書いてください"),
    Kind("reading", r"expected the reading in hiragana",
         "読みはひらがなで書きます — reading: でじたるとらんすふぉーめーしょん のように書いてください"),
    Kind("list-empty", r"this list must not be empty",
         "この並びが空です — 1つ以上書くか、項目ごと消してください"),
    Kind("source-empty", r"a source needs at least a page, a section, a department or a url",
         "出典が空です — page:（原典のページ）、section:（章）、department:（課）、url:（公開先のアドレス）のどれかを書いてください"),
    Kind("as-of", r"write either fiscal_year: 2024 or date: 2024-04-01",
         "時点が書かれていないか、両方書かれています — fiscal_year: 2024 か date: 2024-04-01 のどちらか1つを書いてください"),
    Kind("period-unknown", r"give start_fy or end_fy",
         "計画期間がありません — start_fy か end_fy、または原典に期間がないことを note: に書いてください"),
    Kind("year-order", r"start_fy \((?P<start>\d+)\) is after end_fy \((?P<end>\d+)\)",
         "開始年度（{start}）が終了年度（{end}）より後です — 2つの年度を入れ替えるか直してください"),
    Kind("completed-fy", r"a completed initiative needs completed_fy",
         "完了した取組に完了年度がありません — completed_fy: 2024 のように書いてください"
         "（原典に年度がなければ、その旨の根拠を添えます）"),
    Kind("completed-status", r"completed_fy is set, so status must be completed",
         "completed_fy があるのに status が completed ではありません — status: completed にするか completed_fy を消してください"),
    Kind("derived-column", r"a column of type derived needs derived",
         "type: derived の列には derived: {{rule, inputs}} が必要です（ほかの列には書けません） — 計算の規則と入力の列を書いてください"),
    # ---- basis of a value (models.Based, load.py): worded in both languages where they are found
    Kind("basis-reason", r"an (?P<kind>\w+) value needs its reason",
         "推定・再構成の値には理由が必要です — reason: {{ja: …, en: …}} を書いてください"),
    Kind("basis-field", r"'(?P<field>.*?)' is not a field of this record",
         "「{field}」はこの記録の項目ではありません — 根拠を付ける項目名を書いてください"),
    Kind("basis-no-value", r"'(?P<field>.*?)' has no value in this (?:record|row)",
         "「{field}」には値がありません — 値を書くか、この根拠を削除してください"),
    Kind("basis-row-shape", r"expected a mapping of column: \{kind, reason\}",
         "根拠は「列名: {{kind, reason}}」の形で書いてください — 例：basis: {{count: {{kind: inferred, reason: …}}}}"),
    # ---- a value as printed (printed: {ja: …}; core/printed.py): worded in both languages where found
    Kind("printed-disagrees", r"the printed text '(?P<printed>.*?)' (?:says|holds)",
         "printed: の表記が値と一致しません — 原典を見て printed: か value: を直してください"),
    Kind("basis-column", r"'(?P<key>.*?)' is not a column of this table",
         "「{key}」はこの表の列ではありません — 根拠を付ける列名を書いてください"),
    # ---- references across records (load.py)
    Kind("unknown-id", r"no (?P<what>.+?) with id '(?P<value>.*?)'(?P<elsewhere> in this plan \(.*?\))?; known ids: (?P<known>.*)",
         "id「{value}」の{what_ja}はありません{elsewhere_ja} — 次のどれかを書いてください：{known}"),
    Kind("id-twice", r"the id '(?P<id>.*?)' is used twice \(also (?P<other>.*?)\)",
         "id「{id}」が2回使われています（{other} と同じ） — どちらかの id を別の名前にしてください"),
    Kind("group-cycle", r"group '(?P<id>.*?)' is inside itself",
         "グループ「{id}」が親をたどると自分自身に戻ります — parent: の指定を直してください"),
    Kind("prefecture", r"'(?P<got>.*?)' is not one of the 47 prefectures",
         "「{got}」は47都道府県の名前ではありません — 宮城県・北海道・東京都・大阪府のように「県・道・都・府」まで書いてください"),
    Kind("prefecture-en", r"the English name of (?P<ja>.*?) is written '(?P<en>.*?)' on this site",
         "{ja} の英語名はこのサイトでは「{en}」です — en: {en} と書いてください"),
    Kind("fiscal-year-outside", r"fiscal year (?P<year>\d+) is outside (?P<what>.*?), (?P<start>\d+)–(?P<end>\d+)",
         "{year} 年度は範囲（{start}〜{end}）の外です — 範囲内の年度を書くか、plan.yml の期間を直してください"),
    Kind("target-after-period", r"the target year (?P<year>\d+) is after the plan period \((?P<start>\d+)–(?P<end>\d+)\)",
         "目標年度 {year} が計画期間（{start}〜{end}）の後です — 原典どおりなら target: に beyond_period: true を書き、"
         "違うなら年度を直してください",
         "原典が計画期間の後の年度を目標にしているときは beyond_period: true を書きます（サイトは「計画期間後の目標」と表示）。",
         "When the source sets a target after the plan period, write beyond_period: true (the site marks it as such)."),
    Kind("planned-twice", r"fiscal year (?P<year>\d+) has two planned values",
         "{year} 年度の計画値が2つあります — 1年度に1つだけ残してください"),
    Kind("baseline-both", r"baseline_text is for a baseline the source gives without a number",
         "数値の基準値（baseline:）と文の基準値（baseline_text:）の両方があります — どちらか1つを残してください"),
    Kind("beyond-period-within", r"beyond_period is true but the target year (?P<year>\d+) is within the plan period",
         "beyond_period: true ですが、目標年度 {year} は計画期間内です — beyond_period: true の行を消してください"),
    Kind("unit-in-shared", r"the unit '(?P<unit>.*?)' is already in data/units.yml",
         "単位「{unit}」は data/units.yml にすでにあります — そのまま使うか、別の id にしてください"),
    Kind("unit-other-plan", r"another plan defines the unit '(?P<unit>.*?)' differently",
         "単位「{unit}」は別の計画が違う意味で定めています — 別の id にしてください"),
    Kind("actual-twice", r"fiscal year (?P<year>\d+) has two actual values",
         "{year} 年度の実績が2つあります — 1年度に1つだけ残してください"),
    Kind("actual-before-baseline", r"an actual value must come after the baseline year (?P<base>\d+), got (?P<got>\d+)",
         "実績の年度（{got}）が基準年度（{base}）以前です — 基準年度より後の年度を書いてください"),
    Kind("target-before-baseline", r"the target year (?P<target>\d+) is before the baseline year (?P<base>\d+)",
         "目標年度（{target}）が基準年度（{base}）より前です — 年度を確かめてください"),
    Kind("table-unknown-column", r"unknown column '(?P<key>.*?)'; this table's columns are: (?P<columns>.*?) \(and optionally",
         "「{key}」という列はありません — 列は {columns} です"),
    Kind("table-missing-cell", r"this row has no value for column '(?P<column>.*?)'",
         "この行に列「{column}」の値がありません — 値を書いてください（原典で空欄なら {column}: null）"),
    Kind("table-printed-mapping", r"expected a mapping of column: value as printed",
         "printed: には「列: 原典の表記」を書きます — printed: {{rate: 71.4}} のように書いてください"),
    Kind("table-printed-not-derived", r"'(?P<key>.*?)' is not a number or derived column",
         "「{key}」は数の列でも計算する列でもありません — printed: には type: number か type: derived の列だけを書きます"),
    Kind("table-printed-text", r"a number column's printed value is its text as printed",
         "数の列の printed: は原典の表記を {{ja: …}} で書きます — 例：printed: {{decline: {{ja: ２０％}}}}"),
    Kind("table-printed-number", r"a derived column's printed value is the figure the source prints",
         "計算する列の printed: は原典の数を数字だけで書きます — 例：printed: {{rate: 71.4}}"),
    Kind("table-derived-input", r"'(?P<input>.*?)' is not a number column of this table",
         "「{input}」はこの表の数の列ではありません — derived: の inputs には数の列の id を書いてください"),
    Kind("table-not-computable", r"the column '(?P<column>.*?)' cannot be computed",
         "列「{column}」をこの行から計算できません（結果が大きすぎます） — 入力の数を確かめてください"),
    Kind("priority-link-twice", r"the link (?P<link>.*?) is listed twice",
         "対応「{link}」が2回書かれています — 1つを消してください"),
    # ---- pages (load.py check_pages)
    Kind("page-missing", r"missing: the plan '(?P<plan>.*?)' \(.*?\) needs this (?P<lang>Japanese|English) overview page",
         "計画「{plan}」の{lang_ja}の概要ページがありません — dxplans new-plan で作るか、他の計画の index.md を写して作ってください"),
    Kind("page-not-utf8", r"the page is not UTF-8 text",
         "ページが UTF-8 ではありません — 「UTF-8（BOM なし）」で保存し直してください"),
    Kind("page-script-link", r"the link \"(?P<target>.*?)\" would run a script",
         "リンク「{target}」はスクリプトを動かします — このサイトのページか https:// のアドレスにしてください"),
    Kind("page-active-html", r"\"(?P<tag>.*?)\": pages may not contain scripts",
         "ページにスクリプト・フレーム等（{tag}）は書けません — Markdown で書き、動きが必要ならマクロを相談してください"),
)

_BY_CODE = {k.code: k for k in KINDS}

# The lines of the consistency report (dxplans check, the consistency page): [severity] kind.
FINDINGS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("error", "derived"): (
        "原典に印刷された数（printed:）が、入力の数から計算した値と違います。",
        "入力の数と printed: を原典と照らし合わせて直します。原典そのものが食い違っているなら、"
        "その行に disagreement: {ja: …, en: …} で説明を書きます（[reported] になります）。",
        "A printed figure (printed:) differs from the one computed from its inputs. Compare the inputs and printed: "
        "with the source and fix the typo; if the source itself disagrees, explain it in the row's "
        "disagreement: {ja: …, en: …} (the line then says [reported])."),
    ("reported", "derived"): (
        "原典自体の食い違いで、disagreement: に説明があります（報告のみ。誤りではありません）。",
        "何もしなくてかまいません。サイトは原典の表記と再計算の値を並べて示します。",
        "The source itself disagrees and the row explains it in disagreement: (reported only, not an error). "
        "Nothing to do; the site shows the printed and the recomputed figure side by side."),
    ("notice", "stale"): (
        "KPI の最新の値が、年1回の更新の時期を過ぎています（お知らせ。ビルドは止まりません）。",
        "新しい年度の実績が公表されたら kpis.yml の actuals: に加えます（dxplans kpis import で表からも入れられます）。"
        "まだ公表されていなければ、そのままでかまいません。",
        "A KPI's latest value is older than its yearly update allows (a notice; the build goes on). When the "
        "year's result is published, add it under actuals: in kpis.yml (or with dxplans kpis import from a sheet); "
        "until then nothing to do."),
    ("error", "language"): (
        "日本語のページと英語のページで、表示される数が違います（またはページの片方がありません）。",
        "両方のページに同じ数を書くか、同じマクロで表示します。英語のページがなければ docs/en/ に作ります。",
        "The Japanese and English pages show different numbers (or one of the pair is missing). Write the same "
        "figures in both, or show them through the same macro; create the missing page under docs/en/."),
}
UNKNOWN = Kind("unexplained", r"", "（この種類の誤りの日本語の説明はまだありません） — 英語の説明に従ってください")

_WHAT_OF_ID = {"group": "グループ", "initiative": "取組", "department": "課", "unit": "単位", "plan": "計画",
               "national priority": "国の重点取組", "group or initiative": "グループ・取組"}


BILINGUAL = "\n    English: "


def _parts(message: str) -> tuple[str | None, str]:
    """(Japanese, English) of a message a check already worded in both languages, else (None, message)."""
    if BILINGUAL in message:
        ja, en = message.split(BILINGUAL, 1)
        return ja, en
    return None, message


def explain(message: str) -> tuple[Kind, dict[str, Any]]:
    """The kind of a problem's English message and the values its Japanese wording needs."""
    message = _parts(message)[1]
    for kind in KINDS:
        found = kind.match(message)
        if found:
            return kind, _values(kind, {k: (v or "") for k, v in found.groupdict().items()})
    return UNKNOWN, {}


def _values(kind: Kind, values: dict[str, str]) -> dict[str, str]:
    write = values.get("write", "")
    values["write_or"] = f"{write} と書いてください" if write else "2027 のように数字4桁で書いてください"
    values["write_or_digits"] = f"{write} と書いてください（数字だけ。カンマ・単位・全角は使いません）" if write else \
        "数字だけで書いてください（カンマ・単位・全角は使いません。例：16401）"
    if kind.code == "type":
        values["what_ja"] = _WHAT_JA.get(values.get("what", ""), values.get("what", ""))
    if kind.code == "bound":
        bound = values.get("bound", "")
        values["bound_ja"] = bound
        for en, ja in ((r"(\S+) or more", r"\1 以上"), (r"(\S+) or less", r"\1 以下"),
                       (r"more than (\S+)", r"\1 より大きい"), (r"less than (\S+)", r"\1 より小さい")):
            if re.fullmatch(en, bound):
                values["bound_ja"] = re.sub(en, ja, bound)
    if kind.code == "field-unknown":
        guess, allowed = values.get("guess"), values.get("allowed")
        values["field_ja"] = f"「{guess}」の書き間違いなら、そう直してください" if guess else \
            (f"ここで使える項目は {allowed} です" if allowed else "綴りを確かめてください")
    if kind.code == "unknown-id":
        what = re.sub(r" \(in .*?\)| of plan \S+", "", values.get("what", ""))
        values["what_ja"] = _WHAT_OF_ID.get(what, what)
        other = re.search(r"is in plan '(.*?)'", values.get("elsewhere", ""))
        values["elsewhere_ja"] = f"（計画「{other[1]}」にはあります。計画は自分の記録だけを参照できます）" if other else ""
    if kind.code == "page-missing":
        values["lang_ja"] = "日本語" if values.get("lang") == "Japanese" else "英語"
    if kind.code == "comma-in-one-line":
        values["write_ja"] = f"{write} と書いてください（カンマ・単位なし）" if write else "数字だけで書いてください"
    return values


def japanese(message: str) -> str:
    ja, _ = _parts(message)
    if ja is not None:   # worded in Japanese where it was found
        return ja
    kind, values = explain(message)
    try:
        return kind.ja.format(**values)
    except (KeyError, IndexError):
        return kind.ja


def clean(text: str) -> str:
    """No control, bidi or zero-width character from the data is echoed to a terminal or page."""
    return printable(unicodedata.normalize("NFC", text))   # written as <U+202E>, as every message does


def _nth(n: int) -> str:
    """1つ目 … 9つ目, then 10番目: つ counts only up to nine in Japanese."""
    return f"{n}つ目" if n < 10 else f"{n}番目"


def japanese_path(path: str) -> str:
    """kpis[2].actuals[0].value -> kpis 3つ目 › actuals 1つ目 › value: counted from 1, as people count."""
    parts = re.findall(r"([^.\[\]]+)((?:\[\d+\])*)", path)
    out = []
    for name, indices in parts:
        numbers = [int(n) + 1 for n in re.findall(r"\d+", indices)]
        out.append(name + "".join(f" {_nth(n)}" for n in numbers))
    return " › ".join(out)


def staff_text(problem: Any) -> str:
    """A Problem (or any object with file, line, path, message) as staff read it, in both languages.
    The Japanese line counts records from 1 (kpis 1つ目); the English line keeps the path as the
    schema writes it (kpis[0], counted from 0), for the editor's schema and for search."""
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    ja_path = f"{japanese_path(problem.path)}: " if problem.path else ""
    path = f"{problem.path}: " if problem.path else ""
    english = _parts(problem.message)[1]
    return clean(f"{where}: {ja_path}{japanese(problem.message)}\n    English: {path}{english}")
