"""English in one voice: data/terms.yml and the check that English twins use its renderings."""

from __future__ import annotations

import re
from pathlib import Path

from macros.checks import terms
from macros.checks.terms import TermRule, compare, english_problems
from macros.cli.main import main
from tests.conftest import ROOT

RULES = [
    TermRule(ja=["行財政運営"], en="administrative and fiscal management", avoid=["financial management"]),
    TermRule(ja=["市民"], en="residents", check=False, avoid=["citizen"]),
    TermRule(ja=["市民課"], en="Citizens Division", check=False),
    TermRule(ja=["総務省"], en="Ministry of Internal Affairs and Communications (MIC)", accept=["MIC"]),
    TermRule(ja=["自治体DX推進計画"], en="Local Government DX Promotion Plan", unless=["自治体DX推進計画ポータル"]),
    TermRule(ja=["DX推進計画"], en="DX Promotion Plan"),
    TermRule(ja=["デジタルデバイド"], en="digital divide"),
]


def test_the_project_uses_its_renderings_everywhere() -> None:
    assert terms.check_terms(ROOT) == []


def test_a_rendering_to_avoid_is_found_and_the_listed_one_required() -> None:
    found = compare("効率的・効果的な行財政運営", "efficient and effective administrative and financial management", RULES)
    assert [(f.missing, f.avoided) for f in found] == [(True, ""), (False, "financial management")]
    assert compare("効率的・効果的な行財政運営", "efficient and effective administrative and fiscal management", RULES) == []


def test_residents_not_citizens_except_inside_a_longer_listed_name() -> None:
    assert [f.avoided for f in compare("市民の利便性", "convenience for citizens", RULES)] == ["citizen"]
    assert compare("市民の利便性", "convenience for residents", RULES) == []
    assert compare("市民課", "Citizens Division", RULES) == []   # 市民課 is matched first and set aside


def test_longer_terms_first_full_width_and_quotes() -> None:
    # ＤＸ (full width) is the same term; the national plan's name also satisfies the shorter term inside it
    assert compare("自治体ＤＸ推進計画（総務省）", "Local Government DX Promotion Plan (MIC)", RULES) == []
    assert [f.term.en for f in compare("自治体ＤＸ推進計画", "the national DX plan", RULES)] == \
        ["Local Government DX Promotion Plan"]
    assert compare("自治体DX推進計画ポータル", "Municipal DX plans", RULES) == []   # unless: the site's name
    assert compare("デジタルデバイド対策", "Digital-divide measures", RULES) == []  # case and hyphen
    assert compare("「デジタルデバイド」に訂正", "corrected to 「デジタルデバイド」", RULES) == []  # quoting the original


def test_japanese_left_in_english_and_an_abbreviation_twice() -> None:
    assert english_problems("基本方針１ Improving convenience") == ["japanese:基本方針１ Improving"]
    assert english_problems("the policy 「基本方針１ Improving」 as printed") == []
    assert english_problems("The Ministry (MIC) adopts the plan (MIC).") == ["twice:MIC"]
    assert english_problems("The Ministry (MIC) adopts it. The plan (MIC) says so.") == []
    assert english_problems("DX (DX) of A and (DX) of B", "行政のデジタル変革（DX）と地域のデジタル変革（DX）") == []


def test_dxplans_check_reports_a_term_with_file_and_line(mini: Path, capsys) -> None:
    (mini / "data" / "terms.yml").write_text(
        "terms:\n  - {ja: [市民], en: residents, check: false, avoid: [citizen]}\n", encoding="utf-8")
    kpis = mini / "data" / "plans" / "sample" / "kpis.yml"
    kpis.write_text(kpis.read_text(encoding="utf-8").replace(
        "en: Residents who find it inconvenient", "en: Citizens who find it inconvenient"), encoding="utf-8")
    assert main(["--root", str(mini), "check"]) == 1
    err = capsys.readouterr().err
    assert "「市民」" in err and "citizen" in err and "residents" in err
    assert re.search(r"data/plans/sample/kpis\.yml:\d+", err)


def test_terms_file_is_the_projects_own_and_nothing_names_the_shared_folder() -> None:
    text = (ROOT / "data" / "terms.yml").read_text(encoding="utf-8")
    assert "Change a rendering here first" in text and "総務省" in text
    for path in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / ".github").rglob("*.*")),
                 ROOT / "macros" / "cli" / "scaffold.py"]:
        assert "shared/TERMS" not in path.read_text(encoding="utf-8"), path
