"""Named-entity rules of the ``rules`` baseline (Wojood fine types).

Rules, applied to the words of the normalised text (proclitics و ف ب ك ل kept
outside every span; لل+name starts after the first ل):

1. **Gazetteer**: CLDR country/region names (Babel ``ar``: countries GPE,
   numeric-code regions LOC) and time-zone city names (GPE), minus
   ``cldr_stoplist.txt``, plus ``gazetteer.tsv``; longest match first.
2. **Place classifier**: a head of ``place_heads.tsv`` (``مدينة``, ``نهر``,
   ``مطار``) + a name → one mention with the head inside (``مدينة حلب``). The
   name is a gazetteer entry, or one word plus an optional definite non-nisba
   word (``دير الزور``); descriptive/direction adjectives stay out. Names found
   this way are learned and tagged wherever else they occur in the document.
3. **ORG phrases**: a head of ``org_heads.txt`` + complement: an indefinite
   head takes the next word (``تنظيم داعش``, ``قوات سوريا``) unless it looks
   like an indefinite adjective or plural (ending ة/ين/ون/ات), then definite
   words, gazetteer names and ``ل``-genitives followed by a definite word
   (``لحقوق الإنسان``) follow, up to 7 words; a phrase stops at stop words,
   descriptive adjectives (``الإرهابي``), titles (``اللواء``), timexes,
   punctuation and ``و``+word.
   A definite head with nothing after it (``الجيش``) is an anaphor: skipped.
4. **Abbreviation**: ``(X)`` of one to three words right after an ORG is an ORG
   of its own, without the parentheses, and is learned.
5. **OCC**: a title of ``titles.txt`` + its definite complement and ``باسم`` +
   phrase (``وزير الخارجية الروسي``, ``المتحدث باسم الجيش``); a construct
   title takes a name or an ORG phrase (``والي حلب``, ``قائد شرطة نينوى``, the
   inner name/ORG kept as a nested mention); bare titles too.
6. **PERS**: a given name of ``first_names.txt`` + up to three name words
   (``بن``/``عبد`` chains), ending after the first definite word; ``على``
   (folded like the name ``علي``) is the preposition.
7. **Numbers**: digits (Western or Eastern) or number words, with a scale
   word (``5 ملايين``), and vague quantities (``عشرات``) → CARDINAL; with ``%``/``في المئة`` → PERCENT.
   Approximators (``نحو``) stay out; numbers inside a timex are not repeated.
8. **Dates/times**: every TIMEX3 is also a DATE (hour-level: TIME) entity with
   the same extent.
9. **Nesting**: a gazetteer or learned name inside an ORG/OCC phrase is kept
   as its own mention; the same-type bare name inside a place-classifier
   phrase is dropped (same referent). Crossing spans: the earlier, longer wins.

Added in 0.3.0 (guidelines 4.1 and 4.6):

10. **Persons by cues** (``person_cues.tsv``): name words after a title (and its
    adjectives: ``رئيس الحكومة الجديد جوزيبي كونتي``), an honorific (not a mention:
    ``الشيخ``, ``السيد``), a kinship or role noun (``ابنتها``, ``المشتبه به البوسني``),
    a speech verb when a comma, colon, complementizer or addressee follows
    (``وقال غريفو إن``), or before an age ``(46 عاما)``; chains with ``بن/آل/عبد``;
    a definite surname after the given name or, after two name words, a nisba-like
    one. Every name teaches its surname, tagged where it recurs (``ماكرون``).
    Hashtags: ``#`` out, ``_`` joins (``فلاديمير_بوتين``).
11. **NORP**: group nouns (``groups.txt``), plurals of nationality nisbas derived
    from the gazetteer (``الإيطاليون``) unless they modify the noun before them,
    ``الشعب`` + nisba, and an accusative nisba with tanween (``روسياً``).
12. **ORG**: well-known names (gazetteer), names learned after an indefinite head
    (``حركة طالبان`` → ``طالبان``), abbreviations after a lone head (``لوكالة (سانا)``),
    embassies and coast guards; after the first complement only nisbas and
    institutional adjectives go on (not ``وكالة سبوتنيك [الخبر]``). Quoted names
    after a head (``quoted_name_heads.tsv``): ``سفينة "أكواريوس"`` PRODUCT,
    ``صحيفة "سبق"`` ORG, marks inside, the bare name learned.
13. **EVENT/LAW**: an event head + a name (``حرب البوسنة``, nested GPE kept), the
    bare ``العيد`` after a named feast; a treaty head + a gazetteer name, ``قرار`` +
    ORG + number (``law_heads.txt``). WEBSITE and PRODUCT words from the gazetteer.
14. **OCC**: construct titles take a place phrase (``ملك مملكة البحرين``), ``عضو في``
    + ORG, and a following name inside (``محامي باجورتزيس``); ``غير`` + title is an
    adjective. **Places**: a facility of a town (``ميناء بلدة بوزالو``), no nationality
    adjective or ordinal as a name (``العاصمة الجزائرية``, ``ولاية خامسة``).
15. **Numbers**: ORDINAL words, QUANTITY with CLDR unit words (``73 ميلا``),
    definite number words (``الأربعة``), digits glued to a preposition (``من600``);
    no number inside another name.

Added in 0.4.0 (issue 17: general mechanisms instead of dev-fitted literals):

16. **Well-known figures** (``well_known_persons.tsv``, a fixed criterion: heads of state
    and government 2016–2018 of the G20, the Arab League, Iran, Israel and Turkey, the UN
    Secretary-General …): the full name, and the surname alone only when it is no common
    word or given name (``ترامب`` yes, ``الأسد`` no). A known name is never swallowed by a
    title or ORG phrase (it stays adjacent); ``باسم`` + a known name takes it whole.
17. **Persons**: more given names (common words left out); after a title, a name and a
    definite, non-nationality surname before ``في``/``خلال``/``أن``; no given name read
    through the preposition ك (``كريم``); ب/ل + a verbal noun (``بتطبيق``) is no name.
18. **NORP**: an indefinite nisba plural or singular counted by a number (``ثلاثة
    فلسطينيين``, ``مليون مصري``); broken plurals (``الأتراك``, ``الروس``) and more religious
    groups in ``groups.txt``.
19. **Lists completed by their criterion** rather than by the dev articles: all Algerian
    wilayas, capitals CLDR lacks, million-cities, more agencies, broadcasters and
    movements; more ORG heads (``مصرف``, ``منتخب``) and titles (``السيناتور``, ``المشير``).
20. Naming words introduce a name (``يدعى``, ``المدعو``); a verb of the form استفعل ends a
    name (``سلمان استقبل``); ``لدى`` + a known body completes an office (``السفير … لدى الأمم
    المتحدة``); a country in ية gives its nisba (``السعودية`` → ``سعودي``); a scale word alone
    is a number (``ألف شخص``, ``ألفي دينار`` MONEY).

Added in 0.5.0 (issue 17: general cues, tests on written text):

21. **Persons**: a known full name (gazetteer or well-known figure) teaches its surname for the
    document, so an ambiguous surname (``عباس``, ``الشاهد``) is a name after the full name; a lone
    given name after an honorific (``السيدة سلوى``); chains of up to seven words (``عبد الله بن
    حمد آل ثاني``); a nationality nisba after a role noun (``مسؤول مغربي``) or a derived verb
    (افتعل/انفعل) after a kinship noun (``ابنها انسحب``) starts no name.
22. **Titles**: a deputy, assistant or adviser + another title is one office (``نائب رئيس
    الوزراء``, ``مساعد وزير الدفاع``); an indefinite title keeps its nisba (``مسؤول عراقي``).
23. **LAW**: ``القرار``/``القانون`` + [nisba] + ``رقم`` + number or a three-digit number
    (``القرار 2401``, ``القرار الأممي رقم 242``); ``قرار`` + ORG + [``رقم``] + number.
24. **Lists completed by their criterion**: division capitals of more Arab states, main towns,
    world cities, seas and regions, UN agencies, parties, media and companies; more given names.
25. **Round 2** (general constructions found failing on written sentences): a quotation mark
    between a title and the next word (``قال الوزير "نرحب …"``) and a definite ORG head before a
    quotation (``الحكومة "تتجاهل …"``: a predicate) give no name; a word before ``عدم``
    (``مسؤول طلب عدم ذكر اسمه``) and a two-letter word (``المهاجم فر``) are no name; a plural
    after a singular definite title is not its adjective (``الوزير الصحفيين``); an indefinite
    nisba after a definite rank or honorific, before a name word, is a given name (``اللواء مصري
    الحسن``: a definite title takes no indefinite adjective); an ORG phrase with a singular
    definite head stops before a plural group (``التحالف الحوثيين``); a third name word in ى
    (folded like the nisba ي: ``المستشفى``) is no surname; a passive participle مفعول after a
    kinship noun is a predicate (``ابنها مفقود``).
26. **Round 3** (general constructions found failing on written sentences,
    ``tests/test_rules_v5_round3.py``): a given name after و/ف starts a name with its surname
    (lists: ``… وسعيد النجار ومريم الحسيني``); a foreign surname in W- (``جورج ويلسون``) right
    after a given name is no conjunct unless the rest is a known word, an imperfect or derived
    verb; a verbal noun of forms VII, VIII, X (``انسحاب``, ``اجتماع``, ``استقبال``) ends a name; a
    place head + honorific + name keeps the name (``حي الشيخ جراح``); ``شارع``/``ميدان``/``جامع``
    are FAC heads; the feminine plural of a nationality nisba is a group (``المصريات``).
27. **Round 5, NER domains** (economy, sports, culture, education, religion and local news,
    ``tests/test_rules_v5_round5_ner.py``): a bare scale word before a unit is a QUANTITY
    (``مليون برميل``) and abbreviated units count (``20 كلم``, ``80 ملم``); a definite ORG head
    before an ordinal is a rank (``المركز الثاني``); event heads beginning with ك/ب (``كأس``,
    ``بطولة``) are heads, not proclitic + word; competition and festival names go on with their
    nisbas (``كأس الأمم الأفريقية``); a head + a namesake's title + a name is one mention
    (``جامعة الملك سعود``, ``ملعب الأمير فيصل``); a toponymic prefix (``كفر``, ``عين``, ``بيت``)
    after a place head takes the next word (``قرية كفر قاسم``); heads ``بورصة``, ``كلية``,
    ``استاد``, ``كاتدرائية``; sports roles before a name (``العداء``, ``الحارس``).

Added in 0.6.0 (general classes missing on the new dev documents, ``tests/test_rules_v6_ner.py``):

28. **Numbers**: an area or volume unit keeps its adjective in any case (``كيلومترا مربعا``); a vague
    quantity + a scale word is one CARDINAL (``عشرات آلاف``); article + digits (``الـ59``); ``أحد`` /
    ``إحدى`` before a noun ("one of") is no number. **Persons**: compound given names in ``الدين`` /
    ``الله`` / ``الإسلام`` (``صلاح الدين …``); a W-surname anywhere after a given name; a stop word is
    no proclitic + given name (``لدينا``); no name from ب/ل + a verbal noun of the forms IV, VII,
    VIII, X (``بإطلاق``) or from a verb in ى after a role noun (``المشتبه به جرى``). **ORG**: a
    construct noun of ``construct_nouns.txt`` takes its definite genitive (``شرطة مكافحة الإرهاب``);
    evaluative adjectives stay out (``الانقلابية``); Latin-script broadcasters (``CNN``). **OCC**:
    ``الرئيس``/``المقدم`` after a definite non-title noun are adjectives; ``وزير خارجيتها``; an MP's
    ``عن``/``ب``+place complement; transliterated ranks (``اللفتنانت``). **Places**: a quoted name
    after any indefinite place head (``جبل "…"``), camps, complexes and shows; no place name that
    is a title or ``مسقط رأس``; ``السعودية`` after a definite feminine noun is the nisba.

Added in 0.7.0 (generalisation to unseen news, ``tests/test_rules_v7_ner.py``):

29. **Persons**: a surname in ون/ين after a name word is no plural (``لارس أندرسون``) unless the
    run starts with a plural or ends in a nisba plural or a م-participle; a French surname in يه
    (``برونيه``); ل + a known body after the name is an addressee (``لبي بي سي``); a ب-phrase, a
    past verb VII/VIII or a dual ends a name after two words; two accusatives in ا are no name
    (``اتصالا هاتفيا``); ``فإن`` is no particle; a lone given name after a speech verb; the kunya
    ``أم`` + given name; a participle predicate after a role noun (``اللاعب مصاب.``); the cues
    ``نظيره`` and culture roles. **Places**: a direction in construct + an unknown word is a town
    (``شمال كفرنبل``), learned; ``أبو/أم/بني`` continue a toponym after a place head (``معبر كرم
    أبو سالم``); ``مار`` is a namesake title. **EVENT/LAW**: a competition head + an indefinite
    name (``بطولة ويمبلدون``); a law head + construct noun + definite genitive (``قانون مكافحة
    الإرهاب``). **ORG**: name + لل + a business sector (``زين للاتصالات``); ل + a known multi-word
    name inside an ORG. **NORP**: after ``آلاف``; counted broken plurals (``سبعة أتراك``). No
    one-word OCC nested in a facility or a namesake title in a body (eponyms are not nested).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from runners.builtin.rules_numbers import DIGITS, _alt, number_word_regex, tables
from runners.builtin.rules_text import (NormText, fold, load_list, load_table, matches,
                                        stems, verb_forms, words)
from runners.builtin.rules_timex import Timex


@dataclass(frozen=True)
class Mention:
    """An entity: original ``[start, end)`` and fine type."""

    start: int
    end: int
    type: str
    rule: str = ""
    head: str = field(default="", compare=False)   # folded first and last words
    tail: str = field(default="", compare=False)


@lru_cache(maxsize=None)
def gazetteer() -> dict[tuple[str, ...], str]:
    """Folded name (tuple of words) → fine type."""
    from babel import Locale  # lazy: keeps the CLI fast

    loc = Locale("ar")
    stop = set(load_list("cldr_stoplist.txt"))
    gaz: dict[tuple[str, ...], str] = {}

    def put(name: str, typ: str) -> None:
        name = fold(re.sub(r"\s*\(.*?\)", "", name))
        if "،" in name or "," in name or name in stop or len(name.replace(" ", "")) < 3:
            return
        gaz.setdefault(tuple(name.split()), typ)

    for name, typ in load_table("gazetteer.tsv"):
        put(name, typ)
    for name, surname in load_table("well_known_persons.tsv"):
        put(name, "PERS")   # a figure of the news period (criterion in the file)
        if surname != "-":
            put(surname, "PERS")
    for code, name in loc.territories.items():
        put(name, "LOC" if code.isdigit() or code in ("EU", "EZ", "UN", "QO") else "GPE")
    for zone in loc.time_zones.values():
        if "city" in zone:
            put(zone["city"], "GPE")
    return gaz


@lru_cache(maxsize=None)
def _cues() -> dict[str, set[str]]:
    """Person cues by kind (``person_cues.tsv``): honorific, kin, role, particle."""
    out: dict[str, set[str]] = {}
    for kind, word in load_table("person_cues.tsv"):
        out.setdefault(kind, set()).add(fold(word))
    return out


@lru_cache(maxsize=None)
def nisbas() -> dict[str, str]:
    """Nationality nisba stems derived from the gazetteer's GPE names (folded, no
    article): ``سوريا`` → ``سوري``, ``اليمن`` → ``يمني``, ``أفغانستان`` → ``افغاني``,
    ``البوسنة`` → ``بوسني``. Maps each stem to its place name."""
    out: dict[str, str] = {}
    for name, typ in gazetteer().items():
        if typ not in ("GPE", "LOC") or len(name) != 1:
            continue
        w = name[0][2:] if name[0].startswith("ال") and len(name[0]) > 4 else name[0]
        forms = [w + "ي"]
        if w.endswith("يا"):
            forms.append(w[:-1])
        elif w.endswith("يه"):
            forms.append(w[:-1])   # السعودية → سعودي (not سعوديي)
        elif w.endswith(("ا", "ه")):
            forms.append(w[:-1] + "ي")
        if w.endswith("ستان"):
            forms.append(w[:-4] + "ي")
        for f in forms:
            if len(f) >= 4:
                out.setdefault(f, name[0])
    return out


@lru_cache(maxsize=None)
def _sets() -> dict:
    return {
        "cues": _cues(),
        "groups": set(load_list("groups.txt")),
        "common": set(load_list("common_nouns.txt")) | set(load_list("construct_nouns.txt")),
        "construct": set(load_list("construct_nouns.txt")),
        "events": set(load_list("event_heads.txt")),
        "laws": set(load_list("law_heads.txt")),
        "quoted": dict(load_table("quoted_name_heads.tsv")),
        "org": set(load_list("org_heads.txt")),
        "titles": load_list("titles.txt"),
        "title_set": set(load_list("titles.txt")),
        "place": dict(load_table("place_heads.tsv")),
        "stop": set(load_list("stopwords.txt")),
        "adj": set(load_list("descriptive_adjectives.txt")),
        "first": set(load_list("first_names.txt")),
        "verbs": set(verb_forms()["all"]),
    }


def _strip(word: str) -> tuple[int, str]:
    """The longest proclitic-stripped reading whose rest is still ≥ 2 letters."""
    return stems(word)[-1]


def _nisba(word: str) -> bool:
    return word.startswith("ال") and word.endswith(("ي", "يه", "يين", "يون", "يات"))


#: adjectives of institutions that are not nisbas (المجلس الأعلى, المحكمة العليا, الأمين العام)
_NAME_ADJECTIVES = frozenset(fold(w) for w in (
    "الأعلى", "العليا", "العام", "العامة", "الأول", "الأولى", "الحر", "الحرة", "الموحد",
    "الموحدة", "المؤقتة", "المؤقت", "المركزي", "المتحدة", "المتحد", "الأحمر", "الأكبر", "الكبرى",
    "الخاصة", "الخاص", "المستقلة", "المستقل", "الدائم", "الدائمة", "الأمن", "الأعلي"))


def _name_adjective(word: str) -> bool:
    """A definite word that can go on a name after its first complement: a nisba
    (``الإيطالية``) or an institutional adjective (``الأعلى``, ``العام``)."""
    return _nisba(word) or word in _NAME_ADJECTIVES


class _Doc:
    def __init__(self, text: str, timexes: list[Timex]):
        self.norm = NormText.of(text)
        self.w = words(self.norm.text)
        self.orig_start = {self.norm.offsets[w.start]: i for i, w in enumerate(self.w)}
        self.in_timex = [False] * len(self.w)
        for i, w in enumerate(self.w):
            s, e = self.norm.span(w.start, w.end)
            self.in_timex[i] = any(t.start < e and s < t.end for t in timexes)

    def joined(self, i: int) -> bool:
        """Whether word i+1 follows word i across white space only."""
        if i + 1 >= len(self.w):
            return False
        gap = self.norm.text[self.w[i].end:self.w[i + 1].start]
        return gap.replace("#", "").replace("_", " ").strip() == ""

    def span(self, i: int, j: int, skip: int = 0) -> tuple[int, int]:
        """Original offsets of words i..j inclusive, skipping ``skip`` letters of word i."""
        return self.norm.span(self.w[i].start + skip, self.w[j].end)


def _gaz_at(doc: _Doc, i: int, gaz: dict[tuple[str, ...], str], maxlen: int = 5):
    """Longest gazetteer match starting at word i: (last word index, skip, type)."""
    for n in range(maxlen, 0, -1):
        if i + n > len(doc.w):
            continue
        if n > 1 and not all(doc.joined(k) for k in range(i, i + n - 1)):
            continue
        rest = tuple(w.text for w in doc.w[i + 1:i + n])
        for skip, first in stems(doc.w[i].text):
            for cand in ((first,) + rest, ("ا" + first,) + rest if first.startswith("ل") else None):
                if cand and cand in gaz and (cand[0] == first or matches(first, cand[0])):
                    return i + n - 1, skip, gaz[cand]
    return None


def _ends_np(doc: _Doc, j: int, s: dict) -> bool:
    w = doc.w[j].text
    if doc.in_timex[j] or w in s["stop"] or w in s["adj"] or w in s["verbs"]:
        return True
    return w.startswith("و") and len(w) > 3 and w[1:].startswith("ال")


def recognise(text: str, timexes: list[Timex]) -> list[Mention]:
    """All entity mentions of a text."""
    doc = _Doc(text, timexes)
    s = _sets()
    gaz = dict(gazetteer())
    out: list[Mention] = []
    n = len(doc.w)

    def emit(i: int, j: int, skip: int, typ: str, rule: str) -> None:
        a, b = doc.span(i, j, skip)
        out.append(Mention(a, b, typ, rule, doc.w[i].text[skip:], doc.w[j].text))

    # pass 0: quoted names after a head (سفينة "أكواريوس"), learned when distinctive
    out += _quoted_names(doc, gaz, s)
    # pass 1: place classifiers and ORG phrases teach names to the gazetteer
    for i in range(n):
        skip, head = _strip(doc.w[i].text)
        for sk, h in stems(doc.w[i].text):
            if h in s["place"]:
                skip, head = sk, h
        if head not in s["place"] or i + 1 >= n or not doc.joined(i) or doc.in_timex[i + 1]:
            continue
        g = _gaz_at(doc, i + 1, gaz)
        if g and g[1] == 0:
            if g[2] in ("GPE", "LOC", "FAC"):
                emit(i, g[0], skip, s["place"][head] if s["place"][head] != "GPE" else g[2], "place")
            continue
        w1 = doc.w[i + 1].text
        if w1 in s["place"] and s["place"][w1] != s["place"][head] and doc.joined(i + 1) and \
                i + 2 < n:   # ميناء بلدة بوزالو: a facility of a town
            g2 = _gaz_at(doc, i + 2, gaz)
            j2 = g2[0] if g2 and g2[1] == 0 else i + 2
            if not _ends_np(doc, j2, s) and not _indefinite_adjective(doc.w[j2].text):
                emit(i, j2, skip, s["place"][head], "place")
            continue
        if w1 in s["title_set"] and w1 not in _NAMESAKE_TITLES or _birthplace(doc, i + 1):
            continue   # "بسجن النائبة": a title is no place name; "قرية مسقط رأس" (0.6.0)
        if _ends_np(doc, i + 1, s) or w1 in s["place"] or w1 in s["org"] or len(w1) < 2 or \
                w1.startswith("لل") or _indefinite_adjective(w1) or w1 in s["common"] or \
                w1 in _ordinals() or _nationality(w1):
            continue   # "العاصمة الجزائرية": a nationality adjective, no name
        j = i + 1
        if (w1 in s["cues"].get("honorific", ()) or w1 in _NAMESAKE_TITLES) and \
                doc.joined(j) and j + 1 < n and \
                not doc.w[j + 1].text.startswith("ال") and _nameish(doc.w[j + 1].text, s) and \
                not _ends_np(doc, j + 1, s):
            j += 1   # "حي الشيخ جراح": a place named after a person (round 3)
        elif w1 in _TOPONYM_PREFIXES and doc.joined(j) and j + 1 < n and \
                not doc.w[j + 1].text.startswith("ال") and not _ends_np(doc, j + 1, s) and \
                _nameish(doc.w[j + 1].text, s) and not _indefinite_adjective(doc.w[j + 1].text):
            j += 1   # "قرية كفر قاسم", "بلدة عين عرب": a two-word place name (round 5)
        elif doc.joined(j) and j + 1 < n and doc.w[j + 1].text.startswith("ال") and \
                not _nisba(doc.w[j + 1].text) and not _ends_np(doc, j + 1, s):
            j += 1
        elif doc.joined(j) and j + 2 < n and doc.w[j + 1].text in _TOPONYM_KUNYA and \
                doc.joined(j + 1) and not _ends_np(doc, j + 2, s) and \
                _nameish(doc.w[j + 2].text, s, definite_ok=True):
            j += 2   # "معبر كرم أبو سالم", "قرية دير أبو مشعل": a toponym in أبو/أم/بني (0.7.0)
        emit(i, j, skip, s["place"][head], "place")
        gaz.setdefault(tuple(w.text for w in doc.w[i + 1:j + 1]), s["place"][head])
    _learn_orgs(doc, gaz, s)
    _learn_directed_places(doc, gaz, s, out)

    # pass 2: gazetteer (with learned names), events and laws
    for i in range(n):
        g = _gaz_at(doc, i, gaz)
        if g and not doc.in_timex[i]:
            typ = g[2]
            a, b = doc.span(i, g[0], g[1])
            if typ == "GPE" and g[0] == i and g[1] == 0 and doc.w[i].text.startswith("ال") and \
                    doc.w[i].text.endswith("يه") and i > 0 and doc.joined(i - 1) and \
                    doc.norm.original[slice(*doc.span(i - 1, i - 1))][:2] == "ال" and \
                    doc.w[i - 1].text.endswith(("ه", "ات")) and doc.w[i - 1].text not in s["stop"]:
                continue   # "السلطات السعودية": the nisba agreeing with a feminine noun (0.6.0)
            if _birthplace(doc, g[0]):
                continue   # "مسقط رأس": the idiom "birthplace", not Muscat (0.6.0)
            if typ == "GPE" and "\u064b" in doc.norm.original[b - 2:b]:
                typ = "NORP" if _strip(doc.w[g[0]].text)[1].endswith("يا") else ""
            if typ:   # روسياً (tanween): "a Russian", not the country
                emit(i, g[0], g[1], typ, "gazetteer")
    out += _events_and_laws(doc, gaz, s)

    titles = [tuple(t.split()) for t in s["titles"]]
    person_until = -1
    for i in range(n):
        if doc.in_timex[i] or i <= person_until:
            continue
        skip, head = 0, doc.w[i].text
        for sk, h in stems(doc.w[i].text):
            if h in s["org"]:
                skip, head = sk, h
            elif h.startswith("ل") and "ا" + h in s["org"] and "ا" + h != doc.w[i].text:
                skip, head = sk, "ا" + h   # للحكومة → لحكومة (after the first ل)
        if head in s["org"]:
            j = _org_end(doc, i, head, gaz, s)
            if j is not None:
                emit(i, j, skip, "ORG", "org")
                _abbreviation(doc, j, gaz, out)
            elif not head.startswith("ال"):
                _abbreviation(doc, i, gaz, out)   # لوكالة (سانا)
            continue
        t = _title_at(doc, i, titles)
        if t and t[1] == i and doc.w[i].text in _ADJECTIVE_TITLES and i > 0 and \
                doc.joined(i - 1) and doc.norm.original[slice(*doc.span(i - 1, i - 1))][:2] == "ال" \
                and doc.w[i - 1].text not in s["title_set"] and doc.w[i - 1].text not in s["stop"] \
                and not doc.in_timex[i - 1]:
            continue   # "المعقل الرئيس", "الرد المقدم من": an adjective on the noun (0.6.0)
        if t and not (i and _strip(doc.w[i - 1].text)[1] in ("غير", "لا")):
            skip, last = t
            j = _complement(doc, last, gaz, s, definite=doc.w[last].text.startswith("ال")
                            or doc.w[i].text[skip:].startswith("ال") and last == i)
            while j == last and doc.w[last].text in _TITLE_PREFIXES and doc.joined(last) and \
                    (t2 := _title_at(doc, last + 1, titles)) and t2[0] == 0:
                last = t2[1]   # "نائب رئيس الوزراء": a deputy's office is one title (0.5.0)
                j = _complement(doc, last, gaz, s, definite=doc.w[last].text.startswith("ال"))
            emit(i, j, skip, "OCC", "title")
            continue
    out += _sector_companies(doc, out, s)
    out += _norp(doc, out, s)
    out += _persons(doc, out, gaz, s)
    out = _nest_titles(doc, out, s)
    out += _numbers(doc, timexes)
    out += [Mention(t.start, t.end, t.entity_type, "timex") for t in timexes]
    out = _drop_eponym_titles(doc, out)
    return _resolve(out)


def _drop_eponym_titles(doc: _Doc, found: list[Mention]) -> list[Mention]:
    """A one-word title inside a facility's name (``مستشفى الملك فهد``, ``جامع محمد الأمين``) or a
    namesake title inside a body's name (``جامعة الملك سعود``) only lends the name: no nested OCC
    (guidelines 4.8, eponyms are not nested) (0.7.0)."""
    out = []
    for m in found:
        piece = fold(doc.norm.original[m.start:m.end])
        if m.type == "OCC" and " " not in piece and any(
                o.start < m.start and m.end <= o.end and (
                    o.type == "FAC" or o.type in ("ORG", "EVENT") and piece in _NAMESAKE_TITLES)
                for o in found):
            continue
        out.append(m)
    return out


#: business sectors after ``ل`` that make the word before them a company (``زين للاتصالات``,
#: ``دلتا للطيران``): general knowledge of company naming in Arabic (0.7.0)
_SECTORS = frozenset(fold(w) for w in (
    "للاتصالات", "للطيران", "للتأمين", "للنفط", "للبترول", "للإلكترونيات", "للصناعات",
    "للاستثمار", "للعقارات", "للتطوير", "للإنشاءات", "للمقاولات", "للأدوية", "للإسمنت",
    "للبتروكيماويات", "للتكنولوجيا", "للشحن", "للملاحة", "للتعدين", "للأغذية", "للسيارات",
    "للطاقة", "للصرافة", "للتمويل", "للسياحة", "للفنادق"))


def _sector_companies(doc: _Doc, found: list[Mention], s) -> list[Mention]:  # type: ignore[no-untyped-def]
    """A name + ``لل`` + a business sector after a reporting or transaction verb or ``مع``
    (``أعلنت زين للاتصالات``, ``وقعت الحكومة عقدا مع دلتا للطيران``): an ORG without a head noun.
    The name is one indefinite word that is no common noun, adjective or number (0.7.0)."""
    covered = _covered(doc, found)
    out = []
    for i in range(1, len(doc.w) - 1):
        w = doc.w[i].text
        if covered[i] or covered[i + 1] or not doc.joined(i) or doc.w[i + 1].text not in _SECTORS:
            continue
        prev = doc.w[i - 1].text
        if not doc.joined(i - 1) or not (prev in s["verbs"] or _strip(prev)[1] in s["verbs"] or
                                         prev in ("مع", "ومع")):
            continue
        if w.startswith("ال") or not (_nameish_ta(doc, i, s) or w in s["first"]) or \
                _indefinite_adjective(w):
            continue
        a, b = doc.span(i, i + 1)
        out.append(Mention(a, b, "ORG", "org"))
    return out


#: titles that are also adjectives or participles (``الرئيس`` "main", ``المقدم`` "submitted"): right
#: after a definite noun that is no title they agree with it as its adjective (0.6.0)
_ADJECTIVE_TITLES = frozenset(fold(w) for w in ("الرئيس", "الرئيسة", "المقدم", "المقدمة"))

#: a ministry's portfolio with a possessive pronoun after a construct title (``وزير خارجيتها``,
#: ``وزيرة داخليته``, ``وزير دفاعهم``): the minister of that state (0.6.0)
_PORTFOLIO = re.compile(r"(?:خارجيت|داخليت|دفاع|ماليت|عدل|اقتصاد|اعلام|صحت|خزانت|طاقت)"
                        r"(?:ه|ها|هم|هما)")

#: members of parliament, whose office takes ``عن`` + the party or constituency (``النائب عن
#: حزب …``) or ``ب`` + a place head (``نائب بولاية …``) (0.6.0)
_MP_TITLES = frozenset(fold(w) for w in ("نائب", "نائبة", "النائب", "النائبة", "نواب"))

def _birthplace(doc: _Doc, i: int) -> bool:
    """``مسقط رأس`` ("birthplace", with or without a pronoun) at word i: no place name."""
    return doc.w[i].text == "مسقط" and i + 1 < len(doc.w) and doc.joined(i) and \
        re.fullmatch(r"راس(?:ه|ها|هم)?", doc.w[i + 1].text) is not None


#: competition and festival heads whose names go on with nisba adjectives (round 5)
_COMPETITION_HEADS = frozenset(fold(w) for w in ("كأس", "بطولة", "مهرجان", "دوري", "أولمبياد",
                                                   "ماراثون"))

#: titles of the persons that institutions, facilities and places are named after (``جامعة
#: الملك سعود``, ``ملعب الأمير فيصل``, ``كنيسة القديس جاورجيوس``): general Arabic usage (round 5)
_NAMESAKE_TITLES = frozenset(fold(w) for w in (
    "الملك", "الملكة", "الأمير", "الأميرة", "السلطان", "الإمام", "القديس", "القديسة",
    "الشهيد", "البابا", "الرئيس", "الشيخ", "الشيخة", "مار"))   # مار: Syriac "saint" (0.7.0)

#: the kunya and tribal words that continue a place name after its first word (``كرم أبو سالم``,
#: ``دير أبو مشعل``, ``عين أم …``, ``كفر بني …``): general Levantine/Arab toponymy (0.7.0)
_TOPONYM_KUNYA = frozenset(fold(w) for w in ("أبو", "أم", "بني"))

#: first words of two-word Levantine/Arab toponyms (``كفر قاسم``, ``عين عرب``, ``بيت أمر``,
#: ``تل أبيض``, ``دير بلوط``, ``بني سويف``): general Arabic place-name morphology (round 5)
_TOPONYM_PREFIXES = frozenset(fold(w) for w in (
    "كفر", "عين", "بيت", "تل", "دير", "بني", "بئر", "بير", "خربة", "رأس", "أبو", "أم", "سيدي",
    "مرج", "جسر", "برج", "عرب", "قصر", "حمام", "سوق", "وادي"))

#: construct titles that take another title as their complement (``نائب رئيس الوزراء``,
#: ``مساعد وزير الخارجية``, ``مستشار رئيس الجمهورية``): general Arabic office names (0.5.0)
_TITLE_PREFIXES = frozenset(fold(w) for w in (
    "نائب", "نائبة", "مساعد", "مساعدة", "مستشار", "مستشارة", "وكيل", "وكيلة", "كبير",
    "كبيرة", "مدير", "مديرة", "رئيس", "رئيسة", "أمين", "أمينة", "سكرتير", "سكرتيرة",
    "قائد", "المستشار"))

#: perfect verbs of the derived forms افتعل and انفعل (``اعتقل``, ``انسحب``): after a kinship
#: or role cue such a word is the predicate, not a name (0.5.0; given names are checked first)
_DERIVED_VERB = re.compile(r"ا[^\W\d_]ت[^\W\d_]{2}|ان[^\W\d_]{3}")


@lru_cache(maxsize=None)
def _ordinals() -> frozenset[str]:
    t = tables()
    return frozenset(t["ordinals"]) | frozenset(w[2:] for w in t["ordinals"] if w.startswith("ال"))


def _nationality(word: str) -> bool:
    """A nationality nisba adjective (``الجزائرية``, ``أوروبي``), from the gazetteer's places."""
    w = word[2:] if word.startswith("ال") else word
    return w in nisbas() or (w.endswith("يه") and w[:-1] in nisbas())


