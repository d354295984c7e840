"""``khabar --help`` stays light: what it imports, and the deferred rich modules
(:mod:`benchmark.cli.deferred`) that load on first use. Timings are in
tests/perf/cli_startup.py, never here."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from khabar_cli import assert_no_traceback, run

#: What ``khabar --help`` must not import (tests/perf/cli_startup.py times it).
HEAVY = ("benchmark.gold.loader", "benchmark.scoring.engine", "numpy", "pydantic", "datasets",
         "sklearn", "runners.builtin", "dateparser", "torch", "markdown_it", "pygments")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=60)


def test_help_lists_every_command_and_imports_nothing_heavy() -> None:
    shown = run("--help")
    assert shown.returncode == 0, shown.stderr
    for command in ("validate", "stats", "export", "score", "merge", "compare", "leaderboard",
                    "extractors", "check", "perturb", "robustness", "sheet", "import",
                    "agreement"):
        assert f" {command} " in shown.stdout, command
    probe = _python(f"""
        import json, sys
        from benchmark.cli import app
        sys.argv = ["khabar", "--help"]
        try:
            app()
        except SystemExit:
            pass
        print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]), file=sys.stderr)
    """)
    assert "Usage: khabar" in probe.stdout
    assert json.loads(probe.stderr.strip().splitlines()[-1]) == []


def test_a_usage_error_is_still_drawn_by_typer_without_the_deferred_modules() -> None:
    shown = run("score", "--no-such-option")
    assert shown.returncode == 2
    assert "No such option" in shown.stderr and "--no-such-option" in shown.stderr
    assert_no_traceback(shown)


def test_the_stand_ins_load_the_real_modules_on_first_use() -> None:
    probe = _python("""
        import sys
        from benchmark.cli import deferred
        deferred.install()
        from rich.markdown import Markdown
        from rich.traceback import Traceback
        assert "markdown_it" not in sys.modules
        assert type(Markdown | str).__name__ == "UnionType"    # typer's annotations
        block = Markdown("# heading")                         # a call loads the module
        import rich.markdown as real
        assert type(block) is real.Markdown, type(block)
        assert sys.modules["rich.markdown"] is real and real.Markdown is not Markdown
        assert "markdown_it" in sys.modules
        try:
            raise ValueError("boom")
        except ValueError as exc:                             # a class attribute read
            tb = Traceback.from_exception(type(exc), exc, exc.__traceback__)
        import rich.traceback
        assert type(tb) is rich.traceback.Traceback
        from rich.console import Console
        console = Console(record=True, width=80, file=open("/dev/null", "w"))
        console.print(block, tb)
        text = console.export_text()
        assert "heading" in text and "ValueError" in text and "boom" in text
        import rich
        assert rich.markdown is real and rich.traceback is sys.modules["rich.traceback"]
        print("ok")
    """)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "ok"


def test_install_leaves_modules_already_imported_alone() -> None:
    probe = _python("""
        import sys
        import rich.markdown
        before = sys.modules["rich.markdown"]
        from benchmark.cli import deferred
        deferred.install()
        assert sys.modules["rich.markdown"] is before
        assert isinstance(sys.modules["rich.traceback"], deferred._DeferredModule)
        from rich.traceback import install   # any other name: loads the real module
        assert not isinstance(sys.modules["rich.traceback"], deferred._DeferredModule)
        print("ok")
    """)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "ok"
