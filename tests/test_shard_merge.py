"""``khabar score --shard I/N`` on each shard, then ``khabar merge``, as subprocesses:
the merged results JSON is byte-identical to the one-machine run's ``--json``
(scores, per-document counts, bootstrap intervals), with resampling by documents
(at least 20 of them) and by sentences (fewer)."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from khabar_cli import ROOT, assert_no_traceback, run

SEED = "000_3de78dd80989a7ed"


def build(tmp: Path, n_docs: int) -> tuple[Path, Path]:
    """A gold of ``n_docs`` copies of the seed document (every layer) and a predictions
    file with seeded errors in each of them (dropped, retyped, shifted mentions; wrong
    values; dropped relations; one document that predicts no TIMEX3 at all)."""
    gold_dir, seeds = tmp / "gold", tmp / "seeds"
    gold_dir.mkdir()
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / f"{SEED}.txt", seeds)
    raw = json.loads((ROOT / "gold" / f"{SEED}.json").read_text(encoding="utf-8"))
    lines = []
    for k in range(n_docs):
        doc_id = f"{SEED}.s{k:03d}"
        (gold_dir / f"{doc_id}.json").write_text(
            json.dumps({**raw, "doc_id": doc_id}, ensure_ascii=False), encoding="utf-8")
        rng = random.Random(k)
        ents = []
        for e in raw["entities"]:
            if e["optional"] or rng.random() < 0.2:
                continue
            kind = rng.choice(["PERS", "ORG", "GPE"]) if rng.random() < 0.1 else e["type"]
            end = e["end"] - 1 if rng.random() < 0.1 and e["end"] - e["start"] > 1 else e["end"]
            ents.append({"start": e["start"], "end": end, "type": kind})
        record = {"doc_id": doc_id, "entities": ents}
        if k != 1:
            record["timexes"] = [
                {"start": t["start"], "end": t["end"], "type": t["type"],
                 "value": t["value"] if rng.random() < 0.8 else "2000-01-01"}
                for t in raw["timexes"] if not t["optional"] and rng.random() < 0.85]
        record["attributions"] = [
            {"source": [{"start": s["start"], "end": s["end"]} for s in a["source"]],
             "cue": [{"start": s["start"], "end": s["end"]} for s in a["cue"]],
             "content": [{"start": s["start"], "end": s["end"]} for s in a["content"]],
             "kind": a["kind"]}
            for a in raw["attributions"] if not a["optional"] and rng.random() < 0.75]
        lines.append(json.dumps(record, ensure_ascii=False))
    preds = tmp / "preds.jsonl"
    preds.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    return gold_dir, preds


COARSE_SYSTEM = '''
"""The predictions file next to this module at CoNLL granularity (declared coarse)."""
import json
from pathlib import Path

from runners.base import ExtractorInfo

CONLL = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
         "NORP": "MISC", "EVENT": "MISC"}


class Coarse:
    def describe(self):
        return ExtractorInfo("py", "coarse_system:Coarse", "1", {}, label_set="coarse")

    def predict(self, documents):
        wanted = {d["doc_id"] for d in documents}
        out = []
        for line in (Path(__file__).parent / "preds.jsonl").read_text("utf-8").splitlines():
            r = json.loads(line)
            if r["doc_id"] in wanted:
                r["entities"] = [{**e, "type": CONLL[e["type"]]} for e in r["entities"]
                                 if e["type"] in CONLL]
                out.append(r)
        return out
'''


@pytest.mark.parametrize("n_docs, unit", [
    pytest.param(23, "documents", marks=pytest.mark.slow),  # the other bootstrap unit, 3x the work
    (7, "sentences")])                                        # merge/--shard end to end, fast
@pytest.mark.parametrize("system", [
    "fine",
    # a CoNLL system's shards (5 more subprocesses); --shard and merge stay fast end to
    # end with the fine system
    pytest.param("coarse", marks=pytest.mark.slow)])
def test_three_shards_merge_to_the_single_run(tmp_path: Path, n_docs: int, unit: str,
                                              system: str) -> None:
    """Byte-identical, a coarse-label system's coarse intervals (its NER headline)
    included (adversarial review, bug 5)."""
    gold_dir, preds = build(tmp_path, n_docs)
    common = ["--gold", str(gold_dir), "--bootstrap", "300", "--seed", "7"]
    spec = f"file:{preds}"
    if system == "coarse":
        (tmp_path / "coarse_system.py").write_text(COARSE_SYSTEM, encoding="utf-8")
        spec = "py:coarse_system:Coarse"
    single = run("score", spec, *common, "--json", str(tmp_path / "single.json"),
                 cwd=tmp_path)
    assert single.returncode == 0, single.stderr
    for i in (1, 2, 3):
        proc = run("score", spec, *common, "--shard", f"{i}/3",
                   "--json", str(tmp_path / f"shard{i}.json"), cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert f"shard:{i}/3" in proc.stdout
    merged = run("merge", *(str(tmp_path / f"shard{i}.json") for i in (3, 1, 2)),
                 "--json", str(tmp_path / "merged.json"))
    assert merged.returncode == 0, merged.stderr
    assert_no_traceback(merged)
    one = (tmp_path / "single.json").read_bytes()
    assert (tmp_path / "merged.json").read_bytes() == one
    data = json.loads(one)
    assert data["bootstrap"]["unit"] == unit and data["bootstrap"]["intervals"]
    assert set(data["tasks"]) == {"ner", "timex", "attribution"}
    coarse = {k for k in data["bootstrap"]["intervals"] if k.startswith("ner.coarse.")}
    if system == "coarse":
        assert data["extractor"]["label_set"] == "coarse"
        assert "ner.coarse.strict.f1" in coarse
    else:
        assert not coarse
    shards = [json.loads((tmp_path / f"shard{i}.json").read_text()) for i in (1, 2, 3)]
    assert [s["shard"]["documents"] for s in shards] == \
        [len(range(i, n_docs, 3)) for i in range(3)]              # round-robin
    assert all(s["schema_version"] == 3 and s["gold"] == data["gold"] for s in shards)


def cli(*args: str):  # type: ignore[no-untyped-def]
    """``khabar ARGS`` in this process (quicker than a subprocess for the refusals)."""
    from typer.testing import CliRunner

    from benchmark.cli import app

    return CliRunner().invoke(app, list(args))


def test_merge_refuses_what_is_not_one_run(tmp_path: Path) -> None:
    gold_dir, preds = build(tmp_path, 5)
    plain = ["--gold", str(gold_dir), "--bootstrap", "0"]
    for args, name in ((["--shard", "1/2"], "s1"), (["--shard", "2/2"], "s2"),
                       (["--shard", "1/3"], "t1"), ([], "whole")):
        result = cli("score", f"file:{preds}", *plain, *args, "--json", str(tmp_path / name))
        assert result.exit_code == 0, result.output
    for files, message in ((["s1"], "shards 1..2"), (["s1", "s1"], "shards 1..2"),
                           (["s1", "t1"], "not shards of one run"),
                           (["whole"], "not a shard results file")):
        result = cli("merge", *(str(tmp_path / f) for f in files))
        assert result.exit_code == 2 and message in result.output, result.output
    assert cli("merge", str(tmp_path / "s2"), str(tmp_path / "s1")).exit_code == 0
    for bad in ("0/2", "3/2", "x", "1/0"):
        result = cli("score", "oracle", "--gold", str(gold_dir), "--shard", bad)
        assert result.exit_code == 2 and "--shard" in result.output
    result = cli("score", "oracle", "--gold", str(gold_dir), "--shard", "6/6")
    assert result.exit_code == 2 and "no documents" in result.output


def test_check_reads_shard_and_older_results(tmp_path: Path) -> None:
    """A shard file (schema 3) loads in ``khabar check``; so do version 1 and 2 files."""
    gold_dir, preds = build(tmp_path, 4)
    shard, whole = tmp_path / "s1.json", tmp_path / "whole.json"
    for args, path in ((["--shard", "1/2"], shard), ([], whole)):
        result = cli("score", f"file:{preds}", "--gold", str(gold_dir), "--bootstrap", "0",
                     *args, "--json", str(path))
        assert result.exit_code == 0, result.output
    assert cli("check", str(shard), "--baseline", str(shard)).exit_code == 0
    data = json.loads(whole.read_text())
    assert data["schema_version"] == 3 and "counts" not in data
    for version in (1, 2):
        old = dict(data, schema_version=version)
        if version == 1:
            old["gold"] = {k: v for k, v in data["gold"].items() if k != "split"}
        path = tmp_path / f"v{version}.json"
        path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
        result = cli("check", str(path), "--baseline", str(path))
        assert result.exit_code == 0, result.output
