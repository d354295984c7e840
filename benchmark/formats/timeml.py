"""TimeML ``.tml`` (TempEval-3 layout): one file per document, plus a khabar
sidecar ``<doc_id>.khabar.json`` beside it.

The ``.tml`` carries TimeML only. The DCT is written as
``<DCT><TIMEX3 tid="t0" type="DATE" value="…" functionInDocument="CREATION_TIME">…</TIMEX3></DCT>``;
the text is inline in ``<TEXT>`` with the document's TIMEX3 tags, whose
attributes are TimeML 1.2.1 attributes only (:data:`TIMEX3_ATTRIBUTES`): ``tid``
(``t1 … tn`` in reading order), ``type``, ``value``, ``temporalFunction`` and,
for an anchored value, ``anchorTimeID`` (``t0`` for the DCT).

What TimeML cannot hold goes to the sidecar, keyed by ``tid``: the khabar id,
``optional`` and the alternatives. :func:`read_tml` merges a sidecar back when
it is given, so a round trip through both files is lossless; without it, ids
are the ``tid`` values and nothing is optional.

Offsets: the text is the character content of ``<TEXT>`` (entities such as
``&amp;`` and ``&lt;`` unescaped, markup removed), minus **one line break right
after ``<TEXT>``** if there is one (``\\n`` or ``\\r\\n``; the writer always puts
one there, so a text that itself starts with a line break survives). Offsets
are code points into that text, end-exclusive.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from benchmark.core.documents import Alternative, Timex
from benchmark.core.files import write_text
from benchmark.gold.loader import GoldSet
from benchmark.core.inventory import DCT_ANCHOR, TIMEX_TYPES

#: The TIMEX3 attributes of TimeML 1.2.1 (the set TempEval-3's TimeML schemas allow).
TIMEX3_ATTRIBUTES = frozenset({
    "tid", "type", "value", "functionInDocument", "temporalFunction", "anchorTimeID",
    "beginPoint", "endPoint", "quant", "freq", "mod", "valueFromFunction", "comment",
})
SIDECAR_SUFFIX = ".khabar.json"
SIDECAR_FORMAT = "khabar-timeml-sidecar"
SIDECAR_VERSION = 1


class TimeMLError(ValueError):
    """A ``.tml`` (or its sidecar) that cannot be read: where, what, what was expected."""

    def __init__(self, path: str, line: int | None, found: str, expected: str):
        self.path, self.line, self.found, self.expected = path, line, found, expected
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {found}; expected {expected}")


def sidecar_path(tml: Path) -> Path:
    """``<doc_id>.khabar.json`` beside ``<doc_id>.tml``."""
    return tml.parent / f"{tml.stem}{SIDECAR_SUFFIX}"


def _tids(doc) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """khabar timex id → TimeML tid (``t1 …`` in reading order; the DCT is ``t0``)."""
    timexes = sorted(doc.timexes, key=lambda t: t.start)
    tid = {t.id: f"t{i}" for i, t in enumerate(timexes, 1)}
    tid[DCT_ANCHOR] = "t0"
    return tid


def document_tml(doc) -> str:  # type: ignore[no-untyped-def]
    """The ``.tml`` text of one document (TimeML attributes only)."""
    timexes = sorted(doc.timexes, key=lambda t: t.start)
    tid = _tids(doc)
    body, pos = [], 0
    for t in timexes:
        body.append(escape(doc.text[pos:t.start]))
        attrs = {"tid": tid[t.id], "type": t.type, "value": t.value}
        if t.anchor is not None:
            attrs["temporalFunction"] = "true"
            attrs["anchorTimeID"] = tid[t.anchor]
        else:
            attrs["temporalFunction"] = "false"
        rendered = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items())
        body.append(f"<TIMEX3 {rendered}>{escape(t.text)}</TIMEX3>")
        pos = t.end
    body.append(escape(doc.text[pos:]))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<TimeML>\n"
        f"<DOCID>{escape(doc.doc_id)}</DOCID>\n"
        f'<DCT><TIMEX3 tid="t0" type="DATE" value={quoteattr(doc.dct)} '
        f'functionInDocument="CREATION_TIME">{escape(doc.dct)}</TIMEX3></DCT>\n'
        f"<TEXT>\n{''.join(body)}</TEXT>\n"
        "</TimeML>\n"
    )


def document_sidecar(doc) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The khabar data of one document that TimeML cannot hold, keyed by tid."""
    tid = _tids(doc)
    entries: dict[str, Any] = {}
    for t in sorted(doc.timexes, key=lambda t: t.start):
        entry: dict[str, Any] = {"id": t.id}
        if t.optional:
            entry["optional"] = True
        if t.alternatives:
            entry["alternatives"] = [a.to_json() for a in t.alternatives]
        entries[tid[t.id]] = entry
    return {"format": SIDECAR_FORMAT, "version": SIDECAR_VERSION, "doc_id": doc.doc_id,
            "timexes": entries}


