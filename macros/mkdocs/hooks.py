"""The one MkDocs hook file (mkdocs.yml `hooks:`): registers every step of macros/mkdocs/steps.py.

Each on_<event> below is one step's handler, or a CombinedEvent of several (MkDocs registers each of
them at its own priority). They share one BuildContext, created here, once per loaded config.
"""

from __future__ import annotations

from macros.mkdocs.context import BuildContext
from macros.mkdocs.steps import handlers

CONTEXT = BuildContext()

globals().update(handlers(CONTEXT))
