"""khabar compare tables/formats and khabar leaderboard's report files."""

from __future__ import annotations

from benchmark import __version__

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.render.markdown import render_markdown

runner = CliRunner()
HERE = Path(__file__).parent / "extractors"


def test_compare_formats_and_reference_deltas():
    md = runner.invoke(app, ["compare", "oracle", "empty", "--reference", "oracle",
                             "--format", "md", "--bootstrap", "100"])
    assert md.exit_code == 0, md.output
    overview = md.output.split("## NER")[0]
    rows = {line.split("|")[1].strip(): line for line in overview.splitlines()
            if line.startswith("| `")}
    oracle_row = rows["`oracle` (reference)"]
    assert "**1.000 [1.000, 1.000] n=12 sentences**" in oracle_row           # best in bold, CI, units
    empty_row = rows["`empty`"]
    # 0 - 1 = -1 on every headline; exact paired randomisation over 12 units:
    # only the identity and the full swap reach |Δ| = 1, so p = 2 / 2^12
    assert "0.000 [0.000, 0.000] n=12 sentences -1.000 (p=0.000)" in empty_row
    data = json.loads(runner.invoke(app, ["compare", "oracle", "empty", "--reference",
                                          "oracle", "--format", "json",
                                          "--bootstrap", "0"]).stdout)
    empty = next(s for s in data["systems"] if s["name"] == "empty")
    assert empty["deltas"]["ner"]["p"] == 2 / 2 ** 12
    assert empty["deltas"]["ner"]["method"] == "exact_randomization"
    table = runner.invoke(app, ["compare", "duckling", "oracle", "--format", "csv",
                                "--bootstrap", "0"])
    parsed = list(csv.reader(io.StringIO(table.stdout)))
    assert parsed[0] == ["system", "status", "tasks.ner.strict.f1", "tasks.timex.value_f1",
                         "tasks.attribution.relation.relaxed.f1", "tasks.ner.invalid_items",
                         "tasks.timex.invalid_items", "tasks.attribution.invalid_items"]
    assert parsed[1][2] == "" and parsed[1][4] == ""           # duckling: TIMEX3 only
    assert float(parsed[2][2]) == 1.0


def test_compare_rejects_unknown_reference_and_format():
    assert runner.invoke(app, ["compare", "oracle", "--reference", "rules"]).exit_code == 2
    assert runner.invoke(app, ["compare", "oracle", "--format", "xml"]).exit_code == 2


