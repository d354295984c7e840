"""Each export is read back and compared with the gold."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.export import export_gold
from benchmark.files import OutputExistsError
from benchmark.formats.brat import read_ann
from benchmark.formats.timeml import read_tml
from benchmark.iob import decode
from benchmark.tokenize import canonical_tokens

runner = CliRunner()


def test_jsonl_is_lossless(gold, tmp_path):
    [path] = export_gold(gold, "jsonl", tmp_path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(gold)
    for record, doc in zip(records, gold):
        assert record["text"] == doc.text and record["dct"] == doc.dct
        assert record["entities"] == [e.to_json() for e in doc.entities]
        assert record["timexes"] == [t.to_json() for t in doc.timexes]
        assert record["attributions"] == [a.to_json() for a in doc.attributions]


def test_brat_round_trip(gold, tmp_path):
    export_gold(gold, "brat", tmp_path)
    assert "TIMEX3" in (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    for doc in gold:
        text = (tmp_path / f"{doc.doc_id}.txt").read_text(encoding="utf-8")
        assert text == doc.text
        ann = (tmp_path / f"{doc.doc_id}.ann").read_text(encoding="utf-8")
        back = read_ann(text, ann)
        assert tuple(back["entities"]) == doc.entities
        assert tuple(back["timexes"]) == doc.timexes
        assert tuple(back["attributions"]) == doc.attributions
        # the note carries the TIMEX3 value, and coreference is an Equiv line
        assert "\tTIMEX3 1430 1453\t" in ann and "value=2017-11-08 anchor=DCT" in ann
        assert any(line.startswith("*\tCoref ") for line in ann.splitlines())


def test_timeml_round_trip(gold, tmp_path):
    export_gold(gold, "timeml", tmp_path)
    for doc in gold:
        source = (tmp_path / f"{doc.doc_id}.tml").read_text(encoding="utf-8")
        text, dct, timexes = read_tml(source)
        assert text == doc.text and dct == doc.dct
        assert 'tid="t0"' in source and 'functionInDocument="CREATION_TIME"' in source
        got = [(t.id, t.start, t.end, t.text, t.type, t.value, t.anchor) for t in timexes]
        want = [(t.id, t.start, t.end, t.text, t.type, t.value, t.anchor) for t in doc.timexes]
        assert got == want


def test_timeml_escapes_markup(gold, tmp_path):
    from dataclasses import replace

    from benchmark.formats.timeml import document_tml

    doc = replace(gold.documents[0], text="a < b & c > d " + "x" * 10, timexes=())
    text, _, _ = read_tml(document_tml(doc))
    assert text == doc.text


def test_conll_tags_match_outermost_layer(gold, tmp_path):
    [path] = export_gold(gold, "conll", tmp_path)
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    assert blocks[0].startswith("# doc_id = 000_3de78dd80989a7ed\n")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    doc = gold.documents[0]
    toks = canonical_tokens(doc)
    assert [ln.split(" ")[0] for ln in lines] == [doc.text[s:e] for s, e in toks]
    tags = [ln.split(" ")[1] for ln in lines]
    chunks = {(toks[a][0], toks[b - 1][1], label) for a, b, label in decode(tags, mode="strict")}
    outer = {(e.start, e.end, e.type) for e in doc.entities
             if not e.optional and e.parent is None}
    assert chunks == outer
    assert len([b for b in blocks if b.strip()]) == 12  # one block per sentence


@pytest.mark.parametrize("fmt", ["hf", "parquet"])
def test_hf_export_reads_back(gold, tmp_path, fmt, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from datasets import load_dataset, load_from_disk

    cache = str(tmp_path.parent / f"{tmp_path.name}-hf-cache")  # never a stale shared cache
    export_gold(gold, fmt, tmp_path)
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "configs:" in card and "config_name: ner" in card
    ner = load_dataset("parquet", data_files={"test": str(tmp_path / "ner" / "test.parquet")},
                       cache_dir=cache)["test"]
    doc = gold.documents[0]
    names = ner.features["ner_tags"].feature.names
    assert names[:3] == ["O", "B-PERS", "I-PERS"]
    required = {(e.start, e.end, e.type) for e in doc.entities
                if not e.optional and e.parent is None}
    found = set()
    all_entities = []
    for row in ner:
        tags = [names[i] for i in row["ner_tags"]]
        for a, b, label in decode(tags, mode="strict"):
            found.add((row["token_starts"][a], row["token_ends"][b - 1], label))
        for s, e, tok in zip(row["token_starts"], row["token_ends"], row["tokens"]):
            assert doc.text[s:e] == tok
        all_entities += row["entities"]
    assert found == required
    assert [(e["id"], e["start"], e["end"], e["parent"]) for e in all_entities] == \
        [(e.id, e.start, e.end, e.parent) for e in doc.entities]
    # the card's configs load by name; the dct stays a string
    timex = load_dataset(str(tmp_path), "timex", cache_dir=cache)["test"]
    assert timex[0]["dct"] == "2017-11-19"
    assert [(t["start"], t["end"], t["value"]) for t in timex[0]["timexes"]] == \
        [(t.start, t.end, t.value) for t in doc.timexes]
    attribution = load_dataset(str(tmp_path), "attribution", cache_dir=cache)["test"]
    assert [a["kind"] for a in attribution[0]["attributions"]] == \
        [a.kind for a in doc.attributions]
    assert attribution[0]["attributions"][1]["source"][0]["text"] == "وكالة الأنباء السورية (سانا)"
    if fmt == "hf":
        disk = load_from_disk(str(tmp_path / "arrow" / "ner"))
        assert disk["test"].num_rows == ner.num_rows
    else:
        assert not (tmp_path / "arrow").exists()


def test_export_refuses_to_overwrite(gold, tmp_path):
    export_gold(gold, "jsonl", tmp_path)
    (tmp_path / "gold.jsonl").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        export_gold(gold, "jsonl", tmp_path)
    assert (tmp_path / "gold.jsonl").read_text(encoding="utf-8") == "mine"
    export_gold(gold, "jsonl", tmp_path, force=True)
    assert (tmp_path / "gold.jsonl").read_text(encoding="utf-8") != "mine"


def test_cli_export_and_stats(tmp_path):
    result = runner.invoke(app, ["export", "--format", "brat", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "000_3de78dd80989a7ed.ann").exists()
    result = runner.invoke(app, ["export", "--format", "brat", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "refusing to overwrite" in result.output
    result = runner.invoke(app, ["export", "--format", "xml", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "unknown --format 'xml'" in result.output
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    rows = {(r["layer"], r["type"]): r for r in data["rows"]}
    assert rows[("timexes", "DATE")]["mentions"] == 8
    assert sum(r["mentions"] for r in data["rows"] if r["layer"] == "entities") == 83
    assert data["tokens"] == 411 and data["sentences"] == 12


def test_no_temporary_files_left(gold, tmp_path):
    export_gold(gold, "hf", tmp_path)
    leftovers = [p for p in tmp_path.rglob(".*") if p.name.endswith(".tmp") or
                 p.name.startswith((".ner.", ".timex.", ".attribution."))]
    assert leftovers == []
