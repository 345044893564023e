"""HTML a page author may write: an allowlist of tags and attributes, read with a real HTML parser.

What the rules keep out of a page: anything that runs or loads (script, style, iframe, frame,
object, embed, svg, math, meta, link, base, template …), forms and their fields, every on…=
attribute (also on a following line of a tag written over several lines), javascript:, data:,
vbscript: and every other scheme than http(s) and mailto in links, and images or other resources
from outside the site. Markdown's own ways to write links, images and attributes (attr_list's
{: … }) are held to the same rules.

Two readings, one rule set:
- check_source(): the page as its author wrote it (front matter removed, macro calls masked), read
  with html.parser; every problem names the line where it is, before anything is rendered. A macro
  call inside a tag (<a href="{{ … }}">) is refused: a tag is the author's, whole.
- check_rendered(): the page's HTML after its macros and Markdown ran, before the macros' blocks
  are put back; the net for anything the first reading could not see (a tag assembled around a
  macro's output, an attribute added by Markdown). Macro output is trusted (the renderers escape
  every value from data), so the tags and attributes the inline macros write are allowed there too.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from macros.checks.page_problem import PageProblem, shown

MASK = "\ue000"   # stands for a macro call's characters while the author's HTML is read
_PLACEHOLDER = re.compile(r"dx-stash \S+ \d+")

# Tags a page may contain, and the attributes each may carry besides the global ones.
_TEXT = ("a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em "
         "figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby s samp section "
         "small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr").split()
ALLOWED_TAGS = frozenset(_TEXT)
GLOBAL_ATTRS = frozenset({"id", "class", "title", "lang", "dir", "role", "markdown"})
TAG_ATTRS = {
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "time": {"datetime"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "blockquote": {"cite"}, "q": {"cite"}, "details": {"open"},
}
URL_ATTRS = frozenset({"href", "src", "cite"})
LOCAL_ONLY = frozenset({"src"})   # what the page loads must come from this site
LINK_SCHEMES = ("http:", "https:", "mailto:")

# What the inline macros write (figure, term, event_date, group_title …): allowed in the rendered page.
MACRO_ATTRS = frozenset({"tabindex", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden",
                         "aria-current", "data-value"})
MACRO_TAGS = frozenset({"nav", "data", "aside"})

_ACTIVE = {
    "script": "スクリプト", "style": "スタイル", "iframe": "埋め込みページ", "frame": "埋め込みページ",
    "frameset": "埋め込みページ", "object": "埋め込みオブジェクト", "embed": "埋め込みオブジェクト",
    "applet": "埋め込みオブジェクト", "form": "フォーム", "input": "入力欄", "button": "ボタン", "select": "入力欄",
    "textarea": "入力欄", "svg": "SVG 図形", "math": "数式（MathML）", "meta": "meta 要素", "link": "link 要素",
    "base": "base 要素", "template": "template 要素", "portal": "埋め込みページ", "video": "動画",
    "audio": "音声", "source": "外部の素材", "track": "外部の素材", "picture": "外部の素材", "canvas": "描画領域",
    "noscript": "noscript 要素", "dialog": "ダイアログ", "slot": "slot 要素", "param": "埋め込みオブジェクト",
    "xmp": "古い要素", "plaintext": "古い要素", "listing": "古い要素", "marquee": "古い要素", "blink": "古い要素",
}

_WHAT_TO_WRITE_JA = "文章は Markdown で書き、表や図、検索などが必要ならマクロを頼んでください"
_WHAT_TO_WRITE_EN = "write prose in Markdown, and ask for a macro when a table, chart or form is needed"


def check_source(body: str, file: str, offset: int, spans: list[tuple[int, int]]) -> list[PageProblem]:
    """Problems of the HTML and the Markdown links an author wrote into a page (body = Markdown after
    the front matter; spans = the macro calls in it, which are masked)."""
    masked = _mask(body, spans)
    reader = _Reader(file, offset)
    masked = _AUTOLINK.sub(lambda mt: reader.autolink(mt, masked), masked)
    reader.feed(masked)
    reader.close()
    return reader.problems + _markdown_problems(masked, file, offset)


def check_rendered(page_html: str, file: str, line: int = 1) -> list[PageProblem]:
    """Problems of a rendered page's HTML (macros and Markdown done, blocks not yet put back)."""
    reader = _Reader(file, line - 1, rendered=True)
    reader.feed(page_html)
    reader.close()
    return [PageProblem(p.file, line, p.ja, p.en) for p in reader.problems]


