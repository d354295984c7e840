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


# ------------------------------------------------ bug 17 and L3: lines outside the selection

def _corpus():  # type: ignore[no-untyped-def]
    from benchmark import load_gold

    return load_gold(BUNDLED)


def _whole_file(tmp_path: Path, edit=None) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """A predictions file with a line per gold document (the required mentions);
    ``edit(lines, index_of_a_test_doc)`` changes it. Returns the path and the
    doc_id of the first test document."""
    docs = sorted(_corpus(), key=lambda d: d.doc_id)
    lines = [json.dumps({"doc_id": d.doc_id, "entities": [
        {"start": e.start, "end": e.end, "type": e.type} for e in d.entities if not e.optional]},
        ensure_ascii=False) for d in docs]
    test = next(i for i, d in enumerate(docs) if d.split == "test")
    if edit is not None:
        edit(lines, test)
    path = tmp_path / "all.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, docs[test].doc_id


def test_robustness_ignores_a_file_s_lines_outside_the_selection(tmp_path: Path) -> None:
    preds, _ = _whole_file(tmp_path)
    proc = run("robustness", f"file:{preds}", "--gold", str(BUNDLED), "--split", "dev",
               "--kinds", "punctuation", "--n", "1", "--out", str(tmp_path / "rb"))
    assert_no_traceback(proc)
    table = json.loads((tmp_path / "rb" / "robustness.json").read_text(encoding="utf-8"))
    # the original run is scored on dev (a file cannot follow the perturbed texts)
    assert {r["system"]: r["original"] for r in table["rows"]} == {f"file:{preds}": 1.0}
    assert [f["kind"] for f in table["failures"]] == ["punctuation"]
    assert "expected the doc_id of a gold document" not in proc.stdout + proc.stderr


TEST_DOC_RECORD = '''
def extract(documents):
    out = [{"doc_id": d.doc_id, "entities": []} for d in documents]
    out.append({"doc_id": %r, "entities": []})
    return out
'''


@pytest.mark.slow
@pytest.mark.parametrize("command", ["score", "robustness"])
def test_a_record_for_a_document_of_another_split_says_so(tmp_path: Path, command: str) -> None:
    _, test_doc = _whole_file(tmp_path)
    (tmp_path / "extra.py").write_text(TEST_DOC_RECORD % test_doc, encoding="utf-8")
    args = ["--kinds", "punctuation", "--n", "1", "--out", str(tmp_path / "rb")] \
        if command == "robustness" else ["--task", "ner", "--bootstrap", "0"]
    proc = run(command, "py:extra:extract", "--gold", str(BUNDLED), "--split", "dev", *args,
               cwd=tmp_path)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    shown = (proc.stdout + proc.stderr).replace("\\_", "_")
    assert f'$.doc_id: got "{test_doc}"; expected the doc_id of a gold document in the ' \
           "selection; this gold document is not in the selection (split dev)" in shown


def _unknown_field(lines: list[str], i: int) -> None:
    record = json.loads(lines[i])
    lines[i] = json.dumps({**record, "confidence": 0.5}, ensure_ascii=False)


def _duplicate_line(lines: list[str], i: int) -> None:
    lines.append(lines[i])


def _bad_offsets(lines: list[str], i: int) -> None:
    record = json.loads(lines[i])
    record["entities"][0]["end"] = 10 ** 6
    lines[i] = json.dumps(record, ensure_ascii=False)


@pytest.mark.parametrize("edit, strict, verdict, message", [
    (_unknown_field, False, 3, "expected no field 'confidence'"),
    pytest.param(_duplicate_line, False, 3, "expected a doc_id not already given on line",
                 marks=pytest.mark.slow),
    pytest.param(_bad_offsets, False, 0, "", marks=pytest.mark.slow),   # dropped, counted
    pytest.param(_bad_offsets, True, 3, "end", marks=pytest.mark.slow),
])
def test_one_file_gets_one_verdict_on_either_split(tmp_path: Path, edit, strict: bool,
                                                   verdict: int, message: str) -> None:
    """docs/scoring-models.md: every line of a predictions file is checked, whatever
    the selection; a problem in a test document's line fails --split dev too."""
    preds, _ = _whole_file(tmp_path, edit)
    for split in ("dev", "test"):
        proc = run("score", f"file:{preds}", "--gold", str(BUNDLED), "--split", split,
                   "--task", "ner", "--bootstrap", "0", *(["--strict"] if strict else []))
        assert proc.returncode == verdict, (split, proc.stdout + proc.stderr)
        assert_no_traceback(proc)
        assert message in proc.stderr, (split, proc.stderr)
        if verdict and split == "dev":
            assert "in its lines for gold documents outside the selection" in proc.stderr


