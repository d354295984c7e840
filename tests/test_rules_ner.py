"""The rules baseline's NER, on sentences written for these tests."""

from __future__ import annotations

import pytest

from runners.builtin.rules_ner import recognise
from runners.builtin.rules_text import NormText, fold
from runners.builtin.rules_timex import recognise as timexes

DCT = "2017-11-22"


def _found(text: str) -> set[tuple[str, str]]:
    out = set()
    for m in recognise(text, timexes(text, DCT)):
        assert 0 <= m.start < m.end <= len(text)
        out.add((text[m.start:m.end], m.type))
    return out


CASES = [
    # gazetteer: CLDR countries and cities, proclitics outside
    ("زار الوزير فرنسا وألمانيا ثم عاد إلى بغداد.",
     {("فرنسا", "GPE"), ("ألمانيا", "GPE"), ("بغداد", "GPE"), ("الوزير", "OCC")}),
    ("تراجعت صادرات بسوريا وللعراق.", {("سوريا", "GPE"), ("لعراق", "GPE")}),   # لل: after the first ل
    ("وصل الوفد إلى الولايات المتحدة الأمريكية.", {("الولايات المتحدة الأمريكية", "GPE")}),
    # orthographic normalisation: hamza-less spelling still matches, offsets exact
    ("سافر إلى المانيا أمس.", {("المانيا", "GPE"), ("أمس", "DATE")}),
    ("عاد إلى سوريـا.", {("سوريـا", "GPE")}),
    # place classifiers: head inside, direction adjectives outside, learned names
    ("قصفت الطائرات مدينة حلب الشمالية.", {("مدينة حلب", "GPE")}),
    ("دخلت القوات بلدة كفرنبل، ثم غادرت كفرنبل.",
     {("بلدة كفرنبل", "GPE"), ("كفرنبل", "GPE")}),
    ("عبر اللاجئون نهر العاصي.", {("نهر العاصي", "LOC")}),
    ("أغلق مطار القاهرة الدولي.", {("مطار القاهرة", "FAC"), ("القاهرة", "GPE")}),
    # ORG phrases
    ("أعلن تنظيم داعش الإرهابي مسؤوليته.", {("تنظيم داعش", "ORG")}),
    ("أصدرت وزارة الخارجية الروسية بيانا.", {("وزارة الخارجية الروسية", "ORG")}),
    ("قال المرصد الأوروبي لحقوق الإنسان ومقره جنيف إن الوضع سيء.",
     {("المرصد الأوروبي لحقوق الإنسان", "ORG"), ("جنيف", "GPE")}),
    ("تقدمت قوات سوريا الديمقراطية نحو الشرق.",
     {("قوات سوريا الديمقراطية", "ORG"), ("سوريا", "GPE")}),          # nested GPE in ORG
    ("عاد الجيش إلى ثكناته.", set()),
    ("أرسلت قوات كبيرة إلى الحدود.", set()),                      # indefinite adjective, no name                                # bare definite head: anaphor
    # abbreviation in parentheses
    ("نقلت وكالة الأنباء الألمانية (دبا) الخبر.",
     {("وكالة الأنباء الألمانية", "ORG"), ("دبا", "ORG")}),
    # OCC titles and complements
    ("التقى وزير الخارجية التركي نظيره.", {("وزير الخارجية التركي", "OCC")}),
    ("قال المتحدث باسم الحكومة إن الاجتماع انتهى.", {("المتحدث باسم الحكومة", "OCC")}),
    ("عين والي الخرطوم الجديد.", {("والي الخرطوم", "OCC"), ("الخرطوم", "GPE")}),
    # PERS
    ("استقبل الرئيس محمد بن سلمان الوفد.", {("الرئيس", "OCC"), ("محمد بن سلمان", "PERS")}),
    # numbers
    ("قتل نحو 150 شخصا وأصيب عشرات.", {("150", "CARDINAL"), ("عشرات", "CARDINAL")}),
    ("نزح ١٢٠٠ مدني.", {("١٢٠٠", "CARDINAL")}),
    ("اعتقل خمسة وعشرين شخصا.", {("خمسة وعشرين", "CARDINAL")}),
    ("وصل الرئيس بشار الأسد.", {("الرئيس", "OCC"), ("بشار الأسد", "PERS")}),
    ("ارتفعت البطالة 15% أو ثلاثة في المئة.", {("15%", "PERCENT"), ("ثلاثة في المئة", "PERCENT")}),
    ("فر آلاف المدنيين.", {("آلاف", "CARDINAL")}),
    ("بلغت الميزانية 1.1 تريليون ريال.", {("1.1 تريليون ريال", "MONEY")}),
    ("سيطرت القوات على المدينة.", set()),                           # على is not the name علي
    ("زار الوفد المملكة العربية السعودية.", {("المملكة العربية السعودية", "GPE")}),
    ("قال قائد شرطة نينوى اللواء إن الوضع هادئ.",
     {("قائد شرطة نينوى", "OCC"), ("شرطة نينوى", "ORG"), ("اللواء", "OCC")}),
    ("يعيش 5 ملايين لاجئ هناك.", {("5 ملايين", "CARDINAL")}),
    ("انعقد مجلس الأمن الدولي.", {("مجلس الأمن الدولي", "ORG")}),        # one reading, not two
    ("قال المتحدث الرسمي باسم الوزارة إن الحالات مستقرة.", {("المتحدث الرسمي باسم الوزارة", "OCC")}),
    ("تراجعت الأرباح ١٥٪.", {("١٥٪", "PERCENT")}),
    ("انسحبوا من بلدة تل الزهور شمالي البلاد.", {("بلدة تل الزهور", "GPE")}),
    # dates are DATE/TIME entities with the timex extent, no CARDINAL inside
    ("وقع الهجوم في 19 نوفمبر 2017.", {("19 نوفمبر 2017", "DATE")}),
    ("استمر القصف خلال الساعات القليلة الماضية.", {("الساعات القليلة الماضية", "TIME")}),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:24] for c in CASES])
def test_ner(text, expected):
    assert _found(text) == expected


def test_normalisation_maps_back_to_original_offsets():
    text = "إِلى آذارَ"
    norm = NormText.of(text)
    assert norm.text == fold(text) == "الي اذار"
    s, e = norm.span(4, 8)
    assert text[s:e] == "آذارَ"
