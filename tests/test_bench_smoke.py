"""The benchmark corpus generator makes a project that builds strictly (tools/gen_corpus.py, N = 5)."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.checks.lint import lint_docs
from macros.core.load import load_site

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import gen_corpus  # noqa: E402

pytestmark = pytest.mark.build

N = 5


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("corpus") / "project"
    return out, gen_corpus.generate(N, out, seed=1)


def test_check_digits_are_real() -> None:
    # 札幌市 011002, 函館市 012025, 千代田区 131016
    assert [gen_corpus.check_digit(c) for c in ("01100", "01202", "13101")] == [2, 5, 6]


def test_whole_country_by_prefecture() -> None:
    every = gen_corpus.all_municipalities(seed=1)
    assert len(every) == 1741 == len({m.code for m in every})
    assert len({m.pref_ja for m in every}) == 47
    assert all(m.code[-1] == str(gen_corpus.check_digit(m.code[:5])) for m in every)
    assert sum(m.kind == "ward" for m in every) == 23


def test_data_passes_the_loader_and_pages_the_lint(corpus) -> None:
    root, chosen = corpus
    site = load_site(root)
    assert sorted(site.plans) == sorted(m.slug for m in chosen)
    for plan in site.plans.values():
        assert 28 <= len(plan.initiatives) <= 32 and len(plan.kpis) == 6 and len(plan.terms) == 20
        assert all(ini.roadmap for ini in plan.initiatives)
    assert lint_docs(root) == []


def test_same_seed_same_corpus(corpus, tmp_path) -> None:
    root, _ = corpus
    again = tmp_path / "again"
    gen_corpus.generate(N, again, seed=1)
    for sub in ("data/plans", "docs/ja/plans", "docs/en/plans"):
        cmp = filecmp.dircmp(root / sub, again / sub)
        assert not (cmp.left_only or cmp.right_only or cmp.diff_files), sub
        for name, common in cmp.subdirs.items():
            assert not (common.left_only or common.right_only or common.diff_files), (sub, name)


def test_builds_strictly_in_both_languages(corpus, tmp_path) -> None:
    root, chosen = corpus
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                            cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr[-3000:]
    for muni in chosen:
        for lang, base in (("ja", site), ("en", site / "en")):
            for page in ("", "initiatives/", "glossary/"):
                html = (base / "plans" / muni.slug / page / "index.html").read_text(encoding="utf-8")
                assert f'<html lang="{lang}"' in html, (lang, muni.slug, page)
                assert "{{" not in html.split("<article", 1)[-1], (lang, muni.slug, page)
        overview = (site / "plans" / muni.slug / "index.html").read_text(encoding="utf-8")
        assert muni.name_ja in overview
        assert muni.name_en in (site / "en" / "plans" / muni.slug / "index.html").read_text(encoding="utf-8")


def test_benchmark_script_runs_end_to_end_at_n5(tmp_path) -> None:
    """tools/bench.py at N = 5 (one run, no chromium): capture, baseline, both builds, the report."""
    report = tmp_path / "BENCH.md"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "bench.py"), "--ns", "5", "--runs", "1",
                             "--no-search", "--workdir", str(tmp_path / "work"), "--report", str(report)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    text = report.read_text(encoding="utf-8")
    assert "| 5 | ours | 1 |" in text and "| 5 | baseline | 1 |" in text, text
    assert "our layer ≤ 1.25× baseline, N = 5" in text and "a plan page ≤ 150 KB compressed, N = 5" in text
    base_pages = list((tmp_path / "work" / "base-5" / "docs").rglob("*.md"))
    assert len(base_pages) == 44
    assert not any("dx-stash" in p.read_text(encoding="utf-8") for p in base_pages), "blocks not written back"