def url_problem(value: str, attr: str) -> tuple[str, str] | None:
    """Why a URL may not stand in attribute attr (href, src, cite), or None."""
    seen = _as_browser_reads(value)
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", seen)
    if attr in LOCAL_ONLY:
        if scheme or seen.startswith("//") or seen.startswith("\\\\") or seen.startswith("/\\"):
            return (f"「{shown(value, 60)}」はこのサイトの外の画像や素材です（読者の閲覧が外部に伝わります）— "
                    "画像はこのサイトの docs/assets/ に置いて相対パスで示してください",
                    f"\"{shown(value, 60)}\" loads an image or resource from outside the site (it tells another "
                    "server who reads the page) — put the file under docs/assets/ and give its relative path")
        return None
    if scheme and not seen.startswith(LINK_SCHEMES):
        return (f"リンク先「{shown(value, 60)}」はスクリプトを動かすか内容を隠すことができます — "
                "このサイトのページか https:// で始まるアドレスにリンクしてください",
                f"the link \"{shown(value, 60)}\" could run a script or hide content — link to a page of this "
                "site or to an https:// address")
    return None


def _as_browser_reads(value: str) -> str:
    """A URL as a browser reads it: entities decoded, control characters and spaces dropped, lower case."""
    text = unicodedata.normalize("NFKC", html.unescape(value))
    return re.sub(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]", "", text).lower()


