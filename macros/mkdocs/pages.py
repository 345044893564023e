"""Steps: every page rendered by the one page renderer (macros/checks/pages.py), sandboxed.

Why not mkdocs-macros: it renders pages with a full jinja2.Environment that it builds itself in its
on_config, after our module's define_env has run, and no option of it (j2_* settings, render_by_default,
include_dir) chooses a sandboxed environment; a page then reaches Python (`{{ cycler.__init__.__globals__
.os.popen(…) }}` ran as the building user). Switching its rendering off (render_by_default: false) still
leaves its second path: a page that says `render_macros: true` in its front matter, and its page-title
pass, re-render with that environment, also the output of our macros (text from data). So the macros
plugin is not used at all, and pages are rendered here, by the same code `dxplans check` runs:

- check_every_page (pre_build): every page of docs/ja and docs/en is read and checked (template, HTML, links, front
  matter, twins, typed figures) before any page is rendered; any problem stops the build with all of
  them, each as file:line in Japanese and English.
- render_page (page_markdown): the page's Markdown, checked, compiled from the checked tree and rendered in the
  sandbox, the macros' HTML blocks set aside for the step put_blocks_back.
- check_rendered_html (page_content, before the blocks are put back): the rendered page's HTML is held to the same
  allowlist, the net for a tag assembled around a macro's output or an attribute Markdown added.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from macros.checks import page_html
from macros.checks.data_text import check_data_texts
from macros.checks.pages import LANGS
from macros.core.messages import staff_text
from macros.mkdocs import serve
from macros.mkdocs.glue import cached_pages, refuse_untrusted_files


def _stop(problems) -> None:
    lines = "\n".join(map(str, problems))
    raise PluginError(f"The site was not built: {len(problems)} problem(s) in the pages. "
                      f"Fix each line, then build again ('dxplans check' lists them all):\n{lines}\n")


def _where(page) -> tuple[str, str, str]:
    """(lang, path under the language folder, file as staff see it) of a page."""
    src = page.file.src_uri
    lang, _, rel = src.partition("/")
    if lang not in LANGS:   # a page outside the language folders (refused in on_pre_build)
        return getattr(page.file, "locale", None) or "ja", src, f"docs/{src}"
    return lang, rel, f"docs/{lang}/{rel}"


def check_every_page(ctx, config) -> None:
    refuse_untrusted_files(ctx.root)  # links, files docs/ may not publish, hidden characters: first
    pages = cached_pages(ctx.root)
    if serve.serving() and not serve.STATE.data_problems:
        # the preview also shows what `dxplans check` says of each data text (ja/en numbers, a figure
        # retyped into our prose), so staff see it as they save, not first in the pull request's check
        serve.STATE.data_problems = [staff_text(p) for p in check_data_texts(ctx.root)]
    if pages.problems and serve.serving():   # the preview shows each page's problems on that page
        print("\n".join(map(str, pages.problems)))
    elif pages.problems:
        _stop(pages.problems)


def render_page(ctx, markdown: str, page, config, files) -> str:
    if serve.serving() and serve.STATE.data_problems:   # `make serve`: the data's problems on every page
        return serve.data_box()
    pages = cached_pages(ctx.root)
    lang, rel, file = _where(page)
    checked = pages.pages.get(file)
    if checked is None or checked.template.body != markdown:   # changed since, or written by another plugin
        checked = pages.renderer.read(file, page.file.content_string, lang, rel, body=markdown)
    if checked.problems:
        if serve.serving():   # `make serve`: the page shows its problems until they are fixed
            return serve.page_box(checked.problems)
        _stop(checked.problems)
    return pages.renderer.render(checked, key=page.file.src_uri).markdown


def check_rendered_html(ctx, html: str, page, config, files) -> str:
    if serve.serving() and 'class="dx-serve-problems"' in html:
        return html   # the preview's box stands in for the page
    problems = page_html.check_rendered(html, _where(page)[2])
    if problems:
        if serve.serving():
            return serve.page_box(problems) + html
        _stop(problems)
    return html
