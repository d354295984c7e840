"""Arabic normalisation presets (hand-written expectations)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.core.normalize import PRESETS, compose, normalize, normalize_with_offsets, original_span


@pytest.mark.parametrize("text, preset, expected", [
    ("الإسلامية", "standard", "الاسلاميه"),
    ("الإسلامية", "none", "الإسلامية"),
    ("الإسلامية", "marks", "الإسلامية"),
    ("مُصْطَفَى", "marks", "مصطفى"),
    ("مُصْطَفَى", "standard", "مصطفي"),
    ("آخــر", "standard", "اخر"),
    ("ٱلله", "standard", "الله"),
    ("مسؤول بريئة", "standard", "مسؤول بريئه"),
    ("مسؤول بريئة", "full", "مسوول برييه"),
    ("دمشق 2017", "full", "دمشق 2017"),
])
def test_presets(text, preset, expected):
    assert normalize(text, preset) == expected


def test_compose_and_errors():
    assert compose("ta")("مدينة") == "مدينه"
    assert compose("alef", "ya")("إلى") == "الي"
    with pytest.raises(ValueError, match="unknown transform 'x'"):
        compose("x")
    with pytest.raises(ValueError, match="expected one of none, marks, standard, full"):
        normalize("x", "nope")


def test_offsets_map_back():
    text = "قالَ مُصْطَفَى"
    folded, positions = normalize_with_offsets(text, "standard")
    assert folded == "قال مصطفي"
    start = folded.index("مصطفي")
    s, e = original_span(positions, start, start + len("مصطفي"))
    assert text[s:e] == "مُصْطَفَى"


@given(st.text(alphabet="ابةىأإآـَُِّ مصط", max_size=30))
def test_offsets_are_consistent(text):
    for name in PRESETS:
        folded, positions = normalize_with_offsets(text, name)
        assert len(positions) == len(folded) + 1
        assert positions[-1] == len(text)
        assert folded == normalize(text, name)
        for i, ch in enumerate(folded):
            assert normalize(text[positions[i]], name) == ch
