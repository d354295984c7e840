"""Run an extractor on gold documents, with fault isolation.

:func:`run_extractor` never raises for a misbehaving extractor: a crash, a
timeout, malformed output or predictions that fail validation all come back
as a :class:`RunOutcome` with ``status="failed"`` and the reason, so a
comparison goes on with the other systems. Only a bad *spec* (unknown name,
missing file, bad option) raises, before anything runs: that is a usage error.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from benchmark.gold import GoldSet
from benchmark.predictions import Prediction, PredictionError, Unaligned, parse_records
from benchmark.records import align_record
from runners.base import Extractor, ExtractorFailed, ExtractorInfo
from runners.files import FileFormatError


@dataclass
class RunOutcome:
    """What running one extractor produced."""

    spec: str
    info: ExtractorInfo
    status: str                                   # "ok" | "failed"
    reason: str = ""
    detail: str = ""
    predictions: dict[str, Prediction] = field(default_factory=dict)
    samples: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    facts: dict[str, Any] = field(default_factory=dict)   # runner stats (requests, cache hits …)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def samples_jsonl(self) -> str:
        """One JSON line per document: its predictions (offsets), how string spans
        were aligned, the strings that were not found, and raw model answers."""
        import json

        lines = []
        for doc_id in sorted(self.predictions):
            pred = self.predictions[doc_id]
            record: dict[str, Any] = {"doc_id": doc_id, "spec": self.spec}
            for layer in ("entities", "timexes", "attributions"):
                items = getattr(pred, layer)
                if items is not None:
                    record[layer] = [item.to_json() for item in items]
            record.update(self.samples.get(doc_id, {}))
            lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
        return "".join(line + "\n" for line in lines)

    def failure_json(self) -> dict[str, Any]:
        return {"spec": self.spec, "extractor": self.info.to_json(), "status": self.status,
                "reason": self.reason, "detail": self.detail}


def run_extractor(spec: str, extractor: Extractor, gold: GoldSet, *, norm: str = "standard",
                  progress: Callable[[int, int], None] | None = None) -> RunOutcome:
    """Run ``extractor`` on the bare gold documents; validate and align its records."""
    try:
        info = extractor.describe() if hasattr(extractor, "describe") else \
            ExtractorInfo("plugin", spec, "", {"class": type(extractor).__qualname__})
    except Exception as exc:  # noqa: BLE001 - a broken describe() is the extractor's failure
        info = ExtractorInfo("unknown", spec)
        return RunOutcome(spec, info, "failed", f"describe() raised {type(exc).__name__}: {exc}")
    documents = [doc.bare() for doc in gold]
    started = time.perf_counter()
    try:
        if progress is not None and hasattr(extractor, "progress"):
            extractor.progress = progress  # type: ignore[attr-defined]
        records = extractor.predict(documents)
    except ExtractorFailed as exc:
        return RunOutcome(spec, info, "failed", exc.reason, exc.detail,
                          seconds=time.perf_counter() - started)
    except FileFormatError as exc:
        return RunOutcome(spec, info, "failed", f"invalid predictions file: {exc}",
                          seconds=time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - never let one system take the others down
        return RunOutcome(spec, info, "failed", f"raised {type(exc).__name__}: {exc}",
                          seconds=time.perf_counter() - started)
    seconds = time.perf_counter() - started
    facts = dict(getattr(extractor, "stats", {}) or {})
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        return RunOutcome(spec, info, "failed", "returned something other than a list of "
                                                "JSON objects", seconds=seconds)
    texts = {doc.doc_id: doc.text for doc in documents}
    aligned_records: list[tuple[dict[str, Any], str | None, int | None]] = []
    samples: dict[str, dict[str, Any]] = {}
    unaligned: dict[str, list[Unaligned]] = {}
    for record in records:
        source = record.get("_source") if isinstance(record.get("_source"), dict) else {}
        clean = {k: v for k, v in record.items() if not str(k).startswith("_")}
        doc_id = clean.get("doc_id")
        if isinstance(doc_id, str) and doc_id in texts:
            aligned = align_record(clean, texts[doc_id], norm)
            clean = aligned.record
            if aligned.spans:
                samples.setdefault(doc_id, {})["alignments"] = [s.to_json()
                                                                for s in aligned.spans]
            if aligned.dropped:
                unaligned[doc_id] = aligned.dropped
                samples.setdefault(doc_id, {})["unaligned"] = [
                    {"layer": u.layer, "text": u.text, "type": u.type} for u in aligned.dropped]
        aligned_records.append((clean, source.get("file"), source.get("line")))
    try:
        predictions = parse_records(aligned_records, gold.documents, extractor=spec,
                                    unaligned=unaligned)
    except PredictionError as exc:
        shown = [str(p) for p in exc.problems]
        return RunOutcome(spec, info, "failed",
                          f"{len(shown)} invalid prediction(s); first: {shown[0]}",
                          "\n".join(shown), seconds=seconds, facts=facts)
    raw = getattr(extractor, "raw_responses", None)
    if isinstance(raw, dict):
        for doc_id, responses in raw.items():
            samples.setdefault(doc_id, {})["raw_responses"] = responses
    return RunOutcome(spec, info, "ok", predictions=predictions, samples=samples,
                      seconds=seconds, facts=facts)
