"""The canonical tokenization and sentence units."""

from __future__ import annotations

import pytest

from benchmark.core.iob import decode, encode, outermost
from benchmark.core.tokenize import canonical_sentences, canonical_tokens, sentences, tokenize


@pytest.mark.parametrize("text, boundaries, expected", [
    ("قال الوزير، أمس.", (), ["قال", "الوزير", "،", "أمس", "."]),
    ("للبوكمال", (1,), ["ل", "لبوكمال"]),
    ("وقالت (سانا)", (1,), ["و", "قالت", "(", "سانا", ")"]),
    ("١٩ نوفمبر ٢٠١٧", (), ["١٩", "نوفمبر", "٢٠١٧"]),
    ("قَالَ الْوَزِيرُ", (), ["قَالَ", "الْوَزِيرُ"]),          # harakat stay inside words
    ("الـــوزير \"نعم\"", (), ["الـــوزير", "\"", "نعم", "\""]),  # tatweel is a word character
    ("ab", (0, 1, 2, 5), ["a", "b"]),                          # boundaries outside tokens ignored
])
def test_tokenize(text, boundaries, expected):
    assert [text[s:e] for s, e in tokenize(text, boundaries)] == expected


def test_tokens_are_half_open_and_adjacent_spans_do_not_overlap():
    toks = tokenize("وبالكامل", (1, 2))
    assert toks == [(0, 1), (1, 2), (2, 8)]
    assert all(a[1] <= b[0] for a, b in zip(toks, toks[1:]))


def test_sentences_split_and_merge():
    text = "قال أ. وقال ب؟\nثم ج"
    assert [text[s:e] for s, e in sentences(text)] == ["قال أ.", "وقال ب؟", "ثم ج"]
    crossing = (text.index("أ"), text.index("ب") + 1)
    assert [text[s:e] for s, e in sentences(text, [crossing])] == ["قال أ. وقال ب؟", "ثم ج"]


def test_gold_boundaries_are_token_boundaries(gold):
    for doc in gold:
        toks = canonical_tokens(doc)
        starts = {s for s, _ in toks}
        ends = {e for _, e in toks}
        for e in doc.entities:
            assert e.start in starts and e.end in ends, e
        # the proclitic of للبوكمال is its own token
        i = doc.text.index("للبوكمال")
        assert (i, i + 1) in toks and (i + 1, i + 8) in toks
        assert len(canonical_sentences(doc)) == 12


def test_iob2_round_trip_on_gold(gold):
    doc = gold.documents[0]
    toks = canonical_tokens(doc)
    spans = outermost([(e.start, e.end, e.type) for e in doc.entities if not e.optional])
    tags = encode(toks, spans)
    back = [(toks[a][0], toks[b - 1][1], label) for a, b, label in decode(tags, mode="strict")]
    assert back == sorted(spans)
    assert decode(tags) == decode(tags, mode="strict")


@pytest.mark.parametrize("tags, conlleval, strict", [
    (["B-PER", "I-PER", "O"], [(0, 2, "PER")], [(0, 2, "PER")]),
    (["I-PER", "I-PER", "O"], [(0, 2, "PER")], []),
    (["B-PER", "I-LOC", "B-LOC"], [(0, 1, "PER"), (1, 2, "LOC"), (2, 3, "LOC")], [(0, 1, "PER"), (2, 3, "LOC")]),
    (["O", "B-ORG", "B-ORG", "I-ORG"], [(1, 2, "ORG"), (2, 4, "ORG")], [(1, 2, "ORG"), (2, 4, "ORG")]),
])
def test_decode_conventions(tags, conlleval, strict):
    assert decode(tags) == conlleval
    assert decode(tags, mode="strict") == strict


def test_decode_matches_seqeval():
    from seqeval.metrics.sequence_labeling import get_entities

    tags = ["I-PER", "I-PER", "B-LOC", "I-ORG", "O", "I-ORG", "B-MISC"]
    ours = [(label, a, b - 1) for a, b, label in decode(tags)]
    assert ours == get_entities(tags)
