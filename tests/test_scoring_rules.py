"""Hand-computed tables for every scoring rule (expected values worked out by hand)."""

from __future__ import annotations

import pytest

from benchmark.predict.predictions import entity
from benchmark.scoring.engine import score
from benchmark.scoring.counts import PRCounts, SpanCounts, f1
from scoring_helpers import TEXT, alt, att, doc, ent, pred, span, tmx


def p_ent(start, end, type_):  # type: ignore[no-untyped-def]
    return entity(start, end, type_, TEXT[start:end])


def ner(gold_doc, preds, mode="strict", view="fine", **kw):  # type: ignore[no-untyped-def]
    r = score([gold_doc], [pred(entities=preds)], tasks=("ner",), bootstrap=0, **kw)
    return r.ner[view].overall.modes[("strict", "exact", "partial", "type").index(mode)]


# -- NER ------------------------------------------------------------------------

NESTED = [ent(0, 19, "ORG", id="o"), ent(10, 14, "GPE", id="i")]


@pytest.mark.parametrize("preds, mode, expected", [
    # nested gold: both layers are targets
    ([p_ent(0, 19, "ORG")], "strict", SpanCounts(cor=1, mis=1)),
    ([p_ent(0, 19, "ORG"), p_ent(10, 14, "GPE")], "strict", SpanCounts(cor=2)),
    ([p_ent(10, 14, "GPE")], "strict", SpanCounts(cor=1, mis=1)),
    # inner prediction with the wrong type: exact-boundary pair first → INC on inner
    ([p_ent(0, 19, "ORG"), p_ent(10, 14, "LOC")], "strict", SpanCounts(cor=1, inc=1)),
    ([p_ent(0, 19, "ORG"), p_ent(10, 14, "LOC")], "exact", SpanCounts(cor=2)),
    ([p_ent(0, 19, "ORG"), p_ent(10, 14, "LOC")], "type", SpanCounts(cor=1, inc=1)),
    # a prediction overlapping both layers pairs with the earliest (the outer)
    ([p_ent(5, 14, "ORG")], "partial", SpanCounts(par=1, mis=1)),
    ([p_ent(5, 14, "GPE")], "type", SpanCounts(cor=1, mis=1)),
])
def test_nested(preds, mode, expected):
    assert ner(doc(NESTED), preds, mode) == expected


OPTIONAL = [ent(0, 4, "PERS", id="r"), ent(20, 29, "GPE", id="o", optional=True)]


@pytest.mark.parametrize("preds, expected", [
    ([], SpanCounts(mis=1)),  # an unmatched optional gold is no miss
    ([p_ent(20, 29, "GPE")], SpanCounts(mis=1)),  # exact match with optional: dropped
    ([p_ent(22, 25, "ORG")], SpanCounts(mis=1)),  # overlap with optional: dropped
    ([p_ent(20, 29, "GPE"), p_ent(22, 25, "GPE")], SpanCounts(mis=1, spu=1)),  # one-to-one
    ([p_ent(0, 4, "PERS"), p_ent(40, 44, "GPE")], SpanCounts(cor=1, spu=1)),
])
def test_optional(preds, expected):
    for mode in ("strict", "exact", "partial", "type"):
        assert ner(doc(OPTIONAL), preds, mode) == expected, mode


# gold GPE [5, 9) with another extent [4, 9) (type inherited) and another type ORG
ALTS = [ent(5, 9, "GPE", alts=[alt(4, 9), alt(type="ORG")])]


@pytest.mark.parametrize("p, strict, exact, type_", [
    ((5, 9, "GPE"), "cor", "cor", "cor"),
    ((4, 9, "GPE"), "cor", "cor", "cor"),  # the alternative extent
    ((5, 9, "ORG"), "cor", "cor", "cor"),  # the alternative type
    ((4, 9, "ORG"), "inc", "cor", "cor"),  # (4, 9, ORG) is not one reading
    ((3, 9, "GPE"), "inc", "inc", "cor"),
    ((4, 9, "PERS"), "inc", "cor", "inc"),
])
def test_alternatives(p, strict, exact, type_):
    for mode, outcome in (("strict", strict), ("exact", exact), ("type", type_)):
        assert ner(doc(ALTS), [p_ent(*p)], mode) == SpanCounts(**{outcome: 1}), mode


