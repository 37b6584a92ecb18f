"""Normalizer readings of sports and scripture copy: a height beside a weight or after "listed
at" ("6-2 and 210 pounds" -> "six foot two"; a team's "7-2" stays a record), a stat line after a
verb of scoring ("Jokic posted 10/11/12" is no date), and a book's short name without its dot
where a passage is cited ("Read Gen 1:1", "See Ex 3:14 and Matt 5:3")."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

CASES = [
    # 1. heights beside a weight or after "listed at"
    ("He is 6-2 and 210 pounds.", "He is six foot two and two hundred ten pounds."),
    ("The 6-2, 210-pound guard scored.", "The six foot two, two hundred ten-pound guard scored."),
    (
        "She is listed at 5-11, 150 lbs.",
        "She is listed at five foot eleven, one hundred fifty pounds.",
    ),
    ("He is listed at 6-8.", "He is listed at six foot eight."),
    ("Listed at 6-2/210 lbs", "Listed at six foot two, two hundred ten pounds"),
    # ... not a score or a range without one
    ("He went 6-2 and 210 more.", "He went six to two and two hundred ten more."),
    ("They won 6-2 on Sunday.", "They won six to two on Sunday."),
    ("Alabama improved to 7-2 on the season.", "Alabama improved to seven and two on the season."),
    # 2. a stat line after a verb of scoring; a date after a verb of making or posting
    ("Jokic posted 10/11/12 on Tuesday.", "Jokic posted ten eleven twelve on Tuesday."),
    ("She averaged 12/5/7 last year.", "She averaged twelve five seven last year."),
    ("He put up 10/11/12 against Denver.", "He put up ten eleven twelve against Denver."),
    ("Posted 10/11/12 by admin", "Posted October eleventh, twenty twelve by admin"),
    ("It was posted 3/4/21.", "It was posted March fourth, twenty twenty-one."),
    ("The song was recorded 3/4/21.", "The song was recorded March fourth, twenty twenty-one."),
    ("Photo taken 3/4/21", "Photo taken March fourth, twenty twenty-one"),
    # 3. a book's short name without its dot where a passage is cited
    ("Read Gen 1:1 tonight.", "Read Genesis chapter one, verse one tonight."),
    (
        "See Ex 3:14 and Matt 5:3.",
        "See Exodus chapter three, verse fourteen and Matthew chapter five, verse three.",
    ),
    ("see Tim 5:30", "see Timothy chapter five, verse thirty"),
    ("(Rev 10:30)", "(Revelation chapter ten, verse thirty)"),
    ("1 Sam 17:4-7", "First Samuel chapter seventeen, verses four to seven"),
    ("Gal 3:2-5 says it.", "Galatians chapter three, verses two to five says it."),
    # ... a name or a clock time otherwise
    ("Call Tim 5:30.", "Call Tim five thirty."),
    ("Bob and Sam 5:30", "Bob and Sam five thirty"),
    ("Meet Dan 3:15 at the cafe", "Meet Dan three fifteen at the cafe"),
    ("Gen 1:1 scale", "Gen one to one scale"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_reading(text: str, expected: str) -> None:
    assert normalize_for_tts(text) == expected
