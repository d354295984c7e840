"""Option groups: options that travel together, declared once as a dataclass.

A command parameter annotated with a group class (``where: GoldSelection``)
is replaced, in the signature Typer reads, by the group's fields — each an
``Annotated`` Typer option — and the command receives one instance of the
group (:func:`grouped`). So a command takes a handful of parameters while the
command line keeps every option, and each option is declared in one place.

This module does not use postponed annotations: the fields' ``Annotated``
types must be objects, since Typer reads them from the rewritten signature.
"""

import functools
import inspect
import typing
from dataclasses import dataclass, fields
from typing import Annotated, Any, Callable, Optional

import typer

from benchmark.cli.common import (
    BootstrapOption,
    CliticOption,
    GoldOption,
    NormOption,
    RootOption,
    SeedOption,
    SplitOption,
    TaskOption,
)
from benchmark.cli.running import (
    ApiKeyEnvOption,
    BaseUrlOption,
    CacheDirOption,
    ConcurrencyOption,
    FormatOption,
    HfMaxLengthOption,
    HfStrideOption,
    LabelMapOption,
    MaxOutputOption,
    MaxTokensOption,
    NoCacheOption,
    PromptLanguageOption,
    PromptTemplateOption,
    TemperatureOption,
    TimeoutOption,
    _runner_options,
)
from benchmark.scoring.settings import DEFAULT_TOLERANCE, DEFAULTS, ScoreSettings


class OptionGroup:
    """Base of the option groups (a marker for :func:`grouped`)."""


@dataclass(frozen=True)
class GoldSelection(OptionGroup):
    """``--gold``, ``--split``, ``--root``: which gold documents a command uses."""

    gold: GoldOption = None
    split: SplitOption = "auto"
    root: RootOption = None


@dataclass(frozen=True)
class ScoreOptions(OptionGroup):
    """``--task``, ``--seed``, ``--bootstrap``, ``--clitic``, ``--norm``: how runs are
    scored (defaults: :data:`~benchmark.scoring.settings.DEFAULTS`)."""

    task: TaskOption = None
    seed: SeedOption = DEFAULTS.seed
    bootstrap: BootstrapOption = DEFAULTS.bootstrap
    clitic: CliticOption = DEFAULTS.clitic
    norm: NormOption = DEFAULTS.norm

    def settings(self, **more: Any) -> ScoreSettings:
        """These options (and ``more`` settings) as :class:`ScoreSettings`."""
        return DEFAULTS.but(tasks=tuple(self.task) if self.task else None, seed=self.seed,
                            bootstrap=self.bootstrap, clitic=self.clitic, norm=self.norm,
                            **more)


@dataclass(frozen=True)
class RunnerOptions(OptionGroup):
    """The runner options every adapter may take (shared out per spec by
    :func:`runners.options.share_options`); ``--format`` names a file: format."""

    fmt: FormatOption = None
    timeout: TimeoutOption = None
    max_output: MaxOutputOption = None
    base_url: BaseUrlOption = None
    api_key_env: ApiKeyEnvOption = None
    concurrency: ConcurrencyOption = None
    prompt_language: PromptLanguageOption = None
    cache_dir: CacheDirOption = None
    no_cache: NoCacheOption = False
    label_map: LabelMapOption = None
    hf_max_length: HfMaxLengthOption = None
    hf_stride: HfStrideOption = None

    def options(self, *, task: list[str] | None = None, sampling: "Sampling | None" = None,
                strict: bool = False) -> dict[str, object]:
        """Keyword options for the adapters (``None``: the adapter's default)."""
        more = {} if sampling is None else {
            "temperature": sampling.temperature, "max_tokens": sampling.max_tokens,
            "prompt_template": sampling.prompt_template}
        return _runner_options(fmt=self.fmt, timeout=self.timeout, max_output=self.max_output,
                               base_url=self.base_url, api_key_env=self.api_key_env,
                               concurrency=self.concurrency,
                               prompt_language=self.prompt_language, cache_dir=self.cache_dir,
                               no_cache=self.no_cache, label_map=self.label_map,
                               hf_max_length=self.hf_max_length, hf_stride=self.hf_stride,
                               task=task, strict=strict, **more)  # type: ignore[arg-type]


