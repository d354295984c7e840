"""rules 0.7.0 round 9 (TIMEX3): general constructions behind the errors on the five new dev
documents (pool orders 46-50) and their families, each tested on sentences written for this
file (invented people, places, companies and events, several domains and outlet styles; no
sentence copied from a document). Negative sentences check that the rules stay quiet."""

from __future__ import annotations

import pytest

from rules_helpers import entities, timex_triples

DCT = "2018-06-14"   # a Thursday
DCT2 = "2019-03-05"  # a Tuesday


def _timexes(text: str, dct: str = DCT) -> list[tuple[str, str, str]]:
    return timex_triples(text, dct)


# --- a date whose digits are glued to a letter (a misprint that drops the space) -------------

@pytest.mark.parametrize("text, dct, expected", [
    # a preposition glued to a bare year: the year alone, the preposition outside
    ("وتأسست شركة النخيل للإسمنت في2009 بعد مفاوضات طويلة.", DCT, [("2009", "DATE", "2009")]),
    ("افتتح متحف الساحل أبوابه منذ1998 أمام الزوار.", DCT2, [("1998", "DATE", "1998")]),
    # a noun glued to the day of a date: the noun stays outside
    ("وأدت تفجيرات7 تموز/يوليو 2005 في مدينة برانتون إلى مقتل العشرات.", DCT,
     [("7 تموز/يوليو 2005", "DATE", "2005-07-07")]),
    # the year glued to its month
    ("وقع الطرفان الاتفاق في الرابع من أيار/مايو2016 في العاصمة.", DCT,
     [("الرابع من أيار/مايو2016", "DATE", "2016-05-04")]),
    # the day glued to its month name, and the head noun glued to its year
    ("صدر الحكم يوم 15مارس 2017 بحق المتهمين.", DCT, [("يوم 15مارس 2017", "DATE", "2017-03-15")]),
    ("بلغت صادرات الفوسفات ذروتها عام2015.", DCT, [("عام2015", "DATE", "2015")]),
    # two spaces inside the date change nothing
    ("وانطلقت الحملة في 12  تشرين الأول/أكتوبر 2015 من مدينة سالم.", DCT,
     [("12  تشرين الأول/أكتوبر 2015", "DATE", "2015-10-12")]),
])
def test_glued_digits(text, dct, expected):
    assert _timexes(text, dct) == expected


@pytest.mark.parametrize("text", [
    # a letter glued to a number that is no date: nothing
    "وتسلم سلاح الجو مقاتلات إف16 وبطاريات صواريخ س400.",
    "وسجلت البلاد إصابات كوفيد19 في ثلاث محافظات.",
    "وأصيب 7أشخاص بجروح في الحادث.",
])
def test_glued_digits_negative(text):
    assert _timexes(text) == []


def test_glued_year_is_a_date_entity():
    text = "وتأسست شركة النخيل للإسمنت في2009 بعد مفاوضات طويلة."
    assert ("2009", "DATE") in entities(text, DCT)


# --- "earlier this year": وقت سابق/لاحق + هذا/الجاري without من --------------------------------

@pytest.mark.parametrize("text, dct, expected", [
    ("وفي وقت سابق هذا العام، أعلنت وزارة البيئة حظر الأكياس البلاستيكية.", DCT,
     [("وقت سابق هذا العام", "DATE", "2018")]),
    ("وكان المدرب قد استقال في وقت سابق هذا الشهر.", DCT, [("وقت سابق هذا الشهر", "DATE", "2018-06")]),
    ("وفي وقت سابق هذا الأسبوع التقى الوسيط بالطرفين.", DCT,
     [("وقت سابق هذا الأسبوع", "DATE", "2018-W24")]),
    ("ومن المنتظر أن يصدر التقرير في وقت لاحق هذا العام.", DCT2,
     [("وقت لاحق هذا العام", "DATE", "2019")]),
    ("وفي وقت سابق الشهر الجاري، رفع البنك المركزي سعر الفائدة.", DCT,
     [("وقت سابق الشهر الجاري", "DATE", "2018-06")]),
    ("وكانت الشرطة قد اعتقلت ثلاثة مشتبه بهم في وقت سابق الأسبوع الماضي.", DCT,
     [("وقت سابق الأسبوع الماضي", "DATE", "2018-W23")]),
    ("وفي وقت مبكر هذا الأسبوع، أغلقت السلطات المعبر.", DCT2,
     [("وقت مبكر هذا الأسبوع", "DATE", "2019-W10")]),
    # with من, as before
    ("وفي وقت سابق من هذا الشهر زار الوزير المنطقة.", DCT, [("وقت سابق من هذا الشهر", "DATE", "2018-06")]),
])
def test_earlier_this_without_min(text, dct, expected):
    assert _timexes(text, dct) == expected


