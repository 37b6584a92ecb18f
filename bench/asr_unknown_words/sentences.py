"""Weather-report sentences for bench/asr_unknown_words: a small domain with words the shipped
recognizer's training text never had (isobar, graupel, katabatic, Lerwick ...).

    python bench/asr_unknown_words/sentences.py OUT_DIR   # OUT_DIR/train.txt (125), test.txt (35)

Made from 15 templates, seed 7; train and test share templates, never a sentence.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

PLACES = (
    "Aberdeen Inverness Tromso Reykjavik Halifax Anchorage Galway Bergen Dunedin Hobart Kiruna "
    "Lerwick"
)
CLOUDS = "nimbostratus cumulonimbus altostratus cirrocumulus stratocumulus cirrostratus"
NUMBERS = (
    "three|seven|twelve|nineteen|twenty one|thirty four|nine hundred and eighty|"
    "one thousand and twelve|fifteen|eight"
)
WINDS = "northerly southwesterly easterly northwesterly southerly"
TEMPLATES = (
    "the dewpoint in {p} will fall to {n} degrees by midnight",
    "expect {c} clouds over {p} with {d} winds",
    "a deep low near {p} brings tightly packed isobars and gales",
    "pressure at {p} is {n} hectopascals and falling",
    "an occluded front will reach {p} this evening with {c}",
    "{c} thickening over {p} may bring graupel and sleet",
    "the anticyclone over {p} keeps skies clear with a dewpoint of {n}",
    "katabatic winds from the glacier will gust near {p}",
    "{d} winds of {n} knots are forecast for {p}",
    "virga falls from {c} but the ground at {p} stays dry",
    "a squall line moving toward {p} could produce hailstones",
    "the isobar of {n} millibars runs through {p}",
    "a mesocyclone was detected west of {p} at {n} o clock",
    "drizzle and low {c} will linger over {p} tomorrow",
    "the dewpoint depression at {p} is only {n} degrees so fog is likely",
)
TRAIN, TEST = 125, 35


def sentences(seed: int = 7) -> list[str]:
    """TRAIN + TEST distinct sentences, shuffled."""
    rng = random.Random(seed)
    places, clouds, winds = PLACES.split(), CLOUDS.split(), WINDS.split()
    found: set[str] = set()
    while len(found) < TRAIN + TEST:
        template = rng.choice(TEMPLATES)
        found.add(
            template.format(
                p=rng.choice(places),
                c=rng.choice(clouds),
                n=rng.choice(NUMBERS.split("|")),
                d=rng.choice(winds),
            )
        )
    ordered = sorted(found)
    rng.shuffle(ordered)
    return ordered


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    said = sentences()
    (out / "train.txt").write_text("\n".join(said[:TRAIN]) + "\n", encoding="utf-8")
    (out / "test.txt").write_text("\n".join(said[TRAIN:]) + "\n", encoding="utf-8")
