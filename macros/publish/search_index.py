"""A static search index per language that finds Japanese words inside compounds (pure; written by
macros/mkdocs/search_pages.py, a build step).

Why not Material's search: lunr + TinySegmenter splits text into words at index time but not the
same way at query time, so 書かない窓口, 情報システム or 生成ＡＩ typed without spaces find nothing,
and its one index holds both languages and grows with the site (tools/SEARCH.md has the numbers).

How it works
- Each built page's main content (``article.md-content__inner``), parsed by the one HTML parser
  (built_html.py), is cut into sections at every heading and glossary entry (``<dt id>``) that has
  an id; a section is one search result.
- Text is normalised (NFKC, lower case, ・ between Japanese characters dropped) and cut into
  tokens: runs of Japanese characters give overlapping character bigrams (情報システム → 情報 報シ
  シス ステ テム), Latin runs give words with a light plural stemmer (services → service). The
  same rules run in the browser (docs/assets/search.js), so a compound always matches itself.
- Postings are written sharded by a hash of the token, so a query downloads only the shards of its
  own tokens. A token found in more than ``cap`` sections keeps its ``cap`` best postings in the
  shard and its full list in blocks by document id, which the browser fetches only for the
  candidates it must check. Section text lives in small chunks fetched for the results shown.
  Nothing a query downloads grows with the number of pages.

Files per language (ja at /dx-search/, en at /en/dx-search/):
  meta.json              format, shard count, the versioned directory below
  <version>/s/<n>.json   {token: [df, postings] or [df, best postings, [block id, block starts]]}
  <version>/b/<id>/<i>.json   one block of a common token's full posting list
  <version>/p/<page>/<chunk>.json  {"u": url, "t": page title, "c": crumbs, "s": [[anchor, title, text]]}
  <version>/p/<page>/toc.json      [[anchor, title]] of every section of the page
A document id is ``page << 8 | section``; a section's text is in chunk ``section >> 2``.
Postings are a string: per posting a varint of the id delta (5 bits a character) and one
character of impact (1-63, the BM25F weight of the token in that section, headings weighted up).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from macros.publish.built_html import TEXT, BuiltPage, LexborNode, fragment, is_element

INDEX_DIR = "dx-search"
FORMAT = 1
CAP = 1000                 # postings a common token keeps in its shard (its best ones)
BLOCK = 2000               # postings per block of a common token's full list
SHARD_BYTES = 8_000        # target size of one shard
SECTION_BITS = 8           # document id = page << 8 | section
SECTIONS_PER_CHUNK = 4     # text chunk = 4 consecutive sections of one page
MAX_STORED_CHARS = 3000    # text kept per section for snippets (all of it is indexed)
MAX_QUERY_TOKENS = 16

# BM25F: a token in a short heading weighs most, then the page's title and municipality, then the text
W_TITLE, W_CONTEXT, W_BODY = 4.0, 1.5, 1.0
K1, B = 1.2, 0.75

# ------------------------------------------------------------------ normalisation and tokens
# Mirrored in docs/assets/search.js; tests/test_search.py checks that both agree.

CJK = ("\u3005-\u3007\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f")
_CJK_DOT = re.compile(rf"(?<=[{CJK}])\u30fb(?=[{CJK}])")   # デジタル・デバイド == デジタルデバイド
_TOKEN = re.compile(rf"([{CJK}]+)|([0-9]+(?:[.,][0-9]+)+)|([a-z0-9\u00df-\u00f6\u00f8-\u024f]+)")
_POSSESSIVE = re.compile(r"['\u2019]s(?![a-z0-9])")
STOPWORDS = frozenset("a an and are as at be by for from in is it of on or the to with".split())


def normalise(text: str) -> str:
    """NFKC (ＡＩ → AI, ﾃﾚﾜｰｸ → テレワーク, ① → 1), lower case, ・ between Japanese characters dropped."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _CJK_DOT.sub("", text)


