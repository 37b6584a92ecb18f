"""Web addresses and e-mail found by an anchor and a walk back (``_addresses.anchored_rule``):
the same readings as a walk from every anchor, with each character walked over a bounded
number of times (".co.uk" repeated had walked 512 characters back at every anchor)."""

from __future__ import annotations

import random
import re

import pytest

from yuyin.text._addresses import _DOMAIN, _DOMAIN_ANCHOR, _MAX_DOMAIN, anchored_rule
from yuyin.text.normalize import normalize_for_tts


def _in_domain(c: str) -> bool:
    return c.isalnum() or c in ".-"


def _full_walk(text: str) -> str:
    """The rule as it was: every anchor walks back up to _MAX_DOMAIN characters."""
    pieces, cursor = [], 0
    for a in _DOMAIN_ANCHOR.finditer(text):
        if a.start() < cursor:
            continue
        start, floor = a.start(), max(cursor, a.start() - _MAX_DOMAIN)
        while start > floor and _in_domain(text[start - 1]):
            start -= 1
        m = _DOMAIN.match(text, start)
        if m is None or m.end() <= a.start():
            continue
        pieces += [text[cursor : m.start()], f"<{m.group(0)}>"]
        cursor = m.end()
    return "".join([*pieces, text[cursor:]])


def _rule(calls: list[int] | None = None):
    def continues_back(c: str) -> bool:
        if calls is not None:
            calls[0] += 1
        return _in_domain(c)

    return anchored_rule(
        _DOMAIN_ANCHOR, _DOMAIN, _MAX_DOMAIN, continues_back, lambda m: f"<{m.group(0)}>"
    )


@pytest.mark.parametrize("seed", range(4))
def test_same_matches_as_a_full_walk_from_every_anchor(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["a", "b7", ".", "-", " ", ".co", ".uk", ".com", ".org", "x" * 70, "@", "/", "é"]
    rule = _rule()
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        assert rule(text) == _full_walk(text), text


@pytest.mark.parametrize("unit", [".co.uk", "a.co.uk", "x.com.", "ab-cd.org.", "-.uk"])
def test_each_character_is_walked_over_a_bounded_number_of_times(unit: str) -> None:
    text = unit * (20_000 // len(unit))
    calls = [0]
    out = _rule(calls)(text)
    assert out == _full_walk(text)
    assert calls[0] <= 3 * len(text), calls[0] / len(text)  # it was ~500 a character


def test_readings_stand() -> None:
    said = normalize_for_tts("see example.co.uk and mail.google.com today")
    assert said == "see example dot co dot uk and mail dot google dot com today"
    assert re.fullmatch(r"[a-z ]+", normalize_for_tts("bbc.co.uk.bbc.co.uk"))
