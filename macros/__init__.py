"""mkdocs-macros entry point. Thin glue only: see macros/glue.py."""


def define_env(env):  # noqa: D103 - mkdocs-macros hook
    from macros.mkdocs.glue import define_env as _define_env

    _define_env(env)
