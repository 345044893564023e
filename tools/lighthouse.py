"""Lighthouse on six pages, the way a phone on a slow network meets them (a measurement, not a test).

    .venv/bin/python tools/lighthouse.py            # build the site, measure, print a Markdown table
    .venv/bin/python tools/lighthouse.py --site site --runs 3 --out LIGHTHOUSE-results.json --keep reports/

What it does:
- installs Lighthouse (the version pinned in tools/lighthouse/package-lock.json) with `npm ci` into
  tools/lighthouse/node_modules when it is not there yet (npm registry only; never a global install);
- builds the site into a temporary folder (or takes --site), serves it on 127.0.0.1 (a free port)
  with gzip for text and keep-alive connections, as a web host serves it;
- runs Lighthouse's command line with its defaults, which are a mobile phone (Moto G Power size,
  simulated slow 4G and a 4x slower CPU), on Debian's chromium through CHROME_PATH, headless;
- for the home page, a plan's KPI page and a plan's glossary, in Japanese and English, prints the four
  category scores and the largest contentful paint; with --runs N the median of N runs; and the
  machine's load average before and after (Lighthouse simulates the network and the phone's CPU
  from a real page load, so a busy machine changes the figures).

The results and this command are written down in LIGHTHOUSE.md.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tools" / "lighthouse"
BINARY = PACKAGE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = {"home (ja)": "", "KPIs (ja)": "plans/ishinomaki/kpis/", "glossary (ja)": "plans/ishinomaki/glossary/",
         "home (en)": "en/", "KPIs (en)": "en/plans/ishinomaki/kpis/",
         "glossary (en)": "en/plans/ishinomaki/glossary/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """A static server that compresses text with gzip, as a web host does (GitHub Pages, any CDN):
    Python's http.server sends it uncompressed, which no reader of the published site meets."""

    # keep-alive, as every web host serves (GitHub Pages: HTTP/2 over one connection): with
    # http.server's default HTTP/1.0 every file opens a new connection, and Lighthouse's simulation
    # charges each one a TCP handshake on slow 4G
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSED
                or not path.is_file() or not self.path.split("?")[0].endswith(("/", path.name))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def install() -> None:
    if BINARY.exists():
        return
    if not shutil.which("npm"):
        sys.exit("npm is needed: apt-get install nodejs npm")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(PACKAGE)], check=True)


def build(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, env=env,
                   check=True)


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run with its default (mobile) settings; the scores and LCP of that run."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run([str(BINARY), url, "--quiet", "--output=json", f"--output-path={report}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"],
                   env=env, check=True, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["lcp_s"] = round(data["audits"]["largest-contentful-paint"]["numericValue"] / 1000, 2)
    scores["failed"] = sorted(a for c in CATEGORIES[1:] for a in (r["id"] for r in data["categories"][c]["auditRefs"])
                              if (data["audits"][a].get("score") is not None and data["audits"][a]["score"] < 1
                                  and data["audits"][a].get("scoreDisplayMode") == "binary"))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    parser.add_argument("--out", type=Path, help="also write every run's figures as JSON here")
    parser.add_argument("--keep", type=Path, help="keep Lighthouse's full JSON report of every run in this folder")
    args = parser.parse_args(argv)
    install()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="dx-lighthouse-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        results: dict[str, list[dict]] = {}
        reports = args.keep or Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        with serve(site) as base:
            for name, path in PAGES.items():
                slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
                results[name] = [lighthouse(base + path, reports / f"{slug}-{i + 1}.json") for i in range(args.runs)]
    load_after = os.getloadavg()
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("| page | performance | accessibility | best practices | SEO | LCP (s) | audits failed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in (*CATEGORIES, "lcp_s")}
        failed = sorted({a for r in runs for a in r["failed"]})
        print(f"| {name} | {med['performance']:g} | {med['accessibility']:g} | {med['best-practices']:g} | "
              f"{med['seo']:g} | {med['lcp_s']:g} | {', '.join(failed) or '—'} |")
    lcps = ", ".join(f"{r['lcp_s']:g}" for runs in results.values() for r in runs)
    print(f"\nevery run's LCP (s): {lcps}")
    print(f"load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
          f"after: {', '.join(f'{x:.2f}' for x in load_after)}; CPUs: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
