"""``entity_swap``: one referent renamed everywhere it is annotated."""

from __future__ import annotations

import random

import pytest

from benchmark.core.documents import Alternative, Document, Entity
from benchmark.gold.loader import load_gold
from benchmark.perturb import perturb
from benchmark.perturb.entity_swap import PERSON_NAMES, GAZETTEER, EntitySwap


def gpe(i: str, start: int, text: str, *, ref: str = "x", parent=None, alts=(), optional=False,
        type_: str = "GPE"):
    coarse = {"GPE": "LOC", "ORG": "ORG"}[type_]
    return Entity(i, start, start + len(text), text, type_, coarse, parent, ref, optional, alts)


@pytest.mark.parametrize("text, spans, new, after", [
    # proclitic outside the span; the article kept whole
    ("بسوريا", [(1, 6)], "الرقة", "بالرقة"),
    # ل + article: the alef drops
    ("لسوريا", [(1, 6)], "الرقة", "للرقة"),
    # the written ل+ال form of a name with the article, to a name with and without one
    ("للبوكمال", [(1, 8)], "حمص", "لحمص"),
    ("للبوكمال", [(1, 8)], "الرقة", "للرقة"),
    ("للبوكمال", [(1, 8)], "اللاذقية", "للاذقية"),
    ("لسوريا", [(1, 6)], "اللاذقية", "للاذقية"),
    # only inside the cluster's spans, only whole words
    ("سوريا والسوريان سوريا", [(0, 5)], "حمص", "حمص والسوريان سوريا"),
    ("سوريالي", [(0, 7)], "حمص", "سوريالي"),
])
def test_rename_table(text, spans, new, after):
    old = "البوكمال" if "بوكمال" in text else "سوريا"
    ents = tuple(gpe(f"e{i}", s, text[s:e]) for i, (s, e) in enumerate(spans))
    doc = Document("d", text, "2017-11-19", entities=ents)
    from benchmark.perturb.edit import apply_edits
    assert apply_edits(text, EntitySwap.edits_for(doc, "x", old, new)).text == after


def test_nested_alternative_and_optional_mentions():
    text = "قوات سوريا الديمقراطية في مدينة سوريا و البلاد"
    doc = Document("d", text, "2017-11-19", entities=(
        gpe("e1", 0, "قوات سوريا الديمقراطية", ref="sdf", type_="ORG"),
        gpe("e2", 5, "سوريا", parent="e1"),
        gpe("e3", 26, "مدينة سوريا", alts=(Alternative(32, 37, "سوريا"),)),
        gpe("e4", 40, "البلاد", optional=True),
    ))
    new = EntitySwap().apply(doc, random.Random(3))
    name = new.entities[1].text
    assert name in GAZETTEER["GPE"] and name != "سوريا"
    assert new.entities[0].text == f"قوات {name} الديمقراطية"
    assert new.entities[2].text == f"مدينة {name}" and new.entities[2].alternatives[0].text == name
    assert new.entities[3].text == "البلاد"


def test_no_eligible_cluster_is_identity_and_bad_type():
    doc = Document("d", "قال زيد", "2017-11-19", entities=(
        Entity("e1", 4, 7, "زيد", "PERS", "PER", ref="z"),))
    assert EntitySwap().apply(doc, random.Random(0)) is doc
    with pytest.raises(ValueError, match="no gazetteer"):
        EntitySwap(type="ORG")
    person = EntitySwap(type="PERS").apply(doc, random.Random(0))  # a person gazetteer
    assert person.entities[0].text in PERSON_NAMES and person.text == "قال " + person.entities[0].text


def test_swaps_a_whole_cluster_of_the_bundled_gold():
    doc = load_gold().documents[0]
    for seed in range(8):
        new, sig = perturb(doc, ["entity_swap"], seed)
        assert sig == f"entity_swap@1(type=GPE)|seed:{seed}"
        changed = {e.ref for e, o in zip(new.entities, doc.entities) if e.text != o.text
                   and e.type == "GPE"}
        assert len(changed) == 1
        assert new.text.count(next(e.text for e, o in zip(new.entities, doc.entities)
                                   if e.text != o.text and e.ref in changed)) >= 1
