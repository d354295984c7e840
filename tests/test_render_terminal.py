"""``khabar score``'s tables read the typed Results, never its results dict."""

from __future__ import annotations

import pytest
from rich.console import Console

from benchmark.gold.loader import load_gold
from benchmark.harness import evaluate
from benchmark.render.terminal import score_tables
from benchmark.scoring.results import Results
from benchmark.scoring.settings import DEFAULTS


def _text(tables) -> str:  # type: ignore[no-untyped-def]
    console = Console(record=True, width=200)
    for table in tables:
        console.print(table)
    return console.export_text()


def test_score_tables_never_turn_the_results_into_a_dict(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    results = evaluate("rules", load_gold().select("dev"), DEFAULTS.but(bootstrap=50)).results
    assert results is not None
    original = Results.to_dict

    def refuse(self, **kw):  # type: ignore[no-untyped-def]
        raise AssertionError("score_tables called Results.to_dict")

    monkeypatch.setattr(Results, "to_dict", refuse)
    text = _text(score_tables(results))
    monkeypatch.setattr(Results, "to_dict", original)
    # the figures are the results file's, the interval its bootstrap's
    data = results.to_dict(per_document=False)
    strict = data["tasks"]["ner"]["strict"]
    lo, hi = data["bootstrap"]["intervals"]["ner.strict.f1"]
    units = data["bootstrap"]["units"]
    assert (f"strict            │ {strict['precision']:.4f} │ {strict['recall']:.4f} │ "
            f"{strict['f1']:.4f}") in text
    assert f"[{lo:.3f}, {hi:.3f}] n={units} sentences" in text
    assert f"{data['tasks']['timex']['value_f1']:.4f}" in text
    assert f"{data['tasks']['attribution']['kind_accuracy']:.4f}" in text
    for title in ("NER (fine types)", "NER per fine type (strict", "TIMEX3 (TempEval-3)",
                  "Attribution", "NER per fine type, token view"):
        assert title in text
    assert "coarse CoNLL types" not in text


def test_a_saved_results_file_renders_the_same_tables() -> None:
    """A results file read back (Results.from_dict) draws what the run drew."""
    results = evaluate("rules", load_gold().select("dev"), DEFAULTS.but(bootstrap=20)).results
    assert results is not None
    again = Results.from_dict(results.to_dict())
    assert _text(score_tables(again)) == _text(score_tables(results))
