"""Where code chains "run an extractor → score its predictions" by hand (issue 12).

Run as a script::

    .venv/bin/python tests/tools/chain_sites.py [PATH ...]   (default: benchmark runners tests)

A chain site is a function whose own body (nested functions count separately)
calls both a runner (:data:`RUNS`: ``run_extractor`` or a local wrapper of it)
and a scorer (:data:`SCORES`). The harness (``benchmark/harness``) is where the
chain is meant to be; its sites are listed apart.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from import_graph import parse

ROOT = Path(__file__).resolve().parents[2]
RUNS = {"run_extractor", "_run_one", "run_spec"}
SCORES = {"score", "run_score", "_score_outcome", "score_run"}


def _called(node: ast.AST) -> set[str]:
    names: set[str] = set()
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(child, ast.Call):
            f = child.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            names.add(name)
        stack.extend(ast.iter_child_nodes(child))
    return names


def sites(paths: list[Path]) -> list[tuple[str, int, str]]:
    found = []
    for base in paths:
        for path in sorted([base] if base.is_file() else base.rglob("*.py")):
            for node in ast.walk(parse(path)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    called = _called(node)
                    if called & RUNS and called & SCORES:
                        found.append((str(path.relative_to(ROOT)), node.lineno, node.name))
    return found


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or [ROOT / p for p in ("benchmark", "runners", "tests")]
    found = sites(paths)
    harness = [s for s in found if s[0].startswith("benchmark/harness")]
    others = [s for s in found if s not in harness]
    for path, line, name in others:
        print(f"{path}:{line}: {name}")
    print(f"{len(others)} chain site(s) outside the harness; {len(harness)} in it")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
