"""rules 0.6.0 (attribution): general constructions behind the errors on the new dev
documents, each tested on sentences written for these tests (invented people and events;
no corpus sentence copied)."""

from __future__ import annotations

from rules_helpers import relations

DCT = "2018-07-18"


def _relations(text: str) -> list[tuple[list[str], list[str], list[str], str]]:
    return relations(text, DCT)


# --- SVO subjects -------------------------------------------------------------------

def test_a_subject_before_the_verb_wins_over_the_object_after_it():
    rels = _relations("وأكد المتحدث أن الوزارة دعت المواطنين إلى الحذر.")
    assert (["الوزارة"], ["دعت"], ["الحذر"], "indirect") in rels


def test_a_demand_verb_after_its_subject_takes_an_indefinite_object_as_content():
    rels = _relations("وأضاف البيان أن النقابة طالبت زيادة الأجور بنسبة عشرة في المئة.")
    assert (["النقابة"], ["طالبت"], ["زيادة الأجور بنسبة عشرة في المئة"], "indirect") in rels


def test_a_demand_verb_with_an_addressee_keeps_the_preposition_rule():
    rels = _relations("وقال إن النقابة طالبت الحكومة بزيادة الأجور.")
    assert (["النقابة"], ["طالبت"], ["زيادة الأجور"], "indirect") in rels


def test_a_dateline_slash_is_no_subject_of_the_first_verb():
    rels = _relations("بيروت 3 مارس 2018 / أعلنت الحكومة اللبنانية اليوم أن الانتخابات ستجري في موعدها.")
    assert rels == [(["الحكومة اللبنانية"], ["أعلنت"], ["الانتخابات ستجري في موعدها"], "indirect")]


# --- denials and rejections of reported speech --------------------------------------

def test_a_rejection_of_accusations_is_a_report_whose_content_is_the_object():
    rels = _relations("رفض وزير الخارجية المغربي، ناصر بوريطة، الأحد، اتهامات وجهت إلى الرباط "
                      "بدعم المتمردين.")
    assert rels == [(["وزير الخارجية المغربي، ناصر بوريطة"], ["رفض"],
                     ["اتهامات وجهت إلى الرباط بدعم المتمردين"], "indirect")]


def test_a_denial_of_reports_with_a_complement_takes_the_object():
    rels = _relations("ونفى الجيش التقارير عن سقوط قتلى مدنيين في القصف.")
    assert rels == [(["الجيش"], ["نفى"], ["التقارير عن سقوط قتلى مدنيين في القصف"], "indirect")]


def test_a_refusal_without_a_noun_of_speech_is_no_report():
    assert _relations("ورفض الرئيس الاقتراح الذي قدمته المعارضة.") == []
    assert _relations("ورفضت الوزيرة أن تتحدث إلى الصحفيين.") == []


def test_a_denial_with_a_complementizer_keeps_the_clause():
    rels = _relations("ونفت الشركة أن تكون التقارير صحيحة.")
    assert rels == [(["الشركة"], ["نفت"], ["تكون التقارير صحيحة"], "indirect")]


# --- shared subjects ------------------------------------------------------------------

def test_a_conjoined_verb_shares_a_fronted_subject():
    rels = _relations("لكن حزب العدالة لطالما رفض الاتهامات بالفساد ويعتبر أنه مستهدف.")
    assert rels == [(["حزب العدالة"], ["رفض"], ["الاتهامات بالفساد"], "indirect"),
                    (["حزب العدالة"], ["يعتبر"], ["مستهدف"], "indirect")]


def test_a_conjoined_verb_after_a_vso_report_stays_pro_drop():
    rels = _relations("وقال الوزير إن الخطة جاهزة، وأضاف أن التنفيذ سيبدأ قريبا.")
    assert rels == [(["الوزير"], ["قال"], ["الخطة جاهزة"], "indirect"),
                    ([], ["أضاف"], ["التنفيذ سيبدأ قريبا"], "indirect")]


def test_a_conjoined_verb_that_does_not_agree_keeps_an_empty_source():
    rels = _relations("الوزير قال إن الخطة جاهزة، وأضافت أن التنفيذ سيبدأ قريبا.")
    assert ([], ["أضافت"], ["التنفيذ سيبدأ قريبا"], "indirect") in rels


