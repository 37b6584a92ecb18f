"""Greek letters in English copy, said by their names: "β-blockers" -> "beta-blockers", "the value
of π" -> "the value of pi", "Δt" -> "delta t", "α = 0.05" -> "alpha = 0.05", "TNFα" -> "TNF
alpha", "αβ T cells" -> "alpha beta T cells"; mathematical symbols ("√2", "∞", "∑", "∆T", "x ∈
A"); ohms after a number ("a 5 Ω resistor" -> "a 5-ohm resistor", "10 kΩ" -> "10 kilo-ohms"), as
microliters ("5 μl") and other micro units the unit table lacks ("100 μF"; and "100 nF", "22
pF").

A letter is named only where no other Greek letter touches it, so Greek words ("λόγος") are left
as they are (text in Greek is not English to be read), nor a one-letter Greek word beside them
or an article with a Greek word near ("Η Καθημερινή", "Η Apple και η Google"), and not glued to
three letters or more ("Ωmega": a stylized spelling; after an acronym a small letter is named:
"PPARγ"). A pair is named only beside an English word with no other Greek near. "√" before a
space is a tick, left ("Tasks: √ done"), after a digit "root" ("2√3"). The symbols and
:data:`OHM_RULES` run with the unit rules, :data:`GREEK_RULES` after the number rules, which
read "5 μs" and "3 μm" first ("microseconds", "micrometers"); text has been through NFKC, so the
micro sign is the letter mu and "ϕ" is "φ".
"""

from __future__ import annotations

import re

from yuyin.text._news import _DETERMINER_BEFORE
from yuyin.text._semiotic import Rule, regex_rule
from yuyin.text._tables import _word_set
from yuyin.text._word_classes import _no_joined_noun

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


_JOINED_BEFORE = re.compile(rf"[0-9][0-9,.]*[ \-]?{_UNIT} (?:and|or|to) \Z")


def _joined_noun(text: str, start: int, word: str) -> bool:
    """Whether the word after "5 Ω and 10 Ω" (the first at ``start``) is a noun both describe:
    after a determiner or plural ("The 5 Ω and 10 Ω resistor", "1 Ω and 2 Ω resistors"), not a
    verb or adverb ("He measured 5 Ω and 10 Ω today")."""
    if word in _NO_NOUN or _no_joined_noun(word) or word.endswith("ing"):
        return False  # "He measured 5 Ω and 10 Ω today", "The 5 Ω and 10 Ω get hot"
    plural = word.endswith("s") and not word.endswith("ss")  # "1 Ω and 2 Ω resistors"
    return plural or _DETERMINER_BEFORE.search(text, max(0, start - 24), start) is not None


def _unit(m: re.Match[str]) -> str:
    unit = _UNIT_NAMES[m["unit"]]
    word = re.match(r"[a-z]+", m.string[m.end() :])
    joined = _JOINED_AFTER.match(m.string, m.end())
    if joined and m["noun"] and _joined_noun(m.string, m.start(), joined["next"]):
        return f"{m['num']}-{unit} "
    first = _JOINED_BEFORE.search(m.string, max(0, m.start() - 24), m.start())
    if first and word is not None and not _joined_noun(m.string, first.start(), word.group(0)):
        return f"{m['num']} {unit}s{' ' if m['noun'] else ''}"  # "5 Ω and 10 Ω today"
    noun = word is not None and word.group(0) not in _NO_NOUN and not word.group(0).endswith("ly")
    if m["noun"] and noun:
        return f"{m['num']}-{unit} "  # "a 5 Ω resistor" -> "a 5-ohm resistor", as "a 5-km race"
    plural = "" if m["num"] == "1" else "s"
    return f"{m['num']} {unit}{plural}{' ' if m['noun'] else ''}"


def _bracketed_unit(m: re.Match[str]) -> str:
    return f"({_UNIT_NAMES[m['unit']]}s)"


def _word_before(text: str, start: int) -> bool:
    """Whether a word of three letters or more ends at ``start``, not an acronym before a small
    letter ("megaΩ" is a spelling, "PAYPΑL" a lookalike; "PPARγ", "TNFα" name a subtype: "PPAR
    gamma")."""
    word = _LETTERS_BEFORE.search(text, max(0, start - 20), start)
    return word is not None and not (word.group(0).isupper() and text[start].islower())


