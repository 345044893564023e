"""One build per language, in two processes, joined by a cross-language step (what `make build` does).

Why: static-i18n builds English inside the Japanese build, one after the other, so a plain
`mkdocs build` uses one of a machine's cores. `make build` (tools/build_atomic.py) instead starts
two ordinary `mkdocs build --strict` processes of the same config at once, each into its own folder,
with DXPLANS_BUILD_LANGUAGE=ja in one and =en in the other, then joins them (join_language_builds).

How a process builds one language without touching MkDocs' or static-i18n's internals: static-i18n
still runs both language builds, Japanese (its default, which it insists on building) and English
inside it; in the build of the language the process is not for, the step stand_in_for_other_language
(an on_files handler, after static-i18n's own) leaves one page, that language's home page, with a
one-line stand-in text (static-i18n wants a home page in every language). That build then costs
a fraction of a second and nothing it writes is kept. Every page a reader gets is built exactly as
a plain build builds it: the Japanese pages in a Japanese build, the English ones in an English build
nested in a Japanese one, both with the same configuration and plugins.

What the join does, in the Japanese process's folder:
- en/ is the English process's en/ (the Japanese process's en/ holds only the stand-in);
- 404.html is the English process's: in a plain build the English build writes it last;
- sitemap.xml lists the Japanese pages from the Japanese process and the English pages from the
  English process, in that order (as a plain build's does), and sitemap.xml.gz is written again
  from it with the same time stamp;
- the numbers of every Japanese page and its English twin are compared (each process recorded the
  numbers of its own pages as it wrote them, in a JSON file beside the site), as the plain build does
  in its last step.
Everything else (assets, open data, the Japanese pages and search index) is the Japanese process's.
tests/test_split_build.py builds a tiny site both ways and compares every file.
"""

from __future__ import annotations

import gzip
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

from macros.checks.consistency import Finding, page_pair_findings

STAND_IN = "# —\n"   # the text of the one page a stand-in build writes


def stand_in_for_other_language(ctx, files, config):
    """In a one-language process, the build of the other language keeps one page (its home page)."""
    build = ctx.current
    if build.wanted:
        return files
    home = f"{build.lang}/index.md"
    for file in list(files.documentation_pages()):
        if file.src_uri == home:
            file.content_string = STAND_IN
        else:
            files.remove(file)
    return files


def record_numbers(ctx, config) -> None:
    """At the end of a one-language process: the numbers of its pages, for the join."""
    if ctx.numbers_file is None:
        return
    record = {"language": ctx.only_language, "site_url": config.get("site_url") or "",
              "numbers": {page: sorted(found) for page, found in ctx.numbers.items()}}
    ctx.numbers_file.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def _sitemap_blocks(text: str) -> tuple[str, list[str], str]:
    """A sitemap written by static-i18n's template: the text before the first <url>, each
    <url>…</url> with the white space before it, and the text after the last one."""
    start = text.find("<url>")
    if start < 0:
        return text, [], ""
    head_end = text.rfind("\n", 0, start)
    head, rest = text[:head_end], text[head_end:]
    blocks = []
    while True:
        end = rest.find("</url>")
        if end < 0:
            break
        blocks.append(rest[:end + len("</url>")])
        rest = rest[end + len("</url>"):]
    return head, blocks, rest


def _locs(text: str) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text or "" for loc in ET.fromstring(text.encode("utf-8")).findall("s:url/s:loc", ns)]


def join_sitemaps(ja_text: str, en_text: str, site_url: str, other: str = "en") -> str:
    """The Japanese pages' entries of the first sitemap, then the English pages' of the second."""
    prefix = urljoin(site_url or "/", f"{other}/")
    head, ja_blocks, tail = _sitemap_blocks(ja_text)
    _, en_blocks, _ = _sitemap_blocks(en_text)
    ja_locs, en_locs = _locs(ja_text), _locs(en_text)
    if len(ja_locs) != len(ja_blocks) or len(en_locs) != len(en_blocks):
        raise ValueError("sitemap.xml is not in the shape static-i18n writes")
    kept = [b for b, loc in zip(ja_blocks, ja_locs) if not loc.startswith(prefix)]
    kept += [b for b, loc in zip(en_blocks, en_locs) if loc.startswith(prefix)]
    return head + "".join(kept) + tail


def _gzip_like(template: Path, text: str, out: Path) -> None:
    """sitemap.xml.gz as MkDocs writes it, with the time stamp of the one it replaces."""
    stamp = int.from_bytes(template.read_bytes()[4:8], "little") if template.is_file() else 0
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, filename=str(out), mode="wb", mtime=stamp) as gz:
        gz.write(text.encode("utf-8"))


def join_language_builds(ja_dir: Path, en_dir: Path, ja_numbers: Path, en_numbers: Path,
                         other: str = "en") -> list[Finding]:
    """Join the English process's output into the Japanese one's (ja_dir); returns the ja/en findings."""
    shutil.rmtree(ja_dir / other, ignore_errors=True)
    (en_dir / other).rename(ja_dir / other)
    for name in ("404.html",):
        if (en_dir / name).is_file():
            (en_dir / name).replace(ja_dir / name)
    ja_record = json.loads(ja_numbers.read_text(encoding="utf-8"))
    en_record = json.loads(en_numbers.read_text(encoding="utf-8"))
    if (ja_dir / "sitemap.xml").is_file() and (en_dir / "sitemap.xml").is_file():
        joined = join_sitemaps((ja_dir / "sitemap.xml").read_text(encoding="utf-8"),
                               (en_dir / "sitemap.xml").read_text(encoding="utf-8"), ja_record["site_url"], other)
        (ja_dir / "sitemap.xml").write_text(joined, encoding="utf-8")
        _gzip_like(en_dir / "sitemap.xml.gz", joined, ja_dir / "sitemap.xml.gz")
    known = {page: frozenset(found) for page, found in ja_record["numbers"].items() if not page.startswith(f"{other}/")}
    known.update({page: frozenset(found) for page, found in en_record["numbers"].items()
                  if page.startswith(f"{other}/")})
    return page_pair_findings(ja_dir, other, known=known)
