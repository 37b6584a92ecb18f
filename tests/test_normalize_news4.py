"""Readings of a fourth round of news copy: hyphenated and described amounts ("a $2-billion
deal", "a 5-year, $200 million contract"), superscripts (yuyin.text._superscripts), regnal
"I", phone numbers with a trunk prefix or a toll-free 800, periods (yuyin.text._periods:
"'01", "2H24", "Q3 2024", "Sun. Jan 5", "1h 30m", "m/m") and rates (yuyin.text._rates: "500
MB/s", "50MP", "12 cents/kWh"); each with the nearby readings that must not change."""

from __future__ import annotations

import pytest

from yuyin.text._superscripts import read_superscripts
from yuyin.text.normalize import normalize_for_tts, split_sentences

READINGS = [
    # an amount hyphenated to its scale word: an adjective before a noun
    ("a $2-billion deal", "a two billion dollar deal"),
    ("a $5-million contract", "a five million dollar contract"),
    ("a $1.5-billion loan", "a one point five billion dollar loan"),
    ("the $2-billion deal", "the two billion dollar deal"),
    ("a £5-million fine", "a five million pound fine"),
    ("a $2-billion dollar deal", "a two billion dollar deal"),  # the unit not said twice
    ("It raised $2-billion.", "It raised two billion dollars."),  # no noun: plural
    ("the $2-billion in aid", "the two billion dollars in aid"),
    ("$5-10 million", "five to ten million dollars"),  # a range, as before
    # an amount after a determiner and a compound or a word of size: singular before a noun
    ("a 5-year, $200 million contract", "a five-year, two hundred million dollar contract"),
    ("a three-year $75 million deal", "a three-year seventy-five million dollar deal"),
    ("a record $5 billion profit", "a record five billion dollar profit"),
    ("Microsoft's $69 billion deal", "Microsoft's sixty-nine billion dollar deal"),
    # ... and plural where it is no adjective
    ("$200 million in cash", "two hundred million dollars in cash"),
    ("an estimated $2 billion spent on it", "an estimated two billion dollars spent on it"),
    ("an estimated $2 billion in losses", "an estimated two billion dollars in losses"),
    ("It's $5 million short.", "It's five million dollars short."),
    ("That's $5 million more.", "That's five million dollars more."),
    ("Apple's $3 trillion makes it", "Apple's three trillion dollars makes it"),
    ("He paid $450 million.", "He paid four hundred fifty million dollars."),
    # superscripts: powers, units, footnote marks
    ("10⁸ cells", "ten to the eighth cells"),
    ("10^8 cells", "ten to the eighth cells"),  # the caret, read the same
    ("10⁻⁶ m", "ten to the minus six meters"),
    ("2³ = 8", "two cubed equals eight"),
    ("x² + y² = z²", "x squared plus y squared equals z squared"),
    ("(a+b)²", "(a plus b) squared"),
    ("E=mc²", "E equals m c squared"),  # two variables (a fifth audit)
    ("2ⁿ", "two to the n"),
    ("9.8 m/s²", "nine point eight meters per second squared"),
    ("9.8 m/s^2", "nine point eight meters per second squared"),
    ("5 cm²", "five square centimeters"),
    ("10 m³", "ten cubic meters"),  # a unit the table names: as before
    ("100 km²", "one hundred square kilometers"),
    ("150 µg/m³", "one hundred fifty micrograms per cubic meter"),
    ("a word¹ here", "a word here"),  # footnote marks are not said
    ("Smith² and Jones³ found", "Smith and Jones found"),
    ("He said.² Then", "He said. Then"),
    ("in 2019² it", "in twenty nineteen it"),  # after a year
    ("the total 42¹", "the total forty-two"),
    # regnal "I": after a title, or opening a clause before a verb of the reign
    ("Elizabeth I was queen.", "Elizabeth the first was queen."),
    ("Queen Elizabeth I knighted him.", "Queen Elizabeth the first knighted him."),
    ("The reign of Elizabeth I was long.", "The reign of Elizabeth the first was long."),
    ("When Elizabeth I died, James took over.", "When Elizabeth the first died, James took over."),
    ("Charles I was executed.", "Charles the first was executed."),
    ("Henry VIII", "Henry the eighth"),
    ("Louis XIV", "Louis the fourteenth"),
    # ... the pronoun after a verb, or before a verb of no reign
    ("When I met Elizabeth I cried", "When I met Elizabeth I cried"),
    ("I told Elizabeth I was tired.", "I told Elizabeth I was tired."),
    ("Mary I love you", "Mary I love you"),
    ("John I think so", "John I think so"),
    ("Thanks Richard I appreciate it", "Thanks Richard I appreciate it"),
    # phone numbers: a trunk prefix dropped, a toll-free 800 said "eight hundred"
    (
        "+44 (0)20 7946 0958",
        "plus four four, two zero, seven nine four six, zero nine five eight",
    ),
    ("+33 (0)1 23 45 67 89", "plus three three, one, two three, four five, six seven, eight nine"),
    (
        "Call 1-800-555-0199 now.",
        "Call one eight hundred, five five five, zero one nine nine now.",
    ),
    ("Call (800) 555-0199.", "Call eight hundred, five five five, zero one nine nine."),
    ("Call 1-888-555-0199.", "Call one, eight eight eight, five five five, zero one nine nine."),
    ("Call 0800 123 4567.", "Call zero eight hundred, one two three, four five six seven."),
    ("Call 1-800-FLOWERS.", "Call one eight hundred FLOWERS."),
    ("option (0) is", "option (zero) is"),
    ("Boeing's 737-800 fleet", "Boeing's seven thirty-seven eight hundred fleet"),
    # a year in two digits
    ("the class of '01", "the class of oh one"),
    ("in '08", "in oh eight"),
    ("in '99", "in ninety-nine"),
    ("the '90s", "the nineties"),  # a decade, as before
    ("the '08-'09 crisis", "the oh eight to oh nine crisis"),
    ("'12 Angry Men'", "'twelve Angry Men'"),  # a quotation keeps its quote
    ("5'10\"", "five foot ten"),
    # halves and quarters
    ("in 2H24", "in the second half of twenty twenty-four"),
    ("in 1H25", "in the first half of twenty twenty-five"),
    ("Guidance for H1 2025 is", "Guidance for the first half of twenty twenty-five is"),
    ("H1 2024", "The first half of twenty twenty-four"),
    ("Q3 2024 was strong.", "The third quarter of twenty twenty-four was strong."),
    ("in Q4 2023.", "in the fourth quarter of twenty twenty-three."),
    ("the 3Q24 report", "the third-quarter twenty twenty-four report"),
    ("Q1 '25 sales were flat.", "First-quarter twenty twenty-five sales were flat."),
    ("in 3Q", "in the third quarter"),
    ("Q3 earnings", "Q three earnings"),  # "Q3" alone stays as said
    ("H1 tag", "H one tag"),
    ("a 2H pencil", "a two H pencil"),
    ("1Q84 is a novel", "one Q eighty-four is a novel"),
    ("Q1-Q2 2024", "Q one to Q two twenty twenty-four"),
    # abbreviated weekdays beside a date
    ("Sun. Jan 5", "Sunday January fifth"),
    ("Sun., Jan. 5", "Sunday, January fifth"),
    ("Mon. Jan 6 at noon", "Monday January sixth at noon"),
    ("Thurs. March 3", "Thursday March third"),
    ("Sat. Jan. 25, 2020", "Saturday January twenty-fifth, twenty twenty"),
    ("Jan. 5 (Sun.)", "January fifth (Sunday)"),
    ("It is on January 5, Sun.", "It is on January fifth, Sunday."),
    ("the Sun.", "the Sun."),
    ("The Sun. Jan 5 edition", "The Sun. January fifth edition"),  # the newspaper
    ("Sat. night", "Saturday night"),
    ("Med. school", "Med. school"),
    ("Sun Microsystems", "Sun Microsystems"),
    # durations in unit letters
    ("It took 1h 30m.", "It took one hour thirty minutes."),
    ("It took 2h 45m.", "It took two hours forty-five minutes."),
    ("It took 1h30.", "It took one hour thirty minutes."),
    ("It took 1h30m.", "It took one hour thirty minutes."),
    ("in 4m 33s", "in four minutes thirty-three seconds"),
    ("It took 1h.", "It took one hour."),
    ("a 90 min session", "a ninety-minute session"),
    ("a 30m drop", "a thirty-meter drop"),  # a lone "m" is still meters
    ("The tower is 30m tall.", "The tower is thirty meters tall."),
    ("at 9h30", "at nine thirty"),  # a clock time is no duration
    ("14h30", "fourteen thirty"),  # hours only a clock has
    # month over month, as year over year
    ("growth of 2% m/m", "growth of two percent month over month"),
    ("growth of 2% y/y", "growth of two percent year over year"),
    ("up 3% q/q", "up three percent quarter over quarter"),
    ("a 5% m/m solution", "a five percent m m solution"),
    ("rose 0.3 pct.", "rose zero point three percent."),
    ("1/2 price", "one half price"),
    # data rates, megapixels, prices per unit
    ("speeds of 500 MB/s", "speeds of five hundred megabytes per second"),
    ("speeds of 500 Mb/s", "speeds of five hundred megabits per second"),
    ("1 Gb/s", "one gigabit per second"),
    ("10 GB/s", "ten gigabytes per second"),
    ("100 KB/s", "one hundred kilobytes per second"),
    ("200 MBps", "two hundred megabytes per second"),
    ("1 Gbit/s", "one gigabit per second"),
    ("a 500 MB/s drive", "a five hundred megabyte per second drive"),
    ("100 Mbps", "one hundred megabits per second"),  # the unit table's, as before
    ("a 10 Gbps link", "a ten gigabit per second link"),
    ("500 MB", "five hundred megabytes"),
    ("a 50MP camera", "a fifty megapixel camera"),
    ("a 12 MP sensor", "a twelve megapixel sensor"),
    ("The camera has 50MP.", "The camera has fifty megapixels."),
    ("only 1 MP voted", "only one M P voted"),  # a member of parliament
    ("50 MPs", "fifty M P's"),
    ("MP3 player", "M P three player"),
    ("12 cents/kWh", "twelve cents per kilowatt hour"),
    ("12¢/kWh", "twelve cents per kilowatt hour"),
    ("30p/kWh", "thirty pence per kilowatt hour"),
    ("12 cents/gallon", "twelve cents per gallon"),
    ("prices in $/kWh", "prices in dollars per kilowatt hour"),
    ("$0.12/kWh", "twelve cents per kilowatt hour"),
    ("12 cents", "twelve cents"),
]


