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
