"""The gold document cache (benchmark/gold/doccache.py): a cache hit gives the
documents and the hash a full check gives, the checks that do not follow from the
gold file's bytes still run on a hit, and a corrupt, unreadable or unwritable
cache changes nothing."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmark.gold import doccache
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
    monkeypatch.setattr(doccache, "CACHE_FROM_BYTES", 1000)
    return folder


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "gold-docs").rglob("*") if p.is_file())


def test_the_documents_are_cached(corpus: Path, cache: Path) -> None:
    assert all(len(p.read_bytes()) >= doccache.CACHE_FROM_BYTES for p in corpus.glob("*.json"))


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
    sha = load_gold(corpus).sha256
    # what an edit of any module in doccache.CODE does to the fingerprint
    monkeypatch.setattr(doccache, "_fingerprint", [b"other code" * 4])
    assert load_gold(corpus).sha256 == sha
    assert len(entries(cache)) == 6      # the entries of the old code were not used


def test_the_fingerprint_covers_the_loader_source() -> None:
    import hashlib
    import sys as _sys

    from benchmark.gold import loader

    assert "benchmark.gold.loader" in doccache.CODE and "benchmark.core.jsonpos" in doccache.CODE
    doccache._fingerprint.clear()
    h = hashlib.sha256(repr((doccache.FORMAT, _sys.version_info[:2])).encode("ascii"))
    for name in doccache.CODE:
        h.update(Path(_sys.modules[name].__file__).read_bytes())
    assert doccache.code_fingerprint() == h.digest()
    assert Path(loader.__file__).read_bytes() in b"".join(
        Path(_sys.modules[n].__file__).read_bytes() for n in doccache.CODE)


def test_a_hit_gives_the_documents_a_full_check_gives(corpus: Path, cache: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cold = load_gold(corpus)
    warm = load_gold(corpus)
    monkeypatch.setenv("KHABAR_CACHE", "off")
    fresh = load_gold(corpus)
    assert warm.documents == fresh.documents == cold.documents
    assert [d.meta for d in warm.documents] == [d.meta for d in fresh.documents]
    assert [d.text for d in warm.documents] == [d.text for d in fresh.documents]
    assert (warm.sha256, warm.gold_version) == (fresh.sha256, fresh.gold_version)


def test_the_bundled_gold_loads_the_same_from_the_cache(cache: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Every real document (nesting, alternatives, timex anchors, split roles,
    implicit sources) goes through the cache and comes back equal."""
    from benchmark.gold.loader import BUNDLED_GOLD

    monkeypatch.setattr(doccache, "CACHE_FROM_BYTES", 1)
    monkeypatch.delenv("KHABAR_GOLD", raising=False)
    cold = load_gold(BUNDLED_GOLD)
    assert len(entries(cache)) == len(cold.documents)
    warm = load_gold(BUNDLED_GOLD)
    monkeypatch.setenv("KHABAR_CACHE", "off")
    fresh = load_gold(BUNDLED_GOLD)
    assert warm.documents == fresh.documents
    assert [d.meta for d in warm.documents] == [d.meta for d in fresh.documents]
    assert warm.sha256 == fresh.sha256
    assert any(e.alternatives for d in warm.documents for e in d.entities)
    assert any(t.anchor not in (None, "DCT") for d in warm.documents for t in d.timexes)


