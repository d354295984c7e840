"""Extractor records → offset-only records, aligning spans given as strings.

A record span is either ``{"start", "end", …}`` or ``{"text", "occurrence"?, …}``
(see :mod:`runners.base`). :func:`align_record` rewrites every string-given span
to offsets with :class:`benchmark.predict.align.Aligner` (see there for the rules: a
global monotone assignment per layer, attribution roles near their cue) and
returns what it did, one :class:`AlignedSpan` per string, for the per-document
samples. A prediction
whose string cannot be aligned is taken out of the record and counted in
``unaligned`` (scored as spurious): an entity or timex by itself, an
attribution as a whole when any of its role strings fails.

Nothing else is changed here: malformed items are left in place for the
validator to report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from benchmark.predict.align import Aligner
from benchmark.core.documents import Document
from benchmark.gold.loader import GoldSet, Problem
from benchmark.predict.predictions import Invalid, Prediction, PredictionError, Unaligned, parse_records

LAYERS = ("entities", "timexes", "attributions")
ROLES = ("source", "cue", "content")


@dataclass(frozen=True, slots=True)
class AlignedSpan:
    """One string-given span: where it came from and where it landed."""

    layer: str
    index: int            # position in the extractor's list for that layer
    role: str | None      # attribution role, else None
    text: str
    start: int | None
    end: int | None
    method: str           # exact | normalized | unaligned

    def to_json(self) -> dict[str, Any]:
        return {"layer": self.layer, "index": self.index, "role": self.role, "text": self.text,
                "start": self.start, "end": self.end, "method": self.method}


@dataclass
class AlignedRecord:
    record: dict[str, Any]
    spans: list[AlignedSpan] = field(default_factory=list)
    dropped: list[Unaligned] = field(default_factory=list)
    #: layer → for each item left in ``record[layer]``, its index in the extractor's list
    origins: dict[str, list[int]] = field(default_factory=dict)

    @property
    def unaligned(self) -> Counter[str]:
        """Unaligned predictions per layer."""
        return Counter(u.layer for u in self.dropped)


def _is_string_span(item: Any) -> bool:
    """A span given by a string with a well-formed ``occurrence`` (or none); one with
    a malformed ``occurrence`` is left in place for the validator to report."""
    return (isinstance(item, dict) and "text" in item and "start" not in item
            and "end" not in item
            and ("occurrence" not in item or _occurrence(item) is not None))


def _occurrence(item: dict[str, Any]) -> int | None:
    """The 1-based ``occurrence``; None when absent or not a positive integer."""
    occ = item.get("occurrence")
    return occ if isinstance(occ, int) and not isinstance(occ, bool) and occ >= 1 else None


def _has_strings(record: dict[str, Any]) -> bool:
    """Whether any span of ``record`` is given by its string (see :func:`_is_string_span`)."""
    for layer in ("entities", "timexes"):
        items = record.get(layer)
        if isinstance(items, list) and _any_string_span(items):
            return True
    items = record.get("attributions")
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict):
                for role in ROLES:
                    spans = item.get(role)
                    if isinstance(spans, list) and _any_string_span(spans):
                        return True
    return False


def _any_string_span(items: list[Any]) -> bool:
    """``any(map(_is_string_span, items))``; an offset-given span (a plain dict with a
    ``start``, the common case) is ruled out without a call."""
    for item in items:
        if (type(item) is not dict or "start" not in item) and _is_string_span(item):
            return True
    return False


def align_record(record: dict[str, Any], text: str, norm: str = "standard") -> AlignedRecord:
    """Rewrite the string-given spans of ``record`` (for a document ``text``) to offsets.

    Entities and timexes are aligned per layer by :meth:`Aligner.assign` (a global
    monotone assignment over the strings in the order given); attribution cues the
    same way over the relations, and each source and content string relative to
    its relation's first cue (:meth:`Aligner.near`). A record whose spans all
    come as offsets is returned as it is: there is nothing to align."""
    if not _has_strings(record):
        return AlignedRecord(dict(record))
    aligner = Aligner(text, norm)
    out = AlignedRecord(dict(record))
    for layer in ("entities", "timexes"):
        items = record.get(layer)
        if not isinstance(items, list):
            continue
        strings = [i for i, item in enumerate(items)
                   if _is_string_span(item) and isinstance(item["text"], str)]
        types = [items[i].get("type") if isinstance(items[i].get("type"), str) else None
                 for i in strings]
        placed = dict(zip(strings, aligner.assign(
            [(items[i]["text"], _occurrence(items[i])) for i in strings], types)))
        kept = []
        origin = out.origins.setdefault(layer, [])
        for i, item in enumerate(items):
            if i not in placed:
                kept.append(item)
                origin.append(i)
                continue
            found = placed[i]
            out.spans.append(AlignedSpan(layer, i, None, item["text"], found.start, found.end,
                                         found.method))
            if found.start is None:
                kind = item.get("type") if isinstance(item.get("type"), str) else None
                out.dropped.append(Unaligned(layer, item["text"], kind))
                continue
            rest = {k: v for k, v in item.items() if k not in ("text", "occurrence")}
            kept.append({"start": found.start, "end": found.end, **rest})
            origin.append(i)
        out.record[layer] = kept
    items = record.get("attributions")
    if isinstance(items, list):
        out.record["attributions"] = _align_attributions(items, aligner, out)
    return out


def _string_spans(item: Any, role: str) -> list[int]:
    spans = item.get(role) if isinstance(item, dict) else None
    if not isinstance(spans, list):
        return []
    return [k for k, s in enumerate(spans) if _is_string_span(s) and isinstance(s["text"], str)]


def _align_attributions(items: list[Any], aligner: Aligner, out: AlignedRecord) -> list[Any]:
    """Cues first (the first cue string of each relation, by :meth:`Aligner.assign`
    over the relations), then every other role string near its relation's cue."""
    firsts = {i: ks[0] for i, item in enumerate(items) if (ks := _string_spans(item, "cue"))}
    cue_at = dict(zip(firsts, aligner.assign(
        [(items[i]["cue"][k]["text"], _occurrence(items[i]["cue"][k]))
         for i, k in firsts.items()])))
    kept = []
    origin = out.origins.setdefault("attributions", [])
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            kept.append(item)
            origin.append(i)
            continue
        anchor: tuple[int, int] | None = None
        if i in cue_at and cue_at[i].start is not None:
            anchor = (cue_at[i].start, cue_at[i].end)          # type: ignore[assignment]
        else:
            anchor = next(((s["start"], s["end"]) for s in item.get("cue") or []
                           if isinstance(s, dict) and isinstance(s.get("start"), int)
                           and isinstance(s.get("end"), int)), None)
        new, failed = dict(item), False
        for role in ROLES:
            spans = item.get(role)
            if not isinstance(spans, list):
                continue
            strings = set(_string_spans(item, role))
            taken: set[tuple[int, int]] = set()
            rewritten = []
            for k, span in enumerate(spans):
                if k not in strings:
                    rewritten.append(span)
                    continue
                if role == "cue" and i in firsts and k == firsts[i]:
                    found = cue_at[i]
                else:
                    found = aligner.near(span["text"], anchor, _occurrence(span), taken)
                out.spans.append(AlignedSpan("attributions", i, role, span["text"],
                                             found.start, found.end, found.method))
                if found.start is None:
                    failed = True
                else:
                    taken.add((found.start, found.end))        # type: ignore[arg-type]
                    rewritten.append({"start": found.start, "end": found.end})
            new[role] = rewritten
        if failed:
            roles = tuple(r for r in ROLES if isinstance(item.get(r), list) and item[r])
            shown = " | ".join(s.get("text", "") for s in item.get("cue") or []
                               if isinstance(s, dict) and isinstance(s.get("text", ""), str))
            out.dropped.append(Unaligned("attributions", shown, None, roles))
        else:
            kept.append(new)
            origin.append(i)
    return kept