def test_earlier_alone_then_a_clause():
    # a comma ends the vague head: وقت سابق alone, and هذا العام its own expression
    assert _timexes("وفي وقت سابق، قال الوزير إن هذا العام سيكون صعبا.") == [
        ("وقت سابق", "DATE", "PAST_REF"), ("هذا العام", "DATE", "2018")]


# --- ranged and coordinated months and days ------------------------------------------------

@pytest.mark.parametrize("text, dct, expected", [
    # the first month takes the year of the second
    ("وتراجعت مبيعات السيارات في الفترة من يناير إلى مارس 2017.", DCT,
     [("يناير", "DATE", "2017-01"), ("مارس 2017", "DATE", "2017-03")]),
    ("وجرت التدريبات بين يوليو وسبتمبر 2016 في قاعدة الرمال.", DCT,
     [("يوليو", "DATE", "2016-07"), ("سبتمبر 2016", "DATE", "2016-09")]),
    # a range across the new year: the first month is in the year before
    ("وامتد موسم الأمطار بين نوفمبر وفبراير 2017.", DCT,
     [("نوفمبر", "DATE", "2016-11"), ("فبراير 2017", "DATE", "2017-02")]),
    # an ambiguous month name (مارس) is a month when ranged with another
    ("واستمرت الإضرابات من مارس حتى مايو الماضي.", DCT,
     [("مارس", "DATE", "2018-03"), ("مايو الماضي", "DATE", "2018-05")]),
    # the dual head شهري is inside the first month
    ("وارتفعت الأسعار خلال شهري مارس وأبريل 2016.", DCT,
     [("شهري مارس", "DATE", "2016-03"), ("أبريل 2016", "DATE", "2016-04")]),
    # a hyphen between two different months is a range, not a pair of twins
    ("وسجلت الشركة خسائر خلال الفترة مارس-أبريل 2017.", DCT,
     [("مارس", "DATE", "2017-03"), ("أبريل 2017", "DATE", "2017-04")]),
    # chains of days: each takes the last one's month and year
    ("وتعقد جلسات المحاكمة أيام 2 و3 و4 مايو.", DCT,
     [("2", "DATE", "2018-05-02"), ("3", "DATE", "2018-05-03"), ("4 مايو", "DATE", "2018-05-04")]),
    ("وأغلقت المدارس أيام 7، 8 و9 أيار/مايو 2015 بسبب العاصفة.", DCT,
     [("7", "DATE", "2015-05-07"), ("8", "DATE", "2015-05-08"),
      ("9 أيار/مايو 2015", "DATE", "2015-05-09")]),
])
def test_month_and_day_ranges(text, dct, expected):
    assert _timexes(text, dct) == expected


@pytest.mark.parametrize("text, dct, expected", [
    # a dashed range of years: two expressions
    ("وتضاعف العجز التجاري في الفترة 2015-2017.", DCT, [("2015", "DATE", "2015"), ("2017", "DATE", "2017")]),
    ("وفاز نادي الشروق بلقب موسم 2016/2017.", DCT, [("2016", "DATE", "2016"), ("2017", "DATE", "2017")]),
    # a numeric date is no range of years
    ("وصدر القرار في 2018-05-10.", DCT, [("2018-05-10", "DATE", "2018-05-10")]),
])
def test_year_dash_range(text, dct, expected):
    assert _timexes(text, dct) == expected


@pytest.mark.parametrize("text", [
    "وسجل المؤشر ما بين 1850-1900 نقطة في الجلسة.",   # not a later year within 30: no range
    "وفاز الفريق 3-1 على منافسه.",
    "وبلغت نسبة المشاركة 2010% وفق رواية ساخرة.",
])
def test_year_dash_negative(text):
    assert _timexes(text) == []


# --- month twins written with a hyphen ------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("وانتخب المجلس رئيسه في حزيران-يونيو 2017.", [("حزيران-يونيو 2017", "DATE", "2017-06")]),
    ("وأعلنت النتائج في 20 أيار-مايو 2016.", [("20 أيار-مايو 2016", "DATE", "2016-05-20")]),
])
def test_hyphenated_month_twins(text, expected):
    assert _timexes(text) == expected


