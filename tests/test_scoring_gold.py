"""Sanity checks of the engine on the bundled gold."""

from __future__ import annotations

import random

import pytest

from benchmark.gold.loader import load_gold
from benchmark.core.iob import encode, outermost
from benchmark.predict.predictions import Prediction, entity, gold_as_prediction
from benchmark.scoring.engine import score
from benchmark.scoring.counts import SpanCounts
from benchmark.scoring.ner import NerCounts
from benchmark.scoring.resample import paired_bootstrap, paired_randomization
from benchmark.core.tokenize import canonical_tokens
from scoring_helpers import doc, pred, tmx


@pytest.fixture(scope="module")
def gold():  # type: ignore[no-untyped-def]
    return load_gold()


def all_numbers(tree, path=""):  # type: ignore[no-untyped-def]
    if isinstance(tree, dict):
        for k, v in tree.items():
            yield from all_numbers(v, f"{path}.{k}")
    elif isinstance(tree, float):
        yield path, tree


def noisy(document, seed):  # type: ignore[no-untyped-def]
    """Gold entities (optional ones too) with type swaps, shifts, misses and
    spurious spans."""
    rng = random.Random(seed)
    out = []
    text = document.text
    for e in document.entities:
        r = rng.random()
        if r < 0.15:
            continue
        start, end, label = e.start, e.end, e.type
        if r < 0.3:
            label = rng.choice(["ORG", "GPE", "PERS", "DATE"])
        elif r < 0.45:
            start = max(0, start + rng.choice([-2, -1, 1]))
            end = max(start + 1, end)
        out.append(entity(start, end, label, text[start:end]))
    spur = []
    for _ in range(6):
        s = rng.randrange(len(text) - 10)
        e = s + rng.randint(1, 9)
        spur.append(entity(s, e, rng.choice(["ORG", "GPE"]), text[s:e]))
    return out + spur


def test_gold_against_itself_is_perfect(gold):
    r = score(gold, [gold_as_prediction(d) for d in gold], bootstrap=0)
    assert r.tasks == ("ner", "timex", "attribution")
    numbers = dict(all_numbers(r.to_dict()["tasks"]))
    assert numbers and all(v == 1.0 for v in numbers.values()), \
        {k: v for k, v in numbers.items() if v != 1.0}


def test_optional_gold_as_prediction_is_still_perfect(gold):
    r = score(gold, [gold_as_prediction(d, optional=True) for d in gold], bootstrap=0)
    numbers = dict(all_numbers(r.to_dict()["tasks"]))
    assert all(v == 1.0 for v in numbers.values())


def test_empty_predictions_recall_zero(gold):
    docs = gold.documents
    r = score(gold, [Prediction(d.doc_id, (), (), ()) for d in docs], bootstrap=0)
    n_required = sum(not e.optional for d in docs for e in d.entities)
    for mode_counts in r.ner["fine"].overall.modes:
        assert mode_counts == SpanCounts(mis=n_required)
        assert mode_counts.recall == 0.0
    assert r.timex.relaxed_prf.recall == 0.0
    assert r.attribution.relaxed.recall == 0.0
    numbers = dict(all_numbers(r.to_dict()["tasks"]))
    assert all(v == 0.0 for v in numbers.values())


def test_task_not_attempted_is_absent(gold):
    r = score(gold, [Prediction(d.doc_id, entities=()) for d in gold], bootstrap=0)
    tasks = r.to_dict()["tasks"]
    assert set(tasks) == {"ner"}
    assert "timex" not in r.to_dict()["signature"]


@pytest.mark.parametrize("seed", range(5))
def test_per_type_rows_sum_to_overall(gold, seed):
    preds = [Prediction(d.doc_id, tuple(noisy(d, seed))) for d in gold]
    r = score(gold, preds, bootstrap=0)
    for view in r.ner.values():
        assert sum(view.per_type.values(), NerCounts()) == view.overall
        # INC/MIS/COR/PAR count gold, SPU counts predictions
        for i in range(4):
            assert view.overall.modes[i].possible == view.overall.modes[0].possible


def test_same_input_same_bytes_whatever_the_order(gold):
    preds = [Prediction(d.doc_id, tuple(noisy(d, 7))) for d in gold]
    shuffled = []
    for p in preds:
        items = list(p.entities)
        random.Random(3).shuffle(items)
        shuffled.append(Prediction(p.doc_id, tuple(items)))
    a = score(gold, preds, bootstrap=200, seed=1).to_json()
    b = score(gold, list(reversed(shuffled)), bootstrap=200, seed=1).to_json()
    assert a == b
    assert score(gold, preds, bootstrap=200, seed=2).to_json() != a


def test_bootstrap_reproducible_and_brackets_estimate(gold):
    preds = [Prediction(d.doc_id, tuple(noisy(d, 11))) for d in gold]
    r1 = score(gold, preds, bootstrap=300, seed=5)
    r2 = score(gold, preds, bootstrap=300, seed=5)
    assert r1.bootstrap == r2.bootstrap
    lo, hi = r1.bootstrap.intervals["ner.strict.f1"]
    assert lo <= r1.ner["fine"].overall.modes[0].f1 <= hi
    assert r1.bootstrap.units == len(r1.units) > 1
    # units add up to the corpus
    assert sum(r1.unit_counts["ner"], NerCounts()) == r1.ner["fine"].overall


