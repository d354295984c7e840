"""khabar robustness: extractors on the original gold and on seeded variants."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.gold.loader import load_gold
from benchmark.publish.robustness import robustness
from benchmark.render.model import (HeadlineColumn, RobustnessCell, RobustnessReport,
                                    RobustnessRow, RunFailure)
from benchmark.render.robustness import render_markdown
from runners.registry import make_extractor

runner = CliRunner()


def test_table_shape_and_drops():
    gold = load_gold()
    report = robustness(gold, [("rules", make_extractor("rules")),
                               ("empty", make_extractor("empty"))],
                        kinds=("digits", "tatweel"), n=2, seed=3)
    assert isinstance(report, RobustnessReport)
    assert report.kinds == ("digits", "tatweel") and report.n == 2 and report.ok
    rows = {(r.system, r.task): r for r in report.rows}
    assert set(rows) == {(s, t) for s in ("rules", "empty") for t in ("ner", "timex",
                                                                       "attribution")}
    for row in report.rows:
        assert [kind for kind, _ in row.cells] == ["digits", "tatweel"]
        for _, cell in row.cells:
            assert len(cell.values) == 2
            assert cell.mean == sum(cell.values) / 2
            assert abs(cell.drop - (cell.mean - row.original)) < 1e-12
            assert cell.ci is not None
            lo, hi = cell.ci
            assert lo <= cell.drop + 1e-12 and cell.drop <= hi + 1e-12
    # nothing found stays nothing found, whatever the text looks like
    assert all(c.mean == 0.0 for r in report.rows if r.system == "empty" for _, c in r.cells)
    assert dict(report.perturbations)["digits"] == "digits@1(to=eastern)"
    # robustness.json is the report's one to_json, field by field
    data = json.loads(report.to_json())
    assert data["kinds"] == ["digits", "tatweel"] and data["failures"] == []
    assert data["headline"]["ner"] == "tasks.ner.strict.f1"
    first = data["rows"][0]
    cell = first["cells"]["digits"]
    assert set(cell) == {"values", "mean", "original", "drop", "ci", "failed"}
    assert cell["mean"] == report.rows[0].cell("digits").mean


def test_oracle_bound_to_the_original_gold_fails_on_variants():
    gold = load_gold()
    report = robustness(gold, [("oracle", make_extractor("oracle", gold=gold))],
                        kinds=("digits",), n=1, seed=1)
    assert not report.ok and report.failures[0].kind == "digits"
    assert "is not in the gold" in report.failures[0].reason
    # every variant failed: the cell has no value and no interval, and shows "failed"
    cell = report.rows[0].cell("digits")
    assert cell is not None and cell.values == () and cell.mean is None and cell.ci is None
    assert json.loads(report.to_json())["rows"][0]["cells"]["digits"]["ci"] == [None, None]
    assert "| failed |" in render_markdown(report)


def test_markdown_from_a_hand_built_report():
    """The renderer takes the typed report: a coarse row, a point cell (n=1), an
    escaped failure reason."""
    report = RobustnessReport(
        gold="g", seed=4, n=1, kinds=("digits",), perturbations=(("digits", "digits@1"),),
        headline=(HeadlineColumn("ner", "NER", "tasks.ner.strict.f1"),),
        rows=(RobustnessRow("a|b", "ner", 0.5, (("digits", RobustnessCell((0.25,), 0.5, 0,
                                                                          (-0.25, -0.25))),),
                            path="tasks.ner.coarse.strict.f1"),),
        failures=(RunFailure("a|b", "digits", "bad *answer*"),))
    md = render_markdown(report)
    assert "| `a\\|b` | tasks.ner.coarse.strict.f1 (coarse) | 0.500 | 0.250 (-0.250) |" in md
    assert "seeds 4…4" in md and "- `digits`: `digits@1`" in md
    assert "bad \\*answer\\*" in md


def test_cli_writes_reports(tmp_path):
    result = runner.invoke(app, ["robustness", "rules", "--kinds", "digits,orthography(p=0.3)",
                                 "--n", "2", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "robustness.md").read_text(encoding="utf-8")
    assert "| `rules` | tasks.ner.strict.f1 |" in md and "orthography@1(p=0.3)" in md
    data = json.loads((tmp_path / "robustness.json").read_text(encoding="utf-8"))
    assert data["kinds"] == ["digits", "orthography(p=0.3)"]
    again = runner.invoke(app, ["robustness", "rules", "--kinds", "digits", "--n", "1",
                                "--out", str(tmp_path)])
    assert again.exit_code == 0
    (tmp_path / "robustness.md").write_text("mine", encoding="utf-8")
    refused = runner.invoke(app, ["robustness", "rules", "--kinds", "digits", "--n", "1",
                                  "--out", str(tmp_path)])
    assert refused.exit_code == 2 and "refusing to overwrite" in refused.output
    bad = runner.invoke(app, ["robustness", "rules", "--kinds", "spelling"])
    assert bad.exit_code == 2 and "unknown perturbation kind 'spelling'" in bad.output