def stem(word: str) -> str:
    """Harman's S-stemmer: plural forms only (policies → policy, services → service, plans → plan)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


_STEMS: dict[str, str] = {}   # word → stem(word), a cache: a site has a small vocabulary


def tokens(text: str) -> list[str]:
    """All tokens of a text, in order, with repeats: CJK bigrams and Latin words."""
    out: list[str] = []
    stems = _STEMS
    for cjk, number, word in _TOKEN.findall(_POSSESSIVE.sub("", normalise(text))):
        if cjk:
            out.extend([cjk] if len(cjk) == 1 else [cjk[i:i + 2] for i in range(len(cjk) - 1)])
        elif number:
            out.append(number.replace(",", ""))
        elif word not in STOPWORDS:
            stemmed = stems.get(word)
            if stemmed is None:
                if len(stems) > 200_000:
                    stems.clear()
                stemmed = stems[word] = stem(word)
            out.append(stemmed)
    return out


def query_tokens(query: str, limit: int = MAX_QUERY_TOKENS) -> list[str]:
    """Distinct tokens of a query; a long query keeps a set of bigrams that still covers every character."""
    found = list(dict.fromkeys(tokens(query)))
    if len(found) <= limit:
        return found
    # every other bigram of each Japanese run (plus its last one) still covers all its characters
    text = _POSSESSIVE.sub("", normalise(query))
    cover: list[str] = []
    for match in _TOKEN.finditer(text):
        run = match.group(0)
        if match.group(1) and len(run) > 2:
            grams = [run[i:i + 2] for i in range(0, len(run) - 1, 2)]
            if len(run) % 2:  # odd length: the last character needs the last bigram
                grams.append(run[-2:])
            cover.extend(grams)
        else:
            cover.extend(tokens(run))
    return list(dict.fromkeys(cover))[:limit]


# ------------------------------------------------------------------ sections from built HTML

BLOCK_TAGS = frozenset("address article aside blockquote br caption dd details div dl dt figcaption figure "
                       "footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody "
                       "td tfoot th thead tr ul".split())
SKIP_TAGS = frozenset("script style svg template button noscript".split())
# page furniture inside the article, the same on every page: not content
SKIP_CLASSES = frozenset("headerlink md-content__button md-source-file md-tags dx-page-info dx-print-link".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())


@dataclass
class Section:
    anchor: str          # id of the heading or glossary entry; "" for the top of the page
    title: str
    text: str = ""


@dataclass
class PageText:
    url: str             # relative to the language root, e.g. "plans/tome/glossary/"
    title: str
    crumbs: list[str]    # section titles above the page, outermost first
    sections: list[Section] = field(default_factory=list)


def _cut_sections(article: LexborNode, page_title: str) -> tuple[list[Section], list[str]]:
    """The sections of an article and the element that opened each one.

    Text outside skipped elements (scripts, buttons, page furniture) goes to the section it is in;
    a heading's or glossary term's text is its title, except a reading (``dx-reading``) inside
    it, which stays in the text of a glossary entry.
    """
    sections = [Section("", page_title)]
    tags = [""]                                # the element that opened each section
    body: list[str] = []

    def flush() -> None:
        text = " ".join("".join(body).split())
        if text:
            current = sections[-1]
            current.text = f"{current.text} {text}".strip()
        body.clear()

    # a frame: (next node to read, title parts or None, the title is a dt's, inside a reading, on leaving)
    # where "on leaving" is (append a line break, the title to close) once the frame's nodes are read
    stack: list = [(article.child, None, False, False, None)]
    while stack:
        node, title, in_dt, reading, leave = stack.pop()
        if node is None:
            if leave is not None:
                block, closes = leave
                if closes is not None:
                    sections[-1].title = " ".join("".join(closes).split())
                if block:
                    body.append("\n")
            continue
        stack.append((node.next, title, in_dt, reading, leave))
        tag = node.tag
        if tag == TEXT:
            text = node.text_content
            if title is None:
                body.append(text)
            else:
                if not reading:
                    title.append(text)
                elif in_dt:
                    body.append(text)
            continue
        if not is_element(tag) or tag in SKIP_TAGS:
            continue
        cls = node.attributes.get("class") if node.attributes else None
        names = cls.split() if cls else ()
        if names and not SKIP_CLASSES.isdisjoint(names):
            continue
        block = tag in BLOCK_TAGS
        if block:
            body.append("\n")
        inner_reading = reading or "dx-reading" in names
        ident = node.attributes.get("id") if title is None and (tag in HEADINGS or tag == "dt") else None
        if ident:
            flush()
            sections.append(Section(ident, ""))
            tags.append(tag)
            parts: list[str] = []
            stack.append((node.child, parts, tag == "dt", inner_reading, (block, parts)))
        else:
            stack.append((node.child, title, in_dt, inner_reading, (block, None) if block else None))
    flush()
    return sections, tags


def article_html(page_html: str) -> LexborNode | None:
    """The main content of a Material page: article.md-content__inner (None without it)."""
    return BuiltPage(page_html).article


def page_sections(article: LexborNode | str | None, page_title: str) -> list[Section]:
    """Cut an article (its element, or its inside as text) into sections at headings and glossary
    entries that carry an id."""
    if article is None or isinstance(article, str):
        article = fragment(article or "")
    sections, tags = _cut_sections(article, page_title)
    # the page's h1 is the page itself: its text joins the top section, linked without an anchor
    if len(sections) > 1 and not sections[0].text and tags[1] == "h1":
        top = sections.pop(1)
        sections[0].text = top.text
        sections[0].title = top.title or page_title
    return [s for s in sections if s.text or s.title]


# ------------------------------------------------------------------ index building (pure)

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def varint(value: int) -> str:
    out = []
    while value >= 32:
        out.append(ALPHABET[32 | (value & 31)])
        value >>= 5
    out.append(ALPHABET[value])
    return "".join(out)


_VARINTS = [varint(value) for value in range(1 << 15)]   # every delta of up to three characters


def _encode(docs: Iterable[int], impacts: Iterable[int]) -> str:
    out: list[str] = []
    append, small, last = out.append, _VARINTS, 0
    for doc, impact in zip(docs, impacts):
        delta = doc - last
        append(small[delta] if delta < 32768 else varint(delta))
        append(ALPHABET[impact])
        last = doc
    return "".join(out)


def _encode_scored(indexes: Iterable[int], scores: Iterable[float], doc_ids: list[int], top: float) -> str:
    """_encode() of the documents of indexes, with impacts 1-63: each score on a scale of the best
    one, top (a score is never above it, nor below 0)."""
    out: list[str] = []
    append, small, alphabet, last = out.append, _VARINTS, ALPHABET, 0
    for index, score in zip(indexes, scores):
        doc = doc_ids[index]
        delta = doc - last
        append(small[delta] if delta < 32768 else varint(delta))
        append(alphabet[round(score / top * 63) or 1])
        last = doc
    return "".join(out)


def encode_postings(postings: Iterable[tuple[int, int]]) -> str:
    """(document id ascending, impact 1-63) → delta varint + one impact character each."""
    postings = list(postings)
    return _encode([doc for doc, _ in postings], [impact for _, impact in postings])


def decode_postings(data: str) -> list[tuple[int, int]]:
    out, doc, i = [], 0, 0
    while i < len(data):
        value = shift = 0
        while True:
            digit = ALPHABET.index(data[i])
            i += 1
            value |= (digit & 31) << shift
            shift += 5
            if digit < 32:
                break
        doc += value
        out.append((doc, ALPHABET.index(data[i])))
        i += 1
    return out


def encode_ints(values: Iterable[int]) -> str:
    values = list(values)
    return _encode(values, [0] * len(values))


def fnv1a(token: str) -> int:
    """32-bit FNV-1a over UTF-8, the same in search.js."""
    h = 0x811C9DC5
    for byte in token.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _context(page: PageText) -> str:
    return " ".join([page.crumbs[-1] if page.crumbs else "", page.title])


def build_index(pages: list[PageText], *, cap: int = CAP, block: int = BLOCK,
                shard_bytes: int = SHARD_BYTES) -> dict[str, str]:
    """The index files (relative path → text) for the pages of one language."""
    # token → document indexes and its term frequencies, packed as body | context << 16 | title << 32,
    # each at most 65535 (compact arrays: 1,741 municipalities make about 20 million postings per
    # language; most of them are a token of the body only, whose packed value is its body count)
    raw: dict[str, tuple[array, array]] = {}
    title_len: list[int] = []
    body_len: list[int] = []
    doc_ids: list[int] = []
    files: dict[str, str] = {}
    max_sections = 1 << SECTION_BITS

    for page_no, page in enumerate(pages):
        sections = list(page.sections)
        if len(sections) > max_sections:  # keep every word findable: the rest joins the last section
            last = sections[max_sections - 1]
            rest = " ".join(f"{s.title} {s.text}" for s in sections[max_sections - 1:])
            sections = sections[:max_sections - 1] + [Section(last.anchor, last.title, rest)]
        context = Counter(tokens(_context(page)))
        for sec_no, section in enumerate(sections):
            index = len(doc_ids)
            title, body = Counter(tokens(section.title)), Counter(tokens(section.text))
            for token, tf in body.items():
                if token in title or token in context:
                    continue
                entry = raw.get(token)
                if entry is None:
                    entry = raw[token] = (array("I"), array("Q"))
                entry[0].append(index)
                entry[1].append(tf if tf < 65535 else 65535)
            for token in title.keys() | context.keys():
                entry = raw.get(token)
                if entry is None:
                    entry = raw[token] = (array("I"), array("Q"))
                entry[0].append(index)
                entry[1].append(min(body.get(token, 0), 65535) | min(context.get(token, 0), 65535) << 16
                                | min(title.get(token, 0), 65535) << 32)
            title_len.append(sum(title.values()))
            body_len.append(sum(body.values()))
            doc_ids.append(page_no << SECTION_BITS | sec_no)
        for chunk_no in range(0, len(sections), SECTIONS_PER_CHUNK):
            chunk = {"u": page.url, "t": page.title, "c": page.crumbs,
                     "s": [[s.anchor, s.title, s.text[:MAX_STORED_CHARS]]
                           for s in sections[chunk_no:chunk_no + SECTIONS_PER_CHUNK]]}
            files[f"p/{page_no}/{chunk_no // SECTIONS_PER_CHUNK}.json"] = _json(chunk)
        files[f"p/{page_no}/toc.json"] = _json([[s.anchor, s.title] for s in sections])

    # BM25F: each field's term frequency normalised by that field's length, weighted, then saturated
    n_docs = len(doc_ids)
    avg_title = max(1.0, sum(title_len) / max(1, n_docs))
    avg_body = max(1.0, sum(body_len) / max(1, n_docs))
    title_norm = [1 - B + B * length / avg_title for length in title_len]
    body_norm = [1 - B + B * length / avg_body for length in body_len]
    saturate = K1 + 1
    scores: dict[str, array] = {}
    top = 0.0
    for token, (indexes, packed) in raw.items():
        df = len(indexes)
        idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        scored = array("d")
        append = scored.append
        for index, tfs in zip(indexes, packed):
            if tfs < 65536:    # in the body only: the title and context terms are 0.0
                tf = W_BODY * tfs / body_norm[index]
            else:
                tf = (W_TITLE * (tfs >> 32) / title_norm[index] + W_CONTEXT * (tfs >> 16 & 65535)
                      + W_BODY * (tfs & 65535) / body_norm[index])
            append(idf * tf * saturate / (tf + K1))
        if scored:
            top = max(top, max(scored))
        scores[token] = scored
        del packed[:]

    shard_entries: list[tuple[str, list]] = []
    blocks: dict[str, str] = {}
    block_key = 0
    for token in sorted(scores):
        indexes, scored = raw[token][0], scores[token]
        if len(indexes) <= cap and top:
            shard_entries.append((token, [len(indexes), _encode_scored(indexes, scored, doc_ids, top)]))
            continue
        docs = [doc_ids[index] for index in indexes]
        impacts = [round(score / top * 63) or 1 for score in scored] if top else [1] * len(docs)
        if len(docs) <= cap:
            shard_entries.append((token, [len(docs), _encode(docs, impacts)]))
            continue
        plist = list(zip(docs, impacts))
        best = sorted(sorted(plist, key=itemgetter(1), reverse=True)[:cap])   # stable: ties keep doc order
        starts = []
        for i in range(0, len(plist), block):
            starts.append(docs[i])
            blocks[f"b/{block_key}/{i // block}.json"] = _json(_encode(docs[i:i + block], impacts[i:i + block]))
        shard_entries.append((token, [len(plist), encode_postings(best), [block_key, encode_ints(starts)]]))
        block_key += 1
    del raw, scores

    total = sum(len(token.encode()) + len(json.dumps(entry)) + 4 for token, entry in shard_entries)
    n_shards = max(1, 2 ** math.ceil(math.log2(max(1, total / shard_bytes))))
    shards: list[dict] = [{} for _ in range(n_shards)]
    for token, entry in shard_entries:
        shards[fnv1a(token) % n_shards][token] = entry

    files.update({f"s/{i}.json": _json(shard) for i, shard in enumerate(shards)})
    files.update(blocks)
    version = hashlib.sha256("".join(f"{k}\0{v}\0" for k, v in sorted(files.items())).encode()).hexdigest()[:12]
    meta = {"format": FORMAT, "version": version, "shards": n_shards, "pages": len(pages), "docs": n_docs,
            "sectionBits": SECTION_BITS, "chunk": SECTIONS_PER_CHUNK, "maxQueryTokens": MAX_QUERY_TOKENS}
    out = {f"{version}/{path}": text for path, text in files.items()}
    out["meta.json"] = _json(meta)
    return out


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_index(files: dict[str, str], out_dir: Path) -> None:
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for rel, text in files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


