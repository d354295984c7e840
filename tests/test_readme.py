"""The README's walkthrough runs as written, in order, and never modifies tracked files.

``README.md`` is read at test time. Every ```` ```console ```` block contributes
its ``$ khabar …`` lines (a trailing ``\\`` joins the next line), in document
order; ``$ echo $?`` followed by a number documents the exit code of the
command before it (otherwise 0 is expected). A block right after an HTML
comment ``<!-- no-run -->`` is not run: the README marks so the commands that
need a network endpoint (``openai:``) or a local ``hf:`` model directory.

The commands run with bash, as a user types them, in a temporary copy of the
repository's tracked files, with ``KHABAR_GOLD`` pointing at the copy's
``gold/``, so nothing touches the checkout. Afterwards no tracked file of the
copy may have changed: published reports are written by ``make leaderboard``
only, and every command the README shows writes to untracked paths.

Failures name the README line, the command, its exit code and its error lines;
the commands' other output is never shown (it holds scores of the test split).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
NO_RUN = "<!-- no-run -->"
NEEDS_OUTSIDE = re.compile(r"(?:^|\s)(?:openai:|hf:)|--base-url")


@dataclass
class Command:
    line: int                  # 1-based line of the README
    text: str
    expect: int = 0


@dataclass
class Block:
    line: int
    no_run: bool
    commands: list[Command] = field(default_factory=list)


def readme_blocks(text: str) -> list[Block]:
    """The console blocks of the README with their ``$ khabar`` commands."""
    lines = text.splitlines()
    blocks: list[Block] = []
    marked = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() == NO_RUN:
            marked = True
        elif line.startswith("```console"):
            block = Block(i + 1, marked)
            marked = False
            i += 1
            previous: Command | None = None
            while i < len(lines) and not lines[i].startswith("```"):
                current = lines[i]
                if current.startswith("$ "):
                    start, command = i, current[2:].strip()
                    while command.endswith("\\") and i + 1 < len(lines):
                        i += 1
                        command = command[:-1].rstrip() + " " + lines[i].strip()
                    if command.startswith("khabar "):
                        previous = Command(start + 1, command)
                        block.commands.append(previous)
                    elif command.split("#")[0].strip() == "echo $?" and previous is not None:
                        after = lines[i + 1].strip() if i + 1 < len(lines) else ""
                        if after.isdigit():
                            previous.expect = int(after)
                    else:
                        previous = None
                i += 1
            blocks.append(block)
        elif line.strip():
            marked = False
        i += 1
    return blocks


def walkthrough() -> list[Command]:
    return [c for b in readme_blocks(README.read_text(encoding="utf-8")) if not b.no_run
            for c in b.commands if not NEEDS_OUTSIDE.search(c.text)]


def test_the_extractor_reads_commands_exit_codes_and_markers():
    text = "\n".join([
        "```console", "$ khabar validate", "valid: …", "$ khabar check a.json \\",
        "      --baseline b.json", "FAIL …", "$ echo $?", "1", "```", "",
        NO_RUN, "", "```console", "$ vllm serve x", "$ khabar score openai:x", "```",
        "```console", "$ khabar stats  # sizes", "```"])
    blocks = readme_blocks(text)
    assert [(b.no_run, [(c.text, c.expect) for c in b.commands]) for b in blocks] == [
        (False, [("khabar validate", 0), ("khabar check a.json --baseline b.json", 1)]),
        (True, [("khabar score openai:x", 0)]),
        (False, [("khabar stats  # sizes", 0)])]
    assert blocks[0].commands[1].line == 4


def test_blocks_needing_an_endpoint_or_a_model_are_marked_no_run():
    unmarked = [f"README.md:{c.line}: {c.text}"
                for b in readme_blocks(README.read_text(encoding="utf-8")) if not b.no_run
                for c in b.commands if NEEDS_OUTSIDE.search(c.text)]
    assert not unmarked, ("put <!-- no-run --> right before the blocks of:\n"
                          + "\n".join(unmarked))


def test_the_readme_has_a_walkthrough():
    commands = walkthrough()
    assert len(commands) >= 5
    assert any(c.text.startswith("khabar check ") for c in commands)


def _tracked_files() -> list[str]:
    done = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True,
                          timeout=60)
    if done.returncode != 0:
        pytest.skip("not a git checkout: the tracked files are unknown")
    return [p for p in done.stdout.decode("utf-8").split("\0") if p]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Ran:
    command: Command
    code: int
    seconds: float
    errors: list[str]


@pytest.fixture(scope="module")
def ran_readme(tmp_path_factory) -> tuple[list[Ran], dict[str, str], Path]:
    """Run the walkthrough in a copy of the tracked files; (runs, digests before, copy)."""
    repo = tmp_path_factory.mktemp("readme") / "khabar-bench"
    before: dict[str, str] = {}
    for name in _tracked_files():
        source = ROOT / name
        if not source.is_file() or source.is_symlink():
            continue                                  # deleted in the work tree
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        before[name] = _digest(target)
    env = {k: v for k, v in os.environ.items() if k not in ("KHABAR_GOLD",
                                                          "GITHUB_STEP_SUMMARY")}
    env["KHABAR_GOLD"] = str(repo / "gold")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    runs = []
    for command in walkthrough():
        start = time.monotonic()
        try:
            done = subprocess.run(["bash", "-o", "pipefail", "-c", command.text], cwd=repo,
                                  env=env, capture_output=True, text=True, timeout=1800)
            code, stderr = done.returncode, done.stderr
        except subprocess.TimeoutExpired:
            code, stderr = -1, "error: timed out after 1800 s"
        errors = [line for line in stderr.splitlines()
                  if re.match(r"\s*(error|failed|usage|bash|traceback)\b", line, re.I)]
        runs.append(Ran(command, code, time.monotonic() - start, errors[-5:]))
    return runs, before, repo


@pytest.mark.slow  # the whole README walkthrough (leaderboard, robustness, compare on the bundled corpus): minutes; every feature keeps a fast end-to-end test
def test_readme_commands_run_in_order_with_their_documented_exit_codes(ran_readme):
    runs, _, _ = ran_readme
    wrong = [f"README.md:{r.command.line}: $ {r.command.text}\n    exit {r.code}, expected "
             f"{r.command.expect}" + "".join(f"\n    {e}" for e in r.errors)
             for r in runs if r.code != r.command.expect]
    assert not wrong, f"{len(wrong)} of {len(runs)} README command(s) failed:\n" + "\n".join(
        wrong)


@pytest.mark.slow  # shares the walkthrough run above
def test_running_the_readme_never_modifies_tracked_files(ran_readme):
    _, before, repo = ran_readme
    changed = sorted(name for name, digest in before.items()
                     if not (repo / name).is_file() or _digest(repo / name) != digest)
    assert not changed, "the README's commands modified tracked files: " + ", ".join(changed)
