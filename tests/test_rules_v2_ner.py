"""rules v2 (0.3.0) NER rules, on sentences written for these tests."""

from __future__ import annotations

import pytest

from runners.builtin.rules_ner import nisbas, recognise, units
from runners.builtin.rules_timex import recognise as timexes

DCT = "2018-04-11"


def _found(text: str) -> set[tuple[str, str]]:
    out = set()
    for m in recognise(text, timexes(text, DCT)):
        assert 0 <= m.start < m.end <= len(text)
        out.add((text[m.start:m.end], m.type))
    return out


CASES = [
    # PERS after a title (adjacent, not nested), and the surname when it recurs
    ("استقبل وزير الخارجية الألماني هايكو ماس نظيره، وقال ماس إن اللقاء كان مثمرا.",
     {("وزير الخارجية الألماني", "OCC"), ("هايكو ماس", "PERS"), ("ماس", "PERS")}),
    ("أعلنت وزيرة العمل ريا الحسن الثلاثاء خطة جديدة.",
     {("وزيرة العمل", "OCC"), ("ريا الحسن", "PERS"), ("الثلاثاء", "DATE")}),
    # a verb after a title is no name
    ("وقال الفريق الإسباني انتهك القواعد.", {("الفريق الإسباني", "OCC")}),
    # honorifics and kinship nouns before a name; the honorific is no mention
    ("ألقى الشيخ ناصر القحطاني خطبة الجمعة.", {("ناصر القحطاني", "PERS")}),
    ("التقت السيدة نادين لبكي بالطلاب.", {("نادين لبكي", "PERS")}),
    ("وقالت زوجته مارتا روسي إن الشرطة لم تتصل بها.", {("مارتا روسي", "PERS")}),
    # a role noun (and a nisba) before a name
    ("اعتقلت الشرطة المشتبه به الفرنسي لوكاس مارتان.", {("لوكاس مارتان", "PERS")}),
    # a name before an age in parentheses
    ("واعتقل أوليفر شميت (34 عاما) في برلين.",
     {("أوليفر شميت", "PERS"), ("34 عاما", "DATE"), ("برلين", "GPE")}),
    # a speech verb, then unknown name words, then a comma
    ("وقال سيمون هاريس، المتحدث باسم الشرطة، إن التحقيق مستمر.",
     {("سيمون هاريس", "PERS"), ("المتحدث باسم الشرطة", "OCC")}),
    ("وقالت مصادر إن القافلة وصلت.", set()),                       # a common noun, no name
    # name chains: بن، آل، عبد، a name in ة; no preposition على inside a name
    ("التقى الوفد عبد العزيز بوتفليقة.", {("عبد العزيز بوتفليقة", "PERS")}),
    ("استقبل الأمير تركي بن فهد آل سعود الضيوف.",
     {("الأمير", "OCC"), ("تركي بن فهد آل سعود", "PERS")}),
    ("وأثنى محمد على الجهود.", set()),                              # على, not علي: no chain
    ("وصافح الرئيس سليمان الحكيم ثم غادر.", {("الرئيس", "OCC"), ("سليمان الحكيم", "PERS")}),
    # hashtags: # is outside, _ joins the name
    ("وغرد الرئيس الروسي #فلاديمير_بوتين أمس.",
     {("الرئيس الروسي", "OCC"), ("فلاديمير_بوتين", "PERS"), ("أمس", "DATE")}),
    # NORP: groups and nisba plurals used as nouns; not an adjective on a noun
    ("وقال الإيطاليون إن الأزمة انتهت.", {("الإيطاليون", "NORP")}),
    ("هاجم الحوثيون مواقع للجيش.", {("الحوثيون", "NORP")}),
    ("وصل خفر السواحل الليبيون إلى الميناء.", {("خفر السواحل الليبيون", "ORG")}),
    ("دعا الشعب السوري إلى الوحدة.", {("الشعب السوري", "NORP")}),
    ("طردت فرنسا 12 روسياً.", {("فرنسا", "GPE"), ("12", "CARDINAL"), ("روسياً", "NORP")}),
    # ORG: a name learned from its head, an abbreviation after a lone head, embassies
    ("ذكرت وكالة سبوتنيك الخبر، ونقلت سبوتنيك عن مصدر تفاصيل أخرى.",
     {("وكالة سبوتنيك", "ORG"), ("سبوتنيك", "ORG")}),
    ("ووفقا لوكالة (واج) فإن الطريق مغلق.", {("واج", "ORG")}),
    ("استدعت الخارجية السفارة التركية في عمان.",
     {("السفارة التركية", "ORG"), ("عمان", "GPE")}),
    ("وتبنى تنظيم داعش الهجوم.", {("تنظيم داعش", "ORG")}),         # a complete name ends the ORG
    ("وقرر مكتب الرئاسة الفلسطينية التأجيل.",                      # an office of another body
     {("مكتب الرئاسة الفلسطينية", "ORG"), ("الرئاسة الفلسطينية", "ORG")}),
    # quoted names after a head: the head and the marks are inside; the name is learned
    ('أبحرت السفينة "أوشن فايكنغ" من مالطا، ثم رست أوشن فايكنغ في صقلية.',
     {('السفينة "أوشن فايكنغ"', "PRODUCT"), ("مالطا", "GPE"), ("أوشن فايكنغ", "PRODUCT"),
      ("صقلية", "GPE")}),
    ('نشرت صحيفة "الشروق" تقريرا مطولا.', {('صحيفة "الشروق"', "ORG")}),
    # EVENT (named wars, feasts; the bare feast after a named one), LAW
    ("شارك في حرب الخليج ثم عاد إلى بلاده.", {("حرب الخليج", "EVENT"), ("الخليج", "LOC")}),
    ("هنأ الملك المواطنين بعيد الأضحى، وتمنى لهم العيد سعيدا.",
     {("الملك", "OCC"), ("عيد الأضحى", "EVENT"), ("العيد", "EVENT")}),
    ("انتهت الحرب العالمية الأولى باتفاق.", {("الحرب العالمية الأولى", "EVENT")}),
    ("تعد الخطوة خرقا لاتفاقية جنيف.", {("اتفاقية جنيف", "LAW"), ("جنيف", "GPE")}),
    ("يطالب قرار مجلس الأمن 2231 بالتفتيش.",
     {("قرار مجلس الأمن 2231", "LAW"), ("مجلس الأمن", "ORG")}),
    ("يخالف ذلك القانون الدولي.", set()),                            # a generic law
    # WEBSITE and PRODUCT words
    ("نشر المقطع عبر يوتيوب.", {("يوتيوب", "WEBSITE")}),
    ("سقطت طائرة من طراز أنتونوف.", {("أنتونوف", "PRODUCT")}),
    # numbers: ORDINAL, QUANTITY (CLDR units), a definite number word, a digit glued to من
    ("زار المدينة للمرة الثانية، وهي أول زيارة له.", {("الثانية", "ORDINAL"), ("أول", "ORDINAL")}),
    ("سقط الصاروخ على بعد 40 كيلومترا من الحدود.", {("40 كيلومترا", "QUANTITY")}),
    ("أفرجت السلطات عن الخمسة.", {("الخمسة", "CARDINAL")}),
    ("اعتقل أكثر من300 شخص.", {("300", "CARDINAL")}),
    # OCC: new offices, a construct title with a place phrase or a name, غير + adjective
    ("أمر المدعي العام بالإفراج عنه.", {("المدعي العام", "OCC")}),
    ("استقبل ملك مملكة البحرين الوفد.", {("ملك مملكة البحرين", "OCC"), ("مملكة البحرين", "GPE")}),
    ("وهو عضو في مجلس الشورى منذ 2010.",
     {("عضو في مجلس الشورى", "OCC"), ("مجلس الشورى", "ORG"), ("2010", "DATE")}),
    ("وصل توماس برانت إلى المحكمة، وقال محامي برانت إن موكله بريء.",
     {("توماس برانت", "PERS"), ("محامي برانت", "OCC"), ("برانت", "PERS")}),
    ("ووصف التصرف بأنه غير مسؤول.", set()),
    # places: a facility of a town, the capital + name, not the capital + a nisba
    ("رست السفينة في ميناء مدينة العقبة.", {("ميناء مدينة العقبة", "FAC"), ("مدينة العقبة", "GPE")}),
    ("تظاهر الآلاف في العاصمة بغداد.", {("العاصمة بغداد", "GPE")}),
    ("تظاهر الآلاف في العاصمة الجزائرية.", set()),
    ("درس في مدرسة الأمل الثانوية.", {("مدرسة الأمل", "FAC")}),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:28] for c in CASES])
def test_ner_v2(text, expected):
    assert _found(text) == expected


def test_nisbas_are_derived_from_the_gazetteer():
    derived = nisbas()
    for nisba in ("سوري", "يمني", "ايطالي", "افغاني", "بوسني", "امريكي"):
        assert nisba in derived, nisba


def test_units_come_from_cldr():
    assert {"ميلا", "كيلومترا", "امتار"} <= set(units())
