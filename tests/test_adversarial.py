"""Hostile inputs, extractors, servers and output paths (issue 15).

One row per case: each runs ``khabar`` as a subprocess (the way a user or a CI
job does) and asserts the exit code, a fragment of the message and that no
traceback appears; some rows check more afterwards (nothing leaked, nothing
left running, nothing written). The guarantees these rows pin down are listed
in ``docs/guarantees.md``.

The rows are registered with :func:`case` in the order of the issue: security
(confined gold paths, redacted keys, untrusted text as rich markup and as
Markdown), the gate never passing on nothing, extractors (``sys.exit``,
timeouts, stdout, imports, process groups, stderr floods), inputs (gold and
prediction files), output files. The load test of the ``openai:`` runner
against a faulty server is :func:`test_llm_runner_under_injected_faults`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import SEED_NAME, GoldCopy
from khabar_cli import assert_no_traceback, khabar_bin, process_alive, run
from llm_server import FakeLLM, Faults, request_key, serve

PY = sys.executable
PASSWD = Path("/etc/passwd")
PASSWD_LINE = next((line for line in PASSWD.read_text(errors="replace").splitlines()
                    if line.strip()), "root:x:0:0") if PASSWD.is_file() else "root:x:0:0"
KEY = "sk-secret-123"
MARKUP = "[/INST] [bold red]boom[/] :x: [exp1]"
HTML = "<script>alert(1)</script><img src=x onerror=alert(2)>"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# --------------------------------------------------------------------------- helpers

EXTRACTORS = f'''
"""In-process extractors for the adversarial rows."""
import os
import sys
import time


def _empty(documents):
    return [{{"doc_id": d.doc_id, "entities": []}} for d in documents]


def ok(documents):
    return _empty(documents)


def markup_reason(documents):
    raise RuntimeError({MARKUP!r})


def plain_reason(documents):
    raise RuntimeError("boom")


def html_reason(documents):
    raise RuntimeError({HTML!r})


def auth_reason(documents):
    raise RuntimeError("request failed: Authorization: Bearer sk-live-999 (sent sk-live-999)")


def huge_reason(documents):
    raise ValueError("X" * 1_000_000)


def exit_zero(documents):
    sys.exit(0)


def exit_three(documents):
    raise SystemExit(3)


def chatty(documents):
    print("hello from the extractor")
    return _empty(documents)


def slow(documents):
    with open(os.environ["ADV_PIDFILE"], "w") as fh:
        fh.write(str(os.getpid()))
    time.sleep(300)
    return _empty(documents)


def touch(documents):
    open(os.environ["ADV_MARKER"], "w").close()
    return _empty(documents)


class Broken:
    def __init__(self):
        raise RuntimeError("constructor boom")

    def predict(self, documents):
        return _empty(documents)
'''

BROKEN_MODULES = {
    "adv_syntax": "def f(documents)\n    return []\n",
    "adv_importerror": "import nonexistent_pkg_khabar\n\ndef f(documents):\n    return []\n",
    "adv_toplevel": "raise RuntimeError('top-level boom')\n",
    "adv_exit": "import sys\nsys.exit(0)\n",
}

PLUGINS = f'''
"""Plug-ins (entry points) for the leaderboard rows."""
import os
import time


class Quick:
    """Finds nothing."""

    def __init__(self, gold=None, **options):
        pass

    def predict(self, documents):
        return [{{"doc_id": d.doc_id, "entities": []}} for d in documents]


class Slow(Quick):
    """Sleeps while ADV_SLOW is set (to be killed)."""

    def predict(self, documents):
        if os.environ.get("ADV_SLOW"):
            open(os.environ["ADV_STARTED"], "w").close()
            time.sleep(120)
        return super().predict(documents)


class Html(Quick):
    """Fails with raw HTML in its reason."""

    def predict(self, documents):
        raise RuntimeError({HTML!r})
'''

SPAWN_SH = """#!/bin/sh
sleep 300 &
echo $! > "$1"
sleep 300
"""

STDERR_FLOOD = """import json, sys
docs = [json.loads(line) for line in sys.stdin]
sys.stderr.write("e" * 4_000_000)
sys.stderr.flush()
for d in docs:
    print(json.dumps({"doc_id": d["doc_id"], "entities": []}))
sys.exit(int(sys.argv[1]))
"""

CMD_EMPTY = """import json, sys
for line in sys.stdin:
    print(json.dumps({"doc_id": json.loads(line)["doc_id"], "entities": []}))
