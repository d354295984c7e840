"""Token files (Wojood, CoNLL): reading, the text reconstruction, IOB chunking and
the way back to tags.

The text reconstruction (docs/import.md): a document's text is its sentences
joined by ``\\n``, each sentence its tokens joined by one space, and a final
``\\n``. Token *k* of a sentence therefore starts right after the space that
follows token *k-1*; offsets are code points. :func:`token_offsets` recovers the
tokens from such a text (split on ``\\n`` and on ``" "`` only), so
:func:`document_tags` turns imported gold back into exactly the tags it came
from.

A source line is ``TOKEN TAG …``: fields separated by spaces or tabs, a blank
line ending a sentence, a ``-DOCSTART-`` first field starting a document. Line
ends may be ``\\r\\n``; a leading byte-order mark is dropped. Only ``\\n`` ends a
line (a token may hold U+2028 or U+0085, which ``str.splitlines`` would split).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmark.importers import (Imported, LabelMapper, Options, RawEntity, Report,
                                 build_entities, read_utf8, safe_id)

DOCSTART = "-DOCSTART-"
_TAG = re.compile(r"([BI])-(\S+)")


@dataclass
class TokenLine:
    token: str
    tags: list[str]
    line: int


@dataclass
class TokenDoc:
    sentences: list[list[TokenLine]] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return self.sentences[0][0].line

    @property
    def last_line(self) -> int:
        return self.sentences[-1][-1].line


def read_token_lines(path: Path, text: str, *, last_column_only: bool, report: Report
                     ) -> list[TokenDoc]:
    """The documents (``-DOCSTART-`` sections; one if there is none) of a token
    file, as sentences of token lines. Empty documents are dropped."""
    docs: list[TokenDoc] = [TokenDoc()]
    sentence: list[TokenLine] = []

    def end_sentence() -> None:
        nonlocal sentence
        if sentence:
            docs[-1].sentences.append(sentence)
        sentence = []

    for lineno, line in enumerate(text.split("\n"), 1):
        stripped = line.strip(" \t\r")
        if not stripped:
            end_sentence()
            continue
        fields = [f for f in stripped.replace("\t", " ").split(" ") if f]
        if fields[0] == DOCSTART:
            end_sentence()
            docs.append(TokenDoc())
            continue
        if len(fields) < 2:
            report.bad(path, lineno, f"{stripped!r}: expected TOKEN TAG (a token, then its "
                                     f"tag{'' if last_column_only else 's'}, separated by "
                                     f"spaces or tabs)")
            continue
        tags = fields[-1:] if last_column_only else fields[1:]
        sentence.append(TokenLine(fields[0], tags, lineno))
    end_sentence()
    return [d for d in docs if d.sentences]


def split_docs(docs: list[TokenDoc], doc_size: int | None) -> list[TokenDoc]:
    """``--doc-size N``: cut every document into documents of N sentences."""
    if not doc_size:
        return docs
    out = []
    for d in docs:
        for i in range(0, len(d.sentences), doc_size):
            out.append(TokenDoc(d.sentences[i:i + doc_size]))
    return out


def reconstruct(sentences: Sequence[Sequence[TokenLine]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """The document text and, per sentence, each token's ``(start, end)``."""
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for sentence in sentences:
        row = []
        for k, tok in enumerate(sentence):
            if k:
                pos += 1
            row.append((pos, pos + len(tok.token)))
            pos += len(tok.token)
        offsets.append(row)
        pos += 1
    text = "".join(" ".join(t.token for t in s) + "\n" for s in sentences)
    return text, offsets


def token_offsets(text: str) -> list[list[tuple[int, int]]]:
    """The inverse of :func:`reconstruct`: per line, each token's offsets."""
    out: list[list[tuple[int, int]]] = []
    pos = 0
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        row = []
        for tok in line.split(" "):
            row.append((pos, pos + len(tok)))
            pos += len(tok) + 1
        out.append(row)
    return out


@dataclass
class _Open:
    label: str
    first: int        # token index in the sentence
    line: int


