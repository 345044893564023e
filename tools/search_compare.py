"""Measure site search in the browser: the dx-plans index against Material's built-in search.

    .venv/bin/python tools/search_compare.py [--out test-artifacts/search-compare.json]

Copies the project to a temporary directory, builds it twice with `mkdocs build --strict`, serves
each build on 127.0.0.1 and types every query of tests/search_queries.yml into the real search
UIs in Debian's chromium:

  dx        docs/*/search.md + docs/assets/search.js (macros/publish/search_index.py)
  material  Material's search plugin as research/ecosystem.md §2.3 left it: lang ja and
            static-i18n's reconfigure_search false (one index for both languages)
  material+ the same with §2.4's mitigation: NFKC on search_index.json (a hook at priority
            -200) and a keyup listener that NFKC-normalises the query and puts spaces between
            kanji, katakana and Latin runs

It prints a Markdown table (query, expected page, rank of the expected page with each engine,
bytes the dx client downloaded for the query) for tools/SEARCH.md.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

import yaml
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
IGNORE = shutil.ignore_patterns(".venv", "site", ".git", "test-artifacts", "__pycache__", ".pytest_cache")

NFKC_HOOK = '''"""Comparison only (tools/search_compare.py): NFKC-normalise Material's search index."""
import json, unicodedata
from pathlib import Path
from mkdocs.plugins import event_priority

