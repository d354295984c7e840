"""rules 0.4.0: general mechanisms that replace or extend dev-fitted ones, each on
sentences written for these tests (never copied from a gold document)."""

from __future__ import annotations

import pytest

from runners.builtin.rules_text import fold, verb_forms
from rules_helpers import entities, relations, timex_triples

DCT = "2018-05-16"   # a Wednesday


def _relations(text: str) -> list[tuple[list[str], list[str], list[str], str]]:
    return relations(text, DCT)


def _entities(text: str) -> set[tuple[str, str]]:
    return entities(text, DCT)


def _timexes(text: str) -> list[tuple[str, str, str]]:
    return timex_triples(text, DCT)


# --- reporting verbs by morphology -------------------------------------------------

@pytest.mark.parametrize("form", [
    "أكدتا", "يؤكدان", "أكدن", "نوه", "نوهت", "ينوهون", "أقرت", "يقرون", "ألمحت", "أجاب",
    "تساءلت", "يتساءلون", "اقترحوا", "استطردت", "منوهين", "متسائلا", "أخبرت"])
def test_paradigms_conjugate_by_affixation(form):
    assert fold(form) in verb_forms()["all"]


@pytest.mark.parametrize("word", ["بين", "تبلغ", "يبلغ", "كتب", "تابعا", "مقرا", "ناقلة", "مفيدة", "متهمين"])
def test_forms_that_are_also_common_words_are_left_out(word):
    assert fold(word) not in verb_forms()["all"]


def test_a_noun_homograph_is_a_cue_but_not_a_name_cue():
    assert fold("طالب") in verb_forms()["all"]
    assert fold("طالب") not in verb_forms()["speaker"]
    assert ("جديد", "PERS") not in _entities("وهو طالب جديد في الجامعة.")


@pytest.mark.parametrize("text,cue,source,content", [
    ("وأكدتا أن المساعدات وصلت إلى المخيم.", "أكدتا", [], "المساعدات وصلت إلى المخيم"),
    ("ونوه الوزير بأن المرحلة المقبلة صعبة.", "نوه", ["الوزير"], "المرحلة المقبلة صعبة"),
    ("وتساءلت الكاتبة: \"من يدفع الثمن؟\"", "تساءلت", ["الكاتبة"], "\"من يدفع الثمن؟\""),
    ("ويقرون بأن الخطة تأخرت.", "يقرون", [], "الخطة تأخرت"),
])
def test_conjugated_forms_are_cues(text, cue, source, content):
    rels = _relations(text)
    assert [(r[1], r[0], r[2]) for r in rels] == [([cue], source, [content])]


# --- TIMEX3 (guidelines 4.2 and 4.6; DCT Wednesday 2018-05-16) -----------------------

