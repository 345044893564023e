"""Site search (macros/publish/search_index.py + docs/assets/search.js): tokens, index, and real queries.

Unit tests run on the Python side alone. The browser tests build the site once, serve it on
127.0.0.1 and type every query of tests/search_queries.yml into the search page in Debian's
chromium (ja at /search/, en at /en/search/): the expected page must be among the results, and the
index data the query downloaded must stay under a fixed budget. The JavaScript normaliser and
tokenizer must give what the Python ones give.

Content cannot break these tests (issue 16): on the real site they assert "among the results",
never a rank, so a correct new plan whose page matches better does not turn CI red. How results
are ranked is tested on a fixture index whose pages the test writes itself (_ranking below).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from macros.publish import search_index as si

from .conftest import ROOT, serve

QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
# Index data one query may download (shards of its tokens, blocks, section lists, text chunks).
# Measured: at most about 110 KB on the five plans, about 160 KB with 1,741 municipalities
# (tools/search_scale.py; tools/SEARCH.md). Nothing in it grows with the number of pages.
QUERY_BYTE_BUDGET = 250_000


# ---------------------------------------------------------------- normalisation and tokens

@pytest.mark.parametrize("text, expected", [
    ("ＡＩ", "ai"), ("ﾃﾚﾜｰｸ", "テレワーク"), ("ｶﾞﾊﾞﾒﾝﾄｸﾗｳﾄﾞ", "ガバメントクラウド"), ("①", "1"),
    ("デジタル・デバイド", "デジタルデバイド"), ("AI・RPA", "ai・rpa"), ("Ｗｅｂ会議", "web会議"),
])
def test_normalise(text: str, expected: str) -> None:
    assert si.normalise(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("情報システム", ["情報", "報シ", "シス", "ステ", "テム"]),
    ("書かない窓口", ["書か", "かな", "ない", "い窓", "窓口"]),
    ("生成ＡＩ", ["生成", "ai"]),
    ("自治体DX推進", ["自治", "治体", "dx", "推進"]),
    ("AI・RPA", ["ai", "rpa"]),
    ("市 の", ["市", "の"]),
    ("16,401件と74.2%", ["16401", "件と", "74.2"]),
    ("The city's services and policies", ["city", "service", "policy"]),
    ("e-application", ["e", "application"]),
])
def test_tokens(text: str, expected: list[str]) -> None:
    assert si.tokens(text) == expected


@pytest.mark.parametrize("word, stem", [
    ("services", "service"), ("policies", "policy"), ("plans", "plan"), ("business", "business"),
    ("status", "status"), ("data", "data"), ("kpis", "kpi"), ("is", "is"), ("2025s", "2025s"),
])
def test_stem(word: str, stem: str) -> None:
    assert si.stem(word) == stem


def test_long_query_keeps_a_cover_of_every_character() -> None:
    query = "情報システムの標準化・共通化の実施について詳しく知りたいです"
    picked = si.query_tokens(query)
    assert len(picked) <= si.MAX_QUERY_TOKENS
    covered = "".join(sorted(set("".join(picked))))
    assert set(si.normalise(query)) - set(covered) == set()


CJK_TEXT = st.text(alphabet="あいうかきくアイウカキクーテレワーク情報窓口書行政手続生成", min_size=0, max_size=12)


@given(CJK_TEXT, CJK_TEXT.filter(lambda q: len(q) >= 2), CJK_TEXT)
def test_a_japanese_compound_always_matches_itself_inside_longer_text(before: str, query: str, after: str) -> None:
    """Two characters or more: a single character is only found where it stands alone (see SEARCH.md)."""
    assert set(si.tokens(query)) <= set(si.tokens(before + query + after))


@given(st.text(max_size=40))
def test_tokens_are_stable_under_normalisation(text: str) -> None:
    assert si.tokens(si.normalise(text)) == si.tokens(text)


@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(1, 63)), max_size=50))
def test_postings_round_trip(raw: list[tuple[int, int]]) -> None:
    postings = sorted(dict(raw).items())
    assert si.decode_postings(si.encode_postings(postings)) == postings


# ---------------------------------------------------------------- sections from built HTML

PAGE = """<html><body><nav>menu text</nav>
<article class="md-content__inner md-typeset">
<h1 id="top">用語の説明</h1><p>前書き<a class="headerlink" href="#top">¶</a></p>
<script>var x = "code";</script>
<dl class="dx-glossary"><dt id="term-dx">ＤＸ<span class="dx-reading" lang="ja">（でぃーえっくす）</span></dt>
<dd><p>デジタル・トランスフォーメーション</p></dd>
<dt id="term-ai">ＡＩ</dt><dd><p>人工知能</p></dd></dl>
<h2 id="figures">数値<button>copy</button></h2><table><tr><td>窓口</td><td>申請</td></tr></table>
</article><footer>footer text</footer></body></html>"""


def test_sections_are_cut_at_headings_and_glossary_entries() -> None:
    sections = si.page_sections(si.article_html(PAGE), "用語の説明")
    assert [(s.anchor, s.title, s.text) for s in sections] == [
        ("", "用語の説明", "前書き"),
        ("term-dx", "ＤＸ", "（でぃーえっくす） デジタル・トランスフォーメーション"),
        ("term-ai", "ＡＩ", "人工知能"),
        ("figures", "数値", "窓口 申請"),   # table cells stay apart: no 口申 bigram
    ]


# ---------------------------------------------------------------- the index files

NAMES = ["桜楓", "椿萩", "葵菖", "蓮藤", "柊榎", "樫楠", "檜杉", "柳梓", "桐栗", "柿梨", "桃梅", "竹松"]


def _pages(n: int = 12) -> list[si.PageText]:
    """Twelve small plans; テレワーク, 窓口 and others are in more sections than a cut of two keeps."""
    pages = []
    for i in range(n):
        page = si.PageText(f"plans/p{i:02d}/", f"計画{i}", ["各自治体の計画", NAMES[i]])
        page.sections = [si.Section("", f"計画{i}", "テレワークを推進します" if i % 2 else "窓口の改善"),
                         si.Section(f"s{i}", "生成AI" if i % 3 == 0 else "その他",
                                    "書かない窓口でテレワーク" if i % 4 == 0 else "書かない窓口 telework")]
        pages.append(page)
    return pages


def test_index_files_and_truncated_tokens() -> None:
    files = si.build_index(_pages(), cap=2, block=4, shard_bytes=200)
    meta = json.loads(files["meta.json"])
    version = meta["version"]
    assert meta["docs"] == 24 and meta["shards"] >= 2
    shards = {k: json.loads(v) for k, v in files.items() if k.startswith(f"{version}/s/")}
    assert len(shards) == meta["shards"]
    entries = {token: entry for shard in shards.values() for token, entry in shard.items()}
    for token, entry in entries.items():
        assert f"{version}/s/{si.fnv1a(token) % meta['shards']}.json" in files
        df, best = entry[0], si.decode_postings(entry[1])
        if df <= 2:
            assert len(best) == df and len(entry) == 2
        else:   # best two in the shard, all of them in blocks of four
            assert len(best) == 2
            key, starts = entry[2][0], [d for d, _ in si.decode_postings(entry[2][1])]
            full = [p for i in range(len(starts))
                    for p in si.decode_postings(json.loads(files[f"{version}/b/{key}/{i}.json"]))]
            assert len(full) == df and [d for d, _ in full] == sorted(d for d, _ in full)
            assert set(best) <= set(full)
    chunk = json.loads(files[f"{version}/p/3/0.json"])
    assert chunk["u"] == "plans/p03/" and chunk["c"] == ["各自治体の計画", NAMES[3]]
    assert json.loads(files[f"{version}/p/3/toc.json"]) == [["", "計画3"], ["s3", "生成AI"]]


def test_index_is_reproducible() -> None:
    assert si.build_index(_pages()) == si.build_index(_pages())


# ---------------------------------------------------------------- in the browser

@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if "macros/mkdocs/hooks.py" not in config:
        pytest.fail("mkdocs.yml does not list macros/mkdocs/hooks.py (the build steps, search index included) "
                    "under hooks (see tools/SEARCH.md)")
    out = tmp_path_factory.mktemp("search-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    # a tiny index whose common tokens are cut to two postings, to drive the block look-ups
    si.write_index(si.build_index(_pages(), cap=2, block=4, shard_bytes=200), out / "_truncated" / si.INDEX_DIR)
    # the real search page, reading an index whose titles and text carry markup
    si.write_index(si.build_index(_payload_pages()), out / "_payload" / si.INDEX_DIR)
    search_page = (out / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-index="dx-search/"' in search_page
    (out / "search-payload").mkdir()
    (out / "search-payload" / "index.html").write_text(
        search_page.replace('data-index="dx-search/"', 'data-index="_payload/dx-search/"'), encoding="utf-8")
    # the real search page, reading a fixture index made to test the ranking
    si.write_index(si.build_index(_ranking_pages()), out / "_ranking" / si.INDEX_DIR)
    (out / "search-ranking").mkdir()
    (out / "search-ranking" / "index.html").write_text(
        search_page.replace('data-index="dx-search/"', 'data-index="_ranking/dx-search/"'), encoding="utf-8")
    return out


def _ranking_pages() -> list[si.PageText]:
    """Four plans of a fixture site: for 書かない窓口, only r0 has the whole phrase; r1 has three of its
    bigrams, r2 one, r3 none. Ranking must follow how much of the query a page covers."""
    texts = {"r0": "書かない窓口を全庁に広げます", "r1": "書かない申請を進めます", "r2": "窓口の案内をします",
             "r3": "電子申請を広げます"}
    pages = []
    for name, text in texts.items():
        page = si.PageText(f"plans/{name}/", f"計画{name}", ["各自治体の計画", name])
        page.sections = [si.Section("", f"計画{name}", text)]
        pages.append(page)
    return pages


SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'


def _payload_pages() -> list[si.PageText]:
    page = si.PageText("plans/sample/", SCRIPT + "見本市", [SCRIPT, IMG + "見本市"])
    page.sections = [si.Section("", SCRIPT + "見本市", IMG + " LINE friends " + SCRIPT),
                     si.Section('x" onmouseover="window.__pwned=1', IMG + "friends", "friends &amp; " + IMG)]
    return [page]




@pytest.fixture(scope="module")
def base_url(site_dir: Path):
    with serve(site_dir) as url:
        yield url




def _search(browser, base_url: str, lang: str, query: str) -> tuple[list[list[str]], int, object]:
    """Type the query into the search page and press Enter, as a reader does; a fresh cache."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + ("en/" if lang == "en" else "") + "search/")
    page.fill("#dx-search-q", query)
    page.press("#dx-search-q", "Enter")
    page.wait_for_function("q => document.querySelector('form[data-dx-search]').dataset.searched === q",
                           arg=query.strip(), timeout=15_000)
    groups = page.evaluate("""() => Array.from(document.querySelectorAll('#dx-search-results > li'),
        li => Array.from(li.querySelectorAll('a'), a => a.href))""")
    size = page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(e => e.name.includes('/dx-search/')).reduce((n, e) => n + e.encodedBodySize, 0)""")
    assert errors == []
    return groups, size, (context, page)


def _path(href: str, lang: str) -> tuple[str, str]:
    url = urlparse(href)
    path = url.path.lstrip("/")
    return (path[3:] if lang == "en" and path.startswith("en/") else path), url.fragment


CASES = [pytest.param(lang, item["q"], item["expect"], id=f"{lang}-{item['q']}")
         for lang in ("ja", "en") for item in QUERIES[lang]]


@pytest.mark.browser
@pytest.mark.parametrize("lang, query, expect", CASES)
def test_query_finds_its_page_among_the_results(browser, base_url: str, lang: str, query: str, expect: str) -> None:
    """On the real site: among the results, wherever it ranks (a new plan may rank above it)."""
    groups, size, (context, _) = _search(browser, base_url, lang, query)
    context.close()
    want_page, _, anchor = expect.partition("#")
    found = [[_path(h, lang) for h in links] for links in groups]
    if anchor:
        assert any((want_page, anchor) in links for links in found), (query, found)
    else:
        assert any(links and links[0][0] == want_page for links in found), (query, found)
    assert 0 < size < QUERY_BYTE_BUDGET, f"{query}: {size} bytes of index data"


@pytest.mark.browser
@pytest.mark.parametrize("query", ["書かない窓口", "書かない 窓口"])
def test_ranking_follows_how_much_of_the_query_a_page_covers(browser, base_url: str, query: str) -> None:
    """On the fixture index: the page with the whole phrase first, then by the share of the query it
    covers; a page with none of it is not listed."""
    page = browser.new_page()
    page.goto(base_url + "search-ranking/")
    page.fill("#dx-search-q", query)
    page.press("#dx-search-q", "Enter")
    page.wait_for_function("q => document.querySelector('form[data-dx-search]').dataset.searched === q",
                           arg=query.strip(), timeout=15_000)
    firsts = page.evaluate("""() => Array.from(document.querySelectorAll('#dx-search-results > li'),
        li => li.querySelector('a').getAttribute('href'))""")
    page.close()
    order = [next(name for name in ("r0", "r1", "r2", "r3") if f"plans/{name}/" in href) for href in firsts]
    assert order == ["r0", "r1", "r2"], firsts


@pytest.mark.browser
def test_query_lists_are_long_enough() -> None:
    assert len(QUERIES["ja"]) >= 20 and len(QUERIES["en"]) >= 10
    assert len(QUERIES["ja"]) + len(QUERIES["en"]) >= 30


AGREE = ["ＡＩ・ＲＰＡ", "ﾃﾚﾜｰｸ", "ｶﾞﾊﾞﾒﾝﾄｸﾗｳﾄﾞ", "デジタル・デバイド", "The city's Services and POLICIES",
         "16,401件と74.2%", "𠮷野家の窓口", "①行政手続き", "Ｗｅｂ会議", "㈱と㍻", "ＣＩＯ補佐官", "café résumé",
         "e-application", "市", "情報システムの標準化・共通化の実施について詳しく知りたいです", "  ", "ＤＸ推進計画（第3.0版）"]


@pytest.mark.browser
def test_javascript_and_python_tokenise_alike(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "search/")
    got = page.evaluate("""strings => strings.map(s => [dxSearch.normalise(s), dxSearch.tokens(s),
        dxSearch.queryTokens(s), dxSearch.fnv1a(s)])""", AGREE)
    page.close()
    expected = [[si.normalise(s), si.tokens(s), si.query_tokens(s), si.fnv1a(s)] for s in AGREE]
    assert got == expected


@pytest.mark.browser
@pytest.mark.parametrize("plan", [0, 1, 5, 8])
def test_common_tokens_are_checked_in_their_blocks(browser, base_url: str, plan: int) -> None:
    """テレワーク is cut to its best two postings: for "<municipality> テレワーク" the client must
    fetch the blocks of the full lists that cover that municipality's sections."""
    query = f"{NAMES[plan]} テレワーク"
    page = browser.new_page()
    page.goto(base_url + "search/")
    found = page.evaluate("""async q => {
        const engine = new dxSearch.Engine(new URL('/_truncated/dx-search/', location.href));
        const r = await engine.search(q);
        return r.groups.flatMap(g => g.docs).filter(d => d.known === r.tokens.length)
            .map(d => d.doc).sort((a, b) => a - b);
    }""", query)
    page.close()
    want = set(si.query_tokens(query))
    truth = [p << si.SECTION_BITS | s for p, page_ in enumerate(_pages()) for s, sec in enumerate(page_.sections)
             if want <= set(si.tokens(f"{sec.title} {NAMES[p]} 計画{p} {sec.text}"))]
    assert truth and found == truth


