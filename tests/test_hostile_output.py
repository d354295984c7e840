"""Hostile extractor output, extractor processes and terminal safety (the
adversarial review's bugs 3, 4, 10, 11, 13, 16, L1, L7, L9, L10).

* records that are not plain JSON (a set, bytes, a function, a lone surrogate)
  fail the extractor, naming the record or file line, the JSON path and the
  value by ``repr``; the other systems are still scored;
* failure reasons and details (exception messages, a ``cmd:`` child's stderr)
  are stored with terminal control characters and lone surrogates escaped;
* SIGINT, SIGTERM and SIGHUP stop the run, kill the ``cmd:`` child's process
  group and the ``py:`` worker, and exit 130, 143, 129;
* runner options are validated (exit 2 naming the option and the value);
* the spinner never turns ``:x:`` into an emoji.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEED_NAME
from khabar_cli import assert_no_traceback, khabar_bin, process_alive, run

EXTRACTORS = r'''
import os
import sys
import time

from runners.base import ExtractorInfo


def _doc(d, **extra):
    return {"doc_id": d.doc_id, "entities": [], **extra}


def a_set_type(documents):
    return [{"doc_id": d.doc_id, "entities": [{"text": "x", "type": {"GPE"}}]}
            for d in documents]


def a_set_field(documents):
    return [_doc(d, extra={1, 2}) for d in documents]


def bytes_text(documents):
    return [{"doc_id": d.doc_id, "entities": [{"text": b"abc", "type": "GPE"}]}
            for d in documents]


def a_set_doc_id(documents):
    return [{"doc_id": {"x"}, "entities": []} for d in documents]


def a_function(documents):
    return [{"doc_id": d.doc_id, "entities": [{"text": len, "type": "GPE"}]}
            for d in documents]


def surrogate_text(documents):
    return [{"doc_id": d.doc_id, "entities": [{"text": "x\ud800", "type": "GPE"}]}
            for d in documents]


def surrogate_doc_id(documents):
    return [{"doc_id": "x\ud800", "entities": []} for d in documents]


def surrogate_reason(documents):
    raise ValueError("bad \ud800 thing")


def ansi_reason(documents):
    raise ValueError("bad \x1b[31mRED\x1b]0;pwned\x07 thing\rover")


def hang(documents):
    with open(os.environ["HOSTILE_PIDFILE"], "w") as fh:
        fh.write(str(os.getpid()))
    time.sleep(300)


class TypoLabelSet:
    def describe(self):
        return ExtractorInfo("py", "typo", "1", {}, label_set="Coarse")

    def predict(self, documents):
        return [_doc(d) for d in documents]


class SurrogateName:
    def describe(self):
        return ExtractorInfo("py", "name\udc80", "1", {})

    def predict(self, documents):
        return [_doc(d) for d in documents]
'''

ANSI_STDERR = """import sys
sys.stdin.read()
sys.stderr.write("\\x1b]0;pwned\\x07\\x1b[31mred\\n")
sys.exit(4)
"""

SURROGATE_STDOUT = """import json, sys
sys.stdin.read()
print('{"doc_id": "x\\\\ud800", "entities": []}')
"""


@pytest.fixture
def work(tmp_path: Path, seed_only_default_gold: Path):
    """A directory with the extractors above importable, and the one-document gold."""
    (tmp_path / "hostile_ext.py").write_text(EXTRACTORS, encoding="utf-8")
    (tmp_path / "ansi_stderr.py").write_text(ANSI_STDERR, encoding="utf-8")
    (tmp_path / "surrogate_stdout.py").write_text(SURROGATE_STDOUT, encoding="utf-8")
    env = {"KHABAR_GOLD": str(seed_only_default_gold), "PYTHONPATH": str(tmp_path)}

    def khabar(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return run(*args, cwd=tmp_path, env=env, timeout=timeout)

    khabar.tmp = tmp_path  # type: ignore[attr-defined]
    khabar.env = env  # type: ignore[attr-defined]
    return khabar


NO_BOOT = ("--task", "ner", "--bootstrap", "0")


# ----------------------------------------------------------------- bug 3: not plain JSON

def test_compare_keeps_the_others_when_a_py_record_holds_a_set(work) -> None:
    proc = work("compare", "rules", "py:hostile_ext:a_set_field", *NO_BOOT, "--format", "json")
    assert proc.returncode == 3, proc.stderr
    assert_no_traceback(proc)
    assert (f"record 1 (doc_id '{SEED_NAME}'): $.extra: a value of type set, not JSON: "
            "{1, 2}") in proc.stderr
    systems = json.loads(proc.stdout)["systems"]
    assert [s["status"] for s in systems] == ["ok", "failed"]


NON_JSON = [
    ("a_set_type", "$.entities[0].type: a value of type set, not JSON: {'GPE'}"),
    ("bytes_text", "$.entities[0].text: a value of type bytes, not JSON: b'abc'"),
    ("a_set_doc_id", "record 1: $.doc_id: a value of type set, not JSON: {'x'}"),
    ("a_function", "$.entities[0].text: a value of type builtin_function_or_method, not "
                   "JSON: <built-in function len>"),
]


@pytest.mark.slow  # one subprocess each; the compare row above runs in the fast tier
@pytest.mark.parametrize(("name", "message"), NON_JSON, ids=[n for n, _ in NON_JSON])
def test_score_of_a_py_record_that_is_not_json_is_a_failed_extractor(work, name, message):
    proc = work("score", f"py:hostile_ext:{name}", *NO_BOOT, "--json", "r.json",
                "--samples", "s.jsonl")
    assert proc.returncode == 3, proc.stderr
    assert_no_traceback(proc)
    assert message in proc.stderr
    assert json.loads((work.tmp / "r.json").read_text(encoding="utf-8"))["status"] == "failed"


@pytest.mark.slow
def test_check_extractor_on_a_record_that_is_not_json_is_not_a_regression(work) -> None:
    base = work("score", "rules", *NO_BOOT, "--json", "base.json")
    assert base.returncode == 0, base.stderr
    proc = work("check", "--extractor", "py:hostile_ext:a_set_field", "--baseline", "base.json",
                "--task", "ner")
    assert proc.returncode == 2, proc.stderr     # a failed extractor, not a regression (1)
    assert_no_traceback(proc)
    assert "$.extra: a value of type set" in proc.stderr


@pytest.mark.parametrize(("value", "where"), [
    ({"a": {1}}, "$.a"), ({"a": [1, b"x"]}, "$.a[1]"), ({1: "x"}, "$"),
    ({"a": "x\udfff"}, "$.a"), ({"k\ud800": 1}, "$.k\\ud800"), ({"a": object()}, "$.a"),
])
def test_non_json_names_the_path(value, where) -> None:
    from benchmark.core.untrusted import non_json

    assert non_json(value)[0] == where
    assert non_json({"a": [1, 2.5, None, True, "ok", {"b": ()}]}) is None


def test_non_json_quick_walk_agrees_with_the_path_walk() -> None:
    """non_json vouches for plain JSON in one quick walk and walks again, path by
    path, only what it does not vouch for: the answers are those of the path walk,
    subclasses (plain JSON to isinstance) and surrogates in keys included."""
    import random

    from benchmark.core.untrusted import _where_not_json, non_json

    class Text(str):
        pass

    class Number(int):
        pass

    rng = random.Random(7)
    leaves = ["a", "x\ud800", "", 1, 2.5, None, True, Text("t"), Number(3), b"x", {1},
              float("nan")]

    def make(depth: int):  # type: ignore[no-untyped-def]
        roll = rng.random()
        if depth > 3 or roll < 0.4:
            return rng.choice(leaves)
        if roll < 0.7:
            return {rng.choice(["k", "\udc00", 1, (1,), Text("s")]): make(depth + 1)
                    for _ in range(rng.randint(0, 3))}
        return rng.choice([list, tuple])(make(depth + 1) for _ in range(rng.randint(0, 3)))

    for _ in range(3000):
        value = make(0)
        assert non_json(value) == _where_not_json(value, "$"), value


# ----------------------------------------------------------------- bug 4: lone surrogates

def test_a_file_line_with_a_lone_surrogate_is_rejected_with_file_line_and_field(work) -> None:
    (work.tmp / "sur.jsonl").write_text(
        json.dumps({"doc_id": SEED_NAME, "entities": [{"text": "x\ud800", "type": "GPE"}]})
        + "\n", encoding="utf-8")
    proc = work("score", "file:sur.jsonl", *NO_BOOT, "--json", "r.json", "--samples", "s.jsonl")
    assert proc.returncode == 3, proc.stderr
    assert_no_traceback(proc)
    assert ("sur.jsonl:1: $.entities[0].text: a string with a lone surrogate \\ud800 "
            "(not valid Unicode)") in proc.stderr
    for name in ("r.json", "s.jsonl"):     # written, valid UTF-8
        (work.tmp / name).read_bytes().decode("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(("spec", "message"), [
    ("py:hostile_ext:surrogate_text", "$.entities[0].text: a string with a lone surrogate"),
    ("py:hostile_ext:surrogate_doc_id", "record 1: $.doc_id: a string with a lone surrogate"),
    ("py:hostile_ext:surrogate_reason", "raised ValueError: bad \\ud800 thing"),
    ("py:hostile_ext:SurrogateName", "$.name: a string with a lone surrogate \\udc80"),
    ("cmd:python surrogate_stdout.py", "stdout line 1: $.doc_id: a string with a lone "
                                       "surrogate \\ud800"),
])
def test_lone_surrogates_never_crash_the_outputs(work, spec, message) -> None:
    proc = work("compare", "rules", spec, *NO_BOOT, "--format", "json")
    assert proc.returncode == 3, proc.stderr
    assert_no_traceback(proc)
    assert message in proc.stderr
    assert [s["status"] for s in json.loads(proc.stdout)["systems"]] == ["ok", "failed"]
    proc = work("score", spec, *NO_BOOT, "--json", "r.json", "--samples", "s.jsonl", "--force")
    assert proc.returncode == 3, proc.stderr
    assert_no_traceback(proc)
    (work.tmp / "r.json").read_bytes().decode("utf-8")


def test_a_surrogate_in_an_exception_message_is_stored_escaped(gold) -> None:
    from benchmark.harness.run import run_extractor

    class Raises:
        def predict(self, documents):
            raise ValueError("bad \ud800 \x1b[2J")

    outcome = run_extractor("plugin", Raises(), gold)
    assert outcome.status == "failed"
    assert outcome.reason == "raised ValueError: bad \\ud800 \\x1b[2J"
    json.dumps(outcome.failure_json(), ensure_ascii=False).encode("utf-8")


# ----------------------------------------------------------------- bug 11: terminal escapes

def test_ansi_and_osc_in_an_exception_message_are_printed_escaped(work) -> None:
    proc = work("score", "py:hostile_ext:ansi_reason", *NO_BOOT)
    assert proc.returncode == 3, proc.stderr
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr and "\r" not in proc.stderr
    assert "bad \\x1b[31mRED\\x1b]0;pwned\\x07 thing\\rover" in proc.stderr


@pytest.mark.slow
def test_ansi_and_osc_in_a_cmd_stderr_are_printed_escaped(work) -> None:
    proc = work("score", "cmd:python ansi_stderr.py", *NO_BOOT)
    assert proc.returncode == 3, proc.stderr
    assert "exited with status 4" in proc.stderr
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr
    assert "\\x1b]0;pwned\\x07\\x1b[31mred" in proc.stderr


def test_printable_keeps_text_newlines_and_tabs() -> None:
    from benchmark.core.untrusted import printable

    assert printable("خبر\n\tok") == "خبر\n\tok"
    assert printable("\x1b[0m\x9b\x7f\x00") == "\\x1b[0m\\x9b\\x7f\\x00"


# ----------------------------------------------------------------- bugs 10, L7: signals

def _ps() -> list[tuple[int, int, str]]:
    """(pid, ppid, command line) of every process."""
    out = subprocess.run(["ps", "-eo", "pid=,ppid=,args="], capture_output=True, text=True,
                         check=True).stdout
    rows = []
    for line in out.splitlines():
        pid, ppid, args = (line.split(None, 2) + [""])[:3]
        rows.append((int(pid), int(ppid), args))
    return rows


def _with_marker(marker: str, rows: list[tuple[int, int, str]] | None = None) -> list[int]:
    return [pid for pid, _, args in (_ps() if rows is None else rows)
            if marker in args and "ps -eo" not in args]


def _children_of_marked(marker: str) -> tuple[list[int], list[str]]:
    """The pids and command lines of the children of the processes carrying ``marker``,
    from one listing of the processes (one ``ps``, not one per process listed)."""
    rows = _ps()
    marked = set(_with_marker(marker, rows))
    children = [(pid, args) for pid, ppid, args in rows if ppid in marked]
    return [pid for pid, _ in children], [args for _, args in children]


def _wait_for(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


_alive = process_alive


def _start(work, *args: str) -> subprocess.Popen[str]:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k != "KHABAR_GOLD"}
    env.update(work.env)
    return subprocess.Popen([khabar_bin(), *args], cwd=work.tmp, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGTERM, 143, "terminated (SIGTERM)"),
    pytest.param(signal.SIGHUP, 129, "hung up (SIGHUP)", marks=pytest.mark.slow),
    pytest.param(signal.SIGINT, 130, "interrupted (SIGINT, Ctrl-C)", marks=pytest.mark.slow),
])
def test_a_signal_kills_the_cmd_childs_process_group(work, signum, code, said) -> None:
    marker = f"khabar-hostile-{os.getpid()}-{signum}"
    # the child starts a grandchild in its group: both carry the marker
    spec = f"cmd:sh -c 'sleep 300 & sleep 301; : {marker}' {marker}"
    proc = _start(work, "compare", spec, "rules", *NO_BOOT, "--format", "json",
                  "--json", "c.json")
    try:
        _wait_for(lambda: any(args.startswith("sleep 30")
                              for args in _children_of_marked(marker)[1]))
        children, _ = _children_of_marked(marker)
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, stderr
    assert f"khabar: {said}: stopped, killed the extractor's processes (1 group(s)); " \
        "no further output is written" in stderr
    assert "Traceback" not in stderr and "failed:" not in stderr   # not a failed extractor
    assert stdout == ""
    assert not (work.tmp / "c.json").exists()
    _wait_for(lambda: not _with_marker(marker) and not any(map(_alive, children)), 10)


@pytest.mark.parametrize("signum", [signal.SIGTERM,
                                    pytest.param(signal.SIGINT, marks=pytest.mark.slow)])
def test_a_signal_kills_the_py_worker_and_its_resource_tracker(work, signum) -> None:
    pidfile = work.tmp / "worker.pid"
    work.env["HOSTILE_PIDFILE"] = str(pidfile)
    proc = _start(work, "score", "py:hostile_ext:hang", "--timeout", "120", *NO_BOOT)
    try:
        _wait_for(lambda: pidfile.exists() and pidfile.read_text().strip() != "")
        worker = int(pidfile.read_text())
        helpers = [pid for pid, ppid, _ in _ps() if ppid == proc.pid]   # worker, tracker
        assert worker in helpers
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr and "failed:" not in stderr
    _wait_for(lambda: not any(map(_alive, helpers)), 10)


# ----------------------------------------------------------------- L9: killed by a signal

def test_a_cmd_killed_by_a_signal_says_which(work) -> None:
    proc = work("score", "cmd:sh -c 'kill -9 $$'", *NO_BOOT)
    assert proc.returncode == 3, proc.stderr
    assert "was killed by signal 9 (SIGKILL)" in proc.stderr
    assert "status -9" not in proc.stderr


# ----------------------------------------------------------------- bug 13: runner options

BAD_OPTIONS = [
    ("cmd:cat", "--timeout", "0", "cmd: --timeout must be a positive, finite number of "
                                  "seconds, got 0"),
    ("cmd:cat", "--timeout", "-1", "--timeout must be a positive, finite number of seconds, "
                                   "got -1"),
    ("cmd:cat", "--timeout", "nan", "--timeout must be a positive, finite number of "
                                    "seconds, got nan"),
    ("cmd:cat", "--max-output", "0", "cmd: --max-output must be a positive number of bytes, "
                                     "got 0"),
    ("cmd:cat", "--max-output", "-5", "--max-output must be a positive number of bytes, "
                                      "got -5"),
    ("py:hostile_ext:hang", "--timeout", "inf", "py: --timeout must be a positive, finite "
                                                "number of seconds, got inf"),
]


@pytest.mark.parametrize(("spec", "option", "value", "message"), [
    BAD_OPTIONS[0], *[pytest.param(*row, marks=pytest.mark.slow) for row in BAD_OPTIONS[1:]]],
    ids=[f"{row[0]}{row[1]}={row[2]}" for row in BAD_OPTIONS])
def test_a_bad_runner_option_is_a_usage_error(work, spec, option, value, message) -> None:
    proc = work("score", spec, option, value, *NO_BOOT)
    assert proc.returncode == 2, proc.stderr
    assert_no_traceback(proc)
    assert message in proc.stderr


def test_the_cmd_factory_keeps_falsy_options() -> None:
    from runners.registry import _cmd

    with pytest.raises(ValueError, match="--timeout must be .* got 0"):
        _cmd("cat", timeout=0.0)
    with pytest.raises(ValueError, match="--max-output must be .* got 0"):
        _cmd("cat", max_output=0)
    assert _cmd("cat", timeout=2.5, max_output=10).timeout == 2.5


# ----------------------------------------------------------------- L1: label_set

def test_a_label_set_typo_fails_the_extractor_naming_it(work) -> None:
    proc = work("score", "py:hostile_ext:TypoLabelSet", *NO_BOOT)
    assert proc.returncode == 3, proc.stderr
    assert_no_traceback(proc)
    assert "label_set='Coarse'; expected one of 'fine', 'coarse'" in proc.stderr


# ----------------------------------------------------------------- L10: unused options

@pytest.mark.slow  # --timeout on score stays fast in test_pipeline.py
@pytest.mark.parametrize(("option", "value", "taker"), [
    ("--base-url", "http://127.0.0.1:9", "openai:"), ("--label-map", "X=PERS", "hf:")])
def test_score_refuses_an_option_no_extractor_takes(work, option, value, taker) -> None:
    proc = work("score", "rules", option, value, *NO_BOOT)
    assert proc.returncode == 2, proc.stderr
    assert f"{option} applies to none of the extractors given (rules)" in proc.stderr
    assert f"did you mean to add a {taker} extractor?" in proc.stderr


# ----------------------------------------------------------------- bug 16: spinner emoji

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pty")
def test_the_spinner_shows_colon_codes_literally(work) -> None:
    import pty  # noqa: F401 - the platform has ptys

    master, slave = os.openpty()
    env = {k: v for k, v in os.environ.items() if k != "KHABAR_GOLD"}
    env.update(work.env, COLUMNS="200", TERM="xterm")
    # the spinner is drawn by rich's refresh thread (12.5 times a second) and once more
    # when it stops, so a run of a fraction of a second shows it
    proc = subprocess.Popen([khabar_bin(), "score", "cmd:sh -c 'sleep 0.3; cat >/dev/null' :x:",
                             *NO_BOOT], cwd=work.tmp, env=env, stdin=slave, stdout=slave,
                            stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(master)
    text = seen.decode("utf-8", errors="replace")
    assert "' :x: on 1 document(s)" in text, text[:2000]
    assert "❌" not in text


def test_outputs_with_a_lone_surrogate_are_written_as_valid_json(tmp_path) -> None:
    from benchmark.core.files import write_text

    value = {"raw": "answer \ud800 end", "ok": "خبر"}
    write_text(tmp_path / "x.json", json.dumps(value, ensure_ascii=False))
    data = (tmp_path / "x.json").read_bytes()
    assert "خبر".encode() in data                       # valid text unchanged
    assert json.loads(data.decode("utf-8")) == value     # \ud800 is the JSON escape


def test_a_problem_with_a_value_that_is_not_json_is_shown_by_repr() -> None:
    from benchmark.gold.loader import Problem

    text = str(Problem("p.jsonl", 3, "$.entities[0].type", {"GPE"}, "an entity type"))
    assert text == "p.jsonl:3: $.entities[0].type: got {'GPE'}; expected an entity type"
    shown = str(Problem("p.jsonl", 3, "$.text", "x\ud800", "text"))
    assert "\\ud800" in shown
    shown.encode("utf-8")


@pytest.mark.slow  # a server and a subprocess; lone surrogates stay fast in the file: row
def test_an_llm_answer_with_a_lone_surrogate_is_an_item_not_found(work) -> None:
    from llm_server import serve

    answer = ('{"entities": [{"text": "x\\ud800", "type": "GPE"}, '
              '{"text": "\\udc00", "type": "ORG"}]}')
    with serve() as srv:
        srv.answers = {"entities": lambda prompt: answer}
        proc = work("score", "openai:test-model", "--base-url", srv.base_url, "--no-cache",
                    *NO_BOOT, "--samples", "s.jsonl", "--json", "r.json")
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    assert "not found: entities 'x\ufffd'" in proc.stdout
    samples = (work.tmp / "s.jsonl").read_bytes().decode("utf-8")   # valid UTF-8
    assert "x\\\\ud800" in samples          # the raw answer, as the model wrote it
