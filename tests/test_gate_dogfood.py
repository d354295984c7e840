"""Dogfooding the CI gate: the built-in extractors must not fall below their
committed baselines in ``reports/baseline/``.

A change that lowers a score fails ``make test`` unless the baseline files are
regenerated in the same commit::

    .venv/bin/khabar score NAME --json reports/baseline/NAME.json \\
        --bootstrap 1000 --seed 12345 --force

Byte-identical regeneration is not required (an improvement or a new extractor
version changes the file); determinism of the JSON for the same input is
asserted separately.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.scoring.gate import check, load_results
from benchmark.scoring.results import TASKS

ROOT = Path(__file__).resolve().parent.parent
BASELINES = ROOT / "reports" / "baseline"
BUILTINS = ("rules", "duckling", "dateparser")
SETTINGS = {"bootstrap": 1000, "seed": 12345, "clitic": False, "norm": "standard"}
REGENERATE = ("regenerate with: .venv/bin/khabar score {name} --json "
              "reports/baseline/{name}.json --bootstrap 1000 --seed 12345 --force")


def fresh_results(name: str, gold):  # type: ignore[no-untyped-def]
    """Run and score a built-in extractor the way ``khabar score NAME`` does."""
    from benchmark.harness import evaluate
    from benchmark.scoring.settings import DEFAULTS

    evaluation = evaluate(name, gold, DEFAULTS.but(tasks=TASKS, **SETTINGS))
    assert evaluation.ok, f"{name} failed: {evaluation.run.reason}"
    return evaluation.results


def _skip_if_gold_changed(name: str) -> None:
    """A baseline scores one gold; after the gold changes (a document added, an
    annotation fixed) it must be re-scored, which is a data change, not a code
    regression. The skip names the command, and ``-ra`` shows it."""
    from conftest import default_split_gold

    data = json.loads((BASELINES / f"{name}.json").read_text(encoding="utf-8"))
    current = default_split_gold()
    if data["gold"]["sha256"] != current.sha256:
        pytest.skip(f"reports/baseline/{name}.json was scored on gold "
                    f"{data['gold']['gold_version']}+{data['gold']['sha256'][:8]}, the bundled "
                    f"gold is now {current.label}: " + REGENERATE.format(name=name))


def test_every_default_builtin_has_a_baseline():
    from runners.registry import BUILTINS as REGISTERED

    defaults = {name for name, entry in REGISTERED.items() if entry.default}
    assert defaults == set(BUILTINS)
    assert {p.stem for p in BASELINES.glob("*.json")} == set(BUILTINS)


@pytest.mark.parametrize("name", [
    BUILTINS[0],
    # the other built-ins against their baselines (a bundled-corpus run each): the gate's
    # dogfood stays fast with rules, duckling and dateparser in process in test_peers.py
    *[pytest.param(name, marks=pytest.mark.slow) for name in BUILTINS[1:]]])
def test_builtin_does_not_regress_against_its_baseline(name, tmp_path):
    from conftest import default_split_gold

    _skip_if_gold_changed(name)
    results = fresh_results(name, default_split_gold())
    current = tmp_path / f"{name}.json"
    current.write_text(results.to_json(), encoding="utf-8")
    baseline = load_results(BASELINES / f"{name}.json", "baseline")
    report = check(baseline, load_results(current))
    assert report.checks, "nothing was checked"
    failures = "\n".join(f"  {c.metric}: {c.baseline} → {c.current}: {c.reason}"
                         for c in report.failures)
    assert report.passed, f"{name} regressed against its baseline:\n{failures}\n" \
                          + REGENERATE.format(name=name)


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_results_json_is_byte_identical_for_the_same_input(name, gold):
    assert fresh_results(name, gold).to_json() == fresh_results(name, gold).to_json()


@pytest.mark.slow  # check --extractor on the bundled corpus for every built-in; test_builtin_does_not_regress_against_its_baseline checks the same baselines (rules in the fast tier) and test_gate.py::test_extractor_rules_passes_against_its_baseline the check --extractor path
@pytest.mark.parametrize("name", BUILTINS)
def test_khabar_check_extractor_passes_on_the_committed_baseline(name, tmp_path):
    _skip_if_gold_changed(name)
    junit = tmp_path / "junit.xml"
    result = CliRunner().invoke(app, ["check", "--extractor", name, "--baseline",
                                      str(BASELINES / f"{name}.json"), "--junit", str(junit),
                                      "--gold", str(ROOT / "gold")])
    assert result.exit_code == 0, result.output + "\n" + REGENERATE.format(name=name)
    assert junit.exists()


def test_baselines_were_scored_with_the_documented_settings():
    for name in BUILTINS:
        data = json.loads((BASELINES / f"{name}.json").read_text(encoding="utf-8"))
        assert "|bs:1000,seed:12345,unit:" in data["signature"], name
        assert data["bootstrap"]["samples"] == 1000 and data["bootstrap"]["seed"] == 12345
        assert data["extractor"]["spec"] == name