def _indefinite_adjective(word: str) -> bool:
    """An indefinite nisba or feminine adjective (``أوروبي``, ``عسكرية``), not a name."""
    if word.startswith("ال"):
        return False
    return word.endswith("يه") or (word.endswith("ي") and word in nisbas())


def _covered(doc: _Doc, mentions: list[Mention]) -> list[bool]:
    """Per word: whether a mention (other than a DATE/TIME mirror) covers it."""
    out = [False] * len(doc.w)
    spans = sorted((m.start, m.end) for m in mentions)
    for i, w in enumerate(doc.w):
        a, b = doc.norm.span(w.start, w.end)
        out[i] = any(s < b and a < e for s, e in spans)
    return out


_QUOTED = re.compile(r"(?<![^\W_])(?:[وف]?[بكل]|[وف])?(?P<h>[^\W\d_]+)\s+(?P<q>[\"«“](?P<name>[^\"»”\n]{2,40})[\"»”])")


def _quoted_names(doc: _Doc, gaz, s) -> list[Mention]:  # type: ignore[no-untyped-def]
    """``HEAD "NAME"`` → one mention, marks inside (guidelines 4.6); the bare name
    is learned (type of the head) when it is several words or at least five letters."""
    out = []
    for m in _QUOTED.finditer(doc.norm.text):
        head = m.group("h")
        typ = s["quoted"].get(head) or ("ORG" if head in s["org"] and
                                        not head.startswith("ال") else None) or \
            (s["place"].get(head) if not head.startswith("ال") else None)   # جبل "…" (0.6.0)
        if not typ or not m.group("name").split():
            continue   # "الحكومة "تتجاهل …"": a definite head + quotation is a predicate (0.5.0)
        a = m.start("h")
        start, end = doc.norm.span(a, m.end("q"))
        out.append(Mention(start, end, typ, "quoted"))
        name = tuple(m.group("name").split())
        if len(name) > 1 or len(name[0]) >= 5:
            gaz.setdefault(name, typ)
    return out


