"""``khabar import prodigy``: Prodigy ``db-out`` JSONL → gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from import_e2e import check_end_to_end, check_ner_only_rules, khabar_import

from benchmark.gold.loader import load_gold
from benchmark.importers import Options, Report, read_sources, write_corpus

TEXT = "أعلنت منظمة الصحة العالمية في جنيف يوم الاثنين"
SPANS = [("ORG", "منظمة الصحة العالمية"), ("GPE", "جنيف")]


def _span(label: str, sub: str) -> dict:
    start = TEXT.index(sub)
    return {"start": start, "end": start + len(sub), "label": label, "text": sub,
            "token_start": 0, "token_end": 0}


def _tasks() -> list[dict]:
    return [
        {"text": TEXT, "spans": [_span(*s) for s in SPANS], "answer": "accept",
         "_input_hash": 101, "_task_hash": 7, "meta": {"dct": "2021-06-07"}},
        {"text": TEXT, "spans": [], "answer": "reject", "_input_hash": 102},
        {"text": "بلا كيانات", "spans": [], "answer": "accept", "_input_hash": 103},
    ]


def _write(tmp_path: Path, tasks: list[dict]) -> Path:
    path = tmp_path / "ner.jsonl"
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), "utf-8")
    return path


def test_round_trip_of_accepted_spans(tmp_path):
    report = Report()
    options = Options(fmt="prodigy", dct="2024-01-01")
    docs = read_sources("prodigy", [_write(tmp_path, _tasks())], options, report)
    assert report.problems == [] and "reject or ignore" in report.warnings[0]
    write_corpus(tmp_path / "out", docs, options)
    gold = load_gold(tmp_path / "out" / "gold")
    assert [d.doc_id for d in gold] == ["ner-1", "ner-3"]
    first = gold.get("ner-1")
    assert [(e.type, e.text) for e in first.entities] == SPANS and first.dct == "2021-06-07"
    assert [{"start": e.start, "end": e.end, "label": e.type} for e in first.entities] == [
        {k: s[k] for k in ("start", "end", "label")} for s in _tasks()[0]["spans"]]
    assert gold.get("ner-3").dct == "2024-01-01"


def test_span_text_and_labels_are_checked(tmp_path):
    tasks = _tasks()
    tasks[0]["spans"][1]["text"] = "عمان"
    tasks[0]["spans"].append({"start": 0, "end": 5, "label": "VERB"})
    report = Report()
    read_sources("prodigy", [_write(tmp_path, tasks)], Options(fmt="prodigy"), report)
    assert [p.line for p in report.problems] == [1, 1]
    text = "\n".join(map(str, report.problems))
    assert "'عمان'" in text and "'VERB'" in text and "spans[1]" in text


@pytest.mark.slow  # the shared import end-to-end sequence (6 subprocesses) again; the Prodigy reader stays fast in process, import end to end in test_import_timeml.py and test_import_brat.py
def test_cli_end_to_end(tmp_path):
    _write(tmp_path, _tasks())
    khabar_import(tmp_path, "prodigy", "ner.jsonl", "--out", "out", "--dct", "2024-01-01")
    check_end_to_end(tmp_path, ("entities",))
    check_ner_only_rules(tmp_path)
