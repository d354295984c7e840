"""rules v2 (0.3.0) attribution rules, on sentences written for these tests."""

from __future__ import annotations

import pytest

from runners.builtin.rules_attribution import recognise
from runners.builtin.rules_ner import recognise as ner
from runners.builtin.rules_timex import recognise as timexes

DCT = "2018-04-11"


def _found(text: str) -> list[tuple[list[str], list[str], list[str], str]]:
    tx = timexes(text, DCT)
    out = []
    for a in recognise(text, ner(text, tx), tx):
        out.append(([text[s:e] for s, e in a.source], [text[s:e] for s, e in a.cue],
                    [text[s:e] for s, e in a.content], a.kind))
    return out


CASES = [
    # implicit (pro-drop) source: an empty source, even with the speaker named before
    ('وقال المتحدث إن الحوار مستمر، وأضاف "لن نتراجع".',
     [(["المتحدث"], ["قال"], ["الحوار مستمر"], "indirect"),
      ([], ["أضاف"], ['"لن نتراجع"'], "direct")]),
    ("وقال للصحفيين إن الاجتماع انتهى.", [([], ["قال"], ["الاجتماع انتهى"], "indirect")]),
    # relays with ما + verb: the verb is part of the cue
    ("توقفت المفاوضات، بحسب ما أعلنه المتحدث باسم الوفد.",
     [(["المتحدث باسم الوفد"], ["بحسب ما أعلنه"], ["توقفت المفاوضات"], "indirect")]),
    ("ارتفع عدد القتلى إلى 30، حسبما ذكرت وكالة الأنباء الفرنسية.",
     [(["وكالة الأنباء الفرنسية"], ["حسبما ذكرت"], ["ارتفع عدد القتلى إلى 30"], "indirect")]),
    # a sentence-initial relay: the content after the source, فقد / فإن out
    ('ووفقا لمصدر أمني، فقد "انسحب المسلحون من الحي".',
     [(["مصدر أمني"], ["وفقا ل"], ['"انسحب المسلحون من الحي"'], "direct")]),
    # a relayed report: the relay and the original speaker share the content
    ("ونقلت وكالة رويترز عن مسؤول في وزارة النفط قوله إن الإنتاج سيرتفع.",
     [(["وكالة رويترز"], ["نقلت"], ["الإنتاج سيرتفع"], "indirect"),
      (["مسؤول في وزارة النفط"], ["قوله"], ["الإنتاج سيرتفع"], "indirect")]),
    # calls, warnings, demands, expressions: the content after the preposition
    ("ودعا الوزير إلى وقف فوري لإطلاق النار.",
     [(["الوزير"], ["دعا"], ["وقف فوري لإطلاق النار"], "indirect")]),
    ("ودعا الشعب العراقي إلى الهدوء.", [([], ["دعا"], ["الهدوء"], "indirect")]),   # the people called on
    ('وحذر المرصد من "كارثة إنسانية".', [(["المرصد"], ["حذر"], ['"كارثة إنسانية"'], "direct")]),
    ("وطالبت المنظمة بالإفراج عن المعتقلين.",
     [(["المنظمة"], ["طالبت"], ["الإفراج عن المعتقلين"], "indirect")]),
    ('وأعرب السفير عن "قلقه العميق".', [(["السفير"], ["أعرب"], ['"قلقه العميق"'], "direct")]),
    ("ونفت الوزارة أن تكون قد تلقت أي طلب.",
     [(["الوزارة"], ["نفت"], ["تكون قد تلقت أي طلب"], "indirect")]),
    ("وطالبوا الحكومة بتوفير المساعدات.", [([], ["طالبوا"], ["توفير المساعدات"], "indirect")]),
    ("وأشارت الشرطة إلى أن التحقيق مستمر.",
     [(["الشرطة"], ["أشارت"], ["التحقيق مستمر"], "indirect")]),
    # participle cues: the main clause's speaker; the first content ends before them
    ("وقال الوزير إن الوضع مستقر، مشيرا إلى أن القوات انتشرت في المدينة.",
     [(["الوزير"], ["قال"], ["الوضع مستقر"], "indirect"),
      (["الوزير"], ["مشيرا"], ["القوات انتشرت في المدينة"], "indirect")]),
    ('وعلق قائلا: "هذا غير مقبول".', [([], ["علق قائلا"], ['"هذا غير مقبول"'], "direct")]),
    # SVO: كان … قد, لكن, and a subject after a complementizer
    ("وكان رئيس الوزراء قد أكد للصحفيين أن الانتخابات ستجرى في موعدها.",
     [(["رئيس الوزراء"], ["أكد"], ["الانتخابات ستجرى في موعدها"], "indirect")]),
    ("لكن موسكو أكدت أن التحقيق مستمر.", [(["موسكو"], ["أكدت"], ["التحقيق مستمر"], "indirect")]),
    ("يذكر أن أسرة اللاعب تؤكد أنه بريء.", [(["أسرة اللاعب"], ["تؤكد"], ["بريء"], "indirect")]),
    # not attributions: the writer's يذكر أن, negated speech
    ("يذكر أن الاتفاق وقع عام 2015.", []),
    ("ولم تعلن الحكومة أن الاتفاق فشل.", []),
    # the content ends before the writer's circumstantial
    ("وقالت الشرطة إن المشتبه به اعتقل، في إشارة إلى الرجل الذي ظهر في الفيديو.",
     [(["الشرطة"], ["قالت"], ["المشتبه به اعتقل"], "indirect")]),
    # a quoted name is not the content; a colon after it opens the quotation
    ('وقالت منظمة "أطباء العالم" إن الوضع كارثي.',
     [(['منظمة "أطباء العالم"'], ["قالت"], ["الوضع كارثي"], "indirect")]),
    ('وقال الوزير لقناة "العربية": "لن نتفاوض".',
     [(["الوزير"], ["قال"], ['"لن نتفاوض"'], "direct")]),
    # a report nested inside a quotation ends with the quotation's sentence
    ('وقال المتحدث: "نؤكد أن الحوار هو الحل. ولا بديل عنه".',
     [(["المتحدث"], ["قال"], ['"نؤكد أن الحوار هو الحل. ولا بديل عنه"'], "direct"),
      ([], ["نؤكد"], ["الحوار هو الحل"], "indirect")]),
    # a title and the name after its comma are one source; في + a place continues it
    ("وبحسب وزير المالية، يوسف بطرس، فإن العجز تراجع.",
     [(["وزير المالية، يوسف بطرس"], ["بحسب"], ["العجز تراجع"], "indirect")]),
    ('وكتبت السفارة الأمريكية في بغداد على تويتر: "نرحب بالاتفاق".',
     [(["السفارة الأمريكية في بغداد"], ["كتبت"], ['"نرحب بالاتفاق"'], "direct")]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:28] for c in CASES])
def test_attribution_v2(text, expected):
    assert _found(text) == expected
