"""The flat-input NER path (``benchmark.scoring.flat``, ``ner.score_flat``) against
the general one (``ner.score_general``): the same tally, per-unit counts and
strict pairing on every input where the flat path applies, and a refusal (``None``)
wherever its conditions fail.

The inputs are random documents of words, spaces and punctuation, with gold
entities flat or nested (optional ones, alternatives, spans edged with spaces
now and then) and predictions made from them the way systems err: copies,
other types, shifted and widened boundaries, spans across two mentions,
duplicates, nesting and spurious spans."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.core.documents import Alternative, Document, make_entity
from benchmark.core.inventory import COARSE_OF
from benchmark.predict.predictions import entity
from benchmark.scoring import ner
from benchmark.scoring.flat import flat_pairs, is_flat

TYPES = ("PERS", "ORG", "GPE", "LOC", "NORP", "CARDINAL", "DATE")
WORDS = ("دمشق", "والرئيس", "لبنان", "قال", "الأمم", "المتحدة", "2017", "،", ".", "بوكمال",
         "Reuters", "(", ")")


def _text(rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """A text and its word spans."""
    parts, words, pos = [], [], 0
    for _ in range(rng.randint(0, 40)):
        w = rng.choice(WORDS)
        sep = rng.choice((" ", " ", " ", "  ", "\n", ""))
        parts += [w, sep]
        words.append((pos, pos + len(w)))
        pos += len(w) + len(sep)
    return "".join(parts), words


def _gold(rng: random.Random, text: str, words: list[tuple[int, int]], nested: bool,
          odd: float):
    """Gold entities over runs of words: flat, or with nesting when ``nested``;
    ``odd``: how often a mention is optional, has an alternative or a space edge."""
    out, i, k = [], 0, 0
    while i < len(words):
        if rng.random() < 0.45:
            n = rng.randint(1, 3)
            s, e = words[i][0], words[min(i + n, len(words)) - 1][1]
            if rng.random() < odd and s > 0:   # a span edged with a space
                s -= 1
            kind = rng.choice(TYPES)
            opt = rng.random() < odd
            alts = ((Alternative(type=rng.choice(TYPES)),) if rng.random() < odd else ())
            out.append(make_entity(f"e{k}", s, e, text[s:e], kind, COARSE_OF[kind], None, None,
                                   opt, alts))
            k += 1
            if nested and n > 1 and rng.random() < 0.5:   # an inner mention
                s2, e2 = words[i][0], words[i][1]
                out.append(make_entity(f"e{k}", s2, e2, text[s2:e2], "PERS", "PER"))
                k += 1
            i += n
        else:
            i += 1
    return tuple(out)


def _preds(rng: random.Random, text: str, words: list[tuple[int, int]], gold, overlap: bool):
    """Predicted entities (offset-given, as a run hands them to the scorer)."""
    out = []
    for g in gold:
        r = rng.random()
        if r < 0.15:
            continue                                   # a miss
        s, e, kind = g.start, g.end, g.type
        if r < 0.3:
            kind = rng.choice(TYPES)                   # another type
        elif r < 0.4:
            s = max(0, s + rng.choice((-2, -1, 1, 2)))  # a shifted start
        elif r < 0.5:
            e = min(len(text), e + rng.choice((-1, 1, 3)))
        if s < e:
            out.append((s, e, kind))
    for _ in range(rng.randint(0, 4)):                 # spurious spans, some across mentions
        if not words:
            break
        a = rng.randrange(len(words))
        b = min(len(words) - 1, a + rng.randint(0, 3))
        out.append((words[a][0], words[b][1], rng.choice(TYPES)))
    if overlap and out and rng.random() < 0.5:
        out.append(out[rng.randrange(len(out))])     # a duplicate
    if not overlap:                                   # keep the predictions flat
        flat, end = [], -1
        for s, e, kind in sorted(out):
            if s >= end:
                flat.append((s, e, kind))
                end = e
        out = flat
    rng.shuffle(out)
    return tuple(entity(s, e, kind, text[s:e]) for s, e, kind in out)


def _case(seed: int):
    rng = random.Random(seed)
    text, words = _text(rng)
    gold = _gold(rng, text, words, nested=rng.random() < 0.2,
                 odd=rng.choice((0.0, 0.0, 0.0, 0.05)))
    doc = Document(f"d{seed}", text, "2018-01-01", entities=gold)
    return doc, _preds(rng, text, words, gold, overlap=rng.random() < 0.25), rng


def _tally_dicts(t: ner.NerTally):
    return (dict(t.by_type), dict(t.by_unit), dict(t.token_by_type), dict(t.token_by_unit))


def test_flat_path_gives_the_general_tally_and_pairing():
    applied = declined = 0
    for seed in range(3000):
        doc, preds, rng = _case(seed)
        for view in ner.VIEWS:
            unit = rng.choice((None, 0, 7))
            keep_fast: dict = {}
            fast = ner.score_flat(doc, preds, view=view, unit=unit, keep=keep_fast)
            if fast is None:
                declined += 1
                continue
            applied += 1
            keep_general: dict = {}
            general = ner.score_general(doc, preds, view=view,
                                        unit_starts=None if unit is None else [0],
                                        unit_offset=unit or 0, keep=keep_general)
            assert _tally_dicts(fast) == _tally_dicts(general), (seed, view)
            assert keep_fast["strict"] == keep_general["strict"], (seed, view)
    # both branches are exercised, the flat one on most cases
    assert applied > 3000 and declined > 600, (applied, declined)


def test_flat_path_declines_what_it_does_not_cover():
    text = "قال الرئيس في دمشق إن لبنان"
    doc = Document("d", text, "2018-01-01", entities=(
        make_entity("e0", 4, 10, text[4:10], "PERS", "PER"),
        make_entity("e1", 14, 18, text[14:18], "GPE", "LOC")))
    flat_preds = (entity(4, 10, "PERS", text[4:10]),)
    assert ner.score_flat(doc, flat_preds) is not None
    nested = (entity(4, 18, "ORG", text[4:18]), entity(14, 18, "GPE", text[14:18]))
    assert ner.score_flat(doc, nested) is None                     # predictions overlap
    twice = flat_preds * 2
    assert ner.score_flat(doc, twice) is None                      # a duplicate
    optional = Document("d", text, "2018-01-01", entities=(
        make_entity("e0", 4, 10, text[4:10], "PERS", "PER", None, None, True),))
    assert ner.score_flat(optional, flat_preds) is None
    spaced = Document("d", text, "2018-01-01", entities=(
        make_entity("e0", 3, 10, text[3:10], "PERS", "PER"),))
    assert ner.score_flat(spaced, flat_preds) is None              # gold starts with a space
    alt = Document("d", text, "2018-01-01", entities=(
        make_entity("e0", 4, 10, text[4:10], "PERS", "PER", None, None, False,
                    (Alternative(type="ORG"),)),))
    assert ner.score_flat(alt, flat_preds) is None


@pytest.mark.parametrize("golds, preds, expected", [
    # a prediction across two gold mentions: strict pairs the first (INC), type
    # the one of its own type (COR), the second
    ([(0, 4, "PERS"), (5, 9, "GPE")], [(0, 9, "GPE")],
     {"overlap": [((0, 9, "GPE"), (0, 4, "PERS"))],
      "type_cor": [((0, 9, "GPE"), (5, 9, "GPE"))], "type_inc": []}),
    # two of its type at the same distance (|0-0|+|9-4| = |0-5|+|9-9|): the first
    ([(0, 4, "PERS"), (5, 9, "PERS")], [(0, 9, "PERS")],
     {"overlap": [((0, 9, "PERS"), (0, 4, "PERS"))],
      "type_cor": [((0, 9, "PERS"), (0, 4, "PERS"))], "type_inc": []}),
    # the closer one of its type wins over the earlier one
    ([(0, 4, "PERS"), (5, 9, "PERS")], [(2, 9, "PERS")],
     {"overlap": [((2, 9, "PERS"), (0, 4, "PERS"))],
      "type_cor": [((2, 9, "PERS"), (5, 9, "PERS"))], "type_inc": []}),
    # the same extent with another type: strict's untyped exact phase pairs it,
    # type's overlap phase makes it INC
    ([(0, 4, "PERS")], [(0, 4, "ORG")],
     {"same": [((0, 4, "ORG"), (0, 4, "PERS"))], "overlap": [],
      "type_cor": [], "type_inc": [((0, 4, "ORG"), (0, 4, "PERS"))]}),
    # touching spans are flat; each prediction takes the gold it overlaps
    ([(0, 4, "PERS"), (4, 8, "ORG")], [(1, 4, "ORG"), (4, 7, "ORG")],
     {"overlap": [((1, 4, "ORG"), (0, 4, "PERS")), ((4, 7, "ORG"), (4, 8, "ORG"))],
      "type_cor": [((4, 7, "ORG"), (4, 8, "ORG"))],
      "type_inc": [((1, 4, "ORG"), (0, 4, "PERS"))]}),
    # a gold paired exactly is no candidate: the other prediction is spurious
    ([(0, 4, "ORG"), (6, 9, "LOC")], [(0, 4, "ORG"), (5, 6, "LOC")],
     {"typed": {(0, 4, "ORG")}, "overlap": [], "type_cor": [], "type_inc": []}),
])
def test_flat_pairs_by_hand(golds, preds, expected):
    ordered_golds, ordered_preds = sorted(golds), sorted(preds)
    assert is_flat(ordered_golds) and is_flat(ordered_preds)
    pairs = flat_pairs(ordered_golds, ordered_preds)
    got = {"typed": set(pairs.typed),
           "same": list(zip(pairs.same_preds, pairs.same_golds)),
           "overlap": list(zip(pairs.overlap_preds, pairs.overlap_golds)),
           "type_cor": list(zip(pairs.type_cor_preds, pairs.type_cor_golds)),
           "type_inc": list(zip(pairs.type_inc_preds, pairs.type_inc_golds))}
    assert {k: got[k] for k in expected} == expected


def test_is_flat():
    assert is_flat([]) and is_flat([(0, 3, "A")]) and is_flat([(0, 3, "A"), (3, 5, "B")])
    assert not is_flat([(0, 3, "A"), (2, 5, "B")])        # overlap
    assert not is_flat([(0, 3, "A"), (0, 3, "B")])        # the same extent twice
    assert not is_flat([(2, 2, "A")])                     # empty


@pytest.mark.parametrize("start, end", [(7, 7), (5, 9)])
def test_flat_path_declines_gold_outside_the_text(start, end):
    """Gold the loader refuses (empty at the text's end, past its end) made
    ``score_flat`` raise IndexError where ``score_general`` scores it: now the
    flat path declines and ``score_document`` falls back."""
    text = "abc def"
    doc = Document("d", text, "2018-01-01", entities=(
        make_entity("e0", start, end, text[start:end], "PERS", "PER"),))
    preds = (entity(0, 3, "PERS", "abc"),)
    assert ner.score_flat(doc, preds) is None
    assert (_tally_dicts(ner.score_document(doc, preds))
            == _tally_dicts(ner.score_general(doc, preds)))


# The seeded test above keeps to word-aligned spans, plain spaces and space-led
# gold. Here gold may be half a word, and one gold per document (or none) takes
# in the character before it, after it or both: any white space (tabs, no-break,
# thin and ideographic spaces) or a word's edge (the flat path declines a whole
# document on one space-edged gold, so this leaves it about half the views);
# the words have zero-width joiners, harakat, tatweel, digits and punctuation,
# and coarse types are left out or not the fine type's.
# Predictions: the gold extents, half of them moved by a character or two (onto
# a space: their token chunk may be a gold one), typed as the gold, MISC, PER,
# INVALID..., and now and then one more anywhere.
_WORDS = ("دمشق", "لبنان", "بِالرَّئيس", "قـال", "2017", "٣", "،", ".", "(", "\u200bو", "و\u200c")
_SEPS = (" ", "\n", "\t", "\u00a0", "\u2009", "\u3000", "", "  ")
_FINE = ("PERS", "ORG", "GPE", "NORP", "CARDINAL", "DATE", "OCC")
_PREDICTED = (*_FINE, "MISC", "PER", "LOC", "INVALID")


@st.composite
def _any_case(draw):
    text, cells = "", []
    for word, sep in draw(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)),
                                   min_size=3, max_size=12)):
        cells.append((len(text), len(text) + len(word)))
        text += word + sep
    n, gold, end = len(text), [], 0
    i = draw(st.integers(0, 1))
    odd = draw(st.integers(-1, 2))   # the one gold that may take in a space (or none)
    while i < len(cells):
        k = min(i + draw(st.integers(1, 3)), len(cells)) - 1
        if len(gold) == odd:   # the space (or the character) before, after, or both
            s, e = cells[i][0] - 1, cells[k][1] + 1
            s, e = draw(st.sampled_from(((s, cells[k][1]), (cells[i][0], e), (s, e))))
        else:                  # the words, or half of the first or last one
            s = cells[i][0] + draw(st.sampled_from((0, 0, 1)))
            e = cells[k][1] - draw(st.sampled_from((0, 0, 1)))
        s, e = max(s, end), min(e, n)
        if s < e:
            kind = draw(st.sampled_from(_FINE))
            coarse = draw(st.sampled_from((COARSE_OF[kind], COARSE_OF[kind], None, "MISC")))
            gold.append((s, e, kind, coarse))
            end = e
        i = k + 1 + draw(st.integers(0, 2))
    preds, end = [], 0
    for s, e, kind, _ in gold:
        if draw(st.integers(0, 4)) == 0:
            continue
        if draw(st.booleans()):   # moved
            s = max(s + draw(st.sampled_from((0, -1, 1, -2))), end)
            e = min(max(e + draw(st.sampled_from((0, 1, -1, 2))), s + 1), n)
        if s < e:
            preds.append((s, e, draw(st.sampled_from((kind, kind, *_PREDICTED)))))
            end = e
    if draw(st.integers(0, 3)) == 0:   # one more, anywhere (the predictions may then overlap)
        s = draw(st.integers(0, n - 1))
        preds.append((s, draw(st.integers(s + 1, n)), draw(st.sampled_from(_PREDICTED))))
    entities = tuple(make_entity(f"e{k}", s, e, text[s:e], kind, coarse)
                     for k, (s, e, kind, coarse) in enumerate(gold))
    return (Document("d", text, "2018-01-01", entities=tuple(draw(st.permutations(entities)))),
            tuple(draw(st.permutations([entity(s, e, kind, text[s:e]) for s, e, kind in preds]))))


@settings(max_examples=500, deadline=None)
@given(_any_case(), st.sampled_from((None, 0, 7)))
def test_flat_path_on_any_offsets_and_characters(case, unit):
    """The seeded test's property on these inputs. Unlike it, this one fails when
    either space check of ``_plain_gold`` is dropped (or the start check kept
    to " " and "\\n")."""
    doc, preds = case
    for view in ner.VIEWS:
        keep_fast: dict = {}
        fast = ner.score_flat(doc, preds, view=view, unit=unit, keep=keep_fast)
        if fast is None:
            continue
        keep_general: dict = {}
        general = ner.score_general(doc, preds, view=view,
                                    unit_starts=None if unit is None else [0],
                                    unit_offset=unit or 0, keep=keep_general)
        assert _tally_dicts(fast) == _tally_dicts(general), view
        assert keep_fast["strict"] == keep_general["strict"], view


# -- the user's job: `khabar score` as a subprocess on flat gold and messy predictions,
# checked against nervaluate (span modes) and seqeval (token view)

_FLAT_DOCS = {
    "flat_a": ("قال الرئيس ميشال عون في بيروت إن لبنان لن يقبل بأي تدخل، وأضاف أن "
               "الحكومة ستجتمع يوم الخميس لبحث الأزمة مع الأمم المتحدة.",
               [("ميشال عون", "PERS"), ("بيروت", "GPE"), ("لبنان", "GPE"),
                ("الحكومة", "ORG"), ("الأمم المتحدة", "ORG")]),
    "flat_b": ("أعلنت وزارة الصحة في دمشق تسجيل 12 إصابة جديدة، وقال الوزير حسن الغباش "
               "إن الوضع في حلب مستقر.",
               [("وزارة الصحة", "ORG"), ("دمشق", "GPE"), ("12", "CARDINAL"),
                ("حسن الغباش", "PERS"), ("حلب", "GPE")]),
    "flat_c": ("التقى وفد من جامعة الدول العربية بممثلي الأكراد في أربيل أمس، ثم توجه "
               "لبوكمال.",
               [("جامعة الدول العربية", "ORG"), ("الأكراد", "NORP"), ("أربيل", "GPE"),
                ("بوكمال", "GPE")]),
}
# (document, context string, type): predictions, messy the way systems are:
# right, another type, a boundary short or long, one across two mentions,
# one with a leading space, spurious ones, the proclitic of a mention alone
# (touching it); some mentions missed. A context string may carry the part of it
# that is the span, as (start, end) within it.
_FLAT_PREDS = {
    "flat_a": [("ميشال عون", "PERS"), ("بيروت", "ORG"), ("لبنان لن", "GPE"),
               (" الحكومة", "ORG"), ("الأمم", "ORG"), ("تدخل", "EVENT")],
    "flat_b": [("وزارة الصحة في دمشق", "ORG"), ("12", "CARDINAL"), ("حسن", "PERS"),
               ("حلب", "LOC"), ("الوضع", "NORP")],
    "flat_c": [("جامعة الدول العربية", "ORG"), ("أربيل", "GPE"), ("لبوكمال", "PERS", (0, 1))],
}


def _at(text: str, context: str, part: tuple[int, int] | None = None) -> tuple[int, int]:
    """The span of a context string that occurs once in the text (or of ``part``
    of it)."""
    assert text.count(context) == 1, context
    start = text.index(context)
    if part is not None:
        return start + part[0], start + part[1]
    return start, start + len(context)


def _pred_spans(doc_id: str) -> list[tuple[int, int, str]]:
    """The predicted ``(start, end, type)`` of a document of :data:`_FLAT_PREDS`."""
    text = _FLAT_DOCS[doc_id][0]
    return [(*_at(text, context, *part), kind) for context, kind, *part in _FLAT_PREDS[doc_id]]


def _write_flat_corpus(root):  # type: ignore[no-untyped-def]
    import json

    from benchmark.gold.loader import gold_record

    gold_dir, texts = root / "gold", root / "texts"
    gold_dir.mkdir()
    texts.mkdir()
    docs = []
    for doc_id, (text, mentions) in _FLAT_DOCS.items():
        ents = tuple(make_entity(f"e{k}", *_at(text, s), s, kind, COARSE_OF[kind])
                     for k, (s, kind) in enumerate(mentions))
        doc = Document(doc_id, text, "2018-03-01", entities=ents,
                       meta={"gold_version": "1.0.0"}, layers=("entities",))
        (texts / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (gold_dir / f"{doc_id}.json").write_text(json.dumps(
            gold_record(doc, f"../texts/{doc_id}.txt"), ensure_ascii=False, indent=1),
            encoding="utf-8")
        docs.append(doc)
    lines = [json.dumps({"doc_id": doc_id, "entities": [
        {"start": start, "end": end, "type": kind} for start, end, kind in _pred_spans(doc_id)]},
        ensure_ascii=False) for doc_id in _FLAT_PREDS]
    (root / "preds.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return docs


def _nervaluate_counts(pairs, labels):  # type: ignore[no-untyped-def]
    """nervaluate 1.2.x overall counts per mode, summed over documents (each one
    list, position-sorted, inclusive ends)."""
    nervaluate = pytest.importorskip("nervaluate")
    names = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
    fields = {"cor": "correct", "inc": "incorrect", "par": "partial", "mis": "missed",
              "spu": "spurious"}
    total = {m: dict.fromkeys(fields, 0) for m in names}
    for gold, pred in pairs:
        true = [[{"label": t, "start": s, "end": e - 1} for s, e, t in sorted(gold)]]
        got = [[{"label": t, "start": s, "end": e - 1} for s, e, t in sorted(pred)]]
        overall = nervaluate.Evaluator(true, got, tags=list(labels), loader="dict").evaluate()
        for mode, name in names.items():
            for k, field in fields.items():
                total[mode][k] += getattr(overall["overall"][name], field)
    return total


def _iob(tokens, spans):  # type: ignore[no-untyped-def]
    """IOB2 tags of the tokens lying wholly inside each span (the token view's rule)."""
    tags = ["O"] * len(tokens)
    for s, e, label in spans:
        inside = [i for i, (a, b) in enumerate(tokens) if s <= a and b <= e]
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + label
    return tags


def test_khabar_score_on_flat_gold_equals_nervaluate_and_seqeval(tmp_path):
    """``khabar score file:preds.jsonl`` on a flat gold with messy predictions, as a
    user runs it: its span-mode counts equal nervaluate's, fine and coarse, and its
    token-view F1 equals seqeval's on the canonical tokens. These inputs take the
    flat path (checked), so the subprocess scores them with it."""
    import json

    from benchmark.core.tokenize import canonical_tokens
    from khabar_cli import assert_no_traceback, run

    docs = _write_flat_corpus(tmp_path)
    preds = {d: _pred_spans(d) for d in _FLAT_PREDS}
    for doc in docs:   # the flat path applies in both views
        entities = tuple(entity(s, e, kind, doc.text[s:e]) for s, e, kind in preds[doc.doc_id])
        for view in ner.VIEWS:
            assert ner.score_flat(doc, entities, view=view) is not None, (doc.doc_id, view)
    proc = run("score", f"file:{tmp_path / 'preds.jsonl'}", "--gold", str(tmp_path / "gold"),
               "--task", "ner", "--bootstrap", "0", "--json", str(tmp_path / "out.json"),
               cwd=tmp_path, env={"KHABAR_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_no_traceback(proc)
    assert "NER (fine types)" in proc.stdout
    ner_results = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["tasks"]["ner"]

    fine_pairs = [([(e.start, e.end, e.type) for e in d.entities], preds[d.doc_id]) for d in docs]
    fine = _nervaluate_counts(fine_pairs, {t for g, p in fine_pairs for *_, t in g + p})
    coarse_pairs = [([(s, e, COARSE_OF[t]) for s, e, t in g if COARSE_OF[t]],
                     [(s, e, COARSE_OF[t]) for s, e, t in p if COARSE_OF[t]])
                    for g, p in fine_pairs]
    coarse = _nervaluate_counts(coarse_pairs, ("PER", "ORG", "LOC", "MISC"))
    for mode in ("strict", "exact", "partial", "type"):
        got = {k: ner_results[mode][k] for k in ("cor", "inc", "par", "mis", "spu")}
        assert got == fine[mode], mode
    for mode in ("strict", "exact", "partial"):
        got = {k: ner_results["coarse"][mode][k] for k in ("cor", "inc", "par", "mis", "spu")}
        assert got == coarse[mode], ("coarse", mode)
    # the messy predictions leave something in every outcome
    assert all(fine["strict"][k] for k in ("cor", "inc", "mis", "spu")) and fine["partial"]["par"]

    seqeval = pytest.importorskip("seqeval.metrics")
    gold_tags, pred_tags = [], []
    for doc in docs:
        tokens = canonical_tokens(doc)
        gold_tags.append(_iob(tokens, [(e.start, e.end, e.type) for e in doc.entities]))
        pred_tags.append(_iob(tokens, preds[doc.doc_id]))
    assert ner_results["token"]["conlleval"]["f1"] == pytest.approx(
        seqeval.f1_score(gold_tags, pred_tags), abs=1e-12)
