"""rules 0.7.0 (attribution, round 9): general constructions of unseen Arabic news, each tested
on sentences written for these tests (invented people, bodies and events; no corpus sentence
copied). Each test names the construction it covers; negative sentences check precision."""

from __future__ import annotations

from rules_helpers import relations

DCT = "2018-07-18"


def _relations(text: str) -> list[tuple[list[str], list[str], list[str], str]]:
    return relations(text, DCT)


# --- sources: sentence adverbs end the speaker's noun phrase -------------------------

def test_source_a_sentence_adverb_after_the_speaker_is_out():
    assert _relations("وقال وزير النقل كذلك إن الخط الجديد سيفتتح في الخريف.") == [
        (["وزير النقل"], ["قال"], ["الخط الجديد سيفتتح في الخريف"], "indirect")]
    assert _relations("وأكدت النقابة بدورها أن الإضراب سيستمر.") == [
        (["النقابة"], ["أكدت"], ["الإضراب سيستمر"], "indirect")]


def test_source_a_document_after_jaa_fi_keeps_out_aydan():
    assert _relations("وجاء في البيان أيضا أن الشركة ستعوض المتضررين.") == [
        (["البيان"], ["جاء في"], ["الشركة ستعوض المتضررين"], "indirect")]


# --- relays inside a quotation ------------------------------------------------------

def test_relay_inside_a_quotation_takes_the_quoted_words_before_it():
    rels = _relations('وقالت الوزيرة: "الخطة، حسب الخبراء، ستوفر ألف وظيفة".')
    assert rels[1] == (["الخبراء"], ["حسب"], ["الخطة"], "indirect")
    rels = _relations('وقال المتحدث باسم الجيش: "إن 40 مسلحا، بحسب مصادرنا، قتلوا في الاشتباكات".')
    assert rels[1] == (["مصادرنا"], ["بحسب"], ["40 مسلحا"], "indirect")   # إن out


# --- relayed reports: نقلت عن X, نقلت عنه X قوله (guidelines 4.3) ----------------------

def test_relay_pro_drop_naqalat_an_gives_the_relay_and_the_original():
    assert _relations("ونقلت عن مصدر قضائي أن المحاكمة ستبدأ الشهر المقبل.") == [
        ([], ["نقلت"], ["المحاكمة ستبدأ الشهر المقبل"], "indirect"),
        (["مصدر قضائي"], ["عن"], ["المحاكمة ستبدأ الشهر المقبل"], "indirect")]


def test_relay_pro_drop_with_qawlihi_leaves_the_original_to_the_qawl_cue():
    assert _relations('ونقلت عن مسؤول في الميناء قوله "الشحنات تأخرت أسبوعين".') == [
        ([], ["نقلت"], ['"الشحنات تأخرت أسبوعين"'], "direct"),
        (["مسؤول في الميناء"], ["قوله"], ['"الشحنات تأخرت أسبوعين"'], "direct")]


def test_relay_anhu_before_the_relaying_source():
    assert _relations('ونقلت عنه صحيفة الشروق قوله "لن أترشح مرة أخرى".') == [
        (["صحيفة الشروق"], ["نقلت"], ['"لن أترشح مرة أخرى"'], "direct"),
        ([], ["قوله"], ['"لن أترشح مرة أخرى"'], "direct")]


# --- new cues: proposals, stipulations, admissions, written reports, descriptions -------

def test_proposal_with_a_verbal_noun_object_after_a_time():
    assert _relations("اقترحت وزارة المالية اليوم الأحد رفع ضريبة المبيعات على السلع الفاخرة "
                      "في محاولة لسد عجز الموازنة.") == [
        (["وزارة المالية"], ["اقترحت"], ["رفع ضريبة المبيعات على السلع الفاخرة"], "indirect")]


def test_proposal_by_a_title_and_name():
    assert _relations("واقترح وزير الصحة الأردني سامي العلي إنشاء صندوق لدعم المستشفيات الريفية.") == [
        (["وزير الصحة الأردني سامي العلي"], ["اقترح"],
         ["إنشاء صندوق لدعم المستشفيات الريفية"], "indirect")]


def test_stipulation_nassa_ala_a_document_as_source():
    assert _relations("وتنص الاتفاقية على انسحاب القوات من المنطقة العازلة خلال ستة أشهر.") == [
        (["الاتفاقية"], ["تنص"], ["انسحاب القوات من المنطقة العازلة خلال ستة أشهر"], "indirect")]
    assert _relations("وينص القانون الجديد على أن يحصل كل عامل على إجازة سنوية مدفوعة.") == [
        (["القانون الجديد"], ["ينص"], ["يحصل كل عامل على إجازة سنوية مدفوعة"], "indirect")]


def test_stipulation_the_noun_nass_is_no_cue():
    assert _relations("وقرأ الطالب نص القصيدة على زملائه.") == []


def test_admission_aqarra_bi_after_a_circumstantial():
    assert _relations("وأقر الوزير في مقابلة تلفزيونية بوجود نقص في الأدوية.") == [
        (["الوزير"], ["أقر"], ["وجود نقص في الأدوية"], "indirect")]


def test_admission_aqarra_of_a_vote_is_approval_not_a_report():
    assert _relations("وأقر البرلمان بالإجماع قانون الموازنة الجديد.") == []


