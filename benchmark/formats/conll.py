"""CoNLL IOB2: ``token TAG`` per line, a blank line between sentences.

Each document starts with a ``# doc_id = …`` comment line. Lossy by design: only
the outermost non-optional entities, fine types, no nesting, no alternatives,
no TIMEX3 values, no attribution. Tokens and sentences are the canonical ones
(:mod:`benchmark.tokenize`).
"""

from __future__ import annotations

from pathlib import Path

from benchmark.files import write_text
from benchmark.gold import GoldSet
from benchmark.iob import encode, outermost
from benchmark.tokenize import canonical_sentences, canonical_tokens

FILENAME = "gold.conll"


def document_rows(doc) -> list[list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """Per sentence, the (token, tag) pairs of a document."""
    tokens = canonical_tokens(doc)
    spans = outermost([(e.start, e.end, e.type) for e in doc.entities if not e.optional])
    tags = encode(tokens, spans)
    out = []
    for s_start, s_end in canonical_sentences(doc):
        out.append([(doc.text[a:b], tag) for (a, b), tag in zip(tokens, tags)
                    if s_start <= a and b <= s_end])
    return out


def write(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    blocks = []
    for doc in gold:
        lines = [f"# doc_id = {doc.doc_id}"]
        for sentence in document_rows(doc):
            lines += [f"{tok} {tag}" for tok, tag in sentence]
            lines.append("")
        blocks.append("\n".join(lines))
    return [write_text(out / FILENAME, "\n".join(blocks))]


def plan(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    return [out / FILENAME]
