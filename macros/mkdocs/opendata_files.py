"""Step: write every open-data file at the site root, once (by the Japanese build).

Glue only: the rows come from macros.publish.opendata, computed from the same Site the
pages show, so a figure on a page and in a download cannot differ.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from macros.mkdocs.glue import cached_site
from macros.publish.opendata import DATASETS, OPEN_DATA_DIR, dataset_rows, to_csv, to_json


def write_open_data(ctx, config) -> None:
    # The files are language-neutral and live at the site root, which every language build shares:
    # the Japanese (outer) build writes them; the English one would write the same bytes again.
    if not ctx.outer or not ctx.current.wanted:
        return
    site = cached_site(ctx.root)
    out = Path(config["site_dir"]) / OPEN_DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    for dataset in DATASETS:
        rows = dataset_rows(dataset, site)
        (out / f"{dataset.id}.csv").write_bytes(to_csv(dataset, rows))
        (out / f"{dataset.id}.json").write_bytes(to_json(rows))
    schema_out = out / "schema"
    schema_out.mkdir(exist_ok=True)
    for schema in (ctx.root / "data" / "schema").glob("*.json"):
        shutil.copyfile(schema, schema_out / schema.name)
