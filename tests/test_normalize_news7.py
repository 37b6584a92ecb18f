"""Normalizer readings a review asked for: glued hours are a clock time unless a word of a
duration is near ("Meet me 9h30 tomorrow" -> "nine thirty"; "Runtime: 2h15" -> "two hours
fifteen minutes"), and a superscript after a verse, a time or a legal subsection is a footnote
("John 3:16¹", "Article 12(3)¹"), a ratio's colon "to" only before a power of ten ("1:10⁵")."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

CASES = [
    # 1. glued hours: a clock time by default
    ("Meet me 9h30 tomorrow.", "Meet me nine thirty tomorrow."),
    ("It is 9h30 in Paris.", "It is nine thirty in Paris."),
    ("The time is 9h30.", "The time is nine thirty."),
    ("Friday 9h30.", "Friday nine thirty."),
    ("Around 9h30, the fire started.", "Around nine thirty, the fire started."),
    ("9h30 GMT is the start.", "nine thirty G M T is the start."),
    ("The talk is 9h30 CET.", "The talk is nine thirty C E T."),
    ("The attack began 6h45 local time.", "The attack began six forty-five local time."),
    ("9h30 – Keynote", "nine thirty - Keynote"),
    ("9h30 Welcome coffee", "nine thirty Welcome coffee"),
    ("Breakfast 7h30, lunch 12h30.", "Breakfast seven thirty, lunch twelve thirty."),
    ("Mass 10h30, Sunday.", "Mass ten thirty, Sunday."),
    ("Meeting 9h30 in room B.", "Meeting nine thirty in room B."),
    ("See you 9h30!", "See you nine thirty!"),
    ("Wake-up call 6h30.", "Wake-up call six thirty."),
    ("The bus comes 7h45 every day.", "The bus comes seven forty-five every day."),
    (
        "Departure times: 7h45, 9h15, 11h30.",
        "Departure times: seven forty-five, nine fifteen, eleven thirty.",
    ),
    ("Next trains: 9h15 and 10h45.", "Next trains: nine fifteen and ten forty-five."),
    ("Hours: 9h30 to 18h00.", "Hours: nine thirty to eighteen hundred."),
    ("Trains run 6h15 to 23h15", "Trains run six fifteen to twenty-three fifteen"),
    ("20h30: concert.", "twenty thirty: concert."),
    ("Monday, 18h30: reception.", "Monday, eighteen thirty: reception."),
    ("at 9h30", "at nine thirty"),
    ("Open 8h30-17h30", "Open eight thirty to seventeen thirty"),
    ("the 14h00 news", "the fourteen hundred news"),
    # 2. ... a duration after or before a word of a duration (more in news6)
    ("It took 14h30 to finish", "It took fourteen hours thirty minutes to finish"),
    ("a 1h30 flight", "a one hour thirty minute flight"),
    ("Flight time: 11h45", "Flight time: eleven hours forty-five minutes"),
    ("Battery life: 14h30", "Battery life: fourteen hours thirty minutes"),
    ("Up to 18h30 of playback", "Up to eighteen hours thirty minutes of playback"),
    ("Flight duration 13h20", "Flight duration thirteen hours twenty minutes"),
    ("Total time: 13h45", "Total time: thirteen hours forty-five minutes"),
    ("Oppenheimer runs 3h00", "Oppenheimer runs three hours"),
    ("It lasts 2h00", "It lasts two hours"),
    ("Dispatch 2h30 after the call", "Dispatch two hours thirty minutes after the call"),
    ("He won in 2h01.", "He won in two hours one minute."),
    ("It took 1h30-1h45.", "It took one hour thirty minutes to one hour forty-five minutes."),
    ("02h05m", "two hours five minutes"),
    ("2h01m09s", "two hours one minute nine seconds"),
    # 3. superscripts: footnotes after a verse, a time, a subsection; powers of expressions
    ("John 3:16¹ is famous", "John chapter three, verse sixteen is famous"),
    ("Genesis 1:2³", "Genesis chapter one, verse two"),
    ("The meeting ran 10:30¹", "The meeting ran ten thirty"),
    ("The ratio is 1:10⁵", "The ratio is one to ten to the fifth"),
    ("Article 12(3)¹ applies", "Article twelve(three) applies"),
    ("section 5(2)²", "section five(two)"),
    ("Rule 10(b)(3)¹", "Rule ten B three"),
    ("See note (2)³", "See note (two)"),
    ("(1.5)²", "(one point five) squared"),
    ("(a+b)²", "(a plus b) squared"),
    ("(x+1)²", "(x plus one) squared"),
    ("(-3)²", "(minus three) squared"),
    ("(2019)²", "(twenty nineteen)"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_reading(text: str, expected: str) -> None:
    assert normalize_for_tts(text) == expected
