"""Build-time benchmark: our site against plain MkDocs on the same macro-expanded pages.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python tools/bench.py            # N = 5, 100, 1741; 3 runs each
    .venv/bin/python tools/bench.py --ns 5,100 --runs 3 --workdir /tmp/dx-bench

Not a test: it takes a long time (the 1,741-municipality site is ~10,500 pages per language pair)
and measures the machine as much as the code. For each N it

1. snapshots this project once (so edits made while it runs do not mix into the numbers) and
   generates a scratch project with tools/gen_corpus.py;
2. builds it once with a capture hook that writes every page's Markdown as the macros left it
   (an on_page_markdown hook at priority -100, after mkdocs-macros) and counts how often the
   data is loaded (macros.glue.load_site / cached_site);
3. makes the baseline: the same project with the captured Markdown as its pages and without
   macros/, data/, the macros plugin and the hooks: plain MkDocs + Material + static-i18n;
4. builds ours and the baseline alternately, --runs times each (GNU time -v: wall clock and
   peak RSS; the site folder is removed before each run, outside the timing);
5. measures the output: HTML pages, bytes, a plan page's HTML+CSS+JS gzip-compressed, the search
   index (Material downloads search/search_index.json whole, on every first page load),
   and the navigation written into a plan page;
6. with --experiments: the effect of recommended changes measured on copies (navigation grouped
   by prefecture; loading data without line tracking; a token-sharded search index).

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
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GNU_TIME = "/usr/bin/time"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "mkdocs-static-i18n", "pymdown-extensions",
            "Markdown", "Jinja2", "PyYAML", "pydantic", "pydantic_core")

# -------------------------------------------------------------------------------------------- hooks

CAPTURE_HOOK = r'''
"""Bench capture hook: dump each page's Markdown after mkdocs-macros, count data loads."""
import atexit, json, os, time
from pathlib import Path

from mkdocs.plugins import event_priority

import macros
import macros.glue as glue

OUT = Path(os.environ["DX_BENCH_CAPTURE"])
STATS = {"macros_package": macros.__file__, "load_site_calls": 0, "load_site_seconds": [],
         "cached_site_calls": 0, "cached_site_seconds": [], "pages": 0}
_load, _cached = glue.load_site, glue.cached_site


def _timed_load(root):
    t = time.perf_counter()
    try:
        return _load(root)
    finally:
        STATS["load_site_calls"] += 1
        STATS["load_site_seconds"].append(round(time.perf_counter() - t, 3))


def _timed_cached(root):
    t = time.perf_counter()
    try:
        return _cached(root)
    finally:
        STATS["cached_site_calls"] += 1
        STATS["cached_site_seconds"].append(round(time.perf_counter() - t, 3))


glue.load_site = _timed_load
glue.cached_site = _timed_cached
for _name, _mod in list(__import__("sys").modules.items()):  # hooks that imported cached_site already
    if _name.startswith("macros") and getattr(_mod, "cached_site", None) is _cached:
        _mod.cached_site = _timed_cached


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    target = OUT / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
    STATS["pages"] += 1
    return markdown


@atexit.register
def _write():
    (OUT / "stats.json").write_text(json.dumps(STATS, indent=1))
'''

NAV_BY_PREFECTURE_HOOK = r'''
"""Bench experiment: group the municipality sections of the navigation into prefecture sections.

Runs after the project's own nav hook. Reads plan id -> prefecture (ja, en) from
_bench_prefectures.json, so the same hook serves our site and the baseline.
"""
import json
from pathlib import Path

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
            return parts[parts.index("plans") + 1], parts[0]
    return None, None


def _group(items, prefectures):
    for item in items:
        if not isinstance(item, Section):
            continue
        children = [c for c in item.children if isinstance(c, Section)]
        ids = [_plan_id(c) for c in children]
        if children and len(children) == len(item.children) and all(i in prefectures for i, _ in ids):
            lang = ids[0][1] if ids[0][1] in ("ja", "en") else "ja"
            groups = {}
            for child, (pid, _) in zip(children, ids):
                name = prefectures[pid][lang]
                if name not in groups:
                    groups[name] = Section(name, [])
                    groups[name].parent = item
                groups[name].children.append(child)
                child.parent = groups[name]
            item.children = list(groups.values())
        else:
            _group(item.children, prefectures)


def on_nav(nav, config, files):
    global _MAP
    if _MAP is None:
        path = Path(config["config_file_path"]).resolve().parent / "_bench_prefectures.json"
        _MAP = json.loads(path.read_text(encoding="utf-8"))
    _group(nav.items, _MAP)
    return nav
'''

STASH_HOOK = r'''
"""Bench experiment: HTML blocks from the macros skip Markdown and are put back into the page's HTML.

Goes with the patched macros/render/html.py block() of the ours-fast copy, which stores each block
and returns an HTML comment placeholder.
"""
import re

from mkdocs.plugins import event_priority

from macros.render import html as H

PLACE = re.compile(r"<!--dx-block:(\d+)-->")


@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    H.STASH.clear()
    return markdown


@event_priority(100)
def on_page_content(html, page, config, files):
    return PLACE.sub(lambda m: H.STASH[int(m.group(1))], html)
