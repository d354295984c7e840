"""The options each adapter takes, declared as dataclasses, and how a command's
options are shared out among its extractor specs.

A command (``khabar compare rules openai:M --base-url URL``) collects one set of
runner options; :func:`share_options` hands each spec only the options its
adapter declares, so ``rules`` never sees ``base_url``. An option that no spec
of the command takes is an :class:`UnusedOption` (a usage error naming the
option, the specs and the adapters that do take it) — never silently dropped.

* ``py:`` — :class:`PyOptions`; ``cmd:`` — :class:`CmdOptions`; ``file:`` —
  :class:`FileOptions`; ``openai:`` — :class:`OpenAIOptions`; ``hf:`` —
  :class:`HFOptions`;
* a registered name (built-in or plug-in): the keyword parameters of its
  factory other than ``gold`` (a factory with ``**options`` takes every one).

``strict`` and ``tasks`` are settings of the whole run (``--strict``,
``--task``); an adapter that declares them also gets them, and they are never
unused.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

#: Options that belong to the run as a whole (never an unused option).
RUN_OPTIONS = frozenset({"strict", "tasks"})


@dataclass(frozen=True)
class PyOptions:
    """``py:module:callable``: ``timeout`` runs it in a worker process, killed after
    that many seconds."""

    timeout: float | None = None


@dataclass(frozen=True)
class CmdOptions:
    """``cmd:"prog args"``: the subprocess's ``timeout`` (seconds) and the most
    bytes of output read (``max_output``)."""

    timeout: float | None = None
    max_output: int | None = None


@dataclass(frozen=True)
class FileOptions:
    """``file:PATH``: the predictions ``format`` (default: from the extension)."""

    format: str | None = None


@dataclass(frozen=True)
class OpenAIOptions:
    """``openai:MODEL``: the endpoint, the prompts, sampling and caching
    (:class:`runners.openai.OpenAIExtractor`)."""

    base_url: str | None = None
    api_key_env: str | None = None
    concurrency: int | None = None
    prompt_language: str | None = None
    timeout: float | None = None
    tasks: tuple[str, ...] | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    prompt_templates: Mapping[str, Path] | None = None
    strict: bool | None = None
    cache_dir: Path | None = None


@dataclass(frozen=True)
class HFOptions:
    """``hf:PATH``: label mapping and windowing of a token-classification model."""

    label_map: str | None = None
    model_max_length: int | None = None
    stride: int | None = None


#: Spec prefix → the options its adapter declares.
ADAPTER_OPTIONS: dict[str, type] = {"py": PyOptions, "cmd": CmdOptions, "file": FileOptions,
                                    "openai": OpenAIOptions, "hf": HFOptions}


class UnusedOption(ValueError):
    """Options that none of a command's extractor specs takes."""

    def __init__(self, unused: dict[str, list[str]], specs: Sequence[str]):
        self.unused, self.specs = unused, list(specs)
        parts = []
        for name, takers in unused.items():
            where = (f"it is an option of {', '.join(takers)}" if takers
                     else "no extractor takes it")
            parts.append(f"{name!r} is taken by none of the extractors given "
                         f"({', '.join(self.specs)}); {where}")
        super().__init__("; ".join(parts))


def declared(spec: str) -> frozenset[str] | None:
    """The option names ``spec``'s adapter takes (``None``: any, a factory with
    ``**options``). An unknown name declares none (the registry reports it)."""
    prefix, sep, _ = spec.partition(":")
    if sep and prefix in ADAPTER_OPTIONS:
        return frozenset(f.name for f in fields(ADAPTER_OPTIONS[prefix]))
    from runners.registry import factory_of

    try:
        factory = factory_of(spec)
    except Exception:  # noqa: BLE001 - a broken plug-in: building it reports why
        return None
    if factory is None:
        return frozenset()
    try:
        params = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    return frozenset(p.name for p in params if p.name != "gold" and p.kind in
                     (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD))


def share_options(specs: Sequence[str], given: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Per spec, the ``given`` options its adapter declares. ``given`` holds only
    options the user set (a ``None`` value counts as set: ``cache_dir=None`` is
    ``--no-cache``). Raises :class:`UnusedOption` for options no spec takes."""
    shared: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for spec in specs:
        names = declared(spec)
        mine = {k: v for k, v in given.items() if names is None or k in names}
        used |= set(mine)
        shared[spec] = mine
    unused = [k for k in given if k not in used and k not in RUN_OPTIONS]
    if unused:
        raise UnusedOption({k: [f"{p}:" for p, cls in ADAPTER_OPTIONS.items()
                                if k in {f.name for f in fields(cls)}] for k in unused}, specs)
    return shared
