"""End to end through the CLI: every adapter kind, fault isolation, exit codes,
string alignment, plug-ins and malformed extractor output."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.gold.loader import load_gold
from benchmark.harness import evaluate
from benchmark.harness.run import run_extractor
from benchmark.scoring.settings import DEFAULTS
from runners.registry import make_extractor, registered
from llm_server import serve

runner = CliRunner()
HERE = Path(__file__).parent / "extractors"
PY = sys.executable

# A document written for these tests (not the seed), DCT 2024-05-01.
TEXT = "قالت وكالة الأنباء السورية إن الخبر رقم 7 وصل من حلب اليوم."


def _span(text: str, sub: str) -> dict:
    s = TEXT.index(sub)
    return {"start": s, "end": s + len(sub), "text": sub}


@pytest.fixture
def small_gold(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "seeds" / "t.txt").write_bytes(TEXT.encode("utf-8"))

    def ent(i, sub, typ, coarse):
        return {"id": f"e{i}", **_span(TEXT, sub), "type": typ, "coarse": coarse, "parent": None,
                "ref": None, "optional": False, "alternatives": []}
    gold = {
        "schema_version": 1, "gold_version": "0.0.1", "doc_id": "t1", "language": "ar",
        "text_path": "../seeds/t.txt", "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
        "dct": "2024-05-01",
        "entities": [ent(1, "وكالة الأنباء السورية", "ORG", "ORG"), ent(2, "7", "CARDINAL", None),
                     ent(3, "حلب", "GPE", "LOC"), ent(4, "اليوم", "DATE", None)],
        "timexes": [{"id": "t1", **_span(TEXT, "اليوم"), "type": "DATE", "value": "2024-05-01",
                     "anchor": "DCT", "optional": False, "alternatives": []}],
        "attributions": [{"id": "a1", "source": [_span(TEXT, "وكالة الأنباء السورية")],
                          "source_entities": ["e1"], "cue": [_span(TEXT, "قالت")],
                          "content": [_span(TEXT, "الخبر رقم 7 وصل من حلب اليوم")],
                          "kind": "indirect", "optional": False}],
    }
    (tmp_path / "gold" / "t1.json").write_text(json.dumps(gold, ensure_ascii=False),
                                                encoding="utf-8")
    return tmp_path / "gold"


def test_openai_end_to_end_with_string_alignment(small_gold, tmp_path, monkeypatch):
    """The canned LLM answers (tests/llm_server.py) scored by hand:
    entities دمشق (not in the text: spurious), 7 and وكالة الأنباء السورية (correct);
    timex اليوم with the wrong value; attribution with a short content."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with serve() as server:
        out = tmp_path / "r.json"
        samples = tmp_path / "samples.jsonl"
        result = runner.invoke(app, [
            "score", "openai:test-model", "--base-url", server.base_url, "--gold",
            str(small_gold), "--cache-dir", str(tmp_path / "cache"), "--bootstrap", "0",
            "--json", str(out), "--samples", str(samples)])
        assert result.exit_code == 0, result.output
        assert "not found: entities 'دمشق'" in result.output
        [sample] = [json.loads(line) for line in samples.read_text(encoding="utf-8").splitlines()]
        assert sample["doc_id"] == "t1"
        assert sample["unaligned"] == [{"layer": "entities", "text": "دمشق", "type": "GPE"}]
        assert {a["text"]: a["method"] for a in sample["alignments"]}["دمشق"] == "unaligned"
        assert set(sample["raw_responses"]) == {"ner", "timex", "attribution"}
        assert sorted((e["text"], e["type"]) for e in sample["entities"]) == sorted(
            [("7", "CARDINAL"), ("وكالة الأنباء السورية", "ORG")])
        data = json.loads(out.read_text(encoding="utf-8"))
        strict = data["tasks"]["ner"]["strict"]
        assert (strict["cor"], strict["inc"], strict["mis"], strict["spu"]) == (2, 0, 2, 1)
        assert strict["precision"] == pytest.approx(2 / 3) and strict["recall"] == 0.5
        timex = data["tasks"]["timex"]
        assert timex["strict"]["f1"] == 1.0 and timex["value_accuracy"] == 0.0
        attr = data["tasks"]["attribution"]
        assert attr["relation"]["strict"]["f1"] == 0.0
        assert attr["relation"]["relaxed"]["f1"] == 1.0
        content = attr["content"]["overlap"]
        assert content["precision"] == 1.0
        assert content["recall"] == pytest.approx(len("الخبر رقم 7") / len(
            "الخبر رقم 7 وصل من حلب اليوم"))
        assert data["extractor"]["kind"] == "openai" and data["extractor"]["prompt_hash"]
        assert "|sys:openai:test-model@" in data["signature"]
        first = server.requests
        again = runner.invoke(app, [
            "score", "openai:test-model", "--base-url", server.base_url, "--gold",
            str(small_gold), "--cache-dir", str(tmp_path / "cache"), "--bootstrap", "0"])
        assert again.exit_code == 0 and server.requests == first   # all from the cache


