"""Every perturbation kind on every bundled gold document (the seed article and
the real 2018 news articles): the variant is valid gold once written, and the
oracle scores 1.0 on it. Sampled seeds, not hypothesis, to stay fast."""

from __future__ import annotations

import random

import pytest

from benchmark.gold.loader import load_gold
from benchmark.perturb import KINDS, perturb, write_variant_gold
from benchmark.perturb.dct_shift import DctShift
from benchmark.perturb.entity_swap import EntitySwap
from benchmark.predict.predictions import gold_as_prediction
from benchmark.scoring.engine import score

GOLD = load_gold()
DOCS = GOLD.documents
SEEDS = (0, 1)
#: Every kind by name (defaults), plus the parameters that reach other code paths.
SPECS = [*KINDS, "digits(to=western)", "entity_swap(type=PERS)", "dct_shift(days=-45)",
         "dct_shift(days=200)", "dct_shift(days=-400)"]


def _oracle(gold) -> dict:
    preds = {d.doc_id: gold_as_prediction(d) for d in gold.documents}
    return score(gold, preds, bootstrap=0).to_dict()["tasks"]


def _perfect(tasks: dict) -> None:
    assert tasks["ner"]["strict"]["f1"] == 1.0
    assert tasks["timex"]["value_f1"] == 1.0
    assert tasks["attribution"]["relation"]["strict"]["f1"] == 1.0


@pytest.mark.slow  # every kind on every bundled document; test_perturb_props.py and test_perturb_kinds.py check each kind on the seed
@pytest.mark.parametrize("spec", SPECS)
def test_every_kind_on_every_document_is_valid_gold_and_oracle_scores_one(spec, tmp_path):
    docs = []
    for doc in DOCS:
        for seed in SEEDS:
            variant, _ = perturb(doc, [spec], seed)
            assert [(e.id, e.type, e.ref) for e in variant.entities] == \
                [(e.id, e.type, e.ref) for e in doc.entities]
            assert [(t.id, t.type) for t in variant.timexes] == \
                [(t.id, t.type) for t in doc.timexes]
            for t in variant.timexes:
                assert variant.text[t.start:t.end] == t.text
            docs.append(type(variant)(f"{doc.doc_id}.s{seed}", variant.text, variant.dct,
                                      variant.language, variant.entities, variant.timexes,
                                      variant.attributions, dict(variant.meta),
                                      split=doc.split, layers=doc.layers))
    write_variant_gold(docs, tmp_path / "gold")
    written = load_gold(tmp_path / "gold")  # the validator accepts every variant
    assert len(written.documents) == len(docs)
    _perfect(_oracle(written))


def test_entity_swap_person_names_renames_a_person():
    changed = 0
    for doc in DOCS:
        if not any(e.type == "PERS" and e.ref and not e.optional for e in doc.entities):
            continue
        variant = EntitySwap(type="PERS").apply(doc, random.Random(3))
        changed += variant.text != doc.text
    assert changed >= 5


@pytest.mark.parametrize("days", [30, -45, 200])
def test_dct_shift_round_trips_on_the_corpus(days):
    """N then −N restores the DCT and every value, and the text up to the
    canonical spelling of relation words (``الحالي`` comes back ``الجاري``):
    a second round trip restores text and gold exactly. Not expected after an
    absolute fallback (the anchor is dropped, so the round trip is one-way)."""
    round_tripped = 0

    def cycle(doc):
        there = DctShift(days=days).apply(doc, random.Random(0))
        if [t.anchor for t in there.timexes] != [t.anchor for t in doc.timexes]:
            return None  # absolute fallback: one-way by design
        return DctShift(days=-days).apply(there, random.Random(0))

    for doc in DOCS:
        back = cycle(doc)
        if back is None:
            continue
        assert back.dct == doc.dct
        assert [t.value for t in back.timexes] == [t.value for t in doc.timexes], doc.doc_id
        assert [a.value for t in back.timexes for a in t.alternatives] == \
            [a.value for t in doc.timexes for a in t.alternatives], doc.doc_id
        again = cycle(back)
        assert again is not None and again == back, doc.doc_id
        round_tripped += 1
    assert round_tripped >= len(DOCS) // 2