@pytest.mark.parametrize("text,expected", [
    # "X ago" keeps قبل; a vague amount is PAST_REF; counted from an event stays a duration
    ("وأفرج عن الصياد قبل خمسة أيام.", [("قبل خمسة أيام", "DATE", "2018-05-11")]),
    ("وغادرت الوفود قبل ثلاث سنوات.", [("قبل ثلاث سنوات", "DATE", "2015")]),
    ("وانتقل إلى المدينة قبل عدة سنوات.", [("قبل عدة سنوات", "DATE", "PAST_REF")]),
    ("وسافر قبل أيام قليلة من الامتحان.", [("أيام", "DURATION", "PXD")]),
    ("ووصل قبل يومين على بدء المهرجان.", [("يومين", "DURATION", "P2D")]),
    # weekdays: the most recent one on or before the DCT, the next one in a future clause
    ("وتظاهر الطلاب يوم الاثنين الماضي.", [("يوم الاثنين الماضي", "DATE", "2018-05-14")]),
    ("ووقعت الاشتباكات الأربعاء.", [("الأربعاء", "DATE", "2018-05-16")]),
    ("وسيزور الوزير العاصمة الجمعة.", [("الجمعة", "DATE", "2018-05-18")]),
    # parts of day (TimeML TMO/TAF/TEV/TNI)
    ("وسقطت القذائف فجر أمس.", [("فجر أمس", "TIME", "2018-05-15TMO")]),
    ("ووقع الانفجار بعد ظهر الاثنين.", [("بعد ظهر الاثنين", "TIME", "2018-05-14TAF")]),
    ("وعاد الهدوء ليلة الثلاثاء.", [("ليلة الثلاثاء", "TIME", "2018-05-15TNI")]),
    ("وأعلنت الشرطة الليلة الماضية حظر التجول.", [("الليلة الماضية", "TIME", "2018-05-15TNI")]),
    # clock times in words
    ("وتبدأ الجلسة في الساعة الثامنة مساء.", [("الساعة الثامنة مساء", "TIME", "2018-05-16T20:00")]),
    ("وانتهى الاجتماع عند الساعة الواحدة ظهرا.", [("الساعة الواحدة ظهرا", "TIME", "2018-05-16T13:00")]),
    ("ووصل القطار الساعة العاشرة والنصف صباحا.",
     [("الساعة العاشرة والنصف صباحا", "TIME", "2018-05-16T10:30")]),
    # dual month names, an ambiguous month (آب) made safe by its pair
    ("وعاد اللاعب في أواسط آب/أغسطس.", [("أواسط آب/أغسطس", "DATE", "2017-08")]),
    ("وبدأت المحادثات في شباط/ فبراير.", [("شباط/ فبراير", "DATE", "2018-02")]),
    # days of the DCT's month and "earlier this month"
    ("ووصلت الشحنة في الخامس عشر من الشهر الجاري.",
     [("الخامس عشر من الشهر الجاري", "DATE", "2018-05-15")]),
    ("وصدر الحكم في الثالث من الشهر الماضي.", [("الثالث من الشهر الماضي", "DATE", "2018-04-03")]),
    ("وكان البرلمان قد صوت في وقت سابق من هذا الشهر.",
     [("وقت سابق من هذا الشهر", "DATE", "2018-05")]),
    # ISO weeks, year-first numeric dates, durations with digits after the article
    ("واجتمع الخبراء الأسبوع الماضي.", [("الأسبوع الماضي", "DATE", "2018-W19")]),
    ("ووقعت الحادثة في 2018/05/10.", [("2018/05/10", "DATE", "2018-05-10")]),
    ("وتوقفت الرحلات خلال الساعات الـ24 الماضية.",
     [("الساعات الـ24 الماضية", "DURATION", "PT24H")]),
])
def test_timex_v4(text, expected):
    assert _timexes(text) == expected


# --- NER: general mechanisms and general-knowledge lists ----------------------------

