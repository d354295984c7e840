"""Defer the two modules typer's help renderer imports but khabar's help never uses.

``typer.rich_utils`` (imported to draw ``--help`` and every usage error) imports
``rich.markdown`` and ``rich.traceback`` at its top. With ``rich_markup_mode="rich"``
(khabar's, :mod:`benchmark.cli.app`) no help text is ever parsed as Markdown, and
a rich traceback is drawn only for an internal error; yet importing the two pulls
in ``markdown_it`` and ``pygments``: about 0.12 s of a 0.25 s ``khabar --help``
(``python -X importtime``, typer 0.28, rich 15).

:func:`install` puts a stand-in module under each name, only when the real one is
not imported yet. A stand-in loads the real module the first time anything of it
is used: a name read from it (:meth:`_DeferredModule.__getattr__`), or a call of,
or an attribute read from, the class stand-ins ``from rich.markdown import
Markdown`` and ``from rich.traceback import Traceback`` receive
(:class:`_DeferredClass`; ``Traceback.from_exception(...)`` is such a read). The
real module then replaces the stand-in in ``sys.modules`` and on the ``rich``
package, so later imports get it directly. What a stand-in cannot give is
identity: ``isinstance(x, Markdown)`` with the stand-in class is false (typer does
not test it). The same technique as SPEC 1's ``lazy_loader``, kept to two names.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

#: The deferred modules and the names their importers take from them at import time.
DEFERRED: dict[str, tuple[str, ...]] = {
    "rich.markdown": ("Markdown",),
    "rich.traceback": ("Traceback",),
}


def _real(module: str) -> types.ModuleType:
    """The real ``module``: imported now (the stand-in removed first) or already."""
    current = sys.modules.get(module)
    if current is not None and not isinstance(current, _DeferredModule):
        return current
    sys.modules.pop(module, None)
    return importlib.import_module(module)  # also sets it on the parent package


class _DeferredClass(type):
    """A stand-in class whose calls and attributes are the real class's."""

    _module: str
    _name: str

    def _target(cls) -> Any:
        return getattr(_real(cls._module), cls._name)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._target()(*args, **kwargs)

    def __getattr__(cls, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return getattr(cls._target(), attr)


class _DeferredModule(types.ModuleType):
    """A stand-in module: its listed names are :class:`_DeferredClass` stand-ins,
    any other name loads the real module."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return getattr(_real(self.__name__), attr)


def install() -> None:
    """Put the stand-ins in place for every deferred module not yet imported."""
    for module, names in DEFERRED.items():
        if module in sys.modules:
            continue
        stand_in = _DeferredModule(module, f"stand-in for {module}: loaded on first use")
        for name in names:
            setattr(stand_in, name, _DeferredClass(name, (), {"_module": module, "_name": name,
                                                              "__module__": module}))
        sys.modules[module] = stand_in
        parent, _, child = module.rpartition(".")
        setattr(importlib.import_module(parent), child, stand_in)  # `import rich.markdown`