# --- modifiers: before هذا, before a bare year; more prepositions before a bare year ----------

@pytest.mark.parametrize("text, dct, expected", [
    ("ويتوقع أن يصل الوفد في نهاية هذا الأسبوع.", DCT, [("نهاية هذا الأسبوع", "DATE", "2018-W24")]),
    ("وارتفعت أسعار الخبز مطلع هذا الشهر.", DCT2, [("مطلع هذا الشهر", "DATE", "2019-03")]),
    ("وتنتهي أعمال الصيانة أواخر هذا العام.", DCT, [("أواخر هذا العام", "DATE", "2018")]),
    ("وأغلق المصنع أبوابه أواخر 2017.", DCT, [("أواخر 2017", "DATE", "2017")]),
    ("ويبدأ تشغيل الخط الجديد منتصف 2019.", DCT, [("منتصف 2019", "DATE", "2019")]),
    ("وفي نهاية 2015 انسحبت الشركة من السوق.", DCT, [("نهاية 2015", "DATE", "2015")]),
    ("وتعهدت الحكومة بخفض الانبعاثات بحلول 2030.", DCT, [("2030", "DATE", "2030")]),
    ("ولن يتغير الدستور حتى 2020.", DCT, [("2020", "DATE", "2020")]),
    ("وبعد 1948 هاجر آلاف السكان.", DCT, [("1948", "DATE", "1948")]),
])
def test_modifiers_and_bare_years(text, dct, expected):
    assert _timexes(text, dct) == expected


# --- day words and parts of day -------------------------------------------------------------

@pytest.mark.parametrize("text, dct, expected", [
    ("وكان المحتجون قد تجمعوا أول من أمس أمام البرلمان.", DCT, [("أول من أمس", "DATE", "2018-06-12")]),
    ("وتستأنف المفاوضات يوم غد في فندق الواحة.", DCT2, [("يوم غد", "DATE", "2019-03-06")]),
    ("ويصل المنتخب بعد الغد إلى ملعب الأمل.", DCT, [("بعد الغد", "DATE", "2018-06-16")]),
    ("واندلع الحريق ظهيرة السبت في سوق الخضار.", DCT, [("ظهيرة السبت", "TIME", "2018-06-09TMI")]),
    ("وحلقت الطائرات ضحى اليوم فوق المدينة.", DCT, [("ضحى اليوم", "TIME", "2018-06-14TMO")]),
])
def test_day_words_and_parts(text, dct, expected):
    assert _timexes(text, dct) == expected


# --- clock times: digits take every part of day ---------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("وانطلقت المسيرة الساعة 4 عصرا من ساحة الشهداء.", [("الساعة 4 عصرا", "TIME", "2018-06-14T16:00")]),
    ("وتبدأ الجلسة الساعة 2 ظهرا.", [("الساعة 2 ظهرا", "TIME", "2018-06-14T14:00")]),
    ("ودوى الانفجار الساعة 11 ليلا.", [("الساعة 11 ليلا", "TIME", "2018-06-14T23:00")]),
    ("وأقلعت الرحلة الساعة 3:15 بعد الظهر.", [("الساعة 3:15 بعد الظهر", "TIME", "2018-06-14T15:15")]),
    ("وأعلن الحداد عند الساعة الواحدة والنصف بعد الظهر.",
     [("الساعة الواحدة والنصف بعد الظهر", "TIME", "2018-06-14T13:30")]),
    ("واقتحمت الشرطة المبنى الساعة 1 بعد منتصف الليل.",
     [("الساعة 1 بعد منتصف الليل", "TIME", "2018-06-14T01:00")]),
    # morning hours unchanged
    ("وتفتح مكاتب الاقتراع الساعة 7 صباحا.", [("الساعة 7 صباحا", "TIME", "2018-06-14T07:00")]),
])
def test_clock_parts_of_day(text, expected):
    assert _timexes(text) == expected


# --- a relative weekday before its date -----------------------------------------------------

@pytest.mark.parametrize("text, dct, expected", [
    ("وتنطلق القمة الخميس المقبل 21 يونيو في مدينة الزهراء.", DCT,
     [("الخميس المقبل 21 يونيو", "DATE", "2018-06-21")]),
    ("وأُفرج عن الصحفي يوم السبت الماضي، 2 آذار/مارس.", DCT2,
     [("يوم السبت الماضي، 2 آذار/مارس", "DATE", "2019-03-02")]),
])
def test_relative_weekday_with_date(text, dct, expected):
    assert _timexes(text, dct) == expected