# ------------------------------------------------ L4: a CoNLL document twice

@pytest.mark.slow  # an export and a score; CoNLL predictions files stay fast end to end in test_jobs_e2e.py (test_a_coarse_conll_submission…, test_a_fine_conll_submission_stays_fine)
def test_a_conll_document_given_twice_is_named_a_duplicate(tmp_path: Path) -> None:
    proc = run("export", "--gold", str(BUNDLED), "--format", "conll", "--out",
               str(tmp_path / "exp"))
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "exp" / "gold.conll").read_text(encoding="utf-8")
    first = text[:text.index("-DOCSTART-", 1)]          # the first document's block
    doubled = tmp_path / "doubled.conll"
    doubled.write_text(text + first, encoding="utf-8")
    again = text.count("\n") + 1                         # the line of the repeated block
    proc = run("score", f"file:{doubled}#column=4", "--gold", str(BUNDLED), "--split", "dev",
               "--task", "ner", "--bootstrap", "0")
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    assert f"doubled.conll:{again}: got '{SEED}'; expected each document once: duplicate " \
           f"document '{SEED}' (blocks at lines 1 and {again})" in proc.stderr
    assert "they match none" not in proc.stderr


# ------------------------------------------------ the ranking never mixes granularities

CONLL_CLASS = {"GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "PERS": "PER", "ORG": "ORG",
               "NORP": "MISC", "EVENT": "MISC"}


def _coarse_conll(tmp_path: Path) -> Path:
    """khabar's CoNLL export of the seed with CoNLL classes only (the others dropped)."""
    proc = run("export", "--gold", str(SEED_FILE), "--format", "conll", "--out",
               str(tmp_path / "exp"))
    assert proc.returncode == 0, proc.stderr
    lines = []
    for line in (tmp_path / "exp" / "gold.conll").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] != "-DOCSTART-" and parts[3] != "O":
            prefix, kind = parts[3].split("-", 1)
            parts[3] = f"{prefix}-{CONLL_CLASS[kind]}" if kind in CONLL_CLASS else "O"
            line = " ".join(parts)
        lines.append(line)
    path = tmp_path / "coarse.conll"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow  # three more subprocesses; a CoNLL model ranked with fine systems on the coarse view stays fast end to end in test_jobs_e2e.py::test_leaderboard_page_marks_coarse_headlines_and_shows_a_readable_error_view
