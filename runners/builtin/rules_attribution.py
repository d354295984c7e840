"""Attribution rules of the ``rules`` baseline (PARC 3.0 roles).

Rules:

* **Sentences** end at ``. ! ? ؟`` followed by white space (not inside a
  quotation) and at newlines.
* **Cue**: a reporting verb or phrase of ``reporting_verbs.txt`` (past,
  feminine, plural and present forms; ``نقلت عن``, ``وفقا ل``, ``بحسب``), with a
  conjunction و/ف left outside. ``وفقا ل`` keeps its ل even when glued to the
  next word.
* **Verb cues** need a content marker within twelve words: a complementizer
  (``أن``/``إن``/``ان``/``بأن``, pronoun suffixes allowed: ``أنه``), a colon or an
  opening quotation mark. Words between the cue and the marker are the source
  (VSO), cut at a comma, a preposition (also a glued ل: ``قال مسؤول لوكالة``),
  a timex, a conjunction ``و``+word or a relative pronoun, and stretched to the end of an entity it cuts or of a
  parenthesised abbreviation right after it. With nothing between (SVO, ``وقال
  إن``), the source is the nearest entity before the cue in the sentence, else
  empty (implicit).
* **Content**: after a complementizer, from the next word (the complementizer
  and its glued pronoun are out) to the sentence end, final stop out; after a
  colon or at a quotation mark, the quotation with its marks.
* **Prepositional cues** (``وفقا ل``, ``بحسب``, ``نقلا عن``): the source is the
  noun phrase after the cue; the content is the rest of the sentence after it
  (``فإن`` and a comma skipped) when the cue opens the sentence, else the part
  of the sentence before the cue, without a conjunction glued to its first
  word (``ومن المقرر`` → ``من المقرر``).
* **Kind**: ``direct`` when the content is one quotation, ``mixed`` when it
  holds a quotation and unquoted text, else ``indirect``.

Added in 0.3.0 (guidelines 4.3 and 4.6):

* **More cues**: calls, demands, warnings, denials, accusations, admissions and
  expressions (``دعا``, ``طالب``, ``حذر``, ``نفى``, ``ندد``, ``أعرب``, ``اتهم``); their
  content starts after the preposition (``دعا إلى …``, ``طالب ب…``, ``أعرب عن …``;
  ``أشار إلى أن`` keeps the complementizer rule). Participles (``مشيرا``, ``قائلا``)
  take the speaker of the clause before; ``وختم قائلا`` makes one cue. Relays with
  ما take the verb (``بحسب ما أعلنته``, ``حسبما ذكرت``); ``نقلت X عن Y قوله إن C``
  gives the relay and the original speaker Y (cue ``قوله``).
* **Sources**: pro-drop verbs (``وأضاف``) and plural verbs (``وطالبوا``) have an
  empty source; an addressee (``للمحققين``, ``له``) is never the source; SVO
  subjects before the cue (``وكان X قد ندد``, ``لكن موسكو أكدت``, after a
  complementizer, the antecedent of ``التي قالت``); ``في/من`` + a named place or
  body continue a source (``السفارة الروسية في لندن``); a title keeps the name
  after its comma; a people (NORP) after a call verb is its object.
* **Contents** end before a writer's circumstantial (``، في إشارة``, ``، حيث``, ``في
  حين``), a relay, a participle cue or a new report verb; ``أن "…"`` is the
  quotation; a report nested in a quotation ends with the quotation's sentence;
  a quoted name (``منظمة "…"``, ``على "تويتر":``) is not the content; a fronted
  date and a sentence-initial conjunction stay out of a relay's content.
* **Not attributions**: ``يذكر أن`` opening a sentence, negated speech (``لم تعلن``).

Added in 0.4.0 (issue 17):

* **Reporting verbs by morphology** (``reporting_verb_paradigms.tsv``): each verb's past,
  present and participle are conjugated by regular affixation (``أكدتا``, ``يؤكدان``,
  ``نوهت``, ``متسائلا``), merged with the spelled-out weak verbs; forms that are common
  words (``بين``, ``تبلغ``, ``تابعا``) are left out, and a cue after a pronoun subject
  (``وهو طالب``) is a noun.
* ``نقلت X عن Y أن C`` without ``قوله`` gives the original speaker Y with the cue ``عن``
  (guidelines 4.3); ``قوله: "…"`` takes the quotation; a pronoun addressee (``قال لي الملك
  إن``) no longer hides the speaker.
* **Content markers**: ``أن`` after a time, purpose or modal word (``بعد أن``, ``يمكن أن``,
  ``من المقرر أن``) is the particle أنْ, no reported clause; the search for a cue's marker
  stops at the next report verb (``ونقل الجرحى … حيث أكد الأطباء أن``: one relation).
* **Sources**: an SVO subject made of adjacent entities (title + name) is a source; the
  object of a call (``دعت المنظمة السلطات إلى …``) is cut from the caller.

Added in 0.5.0 (issue 17; tests on written text only):

* a demonstrative after the speaker opens the verb's object (``نفت المتحدثة هذه الشائعات،``);
  one that opens the source stays (``قال هذا الدبلوماسي``);
* an anonymous source's request is no report and ends the source (``قال موظف طلب عدم ذكر
  اسمه إن …``: cue ``قال``, source ``موظف``): a verbal noun after ``عدم``/``دون``/``رفض`` is
  no cue and does not stop the search for the main verb's content.

Added in 0.5.0, round 2 (issue 17; general constructions found failing on written sentences):

* **Sources**: a name that starts with ل after a title is no glued preposition (``المتحدثة
  … ليلى منصور``); ``لل`` + a plural of people is the addressee (``قال الطبيب للصحفيين``); a
  second definite noun that is no agreeing adjective (nisba, ``الم…`` participle, listed
  adjective) opens the object, since a noun with the article takes no genitive with the
  article (``نفى الجيش الاتهامات``, ``أبلغ الوزير الصحفيين``); verbs with an object or
  addressee (``أبلغ``, ``أخبر``, ``وصف``, ``حمّل``) keep only the speaker's entity; an SVO subject
  that is one entity may hold a stop word (``المتحدث باسم الشرطة قال``); a participle after a
  noun-phrase object takes the subject of the clause's verb (``نفى الجيش الاتهامات، مؤكدا``).
* **Markers**: ``آن`` (the name Anne) is no complementizer; a participle after a comma ends the
  search of the verb before it (its marker is the participle's).
* **Contents**: ``، فيما``/``، بينما`` + a clause ends the content; ``أن "…"`` followed by more of
  the clause is the whole clause (kind ``mixed``), the quotation alone only at the clause end.
* **Cues** (``reporting_verbs.txt``, ``reporting_verb_paradigms.tsv``): claims, predictions and
  estimates (``ادعى``, past ``رجح``/``قدّر``, ``توقع``/``يتوقع``); a verb and its manner participle or
  ``بالقول`` are one cue (``وأردف قائلا``, ``وختم بالقول``); the relays ``وفق`` and ``استنادا إلى``;
  ``أفاد بـ`` and ``شدد على`` + a verbal noun (``أفادت مصادر بمقتل …``), but ``على هامش``/``على
  لسان`` … are circumstances; an accusation in VSO order keeps the speaker's entity and the
  accused apart (``اتهم وزير الدفاع المعارضة بـ…``); an announcement's indefinite verbal noun
  after the speaker's entity is its content (``أعلنت وزارة الصحة مقتل …``, guidelines 4.6).

Added in 0.5.0, round 4 (issue 17; general constructions found failing on written paragraphs):

* **Sources after the content**: a quotation that opens the sentence, then a comma and the verb
  (``"…"، قال وزير الداخلية …``) is the verb's content, the noun phrase after the verb its source
  (empty for ``"…"، أضاف``); interrupted by cue and speaker (``"…"، قالت السفيرة، "…"``) it is one
  direct content in two spans (guidelines 3). ``كما قال/يقول X`` after a clause is a relay (cue
  ``كما قال``, guidelines 4.7) whose content is the proposition it qualifies (the content of the
  report before it, else the clause); ``كما`` + verb + ``إن`` stays "also" (the verb's own report).
* **Contents**: ``، على حد قوله/تعبيره`` and ``، كما قال …`` end the content.
* **Sources**: an announcement by a bare definite noun (``أعلنت الوزارة مقتل …``, ``الشرطة``),
  but not of a declared state (``حالة``, ``حظر``, ``حداد``: a noun-phrase object, optional);
  ``صادر عن`` + the issuer continues a document's source (``بيان صادر عن وزارة …``); elatives of
  former office stay in a title (``رئيس الوزراء الأسبق …``); the object of a call participle
  (``، داعيا جميع الأطراف إلى``) is not its source: the clause's speaker is.
* **Cues**: written reports ``وكتب`` (bare ``كتب`` mid-sentence is "books"), ``غرّد``, ``نشر`` only
  with the speaker's own account, page or site (``نشر على حسابه أن``), a document's ``جاء في`` /
  ``ورد في`` (the document is the source); promises ``تعهد``/``وعد`` (``بأن …``, ``ب`` + verbal
  noun; ``وعد`` mid-sentence is the noun); relays take a resumptive pronoun (``بحسب ما أفاد به``)
  and ``وفقا لما`` + verb is one cue.
* **Left out, by the guidelines**: future, negated and unperformed speech (``سيقول``, ``لن يعلن``,
  ``لم يستبعد``, ``لم ينف``: guidelines 4.6/4.7 make negated speech no attribution); verbs of belief,
  hope and fear with a named subject (``يعتقد``, ``يأمل``, ``يخشى``: not in the guidelines' verb
  list; only impersonal ``يُعتقد`` is, as optional); the verbless headline ``الرئيس: "…"`` and
  ``على لسان`` (no rule in the guidelines).

Added in 0.6.0 (attribution; errors of the new dev documents, tests on written sentences):

* **Sources**: a subject before the verb (SVO, after a complementizer or an entity) fills the
  subject slot, so the words after the verb are its object (``أن الشرطة دعت الجميع``); a
  dateline's slash or dash ends the SVO search; ``لطالما`` between subject and verb; a verb
  conjoined to an SVO report shares its subject when it agrees (guidelines 4.8, shared-subject
  sources), while after a VSO report it stays pro-drop (4.6); a person's name that starts with
  ل is the speaker, not ل + addressee (``وأوضح لافروف``).
* **Cues**: ``رفض``/``نفى`` + a noun of speech with a complement (``speech_nouns.txt``: ``رفض
  اتهامات وجهت إلى …``) are reports whose content is that object (guidelines 4.8, denials);
  ``وصف X بـ"…"`` takes the object and the ب-phrase (4.8, descriptions); a cue form right
  after a preposition or a numeral word is a noun (``على طالب``, ``ألف طالب``).
* **Contents**: a demand verb after its subject takes an indefinite direct object (``أن
  المدعي طالب عقوبة …``); a quotation glued to ``لـ`` is the addressee outlet, not the content;
  the content marker is looked for within 24 words of the verb (was 12).

Added in 0.7.0 (attribution; general constructions of unseen news, tests on written sentences):

* **Kinds**: a quoted proper name (in an entity, or after a classifier head) is no quotation.
* **Relays**: one that opens the sentence takes its source to the comma (title + name, a
  relative in commas skipped) and its content after ``فإن``; one before a report or between a
  verb and its complement shares that content; one after a clause leaves a dateline, ``وذلك``
  and what precedes ``ثم`` out; ``وفقا للقانون``, ``حسب الحاجة`` (``relay_non_sources.txt``) are
  no relays.
* **Contents**: end before a final relative after a comma, at ``حيث``, at a participle with its own
  complementizer; coordinated complements are one span each.
* **Sources**: an unnamed speaker keeps a restrictive ``في/من`` phrase
  (``anonymous_source_heads.txt``); accusations split speaker and accused; an addressee outlet
  glued to an entity is cut; ``صادر عن`` + a bare definite; ``طلب X من Y`` keeps Y out.

Added in 0.7.0, round 9 (attribution; constructions of the fresh dev documents, tests on written
sentences): cues ``أورد``, ``نصّ على``, ``أقر ب``, ``وصفها X بأن``, ``طلب منهم X``, proposals with a
verbal-noun object; ``نقلت عن X`` as relay + original; ``نقلت عنه X قوله``; relays inside
quotations; sentence adverbs end a source; ``لكنه`` + verb shares the speaker; nominative plural
shared subjects; documents with an asyndetic relative clause; a named speaker's unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from runners.builtin.rules_text import NormText, fold, load_list, load_table, verb_forms, words

OPEN_Q = "\"«“„'"
CLOSE_Q = {"«": "»", "“": "”", "„": "“", '"': '"', "'": "'"}
_COMP = re.compile(r"^(?:[وف]?ب?ان|[وف]?لان)(?:ه|ها|هم|هما|هن|نا|ني)?$")
_PREP_CUES = ("وفقا ل", "طبقا ل", "بحسب", "حسب", "نقلا عن", "وفق", "استنادا إلى")
_SOURCE_STOPS = {fold(w) for w in (
    "في", "من", "على", "إلى", "عن", "مع", "خلال", "بعد", "قبل", "منذ", "الذي", "التي", "الذين",
    "حيث", "أمس", "اليوم", "لوكالة", "لصحيفة", "لقناة", "قد", "إلى", "حتى", "عبر", "أمام",
    "منه", "منها", "منهم", "عنه", "عنها", "عنهم", "له", "لها", "لهم", "فيه", "فيها", "عليه",
    "عليها", "إليه", "إليها", "معه", "معها", "به", "بها", "لنا", "لي",
    # round 9: sentence adverbs after the speaker ("قالت بريطانيا كذلك إنها", "جاء في التقرير
    # أيضا أن"): the noun phrase ends before them
    "أيضا", "أيضاً", "كذلك", "بدوره", "بدورها", "بدورهم", "مجددا", "مجدداً", "مرارا", "صراحة")}
#: prepositions that introduce the content of call/demand/denunciation verbs (دعا إلى …)
_CONTENT_PREPS = {fold(k): v for k, v in {
    "دعا": "الي ل", "يدعو": "الي ل", "تدعو": "الي ل", "دعت": "الي ل", "دعوا": "الي ل",
    "يدعون": "الي ل", "داعيا": "الي ل", "داعية": "الي ل",
    "طالب": "ب", "طالبت": "ب", "طالبوا": "ب", "يطالب": "ب", "تطالب": "ب", "يطالبون": "ب",
    "مطالبا": "ب", "مطالبة": "ب",
    "ندد": "ب", "نددت": "ب", "نددوا": "ب", "يندد": "ب", "تندد": "ب",
    "اعترف": "ب", "اعترفت": "ب", "اعترفوا": "ب", "يعترف": "ب", "تعترف": "ب",
    "أعرب": "عن", "أعربت": "عن", "أعربوا": "عن", "يعرب": "عن", "تعرب": "عن", "معربا": "عن",
    "معربة": "عن",
    "حذر": "من", "حذرت": "من", "حذروا": "من", "يحذر": "من", "تحذر": "من", "محذرا": "من",
    "محذرة": "من",
    "أشار": "الي", "أشارت": "الي", "أشاروا": "الي", "يشير": "الي", "تشير": "الي",
    "مشيرا": "الي", "مشيرة": "الي", "لفت": "الي", "لفتت": "الي", "لافتا": "الي", "لافتة": "الي",
    "اتهم": "", "اتهمت": "", "اتهموا": "", "يتهم": "", "تتهم": "", "متهما": "", "متهمة": "",
    "طلبت": "", "يطلب": "", "تطلب": "", "طلبوا": "", "طلب": "",
    # 0.5.0 round 2: أفاد بـ + a verbal noun (أفادت مصادر بمقتل …), شدد على + a verbal noun
    "أفاد": "ب", "أفادت": "ب", "أفادوا": "ب", "يفيد": "ب", "تفيد": "ب",
    # 0.5.0 round 4: promises with ب + a verbal noun (تعهدت الشركة بتعويض …)
    "تعهد": "ب", "تعهدت": "ب", "تعهدوا": "ب", "يتعهد": "ب", "تتعهد": "ب",
    "وعد": "ب", "وعدت": "ب", "وعدوا": "ب",
    # round 9: a document's stipulation (ينص القانون على …) and admissions (أقر الوزير بوجود …,
    # like اعترف ب)
    "ينص": "علي", "تنص": "علي", "نصت": "علي", "ينصان": "علي", "تنصان": "علي",
    "أقر": "ب", "أقرت": "ب", "أقروا": "ب", "يقر": "ب", "تقر": "ب",
    "شدد": "علي", "شددت": "علي", "شددوا": "علي", "يشدد": "علي", "تشدد": "علي", "مشددا": "علي",
    "مشددة": "علي",
}.items()}
#: how many words after a verb cue its content marker (complementizer, colon, quotation) is
#: looked for: 0.6.0 raised twelve to twenty-four, since a VSO speaker with a comma apposition,
#: a time and a place (قال X، وهو …، في تعليق على حسابه بموقع …، إن …) often takes more;
#: the search still stops at the next report verb
WINDOW = 25
#: "but he/she/they" before a verb: a new clause of the same speaker (ولكنه أوضح …, round 9)
_BUT_PRONOUN = frozenset(fold(c + w + p) for c in ("", "و") for w in ("لكن",)
                         for p in ("ه", "ها", "هم", "هما"))
_FROM_PRONOUNS = frozenset(fold(w) for w in ("منه", "منها", "منهم", "منهما", "منهن", "مني", "منا",
                                             "منكم"))
#: round 9: verbs of a document's origin in a relative clause without الذي after an indefinite
#: source (تقديرات وردت في بحث, دراسة نشرتها جامعة, تقرير أعدته منظمة): appear, be issued,
#: publish, prepare, conduct; past third person, with a glued object pronoun where transitive
_ORIGIN_VERBS = frozenset(fold(w) for w in (
    "ورد", "وردت", "جاء", "جاءت", "صدر", "صدرت", "نشر", "نشرت", "نشره", "نشرها", "نشرته",
    "نشرتها", "أعد", "أعدت", "أعده", "أعدها", "أعدته", "أعدتها", "أجرى", "أجرت", "أجراه",
    "أجراها", "أجرته", "أجرتها"))
#: round 9: where the speaker speaks from (من مقر الوزارة, من قصر …) is a circumstance, not a unit
@lru_cache(maxsize=None)
def _place_nouns() -> frozenset[str]:
    return frozenset({h.split("\t")[0] for h in load_list("place_heads.tsv")} |
                     {fold(w) for w in ("مقر", "مبنى", "داخل", "خارج", "أمام", "قرب")})


_WHAT = frozenset(fold(w) for w in ("ما", "لما", "بما", "مما", "كما"))
#: how a body votes (أقر البرلمان بالإجماع …: "approved", no admission; round 9)
_VOTE_WORDS = frozenset(fold(w) for w in ("بالإجماع", "بأغلبية", "بغالبية", "بالأغلبية"))
#: nouns after على that make a circumstantial, not the content (على هامش القمة, 0.5.0)
_CIRCUMSTANTIAL = frozenset(fold(w) for w in ("هامش", "لسان", "صعيد", "خلفية", "رأس", "مدى",
                                              "وقع", "ضوء"))
#: verbs whose object may be a verbal noun spelling out a proposition (أعلن مقتل …, 0.5.0)
_ANNOUNCE_VERBS = frozenset(fold(w) for w in ("أعلن", "أعلنت", "أعلنوا", "يعلن", "تعلن",
                                              # round 9: proposals (اقترحت اللجنة حظر …)
                                              "اقترح", "اقترحت", "اقترحوا", "يقترح", "تقترح"))
#: round 9 cue forms kept out of the verb lists (the NER rules read those): the written report
#: ``أورد`` ("ran, carried": أوردت الصحيفة أن …), a document's stipulation ``نصّ على`` (ينص
#: الاتفاق على …; the bare past ``نص`` is the noun "text" and stays out), and describing verbs
#: with the glued object pronoun (``وصفها التقرير بأن …``; ``ما وصفه بـ`` is naming, 4.8)
_REPORT_VERBS_R9 = frozenset(fold(w) for w in ("أورد", "أوردت", "أوردوا", "يورد", "تورد"))
_STIPULATE_VERBS = frozenset(fold(w) for w in ("ينص", "تنص", "نصت", "ينصان", "تنصان"))
_DESCRIBE_GLUED = frozenset(fold(v + p) for v in ("وصف", "وصفت", "يصف", "تصف")
                            for p in ("ه", "ها", "هم", "هما"))
_ROUND9_CUES = _REPORT_VERBS_R9 | _STIPULATE_VERBS | _DESCRIBE_GLUED
#: a clause after the content that is the writer's, or a new report: the content ends before it
_CUTS = re.compile(r"(?:[،,]\s*(?:حيث|في إشارة|وذلك|فيما|بينما|على حد)|\s(?:في حين|فيما يخص|بينما|حيث)"
                   r"|[،,]?\s*(?:بحسب|حسب|حسبما|وفقا|وفقاً|طبقا|نقلا)\s)")


@dataclass
class Attribution:
    """One relation; each role a list of original ``(start, end)`` spans."""

    source: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    content: list[tuple[int, int]]
    kind: str
    extra: dict = field(default_factory=dict)

    def to_record(self) -> dict:
        def spans(xs):  # type: ignore[no-untyped-def]
            return [{"start": s, "end": e} for s, e in xs]
        return {"source": spans(self.source), "cue": spans(self.cue),
                "content": spans(self.content), "kind": self.kind}


@lru_cache(maxsize=None)
def cues() -> tuple[tuple[str, ...], ...]:
    """Folded cue phrases as word tuples, longest first (``وفقا ل`` → ("وفقا", "ل"))."""
    phrases = {tuple(c.split()) for c in load_list("reporting_verbs.txt")}
    phrases |= {(v,) for v in verb_forms()["all"]}
    phrases.add(("كتب",))   # وكتب الصحفي أن …: a cue, but not a noun-phrase end ("books", round 4)
    phrases |= {(v,) for v in _PUBLISH_VERBS}   # نشر … على حسابه أن … (checked in _not_a_report)
    phrases |= {(v,) for v in _DESCRIBE_VERBS}   # وصفوا X بـ"…" (0.6.0)
    phrases |= {(v,) for v in _REJECT_VERBS}   # رفض + a noun of speech (checked in _verbal, 0.6.0)
    phrases.add(("طلب",))   # round 9: only before من + a pronoun (checked in _not_a_report)
    phrases |= {(v,) for v in _ROUND9_CUES}   # round 9: أورد, نصّ على, وصفه بأن (see below)
    return tuple(sorted(phrases, key=lambda t: (-len(t), t)))


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: cut after . ! ? ؟ + white space outside quotes, and at newlines."""
    out, start, depth_close = [], 0, []
    for i, ch in enumerate(text):
        if depth_close and ch == depth_close[-1]:
            depth_close.pop()
            continue
        if ch in CLOSE_Q and ch in OPEN_Q and (ch not in "'\"" or not depth_close):
            depth_close.append(CLOSE_Q[ch])
            continue
        if ch == "\n" or (not depth_close and ch in ".!?؟" and
                          (i + 1 == len(text) or text[i + 1].isspace())):
            out.append((start, i + (0 if ch == "\n" else 1)))
            start = i + 1
            depth_close = [] if ch == "\n" else depth_close
    out.append((start, len(text)))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Strip white space, a final stop and trailing commas from ``[s, e)``."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".،,؛;:"):
        e -= 1
    return s, e


