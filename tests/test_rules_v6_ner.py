"""rules 0.6.0 (NER): general constructions that the rules missed on the new dev documents
(pool orders 36–45), tested on sentences written for these tests (invented names, places and
numbers; no corpus sentence copied)."""

from __future__ import annotations

import pytest

from rules_helpers import entities

DCT = "2018-06-20"


def _entities(text: str) -> set[tuple[str, str]]:
    return entities(text, DCT)


@pytest.mark.parametrize("text, expected, absent", [
    # an area or volume unit keeps its adjective "square"/"cubic" in any case form
    ("تبلغ مساحة المحمية 250 كيلومترا مربعا تقريبا.", {("250 كيلومترا مربعا", "QUANTITY")},
     {("250 كيلومترا", "QUANTITY")}),
    ("ضخت المحطة 900 متر مكعب من المياه.", {("900 متر مكعب", "QUANTITY")}, set()),
    ("استصلحت الوزارة 3000 مترا مربعا.", {("3000 مترا مربعا", "QUANTITY")}, set()),
    # a vague quantity with a scale word is one CARDINAL
    ("خرج عشرات آلاف العمال إلى الشوارع.", {("عشرات آلاف", "CARDINAL")},
     {("عشرات", "CARDINAL"), ("آلاف", "CARDINAL")}),
    ("فر مئات آلاف السكان من المدينة.", {("مئات آلاف", "CARDINAL")}, {("آلاف", "CARDINAL")}),
    # digits with the article are one CARDINAL, article inside
    ("وصوّت 30 من أعضاء المجلس الـ45 على القرار.", {("30", "CARDINAL"), ("الـ45", "CARDINAL")},
     set()),
    # أحد / إحدى before a noun is "one of", not a count; أحد عشر and واحد after its noun are
    ("التقى الوزير وأحد مساعديه بالصحفيين.", set(), {("وأحد", "CARDINAL"), ("أحد", "CARDINAL")}),
    ("زار الوفد إحدى القرى الحدودية.", set(), {("إحدى", "CARDINAL")}),
    ("ضم الوفد أحد عشر وزيرا.", {("أحد عشر", "CARDINAL")}, set()),
    ("اعترضت دولة واحدة على المشروع.", {("واحدة", "CARDINAL")}, set()),
])
def test_numbers(text: str, expected: set, absent: set) -> None:
    found = _entities(text)
    assert expected <= found
    assert not absent & found


@pytest.mark.parametrize("text, expected, absent", [
    # a compound given name in الدين / الله / الإسلام goes on to the surname
    ("وأفرجت المحكمة عن الناشط نجم الدين قرطال أمس.", {("نجم الدين قرطال", "PERS")}, set()),
    ("وقال الشيخ عطا الله منصوري إن الأمر محسوم.", {("عطا الله منصوري", "PERS")}, set()),
    ("وقال صلاح الدين إن الاجتماع انتهى.", {("صلاح الدين", "PERS")}, {("صلاح", "PERS")}),
])
def test_compound_given_names(text: str, expected: set, absent: set) -> None:
    found = _entities(text)
    assert expected <= found
    assert not absent & found