@event_priority(-200)   # after static-i18n rewrote the merged index
def on_post_build(config):
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        for doc in data["docs"]:
            doc["title"] = unicodedata.normalize("NFKC", doc["title"])
            doc["text"] = unicodedata.normalize("NFKC", doc["text"])
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
'''

QUERY_JS = r'''/* Comparison only (tools/search_compare.py): ecosystem.md section 2.4's query normaliser. */
document.addEventListener("keyup", function (e) {
  var input = e.target;
  if (!input.classList || !input.classList.contains("md-search__input")) return;
  var v = input.value.normalize("NFKC")
    .replace(/([\u4e00-\u9fff\u3005])(?=[\u30a0-\u30ffa-zA-Z0-9])/g, "$1 ")
    .replace(/([\u30a0-\u30ff])(?=[\u4e00-\u9fff\u3005a-zA-Z0-9])/g, "$1 ")
    .replace(/([a-zA-Z0-9])(?=[\u4e00-\u9fff\u3005\u30a0-\u30ff])/g, "$1 ");
  if (v !== input.value) input.value = v;
}, true);
'''


def _yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    return y


def configure(project: Path, *, mitigation: bool) -> None:
    """Material search on (lang ja), the dx hook and assets on; optionally the §2.4 mitigation."""
    path = project / "mkdocs.yml"
    y = _yaml()
    config = y.load(path.read_text(encoding="utf-8"))
    plugins = config.setdefault("plugins", [])
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    if "search" not in names:
        at = names.index("i18n") + 1 if "i18n" in names else 0
        plugins.insert(at, {"search": {"lang": "ja"}})
    for p in plugins:
        if isinstance(p, dict) and "i18n" in p:
            p["i18n"]["reconfigure_search"] = False
    hooks = config.setdefault("hooks", [])
    if "macros/mkdocs/hooks.py" not in hooks:
        hooks.append("macros/mkdocs/hooks.py")
    css = config.setdefault("extra_css", [])
    if "assets/search.css" not in css:
        css.append("assets/search.css")
    js = config.setdefault("extra_javascript", [])
    if not any((j if isinstance(j, str) else j.get("path")) == "assets/search.js" for j in js):
        js.append({"path": "assets/search.js", "defer": True})
    if mitigation:
        (project / "tools").mkdir(exist_ok=True)
        (project / "tools" / "cmp_search_nfkc.py").write_text(NFKC_HOOK, encoding="utf-8")
        (project / "docs" / "assets" / "cmp-search-ja.js").write_text(QUERY_JS, encoding="utf-8")
        hooks.append("tools/cmp_search_nfkc.py")
        js.append("assets/cmp-search-ja.js")
    buffer = io.StringIO()
    y.dump(config, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def build(project: Path) -> Path:
    out = project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=project, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-4000:]}")
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def page_of(href: str, base: str) -> str:
    """'http://127.0.0.1:1/en/plans/x/#a' → ('plans/x/' under its language root)"""
    path = urlparse(href).path.lstrip("/")
    return path[3:] if path.startswith("en/") else path


def dx_results(page, base: str, lang: str, query: str) -> tuple[list[list[str]], int]:
    """The search page, as a reader uses it: type, press Enter. → links of the top groups, bytes."""
    root = base + ("en/" if lang == "en" else "")
    page.goto(root + "search/")
    page.fill("#dx-search-q", query)
    page.press("#dx-search-q", "Enter")
    page.wait_for_function("q => document.querySelector('form[data-dx-search]').getAttribute('data-searched') === q",
                           arg=query.strip(), timeout=15000)
    groups = page.evaluate("""() => Array.from(document.querySelectorAll('#dx-search-results > li')).map(
        li => Array.from(li.querySelectorAll('a')).map(a => a.href))""")
    size = page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(e => e.name.includes('/dx-search/')).reduce((s, e) => s + e.encodedBodySize, 0)""")
    return groups, size


MATERIAL_DATA = ("search/search_index.json", "/javascripts/lunr/", "/javascripts/workers/search")


def material_results(page, base: str, lang: str, query: str) -> tuple[list[list[str]], int]:
    """Material's search dialog: fill the box, release a key (Material searches on keyup).
    → links of the top groups, bytes of index, lunr and worker scripts downloaded."""
    sizes: dict[str, int] = {}

    def count(response) -> None:
        if any(part in response.url for part in MATERIAL_DATA):
            sizes[response.url] = int(response.headers.get("content-length", 0))

    page.on("response", count)
    page.goto(base + ("en/" if lang == "en" else ""))
    box = page.locator("input.md-search__input")
    box.click()   # the box is in the header at desktop width
    box.fill(query)
    box.press("Shift")
    page.wait_for_function("""() => { const m = document.querySelector('.md-search-result__meta');
        return m && /\\d|何も|No matching/.test(m.textContent); }""", timeout=15000)
    page.wait_for_timeout(300)
    groups = page.evaluate("""() => Array.from(document.querySelectorAll('.md-search-result__list > li')).map(
        li => Array.from(li.querySelectorAll('a.md-search-result__link')).map(a => a.href))""")
    return groups, sum(sizes.values())


def rank(groups: list[list[str]], expect: str, base: str) -> tuple[int | None, int | None]:
    """(rank of the expected page, rank of the expected section when expect has an #anchor)"""
    want_page, _, anchor = expect.partition("#")
    page_rank = section_rank = None
    for i, links in enumerate(groups, start=1):
        pages = [page_of(h, base) for h in links]
        if page_rank is None and want_page in pages:
            page_rank = i
        if anchor and section_rank is None and any(
                page_of(h, base) == want_page and urlparse(h).fragment == anchor for h in links):
            section_rank = i
    return page_rank, section_rank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "test-artifacts" / "search-compare.json"))
    parser.add_argument("--queries", default=str(ROOT / "tests" / "search_queries.yml"))
    args = parser.parse_args()
    queries = yaml.safe_load(Path(args.queries).read_text(encoding="utf-8"))

    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="dx-search-compare-") as tmp:
        sites = {}
        for name, mitigation in (("base", False), ("mitigated", True)):
            project = Path(tmp) / name
            shutil.copytree(ROOT, project, ignore=IGNORE)
            configure(project, mitigation=mitigation)
            sites[name] = build(project)
        servers = {name: serve(site) for name, site in sites.items()}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for lang in ("ja", "en"):
                for item in queries[lang]:
                    q, expect = item["q"], item["expect"]
                    row = {"lang": lang, "q": q, "expect": expect, "note": item.get("note", "")}
                    context = browser.new_context()   # a cold cache: bytes of this query alone
                    page = context.new_page()
                    base = servers["base"][1]
                    groups, size = dx_results(page, base, lang, q)
                    row["dx"], row["dx_section"] = rank(groups[:10], expect, base)
                    row["dx_bytes"] = size
                    context.close()
                    for engine, site in (("material", "base"), ("material+", "mitigated")):
                        context = browser.new_context()
                        page = context.new_page()
                        base = servers[site][1]
                        groups, size = material_results(page, base, lang, q)
                        row[engine], _ = rank(groups[:10], expect, base)
                        row[engine + "_bytes"] = size
                        context.close()
                    rows.append(row)
                    print(json.dumps(row, ensure_ascii=False), flush=True)
            browser.close()
        for server, _ in servers.values():
            server.shutdown()

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(rows))


def cell(r: int | None) -> str:
    return "–" if r is None else (f"**{r}**" if r > 5 else str(r))


def table(rows: list[dict]) -> str:
    lines = ["| lang | query | expected page | dx | Material | Material + §2.4 | dx bytes | Material bytes |",
             "| --- | --- | --- | --- | --- | --- | ---: | ---: |"]
    for r in rows:
        dx = cell(r["dx"])
        if "#" in r["expect"]:
            dx += " (entry " + cell(r["dx_section"]) + ")"
        q = r["q"].replace("|", "\\|")
        lines.append(f"| {r['lang']} | {q} | {r['expect']} | {dx} | {cell(r['material'])} | "
                     f"{cell(r['material+'])} | {r['dx_bytes']:,} | {r['material_bytes']:,} |")
    top5 = {e: sum(1 for r in rows if r[e] is not None and r[e] <= 5) for e in ("dx", "material", "material+")}
    lines.append("")
    n = len(rows)
    lines.append(f"Expected page in the top five: dx {top5['dx']}/{n}, Material {top5['material']}/{n}, "
                 f"Material + §2.4 {top5['material+']}/{n}.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
