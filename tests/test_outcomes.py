"""Per-mention outcomes (what samples and the error view show), hand-built cases."""

from __future__ import annotations

from scoring_helpers import alt, att, doc, ent, pred, tmx

from benchmark.scoring.outcomes import document_outcomes
from benchmark.predict.predictions import Prediction, Unaligned


def _table(rows):
    return [(r["start"], r["end"], r["outcome"]) for r in rows]


def test_entity_outcomes():
    gold = doc([ent(0, 5, "GPE"), ent(10, 15, "ORG"), ent(20, 25, "PERS"), ent(30, 35, "LOC"),
                ent(40, 45, "ORG", optional=True), ent(50, 59, "GPE", alts=[alt(54, 59)])])
    p = pred([ent(0, 5, "GPE"),      # correct
              ent(10, 15, "GPE"),    # same boundaries, other type
              ent(21, 25, "PERS"),   # overlap, other boundaries
              ent(40, 45, "ORG"),    # on an optional mention
              ent(54, 59, "GPE"),    # the listed alternative extent: correct
              ent(70, 75, "ORG")])   # nothing there
    rows = document_outcomes(gold, p)["entities"]
    assert _table(rows) == [(0, 5, "correct"), (10, 15, "wrong_type"), (21, 25, "boundary"),
                            (30, 35, "missed"), (40, 45, "optional"), (54, 59, "correct"),
                            (70, 75, "spurious")]
    wrong = rows[1]
    assert wrong["gold"]["type"] == "ORG" and wrong["pred"]["type"] == "GPE"


def test_timex_outcomes():
    gold = doc(timexes=[tmx(0, 5, value="2017-11-19"), tmx(10, 15, value="2017-10"),
                        tmx(20, 25, value="P3D", type_="DURATION",
                            alts=[alt(value="P2D")]), tmx(30, 35)])
    p = pred(timexes=[tmx(0, 5, value="2017-11-19"), tmx(11, 15, value="2017-11"),
                      tmx(20, 25, value="p2d", type_="DURATION"), tmx(60, 65)])
    assert _table(document_outcomes(gold, p)["timexes"]) == [
        (0, 5, "correct"), (11, 15, "wrong_value"), (20, 25, "correct"), (30, 35, "missed"),
        (60, 65, "spurious")]


def test_attribution_outcomes_and_layers_not_attempted():
    a1 = att([(0, 5)], [(10, 15)], [(20, 39)], "direct")
    a2 = att([(100, 105)], [(110, 115)], [(120, 139)], "indirect")
    gold = doc(attributions=[a1, a2])
    p = pred(attributions=[att([(0, 5)], [(10, 15)], [(20, 39)], "direct"),       # correct
                           att([(300, 305)], [(310, 315)], [(320, 329)], "direct")])  # spurious
    rows = document_outcomes(gold, p)
    assert set(rows) == {"attributions"}
    assert [r["outcome"] for r in rows["attributions"]] == ["correct", "missed", "spurious"]
    p2 = pred(attributions=[att([(0, 5)], [(10, 15)], [(22, 30)], "indirect")])
    assert [r["outcome"] for r in document_outcomes(gold, p2)["attributions"]] == \
        ["partial", "missed"]


def test_unaligned_strings_are_listed():
    gold = doc([ent(0, 5, "GPE")])
    p = Prediction("d", (), None, None, (Unaligned("entities", "بيروت", "GPE"),))
    rows = document_outcomes(gold, p)["entities"]
    assert [(r["text"], r["outcome"]) for r in rows] == [("abcde", "missed"),
                                                         ("بيروت", "unaligned")]


def test_strict_pairs_kept_with_an_optional_cue_use_the_full_prediction_list():
    """A prediction on an optional gold cue leaves the scorer's strict pass; the
    strict pairs it keeps still index the full prediction list, so the outcomes
    read from them equal the outcomes computed afresh (no second relation pass)."""
    from benchmark.scoring.attribution import score_document

    required = att([(100, 105)], [(110, 115)], [(120, 139)], "indirect")
    optional = att([(0, 5)], [(10, 15)], [(20, 39)], "direct", optional=True)
    gold = doc(attributions=[optional, required])
    on_optional = att([(0, 5)], [(10, 15)], [(20, 39)], "direct")
    exact = att([(100, 105)], [(110, 115)], [(120, 139)], "indirect")
    p = pred(attributions=[on_optional, exact])
    keep: dict = {}
    score_document(gold, p.attributions, keep=keep)
    pairs = keep["pairs"]
    assert pairs.strict == ((0, 1),)        # gold 0 (the required one) with prediction 1
    from benchmark.scoring.pairings import DocumentPairing

    kept = document_outcomes(gold, p, DocumentPairing(attributions=pairs))["attributions"]
    assert kept == document_outcomes(gold, p)["attributions"]
    assert [r["outcome"] for r in kept] == ["optional", "correct"]
