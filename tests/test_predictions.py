"""The khabar JSONL predictions loader: strict validation, exact messages."""

from __future__ import annotations

import json

import pytest

from benchmark.gold.loader import load_gold
from benchmark.predict.predictions import PredictionError, load_predictions, parse_predictions


@pytest.fixture(scope="module")
def docs():  # type: ignore[no-untyped-def]
    return load_gold().documents


def line(**obj) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(obj, ensure_ascii=False)


def problems(lines, docs):  # type: ignore[no-untyped-def]
    with pytest.raises(PredictionError) as info:
        parse_predictions(lines, docs, file="p.jsonl")
    return [str(p) for p in info.value.problems]


def test_good_file(tmp_path, docs):
    d = docs[0]
    path = tmp_path / "p.jsonl"
    path.write_text(line(doc_id=d.doc_id, entities=[{"start": 0, "end": 4, "type": "GPE",
                                                     "text": d.text[:4]}],
                         timexes=[{"start": 5, "end": 19, "type": "DATE",
                                   "value": "2017-11-19"}]) + "\n\n", encoding="utf-8")
    preds = load_predictions(path, docs)
    p = preds[d.doc_id]
    assert [(e.id, e.start, e.end, e.type, e.coarse, e.text) for e in p.entities] == [
        ("p1", 0, 4, "GPE", "LOC", "دمشق")]
    assert p.timexes[0].value == "2017-11-19"
    assert p.attributions is None  # not attempted


@pytest.mark.parametrize("obj, expected", [
    ({"doc_id": "D", "entities": [{"start": 4, "end": 2, "type": "GPE"}]},
     "p.jsonl:1: $.entities[0].end: got [4, 2]; expected offsets with 0 <= start < end <= "
     "{n} (text length)"),
    ({"doc_id": "D", "entities": [{"start": 0, "end": 99999, "type": "GPE"}]},
     "p.jsonl:1: $.entities[0].end: got [0, 99999]; expected offsets with 0 <= start < end "
     "<= {n} (text length)"),
    ({"doc_id": "D", "entities": [{"start": 0, "end": 4, "type": "CITY"}]},
     "p.jsonl:1: $.entities[0].type: got \"CITY\"; expected one of PERS, NORP, OCC, ORG, GPE, "
     "LOC, FAC, EVENT, DATE, TIME, CARDINAL, ORDINAL, PERCENT, QUANTITY, MONEY, CURR, UNIT, "
     "LANGUAGE, LAW, PRODUCT, WEBSITE, MISC"),
    ({"doc_id": "D", "entities": [{"start": 0, "end": 4, "type": "GPE", "text": "x"}]},
     "p.jsonl:1: $.entities[0].text: got \"x\"; expected text[0:4] = 'دمشق'"),
    ({"doc_id": "D", "entities": [{"start": "0", "end": 4, "type": "GPE"}]},
     "p.jsonl:1: $.entities[0].start: got \"0\"; expected an integer code-point offset"),
    ({"doc_id": "D", "entities": [{"start": 0, "end": 4, "type": "GPE", "confidence": 1}]},
     "p.jsonl:1: $.entities[0].confidence: got 1; expected no field 'confidence': allowed "
     "fields are start, end, type, text, score"),
    ({"doc_id": "D", "entities": {"start": 0}},
     "p.jsonl:1: $.entities: got {\"start\": 0}; expected a JSON array"),
    ({"doc_id": "D", "timexes": [{"start": 5, "end": 19, "type": "DATE", "value": ""}]},
     "p.jsonl:1: $.timexes[0].value: got \"\"; expected a non-empty TIMEX3 value string"),
    ({"doc_id": "D", "attributions": [{"source": [], "cue": [], "content": [{"start": 0,
                                                                            "end": 4}],
                                       "kind": "direct"}]},
     "p.jsonl:1: $.attributions[0].cue: got []; expected a non-empty array of {start, end} "
     "spans"),
    ({"doc_id": "D", "attributions": [{"source": [], "cue": [{"start": 0, "end": 4}],
                                       "content": [{"start": 0, "end": 4}], "kind": "quote"}]},
     "p.jsonl:1: $.attributions[0].kind: got \"quote\"; expected one of direct, indirect, mixed"),
    ({"entities": []}, "p.jsonl:1: $: got [\"entities\"]; expected a field 'doc_id' (required: "
                       "doc_id)"),
    ({"doc_id": "nope"}, "p.jsonl:1: $.doc_id: got \"nope\"; expected the doc_id of a gold "
                         "document"),
])
def test_bad_lines(obj, expected, docs):
    d = docs[0]
    if obj.get("doc_id") == "D":
        obj = {**obj, "doc_id": d.doc_id}
    found = problems([json.dumps(obj, ensure_ascii=False)], docs)
    assert expected.replace("{n}", str(len(d.text))) in found


def test_duplicate_missing_and_broken_lines(docs):
    d = docs[0]
    found = problems(["{not json", line(doc_id=d.doc_id), line(doc_id=d.doc_id)], docs)
    assert found[0].startswith("p.jsonl:1: $: got \"{not json\"; expected a JSON object on one "
                               "line")
    assert found[1] == (f"p.jsonl:3: $.doc_id: got \"{d.doc_id}\"; expected a doc_id not "
                        "already given on line 2")
    found = problems([], docs)
    assert found == [f"p.jsonl: $: got null; expected a line for gold document {d.doc_id!r}"]


def test_every_problem_is_reported(docs):
    d = docs[0]
    found = problems([line(doc_id=d.doc_id, entities=[
        {"start": 0, "end": 4, "type": "CITY", "text": "x"},
        {"start": 9, "end": 3, "type": "GPE"}])], docs)
    assert len(found) == 3
