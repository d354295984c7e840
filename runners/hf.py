"""``hf:PATH``: a local transformers token-classification model used for NER.

The directory is what ``save_pretrained`` writes (``config.json``, weights and
tokenizer files). Nothing is ever downloaded: ``HF_HUB_OFFLINE=1`` and
``TRANSFORMERS_OFFLINE=1`` are set before transformers is imported and every
load uses ``local_files_only=True``. ``transformers`` and ``torch`` (the ``hf``
extra) are imported only when a model is loaded, never by importing this module.

Rules:

* **Long texts.** The tokenizer's ``model_max_length`` is set to the runner's
  (default 512; a locally built tokenizer says 1e30). Every document is cut into
  windows of at most that many tokens that overlap by ``stride`` tokens, and the
  transformers pipeline merges the entities of overlapping windows (the longer,
  then the higher-scoring one wins). A fast tokenizer is required: offsets come
  from its offset mapping.
* **Offsets.** Entities are Python code-point offsets into ``doc.text``,
  half-open. Each predicted span is checked to lie inside the text, stripped of
  surrounding whitespace, and extended over combining marks (harakat) that
  follow its last character, so a span never cuts a letter from its diacritics.
  Spans left empty are dropped and counted in :attr:`HFTokenClassifierExtractor.stats`.
* **Labels.** A model label loses its tagging prefix (``B-``, ``I-``, ``E-``,
  ``S-``, ``L-``, ``U-``, with ``-`` or ``_``) and the tag maps to a khabar fine
  type: first through the user's ``label_map`` (keys are full labels or tags),
  then through :data:`DEFAULT_LABEL_MAP`. A tag mapped to ``None`` is dropped.
  A model label that maps nowhere, or two labels of one tag (``B-X``, ``I-X``)
  mapped to different types, is an error at construction that lists them.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmark.core.documents import Document
from benchmark.core.inventory import FINE_TYPES
from benchmark.core.labels import CONLL_TAGS as _CONLL_TAGS
from benchmark.core.labels import ENTITY_TYPE_ALIASES, label_key, label_set_of
from runners.base import LABEL_SETS, ExtractorFailed, ExtractorInfo, Record

#: Tag (upper case, prefix removed) → khabar fine type; ``None``: dropped. The
#: table every runner shares (:data:`benchmark.core.labels.ENTITY_TYPE_ALIASES`):
#: Wojood tags are the fine types themselves; CoNLL/ANERcorp/WikiANN and
#: OntoNotes names are mapped to their Wojood counterpart. ``MISC`` (CoNLL) and
#: ``WORK_OF_ART`` (OntoNotes) have no single fine type and are dropped unless
#: ``label_map`` says otherwise (e.g. ``MISC=NORP``) — or, for a model whose
#: labels are CoNLL's classes only, kept as ``MISC`` (see :data:`CONLL_TAGS`).
DEFAULT_LABEL_MAP: dict[str, str | None] = ENTITY_TYPE_ALIASES

#: The outside label; never an entity.
OUTSIDE = "O"

#: Tags of CoNLL's four classes (and ANERcorp's ``PERS``). A model whose tags
#: are all among them, ``LOC`` or ``MISC`` included, predicts at CoNLL
#: granularity: its ``label_set`` is ``coarse`` (:attr:`HFTokenClassifierExtractor.label_set`),
#: ``MISC`` is kept as the CoNLL class ``MISC`` (unless ``label_map`` maps it) and its
#: NER headline is the coarse view, where ``LOC`` is right for a gold GPE, LOC or FAC.
CONLL_TAGS: frozenset[str] = _CONLL_TAGS   # benchmark.core.labels: one rule for hf: and file:

_PREFIX = re.compile(r"^([BIESLU])[-_](.+)$", re.IGNORECASE)
_BEGIN_PREFIXES = frozenset("BSU")
_WEIGHT_PATTERNS = ("*.safetensors", "pytorch_model*.bin", "*.safetensors.index.json",
                    "pytorch_model.bin.index.json")
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "vocab.json",
                    "sentencepiece.bpe.model", "spiece.model", "tokenizer.model")
_AGGREGATIONS = ("simple", "first", "average", "max")


class HFModelError(ValueError):
    """A model directory or runner option that cannot work; the message says why."""


def split_label(label: str) -> tuple[str | None, str]:
    """``"B-PER"`` → ``("B", "PER")``, ``"LOC"`` → ``(None, "LOC")``: prefix and tag."""
    m = _PREFIX.match(label)
    return (m.group(1).upper(), m.group(2)) if m else (None, label)


def map_label(label: str, label_map: Mapping[str, str | None] | None = None) -> str | None:
    """The khabar fine type of a model label, or ``None`` when it is dropped.

    Lookup order: the full label in ``label_map``, its tag in ``label_map``, then
    the tag (case-insensitive) in :data:`DEFAULT_LABEL_MAP`. ``KeyError`` when
    the label maps nowhere; ``None`` for the outside label ``O``.
    """
    if label.upper() == OUTSIDE:
        return None
    _, tag = split_label(label)
    user = {k.upper(): v for k, v in (label_map or {}).items()}
    for key in (label.upper(), tag.upper()):
        if key in user:
            return user[key]
    return DEFAULT_LABEL_MAP[label_key(tag)]


def parse_label_map(spec: str | os.PathLike[str]) -> dict[str, str | None]:
    """Read ``--label-map``: a JSON file ``{"LABEL": "TYPE" | null}`` or ``"A=B,C=D"``.

    A value of ``O``, an empty value (``MISC=``) or JSON ``null`` drops the label.
    Values must be khabar fine types; ``HFModelError`` names what is wrong.
    """
    text = os.fspath(spec)
    path = Path(text)
    if text.endswith(".json") or path.is_file():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise HFModelError(f"--label-map: file {text!r} does not exist") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HFModelError(f"--label-map: cannot read {text!r} as JSON: {exc}") from None
        if not isinstance(raw, dict) or not all(
                isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in raw.items()):
            raise HFModelError(f"--label-map: {text!r} must hold a JSON object "
                               '{"MODEL_LABEL": "KHABAR_TYPE" or null}')
        pairs = list(raw.items())
    else:
        pairs = []
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise HFModelError(f"--label-map: {item!r} is not LABEL=TYPE "
                                   "(expected a JSON file or A=B,C=D)")
            pairs.append((key.strip(), value.strip()))
    return _check_label_map(dict(pairs), source="--label-map")


def _check_label_map(label_map: Mapping[str, Any], *, source: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for key, value in label_map.items():
        if value is None or value in ("", OUTSIDE):
            out[key] = None
        elif value in FINE_TYPES:
            out[key] = value
        else:
            raise HFModelError(f"{source}: {key}={value!r} is not a khabar fine type; expected "
                               f"one of {', '.join(FINE_TYPES)}, or O / empty to drop the label")
    return out


def _read_config(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise HFModelError(f"hf:{path}: no such directory; expected a local model directory "
                           "written by save_pretrained (config.json, weights, tokenizer files)")
    if not path.is_dir():
        raise HFModelError(f"hf:{path}: not a directory; expected a local model directory "
                           "written by save_pretrained")
    config_file = path / "config.json"
    if not config_file.is_file():
        raise HFModelError(f"hf:{path}: no config.json; expected a transformers model directory "
                           "(save_pretrained output or a downloaded snapshot)")
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HFModelError(f"hf:{config_file}: cannot read it as JSON: {exc}") from None
    id2label = config.get("id2label") if isinstance(config, dict) else None
    if not isinstance(id2label, dict) or not id2label:
        raise HFModelError(f"hf:{config_file}: no id2label; expected a token-classification "
                           "model whose config names its labels")
    if not all(isinstance(k, str) and k.isdigit() and isinstance(v, str)
               for k, v in id2label.items()):
        raise HFModelError(f"hf:{config_file}: id2label must map label ids (\"0\", \"1\", ...) "
                           f"to label names; got {id2label!r}")
    if not any(next(path.glob(p), None) for p in _WEIGHT_PATTERNS):
        raise HFModelError(f"hf:{path}: no weights; expected model.safetensors or "
                           "pytorch_model.bin (or a sharded index)")
    if not any((path / name).is_file() for name in _TOKENIZER_FILES):
        raise HFModelError(f"hf:{path}: no tokenizer files; expected tokenizer.json or the "
                           "files tokenizer.save_pretrained writes")
    return config


def _model_name(path: Path) -> tuple[str, str | None]:
    """Display name and commit: ``org/name`` + commit for a hub-cache snapshot."""
    resolved = path.resolve()
    if resolved.parent.name == "snapshots" and resolved.parent.parent.name.startswith("models--"):
        return resolved.parent.parent.name[len("models--"):].replace("--", "/"), resolved.name
    head = resolved / ".git" / "HEAD"
    commit = None
    with contextlib.suppress(OSError):
        ref = head.read_text(encoding="utf-8").strip()
        if ref.startswith("ref: "):
            ref = (resolved / ".git" / ref[5:]).read_text(encoding="utf-8").strip()
        commit = ref or None
    return resolved.name, commit


def _fingerprint(path: Path) -> str:
    """sha256 over the names and bytes of config, tokenizer and weight files."""
    files = {path / "config.json", *(path / n for n in _TOKENIZER_FILES if (path / n).is_file())}
    files |= {p for pattern in _WEIGHT_PATTERNS for p in path.glob(pattern)}
    files |= {p for p in (path / "special_tokens_map.json", path / "merges.txt") if p.is_file()}
    h = hashlib.sha256()
    for file in sorted(files):
        h.update(file.name.encode("utf-8") + b"\0")
        with file.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")
    return h.hexdigest()


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: sys.modules[module] is None
        return False


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "missing"


@contextlib.contextmanager
def _quiet_progress() -> Iterator[None]:
    """Hide transformers/hub progress bars while loading (library code does not print)."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def _pipeline_class() -> type:
    """TokenClassificationPipeline that also groups BIOES/BILOU and ``_`` prefixes."""
    from transformers import TokenClassificationPipeline

    class _Pipeline(TokenClassificationPipeline):
        def get_tag(self, entity_name: str) -> tuple[str, str]:
            prefix, tag = split_label(entity_name)
            return ("B" if prefix in _BEGIN_PREFIXES else "I"), tag

    return _Pipeline


