"""rules 0.7.0 (attribution): general constructions of unseen Arabic news, each tested on
sentences written for these tests (invented people, bodies and events; no corpus sentence
copied). Each test names the construction it covers."""

from __future__ import annotations

from rules_helpers import relations

DCT = "2018-07-18"


def _relations(text: str) -> list[tuple[list[str], list[str], list[str], str]]:
    return relations(text, DCT)


# --- kinds: quoted names are no quotation (guidelines 4.6) ---------------------------

def test_kind_a_quoted_name_after_a_classifier_head_keeps_the_content_indirect():
    rels = _relations('وقال مصدر أمني إن المسلحين انسحبوا من معسكر "الفجر" بعد اشتباكات عنيفة.')
    assert rels == [(["مصدر أمني"], ["قال"],
                     ['المسلحين انسحبوا من معسكر "الفجر" بعد اشتباكات عنيفة'], "indirect")]
    rels = _relations('وأعلنت الشركة أن تطبيق "سفر" سيتاح للمستخدمين الشهر المقبل.')
    assert rels[0][3] == "indirect"


def test_kind_a_quoted_organisation_name_keeps_the_content_indirect():
    rels = _relations('وقالت الشرطة إن منظمة "أصدقاء البيئة" نظمت الاحتجاج.')
    assert rels == [(["الشرطة"], ["قالت"], ['منظمة "أصدقاء البيئة" نظمت الاحتجاج'], "indirect")]


def test_kind_quoted_common_words_still_make_the_content_mixed():
    rels = _relations('وقال الوزير إن الحكومة "لن تتراجع" عن قرارها.')
    assert rels == [(["الوزير"], ["قال"], ['الحكومة "لن تتراجع" عن قرارها'], "mixed")]
    rels = _relations('وقال المخرج إن فيلمه الجديد "حكاية مدينة" يروي قصة عائلة مهاجرة.')
    assert rels[0][3] == "mixed"   # a film title has no classifier head: left as written


# --- sources: restrictive phrases after an unnamed speaker (guidelines 4.3, 4.8) ------

def test_source_an_official_keeps_the_body_he_belongs_to():
    assert _relations("قال مسؤول في الوزارة إن الخطة جاهزة.") == [
        (["مسؤول في الوزارة"], ["قال"], ["الخطة جاهزة"], "indirect")]
    rels = _relations("وقالت مصادر مقربة من الحكومة إن التعديل الوزاري بات وشيكا.")
    assert rels[0][0] == ["مصادر مقربة من الحكومة"]
    rels = _relations("وقال ضابط في الشرطة المحلية إن اللصوص فروا.")
    assert rels[0][0] == ["ضابط في الشرطة المحلية"]


def test_source_a_titled_speaker_leaves_a_circumstantial_phrase_out():
    assert _relations("وقال الوزير في المؤتمر الصحفي إن الخطة جاهزة.")[0][0] == ["الوزير"]
    assert _relations("وقال وزير الخارجية في المؤتمر الصحفي إن الخطة جاهزة.")[0][0] == \
        ["وزير الخارجية"]
    assert _relations("وقالت الشرطة في بيان إن المشتبه به اعتقل.")[0][0] == ["الشرطة"]


def test_source_an_addressee_outlet_is_cut_from_the_body():
    rels = _relations("وقال مصدر مطلع في وزارة الدفاع لوكالة الأنباء إن الصفقة أبرمت.")
    assert rels == [(["مصدر مطلع في وزارة الدفاع"], ["قال"], ["الصفقة أبرمت"], "indirect")]


# --- a relay that opens the sentence (guidelines 4.3, 4.6, 4.7) ----------------------

def test_initial_relay_the_source_runs_to_the_comma_and_the_content_follows_fa_inna():
    assert _relations("ونقلا عن مسؤول في البلدية، فإن الطريق سيغلق لمدة أسبوع.") == [
        (["مسؤول في البلدية"], ["نقلا عن"], ["الطريق سيغلق لمدة أسبوع"], "indirect")]
    assert _relations("وبحسب إفادة مقدمة من الادعاء العام، فإن المتهم اعترف بالتهمة.")[0][:3] == (
        ["إفادة مقدمة من الادعاء العام"], ["بحسب"], ["المتهم اعترف بالتهمة"])


def test_initial_relay_a_title_keeps_the_name_in_commas_after_it():
    rels = _relations("وبحسب المتحدثة باسم البلدية، منى الحسن، فإن الطريق سيغلق.")
    assert rels == [(["المتحدثة باسم البلدية، منى الحسن"], ["بحسب"], ["الطريق سيغلق"],
                     "indirect")]


