"""Tiny throw-away MkDocs projects for tests that need a real build of small data.

A tiny project is the repository's own mkdocs.yml, with macros/ linked and overrides/ and
docs/assets/ copied from the repository, the data of tests/fixtures/mini (or any other), and
two short pages per language. A test edits its copy, then builds it with build().
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import MINI, ROOT

PLAN_PAGE = {
    "ja": "# 見本市DX推進計画\n\n{{ plan_header(\"sample\") }}\n",
    "en": "# Sample City DX Promotion Plan\n\n{{ plan_header(\"sample\") }}\n",
}
HOME_PAGE = {
    "ja": "# 自治体DX推進計画ポータル\n\n{{ plan_list() }}\n",
    "en": "# Municipal DX Plans Portal\n\n{{ plan_list() }}\n",
}


def make_project(dest: Path, data: Path = MINI / "data", pages: dict[str, str] | None = None) -> Path:
    """A buildable project in dest: repo config and code, the given data, a home and a plan page.

    pages maps a path under docs/ (e.g. "ja/plans/sample/index.md") to its Markdown and is
    added to (or replaces) the default pages.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(data, dest / "data")
    shutil.copyfile(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    default = {}
    for lang in ("ja", "en"):
        default[f"{lang}/index.md"] = HOME_PAGE[lang]
        default[f"{lang}/plans/sample/index.md"] = PLAN_PAGE[lang]
        # the site's search page, so every project has the search a reader has
        default[f"{lang}/search.md"] = (ROOT / "docs" / lang / "search.md").read_text(encoding="utf-8")
    for rel, text in {**default, **(pages or {})}.items():
        path = dest / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest


def build(project: Path, site_dir: Path | None = None, timeout: int = 300,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a tiny project (into project/site unless site_dir is given)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    args = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    if site_dir is not None:
        args += ["-d", str(site_dir)]
    return subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=timeout)


def replace_in(root: Path, rel: str, old: str, new: str) -> None:
    """Edit a copy of a fixture: the first `old` in root/rel becomes `new` (it must be there)."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_problems(root: Path, as_text=str) -> list[str]:
    """The problems load_site reports for root (it must fail), each with its Japanese wording."""
    import pytest

    from macros.core.load import DataError, load_site
    from macros.core.messages import UNKNOWN, explain

    with pytest.raises(DataError) as caught:
        load_site(root)
    for problem in caught.value.problems:   # every problem has its Japanese wording (messages.py)
        assert explain(problem.message)[0] is not UNKNOWN, problem.message
    return [as_text(p) for p in caught.value.problems]