"""

CMD_MARKUP = """import sys
sys.stdin.read()
print("[/INST] not json :x:")
"""


_alive = process_alive


@dataclass
class Ctx:
    """What a row gets: a fresh directory, a writable gold copy, the seed-only
    gold, the oracle's results, and a fake LLM server on demand."""

    tmp: Path
    seed_gold: Path
    oracle: Path
    stack: ExitStack
    env: dict[str, str] = field(default_factory=dict)
    #: more text the row's fragment may be found in (a samples file, a report)
    extra: list[str] = field(default_factory=list)
    _server: FakeLLM | None = None
    _gold: GoldCopy | None = None

    def __post_init__(self) -> None:
        ext = self.tmp / "ext"
        ext.mkdir()
        (ext / "adv_ext.py").write_text(EXTRACTORS, encoding="utf-8")
        for name, source in BROKEN_MODULES.items():
            (ext / f"{name}.py").write_text(source, encoding="utf-8")
        self.env.update({"KHABAR_GOLD": str(self.seed_gold), "PYTHONPATH": str(ext)})

    @property
    def gold(self) -> GoldCopy:
        if self._gold is None:
            (self.tmp / "corpus").mkdir()
            self._gold = GoldCopy(self.tmp / "corpus")
        return self._gold

    @property
    def server(self) -> FakeLLM:
        if self._server is None:
            self._server = self.stack.enter_context(serve())
        return self._server

    def khabar(self, *args: str, env: dict[str, str] | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return run(*args, cwd=self.tmp, env={**self.env, **(env or {})}, timeout=timeout)

    def write(self, name: str, text: str) -> Path:
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def gold_text_path(self, text_path: str, sha256: str | None = None) -> Path:
        self.gold.data["text_path"] = text_path
        if sha256:
            self.gold.data["sha256"] = sha256
        self.gold.write()
        return self.gold.gold_dir

    def plugins(self, entries: dict[str, str]) -> None:
        """Install ``name = adv_plugins:Class`` entry points for the subprocess."""
        site = self.tmp / "plugins"
        dist = site / "khabar_adv-0.1.dist-info"
        dist.mkdir(parents=True)
        (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: khabar-adv\nVersion: 0.1\n",
                                       encoding="utf-8")
        (dist / "entry_points.txt").write_text(
            "[khabar.extractors]\n" + "".join(f"{k} = {v}\n" for k, v in entries.items()),
            encoding="utf-8")
        (site / "adv_plugins.py").write_text(PLUGINS, encoding="utf-8")
        self.env["PYTHONPATH"] = f"{site}{os.pathsep}{self.env['PYTHONPATH']}"

    def results(self, edit: Callable[[dict], None] | None = None, name: str = "r.json") -> Path:
        """A copy of the oracle's results, edited."""
        data = json.loads(self.oracle.read_text(encoding="utf-8"))
        if edit:
            edit(data)
        return self.write(name, json.dumps(data, ensure_ascii=False))

    def seed_preds(self, *records: dict) -> Path:
        lines = [json.dumps({"doc_id": SEED_NAME, **r}, ensure_ascii=False) for r in records]
        return self.write("preds.jsonl", "\n".join(lines) + "\n")


@dataclass(frozen=True)
class Case:
    name: str
    code: int
    fragment: str
    body: Callable[[Ctx], subprocess.CompletedProcess[str]]
    skip: str | None = None


CASES: list[Case] = []


def case(name: str, code: int, fragment: str, *, skip: str | None = None):  # type: ignore[no-untyped-def]
    """Register a row: ``body(ctx)`` runs khabar (and may assert more afterwards)."""
    def register(body: Callable[[Ctx], subprocess.CompletedProcess[str]]):  # type: ignore[no-untyped-def]
        CASES.append(Case(name, code, fragment, body, skip))
        return body
    return register


def _outside_code(markdown: str) -> str:
    """Markdown without its inline code spans (where HTML is shown, never rendered)."""
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown)


def everything(ctx: Ctx, proc: subprocess.CompletedProcess[str], *paths: Path) -> str:
    """stdout, stderr and the text of every file under ``paths``."""
    parts = [proc.stdout, proc.stderr]
    for path in paths:
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else \
            [path] if path.is_file() else []
        parts += [f.read_text(encoding="utf-8", errors="replace") for f in files]
    return "\n".join(parts)


# =========================================================================== security
# --- gold text_path confinement (benchmark/gold/loader.py read_text) ----------------------

@case("gold text_path ../../../../etc/passwd", 1, "$.text_path: got \"../../../../etc/passwd\"")
def _(ctx: Ctx):
    sha = hashlib.sha256(PASSWD.read_bytes()).hexdigest() if PASSWD.is_file() else None
    proc = ctx.khabar("validate", str(ctx.gold_text_path("../../../../etc/passwd", sha)))
    assert PASSWD_LINE not in proc.stdout + proc.stderr
    return proc


@case("gold text_path escaping to /etc/passwd (deep ../)", 1, "it escapes the root")
def _(ctx: Ctx):
    sha = hashlib.sha256(PASSWD.read_bytes()).hexdigest() if PASSWD.is_file() else None
    proc = ctx.khabar("validate", str(ctx.gold_text_path("../" * 40 + "etc/passwd", sha)))
    assert PASSWD_LINE not in proc.stdout + proc.stderr
    return proc


@case("gold text_path /etc/passwd with its real sha256", 1, "absolute paths are refused")
def _(ctx: Ctx):
    sha = hashlib.sha256(PASSWD.read_bytes()).hexdigest() if PASSWD.is_file() else None
    proc = ctx.khabar("validate", str(ctx.gold_text_path("/etc/passwd", sha)))
    assert PASSWD_LINE not in proc.stdout + proc.stderr
    return proc


@case("gold text_path a device (/dev/zero inside --root /)", 1, "a regular file (not a directory, "
      "device, FIFO or socket)")
def _(ctx: Ctx):
    return ctx.khabar("validate", "--root", "/",
                      str(ctx.gold_text_path("../" * 40 + "dev/zero")), timeout=30)


@case("gold text_path a FIFO in the corpus", 1, "a regular file (not a directory, device")
def _(ctx: Ctx):
    os.mkfifo(ctx.gold.seeds_dir / "fifo.txt")
    return ctx.khabar("validate", str(ctx.gold_text_path("../seeds/fifo.txt")), timeout=30)


@case("gold text_path a symlink out of the corpus root", 1, "it escapes the root")
def _(ctx: Ctx):
    (ctx.gold.seeds_dir / "link.txt").symlink_to(PASSWD)
    sha = hashlib.sha256(PASSWD.read_bytes()).hexdigest() if PASSWD.is_file() else None
    proc = ctx.khabar("validate", str(ctx.gold_text_path("../seeds/link.txt", sha)))
    assert PASSWD_LINE not in proc.stdout + proc.stderr
    return proc


# --- API keys (runners/openai.py, benchmark/harness/run.py, benchmark/core/untrusted.py) --------

