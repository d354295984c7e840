"""khabar robustness: extractors on the original gold and on seeded variants."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.gold.loader import load_gold
from benchmark.publish.robustness import robustness
from runners.registry import make_extractor

runner = CliRunner()


def test_table_shape_and_drops():
    gold = load_gold()
    table = robustness(gold, [("rules", make_extractor("rules")),
                              ("empty", make_extractor("empty"))],
                       kinds=("digits", "tatweel"), n=2, seed=3)
    assert table["kinds"] == ["digits", "tatweel"] and table["n"] == 2
    rows = {(r["system"], r["task"]): r for r in table["rows"]}
    assert set(rows) == {(s, t) for s in ("rules", "empty") for t in ("ner", "timex",
                                                                       "attribution")}
    for row in table["rows"]:
        for cell in row["cells"].values():
            assert len(cell["values"]) == 2
            assert cell["mean"] == sum(cell["values"]) / 2
            assert abs(cell["drop"] - (cell["mean"] - row["original"])) < 1e-12
            lo, hi = cell["ci"]
            assert lo <= cell["drop"] + 1e-12 and cell["drop"] <= hi + 1e-12
    # nothing found stays nothing found, whatever the text looks like
    assert all(c["mean"] == 0.0 for r in table["rows"] if r["system"] == "empty"
               for c in r["cells"].values())
    assert table["perturbations"]["digits"] == "digits@1(to=eastern)"


def test_oracle_bound_to_the_original_gold_fails_on_variants():
    gold = load_gold()
    table = robustness(gold, [("oracle", make_extractor("oracle", gold=gold))],
                       kinds=("digits",), n=1, seed=1)
    assert table["failures"] and table["failures"][0]["kind"] == "digits"
    assert "is not in the gold" in table["failures"][0]["reason"]


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