def test_empty_predictions_and_empty_gold_zero_denominators():
    nothing = ner(doc(NESTED), [])
    assert nothing == SpanCounts(mis=2)
    assert (nothing.precision, nothing.recall, nothing.f1) == (0.0, 0.0, 0.0)  # 0/0 → 0.0
    spurious = ner(doc([]), [p_ent(0, 4, "ORG")])
    assert spurious == SpanCounts(spu=1)
    assert (spurious.precision, spurious.recall, spurious.f1) == (0.0, 0.0, 0.0)
    both = ner(doc([]), [])
    assert both == SpanCounts() and both.f1 == 0.0


def test_inc_is_counted_under_the_gold_type():
    r = score([doc([ent(0, 4, "PERS"), ent(10, 14, "GPE")])],
              [pred(entities=[p_ent(0, 4, "ORG"), p_ent(30, 34, "ORG")])],
              tasks=("ner",), bootstrap=0)
    rows = {t: c.modes[0] for t, c in r.ner["fine"].per_type.items()}
    assert rows["PERS"] == SpanCounts(inc=1)
    assert rows["GPE"] == SpanCounts(mis=1)
    assert rows["ORG"] == SpanCounts(spu=1)
    assert sum(rows.values(), SpanCounts()) == r.ner["fine"].overall.modes[0]


def test_coarse_view_drops_types_without_conll_class():
    gold = doc([ent(0, 4, "PERS"), ent(10, 14, "DATE"), ent(20, 24, "GPE")])
    preds = [p_ent(0, 4, "PERS"), p_ent(10, 14, "CARDINAL"), p_ent(20, 24, "LOC"),
             p_ent(30, 34, "OCC")]
    assert ner(gold, preds, view="coarse") == SpanCounts(cor=2)  # GPE and LOC are both LOC
    assert ner(gold, preds) == SpanCounts(cor=1, inc=2, spu=1)


def test_macro_is_the_mean_of_per_type_scores():
    gold = doc([ent(0, 4, "PERS"), ent(10, 14, "GPE"), ent(20, 24, "GPE")])
    r = score([gold], [pred(entities=[p_ent(0, 4, "PERS"), p_ent(10, 14, "GPE")])],
              tasks=("ner",), bootstrap=0)
    macro = r.ner["fine"].macro()["strict"]
    # PERS: P=R=F=1; GPE: P=1, R=1/2, F=2/3
    assert macro == pytest.approx({"precision": 1.0, "recall": 0.75, "f1": (1 + 2 / 3) / 2})


ARABIC = "قال لتنظيم الدولة وللبوكمال"


@pytest.mark.parametrize("gold_span, pred_span, clitic, outcome", [
    ((5, 17), (4, 17), False, "inc"),   # تنظيم الدولة vs لتنظيم الدولة
    ((5, 17), (4, 17), True, "cor"),
    ((4, 17), (5, 17), True, "cor"),    # the other way round
    ((20, 27), (18, 27), True, "cor"),  # لبوكمال vs وللبوكمال: two proclitics و + ل
    ((19, 27), (20, 27), True, "cor"),  # للبوكمال vs لبوكمال
    ((5, 17), (5, 10), True, "inc"),    # a shorter end is never tolerated
    ((0, 3), (1, 3), True, "inc"),      # ق is no proclitic
])
def test_clitic_tolerance(gold_span, pred_span, clitic, outcome):
    assert ARABIC[4:17] == "لتنظيم الدولة" and ARABIC[18:27] == "وللبوكمال"
    gold = doc([ent(*gold_span, "ORG", text=ARABIC)], text=ARABIC)
    p = entity(*pred_span, "ORG", ARABIC[pred_span[0]:pred_span[1]])
    assert ner(gold, [p], clitic=clitic) == SpanCounts(**{outcome: 1})


# -- TIMEX ----------------------------------------------------------------------

def timex(gold, preds):  # type: ignore[no-untyped-def]
    r = score([doc(timexes=gold)], [pred(timexes=preds)], tasks=("timex",), bootstrap=0)
    return r.timex


def p_tmx(start, end, type_="DATE", value="2017-11-19"):  # type: ignore[no-untyped-def]
    return tmx(start, end, type_, value)