def _learn_orgs(doc: _Doc, gaz, s) -> None:  # type: ignore[no-untyped-def]
    """An indefinite ORG head + one indefinite unknown word (``حركة طالبان``, ``وكالة
    رويترز``) teaches that word as an ORG name; so does ``(X)`` after an ORG phrase."""
    n = len(doc.w)
    for i in range(n - 1):
        sk, head = _strip(doc.w[i].text)
        heads = [h for _, h in stems(doc.w[i].text) if h in s["org"]]
        if not heads:
            continue
        head = heads[-1]
        j = _org_end(doc, i, head, gaz, s)
        if j is None:
            if not head.startswith("ال"):
                _abbreviation(doc, i, gaz, [])
            continue
        _abbreviation(doc, j, gaz, [])
        if not head.startswith("ال") and j >= i + 1:
            w = doc.w[i + 1].text
            k = i + 1
            nxt_adj = doc.joined(k) and k + 1 < n and (_name_adjective(doc.w[k + 1].text) or
                                                       not doc.w[k + 1].text.startswith("ال"))
            if not w.startswith("ال") and len(w) >= 4 and w not in s["common"] and \
                    not nxt_adj and _nameish(w, s) and not _gaz_at(doc, k, gaz):
                gaz.setdefault((w,), "ORG")   # وكالة سبوتنيك → سبوتنيك


