"""String → offset alignment (texts written for the test)."""

from __future__ import annotations

import pytest

from benchmark.predict.align import Aligner, fold

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


@pytest.mark.parametrize("text, needle", [
    ("في 2015 قتل نحو15 شخصا", "15"),        # digits glued to an approximator
    ("في عام 2015 وصل يوم 15مارس", "15"),      # a month glued to the day
    ("في 1200 بلدة وشملت200 شخص", "200"),      # digits glued to a verb
])
def test_digits_glued_to_letters_meet_at_a_word_boundary(text, needle):
    """A missing space between letters and digits (guidelines 4.9) is still a word
    boundary: the glued number is a whole-word match, never the digits inside
    another number."""
    a = Aligner(text).locate("entities", needle)
    assert text[a.start:a.end] == needle
    assert not text[a.start - 1].isdigit() and not text[a.end:a.end + 1].isdigit()


@pytest.mark.parametrize("text, needle, expected", [
    ("قال إنه لا يملك الترخيص حالياً، ثم غادر", "حاليا", "حالياً"),     # tanween after the last letter
    ("وصل الوفدُ أمس", "الوفد", "الوفدُ"),                                  # a damma
    ("وصل الوفدـ أمس", "الوفد", "الوفدـ"),                                  # tatweel after it
    ("قرأ الآيةۖ ثم سكت", "الايه", "الآيةۖ"),                               # a Quranic mark (U+06D6)
    ("قالت الوزيرة ان الحكومة ستعلن ذلك", "الوزيره", "الوزيرة"),            # folded letter, no mark
])
def test_a_folded_match_keeps_the_marks_of_its_last_letter(text, needle, expected):
    """A match found after folding ends after the harakat that folding dropped
    from its last letter: a span never cuts a letter from its diacritic."""
    a = Aligner(text).locate("entities", needle)
    assert a.method == "normalized" and text[a.start:a.end] == expected


def test_whole_word_preference_skips_a_partial_match():
    text = "استقبل المكتب الوزير ثم زار الوزير المكتب"
    a = Aligner(text).locate("entities", "مكتب")
    # "المكتب" contains مكتب after the article, which is not a proclitic: no whole-word
    # match exists, so the first partial one is used
    assert a.start == text.index("مكتب")
    b = Aligner("قال الناطق وناطق آخر").locate("entities", "ناطق")
    assert b.start == "قال الناطق وناطق آخر".index("وناطق") + 1


# --- the global monotone assignment (Aligner.assign) and roles near their cue ----------

NESTED = "عين الرئيس والي حلب. وقال والي حلب إن حلب آمنة."


def _spans(text: str, got) -> list[str]:
    return [f"{a.start}:{text[a.start:a.end]}" if a.start is not None else "-" for a in got]


def test_a_nested_mention_lands_inside_its_container():
    got = Aligner(NESTED).assign([("والي حلب", None), ("حلب", None), ("والي حلب", None),
                                  ("حلب", None), ("حلب", None)],
                                 ["OCC", "GPE", "OCC", "GPE", "GPE"])
    assert _spans(NESTED, got) == ["11:والي حلب", "16:حلب", "26:والي حلب", "31:حلب", "38:حلب"]


def test_the_same_type_after_its_container_is_the_next_mention():
    text = "قال بنجامين غريفو إن غريفو سيزور حلب."
    got = Aligner(text).assign([("بنجامين غريفو", None), ("غريفو", None)], ["PERS", "PERS"])
    assert _spans(text, got) == ["4:بنجامين غريفو", "21:غريفو"]   # not the surname inside


def test_one_string_out_of_order_or_hallucinated_moves_nothing_else():
    needles = [("القاهرة", None), ("بيروت", None), ("الرئيس", None), ("القاهرة", None)]
    got = Aligner(TEXT).assign(needles)
    assert _spans(TEXT, got) == ["35:القاهرة", "-", "70:الرئيس", "48:القاهرة"]
    # الرئيس (after both القاهرة) listed between them: the chain keeps both القاهرة
    assert [a.method for a in got] == ["exact", "unaligned", "exact", "exact"]


def test_spelling_drift_is_assigned_like_the_verbatim_string():
    drifted = [("القاهره", None), ("القاهره", None), ("الى", None)]
    got = Aligner(TEXT).assign(drifted)
    assert _spans(TEXT, got) == ["35:القاهرة", "48:القاهرة", "31:إلى"]
    assert {a.method for a in got} == {"normalized"}


def test_a_role_takes_the_occurrence_nearest_its_cue():
    text = "دمشق 19 نوفمبر / أعلنت دمشق اليوم أن الجيش حرر المدينة."
    aligner = Aligner(text)
    cue = text.index("أعلنت")
    got = aligner.near("دمشق", (cue, cue + 5))
    assert got.start == text.index("دمشق", cue)                    # not the dateline's
    assert aligner.near("دمشق", (cue, cue + 5), avoid={(got.start, got.end)}).start == 0