_GREEK_RUN_NEAR = re.compile(rf"[{_GREEK}]{{3}}")  # "αβ and γδ T cells" name both pairs
_GREEK_WINDOW = 30  # characters either side searched for other Greek
_GREEK_ARTICLES = frozenset("ηοΗΟ")  # Greek's one-letter words ("the"), in Greek text


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
        or (
            m.group(0) in _GREEK_ARTICLES
            and _GREEK_RUN_NEAR.search(text, max(0, start - _GREEK_WINDOW), end + _GREEK_WINDOW)
        )
    ):  # "Ωmega": a letter in a word's spelling is no symbol; "Η Καθημερινή": Greek text
        return m.group(0)
    before = " " if start and text[start - 1].isalnum() else ""
    after = " " if end < len(text) and text[end].isalnum() else ""
    return f"{before}{name}{after}"


# two lowercase letters beside an English word ("αβ T cells", "γδ T cells"): each named; not
# Greek's own two-letter words ("το", "με"), nor with a longer Greek word near ("Και είπε"), nor
# alone ("ναι")
_LETTER_PAIR = re.compile(rf"(?<![{_GREEK}\w])[α-ω]{{2}}(?![{_GREEK}\w])")
# Greek's two-letter words, left where they stand ("The word το means the")
_GREEK_PAIR_WORDS = _word_set(
    "το τα οι να με σε θα ως αν δε μη ας τι γη ζω πω εν εκ ευ νε μα γι κι σα"
)
_LATIN_WORD_BEFORE = re.compile(rf"{_LATIN_LETTER}{{2}}\W{{1,3}}\Z")
_LATIN_WORD_AFTER = re.compile(rf"\W{{1,3}}{_LATIN_LETTER}")


def _letter_pair(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    lo, hi = max(0, start - _GREEK_WINDOW), end + _GREEK_WINDOW
    if m.group(0) in _GREEK_PAIR_WORDS:
        return m.group(0)
    if _GREEK_RUN_NEAR.search(text, lo, start) or _GREEK_RUN_NEAR.search(text, end, hi):
        return m.group(0)  # a Greek word near: Greek text
    if not (_LATIN_WORD_BEFORE.search(text, lo, start) or _LATIN_WORD_AFTER.match(text, end)):
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


# what a root is taken of: "√2", "√x", "√(x+1)"; not a listing's tick: "√100% cotton", "√30-day
# returns", "√2 Year Warranty", "√3 colors", "√24/7 support"
_ROOT_OF = re.compile(
    r"(?!24/7)[0-9]+(?:\.[0-9]+)?"
    r"(?![0-9%\-]| [A-Z]| (?!(?:is|was|has|does|equals|gives)\b)[a-z]+s\b)"
    r"|\(|[A-Za-z](?![A-Za-z])"
)


_INFINITY_BEFORE = re.compile(r"(?i:infinity) *\Z")


def _math(m: re.Match[str]) -> str:
    """A symbol's name, set apart from a letter or digit glued to it; "√" before a word or a
    space is a tick ("√Waterproof", "Tasks: √ done"), left; after a digit it is "root"
    ("2√3")."""
    text, start, end = m.string, m.start(), m.end()
    name = _MATH_NAMES[m.group(0)]
    if name == "infinity" and _INFINITY_BEFORE.search(text, max(0, start - 10), start):
        return m.group(0)  # "Infinity ∞ scarf": the word is said already
    if m.group(0) == "\u221a":
        if not _ROOT_OF.match(text, end):  # "√Waterproof", "√ done", "√ 30-day returns"
            return m.group(0)
        if start and text[start - 1].isdigit():
            name = "root"
    before = " " if start and text[start - 1].isalnum() else ""
    after = " " if end < len(text) and (text[end].isalnum() or text[end] == "(") else ""
    return f"{before}{name}{after}"


# with the unit rules, before the numbers are words ("2√3" -> "2 root 3")
OHM_RULES: tuple[Rule, ...] = (
    regex_rule(_UNITS, _unit),
    regex_rule(_BRACKETED_UNIT, _bracketed_unit),
    regex_rule(_MATH, _math),
)
GREEK_RULES: tuple[Rule, ...] = (
    regex_rule(_LETTER, _letter),
    regex_rule(_LETTER_PAIR, _letter_pair),
)