def _events_and_laws(doc: _Doc, gaz, s) -> list[Mention]:  # type: ignore[no-untyped-def]
    """EVENT: an event head + a gazetteer name, a definite word or a year (``حرب
    البوسنة``, ``قمة الرياض``); the bare ``العيد`` after a named ``عيد …``. LAW: a
    treaty head + a gazetteer name (``اتفاقية جنيف``), ``قرار`` + an ORG and a number
    (``قرار مجلس الأمن 2254``), or a law head + a number."""
    out: list[Mention] = []
    n = len(doc.w)
    feast = False
    for i in range(n):
        sk, head = _strip(doc.w[i].text)
        for sk2, h2 in stems(doc.w[i].text):
            if h2 in s["events"] or h2 in s["laws"]:
                sk, head = sk2, h2   # كأس, بطولة: a head that starts like a proclitic (round 5)
                break
        if head == "العيد" and feast and not (doc.joined(i) and i + 1 < n and
                                              doc.w[i + 1].text.startswith("ال")):
            a, b = doc.span(i, i, sk)
            out.append(Mention(a, b, "EVENT", "event"))
            continue
        if head == "عيد" and (g0 := _gaz_at(doc, i, gaz)) and g0[2] == "EVENT":
            feast = True   # بعيد الأضحى (a gazetteer feast)
        if i + 1 >= n or not doc.joined(i):
            continue
        if head in s["events"] and not doc.in_timex[i + 1]:
            g = _gaz_at(doc, i + 1, gaz)
            nxt = doc.w[i + 1].text
            if g and g[1] == 0:
                j = g[0]
            elif nxt.startswith("ال") and not _nisba(nxt) and not _ends_np(doc, i + 1, s) \
                    and nxt not in s["common"]:
                j = i + 1
            elif head in _COMPETITION_HEADS and _event_name_word(doc, i + 1, s):
                j = i + 1   # "بطولة ويمبلدون للتنس", "مهرجان قرطاج السينمائي" (0.7.0)
            else:
                continue
            while head in _COMPETITION_HEADS and doc.joined(j) and j + 1 < n and \
                    doc.w[j + 1].text.startswith("ال") and _nisba(doc.w[j + 1].text) and \
                    not _ends_np(doc, j + 1, s):
                j += 1   # "كأس الأمم الأفريقية", "مهرجان القاهرة السينمائي": the name's nisbas
            a, b = doc.span(i, j, sk)
            out.append(Mention(a, b, "EVENT", "event"))
            feast = feast or head == "عيد"
        elif head.startswith("ال") and head[2:] in ("قرار", "قانون") and \
                (j := _numbered(doc, i + 1)) is not None:
            a, b = doc.span(i, j, sk)   # "القرار 2401", "القرار الأممي رقم 2216" (0.5.0)
            out.append(Mention(a, b, "LAW", "law"))
        elif head in s["laws"]:
            g = _gaz_at(doc, i + 1, gaz)
            j = None
            if g and g[1] == 0 and (head != "قرار" or g[2] == "ORG"):
                j = g[0]
                if doc.joined(j) and (k := _numbered(doc, j + 1)) is not None:
                    j = k   # "قرار مجلس الأمن [الدولي] [رقم] 2254"
                elif head == "قرار":
                    j = None
            elif head in ("قانون", "قرار", "دستور") and (k := _numbered(doc, i + 1)) is not None:
                j = k
            elif not head.startswith("ال") and head != "قرار" and (k := _titled_law(doc, i + 1, s)):
                j = k   # "قانون مكافحة الإرهاب", "معاهدة عدم انتشار الأسلحة النووية" (0.7.0)
            if j is not None:
                a, b = doc.span(i, j, sk)
                out.append(Mention(a, b, "LAW", "law"))
    return out


#: the construct directions before a place (``جنوب سراقب``, ``شرقي دوما``); ``وسط`` is left out
#: (``وسط حشود`` "amid crowds") (0.7.0)
_DIRECTIONS = frozenset(("شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي"))
#: the elatives of ``شرق أوسط`` / ``أدنى`` / ``أقصى`` ("a new Middle East"): no place after a direction
_REGION_ELATIVES = frozenset(("اوسط", "ادني", "اقصي"))


def _nameish_ta(doc: _Doc, k: int, s: dict) -> bool:
    """``_nameish`` for word k, where a name may end in ة (``معرشمة``, ``نسمة``), not the pronoun ه."""
    w = doc.w[k].text
    b = doc.span(k, k)[1]
    return _nameish(w, s) or (doc.norm.original[b - 1:b] == "ة" and len(w) >= 4 and
                              not w.endswith("يه") and _nameish(w[:-1], s))


def _learn_directed_places(doc: _Doc, gaz, s, found: list[Mention]) -> None:  # type: ignore[no-untyped-def]
    """A direction in construct + one indefinite name-like word is a place (``قرى شمال كفرنبل``,
    ``غارة على شرق دوما``): the word is learned as a GPE for the whole document, as a name after a
    place head is. Definite words (``جنوب البلاد``, ``شرق المدينة``), heads (``شمال محافظة …``),
    other directions (``شمال غرب``), numbers, verbs, adjectives and common nouns are no place (0.7.0)."""
    covered = _covered(doc, found)
    n = len(doc.w)
    for i in range(n - 1):
        if _strip(doc.w[i].text)[1] not in _DIRECTIONS and doc.w[i].text not in _DIRECTIONS:
            continue
        k = i + 1
        w = doc.w[k].text
        if not doc.joined(i) or covered[k] or doc.in_timex[k] or _gaz_at(doc, k, gaz) or \
                doc.norm.original[slice(*doc.span(k, k))][:1] in "آا" and w.startswith("ال") or \
                w.startswith("ال") or _strip(w)[1] in _DIRECTIONS or not _nameish_ta(doc, k, s) or \
                _indefinite_adjective(w) or _nationality(w) or w in s["first"] or \
                w in _ordinals() or w[:1] in "وف" and _strip(w)[1] != w and len(w) <= 4 or \
                w in _REGION_ELATIVES:
            continue
        if k + 1 < n and doc.joined(k) and (doc.w[k + 1].text.startswith("ال") and
                                            not _nisba(doc.w[k + 1].text)):
            continue   # "شرق نهر الأردن"-like constructs whose head we do not know: no guess
        gaz.setdefault((w,), "GPE")


def _event_name_word(doc: _Doc, k: int, s: dict) -> bool:
    """An indefinite one-word name after a competition or festival head (``بطولة ويمبلدون``,
    ``مهرجان قرطاج السينمائي``): a name-like word that is no adjective, nisba, plural or common
    noun, followed by the name's nisba, a ``ل``-complement (``للتنس``), punctuation or the end, so
    ``مهرجان كبير في`` and ``بطولة قوية`` stay out (0.7.0)."""
    n = len(doc.w)
    w = doc.w[k].text
    if doc.in_timex[k] or not _nameish(w, s) or _indefinite_adjective(w) or \
            w.endswith(("ي", "ه", "ات", "يين", "يون", "ا")) or w in _ordinals() or _nationality(w):
        return False
    if k + 1 >= n or not doc.joined(k):
        return True
    nxt = doc.w[k + 1].text
    return _nisba(nxt) or (nxt.startswith("لل") and len(nxt) > 4)


