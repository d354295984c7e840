"""Prodigy JSONL (``prodigy db-out``, ``ner.manual`` / ``ner.correct``): one task
per line with ``text`` and ``spans: [{"start", "end", "label"}, …]`` (``text``
in a span, when present, is checked). Only accepted answers are imported: a
task whose ``answer`` is ``reject`` or ``ignore`` is skipped (counted in a
warning). A ``dct`` field (top level or in ``meta``) gives the DCT, else
``--dct``. Doc ids ``<file stem>-<n>`` (n: the task's line position among the
file's records, from 1); ``_input_hash`` goes to ``provenance.docno``.
"""

from __future__ import annotations

from pathlib import Path

from benchmark.importers import Imported, LabelMapper, Options, RawEntity, Report
from benchmark.importers.jsonspans import make_doc, record_dct, records, where


def read(files: list[Path], options: Options, report: Report) -> list[Imported]:
    mapper = LabelMapper(options.labels)
    docs: list[Imported] = []
    skipped = 0
    for path in files:
        for rec, line, n in records(path, report):
            label = where(n, rec)
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                report.bad(path, line, f"{label}: expected an object with a \"text\" string")
                continue
            if rec.get("answer", "accept") != "accept":
                skipped += 1
                continue
            spans = rec.get("spans")
            if not isinstance(spans, list):
                report.bad(path, line, f"{label}: expected \"spans\": [{{\"start\", \"end\", "
                                       f"\"label\"}}, …] (an accepted task with no entity "
                                       f"has \"spans\": [])")
                continue
            raws: list[RawEntity] = []
            for i, s in enumerate(spans):
                if not isinstance(s, dict) or not {"start", "end", "label"} <= set(s):
                    report.bad(path, line, f"{label}: spans[{i}] = {s!r}: expected "
                                           f"{{\"start\", \"end\", \"label\"}}")
                    continue
                stated = s.get("text") if isinstance(s.get("text"), str) else None
                raws.append(RawEntity(s["start"], s["end"], str(s["label"]), line, stated,
                                      f"{label}, spans[{i}]"))
            dct = record_dct(path, line, label, [rec, rec.get("meta")], report)
            docs.append(make_doc(path, n, line, rec["text"], raws, mapper, options, report,
                                 dct=dct, docno=rec.get("_input_hash")))
    if skipped:
        report.warn(f"{skipped} Prodigy task(s) answered reject or ignore; not imported")
    return docs
