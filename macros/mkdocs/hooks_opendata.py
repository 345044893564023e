"""MkDocs hook: write every open-data file next to the pages of each language build.

Glue only: the rows come from macros.publish.opendata, computed from the same Site the
pages show, so a figure on a page and in a download cannot differ.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from macros.mkdocs.glue import cached_site
from macros.publish.opendata import DATASETS, OPEN_DATA_DIR, dataset_rows, to_csv, to_json


def _is_default_language_build(config) -> bool:
    i18n = config.plugins.get("i18n")
    return i18n is None or i18n.current_language == i18n.default_language


def on_post_build(config) -> None:
    # The files are language-neutral and live at the site root, which every language build shares:
    # the Japanese (default) build writes them; the English one would write the same bytes again.
    if not _is_default_language_build(config):
        return
    root = Path(config["config_file_path"]).resolve().parent
    site = cached_site(root)
    out = Path(config["site_dir"]) / OPEN_DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    for dataset in DATASETS:
        rows = dataset_rows(dataset, site)
        (out / f"{dataset.id}.csv").write_bytes(to_csv(dataset, rows))
        (out / f"{dataset.id}.json").write_bytes(to_json(rows))
    schema_out = out / "schema"
    schema_out.mkdir(exist_ok=True)
    for schema in (root / "data" / "schema").glob("*.json"):
        shutil.copyfile(schema, schema_out / schema.name)
