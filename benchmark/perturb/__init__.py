"""Robustness variants of gold documents: seeded perturbations with exactly
re-derived annotations.

``perturb(doc, ["orthography", "digits"], seed=7)`` applies the kinds in order
(semantic kinds such as ``dct_shift`` first, the surface ones after), each with
its own ``random.Random`` derived from the seed and the kind's name (so adding
a kind never changes what another one does), and returns the variant with its
signature ``orthography@1(p=0.5)+digits@1(to=eastern)|seed:7``.
:func:`write_variant_gold` writes variants as a standard gold directory.
"""

from __future__ import annotations

import difflib
import json
import random
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from benchmark.core.documents import Document
from benchmark.core.files import replace_dir, write_text
from benchmark.gold.loader import gold_record
from benchmark.perturb.dct_shift import DctShift
from benchmark.perturb.entity_swap import EntitySwap
from benchmark.perturb.kinds import Digits, Harakat, Kind, Orthography, Punctuation, Tatweel

#: kind name → class; ``KINDS["orthography"](p=0.3)`` builds one.
KINDS: dict[str, type[Kind]] = {k.name: k for k in (Orthography, Tatweel, Harakat, Digits,
                                                    Punctuation, DctShift, EntitySwap)}
_SPEC = re.compile(r"\s*([a-z_]+)\s*(?:\((.*)\))?\s*")

#: Sub-directory of a variant gold directory that holds the text files.
TEXT_DIR = "texts"


def make_kind(kind: str | Kind, **params: Any) -> Kind:
    """A kind by name or spec (``orthography``, ``orthography(p=0.3)``,
    ``dct_shift(days=-10)``; keyword ``params`` too) or the instance itself;
    ``ValueError`` with a did-you-mean for an unknown name or parameter."""
    if isinstance(kind, Kind):
        return kind
    m = _SPEC.fullmatch(kind)
    name = m.group(1) if m else kind
    if name not in KINDS:
        close = difflib.get_close_matches(name, KINDS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"unknown perturbation {name!r}{hint}; known: {', '.join(KINDS)}")
    cls = KINDS[name]
    defaults = cls()
    for item in (m.group(2) or "").split(",") if m and m.group(2) else []:
        key, _, raw = item.partition("=")
        key = key.strip()
        if not key:
            continue
        if key not in defaults.params:
            raise ValueError(f"{name} has no parameter {key!r}; it has "
                             f"{', '.join(defaults.params) or 'none'}")
        try:
            params[key] = type(defaults.params[key])(raw.strip())
        except ValueError:
            raise ValueError(f"{name}: {key}={raw.strip()!r} is not a "
                             f"{type(defaults.params[key]).__name__}") from None
    return cls(**params)


def split_kinds(specs: str) -> list[str]:
    """``"orthography(p=0.3),digits"`` → ``["orthography(p=0.3)", "digits"]``
    (commas inside parentheses separate parameters, not kinds)."""
    return [s.strip() for s in re.split(r",(?![^()]*\))", specs) if s.strip()]


def signature(kinds: list[Kind], seed: int) -> str:
    """``orthography@1(p=0.5)+digits@1(to=eastern)|seed:7``; ``identity|seed:7`` for no kinds."""
    return ("+".join(k.signature for k in kinds) or "identity") + f"|seed:{seed}"


def perturb(doc: Document, kinds: list[str | Kind] | tuple[str | Kind, ...],
            seed: int) -> tuple[Document, str]:
    """Apply ``kinds`` in order to ``doc``; the variant and its signature.
    Kind *k* draws from ``random.Random(f"{seed}:{k.name}")``. No kinds gives
    ``doc`` itself."""
    built = [make_kind(k) for k in kinds]
    built.sort(key=lambda k: not k.semantic)  # stable: semantic first
    for kind in built:
        doc = kind.apply(doc, random.Random(f"{seed}:{kind.name}"))
    return doc, signature(built, seed)


def variant_record(doc: Document, text_path: str, *, meta: dict[str, Any] | None = None) -> dict:
    """The gold JSON object of ``doc`` (current format) for a text file at ``text_path``."""
    return gold_record(doc, text_path, meta=meta)


def is_variant_dir(path: Path) -> bool:
    """``path`` holds only what :func:`write_variant_gold` writes (``*.json`` files
    and ``texts/``), so replacing it cannot destroy anything else."""
    return path.is_dir() and all(
        (p.is_file() and p.suffix == ".json") or (p.is_dir() and p.name == TEXT_DIR)
        for p in path.iterdir())


def write_variant_gold(docs: list[Document] | tuple[Document, ...], out_dir: Path,
                       *, meta: dict[str, dict[str, Any]] | None = None) -> list[Path]:
    """Write ``docs`` as a gold directory: ``<doc_id>.json`` beside
    ``texts/<doc_id>.txt`` (``text_path`` relative, ``sha256`` of the bytes).
    ``meta`` maps a doc_id to its free-form ``meta`` object. The directory is
    built in a temporary sibling and moved into place; an existing ``out_dir``
    is replaced only when it is empty or a variant directory
    (``FileExistsError`` otherwise)."""
    out_dir = Path(out_dir)
    ids = [d.doc_id for d in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("variant doc_ids must be unique")
    if out_dir.exists() and not is_variant_dir(out_dir):
        raise FileExistsError(f"{out_dir} exists and is not a variant gold directory "
                              f"(only *.json and {TEXT_DIR}/); not replacing it")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for doc in docs:
            write_text(tmp / TEXT_DIR / f"{doc.doc_id}.txt", doc.text)
            record = variant_record(doc, f"{TEXT_DIR}/{doc.doc_id}.txt",
                                    meta=(meta or {}).get(doc.doc_id))
            write_text(tmp / f"{doc.doc_id}.json",
                       json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(out_dir.glob("*.json"))


def variants(docs: list[Document] | tuple[Document, ...], kinds: list[str | Kind], seed: int,
             n: int) -> tuple[list[Document], dict[str, dict[str, Any]]]:
    """``n`` variants of each document, variant *k* with seed ``seed + k`` and
    doc_id ``<doc_id>.v<k>``; returns the documents and their ``meta`` objects
    (source doc_id and perturbation signature)."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    out: list[Document] = []
    meta: dict[str, dict[str, Any]] = {}
    for doc in docs:
        for k in range(n):
            variant, sig = perturb(doc, kinds, seed + k)
            vid = f"{doc.doc_id}.v{k}"
            out.append(Document(vid, variant.text, variant.dct, variant.language,
                                variant.entities, variant.timexes, variant.attributions,
                                dict(variant.meta), split=doc.split, layers=doc.layers))
            meta[vid] = {"source_doc_id": doc.doc_id, "perturbation": sig}
    return out, meta


__all__ = ["KINDS", "TEXT_DIR", "is_variant_dir", "make_kind", "perturb", "signature", "split_kinds",
           "variant_record",
           "variants", "write_variant_gold"]
