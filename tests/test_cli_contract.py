"""CLI contract tests (fastapi-cli's style): the harness call is patched, and each
test asserts the exact arguments a command hands to the library.

Each command is parse → settings/options → one harness call
(:func:`benchmark.harness.evaluate`, :func:`benchmark.harness.build`) → render →
exit code; these tests pin the middle of that chain, so a change in what a flag
means shows up here and not only in a score.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

import benchmark.harness as harness
from benchmark.cli import app
from benchmark.harness import Evaluation
from benchmark.harness.run import RunOutcome
from benchmark.scoring.settings import DEFAULTS, TASKS
from runners.base import ExtractorInfo

runner = CliRunner()


def documents(split: str = "all") -> int:
    """How many documents of the tests' default gold (the seed) ``split`` holds."""
    from benchmark.gold.loader import load_gold

    return len(load_gold().select(split))


class Calls:
    """What the patched harness was called with."""

    def __init__(self) -> None:
        self.built: list[tuple[str, dict[str, Any]]] = []
        self.evaluated: list[dict[str, Any]] = []


@pytest.fixture
def calls(monkeypatch) -> Calls:
    seen = Calls()

    def build(spec: str, gold: Any, options: Any = None) -> Any:
        seen.built.append((spec, dict(options or {})))
        return object()

    def evaluate(extractor: Any, gold: Any, settings: Any = DEFAULTS, options: Any = None, *,
                 spec: str | None = None, strict: bool = False, progress: Any = None,
                 score: bool = True) -> Evaluation:
        seen.evaluated.append({"documents": len(gold), "split": gold.split,
                               "settings": settings, "spec": spec, "strict": strict,
                               "score": score, "options": options})
        return Evaluation(spec or "", RunOutcome(spec or "", ExtractorInfo("stub", spec or ""),
                                                 "failed", reason="stubbed harness"))

    monkeypatch.setattr(harness, "build", build)
    monkeypatch.setattr(harness, "evaluate", evaluate)
    return seen


def test_score_passes_the_settings_and_only_its_adapters_options(calls) -> None:
    result = runner.invoke(app, ["score", "cmd:true", "--split", "dev", "--task", "ner",
                                 "--bootstrap", "7", "--seed", "3", "--clitic", "--norm",
                                 "marks", "--timex-values", "canonical", "--timeout", "9",
                                 "--strict"])
    assert result.exit_code == 3, result.output
    assert calls.built == [("cmd:true", {"timeout": 9.0})]
    assert calls.evaluated == [{
        "documents": documents("dev"), "split": "dev", "spec": "cmd:true", "strict": True,
        "score": True, "options": None,
        "settings": DEFAULTS.but(tasks=("ner",), bootstrap=7, seed=3, clitic=True,
                                 norm="marks", timex_values="canonical", split="dev")}]


def test_score_defaults_are_the_settings_defaults(calls) -> None:
    result = runner.invoke(app, ["score", "rules", "--split", "dev"])
    assert result.exit_code == 3, result.output
    assert calls.built == [("rules", {})]
    assert calls.evaluated[0]["settings"] == DEFAULTS.but(split="dev")
    assert calls.evaluated[0]["settings"].tasks == TASKS


def test_score_limit_and_shard_select_documents_and_skip_scoring(calls) -> None:
    result = runner.invoke(app, ["score", "rules", "--split", "dev", "--limit", "1",
                                 "--shard", "1/1"])
    assert result.exit_code == 3, result.output
    assert calls.evaluated[0]["documents"] == 1 and calls.evaluated[0]["score"] is False


def test_compare_builds_each_spec_with_its_own_options(calls) -> None:
    result = runner.invoke(app, ["compare", "rules", "openai:m", "--split", "dev",
                                 "--base-url", "http://127.0.0.1:9/v1", "--temperature", "0.5",
                                 "--task", "ner", "--bootstrap", "0", "--no-cache"])
    assert result.exit_code == 3, result.output
    assert calls.built == [("rules", {}), ("openai:m", {
        "base_url": "http://127.0.0.1:9/v1", "temperature": 0.5, "tasks": ("ner",),
        "cache_dir": None})]
    settings = DEFAULTS.but(tasks=("ner",), bootstrap=0, split="dev")
    assert [(c["spec"], c["settings"], c["score"]) for c in calls.evaluated] == [
        ("rules", settings, True), ("openai:m", settings, True)]