@pytest.mark.parametrize("text,expected,absent", [
    # well-known figures of the news period: the full name, and a distinctive surname alone
    ("وانتقد نتنياهو الخطة في كلمة أمام الكنيست.", {("نتنياهو", "PERS")}, set()),
    ("واتصل ترامب هاتفيا بنظيره.", {("ترامب", "PERS")}, set()),
    ("ورحب حسن روحاني بالمبادرة.", {("حسن روحاني", "PERS")}, set()),
    # a title right before a known name stays a separate, adjacent mention
    ("وصرح الرئيس التركي رجب طيب أردوغان للصحفيين.",
     {("الرئيس التركي", "OCC"), ("رجب طيب أردوغان", "PERS")},
     {("الرئيس التركي رجب طيب أردوغان", "OCC")}),
    # a surname that is a common word is never tagged alone (الأسد "the lion", ماي "May")
    ("وشاهد الأطفال الأسد في حديقة الحيوان.", set(), {("الأسد", "PERS")}),
    # more given names start a name chain
    ("والتقى الوفد بالناشطة رزان الخطيب وزميلها مصعب الحلبي.",
     {("رزان الخطيب", "PERS"), ("مصعب الحلبي", "PERS")}, set()),
    # NORP: an indefinite nisba plural after a number or a vague quantity; broken plurals
    ("وأصيب أربعة لبنانيين في الحادث.", {("أربعة", "CARDINAL"), ("لبنانيين", "NORP")}, set()),
    ("وعبر آلاف عراقيين الحدود.", {("عراقيين", "NORP")}, set()),
    ("ويتظاهر الأتراك والروس أمام السفارة.", {("الأتراك", "NORP")}, set()),
    ("وقال الكاثوليك إن الكنيسة ستبقى مفتوحة.", {("الكاثوليك", "NORP")}, set()),
    # an indefinite nisba plural that is not counted is an adjective (no NORP)
    ("وشارك خبراء لبنانيون في الندوة.", set(), {("لبنانيون", "NORP")}),
    # ORG heads: a bank called مصرف, a national team
    ("وقال مصرف سوريا المركزي إن الاحتياطي مستقر.", {("مصرف سوريا المركزي", "ORG")},
     {("مصرف", "PERS")}),
    ("وفاز منتخب المغرب على ضيفه.", {("منتخب المغرب", "ORG")}, set()),
    # places: capitals and large cities CLDR lacks, an Algerian wilaya
    ("ووصل الوفد إلى ياوندي قادما من تل أبيب.", {("ياوندي", "GPE"), ("تل أبيب", "GPE")}, set()),
    ("وضربت السيول ولاية الجلفة.", {("ولاية الجلفة", "GPE")}, set()),
])
def test_ner_v4(text, expected, absent):
    found = _entities(text)
    assert expected <= found, found
    assert not (absent & found), found


# --- attribution: relays without قوله, pronoun addressees -----------------------------

def test_a_relay_without_qawl_gives_the_original_speaker_with_the_cue_an():
    text = "ونقلت صحيفة محلية عن وزارة الصحة أن المستشفيات امتلأت بالجرحى."
    assert _relations(text) == [
        (["صحيفة محلية"], ["نقلت"], ["المستشفيات امتلأت بالجرحى"], "indirect"),
        (["وزارة الصحة"], ["عن"], ["المستشفيات امتلأت بالجرحى"], "indirect")]


def test_a_relay_with_qawl_still_uses_qawl():
    text = "ونقلت الإذاعة عن ضابط في الجيش قوله إن الطريق مغلق."
    rels = _relations(text)
    assert [r[1] for r in rels] == [["نقلت"], ["قوله"]]
    assert rels[1][0] == ["ضابط في الجيش"]


def test_a_pronoun_addressee_before_the_speaker_is_skipped():
    text = 'وقال المزارع: "لقد قال لنا المهندس إن السد سيكتمل".'
    rels = _relations(text)
    assert (["المهندس"], ["قال"], ["السد سيكتمل"], "indirect") in rels


def test_a_named_addressee_is_still_no_speaker():
    assert _relations("وقال للصحفيين إن الجلسة انتهت.") == [
        ([], ["قال"], ["الجلسة انتهت"], "indirect")]


def test_a_cue_homograph_after_a_pronoun_is_a_noun():
    assert _relations("وهو طالب في الجامعة قبل أن يسافر إلى الخارج.") == []
    assert _relations("وكان الشاب، وهو طالب في كلية الطب، قد أكد لأصدقائه أنه سيسافر.") == [
        ([], ["أكد"], ["سيسافر"], "indirect")]


@pytest.mark.parametrize("text,expected", [
    ("وقعت الغارة مساء الجمعة الماضية على البلدة.",
     [("مساء الجمعة الماضية", "TIME", "2018-05-11TEV")]),
    ("ويصل الوفد صباح الأحد المقبل.", [("صباح الأحد المقبل", "TIME", "2018-05-20TMO")]),
])
def test_a_part_of_day_with_a_relative_weekday(text, expected):
    assert _timexes(text) == expected


