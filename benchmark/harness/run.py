"""Run an extractor on gold documents, with fault isolation.

:func:`run_extractor` never raises for a misbehaving extractor: a crash
(any exception, and ``SystemExit`` too: an extractor calling ``sys.exit(0)``
has failed, it has not succeeded), a timeout, malformed output or predictions
that fail validation all come back as a :class:`RunOutcome` with
``status="failed"`` and the reason, so a comparison goes on with the other
systems. Only ``KeyboardInterrupt`` goes through. Only a bad *spec* (unknown
name, missing file, bad option) raises, before anything runs: that is a usage
error.

While an extractor runs, ``sys.stdout`` is redirected to ``sys.stderr``: a
stray ``print()`` in an extractor cannot corrupt khabar's own output (JSON on
stdout). Failure reasons and details are clipped
(:func:`benchmark.core.untrusted.clip`) and redacted
(:func:`benchmark.core.untrusted.redact`, with the extractor's ``secrets`` if it
has any and the values of secret-named environment variables) before they are
stored.
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from benchmark.gold.loader import GoldSet
from benchmark.predict.predictions import Prediction, PredictionError
from benchmark.predict.records import read_records
from runners.base import (Extractor, ExtractorFailed, ExtractorInfo, raw_responses, run_stats,
                          secrets, wants_progress)
from runners.pytrace import is_iterable_of_records
from benchmark.core.untrusted import clip, env_secrets, non_json, printable, redact
from runners.files import FileFormatError, JsonRecords

#: Longest failure reason and detail kept (characters).
MAX_REASON = 1000
MAX_DETAIL = 20000


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
        were aligned, the strings that were not found, the items that were dropped
        (``invalid``, each with the model's raw answer when there is one) and raw
        model answers. A failed run has lines for what it got (partial predictions,
        raw answers)."""
        import json

        return "".join(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
                       for record in self.sample_records())

    def sample_records(self) -> list[dict[str, Any]]:
        """The records of :meth:`samples_jsonl`, in ``doc_id`` order, as dicts."""
        out = []
        for doc_id in sorted(set(self.predictions) | set(self.samples)):
            pred = self.predictions.get(doc_id)
            record: dict[str, Any] = {"doc_id": doc_id, "spec": self.spec}
            for layer in ("entities", "timexes", "attributions"):
                items = getattr(pred, layer) if pred is not None else None
                if items is not None:
                    record[layer] = [item.to_json() for item in items]
            record.update(self.samples.get(doc_id, {}))
            out.append(record)
        return out

    def failure_json(self) -> dict[str, Any]:
        return {"spec": self.spec, "extractor": self.info.to_json(), "status": self.status,
                "reason": self.reason, "detail": self.detail}


def failure_results(outcome: RunOutcome, gold: GoldSet, partial: Any = None) -> dict[str, Any]:
    """The results JSON of a failed run (``score --json``, the leaderboard's
    ``results/<name>.json``): the partial results (``partial``, a
    :class:`~benchmark.scoring.results.Results` of what came back, scored on every
    document, the rest counting as missed) or, with nothing to score, the failure
    alone; ``status: failed``, ``partial: true`` and the reason either way."""
    from benchmark.scoring.results import RESULTS_SCHEMA_VERSION

    if partial is not None:
        data = partial.to_dict()
    else:
        data = {"schema_version": RESULTS_SCHEMA_VERSION, "signature": "",
                "extractor": {**outcome.info.to_json(), "spec": outcome.spec},
                "gold": {"gold_version": gold.gold_version, "sha256": gold.sha256,
                         "documents": len(gold), "split": gold.split},
                "tasks": {}, "per_document": {}}
    data["status"] = "failed"
    data["partial"] = True
    data["failure"] = {"reason": outcome.reason, "detail": outcome.detail,
                       "seconds": outcome.seconds, "facts": outcome.facts}
    return data


def describe_exception(exc: BaseException) -> str:
    """``raised ValueError: boom``; ``called sys.exit(0)`` for a ``SystemExit``."""
    if isinstance(exc, SystemExit):
        return (f"called sys.exit({clip(repr(exc.code), 100)}) (SystemExit is a failure, "
                "not a success)")
    try:
        message = str(exc)
    except Exception as inner:  # noqa: BLE001 - an exception whose __str__ raises
        message = f"<str() of it raised {type(inner).__name__}>"
    return f"raised {type(exc).__name__}: {clip(printable(message), 500)}"