#: ``--file-format``: where ``--format`` is the output format (compare, leaderboard).
FileFormatOption = Annotated[Optional[str], typer.Option(
    "--file-format", help="file: predictions format (khabar, conll, brat, timeml, "
                          "labelstudio); default: from the extension.", show_default=False)]


@dataclass(frozen=True)
class CompareRunnerOptions(RunnerOptions):
    """:class:`RunnerOptions` with the file: format as ``--file-format``."""

    fmt: FileFormatOption = None


@dataclass(frozen=True)
class Sampling(OptionGroup):
    """``--temperature``, ``--max-tokens``, ``--prompt-template`` of openai: runs."""

    temperature: TemperatureOption = None
    max_tokens: MaxTokensOption = None
    prompt_template: PromptTemplateOption = None


@dataclass(frozen=True)
class GateOptions(OptionGroup):
    """How ``khabar check`` compares (rules: :mod:`benchmark.scoring.gate`): the allowed
    drops, the floors, CI-awareness and which metrics."""

    tolerance: Annotated[float, typer.Option(
        "--tolerance", help="Absolute drop allowed for every metric.")] = DEFAULT_TOLERANCE
    max_drop: Annotated[Optional[list[str]], typer.Option(
        "--max-drop", help="Per-metric allowed drop, METRIC=VALUE (repeatable), e.g. "
                           "tasks.ner.strict.f1=0.01.", show_default=False)] = None
    minimum: Annotated[Optional[list[str]], typer.Option(
        "--min", help="Absolute floor, METRIC=VALUE (repeatable), e.g. "
                      "tasks.timex.value_f1=0.8.", show_default=False)] = None
    ci_aware: Annotated[bool, typer.Option(
        "--ci-aware", help="A drop beyond the tolerance fails only when it is also outside "
                           "the bootstrap CI.")] = False
    show_all: Annotated[bool, typer.Option(
        "--all", help="Check and show every precision, recall, F1 and accuracy under tasks "
                      "(default: the headline metric of each task).")
    ] = False
    metrics: Annotated[Optional[str], typer.Option(
        "--metrics", help="Check these metrics instead of the headline ones: comma-separated "
                          "paths or glob patterns, e.g. 'tasks.ner.*.f1,tasks.timex.value_f1'.",
        show_default=False)] = None


def _is_group(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, OptionGroup)


def grouped(command: Callable[..., Any]) -> Callable[..., Any]:
    """``command`` with each :class:`OptionGroup` parameter spelled out as the
    group's options, in place (Typer sees them; the command gets the group)."""
    hints = typing.get_type_hints(command, include_extras=True)
    params: list[inspect.Parameter] = []
    groups: dict[str, tuple[type, list[str]]] = {}
    for p in inspect.signature(command).parameters.values():
        annotation = hints.get(p.name, p.annotation)
        if _is_group(annotation):
            field_hints = typing.get_type_hints(annotation, include_extras=True)
            names = []
            for f in fields(annotation):
                params.append(inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY,
                                                default=f.default,
                                                annotation=field_hints[f.name]))
                names.append(f.name)
            groups[p.name] = (annotation, names)
        else:
            params.append(p.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=annotation))
    taken = [p.name for p in params]
    if len(taken) != len(set(taken)):
        raise TypeError(f"{command.__name__}: an option group repeats a parameter name")

    @functools.wraps(command)
    def run(**kwargs: Any) -> Any:
        for name, (cls, names) in groups.items():
            kwargs[name] = cls(**{n: kwargs.pop(n) for n in names})
        return command(**kwargs)

    del run.__wrapped__          # Typer must read the signature below, not the original
    run.__grouped__ = command    # type: ignore[attr-defined]
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    return run


__all__ = ["CompareRunnerOptions", "GoldSelection", "OptionGroup", "RunnerOptions",
           "Sampling", "ScoreOptions", "grouped"]
