"""``khabar check``, the CI regression gate: rules, exit codes, JUnit, step summary.

Fixtures are copies of a real results file (``rules`` scored on the seed, the
suite's default gold, with the documented baseline settings) with edited values,
so every case runs through real results files and the real CLI.
"""

from __future__ import annotations

from benchmark import __version__

import copy
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.scoring.gate import (Check, GateError, GateReport, SignatureMismatch, UnknownMetric,
                            check, is_default_metric, load_results, parse_assignments)
from benchmark.render.gate import (escape_data, escape_property, github_annotations,
                                   junit_xml, markdown)

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _seed_baseline() -> Path:
    """A frozen baseline: the seed's own annotations as a predictions file, with the
    last 8 required entity mentions left out, scored with the documented baseline
    settings (``--bootstrap 1000 --seed 12345``). It does not move when an
    extractor improves, so the thresholds below stay meaningful."""
    import shutil
    import tempfile

    from benchmark.gold.loader import load_gold

    work = Path(tempfile.mkdtemp(prefix="khabar-gate-"))
    (work / "gold").mkdir()
    (work / "seeds").mkdir()
    shutil.copy(ROOT / "gold" / "000_3de78dd80989a7ed.json", work / "gold")
    shutil.copy(ROOT / "seeds" / "000_3de78dd80989a7ed.txt", work / "seeds")
    [doc] = load_gold(work / "gold").documents
    required = sorted((e for e in doc.entities if not e.optional), key=lambda e: e.start)
    span = lambda s: {"start": s.start, "end": s.end}  # noqa: E731
    record = {
        "doc_id": doc.doc_id,
        "entities": [{"start": e.start, "end": e.end, "type": e.type} for e in required[:-8]],
        "timexes": [{"start": t.start, "end": t.end, "type": t.type, "value": t.value}
                    for t in doc.timexes if not t.optional],
        "attributions": [{"source": [span(x) for x in a.source], "cue": [span(x) for x in a.cue],
                          "content": [span(x) for x in a.content], "kind": a.kind}
                         for a in doc.attributions if not a.optional],
    }
    preds = work / "preds.jsonl"
    preds.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = work / "rules.json"
    done = runner.invoke(app, ["score", f"file:{preds}", "--gold", str(work / "gold"), "--json",
                               str(out), "--bootstrap", "1000", "--seed", "12345"])
    assert done.exit_code == 0, done.output
    return out


BASELINE = _seed_baseline()


def _count_default_metrics(node, leaf="") -> int:
    """Numbers under ``tasks`` whose key is precision/recall/f1/value_f1 or ends in
    accuracy: the gate's default metric set, counted independently of the gate."""
    if isinstance(node, dict):
        return sum(_count_default_metrics(v, k) for k, v in node.items())
    return int(isinstance(node, (int, float)) and not isinstance(node, bool)
               and (leaf in ("precision", "recall", "f1", "value_f1") or leaf.endswith("accuracy")))


N_METRICS = _count_default_metrics(json.loads(BASELINE.read_text(encoding="utf-8"))["tasks"])


@pytest.fixture(scope="module")
def base_data() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def edited(data: dict, **values: float) -> dict:
    """A copy with metrics set: ``ner__strict__f1=0.9`` sets tasks.ner.strict.f1."""
    out = copy.deepcopy(data)
    for key, value in values.items():
        *parents, leaf = key.split("__")
        node = out["tasks"]
        for p in parents:
            node = node[p]
        node[leaf] = value
    return out


def gate(tmp_path: Path, current: dict, *args: str, baseline: dict | None = None,
         env: dict | None = None):  # type: ignore[no-untyped-def]
    cur = write(tmp_path / "current.json", current)
    base = write(tmp_path / "baseline.json", baseline) if baseline is not None else BASELINE
    return runner.invoke(app, ["check", str(cur), "--baseline", str(base), *args], env=env)


