"""Readings of sports copy (cricket, baseball, golf), TV listings, docket numbers, model
variants, lumber, headlines in capitals inside mixed text, acronyms said as words, and the one
rule for a dash between clock times. Each rule has rows where it must not fire."""

from __future__ import annotations

import time

import pytest

from text_timing import grows_linearly
from yuyin.text.normalize import normalize_for_tts, split_sentences

READINGS = [
    # cricket: runs for wickets near a cricket word; "dec." is declared
    ("India were 250/6 at stumps.", "India were two hundred fifty for six at stumps."),
    ("India 250/6 (45.3 overs)", "India two hundred fifty for six (forty-five point three overs)"),
    ("India reached 45/2 at lunch.", "India reached forty-five for two at lunch."),
    ("Australia were 312/8 declared.", "Australia were three hundred twelve for eight declared."),
    (
        "England 412/8 dec. The visitors replied.",
        "England four hundred twelve for eight declared. The visitors replied.",
    ),
    ("He took 5/32 in 10 overs.", "He took five for thirty-two in ten overs."),
    (
        "Bumrah finished with 3-27 in 10 overs.",
        "Bumrah finished with three for twenty-seven in ten overs.",
    ),
    ("all out for 187", "all out for one hundred eighty-seven"),
    # ... not without cricket, not a date, not "24/7"
    ("India were 250/6 on the list.", "India were two hundred fifty six on the list."),
    ("The meeting on 12/6 at lunch.", "The meeting on December sixth at lunch."),
    ("Open 24/7 during the Test.", "Open twenty-four seven during the Test."),
    ("He took 5/32 of the votes.", "He took five thirty-seconds of the votes."),
    ("The team took 3-2 lead.", "The team took three to two lead."),
    (
        "England took 2-1 series lead in the Test.",
        "England took two to one series lead in the Test.",
    ),
    ("He mistook 5/32 in the Test.", "He mistook five thirty-two in the Test."),
    # ... not a recipe's bowl, a sentence's "Tests", a day/month date (a review)
    ("Add 150/2 cups to the bowl", "Add one hundred fifty two cups to the bowl"),
    ("Tests show 120/8 results", "Tests show one hundred twenty eight results"),
    ("The first Test starts on 15/3.", "The first Test starts on fifteen three."),
    # baseball: averages in pairs, home runs; calibers in pairs
    ("He is batting .312 this season.", "He is batting three twelve this season."),
    ("a .300 hitter", "a three hundred hitter"),
    (
        "He hit .300 for the Mets and .287 later.",
        "He hit three hundred for the Mets and two eighty-seven later.",
    ),
    (
        "He batted .305 with 42 HR and 110 RBI.",
        "He batted three oh five with forty-two homers and one hundred ten R B I.",
    ),
    (
        "He had 1 HR in the series, batting .250.",
        "He had one homer in the series, batting two fifty.",
    ),
    ("A .357 Magnum and a .22 rifle", "A three fifty-seven Magnum and a twenty-two rifle"),
    (
        "He has a .310/.390/.550 slash line.",
        "He has a three ten, three ninety, five fifty slash line.",
    ),
    ("The Mets are two games above .500.", "The Mets are two games above five hundred."),
    # ... a decimal elsewhere stays a decimal, "HR" elsewhere is spelled
    ("The correlation was .312 overall.", "The correlation was point three one two overall."),
    ("p < .001", "p less than point zero zero one"),
    ("an average accuracy of .912", "an average accuracy of point nine one two"),
    ("a .500 probability", "a point five zero zero probability"),
    # ... "hit", "above" only count near a baseball word (a review: "hit .125 percent")
    ("Unemployment hit .125 percent", "Unemployment hit point one two five percent"),
    ("The model hits .953 accuracy", "The model hits point nine five three accuracy"),
    ("The p-value rose to .500", "The p-value rose to point five zero zero"),
    ("The .22 figure", "The point two two figure"),
    ("She hired 12 HR managers.", "She hired twelve H R managers."),
    ("He batted 3 HR staff.", "He batted three H R staff."),
    # golf: a score to par, rounds and their total
    ("Woods is -7 under par.", "Woods is seven under par."),
    (
        "McIlroy finished at -12, two shots ahead.",
        "McIlroy finished at twelve under, two shots ahead.",
    ),
    ("Rahm is at -7 after three rounds.", "Rahm is at seven under after three rounds."),
    ("Lowry at +2 after a double bogey.", "Lowry at two over after a double bogey."),
    (
        "Scheffler (-10) leads by 2 shots over Rahm (-8).",
        "Scheffler (ten under) leads by two shots over Rahm (eight under).",
    ),
    (
        "His rounds of 68-70-71 left him 7 under.",
        "His rounds of sixty-eight, seventy, seventy-one left him seven under.",
    ),
    (
        "Woods shot 71-70-69-68=278.",
        "Woods shot seventy-one, seventy, sixty-nine, sixty-eight, for two hundred seventy-eight.",
    ),
    ("She shot a 5-under 67.", "She shot a five-under sixty-seven."),
    # ... not without golf, not a record or a hyphen
    ("Temperatures fell to -7 overnight.", "Temperatures fell to minus seven overnight."),
    # ... a golf word near, but a unit, a number or another noun after the score (a review)
    (
        "Call +1 555 123 4567 before the next round.",
        "Call plus one, five five five, one two three, four five six seven before the next round.",
    ),
    ("lost -3 points in the second round", "lost minus three points in the second round"),
    ("-7 degrees on the golf course", "minus seven degrees on the golf course"),
    ("Bills +7 underdogs in the first round", "Bills plus seven underdogs in the first round"),
    ("McIlroy (-9) leads.", "McIlroy (minus nine) leads."),  # no golf word near: a minus
    ("x-7 under", "x-seven under"),
    (
        "The Yankees improved to 12-4-1 on the season.",
        "The Yankees improved to twelve, four and one on the season.",  # a record, no golf
    ),
    ("a 40-50-60 split", "a forty-fifty-sixty split"),
    # TV listings: Eastern, then Central an hour earlier
    ("The show airs at 8/7c.", "The show airs at eight, seven central."),
    ("New episodes Tuesdays 9/8c on NBC", "New episodes Tuesdays nine, eight central on N B C"),
    ("at 8:30/7:30c", "at eight thirty, seven thirty central"),
    ("Tune in 1/12c.", "Tune in one, twelve central."),
    ("Stir in 3/4c sugar.", "Stir in three quarters c sugar."),  # no listing: not an hour apart
    # docket numbers: the year, a pause, the number in pairs; a federal case number in parts
    ("The case is No. 22-1234.", "The case is Number twenty-two, twelve thirty-four."),
    (
        "The court heard No. 21-476 on Monday.",
        "The court heard Number twenty-one, four seventy-six on Monday.",
    ),
    ("Case 20-543 was argued.", "Case twenty, five forty-three was argued."),
    ("docket 19-01392", "docket nineteen, zero one three nine two"),
    (
        "Case 1:23-cv-04567 was filed.",
        "Case one, twenty-three, C V, zero four five six seven was filed.",
    ),
    ("See 2:19-cr-00123-JMF.", "See two, nineteen, C R, zero zero one two three, J M F."),
    # ... not a ranking, not "in case", not a phone number
    ("Ranked No. 5-10 in polls.", "Ranked Number five to ten in polls."),
    ("In case 20-300 people come", "In case twenty to three hundred people come"),
    (
        "Call Number 1-800-555-1234.",
        "Call Number one eight hundred, five five five, one two three four.",
    ),
    # model numbers: a variant after the jet, a bare Boeing jet with a variant, Airbus models
    ("The Boeing 747-8 is long.", "The Boeing seven forty-seven eight is long."),
    ("The 747-8 is a jumbo jet.", "The seven forty-seven eight is a jumbo jet."),
    ("a 787-9 and a 787-10", "a seven eighty-seven nine and a seven eighty-seven ten"),
    ("Boeing's 737-800 fleet", "Boeing's seven thirty-seven eight hundred fleet"),
    ("The 777X is late.", "The seven seventy-seven X is late."),
    ("The 737 MAX 8 returned.", "The seven thirty-seven MAX eight returned."),
    ("An A321neo landed.", "An A three twenty-one neo landed."),
    # ... not a range of other numbers, not any letter and number
    ("Pages 120-9 are gone.", "Pages one hundred twenty to nine are gone."),
    ("see pages 707-9", "see pages seven hundred seven to nine"),
    (
        "The clip runs 20:00-25:00 in it.",
        "The clip runs twenty hundred to twenty-five hundred in it.",
    ),
    ("Nos. 737-8 are out.", "Numbers seven hundred thirty-seven to eight are out."),
    ("the A303 road", "the A three hundred three road"),
    ("The A320X is no plane.", "The A three hundred twenty X is no plane."),
    # lumber, multipliers
    ("Buy 2x4s at the yard.", "Buy two by fours at the yard."),
    ("The 2x4s are stacked.", "The two by fours are stacked."),
    ("She drives a 4x4.", "She drives a four by four."),
    ("It is 3x faster.", "It is three times faster."),
    ("the 2x speed setting", "the two times speed setting"),
    ("x2x4s", "x two x four s"),
    # headlines in capitals inside mixed text: their short words are not spelled
    (
        "UPDATE: FED CUTS RATES. The Fed cut rates.",
        "UPDATE: FED CUTS RATES. The Fed cut rates.",
    ),
    ("MARKETS: DOW UP 300. Stocks rose.", "MARKETS: DOW UP three hundred. Stocks rose."),
    ("BREAKING: STOCKS FALL. Markets slid.", "BREAKING: STOCKS FALL. Markets slid."),
    ("BREAKING: STOCKS FALL", "BREAKING: STOCKS FALL"),
    # ... while initialisms in running text, after a label alone or before a comma are spelled
    ("NASA and the FBI said.", "NASA and the F B I said."),
    ("NOTE: IBM shares rose.", "NOTE: I B M shares rose."),
    ("WARNING: FBI agents are here.", "WARNING: F B I agents are here."),
    ("SPORTS: NFL, NBA SCORES. Here they are.", "SPORTS: N F L, NBA SCORES. Here they are."),
    ("the FBI, CIA and NSA", "the F B I, C I A and N S A"),
    # acronyms said as words; others spelled
    ("The API returns JSON over HTTP.", "The A P I returns Jason over H T T P."),
    ("the YAML file, the GUI and JSON's rules", "the Yammel file, the Gooey and Jason's rules"),
    ("a SCSI disk", "a Scuzzy disk"),
    ("Run the SQL query on a CSV.", "Run the S Q L query on a C S V."),
    ("XJSON and A-JSON", "XJSON and A-J S O N"),
    # the dash between clock times: one rule
    ("from 3-4 p.m.", "from three to four p m."),
    ("open 9am-5pm", "open nine a m to five p m"),
    ("open 9am - 5pm", "open nine a m to five p m"),
    ("From 9 a.m.-5 p.m. daily", "From nine a m to five p m daily"),
    ("open 9:00-17:00", "open nine o'clock to seventeen hundred"),
    ("runs 10-11:30 am", "runs ten to eleven thirty a m"),
    ("from 9:15 am-10 pm", "from nine fifteen a m to ten p m"),
    ("9 PM-2 AM", "nine p m to two a m"),
    ("open 9 a.m.-5 daily", "open nine a m to five daily"),
    ("open 9am-5 daily", "open nine a m to five daily"),
    ("from 11 a.m.-noon", "from eleven a m to noon"),
    ("open 10-midnight", "open ten to midnight"),
    # ... not a bare hour before a bare hour, nor hours no clock shows
    ("Mon-Fri 9-5.", "Monday to Friday nine to five."),
    ("scored 13-4 pm", "scored thirteen-four p m"),
    ("from 3-4:30", "from three-four thirty"),
    ("at 13-noon", "at thirteen-noon"),
]