def run_extractor(spec: str, extractor: Extractor, gold: GoldSet, *, norm: str = "standard",
                  progress: Callable[[int, int], None] | None = None,
                  strict: bool = False) -> RunOutcome:
    """Run ``extractor`` on the bare gold documents; validate and align its records.

    By default an item that fails validation is dropped and kept in
    ``Prediction.invalid`` (scored as spurious, counted as ``invalid_items``);
    ``strict`` fails the run on it instead (see :func:`read_records`). A failed
    run keeps whatever it has: the samples, and the predictions of the partial
    records a runner handed back with its failure (``ExtractorFailed.records``)."""
    def failed(info: ExtractorInfo, reason: str, detail: str = "", **kw: Any) -> RunOutcome:
        hidden = secrets(extractor) + env_secrets()
        return RunOutcome(spec, info, "failed",
                          clip(printable(redact(reason, hidden)), MAX_REASON),
                          clip(printable(redact(detail, hidden)), MAX_DETAIL), **kw)

    try:
        with contextlib.redirect_stdout(sys.stderr):
            info = extractor.describe() if hasattr(extractor, "describe") else \
                ExtractorInfo("plugin", spec, "", {"class": type(extractor).__qualname__})
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - a broken describe() is the extractor's failure
        return failed(ExtractorInfo("unknown", spec),
                      f"describe() {describe_exception(exc)}")
    if not isinstance(info, ExtractorInfo):
        return failed(ExtractorInfo("unknown", spec),
                      f"describe() returned {clip(printable(repr(info)), 200)}, "
                      "not an ExtractorInfo")
    bad_info = non_json(info.to_json())
    if bad_info is not None:
        return failed(ExtractorInfo("unknown", spec),
                      f"describe() returned an ExtractorInfo that is not plain JSON: "
                      f"{bad_info[0]}: {bad_info[1]}")
    documents = [doc.bare() for doc in gold]
    started = time.perf_counter()

    def facts_now() -> dict[str, Any]:
        return run_stats(extractor)

    try:
        if progress is not None and wants_progress(extractor):
            extractor.progress = progress  # type: ignore[attr-defined]
        with contextlib.redirect_stdout(sys.stderr):
            records = extractor.predict(documents)
            if is_iterable_of_records(records):
                records = list(records)       # a generator: its errors are the extractor's
    except ExtractorFailed as exc:
        partial: dict[str, Prediction] = {}
        kept: dict[str, dict[str, Any]] = {}
        given = getattr(exc, "records", None)
        if isinstance(given, list) and given and all(isinstance(r, dict) for r in given) \
                and _first_non_json(given) is None:
            answered = {r.get("doc_id") for r in given}
            try:
                partial, kept = read_records(_complete(given, gold), gold, spec=spec,
                                             norm=norm, raw=raw_responses(extractor))
            except PredictionError:
                pass
            else:                          # the documents it never answered are missed
                partial = {d: p for d, p in partial.items() if d in answered}
                kept = {d: v for d, v in kept.items() if d in answered}
        return failed(info, exc.reason, exc.detail, seconds=time.perf_counter() - started,
                      facts=facts_now(), predictions=partial,
                      samples=kept or _raw_samples(extractor))
    except FileFormatError as exc:
        return failed(info, f"invalid predictions file: {exc}",
                      seconds=time.perf_counter() - started)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - never let one system take the others down
        return failed(info, describe_exception(exc), seconds=time.perf_counter() - started,
                      facts=facts_now())
    seconds = time.perf_counter() - started
    facts = facts_now()
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        return failed(info, "returned something other than a list of JSON objects",
                      seconds=seconds)
    bad = None if type(records) is JsonRecords else _first_non_json(records)
    if bad is not None:
        return failed(info, f"returned a record that is not plain JSON: {bad}",
                      seconds=seconds, facts=facts)
    try:
        predictions, samples = read_records(records, gold, spec=spec, norm=norm, strict=strict,
                                            raw=raw_responses(extractor))
    except PredictionError as exc:
        shown = [str(p) for p in exc.problems]
        return failed(info, f"{len(shown)} invalid prediction(s); first: {shown[0]}",
                      "\n".join(shown), seconds=seconds, facts=facts,
                      samples=getattr(exc, "samples", None) or _raw_samples(extractor))
    return RunOutcome(spec, info, "ok", predictions=predictions, samples=samples,
                      seconds=seconds, facts=facts)


#: The prediction layers of a record.
_LAYERS = ("entities", "timexes", "attributions")


def _complete(records: list[dict[str, Any]], gold: GoldSet) -> list[dict[str, Any]]:
    """The partial records of a failed run with a record for every gold document:
    a document the run never answered gets empty lists for the layers the other
    records carry (its gold counts as missed). A runner that already answers
    every document (``openai:``) is left as it is."""
    seen = {r.get("doc_id") for r in records}
    layers = [layer for layer in _LAYERS if any(layer in r for r in records)]
    return records + [{"doc_id": doc.doc_id, **{layer: [] for layer in layers}}
                      for doc in gold if doc.doc_id not in seen]


def _first_non_json(records: list[dict[str, Any]]) -> str | None:
    """Where the first record that is not plain JSON is wrong (a set, bytes, a
    function, a lone surrogate …): ``record 2 (doc_id 'x'): $.entities[0].type: a set,
    not a JSON value: {'GPE'}``, or ``preds.jsonl:3: …`` for a record read from a file
    line; ``None`` when every record is plain JSON."""
    for number, record in enumerate(records, 1):
        found = non_json(record)
        if found is None:
            continue
        path, what = found
        source = record.get("_source")
        if isinstance(source, dict) and non_json(source) is None \
                and "file" in source and "line" in source:
            where = f"{source['file']}:{source['line']}"
        else:
            doc_id = record.get("doc_id")
            where = f"record {number}" + (f" (doc_id {doc_id!r})" if isinstance(doc_id, str)
                                          and non_json(doc_id) is None else "")
        return f"{where}: {path}: {what}"
    return None


def _raw_samples(extractor: Any) -> dict[str, dict[str, Any]]:
    return {doc_id: {"raw_responses": responses}
            for doc_id, responses in raw_responses(extractor).items()}
