"""Line numbers of the values in a JSON text, keyed by JSON path.

The standard ``json`` module forgets positions; error messages about gold and
prediction files should still say *which line* holds the bad value. This is a
small scanner over already-valid JSON (parse with ``json.loads`` first) that
records the 1-based line where each value starts.
"""

from __future__ import annotations

import json
import json.decoder
import re
from typing import Any

Path = tuple[str | int, ...]

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


def value_lines(source: str) -> dict[Path, int]:
    """Map every JSON path (``("entities", 3, "text")``) to the line its value starts on."""
    lines: dict[Path, int] = {}
    newlines = [i for i, ch in enumerate(source) if ch == "\n"]

    def line_of(pos: int) -> int:
        import bisect
        return bisect.bisect_right(newlines, pos - 1) + 1

    def skip(pos: int) -> int:
        return _WS.match(source, pos).end()  # type: ignore[union-attr]

    def value(pos: int, path: Path) -> int:
        pos = skip(pos)
        lines[path] = line_of(pos)
        ch = source[pos]
        if ch == "{":
            pos = skip(pos + 1)
            if source[pos] == "}":
                return pos + 1
            keys: set[str] = set()
            while True:
                key_pos = skip(pos)
                key, pos = json.decoder.scanstring(source, key_pos + 1)
                if key in keys:
                    raise StrictJsonError(line_of(key_pos), format_path((*path, key)), key,
                                          "each key once per object (a duplicate key is "
                                          "refused, never resolved by keeping the last)")
                keys.add(key)
                pos = skip(pos)  # at ':'
                pos = value(pos + 1, (*path, key))
                pos = skip(pos)
                if source[pos] == "}":
                    return pos + 1
                pos += 1  # ','
        if ch == "[":
            pos = skip(pos + 1)
            if source[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = value(pos, (*path, index))
                pos = skip(pos)
                index += 1
                if source[pos] == "]":
                    return pos + 1
                pos += 1
        if ch == '"':
            return json.decoder.scanstring(source, pos + 1)[1]
        m = _SCALAR.match(source, pos)
        if m is None:
            word = re.match(r"-?[A-Za-z]+", source[pos:pos + 12])
            raise StrictJsonError(line_of(pos), format_path(path),
                                  word.group(0) if word else source[pos:pos + 12],
                                  "a finite JSON number (NaN and Infinity are not JSON)")
        return m.end()

    value(0, ())
    return lines


def format_path(path: Path) -> str:
    """``("entities", 3, "text")`` → ``$.entities[3].text``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


class StrictJsonError(ValueError):
    """JSON that ``json.loads`` would accept but khabar refuses: a duplicate key
    or a non-finite constant (``NaN``, ``Infinity``), with the line and path."""

    def __init__(self, line: int, path: str, value: Any, expected: str):
        self.line, self.path, self.value, self.expected = line, path, value, expected
        super().__init__(f"line {line}: {path}: got {value!r}; expected {expected}")


class _Refused(Exception):
    pass


def _refuse_constant(name: str) -> Any:
    raise _Refused(name)


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Refused("duplicate")
    return out


def strict_json_loads(source: str) -> Any:
    """``json.loads`` that refuses duplicate keys and NaN/Infinity.

    Raises ``json.JSONDecodeError`` for malformed JSON, and
    :class:`StrictJsonError` (with the line and JSON path, found by the
    position scanner only in that case) for the two things the standard
    parser lets through.
    """
    try:
        return json.loads(source, parse_constant=_refuse_constant,
                          object_pairs_hook=_refuse_duplicates)
    except _Refused:
        value_lines(source)  # raises StrictJsonError at the first offending place
        raise StrictJsonError(1, "$", None, "strict JSON")  # pragma: no cover - scanner finds it


class LazyLines:
    """``value_lines(source)``, computed on the first lookup only.

    Line numbers are needed only when a problem is reported, so valid files
    never pay for the scan.
    """

    def __init__(self, source: str | bytes):
        self._source = source
        self._lines: dict[Path, int] | None = None

    def _get(self) -> dict[Path, int]:
        if self._lines is None:
            source = self._source
            self._lines = value_lines(source.decode("utf-8", "replace")
                                      if isinstance(source, bytes) else source)
        return self._lines

    def __contains__(self, path: object) -> bool:
        return path in self._get()

    def get(self, path: Path, default: int | None = None) -> int | None:
        return self._get().get(path, default)

    def __getitem__(self, path: Path) -> int:
        return self._get()[path]
