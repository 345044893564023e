"""The whole plan on one page, for printing: the plan's built pages joined in navigation order.

Built pages are read by the one HTML parser (built_html.py), so the print view shows exactly what
the pages show. Each joined page keeps its own anchors under a prefix (p2-roadmap), so ids stay
unique and in-page links still work; the page-info aside (last updated, edit link) is left out.
The print view is the parser's serialisation of the overview page with its article replaced.
"""

from __future__ import annotations

import re

from macros.publish import print_toc
from macros.publish.built_html import LexborNode, is_element, parse

# an address with a scheme (https:, mailto:, data:): not relative (read from an attribute's value)
_SCHEME = re.compile(r"[a-z]+:")
_LINKS = ("href", "src")


def _elements(root: LexborNode):
    stack = [root.child]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        stack.append(node.next)
        if is_element(node.tag):
            yield node
            stack.append(node.child)


def _relative(value: str) -> bool:
    return not value.startswith(("#", "/")) and _SCHEME.match(value) is None


def _deeper(root: LexborNode) -> None:
    """Relative links of a page one folder up (the plan's overview), seen from print/."""
    for node in _elements(root):
        attrs = node.attributes
        for name in _LINKS:
            value = attrs.get(name)
            if value is not None and _relative(value):
                node.attrs[name] = f"../{value}"


def _prefix_ids(root: LexborNode, prefix: str) -> None:
    for node in _elements(root):
        attrs = node.attributes
        if attrs.get("id"):
            node.attrs["id"] = prefix + attrs["id"]
        href = attrs.get("href")
        if href is not None and href.startswith("#"):
            node.attrs["href"] = f"#{prefix}{href[1:]}"
        labelled = attrs.get("aria-labelledby")
        if labelled:
            node.attrs["aria-labelledby"] = " ".join(prefix + i for i in labelled.split())


def _article(tree) -> LexborNode | None:
    return tree.css_first("article.md-content__inner")


def article(html: str) -> str:
    """The inside of a built page's article (empty without one)."""
    found = _article(parse(html))
    return found.inner_html if found is not None else ""


def _base_one_level_deeper(tree) -> None:
    """Material's inline config names the site root relatively ("base": "../.."), for search:
    the first script that names it gets one more level."""
    for script in tree.css("script"):
        text = script.text(deep=True)
        key = text.find('"base"')
        if key < 0:
            continue
        quote = text.find('"', text.find(":", key) + 1)
        if quote < 0:
            continue
        new = text[:quote + 1] + "../" + text[quote + 1:]
        while script.child is not None:
            script.child.decompose()
        script.insert_child(new)
        return


def _switch_to_print_view(shell, plan_id: str) -> None:
    """The language switch leads to the other language's print view (the shell's links lead to the
    overview, and after _deeper to the overview's folder): ../../../en/plans/x/ -> …/x/print/, .././ -> ./"""
    for link in shell.css("a[hreflang]"):
        href = link.attributes.get("href") or ""
        if href == ".././":
            link.attrs["href"] = "./"
        elif href.endswith(f"plans/{plan_id}/"):
            link.attrs["href"] = href + "print/"


def _retitle(shell, title: str) -> None:
    """Its own title: the shell is the overview page, whose title it would otherwise repeat."""
    node = shell.css_first("title")
    if node is None:
        return
    while node.child is not None:
        node.child.decompose()
    node.insert_child(title)


def join_pages(shell_html: str, pages: list[tuple[str, bool]], heading: str, *, title: str = "",
               plan_id: str = "") -> str:
    """pages: (built HTML, is the overview one folder up). Returns the shell with one long article,
    titled `title`, with a table of contents of every page and section, its language switch leading
    to the other language's print view of plan `plan_id`."""
    parts: list[str] = []
    found: list[print_toc.Entry] = []
    for number, (html, shallower) in enumerate(pages, start=1):
        content = _article(parse(html))
        if content is None:
            parts.append('<section class="dx-print-part"></section>')
            continue
        for aside in content.css("aside.dx-page-info"):
            aside.decompose()
        _prefix_ids(content, f"p{number}-")
        if shallower:
            _deeper(content)
        entry = print_toc.part_headings(content)
        if entry is not None:
            found.append(entry)
        parts.append(f'<section class="dx-print-part">{content.inner_html}</section>')
    # the shell is the overview page, one folder up from print/: its own links go one level deeper
    shell = parse(shell_html)
    _deeper(shell.root)
    _base_one_level_deeper(shell)
    if title:
        _retitle(shell, title)
    if plan_id:
        _switch_to_print_view(shell, plan_id)
    lang = "en" if (shell.css_first("html").attributes.get("lang") or "") == "en" else "ja"
    contents = print_toc.in_article(found, lang) if found else ""
    toc = shell.css_first('ul.md-nav__list[data-md-component="toc"]')
    if toc is not None and found:
        toc.inner_html = print_toc.sidebar_items(found)
    target = _article(shell)
    if target is None:
        return shell.html
    target.inner_html = heading + contents + "".join(parts)
    return shell.html