@pytest.mark.parametrize("text,expected", [
    # Hijri months: with شهر always; alone only when the name is no given name or word
    ("ويبدأ الصيام مع حلول شهر رمضان.", [("شهر رمضان", "DATE", "2018-05")]),
    ("وتنتهي العطلة في منتصف شوال.", [("شوال", "DATE", "2018-06")]),
    ("وقال رمضان إن الطريق مغلق.", []),
])
def test_hijri_months_resolve_to_the_nearest_gregorian_month(text, expected):
    assert _timexes(text) == expected


def test_a_name_and_a_definite_surname_after_a_title_before_a_preposition():
    found = _entities("وأكد وزير الزراعة كريم الصافي في بيان أن الموسم جيد.")
    assert {("وزير الزراعة", "OCC"), ("كريم الصافي", "PERS")} <= found


def test_a_singular_nisba_counted_as_a_noun_is_norp():
    found = _entities("ويعيش في المدينة نحو مليون مصري.")
    assert ("مصري", "NORP") in found
    assert ("مصري", "NORP") not in _entities("وشارك في المعرض فنان مصري.")


def test_a_given_name_is_not_read_through_the_preposition_ka():
    found = _entities("وقال الرئيس كريم الحداد إن الخطة جاهزة.")
    assert ("ريم", "PERS") not in found
    assert ("كريم الحداد", "PERS") in found


@pytest.mark.parametrize("text,expected,absent", [
    ("ودعت المعارضة إلى بتطبيق الاتفاق فورا.", set(), {("بتطبيق", "PERS")}),
    ("وطالب النائب بتنفيذ الحكم.", set(), {("بتنفيذ", "PERS")}),
    ("وقال المتحدث باسم الكرملين إن اللقاء مثمر.", {("المتحدث باسم الكرملين", "OCC")}, set()),
    ("وأكد المتحدث باسم البيت الأبيض أن الزيارة تأجلت.",
     {("المتحدث باسم البيت الأبيض", "OCC"), ("البيت الأبيض", "ORG")}, set()),
    ("وتنطلق كأس العالم الشهر المقبل.", {("كأس العالم", "EVENT")}, set()),
])
def test_ner_v4_phrases(text, expected, absent):
    found = _entities(text)
    assert expected <= found, found
    assert not (absent & found), found


def test_qawl_followed_by_a_colon_takes_the_quotation():
    text = 'ونقلت الإذاعة عن القائد قوله: "سنعود إلى قرانا".'
    assert _relations(text)[1] == (["القائد"], ["قوله"], ['"سنعود إلى قرانا"'], "direct")


@pytest.mark.parametrize("text,expected", [
    ("وغادر الصحفي البلاد منذ أسبوع.", [("أسبوع", "DURATION", "P1W")]),
    ("وتقاعد المدرب قبل عام.", [("قبل عام", "DATE", "2017")]),
    ("واستقال قبل شهر من المؤتمر.", [("شهر", "DURATION", "P1M")]),
    ("وتقيم العائلة هنا منذ عام 2009.", [("عام 2009", "DATE", "2009")]),
])
def test_a_single_unit_after_mundhu_or_qabl(text, expected):
    assert _timexes(text) == expected


@pytest.mark.parametrize("text,expected,absent", [
    # the nisba of a country name in ية (السعودية → سعودي) makes its plural a NORP
    ("ورحب السعوديون بالقرار.", {("السعوديون", "NORP")}, set()),
    # a verb of the form استفعل ends a name
    ("وقال إن الأمير فيصل استقبل الوفد.", {("فيصل", "PERS")}, {("فيصل استقبل", "PERS")}),
    # لدى + a known body completes an office
    ("وقالت السفيرة الفرنسية لدى الأمم المتحدة إن المشروع جاهز.",
     {("السفيرة الفرنسية لدى الأمم المتحدة", "OCC"), ("الأمم المتحدة", "ORG")}, set()),
])
def test_ner_v4_more(text, expected, absent):
    found = _entities(text)
    assert expected <= found, found
    assert not (absent & found), found


