"""brat standoff: ``<doc_id>.txt`` + ``<doc_id>.ann`` per document, and an
``annotation.conf`` declaring the labels.

* entities: ``T`` lines labelled with the fine type; a note
  (``#  AnnotatorNotes``) carries ``id=… ref=… parent=…`` and, last,
  ``alternatives=<JSON>``; optional mentions get the ``Optional`` attribute;
  coreference clusters are ``*  Coref`` equivalence lines;
* TIMEX3: ``T`` lines labelled ``TIMEX3``, the type in the ``TimexType``
  attribute, and a note ``value=… anchor=… id=…`` (+ ``alternatives=``);
* attribution: ``Cue``/``Source``/``Content`` ``T`` lines (discontinuous roles
  use brat's ``start end;start end``), relations ``Source``/``Content`` from
  the cue, ``SourceEntity`` from the source to linked entity mentions, and the
  ``Kind`` attribute on the cue.

Offsets are code points, end-exclusive, as in brat itself.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from benchmark.core.documents import Alternative, Attribution, Entity, Span, Timex
from benchmark.core.files import write_text
from benchmark.gold.loader import GoldSet
from benchmark.core.inventory import ATTRIBUTION_KINDS, FINE_TYPES, TIMEX_TYPES, coarse_type

CONF = f"""[entities]
{chr(10).join(FINE_TYPES)}
TIMEX3
Cue
Source
Content

[relations]
Source\tArg1:Cue, Arg2:Source
Content\tArg1:Cue, Arg2:Content
SourceEntity\tArg1:Source, Arg2:<ENTITY>
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <ANY>
Coref\tArg1:<ENTITY>, Arg2:<ENTITY>, <EQUIV>

[events]