def test_compare_isolates_a_failing_extractor(gold_copy):
    result = runner.invoke(app, ["compare", "oracle", f"cmd:{PY} {HERE / 'crash.py'}", "empty",
                                 "--gold", str(gold_copy.gold_dir), "--bootstrap", "0"])
    assert result.exit_code == 3
    assert "failed: cmd:" in result.output and "exited with status 1" in result.output
    assert "fatal: model file missing" in result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines()
            if line.count("│") > 4}
    assert "1.000" in rows["oracle"] and "0.000" in rows["empty"]
    assert "failed" in next(v for k, v in rows.items() if k.startswith("cmd:"))


def test_score_cmd_timeout_is_exit_3():
    result = runner.invoke(app, ["score", f"cmd:{PY} {HERE / 'hang.py'}", "--timeout", "0.3"])
    assert result.exit_code == 3
    assert "timed out after 0.3 s" in result.output


@pytest.mark.parametrize("spec, message", [
    ("hf:/nonexistent/model", "/nonexistent/model"),
    ("openai:m", "OPENAI_BASE_URL"),
    ("file:preds.xyz", "does not exist"),
    ("py:nomodule_khabar:f", "cannot import module 'nomodule_khabar'"),
    ("cmd:", "needs a value"),
])
def test_bad_specs_are_usage_errors(spec, message, monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    result = runner.invoke(app, ["score", spec])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fn, message", [
    ("out_of_range", "$.entities[0].end: got [0, 99999]; expected offsets with 0 <= start < end"),
    ("inverted", "$.entities[0].end: got [9, 3]; expected offsets with 0 <= start < end"),
    ("unknown_field", "$.entities[0].confidence: got 0.9; expected no field 'confidence'"),
    ("wrong_type", "$.entities[0].start: got \"0\"; expected an integer code-point offset"),
    ("missing_doc_id", "$: got [\"entities\"]; expected a field 'doc_id'"),
    ("duplicate", "$.doc_id: got \"000_3de78dd80989a7ed\"; expected a doc_id not already given"),
    ("not_in_gold", "$.doc_id: got \"nope\"; expected the doc_id of a gold document"),
    ("bad_kind", "$.attributions[0].kind: got \"quote\"; expected one of direct, indirect, mixed"),
])
def test_malformed_records_fail_the_extractor_with_a_precise_message(fn, message, monkeypatch):
    """With --strict every invalid item fails the run; without it, only a record's
    shape does (the others are dropped and counted: test_scoring_models.py)."""
    monkeypatch.syspath_prepend(str(HERE))
    result = runner.invoke(app, ["score", f"py:pyext_plugin:{fn}", "--strict"])
    assert result.exit_code == 3, result.output
    lenient = runner.invoke(app, ["score", f"py:pyext_plugin:{fn}", "--bootstrap", "0"])
    record_level = fn in ("missing_doc_id", "duplicate", "not_in_gold")
    assert lenient.exit_code == (3 if record_level else 0), lenient.output
    assert f"failed: py:pyext_plugin:{fn}: " in result.output
    assert f"py:pyext_plugin:{fn}: " in result.output and message in result.output
    if fn in ("out_of_range", "inverted", "unknown_field", "wrong_type", "bad_kind"):
        assert "document '000_3de78dd80989a7ed'" in result.output   # which document
    assert "Traceback" not in result.output


