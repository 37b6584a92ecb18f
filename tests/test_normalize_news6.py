"""Readings fixed after a second review of the news-copy rounds (tests/test_normalize_news4.py,
tests/test_normalize_news5.py): quarters before a verb, a month with a two-digit year, glued
durations, chains of quarters, amounts before a negated verb, the pronoun after a title,
superscripts after ordinals, Greek letters, units and money, hydrogen; each with the nearby
readings that must stay."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

READINGS = [
    # 1. a quarter before a verb is a noun phrase; an adjective only before a noun of finance
    # copy or a word with a capital
    ("Q3 2024 saw record sales.", "The third quarter of twenty twenty-four saw record sales."),
    ("Q3 2024 brought losses.", "The third quarter of twenty twenty-four brought losses."),
    ("Q2 2025 beat estimates.", "The second quarter of twenty twenty-five beat estimates."),
    ("H1 2025 looks weak.", "The first half of twenty twenty-five looks weak."),
    ("Q4 2023 remains key.", "The fourth quarter of twenty twenty-three remains key."),
    ("Q3 2024 does not look good.", "The third quarter of twenty twenty-four does not look good."),
    ("Q3 2024 won't be easy.", "The third quarter of twenty twenty-four won't be easy."),
    ("Q3 2024 isn't over.", "The third quarter of twenty twenty-four isn't over."),
    ("Q3 2024 just ended.", "The third quarter of twenty twenty-four just ended."),
    ("Q1 2024 set a record.", "The first quarter of twenty twenty-four set a record."),
    (
        "Apple's Q3 2024 beat estimates.",
        "Apple's third quarter of twenty twenty-four beat estimates.",
    ),
    ("Q3 2024 results were good.", "Third-quarter twenty twenty-four results were good."),
    ("Q3 2024 net income rose.", "Third-quarter twenty twenty-four net income rose."),
    ("Q2 2024 revenue fell.", "Second-quarter twenty twenty-four revenue fell."),
    ("Q4 2024 guidance was cut.", "Fourth-quarter twenty twenty-four guidance was cut."),
    ("4Q23 EPS rose.", "Fourth-quarter twenty twenty-three E P S rose."),
    ("The Q3 2024 iPhone launch", "The third-quarter twenty twenty-four iPhone launch"),
    ("Q1 '25 sales were flat.", "First-quarter twenty twenty-five sales were flat."),
    # 2. a month with a two-digit year: the year in full, no day
    ("since Jan '21", "since January twenty twenty-one"),
    ("in Mar '20", "in March twenty twenty"),
    ("Dec '19", "December twenty nineteen"),
    ("Sept. '23", "September twenty twenty-three"),
    ("Sept '23 was the hottest month", "September twenty twenty-three was the hottest month"),
    ("Nov '22:", "November twenty twenty-two:"),
    ("May '21", "May twenty twenty-one"),
    ("Feb. '22", "February twenty twenty-two"),
    ("The Jan '24 issue", "The January twenty twenty-four issue"),
    ("Oct '23 to Mar '24", "October twenty twenty-three to March twenty twenty-four"),
    ("Jan '85", "January nineteen eighty-five"),
    ("in '08", "in oh eight"),
    ("the '08-'09 crisis", "the oh eight to oh nine crisis"),
    ("Enter '01' for January", "Enter 'zero one' for January"),
    ("Jan 5", "January fifth"),
]


@pytest.mark.parametrize(("written", "spoken"), READINGS)
def test_news_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken
