"""Issue 12: one spine (harness), one settings object, typed results end to end,
options that belong to adapters, and no import cycles."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from benchmark.gold.loader import load_gold
from benchmark.harness import evaluate
from benchmark import DEFAULTS, Results, ScoreSettings, score
from benchmark.scoring.results import Signature
from khabar_cli import assert_no_traceback, run

ROOT = Path(__file__).resolve().parent.parent
SAVED = sorted(p for p in (ROOT / "reports").rglob("*.json")
               if "signature" in json.loads(p.read_text(encoding="utf-8")))
sys.path.insert(0, str(ROOT / "tests" / "tools"))


@pytest.fixture(scope="module")
def dev():
    return load_gold().select("dev")


@pytest.mark.parametrize("path", SAVED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_saved_results_file_round_trips_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    again = Results.from_dict(json.loads(text)).to_dict()
    assert json.dumps(again, ensure_ascii=False, sort_keys=True, indent=2) + "\n" == text


def test_saved_results_exist() -> None:
    assert len(SAVED) >= 3


@pytest.mark.parametrize("text", [
    "khabar:0.2.0|gold:2.0.0+4a9ae50b|split:test|ner:fine,clitic=no,norm=none|timex:te3|"
    "attr:v1|bs:1000,seed:12345,unit:doc",
    "khabar:0.2.0|gold:2.0.0+4a9ae50b|split:dev|limit:3|shard:1/2|sys:builtin:x@1#abcd1234|"
    "ner:fine,clitic=yes,norm=standard|timex:te3,values=canonical|bs:0,seed:7,unit:sen",
])
def test_signature_parse_inverts_str(text: str) -> None:
    assert str(Signature.parse(text)) == text


@pytest.mark.parametrize("text", ["", "khabar:0.2.0", "khabar:1|gold:g|split:all|bs:1,x:2,unit:doc",
                                  "khabar:1|gold:g|split:all|bs:1,seed:2,unit:doc|what:3"])
def test_signature_parse_refuses_what_is_no_signature(text: str) -> None:
    with pytest.raises(ValueError, match="signature"):
        Signature.parse(text)


def test_from_dict_names_the_bad_field() -> None:
    with pytest.raises(ValueError, match="schema_version"):
        Results.from_dict({"signature": ""})


def test_library_and_run_share_the_normalisation_default(dev) -> None:
    import inspect

    from benchmark.harness.run import run_extractor

    assert inspect.signature(run_extractor).parameters["norm"].default == DEFAULTS.norm
    results = score(dev, [], bootstrap=0)
    assert results.signature == Signature.of(
        DEFAULTS.but(bootstrap=0), version=results.signature.version,
        gold=results.signature.gold, tasks=(), split="dev", unit=results.unit_kind)


@pytest.mark.parametrize(("change", "message"), [
    ({"tasks": ("nerr",)}, "unknown task 'nerr'"),
    ({"norm": "loud"}, "unknown norm preset 'loud'"),
    ({"bootstrap": -1}, "bootstrap must be 0 or more"),
    ({"resample": "words"}, "unknown resampling unit 'words'"),
    ({"timex_values": "fuzzy"}, "unknown timex value comparison 'fuzzy'"),
])
def test_settings_name_the_bad_value(change, message) -> None:
    with pytest.raises(ValueError, match=message):
        ScoreSettings(**change).check()


def test_settings_refuse_unknown_names() -> None:
    with pytest.raises(TypeError, match="unknown score setting"):
        DEFAULTS.but(sed=1)


def test_score_takes_plain_dict_records(dev) -> None:
    doc = dev.documents[0]
    entity = doc.entities[0]
    records = [{"doc_id": doc.doc_id, "entities": [
        {"start": entity.start, "end": entity.end, "type": entity.type}]}]
    results = score(dev, records, bootstrap=0)
    assert results.ner is not None
    assert results.ner["fine"].overall.modes[0].cor == 1


def test_score_names_the_bad_record_field(dev) -> None:
    from benchmark.predict.predictions import PredictionError

    with pytest.raises(PredictionError, match="type"):
        score(dev, [{"doc_id": dev.documents[0].doc_id,
                     "entities": [{"start": 0, "end": 1, "type": "NOPE"}]}], bootstrap=0)


def test_evaluate_returns_the_run_results_and_pairings(dev) -> None:
    ev = evaluate("oracle", dev, DEFAULTS.but(bootstrap=0))
    assert ev.ok and ev.results is not None
    assert ev.results.value("tasks.ner.strict.f1") == 1.0
    assert set(ev.pairings) == {d.doc_id for d in dev}
    from benchmark.scoring.outcomes import document_outcomes

    for doc in dev:    # outcomes read from the pairings equal those computed afresh
        pred = ev.run.predictions[doc.doc_id]
        assert document_outcomes(doc, pred, ev.pairings[doc.doc_id]) == \
            document_outcomes(doc, pred)


def test_rules_outcomes_from_pairings_equal_recomputed(dev) -> None:
    from benchmark.scoring.outcomes import document_outcomes

    ev = evaluate("rules", dev, DEFAULTS.but(bootstrap=0))
    for doc in dev:
        pred = ev.run.predictions[doc.doc_id]
        assert document_outcomes(doc, pred, ev.pairings[doc.doc_id]) == \
            document_outcomes(doc, pred)


# -- options belong to adapters ---------------------------------------------------

def test_each_spec_gets_only_its_own_options(dev) -> None:
    from runners.options import share_options

    shared = share_options(["rules", "openai:m", "cmd:true"],
                           {"base_url": "http://127.0.0.1:9", "timeout": 5})
    assert shared == {"rules": {}, "openai:m": {"base_url": "http://127.0.0.1:9", "timeout": 5},
                      "cmd:true": {"timeout": 5}}


def test_compare_rules_and_openai_with_base_url_builds_both(dev) -> None:
    from benchmark.cli.running import _build_extractors

    built = _build_extractors(["rules", "openai:m"], dev,
                              {"base_url": "http://127.0.0.1:9", "timeout": None})
    assert [spec for spec, _ in built] == ["rules", "openai:m"]


def test_an_option_no_extractor_takes_is_a_usage_error() -> None:
    proc = run("score", "rules", "--timeout", "5", "--limit", "1")
    assert proc.returncode == 2, proc.stderr
    assert "--timeout applies to none of the extractors given (rules)" in proc.stderr
    assert "py: or cmd: or openai:" in proc.stderr
    assert_no_traceback(proc)


@pytest.mark.slow  # the endpoint's retries take seconds; option sharing stays fast in test_an_option_no_extractor_takes_is_a_usage_error and test_compare_rules_and_openai_with_base_url_builds_both
def test_compare_rules_openai_base_url_no_longer_crashes() -> None:
    proc = run("compare", "rules", "openai:m", "--base-url", "http://127.0.0.1:9/v1",
               "--limit", "1", "--bootstrap", "0", "--task", "ner", "--format", "json",
               env={"OPENAI_API_KEY": "x"})
    assert "unexpected keyword argument" not in proc.stderr
    assert proc.returncode == 3, proc.stderr      # rules ran; the endpoint is down
    assert json.loads(proc.stdout)["systems"][0]["status"] == "ok"
    assert_no_traceback(proc)


@pytest.mark.slow  # a py: worker process; --timeout reaching its adapter stays fast in test_each_spec_gets_only_its_own_options
def test_py_honours_timeout() -> None:
    proc = run("score", "py:tests.extractors.pyext:first_word", "--timeout", "60",
               "--limit", "1", "--bootstrap", "0")
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)


# -- import graph ------------------------------------------------------------------

def test_no_import_cycle_between_modules() -> None:
    from import_graph import cycles, graph

    assert cycles(graph(top_level=False)) == []


def test_the_harness_is_the_only_library_chain_site() -> None:
    from chain_sites import ROOT as TOOL_ROOT, sites

    found = [s for s in sites([TOOL_ROOT / "benchmark", TOOL_ROOT / "runners"])
             if not s[0].startswith("benchmark/harness")]
    assert found == []


def test_no_import_runs_up_the_layers() -> None:
    """core < gold < predict < scoring < formats/importers/perturb/render < runners
    < harness < publish < cli < api, with no cycle between packages either."""
    from import_graph import collapse, cycles, graph, layer_of, upward_imports

    every = graph(top_level=False)
    assert upward_imports(every) == []
    assert cycles(collapse(every, layer_of)) == []
    assert cycles(collapse(every)) == []
    assert [m for m in every if layer_of(m) == "unlayered"] == []


def test_the_layers_are_what_their_modules_are() -> None:
    from import_graph import layer_of

    assert [layer_of(m) for m in ("benchmark.gold.loader", "benchmark.scoring.engine", "runners.hf",
                                  "benchmark.harness.run", "benchmark.publish.leaderboard",
                                  "benchmark.cli.check", "benchmark")] == [
        "gold", "scoring", "runners", "harness", "publish", "cli", "api"]


# -- the README's Python example ---------------------------------------------------

def test_readme_python_example_runs(capsys) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = "<!-- readme-python -->\n```python\n"
    assert marker in text
    code = text.split(marker, 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md (Python API example)", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("khabar:") and "split:dev" in printed[0]
    assert printed[1] == "True"


def test_architecture_map_names_every_package_and_module_that_exists() -> None:
    """docs/architecture.md has a paragraph for every package, and every module
    path it names exists."""
    import re

    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = sorted(str(p.parent.relative_to(ROOT)) for p in
                      [*(ROOT / "benchmark").glob("*/__init__.py"),
                       *(ROOT / "runners").glob("*/__init__.py")]
                      if "data" not in p.parts)
    for package in packages:
        assert f"`{package}/`" in text, package
    for folder in re.findall(r"`((?:benchmark|runners|tests)/[\w/]*)`", text):
        assert (ROOT / folder).exists(), folder
    for name in re.findall(r"`([a-z_]+\.py)`", text):
        assert list(ROOT.glob(f"benchmark/**/{name}")) or list(ROOT.glob(f"runners/**/{name}")) \
            or list(ROOT.glob(f"tests/**/{name}")), name
