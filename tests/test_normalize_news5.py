"""Readings fixed after a review of the fourth round of news copy (tests/test_normalize_news4.py):
superscript fractions, charges, isotopes, products of variables and footnote marks; each with
the nearby readings that must stay."""

from __future__ import annotations

import pytest

from yuyin.text._superscripts import read_superscripts
from yuyin.text.normalize import normalize_for_tts, split_sentences

READINGS = [
    # a superscript before a fraction slash is a fraction's numerator (recipes), as NFKC reads it
    ("Add ³⁄₄ cup sugar.", "Add three quarters cup sugar."),
    ("Use ¹⁄₄ teaspoon salt.", "Use one quarter teaspoon salt."),
    ("Add 1 ¹⁄₂ cups flour.", "Add one and a half cups flour."),
    ("Add 1¹⁄₂ cups flour.", "Add one and a half cups flour."),  # it was "eleven two"
    ("Use 2 ²⁄₃ cups milk.", "Use two and two thirds cups milk."),
    ("a ⁵⁄₈-inch bolt", "a five-eighth-inch bolt"),
    ("Add ³/₄ cup sugar.", "Add three quarters cup sugar."),
    # an ion's charge is read as its plain form is ("Ca2+" -> "Ca two plus")
    ("Fe³⁺ and Fe²⁺ differ.", "Fe three plus and Fe two plus differ."),
    ("Ca²⁺ ions", "Ca two plus ions"),
    ("Ca2+ ions", "Ca two plus ions"),
    ("H⁺ concentration", "H plus concentration"),
    ("Na⁺ and Cl⁻", "Na plus and Cl-"),
    ("e⁺e⁻ collisions", "e plus e- collisions"),
    ("He got an A⁺", "He got an A plus"),
    # a number before a letter or after a hyphen: an isotope, as NFKC writes it
    ("the ¹H NMR spectrum", "the one H N M R spectrum"),
    ("¹³C labelling", "thirteen C labelling"),
    ("The ²³⁵U isotope", "The two hundred thirty-five U isotope"),
    ("Uranium-²³⁵", "Uranium-two hundred thirty-five"),
    # a short run of variables keeps its power, and what follows the power is apart
    ("ab²", "ab squared"),
    ("2ab²", "two ab squared"),
    ("xy²", "xy squared"),
    ("3x²", "three x squared"),
    ("3x^2", "three x squared"),  # the caret, read the same (it was "three times squared")
    ("3x²y + 2xy²", "three x squared y plus two xy squared"),
    ("x²y", "x squared y"),
    ("a²b²", "a squared b squared"),
    ("a^2b^2", "a squared b squared"),
    ("E=mc²", "E equals m c squared"),  # two variables (a fifth audit)
    ("5m^2", "five meters squared"),  # a unit, no coefficient
    ("It rose 3x in a year.", "It rose three times in a year."),
    # "⁰" after a number is a degree sign
    ("It was 30⁰C today.", "It was thirty degrees Celsius today."),
    ("a 90⁰ angle", "a ninety-degree angle"),
    # two capitals: as NFKC writes them (a typo for a subscript); three are an acronym's footnote
    ("CO² emissions", "C O two emissions"),
    ("According to the CDC², cases rose.", "According to the C D C, cases rose."),
    ("GDP² rose", "G D P rose"),
    ("the BBC³ said", "the B B C said"),
    # a bracket of words or a year, and a grouped number: a footnote
    ("Smith (2019)² argues", "Smith (twenty nineteen) argues"),
    ("Jones et al. (2020)² found", "Jones et al. (twenty twenty) found"),
    ("(see above)³", "(see above)"),
    ("(a+b)²", "(a plus b) squared"),
    ("(-3)²", "(minus three) squared"),
    (
        "The population was 8,336,817².",
        "The population was eight million three hundred"
        " thirty-six thousand eight hundred seventeen.",
    ),
    ("It employs 2,500² staff", "It employs two thousand five hundred staff"),
    ("1024² bytes", "ten twenty-four squared bytes"),  # no year: a power
    ("1024^2 bytes", "ten twenty-four squared bytes"),
    ("in 2019² it", "in twenty nineteen it"),
    ("10⁸ cells", "ten to the eighth cells"),
    ("the 1st² place", "the first place"),  # after an ordinal: a footnote
    # regnal "I": without a title only before a word of the reign, never bare "was" or "had"
    ("Like Mary I was nervous before the exam.", "Like Mary I was nervous before the exam."),
    ("After John I was the next to speak.", "After John I was the next to speak."),
    ("Before Henry I had never seen a horse.", "Before Henry I had never seen a horse."),
    (
        "The email from James I had ignored was urgent.",
        "The email from James I had ignored was urgent.",
    ),
    (
        "The call from Charles I was expecting never came.",
        "The call from Charles I was expecting never came.",
    ),
    ("Between Mary and John I was the tallest.", "Between Mary and John I was the tallest."),
    (
        "She sat between Louis and Henry. Henry I had never met.",
        "She sat between Louis and Henry. Henry I had never met.",
    ),
    (
        "The letter from John I had been waiting for finally came.",
        "The letter from John I had been waiting for finally came.",
    ),
    ("Mary I was so worried.", "Mary I was so worried."),
    ('"Richard I was wrong," said Tom.', '"Richard I was wrong," said Tom.'),
    (
        "Thanks to Mr. William I was able to finish.",
        "Thanks to Mister William I was able to finish.",
    ),
    ("At St. John I was baptized.", "At Saint John I was baptized."),
    ("After John I ruled out the idea.", "After John I ruled out the idea."),
    ("After John I succeeded in passing.", "After John I succeeded in passing."),
    ("Elizabeth I was queen.", "Elizabeth the first was queen."),
    ("Elizabeth I was crowned in 1559.", "Elizabeth the first was crowned in fifteen fifty-nine."),
    ("Elizabeth I ruled England.", "Elizabeth the first ruled England."),
    ("Elizabeth I succeeded Mary.", "Elizabeth the first succeeded Mary."),
    ("Elizabeth I is buried in London.", "Elizabeth the first is buried in London."),
    ("The reign of Elizabeth I was long.", "The reign of Elizabeth the first was long."),
    # ... after a title, before a past, "and" or an "-s" form; the pronoun before a present
    ("King John I think was a bad king.", "King John I think was a bad king."),
    ("King Charles I love this dog.", "King Charles I love this dog."),
    ("King Charles I need you.", "King Charles I need you."),
    ("Queen Elizabeth I knighted him.", "Queen Elizabeth the first knighted him."),
    ("King John I was a bad king.", "King John the first was a bad king."),
    ("King Charles I and his wife", "King Charles the first and his wife"),
    ("Queen Mary I.", "Queen Mary the first."),
    # an amount hyphenated to its scale word is read as one written apart
    ("The $2-billion came from investors.", "The two billion dollars came from investors."),
    ("The $5-million goes to charity.", "The five million dollars goes to charity."),
    (
        "The province spent $5-billion fighting wildfires.",
        "The province spent five billion dollars fighting wildfires.",
    ),
    (
        "It will cost about $2-billion once complete.",
        "It will cost about two billion dollars once complete.",
    ),
    ("The project cost $5-billion total.", "The project cost five billion dollars total."),
    ("It manages $500-billion globally.", "It manages five hundred billion dollars globally."),
    ("They paid $2-million upfront.", "They paid two million dollars upfront."),
    ("They lost $3-billion combined.", "They lost three billion dollars combined."),
    ("He collected $2-million tax-free.", "He collected two million dollars tax-free."),
    (
        "Revenue was $5-billion versus $4-billion.",
        "Revenue was five billion dollars versus four billion dollars.",
    ),
    ("a $2-billion deal", "a two billion dollar deal"),
    ("the $2-billion deal", "the two billion dollar deal"),
    ("It cost C$2-billion.", "It cost two billion Canadian dollars."),
    # ... and the currency written after an amount is said once
    ("It cost US$2-billion dollars.", "It cost two billion US dollars."),
    ("It cost $2 billion dollars.", "It cost two billion dollars."),
    ("a $2-billion dollars deal", "a two billion dollars deal"),
    ("a $2-billion dollar deal", "a two billion dollar deal"),
    ("a £5 million pounds fine", "a five million pounds fine"),
    ("$2 billion deals", "two billion dollars deals"),  # no determiner: as before
    # an owner is a name's: a common noun's "'s" is as often "is"; time words are no nouns
    ("The jackpot's $5 million tonight.", "The jackpot's five million dollars tonight."),
    ("The gap's $5 million today.", "The gap's five million dollars today."),
    ("The estimate's $2 billion overall.", "The estimate's two billion dollars overall."),
    ("Apple's $3 billion today", "Apple's three billion dollars today"),
    ("Microsoft's $69 billion deal", "Microsoft's sixty-nine billion dollar deal"),
    ("Apple's $3 billion buyback", "Apple's three billion dollar buyback"),
    ("It's $5 million short.", "It's five million dollars short."),
    ("a $5 million deal", "a five million dollar deal"),
    # "m/m" is month over month only after a percent with a word of change before it
    ("The alloy is 60% m/m copper.", "The alloy is sixty percent m m copper."),
    ("a 10% m/m NaCl solution", "a ten percent m m N a C l solution"),
    ("a 0.9% m/m saline", "a zero point nine percent m m saline"),
    ("Dilute to 1% m/m with water.", "Dilute to one percent m m with water."),
    ("concentration of 5% m/m", "concentration of five percent m m"),
    ("It was 3 m/m.", "It was three m m."),
    ("The 2 M/M ratio", "The two M M ratio"),
    (
        "Prices rose 0.3% m/m in May.",
        "Prices rose zero point three percent month over month in May.",
    ),
    ("CPI was up 0.4% m/m.", "C P I was up zero point four percent month over month."),
    ("Inflation was 0.5% m/m.", "Inflation was zero point five percent month over month."),
    # a letter first after a name is a model
    ("The Audi Q3 2024 review is out.", "The Audi Q three twenty twenty-four review is out."),
    (
        "My Audi Q3 2018 has 50,000 miles.",
        "My Audi Q three twenty eighteen has fifty thousand miles.",
    ),
    ("We tested the Audi Q4 2023 e-tron.", "We tested the Audi Q four twenty twenty-three e-tron."),
    ("The Hyundai H1 2019 van", "The Hyundai H one twenty nineteen van"),
    ("Apple's Q3 2024 results", "Apple's third-quarter twenty twenty-four results"),
    # "the" unless a determiner precedes; periods joined by "and", "vs" read alike
    (
        "Compared with Q3 2023, sales rose.",
        "Compared with the third quarter of twenty twenty-three, sales rose.",
    ),
    (
        "Between Q1 2023 and Q4 2023 sales rose.",
        "Between the first quarter of twenty twenty-three and the fourth quarter of twenty"
        " twenty-three sales rose.",
    ),
    (
        "Q3 2024 vs Q3 2023",
        "The third quarter of twenty twenty-four versus the third quarter of twenty twenty-three",
    ),
    (
        "For FY2024 and 2H 2025",
        "For F Y twenty twenty-four and the second half of twenty twenty-five",
    ),
    (
        "The Q1 2024 and Q2 2024 numbers",
        "The first-quarter twenty twenty-four and second-quarter twenty twenty-four numbers",
    ),
    ("its Q3 2024 was strong", "its third quarter of twenty twenty-four was strong"),
    ("In Q3 2024 Apple sold more.", "In the third quarter of twenty twenty-four Apple sold more."),
    ("Q3 2024 showed growth.", "The third quarter of twenty twenty-four showed growth."),
    # a capitalized noun after it is a noun it describes
    ("4Q23 EPS rose.", "Fourth-quarter twenty twenty-three E P S rose."),
    ("Q4 2023 EPS rose.", "Fourth-quarter twenty twenty-three E P S rose."),
    ("The Q3 2024 iPhone launch", "The third-quarter twenty twenty-four iPhone launch"),
    # a bare "3Q" only after "in", "the" ... or before a word of results
    ("Room 1Q", "Room one Q"),
    ("Grade 4Q", "Grade four Q"),
    ("in 3Q", "in the third quarter"),
    ("the 3Q results", "the third-quarter results"),
    ("3Q results were strong.", "Third-quarter results were strong."),
    # two of one year
    ("in Q3 and Q4 2024", "in the third and fourth quarters of twenty twenty-four"),
    (
        "Q3 and Q4 2024 results were strong.",
        "Third- and fourth-quarter twenty twenty-four results were strong.",
    ),
    ("H1 and H2 2023", "The first and second halves of twenty twenty-three"),
    # hours and minutes without "m": a duration after a word that measures time, else a clock
    ("Departure 8h15.", "Departure eight fifteen."),
    ("Open 8h30-17h30", "Open eight thirty to seventeen thirty"),
    ("from 8h30 to 17h30", "from eight thirty to seventeen thirty"),
    ("9h30 pm", "nine thirty p m"),
    ("It took 1h30.", "It took one hour thirty minutes."),
    ("It lasted 2h05.", "It lasted two hours five minutes."),
    ("The flight is 2h15 long.", "The flight is two hours fifteen minutes long."),
    ("It took 1h30-1h45.", "It took one hour thirty minutes to one hour forty-five minutes."),
    ("It took 2h 45m.", "It took two hours forty-five minutes."),  # with "m": a duration
    ("It was 25h30 in total", "It was twenty-five hours thirty minutes in total"),
    # ... singular between "a" and a noun
    ("a 3h 20m movie", "a three hour twenty minute movie"),
    ("a 1h30 flight", "a one hour thirty minute flight"),
    ("a 4m 33s song", "a four minute thirty-three second song"),
    ("in 4m 33s", "in four minutes thirty-three seconds"),
    # two digits before a quote or "'s" are a quoted code, read as before; a dash between years
    ("Enter '01' for January.", "Enter 'zero one' for January."),
    ("Set the flag to '00'.", "Set the flag to 'zero zero'."),
    ("He loved '00's pop.", "He loved two thousands pop."),  # was "zeros" (ea80f89), not "oh oh's"
    ("the class of '01", "the class of oh one"),
    ("the '08-'09 season.", "the oh eight to oh nine season."),
    # a data rate is singular only between a determiner and a noun
    (
        "It downloads at 100 MB/s using Wi-Fi.",
        "It downloads at one hundred megabytes per second using Wi-Fi.",
    ),
    (
        "It reads 7,000 MB/s sequentially.",
        "It reads seven thousand megabytes per second sequentially.",
    ),
    (
        "It hit 900 Mb/s during the test.",
        "It hit nine hundred megabits per second during the test.",
    ),
    ("It runs at 3 Gb/s unless cooled.", "It runs at three gigabits per second unless cooled."),
    ("It hit 500 MB/s reading.", "It hit five hundred megabytes per second reading."),
    ("It does 200 MB/s sustained.", "It does two hundred megabytes per second sustained."),
    ("a 500 MB/s drive", "a five hundred megabyte per second drive"),
    ("the 10 Gb/s link is fast", "the ten gigabit per second link is fast"),
    ("with 50MP cameras", "with fifty megapixel cameras"),
]