'''

BLOCK_OLD = '''    return f"\\n\\n<div class=\\"dx-block\\" markdown=\\"0\\">{one_line}</div>\\n\\n"'''
BLOCK_NEW = '''    STASH.append(f"<div class=\\"dx-block\\" markdown=\\"0\\">{one_line}</div>")
    return f"\\n\\n<!--dx-block:{len(STASH) - 1}-->\\n\\n"


STASH: list[str] = []  # bench experiment: HTML blocks kept out of Markdown, put back by _bench_stash.py'''

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


def dir_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def run_build(project: Path, site: Path, timeout: float, config: str = "mkdocs.yml",
              extra_env: dict | None = None) -> dict:
    """One `mkdocs build --strict` under GNU time: wall seconds, peak RSS, pages; killed after timeout."""
    if site.exists():
        shutil.rmtree(site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    load_before = loadavg()
    cmd = [GNU_TIME, "-v", PY, "-m", "mkdocs", "build", "--strict", "-q", "-f", config, "-d", str(site)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        # stop the build itself (GNU time's child) so that GNU time still reports wall, CPU and RSS
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        pids = [int(x) for x in children.read_text().split()] if children.exists() else []
        for pid in pids:
            os.kill(pid, signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        timed_out = True
    wall = time.perf_counter() - start
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", err))
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", err)
    if elapsed:
        parts = [float(x) for x in elapsed.group(1).split(":")]
        wall = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
    log = "\n".join(line for line in err.splitlines() if not line.startswith("\t"))
    written = [p for p in site.rglob("*.html")] if site.is_dir() else []
    partial = {"html_written": len(written), "bytes_written": sum(p.stat().st_size for p in written)} \
        if timed_out else {}
    return {**partial,"wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "peak_rss_mib": round(int(rss.group(1)) / 1024, 1) if rss else None,
            "loadavg_before": load_before, "loadavg_after": loadavg(), "rc": proc.returncode, "timed_out": timed_out, "log_tail": log[-1500:]}


def strip_macros_config(text: str) -> str:
    """mkdocs.yml without the macros plugin and without hooks (text edit: the file has !ENV tags)."""
    lines, out, skip_indent = text.splitlines(), [], None
    for line in lines:
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
    lines[start + 1:start + 1] = items if first else []
    if not first:
        lines[end:end] = items
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------------------- output metrics

ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def page_weight(site: Path, page: Path) -> dict:
    """A page's HTML + stylesheets + scripts (gzip -6 each), and what the first visit also fetches for search."""
    html = page.read_bytes()
    parts = {"html": gz(html)}
    for ref in ASSET.findall(html.decode("utf-8")):
        if ref.startswith(("http:", "https:", "//")):
            continue
        target = (page.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file():
            parts[target.relative_to(site.resolve()).as_posix()] = gz(target.read_bytes())
    total = sum(parts.values())
    search = {}
    index = site / "search" / "search_index.json"
    if index.is_file() and b'name="search"' in html:
        # Material fetches these on page load when the search form exists (checked in Chromium)
        for pattern in ("search/search_index.json", "assets/javascripts/workers/search.*.min.js",
                        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
                        "assets/javascripts/lunr/tinyseg.js", "assets/javascripts/lunr/min/lunr.ja.min.js"):
            for f in site.glob(pattern):
                search[f.relative_to(site).as_posix()] = gz(f.read_bytes())
    return {"page": page.relative_to(site).as_posix(), "html_raw": len(html), "html_gz": parts["html"],
            "css_js_gz": total - parts["html"], "total_gz": total, "parts": parts,
            "first_visit_search_gz": sum(search.values()), "first_visit_total_gz": total + sum(search.values())}


def nav_metrics(page: Path) -> dict:
    """The primary navigation written into one page: bytes and links."""
    html = page.read_text(encoding="utf-8")
    start = html.find('md-sidebar--primary')
    end = html.find('md-sidebar--secondary', start)
    nav = html[start:end] if start >= 0 and end > start else ""
    return {"page": page.name, "nav_bytes": len(nav.encode()), "nav_links": nav.count('class="md-nav__link'),
            "page_bytes": len(html.encode()), "nav_share": round(len(nav) / max(1, len(html)), 3)}


def site_metrics(site: Path, plan_id: str) -> dict:
    size, files = dir_size(site)
    html_pages = [p for p in site.rglob("*.html")]
    plan_dir = site / "plans" / plan_id
    weights = [page_weight(site, p) for p in sorted(plan_dir.rglob("index.html"))]
    heaviest = max(weights, key=lambda w: w["total_gz"]) if weights else None
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.is_file() else b""
    search = {"raw": len(raw), "gz": gz(raw) if raw else 0}
    if raw:
        docs = json.loads(raw).get("docs", [])
        search["docs"] = len(docs)
        search["pages"] = len({d["location"].split("#")[0] for d in docs})
    largest = sorted(html_pages, key=lambda p: p.stat().st_size, reverse=True)[:6]
    biggest = [{"page": p.relative_to(site).as_posix(), "raw": p.stat().st_size, "gz": gz(p.read_bytes())}
               for p in largest]
    return {"html_pages": len(html_pages), "bytes": size, "files": files, "plan_pages": weights,
            "largest_pages": biggest,
            "heaviest_plan_page": heaviest, "search_index": search,
            "nav": nav_metrics(plan_dir / "index.html") if (plan_dir / "index.html").is_file() else None}


# -------------------------------------------------------------------------------------------- experiments

def data_loading_experiment(project: Path) -> dict:
    """Time load_site as it is, and the same files read by PyYAML's C loader + pydantic (no line tracking)."""
    code = r'''
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, ".")
import yaml
mode = sys.argv[1]
t, c = time.perf_counter(), time.process_time()
if mode == "load_site":
    from macros.load import load_site
    site = load_site(Path("."))
    n = len(site.plans)
else:
    from macros import models as m
    n = 0
    for plan_dir in sorted(Path("data/plans").iterdir()):
        for name, model in m.PLAN_FILES.items():
            path = plan_dir / name
            if path.exists():
                model.model_validate(yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader))
        n += 1
print(json.dumps({"mode": mode, "plans": n, "seconds": round(time.perf_counter() - t, 2),
                  "cpu_seconds": round(time.process_time() - c, 2),
                  "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
'''
    out = {}
    for mode in ("load_site", "csafe_validate"):
        res = subprocess.run([PY, "-c", code, mode], cwd=project, capture_output=True, text=True)
        out[mode] = json.loads(res.stdout) if res.returncode == 0 else {"error": res.stderr[-800:]}
    return out


def sharded_search_estimate(index_path: Path, queries: list[str]) -> dict:
    """Estimate a token-sharded static index built from Material's search_index.json.

    Tokens: character bigrams of Japanese runs (and the single character of a one-character run),
    lower-case words of Latin runs. One index per language (the page URL says which). A document is a
    page. Postings are sorted page numbers, delta + varint encoded, gzip'd; tokens are hashed into
    `shards` files. A query downloads the shards of its tokens plus the title chunks (256 pages each)
    of its first 10 results.
    """
    import unicodedata
    from array import array
    from zlib import crc32

    data = json.loads(index_path.read_bytes())
    jp = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u30fc]+")
    latin = re.compile(r"[a-z0-9]+")

    def tokens(text: str) -> set[str]:
        text = unicodedata.normalize("NFKC", re.sub(r"<[^>]+>", " ", text)).lower()
        out = set(latin.findall(text))
        for run in jp.findall(text):
            out.update(run[i:i + 2] for i in range(len(run) - 1)) if len(run) > 1 else out.add(run)
        return out

    pages: dict[str, dict] = {}
    for doc in data["docs"]:
        loc = doc["location"].split("#")[0]
        entry = pages.setdefault(loc, {"title": "", "text": []})
        if "#" not in doc["location"]:
            entry["title"] = doc.get("title", "")
        entry["text"].append(doc.get("title", "") + " " + doc.get("text", ""))
    result = {}
    for lang in ("ja", "en"):
        urls = sorted(u for u in pages if (u.startswith("en/") == (lang == "en")))
        postings: dict[str, array] = {}
        for number, url in enumerate(urls):
            for tok in tokens(" ".join(pages[url]["text"])):
                postings.setdefault(tok, array("I")).append(number)

        def encode(ids: array) -> bytes:
            out, last = bytearray(), -1
            for i in ids:
                delta = i - last
                last = i
                while delta >= 0x80:
                    out.append((delta & 0x7F) | 0x80)
                    delta >>= 7
                out.append(delta)
            return bytes(out)

        shards_n = 1024 if len(urls) > 2000 else 256
        shards: dict[int, list[bytes]] = {}
        for tok, ids in postings.items():
            shards.setdefault(crc32(tok.encode()) % shards_n, []).append(tok.encode() + b"\0" + encode(ids))
        shard_gz = {k: gz(b"\n".join(v)) for k, v in shards.items()}
        titles = [json.dumps([u, pages[u]["title"]], ensure_ascii=False).encode() for u in urls]
        chunk_gz = [gz(b"\n".join(titles[i:i + 256])) for i in range(0, len(titles), 256)]
        per_query = {}
        for q in queries:
            toks = tokens(q)
            keys = {crc32(t.encode()) % shards_n for t in toks}
            hits = None
            for t in toks:
                ids = set(postings.get(t, ()))
                hits = ids if hits is None else hits & ids
            first = sorted(hits or ())[:10]
            chunks = {i // 256 for i in first}
            per_query[q] = {"tokens": len(toks), "shards": len(keys), "hits_pages": len(hits or ()),
                            "bytes_gz": sum(shard_gz.get(k, 0) for k in keys) + sum(chunk_gz[c] for c in chunks)}
        result[lang] = {"pages": len(urls), "tokens": len(postings), "shards": shards_n,
                        "total_gz": sum(shard_gz.values()) + sum(chunk_gz),
                        "max_shard_gz": max(shard_gz.values()), "median_shard_gz": int(statistics.median(shard_gz.values())),
                        "title_chunk_gz_max": max(chunk_gz), "queries": per_query}
    return result


QUERIES = ["マイナンバーカード", "書かない窓口", "情報システム", "テレワーク", "オープンデータ", "生成AI",
           "digital divide", "telework", "open data", "My Number Card"]

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


def make_baseline(ours: Path, captured: Path, base: Path) -> int:
    """Same pages (captured after macros), same theme and config, no macros plugin, hooks, data or macros/."""
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    (base / "mkdocs.yml").write_text(strip_macros_config((ours / "mkdocs.yml").read_text(encoding="utf-8")),
                                     encoding="utf-8")
    shutil.copytree(ours / "overrides", base / "overrides")
    shutil.copytree(ours / "docs", base / "docs", ignore=shutil.ignore_patterns("*.md"))
    count = 0
    for md_file in (captured / "docs").rglob("*.md"):
        target = base / "docs" / md_file.relative_to(captured / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(md_file, target)
        count += 1
    return count


VARIANTS = {  # name: (project, config file, label)
    "ours": ("ours", "mkdocs.yml", "ours"),
    "base": ("base", "mkdocs.yml", "baseline"),
    "ours-pref": ("ours", "mkdocs.pref.yml", "ours, nav by prefecture"),
    "base-pref": ("base", "mkdocs.pref.yml", "baseline, nav by prefecture"),
    "ours-fast": ("fast", "mkdocs.fast.yml", "ours, nav by prefecture + HTML blocks kept out of Markdown"),
}


def make_fast(ours: Path, fast: Path) -> bool:
    """ours + nav by prefecture + macro HTML blocks kept out of Markdown (+ event timing)."""
    if fast.exists():
        shutil.rmtree(fast)
    shutil.copytree(ours, fast, ignore=shutil.ignore_patterns("__pycache__"))
    html_py = fast / "macros" / "render" / "html.py"
    text = html_py.read_text(encoding="utf-8")
    if BLOCK_OLD not in text:
        log("ours-fast: macros/render/html.py block() has changed; the experiment cannot be applied")
        return False
    html_py.write_text(text.replace(BLOCK_OLD, BLOCK_NEW), encoding="utf-8")
    (fast / "_bench_stash.py").write_text(STASH_HOOK, encoding="utf-8")
    (fast / "_bench_events.py").write_text(EVENT_TIMING_HOOK, encoding="utf-8")
    config = add_hooks((fast / "mkdocs.yml").read_text(encoding="utf-8"), ["_bench_events.py"], first=True)
    (fast / "mkdocs.fast.yml").write_text(add_hooks(config, ["_bench_nav_by_prefecture.py", "_bench_stash.py"]),
                                          encoding="utf-8")
    return True


def bench_n(n: int, args, source: Path, results: dict, entry: dict | None = None) -> dict:
    work = args.workdir
    projects = {"ours": work / f"ours-{n}", "base": work / f"base-{n}", "fast": work / f"fast-{n}"}
    ours = projects["ours"]
    entry = entry if entry is not None else {"n": n}
    variants = [v for v in args.variants.split(",") if v]
    needs_base = any(VARIANTS[v][0] == "base" for v in variants)
    t = time.perf_counter()
    chosen = gen_corpus.generate(n, ours, args.seed, source)
    entry["generate_s"] = round(time.perf_counter() - t, 1)
    entry["municipalities"] = len(chosen)
    entry["prefectures"] = len({m.pref_ja for m in chosen})
    entry["md_pages"] = sum(1 for _ in (ours / "docs").rglob("*.md"))
    entry["plan_id"] = plan_id = chosen[0].slug
    log(f"N={n}: generated {len(chosen)} municipalities, {entry['md_pages']} Markdown pages "
        f"in {entry['generate_s']} s")
    prefectures = {m.slug: {"ja": m.pref_ja, "en": m.pref_en} for m in chosen}
    (ours / "_bench_prefectures.json").write_text(json.dumps(prefectures, ensure_ascii=False))
    (ours / "_bench_nav_by_prefecture.py").write_text(NAV_BY_PREFECTURE_HOOK, encoding="utf-8")
    (ours / "mkdocs.pref.yml").write_text(
        add_hooks((ours / "mkdocs.yml").read_text(encoding="utf-8"), ["_bench_nav_by_prefecture.py"]),
        encoding="utf-8")
    if "ours-fast" in variants and not make_fast(ours, projects["fast"]):
        variants.remove("ours-fast")
    if needs_base:
        capture_and_baseline(n, ours, projects["base"], entry, args)
        if entry.get("error"):
            return entry
    run_variants(n, variants, projects, entry, args, results)
    if args.experiments and n >= 100:
        entry["experiments"] = experiments(n, ours, args)
    return entry


def capture_and_baseline(n: int, ours: Path, base: Path, entry: dict, args) -> None:
    work = args.workdir

    # capture build: the Markdown after macros, and how often data/ is loaded
    capture = work / f"capture-{n}"
    if capture.exists():
        shutil.rmtree(capture)
    capture.mkdir()
    # (with the navigation grouped by prefecture: the Markdown does not depend on it, and the current
    # navigation makes a 1,741-municipality build take hours)
    (ours / "_bench_capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    capture_config = add_hooks((ours / "mkdocs.yml").read_text(encoding="utf-8"), ["_bench_capture.py"], first=True)
    (ours / "mkdocs.capture.yml").write_text(add_hooks(capture_config, ["_bench_nav_by_prefecture.py"]),
                                             encoding="utf-8")
    capture_site = work / f"site-capture-{n}"
    run = run_build(ours, capture_site, args.capture_timeout, "mkdocs.capture.yml",
                    {"DX_BENCH_CAPTURE": str(capture)})
    stats = json.loads((capture / "stats.json").read_text()) if (capture / "stats.json").is_file() else {}
    entry["capture"] = {**run, "stats": stats}
    log(f"N={n}: capture build {run['wall_s']} s (CPU {run['cpu_s']} s) rc={run['rc']}; data loads "
        f"{stats.get('load_site_calls')} ({stats.get('load_site_seconds')} s), cached_site calls "
        f"{stats.get('cached_site_calls')}")
    (ours / "_bench_capture.py").unlink()
    (ours / "mkdocs.capture.yml").unlink()
    shutil.rmtree(capture_site, ignore_errors=True)
    if run["rc"] != 0 or run["timed_out"]:
        entry["error"] = f"capture build failed or timed out:\n{run['log_tail']}"
        return
    entry["baseline_md_pages"] = make_baseline(ours, capture, base)
    shutil.rmtree(capture / "docs", ignore_errors=True)
    for name in ("_bench_prefectures.json", "_bench_nav_by_prefecture.py"):
        shutil.copy2(ours / name, base / name)
    (base / "mkdocs.pref.yml").write_text(
        add_hooks((base / "mkdocs.yml").read_text(encoding="utf-8"), ["_bench_nav_by_prefecture.py"]),
        encoding="utf-8")


def run_variants(n: int, variants: list[str], projects: dict, entry: dict, args, results: dict) -> None:
    work = args.workdir
    plan_id = entry["plan_id"]
    big = n > 200
    runs = args.big_runs if big else args.runs
    stopped: set[str] = set()
    for name in variants:
        entry[name] = []
    for index in range(runs):
        for name in variants:
            if name in stopped or (big and name in args.big_skip.split(",")):
                continue
            project_key, config, _ = VARIANTS[name]
            timeout = args.timeout if (name in ("ours-pref", "base-pref", "ours-fast") or not big) \
                else args.current_timeout
            events = work / f"events-{name}-{n}-{index + 1}.json"
            res = run_build(projects[project_key], work / f"site-{name}-{n}", timeout, config,
                            {"DX_BENCH_EVENTS": str(events)})
            if events.is_file():
                res["events"] = json.loads(events.read_text())
            entry[name].append(res)
            log(f"N={n}: {name} run {index + 1}/{runs}: {res['wall_s']} s (CPU {res['cpu_s']} s, load "
                f"{res['loadavg_before']}→{res['loadavg_after']}), peak {res['peak_rss_mib']} MiB, rc={res['rc']}"
                + (f" STOPPED after {res['html_written']} HTML pages" if res["timed_out"] else ""))
            if res["rc"] != 0 or res["timed_out"]:
                stopped.add(name)
                if not res["timed_out"]:
                    entry.setdefault("errors", []).append(f"{name} run {index + 1}: rc={res['rc']}\n{res['log_tail']}")
            if index == 0 or index == runs - 1:
                site = work / f"site-{name}-{n}"
                if site.is_dir():
                    entry[f"{name}_output"] = site_metrics(site, plan_id)
                keep = work / f"search-index-{n}.json"
                if name in ("ours", "ours-pref", "ours-fast") and (site / "search" / "search_index.json").is_file() \
                        and not keep.exists():
                    shutil.copy2(site / "search" / "search_index.json", keep)
            save(results, args)
            if not args.keep_sites:
                shutil.rmtree(work / f"site-{name}-{n}", ignore_errors=True)


def experiments(n: int, ours: Path, args) -> dict:
    out: dict = {}
    index = args.workdir / f"search-index-{n}.json"
    if index.is_file():
        t = time.perf_counter()
        out["sharded_search"] = sharded_search_estimate(index, QUERIES)
        log(f"N={n}: sharded search estimate in {time.perf_counter() - t:.0f} s")
    out["data_loading"] = data_loading_experiment(ours)
    log(f"N={n}: data loading {out['data_loading']}")
    return out


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def save(results: dict, args) -> None:
    (args.workdir / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))


# -------------------------------------------------------------------------------------------- report

def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def kib(value: float) -> str:
    return f"{value / 1024:,.1f} KiB"


def size(value: float) -> str:
    return f"{value / 1024 ** 2:,.1f} MiB" if value >= 1024 ** 2 else kib(value)


def summary(entry: dict, name: str) -> dict | None:
    ok = [r for r in entry.get(name, []) if r["rc"] == 0 and not r["timed_out"]]
    if not ok:
        return None
    out = entry.get(f"{name}_output") or {}
    wall, cpu = med([r["wall_s"] for r in ok]), med([r.get("cpu_s", 0) for r in ok])
    pages = out.get("html_pages") or 0
    return {"runs": len(ok), "wall": wall, "cpu": cpu, "min": min(r["wall_s"] for r in ok),
            "max": max(r["wall_s"] for r in ok), "rss": max(r["peak_rss_mib"] or 0 for r in ok),
            "load": statistics.mean([(r.get("loadavg_before", 0) + r.get("loadavg_after", 0)) / 2 for r in ok]),
            "pages": pages, "pps": pages / wall if wall else 0, "ms_per_page": 1000 * wall / pages if pages else 0,
            "cpu_ms_per_page": 1000 * cpu / pages if pages else 0, "out": out}


def stopped(entry: dict, name: str) -> dict | None:
    runs = [r for r in entry.get(name, []) if r["timed_out"]]
    return runs[-1] if runs else None


FAST = "nav by prefecture + blocks out of Markdown"


def events_lines(results: dict) -> list[str]:
    """Exclusive CPU time per plugin/hook event of the ours-fast runs (first run of each N)."""
    out = []
    for entry in results["entries"]:
        runs = [r for r in entry.get("ours-fast", []) if r.get("events")]
        if not runs:
            continue
        ev = runs[0]["events"]
        rows = ev["events"]
        inside = sum(r[1] for r in rows)
        top = ", ".join(f"{k} {v:.1f} s" for k, v, _ in rows[:12])
        out.append(f"- N = {entry['n']:,}: CPU {ev['cpu_total']:.1f} s in all; inside plugin/hook events "
                   f"{inside:.1f} s (exclusive; `post_build:i18n` holds the English build's MkDocs core work); "
                   f"MkDocs core for the Japanese build and start-up {ev['cpu_total'] - inside:.1f} s. Largest: {top}.")
    return out


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("**met**" if ok else "**not met**")


def render(results: dict) -> str:
    m = results["machine"]
    lines = [START, "",
             f"Measured {m['date']} on {m['nproc']} CPU cores ({m['cpu']}), {m['memory_gib']} GiB RAM, {m['os']}, "
             f"Linux {m['kernel']}, Python {m['python']} (libyaml: {m['libyaml']}); project at {m['git_head']} "
             f"with {m['git_dirty_files']} uncommitted paths, snapshotted at the start of the run.",
             "",
             "Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + ".",
             "",
             "Command:", "", "```sh", results["command"], "```", "",
             "Wall clock is what the targets name. A build uses one core; other work on the machine stretches the "
             "wall clock (load = the 1-minute load average around the runs, on 2 cores), so the build's CPU time "
             "(user + sys, from GNU time) is given too. Sizes: KiB/MiB; gzip level 6.", "",
             "| N | site | runs | wall, median (min–max) | CPU, median | load | HTML pages | pages/s | ms/page (CPU) | "
             "peak RSS | output | plan page gz: HTML + CSS/JS | search index raw → gz |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for entry in results["entries"]:
        for name, (_, _, label) in VARIANTS.items():
            if name not in entry:
                continue
            s = summary(entry, name)
            o = entry.get(f"{name}_output") or {}
            heavy = o.get("heaviest_plan_page") or {}
            weight = (f"{kib(heavy.get('total_gz', 0))}: {kib(heavy.get('html_gz', 0))} + "
                      f"{kib(heavy.get('css_js_gz', 0))}") if heavy else ""
            if s is None:
                st = stopped(entry, name)
                if st:
                    lines.append(
                        f"| {entry['n']:,} | {label} | 1 | **stopped** at {st['wall_s']:.0f} s | {st['cpu_s']:.0f} s | "
                        f"{(st['loadavg_before'] + st['loadavg_after']) / 2:.1f} | {st['html_written']:,} written of "
                        f"~{2 * entry['md_pages'] + 2:,} | {st['html_written'] / st['wall_s']:.1f} | "
                        f"{1000 * st['wall_s'] / max(1, st['html_written']):.0f} ({1000 * st['cpu_s'] / max(1, st['html_written']):.0f}) | "
                        f"{st['peak_rss_mib']:,.0f} MiB | {size(st['bytes_written'])} of HTML so far | {weight} | — |")
                elif entry.get(name):
                    lines.append(f"| {entry['n']:,} | {label} | {len(entry[name])} | failed (rc {entry[name][-1]['rc']}) |"
                                 + " |" * 9)
                continue
            si = o.get("search_index") or {}
            lines.append(
                f"| {entry['n']:,} | {label} | {s['runs']} | {s['wall']:.1f} s ({s['min']:.1f}–{s['max']:.1f}) | "
                f"{s['cpu']:.1f} s | {s['load']:.1f} | {s['pages']:,} | {s['pps']:.1f} | "
                f"{s['ms_per_page']:.1f} ({s['cpu_ms_per_page']:.1f}) | {s['rss']:,.0f} MiB | "
                f"{size(o.get('bytes', 0))} in {o.get('files', 0):,} files | {weight} | "
                f"{size(si.get('raw', 0))} → {size(si.get('gz', 0))} |")
    lines += ["", "Largest HTML pages of each site (raw → gz):", ""]
    for entry in results["entries"]:
        for name, (_, _, label) in VARIANTS.items():
            big_pages = (entry.get(f"{name}_output") or {}).get("largest_pages")
            if big_pages:
                lines.append(f"- N = {entry['n']:,}, {label}: " + ", ".join(
                    f"{p['page']} {size(p['raw'])} → {size(p['gz'])}" for p in big_pages))
    lines += ["", "Per N: generation, the capture build (ours plus the capture hook: one untimed build) with the "
              "number of times data/ was loaded in it, and the navigation written into the first plan's overview "
              "page (the first municipality in code order: in Hokkaido, the largest prefecture, when N = 1,741).", "",
              "| N | municipalities (prefectures) | Markdown pages | generate | capture build wall (CPU) | "
              "load_site calls: s | cached_site calls: s each | nav links, bytes (share of page): ours | "
              "nav by prefecture |",
              "|---|---|---|---|---|---|---|---|---|"]
    for entry in results["entries"]:
        cap = entry.get("capture", {})
        st = cap.get("stats", {})

        def nav_of(name: str) -> str:
            nav = (entry.get(f"{name}_output") or {}).get("nav") or {}
            return (f"{nav['nav_links']:,}, {kib(nav['nav_bytes'])} ({100 * nav['nav_share']:.0f} %)" if nav else "—")
        lines.append(f"| {entry['n']:,} | {entry.get('municipalities', 0):,} ({entry.get('prefectures', 0)}) | "
                     f"{entry.get('md_pages', 0):,} | {entry.get('generate_s')} s | {cap.get('wall_s')} s "
                     f"({cap.get('cpu_s')} s) | {st.get('load_site_calls')}: {', '.join(map(str, st.get('load_site_seconds', [])))} | "
                     f"{st.get('cached_site_calls')}: {', '.join(str(x) for x in st.get('cached_site_seconds', []))} | "
                     f"{nav_of('ours')} | {nav_of('ours-pref')} |")

    # ---------------------------------------------------------------- targets
    by_n = {e["n"]: e for e in results["entries"]}
    lines += ["", "Targets (figures: wall clock, CPU time in brackets; verdicts for both, the CPU one being the "
              "steadier on this shared machine):", "", "| target | site | measured | met? |",
              "|---|---|---|---|"]
    for ours_name, base_name, label in (("ours", "base", "current nav"), ("ours-pref", "base-pref", "nav by prefecture"),
                                        ("ours-fast", "base-pref", FAST)):
        for entry in results["entries"]:
            so, sb = summary(entry, ours_name), summary(entry, base_name)
            if so and sb:
                ratio = so["wall"] / sb["wall"]
                cpu_ratio = so["cpu"] / sb["cpu"] if sb["cpu"] else float("nan")
                lines.append(f"| our layer ≤ 1.25× baseline, N = {entry['n']:,} | {label} | {so['wall']:.1f} s / "
                             f"{sb['wall']:.1f} s = {ratio:.2f}× ({so['cpu']:.1f} s / {sb['cpu']:.1f} s = "
                             f"{cpu_ratio:.2f}×) | wall: {verdict(ratio <= 1.25)}; CPU: {verdict(cpu_ratio <= 1.25)} |")
    big, mid = by_n.get(1741), by_n.get(100)
    for name, label in (("ours", "current nav"), ("ours-pref", "nav by prefecture"), ("ours-fast", FAST)):
        sbig = summary(big, name) if big else None
        smid = summary(mid, name) if mid else None
        stop = stopped(big, name) if big else None
        if sbig and smid:
            r = sbig["ms_per_page"] / smid["ms_per_page"]
            rc = sbig["cpu_ms_per_page"] / smid["cpu_ms_per_page"]
            lines.append(f"| time per page at 1,741 ≤ 1.3× that at 100 | {label} | {sbig['ms_per_page']:.1f} / "
                         f"{smid['ms_per_page']:.1f} ms = {r:.2f}× ({sbig['cpu_ms_per_page']:.1f} / "
                         f"{smid['cpu_ms_per_page']:.1f} ms = {rc:.2f}×) | wall: {verdict(r <= 1.3)}; "
                         f"CPU: {verdict(rc <= 1.3)} |")
        elif stop and smid:
            per = 1000 * stop["wall_s"] / max(1, stop["html_written"])
            per_cpu = 1000 * stop["cpu_s"] / max(1, stop["html_written"])
            lines.append(f"| time per page at 1,741 ≤ 1.3× that at 100 | {label} | stopped: ≥ {per:.0f} / "
                         f"{smid['ms_per_page']:.1f} ms = {per / smid['ms_per_page']:.1f}× ({per_cpu:.0f} / "
                         f"{smid['cpu_ms_per_page']:.1f} ms = {per_cpu / smid['cpu_ms_per_page']:.1f}×; the pages "
                         f"written so far, data loading included) | **not met** |")
        if sbig:
            lines.append(f"| full bilingual 1,741 site < 6 min | {label} | {sbig['wall']:.0f} s = "
                         f"{sbig['wall'] / 60:.1f} min ({sbig['cpu']:.0f} s = {sbig['cpu'] / 60:.1f} min CPU) | "
                         f"wall: {verdict(sbig['wall'] < 360)}; CPU: {verdict(sbig['cpu'] < 360)} |")
            lines.append(f"| peak RSS < 4 GiB at 1,741 | {label} | {sbig['rss']:,.0f} MiB | {verdict(sbig['rss'] < 4096)} |")
        elif stop:
            total = 2 * big["md_pages"] + 2
            lines.append(f"| full bilingual 1,741 site < 6 min | {label} | stopped at {stop['wall_s'] / 60:.0f} min "
                         f"({stop['cpu_s']:.0f} s CPU) with {stop['html_written']:,} of ~{total:,} pages written | "
                         f"**not met** |")
            lines.append(f"| peak RSS < 4 GiB at 1,741 | {label} | {stop['peak_rss_mib']:,.0f} MiB when stopped | "
                         f"— (incomplete) |")
    for name, label in (("ours", "current nav"), ("ours-pref", "nav by prefecture"), ("ours-fast", FAST)):
        for entry in results["entries"]:
            heavy = ((entry.get(f"{name}_output") or {}).get("heaviest_plan_page")) or {}
            if heavy:
                first = (f"; first visit with the search files Material fetches on load: "
                         f"{heavy['first_visit_total_gz'] / 1000:,.0f} KB") if heavy.get("first_visit_search_gz") else ""
                lines.append(f"| a plan page ≤ 150 KB compressed, N = {entry['n']:,} | {label} | "
                             f"{heavy['total_gz'] / 1000:,.0f} KB ({heavy['page']}{first}) | "
                             f"{verdict(heavy['total_gz'] <= 150_000)} |")
    if big:
        for name, label in (("ours", "current nav"), ("ours-pref", "nav by prefecture"), ("ours-fast", FAST)):
            si = ((big.get(f"{name}_output") or {}).get("search_index")) or {}
            if si.get("gz"):
                lines.append(f"| one query downloads ≤ 500 KB of search data at 1,741 | {label} | "
                             f"{si['gz'] / 1000:,.0f} KB (search_index.json, {si['raw'] / 1e6:,.0f} MB raw, "
                             f"{si.get('docs', 0):,} entries) | {verdict(si['gz'] <= 500_000)} |")

    # ---------------------------------------------------------------- experiments
    for entry in results["entries"]:
        ex = entry.get("experiments")
        if not ex:
            continue
        lines += ["", f"Measurements for the recommendations at N = {entry['n']:,}:", ""]
        dl = ex.get("data_loading") or {}
        if dl:
            a, b = dl.get("load_site", {}), dl.get("csafe_validate", {})
            lines.append(f"- Loading data/ alone (separate process): `load_site` {a.get('seconds')} s wall"
                         f"{', ' + str(a['cpu_seconds']) + ' s CPU' if 'cpu_seconds' in a else ''}, peak "
                         f"{a.get('peak_rss_mib')} MiB; the same files through `yaml.CSafeLoader` + `model_validate` "
                         f"(no line tracking, no cross-checks) {b.get('seconds')} s wall"
                         f"{', ' + str(b['cpu_seconds']) + ' s CPU' if 'cpu_seconds' in b else ''}, peak "
                         f"{b.get('peak_rss_mib')} MiB.")
        ss = ex.get("sharded_search")
        if ss:
            for lang, est in ss.items():
                qs = est["queries"]
                worst = max(qs.values(), key=lambda q: q["bytes_gz"])
                shown = ", ".join(f"{q} {kib(v['bytes_gz'])} ({v['hits_pages']:,} pages)"
                                  for q, v in qs.items() if v["tokens"])
                lines.append(f"- Token-sharded search index ({lang}, estimate from our search_index.json): "
                             f"{est['pages']:,} pages, {est['tokens']:,} tokens in {est['shards']:,} shard files, "
                             f"{size(est['total_gz'])} in all (gz); largest shard {kib(est['max_shard_gz'])}, median "
                             f"{kib(est['median_shard_gz'])}; per query: {shown}; largest {kib(worst['bytes_gz'])}.")
    ev = events_lines(results)
    if ev:
        lines += ["", "Where the CPU time goes (ours-fast, event timing hook):", ""] + ev
    lines += ["", END]
    return "\n".join(lines)


def write_report(results: dict, path: Path) -> None:
    block = render(results)
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if START in text and END in text:
            text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    else:
        text = "# Benchmarks\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ns", default="5,100,1741", help="municipality counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each site for N <= 200")
    parser.add_argument("--big-runs", type=int, default=3, help="timed runs of each site for N > 200")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dx-bench"))
    parser.add_argument("--timeout", type=float, default=1200, help="stop a build after this many seconds")
    parser.add_argument("--current-timeout", type=float, default=1200,
                        help="for N > 200: stop a build with the current navigation after this many seconds")
    parser.add_argument("--capture-timeout", type=float, default=3600)
    parser.add_argument("--variants", default="ours,base,ours-pref,base-pref",
                        help="ours, base (plain MkDocs on the captured pages), ours-pref, base-pref (nav by prefecture)")
    parser.add_argument("--big-skip", default="", help="variants not run for N > 200, comma-separated")
    parser.add_argument("--experiments", action="store_true", help="also measure the recommended changes")
    parser.add_argument("--keep-sites", action="store_true")
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--from-json", type=Path, help="only rewrite the report from a results.json")
    parser.add_argument("--merge", action="store_true",
                        help="add the variants measured now to <workdir>/results.json instead of starting anew")
    args = parser.parse_args(argv)
    if args.from_json:
        write_report(json.loads(args.from_json.read_text()), args.report)
        return 0
    if not Path(GNU_TIME).exists():
        raise SystemExit("GNU time (/usr/bin/time) is needed: apt-get install time")
    args.workdir.mkdir(parents=True, exist_ok=True)
    command = " ".join(["NO_MKDOCS_2_WARNING=1", ".venv/bin/python", "tools/bench.py", *(argv or sys.argv[1:])])
    previous = args.workdir / "results.json"
    if args.merge and previous.is_file():
        results = json.loads(previous.read_text())
        results.setdefault("later_commands", []).append({"command": command, "machine": machine()})
        source = args.workdir / "source"  # the same snapshot as the first run
    else:
        results = {"command": command, "machine": machine(), "entries": []}
        source = snapshot(args.workdir)
    log(f"machine: {machine()}")
    for n in (int(x) for x in args.ns.split(",")):
        entry = next((e for e in results["entries"] if e["n"] == n), None)
        if entry is None:
            entry = {"n": n}
            results["entries"].append(entry)
        bench_n(n, args, source, results, entry)
        save(results, args)
        write_report(results, args.report)
    log(f"done: {args.workdir / 'results.json'}, {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