@pytest.mark.parametrize("gold, preds, counts", [
    # gold, pred, strict, relaxed, type_ok, value_ok
    ([tmx(0, 8)], [p_tmx(0, 8)], (1, 1, 1, 1, 1, 1)),
    ([tmx(0, 8)], [p_tmx(2, 8)], (1, 1, 0, 1, 1, 1)),
    ([tmx(0, 8)], [p_tmx(0, 8, "TIME")], (1, 1, 1, 1, 0, 1)),
    ([tmx(0, 8)], [p_tmx(0, 8, value="2017-11")], (1, 1, 1, 1, 1, 0)),
    ([tmx(0, 8, "TIME", "2017-11-19T10:00")], [p_tmx(0, 8, "TIME", " 2017-11-19t10:00Z")],
     (1, 1, 1, 1, 1, 0)),  # TE3: exact strings (value_match="canonical": test_parity_timex)
    ([tmx(0, 8, value="P1W")], [p_tmx(0, 8, value="P7D")], (1, 1, 1, 1, 1, 0)),  # no rewriting
    ([tmx(0, 8)], [p_tmx(1, 4), p_tmx(5, 8)], (1, 2, 0, 1, 1, 1)),  # one-to-one
    ([tmx(0, 8)], [p_tmx(10, 18)], (1, 1, 0, 0, 0, 0)),
    ([tmx(0, 8, alts=[alt(0, 5)])], [p_tmx(0, 5)], (1, 1, 1, 1, 1, 1)),  # alternative extent
    ([tmx(0, 8, value="2017-11-09", alts=[alt(type="DURATION", value="P1D")])],
     [p_tmx(0, 8, "DURATION", "P1D")], (1, 1, 1, 1, 1, 1)),  # alternative type and value
    ([tmx(0, 8), tmx(20, 28, optional=True)], [p_tmx(21, 25)], (1, 0, 0, 0, 0, 0)),  # dropped
    ([], [p_tmx(0, 8)], (0, 1, 0, 0, 0, 0)),
    ([tmx(0, 8)], [], (1, 0, 0, 0, 0, 0)),
])
def test_timex_counts(gold, preds, counts):
    assert timex(gold, preds).vector() == counts


def test_timex_scores_from_counts():
    # 4 gold, 5 predicted, 2 strict, 3 relaxed, types 3/3, values 2/3
    gold = [tmx(0, 8), tmx(20, 28), tmx(40, 48), tmx(60, 68)]
    preds = [p_tmx(0, 8), p_tmx(20, 28, value="2017"), p_tmx(41, 48), p_tmx(80, 88),
             p_tmx(100, 108)]
    t = timex(gold, preds)
    assert t.vector() == (4, 5, 2, 3, 3, 2)
    relaxed_f1 = 2 * (3 / 5) * (3 / 4) / (3 / 5 + 3 / 4)
    m = t.metrics()
    assert m["strict.precision"] == pytest.approx(2 / 5)
    assert m["strict.recall"] == pytest.approx(2 / 4)
    assert m["relaxed.f1"] == pytest.approx(relaxed_f1)
    assert m["type_accuracy"] == 1.0
    assert m["value_accuracy"] == pytest.approx(2 / 3)
    assert m["value_f1"] == pytest.approx(2 / 3 * relaxed_f1)


def test_timex_accuracy_zero_denominator():
    t = timex([tmx(0, 8)], [p_tmx(20, 28)])
    assert (t.type_accuracy, t.value_accuracy, t.value_f1) == (0.0, 0.0, 0.0)


# -- attribution ------------------------------------------------------------------

GOLD_ATT = att([(0, 5)], [(6, 9)], [(10, 30)])  # content: 20 characters


def attribution(gold, preds, entities=()):  # type: ignore[no-untyped-def]
    r = score([doc(entities, attributions=gold)], [pred(attributions=preds)],
              tasks=("attribution",), bootstrap=0)
    return r.attribution


def role(a, name):  # type: ignore[no-untyped-def]
    i = ("source", "cue", "content", "source_entity").index(name)
    return a.exact[i], a.overlap[i]


