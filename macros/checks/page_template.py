"""A page is prose and macro calls: the template of a page, read and refused before anything runs.

A page under docs/ is Markdown in which the only template construct is a call of one of the
project's macros with literal arguments, written on its own between double braces:

    {{ figure("ishinomaki", "survey-respondents") }}     {{ initiatives("date", "a-1", level=4) }}

Anything else a template engine could do is refused here, with file:line, before a page is
rendered: blocks ({% set %}, {% include %}, {% raw %}, {% if %} …), comments, whitespace control,
names other than macros ({{ config }}, {{ cycler.__init__.__globals__ … }}), attribute and item
access, filters, string assembly ('<scr' ~ 'ipt>'), arithmetic, and arguments that are not
literals. The check reads the template twice over: Jinja's token stream (blocks, raw and comments
never reach its syntax tree) and its syntax tree (env.parse), where every {{ … }} must be one Call
of a known Name with Const arguments. Only a page that passes is compiled, from the same tree,
and rendered in a jinja2.sandbox.SandboxedEnvironment whose only names are the macros.
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from macros.checks.page_problem import PageProblem, shown

FORM_JA = '{{ マクロ名("計画id", "id") }}'
FORM_EN = '{{ macro_name("plan-id", "id") }}'

# What an id check says about one argument: None (known) or (ja, en) "what is wrong — what to write".
IdCheck = Callable[[str, inspect.BoundArguments], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Call:
    """One macro call of a page: its line in the file and its literal arguments."""

    line: int
    name: str
    args: tuple
    kwargs: tuple[tuple[str, object], ...]


@dataclass
class PageTemplate:
    """A page's template, read and checked. tree is None when the page has problems."""

    file: str
    body: str                    # the Markdown after the front matter, as MkDocs hands it to plugins
    offset: int                  # lines of front matter before body (line in file = line in body + offset)
    problems: list[PageProblem] = field(default_factory=list)
    tree: nodes.Template | None = None
    calls: list[Call] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)   # [start, end) of every {{ … }} in body


def sandbox() -> SandboxedEnvironment:
    """The environment pages are read and rendered in: sandboxed, strict, and without any global name
    (no range, cycler, joiner, lipsum, namespace, dict), filter or test; the macros are the only names a
    page is rendered with."""
    env = SandboxedEnvironment(keep_trailing_newline=True, autoescape=False)
    env.globals.clear()
    env.filters.clear()
    env.tests.clear()
    env.undefined = StrictUndefined
    return env


_ENV = sandbox()


def read_template(body: str, file: str, offset: int, signatures: Mapping[str, inspect.Signature],
                  check_ids: IdCheck | None = None) -> PageTemplate:
    """Check a page's Markdown (front matter removed) as a template; every problem is one PageProblem."""
    page = PageTemplate(file=file, body=body, offset=offset)
    if "{" not in body:
        page.tree = nodes.Template([nodes.Output([nodes.TemplateData(body)])] if body else [])
        return page
    try:
        tokens = list(_ENV.lex(body))
    except TemplateSyntaxError as exc:
        page.problems.append(_syntax(file, exc, offset))
        return page
    page.problems += _token_problems(tokens, file, offset)
    page.spans = _spans(tokens, body)
    tree, whole_page_error = None, None
    if not page.problems:   # the usual case: the whole page is one template, read once
        try:
            tree = _ENV.parse(body)
        except TemplateSyntaxError as exc:
            whole_page_error = exc
        except RecursionError:
            page.problems.append(_problem(file, 1 + offset, *_TOO_DEEP))
            return page
    if tree is not None and all(isinstance(node, nodes.Output) for node in tree.body):
        expressions = [(0, node) for output in tree.body for node in output.nodes
                       if not isinstance(node, nodes.TemplateData)]
    else:   # each {{ … }} on its own: a refused block elsewhere does not hide what is wrong in an expression
        tree, expressions = None, []
        for line, expression in _expressions(tokens):
            try:
                output = _ENV.parse(expression).body
            except TemplateSyntaxError as exc:
                exc.lineno = line + (exc.lineno or 1) - 1
                page.problems.append(_syntax(file, exc, offset))
                continue
            except RecursionError:
                page.problems.append(_problem(file, line + offset, *_TOO_DEEP))
                continue
            node = output[0].nodes[0] if output and isinstance(output[0], nodes.Output) and output[0].nodes \
                else None
            if node is None:
                page.problems.append(_problem(file, line + offset, *_NOT_A_CALL))
            else:
                expressions.append((line - 1, node))
    if whole_page_error is not None and not page.problems and not expressions:
        page.problems.append(_syntax(file, whole_page_error, offset))   # e.g. a {{ that is never closed
    for shift, node in expressions:
        problem, call = _check_expression(node, signatures, check_ids)
        if problem:
            page.problems.append(_problem(file, shift + node.lineno + offset, *problem))
        else:
            page.calls.append(Call(shift + node.lineno + offset, *call))
    if not page.problems:
        page.tree = tree
    return page


