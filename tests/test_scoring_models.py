"""Scoring candidate models the way a user does (issue 13): every test runs the
installed ``khabar`` as a subprocess (``tests/khabar_cli.py``), against the
loopback LLM server (``tests/llm_server.py``), a tiny hf model built here, or a
``py:`` module written here. Bundled gold is only ever scored on its dev split
(``--split dev``), or the seed alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest

from benchmark import load_gold
from khabar_cli import ROOT, assert_no_traceback, khabar_bin, run
from llm_server import serve

BUNDLED = ROOT / "gold"
SEED = "000_3de78dd80989a7ed"
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})


@pytest.fixture
def server():
    with serve() as srv:
        yield srv


@pytest.fixture(scope="module")
def dev_gold():
    return load_gold(BUNDLED).select("dev")


def llm(server, *args: str, cwd: Path | None = None, env: dict | None = None):
    """``khabar score openai:test-model`` against the loopback server."""
    return run("score", "openai:test-model", "--base-url", server.base_url, *args, cwd=cwd,
               env={"OPENAI_API_KEY": "", **(env or {})})


def _doc_of(prompt: str, gold) -> object:
    return next(d for d in gold if d.text in prompt)


# --------------------------------------------------------------------------- 1. messy answers

MESSY = {
    # CITY is an alias (→ GPE); FOOBAR is no type (invalid); باريس is not in the text
    "entities": lambda p: {"entities": [{"text": "دمشق", "type": "CITY"},
                                        {"text": "باريس", "type": "GPE"},
                                        {"text": "سانا", "type": "FOOBAR"},
                                        {"text": "الجيش العربي السوري", "type": "ORGANIZATION"}]},
    # no JSON at all: nothing can be read for this task
    "timexes": lambda p: "I am sorry, I cannot find any dates.",
    # a kind the schema does not have: the relation is invalid
    "attributions": lambda p: {"attributions": [{"source": ["دمشق"], "cue": ["أعلنت"],
                                                 "content": ["الجيش"], "kind": "reported"}]},
}


def test_messy_llm_answers_are_dropped_counted_and_listed(server, tmp_path,
                                                          seed_only_default_gold):
    server.answers = MESSY
    out, samples = tmp_path / "r.json", tmp_path / "s.jsonl"
    proc = llm(server, "--gold", str(seed_only_default_gold), "--bootstrap", "0",
               "--cache-dir", str(tmp_path / "cache"), "--json", str(out),
               "--samples", str(samples))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    assert ("invalid items (dropped and counted, listed in --samples): ner 2 (1 invalid, "
            "1 not found), timex 1 (1 unreadable), attribution 1 (1 invalid)") in proc.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {t: node["invalid_items"] for t, node in data["tasks"].items()} == \
        {"ner": 2, "timex": 1, "attribution": 1}
    ner = data["tasks"]["ner"]["strict"]
    # دمشق (CITY → GPE) and الجيش العربي السوري (ORGANIZATION → ORG) are correct; the
    # unknown type and the string that is not in the text are spurious
    assert (ner["cor"], ner["spu"]) == (2, 2)
    assert data["tasks"]["ner"]["per_type"]["INVALID"]["strict"]["spu"] == 1
    timex = data["tasks"]["timex"]
    assert timex["counts"]["pred"] == 0 and timex["counts"]["gold"] == 10   # all missed
    assert data["tasks"]["attribution"]["relation"]["relaxed"]["pred"] == 1  # spurious
    [line] = [json.loads(x) for x in samples.read_text(encoding="utf-8").splitlines()]
    listed = {(e["task"], e["kind"]): e for e in line["invalid"]}
    assert set(listed) == {("ner", "invalid"), ("ner", "unaligned"), ("timex", "unreadable"),
                           ("attribution", "invalid")}
    bad_type = listed[("ner", "invalid")]
    assert bad_type["item"] == {"text": "سانا", "type": "FOOBAR"} and bad_type["index"] == 2
    assert '$.entities[2].type: got "FOOBAR"' in bad_type["reason"]
    assert "FOOBAR" in bad_type["raw"]                        # the model's raw answer
    assert listed[("timex", "unreadable")]["raw"] == "I am sorry, I cannot find any dates."
    assert '"reported"' in listed[("attribution", "invalid")]["reason"]


def test_strict_fails_fast_and_still_writes_samples_and_partial_results(
        server, tmp_path, seed_only_default_gold):
    server.answers = {"entities": MESSY["entities"]}
    out, samples = tmp_path / "r.json", tmp_path / "s.jsonl"
    proc = llm(server, "--gold", str(seed_only_default_gold), "--bootstrap", "0", "--strict",
               "--no-cache", "--json", str(out), "--samples", str(samples))
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert 'got "FOOBAR"' in proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "failed" and data["partial"] is True
    assert "1 invalid prediction(s)" in data["failure"]["reason"]
    [line] = [json.loads(x) for x in samples.read_text(encoding="utf-8").splitlines()]
    assert "FOOBAR" in line["raw_responses"]["ner"]


def test_a_failed_request_gives_partial_results(server, tmp_path, seed_only_default_gold):
    server.fail_tasks = {"attributions"}            # HTTP 500 for every attribution request
    out, samples = tmp_path / "r.json", tmp_path / "s.jsonl"
    proc = llm(server, "--gold", str(seed_only_default_gold), "--bootstrap", "0",
               "--no-cache", "--json", str(out), "--samples", str(samples))
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "request(s) failed" in proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "failed" and data["partial"] is True
    assert data["tasks"]["ner"]["strict"]["cor"] == 2      # the answers that came back
    assert data["tasks"]["attribution"]["invalid_items"] == 1
    [line] = [json.loads(x) for x in samples.read_text(encoding="utf-8").splitlines()]
    assert [e["kind"] for e in line["invalid"] if e["task"] == "attribution"] == ["failed"]


def test_alias_table_is_documented():
    """docs/scoring-models.md prints the shared table; it must be the table in use."""
    from benchmark.core.labels import ENTITY_TYPE_ALIASES
    from runners.hf import DEFAULT_LABEL_MAP

    assert DEFAULT_LABEL_MAP is ENTITY_TYPE_ALIASES       # one table for hf: and openai:
    doc = (ROOT / "docs" / "scoring-models.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| (?:`([A-Z]+)`|—)", doc, re.MULTILINE))
    aliases = {k: v for k, v in ENTITY_TYPE_ALIASES.items() if k != v}
    assert {k: (v or None) for k, v in rows.items()} == aliases


# --------------------------------------------------------------------------- 2. alignment

ANSWERS = '''
"""Answer with the gold's own mentions as strings (what a perfect LLM would say)."""
import os

