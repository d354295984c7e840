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
(:func:`benchmark.untrusted.clip`) and redacted
(:func:`benchmark.untrusted.redact`, with the extractor's ``secrets`` if it
has any and the values of secret-named environment variables) before they are
stored.
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from benchmark.gold import GoldSet, Problem
from benchmark.predictions import (Invalid, Prediction, PredictionError, Unaligned,
                                    parse_records)
from benchmark.records import align_record
from runners.base import Extractor, ExtractorFailed, ExtractorInfo
from runners.pytrace import is_iterable_of_records
from benchmark.untrusted import clip, env_secrets, redact
from runners.files import FileFormatError

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

        lines = []
        for doc_id in sorted(set(self.predictions) | set(self.samples)):
            pred = self.predictions.get(doc_id)
            record: dict[str, Any] = {"doc_id": doc_id, "spec": self.spec}
            for layer in ("entities", "timexes", "attributions"):
                items = getattr(pred, layer) if pred is not None else None
                if items is not None:
                    record[layer] = [item.to_json() for item in items]
            record.update(self.samples.get(doc_id, {}))
            lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
        return "".join(line + "\n" for line in lines)

    def failure_json(self) -> dict[str, Any]:
        return {"spec": self.spec, "extractor": self.info.to_json(), "status": self.status,
                "reason": self.reason, "detail": self.detail}


def failure_results(outcome: RunOutcome, gold: GoldSet, partial: Any = None) -> dict[str, Any]:
    """The results JSON of a failed run (``score --json``, the leaderboard's
    ``results/<name>.json``): the partial results (``partial``, a
    :class:`~benchmark.results.Results` of what came back, scored on every document,
    the rest counting as missed) or, with nothing to score, the failure alone;
    ``status: failed``, ``partial: true`` and the reason either way."""
    from benchmark.results import RESULTS_SCHEMA_VERSION

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
    return f"raised {type(exc).__name__}: {clip(str(exc), 500)}"


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
        try:
            secrets = tuple(getattr(extractor, "secrets", ()) or ())
        except Exception:  # noqa: BLE001 - a broken property hides nothing
            secrets = ()
        secrets += env_secrets()
        return RunOutcome(spec, info, "failed", clip(redact(reason, secrets), MAX_REASON),
                          clip(redact(detail, secrets), MAX_DETAIL), **kw)

    try:
        with contextlib.redirect_stdout(sys.stderr):
            info = extractor.describe() if hasattr(extractor, "describe") else \
                ExtractorInfo("plugin", spec, "", {"class": type(extractor).__qualname__})
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - a broken describe() is the extractor's failure
        return failed(ExtractorInfo("unknown", spec),
                      f"describe() {describe_exception(exc)}")
    documents = [doc.bare() for doc in gold]
    started = time.perf_counter()

    def facts_now() -> dict[str, Any]:
        stats = getattr(extractor, "stats", {})
        return dict(stats) if isinstance(stats, dict) else {}

    try:
        if progress is not None and hasattr(extractor, "progress"):
            extractor.progress = progress  # type: ignore[attr-defined]
        with contextlib.redirect_stdout(sys.stderr):
            records = extractor.predict(documents)
            if is_iterable_of_records(records):
                records = list(records)       # a generator: its errors are the extractor's
    except ExtractorFailed as exc:
        partial, kept = {}, {}
        given = getattr(exc, "records", None)
        if isinstance(given, list) and all(isinstance(r, dict) for r in given):
            try:
                partial, kept = read_records(given, gold, spec=spec, norm=norm,
                                             raw=_raw_responses(extractor))
            except PredictionError:
                pass
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
    try:
        predictions, samples = read_records(records, gold, spec=spec, norm=norm, strict=strict,
                                            raw=_raw_responses(extractor))
    except PredictionError as exc:
        shown = [str(p) for p in exc.problems]
        return failed(info, f"{len(shown)} invalid prediction(s); first: {shown[0]}",
                      "\n".join(shown), seconds=seconds, facts=facts,
                      samples=getattr(exc, "samples", None) or _raw_samples(extractor))
    return RunOutcome(spec, info, "ok", predictions=predictions, samples=samples,
                      seconds=seconds, facts=facts)


def _raw_responses(extractor: Any) -> dict[str, dict[str, str]]:
    raw = getattr(extractor, "raw_responses", None)
    return raw if isinstance(raw, dict) else {}


def _raw_samples(extractor: Any) -> dict[str, dict[str, Any]]:
    return {doc_id: {"raw_responses": responses}
            for doc_id, responses in _raw_responses(extractor).items()}


#: record key → task name (the samples and ``invalid_items`` name tasks).
_TASK_OF = {"entities": "ner", "timexes": "timex", "attributions": "attribution"}