def _expressions(tokens: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """(line, template of one {{ … }}) of every {{ … }}; one never closed is read to the end of the page
    and left open (and reported as the syntax error it is)."""
    out, current, line = [], None, 0
    for token_line, kind, value in tokens:
        if kind == "variable_begin":
            current, line = [], token_line
        elif kind == "variable_end" and current is not None:
            out.append((line, "{{" + "".join(current) + "}}"))
            current = None
        elif current is not None:
            current.append(value)
    if current is not None:
        out.append((line, "{{" + "".join(current)))
    return out


def compile_template(page: PageTemplate):
    """The checked page as a Jinja template of the sandbox, compiled from the tree that was checked."""
    assert page.tree is not None, "only a page without problems is compiled"
    code = _ENV.compile(page.tree, filename=page.file)
    return _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None), None)


# --------------------------------------------------------------------------------------- the tokens

_BLOCK_HINTS = {
    "raw": ("{% raw %} はページに書けません（中のテンプレートや HTML が検査を通らずに出ます）",
            "{% raw %} is not allowed in a page (what it holds would bypass the page checks)"),
    "include": ("{% include %} は使えません（ページはほかのファイルを取り込めません）",
                "{% include %} is not allowed (a page cannot take in other files)"),
    "import": ("{% import %} は使えません（ページはほかのファイルを取り込めません）",
               "{% import %} is not allowed (a page cannot take in other files)"),
    "from": ("{% from … import %} は使えません（ページはほかのファイルを取り込めません）",
             "{% from … import %} is not allowed (a page cannot take in other files)"),
    "extends": ("{% extends %} は使えません（ページはほかのファイルを取り込めません）",
                "{% extends %} is not allowed (a page cannot take in other files)"),
    "set": ("{% set %} は使えません（ページに変数は作れません）", "{% set %} is not allowed (a page has no variables)"),
}


def _token_problems(tokens: list[tuple[int, str, str]], file: str, offset: int) -> list[PageProblem]:
    out = []
    for index, (line, kind, value) in enumerate(tokens):
        where = line + offset
        if kind in ("block_begin", "raw_begin"):
            word = next((v for _, k, v in tokens[index + 1:] if k == "name"), "") if kind == "block_begin" else "raw"
            ja, en = _BLOCK_HINTS.get(word, (
                f"「{{% {shown(word, 20)} %}}」のようなテンプレートの命令はページに書けません（条件・繰り返し・変数・取り込みは使えません）",
                f"\"{{% {shown(word, 20)} %}}\": template statements (conditions, loops, variables, includes) "
                "are not allowed in a page"))
            out.append(_problem(file, where, ja + " — 文章は Markdown で、図表や数値はマクロ " + FORM_JA + " で書いてください",
                                en + " — write prose as Markdown and figures through a macro " + FORM_EN))
        elif kind in ("comment_begin", "linecomment_begin"):
            out.append(_problem(
                file, where,
                "「{#」はテンプレートのコメントの始まりで、そこから「#}」までの文章が読者に見えず検査もされません — "
                "コメントは書かないでください（見出しに id を付けるときは {: #id } と書きます）",
                "\"{#\" starts a template comment: the text up to \"#}\" is neither shown nor checked — "
                "write no comments (to give a heading an id, write { #id } as {: #id })"))
        elif kind == "linestatement_begin":  # pragma: no cover - line statements are not switched on
            out.append(_problem(file, where, *_NOT_A_CALL))
        elif kind in ("variable_begin", "variable_end") and value.strip() not in ("{{", "}}"):
            out.append(_problem(
                file, where,
                f"「{shown(value.strip(), 10)}」のような空白の調整はページに書けません — 「{{{{」と「}}}}」だけで書いてください",
                f"whitespace control such as \"{shown(value.strip(), 10)}\" is not allowed in a page — "
                "write plain \"{{\" and \"}}\""))
    return out