@pytest.mark.browser
@pytest.mark.parametrize("lang, query", [("ja", "ﾃﾚﾜｰｸ"), ("en", "open data")])
def test_results_page_is_accessible(browser, base_url: str, lang: str, query: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    groups, _, (context, page) = _search(browser, base_url, lang, query)
    assert groups
    violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}).response["violations"]
    # the match is marked on the text as written (ﾃﾚﾜｰｸ finds テレワーク) and the status is announced
    marks = page.evaluate("() => Array.from(document.querySelectorAll('#dx-search-results mark'), m => m.textContent)")
    status = page.text_content("#dx-search-status")
    live = page.get_attribute("#dx-search-status", "role")
    # keyboard: from the box, Tab reaches the button, then the first result link
    page.focus("#dx-search-q")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.className")
    context.close()
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert marks and status and live == "status"
    assert "dx-search__button" in first


@pytest.mark.browser
def test_markup_in_titles_and_text_shows_as_text(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "search-payload/?q=friends")
    page.wait_for_function("() => document.querySelector('form[data-dx-search]').dataset.searched === 'friends'")
    results = page.inner_text("#dx-search-results")
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('#dx-search-results a'), a => a.href)")
    counts = page.evaluate("""() => [document.querySelectorAll('#dx-search-results img, #dx-search-results script').length,
        document.querySelectorAll('#dx-search-results [onmouseover], #dx-search-results [onerror]').length]""")
    page.hover("#dx-search-results a")
    pwned = page.evaluate("typeof window.__pwned")
    page.close()
    assert SCRIPT in results and IMG in results and "&amp;" in results
    assert counts == [0, 0] and pwned == "undefined"
    assert any("onmouseover" in h for h in hrefs)   # the odd anchor stays inside the href, escaped


@pytest.mark.browser
def test_search_page_reads_the_address_and_works_as_a_plain_form(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "search/?q=" + "書かない窓口")
    page.wait_for_function("() => document.querySelector('form[data-dx-search]').dataset.searched === '書かない窓口'")
    assert page.input_value("#dx-search-q") == "書かない窓口"
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('#dx-search-results li a'), a => a.href)")
    # among the results, not first: the glossary entry 書かない窓口 (白石市) may rank above the initiative
    assert any("plans/shiroishi/initiatives/" in h for h in hrefs), hrefs
    form = page.locator("form[data-dx-search]")
    assert form.get_attribute("method") == "get" and page.locator("label[for=dx-search-q]").count() == 1
    page.close()
