"""Readings a newsreader gives that the first normalizer got wrong (a TTS audit of news text):
ranges, mixed numbers, heights, prefixed dollars, dates with abbreviated months, and the
sentence splitter around dotted abbreviations."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts, split_sentences
from yuyin.text.phonemize import LETTER_A, phonemize

READINGS = [
    ("rates of 5.25%-5.5%", "rates of five point two five percent to five point five percent"),
    ("5% - 6%", "five percent to six percent"),
    ("open 9:00-17:00", "open nine o'clock to seventeen hundred"),
    ("open 9am-5pm", "open nine a m to five p m"),
    ("add 2 1/2 cups", "add two and a half cups"),
    ("3 3/4 miles", "three and three quarters miles"),
    ("he is 5'11\" tall", "he is five foot eleven tall"),
    ("6 ft 2 in tall", "six feet two inches tall"),
    ("US$5", "five US dollars"),
    ("C$10.50", "ten Canadian dollars and fifty cents"),
    ("A$3M", "three million Australian dollars"),
    ("HK$4", "four Hong Kong dollars"),
    ("Rs. 500", "five hundred rupees"),
    ("BUS$5", "B U S five dollars"),  # letters glued before the prefix: no prefix
    ("100 sq ft", "one hundred square feet"),
    ("3 pts", "three points"),
    ("5000 mAh", "five thousand milliampere hours"),
    ("on Fri. we met", "on Friday we met"),
    ("1st Jan 2024", "the first of January twenty twenty-four"),
    ("5 Jan. 2024 was cold", "the fifth of January twenty twenty-four was cold"),
    ("on 5 Jan.", "on the fifth of January."),
    ("visit https://www.commerce.gov today", "visit w w w dot commerce dot gov today"),
    ("see http://example.com/ now", "see example dot com now"),
    ("call 911 now", "call nine one one now"),
    ("Porsche 911", "Porsche nine eleven"),  # after a maker: a model number, in pairs
    ("at 10 a.m. Monday we meet", "at ten a m Monday we meet"),  # no full stop mid-sentence
    ("It ends at 5 p.m. The rest waits.", "It ends at five p m. The rest waits."),
    ("AT&T and R&D", "A T and T and R and D"),
    ("x^2 + y^3", "x squared plus y cubed"),
    ("10^6 cells", "ten to the sixth cells"),  # as said (it read "to the power of six")
    ("10^6 km", "ten to the power of six kilometers"),  # a unit is read after a number
    ("$AAPL rose", "A A P L rose"),  # a ticker's dollar sign is not said
    ("a B.Sc. in physics", "a B S C in physics"),
    # numbers that name things
    ("the 2019-20 season", "the twenty nineteen to twenty twenty season"),
    ("in 2008/09", "in two thousand eight to two thousand nine"),
    ("1999-00", "nineteen ninety-nine to two thousand"),
    ("2019-2021", "twenty nineteen to twenty twenty-one"),  # a plain range still
    ("2019-03-14", "March fourteenth, twenty nineteen"),  # and a date
    ("The Boeing 747 landed.", "The Boeing seven forty-seven landed."),
    ("a Boeing 747-400", "a Boeing seven forty-seven four hundred"),
    ("the A320 and 737 MAX", "the A three twenty and seven thirty-seven MAX"),
    ("Cessna 172", "Cessna one seventy-two"),
    ("a Boeing 707", "a Boeing seven oh seven"),
    ("room 747", "room seven hundred forty-seven"),  # no maker: a count
    (
        "ISBN 978-0-306-40615-7",
        "I S B N nine seven eight, zero, three zero six, four zero six one five, seven",
    ),  # fmt: skip
    ("ISBN-10: 0-8044-2957-X", "I S B N zero, eight zero four four, two nine five seven, X"),
    ("a 4x4 truck", "a four by four truck"),
    ("1920x1080 pixels", "nineteen twenty by ten eighty pixels"),
    ("0x1F", "zero x one F"),  # hexadecimal: no dimensions
    # volts with a space too, as glued; before its noun after "a", singular (it was "a twelve
    # volts battery" until measures before a noun were read as adjectives)
    ("a 12 V battery", "a twelve-volt battery"),
    ("it runs on 12 V", "it runs on twelve volts"),
    ("Route 66 W", "Route sixty-six W"),  # a W apart may be west
]


@pytest.mark.parametrize(("written", "spoken"), READINGS)
def test_news_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Markets closed at 4 p.m.\n", ["Markets closed at 4 p.m."]),  # was an IndexError
        ("I moved to the U.S. ", ["I moved to the U.S."]),
        ("It opened on Jan. 5, 2020 in Paris.", ["It opened on Jan. 5, 2020 in Paris."]),
        ("Due Sept. 15. Then Dec. 31 came.", ["Due Sept. 15.", "Then Dec. 31 came."]),
        (
            "Revenue rose.\n- Costs fell\n- Margins grew",
            ["Revenue rose.", "- Costs fell", "- Margins grew"],
        ),  # fmt: skip
        ("# Results\nSales rose 5%.", ["# Results", "Sales rose 5%."]),
    ],
)
def test_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_a_markdown_heading_mark_is_not_read() -> None:
    assert normalize_for_tts("# Quarterly Results") == "Quarterly Results"
    assert normalize_for_tts("## Notes\n* one") == "Notes one"
    assert normalize_for_tts("Use #hashtags") == "Use hashtag hashtags"  # inside text: read


def letter_readings(text: str) -> list[str]:
    """The phones given to each "a"/"A" word of ``text``: "EY1" for the letter, "AH0" for the
    article (words are parted by "|", pauses follow without one)."""
    words = " ".join(phonemize(text)[1:-1]) + " "
    words = words.replace(" , ", " | ").replace(" . ", " | ")
    return [w.strip() for w in words.split("|") if w.strip() in ("EY1", "AH0")]


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("At 9am the U.S.A. met.", [LETTER_A, LETTER_A]),  # "a m", "U S A"
        ("Take Vitamin A.", [LETTER_A]),
        ("grade A students", [LETTER_A]),
        ("A man saw a dog.", ["AH0", "AH0"]),
        ("Am I a fool?", ["AH0"]),  # "I a" is no spelled pair
        ("the AI said", [LETTER_A]),
        ("Take A Chance On Me", ["AH0"]),  # title case: the article
        # a code's letter ("A four") is the letter, wherever it stands; "A four-year-old" is not
        ("Use A4 paper.", [LETTER_A]),
        ("A9 is closed.", [LETTER_A]),
        ("The A320 and A380 fly.", [LETTER_A, LETTER_A]),
        ("A4 and a nine-year-old", [LETTER_A, "AH0"]),
        ("A 4-year-old", ["AH0"]),
        ("A nine-year-old boy", ["AH0"]),
    ],
)
def test_the_letter_a_is_said_as_a_letter_where_spelled(text: str, readings: list[str]) -> None:
    assert letter_readings(text) == readings


def test_g2p_spells_the_letter_a_in_initialisms() -> None:
    from yuyin.text.g2p import G2P

    g2p = G2P()
    assert [p.phones for p in g2p("USA")] == [("Y", "UW1"), ("EH1", "S"), (LETTER_A,)]
    assert [p.phones for p in g2p("a cat")][0] == ("AH0",)


def test_a_markdown_table_is_read_row_by_row_with_pauses_between_cells() -> None:
    table = "Results:\n| Region | Sales |\n|---|:--:|\n| North | 5% |\n| South | 2% |\nDone."
    sentences = split_sentences(table)
    assert sentences == ["Results:", "| Region | Sales |", "| North | 5% |", "| South | 2% |",
                         "Done."]  # fmt: skip
    assert [normalize_for_tts(s) for s in sentences[1:3]] == [
        "Region, Sales.",
        "North, five percent.",
    ]
    assert normalize_for_tts("a | b") == "a b"  # a bar inside a line is no table
