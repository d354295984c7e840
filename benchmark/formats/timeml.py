"""TimeML ``.tml`` (TempEval-3 layout): one file per document.

The DCT is ``<TIMEX3 tid="t0" … functionInDocument="CREATION_TIME">`` inside
``<DCT>``; the text is inline in ``<TEXT>`` with the document's TIMEX3 tags.
TimeML ids are ``t1 … tn`` in reading order; the khabar id is kept in the
non-standard attribute ``khabarId`` so a round trip restores it. ``anchor`` is
written as ``anchorTimeID`` (``t0`` for the DCT) with ``temporalFunction="true"``.
Alternatives are not representable in TimeML and are dropped (lossy).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from benchmark.documents import Timex
from benchmark.files import write_text
from benchmark.gold import GoldSet
from benchmark.inventory import DCT_ANCHOR


def document_tml(doc) -> str:  # type: ignore[no-untyped-def]
    """The ``.tml`` text of one document."""
    timexes = sorted(doc.timexes, key=lambda t: t.start)
    tid = {t.id: f"t{i}" for i, t in enumerate(timexes, 1)}
    tid[DCT_ANCHOR] = "t0"
    body, pos = [], 0
    for t in timexes:
        body.append(escape(doc.text[pos:t.start]))
        attrs = {"tid": tid[t.id], "type": t.type, "value": t.value, "khabarId": t.id}
        if t.anchor is not None:
            attrs["temporalFunction"] = "true"
            attrs["anchorTimeID"] = tid[t.anchor]
        else:
            attrs["temporalFunction"] = "false"
        if t.optional:
            attrs["optional"] = "true"
        rendered = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items())
        body.append(f"<TIMEX3 {rendered}>{escape(t.text)}</TIMEX3>")
        pos = t.end
    body.append(escape(doc.text[pos:]))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<TimeML>\n"
        f"<DOCID>{escape(doc.doc_id)}</DOCID>\n"
        f'<DCT><TIMEX3 tid="t0" type="DATE" value={quoteattr(doc.dct)} temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{escape(doc.dct)}</TIMEX3></DCT>\n'
        f"<TEXT>{''.join(body)}</TEXT>\n"
        "</TimeML>\n"
    )


def plan(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    return [out / f"{doc.doc_id}.tml" for doc in gold]


def write(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    return [write_text(out / f"{doc.doc_id}.tml", document_tml(doc)) for doc in gold]


def read_tml(source: str) -> tuple[str, str | None, list[Timex]]:
    """Parse a ``.tml``: the ``<TEXT>`` string, the DCT value and its TIMEX3s with
    offsets into that string. ``ET.ParseError`` on malformed XML."""
    root = ET.fromstring(source)
    dct_el = root.find("./DCT/TIMEX3")
    dct = dct_el.get("value") if dct_el is not None else None
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError("no <TEXT> element")
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
    text = "".join(parts)
    raw.sort(key=lambda r: r[1])
    tml_to_id = {a.get("tid", ""): a.get("khabarId") or a.get("tid", "") for a, *_ in raw}
    tml_to_id["t0"] = DCT_ANCHOR
    timexes = [
        Timex(tml_to_id[a.get("tid", "")], start, end, inner, a.get("type", "DATE"),
              a.get("value", ""), tml_to_id.get(a["anchorTimeID"], a["anchorTimeID"])
              if "anchorTimeID" in a else None, a.get("optional") == "true")
        for a, start, end, inner in raw
    ]
    return text, dct, timexes
