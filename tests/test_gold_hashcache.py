"""The gold hash cache (benchmark/gold/hashcache.py): a cache hit gives the hash a
computation gives, and a corrupt, unreadable or unwritable cache changes nothing."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from benchmark.gold import hashcache
from benchmark.gold.loader import gold_hash, load_gold

sys.path.insert(0, str(Path(__file__).resolve().parent / "perf"))
from synth import write_ner_corpus  # noqa: E402


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three small synthetic documents (the ``cache`` fixture lowers the threshold)."""
    write_ner_corpus(tmp_path / "corpus", documents=3, sentences=30, seed=3)
    return tmp_path / "corpus" / "gold"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KHABAR_CACHE", str(folder))
    monkeypatch.setattr(hashcache, "CACHE_FROM_CHARS", 1000)
    return folder


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "gold-lines").rglob("*") if p.is_file())


def test_the_documents_are_cached(corpus: Path, cache: Path) -> None:
    assert all(len(p.read_text(encoding="utf-8")) >= hashcache.CACHE_FROM_CHARS
               for p in corpus.glob("*.json"))


def test_cold_and_warm_give_the_computed_hash(corpus: Path, cache: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cold = load_gold(corpus)
    assert len(entries(cache)) == 3
    warm = load_gold(corpus)
    assert warm.sha256 == cold.sha256 == gold_hash(list(cold.documents))
    monkeypatch.setenv("KHABAR_CACHE", "off")
    assert load_gold(corpus).sha256 == cold.sha256


def test_a_cache_hit_does_not_compute(corpus: Path, cache: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    from benchmark.gold import loader

    sha = load_gold(corpus).sha256

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("canonical JSON computed despite the cache")

    # on valid gold, _hash_line is the loader's only caller of json.dumps
    monkeypatch.setattr(loader, "json", types.SimpleNamespace(
        dumps=boom, JSONDecodeError=json.JSONDecodeError))
    assert load_gold(corpus).sha256 == sha
    monkeypatch.setenv("KHABAR_CACHE", "off")
    with pytest.raises(AssertionError, match="despite the cache"):
        load_gold(corpus)


def test_other_code_is_another_key(corpus: Path, cache: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmark.gold import loader

    sha = load_gold(corpus).sha256
    original = loader._hash_line
    monkeypatch.setattr(loader, "_hash_line", lambda doc, raw=None: original(doc, raw))
    assert load_gold(corpus).sha256 == sha
    assert len(entries(cache)) == 6      # the entries of the old code were not used


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage", "directory"])
def test_a_corrupt_entry_is_ignored_and_replaced(corpus: Path, cache: Path, damage: str) -> None:
    sha = load_gold(corpus).sha256
    victim = entries(cache)[0]
    data = victim.read_bytes()
    if damage == "truncate":
        victim.write_bytes(data[:len(data) // 2])
    elif damage == "flip":   # a changed byte in the line: its checksum no longer matches
        victim.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    elif damage == "empty":
        victim.write_bytes(b"")
    elif damage == "garbage":
        victim.write_bytes(b"\x00\xff" * 100)
    else:
        victim.unlink()
        victim.mkdir()
    assert load_gold(corpus).sha256 == sha
    if damage != "directory":
        assert victim.read_bytes() == data   # rewritten whole


def test_an_unwritable_cache_is_ignored(corpus: Path, cache: Path) -> None:
    if os.geteuid() == 0:
        # root writes through permission bits: a regular file where the folder
        # should be makes every write fail instead
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text("not a folder", encoding="utf-8")
    else:
        cache.mkdir()
        cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        first = load_gold(corpus)
        assert load_gold(corpus).sha256 == first.sha256 == gold_hash(list(first.documents))
    finally:
        if cache.is_dir():
            cache.chmod(stat.S_IRWXU)


def test_a_read_only_cache_with_entries_is_used(corpus: Path, cache: Path) -> None:
    sha = load_gold(corpus).sha256
    for path in [*entries(cache), *sorted((cache / "gold-lines").rglob("*"))]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        assert load_gold(corpus).sha256 == sha
    finally:
        for path in (cache / "gold-lines").rglob("*"):
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_a_changed_file_gets_a_new_hash(corpus: Path, cache: Path) -> None:
    before = load_gold(corpus).sha256
    path = sorted(corpus.glob("*.json"))[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entities"][0]["optional"] = not data["entities"][0]["optional"]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    after = load_gold(corpus)
    assert after.sha256 != before
    assert after.sha256 == gold_hash(list(after.documents))
    assert len(entries(cache)) == 4


def test_formatting_is_a_new_key_but_the_same_hash(corpus: Path, cache: Path) -> None:
    before = load_gold(corpus).sha256
    for path in corpus.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(data, ensure_ascii=False, indent=3), encoding="utf-8")
    assert load_gold(corpus).sha256 == before
    assert len(entries(cache)) == 6


def test_where_the_cache_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KHABAR_CACHE", str(tmp_path / "k"))
    assert hashcache.cache_dir() == tmp_path / "k" / "gold-lines"
    for off in ("off", "", "0"):
        monkeypatch.setenv("KHABAR_CACHE", off)
        assert hashcache.cache_dir() is None
    monkeypatch.delenv("KHABAR_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert hashcache.cache_dir() == tmp_path / "x" / "khabar" / "gold-lines"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert hashcache.cache_dir() == tmp_path / "home" / ".cache" / "khabar" / "gold-lines"


def test_small_documents_never_touch_the_cache(cache: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hashcache, "CACHE_FROM_CHARS", 64 * 1024)
    load_gold()   # the seed document (conftest): far below the threshold
    assert not (cache / "gold-lines").exists()
