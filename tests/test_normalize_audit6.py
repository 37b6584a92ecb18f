"""Readings of a sixth audit (bench/normalize_audit/sentences6.tsv): "M" before what it counts
in millions; each rule with the text it must leave as it was (recorded before the rules were
written)."""

from __future__ import annotations

import pytest

from text_timing import grows_linearly
from yuyin.text.normalize import normalize_for_tts

MILLIONS = [
    (
        "The SQL query took 2.3 seconds to run on a table with 10M rows.",
        "The S Q L query took two point three seconds to run on a table with ten million rows.",
    ),
    ("We processed 5M requests per day.", "We processed five million requests per day."),
    (
        "The dataset has 2M images and 40M captions.",
        "The dataset has two million images and forty million captions.",
    ),
    ("There are 10M rows in it.", "There are ten million rows in it."),
]
MILLIONS_UNCHANGED = [
    ("He bought size 10M shoes.", "He bought size ten M shoes."),
    ("These 9.5M sneakers fit well.", "These nine point five M sneakers fit well."),
    ("3M masks sold out.", "three M masks sold out."),
    ("She won the 400M hurdles.", "She won the four hundred M hurdles."),
    ("The 100M finals were fast.", "The one hundred M finals were fast."),
    ("The 10M air rifle final.", "The ten M air rifle final."),
    ("Prepare 1M solutions of NaCl.", "Prepare one M solutions of N a C l."),
    ("The 6M yields rose.", "The six M yields rose."),
    ("It was 5M.", "It was five M."),
    ("The 10M was won by Ann.", "The ten M was won by Ann."),
    ("Room 4M keys", "Room four M keys"),
    ("Grade 4B students", "Grade four B students"),
    ("Use 2B pencils only.", "Use two B pencils only."),
    ("It has 10M users.", "It has ten million users."),
]

CASES = MILLIONS + MILLIONS_UNCHANGED


@pytest.mark.parametrize(("written", "said"), CASES)
def test_audit6_reading(written: str, said: str) -> None:
    assert normalize_for_tts(written) == said


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    ["1M rows ", "1M hurdles "],
)  # fmt: skip
def test_audit6_rules_take_linear_time(unit: str) -> None:
    """Four times the text takes about four times as long for each of this audit's patterns."""
    assert grows_linearly(unit, normalize_for_tts)