def _titled_law(doc: _Doc, k: int, s: dict) -> int | None:
    """A law or treaty named by its subject: a construct noun of ``construct_nouns.txt`` (or
    ``عدم`` + a verbal noun) + a definite genitive, with the genitive's nisbas (``قانون حماية
    البيانات الشخصية``, ``اتفاقية حظر الأسلحة الكيميائية``, ``معاهدة عدم انتشار الأسلحة
    النووية``); a descriptive adjective (``الجديد``) stays out (guidelines 4.1, named laws) (0.7.0).
    Index of the last word, or ``None``."""
    n = len(doc.w)
    if k >= n or doc.w[k].text not in s["construct"] and doc.w[k].text != "عدم":
        return None
    j = k
    if doc.w[k].text == "عدم":
        if not (doc.joined(j) and j + 1 < n and not doc.w[j + 1].text.startswith("ال")):
            return None
        j += 1   # عدم انتشار
    if not (doc.joined(j) and j + 1 < n and doc.w[j + 1].text.startswith("ال") and
            not _ends_np(doc, j + 1, s) and not _nisba(doc.w[j + 1].text)):
        return None
    j += 1
    while doc.joined(j) and j + 1 < n and _nisba(doc.w[j + 1].text) and \
            not _ends_np(doc, j + 1, s) and not doc.in_timex[j + 1]:
        j += 1
    return j


def _numbered(doc: _Doc, k: int) -> int | None:
    """Index of the number that ends a resolution's or law's name starting at word k: an
    optional nisba (``الأممي``, ``الدولي``), then ``رقم`` + digits or three digits or more;
    ``None`` without one."""
    n = len(doc.w)
    if k < n and _nisba(doc.w[k].text) and doc.joined(k):
        k += 1
    numbered = k < n and doc.w[k].text == "رقم" and doc.joined(k - 1 if k else 0)
    k += numbered
    if k < n and doc.w[k].text.isdigit() and (numbered or len(doc.w[k].text) >= 3) and \
            (k == 0 or doc.joined(k - 1)) and not doc.in_timex[k]:
        return k   # without رقم a resolution's number has three digits or more
    return None


def _nameish(w: str, s: dict, definite_ok: bool = False) -> bool:
    """Could this (folded) word be part of a person's name? Not a function word,
    title, head, verb, adjective, common noun, group, nisba or number."""
    if not w or w.isdigit() or len(w) < 2:
        return False
    if w in s["stop"] or w in s["adj"] or w in s["verbs"] or w in s["title_set"] or \
            w in s["org"] or w in s["place"] or w in s["common"] or w in s["groups"] or \
            w in s["events"] or w in s["laws"] or any(w in v for v in s["cues"].values()):
        return False
    if w.startswith("ال") and not definite_ok:
        return False
    if w.endswith(("ها", "هم", "هن", "هما", "كم")) or (w.endswith("ه") and not w.endswith("الله")
                                                        and w not in s["first"]):
        return False
    return True


def _name_run(doc: _Doc, k: int, s: dict, covered: list[bool], most: int = 5,
              plural_ok: bool = True, definite_first: bool = False,
              definite_rest: bool = False) -> int | None:
    """Last word of the name that starts at word k: name words and particles
    (``بن``, ``آل``, ``عبد``), a definite surname allowed after the first word;
    ``None`` when word k cannot start a name."""
    n = len(doc.w)
    parts = s["cues"].get("particle", set())

    given = k < n and (doc.w[k].text in s["first"] or (
        doc.w[k].text[:1] in "وف" and doc.w[k].text[1:] in s["first"]))   # ومريم (round 3)

    def given_word(w: str) -> bool:
        return w in s["first"]

    def ok(j: int, first: bool) -> bool:
        w = doc.w[j].text
        a, b = doc.span(j, j)
        if covered[j] or doc.in_timex[j] or (doc.norm.original[b - 1:b] == "ى" and
                                             _strip(w)[1] in ("علي", "الي", "لدي", "حتي")):
            return False   # على, إلى: prepositions folded like the name علي
        if w in s["first"]:
            return True
        if not first and j == k + 1 and w in _THEOPHORIC:
            return True   # "صلاح الدين", "فتح الله": a compound given name in الدين/الله (0.6.0)
        if first and w[:1] in "وف" and w[1:] in s["first"]:
            return True   # "… ومريم الحسيني": a conjunct of a list of names (round 3)
        if not first and (j == k + 1 or given) and given and _FOREIGN_W.fullmatch(w) and \
                w[1:] not in s["first"] and _nameish(w[1:], s) and \
                not _IMPERFECT.fullmatch(w[1:]) and not _DERIVED_VERB.fullmatch(w[1:]) and \
                not w[1:].startswith("است"):
            return True   # "جورج ويلسون": a foreign surname in و (W-), not a conjunct (round 3)
        if not first and w.endswith("ا") and len(w) >= 4 and w not in s["first"] and \
                doc.w[j - 1].text.endswith("ا") and doc.w[j - 1].text not in s["first"] and \
                doc.w[j - 1].text not in parts:
            return False   # "اتصالا هاتفيا", "تقريرا مفصلا": an accusative noun and its adjective (0.7.0)
        if w in parts and doc.norm.original[a:b] in ("فإن", "فأن"):
            return False   # "بحسب … لاغارد فإن …": the conjunction ف + إن, not the particle فان (0.7.0)
        if w in parts:
            return not first or w in ("عبد", "ابو")
        if w[:1] == "و" and len(w) > 3:
            return False   # و + word: a new conjunct
        if w.startswith(("لل", "بال", "كال", "فال")):
            return False   # a preposition glued to the article: never inside a name
        if j + 1 < n and doc.w[j + 1].text in _WITHHELD:
            return False   # "مسؤول طلب عدم ذكر اسمه": a verb before عدم, no name (0.5.0)
        if not given and len(w) < 3 and w not in parts:
            return False   # "المهاجم فر", "الرئيس يملك حق": a two-letter word is no name (0.5.0)
        if not first and _DERIVED_MASDAR.fullmatch(w):
            return False   # "… بيترسن انسحاب": a verbal noun انفعال/افتعال/استفعال (round 3)
        if not first and re.fullmatch(r"است[^\W\d_]{3,4}", w):
            return False   # استقبل, استهدف: a verb of the form استفعل after the name
        if re.fullmatch(r"[وف]?[بل]ت[^\W\d_]{2}ي[^\W\d_]", w):
            return False   # ب/ل + a verbal noun تفعيل (بتطبيق, لتنفيذ): no name
        if _PREP_MASDAR.fullmatch(w):
            return False   # ب/ل + a verbal noun إفعال/افتعال/انفعال/استفعال (بإطلاق): no name (0.6.0)
        prev_part = j > 0 and doc.w[j - 1].text in parts
        article = w.startswith("ال") and doc.norm.original[a:a + 1] != "آ"   # آلن is no article
        definite = definite_first if first else (given or prev_part or definite_rest)
        good = _nameish(w, s, definite_ok=definite or not article)
        if not good and not first and doc.norm.original[b - 1:b] == "ة" and \
                _nameish(w[:-1], s, definite_ok=definite or not article):
            good = True   # a name in ة (بوتفليقة), not the pronoun ه (نظيره)
        if not good and not first and doc.norm.original[b - 2:b] == "يه" and len(w) >= 5 and \
                not w.startswith("م") and _nameish(w[:-1], s, definite_ok=False):
            good = True   # "فيليب برونيه": a French name in يه, not a pronoun (محاميه) (0.7.0)
        if not good and prev_part and w in s["cues"].get("honorific", ()):
            good = True   # آل الشيخ: a family name
        if good and article and (_nisba_plural(w, s) or w.endswith(("ين", "ون", "ات"))):
            return False
        if good and not first and j - k >= 2 and w.startswith("ل"):
            return False   # a third word with ل: a preposition + noun (لإعداد)
        if good and not first and j - k >= 2 and (
                w.startswith("ب") and not given_word(w) or _PAST_DERIVED.fullmatch(w) or
                _DUAL.fullmatch(w)) and doc.w[j - 1].text not in parts:
            return False   # "… تاناكا بجائزة", "… شتاينر اعتقل", "… فيرنانديز هدفين" (0.7.0)
        if good and article and j - k >= 2 and not prev_part and (
                not w.endswith("ي") or doc.norm.original[b - 1:b] == "ى"):
            return False   # after two name words only a nisba-like surname (… التوبلاني)
        return good

    if k >= n or not ok(k, True):
        return None
    j = k
    while j - k < most - 1 and doc.joined(j) and ok(j + 1, False):
        if doc.w[j].text.startswith("ال") and doc.w[j].text not in parts and j > k and \
                doc.w[j + 1].text not in parts and not (j == k + 1 and doc.w[j].text in _THEOPHORIC):
            break   # a definite surname ends the name
        j += 1
    while j > k and doc.w[j].text in parts:
        j -= 1
    endings = ("ون", "ات") if plural_ok else ("ون", "ات", "ين")
    if not given and doc.w[j].text.endswith(endings) and doc.w[j].text not in s["first"] and \
            not (j > k and _foreign_surname_in_n(doc.w[j].text, doc.w[k].text)):
        return None   # "مسؤولون", "آخرون": a plural noun, not a name (سيمون هاريس is one)
    return j


#: second parts of compound Arabic given names (``صلاح الدين``, ``فتح الله``, ``سيف الإسلام``,
#: ``عبد الرحمن`` is a particle chain already): general Arabic naming; the definite word does not
#: end the name there, a surname may follow (``نور الدين زكي``) (0.6.0)
_THEOPHORIC = frozenset(fold(w) for w in ("الدين", "الله", "الإسلام"))

#: verbal nouns of the derived forms VII, VIII and X (انسحاب, اجتماع, استقبال): no name word
_DERIVED_MASDAR = re.compile(r"ان[^\W\d_]{2}ا[^\W\d_]|ا[^\W\d_]ت[^\W\d_]ا[^\W\d_]|"
                             r"است[^\W\d_]{2}ا[^\W\d_]")
#: ب/ل (after و/ف) + a verbal noun of the forms IV, VII, VIII or X (``بإطلاق``, ``لاعتقال``,
#: ``بانسحاب``, ``لاستهداف``): a prepositional phrase, no name word (0.6.0)
_PREP_MASDAR = re.compile(r"[وف]?[بل](?:ا[^\W\d_]{2}ا[^\W\d_]|ان[^\W\d_]{2}ا[^\W\d_]|"
                          r"ا[^\W\d_]ت[^\W\d_]ا[^\W\d_]|است[^\W\d_]{2}ا[^\W\d_])")
#: a foreign name transliterated with W- (ويلسون, واتسون, ووكر), five letters or more
_FOREIGN_W = re.compile(r"و[يوا][^\W\d_]{3,}")
#: an imperfect verb after the conjunction و (ويقول, ويقولون): no surname
_IMPERFECT = re.compile(r"[يتن][^\W\d_]{3}|[يت][^\W\d_]{3,4}(?:ون|ان)")

