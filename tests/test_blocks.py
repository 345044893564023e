"""HTML blocks set aside from Markdown and put back (macros/render/blocks.py)."""

from macros.render import blocks
from macros.render.html import block


def test_a_block_round_trips_through_its_placeholder():
    text = "intro\n" + block("<table><tr><td>1</td></tr></table>") + "outro"
    aside = blocks.set_aside(text, "ja/a.md")
    assert "<table>" not in aside and "dx-stash ja/a.md 0" in aside
    assert blocks.put_back(aside, "ja/a.md") == blocks.unmark(text)


def test_nested_blocks_travel_with_their_parent():
    inner = block("<p>inner</p>")
    outer = block(f"<section>{inner}</section>")
    aside = blocks.set_aside(outer + block("<p>second</p>"), "p")
    assert aside.count("dx-stash") == 2
    back = blocks.put_back(aside, "p")
    assert "<p>inner</p>" in back and "<p>second</p>" in back and blocks.START not in back


def test_a_placeholder_of_another_page_or_number_is_left_alone():
    blocks.set_aside(block("<p>mine</p>"), "mine")
    typed = "<!--dx-stash other 0--> <!--dx-stash mine 7-->"
    assert blocks.put_back(typed + "<!--dx-stash mine 0-->", "mine").startswith(typed)


def test_text_without_blocks_is_returned_unchanged():
    assert blocks.set_aside("plain *markdown*", "k") == "plain *markdown*"
    assert blocks.put_back("<p>x</p>", "k") == "<p>x</p>"
