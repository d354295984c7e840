"""Building and running extractors for the commands: the runner options (declared
once here, shared out among the specs by :mod:`runners.options`), one harness
call per extractor (:mod:`benchmark.harness`) with a live display, and the
entries of a comparison.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.text import Text

from benchmark.cli.common import _fail, err

FormatOption = Annotated[Optional[str], typer.Option(
    "--format", help="file: predictions format (khabar, conll, brat, timeml, labelstudio); "
                     "default: from the extension.", show_default=False)]


TimeoutOption = Annotated[Optional[float], typer.Option(
    "--timeout", help="cmd: seconds before the subprocess (its whole process group) is "
                      "killed; py: run the callable in a worker process killed after this "
                      "many seconds; openai: per request.",
    show_default=False)]


MaxOutputOption = Annotated[Optional[int], typer.Option(
    "--max-output", help="cmd: cap on stdout bytes.", show_default=False)]


BaseUrlOption = Annotated[Optional[str], typer.Option(
    "--base-url", help="openai: endpoint, e.g. http://127.0.0.1:8000/v1 "
                       "(default: $OPENAI_BASE_URL).", show_default=False)]


ApiKeyEnvOption = Annotated[Optional[str], typer.Option(
    "--api-key-env", help="openai: NAME of the environment variable holding the API key "
                          "(default OPENAI_API_KEY). The key itself is never an option.",
    show_default=False)]


ConcurrencyOption = Annotated[Optional[int], typer.Option(
    "--concurrency", help="openai: requests in flight.", show_default=False)]


PromptLanguageOption = Annotated[Optional[str], typer.Option(
    "--prompt-language", help="openai: prompt template language, en or ar.",
    show_default=False)]


CacheDirOption = Annotated[Optional[Path], typer.Option(
    "--cache-dir", help="openai: response cache directory (default .khabar-cache/openai).",
    show_default=False)]


NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="openai: no response cache.")]


LabelMapOption = Annotated[Optional[str], typer.Option(
    "--label-map", help="hf: model label → khabar type, as LABEL=TYPE,… or a JSON file.",
    show_default=False)]


HfMaxLengthOption = Annotated[Optional[int], typer.Option(
    "--hf-max-length", help="hf: tokens per window (default 512).", show_default=False)]


HfStrideOption = Annotated[Optional[int], typer.Option(
    "--hf-stride", help="hf: overlap between windows in tokens (default 128).",
    show_default=False)]


TemperatureOption = Annotated[Optional[float], typer.Option(
    "--temperature", help="openai: sampling temperature (default 0).", show_default=False)]


MaxTokensOption = Annotated[Optional[int], typer.Option(
    "--max-tokens", help="openai: max_tokens of each answer (default 4096).",
    show_default=False)]


PromptTemplateOption = Annotated[Optional[list[str]], typer.Option(
    "--prompt-template", help="openai: a custom prompt template, TASK=FILE (repeatable) or "
                              "FILE with one --task; its sha256 goes into the signature.",
    show_default=False)]


def _prompt_templates(values: list[str] | None, task: list[str] | None
                      ) -> dict[str, Path] | None:
    """``--prompt-template`` values → task → file (exit 2 on a bad value)."""
    from benchmark.scoring.results import TASKS

    if not values:
        return None
    out: dict[str, Path] = {}
    for value in values:
        name, sep, path = value.partition("=")
        if sep and name in TASKS:
            out[name] = Path(path)
            continue
        if len(task or ()) != 1:
            _fail(f"--prompt-template {value!r}: give TASK=FILE (TASK one of "
                  f"{', '.join(TASKS)}), or one FILE with exactly one --task")
        out[task[0]] = Path(value)                       # type: ignore[index]
    unasked = sorted(set(out) - set(task)) if task else []
    if unasked:
        _fail(f"--prompt-template for {', '.join(unasked)}, which --task does not request")
    return out


def _runner_options(*, fmt: str | None, timeout: float | None, max_output: int | None,
                    base_url: str | None, api_key_env: str | None, concurrency: int | None,
                    prompt_language: str | None, cache_dir: Path | None, no_cache: bool,
                    label_map: str | None, hf_max_length: int | None, hf_stride: int | None,
                    task: list[str] | None = None, temperature: float | None = None,
                    max_tokens: int | None = None, prompt_template: list[str] | None = None,
                    strict: bool = False) -> dict[str, object]:
    """CLI options → keyword options for the adapters (``None``: adapter default).
    ``--task`` also limits what an openai: run asks (one request per document and
    requested task)."""
    options: dict[str, object] = {
        "format": fmt, "timeout": timeout, "max_output": max_output, "base_url": base_url,
        "api_key_env": api_key_env, "concurrency": concurrency,
        "prompt_language": prompt_language, "label_map": label_map,
        "model_max_length": hf_max_length, "stride": hf_stride,
        "tasks": tuple(dict.fromkeys(task)) if task else None,
        "temperature": temperature, "max_tokens": max_tokens,
        "prompt_templates": _prompt_templates(prompt_template, task),
        "strict": True if strict else None,
    }
    if cache_dir is not None:
        options["cache_dir"] = cache_dir
    if no_cache:
        options["cache_dir"] = None
    return options


#: Adapter option → the command-line flag that sets it (for usage errors).
_OPTION_FLAGS = {"format": "--format/--file-format", "timeout": "--timeout",
                 "max_output": "--max-output", "base_url": "--base-url",
                 "api_key_env": "--api-key-env", "concurrency": "--concurrency",
                 "prompt_language": "--prompt-language", "label_map": "--label-map",
                 "model_max_length": "--hf-max-length", "stride": "--hf-stride",
                 "temperature": "--temperature", "max_tokens": "--max-tokens",
                 "prompt_templates": "--prompt-template", "cache_dir": "--cache-dir/--no-cache"}


def _build_extractors(specs: list[str], gold, options: dict[str, object]):  # type: ignore[no-untyped-def]
    """Every spec → an extractor, before anything runs, each with only the options
    its adapter declares (:func:`runners.options.share_options`). A bad spec, and
    an option that none of the specs takes, exit 2."""
    from runners.options import UnusedOption, share_options

    given = {k: v for k, v in options.items() if v is not None or k == "cache_dir"}
    try:
        shared = share_options(specs, given)
    except UnusedOption as exc:
        _fail("; ".join(
            f"{_OPTION_FLAGS.get(name, name)} applies to none of the extractors given "
            f"({', '.join(exc.specs)})"
            + (f"; did you mean to add a {' or '.join(takers)} extractor?" if takers else "")
            for name, takers in exc.unused.items()))
    from benchmark.harness import build

    built = []
    for spec in specs:
        try:
            built.append((spec, build(spec, gold, shared[spec])))
        except (ValueError, FileNotFoundError, TypeError) as exc:
            _fail(f"{spec}: {exc}")
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - a plug-in factory that crashes
            from benchmark.harness.run import describe_exception

            _fail(f"{spec}: cannot build the extractor: {describe_exception(exc)}")
    return built


def _evaluate(spec: str, extractor, gold, settings, *, strict: bool = False,  # type: ignore[no-untyped-def]
              score: bool = True):
    """One harness call (:func:`benchmark.harness.evaluate`) with a live display: a
    runner that reports progress (openai:, hf:) gets a progress bar on stderr
    (plain periodic lines when stderr is not a terminal; :mod:`benchmark.core.progress`);
    the others a spinner (nothing off a terminal)."""
    from benchmark.harness import evaluate

    from runners.base import run_stats, wants_progress

    if wants_progress(extractor):
        from benchmark.core.progress import Progress

        def facts():  # type: ignore[no-untyped-def]
            return run_stats(extractor) or None

        with Progress(spec, len(gold), facts=facts) as bar:
            return evaluate(extractor, gold, settings, spec=spec, strict=strict,
                            progress=bar.update, score=score)
    from benchmark.core.progress import bar_active

    if bar_active():                       # inside the leaderboard's bar: one live display
        return evaluate(extractor, gold, settings, spec=spec, strict=strict, score=score)
    # a Text, not a str: rich would read a str as markup with emoji codes (`:x:` → ❌)
    with err.status(Text(f"running {spec} on {len(gold)} document(s)…")):
        return evaluate(extractor, gold, settings, spec=spec, strict=strict, score=score)


def _report_failure(outcome) -> None:  # type: ignore[no-untyped-def]
    err.print(Text.assemble(("failed:", "bold red"), f" {outcome.spec}: {outcome.reason}"))
    if outcome.detail:
        err.print(Text(outcome.detail))


def _run_entries(specs: list[str], gold_set, options, settings, *,  # type: ignore[no-untyped-def]
                 score: bool = True, strict: bool = False, progress: bool = False,
                 whole=None, narrow=None):
    """Build every extractor (a bad spec exits 2), then run and score each in turn;
    a failing one is reported and the others go on. ``progress``: a progress
    display over the systems (the leaderboard). ``narrow(spec, extractor)``: the
    part of ``gold_set`` to run that extractor on, or ``None`` for all of it (the
    leaderboard runs a ``file:`` system only on the splits its file covers)."""
    import contextlib

    from benchmark.publish.entries import Entry
    from benchmark.core.progress import Progress
    from benchmark.scoring.gate import failed_run
    from benchmark.harness.run import RunOutcome
    from runners.base import ExtractorInfo

    saved = {spec: _load_saved(spec) for spec in specs if _is_saved_spec(spec)}
    from benchmark.scoring.results import Results
    live = _build_extractors([s for s in specs if s not in saved], gold_set, options)
    from runners.files import ignore_outside

    built = {s: ignore_outside(e, gold_set, whole, strict=strict) if whole is not None else e for s, e in live}
    entries = []
    with (Progress("leaderboard", len(live), unit="systems") if progress and live
          else contextlib.nullcontext()) as bar:
        for spec in specs:
            if spec in saved:
                failure = failed_run(saved[spec])
                if failure is not None:       # shown as failed, never scored as a system
                    outcome = RunOutcome(spec, ExtractorInfo("saved", spec), "failed",
                                         f"{spec} is a failed run: {failure}")
                    err.print(Text.assemble(("failed:", "bold red"), f" {outcome.reason}"))
                    entries.append(Entry(spec, outcome, None))
                    continue
                try:
                    results = Results.from_dict(saved[spec])
                except ValueError as exc:
                    _fail(f"{spec}: {exc}")
                entries.append(Entry(spec, RunOutcome(spec, ExtractorInfo("saved", spec), "ok"),
                                     None, results))
                continue
            run_on = narrow(spec, built[spec]) if narrow is not None else None
            if run_on is not None:
                built[spec] = ignore_outside(built[spec], run_on, gold_set, strict=strict)
            evaluation = _evaluate(spec, built[spec], run_on or gold_set, settings,
                                   strict=strict, score=score)
            if bar is not None:
                bar.advance()
            if not evaluation.ok:
                _report_failure(evaluation.run)
            entries.append(Entry.of(evaluation))
    return entries


def _refuse_repeated(specs: list[str]) -> None:
    """A spec given more than once on the command line is a usage error (exit 2),
    in ``compare`` and ``leaderboard`` alike: each system is one row."""
    from collections import Counter

    repeated = [f"{spec!r} ({n} times)" for spec, n in Counter(specs).items() if n > 1]
    if repeated:
        _fail("a system is given more than once: " + ", ".join(repeated)
              + "; give each spec once (each system is one row)")


def _is_saved_spec(spec: str) -> bool:
    """Whether a spec names a saved results JSON file (not an extractor)."""
    return spec.endswith(".json") and ":" not in spec.split("/")[0]


def _load_saved(spec: str) -> dict:  # type: ignore[type-arg]
    """A saved results JSON file given to ``compare``; a bad one is a usage error
    (the results of a failed run are read: they are shown as failed)."""
    from benchmark.scoring.gate import GateError, load_results

    try:
        data = load_results(spec, allow_failed=True).data
    except GateError as exc:
        _fail(str(exc))
    assert data is not None                 # a file's ResultsFile keeps its dict
    return data


def _refuse_incomparable(entries) -> None:  # type: ignore[no-untyped-def]
    """Every result must share the gold and metric settings of the first one."""
    from benchmark.publish.leaderboard import LeaderboardError, comparable

    try:
        comparable(entries)
    except LeaderboardError as exc:
        _fail(str(exc))