# 54 of the seed's 62 required mentions predicted, no spurious one: P = 1, R = 54/62
STRICT_F1 = 2 * (54 / 62) / (1 + 54 / 62)


def test_baseline_has_the_expected_values(base_data):
    assert base_data["tasks"]["ner"]["strict"]["f1"] == pytest.approx(STRICT_F1)
    lo, hi = base_data["bootstrap"]["intervals"]["ner.strict.f1"]
    assert lo < STRICT_F1 - 0.04 and hi == 1.0


# --- exit codes of the plain rule -------------------------------------------------------

@pytest.mark.parametrize("drop, args, code", [
    (0.0, [], 0),
    (0.004, [], 0),                                           # within the default 0.005
    (0.005, [], 0),                                           # equal to the allowance passes
    (0.01, [], 1),                                            # beyond it
    (0.01, ["--tolerance", "0.02"], 0),
    (0.01, ["--max-drop", "tasks.ner.strict.f1=0.02"], 0),    # per-metric allowance
    (0.004, ["--tolerance", "0.5", "--max-drop", "tasks.ner.strict.f1=0.001"], 1),
    (-0.05, [], 0),                                           # an improvement
])
def test_drop_rule(tmp_path, base_data, drop, args, code):
    result = gate(tmp_path, edited(base_data, ner__strict__f1=STRICT_F1 - drop), "--all", *args)
    assert result.exit_code == code, result.output
    if code == 1:
        assert "tasks.ner.strict.f1" in result.stdout
        assert f"regression: 1 of {N_METRICS} metric(s)" in result.stdout


@pytest.mark.parametrize("floor, code", [("0.90", 0), ("0.93", 0), ("0.95", 1)])
def test_floor(tmp_path, base_data, floor, code):
    result = gate(tmp_path, base_data, "--min", f"tasks.ner.strict.f1={floor}")
    assert result.exit_code == code, result.output
    if code:
        assert "below the floor 0.9500" in result.stdout


def test_floor_applies_even_with_ci_aware(tmp_path, base_data):
    result = gate(tmp_path, base_data, "--ci-aware", "--min", "tasks.ner.strict.f1=0.99")
    assert result.exit_code == 1


def test_floor_on_a_count_is_checked_too(tmp_path, base_data):
    result = gate(tmp_path, base_data, "--min", "tasks.ner.strict.cor=58")
    assert result.exit_code == 1 and "tasks.ner.strict.cor" in result.stdout


# --- CI-aware rule ---------------------------------------------------------------------

def test_ci_aware_passes_a_drop_inside_the_interval(tmp_path, base_data):
    current = edited(base_data, ner__strict__f1=0.90)        # drop 0.034, CI low 0.878
    assert gate(tmp_path, current).exit_code == 1
    result = gate(tmp_path, current, "--ci-aware")
    assert result.exit_code == 0, result.output
    assert "inside the bootstrap CI" in result.stdout


def test_ci_aware_fails_a_drop_below_the_baseline_low_bound(tmp_path, base_data):
    lo = base_data["bootstrap"]["intervals"]["ner.strict.f1"][0]
    result = gate(tmp_path, edited(base_data, ner__strict__f1=lo - 0.02), "--ci-aware")
    assert result.exit_code == 1
    assert "below the baseline CI low bound" in result.stdout


def _files(tmp_path: Path, data: dict, base_value: float, base_ci: list[float] | None,
           cur_value: float, cur_ci: list[float] | None):  # type: ignore[no-untyped-def]
    base, cur = copy.deepcopy(data), copy.deepcopy(data)
    base["tasks"]["ner"]["strict"]["f1"] = base_value
    cur["tasks"]["ner"]["strict"]["f1"] = cur_value
    for d, ci in ((base, base_ci), (cur, cur_ci)):
        if ci is None:
            d["bootstrap"]["intervals"].pop("ner.strict.f1")
        else:
            d["bootstrap"]["intervals"]["ner.strict.f1"] = ci
    return (load_results(write(tmp_path / "b.json", base)),
            load_results(write(tmp_path / "c.json", cur)))


