"""rules 0.4.0: general mechanisms that replace or extend dev-fitted ones, each on
sentences written for these tests (never copied from a gold document)."""

from __future__ import annotations

import pytest

from runners.builtin.rules_attribution import recognise as attributions
from runners.builtin.rules_ner import recognise as ner
from runners.builtin.rules_text import fold, verb_forms
from runners.builtin.rules_timex import recognise as timexes

DCT = "2018-05-16"   # a Wednesday


def _relations(text: str) -> list[tuple[list[str], list[str], list[str], str]]:
    tx = timexes(text, DCT)
    return [([text[s:e] for s, e in a.source], [text[s:e] for s, e in a.cue],
             [text[s:e] for s, e in a.content], a.kind)
            for a in attributions(text, ner(text, tx), tx)]


def _entities(text: str) -> set[tuple[str, str]]:
    return {(text[m.start:m.end], m.type) for m in ner(text, timexes(text, DCT))}


def _timexes(text: str) -> list[tuple[str, str, str]]:
    return [(text[t.start:t.end], t.type, t.value) for t in timexes(text, DCT)]


# --- reporting verbs by morphology -------------------------------------------------

@pytest.mark.parametrize("form", [
    "أكدتا", "يؤكدان", "أكدن", "نوه", "نوهت", "ينوهون", "أقرت", "يقرون", "ألمحت", "أجاب",
    "تساءلت", "يتساءلون", "اقترحوا", "استطردت", "منوهين", "متسائلا", "أخبرت"])
def test_paradigms_conjugate_by_affixation(form):
    assert fold(form) in verb_forms()["all"]


@pytest.mark.parametrize("word", ["بين", "تبلغ", "يبلغ", "كتب", "تابعا", "مقرا", "ناقلة"])
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