from benchmark import load_gold

FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
HALLUCINATED = "مدينة زمردستان"          # in no document


def _answers(documents, drift=False, hallucinate=False):
    gold = {d.doc_id: d for d in load_gold(os.environ["ANSWER_GOLD"])}
    say = (lambda s: s.translate(FOLD)) if drift else (lambda s: s)

    def mixed(items, fake):
        out = []
        for i, item in enumerate(items):
            if hallucinate and i % 4 == 1:
                out.append(fake)
            out.append(item)
        return out

    records = []
    for doc in documents:
        g = gold[doc["doc_id"]]
        ents = [{"text": say(e.text), "type": e.type}
                for e in sorted(g.entities, key=lambda e: (e.start, -e.end))]
        tims = [{"text": say(t.text), "type": t.type, "value": t.value}
                for t in sorted(g.timexes, key=lambda t: (t.start, -t.end))]
        atts = [{"source": [{"text": say(s.text)} for s in a.source],
                 "cue": [{"text": say(s.text)} for s in a.cue],
                 "content": [{"text": say(s.text)} for s in a.content], "kind": a.kind}
                for a in sorted(g.attributions, key=lambda a: a.cue[0].start)]
        records.append({
            "doc_id": doc["doc_id"],
            "entities": mixed(ents, {"text": HALLUCINATED, "type": "GPE"}),
            "timexes": mixed(tims, {"text": HALLUCINATED, "type": "DATE", "value": "2017"}),
            "attributions": mixed(atts, {"source": [], "cue": [{"text": HALLUCINATED}],
                                         "content": [{"text": HALLUCINATED}],
                                         "kind": "direct"})})
    return records


def exact(documents):
    return _answers(documents)


def drift(documents):
    return _answers(documents, drift=True)


def hallucinated(documents):
    return _answers(documents, hallucinate=True)
