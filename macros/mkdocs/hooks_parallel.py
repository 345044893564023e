"""MkDocs hook: build the English site in a second process while the Japanese one builds.

Why: static-i18n builds English after Japanese, inside the Japanese build's on_post_build, so a
build uses one core however many the machine has. The two languages share nothing while they are
written (Japanese pages go to site/, English ones to site/en/), so on a machine with two cores the
English build runs in a forked copy of this process, started once the site folder has been cleaned
and the Japanese pages listed (on_nav); the Japanese build waits for it before the step that needs
both languages (the ja/en number check). The 1,741-municipality site then builds in 296 s instead
of 411 s in one process, for more CPU time in all (469 s against 404 s; BENCHMARKS.md).

The forked build is exactly the one static-i18n would run (same config, same plugin state, its
clean_directory switched off the same way). It is used for `mkdocs build` only (not for `serve`),
when the machine has more than one core, fork exists, and DXPLANS_PARALLEL is not 0.
A failure in the English build (a strict warning included) fails the whole build.
"""

from __future__ import annotations

import os
import sys
import traceback

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

_child: int | None = None   # pid of the English build while it runs
_told_i18n = False           # static-i18n was told the other languages are built


def _wanted(config) -> bool:
    i18n = config.plugins.get("i18n")
    return (i18n is not None and not i18n.building and hasattr(os, "fork") and (os.cpu_count() or 1) > 1
            and os.environ.get("DXPLANS_PARALLEL", "1") != "0" and "build" in sys.argv[1:2]
            and len(i18n.build_languages) > 1)


def _build_other_languages(config) -> None:
    """In the forked process: what static-i18n's on_post_build does, then leave without returning."""
    code = 1
    try:
        from mkdocs import utils
        from mkdocs.commands.build import build

        i18n = config.plugins["i18n"]
        utils.clean_directory = lambda path: path   # the Japanese build is writing into the same folder
        i18n.building = True
        for locale in i18n.build_languages:
            if locale != i18n.current_language:
                i18n.current_language = locale
                build(config, dirty="--dirty" in sys.argv or "--dirtyreload" in sys.argv)  # as static-i18n
        code = 0
    except SystemExit as exc:   # a data problem or a strict warning: the message is already printed
        code = exc.code if isinstance(exc.code, int) and exc.code else 1
    except BaseException:   # noqa: BLE001 - any failure must reach the parent as an exit code
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


# The files every language build writes at the root, each time with every language in it (static-i18n
# keeps the page lists of the languages built before): the English build, which has both, writes them.
SHARED_TEMPLATES = ("sitemap.xml", "404.html")


@event_priority(-300)   # last: the Japanese pages exist (static-i18n's sitemap lists them) and have their nav
def on_nav(nav, config, files):
    global _child
    if _child is None and _wanted(config):
        pid = os.fork()
        if pid == 0:
            _build_other_languages(config)
        _child = pid
        for name in SHARED_TEMPLATES:
            config.theme.static_templates.discard(name)
    return nav


@event_priority(-50)   # before static-i18n's on_post_build (-100), which would build English again
def on_post_build(config) -> None:
    global _child, _told_i18n
    if _child is None:
        return
    pid, _child = _child, None
    config.theme.static_templates.update(SHARED_TEMPLATES)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise PluginError("The English build failed: its messages are above.")
    config.plugins["i18n"].building = _told_i18n = True   # static-i18n: skip building the other languages


def on_pre_build(config) -> None:
    """A later build in this process (tests) starts as static-i18n expects: nothing being built."""
    global _told_i18n
    if _told_i18n:
        config.plugins["i18n"].building = _told_i18n = False


def on_build_error(error) -> None:
    global _child
    if _child is not None:
        os.kill(_child, 9)
        os.waitpid(_child, 0)
        _child = None
