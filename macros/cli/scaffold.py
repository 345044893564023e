"""`dxplans new-plan <id> …`: start a new plan with every file it can have, each valid as written.

    data/plans/<id>/plan.yml          identity, period, source and summary, and every other field in comments
    data/plans/<id>/<file>.yml        initiatives, kpis, tables, figures, glossary, departments, priorities:
                                      each an empty list with a commented example of every field (from the
                                      models, macros/core/fields.py), to fill in from the source
    docs/{ja,en}/plans/<id>/index.md, initiatives.md, kpis.md, glossary.md
                                      the standard pages, showing the data through macros

The new plan passes `dxplans check` and builds as written (tests/test_scaffold.py builds one). Nothing
else needs editing: the navigation is named from data and the home page lists every plan from data.
Every argument is checked before anything is written, and each refusal says what to write.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from macros.core import fields, prefectures
from macros.core import models as m
from macros.core.yamlread import YamlError, read_yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EXAMPLE_ID = "kesennuma"   # the --help example: a plan id that no plan uses (tests/test_scaffold.py)


class ScaffoldError(Exception):
    """The plan cannot be created; the message says why and what to do."""


@dataclass(frozen=True)
class NewPlan:
    id: str
    municipality: m.Text
    prefecture: m.Text
    title: m.Text
    kind: str  # plan | policy
    start_fy: int
    end_fy: int | None = None
    published_year: int | None = None  # defaults to start_fy


def _scalar(text: str) -> str:
    """text as a YAML flow scalar: plain when that reads back the same, else double-quoted."""
    plain = text.strip() == text and text and not re.search(r"[{}\[\],#&*!|>'\"%@`]|: |^[-?:]", text)
    if plain:
        try:
            if yaml.safe_load(f"k: {{v: {text}}}") == {"k": {"v": text}}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _text(value: m.Text) -> str:
    return f"{{ja: {_scalar(value.ja)}, en: {_scalar(value.en)}}}"


def plan_yaml(plan: NewPlan) -> str:
    """The text of a new plan.yml, in the style of the existing ones."""
    period = f"{{start_fy: {plan.start_fy}" + (f", end_fy: {plan.end_fy}}}" if plan.end_fy else "}")
    summary = m.Text(ja=f"{plan.municipality.ja}の{plan.title.ja}です。",
                     en=f"The {plan.title.en} of {plan.municipality.en}.")
    return "\n".join([
        "# yaml-language-server: $schema=../../schema/plan.schema.json",
        f"# {plan.title.ja}: created by 'dxplans new-plan'. Complete source and summary from the source document,",
        "# then add initiatives.yml, kpis.yml, glossary.yml … beside this file (see CONTRIBUTING.md).",
        f"id: {plan.id}",
        f"pages: [{', '.join(STANDARD_PAGES)}]  # the order of the plan's pages after its overview",
        f"municipality: {_text(plan.municipality)}",
        f"prefecture: {_text(plan.prefecture)}",
        f"title: {_text(plan.title)}",
        f"kind: {plan.kind}",
        "published:",
        f"  year: {plan.published_year or plan.start_fy}  # the year printed on the source; add month: when known",
        f"period: {period}",
        "source:",
        f"  file: {plan.id}.txt  # the text file the data is read from",
        f"  title: {_text(plan.title)}",
        f"  publisher: {_text(plan.municipality)}",
        "  # url: https://…  (the page where the municipality publishes the plan)",
        "summary:  # replace with a one-paragraph summary of the plan",
        f"  ja: {_scalar(summary.ja)}",
        f"  en: {_scalar(summary.en)}",
        "",
        "# ---- 他の項目（例。使う行の # を外します） / Other fields (examples: remove the # of the lines you use)",
        *_commented(fields.example_lines(m.Plan), skip=PLAN_FIELDS_WRITTEN),
        "",
    ])


# Written above in full; published, period and source are written too but shown again in the examples,
# with their optional fields (month, note, url …).
PLAN_FIELDS_WRITTEN = ("id", "pages", "municipality", "prefecture", "title", "kind", "summary")
STANDARD_PAGES = ("initiatives", "kpis", "glossary")


def _commented(lines: list[str], skip: tuple[str, ...] = ()) -> list[str]:
    """Comment out example lines, leaving out the top-level fields in skip (and the lines under them)."""
    out, skipping = [], False
    for line in lines:
        if not line.startswith(" "):
            skipping = line.split(":", 1)[0] in skip
        if not skipping:
            out.append(f"# {line}")
    return out


# What each data file holds, for the head of its template.
FILE_PURPOSE = {
    "departments.yml": ("担当課（取組の departments: から参照）", "departments (referred to by initiatives' departments:)"),
    "initiatives.yml": ("計画の構成（柱・方針＝groups）と取組（initiatives）、工程表・目標",
                        "the plan's structure (pillars, policies = groups) and its initiatives, roadmaps, milestones"),
    "kpis.yml": ("数値目標（KPI）：基準値・年度ごとの実績・目標", "KPIs: baseline, a result per fiscal year, target"),
    "tables.yml": ("原典の表（セルは原典どおり、計算する列は derived:）",
                   "the source's tables (cells as printed; computed columns as derived:)"),
    "figures.yml": ("本文に出てくる数値（ページからは {{ figure(\"<plan>\", \"<id>\") }} で表示）",
                    "figures quoted in the text (shown on pages with {{ figure(\"<plan>\", \"<id>\") }})"),
    "glossary.yml": ("用語の説明（原典が説明している用語すべて）", "glossary: every term the source explains"),
    "priorities.yml": ("取組と国の重点取組事項（data/national/plans.yml）との対応",
                       "links from initiatives to the national priorities (data/national/plans.yml)"),
}


def data_file_yaml(plan: NewPlan, name: str) -> str:
    """A data file of the new plan: empty lists, and a commented example of every field of each record."""
    model = m.PLAN_FILES[name]
    ja, en = FILE_PURPOSE.get(name, (name, name))
    lines = [
        f"# yaml-language-server: $schema=../../schema/{name.replace('.yml', '.schema.json')}",
        f"# {plan.title.ja}：{ja}",
        f"# {plan.title.en}: {en}",
        "# 書き方：下の例（# で始まる行）を写して # を外し、値を原典どおりに直します。使い始めたら「[]」の行を消します。",
        "#   全項目の説明：docs-for-staff/REFERENCE.md。id は半角小文字・数字・ハイフン（例 online-procedures）。",
        "# How to write: copy the example below (lines starting with #), remove the #, and put in the source's values;",
        "#   then delete the line ending in []. Every field: docs-for-staff/REFERENCE.md.",
    ]
    for key in model.model_fields:
        lines += ["", fields.commented_example(model, key), f"{key}: []"]
    return "\n".join(lines) + "\n"


_PAGES = {
    "initiatives": ({"ja": "取組", "en": "Initiatives"}, "{{{{ structure(\"{id}\") }}}}"),
    "kpis": ({"ja": "数値目標", "en": "KPIs"}, "{{{{ kpi_table(\"{id}\") }}}}"),
    "glossary": ({"ja": "用語の説明", "en": "Glossary"}, "{{{{ glossary(\"{id}\") }}}}"),
}


def page_markdown(plan: NewPlan, lang: str, page: str = "index") -> str:
    if page == "index":
        title = getattr(plan.title, lang)
        return f"# {title}\n\n{{{{ plan_header(\"{plan.id}\") }}}}\n"
    heading, body = _PAGES[page]
    return f"# {heading[lang]}\n\n{body.format(id=plan.id)}\n"


def check_new_plan(root: Path, plan: NewPlan) -> None:
    if not SLUG.match(plan.id) or len(plan.id) > 80:
        raise ScaffoldError(f"'{plan.id}' is not a valid plan id: use lowercase ASCII letters, digits and "
                            "single hyphens, such as 'ishinomaki' or 'date-city' (the id becomes the web address)")
    taken = [p for p in (root / "data" / "plans" / plan.id, root / "docs" / "ja" / "plans" / plan.id,
                         root / "docs" / "en" / "plans" / plan.id) if p.exists()]
    if taken:
        raise ScaffoldError(f"the plan id '{plan.id}' is already used: {', '.join(_rel(root, p) for p in taken)} "
                            "exists. Choose another id, or edit the existing plan.")
    if not (root / "data").is_dir():
        raise ScaffoldError(f"{root} has no data/ folder; run the command in the project folder or give --root")
    if plan.prefecture.ja not in prefectures.CODE_BY_JA:
        names = "、".join(ja for _, ja, _ in prefectures.PREFECTURES)
        raise ScaffoldError(f"--prefecture-ja '{plan.prefecture.ja}' is not one of the 47 prefectures; write the full "
                            f"name, ending in 都・道・府・県, one of: {names}")
    expected = prefectures.EN_BY_JA[plan.prefecture.ja]
    if plan.prefecture.en != expected:
        raise ScaffoldError(f"--prefecture-en '{plan.prefecture.en}': this site writes {plan.prefecture.ja} as "
                            f"'{expected}'; write --prefecture-en \"{expected}\" (or leave it out)")


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _validate(text: str, rel: str, model: type[m.Record] = m.Plan) -> None:
    try:
        doc = read_yaml(text.encode("utf-8"), rel)
    except YamlError as exc:
        raise ScaffoldError(f"the generated {rel} does not read back:\n" + "\n".join(map(str, exc.problems))) \
            from None
    try:
        model.model_validate(doc.data)
    except ValidationError as exc:
        raise ScaffoldError(f"the values do not make a valid plan: {exc}") from None


def create_plan(root: Path, plan: NewPlan) -> list[Path]:
    """Write the plan's files under root; return them. Raise ScaffoldError before writing anything."""
    check_new_plan(root, plan)
    folder = root / "data" / "plans" / plan.id
    files = {folder / "plan.yml": plan_yaml(plan)}
    for name in m.PLAN_FILES:
        if name != "plan.yml":
            files[folder / name] = data_file_yaml(plan, name)
    for path, text in files.items():
        _validate(text, path.relative_to(root).as_posix(), m.PLAN_FILES[path.name])
    for lang in ("ja", "en"):
        for page in ("index", *STANDARD_PAGES):
            files[root / "docs" / lang / "plans" / plan.id / f"{page}.md"] = page_markdown(plan, lang, page)
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return list(files)


