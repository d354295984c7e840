"""The exact offset map of character edits (benchmark.perturb.edit)."""

from __future__ import annotations

import pytest

from benchmark.core.documents import Attribution, Document, Entity, Span, Timex
from benchmark.perturb.edit import Edit, apply_edits, remap_document

TEXT = "ab cd ef"  # spans below: "ab" [0,2), "cd" [3,5), "ef" [6,8)


def mapped(edits, start, end):
    return apply_edits(TEXT, edits).span(start, end)


@pytest.mark.parametrize("edits, span, expected", [
    # no edits: identity
    ([], (3, 5), (3, 5, "cd")),
    # replacement inside the span, same length and longer
    ([Edit(3, 4, "X")], (3, 5), (3, 5, "Xd")),
    ([Edit(4, 5, "XYZ")], (3, 5), (3, 7, "cXYZ")),
    # replacement of exactly the span's text
    ([Edit(3, 5, "Q")], (3, 5), (3, 4, "Q")),
    # replacement before the span shifts it; after it leaves it alone
    ([Edit(0, 2, "abcd")], (3, 5), (5, 7, "cd")),
    ([Edit(6, 8, "")], (3, 5), (3, 5, "cd")),
    # replacement of the separating space touches but does not enter
    ([Edit(2, 3, "--")], (3, 5), (4, 6, "cd")),
    ([Edit(5, 6, "--")], (3, 5), (3, 5, "cd")),
    # a replacement straddling the start: the span takes all of it
    ([Edit(2, 4, "_C")], (3, 5), (2, 5, "_Cd")),
    # deletion inside the span shrinks it
    ([Edit(3, 4, "")], (3, 5), (3, 4, "d")),
    # insertion strictly inside is inside, whatever attach says
    ([Edit(4, 4, "ـ")], (3, 5), (3, 6, "cـd")),
    ([Edit(4, 4, "ـ", attach="left")], (3, 5), (3, 6, "cـd")),
    # insertion at the start: outside unless it attaches right
    ([Edit(3, 3, "+")], (3, 5), (4, 6, "cd")),
    ([Edit(3, 3, "+", attach="left")], (3, 5), (4, 6, "cd")),
    ([Edit(3, 3, "+", attach="right")], (3, 5), (3, 6, "+cd")),
    # insertion at the end: outside unless it attaches left (a diacritic)
    ([Edit(5, 5, "+")], (3, 5), (3, 5, "cd")),
    ([Edit(5, 5, "َ", attach="left")], (3, 5), (3, 6, "cdَ")),
    ([Edit(5, 5, "+", attach="right")], (3, 5), (3, 5, "cd")),
    # insertion at the very start and end of the text
    ([Edit(0, 0, ">"), Edit(8, 8, "<")], (0, 2), (1, 3, "ab")),
    ([Edit(0, 0, ">"), Edit(8, 8, "<", attach="left")], (6, 8), (7, 10, "ef<")),
    # insertion next to a replacement at the same boundary
    ([Edit(3, 3, "+"), Edit(3, 4, "C")], (3, 5), (4, 6, "Cd")),
    ([Edit(2, 3, "__"), Edit(3, 3, "+", attach="right")], (3, 5), (4, 7, "+cd")),
])
def test_span_map(edits, span, expected):
    assert mapped(edits, *span) == expected


def test_adjacent_spans_stay_adjacent_with_an_insertion_between():
    text = "abcd"  # "ab" [0,2) and "cd" [2,4) touch
    for attach, left, right in [("none", (0, 2), (3, 5)), ("left", (0, 3), (3, 5)),
                                ("right", (0, 2), (2, 5))]:
        m = apply_edits(text, [Edit(2, 2, "-", attach=attach)])
        assert m.text == "ab-cd"
        assert m.span(0, 2)[:2] == left and m.span(2, 4)[:2] == right
        assert left[1] <= right[0]  # never overlapping


def test_new_text_and_edit_order_independent():
    edits = [Edit(6, 8, "EF"), Edit(0, 1, ""), Edit(2, 2, "!", attach="left")]
    m = apply_edits(TEXT, edits)
    assert m.text == "b! cd EF"
    assert m.text == apply_edits(TEXT, list(reversed(edits))).text


@pytest.mark.parametrize("edits, message", [
    ([Edit(1, 3, "x"), Edit(2, 4, "y")], "overlap"),
    ([Edit(2, 2, "x"), Edit(2, 2, "y")], "two insertions"),
    ([Edit(7, 9, "x")], "outside the text"),
])
def test_bad_edits_are_refused(edits, message):
    with pytest.raises(ValueError, match=message):
        apply_edits(TEXT, edits)


def test_bad_edit_values():
    with pytest.raises(ValueError):
        Edit(3, 2, "x")
    with pytest.raises(ValueError):
        Edit(2, 2, "")
    with pytest.raises(ValueError):
        Edit(2, 2, "x", attach="both")  # type: ignore[arg-type]


def test_a_span_that_vanishes_is_an_error():
    with pytest.raises(ValueError, match="becomes empty"):
        mapped([Edit(3, 5, "")], 3, 5)


def test_remap_document_maps_every_layer():
    from benchmark.core.documents import Alternative

    text = 'قال زيد "نعم" امس'
    doc = Document("d", text, "2017-11-19",
                   entities=(Entity("e1", 4, 7, "زيد", "PERS", "PER",
                                    alternatives=(Alternative(0, 7, "قال زيد"),)),),
                   timexes=(Timex("t1", 14, 17, "امس", "DATE", "2017-11-18", "DCT",
                                  alternatives=(Alternative(value="XXXX"),)),),
                   attributions=(Attribution("a1", (Span(4, 7, "زيد"),), (Span(0, 3, "قال"),),
                                             (Span(8, 13, '"نعم"'),), "direct", ("e1",)),),
                   meta={"gold_version": "1.0.0", "sha256": "x"})
    new = remap_document(doc, [Edit(8, 9, "«"), Edit(12, 13, "»"), Edit(4, 4, "ـ"),
                               Edit(5, 5, "ـ"), Edit(7, 7, "ُ", attach="left")])
    assert new.text == "قال ـزـيدُ «نعم» امس"
    e = new.entities[0]
    assert (e.start, e.end, e.text) == (5, 10, "زـيدُ")
    assert e.alternatives[0].text == "قال ـزـيدُ"
    assert new.timexes[0].text == "امس" and new.timexes[0].alternatives[0].value == "XXXX"
    assert new.attributions[0].content[0].text == "«نعم»"
    assert new.attributions[0].cue[0].text == "قال"
    assert new.meta == {"gold_version": "1.0.0"}
    assert remap_document(doc, []) is doc