def _drop_conjunction(text: str, s: int, e: int) -> int:
    """Skip a conjunction و/ف glued to a content's first word (``ومن المقرر`` →
    ``من المقرر``, ``ويأتي`` → ``يأتي``), unless the word is a noun that starts with
    و (``وزارة``, ``وكالة``: heads and titles)."""
    m = re.match(r"[وف]([^\W_]+)", text[s:e])
    if not m:
        return s
    rest, whole = fold(m.group(1)), fold(m.group(0))
    if rest in _stop() or rest.startswith("ال"):
        return s + 1
    if whole in _heads() or len(rest) < 3 or whole in _WAW_NOUNS:
        return s
    return s + 1


#: common nouns that start with و (not a conjunction)
_WAW_NOUNS = {fold(w) for w in ("وفد", "وسائل", "وقف", "وثائق", "وضع", "وجود", "وحدة", "وقت",
                                "وطن", "والد", "والدة", "ولي", "وفاة", "وصول", "ولاية", "وزير",
                                "وزراء", "وزارة", "وكالة", "واشنطن")}


@lru_cache(maxsize=None)
def _verb_set() -> set[str]:
    return set(verb_forms()["all"])


@lru_cache(maxsize=None)
def _stop() -> set[str]:
    return set(load_list("stopwords.txt"))


def _quote_end(text: str, s: int) -> int | None:
    close = CLOSE_Q.get(text[s])
    e = text.find(close, s + 1) if close else -1
    return e + 1 if e > 0 else None


def _kind(text: str, s: int, e: int) -> str:
    piece = text[s:e]
    if piece and piece[0] in OPEN_Q and _quote_end(text, s) == e:
        return "direct"
    return "mixed" if any(q in piece for q in OPEN_Q + "»”") else "indirect"