@pytest.mark.parametrize(("written", "spoken"), READINGS)
def test_reading(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken


def test_headline_lines_split_as_before() -> None:
    """The headline rule reads words; it does not change where sentences end."""
    text = "UPDATE: FED CUTS RATES\nThe Fed cut rates."
    assert split_sentences(text) == ["UPDATE: FED CUTS RATES", "The Fed cut rates."]


LARGE = 1_000_000  # characters: a 1 MB single line


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    [
        "68-70-71 ", "68-", "-7 par ", "-1 ", "250/6 ", "took 5/32 ", ".312 ", ".3", "1 HR ",
        "8/7c ", "8/7", "No. 21-", "Number 21-1234 ", "1:23-cv-0456-", "747-8 ", "747-",
        "2x4s ", "2x4", "AB ", "AB: ", "UPDATE: FED ", "JSON ", "9:00-", "9am-", "9 a.m.-",
        "8 p.m. ET/", "9pm ET ",
    ],
)  # fmt: skip
def test_one_megabyte_line_completes(unit: str) -> None:
    """Adversarial runs for this file's rules: each pass stays linear, so 1 MB is quick."""
    text = unit * (LARGE // len(unit))
    start = time.perf_counter()
    assert normalize_for_tts(text)
    print(f"{unit!r} x {len(text)} chars: {time.perf_counter() - start:.2f} s")  # with -s


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit", ["68-70-71 ", "-7 par ", ".312 ", "8/7c ", "AB: ", "9am-", " ", ".", "!"]
)
def test_time_grows_linearly(unit: str) -> None:
    """Four times the text takes about four times as long (a quadratic rule takes sixteen)."""
    assert grows_linearly(unit, normalize_for_tts, split_sentences)


