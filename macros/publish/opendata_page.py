"""The open-data page: downloads, their columns, the licence and schema.org metadata.

A renderer of the publish stage: it documents the datasets from the same declaration
(macros/publish/opendata.py) that writes the files, so the page and the files cannot differ.
"""

from __future__ import annotations

import json

from macros.core.load import Site
from macros.core.schema import SCHEMAS
from macros.publish.opendata import DATASETS, LICENCE_URL, OPEN_DATA_DIR
from macros.render.html import Ctx, block, esc, tag, ul
from macros.render.labels import label


def open_data(site: Site, ctx: Ctx) -> str:
    """Downloads, their columns, the licence, and schema.org Dataset metadata."""
    lang = ctx.lang
    # the files are written once, at the site root (by the open-data build step)
    base = ctx.link(OPEN_DATA_DIR) if lang == "ja" else "../" + ctx.link(OPEN_DATA_DIR)
    parts = []
    for ds in DATASETS:
        title = ds.title_ja if lang == "ja" else ds.title_en
        links = " ".join(tag("a", esc(fmt), href=f"{base}{ds.id}.{fmt.lower()}", download=f"{ds.id}.{fmt.lower()}")
                         for fmt in ("CSV", "JSON"))
        cols = tag("table", tag("caption", esc(f"{title}：{label('columns', lang)}" if lang == "ja"
                                               else f"{title}: {label('columns', lang)}"))
                   + tag("thead", tag("tr", tag("th", esc(label("column", lang)), scope="col")
                                      + tag("th", esc(label("meaning", lang)), scope="col")))
                   + tag("tbody", "".join(tag("tr", tag("th", tag("code", _breakable(c.name)), scope="row")
                                                + tag("td", esc(c.ja if lang == "ja" else c.en)))
                                          for c in ds.columns)), class_="dx-columns")
        parts.append(tag("h2", esc(title), id=f"dataset-{ds.id}") + tag("p", links, class_="dx-downloads")
                     + tag("div", cols, class_="dx-table-scroll", tabindex="0", role="region",
                           aria_label=f"{title} {label('columns', lang)}"))
    metadata = {
        "@context": "https://schema.org", "@type": "DataCatalog",
        "name": label("open_data", lang), "license": LICENCE_URL, "inLanguage": ["ja", "en"],
        "dataset": [{"@type": "Dataset", "name": ds.title_ja if lang == "ja" else ds.title_en,
                     "license": LICENCE_URL, "isAccessibleForFree": True,
                     "description": ", ".join(c.name for c in ds.columns),
                     "distribution": [{"@type": "DataDownload", "encodingFormat": mime,
                                       "contentUrl": f"{base}{ds.id}.{ext}"}
                                      for ext, mime in (("csv", "text/csv"), ("json", "application/json"))]}
                    for ds in DATASETS]}
    json_ld = json.dumps(metadata, ensure_ascii=False).replace("</", "<\\/")
    schemas = ul(tag("a", tag("code", esc(name)), href=f"{base}schema/{name}") for name in SCHEMAS)
    parts.append(tag("h2", esc(label("schemas", lang)), id="schemas") + schemas)
    # inside the block: the page rules allow no script in what goes through Markdown (checks/page_html.py)
    return block("".join(parts) + f'<script type="application/ld+json">{json_ld}</script>')


def _breakable(name: str) -> str:
    """A column name that may wrap after an underscore and nowhere else: on a phone the names broke
    every few letters (plan / _id, muni / cipa / lity)."""
    return "_<wbr>".join(esc(part) for part in name.split("_"))
