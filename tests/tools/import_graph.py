"""The import graph of ``benchmark`` and ``runners``, from the source (AST, nothing imported).

Run as a script, it prints the cycles::

    .venv/bin/python tests/tools/import_graph.py [--all]

An edge ``a → b`` means module ``a`` imports module ``b`` (``from b import x``,
``import b``, ``from b.c import d`` counts as ``b.c``; a relative import is
resolved against ``a``'s package). Importing a submodule also runs its
package's ``__init__``, so ``a → b.c`` adds ``a → b`` too. Two graphs:

* ``top-level`` — imports run when the module is imported (module body, not
  inside a function, not under ``if TYPE_CHECKING:``): a cycle here is a real
  import-order hazard;
* ``all`` — every import, also the lazy ones inside functions: the dependency
  structure the layering rule is about.

A cycle is a strongly connected component of more than one node (Tarjan). The
package graph collapses each module to its package (``benchmark.scoring.ner``
→ ``benchmark.scoring``; a module directly under ``benchmark/`` would count as
``benchmark``); the layer graph collapses it to its layer (:data:`LAYERS`:
core, gold, predict, scoring, formats, runners, harness, publish, cli, api), where
no import may run up.
The exit status is 1 when a module or layer cycle or an upward import exists
(a package cycle as well).
"""

from __future__ import annotations

import ast
import functools
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("benchmark", "runners")


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Module name → source file for every module of :data:`PACKAGES` (a fresh copy
    of :func:`_module_files`: :func:`package_of` asks once per edge)."""
    return dict(_module_files(root))


@functools.cache
def _module_files(root: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).with_suffix("")
            parts = list(rel.parts)
            if "data" in parts[1:2]:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.Module, top_level: bool) -> Iterable[tuple[ast.stmt, int]]:
    """Import statements of a module (``top_level``: only those run at import time).

    Every import is any ``import``/``from`` node of the tree; the top-level ones are
    those outside function and class bodies and outside ``if TYPE_CHECKING:``
    (``if``, ``try`` and ``with`` blocks run at import time)."""
    if not top_level:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                yield node, node.lineno
        return

    def walk(body: list[ast.stmt]) -> Iterable[ast.stmt]:
        for node in body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                yield node
            elif isinstance(node, ast.If):
                if _is_type_checking(node):
                    continue
                yield from walk(node.body)
                yield from walk(node.orelse)
            elif isinstance(node, (ast.Try, ast.With)):
                for block in (node.body, *(h.body for h in getattr(node, "handlers", ())),
                              getattr(node, "orelse", []), getattr(node, "finalbody", [])):
                    yield from walk(block)

    for node in walk(tree.body):
        yield node, node.lineno


def _resolve(module: str, is_package: bool, node: ast.stmt, known: set[str]) -> set[str]:
    """The known modules an import statement imports."""
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parts = module.split(".")
            anchor = parts if is_package else parts[:-1]
            anchor = anchor[:len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        names = [base] + [f"{base}.{a.name}" for a in node.names]
    out: set[str] = set()
    for name in names:
        parts = name.split(".")
        for i in range(1, len(parts) + 1):     # a submodule runs its packages' __init__
            prefix = ".".join(parts[:i])
            if prefix in known:
                out.add(prefix)
    return out


@functools.cache
def parse(path: Path) -> ast.Module:
    """The syntax tree of a source file, parsed once per process (the tests ask for
    both graphs, and ``chain_sites.py`` reads the same files)."""
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def graph(top_level: bool, root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the modules of :data:`PACKAGES` it imports (no self-edges)."""
    files = module_files(root)
    known = set(files)
    edges: dict[str, set[str]] = {m: set() for m in files}
    for module, path in files.items():
        for node, _ in _imports(parse(path), top_level):
            edges[module] |= _resolve(module, path.name == "__init__.py", node, known)
        edges[module].discard(module)
        # a package's own __init__ is run by its submodules: not a dependency of interest
        edges[module] = {t for t in edges[module] if not module.startswith(t + ".")}
    return edges


def package_of(module: str) -> str:
    """``benchmark.scoring.ner`` → ``benchmark.scoring``; ``benchmark.cli`` → ``benchmark``;
    a package is its own package."""
    files = module_files()
    if files.get(module, Path()).name == "__init__.py":
        return module
    return module.rpartition(".")[0] or module


def collapse(edges: dict[str, set[str]], key=package_of) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, set[str]] = {}
    for a, targets in edges.items():
        ka = key(a)
        out.setdefault(ka, set())
        for b in targets:
            kb = key(b)
            if kb != ka:
                out[ka].add(kb)
    return out


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node, sorted (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(max(10000, sys.getrecursionlimit()))

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return sorted(found)


#: The layers, bottom to top (the layout by pipeline step, ``docs/architecture.md``):
#: a module may import its own layer and those below. ``benchmark`` (the package
#: module) is the public API facade over every layer. A module outside every named
#: package is ``unlayered`` and ranks above everything, so a new top-level module
#: fails the upward-import check until it is given a layer.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("benchmark.core",)),
    ("gold", ("benchmark.gold",)),
    ("predict", ("benchmark.predict",)),
    ("scoring", ("benchmark.scoring",)),
    ("formats", ("benchmark.formats", "benchmark.importers", "benchmark.perturb",
                 "benchmark.render")),
    ("runners", ("runners",)),
    ("harness", ("benchmark.harness",)),
    ("publish", ("benchmark.publish",)),
    ("cli", ("benchmark.cli",)),
    ("api", ("benchmark",)),
    ("unlayered", ()),
)


def layer_of(module: str) -> str:
    """The layer of ``module`` (the most specific prefix of :data:`LAYERS` wins)."""
    best, length = "unlayered", 0
    for name, prefixes in LAYERS:
        for prefix in prefixes:
            hit = module == prefix or module.startswith(prefix.rstrip(".") + ".")
            if hit and len(prefix) > length and (prefix != "benchmark" or module == "benchmark"):
                best, length = name, len(prefix)
    return best


def upward_imports(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports that run from a lower layer to a higher one, ``(importer, imported)``.
    The ``benchmark`` package module is exempt as a target: importing any
    submodule runs it (it only holds the version and lazy names)."""
    rank = {name: i for i, (name, _) in enumerate(LAYERS)}
    return sorted((a, b) for a, targets in edges.items() for b in targets
                  if b != "benchmark" and rank[layer_of(b)] > rank[layer_of(a)])


def report() -> dict[str, list[list[str]]]:
    """Cycles per graph: modules, packages and layers (top-level and all imports),
    and the imports that run up the layers."""
    top, every = graph(True), graph(False)
    return {"modules (top-level imports)": cycles(top),
            "modules (all imports)": cycles(every),
            "packages (top-level imports)": cycles(collapse(top)),
            "packages (all imports)": cycles(collapse(every)),
            "layers (all imports)": cycles(collapse(every, layer_of)),
            "upward imports": [list(pair) for pair in upward_imports(every)]}


def main() -> int:
    found = report()
    for name, comps in found.items():
        print(f"{name}: {len(comps)} {'cycle(s)' if 'upward' not in name else 'import(s)'}")
        for comp in comps:
            print("  " + " ↔ ".join(comp) if len(comp) < 8 else
                  f"  {len(comp)} modules: " + ", ".join(comp))
    return 1 if any(found.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