#: keyword options ``make_extractor("hf:…", **options)`` passes through.
OPTIONS: frozenset[str] = frozenset({"aggregation_strategy", "stride", "model_max_length",
                                     "label_map", "device", "batch_size", "label_set"})


class HFTokenClassifierExtractor:
    """NER with a local transformers token-classification model (``hf:PATH``).

    Construction reads ``config.json`` only and fails fast (``HFModelError``) on a
    missing directory, missing files, bad options or unmapped labels; the model
    is loaded on the first :meth:`predict`. Inference errors become
    :class:`~runners.base.ExtractorFailed`.
    """

    def __init__(self, path: str | os.PathLike[str], *, aggregation_strategy: str = "simple",
                 stride: int = 128, model_max_length: int = 512,
                 label_map: Mapping[str, str | None] | str | os.PathLike[str] | None = None,
                 device: str = "cpu", batch_size: int = 8, label_set: str | None = None):
        self.path = Path(path)
        self.config = _read_config(self.path)
        if aggregation_strategy not in _AGGREGATIONS:
            raise HFModelError(f"hf:{self.path}: aggregation_strategy={aggregation_strategy!r}; "
                               f"expected one of {', '.join(_AGGREGATIONS)}")
        limit = self.config.get("max_position_embeddings")
        if isinstance(limit, int) and model_max_length > limit:
            raise HFModelError(f"hf:{self.path}: model_max_length={model_max_length} exceeds the "
                               f"model's max_position_embeddings={limit}")
        if model_max_length < 8:
            raise HFModelError(f"hf:{self.path}: model_max_length={model_max_length}; expected >= 8")
        # Windows hold model_max_length minus the special tokens (at most 4 for
        # common models); the overlap must leave room for new tokens.
        if not 0 <= stride <= (model_max_length - 4) // 2:
            raise HFModelError(f"hf:{self.path}: stride={stride}; expected 0 <= stride <= "
                               f"{(model_max_length - 4) // 2} (half a window of "
                               f"model_max_length={model_max_length})")
        if batch_size < 1:
            raise HFModelError(f"hf:{self.path}: batch_size={batch_size}; expected >= 1")
        if isinstance(label_map, (str, os.PathLike)):
            label_map = parse_label_map(label_map)
        self.user_label_map = _check_label_map(label_map or {}, source=f"hf:{self.path} label_map")
        self.aggregation_strategy, self.stride = aggregation_strategy, stride
        self.model_max_length, self.device, self.batch_size = model_max_length, device, batch_size
        self.labels = [str(v) for _, v in sorted(self.config["id2label"].items(),
                                                 key=lambda kv: int(kv[0]))]
        if label_set is not None and label_set not in LABEL_SETS:
            raise HFModelError(f"hf:{self.path}: label_set={label_set!r}; expected one of "
                               f"{', '.join(LABEL_SETS)} (or none: from the model's labels)")
        #: ``coarse`` for a model with CoNLL's classes only (see :data:`CONLL_TAGS`).
        self.label_set = label_set or self._detect_label_set()
        self.label_types = self._resolve_labels()
        #: ``progress(done, total)`` after each batch of documents (set by khabar).
        self.progress: Any = None
        self.name, self.commit = _model_name(self.path)
        missing = [m for m in ("torch", "transformers") if not _installed(m)]
        if missing:
            raise HFModelError(f"hf:{self.path}: the hf runner needs {' and '.join(missing)}: "
                               "pip install 'khabar-bench[hf]'")
        #: Counts from the last :meth:`predict`: ``entities`` kept and
        #: ``dropped_empty`` spans (whitespace only). Dropped labels never reach
        #: us: the pipeline ignores them before merging windows.
        self.stats: Counter[str] = Counter()
        self._pipe: Any = None
        self._info: ExtractorInfo | None = None

    def _detect_label_set(self) -> str:
        return label_set_of(split_label(lab)[1] for lab in self.labels if lab.upper() != OUTSIDE)

    def _resolve_labels(self) -> dict[str, str | None]:
        out, unknown = {}, []
        user = {k.upper() for k in self.user_label_map}
        for label in self.labels:
            if label.upper() == OUTSIDE:
                continue
            try:
                out[label] = map_label(label, self.user_label_map)
            except KeyError:
                unknown.append(label)
                continue
            tag = split_label(label)[1]
            if (self.label_set == "coarse" and out[label] is None and label_key(tag) == "MISC"
                    and label.upper() not in user and tag.upper() not in user):
                out[label] = "MISC"             # the CoNLL class itself, scored coarse
        by_tag: dict[str, set[str | None]] = {}
        for label, fine in out.items():
            by_tag.setdefault(split_label(label)[1].upper(), set()).add(fine)
        clash = sorted(tag for tag, types in by_tag.items() if len(types) > 1)
        if clash:
            raise HFModelError(
                f"hf:{self.path}: label_map gives the labels of tag(s) {', '.join(clash)} "
                "different types; expected one type per tag (the pipeline groups B-/I- tokens "
                "of a tag into one entity)")
        if unknown and all(re.fullmatch(r"LABEL_\d+", lab) for lab in unknown):
            raise HFModelError(
                f"hf:{self.path}: labels {', '.join(unknown)} are transformers' placeholders; "
                "expected a fine-tuned token-classification model whose config.json names its "
                "labels (id2label)")
        if unknown:
            raise HFModelError(
                f"hf:{self.path}: model labels with no khabar type: {', '.join(unknown)}; "
                f"map them with --label-map LABEL=TYPE (TYPE one of {', '.join(FINE_TYPES)}, "
                "or O to drop)")
        return out

    def describe(self) -> ExtractorInfo:
        """Kind ``hf``; version = transformers, torch and the model files' sha256."""
        if self._info is None:
            digest = _fingerprint(self.path)
            version = (f"transformers:{_version('transformers')}|torch:{_version('torch')}"
                       f"|model:sha256={digest[:12]}"
                       + (f"|commit:{self.commit}" if self.commit else ""))
            params = {
                "path": os.fspath(self.path), "aggregation_strategy": self.aggregation_strategy,
                "stride": self.stride, "model_max_length": self.model_max_length,
                "device": self.device, "batch_size": self.batch_size,
                "label_map": dict(sorted(self.label_types.items())),
                "user_label_map": dict(sorted(self.user_label_map.items())),
                "model_sha256": digest, "commit": self.commit,
            }
            if self.label_set != "fine":
                params["label_set"] = self.label_set
            self._info = ExtractorInfo("hf", self.name, version, params,
                                       label_set=self.label_set)
        return self._info

    def _load(self) -> Any:
        if self._pipe is not None:
            return self._pipe
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            import torch  # noqa: F401
            import transformers
        except ImportError as exc:
            raise HFModelError("hf: runner needs the hf extra: pip install 'khabar-bench[hf]' "
                               f"({exc})") from None
        where = os.fspath(self.path)
        try:
            with _quiet_progress():
                tokenizer = transformers.AutoTokenizer.from_pretrained(
                    where, local_files_only=True, trust_remote_code=False)
                model = transformers.AutoModelForTokenClassification.from_pretrained(
                    where, local_files_only=True, trust_remote_code=False)
        except Exception as exc:  # noqa: BLE001 - any load failure is reported, not raised raw
            raise ExtractorFailed(f"hf:{where}", "cannot load the model",
                                  detail=f"{type(exc).__name__}: {exc}") from exc
        if not tokenizer.is_fast:
            raise ExtractorFailed(f"hf:{where}", "needs a fast tokenizer (tokenizer.json): "
                                  "offsets and long-text windows come from its offset mapping")
        tokenizer.model_max_length = self.model_max_length
        model.eval()
        dropped = [OUTSIDE, *(lab for lab in self.labels if lab.upper() == OUTSIDE),
                   *(lab for lab, t in self.label_types.items() if t is None)]
        # The pipeline names a group by the text after the first "-"; drop those too.
        ignore = sorted({*dropped, *(lab.split("-", 1)[-1] for lab in dropped)})
        try:
            self._pipe = transformers.pipeline(
                "token-classification", model=model, tokenizer=tokenizer, device=self.device,
                aggregation_strategy=self.aggregation_strategy, stride=self.stride,
                ignore_labels=ignore, pipeline_class=_pipeline_class())
        except Exception as exc:  # noqa: BLE001
            raise ExtractorFailed(f"hf:{where}", "cannot build the pipeline",
                                  detail=f"{type(exc).__name__}: {exc}") from exc
        return self._pipe

    def predict(self, documents: list[Document]) -> list[Record]:
        """One ``{"doc_id", "entities"}`` record per document, offsets verified."""
        pipe = self._load()
        self.stats = Counter()
        texts = [doc.text for doc in documents]
        outputs: list[Any] = []
        report = self.progress if callable(self.progress) else None
        if report is not None:
            report(0, len(texts))
        try:
            # batch by batch (the same batches as one call), to report progress
            for i in range(0, len(texts), self.batch_size):
                outputs += pipe(texts[i:i + self.batch_size], batch_size=self.batch_size)
                if report is not None:
                    report(len(outputs), len(texts))
        except Exception as exc:  # noqa: BLE001
            raise ExtractorFailed(f"hf:{self.path}", "inference failed",
                                  detail=f"{type(exc).__name__}: {exc}") from exc
        if len(outputs) != len(documents):
            raise ExtractorFailed(f"hf:{self.path}", f"pipeline returned {len(outputs)} results "
                                  f"for {len(documents)} documents")
        return [{"doc_id": doc.doc_id, "entities": self._entities(doc, found)}
                for doc, found in zip(documents, outputs)]

    def _entities(self, doc: Document, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        text, out, seen = doc.text, [], set()
        for item in found:
            group = str(item.get("entity_group", item.get("entity", "")))
            fine = self._type_of(group)
            if fine is None:
                continue
            start, end = item.get("start"), item.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
                raise ExtractorFailed(f"hf:{self.path}", f"document {doc.doc_id!r}: offsets "
                                      f"[{start}, {end}) outside the text (length {len(text)})")
            span = _clean_span(text, start, end)
            if span is None:
                self.stats["dropped_empty"] += 1
                continue
            key = (*span, fine)
            if key not in seen:
                seen.add(key)
                out.append({"start": span[0], "end": span[1], "type": fine})
                self.stats["entities"] += 1
        out.sort(key=lambda e: (e["start"], e["end"], e["type"]))
        return out

    def _type_of(self, group: str) -> str | None:
        if group in self.label_types:
            return self.label_types[group]
        for label, fine in self.label_types.items():  # the pipeline strips the prefix
            if split_label(label)[1] == group or label.split("-", 1)[-1] == group:
                return fine
        raise ExtractorFailed(f"hf:{self.path}", f"pipeline returned label {group!r}, "
                              f"not one of the model's labels {', '.join(self.labels)}")


def _clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Strip whitespace, extend the end over trailing combining marks; ``None`` if empty."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    while end < len(text) and unicodedata.category(text[end]) in ("Mn", "Me"):
        end += 1
    return start, end
