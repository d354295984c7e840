"""Each export is read back and compared with the gold."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.formats.export import export_gold
from benchmark.core.files import OutputExistsError
from benchmark.formats.brat import read_ann
from benchmark.formats.timeml import read_tml
from benchmark.core.iob import decode
from benchmark.core.tokenize import canonical_tokens

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
    assert blocks[0] == "-DOCSTART- -X- -X- O"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("-DOCSTART-")]
    doc = gold.documents[0]
    toks = canonical_tokens(doc)
    assert [ln.split(" ")[0] for ln in lines] == [doc.text[s:e] for s, e in toks]
    tags = [ln.split(" ")[3] for ln in lines]
    chunks = {(toks[a][0], toks[b - 1][1], label) for a, b, label in decode(tags, mode="strict")}
    outer = {(e.start, e.end, e.type) for e in doc.entities
             if not e.optional and e.parent is None}
    assert chunks == outer
    assert len([b for b in blocks[1:] if b.strip()]) == 12  # one block per sentence


@pytest.mark.parametrize("fmt", ["hf", "parquet"])
def test_hf_export_reads_back(gold, tmp_path, fmt, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from datasets import load_dataset, load_from_disk

    cache = str(tmp_path.parent / f"{tmp_path.name}-hf-cache")  # never a stale shared cache
    export_gold(gold, fmt, tmp_path)
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "configs:" in card and "config_name: ner" in card
    # the seed is a dev document: every config has a dev split and nothing else
    assert not list(tmp_path.glob("*/test.parquet"))
    ner = load_dataset("parquet", data_files={"dev": str(tmp_path / "ner" / "dev.parquet")},
                       cache_dir=cache)["dev"]
    assert set(ner["outlet"]) == {"wire"}
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
    timex = load_dataset(str(tmp_path), "timex", cache_dir=cache)["dev"]
    assert timex[0]["dct"] == "2017-11-19"
    assert [(t["start"], t["end"], t["value"]) for t in timex[0]["timexes"]] == \
        [(t.start, t.end, t.value) for t in doc.timexes]
    attribution = load_dataset(str(tmp_path), "attribution", cache_dir=cache)["dev"]
    assert [a["kind"] for a in attribution[0]["attributions"]] == \
        [a.kind for a in doc.attributions]
    assert attribution[0]["attributions"][1]["source"][0]["text"] == "وكالة الأنباء السورية (سانا)"
    if fmt == "hf":
        disk = load_from_disk(str(tmp_path / "arrow" / "ner"))
        assert list(disk) == ["dev"] and disk["dev"].num_rows == ner.num_rows
    else:
        assert not (tmp_path / "arrow").exists()


def test_cli_exports_brat_timeml_and_hf_as_a_user_runs_them(gold, seed_only_default_gold,
                                                             tmp_path):
    """``khabar export`` as a subprocess for the formats no other fast test exports end
    to end (conll: test_jobs_e2e.py, jsonl: test_file_formats_more.py): the brat and
    TimeML files read back to the gold, and hf writes each config's parquet and card
    (read back with ``datasets`` in test_hf_export_reads_back)."""
    from khabar_cli import assert_no_traceback, run

    for fmt in ("brat", "timeml", "hf"):
        proc = run("export", "--format", fmt, "--gold", str(seed_only_default_gold), "--out",
                   str(tmp_path / fmt), env=_hf_offline(tmp_path))
        assert_no_traceback(proc)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    [doc] = gold.documents
    text = (tmp_path / "brat" / f"{doc.doc_id}.txt").read_text(encoding="utf-8")
    assert text == doc.text
    back = read_ann(text, (tmp_path / "brat" / f"{doc.doc_id}.ann").read_text(encoding="utf-8"))
    assert (tuple(back["entities"]), tuple(back["timexes"]), tuple(back["attributions"])) == \
        (doc.entities, doc.timexes, doc.attributions)
    tml, dct, timexes = read_tml((tmp_path / "timeml" / f"{doc.doc_id}.tml").read_text(
        encoding="utf-8"))
    assert tml == doc.text and dct == doc.dct
    assert [(t.id, t.start, t.end, t.value) for t in timexes] == \
        [(t.id, t.start, t.end, t.value) for t in doc.timexes]
    hf = tmp_path / "hf"
    assert sorted(p.relative_to(hf).as_posix() for p in hf.glob("*/*.parquet")) == [
        "attribution/dev.parquet", "ner/dev.parquet", "timex/dev.parquet"]
    assert "config_name: ner" in (hf / "README.md").read_text(encoding="utf-8")


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


# -- the Hugging Face export of a corpus with both splits -----------------------------
#
# Two documents written for these tests join the seed (a ``dev`` document): a ``test``
# document annotated for every layer and a ``test`` document annotated for entities and
# TIMEX3 only. Every offset is computed with ``str.index``.

TINY_LICENCE = "tiny test corpus licence: for the khabar test suite only"
TINY_CITATION = ("K. Tester, \"A Tiny Arabic Test Corpus\", Proceedings of Nowhere 1(1), "
                 "2024, doi:10.0000/tiny; https://example.org/tiny")
MEASURING_ONLY = ("The `test` split is for measuring only: no rule, list or prompt may be "
                  "developed on it.")

CAIRO_TEXT = ("القاهرة 5 مارس 2018 - قال وزير الخارجية سامح شكري اليوم إن المحادثات "
              "ستستأنف في عمان.\nوأضاف أن الوفد سيصل يوم الخميس.")
BEIRUT_TEXT = ("بيروت 6 مارس 2018 - افتتح معرض الكتاب في بيروت أمس بمشاركة ناشرين من "
               "لبنان وسوريا.")


def _at(text: str, needle: str, after: str = "") -> tuple[int, int]:
    """Offsets of ``needle`` (its first occurrence after ``after``, when given)."""
    start = text.index(needle, text.index(after) + len(after) if after else 0)
    return start, start + len(needle)


def _entity(text, ident, needle, typ, coarse, *, after="", ref=None, optional=False):
    start, end = _at(text, needle, after)
    return {"id": ident, "start": start, "end": end, "text": text[start:end], "type": typ,
            "coarse": coarse, "parent": None, "ref": ref, "optional": optional,
            "alternatives": []}


def _timex(text, ident, needle, value, *, anchor=None):
    start, end = _at(text, needle)
    return {"id": ident, "start": start, "end": end, "text": text[start:end], "type": "DATE",
            "value": value, "anchor": anchor, "optional": False, "alternatives": []}


def _span(text, needle):
    start, end = _at(text, needle)
    return {"start": start, "end": end, "text": text[start:end]}


def _write_doc(root, doc_id, text, *, split, layers, provenance, dct, entities=(),
               timexes=(), attributions=()):
    import hashlib

    (root / "seeds" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    record = {
        "schema_version": 2, "gold_version": "1.0.0", "doc_id": doc_id, "language": "ar",
        "text_path": f"../seeds/{doc_id}.txt",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "dct": dct,
        "split": split, "layers": list(layers), "provenance": provenance,
        "entities": list(entities), "timexes": list(timexes),
        "attributions": list(attributions),
    }
    path = root / "gold" / f"{doc_id}.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def two_split_gold(gold_copy):
    """The seed (dev, outlet ``wire``) plus two test documents of the tiny corpus: one
    from ``wire`` with every layer, one without an outlet and without attributions."""
    gold_copy.write()
    t = CAIRO_TEXT
    shoukry = _entity(t, "e4", "سامح شكري", "PERS", "PER", ref="shoukry")
    tiny = {"corpus": "tiny test corpus", "licence": TINY_LICENCE, "citation": TINY_CITATION}
    _write_doc(
        gold_copy.root, "tiny-cairo-20180305", t, split="test",
        layers=["entities", "timexes", "attributions"], dct="2018-03-05",
        provenance={**tiny, "outlet": "wire", "docno": "tiny-cairo-20180305",
                    "title": "المحادثات ستستأنف", "url": "https://example.org/tiny/cairo"},
        entities=[
            _entity(t, "e1", "القاهرة", "GPE", "LOC", ref="cairo"),
            _entity(t, "e2", "5 مارس 2018", "DATE", None),
            _entity(t, "e3", "وزير الخارجية", "OCC", None, optional=True),
            shoukry,
            _entity(t, "e5", "اليوم", "DATE", None),
            _entity(t, "e6", "عمان", "GPE", "LOC", ref="amman"),
            _entity(t, "e7", "يوم الخميس", "DATE", None),
        ],
        timexes=[_timex(t, "t1", "5 مارس 2018", "2018-03-05"),
                 _timex(t, "t2", "اليوم", "2018-03-05", anchor="DCT"),
                 _timex(t, "t3", "يوم الخميس", "2018-03-08", anchor="DCT")],
        attributions=[{"id": "a1", "source": [_span(t, "وزير الخارجية سامح شكري")],
                       "source_entities": ["e4"], "cue": [_span(t, "قال")],
                       "content": [_span(t, "المحادثات ستستأنف في عمان")],
                       "kind": "indirect", "optional": False}],
    )
    b = BEIRUT_TEXT
    _write_doc(
        gold_copy.root, "tiny-beirut-20180306", b, split="test",
        layers=["entities", "timexes"], dct="2018-03-06",
        provenance={**tiny, "docno": "tiny-beirut-20180306"},
        entities=[
            _entity(b, "e1", "بيروت", "GPE", "LOC", ref="beirut"),
            _entity(b, "e2", "6 مارس 2018", "DATE", None),
            _entity(b, "e3", "معرض الكتاب", "EVENT", "MISC"),
            _entity(b, "e4", "بيروت", "GPE", "LOC", after="في ", ref="beirut"),
            _entity(b, "e5", "أمس", "DATE", None),
            _entity(b, "e6", "لبنان", "GPE", "LOC"),
            _entity(b, "e7", "سوريا", "GPE", "LOC"),
        ],
        timexes=[_timex(b, "t1", "6 مارس 2018", "2018-03-06"),
                 _timex(b, "t2", "أمس", "2018-03-05", anchor="DCT")],
    )
    return gold_copy


def _expected_sizes(gold_dir):
    """Per split: documents, sentences, tokens and required mentions, from the gold JSON
    (sentences and tokens from the canonical tokenizer)."""
    from benchmark import load_gold
    from benchmark.core.tokenize import canonical_sentences

    docs = {d.doc_id: d for d in load_gold(gold_dir)}
    sizes = {}
    for path in sorted(gold_dir.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        doc = docs[record["doc_id"]]
        row = sizes.setdefault(record["split"], [0] * 6)
        required = [sum(not x["optional"] for x in record[layer])
                    for layer in ("entities", "timexes", "attributions")]
        for i, n in enumerate([1, len(canonical_sentences(doc)), len(canonical_tokens(doc)),
                               *required]):
            row[i] += n
    return sizes, docs


def _hf_offline(tmp_path):
    return {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1",
            "HF_HOME": str(tmp_path / "hf-home")}


@pytest.mark.slow  # an hf export subprocess (imports datasets); export stays fast end to end in test_file_formats_more.py::test_export_jsonl_scores_one and the hf format in process in test_hf_export_reads_back
def test_hf_export_has_the_gold_splits(two_split_gold, tmp_path, monkeypatch):
    from khabar_cli import assert_no_traceback, run

    for key, value in _hf_offline(tmp_path).items():
        monkeypatch.setenv(key, value)
    from datasets import load_dataset, load_from_disk

    gold_dir = two_split_gold.gold_dir
    out = tmp_path / "export"
    proc = run("export", "--format", "hf", "--gold", str(gold_dir), "--out", str(out))
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    sizes, docs = _expected_sizes(gold_dir)
    assert sorted(sizes) == ["dev", "test"]
    seed, beirut, cairo = "000_3de78dd80989a7ed", "tiny-beirut-20180306", "tiny-cairo-20180305"
    split_docs = {"dev": [seed], "test": [beirut, cairo]}  # rows follow the doc_id order
    with_attributions = {"dev": [seed], "test": [cairo]}
    assert sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.parquet")) == [
        "attribution/dev.parquet", "attribution/test.parquet", "ner/dev.parquet",
        "ner/test.parquet", "timex/dev.parquet", "timex/test.parquet"]

    cache = str(tmp_path / "cache")
    for split in ("dev", "test"):
        ner = load_dataset(str(out), "ner", split=split, cache_dir=cache)
        timex = load_dataset(str(out), "timex", split=split, cache_dir=cache)
        attribution = load_dataset(str(out), "attribution", split=split, cache_dir=cache)
        assert "split" not in ner.column_names
        assert sorted(set(ner["doc_id"])) == split_docs[split]
        assert ner.num_rows == sizes[split][1]  # one row per sentence
        assert timex["doc_id"] == split_docs[split]
        # a document whose layers exclude attributions is not in the attribution config
        assert attribution["doc_id"] == with_attributions[split]
        for config in (ner, timex, attribution):
            assert dict(zip(config["doc_id"], config["outlet"])) == {
                d: str(docs[d].meta["provenance"].get("outlet", "")) for d in config["doc_id"]}
    test_ner = load_dataset(str(out), "ner", split="test", cache_dir=cache)
    assert {r["doc_id"]: r["outlet"] for r in test_ner} == {beirut: "", cairo: "wire"}
    first = next(r for r in test_ner if r["doc_id"] == cairo)
    assert first["tokens"][0] == "القاهرة"
    assert [(e["start"], e["text"]) for e in first["entities"]][:2] == [
        (0, "القاهرة"), (CAIRO_TEXT.index("5 مارس"), "5 مارس 2018")]

    disk = load_from_disk(str(out / "arrow" / "ner"))
    assert list(disk) == ["dev", "test"]
    assert disk["dev"].num_rows == sizes["dev"][1] and disk["test"].num_rows == sizes["test"][1]
    assert load_from_disk(str(out / "arrow" / "attribution"))["test"]["doc_id"] == [cairo]

    card = (out / "README.md").read_text(encoding="utf-8")
    for config in ("ner", "timex", "attribution"):
        assert (f"- config_name: {config}\n  data_files:\n"
                f"  - split: dev\n    path: {config}/dev.parquet\n"
                f"  - split: test\n    path: {config}/test.parquet\n") in card
    for split, row in sizes.items():
        assert f"| {split} | " + " | ".join(map(str, row)) + " |" in card
    assert sizes["test"][0] == 2 and sizes["test"][5] == 1  # beirut has no attribution
    assert "| wire | 1 | 1 | 2 |" in card and "| (none) | 0 | 1 | 1 |" in card
    # one entry per distinct licence and citation, quoted from the provenance
    assert card.count(TINY_CITATION) == 1 and card.count(TINY_LICENCE) == 1
    assert "- documents: 2 (test 2)" in card
    assert docs[seed].meta["provenance"]["licence"] in card
    assert MEASURING_ONLY in card
    assert "No agreement file was found" in card and "| figure | value |" not in card


FAKE_AGREEMENT = {
    "a": "gold/annotators/A", "b": "gold/annotators/B",
    "total": {"values": {"entity_f1": 0.9123, "entity_f1_required": 0.93, "kappa": 0.8771,
                         "timex_extent_f1": 0.95, "timex_relaxed_f1": 0.97,
                         "timex_value": 0.888, "cue_f1": 0.8, "source_overlap": None,
                         "content_overlap": 0.8612},
              "sizes": {"entities": [10, 11], "timexes": [3, 3], "attributions": [1, 1]}},
    "per_document": {"tiny-cairo-20180305": {}, "tiny-beirut-20180306": {}},
    "only_a": [], "only_b": [],
}
AGREEMENT_ROWS = ("| entity F1 | 0.912 | ≥ 0.90 |", "| entity F1 (required) | 0.930 | — |",
                  "| token κ | 0.877 | — |", "| TIMEX3 extent F1 | 0.950 | ≥ 0.90 |",
                  "| value agreement | 0.888 | ≥ 0.85 |", "| cue F1 | 0.800 | ≥ 0.85 |",
                  "| source overlap | — | — |", "| content overlap | 0.861 | ≥ 0.85 |")


@pytest.mark.slow  # another parquet export subprocess; export stays fast end to end in test_file_formats_more.py::test_export_jsonl_scores_one
def test_hf_card_reports_agreement_json(two_split_gold, tmp_path):
    """``annotators/AGREEMENT.json`` under the gold directory (never a gold file itself):
    its corpus totals are a table of the card, and the gold still loads."""
    from khabar_cli import assert_no_traceback, run

    gold_dir = two_split_gold.gold_dir
    (gold_dir / "annotators").mkdir(exist_ok=True)
    (gold_dir / "annotators" / "AGREEMENT.json").write_text(json.dumps(FAKE_AGREEMENT),
                                                           encoding="utf-8")
    out = tmp_path / "export"
    proc = run("export", "--format", "parquet", "--gold", str(gold_dir), "--out", str(out),
               env=_hf_offline(tmp_path))
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "No agreement file was found" not in card
    assert "| figure | value | target |" in card and "2 document(s) annotated by both" in card
    for row in AGREEMENT_ROWS:
        assert row in card
    assert MEASURING_ONLY in card and card.count(TINY_CITATION) == 1


def test_hf_card_without_files(gold):
    """A gold set naming no file (built in memory) still has a card."""
    from dataclasses import replace

    from benchmark.formats.hf import card

    text = card(replace(gold, files=()), {"ner": {"dev": 12}})
    assert "No agreement file was found" in text and "| ner | 12 (1 doc.) |" in text
    assert "config_name: timex" not in text and MEASURING_ONLY in text
