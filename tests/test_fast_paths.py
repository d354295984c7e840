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