def test_text_in_capitals_keeps_its_acronyms_as_words_for_scoring() -> None:
    """A LibriSpeech-style reference in capitals is scored against a lowercase hypothesis:
    "JSON" there is the word "json", not "Jason" (a review found the respelling in all-caps
    references); in mixed case it is said as a word."""
    from yuyin.text.normalize import normalize_for_scoring

    assert normalize_for_scoring("THE GUI FROZE AND THE JSON BROKE") == (
        "the gui froze and the json broke"
    )
    assert normalize_for_scoring("The GUI froze.") == "the gooey froze"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Hours: Mon-Fri,9am-5pm.", "Hours: Monday to Friday,nine a m to five p m."),
        ("Open daily,10:00-18:00.", "Open daily,ten o'clock to eighteen hundred."),
        ("Open 8.30 a.m.-5 p.m.", "Open eight thirty a m to five p m."),
        ("Doors open at 7.45pm.", "Doors open at seven forty-five p m."),
        ("The Airbus A350-1000 flew.", "The Airbus A three fifty one thousand flew."),
        # a US time zone after a.m./p.m.; not after the word "am", not a longer code
        ("It airs at 8 p.m. ET/PT.", "It airs at eight p m Eastern and Pacific."),
        (
            "at 9pm ET, 10 a.m. MT/CT/PT",
            "at nine p m Eastern, ten a m Mountain, Central and Pacific",
        ),
        ("I am ET.", "I am E T."),
        ("at 8 p.m. ETA", "at eight p m E T A"),
    ],
)
def test_review_cases(written: str, said: str) -> None:
    """A review of the day's rules: a clock range after a comma, colon or dotted time is still
    "to"; the A350-1000 is a model; a numbered room is no jet."""
    assert normalize_for_tts(written) == said
    assert "seven forty-seven" not in normalize_for_tts("Room 747-8 is free.")  # no jet
    assert "o'clock" not in normalize_for_tts("It costs 3.50-4.00 dollars")  # no time
