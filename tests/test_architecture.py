"""The code's shape as tests: ruff is clean and the stages import only downwards (import-linter).

The contracts live in pyproject.toml ([tool.importlinter]); README's ARCHITECTURE section explains them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_are_kept() -> None:
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_only_the_mkdocs_folder_imports_the_engine() -> None:
    """Belt and braces for the forbidden contract: no module outside macros/mkdocs names mkdocs at all."""
    offenders = []
    for path in (ROOT / "macros").rglob("*.py"):
        if path.is_relative_to(ROOT / "macros" / "mkdocs"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("import mkdocs", "from mkdocs", "import material", "from material")):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {stripped}")
    assert not offenders, "\n".join(offenders)
