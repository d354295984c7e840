"""rules 0.6.0 (TIMEX3): general constructions found missing on the 10 new dev documents
(pool orders 36-45), each tested on sentences written for this file (invented people,
places and events; no sentence copied from a document)."""

from __future__ import annotations

import pytest

from rules_helpers import timex_triples

DCT = "2018-11-21"   # a Wednesday


def _timexes(text: str, dct: str = DCT) -> list[tuple[str, str, str]]:
    return timex_triples(text, dct)


@pytest.mark.parametrize("text, dct, expected", [
    # a hashtag word is a name, not a future verb in سـ: the weekday stays the latest one
    ("التقى وزير الدفاع #ستيفانو_ماركيني، الاثنين، نظيره التونسي.", DCT,
     [("الاثنين", "DATE", "2018-11-19")]),
    ("عثرت الشرطة في بلدة #سيلبورن، السبت، على سيارة محترقة.", DCT,
     [("السبت", "DATE", "2018-11-17")]),
    # bare-alef سا- starts past verbs of the form فاعل and names: not the future
    ("ساهم المتطوعون الأحد في تنظيف الشاطئ.", DCT, [("الأحد", "DATE", "2018-11-18")]),
    ("سافر الوفد إلى القاهرة الثلاثاء.", DCT, [("الثلاثاء", "DATE", "2018-11-20")]),
    # ... but the first person سأ- with its hamza is the future
    ("قال الوزير: سأزور المخيم الجمعة.", DCT, [("الجمعة", "DATE", "2018-11-23")]),
    # كان + a future marker: a plan seen from the past, the weekday is the latest one
    ("وكان من المقرر أن يصل الوفد الاثنين، لكن الرحلة ألغيت.", DCT,
     [("الاثنين", "DATE", "2018-11-19")]),
    ("كانت اللجنة ستجتمع الأربعاء قبل تأجيل الجلسة.", DCT,
     [("الأربعاء", "DATE", "2018-11-21")]),
    # the future markers alone keep their 0.3.0 reading
    ("من المقرر أن يصل الوفد الاثنين.", DCT, [("الاثنين", "DATE", "2018-11-26")]),
])
def test_future_context(text, dct, expected):
    assert _timexes(text, dct) == expected