def recognise(text: str, entities, timexes) -> list[Attribution]:  # type: ignore[no-untyped-def]
    """All attribution relations of a text."""
    norm = NormText.of(text)
    ws = words(norm.text)
    spans = [norm.span(w.start, w.end) for w in ws]
    ents = [(m.start, m.end) for m in entities if m.type in ("ORG", "PERS", "GPE", "OCC", "NORP")]
    all_ents = [(m.start, m.end) for m in entities]
    types = {(m.start, m.end): m.type for m in entities}
    tx = [(t.start, t.end) for t in timexes]
    out: list[Attribution] = []
    cue_list = cues()
    for s_start, s_end in sentences(text):
        idx = [k for k, (a, b) in enumerate(spans) if a >= s_start and b <= s_end]
        quotes = _quote_regions(text, s_start, s_end)
        in_sentence: list[Attribution] = []
        k = 0
        while k < len(idx):
            i = idx[k]
            found = _cue_at(ws, i, cue_list)
            if not found or _not_a_report(ws, i, idx, k):
                k += 1
                continue
            last, skip, phrase = found
            cue_s = norm.span(ws[i].start + skip, ws[i].end)[0]
            if phrase[-1] == "ل":   # وفقا ل: the ل glued to the next word
                cue_e = spans[last][0] + 1
            else:
                cue_e = spans[last][1]
            glued_ma = phrase[-1] == "ل" and fold(ws[last].text) == "لما"   # وفقا لما نقلته (round 4)
            if phrase[-1] in ("ما", "لما") or phrase[0] in ("حسبما",) or glued_ma:
                # بحسب ما أعلنته: the verb too
                if last + 1 < len(ws) and last + 1 in set(idx):
                    last += 1
                    cue_e = spans[last][1]
                if last + 1 < len(ws) and last + 1 in set(idx) and \
                        fold(ws[last + 1].text) in _RESUMPTIVES:
                    last += 1   # بحسب ما أفاد به شهود: the resumptive pronoun too (round 4)
                    cue_e = spans[last][1]
                phrase = ("بحسب",)
            if phrase[0] in _PARTICIPLES and k > 0:   # وختم قائلا: the clause's verb joins the cue
                pk = idx[k - 1]
                prev_s = norm.span(ws[pk].start, ws[pk].end)[0]
                clause_start = k == 1 or re.search(r"[،,:.]\s*$", text[spans[idx[k - 2]][0]:prev_s])
                pw = ws[pk].text
                if (fold(phrase[0]).startswith("قايل") or phrase[0] == "بالقول") and clause_start and \
                        pw[1:] not in _verb_set() and pw not in _verb_set() and len(pw) > 3:
                    cue_s = norm.span(ws[pk].start + (1 if pw[:1] in "وف" else 0), ws[pk].end)[0]
            nxt = idx[idx.index(last) + 1] if last in idx and idx.index(last) + 1 < len(idx) else None
            if nxt is not None and phrase[0] not in _PARTICIPLES and \
                    (fold(ws[nxt].text).startswith("قايل") or ws[nxt].text == "بالقول") and \
                    not text[spans[last][1]:spans[nxt][0]].strip():
                last, cue_e = nxt, spans[nxt][1]   # "وأردف قائلا": one cue (0.5.0)
            ctx = (text, spans, idx, k, last, s_start, s_end, ents, tx, quotes, all_ents,
                   in_sentence, types)
            key = " ".join(phrase)
            before_w = ws[idx[k - 1]].text if k > 1 else ""
            if fold(before_w) in ("كما", "وكما") and not text[spans[idx[k - 1]][1]:cue_s].strip() \
                    and phrase[0] not in _PARTICIPLES and key not in _prep_cues():
                cue_s = spans[idx[k - 1]][0] + (1 if before_w[:1] == "و" else 0)
                ctx = ctx[:3] + (k - 1,) + ctx[4:]
                rels = [_as_said(ctx, cue_s, cue_e)]
                if rels[0] is None:   # "كما قال الوزير إن …": كما is "also", the verb's own report
                    ctx = ctx[:3] + (k,) + ctx[4:]
                    cue_s = norm.span(ws[i].start + skip, ws[i].end)[0]
                    rels = [_verbal(ctx, cue_s, cue_e, phrase)]
            elif key in _prep_cues():
                rels = [_prepositional(ctx, cue_s, cue_e, phrase)]
            elif key in ("قوله", "قولها", "قولهم"):
                rels = [_relayed(ctx, cue_s, cue_e)]
            else:
                rels = [_verbal(ctx, cue_s, cue_e, phrase)]
                if rels[0] and fold(phrase[-1]) in _RELAY_VERBS:
                    rels.append(_relayed_without_qawl(ctx, rels[0]))
                elif rels[0] and len(phrase) == 2 and phrase[1] == "عن" and \
                        fold(phrase[0]) in _RELAY_VERBS:
                    rels = _split_relay(ctx, rels[0], spans[i][1], spans[last])
            for rel in rels:
                if rel and rel.kind == "mixed" and _only_names_quoted(text, rel.content,
                                                                      all_ents):
                    rel.kind = "indirect"   # 0.7.0: a quoted name makes no quotation (4.6)
                if rel and all(e > s for role in (rel.source, rel.cue, rel.content)
                               for s, e in role):
                    out.append(rel)
                    in_sentence.append(rel)
            k += 1 + (idx.index(last) - k if last in idx else 0)
        _share_reported_content(text, in_sentence)
    return out


def _share_reported_content(text: str, rels: list[Attribution]) -> None:
    """A relay whose content opens with another report of its sentence (``وبحسب الوكالة، قال
    المدير، إن C``) or that stands between a verb and its complement (``وقال المدير، بحسب
    الوكالة، إن C``) shares that report's content C (guidelines 4.7; 0.7.0)."""
    for relay in rels:
        if fold(text[relay.cue[0][0]:relay.cue[0][1]]).split()[0] not in _prep_cues() and \
                not fold(text[relay.cue[0][0]:relay.cue[0][1]]).startswith("حسبما"):
            continue
        r_s = relay.content[0][0]
        for rel in rels:
            if rel is relay or not rel.content:
                continue
            before = relay.cue[0][1] <= rel.cue[0][0] and r_s <= rel.cue[0][0] <= r_s + 1 and \
                rel.content[0][0] > rel.cue[0][0]
            between = bool(relay.source) and rel.cue[0][1] <= relay.cue[0][0] and \
                rel.content[0][0] >= relay.source[-1][1]
            if before or between:
                relay.content = list(rel.content)
                relay.kind = rel.kind
                break


def _only_names_quoted(text: str, content, all_ents) -> bool:  # type: ignore[no-untyped-def]
    """Whether every quotation inside a content is a proper name: one inside an entity mention
    (``منظمة "الأذرع الممدودة"``), one that an entity fills (``"حسين الصالح"``), or one right
    after a head noun that takes a quoted name (``معسكر "النخيل"``, ``تطبيق "…"``; the heads of
    ``quoted_name_heads.tsv``, ``org_heads.txt``, ``place_heads.tsv``). Guidelines 4.6: quotation
    marks around a proper name do not make a content mixed; quoted common words do (0.7.0)."""
    found = False
    for c_s, c_e in content:
        for a, b in _quote_regions(text, c_s, c_e):
            found = True
            inner = text[a + 1:b - 1].strip()
            if any(ea <= a + 1 and b - 1 <= eb for ea, eb in all_ents):
                continue
            if inner and any(a < ea <= a + 2 and b - 2 <= eb <= b for ea, eb in all_ents):
                continue
            before = re.search(r"([^\W_]+)\s*$", text[max(c_s, a - 30):a])
            if before and len(inner.split()) <= 4 and _name_head(fold(before.group(1))):
                continue
            return False
        if any(ch in text[c_s:c_e] for ch in "»”") and not _quote_regions(text, c_s, c_e):
            return False
    return found


@lru_cache(maxsize=None)
def _quoted_heads() -> frozenset[str]:
    # the listed quoted-name heads as written; organisation and place heads indefinite only
    # (``منظمة "…"``; after ``الحكومة`` or ``الحزب`` a quotation is mostly quoted words)
    heads = {h for h, _ in load_table("quoted_name_heads.tsv")}
    heads |= {h for h in set(load_list("org_heads.txt")) | {h for h, _ in load_table(
        "place_heads.tsv")} if not h.startswith("ال")}
    return frozenset(heads)


def _name_head(word: str) -> bool:
    """A head noun before a quoted name, with a proclitic ب/ل/و/ف/ك allowed (``بمجمع``)."""
    heads = _quoted_heads()
    return word in heads or (len(word) > 3 and word[:1] in "بلوفك" and word[1:] in heads) or \
        (word.startswith("لل") and "ال" + word[2:] in heads)


_PARTICIPLES = tuple(sorted({fold(w) for w in (
    "قائلا", "قائلة", "قائلين", "مشيرا", "مشيرة", "مؤكدا", "مؤكدة", "مضيفا", "مضيفة", "موضحا",
    "موضحة", "منوها", "منوهة", "معتبرا", "معتبرة", "محذرا", "محذرة", "داعيا", "داعية", "لافتا",
    "لافتة", "مطالبا", "مطالبة", "متهما", "متهمة", "معربا", "معربة", "نافيا", "نافية", "مشددا",
    "مشددة", "بالقول")} | verb_forms()["participles"]))


def _not_a_report(ws, i: int, idx, k: int) -> bool:  # type: ignore[no-untyped-def]
    """The writer's formula ``يذكر أن`` opening a sentence, and negated speech
    (``لم تعلق``) are not attributions (guidelines 4.6)."""
    w = ws[i].text
    if fold(w) in ("يذكر", "ويذكر", "يذكران") and k == 0:
        return True
    if k > 0 and (fold(w) in _DESCRIBE_GLUED or fold(w)[1:] in _DESCRIBE_GLUED) and (
            fold(ws[idx[k - 1]].text) in _WHAT or fold(ws[idx[k - 1]].text).startswith("يمكن") or
            (k > 1 and fold(ws[idx[k - 2]].text) in _WHAT)):
        return True   # "ما وصفه بـ", "ما يمكن وصفه بـ": naming, no attribution (4.8; round 9)
    if fold(w).lstrip("وف") == "طلب" and fold(w) not in _verb_set() and (
            i + 1 >= len(ws) or fold(ws[i + 1].text) not in _FROM_PRONOUNS):
        return True   # round 9: the masculine past طلب is the noun "request" unless من + a
        # pronoun follows (طلب منهم الوزير مغادرة …: the addressee before the speaker)
    if w in ("كتب", "وعد") and k > 0:
        return True   # "كتب التاريخ", "إن وعد الحكومة": the nouns "books", "promise"; وكتب,
        # ووعد and a sentence-opening كتب/وعد are the verbs (round 4)
    if fold(w)[1 if w[:1] in "وف" else 0:] in _PUBLISH_VERBS:
        nxt = [fold(x.text) for x in ws[i + 1:i + 6]]
        if not any(x.startswith(_OWN_OUTLETS) for x in nxt):
            return True   # "نشر" without "على حسابه/صفحته/موقعه": deployed, published a thing
    if k > 0 and ws[idx[k - 1]].text in _PRONOUNS:
        return True   # "وهو طالب في الجامعة": a noun after a pronoun subject, not a verb
    if k > 0 and w in _verb_set() and fold(ws[idx[k - 1]].text) in _NOUN_CONTEXT and \
            ws[idx[k - 1]].end + 1 == ws[i].start:
        return True   # "القبض على طالب", "20 ألف طالب": after a preposition or a numeral the
        # word is a noun (a finite verb never follows either directly; 0.6.0)
    if k > 0 and ws[idx[k - 1]].text in _NOUN_NEGATORS:
        return True   # "طلب عدم ذكر اسمه": a negated verbal noun, no speech act (0.5.0)
    return k > 0 and ws[idx[k - 1]].text in ("لم", "لن", "ولم", "ولن", "لا")


#: prepositions and numerals after which a cue form is a noun (على طالب, ألف طالب; 0.6.0)
_NOUN_CONTEXT = frozenset(fold(w) for w in (
    "في", "من", "على", "إلى", "الى", "عن", "مع", "حول", "ضد", "لدى", "عبر", "بين", "ألف", "آلاف",
    "مئات", "عشرات", "مليون", "ملايين", "مليار", "مئة", "مائة", "عدة", "كل", "أي"))

#: "posted" (نشر الناشط على حسابه أن …): a written report only on the speaker's own account,
#: page or site (round 4); elsewhere نشر is "deploy", "publish" with a noun-phrase object
_PUBLISH_VERBS = frozenset(fold(w) for w in ("نشر", "نشرت", "نشروا"))
_OWN_OUTLETS = tuple(fold(w) for w in ("حساب", "صفحت", "صفحة", "موقع", "مدونت"))

#: a relay's resumptive pronoun after ما + verb (بحسب ما أفاد به, وفق ما صرح به)
_RESUMPTIVES = frozenset(fold(w) for w in ("به", "بها", "عنه", "عنها", "فيه", "فيها"))

#: verbs of an anonymous source's request (``مصدر طلب عدم ذكر اسمه``, ``مسؤول فضل عدم الكشف``)
_WITHHOLDING_VERBS = frozenset(fold(w) for w in (
    "طلب", "طلبت", "طلبا", "طلبوا", "فضل", "فضلت", "فضلوا", "رفض", "رفضت", "رفضوا", "اشترط",
    "اشترطت", "اشترطوا"))

#: words before a verbal noun that negate or withhold it (``عدم ذكر``, ``دون الكشف``)
_NOUN_NEGATORS = frozenset(fold(w) for w in ("عدم", "بعدم", "دون", "بدون", "رفض"))


_PRONOUNS = frozenset(fold(w) for w in ("هو", "وهو", "فهو", "هي", "وهي", "فهي", "هم", "وهم",
                                        "فهم"))


