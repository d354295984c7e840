"""``openai:MODEL``: an extractor backed by an OpenAI-compatible chat endpoint.

Works with anything that speaks ``POST {base_url}/chat/completions``: vLLM,
llama.cpp server, Ollama and hosted APIs. Standard library only (``urllib`` and
a thread pool), so no client package is needed.

Rules:

* One request per document and *requested* task (``tasks``; ``khabar score
  --task ner`` sends NER prompts only), built from a versioned prompt template
  file (``runners/prompts/<version>/<task>.<language>.txt``) or a custom one
  (``prompt_templates``: task → file; its sha256 is in :meth:`describe`).
* The endpoint comes from ``base_url`` or ``$OPENAI_BASE_URL``. The API key is
  read only from the environment variable named by ``api_key_env``; no
  argument takes a key. Without the variable no ``Authorization`` header is
  sent, which is what a local server wants.
* ``response_format`` starts as a strict JSON schema. A 400 answer that names
  the response format makes the runner fall back to ``json_object`` and then
  to plain text; the mode that worked is kept for the rest of the run
  (``stats["response_format"]``). In every mode the JSON object is taken from
  the answer text, inside a fenced block or as the first ``{...}`` if needed.
* 429, 5xx, connection errors and timeouts are retried with exponential
  backoff (seeded jitter), honouring ``Retry-After``.
* An answer that holds no JSON object of the expected shape is *unreadable*:
  by default that document's task gets no items and an ``_invalid`` mark
  (khabar counts it in ``invalid_items`` and lists it in the samples with the
  raw answer); with ``strict`` it fails that document and task like a failed
  request. Unreadable answers are not cached.
* A request that still fails after its retries (HTTP 429/5xx, timeouts) and a
  response that is not a chat completion fail *that* document and task: the
  other requests go on, their answers are cached, and
  :meth:`OpenAIExtractor.predict` then raises
  :class:`~runners.base.ExtractorFailed` counting the failures
  (``stats["failures"]``), so a re-run resends only those. The exception's
  ``records`` hold every answer that did come back (the failed tasks marked),
  for the partial results of the run. A failure that
  would repeat for every request (any other HTTP error such as 400/401/404,
  a server that cannot be reached, every response format rejected) stops the
  remaining requests at once.
* The API key never leaves the process except in the ``Authorization``
  header: every text that comes back from the server (error bodies, answers,
  hence samples, cache entries and failure reports) has the key and any
  ``Authorization``/``Bearer`` value replaced by ``[REDACTED]``
  (:func:`benchmark.core.untrusted.redact`).
* Successful answers are cached on disk, one file per request, keyed by
  sha256 over base URL, model, prompt-template hash, the prompt and the
  sampling parameters. A re-run makes no request; an interrupted run resumes.
* LLMs return strings: records carry ``{"text", "type"}`` spans (timexes add
  ``value``) and attributions with ``[{"text"}]`` roles. Keys the model adds
  beyond the schema are dropped. Entity types go through the shared alias
  table (:func:`benchmark.core.labels.answer_entity_type`: ``PERSON`` → ``PERS``,
  ``CITY`` → ``GPE``, …); TIMEX3 types and attribution kinds are matched
  without regard to case; every other value is passed on unchanged for
  khabar's validation. Raw answer texts are kept in :attr:`OpenAIExtractor.raw_responses`,
  not in the records (validation rejects unknown record keys).
* The library never prints; progress goes to an optional callback.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import http.client
import json
import math
import os
import random
import re
import socket
import string
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from benchmark.core.documents import Document
from benchmark.core.files import write_text
from benchmark.core.inventory import ATTRIBUTION_KINDS, FINE_TYPES, TIMEX_TYPES
from benchmark.core.labels import answer_choice, answer_entity_type
from benchmark.core.untrusted import clip, redact
from runners.base import ExtractorFailed, ExtractorInfo, Record, content_hash, stable_json

__all__ = ["OpenAIConfig", "OpenAIExtractor", "OPTIONS", "TASKS", "PROMPT_LANGUAGES", "PROMPT_VERSION",
           "RESPONSE_MODES", "DEFAULT_CACHE_DIR", "template_path", "load_template",
           "extract_json"]

#: task name → record key.
TASKS: dict[str, str] = {"ner": "entities", "timex": "timexes", "attribution": "attributions"}
PROMPT_LANGUAGES: tuple[str, ...] = ("ar", "en")
PROMPT_VERSION = "v1"
#: ``response_format`` modes, in fallback order.
RESPONSE_MODES: tuple[str, ...] = ("json_schema", "json_object", "text")
DEFAULT_CACHE_DIR = Path(".khabar-cache") / "openai"
#: bump when the cache entry layout changes (old entries are then ignored).
CACHE_FORMAT = 1

_USER_MARKER = "<<<USER>>>"
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FORMAT_REJECTED = re.compile(r"response_format|json_schema|json_object|structured|guided|"
                              r"grammar|schema|not supported|unsupported", re.IGNORECASE)
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
}


# --------------------------------------------------------------------------- prompts

def template_path(task: str, language: str, version: str = PROMPT_VERSION) -> str:
    """The template's path relative to the ``runners`` package."""
    return f"prompts/{version}/{task}.{language}.txt"


