"""Build-time benchmark: our site against plain MkDocs on the same macro-expanded pages.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python tools/bench.py            # N = 5, 100, 1741
    .venv/bin/python tools/bench.py --ns 5,100 --runs 3 --workdir /tmp/dx-bench

Not a test: it takes a long time (the 1,741-municipality site is ~10,500 Markdown pages) and
measures the machine as much as the code. For each N it

1. snapshots this project once (edits made while it runs do not mix into the numbers) and
   generates a scratch project with tools/gen_corpus.py;
2. builds it once, untimed, with a capture hook that writes every page's Markdown as the macros
   left it (blocks kept out of Markdown are written back in: the baseline must convert them) and
   counts data loads, and an event hook that records the CPU time of every plugin and hook event;
3. makes the baseline: the captured Markdown as the pages, the same theme, overrides and config,
   without macros/, data/, the macros plugin and our hooks: plain MkDocs + Material + static-i18n.
   One small hook gives it our navigation tree (plans grouped by prefecture, municipality names
   as section titles), so both sites write the same navigation into every page;
4. builds ours and the baseline alternately, --runs times each (GNU time -v: wall clock, CPU time,
   peak RSS; the site folder is removed before each run, outside the timing);
5. measures the output of the first run: HTML pages, bytes, the heaviest page of a plan (its HTML
   plus every stylesheet and script it links, each gzip -6), the navigation in a plan page, and
   the search data a reader downloads per query: our search page in headless chromium
   (Debian's, through Playwright), the bytes of every /dx-search/ response for each query.

Results go to <workdir>/results.json and into BENCHMARKS.md between the bench markers
(text outside the markers is kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.metadata as md
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import gen_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GNU_TIME = "/usr/bin/time"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "mkdocs-static-i18n", "Markdown", "Jinja2",
            "PyYAML", "pydantic", "pydantic_core")
QUERIES = ["マイナンバーカード", "書かない窓口", "情報システム", "テレワーク", "オープンデータ", "生成AI",
           "デジタルデバイド対策", "digital divide", "telework", "open data", "My Number Card"]
TARGET_RATIO, TARGET_GROWTH, TARGET_SECONDS, TARGET_RSS_MIB = 1.25, 1.3, 360, 4096
TARGET_PAGE_KB, TARGET_QUERY_KB = 150, 500

# -------------------------------------------------------------------------------------------- hooks

CAPTURE_HOOK = r'''
"""Bench capture hook: each page's Markdown after mkdocs-macros (blocks written back in), data loads."""
import atexit, json, os, time
from pathlib import Path

from mkdocs.plugins import event_priority

import macros
import macros.mkdocs.glue as glue
from macros.render import blocks

OUT = Path(os.environ["DX_BENCH_CAPTURE"])
STATS = {"macros_package": macros.__file__, "load_site_calls": 0, "load_site_seconds": [], "pages": 0}
_load = glue.load_site


def _timed_load(root):
    t = time.perf_counter()
    try:
        return _load(root)
    finally:
        STATS["load_site_calls"] += 1
        STATS["load_site_seconds"].append(round(time.perf_counter() - t, 3))


glue.load_site = _timed_load


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    target = OUT / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(blocks.inline(markdown, page.file.src_uri), encoding="utf-8")
    STATS["pages"] += 1
    return markdown


@atexit.register
def _write():
    (OUT / "stats.json").write_text(json.dumps(STATS, indent=1))
'''

EVENT_TIMING_HOOK = r'''
"""Bench: exclusive CPU time of every plugin and hook event, written to $DX_BENCH_EVENTS at exit."""
import atexit, collections, json, os, time

from mkdocs import plugins as P

TOTAL, CALLS, STACK = collections.Counter(), collections.Counter(), []
START = time.process_time()