'''


def _perfect_run(tmp_path: Path, gold_dir: Path, split: str, fn: str):
    (tmp_path / "answers.py").write_text(ANSWERS, encoding="utf-8")
    out, samples = tmp_path / f"{fn}.json", tmp_path / f"{fn}.jsonl"
    proc = run("score", f"py:answers:{fn}", "--gold", str(gold_dir), "--split", split,
               "--bootstrap", "0", "--json", str(out), "--samples", str(samples), "--force",
               cwd=tmp_path, env={"ANSWER_GOLD": str(gold_dir)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [json.loads(x) for x in samples.read_text(encoding="utf-8").splitlines()]
    return json.loads(out.read_text(encoding="utf-8")), {x["doc_id"]: x for x in lines}


def _assert_perfect(data: dict, gold, spurious: dict | None = None) -> None:
    """Every required gold item found exactly, nothing else wrong; ``spurious`` per
    document and task: the hallucinated items, which must be all that is spurious."""
    for doc in gold:
        counts = data["per_document"][doc.doc_id]
        fake = (spurious or {}).get(doc.doc_id, {})
        ner = counts["ner"]["strict"]
        required = sum(not e.optional for e in doc.entities)
        assert (ner["cor"], ner["inc"], ner["par"], ner["mis"], ner["spu"]) == \
            (required, 0, 0, 0, fake.get("ner", 0)), doc.doc_id
        tx = counts["timex"]["counts"]
        n = sum(not t.optional for t in doc.timexes)
        assert (tx["gold"], tx["strict"], tx["value_ok"], tx["type_ok"]) == (n, n, n, n), \
            doc.doc_id
        assert tx["pred"] == n + fake.get("timex", 0), doc.doc_id
        rel = counts["attribution"]["relation"]["strict"]
        n = sum(not a.optional for a in doc.attributions)
        assert (rel["gold"], rel["tp"], rel["pred"]) == (n, n, n + fake.get("attribution", 0)), \
            doc.doc_id
    if not spurious:
        for task in ("ner", "timex", "attribution"):
            assert data["tasks"][task]["invalid_items"] == 0


@pytest.mark.parametrize("which", [
    pytest.param("dev", marks=pytest.mark.slow),   # the dev split (3 runs of it); the seed stays fast
    "seed"])
def test_perfect_answers_as_strings_score_one(which, tmp_path, dev_gold, seed_only_default_gold):
    """The gold's own mentions in reading order (each nested one after its container)
    score 1.0 on every task and document, verbatim and with spelling drift; strings
    that are in no document become spurious and move nothing else."""
    gold_dir, split = (BUNDLED, "dev") if which == "dev" else (seed_only_default_gold, "all")
    gold = dev_gold if which == "dev" else load_gold(seed_only_default_gold)
    exact, exact_samples = _perfect_run(tmp_path, gold_dir, split, "exact")
    _assert_perfect(exact, gold)
    for task in ("ner", "timex", "attribution"):
        node = exact["tasks"][task]
        f1 = node["strict"]["f1"] if task == "ner" else node["value_f1"] if task == "timex" \
            else node["relation"]["strict"]["f1"]
        assert f1 == 1.0, task
    drifted, drift_samples = _perfect_run(tmp_path, gold_dir, split, "drift")
    _assert_perfect(drifted, gold)
    assert any(a["method"] == "normalized" for s in drift_samples.values()
               for a in s["alignments"])                 # the drift was real
    fake, fake_samples = _perfect_run(tmp_path, gold_dir, split, "hallucinated")
    spurious = {}
    for doc in gold:
        spurious[doc.doc_id] = {
            "ner": len(range(1, len(doc.entities), 4)),
            "timex": len(range(1, len(doc.timexes), 4)),
            "attribution": len(range(1, len(doc.attributions), 4))}
    _assert_perfect(fake, gold, spurious)
    for doc_id, sample in fake_samples.items():   # every real string where it was before
        real = [(a["layer"], a["role"], a["text"], a["start"], a["end"])
                for a in sample["alignments"] if "زمردستان" not in a["text"]]
        before = [(a["layer"], a["role"], a["text"], a["start"], a["end"])
                  for a in exact_samples[doc_id]["alignments"]]
        assert sorted(real, key=str) == sorted(before, key=str), doc_id
        assert all(a["method"] == "unaligned" for a in sample["alignments"]
                   if "زمردستان" in a["text"])


# --------------------------------------------------------------------------- 3. --task

def test_task_ner_sends_only_ner_prompts(server, tmp_path):
    server.fail_tasks = {"timexes", "attributions"}   # would fail the run if asked
    out = tmp_path / "r.json"
    proc = llm(server, "--gold", str(BUNDLED), "--split", "dev", "--limit", "3",
               "--task", "ner", "--bootstrap", "0", "--no-cache", "--json", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert server.requests == 3 * 1                   # documents × requested tasks
    assert server.tasks_asked == ["entities"] * 3
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["tasks"]) == {"ner"}
    assert data["extractor"]["parameters"]["tasks"] == ["ner"]


# --------------------------------------------------------------------------- 4. --no-cache

def _cache_state(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*.json")}


@pytest.mark.slow  # three openai: subprocesses; the cache stays fast in test_runner_openai.py (test_cache_second_run_makes_no_request, test_no_cache_dir_disables_cache) and --no-cache end to end in test_limit_temperature_max_tokens_and_prompt_template
def test_no_cache_neither_reads_nor_writes(server, tmp_path, seed_only_default_gold):
    args = ("--gold", str(seed_only_default_gold), "--bootstrap", "0")
    first = llm(server, *args, cwd=tmp_path)           # the default cache, in the cwd
    assert first.returncode == 0, first.stdout + first.stderr
    cache = tmp_path / ".khabar-cache" / "openai"
    before = _cache_state(cache)
    assert len(before) == 3 and server.requests == 3
    again = llm(server, *args, "--no-cache", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert server.requests == 6                        # nothing read from the cache …
    assert _cache_state(cache) == before               # … and nothing written to it
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert llm(server, *args, "--no-cache", cwd=fresh).returncode == 0
    assert not (fresh / ".khabar-cache").exists() and server.requests == 9


# --------------------------------------------------------------------------- 5. settings

TEMPLATE = """You mark named entities in Arabic news and answer with JSON only.
<<<USER>>>
CUSTOM TEMPLATE. Document ${doc_id} of ${dct}. Answer as {"entities": [{"text": "...", "type": "GPE"}]}.

${text}
"""


def test_limit_temperature_max_tokens_and_prompt_template(server, tmp_path, dev_gold):
    template = tmp_path / "my_ner.txt"
    template.write_text(TEMPLATE, encoding="utf-8")
    out = tmp_path / "r.json"
    proc = llm(server, "--gold", str(BUNDLED), "--split", "dev", "--limit", "2", "--task", "ner",
               "--temperature", "0.3", "--max-tokens", "256", "--prompt-template", str(template),
               "--bootstrap", "0", "--no-cache", "--json", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first_two = sorted(d.doc_id for d in dev_gold)[:2]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(data["per_document"]) == first_two
    assert data["gold"]["documents"] == 2 and data["gold"]["limit"] == 2
    assert "|split:dev|limit:2|" in data["signature"]
    assert server.requests == 2
    for body in server.bodies:
        assert body["temperature"] == 0.3 and body["max_tokens"] == 256
        assert "CUSTOM TEMPLATE" in body["messages"][-1]["content"]
        assert body["messages"][0]["content"].startswith("You mark named entities")
    params = data["extractor"]["parameters"]
    assert params["temperature"] == 0.3 and params["max_tokens"] == 256
    digest = hashlib.sha256(template.read_bytes()).hexdigest()
    assert params["prompt_templates"] == {"ner": {"sha256": digest}}
    # the template is in the signature: another template, another system hash
    template.write_text(TEMPLATE.replace("CUSTOM", "OTHER"), encoding="utf-8")
    other = tmp_path / "r2.json"
    assert llm(server, "--gold", str(BUNDLED), "--split", "dev", "--limit", "2", "--task",
               "ner", "--prompt-template", f"ner={template}", "--bootstrap", "0",
               "--no-cache", "--json", str(other)).returncode == 0
    sys_of = lambda d: re.search(r"\|sys:([^|]+)\|", d["signature"]).group(1)  # noqa: E731
    assert sys_of(json.loads(other.read_text(encoding="utf-8"))) != sys_of(data)


@pytest.mark.parametrize("args, message", [
    (["--prompt-template", "x.txt"], "give TASK=FILE"),
    # more --prompt-template refusals (a subprocess each); the first row stays fast
    pytest.param(["--task", "ner", "--prompt-template", "timex=x.txt"],
                 "which --task does not request", marks=pytest.mark.slow),
    pytest.param(["--task", "ner", "--prompt-template", "{missing}"], "does not exist",
                 marks=pytest.mark.slow),
    pytest.param(["--task", "ner", "--prompt-template", "{bad}"],
                 "unknown placeholder(s) ${title}", marks=pytest.mark.slow),
    (["--limit", "0"], "--limit must be at least 1"),
])
def test_bad_settings_are_usage_errors(server, tmp_path, seed_only_default_gold, args, message):
    bad = tmp_path / "bad.txt"
    bad.write_text("${title}: ${text}", encoding="utf-8")
    args = [a.replace("{missing}", str(tmp_path / "nope.txt")).replace("{bad}", str(bad))
            for a in args]
    proc = llm(server, "--gold", str(seed_only_default_gold), *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in " ".join(proc.stderr.split())
    assert server.requests == 0


# --------------------------------------------------------------------------- 6. progress

def test_progress_lines_on_stderr_when_not_a_terminal(server, tmp_path):
    server.latency = 0.05
    proc = llm(server, "--gold", str(BUNDLED), "--split", "dev", "--limit", "4", "--task", "ner",
               "--bootstrap", "0", "--no-cache", "--concurrency", "1", "--json", "-")
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)                              # stdout is the JSON, nothing else
    lines = [x for x in proc.stderr.splitlines() if x.startswith("khabar: openai:test-model: ")]
    assert lines[0].startswith("khabar: openai:test-model: started, 0/4 documents (0%)")
    assert lines[-1].startswith("khabar: openai:test-model: finished, 4/4 documents (100%), "
                                "requests 4, cache hits 0, retries 0")
    middle = [x for x in lines[1:-1] if re.search(r" [123]/4 documents", x)]
    assert len(middle) == 3 and all("ETA" in x and "elapsed" in x for x in middle)


@pytest.mark.slow  # a score under a pseudo-terminal; the progress reporting stays fast end to end in test_progress_lines_on_stderr_when_not_a_terminal
def test_progress_bar_on_a_terminal(server, tmp_path):
    import pty

    server.latency = 0.3
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("KHABAR_GOLD", "KHABAR_PROGRESS")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "160", "OPENAI_API_KEY": ""})
    proc = subprocess.Popen(
        [khabar_bin(), "score", "openai:test-model", "--base-url", server.base_url, "--gold",
         str(BUNDLED), "--split", "dev", "--limit", "4", "--task", "ner", "--bootstrap", "0",
         "--no-cache", "--concurrency", "1", "--json", "-"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=slave, text=True)
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    stdout, _ = proc.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(master)
    terminal = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, terminal
    json.loads(stdout)                                   # the bar never touches stdout
    assert "━" in terminal and "ETA" in terminal         # a rich bar with an ETA …
    assert "/4" in terminal and "documents" in terminal and "requests" in terminal
    assert "cache hits" in terminal and "retries" in terminal   # … and the runner's facts


@pytest.mark.slow  # a robustness subprocess for its progress lines; progress stays fast end to end for score in test_progress_lines_on_stderr_when_not_a_terminal, robustness in test_review_fixes_c.py::test_robustness_ignores_a_file_s_lines_outside_the_selection
def test_robustness_reports_progress(tmp_path, seed_only_default_gold):
    proc = run("robustness", "empty", "--gold", str(seed_only_default_gold), "--kinds",
               "digits", "--n", "2", "--out", str(tmp_path / "r"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.startswith("khabar: robustness: ")]
    assert lines[0].startswith("khabar: robustness: started, 0/3 runs")
    assert lines[-1].startswith("khabar: robustness: finished, 3/3 runs (100%)")
    assert "khabar: robustness" not in proc.stdout


@pytest.mark.slow  # a leaderboard of several systems for its progress lines; progress stays fast for score in test_progress_lines_on_stderr_when_not_a_terminal, the leaderboard in test_leaderboard_publish.py
def test_leaderboard_reports_progress_per_system(tmp_path, seed_only_default_gold):
    proc = run("leaderboard", "--gold", str(seed_only_default_gold), "--out", str(tmp_path / "r"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.startswith("khabar: leaderboard: ")]
    assert lines[0].startswith("khabar: leaderboard: started, 0/3 systems")
    assert any(" 2/3 systems (66%)" in x and "ETA" in x for x in lines)
    assert lines[-1].startswith("khabar: leaderboard: finished, 3/3 systems (100%)")
    assert "khabar: leaderboard" not in proc.stdout


# --------------------------------------------------------------------------- 7. py: contract

PYEXT = '''
"""A user's extractor that reads documents the way the README shows them (JSON)."""
import json