def load_template(task: str, language: str, version: str = PROMPT_VERSION) -> str:
    """The text of a packaged prompt template; ``ValueError`` if there is none."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; expected one of {sorted(TASKS)}")
    if language not in PROMPT_LANGUAGES:
        raise ValueError(f"unknown prompt language {language!r}; expected one of {PROMPT_LANGUAGES}")
    res = resources.files("runners").joinpath(template_path(task, language, version))
    try:
        return res.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"no prompt template {template_path(task, language, version)!r} "
                         f"(prompt version {version!r})") from None


#: The placeholders a prompt template may use.
PLACEHOLDERS: frozenset[str] = frozenset({"text", "dct", "dct_weekday", "doc_id"})


def load_custom_template(path: str | os.PathLike[str]) -> tuple[str, str]:
    """A user's prompt template file: its text and the sha256 of its bytes.

    ``ValueError`` when it cannot be read as UTF-8, lacks ``${text}`` or uses a
    placeholder other than :data:`PLACEHOLDERS`. The text before a line
    ``<<<USER>>>`` is the system message (optional)."""
    import hashlib

    where = Path(path)
    try:
        data = where.read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise ValueError(f"openai: prompt template {os.fspath(path)!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"openai: cannot read prompt template {os.fspath(path)!r}: {exc}") from None
    template = string.Template(text)
    if not template.is_valid():
        raise ValueError(f"openai: prompt template {os.fspath(path)!r} has a malformed "
                         "placeholder (write $$ for a literal dollar sign)")
    names = set(template.get_identifiers())
    unknown = sorted(names - PLACEHOLDERS)
    if unknown:
        raise ValueError(f"openai: prompt template {os.fspath(path)!r} uses unknown "
                         f"placeholder(s) {', '.join('${' + n + '}' for n in unknown)}; "
                         f"expected {', '.join('${' + n + '}' for n in sorted(PLACEHOLDERS))}")
    if "text" not in names:
        raise ValueError(f"openai: prompt template {os.fspath(path)!r} never uses ${{text}} "
                         "(the document text)")
    return text, hashlib.sha256(data).hexdigest()


def _render(template: str, doc: Document, language: str) -> list[dict[str, str]]:
    """Chat messages for one document: system part, then user part, split at the marker."""
    system, sep, user = template.partition(_USER_MARKER)
    if not sep:
        system, user = "", template
    try:
        weekday = _WEEKDAYS[language][_dt.date.fromisoformat(doc.dct[:10]).weekday()]
    except ValueError:
        weekday = ""
    values = {"text": doc.text, "dct": doc.dct, "dct_weekday": weekday, "doc_id": doc.doc_id}
    messages = []
    if system.strip():
        messages.append({"role": "system",
                         "content": string.Template(system.strip()).substitute(values)})
    messages.append({"role": "user", "content": string.Template(user.strip()).substitute(values)})
    return messages


def _schema(task: str) -> dict[str, Any]:
    """The strict JSON schema of the answer for ``task`` (all fields required, no extras)."""
    def obj(props: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "properties": props, "required": list(props),
                "additionalProperties": False}

    text = {"type": "string"}
    strings = {"type": "array", "items": text}
    item = {
        "ner": obj({"text": text, "type": {"type": "string", "enum": list(FINE_TYPES)}}),
        "timex": obj({"text": text, "type": {"type": "string", "enum": list(TIMEX_TYPES)},
                      "value": text}),
        "attribution": obj({"source": strings, "cue": strings, "content": strings,
                            "kind": {"type": "string", "enum": list(ATTRIBUTION_KINDS)}}),
    }[task]
    return obj({TASKS[task]: {"type": "array", "items": item}})


# --------------------------------------------------------------------------- answers

class _Malformed(Exception):
    """The answer holds no JSON object of the expected shape."""


def extract_json(answer: str) -> Any:
    """The JSON object in an answer: the whole text, a fenced block, or the first ``{...}``.

    Raises ``ValueError`` when none of these parses to an object.
    """
    candidates = [answer.strip()] + [m.group(1).strip() for m in _FENCE.finditer(answer)]
    for cand in candidates:
        try:
            value = json.loads(cand)
        except ValueError:
            continue
        if isinstance(value, dict):
            return _valid_unicode(value)
    decoder = json.JSONDecoder()
    for m in re.finditer(r"\{", answer):
        try:
            value, _ = decoder.raw_decode(answer, m.start())
        except ValueError:
            continue
        if isinstance(value, dict):
            return _valid_unicode(value)
    raise ValueError("no JSON object found in the answer")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_unicode(value: Any) -> Any:
    """``value`` with each lone surrogate (a model's ``"\\ud800"``: no valid Unicode,
    it cannot be written as UTF-8) replaced by U+FFFD, in keys and strings: such a
    string is then simply not found in the text, instead of failing the whole run."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_valid_unicode(k): _valid_unicode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_valid_unicode(v) for v in value]
    return value


