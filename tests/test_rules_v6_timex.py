"""rules 0.6.0 (TIMEX3): general constructions found missing on the 10 new dev documents
(pool orders 36-45), each tested on sentences written for this file (invented people,
places and events; no sentence copied from a document)."""

from __future__ import annotations

import pytest

from rules_helpers import timex_triples

DCT = "2018-11-21"   # a Wednesday


def _timexes(text: str, dct: str = DCT) -> list[tuple[str, str, str]]:
    return timex_triples(text, dct)


@pytest.mark.parametrize("text, dct, expected", [
    # a hashtag word is a name, not a future verb in سـ: the weekday stays the latest one
    ("التقى وزير الدفاع #ستيفانو_ماركيني، الاثنين، نظيره التونسي.", DCT,
     [("الاثنين", "DATE", "2018-11-19")]),
    ("عثرت الشرطة في بلدة #سيلبورن، السبت، على سيارة محترقة.", DCT,
     [("السبت", "DATE", "2018-11-17")]),
    # bare-alef سا- starts past verbs of the form فاعل and names: not the future
    ("ساهم المتطوعون الأحد في تنظيف الشاطئ.", DCT, [("الأحد", "DATE", "2018-11-18")]),
    ("سافر الوفد إلى القاهرة الثلاثاء.", DCT, [("الثلاثاء", "DATE", "2018-11-20")]),
    # ... but the first person سأ- with its hamza is the future
    ("قال الوزير: سأزور المخيم الجمعة.", DCT, [("الجمعة", "DATE", "2018-11-23")]),
    # كان + a future marker: a plan seen from the past, the weekday is the latest one
    ("وكان من المقرر أن يصل الوفد الاثنين، لكن الرحلة ألغيت.", DCT,
     [("الاثنين", "DATE", "2018-11-19")]),
    ("كانت اللجنة ستجتمع الأربعاء قبل تأجيل الجلسة.", DCT,
     [("الأربعاء", "DATE", "2018-11-21")]),
    # the future markers alone keep their 0.3.0 reading
    ("من المقرر أن يصل الوفد الاثنين.", DCT, [("الاثنين", "DATE", "2018-11-26")]),
])
def test_future_context(text, dct, expected):
    assert _timexes(text, dct) == expected


@pytest.mark.parametrize("text, expected", [
    # a range of years after بين/من with the dual head عامي/العامين: the head is inside the first
    ("تولى الرجل إدارة الميناء بين عامي 2003 و2009.",
     [("عامي 2003", "DATE", "2003"), ("2009", "DATE", "2009")]),
    ("ارتفعت الأسعار بين العامين 2011 و2014.",
     [("العامين 2011", "DATE", "2011"), ("2014", "DATE", "2014")]),
    # a half with the unit repeated with the article: one duration
    ("قضى المهندس عامين ونصف العام في المنجم.", [("عامين ونصف العام", "DURATION", "P2Y6M")]),
    ("تأخرت الطائرة ساعة ونصف الساعة.", [("ساعة ونصف الساعة", "DURATION", "PT1H30M")]),
    # بعد/عقب + a single unit + من or a word describing the period: a DURATION
    ("استقال المدرب بعد أسبوع شهد ثلاث هزائم متتالية.", [("أسبوع", "DURATION", "P1W")]),
    ("عاد الصيادون عقب يوم حافل بالعمل.", [("يوم", "DURATION", "P1D")]),
    ("افتتح المستشفى بعد عام من وضع حجر الأساس.", [("عام", "DURATION", "P1Y")]),
    # "whole" after a single unit: inside, a duration of one unit
    ("ظل الطريق مغلقا يوما كاملا.", [("يوما كاملا", "DURATION", "P1D")]),
    ("بحث الغواصون عن الحطام على مدى شهر كامل.", [("شهر كامل", "DURATION", "P1M")]),
    # coordinated counts before one unit: each count is a duration of that unit
    ("أصيب شابان، يبلغان 18 و 20 عاما، بجروح طفيفة.",
     [("18", "DURATION", "P18Y"), ("20 عاما", "DURATION", "P20Y")]),
    ("تستغرق الرحلة ثلاثة أو أربعة أيام.",
     [("ثلاثة", "DURATION", "P3D"), ("أربعة أيام", "DURATION", "P4D")]),
])
def test_extents_and_durations(text, expected):
    assert _timexes(text) == expected