# --------------------------------------------------------------------------
# Command line (registered by macros/cli.py)
# --------------------------------------------------------------------------


def _fiscal_year(value: str) -> int:
    if not re.fullmatch(r"\d{4}", value) or not m.FIRST_FISCAL_YEAR <= int(value) <= m.LAST_FISCAL_YEAR:
        raise argparse.ArgumentTypeError(f"expected a fiscal year such as 2025, got \"{value}\"")
    return int(value)


def register(sub: Any, project_root: Callable[[argparse.Namespace], Path]) -> None:
    parser = sub.add_parser(
        "new-plan", help="create data/plans/<id>/plan.yml and the plan's overview page in both languages",
        description="Create a new plan: data/plans/<id>/plan.yml and docs/{ja,en}/plans/<id>/index.md.",
        epilog=f"example: dxplans new-plan {EXAMPLE_ID} --municipality-ja 気仙沼市 --municipality-en "
               '"Kesennuma City" --prefecture-ja 宮城県 --title-ja 気仙沼市DX推進計画 '
               '--title-en "Kesennuma City DX Promotion Plan" --kind plan --start-fy 2025 --end-fy 2029')
    parser.add_argument("id", help="the plan's id and web address: lowercase letters, digits, hyphens")
    examples = (("municipality", "気仙沼市 / Kesennuma City"), ("prefecture", "宮城県 / Miyagi Prefecture"),
                ("title", "気仙沼市DX推進計画 / Kesennuma City DX Promotion Plan"))
    for name, example in examples:
        parser.add_argument(f"--{name}-ja", required=True, help=f"in Japanese, e.g. {example.split(' / ')[0]}")
        parser.add_argument(f"--{name}-en", required=name != "prefecture",
                            help=f"in English, e.g. {example.split(' / ')[1]}"
                            + (" (default: this site's name of the prefecture)" if name == "prefecture" else
                               " (the site's English terms: data/terms.yml)"))
    parser.add_argument("--kind", required=True, choices=("plan", "policy"), help="plan = 計画, policy = 方針")
    parser.add_argument("--start-fy", required=True, type=_fiscal_year, help="first fiscal year, e.g. 2025")
    parser.add_argument("--end-fy", type=_fiscal_year, help="last fiscal year (leave out when the source gives none)")
    parser.add_argument("--published-year", type=_fiscal_year, help="year printed on the source (default: start-fy)")
    parser.set_defaults(func=lambda args: cmd_new_plan(args, project_root(args)))


