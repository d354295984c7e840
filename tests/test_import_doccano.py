"""``khabar import doccano``: a doccano JSONL export → gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from import_e2e import check_end_to_end, check_ner_only_rules, khabar_import

from benchmark.gold.loader import load_gold
from benchmark.importers import Options, Report, read_sources, write_corpus

TEXT = "وصل وزير الخارجية الأردني أيمن الصفدي إلى بيروت."
SPANS = [("OCC", "وزير الخارجية الأردني"), ("NORP", "الأردني"), ("PERS", "أيمن الصفدي"),
         ("GPE", "بيروت")]


def _at(sub: str) -> tuple[int, int]:
    return TEXT.index(sub), TEXT.index(sub) + len(sub)


def _records() -> list[dict]:
    return [
        {"id": 5, "text": TEXT, "label": [[*_at(s), t] for t, s in SPANS]},
        {"id": 6, "text": TEXT, "meta": {"dct": "2022-02-03"},
         "entities": [{"id": 1, "label": t, "start_offset": _at(s)[0], "end_offset": _at(s)[1]}
                      for t, s in SPANS[2:]], "relations": []},
    ]


def _jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _read(tmp_path: Path, text: str) -> tuple[list, Report]:
    (tmp_path / "data.jsonl").write_text(text, encoding="utf-8")
    report = Report()
    return read_sources("doccano", [tmp_path / "data.jsonl"],
                        Options(fmt="doccano", dct="2024-01-01"), report), report


def test_round_trip_of_spans_both_layouts(tmp_path):
    docs, report = _read(tmp_path, _jsonl(_records()))
    assert report.problems == []
    write_corpus(tmp_path / "out", docs, Options(fmt="doccano", dct="2024-01-01"))
    first, second = load_gold(tmp_path / "out" / "gold").documents
    assert [(e.type, e.text) for e in first.entities] == SPANS
    assert [[e.start, e.end, e.type] for e in first.entities] == _records()[0]["label"]
    assert {e.text: e.parent for e in first.entities}["الأردني"] == first.entities[0].id
    assert [(e.type, e.text) for e in second.entities] == SPANS[2:]
    assert (first.dct, second.dct) == ("2024-01-01", "2022-02-03")


def test_bad_records_name_their_line(tmp_path):
    records = _records()
    records[1]["entities"][0]["end_offset"] = 999
    text = _jsonl(records[:1]) + "\n" + "{not json\n" + _jsonl(records[1:]) + \
        _jsonl([{"text": "x", "label": ["positive"]}])
    _, report = _read(tmp_path, text)
    assert sorted(p.line for p in report.problems) == [3, 4, 5], report.problems
    assert "not valid JSON" in str(report.problems[0])


@pytest.mark.slow  # the shared import end-to-end sequence (6 subprocesses) again; the doccano reader stays fast in process, import end to end in test_import_timeml.py and test_import_brat.py
def test_cli_end_to_end(tmp_path):
    (tmp_path / "data.jsonl").write_text(_jsonl(_records()), encoding="utf-8")
    khabar_import(tmp_path, "doccano", "data.jsonl", "--out", "out", "--dct", "2024-01-01")
    check_end_to_end(tmp_path, ("entities",))
    check_ner_only_rules(tmp_path)