def _quote_regions(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Quotations inside ``[s, e)``: (opening mark, after the closing mark)."""
    out, i = [], s
    while i < e:
        if text[i] in OPEN_Q and text[i] != "'":
            end = _quote_end(text, i)
            if end and end <= e:
                out.append((i, end))
                i = end
                continue
        i += 1
    return out


def _inside(regions, pos: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in regions if a < pos < b), None)


@lru_cache(maxsize=None)
def _prep_cues() -> set[str]:
    return {fold(c) for c in _PREP_CUES}
@lru_cache(maxsize=None)
def _cues_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Cue phrases indexed by their first word, longest first (the order of :func:`cues`)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in cues():
        out.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in out.items()}


def _cue_at(ws, i: int, cue_list):  # type: ignore[no-untyped-def]
    first = ws[i].text
    index = _cues_by_first()
    cands = sorted(set(index.get(first, ()) + (index.get(first[1:], ()) if len(first) > 3 else ())),
                   key=cue_list.index)
    for phrase in cands:
        n = len(phrase)
        if i + n > len(ws):
            continue
        for skip in (0, 1):
            if skip and not (first[:1] in "وف" and len(first) > 3):
                continue
            head = first[skip:]
            if phrase[-1] == "ل" and n >= 2:
                ok = (head == phrase[0] and n == 2 and ws[i + 1].text.startswith("ل")
                      and len(ws[i + 1].text) > 2)
            else:
                ok = head == phrase[0] and tuple(w.text for w in ws[i + 1:i + n]) == phrase[1:]
            if ok:
                return i + n - 1, skip, phrase
    return None


def _stretch(text: str, a: int, b: int, ents) -> int:  # type: ignore[no-untyped-def]
    """Extend a source end over an entity it cuts and a following ``(abbr)``."""
    for ea, eb in ents:
        if ea < b < eb and ea >= a and not any(
                fold(w).startswith("ل") and fold(w) in _SOURCE_STOPS
                for w in re.findall(r"[^\W_]+", text[b:eb])):
            b = eb   # (0.7.0: not over an addressee an entity ran into: "… لوكالة الأنباء")
    m = re.match(r"\s*\([^()\n]{1,40}\)", text[b:])
    return b + m.end() if m else b


def _entity_at(ents, a: int):  # type: ignore[no-untyped-def]
    """The longest entity starting at ``a`` (proclitics aside)."""
    best = None
    for ea, eb in ents:
        if a <= ea <= a + 2 and (best is None or eb > best[1]):
            best = (ea, eb)
    return best


def _source_after(ctx, from_k: int, to_k: int) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """The noun phrase in words ``idx[from_k:to_k]``, cut at the first stop: a
    preposition (but ``في``/``من`` + an entity continue it: ``مسؤول في حزب …``,
    ``السفارة الروسية في لندن``), a glued ل (the addressee), a comma (but a title
    keeps the name after its comma: ``المتحدث باسم الكرملين، ديمتري بيسكوف``), a
    timex, a conjunction ``و`` + word or a relative pronoun."""
    text, spans, idx, _, _, _, _, ents, tx, quotes, all_ents, _, _ = ctx
    first = last = None
    k = from_k

    def ent_after(x: int):  # type: ignore[no-untyped-def]
        ent = _entity_at(all_ents, spans[idx[x]][0])
        return ent if ent and ctx[-1].get(ent) in ("ORG", "GPE", "LOC", "FAC") else None

    while k < to_k:
        a, b = spans[idx[k]]
        w = text[a:b]
        fw = fold(w)
        if fw in _verb_set() or (fw[:1] in "وف" and fw[1:] in _verb_set()):
            break   # another cue starts: the source cannot run into it
        if first is not None and k == from_k + 1 and fw in _ORIGIN_VERBS and to_k < len(idx) and \
                _COMP.match(fold(text[spans[idx[to_k]][0]:spans[idx[to_k]][1]])) and \
                _indefinite_noun(ctx, from_k) and not re.search(r"[،,:]", text[last:spans[idx[to_k]][0]]):
            # round 9: "تفيد تقديرات وردت في بحث نشرته دورية … بأن": an indefinite document and
            # its relative clause without الذي (its origin) are one source, up to the marker
            last = spans[idx[to_k - 1]][1]
            break
        if first is not None and (fw in _NOUN_NEGATORS or fw in _WITHHOLDING_VERBS):
            break   # "مصدر طلب عدم ذكر اسمه": a relative clause without الذي (0.5.0)
        in_tx = any(ta <= a and b <= tb for ta, tb in tx)
        if first is not None:
            gap = text[spans[idx[k - 1]][1]:a]
            inside_ent = any(ea < a and last < eb for ea, eb in all_ents)
            if inside_ent and not (fw.startswith("ل") and fw in _SOURCE_STOPS):
                last = b
                k += 1
                continue
            prev_fw = fold(text[spans[idx[k - 1]][0]:spans[idx[k - 1]][1]])
            if fw == "عن" and prev_fw in _ISSUED and k + 1 < to_k and not ent_after(k + 1):
                nb = spans[idx[k + 1]]
                nw = fold(text[nb[0]:nb[1]])
                if nw.startswith("ال") and len(nw) > 4 and nw not in _stop() and \
                        not text[b:nb[0]].strip():
                    last = nb[1]   # 0.7.0: "بيان صادر عن الرئاسة": a bare definite issuer
                    k += 2
                    continue
            if (fw in ("في", "من") or (fw == "عن" and prev_fw in _ISSUED)) and k + 1 < to_k:
                ent = _entity_at(all_ents, spans[idx[k + 1]][0])
                if ent and ctx[-1].get(ent) in ("ORG", "GPE", "LOC", "FAC") and \
                        not text[b:ent[0]].strip(" #"):
                    last = _clip_addressee(text, ent[0], ent[1])
                    while k + 1 < to_k and spans[idx[k + 1]][1] <= ent[1]:
                        k += 1
                    k += 1
                    continue
            if fw == "من" and k + 2 < to_k and not text[b:spans[idx[k + 1]][0]].strip() and \
                    any(ctx[-1].get(e) == "PERS" and e[1] <= a for e in all_ents if e[0] >= first):
                # round 9: "العقيد X من قيادة القوات الخاصة": a named speaker's unit, a construct
                # head and an organisation (guidelines 4.8: a restrictive من-phrase stays)
                hw = fold(text[spans[idx[k + 1]][0]:spans[idx[k + 1]][1]])
                ent = _entity_at(all_ents, spans[idx[k + 2]][0])
                if ent and ent[0] == spans[idx[k + 2]][0] and ctx[-1].get(ent) == "ORG" and \
                        not hw.startswith(("ال", "ل", "ب")) and hw not in _stop() and \
                        hw not in _place_nouns() and \
                        hw not in _verb_set() and len(hw) > 2 and \
                        not text[spans[idx[k + 1]][1]:ent[0]].strip():
                    last = _clip_addressee(text, ent[0], ent[1])
                    while k + 1 < to_k and spans[idx[k + 1]][1] <= ent[1]:
                        k += 1
                    k += 1
                    continue
            pp_end = _restrictive_pp(ctx, first, k, to_k)
            if pp_end is not None:   # 0.7.0: مسؤول في الوزارة, مصادر مقربة من الحكومة
                last, k = pp_end
                continue
            if gap.strip(" #") in ("،", ",") and _title_then_name(ctx, first, last, a):
                last = _entity_at(all_ents, a)[1]
                while k + 1 < to_k and spans[idx[k + 1]][1] <= last:
                    k += 1
                k += 1
                continue
            person = any(ea == a and ctx[-1].get((ea, eb)) == "PERS" for ea, eb in all_ents)
            if gap.strip(" #") or fw in _SOURCE_STOPS or fw in _DEMONSTRATIVES or in_tx or \
                    _conjoined(fw) or \
                    _COMP.match(fw) or (fw.startswith("ل") and not fw.startswith("لل")
                                        and fw not in _heads() and not person) or \
                    (fw.startswith("لل") and fw.endswith(("ين", "ون"))) or \
                    _second_definite(text, spans[idx[k - 1]], fw):
                break
        elif in_tx or fw in _SOURCE_STOPS or _COMP.match(fw) or \
                (fw.startswith("ل") and len(fw) >= 2 and fw not in _heads() and
                 not any(ea == a and ctx[-1].get((ea, eb)) == "PERS" for ea, eb in all_ents)):
            # (a person's name that starts with ل, لافروف, is the speaker, not ل + addressee: 0.6.0)
            if in_tx:
                k += 1
                continue
            if (fw in _ADDRESSEE_PRONOUNS or fw in _ABOUT_PRONOUNS or fw in _FROM_PRONOUNS) \
                    and k + 1 < to_k:
                k += 1   # "قال لي الملك إن": the pronoun addressee, then the speaker; "ونقلت
                continue   # عنه الوكالة قوله" (round 9): the relayed speaker's pronoun
            break   # the addressee (قال للمحققين, قال له) is not the speaker
        if first is None:
            first = a
        last = b
        k += 1
    if first is None:
        return None
    return first, _stretch(text, first, last, all_ents)


def _clip_addressee(text: str, a: int, b: int) -> int:
    """The end of ``[a, b)`` before a glued addressee an entity ran into (``وزارة الدفاع
    لوكالة الأنباء`` → ``وزارة الدفاع``, 0.7.0)."""
    for m in re.finditer(r"[^\W_]+", text[a:b]):
        w = fold(m.group())
        if m.start() and w.startswith("ل") and w in _SOURCE_STOPS:
            return a + len(text[a:a + m.start()].rstrip())
    return b


@lru_cache(maxsize=None)
def _anonymous_heads() -> frozenset[str]:
    return frozenset(load_list("anonymous_source_heads.txt"))


_PP_STARTS = frozenset(fold(w) for w in ("في", "من", "لدى", "داخل"))


def _restrictive_pp(ctx, first: int, k: int, to_k: int):  # type: ignore[no-untyped-def]
    """A restrictive prepositional phrase after an unnamed speaker's noun (``مسؤول في
    الوزارة``, ``مصدر مطلع في وزارة الدفاع``, ``مصادر مقربة من الحكومة``, ``ضابط بالشرطة``):
    the source opens with a noun of ``anonymous_source_heads.txt`` followed only by
    indefinite adjectives, and the phrase is في/من/لدى + a definite noun or an organisation
    head, or ب glued to a definite noun; the phrase runs over that noun's definite words
    (genitives, adjectives) and the entity it starts. Returns ``(end, next word index)`` or
    None (guidelines 4.3/4.8: the source keeps a restrictive من-phrase; 0.7.0)."""
    text, spans, idx, all_ents = ctx[0], ctx[1], ctx[2], ctx[10]
    words_ = [fold(text[spans[idx[m]][0]:spans[idx[m]][1]]) for m in range(len(idx))]
    start = next((m for m in range(len(idx)) if spans[idx[m]][0] == first), None)
    if start is None or words_[start] not in _anonymous_heads() or k - start > 3:
        return None
    if any(w.startswith("ال") or w in _SOURCE_STOPS or w in _verb_set()
           for w in words_[start + 1:k]):
        return None   # "رئيس الوزراء في المؤتمر": a construct phrase, the PP is circumstantial
    fw = words_[k]
    if fw in _PP_STARTS and k + 1 < to_k:
        nxt, m = words_[k + 1], k + 1
        if not (nxt.startswith("ال") or nxt in _heads()) or \
                text[spans[idx[k]][1]:spans[idx[k + 1]][0]].strip():
            return None
    elif fw.startswith("بال") and len(fw) > 5 and not text[spans[idx[k - 1]][1]:spans[idx[k]][0]].strip():
        m = k
    else:
        return None
    end = spans[idx[m]][1]
    ent = _entity_at(all_ents, spans[idx[m]][0])
    if ent and ent[1] > end:
        end = ent[1]
        for x in range(m + 1, to_k):   # an entity run into the addressee (لوكالة …) stops there
            if spans[idx[x]][0] < end and words_[x] in _SOURCE_STOPS:
                end = spans[idx[x - 1]][1]
                break
        m = max(x for x in range(m, to_k) if spans[idx[x]][1] <= end)
    m += 1
    while m < to_k:
        a, b = spans[idx[m]]
        w = words_[m]
        if text[spans[idx[m - 1]][1]:a].strip() or not w.startswith("ال") or len(w) < 4 or \
                w in _stop() or w in _verb_set():
            if b <= end:
                m += 1
                continue
            break
        end = max(end, b)
        m += 1
    return end, m


#: "issued by" (بيان صادر عن وزارة الداخلية): عن + the issuer continues a document's source
#: (guidelines 4.6, documents as sources; round 4)
_ISSUED = frozenset(fold(w) for w in ("صادر", "صادرة", "الصادر", "الصادرة"))


def _second_definite(text: str, prev: tuple[int, int], fw: str) -> bool:
    """Whether ``fw`` opens a new noun phrase after the definite word ``prev``: a noun with
    the article cannot be the genitive of a noun with the article, so unless it is an
    adjective (a nisba, a participle in الم…, a listed descriptive adjective) agreeing in
    number, it is the verb's object (``نفى الجيش الاتهامات``, ``أبلغ الوزير الصحفيين``, 0.5.0)."""
    pw = fold(text[prev[0]:prev[1]])
    if pw[:1] in "وف" and pw[1:3] == "ال" and pw not in _WAW_NOUNS and pw not in _heads():
        pw = pw[1:]   # والجيش: the conjunction (والدة, والي are nouns)
    if not (pw.startswith("ال") and fw.startswith("ال")) or len(fw) < 5:
        return False
    plural = fw.endswith(("ين", "ون")) and not pw.endswith(("ين", "ون", "ان"))
    if plural:
        return True
    adjective = fw.endswith(("ي", "يه", "ية", "يان", "يتان", "يتين")) or fw.startswith("الم") or \
        fw in _adjectives() or (fw.endswith(("ه", "ة")) and fw[:-1] in _adjectives())
    return not adjective


@lru_cache(maxsize=None)
def _adjectives() -> set[str]:
    return set(load_list("descriptive_adjectives.txt")) | {fold(w) for w in (
        "العام", "العامة", "الأعلى", "الأول", "الأولى", "السابق", "السابقة", "الحالي", "الحر",
        "الأكبر", "الدائم", "الخاص", "الخاصة", "الأعلي", "الثاني", "الثالث", "الوطني",
        # round 4: elatives of former office (رئيس الوزراء الأسبق يوسف …)
        "الأسبق", "الأقدم")}


#: a demonstrative after the speaker opens the verb's object (``نفى المتحدث هذه الأنباء``); at the
#: start of a source it is the speaker's own (``قال هذا المسؤول``) and stays (0.5.0)
_DEMONSTRATIVES = frozenset(fold(w) for w in ("هذه", "هذا", "تلك", "ذلك", "هؤلاء", "هذين",
                                              "هاتين", "هذان", "هاتان"))

#: عن + a pronoun right after a relay verb (``ونقلت عنه وكالة …``): the original speaker, named
#: before (round 9)
_ABOUT_PRONOUNS = frozenset(fold(w) for w in ("عنه", "عنها", "عنهم", "عنهما", "عنهن"))

_ADDRESSEE_PRONOUNS = frozenset(fold(w) for w in ("له", "لها", "لهم", "لهما", "لهن", "لي", "لنا",
                                                  "لكم", "لك"))


def _title_then_name(ctx, first: int, last: int, nxt: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether the source so far is a title (OCC) and a person's name follows its comma."""
    types = ctx[-1]
    ent = _entity_at(ctx[10], nxt)
    title = any(t == "OCC" and a <= first + 2 and last <= b + 1 and b - a >= last - first - 2
                for (a, b), t in types.items() if a <= first + 2 and b >= last - 1)
    return bool(ent) and types.get(ent) == "PERS" and title


def _conjoined(word: str) -> bool:
    """A و+word that starts a new conjunct (not a noun like وزارة/وكالة)."""
    if not word.startswith("و") or len(word) < 4:
        return False
    return word not in _heads()


@lru_cache(maxsize=None)
def _heads() -> set[str]:
    return set(load_list("org_heads.txt")) | set(load_list("titles.txt")) | {
        w.split("\t")[0] for w in load_list("place_heads.tsv")}


def _svo_source(ctx, cue_s: int) -> tuple[tuple[int, int] | None, bool]:  # type: ignore[no-untyped-def]
    """The subject before the cue in its clause (SVO): ``الرئيس الفرنسي قال``,
    ``وكانت السلطات كشفت``, ``وكان X قد ندد``, ``أن عائلة المهاجم تؤكد``. Returns the
    span and whether it came with ``كان … قد`` (then the words after the cue are
    its object or addressee, not its source)."""
    text, spans, idx, k, last, s_start, s_end, ents, tx, quotes, all_ents, _, _ = ctx
    left = []
    for m in range(k - 1, -1, -1):
        a, b = spans[idx[m]]
        fw = fold(text[a:b])
        gap = text[b:spans[idx[m + 1]][0] if m + 1 < len(idx) else cue_s]
        if any(c in gap for c in "،,:;؛\"«»“”/–—") or re.search(r"(?<!\w)-|-(?!\w)", gap):
            break   # 0.6.0: a dateline's slash or dash ("دمشق 19 نوفمبر / أعلنت") ends the clause
        if _COMP.match(fw) or fw in ("يذكر", "ويذكر"):
            break
        left.append(m)
        if len(left) > 8:
            return None, False
    left.reverse()
    words_ = [fold(text[spans[idx[m]][0]:spans[idx[m]][1]]) for m in left]
    while words_ and words_[0] in ("لكن", "ولكن", "بل", "ثم", "كما"):
        words_.pop(0)
        left.pop(0)
    if words_ and words_[-1] in ("التي", "الذي", "الذين") and len(left) > 1:
        b = spans[idx[left[-2]]][1]   # "وكانت حركة حماس التي قالت": the antecedent
        ent = max((e for e in ents if e[1] == b), key=lambda e: e[1] - e[0], default=None)
        return (ent, False) if ent else (None, False)
    kana = False
    while words_ and words_[-1] in ("قد", "لقد", "لطالما"):   # لطالما "has long" (0.6.0)
        words_.pop()
        left.pop()
        kana = True
    while left and any(ta <= spans[idx[left[-1]]][0] < tb for ta, tb in tx):
        words_.pop()
        left.pop()
    if words_ and words_[0] in ("كان", "كانت", "وكان", "وكانت", "فكان", "فكانت", "كانوا", "وكانوا"):
        words_.pop(0)
        left.pop(0)
        kana = True
    if not left:
        return None, False
    a0, b0 = spans[idx[left[0]]][0], spans[idx[left[-1]]][1]
    one_entity = any(ea <= a0 + 2 and b0 <= eb for ea, eb in ents)
    if not one_entity and any(w in _verb_set() or w in _stop() for w in words_):
        return None, False   # (an entity such as "المتحدث باسم الشرطة" may hold one, 0.5.0)
    a = spans[idx[left[0]]][0]
    fw0 = words_[0]
    if fw0[:1] in "وف" and len(fw0) > 3 and fw0[1:] not in _heads() and \
            not any(ea == a for ea, _ in all_ents):
        a += 1
    b = spans[idx[left[-1]]][1]
    conj = text[cue_s - 1:cue_s] in "وف" and cue_s > 0 and \
        fold(text[spans[idx[k]][0]:spans[idx[k]][1]])[:1] in "وف"
    if not kana and not any(ea <= a + 1 and b <= eb + 1 for ea, eb in ents) and \
            not _covered_by_entities(text, a, b, ents) and \
            not (len(left) <= 3 and k - len(left) - 1 >= 0 and not conj and
                 _COMP.match(fold(text[spans[idx[k - len(left) - 1]][0]:spans[idx[k - len(left) - 1]][1]]))):
        return None, False   # a plain SVO subject must be an entity, or follow a complementizer
        # (round 9: not before a verb with و, a new clause: "إن موكله بريء وطالب بـ…")
    return (a, _stretch(text, a, b, all_ents)), kana


def _covered_by_entities(text: str, a: int, b: int, ents) -> bool:  # type: ignore[no-untyped-def]
    """Whether every word of ``[a, b)`` lies in one of the entities (a title and the
    adjacent name: ``وزير الخارجية الروسي سيرغي لافروف قال …``)."""
    words_ = [(m.start() + a, m.end() + a) for m in re.finditer(r"[^\W_]+", text[a:b])]
    return len(words_) > 1 and all(any(ea <= x and y <= eb for ea, eb in ents) for x, y in words_)


def _content_end(ctx, c_s: int, limit: int) -> int:  # type: ignore[no-untyped-def]
    """Where a content starting at ``c_s`` ends: the clause's end, before a
    writer's circumstantial (``، حيث``, ``، في إشارة``, ``في حين``), a relay
    (``بحسب``), a participle cue (``، منوها``) or a new report verb after a comma
    or ``و``; a cut inside a quotation does not count."""
    text, spans, idx, k, last, s_start, s_end, ents, tx, quotes, all_ents, _, _ = ctx
    end = limit
    q = _inside(quotes, c_s)
    if q:   # a report inside a quotation ends with the quotation's sentence
        end = min(end, q[1] - 1)
        stop = re.search(r"(?<!\.)[.!?؟](?!\.)(?:\s|$)", text[c_s:end])
        if stop:
            end = c_s + stop.start()
    for m in _CUTS.finditer(text, c_s, end):
        if not _inside(quotes, m.start()) or q:
            end = min(end, m.start())
            break
    for m in range(len(idx)):
        a, b = spans[idx[m]]
        if a <= c_s + 1 or a >= end:
            continue
        gap = text[spans[idx[m - 1]][1]:a] if m else ""
        fw = fold(text[a:b])
        bare = fw[1:] if fw[:1] in "وف" and len(fw) > 3 else fw
        if _inside(quotes, a) and not q:
            continue
        if fw in _BUT_PRONOUN and m + 1 < len(idx):
            nx = m + 1
            if fold(text[spans[idx[nx]][0]:spans[idx[nx]][1]]) in ("قد", "لقد") and nx + 1 < len(idx):
                nx += 1
            nw = fold(text[spans[idx[nx]][0]:spans[idx[nx]][1]])
            if nw in _verb_set() and nw not in _PARTICIPLES:   # "… ولكنه أوضح قائلا" (round 9)
                end = min(end, _close(text, a - len(gap)))
                break
        if fw in ("كما", "وكما") and ("،" in gap or "," in gap) and m + 1 < len(idx):
            nw = fold(text[spans[idx[m + 1]][0]:spans[idx[m + 1]][1]])
            if nw in _verb_set() and nw not in _PARTICIPLES:   # "، كما قال شهود" (round 4)
                end = min(end, _close(text, a - len(gap)))
                break
        if bare in _PARTICIPLES and ("،" in gap or "," in gap or _marker_ahead(text, spans, idx, m)):
            end = min(end, _close(text, a - len(gap)))
            break   # (0.7.0: without a comma too when its own complementizer follows: "… مؤكدة أن")
        if (bare in _verb_set() and bare not in _PARTICIPLES and fw != bare and
                ("،" in gap or "," in gap or fw[:1] == "و")) or \
                (bare in _verb_set() and re.search(r"بعد\s+[اأ]ن\s*$", text[max(0, a - 12):a])):
            # "، وأضاف", "واتهمت", "بعد أن دعت": a new report starts
            cut = _close(text, a - len(gap))
            before = re.search(r"\s*بعد\s+[اأ]ن\s*$", text[c_s:cut + len(gap)])
            if before:
                cut = c_s + before.start()
            end = min(end, cut)
            break
    end = _final_relative(text, quotes, c_s, end)
    while end > c_s and (text[end - 1].isspace() or text[end - 1] in ".،,؛;:"):
        end -= 1
    return end


_FINAL_RELATIVE = re.compile(r"[،,]\s*(?:الذي|التي|الذين|اللذين|اللتين|اللواتي|اللاتي)\s")


def _final_relative(text: str, quotes, c_s: int, end: int) -> int:  # type: ignore[no-untyped-def]
    """A content's end before a non-restrictive relative clause after a comma that runs to the
    end of the content (``… أعضاء في الجبهة، التي تدعمها …``): the writer's background, out of
    the content (guidelines 4.6/4.8: what follows a comma stays out); a relative clause that
    another comma closes before the clause goes on (``الهجوم على X، الذي …، تحمل …``) stays
    (0.7.0)."""
    for m in _FINAL_RELATIVE.finditer(text, c_s, end):
        if _inside(quotes, m.start()):
            continue
        if not re.search(r"[،,]", text[m.end():end]):
            return m.start()
    return end


def _marker_ahead(text: str, spans, idx, m: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether the participle cue at word ``m`` opens its own report: a complementizer right
    after it or after its preposition (``مؤكدة أن``, ``مشيرا إلى أن``, ``مشددا على أنه``) or a
    colon (0.7.0)."""
    nxt = [fold(text[spans[idx[x]][0]:spans[idx[x]][1]]) for x in range(m + 1, min(m + 3, len(idx)))]
    if text[spans[idx[m]][1]:spans[idx[m]][1] + 2].strip().startswith(":"):
        return True
    if nxt and _COMP.match(nxt[0]):
        return True
    return len(nxt) > 1 and nxt[0] in ("الي", "على", "علي", "من", "عن") and bool(_COMP.match(nxt[1]))


def _close(text: str, pos: int) -> int:
    """``pos`` moved over closing quotation marks right after it."""
    while pos < len(text) and text[pos] in "\"»”":
        pos += 1
    return pos


def _number(verb: str) -> str:
    """Agreement class of a folded verb form: plural (``قالوا``), feminine (``قالت``), else masculine."""
    if verb.endswith(("وا", "ون")) and len(verb) > 3:
        return "pl"
    return "f" if verb.endswith("ت") or verb[:1] == "ت" else "m"


def _verbal(ctx, cue_s: int, cue_e: int, phrase) -> Attribution | None:  # type: ignore[no-untyped-def]
    text, spans, idx, k, last, s_start, s_end, ents, tx, quotes, all_ents, earlier, norm = ctx
    j = idx.index(last)
    verb = fold(phrase[-1])
    preps = _CONTENT_PREPS.get(verb)
    marker = None
    skip_until = -1
    relay_until = -1
    svo, kana = _svo_source(ctx, cue_s)
    if verb in _REJECT_VERBS or verb in _DENIAL_VERBS:
        marker = _speech_noun_object(ctx, j)
        if marker is None and verb in _REJECT_VERBS:
            return None   # "رفض الاقتراح", "رفض أن يتحدث": a refusal, no reported proposition
        if marker is not None and verb in _DENIAL_VERBS and any(
                _COMP.match(fold(text[spans[idx[x]][0]:spans[idx[x]][1]]))
                for x in range(j + 1, marker[2])):
            marker = None   # "نفى أن تكون التقارير صحيحة": the complementizer rule
    if marker is None and svo and not kana and verb in _DEMAND_VERBS and j + 1 < len(idx) and \
            _indefinite_noun(ctx, j + 1) and not text[cue_e:spans[idx[j + 1]][0]].strip():
        # 0.6.0: "أن النقابة طالبت زيادة الأجور": with the subject before the verb, an
        # indefinite noun right after a demand verb is its direct object, the content
        marker = ("object", spans[idx[j + 1]][0], j + 1)
    for m in range(j + 1, min(j + WINDOW, len(idx))) if marker is None else ():
        a, b = spans[idx[m]]
        gap_s = max(spans[idx[m - 1]][1], skip_until)
        between = text[gap_s:a] if gap_s < a else ""
        fw = fold(text[a:b])
        if ":" in between or any(q in between for q in OPEN_Q):
            if ":" in between:
                marker = ("colon", a - len(between) + between.find(":"), m)
                break
            q = next(a - len(between) + between.index(c) for c in OPEN_Q if c in between)
            q_end = _quote_end(text, q)
            after = text[q_end:q_end + 3] if q_end else ""
            name_quote = q_end and (":" in after or _COMP_AHEAD.match(text[q_end:q_end + 40])
                                    or any(ea <= q < eb for ea, eb in all_ents)
                                    or re.search(r"(?:^|\s)[وف]?لـ?$", text[max(0, q - 4):q]))
            # (0.6.0: a quotation glued to لـ is the addressee outlet: في تصريحات لـ"…"، …)
            if name_quote and q_end < s_end:
                skip_until = q_end
                continue   # a quoted name (منظمة "…"، محطة "…"): not the content
            marker = ("quote", q, m)
            break
        bare_w = fw[1:] if fw[:1] in "وف" and len(fw) > 3 else fw
        if m > j + 1 and (fw in _PARTICIPLES or bare_w in _PARTICIPLES) and \
                re.search(r"[،,]", between):
            break   # "نفى الجيش الاتهامات، مؤكدا أن …": the marker is the participle's (0.5.0)
        if bare_w in _prep_cues() or bare_w in ("حسبما", "وفقا", "طبقا", "نقلا"):
            relay_until = m + 3   # 0.7.0: "قال X، بحسب Y، إن C": a relay is no new report verb
        if m > j + 1 and (fw in _verb_set() or bare_w in _verb_set()) and m > relay_until and \
                bare_w not in _prep_cues() and bare_w not in ("حسبما", "وفقا", "طبقا", "نقلا") and \
                fw not in _PARTICIPLES and bare_w not in _PARTICIPLES and \
                fold(text[spans[idx[m - 1]][0]:spans[idx[m - 1]][1]]) not in _NOUN_NEGATORS and \
                fw not in ("قوله", "قولها", "قولهم"):
            break   # another report verb comes first: the marker after it is its own
        if _COMP.match(fw) and text[a:a + 1] != "آ":   # آن (Anne) is a name (0.5.0)
            prev_w = fold(text[spans[idx[m - 1]][0]:spans[idx[m - 1]][1]]) if m > j + 1 else ""
            if prev_w in _NOT_A_COMPLEMENTIZER and not (preps and prev_w in preps.split()):
                continue   # "بعد أن", "يمكن أن": the particle أنْ, not a reported clause
            marker = ("comp", b, m)
            break
        if preps is not None and preps and m > j:
            for p in preps.split():
                if fw == p and m + 1 < len(idx) and fold(
                        text[spans[idx[m + 1]][0]:spans[idx[m + 1]][1]]) in _CIRCUMSTANTIAL:
                    continue
                if fw == p and m + 1 < len(idx):
                    nb = spans[idx[m + 1]]
                    if _COMP.match(fold(text[nb[0]:nb[1]])):   # أشار إلى أن …
                        marker = ("comp", nb[1], m + 1)
                    else:
                        marker = ("prep", b, m + 1)
                    break
                if len(p) == 1 and fw.startswith(p) and len(fw) > 3 and fw not in _heads() \
                        and not _entity_at(all_ents, a) and fw not in _VOTE_WORDS:
                    skip = 1 if not fw.startswith(p + "ال") or p != "ل" else 1
                    marker = ("prep", a + skip, m)
                    break
            if marker:
                break
    if marker is None and (preps == "" or verb in _ANNOUNCE_VERBS) and j + 1 < len(idx):
        marker = _object_marker(ctx, j, announce=preps != "")
    if marker is None:
        return _quote_first(ctx, cue_s, cue_e, verb)
    kind_m, pos, m = marker
    # content
    if kind_m in ("comp", "prep", "object"):
        if kind_m == "comp" and m + 1 >= len(idx):
            return None
        c_s = pos
        while c_s < s_end and text[c_s].isspace():
            c_s += 1
        q_end = _quote_end(text, c_s) if c_s < len(text) and text[c_s] in OPEN_Q else None
        if q_end and not re.match(r"\s*و\s?[اأإ]ن", text[q_end:q_end + 6]) and \
                re.match(r"[\s.،,؛;!?؟]*$|\s*[،,]", text[q_end:s_end]):
            c_e = q_end   # أن "…": the quotation is the content (more words after it: mixed, 0.5.0)
        else:
            c_e = _content_end(ctx, c_s, s_end)
    else:
        off = pos if kind_m == "quote" else pos + 1
        rest = text[off:s_end]
        c_s = off + len(rest) - len(rest.lstrip())
        q_end = _quote_end(text, c_s) if c_s < len(text) and text[c_s] in OPEN_Q else None
        c_e = q_end if q_end else _content_end(ctx, c_s, s_end)
    if kind_m == "object":   # round 9: a purpose phrase after a proposal or call is out (4.7)
        purpose = re.search(r"[،,]?\s+(?:في محاولة|في مسعى|سعيا|بهدف)(?![^\W_])", text[c_s:c_e])
        if purpose and not _inside(quotes, c_s + purpose.start() + 1):
            c_e = _trim(text, c_s, c_s + purpose.start())[1]
    if c_e <= c_s:
        return None
    contents = [(c_s, c_e)]
    if kind_m == "quote" and c_s == pos:   # "…"، قالت السفيرة، "…": one content in two spans
        first_q = next(((a, b) for a, b in quotes if b <= cue_s and
                        re.fullmatch(r"\s*[،,]\s*", text[b:cue_s])), None)
        if first_q and text[s_start:first_q[0]].strip() in ("", "و", "ف"):
            contents = [first_q, (c_s, c_e)]
    # source
    plural = _number(verb) == "pl" and verb not in _PARTICIPLES
    src = None if kana or plural or svo else _source_after(
        ctx, j + 1, m if kind_m != "object" or m > j + 1 else j + 1)
    # 0.6.0: a subject before the verb (SVO) fills its subject slot, so the words after the
    # verb are its object or addressee (أن الشرطة دعت الجميع إلى …: الشرطة, not الجميع)
    if src and preps and types_at(ctx, src) == "NORP":
        src = None   # دعا الشعب اليمني إلى …: the people called on, not the caller
    if src and (verb in _CALL_VERBS or verb in _OBJECT_VERBS):
        ent = _entity_at([e for e in ents if e[1] < src[1]], src[0])
        if ent and ent[0] <= src[0] + 2 and text[ent[1]:src[1]].strip():
            src = (src[0], ent[1])   # دعا الأمين العام جميع الأطراف إلى …: the object is out
    if src and verb in _CALL_PARTICIPLES:
        src = None   # "، داعيا جميع الأطراف إلى …": the participle's object; the caller is the
        # clause's speaker (guidelines 4.6, participle cues; round 4)
    if src and verb in _ACCUSE_VERBS and kind_m == "comp" and src[0] >= cue_e:
        cut = _split_accused(ctx, src)
        if cut:   # 0.7.0: "اتهم وزير الداخلية جماعة مسلحة بأنها …": speaker, then the accused,
            # whose span opens the content, بأنها kept (guidelines 4.8, accusations)
            src = (src[0], cut[0])
            contents = [(cut[1], c_e)]
            c_s = cut[1]
    if src is None and svo:
        src = svo
    coordinated = False
    if kind_m in ("comp", "prep") and len(contents) == 1 and text[c_s:c_s + 1] not in OPEN_Q:
        comp_w = fold(text[spans[idx[m]][0]:spans[idx[m]][1]]) if kind_m == "comp" else ""
        parts = _coordinated(text, quotes, c_s, c_e, comp_w)
        if len(parts) > 1:   # 0.7.0: "أن C1، وأن C2": one span per complement (4.8)
            contents, coordinated = parts, True
    if verb in _DESCRIBE_VERBS and kind_m == "quote" and \
            re.search(r"(?:^|\s)بـ?\s*$", text[max(0, pos - 4):pos]):
        # 0.6.0: "وصفوا دور النساء بـ"…"": describing with attributed words; the content is
        # the object and the ب-phrase (guidelines 4.8, designations and descriptions)
        o_s = src[1] if src and src[0] >= cue_e else cue_e
        while o_s < pos and (text[o_s].isspace() or text[o_s] in "،,"):
            o_s += 1
        if o_s < pos:
            contents = [(o_s, c_e)]
            c_s = o_s
    outside = [r for r in earlier if not _inside(quotes, r.cue[0][0])]
    if src is None and outside and verb in _PARTICIPLES:
        prev = outside[-1]   # مشيرا …: the speaker of the clause before (finite pro-drop
        # verbs such as وأضاف keep an empty source, guidelines 4.3)
        if prev.source:
            src = prev.source[0]
    if src is None and not outside and verb in _PARTICIPLES:
        src = _clause_subject(ctx)   # "نفى الجيش الاتهامات، مؤكدا": the clause verb's subject
    but = k > 0 and fold(text[spans[idx[k - 1]][0]:spans[idx[k - 1]][1]]) in _BUT_PRONOUN or (
        k > 1 and fold(text[spans[idx[k - 1]][0]:spans[idx[k - 1]][1]]) in ("قد", "لقد") and
        fold(text[spans[idx[k - 2]][0]:spans[idx[k - 2]][1]]) in _BUT_PRONOUN)
    if src is None and but and outside and outside[-1].source and not _inside(quotes, cue_s):
        src = outside[-1].source[0]   # round 9: "أقر ترامب بـ… ولكنه أوضح": the pronoun after
        # لكن refers to the speaker of the report before (guidelines 4.8, shared-subject sources)
    if src is None and verb not in _PARTICIPLES and outside and k > 0 and \
            text[cue_s - 1:cue_s] in "وف" and not _inside(quotes, cue_s):
        prev = outside[-1]   # 0.6.0: "الحزب لطالما رفض … ويعتبر أنه …": a verb conjoined to an
        # earlier report whose subject comes before it (a topic, SVO) shares that subject when
        # it agrees with it; after a VSO report (وقال X إن …، وأضاف) it stays pro-drop (4.6)
        pv = fold(text[prev.cue[0][0]:prev.cue[0][1]].split()[-1])
        if prev.source and prev.source[0][1] <= prev.cue[0][0] and \
                prev.content[-1][1] <= cue_s and pv not in _PARTICIPLES and \
                _number(pv) == _number(verb):
            src = prev.source[0]
    if src is None and plural and not outside and k > 0 and text[cue_s - 1:cue_s] == "و" and \
            not _inside(quotes, cue_s):
        src = _plural_subject(ctx)
    if coordinated:
        kinds = {_kind(text, a, b) for a, b in contents}
        kind = "direct" if kinds == {"direct"} else "indirect" if kinds == {"indirect"} else "mixed"
    else:
        kind = "direct" if len(contents) == 2 else _kind(text, c_s, c_e)
    return Attribution([src] if src else [], [(cue_s, cue_e)], contents, kind)


def _plural_subject(ctx) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """The shared subject of a plural cue conjoined to an earlier clause of its sentence that is
    no report (``أطلق المسلحون الرهائن، ووعدوا بـ…``): a definite word in the nominative sound
    plural (``-ون``, so not an object in ``-ين``) right after the clause's first word, a verb at
    the sentence start or after a comma (guidelines 4.8, shared-subject sources; round 9)."""
    text, spans, idx, k = ctx[0], ctx[1], ctx[2], ctx[3]
    for m in range(k - 1, 0, -1):
        a, b = spans[idx[m]]
        w = fold(text[a:b])
        if not (w.startswith("ال") and w.endswith("ون") and len(w) > 5) or w in _stop():
            continue
        pa, pb = spans[idx[m - 1]]
        pw = fold(text[pa:pb]).lstrip("وف")
        if pw.startswith("ال") or pw in _stop() or len(pw) < 3 or text[pb:a].strip() or \
                _entity_at(ctx[10], pa):
            continue
        start = m - 1 == 0 or bool(re.search(r"[،,]\s*$", text[spans[idx[m - 2]][1]:pa]))
        if start:
            return a, b
    return None


_COORD_COMP = re.compile(r"\s*[،,]?\s+و(?:ب)?[إأا]ن(?:ه|ها|هم|هما|هن|نا)?\s+")
_CONCESSIVE = frozenset(fold(w) for w in ("كان", "كانت", "كانوا", "كانا", "لم", "بدا", "بدت"))


def _coordinated(text: str, quotes, c_s: int, c_e: int, comp: str = "") -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """A content of coordinated complements split into one span per complement, without the
    comma, the conjunction and the complementizer (``أن C1، وأن C2``, ``إن C1، وإن C2``;
    guidelines 4.8). ``وإن كان`` ("even if") is concessive, no second complement; only the
    marker's own form coordinates with it (after ``أن``, ``وبأنها`` belongs to a noun inside the
    content: ``المتهمة بأنها …، وبأنها …``) (0.7.0)."""
    out, start = [], c_s
    with_b = comp.lstrip("وف").startswith("ب")
    for m in _COORD_COMP.finditer(text, c_s, c_e):
        if _inside(quotes, m.start() + 1):
            continue
        if ("ب" in fold(m.group()).strip(" ،,")[:2]) != with_b:
            continue
        nxt = re.match(r"[^\W_]+", text[m.end():c_e])
        if not nxt or fold(nxt.group()) in _CONCESSIVE:
            continue
        out.append((start, m.start()))
        start = m.end()
    out.append((start, c_e))
    out = [_trim(text, a, b) for a, b in out]
    return [(a, b) for a, b in out if b > a]


#: accusation verbs: their object is the accused (اتهم X بـ…, اتهم X بأنه …)
_ACCUSE_VERBS = frozenset(fold(w) for w in ("اتهم", "اتهمت", "اتهموا", "يتهم", "تتهم", "يتهمون",
                                           "متهما", "متهمة"))


def _split_accused(ctx, src):  # type: ignore[no-untyped-def]
    """Where a VSO accusation's speaker ends and the accused begins inside the words between
    the verb and its charge: after the speaker's entity, or at a second definite noun that is no
    adjective of the first (``اتهمت المعارضة الحكومة``). Returns (speaker end, accused start)
    or None (0.7.0)."""
    text, spans, idx, ents = ctx[0], ctx[1], ctx[2], ctx[7]
    inner = [m for m in range(len(idx)) if spans[idx[m]][0] >= src[0] and spans[idx[m]][1] <= src[1]]
    if len(inner) < 2:
        return None
    ent = _entity_at([e for e in ents if e[1] < src[1]], src[0])
    if ent and ent[0] <= src[0] + 2:
        end = ent[1]
        nxt = next((m for m in inner if spans[idx[m]][0] >= end), None)
        while nxt is not None and nxt + 1 <= inner[-1] and \
                fold(text[spans[idx[nxt]][0]:spans[idx[nxt]][1]]).startswith("ال") and \
                not _second_definite(text, spans[idx[nxt - 1]],
                                     fold(text[spans[idx[nxt]][0]:spans[idx[nxt]][1]])):
            end = spans[idx[nxt]][1]   # the entity's adjective (حزب العمال المعارض)
            nxt += 1
        if nxt is not None and not text[end:spans[idx[nxt]][0]].strip():
            return end, spans[idx[nxt]][0]
        return None
    for x, m in enumerate(inner[1:], 1):
        prev = spans[idx[inner[x - 1]]]
        if any(ea <= prev[0] and spans[idx[m]][1] <= eb for ea, eb in ctx[10]):
            continue
        if _second_definite(text, prev, fold(text[spans[idx[m]][0]:spans[idx[m]][1]])):
            return prev[1], spans[idx[m]][0]
    return None


def _quote_first(ctx, cue_s: int, cue_e: int, verb: str) -> Attribution | None:  # type: ignore[no-untyped-def]
    """``"…"، قال الوزير``: a quotation that opens the sentence and a verb right after its
    comma with nothing after it but the speaker: the quotation is the content, the noun
    phrase after the verb the source (empty when pro-drop: ``"…"، قالت.``) (round 4)."""
    text, spans, idx, k, last, s_start, s_end, ents, tx, quotes = ctx[:10]
    q = next(((a, b) for a, b in quotes if b <= cue_s and
              re.fullmatch(r"\s*[،,]?\s*", text[b:cue_s])), None)
    if q is None or text[s_start:q[0]].strip(" \t\"'«“") not in ("", "و", "ف"):
        return None
    if q[0] > s_start and text[s_start:q[0]].strip() not in ("", "و", "ف"):
        return None
    j = idx.index(last)
    src = None if _number(verb) == "pl" else _source_after(ctx, j + 1, len(idx))
    return Attribution([src] if src else [], [(cue_s, cue_e)], [q], _kind(text, q[0], q[1]))


def _as_said(ctx, cue_s: int, cue_e: int) -> Attribution | None:  # type: ignore[no-untyped-def]
    """``…، كما قال شهود عيان``: cue ``كما قال``, source the noun phrase after it, content the
    proposition it qualifies: the content of the report it follows in the sentence, else the
    clause before it (guidelines 4.7, ``كما يقول X``; round 4)."""
    text, spans, idx, k, last, s_start, s_end = ctx[:7]
    earlier = ctx[11]
    j = idx.index(last)
    ahead = range(j + 1, min(j + 9, len(idx)))
    if any(_COMP.match(fold(text[spans[idx[m]][0]:spans[idx[m]][1]])) for m in ahead) or \
            ":" in text[cue_e:s_end]:
        return None   # "كما قال المدير إن …": كما is "also", the verb has its own content
    src = _source_after(ctx, j + 1, len(idx))
    c_s = s_start
    for rel in earlier:
        if rel.content and rel.content[0][0] < cue_s and not rel.content[-1][1] > cue_s:
            c_s = rel.content[0][0]
    c_s, c_e = _trim(text, c_s, cue_s)
    c_s = _drop_conjunction(text, c_s, c_e)
    if c_e <= c_s:
        return None
    return Attribution([src] if src else [], [(cue_s, cue_e)], [(c_s, c_e)], _kind(text, c_s, c_e))


def _clause_subject(ctx) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """The subject after the nearest finite reporting verb before a participle cue in its
    sentence, when that verb gave no relation (its object was a noun phrase, 0.5.0)."""
    text, spans, idx, k = ctx[0], ctx[1], ctx[2], ctx[3]
    for p in range(k - 1, -1, -1):
        fw = fold(text[spans[idx[p]][0]:spans[idx[p]][1]])
        bare = fw[1:] if fw[:1] in "وف" and len(fw) > 3 else fw
        if (bare in _verb_set() or fw in _verb_set() or bare in _REJECT_VERBS) and \
                bare not in _PARTICIPLES:   # (0.7.0: رفض X الاتهامات، قائلا …)
            return _source_after(ctx, p + 1, k)
    return None


def _object_marker(ctx, j: int, announce: bool):  # type: ignore[no-untyped-def]
    """The object of an accusation (``اتهم``) or an announcement (``أعلن``) with no
    complementizer: after the speaker's entity when another phrase follows it (``اتهم وزير
    الدفاع المعارضة بـ…``), else right after the verb (``اتهمت إسرائيل باغتياله``: the
    speaker is elsewhere). An announcement's object is an indefinite verbal noun after the
    speaker (``أعلنت الوزارة مقتل …``), never right after the verb (0.5.0)."""
    text, spans, idx, ents, tx, all_ents = ctx[0], ctx[1], ctx[2], ctx[7], ctx[8], ctx[10]
    a = spans[idx[j + 1]][0]
    # round 9: a proposed ban is a proposition (اقترحت اللجنة حظر …), a declared one is not
    proposal = fold(text[spans[idx[j]][0]:spans[idx[j]][1]]).lstrip("وف").startswith(("اقترح", "يقترح", "تقترح"))
    ent = _entity_at([e for e in ents if ctx[-1].get(e) in ("ORG", "PERS", "GPE", "OCC")], a)
    if ent:
        # round 9: the speaker's parenthesised abbreviation (مكتب التحقيقات (أف بي آي)) and, for
        # an announcement or proposal, a time after it (اقترحت اللجنة اليوم الاثنين حظر …)
        ent_e = _stretch(text, ent[0], ent[1], all_ents)
        nxt_e = _entity_at([e for e in ents if ctx[-1].get(e) == "PERS"], ent_e + 1)
        if nxt_e and ctx[-1].get(ent) == "OCC" and not text[ent_e:nxt_e[0]].strip():
            ent_e = nxt_e[1]   # round 9: a title and the name after it (الرئيس الكيني وليام روتو)
        m = next((x for x in range(j + 1, len(idx)) if spans[idx[x]][0] >= ent_e), None)
        if m is not None and announce and not text[ent_e:spans[idx[m]][0]].strip():
            while m + 1 < len(idx) and any(ta <= spans[idx[m]][0] < tb for ta, tb in tx) and \
                    not text[spans[idx[m]][1]:spans[idx[m + 1]][0]].strip():
                ent_e = spans[idx[m]][1]
                m += 1
        if m is not None and not text[ent_e:spans[idx[m]][0]].strip():
            fw = fold(text[spans[idx[m]][0]:spans[idx[m]][1]])
            if not announce and not fw.startswith("ب"):
                return ("object", spans[idx[m]][0], m)
            if announce and not fw.startswith(("ال", "و", "ف", "ب", "ل")) and len(fw) > 2 and \
                    (fw not in _DECLARED_STATES or proposal) and \
                    fw not in _stop() and fw not in _SOURCE_STOPS and fw not in _verb_set() and \
                    not any(ta <= spans[idx[m]][0] < tb for ta, tb in tx) and \
                    not _entity_at(all_ents, spans[idx[m]][0]):
                return ("object", spans[idx[m]][0], m)
    if not announce and fold(text[spans[idx[j + 1]][0]:spans[idx[j + 1]][1]]) in _FROM_PRONOUNS and \
            j + 3 < len(idx) and fold(text[spans[idx[j]][0]:spans[idx[j]][1]]).lstrip("وف") in _DEMAND_VERBS:
        # round 9: "طلب منهم الوزير مغادرة …": the addressee pronoun, the speaker (an entity or a
        # definite word), then the request (an indefinite verbal noun)
        if _indefinite_noun(ctx, j + 2):   # "طلبت منهم محاسبة …": pro-drop, the request
            return ("object", spans[idx[j + 2]][0], j + 2)
        sp = spans[idx[j + 2]]
        ent2 = _entity_at(all_ents, sp[0])
        sp_e = ent2[1] if ent2 else sp[1] if fold(text[sp[0]:sp[1]]).startswith("ال") else None
        m = next((x for x in range(j + 2, len(idx)) if spans[idx[x]][0] >= sp_e), None) \
            if sp_e else None
        if m is not None and _indefinite_noun(ctx, m) and not text[sp_e:spans[idx[m]][0]].strip():
            return ("object", spans[idx[m]][0], m)
        return None
    if not announce and not ent and _bare_definite(ctx, j + 1) and j + 4 < len(idx) and \
            fold(text[spans[idx[j + 2]][0]:spans[idx[j + 2]][1]]) == "من" and \
            fold(text[spans[idx[j]][0]:spans[idx[j]][1]]).lstrip("وف") in _DEMAND_VERBS:
        # 0.7.0: "طلبت الوزارة من المواطنين عدم الخروج": the speaker, the addressee (من + noun,
        # out like any addressee), then the request
        m = j + 3
        ent3 = _entity_at(all_ents, spans[idx[m]][0])
        while m + 1 < len(idx) and (ent3 and spans[idx[m + 1]][1] <= ent3[1]):
            m += 1
        if m + 1 < len(idx) and _indefinite_noun(ctx, m + 1) and \
                not text[spans[idx[m]][1]:spans[idx[m + 1]][0]].strip():
            return ("object", spans[idx[m + 1]][0], m + 1)
    if not announce and not ent and _bare_definite(ctx, j + 1):
        # 0.7.0: "اتهمت المعارضة الحكومة بتزوير …": a bare definite speaker, then the accused (a
        # second definite noun that is no adjective of it, or an entity), then the ب-charge
        for m in range(j + 2, min(j + 6, len(idx))):
            a2, b2 = spans[idx[m]]
            if text[spans[idx[m - 1]][1]:a2].strip():
                break
            fw = fold(text[a2:b2])
            if fw.startswith("ب"):
                break
            if _second_definite(text, spans[idx[m - 1]], fw) or (
                    _entity_at(ents, a2) and not any(ea < a2 < eb for ea, eb in all_ents)):
                if any(fold(text[spans[idx[x]][0]:spans[idx[x]][1]]).startswith("ب")
                       for x in range(m + 1, min(m + 5, len(idx)))):
                    return ("object", a2, m)
                break
    if announce and not ent and j + 2 < len(idx) and _bare_definite(ctx, j + 1) and \
            _indefinite_noun(ctx, j + 2) and not text[spans[idx[j + 1]][1]:spans[idx[j + 2]][0]].strip():
        return ("object", spans[idx[j + 2]][0], j + 2)   # أعلنت الوزارة مقتل … (round 4)
    return None if announce else ("object", a, j + 1)


#: nouns of a declared state or ban (أعلنت البلدية حالة الطوارئ, حظر التجول): a declaration with a
#: noun-phrase object, no reported proposition (guidelines 4.3, optional; round 4)
_DECLARED_STATES = frozenset(fold(w) for w in ("حالة", "حظر", "حداد"))


def _bare_definite(ctx, m: int) -> bool:  # type: ignore[no-untyped-def]
    """A definite common noun that can be a speaker by itself (``الوزارة``, ``الشرطة``)."""
    text, spans, idx = ctx[0], ctx[1], ctx[2]
    fw = fold(text[spans[idx[m]][0]:spans[idx[m]][1]])
    return fw.startswith("ال") and len(fw) > 4 and fw not in _stop() and \
        fw not in _SOURCE_STOPS and fw not in _adjectives() and not fw.endswith(("يون", "يين"))


def _indefinite_noun(ctx, m: int) -> bool:  # type: ignore[no-untyped-def]
    """An indefinite word that can open a verbal-noun object (``مقتل``, ``اعتقال``)."""
    text, spans, idx, tx, all_ents = ctx[0], ctx[1], ctx[2], ctx[8], ctx[10]
    a, b = spans[idx[m]]
    fw = fold(text[a:b])
    return not fw.startswith(("ال", "و", "ف", "ب", "ل")) and len(fw) > 2 and \
        fw not in _DECLARED_STATES and fw not in _stop() and fw not in _SOURCE_STOPS and fw not in _verb_set() and \
        not any(ta <= a < tb for ta, tb in tx) and not _entity_at(all_ents, a) and \
        not _COMP.match(fw)


def types_at(ctx, span) -> str:  # type: ignore[no-untyped-def]
    """The type of the entity that a source span is (or ``""``)."""
    return ctx[-1].get(tuple(span), "")


_COMP_AHEAD = re.compile(r"[^.:؟!\n]{0,30}?(?<![^\W_])(?:[وف]?ب?[اأإ]ن|[وف]?لأن)(?:ه|ها|هم)?(?![^\W_])")


def _relayed(ctx, cue_s: int, cue_e: int) -> Attribution | None:  # type: ignore[no-untyped-def]
    """``نقلت X عن Y قوله إن C``: the original speaker Y (the phrase after the last
    ``عن`` before ``قوله``), cue ``قوله``, content C (guidelines 4.3)."""
    text, spans, idx, k, last, s_start, s_end, ents, tx, quotes, all_ents, earlier, norm = ctx
    an = None
    pronoun = False
    for m in range(k - 1, -1, -1):
        fw = fold(text[spans[idx[m]][0]:spans[idx[m]][1]])
        if fw == "عن" or (fw in _ABOUT_PRONOUNS and m > 0 and fold(
                text[spans[idx[m - 1]][0]:spans[idx[m - 1]][1]]).lstrip("وف") in _RELAY_VERBS):
            an, pronoun = m, fw != "عن"
            break
    if an is None or an + 1 >= k:
        return None
    a = spans[idx[an + 1]][0]
    b = spans[idx[k - 1]][1]
    src = None if pronoun else (a, b)   # "ونقلت عنه الوكالة قوله": the speaker named before
    # (round 9; guidelines 4.3/4.6, an implicit source is empty)
    rest = text[cue_e:s_end]
    mm = re.match(r"[\s،,:]*(?:[وف]?[إاأ]ن(?:ه|ها|هم)?\s+)?", rest)   # قوله: "…" too
    c_s = cue_e + (mm.end() if mm else 0)
    q_end = _quote_end(text, c_s) if c_s < len(text) and text[c_s] in OPEN_Q else None
    c_e = q_end if q_end else _content_end(ctx, c_s, s_end)
    if c_e <= c_s:
        return None
    return Attribution([src] if src else [], [(cue_s, cue_e)], [(c_s, c_e)],
                       _kind(text, c_s, c_e))


#: words after which أن is the particle أنْ (time, purpose, modality), not the complementizer
#: that opens a reported clause (أعلنت الحكومة الطوارئ بعد أن …)
_NOT_A_COMPLEMENTIZER = frozenset(fold(w) for w in (
    "بعد", "قبل", "منذ", "حتى", "إلى", "دون", "بدون", "بدل", "يمكن", "يمكنه", "يمكنها", "يجب",
    "ينبغي", "بد", "يريد", "تريد", "يريدون", "أراد", "أرادت", "يحاول", "تحاول", "حاول", "حاولت",
    "يستطيع", "تستطيع", "يتعين", "يفترض", "المقرر", "المتوقع", "المنتظر", "المزمع", "المرجح",
    "شأنه", "شأنها", "عسى", "قرر", "قررت", "رفض", "رفضت", "وبعد", "وقبل", "ومنذ", "وحتى"))
#: verbs of describing (وصف X بـ"…"); ``ما وصفه بـ`` is naming, no report (4.8)
_DESCRIBE_VERBS = frozenset(fold(w) for w in ("وصف", "وصفت", "وصفوا", "يصف", "تصف", "يصفون"))
#: verbs of rejection: a report only with a noun of speech as object (رفض اتهامات …, 0.6.0);
#: verbs of denial, already cues, take that object as content too (نفى الجيش التقارير عن …)
_REJECT_VERBS = frozenset(fold(w) for w in ("رفض", "رفضت", "رفضوا", "يرفض", "ترفض", "يرفضون"))
_DENIAL_VERBS = frozenset(fold(w) for w in ("نفى", "نفت", "نفوا", "ينفي", "تنفي", "ينفون"))


@lru_cache(maxsize=None)
def _speech_nouns() -> frozenset[str]:
    base = load_list("speech_nouns.txt")
    return frozenset(p + n for n in base for p in ("", "ال"))


def _speech_noun_object(ctx, j: int):  # type: ignore[no-untyped-def]
    """The object of a denial or rejection headed by a noun of speech (``speech_nouns.txt``):
    ``رفض الوزير، الجمعة، اتهامات وجهت إلى …`` → the phrase from ``اتهامات``, found within
    twelve words of the verb and before another report verb or the end of the clause. The
    noun must have a complement (the next word, no punctuation between) that spells out the
    proposition; a bare ``الاتهامات`` is a plain noun-phrase object (optional, 4.6)."""
    text, spans, idx = ctx[0], ctx[1], ctx[2]
    for m in range(j + 1, min(j + 13, len(idx))):
        a, b = spans[idx[m]]
        fw = fold(text[a:b])
        if m > j + 1 and re.search(r"[.:؛;]", text[spans[idx[m - 1]][1]:a]):
            return None
        bare = fw[1:] if fw[:1] in "وب" and fw[1:] in _speech_nouns() else fw
        if bare in _speech_nouns():
            if m + 1 >= len(idx) or text[b:spans[idx[m + 1]][0]].strip():
                return None   # a bare noun ("نفى الجيش الاتهامات،"): no proposition (optional)
            return ("object", a, m)
        if m > j + 1 and (fw in _verb_set() or (fw[:1] in "وف" and fw[1:] in _verb_set())):
            return None
    return None


#: demand verbs, whose content may be a direct object (طالب/طلب + an indefinite verbal noun)
_DEMAND_VERBS = frozenset(fold(w) for w in ("طالب", "طالبت", "طالبوا", "يطالب", "تطالب", "يطالبون",
                                            "طلب", "طلبت", "طلبوا", "يطلب", "تطلب", "يطلبون"))
_CALL_PARTICIPLES = frozenset(fold(w) for w in ("داعيا", "داعية", "داعين", "مطالبا", "مطالبة",
                                                 "مطالبين"))
_CALL_VERBS = frozenset(fold(w) for w in ("دعا", "دعت", "دعوا", "يدعو", "تدعو", "يدعون", "طالب",
                                          "طالبت", "طالبوا", "يطالب", "تطالب", "يطالبون"))
#: verbs whose object or addressee follows the speaker (أبلغ الوزير الصحفيين أن …, 0.5.0)
_OBJECT_VERBS = frozenset(fold(w) for w in (
    "أبلغ", "أبلغت", "أبلغوا", "يبلغ", "أخبر", "أخبرت", "أخبروا", "يخبر", "تخبر", "وصف", "وصفت",
    "وصفوا", "يصف", "تصف", "حمل", "حملت", "حملوا", "يحمل", "تحمل"))
_RELAY_VERBS = frozenset(fold(w) for w in ("نقل", "نقلت", "نقلوا", "ينقل", "تنقل", "نقلا"))


def _relayed_without_qawl(ctx, relay: Attribution) -> Attribution | None:  # type: ignore[no-untyped-def]
    """``نقلت X عن Y أن C`` (no ``قوله``): the original speaker Y with the cue ``عن``,
    sharing the relay's content C (guidelines 4.3). With ``قوله`` the relay and the
    original come from :func:`_relayed`."""
    text, spans, idx = ctx[0], ctx[1], ctx[2]
    cue_e, c_s = relay.cue[0][1], relay.content[0][0]
    between = [m for m in range(len(idx)) if spans[idx[m]][0] >= cue_e and spans[idx[m]][1] <= c_s]
    words_ = [fold(text[spans[idx[m]][0]:spans[idx[m]][1]]) for m in between]
    if "عن" not in words_ or any(w in ("قوله", "قولها", "قولهم") for w in words_):
        return None
    at = words_.index("عن")
    rest = [m for m, w in zip(between[at + 1:], words_[at + 1:]) if not _COMP.match(w)]
    if not rest:
        return None
    a, b = spans[idx[rest[0]]][0], spans[idx[rest[-1]]][1]
    if any(ch in text[a:b] for ch in ":\"«“"):
        return None
    an = spans[idx[between[at]]]
    return Attribution([(a, b)], [an], list(relay.content), relay.kind)


def _split_relay(ctx, rel: Attribution, verb_e: int, an):  # type: ignore[no-untyped-def]
    """``ونقلت عن مسؤول أن C`` / ``نقلت عن X قوله "…"``: two relations (guidelines 4.3,
    relayed reports): the relay, cue the verb alone, with the speaker before it (SVO) or
    none (pro-drop), and, unless ``قوله`` follows (then :func:`_relayed` gives it), the
    original speaker after ``عن`` with the cue ``عن`` (round 9)."""
    text = ctx[0]
    after = [s for s in rel.source if s[0] >= an[1]]
    before = [s for s in rel.source if s[0] < an[1]]
    relay = Attribution(before, [(rel.cue[0][0], verb_e)], list(rel.content), rel.kind)
    between = text[an[1]:rel.content[0][0]] if rel.content else ""
    if not after or re.search(r"(?<![^\W_])قول(?:ه|ها|هم|هما)(?![^\W_])", between):
        return [relay]
    return [relay, Attribution(after, [an], list(rel.content), rel.kind)]


_RELATIVES = frozenset(fold(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي",
                                         "اللاتي", "والذي", "والتي", "والذين"))


@lru_cache(maxsize=None)
def _non_sources() -> frozenset[str]:
    return frozenset(load_list("relay_non_sources.txt"))


@lru_cache(maxsize=None)
def _first_names() -> frozenset[str]:
    return frozenset(load_list("first_names.txt"))


def _initial_relay(ctx, src):  # type: ignore[no-untyped-def]
    """A relay that opens its sentence and a comma before the main clause (``وبحسب مسؤول
    في البلدية، فإن …``): the source runs to the comma (a restrictive phrase or participle
    kept; an addressee, a time or a verb ends it), a title keeps the name in commas after it
    (``بحسب وزير الزراعة، سالم العبدالله، فإن``, guidelines 4.7), a non-restrictive relative
    clause in commas is skipped (4.6), and the content starts after ``فإن``/``فقد``/``ف``.
    Returns the source and the content start (None: no comma, the older rule; 0.7.0)."""
    text, spans, idx, k, last, s_start, s_end, ents, tx, quotes, all_ents = ctx[:11]
    commas = [m.start() for m in re.finditer(r"[،,]", text[src[1]:s_end])]
    commas = [src[1] + c for c in commas if not _inside(quotes, src[1] + c)]
    if not commas:
        return src, None
    comma = commas[0]
    seg = [m for m in range(len(idx)) if spans[idx[m]][0] >= src[1] and spans[idx[m]][1] <= comma]
    if any("(" in text[spans[idx[m]][0] - 1:spans[idx[m]][1]] for m in seg):
        return src, None
    end = src[1]
    for m in seg:
        a, b = spans[idx[m]]
        w = fold(text[a:b])
        if any(ta <= a < tb for ta, tb in tx) or w in _ADDRESSEE_PRONOUNS or \
                (w.startswith("لل") and w.endswith(("ين", "ون"))) or w in _verb_set() or \
                (w[:1] in "وف" and w[1:] in _verb_set()) or _COMP.match(w) or w in _RELATIVES or \
                w in ("فان", "فقد", "وقد", "قد", "عن"):   # (عن: the original of a relay, نقلت X عن Y)
            if m == seg[0] or w in _verb_set() or _COMP.match(w) or w in ("فان", "فقد"):
                if w in _verb_set() or _COMP.match(w) or w in ("فان", "فقد"):
                    return src, None   # a clause before the comma: the older rule
            break
        end = b
    src = (src[0], _stretch(text, src[0], end, all_ents))
    pos = comma + 1
    for _ in range(2):
        rest = text[pos:s_end]
        lead = len(rest) - len(rest.lstrip())
        a = pos + lead
        w = re.match(r"[^\W_]+", text[a:s_end])
        if not w:
            break
        nxt = [c for c in commas if c > a]
        ent = _entity_at(all_ents, a)
        if fold(w.group()) in _RELATIVES and nxt:
            pos = nxt[0] + 1   # "، التي تعمل في المنطقة منذ سنوات،": out of the source
            continue
        name = ent[1] if ent and ctx[-1].get(ent) == "PERS" else None
        if name is None and nxt and fold(w.group()) in _first_names() and \
                1 < len(text[a:nxt[0]].split()) <= 4:
            name = len(text[:nxt[0]].rstrip())   # a first name and a family name in commas
        if name and nxt and not text[name:nxt[0]].strip() and \
                any(t == "OCC" and src[0] <= ea and eb <= src[1] + 1
                    for (ea, eb), t in ctx[-1].items()):
            src = (src[0], name)   # title, comma, name: one source (4.7)
            pos = nxt[0] + 1
            continue
        break
    rest = text[pos:s_end]
    mm = re.match(r"[\s،,]*(?:[وف]?[إاأ]ن(?:ه|ها|هم)?\s+|فقد\s+|ف(?=[\"«“]))?", rest)
    c_s = pos + (mm.end() if mm else 0)
    if c_s >= s_end:
        return src, None
    return src, c_s


def _prepositional(ctx, cue_s: int, cue_e: int, phrase) -> Attribution | None:  # type: ignore[no-untyped-def]
    text, spans, idx, k, last, s_start, s_end, ents, tx, quotes, all_ents, earlier, norm = ctx
    j = idx.index(last)
    if phrase[-1] == "ل":   # source starts inside the glued word
        a, b = spans[idx[j]]
        src = (cue_e, b)
        nxt = _source_after(ctx, j + 1, len(idx))
        if nxt and not text[b:nxt[0]].strip():
            src = (cue_e, nxt[1])
        src = (src[0], _stretch(text, src[0], src[1], all_ents))
    else:
        src = _source_after(ctx, j + 1, len(idx))
    if not src:
        return None
    head = re.match(r"[^\W_]+", text[src[0]:src[1]])
    hw = fold(head.group()) if head else ""
    if hw in _non_sources() or (hw[:1] == "ل" and ("ا" + hw) in _non_sources()) or \
            (hw[:1] in "لب" and hw[1:] in _non_sources()):
        return None   # 0.7.0: "وفقا للقانون", "حسب الحاجة": "in accordance with", no speaker
    before = text[s_start:cue_s].strip(" \t،,")
    main = None
    if before in ("", "و", "ف"):
        src, main = _initial_relay(ctx, src)
    if main is not None:
        c_s = main
        q_end = _quote_end(text, c_s) if c_s < len(text) and text[c_s] in OPEN_Q else None
        c_e = q_end if q_end and not text[q_end:s_end].strip(" .،,") else \
            _content_end(ctx, c_s, s_end)
    elif before in ("", "و", "ف"):
        rest = text[src[1]:s_end]
        m = re.match(r"[\s،,]*(?:[وف]?[إاأ]ن(?:ه|ها|هم)?\s+|فقد\s+|ف(?=[\"«“]))?", rest)
        c_s = src[1] + (m.end() if m else 0)
        q_end = _quote_end(text, c_s) if c_s < len(text) and text[c_s] in OPEN_Q else None
        c_e = q_end if q_end and not text[q_end:s_end].strip(" .،,") else \
            _content_end(ctx, c_s, s_end)
    else:
        c_s = s_start
        for rel in earlier:   # a second relay shares the clause after the first one's source
            if rel.source and rel.cue[0][0] < cue_s and rel.source[0][1] < cue_s and \
                    fold(text[rel.cue[0][0]:rel.cue[0][1]]).split()[0] in _prep_cues():
                c_s = rel.source[0][1]
        q_in = _inside(quotes, cue_s)
        if q_in:   # round 9: a relay inside a quotation qualifies the quoted words before it
            c_s = max(c_s, q_in[0] + 1)
        colon = text.rfind(":", c_s, cue_s)
        if colon >= 0 and (q_in or not _inside(quotes, colon)):
            c_s = colon + 1   # round 9: "قالت X: "… حسب Y": not the introducing clause
        c_s, c_e = _trim(text, c_s, cue_s)
        while c_s < c_e and text[c_s] in "،, \"«“":
            c_s += 1
        lead_comp = re.match(r"[^\W_]+\s+", text[c_s:c_e])
        if q_in and lead_comp and _COMP.match(fold(lead_comp.group().strip())):
            c_s += lead_comp.end()   # "إن 40 مسلحا، بحسب …": the complementizer is out (3)
        c_s = _drop_conjunction(text, c_s, c_e)
        lead = next(((ta, tb) for ta, tb in tx if ta <= c_s + 1 and tb > c_s), None)
        if lead and re.match(r"\s*[،,]\s*", text[lead[1]:c_e]):   # ومطلع أيار/مايو، اعتبر …
            c_s = lead[1] + re.match(r"\s*[،,]\s*", text[lead[1]:c_e]).end()
        if text[c_e - 1:c_e] == "و" and text[c_e - 2:c_e - 1].isspace():
            c_e = _trim(text, c_s, c_e - 1)[1]
        dz = re.search(r"[\s،,]+وذلك$", text[c_s:c_e])
        if dz:   # "… وذلك وفق ما أفاد": وذلك is out (4.8)
            c_e = c_s + dz.start()
        dl = re.match(r"[^()\n.]{0,60}\([^()\n]{1,30}\)\s*[-–—]+\s*", text[c_s:c_e])
        if dl:   # 0.7.0: a wire dateline "القاهرة (رويترز) - " opens no reported clause
            c_s += dl.end()
        for th in re.finditer(r"\sثم\s+", text[c_s:c_e]):
            if not _inside(quotes, c_s + th.start() + 1):
                c_s0 = c_s + th.end()   # 0.7.0: "… ثم هرب الابن …، وفق ما ذكر": the nearest
                # coordinated clause reporting a separate event (4.8)
        if 'c_s0' in locals():
            c_s = c_s0
    if c_e <= c_s:
        return None
    return Attribution([src], [(cue_s, cue_e)], [(c_s, c_e)], _kind(text, c_s, c_e))
