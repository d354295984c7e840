"""Text that came from outside khabar: shorten it before echoing it, redact secrets.

Values from predictions, extractor output and server answers end up in
messages. Two rules apply wherever such text is echoed:

* :func:`clip` — a long value is cut to a prefix and says how long it was
  (``"XXXX…… (1000000 characters)"``), so one bad value never floods a terminal
  or a CI log;
* :func:`redact` — API keys never leave the process: the known secret values
  (the key an ``openai:`` run sent, and the values of environment variables
  whose names say they hold one, :func:`env_secrets`) and anything that looks
  like an HTTP credential (``Authorization: …``, ``Bearer …``, ``api-key: …``)
  are replaced by :data:`REDACTED`, in failure reasons, details, samples and
  cache entries.

Escaping for a particular output (rich markup, Markdown, HTML) is the
renderer's job; see :mod:`benchmark.render`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

#: What a redacted secret is replaced with.
REDACTED = "[REDACTED]"
#: Default length of a clipped value (characters kept).
CLIP = 200

# ``Authorization: Bearer abc``, ``"authorization": "Basic abc"``, ``x-api-key=abc``: the
# header name, its separator and optional quote are kept, the value goes.
_HEADER = re.compile(r"(?i)((?:proxy-)?authorization|x-api-key|api[-_]?key)"
                     r"(\"?\s*[:=]\s*\"?)"
                     r"(?:(bearer|basic|token)\s+)?(?:\[REDACTED\]|[^\s\"',;}\]]+)")
_BEARER = re.compile(r"(?i)\b(bearer|basic)(\s+)(?!\[REDACTED\])[A-Za-z0-9._~+/=:-]{4,}")


_SECRET_NAME = re.compile(r"(?i)(api_?key|token|secret|passw(or)?d|credential)")


def env_secrets(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Values (8 characters or more) of environment variables whose names say they
    hold a secret: ``OPENAI_API_KEY``, ``HF_TOKEN``, ``MY_SECRET``, ``DB_PASSWORD`` …"""
    environ = os.environ if environ is None else environ
    return tuple(v for k, v in environ.items() if _SECRET_NAME.search(k) and len(v) >= 8)


def clip(text: str, limit: int = CLIP) -> str:
    """``text`` if it has at most ``limit`` characters, else its first ``limit``
    characters, an ellipsis and the full length: ``"abc… (1000000 characters)"``."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every value of ``secrets`` (ignored when shorter than 4
    characters) and every HTTP credential replaced by :data:`REDACTED`."""
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)

    def header(m: re.Match[str]) -> str:
        scheme = f"{m.group(3)} " if m.group(3) else ""
        return f"{m.group(1)}{m.group(2)}{scheme}{REDACTED}"

    text = _HEADER.sub(header, text)
    return _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)


# C0 controls but tab and newline, DEL, C1 controls (ESC starts ANSI colours and OSC
# titles/links, BEL ends OSC, CR overwrites the line) and lone surrogates (no valid
# UTF-8: printing or writing them raises UnicodeEncodeError).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with terminal control characters (ANSI and OSC escape sequences, CR,
    BEL …) and lone surrogates written as Python escapes (``\\x1b``, ``\\ud800``), the
    way ``repr`` shows them; tabs and newlines are kept. Apply it to text from outside
    (exception messages, a child's stderr) before it is stored or printed."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def non_json(value: object, path: str = "$") -> tuple[str, str] | None:
    """The first place in ``value`` that is not plain JSON, as ``(path, what)``:
    a value of another type (a set, bytes, a function …, shown by ``repr``), a
    non-string key, or a string with a lone surrogate (not valid Unicode: it cannot
    be written as UTF-8). ``None`` when ``value`` is plain JSON.

    Plain JSON (the common case: every record of a run) is recognised by one quick
    walk that builds no path and searches its strings for a surrogate in one go;
    only a value it does not vouch for is walked again, path by path, to say where."""
    strings: list[str] = []
    if _plain(value, strings) and _SURROGATE.search("".join(strings)) is None:
        return None
    return _where_not_json(value, path)


_SCALARS = frozenset((bool, int, float, type(None)))


def _plain(value: object, strings: list[str]) -> bool:
    """True when ``value`` is built of exactly ``dict`` (string keys), ``list``,
    ``tuple``, ``str``, ``int``, ``float``, ``bool`` and ``None`` (subclasses are
    left to :func:`_where_not_json`); its strings, keys included, are appended to
    ``strings`` for one surrogate search. Recursion as deep as the value's nesting,
    as in :func:`_where_not_json`."""
    t = type(value)
    if t is str:
        strings.append(value)  # type: ignore[arg-type]
        return True
    if t in _SCALARS:
        return True
    add = strings.append
    if t is dict:
        for key, item in value.items():  # type: ignore[attr-defined]
            if type(key) is not str:
                return False
            add(key)
            tt = type(item)
            if tt is str:
                add(item)
            elif tt not in _SCALARS and not _plain(item, strings):
                return False
        return True
    if t is list or t is tuple:
        for item in value:  # type: ignore[attr-defined]
            tt = type(item)
            if tt is str:
                add(item)
            elif tt not in _SCALARS and not _plain(item, strings):
                return False
        return True
    return False


def _where_not_json(value: object, path: str) -> tuple[str, str] | None:
    """:func:`non_json`, path by path."""
    if isinstance(value, str):
        m = _SURROGATE.search(value)
        if m is None:
            return None
        return path, (f"a string with a lone surrogate {printable(m.group())} (not valid "
                      f"Unicode): {clip(printable(repr(value)), 100)}")
    if value is None or isinstance(value, (bool, int, float)):
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return path, (f"a key of type {type(key).__name__}, not a string: "
                              f"{clip(printable(repr(key)), 100)}")
            found = _where_not_json(key, f"{path}.{printable(key)}") or \
                _where_not_json(item, f"{path}.{printable(key)}")
            if found:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _where_not_json(item, f"{path}[{index}]")
            if found:
                return found
        return None
    return path, (f"a value of type {type(value).__name__}, not JSON: "
                  f"{clip(printable(repr(value)), 100)}")
