"""`dxplans new-plan <id> …`: start a new plan with a valid plan.yml and its two overview pages.

    data/plans/<id>/plan.yml          identity, period, source and summary (edit the summary and source)
    docs/ja/plans/<id>/index.md       H1 + {{ plan_header("<id>") }}
    docs/en/plans/<id>/index.md       the same page in English

Nothing else needs editing: the navigation is named from data (the nav hook in macros/) and the home page
lists every plan from data. The command refuses an id that is not a slug or is taken,
and checks the plan.yml it writes with the project's reader and model before keeping it.
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

from macros.core import models as m
from macros.core.yamlread import YamlError, read_yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


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
    ])


def page_markdown(plan: NewPlan, lang: str) -> str:
    title = getattr(plan.title, lang)
    return f"# {title}\n\n{{{{ plan_header(\"{plan.id}\") }}}}\n"


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


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _validate(text: str, rel: str) -> None:
    try:
        doc = read_yaml(text.encode("utf-8"), rel)
    except YamlError as exc:
        raise ScaffoldError("the generated plan.yml does not read back:\n" + "\n".join(map(str, exc.problems))) \
            from None
    try:
        m.Plan.model_validate(doc.data)
    except ValidationError as exc:
        raise ScaffoldError(f"the values do not make a valid plan: {exc}") from None


def create_plan(root: Path, plan: NewPlan) -> list[Path]:
    """Write the plan's files under root; return them. Raise ScaffoldError before writing anything."""
    check_new_plan(root, plan)
    text = plan_yaml(plan)
    _validate(text, f"data/plans/{plan.id}/plan.yml")
    files = {
        root / "data" / "plans" / plan.id / "plan.yml": text,
        root / "docs" / "ja" / "plans" / plan.id / "index.md": page_markdown(plan, "ja"),
        root / "docs" / "en" / "plans" / plan.id / "index.md": page_markdown(plan, "en"),
    }
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=False)
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
        epilog='example: dxplans new-plan shiroishi --municipality-ja 白石市 --municipality-en "Shiroishi City" '
               '--prefecture-ja 宮城県 --prefecture-en "Miyagi Prefecture" --title-ja 白石市DX推進計画 '
               '--title-en "Shiroishi City DX Promotion Plan" --kind plan --start-fy 2025 --end-fy 2027')
    parser.add_argument("id", help="the plan's id and web address: lowercase letters, digits, hyphens")
    examples = (("municipality", "白石市 / Shiroishi City"), ("prefecture", "宮城県 / Miyagi Prefecture"),
                ("title", "白石市DX推進計画 / Shiroishi City DX Promotion Plan"))
    for name, example in examples:
        parser.add_argument(f"--{name}-ja", required=True, help=f"in Japanese, e.g. {example.split(' / ')[0]}")
        parser.add_argument(f"--{name}-en", required=True,
                            help=f"in English (see shared/TERMS.md), e.g. {example.split(' / ')[1]}")
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
    print(f"next: complete source and summary in data/plans/{plan.id}/plan.yml, add the plan's other files, "
          "then run 'dxplans check' and 'make serve'")
    return 0
