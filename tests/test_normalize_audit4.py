"""Readings of a fourth audit (bench/normalize_audit/sentences4.tsv): mixed serial codes, race
times after "stands at", "omg", fractions past tenths where the words ask for one, and losses
in accounting brackets; each rule with the text it must leave as it was."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

SERIAL_CODES = [
    ("serial number 4829-AC-77", "serial number four eight two nine A C seven seven"),
    ("Check serial no. 12-XZ-9 first.", "Check serial number one two X Z nine first."),
    ("Part number 77-B is gone.", "Part number seven seven B is gone."),
    ("model number 3-GT", "model number three G T"),
    ("Model No. 5-RX-20", "Model Number five R X two zero"),
]
SERIAL_UNCHANGED = [
    ("Read pages 10-20.", "Read pages ten to twenty."),
    ("They won 3-1.", "They won three to one."),
    ("serial number 2281-0043", "serial number two two eight one, zero zero four three"),
    ("The part number X-Men is", "The part number X-Men is"),
    ("He wore number 4-0 shoes", "He wore number four to zero shoes"),
    ("a 12-AC unit", "a twelve-A C unit"),
]

RACE_TIMES = [
    (
        "The marathon record now stands at 2:00:35.",
        "The marathon record now stands at two hours and thirty-five seconds.",
    ),
    (
        "The world record stood at 2:01:09 for years.",
        "The world record stood at two hours, one minute, nine seconds for years.",
    ),
    (
        "Her best now stands at 2:19:12.",
        "Her best now stands at two hours, nineteen minutes, twelve seconds.",
    ),
    ("He finished in 3:00:05.", "He finished in three hours and five seconds."),
    ("a PR 12:05:30", "a P R twelve hours, five minutes, thirty seconds"),
    ("She clocked 2:01:09.", "She clocked two hours, one minute, nine seconds."),
]
RACE_UNCHANGED = [
    ("Dinner at 10:30:15 p.m.", "Dinner at ten thirty and fifteen seconds p m."),
    ("the meeting at 2:00", "the meeting at two o'clock"),
    ("The meeting stands at 10:30:15.", "The meeting stands at ten thirty and fifteen seconds."),
    ("The time stands at 9:30:15 now.", "The time stands at nine thirty and fifteen seconds now."),
    ("The race started at 9:00:00.", "The race started at nine o'clock."),
]

CHAT = [
    ("omg that was great", "O M G that was great"),
    ("lol omg", "lol O M G"),
    ("omg, idk", "O M G, I D K"),
]
CHAT_UNCHANGED = [
    ("the omg file", "the omg file"),
    ("Set the omg flag.", "Set the omg flag."),
    ("a omg variable", "a omg variable"),
    ("omgwtf", "omgwtf"),
    ("see omg.py", "see omg dot py"),
]

FRACTIONS = [
    ("Simplify 15/25 to lowest terms.", "Simplify fifteen twenty-fifths to lowest terms."),
    ("Reduce 12/36.", "Reduce twelve thirty-sixths."),
    ("Write 18/24 in lowest terms.", "Write eighteen twenty-fourths in lowest terms."),
    ("As a fraction, 45/60 is the same.", "As a fraction, forty-five sixtieths is the same."),
    ("x = 15/25", "x equals fifteen twenty-fifths"),
    ("12/25 of the class passed", "twelve twenty-fifths of the class passed"),
    ("It equals 1/12 exactly.", "It equals one twelfth exactly."),
]
FRACTIONS_UNCHANGED = [
    ("3/4 of the cake", "three quarters of the cake"),
    ("on 3/14 of this year", "on three fourteen of this year"),
    ("rated 8/10", "rated eight out of ten"),
    ("Rating = 8/10", "Rating equals eight out of ten"),
    ("scored 85/100", "scored eighty-five out of one hundred"),
    ("He went 12/20 from the field", "He went twelve twenty from the field"),
    ("The odds are 4/11.", "The odds are four to eleven."),
    ("born 11/12/1990", "born November twelfth, nineteen ninety"),
    ("Date = 3/14", "Date equals three fourteen"),
    ("The final score was 15/25.", "The final score was fifteen twenty-five."),
    ("Simplify 25/15", "Simplify twenty-five fifteen"),
]

LOSSES = [
    ("a net loss of $(12.5) million", "a net loss of twelve point five million dollars"),
    ("Losses: $(3.4) billion", "Losses: three point four billion dollars"),
    ("a deficit of $(2) million", "a deficit of two million dollars"),
    (
        "the operating loss was $(1.5) million",
        "the operating loss was one point five million dollars",
    ),
]
LOSSES_UNCHANGED = [
    ("$(0.12)", "minus twelve cents"),
    ("EPS of $(0.12)", "E P S of minus twelve cents"),
    ("Gloss $(5)", "Gloss minus five dollars"),
    ("net income of $(1.2) million", "net income of minus one point two million dollars"),
    ("the fee ($5)", "the fee (five dollars)"),
]

CASES = (
    SERIAL_CODES
    + SERIAL_UNCHANGED
    + RACE_TIMES
    + RACE_UNCHANGED
    + CHAT
    + CHAT_UNCHANGED
    + FRACTIONS
    + FRACTIONS_UNCHANGED
    + LOSSES
    + LOSSES_UNCHANGED
)


@pytest.mark.parametrize(("written", "said"), CASES)
def test_audit4_reading(written: str, said: str) -> None:
    assert normalize_for_tts(written) == said
