"""TimeML ``.tml`` (TimeBank 1.2, TempEval-3, khabar's own export): one document
per file (doc id: the file stem; ``<DOCID>`` goes to ``provenance.docno``).

The text and the TIMEX3 offsets are :func:`benchmark.formats.timeml.read_tml`'s:
the character content of ``<TEXT>`` with every tag removed (EVENT, SIGNAL …
keep their text) and one line break right after ``<TEXT>`` dropped. Each TIMEX3
in ``<TEXT>`` becomes a timex with its ``tid`` as id (a khabar sidecar
``NAME.khabar.json`` beside the file restores khabar ids, optional flags and
alternatives), ``type``, ``value`` and, from ``anchorTimeID``, its anchor
(``DCT`` when it names the creation-time TIMEX3). Empty (non-consuming) TIMEX3
tags cannot be mentions and are skipped with a warning; an anchor naming one, or
a TIMEX3 outside ``<TEXT>`` other than the DCT, is left out (with a warning:
anchors are not scored).

The DCT is the ``value`` of the TIMEX3 with ``functionInDocument="CREATION_TIME"``
(else the one in ``<DCT>``), its date part when it has a time; ``--dct`` only
serves files that have neither. ``layers`` is ``["timexes"]``: EVENT, TLINK and
the rest of TimeML are not imported, and entities are not annotated in TimeML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from benchmark.formats.timeml import TimeMLError, read_tml, sidecar_path
from benchmark.importers import (ISO_DATE, Imported, Options, Report, check_timex_overlaps,
                                 read_utf8, safe_id)
from benchmark.core.inventory import DCT_ANCHOR, TIMEX_TYPES
from benchmark.core.timex_values import value_problem


def _tid_line(source: str, tid: str) -> int | None:
    m = re.search(r"<TIMEX3\b[^>]*\btid\s*=\s*[\"']" + re.escape(tid) + r"[\"']", source)
    return source.count("\n", 0, m.start()) + 1 if m else None


def _dct(value: str | None) -> str | None:
    if value and ISO_DATE.match(value) and (len(value) == 10 or value[10] == "T"):
        try:
            dt.date.fromisoformat(value[:10])
            return value[:10]
        except ValueError:
            return None
    return None


def read(files: list[Path], options: Options, report: Report) -> list[Imported]:
    docs: list[Imported] = []
    for path in files:
        source = read_utf8(path, report)
        if source is None:
            continue
        sidecar = None
        side = sidecar_path(path)
        if side.is_file():
            try:
                sidecar = json.loads(side.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                report.bad(side, getattr(exc, "lineno", None), f"not a JSON sidecar: {exc}")
                continue
        try:
            root = ET.fromstring(source)
            text, dct_value, timexes = read_tml(source, sidecar, path=str(path))
        except ET.ParseError as exc:
            report.bad(path, exc.position[0], f"not well-formed XML: {exc}")
            continue
        except TimeMLError as exc:
            report.bad(exc.path, exc.line, f"{exc.found}; expected {exc.expected}")
            continue
        text_el = root.find("TEXT")
        in_text = {id(el) for el in text_el.iter("TIMEX3")} if text_el is not None else set()
        creation = [el for el in root.iter("TIMEX3")
                    if el.get("functionInDocument") == "CREATION_TIME"]
        dct = reason = None
        outside_tid = None
        if creation:
            el = creation[0]
            dct = _dct(el.get("value"))
            tid = el.get("tid") or "?"
            if id(el) not in in_text:
                outside_tid = el.get("tid")
            if dct is None:
                report.bad(path, _tid_line(source, tid),
                           f"the CREATION_TIME TIMEX3 {tid} has value {el.get('value')!r}; "
                           f"expected a date YYYY-MM-DD (the document creation time)")
                continue
            reason = f"the TimeML CREATION_TIME TIMEX3 {tid} (value {el.get('value')})"
        elif _dct(dct_value) is not None:
            dct = _dct(dct_value)
            reason = f"the TIMEX3 in the TimeML <DCT> element (value {dct_value})"
        elif options.dct is not None:
            dct, reason = options.dct, "given with --dct: the TimeML file has no CREATION_TIME"
        outside = {el.get("tid") for el in root.iter("TIMEX3")
                   if id(el) not in in_text and el.get("tid")} - {outside_tid}
        kept = [t for t in timexes if t.end > t.start]
        dropped = {t.id for t in timexes if t.end <= t.start}
        if dropped:
            report.warn(f"{path}: {len(dropped)} empty (non-consuming) TIMEX3 tag(s) "
                        f"skipped: {', '.join(sorted(dropped))}")
        ids = {t.id for t in kept}
        out = []
        line_of = {}
        for t in kept:
            line = _tid_line(source, t.id) or _tid_line(source, _tml_tid(sidecar, t.id))
            line_of[t.id] = line
            anchor = t.anchor
            if anchor is not None and anchor == outside_tid:
                anchor = DCT_ANCHOR
            elif anchor in dropped or anchor in outside:
                what = "empty TIMEX3" if anchor in dropped else "TIMEX3 outside <TEXT>"
                report.warn(f"{path}: TIMEX3 {t.id} is anchored to the {what} {anchor}; its "
                            f"anchor is left out")
                anchor = None
            elif anchor not in (None, DCT_ANCHOR) and anchor not in ids:
                report.bad(path, line, f"TIMEX3 {t.id}: anchorTimeID={anchor} names no TIMEX3 "
                                       f"of this document")
            if t.type not in TIMEX_TYPES:
                report.bad(path, line, f"TIMEX3 {t.id} {t.text!r}: type {t.type!r}; expected "
                                       f"one of {', '.join(TIMEX_TYPES)}")
            elif problem := value_problem(t.value, t.type):
                report.bad(path, line, f"TIMEX3 {t.id} {t.text!r}: value {t.value!r}; "
                                       f"expected {problem}")
            if text[t.start:t.end] != t.text:   # read_tml guarantees it; checked all the same
                report.bad(path, line, f"TIMEX3 {t.id}: text {t.text!r} is not the text at "
                                       f"[{t.start}, {t.end})")
            out.append(replace(t, anchor=anchor))
        check_timex_overlaps(out, report, path, line_of)
        docid = root.findtext("DOCID")
        docs.append(Imported(doc_id=safe_id(path.stem), text=text, source=path,
                             layers=("timexes",), timexes=out, dct=dct, dct_reason=reason,
                             docno=docid.strip() if docid and docid.strip() else None,
                             meta={"sidecar": side.as_posix()} if sidecar is not None else {}))
    return docs


def _tml_tid(sidecar, ident: str) -> str:  # type: ignore[no-untyped-def]
    """The tid a sidecar maps to a khabar id (the id itself when there is none)."""
    if isinstance(sidecar, dict):
        for tid, entry in (sidecar.get("timexes") or {}).items():
            if isinstance(entry, dict) and entry.get("id") == ident:
                return tid
    return ident
