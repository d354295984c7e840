"""benchmark.core.timex_arith: shifting values at their granularity, weekdays."""

from __future__ import annotations

from datetime import date

import pytest

from benchmark.core.timex_arith import (add, date_value, granularity, most_recent_weekday,
                                   next_weekday, to_date, week_value)


@pytest.mark.parametrize("value, amount, unit, expected", [
    ("2017", 1, "Y", "2018"),
    ("2017", -1, "Y", "2016"),
    ("2018-01", -1, "M", "2017-12"),          # month rollover across the year
    ("2017-11", 14, "M", "2019-01"),
    ("2017-11", -1, "Y", "2016-11"),
    ("2017-11-08", 1, "D", "2017-11-09"),
    ("2017-12-31", 1, "D", "2018-01-01"),
    ("2017-11-08", 2, "W", "2017-11-22"),
    ("2017-01-31", 1, "M", "2017-02-28"),     # clipped to the month's end
    ("2016-02-29", 1, "Y", "2017-02-28"),
    ("2017-W46", 1, "W", "2017-W47"),
    ("2017-W52", 1, "W", "2018-W01"),
    ("2017-11-19TNI", -1, "D", "2017-11-18TNI"),
    ("2017-11-19T14:30", 3, "D", "2017-11-22T14:30"),
])
def test_add_keeps_granularity(value, amount, unit, expected):
    assert add(value, amount, unit) == expected


@pytest.mark.parametrize("value, unit", [
    ("2017-11", "D"), ("2017", "M"), ("2017-W46", "D"), ("P3D", "D"), ("PAST_REF", "Y"),
    ("201X", "Y"), ("2017-11-19", "H"),
])
def test_add_rejects(value, unit):
    with pytest.raises(ValueError):
        add(value, 1, unit)


@pytest.mark.parametrize("value, gran, first", [
    ("2017", "Y", date(2017, 1, 1)), ("2017-11", "M", date(2017, 11, 1)),
    ("2017-11-19", "D", date(2017, 11, 19)), ("2017-W46", "W", date(2017, 11, 13)),
])
def test_granularity_and_first_day(value, gran, first):
    assert granularity(value) == gran
    assert to_date(value) == first
    assert date_value(first, gran) == value


# 2017-11-22 is a Wednesday (weekday 2); Monday = 0, Sunday = 6
WED = date(2017, 11, 22)


@pytest.mark.parametrize("weekday, strict, expected", [
    (2, False, date(2017, 11, 22)),   # the DCT's own day
    (2, True, date(2017, 11, 15)),    # "الماضي": strictly before
    (6, False, date(2017, 11, 19)),   # Sunday before a Wednesday
    (3, False, date(2017, 11, 16)),   # Thursday: last week's
    (1, False, date(2017, 11, 21)),
])
def test_most_recent_weekday(weekday, strict, expected):
    assert most_recent_weekday(WED, weekday, strict=strict) == expected


@pytest.mark.parametrize("weekday, expected", [
    (2, date(2017, 11, 29)), (3, date(2017, 11, 23)), (6, date(2017, 11, 26)),
])
def test_next_weekday(weekday, expected):
    assert next_weekday(WED, weekday) == expected


def test_week_value_iso():
    assert week_value(date(2017, 11, 19)) == "2017-W46"
    assert week_value(date(2018, 1, 1)) == "2018-W01"
    assert week_value(date(2016, 1, 1)) == "2015-W53"
