"""Engine canary: ProperDocs (the maintained fork of MkDocs 1.x) builds the same site as MkDocs.

Material for MkDocs reaches end of life on 2027-05-05 and MkDocs 1.x is unmaintained (README, Engine
plan). ProperDocs keeps MkDocs 1.x's plugin API; it is pinned in requirements.lock. This test builds
the real site with both engines and compares them: the same files, and every page the same but for
its generator <meta> element, which names the engine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.publish.built_html import parse

from .conftest import ROOT

pytestmark = pytest.mark.build

BIN = Path(sys.executable).parent
DAY = {"DXPLANS_TODAY": "2026-04-01", "NO_MKDOCS_2_WARNING": "1"}


def _build(engine: str, out: Path) -> None:
    result = subprocess.run([str(BIN / engine), "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)], cwd=ROOT,
                            env={**os.environ, **DAY}, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{engine}: {result.stderr[-3000:]}"


def _without_generator(html: bytes) -> str:
    tree = parse(html.decode("utf-8"))
    for meta in tree.css('meta[name="generator"]'):
        meta.decompose()
    return tree.html


def test_properdocs_builds_the_same_pages(tmp_path: Path) -> None:
    _build("mkdocs", tmp_path / "mkdocs")
    _build("properdocs", tmp_path / "properdocs")
    old = {p.relative_to(tmp_path / "mkdocs").as_posix(): p for p in (tmp_path / "mkdocs").rglob("*") if p.is_file()}
    new = {p.relative_to(tmp_path / "properdocs").as_posix(): p for p in (tmp_path / "properdocs").rglob("*")
           if p.is_file()}
    assert sorted(new) == sorted(old)
    pages = [name for name in old if name.endswith(".html")]
    assert len(pages) > 50
    different = [name for name in sorted(old) if old[name].read_bytes() != new[name].read_bytes()
                 and not (name.endswith(".html") and _without_generator(old[name].read_bytes())
                          == _without_generator(new[name].read_bytes()))]
    assert different == []
