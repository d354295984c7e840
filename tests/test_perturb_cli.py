"""`khabar perturb`: variant gold directories that validate and score."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from benchmark.cli import app

runner = CliRunner()


def test_perturb_writes_valid_gold_that_the_oracle_aces(tmp_path):
    out = tmp_path / "variants"
    result = runner.invoke(app, ["perturb", "--kinds", "orthography,digits,tatweel,harakat,"
                                 "punctuation", "--seed", "7", "--n", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.json"))
    assert [f.name for f in files] == ["000_3de78dd80989a7ed.v0.json",
                                       "000_3de78dd80989a7ed.v1.json"]
    record = json.loads(files[1].read_text(encoding="utf-8"))
    assert record["text_path"] == "texts/000_3de78dd80989a7ed.v1.txt"
    assert record["meta"] == {"source_doc_id": "000_3de78dd80989a7ed", "perturbation":
                              "orthography@1(p=0.5)+digits@1(to=eastern)+tatweel@1(p=0.2)+"
                              "harakat@1(p=0.5)+punctuation@1(p=0.5)|seed:8"}
    assert "١٩ نوفمبر ٢٠١٧" in (out / record["text_path"]).read_text(encoding="utf-8")

    valid = runner.invoke(app, ["validate", str(out)])
    assert valid.exit_code == 0 and "valid: 2 file(s)" in valid.output
    report = tmp_path / "oracle.json"
    scored = runner.invoke(app, ["score", "oracle", "--gold", str(out), "--bootstrap", "0",
                                 "--json", str(report)])
    assert scored.exit_code == 0, scored.output
    tasks = json.loads(report.read_text(encoding="utf-8"))["tasks"]
    assert tasks["ner"]["strict"]["f1"] == 1.0
    assert tasks["timex"]["value_f1"] == 1.0


def test_perturb_refuses_to_overwrite_and_unknown_kinds(tmp_path):
    out = tmp_path / "v"
    assert runner.invoke(app, ["perturb", "--kinds", "digits", "--out", str(out)]).exit_code == 0
    before = sorted(p.name for p in out.iterdir())
    again = runner.invoke(app, ["perturb", "--kinds", "digits", "--out", str(out)])
    assert again.exit_code == 2 and "use --force" in again.output
    forced = runner.invoke(app, ["perturb", "--kinds", "punctuation", "--out", str(out),
                                 "--n", "1", "--force"])
    assert forced.exit_code == 0 and sorted(p.name for p in out.iterdir()) == before
    bad = runner.invoke(app, ["perturb", "--kinds", "digitz", "--out", str(tmp_path / "w")])
    assert bad.exit_code == 2 and "did you mean 'digits'" in bad.output
    assert not (tmp_path / "w").exists()


def test_perturb_kinds_with_parameters(tmp_path):
    out = tmp_path / "shifted"
    result = runner.invoke(app, ["perturb", "--kinds", "digits(to=eastern),dct_shift(days=-10),"
                                 "entity_swap", "--seed", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "000_3de78dd80989a7ed.v0.json").read_text(encoding="utf-8"))
    assert record["dct"] == "2017-11-09"
    assert record["meta"]["perturbation"] == \
        "dct_shift@1(days=-10)+entity_swap@1(type=GPE)+digits@1(to=eastern)|seed:1"
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    bad = runner.invoke(app, ["perturb", "--kinds", "dct_shift(weeks=1)", "--out",
                              str(tmp_path / "x")])
    assert bad.exit_code == 2 and "no parameter 'weeks'" in bad.output


def test_force_never_replaces_a_directory_it_did_not_write(tmp_path):
    keep = tmp_path / "notes.md"
    keep.write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["perturb", "--kinds", "digits", "--out", str(tmp_path),
                                 "--force"])
    assert result.exit_code == 2 and "not a variant gold directory" in result.output
    assert keep.read_text(encoding="utf-8") == "mine"
    assert not list(tmp_path.glob("*.json"))
