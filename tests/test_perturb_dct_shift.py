"""``dct_shift``: values move with the DCT, date words are respelt, and it round-trips."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.core.documents import Alternative, Document, Timex
from benchmark.gold.loader import load_gold
from benchmark.perturb import perturb
from benchmark.perturb.dct_shift import ORDINALS, DctShift


def one(text: str, value: str, days: int, dct: str = "2017-11-19", type_: str = "DATE",
        alternatives=()):
    doc = Document("d", text, dct, timexes=(
        Timex("t1", 0, len(text), text, type_, value, "DCT", alternatives=alternatives),))
    new = DctShift(days=days).apply(doc, random.Random(0))
    return new.timexes[0].text, new.timexes[0].value, new.dct


@pytest.mark.parametrize("text, value, days, expected", [
    ("19 نوفمبر 2017", "2017-11-19", 15, ("4 ديسمبر 2017", "2017-12-04", "2017-12-04")),
    ("١٩ نوفمبر ٢٠١٧", "2017-11-19", 45, ("٣ يناير ٢٠١٨", "2018-01-03", "2018-01-03")),
    ("19 تشرين الثاني 2017", "2017-11-19", -19, ("31 تشرين الأول 2017", "2017-10-31",
                                                  "2017-10-31")),
    ("الأحد", "2017-11-19", 3, ("الأربعاء", "2017-11-22", "2017-11-22")),
    ("الأحد", "2017-11-19", 7, ("الأحد", "2017-11-26", "2017-11-26")),
    ("اليوم", "2017-11-19", 1, ("اليوم", "2017-11-20", "2017-11-20")),
    ("الثامن من نوفمبر الجاري", "2017-11-08", 3,
     ("الحادي عشر من نوفمبر الجاري", "2017-11-11", "2017-11-22")),
    ("الثامن من نوفمبر الجاري", "2017-11-08", 15,
     ("الثالث والعشرين من نوفمبر الماضي", "2017-11-23", "2017-12-04")),
    ("شهر أكتوبر الماضي", "2017-10", 15, ("شهر نوفمبر الماضي", "2017-11", "2017-12-04")),
    ("شهر أكتوبر الماضي", "2017-10", 5, ("شهر أكتوبر الماضي", "2017-10", "2017-11-24")),
    ("عام 2017", "2017", 60, ("عام 2018", "2018", "2018-01-18")),
    ("مؤخرا", "PAST_REF", 60, ("مؤخرا", "PAST_REF", "2018-01-18")),
])
def test_dct_shift_table(text, value, days, expected):
    assert one(text, value, days) == expected


def test_durations_and_alternative_values():
    assert one("الأيام الثلاثة الماضية", "P3D", 40, type_="DURATION")[:2] == \
        ("الأيام الثلاثة الماضية", "P3D")
    doc = Document("d", "يوم واحد", "2017-11-19", timexes=(Timex(
        "t1", 0, 8, "يوم واحد", "DATE", "2017-11-09", "DCT",
        alternatives=(Alternative(type="DURATION", value="P1D"), Alternative(value="2017-11"))),))
    new = DctShift(days=30).apply(doc, random.Random(0))
    assert [a.value for a in new.timexes[0].alternatives] == ["P1D", "2017-12"]
    assert new.text == doc.text


def test_ordinals_cover_every_day():
    assert len(ORDINALS) == 32 and ORDINALS[8] == "الثامن" and ORDINALS[21] == "الحادي والعشرين"
    assert len(set(ORDINALS)) == 32


def test_zero_days_is_identity():
    doc = load_gold().documents[0]
    assert DctShift(days=0).apply(doc, random.Random(0)) is doc


@settings(max_examples=30, deadline=None)
@given(days=st.integers(-400, 400), seed=st.integers(0, 1000))
def test_round_trip_restores_text_and_gold(days, seed):
    doc = load_gold().documents[0]
    there, sig = perturb(doc, [DctShift(days=days)], seed)
    assert sig == f"dct_shift@1(days={days})|seed:{seed}"
    assert there.dct != doc.dct or days == 0
    back, _ = perturb(there, [DctShift(days=-days)], seed)
    assert back.text == doc.text and back == doc


@pytest.mark.parametrize("text, value, dct, days, expected", [
    # a named month with الماضي is the latest such month before the DCT (gold: مايو الماضي
    # two months back), so the word stays while the month is 1..11 months back
    ("مايو/ أيار الماضي", "2018-05", "2018-07-21", 30,
     ("يونيو/ حزيران الماضي", "2018-06", "DCT")),
    ("الرابع من شهر نوفمبر/ تشرين الثاني القادم", "2018-11-04", "2018-07-21", 30,
     ("الرابع من شهر ديسمبر/ كانون الأول القادم", "2018-12-04", "DCT")),
    ("12 مايو/أيار المقبل", "2018-05-12", "2018-04-29", -45,
     ("28 مارس/آذار الجاري", "2018-03-28", "DCT")),
    # a weekday's relation word is kept: the shift keeps the day before/after the DCT
    ("الخميس الماضي", "2018-06-28", "2018-06-30", 30, ("السبت الماضي", "2018-07-28", "DCT")),
    ("الأحد القادم", "2018-05-20", "2018-05-18", 30, ("الثلاثاء القادم", "2018-06-19", "DCT")),
    ("أمس السبت", "2018-05-19", "2018-05-20", 30, ("أمس الاثنين", "2018-06-18", "DCT")),
    # weeks and parts of day
    ("الأسبوع الماضي", "2018-W36", "2018-09-13", 30, ("الأسبوع الماضي", "2018-W40", "DCT")),
    ("نهاية الاسبوع الماضي", "2018-W28-WE", "2018-07-20", 30,
     ("نهاية الاسبوع الماضي", "2018-W32-WE", "DCT")),
    ("صباح الأربعاء", "2018-04-11TMO", "2018-04-11", 1, ("صباح الخميس", "2018-04-12TMO", "DCT")),
    # no one word says it any more: the expression becomes absolute, the anchor null
    ("الثالث من الشهر الماضي", "2017-10-01", "2017-11-30", 2,
     ("الثالث من أكتوبر 2017", "2017-10-03", None)),
    ("الأول من يونيو الماضي", "2017-06-01", "2018-05-31", 1,
     ("الثاني من يونيو 2017", "2017-06-02", None)),
])
def test_relation_words_and_the_absolute_fallback(text, value, dct, days, expected):
    doc = Document("d", text, dct, timexes=(
        Timex("t1", 0, len(text), text, "TIME" if "T" in value else "DATE", value, "DCT"),))
    t = DctShift(days=days).apply(doc, random.Random(0)).timexes[0]
    assert (t.text, t.value, t.anchor) == expected


def test_an_absolute_date_its_words_cannot_respell_keeps_its_value():
    text = "العام 70م"
    doc = Document("d", text, "2018-12-20", timexes=(
        Timex("t1", 0, len(text), text, "DATE", "0070", None),))
    t = DctShift(days=30).apply(doc, random.Random(0)).timexes[0]
    assert (t.text, t.value) == (text, "0070")