def _mask(body: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return body
    parts, last = [], 0
    for start, end in spans:
        parts.append(body[last:start])
        parts.append(re.sub(r"[^\n]", MASK, body[start:end]))
        last = end
    parts.append(body[last:])
    return "".join(parts)


class _Reader(HTMLParser):
    def __init__(self, file: str, offset: int, rendered: bool = False):
        super().__init__(convert_charrefs=True)
        self.file, self.line_offset, self.rendered = file, offset, rendered
        self.problems: list[PageProblem] = []

    def _add(self, line: int, ja: str, en: str) -> None:
        self.problems.append(PageProblem(self.file, line + self.line_offset, ja, en))

    def autolink(self, match: re.Match, text: str) -> str:
        """A Markdown autolink <https://…>: checked as a link, then hidden from the HTML reading."""
        line = text.count("\n", 0, match.start()) + 1
        problem = url_problem(match.group(1), "href")
        if problem:
            self._add(line, *problem)
        return re.sub(r"[^\n]", " ", match.group(0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        raw = self.get_starttag_text() or ""
        if MASK in raw:
            self._add(line, "HTML のタグの中にマクロの呼び出しがあります — マクロはタグの外に書くか、必要な表示をマクロとして頼んでください",
                      "a macro call inside an HTML tag — write the macro outside the tag, or ask for a macro "
                      "that shows what is needed")
            return
        allowed_tags = ALLOWED_TAGS | MACRO_TAGS if self.rendered else ALLOWED_TAGS
        if tag not in allowed_tags:
            what = _ACTIVE.get(tag)
            ja = (f"<{shown(tag, 20)}>（{what}）はページに書けません" if what
                  else f"<{shown(tag, 20)}> はページに書ける HTML のタグではありません")
            en = (f"<{shown(tag, 20)}> is not allowed in a page" if what
                  else f"<{shown(tag, 20)}> is not one of the HTML tags a page may contain")
            self._add(line, f"{ja} — {_WHAT_TO_WRITE_JA}", f"{en} — {_WHAT_TO_WRITE_EN}")
            return
        allowed = GLOBAL_ATTRS | TAG_ATTRS.get(tag, set())
        for name, value in attrs:
            where = line + _line_in_tag(raw, name)
            problem = attribute_problem(tag, name, value, allowed, self.rendered)
            if problem:
                self._add(where, *problem)

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        if self.rendered and _PLACEHOLDER.fullmatch(data):
            return   # where a macro's block waits for the Markdown pass to end (render/blocks.py)
        if "<" in data or "dx-" in data or "[if" in data.lower() or MASK in data:
            self._add(self.getpos()[0], "HTML のコメントの中に HTML やマクロがあります（読者にも検査にも見えません）— コメントは消してください",
                      "an HTML comment holds markup or a macro call (neither readers nor the checks see it) — "
                      "remove the comment")

    def handle_decl(self, decl: str) -> None:
        self._declaration()

    def unknown_decl(self, data: str) -> None:
        self._declaration()

    def handle_pi(self, data: str) -> None:
        self._declaration()

    def _declaration(self) -> None:
        self._add(self.getpos()[0], "「<!…>」「<?…>」のような宣言はページに書けません — 消してください",
                  "declarations such as <!…> or <?…> are not allowed in a page — remove it")


def attribute_problem(tag: str, name: str, value: str | None, allowed: frozenset[str] | set[str],
                      rendered: bool = False) -> tuple[str, str] | None:
    if name.startswith("on"):
        return (f"<{shown(tag, 20)}> の {shown(name, 30)}= はスクリプトを動かす属性で、ページに書けません — 消してください",
                f"{shown(name, 30)}= on <{shown(tag, 20)}> runs a script and is not allowed in a page — remove it")
    if name not in allowed and not (rendered and (name in MACRO_ATTRS or name.startswith("aria-"))):
        return (f"<{shown(tag, 20)}> の属性 {shown(name, 30)} はページに書けません（使える属性: "
                f"{', '.join(sorted(allowed))}）— 消してください",
                f"the attribute {shown(name, 30)} on <{shown(tag, 20)}> is not allowed in a page (allowed: "
                f"{', '.join(sorted(allowed))}) — remove it")
    if name in URL_ATTRS and value is not None:
        return url_problem(value, "src" if tag == "img" and name == "src" else name)
    return None


def _line_in_tag(raw: str, name: str) -> int:
    """Lines between the start of a tag and its attribute name (0 when on the tag's first line)."""
    match = re.search(r"[\s\"'/]" + re.escape(name) + r"(?=[\s=/>]|$)", raw, re.IGNORECASE)
    return raw.count("\n", 0, match.start() + 1) if match else 0


# ------------------------------------------------------------------------------ Markdown's own links

_AUTOLINK = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*|mailto:[^<> ]+|[^<> !]+@[^@<> ]+)>")
_LINK = re.compile(r"(!?)\[(?:[^\]\n]|\][^(\[\n])*\]\(\s*<?([^)>\s]*)")          # [text](target), ![alt](src)
_IMAGE_REF = re.compile(r"!\[([^\]\n]*)\](?:\s?\[([^\]\n]*)\]|(?!\())")            # ![alt][label], ![label]
_REF_DEF = re.compile(r"^[ ]{0,3}\[([^\]\n]+)\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)   # [label]: target
_ATTR_LIST = re.compile(r"\{(?![{%#])\:?[ ]*([^\}\n ][^\}\n]*)[ ]*\}")   # not a template's {% or {#
_ATTR_PAIR = re.compile(r"""([^\s=#.]+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")


def _markdown_problems(text: str, file: str, offset: int) -> list[PageProblem]:
    out = []

    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos) + 1 + offset

    defs: dict[str, tuple[str, int]] = {}
    for match in _REF_DEF.finditer(text):
        defs[match.group(1).strip().lower()] = (match.group(2), match.start())
        problem = url_problem(match.group(2), "href")
        if problem:
            out.append(PageProblem(file, line_of(match.start()), *problem))
    for match in _LINK.finditer(text):
        target = match.group(2)
        problem = url_problem(target, "src" if match.group(1) else "href")
        if problem:
            out.append(PageProblem(file, line_of(match.start(2)), *problem))
    for match in _IMAGE_REF.finditer(text):   # an image by reference loads what its definition names
        label = (match.group(2) or match.group(1)).strip().lower()
        if label in defs:
            problem = url_problem(defs[label][0], "src")
            if problem:
                out.append(PageProblem(file, line_of(match.start()), *problem))
    for match in _ATTR_LIST.finditer(text):
        for pair in _ATTR_PAIR.finditer(match.group(1)):
            name = pair.group(1).lower()
            value = next((g for g in pair.groups()[1:] if g is not None), "")
            problem = attribute_problem("…", name, value, GLOBAL_ATTRS | URL_ATTRS - LOCAL_ONLY)
            if problem:
                out.append(PageProblem(file, line_of(match.start()), *problem))
    return out