def as_json(documents):
    for doc in documents:                               # a generator of records
        assert set(doc.keys()) == {"doc_id", "text", "dct", "language"}
        assert doc.get("dct") == doc.dct and doc.get("nope", 7) == 7
        json.dumps(dict(doc), ensure_ascii=False)       # a plain JSON object
        text = doc["text"]
        at = text.find("دمشق")
        yield {"doc_id": doc["doc_id"],
               "entities": [{"start": at, "end": at + 4, "type": "GPE"}] if at >= 0 else []}


def _model(doc):
    raise ValueError(f"no model loaded for {doc['doc_id']}")


def crashes(documents):
    return [_model(doc) for doc in documents]
'''


def test_py_extractor_reads_documents_as_mappings_and_yields(tmp_path, seed_only_default_gold):
    (tmp_path / "my_ner.py").write_text(PYEXT, encoding="utf-8")
    out = tmp_path / "r.json"
    proc = run("score", "py:my_ner:as_json", "--gold", str(seed_only_default_gold),
               "--bootstrap", "0", "--json", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["tasks"]["ner"]["strict"]["cor"] == 1


def test_py_failure_shows_the_users_frames(tmp_path, seed_only_default_gold):
    (tmp_path / "my_ner.py").write_text(PYEXT, encoding="utf-8")
    proc = run("score", "py:my_ner:crashes", "--gold", str(seed_only_default_gold),
               cwd=tmp_path)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    err = proc.stderr
    assert "failed: py:my_ner:crashes: raised ValueError: no model loaded for " in err
    assert "the extractor's traceback (khabar's own frames left out)" in err
    assert re.search(r'my_ner\.py", line \d+, in crashes', err)
    assert re.search(r'my_ner\.py", line \d+, in _model', err)
    assert 'raise ValueError(f"no model loaded' in err
    assert "runners/python.py" not in err and "benchmark/harness/run.py" not in err
    assert "Traceback (most recent call last)" not in err   # not a khabar crash


# --------------------------------------------------------------------------- 8. hf: CoNLL labels

CONLL = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]


def _tiny_model_key() -> str | None:
    """The versions a built tiny model depends on (read without importing torch), or
    ``None`` when torch or transformers is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"torch-{version('torch')}-transformers-{version('transformers')}-v1"
    except PackageNotFoundError:
        return None


@pytest.fixture(scope="module")
def conll_model(request, tmp_path_factory) -> Path:
    """A random tiny BERT with CoNLL-2003 labels (needs torch and transformers).

    Built once per torch/transformers version into pytest's cache (``.pytest_cache``;
    ``pytest --cache-clear`` rebuilds it): importing torch in the test process to
    build it cost ~8 s of every run, and the model is the same every time (seeded)."""
    key = _tiny_model_key()
    if key is None:
        pytest.importorskip("torch")
        pytest.importorskip("transformers")
    where = tmp_path_factory.mktemp("hf") / "tiny-conll-ner"
    where.mkdir()
    cache = getattr(request.config, "cache", None)    # None under -p no:cacheprovider
    if cache is None:
        _build_tiny_conll_model(where)
        return where
    cached = Path(cache.mkdir(f"tiny-conll-ner-{key}"))
    if (cached / "done").is_file():
        return cached
    _build_tiny_conll_model(where)
    import shutil

    shutil.rmtree(cached)
    shutil.copytree(where, cached)
    (cached / "done").write_text(key or "", encoding="utf-8")   # written last: complete
    return cached


def _build_tiny_conll_model(where: Path) -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    chars = [chr(c) for c in range(0x0621, 0x064B)] + list("0123456789") + list('،.()"/-:')
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars, *("##" + c for c in chars)]
    (where / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast.from_pretrained(where)
    config = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=37, max_position_embeddings=512,
        id2label=dict(enumerate(CONLL)), label2id={lab: i for i, lab in enumerate(CONLL)})
    torch.manual_seed(1)
    transformers.utils.logging.disable_progress_bar()
    transformers.BertForTokenClassification(config).save_pretrained(where)
    transformers.utils.logging.enable_progress_bar()
    tokenizer.save_pretrained(where)


def test_conll_model_is_scored_on_its_own_granularity(conll_model, tmp_path,
                                                      seed_only_default_gold):
    out, samples = tmp_path / "r.json", tmp_path / "s.jsonl"
    proc = run("score", f"hf:{conll_model}", "--gold", str(seed_only_default_gold),
               "--bootstrap", "50", "--hf-max-length", "64", "--hf-stride", "16",
               "--json", str(out), "--samples", str(samples))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "NER (coarse CoNLL types PER/ORG/LOC/MISC): the headline" in proc.stdout
    assert "coarse strict (headline)" in proc.stdout
    assert proc.stdout.index("NER (coarse") < proc.stdout.index("NER (fine types)")
    assert re.search(r"khabar: hf:\S+: finished, 1/1 documents", proc.stderr)   # progress
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["extractor"]["label_set"] == "coarse"
    assert "ner.coarse.strict.f1" in data["bootstrap"]["intervals"]
    [line] = [json.loads(x) for x in samples.read_text(encoding="utf-8").splitlines()]
    assert line["entities"] and {e["type"] for e in line["entities"]} <= {"PERS", "ORG", "LOC",
                                                                          "MISC"}


@pytest.mark.slow  # two more hf: subprocesses (each imports torch); hf: stays fast above
def test_conll_model_is_compared_on_its_own_granularity(conll_model, tmp_path,
                                                        seed_only_default_gold):
    out = tmp_path / "r.json"
    proc = run("score", f"hf:{conll_model}", "--gold", str(seed_only_default_gold),
               "--bootstrap", "0", "--hf-max-length", "64", "--hf-stride", "16",
               "--json", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    # side by side with a fine system: the headline is the coarse one, marked
    for fmt in ("table", "md"):
        cmp = run("compare", f"hf:{conll_model}", "empty", "--gold", str(seed_only_default_gold),
                  "--bootstrap", "0", "--hf-max-length", "64", "--hf-stride", "16",
                  "--format", fmt)
        assert cmp.returncode == 0, cmp.stdout + cmp.stderr
        text = " ".join(cmp.stdout.split())
        coarse = f"{data['tasks']['ner']['coarse']['strict']['f1']:.3f}"
        assert f"{coarse} (coarse)" in text, text
        assert "its NER headline is the coarse view, tasks.ner.coarse.strict.f1" in text
        assert "coarse strict (headline: CoNLL labels)" in text


@pytest.mark.slow  # imports torch in the test process; the coarse headline stays fast in HTML in
# test_jobs_e2e.py::test_leaderboard_page_marks_coarse_headlines_and_shows_a_readable_error_view
def test_conll_headline_is_marked_in_html(conll_model, seed_only_default_gold):
    from benchmark import DEFAULTS, evaluate
    from benchmark.publish.entries import Entry
    from benchmark.publish.report import build_report
    from benchmark.render.html import render_html

    gold = load_gold(seed_only_default_gold)
    entries = [Entry.of(evaluate(spec, gold, DEFAULTS.but(bootstrap=0), options))
               for spec, options in ((f"hf:{conll_model}", {"model_max_length": 64,
                                                            "stride": 16}),
                                     ("empty", {}))]
    report = build_report(gold, entries)
    hf, empty = report.systems
    cell = hf.cell("ner")
    assert cell is not None and cell.view == "coarse"
    assert cell.value == entries[0].results.ner["coarse"].overall.modes[0].f1
    assert empty.cell("ner") is not None and empty.cell("ner").view is None
    html = render_html(report)
    assert '<span class="view"' in html and "(coarse)" in html


@pytest.mark.parametrize("labels, expected", [
    (CONLL, "coarse"),
    (["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"],
     "coarse"),                                              # ANERcorp
    (["O", "B-PER", "B-ORG", "B-GPE", "B-LOC", "B-DATE"], "fine"),   # has fine types
    (["O", "B-PER", "B-ORG"], "fine"),                       # nothing coarser than fine
])
def test_label_set_is_detected(tmp_path, labels, expected):
    pytest.importorskip("transformers")
    from runners.hf import HFTokenClassifierExtractor

    where = tmp_path / "m"
    where.mkdir()
    (where / "config.json").write_text(json.dumps(
        {"id2label": {str(i): lab for i, lab in enumerate(labels)}}), encoding="utf-8")
    for name in ("model.safetensors", "tokenizer.json"):
        (where / name).write_text("{}", encoding="utf-8")
    ex = HFTokenClassifierExtractor(where)
    assert ex.label_set == expected
    if expected == "coarse":
        assert {t for t in ex.label_types.values()} == {"PERS", "ORG", "LOC", "MISC"}
