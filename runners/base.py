"""The extractor contract shared by every runner.

An extractor receives a list of bare :class:`~benchmark.documents.Document`
(``doc_id``, ``text``, ``dct``, ``language``) and returns one *record* per
document, a plain dict::

    {"doc_id": "...",
     "entities":     [{"start", "end", "type"} | {"text", "type", "occurrence"?}],
     "timexes":      [{"start", "end", "type", "value"} | {"text", "type", "value", "occurrence"?}],
     "attributions": [{"source": [span], "cue": [span], "content": [span], "kind"}]}

A task key that is absent means "not attempted". A span is given by offsets
(``start``/``end``, code points, end-exclusive) or by its string (``text``,
optionally the 1-based ``occurrence``); khabar aligns strings to offsets.

Failures are exceptions of type :class:`ExtractorFailed` carrying the reason
(crash, timeout, malformed output); callers report them and go on with the
other extractors.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from benchmark.documents import Document

Record = dict[str, Any]


@dataclass(frozen=True)
class ExtractorInfo:
    """What goes into the results JSON and the signature about an extractor."""

    kind: str                      # "builtin", "py", "cmd", "file", "openai", "hf", "plugin"
    name: str
    version: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    prompt_hash: str | None = None  # sha256 of the prompt templates, for LLM extractors
    #: The entity types the extractor predicts: ``fine`` (Wojood's 21 types) or
    #: ``coarse`` (CoNLL's PER/ORG/LOC/MISC, e.g. an ``hf:`` model trained on CoNLL
    #: classes). A coarse extractor's NER headline is the coarse view
    #: (``tasks.ner.coarse.strict.f1``), marked as such in every table.
    label_set: str = "fine"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "name": self.name, "version": self.version,
                               "parameters": self.parameters}
        if self.prompt_hash is not None:
            out["prompt_hash"] = self.prompt_hash
        if self.label_set != "fine":
            out["label_set"] = self.label_set
        return out


class ExtractorFailed(Exception):
    """An extractor crashed, timed out or returned malformed output.

    ``records`` optionally holds what the extractor did produce before it failed
    (one record per document, the failed parts marked as ``_invalid``): khabar
    keeps them as the partial results of the failed run."""

    def __init__(self, extractor: str, reason: str, *, detail: str = "",
                 records: list[Record] | None = None):
        self.extractor, self.reason, self.detail = extractor, reason, detail
        self.records = records
        super().__init__(f"extractor {extractor!r} failed: {reason}"
                         + (f"\n{detail}" if detail else ""))


@runtime_checkable
class Extractor(Protocol):
    """A batched extractor: documents in, one record per document out."""

    def describe(self) -> ExtractorInfo: ...

    def predict(self, documents: list[Document]) -> list[Record]: ...


def document_record(doc: Document) -> Record:
    """The JSON a subprocess or endpoint receives for a document."""
    return {"doc_id": doc.doc_id, "text": doc.text, "dct": doc.dct, "language": doc.language}


def content_hash(*parts: str) -> str:
    """sha256 over the given strings (e.g. prompt templates), hex."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def stable_json(value: Any) -> str:
    """Canonical JSON used for cache keys and hashes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