def plan(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    paths = []
    for doc in gold:
        paths += [out / f"{doc.doc_id}.tml", out / f"{doc.doc_id}{SIDECAR_SUFFIX}"]
    return paths


def write(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    written = []
    for doc in gold:
        written.append(write_text(out / f"{doc.doc_id}.tml", document_tml(doc)))
        sidecar = json.dumps(document_sidecar(doc), ensure_ascii=False, sort_keys=True,
                             indent=1) + "\n"
        written.append(write_text(out / f"{doc.doc_id}{SIDECAR_SUFFIX}", sidecar))
    return written


# -- reading ---------------------------------------------------------------------------

def _tag_line(source: str, tid: str | None, nth: int) -> int | None:
    """The line of the TIMEX3 start tag with ``tid`` (else the ``nth`` one in <TEXT>)."""
    text_at = source.find("<TEXT")
    if tid is not None:
        m = re.search(r"<TIMEX3\b[^>]*\btid\s*=\s*[\"']" + re.escape(tid) + r"[\"']",
                      source[max(text_at, 0):])
        if m:
            return source.count("\n", 0, max(text_at, 0) + m.start()) + 1
        return None
    starts = [m.start() for m in re.finditer(r"<TIMEX3\b", source[max(text_at, 0):])]
    if nth < len(starts):
        return source.count("\n", 0, max(text_at, 0) + starts[nth]) + 1
    return None


def _check_sidecar(sidecar: Any, path: str, tids: set[str]) -> dict[str, dict[str, Any]]:
    where = f"{path} sidecar"
    if (not isinstance(sidecar, dict) or sidecar.get("format") != SIDECAR_FORMAT
            or not isinstance(sidecar.get("timexes"), dict)):
        raise TimeMLError(where, None, "not a khabar TimeML sidecar",
                          f'{{"format": "{SIDECAR_FORMAT}", "timexes": {{tid: {{...}}}}}}')
    entries = sidecar["timexes"]
    for tid, entry in entries.items():
        if tid not in tids:
            raise TimeMLError(where, None, f"an entry for tid {tid!r}",
                              "only tids of TIMEX3 elements in the .tml's <TEXT>")
        if not isinstance(entry, dict) or not isinstance(entry.get("id", ""), str):
            raise TimeMLError(where, None, f"entry {tid!r} = {entry!r}",
                              '{"id": str, "optional"?: bool, "alternatives"?: [...]}')
    return entries


def read_tml(source: str, sidecar: dict[str, Any] | None = None, *, path: str = "<tml>"
             ) -> tuple[str, str | None, list[Timex]]:
    """Parse a ``.tml``: the ``<TEXT>`` string, the DCT value and its TIMEX3s with
    offsets into that string (see the module docstring for the offset rule);
    ``sidecar`` (the parsed ``.khabar.json``) restores khabar ids, optional flags
    and alternatives. ``ET.ParseError`` on malformed XML; :class:`TimeMLError`
    (naming ``path`` and the tid) for a TIMEX3 without ``tid`` or ``type``, a
    duplicate ``tid``, or a sidecar that does not fit."""
    root = ET.fromstring(source)
    dct_el = root.find("./DCT/TIMEX3")
    dct = dct_el.get("value") if dct_el is not None else None
    text_el = root.find("TEXT")
    if text_el is None:
        raise TimeMLError(path, None, "no <TEXT> element", "a <TEXT> element")
    parts: list[str] = []
    raw: list[tuple[dict[str, str], int, int, str]] = []

    def walk(el: ET.Element, pos: int) -> int:
        """Append ``el``'s text content; record TIMEX3 offsets; return the new position."""
        start = pos
        parts.append(el.text or "")
        pos += len(el.text or "")
        for child in el:
            pos = walk(child, pos)
            parts.append(child.tail or "")
            pos += len(child.tail or "")
        if el.tag == "TIMEX3" and el is not text_el:
            raw.append((dict(el.attrib), start, pos, "".join(el.itertext())))
        return pos

    walk(text_el, 0)
    full = "".join(parts)
    lead = 2 if full.startswith("\r\n") else 1 if full.startswith("\n") else 0
    text = full[lead:]
    raw.sort(key=lambda r: r[1])
    seen: set[str] = set()
    for nth, (a, start, end, inner) in enumerate(raw):
        tid = a.get("tid")
        if not tid:
            raise TimeMLError(path, _tag_line(source, None, nth),
                              f"a TIMEX3 without tid around {inner!r}", "a tid attribute")
        if tid in seen:
            raise TimeMLError(path, _tag_line(source, tid, nth), f"TIMEX3 tid={tid!r} twice",
                              "one TIMEX3 per tid")
        seen.add(tid)
        if "type" not in a:
            raise TimeMLError(path, _tag_line(source, tid, nth),
                              f"TIMEX3 tid={tid!r} ({inner!r}) has no type attribute",
                              f"type= one of {', '.join(TIMEX_TYPES)}")
        if start < lead:
            raise TimeMLError(path, _tag_line(source, tid, nth),
                              f"TIMEX3 tid={tid!r} starts on the line break after <TEXT>",
                              "TIMEX3 elements inside the text")
    entries = _check_sidecar(sidecar, path, seen) if sidecar is not None else {}
    tml_to_id = {a["tid"]: entries.get(a["tid"], {}).get("id") or a["tid"] for a, *_ in raw}
    tml_to_id["t0"] = DCT_ANCHOR
    timexes = []
    for a, start, end, inner in raw:
        entry = entries.get(a["tid"], {})
        try:
            alts = tuple(Alternative(**alt) for alt in entry.get("alternatives", ()))
        except TypeError as exc:
            raise TimeMLError(f"{path} sidecar", None, f"alternatives of {a['tid']}: {exc}",
                              "objects with start, end, text, type, value") from None
        anchor = (tml_to_id.get(a["anchorTimeID"], a["anchorTimeID"])
                  if "anchorTimeID" in a else None)
        timexes.append(Timex(tml_to_id[a["tid"]], start - lead, end - lead, inner, a["type"],
                             a.get("value", ""), anchor, entry.get("optional") is True, alts))
    return text, dct, timexes


def read_tml_file(tml: Path) -> tuple[str, str | None, list[Timex]]:
    """:func:`read_tml` on a file, merging its sidecar when there is one."""
    source = tml.read_text(encoding="utf-8")
    side = sidecar_path(tml)
    sidecar = None
    if side.is_file():
        try:
            sidecar = json.loads(side.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise TimeMLError(str(side), exc.lineno, exc.msg, "a JSON sidecar") from None
    return read_tml(source, sidecar, path=str(tml))
