"""Build the site so that a failed build never touches the site already built.

    .venv/bin/python tools/build_atomic.py [--config-file mkdocs.yml] [--site-dir site]

`make build` runs this after `dxplans check`. It runs `mkdocs build --strict` into a new folder
next to site/ (.site-tmp-…, ignored by git) and, only when that build succeeds, puts it in place
of site/. When the build fails, or is interrupted, the temporary folder is removed and site/ is
exactly as it was: a server or a person reading site/ never sees a half-built or broken site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TMP_PREFIX = ".site-tmp-"  # .gitignore has .site-tmp*/


def build_atomic(config_file: Path, site_dir: Path, mkdocs_args: list[str] | None = None) -> int:
    """Build into a temporary folder beside site_dir, then swap it in. Returns mkdocs' exit code."""
    config_file, site_dir = config_file.resolve(), site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=site_dir.parent))
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file),
                   "--site-dir", str(tmp), *(mkdocs_args or [])]
        code = subprocess.run(command, env=env).returncode
        if code != 0 or not (tmp / "index.html").is_file():
            print(f"\nThe build failed: {_shown(site_dir)} was left as it was.", file=sys.stderr)
            return code or 1
        _swap(tmp, site_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # gone already after a swap
    print(f"Built into {_shown(site_dir)} (swapped in whole).")
    return 0


def _swap(new: Path, site_dir: Path) -> None:
    """Put new in place of site_dir; the old site is removed only once the new one is in place."""
    umask = os.umask(0)
    os.umask(umask)
    new.chmod(0o777 & ~umask)  # mkdtemp makes 0700; a web server must be able to read the site
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=TMP_PREFIX + "old-", dir=site_dir.parent))
        os.rename(site_dir, old / "site")
    try:
        os.rename(new, site_dir)
    except OSError:
        if old is not None:
            os.rename(old / "site", site_dir)
        raise
    finally:
        if old is not None and site_dir.exists():
            shutil.rmtree(old, ignore_errors=True)


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return path.as_posix() + "/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config-file", default="mkdocs.yml", help="MkDocs config (default: mkdocs.yml)")
    parser.add_argument("--site-dir", help="where the site goes (default: site/ beside the config file)")
    args, rest = parser.parse_known_args(argv)
    config = Path(args.config_file)
    site = Path(args.site_dir) if args.site_dir else config.resolve().parent / "site"
    return build_atomic(config, site, rest)


if __name__ == "__main__":
    sys.exit(main())
