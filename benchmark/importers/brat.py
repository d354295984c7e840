"""brat standoff: ``NAME.txt`` + ``NAME.ann`` per document (doc id ``NAME``).

``T`` lines whose label is a Wojood fine type are entities (``--map`` renames
other labels; any other label is refused with the list of fine types); a
discontinuous entity or TIMEX3 span (``T1\\tORG 0 5;9 14\\t…``) is refused, since
khabar mentions are contiguous. khabar's own brat export (TIMEX3 with its
``TimexType`` attribute and ``value=`` note, ``Cue``/``Source``/``Content``
attribution roles, which may be discontinuous) is read back too. Parsing and
the check of every ``T`` line's text against the ``.txt`` are
:func:`benchmark.formats.brat.read_ann`'s; ``parent`` links are recomputed from
containment. ``layers``: ``entities`` (and ``timexes`` / ``attributions`` when
TIMEX3 / Cue lines occur in the imported files).
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmark.core.documents import Timex
from benchmark.formats.brat import BratError, read_ann
from benchmark.importers import (Imported, LabelMapper, Options, RawEntity, Report,
                                 build_entities, check_timex_overlaps, read_utf8, safe_id)
from benchmark.core.inventory import DCT_ANCHOR, TIMEX_TYPES
from benchmark.core.timex_values import value_problem

_T = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
_ROLE_LABELS = frozenset({"Cue", "Source", "Content"})


def _pairs(files: list[Path]) -> list[tuple[Path, Path]]:
    out, seen = [], set()
    for f in files:
        ann = f.with_suffix(".ann") if f.suffix == ".txt" else f
        if ann.resolve() not in seen:
            seen.add(ann.resolve())
            out.append((ann.with_suffix(".txt"), ann))
    return out


def read(files: list[Path], options: Options, report: Report) -> list[Imported]:
    mapper = LabelMapper(options.labels)
    parsed = []
    kinds: set[str] = set()
    for txt, ann in _pairs(files):
        if not ann.is_file():
            report.bad(ann, None, f"no .ann file beside {txt.name}")
            continue
        if not txt.is_file():
            report.bad(txt, None, f"no .txt file beside {ann.name}")
            continue
        text, source = read_utf8(txt, report), read_utf8(ann, report)
        if text is None or source is None:
            continue
        before = len(report.problems)
        lines: dict[tuple[int, int, str], int] = {}
        tid_line: dict[str, int] = {}
        timex_tid: dict[tuple[int, int], str] = {}
        timex_type: set[str] = set()
        for lineno, line in enumerate(source.split("\n"), 1):
            line = line.rstrip("\r")
            if line.startswith("A") and "\t" in line:
                parts = line.split("\t")[1].split()
                if len(parts) >= 2 and parts[0] == "TimexType":
                    timex_type.add(parts[1])
            m = _T.fullmatch(line)
            if m is None:
                continue
            tid, label, offsets, _ = m.groups()
            tid_line[tid] = lineno
            if label in _ROLE_LABELS:
                kinds.add("attributions")
                continue
            if ";" in offsets:
                report.bad(ann, lineno, f"{tid} {label} has a discontinuous span ({offsets}): "
                                        f"khabar entities and TIMEX3 are contiguous; join or "
                                        f"split it in brat first")
                continue
            if label == "TIMEX3":
                kinds.add("timexes")
                start, end = map(int, offsets.split())
                timex_tid.setdefault((start, end), tid)
                continue
            kinds.add("entities")
            fine = mapper(label, report, ann, lineno)
            start, end = map(int, offsets.split())
            if fine is not None:
                lines.setdefault((start, end, fine), lineno)
        if len(report.problems) > before:
            continue
        try:
            layers = read_ann(text, source, str(ann),
                              entity_label=lambda label: mapper.table.get(label, label))
        except BratError as exc:
            report.bad(ann, exc.line, f"got {exc.found!r}; expected {exc.expected}")
            continue
        except (ValueError, IndexError, KeyError, TypeError) as exc:
            report.bad(ann, None, f"cannot read the annotations: {type(exc).__name__}: {exc}")
            continue
        parsed.append((txt, ann, text, layers, lines, tid_line, timex_tid, timex_type))
    layer_names = tuple(k for k in ("entities", "timexes", "attributions")
                        if k in kinds) or ("entities",)
    used = {k: v for k, v in mapper.used.items() if k != v}
    docs = []
    for txt, ann, text, layers, lines, tid_line, timex_tid, timex_type in parsed:
        raws = [RawEntity(e.start, e.end, e.type, lines.get((e.start, e.end, e.type)),
                          e.text, id=e.id, ref=e.ref, optional=e.optional,
                          alternatives=e.alternatives) for e in layers["entities"]]
        entities = build_entities(text, raws, mapper, report, ann)
        timexes: list[Timex] = layers["timexes"]
        ids = {t.id for t in timexes}
        tid_of = {t.id: timex_tid.get((t.start, t.end), t.id) for t in timexes}
        line_of = {t.id: tid_line.get(tid_of[t.id]) for t in timexes}
        for t in timexes:
            where = line_of[t.id]
            if tid_of[t.id] not in timex_type:
                report.bad(ann, where, f"TIMEX3 {tid_of[t.id]} has no TimexType attribute "
                                       f"(one of {', '.join(TIMEX_TYPES)})")
            elif t.type not in TIMEX_TYPES:
                report.bad(ann, where, f"TIMEX3 {t.id}: TimexType {t.type!r}; expected one "
                                       f"of {', '.join(TIMEX_TYPES)}")
            elif problem := value_problem(t.value, t.type):
                report.bad(ann, where, f"TIMEX3 {t.id} {t.text!r}: value {t.value!r} (from "
                                       f"its 'value=' note); expected {problem}")
            if t.anchor not in (None, DCT_ANCHOR) and t.anchor not in ids:
                report.bad(ann, where, f"TIMEX3 {t.id}: anchor={t.anchor} names no TIMEX3 "
                                       f"of this document")
        check_timex_overlaps(timexes, report, ann, line_of)
        docs.append(Imported(
            doc_id=safe_id(ann.stem), text=text, source=ann, layers=layer_names,
            entities=entities if "entities" in layer_names else [],
            timexes=timexes, attributions=layers["attributions"], dct=options.dct,
            dct_reason="given with --dct: brat files record no document creation time"
            if options.dct else None, docno=ann.stem,
            meta={"text": txt.as_posix(), **({"labels": used} if used else {})}))
    return docs
