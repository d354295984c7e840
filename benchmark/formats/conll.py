"""CoNLL, CoNLL-2003 layout: ``TOKEN _ _ TAG`` per line (IOB2 tags in column 4),
a blank line between sentences, and a ``-DOCSTART- -X- -X- O`` line followed by
a blank line at the start of each document.

Every line has four columns, so ``conlleval.pl`` reads the file once a column
of predicted tags is appended (``docs/metrics.md`` gives the command); columns 2
and 3 (part of speech and chunk in CoNLL-2003) are ``_``. Documents follow the
gold order; the file names no document, and khabar's CoNLL reader recognises
each one by its tokens (``file:gold.conll#column=4`` reads this file back).
conlleval.pl counts each ``-DOCSTART-`` line as a token tagged ``O`` (its
accuracy includes them, as on the CoNLL-2003 files); chunks are unaffected.

Lossy by design: only the outermost non-optional entities, fine types, no
nesting, no alternatives, no TIMEX3 values, no attribution. Tokens and sentences
are the canonical ones (:mod:`benchmark.core.tokenize`).
"""

from __future__ import annotations

from pathlib import Path

from benchmark.core.files import write_text
from benchmark.gold.loader import GoldSet
from benchmark.core.iob import encode, outermost
from benchmark.core.tokenize import canonical_sentences, canonical_tokens

FILENAME = "gold.conll"
DOCSTART = "-DOCSTART- -X- -X- O"
#: Placeholder of the part-of-speech and chunk columns.
EMPTY = "_"


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


def document_lines(doc) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines of one document: the ``-DOCSTART-`` line, a blank line, then each
    sentence followed by a blank line."""
    lines = [DOCSTART, ""]
    for sentence in document_rows(doc):
        if not sentence:
            continue
        lines += [f"{tok} {EMPTY} {EMPTY} {tag}" for tok, tag in sentence]
        lines.append("")
    return lines


def write(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    lines = [line for doc in gold for line in document_lines(doc)]
    return [write_text(out / FILENAME, "".join(f"{line}\n" for line in lines))]


def plan(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    return [out / FILENAME]
