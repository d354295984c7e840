"""rules 0.5.0 (issue 17): general cues and resources, each on sentences written for
these tests (invented names and events; never copied from a gold document)."""

from __future__ import annotations

import pytest

from rules_helpers import entities, relations, timex_triples

DCT = "2018-07-18"   # a Wednesday, ISO week 2018-W29


def _relations(text: str) -> list[tuple[list[str], list[str], list[str], str]]:
    return relations(text, DCT)


def _entities(text: str) -> set[tuple[str, str]]:
    return entities(text, DCT)


def _timexes(text: str) -> list[tuple[str, str, str]]:
    return timex_triples(text, DCT)


# --- NER: persons ---------------------------------------------------------------------

def test_a_known_full_name_teaches_its_surname_in_the_document():
    # عباس is also a given name and الشاهد "the witness": alone they are no name, but after
    # the full name in the same text the surname names the person
    text = "استقبل محمود عباس الوفد في المقر. وقال عباس للصحفيين إن اللقاء كان مثمرا."
    assert ("عباس", "PERS") in _entities(text)
    text = "التقى يوسف الشاهد بالنقابات. وأكد الشاهد أن الحوار سيستمر."
    assert ("الشاهد", "PERS") in _entities(text)


def test_a_lone_given_name_after_an_honorific():
    assert ("سلوى", "PERS") in _entities("وقالت السيدة سلوى إن المدرسة أغلقت.")


def test_a_long_name_chain_with_al():
    found = _entities("وقال الشيخ عبد الله بن حمد آل ثاني إن الزيارة ناجحة.")
    assert ("عبد الله بن حمد آل ثاني", "PERS") in found


def test_a_nisba_after_a_role_noun_is_no_name():
    found = _entities("وقال مسؤول مغربي لوكالة الأنباء الألمانية إن المحادثات انتهت.")
    assert ("مسؤول مغربي", "OCC") in found
    assert not any(t == "PERS" for _, t in found)


def test_a_nisba_before_a_name_particle_still_starts_a_name():
    assert ("تركي بن سلطان", "PERS") in _entities("واستقبل الأمير تركي بن سلطان الضيوف.")


def test_a_derived_verb_after_a_kinship_noun_is_no_name():
    found = _entities("وأوضحت الأم أن ابنها انسحب من السباق.")
    assert not any(t == "PERS" for _, t in found)


@pytest.mark.parametrize("name", ["ريهام", "حذيفة", "شربل", "جاسيندا"])
def test_more_given_names(name):
    assert (f"{name} الخطيب", "PERS") in _entities(f"وصل {name} الخطيب إلى المطار.")


# --- NER: titles, laws, places, organisations ---------------------------------------

def test_a_deputy_of_an_office_is_one_title():
    found = _entities("وقال نائب رئيس الوزراء الكندي إن الحكومة مستقرة.")
    assert ("نائب رئيس الوزراء الكندي", "OCC") in found
    assert ("نائب", "OCC") not in found
    assert ("مساعد وزير الدفاع", "OCC") in _entities("والتقى مساعد وزير الدفاع بالوفد.")


@pytest.mark.parametrize("text, law", [
    ("وطالب الوزير بتطبيق القرار 1559 كاملا.", "القرار 1559"),
    ("ودعا إلى احترام القرار الأممي رقم 242 فورا.", "القرار الأممي رقم 242"),
    ("واستند إلى قرار مجلس الأمن الدولي رقم 338 في مذكرته.", "قرار مجلس الأمن الدولي رقم 338"),
    ("وألغى البرلمان القانون رقم 7 المثير للجدل.", "القانون رقم 7"),
])
def test_numbered_resolutions_and_laws(text, law):
    assert (law, "LAW") in _entities(text)


def test_a_small_number_after_a_definite_head_is_no_law():
    assert not any(t == "LAW" for _, t in _entities("وفي القرار 3 بنود جديدة."))


@pytest.mark.parametrize("place", ["الظهران", "صفاقس", "القامشلي", "بعقوبة", "أريحا", "سيئون"])
def test_division_capitals_and_main_towns(place):
    assert (place, "GPE") in _entities(f"ووصل الوفد إلى {place} صباحا.")


@pytest.mark.parametrize("word", ["القائم", "حديثة", "السلمية", "العيون", "الخبر"])
def test_false_friends_stay_out_of_the_gazetteer(word):
    assert not any(t == "GPE" for _, t in _entities(f"وتحدث عن الوضع {word} مطولا."))


