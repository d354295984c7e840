"""The rules baseline's attribution relations, and the whole extractor, on
sentences written for these tests."""

from __future__ import annotations

import pytest

from benchmark.core.documents import Document
from runners.base import Extractor
from runners.builtin.rules import RulesExtractor
from runners.builtin.rules_attribution import recognise, sentences
from runners.builtin.rules_ner import recognise as ner
from runners.builtin.rules_timex import recognise as timexes

DCT = "2017-11-22"


def _found(text: str) -> list[tuple[list[str], list[str], list[str], str]]:
    tx = timexes(text, DCT)
    out = []
    for a in recognise(text, ner(text, tx), tx):
        out.append(([text[s:e] for s, e in a.source], [text[s:e] for s, e in a.cue],
                    [text[s:e] for s, e in a.content], a.kind))
    return out


CASES = [
    # VSO: verb, source NP, complementizer إن (out), content to the sentence end (stop out)
    ("وقالت وزارة الخارجية الروسية في بيان إن الوفد سيصل غدا.",
     [(["وزارة الخارجية الروسية"], ["قالت"], ["الوفد سيصل غدا"], "indirect")]),
    ("أعلن الجيش التركي أن العملية انتهت.",
     [(["الجيش التركي"], ["أعلن"], ["العملية انتهت"], "indirect")]),
    # pronoun glued to the complementizer stays out
    ("وأكد المرصد الأوروبي لحقوق الإنسان ومقره جنيف أنه وثق مقتل 20 شخصا.",
     [(["المرصد الأوروبي لحقوق الإنسان"], ["أكد"], ["وثق مقتل 20 شخصا"], "indirect")]),
    # hamza-less complementizer ان and a plural verb
    ("وذكروا ان القصف توقف.", [([], ["ذكروا"], ["القصف توقف"], "indirect")]),
    # SVO: the source is the entity before the verb
    ("الرئيس الفرنسي قال إن بلاده تدعم الحل.",
     [(["الرئيس الفرنسي"], ["قال"], ["بلاده تدعم الحل"], "indirect")]),
    # direct quote after a colon: marks included
    ('وأضاف المتحدث: "لن نتراجع عن موقفنا".',
     [(["المتحدث"], ["أضاف"], ['"لن نتراجع عن موقفنا"'], "direct")]),
    ("وقال الوزير «الحرب انتهت».", [(["الوزير"], ["قال"], ["«الحرب انتهت»"], "direct")]),
    # mixed: an unquoted part precedes a quote
    ('وذكر مسؤول أن المدينة "أصبحت خالية تماما".',
     [(["مسؤول"], ["ذكر"], ['المدينة "أصبحت خالية تماما"'], "mixed")]),
    # a timex between cue and source is skipped
    ("أعلنت الحكومة الأحد أن الانتخابات تأجلت.",
     [(["الحكومة"], ["أعلنت"], ["الانتخابات تأجلت"], "indirect")]),
    # present-tense and feminine cues, إلى before the complementizer
    ("وتشير التقارير إلى أن الأسعار ارتفعت.",
     [(["التقارير"], ["تشير"], ["الأسعار ارتفعت"], "indirect")]),
    # prepositional cues: وفقا ل keeps its glued ل; abbreviation in the source
    ("ووفقا لوكالة الأنباء الألمانية (دبا)، فإن الاجتماع تأجل.",
     [(["وكالة الأنباء الألمانية (دبا)"], ["وفقا ل"], ["الاجتماع تأجل"], "indirect")]),
    ("تأجلت الانتخابات، بحسب مصادر محلية.",
     [(["مصادر محلية"], ["بحسب"], ["تأجلت الانتخابات"], "indirect")]),
    ("ومن المقرر أن تعقد الجلسة غدا، وفقاً لمصدر دبلوماسي.",
     [(["مصدر دبلوماسي"], ["وفقاً ل"], ["من المقرر أن تعقد الجلسة غدا"], "indirect")]),
    # a glued preposition ends the source (the addressee is not the speaker)
    ("وقال مسؤول لوكالة رويترز إن المفاوضات فشلت.",
     [(["مسؤول"], ["قال"], ["المفاوضات فشلت"], "indirect")]),
    # no content marker: not an attribution
    ("قال الرجل كلمته ومضى.", []),
    ("ذكر الخبر في الصفحة الأولى.", []),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:24] for c in CASES])
def test_attribution(text, expected):
    assert _found(text) == expected


def test_sentences_do_not_cut_inside_quotes():
    text = 'قال: "انتهى. لا شيء آخر." ثم غادر. وعاد'
    assert [text[s:e] for s, e in sentences(text)] == [
        'قال: "انتهى. لا شيء آخر." ثم غادر.', "وعاد"]


