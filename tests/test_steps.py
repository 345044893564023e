"""The build's steps: one ordered list (macros/mkdocs/steps.py), registered from it, documented from it.

No MkDocs run here: the hook module is registered into MkDocs' own PluginCollection, as mkdocs.yml's
`hooks:` does, and the order MkDocs would call the handlers in is read back.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml
from mkdocs.plugins import PluginCollection

from macros.mkdocs import steps
from macros.mkdocs.context import BuildContext

from .conftest import ROOT


def _load_hooks():
    spec = importlib.util.spec_from_file_location("dx_hooks_under_test", ROOT / "macros" / "mkdocs" / "hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_list_is_in_the_order_mkdocs_runs_it() -> None:
    keys = [(steps.EVENTS.index(step.event), -step.priority) for step in steps.STEPS]
    assert keys == sorted(keys), "STEPS must be listed in run order: by event, then by priority (highest first)"


def test_mkdocs_yml_names_one_hook_file() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["hooks"] == ["macros/mkdocs/hooks.py"]


def test_hooks_register_every_step_at_its_priority_in_list_order() -> None:
    collection = PluginCollection()
    collection["hooks"] = _load_hooks()
    for event in steps.EVENTS:
        ours = [step for step in steps.ours() if step.event == event]
        registered = [fn for fn in collection.events[event]]
        assert [fn.__name__ for fn in registered] == [s.name.rsplit(".", 1)[-1] for s in ours], event
        assert [fn.mkdocs_priority for fn in registered] == [s.priority for s in ours], event


def test_the_handlers_share_one_build_context() -> None:
    module = _load_hooks()
    assert isinstance(module.CONTEXT, BuildContext)
    names = [name for name in vars(module) if name.startswith("on_")]
    assert sorted(names) == sorted({f"on_{step.event}" for step in steps.ours()})


def test_the_plugins_steps_are_listed_at_their_real_priorities() -> None:
    from mkdocs_static_i18n.plugin import I18n

    plugins = {"static-i18n": I18n}
    listed = [step for step in steps.STEPS if step.function is None]
    assert listed, "the plugins' own steps belong in the list, where they run"
    for step in listed:
        plugin, method = step.name.split(": ")
        handler = getattr(plugins[plugin], method)
        assert method == f"on_{step.event}"
        assert getattr(handler, "mkdocs_priority", 0) == step.priority, step.name


CONSTANTS = {"PLANS_TITLE"}   # read-only tables, never filled during a build


def test_no_state_in_the_step_modules_but_the_context() -> None:
    """The steps keep what they know in the BuildContext: no module-level lists, dicts or sets to fill."""
    import ast

    offenders = []
    for path in sorted((ROOT / "macros" / "mkdocs").glob("*.py")):
        if path.name == "glue.py":   # the Site and pages cache (glue, not a build step)
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            if any(getattr(t, "id", "") in CONSTANTS for t in targets):
                continue
            if isinstance(value, (ast.List, ast.Dict, ast.Set)) or \
                    isinstance(value, ast.Call) and getattr(value.func, "id", "") in ("list", "dict", "set"):
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Global):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_no_engine_internals_are_patched() -> None:
    """Nothing replaces a function of MkDocs or a plugin, or forks the build (issue 13)."""
    for folder in ("macros", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for forbidden in ("clean_directory", "os.fork", ".building", "current_language ="):
                assert forbidden not in text, f"{path.relative_to(ROOT)}: {forbidden}"


def test_architecture_md_shows_this_list() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert steps.table() in text, ("ARCHITECTURE.md's table of build steps differs from macros/mkdocs/steps.py: "
                                   "paste the output of `.venv/bin/python -m macros.mkdocs.steps` into it")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(ARCHITECTURE.md)" in readme


def test_every_step_module_named_exists() -> None:
    for step in steps.ours():
        module = step.name.split(".")[0]
        assert (Path(steps.__file__).parent / f"{module}.py").is_file(), step.name
