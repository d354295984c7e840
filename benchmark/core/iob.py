"""Spans ↔ IOB2 tags over a tokenization.

Encoding projects the outermost layer (IOB2 cannot hold nesting). Decoding has
the two conventions of seqeval 1.2.2: ``conlleval`` (seqeval's default, after
conlleval.pl: an ``I-X`` that does not continue an ``X`` chunk starts one) and
``strict`` (seqeval ``mode="strict", scheme=IOB2``: a chunk starts only at
``B-X`` and continues only with ``I-X``; orphan ``I-`` tokens are dropped).

Sentence breaks end every chunk, in both conventions: conlleval.pl reads a blank
line as a boundary token tagged ``O`` in both columns, and seqeval appends an
``O`` after each sentence before chunking. So an ``I-X`` that opens a sentence
starts a new chunk (conlleval) or is dropped (strict), whatever ended the
previous sentence. :func:`decode` takes the breaks as token indices;
:func:`decode_sentences` and :func:`tagged_chunks` take sentences.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

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


def decode(tags: Sequence[str], *, mode: str = "conlleval",
           breaks: Collection[int] = ()) -> list[tuple[int, int, str]]:
    """Chunks as half-open token index ranges ``(first, last + 1, label)``.

    ``breaks``: indices of the tokens that open a sentence (after a blank line);
    no chunk continues across one."""
    if mode not in ("conlleval", "strict"):
        raise ValueError(f"unknown IOB decoding mode {mode!r}; expected conlleval or strict")
    breaks = breaks if isinstance(breaks, (set, frozenset)) else set(breaks)
    chunks: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, typ = _split(tag)
        continues = prefix == "I" and start >= 0 and typ == label and i not in breaks
        if start >= 0 and not continues:
            chunks.append((start, i, label))
            start, label = -1, ""
        if prefix == "B" or (prefix == "I" and not continues and mode == "conlleval"):
            start, label = i, typ
    return chunks


def sentence_breaks(lengths: Sequence[int]) -> set[int]:
    """The token indices that open a sentence, for sentences of these lengths."""
    out, n = set(), 0
    for length in lengths:
        out.add(n)
        n += length
    return out


def decode_sentences(sentences: Sequence[Sequence[str]], *, mode: str = "conlleval"
                     ) -> list[tuple[int, int, str]]:
    """:func:`decode` over sentences; indices run over the concatenated tokens
    (seqeval's list-of-lists input)."""
    flat = [tag for sentence in sentences for tag in sentence]
    return decode(flat, mode=mode, breaks=sentence_breaks([len(s) for s in sentences]))


def tagged_chunks(sentences: Sequence[Sequence[tuple[int, int, str]]], *,
                  mode: str = "conlleval") -> list[Labeled]:
    """Character-offset chunks ``(start, end, label)`` from sentences of
    ``(token start, token end, tag)``."""
    flat = [token for sentence in sentences for token in sentence]
    chunks = decode([t[2] for t in flat], mode=mode,
                    breaks=sentence_breaks([len(s) for s in sentences]))
    return [(flat[a][0], flat[b - 1][1], label) for a, b, label in chunks]
