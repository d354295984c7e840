"""Property tests: every variant of the bundled gold is valid gold on which the
oracle scores 1.0 (benchmark.perturb)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmark.gold.loader import load_gold
from benchmark.perturb import KINDS, perturb, write_variant_gold
from benchmark.perturb.dct_shift import DctShift
from benchmark.perturb.entity_swap import EntitySwap

DOC = load_gold().documents[0]
_surface = sorted(k for k in KINDS if not KINDS[k].semantic)
_kinds = st.tuples(
    st.lists(st.sampled_from(_surface), unique=True, max_size=len(_surface)).flatmap(
        st.permutations),
    st.one_of(st.none(), st.integers(-400, 400).map(lambda d: DctShift(days=d))),
    st.booleans(),
).map(lambda t: [*t[0], *([t[1]] if t[1] is not None else []),
                 *([EntitySwap()] if t[2] else [])])


def _spans(doc):
    for e in doc.entities:
        yield e.start, e.end, e.text
        yield from ((a.start, a.end, a.text) for a in e.alternatives if a.start is not None)
    for t in doc.timexes:
        yield t.start, t.end, t.text
        yield from ((a.start, a.end, a.text) for a in t.alternatives if a.start is not None)
    for a in doc.attributions:
        for role in (a.source, a.cue, a.content):
            yield from ((s.start, s.end, s.text) for s in role)


def _oracle_scores(gold):
    from benchmark.harness import evaluate
    from benchmark.scoring.settings import DEFAULTS

    evaluation = evaluate("oracle", gold, DEFAULTS.but(bootstrap=0))
    assert evaluation.ok, evaluation.run
    return evaluation.results.to_dict()["tasks"]


def test_identity_is_the_original_document():
    variant, sig = perturb(DOC, [], 11)
    assert variant is DOC and sig == "identity|seed:11"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds=_kinds, seed=st.integers(0, 2**32 - 1))
def test_every_variant_is_valid_gold_and_oracle_scores_one(kinds, seed):
    variant, sig = perturb(DOC, kinds, seed)
    assert perturb(DOC, kinds, seed) == (variant, sig)  # deterministic
    for start, end, text in _spans(variant):
        assert variant.text[start:end] == text
    if not any(isinstance(k, DctShift) for k in kinds):
        assert [t.value for t in variant.timexes] == [t.value for t in DOC.timexes]
    assert [(e.id, e.type, e.parent, e.ref) for e in variant.entities] == \
        [(e.id, e.type, e.parent, e.ref) for e in DOC.entities]
    with tempfile.TemporaryDirectory() as tmp:
        write_variant_gold([variant], Path(tmp) / "gold")
        gold = load_gold(Path(tmp) / "gold")  # the validator accepts it
    assert gold.documents[0].to_json() == variant.to_json()
    data = _oracle_scores(gold)
    assert data["ner"]["strict"]["f1"] == 1.0
    assert data["timex"]["value_f1"] == 1.0
    assert data["attribution"]["relation"]["strict"]["f1"] == 1.0


def test_rules_score_the_same_on_the_written_identity_variant(tmp_path):
    from benchmark.harness import evaluate
    from benchmark.scoring.settings import DEFAULTS

    original = load_gold()
    variant, _ = perturb(DOC, [], 0)
    write_variant_gold([variant], tmp_path / "gold")
    written = load_gold(tmp_path / "gold")
    assert written.sha256 == original.sha256  # same text checksum and annotations

    def tasks(gold):
        return evaluate("rules", gold, DEFAULTS.but(bootstrap=0)).results.to_dict()["tasks"]

    assert tasks(written) == tasks(original)