def cmd_new_plan(args: argparse.Namespace, root: Path) -> int:
    try:
        if args.end_fy is not None and args.end_fy < args.start_fy:
            raise ScaffoldError(f"--end-fy {args.end_fy} is before --start-fy {args.start_fy}")
        texts = {}
        if args.prefecture_en is None:
            args.prefecture_en = prefectures.EN_BY_JA.get(args.prefecture_ja, "")
        for name in ("municipality", "prefecture", "title"):
            ja, en = getattr(args, f"{name}_ja"), getattr(args, f"{name}_en")
            if not ja.strip() or not en.strip():
                raise ScaffoldError(f"--{name}-ja and --{name}-en must not be empty")
            texts[name] = m.Text(ja=ja, en=en)
        plan = NewPlan(id=args.id, kind=args.kind, start_fy=args.start_fy, end_fy=args.end_fy,
                       published_year=args.published_year, **texts)
        created = create_plan(root, plan)
    except ScaffoldError as exc:
        print(f"dxplans new-plan: {exc}", file=sys.stderr)
        return 1
    print("created:\n  " + "\n  ".join(_rel(root, p) for p in created))
    print(f"next: complete source and summary in data/plans/{plan.id}/plan.yml, fill in the other files from the "
          "source (each has a commented example), then run 'make serve' and watch the pages as you save")
    return 0