def _spans(tokens: list[tuple[int, str, str]], body: str) -> list[tuple[int, int]]:
    """Where each {{ … }} is in body, from the token values (they join up to the body exactly when no
    whitespace control is used, which _token_problems refuses; then the braces are looked for)."""
    if "".join(value for _, _, value in tokens) != body:
        return [(mt.start(), mt.end()) for mt in re.finditer(r"\{\{.*?\}\}", body, re.S)]
    spans, pos, start = [], 0, None
    for _, kind, value in tokens:
        if kind == "variable_begin":
            start = pos
        pos += len(value)
        if kind == "variable_end" and start is not None:
            spans.append((start, pos))
            start = None
    return spans


# --------------------------------------------------------------------------------------- the tree

_NOT_A_CALL = (
    f"ページのテンプレートに書けるのはマクロの呼び出しだけです — {FORM_JA} と書いてください",
    f"a page may contain only macro calls — write {FORM_EN}")
_TOO_DEEP = (
    "括弧や角括弧の入れ子が深すぎて読めません — マクロは " + FORM_JA + " の形で書いてください",
    "brackets are nested too deeply to read — write a macro call as " + FORM_EN)
_ASSEMBLY = (
    "文字列の連結や計算（~ + - * / など）はページに書けません — 文章は Markdown でそのまま書き、数値はマクロで示してください",
    "string assembly and arithmetic (~ + - * / …) are not allowed in a page — write text as Markdown "
    "and show figures through a macro")
_FILTER = (
    "フィルタ（| の後の safe、upper など）はページに書けません — マクロの呼び出しだけを書いてください",
    "filters (after |, such as safe or upper) are not allowed in a page — write the macro call alone")
_ACCESS = (
    "属性や要素の参照（. や [ ]）はページに書けません — マクロの呼び出しだけを書いてください",
    "attribute and item access (. or [ ]) is not allowed in a page — write the macro call alone")
_LITERAL = (
    "マクロの引数は \"文字列\" か数字をそのまま書いてください（変数、計算、連結は使えません）",
    "write each argument of a macro as a literal \"text\" or number (no names, arithmetic or assembly)")


def _check_expression(node: nodes.Node, signatures: Mapping[str, inspect.Signature],
                      check_ids: IdCheck | None) -> tuple[tuple[str, str] | None, tuple | None]:
    """(problem, None) or (None, (name, args, kwargs)) for one {{ … }}."""
    if isinstance(node, nodes.Filter):
        return _FILTER, None
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        return _ACCESS, None
    if isinstance(node, (nodes.Concat, nodes.BinExpr, nodes.UnaryExpr)):
        return _ASSEMBLY, None
    if isinstance(node, nodes.Name):
        return _unknown_or_bare(node.name, signatures), None
    if not isinstance(node, nodes.Call):
        return _NOT_A_CALL, None
    if isinstance(node.node, (nodes.Getattr, nodes.Getitem)):
        return _ACCESS, None
    if not isinstance(node.node, nodes.Name):
        return _NOT_A_CALL, None
    name = node.node.name
    if name not in signatures:
        return _unknown(name, signatures), None
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        return _LITERAL, None
    values = [arg for arg in node.args] + [kw.value for kw in node.kwargs]
    for value in values:
        if isinstance(value, (nodes.Concat, nodes.BinExpr, nodes.UnaryExpr)):
            return _ASSEMBLY, None
        if isinstance(value, nodes.Filter):
            return _FILTER, None
        if isinstance(value, (nodes.Getattr, nodes.Getitem)):
            return _ACCESS, None
        if not isinstance(value, nodes.Const) or not isinstance(value.value, (str, int, bool)) \
                or isinstance(value.value, float):
            return _LITERAL, None
    args = tuple(a.value for a in node.args)
    kwargs = tuple((kw.key, kw.value.value) for kw in node.kwargs)
    signature = signatures[name]
    try:
        bound = signature.bind(*args, **dict(kwargs))
    except TypeError:
        return _arguments(name, signature, len(args), [k for k, _ in kwargs]), None
    typed = _types(name, signature, bound)
    if typed:
        return typed, None
    if check_ids is not None:
        unknown = check_ids(name, bound)
        if unknown:
            return unknown, None
    return None, (name, args, kwargs)