@pytest.mark.parametrize("base_value, base_ci, cur_value, cur_ci, passed, reason", [
    # current inside the baseline CI and baseline inside the current CI: a pass
    (0.93, [0.85, 1.0], 0.90, [0.80, 0.97], True, "inside the bootstrap CI"),
    # current below the baseline low bound
    (0.93, [0.91, 0.95], 0.90, [0.80, 0.97], False, "below the baseline CI low bound"),
    # baseline above the current high bound (baseline CI wide)
    (0.93, [0.50, 1.0], 0.90, [0.85, 0.92], False, "above the current CI high bound"),
    # only one side has an interval: that side decides
    (0.93, None, 0.90, [0.85, 0.92], False, "above the current CI high bound"),
    (0.93, [0.85, 1.0], 0.90, None, True, "inside the bootstrap CI"),
    # no interval at all: the plain drop rule
    (0.93, None, 0.90, None, False, "plain drop rule applies"),
    # outside the CI but within the tolerance: a pass (both conditions are needed)
    (0.93, [0.929, 0.931], 0.927, [0.926, 0.928], True, "ok"),
    # on the low bound exactly: not below it
    (0.93, [0.90, 1.0], 0.90, [0.80, 0.97], True, "inside the bootstrap CI"),
])
def test_ci_aware_rule_table(tmp_path, base_data, base_value, base_ci, cur_value, cur_ci,
                             passed, reason):
    base, cur = _files(tmp_path, base_data, base_value, base_ci, cur_value, cur_ci)
    [c] = [c for c in check(base, cur, ci_aware=True).checks
           if c.metric == "tasks.ner.strict.f1"]
    assert c.passed is passed and reason in c.reason
    assert c.baseline_ci == (tuple(base_ci) if base_ci else None)
    plain = [c for c in check(base, cur).checks if c.metric == "tasks.ner.strict.f1"][0]
    assert plain.passed is (cur_value >= base_value - 0.005)


# --- the default metric set and missing tasks ---------------------------------------------

def test_default_metric_set(base_data):
    report = check(load_results(BASELINE), load_results(BASELINE))
    names = {c.metric for c in report.checks}
    assert len(names) == len(report.checks) == N_METRICS > 200
    assert {"tasks.ner.strict.f1", "tasks.timex.value_f1", "tasks.timex.type_accuracy",
            "tasks.attribution.kind_accuracy", "tasks.attribution.relation.relaxed.f1",
            "tasks.ner.per_type.GPE.strict.recall"} <= names
    assert not any(n.endswith((".cor", ".tp", ".gold", ".pred")) for n in names)
    assert not any(".counts." in n for n in names)
    assert all(is_default_metric(n) for n in names)
    assert report.passed and all(c.reason == "ok" and c.delta == 0 for c in report.checks)


def test_a_task_missing_from_the_current_results_is_a_regression(tmp_path, base_data):
    current = copy.deepcopy(base_data)
    del current["tasks"]["attribution"]
    current["signature"] = current["signature"].replace("|attr:v1", "")
    result = gate(tmp_path, current, "--all")
    assert result.exit_code == 1, result.output
    assert "task 'attribution' was scored in the baseline but is missing" in result.stdout
    report = check(load_results(BASELINE), load_results(tmp_path / "current.json"))
    assert [c.metric for c in report.failures] == ["tasks.attribution"]


def test_a_task_new_in_the_current_results_is_not_checked(tmp_path, base_data):
    baseline = copy.deepcopy(base_data)
    del baseline["tasks"]["timex"]
    result = gate(tmp_path, base_data, baseline=baseline)
    assert result.exit_code == 0, result.output


def test_metric_missing_from_the_current_results_is_invalid_input(tmp_path, base_data):
    current = copy.deepcopy(base_data)
    del current["tasks"]["ner"]["strict"]["f1"]       # the gate must never pass on nothing
    result = gate(tmp_path, current, "--max-drop", "tasks.ner.strict.f1=0.1")
    assert result.exit_code == 2
    assert "has no headline metric tasks.ner.strict.f1" in result.stderr