@pytest.mark.parametrize("org", ["الموساد", "قسد", "منظمة حظر الأسلحة الكيميائية", "الأزهر"])
def test_well_known_bodies_without_a_head(org):
    assert (org, "ORG") in _entities(f"وقال بيان {org} إن التحقيق مستمر.") | \
        _entities(f"ورحب {org} بالخطوة.")


# --- TIMEX3 ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # a month with its twin in parentheses is one expression, as with the slash
    ("وفي 3 تشرين الأول (أكتوبر) 2016 وقعت الهدنة.",
     [("3 تشرين الأول (أكتوبر) 2016", "DATE", "2016-10-03")]),
    ("وعاد في 9 مارس (آذار) الماضي.", [("9 مارس (آذار) الماضي", "DATE", "2018-03-09")]),
    # a day number with the article (الـ)
    ("وفي الـ11 من فبراير جرت المباراة.", [("الـ11 من فبراير", "DATE", "2018-02-11")]),
    # the week/year before last
    ("وبدأت المفاوضات الأسبوع قبل الماضي.", [("الأسبوع قبل الماضي", "DATE", "2018-W27")]),
    ("وتراجعت الصادرات العام قبل الماضي.", [("العام قبل الماضي", "DATE", "2016")]),
    # quarters and halves (TimeML Qn, Hn)
    ("وارتفع الدين في الربع الثالث من العام الماضي.",
     [("الربع الثالث من العام الماضي", "DATE", "2017-Q3")]),
    ("ونما الاقتصاد في النصف الأول من عام 2015.",
     [("النصف الأول من عام 2015", "DATE", "2015-H1")]),
    ("وتباطأ النمو في الربع الأخير من هذا العام.",
     [("الربع الأخير من هذا العام", "DATE", "2018-Q4")]),
    # seasons (TimeML SP SU FA WI)
    ("وتوقف المشروع في خريف 2014.", [("خريف 2014", "DATE", "2014-FA")]),
    ("وزار المدينة الربيع الماضي.", [("الربيع الماضي", "DATE", "2018-SP")]),
    ("وانتهى الموسم الصيف الماضي.", [("الصيف الماضي", "DATE", "2017-SU")]),
    # centuries (TimeML: 19 is the 1900s)
    ("وبني القصر في القرن الثامن عشر.", [("القرن الثامن عشر", "DATE", "17")]),
    ("وكانت المدينة مزدهرة في القرن الماضي.", [("القرن الماضي", "DATE", "19")]),
    # a modifier with a bare unit: the DCT's own year or month
    ("وقتل عشرون صحفيا منذ بداية العام.", [("بداية العام", "DATE", "2018")]),
    ("وسيصل الوفد منتصف الشهر.", [("منتصف الشهر", "DATE", "2018-07")]),
    # غضون + a bare plural is a vague duration
    ("وسيعلن القرار في غضون أسابيع.", [("أسابيع", "DURATION", "PXW")]),
    # coordinated days before "من الشهر الجاري"
    ("ويعقد المؤتمر يومي 24 و25 من الشهر الجاري.",
     [("24", "DATE", "2018-07-24"), ("25 من الشهر الجاري", "DATE", "2018-07-25")]),
])
def test_timex_v5(text, expected):
    assert _timexes(text) == expected


def test_the_word_for_spring_is_no_season_without_a_year_or_modifier():
    assert _timexes("وتحدث عن ربيع الشعوب.") == []


# --- attribution -------------------------------------------------------------------------

def test_a_demonstrative_after_the_speaker_opens_the_object():
    rels = _relations("ونفت المتحدثة باسم البلدية هذه الشائعات، مؤكدة أن العمدة باق.")
    assert rels and all(src == ["المتحدثة باسم البلدية"] for src, _, _, _ in rels)


def test_a_demonstrative_opening_the_source_stays():
    assert _relations("وقال هذا الدبلوماسي إن اللقاء تأجل.")[0][0] == ["هذا الدبلوماسي"]


@pytest.mark.parametrize("text, source", [
    ("وقال موظف طلب عدم ذكر اسمه إن المصنع سيغلق.", "موظف"),
    ("وأكد ضابط فضل عدم الكشف عن هويته أن الدورية عادت.", "ضابط"),
])
def test_an_anonymous_sources_request_is_no_report(text, source):
    rels = _relations(text)
    assert [(src, cue) for src, cue, _, _ in rels] == [([source], [text.split()[0][1:]])]
