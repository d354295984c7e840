"""Before/after tables for each perturbation kind (benchmark.perturb.kinds)."""

from __future__ import annotations

import random

import pytest

from benchmark.core.documents import Document, Entity
from benchmark.perturb import KINDS, make_kind, perturb, signature, split_kinds
from benchmark.perturb.edit import apply_edits
from benchmark.perturb.kinds import (LEXICON, Digits, Harakat, Orthography, Punctuation, Tatweel,
                                     vowel_insertions)


def run(kind, text: str, seed: int = 0) -> str:
    return apply_edits(text, kind.edits(text, random.Random(seed))).text


@pytest.mark.parametrize("before, after", [
    ("أعلنت إدارة آخر", "اعلنت اداره اخر"),
    ("مدينة الرقة", "مدينه الرقه"),
    ("ثلاثة أيام", "ثلاثه ايام"),
    ("مصطفى على", "مصطفي علي"),       # ى → ي
    ("رئيسي في", "رئيسى فى"),          # word-final ي → ى
    ("بيروت ة", "بيروت ه"),            # a lone ة is word-final
    ("2017 (سانا)", "2017 (سانا)"),    # nothing else is touched
    ("الحياة", "الحياه"),
    ("بيت", "بيت"),                    # ي not word-final stays
])
def test_orthography_p1(before, after):
    assert run(Orthography(p=1.0), before) == after


def test_orthography_p0_is_identity_and_p_is_per_occurrence():
    text = "أأأأأأأأأأأأأأأأأأأأ"
    assert run(Orthography(p=0.0), text) == text
    half = run(Orthography(p=0.5), text, seed=1)
    assert 0 < half.count("ا") < len(text) and set(half) <= {"ا", "أ"}


@pytest.mark.parametrize("before, after", [
    ("دمشق", "دمـشـق"),                  # د joins back only
    ("سوريا", "سـوريـا"),                # none after و (joins back only)
    ("الأحد", "الأحـد"),                 # never between lam and alef
    ("19 نوفمبر 2017", "19 نـو" + "فـمـبـر 2017"),  # never next to digits or spaces
    ("دَمشق", "دَمـشـق"),                 # never next to a mark
    ("بء", "بء"),                         # hamza does not join
])
def test_tatweel_p1(before, after):
    assert run(Tatweel(p=1.0), before) == after


@pytest.mark.parametrize("before, after", [
    ("قالت الوكالة في بيان", "قَالَتْ الوكالة فِي بيان"),
    ("أعلن الجيش", "أَعْلَنَ الْجَيْش"),
    ("وقالت", "وَقَالَتْ"),
    ("فيما", "فيما"),                    # whole words only
    ("فِي", "فِي"),                       # already vowelled: untouched
])
def test_harakat_p1(before, after):
    assert run(Harakat(p=1.0), before) == after


def test_lexicon_forms_are_the_bare_words_plus_marks():
    for bare, vowelled in LEXICON.items():
        vowel_insertions(bare, vowelled)  # raises on a bad entry
    with pytest.raises(ValueError):
        vowel_insertions("في", "فَا")


def test_harakat_marks_stay_in_a_span_that_covers_the_word():
    from benchmark.core.documents import Attribution, Span
    doc = Document("d", "الجيش قالت", "2017-11-19",
                   entities=(Entity("e1", 0, 5, "الجيش", "ORG", "ORG"),),
                   attributions=(Attribution("a1", (Span(0, 5, "الجيش"),), (Span(6, 10, "قالت"),),
                                             (Span(0, 5, "الجيش"),), "indirect"),))
    new = Harakat(p=1.0).apply(doc, random.Random(0))
    assert new.entities[0].text == "الْجَيْش"
    assert new.attributions[0].cue[0].text == "قَالَتْ"  # the final sukun is inside
    assert new.text == "الْجَيْش قَالَتْ"


@pytest.mark.parametrize("kind, before, after", [
    (Digits(), "19 نوفمبر 2017", "١٩ نوفمبر ٢٠١٧"),
    (Digits(), "نحو 150 شخصا", "نحو ١٥٠ شخصا"),
    (Digits(to="western"), "١٩ نوفمبر ٢٠١٧", "19 نوفمبر 2017"),
    (Digits(to="western"), "19 و١٩", "19 و19"),
])
def test_digits(kind, before, after):
    assert run(kind, before) == after


@pytest.mark.parametrize("before, after", [
    ("(الأحد)، أن", "( الأحد ), أن"),
    ('ان "وحدات الجيش"', "ان «وحدات الجيش»"),
    ("قال «نعم»، و", 'قال "نعم", و'),
    ("1,000 و, ب", "1,000 و، ب"),            # not a thousands separator
    ("( سانا )", "( سانا )"),                 # already spaced
])
def test_punctuation_p1(before, after):
    assert run(Punctuation(p=1.0), before) == after


def test_quote_content_span_follows_its_marks():
    from benchmark.core.documents import Attribution, Span
    text = 'قال "نعم"'
    doc = Document("d", text, "2017-11-19", attributions=(
        Attribution("a1", (), (Span(0, 3, "قال"),), (Span(4, 9, '"نعم"'),), "direct"),))
    new = Punctuation(p=1.0).apply(doc, random.Random(0))
    assert new.attributions[0].content[0].text == "«نعم»"


def test_signature_registry_and_determinism():
    assert signature([make_kind("orthography"), Digits()], 7) == \
        "orthography@1(p=0.5)+digits@1(to=eastern)|seed:7"
    assert signature([], 3) == "identity|seed:3"
    assert set(KINDS) == {"orthography", "tatweel", "harakat", "digits", "punctuation",
                          "dct_shift", "entity_swap"}
    assert make_kind("orthography(p=0.3)") == Orthography(p=0.3)
    assert split_kinds("orthography(p=0.3, ),dct_shift(days=-10)") == \
        ["orthography(p=0.3, )", "dct_shift(days=-10)"]
    for bad in ("dct_shift(dayz=1)", "dct_shift(days=x)"):
        with pytest.raises(ValueError):
            make_kind(bad)
    with pytest.raises(ValueError, match="did you mean 'tatweel'"):
        make_kind("tatwel")
    with pytest.raises(ValueError):
        Orthography(p=1.5)
    doc = Document("d", "أعلنت الحكومة في دمشق أن الجيش", "2017-11-19")
    kinds = ["orthography", "tatweel", "harakat"]
    assert perturb(doc, kinds, 5) == perturb(doc, kinds, 5)
    assert {perturb(doc, kinds, s)[0].text for s in range(10)} != {doc.text}
    assert perturb(doc, [], 5) == (doc, "identity|seed:5")
