"""The users' three jobs (issue 13), the parts not covered elsewhere, end to end:
every test runs the installed ``khabar`` as a subprocess (``tests/khabar_cli.py``)
on files a user would have. Figures are computed here from the gold files, not
read back from khabar. Bundled gold is scored on its dev split only, or the seed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from benchmark import load_gold
from benchmark.publish.leaderboard import file_stem
from benchmark.render.common import md_code
from khabar_cli import ROOT, assert_no_traceback, run

BUNDLED = ROOT / "gold"
SEED_FILE = BUNDLED / "000_3de78dd80989a7ed.json"


@pytest.fixture(scope="module")
def corpus():
    return load_gold(BUNDLED)


def _required(doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.type) for e in doc.entities if not e.optional]


# ------------------------------------------------ a file: covering the whole corpus

def _whole_corpus_file(tmp_path: Path, corpus) -> Path:
    """A predictions file with a line for each of the 36 documents (every split): the
    gold's required mentions as offsets, so every scored document is perfect."""
    path = tmp_path / "all.jsonl"
    path.write_text("".join(json.dumps({"doc_id": d.doc_id, "entities": [
        {"start": s, "end": e, "type": t} for s, e, t in _required(d)]}, ensure_ascii=False)
        + "\n" for d in corpus), encoding="utf-8")
    return path


