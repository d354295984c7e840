"""Line numbers of the values in a JSON text, keyed by JSON path.

The standard ``json`` module forgets positions; error messages about gold and
prediction files should still say *which line* holds the bad value. This is a
small scanner over already-valid JSON (parse with ``json.loads`` first) that
records the 1-based line where each value starts.
"""

from __future__ import annotations

import json.decoder
import re

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
            while True:
                key, pos = json.decoder.scanstring(source, skip(pos) + 1)
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
            raise ValueError(f"not JSON at offset {pos}")
        return m.end()

    value(0, ())
    return lines


def format_path(path: Path) -> str:
    """``("entities", 3, "text")`` → ``$.entities[3].text``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