#: a past verb of the forms VIII and VII (اعتقل, انسحب: ا + C + ت + two consonants), which ends a
#: name after two name words (``بيتر شتاينر اعتقل``); a transliterated name in ا.ت (``أشتون``) has a
#: long vowel there (0.7.0)
_PAST_DERIVED = re.compile(r"ا[^\W\d_]ت[^\W\d_اوي]{2}|ان[^\W\d_اوي]{3}")
#: the oblique dual of a triliteral noun without long vowels (هدفين, طفلين): no third name word
#: (``روبرتو فيرنانديز هدفين``); ``بوتين`` keeps its long vowel, and the word after a particle
#: (``بن سلطان``) is always a name (0.7.0)
_DUAL = re.compile(r"[^\W\d_اوي]{3}ين")


def _foreign_surname_in_n(last: str, first: str) -> bool:
    """A surname ending in ون/ين after another name word (``هاملتون``, ``أندرسون``, ``ماتسون``,
    ``هيلين``), not a plural noun: the first word has no plural ending itself, and the last word
    is no plural of a nationality nisba (``أمنيون``) or of a participle in م (``مسلحون``,
    ``متظاهرين``; a Form III participle مفاعل keeps its alef, so ``ماتسون`` stays) (0.7.0)."""
    if first.endswith(("ون", "ين", "ات")) or first.startswith("ال") or last.startswith("ال"):
        return False
    if last.endswith(("يون", "يين")) or len(last) < 5:
        return False
    return not (last.startswith("م") and last[1:2] != "ا")


#: words after which the word before is a verb of withholding (``طلب عدم ذكر اسمه``)
_WITHHELD = frozenset(fold(w) for w in ("عدم", "بعدم"))


def _nisba_plural(w: str, s: dict) -> bool:
    """``الإيطاليون``, ``اليمنيين``, ``المصريات`` (round 3: the feminine plural): the plural of
    a nationality nisba, with the article."""
    if not w.startswith("ال"):
        return False
    for suf in ("يين", "يون", "يات"):
        if w.endswith(suf) and (w[2:-len(suf)] + "ي") in nisbas():
            return True
    return False


def _persons(doc: _Doc, found: list[Mention], gaz, s) -> list[Mention]:  # type: ignore[no-untyped-def]
    """PERS by cues (guidelines 4.1): a given name of ``first_names.txt``; name words
    after a title or role noun, an honorific (out of the span) or a kinship noun;
    after a reporting verb when a comma, colon, complementizer or addressee follows;
    before an age in parentheses ``(46 عاما)``. Every name found teaches its last
    word (the surname), tagged wherever it recurs."""
    n = len(doc.w)
    covered = _covered(doc, found)
    cues = s["cues"]
    out: list[Mention] = []
    learned: set[str] = set()
    ends = {doc.norm.span(doc.w[i].start, doc.w[i].end)[1]: i for i in range(n)}
    after_title = set()
    for m in found:   # a title, and any adjectives after it (رئيس الحكومة الجديد جوزيبي …)
        if m.type == "OCC" and m.end in ends:
            k = ends[m.end]
            while k + 1 < n and doc.joined(k) and doc.w[k + 1].text in s["adj"]:
                k += 1
            if doc.joined(k) or not re.search(r"[\"«»“”]", doc.norm.text[
                    doc.w[k].end:doc.w[k + 1].start] if k + 1 < n else ""):
                after_title.add(k)   # not across a quotation mark (الوزير "نرحب …", 0.5.0)

    def take(k: int, j: int, sk: int = 0, learn: bool = True) -> None:
        a, b = doc.span(k, j, sk)
        out.append(Mention(a, b, "PERS", "person"))
        for x in range(k, j + 1):
            covered[x] = True
        last = doc.w[j].text
        if learn and last not in cues.get("particle", ()) and len(last) >= 3 and \
                _nameish(last, s, definite_ok=True):
            learned.add(last)

    def boundary_after(j: int) -> bool:
        if j + 1 >= n:
            return True
        gap = doc.norm.text[doc.w[j].end:doc.w[j + 1].start]
        if any(c in gap for c in "،,:(؛"):
            return True
        nxt = doc.w[j + 1].text
        g = _gaz_at(doc, j + 1, gaz) if nxt.startswith("ل") else None
        return bool(re.fullmatch(r"[وف]?[بل]?ان(?:ه|ها|هم)?", nxt)) or \
            (nxt.startswith("ل") and len(nxt) > 3) or nxt in ("في", "خلال", "امس", "اليوم") or \
            bool(g and g[1] == 1 and g[2] == "ORG")   # "لبي بي سي": an addressee (0.7.0)

    starts = {doc.norm.span(doc.w[i].start, doc.w[i].end)[0]: i for i in range(n)}
    for m in found:   # a known full name teaches its surname for this document (0.5.0)
        if m.type == "PERS" and m.end in ends and ends[m.end] > starts.get(m.start, n):
            last = doc.w[ends[m.end]].text
            if last not in cues.get("particle", ()) and len(last) >= 3 and \
                    _nameish(last, s, definite_ok=True):
                learned.add(last)
    i = 0
    while i < n:
        w = doc.w[i].text
        sk, bare = _strip(w)
        if covered[i] or doc.in_timex[i]:
            i += 1
            continue
        a, b = doc.span(i, i)
        # a given name (على is the preposition, folded like علي), or عبد/أبو + name
        first = w if w in s["first"] else bare if bare in s["first"] else None
        if first and first != w and w[sk - 1:sk] == "ك":
            first = None
        if first and first != w and w in s["stop"]:
            first = None   # "لدينا" is ل + the pronoun, not ل + دينا (0.6.0)   # كريم is no ك + ريم: the preposition ك hardly precedes a name
        if first and doc.norm.original[b - 1:b] == "ى" and first == "علي":
            first = None
        if not first and w == "ام" and doc.norm.original[a:b] == "أم" and doc.joined(i) and \
                i + 1 < n and doc.w[i + 1].text in s["first"] and not covered[i + 1]:
            take(i, i + 1, 0, learn=False)   # "قالت أم محمد": a kunya, أم + a given name (0.7.0)
            i += 2
            continue
        if first or (w in ("عبد", "ابو") and doc.joined(i)):
            start_sk = 0 if (w in s["first"] or not first) else sk
            j = _name_run(doc, i, s, covered, most=7, definite_first=True) \
                if doc.joined(i) and first else \
                _name_run(doc, i + 1, s, covered, most=6, definite_first=True) \
                if doc.joined(i) else None
            if j is not None and j > i:
                take(i, j, start_sk, learn=True)
                i = j + 1
                continue
            if first and ((i - 1) in after_title or (
                    i > 0 and doc.joined(i - 1) and
                    _strip(doc.w[i - 1].text)[1] in cues.get("honorific", ()))):
                take(i, i, start_sk, learn=False)   # "السيدة فاطمة": a lone given name (0.5.0)
            elif first and w == first and i > 0 and doc.joined(i - 1) and (
                    _strip(doc.w[i - 1].text)[1] in cues.get("speech", ()) or
                    _strip(doc.w[i - 1].text)[1] in verb_forms()["speaker"]) and \
                    boundary_after(i) and doc.norm.original[b - 1:b] != "ى":
                take(i, i, 0, learn=False)   # "وقال يوسف إن …": a lone given name as speaker (0.7.0)
            i += 1
            continue
        # cues before the name
        cue = None
        if (i - 1) in after_title:
            cue = "title"
        elif i > 0 and doc.joined(i - 1):
            prev = _strip(doc.w[i - 1].text)[1]
            prev2 = " ".join(x.text for x in doc.w[max(0, i - 2):i])
            prev3 = " ".join(x.text for x in doc.w[max(0, i - 3):i - 1])
            if prev in cues.get("honorific", ()) or prev2 in cues.get("honorific", ()):
                cue = "honorific"
            elif prev in cues.get("kin", ()) or prev in cues.get("role", ()) or \
                    prev2 in cues.get("role", ()) or (_nisba(prev) and (
                        _strip(doc.w[i - 2].text)[1] in cues.get("role", ()) or
                        prev3 in cues.get("role", ()))):
                cue = "kin"
            elif prev in cues.get("speech", ()) or prev in verb_forms()["speaker"]:
                cue = "verb"
        nxt_name = doc.joined(i) and (doc.w[i + 1].text in cues.get("particle", ()) or
                                      doc.w[i + 1].text in s["first"])
        agrees = not (cue in ("title", "honorific") and i > 0 and
                      _strip(doc.w[i - 1].text)[1].startswith("ال") and
                      not doc.w[i].text.startswith("ال") and doc.joined(i) and
                      _nameish(doc.w[i + 1].text, s, definite_ok=True) and
                      not _nationality(doc.w[i + 1].text))
        if cue in ("kin", "verb") and doc.norm.original[b - 1:b] == "ى" and w not in s["first"]:
            cue = None   # "المشتبه به جرى اعتقاله": a perfect verb in ى (جرى, أدلى), no name (0.6.0)
        if cue == "kin" and re.fullmatch(r"م[^\W\d_]ا[^\W\d_]|م[^\W\d_]{3}", doc.w[i].text) and \
                w not in s["first"] and (i + 1 >= n or re.match(
                    r"\s*[.،,:؛!؟?]|\s*$", doc.norm.text[doc.w[i].end:])):
            cue = None   # "إن اللاعب مصاب.": a participle predicate before the clause ends (0.7.0)
        if cue == "kin" and re.fullmatch(r"م[^\W\d_]{2}و[^\W\d_]", doc.w[i].text):
            cue = None   # "ابنها مفقود": a passive participle مفعول is a predicate (names such
            # as محمود, منصور are in first_names.txt) (0.5.0)
        if cue and ((_nationality(doc.w[i].text) and not nxt_name and agrees) or (
                cue == "kin" and _DERIVED_VERB.fullmatch(doc.w[i].text))):
            cue = None   # "مسؤول عراقي": a nisba after a role; "ابنها اعتقل": a verb (0.5.0)
        if cue:
            j = _name_run(doc, i, s, covered, plural_ok=cue != "verb",
                          definite_first=cue in ("honorific", "verb"),
                          definite_rest=cue == "honorific")
            if cue == "title" and j == i and doc.joined(i) and i + 1 < n and \
                    doc.w[i + 1].text.startswith("ال") and not covered[i + 1] and \
                    _nameish(doc.w[i + 1].text, s, definite_ok=True) and \
                    not _nationality(doc.w[i + 1].text) and \
                    ((i + 2 < n and doc.in_timex[i + 2]) or (i + 2 < n and re.fullmatch(
                        r"في|خلال|امس|اليوم|[وف]?[بل]?ان(?:ه|ها|هم)?", doc.w[i + 2].text)
                        and doc.joined(i + 1)) or re.match(
                        r"\s*[،,:(]", doc.norm.text[doc.w[i + 1].end:])):
                j = i + 1   # "وزيرة الداخلية ريا الحسن الثلاثاء": name + definite surname
            if j is not None and cue == "verb":
                if doc.w[i].text.startswith("ال") and (j > i or not doc.w[i].text.endswith("ي")):
                    j = None   # a definite verb subject is a noun, unless a nisba-like surname
                elif not boundary_after(j) or any(
                        doc.w[x].text.endswith(("ه", "ات")) and not (
                            x > i and len(doc.w[x].text) >= 5 and doc.w[x].text.endswith("يه"))
                        for x in range(i, j + 1)):   # "برونيه": a French name in يه (0.7.0)
                    j = None
            if j is not None and cue == "title" and j == i and not boundary_after(j):
                j = None   # "الفريق الإسباني انتهك": a verb after the title, not a name
            if j is not None:
                take(i, j, 0, learn=cue != "title" or j > i)
                i = j + 1
                continue
        # before an age in parentheses
        j = _name_run(doc, i, s, covered, most=3)
        if j is not None and re.match(r"\s*\(\s*\d{1,3}\s+(?:عام|عاما|سنه|سنوات)",
                                      doc.norm.text[doc.w[j].end:]):
            take(i, j, 0, learn=True)
            i = j + 1
            continue
        i += 1
    # learned surnames (and single learned names) wherever they recur
    for i in range(n):
        if covered[i] or doc.in_timex[i]:
            continue
        for skv, rest in stems(doc.w[i].text):
            if rest in learned:
                a, b = doc.span(i, i, skv)
                out.append(Mention(a, b, "PERS", "person"))
                covered[i] = True
                break
    return out