def test_initial_relay_a_non_restrictive_relative_clause_is_skipped():
    rels = _relations("ووفقا لمنظمة أطباء الإغاثة، التي تعمل في المنطقة منذ سنوات، فإن "
                      "المستشفيات تعاني نقصا حادا.")
    assert rels == [(["منظمة أطباء الإغاثة"], ["وفقا ل"], ["المستشفيات تعاني نقصا حادا"],
                     "indirect")]


def test_initial_relay_an_addressee_or_a_time_before_the_comma_stays_out_of_the_source():
    rels = _relations("وبحسب ما قاله المتحدث للصحفيين، فإن الاجتماع تأجل.")
    assert rels == [(["المتحدث"], ["بحسب ما قاله"], ["الاجتماع تأجل"], "indirect")]
    rels = _relations("وبحسب شهود عيان، سمع دوي انفجارين قرب المطار.")
    assert rels == [(["شهود عيان"], ["بحسب"], ["سمع دوي انفجارين قرب المطار"], "indirect")]


# --- content extents (guidelines 4.3, 4.6, 4.8) --------------------------------------

def test_content_a_final_non_restrictive_relative_clause_is_the_writers():
    rels = _relations("وقالت الشرطة إن القتيل هو سائق سيارة أجرة، الذي كان عائدا إلى منزله.")
    assert rels == [(["الشرطة"], ["قالت"], ["القتيل هو سائق سيارة أجرة"], "indirect")]


def test_content_a_relative_clause_closed_by_a_comma_inside_the_clause_stays():
    rels = _relations("وقالت الشركة إن الإنتاج في مصنعها بمدينة حمص، التي تعرضت لقصف عنيف، "
                      "توقف أسبوعا.")
    assert rels[0][2] == ["الإنتاج في مصنعها بمدينة حمص، التي تعرضت لقصف عنيف، توقف أسبوعا"]


def test_content_haythu_without_a_comma_starts_the_writers_circumstantial():
    rels = _relations("وقالت الوزارة إن المستشفى استقبل عشرين مصابا حيث تلقوا العلاج اللازم.")
    assert rels == [(["الوزارة"], ["قالت"], ["المستشفى استقبل عشرين مصابا"], "indirect")]


def test_content_a_participle_cue_with_its_own_complementizer_ends_it_without_a_comma():
    rels = _relations('وقالت المستشارة إن الهجوم "مروع" مؤكدة أن الجناة سيحاسبون.')
    assert rels == [(["المستشارة"], ["قالت"], ['الهجوم "مروع"'], "mixed"),
                    (["المستشارة"], ["مؤكدة"], ["الجناة سيحاسبون"], "indirect")]


def test_content_coordinated_complements_are_one_span_each():
    rels = _relations("وأعلنت الوزارة أن المدارس ستفتح أبوابها الأحد، وأن الامتحانات ستجري في "
                      "موعدها.")
    assert rels == [(["الوزارة"], ["أعلنت"],
                     ["المدارس ستفتح أبوابها الأحد", "الامتحانات ستجري في موعدها"], "indirect")]
    rels = _relations("وقال المتحدث إن الوفد وصل إلى جنيف، وإن المحادثات ستبدأ غدا.")
    assert rels[0][2] == ["الوفد وصل إلى جنيف", "المحادثات ستبدأ غدا"]


def test_content_a_concessive_wa_in_kana_is_no_second_complement():
    rels = _relations("وقال الخبير إن الاقتصاد يتعافى وإن كان النمو بطيئا.")
    assert rels[0][2] == ["الاقتصاد يتعافى وإن كان النمو بطيئا"]


def test_content_a_complement_of_a_noun_inside_the_content_is_not_coordinated():
    rels = _relations("وأضافت الصحيفة أن النيابة طلبت السجن للموظف المتهم بأنه سرب وثائق، "
                      "وبأنه تلقى رشوة.")
    assert len(rels[0][2]) == 1


# --- accusations: speaker and accused (guidelines 4.8) -------------------------------

def test_accusation_a_bare_definite_speaker_and_the_accused_after_it():
    assert _relations("واتهمت المعارضة الحكومة بتزوير الانتخابات.") == [
        (["المعارضة"], ["اتهمت"], ["الحكومة بتزوير الانتخابات"], "indirect")]
    assert _relations("وتتهم النيابة العامة المدير السابق باختلاس أموال الشركة.") == [
        (["النيابة العامة"], ["تتهم"], ["المدير السابق باختلاس أموال الشركة"], "indirect")]


def test_accusation_with_bi_annahu_the_accused_opens_the_content():
    rels = _relations("واتهم وزير الداخلية جماعة مسلحة بأنها تقف وراء الهجوم.")
    assert rels == [(["وزير الداخلية"], ["اتهم"], ["جماعة مسلحة بأنها تقف وراء الهجوم"],
                     "indirect")]


# --- relays and the reports they qualify (guidelines 4.7, 4.8) -----------------------