def test_leaderboard_ranks_coarse_and_fine_systems_on_the_coarse_view(tmp_path: Path) -> None:
    spec = f"file:{_coarse_conll(tmp_path)}#column=4"
    out = tmp_path / "lb"
    proc = run("leaderboard", "--only", spec, "rules", "--gold", str(SEED_FILE), "--out",
               str(out), "--bootstrap", "0", env={"COLUMNS": "300"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    note = ("NER is ranked on the coarse CoNLL view (PER/ORG/LOC/MISC, "
            "tasks.ner.coarse.strict.f1) for every system")
    results = {name: json.loads((out / "results" / f"{stem}.json").read_text(encoding="utf-8"))
               for name, stem in ((spec, "file_" + spec[5:].strip("/").replace("/", "_")
                                   .replace("#", "_").replace("=", "_")), ("rules", "rules"))}
    coarse = {name: r["tasks"]["ner"]["coarse"]["strict"]["f1"] for name, r in results.items()}
    fine = results["rules"]["tasks"]["ner"]["strict"]["f1"]
    assert results[spec]["extractor"]["label_set"] == "coarse"
    assert f"{fine:.3f}" != f"{coarse['rules']:.3f}"       # the table shows which it is
    assert coarse["rules"] > coarse[spec]
    md = (out / "leaderboard.md").read_text(encoding="utf-8")
    overview = md[md.index("## Overview"):md.index("| system |")]
    assert note in overview                                  # above the table
    rows = [line for line in md.splitlines() if line.startswith("| `")][:2]
    assert rows[0].startswith(f"| `rules` | **{coarse['rules']:.3f}**")  # its coarse value
    assert rows[1].startswith(f"| `{spec}` | {coarse[spec]:.3f} |")
    assert "| NER coarse strict F1 (PER/ORG/LOC/MISC) |" in md
    html = (out / "leaderboard.html").read_text(encoding="utf-8")
    assert html.index(note) < html.index('<table class="sortable overview">')
    assert note in " ".join(proc.stdout.split())             # the terminal table's title
    # all fine: no note, NER strict F1 as before
    alone = run("leaderboard", "--only", "rules", "--gold", str(SEED_FILE), "--out",
                str(tmp_path / "fine"), "--bootstrap", "0")
    assert alone.returncode == 0, alone.stderr
    text = (tmp_path / "fine" / "leaderboard.md").read_text(encoding="utf-8")
    assert "coarse CoNLL view" not in text and "| NER strict F1 |" in text
    assert f"| `rules` | **{fine:.3f}** |" in text


# ------------------------------------------------ L5: stale report files of systems not ranked now

@pytest.mark.slow  # two more leaderboard subprocesses; the leaderboard's manifest stays fast end to end in the kill -9 row of test_adversarial.py (its stale temporary files removed, a foreign file kept), the leaderboard in test_leaderboard_publish.py
def test_leaderboard_removes_its_own_stale_files_only(tmp_path: Path) -> None:
    out = tmp_path / "lb"
    common = ["--gold", str(BUNDLED), "--out", str(out), "--bootstrap", "0"]
    first = run("leaderboard", "--only", "empty", "oracle", *common)
    assert first.returncode == 0, first.stderr
    (out / "results" / "user.json").write_text("{}\n", encoding="utf-8")       # the user's
    edited = out / "results" / "dev" / "oracle.json"
    edited.write_text(edited.read_text(encoding="utf-8") + " ", encoding="utf-8")  # edited
    proc = run("leaderboard", "--only", "empty", *common)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for gone in ("results/oracle.json", "samples/oracle.jsonl"):
        assert not (out / gone).exists()
        assert f"removed {out / gone} (written by an earlier run for a system not ranked " \
               "now)" in proc.stderr
    assert (out / "results" / "user.json").read_text(encoding="utf-8") == "{}\n"
    assert edited.exists() and str(edited) not in proc.stderr
    manifest = json.loads((out / ".khabar-manifest.json").read_text(encoding="utf-8"))
    assert not [k for k in manifest if "oracle" in k]
    assert {"results/empty.json", "samples/empty.jsonl", "results/dev/empty.json"} <= \
        set(manifest)


# ------------------------------------------------ L6: a spec given twice

@pytest.mark.parametrize("command", ["compare", pytest.param("leaderboard",
                                                             marks=pytest.mark.slow)])
def test_a_repeated_spec_is_refused(tmp_path: Path, command: str) -> None:
    extra = ["--only", "--out", str(tmp_path / "lb")] if command == "leaderboard" else []
    proc = run(command, "empty", "oracle", "empty", *extra, "--gold", str(SEED_FILE),
               "--bootstrap", "0")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    assert "a system is given more than once: 'empty' (2 times); give each spec once" \
        in proc.stderr
    assert not (tmp_path / "lb").exists()


# ------------------------------------------------ L8: --limit beyond the split

@pytest.mark.slow  # two score subprocesses on the bundled dev split; --limit stays fast end to end in test_jobs_e2e.py::test_a_file_covering_every_document_scores_the_selection[--limit]
def test_a_limit_covering_the_split_records_no_limit(tmp_path: Path) -> None:
    for name, args in (("limited", ["--limit", "100"]), ("full", [])):
        proc = run("score", "empty", "--gold", str(BUNDLED), "--split", "dev", "--task", "ner",
                   "--bootstrap", "0", *args, "--json", str(tmp_path / f"{name}.json"))
        assert proc.returncode == 0, proc.stderr
        assert "limit:" not in proc.stdout
    limited, full = (json.loads((tmp_path / f"{n}.json").read_text(encoding="utf-8"))
                     for n in ("limited", "full"))
    assert limited["signature"] == full["signature"]
    from benchmark.gold.loader import load_gold

    dev = len(load_gold(BUNDLED, split="dev"))
    assert "limit" not in limited["gold"] and limited["gold"]["documents"] == dev
