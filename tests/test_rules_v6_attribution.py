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
