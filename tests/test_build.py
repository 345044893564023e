"""One real strict build of the whole site, checked in both languages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros import formatting as f
from macros.load import load_site

from .conftest import ROOT

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, result.stderr


def pages(site: Path, lang: str) -> dict[str, str]:
    base = site / "en" if lang == "en" else site
    found = {}
    for path in base.rglob("index.html"):
        rel = path.relative_to(base).as_posix()
        if lang == "ja" and rel.startswith("en/"):
            continue
        found[rel] = path.read_text(encoding="utf-8")
    return found


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_build_has_no_warning(built) -> None:
    _, log = built
    assert "WARNING" not in log, log
    assert "end of life" not in log.lower()


def test_no_template_or_macro_residue(built) -> None:
    site, _ = built
    for lang in ("ja", "en"):
        for rel, html in pages(site, lang).items():
            body = html.split('<article', 1)[-1]
            for residue in ("{{", "{%", "Macro Rendering Error", "Traceback", "Undefined"):
                assert residue not in body, (lang, rel, residue)


def test_every_plan_page_exists_with_right_lang(built) -> None:
    site, _ = built
    for plan_id in load_site(ROOT).plans:
        ja = (site / "plans" / plan_id / "index.html").read_text(encoding="utf-8")
        en = (site / "en" / "plans" / plan_id / "index.html").read_text(encoding="utf-8")
        assert '<html lang="ja"' in ja and '<html lang="en"' in en


def test_kpi_figures_from_data_reach_both_languages(built) -> None:
    site, _ = built
    data = load_site(ROOT)
    for plan_id, plan in data.plans.items():
        for lang in ("ja", "en"):
            html = text_of(" ".join(html for rel, html in pages(site, lang).items()
                                    if rel.startswith(f"plans/{plan_id}/")))
            for kpi in plan.kpis:
                unit = data.unit(kpi.unit)
                if kpi.baseline:
                    assert f.quantity(kpi.baseline.value, unit, lang) in html, (lang, kpi.id, "baseline")
                if kpi.target.kind == "level":
                    assert f.quantity(kpi.target.value, unit, lang) in html, (lang, kpi.id, "target")
            for fig in plan.figures:
                # every figure entered is shown somewhere on the plan's pages
                assert f.quantity(fig.value, data.unit(fig.unit), lang) in html, (lang, fig.id)


def test_language_switch_points_to_same_page(built) -> None:
    site, _ = built
    html = (site / "en" / "plans" / "ishinomaki" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*plans/ishinomaki/"[^>]*hreflang="ja"', html), "switcher must keep the page"
