"""Greek letters in English copy, said by their names: "β-blockers" -> "beta-blockers", "the
value of π" -> "the value of pi", "Δt" -> "delta t", "α = 0.05" -> "alpha = 0.05"; ohms after a
number ("a 5 Ω resistor" -> "a 5 ohm resistor", "10 kΩ" -> "10 kilohms"), as microliters ("5 μl").

A letter is named only where no other Greek letter touches it, so Greek words ("λόγος") are
left as they are (text in Greek is not English to be read), and not glued to three letters or
more ("Ωmega": a stylized spelling). :data:`OHM_RULES` run with the unit
rules, :data:`GREEK_RULES` after the number rules, which read "5 μs" and "3 μm" first
("microseconds", "micrometers"); text has been through NFKC, so the micro sign is the letter
mu and "ϕ" is "φ".
"""

from __future__ import annotations

import re

from yuyin.text._semiotic import Rule, regex_rule

__all__ = ["GREEK_RULES", "OHM_RULES"]

_NAMES = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau",
    "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}  # fmt: skip
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"  # Greek and Coptic, Greek Extended (accented letters)

# ohms and microliters after a number ("5 Ω", "4.7kΩ", "1 MΩ", "5 μl"), units the unit table
# lacks; singular between an article and a noun ("a 5 Ω resistor")
_UNITS = re.compile(
    rf"(?<![0-9,.])(?P<num>[0-9](?:[0-9,]*[0-9])?(?:\.[0-9]+)?) ?(?P<unit>[kKM]?Ω|μ[lL])"
    rf"(?![{_GREEK}\w])(?P<noun> (?=[a-z]))?"
)
_ARTICLE = re.compile(r"(?<![\w'])[Aa]n? \Z")
_UNIT_NAMES = {
    "Ω": "ohm", "kΩ": "kilohm", "KΩ": "kilohm", "MΩ": "megohm", "μl": "microliter",
    "μL": "microliter",
}  # fmt: skip
_LONG_WORD_AFTER = re.compile(r"[^\W\d_]{3}")
_LONG_WORD_BEFORE = re.compile(r"[^\W\d_]{3}\Z")
_LETTER = re.compile(rf"(?<![{_GREEK}])[{_GREEK}](?![{_GREEK}])")


def _unit(m: re.Match[str]) -> str:
    unit = _UNIT_NAMES[m["unit"]]
    if m["noun"] and _ARTICLE.search(m.string, max(0, m.start() - 4), m.start()):
        # "a 5 Ω resistor" -> "a 5 ohm resistor"; "5 μl of water" stays plural
        return f"{m['num']} {unit} "
    plural = "" if m["num"] == "1" else "s"
    return f"{m['num']} {unit}{plural}{' ' if m['noun'] else ''}"


def _letter(m: re.Match[str]) -> str:
    """A lone Greek letter -> its name, set apart from letters glued to it ("Δt" -> "delta
    t"); a letter with no English name (archaic, Coptic) is left."""
    name = _NAMES.get(m.group(0).lower())
    text, start, end = m.string, m.start(), m.end()
    if (
        name is None
        or _LONG_WORD_AFTER.match(text, end)
        or _LONG_WORD_BEFORE.search(text, max(0, start - 3), start)
    ):  # "Ωmega": a letter in a word's spelling is no symbol
        return m.group(0)
    before = " " if start and text[start - 1].isalnum() else ""
    after = " " if end < len(text) and text[end].isalnum() else ""
    return f"{before}{name}{after}"


OHM_RULES: tuple[Rule, ...] = (regex_rule(_UNITS, _unit),)
GREEK_RULES: tuple[Rule, ...] = (regex_rule(_LETTER, _letter),)
