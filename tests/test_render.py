"""Each renderer, in both languages, on the small fixture plan."""

from __future__ import annotations

import re

import pytest

from macros.render import glossary, grades, initiatives, kpis, plan, tables
from macros.render.html import Ctx, esc


def ctx(site, lang: str, url: str = "plans/sample/") -> Ctx:
    return Ctx(site=site, lang=lang, page_url=url)


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_plan_header(mini_site) -> None:
    data = mini_site.plan("sample")
    ja = plan.plan_header(data, ctx(mini_site, "ja"))
    en = plan.plan_header(data, ctx(mini_site, "en"))
    assert "令和7年度～令和9年度" in ja and "令和7年6月" in ja and "第2.0版" in ja
    assert "FY2025–FY2027" in en and "June 2025" in en and "Version 2.0" in en


def test_plan_list_links_relative_to_page(mini_site) -> None:
    html = plan.plan_list(mini_site, ctx(mini_site, "en", url=""))
    assert 'href="plans/sample/"' in html and "<caption>Plans on this site</caption>" in html


def test_figure_and_timeline(mini_site) -> None:
    data = mini_site.plan("sample")
    assert plan.figure(data, "respondents", ctx(mini_site, "ja")) == "1,104人"
    assert plan.figure(data, "respondents", ctx(mini_site, "en")) == "1,104 people"
    assert plan.event_date(data, "policy", ctx(mini_site, "ja")) == "令和3年12月"
    assert "December 2021" in plan.timeline(data, ctx(mini_site, "en"))


def test_text_list_keeps_printed_codes(mini_site) -> None:
    html = plan.text_list(mini_site.plan("sample"), "principles", ctx(mini_site, "en"))
    assert "Article 1" in html and "第1条" not in html and "Start from users" in html and "<ol" not in html
    ja = plan.text_list(mini_site.plan("sample"), "principles", ctx(mini_site, "ja"))
    assert "第1条" in ja  # as printed


def test_structure_tree(mini_site) -> None:
    html = plan.structure(mini_site.plan("sample"), ctx(mini_site, "ja"))
    assert "A-①" in html and "LINE公式アカウントの活用" in html


def test_roadmap_grid_spans_years_and_marks_uncertainty(mini_site) -> None:
    data = mini_site.plan("sample")
    ja = initiatives.roadmap(data, "a", ctx(mini_site, "ja"))
    en = initiatives.roadmap(data, "a", ctx(mini_site, "en"))
    assert ja.count('<th scope="col">令和') == 5 and "令和5年度" in ja
    assert 'colspan="4"' in ja and "時期不確定" in ja and "開始年度が読み取れない" in ja and "再構成" in ja
    assert "Timing uncertain" in en and "Completed (FY2023)" in en


def test_initiative_detail(mini_site) -> None:
    data = mini_site.plan("sample")
    ja = initiatives.initiatives(data, "a-1", ctx(mini_site, "ja"))
    en = initiatives.initiatives(data, "a-1", ctx(mini_site, "en"))
    assert "{#initiative-line-account}" in ja
    assert "令和9年度まで：友だち登録の拡大" in ja and "By FY2027: More registered friends" in en
    assert "ＤＸ推進課" in ja and "DX Promotion Division" in en
    assert "年度別の取組と目標" in ja and "Actions and goals by fiscal year" in en
    assert "LINE友だち件数" in ja


def test_kpi_progress_is_direction_honest(mini_site) -> None:
    data = mini_site.plan("sample")
    ja = visible(kpis.kpi_table(data, ctx(mini_site, "ja")))
    en = visible(kpis.kpi_table(data, ctx(mini_site, "en")))
    # (21700 - 16401) / (27000 - 16401) = 49.99… -> 50%
    assert "16,401件" in ja and "27,000件" in ja and "50%" in ja and "目標に向けて改善" in ja
    assert "16,401" in en and "27,000" in en and "Improving towards the target" in en
    assert "No result recorded since the baseline" in en
    # yearly targets computed from baseline 43 + 10 a year
    assert "53 procedures" in en and "83 procedures" in en


