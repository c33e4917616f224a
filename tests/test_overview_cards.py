"""总览's cards as one HTML block a document (content.overview.cards_html): what each card says,
and nothing an imported file names is taken as markup."""

from __future__ import annotations

from content.overview import UNCONFIRMED_HELP, cards_html
from tests.conftest import overview_cards


class _Html:  # what AppTest gives for st.html
    def __init__(self, body: str) -> None:
        self.proto = type("Proto", (), {"body": body})()


class _Page:
    def __init__(self, *bodies: str) -> None:
        self.bodies = bodies

    def get(self, kind: str):
        assert kind == "html"
        return [_Html(b) for b in self.bodies]


def card(label, value, delta=None, help_text=None, confirmed=None):
    return {"county_id": "x", "label": label, "value": value, "delta": delta, "help": help_text, "confirmed": confirmed}


def test_cards_say_value_change_and_unconfirmed():
    html = cards_html([
        card("支出合计", "8,815.77 万元", "-56.06 万元（较上年）", confirmed=True),
        card("项目支出", "1,417.57 万元", "+444.73 万元（较上年）", confirmed=False),
        card("三公经费合计", None, help_text="公开文件未列示该数"),
        card("项目个数", "29 个", help_text="不含重复列示的上年计划表"),
    ])
    got = overview_cards(_Page(html))
    assert [(c.label, c.value, c.delta, c.help) for c in got] == [
        ("支出合计", "8,815.77 万元", "-56.06 万元（较上年）", ""),
        ("项目支出（未核实）", "1,417.57 万元", "+444.73 万元（较上年）", UNCONFIRMED_HELP),
        ("三公经费合计", "未公开", "", "公开文件未列示该数"),
        ("项目个数", "29 个", "", "不含重复列示的上年计划表"),
    ]
    assert "↓ -56.06" in html and "↑ +444.73" in html  # the arrow follows the sign
    assert html.count('class="budget-cards"') == 1 and "grid-template-columns:repeat(4" in html


def test_a_hostile_label_is_text_not_markup():
    html = cards_html([card('<img src=x onerror="alert(1)">支出', '<b>1</b> 万元', help_text='"><script>x</script>')])
    assert "<img" not in html and "<script>" not in html and "<b>" not in html
    [got] = overview_cards(_Page(html))
    assert got.label == '<img src=x onerror="alert(1)">支出' and got.value == "<b>1</b> 万元"
