"""rules v2 (0.3.0) TIMEX3 rules, on sentences written for these tests.

DCT: Wednesday 2018-04-11 (ISO week 15) unless a case says otherwise."""

from __future__ import annotations

import pytest

from runners.builtin.rules_timex import recognise

WED = "2018-04-11"


def _found(text: str, dct: str = WED) -> list[tuple[str, str, str]]:
    out = []
    for t in recognise(text, dct):
        assert 0 <= t.start < t.end <= len(text)
        out.append((text[t.start:t.end], t.type, t.value))
    return out


CASES = [
    # weekdays: the most recent one on or before the DCT …
    ("التقى الوزيران الثلاثاء في عمان.", [("الثلاثاء", "DATE", "2018-04-10")]),
    ("وصل الوفد الأربعاء إلى القاهرة.", [("الأربعاء", "DATE", "2018-04-11")]),
    # … unless the clause speaks of the future (سـ, سوف, من المقرر)
    ("سيزور الرئيس موسكو الخميس.", [("الخميس", "DATE", "2018-04-12")]),
    ("سوف تعلن النتائج الأحد.", [("الأحد", "DATE", "2018-04-15")]),
    ("ومن المقرر أن تبدأ الجولة الثانية من المحادثات في جنيف السبت.",
     [("السبت", "DATE", "2018-04-14")]),
    ("سيطرت الفصائل على الحي الثلاثاء.", [("الثلاثاء", "DATE", "2018-04-10")]),   # سيطر: no future
    # parts of the day, TimeML values
    ("اندلع حريق صباح الأربعاء في السوق.", [("صباح الأربعاء", "TIME", "2018-04-11TMO")]),
    ("عقد المجلس جلسته مساء الثلاثاء.", [("مساء الثلاثاء", "TIME", "2018-04-10TEV")]),
    ("دوت انفجارات ليلة الجمعة.", [("ليلة الجمعة", "TIME", "2018-04-06TNI")]),
    ("تجمع المحتجون ظهر الاثنين.", [("ظهر الاثنين", "TIME", "2018-04-09TMI")]),
    ("ستهبط الطائرة مساء الجمعة.", [("مساء الجمعة", "TIME", "2018-04-13TEV")]),
    # a deictic word and its weekday are one expression
    ("وقال الوزير أمس الثلاثاء إن المفاوضات مستمرة.", [("أمس الثلاثاء", "DATE", "2018-04-10")]),
    # weeks relative to the DCT: the previous / next ISO week
    ("ارتفعت الأسعار الأسبوع الماضي.", [("الأسبوع الماضي", "DATE", "2018-W14")]),
    ("وصل المبعوث الأسبوع المنصرم.", [("الأسبوع المنصرم", "DATE", "2018-W14")]),
    ("تبدأ الامتحانات الأسبوع المقبل.", [("الأسبوع المقبل", "DATE", "2018-W16")]),
    # dual month names are one expression, the slash and space as written
    ("وقعت الحادثة في 3 تشرين الثاني/نوفمبر 2015 قرب الحدود.",
     [("3 تشرين الثاني/نوفمبر 2015", "DATE", "2015-11-03")]),
    ("افتتح الجسر في آب/ أغسطس 2013.", [("آب/ أغسطس 2013", "DATE", "2013-08")]),
    ("ومطلع نيسان/أبريل، أغلقت المدارس.", [("مطلع نيسان/أبريل", "DATE", "2018-04")]),
    # coordinated days: two expressions, the first takes the second's month
    ("تعقد القمة يومي 5 و6 آذار/مارس 2017.",
     [("5", "DATE", "2017-03-05"), ("6 آذار/مارس 2017", "DATE", "2017-03-06")]),
    # a date without a year: the latest one on or before the DCT, the next one in the future
    ("وقع الهجوم في 20 مايو.", [("20 مايو", "DATE", "2017-05-20")]),
    ("ستعقد القمة في 20 مايو.", [("20 مايو", "DATE", "2018-05-20")]),
    # a weekday written with its date picks the year whose calendar agrees
    ("تنطلق البطولة الجمعة 20 أبريل.", [("الجمعة 20 أبريل", "DATE", "2018-04-20")]),
    # a date N years back
    ("تأسست الحركة في 10 يونيو قبل خمس سنوات.", [("10 يونيو قبل خمس سنوات", "DATE", "2012-06-10")]),
    # منذ stays out; قبل X means "X ago"; قبل X من (an event) is a duration
    ("يقيم في المنفى منذ 2009.", [("2009", "DATE", "2009")]),
    ("وقع الانفجار قبل ثلاثة أيام.", [("قبل ثلاثة أيام", "DATE", "2018-04-08")]),
    ("غادر البلاد قبل أسبوع واحد من الانتخابات.", [("أسبوع واحد", "DURATION", "P1W")]),
    ("وصلت التعزيزات بعد ساعات من الهجوم.", [("ساعات", "DURATION", "PTXH")]),
    ("انسحب الجيش عقب أيام من المعارك.", [("أيام", "DURATION", "PXD")]),
    # ages are durations
    ("واعتقل رجل (52 عاما) في المطار.", [("52 عاما", "DURATION", "P52Y")]),
    ("توفي قبل أن يبلغ الـ20 من عمره.", [("الـ20", "DURATION", "P20Y")]),
    # decades and vague references
    ("هاجر إلى كندا في الثمانينيات.", [("الثمانينيات", "DATE", "198X")]),
    ("تحسن الطقس في الأيام التالية.", [("الأيام التالية", "DURATION", "PXD")]),
    ("وكانت الشرطة قد أعلنت في وقت سابق توقيف شخصين.", [("وقت سابق", "DATE", "PAST_REF")]),
    ("وسيصدر البيان لاحقا.", [("لاحقا", "DATE", "FUTURE_REF")]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:28] for c in CASES])
def test_timex_v2(text, expected):
    assert _found(text) == expected


def test_future_words_that_are_nouns_do_not_make_the_future():
    # سيارة, سنوات: nouns that start with س, not the future prefix
    assert _found("انفجرت سيارة مفخخة الأحد.") == [("الأحد", "DATE", "2018-04-08")]
    assert _found("بعد سنوات من الغياب عاد الاثنين.")[-1] == ("الاثنين", "DATE", "2018-04-09")
