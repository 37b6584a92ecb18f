"""Greek letters in English copy, said by their names: "β-blockers" -> "beta-blockers", "the value
of π" -> "the value of pi", "Δt" -> "delta t", "α = 0.05" -> "alpha = 0.05", "TNFα" -> "TNF
alpha", "αβ T cells" -> "alpha beta T cells"; mathematical symbols ("√2", "∞", "∑", "∆T", "x ∈
A"); ohms after a number ("a 5 Ω resistor" -> "a 5-ohm resistor", "10 kΩ" -> "10 kilo-ohms"), as
microliters ("5 μl") and other micro units the unit table lacks ("100 μF"; and "100 nF", "22
pF").

A letter is named only where no other Greek letter touches it, so Greek words ("λόγος") are
left as they are (text in Greek is not English to be read), nor a one-letter Greek word beside
them ("Η Καθημερινή"), and not glued to three letters or more ("Ωmega": a stylized
spelling). :data:`OHM_RULES` run with the unit rules, :data:`GREEK_RULES` after the number
rules, which read "5 μs" and "3 μm" first ("microseconds", "micrometers"); text has been
through NFKC, so the micro sign is the letter mu and "ϕ" is "φ".
"""

from __future__ import annotations

import re

from yuyin.text._semiotic import Rule, regex_rule
from yuyin.text._tables import _word_set

__all__ = ["GREEK_RULES", "OHM_RULES"]

_NAMES = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau",
    "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}  # fmt: skip
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"  # Greek and Coptic, Greek Extended (accented letters)

# ohms and micro units the unit table lacks, after a number ("5 Ω", "4.7kΩ", "75-Ω", "5 μl",
# "100 μF"); before a noun singular ("a 5 Ω resistor", "The 8 Ω speakers") unless the word
# after is no noun ("5 μl of water"); a unit in brackets without a number is its plural name
# ("Resistance (kΩ)" -> "kilo-ohms")
_UNIT_NAMES = {
    "Ω": "ohm", "mΩ": "milli-ohm", "kΩ": "kilo-ohm", "KΩ": "kilo-ohm", "MΩ": "mega-ohm",
    "GΩ": "giga-ohm", "μl": "microliter", "μL": "microliter", "μF": "microfarad",
    "μV": "microvolt", "μA": "microamp", "μH": "microhenry", "μW": "microwatt",
    "μJ": "microjoule", "nF": "nanofarad", "pF": "picofarad",
}  # fmt: skip
_UNIT = r"(?:[mkKMG]?Ω|μ[lLFVAHWJ]|[np]F)"
_UNITS = re.compile(
    rf"(?<![0-9,.])(?P<num>[0-9](?:[0-9,]*[0-9])?(?:\.[0-9]+)?)(?P<dash>[ \-]?)(?P<unit>{_UNIT})"
    rf"(?![{_GREEK}\w])(?P<noun> (?=[a-z]))?"
)
_BRACKETED_UNIT = re.compile(rf"\((?P<unit>{_UNIT})\)")
_NO_NOUN = _word_set(
    """of in on at to for from with and or but is are was were be by per each into as than
    that which who apiece"""
)
_LATIN_LETTER = rf"(?:(?![{_GREEK}])[^\W\d_])"
_LONG_WORD_AFTER = re.compile(rf"{_LATIN_LETTER}{{3}}")
_LETTERS_BEFORE = re.compile(rf"{_LATIN_LETTER}{{3,20}}\Z")
_GREEK_WORD_AFTER = re.compile(rf" [{_GREEK}]{{2}}")
_GREEK_WORD_BEFORE = re.compile(rf"[{_GREEK}]{{2}} \Z")
_LETTER = re.compile(rf"(?<![{_GREEK}])[{_GREEK}](?![{_GREEK}])")


# "The 5 Ω and 10 Ω resistors": both before the noun
_JOINED_AFTER = re.compile(rf"(?:and|or|to) [0-9][0-9,.]*[ \-]?{_UNIT} (?P<next>[a-z]+)")


