"""Measures and rates a news and recipe audit found misread: fractions of a unit, vulgar
fractions after a digit, rates with a slash, units the table lacked, clock times in hours,
period-over-period, team names, capitalized abbreviations and "~" before an amount."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

READINGS = [
    # a vulgar fraction right after a digit (NFKC made "1½" eleven-two)
    ("1½ cups", "one and a half cups"),
    ("Platform 9¾", "Platform nine and three quarters"),
    ("3⅓ hours", "three and a third hours"),
    ("½ cup", "one half cup"),
    # fractions of a unit: the unit was read after the fraction's bottom ("one two pounds")
    ("1/2 lb of beef", "half a pound of beef"),
    ("3/4 oz", "three quarters of an ounce"),
    ("2 1/2 lbs", "two and a half pounds"),
    ("2 ½ lbs", "two and a half pounds"),
    ("5/8 in. of rain", "five eighths of an inch of rain"),
    ("a 1/2-lb burger", "a half-pound burger"),
    ("a 3/4-in. pipe", "a three-quarter-inch pipe"),
    ("a 2 1/2-lb bag", "a two and a half-pound bag"),
    ("1/4-mi walk", "quarter-mile walk"),
    ("1/2 hour", "half an hour"),
    ("3/4 mile", "three quarters of a mile"),
    ("1/2 cup of milk", "half a cup of milk"),
    # ... while a recipe's cup, a fraction before another word, or after "a" stay plain
    ("3/4 cup", "three quarters cup"),
    ("1/3 cup sugar", "one third cup sugar"),
    ("a 1/2 day off", "a one half day off"),
    ("1/2 of them", "one half of them"),
    # rates: "/" after an amount is "a" (time) or "per" (the rest)
    ("$1,500/month", "one thousand five hundred dollars a month"),
    ("$12/hr", "twelve dollars an hour"),
    ("$78.40/bbl", "seventy-eight dollars and forty cents per barrel"),
    ("$2,050/oz", "two thousand fifty dollars per ounce"),
    ("50 mg/day", "fifty milligrams a day"),
    ("150 µg/m³", "one hundred fifty micrograms per cubic meter"),
    ("20 km/L", "twenty kilometers per liter"),
    ("$2.5m/yr", "two point five million dollars a year"),
    ("5 km/h", "five kilometers per hour"),
    ("24/7", "twenty-four seven"),
    ("and/or 5", "and or five"),
    # units the table lacked
    ("12-18 in. of snow", "twelve to eighteen inches of snow"),
    ("1 in. of rain", "one inch of rain"),
    ("ran it in 9.58s, a record", "ran it in nine point five eight seconds, a record"),
    ("the 1960s", "the nineteen sixties"),
    ("150 hp", "one hundred fifty horsepower"),
    ("8.1 bn people", "eight point one billion people"),
    ("$137 bn", "one hundred thirty-seven billion dollars"),
    ("10k people", "ten thousand people"),
    ("3.5k fans", "three point five thousand fans"),
    ("a 10k run", "a ten k run"),
    ("4k video", "four k video"),
    ("the 401k plan", "the four oh one k plan"),
    ("401(k) plans", "four oh one k plans"),
    (
        "His salary is $2.5m p.a. He left.",
        "His salary is two point five million dollars per annum. He left.",
    ),
    ("5% p.a.", "five percent per annum."),
    # clock times in hours: a leading zero or a time word before; else a count
    ("departs at 0600 hrs", "departs at oh six hundred hours"),
    ("at 1430 hours", "at fourteen thirty hours"),
    ("0905 hrs", "oh nine oh five hours"),
    ("from 0000 hrs", "from zero hundred hours"),
    ("2000 hours of video", "two thousand hours of video"),
    # period over period, teams
    ("up 1.4% YoY", "up one point four percent year over year"),
    ("rose 5% y/y.", "rose five percent year over year."),
    ("QoQ growth", "quarter over quarter growth"),
    ("the 49ers", "the forty-niners"),
    ("the 76ers won", "the seventy-sixers won"),
    # capitalized abbreviations at a sentence start, "~" before an amount
    ("Approx. 3/4 of voters", "Approximately three quarters of voters"),
    ("Etc. is fine.", "Et cetera is fine."),
    ("it costs ~$5 or ~€3", "it costs about five dollars or about three euros"),
    ("~5 km", "about five kilometers"),
]


@pytest.mark.parametrize(("written", "spoken"), READINGS)
def test_measure_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken
