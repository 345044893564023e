"""Steps: the last-updated date (from git) and where staff edit each page.

One `git log` for the whole tree per build (not one per page), so it stays
cheap with thousands of pages. Outside a git checkout the date is left out,
never guessed. The edit link needs REPO_URL (set by the CI workflow, e.g.
https://github.com/OWNER/REPO); without it the page names its source file.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from macros.core import formatting as f


def last_changed(root: Path) -> dict[str, dt.date]:
    """Path (relative to root) -> date of the last commit that touched it."""
    try:
        out = subprocess.run(["git", "log", "--format=@%cs", "--name-only", "--", "docs", "data"], cwd=root,
                             capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current and line not in dates:
            dates[line] = current  # the log is newest first
    return dates


def read_git_dates(ctx, config) -> None:
    ctx.git_dates = last_changed(ctx.root)


def add_page_info(ctx, context, page, config, nav) -> None:
    lang = page.file.locale if getattr(page.file, "locale", None) in f.LANGS else "ja"
    source = f"docs/{page.file.src_uri}"
    updated = ctx.git_dates.get(source)
    page.meta["dx_source"] = source
    page.meta["dx_updated"] = f.date(updated, lang) if updated else ""
    repo = os.environ.get("REPO_URL", "").rstrip("/")
    page.meta["dx_edit_url"] = f"{repo}/edit/main/{source}" if repo.startswith("https://") else ""
    page.meta["dx_print_url"] = _print_link(page.file.src_uri)


def _print_link(src_uri: str) -> str:
    """From a plan's page, the relative link to that plan's print view (plans/<plan>/print/)."""
    parts = src_uri.split("/")
    if len(parts) < 4 or parts[1] != "plans":
        return ""
    return "print/" if parts[-1] == "index.md" else "../print/"
