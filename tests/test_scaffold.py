"""`dxplans new-plan`: a new plan that passes the check, builds strictly and shows up on its own.

The project is copied into a temporary folder with the mini fixture's plan as its only plan, the
command adds a second plan, and a real strict build must list it on the home page and in the
navigation of both languages, with no other file edited.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml

from macros.cli import main as cli
from macros.cli import scaffold
from macros.core import fields
from macros.core import models as m
from macros.core.load import load_site

from .conftest import MINI, ROOT

NEW_PLAN = ["new-plan", "kesennuma", "--municipality-ja", "気仙沼市", "--municipality-en", "Kesennuma City",
            "--prefecture-ja", "宮城県", "--prefecture-en", "Miyagi Prefecture",
            "--title-ja", "気仙沼市DX推進計画", "--title-en", "Kesennuma City DX Promotion Plan",
            "--kind", "plan", "--start-fy", "2025", "--end-fy", "2029"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The site's code, shared data and pages with the mini fixture's plan 'sample' as its only plan."""
    root = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__")
    root.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("macros", "overrides"):
        shutil.copytree(ROOT / folder, root / folder, ignore=ignore)
    # data/: everything but the plans (units.yml, schema/, national reference data …)
    shutil.copytree(ROOT / "data", root / "data",
                    ignore=lambda d, names: ["plans"] if Path(d) == ROOT / "data" else [])
    shutil.copytree(MINI / "data" / "plans" / "sample", root / "data" / "plans" / "sample")
    # The fixture prints one rate that disagrees with its inputs on purpose (for the renderer's note);
    # here the existing plan must be clean, so that the check judges the new plan alone.
    tables = root / "data" / "plans" / "sample" / "tables.yml"
    tables.write_text(tables.read_text(encoding="utf-8").replace("printed: {rate: 30.0}", "printed: {rate: 33.3}"),
                      encoding="utf-8")
    # docs/: the home page and the other site-wide pages, but no plan's pages
    shutil.copytree(ROOT / "docs", root / "docs",
                    ignore=lambda d, names: ["plans"] if Path(d).parent == ROOT / "docs" else [])
    for lang, title in (("ja", "見本市DX推進計画"), ("en", "Sample City DX Promotion Plan")):
        page = root / "docs" / lang / "plans" / "sample" / "index.md"
        page.parent.mkdir(parents=True)
        page.write_text(f'# {title}\n\n{{{{ plan_header("sample") }}}}\n', encoding="utf-8")
    return root


def test_new_plan_files(project: Path, capsys) -> None:
    assert cli.main(["--root", str(project), *NEW_PLAN]) == 0
    out = capsys.readouterr().out
    for rel in ("data/plans/kesennuma/plan.yml", "docs/ja/plans/kesennuma/index.md",
                "docs/en/plans/kesennuma/index.md"):
        assert rel in out
    plan_yml = (project / "data/plans/kesennuma/plan.yml").read_text(encoding="utf-8")
    assert plan_yml.startswith("# yaml-language-server: $schema=../../schema/plan.schema.json\n")
    assert "municipality: {ja: 気仙沼市, en: Kesennuma City}" in plan_yml
    assert (project / "docs/ja/plans/kesennuma/index.md").read_text(encoding="utf-8") == \
        '# 気仙沼市DX推進計画\n\n{{ plan_header("kesennuma") }}\n'
    assert (project / "docs/en/plans/kesennuma/index.md").read_text(encoding="utf-8") == \
        '# Kesennuma City DX Promotion Plan\n\n{{ plan_header("kesennuma") }}\n'
    plan = load_site(project).plan("kesennuma").plan
    assert (plan.kind, plan.period.start_fy, plan.period.end_fy, plan.published.year) == ("plan", 2025, 2029, 2025)
    assert plan.prefecture.en == "Miyagi Prefecture"


@pytest.mark.build
def test_new_plan_passes_check_and_strict_build_and_is_listed(project: Path, capsys) -> None:
    assert cli.main(["--root", str(project), *NEW_PLAN]) == 0
    capsys.readouterr()
    assert cli.main(["--root", str(project), "check"]) == 0, capsys.readouterr().err
    assert "data OK: 2 plan(s)" in capsys.readouterr().out

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr

    for lang, home, municipality, title in (
            ("ja", "site/index.html", "気仙沼市", "気仙沼市DX推進計画"),
            ("en", "site/en/index.html", "Kesennuma City", "Kesennuma City DX Promotion Plan")):
        html = (project / home).read_text(encoding="utf-8")
        main = html.split('<article', 1)[1]
        # home page: the plan list (from data) links the new plan
        assert re.search(r'href="plans/kesennuma/"', main) and municipality in main, (lang, main[:3000])
        page = project / ("site" if lang == "ja" else "site/en") / "plans" / "kesennuma" / "index.html"
        page_html = page.read_text(encoding="utf-8")
        assert title in page_html
        # navigation of the plan's own pages: a section named after the municipality, from data, under
        # its prefecture (the home page shows the prefectures closed)
        nav = page_html.split('<nav class="md-nav md-nav--primary"', 1)[1].split('<div class="md-content"', 1)[0]
        prefecture = "宮城県" if lang == "ja" else "Miyagi Prefecture"
        assert prefecture in nav and nav.index(prefecture) < nav.index(municipality), (lang, nav[:3000])
        # the standard pages are built and in the navigation
        for standard in scaffold.STANDARD_PAGES:
            assert (page.parent / standard / "index.html").is_file(), standard
            assert f'href="{standard}/"' in nav or f'href="../{standard}/"' in nav or standard in nav, (standard, nav)