@pytest.mark.parametrize(("written", "spoken"), READINGS)
def test_news_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken


SUPERSCRIPTS = [
    ("10\u2078", "10^8"),
    ("x\u00b2", "x^2"),
    ("5 m\u00b2", "5 m2"),  # the unit table's "m2"
    ("m/s\u00b2", "m/s^2"),
    ("word\u00b9", "word"),
    ("Ca\u00b2\u207a", "Ca\u00b2\u207a"),  # a charge: left to NFKC ("Ca2+")
    ("\u00b2 alone", " alone"),
]


@pytest.mark.parametrize(("written", "read"), SUPERSCRIPTS)
def test_superscripts_before_nfkc(written: str, read: str) -> None:
    assert read_superscripts(written) == read


SENTENCES = [
    ("Sun. Jan 5 is the day.", ["Sun. Jan 5 is the day."]),
    ("The game is Sat. Jan. 25, 2020 at noon.", ["The game is Sat. Jan. 25, 2020 at noon."]),
    ("It was Sun. Then it rained.", ["It was Sun.", "Then it rained."]),
    ("Read the Sun. Jan 5 was cold.", ["Read the Sun.", "Jan 5 was cold."]),
    ("It was Fri. Jan was cold.", ["It was Fri.", "Jan was cold."]),
]


@pytest.mark.parametrize(("text", "sentences"), SENTENCES)
def test_a_weekday_before_its_date_ends_no_sentence(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences
