"""Readings of a third news audit: amounts used as adjectives, date ranges, "50-50", "9-11",
race times, ratings, multipliers, acronyms said as words, sentence ends after "U.S." and
hyphenated words the lexicon lists whole, a party and state ("(D-N.Y.)")."""

from __future__ import annotations

import pytest

from yuyin.text._openers import opens_sentence
from yuyin.text.normalize import normalize_for_tts, split_sentences
from yuyin.text.phonemize import WORD_BOUNDARY, phonemize

READINGS = [
    # amounts before a noun after a determiner: singular, as a newsreader says them
    ("a $450 million deal", "a four hundred fifty million dollar deal"),
    ("an $8 billion merger", "an eight billion dollar merger"),
    ("the $450 million deal", "the four hundred fifty million dollar deal"),
    ("a £5m deal", "a five million pound deal"),
    ("a $20 bill", "a twenty dollar bill"),
    ("a $5 million unsecured loan", "a five million dollar unsecured loan"),
    # ... and plural where the amount is no adjective
    ("He paid $450 million.", "He paid four hundred fifty million dollars."),
    ("the $5 million in aid", "the five million dollars in aid"),
    ("the $2 billion spent on it", "the two billion dollars spent on it"),
    ("the $2 billion it raised", "the two billion dollars it raised"),
    ("a $4.99 lunch", "a four dollars and ninety-nine cents lunch"),
    ("a 10-year-old boy", "a ten-year-old boy"),
    ("a 5-mile run", "a five-mile run"),
    # a member of Congress's party and state
    ("Rep. Jones (D-N.Y.) said", "Representative Jones (Democrat of New York) said"),
    ("Sen. Sanders (I-Vt.) spoke", "Senator Sanders (Independent of Vermont) spoke"),
    ("Rep. Lee, D-Calif., said", "Representative Lee, Democrat of California, said"),
    ("(D-NY)", "(Democrat of New York)"),
    ("(R-Texas)", "(Republican of Texas)"),
    ("the (R-X) key", "the (R-X) key"),
    # date ranges
    ("Dec. 1-3", "December first to third"),
    ("March 3-5", "March third to fifth"),
    ("from Dec. 1-3, 2021", "from December first to third, twenty twenty-one"),
    ("Jan 30-31st", "January thirtieth to thirty-first"),
    ("May 31-32", "May thirty-first-thirty-two"),  # no such range: left to the other rules
    # splits and scores
    ("It was 50-50.", "It was fifty-fifty."),
    ("a 50/50 split", "a fifty-fifty split"),
    ("The score was 3-2.", "The score was three to two."),
    # the event; a range and a date stay what they are
    ("the 9-11 attacks", "the nine eleven attacks"),
    ("since 9-11.", "since nine eleven."),
    ("post-9-11 world", "post-nine eleven world"),
    ("after 9/11 the", "after nine eleven the"),
    ("ages 9-11", "ages nine to eleven"),
    ("on 9/11/2001", "on September eleventh, two thousand one"),
    # race times; clock times stay clock times
    ("He won in 2:01:09.", "He won in two hours, one minute, nine seconds."),
    ("ran 2:01:09 in Berlin", "ran two hours, one minute, nine seconds in Berlin"),
    ("in 0:59:30", "in fifty-nine minutes, thirty seconds"),
    ("a 1:00:00 marathon", "a one hour marathon"),
    ("at 2:01:09", "at two oh one and nine seconds"),
    ("12:05:30", "twelve oh five and thirty seconds"),
    # ratings
    ("4.5/5", "four point five out of five"),
    ("rated 8.5/10 by critics", "rated eight point five out of ten by critics"),
    # multipliers, not hex, dimensions or formulas
    ("10x", "ten times"),
    ("3x faster", "three times faster"),
    ("a 1.5x gain", "a one point five times gain"),
    ("0x1F", "zero x one F"),
    ("4x4", "four by four"),
    ("y = 3x", "y equals three x"),
    ("2x + 1", "two x plus one"),
    # acronyms said as words
    ("the FTSE 100 fell", "the Footsie one hundred fell"),
    ("the FTSE-100", "the Footsie-one hundred"),
    ("the DAX rose", "the Dax rose"),
    ("the CAC 40", "the Cac forty"),
    ("under GAAP rules", "under Gap rules"),
    ("the Euro STOXX 50", "the Euro Stocks fifty"),
    ("NYSE", "N Y S E"),  # still spelled
    # from an audit of these rules: no adjective before a verb, no unit written twice
    ("The $5 million comes from a grant.", "The five million dollars comes from a grant."),
    ("the $20 million going to schools", "the twenty million dollars going to schools"),
    ("the $5 million went to schools", "the five million dollars went to schools"),
    ("That $3 million dollar house", "That three million dollar house"),
    # clock times with seconds stay clock times
    ("Doors open 6:30:00 sharp.", "Doors open six thirty sharp."),
    ("between 9:00:00 and 5:30:00", "between nine o'clock and five thirty"),
    ("finished in 2:01:00", "finished in two hours, one minute"),
    # a tied score is no split; a rating needs a rating's context
    ("The game was tied 50-50 at halftime.", "The game was tied fifty to fifty at halftime."),
    ("a 50-50 chance", "a fifty-fifty chance"),
    ("It got 4.5/5.", "It got four point five out of five."),
    ("The fraction 1.5/5 equals 0.3.", "The fraction one point five five equals zero point three."),
    # "-time" titles and names
    ("The 2x Olympic champion", "The two-time Olympic champion"),
    ("a 3x world champion", "a three-time world champion"),
    ("10x Capital announced", "ten x Capital announced"),
    # a dotted form's full stop is kept where a sentence starts after it
    ("in the U.S. Economists said so.", "in the U S. Economists said so."),
    ("at the U.S. Open today.", "at the U S Open today."),
]


