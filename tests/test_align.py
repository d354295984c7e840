"""String → offset alignment (texts written for the test)."""

from __future__ import annotations

import pytest

from benchmark.align import Aligner, fold

TEXT = "قال وزير الخارجية إن الوفد وصل إلى القاهرة. وفي القاهرة، التقى الوفد بالرئيس يوم ٢٣ مارس."


@pytest.mark.parametrize("needles, expected", [
    # reading order: the second القاهرة goes to the second occurrence
    ([("القاهرة", None), ("القاهرة", None)], [(35, 42, "exact"), (48, 55, "exact")]),
    # explicit occurrence wins
    ([("القاهرة", 2)], [(48, 55, "exact")]),
    # a later mention listed first, then an earlier one: falls back to the first match
    ([("بالرئيس", None), ("الوفد", None)], [(69, 76, "exact"), (21, 26, "exact")]),
    # orthographic folding: hamza-less alef, Western digits for Eastern ones
    ([("الى القاهره", None)], [(31, 42, "normalized")]),
    ([("23 مارس", None)], [(81, 88, "normalized")]),
    # surrounding spaces are trimmed
    ([("  الوفد ", None)], [(21, 26, "exact")]),
])
def test_locate(needles, expected):
    aligner = Aligner(TEXT)
    got = []
    for needle, occurrence in needles:
        a = aligner.locate("entities", needle, occurrence)
        got.append((a.start, a.end, a.method))
        assert TEXT[a.start:a.end].replace("ى", "ي") is not None
    assert got == expected
    for (s, e, _), (needle, _) in zip(got, needles):
        assert fold(TEXT[s:e])[0] == fold(needle.strip())[0]


@pytest.mark.parametrize("needle, occurrence", [
    ("بيروت", None),          # not in the text
    ("القاهرة", 3),          # only two occurrences
    ("   ", None),            # nothing to look for
])
def test_unaligned(needle, occurrence):
    a = Aligner(TEXT).locate("entities", needle, occurrence)
    assert (a.start, a.end, a.method) == (None, None, "unaligned")
    assert a.text == needle


def test_cursors_are_per_kind():
    aligner = Aligner(TEXT)
    assert aligner.locate("entities", "القاهرة").start == 35
    assert aligner.locate("timexes", "القاهرة").start == 35   # other kind: own cursor
    assert aligner.locate("entities", "القاهرة").start == 48


def test_fold_maps_offsets_back_through_harakat_and_tatweel():
    text = "قَالَ الـــوزير"
    folded, positions = fold(text)
    assert folded == "قال الوزير"
    a = Aligner(text).locate("e", "الوزير")
    assert (a.start, a.end) == (6, len(text)) and a.method == "normalized"
    assert len(positions) == len(folded) + 1


@pytest.mark.parametrize("text, needle, expected", [
    ("قتل 150 شخصا عام 2017", "0", None),             # only inside numbers: still found…
    ("قتل 150 شخصا و0 جرحى", "0", "0"),               # …but a whole-word match wins
    ("وصل إلى عمان ثم عاد إلى القاهرة", "عمان", "عمان"),
    ("وبالقاهرة أمس", "القاهرة", "القاهرة"),          # after proclitics و ب
])
def test_whole_word_matches_are_preferred(text, needle, expected):
    a = Aligner(text).locate("entities", needle)
    if expected is None:
        assert a.method == "exact" and text[a.start:a.end] == needle  # fallback: inside a word
    else:
        assert text[a.start:a.end] == expected
        before = text[:a.start].split(" ")[-1]
        assert set(before) <= set("وفبلك")


def test_whole_word_preference_skips_a_partial_match():
    text = "استقبل المكتب الوزير ثم زار الوزير المكتب"
    a = Aligner(text).locate("entities", "مكتب")
    # "المكتب" contains مكتب after the article, which is not a proclitic: no whole-word
    # match exists, so the first partial one is used
    assert a.start == text.index("مكتب")
    b = Aligner("قال الناطق وناطق آخر").locate("entities", "ناطق")
    assert b.start == "قال الناطق وناطق آخر".index("وناطق") + 1
