"""Regression tests of the adversarial review's CI-gate, compare and saved-results
bugs (/tmp/adv-bugs.md: 1, 2, 6, 7, 9, 14, 15, L2), run as a user runs khabar."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from khabar_cli import assert_no_traceback, run

#: Fine type → CoNLL class (the review's mk.py).
COARSE = {"GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "PERS": "PER", "ORG": "ORG",
          "NORP": "MISC", "EVENT": "MISC"}


def _coarse_conll(gold_conll: Path, out: Path, drop: set[str] = frozenset()) -> Path:
    lines = []
    for line in gold_conll.read_text(encoding="utf-8").splitlines(keepends=True):
        p = line.split()
        if len(p) == 4 and p[0] != "-DOCSTART-" and p[3] != "O":
            pre, t = p[3].split("-", 1)
            c = COARSE.get(t)
            p[3] = "O" if c is None or c in drop else f"{pre}-{c}"
            line = " ".join(p) + "\n"
        lines.append(line)
    out.write_text("".join(lines), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def conll(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """coarse.conll (every entity as its CoNLL class), nomisc.conll (MISC dropped:
    still coarse), perorg.conll (PER and ORG only: the fine label set by rule)."""
    work = tmp_path_factory.mktemp("conll")
    proc = run("export", "--format", "conll", "--out", str(work / "exp"))
    assert proc.returncode == 0, proc.stderr
    gold = work / "exp" / "gold.conll"
    return {"coarse": _coarse_conll(gold, work / "coarse.conll"),
            "nomisc": _coarse_conll(gold, work / "nomisc.conll", {"MISC"}),
            "perorg": _coarse_conll(gold, work / "perorg.conll", {"LOC", "MISC"}),
            "dir": work}


def _score(spec: str, out: Path, *extra: str) -> dict:
    proc = run("score", spec, "--split", "dev", "--task", "ner", "--bootstrap", "0",
               "--json", str(out), *extra)
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.slow  # four more subprocesses; check refusing a failed run stays fast end to end in test_failed_run_keeps_what_came_back_and_check_compare_name_it, invalid results in the check rows of test_adversarial.py
def test_check_refuses_a_failed_run_and_out_of_range_metrics(tmp_path: Path) -> None:
    """Bugs 1 and L2: the results of a failed run and a metric of 1.5 are invalid
    input (exit 2), named with the file and the reason."""
    base = _score("rules", tmp_path / "base.json")
    failed = {**base, "status": "failed", "partial": True,
              "failure": {"reason": "raised RuntimeError: server down", "detail": ""}}
    (tmp_path / "failed.json").write_text(json.dumps(failed), encoding="utf-8")
    proc = run("check", str(tmp_path / "failed.json"), "--baseline", str(tmp_path / "base.json"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "failed.json is a failed run: raised RuntimeError: server down" in proc.stderr
    assert_no_traceback(proc)
    # as a baseline too
    proc = run("check", str(tmp_path / "base.json"), "--baseline", str(tmp_path / "failed.json"))
    assert proc.returncode == 2 and "is a failed run" in proc.stderr

    big = json.loads(json.dumps(base))
    big["tasks"]["ner"]["exact"]["f1"] = 1.5
    (tmp_path / "big.json").write_text(json.dumps(big), encoding="utf-8")
    proc = run("check", str(tmp_path / "big.json"), "--baseline", str(tmp_path / "base.json"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "tasks.ner.exact.f1 is 1.5, outside [0, 1]" in proc.stderr
    assert_no_traceback(proc)


def test_check_gates_the_coarse_headline_and_refuses_a_label_set_change(
        conll: dict[str, Path], tmp_path: Path) -> None:
    """Bug 2: a coarse-label system is gated on tasks.ner.coarse.strict.f1 (its
    headline), and a label-set change between baseline and results is exit 2."""
    base = _score(f"file:{conll['coarse']}#column=4", tmp_path / "base.json")
    cur = _score(f"file:{conll['nomisc']}#column=4", tmp_path / "cur.json")
    assert base["extractor"]["label_set"] == cur["extractor"]["label_set"] == "coarse"
    assert cur["tasks"]["ner"]["coarse"]["strict"]["f1"] < base["tasks"]["ner"]["coarse"][
        "strict"]["f1"] - 0.01
    proc = run("check", str(tmp_path / "cur.json"), "--baseline", str(tmp_path / "base.json"),
               "--json", str(tmp_path / "verdict.json"))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    verdict = json.loads((tmp_path / "verdict.json").read_text(encoding="utf-8"))
    assert [c["metric"] for c in verdict["checks"]] == ["tasks.ner.coarse.strict.f1"]
    assert "tasks.ner.coarse.strict.f1" in proc.stdout

    _score(f"file:{conll['perorg']}#column=4", tmp_path / "perorg.json")
    proc = run("check", str(tmp_path / "perorg.json"), "--baseline", str(tmp_path / "base.json"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "label set changed" in proc.stderr and "'coarse'" in proc.stderr
    assert_no_traceback(proc)


RAISE_AFTER = '''
def raise_after(documents):
    for i, d in enumerate(documents):
        if i == 2:
            raise RuntimeError("boom after 2 docs")
        yield {"doc_id": d.doc_id, "entities": []}
'''

EXIT_AFTER = '''
import json, sys
for i, line in enumerate(sys.stdin):
    if i == 2:
        sys.exit(4)
    d = json.loads(line)
    print(json.dumps({"doc_id": d["doc_id"], "entities": []}), flush=True)
'''


def test_failed_run_keeps_what_came_back_and_check_compare_name_it(tmp_path: Path) -> None:
    """Bug 9: a py: generator that raises after two records keeps them: the
    samples hold two lines, the partial results a real signature; check and
    compare say "X is a failed run: <reason>" (exit 2 and 3)."""
    (tmp_path / "ra.py").write_text(RAISE_AFTER, encoding="utf-8")
    _score("oracle", tmp_path / "base.json")      # a baseline (oracle: 0.5 s, rules: 2 s)
    proc = run("score", "py:ra:raise_after", "--split", "dev", "--task", "ner", "--bootstrap",
               "0", "--json", str(tmp_path / "ra.json"), "--samples", str(tmp_path / "ra.jsonl"),
               cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)})
    assert proc.returncode == 3, proc.stderr
    assert_no_traceback(proc)
    samples = (tmp_path / "ra.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(samples) == 2
    data = json.loads((tmp_path / "ra.json").read_text(encoding="utf-8"))
    assert data["status"] == "failed" and data["partial"] is True
    assert data["signature"].startswith("khabar:") and "sys:py:ra:raise_after" in data["signature"]
    assert "ner" in data["tasks"] and data["tasks"]["ner"]["strict"]["mis"] > 0

    proc = run("check", str(tmp_path / "ra.json"), "--baseline", str(tmp_path / "base.json"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "ra.json is a failed run: raised RuntimeError: boom after 2 docs" in proc.stderr
    assert "signature" not in proc.stderr

    proc = run("compare", str(tmp_path / "ra.json"), str(tmp_path / "base.json"), "--format",
               "csv")
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "ra.json is a failed run: raised RuntimeError: boom after 2 docs" in proc.stderr
    rows = proc.stdout.splitlines()
    assert rows[1].split(",")[1] == "failed" and rows[2].split(",")[1] == "ok"
    assert_no_traceback(proc)


@pytest.mark.slow
def test_failed_cmd_and_py_worker_runs_keep_what_came_back(tmp_path: Path) -> None:
    """Bug 9 for cmd: (a child exiting 4 after two lines) and py: in a worker
    process (--timeout): the two records are kept."""
    (tmp_path / "ra.py").write_text(RAISE_AFTER, encoding="utf-8")
    (tmp_path / "ea.py").write_text(EXIT_AFTER, encoding="utf-8")
    for spec, extra in ((f"cmd:{sys.executable} ea.py", ()),
                        ("py:ra:raise_after", ("--timeout", "60"))):
        proc = run("score", spec, "--split", "dev", "--task", "ner", "--bootstrap", "0",
                   "--json", str(tmp_path / "x.json"), "--samples", str(tmp_path / "x.jsonl"),
                   "--force", *extra, cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)})
        assert proc.returncode == 3, proc.stderr
        assert len((tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()) == 2, spec
        data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
        assert data["status"] == "failed" and data["signature"].startswith("khabar:"), spec


@pytest.mark.slow  # three more subprocesses; compare of a saved results file stays fast in process in test_leaderboard.py, and saved results beside live systems end to end in test_leaderboard_publish.py::test_leaderboard_adds_a_py_file_and_saved_results_to_the_defaults
def test_compare_saved_results_only_header_is_the_files_own(tmp_path: Path) -> None:
    """Bug 15: compare of saved files only names the gold, split and document count
    the files were scored on, not the default split's."""
    _score("rules", tmp_path / "lim.json", "--limit", "3")
    proc = run("compare", str(tmp_path / "lim.json"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["gold"]["split"] == "dev" and data["gold"]["documents"] == 3
    assert data["title"].endswith(", dev split")
    proc = run("compare", str(tmp_path / "lim.json"), "--format", "md")
    assert "3 document(s)" in proc.stdout and "dev split" in proc.stdout


@pytest.mark.slow  # rules twice with 200 resamples; compare --reference stays fast in process in test_leaderboard.py, and deltas with p-values of live systems end to end in test_leaderboard_publish.py::test_leaderboard_adds_a_py_file_and_saved_results_to_the_defaults
def test_compare_identical_systems_above_20_units_is_p_1(tmp_path: Path) -> None:
    """Bug 14: a system against an identical one on more than 20 units (the
    approximate branch) is +0.000 (p=1.000), as the exact branch gives at or below
    20. The twin is ``rules`` behind a ``py:`` callable (a spec may be given once)."""
    (tmp_path / "twin.py").write_text(
        "from runners.builtin.rules import RulesExtractor\n\n_RULES = RulesExtractor()\n\n\n"
        "def extract(documents):\n    return _RULES.predict(list(documents))\n",
        encoding="utf-8")
    proc = run("compare", "py:twin:extract", "rules", "--reference", "rules", "--split", "dev",
               "--limit", "3", "--task", "ner", "--bootstrap", "200", "--format", "md",
               env={"PYTHONPATH": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    from benchmark.core.tokenize import canonical_sentences
    from benchmark.gold.loader import load_gold

    from khabar_cli import ROOT

    first3 = sorted(load_gold(ROOT / "gold", split="dev").documents, key=lambda d: d.doc_id)[:3]
    units = sum(len(canonical_sentences(d)) for d in first3)
    assert units > 20                          # the approximate randomisation branch
    assert f"n={units} sentences" in proc.stdout
    assert "+0.000 (p=1.000)" in proc.stdout


@pytest.mark.slow  # four subprocesses on the bundled dev split; compare with a CoNLL (coarse) system stays fast end to end in test_jobs_e2e.py::test_a_coarse_conll_submission_is_scored_on_its_own_granularity, compare --format csv in test_ci_output.py::test_json_to_stdout_for_score_compare_and_check
def test_compare_against_a_coarse_reference_and_csv_columns(conll: dict[str, Path]) -> None:
    """Bugs 6 and 7: a fine system's NER delta against a coarse reference compares
    the coarse view on both sides (no p-value: the fine run kept no coarse units);
    the CSV names the column each value comes from and has invalid_items columns."""
    coarse = f"file:{conll['coarse']}#column=4"
    proc = run("compare", coarse, "rules", "--reference", coarse, "--split", "dev", "--limit",
               "3", "--task", "ner", "--bootstrap", "200", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    ref, rules = data["systems"]
    delta = rules["deltas"]["ner"]
    assert delta["view"] == "coarse" and delta["p"] is None
    proc = run("score", "rules", "--split", "dev", "--limit", "3", "--task", "ner",
               "--bootstrap", "0", "--json", "-")
    rules_coarse = json.loads(proc.stdout)["tasks"]["ner"]["coarse"]["strict"]["f1"]
    assert delta["delta"] == pytest.approx(rules_coarse - ref["headline"]["ner"]["value"])
    proc = run("compare", coarse, "rules", "--reference", coarse, "--split", "dev", "--limit",
               "3", "--task", "ner", "--bootstrap", "200", "--format", "md")
    assert f"{delta['delta']:+.3f} (coarse)" in proc.stdout

    proc = run("compare", coarse, "rules", "--split", "dev", "--limit", "3", "--task", "ner",
               "--bootstrap", "0", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    import csv
    import io

    header, first, second = list(csv.reader(io.StringIO(proc.stdout)))
    assert header[:4] == ["system", "status", "tasks.ner.strict.f1",
                          "tasks.ner.coarse.strict.f1"]
    assert "tasks.ner.invalid_items" in header
    assert first[2] == "" and float(first[3]) == pytest.approx(ref["headline"]["ner"]["value"])
    assert float(second[2]) > 0 and second[3] == ""
    assert first[header.index("tasks.ner.invalid_items")] == "0"