def test_table_derived_column_and_printed_disagreement(mini_site) -> None:
    data = mini_site.plan("sample")
    ja = tables.data_table(data, "seal-review", ctx(mini_site, "ja"))
    en = tables.data_table(data, "seal-review", ctx(mini_site, "en"))
    assert "87.5%" in ja and "出典の表記" in ja and "再計算値：33.3%" in ja
    assert "As printed in the source; recomputed: 33.3%" in en
    assert "令和4年度時点" in ja and "As of FY2022" in en


def test_glossary_order_and_term_link(mini_site) -> None:
    data = mini_site.plan("sample")
    ja = glossary.glossary(data, ctx(mini_site, "ja", "plans/sample/glossary/"))
    en = glossary.glossary(data, ctx(mini_site, "en", "plans/sample/glossary/"))
    assert ja.index("RPA") < ja.index("オープンデータ")  # あ before お
    assert en.index("open data") < en.index("RPA")  # o before r
    link = glossary.term(data, "open-data", ctx(mini_site, "en", "plans/sample/"))
    assert link == '<a href="glossary/#term-open-data" class="dx-term">open data</a>'


def test_grade_summary_is_counted(mini_site) -> None:
    html = visible(grades.grade_summary(mini_site.plan("sample"), ctx(mini_site, "en")))
    assert "A: achieved" in html and "50.0%" in html and "Total" in html


@pytest.mark.parametrize("payload", ["{{ 1 + 1 }}", "{% if x %}", "<script>alert(1)</script>", "*a* _b_"])
def test_data_text_is_inert(payload: str) -> None:
    out = esc(payload)
    assert not set("{}<>*_") & set(out)


def test_japanese_in_english_pages_is_marked() -> None:
    from macros.publish.lang_marks import mark_japanese

    out = mark_japanese('<p>Ishinomaki City (石巻市) <a title="石巻">石巻市ＤＸ推進計画</a></p><script>x="日本"</script>')
    assert '(<span lang="ja">石巻市</span>)' in out
    assert 'title="石巻"' in out and '<span lang="ja">石巻市ＤＸ推進計画</span>' in out
    assert '<script>x="日本"</script>' in out


def test_print_view_joins_pages_with_unique_ids() -> None:
    from macros.publish.print_view import join_pages

    def page(body: str) -> str:
        return ('<html><script>var __md_scope={"base": ".."}</script><link href="../assets/a.css">'
                f'<article class="md-content__inner md-typeset">{body}</article></html>')

    out = join_pages(page('<h2 id="x">A</h2><a href="kpis/">k</a>'),
                     [(page('<h2 id="x">A</h2><a href="kpis/">k</a>'), True),
                      (page('<h2 id="x">B</h2><a href="#x">to B</a>'), False)], "<p>plan</p>")
    assert 'id="p1-x"' in out and 'id="p2-x"' in out and 'href="#p2-x"' in out
    assert 'href="../kpis/"' in out and 'href="../../assets/a.css"' in out and '"base": "../.."' in out


def test_basis_marks_show_the_word_and_the_reason_in_both_languages(mini_site) -> None:
    """A reconstructed roadmap bar carries a visible mark that opens to its reason (no hover-only title)."""
    data = mini_site.plan("sample")
    ja = initiatives.roadmap(data, "a", ctx(mini_site, "ja"))
    en = initiatives.roadmap(data, "a", ctx(mini_site, "en"))
    assert '<details class="dx-basis dx-basis-reconstructed"><summary class="dx-basis-word">再構成</summary>' in ja
    assert '<span class="dx-basis-reason">開始年度が読み取れない</span>' in ja
    assert '<summary class="dx-basis-word">reconstructed</summary>' in en and "The start year cannot be read" in en
    assert "title=" not in ja.split("dx-basis", 1)[1].split("</details>", 1)[0]
    # the bar printed as given has no mark
    assert ja.count("<details") == 1


def test_basis_mark_inside_prose_writes_the_reason_out(mini_site) -> None:
    from macros.core import models as m
    from macros.render import basis

    inferred = m.Basis(kind="inferred", reason=m.Text(ja="比較から推定", en="From a comparison"),
                       source=m.SourceRef(page=12))
    ja = basis.mark(inferred, ctx(mini_site, "ja"), inline=True)
    en = basis.mark(inferred, ctx(mini_site, "en"), inline=True)
    assert "［推定：比較から推定（原文の該当箇所：p.12）］" in ja and "<details" not in ja
    assert "[inferred: From a comparison (where in the source: p. 12)]" in en
    assert basis.mark(m.Basis(kind="stated"), ctx(mini_site, "ja")) == ""