def test_a_conjoined_verb_after_an_svo_report_shares_its_subject():
    rels = _relations("الوزير قال إن الخطة جاهزة، وأضاف أن التنفيذ سيبدأ قريبا.")
    assert rels == [(["الوزير"], ["قال"], ["الخطة جاهزة"], "indirect"),
                    (["الوزير"], ["أضاف"], ["التنفيذ سيبدأ قريبا"], "indirect")]


# --- cue forms that are nouns ---------------------------------------------------------

def test_a_cue_form_after_a_preposition_or_a_numeral_is_a_noun():
    rels = _relations("ألقت الشرطة القبض على طالب قتل زميله، ويضم الحرم أكثر من 20 ألف طالب "
                      "وقال المدير إن الدراسة ستستأنف.")
    assert rels == [(["المدير"], ["قال"], ["الدراسة ستستأنف"], "indirect")]


def test_the_same_form_opening_a_clause_stays_a_verb():
    rels = _relations("وطالب الطلاب بإغلاق الحرم.")
    assert rels == [(["الطلاب"], ["طالب"], ["إغلاق الحرم"], "indirect")]


def test_a_preposition_that_ends_a_quoted_name_does_not_make_a_noun():
    rels = _relations('وقال المذيع لقناة "صوت في": "نعلن أن البث سيتوقف".')
    assert ([], ["نعلن"], ["البث سيتوقف"], "indirect") in rels


# --- the content marker after a long VSO speaker ------------------------------------

def test_a_complementizer_after_an_apposition_and_circumstances_is_found():
    rels = _relations("وقال سامر الحلبي، وهو عضو في مجلس المدينة، في منشور على حسابه بموقع "
                      "التواصل الاجتماعي فيسبوك صباح الأحد، إن الطريق سيغلق.")
    assert rels == [(["سامر الحلبي"], ["قال"], ["الطريق سيغلق"], "indirect")]


def test_a_speaker_whose_name_starts_with_lam_is_no_addressee():
    rels = _relations('وأوضح لوران فابيوس الذي يزور تونس: "الحوار هو الحل".')
    assert rels == [(["لوران فابيوس"], ["أوضح"], ['"الحوار هو الحل"'], "direct")]


def test_a_glued_lam_addressee_still_leaves_the_source_empty():
    assert _relations("وقال للصحفيين إن الاجتماع انتهى.") == [
        ([], ["قال"], ["الاجتماع انتهى"], "indirect")]


def test_a_quoted_outlet_glued_to_lam_is_no_content():
    rels = _relations('وأكد مدير المستشفى، سليم داود، في تصريحات لـ"الإذاعة الوطنية"، على هامش '
                      'مؤتمر طبي في القاهرة، أن المرضى بخير.')
    assert rels == [(["مدير المستشفى، سليم داود"], ["أكد"], ["المرضى بخير"], "indirect")]


def test_a_quotation_after_a_quoted_outlet_and_a_colon_is_the_content():
    rels = _relations('وقال الوزير لـ"راديو المدينة": "لن نتراجع".')
    assert rels == [(["الوزير"], ["قال"], ['"لن نتراجع"'], "direct")]


# --- descriptions with attributed words ---------------------------------------------

def test_a_description_with_a_quoted_ba_phrase_takes_the_object_and_the_phrase():
    rels = _relations('وأشاد النقاد بالفيلم، إذ وصفوا أداء الممثلة الشابة بـ "ولادة نجمة".')
    assert rels == [([], ["وصفوا"], ['أداء الممثلة الشابة بـ "ولادة نجمة"'], "mixed")]


def test_a_vso_description_keeps_the_speaker_out_of_the_content():
    rels = _relations('ووصف الوزير الاتفاق بـ"التاريخي".')
    assert rels == [(["الوزير"], ["وصف"], ['الاتفاق بـ"التاريخي"'], "mixed")]


def test_ma_wasafahu_is_naming_not_a_report():
    assert _relations('وانتقد ما وصفه بـ "الفوضى الإدارية".') == []
