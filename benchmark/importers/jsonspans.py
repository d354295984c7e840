"""What the JSON annotation-tool exports (Label Studio, doccano, Prodigy) share:
reading JSON / JSONL records with their line numbers, a record's DCT, and turning
a text plus character spans into an :class:`~benchmark.importers.Imported`.

Offsets are code points into the record's text, end-exclusive, as all three
tools write them for plain text; a span whose stated text does not match the
text at its offsets is refused (Label Studio offsets that count UTF-16 code
units, as JavaScript does, are converted when the text has characters outside
the Basic Multilingual Plane and the stated text then matches).
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any

from benchmark.importers import (Imported, LabelMapper, Options, RawEntity, Report,
                                 build_entities, read_utf8, safe_id, ISO_DATE)


def records(path: Path, report: Report) -> list[tuple[Any, int | None, int]]:
    """``(record, line, n)`` for every record: one JSON value per non-blank line of
    a JSONL file, or the elements of a JSON array (a ``.json`` file, or a file
    whose first character is ``[``); ``n`` counts records from 1."""
    text = read_utf8(path, report)
    if text is None:
        return []
    if text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            report.bad(path, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})")
            return []
        if not isinstance(data, list):
            report.bad(path, None, "expected a JSON array of records")
            return []
        return [(item, None, n) for n, item in enumerate(data, 1)]
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            return [(data, 1, 1)]
    out = []
    n = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        n += 1
        try:
            out.append((json.loads(line), lineno, n))
        except json.JSONDecodeError as exc:
            report.bad(path, lineno, f"not valid JSON: {exc.msg} (column {exc.colno}); "
                                     f"expected one JSON object per line (JSONL)")
    return out


def where(n: int, record: Any) -> str:
    ident = record.get("id") if isinstance(record, dict) else None
    return f"record {n}" + (f" (id {ident})" if ident is not None else "")


def record_dct(path: Path, line: int | None, label: str, holders: list[Any],
               report: Report) -> str | None:
    """A ``dct`` field (YYYY-MM-DD, or an ISO date-time whose date is taken) from
    the first holder that has one; a malformed one is a problem."""
    for holder in holders:
        if isinstance(holder, dict) and "dct" in holder:
            value = holder["dct"]
            if isinstance(value, str) and ISO_DATE.match(value) and (
                    len(value) == 10 or value[10] in "T "):
                try:
                    _dt.date.fromisoformat(value[:10])
                    return value[:10]
                except ValueError:
                    pass
            report.bad(path, line, f"{label}: dct {value!r}: expected a date YYYY-MM-DD")
            return None
    return None


def utf16_to_cp(text: str, offset: int) -> int | None:
    """The code-point offset of a UTF-16 code-unit offset (None if it splits a pair)."""
    units = 0
    for i, ch in enumerate(text):
        if units == offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > offset:
            return None
    return len(text) if units == offset else None


def fix_offsets(text: str, start: Any, end: Any, stated: str | None) -> tuple[Any, Any]:
    """``start, end`` as code points: unchanged unless they only fit ``stated`` when
    read as UTF-16 code units (JavaScript offsets)."""
    if (stated is None or not isinstance(start, int) or not isinstance(end, int)
            or text[start:end] == stated or all(ord(c) <= 0xFFFF for c in text)):
        return start, end
    s, e = utf16_to_cp(text, start), utf16_to_cp(text, end)
    if s is not None and e is not None and text[s:e] == stated:
        return s, e
    return start, end


def make_doc(path: Path, n: int, line: int | None, text: str, raws: list[RawEntity],
             mapper: LabelMapper, options: Options, report: Report, *, dct: str | None,
             docno: Any = None) -> Imported:
    entities = build_entities(text, raws, mapper, report, path)
    if dct is not None:
        reason = "the dct field of the record"
    elif options.dct is not None:
        dct, reason = options.dct, (f"given with --dct: the {options.fmt} record has no "
                                    f"dct field")
    else:
        reason = None
    return Imported(doc_id=f"{safe_id(path.stem)}-{n}", text=text, source=path,
                    layers=("entities",), entities=entities, dct=dct, dct_reason=reason,
                    line=line,
                    docno=docno if isinstance(docno, (str, int)) and
                    not isinstance(docno, bool) else None,
                    meta={"record": n})


def label_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