def _unknown(name: str, signatures: Mapping[str, inspect.Signature]) -> tuple[str, str]:
    close = difflib.get_close_matches(name, list(signatures), n=1, cutoff=0.6)
    if close:
        return (f"「{shown(name, 40)}」というマクロはありません — {close[0]} のことなら、そう書いてください",
                f"there is no macro \"{shown(name, 40)}\" — did you mean {close[0]}? Write that name")
    return (f"「{shown(name, 40)}」というマクロはありません — README.md と CONTRIBUTING.md にあるマクロの名前を書いてください",
            f"there is no macro \"{shown(name, 40)}\" — write the name of one of the macros listed in README.md "
            "and CONTRIBUTING.md")


def _unknown_or_bare(name: str, signatures: Mapping[str, inspect.Signature]) -> tuple[str, str]:
    if name in signatures:
        return (f"マクロ {name} が括弧なしで書かれています — {_usage(name, signatures[name])} と書いてください",
                f"the macro {name} is written without brackets — write {_usage(name, signatures[name])}")
    return _unknown(name, signatures)


def _usage(name: str, signature: inspect.Signature) -> str:
    shown_args = []
    for param in signature.parameters.values():
        if param.default is inspect.Parameter.empty:
            shown_args.append(f"\"{param.name.removesuffix('_id')}\"" if _wants(param) is str else param.name)
    return f"{{{{ {name}({', '.join(shown_args)}) }}}}"


def _arguments(name: str, signature: inspect.Signature, given: int, keywords: list[str]) -> tuple[str, str]:
    required = [p.name for p in signature.parameters.values() if p.default is inspect.Parameter.empty]
    optional = [p.name for p in signature.parameters.values() if p.default is not inspect.Parameter.empty]
    unknown = [k for k in keywords if k not in signature.parameters]
    usage = _usage(name, signature)
    extra_ja = f"（省略できる名前付き引数: {', '.join(optional)}）" if optional else ""
    extra_en = f" (optional: {', '.join(optional)}=…)" if optional else ""
    if unknown:
        return (f"マクロ {name} に「{shown(unknown[0], 30)}」という引数はありません{extra_ja} — {usage} と書いてください",
                f"the macro {name} has no argument \"{shown(unknown[0], 30)}\"{extra_en} — write {usage}")
    return (f"マクロ {name} の引数の数が違います（必要 {len(required)} 個、書かれているのは {given} 個）{extra_ja} — "
            f"{usage} と書いてください",
            f"wrong number of arguments for the macro {name} ({len(required)} needed, {given} given){extra_en} — "
            f"write {usage}")


def _wants(param: inspect.Parameter) -> type | None:
    """The literal type a parameter takes, from its annotation (annotations are strings here)."""
    annotation = str(param.annotation)
    if param.default is not inspect.Parameter.empty and param.default is not None:
        return type(param.default)
    for word, kind in (("bool", bool), ("int", int), ("str", str)):
        if word in annotation:
            return kind
    return None


def _types(name: str, signature: inspect.Signature, bound: inspect.BoundArguments) -> tuple[str, str] | None:
    for key, value in bound.arguments.items():
        wanted = _wants(signature.parameters[key])
        if wanted is None or type(value) is wanted:
            continue
        if wanted is str:
            return (f"マクロ {name} の引数 {key} は \"引用符\" で囲んだ文字列で書いてください — {_usage(name, signature)}",
                    f"the argument {key} of the macro {name} is text: write it in \"quotes\" — "
                    f"{_usage(name, signature)}")
        return (f"マクロ {name} の引数 {key} は {'数字' if wanted is int else 'true か false'} で書いてください — "
                f"{_usage(name, signature)}",
                f"the argument {key} of the macro {name} is {'a number' if wanted is int else 'true or false'} — "
                f"{_usage(name, signature)}")
    return None


def _syntax(file: str, exc: TemplateSyntaxError, offset: int) -> PageProblem:
    detail = shown(exc.message or "", 80)
    return _problem(
        file, (exc.lineno or 1) + offset,
        f"ページをテンプレートとして読めません（{detail}）— マクロは {FORM_JA} の形で、括弧と引用符を閉じて書いてください",
        f"the page cannot be read as a template ({detail}) — write a macro call as {FORM_EN}, "
        "with every bracket and quote closed")


def _problem(file: str, line: int, ja: str, en: str) -> PageProblem:
    return PageProblem(file, line, ja, en)
