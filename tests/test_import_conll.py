"""``khabar import conll``: ANERcorp / CoNLL flat IOB → gold, and back to the same tags."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_e2e import check_end_to_end, check_ner_only_rules, khabar_import

from benchmark.formats.export import export_gold
from benchmark.gold.loader import load_gold
from benchmark.importers import CONLL_LABELS, Options, Report, read_sources, write_corpus
from benchmark.importers.conll import to_lines

# ANERcorp's layout and classes: TOKEN TAG, PERS / LOC / ORG / MISC.
ANER = """\
-DOCSTART- O

قال O
الرئيس O
الفلسطيني B-MISC
محمود B-PERS
عباس I-PERS
في O
رام B-LOC
الله I-LOC
إن O
الأمم B-ORG
المتحدة I-ORG
. O

وصل O
وفد O
من O
جامعة B-ORG
الدول I-ORG
العربية I-ORG
إلى O
القاهرة B-LOC
. O

-DOCSTART- O

بغداد B-LOC
دمشق B-LOC
"""
INVERSE = {"PERS": "PERS", "LOC": "LOC", "ORG": "ORG", "NORP": "MISC"}


def _lines_without_docstart(text: str) -> list[str]:
    """The token lines with one blank line after each sentence (what to_lines writes)."""
    out: list[str] = []
    for line in text.split("\n"):
        if line.startswith("-DOCSTART-") or (not line and (not out or not out[-1])):
            continue
        out.append(line)
    return out if not out or not out[-1] else out + [""]


def _write(tmp_path: Path, text: str, name: str = "aner.txt", **kw):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text(text, encoding="utf-8")
    options = Options(fmt="conll", dct="2024-01-01", **kw)
    report = Report()
    docs = read_sources("conll", [tmp_path / name], options, report)
    assert report.problems == []
    write_corpus(tmp_path / "out", docs, options)
    return load_gold(tmp_path / "out" / "gold")


def test_round_trip_gives_back_the_tags(tmp_path):
    gold = _write(tmp_path, ANER)
    assert [d.doc_id for d in gold] == ["aner-1", "aner-2"]
    back = [line for d in gold for line in to_lines(d, INVERSE)]
    assert back == _lines_without_docstart(ANER)


def test_mapping_onto_wojood_types(tmp_path):
    gold = _write(tmp_path, ANER)
    got = {(e.text, e.type, e.coarse) for d in gold for e in d.entities}
    assert ("محمود عباس", "PERS", "PER") in got
    assert ("رام الله", "LOC", "LOC") in got
    assert ("الأمم المتحدة", "ORG", "ORG") in got
    assert ("الفلسطيني", "NORP", "MISC") in got
    assert CONLL_LABELS == {"PER": "PERS", "PERS": "PERS", "PERSON": "PERS", "ORG": "ORG",
                            "LOC": "LOC", "MISC": "NORP"}
    # every default keeps the CoNLL class: the coarse view is exact
    from benchmark.core.inventory import COARSE_OF
    for source, fine in CONLL_LABELS.items():
        assert COARSE_OF[fine] == {"PERS": "PER", "PERSON": "PER"}.get(source, source)


def test_map_overrides_the_default(tmp_path):
    gold = _write(tmp_path, ANER, labels={"MISC": "EVENT", "LOC": "GPE"})
    types = {e.text: e.type for d in gold for e in d.entities}
    assert types["الفلسطيني"] == "EVENT" and types["القاهرة"] == "GPE"


def test_conll2003_columns_and_iob1(tmp_path):
    # CoNLL-2003 original layout: four columns, IOB1 (B- only between adjacent chunks)
    src = ("-DOCSTART- -X- -X- O\n\n"
           "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n"
           "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nJohn NNP I-NP B-PER\n\n")
    gold = _write(tmp_path, src, scheme="iob1")
    [doc] = gold.documents
    assert [(e.text, e.type) for e in doc.entities] == [
        ("EU", "ORG"), ("German", "NORP"), ("Peter Blackburn", "PERS"), ("John", "PERS")]
    tags = [line.split()[-1] for line in to_lines(doc, {"PERS": "PER", "NORP": "MISC"},
                                                  scheme="iob1") if line]
    assert tags == ["I-ORG", "O", "I-MISC", "I-PER", "I-PER", "B-PER"]


def test_reimports_khabars_own_conll_export(tmp_path, gold):
    """``khabar export --format conll`` writes fine types on canonical tokens: they
    come back as the outermost entities, their tokens joined by spaces."""
    from benchmark.core.iob import outermost
    from benchmark.core.tokenize import canonical_tokens

    [path] = export_gold(gold, "conll", tmp_path / "exp")
    options = Options(fmt="conll", dct="2024-01-01")
    report = Report()
    docs = read_sources("conll", [path], options, report)
    assert report.problems == [] and len(docs) == len(gold)
    for doc, original in zip(docs, gold):
        tokens = canonical_tokens(original)
        want = []
        for start, end, label in outermost([(e.start, e.end, e.type) for e in original.entities
                                            if not e.optional]):
            words = [original.text[a:b] for a, b in tokens if start <= a and b <= end]
            want.append((" ".join(words), label))
        assert [(e.text, e.type) for e in doc.entities] == want
        assert doc.text.split() == [original.text[a:b] for a, b in tokens]


def test_unclosed_and_unknown_tags_name_the_line(tmp_path):
    src = "محمد B-PERS\nفي O\nغزة I-LOC\nو O\nx B-WHAT\ny PERS\n"
    (tmp_path / "a.txt").write_text(src, encoding="utf-8")
    report = Report()
    read_sources("conll", [tmp_path / "a.txt"], Options(fmt="conll", dct="2024-01-01"), report)
    assert sorted(p.line for p in report.problems) == [3, 5, 6]
    text = "\n".join(map(str, report.problems))
    assert "a.txt:3: I-LOC" in text and "'WHAT'" in text and "'PERS'" in text


def test_cli_error_exit_1(tmp_path):
    (tmp_path / "a.txt").write_text("محمد I-PERS\n", encoding="utf-8")
    proc = khabar_import(tmp_path, "conll", "a.txt", "--out", "out", "--dct", "2024-01-01",
                         ok=False)
    assert proc.returncode == 1 and "a.txt:1: I-PERS" in proc.stdout


@pytest.mark.slow  # the shared import end-to-end sequence (6 subprocesses) again; conll keeps test_cli_error_exit_1 and the in-process round trips, import stays fast end to end in test_import_timeml.py, test_import_brat.py and test_import_wojood.py
def test_cli_end_to_end(tmp_path):
    (tmp_path / "aner.txt").write_text(ANER, encoding="utf-8")
    proc = khabar_import(tmp_path, "conll", "aner.txt", "--out", "out", "--dct", "2024-01-01")
    assert "imported 2 document(s)" in proc.stdout
    check_end_to_end(tmp_path, ("entities",))
    check_ner_only_rules(tmp_path)


@pytest.mark.parametrize("size,ids", [(1, ["aner-1", "aner-2", "aner-3"]), (5, ["aner-1", "aner-2"])])
def test_doc_size_within_docstart(tmp_path, size, ids):
    gold = _write(tmp_path, ANER, doc_size=size)
    assert [d.doc_id for d in gold] == ids
    assert [line for d in gold for line in to_lines(d, INVERSE)] == _lines_without_docstart(ANER)