def _openai(ctx: Ctx, *extra: str) -> tuple[subprocess.CompletedProcess[str], list[Path]]:
    outputs = [ctx.tmp / "samples.jsonl", ctx.tmp / "results.json", ctx.tmp / "cache"]
    proc = ctx.khabar("score", "openai:test-model", "--base-url", ctx.server.base_url,
                      "--api-key-env", "MYKEY", "--cache-dir", str(outputs[2]),
                      "--samples", str(outputs[0]), "--json", str(outputs[1]),
                      "--bootstrap", "0", "--concurrency", "2", *extra,
                      env={"MYKEY": KEY})
    return proc, outputs


@case("LLM server echoes the API key in a 400 body", 3, "HTTP 400")
def _(ctx: Ctx):
    ctx.server.echo_auth = True
    proc, outputs = _openai(ctx)
    assert ctx.server.auth_headers and ctx.server.auth_headers[0] == f"Bearer {KEY}"  # it was sent
    assert KEY not in everything(ctx, proc, *outputs)
    assert "[REDACTED]" in proc.stderr
    return proc


@case("LLM answers carry the API key (samples, results, cache)", 0, "not found")
def _(ctx: Ctx):
    ctx.server.leak_auth = True
    proc, outputs = _openai(ctx)
    assert all(p.exists() for p in outputs)
    assert KEY not in everything(ctx, proc, *outputs)
    assert "[REDACTED]" in outputs[0].read_text(encoding="utf-8")   # the raw answers, redacted
    return proc


@case("py: extractor error carrying an Authorization header", 3, "Bearer [REDACTED]")
def _(ctx: Ctx):
    proc = ctx.khabar("score", "py:adv_ext:auth_reason", "--bootstrap", "0",
                      env={"ADV_API_KEY": "sk-live-999"})
    assert "sk-live-999" not in proc.stdout + proc.stderr
    return proc


# --- untrusted text as rich markup (benchmark/cli.py, render/terminal.py) ---------

def _llm_answer(ctx: Ctx, odd: str) -> subprocess.CompletedProcess[str]:
    """An LLM answer holding ``odd`` as an entity string (not in the text) and as a type
    (not a type: dropped, or failing the run when strict); the samples keep both."""
    ctx.server.extra_entities = [{"text": odd, "type": "GPE"}, {"text": "دمشق", "type": odd}]
    samples = ctx.tmp / "samples.jsonl"
    proc = ctx.khabar("score", "openai:test-model", "--base-url", ctx.server.base_url,
                      "--no-cache", "--bootstrap", "0", "--samples", str(samples))
    ctx.extra.append(samples.read_text(encoding="utf-8") if samples.exists() else "")
    return proc


@case("LLM answer with [/INST] and :x: in a string and a type", 0, "'[/INST] :x:'")
def _(ctx: Ctx):
    proc = _llm_answer(ctx, "[/INST] :x:")
    assert "❌" not in proc.stdout + proc.stderr
    return proc


@case("LLM answer with a plain odd string and type (control: same exit code)", 0, "'XYZ'")
def _(ctx: Ctx):
    return _llm_answer(ctx, "XYZ")


@case("py: extractor exception message with markup and :x:", 3, MARKUP)
def _(ctx: Ctx):
    proc = ctx.khabar("score", "py:adv_ext:markup_reason", "--bootstrap", "0")
    assert "❌" not in proc.stderr                             # :x: is not an emoji
    return proc


@case("py: extractor exception without markup (control: same exit code)", 3,
      "raised RuntimeError: boom")
def _(ctx: Ctx):
    return ctx.khabar("score", "py:adv_ext:plain_reason", "--bootstrap", "0")


@case("cmd: stdout line with markup", 3, "'[/INST] not json :x:'")
def _(ctx: Ctx):
    script = ctx.write("markup.py", CMD_MARKUP)
    return ctx.khabar("score", f"cmd:{PY} {script}", "--bootstrap", "0")


@case("prediction value with markup (a doc_id)", 3, '$.doc_id: got "[/INST] :x:"')
def _(ctx: Ctx):
    preds = ctx.write("p.jsonl", json.dumps({"doc_id": "[/INST] :x:", "entities": []}) + "\n")
    return ctx.khabar("score", f"file:{preds}", "--bootstrap", "0")


@case("prediction value with markup (a type, kept in the samples)", 0,
      '$.entities[0].type: got \\"[/INST] :x:\\"')
def _(ctx: Ctx):
    preds = ctx.seed_preds({"entities": [{"start": 0, "end": 4, "type": "[/INST] :x:"}]})
    samples = ctx.tmp / "samples.jsonl"
    proc = ctx.khabar("score", f"file:{preds}", "--bootstrap", "0", "--samples", str(samples))
    ctx.extra.append(samples.read_text(encoding="utf-8"))
    return proc


@case("paths with [exp1] survive in printed paths", 0, "[exp1]/out.json")
def _(ctx: Ctx):
    preds = ctx.write("[exp1]/preds.jsonl",
                      json.dumps({"doc_id": SEED_NAME, "entities": []}) + "\n")
    proc = ctx.khabar("score", f"file:{preds}", "--json", str(preds.parent / "out.json"),
                      "--bootstrap", "0")
    assert (preds.parent / "out.json").is_file()
    return proc


@case("a missing path with markup in an error message", 2, "[bold]x/missing.jsonl does not exist")
def _(ctx: Ctx):
    (ctx.tmp / "[bold]x").mkdir()
    return ctx.khabar("score", f"file:{ctx.tmp / '[bold]x' / 'missing.jsonl'}")


@case("compare: one system's markup keeps the others' results", 3, MARKUP)
def _(ctx: Ctx):
    proc = ctx.khabar("compare", "py:adv_ext:markup_reason", "oracle", "--bootstrap", "0")
    oracle = [line for line in proc.stdout.splitlines() if line.strip(" │").startswith("oracle")]
    assert oracle and "1.000" in oracle[0], proc.stdout
    return proc


