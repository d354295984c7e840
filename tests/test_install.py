"""A non-editable install of the built wheel carries the bundled gold (the CI-gate job).

The wheel is built from this checkout and installed, without dependencies, into
a fresh virtual environment; the dependencies come from the test environment's
site-packages on ``PYTHONPATH`` (``.pth`` files there are not processed, so the
editable checkout cannot leak in). Commands run from an empty directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory, khabar_wheel) -> tuple[Path, dict[str, str]]:
    work = tmp_path_factory.mktemp("install")
    from khabar_cli import wheel_and_venv

    wheel, venv = wheel_and_venv(work, wheel=khabar_wheel)
    inst = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                           "install", "--no-deps", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert inst.returncode == 0, inst.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("KHABAR_GOLD", "PYTHONPATH")}
    env["PYTHONPATH"] = sysconfig.get_paths()["purelib"]
    return venv / "bin" / "khabar", env


@pytest.mark.slow  # builds and installs the wheel (seconds of pip); every other end-to-end test runs the installed (editable) khabar, so only the wheel's contents wait for make test-slow and CI
def test_a_pip_installed_khabar_scores_against_its_bundled_gold(installed, tmp_path):
    khabar, env = installed
    from benchmark.gold.loader import load_gold

    repo_gold = load_gold(ROOT / "gold")
    proc = subprocess.run([str(khabar), "validate"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(repo_gold)} document(s), gold {repo_gold.label}" in proc.stdout
    where = subprocess.run([str(khabar.parent / "python"), "-c",
                            "import benchmark.gold.loader as g; print(g.BUNDLED_GOLD)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert "site-packages" in where.stdout and "benchmark/data/gold" in where.stdout, where
    out = tmp_path / "r.json"
    score = subprocess.run([str(khabar), "score", "oracle", "--json", str(out), "--bootstrap",
                            "0", "--task", "timex"], cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=300)
    assert score.returncode == 0, score.stdout + score.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    default = repo_gold.select("test" if "test" in repo_gold.splits else "all")
    assert data["gold"]["sha256"] == default.sha256
    assert data["tasks"]["timex"]["value_f1"] == 1.0
