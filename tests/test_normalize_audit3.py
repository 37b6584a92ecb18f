"""Normalizer readings asked for by a third audit (bench/normalize_audit/sentences3.tsv), each
class tried on sentences of its own, with readings that must not change beside them: units
after a scale word, unexpanded units and abbreviations, weekdays, a law's number, a month and
day without a year, ratios, grades, wildcard versions, listings' rooms and exchange rates."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

SCALES = [
    ("The comet is 4.2 billion km away.", "The comet is four point two billion kilometers away."),
    ("They shipped 3 million kg of grain.", "They shipped three million kilograms of grain."),
    ("It hauls 1.5K lbs with ease.", "It hauls one point five thousand pounds with ease."),
    ("Voyager is 15 billion mi out.", "Voyager is fifteen billion miles out."),
    (
        "Sales rose from 2.4M to 3.1M.",
        "Sales rose from two point four million to three point one million.",
    ),
    ("between 1.1B and 1.3B", "between one point one billion and one point three billion"),
    ("1.2B-1.5B users", "one point two billion to one point five billion users"),
    # unchanged: meters in lowercase, money, base pairs, a lone letter
    (
        "The tide rose from 1.2m to 1.5m.",
        "The tide rose from one point two meters to one point five meters.",
    ),
    ("$2.5M to $3M", "two point five million dollars to three million dollars"),
    ("a genome of 3 billion bp", "a genome of three billion bp"),
    ("She ran 10 km.", "She ran ten kilometers."),
]

UNITS_AND_WORDS = [
    ("The fan spins at 1,200 rpm.", "The fan spins at one thousand two hundred R P M."),
    (
        "Inflate to 250 kPa before the trip.",
        "Inflate to two hundred fifty kilopascals before the trip.",
    ),
    ("a stress of 40 MPa", "a stress of forty megapascals"),
    ("It holds 500 Pa of pressure.", "It holds five hundred pascals of pressure."),
    ("Keep the pH below 6.", "Keep the P H below six."),
    ("Then type npm test in a shell.", "Then type N P M test in a shell."),
    ("He leads the league in RBIs.", "He leads the league in R B I's."),
    ("Two MVPs and three ATMs.", "Two M V P's and three A T M's."),
    ("ngl that was rough", "not gonna lie that was rough"),
    ("Her bday is in May.", "Her birthday is in May."),
    # unchanged: a state after a comma, a possessive, a word holding the letters
    ("Erie, Pa. is cold.", "Erie, Pennsylvania is cold."),
    ("The FBI's report", "The F B I's report"),
    ("the RPM gauge", "the R P M gauge"),
    ("a phase of growth", "a phase of growth"),
]

WEEKDAYS = [
    ("Garage sale Sat. 8-11 a.m.", "Garage sale Saturday eight to eleven a m."),
    ("Tours Thu 10am-2pm", "Tours Thursday ten a m to two p m"),
    ("Closed Mon. and Tue.", "Closed Monday and Tuesday."),
    ("Open Sun. We close at 5.", "Open Sunday. We close at five."),
    ("Can you make it by Wed?", "Can you make it by Wednesday?"),
    ("Are you free next Thu?", "Are you free next Thursday?"),
    # unchanged: the paper, the star, a name, a weekday with its date
    ("The Sun. 1-4 p.m. edition", "The Sun. one to four p m edition"),
    ("The panels face the Sun.", "The panels face the Sun."),
    ("Plants lean on Sun.", "Plants lean on Sun."),
    ("We skied on Sun Valley slopes.", "We skied on Sun Valley slopes."),
    ("Open Sun. Jan 5", "Open Sunday January fifth"),
    ("Talks on Mon., Tue. and Wed.", "Talks on Monday, Tuesday and Wednesday."),
    ("Open Sat & Sun. Closed Mon.", "Open Saturday and Sunday. Closed Monday."),
]

LAWS_AND_DATES = [
    ("Public Law 111-148 is the ACA.", "Public Law one eleven dash one forty-eight is the A C A."),
    ("See P.L. 94-142.", "See P L ninety-four dash one forty-two."),
    ("under Pub. L. 101-336", "under Public Law one oh one dash three thirty-six"),
    (
        "Pool hours change from 5/1 to 5/31.",
        "Pool hours change from May first to May thirty-first.",
    ),
    ("Closed 12/24-1/2.", "Closed December twenty-fourth to January second."),
    ("The store reopens on 7/1.", "The store reopens on July first."),
    ("Offer valid until 8/5.", "Offer valid until August fifth."),
    # unchanged: fractions, odds, a share of a whole, pages 5-10
    ("Add 1/2 cup of milk.", "Add half a cup of milk."),
    ("from 1/4 to 1/2 inch", "from one quarter to half an inch"),
    ("Odds cut from 6/1 to 4/1.", "Odds cut from six one to four one."),
    ("on 1/3 of the plots", "on one third of the plots"),
    ("3/4 of them agreed", "three quarters of them agreed"),
    ("pages 5-10", "pages five to ten"),
]

LISTINGS_AND_MORE = [
    ("Bright 4BR/3BA colonial", "Bright four-bedroom, three-bath colonial"),
    ("Cozy 2BR condo with 1.5BA.", "Cozy two-bedroom condo with one and a half bath."),
    ("There is a 1/2 bath downstairs.", "There is a half bath downstairs."),
    ("a leverage of 2.5:1", "a leverage of two point five to one"),
    ("He earned a B- in chemistry.", "He earned a B minus in chemistry."),
    ("She got an A-.", "She got an A minus."),
    ("Today 1 USD = 0.79 GBP.", "Today one US dollar equals zero point seven nine pounds."),
    ("Upgrade to Python 3.x soon.", "Upgrade to Python three dot x soon."),
    ("React 17.x and 18.x", "React seventeen dot x and eighteen dot x"),
    # unchanged: a plain ratio, a B plus, a suspended compound, a clock time, money
    ("The odds were 3:1.", "The odds were three to one."),
    ("a B+ student", "a B plus student"),
    ("a B- or C-level job", "a B- or C-level job"),
    ("It ran 3:59.4 flat.", "It ran three fifty-nine point four flat."),
    ("It costs 0.92 EUR.", "It costs ninety-two cents."),
    ("Vitamin B-12", "Vitamin B-twelve"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    SCALES + UNITS_AND_WORDS + WEEKDAYS + LAWS_AND_DATES + LISTINGS_AND_MORE,
)
def test_reading(text: str, expected: str) -> None:
    assert normalize_for_tts(text) == expected