def test_written_report_awrada():
    assert _relations("وأوردت وكالة الأنباء الرسمية اليوم الخميس أن الأمطار تسببت في فيضانات.") == [
        (["وكالة الأنباء الرسمية"], ["أوردت"], ["الأمطار تسببت في فيضانات"], "indirect")]


def test_description_with_a_glued_object_in_a_relative_clause():
    assert _relations('وهاجم المحتجون مقر الشركة التي وصفها تقرير النقابة بأن إدارتها "فاشلة".') == [
        (["تقرير النقابة"], ["وصفها"], ['إدارتها "فاشلة"'], "mixed")]


def test_description_ma_wasafahu_and_ma_yumkin_wasfuhu_are_naming():
    assert _relations("وانتقد المعارض ما وصفه بالتدخل الأجنبي في الانتخابات.") == []
    assert _relations("وحذر الخبير مما يمكن وصفه بكارثة بيئية.") == []


# --- shared subjects and content ends with لكنه ----------------------------------------

def test_lakinnahu_plus_verb_ends_the_content_and_shares_the_speaker():
    assert _relations("وأقرت المديرة بتأخر صرف الرواتب ولكنها أكدت أن الأزمة ستنتهي قريبا.") == [
        (["المديرة"], ["أقرت"], ["تأخر صرف الرواتب"], "indirect"),
        (["المديرة"], ["أكدت"], ["الأزمة ستنتهي قريبا"], "indirect")]


def test_lakinnahu_without_a_verb_stays_in_the_content():
    assert _relations("وقال الوزير إن الاقتصاد نما ولكنه بطيء.") == [
        (["الوزير"], ["قال"], ["الاقتصاد نما ولكنه بطيء"], "indirect")]


def test_plural_shared_subject_in_the_nominative():
    assert _relations("وتظاهر المزارعون أمام البرلمان أمس، وطالبوا بخفض أسعار الأسمدة.") == [
        (["المزارعون"], ["طالبوا"], ["خفض أسعار الأسمدة"], "indirect")]
    assert _relations("وأفرج المسلحون عن الرهائن مساء الخميس، وتعهدوا بوقف الهجمات.")[0][0] == [
        "المسلحون"]


def test_plural_object_in_the_accusative_is_no_shared_subject():
    assert _relations("واعتقلت الشرطة المتظاهرين، وقالوا إن الاعتقال جرى دون مذكرة.") == [
        ([], ["قالوا"], ["الاعتقال جرى دون مذكرة"], "indirect")]


def test_plural_after_a_vso_report_stays_pro_drop():
    rels = _relations("وقال المسؤولون إن الطريق أغلق، وأضافوا أن الإصلاح سيستغرق يومين.")
    assert rels[1] == ([], ["أضافوا"], ["الإصلاح سيستغرق يومين"], "indirect")


def test_a_conjoined_verb_after_a_complement_takes_no_subject_from_inside_it():
    rels = _relations("وقال المحامي إن موكله بريء وطالب بإطلاق سراحه.")
    assert rels[1] == ([], ["طالب"], ["إطلاق سراحه"], "indirect")


# --- sources with relative clauses and units ---------------------------------------

def test_source_an_indefinite_document_with_its_asyndetic_relative_clause():
    assert _relations("وتفيد دراسة نشرتها جامعة الخرطوم الشهر الماضي بأن نصف الأطفال يعانون "
                      "من سوء التغذية.") == [
        (["دراسة نشرتها جامعة الخرطوم الشهر الماضي"], ["تفيد"],
         ["نصف الأطفال يعانون من سوء التغذية"], "indirect")]
    assert _relations("وأضاف تقرير صدر عن البنك الدولي أن النمو سيتباطأ.")[0][0] == [
        "تقرير صدر عن البنك الدولي"]


def test_source_a_named_officer_keeps_his_unit():
    assert _relations("وقال الرائد سليم حداد من قيادة الجيش اللبناني إن الحدود آمنة.") == [
        (["الرائد سليم حداد من قيادة الجيش اللبناني"], ["قال"], ["الحدود آمنة"], "indirect")]


def test_source_the_place_a_speaker_speaks_from_is_out():
    assert _relations("وقال سامي العلي من مقر وزارة الخارجية إن المفاوضات مستمرة.") == [
        (["سامي العلي"], ["قال"], ["المفاوضات مستمرة"], "indirect")]


# --- requests with من + pronoun --------------------------------------------------------

def test_request_talaba_minhum_speaker_then_the_request():
    assert _relations("وكانت السلطات قد أخلت القرية بعد أن طلب منهم المهندسون مغادرة المنازل.") == [
        (["المهندسون"], ["طلب"], ["مغادرة المنازل"], "indirect")]


def test_request_pro_drop_with_minhum():
    assert _relations("وطلبت منهم تسليم الوثائق قبل نهاية الأسبوع.") == [
        ([], ["طلبت"], ["تسليم الوثائق قبل نهاية الأسبوع"], "indirect")]


def test_request_the_noun_talab_is_no_cue():
    assert _relations("وقدم الموظف طلب استقالة إلى المدير.") == []


# --- accusations: the speaker's abbreviation ------------------------------------------

def test_accusation_speaker_with_a_parenthesised_abbreviation():
    assert _relations("واتهمت الشرطة الألمانية (بي كي أي) عصابة دولية بتهريب السيارات.") == [
        (["الشرطة الألمانية (بي كي أي)"], ["اتهمت"], ["عصابة دولية بتهريب السيارات"], "indirect")]
