"""doccano JSONL export (sequence labelling): one object per line with ``text``
and either ``label: [[start, end, "TYPE"], …]`` (also accepted: ``labels``) or
``entities: [{"start_offset", "end_offset", "label"}, …]`` (the relation-project
export; ``relations`` are not imported). A ``dct`` field (top level or in
``meta``) gives the DCT, else ``--dct``. Doc ids ``<file stem>-<n>`` (n: the
record's position in the file, from 1); the record ``id`` goes to
``provenance.docno``. doccano states no span text, so spans are checked for
their offsets only.
"""

from __future__ import annotations

from pathlib import Path

from benchmark.importers import Imported, LabelMapper, Options, RawEntity, Report
from benchmark.importers.jsonspans import make_doc, record_dct, records, where


def read(files: list[Path], options: Options, report: Report) -> list[Imported]:
    mapper = LabelMapper(options.labels)
    docs: list[Imported] = []
    for path in files:
        for rec, line, n in records(path, report):
            label = where(n, rec)
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                report.bad(path, line, f"{label}: expected an object with a \"text\" string")
                continue
            raws: list[RawEntity] = []
            if "entities" in rec:
                spans = rec["entities"]
                if not isinstance(spans, list):
                    report.bad(path, line, f"{label}: \"entities\" is not a list")
                    continue
                for i, s in enumerate(spans):
                    if not isinstance(s, dict) or not {"start_offset", "end_offset",
                                                       "label"} <= set(s):
                        report.bad(path, line, f"{label}: entities[{i}] = {s!r}: expected "
                                               f"{{\"start_offset\", \"end_offset\", \"label\"}}")
                        continue
                    raws.append(RawEntity(s["start_offset"], s["end_offset"], str(s["label"]),
                                          line, None, f"{label}, entities[{i}]"))
            else:
                key = "label" if "label" in rec else "labels" if "labels" in rec else None
                spans = rec.get(key) if key else None
                if not isinstance(spans, list):
                    report.bad(path, line, f"{label}: expected \"label\": [[start, end, "
                                           f"\"TYPE\"], …] or \"entities\": [...]")
                    continue
                for i, s in enumerate(spans):
                    if not isinstance(s, list) or len(s) != 3 or not isinstance(s[2], str):
                        report.bad(path, line, f"{label}: {key}[{i}] = {s!r}: expected "
                                               f"[start, end, \"TYPE\"] (a text-classification "
                                               f"export has no spans)")
                        continue
                    raws.append(RawEntity(s[0], s[1], s[2], line, None, f"{label}, {key}[{i}]"))
            dct = record_dct(path, line, label, [rec, rec.get("meta")], report)
            docs.append(make_doc(path, n, line, rec["text"], raws, mapper, options, report,
                                 dct=dct, docno=rec.get("id")))
    return docs