@pytest.mark.parametrize("seed", range(4))
def test_token_view_equals_seqeval_on_canonical_tokens(gold, seed):
    """Independent path: canonical_tokens + iob.encode + seqeval."""
    from seqeval.metrics import f1_score, precision_score, recall_score
    from seqeval.scheme import IOB2

    d = gold.documents[0]
    ents = noisy(d, seed)
    tokens = canonical_tokens(d)
    gold_spans = outermost(sorted(((e.start, e.end, e.type) for e in d.entities
                                   if not e.optional), key=lambda s: (s[0], -s[1], s[2])))
    neutral = {(e.start, e.end) for e in d.entities if e.optional}
    neutral |= {(a.start if a.start is not None else e.start, a.end if a.end is not None else e.end)
                for e in d.entities if e.optional for a in e.alternatives}
    projected = []
    for s, e, label in outermost(sorted(((e.start, e.end, e.type) for e in ents
                                         if (e.start, e.end) not in neutral),
                                        key=lambda s: (s[0], -s[1], s[2]))):
        inside = [t for t in tokens if s <= t[0] and t[1] <= e]
        if inside:
            projected.append((inside[0][0], inside[-1][1], label))
    y_true = [encode(tokens, gold_spans)]
    y_pred = [encode(tokens, projected)]
    r = score(gold, [Prediction(d.doc_id, tuple(ents))], tasks=("ner",), bootstrap=0)
    token = r.ner["fine"].overall.token
    for i, kwargs in enumerate(({}, {"mode": "strict", "scheme": IOB2})):
        assert token[i].precision == pytest.approx(precision_score(y_true, y_pred, **kwargs))
        assert token[i].recall == pytest.approx(recall_score(y_true, y_pred, **kwargs))
        assert token[i].f1 == pytest.approx(f1_score(y_true, y_pred, **kwargs))
        macro = r.ner["fine"].macro()["token"][("conlleval", "strict_iob2")[i]]
        assert macro["f1"] == pytest.approx(f1_score(y_true, y_pred, average="macro", **kwargs))


# -- paired tests -----------------------------------------------------------------

THREE = "اليوم الأول. اليوم الثاني. اليوم الثالث."


def three_units():  # type: ignore[no-untyped-def]
    starts = [0, 13, 27]
    gold_doc = doc(timexes=[tmx(s, s + 5, text=THREE) for s in starts], text=THREE)
    everything = score([gold_doc], [pred(timexes=[tmx(s, s + 5, text=THREE) for s in starts])],
                       tasks=("timex",), bootstrap=0, keep_units=True)
    nothing = score([gold_doc], [pred(timexes=[])], tasks=("timex",), bootstrap=0,
                    keep_units=True)
    return everything, nothing


def test_exact_randomization_by_hand():
    a, b = three_units()
    assert len(a.units) == 3
    t = paired_randomization(a, b, "timex.relaxed.f1")
    # 8 swaps; |ΔF1| reaches 1.0 only when no unit or every unit is swapped
    assert t.method == "exact_randomization" and t.trials == 8
    assert t.p_value == pytest.approx(2 / 8)
    assert t.delta == 1.0


def test_approximate_randomization_and_paired_bootstrap_formulas():
    a, b = three_units()
    t = paired_randomization(a, b, "timex.relaxed.f1", exact=False, trials=999, seed=1)
    assert 0 < t.p_value <= 1 and t.trials == 999
    same = paired_bootstrap(a, a, "timex.relaxed.f1", samples=99)
    # identical systems: every |Δ_b| - mean is 0, never > 0 → p = 1/(B+1) (sacrebleu)
    assert same.p_value == pytest.approx(1 / 100)


def test_exact_and_approximate_randomization_agree():
    """Adversarial bug 14: both branches count ties, so identical systems get
    p = 1 either way, and on three units the approximate p approaches the exact
    2/8 (not a strictly-greater count that would give about 1/(R+1))."""
    a, b = three_units()
    for exact in (True, False):
        same = paired_randomization(a, a, "timex.relaxed.f1", exact=exact, trials=999)
        assert same.p_value == pytest.approx(1.0), exact
    exact = paired_randomization(a, b, "timex.relaxed.f1", exact=True)
    approx = paired_randomization(a, b, "timex.relaxed.f1", exact=False, trials=9999, seed=3)
    assert approx.p_value == pytest.approx(exact.p_value, abs=0.02)


def test_paired_tests_refuse_different_options():
    a, _ = three_units()
    gold_doc = doc(timexes=[tmx(0, 5, text=THREE)], text=THREE)
    other = score([gold_doc], [pred(timexes=[])], tasks=("timex",), bootstrap=0, keep_units=True)
    with pytest.raises(ValueError, match="same gold and units"):
        paired_randomization(a, other, "timex.relaxed.f1")