def run_event(self, name, item=None, **kwargs):
    pass_item = item is not None
    for method in self.events[name]:
        key = f"{name}:{self._event_origins.get(method, '<unknown>')}"
        STACK.append(0.0)
        t = time.process_time()
        result = method(item, **kwargs) if pass_item else method(**kwargs)
        spent = time.process_time() - t
        child = STACK.pop()
        TOTAL[key] += spent - child
        CALLS[key] += 1
        if STACK:
            STACK[-1] += spent
        if result is not None:
            item = result
    return item


P.PluginCollection.run_event = run_event


@atexit.register
def _write():
    total = time.process_time() - START
    rows = [[k, round(v, 2), CALLS[k]] for k, v in TOTAL.most_common()]
    with open(os.environ["DX_BENCH_EVENTS"], "w") as out:
        json.dump({"cpu_total": round(total, 2), "events": rows}, out, indent=1)
'''

BASELINE_NAV_HOOK = r'''
"""Bench baseline: our navigation tree without our data layer (plans → prefecture → municipality).

Reads plan id → municipality and prefecture names and prefecture code from _bench_nav.json.
"""
import json
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Section

_MAP = None


def _plan_id(section):
    stack = list(section.children)
    while stack:
        item = stack.pop(0)
        if isinstance(item, Section):
            stack.extend(item.children)
            continue
        parts = item.file.src_uri.split("/")
        if "plans" in parts and len(parts) > parts.index("plans") + 2:
            return parts[parts.index("plans") + 1], parts[0] if parts[0] in ("ja", "en") else "ja"
    return None, "ja"


def _group(items):
    for item in items:
        if not isinstance(item, Section):
            continue
        found = [(child, *_plan_id(child)) for child in item.children if isinstance(child, Section)]
        if found and all(pid in _MAP for _, pid, _ in found):
            groups = {}
            for child, pid, lang in found:
                info = _MAP[pid]
                child.title = info["municipality"][lang]
                key = (info["code"], info["prefecture"][lang])
                if key not in groups:
                    groups[key] = Section(key[1], [])
                    groups[key].parent = item
                groups[key].children.append(child)
                child.parent = groups[key]
            item.children = [groups[k] for k in sorted(groups)]
        else:
            _group(item.children)


@event_priority(-150)
def on_nav(nav, config, files):
    global _MAP
    if _MAP is None:
        _MAP = json.loads((Path(config["config_file_path"]).parent / "_bench_nav.json").read_text(encoding="utf-8"))
    _group(nav.items)
    return nav
