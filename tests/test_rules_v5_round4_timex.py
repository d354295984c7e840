"""rules 0.5.0 round 4 (issue 17): TIMEX3 constructions that failed on sentences written
for these tests (invented events, several DCTs; no corpus document read)."""

from __future__ import annotations

import pytest

from rules_helpers import timex_triples

DCT = "2018-07-18"   # a Wednesday


def _timexes(text: str, dct: str = DCT) -> list[tuple[str, str, str]]:
    return timex_triples(text, dct)


@pytest.mark.parametrize("text, dct, expected", [
    # أوائل (folded اوايل) is a modifier like أواخر; modifiers on decades and centuries
    ("تراجعت البطالة أوائل العام.", DCT, [("أوائل العام", "DATE", "2018")]),
    ("هاجرت العائلة في أوائل الثمانينيات.", DCT, [("أوائل الثمانينيات", "DATE", "198X")]),
    ("بنيت القلعة أواخر القرن التاسع عشر.", DCT, [("أواخر القرن التاسع عشر", "DATE", "18")]),
    # month or day + من العام الماضي/المقبل: one expression
    ("افتتح الجسر في شهر أبريل من العام الماضي.", DCT,
     [("شهر أبريل من العام الماضي", "DATE", "2017-04")]),
    ("يبدأ المشروع في 3 فبراير من العام المقبل.", DCT,
     [("3 فبراير من العام المقبل", "DATE", "2019-02-03")]),
    # قبل + an approximator + a count: "about N ago", قبل and the approximator inside
    ("انتقل المصنع إلى المدينة قبل نحو خمس سنوات.", DCT,
     [("قبل نحو خمس سنوات", "DATE", "2013")]),
    ("أغلق المعبر قبل حوالي أسبوعين.", "2018-01-03", [("قبل حوالي أسبوعين", "DATE", "2017-W51")]),
    ("توقف البث قبل أكثر من عام.", DCT, [("قبل أكثر من عام", "DATE", "2017")]),
    # an approximator before a single unit (outside, as for numbers)
    ("انتهى الاجتماع بعد نحو ساعة من بدايته.", DCT, [("ساعة", "DURATION", "PT1H")]),
    ("تمت الصفقة خلال أقل من شهر.", DCT, [("شهر", "DURATION", "P1M")]),
    # halves and quarters
    ("استغرقت العملية ساعتين ونصف.", DCT, [("ساعتين ونصف", "DURATION", "PT2H30M")]),
    ("بقي الأسير في الزنزانة أربع سنوات ونصف.", DCT, [("أربع سنوات ونصف", "DURATION", "P4Y6M")]),
    ("تأخر القطار ربع ساعة.", DCT, [("ربع ساعة", "DURATION", "PT15M")]),
    ("تولى الحزب السلطة نصف قرن.", DCT, [("نصف قرن", "DURATION", "P50Y")]),
    ("حكم عليه بالسجن عاما ونصف.", DCT, [("عاما ونصف", "DURATION", "P1Y6M")]),
    # the accusative with واحدا
    ("مكث الفريق أسبوعا واحدا في المعسكر.", DCT, [("أسبوعا واحدا", "DURATION", "P1W")]),
    # اليوم/العام نفسه, نفس اليوم: the previous date's day or year; nothing without one
    ("اعتقل الناشط في 2 مايو، وأفرج عنه في اليوم نفسه.", DCT,
     [("2 مايو", "DATE", "2018-05-02"), ("اليوم نفسه", "DATE", "2018-05-02")]),
    ("تأسست الجمعية عام 2009، وفي نفس العام فازت بجائزة.", DCT,
     [("عام 2009", "DATE", "2009"), ("نفس العام", "DATE", "2009")]),
    ("وصل الموكب في اليوم ذاته.", DCT, []),
    # وقت سابق/لاحق/متأخر, ساعة مبكرة, الساعات الأولى + من + a date: one expression
    ("أكد المتحدث في وقت سابق من اليوم أن الحدود مفتوحة.", DCT,
     [("وقت سابق من اليوم", "DATE", "2018-07-18")]),
    ("ستصدر اللجنة تقريرها في وقت لاحق من الأسبوع.", DCT,
     [("وقت لاحق من الأسبوع", "DATE", "2018-W29")]),
    ("اندلع الحريق في وقت متأخر من مساء الأحد.", DCT,
     [("وقت متأخر من مساء الأحد", "TIME", "2018-07-15TEV")]),
    ("داهمت الشرطة المنزل في ساعة مبكرة من صباح الجمعة.", DCT,
     [("ساعة مبكرة من صباح الجمعة", "TIME", "2018-07-13TMO")]),
    ("تواصل القصف منذ الساعات الأولى من صباح أمس.", DCT,
     [("الساعات الأولى من صباح أمس", "TIME", "2018-07-17TMO")]),
    ("نشر البيان في وقت سابق.", DCT, [("وقت سابق", "DATE", "PAST_REF")]),
    # منتصف الليل: with a day after من that day's night, alone the DCT's
    ("بدأ الإضراب عند منتصف الليل من يوم الاثنين.", DCT,
     [("منتصف الليل من يوم الاثنين", "TIME", "2018-07-16TNI")]),
    ("أغلقت المحلات أبوابها منتصف الليل.", DCT, [("منتصف الليل", "TIME", "2018-07-18TNI")]),
    # العقد الماضي/المقبل: the last/next ten years
    ("تضاعفت الصادرات خلال العقد الماضي.", DCT, [("العقد الماضي", "DURATION", "P1DE")]),
    # fiscal and school years: no calendar-year reading of العام
    ("أقر البرلمان موازنة السنة المالية 2019.", DCT, [("السنة المالية 2019", "DATE", "2019")]),
    ("تستعد الوزارة لانطلاق العام الدراسي المقبل.", DCT, []),
    ("تأخرت الكتب عن بداية العام الدراسي.", DCT, []),
    # an ordinal after a unit word is no day of the month
    ("سقطت الأمطار في الأسبوع الأول من الشهر الجاري.", DCT, [("الشهر الجاري", "DATE", "2018-07")]),
    ("اشتدت المعارك في الأسبوع الأخير من يونيو.", DCT, [("يونيو", "DATE", "2018-06")]),
    # a weekday with a numeric date; two-digit years; a full stop after a date
    ("وقع الطرفان الاتفاق الخميس 12/7/2018 في الرباط.", DCT,
     [("الخميس 12/7/2018", "DATE", "2018-07-12")]),
    ("صدر المرسوم بتاريخ 20/03/17.", DCT, [("20/03/17", "DATE", "2017-03-20")]),
    ("ولد الكاتب في 7.11.98 بالقرية.", DCT, [("7.11.98", "DATE", "1998-11-07")]),
    ("أجريت الانتخابات في 4/5/2016.", DCT, [("4/5/2016", "DATE", "2016-05-04")]),
    # tens, hundreds, thousands of a unit: a vague duration
    ("عاشت القبيلة في الوادي عشرات السنين.", DCT, [("عشرات السنين", "DURATION", "PXY")]),
    ("تعود النقوش إلى آلاف الأعوام.", DCT, [("آلاف الأعوام", "DURATION", "PXY")]),
    # الفترة الأخيرة/المقبلة: vague references
    ("ارتفعت أسعار الوقود في الفترة الأخيرة.", DCT, [("الفترة الأخيرة", "DATE", "PAST_REF")]),
    ("ستشهد البلاد إصلاحات في الفترة المقبلة.", DCT, [("الفترة المقبلة", "DATE", "FUTURE_REF")]),
])
def test_round4_timex(text: str, dct: str, expected: list) -> None:
    assert _timexes(text, dct) == expected


def test_a_score_with_two_parts_is_no_date() -> None:
    # "3/1/20" with a percent or a longer numeric string is no two-digit-year date
    assert _timexes("ارتفعت النسبة إلى 3/1/20% من الإنتاج.") == []