def chunk_sentence(sentence: Sequence[TokenLine], path: Path, report: Report, *,
                   scheme: str = "iob2") -> list[tuple[int, int, str, int]]:
    """Chunks ``(first token, last token + 1, label, line of the B- tag)``.

    IOB2 with any number of tags per token (Wojood): ``B-X`` opens an ``X``
    chunk; the *n* ``I-X`` tags of a token continue the *n* outermost open ``X``
    chunks (an inner chunk must end first), the other open chunks end before
    the token. Problems (with the line): a tag that is not ``O``/``B-X``/``I-X``
    and an ``I-X`` with no open ``X`` chunk (an unclosed tag). Crossing chunks
    are found, with both lines, by :func:`benchmark.importers.build_entities`.
    ``scheme="iob1"`` (flat files only): an ``I-X`` with no open ``X`` chunk
    opens one, and ``B-X`` only separates two adjacent ``X`` chunks.
    """
    chunks: list[tuple[int, int, str, int]] = []
    open_: list[_Open] = []
    for i, tok in enumerate(sentence):
        if not open_ and tok.tags == ["O"]:          # the common case: nothing to do
            continue
        parsed: list[tuple[str, str]] = []
        for tag in tok.tags:
            if tag == "O":
                continue
            m = _TAG.fullmatch(tag)
            if m is None:
                report.bad(path, tok.line, f"tag {tag!r} of {tok.token!r}: expected O, B-TYPE "
                                           f"or I-TYPE (IOB2)")
                continue
            parsed.append((m.group(1), m.group(2)))
        wanted: dict[str, int] = {}
        for prefix, label in parsed:
            if prefix == "I":
                wanted[label] = wanted.get(label, 0) + 1
        continuing: list[_Open] = []
        orphans: list[str] = []
        for label, n in wanted.items():
            candidates = [c for c in open_ if c.label == label]
            continuing += candidates[:n]
            orphans += [label] * max(0, n - len(candidates))
        closing = [c for c in open_ if not any(c is k for k in continuing)]
        for c in closing:
            chunks.append((c.first, i, c.label, c.line))
        open_ = [c for c in open_ if any(c is k for k in continuing)]
        for label in orphans:
            if scheme == "iob1":
                open_.append(_Open(label, i, tok.line))
            else:
                report.bad(path, tok.line, f"I-{label} on {tok.token!r} continues no {label} "
                                           f"chunk (no B-{label} before it in the sentence): "
                                           f"an unclosed tag")
        for prefix, label in parsed:
            if prefix == "B":
                open_.append(_Open(label, i, tok.line))
    for c in open_:
        chunks.append((c.first, len(sentence), c.label, c.line))
    chunks.sort(key=lambda c: (c[0], -c[1]))
    return chunks


def import_token_file(path: Path, options: Options, report: Report, mapper: LabelMapper, *,
                      flat: bool) -> list[Imported]:
    """The documents of one token file (see the module docstring)."""
    text = read_utf8(path, report)
    if text is None:
        return []
    docs = split_docs(read_token_lines(path, text, last_column_only=flat, report=report),
                      options.doc_size)
    out = []
    for n, tdoc in enumerate(docs, 1):
        doc_text, offsets = reconstruct(tdoc.sentences)
        raws: list[RawEntity] = []
        for sentence, toks in zip(tdoc.sentences, offsets):
            for first, last, label, line in chunk_sentence(sentence, path, report,
                                                           scheme=options.scheme):
                expected = " ".join(t.token for t in sentence[first:last])
                raws.append(RawEntity(toks[first][0], toks[last - 1][1], label, line,
                                      expected))
        entities = build_entities(doc_text, raws, mapper, report, path)
        out.append(Imported(
            doc_id=f"{safe_id(path.stem)}-{n}", text=doc_text, source=path,
            layers=("entities",), entities=entities, dct=options.dct,
            dct_reason=(f"given with --dct: {options.fmt} files record no document creation "
                        f"time") if options.dct else None,
            line=tdoc.first_line, docno=f"{path.name}:{tdoc.first_line}-{tdoc.last_line}",
            meta={"lines": [tdoc.first_line, tdoc.last_line],
                  "sentences": len(tdoc.sentences)}))
    return out


def document_tags(doc, labels: dict[str, str] | None = None, *,  # type: ignore[no-untyped-def]
                  flat: bool = False, scheme: str = "iob2") -> list[list[tuple[str, list[str]]]]:
    """Imported gold back to tags: per sentence, ``(token, tags)`` with the tags of
    every entity over the token, outermost first (``["O"]`` for none).
    ``labels`` maps a fine type back to the source label (default: itself);
    ``flat`` refuses nesting (``ValueError``); ``scheme="iob1"`` writes ``B-``
    only where a chunk directly follows another of its type."""
    labels = labels or {}
    ents = sorted(enumerate(doc.entities), key=lambda p: (p[1].start, -p[1].end, p[0]))
    rows = []
    prev_end: dict[str, int] = {}
    for line in token_offsets(doc.text):
        row = []
        prev_end = {}
        for a, b in line:
            over = [e for _, e in ents if e.start <= a and b <= e.end]
            if flat and len(over) > 1:
                raise ValueError(f"{doc.doc_id}: nested entities at [{a}, {b}) cannot be "
                                 f"written as flat IOB")
            tags = []
            for e in over:
                label = labels.get(e.type, e.type)
                if e.start != a:
                    tags.append(f"I-{label}")
                elif scheme == "iob1" and prev_end.get(label) == a - 1:
                    tags.append(f"B-{label}")
                else:
                    tags.append(f"I-{label}" if scheme == "iob1" else f"B-{label}")
                if e.end == b:
                    prev_end[label] = b
            for label in [k for k, v in prev_end.items() if v < a - 1]:
                del prev_end[label]
            row.append((doc.text[a:b], tags or ["O"]))
        rows.append(row)
    return rows
