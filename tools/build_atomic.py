"""Build the site so that a failed build never touches the site already built (what `make build` runs).

    .venv/bin/python tools/build_atomic.py [--config-file mkdocs.yml] [--site-dir site] [mkdocs options]

`make build` runs this after `dxplans check`. It builds into a new folder next to site/
(.site-tmp-<pid>-…, ignored by git) and, only when the build succeeds, puts it in place of site/.
When the build fails, or is interrupted, the temporary folder is removed and site/ is exactly as it
was: a server or a person reading site/ never sees a half-built or broken site.

On a machine with more than one core it builds each language in its own `mkdocs build --strict`
process at once (DXPLANS_BUILD_LANGUAGE=ja and =en), then joins them and compares the numbers of
every Japanese page with its English twin (macros/mkdocs/split.py says how; the result is the site a
plain `mkdocs build --strict` writes, tests/test_split_build.py compares them). DXPLANS_PARALLEL=0
builds in one process instead.

A build leaves nothing behind: when one language's process fails, the other is stopped at once
(nothing is written after a failure); when this script is interrupted (Ctrl-C, SIGTERM) it stops
both and removes its temporary folders; if it is killed outright, its processes are stopped by the
kernel (PR_SET_PDEATHSIG) and the next run removes the folders it left.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TMP_PREFIX = ".site-tmp-"  # .gitignore has .site-tmp*/
LANGUAGES = ("ja", "en")   # the Japanese process's folder becomes the site; English joins it


class Interrupted(Exception):
    pass


def _on_signal(signum, frame) -> None:
    raise Interrupted(signal.Signals(signum).name)


def _die_with_parent() -> None:
    """In a child, before exec: the kernel stops it if this script dies (Linux)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _remove_stale(parent: Path) -> None:
    """Folders left by a run that was killed outright (its pid, in the folder's name, is gone)."""
    for path in parent.glob(TMP_PREFIX + "*"):
        pid = path.name[len(TMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(path, ignore_errors=True)


def _mkdocs(config_file: Path, out: Path, args: list[str], env: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file),
               "--site-dir", str(out), *args]
    return subprocess.Popen(command, env=env, preexec_fn=_die_with_parent)


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_all(processes: list[subprocess.Popen]) -> int:
    """0 when every process succeeded; the first failure's code as soon as one fails (others stopped)."""
    while True:
        codes = [process.poll() for process in processes]
        failed = [code for code in codes if code not in (None, 0)]
        if failed:
            _stop(processes)
            return failed[0]
        if all(code == 0 for code in codes):
            return 0
        time.sleep(0.05)


def parallel_wanted() -> bool:
    return (os.cpu_count() or 1) > 1 and os.environ.get("DXPLANS_PARALLEL", "1") != "0"


def _build(config_file: Path, work: Path, args: list[str], env: dict[str, str],
           processes: list[subprocess.Popen]) -> int:
    """Build the whole site into work/site; returns an exit code."""
    if not parallel_wanted():
        processes.append(_mkdocs(config_file, work / "site", args, env))
        return _wait_all(processes)
    from macros.mkdocs.context import NUMBERS_FILE_ENV, ONLY_LANGUAGE_ENV
    from macros.mkdocs.split import join_language_builds
    from macros.mkdocs.steps import language_error

    outs = {lang: work / ("site" if lang == LANGUAGES[0] else f"site-{lang}") for lang in LANGUAGES}
    records = {lang: work / f"numbers-{lang}.json" for lang in LANGUAGES}
    for lang in LANGUAGES:
        processes.append(_mkdocs(config_file, outs[lang], args,
                                 {**env, ONLY_LANGUAGE_ENV: lang, NUMBERS_FILE_ENV: str(records[lang])}))
    code = _wait_all(processes)
    if code != 0:
        return code
    ja, en = LANGUAGES
    findings = join_language_builds(outs[ja], outs[en], records[ja], records[en], other=en)
    if findings:
        print(f"ERROR   -  {language_error(findings)}", file=sys.stderr)
        return 1
    return 0


def build_atomic(config_file: Path, site_dir: Path, mkdocs_args: list[str] | None = None) -> int:
    """Build into a temporary folder beside site_dir, then swap it in. Returns the build's exit code."""
    config_file, site_dir = config_file.resolve(), site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(site_dir.parent)
    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    work = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=site_dir.parent))
    processes: list[subprocess.Popen] = []
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        code = _build(config_file, work, mkdocs_args or [], env, processes)
        if code != 0 or not (work / "site" / "index.html").is_file():
            print(f"\nThe build failed: {_shown(site_dir)} was left as it was.", file=sys.stderr)
            return code or 1
        _swap(work / "site", site_dir)
    except Interrupted as signal_name:
        _stop(processes)
        print(f"\nThe build was interrupted ({signal_name}): {_shown(site_dir)} was left as it was.",
              file=sys.stderr)
        return 130
    finally:
        _stop(processes)
        shutil.rmtree(work, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print(f"Built into {_shown(site_dir)} (swapped in whole).")
    return 0


def _swap(new: Path, site_dir: Path) -> None:
    """Put new in place of site_dir; the old site is removed only once the new one is in place."""
    umask = os.umask(0)
    os.umask(umask)
    new.chmod(0o777 & ~umask)  # a web server must be able to read the site
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-old-", dir=site_dir.parent))
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
