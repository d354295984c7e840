"""Records that other tools write (issue 14): transformers pipeline output, spaCy
``doc.to_json()``, confidence scores, gold as predictions, and the per-type token
table. Each test runs the installed ``khabar`` on a copy of the seed gold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from khabar_cli import assert_no_traceback, run


def _coarse_entities(gold_copy) -> list[dict]:
    """The seed's required entities that have a CoNLL class (PER/ORG/LOC)."""
    return [e for e in gold_copy.data["entities"] if e["coarse"] and not e["optional"]]


def _text(gold_copy) -> str:
    return next(gold_copy.seeds_dir.glob("*.txt")).read_text(encoding="utf-8")


def _score(gold_copy, spec: str, *extra: str):
    proc = run("score", spec, "--gold", str(gold_copy.gold_dir), "--split", "all",
               "--bootstrap", "0", *extra, cwd=gold_copy.root)
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def _f1(stdout: str, row: str) -> float:
    match = re.search(rf"│ {re.escape(row)}\s+│\s*([\d.]+)\s*│\s*([\d.]+)\s*│\s*([\d.]+)", stdout)
    assert match, stdout
    return float(match.group(3))


def _pipeline_items(gold_copy) -> list[dict]:
    out = []
    for i, e in enumerate(_coarse_entities(gold_copy)):
        label = e["coarse"] if i % 2 else f"B-{e['coarse']}"
        key = "entity_group" if i % 3 else "entity"
        out.append({key: label, "start": e["start"], "end": e["end"],
                    "word": " ".join(e["text"]), "score": 0.5 + i / 1000})
    return out


