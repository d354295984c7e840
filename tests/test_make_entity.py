"""``make_entity`` (the loaders' fast constructor) builds exactly ``Entity(...)``."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from benchmark.core.documents import Alternative, Entity, _MutableEntity, make_entity


def test_the_twin_has_the_slots_of_entity():
    assert _MutableEntity.__slots__ == Entity.__slots__ == tuple(
        f.name for f in dataclasses.fields(Entity))


@pytest.mark.parametrize("args", [
    ("e1", 0, 4, "حلب", "GPE"),
    ("e2", 3, 9, "والي حلب", "OCC", None, "e0", "c1", True,
     (Alternative(3, 5, "وا", "PERS", None),)),
])
def test_make_entity_is_entity(args):
    a, b = Entity(*args), make_entity(*args)
    assert type(b) is Entity and a == b and hash(a) == hash(b) and repr(a) == repr(b)
    assert pickle.loads(pickle.dumps(b)) == a and dataclasses.replace(b) == a
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.start = 1  # type: ignore[misc]