def test_an_svo_subject_made_of_a_title_and_a_name():
    text = "وزير الخارجية الألماني هايكو ماس قال إن الحوار ضروري."
    assert _relations(text) == [
        (["وزير الخارجية الألماني هايكو ماس"], ["قال"], ["الحوار ضروري"], "indirect")]


def test_the_object_of_a_call_is_not_part_of_the_caller():
    text = "ودعت منظمة العفو الدولية السلطات إلى الإفراج عن المعتقلين."
    assert _relations(text) == [
        (["منظمة العفو الدولية"], ["دعت"], ["الإفراج عن المعتقلين"], "indirect")]


@pytest.mark.parametrize("text,expected", [
    ("وتصاعدت حدة التوتر في الآونة الأخيرة.", [("الآونة الأخيرة", "DATE", "PAST_REF")]),
    ("وستبدأ المحادثات في المستقبل القريب.", [("المستقبل القريب", "DATE", "FUTURE_REF")]),
])
def test_vague_references_v4(text, expected):
    assert _timexes(text) == expected


def test_more_well_known_organisations():
    found = _entities("وقالت السلطة الفلسطينية إن صحيفة وول ستريت جورنال نشرت الخبر.")
    assert {("السلطة الفلسطينية", "ORG"), ("صحيفة وول ستريت جورنال", "ORG")} <= found


def test_a_naming_word_introduces_a_name():
    assert ("غونتر فيلدر", "PERS") in _entities("وأوقفت الشرطة رجلا يدعى غونتر فيلدر في المحطة.")


@pytest.mark.parametrize("text", [
    "وأعلنت البلدية حالة الطوارئ بعد أن غمرت المياه الشوارع.",
    "وأكدت العائلة الخبر قبل أن تغادر المدينة.",
    "وذكر الموقع أسماء اللاعبين الذين يمكن أن يشاركوا في المباراة.",
])
def test_the_particle_an_after_a_time_or_modal_word_opens_no_report(text):
    assert _relations(text) == []


def test_ila_an_is_still_a_complementizer_after_ashara():
    assert _relations("وأشارت الدراسة إلى أن الأسعار ارتفعت.") == [
        (["الدراسة"], ["أشارت"], ["الأسعار ارتفعت"], "indirect")]


def test_a_cue_homograph_does_not_steal_the_next_reports_content():
    text = "ونقل الجرحى إلى المستشفى حيث أكد الأطباء أن حالتهم مستقرة."
    assert _relations(text) == [(["الأطباء"], ["أكد"], ["حالتهم مستقرة"], "indirect")]


@pytest.mark.parametrize("text,expected", [
    ("ونزح مليونا شخص، بينهم مليوني طفل.", ("مليوني", "CARDINAL")),
    ("ودفع المشتري ألفي دينار.", ("ألفي دينار", "MONEY")),
    ("وحضر الحفل ألف شخص.", ("ألف", "CARDINAL")),
])
def test_a_scale_word_alone_is_a_number(text, expected):
    assert expected in _entities(text)


def test_more_titles_v4():
    found = _entities("وقال السيناتور الجمهوري ليندسي غراهام إن العقوبات ضرورية.")
    assert {("السيناتور الجمهوري", "OCC"), ("ليندسي غراهام", "PERS")} <= found


def test_a_known_name_with_waw_inside():
    assert ("حزب العدالة والتنمية", "ORG") in _entities("وفاز حزب العدالة والتنمية بالانتخابات.")


def test_a_weekday_with_al_muwafiq_and_its_date_is_one_expression():
    assert _timexes("وتبدأ الاحتفالات يوم الأحد الموافق 20 مايو.") == [
        ("يوم الأحد الموافق 20 مايو", "DATE", "2018-05-20")]