def _role(value: Any) -> Any:
    """An attribution role as ``[{"text"}]``; a bare string is one span, anything else passes."""
    if isinstance(value, str):
        value = [value] if value else []
    if isinstance(value, list):
        return [{"text": v} if isinstance(v, str) else v for v in value]
    return value


def _convert(task: str, answer: str) -> list[Any]:
    """The record items for ``task`` from an answer text; :class:`_Malformed` otherwise."""
    try:
        data = extract_json(answer)
    except ValueError as exc:
        raise _Malformed(str(exc)) from None
    key = TASKS[task]
    items = data.get(key)
    if not isinstance(items, list):
        raise _Malformed(f"the answer's JSON object has no list {key!r} "
                         f"(keys: {sorted(data)})")
    out: list[Any] = []
    for item in items:
        if not isinstance(item, dict):
            out.append(item)            # left for validation to report
        elif task == "attribution":
            out.append({r: _role(item.get(r, [])) for r in ("source", "cue", "content")}
                       | {"kind": answer_choice(item.get("kind"), ATTRIBUTION_KINDS)})
        else:
            keep = ("text", "type", "value", "occurrence") if task == "timex" else \
                ("text", "type", "occurrence")
            kept = {k: item[k] for k in keep if k in item}
            if "type" in kept:
                kept["type"] = (answer_choice(kept["type"], TIMEX_TYPES) if task == "timex"
                                else answer_entity_type(kept["type"]))
            out.append(kept)
    return out


# --------------------------------------------------------------------------- config

@dataclass(frozen=True)
class OpenAIConfig:
    """Every parameter of an ``openai:`` run; all of them go into :meth:`OpenAIExtractor.describe`."""

    model: str
    base_url: str
    api_key_env: str = "OPENAI_API_KEY"
    tasks: tuple[str, ...] = ("ner", "timex", "attribution")
    prompt_language: str = "en"
    prompt_version: str = PROMPT_VERSION
    temperature: float = 0.0
    seed: int = 12345
    max_tokens: int = 4096
    response_format: str = "json_schema"
    concurrency: int = 4
    retries: int = 3
    timeout: float = 120.0
    backoff: float = 1.0
    backoff_max: float = 30.0

    def __post_init__(self) -> None:
        if not self.model:
            raise ValueError("openai: a model name is required")
        if not self.base_url:
            raise ValueError("openai: no endpoint; give --base-url or set OPENAI_BASE_URL")
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"openai: base URL {self.base_url!r} must start with http:// or https://")
        if not _ENV_NAME.fullmatch(self.api_key_env):
            # never echo the value: it may be a key pasted in the wrong place
            raise ValueError("openai: api_key_env must be the NAME of an environment variable "
                             "(letters, digits, underscore), not a key")
        unknown = [t for t in self.tasks if t not in TASKS]
        if unknown or not self.tasks or len(set(self.tasks)) != len(self.tasks):
            raise ValueError(f"openai: tasks {list(self.tasks)!r} must be distinct names "
                             f"from {list(TASKS)}")
        if self.prompt_language not in PROMPT_LANGUAGES:
            raise ValueError(f"openai: prompt language {self.prompt_language!r} is not one of "
                             f"{PROMPT_LANGUAGES}")
        if self.response_format not in RESPONSE_MODES:
            raise ValueError(f"openai: response_format {self.response_format!r} is not one of "
                             f"{RESPONSE_MODES}")
        if self.concurrency < 1 or self.retries < 0 or not (0 < self.timeout < math.inf) or self.max_tokens < 1:
            raise ValueError("openai: need concurrency >= 1, retries >= 0, timeout > 0, "
                             "max_tokens >= 1")