# --- invalid input: exit 2 ---------------------------------------------------------------

@pytest.mark.parametrize("field, change, shown", [
    ("gold", {"sha256": "0" * 64}, "gold.sha256"),
    ("gold", {"gold_version": "9.9.9"}, "gold.gold_version"),
    ("signature", "clitic=no", "signature ner"),
    ("signature", f"khabar:{__version__}", "signature khabar"),
    ("signature", "timex:te3", "signature timex"),
    ("signature", "split:all", "signature split"),
])
def test_incomparable_results_exit_2_with_the_difference(tmp_path, base_data, field, change,
                                                        shown):
    current = copy.deepcopy(base_data)
    if field == "gold":
        current["gold"].update(change)
    else:
        replacement = {"clitic=no": "clitic=yes", f"khabar:{__version__}": "khabar:9.9.9",
                       "timex:te3": "timex:te4", "split:all": "split:test"}[change]
        current["signature"] = current["signature"].replace(change, replacement)
    result = gate(tmp_path, current)
    assert result.exit_code == 2, result.output
    assert "not comparable" in result.stderr and shown in result.stderr


def test_system_bootstrap_and_seed_do_not_matter(tmp_path, base_data):
    current = copy.deepcopy(base_data)
    current["signature"] = (current["signature"]
                            .replace("sys:builtin:rules", "sys:py:mine")
                            .replace("bs:1000,seed:12345", "bs:200,seed:7"))
    assert gate(tmp_path, current).exit_code == 0


def test_signature_mismatch_lists_every_difference(tmp_path, base_data):
    current = copy.deepcopy(base_data)
    current["gold"]["sha256"] = "f" * 64
    current["signature"] = current["signature"].replace("norm=standard", "norm=none")
    with pytest.raises(SignatureMismatch) as info:
        check(load_results(BASELINE), load_results(write(tmp_path / "c.json", current)))
    assert [d[0] for d in info.value.differences] == ["gold.sha256", "signature ner"]


@pytest.mark.parametrize("content, message", [
    (None, "results file not found"),
    ("{not json", "not valid JSON (line 1, column 2"),
    ("[1, 2]", "not a khabar results file (top level is list"),
    ('{"schema_version": 1, "signature": "x"}', "missing 'gold', 'tasks'"),
    ('{"schema_version": 99, "signature": "", "gold": {}, "tasks": {}}',
     "schema_version 99, this khabar reads 1"),
    ('{"schema_version": 1, "signature": "", "gold": {}, "tasks": []}',
     "field 'tasks' must be a dict"),
])
def test_bad_results_file_exit_2_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--baseline", str(BASELINE)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "bad.json" in result.stderr


def test_missing_baseline_exit_2(tmp_path):
    result = runner.invoke(app, ["check", str(BASELINE), "--baseline",
                                 str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "baseline file not found" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--max-drop", "tasks.ner.strict.f=0.01"],
     "unknown metric path --max-drop 'tasks.ner.strict.f'; did you mean tasks.ner.strict.f1"),
    (["--min", "tasks.timex.value_f2=0.8"], "did you mean tasks.timex.value_f1"),
    (["--min", "tasks.ner.strict=0.8"], "unknown metric path --min 'tasks.ner.strict'"),
    (["--min", "tasks.ner.strict.f1"], "--min expects METRIC=VALUE"),
    (["--max-drop", "tasks.ner.strict.f1=abc"], "'abc' is not a number"),
    (["--max-drop", "tasks.ner.strict.f1=-1"], "expected a number >= 0"),
    (["--tolerance", "-0.1"], "--tolerance must be a number >= 0"),
])
def test_bad_options_exit_2(args, message):
    result = runner.invoke(app, ["check", str(BASELINE), "--baseline", str(BASELINE), *args])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())


