"""Which build is this: the outer one, or static-i18n's English build running inside it?

static-i18n builds English inside the Japanese build's on_post_build (or hooks_parallel.py forks it
from there), so every hook runs twice, nested. Steps that need both languages (print views, the
ja/en number check) run once, at the end of the outer build. Each such hook keeps a BuildDepth and
calls it from its on_pre_build, on_post_build and on_build_error.
"""

from __future__ import annotations


class BuildDepth:
    def __init__(self) -> None:
        self.running = 0   # 2 while the English build runs inside the Japanese one

    def started(self) -> bool:
        """A build starts; True when it is a new outer build."""
        self.running += 1
        return self.running == 1

    def ended(self) -> bool:
        """A build ends; True when it was the outer one."""
        self.running = max(0, self.running - 1)
        return self.running == 0

    def failed(self) -> None:
        self.running = max(0, self.running - 1)
