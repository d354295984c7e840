"""``khabar`` in CI logs, run as a user runs it (subprocesses of the installed script).

* ``khabar check`` gates the headline metrics by default, ``--metrics`` names
  others (glob patterns), ``--all`` checks the full set; ``::error`` annotations
  and the step summary stay short however much regressed. The scenario is one
  real regression: every ORG prediction dropped from an oracle run, which fails
  more than a hundred metrics under ``--all``.
* Output to a pipe is not wrapped at 80 columns and never breaks a metric path.
* ``--json -`` puts the JSON, and nothing else, on stdout (score, compare, check).

Everything runs on a seed-only copy of the gold, passed with ``--gold``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from khabar_cli import ROOT, assert_no_traceback, run

SEED = "000_3de78dd80989a7ed"
HEADLINES = {"tasks.ner.strict.f1", "tasks.timex.value_f1",
             "tasks.attribution.relation.relaxed.f1"}


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """A seed-only gold, the oracle's results (the baseline) and the results of the
    oracle without its ORG predictions (the regression)."""
    from benchmark import load_gold
    from runners.builtin.sanity import OracleExtractor

    root = tmp_path_factory.mktemp("ci-output")
    (root / "gold").mkdir()
    (root / "seeds").mkdir()
    shutil.copy(ROOT / "gold" / f"{SEED}.json", root / "gold")
    shutil.copy(ROOT / "seeds" / f"{SEED}.txt", root / "seeds")
    gold = load_gold(root / "gold")
    records = OracleExtractor(gold).predict(list(gold.documents))
    with open(root / "no-org.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            record["entities"] = [e for e in record["entities"] if e["type"] != "ORG"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    for spec, name in (("oracle", "baseline.json"), ("file:no-org.jsonl", "no-org.json")):
        done = run("score", spec, "--gold", "gold", "--json", name, "--bootstrap", "200",
                   cwd=root)
        assert done.returncode == 0, done.stderr
    return root


def check(work: Path, *args: str, summary: Path | None = None):  # type: ignore[no-untyped-def]
    env = {"GITHUB_STEP_SUMMARY": str(summary)} if summary else {"GITHUB_STEP_SUMMARY": ""}
    done = run("check", "no-org.json", "--baseline", "baseline.json", *args, cwd=work, env=env)
    assert_no_traceback(done)
    return done


def errors(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("::error")]


# --- what the gate judges ----------------------------------------------------------------

def test_default_gate_checks_the_headline_metrics_only(work, tmp_path):
    summary = tmp_path / "summary.md"
    done = check(work, "--json", str(tmp_path / "gate.json"), summary=summary)
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads((tmp_path / "gate.json").read_text(encoding="utf-8"))
    assert {c["metric"] for c in report["checks"]} == HEADLINES
    assert report["selection"] == "headline" and report["failed"] == 1
    assert [c["metric"] for c in report["checks"] if not c["passed"]] == ["tasks.ner.strict.f1"]
    assert "regression: 1 of 3 metric(s) failed" in done.stdout
    [error] = errors(done.stdout)
    assert error.startswith("::error title=khabar check%3A tasks.ner.strict.f1::")
    text = summary.read_text(encoding="utf-8")
    assert "**FAILED**: 1 of 3 metric(s) regressed" in text
    assert "the headline metric of each task" in text and "Not listed" not in text


def test_all_caps_annotations_and_the_step_summary(work, tmp_path):
    """One regression, every ORG dropped: over a hundred failing metrics under --all,
    yet at most 10 ``::error`` lines and a summary of a few KB with a count."""
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    done = check(work, "--all", "--json", str(tmp_path / "gate.json"), summary=summary)
    assert done.returncode == 1
    report = json.loads((tmp_path / "gate.json").read_text(encoding="utf-8"))
    failed, checked = report["failed"], report["checked"]
    assert failed > 100 and checked > 250 and report["selection"] == "all"
    lines = errors(done.stdout)
    assert len(lines) == 10                           # GitHub shows 10 per step
    assert lines[0].startswith("::error title=khabar check%3A tasks.ner.strict.f1::")
    assert lines[-1] == (f"::error title=khabar check::… and {failed - 9} more regressed "
                         f"metric(s) of {failed}: the step summary counts them and the JUnit "
                         "report (--junit) lists every one")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## khabar check: **FAILED**: "
                           f"{failed} of {checked} metric(s) regressed")
    assert len(text.encode("utf-8")) < 4000
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert sum("**FAIL**" in r for r in rows) == 10
    assert rows[0].startswith("| `tasks.ner.strict.f1` |")
    assert {r.split("`")[1] for r in rows if "**FAIL**" not in r} == HEADLINES - {
        "tasks.ner.strict.f1"}
    assert (f"_Not listed: {failed - 10} more failure(s) and {checked - failed - 2} passed "
            "metric(s)") in text
    # --all keeps the full table in the log: every checked metric on its own row
    table_rows = [line for line in done.stdout.splitlines() if line.startswith("│ tasks.")]
    assert len(table_rows) == checked


def test_without_all_the_log_caps_the_reason_lines(work):
    done = check(work, "--metrics", "tasks.ner.*")
    assert done.returncode == 1
    reasons = [line for line in done.stdout.splitlines() if line.startswith("FAIL ")]
    assert len(reasons) == 10
    assert re.search(r"^… and \d+ more \(--all prints every one\)$", done.stdout, re.M)


@pytest.mark.parametrize("metrics, code, expected", [
    ("tasks.timex.value_f1", 0, {"tasks.timex.value_f1"}),
    # further selections (a check subprocess each): a path and a glob stay fast
    pytest.param("tasks.timex.*,tasks.attribution.relation.*.f1", 0, None,
                 marks=pytest.mark.slow),
    ("tasks.ner.per_type.ORG.*", 1, None),
    pytest.param("tasks.ner.strict.cor", 1, {"tasks.ner.strict.cor"},   # a plain path: a count too
                 marks=pytest.mark.slow),
])
def test_metrics_selects_paths_and_globs(work, tmp_path, metrics, code, expected):
    out = tmp_path / "gate.json"
    done = check(work, "--metrics", metrics, "--json", str(out))
    assert done.returncode == code, done.stdout + done.stderr
    names = {c["metric"] for c in json.loads(out.read_text(encoding="utf-8"))["checks"]}
    if expected is not None:
        assert names == expected
    else:
        patterns = metrics.split(",")
        assert names and all(any(re.fullmatch(p.replace(".", r"\.").replace("*", ".*"), n)
                                 for p in patterns) for n in names)
        assert not any(n.endswith((".cor", ".mis", ".spu", ".tp")) for n in names)


@pytest.mark.parametrize("args, message", [
    (["--metrics", "tasks.nope.*"], "unknown metric path --metrics 'tasks.nope.*'"),
    (["--metrics", "tasks.ner.strict.f2"], "did you mean tasks.ner.strict.f1"),
    # further refusals (a check subprocess each); the two rows above stay fast
    pytest.param(["--metrics", " , "], "--metrics expects comma-separated metric paths",
                 marks=pytest.mark.slow),
    pytest.param(["--metrics", "tasks.ner.strict.f1", "--all"],
                 "give --metrics or --all, not both", marks=pytest.mark.slow),
])
def test_bad_metrics_exit_2(work, args, message):
    done = check(work, *args)
    assert done.returncode == 2
    assert message in " ".join(done.stderr.split())


# --- output for CI logs ---------------------------------------------------------------------

def _wide_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if len(line) > 80]


def test_check_table_is_not_wrapped_and_paths_stay_whole(work):
    done = check(work, "--all")
    lines = done.stdout.splitlines()
    assert _wide_lines(done.stdout)
    report_paths = [line.split("│")[1].strip() for line in lines if line.startswith("│ ")]
    assert "tasks.attribution.relation.relaxed.f1" in report_paths
    assert all(p.startswith("tasks.") and " " not in p for p in report_paths), report_paths
    # each row carries its six values on the same line
    assert all(line.count("│") == 8 for line in lines if line.startswith("│ tasks."))


@pytest.mark.slow  # three more subprocesses for the 80-column layout; score, compare and stats stay fast end to end here and in test_corpus.py
def test_score_compare_stats_are_not_wrapped_at_80_columns(work):
    score = run("score", "oracle", "--gold", "gold", "--bootstrap", "50", cwd=work)
    assert score.returncode == 0
    signature = next(line for line in score.stdout.splitlines() if line.startswith("khabar:"))
    assert len(signature) > 80 and "|bs:50,seed:12345" in signature     # one line
    assert any(line.startswith("│ token conlleval") and "n=12 sentences" in line
               for line in score.stdout.splitlines())
    compare = run("compare", "oracle", "empty", "--gold", "gold", "--bootstrap", "50",
                  "--reference", "oracle", cwd=work)
    assert compare.returncode == 0
    row = next(line for line in compare.stdout.splitlines() if line.startswith("│ empty"))
    assert len(row) > 80 and row.count("n=12 sentences") == 3, row
    stats = run("stats", "--gold", "gold", cwd=work)
    assert stats.returncode == 0
    title = stats.stdout.splitlines()[0]
    assert title.strip().startswith("khabar gold") and title.strip().endswith("characters")


# --- --json - puts JSON, and only JSON, on stdout -------------------------------------------

def test_json_to_stdout_for_score_compare_and_check(work, tmp_path):
    score = run("score", "oracle", "--gold", "gold", "--bootstrap", "0", "--json", "-",
                cwd=work)
    assert score.returncode == 0
    assert json.loads(score.stdout)["tasks"]["ner"]["strict"]["f1"] == 1.0
    assert "NER (fine types)" in score.stderr                 # the tables went to stderr
    for fmt in ("table", "md", "json", "csv"):
        compare = run("compare", "oracle", "empty", "--gold", "gold", "--bootstrap", "0",
                      "--format", fmt, "--json", "-", cwd=work)
        assert compare.returncode == 0, compare.stderr
        data = json.loads(compare.stdout)
        assert [s["name"] for s in data["systems"]] == ["oracle", "empty"]
        assert "documents" not in data and "errors" not in data
    summary = tmp_path / "summary.md"
    gate = check(work, "--all", "--json", "-", summary=summary)
    assert gate.returncode == 1
    report = json.loads(gate.stdout)
    assert report["passed"] is False and report["failed"] > 100
    assert "regression:" in gate.stderr and len(errors(gate.stderr)) == 10
    assert summary.exists()


@pytest.mark.slow  # two more subprocesses; outputs that exist stay refused fast end to end in test_review_fixes_c.py::test_leaderboard_refuses_its_output_folder_before_running, in process in test_exports.py::test_export_refuses_to_overwrite
def test_compare_json_file_refuses_to_overwrite(work, tmp_path):
    target = tmp_path / "compare.json"
    target.write_text("mine", encoding="utf-8")
    done = run("compare", "oracle", "--gold", "gold", "--bootstrap", "0", "--json",
               str(target), cwd=work)
    assert done.returncode == 2 and "refusing to overwrite" in done.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    done = run("compare", "oracle", "--gold", "gold", "--bootstrap", "0", "--json",
               str(target), "--force", cwd=work)
    assert done.returncode == 0
    assert json.loads(target.read_text(encoding="utf-8"))["systems"][0]["name"] == "oracle"


def test_a_closed_stdout_is_exit_141_and_the_leaderboard_is_still_written(tmp_path) -> None:
    """`khabar leaderboard … | head -0`: the reader has closed stdout before khabar
    prints (deterministic: the table comes after the run and the writes).
    khabar stops with the shell's SIGPIPE status 141 (never 1, which the gate uses
    for a regression), without a traceback, and the reports were written before
    the table was printed."""
    import subprocess

    from khabar_cli import khabar_bin

    out = tmp_path / "board"
    proc = subprocess.Popen([khabar_bin(), "leaderboard", "--only", "rules", "--out", str(out),
                             "--bootstrap", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()                                   # the reader is gone
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141, stderr
    assert "Traceback" not in stderr
    assert (out / "leaderboard.md").is_file() and (out / "results" / "rules.json").is_file()