def test_coordinated_counts_need_a_time_unit():
    assert _timexes("نقل بين 3 و5 أشخاص إلى المستشفى.") == []


@pytest.mark.parametrize("text, dct, expected", [
    # a clock time with its day after it: one TIME on that day
    ("انفجرت العبوة نحو الساعة 7.15 صباحا أمس الثلاثاء قرب السوق.", DCT,
     [("الساعة 7.15 صباحا أمس الثلاثاء", "TIME", "2018-11-20T07:15")]),
    ("تبدأ المباراة الساعة 9 مساء يوم الجمعة 23 نوفمبر.", DCT,
     [("الساعة 9 مساء يوم الجمعة 23 نوفمبر", "TIME", "2018-11-23T21:00")]),
    ("وصلت القافلة في الساعة الثامنة من مساء الأحد.", DCT,
     [("الساعة الثامنة من مساء الأحد", "TIME", "2018-11-18T20:00")]),
    # a clock time alone stays on the DCT
    ("أغلق المعبر الساعة 6 صباحا.", DCT, [("الساعة 6 صباحا", "TIME", "2018-11-21T06:00")]),
    # a vague head directly before its day: one DATE of that day
    ("أعلن الجيش في وقت متأخر الاثنين انسحابه من البلدة.", DCT,
     [("وقت متأخر الاثنين", "DATE", "2018-11-19")]),
    ("ذكرت الوكالة في وقت سابق اليوم أن المطار أغلق.", DCT,
     [("وقت سابق اليوم", "DATE", "2018-11-21")]),
    # midnight after بعد/قبل: the instant the day changes, 00:00
    ("شوهدت السيارة بعد منتصف الليل بقليل قرب الجسر.", DCT,
     [("منتصف الليل", "TIME", "2018-11-21T00:00")]),
    # بعد + a count whose start is named by منذ + a later date: counted from that date
    ("وبعد 20 شهرا منذ مطلع مارس 2016، أعيد فتح الميناء.", DCT,
     [("20 شهرا", "DATE", "2017-11"), ("مطلع مارس 2016", "DATE", "2016-03")]),
    ("بعد ثلاثة أعوام منذ عام 2012 تغيرت الخريطة.", DCT,
     [("ثلاثة أعوام", "DATE", "2015"), ("عام 2012", "DATE", "2012")]),
])
def test_clock_vague_and_since(text, dct, expected):
    assert _timexes(text, dct) == expected


@pytest.mark.parametrize("text, expected", [
    # a given name or a place of the baseline's lists is no future verb in سـ
    ("استقبل الرئيس سيباستيان كورتس الخميس في مكتبه.", [("الخميس", "DATE", "2018-11-15")]),
    ("اجتمع النواب في ستراسبورغ الثلاثاء لمناقشة الميزانية.", [("الثلاثاء", "DATE", "2018-11-20")]),
    # a future verb in سـ still makes the future
    ("سيستقبل الرئيس ضيفه الخميس.", [("الخميس", "DATE", "2018-11-22")]),
])
def test_names_are_no_future_verbs(text, expected):
    assert _timexes(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "the first/last N months of YEAR": one DURATION with its year (guidelines 4.8)
    ("سجلت الشركة خسائر في الأشهر الستة الأولى من العام الجاري.",
     [("الأشهر الستة الأولى من العام الجاري", "DURATION", "P6M")]),
    ("تراجعت الصادرات في الشهور الثلاثة الأخيرة من 2016.",
     [("الشهور الثلاثة الأخيرة من 2016", "DURATION", "P3M")]),
    ("قضى الجريح الأيام الثلاثة الأولى في العناية المركزة.",
     [("الأيام الثلاثة الأولى", "DURATION", "P3D")]),
    # a count + unit + a relative modifier: the modifier is inside
    ("تضاعف عدد السكان خلال 10 سنوات الماضية.", [("10 سنوات الماضية", "DURATION", "P10Y")]),
    # adjectives of brevity and paucity make a bare plural a vague duration
    ("عاد الوفد بعد أيام وجيزة من الزيارة.", [("أيام وجيزة", "DURATION", "PXD")]),
    ("غاب اللاعب سنوات قلائل عن الملاعب.", [("سنوات قلائل", "DURATION", "PXY")]),
])
def test_duration_modifiers(text, expected):
    assert _timexes(text) == expected
