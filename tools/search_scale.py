"""Does a query's download stay small when the site holds every municipality? Measure it.

    .venv/bin/python tools/search_scale.py [--municipalities 1741] [--site site/]

Takes a built site (or builds the project into a temporary directory), reads the pages back from
its dx-search index, and makes a synthetic corpus of N municipalities: each real plan copied
N/5 times under a new name (石巻 → 桜楓, Ishinomaki → Kasumoto, …). It indexes that corpus with
macros/search_index.build_index, the same code the build uses, serves it with the real search
page, and types the queries of tests/search_queries.yml plus "<municipality> <term>" queries into
chromium, recording the bytes of index data each query downloaded.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.publish.search_index import INDEX_DIR, PageText, Section, build_index, write_index  # noqa: E402
from tools.search_compare import ARGS, CHROMIUM, IGNORE, ROOT, build, configure, page_of, serve  # noqa: E402

NAMES = {  # plan id: (Japanese stem, English name)
    "ishinomaki": ("石巻", "Ishinomaki"), "shiroishi": ("白石", "Shiroishi"), "shirakawa": ("白河", "Shirakawa"),
    "tome": ("登米", "Tome"), "date": ("伊達", "Date"),
}
KANJI = "桜楓椿萩葵菖蓮藤柊榎樫楠檜杉柳梓桐栗柿梨桃梅竹松柏楢樺檀槙椎朴桂欅榊樅栃鶴亀鷹燕鷺鴨雁鳩雀鶯鴎雲霞"
SYLLABLES = ["ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te", "to", "na", "ni",
             "nu", "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra",
             "ri", "ru", "re", "ro", "wa"]


def read_pages(index_dir: Path) -> list[PageText]:
    """The pages of one language, back from the chunk files of a built index."""
    meta = json.loads((index_dir / "meta.json").read_text(encoding="utf-8"))
    pages = []
    for page_dir in sorted((index_dir / meta["version"] / "p").iterdir(), key=lambda p: int(p.name)):
        chunks = sorted((c for c in page_dir.glob("*.json") if c.stem != "toc"), key=lambda c: int(c.stem))
        first = json.loads(chunks[0].read_text(encoding="utf-8"))
        page = PageText(first["u"], first["t"], first["c"])
        for chunk in chunks:
            page.sections += [Section(*s) for s in json.loads(chunk.read_text(encoding="utf-8"))["s"]]
        pages.append(page)
    return pages


def synthetic_names(n: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    ja = ["".join(p) for p in itertools.permutations(KANJI, 2)]
    en = sorted({"".join(s).capitalize() for s in itertools.product(SYLLABLES, repeat=3)})
    rng.shuffle(ja)
    rng.shuffle(en)
    return list(zip(ja[:n], en[:n]))


def replicate(pages: list[PageText], lang: str, municipalities: int) -> tuple[list[PageText], dict]:
    """Each real plan copied under new names until there are `municipalities` plans."""
    plans: dict[str, list[PageText]] = {}
    others = []
    for page in pages:
        match = re.match(r"plans/([^/]+)/", page.url)
        (plans.setdefault(match.group(1), []) if match else others).append(page)
    ids = sorted(plans)
    names = synthetic_names(municipalities)
    out = list(others)
    copies = {}
    for n in range(municipalities):
        plan_id = ids[n % len(ids)]
        if n < len(ids):
            out += plans[plan_id]
            continue
        ja_new, en_new = names[n]
        old = NAMES[plan_id][0 if lang == "ja" else 1]
        new = ja_new if lang == "ja" else en_new
        pattern = re.compile(re.escape(old) if lang == "ja" else rf"\b{re.escape(old)}\b")
        new_id = f"{plan_id}-{n}"
        copies[new_id] = (new, plan_id)

        def swap(text: str, pattern=pattern, new=new) -> str:
            return pattern.sub(new, text)

        for page in plans[plan_id]:
            copy = PageText(page.url.replace(f"plans/{plan_id}/", f"plans/{new_id}/", 1), swap(page.title),
                            [swap(c) for c in page.crumbs])
            copy.sections = [Section(s.anchor, swap(s.title), swap(s.text)) for s in page.sections]
            out.append(copy)
    return out, copies


def run_queries(base: str, queries: list[dict], lang: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from tools.search_compare import dx_results

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for item in queries:
            context = browser.new_context()
            page = context.new_page()
            started = time.monotonic()
            groups, size = dx_results(page, base, lang, item["q"])
            elapsed = time.monotonic() - started
            files = page.evaluate(
                "performance.getEntriesByType('resource').filter(e => e.name.includes('/dx-search/')).length")
            top = [page_of(links[0], base) for links in groups]
            want = item["expect"].split("#")[0]
            if item.get("exact"):   # a municipality named in the query: its own page, in the top five
                found = want in top[:5]
            else:   # ~348 identical copies of each plan share the top: the page or a copy of it, in the first ten
                found = want in {re.sub(r"^plans/([a-z]+)(-\d+)?/", r"plans/\1/", t) for t in top}
            rows.append({"lang": lang, "q": item["q"], "expect": item["expect"], "found": found,
                         "exact": bool(item.get("exact")), "bytes": size, "files": files,
                         "seconds": round(elapsed, 2), "top": top[:5]})
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
            context.close()
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--municipalities", type=int, default=1741)
    parser.add_argument("--site", help="a built site that has dx-search/ (default: build the project)")
    parser.add_argument("--out", default=str(ROOT / "test-artifacts" / "search-scale.json"))
    args = parser.parse_args()
    queries = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))

    with tempfile.TemporaryDirectory(prefix="dx-search-scale-") as tmp:
        if args.site:
            site = Path(tmp) / "site"
            shutil.copytree(args.site, site)
        else:
            project = Path(tmp) / "project"
            shutil.copytree(ROOT, project, ignore=IGNORE)
            configure(project, mitigation=False)
            site = build(project)
        report = {"municipalities": args.municipalities, "languages": {}}
        all_rows = []
        for lang in ("ja", "en"):
            index_dir = (site / "en" if lang == "en" else site) / INDEX_DIR
            pages, copies = replicate(read_pages(index_dir), lang, args.municipalities)
            started = time.monotonic()
            files = build_index(pages)
            seconds = time.monotonic() - started
            write_index(files, index_dir)
            sizes = [len(text.encode()) for text in files.values()]
            shard_sizes = [len(t.encode()) for k, t in files.items() if "/s/" in k]
            report["languages"][lang] = {
                "pages": len(pages), "sections": json.loads(files["meta.json"])["docs"],
                "index_files": len(files), "index_bytes": sum(sizes), "index_seconds": round(seconds, 1),
                "shards": len(shard_sizes), "largest_shard": max(shard_sizes),
                "largest_file": max(sizes),
            }
            print(json.dumps({lang: report["languages"][lang]}), flush=True)
            # a few municipality-specific queries: the copy's own page must come first
            rng = random.Random(11)
            extra = []
            for new_id in rng.sample(sorted(copies), 4):
                name, plan_id = copies[new_id]
                term = {"ja": "テレワーク", "en": "telework"}[lang]
                target = {"ishinomaki": "initiatives-b/", "shirakawa": "digital-work-reform/",
                          "tome": "administrative-efficiency/", "shiroishi": "initiatives/",
                          "date": "review/"}[plan_id]
                extra.append({"q": f"{name} {term}", "expect": f"plans/{new_id}/{target}", "exact": True})
            server, base = serve(site)
            all_rows += run_queries(base, queries[lang] + extra, lang)
            server.shutdown()
        report["queries"] = all_rows
        sizes = sorted(r["bytes"] for r in all_rows)
        report["bytes_per_query"] = {"max": sizes[-1], "median": sizes[len(sizes) // 2]}
        for kind, rows in (("municipality_queries_in_top5", [r for r in all_rows if r["exact"]]),
                           ("queries_page_or_copy_in_top10", [r for r in all_rows if not r["exact"]])):
            report[kind] = f"{sum(r['found'] for r in rows)}/{len(rows)}"
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "queries"}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
