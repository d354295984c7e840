"""``khabar import brat``: ``.txt`` + ``.ann`` standoff → gold."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from import_e2e import check_end_to_end, check_ner_only_rules, khabar_import

from benchmark.formats.export import export_gold
from benchmark.formats.brat import document_ann
from benchmark.gold.loader import load_gold
from benchmark.importers import Options, Report, read_sources, write_corpus

TEXT = "قال سكرتير اللجنة القومية في نابلس إن وفدا من جامعة بيرزيت زار عمان.\n"


def _span(sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def _ann(rows: list[tuple[str, str]]) -> str:
    lines = []
    for i, (label, sub) in enumerate(rows, 1):
        s, e = _span(sub)
        lines.append(f"T{i}\t{label} {s} {e}\t{sub}")
    return "\n".join(lines) + "\n"


ROWS = [("OCC", "سكرتير اللجنة القومية"), ("ORG", "اللجنة القومية"), ("GPE", "نابلس"),
        ("ORG", "جامعة بيرزيت"), ("GPE", "بيرزيت"), ("GPE", "عمان")]


def _corpus(tmp_path: Path, ann: str, name: str = "doc1") -> Path:
    src = tmp_path / "brat"
    src.mkdir(exist_ok=True)
    (src / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    (src / f"{name}.ann").write_text(ann, encoding="utf-8")
    return src


def _read(src: Path, **kw) -> tuple[list, Report]:
    report = Report()
    docs = read_sources("brat", [src], Options(fmt="brat", dct="2024-01-01", **kw), report)
    return docs, report


def test_round_trip_of_spans_and_nesting(tmp_path):
    src = _corpus(tmp_path, _ann(ROWS))
    docs, report = _read(src)
    assert report.problems == []
    write_corpus(tmp_path / "out", docs, Options(fmt="brat", dct="2024-01-01"))
    [doc] = load_gold(tmp_path / "out" / "gold").documents
    assert doc.doc_id == "doc1" and doc.text == TEXT and doc.layers == ("entities",)
    assert (tmp_path / "out" / "texts" / "doc1.txt").read_bytes() == TEXT.encode("utf-8")
    assert sorted((e.id, e.type, e.text) for e in doc.entities) == sorted(
        (f"T{i}", label, sub) for i, (label, sub) in enumerate(ROWS, 1))
    parent = {e.id: e.parent for e in doc.entities}
    assert parent == {"T1": None, "T2": "T1", "T3": None, "T4": None, "T5": "T4", "T6": None}
    # back to brat: the same T lines
    assert [line for line in document_ann(doc).splitlines() if line.startswith("T")] == \
        sorted(_ann(ROWS).splitlines(), key=lambda x: int(x.split("\t")[0][1:]))


def test_discontinuous_spans_are_refused(tmp_path):
    s1, e1 = _span("سكرتير")
    s2, e2 = _span("نابلس")
    src = _corpus(tmp_path, f"T1\tOCC {s1} {e1};{s2} {e2}\tسكرتير نابلس\n")
    _, report = _read(src)
    [problem] = report.problems
    assert problem.line == 1 and "discontinuous" in problem.message
    assert problem.path.endswith("doc1.ann")


def test_unknown_labels_are_refused_with_the_list(tmp_path):
    src = _corpus(tmp_path, _ann([("Person", "عمان"), ("GPE", "نابلس")]))
    _, report = _read(src)
    [problem] = report.problems
    assert problem.line == 1 and "'Person'" in problem.message
    assert "PERS, NORP, OCC" in problem.message and "--map Person=" in problem.message
    docs, report = _read(src, labels={"Person": "PERS"})
    assert report.problems == [] and docs[0].entities[1].type == "PERS"


def test_span_text_is_checked(tmp_path):
    s, e = _span("نابلس")
    src = _corpus(tmp_path, f"T1\tGPE {s} {e}\tرام الله\n")
    _, report = _read(src)
    [problem] = report.problems
    assert problem.line == 1 and "نابلس" in problem.message


def test_crossing_entities_are_refused(tmp_path):
    s1, e1 = _span("القومية في نابلس")
    s2, e2 = _span("نابلس إن")
    src = _corpus(tmp_path, f"T1\tORG {s1} {e1}\t{TEXT[s1:e1]}\nT2\tGPE {s2} {e2}\t"
                            f"{TEXT[s2:e2]}\n")
    _, report = _read(src)
    [problem] = report.problems
    assert problem.line == 2 and "crosses" in problem.message and "(line 1)" in problem.message


def test_khabar_brat_export_comes_back(tmp_path, gold):
    """The bundled gold exported to brat (entities, TIMEX3, attribution) imports to
    the same annotations. One loss is the export's: the entity links of an
    attribution with an implicit (empty) source are not written."""
    export_gold(gold, "brat", tmp_path / "exp")
    docs, report = _read(tmp_path / "exp")
    assert report.problems == [] and len(docs) == len(gold)
    assert docs[0].layers == ("entities", "timexes", "attributions")
    for doc, original in zip(sorted(docs, key=lambda d: d.doc_id), gold):
        assert doc.text == original.text
        assert sorted(doc.entities, key=lambda e: e.id) == sorted(original.entities,
                                                                  key=lambda e: e.id)
        assert doc.timexes == list(original.timexes)
        implicit = [replace(a, source_entities=()) if not a.source else a
                    for a in original.attributions]
        assert doc.attributions == implicit


def test_missing_pair_and_dct(tmp_path):
    src = _corpus(tmp_path, _ann(ROWS))
    (src / "lonely.ann").write_text("", encoding="utf-8")
    _, report = _read(src)
    assert any("no .txt file" in p.message for p in report.problems)
    (src / "lonely.ann").unlink()
    proc = khabar_import(tmp_path, "brat", "brat", "--out", "out", ok=False)
    assert proc.returncode == 2 and "--dct" in proc.stderr


@pytest.mark.slow  # the shared import end-to-end sequence (6 subprocesses) again; brat keeps test_cli_end_to_end_all_layers
def test_cli_end_to_end(tmp_path):
    _corpus(tmp_path, _ann(ROWS))
    _corpus(tmp_path, _ann(ROWS[2:]), name="doc2")
    proc = khabar_import(tmp_path, "brat", "brat", "--out", "out", "--dct", "2024-01-01")
    assert "imported 2 document(s)" in proc.stdout
    check_end_to_end(tmp_path, ("entities",))
    check_ner_only_rules(tmp_path)


def test_cli_end_to_end_all_layers(tmp_path, gold):
    export_gold(gold, "brat", tmp_path / "exp")
    khabar_import(tmp_path, "brat", "exp", "--out", "out", "--dct", "2024-01-01")
    check_end_to_end(tmp_path, ("entities", "timexes", "attributions"))
