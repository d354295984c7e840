"""The bundled corpus and the job of growing it: add a document, and everything still works.

Every expectation about the bundled gold is read from the gold itself, never
typed in, so the suite stays green whatever documents ``gold/`` holds. The
added document is text written for this test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from khabar_cli import ROOT, assert_no_traceback, run

NEW_TEXT = ("عمّان 3 مارس 2019 / أعلنت وزارة الخارجية الأردنية اليوم الأحد أن الوزير أيمن الصفدي "
            "سيزور القاهرة الأسبوع المقبل.\n"
            "وقال المتحدث باسم الوزارة إن \"الزيارة تهدف إلى تعزيز التعاون بين البلدين\".")

NEW_SHEET = {
    "sheet_version": 1, "doc_id": "test-added-doc", "annotator": "test",
    "text_path": "seeds/added/test-added-doc.txt", "split": "dev",
    "layers": ["entities", "timexes", "attributions"], "dct": "2019-03-03",
    "gold_version": "9.9.9",
    "provenance": {"outlet": "written for the test suite", "dct_reason": "the dateline"},
    "entities": [
        {"at": "[[عمّان]] 3 مارس", "type": "GPE", "ref": "amman"},
        {"at": "عمّان [[3 مارس 2019]]", "type": "DATE"},
        {"at": "أعلنت [[وزارة الخارجية الأردنية]]", "type": "ORG", "ref": "mofa"},
        {"at": "[[اليوم الأحد]]", "type": "DATE"},
        {"at": "أن [[الوزير]] أيمن", "type": "OCC"},
        {"at": "[[أيمن الصفدي]]", "type": "PERS", "ref": "safadi"},
        {"at": "سيزور [[القاهرة]]", "type": "GPE", "ref": "cairo"},
        {"at": "[[الأسبوع المقبل]]", "type": "DATE"},
        {"at": "[[المتحدث باسم الوزارة]]", "type": "OCC"},
        {"at": "المتحدث باسم [[الوزارة]]", "type": "ORG", "ref": "mofa", "optional": True},
    ],
    "timexes": [
        {"at": "عمّان [[3 مارس 2019]]", "type": "DATE", "value": "2019-03-03"},
        {"at": "[[اليوم الأحد]]", "type": "DATE", "value": "2019-03-03", "anchor": "DCT"},
        {"at": "[[الأسبوع المقبل]]", "type": "DATE", "value": "2019-W10", "anchor": "DCT"},
    ],
    "attributions": [
        {"source": ["أعلنت [[وزارة الخارجية الأردنية]]"],
         "source_entities": ["أعلنت [[وزارة الخارجية الأردنية]]"],
         "cue": ["[[أعلنت]] وزارة"], "content": ["أن [[الوزير أيمن ... الأسبوع المقبل]]"],
         "kind": "indirect"},
        {"source": ["وقال [[المتحدث باسم الوزارة]]"],
         "source_entities": ["وقال [[المتحدث باسم الوزارة]]"],
         "cue": ["[[وقال]] المتحدث"], "content": ["إن [[\"الزيارة ... البلدين\"]]"],
         "kind": "direct"},
    ],
}


@pytest.fixture(scope="module")
def grown_corpus(tmp_path_factory) -> Path:
    """A copy of the bundled corpus (gold files + texts) with one document added
    the documented way: text in seeds/, a sheet compiled by ``khabar sheet compile``."""
    root = tmp_path_factory.mktemp("grown")
    (root / "gold").mkdir()
    for f in (ROOT / "gold").glob("*.json"):
        shutil.copy(f, root / "gold")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    (root / "seeds" / "added").mkdir()
    (root / "seeds" / "added" / "test-added-doc.txt").write_bytes(NEW_TEXT.encode("utf-8"))
    sheets = root / "gold" / "sheets"
    sheets.mkdir()
    (sheets / "test-added-doc.json").write_text(json.dumps(NEW_SHEET, ensure_ascii=False),
                                                encoding="utf-8")
    proc = run("sheet", "compile", str(sheets / "test-added-doc.json"), "--root", str(root))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "compiled" in proc.stdout and "10 entities, 3 timexes, 2 attributions" in proc.stdout
    return root


def _bundled():
    from benchmark.gold.loader import load_gold

    return load_gold(ROOT / "gold")


@pytest.mark.slow  # five subprocesses over a grown corpus; validate and stats stay fast end to end in test_validate_takes_a_split and test_bundled_stats_by_split_are_the_gold_counts, the grown corpus in process in test_the_added_document_is_resolved_and_scored_as_annotated
def test_adding_a_document_keeps_validate_stats_and_scoring_working(grown_corpus, tmp_path):
    bundled = _bundled()
    gold_dir = grown_corpus / "gold"
    proc = run("validate", str(gold_dir))
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"valid: {len(bundled) + 1} file(s), {len(bundled) + 1} document(s)" in proc.stdout

    stats = run("stats", "--gold", str(gold_dir), "--split", "dev", "--json")
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    dev = [d for d in bundled if d.split == "dev"]
    assert data["documents"] == len(dev) + 1
    assert {r["doc_id"] for r in data["per_document"]} == {d.doc_id for d in dev} | {"test-added-doc"}

    out = tmp_path / "oracle.json"
    score = run("score", "oracle", "--gold", str(gold_dir), "--split", "all", "--json", str(out),
                "--bootstrap", "50")
    assert score.returncode == 0, score.stdout + score.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["gold"]["documents"] == len(bundled) + 1
    assert results["gold"]["split"] == "all" and "|split:all|" in results["signature"]
    for path in (("ner", "strict", "f1"), ("timex", "value_f1"),
                 ("attribution", "relation", "strict", "f1")):
        node = results["tasks"]
        for key in path:
            node = node[key]
        assert node == 1.0, path
    assert results["per_document"]["test-added-doc"]["ner"]["strict"]["f1"] == 1.0

    rules = run("score", "rules", "--gold", str(gold_dir), "--split", "dev", "--bootstrap", "0")
    assert rules.returncode == 0, rules.stdout + rules.stderr
    assert_no_traceback(rules)


def test_the_added_document_is_resolved_and_scored_as_annotated(grown_corpus):
    from benchmark.gold.loader import load_gold
    from benchmark.predict.predictions import gold_as_prediction
    from benchmark.scoring.engine import score

    gold = load_gold(grown_corpus / "gold")
    doc = gold.get("test-added-doc")
    assert doc.text[doc.entities[0].start:doc.entities[0].end] == "عمّان"
    nested = [e for e in doc.entities if e.parent]
    assert [(e.text, doc.entity(e.parent).text) for e in nested] == [("الوزارة", "المتحدث باسم الوزارة")]
    a1 = doc.attributions[0]
    assert a1.content[0].text == "الوزير أيمن الصفدي سيزور القاهرة الأسبوع المقبل"
    # dropping one prediction from the new document lowers recall by exactly one mention
    preds = [gold_as_prediction(d) for d in gold]
    target = next(p for p in preds if p.doc_id == "test-added-doc")
    from dataclasses import replace
    preds[preds.index(target)] = replace(target, entities=target.entities[1:])
    res = score(gold, preds, tasks=("ner",), bootstrap=0)
    counts = res.ner["fine"].overall.modes[0]
    required = sum(1 for d in gold for e in d.entities if not e.optional)
    assert (counts.possible, counts.cor) == (required, required - 1)


def test_bundled_stats_by_split_are_the_gold_counts():
    bundled = _bundled()
    for split in bundled.splits:
        proc = run("stats", "--split", split, "--json")
        assert proc.returncode == 0, proc.stderr
        data = json.loads(proc.stdout)
        docs = [d for d in bundled if d.split == split]
        assert data["documents"] == len(docs)
        [row] = [r for r in data["splits"] if r["name"] == split]
        assert row["entities"] == sum(1 for d in docs for e in d.entities if not e.optional)
        assert row["timexes"] == sum(1 for d in docs for t in d.timexes if not t.optional)
        assert row["attributions"] == sum(1 for d in docs for a in d.attributions
                                          if not a.optional)


def test_every_bundled_document_declares_provenance_split_and_layers():
    for doc in _bundled():
        assert doc.split in ("dev", "test")
        assert doc.layers == ("entities", "timexes", "attributions")
        prov = doc.meta["provenance"]
        assert prov.get("outlet") and prov.get("dct_reason") and "TODO" not in prov["dct_reason"]
        if prov.get("corpus", "").startswith("ANT"):
            assert prov["citation"].startswith("A. Chouigui") and prov["url"].startswith("http")


@pytest.mark.slow  # three score subprocesses on the bundled gold; --split stays fast end to end in test_jobs_e2e.py (score/compare/check --split dev) and test_validate_takes_a_split
def test_split_option_selects_documents_and_is_in_the_signature(tmp_path):
    bundled = _bundled()
    for split in bundled.splits:
        out = tmp_path / f"{split}.json"
        proc = run("score", "oracle", "--split", split, "--json", str(out), "--bootstrap", "20",
                   "--task", "timex")
        assert proc.returncode == 0, proc.stderr
        data = json.loads(out.read_text(encoding="utf-8"))
        n = sum(1 for d in bundled if d.split == split)
        assert data["gold"]["documents"] == n and data["gold"]["split"] == split
        assert f"|split:{split}|" in data["signature"]
        expected_unit = "documents" if n >= 20 else "sentences"
        assert data["bootstrap"]["unit"] == expected_unit
        assert f"unit:{expected_unit[:3]}" in data["signature"]
    bad = run("score", "oracle", "--split", "train")
    assert bad.returncode == 2 and "--split must be dev, test, all or auto" in bad.stderr


@pytest.mark.slow  # khabar agreement over every double-annotated bundled document; khabar agreement stays fast end to end in test_agreement.py
def test_committed_agreement_figures_are_what_khabar_agreement_computes(tmp_path):
    committed = ROOT / "gold" / "annotators" / "AGREEMENT.json"
    proc = run("agreement", "gold/annotators/A", "gold/annotators/B", "--root", ".",
               "--json", str(tmp_path / "a.json"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == \
        committed.read_text(encoding="utf-8")
    data = json.loads(committed.read_text(encoding="utf-8"))
    bundled = {d.doc_id for d in _bundled() if d.doc_id != "000_3de78dd80989a7ed"}
    assert set(data["per_document"]) == bundled      # every article was double-annotated
    totals = data["total"]["values"]
    for key, target in (("entity_f1", 0.90), ("timex_extent_f1", 0.90), ("timex_value", 0.85),
                        ("cue_f1", 0.85), ("content_overlap", 0.85)):
        assert totals[key] >= target, key
    report = (ROOT / "gold" / "AGREEMENT.md").read_text(encoding="utf-8")
    assert f"{totals['entity_f1']:.3f}" in report and f"{len(bundled)} document(s)" in report


@pytest.mark.slow  # two whole-corpus runs (--split all) per extractor; byte-identical results for the same input stay fast in process (test_gate_dogfood.py)
@pytest.mark.parametrize("name", ["rules", "duckling", "dateparser"])
def test_results_are_byte_identical_whatever_the_hash_seed(name, tmp_path):
    """Reproducibility across processes: set iteration order (PYTHONHASHSEED) must
    never reach an extractor's output or a score. Compares bytes only."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.json"
        proc = run("score", name, "--split", "all", "--bootstrap", "50", "--json", str(out),
                   env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_validate_takes_a_split():
    bundled = _bundled()
    dev = bundled.select("dev")
    proc = run("validate", "--split", "dev")
    assert proc.returncode == 0, proc.stderr
    assert f"{len(bundled)} file(s), {len(dev)} document(s), gold {dev.label}" in proc.stdout


def test_every_gold_file_is_what_its_sheet_compiles_to():
    """Gold is code: each ``gold/<doc>.json`` (the seed aside, which has no sheet) is
    exactly the compilation of ``gold/sheets/<doc>.json``."""
    from benchmark.gold.sheet import compile_sheet

    sheets = sorted((ROOT / "gold" / "sheets").glob("*.json"))
    gold_files = {p.name for p in (ROOT / "gold").glob("*.json")} - {"000_3de78dd80989a7ed.json"}
    assert {p.name for p in sheets} == gold_files
    for sheet in sheets:
        target = ROOT / "gold" / sheet.name
        assert compile_sheet(sheet, ROOT, target) == json.loads(target.read_text(encoding="utf-8")), \
            sheet.name
