"""TIMEX3 parity with TempEval-3 (``evaluate_entities.py``).

* values are compared as TE3 compares them: exact strings, by default; the
  canonicalising comparison is an option named in the signature;
* TE3's attribute F1s: ``value_f1`` and ``type_f1`` = attribute accuracy ×
  relaxed F1, in the JSON, the bootstrap and the tables.
"""

from __future__ import annotations

import json

import pytest
from scoring_helpers import doc, pred, tmx
from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.scoring.engine import score

runner = CliRunner()


def _timex(gold, preds, **kwargs):  # type: ignore[no-untyped-def]
    return score([doc(timexes=gold)], [pred(timexes=preds)], tasks=("timex",), bootstrap=0,
                 **kwargs)


# -- 3. exact value comparison -----------------------------------------------------------------

@pytest.mark.parametrize("value, exact, canonical", [
    ("P3D", 1, 1),
    ("p3d", 0, 1),       # TE3 compares strings: case matters
    (" P3D", 0, 1),
    ("P3 D", 0, 1),
    ("P72H", 0, 0),      # never rewritten, in either mode
])
def test_values_compared_raw_by_default(value, exact, canonical):
    gold = [tmx(0, 8, "DURATION", "P3D")]
    default = _timex(gold, [tmx(0, 8, "DURATION", value)])
    assert default.timex.value_ok == exact
    assert default.timex.value_accuracy == float(exact)
    assert _timex(gold, [tmx(0, 8, "DURATION", value)],
                  timex_values="exact").timex.value_ok == exact
    canon = _timex(gold, [tmx(0, 8, "DURATION", value)], timex_values="canonical")
    assert canon.timex.value_ok == canonical
    # the other counts do not depend on the value comparison
    assert default.timex.vector()[:5] == canon.timex.vector()[:5]


def test_value_comparison_is_in_the_signature():
    gold = [tmx(0, 8, "DURATION", "P3D")]
    exact = str(_timex(gold, [tmx(0, 8, "DURATION", "p3d")]).signature)
    canon = str(_timex(gold, [tmx(0, 8, "DURATION", "p3d")],
                       timex_values="canonical").signature)
    assert "|timex:te3|" in exact
    assert "|timex:te3,values=canonical|" in canon
    with pytest.raises(ValueError, match="expected one of exact, canonical"):
        _timex(gold, [], timex_values="upper")


def test_alternative_values_compared_the_same_way():
    from scoring_helpers import alt

    gold = [tmx(0, 8, "DATE", "2017-11-09", alts=[alt(type="DURATION", value="P1D")])]
    assert _timex(gold, [tmx(0, 8, "DURATION", "p1d")]).timex.value_ok == 0
    assert _timex(gold, [tmx(0, 8, "DURATION", "p1d")],
                  timex_values="canonical").timex.value_ok == 1


def test_cli_timex_values_option(tmp_path):
    from benchmark.gold.loader import load_gold

    seed = load_gold().documents[0]
    p3d = next(t for t in seed.timexes if t.value == "P3D")
    timexes = [{"start": t.start, "end": t.end, "type": t.type,
                "value": "p3d" if t is p3d else t.value} for t in seed.timexes]
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"doc_id": seed.doc_id, "timexes": timexes},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    results = {}
    for mode in ("exact", "canonical"):
        out = tmp_path / f"{mode}.json"
        args = ["score", f"file:{preds}", "--json", str(out), "--bootstrap", "0"]
        if mode == "canonical":
            args += ["--timex-values", "canonical"]
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
        results[mode] = json.loads(out.read_text(encoding="utf-8"))
    n = len(seed.timexes)
    assert results["exact"]["tasks"]["timex"]["value_accuracy"] == pytest.approx((n - 1) / n)
    assert results["canonical"]["tasks"]["timex"]["value_accuracy"] == 1.0
    assert "|timex:te3|" in results["exact"]["signature"]
    assert "|timex:te3,values=canonical|" in results["canonical"]["signature"]
    bad = runner.invoke(app, ["score", f"file:{preds}", "--timex-values", "lower"])
    assert bad.exit_code == 2 and "unknown --timex-values 'lower'" in bad.output


# -- 4. TE3's type attribute F1 ----------------------------------------------------------------

def _scenario(bootstrap: int = 0):  # type: ignore[no-untyped-def]
    # 4 gold, 5 predicted; 3 relaxed matches, 2 with the right type, 1 with the right value
    gold = [tmx(0, 8), tmx(20, 28), tmx(40, 48), tmx(60, 68)]
    preds = [tmx(0, 8), tmx(20, 28, "DATE", "2017"), tmx(41, 48, "TIME", "P1D"),
             tmx(80, 88), tmx(100, 108)]
    return score([doc(timexes=gold)], [pred(timexes=preds)], tasks=("timex",),
                 bootstrap=bootstrap)


def test_type_f1_is_type_accuracy_times_relaxed_f1():
    r = _scenario()
    t = r.timex
    assert (t.relaxed, t.type_ok, t.value_ok) == (3, 2, 1)
    relaxed_f1 = 2 * (3 / 5) * (3 / 4) / (3 / 5 + 3 / 4)
    assert t.type_f1 == pytest.approx(2 / 3 * relaxed_f1)
    assert t.value_f1 == pytest.approx(1 / 3 * relaxed_f1)
    assert t.metrics()["type_f1"] == t.type_f1
    data = r.to_dict()["tasks"]["timex"]
    assert data["type_f1"] == pytest.approx(2 / 3 * relaxed_f1)
    assert data["type_f1"] == pytest.approx(data["type_accuracy"] * data["relaxed"]["f1"])


def test_type_f1_is_bootstrapped():
    r = _scenario(bootstrap=200)
    lo, hi = r.to_dict()["bootstrap"]["intervals"]["timex.type_f1"]
    assert 0.0 <= lo <= r.timex.type_f1 <= hi <= 1.0


def test_type_f1_in_the_tables(tmp_path):
    from benchmark.gold.loader import load_gold
    from benchmark.publish.report import metric_rows
    from benchmark.scoring.results import Results

    seed = load_gold().documents[0]
    timexes = [{"start": t.start, "end": t.end, "type": "TIME" if i == 0 else t.type,
                "value": t.value} for i, t in enumerate(seed.timexes)]
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"doc_id": seed.doc_id, "timexes": timexes},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "r.json"
    done = runner.invoke(app, ["score", f"file:{preds}", "--json", str(out),
                               "--bootstrap", "20"])
    assert done.exit_code == 0, done.output
    row = next(line for line in done.output.splitlines() if "type_f1" in line)
    saved = json.loads(out.read_text(encoding="utf-8"))
    data = saved["tasks"]["timex"]
    assert f"{data['type_f1']:.4f}" in row
    assert data["type_f1"] < 1.0
    rows = metric_rows(Results.from_dict(saved), "timex")
    assert [r.metric for r in rows][-2:] == ["type_f1", "value_f1"]
    assert rows[-2].get("value") == data["type_f1"]
    # a file saved before khabar wrote type_f1 still has the counts it comes from
    legacy = {**saved, "tasks": {**saved["tasks"], "timex": {
        k: v for k, v in data.items() if k != "type_f1"}}}
    assert metric_rows(Results.from_dict(legacy), "timex")[-2].get("value") == data["type_f1"]
