"""The fast paths of issue 16 give what the general code gives.

Gold and prediction validation check a valid item in one test and fall back to
the field-by-field checks otherwise; the gold hash is computed from the JSON as
loaded; records given by offsets skip the aligner; the bootstrap computes all
resamples' metrics at once; ``GoldSet.get`` uses an index. Each is compared
here with the general computation.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.gold.loader import _FileChecker, gold_files, gold_hash, load_gold
from benchmark.predict.predictions import _LineChecker, _valid_entities
from benchmark.predict.records import align_record
from benchmark.scoring.attribution import AttributionCounts
from benchmark.scoring.counts import f1, ratio
from benchmark.scoring.ner import NerCounts
from benchmark.scoring.resample import _metrics_of_rows
from benchmark.scoring.timex import TimexCounts

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "gold"


def test_the_gold_hash_from_the_loaded_json_is_the_hash_of_the_documents() -> None:
    gold = load_gold(BUNDLED)
    assert gold.sha256 == gold_hash(list(gold.documents))
    for split in gold.splits:
        part = gold.select(split)
        assert part.sha256 == gold_hash(list(part.documents))


def test_fast_entities_equal_the_field_by_field_checks() -> None:
    for file in gold_files([BUNDLED]):
        checker = _FileChecker(file)
        doc = checker.check()
        assert doc is not None and not checker.problems
        raw = json.loads(file.read_text(encoding="utf-8"))["entities"]
        slow = _FileChecker(file)
        slow.text = doc.text
        assert [slow.entity(("entities", i), obj) for i, obj in enumerate(raw)] == \
            list(doc.entities)
        assert not slow.problems


def test_a_bad_entity_is_reported_as_before(gold_copy) -> None:  # type: ignore[no-untyped-def]
    first = gold_copy.data["entities"][0]
    first["start"] = True                        # bool is no offset
    gold_copy.data["entities"][1]["coarse"] = "ORG"
    gold_copy.data["entities"][2]["alternatives"] = None
    gold_copy.write()
    checker = _FileChecker(gold_copy.file)
    assert checker.check() is None
    paths = [p.path for p in checker.problems]
    assert "$.entities[0].start" in paths and "$.entities[1].coarse" in paths
    assert "$.entities[2].alternatives" in paths


def test_fast_prediction_entities_equal_the_field_by_field_checks() -> None:
    doc = load_gold(BUNDLED).documents[0]
    rng = random.Random(3)
    items = [{"start": e.start, "end": e.end, "type": e.type,
              **({"text": e.text} if rng.random() < 0.5 else {})} for e in doc.entities]
    fast = _valid_entities(items, doc.text)
    assert fast is not None and len(fast) == len(items)
    # one item the fast test refuses: the whole list is checked field by field,
    # which keeps the valid items as the fast path did and reports the bad one
    check = _LineChecker("x", 1, problems := [])
    check.text = doc.text
    slow = check.entities([*items, {"start": 0, "end": 3, "type": "NOPE"}])
    assert _valid_entities([*items, {"start": 0, "end": 3, "type": "NOPE"}], doc.text) is None
    assert slow == fast
    assert [p.path for p in problems] == [f"$.entities[{len(items)}].type"]


def test_records_given_by_offsets_are_not_aligned() -> None:
    doc = load_gold(BUNDLED).documents[0]
    record = {"doc_id": doc.doc_id,
              "entities": [{"start": e.start, "end": e.end, "type": e.type}
                           for e in doc.entities[:5]],
              "attributions": [{"source": [], "cue": [{"start": 0, "end": 2}],
                                "content": [{"start": 3, "end": 5}], "kind": "direct"}]}
    out = align_record(record, doc.text)
    assert out.record == record and not out.spans and not out.dropped
    with_string = {**record, "entities": [*record["entities"], {"text": doc.entities[0].text,
                                                                 "type": "ORG"}]}
    assert align_record(with_string, doc.text).spans


@pytest.mark.parametrize("cls", [NerCounts, TimexCounts, AttributionCounts])
def test_metrics_of_all_resamples_at_once_equal_one_at_a_time(cls) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(1)
    width = len(cls().vector())
    sums = rng.integers(0, 6, size=(200, width)).astype(np.float64)
    sums[:7] = 0                                   # zero denominators
    if cls is AttributionCounts:
        sums[:, 9:21] += rng.random((200, 12))     # the overlap sums are fractions
    columns = _metrics_of_rows(sums, cls.from_vector)
    for i, row in enumerate(sums):
        for name, value in cls.from_vector(row).metrics().items():
            assert float(columns[name][i]) == float(value), (name, i)


def test_ratio_and_f1_on_arrays_equal_the_scalar_rule() -> None:
    num = np.array([0.0, 1.0, 2.5, 3.0])
    den = np.array([0.0, 0.0, 5.0, 7.0])
    assert list(ratio(num, den)) == [ratio(a, b) for a, b in zip(num, den)]
    p, r = np.array([0.0, 0.5, 0.2]), np.array([0.0, 0.0, 0.9])
    assert list(f1(p, r)) == [f1(a, b) for a, b in zip(p, r)]


def test_gold_get_uses_an_index_and_keeps_its_errors() -> None:
    gold = load_gold(BUNDLED)
    for doc in gold.documents:
        assert gold.get(doc.doc_id) is doc
    with pytest.raises(KeyError):
        gold.get("no such document")


def _entities_item_by_item(items, text):  # type: ignore[no-untyped-def]
    """The rule of ``_valid_entities`` checked one item at a time (its previous
    implementation): the specification the whole-list version must equal."""
    from benchmark.core.documents import Entity
    from benchmark.predict.predictions import _COARSE_OF_PREDICTED

    out = []
    for k, obj in enumerate(items, 1):
        if not (type(obj) is dict and set(obj) in ({"start", "end", "type"},
                                                  {"start", "end", "type", "text"})
                and type(s := obj["start"]) is int and type(e := obj["end"]) is int
                and 0 <= s < e <= len(text) and type(kind := obj["type"]) is str
                and kind in _COARSE_OF_PREDICTED):
            return None
        if "text" in obj and obj["text"] != text[s:e]:
            return None
        out.append(Entity(f"p{k}", s, e, text[s:e], kind, _COARSE_OF_PREDICTED[kind]))
    return tuple(out)


_TEXT = "قال وزير الخارجية السوري وليد المعلم في دمشق يوم الأحد"


@st.composite
def _entity_items(draw):  # type: ignore[no-untyped-def]
    """Mostly valid offset-given entities, with every way an item can be wrong."""
    n = len(_TEXT)
    items = []
    for _ in range(draw(st.integers(0, 6))):
        s = draw(st.integers(0, n - 1))
        e = draw(st.integers(s + 1, n))
        item = {"start": s, "end": e, "type": draw(st.sampled_from(("PERS", "GPE", "ORG")))}
        if draw(st.booleans()):
            item["text"] = _TEXT[s:e]
        fault = draw(st.sampled_from([None] * 6 + [
            "no_start", "extra", "bool", "float", "negative", "empty", "past_end", "bad_type",
            "type_int", "type_list", "text_differs", "text_int", "not_dict", "score"]))
        if fault == "no_start":
            del item["start"]
        elif fault == "extra":
            item["label"] = "PER"
        elif fault == "bool":
            item["start"] = False
        elif fault == "float":
            item["end"] = float(e)
        elif fault == "negative":
            item["start"] = -1
        elif fault == "empty":
            item["end"] = s
        elif fault == "past_end":
            item["end"] = n + 1
        elif fault == "bad_type":
            item["type"] = "NOPE"
        elif fault == "type_int":
            item["type"] = 3
        elif fault == "type_list":
            item["type"] = ["PERS"]
        elif fault == "text_differs":
            item["text"] = "x"
        elif fault == "text_int":
            item["text"] = 5
        elif fault == "score":
            item["score"] = 0.5
        items.append(item if fault != "not_dict" else [s, e, "PERS"])
    return items


@settings(max_examples=400, deadline=None)
@given(_entity_items())
def test_whole_list_entity_checks_equal_the_item_by_item_rule(items) -> None:  # type: ignore[no-untyped-def]
    assert _valid_entities(items, _TEXT) == _entities_item_by_item(items, _TEXT)
    fast = _valid_entities(items, _TEXT)
    if fast:   # the ids and the exact class, not only equality
        assert [e.id for e in fast] == [f"p{k}" for k in range(1, len(items) + 1)]
        assert {type(e).__name__ for e in fast} == {"Entity"}


@pytest.mark.parametrize("entities, shape", [
    ([{"start": 0, "end": 3, "type": "PERS"}], "khabar"),
    ([], "khabar"),
    ([{"start": 0, "end": 3, "type": "PERS"}, {"entity_group": "PER", "word": "x"}], "pipeline"),
    ([{"start": 0, "end": 3, "type": "PERS"}, {"entity": "B-PER"}], "pipeline"),
    (["word", ["entity"], 3, {"start": 0, "end": 3, "type": "PERS"}], "khabar"),
    ([None, {"word": "x"}], "pipeline"),
    ("not a list", "khabar"),
])
def test_a_pipeline_record_is_told_by_any_entity_field(entities, shape) -> None:  # type: ignore[no-untyped-def]
    from runners.files import record_shape

    assert record_shape({"doc_id": "d", "entities": entities}) == shape


@pytest.mark.parametrize("items, expected", [
    ([{"start": 0, "end": 3}], False),
    ([], False),
    ([{"start": 0, "end": 3}, {"text": "دمشق", "type": "GPE"}], True),
    ([{"start": 0, "end": 3}, "دمشق"], False),
    ([{"text": 5}], True),          # a string span, malformed: the validator reports it
])
def test_string_spans_are_found_among_offset_spans(items, expected) -> None:  # type: ignore[no-untyped-def]
    from benchmark.predict.records import _any_string_span, _is_string_span

    assert _any_string_span(items) is expected
    assert _any_string_span(items) is any(map(_is_string_span, items))


def test_percentile_pair_is_numpy_percentile_to_the_bit():
    """``resample.percentile_pair`` against ``np.percentile`` (method ``linear``)
    on random arrays: small and large, ties, constant, integer-valued, NaN."""
    from benchmark.scoring.resample import percentile_pair

    rng = np.random.default_rng(7)
    levels = [(2.5, 97.5), (5.0, 95.0), (0.0, 100.0), (0.5, 99.5), (50.0, 50.0), (25.0, 75.0),
              ((1 - 0.9) / 2 * 100, 100 - (1 - 0.9) / 2 * 100)]
    arrays = [rng.random(n) for n in (1, 2, 3, 10, 999, 1000, 1001)]
    arrays += [rng.integers(0, 5, n).astype(float) / 7 for n in (1, 4, 1000)]
    arrays += [np.full(1000, 0.75), np.array([0.3, np.nan, 0.1])]
    for values in arrays:
        for low, high in levels:
            expected = (float(np.percentile(values, low)), float(np.percentile(values, high)))
            got = percentile_pair(values, low, high)
            assert np.array_equal(got, expected, equal_nan=True), (len(values), low, high)
    # and the bit patterns agree, not only the values (no -0.0 / 0.0 slips)
    values = rng.random(1000)
    got = percentile_pair(values, 2.5, 97.5)
    assert [x.hex() for x in got] == [float(np.percentile(values, q)).hex() for q in (2.5, 97.5)]


@pytest.mark.parametrize("values, q", [
    ([np.inf], 0.0),                          # numpy: NaN (gamma 1 at the clamped top index)
    ([0.0, np.inf], 100.0),                   # the same at q = 100
    ([-0.0, -0.0], 100.0),                    # numpy: 0.0 (b - 0.0 * (1 - 2))
    ([0.0, 0.0, 0.0, 0.0, -0.0, -0.0], 90.0),  # numpy's partition leaves a 0.0 where a sort has -0.0
])
def test_percentile_pair_at_the_top_and_on_signed_zeros(values, q):
    """The cases the sort-and-lerp rule got wrong: the top (``h >= n - 1``),
    where numpy still interpolates, and ties of ``0.0`` and ``-0.0``, which a
    sort and numpy's partition may order differently."""
    from benchmark.scoring.resample import percentile_pair

    with np.errstate(invalid="ignore"):
        expected = float(np.percentile(np.array(values), q))
        got = percentile_pair(np.array(values), q, q)
    hexed = [x.hex() if x == x else "nan" for x in (*got, expected)]
    assert hexed[0] == hexed[1] == hexed[2], (values, q, got, expected)