'''

# -------------------------------------------------------------------------------------------- helpers


def sh(cmd: list[str], **kw) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kw).stdout.strip()


def machine() -> dict:
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    cpu = next((line.split(":", 1)[1].strip() for line in sh(["lscpu"]).splitlines()
                if line.startswith("Model name")), platform.processor())
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = md.version(name)
        except md.PackageNotFoundError:
            versions[name] = "—"
    import yaml
    return {
        "nproc": os.cpu_count(), "memory_gib": round(mem_kb / 1024 ** 2, 1), "cpu": cpu,
        "os": sh(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]) or platform.platform(),
        "kernel": platform.release(), "python": platform.python_version(), "packages": versions,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "git_head": sh(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        "git_dirty_files": len(sh(["git", "-C", str(ROOT), "status", "--porcelain"]).splitlines()),
        "date": dt.datetime.now().isoformat(timespec="minutes"),
    }


def loadavg() -> float:
    """1-minute load average: other work on the machine skews wall-clock times (the build uses one core)."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def _tree_memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants (the forked English build included).

    RSS counts the pages the forked processes still share once per process; PSS shares them out,
    so its sum is the memory the build really holds."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            rss += int(re.search(r"^Rss:\s+(\d+)", rollup, re.M).group(1))
            pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(x) for x in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return rss, pss


class TreeMemory(threading.Thread):
    """Samples the build's process tree twice a second: GNU time reports the largest process only."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_rss_kib, self.peak_pss_kib, self.done = pid, 0, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            rss, pss = _tree_memory_kib(self.pid)
            self.peak_rss_kib, self.peak_pss_kib = max(self.peak_rss_kib, rss), max(self.peak_pss_kib, pss)


def run_build(project: Path, site: Path, timeout: float, config: str = "mkdocs.yml",
              extra_env: dict | None = None, atomic: bool = False) -> dict:
    """One `mkdocs build --strict` (or, atomic, `make build`'s tools/build_atomic.py: one process per
    language, then the join) under GNU time: wall seconds, CPU seconds, peak RSS; stopped after timeout."""
    if site.exists():
        shutil.rmtree(site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    load_before = loadavg()
    # python -m: the project folder comes first on sys.path, so its own macros/ is imported
    cmd = [GNU_TIME, "-v", PY, "-m", "mkdocs", "build", "--strict", "-q", "-f", config, "-d", str(site)]
    if atomic:
        cmd = [GNU_TIME, "-v", PY, str(ROOT / "tools" / "build_atomic.py"), "--config-file", config,
               "--site-dir", str(site), "-q"]
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    memory = TreeMemory(proc.pid)
    memory.start()
    try:
        _, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        # stop the build itself (GNU time's child) so that GNU time still reports wall, CPU and RSS
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        for pid in (int(x) for x in children.read_text().split()) if children.exists() else ():
            os.kill(pid, signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate()
        timed_out = True
    memory.done.set()
    memory.join()
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", err))
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", err)
    wall = sum(float(v) * 60 ** i for i, v in enumerate(reversed(elapsed.group(1).split(":")))) if elapsed else 0
    log_tail = "\n".join(line for line in err.splitlines() if not line.startswith("\t"))[-1500:]
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "peak_rss_mib": round(int(rss.group(1)) / 1024, 1) if rss else None,
            "peak_tree_rss_mib": round(memory.peak_rss_kib / 1024, 1),
            "peak_tree_pss_mib": round(memory.peak_pss_kib / 1024, 1),
            "loadavg_before": load_before, "loadavg_after": loadavg(), "rc": proc.returncode,
            "timed_out": timed_out, "log_tail": log_tail}


def strip_macros_config(text: str) -> str:
    """mkdocs.yml without the macros plugin and without hooks (text edit: the file has !ENV tags)."""
    out, skip_indent = [], None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None:
            if line.strip() == "" or indent > skip_indent or (line.lstrip().startswith("- ") and skip_indent == -1):
                continue
            skip_indent = None
        if re.match(r"^\s*-\s*macros\s*:?\s*$", line):
            skip_indent = indent
            continue
        if re.match(r"^hooks\s*:", line):
            skip_indent = -1
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def add_hooks(text: str, hooks: list[str], first: bool = False) -> str:
    """Add hook files to mkdocs.yml's hooks list (first or last), creating the list if needed."""
    if not re.search(r"^hooks\s*:", text, re.M):
        return text.rstrip("\n") + "\nhooks:\n" + "".join(f"  - {h}\n" for h in hooks)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^hooks\s*:", line))
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    items = [f"  - {h}" for h in hooks]
    if first:
        lines[start + 1:start + 1] = items
    else:
        lines[end:end] = items
    return "\n".join(lines) + "\n"

# -------------------------------------------------------------------------------------------- output metrics


ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def page_weight(site: Path, page: Path) -> dict:
    """A page's HTML + the stylesheets and scripts it links, each gzip -6 (search data and images apart)."""
    html = page.read_bytes()
    parts = {"html": gz(html)}
    for ref in ASSET.findall(html.decode("utf-8")):
        if ref.startswith(("http:", "https:", "//")):
            continue
        target = (page.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file():
            parts[target.relative_to(site.resolve()).as_posix()] = gz(target.read_bytes())
    return {"page": page.relative_to(site).as_posix(), "html_raw": len(html), "html_gz": parts["html"],
            "total_gz": sum(parts.values())}


def nav_metrics(page: Path) -> dict:
    """The primary navigation written into one page: bytes and links."""
    html = page.read_text(encoding="utf-8")
    start = html.find("md-sidebar--primary")
    end = html.find("md-sidebar--secondary", start)
    nav = html[start:end] if start >= 0 and end > start else ""
    return {"nav_bytes": len(nav.encode()), "nav_links": nav.count('class="md-nav__link'),
            "page_bytes": len(html.encode())}


def site_metrics(site: Path, plan_id: str) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    html_pages = [p for p in files if p.suffix == ".html"]
    weights = [page_weight(site, p) for p in sorted((site / "plans" / plan_id).rglob("index.html"))]
    weights += [page_weight(site, p) for p in sorted((site / "en" / "plans" / plan_id).rglob("index.html"))]
    largest = max(html_pages, key=lambda p: p.stat().st_size)
    overview = site / "plans" / plan_id / "index.html"
    return {"html_pages": len(html_pages), "bytes": sum(p.stat().st_size for p in files), "files": len(files),
            "heaviest_plan_page": max(weights, key=lambda w: w["total_gz"]) if weights else None,
            "largest_page": {"page": largest.relative_to(site).as_posix(), "raw": largest.stat().st_size,
                             "gz": gz(largest.read_bytes())},
            "nav": nav_metrics(overview) if overview.is_file() else None}


def search_downloads(site: Path, plan_name: dict) -> list[dict]:
    """Each query typed into our search page in chromium: bytes of /dx-search/ data it downloaded."""
    from playwright.sync_api import sync_playwright
    from search_compare import ARGS, CHROMIUM, dx_results, serve

    queries = [(lang, q) for q in QUERIES for lang in ("ja", "en")]
    queries += [("ja", f"{plan_name['ja']} テレワーク"), ("en", f"{plan_name['en']} telework")]
    server, base = serve(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for lang, query in queries:
                context = browser.new_context()
                page = context.new_page()
                groups, size = dx_results(page, base, lang, query)
                files = page.evaluate("performance.getEntriesByType('resource')"
                                      ".filter(e => e.name.includes('/dx-search/')).length")
                rows.append({"lang": lang, "q": query, "bytes": size, "files": files, "results": len(groups)})
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows

# -------------------------------------------------------------------------------------------- main flow


def snapshot(workdir: Path) -> Path:
    """A frozen copy of the project without its plans: every N is generated from the same code."""
    src = workdir / "source"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    gen_corpus.copy_project(ROOT, src)
    (src / "data" / "plans").mkdir(exist_ok=True)
    return src


def capture(n: int, ours: Path, entry: dict, args) -> Path | None:
    """One untimed build of ours with the capture and event-timing hooks."""
    work = args.workdir
    captured = work / f"capture-{n}"
    shutil.rmtree(captured, ignore_errors=True)
    captured.mkdir()
    (ours / "_bench_capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    (ours / "_bench_events.py").write_text(EVENT_TIMING_HOOK, encoding="utf-8")
    config = add_hooks((ours / "mkdocs.yml").read_text(encoding="utf-8"), ["_bench_events.py", "_bench_capture.py"],
                       first=True)
    (ours / "mkdocs.capture.yml").write_text(config, encoding="utf-8")
    events = work / f"events-{n}.json"
    run = run_build(ours, work / f"site-capture-{n}", args.timeout, "mkdocs.capture.yml",
                    {"DX_BENCH_CAPTURE": str(captured), "DX_BENCH_EVENTS": str(events)})   # one process
    stats = json.loads((captured / "stats.json").read_text()) if (captured / "stats.json").is_file() else {}
    entry["capture"] = {**run, "stats": stats,
                        "events": json.loads(events.read_text()) if events.is_file() else None}
    log(f"N={n}: capture build {run['wall_s']} s (CPU {run['cpu_s']} s) rc={run['rc']}; "
        f"data loads {stats.get('load_site_calls')} ({stats.get('load_site_seconds')} s)")
    for name in ("_bench_capture.py", "_bench_events.py", "mkdocs.capture.yml"):
        (ours / name).unlink()
    shutil.rmtree(work / f"site-capture-{n}", ignore_errors=True)
    if run["rc"] != 0 or run["timed_out"]:
        entry["error"] = f"capture build failed or timed out:\n{run['log_tail']}"
        return None
    return captured


def make_baseline(ours: Path, captured: Path, base: Path, chosen: list) -> int:
    """Same pages (captured after macros), theme, overrides and config; no macros plugin, hooks, data or macros/."""
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    config = strip_macros_config((ours / "mkdocs.yml").read_text(encoding="utf-8"))
    (base / "mkdocs.yml").write_text(add_hooks(config, ["_bench_nav.py"]), encoding="utf-8")
    (base / "_bench_nav.py").write_text(BASELINE_NAV_HOOK, encoding="utf-8")
    nav = {m.slug: {"municipality": {"ja": m.name_ja, "en": m.name_en}, "code": int(m.code[:2]),
                    "prefecture": {"ja": m.pref_ja, "en": m.pref_en}} for m in chosen}
    (base / "_bench_nav.json").write_text(json.dumps(nav, ensure_ascii=False), encoding="utf-8")
    shutil.copytree(ours / "overrides", base / "overrides")
    shutil.copytree(ours / "docs", base / "docs", ignore=shutil.ignore_patterns("*.md"))
    count = 0
    for md_file in (captured / "docs").rglob("*.md"):
        target = base / "docs" / md_file.relative_to(captured / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(md_file, target)
        count += 1
    return count


# name: (project, environment). `ours` is the site as `make build` builds it: English in a second
# process on a machine with two cores (tools/build_atomic.py, macros/mkdocs/split.py); `ours-1p` a plain
# `mkdocs build`, every language in one process.
VARIANTS = {"ours": ("ours", {}, True), "ours-1p": ("ours", {}, False), "base": ("base", {}, False)}
LABELS = {"ours": "ours", "ours-1p": "ours, one process", "base": "baseline"}


def bench_n(n: int, args, source: Path, results: dict) -> dict:
    work = args.workdir
    ours, base = work / f"ours-{n}", work / f"base-{n}"
    entry: dict = {"n": n}
    results["entries"].append(entry)
    t = time.perf_counter()
    chosen = gen_corpus.generate(n, ours, args.seed, source)
    entry.update(generate_s=round(time.perf_counter() - t, 1), municipalities=len(chosen),
                 prefectures=len({m.pref_ja for m in chosen}),
                 md_pages=sum(1 for _ in (ours / "docs").rglob("*.md")), plan_id=chosen[0].slug)
    log(f"N={n}: generated {len(chosen)} municipalities, {entry['md_pages']} Markdown pages in {entry['generate_s']} s")
    variants = {name: VARIANTS[name] for name in args.variants.split(",")}
    if "base" in variants:   # the baseline's pages are captured from an untimed build of ours
        captured = capture(n, ours, entry, args)
        if captured is None:
            return entry
        entry["baseline_md_pages"] = make_baseline(ours, captured, base, chosen)
        shutil.rmtree(captured, ignore_errors=True)
    runs = args.big_runs if n > 200 else args.runs
    for index in range(runs):
        for name, (project, extra_env, atomic) in variants.items():
            project = ours if project == "ours" else base
            site = work / f"site-{name}-{n}"
            res = run_build(project, site, args.timeout, extra_env=extra_env, atomic=atomic)
            entry.setdefault(name, []).append(res)
            log(f"N={n}: {name} run {index + 1}/{runs}: {res['wall_s']} s (CPU {res['cpu_s']} s, load "
                f"{res['loadavg_before']}→{res['loadavg_after']}), peak {res['peak_rss_mib']} MiB, rc={res['rc']}")
            if res["rc"] == 0 and index == 0:
                entry[f"{name}_output"] = site_metrics(site, entry["plan_id"])
                if name == "ours" and not args.no_search:
                    entry["search"] = search_downloads(site, {"ja": chosen[0].name_ja, "en": chosen[0].name_en})
                    log(f"N={n}: search, largest download {max(r['bytes'] for r in entry['search']):,} bytes")
            save(results, args)
            if not args.keep_sites:
                shutil.rmtree(site, ignore_errors=True)
    return entry


def save(results: dict, args) -> None:
    (args.workdir / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))

# -------------------------------------------------------------------------------------------- report


def kib(value: float) -> str:
    return f"{value / 1024:,.1f} KiB"


def size(value: float) -> str:
    return f"{value / 1024 ** 2:,.1f} MiB" if value >= 1024 ** 2 else kib(value)


def summary(entry: dict | None, name: str) -> dict | None:
    ok = [r for r in (entry or {}).get(name, []) if r["rc"] == 0 and not r["timed_out"]]
    out = (entry or {}).get(f"{name}_output")
    if not ok or not out:
        return None
    wall, cpu, pages = statistics.median(r["wall_s"] for r in ok), statistics.median(r["cpu_s"] for r in ok), \
        out["html_pages"]
    return {"runs": len(ok), "wall": wall, "cpu": cpu, "min": min(r["wall_s"] for r in ok),
            "max": max(r["wall_s"] for r in ok), "rss": max(max(r["peak_rss_mib"] or 0, r.get("peak_tree_rss_mib") or 0) for r in ok),
            "pss": max(r.get("peak_tree_pss_mib") or 0 for r in ok),
            "load": statistics.mean((r["loadavg_before"] + r["loadavg_after"]) / 2 for r in ok),
            "pages": pages, "ms_per_page": 1000 * wall / pages, "cpu_ms_per_page": 1000 * cpu / pages, "out": out}


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def header(results: dict) -> list[str]:
    m = results["machine"]
    return [START, "", f"Measured {m['date']} on {m['nproc']} CPU cores ({m['cpu']}), {m['memory_gib']} GiB RAM, "
            f"{m['os']}, Linux {m['kernel']}, Python {m['python']} (libyaml: {m['libyaml']}); project at "
            f"{m['git_head']} with {m['git_dirty_files']} uncommitted paths, snapshotted at the start of the run.", "",
            "Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + ".", "",
            "Command:", "", "```sh", results["command"], "```", ""]


def build_table(results: dict) -> list[str]:
    lines = ["| N | site | runs | wall, median (min–max) | CPU, median | load | HTML pages | ms/page: wall (CPU) | "
             "peak RSS | output | heaviest plan page, gz (HTML) | nav in a plan page |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for entry in results["entries"]:
        for name, label in LABELS.items():
            s = summary(entry, name)
            if s is None and name not in entry:
                continue   # not among --variants for this N: nothing to say
            if s is None:
                runs = entry.get(name) or [{}]
                lines.append(f"| {entry['n']:,} | {label} | — | failed or stopped: rc {runs[-1].get('rc')}, "
                             f"{runs[-1].get('wall_s')} s |" + " |" * 8)
                continue
            o = s["out"]
            heavy, nav = o["heaviest_plan_page"] or {}, o["nav"] or {}
            lines.append(
                f"| {entry['n']:,} | {label} | {s['runs']} | {s['wall']:.1f} s ({s['min']:.1f}–{s['max']:.1f}) | "
                f"{s['cpu']:.1f} s | {s['load']:.1f} | {s['pages']:,} | {s['ms_per_page']:.1f} ({s['cpu_ms_per_page']:.1f}) | "
                f"{s['rss']:,.0f} MiB | {size(o['bytes'])} in {o['files']:,} files | "
                f"{kib(heavy.get('total_gz', 0))} ({kib(heavy.get('html_gz', 0))}; {heavy.get('page')}) | "
                f"{nav.get('nav_links', 0)} links, {kib(nav.get('nav_bytes', 0))} of {kib(nav.get('page_bytes', 0))} |")
    return lines


def detail_lines(results: dict) -> list[str]:
    lines = ["| N | municipalities (prefectures) | Markdown pages | generate | capture build wall (CPU) | "
             "data loads: s | largest HTML page (raw → gz) |", "|---|---|---|---|---|---|---|"]
    for entry in results["entries"]:
        cap = entry.get("capture", {})
        st = cap.get("stats", {})
        big = (entry.get("ours_output") or {}).get("largest_page") or {}
        lines.append(f"| {entry['n']:,} | {entry['municipalities']:,} ({entry['prefectures']}) | {entry['md_pages']:,} | "
                     f"{entry['generate_s']} s | {cap.get('wall_s')} s ({cap.get('cpu_s')} s) | "
                     f"{st.get('load_site_calls')}: {', '.join(map(str, st.get('load_site_seconds', [])))} | "
                     f"{big.get('page')} {size(big.get('raw', 0))} → {size(big.get('gz', 0))} |")
    lines += ["", "Where the CPU time of the capture build goes (exclusive time per plugin or hook event; static-i18n "
              "builds the English site inside `post_build:i18n`, so that line holds MkDocs' own work for English):", ""]
    for entry in results["entries"]:
        ev = (entry.get("capture") or {}).get("events")
        if ev:
            inside = sum(r[1] for r in ev["events"])
            top = ", ".join(f"{k} {v:.1f} s" for k, v, _ in ev["events"][:10])
            lines.append(f"- N = {entry['n']:,}: {ev['cpu_total']:.1f} s in all, {ev['cpu_total'] - inside:.1f} s "
                         f"outside events (MkDocs for Japanese, start-up). Largest: {top}.")
    return lines


def search_lines(results: dict) -> list[str]:
    lines = []
    for entry in results["entries"]:
        rows = entry.get("search")
        if rows:
            shown = ", ".join(f"{r['q']} ({r['lang']}) {r['bytes'] / 1000:,.1f} KB/{r['files']} files" for r in rows)
            lines.append(f"- N = {entry['n']:,}: {shown}.")
    return lines


def _ratio_row(target: str, label: str, wall: tuple[float, float], cpu: tuple[float, float], unit: str,
               limit: float) -> str:
    """A target that is a ratio, judged on the wall clock and on CPU time."""
    wall_ratio, cpu_ratio = wall[0] / wall[1], cpu[0] / cpu[1]
    return (f"| {target} | {label} | {wall[0]:.1f} / {wall[1]:.1f} {unit} = {wall_ratio:.2f}× ({cpu[0]:.1f} / "
            f"{cpu[1]:.1f} {unit} = {cpu_ratio:.2f}×) | wall: {verdict(wall_ratio <= limit)}; "
            f"CPU: {verdict(cpu_ratio <= limit)} |")


def target_lines(results: dict) -> list[str]:
    by_n = {e["n"]: e for e in results["entries"]}
    lines = ["| target | site | measured (wall; CPU in brackets) | met? |", "|---|---|---|---|"]
    for name in ("ours", "ours-1p"):
        for entry in results["entries"]:
            so, sb = summary(entry, name), summary(entry, "base")
            if so and sb:
                lines.append(_ratio_row(f"our layer ≤ {TARGET_RATIO}× baseline, N = {entry['n']:,}", LABELS[name],
                                        (so["wall"], sb["wall"]), (so["cpu"], sb["cpu"]), "s", TARGET_RATIO))
    for name in ("ours", "ours-1p"):
        big, mid = summary(by_n.get(1741), name), summary(by_n.get(100), name)
        if big and mid:
            lines.append(_ratio_row(f"time per page at 1,741 ≤ {TARGET_GROWTH}× that at 100", LABELS[name],
                                    (big["ms_per_page"], mid["ms_per_page"]),
                                    (big["cpu_ms_per_page"], mid["cpu_ms_per_page"]), "ms", TARGET_GROWTH))
        if big:
            lines.append(f"| full bilingual 1,741 site < 6 min | {LABELS[name]} | {big['wall']:.0f} s = "
                         f"{big['wall'] / 60:.1f} min ({big['cpu']:.0f} s CPU) | {verdict(big['wall'] < TARGET_SECONDS)} |")
            pss = f"; PSS {big['pss']:,.0f} MiB" if big.get("pss") else ""
            lines.append(f"| peak RSS < 4 GiB at 1,741 (all processes of the build) | {LABELS[name]} | "
                         f"RSS {big['rss']:,.0f} MiB{pss} | {verdict(big['rss'] < TARGET_RSS_MIB)} |")
        elif by_n.get(1741) and name in by_n[1741]:   # run, but it did not finish
            runs = by_n[1741].get(name) or [{}]
            lines.append(f"| full bilingual 1,741 site < 6 min | {LABELS[name]} | did not finish: rc "
                         f"{runs[-1].get('rc')} after {runs[-1].get('wall_s')} s | **not met** |")
    for entry in results["entries"]:
        heavy = (entry.get("ours_output") or {}).get("heaviest_plan_page")
        if heavy:
            lines.append(f"| a plan page ≤ {TARGET_PAGE_KB} KB compressed, N = {entry['n']:,} | ours | "
                         f"{heavy['total_gz'] / 1000:,.0f} KB ({heavy['page']}) | "
                         f"{verdict(heavy['total_gz'] <= TARGET_PAGE_KB * 1000)} |")
    for entry in results["entries"]:
        rows = entry.get("search")
        if rows and entry["n"] == 1741:
            worst = max(rows, key=lambda r: r["bytes"])
            lines.append(f"| one query downloads ≤ {TARGET_QUERY_KB} KB of search data at 1,741 | ours | largest of "
                         f"{len(rows)} queries: {worst['bytes'] / 1000:,.1f} KB ({worst['q']}, {worst['lang']}) | "
                         f"{verdict(worst['bytes'] <= TARGET_QUERY_KB * 1000)} |")
    return lines


def render(results: dict) -> str:
    lines = header(results)
    lines += ["Wall clock is what the targets name. A build uses one core; other work on the machine stretches the "
              "wall clock (load = the 1-minute load average around the runs, on 2 cores), so the CPU time (user + sys, "
              "from GNU time) is given too. Sizes in KiB/MiB; page weights gzip -6. N > 200 runs "
              f"{results['big_runs']} time(s), smaller N {results['runs']} times.", "", *build_table(results), "",
              "Targets:", "", *target_lines(results), "", "Per N:", "", *detail_lines(results), "",
              "Search data downloaded per query (our search page in chromium; bytes as served, uncompressed):", "",
              *search_lines(results), "", END]
    return "\n".join(lines)


def write_report(results: dict, path: Path) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n" + START + "\n" + END + "\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
    else:
        before, after = text.rstrip("\n") + "\n\n", "\n"
    path.write_text(before + render(results) + after, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ns", default="5,100,1741", help="municipality counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each site for N <= 200")
    parser.add_argument("--big-runs", type=int, default=1, help="timed runs of each site for N > 200")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dx-bench"))
    parser.add_argument("--timeout", type=float, default=3600, help="stop a build after this many seconds")
    parser.add_argument("--no-search", action="store_true", help="skip the search measurement in chromium")
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"sites to build, of {', '.join(VARIANTS)}")
    parser.add_argument("--keep-sites", action="store_true")
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--from-json", type=Path, help="only rewrite the report from a results.json")
    args = parser.parse_args(argv)
    if args.from_json:
        write_report(json.loads(args.from_json.read_text()), args.report)
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    command = "NO_MKDOCS_2_WARNING=1 .venv/bin/python tools/bench.py " + " ".join(
        a for a in (argv if argv is not None else sys.argv[1:]))
    results = {"command": command.strip(), "machine": machine(), "runs": args.runs, "big_runs": args.big_runs,
               "entries": []}
    source = snapshot(args.workdir)
    for n in (int(x) for x in args.ns.split(",") if x):
        entry = bench_n(n, args, source, results)
        save(results, args)
        if entry.get("error"):
            log(entry["error"])
        write_report(results, args.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
