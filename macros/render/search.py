"""The search page's form: written by a macro, because a page author may not write forms (page rules).

docs/assets/search.js finds the form by data-dx-search and the result areas by the ids named in
its data- attributes; the form is a plain GET form to the page itself, so it works without JavaScript.
"""

from __future__ import annotations

from macros.render.html import Ctx, block, esc

_TEXT = {
    "ja": {
        "form": "サイト内検索",
        "label": "検索する言葉",
        "submit": "検索",
        "help": "例：書かない窓口、テレワーク、マイナンバーカード、生成AI。長い言葉の一部でも、全角・半角のどちらで入力しても探せます。",
        "results": "検索結果",
        "more": "さらに表示",
        "noscript": "この検索ページは JavaScript を使います。JavaScript を有効にするか、左のメニューから各計画のページをご覧ください。",
    },
    "en": {
        "form": "Search this site",
        "label": "Words to search for",
        "submit": "Search",
        "help": "For example: telework, open data, My Number Card, generative AI. Singular and plural forms both match.",
        "results": "Search results",
        "more": "Show more results",
        "noscript": "This search page needs JavaScript. Please turn it on, or browse the plans from the menu.",
    },
}


def search_page(ctx: Ctx) -> str:
    """The search form, its status line, the result list and the "more" button of the search page."""
    t = {key: esc(value) for key, value in _TEXT[ctx.lang].items()}
    return block(
        f'<form class="dx-search" role="search" aria-label="{t["form"]}" action="./" method="get" data-dx-search '
        'data-root="../" data-index="dx-search/" data-status="dx-search-status" data-results="dx-search-results" '
        'data-more="dx-search-more">\n'
        f'<label class="dx-search__label" for="dx-search-q">{t["label"]}</label>\n'
        '<div class="dx-search__row">\n'
        '<input type="search" id="dx-search-q" name="q" autocomplete="off" enterkeyhint="search" '
        'aria-describedby="dx-search-help">\n'
        f'<button type="submit" class="dx-search__button">{t["submit"]}</button>\n'
        '</div>\n'
        f'<p id="dx-search-help" class="dx-search__help">{t["help"]}</p>\n'
        '</form>\n'
        '<p id="dx-search-status" class="dx-search-status" role="status" aria-live="polite"></p>\n'
        f'<ol id="dx-search-results" class="dx-search-results" aria-label="{t["results"]}"></ol>\n'
        f'<button type="button" id="dx-search-more" class="dx-search-more" hidden>{t["more"]}</button>\n'
        f'<noscript><p class="dx-search-status">{t["noscript"]}</p></noscript>')
