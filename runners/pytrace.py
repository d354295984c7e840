"""What a failing ``py:`` extractor shows: its own frames of the traceback.

:func:`user_traceback` formats an exception raised by a user's callable with
khabar's frames left out (everything under khabar's ``benchmark/`` and
``runners/`` packages: the call into the extractor), so the failure detail
starts at the user's function and ends at the line that raised::

    the extractor's traceback (khabar's own frames left out), most recent call last:
      File "/home/me/my_ner.py", line 12, in extract
        return [tag(doc) for doc in documents]
      File "/home/me/my_ner.py", line 8, in tag
        raise ValueError("no model loaded")
    ValueError: no model loaded
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_KHABAR_DIRS = tuple(str(Path(__file__).resolve().parent.parent / name) + "/"
                     for name in ("benchmark", "runners"))
HEADER = "the extractor's traceback (khabar's own frames left out), most recent call last:"


def _is_khabar(filename: str) -> bool:
    try:
        resolved = str(Path(filename).resolve())
    except (OSError, ValueError):
        return False
    return resolved.startswith(_KHABAR_DIRS)


def user_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` without khabar's own frames (see the module)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _is_khabar(f.filename)]
    lines = [HEADER, *traceback.format_list(frames),
             *traceback.format_exception_only(type(exc), exc)]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines).rstrip("\n")


def is_iterable_of_records(value: Any) -> bool:
    """A generator or other iterable of records (not a list, a record or a string)."""
    return not isinstance(value, (list, dict, str, bytes)) and isinstance(value, Iterable)