def test_leaderboard_runs_every_document_once_without_scoring(calls, tmp_path) -> None:
    result = runner.invoke(app, ["leaderboard", "--only", "rules", "duckling", "--out",
                                 str(tmp_path / "lb"), "--bootstrap", "5", "--seed", "8"])
    assert result.exit_code == 3, result.output
    assert calls.built == [("rules", {}), ("duckling", {})]
    assert [(c["spec"], c["split"], c["documents"], c["score"]) for c in calls.evaluated] == [
        ("rules", "all", documents(), False), ("duckling", "all", documents(), False)]
    assert {c["settings"] for c in calls.evaluated} == {DEFAULTS.but(bootstrap=5, seed=8)}


def test_check_with_an_extractor_evaluates_it_under_the_given_settings(calls, tmp_path) -> None:
    baseline = "reports/baseline/rules.json"
    result = runner.invoke(app, ["check", "--baseline", baseline, "--extractor", "rules",
                                 "--split", "dev", "--bootstrap", "0", "--task", "timex"])
    assert result.exit_code == 2, result.output        # the stub failed: nothing to check
    assert calls.built == [("rules", {})]
    assert calls.evaluated[0]["settings"] == DEFAULTS.but(bootstrap=0, tasks=("timex",),
                                                          split="dev")


def test_an_option_no_spec_takes_never_reaches_the_harness(calls) -> None:
    result = runner.invoke(app, ["compare", "rules", "duckling", "--hf-stride", "16"])
    assert result.exit_code == 2
    assert "--hf-stride applies to none of the extractors given (rules, duckling)" in \
        result.output
    assert calls.built == [] and calls.evaluated == []


def test_robustness_hands_the_built_extractors_and_kinds_to_the_library(monkeypatch,
                                                                       tmp_path) -> None:
    import benchmark.publish.robustness as robustness

    seen: dict[str, Any] = {}

    def fake(gold: Any, extractors: Any, **kw: Any) -> dict[str, Any]:
        seen.update(documents=len(gold), specs=[s for s, _ in extractors], **kw)
        raise ValueError("stubbed")

    monkeypatch.setattr(robustness, "robustness", fake)
    result = runner.invoke(app, ["robustness", "rules", "--kinds", "tatweel,digits", "--n",
                                 "2", "--seed", "5", "--split", "dev", "--out",
                                 str(tmp_path / "rb")])
    assert result.exit_code == 2, result.output
    assert seen["documents"] == documents("dev") and seen["specs"] == ["rules"]
    assert seen["kinds"] == ("tatweel", "digits") and seen["n"] == 2 and seen["seed"] == 5


def test_leaderboard_makes_one_publish_call_with_the_settings_and_the_specs(monkeypatch,
                                                                           tmp_path) -> None:
    """``khabar leaderboard`` is parse → settings → one
    :func:`benchmark.publish.leaderboard.build_leaderboard` call → write and render."""
    import benchmark.publish.leaderboard as leaderboard
    from benchmark.render.model import GoldInfo, Report

    seen: dict[str, Any] = {}

    def fake(full: Any, gold: Any, specs: Any, **kw: Any) -> Any:
        seen.update(full=len(full), split=gold.split, documents=len(gold), specs=specs,
                    settings=kw["settings"], reference=kw["reference"],
                    runs=callable(kw["run"]), keys=sorted(kw))
        report = Report("t", GoldInfo(gold.label, len(gold), gold.split), (), (),
                        generated="2024-01-01T00:00:00Z")
        return leaderboard.Leaderboard(gold, report, [])

    monkeypatch.setattr(leaderboard, "build_leaderboard", fake)
    result = runner.invoke(app, ["leaderboard", "--only", "rules", "duckling", "--split", "dev",
                                 "--reference", "duckling", "--bootstrap", "5", "--seed", "8",
                                 "--out", str(tmp_path / "lb")])
    assert result.exit_code == 0, result.output
    assert seen == {"full": documents(), "split": "dev", "documents": documents("dev"),
                    "specs": ["rules", "duckling"],
                    "settings": DEFAULTS.but(bootstrap=5, seed=8, split="dev"),
                    "reference": "duckling", "runs": True,
                    "keys": ["reference", "run", "settings"]}
    assert (tmp_path / "lb" / "leaderboard.md").is_file()
