"""More shortcuts of ``khabar score`` (see also test_fast_paths.py) that must give
what the long way gives:

* the ``exact`` alignment read off the ``strict`` one
  (:meth:`benchmark.scoring.match.Prepared.exact_from_strict`) equals
  :class:`~benchmark.scoring.match.ExactMatch` aligned from scratch, on random
  documents, and is refused when boundaries repeat or mentions have several
  readings;
* a predictions file parsed from strict JSON is not walked again for non-JSON
  values (:class:`runners.files.JsonRecords`), unless it holds a surrogate escape
  or went through a converter;
* numpy, imported first by the bootstrap, starts one BLAS thread unless the user
  says otherwise, and leaves the environment as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.scoring.match import RULES, Prepared

LABELS = ("PER", "ORG", "LOC")


@st.composite
def flat_case(draw):  # type: ignore[no-untyped-def]
    """Gold and predicted readings with unique boundaries within each side
    (overlaps, nesting and shared boundaries across the sides allowed)."""
    def spans(n: int) -> list[tuple[int, int, str]]:
        pairs = draw(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=n,
                              unique_by=lambda t: t))
        seen, out = set(), []
        for s, length in pairs:
            if (s, s + length) not in seen:
                seen.add((s, s + length))
                out.append((s, s + length, draw(st.sampled_from(LABELS))))
        return out

    gold = spans(25)
    optional = [draw(st.booleans()) for _ in gold]
    return [(g,) for g in gold], optional, spans(25)


@settings(max_examples=150, deadline=None)
@given(flat_case(), st.booleans())
def test_exact_from_strict_is_exact(case, snapped) -> None:  # type: ignore[no-untyped-def]
    golds, optional, preds = case
    key = (lambda s: s - s % 3) if snapped else None
    prepared = Prepared(golds, optional, preds, key)
    strict = prepared.align(RULES["strict"])
    derived = prepared.exact_from_strict(strict)
    fresh = Prepared(golds, optional, preds, key).align(RULES["exact"])
    if derived is None:       # snapping can make two boundaries one key
        assert key is not None
        return
    assert (derived.gold_of, derived.outcome, derived.matched) == \
        (fresh.gold_of, fresh.outcome, fresh.matched)


def test_exact_from_strict_refuses_repeated_boundaries_and_alternatives() -> None:
    twice = [((0, 5, "PER"),), ((0, 5, "ORG"),)]
    prepared = Prepared(twice, [False, False], [(0, 5, "ORG")])
    assert prepared.exact_from_strict(prepared.align(RULES["strict"])) is None
    prepared = Prepared([((0, 5, "PER"),)], [False], [(0, 5, "PER"), (0, 5, "ORG")])
    assert prepared.exact_from_strict(prepared.align(RULES["strict"])) is None
    readings = [((0, 5, "PER"), (0, 3, "PER"))]
    prepared = Prepared(readings, [False], [(0, 3, "PER")])
    assert prepared.exact_from_strict(prepared.align(RULES["strict"])) is None


def _documents():  # type: ignore[no-untyped-def]
    from benchmark.core.documents import Document

    return [Document("d1", "عاد محمد إلى دمشق", "2018-01-01")]


def test_a_clean_predictions_file_is_plain_json_by_construction(tmp_path: Path) -> None:
    from runners.files import JsonRecords, read_khabar

    clean = tmp_path / "p.jsonl"
    clean.write_text(json.dumps({"doc_id": "d1", "entities": [
        {"start": 4, "end": 8, "type": "PERS"}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert type(read_khabar(clean, _documents())) is JsonRecords
    for body in (r'{"doc_id": "d1", "entities": [{"text": "x\ud800", "type": "GPE"}]}',
                 r'{"doc_id": "d1", "entities": [], "note": "\\ud83d is escaped text"}',
                 '{"doc_id": "d1", "ents": [{"start": 4, "end": 8, "label": "PER"}]}'):
        other = tmp_path / "q.jsonl"
        other.write_text(body + "\n", encoding="utf-8")
        assert type(read_khabar(other, _documents())) is list, body


def test_the_harness_does_not_walk_plain_records_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from benchmark.gold.loader import GoldSet
    from benchmark.harness import run as harness
    from runners.registry import make_extractor

    gold_docs = tuple(_documents())
    gold = GoldSet(gold_docs, "1.0.0", "0" * 64, ("d1.json",), "all")
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "entities": [
        {"start": 4, "end": 8, "type": "PERS"}]}) + "\n", encoding="utf-8")
    walked: list[object] = []
    original = harness._first_non_json
    monkeypatch.setattr(harness, "_first_non_json",
                        lambda records: walked.append(records) or original(records))
    spec = f"file:{path}"
    outcome = harness.run_extractor(spec, make_extractor(spec, gold=gold), gold)
    assert outcome.status == "ok" and walked == []
    assert [(e.start, e.end, e.type) for e in outcome.predictions["d1"].entities] == \
        [(4, 8, "PERS")]


def _blas_threads(env: dict[str, str]) -> tuple[int, str | None]:
    code = ("import os, json; from benchmark.scoring.resample import _numpy; _numpy();"
            "from threadpoolctl import threadpool_info;"
            "print(json.dumps([max([p['num_threads'] for p in threadpool_info()"
            " if p['internal_api'] == 'openblas'] or [-1]),"
            " os.environ.get('OPENBLAS_NUM_THREADS')]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    threads, variable = json.loads(out)
    return threads, variable


def test_numpy_starts_one_blas_thread_and_the_environment_is_restored() -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    threads, variable = _blas_threads(env)
    assert variable is None               # extractor processes started later: unchanged
    assert threads in (1, -1)             # -1: a numpy without OpenBLAS
    if (os.cpu_count() or 1) >= 2:
        threads, variable = _blas_threads({**env, "OPENBLAS_NUM_THREADS": "2"})
        assert variable == "2" and threads in (2, -1)