def _unit(m: re.Match[str]) -> str:
    unit = _UNIT_NAMES[m["unit"]]
    word = re.match(r"[a-z]+", m.string[m.end() :])
    joined = _JOINED_AFTER.match(m.string, m.end())
    if joined and m["noun"] and joined["next"] not in _NO_NOUN:
        return f"{m['num']}-{unit} "
    if m["noun"] and word is not None and word.group(0) not in _NO_NOUN:
        return f"{m['num']}-{unit} "  # "a 5 Ω resistor" -> "a 5-ohm resistor", as "a 5-km race"
    plural = "" if m["num"] == "1" else "s"
    return f"{m['num']} {unit}{plural}{' ' if m['noun'] else ''}"


def _bracketed_unit(m: re.Match[str]) -> str:
    return f"({_UNIT_NAMES[m['unit']]}s)"


def _word_before(text: str, start: int) -> bool:
    """Whether a word of three letters or more, not an acronym, ends at ``start`` ("megaΩ" is a
    spelling; "PPARγ", "TNFα" name a subtype: "PPAR gamma")."""
    word = _LETTERS_BEFORE.search(text, max(0, start - 20), start)
    return word is not None and not word.group(0).isupper()


def _letter(m: re.Match[str]) -> str:
    """A lone Greek letter -> its name, set apart from letters glued to it ("Δt" -> "delta
    t"); a letter with no English name (archaic, Coptic) is left."""
    name = _NAMES.get(m.group(0).lower())
    text, start, end = m.string, m.start(), m.end()
    if (
        name is None
        or _LONG_WORD_AFTER.match(text, end)
        or _word_before(text, start)
        or _GREEK_WORD_AFTER.match(text, end)
        or _GREEK_WORD_BEFORE.search(text, max(0, start - 3), start)
    ):  # "Ωmega": a letter in a word's spelling is no symbol; "Η Καθημερινή": Greek text
        return m.group(0)
    before = " " if start and text[start - 1].isalnum() else ""
    after = " " if end < len(text) and text[end].isalnum() else ""
    return f"{before}{name}{after}"


# two or three lowercase letters alone in English ("αβ T cells", "γδ T cells"): each named; in
# Greek text (a Greek word either side) they are a Greek word ("να", "το") and left
_LETTER_RUN = re.compile(rf"(?<![{_GREEK}\w])[α-ω]{{2,3}}(?![{_GREEK}\w])")


def _letter_run(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    if _GREEK_WORD_AFTER.match(text, end) or _GREEK_WORD_BEFORE.search(
        text, max(0, start - 3), start
    ):
        return m.group(0)
    return " ".join(_NAMES[c] for c in m.group(0))


# mathematical symbols the phonemizer would drop: "√2" -> "square root of 2", "∞", "∑x" -> "sum
# x", "∆T" (the increment sign, which NFKC leaves) -> "delta T", "x ∈ A" -> "x in A"
_MATH_NAMES = {
    "\u221a": "square root of", "\u221e": "infinity", "\u2211": "sum", "\u220f": "product",
    "\u222b": "integral", "\u2202": "partial", "\u2207": "nabla", "\u2206": "delta",
    "\u2208": "in", "\u2209": "not in", "\u222a": "union", "\u2229": "intersection",
    "\u2200": "for all", "\u2203": "there exists", "\u221d": "proportional to",
    "\u2282": "subset of", "\u2286": "subset of or equal to",
}  # fmt: skip
_MATH = re.compile("[" + "".join(_MATH_NAMES) + "]")


def _math(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    before = " " if start and not text[start - 1].isspace() else ""
    after = " " if end < len(text) and not text[end].isspace() else ""
    return f"{before}{_MATH_NAMES[m.group(0)]}{after}"


OHM_RULES: tuple[Rule, ...] = (
    regex_rule(_UNITS, _unit),
    regex_rule(_BRACKETED_UNIT, _bracketed_unit),
)
GREEK_RULES: tuple[Rule, ...] = (
    regex_rule(_LETTER, _letter),
    regex_rule(_LETTER_RUN, _letter_run),
    regex_rule(_MATH, _math),
)
