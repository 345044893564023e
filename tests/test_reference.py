"""The contributors' reference (docs-for-staff/REFERENCE.md) says what the code does: regenerated and
compared, like the schema drift test; every page macro the build registers is in it, with a description."""

from __future__ import annotations

import re

from macros.cli import reference
from macros.core import fields
from macros.core import models as m

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


def test_every_macro_a_page_may_call_is_in_the_reference_with_a_usage_line_and_description() -> None:
    """The page renderer's own table of macros (macros/checks/pages.py) is the list."""
    import datetime as dt

    from macros.checks.pages import macro_table
    from macros.core.load import load_site

    names = set(macro_table(load_site(ROOT), ROOT, dt.date(2025, 4, 1)))
    assert names == set(reference.macro_names())
    text = (ROOT / reference.REFERENCE).read_text(encoding="utf-8")
    for name, fn, usage, ja, _optional in reference._macro_table():
        assert re.fullmatch(rf"\{{\{{ {name}\(.*\) \}}\}}", usage), usage
        assert f"| `{name}` | `{usage}` |" in text
        assert ja and reference.macro_doc(name, fn), name
