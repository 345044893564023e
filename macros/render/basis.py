"""Marks for values the source does not print as given: 「推定」 / 「再構成」 with the reason at hand.

A value without a basis entry (or with kind: stated) gets no mark. Elsewhere the mark is a
<details> element: a short visible word that a keyboard or screen-reader user can open to read the
reason (never a hover-only title). Inside running prose, where a <details> would break the
paragraph, the reason is written out in brackets instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from macros.core import formatting as f
from macros.core import models as m
from macros.render.html import Ctx, esc, tag
from macros.render.labels import label


def _where(basis: m.Basis, ctx: Ctx) -> str:
    ref = basis.source
    if ref is None:
        return ""
    from macros.render.plan import source_ref
    place = source_ref(ref, ctx)
    return f"（{label('basis.where', ctx.lang)}：{place}）" if ctx.lang == "ja" else \
        f" ({label('basis.where', ctx.lang)}: {place})"


def reason_text(basis: m.Basis, ctx: Ctx) -> str:
    """The reason in the page's language, with where in the source the evidence is."""
    return (f.text(basis.reason, ctx.lang) if basis.reason else "") + _where(basis, ctx)


def mark(basis: m.Basis | None, ctx: Ctx, *, inline: bool = False) -> str:
    """The mark for one basis; "" for a stated value."""
    if basis is None or basis.kind == "stated":
        return ""
    word = label(f"basis.{basis.kind}", ctx.lang)
    reason = reason_text(basis, ctx)
    cls = f"dx-basis dx-basis-{basis.kind}"
    if inline:
        text = f"［{word}：{reason}］" if ctx.lang == "ja" else f" [{word}: {reason}]"
        return tag("span", esc(text), class_=cls + " dx-basis-inline")
    summary = tag("summary", esc(word), class_="dx-basis-word")
    return tag("details", summary + tag("span", esc(reason), class_="dx-basis-reason"), class_=cls)


def field_mark(record: Any, key: str, ctx: Ctx, *, inline: bool = False) -> str:
    """The mark for one field of a record (a model with basis:), "" when the source states it."""
    basis_of = getattr(record, "basis_of", None)
    return mark(basis_of(key), ctx, inline=inline) if basis_of else ""


def marks(record: Any, keys: Iterable[str], ctx: Ctx, *, inline: bool = False) -> str:
    """Marks for several fields of a record, each distinct basis once (a roadmap bar's start and
    end year usually share one reason)."""
    seen: list[m.Basis] = []
    out = ""
    for key in keys:
        basis = record.basis_of(key) if hasattr(record, "basis_of") else None
        if basis is None or basis in seen:
            continue
        seen.append(basis)
        out += mark(basis, ctx, inline=inline)
    return out


def record_marks(record: Any, ctx: Ctx, *, prefix: str = "", exclude: Iterable[str] = (),
                 inline: bool = False) -> str:
    """Marks for every marked field of a record (optionally only those under prefix.)."""
    skip = set(exclude)
    keys = [k for k in getattr(record, "basis", {}) if k.startswith(prefix) and k not in skip]
    return marks(record, keys, ctx, inline=inline)
