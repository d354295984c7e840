"""Publishing leaderboards, as a user runs ``khabar leaderboard`` (subprocesses).

* ``khabar leaderboard SPEC…`` ranks more systems (a ``py:`` file, saved results)
  beside the default extractors; ``--only`` leaves the defaults out.
* ``--hub-yaml DIR --hub-dataset ID`` names the Hub dataset.
* Without ``--out`` the reports go to ``./khabar-reports/`` (ignored by git), for
  ``robustness`` too; two runs on the same inputs give byte-identical
  ``leaderboard.md`` and ``leaderboard.html`` (the run's date is in the results
  files only).

The gold is the seed document twice: as itself (dev) and as a copy in the test
split, so the headline split (test) and a split beside it (dev) both exist.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from khabar_cli import ROOT, assert_no_traceback, run

SEED = "000_3de78dd80989a7ed"

MY_NER = '''"""A tiny NER system: every occurrence of a few city names, as GPE."""

NAMES = ("دمشق", "البوكمال", "دير الزور")


def extract(documents):
    records = []
    for doc in documents:
        entities = []
        for name in NAMES:
            at = doc.text.find(name)
            while at != -1:
                entities.append({"start": at, "end": at + len(name), "type": "GPE"})
                at = doc.text.find(name, at + 1)
        records.append({"doc_id": doc.doc_id, "entities": entities})
    return records
'''


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("publish")
    (root / "gold").mkdir()
    (root / "seeds").mkdir()
    shutil.copy(ROOT / "gold" / f"{SEED}.json", root / "gold")
    shutil.copy(ROOT / "seeds" / f"{SEED}.txt", root / "seeds")
    copy = json.loads((root / "gold" / f"{SEED}.json").read_text(encoding="utf-8"))
    copy.update(doc_id="001_seed_copy", split="test")
    (root / "gold" / "001_seed_copy.json").write_text(json.dumps(copy, ensure_ascii=False),
                                                      encoding="utf-8")
    (root / "my_ner.py").write_text(MY_NER, encoding="utf-8")
    # saved results: the oracle scored on the headline (test) split of this gold
    done = run("score", "oracle", "--gold", "gold", "--split", "test", "--json",
               "oracle.json", "--bootstrap", "0", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


def leaderboard(work: Path, *args: str):  # type: ignore[no-untyped-def]
    done = run("leaderboard", "--gold", "gold", "--bootstrap", "50", *args, cwd=work)
    assert_no_traceback(done)
    return done


class _Overview(HTMLParser):
    """The rows of the first ``table.overview``: [[cell text, …], …]."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.done = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if self.done:
            return
        if tag == "table" and "overview" in (dict(attrs).get("class") or ""):
            self.depth = 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None
        elif self.depth and tag == "table":
            self.depth, self.done = 0, True

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self.cell is not None:
            self.cell.append(data)


def overview_rows(html: str) -> list[list[str]]:
    parser = _Overview()
    parser.feed(html)
    return parser.rows[1:]                       # without the header row


def test_leaderboard_adds_a_py_file_and_saved_results_to_the_defaults(work):
    out = work / "with-defaults"
    done = leaderboard(work, "py:my_ner:extract", "oracle.json", "--out", str(out),
                       "--reference", "py:my_ner:extract")
    assert done.returncode == 0, done.stderr
    from runners.registry import registered

    defaults = sorted(name for name, entry in registered().items() if entry.default)
    md = (out / "leaderboard.md").read_text(encoding="utf-8")
    for name in [*defaults, "py:my_ner:extract", "oracle.json"]:
        assert f"`{name}`" in md, name
    # the py: system ran and has its results and samples; saved results are shown, not copied
    mine = json.loads((out / "results" / "py_my_ner_extract.json").read_text(encoding="utf-8"))
    assert mine["extractor"]["spec"] == "py:my_ner:extract" and "ner" in mine["tasks"]
    assert (out / "samples" / "py_my_ner_extract.jsonl").exists()
    assert (out / "results" / "dev" / "py_my_ner_extract.json").exists()
    assert not (out / "results" / "oracle.json").exists()
    # the HTML ranks them: the oracle (saved, 1.0 everywhere) first, failed none
    rows = overview_rows((out / "leaderboard.html").read_text(encoding="utf-8"))
    assert rows[0][:2] == ["1", "oracle.json"]
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    names = [r[1].removesuffix(" (reference)") for r in rows]
    assert sorted(names) == sorted([*defaults, "py:my_ner:extract", "oracle.json"])
    # saved results carry the headline split's scores only: not in the dev table beside it
    dev = md.split("## Beside: dev split")[1].split("\n## ")[0]
    assert "`py:my_ner:extract`" in dev and "`oracle.json`" not in dev
    # deltas against the reference, with p-values for live systems, none for saved results
    html = (out / "leaderboard.html").read_text(encoding="utf-8")
    assert "py:my_ner:extract</code>, with the p-value" in html
    oracle_row = next(r for r in rows if r[1] == "oracle.json")
    assert re.search(r"\+\d\.\d{3}$", oracle_row[3]) and "(p=" not in oracle_row[3]
    live = [r for r in rows if r[1] not in ("oracle.json", "py:my_ner:extract (reference)")
            and r[3] != "—"]
    assert all("(p=" in r[3] for r in live), live


