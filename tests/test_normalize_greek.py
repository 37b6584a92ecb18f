"""Greek letters said by their names, ohms and microliters (yuyin.text._greek)."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts
from yuyin.text.phonemize import phonemize

READINGS = [
    # a lone letter is named, apart from the letters glued to it
    ("the value of π", "the value of pi"),
    ("πr²", "pi r squared"),
    ("Δt = 5 s", "delta t equals five s"),
    ("ΔG is negative", "delta G is negative"),
    ("β-blockers", "beta-blockers"),
    ("the α-helix", "the alpha-helix"),
    ("γ rays", "gamma rays"),
    ("the Ψ function", "the psi function"),
    ("A χ² test", "A chi squared test"),
    ("σ² = 0.5", "sigma squared equals zero point five"),
    (
        "with p < 0.05 (α = 0.05)",
        "with p less than zero point zero five (alpha equals zero point zero five)",
    ),
    ("mRNA of TNF-α", "mRNA of T N F-alpha"),
    ("the ϕ angle", "the phi angle"),  # NFKC: the symbol is the letter
    # a Greek word is Greek text, not letters to name
    ("λόγος means word", "λόγος means word"),
    ("ΑΒΓ", "ΑΒΓ"),
    ("The newspaper Η Καθημερινή reported", "The newspaper Η Καθημερινή reported"),
    ("The song Ο Δρόμος", "The song Ο Δρόμος"),  # a one-letter Greek word beside Greek
    ("Ωmega", "Ωmega"),  # nor a letter of a word's stylized spelling
    ("ΔpH", "delta pH"),
    # units read before the letters: micro is a prefix there
    ("a 5 µm pore", "a five-micrometer pore"),
    ("a 3 μs delay", "a three-microsecond delay"),
    ("10 μg/m³", "ten micrograms per cubic meter"),
    # ohms and microliters
    ("a 5 Ω resistor", "a five-ohm resistor"),
    ("an 8 Ω speaker", "an eight-ohm speaker"),
    ("The 8 Ω speakers", "The eight-ohm speakers"),  # a noun after, with or without an article
    ("10 kΩ", "ten kilo-ohms"),
    ("Use 10 kΩ resistors", "Use ten-kilo-ohm resistors"),
    ("a 4.7kΩ resistor", "a four point seven-kilo-ohm resistor"),
    ("A 50 mΩ shunt", "A fifty-milli-ohm shunt"),
    ("500 GΩ", "five hundred giga-ohms"),
    ("The 75-Ω coax", "The seventy-five-ohm coax"),
    ("Resistance (kΩ)", "Resistance (kilo-ohms)"),  # a unit in brackets
    ("A 100 μF capacitor", "A one hundred-microfarad capacitor"),
    ("3 μA", "three microamps"),
    ("a 100 nF capacitor", "a one hundred-nanofarad capacitor"),
    ("22 pF", "twenty-two picofarads"),
    ("1 MΩ", "one mega-ohm"),
    ("1,000 Ω", "one thousand ohms"),
    ("5 μl of water", "five microliters of water"),
    ("add 50 μL.", "add fifty microliters."),
    ("Ω", "omega"),
]


@pytest.mark.parametrize(("text", "expected"), READINGS)
def test_reading(text: str, expected: str) -> None:
    assert normalize_for_tts(text) == expected


def test_named_letters_are_spoken() -> None:
    """The phonemizer dropped a Greek letter; its name is now said."""
    assert "B EY1 T AH0" in " ".join(phonemize("beta"))
    assert "B EY1 T AH0" in " ".join(phonemize("β-blockers"))
    assert "P AY1" in " ".join(phonemize("the value of π"))


def test_keep_non_latin_false_drops_greek_words_only() -> None:
    assert normalize_for_tts("λόγος and π", keep_non_latin=False) == "and pi"
