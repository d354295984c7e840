"""``khabar agreement``: every figure against a computation written independently here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar_cli import assert_no_traceback, run

TEXT = "قال وزير الخارجية الأردني أيمن الصفدي في عمّان الأحد إن الأردن يدعم الحوار بين الطرفين."


def _gold(tmp_path: Path, who: str, entities, timexes, attributions) -> Path:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "seeds" / "d.txt").write_bytes(TEXT.encode("utf-8"))
    out = tmp_path / "ann" / who
    out.mkdir(parents=True)

    def span(s):  # the first whole-word occurrence
        import re
        i = re.search(rf"(?<!\w){re.escape(s)}(?!\w)", TEXT).start()
        return {"start": i, "end": i + len(s), "text": s}

    doc = {"schema_version": 2, "gold_version": "0.1.0", "doc_id": "d", "language": "ar",
           "text_path": "../../seeds/d.txt",
           "sha256": __import__("hashlib").sha256(TEXT.encode()).hexdigest(),
           "dct": "2019-03-05", "split": "dev",
           "layers": ["entities", "timexes", "attributions"],
           "entities": [{"id": f"e{i}", **span(s), "type": t, "coarse": c, "parent": None,
                         "ref": None, "optional": opt, "alternatives": []}
                        for i, (s, t, c, opt) in enumerate(entities, 1)],
           "timexes": [{"id": f"t{i}", **span(s), "type": "DATE", "value": v, "anchor": "DCT",
                        "optional": False, "alternatives": []}
                       for i, (s, v) in enumerate(timexes, 1)],
           "attributions": [{"id": f"a{i}", "source": [span(src)], "source_entities": [],
                             "cue": [span(cue)], "content": [span(cont)], "kind": "indirect",
                             "optional": False}
                            for i, (src, cue, cont) in enumerate(attributions, 1)]}
    (out / "d.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


def test_agreement_figures_match_an_independent_computation(tmp_path):
    a = _gold(tmp_path, "A",
              [("وزير الخارجية الأردني", "OCC", None, False), ("أيمن الصفدي", "PERS", "PER", False),
               ("عمّان", "GPE", "LOC", False), ("الأحد", "DATE", None, False),
               ("الأردن", "GPE", "LOC", False)],
              [("الأحد", "2019-03-03")],
              [("وزير الخارجية الأردني أيمن الصفدي", "قال", "الأردن يدعم الحوار بين الطرفين")])
    b = _gold(tmp_path, "B",
              [("وزير الخارجية", "OCC", None, False), ("أيمن الصفدي", "PERS", "PER", False),
               ("عمّان", "LOC", "LOC", True), ("الأحد", "DATE", None, False),
               ("الأردن", "GPE", "LOC", False), ("الطرفين", "NORP", "MISC", False)],
              [("الأحد", "2019-03-04")],
              [("أيمن الصفدي", "قال", "الأردن يدعم الحوار")])
    out_md = tmp_path / "AGREEMENT.md"
    out_json = tmp_path / "agreement.json"
    proc = run("agreement", str(a), str(b), "--root", str(tmp_path), "--out", str(out_md),
               "--json", str(out_json))
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    values = json.loads(out_json.read_text(encoding="utf-8"))["total"]["values"]

    # entities, strict span + fine type: A has 5, B has 6; matches: الصفدي, الأحد, الأردن
    assert abs(values["entity_f1"] - 2 * 3 / (5 + 6)) < 1e-12
    # required only: B's optional عمّان is dropped from both sides -> A 4, B 5, 3 matches
    assert abs(values["entity_f1_required"] - 2 * 3 / (4 + 5)) < 1e-12
    # TIMEX3: same extent, different value
    assert values["timex_extent_f1"] == 1.0 and values["timex_value"] == 0.0
    # attribution: same cue; overlap F1 of the source and content character spans
    assert values["cue_f1"] == 1.0
    src_a, src_b = len("وزير الخارجية الأردني أيمن الصفدي"), len("أيمن الصفدي")
    assert abs(values["source_overlap"] - 2 * src_b / (src_a + src_b)) < 1e-9
    cont_a, cont_b = len("الأردن يدعم الحوار بين الطرفين"), len("الأردن يدعم الحوار")
    assert abs(values["content_overlap"] - 2 * cont_b / (cont_a + cont_b)) < 1e-9

    # Cohen's kappa on IOB2 token labels, computed here by hand over the same tokens
    from sklearn.metrics import cohen_kappa_score

    from benchmark.gold.loader import load_gold
    from benchmark.core.iob import encode, outermost
    from benchmark.core.tokenize import tokenize

    [da] = load_gold(a, root=tmp_path).documents
    [db] = load_gold(b, root=tmp_path).documents
    bounds = {x for d in (da, db) for e in d.entities for x in (e.start, e.end)}
    tokens = tokenize(TEXT, bounds)
    la = encode(tokens, outermost([(e.start, e.end, e.type) for e in da.entities]))
    lb = encode(tokens, outermost([(e.start, e.end, e.type) for e in db.entities]))
    observed = sum(x == y for x, y in zip(la, lb)) / len(la)
    labels = set(la) | set(lb)
    chance = sum((la.count(t) / len(la)) * (lb.count(t) / len(lb)) for t in labels)
    assert abs(values["kappa"] - (observed - chance) / (1 - chance)) < 1e-9
    assert abs(values["kappa"] - cohen_kappa_score(la, lb)) < 1e-9

    report = out_md.read_text(encoding="utf-8")
    assert "| **all** |" in report and "`d`" in report and "Below target:" in report
    # the report is never silently replaced
    again = run("agreement", str(a), str(b), "--root", str(tmp_path), "--out", str(out_md))
    assert again.returncode == 2 and "exist" in again.stderr


@pytest.mark.slow  # three more agreement subprocesses; khabar agreement stays fast in test_agreement_figures_match_an_independent_computation
def test_identical_annotations_agree_perfectly_and_swapping_is_symmetric(tmp_path):
    ents = [("أيمن الصفدي", "PERS", "PER", False), ("الأردن", "GPE", "LOC", False)]
    a = _gold(tmp_path, "A", ents, [("الأحد", "2019-03-03")], [])
    b = _gold(tmp_path, "B", ents[:1], [("الأحد", "2019-03-03")], [])
    ab = run("agreement", str(a), str(b), "--root", str(tmp_path), "--json", "-")
    ba = run("agreement", str(b), str(a), "--root", str(tmp_path), "--json", "-")
    aa = run("agreement", str(a), str(a), "--root", str(tmp_path), "--json", "-")
    vab = json.loads(ab.stdout)["total"]["values"]
    vba = json.loads(ba.stdout)["total"]["values"]
    vaa = json.loads(aa.stdout)["total"]["values"]
    for key in ("entity_f1", "kappa", "timex_extent_f1", "timex_value"):
        assert abs(vab[key] - vba[key]) < 1e-12, key
        assert vaa[key] == 1.0, key
    assert abs(vab["entity_f1"] - 2 * 1 / 3) < 1e-12
    assert vaa["cue_f1"] is None     # no attributions on either side: not defined
