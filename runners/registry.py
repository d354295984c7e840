"""Extractor specs → extractors.

Grammar (``khabar score SPEC``)::

    NAME                    a registered extractor (built-in or plug-in)
    py:package.module:obj   an in-process function, class or object
    cmd:"prog --flag"       a subprocess speaking khabar JSONL on stdin/stdout
    file:PATH               saved predictions (khabar JSONL, CoNLL, brat, TimeML, Label Studio);
                            file:PATH#column=N names the tag column of a CoNLL file
    openai:MODEL            an OpenAI-compatible chat endpoint
    hf:PATH                 a local transformers token-classification model

Plug-ins register under the entry-point group ``khabar.extractors``: the entry
point's name is the extractor name and it loads a factory called as
``factory(gold=GoldSet, **options)`` (or a class with ``predict``). Modules are
imported only when their spec is used, so heavy runners cost nothing until then.
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass
from typing import Any, Callable

from runners.base import Extractor

ENTRY_POINT_GROUP = "khabar.extractors"
PREFIXES = ("py", "cmd", "file", "openai", "hf")


@dataclass(frozen=True)
class Registered:
    """A named extractor: where its factory lives and what it is."""

    name: str
    target: str                # "module:factory"
    description: str
    default: bool = True       # on the default leaderboard?
    needs_gold: bool = False


BUILTINS: dict[str, Registered] = {
    r.name: r for r in (
        Registered("oracle", "runners.builtin.sanity:OracleExtractor",
                   "the gold itself (optional mentions left out); must score 1.0",
                   default=False, needs_gold=True),
        Registered("empty", "runners.builtin.sanity:EmptyExtractor",
                   "attempts every task and finds nothing; recall 0", default=False),
        Registered("rules", "runners.builtin.rules:RulesExtractor",
                   "khabar's rule-based Arabic baseline: NER, TIMEX3 and attribution"),
        Registered("duckling", "runners.builtin.peers:DucklingExtractor",
                   "Duckling (Haskell, via pyduckling-native-phihos), Arabic dates; TIMEX3 only"),
        Registered("dateparser", "runners.builtin.peers:DateparserExtractor",
                   "dateparser search_dates, Arabic; TIMEX3 only"),
    )
}


class UnknownExtractor(ValueError):
    """An extractor name that is not registered; the message suggests close names."""


def _load(target: str) -> Any:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def registered() -> dict[str, Registered]:
    """Built-ins plus plug-ins from the ``khabar.extractors`` entry points."""
    from importlib.metadata import entry_points  # 20 ms: only when names are looked up

    found = dict(BUILTINS)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name not in found:
            doc = ""
            found[ep.name] = Registered(ep.name, ep.value, doc or f"plug-in from {ep.value}")
    return found


def factory_of(name: str) -> Any:
    """The factory a registered name builds with (imported), or ``None`` for a
    name that is not registered."""
    entry = registered().get(name)
    return None if entry is None else _load(entry.target)


def describe_plugin(entry: Registered) -> str:
    """The first docstring line of a plug-in's factory (imports it)."""
    try:
        doc = (_load(entry.target).__doc__ or "").strip().splitlines()
    except Exception as exc:  # noqa: BLE001 - a broken plug-in must not break the listing
        return f"(cannot load: {type(exc).__name__}: {exc})"
    return doc[0] if doc else entry.description


def make_extractor(spec: str, *, gold: Any = None, **options: Any) -> Extractor:
    """Build the extractor for ``spec``; ``ValueError`` (or :class:`UnknownExtractor`)
    with a clear message for a bad spec. ``options`` go to the adapter."""
    prefix, sep, rest = spec.partition(":")
    if sep and prefix in PREFIXES:
        if not rest:
            raise ValueError(f"{prefix}: needs a value, e.g. {_EXAMPLES[prefix]}")
        return _ADAPTERS[prefix](rest, gold=gold, **options)
    entries = registered()
    entry = entries.get(spec)
    if entry is None:
        close = difflib.get_close_matches(spec, list(entries) + [f"{p}:" for p in PREFIXES],
                                          n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownExtractor(f"unknown extractor {spec!r}{hint} "
                               f"(`khabar extractors` lists them; prefixes: "
                               f"{', '.join(p + ':' for p in PREFIXES)})")
    factory = _load(entry.target)
    # runner options of the command line (--base-url, --timeout, …) are for the spec
    # kinds that take them; a named extractor gets those its factory accepts, so
    # `khabar compare rules openai:M --base-url URL` works
    kwargs = {k: v for k, v in options.items() if v is not None and _accepts(factory, k)}
    if entry.needs_gold or entry.name not in BUILTINS:
        kwargs["gold"] = gold
    return factory(**kwargs) if kwargs else factory()


def _accepts(factory: Any, name: str) -> bool:
    """Whether ``factory`` takes a keyword argument ``name`` (or any, ``**kwargs``)."""
    import inspect

    try:
        params = inspect.signature(factory).parameters
    except (TypeError, ValueError):      # a builtin or C callable: pass what is given
        return True
    return name in params or any(p.kind is inspect.Parameter.VAR_KEYWORD
                                 for p in params.values())


_EXAMPLES = {"py": "py:my_pkg.ner:extract", "cmd": 'cmd:"python my_ner.py"',
             "file": "file:preds.jsonl", "openai": "openai:qwen2.5-7b-instruct",
             "hf": "hf:./my-arabic-ner"}


def _py(rest: str, *, timeout: float | None = None, **_: Any) -> Extractor:
    from runners.python import PythonExtractor
    return PythonExtractor(rest, timeout=timeout)


def _cmd(rest: str, *, timeout: float | None = None, max_output: int | None = None,
         **_: Any) -> Extractor:
    from runners.command import CommandExtractor
    kwargs: dict[str, Any] = {k: v for k, v in (("timeout", timeout),
                                                 ("max_output", max_output)) if v is not None}
    return CommandExtractor(rest, **kwargs)


def _file(rest: str, *, format: str | None = None, **_: Any) -> Extractor:  # noqa: A002
    from pathlib import Path

    from runners.files import FileExtractor, split_file_spec

    path, column = split_file_spec(rest) if not Path(rest).exists() else (Path(rest), None)
    return FileExtractor(path, format, column)


def _openai(rest: str, **options: Any) -> Extractor:
    module = importlib.import_module("runners.openai")
    # cache_dir=None means "no cache" (--no-cache), not "the default cache"
    return module.OpenAIExtractor(rest, **{k: v for k, v in options.items()
                                           if k in module.OPTIONS
                                           and (v is not None or k == "cache_dir")})


def _hf(rest: str, **options: Any) -> Extractor:
    module = importlib.import_module("runners.hf")
    return module.HFTokenClassifierExtractor(rest, **{k: v for k, v in options.items()
                                                      if k in module.OPTIONS and v is not None})


_ADAPTERS: dict[str, Callable[..., Extractor]] = {
    "py": _py, "cmd": _cmd, "file": _file, "openai": _openai, "hf": _hf,
}
