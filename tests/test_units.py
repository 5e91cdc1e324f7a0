"""Units: the words and scripts of one counted thing fold to one unit (archive/data/units.toml)."""

import pytest

from archive.units import is_money, unit_of


@pytest.mark.parametrize(
    ("counted", "unit"),
    [
        ("accounts", "accounts"),
        ("self-media accounts", "accounts"),
        ("账号", "accounts"),
        ("賬號", "accounts"),
        ("违规主播账号", "accounts"),  # the head of a Chinese phrase comes last
        ("网站", "websites"),
        ("非法網站", "websites"),
        ("websites and platforms", "websites"),  # in English the first thing named
        ("pieces of illegal and harmful information", "information"),
        ("mini-programs and public accounts", "mini programs"),
        ("Live-Streaming Rooms", "live rooms"),
        ("sock puppets", "sock puppets"),  # unknown: itself, in lower case
        ("", ""),
    ],
)
def test_units_fold_words_and_scripts(counted, unit):
    assert unit_of(counted) == unit


def test_money_counts_in_its_currency():
    assert unit_of("", "CNY") == unit_of("yuan fines", "CNY") == "CNY"
    assert is_money("USD") and not is_money("accounts") and not is_money("vpn")
