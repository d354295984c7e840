"""``docs/ci-gate.md`` runs as written, against a non-editable install of the wheel.

The page is read at test time: its ``$ khabar`` console commands (sections 1
and 5) and every ``run:`` step of its workflow are executed in order, with
bash as GitHub runs them (``bash -e``), in a fresh repository holding a model
package ``my_model`` (an oracle, so the documented ``--min`` floor holds) and
an empty ``requirements.txt``. khabar-bench comes from the wheel built from
this checkout, installed into a ``--without-pip`` virtual environment; the only
substitution is the documented ``"khabar-bench @ git+https://…"`` URL, which
becomes the wheel's ``file://`` URL. The dependencies come from the test
environment's site-packages on ``PYTHONPATH`` (``.pth`` files there are not
processed, so the editable checkout cannot leak in) and pip never reaches an
index (``PIP_NO_INDEX``). GitHub's ``$GITHUB_STEP_SUMMARY`` is a temporary file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sysconfig
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ci-gate.md"
INSTALL_URL = re.compile(r'"khabar-bench @ git\+https://[^"]+"')

MODEL = '''"""A stand-in for the user's model: the gold itself, optionally without ORGs."""
import os

from benchmark import load_gold
from runners.builtin.sanity import OracleExtractor


def extract(documents):
    records = OracleExtractor(load_gold()).predict(documents)
    if os.environ.get("MY_MODEL_DROP"):
        for record in records:
            record["entities"] = [e for e in record["entities"]
                                  if e["type"] != os.environ["MY_MODEL_DROP"]]
    return records
'''


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.S | re.M)


def console_commands(block: str) -> list[str]:
    """The ``$ khabar …`` commands of a console block, continuation lines joined."""
    commands, current = [], None
    for line in block.splitlines():
        if current is not None:
            current += " " + line.strip()
        elif line.startswith("$ khabar "):
            current = line[2:].strip()
        else:
            continue
        if current.endswith("\\"):
            current = current[:-1].rstrip()
            continue
        commands.append(current)
        current = None
    return commands


def doc_parts() -> tuple[list[str], list[str], list[dict]]:
    """(commands before the workflow, commands after it, the workflow's steps)."""
    text = DOC.read_text(encoding="utf-8")
    workflow_at = text.index("```yaml\nname:")
    before = [c for b in blocks(text[:workflow_at], "console") for c in console_commands(b)]
    after = [c for b in blocks(text[workflow_at:], "console") for c in console_commands(b)]
    [workflow] = [yaml.safe_load(b) for b in blocks(text, "yaml") if b.startswith("name:")]
    [job] = workflow["jobs"].values()
    return before, after, job["steps"]


def test_the_page_has_what_the_test_runs():
    before, after, steps = doc_parts()
    assert before and before[0].startswith("khabar score py:my_model.khabar:extract")
    assert after and after[0].endswith("--force")
    runs = [s["run"] for s in steps if "run" in s]
    assert len(runs) == 3
    [install] = [r for r in runs if "pip install" in r]
    assert len(INSTALL_URL.findall(install)) == 1, install
    assert "KHABAR_GOLD" in DOC.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory, khabar_wheel) -> tuple[Path, Path, dict[str, str]]:
    """(the wheel, a fresh venv without pip, the environment to run it in)."""
    work = tmp_path_factory.mktemp("ci-gate-doc")
    from khabar_cli import wheel_and_venv

    wheel, venv = wheel_and_venv(work, wheel=khabar_wheel)
    env = {k: v for k, v in os.environ.items()
           if k not in ("KHABAR_GOLD", "PYTHONPATH", "VIRTUAL_ENV", "GITHUB_STEP_SUMMARY")}
    env.update(PYTHONPATH=sysconfig.get_paths()["purelib"], PIP_NO_INDEX="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1",
               PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    return wheel, venv, env


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.mark.slow  # a wheel install plus the page's whole workflow; test_install.py and test_ci_output.py keep the gate and the installed wheel fast
def test_ci_gate_page_runs_as_written(wheel_env, tmp_path):
    wheel, venv, env = wheel_env
    before, after, steps = doc_parts()
    repo = tmp_path / "my-repo"
    (repo / "my_model").mkdir(parents=True)
    (repo / "ci").mkdir()
    (repo / "my_model" / "__init__.py").write_text("", encoding="utf-8")
    (repo / "my_model" / "khabar.py").write_text(MODEL, encoding="utf-8")
    (repo / "requirements.txt").write_text("", encoding="utf-8")
    summary = tmp_path / "step-summary.md"
    env = {**env, "GITHUB_STEP_SUMMARY": str(summary)}

    def run(script: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        done = _bash(script, repo, env)
        assert done.returncode == expect, (f"$ {script}\nexit {done.returncode}\n"
                                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done

    runs = [s["run"] for s in steps if "run" in s]           # uses: steps are GitHub's
    install, rest = runs[0], runs[1:]
    # the install step first (section 1 assumes khabar installed), the wheel for the tag
    run(INSTALL_URL.sub(f'"khabar-bench @ {wheel.as_uri()}"', install))
    # section 1: commit a baseline (git itself is not exercised)
    for command in before:
        run(command)
    # section 2: the workflow's other run steps, in order
    for script in rest:
        run(script)
    where = run('python -c "import benchmark.gold.loader as g; print(g.BUNDLED_GOLD)"')
    assert str(venv) in where.stdout and "benchmark/data/gold" in where.stdout, where.stdout
    assert (repo / "khabar-results.json").exists() and (repo / "khabar-samples.jsonl").exists()
    junit = ET.parse(repo / "khabar-junit.xml").getroot()
    assert junit.get("name") == "khabar.check" and junit.get("failures") == "0"
    assert {c.get("name") for c in junit.findall("testcase")} == {
        "tasks.ner.strict.f1", "tasks.timex.value_f1", "tasks.attribution.relation.relaxed.f1"}
    assert summary.read_text(encoding="utf-8").startswith("## khabar check: **passed**")
    # section 5: updating the baseline
    for command in after:
        run(command)

    # the same gate on a regressed model: exit 1, annotations and summary capped
    summary.write_text("", encoding="utf-8")
    env["MY_MODEL_DROP"] = "ORG"
    score, gate = [r for r in rest if "khabar" in r]
    run(score.replace("khabar score", "khabar score --force", 1))
    failed = run(gate, expect=1)
    errors = [x for x in failed.stdout.splitlines() if x.startswith("::error")]
    assert errors and errors[0].startswith("::error title=khabar check%3A tasks.ner.strict.f1")
    wide = run(gate.replace("khabar check", "khabar check --all --json gate.json", 1),
               expect=1)
    errors = [x for x in wide.stdout.splitlines() if x.startswith("::error")]
    report = json.loads((repo / "gate.json").read_text(encoding="utf-8"))
    assert report["failed"] > 10 and len(errors) == 10
    assert f"… and {report['failed'] - 9} more regressed metric(s)" in errors[-1]
    assert len(summary.read_bytes()) < 10_000
