"""Notations of finance, law and science, rewritten before the other rules read them:

* **accounting negatives**, a bracketed amount: "EPS of $(0.12)" -> "minus twelve cents",
  "$(1.2) million" -> "minus one point two million dollars" (rewritten as "-$0.12"); right after
  "loss" or "deficit" the brackets are not said: "a net loss of $(12.5) million" -> "twelve point
  five million dollars";
* **decimal commas** of amounts in euros: "10,00 €" -> "ten euros", "€1.234,56" -> "one
  thousand two hundred thirty-four euros and fifty-six cents" (two digits after the comma: "€10,500"
  is still ten thousand five hundred);
* **scientific notation** with a signed exponent: "1e-5" -> "one e minus five", "2.5E+3" ->
  "two point five e plus three" (it was "one e-five");
* **statute subdivisions** after a number: "Rule 12(b)(6)" -> "twelve B six", "501(c)(3)" ->
  "five oh one C three" (three or four digits in pairs, as a code; lowercase Roman numerals of
  two letters or more as numbers: "(a)(1)(iv)" -> "A one four"); "§§ 1341-1343" -> "sections
  ..."; the Federal Rules: "Fed. R. Civ. P. 12" -> "Federal Rule of Civil Procedure twelve";
* "est." before a year: "est. 1890" -> "established eighteen ninety" ("est. 2 hours" stays);
  after a number before a bracket's or clause's end, an estimate: "(2020 est.)" -> "(twenty
  twenty estimate)", "8.3 million est., up".

:data:`NOTATION_RULES` run first; :data:`SUBSECTION_RULES` after the abbreviations that want a
digit after them ("Sec. 3(b)" -> "Section three B").

Patterns follow :mod:`yuyin.text._semiotic`'s rule for linear time: each begins with a consumed
character, and a lookbehind keeps it from starting inside a run of its class.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._ranges import in_pairs_or_thousands
from yuyin.text._semiotic import Rule, _padded, _sentence_end_after, regex_rule

__all__ = ["NOTATION_RULES", "SUBSECTION_RULES"]

# --- money -----------------------------------------------------------------------------------

_AMOUNT = r"[0-9](?<![\w.,][0-9])(?:[0-9]{0,2}(?:,[0-9]{3})+(?![0-9])|[0-9]*)(?:\.[0-9]+)?"
# "$(0.12)": the sign outside the brackets ("the fee ($5)" is only an aside)
_ACCOUNTING = re.compile(rf"(?P<cur>[$€£¥])(?<![\w$€£¥][$€£¥])\((?P<num>{_AMOUNT})\)")
# the noun of a loss right before: the amount is the loss's size, not minus it
_LOSS_BEFORE = re.compile(
    r"(?<![\w-])(?:loss|losses|deficit|deficits)(?: (?:of|was|is|totaled|totalled|at))?:? \Z",
    re.IGNORECASE,
)


def _accounting(m: re.Match[str]) -> str:
    """ "$(0.12)" -> "-$0.12"; "a loss of $(12.5)" -> "$12.5" (the comment above)."""
    loss = _LOSS_BEFORE.search(m.string, max(0, m.start() - 20), m.start())
    return f"{'' if loss else '-'}{m['cur']}{m['num']}"


# euros with a decimal comma: the whole part plain or grouped by dots, then two digits
_EURO_WHOLE = r"[0-9](?<![\w.,][0-9])(?:[0-9]{0,2}(?:\.[0-9]{3})+(?![0-9])|[0-9]*)"
_EURO_AFTER = re.compile(
    rf"(?P<whole>{_EURO_WHOLE}),(?P<cents>[0-9]{{2}}) ?(?:€|EUR(?![A-Za-z]))(?![0-9])"
)
_EURO_BEFORE = re.compile(
    rf"(?:€|EUR(?<![A-Za-z]EUR)) ?(?P<whole>{_EURO_WHOLE}),(?P<cents>[0-9]{{2}})"
    r"(?![0-9]|[.,][0-9])"
)


def _euros(m: re.Match[str]) -> str:
    """ "10,50 €" -> "€10.50", which the money rule reads."""
    return _padded(m, f"€{m['whole'].replace('.', '')}.{m['cents']}")


# --- science ---------------------------------------------------------------------------------

_SCIENTIFIC = re.compile(
    r"(?P<mantissa>[0-9](?<![\w.,][0-9])[0-9]*(?:\.[0-9]+)?)[eE](?P<sign>[\-+\u2212])"
    r"(?P<exp>[0-9]{1,3})(?![\w]|[.,][0-9])"
)


def _scientific(m: re.Match[str]) -> str:
    sign = "plus" if m["sign"] == "+" else "minus"
    return f"{m['mantissa']} e {sign} {m['exp']}"


# --- law -------------------------------------------------------------------------------------

_ROMAN_LETTERS = frozenset("ivx")  # a lone one after the first part is a Roman numeral
_PART = r"\((?:[A-Za-z]|[0-9]{1,3}|i{2,3}|iv|vi{0,3}|ix|xi{0,3})\)"
# a number, then its bracketed parts; without one, the first bracket not after a word
_SUBSECTIONS = re.compile(
    r"(?P<num>[0-9](?<![\w.,\-][0-9])[0-9]{0,3})?(?P<parts>(?(num)|(?<![\w)]))"
    rf"{_PART}(?:{_PART}){{0,5}})(?![\w(])"
)
_SPLIT_PARTS = re.compile(r"\(([^)]*)\)")


def _part(part: str, first: bool) -> str:
    """One bracketed part: a number; a letter, said as one ("a" alone is the article), but "i",
    "v", "x" after the first part is a Roman numeral, as "ii" is ("(c)(i)", "(c)(ii)")."""
    if part.isdigit():
        return v.cardinal(int(part))
    if len(part) == 1 and (first or part not in _ROMAN_LETTERS):
        return part.upper()
    return v.cardinal(v.roman_to_int(part.upper()))  # the parts' pattern holds valid numerals


def _subsections(m: re.Match[str]) -> str:
    """ "12(b)(6)" -> "twelve B six", "(a)(1)(iv)" -> "A one four"; a number with only numbers
    in brackets ("3(4)", a product) or a lone bracketed letter ("option (a)") is left."""
    parts = _SPLIT_PARTS.findall(m["parts"])
    if m["num"] == "401" and parts == ["k"]:  # the pension plan, read by its own rule
        return m.group(0)
    if not any(p.isalpha() for p in parts) or (m["num"] is None and len(parts) < 2):
        return m.group(0)
    said = [_part(p, i == 0) for i, p in enumerate(parts)]
    if m["num"] is not None:
        num = m["num"]
        long = len(num) >= 3 and num[0] != "0"
        said.insert(0, in_pairs_or_thousands(num) if long else v.cardinal(int(num)))
    return _padded(m, " ".join(said))


_FEDERAL_RULES = {
    "Civ": "Civil Procedure",
    "Crim": "Criminal Procedure",
    "App": "Appellate Procedure",
    "Bankr": "Bankruptcy Procedure",
    "Evid": "Evidence",
}
_FEDERAL_RULE = re.compile(
    r"Fed\.(?<![\w]Fed\.) ?R\. ?(?:(?P<kind>Civ|Crim|App|Bankr)\. ?P|(?P<evid>Evid))\."
)
# "est." before a year that ends its clause ("est. 1890, is old"; "est. 1500 people" is an
# estimate)
_ESTABLISHED = re.compile(
    r"(?P<e>[Ee])(?<![\w][Ee])st\.(?= (?:in )?(?:1[5-9]|20)[0-9]{2}(?:[.,;:!?)\]]|\s*\Z))"
)

# "est." after a number (a year, an amount) that closes a bracket or a clause: an estimate
_ESTIMATE = re.compile(r"(?<=[0-9%] )est\.(?=[),;:\]]|\s*\Z| [A-Z])")

NOTATION_RULES: tuple[Rule, ...] = (
    regex_rule(_ACCOUNTING, _accounting),
    regex_rule(_EURO_AFTER, _euros),
    regex_rule(_EURO_BEFORE, _euros),
    regex_rule(_SCIENTIFIC, _scientific),
    regex_rule(
        _FEDERAL_RULE,
        lambda m: f"Federal Rule of {_FEDERAL_RULES[m['kind'] or m['evid']]}",
    ),
    regex_rule(re.compile(r"§§ ?"), lambda m: "sections "),
    regex_rule(_ESTABLISHED, lambda m: "Established" if m["e"] == "E" else "established"),
    regex_rule(_ESTIMATE, lambda m: "estimate" + "." * _sentence_end_after(m)),
)
# after the abbreviations that need a digit after them ("Sec. 3(b)" -> "Section 3(b)")
SUBSECTION_RULES: tuple[Rule, ...] = (regex_rule(_SUBSECTIONS, _subsections),)
