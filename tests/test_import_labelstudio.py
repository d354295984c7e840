"""``khabar import labelstudio``: a Label Studio JSON export → gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from import_e2e import check_end_to_end, check_ner_only_rules, khabar_import

from benchmark.gold.loader import load_gold
from benchmark.importers import Options, Report, read_sources, write_corpus

TEXT = "زار ولي العهد محمد بن سلمان القاهرة 😀 ثم باريس."
SPANS = [("OCC", "ولي العهد"), ("PERS", "محمد بن سلمان"), ("GPE", "القاهرة"), ("GPE", "باريس")]


def _result(label: str, sub: str, *, utf16: bool = False) -> dict:
    start = TEXT.index(sub)
    if utf16:       # JavaScript offsets: the emoji counts two code units
        start = len(TEXT[:start].encode("utf-16-le")) // 2
    return {"id": sub, "from_name": "label", "to_name": "text", "type": "labels",
            "origin": "manual",
            "value": {"start": start, "end": start + len(sub), "text": sub, "labels": [label]}}


def _tasks(utf16: bool = False) -> list[dict]:
    return [
        {"id": 11, "data": {"text": TEXT}, "predictions": [],
         "annotations": [{"id": 1, "was_cancelled": False,
                          "result": [_result(lab, sub, utf16=utf16) for lab, sub in SPANS]
                          + [{"type": "choices", "value": {"choices": ["politics"]}}]}]},
        {"id": 12, "data": {"text": "لا كيانات هنا", "dct": "2023-05-06"},
         "annotations": [{"id": 2, "result": []}]},
        {"id": 13, "data": {"text": "لم يُعلَّم"}, "annotations": []},
    ]


def _read(tmp_path: Path, tasks: list[dict]) -> tuple[list, Report]:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    report = Report()
    return read_sources("labelstudio", [path], Options(fmt="labelstudio", dct="2024-01-01"),
                        report), report


def test_round_trip_of_spans(tmp_path):
    docs, report = _read(tmp_path, _tasks())
    assert report.problems == []
    assert "task 3 (id 13) has no annotation" in report.warnings[0]
    write_corpus(tmp_path / "out", docs, Options(fmt="labelstudio", dct="2024-01-01"))
    gold = load_gold(tmp_path / "out" / "gold")
    assert [d.doc_id for d in gold] == ["export-1", "export-2"]
    first, second = gold.documents
    assert first.text == TEXT and not second.entities
    assert [(e.type, e.text) for e in first.entities] == SPANS
    assert [(e.start, e.end) for e in first.entities] == [
        (TEXT.index(s), TEXT.index(s) + len(s)) for _, s in SPANS]
    assert first.dct == "2024-01-01" and second.dct == "2023-05-06"
    record = json.loads((tmp_path / "out" / "gold" / "export-1.json").read_text("utf-8"))
    assert record["provenance"]["docno"] == 11


def test_utf16_offsets_are_converted(tmp_path):
    docs, report = _read(tmp_path, _tasks(utf16=True))
    assert report.problems == []
    assert [(e.type, e.text) for e in docs[0].entities] == SPANS


def test_mismatched_text_is_refused(tmp_path):
    tasks = _tasks()
    tasks[0]["annotations"][0]["result"][2]["value"]["text"] = "دمشق"
    _, report = _read(tmp_path, tasks)
    [problem] = report.problems
    assert "'دمشق'" in problem.message and "task 1 (id 11), result[2]" in problem.message


def test_not_an_export_is_refused(tmp_path):
    _, report = _read(tmp_path, [{"text": TEXT}])
    [problem] = report.problems
    assert "Label Studio task" in problem.message


@pytest.mark.slow  # the shared import end-to-end sequence (6 subprocesses) again; the Label Studio reader stays fast in process, import end to end in test_import_timeml.py and test_import_brat.py
def test_cli_end_to_end(tmp_path):
    (tmp_path / "export.json").write_text(json.dumps(_tasks(), ensure_ascii=False), "utf-8")
    proc = khabar_import(tmp_path, "labelstudio", "export.json", "--out", "out", "--dct",
                         "2024-01-01")
    assert "imported 2 document(s)" in proc.stdout and "no annotation" in proc.stderr
    check_end_to_end(tmp_path, ("entities",))
    check_ner_only_rules(tmp_path)
