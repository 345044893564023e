"""Which files a pull request may bring into the published trees, and what their text may contain.

Run by `dxplans check` and, before MkDocs looks at a single file, by the build (glue.define_env):
- docs/ publishes Markdown pages (*.md) and the site's own assets, listed once, in mkdocs.yml
  (extra_css, extra_javascript). Any other file (.html, .svg, an unlisted .js …) would be copied to
  the site as it is, unchecked and without the Content-Security-Policy: it is refused with its path.
- overrides/ holds the theme's templates (*.html), which MkDocs never copies; any other file there
  would be published as a theme file, and is refused. data/schema/ holds the generated schemas
  only (they are published with the open data).
- docs/, data/ and overrides/ hold no symbolic link (nor any other file that is not a plain file):
  links are refused without being followed, so no message ever shows a byte of their target.
- Page text holds none of the characters macros/core/untrusted.py refuses, written as they are or
  as an HTML character reference (&#x202E;, &zwj;).
Files and folders whose name starts with a dot are not published by MkDocs; only links among
them are refused.
"""

from __future__ import annotations

import html
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from macros.core.schema import SCHEMAS
from macros.core.untrusted import characters_message, may_refuse, refused_in, symlink_message
from macros.core.yamlread import Problem

TREES = ("docs", "data", "overrides")
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: its tags (!ENV, !!python/name:…) read as nothing."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def listed_assets(root: Path) -> set[str]:
    """Paths under docs/ of the site's own stylesheets and scripts: mkdocs.yml extra_css, extra_javascript."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file() or config_file.is_symlink():
        return set()
    config: Any = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    out = set()
    for entry in [*(config.get("extra_css") or []), *(config.get("extra_javascript") or [])]:
        path = entry.get("path") if isinstance(entry, dict) else entry
        if isinstance(path, str) and "://" not in path:
            out.add(path.lstrip("/"))
    return out


def _not_published(ja: str, en: str) -> str:
    return f"{ja}\n    English: {en}"


UNLISTED_IN_DOCS = _not_published(
    "docs/ から公開できるのは Markdown のページ（.md）と mkdocs.yml に登録したサイトの資産だけです"
    " — このファイルを消してください（ページは .md で書きます。画像や図が必要なら、担当者に相談してください）",
    "only Markdown pages (.md) and the site's own assets listed in mkdocs.yml (extra_css, extra_javascript) are "
    "published from docs/ — delete this file (write a page as .md; for a picture or a diagram, ask the maintainers)")
NOT_A_TEMPLATE = _not_published(
    "overrides/ に置けるのはテーマのテンプレート（.html）だけです（ほかのファイルはそのまま公開されてしまいます）"
    " — このファイルを消してください",
    "overrides/ holds the theme's templates (.html) only (any other file would be published as it is) "
    "— delete this file")
NOT_A_SCHEMA = _not_published(
    "data/schema/ に置けるのは dxplans schema が作るスキーマだけです（ここのファイルはオープンデータとして公開されます）"
    " — このファイルを消してください",
    "data/schema/ holds only the schemas that 'dxplans schema' writes (its files are published with the open data) "
    "— delete this file")
NOT_A_FILE = _not_published(
    "普通のファイルでもフォルダーでもありません（パイプやデバイスなど） — 消してください",
    "this is neither a plain file nor a folder (a pipe, a device …) — delete it")


def tree_problems(root: Path) -> list[Problem]:
    """Every link, unpublishable file and refused character in docs/, data/ and overrides/."""
    root = Path(root)
    assets = listed_assets(root)
    out: list[Problem] = []
    for tree in TREES:
        top = root / tree
        if top.is_symlink():
            out.append(Problem(tree, 0, "", symlink_message()))
            continue
        if not top.is_dir():
            continue
        for folder, dirs, files in os.walk(top, followlinks=False):
            here = Path(folder)
            for name in sorted(dirs):
                if (here / name).is_symlink():
                    out.append(Problem(_rel(root, here / name), 0, "", symlink_message()))
            dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
            for name in sorted(files):
                out += _file_problems(root, tree, here / name, assets)
    return sorted(out, key=lambda p: (p.file, p.line))


def _file_problems(root: Path, tree: str, path: Path, assets: set[str]) -> list[Problem]:
    rel = _rel(root, path)
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return [Problem(rel, 0, "", symlink_message())]
    if not stat.S_ISREG(mode):
        return [Problem(rel, 0, "", NOT_A_FILE)]
    inner = path.relative_to(root / tree).as_posix()
    if any(part.startswith(".") for part in inner.split("/")):
        return []  # MkDocs publishes no dot-file; a link among them is refused above
    if may_refuse(inner):
        return [Problem(rel, 0, "", characters_message([c for _, c in refused_in(inner)], ("ファイル名に", "the file name")))]
    if tree == "docs":
        if inner.endswith(".md"):
            return page_character_problems(path.read_bytes(), rel)
        if inner not in assets:
            return [Problem(rel, 0, "", UNLISTED_IN_DOCS)]
    if tree == "overrides" and not inner.endswith(".html"):
        return [Problem(rel, 0, "", NOT_A_TEMPLATE)]
    if tree == "data" and inner.startswith("schema/") and inner.removeprefix("schema/") not in SCHEMAS:
        return [Problem(rel, 0, "", NOT_A_SCHEMA)]
    return []


def page_character_problems(raw: bytes, rel: str) -> list[Problem]:
    """One problem per line of a page that holds a refused character, written or as a reference."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return []  # reported by the page checks ("save it as UTF-8")
    if not may_refuse(text) and "&" not in text:
        return []
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if "&" in line and _CHAR_REF.search(line):
            line = html.unescape(line)  # &#x202E; and &zwj; are the characters themselves in the page
        found = [ch for _, ch in refused_in(line)]
        if found:
            out.append(Problem(rel, number, "", characters_message(found)))
    return out


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