[attributes]
Optional\tArg:<ENTITY>
TimexType\tArg:TIMEX3, Value:{"|".join(TIMEX_TYPES)}
Kind\tArg:Cue, Value:{"|".join(ATTRIBUTION_KINDS)}
"""


def _fragments(spans: tuple[Span, ...]) -> tuple[str, str]:
    return (";".join(f"{s.start} {s.end}" for s in spans), " ".join(s.text for s in spans))


def _note(fields: dict[str, str | None], alternatives: tuple[Alternative, ...]) -> str:
    parts = [f"{k}={v}" for k, v in fields.items() if v is not None]
    if alternatives:
        parts.append("alternatives=" + json.dumps([a.to_json() for a in alternatives],
                                                  ensure_ascii=False, separators=(",", ":")))
    return " ".join(parts)


def document_ann(doc) -> str:  # type: ignore[no-untyped-def]
    """The ``.ann`` text of one document."""
    lines: list[str] = []
    counters: dict[str, int] = defaultdict(int)

    def new(prefix: str) -> str:
        counters[prefix] += 1
        return f"{prefix}{counters[prefix]}"

    tid_of: dict[str, str] = {}
    clusters: dict[str, list[str]] = defaultdict(list)
    for e in doc.entities:
        tid = tid_of[e.id] = new("T")
        lines.append(f"{tid}\t{e.type} {e.start} {e.end}\t{e.text}")
        lines.append(f"{new('#')}\tAnnotatorNotes {tid}\t"
                     + _note({"id": e.id, "ref": e.ref, "parent": e.parent}, e.alternatives))
        if e.optional:
            lines.append(f"{new('A')}\tOptional {tid}")
        if e.ref is not None:
            clusters[e.ref].append(tid)
    for t in doc.timexes:
        tid = new("T")
        lines.append(f"{tid}\tTIMEX3 {t.start} {t.end}\t{t.text}")
        lines.append(f"{new('A')}\tTimexType {tid} {t.type}")
        lines.append(f"{new('#')}\tAnnotatorNotes {tid}\t"
                     + _note({"value": t.value, "anchor": t.anchor, "id": t.id,
                              "optional": "true" if t.optional else None}, t.alternatives))
    for a in doc.attributions:
        cue = new("T")
        offsets, text = _fragments(a.cue)
        lines.append(f"{cue}\tCue {offsets}\t{text}")
        lines.append(f"{new('A')}\tKind {cue} {a.kind}")
        lines.append(f"{new('#')}\tAnnotatorNotes {cue}\t"
                     + _note({"id": a.id, "optional": "true" if a.optional else None}, ()))
        for role, spans in (("Source", a.source), ("Content", a.content)):
            if not spans:
                continue
            tid = new("T")
            offsets, text = _fragments(spans)
            lines.append(f"{tid}\t{role} {offsets}\t{text}")
            lines.append(f"{new('R')}\t{role} Arg1:{cue} Arg2:{tid}")
            if role == "Source":
                for eid in a.source_entities:
                    lines.append(f"{new('R')}\tSourceEntity Arg1:{tid} Arg2:{tid_of[eid]}")
    for ref in sorted(clusters):
        if len(clusters[ref]) > 1:
            lines.append("*\tCoref " + " ".join(clusters[ref]))
    return "\n".join(lines) + "\n"


def plan(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    paths = [out / "annotation.conf"]
    for doc in gold:
        paths += [out / f"{doc.doc_id}.txt", out / f"{doc.doc_id}.ann"]
    return paths


def write(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    written = [write_text(out / "annotation.conf", CONF)]
    for doc in gold:
        written.append(write_text(out / f"{doc.doc_id}.txt", doc.text))
        written.append(write_text(out / f"{doc.doc_id}.ann", document_ann(doc)))
    return written


# -- reading ---------------------------------------------------------------------------

class BratError(ValueError):
    """A malformed ``.ann`` line: ``line`` (1-based), what was ``found`` and what
    was ``expected``."""

    def __init__(self, path: str, line: int, content: str, expected: str):
        self.path, self.line, self.found, self.expected = path, line, content, expected
        super().__init__(f"{path}:{line}: got {content!r}; expected {expected}")


_T_LINE = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")


def _note_fields(note: str) -> tuple[dict[str, str], tuple[Alternative, ...]]:
    alts: tuple[Alternative, ...] = ()
    if " alternatives=" in f" {note}":
        note, _, raw = f" {note}".partition(" alternatives=")
        alts = tuple(Alternative(**a) for a in json.loads(raw))
    fields = dict(part.split("=", 1) for part in note.split() if "=" in part)
    return fields, alts


#: ``T`` labels that are not entities.
NON_ENTITY_LABELS = frozenset({"TIMEX3", "Cue", "Source", "Content"})


def read_ann(text: str, ann: str, path: str = "<ann>", *,
             entity_label: Callable[[str], str] | None = None) -> dict[str, list]:
    """Parse a ``.ann`` against its text into ``entities``, ``timexes`` and
    ``attributions`` (khabar value types). Every span is checked against ``text``:
    its offsets must lie in the text, and the text field of its ``T`` line must
    equal the document text at those offsets (fragments of a discontinuous span
    joined by one space, as brat writes them); a mismatch is refused with the
    file, line, offsets, expected and found text.

    ``entity_label`` maps the label of any other ``T`` line to an entity type
    (prediction files: CoNLL habits such as ``PER`` or ``MISC``); without it only
    fine types are entities."""
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    notes: dict[str, str] = {}
    attrs: dict[str, dict[str, str]] = defaultdict(dict)
    relations: list[tuple[str, str, str]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("T"):
            m = _T_LINE.fullmatch(line)
            if m is None:
                raise BratError(path, lineno, line, "'T<n>\\tLABEL START END\\tTEXT'")
            tid, label, offsets, found = m.groups()
            frags = []
            for frag in offsets.split(";"):
                start, end = map(int, frag.split())
                if not 0 <= start < end <= len(text):
                    raise BratError(path, lineno, line,
                                    f"offsets with 0 <= start < end <= {len(text)}")
                frags.append(Span(start, end, text[start:end]))
            expected = " ".join(f.text for f in frags)
            if found != expected:
                raise BratError(path, lineno, found,
                                f"the document text at offsets {offsets}: {expected!r}")
            spans[tid] = (label, tuple(frags))
        elif line.startswith("#"):
            parts = line.split("\t")
            if len(parts) != 3 or not parts[1].startswith("AnnotatorNotes "):
                raise BratError(path, lineno, line, "'#<n>\\tAnnotatorNotes T<n>\\tNOTE'")
            notes[parts[1].split()[1]] = parts[2]
        elif line.startswith("A"):
            parts = line.split("\t")[1].split()
            attrs[parts[1]][parts[0]] = parts[2] if len(parts) > 2 else "true"
        elif line.startswith("R"):
            parts = line.split("\t")[1].split()
            relations.append((parts[0], parts[1].split(":", 1)[1], parts[2].split(":", 1)[1]))
        elif line.startswith("*") or line.startswith("E") or line.startswith("N"):
            continue
        else:
            raise BratError(path, lineno, line, "a T, R, A, #, *, E or N line")

    entities, timexes, attributions = [], [], []
    tid_to_id: dict[str, str] = {}
    for tid, (label, frags) in spans.items():
        fields, alts = _note_fields(notes.get(tid, ""))
        if label in FINE_TYPES or (entity_label is not None
                                   and label not in NON_ENTITY_LABELS):
            etype = label if entity_label is None else entity_label(label)
            eid = fields.get("id", tid)
            tid_to_id[tid] = eid
            entities.append(Entity(eid, frags[0].start, frags[-1].end,
                                   text[frags[0].start:frags[-1].end], etype,
                                   coarse_type(etype) if etype in FINE_TYPES else etype,
                                   fields.get("parent"), fields.get("ref"),
                                   attrs[tid].get("Optional") == "true", alts))
        elif label == "TIMEX3":
            timexes.append(Timex(fields.get("id", tid), frags[0].start, frags[-1].end,
                                 text[frags[0].start:frags[-1].end],
                                 attrs[tid].get("TimexType", "DATE"), fields.get("value", ""),
                                 fields.get("anchor"), fields.get("optional") == "true", alts))
    for tid, (label, frags) in spans.items():
        if label != "Cue":
            continue
        fields, _ = _note_fields(notes.get(tid, ""))
        roles: dict[str, tuple[Span, ...]] = {"Source": (), "Content": ()}
        source_tid = None
        for rel, arg1, arg2 in relations:
            if arg1 == tid and rel in roles:
                roles[rel] = spans[arg2][1]
                if rel == "Source":
                    source_tid = arg2
        linked = tuple(tid_to_id[a2] for rel, a1, a2 in relations
                       if rel == "SourceEntity" and a1 == source_tid)
        attributions.append(Attribution(fields.get("id", tid), roles["Source"], frags,
                                        roles["Content"], attrs[tid].get("Kind", "indirect"),
                                        linked, fields.get("optional") == "true"))
    return {"entities": entities, "timexes": timexes, "attributions": attributions}
