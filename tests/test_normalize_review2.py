"""Normalizer readings from a second review of the third audit's rules: sentences on which the
rules added for the audits fired where they should not, each kept as written (or read as it should
be), beside a case each rule is still for. Mixed-case names, "US" the pronoun, fractions and odds
that are no dates, pencil grades, "Pa" the father, short seasons, degrees, plain ranges after a
code word, legal citations, code words, room numbers, a name after an amount, blood types, the
sun and "per" before capitals."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

MIXED_CODES = [
    ("LLaMA2 is out.", "LLaMA two is out."),
    ("PaLM2", "PaLM two"),
    ("YOLOv8", "YOLOv eight"),
    ("ReLU6", "ReLU six"),
    ("WiFi6", "WiFi six"),
    ("HiFi2", "HiFi two"),
    ("MySQL8", "MySQL eight"),
    ("LaTeX2e", "LaTeX two e"),
    ("MiG29", "MiG twenty-nine"),
    ("ViT16", "ViT sixteen"),
    ("PoE2", "PoE two"),
    ("SoC2", "SoC two"),
    ("GaN2", "GaN two"),
    ("Check the HbA1c level.", "Check the H b A one c level."),
    ("Her SpO2 was 97%.", "Her S p O two was ninety-seven percent."),
    ("SaO2", "S a O two"),
    ("FiO2", "F i O two"),
    ("EtCO2", "E t C O two"),
    ("an IPv4 address", "an I P v four address"),
    ("CoQ10", "C o Q ten"),
]
COUNTRY_US = [
    ("the US economy", "the U S economy"),
    ("in the US", "in the U S"),
    ("US officials met.", "U S officials met."),
    ("the US GDP grew", "the U S G D P grew"),
    ("a US firm", "a U S firm"),
    ("in US dollars", "in U S dollars"),
    ("US and China met.", "U S and China met."),
    ("All of US must vote", "All of US must vote"),
    ("Trust US, it works", "Trust US, it works"),
    ("Send US a message", "Send US a message"),
    ("Give US a call", "Give US a call"),
    ("Write to US soon", "Write to US soon"),
    ("They told US no", "They told US no"),
    ("nobody believe US?", "nobody believe US?"),
    ("Everyone loves US!", "Everyone loves US!"),
    ("Meet US at booth 5", "Meet US at booth five"),
    ("Ask US anything", "Ask US anything"),
    ("They gave US the keys", "They gave US the keys"),
    ("About US", "About US"),
]
MONTH_DAY = [
    ("The sale runs from 6/1 to 6/15.", "The sale runs from June first to June fifteenth."),
    ("Drill bits from 1/16 to 1/4 inch", "Drill bits from one sixteen to one quarter of an inch"),
    ("3/16 to 5/16", "three sixteen to five sixteen"),
    ("1/16-1/2 inch", "one sixteen-half an inch"),
    ("from 8/10 to 10/10", "from eight tenths to ten ten"),
    ("from 4/5 to 5/5 stars", "from four fifths to five out of five stars"),
    ("switches from 5/4 to 7/8", "switches from five four to seven eighths"),
    ("from 3/2 to 6/4 time", "from three two to six four time"),
    ("from 4/3 to 16/9", "from four three to sixteen nine"),
    ("The horse went from 7/2 to 5/1", "The horse went from seven two to five one"),
    ("He bet on 5/1", "He bet on five one"),
    ("put ten bucks on 9/2", "put ten bucks on nine two"),
    ("Since 2/1 was the price", "Since two one was the price"),
    ("gear ratio went from 3/1 to 4/1", "gear ratio went from three one to four one"),
]
SCALE_LETTERS = [
    ("from 1.2M to 1.5M", "from one point two million to one point five million"),
    ("from 2B to 6B", "from two B to six B"),
    ("2B-6B pencils", "two B-six B pencils"),
    ("between 4B and 6B pencils", "between four B and six B pencils"),
    ("3M-6M", "three M-six M"),
    ("6M to 12M", "six M to twelve M"),
    ("0M-3M", "zero M-three M"),
    ("Seats 12B-14B", "Seats twelve B-fourteen B"),
]
PASCALS = [
    ("In 1952 Pa bought a farm", "In nineteen fifty-two Pa bought a farm"),
    ("When I was 10 Pa taught me", "When I was ten Pa taught me"),
    ("At 6 Pa came home", "At six Pa came home"),
    ("13 million Pa. residents", "thirteen million Pa. residents"),
    ("2 million Pa residents", "two million Pa residents"),
    ("As per Pa, we should go", "As per Pa, we should go"),
    (
        "It is 101,325 Pa at sea level.",
        "It is one hundred one thousand three hundred twenty-five pascals at sea level.",
    ),
    ("It is 2.5 Pa.", "It is two point five pascals."),
    ("at 250 kPa", "at two hundred fifty kilopascals"),
    ("It holds 500 Pa of pressure.", "It holds five hundred pascals of pressure."),
    ("a torque of 40 Nm", "a torque of forty newton meters"),
]
SEASONS = [
    ("A 3-5 season rebuild", "A three to five season rebuild"),
    ("His 3-4 season stint", "His three to four season stint"),
    ("Netflix's 2-3 season commitment", "Netflix's two to three season commitment"),
    ("The Warriors' 73-9 season", "The Warriors' seventy-three and nine season"),
]
ROOMS = [
    ("2 br tags", "two br tags"),
    ("He holds 2 BA degrees", "He holds two B A degrees"),
    ("3 BD reviews", "three B D reviews"),
    ("The 2 BR trains", "The two B R trains"),
    ("3BR/2BA", "three-bedroom, two-bath"),
    ("a 4BD home", "a four-bedroom home"),
    ("with 2.5BA", "with two and a half bath"),
]
CODES = [
    ("tracking 100-200 targets", "tracking one hundred to two hundred targets"),
    ("in order 10-20-30", "in order ten-twenty-thirty"),
    (
        "Each model 100-250 ms slower",
        "Each model one hundred to two hundred fifty milliseconds slower",
    ),
    ("the batch 100-200 samples", "the batch one hundred to two hundred samples"),
    ("policy 10-20-30 rule", "policy ten-twenty-thirty rule"),
    ("SKU 2281-0043", "S K U two two eight one, zero zero four three"),
    ("Order #1234-5678", "Order number one two three four, five six seven eight"),
]
STREETS = [
    ("See Pl.'s Mot. at 5", "See Pl.'s Mot. at five"),
    ("See Pl. Ex. 4", "See Pl. Ex. four"),
    ("The Ln. function", "The Ln. function"),
    ("The Sq. Ft. price", "The Sq. Ft. price"),
    ("He lives on Oak Ln.", "He lives on Oak Lane."),
]
CHAT = [
    ("I switched to np dot ones", "I switched to np dot ones"),
    ("Use np, pd and plt", "Use np, pd and plt"),
    ("We used np for numpy", "We used np for numpy"),
    ("The nm and np variables", "The nm and np variables"),
    ("The pls file is a playlist", "The pls file is a playlist"),
    ("The variable imo", "The variable imo"),
    ("The btw parameter", "The btw parameter"),
    ("np, thx", "no problem, thanks"),
    ("thx np!", "thanks no problem!"),
    ("a pH of 7", "a P H of seven"),
]
BOND = [
    ("Agent Smith lives in Room 007", "Agent Smith lives in Room zero zero seven"),
    ("The theme park ride number 007", "The theme park ride number zero zero seven"),
    ("The 007 bus to Agent Street", "The zero zero seven bus to Agent Street"),
    ("Agent 007 returns.", "Agent double-oh-seven returns."),
    ("James Bond is 007.", "James Bond is double-oh-seven."),
]
MONEY_BEFORE_NAME = [
    ("For a $5 Tom will wash your car", "For a five dollars Tom will wash your car"),
    ("At a $10 Mike said no", "At a ten dollars Mike said no"),
    ("a $40M Series B round", "a forty million dollar Series B round"),
]
BLOOD = [
    ("an A- donor", "an A negative donor"),
    ("a B- blood type", "a B negative blood type"),
    ("O- blood", "O negative blood"),
    ("She got an A- on the test.", "She got an A minus on the test."),
]
WEEKDAYS = [
    ("Every Sun sign", "Every Sun sign"),
    ("Through Sun and rain", "Through Sun and rain"),
    ("Closed Sun.", "Closed Sunday."),
    ("Who's coming Fri?", "Who's coming Friday?"),
]
PER_UNIT = [
    ("As per GB rules", "As per G B rules"),
    ("cells per mL", "cells per milliliter"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    MIXED_CODES
    + COUNTRY_US
    + MONTH_DAY
    + SCALE_LETTERS
    + PASCALS
    + SEASONS
    + ROOMS
    + CODES
    + STREETS
    + CHAT
    + BOND
    + MONEY_BEFORE_NAME
    + BLOOD
    + WEEKDAYS
    + PER_UNIT,
)
def test_reading(text: str, expected: str) -> None:
    assert normalize_for_tts(text) == expected
