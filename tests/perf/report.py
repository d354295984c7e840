"""``perf.md`` is shared by several perf scripts: each owns one section
between ``<!-- perf:NAME -->`` markers and replaces only that, atomically.

By default the scripts write ``khabar-reports/perf.md`` (untracked, in
.gitignore), so running one never modifies tracked files; pass
``--out reports/perf.md`` (``--report`` for the openai/llm_faults scripts) to
update the published figures."""

from __future__ import annotations

from pathlib import Path

from benchmark.core.files import write_text

ROOT = Path(__file__).resolve().parents[2]
PERF_REPORT = ROOT / "khabar-reports" / "perf.md"


def write_section(path: Path, name: str, body: str) -> None:
    """Put ``body`` between the ``name`` markers in ``path`` (appending the section
    when it is new) and keep every other section."""
    begin, end = f"<!-- perf:{name} -->", f"<!-- /perf:{name} -->"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    if begin in old and end in old:
        head, rest = old.split(begin, 1)
        new = head + block + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    write_text(path, new)
