"""MkDocs hook: stop the build when a Japanese page and its English twin show different numbers.

Runs after static-i18n has written both languages (its on_post_build is at
priority -100), on the built HTML, so it sees exactly what a reader sees.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from macros.consistency import page_pair_findings


@event_priority(-200)
def on_post_build(config) -> None:
    site_dir = Path(config["site_dir"])
    if not (site_dir / "en").is_dir():
        return  # the English build itself, or a Japanese-only build: nothing to pair yet
    findings = page_pair_findings(site_dir)
    if findings:
        lines = "\n".join(f"  {f.where}: only in Japanese: {f.printed}; only in English: {f.expected}"
                          for f in findings)
        raise PluginError("The Japanese and English pages show different numbers. Write the same figures "
                          f"in both (or show them through the same macro):\n{lines}")
