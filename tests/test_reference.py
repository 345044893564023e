"""The contributors' reference (docs-for-staff/REFERENCE.md) says what the code does: regenerated and
compared, like the schema drift test; every page macro the build registers is in it, with a description."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from macros.cli import reference
from macros.core import fields
from macros.core import models as m
from macros.mkdocs import glue

from .conftest import ROOT


def test_reference_is_regenerated_from_the_code() -> None:
    text = (ROOT / reference.REFERENCE).read_text(encoding="utf-8")
    assert text == reference.reference_markdown(), "run '.venv/bin/dxplans reference' and commit the result"


def test_every_data_field_is_in_the_reference_with_its_meaning_in_both_languages() -> None:
    text = (ROOT / reference.REFERENCE).read_text(encoding="utf-8")
    for name, model in m.PLAN_FILES.items():
        assert f"### `{name}`" in text
        for doc in fields.walk(model):
            assert f"| `{doc.path}` |" in text, doc.path
            ja, en = fields.meaning(doc)
            assert ja and en, f"{name}: {doc.path} has no meaning in macros/core/fields.py MEANINGS"


class _Env:
    """Just enough of mkdocs-macros' env for glue.define_env to register its macros."""

    def __init__(self, root: Path) -> None:
        self.conf = {"config_file_path": str(root / "mkdocs.yml"), "theme": {"language": "ja"}}
        self.macros: dict = {}
        self.page = SimpleNamespace(file=SimpleNamespace(src_uri="ja/index.md", locale="ja"), url="")

    def macro(self, fn, name: str = ""):
        self.macros[name or fn.__name__] = fn
        return fn


def test_every_registered_macro_is_in_the_reference_with_a_usage_line_and_description() -> None:
    env = _Env(ROOT)
    glue.define_env(env)
    assert sorted(env.macros) == sorted(reference.macro_names())
    text = (ROOT / reference.REFERENCE).read_text(encoding="utf-8")
    for name, fn, usage, ja, _scope in reference._macro_table():
        assert re.fullmatch(rf"\{{\{{ {name}\(.*\) \}}\}}", usage), usage
        assert f"| `{name}` | `{usage}` |" in text
        assert ja and reference.macro_doc(name, fn), name
