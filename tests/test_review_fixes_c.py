"""Regression tests of the adversarial review's bugs in leaderboard, merge,
robustness and ``file:`` selection (bugs 8, 12, 17, L3, L4, L5, L6, L8 and the
leaderboard's one-granularity ranking). Each runs ``khabar`` as a subprocess, the
way a user does, and asserts the exit code, the message and what was written.
(Bug 5, the merge of a coarse system's shards: tests/test_shard_merge.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar_cli import ROOT, assert_no_traceback, run

BUNDLED = ROOT / "gold"
SEED = "000_3de78dd80989a7ed"
SEED_FILE = BUNDLED / f"{SEED}.json"

MARKING = '''
"""Writes a marker file when it runs (the test asserts nothing ran)."""
from pathlib import Path


def extract(documents):
    Path(__file__).with_name("ran.marker").write_text("ran")
    return [{"doc_id": d.doc_id, "entities": []} for d in documents]
'''


# ------------------------------------------------ bug 8: the output folder, before running

@pytest.mark.parametrize("occupy, message", [
    ("user-file", "refusing to overwrite files khabar did not write (use --force)"),
    ("file-for-folder", "results is not a directory"),
])
def test_leaderboard_refuses_its_output_folder_before_running(tmp_path: Path, occupy: str,
                                                              message: str) -> None:
    (tmp_path / "marking.py").write_text(MARKING, encoding="utf-8")
    out = tmp_path / "lb"
    out.mkdir()
    if occupy == "user-file":
        (out / "leaderboard.html").write_text("mine\n", encoding="utf-8")
    else:
        (out / "results").write_text("a file where khabar puts a folder\n", encoding="utf-8")
    proc = run("leaderboard", "--only", "py:marking:extract", "--gold", str(SEED_FILE),
               "--out", str(out), "--bootstrap", "0", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr
    assert_no_traceback(proc)
    assert not (tmp_path / "ran.marker").exists()          # refused before anything ran
    assert sorted(p.name for p in out.iterdir()) == \
        (["leaderboard.html"] if occupy == "user-file" else ["results"])
    if occupy == "user-file":
        assert (out / "leaderboard.html").read_text(encoding="utf-8") == "mine\n"


# ------------------------------------------------ bug 12: predictions for the headline split only

def test_leaderboard_scores_a_headline_split_only_file(tmp_path: Path) -> None:
    proc = run("export", "--gold", str(BUNDLED), "--split", "test", "--format", "jsonl",
               "--out", str(tmp_path / "exp"))
    assert proc.returncode == 0, proc.stderr
    preds = tmp_path / "exp" / "gold.jsonl"
    spec = f"file:{preds}"
    out = tmp_path / "lb"
    proc = run("leaderboard", "--only", spec, "--gold", str(BUNDLED), "--split", "test",
               "--out", str(out), "--bootstrap", "0")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    assert "expected a prediction record" not in proc.stderr
    md = (out / "leaderboard.md").read_text(encoding="utf-8")
    headline, beside = md.split("## Beside: dev split")
    assert f"| `{spec}` | **1.000** | **1.000** | **1.000** | ok |" in headline
    assert (f"| `{spec}` | — | — | — | not available: no predictions for the dev split "
            "(its file has no line for any of its documents) |") in beside
    assert "not available" in (out / "leaderboard.html").read_text(encoding="utf-8")
    stem = "file_" + str(preds).strip("/").replace("/", "_")
    data = json.loads((out / "results" / f"{stem}.json").read_text(encoding="utf-8"))
    assert data["gold"]["split"] == "test" and "status" not in data
    assert not (out / "results" / "dev").exists()          # nothing written for dev
