"""Cross-checks of the span modes and the token view against independent
implementations: nervaluate 1.2.x and seqeval 1.2.2."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.core.iob import decode, encode
from benchmark.scoring.counts import PRCounts
from benchmark.scoring.match import MODES, OUTCOMES, RULES, align

nervaluate = pytest.importorskip("nervaluate")
# seqeval is imported by the test that uses it, not here: seqeval.metrics imports
# scikit-learn and SciPy (about 1.4 s), which every pytest-xdist worker would pay while
# collecting this module, and again when its interpreter exits.

LABELS = ("PER", "ORG", "LOC")
NERVALUATE_MODE = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


@st.composite
def flat_spans(draw, max_len=60):  # type: ignore[no-untyped-def]
    """Non-overlapping, non-duplicated half-open spans with labels, sorted; spans
    between consecutive cuts, so some touch (``a.end == b.start``)."""
    cuts = sorted(draw(st.sets(st.integers(0, max_len), max_size=24)))
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        if draw(st.booleans()):
            spans.append((a, b, draw(st.sampled_from(LABELS))))
    return spans


def ours(gold, pred, mode):  # type: ignore[no-untyped-def]
    a = align([(g,) for g in gold], [False] * len(gold), pred, RULES[mode])
    counts = dict.fromkeys(("cor", "inc", "par", "mis", "spu"), 0)
    for p, g in enumerate(a.gold_of):
        counts[OUTCOMES[a.outcome[p]] if g >= 0 else "spu"] += 1
    counts["mis"] = a.matched.count(False)
    return counts


def theirs(gold, pred):  # type: ignore[no-untyped-def]
    """nervaluate on one document, position-sorted, inclusive ends (end - 1)."""
    true = [[{"label": l, "start": s, "end": e - 1} for s, e, l in sorted(gold)]]
    predicted = [[{"label": l, "start": s, "end": e - 1} for s, e, l in sorted(pred)]]
    results = nervaluate.Evaluator(true, predicted, tags=list(LABELS), loader="dict").evaluate()
    overall = results["overall"]
    return {mode: {k: getattr(overall[name], {"cor": "correct", "inc": "incorrect",
                                              "par": "partial", "mis": "missed",
                                              "spu": "spurious"}[k])
                   for k in ("cor", "inc", "par", "mis", "spu")}
            for mode, name in NERVALUATE_MODE.items()}


@settings(max_examples=300, deadline=None)
@given(flat_spans(), flat_spans())
def test_span_modes_equal_nervaluate(gold, pred):
    expected = theirs(gold, pred)
    for mode in MODES:
        assert ours(gold, pred, mode) == expected[mode], mode


@settings(max_examples=100, deadline=None)
@given(flat_spans(), flat_spans(), st.permutations(range(12)))
def test_alignment_ignores_input_order(gold, pred, perm):
    order = [i for i in perm if i < len(pred)] + list(range(12, len(pred)))
    shuffled = [pred[i] for i in order]
    for mode in MODES:
        assert ours(gold, pred, mode) == ours(gold, shuffled, mode)


def test_known_nervaluate_example():
    """The classic SemEval example, counts computed by hand."""
    gold = [(0, 5, "PER"), (10, 15, "ORG"), (20, 25, "LOC"), (30, 35, "PER")]
    pred = [(0, 5, "PER"), (10, 15, "LOC"), (21, 25, "LOC"), (40, 45, "ORG")]
    assert ours(gold, pred, "strict") == {"cor": 1, "inc": 2, "par": 0, "mis": 1, "spu": 1}
    assert ours(gold, pred, "exact") == {"cor": 2, "inc": 1, "par": 0, "mis": 1, "spu": 1}
    assert ours(gold, pred, "partial") == {"cor": 2, "inc": 0, "par": 1, "mis": 1, "spu": 1}
    assert ours(gold, pred, "type") == {"cor": 2, "inc": 1, "par": 0, "mis": 1, "spu": 1}


# -- token view vs seqeval ------------------------------------------------------

TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]


def token_counts(gold_tags, pred_tags, mode):  # type: ignore[no-untyped-def]
    """Our token-view counts per type from tag sequences (decode + set match)."""
    per: dict[str, PRCounts] = {}
    for g_seq, p_seq in zip(gold_tags, pred_tags):
        g = set(decode(g_seq, mode=mode))
        p = set(decode(p_seq, mode=mode))
        for label in {c[2] for c in g | p}:
            per[label] = per.get(label, PRCounts()) + PRCounts(
                len({c for c in g & p if c[2] == label}), len({c for c in p if c[2] == label}),
                len({c for c in g if c[2] == label}))
    return per


def micro_macro(per):  # type: ignore[no-untyped-def]
    total = sum(per.values(), PRCounts())
    n = len(per)
    macro = (sum(c.precision for c in per.values()) / n, sum(c.recall for c in per.values()) / n,
             sum(c.f1 for c in per.values()) / n) if n else (0.0, 0.0, 0.0)
    return (total.precision, total.recall, total.f1), macro


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # seqeval's NaN macro with no chunks
@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TAGS), min_size=1, max_size=15), min_size=1,
                max_size=4).flatmap(
    lambda seqs: st.tuples(st.just(seqs), st.tuples(*[
        st.lists(st.sampled_from(TAGS), min_size=len(s), max_size=len(s)) for s in seqs]))))
def test_token_view_equals_seqeval(pair):
    m = pytest.importorskip("seqeval.metrics")
    from seqeval.scheme import IOB2

    gold_tags, pred_tags = pair[0], [list(x) for x in pair[1]]
    for mode, kwargs in (("conlleval", {}), ("strict", {"mode": "strict", "scheme": IOB2})):
        per = token_counts(gold_tags, pred_tags, mode)
        micro, macro = micro_macro(per)
        expected_micro = (m.precision_score(gold_tags, pred_tags, zero_division=0, **kwargs),
                          m.recall_score(gold_tags, pred_tags, zero_division=0, **kwargs),
                          m.f1_score(gold_tags, pred_tags, zero_division=0, **kwargs))
        expected_macro = (
            m.precision_score(gold_tags, pred_tags, average="macro", zero_division=0, **kwargs),
            m.recall_score(gold_tags, pred_tags, average="macro", zero_division=0, **kwargs),
            m.f1_score(gold_tags, pred_tags, average="macro", zero_division=0, **kwargs))
        assert micro == pytest.approx(expected_micro, abs=1e-12), mode
        if not per:  # no chunk anywhere: seqeval's macro is NaN, ours 0.0 by convention
            assert macro == (0.0, 0.0, 0.0)
            continue
        assert macro == pytest.approx(expected_macro, abs=1e-12), mode


@settings(max_examples=200, deadline=None)
@given(flat_spans(max_len=30))
def test_encode_decode_roundtrip_is_the_span_set(spans):
    """The engine reads chunks straight from spans: encode → decode gives them back
    in both conventions (so conlleval and strict IOB2 agree on engine tags)."""
    tokens = [(i, i + 1) for i in range(31)]
    tags = encode(tokens, spans)
    for mode in ("conlleval", "strict"):
        assert sorted(decode(tags, mode=mode)) == sorted(spans)
