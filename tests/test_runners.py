"""Runners: spec grammar, py:, cmd: (real subprocesses) and file: formats."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from benchmark.formats.export import export_gold
from runners.base import ExtractorFailed
from runners.files import FileFormatError
from runners.registry import UnknownExtractor, make_extractor

HERE = Path(__file__).parent / "extractors"
PY = sys.executable


@pytest.fixture(scope="module")
def docs(gold):
    return [d.bare() for d in gold]


@pytest.fixture(autouse=True)
def _importable(monkeypatch):
    monkeypatch.syspath_prepend(str(HERE))


def test_unknown_name_suggests(gold):
    with pytest.raises(UnknownExtractor, match="did you mean 'oracle'"):
        make_extractor("oracel", gold=gold)


def test_cmd_runs_a_real_subprocess(docs):
    ext = make_extractor(f'cmd:"{PY}" {HERE / "echo_oracle.py"}')
    [record] = ext.predict(docs)
    text = docs[0].text
    assert record["doc_id"] == docs[0].doc_id
    found = [(e["start"], e["end"]) for e in record["entities"]]
    assert all(text[s:e] in ("دمشق", "سوريا", "العراق", "لندن") for s, e in found)
    assert len(found) == text.count("دمشق") + text.count("سوريا") + text.count("العراق") + \
        text.count("لندن")
    assert ext.describe().parameters["argv"][1].endswith("echo_oracle.py")


@pytest.mark.parametrize("script, options, reason", [
    ("crash.py", {}, "exited with status 1"),
    ("hang.py", {"timeout": 0.3}, "timed out after 0.3 s"),
    ("garbage.py", {}, "stdout line 1 is not JSON"),
    ("flood.py", {"max_output": 1_000_000}, "wrote more than 1000000 bytes to stdout"),
])
def test_cmd_failures_are_reported(docs, script, options, reason):
    ext = make_extractor(f"cmd:{PY} {HERE / script}", **options)
    with pytest.raises(ExtractorFailed) as err:
        ext.predict(docs)
    assert reason in err.value.reason
    if script == "crash.py":
        assert "fatal: model file missing" in err.value.detail
        assert "loading model weights" in err.value.detail


def test_cmd_missing_program(docs):
    with pytest.raises(ExtractorFailed, match="cannot start"):
        make_extractor("cmd:no-such-program-khabar --x").predict(docs)


def test_py_function_class_and_failures(docs):
    [record] = make_extractor("py:pyext:first_word").predict(docs)
    assert record["entities"] == [{"start": 0, "end": 4, "type": "GPE"}]
    assert make_extractor("py:pyext:Counter").predict(docs) == [
        {"doc_id": docs[0].doc_id, "timexes": []}]
    with pytest.raises(ExtractorFailed, match="raised RuntimeError: boom"):
        make_extractor("py:pyext:broken").predict(docs)
    with pytest.raises(ExtractorFailed, match="returned dict"):
        make_extractor("py:pyext:not_a_list").predict(docs)
    with pytest.raises(ValueError, match="has no attribute 'nope'"):
        make_extractor("py:pyext:nope")
    with pytest.raises(ValueError, match="expects package.module:callable"):
        make_extractor("py:pyext")


def _oracle_records(gold, docs):
    return make_extractor("oracle", gold=gold).predict(docs)


def _strip(records):
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in records]


def test_file_brat_round_trip(gold, docs, tmp_path):
    export_gold(gold, "brat", tmp_path)
    records = make_extractor(f"file:{tmp_path}").predict(docs)
    oracle = _oracle_records(gold, docs)[0]
    got = records[0]
    # brat holds optional mentions too: compare against the full gold
    doc = gold.documents[0]
    assert sorted((e["start"], e["end"], e["type"]) for e in got["entities"]) == \
        sorted((e.start, e.end, e.type) for e in doc.entities)
    assert [(t["start"], t["value"]) for t in got["timexes"]] == \
        [(t.start, t.value) for t in doc.timexes]
    assert len(got["attributions"]) == len(doc.attributions)
    assert got["attributions"][0]["cue"] == oracle["attributions"][0]["cue"]


def test_file_timeml_round_trip(gold, docs, tmp_path):
    export_gold(gold, "timeml", tmp_path)
    [record] = make_extractor(f"file:{tmp_path}").predict(docs)
    assert [(t["start"], t["end"], t["type"], t["value"]) for t in record["timexes"]] == \
        [(t.start, t.end, t.type, t.value) for t in gold.documents[0].timexes]


def test_file_conll_round_trip(gold, docs, tmp_path):
    export_gold(gold, "conll", tmp_path)
    [record] = make_extractor(f"file:{tmp_path / 'gold.conll'}#column=4").predict(docs)
    outer = sorted((e.start, e.end, e.type) for e in gold.documents[0].entities
                   if not e.optional and e.parent is None)
    assert sorted((e["start"], e["end"], e["type"]) for e in record["entities"]) == outer


def test_file_labelstudio(gold, docs, tmp_path):
    doc = gold.documents[0]
    results = [{"type": "labels", "value": {"start": e.start, "end": e.end, "text": e.text,
                                            "labels": [e.type]}} for e in doc.entities[:5]]
    export = [{"data": {"text": doc.text}, "annotations": [{"result": results}]}]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    [record] = make_extractor(f"file:{path}").predict(docs)
    assert [(e["start"], e["end"], e["type"], e["text"]) for e in record["entities"]] == \
        [(e.start, e.end, e.type, e.text) for e in doc.entities[:5]]


@pytest.mark.parametrize("name, content, message", [
    ("bad.conll", "دمشق B-GPE\n19 B-DATEX\n", "expected an entity label among"),
    ("bad2.conll", "دمشق B-GPE\nبيروت O\n", "the next token of 000_3de78dd80989a7ed at offset"),
    ("bad3.conll", "دمشق\n", "'TOKEN TAG'"),
    ("bad4.conll", "دمشق X-GPE\n", "O, B-TYPE or I-TYPE"),
    ("bad.jsonl", '{"doc_id": "x"}\nnot json\n', "bad.jsonl:2"),
    ("bad.xyz", "", "one of .ann, .bio, .conll"),
    ("bad.json", '{"data": 1}', "a JSON array of tasks"),
])
def test_file_format_errors(docs, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FileFormatError) as err:
        make_extractor(f"file:{path}").predict(docs)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_file_tml_text_mismatch(gold, docs, tmp_path):
    export_gold(gold, "timeml", tmp_path)
    tml = next(tmp_path.glob("*.tml"))
    tml.write_text(tml.read_text(encoding="utf-8").replace(">19 نوفمبر", ">18 نوفمبر", 1),
                   encoding="utf-8")
    with pytest.raises(FileFormatError, match="at offset 6"):
        make_extractor(f"file:{tml}").predict(docs)