@pytest.mark.parametrize("args, pick", [
    (["--limit", "2"], lambda ids: ids[:2]),
    # further selections of the same file (a subprocess each): --shard stays fast end to
    # end in test_shard_merge.py, a file of every split in test_check_extractor_with_a_file…
    pytest.param(["--shard", "2/3"], lambda ids: ids[1::3], marks=pytest.mark.slow),
    pytest.param([], lambda ids: ids, marks=pytest.mark.slow),  # the other split's lines, too
])
def test_a_file_covering_every_document_scores_the_selection(tmp_path, corpus, args, pick):
    """``--limit``/``--shard``/``--split`` select documents; the file's lines for the
    other documents of the gold are ignored, not errors."""
    preds = _whole_corpus_file(tmp_path, corpus)
    out = tmp_path / "r.json"
    proc = run("score", f"file:{preds}", "--gold", str(BUNDLED), "--split", "dev", *args,
               "--task", "ner", "--bootstrap", "0", "--json", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    dev = sorted((d for d in corpus if d.split == "dev"), key=lambda d: d.doc_id)
    chosen = pick(dev)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(data["per_document"]) == [d.doc_id for d in chosen]
    strict = data["tasks"]["ner"]["strict"]
    n = sum(len(_required(d)) for d in chosen)
    assert (strict["cor"], strict["mis"], strict["spu"]) == (n, 0, 0)
    assert data["tasks"]["ner"]["invalid_items"] == 0


def test_check_extractor_with_a_file_of_the_whole_corpus(tmp_path, corpus):
    """The CI gate runs a ``file:`` of every document on one split."""
    preds = _whole_corpus_file(tmp_path, corpus)
    base = tmp_path / "base.json"
    done = run("score", f"file:{preds}", "--gold", str(BUNDLED), "--split", "dev", "--task",
               "ner", "--bootstrap", "0", "--json", str(base))
    assert done.returncode == 0, done.stdout + done.stderr
    gate = run("check", "--extractor", f"file:{preds}", "--baseline", str(base), "--gold",
               str(BUNDLED), "--split", "dev", "--task", "ner", "--bootstrap", "0")
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert "passed: 1 metric(s) checked" in gate.stdout


def test_compare_with_limit_ignores_the_other_documents_lines(tmp_path, corpus):
    preds = _whole_corpus_file(tmp_path, corpus)
    proc = run("compare", f"file:{preds}", "empty", "--gold", str(BUNDLED), "--split", "dev",
               "--limit", "3", "--task", "ner", "--bootstrap", "0", "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    mine = next(s for s in data["systems"] if s["name"] == f"file:{preds}")
    assert mine["status"] == "ok" and mine["headline"]["ner"]["value"] == 1.0
    assert data["gold"]["documents"] == 3


@pytest.mark.slow  # an export and a score of the whole corpus; CoNLL files stay fast end to end in test_a_coarse_conll_submission… and test_a_fine_conll_submission_stays_fine, --limit in test_a_file_covering_every_document_scores_the_selection
def test_a_conll_file_of_the_whole_corpus_with_limit(tmp_path, corpus):
    """khabar's own CoNLL export holds every document in unnamed ``-DOCSTART-`` blocks:
    the blocks of documents beyond ``--limit`` are identified and ignored."""
    proc = run("export", "--gold", str(BUNDLED), "--format", "conll", "--out",
               str(tmp_path / "conll"))
    assert proc.returncode == 0, proc.stderr
    [conll] = (tmp_path / "conll").glob("*.conll")
    assert conll.read_text(encoding="utf-8").count("-DOCSTART-") == len(corpus)
    out = tmp_path / "r.json"
    proc = run("score", f"file:{conll}#column=4", "--gold", str(BUNDLED), "--split", "dev",
               "--limit", "2", "--bootstrap", "0", "--json", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    first_two = sorted(d.doc_id for d in corpus if d.split == "dev")[:2]
    assert sorted(data["per_document"]) == first_two
    # the outermost layer of the two documents, nothing spurious
    assert data["tasks"]["ner"]["strict"]["spu"] == 0


def test_a_line_for_a_document_in_no_split_is_still_an_error(tmp_path, corpus):
    preds = _whole_corpus_file(tmp_path, corpus)
    with preds.open("a", encoding="utf-8") as f:
        f.write('{"doc_id": "not-a-gold-document", "entities": []}\n')
    proc = run("score", f"file:{preds}", "--gold", str(BUNDLED), "--split", "dev",
               "--limit", "2", "--bootstrap", "0")
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    line = len(corpus) + 1
    assert (f'all.jsonl:{line}: $.doc_id: got "not-a-gold-document"; expected the doc_id of '
            "a gold document") in proc.stderr


# ------------------------------------------------ a CoNLL submission with CoNLL's classes

def _coarse_conll(tmp_path: Path, gold_file: Path) -> tuple[Path, int]:
    """khabar's CoNLL export of ``gold_file`` with every fine tag replaced by the CoNLL
    class the gold gives its type (PERS → PER, GPE → LOC, …; no class → O), as a
    CoNLL-2003 system would tag it. Returns the file and its number of chunks."""
    proc = run("export", "--gold", str(gold_file), "--format", "conll", "--out",
               str(tmp_path / "export"))
    assert proc.returncode == 0, proc.stderr
    [exported] = (tmp_path / "export").glob("*.conll")
    classes: dict[str, set] = {}
    for doc in load_gold(gold_file):
        for e in doc.entities:
            classes.setdefault(e.type, set()).add(e.coarse)
    assert all(len(c) == 1 for c in classes.values())      # one class per fine type
    conll = {t: next(iter(c)) for t, c in classes.items()}
    lines, chunks = [], 0
    for line in exported.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] != "-DOCSTART-" and parts[3] != "O":
            prefix, fine = parts[3].split("-", 1)
            parts[3] = f"{prefix}-{conll[fine]}" if conll[fine] else "O"
            chunks += parts[3].startswith("B-")
        lines.append(" ".join(parts))
    out = tmp_path / "system.conll"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out, chunks


def test_a_coarse_conll_submission_is_scored_on_its_own_granularity(tmp_path):
    submission, chunks = _coarse_conll(tmp_path, SEED_FILE)
    text = submission.read_text(encoding="utf-8")
    assert "-LOC" in text and "-GPE" not in text and "-PERS" not in text
    out = tmp_path / "r.json"
    proc = run("score", f"file:{submission}#column=4", "--gold", str(SEED_FILE),
               "--bootstrap", "0", "--json", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "NER (coarse CoNLL types PER/ORG/LOC/MISC): the headline" in proc.stdout
    assert "coarse strict (headline)" in proc.stdout
    assert proc.stdout.index("NER (coarse") < proc.stdout.index("NER (fine types)")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["extractor"]["label_set"] == "coarse"
    [doc] = load_gold(SEED_FILE)
    gold_coarse = sum(1 for e in doc.entities if not e.optional and e.coarse)
    coarse = data["tasks"]["ner"]["coarse"]["strict"]
    # every chunk is a gold mention (the outermost layer) with its own class
    assert (coarse["cor"], coarse["spu"], coarse["mis"]) == (chunks, 0, gold_coarse - chunks)
    # the fine view: each GPE/FAC the system calls LOC is a type error there
    places = sum(1 for e in doc.entities if not e.optional and e.type in ("GPE", "FAC")
                 and e.parent is None)
    assert data["tasks"]["ner"]["strict"]["inc"] >= places > 0
    # side by side with a fine system: the headline is the coarse one, marked
    cmp = run("compare", f"file:{submission}#column=4", "rules", "--gold", str(SEED_FILE),
              "--bootstrap", "0", "--format", "md")
    assert cmp.returncode == 0, cmp.stdout + cmp.stderr
    assert f"{coarse['f1']:.3f} (coarse)" in cmp.stdout
    assert "its NER headline is the coarse view, tasks.ner.coarse.strict.f1" in cmp.stdout


def test_a_fine_conll_submission_stays_fine(tmp_path):
    proc = run("export", "--gold", str(SEED_FILE), "--format", "conll", "--out",
               str(tmp_path / "export"))
    assert proc.returncode == 0, proc.stderr
    [exported] = (tmp_path / "export").glob("*.conll")
    out = tmp_path / "r.json"
    proc = run("score", f"file:{exported}#column=4", "--gold", str(SEED_FILE),
               "--bootstrap", "0", "--json", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "label_set" not in json.loads(out.read_text(encoding="utf-8"))["extractor"]
    assert "coarse strict (headline)" not in proc.stdout


# ------------------------------------------------ robustness of a model with CoNLL labels

COARSE_MODEL = '''
"""A model at CoNLL granularity: every دمشق is a LOC. It declares its label set."""
import re

from runners.base import ExtractorInfo


class Capitals:
    def describe(self):
        return ExtractorInfo("py", "coarse_model:Capitals", "1", {}, label_set="coarse")

    def predict(self, documents):
        return [{"doc_id": d["doc_id"],
                 "entities": [{"start": m.start(), "end": m.end(), "type": "LOC"}
                              for m in re.finditer(r"(?<!\\w)دمشق(?!\\w)", d["text"])]}
                for d in documents]
'''


def _f1(cor: int, pred: int, gold: int) -> float:
    p, r = cor / pred if pred else 0.0, cor / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _capitals_by_hand() -> tuple[float, float]:
    """COARSE_MODEL's strict F1 on the seed, coarse and fine, from the gold file: its
    spans (every whole-word دمشق, as LOC) against the required mentions."""
    [doc] = load_gold(SEED_FILE)
    found = {(m.start(), m.end()) for m in re.finditer(r"(?<!\w)دمشق(?!\w)", doc.text)}
    required = [e for e in doc.entities if not e.optional]
    coarse_gold = [e for e in required if e.coarse]
    loc = {(e.start, e.end) for e in coarse_gold if e.coarse == "LOC"}
    loc |= {(a.start, a.end) for e in coarse_gold if e.coarse == "LOC" for a in e.alternatives}
    coarse = _f1(len(found & loc), len(found), len(coarse_gold))
    fine = _f1(sum(1 for e in required if (e.start, e.end) in found and e.type == "LOC"),
               len(found), len(required))
    return coarse, fine


def test_robustness_uses_the_coarse_headline_of_a_conll_model(tmp_path):
    (tmp_path / "coarse_model.py").write_text(COARSE_MODEL, encoding="utf-8")
    out = tmp_path / "rob"
    proc = run("robustness", "py:coarse_model:Capitals", "--gold", str(SEED_FILE),
               "--kinds", "digits", "--n", "2", "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    coarse, fine = _capitals_by_hand()
    assert coarse > 0 and fine == 0.0                   # the fine view is all type errors
    table = json.loads((out / "robustness.json").read_text(encoding="utf-8"))
    [row] = table["rows"]
    assert (row["task"], row["view"], row["headline"]) == ("ner", "coarse",
                                                         "tasks.ner.coarse.strict.f1")
    assert row["original"] == pytest.approx(coarse)
    # the digits variants leave دمشق as it is: the same value, no drop
    assert row["cells"]["digits"]["values"] == [pytest.approx(coarse)] * 2
    assert row["cells"]["digits"]["drop"] == pytest.approx(0.0)
    md = (out / "robustness.md").read_text(encoding="utf-8")
    assert f"| `py:coarse_model:Capitals` | tasks.ner.coarse.strict.f1 (coarse) | {coarse:.3f} |" \
        in md
    assert "its NER headline is the coarse view, tasks.ner.coarse.strict.f1" in md
    assert md in proc.stdout                             # what was printed is what was written


# ------------------------------------------------ a leaderboard with a system that fails

def test_leaderboard_writes_a_failed_systems_samples_and_partial_results(
        tmp_path, seed_only_default_gold):
    """One of the LLM's tasks fails (HTTP 500 after the retries): the run fails, the
    other system is ranked, and the failed one's samples and partial results are
    written — the same partial results ``khabar score`` writes."""
    from llm_server import serve

    out = tmp_path / "board"
    with serve() as server:
        server.fail_tasks = {"attributions"}
        common = ("--gold", str(seed_only_default_gold), "--base-url", server.base_url,
                  "--no-cache", "--bootstrap", "0")
        proc = run("leaderboard", "--only", "rules", "openai:test-model", *common,
                   "--out", str(out), env={"OPENAI_API_KEY": ""})
        alone = run("score", "openai:test-model", *common, "--json", str(tmp_path / "s.json"),
                    env={"OPENAI_API_KEY": ""})
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert alone.returncode == 3, alone.stdout + alone.stderr
    assert_no_traceback(proc)
    assert "failed: openai:test-model: " in proc.stderr
    md = (out / "leaderboard.md").read_text(encoding="utf-8")
    assert re.search(r"^\| `rules` \| \*\*[0-9.]+", md, re.MULTILINE)       # ranked, ok
    assert re.search(r"^\| `openai:test-model` \|.*\| failed: ", md, re.MULTILINE)
    results = json.loads((out / "results" / "openai_test-model.json").read_text(encoding="utf-8"))
    assert results["status"] == "failed" and results["partial"] is True
    assert "request(s) failed" in results["failure"]["reason"]
    single = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert results["tasks"] == single["tasks"]                # as `khabar score` writes them
    assert results["tasks"]["attribution"]["invalid_items"] == 1
    assert results["tasks"]["ner"]["strict"]["cor"] >= 1      # the answers that came back
    [line] = [json.loads(x) for x in (out / "samples" / "openai_test-model.jsonl")
              .read_text(encoding="utf-8").splitlines()]
    assert set(line["raw_responses"]) == {"ner", "timex"}      # the model's answers …
    assert [e["kind"] for e in line["invalid"] if e["task"] == "attribution"] == ["failed"]
    assert line["outcomes"]["entities"]                        # … and how each scored
    manifest = json.loads((out / ".khabar-manifest.json").read_text(encoding="utf-8"))
    listed = json.dumps(manifest)
    assert "results/openai_test-model.json" in listed and "samples/openai_test-model.jsonl" \
        in listed


@pytest.mark.slow  # another leaderboard with a failed system; a failed system's report stays fast end to end in test_leaderboard_writes_a_failed_systems_samples_and_partial_results
def test_leaderboard_failed_system_on_every_split(tmp_path):
    """A crash (nothing came back) on the bundled gold: the failure is written for
    the headline split and for the split beside it, each describing its documents."""
    (tmp_path / "broken.py").write_text(
        "def extract(documents):\n    raise RuntimeError('model weights missing')\n",
        encoding="utf-8")
    out = tmp_path / "board"
    proc = run("leaderboard", "--only", "py:broken:extract", "empty", "--gold", str(BUNDLED),
               "--bootstrap", "0", "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    corpus = load_gold(BUNDLED)
    for path, split in ((out / "results" / "py_broken_extract.json", "test"),
                        (out / "results" / "dev" / "py_broken_extract.json", "dev")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["status"] == "failed" and data["tasks"] == {}
        assert data["failure"]["reason"] == "raised RuntimeError: model weights missing"
        assert data["gold"]["split"] == split
        assert data["gold"]["documents"] == sum(d.split == split for d in corpus)
    assert (out / "samples" / "py_broken_extract.jsonl").read_text(encoding="utf-8") == ""
    assert (out / "results" / "empty.json").exists()


# ------------------------------------------------ invalid items beside the scores

MESSY = '''
"""A model with messy answers: one string not in the text, one unknown type, one bad
TIMEX3 value; the rest is right."""


def extract(documents):
    for doc in documents:
        yield {"doc_id": doc["doc_id"],
               "entities": [{"text": "دمشق", "type": "GPE"},
                            {"text": "باريس", "type": "GPE"},          # not in the text
                            {"start": 0, "end": 4, "type": "CITY"}],   # no such type
               "timexes": [{"text": "اليوم", "type": "DATE", "value": "2017-11-19"},
                           {"text": "19 نوفمبر 2017", "type": "DATE", "value": 2017}]}
'''
#: What MESSY drops, counted by hand: NER 2 (باريس, CITY), TIMEX3 1 (the value 2017, a number).
DROPPED = {"ner": 2, "timex": 1}


def test_compare_and_leaderboard_show_invalid_items(tmp_path):
    (tmp_path / "messy.py").write_text(MESSY, encoding="utf-8")
    common = ("--gold", str(SEED_FILE), "--bootstrap", "0")
    score = run("score", "py:messy:extract", *common, "--json", str(tmp_path / "s.json"),
                cwd=tmp_path)
    assert score.returncode == 0, score.stdout + score.stderr
    assert "invalid items (dropped and counted, listed in --samples): ner 2 (1 invalid, " \
           "1 not found), timex 1 (1 invalid)" in score.stdout
    saved = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert {t: n["invalid_items"] for t, n in saved["tasks"].items()} == DROPPED

    table = run("compare", "py:messy:extract", "rules", *common, cwd=tmp_path)
    assert table.returncode == 0, table.stdout + table.stderr
    overview = table.stdout.split("└")[0].splitlines()          # the first table
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[1:-1]]
            for line in overview if line.startswith("│ ")}
    header = next(line for line in overview if line.startswith("┃"))
    column = [c.strip() for c in header.split("┃")[1:-1]].index("invalid items")
    assert rows["py:messy:extract"][column] == "ner 2, timex 1"
    assert rows["rules"][column] == "0"
    assert "invalid items: the predicted items a run dropped" in table.stdout

    md = run("compare", "py:messy:extract", "rules", *common, "--format", "md", cwd=tmp_path)
    assert re.search(r"^\| `py:messy:extract` \| .* \| ner 2, timex 1 \| ok \|$", md.stdout,
                     re.MULTILINE), md.stdout
    assert re.search(r"^\| `rules` \| .* \| 0 \| ok \|$", md.stdout, re.MULTILINE)
    as_json = json.loads(run("compare", "py:messy:extract", "rules", *common, "--format",
                             "json", cwd=tmp_path).stdout)
    by_name = {s["name"]: s for s in as_json["systems"]}
    assert {k: v for k, v in by_name["py:messy:extract"]["invalid_items"].items() if v} \
        == DROPPED
    assert set(by_name["rules"]["invalid_items"].values()) == {0}

    board = run("leaderboard", "--only", "rules", "py:messy:extract", *common, "--out",
                str(tmp_path / "board"), cwd=tmp_path)
    assert board.returncode == 0, board.stdout + board.stderr
    report = (tmp_path / "board" / "leaderboard.md").read_text(encoding="utf-8")
    assert re.search(r"^\| `py:messy:extract` \| .* \| ner 2, timex 1 \| ok \|$", report,
                     re.MULTILINE), report
    html = (tmp_path / "board" / "leaderboard.html").read_text(encoding="utf-8")
    assert ">Invalid items</th>" in html and ">ner 2, timex 1</td>" in html
    # the saved results, given to compare, carry their counts too
    again = run("compare", str(tmp_path / "s.json"), "rules", *common, "--format", "md",
                cwd=tmp_path)
    assert re.search(r"\| ner 2, timex 1 \| ok \|$", again.stdout, re.MULTILINE), again.stdout


@pytest.mark.slow  # the clean case of the invalid-items column (a compare and a leaderboard subprocess); the column stays fast end to end in test_compare_and_leaderboard_show_invalid_items
def test_clean_runs_have_no_invalid_items_column(tmp_path):
    proc = run("compare", "rules", "empty", "--gold", str(SEED_FILE), "--bootstrap", "0",
               "--format", "md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "invalid items" not in proc.stdout
    board = run("leaderboard", "--only", "rules", "empty", "--gold", str(SEED_FILE),
                "--bootstrap", "0", "--out", str(tmp_path / "board"))
    assert board.returncode == 0, board.stdout + board.stderr
    for name in ("leaderboard.md", "leaderboard.html"):
        assert "nvalid items" not in (tmp_path / "board" / name).read_text(encoding="utf-8")


# ------------------------------------------------ the published page, from the command

QUOTES = '''
"""Attribution only: the seed's first relation, its content missing the last word."""
import json
import os


def extract(documents):
    given = json.loads(os.environ["QUOTE"])
    return [{"doc_id": d["doc_id"], "attributions": [given]} for d in documents]
'''


def test_leaderboard_page_marks_coarse_headlines_and_shows_a_readable_error_view(tmp_path):
    """``khabar leaderboard`` as a user runs it: a CoNLL model's headline is marked
    coarse in the Markdown and the HTML; the error view has one collapsed entry per
    document with a one-line summary, no copy of the article for layers a system did
    not attempt, and the words of a content found in only one side marked."""
    [doc] = load_gold(SEED_FILE)
    relation = sorted(doc.attributions, key=lambda a: a.cue[0].start)[0]
    content = relation.content[0].text
    last = re.findall(r"\w+", content)[-1]
    shortened = content[:content.rindex(last)].rstrip(' "،.')
    quote = {"source": [{"text": s.text} for s in relation.source],
             "cue": [{"text": c.text} for c in relation.cue],
             "content": [{"text": shortened}], "kind": relation.kind}
    (tmp_path / "quotes.py").write_text(QUOTES, encoding="utf-8")
    (tmp_path / "coarse_model.py").write_text(COARSE_MODEL, encoding="utf-8")
    out = tmp_path / "board"
    gazetteer = f'cmd:"{sys.executable}" "{ROOT / "tests" / "extractors" / "echo_oracle.py"}"'
    proc = run("leaderboard", "--only", "dateparser", "py:quotes:extract",
               "py:coarse_model:Capitals", gazetteer, "--gold", str(SEED_FILE), "--bootstrap", "0",
               "--out", str(out), cwd=tmp_path,
               env={"QUOTE": json.dumps(quote, ensure_ascii=False)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    md = (out / "leaderboard.md").read_text(encoding="utf-8")
    coarse, _ = _capitals_by_hand()
    # a CoNLL model next to fine systems: the ranking is on the coarse view for all,
    # said above the table (docs/leaderboard.md, "One granularity")
    assert "| system | NER coarse strict F1 (PER/ORG/LOC/MISC) |" in md, md
    assert "NER is ranked on the coarse CoNLL view" in md.split("| system |")[0]
    assert f"| `py:coarse_model:Capitals` | {coarse:.3f} |" in md, md
    assert f"| {md_code(gazetteer)} | " in md                    # a cmd: system, ranked
    assert json.loads((out / "results" / f"{file_stem(gazetteer)}.json").read_text(
        encoding="utf-8"))["extractor"]["kind"] == "cmd"
    html = (out / "leaderboard.html").read_text(encoding="utf-8")
    assert '<p class="note ranking-view">NER is ranked on the coarse CoNLL view' in html
    errors = html.split('<section id="errors">')[1]
    per_system = {m.group(1): m.group(0) for m in re.finditer(
        r'<details class="system-errors" data-system="([^"]+)".*?(?=<details class="system-'
        r'errors"|</section>)', errors, re.DOTALL)}
    quotes = per_system["py:quotes:extract"]
    assert quotes.count('<details class="doc"') == 1
    summary = re.search(r'<details class="doc"[^>]*><summary>(.*?)</summary>', quotes).group(1)
    assert 'data-layer="attributions"' in summary and 'data-layer="entities"' not in summary
    assert 'class="doc-text"' not in quotes            # attribution only: no copy of the text
    assert f'<mark class="only only-gold">{last}</mark>' in quotes
    dateparser = per_system["dateparser"]
    assert re.findall(r'<div class="doc-text"[^>]*data-layer="(\w+)"', dateparser) == \
        ["timexes"]


# ------------------------------------------------ publishing from a fresh clone

@pytest.mark.slow  # a git clone and a leaderboard of every default system on the bundled gold; the default leaderboard stays fast end to end in test_leaderboard_publish.py::test_leaderboard_adds_a_py_file_and_saved_results_to_the_defaults and the kill -9 row of test_adversarial.py
def test_publishing_on_a_fresh_clone_changes_only_the_run_records(tmp_path):
    """``make leaderboard``'s leaderboard step (``khabar leaderboard --out reports``)
    in a fresh clone: the published pages and samples come out byte-identical, and
    the only tracked files that change are the results files, whose ``run`` records
    the date and commit of the new run. (The robustness step is checked the same way
    by hand: it takes minutes.)"""
    import shutil
    import subprocess

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    clone = tmp_path / "clone"
    done = subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    proc = run("leaderboard", "--out", "reports", cwd=clone)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    status = subprocess.run(["git", "-C", str(clone), "status", "--porcelain"],
                            capture_output=True, text=True, timeout=60).stdout.splitlines()
    changed = sorted(line[3:] for line in status)
    manifests = ("reports/.khabar-manifest.json", "reports/.khabar-manifest.json.bak")
    stale = [p for p in changed if p not in manifests
             and not re.fullmatch(r"reports/results/(dev/)?[\w.-]+\.json", p)]
    assert not stale, ("published reports differ from a fresh run (regenerate with `make "
                       f"leaderboard` and commit them): {stale}")
    for path in (p for p in changed if p in manifests):   # the same files, new hashes
        listed = lambda text: sorted(json.loads(text))  # noqa: E731
        head = subprocess.run(["git", "-C", str(clone), "show", f"HEAD:{path}"],
                              capture_output=True, text=True, timeout=60).stdout
        assert listed((clone / path).read_text(encoding="utf-8")) == listed(head), path
    for path in (p for p in changed if p not in manifests):   # only the run record moved
        new = json.loads((clone / path).read_text(encoding="utf-8"))
        old = json.loads(subprocess.run(["git", "-C", str(clone), "show", f"HEAD:{path}"],
                                        capture_output=True, text=True, timeout=60).stdout)
        assert set(new["run"]) == set(old["run"]), path
        new.pop("run"), old.pop("run")
        assert new == old, f"{path}: scores differ from the published ones"
