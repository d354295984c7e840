"""Annotation sheets: gold written by context strings, compiled to gold JSON.

Annotators never type offsets. A sheet names every span by a *context string*
that contains the mention between ``[[`` and ``]]`` and that occurs exactly
once in the text::

    {"at": "استدعت [[إيطاليا]] الأربعاء", "type": "GPE", "ref": "italy"}

The compiler finds the context (brackets removed) in the exact stored text,
refuses it unless it occurs exactly once, and derives ``start``/``end``/``text``
from it. A long span may elide its middle with `` ... ``: ``[[الجيش السوري حرر ... البلاد]]``
runs from the first part to the nearest following occurrence of the last.
``coarse`` comes from the type table and ``parent`` from nesting (the smallest
entity strictly containing the mention), so neither is typed by hand either.
The output is a gold format 2 file that :func:`benchmark.gold.load_gold`
validates like any other; the sheet stays in the repository as the source.

Sheet fields (``sheet_version`` 1):

- top: ``doc_id``, ``annotator``, ``text_path`` (relative to the corpus root),
  ``split``, ``layers``, ``dct``, ``gold_version``, and optional ``provenance``
  and ``notes`` (free text: the judgment calls);
- ``entities``: ``{id?, at, type, ref?, optional?, alternatives?}``;
- ``timexes``: ``{id?, at, type, value, anchor?, optional?, alternatives?}``;
- ``attributions``: ``{id?, source: [at…], source_entities?: [id or at…],
  cue: [at…], content: [at…], kind, optional?}``.

An alternative is ``{at?, type?, value?}``. ``anchor`` and ``source_entities``
take ids or context strings.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark.core.inventory import COARSE_OF

SHEET_VERSION = 1
_OPEN, _CLOSE, _GAP = "[[", "]]", " ... "


class SheetError(Exception):
    """A sheet that cannot be compiled; ``problems`` lists every finding."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    text: str


def find_context(text: str, at: str) -> list[Occurrence]:
    """Every place where the context string ``at`` matches ``text``.

    ``at`` holds one ``[[…]]``; the part inside may contain `` ... `` (a gap:
    the shortest stretch of text, newlines included). The result lists the
    bracketed part's spans; a usable context yields exactly one.
    """
    if at.count(_OPEN) != 1 or at.count(_CLOSE) != 1 or at.index(_OPEN) > at.index(_CLOSE):
        raise ValueError("a context string with exactly one [[mention]]")
    before, rest = at.split(_OPEN)
    inner, after = rest.split(_CLOSE)
    if not inner.strip():
        raise ValueError("a non-empty mention between [[ and ]]")
    parts = inner.split(_GAP) if _GAP in inner else [inner]
    if any(not p for p in parts):
        raise ValueError("text on both sides of ' ... '")
    pattern = (re.escape(before) + "(" + ".*?".join(re.escape(p) for p in parts) + ")"
               + re.escape(after))
    out = []
    pos = 0
    regex = re.compile(pattern, re.DOTALL)
    while True:
        m = regex.search(text, pos)
        if m is None:
            break
        out.append(Occurrence(m.start(1), m.end(1), m.group(1)))
        pos = m.start() + 1
    return out


_WORD = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_PROCLITICS = re.compile(r"(?:[وف]?[بلك]?|[وف]?س?|ال|[وفبلك]*الـ|[وفبلك]*ـ)")


def _is_word(ch: str) -> bool:
    return bool(_WORD.match(ch))


def boundary_problem(text: str, pos: int) -> str | None:
    """Why a span boundary at ``pos`` cuts a word, or ``None`` when it does not.

    The rule: a boundary may fall inside a word only right after a run of
    proclitics (و ف ب ل ك س, e.g. ``ل|لبوكمال``, ``ب|سوريا``, ``وفقا ل|وكالة``)
    or after ``الـ`` before a number. ``الأردن|ي`` is refused: it cuts a nisba.
    """
    if pos <= 0 or pos >= len(text) or not (_is_word(text[pos - 1]) and _is_word(text[pos])):
        return None
    start = pos
    while start > 0 and _is_word(text[start - 1]):
        start -= 1
    prefix = text[start:pos]
    if _PROCLITICS.fullmatch(prefix):
        return None
    end = pos
    while end < len(text) and _is_word(text[end]):
        end += 1
    return f"a boundary between words or after a proclitic, but it cuts {text[start:end]!r} after {prefix!r}"