def _runner_invalid(record: dict[str, Any], doc_id: str) -> list[Invalid]:
    """The answers a runner could not read or send (``_invalid`` in its record)."""
    out = []
    for mark in record.get("_invalid") or ():
        if isinstance(mark, dict) and mark.get("layer") in _TASK_OF:
            kind = mark.get("kind") if mark.get("kind") in ("unreadable", "failed") \
                else "unreadable"
            out.append(Invalid(mark["layer"], kind, str(mark.get("reason", "")),
                               raw=mark.get("raw") if isinstance(mark.get("raw"), str)
                               else None))
    return out


def _as_given(item: Invalid, record: dict[str, Any], origins: dict[str, list[int]]) -> Invalid:
    """An invalid item as the extractor gave it: its index in the extractor's list
    (strings not found are taken out before validation) and the item itself."""
    if item.index is None or item.layer not in origins \
            or not 0 <= item.index < len(origins[item.layer]):
        return item
    index = origins[item.layer][item.index]
    original = record.get(item.layer)
    shown = original[index] if isinstance(original, list) and index < len(original) else item.item
    reason = item.reason.replace(f"$.{item.layer}[{item.index}]", f"$.{item.layer}[{index}]")
    return replace(item, index=index, item=shown, reason=reason)


def read_records(records: list[dict[str, Any]], gold: GoldSet, *, spec: str,
                 norm: str = "standard", strict: bool = False,
                 raw: dict[str, dict[str, str]] | None = None
                 ) -> tuple[dict[str, Prediction], dict[str, dict[str, Any]]]:
    """Align, validate and parse extractor records: the predictions and the
    per-document samples. Leniently by default: an item that fails validation
    is dropped and counted (:class:`~benchmark.predictions.Invalid`); with
    ``strict`` it raises :class:`PredictionError` (whose ``samples`` attribute
    holds what was gathered), as does a record's bad shape in either mode.
    ``raw`` holds the model's answers per document and task (samples)."""
    raw = raw or {}
    texts = {doc.doc_id: doc.text for doc in gold}
    aligned_records: list[tuple[dict[str, Any], str | None, int | None]] = []
    samples: dict[str, dict[str, Any]] = {}
    unaligned: dict[str, list[Unaligned]] = {}
    dropped: dict[str, list[Invalid]] = {}
    given: dict[str, tuple[dict[str, Any], dict[str, list[int]]]] = {}
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
            marks = _runner_invalid(record, doc_id)
            if marks:
                dropped[doc_id] = marks
            given[doc_id] = (record, aligned.origins)
        aligned_records.append((clean, source.get("file"), source.get("line")))
    for doc_id, responses in raw.items():
        samples.setdefault(doc_id, {})["raw_responses"] = responses
    try:
        if strict and dropped:
            first = next(iter(dropped.values()))[0]
            raise PredictionError([Problem(spec, None, "$", first.layer,
                                           f"a readable answer ({first.reason})")])
        predictions = parse_records(aligned_records, gold.documents, extractor=spec,
                                    unaligned=unaligned, lenient=not strict, invalid=dropped)
    except PredictionError as exc:
        exc.samples = samples          # type: ignore[attr-defined]
        raise
    _attach_token_tags(predictions, records)
    for doc_id, pred in list(predictions.items()):
        if pred.invalid and doc_id in given:
            predictions[doc_id] = pred = replace(pred, invalid=tuple(
                _as_given(item, *given[doc_id]) for item in pred.invalid))
        listed = [{"kind": "unaligned", "layer": u.layer, "task": _TASK_OF[u.layer],
                   "text": u.text, "type": u.type} for u in pred.unaligned]
        listed += [{**item.to_json(), "task": _TASK_OF[item.layer]} for item in pred.invalid]
        for entry in listed:
            answer = raw.get(doc_id, {}).get(entry["task"])
            if answer is not None and "raw" not in entry:
                entry["raw"] = answer
        if listed:
            samples.setdefault(doc_id, {})["invalid"] = listed
    return predictions, samples


def _attach_token_tags(predictions: dict[str, Prediction], records: list[dict[str, Any]]) -> None:
    """Keep the tags a reader saw (``_token_tags``: CoNLL files) on the predictions,
    for the token view of the NER scorer."""
    from dataclasses import replace

    for record in records:
        tags, doc_id = record.get("_token_tags"), record.get("doc_id")
        if tags is not None and doc_id in predictions:
            predictions[doc_id] = replace(
                predictions[doc_id],
                token_tags=tuple(tuple((int(a), int(b), str(t)) for a, b, t in sentence)
                                 for sentence in tags))