def test_results_and_extractor_are_exclusive():
    both = runner.invoke(app, ["check", str(BASELINE), "--extractor", "rules",
                               "--baseline", str(BASELINE)])
    neither = runner.invoke(app, ["check", "--baseline", str(BASELINE)])
    assert both.exit_code == neither.exit_code == 2
    assert "exactly one" in both.stderr


def test_parse_assignments():
    assert parse_assignments(["a.b=0.5", " c = 1"], "--min") == {"a.b": 0.5, "c": 1.0}
    with pytest.raises(GateError, match="given twice"):
        parse_assignments(["a=1", "a=2"], "--min")


def test_unknown_metric_carries_suggestions():
    with pytest.raises(UnknownMetric) as info:
        check(load_results(BASELINE), load_results(BASELINE), minimum={"tasks.ner.strct.f1": 1})
    assert info.value.suggestions[0] == "tasks.ner.strict.f1"


# --- JUnit XML --------------------------------------------------------------------------------

NASTY = 'q"uote & <tag> 50%: a, b\nnext'


def test_junit_one_testcase_per_metric(tmp_path, base_data):
    current = edited(base_data, ner__strict__f1=0.9, timex__value_f1=0.5)
    current["tasks"]["ner"][NASTY] = {"f1": 0.1}
    baseline = copy.deepcopy(base_data)
    baseline["tasks"]["ner"][NASTY] = {"f1": 0.2}
    junit = tmp_path / "out" / "junit.xml"
    result = gate(tmp_path, current, "--junit", str(junit), "--all", baseline=baseline)
    assert result.exit_code == 1, result.output
    suite = ET.parse(junit).getroot()
    cases = suite.findall("testcase")
    assert suite.tag == "testsuite" and suite.get("name") == "khabar.check"
    assert int(suite.get("tests")) == len(cases) == 275
    assert int(suite.get("failures")) == 3 and suite.get("time") == "0"
    assert len({c.get("name") for c in cases}) == 275
    failed = {c.get("name"): c for c in cases if c.find("failure") is not None}
    assert set(failed) == {"tasks.ner.strict.f1", "tasks.timex.value_f1", f"tasks.ner.{NASTY}.f1"}
    case = failed["tasks.ner.strict.f1"]
    assert case.get("classname") == "khabar.check" and case.get("time") == "0"
    props = {p.get("name"): p.get("value") for p in case.find("properties")}
    drop = STRICT_F1 - 0.9
    assert props["baseline"] == f"{STRICT_F1:.4f}" and props["current"] == "0.9000"
    assert props["delta"] == f"{-drop:+.4f}" and props["allowed_drop"] == "0.0050"
    lo, hi = base_data["bootstrap"]["intervals"]["ner.strict.f1"]
    assert props["baseline_ci"].startswith(f"[{lo:.4f}"[:5]) and props["floor"] == ""
    assert case.find("failure").get("message") == f"dropped {drop:.4f} (> allowed 0.0050)"
    passed = next(c for c in cases if c.get("name") == "tasks.ner.exact.f1")
    assert passed.find("failure") is None and passed.find("properties") is not None


def test_junit_is_valid_with_any_message():
    nasty = Check('m"&<>', 0.5, 0.4, -0.1, 0.005, None, None, None, False,
                  NASTY + "\x00\x1b[31m")
    report = GateReport(Path("b&.json"), Path('c".json'), "sig|<x>", 0.005, False, (nasty,))
    root = ET.fromstring(junit_xml(report).encode("utf-8"))
    case = root.find("testcase")
    assert case.get("name") == 'm"&<>'
    assert case.find("failure").get("message").startswith(NASTY)


def test_junit_file_is_replaced(tmp_path, base_data):
    junit = tmp_path / "junit.xml"
    junit.write_text("old", encoding="utf-8")
    assert gate(tmp_path, base_data, "--junit", str(junit)).exit_code == 0
    assert ET.parse(junit).getroot().get("failures") == "0"


