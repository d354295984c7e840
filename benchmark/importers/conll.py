"""CoNLL-style flat IOB files (ANERcorp, CoNLL-2003, khabar's own ``gold.conll``):
``TOKEN [COLUMNS …] TAG`` per line — the token first, the tag last — a blank line
between sentences and ``-DOCSTART-`` lines between documents.

Classes map onto Wojood fine types by :data:`benchmark.importers.CONLL_LABELS`:
PER/PERS → PERS, ORG → ORG, LOC → LOC, MISC → NORP; a Wojood fine type maps to
itself and ``--map`` overrides any of them (docs/import.md gives the reasons;
such gold is best scored in the coarse view). Tags are IOB2 (``--scheme iob1``
reads the CoNLL-2003 original files, where ``B-`` only separates two adjacent
chunks of one type).
"""

from __future__ import annotations

from pathlib import Path

from benchmark.importers import CONLL_LABELS, Imported, LabelMapper, Options, Report
from benchmark.importers.tokens import document_tags, import_token_file


def read(files: list[Path], options: Options, report: Report) -> list[Imported]:
    mapper = LabelMapper(options.labels, CONLL_LABELS)
    docs = []
    for path in files:
        docs += import_token_file(path, options, report, mapper, flat=True)
    used = {k: v for k, v in mapper.used.items() if k != v}
    if used:
        for d in docs:
            d.meta["labels"] = used
    if options.scheme != "iob2":
        for d in docs:
            d.meta["scheme"] = options.scheme
    return docs


def to_lines(doc, labels: dict[str, str] | None = None, *,  # type: ignore[no-untyped-def]
             scheme: str = "iob2") -> list[str]:
    """Imported gold back to ``TOKEN TAG`` lines (a blank line after each sentence).
    ``labels``: fine type → source label (e.g. ``{"NORP": "MISC"}``)."""
    lines = []
    for sentence in document_tags(doc, labels, flat=True, scheme=scheme):
        lines += [f"{token} {tags[0]}" for token, tags in sentence]
        lines.append("")
    return lines
