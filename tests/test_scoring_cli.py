"""``khabar score`` through Typer's CliRunner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.gold.loader import load_gold

runner = CliRunner()


@pytest.fixture(scope="module")
def doc():  # type: ignore[no-untyped-def]
    return load_gold().documents[0]


def write(path, objs):  # type: ignore[no-untyped-def]
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs),
                    encoding="utf-8")
    return path


def test_score_good_file(tmp_path, doc):
    ents = [{"start": e.start, "end": e.end, "type": e.type} for e in doc.entities
            if not e.optional]
    preds = write(tmp_path / "p.jsonl", [{"doc_id": doc.doc_id, "entities": ents}])
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["score", f"file:{preds}", "--json", str(out),
                                 "--bootstrap", "50"])
    assert result.exit_code == 0, result.output
    assert "NER (fine types)" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["tasks"]) == {"ner"}
    assert data["tasks"]["ner"]["strict"]["f1"] == 1.0
    assert data["signature"].endswith("|ner:fine,clitic=no,norm=standard|bs:50,seed:12345,unit:sen")
    assert data["bootstrap"]["samples"] == 50
    # refuses to overwrite, then --force replaces
    again = runner.invoke(app, ["score", f"file:{preds}", "--json", str(out)])
    assert again.exit_code == 2
    assert "refusing to overwrite existing output (use --force)" in again.output
    forced = runner.invoke(app, ["score", f"file:{preds}", "--json", str(out), "--force",
                                 "--bootstrap", "0"])
    assert forced.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["signature"].endswith("bs:0,seed:12345,unit:sen")


def test_score_bad_file_is_a_failed_extractor_exit_3_when_strict(tmp_path, doc):
    preds = write(tmp_path / "bad.jsonl", [{"doc_id": doc.doc_id, "entities": [
        {"start": 0, "end": 4, "type": "CITY"}]}])
    result = runner.invoke(app, ["score", f"file:{preds}", "--strict"])
    assert result.exit_code == 3
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (f"{preds}:1: $.entities[0].type: got \"CITY\"; expected one of PERS, NORP"
            in result.output)
    assert f"failed: file:{preds}: 1 invalid prediction(s)" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, message", [
    (["score", "orcale"], "unknown extractor 'orcale'; did you mean 'oracle'"),
    (["score", "file:/nonexistent/p.jsonl"], "file: /nonexistent/p.jsonl does not exist"),
    (["score", "oracle", "--norm", "nfkc"], "unknown --norm 'nfkc'"),
    (["score", "file:x", "--task", "pos"], "unknown --task 'pos'; expected one of: ner, timex, "
                                          "attribution"),
])
def test_score_usage_errors(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_task_filter(tmp_path, doc):
    preds = write(tmp_path / "p.jsonl", [{"doc_id": doc.doc_id, "entities": [],
                                          "timexes": []}])
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["score", f"file:{preds}", "--task", "timex", "--json", str(out),
                                 "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(out.read_text(encoding="utf-8"))["tasks"]) == {"timex"}


def test_score_with_user_gold_dir(gold_copy, tmp_path):
    """--gold DIR: e1 made optional in a copy of the gold; e2 left unpredicted."""
    gold_copy.entity("e1")["optional"] = True
    gold_copy.write()
    required = [e for e in gold_copy.data["entities"] if not e["optional"]]
    originally_required = required + [gold_copy.entity("e1")]
    preds = [{"start": e["start"], "end": e["end"], "type": e["type"]}
             for e in originally_required if e["id"] != "e2"]
    path = write(tmp_path / "p.jsonl", [{"doc_id": gold_copy.data["doc_id"], "entities": preds}])
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["score", f"file:{path}", "--gold", str(gold_copy.gold_dir),
                                 "--json", str(out), "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    strict = json.loads(out.read_text(encoding="utf-8"))["tasks"]["ner"]["strict"]
    n = len(required)  # e1 no longer counts; its prediction is dropped
    assert (strict["cor"], strict["mis"], strict["spu"]) == (n - 1, 1, 0)
    assert strict["recall"] == pytest.approx((n - 1) / n)
    assert strict["precision"] == 1.0