# --------------------------------------------------------------------------- extractor

class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


class _FormatRejected(Exception):
    pass


class _RequestFailed(ExtractorFailed):
    """One document and task failed; ``fatal`` when every other request would fail
    the same way (the run then stops instead of counting)."""

    def __init__(self, extractor: str, reason: str, *, detail: str = "", index: int = 0,
                 task: str = "", fatal: bool = False):
        super().__init__(extractor, reason, detail=detail)
        self.index, self.task, self.fatal = index, task, fatal


@dataclass
class _Job:
    index: int
    doc: Document
    task: str
    messages: list[dict[str, str]]
    key: str
    result: list[Any] = field(default_factory=list)
    status: str = "pending"            # pending | ok | failed
    unreadable: str | None = None      # why the answer could not be read (lenient runs)
    answer: str | None = None
    failure: str | None = None


class OpenAIExtractor:
    """An :class:`~runners.base.Extractor` over an OpenAI-compatible chat endpoint.

    ``raw_responses[doc_id][task]`` holds the answer text of the last
    :meth:`predict` (cached or fresh). ``stats`` counts, for the last
    :meth:`predict`: ``requests`` (HTTP attempts sent), ``cache_hits``,
    ``retries``, ``fallbacks``, the ``response_format`` mode in effect and, when
    some failed, ``failures`` (requests that ended without an answer).
    """

    def __init__(self, model: str, *, base_url: str | None = None,
                 api_key_env: str = "OPENAI_API_KEY",
                 tasks: Sequence[str] = ("ner", "timex", "attribution"),
                 prompt_language: str = "en", prompt_version: str = PROMPT_VERSION,
                 temperature: float = 0.0, seed: int = 12345, max_tokens: int = 4096,
                 response_format: str = "json_schema", concurrency: int = 4,
                 retries: int = 3, timeout: float = 120.0, backoff: float = 1.0,
                 backoff_max: float = 30.0,
                 cache_dir: str | Path | None = DEFAULT_CACHE_DIR,
                 progress: Callable[[int, int], None] | None = None,
                 strict: bool = False,
                 prompt_templates: Mapping[str, str | os.PathLike[str]] | None = None):
        url = base_url or os.environ.get("OPENAI_BASE_URL", "")
        self.config = OpenAIConfig(
            model=model, base_url=url.rstrip("/"), api_key_env=api_key_env,
            tasks=tuple(tasks), prompt_language=prompt_language, prompt_version=prompt_version,
            temperature=temperature, seed=seed, max_tokens=max_tokens,
            response_format=response_format, concurrency=concurrency, retries=retries,
            timeout=timeout, backoff=backoff, backoff_max=backoff_max)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.progress = progress
        self.strict = strict
        custom = dict(prompt_templates or {})
        unknown = sorted(set(custom) - set(self.config.tasks))
        if unknown:
            raise ValueError(f"openai: a prompt template for {', '.join(map(repr, unknown))}, "
                             f"which is not a requested task ({', '.join(self.config.tasks)})")
        #: task → sha256 of its custom template file (none for packaged templates).
        self.custom_templates: dict[str, str] = {}
        self.templates: dict[str, str] = {}
        self._template_ids: dict[str, str] = {}
        for t in self.config.tasks:
            if t in custom:
                self.templates[t], self.custom_templates[t] = load_custom_template(custom[t])
                self._template_ids[t] = "custom"
            else:
                self.templates[t] = load_template(t, prompt_language, prompt_version)
                self._template_ids[t] = template_path(t, prompt_language, prompt_version)
        self.prompt_hash = content_hash(*(
            part for t in self.config.tasks for part in (self._template_ids[t], self.templates[t])))
        self.raw_responses: dict[str, dict[str, str]] = {}
        self.stats: dict[str, Any] = {}
        self._mode = response_format
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._abort = threading.Event()
        self._reset_stats()

    @property
    def name(self) -> str:
        return f"openai:{self.config.model}"

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values that must never appear in any output (the API key, if set)."""
        key = os.environ.get(self.config.api_key_env)
        return (key,) if key else ()

    def _clean(self, text: str) -> str:
        return redact(text, self.secrets)

    def describe(self) -> ExtractorInfo:
        """Kind ``openai``, the model as name, every request parameter, the template hash."""
        params = asdict(self.config)
        params["tasks"] = list(self.config.tasks)
        params.pop("model")
        if self.custom_templates:
            params["prompt_templates"] = {t: {"sha256": h}
                                          for t, h in sorted(self.custom_templates.items())}
        return ExtractorInfo(kind="openai", name=self.config.model, version=self.config.prompt_version,
                             parameters=params, prompt_hash=self.prompt_hash)

    # -- the run ---------------------------------------------------------------

    def predict(self, documents: list[Document]) -> list[Record]:
        """One record per document, in input order, with keys for the configured tasks only."""
        self._reset_stats()
        self._abort.clear()
        self.raw_responses = {}
        jobs = [_Job(i, doc, task, msgs, self._cache_key(task, msgs))
                for i, doc in enumerate(documents) for task in self.config.tasks
                for msgs in [_render(self.templates[task], doc, self.config.prompt_language)]]
        remaining = [len(self.config.tasks)] * len(documents)
        done = 0
        self._report(0, len(documents))

        def finished(job: _Job) -> None:
            nonlocal done
            remaining[job.index] -= 1
            if remaining[job.index] == 0:
                done += 1
                self._report(done, len(documents))

        pending: list[_Job] = []
        for job in jobs:                          # cache hits are served without threads
            if self._from_cache(job):
                finished(job)
            else:
                pending.append(job)
        failures: list[_RequestFailed] = []
        if pending:
            with ThreadPoolExecutor(max_workers=self.config.concurrency,
                                    thread_name_prefix="khabar-openai") as pool:
                futures: dict[Future[None], _Job] = {pool.submit(self._run, j): j for j in pending}
                outstanding = set(futures)
                while outstanding:
                    finished_now, outstanding = wait(outstanding, return_when=FIRST_COMPLETED)
                    for fut in finished_now:
                        exc = fut.exception()
                        if isinstance(exc, _RequestFailed) and not exc.fatal:
                            failures.append(exc)      # counted; the others go on
                        elif exc is not None:
                            self._abort.set()         # stop the others between attempts
                            pool.shutdown(wait=True, cancel_futures=True)
                            if isinstance(exc, ExtractorFailed) and exc.records is None:
                                exc.records = self._records(documents, jobs, str(
                                    getattr(exc, "reason", exc)))
                            raise exc
                        finished(futures[fut])
        if failures:
            for f in failures:
                for job in jobs:
                    if job.index == f.index and job.task == f.task:
                        job.status, job.failure = "failed", f.reason
            self.stats["failures"] = len(failures)
            failures.sort(key=lambda f: (f.index, self.config.tasks.index(f.task)))
            failed_docs = len({f.index for f in failures})
            raise ExtractorFailed(
                self.name, f"{len(failures)} of {len(jobs)} request(s) failed "
                           f"({failed_docs} of {len(documents)} document(s)); "
                           + (f"{len(jobs) - len(failures)} answer(s) are cached, a re-run "
                              f"resends only the failed ones" if self.cache_dir is not None
                              else f"{len(jobs) - len(failures)} answer(s) came back (no "
                                   f"cache: a re-run asks again)")
                           + f"; first: {failures[0].reason}",
                detail="\n".join(f.reason + (f"\n  {clip(f.detail, 500)}" if f.detail else "")
                                  for f in failures[:20])
                + (f"\n… and {len(failures) - 20} more" if len(failures) > 20 else ""),
                records=self._records(documents, jobs))
        return self._records(documents, jobs)

    def _records(self, documents: list[Document], jobs: list[_Job],
                 stopped: str = "") -> list[Record]:
        """One record per document; a task whose answer could not be read, whose
        request failed or that was never sent gets no items and an ``_invalid`` mark."""
        records: list[Record] = [{"doc_id": d.doc_id} for d in documents]
        for job in jobs:
            record = records[job.index]
            record[TASKS[job.task]] = job.result
            mark = None
            if job.status == "ok" and job.unreadable is not None:
                mark = {"kind": "unreadable", "reason": job.unreadable}
            elif job.status == "failed":
                mark = {"kind": "failed", "reason": job.failure or "the request failed"}
            elif job.status != "ok":
                mark = {"kind": "failed", "reason": "not sent: the run stopped"
                                                    + (f" ({stopped})" if stopped else "")}
            if mark is not None:
                mark = {"layer": TASKS[job.task], "task": job.task, **mark}
                if job.answer is not None:
                    mark["raw"] = job.answer
                record.setdefault("_invalid", []).append(mark)
        return records

    def _report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)

    def _reset_stats(self) -> None:
        self.stats = {"requests": 0, "cache_hits": 0, "retries": 0, "fallbacks": 0,
                      "response_format": self._mode}

    def _count(self, key: str, n: int = 1) -> None:
        with self._lock:
            self.stats[key] += n

    def _keep(self, job: _Job, answer: str) -> None:
        with self._lock:
            self.raw_responses.setdefault(job.doc.doc_id, {})[job.task] = answer

    # -- cache -----------------------------------------------------------------

    def _cache_key(self, task: str, messages: list[dict[str, str]]) -> str:
        """sha256 over base URL, model, template hash, prompt and sampling parameters.

        The response-format mode is not part of the key: it changes how the
        answer is requested, not what is asked, so a run that fell back reuses
        the answers of one that did not.
        """
        c = self.config
        return content_hash(stable_json({
            "cache_format": CACHE_FORMAT, "base_url": c.base_url, "model": c.model,
            "template_hash": content_hash(self._template_ids[task], self.templates[task]),
            "messages": messages, "schema": _schema(task),
            "parameters": {"temperature": c.temperature, "seed": c.seed,
                           "max_tokens": c.max_tokens},
        }))

    def _cache_file(self, key: str) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / key[:2] / f"{key}.json"

    def _from_cache(self, job: _Job) -> bool:
        path = self._cache_file(job.key)
        if path is None or not path.is_file():
            return False
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if entry.get("key") != job.key:
                return False
            answer = self._clean(entry["answer"])
            job.result = _convert(job.task, answer)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, _Malformed):
            return False                      # unreadable entry: ask again and overwrite it
        job.status, job.answer = "ok", answer
        self._keep(job, answer)
        self._count("cache_hits")
        return True

    def _to_cache(self, job: _Job, answer: str, mode: str) -> None:
        path = self._cache_file(job.key)
        if path is None:
            return
        write_text(path, json.dumps({
            "key": job.key, "model": self.config.model, "base_url": self.config.base_url,
            "task": job.task, "doc_id": job.doc.doc_id, "response_format": mode,
            "answer": answer}, ensure_ascii=False, indent=1) + "\n")

    # -- one request -------------------------------------------------------------

    def _run(self, job: _Job) -> None:
        """Ask until an answer parses, falling back and retrying as the rules say."""
        attempt = 0
        while True:
            if self._abort.is_set():
                raise ExtractorFailed(self.name, "aborted after another request failed")
            mode = self._mode
            try:
                answer = self._post(job, mode)
            except _FormatRejected as exc:
                if not self._fall_back(mode):
                    raise self._failed(job, f"the server rejected response_format {mode!r}",
                                       str(exc), fatal=True) from None
                continue
            except _Retryable as exc:
                if attempt >= self.config.retries:
                    raise self._failed(
                        job, f"{exc.reason} (after {attempt + 1} attempts)",
                        fatal=exc.reason.startswith("connection error")) from None
                self._count("retries")
                self._abort.wait(self._delay(attempt, exc.retry_after))
                attempt += 1
                continue
            self._keep(job, answer)
            job.answer = answer
            try:
                job.result = _convert(job.task, answer)
            except _Malformed as exc:
                if self.strict:
                    raise self._failed(job, f"malformed answer: {exc}",
                                       clip(answer, 2000)) from None
                job.result, job.unreadable, job.status = [], f"malformed answer: {exc}", "ok"
                return                         # not cached: a re-run asks again
            job.status = "ok"
            self._to_cache(job, answer, mode)
            return

    def _failed(self, job: _Job, reason: str, detail: str = "", *,
                fatal: bool = False) -> _RequestFailed:
        return _RequestFailed(self.name, self._clean(f"document {job.doc.doc_id!r}, task "
                                                     f"{job.task!r}: {reason}"),
                              detail=self._clean(detail), index=job.index, task=job.task,
                              fatal=fatal)

    def _fall_back(self, rejected: str) -> bool:
        """Move past the rejected mode (once, whichever thread sees it first)."""
        with self._lock:
            if self._mode == rejected:
                i = RESPONSE_MODES.index(rejected)
                if i + 1 >= len(RESPONSE_MODES):
                    return False
                self._mode = RESPONSE_MODES[i + 1]
                self.stats["fallbacks"] += 1
                self.stats["response_format"] = self._mode
            return True

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.config.backoff_max)
        with self._lock:
            jitter = 0.5 + self._rng.random() / 2
        return min(self.config.backoff * 2 ** attempt, self.config.backoff_max) * jitter

    def _body(self, job: _Job, mode: str) -> dict[str, Any]:
        c = self.config
        body: dict[str, Any] = {"model": c.model, "messages": job.messages,
                                "temperature": c.temperature, "seed": c.seed,
                                "max_tokens": c.max_tokens, "stream": False}
        if mode == "json_schema":
            body["response_format"] = {"type": "json_schema", "json_schema": {
                "name": f"khabar_{job.task}", "schema": _schema(job.task), "strict": True}}
        elif mode == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def _post(self, job: _Job, mode: str) -> str:
        """One HTTP attempt; the answer text, or :class:`_Retryable` / :class:`_FormatRejected`."""
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        key = os.environ.get(self.config.api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        data = json.dumps(self._body(job, mode), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(f"{self.config.base_url}/chat/completions", data=data,
                                         headers=headers, method="POST")
        self._count("requests")
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:
                payload = response.read()
        except urllib.error.HTTPError as exc:
            text = self._clean(_read_error(exc))
            if exc.code == 429 or exc.code >= 500:
                raise _Retryable(f"HTTP {exc.code}", _retry_after(exc.headers.get("Retry-After")))
            if exc.code in (400, 422) and mode != "text" and _FORMAT_REJECTED.search(text):
                raise _FormatRejected(f"HTTP {exc.code}: {clip(text, 500)}")
            raise self._failed(job, f"HTTP {exc.code} from {self.config.base_url}",
                               clip(text, 2000), fatal=exc.code != 408) from None
        except (TimeoutError, socket.timeout):
            raise _Retryable(f"timed out after {self.config.timeout:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise _Retryable(f"timed out after {self.config.timeout:g} s") from None
            raise _Retryable(f"connection error: {exc.reason}") from None
        except (OSError, http.client.HTTPException) as exc:  # reset or cut short mid-read
            raise _Retryable(f"connection error: {exc}") from None
        try:
            choice = json.loads(payload)["choices"][0]
            answer = choice["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise self._failed(job, "the response is not a chat completion",
                               clip(payload.decode("utf-8", "replace"), 2000)) from None
        if not isinstance(answer, str):
            reason = choice.get("finish_reason") if isinstance(choice, dict) else None
            raise self._failed(job, "the response has no answer text"
                               + (f" (finish_reason={reason!r}; raise max_tokens?)"
                                  if reason == "length" else ""))
        return self._clean(answer)


#: keyword options the registry may pass through to :class:`OpenAIExtractor`.
OPTIONS: frozenset[str] = frozenset({
    "base_url", "api_key_env", "tasks", "prompt_language", "prompt_version", "temperature",
    "seed", "max_tokens", "response_format", "concurrency", "retries", "timeout", "backoff",
    "backoff_max", "cache_dir", "progress", "strict", "prompt_templates"})


def _read_error(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read().decode("utf-8", "replace")
    except OSError:
        return ""
    finally:
        exc.close()


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds: a number or an HTTP date; ``None`` if absent or unreadable."""
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return max(0.0, (when - _dt.datetime.now(_dt.timezone.utc)).total_seconds())
