"""Shared end-to-end checks of ``khabar import``: run the installed ``khabar`` the way a
user does (import, validate, score oracle, score rules) and read the results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from khabar_cli import assert_no_traceback, run


def khabar_import(cwd: Path, *args: str, ok: bool = True):  # type: ignore[no-untyped-def]
    proc = run("import", *args, cwd=cwd)
    assert_no_traceback(proc)
    if ok:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def validate(cwd: Path, out: str = "out") -> str:
    proc = run("validate", f"{out}/gold", cwd=cwd)
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "valid:" in proc.stdout
    return proc.stdout


def score(cwd: Path, spec: str, *args: str, out: str = "out") -> dict[str, Any]:
    """``khabar score SPEC --gold OUT/gold --split all ARGS --json -``: the results."""
    proc = run("score", spec, "--gold", f"{out}/gold", "--split", "all", "--bootstrap", "0",
               *args, "--json", "-", cwd=cwd)
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout)


def check_end_to_end(cwd: Path, layers: tuple[str, ...], out: str = "out") -> dict[str, Any]:
    """Validate, then the oracle scores 1.0 on every annotated layer and no task is
    scored on a document outside its layers. Returns the oracle results."""
    validate(cwd, out)
    results = score(cwd, "oracle", out=out)
    task_of = {"entities": "ner", "timexes": "timex", "attributions": "attribution"}
    scored = {task_of[layer] for layer in layers}
    if "ner" in scored:
        ner = results["tasks"]["ner"]
        for mode in ("strict", "exact", "partial", "type"):
            assert ner[mode]["f1"] == 1.0, (mode, ner[mode])
        assert ner["coarse"]["strict"]["f1"] == 1.0
    if "timex" in scored:
        timex = results["tasks"]["timex"]
        assert timex["strict"]["f1"] == 1.0 and timex["relaxed"]["f1"] == 1.0, timex
        assert timex["value_accuracy"] == 1.0 and timex["type_accuracy"] == 1.0
    if "attribution" in scored:
        assert results["tasks"]["attribution"]["cue"]["exact"]["f1"] == 1.0
    for counts in results["per_document"].values():
        assert set(counts) <= scored, counts
    return results


def check_ner_only_rules(cwd: Path, out: str = "out") -> None:
    """``khabar score rules --gold OUT/gold --task ner --split all`` exits 0; scoring
    rules on every task penalises no TIMEX3 or attribution prediction on a
    NER-only corpus (``layers`` honoured)."""
    proc = run("score", "rules", "--gold", f"{out}/gold", "--task", "ner", "--split", "all",
               "--bootstrap", "0", cwd=cwd)
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "NER" in proc.stdout and "TIMEX3" not in proc.stdout
    only_ner = score(cwd, "rules", "--task", "ner", out=out)
    assert set(only_ner["tasks"]) == {"ner"}
    every = score(cwd, "rules", out=out)
    for counts in every["per_document"].values():
        assert set(counts) <= {"ner"}, counts
    timex = every["tasks"].get("timex")
    if timex is not None:
        assert timex["counts"]["pred"] == 0 and timex["counts"]["gold"] == 0, timex["counts"]
    attribution = every["tasks"].get("attribution")
    if attribution is not None:
        assert attribution["relation"]["strict"]["pred"] == 0, attribution["relation"]
    assert every["tasks"]["ner"] == only_ner["tasks"]["ner"]
