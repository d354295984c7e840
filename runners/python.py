"""``py:package.module:callable`` — an in-process extractor.

The target is imported and used as follows:

* an object with ``predict`` (and optionally ``describe``) is used as is;
* a class is instantiated without arguments, then used as above;
* a plain function is called as ``function(documents) -> records``.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from dataclasses import dataclass
from typing import Any

from benchmark.documents import Document
from runners.base import ExtractorFailed, ExtractorInfo, Record


def load_target(target: str) -> Any:
    """Import ``module:attribute`` (dots allowed in the attribute). The current
    directory is importable, as with ``python -m``."""
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    module_name, sep, attr = target.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"py: expects package.module:callable, got {target!r}")
    try:
        obj: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise ValueError(f"py: cannot import module {module_name!r}: {exc}") from None
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise ValueError(f"py: module {module_name!r} has no attribute {attr!r}") from None
    return obj


@dataclass
class PythonExtractor:
    """Wraps a callable or an object with ``predict``."""

    target: str

    def __post_init__(self) -> None:
        obj = load_target(self.target)
        if inspect.isclass(obj):
            obj = obj()
        if not (hasattr(obj, "predict") or callable(obj)):
            raise ValueError(f"py: {self.target!r} is neither callable nor has predict()")
        self.obj = obj

    def describe(self) -> ExtractorInfo:
        if hasattr(self.obj, "describe"):
            info = self.obj.describe()
            if isinstance(info, ExtractorInfo):
                return info
        module = self.target.partition(":")[0]
        version = getattr(importlib.import_module(module), "__version__", "")
        return ExtractorInfo("py", self.target, str(version))

    def predict(self, documents: list[Document]) -> list[Record]:
        fn = self.obj.predict if hasattr(self.obj, "predict") else self.obj
        try:
            records = fn(documents)
        except Exception as exc:  # the extractor's own bug: report, never crash khabar
            raise ExtractorFailed(self.target, f"raised {type(exc).__name__}: {exc}") from exc
        if not isinstance(records, list):
            raise ExtractorFailed(self.target, f"returned {type(records).__name__}, "
                                               "expected a list of records")
        return records