def test_new_plan_writes_every_data_file_and_page_with_every_field_in_comments(project: Path, capsys) -> None:
    assert cli.main(["--root", str(project), *NEW_PLAN]) == 0
    folder = project / "data" / "plans" / "kesennuma"
    assert sorted(p.name for p in folder.iterdir()) == sorted(m.PLAN_FILES)
    for name, model in m.PLAN_FILES.items():
        text = (folder / name).read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=../../schema/{name.replace('.yml', '.schema.json')}")
        for field in fields.walk(model):   # an example of every field, nested ones included
            assert re.search(rf"^#?\s*(- )?(# )?{field.name}:", text, re.M), (name, field.path)
    for lang in ("ja", "en"):
        for page in ("index", *scaffold.STANDARD_PAGES):
            assert (project / "docs" / lang / "plans" / "kesennuma" / f"{page}.md").is_file(), (lang, page)


def test_uncommented_examples_are_valid_records(project: Path) -> None:
    """Each commented example, once its # are removed, is a record of the right shape (references
    to other records aside): what staff copy is what the check accepts."""
    plan = scaffold.NewPlan(id="kesennuma", municipality=m.Text(ja="気仙沼市", en="Kesennuma City"),
                            prefecture=m.Text(ja="宮城県", en="Miyagi Prefecture"),
                            title=m.Text(ja="気仙沼市DX推進計画", en="Kesennuma City DX Promotion Plan"),
                            kind="plan", start_fy=2025, end_fy=2029)
    for name, model in m.PLAN_FILES.items():
        if name == "plan.yml":
            continue
        text = scaffold.data_file_yaml(plan, name)
        for key in model.model_fields:
            block = text.split(f"# {key}:\n", 1)[1].split(f"\n{key}: []", 1)[0]
            uncommented = f"{key}:\n" + "\n".join(line[2:] for line in block.splitlines())
            data = yaml.safe_load(uncommented)
            item_model = typing.get_args(model.model_fields[key].annotation)[0]
            item_model.model_validate(data[key][0])


@pytest.mark.parametrize(("flag", "value", "says"), [
    ("--prefecture-ja", "静岡", "'静岡' is not one of the 47 prefectures"),
    ("--prefecture-ja", "Miyagi", "one of: 北海道、青森県"),
    ("--prefecture-en", "Miyagi", "write --prefecture-en \"Miyagi Prefecture\""),
])
def test_bad_prefecture_is_refused_before_anything_is_written(project: Path, capsys, flag: str, value: str,
                                                                says: str) -> None:
    args = ["--root", str(project), *NEW_PLAN]
    args[args.index(flag) + 1] = value
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert says in err, err
    if flag == "--prefecture-ja":
        assert "静岡県" in err   # the 47 names, so the right one can be copied
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_prefecture_en_may_be_left_out(project: Path) -> None:
    args = ["--root", str(project), *NEW_PLAN]
    at = args.index("--prefecture-en")
    del args[at:at + 2]
    assert cli.main(args) == 0
    assert load_site(project).plan("kesennuma").plan.prefecture.en == "Miyagi Prefecture"


def test_help_example_uses_an_id_no_plan_has(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["new-plan", "--help"])
    out = capsys.readouterr().out
    example = re.search(r"example: dxplans new-plan (\S+)", out)
    assert example and example[1] == scaffold.EXAMPLE_ID
    assert not (ROOT / "data" / "plans" / example[1]).exists()
    assert "shared/" not in out and "TERMS.md" not in out


def test_existing_id_is_refused_and_nothing_is_written(project: Path, capsys) -> None:
    args = ["--root", str(project), *NEW_PLAN]
    args[args.index("kesennuma")] = "sample"
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "the plan id 'sample' is already used" in err and "data/plans/sample" in err
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


@pytest.mark.parametrize("bad_id", ["Kesennuma", "気仙沼", "kesen_numa", "kesennuma-", "kesen--numa"])
def test_invalid_slug_is_refused(project: Path, capsys, bad_id: str) -> None:
    args = ["--root", str(project), *NEW_PLAN]
    args[args.index("kesennuma")] = bad_id
    assert cli.main(args) == 1
    assert f"'{bad_id}' is not a valid plan id" in capsys.readouterr().err
    assert not (project / "data" / "plans" / bad_id).exists()


def test_period_and_fiscal_years_are_checked(project: Path, capsys) -> None:
    args = ["--root", str(project), *NEW_PLAN]
    args[args.index("2029")] = "2024"
    assert cli.main(args) == 1
    assert "--end-fy 2024 is before --start-fy 2025" in capsys.readouterr().err
    args[args.index("2024")] = "R9"
    with pytest.raises(SystemExit):
        cli.main(args)
    assert 'expected a fiscal year such as 2025, got "R9"' in capsys.readouterr().err


def test_text_that_yaml_would_misread_is_quoted(project: Path) -> None:
    args = ["--root", str(project), *NEW_PLAN]
    args[args.index("Kesennuma City DX Promotion Plan")] = "Kesennuma City: DX Plan #2, {draft}"
    args[args.index("気仙沼市DX推進計画")] = "true"
    assert cli.main(args) == 0
    plan = load_site(project).plan("kesennuma").plan
    assert (plan.title.ja, plan.title.en) == ("true", "Kesennuma City: DX Plan #2, {draft}")