def span_warnings(doc: Any) -> list[str]:
    """Boundary warnings for every span of a loaded gold :class:`Document`."""
    out = []
    text = doc.text

    def check(kind: str, ident: str, start: int, end: int) -> None:
        for pos, side in ((start, "start"), (end, "end")):
            if problem := boundary_problem(text, pos):
                out.append(f"{doc.doc_id}: {kind} {ident} {text[start:end]!r} [{start}, {end}): "
                           f"{side}: expected {problem}")

    for e in doc.entities:
        check("entity", e.id, e.start, e.end)
    for t in doc.timexes:
        check("timex", t.id, t.start, t.end)
    for a in doc.attributions:
        for role in ("source", "content"):
            for s in getattr(a, role):
                check(f"attribution {role}", a.id, s.start, s.end)
    return out


def _number(items: list[dict], prefix: str) -> None:
    """Give every item without an ``id`` the next free ``<prefix>N``, in list order."""
    used = {x["id"] for x in items if x["id"]}
    n = 0
    for x in items:
        if not x["id"]:
            n += 1
            while f"{prefix}{n}" in used:
                n += 1
            x["id"] = f"{prefix}{n}"
            used.add(x["id"])


class _Compiler:
    def __init__(self, sheet: dict, text: str, label: str):
        self.sheet, self.text, self.label = sheet, text, label
        self.problems: list[str] = []

    def bad(self, where: str, msg: str) -> None:
        self.problems.append(f"{self.label}: {where}: {msg}")

    def locate(self, at: Any, where: str) -> Occurrence | None:
        if not isinstance(at, str):
            self.bad(where, f"got {at!r}; expected a context string with one [[mention]]")
            return None
        try:
            found = find_context(self.text, at)
        except ValueError as err:
            self.bad(where, f"got {at!r}; expected {err}")
            return None
        if len(found) != 1:
            hint = ("it does not occur in the text (copy it exactly; "
                    "`khabar sheet find` shows the candidates)" if not found else
                    f"it occurs {len(found)} times (at {', '.join(str(o.start) for o in found[:5])}); "
                    "lengthen the context until it is unique")
            self.bad(where, f"{at!r}: {hint}")
            return None
        return found[0]

    def alternatives(self, raw: Any, where: str, keys: tuple[str, ...]) -> list[dict]:
        out = []
        if raw is None:
            return out
        if not isinstance(raw, list):
            self.bad(where, "expected a list of alternatives")
            return out
        for i, alt in enumerate(raw):
            w = f"{where}[{i}]"
            if not isinstance(alt, dict) or not alt or any(k not in ("at", *keys) for k in alt):
                self.bad(w, f"got {alt!r}; expected an object with some of at, {', '.join(keys)}")
                continue
            item: dict[str, Any] = {}
            if "at" in alt:
                occ = self.locate(alt["at"], f"{w}.at")
                if occ is None:
                    continue
                item.update(start=occ.start, end=occ.end, text=occ.text)
            for k in keys:
                if k in alt:
                    item[k] = alt[k]
            out.append(item)
        return out

    def layer(self, name: str) -> list:
        raw = self.sheet.get(name, [])
        if not isinstance(raw, list):
            self.bad(name, "expected a list")
            return []
        return raw

    def compile(self) -> dict:
        entities = []
        for i, e in enumerate(self.layer("entities")):
            w = f"entities[{i}]"
            if not isinstance(e, dict):
                self.bad(w, "expected an object")
                continue
            extra = set(e) - {"id", "at", "type", "ref", "optional", "alternatives", "note"}
            if extra:
                self.bad(w, f"unknown field(s) {sorted(extra)}")
            occ = self.locate(e.get("at"), f"{w}.at")
            if occ is None:
                continue
            etype = e.get("type")
            if etype not in COARSE_OF:
                self.bad(f"{w}.type", f"got {etype!r}; expected a Wojood type: {', '.join(COARSE_OF)}")
                continue
            entities.append({"id": e.get("id"), "start": occ.start, "end": occ.end, "text": occ.text,
                             "type": etype, "coarse": COARSE_OF[etype], "parent": None,
                             "ref": e.get("ref"), "optional": bool(e.get("optional", False)),
                             "alternatives": self.alternatives(e.get("alternatives"),
                                                               f"{w}.alternatives", ("type",))})
        entities.sort(key=lambda x: (x["start"], -x["end"]))
        _number(entities, "e")
        # parent: the smallest entity strictly containing the mention
        for e in entities:
            best = None
            for o in entities:
                if o is e or (o["start"], o["end"]) == (e["start"], e["end"]):
                    continue
                if o["start"] <= e["start"] and e["end"] <= o["end"]:
                    if best is None or (o["end"] - o["start"]) < (best["end"] - best["start"]):
                        best = o
            e["parent"] = best["id"] if best else None

        timexes = []
        for i, t in enumerate(self.layer("timexes")):
            w = f"timexes[{i}]"
            if not isinstance(t, dict):
                self.bad(w, "expected an object")
                continue
            extra = set(t) - {"id", "at", "type", "value", "anchor", "optional", "alternatives", "note"}
            if extra:
                self.bad(w, f"unknown field(s) {sorted(extra)}")
            occ = self.locate(t.get("at"), f"{w}.at")
            if occ is None:
                continue
            timexes.append({"id": t.get("id"), "start": occ.start, "end": occ.end, "text": occ.text,
                            "type": t.get("type"), "value": t.get("value"),
                            "anchor": t.get("anchor"), "optional": bool(t.get("optional", False)),
                            "alternatives": self.alternatives(t.get("alternatives"),
                                                              f"{w}.alternatives", ("type", "value"))})
        timexes.sort(key=lambda x: (x["start"], -x["end"]))
        _number(timexes, "t")
        for t in timexes:
            if isinstance(t["anchor"], str) and _OPEN in t["anchor"]:
                occ = self.locate(t["anchor"], f"timex {t['id']}.anchor")
                match = [o for o in timexes if occ and (o["start"], o["end"]) == (occ.start, occ.end)]
                if occ and not match:
                    self.bad(f"timex {t['id']}.anchor", "the context names no timex of this sheet")
                t["anchor"] = match[0]["id"] if match else t["anchor"]

        attributions = []
        for i, a in enumerate(self.layer("attributions")):
            w = f"attributions[{i}]"
            if not isinstance(a, dict):
                self.bad(w, "expected an object")
                continue
            extra = set(a) - {"id", "source", "source_entities", "cue", "content", "kind",
                              "optional", "note"}
            if extra:
                self.bad(w, f"unknown field(s) {sorted(extra)}")
            roles: dict[str, list] = {}
            for role in ("source", "cue", "content"):
                raw = a.get(role, [])
                if isinstance(raw, str):
                    raw = [raw]
                if not isinstance(raw, list):
                    self.bad(f"{w}.{role}", "expected a list of context strings")
                    raw = []
                spans = []
                for j, at in enumerate(raw):
                    occ = self.locate(at, f"{w}.{role}[{j}]")
                    if occ:
                        spans.append({"start": occ.start, "end": occ.end, "text": occ.text})
                roles[role] = sorted(spans, key=lambda x: x["start"])
            ents = []
            for j, ref in enumerate(a.get("source_entities", []) or []):
                if isinstance(ref, str) and _OPEN in ref:
                    occ = self.locate(ref, f"{w}.source_entities[{j}]")
                    if occ is None:
                        continue
                    match = [e["id"] for e in entities if (e["start"], e["end"]) == (occ.start, occ.end)]
                    if not match:
                        self.bad(f"{w}.source_entities[{j}]", f"{ref!r} names no entity of this sheet")
                        continue
                    ents.append(match[0])
                else:
                    ents.append(ref)
            attributions.append({"id": a.get("id"), **{"source": roles["source"]},
                                 "source_entities": ents, "cue": roles["cue"],
                                 "content": roles["content"], "kind": a.get("kind"),
                                 "optional": bool(a.get("optional", False))})
        attributions.sort(key=lambda x: (x["cue"][0]["start"] if x["cue"] else -1))
        _number(attributions, "a")
        return {"entities": entities, "timexes": timexes, "attributions": attributions}