def test_plugins_from_entry_points(tmp_path, monkeypatch):
    dist = tmp_path / "khabar_test_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: khabar-test-plugin\n"
                                   "Version: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[khabar.extractors]\nmyplug = pyext_plugin:Factory\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(HERE))
    assert "myplug" in registered()
    listing = runner.invoke(app, ["extractors"])
    assert "myplug" in listing.output and "plug-in" in listing.output
    assert "Marks every" in listing.output   # the factory docstring, first line
    gold = load_gold()
    outcome = run_extractor("myplug", make_extractor("myplug", gold=gold), gold)
    assert outcome.ok
    [entity] = outcome.predictions[gold.documents[0].doc_id].entities
    assert (entity.start, entity.end, entity.text) == (0, 4, "دمشق")


def test_oracle_scores_one_and_empty_scores_zero_recall():
    gold = load_gold()
    settings = DEFAULTS.but(bootstrap=0)
    data = evaluate("oracle", gold, settings).results.to_dict()["tasks"]
    for mode in ("strict", "exact", "partial", "type"):
        assert data["ner"][mode]["f1"] == 1.0 and data["ner"]["coarse"][mode]["f1"] == 1.0
    assert data["ner"]["token"]["conlleval"]["f1"] == 1.0
    assert data["timex"]["value_f1"] == 1.0 and data["timex"]["type_accuracy"] == 1.0
    for role in ("source", "cue", "content", "source_entity"):
        assert data["attribution"][role]["exact"]["f1"] == 1.0
    assert data["attribution"]["relation"]["strict"]["f1"] == 1.0
    assert data["attribution"]["kind_accuracy"] == 1.0
    data = evaluate("empty", gold, settings).results.to_dict()["tasks"]
    assert set(data) == {"ner", "timex", "attribution"}
    assert data["ner"]["strict"]["recall"] == 0.0 and data["ner"]["strict"]["mis"] == 62
    assert data["timex"]["relaxed"]["recall"] == 0.0
    assert data["attribution"]["relation"]["relaxed"]["recall"] == 0.0


@pytest.mark.parametrize("name, content, code, message", [
    ("a.jsonl", "{not json\n", 3, "a.jsonl:1: got '{not json'; expected a JSON object (Expecting"),
    ("b.jsonl", '{"doc_id": "000_3de78dd80989a7ed", "entities": [{"start": 5, "end": 2, '
                '"type": "GPE"}]}\n', 3, "b.jsonl:1: $.entities[0].end: got [5, 2]"),
    ("c.jsonl", '{"doc_id": "000_3de78dd80989a7ed", "entities": [], "extra": 1}\n', 3,
     "c.jsonl:1: $.extra: got 1; expected no field 'extra'"),
    ("d.jsonl", '{"doc_id": "other", "timexes": []}\n', 3,
     "d.jsonl:1: $.doc_id: got \"other\"; expected the doc_id of a gold document"),
    ("e.jsonl", '{"doc_id": "000_3de78dd80989a7ed", "timexes": [{"start": 0, "end": 4, '
                '"type": "DATE", "value": 2017}]}\n', 3,
     "e.jsonl:1: $.timexes[0].value: got 2017; expected a non-empty TIMEX3 value string"),
    ("f.conll", "دمشق B-GPE\n19 B-DAY\n", 3, "f.conll:2: got 'DAY'; expected an entity label"),
    ("g.txt", "x", 2, "one of .ann, .bio, .conll, .iob, .json, .jsonl, .tml"),
])
def test_malformed_prediction_files(tmp_path, name, content, code, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["score", f"file:{path}", "--bootstrap", "0", "--strict"])
    assert result.exit_code == code, result.output
    assert message in result.output.replace(str(tmp_path) + "/", "")
    assert "Traceback" not in result.output