def test_relay_before_a_report_shares_its_content():
    rels = _relations("وبحسب صحيفة الاقتصاد، قال المدير، إن الشركة ستفتتح فرعا جديدا في دبي.")
    assert (["صحيفة الاقتصاد"], ["بحسب"], ["الشركة ستفتتح فرعا جديدا في دبي"], "indirect") in rels
    assert (["المدير"], ["قال"], ["الشركة ستفتتح فرعا جديدا في دبي"], "indirect") in rels


def test_relay_between_the_verb_and_its_complement_shares_the_content():
    rels = _relations("وقال المدير، بحسب صحيفة الاقتصاد، إن الشركة ستفتتح فرعا جديدا في دبي.")
    assert rels == [(["المدير"], ["قال"], ["الشركة ستفتتح فرعا جديدا في دبي"], "indirect"),
                    (["صحيفة الاقتصاد"], ["بحسب"], ["الشركة ستفتتح فرعا جديدا في دبي"],
                     "indirect")]


def test_relay_after_a_whole_clause_takes_the_clause_verb_included():
    rels = _relations("وقال المدير إن الشركة ستفتتح فرعا جديدا في دبي، بحسب صحيفة الاقتصاد.")
    assert rels[1] == (["صحيفة الاقتصاد"], ["بحسب"],
                       ["قال المدير إن الشركة ستفتتح فرعا جديدا في دبي"], "indirect")


def test_relay_after_a_clause_leaves_a_wire_dateline_out():
    rels = _relations("القاهرة (رويترز) - ارتفعت أسعار الوقود في مصر بنسبة عشرة في المئة، وفق ما "
                      "أفادت وزارة البترول.")
    assert rels == [(["وزارة البترول"], ["وفق ما أفادت"],
                     ["ارتفعت أسعار الوقود في مصر بنسبة عشرة في المئة"], "indirect")]


def test_relay_after_a_clause_starts_at_the_separate_event_after_thumma():
    rels = _relations("وأغلقت الشرطة الطريق ثم فرقت المتظاهرين بالقوة، وفق ما ذكر شهود عيان.")
    assert rels == [(["شهود عيان"], ["وفق ما ذكر"], ["فرقت المتظاهرين بالقوة"], "indirect")]


def test_relay_of_a_norm_or_a_need_is_no_attribution():
    assert _relations("وتجري الانتخابات وفقا للقانون الجديد، ثم تعلن النتائج بعد أسبوع.") == []
    assert _relations("وتوزع المساعدات حسب الحاجة في كل حي.") == []
    assert _relations("وتسير الرحلات وفق الجدول المعتاد.") == []


# --- sources of documents, requests and participles ----------------------------------

def test_source_a_document_issued_by_a_bare_definite_body():
    rels = _relations("وقال بيان صادر عن الرئاسة إن الرئيس استقبل الوفد.")
    assert rels == [(["بيان صادر عن الرئاسة"], ["قال"], ["الرئيس استقبل الوفد"], "indirect")]


def test_request_the_addressee_after_min_is_out_of_the_content():
    rels = _relations("وطلبت الوزارة من المواطنين عدم الخروج من منازلهم.")
    assert rels == [(["الوزارة"], ["طلبت"], ["عدم الخروج من منازلهم"], "indirect")]


def test_participle_after_a_rejection_takes_the_rejecting_subject():
    rels = _relations('ورفض المتحدث باسم الحكومة الاتهامات، قائلا إنها "لا أساس لها من الصحة".')
    assert rels == [(["المتحدث باسم الحكومة"], ["قائلا"], ['"لا أساس لها من الصحة"'], "direct")]


# --- precision: ordinary sentences give nothing ---------------------------------------

def test_no_attribution_in_ordinary_news_sentences():
    for sentence in ("واستقبل الرئيس الوفد في القصر الجمهوري، حيث عقد الجانبان جلسة مباحثات.",
                     "وسافر اللاعبون إلى مدريد ثم انتقلوا إلى برشلونة.",
                     'وافتتح وزير الثقافة معرض "ألوان الشرق" في المتحف الوطني.',
                     "وحضر الحفل عدد من المسؤولين في الوزارة والسفراء.",
                     "وشهدت الأسواق ارتفاعا ملحوظا في الأسعار خلال الأسبوع الماضي."):
        assert _relations(sentence) == [], sentence


def test_initial_relay_of_a_relayed_report_stops_the_source_at_an():
    rels = _relations("وحسبما نقلت وكالة الأنباء الألمانية عن متحدث باسم الشرطة، فإن المشتبه به "
                      "سلم نفسه.")
    assert rels[0][:3] == (["وكالة الأنباء الألمانية"], ["حسبما نقلت"], ["المشتبه به سلم نفسه"])