_TOP = ("sheet_version", "doc_id", "annotator", "text_path", "split", "layers", "dct",
        "gold_version", "provenance", "notes")


def compile_sheet(sheet_file: Path, root: Path, out_file: Path) -> dict:
    """The gold format 2 JSON object for one sheet (not yet written).

    Raises :class:`SheetError` with every problem found; the caller validates
    the written file with the gold checker as well.
    """
    label = str(sheet_file)
    try:
        from benchmark.core.jsonpos import strict_json_loads
        sheet = strict_json_loads(sheet_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise SheetError([f"{label}: {err}"]) from None
    if not isinstance(sheet, dict):
        raise SheetError([f"{label}: expected a JSON object"])
    missing = [k for k in ("doc_id", "text_path", "split", "layers", "dct", "gold_version")
               if k not in sheet]
    unknown = [k for k in sheet if k not in _TOP + ("entities", "timexes", "attributions")]
    if missing or unknown:
        raise SheetError([f"{label}: missing field(s) {missing}" if missing else
                          f"{label}: unknown field(s) {unknown}"])
    text_file = (root / sheet["text_path"])
    try:
        raw = text_file.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SheetError([f"{label}: text_path {sheet['text_path']!r}: {err}"]) from None
    comp = _Compiler(sheet, text, label)
    layers = comp.compile()
    if comp.problems:
        raise SheetError(comp.problems)
    provenance = dict(sheet.get("provenance") or {})
    return {
        "schema_version": 2,
        "gold_version": sheet["gold_version"],
        "doc_id": sheet["doc_id"],
        "language": "ar",
        "text_path": os.path.relpath(text_file.resolve(), out_file.parent.resolve()),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "dct": sheet["dct"],
        "split": sheet["split"],
        "layers": sheet["layers"],
        **({"provenance": provenance} if provenance else {}),
        **layers,
    }


def default_output(sheet_file: Path) -> Path:
    """``X/sheets/<doc>.json`` compiles to ``X/<doc>.json``; elsewhere beside the sheet
    as ``<doc>.gold.json``."""
    if sheet_file.parent.name == "sheets":
        return sheet_file.parent.parent / sheet_file.name
    return sheet_file.with_suffix(".gold.json")


def write_gold_json(data: dict, out_file: Path) -> None:
    """Write gold JSON atomically in the repository's layout (indent 1, UTF-8)."""
    from benchmark.core.files import write_text
    write_text(out_file, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _context(text: str, start: int, end: int, width: int = 18) -> str:
    left = text[max(0, start - width):start].replace("\n", "⏎")
    right = text[end:end + width].replace("\n", "⏎")
    return f"…{left}[[{text[start:end]}]]{right}…"


def diff_documents(a: Any, b: Any) -> list[str]:
    """Every difference between two annotations of one document (loaded gold
    :class:`Document` objects), one readable line each, for adjudication.

    Entities and timexes are paired by span; attributions by their cue spans.
    A pair that differs in type, value, ``optional``, ``ref`` or alternatives is
    listed with both readings; an item on one side only is listed as such.
    """
    text = a.text
    lines: list[str] = []

    def alts(item: Any) -> str:
        return "; ".join(
            ",".join(f"{k}={v}" for k, v in alt.to_json().items() if k != "start" and k != "end")
            for alt in item.alternatives) or "-"

    for layer, fields in (("entities", ("type", "optional", "ref")),
                          ("timexes", ("type", "value", "optional", "anchor"))):
        items_a = {(x.start, x.end): x for x in getattr(a, layer)}
        items_b = {(x.start, x.end): x for x in getattr(b, layer)}
        for span in sorted(set(items_a) | set(items_b)):
            xa, xb = items_a.get(span), items_b.get(span)
            where = f"{'entity' if layer == 'entities' else 'timex'} {_context(text, *span)}"
            if xa is None or xb is None:
                side, x = ("B only", xb) if xa is None else ("A only", xa)
                desc = ", ".join(f"{f}={getattr(x, f)}" for f in fields)
                lines.append(f"{side}: {where}: {desc}; alternatives {alts(x)}")
                continue
            diffs = [f"{f}: A={getattr(xa, f)!r} B={getattr(xb, f)!r}" for f in fields
                     if getattr(xa, f) != getattr(xb, f) and f != "ref"]
            if {e.to_json().__repr__() for e in xa.alternatives} != \
                    {e.to_json().__repr__() for e in xb.alternatives}:
                diffs.append(f"alternatives: A={alts(xa)} B={alts(xb)}")
            if diffs:
                lines.append(f"differ: {where}: " + "; ".join(diffs))

    def key(att: Any) -> tuple:
        return tuple((s.start, s.end) for s in att.cue)

    def spans(att: Any, role: str) -> str:
        return " + ".join(repr(s.text if len(s.text) < 70 else s.text[:30] + " … " + s.text[-30:])
                          for s in getattr(att, role)) or "(implicit)"

    atts_a = {key(x): x for x in a.attributions}
    atts_b = {key(x): x for x in b.attributions}
    for k in sorted(set(atts_a) | set(atts_b)):
        xa, xb = atts_a.get(k), atts_b.get(k)
        cue = (xa or xb).cue[0]
        where = f"attribution cue {_context(text, cue.start, cue.end)}"
        if xa is None or xb is None:
            side, x = ("B only", xb) if xa is None else ("A only", xa)
            lines.append(f"{side}: {where}: source {spans(x, 'source')}; content "
                         f"{spans(x, 'content')}; kind={x.kind}; optional={x.optional}")
            continue
        diffs = []
        for role in ("source", "content"):
            if [(s.start, s.end) for s in getattr(xa, role)] != \
                    [(s.start, s.end) for s in getattr(xb, role)]:
                diffs.append(f"{role}: A={spans(xa, role)} B={spans(xb, role)}")
        for f in ("kind", "optional"):
            if getattr(xa, f) != getattr(xb, f):
                diffs.append(f"{f}: A={getattr(xa, f)!r} B={getattr(xb, f)!r}")
        if diffs:
            lines.append(f"differ: {where}: " + "; ".join(diffs))
    return lines