# --- GitHub step summary and annotations ------------------------------------------------------

def test_step_summary_appended_and_annotations_escaped(tmp_path, base_data):
    key = "odd%key:\nx,y"
    baseline = copy.deepcopy(base_data)
    baseline["tasks"]["ner"][key] = {"f1": 0.5}
    current = edited(base_data, ner__strict__f1=0.9)
    current["tasks"]["ner"][key] = {"f1": 0.25}
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step output\n", encoding="utf-8")
    result = gate(tmp_path, current, "--all", baseline=baseline,
                  env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1, result.output
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step output\n## khabar check: **FAILED**: 2 of 275")
    assert (f"| `tasks.ner.strict.f1` | {STRICT_F1:.4f} | 0.9000 | {0.9 - STRICT_F1:+.4f} | "
            "**FAIL**") in text
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 2
    assert ("::error title=khabar check%3A tasks.ner.odd%25key%3A%0Ax%2Cy.f1::"
            "tasks.ner.odd%25key:%0Ax,y.f1: baseline 0.5000, current 0.2500: dropped 0.2500 "
            "(> allowed 0.0050)") in errors
    assert all("\r" not in e for e in errors)


def test_no_step_summary_no_annotations(tmp_path, base_data):
    result = gate(tmp_path, edited(base_data, ner__strict__f1=0.9),
                  env={"GITHUB_STEP_SUMMARY": ""})
    assert result.exit_code == 1 and "::error" not in result.stdout


@pytest.mark.parametrize("text, data, prop", [
    ("50%", "50%25", "50%25"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("k: v, w", "k: v, w", "k%3A v%2C w"),
    ("%0A", "%250A", "%250A"),
])
def test_escapes(text, data, prop):
    assert escape_data(text) == data and escape_property(text) == prop


def test_annotations_only_for_failures():
    ok = Check("a", 1.0, 1.0, 0.0, 0.005, None, None, None, True, "ok")
    bad = Check("b", 1.0, 0.5, -0.5, 0.005, None, None, None, False, "x\ny")
    lines = github_annotations(GateReport(Path("b"), Path("c"), "", 0.005, False, (ok, bad)))
    assert lines == ["::error title=khabar check%3A b::b: baseline 1.0000, current 0.5000: x%0Ay"]


def test_markdown_capped_with_failures_first():
    checks = tuple(Check(f"tasks.ner.m{i:04d}.f1", 0.5, 0.5, 0.0, 0.005, None, None, None,
                         True, "ok") for i in range(3000))
    bad = Check("tasks.ner.zzz.f1", 0.5, 0.1, -0.4, 0.005, None, None, None, False, "a | b")
    report = GateReport(Path("b"), Path("c"), "s|t", 0.005, False, checks + (bad,))
    full = markdown(report)
    assert len(full.encode()) < 1024 * 1024 and "more row(s)" not in full
    small = markdown(report, max_bytes=4000)
    assert len(small.encode()) <= 4000
    assert "more row(s) not shown" in small
    rows = [line for line in small.splitlines() if line.startswith("| `")]
    assert rows[0] == "| `tasks.ner.zzz.f1` | 0.5000 | 0.1000 | -0.4000 | **FAIL**: a \\| b |"
    assert len(markdown(report, max_bytes=100).encode()) <= 100


def test_step_summary_respects_the_1_mib_budget(tmp_path, base_data):
    summary = tmp_path / "summary.md"
    summary.write_text("x" * (1024 * 1024 - 3000), encoding="utf-8")
    result = gate(tmp_path, edited(base_data, ner__strict__f1=0.9),
                  env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert summary.stat().st_size <= 1024 * 1024
    assert "tasks.ner.strict.f1" in summary.read_text(encoding="utf-8")


# --- running an extractor first ----------------------------------------------------------------

def test_extractor_rules_passes_against_its_baseline(tmp_path):
    junit = tmp_path / "j.xml"
    result = runner.invoke(app, ["check", "--extractor", "rules", "--baseline", str(BASELINE),
                                 "--junit", str(junit), "--all"])
    assert result.exit_code == 0, result.output
    assert f"passed: {N_METRICS} metric(s)" in result.stdout
    assert ET.parse(junit).getroot().get("tests") == str(N_METRICS)


def test_extractor_empty_is_a_regression():
    result = runner.invoke(app, ["check", "--extractor", "empty", "--baseline", str(BASELINE),
                                 "--bootstrap", "0"])
    assert result.exit_code == 1, result.output


def test_extractor_failure_and_bad_spec_exit_2():
    crash = ROOT / "tests" / "extractors" / "crash.py"
    failed = runner.invoke(app, ["check", "--extractor", f"cmd:{sys.executable} {crash}",
                                 "--baseline", str(BASELINE), "--bootstrap", "0"])
    assert failed.exit_code == 2, failed.output
    assert "nothing to check" in failed.stderr
    unknown = runner.invoke(app, ["check", "--extractor", "rulez", "--baseline", str(BASELINE)])
    assert unknown.exit_code == 2


def test_extractor_on_invalid_gold_exits_2_not_1(gold_copy):
    gold_copy.data["entities"][0]["end"] = gold_copy.data["entities"][0]["start"]
    gold_copy.write()
    result = runner.invoke(app, ["check", "--extractor", "rules", "--baseline", str(BASELINE),
                                 "--gold", str(gold_copy.gold_dir)])
    assert result.exit_code == 2, result.output


def test_non_finite_metric_is_invalid_input(tmp_path, base_data):
    current = edited(base_data, ner__strict__f1=float("nan"))
    result = gate(tmp_path, current)
    assert result.exit_code == 2
    assert "tasks.ner.strict.f1 is not a finite number" in result.stderr


def test_paths_with_markup_characters_are_printed_verbatim(tmp_path, base_data):
    odd = tmp_path / "[bold]odd[red] :x:.json"
    write(odd, edited(base_data, ner__strict__f1=0.9))
    result = runner.invoke(app, ["check", str(odd), "--baseline", str(BASELINE)])
    assert result.exit_code == 1
    assert "[bold]odd[red] :x:.json" in "".join(result.stdout.split("\n"))
    missing = runner.invoke(app, ["check", str(tmp_path / "[red]gone.json"),
                                  "--baseline", str(BASELINE)])
    assert missing.exit_code == 2 and "[red]gone.json" in missing.stderr


# --- in-process results: read by attribute access, never through to_dict ------------------------

@pytest.mark.parametrize("spec", ["rules", "dateparser", "empty"])
def test_typed_leaves_are_the_results_file_leaves(spec):
    """``khabar check --extractor`` compares the run's Results without turning it into a
    dict: ResultsFile.of reads the counts, and gives what the results file would."""
    from benchmark.gold.loader import load_gold
    from benchmark.harness import evaluate
    from benchmark.scoring.gate import (ResultsFile, comparability, metric_leaves,
                                        results_leaves)
    from benchmark.scoring.settings import DEFAULTS

    results = evaluate(spec, load_gold().select("dev"), DEFAULTS.but(bootstrap=20)).results
    data = results.to_dict()
    assert results_leaves(results) == metric_leaves(data["tasks"])
    typed, read = ResultsFile.of(Path("x"), results), ResultsFile.from_data(Path("x"), data)
    assert typed.tasks == read.tasks and typed.signature == read.signature
    assert typed.headline_metrics == read.headline_metrics
    assert all(typed.interval(p) == read.interval(p) for p in read.leaves)
    assert comparability(typed, read) == []


def test_check_extractor_never_calls_to_dict(monkeypatch):
    from benchmark.scoring.results import Results

    def refuse(self, **kw):
        raise AssertionError("Results.to_dict called")

    monkeypatch.setattr(Results, "to_dict", refuse)
    result = runner.invoke(app, ["check", "--extractor", "rules", "--baseline", str(BASELINE),
                                 "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