def test_pipeline_jsonl_scores_one_in_the_coarse_view(gold_copy, tmp_path: Path) -> None:
    path = tmp_path / "pipe.jsonl"
    path.write_text(json.dumps({"doc_id": gold_copy.data["doc_id"],
                                "entities": _pipeline_items(gold_copy)},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    proc = _score(gold_copy, f"file:{path}")
    assert _f1(proc.stdout, "coarse strict") == 1.0


@pytest.mark.slow  # the JSON-list variant of test_pipeline_jsonl_scores_one_in_the_coarse_view (one more subprocess)
def test_pipeline_json_list_scores_one_in_the_coarse_view(gold_copy, tmp_path: Path) -> None:
    path = tmp_path / "pipe.json"
    path.write_text(json.dumps([{"doc_id": gold_copy.data["doc_id"],
                                 "entities": _pipeline_items(gold_copy)}], ensure_ascii=False),
                    encoding="utf-8")
    assert _f1(_score(gold_copy, f"file:{path}").stdout, "coarse strict") == 1.0


@pytest.mark.slow  # a refusal of the pipeline format; the format stays fast end to end in test_pipeline_jsonl_scores_one_in_the_coarse_view
def test_pipeline_word_mismatch_names_file_doc_and_offsets(gold_copy, tmp_path: Path) -> None:
    items = _pipeline_items(gold_copy)
    items[0]["word"] = "xyz"
    path = tmp_path / "pipe.jsonl"
    path.write_text(json.dumps({"doc_id": gold_copy.data["doc_id"], "entities": items},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run("score", f"file:{path}", "--gold", str(gold_copy.gold_dir), "--split", "all",
               "--bootstrap", "0", cwd=gold_copy.root)
    assert_no_traceback(proc)
    assert proc.returncode != 0
    message = proc.stdout + proc.stderr
    first = items[0]
    assert "pipe.jsonl:1" in message and gold_copy.data["doc_id"] in message
    assert f"{first['start']}:{first['end']}" in message


def test_spacy_to_json_scores_one_in_the_coarse_view(gold_copy, tmp_path: Path) -> None:
    path = tmp_path / "spacy.jsonl"
    ents = [{"start": e["start"], "end": e["end"], "label": e["coarse"]}
            for e in _coarse_entities(gold_copy)]
    path.write_text(json.dumps({"doc_id": gold_copy.data["doc_id"], "text": _text(gold_copy),
                                "ents": ents, "tokens": []}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert _f1(_score(gold_copy, f"file:{path}").stdout, "coarse strict") == 1.0


@pytest.mark.slow  # a refusal of the spaCy format; the format stays fast end to end in test_spacy_to_json_scores_one_in_the_coarse_view
def test_spacy_text_must_equal_the_gold_text(gold_copy, tmp_path: Path) -> None:
    path = tmp_path / "spacy.jsonl"
    path.write_text(json.dumps({"doc_id": gold_copy.data["doc_id"], "text": "not the text",
                                "ents": []}) + "\n", encoding="utf-8")
    proc = run("score", f"file:{path}", "--gold", str(gold_copy.gold_dir), "--split", "all",
               cwd=gold_copy.root)
    assert_no_traceback(proc)
    assert proc.returncode != 0 and "gold text" in proc.stdout + proc.stderr


def test_score_on_an_item_is_kept_in_the_samples(gold_copy, tmp_path: Path) -> None:
    e = _coarse_entities(gold_copy)[0]
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps({"doc_id": gold_copy.data["doc_id"], "entities": [
        {"start": e["start"], "end": e["end"], "type": e["type"], "score": 0.875}]}) + "\n",
        encoding="utf-8")
    samples = tmp_path / "samples.jsonl"
    proc = _score(gold_copy, f"file:{path}", "--samples", str(samples))
    assert "invalid items" not in proc.stdout
    [record] = [json.loads(line) for line in samples.read_text(encoding="utf-8").splitlines()]
    assert record["entities"][0]["score"] == 0.875


@pytest.mark.parametrize("bad", [1.5, *(pytest.param(b, marks=pytest.mark.slow)  # more bad values
                                      for b in (-0.1, "high", True))])
def test_a_bad_score_makes_the_item_invalid(gold_copy, tmp_path: Path, bad) -> None:
    e = _coarse_entities(gold_copy)[0]
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps({"doc_id": gold_copy.data["doc_id"], "entities": [
        {"start": e["start"], "end": e["end"], "type": e["type"], "score": bad}]}) + "\n",
        encoding="utf-8")
    proc = _score(gold_copy, f"file:{path}")
    assert "invalid items" in proc.stdout and "score" in proc.stdout


def _all_ones(stdout: str) -> None:
    for row in ("strict", "token conlleval", "token strict_iob2", "coarse strict"):
        assert _f1(stdout, row) == 1.0, row
    assert "relation (strict | relaxed)" in stdout
    assert re.search(r"relation \(strict \| relaxed\)\s*│\s*1\.0000", stdout)


def test_export_jsonl_scores_one(gold_copy, tmp_path: Path) -> None:
    out = tmp_path / "exp"
    proc = run("export", "--format", "jsonl", "--out", str(out), "--gold",
               str(gold_copy.gold_dir), "--split", "all", cwd=gold_copy.root)
    assert proc.returncode == 0, proc.stderr
    _all_ones(_score(gold_copy, f"file:{out / 'gold.jsonl'}").stdout)


def test_gold_directory_and_gold_file_score_one(gold_copy) -> None:
    _all_ones(_score(gold_copy, f"file:{gold_copy.gold_dir}").stdout)
    _all_ones(_score(gold_copy, f"file:{gold_copy.file}").stdout)


def test_per_type_token_table(gold_copy, tmp_path: Path) -> None:
    """The per-type token table renders from the typed fine NER view of a Results
    (here a saved results file read back with Results.from_dict)."""
    from rich.console import Console

    from benchmark.render.terminal import per_type_token_table
    from benchmark.scoring.results import Results

    results = tmp_path / "results.json"
    _score(gold_copy, f"file:{gold_copy.gold_dir}", "--json", str(results))
    loaded = Results.from_dict(json.loads(results.read_text(encoding="utf-8")))
    assert loaded.ner is not None
    table = per_type_token_table(loaded.ner["fine"])
    console = Console(record=True, width=200)
    console.print(table)
    text = console.export_text()
    assert "conlleval F1" in text and "strict_iob2 F1" in text
    assert re.search(r"GPE\s*│\s*1\.000", text)


def test_score_prints_the_per_type_token_view():
    from khabar_cli import assert_no_traceback, run

    proc = run("score", "oracle", "--bootstrap", "0", "--split", "dev")
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "NER per fine type, token view (conlleval | strict_iob2)" in proc.stdout