@case("compare: a system name with markup", 0, "[/INST]")
def _(ctx: Ctx):
    script = ctx.write("empty.py", CMD_EMPTY)
    proc = ctx.khabar("compare", f"cmd:{PY} {script} [/INST]", "oracle", "--bootstrap", "0")
    assert "[/INST]" in proc.stdout
    return proc


# --- untrusted text in Markdown (render/markdown.py, render/gate.py) ---------------

@case("compare --format md with raw HTML in a failure reason", 3, "&lt;script&gt;")
def _(ctx: Ctx):
    proc = ctx.khabar("compare", "py:adv_ext:html_reason", "oracle", "--format", "md",
                      "--bootstrap", "0")
    assert "<script" not in proc.stdout and "<img" not in proc.stdout
    return proc


@case("leaderboard.md with raw HTML in a plug-in's failure reason", 3, "failed:")
def _(ctx: Ctx):
    ctx.plugins({"htmlplug": "adv_plugins:Html"})
    proc = ctx.khabar("leaderboard", "--out", str(ctx.tmp / "rep"), "--bootstrap", "0")
    md = (ctx.tmp / "rep" / "leaderboard.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in md and "<script" not in md and "<img" not in md
    return proc


@case("gate step summary with raw HTML in a task name", 1, "regression")
def _(ctx: Ctx):
    baseline = ctx.results(lambda d: d["tasks"].update({"<img src=x onerror=alert(1)>":
                                                           {"f1": 1.0}}), "base.json")
    summary = ctx.tmp / "summary.md"
    proc = ctx.khabar("check", str(ctx.results()), "--baseline", str(baseline),
                      env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    assert "&lt;img" in text and "<img" not in _outside_code(text)
    return proc


# =========================================================================== the gate

@case("sys.exit(0) in a py: extractor (score)", 3, "called sys.exit(0)")
def _(ctx: Ctx):
    return ctx.khabar("score", "py:adv_ext:exit_zero", "--bootstrap", "0")


@case("raise SystemExit(3) in a py: extractor (score)", 3, "called sys.exit(3)")
def _(ctx: Ctx):
    return ctx.khabar("score", "py:adv_ext:exit_three", "--bootstrap", "0")


@case("sys.exit(0) in a py: extractor (compare)", 3, "called sys.exit(0)")
def _(ctx: Ctx):
    proc = ctx.khabar("compare", "py:adv_ext:exit_zero", "oracle", "--bootstrap", "0")
    assert "oracle" in proc.stdout
    return proc


@case("sys.exit(0) in a py: extractor (check --extractor)", 2, "nothing to check")
def _(ctx: Ctx):
    proc = ctx.khabar("check", "--extractor", "py:adv_ext:exit_zero", "--baseline",
                      str(ctx.oracle), "--bootstrap", "0")
    assert "called sys.exit(0)" in proc.stderr
    return proc


@case("sys.exit(0) in a py: extractor in a worker (--timeout)", 3, "called sys.exit(0)")
def _(ctx: Ctx):
    return ctx.khabar("score", "py:adv_ext:exit_zero", "--timeout", "60", "--bootstrap", "0")


def _drop_strict(d: dict) -> None:
    del d["tasks"]["ner"]["strict"]


@case("check: results lacking tasks.ner.strict", 2, "has no headline metric tasks.ner.strict.f1")
def _(ctx: Ctx):
    return ctx.khabar("check", str(ctx.results(_drop_strict)), "--baseline", str(ctx.oracle))


@case("check: a headline value that is a string", 2, 'tasks.ner.strict.f1 is "1.0" (a str)')
def _(ctx: Ctx):
    current = ctx.results(lambda d: d["tasks"]["ner"]["strict"].update(f1="1.0"))
    return ctx.khabar("check", str(current), "--baseline", str(ctx.oracle))


@case("check: a headline value that is null", 2, "tasks.timex.value_f1 is null")
def _(ctx: Ctx):
    current = ctx.results(lambda d: d["tasks"]["timex"].update(value_f1=None))
    return ctx.khabar("check", str(current), "--baseline", str(ctx.oracle))


@case("check: a baseline with tasks: {}", 2, "nothing to check")
def _(ctx: Ctx):
    baseline = ctx.results(lambda d: d.update(tasks={}), "base.json")
    proc = ctx.khabar("check", str(ctx.results()), "--baseline", str(baseline))
    assert "passed" not in proc.stdout
    return proc


@case("check: a baseline metric missing from the results", 2,
      "lack 1 metric(s) of the baseline, e.g. tasks.ner.exact.f1")
def _(ctx: Ctx):
    current = ctx.results(lambda d: d["tasks"]["ner"]["exact"].pop("f1"))
    return ctx.khabar("check", str(current), "--baseline", str(ctx.oracle))


@case("check: a baseline metric that is not finite (1e999)", 2,
      "tasks.ner.strict.f1 is not a finite number")
def _(ctx: Ctx):
    text = ctx.oracle.read_text(encoding="utf-8")
    data = json.loads(text)
    data["tasks"]["ner"]["strict"]["f1"] = 12345.678
    baseline = ctx.write("base.json", json.dumps(data).replace("12345.678", "1e999"))
    return ctx.khabar("check", str(ctx.results()), "--baseline", str(baseline))


@case("check: a baseline metric that is NaN", 2, "tasks.timex.value_f1 is not a finite number")
def _(ctx: Ctx):
    baseline = ctx.results(lambda d: d["tasks"]["timex"].update(value_f1=float("nan")),
                           "base.json")
    return ctx.khabar("check", str(ctx.results()), "--baseline", str(baseline))


# =========================================================================== extractors

@case("py: --timeout kills a hanging callable", 3, "timed out after 4 s")
def _(ctx: Ctx):
    # the worker process reaches the callable about 0.3 s after it starts
    pidfile = ctx.tmp / "pid"
    started = time.monotonic()
    proc = ctx.khabar("score", "py:adv_ext:slow", "--timeout", "4", "--bootstrap", "0",
                      env={"ADV_PIDFILE": str(pidfile)})
    assert time.monotonic() - started < 60
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "the worker process survived its timeout"
    return proc


@case("py: --timeout runs a good callable in a worker", 0, '"schema_version"')
def _(ctx: Ctx):
    proc = ctx.khabar("score", "py:adv_ext:chatty", "--timeout", "60", "--json", "-",
                      "--bootstrap", "0")
    assert json.loads(proc.stdout)["tasks"]["ner"]["strict"]["f1"] == 0.0
    assert "hello from the extractor" in proc.stderr
    return proc


@case("print() in a py: extractor, compare --format json", 0, '"systems"')
def _(ctx: Ctx):
    proc = ctx.khabar("compare", "py:adv_ext:chatty", "oracle", "--format", "json",
                      "--bootstrap", "0")
    assert [s["name"] for s in json.loads(proc.stdout)["systems"]] == ["py:adv_ext:chatty",
                                                                       "oracle"]
    assert "hello from the extractor" in proc.stderr
    return proc


@case("print() in a py: extractor, score --json -", 0, '"signature"')
def _(ctx: Ctx):
    proc = ctx.khabar("score", "py:adv_ext:chatty", "--json", "-", "--bootstrap", "0")
    json.loads(proc.stdout)
    assert "hello from the extractor" in proc.stderr and "NER" in proc.stderr
    return proc


@case("py: module with a SyntaxError", 2, "cannot import module 'adv_syntax': importing it "
      "raised SyntaxError")
def _(ctx: Ctx):
    return ctx.khabar("score", "py:adv_syntax:f")


@case("py: module whose own import fails", 2, "importing it raised ModuleNotFoundError: No "
      "module named 'nonexistent_pkg_khabar'")
def _(ctx: Ctx):
    return ctx.khabar("score", "py:adv_importerror:f")


@case("py: module raising at top level", 2, "importing it raised RuntimeError: top-level boom")
def _(ctx: Ctx):
    return ctx.khabar("compare", "py:adv_toplevel:f", "oracle")


@case("py: module calling sys.exit(0) at top level", 2, "importing it called sys.exit(0)")
def _(ctx: Ctx):
    return ctx.khabar("check", "--extractor", "py:adv_exit:f", "--baseline", str(ctx.oracle))


@case("py: class whose constructor raises", 2,
      "the constructor raised RuntimeError: constructor boom")
def _(ctx: Ctx):
    return ctx.khabar("score", "py:adv_ext:Broken")


@case("cmd: timeout kills the process group (grandchildren too)", 3, "timed out after 1 s")
def _(ctx: Ctx):
    script, pidfile = ctx.write("spawn.sh", SPAWN_SH), ctx.tmp / "grandchild.pid"
    proc = ctx.khabar("score", f"cmd:/bin/sh {script} {pidfile}", "--timeout", "1",
                      "--bootstrap", "0")
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), f"grandchild {pid} survived the timeout"
    return proc


@case("cmd: 4 MB on stderr, then good records", 0, "NER")
def _(ctx: Ctx):
    script = ctx.write("flood_err.py", STDERR_FLOOD)
    return ctx.khabar("score", f"cmd:{PY} {script} 0", "--bootstrap", "0")


@case("cmd: 4 MB on stderr, then exit 1", 3, "stderr overflowed: 4000000 bytes written")
def _(ctx: Ctx):
    script = ctx.write("flood_err.py", STDERR_FLOOD)
    proc = ctx.khabar("score", f"cmd:{PY} {script} 1", "--bootstrap", "0")
    assert "exited with status 1" in proc.stderr and len(proc.stderr) < 20_000
    return proc


# =========================================================================== inputs
# --- gold files ---------------------------------------------------------------------

def _gold_text(ctx: Ctx, edit: Callable[[str], str]) -> Path:
    ctx.gold.write()
    ctx.gold.file.write_text(edit(ctx.gold.file.read_text(encoding="utf-8")), encoding="utf-8")
    return ctx.gold.gold_dir


@case("gold JSON with NaN", 1, "NaN and Infinity are not JSON")
def _(ctx: Ctx):
    return ctx.khabar("validate", str(_gold_text(ctx, lambda t: t.replace(
        '"start": 0', '"start": NaN', 1))))


@case("gold JSON with Infinity", 1, "NaN and Infinity are not JSON")
def _(ctx: Ctx):
    return ctx.khabar("validate", str(_gold_text(ctx, lambda t: t.replace(
        '"start": 0', '"start": -Infinity', 1))))


@case("gold JSON with a duplicate key", 1, "a duplicate key is refused")
def _(ctx: Ctx):
    return ctx.khabar("validate", str(_gold_text(ctx, lambda t: t.replace(
        '"language":', '"language": "en", "language":', 1))))


@case("gold *.json that is a directory", 1, "a regular gold JSON file")
def _(ctx: Ctx):
    (ctx.gold.gold_dir / "folder.json").mkdir()
    return ctx.khabar("validate", str(ctx.gold.gold_dir))


@case("gold *.json that is a FIFO", 1, "a regular gold JSON file")
def _(ctx: Ctx):
    os.mkfifo(ctx.gold.gold_dir / "pipe.json")
    return ctx.khabar("score", "oracle", "--gold", str(ctx.gold.gold_dir), timeout=30)


@case("gold *.json that is a symlink loop", 1, "a readable gold JSON file")
def _(ctx: Ctx):
    (ctx.gold.gold_dir / "loop.json").symlink_to(ctx.gold.gold_dir / "loop.json")
    return ctx.khabar("validate", str(ctx.gold.gold_dir))


@case("gold *.json that cannot be read (chmod 000)", 1, "Permission denied",
      skip="root reads any file" if IS_ROOT else None)
def _(ctx: Ctx):
    ctx.gold.file.chmod(0)
    return ctx.khabar("validate", str(ctx.gold.gold_dir))


@case("gold *.json that cannot be read (an I/O error, even as root)", 1,
      "a readable gold JSON file (Input/output error)",
      skip=None if Path("/proc/self/mem").exists() else "no /proc/self/mem")
def _(ctx: Ctx):
    (ctx.gold.gold_dir / "mem.json").symlink_to("/proc/self/mem")   # reading offset 0: EIO
    return ctx.khabar("validate", str(ctx.gold.gold_dir))


# --- prediction files -----------------------------------------------------------------

@case("predictions with NaN", 3, "NaN and Infinity are not JSON")
def _(ctx: Ctx):
    preds = ctx.write("p.jsonl", f'{{"doc_id": "{SEED_NAME}", "entities": [{{"start": NaN, '
                                 '"end": 4, "type": "GPE"}]}\n')
    return ctx.khabar("score", f"file:{preds}", "--bootstrap", "0")


@case("predictions with a duplicate key", 3, "a duplicate key is refused")
def _(ctx: Ctx):
    preds = ctx.write("p.jsonl", f'{{"doc_id": "{SEED_NAME}", "entities": [{{"start": 0, '
                                 '"end": 4, "type": "GPE", "type": "ORG"}]}\n')
    return ctx.khabar("score", f"file:{preds}", "--bootstrap", "0")


@case("predictions with a wrong-typed occurrence (dropped, reason in the samples)", 0,
      '$.entities[0].occurrence: got \\"2\\"; expected a positive integer')
def _(ctx: Ctx):
    preds = ctx.seed_preds({"entities": [{"text": "دمشق", "type": "GPE", "occurrence": "2"}]})
    samples = ctx.tmp / "samples.jsonl"
    proc = ctx.khabar("score", f"file:{preds}", "--bootstrap", "0", "--samples", str(samples))
    ctx.extra.append(samples.read_text(encoding="utf-8"))
    return proc


@case("Label Studio task whose data is a string", 3, 'task 0 data = "oops"')
def _(ctx: Ctx):
    preds = ctx.write("ls.json", json.dumps([{"data": "oops"}]))
    return ctx.khabar("score", f"file:{preds}", "--bootstrap", "0")


@case("Label Studio annotation entry that is not an object", 3,
      "expected an annotation object with a result array")
def _(ctx: Ctx):
    preds = ctx.write("ls.json", json.dumps([{"data": {"doc_id": SEED_NAME},
                                              "annotations": ["x"]}]))
    return ctx.khabar("score", f"file:{preds}", "--bootstrap", "0")


@case("a 1,000,000-character prediction value", 3, "… (1000000 characters)")
def _(ctx: Ctx):
    preds = ctx.write("p.jsonl", json.dumps({"doc_id": "X" * 1_000_000, "entities": []}) + "\n")
    proc = ctx.khabar("score", f"file:{preds}", "--bootstrap", "0")
    assert len(proc.stdout) + len(proc.stderr) < 50_000
    return proc


@case("a 1,000,000-character predicted string (not found)", 0, "(1000002 characters)")
def _(ctx: Ctx):
    preds = ctx.seed_preds({"entities": [{"text": "ب" * 1_000_000, "type": "GPE"}]})
    proc = ctx.khabar("score", f"file:{preds}", "--bootstrap", "0")
    assert len(proc.stdout) + len(proc.stderr) < 50_000
    return proc


@case("a 1,000,000-character exception message", 3, "(1000000 characters)")
def _(ctx: Ctx):
    proc = ctx.khabar("score", "py:adv_ext:huge_reason", "--bootstrap", "0")
    assert len(proc.stdout) + len(proc.stderr) < 50_000
    return proc


# =========================================================================== output files

def _touching(ctx: Ctx, *args: str) -> subprocess.CompletedProcess[str]:
    """``score py:adv_ext:touch ARGS``; the extractor must never have run."""
    marker = ctx.tmp / "ran"
    proc = ctx.khabar("score", "py:adv_ext:touch", "--bootstrap", "0", *args,
                      env={"ADV_MARKER": str(marker)})
    assert not marker.exists(), "the extractor ran before the outputs were checked"
    return proc


@case("--json X --samples X", 2, "--json and --samples name the same file")
def _(ctx: Ctx):
    return _touching(ctx, "--json", str(ctx.tmp / "x"), "--samples", str(ctx.tmp / "x"))


@case("--json at a directory (--force)", 2, "is a directory")
def _(ctx: Ctx):
    (ctx.tmp / "out").mkdir()
    return _touching(ctx, "--json", str(ctx.tmp / "out"), "--force")


@case("--json under a regular file", 2, "is not a directory")
def _(ctx: Ctx):
    ctx.write("file.txt", "x")
    return _touching(ctx, "--json", str(ctx.tmp / "file.txt" / "out.json"))


@case("check --junit under a regular file", 2, "cannot write --junit")
def _(ctx: Ctx):
    ctx.write("file.txt", "x")
    return ctx.khabar("check", str(ctx.results()), "--baseline", str(ctx.oracle),
                      "--junit", str(ctx.tmp / "file.txt" / "junit.xml"))


def _popen(ctx: Ctx, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    full = {k: v for k, v in os.environ.items() if k != "KHABAR_GOLD"}
    full.update({**ctx.env, **env})
    return subprocess.Popen([khabar_bin(), *args], cwd=ctx.tmp, env=full, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@case("kill -9 during leaderboard, then a second run", 0, "wrote")
def _(ctx: Ctx):
    ctx.plugins({"slowpoke": "adv_plugins:Slow"})
    out = ctx.tmp / "rep"
    # two systems, rules and the plug-in, not every default one: the writes are the point
    # (a leaderboard of the default systems stays fast in test_leaderboard_publish.py)
    board = ("leaderboard", "--only", "rules", "slowpoke", "--out", str(out), "--bootstrap", "0")
    first = ctx.khabar(*board)
    assert first.returncode == 0, first.stderr
    assert (out / "results" / "slowpoke.json").is_file()
    started = ctx.tmp / "started"
    killed = _popen(ctx, *board, env={"ADV_SLOW": "1", "ADV_STARTED": str(started)})
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=30)
    assert killed.returncode == -signal.SIGKILL
    # what a kill in the middle of the writes leaves: khabar temp files and a manifest
    # cut in half (written by something that is not atomic)
    stale = [out / ".leaderboard.md.khabar-a1b2c3d4.tmp", out / "results" /
             ".rules.json.khabar-x9y8z7.tmp", out / "..khabar-manifest.json.khabar-q1.tmp"]
    for path in stale:
        path.write_text("half", encoding="utf-8")
    manifest = out / ".khabar-manifest.json"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text[:len(text) // 2], encoding="utf-8")
    foreign = out / "notes.md"
    foreign.write_text("mine", encoding="utf-8")
    proc = ctx.khabar(*board)
    assert proc.returncode == 0 and "refusing" not in proc.stderr, proc.stderr[-3000:]
    assert not [p for p in stale if p.exists()], "stale temp files were left"
    assert foreign.read_text(encoding="utf-8") == "mine"
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    md = out / "leaderboard.md"
    assert entries["leaderboard.md"] == hashlib.sha256(md.read_bytes()).hexdigest()
    assert not [p.name for p in out.rglob("*.tmp")]
    return proc


@case("leaderboard: an edited report file is still refused", 2, "refusing to overwrite")
def _(ctx: Ctx):
    out = ctx.tmp / "rep"
    first = ctx.khabar("leaderboard", "--out", str(out), "--bootstrap", "0")
    assert first.returncode == 0, first.stderr
    (out / "leaderboard.md").write_text("my edits", encoding="utf-8")
    proc = ctx.khabar("leaderboard", "--out", str(out), "--bootstrap", "0")
    assert (out / "leaderboard.md").read_text(encoding="utf-8") == "my edits"
    return proc


@case("two systems with the same file stem (my ner, my_ner)", 2,
      "systems whose report files would have the same name")
def _(ctx: Ctx):
    ctx.plugins({"my ner": "adv_plugins:Quick", "my_ner": "adv_plugins:Quick"})
    proc = ctx.khabar("leaderboard", "--out", str(ctx.tmp / "rep"), "--bootstrap", "0")
    assert not (ctx.tmp / "rep").exists()
    return proc


@case("leaderboard --out under a regular file", 2, "cannot write --out")
def _(ctx: Ctx):
    ctx.write("file.txt", "x")
    return ctx.khabar("leaderboard", "--out", str(ctx.tmp / "file.txt" / "rep"))


# --------------------------------------------------------------------------- the table

@pytest.fixture(scope="module")
def oracle_results(tmp_path_factory, seed_only_default_gold) -> Path:
    """The oracle's results on the seed: a baseline every row may edit a copy of."""
    path = tmp_path_factory.mktemp("oracle") / "oracle.json"
    proc = run("score", "oracle", "--json", str(path), "--bootstrap", "0",
               env={"KHABAR_GOLD": str(seed_only_default_gold)})
    assert proc.returncode == 0, proc.stderr
    return path


#: Rows run this many at a time (each is a few khabar subprocesses; most of a row is
#: interpreter start-up, so a small pool halves the wall time on two cores).
WORKERS = 3


@pytest.fixture(scope="module")
def row_runs(request, tmp_path_factory, seed_only_default_gold, oracle_results):
    """Every selected row, run in a small thread pool: name → (proc, ctx) or the
    exception its body raised."""
    selected = [item.callspec.params["row"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_adversarial"
                and hasattr(item, "callspec")]
    todo = [(row, tmp_path_factory.mktemp("row")) for row in selected if not row.skip]

    def one(row: Case, tmp: Path):  # type: ignore[no-untyped-def]
        with ExitStack() as stack:
            ctx = Ctx(tmp, seed_only_default_gold, oracle_results, stack)
            try:
                return row.body(ctx), ctx
            except BaseException as exc:  # noqa: BLE001 - re-raised in the row's test
                return exc, ctx

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {row.name: pool.submit(one, row, tmp) for row, tmp in todo}
        return {name: f.result() for name, f in futures.items()}


#: Rows in the `slow` tier (``make test-slow``; CI runs both tiers). The fast tier keeps at
#: least one row of every guarantee; these are further paths to a guarantee a fast row
#: holds, or rows that run whole leaderboards.
SLOW_ROWS = {
    # the same guarantee as a fast row, another path to the same check
    'gold text_path escaping to /etc/passwd (deep ../)',
    'gold text_path /etc/passwd with its real sha256',
    'gold text_path a device (/dev/zero inside --root /)',
    'gold text_path a FIFO in the corpus',
    'LLM server echoes the API key in a 400 body',
    'LLM answer with a plain odd string and type (control: same exit code)',
    'py: extractor exception without markup (control: same exit code)',
    'prediction value with markup (a type, kept in the samples)',
    'a missing path with markup in an error message',
    "compare: one system's markup keeps the others' results",
    'compare: a system name with markup',
    'raise SystemExit(3) in a py: extractor (score)',
    'sys.exit(0) in a py: extractor (compare)',
    'sys.exit(0) in a py: extractor in a worker (--timeout)',
    'check: a headline value that is a string',
    'check: a headline value that is null',
    'check: a baseline metric missing from the results',
    'check: a baseline metric that is not finite (1e999)',
    'py: --timeout runs a good callable in a worker',
    'print() in a py: extractor, compare --format json',
    'py: module whose own import fails',
    'py: module raising at top level',
    'py: module calling sys.exit(0) at top level',
    'py: class whose constructor raises',
    'gold JSON with Infinity',
    'gold *.json that is a directory',
    'gold *.json that is a FIFO',
    'gold *.json that is a symlink loop',
    'gold *.json that cannot be read (chmod 000)',
    'gold *.json that cannot be read (an I/O error, even as root)',
    'predictions with NaN',
    'predictions with a duplicate key',
    'Label Studio task whose data is a string',
    'Label Studio annotation entry that is not an object',
    'a 1,000,000-character predicted string (not found)',
    'a 1,000,000-character exception message',
    '--json at a directory (--force)',
    'check --junit under a regular file',
    'leaderboard --out under a regular file',
    # more rows of a guarantee whose first row stays fast (one row per guarantee and path kind)
    'gold text_path a symlink out of the corpus root',
    'py: extractor error carrying an Authorization header',
    'py: extractor exception message with markup and :x:',
    'cmd: stdout line with markup',
    'prediction value with markup (a doc_id)',
    'gate step summary with raw HTML in a task name',
    'sys.exit(0) in a py: extractor (check --extractor)',
    'check: a baseline with tasks: {}',
    'check: a baseline metric that is NaN',
    'cmd: 4 MB on stderr, then exit 1',
    'gold JSON with a duplicate key',
    'a 1,000,000-character prediction value',
    '--json under a regular file',
    # leaderboard runs of every default system (seconds each); the kill -9 row stays fast,
    # and test_leaderboard.py refuses an edited report in process
    "leaderboard.md with raw HTML in a plug-in's failure reason",
    'leaderboard: an edited report file is still refused',
}


@pytest.mark.parametrize("row", [pytest.param(c, marks=pytest.mark.slow) if c.name in SLOW_ROWS
                                 else c for c in CASES], ids=[c.name for c in CASES])
def test_adversarial(row: Case, row_runs):
    if row.skip:
        pytest.skip(row.skip)
    proc, ctx = row_runs[row.name]
    if isinstance(proc, BaseException):
        raise proc
    output = proc.stdout + proc.stderr
    assert proc.returncode == row.code, output[-4000:]
    assert row.fragment in output + "\n".join(ctx.extra), output[-4000:]
    assert_no_traceback(proc)
    assert "MarkupError" not in output


def test_every_row_has_a_unique_name():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert SLOW_ROWS <= set(names), SLOW_ROWS - set(names)   # no stale slow-tier name


# =========================================================================== load

N_DOCS, TASKS = 256, ("ner", "timex", "attribution")


def _load_gold(root: Path, n: int) -> Path:
    """``n`` one-sentence documents written for this test, each with its number."""
    gold, seeds = root / "gold", root / "seeds"
    gold.mkdir(parents=True)
    seeds.mkdir()
    for i in range(n):
        text = f"قالت وكالة الأنباء السورية إن الخبر رقم {i} وصل من دمشق اليوم."
        (seeds / f"d{i:03d}.txt").write_text(text, encoding="utf-8")
        record = {"schema_version": 1, "gold_version": "0.0.1", "doc_id": f"d{i:03d}",
                  "language": "ar", "text_path": f"../seeds/d{i:03d}.txt",
                  "sha256": hashlib.sha256(text.encode()).hexdigest(), "dct": "2024-05-01",
                  "entities": [], "timexes": [], "attributions": []}
        (gold / f"d{i:03d}.json").write_text(json.dumps(record, ensure_ascii=False),
                                             encoding="utf-8")
    return gold


@pytest.mark.slow  # a load test: 2 x 768 requests with injected faults and hangs; the openai: rows and test_scoring_models.py stay fast
def test_llm_runner_under_injected_faults(tmp_path):
    """256 documents × 3 tasks against one server injecting 10% HTTP 500, 5% 429
    with Retry-After, 5% malformed bodies and 2% hangs past the client's timeout.
    Every request ends as a cached answer or a counted failure; a re-run resends
    exactly the failed ones. (Figures: ``tests/perf/llm_faults.py``.)"""
    gold = _load_gold(tmp_path, N_DOCS)
    cache = tmp_path / "cache"
    with serve() as server:
        server.faults = Faults(hang=1.5)
        args = ("score", "openai:fault-model", "--gold", str(gold), "--cache-dir", str(cache),
                "--base-url", server.base_url, "--concurrency", "16", "--timeout", "0.5",
                "--bootstrap", "0")
        first = run(*args, timeout=120)
        assert_no_traceback(first)
        jobs = N_DOCS * len(TASKS)
        cached = {p.stem for p in cache.rglob("*.json")}
        if first.returncode == 0:
            failed = 0
        else:
            assert first.returncode == 3, first.stderr[-3000:]
            m = re.search(r"(\d+) of (\d+) request\(s\) failed \((\d+) of (\d+) document",
                          first.stderr)
            assert m, first.stderr[-3000:]
            failed = int(m.group(1))
            assert int(m.group(2)) == jobs and int(m.group(4)) == N_DOCS
        why = (len(cached), failed, len(server.answered), first.returncode, first.stderr[-3000:])
        assert len(cached) + failed == jobs, why             # nothing lost
        assert len(cached) == len(server.answered), why      # the cache holds the successes
        assert sum(server.injected.values()) > 0 and server.injected["malformed"] > 0
        answered_first = set(server.answered)

        server.reset_counts()
        second = run(*args, timeout=120)
        assert_no_traceback(second)
        resent = {request_key(b) for b in server.bodies}
        assert len(resent) == failed                         # only the failed ones
        assert not resent & answered_first