def test_a_hit_does_not_parse_or_check_the_gold_json(corpus: Path, cache: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmark.gold import loader

    sha = load_gold(corpus).sha256

    def boom(source):  # type: ignore[no-untyped-def]
        raise AssertionError("gold JSON parsed despite the cache")

    monkeypatch.setattr(loader, "strict_json_loads", boom)
    assert load_gold(corpus).sha256 == sha
    monkeypatch.setenv("KHABAR_CACHE", "off")
    with pytest.raises(AssertionError, match="despite the cache"):
        load_gold(corpus)


def test_a_changed_text_file_is_reported_on_a_hit(corpus: Path, cache: Path) -> None:
    from benchmark.gold.loader import GoldError

    load_gold(corpus)
    text = sorted((corpus.parent / "texts").glob("*.txt"))[0]
    text.write_text("x" + text.read_text(encoding="utf-8")[1:], encoding="utf-8")
    with pytest.raises(GoldError) as err:
        load_gold(corpus)
    (problem,) = err.value.problems
    assert problem.path == "$.sha256" and "the sha256 of the text file" in problem.expected
    assert problem.line == 7     # the line of "sha256" in the gold file, found on demand


def test_a_text_path_that_now_escapes_the_root_is_refused_on_a_hit(
        corpus: Path, cache: Path, tmp_path: Path) -> None:
    from benchmark.gold.loader import GoldError

    load_gold(corpus)
    text = sorted((corpus.parent / "texts").glob("*.txt"))[0]
    outside = tmp_path / "outside.txt"
    outside.write_bytes(text.read_bytes())     # the same bytes, outside the corpus root
    text.unlink()
    text.symlink_to(outside)
    with pytest.raises(GoldError) as err:
        load_gold(corpus)
    assert any("escapes the root" in p.expected for p in err.value.problems)


def test_a_duplicate_doc_id_among_hits_names_its_line(corpus: Path, cache: Path) -> None:
    from benchmark.gold.loader import GoldError

    first = sorted(corpus.glob("*.json"))[0]
    (corpus / "zz-copy.json").write_bytes(first.read_bytes())
    with pytest.raises(GoldError):
        load_gold(corpus)            # cold: the copy is refused
    with pytest.raises(GoldError) as err:
        load_gold(corpus)            # warm: both files hit the cache, same report
    (problem,) = err.value.problems
    assert problem.file.endswith("zz-copy.json") and problem.path == "$.doc_id"
    assert problem.line == 4


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
    for path in [*entries(cache), *sorted((cache / "gold-docs").rglob("*"))]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        assert load_gold(corpus).sha256 == sha
    finally:
        for path in (cache / "gold-docs").rglob("*"):
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
    assert doccache.cache_dir() == tmp_path / "k" / "gold-docs"
    for off in ("off", "", "0"):
        monkeypatch.setenv("KHABAR_CACHE", off)
        assert doccache.cache_dir() is None
    monkeypatch.delenv("KHABAR_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert doccache.cache_dir() == tmp_path / "x" / "khabar" / "gold-docs"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert doccache.cache_dir() == tmp_path / "home" / ".cache" / "khabar" / "gold-docs"


def test_small_documents_never_touch_the_cache(cache: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doccache, "CACHE_FROM_BYTES", 64 * 1024)
    load_gold()   # the seed document (conftest): far below the threshold
    assert not (cache / "gold-docs").exists()


PLANTED = "zz"


def _plant(cache: Path, name: str, age_days: float) -> Path:
    """A file in the entries' folder whose modification time is ``age_days`` old. Its
    shard folder ``zz`` is not hex, so no real entry (sha256 hex) ever lands in it."""
    path = cache / "gold-docs" / PLANTED / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"stale\n{}")
    when = time.time() - age_days * 86400
    os.utime(path, (when, when))
    return path


def test_the_first_write_prunes_unused_entries_and_dead_temporaries(
        corpus: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doccache, "_pruned", [])
    old = _plant(cache, "0" * 64, doccache.MAX_AGE_DAYS + 1)
    recent = _plant(cache, "1" * 64, doccache.MAX_AGE_DAYS - 1)
    dead_tmp = _plant(cache, ".tmp-dead", 2)
    live_tmp = _plant(cache, ".tmp-live", 0.01)     # another process is writing it
    load_gold(corpus)
    assert not old.exists() and not dead_tmp.exists()
    assert recent.exists() and live_tmp.exists()
    assert len([p for p in entries(cache) if p.parent.name != PLANTED]) == 3


def test_a_hit_keeps_its_entry_from_being_pruned(corpus: Path, cache: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    load_gold(corpus)
    stored = [p for p in entries(cache)]
    when = time.time() - (doccache.MAX_AGE_DAYS + 5) * 86400
    for p in stored:
        os.utime(p, (when, when))
    load_gold(corpus)                                # three hits: each touched
    assert doccache.prune(cache / "gold-docs") == 0
    assert entries(cache) == stored
    # not touched again within a day: a hit reads, it does not write every time
    fresh = stored[0].stat().st_mtime
    load_gold(corpus)
    assert stored[0].stat().st_mtime == fresh


def test_a_user_s_cache_stays_bounded_across_gold_edits(tmp_path: Path) -> None:
    """As a user runs it: `khabar validate` with an old cache of an earlier gold
    edit; the run stores the new entries and removes the month-old ones."""
    write_ner_corpus(tmp_path / "corpus", documents=2, sentences=400, seed=5)
    cache = tmp_path / "cache"
    old = _plant(cache, "2" * 64, doccache.MAX_AGE_DAYS + 3)
    env = {**os.environ, "KHABAR_CACHE": str(cache)}
    khabar = Path(sys.executable).parent / "khabar"
    proc = subprocess.run([str(khabar), "validate", str(tmp_path / "corpus" / "gold")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "valid: 2 file(s)" in proc.stdout
    assert not old.exists()
    assert len([p for p in entries(cache) if p.parent.name != PLANTED]) == 2
