"""The extractor contract shared by every runner.

An extractor receives a list of bare :class:`~benchmark.core.documents.Document`
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

from benchmark.core.documents import Document

Record = dict[str, Any]

#: The values of :attr:`ExtractorInfo.label_set`.
LABEL_SETS: tuple[str, ...] = ("fine", "coarse")


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

    def __post_init__(self) -> None:
        if self.label_set not in LABEL_SETS:
            raise ValueError(f"label_set={self.label_set!r}; expected one of "
                             f"{', '.join(map(repr, LABEL_SETS))}")

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
    """A batched extractor: documents in, one record per document out.

    Required: :meth:`describe` and :meth:`predict`. Optional hooks, read by the
    harness (:mod:`benchmark.harness.run`) through the accessors below, never
    required and never trusted (a broken hook is ignored, not a crash):

    * ``progress`` — an attribute the harness sets before :meth:`predict` to a
      ``callback(done, total)`` when the extractor has one (``None`` otherwise);
      the extractor calls it as documents finish (:func:`wants_progress`);
    * ``stats`` — a dict of facts about the last :meth:`predict` (requests, cache
      hits, retries), kept with the run (:func:`run_stats`);
    * ``raw_responses`` — ``{doc_id: {task: answer text}}`` of the last
      :meth:`predict`, kept in the samples (:func:`raw_responses`);
    * ``secrets`` — strings (an API key) redacted from failure reasons
      (:func:`secrets`).

    Records may carry private keys, which are never predictions: ``_source``
    (``{"file", "line"}``: where a file runner read the record, for error
    messages), ``_invalid`` (answers a runner could not read or send, see
    :data:`RECORD_PRIVATE_KEYS`) and ``_token_tags`` (the tags a CoNLL file gave).
    """

    def describe(self) -> ExtractorInfo: ...

    def predict(self, documents: list[Document]) -> list[Record]: ...


#: The optional extractor attributes (see :class:`Extractor`).
HOOKS: tuple[str, ...] = ("progress", "stats", "raw_responses", "secrets")
#: Private record keys a runner may add (see :class:`Extractor`), with what they hold.
RECORD_PRIVATE_KEYS: dict[str, str] = {
    "_source": "{file, line}: where the record was read",
    "_invalid": "[{layer, kind: unreadable|failed, reason, raw?}]: answers not read",
    "_token_tags": "[[start, end, tag], ...] per sentence: the tags of a CoNLL file",
}


def wants_progress(extractor: Any) -> bool:
    """Whether ``extractor`` reports progress (has a ``progress`` attribute)."""
    return hasattr(extractor, "progress")


def run_stats(extractor: Any) -> dict[str, Any]:
    """A copy of ``extractor.stats`` when it is a dict, else ``{}``."""
    try:
        stats = getattr(extractor, "stats", {})
    except Exception:  # noqa: BLE001 - a broken property hides nothing
        return {}
    return dict(stats) if isinstance(stats, dict) else {}


def raw_responses(extractor: Any) -> dict[str, dict[str, str]]:
    """``extractor.raw_responses`` when it is a dict, else ``{}``."""
    try:
        raw = getattr(extractor, "raw_responses", None)
    except Exception:  # noqa: BLE001
        return {}
    return raw if isinstance(raw, dict) else {}


def secrets(extractor: Any) -> tuple[str, ...]:
    """``extractor.secrets`` as a tuple of strings (``()`` when absent or broken)."""
    try:
        return tuple(str(s) for s in (getattr(extractor, "secrets", ()) or ()))
    except Exception:  # noqa: BLE001 - a broken property hides nothing
        return ()


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