def _norp(doc: _Doc, found: list[Mention], s) -> list[Mention]:  # type: ignore[no-untyped-def]
    """NORP (guidelines 4.1): a group noun of ``groups.txt`` or the plural of a
    nationality nisba used as a noun (``الإيطاليون``, ``الحوثيين``), not after a
    definite noun it would modify (``خفر السواحل الليبيين``); ``الشعب`` + nisba."""
    covered = _covered(doc, found)
    out = []
    n = len(doc.w)
    for i in range(n):
        if covered[i] or doc.in_timex[i]:
            continue
        sk, w = _strip(doc.w[i].text)
        for skv, rest in stems(doc.w[i].text):
            if rest in s["groups"] or _nisba_plural(rest, s) or \
                    (rest.startswith("ل") and ("ا" + rest in s["groups"] or _nisba_plural("ا" + rest, s))):
                sk, w = skv, rest
                break
        else:
            plural = next((skv for skv, rest in stems(doc.w[i].text)
                           if _indefinite_nisba_plural(rest) or _indefinite_nisba_noun(rest) or
                           ("ال" + rest in s["groups"] and len(rest) >= 4)), None)   # سبعة أتراك (0.7.0)
            if plural is not None and i > 0 and doc.joined(i - 1) and \
                    _counted_people(doc.w[i - 1].text):
                a, b = doc.span(i, i, plural)   # "ثلاثة فلسطينيين" (guidelines 4.7)
                out.append(Mention(a, b, "NORP", "norp"))
                continue
            if w in ("الشعب",) and doc.joined(i) and i + 1 < n and _nisba(doc.w[i + 1].text) \
                    and doc.w[i + 1].text[2:] in nisbas():
                a, b = doc.span(i, i + 1, sk)
                out.append(Mention(a, b, "NORP", "norp"))
            continue
        if i > 0 and doc.joined(i - 1) and sk == 0:
            prev = doc.w[i - 1].text
            if prev.startswith("ال") and prev not in s["verbs"] and \
                    doc.norm.original[slice(*doc.span(i - 1, i - 1))][:1] != "آ":
                continue   # an adjective on the noun before it ("آلاف الإسرائيليين": آ is no article)
        a, b = doc.span(i, i, sk)
        out.append(Mention(a, b, "NORP", "norp"))
    return out


def _counted_people(word: str) -> bool:
    """A number before a noun of people: digits, a number word or a vague quantity."""
    t = tables()
    w = word[1:] if word[:1] in "وف" and len(word) > 3 else word
    return w.isdigit() or w in t["units"] or w in t["tens"] or w in t["hundreds"] or \
        w in t["scales"] or w in t["vague"] or w in t["teens_second"]


def _indefinite_nisba_noun(w: str) -> bool:
    """``سوري`` in ``5 ملايين سوري``: a singular nationality nisba counted as a noun."""
    return not w.startswith("ال") and w.endswith("ي") and w in nisbas()


def _indefinite_nisba_plural(w: str) -> bool:
    """``فلسطينيين``, ``عراقيون``: an indefinite plural of a nationality nisba."""
    if w.startswith("ال"):
        return False
    return any(w.endswith(suf) and (w[:-len(suf)] + "ي") in nisbas() for suf in ("يين", "يون"))


def _nest_titles(doc: _Doc, found: list[Mention], s) -> list[Mention]:  # type: ignore[no-untyped-def]
    """A bare construct title right before a person's name takes the name inside
    (``محامي باجورتزيس``, ``محامي عائلة باجورتزيس``; guidelines 4.1); a definite
    title stays a separate, adjacent mention (``الرئيس الفرنسي`` + name)."""
    pers = {m.start: m for m in found if m.type == "PERS"}
    out = []
    for m in found:
        piece = fold(doc.norm.original[m.start:m.end])
        if m.type == "OCC" and " " not in piece and not _strip(piece)[1].startswith("ال"):
            rest = doc.norm.original[m.end:]
            k = re.match(r"\s+(?:(?:عائلة|أسرة|عائله|اسره)\s+)?", rest)
            if k and (m.end + k.end()) in pers:
                p = pers[m.end + k.end()]
                out.append(Mention(m.start, p.end, "OCC", "title"))
                continue
        out.append(m)
    return out


def _org_end(doc: _Doc, i: int, head: str, gaz, s) -> int | None:  # type: ignore[no-untyped-def]
    """Index of the last word of an ORG phrase headed at word i, or ``None``."""
    n = len(doc.w)
    j = i
    if not head.startswith("ال"):
        if not doc.joined(i) or _ends_np(doc, i + 1, s):
            return None
        if doc.w[i + 1].text in _NAMESAKE_TITLES and doc.joined(i + 1) and i + 2 < n and \
                _nameish(doc.w[i + 2].text, s) and not _ends_np(doc, i + 2, s):
            return i + 2   # "جامعة الملك سعود": a body named after a person (round 5)
        g = _gaz_at(doc, i + 1, gaz)
        nxt = doc.w[i + 1].text
        if nxt in s["construct"] and doc.joined(i + 1) and i + 2 < n and \
                doc.w[i + 2].text.startswith("ال") and not _ends_np(doc, i + 2, s) and \
                not doc.w[i + 2].text.startswith("لل"):
            j = i + 2   # "شرطة مكافحة الإرهاب", "مفوضية حقوق الإنسان": an iḍāfa chain (0.6.0)
            while doc.joined(j) and j + 1 < n and _name_adjective(doc.w[j + 1].text) and \
                    not _ends_np(doc, j + 1, s):
                j += 1   # "وزارة حقوق الإنسان اليمنية": the body's nisba
            return j
        if not (g and g[1] == 0) and not nxt.startswith("ال") and nxt.endswith(
                ("ه", "ين", "ون", "ات")):
            return None   # an indefinite adjective or plural, not a name (قوات كبيرة)
        j = g[0] if g and g[1] == 0 else i + 1
        if g and g[1] == 0 and g[2] == "ORG":
            return j   # "تنظيم داعش": a complete name ends the phrase
    if head.startswith("ال") and doc.joined(i) and doc.w[i + 1].text in _ordinals():
        return None   # "المركز الثاني", "المرتبة الأولى": a rank, not a body (round 5)
    while doc.joined(j) and j - i < 7:
        nxt = doc.w[j + 1].text
        if _ends_np(doc, j + 1, s) or nxt in s["title_set"]:
            break
        g = _gaz_at(doc, j + 1, gaz)
        if g and g[2] == "PERS":
            break
        if doc.w[j].text.startswith("ال") and nxt in s["groups"] and \
                not doc.w[j].text.endswith(("ين", "ون", "ات")):
            break   # "اتهم التحالف الحوثيين": a plural group after a singular head is no adjective
        prev_indef = j > i and not doc.w[j].text.startswith("ال") and \
            not (_gaz_at(doc, j, gaz) or ((doc.w[j].text,) in gaz))
        first = j == i and not head.startswith("ال")
        if g and g[1] == 0:
            j = g[0]
        elif g and g[1] == 1 and nxt.startswith("لل") and g[0] > j + 1:
            j = g[0]   # "مركز كارنيغي للشرق الأوسط": ل + a known multi-word name (0.7.0)
        elif nxt.startswith("ال") and (first or prev_indef or _name_adjective(nxt) or
                                      (j == i and head.startswith("ال") and
                                       nxt in _NAME_ADJECTIVES)):
            j += 1   # وزارة [الخارجية] [الأمريكية]; not "وكالة سبوتنيك [الخبر]"
        elif nxt.startswith("ل") and len(nxt) > 3 and (
                nxt.startswith("لل") or (doc.joined(j + 1) and j + 2 < n
                                         and doc.w[j + 2].text.startswith("ال"))):
            j += 1
        else:
            break
    return j if j > i else None


def _abbreviation(doc: _Doc, j: int, gaz, out: list[Mention]) -> None:  # type: ignore[no-untyped-def]
    """``(X)`` right after word j → an ORG mention X (learned)."""
    after = doc.norm.text[doc.w[j].end:]
    m = re.match(r"\s*\(\s*([^\W\d_]+(?:\s+[^\W\d_]+){0,2})\s*\)", after)
    if not m:
        return
    a = doc.w[j].end + m.start(1)
    s, e = doc.norm.span(a, doc.w[j].end + m.end(1))
    out.append(Mention(s, e, "ORG", "abbreviation"))
    gaz.setdefault(tuple(m.group(1).split()), "ORG")


@lru_cache(maxsize=None)
def _titles_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Titles (word tuples, longest first) indexed by their first word."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for t in load_list("titles.txt"):
        words_ = tuple(t.split())
        out.setdefault(words_[0], []).append(words_)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _title_at(doc: _Doc, i: int, titles) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    index = _titles_by_first()
    cands: list[tuple[str, ...]] = []
    for _, rest in stems(doc.w[i].text):
        cands += index.get(rest, ())
        if rest.startswith("ل"):
            cands += index.get("ا" + rest, ())   # للرئيس → لرئيس (ل + ال)
    for title in sorted(set(cands), key=lambda t: (-len(t), t)):
        k = len(title)
        if i + k > len(doc.w) or (k > 1 and not all(doc.joined(x) for x in range(i, i + k - 1))):
            continue
        if tuple(w.text for w in doc.w[i + 1:i + k]) != title[1:]:
            continue
        for skip, rest in stems(doc.w[i].text):
            if matches(rest, title[0]):
                return skip, i + k - 1
    return None