@pytest.mark.parametrize(("written", "spoken"), READINGS)
def test_news_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken


SUPERSCRIPTS = [
    ("\u00b3\u2044\u2084", "\u00b3\u2044\u2084"),  # "³⁄₄": left to NFKC
    ("1\u00b9\u2044\u2082", "1 \u00b9\u2044\u2082"),  # "1¹⁄₂": apart from its whole number
    ("Ca\u00b2\u207a", "Ca\u00b2\u207a"),  # a charge: left to NFKC ("Ca2+")
    ("\u00b9\u00b3C", "\u00b9\u00b3C"),  # an isotope
    ("x\u00b2y", "x^2 y"),
    ("30\u2070C", "30\u00b0C"),
    ("CDC\u00b2", "CDC"),
    ("CO\u00b2", "CO\u00b2"),
    ("(2019)\u00b2", "(2019)"),
    ("(a+b)\u00b2", "(a+b)^2"),
    ("1,000\u00b2", "1,000"),
]


@pytest.mark.parametrize(("written", "read"), SUPERSCRIPTS)
def test_superscripts_before_nfkc(written: str, read: str) -> None:
    assert read_superscripts(written) == read


SENTENCES = [
    # only a date with its month named after a weekday keeps the sentence going
    ("It opens Tue. 9/11 is next week.", ["It opens Tue.", "9/11 is next week."]),
    ("It was Wed. 6/7 of the students passed.", ["It was Wed.", "6/7 of the students passed."]),
    (
        "The store is closed Sun. 5 Jan is the next opening.",
        ["The store is closed Sun.", "5 Jan is the next opening."],
    ),
    ("Sun. Jan 5 is the day.", ["Sun. Jan 5 is the day."]),
    ("It is Sun. Jan. 5 at noon.", ["It is Sun. Jan. 5 at noon."]),
]


@pytest.mark.parametrize(("text", "sentences"), SENTENCES)
def test_a_weekday_before_a_named_month_ends_no_sentence(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences
