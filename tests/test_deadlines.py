"""Deadlines as staff write them in a 台账."""

import datetime as dt

import pytest

from ledger.deadlines import parse_due


@pytest.mark.parametrize(
    "words, expected",
    [
        ("年底前", dt.date(2024, 12, 31)),
        ("年内完成", dt.date(2024, 12, 31)),
        ("上半年", dt.date(2024, 6, 30)),
        ("下半年", dt.date(2024, 12, 31)),
        ("三季度末", dt.date(2024, 9, 30)),
        ("第一季度", dt.date(2024, 3, 31)),
        ("6月底前", dt.date(2024, 6, 30)),
        ("十月", dt.date(2024, 10, 31)),
        ("2月", dt.date(2024, 2, 29)),
        ("2025年3月", dt.date(2025, 3, 31)),
        ("2024-06", dt.date(2024, 6, 30)),
        ("2024-06-15", dt.date(2024, 6, 15)),
        ("2024年6月15日", dt.date(2024, 6, 15)),
        ("12月31日前", dt.date(2024, 12, 31)),
        ("2026年底前", dt.date(2026, 12, 31)),  # a year's end with the year, 年 written once
        ("2025年年底前", dt.date(2025, 12, 31)),
        ("二〇二四年十月", dt.date(2024, 10, 31)),  # a year in characters, as documents date themselves
        ("二零二五年三季度", dt.date(2025, 9, 30)),
        # As colleagues write them in a 台账 (a clerk's sheet refused these).
        ("年中", dt.date(2024, 6, 30)),
        ("10月中旬", dt.date(2024, 10, 20)),
        ("2024年10月上旬前", dt.date(2024, 10, 10)),
        ("11月下旬", dt.date(2024, 11, 30)),
        ("2024年", dt.date(2024, 12, 31)),
        ("2025年度", dt.date(2025, 12, 31)),
        # The plan year named first, a day with 号, a quarter in digits, two thirds of a month (a keeper's sheet
        # was refused for each).
        ("今年年底", dt.date(2024, 12, 31)),
        ("今年6月底前", dt.date(2024, 6, 30)),
        ("本年底", dt.date(2024, 12, 31)),
        ("今年内", dt.date(2024, 12, 31)),
        ("本年度第三季度", dt.date(2024, 9, 30)),
        ("6月30号前", dt.date(2024, 6, 30)),
        ("第3季度", dt.date(2024, 9, 30)),
        ("9月中下旬", dt.date(2024, 9, 30)),
        ("5月上、中旬", dt.date(2024, 5, 20)),
    ],
)
def test_words_give_the_last_day_they_allow_in_the_plan_year(words, expected):
    assert parse_due(words, 2024) == (expected, words)


def test_ongoing_work_keeps_its_words_and_has_no_date():
    assert parse_due("长期坚持", 2024) == (None, "长期坚持")


def test_a_date_is_its_own_label_and_blank_clears():
    assert parse_due(dt.date(2024, 5, 1), 2024) == (dt.date(2024, 5, 1), "2024-05-01")
    assert parse_due("  ", 2024) == (None, "")
    assert parse_due(None, 2024) == (None, "")


@pytest.mark.parametrize("words", ["明年", "13月", "2024-02-30", "尽快", "2025年前", "2025年以前", "今年明年", "第5季度"])
def test_words_that_name_no_deadline_are_refused(words):
    with pytest.raises(ValueError):
        parse_due(words, 2024)