def test_attribution_identical():
    a = attribution([GOLD_ATT], [att([(0, 5)], [(6, 9)], [(10, 30)])])
    for name in ("source", "cue", "content", "source_entity"):
        exact, over = role(a, name)
        assert exact == PRCounts(1, 1, 1)
        assert (over.precision, over.recall) == (1.0, 1.0)
    assert a.strict == a.relaxed == PRCounts(1, 1, 1)
    assert a.kind_accuracy == 1.0


def test_attribution_partial_content():
    # predicted content [10, 20): 10 characters, all inside the 20-character gold
    a = attribution([GOLD_ATT], [att([(0, 5)], [(6, 9)], [(10, 20)], kind="indirect")])
    exact, over = role(a, "content")
    assert exact == PRCounts(0, 1, 1)
    assert over.precision == 1.0 and over.recall == 0.5
    assert over.f1 == pytest.approx(2 / 3)
    assert a.strict == PRCounts(0, 1, 1)
    assert a.relaxed == PRCounts(1, 1, 1)
    assert a.kind_accuracy == 0.0  # kind: indirect vs direct


def test_attribution_no_threshold_on_long_content():
    gold = att([(0, 5)], [(6, 9)], [(10, 310)])  # 300 characters
    a = attribution([gold], [att([(0, 5)], [(6, 9)], [(308, 312)])])
    _, over = role(a, "content")
    assert over.precision == pytest.approx(2 / 4)
    assert over.recall == pytest.approx(2 / 300)
    assert a.relaxed == PRCounts(1, 1, 1)


def test_attribution_implicit_sources():
    implicit = att([], [(6, 9)], [(10, 30)])
    a = attribution([implicit], [att([], [(6, 9)], [(10, 30)])])
    assert role(a, "source")[0] == PRCounts(0, 0, 0)  # no source item on either side
    assert a.strict == PRCounts(1, 1, 1)
    b = attribution([GOLD_ATT], [att([], [(6, 9)], [(10, 30)])])
    assert role(b, "source")[0] == PRCounts(0, 0, 1)
    assert b.relaxed == PRCounts(0, 1, 1)  # a missing source breaks the relation


def test_source_entity_accepts_coreferent_mentions():
    ents = [ent(0, 5, "ORG", id="e1", ref="x"), ent(40, 45, "ORG", id="e2", ref="x"),
            ent(50, 55, "ORG", id="e3", ref="y", alts=[alt(50, 58)])]
    gold = att([(0, 5)], [(6, 9)], [(10, 30)], entities=["e1"])
    a = attribution([gold], [att([(40, 45)], [(6, 9)], [(10, 30)])], ents)
    assert role(a, "source")[0] == PRCounts(0, 1, 1)
    assert role(a, "source_entity")[0] == PRCounts(1, 1, 1)
    b = attribution([gold], [att([(50, 55)], [(6, 9)], [(10, 30)])], ents)
    assert role(b, "source_entity")[0] == PRCounts(0, 1, 1)  # another cluster


def test_attribution_one_to_one_largest_overlap():
    gold = att([(0, 5)], [(6, 9)], [(10, 30)])
    preds = [att([(0, 5)], [(6, 9)], [(10, 14)]), att([(0, 5)], [(6, 9)], [(12, 30)])]
    a = attribution([gold], preds)
    _, over = role(a, "content")
    # the 18-character overlap wins; the other prediction stays unpaired
    assert over.pred == 2 and over.gold == 1
    assert over.precision == pytest.approx((18 / 18) / 2)
    assert over.recall == pytest.approx(18 / 20)
    assert a.relaxed == PRCounts(1, 2, 1)


def test_optional_attribution_drops_prediction():
    gold = [GOLD_ATT, att([(100, 105)], [(106, 109)], [(110, 130)], optional=True)]
    a = attribution(gold, [att([(0, 5)], [(6, 9)], [(10, 30)]),
                           att([(100, 105)], [(106, 109)], [(110, 120)])])
    assert a.relaxed == PRCounts(1, 1, 1)
    assert role(a, "cue")[0] == PRCounts(1, 1, 1)


def test_f1_helper():
    assert f1(0.0, 0.0) == 0.0
    assert f1(1.0, 0.5) == pytest.approx(2 / 3)
    assert span(0, 3).text == TEXT[:3]
