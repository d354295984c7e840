"""Wojood (Jarrar et al., LREC 2022; SinaLab/ArabicNER ``data/*.txt``): one token
per line with every nested label in further columns, a blank line between
sentences::

    سكرتير B-OCC
    اللجنة I-OCC B-ORG
    القومية I-OCC I-ORG

Labels are Wojood fine types (``--map`` renames others). A token's tags may come
in any column order: an ``I-X`` continues the outermost open ``X`` chunk, so
``I-OCC I-OCC`` on one token continues two nested OCC chunks (see
:func:`benchmark.importers.tokens.chunk_sentence`). Nested chunks become
entities with ``parent`` links (the smallest strictly containing entity).
Sentences such as ``$#$ O`` (the corpus's segment marker) are tokens like any
other. The text is reconstructed (:mod:`benchmark.importers.tokens`).
"""

from __future__ import annotations

from pathlib import Path

from benchmark.importers import Imported, LabelMapper, Options, Report
from benchmark.importers.tokens import document_tags, import_token_file


def read(files: list[Path], options: Options, report: Report) -> list[Imported]:
    mapper = LabelMapper(options.labels)
    docs = []
    for path in files:
        docs += import_token_file(path, options, report, mapper, flat=False)
    used = {k: v for k, v in mapper.used.items() if k != v}
    if used:
        for d in docs:
            d.meta["labels"] = used
    return docs


def to_lines(doc, labels: dict[str, str] | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Imported gold back to Wojood lines (tags outermost first; a blank line after
    each sentence). ``labels``: fine type → source label, for renamed labels."""
    lines = []
    for sentence in document_tags(doc, labels):
        lines += [" ".join([token, *tags]) for token, tags in sentence]
        lines.append("")
    return lines
