"""Run the installed ``khabar`` console script as a subprocess, the way a user does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def khabar_bin() -> str:
    """The ``khabar`` script next to the running interpreter (the venv's)."""
    candidate = Path(sys.executable).parent / "khabar"
    if not candidate.exists():  # pragma: no cover - an install without scripts
        raise RuntimeError(f"no khabar script beside {sys.executable}: install the project")
    return str(candidate)


def run(*args: str, cwd: Path | str | None = None, env: dict[str, str] | None = None,
        timeout: float = 300, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """``khabar ARGS…`` with its exit code, stdout and stderr (never raises on failure)."""
    full_env = {k: v for k, v in os.environ.items() if k != "KHABAR_GOLD"}
    full_env.update(env or {})
    return subprocess.run([khabar_bin(), *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=timeout, input=input)


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr


def build_wheel(wheels: Path, timeout: float = 600) -> Path:
    """Build this checkout's wheel into ``wheels`` (pip builds in the tree's ``build/``,
    so one build at a time: the session fixture ``khabar_wheel`` in conftest.py
    builds it once per test run, under a lock shared by the pytest-xdist workers)."""
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True, timeout=timeout)
    assert build.returncode == 0, build.stderr
    [wheel] = wheels.glob("khabar_bench-*.whl")
    return wheel


def wheel_and_venv(work: Path, timeout: float = 600,
                   wheel: Path | None = None) -> tuple[Path, Path]:
    """This checkout's wheel (``wheel`` if already built, else built into ``work/wheels``)
    and a fresh venv without pip in ``work/venv`` (the dependencies come from the test
    environment)."""
    if wheel is None:
        wheel = build_wheel(work / "wheels", timeout)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    return wheel, venv


def process_alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for a reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")
