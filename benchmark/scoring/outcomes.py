"""Per-mention outcomes of one system on one document, for samples and error views.

The pairing is the scorer's own (:mod:`benchmark.scoring`), so what a report
shows is what was counted:

* entities — the ``strict`` alignment: ``correct`` (boundaries and type),
  ``wrong_type`` (same boundaries, other type), ``boundary`` (overlap, other
  boundaries), ``spurious`` (no gold), ``missed`` (required gold left over);
  predictions paired with optional gold are ``optional``;
* timexes — the TE3 relaxed alignment: ``correct`` (overlap and the value of
  a reading), ``wrong_value``, ``spurious``, ``missed``;
* attributions — relaxed relation pairs: ``correct`` (strict match and the
  kind), ``partial`` (relaxed match only, or another kind), ``spurious``,
  ``missed``.

Given the scorer's kept pairing of the document
(:class:`~benchmark.scoring.pairings.DocumentPairing`, from
``score(..., pairings=...)``), the rows are read from it; without one (or for a
layer it lacks) the same alignment is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmark.core.documents import Attribution, Document
from benchmark.predict.predictions import Prediction
from benchmark.scoring.attribution import relations
from benchmark.scoring.match import COR, NONE, RULES, Alignment, Mention, Reading, align
from benchmark.scoring.ner import gold_mentions, predicted_readings
from benchmark.scoring.pairings import AttributionPairing, DocumentPairing, EntityPairing
from benchmark.core.timex_values import canonical_value


def _entity_outcomes(doc: Document, pred: Prediction,
                     kept: EntityPairing | None = None) -> list[dict[str, Any]]:
    mentions: Sequence[Mention]
    optional: Sequence[bool]
    preds: Sequence[Reading]
    if kept is None:
        mentions, optional = gold_mentions(doc, "fine")
        preds = predicted_readings(pred.entities or (), "fine")
        a = align(mentions, optional, preds, RULES["strict"])
    else:
        mentions, optional, preds, a = kept.mentions, kept.optional, kept.preds, kept.alignment
    out = []
    for p, g in enumerate(a.gold_of):
        s, e, label = preds[p]
        row: dict[str, Any] = {"start": s, "end": e, "text": doc.text[s:e],
                               "pred": {"start": s, "end": e, "type": label}, "gold": None}
        if g == NONE:
            row["outcome"] = "spurious"
        else:
            gs, ge, gl = mentions[g][0]
            row["gold"] = {"start": gs, "end": ge, "type": gl}
            if optional[g]:
                row["outcome"] = "optional"
            elif a.outcome[p] == COR:
                row["outcome"] = "correct"
            elif any((rs, re_) == (s, e) for rs, re_, _ in mentions[g]):
                row["outcome"] = "wrong_type"
            else:
                row["outcome"] = "boundary"
        out.append(row)
    for g, done in enumerate(a.matched):
        if not done and not optional[g]:
            gs, ge, gl = mentions[g][0]
            out.append({"start": gs, "end": ge, "text": doc.text[gs:ge], "outcome": "missed",
                        "gold": {"start": gs, "end": ge, "type": gl}, "pred": None})
    return sorted(out, key=lambda r: (r["start"], -r["end"], r["outcome"]))


def _timex_outcomes(doc: Document, pred: Prediction,
                    kept: Alignment | None = None) -> list[dict[str, Any]]:
    golds = doc.timexes
    preds = list(pred.timexes or ())
    if kept is not None:
        a = kept
    else:
        readings = [tuple({(t.start, t.end, "")} | {
            (a.start if a.start is not None else t.start,
             a.end if a.end is not None else t.end, "") for a in t.alternatives})
            for t in golds]
        readings = [tuple(sorted(r, key=lambda x: (x != (t.start, t.end, ""), x)))
                    for r, t in zip(readings, golds)]
        a = align(readings, [t.optional for t in golds], [(t.start, t.end, "") for t in preds],
                  RULES["partial"])
    out = []
    for p, g in enumerate(a.gold_of):
        t = preds[p]
        row: dict[str, Any] = {"start": t.start, "end": t.end, "text": t.text,
                               "pred": {"type": t.type, "value": t.value}, "gold": None}
        if g == NONE:
            row["outcome"] = "spurious"
        else:
            gt = golds[g]
            values = {canonical_value(gt.value)} | {canonical_value(x.value)
                                                     for x in gt.alternatives if x.value}
            row["gold"] = {"type": gt.type, "value": gt.value}
            row["outcome"] = "optional" if gt.optional else (
                "correct" if canonical_value(t.value) in values else "wrong_value")
        out.append(row)
    for g, done in enumerate(a.matched):
        gt = golds[g]
        if not done and not gt.optional:
            out.append({"start": gt.start, "end": gt.end, "text": gt.text, "outcome": "missed",
                        "gold": {"type": gt.type, "value": gt.value}, "pred": None})
    return sorted(out, key=lambda r: (r["start"], r["outcome"]))


def _triple(a: Attribution) -> dict[str, str]:
    return {"source": " … ".join(s.text for s in a.source), "cue": " … ".join(s.text for s in a.cue),
            "content": " … ".join(s.text for s in a.content), "kind": a.kind}


def _attribution_outcomes(doc: Document, pred: Prediction,
                          kept: AttributionPairing | None = None) -> list[dict[str, Any]]:
    required = [a for a in doc.attributions if not a.optional]
    preds = list(pred.attributions or ())
    out: list[dict[str, Any]] = []
    relaxed = dict(kept.relaxed if kept is not None
                   else relations(required, preds, strict=False))
    strict = set(kept.strict if kept is not None
                 else relations(required, preds, strict=True))
    paired_preds = set(relaxed.values())
    for g, a in enumerate(required):
        if g in relaxed:
            p = relaxed[g]
            ok = (g, p) in strict and preds[p].kind == a.kind
            out.append({"outcome": "correct" if ok else "partial", "gold": _triple(a),
                        "pred": _triple(preds[p]), "start": a.cue[0].start})
        else:
            out.append({"outcome": "missed", "gold": _triple(a), "pred": None,
                        "start": a.cue[0].start})
    optional_cues = [(s.start, s.end) for a in doc.attributions if a.optional for s in a.cue]
    for p, a in enumerate(preds):
        if p in paired_preds:
            continue
        on_optional = any(s.start < e and st < s.end for s in a.cue for st, e in optional_cues)
        out.append({"outcome": "optional" if on_optional else "spurious", "gold": None,
                    "pred": _triple(a), "start": a.cue[0].start})
    return sorted(out, key=lambda r: (r["start"], r["outcome"]))


def document_outcomes(doc: Document, pred: Prediction, pairing: DocumentPairing | None = None
                      ) -> dict[str, list[dict[str, Any]]]:
    """Outcomes per attempted layer (a layer the system did not attempt is absent),
    read from the scorer's ``pairing`` of the document when given."""
    kept = pairing or DocumentPairing()
    out: dict[str, list[dict[str, Any]]] = {}
    if pred.entities is not None:
        out["entities"] = _entity_outcomes(doc, pred, kept.entities)
        out["entities"] += [{"start": None, "end": None, "text": u.text, "outcome": "unaligned",
                             "gold": None, "pred": {"type": u.type}}
                            for u in pred.unaligned if u.layer == "entities"]
    if pred.timexes is not None:
        out["timexes"] = _timex_outcomes(doc, pred, kept.timexes)
    if pred.attributions is not None:
        out["attributions"] = _attribution_outcomes(doc, pred, kept.attributions)
    return out
