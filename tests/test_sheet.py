"""Annotation sheets: spans located by context strings, never by typed offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmark.gold.sheet import SheetError, boundary_problem, compile_sheet, find_context
from khabar_cli import assert_no_traceback, run

TEXT = ("قال الرئيس الأردني إن الأردن يرفض القرار. وقال الأردنيون إن الأردن لن يتراجع.\n"
        "ووفقا لوكالة الأنباء فإن الوزير سيزور بيروت.")


def _sheet(tmp_path: Path, **layers) -> Path:
    root = tmp_path
    (root / "seeds").mkdir(exist_ok=True)
    (root / "seeds" / "t.txt").write_bytes(TEXT.encode("utf-8"))
    sheet = {"sheet_version": 1, "doc_id": "t", "annotator": "x", "text_path": "seeds/t.txt",
             "split": "dev", "layers": ["entities", "timexes", "attributions"],
             "dct": "2019-01-01", "gold_version": "0.0.1", **layers}
    (root / "gold" / "sheets").mkdir(parents=True, exist_ok=True)
    path = root / "gold" / "sheets" / "t.json"
    path.write_text(json.dumps(sheet, ensure_ascii=False), encoding="utf-8")
    return path


def test_find_context_returns_the_bracketed_span_of_each_occurrence():
    found = find_context(TEXT, "[[الأردن]]")
    assert [o.start for o in found] == [i for i in range(len(TEXT)) if TEXT.startswith("الأردن", i)]
    assert len(found) == 4   # two words, and inside الأردني and الأردنيون
    [one] = find_context(TEXT, "إن [[الأردن]] يرفض")
    assert (one.start, one.end) == (TEXT.index("الأردن يرفض"), TEXT.index("الأردن يرفض") + 6)
    [gap] = find_context(TEXT, "إن [[الأردن ... القرار]].")
    assert gap.text == "الأردن يرفض القرار"
    with pytest.raises(ValueError):
        find_context(TEXT, "no brackets")
    with pytest.raises(ValueError):
        find_context(TEXT, "[[a]] [[b]]")


def test_compile_derives_offsets_coarse_and_parent(tmp_path):
    path = _sheet(tmp_path, entities=[
        {"at": "قال [[الرئيس الأردني]] إن", "type": "OCC"},
        {"at": "إن [[الأردن]] يرفض", "type": "GPE", "ref": "jordan"},
        {"at": "[[وكالة الأنباء]]", "type": "ORG", "alternatives": [{"at": "ووفقا [[لوكالة الأنباء]]"}]},
        {"at": "[[الوزير سيزور بيروت]]", "type": "OCC", "optional": True},
        {"at": "سيزور [[بيروت]]", "type": "GPE"},
    ], attributions=[{"source": ["قال [[الرئيس الأردني]]"], "cue": ["[[قال]] الرئيس"],
                      "content": ["إن [[الأردن يرفض القرار]]."], "kind": "indirect",
                      "source_entities": ["قال [[الرئيس الأردني]]"]}])
    data = compile_sheet(path, tmp_path, tmp_path / "gold" / "t.json")
    ents = {e["text"]: e for e in data["entities"]}
    assert ents["الأردن"]["coarse"] == "LOC" and ents["الرئيس الأردني"]["coarse"] is None
    assert ents["بيروت"]["parent"] == ents["الوزير سيزور بيروت"]["id"]
    assert ents["وكالة الأنباء"]["alternatives"][0]["text"] == "لوكالة الأنباء"
    for e in data["entities"]:
        assert TEXT[e["start"]:e["end"]] == e["text"]
    [a] = data["attributions"]
    assert a["source_entities"] == [ents["الرئيس الأردني"]["id"]]
    assert data["text_path"] == "../../seeds/t.txt" or data["text_path"].endswith("seeds/t.txt")


def test_compile_reports_every_bad_context_with_a_hint(tmp_path):
    path = _sheet(tmp_path, entities=[
        {"at": "[[الأردن]]", "type": "GPE"},                  # 4 times in the text
        {"at": "[[عمّان]]", "type": "GPE"},                   # absent
        {"at": "قال [[الرئيس]]", "type": "CITY"},             # bad type
    ])
    with pytest.raises(SheetError) as err:
        compile_sheet(path, tmp_path, tmp_path / "gold" / "t.json")
    text = "\n".join(err.value.problems)
    assert "occurs 4 times" in text and "lengthen the context" in text
    assert "does not occur in the text" in text
    assert "got 'CITY'; expected a Wojood type" in text


def test_boundary_warnings_allow_proclitics_and_refuse_cut_words():
    # ل|وكالة: after a proclitic, allowed; الأردن|يون: cuts a word
    assert boundary_problem(TEXT, TEXT.index("وكالة الأنباء")) is None
    cut = TEXT.index("الأردنيون") + len("الأردن")
    assert "cuts 'الأردنيون'" in boundary_problem(TEXT, cut)
    assert boundary_problem(TEXT, TEXT.index("الأردن يرفض")) is None


def test_sheet_commands_as_a_user_runs_them(tmp_path):
    path = _sheet(tmp_path, entities=[
        {"at": "وقال [[الأردن]]يون", "type": "NORP"},
        {"at": "إن [[الأردن]] يرفض", "type": "GPE"},
    ])
    proc = run("sheet", "compile", str(path), "--root", str(tmp_path))
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "warning:" in proc.stdout and "cuts 'الأردنيون'" in proc.stdout
    assert "compiled" in proc.stdout and (tmp_path / "gold" / "t.json").exists()
    strict = run("validate", str(tmp_path / "gold"), "--strict")
    assert strict.returncode == 1 and "1 warning(s)" in strict.stdout
    found = run("sheet", "find", str(tmp_path / "seeds" / "t.txt"), "الأردن")
    assert found.returncode == 1 and "4 occurrence(s)" in found.stdout
    unique = run("sheet", "find", str(tmp_path / "seeds" / "t.txt"), "إن [[الأردن]] يرفض")
    assert unique.returncode == 0 and "1 occurrence(s)" in unique.stdout


@pytest.mark.slow  # three more sheet subprocesses; khabar sheet stays fast end to end in test_sheet_commands_as_a_user_runs_them
def test_sheet_diff_lists_each_disagreement(tmp_path):
    a = _sheet(tmp_path, entities=[{"at": "إن [[الأردن]] يرفض", "type": "GPE"},
                                   {"at": "[[بيروت]]", "type": "GPE"}])
    run("sheet", "compile", str(a), "--root", str(tmp_path), "--out-dir", str(tmp_path / "A"))
    b = _sheet(tmp_path, entities=[{"at": "إن [[الأردن]] يرفض", "type": "ORG"},
                                   {"at": "[[الوزير]]", "type": "OCC"}])
    run("sheet", "compile", str(b), "--root", str(tmp_path), "--out-dir", str(tmp_path / "B"))
    proc = run("sheet", "diff", str(tmp_path / "A" / "t.json"), str(tmp_path / "B" / "t.json"),
               "--root", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    lines = [x for x in proc.stdout.splitlines() if x]
    assert lines[-1] == "3 difference(s)"
    assert any(x.startswith("differ:") and "type: A='GPE' B='ORG'" in x for x in lines)
    assert any(x.startswith("A only:") and "[[بيروت]]" in x for x in lines)
    assert any(x.startswith("B only:") and "[[الوزير]]" in x for x in lines)