def test_completed_by_year_shows_no_completion_year(mini_site) -> None:
    """Where the source only says 「令和６年度末までに完了」, no completion year is made up, and the
    ● line of a completed initiative is labelled as what was done, not as what the city will do."""
    from macros.core import models as m

    data = mini_site.plan("sample")
    done = next(i for i in data.initiatives if i.status == "completed")
    record = done.model_dump(exclude_none=True) | {"completed_by_fy": 2024,
                                                   "direction": {"ja": "導入した", "en": "Introduced it"}}
    record.pop("completed_fy")
    ini = m.Initiative.model_validate(record)
    assert initiatives.status_text(ini, ctx(mini_site, "ja")) == "完了（令和6年度末までに）"
    assert initiatives.status_text(ini, ctx(mini_site, "en")) == "Completed (by the end of FY2024)"
    ja = initiatives.initiative_detail(data, ini, ctx(mini_site, "ja"))
    en = initiatives.initiative_detail(data, ini, ctx(mini_site, "en"))
    assert "実施した取組" in ja and "今後の取組" not in ja
    assert "What the city did" in en and "What the city will do" not in en
    with pytest.raises(ValueError, match="not both"):
        m.Initiative.model_validate(record | {"completed_fy": 2023})


def test_event_printed_date_is_shown_as_printed_in_japanese(mini_site) -> None:
    """A date the source prints in both calendars (2021年（令和3年）) is shown so; English keeps its own form."""
    from macros.core import models as m

    event = m.Event.model_validate({"id": "acts", "year": 2021, "printed": "2021年（令和3年）",
                                    "label": {"ja": "成立", "en": "Enacted"}})
    assert plan.event_when(event, ctx(mini_site, "ja")) == "2021年（令和3年）"
    assert plan.event_when(event, ctx(mini_site, "en")) == "2021"
    with pytest.raises(ValueError, match="another year"):
        m.Event.model_validate({"id": "acts", "year": 2022, "printed": "2021年（令和3年）",
                                "label": {"ja": "成立", "en": "Enacted"}})
def test_printed_figure_is_shown_as_printed_and_the_recomputed_one_shows_the_difference() -> None:
    """白河市: the source prints 0.01% where 12 / 63,186 is 0.0190%: not 「0.0%（…再計算値：0.0%）」."""
    from decimal import Decimal

    from macros.core.load import load_site
    from tests.conftest import ROOT

    site = load_site(ROOT)
    data = site.plan("shirakawa")
    ja = re.sub(r"<[^>]+>", "", tables.data_table(data, "my-number-card-issuance", ctx(site, "ja", "plans/shirakawa/")))
    en = re.sub(r"<[^>]+>", "", tables.data_table(data, "my-number-card-issuance", ctx(site, "en", "plans/shirakawa/")))
    assert "0.01%（出典の表記。再計算値：0.02%）" in ja
    assert "0.01% (As printed in the source; recomputed: 0.02%)" in en
    assert "0.0%（出典の表記" not in ja
    # the rule itself: the fewest digits at which the two differ, never fewer than printed
    printed, computed = tables.printed_and_recomputed(0.01, Decimal("0.018991548760801443"), 1)
    assert printed == (Decimal("0.01"), 2) and computed == (Decimal("0.02"), 2)
    printed, computed = tables.printed_and_recomputed("30.0", Decimal("33.3333"), 1)
    assert printed == (Decimal("30.0"), 1) and computed == (Decimal("33.3"), 1)
    printed, computed = tables.printed_and_recomputed(12.3, Decimal("12.34"), 0)
    assert computed == (Decimal("12.34"), 2)


