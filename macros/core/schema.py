"""JSON Schema for editors, generated from the models (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from macros.core import models as m

SCHEMAS: dict[str, type[m.Record]] = {
    "units.schema.json": m.UnitsFile,
    "national.schema.json": m.NationalFile,
    "terms.schema.json": m.TermsFile,
    **{name.replace(".yml", ".schema.json"): model for name, model in m.PLAN_FILES.items()},
}


def render_schema(model: type[m.Record]) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path, check_only: bool = False) -> list[str]:
    """Write every schema; return the names that were missing or different."""
    folder.mkdir(parents=True, exist_ok=True)
    stale = []
    for name, model in SCHEMAS.items():
        path = folder / name
        wanted = render_schema(model)
        if not path.exists() or path.read_text(encoding="utf-8") != wanted:
            stale.append(name)
            if not check_only:
                path.write_text(wanted, encoding="utf-8")
    return stale