def test_leaderboard_writes_reports_and_guards_foreign_files(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    hub = tmp_path / "hub"
    result = runner.invoke(app, ["leaderboard", "--out", str(out), "--bootstrap", "50",
                                 "--hub-yaml", str(hub)])
    assert result.exit_code == 0, result.output
    import yaml

    entries = yaml.safe_load((hub / ".eval_results" / "rules.yaml").read_text(encoding="utf-8"))
    assert [e["dataset"]["task_id"] for e in entries] == ["ner", "timex", "attribution"]
    rules_results = json.loads((out / "results" / "rules.json").read_text(encoding="utf-8"))
    assert entries[0]["value"] == rules_results["tasks"]["ner"]["strict"]["f1"]
    assert entries[0]["dataset"]["revision"] == \
        f"{rules_results['gold']['gold_version']}+{rules_results['gold']['sha256'][:8]}"
    assert set(entries[0]) == {"dataset", "value", "date", "source"}
    duckling = yaml.safe_load((hub / ".eval_results" / "duckling.yaml").read_text(
        encoding="utf-8"))
    assert [e["dataset"]["task_id"] for e in duckling] == ["timex"]
    for name in ("rules", "duckling", "dateparser"):
        results = json.loads((out / "results" / f"{name}.json").read_text(encoding="utf-8"))
        assert results["run"]["tool_version"] == __version__ and results["run"]["date"]
        assert results["signature"].startswith(f"khabar:{__version__}|gold:")
        samples = [json.loads(x) for x in
                   (out / "samples" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
        assert samples[0]["doc_id"] == "000_3de78dd80989a7ed"
        assert "timexes" in samples[0]["outcomes"]
    md = (out / "leaderboard.md").read_text(encoding="utf-8")
    assert "## Overview" in md and "`rules`" in md and "`duckling`" in md
    html = (out / "leaderboard.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Error view" in html
    assert "https://" not in html and html.replace("http://www.w3.org/2000/svg", "").count("http://") == 0  # self-contained: only the SVG namespace
    assert oct((out / "leaderboard.md").stat().st_mode & 0o777) != "0o600"
    # a re-run replaces what khabar wrote
    assert runner.invoke(app, ["leaderboard", "--out", str(out), "--bootstrap", "0"]).exit_code == 0
    # a file edited by someone else is kept unless --force
    (out / "leaderboard.md").write_text("my notes", encoding="utf-8")
    refused = runner.invoke(app, ["leaderboard", "--out", str(out), "--bootstrap", "0"])
    assert refused.exit_code == 2 and "refusing to overwrite" in refused.output
    assert (out / "leaderboard.md").read_text(encoding="utf-8") == "my notes"
    forced = runner.invoke(app, ["leaderboard", "--out", str(out), "--bootstrap", "0",
                                 "--force"])
    assert forced.exit_code == 0
    assert "## Overview" in (out / "leaderboard.md").read_text(encoding="utf-8")


def test_markdown_escapes_table_breakers():
    from benchmark.render.model import GoldInfo, HeadlineColumn, Report, SystemRow

    report = Report("t", GoldInfo("x", 1), (HeadlineColumn("ner", "NER", "tasks.ner.strict.f1"),),
                    (SystemRow("a|b", "failed", "bad | pipe\nnewline", headline={"ner": None}),),
                    tool_version="0", generated="g")
    md = render_markdown(report)
    assert "`a\\|b`" in md and "failed: bad \\| pipe newline" in md and "| — |" in md


def test_compare_saved_results_mixed_with_live_runs(tmp_path):
    saved = tmp_path / "oracle.json"
    assert runner.invoke(app, ["score", "oracle", "--json", str(saved),
                               "--bootstrap", "0"]).exit_code == 0
    result = runner.invoke(app, ["compare", str(saved), "empty", "--reference", str(saved),
                                 "--format", "json", "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    empty = next(s for s in data["systems"] if s["name"] == "empty")
    assert empty["deltas"]["ner"] == {"delta": -1.0, "p": None, "method": "none (saved)"}
    # other metric settings: refused, with the difference shown
    clitic = tmp_path / "clitic.json"
    assert runner.invoke(app, ["score", "oracle", "--json", str(clitic), "--clitic",
                               "--bootstrap", "0"]).exit_code == 0
    refused = runner.invoke(app, ["compare", str(saved), str(clitic)])
    assert refused.exit_code == 2
    assert "not comparable" in refused.output and "clitic=no" in refused.output \
        and "clitic=yes" in refused.output
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    bad = runner.invoke(app, ["compare", str(broken), "oracle"])
    assert bad.exit_code == 2 and "not valid JSON" in bad.output


def test_per_type_and_confusion():
    result = runner.invoke(app, ["compare", "rules", "--per-type", "--confusion", "--format",
                                 "json", "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    [rules] = json.loads(result.stdout)["systems"]
    per_type = {row["type"]: row for row in rules["per_type"]}
    strict = rules["tables"]["ner"][0]
    for key in ("cor", "inc", "mis", "spu"):               # per-type rows add up
        assert sum(row[key] for row in per_type.values()) == strict[key]
    labels, matrix = rules["confusion"]["labels"], rules["confusion"]["matrix"]
    assert labels[-1] == "O" and labels.count("O") == 1
    o = labels.index("O")
    # missed mentions are (type, O), spurious ones (O, type): as in the strict counts
    assert sum(matrix[i][o] for i in range(len(labels))) == strict["mis"]
    assert sum(matrix[o]) == strict["spu"]
    # paired mentions: correct + boundary errors of the same type sit on the diagonal
    assert sum(matrix[i][i] for i in range(len(labels)) if i != o) == \
        strict["cor"] + strict["inc"] - sum(
            matrix[i][j] for i in range(len(labels)) for j in range(len(labels))
            if i != j and o not in (i, j))