def test_every_plan_overview_says_its_explanations_are_summaries_and_names_the_original() -> None:
    from macros.core.load import load_site
    from tests.conftest import ROOT

    site = load_site(ROOT)
    for plan_id, data in site.plans.items():
        for lang, words in (("ja", "このサイトの解説は原本の要約です"), ("en", "our summaries of the original")):
            html = plan.plan_header(data, ctx(site, lang, f"plans/{plan_id}/"))
            assert words in html, (plan_id, lang)
            assert esc(data.plan.source.title.ja if lang == "ja" else data.plan.source.title.en) in html
            assert data.plan.source.url is None or f'href="{data.plan.source.url}"' in html
            assert data.plan.source.url or data.plan.source.where, f"{plan_id}: say where the original is"
            assert data.plan.source.file not in html and ".txt" not in html  # the internal text file never shows


def test_overdue_update_is_the_sites_notice_apart_from_the_plans_words(mini_site) -> None:
    import dataclasses
    import datetime as dt

    data = mini_site.plan("sample")
    late = dataclasses.replace(ctx(mini_site, "ja"), today=dt.date(2026, 11, 22))
    html = kpis.kpi_table(data, late)
    assert '<span class="dx-site-notice" role="note"><span class="dx-site-notice-label">サイトからのお知らせ</span>' in html
    assert "計画の記載ではなく、このサイトの点検結果です" in html
    # the status words themselves carry no notice: the notice is its own element
    status_words = kpis.status(data.kpis[0], "ja", dt.date(2026, 11, 22))[1]
    assert "更新" not in status_words
    en = kpis.kpi_table(data, dataclasses.replace(ctx(mini_site, "en"), today=dt.date(2026, 11, 22)))
    assert "Site notice</span>" in en and "not part of the plan" in en
    assert "dx-site-notice" not in kpis.kpi_table(data, ctx(mini_site, "ja"))  # no date, no notice


def test_site_glossary_one_headword_for_a_term_several_plans_explain() -> None:
    """SDGs (白河市) and ＳＤＧｓ（持続可能な開発目標） (石巻市): one headword, each plan's definition under it."""
    import unicodedata

    from macros.core.load import load_site
    from macros.render import portal
    from tests.conftest import ROOT

    site = load_site(ROOT)
    users = [(p, t) for p in site.plans.values() for t in p.terms
             if portal.headword(t.term.ja)[0].casefold() == "sdgs"]
    assert len({p.id for p, _ in users}) >= 2
    for lang in ("ja", "en"):
        html = portal.all_glossary(site, ctx(site, lang, "glossary/"))
        entries = re.findall(r"<dt id=\"glossary-[^\"]*\">(.*?)</dt><dd>(.*?)</dd>", html)
        sdgs = [(dt, dd) for dt, dd in entries
                if unicodedata.normalize("NFKC", re.sub(r"<[^>]+>", "", dt)).startswith("SDGs")]
        assert len(sdgs) == 1, lang
        for data, term in users:
            assert esc(f"{data.plan.municipality.ja if lang == 'ja' else data.plan.municipality.en}") in sdgs[0][1]
            assert esc(term.definition.ja if lang == "ja" else term.definition.en) in sdgs[0][1]
    assert portal.headword("ＳＤＧｓ（持続可能な開発目標）") == ("SDGs", "持続可能な開発目標")


def test_home_and_dashboard_count_a_plans_own_initiatives_and_say_the_reviewed_ones_apart() -> None:
    """伊達市 reviews the earlier edition's actions: they are not counted as its own initiatives on either
    page, and they are not hidden either. Counts come from the data."""
    from macros.core.load import load_site
    from macros.render import portal
    from tests.conftest import ROOT

    site = load_site(ROOT)
    for lang in ("ja", "en"):
        home, dashboard = portal.plan_overview(site, ctx(site, lang, "")), portal.at_a_glance(site, ctx(site, lang, ""))
        for data in site.plans.values():
            own = len(data.current_initiatives())
            reviewed = len(data.initiatives) - own
            name = esc(data.plan.municipality.ja if lang == "ja" else data.plan.municipality.en)
            for html in (home, dashboard):
                row = next(r for r in html.split("<tr") if f">{name}<" in r)
                counted = re.search(r'class="dx-num"[^>]*>(?:<div class="dx-cell-label">[^<]*</div>'
                                    r'<div class="dx-cell-value">)?(\d+)', row)
                assert counted and int(counted.group(1)) == own, (data.id, lang)
                assert (f"{reviewed}" in row.split("dx-note")[-1]) if reviewed else "dx-note" not in row, (data.id, lang)