def _complement(doc: _Doc, j: int, gaz, s, definite: bool) -> int:  # type: ignore[no-untyped-def]
    """Last word of a title's complement: definite words, باسم + phrase, and
    after an indefinite (construct) title a gazetteer name or an ORG phrase."""
    start = j
    while doc.joined(j) and j - start < 5:
        nxt = doc.w[j + 1].text
        if nxt == "لدي" and doc.joined(j + 1) and (g := _gaz_at(doc, j + 2, gaz)) and \
                g[1] == 0 and g[2] in ("ORG", "GPE"):
            j = g[0]   # "السفير الأمريكي لدى الأمم المتحدة": the office's complement
            continue
        if nxt == "باسم" and doc.joined(j + 1) and not _ends_np(doc, j + 2, s):
            g = _gaz_at(doc, j + 2, gaz)   # "المتحدث باسم البيت الأبيض": a whole known name
            j = g[0] if g and g[1] == 0 and g[2] != "PERS" else j + 2
            continue
        if nxt in s["adj"] and doc.joined(j + 1) and doc.w[j + 2].text == "باسم":
            j += 1   # "المتحدث الرسمي باسم": the adjective belongs to the title
            continue
        if nxt == "في" and j == start and doc.w[start].text in ("عضو", "عضوا", "اعضاء") and \
                doc.joined(j + 1) and doc.w[j + 2].text in s["org"]:
            end = _org_end(doc, j + 2, doc.w[j + 2].text, gaz, s)   # "عضو في المجلس …"
            if end is not None:
                j = end
                continue
        if j == start and _strip(doc.w[start].text)[1] in _MP_TITLES and doc.joined(j + 1) and \
                j + 2 < len(doc.w) and (nxt == "عن" or (nxt[:1] == "ب" and nxt[1:] in s["place"])):
            k = j + 2   # "النائبة عن حزب …", "نائب بولاية …": the MP's party or seat (0.6.0)
            _, h = _strip(doc.w[k].text)
            g = _gaz_at(doc, k, gaz)
            end = _org_end(doc, k, h, gaz, s) if h in s["org"] else None
            if end is None and g and g[1] == 0 and g[2] in ("ORG", "GPE", "LOC"):
                end = g[0]
            if end is None and nxt != "عن" and not _ends_np(doc, k, s) and \
                    _nameish(doc.w[k].text, s):
                end = k
            if end is not None:
                j = end
                continue
        if not definite and j == start and _PORTFOLIO.fullmatch(nxt):
            j += 1   # "وزير خارجيتها": the minister of a state named before (0.6.0)
            break
        if _ends_np(doc, j + 1, s) or nxt in s["title_set"] or \
                nxt in s["cues"].get("honorific", ()):
            break
        if not definite and j == start and nxt in s["org"]:
            end = _org_end(doc, j + 1, nxt, gaz, s)   # "قائد شرطة نينوى": title + ORG
            if end is not None:
                j = end
                continue
        if not definite and j == start and nxt in s["place"] and doc.joined(j + 1):
            g = _gaz_at(doc, j + 2, gaz)   # "ملك مملكة البحرين": title + a place phrase
            if g and g[1] == 0:
                j = g[0]
                continue
        if not definite and j == start and not nxt.startswith("ال") and _nationality(nxt):
            j += 1   # "مسؤول عراقي", "سفيرة فرنسية": an indefinite title's nisba (0.5.0)
            continue
        if definite and nxt.endswith(("ين", "ون")) and \
                not doc.w[start].text.endswith(("ين", "ون", "ان")):
            break   # "أبلغ الوزير الصحفيين": no plural adjective on a singular title (0.5.0)
        g = None if definite and j == start else _gaz_at(doc, j + 1, gaz)
        if g and g[2] == "PERS":
            break   # a name after a title is its own, adjacent mention (guidelines 4.1)
        construct = j == start and not definite
        if g and g[1] == 0:
            j = g[0]
        elif (nxt.startswith("ال") and (construct or _name_adjective(nxt))) or \
                (nxt.startswith("لل") and len(nxt) > 4):
            j += 1   # وزير [الخارجية] [الألماني]; not "الملك [المواطنين]"
        else:
            break
    return j


#: scale words that are a number by themselves (``ألف شخص``, ``مليوني لاجئ``, ``مليون دولار``)
_BARE_SCALES = tuple(fold(w) for w in ("ألف", "ألفي", "ألفين", "ألفان", "مليون", "مليوني",
                                       "مليونين", "مليار", "ملياري", "مليارين"))


@lru_cache(maxsize=None)
def _number_pattern() -> re.Pattern[str]:
    vague = _alt(tables()["vague"])
    return re.compile(
        rf"(?<![^\W_])(?:[وف]?[بكل]|[وف])?(?P<x>(?:(?:{DIGITS}|{number_word_regex()})"
        rf"(?:\s+(?:{_alt(tables()['scales'])}))?|(?:{vague})(?:\s+(?:الاف|ملايين|مليارات))?|"
        rf"{_alt(_BARE_SCALES)})"
        rf"(?:\s*[%\u066a]|\s+(?:في|ب)\s?ال(?:{_alt(tables()['percent'])})"
        rf"|\s+(?P<cur>{_alt(tables()['currencies'])}))?)(?![^\W_])")


@lru_cache(maxsize=None)
def units() -> tuple[str, ...]:
    """Folded unit words of measure (QUANTITY) from CLDR's Arabic unit patterns
    (Babel: length, area, volume, mass, speed, temperature; ``ميلا``, ``كيلومترات``)."""
    from babel import Locale  # lazy: keeps the CLI fast

    out: set[str] = set()
    for key, forms in Locale("ar")._data["unit_patterns"].items():
        if not key.startswith(("length-", "area-", "volume-", "mass-", "speed-", "temperature-")):
            continue
        for width in ("long", "short"):
            for count, pattern in dict(forms.get(width, {})).items():
                if count == "per" or not isinstance(pattern, str):
                    continue
                word = fold(pattern.replace("{0}", "")).strip()
                if word and re.fullmatch(r"[^\W\d_]{2,}(?: [^\W\d_]{2,})?", word):
                    out.add(word)
    out.update(tables().get("measure_abbreviations", ()))   # كلم, ملم, كغ (round 5)
    return tuple(sorted(out, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def _quantity_pattern() -> re.Pattern[str]:
    # a bare scale word counts a unit too (``مليون برميل``, ``ألف طن``: round 5)
    # an area or volume unit with its adjective in any case or gender (``كيلومترا مربعا``,
    # ``أمتار مكعبة``): CLDR gives only the nominative ``كيلومتر مربع`` (0.6.0)
    return re.compile(rf"(?<![^\W_])(?:[وف]?[بكل]|[وف])?(?P<x>(?:{DIGITS}(?:\s+(?:{_alt(tables()['scales'])}))?"
                      rf"|{_alt(_BARE_SCALES)})\s+(?:{_alt(units())})(?:\s+{_SQUARE_CUBIC})?)(?![^\W_])")


#: the adjectives "square" and "cubic" in their case, gender and number forms (folded)
_SQUARE_CUBIC = r"(?:مربع|مربعا|مربعه|مربعات|مكعب|مكعبا|مكعبه|مكعبات)"


@lru_cache(maxsize=None)
def _ordinal_pattern() -> re.Pattern[str]:
    t = tables()
    words = list(t["ordinals"])
    return re.compile(rf"(?<![^\W_])(?:[وف]?[بكل]|[وف])?(?P<x>{_alt(words)})(?![^\W_])")


@lru_cache(maxsize=None)
def _article_number_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])(?:[وف]?[بكل]|[وف])?(?P<x>{number_word_regex(True)})(?![^\W_])")


#: digits with the article (``الـ59``, the tatweel folded away): one CARDINAL, article inside
#: (as the definite number words ``الأربعة``) (0.6.0)
_ARTICLE_DIGITS = re.compile(rf"(?<![^\W_])(?:[وف]?[بكل]|[وف])?(?P<x>ال{DIGITS})(?![^\W_])")

#: ``أحد``/``إحدى`` before a noun is "one of" (``وأحد نجومه``; guidelines 4.8), never a count
_ONE_OF = frozenset(("احد", "احدي"))

#: a number glued to a preposition (``من600``): the preposition stays out
_GLUED = re.compile(rf"(?<![^\W_])(?:من|في|الي|نحو|عن)(?P<x>{DIGITS})(?![^\W_])")


def _numbers(doc: _Doc, timexes: list[Timex]) -> list[Mention]:
    """CARDINAL, PERCENT and MONEY (digits or number words, with a scale word), QUANTITY
    (number + a CLDR unit: ``73 ميلا``), ORDINAL (``أول``, ``الثانية``, ``ثاني``) and
    definite number words (``الأربعة``); nothing inside a timex."""
    out = []

    def free(a: int, b: int) -> bool:
        return not any(t.start < b and a < t.end for t in timexes)

    quantities = []
    for m in _quantity_pattern().finditer(doc.norm.text):
        a, b = doc.norm.span(m.start("x"), m.end("x"))
        if free(a, b):
            quantities.append(Mention(a, b, "QUANTITY", "number"))
    out += quantities
    for pat in (_number_pattern(), _GLUED, _article_number_pattern(), _ARTICLE_DIGITS):
        for m in pat.finditer(doc.norm.text):
            a, b = doc.norm.span(m.start("x"), m.end("x"))
            if not free(a, b) or any(q.start <= a and b <= q.end for q in quantities):
                continue
            x = m.group("x")
            if (x in _ONE_OF or x == "واحد" and doc.norm.original[a:a + 2] in ("وأ", "وإ")) and re.match(r"\s+(?!عشر)[^\W\d_]", doc.norm.text[m.end("x"):]):
                continue   # "وأحد نجومه", "إحدى المدن": "one of", a construct (0.6.0)
            pct = x.endswith(("%", "\u066a") + tuple(tables()["percent"]))
            typ = "PERCENT" if pct else "MONEY" if m.groupdict().get("cur") else "CARDINAL"
            out.append(Mention(a, b, typ, "number"))
    for m in _ordinal_pattern().finditer(doc.norm.text):
        a, b = doc.norm.span(m.start("x"), m.end("x"))
        if free(a, b):
            out.append(Mention(a, b, "ORDINAL", "ordinal"))
    return out


#: ORG heads whose complement is another organisation (رئاسة الحكومة الإيطالية)
_STRUCTURAL = tuple(fold(w) for w in ("رئاسة", "مكتب", "قيادة", "إدارة", "مقر", "أمانة",
                                      "رئاسه", "ادارة"))


def _structural(outer: Mention, inner: Mention) -> bool:
    return outer.type == "ORG" and inner.start > outer.start and (
        outer.head in _STRUCTURAL or (outer.head[1:] in _STRUCTURAL and outer.head[0] == "ل"))


def _feminine_nisba(m: Mention) -> bool:
    return m.rule == "gazetteer" and m.tail.endswith("يه") and " " not in m.tail


def _resolve(mentions: list[Mention]) -> list[Mention]:
    """Dedupe; drop a same-type mention inside a place-classifier phrase or at
    the start of a longer same-type mention; drop crossing spans (the earlier,
    longer one wins)."""
    # dedupe keeping the finders' order (a stable sort, never set order: that would
    # depend on PYTHONHASHSEED and make the output differ between runs)
    uniq = sorted(dict.fromkeys(mentions), key=lambda m: (m.start, -(m.end - m.start)))
    seen: dict[tuple[int, int], Mention] = {}
    for m in uniq:
        seen.setdefault((m.start, m.end), m)
    kept: list[Mention] = []
    for m in seen.values():
        drop = False
        for k in kept:
            inside = k.start <= m.start and m.end <= k.end
            crosses = k.start < m.start < k.end < m.end
            if crosses or (inside and k.rule == "place" and m.type == k.type):
                drop = True
                break
            if inside and m.type == k.type and not _structural(k, m):
                drop = True   # a shorter reading of the same name (مجلس الأمن [الدولي],
                break         # حركة [طالبان], سفينة "[أكواريوس]"): an alternative, not a mention
            if inside and m.type == "GPE" and k.type == "ORG" and m.end == k.end and \
                    m.start > k.start and _feminine_nisba(m):
                drop = True   # صحيفة الوطن السعودية: an adjective, not the country
                break
            if inside and k.rule == "quoted":
                drop = True
                break
            if inside and (k.rule in ("timex", "number") or m.rule in ("ordinal", "number")):
                drop = True
                break
        if not drop:
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))
