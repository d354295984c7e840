"""Duckling's Haskell runtime aborts the whole process on some texts (no Python
exception): the peer runs in a worker process, one document's crash costs that
document only, and a ``compare`` run still scores every system."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from benchmark.core.documents import Document
from benchmark.gold.loader import gold_record
from khabar_cli import assert_no_traceback, run
from runners.builtin.peers import DucklingExtractor

#: Written for this test; Duckling (pyduckling-native-phihos 0.3.0) aborts on it
#: when it is the whole text: a match reaches the last character.
CRASHES_DUCKLING = "انتخب النواب في تشرين الثاني/نوفمبر 2015، في البرلمان."


def test_a_crashing_document_costs_that_document_only() -> None:
    docs = [Document("a", "نص أول", "2018-01-01"), Document("b", "CRASH هنا", "2018-01-01"),
            Document("c", "نص ثالث", "2018-01-01")]
    ex = DucklingExtractor(records="peer_crash_helpers:crash_on_marker")
    records = ex.predict(docs)
    assert [r["doc_id"] for r in records] == ["a", "b", "c"]
    assert all(r["timexes"] == [] for r in records)
    (crash,) = ex.stats["crashed_documents"]
    assert crash["doc_id"] == "b" and crash["exit_status"] == -6
    assert "index out of range" in crash["stderr"] and "\x1b" not in crash["stderr"]


def test_duckling_on_the_text_that_aborted_it() -> None:
    pytest.importorskip("duckling")
    doc = Document("d", CRASHES_DUCKLING, "2018-03-01")
    ex = DucklingExtractor()
    (record,) = ex.predict([doc])
    assert ex.stats == {}
    assert any(doc.text[t["start"]:t["end"]].endswith("2015") for t in record["timexes"])


def _gold(tmp_path: Path, text: str) -> Path:
    (tmp_path / "texts").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts" / "d.txt").write_bytes(text.encode("utf-8"))
    doc = Document("d", text, "2018-03-01", split="test", layers=("timexes",))
    record = gold_record(doc, "../texts/d.txt", meta={"note": "written for the test"})
    record["gold_version"] = "1.0.0"
    (tmp_path / "gold" / "d.json").write_text(json.dumps(record, ensure_ascii=False),
                                              encoding="utf-8")
    assert record["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    return tmp_path / "gold"


def test_compare_with_duckling_on_that_text_scores_every_system(tmp_path: Path) -> None:
    pytest.importorskip("duckling")
    gold = _gold(tmp_path, CRASHES_DUCKLING)
    proc = run("compare", "duckling", "rules", "--gold", str(gold), "--task", "timex",
               "--bootstrap", "0", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    proc.stderr.encode("utf-8")       # nothing the native runtime wrote leaks raw
    systems = {s["name"]: s["status"] for s in json.loads(proc.stdout)["systems"]}
    assert systems == {"duckling": "ok", "rules": "ok"}


def test_score_names_a_document_the_worker_died_on() -> None:
    from types import SimpleNamespace

    from rich.console import Console

    from benchmark.cli.scoring import _print_crashed_documents

    console = Console(record=True, width=400)
    facts = {"crashed_documents": [{"doc_id": "b", "exit_status": -6,
                                    "stderr": "native: index out of range"}]}
    _print_crashed_documents(SimpleNamespace(spec="duckling", facts=facts), console)
    text = console.export_text()
    assert ("warning: duckling: its worker process died on document b (exit status -6); "
            "that document has no predictions, the others are scored.") in text
    assert "index out of range" in text