@pytest.mark.slow  # two more leaderboard subprocesses; --only stays fast end to end in test_jobs_e2e.py and test_review_fixes_c.py (leaderboard --only …), the defaults with SPECs in test_leaderboard_adds_a_py_file_and_saved_results_to_the_defaults
def test_only_leaves_the_defaults_out(work):
    out = work / "only"
    done = leaderboard(work, "--only", "py:my_ner:extract", "oracle.json", "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = overview_rows((out / "leaderboard.html").read_text(encoding="utf-8"))
    assert [r[1] for r in rows] == ["oracle.json", "py:my_ner:extract"]
    assert sorted(p.name for p in (out / "results").glob("*.json")) == [
        "py_my_ner_extract.json"]
    nothing = leaderboard(work, "--only", "--out", str(work / "none"))
    assert nothing.returncode == 2 and "--only" in nothing.stderr


@pytest.mark.slow  # two more subprocesses; saved results in a leaderboard stay fast in test_leaderboard_adds_a_py_file_and_saved_results_to_the_defaults
def test_saved_results_of_another_split_are_refused(work, tmp_path):
    dev = tmp_path / "dev.json"
    assert run("score", "oracle", "--gold", "gold", "--split", "dev", "--json", str(dev),
               "--bootstrap", "0", cwd=work).returncode == 0
    done = leaderboard(work, "--only", str(dev), "--out", str(tmp_path / "r"))
    assert done.returncode == 2
    assert "the leaderboard ranks the test split" in " ".join(done.stderr.split())


@pytest.mark.slow  # three more leaderboard subprocesses; the leaderboard stays fast end to end in the other tests here
def test_hub_yaml_names_the_given_dataset(work, tmp_path):
    hub = tmp_path / "hub"
    done = leaderboard(work, "--only", "py:my_ner:extract", "--out", str(tmp_path / "r"),
                       "--hub-yaml", str(hub), "--hub-dataset", "my-org/khabar-ar")
    assert done.returncode == 0, done.stderr
    [entry] = yaml.safe_load((hub / ".eval_results" / "py_my_ner_extract.yaml").read_text(
        encoding="utf-8"))
    assert entry["dataset"]["id"] == "my-org/khabar-ar" and entry["dataset"]["task_id"] == "ner"
    bad = leaderboard(work, "--only", "oracle.json", "--out", str(tmp_path / "r2"),
                      "--hub-yaml", str(hub), "--hub-dataset", "not a dataset!")
    assert bad.returncode == 2 and "is not a Hub dataset id" in bad.stderr
    alone = leaderboard(work, "--only", "oracle.json", "--out", str(tmp_path / "r3"),
                        "--hub-dataset", "my-org/khabar-ar")
    assert alone.returncode == 2 and "give --hub-yaml" in alone.stderr


def test_default_output_is_an_untracked_folder(work, tmp_path):
    cwd = tmp_path / "somewhere"
    cwd.mkdir()
    for name in ("gold", "seeds"):
        shutil.copytree(work / name, cwd / name)
    done = run("leaderboard", "--only", "oracle", "--gold", "gold", "--bootstrap", "0",
               cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert (cwd / "khabar-reports" / "leaderboard.md").exists()
    assert not (cwd / "reports").exists()
    robust = run("robustness", "empty", "--kinds", "digits", "--n", "1", "--gold", "gold",
                 cwd=cwd)
    assert robust.returncode == 0, robust.stderr
    assert (cwd / "khabar-reports" / "robustness.md").exists()
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "khabar-reports/" in ignored
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "khabar leaderboard --out reports" in makefile
    assert re.search(r"khabar robustness .*--out reports", makefile)


@pytest.mark.slow  # four leaderboard runs of every default system; the leaderboard stays in the fast tier through the other tests here
def test_two_runs_on_the_same_inputs_give_identical_md_and_html(work, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    args = ("py:my_ner:extract", "oracle.json", "--reference", "py:my_ner:extract")
    assert leaderboard(work, *args, "--out", str(first)).returncode == 0
    assert leaderboard(work, *args, "--out", str(second)).returncode == 0
    for name in ("leaderboard.md", "leaderboard.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # … and a re-run into the same folder leaves them as they were
    before = {n: (first / n).read_bytes() for n in ("leaderboard.md", "leaderboard.html")}
    assert leaderboard(work, *args, "--out", str(first)).returncode == 0
    assert before == {n: (first / n).read_bytes() for n in before}
    # the run's date is in the results files
    results = json.loads((first / "results" / "py_my_ner_extract.json").read_text(
        encoding="utf-8"))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", results["run"]["date"])
    assert results["run"]["date"][:10] not in before["leaderboard.md"].decode("utf-8")


def test_perf_scripts_default_to_the_untracked_folder():
    """The perf scripts write ``khabar-reports/perf.md`` unless told ``--out
    reports/perf.md``: running one never modifies a tracked file."""
    defaults = []
    for script in sorted((ROOT / "tests" / "perf").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        defaults += [(script.name, m) for m in re.findall(
            r"add_argument\(\"--(?:out|report)\"[^)]*default=([^)]*\)?)", text)]
    assert defaults, "no perf script with an --out/--report option?"
    for name, default in defaults:
        assert "khabar-reports" in default or "PERF_REPORT" in default, (name, default)
    from importlib import util

    spec = util.spec_from_file_location("perf_report", ROOT / "tests" / "perf" / "report.py")
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)                     # type: ignore[union-attr]
    assert module.PERF_REPORT == ROOT / "khabar-reports" / "perf.md"
