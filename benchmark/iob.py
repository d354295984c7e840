"""Spans ↔ IOB2 tags over a tokenization.

Encoding projects the outermost layer (IOB2 cannot hold nesting). Decoding has
the two conventions of seqeval 1.2.2: ``conlleval`` (seqeval's default, after
conlleval.pl: an ``I-X`` that does not continue an ``X`` chunk starts one) and
``strict`` (seqeval ``mode="strict", scheme=IOB2``: a chunk starts only at
``B-X`` and continues only with ``I-X``; orphan ``I-`` tokens are dropped).
"""

from __future__ import annotations

from collections.abc import Sequence

Labeled = tuple[int, int, str]


def outermost(spans: Sequence[Labeled]) -> list[Labeled]:
    """The spans not strictly inside another one (ties: the first in input order)."""
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    out: list[Labeled] = []
    reach = -1
    for start, end, label in ordered:
        if start >= reach:
            out.append((start, end, label))
            reach = end
        elif end > reach:  # crosses the previous outer span: keep the earlier one
            continue
    return out


def encode(tokens: Sequence[tuple[int, int]], spans: Sequence[Labeled]) -> list[str]:
    """IOB2 tags for ``tokens`` from non-overlapping ``spans``.

    A token belongs to a span when it lies inside it; spans must start and end on
    token boundaries (the canonical tokenization guarantees this for gold).
    """
    tags = ["O"] * len(tokens)
    starts = {s: i for i, (s, _) in enumerate(tokens)}
    ends = {e: i for i, (_, e) in enumerate(tokens)}
    for start, end, label in spans:
        first, last = starts.get(start), ends.get(end)
        if first is None or last is None:
            raise ValueError(f"span [{start}, {end}) does not fall on token boundaries")
        tags[first] = f"B-{label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{label}"
    return tags


def _split(tag: str) -> tuple[str, str]:
    if tag == "O" or "-" not in tag:
        return "O", ""
    prefix, label = tag.split("-", 1)
    return prefix, label


def decode(tags: Sequence[str], *, mode: str = "conlleval") -> list[tuple[int, int, str]]:
    """Chunks as half-open token index ranges ``(first, last + 1, label)``."""
    chunks: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, typ = _split(tag)
        continues = prefix == "I" and start >= 0 and typ == label
        if start >= 0 and not continues:
            chunks.append((start, i, label))
            start, label = -1, ""
        if prefix == "B" or (prefix == "I" and not continues and mode == "conlleval"):
            start, label = i, typ
    return chunks