PARAGRAPH = (
    "دمشق - ١٧ تشرين الثاني ٢٠١٧ (وكالات): قالت مصادر ميدانية يومَ الثلاثاء إن نحو ٣٠٠ "
    "مقاتل انسحبوا من بلدة تل الزهور شمالي البلاد، وذلك بعد أسبوعين من الحصار. وأضافت: "
    "«الوضع هادئ الآن». ووفقاً لمنظمة الصحة العالمية فإن عشرات المدنيين أصيبوا خلال "
    "الأيام الخمسة الماضية. وفي الخامس من أكتوبر الماضي، أعلن رئيس الوزراء العراقي أن "
    "القوات ستنسحب بعد ثلاثة أسابيع، بينما ذكر المتحدث باسم التحالف الدولي أن ١٥٪ فقط من "
    "المناطق ما زالت خارج السيطرة منذ عام 1436 هـ. واحد، أحد، الأحدث، ـــ، ًٌٍ؟ (ق) «» :\n"
    "وللموصل وبالقاهرة وكالقدس، وأكد مسؤول أن \"المعبر سيفتح غداً\" وأن القافلة وصلت."
)


def test_extractor_on_a_long_paragraph_emits_valid_offsets():
    ext = RulesExtractor()
    assert isinstance(ext, Extractor)
    info = ext.describe()
    assert info.name == "rules" and "+data." in info.version
    doc = Document("para", PARAGRAPH, DCT)
    [record] = ext.predict([doc])
    assert record["doc_id"] == "para"
    spans = [(x["start"], x["end"]) for x in record["entities"] + record["timexes"]]
    for a in record["attributions"]:
        assert a["kind"] in ("direct", "indirect", "mixed")
        spans += [(s["start"], s["end"]) for r in ("source", "cue", "content") for s in a[r]]
    assert len(spans) > 20 and record["attributions"] and record["timexes"]
    for s, e in spans:
        piece = PARAGRAPH[s:e]
        assert 0 <= s < e <= len(PARAGRAPH) and piece == piece.strip() and piece
    timex_text = {PARAGRAPH[t["start"]:t["end"]] for t in record["timexes"]}
    assert "واحد" not in timex_text and "أحد" not in timex_text
    assert ("١٧ تشرين الثاني ٢٠١٧", "2017-11-17") in {
        (PARAGRAPH[t["start"]:t["end"]], t["value"]) for t in record["timexes"]}
    # timexes never overlap each other; every timex is mirrored by a DATE/TIME entity
    ts = sorted((t["start"], t["end"]) for t in record["timexes"])
    assert all(a[1] <= b[0] for a, b in zip(ts, ts[1:]))
    ents = {(e["start"], e["end"], e["type"]) for e in record["entities"]}
    assert all((s, e) in {(a, b) for a, b, t in ents if t in ("DATE", "TIME")} for s, e in ts)


def test_extractor_is_deterministic():
    doc = Document("para", PARAGRAPH, DCT)
    assert RulesExtractor().predict([doc]) == RulesExtractor().predict([doc])


def test_quote_right_after_complementizer_keeps_its_mark():
    assert _found('وأكد مسؤول أن "المعبر سيفتح غداً" وأن القافلة وصلت.') == [
        (["مسؤول"], ["أكد"], ['"المعبر سيفتح غداً" وأن القافلة وصلت'], "mixed")]


def test_extractor_survives_seeded_noise_and_edge_texts():
    import random

    rng = random.Random(20171122)
    alphabet = list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى ـًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩0123456789.,،:؛«»\"'()/\n")
    pieces = ["قال", "إن", "أن", "الأحد", "واحد", "يوم", "وفقا", "لوكالة", "مدينة", "تنظيم",
              "الماضي", "نوفمبر", "هـ", "1436", "عشرات", "(", ")", "«", "»", "\"", ":"]
    texts = ["", " ", ".", "«", "قال:", "وفقا ل", "ـــ", "الأحد"]
    for _ in range(60):
        n = rng.randint(1, 80)
        texts.append("".join(rng.choice(alphabet) if rng.random() < 0.6
                             else " " + rng.choice(pieces) + " " for _ in range(n)))
    docs = [Document(f"d{i}", t, DCT) for i, t in enumerate(texts)]
    for doc, record in zip(docs, RulesExtractor().predict(docs)):
        spans = [(x["start"], x["end"]) for x in record["entities"] + record["timexes"]]
        for a in record["attributions"]:
            spans += [(s["start"], s["end"]) for r in ("source", "cue", "content") for s in a[r]]
        for s, e in spans:
            assert 0 <= s < e <= len(doc.text)