@pytest.mark.parametrize(("written", "spoken"), READINGS)
def test_news_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken


SENTENCES = [
    ("in the U.S. Economists said so.", ["in the U.S.", "Economists said so."]),
    ("in the U.S. Prices rose.", ["in the U.S.", "Prices rose."]),
    (
        "He moved to the U.S. Republicans objected.",
        ["He moved to the U.S.", "Republicans objected."],
    ),
    ("in the U.S. There are many.", ["in the U.S.", "There are many."]),
    ("in the U.S. Meanwhile, rates fell.", ["in the U.S.", "Meanwhile, rates fell."]),
    ("at 5 p.m. Officials said so.", ["at 5 p.m.", "Officials said so."]),
    ("in the U.S. The end.", ["in the U.S.", "The end."]),
    # names go on
    ("the U.S. Senate voted.", ["the U.S. Senate voted."]),
    ("at the U.S. Open today.", ["at the U.S. Open today."]),
    ("U.S. Treasuries rallied.", ["U.S. Treasuries rallied."]),
    ("the U.S. Marshals said so.", ["the U.S. Marshals said so."]),
    ("the U.S. Air Force flew.", ["the U.S. Air Force flew."]),
    ("U.S. Treasury bonds fell.", ["U.S. Treasury bonds fell."]),
    ("U.S. Stocks Fall on Fed Worries", ["U.S. Stocks Fall on Fed Worries"]),  # a headline
    ("at 5 p.m. Monday we met.", ["at 5 p.m. Monday we met."]),
    ("U.S. Representatives voted on it.", ["U.S. Representatives voted on it."]),
    ("The U.S. East Coast got snow.", ["The U.S. East Coast got snow."]),
    ("the U.K. Home Secretary said so.", ["the U.K. Home Secretary said so."]),
    ("It rained in the U.S. East of it, snow.", ["It rained in the U.S.", "East of it, snow."]),
    # name suffixes: a name may go on after them
    ("Martin Luther King Jr. Day is today.", ["Martin Luther King Jr. Day is today."]),
    ("He met Sammy Davis Jr. The show began.", ["He met Sammy Davis Jr.", "The show began."]),
    ("Apple Inc. said so.", ["Apple Inc. said so."]),
]


@pytest.mark.parametrize(("text", "sentences"), SENTENCES)
def test_sentence_ends_after_dotted_forms(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


OPENERS = [
    ("Economists", "said", True),
    ("Economists", "Said", False),  # title case: a headline goes on
    ("While", "", True),
    ("Senate", "voted", False),
    ("Open", "today", False),
    ("Congress", "voted", False),
    ("Texas", "officials", True),  # "in the U.S. Texas officials said": a new sentence too
    ("economists", "said", False),
]


@pytest.mark.parametrize(("word", "next_word", "opens"), OPENERS)
def test_opens_sentence(word: str, next_word: str, opens: bool) -> None:
    assert opens_sentence(word, next_word) is opens


HYPHENATED = [
    # listed whole in CMUdict: one word, the dictionary's stress, no boundary inside
    ("x-ray", ["EH1", "K", "S", "R", "EY2"]),
    ("T-shirt", ["T", "IY1", "SH", "ER2", "T"]),
    ("co-op", ["K", "OW1", "AA2", "P"]),
    ("e-mail", ["IY1", "M", "EY2", "L"]),
]


@pytest.mark.parametrize(("word", "phones"), HYPHENATED)
def test_hyphenated_lexicon_words_read_whole(word: str, phones: list[str]) -> None:
    assert phonemize(word)[1:-2] == phones  # between <s> and the closing ". </s>"


def test_hyphenated_words_not_listed_are_read_in_parts() -> None:
    assert WORD_BOUNDARY in phonemize("long-haul")  # not in CMUdict, nor "longhaul"
    assert WORD_BOUNDARY not in phonemize("to-day")  # "today" is
    assert WORD_BOUNDARY in phonemize("twenty-five")  # number words stay in parts
    assert phonemize("a t-shirt")[1] == "AH0"  # the article, not the letter before "t"


def test_a_hyphenated_prefix_reads_as_the_word_written_whole() -> None:
    """ "re-election" is "reelection" (R IY0 ...), not the note "re" (R EY1) and "election"."""
    assert phonemize("re-election")[1:-2] == ["R", "IY0", "IH0", "L", "EH1", "K", "SH", "AH0", "N"]
