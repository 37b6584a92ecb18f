"""Readings of a second news audit (a 2,000-word article read aloud): amounts in headlines,
"US" and "WHO", headlines on their own line, state abbreviations, units of news copy, and text
that is not UTF-8."""

from __future__ import annotations

import pytest

from yuyin.cli import main
from yuyin.text.normalize import normalize_for_tts, split_sentences
from yuyin.text.phonemize import phonemize

READINGS = [
    ("SENATE PASSES $1.2 TRILLION BILL", "SENATE PASSES one point two trillion dollars BILL"),
    ("APPLE POSTS $3.5 BILLION PROFIT", "APPLE POSTS three point five billion dollars PROFIT"),
    ("deals worth $137 bn", "deals worth one hundred thirty-seven billion dollars"),
    ("a $5 Million fine", "a five million dollars fine"),
    ("costs $5 mn.", "costs five million dollars."),
    ("Sacramento, Calif., said", "Sacramento, California, said"),
    ("Sen. Smith (R-Calif.) voted", "Senator Smith (Republican of California) voted"),
    ("KANSAS CITY, Mo. (AP) - Rain", "KANSAS CITY, Missouri (A P) - Rain"),
    ("He lives in Sacramento, Calif. He left.", "He lives in Sacramento, California. He left."),
    ("Wash. the dishes", "Wash. the dishes"),  # not after a comma or party: the verb
    ("he ran 315 yds", "he ran three hundred fifteen yards"),
    ("in 10 yrs", "in ten years"),
    ("up 25 bps to 2.5 pct", "up twenty-five basis points to two point five percent"),
    ("90 mins", "ninety minutes"),
    ("2 tbsp", "two tablespoons"),
    ("tickets cost $45-$120", "tickets cost forty-five dollars to one hundred twenty dollars"),
    ("From 9 a.m.-5 p.m. daily", "From nine a m to five p m daily"),
    ("Call 911. Dial 911 now", "Call nine one one. Dial nine one one now"),
]


@pytest.mark.parametrize(("written", "spoken"), READINGS)
def test_news_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken


SENTENCES = [
    ("STOCKS SURGE AS FED CUTS\nShares rose 3% on Monday.",
     ["STOCKS SURGE AS FED CUTS", "Shares rose 3% on Monday."]),
    ("SENATE PASSES BILL\r\n\r\nThe Senate passed it.",
     ["SENATE PASSES BILL", "The Senate passed it."]),
    ("Fed cuts rates\nBy Jane Doe\nThe Fed cut rates on Monday, as investors had expected it "
     "to do for weeks, and stocks rose at once in New York.",
     ["Fed cuts rates", "By Jane Doe", "The Fed cut rates on Monday, as investors had expected "
      "it to do for weeks, and stocks rose at once in New York."]),  # a paragraph a line
    ("It was the best of times, it was the worst\nof times, it was the age of wisdom.",
     ["It was the best of times, it was the worst of times, it was the age of wisdom."]),
    ("KANSAS CITY, Mo. (AP) - The storm hit.", ["KANSAS CITY, Mo. (AP) - The storm hit."]),
    ("It cost approx. $10B today.", ["It cost approx. $10B today."]),
    ("Ex-Rep. Beto O'Rourke spoke.", ["Ex-Rep. Beto O'Rourke spoke."]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "sentences"), SENTENCES)
def test_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_us_and_who_in_mixed_case_text_are_initials() -> None:
    spelled = ["Y", "UW1", "|", "EH1", "S"]
    us = phonemize("the US economy grew.")
    assert us[4:9] == spelled
    assert phonemize("Tell us more.")[5:7] == ["AH1", "S"]  # the word
    assert phonemize("PLEASE HELP US")[-4:-2] == ["AH1", "S"]  # capitals throughout: words
    who = phonemize("The WHO reported it.")
    assert who[4:6] == ["D", "AH1"] and phonemize("Who said it?")[1:4] == ["HH", "UW1", "|"]


@pytest.mark.parametrize(
    ("headline", "country"),
    [
        ("US STOCKS FALL", True),
        ("US, UK AGREE TRADE DEAL", True),
        ("CHINA WARNS US ON TAIWAN", True),
        ("FLIGHTS TO US CITIES", True),
        ("TARIFFS HELP US FARMERS", True),
        ("THE US AND CHINA", True),
        ("LET US PRAY", False),
        ("JOIN US TODAY", False),
        ("GOD BLESS US, EVERY ONE", False),
        ("COME WITH US", False),
        ("IT IS UP TO US", False),
        # a review's finds: words not on a list are the pronoun at a clause's end, and a
        # number in the headline leaves it in capitals
        ("VISIT US", False),
        ("FIND US ON FACEBOOK", False),
        ("WHY CHOOSE US", False),
        ("CONTACT US AT 555-1234", False),
        ("JOIN US IN 2024", False),
        ("US TROOPS LEAVE 2 BASES", True),
        # session 43: paired with a country ("between us and them" keeps the pronoun)
        ("TRADE BETWEEN US AND CHINA", True),
        ("TALKS BETWEEN US AND EU", True),
        ("BETWEEN US AND THEM", False),
        ("JOIN US AND YOUR FRIENDS", False),
        ("PRAY FOR US AND UKRAINE", False),
        ("US AND CHINA SIGN DEAL", True),
        ("TENSIONS RISE AS US AND CHINA CLASH", True),
        ("STAND WITH US AND ISRAEL", False),
    ],
)
def test_us_in_a_headline_is_the_country_unless_plainly_the_pronoun(
    headline: str, country: bool
) -> None:
    """In all-caps text "US" had always been the pronoun ("US STOCKS FALL" as "us stocks")."""
    spelled = ["Y", "UW1", "|", "EH1", "S"]
    symbols = phonemize(headline)
    found = any(symbols[i : i + 5] == spelled for i in range(len(symbols)))
    assert found == country and (country or ["AH1", "S"] in _pairs(symbols))


def _pairs(symbols: list[str]) -> list[list[str]]:
    return [symbols[i : i + 2] for i in range(len(symbols) - 1)]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ("Hello world.".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (b"\x00" * 1000, "holds no text (only NUL bytes)"),
        (b"caf\xe9 au lait", "if it is Latin-1 or Windows-1252: iconv -f WINDOWS-1252"),
    ],
)
def test_text_that_is_not_utf8_is_named_with_what_to_do(tmp_path, capsys, data, said) -> None:
    source = tmp_path / "article.txt"
    source.write_bytes(data)
    assert main(["say", "--file", str(source), "-o", str(tmp_path / "x.wav")]) == 1
    assert said in capsys.readouterr().err and not (tmp_path / "x.wav").exists()
