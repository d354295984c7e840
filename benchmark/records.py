"""Extractor records → offset-only records, aligning spans given as strings.

A record span is either ``{"start", "end", …}`` or ``{"text", "occurrence"?, …}``
(see :mod:`runners.base`). :func:`align_record` rewrites every string-given span
to offsets with :class:`benchmark.align.Aligner` and returns what it did, one
:class:`AlignedSpan` per string, for the per-document samples. A prediction
whose string cannot be aligned is taken out of the record and counted in
``unaligned`` (scored as spurious): an entity or timex by itself, an
attribution as a whole when any of its role strings fails.

Nothing else is changed here: malformed items are left in place for the
validator to report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from benchmark.align import Aligner
from benchmark.predictions import Unaligned

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

    @property
    def unaligned(self) -> Counter[str]:
        """Unaligned predictions per layer."""
        return Counter(u.layer for u in self.dropped)


def _is_string_span(item: Any) -> bool:
    return isinstance(item, dict) and "text" in item and "start" not in item and "end" not in item


def _occurrence(item: dict[str, Any]) -> int | None:
    occ = item.get("occurrence")
    return occ if isinstance(occ, int) and not isinstance(occ, bool) else None


def align_record(record: dict[str, Any], text: str, norm: str = "standard") -> AlignedRecord:
    """Rewrite the string-given spans of ``record`` (for a document ``text``) to offsets."""
    aligner = Aligner(text, norm)
    out = AlignedRecord(dict(record))
    for layer in ("entities", "timexes"):
        items = record.get(layer)
        if not isinstance(items, list):
            continue
        kept = []
        for i, item in enumerate(items):
            if not _is_string_span(item) or not isinstance(item["text"], str):
                kept.append(item)
                continue
            found = aligner.locate(layer, item["text"], _occurrence(item))
            out.spans.append(AlignedSpan(layer, i, None, item["text"], found.start, found.end,
                                         found.method))
            if found.start is None:
                kind = item.get("type") if isinstance(item.get("type"), str) else None
                out.dropped.append(Unaligned(layer, item["text"], kind))
                continue
            rest = {k: v for k, v in item.items() if k not in ("text", "occurrence")}
            kept.append({"start": found.start, "end": found.end, **rest})
        out.record[layer] = kept
    items = record.get("attributions")
    if isinstance(items, list):
        kept = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                kept.append(item)
                continue
            new, failed = dict(item), False
            for role in ROLES:
                spans = item.get(role)
                if not isinstance(spans, list):
                    continue
                rewritten = []
                for span in spans:
                    if not _is_string_span(span) or not isinstance(span["text"], str):
                        rewritten.append(span)
                        continue
                    found = aligner.locate(f"attributions.{role}", span["text"], _occurrence(span))
                    out.spans.append(AlignedSpan("attributions", i, role, span["text"],
                                                 found.start, found.end, found.method))
                    if found.start is None:
                        failed = True
                    else:
                        rewritten.append({"start": found.start, "end": found.end})
                new[role] = rewritten
            if failed:
                roles = tuple(r for r in ROLES if isinstance(item.get(r), list) and item[r])
                shown = " | ".join(s.get("text", "") for r in ("cue",) for s in item.get(r) or []
                                   if isinstance(s, dict))
                out.dropped.append(Unaligned("attributions", shown, None, roles))
            else:
                kept.append(new)
        out.record["attributions"] = kept
    return out