#: record key → task name (the samples and ``invalid_items`` name tasks).
_TASK_OF = {"entities": "ner", "timexes": "timex", "attributions": "attribution"}


def _runner_invalid(record: dict[str, Any], doc_id: str) -> list[Invalid]:
    """The answers a runner could not read or send (``_invalid`` in its record)."""
    out = []
    for mark in record.get("_invalid") or ():
        if isinstance(mark, dict) and mark.get("layer") in _TASK_OF:
            kind = mark.get("kind") if mark.get("kind") in ("unreadable", "failed") \
                else "unreadable"
            out.append(Invalid(mark["layer"], str(kind), str(mark.get("reason", "")),
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


def read_records(records: list[dict[str, Any]], gold: GoldSet | Sequence[Document], *, spec: str,
                 norm: str = "standard", strict: bool = False,
                 raw: dict[str, dict[str, str]] | None = None
                 ) -> tuple[dict[str, Prediction], dict[str, dict[str, Any]]]:
    """Align, validate and parse extractor records: the predictions and the
    per-document samples. Leniently by default: an item that fails validation
    is dropped and counted (:class:`~benchmark.predict.predictions.Invalid`); with
    ``strict`` it raises :class:`PredictionError` (whose ``samples`` attribute
    holds what was gathered), as does a record's bad shape in either mode.
    ``raw`` holds the model's answers per document and task (samples)."""
    raw = raw or {}
    documents = gold.documents if isinstance(gold, GoldSet) else tuple(gold)
    texts = {doc.doc_id: doc.text for doc in documents}
    aligned_records: list[tuple[dict[str, Any], str | None, int | None]] = []
    samples: dict[str, dict[str, Any]] = {}
    unaligned: dict[str, list[Unaligned]] = {}
    dropped: dict[str, list[Invalid]] = {}
    given: dict[str, tuple[dict[str, Any], dict[str, list[int]]]] = {}
    for record in records:
        source: dict[str, Any] = record["_source"] if isinstance(record.get("_source"), dict) \
            else {}
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
        predictions = parse_records(aligned_records, documents, extractor=spec,
                                    unaligned=unaligned, lenient=not strict, invalid=dropped,
                                    outside=getattr(gold, "outside", None))
    except PredictionError as exc:
        exc.samples = samples          # type: ignore[attr-defined]
        raise
    _attach_token_tags(predictions, records)
    for doc, pred in list(predictions.items()):
        if pred.invalid and doc in given:
            predictions[doc] = pred = replace(pred, invalid=tuple(
                _as_given(item, *given[doc]) for item in pred.invalid))
        listed = [{"kind": "unaligned", "layer": u.layer, "task": _TASK_OF[u.layer],
                   "text": u.text, "type": u.type} for u in pred.unaligned]
        listed += [{**item.to_json(), "task": _TASK_OF[item.layer]} for item in pred.invalid]
        for entry in listed:
            answer = raw.get(doc, {}).get(str(entry["task"]))
            if answer is not None and "raw" not in entry:
                entry["raw"] = answer
        if listed:
            samples.setdefault(doc, {})["invalid"] = listed
    return predictions, samples


def _attach_token_tags(predictions: dict[str, Prediction], records: list[dict[str, Any]]) -> None:
    """Keep the tags a reader saw (``_token_tags``: CoNLL files) on the predictions,
    for the token view of the NER scorer."""
    for record in records:
        tags, doc_id = record.get("_token_tags"), record.get("doc_id")
        if tags is not None and doc_id in predictions:
            predictions[doc_id] = replace(
                predictions[doc_id],
                token_tags=tuple(tuple((int(a), int(b), str(t)) for a, b, t in sentence)
                                 for sentence in tags))


def predictions_from_records(gold: GoldSet | Sequence[Document], records: Sequence[Any], *,
                             norm: str = "standard", spec: str = "records"
                             ) -> dict[str, Prediction]:
    """Plain prediction records (dicts, as an extractor returns them) → validated
    :class:`Prediction` objects by ``doc_id``, strictly: string-given spans are
    aligned with ``norm``, and any invalid item raises
    :class:`~benchmark.predict.predictions.PredictionError` naming the record, field and
    value. Typed :class:`Prediction` objects in ``records`` are kept as they are."""
    typed = {p.doc_id: p for p in records if isinstance(p, Prediction)}
    plain = [r for r in records if not isinstance(r, Prediction)]
    for i, record in enumerate(plain):
        if not isinstance(record, dict):
            raise PredictionError([Problem(spec, None, f"$[{i}]", type(record).__name__,
                                           "a JSON object (a prediction record)")])
    predictions, _ = read_records(plain, gold, spec=spec, norm=norm, strict=True)
    return {**predictions, **typed}
