"""Sums and spaced ranges, rewritten before the other rules read their hyphens and slashes:

* **equations**: a chain of numbers (or one-letter variables, "2x") joined by operators, next
  to an "=" or another relation, says its operators where it is a sum: "10 - 3 = 7" -> "ten
  minus three equals seven" (it was "ten - three"), "1024 - 24 = 1000" (no longer the year "ten
  twenty-four"), "10 / 2 = 5" -> "divided by", "6/3 = 2" (no fraction; "1/2 + 1/4 = 3/4" keeps
  its fractions), "10 * 2", "3 x 4 = 12" -> "times", "5 - -3 = 8" -> "minus minus three", "x =
  10 - 3", "x >= 10 - 3", "y = 2x - 1". A chain of numbers is a sum only where it holds or
  beside a variable with spaced hyphens and slashes: "Woods shot 71-70-69-68=278", "Rating =
  10/10", "India = 245/6", "Room size = 10 x 12 ft", "n = 6-8 mice" keep their readings; so do
  "w/o = without" and a chain in a web address ("?a=10-3");
* **spaced ranges** of plain numbers, ascending, after a word that counts a range ("ages 5 -
  12", "pages 10 – 20"; not "from": "came back from 14 - 21 down") or between two years ("the
  2019 - 2020 season"): the hyphen is closed up, so the range rules read them as "10-20" is read
  ("five to twelve"). Others keep their dash, which is a pause: "It was 1990 - 5 years later",
  "Chapter 3 - 10 tips", "won 21 - 14";
* **relations** as words: "x >= 5", "≥", "≠", "≈" ("π ≈ 3.14" -> "approximately equals",
  "costs ≈ $500" -> "approximately"); "between 10-20 people" -> "between ten and twenty";
* **decimal ranges**: "1.3-3.4" -> "1.3 to 3.4", "1.5-2 hours" (ascending);
* **fractions past tenths** where the words around ask for one: after "simplify", "reduce",
  "write", "as a fraction", "equals" or "=", or before "of": "Simplify 15/25" -> "fifteen
  twenty-fifths", "12/25 of the class" (a proper fraction; "/100", dates, scores, ratings and
  odds elsewhere keep their readings);
* **dimensions in feet**: "2'x4'" -> "two by four feet", "a 10'x12' room" -> "a ten by twelve
  foot room", "a 10' x 10' x 8' tent" -> "ten by ten by eight foot".

Patterns follow :mod:`yuyin.text._semiotic`'s rule for linear time: each begins with a consumed
character, and a lookbehind keeps it from starting inside a run of its class.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._tables import UNITS, _word_set
from yuyin.text._word_classes import _NOT_NOUNS

__all__ = ["ARITHMETIC_RULES"]

_OPS = "-\u2212+*/\u00d7\u00f7"
# an operand: a number ("1,000", "3.5"), with a variable glued on ("2x"), or a lone lowercase
# letter; after an operator it may carry a sign ("5 - -3")
_OPERAND = r"(?:[0-9](?:[0-9]|,(?=[0-9]{3}))*(?:\.[0-9]+)?[a-z]?|[a-z])(?![\w'])"
_OPERATOR = rf"(?: *[{_OPS}] *| +x +)"
# the chain starts at its first operand: not inside a word or a number, nor after an operator
_CHAIN = re.compile(
    rf"(?:[0-9](?<![\w.,':][0-9])(?<![{_OPS}] [0-9])(?<![{_OPS}][0-9])"
    rf"(?:[0-9]|,(?=[0-9]{{3}}))*(?:\.[0-9]+)?[a-z]?"
    rf"|[a-z](?<![\w.,'][a-z])(?<![{_OPS}] [a-z])(?<![{_OPS}][a-z]))(?![\w'])"
    rf"(?:{_OPERATOR}[-\u2212]?{_OPERAND})+"
)
# "=" or another relation ("x >= 10 - 3", "a ≠ 2 - 1"), not a bare "<" or ">" (an arrow, a quote)
_RELATION = "(?:[<>!=]?=|[\u2264\u2265\u2260\u2248])"
_EQUALS_BEFORE = re.compile(rf"{_RELATION} *\Z")
_EQUALS_AFTER = re.compile(rf" *{_RELATION}")
_FIRST = re.compile(r"[0-9](?:[0-9]|,(?=[0-9]{3}))*(?:\.[0-9]+)?[a-z]?|[a-z]")
_STEP = re.compile(rf"(?P<op>{_OPERATOR})(?P<operand>[-\u2212]?{_OPERAND})")
_WORDS = {
    "-": "minus",
    "\u2212": "minus",
    "+": "plus",
    "*": "times",
    "\u00d7": "times",
    "x": "times",
    "/": "divided by",
    "\u00f7": "divided by",
}
_PROPER_FRACTION = re.compile(r"[0-9]{1,2}\Z")
_ADDRESS = re.compile(r"://|[?&@]|www\.")
_TOKEN_WINDOW = 200  # characters searched either side for the web address a chain sits in


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether the chain at ``text[start:end]`` sits in a web address ("?a=10-3")."""
    window = max(0, start - _TOKEN_WINDOW)
    left = text.rfind(" ", window, start) + 1 or window
    right = text.find(" ", end, end + _TOKEN_WINDOW)
    token = text[left : right if right >= 0 else end + _TOKEN_WINDOW]
    return _ADDRESS.search(token) is not None


def _is_fraction(left: str, op: str, right: str) -> bool:
    """ "1/2": a slash with no spaces between a smaller number and one of two digits at most,
    which the fraction rule reads ("one half"), not "6/3" ("six divided by three")."""
    if op != "/" or not (left.isdigit() and right.isdigit()) or len(left) > 2:
        return False
    return _PROPER_FRACTION.match(right) is not None and 0 < int(left) < int(right)


# a number or a one-letter variable on the other side of the relation: a chain of numbers only
# is a sum where it holds ("10-3=7", "1024 - 24 = 1000"; not the golfer's "71-70-69-68=278",
# "Rating = 10/10", "India = 245/6"; nor a score or a split, glued, even where it holds: "A 3-0 =
# 3 points", "the 50-50 = 0 split") or where a variable is the other side, its hyphens and
# slashes are spaced and it is no range ("x = 10 - 3", "x >= 10 - 3"; "n = 6-8 mice", "T = 20 -
# 25 °C", "n = 10 - 12" are ranges); "x" before a unit or a noun is "by" ("A = 10 x 12 ft"); a
# chain with a variable is algebra ("y = 2x - 1", "a = b - 3"), unless it is letters glued by a
# slash or a hyphen ("w/o = without", "n/a"); "a" or "I" before a word is no variable ("52 - 48
# = a narrow win")
_OTHER_BEFORE = re.compile(
    r"(?:(?P<num>[-\u2212]?[0-9]+(?:\.[0-9]+)?)|(?P<var>[A-Za-z](?<![\w.\-/][A-Za-z]))) *\Z"
)
_OTHER_AFTER = re.compile(
    r" *(?:(?P<num>[-\u2212]?[0-9]+(?:\.[0-9]+)?)|(?P<var>[A-Za-z])(?! [a-z]))(?![\w\-/]|[.,][0-9])"
)
_OTHER_LOOK_BEHIND = 24
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _value(operands: list[str], ops: list[str]) -> float | None:
    """The chain's value, "*" and "/" before "+" and "-"; None for a division by zero."""
    terms, term = [], float(operands[0])
    for op, operand in zip(ops, operands[1:], strict=True):
        x = float(operand)
        if op in "*\u00d7x/\u00f7":
            if op in "/\u00f7" and x == 0:
                return None
            term = term / x if op in "/\u00f7" else term * x
        else:
            terms.append(term)
            term = -x if op in "-\u2212" else x
    return sum(terms) + term


_MAX_DIGITS = 15  # longer operands are no sum a reader checks
_SCORE = re.compile(r"([0-9]+)-(?:0|\1)")  # "3-0", "50-50": a score or a split, even where it holds
_ARTICLE_BEFORE = re.compile(r"(?<![\w])(?:[Aa]n?|[Tt]he|[Ee]ach|[Ee]very) \Z")
_WORD_OR_UNIT_AFTER = re.compile(
    r" ?(?:[^\W\d_]|[%\u00b0])"
)  # a unit, a noun or "%" after the chain


def _is_sum(
    chain: re.Match[str], operands: list[str], raw_ops: list[str], relation: re.Match[str]
) -> bool:
    """Whether the chain reads as a sum on this side of ``relation`` (comment above)."""
    ops = [op.strip() for op in raw_ops]
    glued = any(op == raw and op in "-/" for op, raw in zip(ops, raw_ops, strict=True))
    if any(c.isalpha() for operand in operands for c in operand):
        return not (glued and all(o.isalpha() for o in operands))
    text = relation.string
    if any(len(o) > _MAX_DIGITS for o in operands) or (
        "x" in ops and _WORD_OR_UNIT_AFTER.match(text, chain.end())  # "A = 10 x 12 ft": "by"
    ):
        return False
    if glued and (
        _SCORE.fullmatch(chain.group(0))
        or _ARTICLE_BEFORE.search(text, max(0, chain.start() - 6), chain.start())
    ):
        return False  # "A 3-0 = 3 points", "the 50-50 = 0 split"
    if relation.re is _EQUALS_AFTER:
        other = _OTHER_AFTER.match(text, relation.end())
    else:
        start = max(0, relation.start() - _OTHER_LOOK_BEHIND)
        other = _OTHER_BEFORE.search(text, start, relation.start())
    if other is None:
        return False
    if other["var"]:  # "x = 10 - 3"; not a range: "n = 6-8", "T = 20 - 25 °C", "n = 10 - 12"
        if other["var"].isupper() and ops == ["-"]:
            return False  # "A = 100 - 90; B = 89 - 80", "Score: A = 3 - 0": bands and scores
        low, high = (float(o.replace(",", "").replace("\u2212", "-")) for o in operands[:2])
        ascending = ops == ["-"] and low < high
        return not (glued or ascending or _WORD_OR_UNIT_AFTER.match(text, chain.end()))
    if relation.group(0).strip() != "=" or (glued and _WORD_OR_UNIT_AFTER.match(text, other.end())):
        return False  # "I work 9-3 = 6 hours", "Arsenal won 4-1 = 3 more points": a range, a score
    value = _value([o.replace(",", "").replace("\u2212", "-") for o in operands], ops)
    decimals = len(other["num"].partition(".")[2])
    number = float(other["num"].replace("\u2212", "-"))
    return value is not None and abs(value - number) <= 0.5 * 10**-decimals + 1e-9


_GLUED_VARIABLE = re.compile(r"(?<=[0-9])(?=[a-z]\Z)")  # "2x" -> "2 x" ("2x" alone is "two times")


def _equation(m: re.Match[str]) -> str:
    """Operators said as words where the chain is one side of an equation (docstring above)."""
    text, chain = m.string, m.group(0)
    relations = [
        r
        for r in (
            _EQUALS_BEFORE.search(text, max(0, m.start() - 8), m.start()),
            _EQUALS_AFTER.match(text, m.end()),
        )
        if r is not None
    ]  # "Profit = 100 - 40 = 60": the "=" after is the one that holds
    if not relations or _ISO_DATE.fullmatch(chain) or _in_address(text, m.start(), m.end()):
        return chain  # "x = 2020-01-05": a date
    first = _FIRST.match(chain)
    assert first is not None  # the chain opens with an operand
    steps = list(_STEP.finditer(chain, first.end()))
    operands = [first.group(0)] + [step["operand"] for step in steps]
    raw_ops = [step["op"] for step in steps]
    if not any(_is_sum(m, operands, raw_ops, r) for r in relations):
        return chain
    said = [_GLUED_VARIABLE.sub(" ", operands[0])]
    for left, step in zip(operands, steps, strict=False):
        right = _GLUED_VARIABLE.sub(" ", step["operand"])
        if _is_fraction(left, step["op"], step["operand"]):
            said.append(step.group(0))  # "1/2": the fraction rule reads it
        else:
            said += [f" {_WORDS[step['op'].strip()]} ", right]
    return "".join(said)


# relations said as words: "x >= 5" was "x greater than equals five", "x != 5" "x! equals five",
# "≥", "≤", "≠", "≈" were left to the phonemizer, which drops them; "≈" after an operand (a
# number, a one-letter variable, a bracket) is "approximately equals" ("π ≈ 3.14"), else
# "approximately" ("costs ≈ $500")
# ("≈5 km", "a ≈5 km walk": glued to the amount); not in a web address ("?a>=3"), an arrow
# ("<=>") or an exclamation ("wow!= no"); "==" is left to be read "equals equals" ("pip install
# numpy==1.26")
_RELATION_WORDS = {
    ">=": "greater than or equal to",
    "\u2265": "greater than or equal to",
    "<=": "less than or equal to",
    "\u2264": "less than or equal to",
    "!=": "not equal to",
    "\u2260": "not equal to",
    "\u2248": "approximately",
}
_RELATION_SYMBOL = re.compile(r"[<>!](?<![<>!=][<>!])=(?![<>=])|[\u2264\u2265\u2260\u2248]")
_EMOTICON = re.compile(r"[DPOop](?![\w])")  # "=D", "=P" after "!": a face
_OPERAND_BEFORE = re.compile(r"(?:[0-9)\]]|[^\W\d_](?<![^\W\d_]{2})) *\Z")  # "π ≈", "x ≈", "2) ≈"


def _relation(m: re.Match[str]) -> str:
    """ "x >= 5" -> "x greater than or equal to 5" (comment above); padded with spaces."""
    text, start, end = m.string, m.start(), m.end()
    if _in_address(text, start, end):
        return m.group(0)
    words = _RELATION_WORDS[m.group(0)]
    spaced_before = start == 0 or text[start - 1].isspace()
    spaced_after = end == len(text) or text[end].isspace()
    if (
        m.group(0) == "!="
        and not spaced_before
        and (spaced_after or not text[end].isalnum() or _EMOTICON.match(text, end))
    ):
        return m.group(0)  # "wow!= no", "Yes!=)", "Thanks!=D": an exclamation
    glued_to_amount = spaced_before and not spaced_after  # "a ≈5 km walk"
    if (
        m.group(0) == "\u2248"
        and not glued_to_amount
        and _OPERAND_BEFORE.search(text, max(0, start - 4), start)
    ):
        words = "approximately equals"
    return f"{'' if spaced_before else ' '}{words}{'' if spaced_after else ' '}"


# "between 10-20 people", "between 10 - 20": "and", not "to"; "between 2019-20" -> "between
# 2019 and 2020"; not a pair of pairs ("between 3-0 and 3-1": scores)
_BETWEEN = re.compile(
    r"(?P<b>[Bb])(?<![\w][Bb])etween (?P<low>[0-9]{1,4}(?:\.[0-9]{1,3})?) ?[-\u2013] ?"
    r"(?P<high>[0-9]{1,4}(?:\.[0-9]{1,3})?)"
    r"(?![\w]|[.,:/\-][0-9])(?! and [0-9])"
)


def _between(m: re.Match[str]) -> str:
    low, high = m["low"], m["high"]
    if "." in low + high and float(low) >= float(high):
        return m.group(0)  # "between 1.5-1.2 hours": no range
    if "." not in low + high and len(high) < len(low):  # "2019-20"; not "10-2 pm", "12-6"
        if not (_YEAR.fullmatch(low) and len(high) == 2):
            return m.group(0)
        high = low[:2] + high
        if int(high) <= int(low):
            return m.group(0)
    return f"{m['b']}etween {low} and {high}"


# a range word before the low number, or two years
_RANGE_WORD = (
    r"(?:[Aa]ges?|[Aa]ged|[Pp]ages|pp\.|[Cc]hapters|[Vv]erses|[Ll]ines|[Gg]rades"
    r"|[Ss]izes|[Rr]ooms|[Yy]ears|[Ss]teps|[Ll]evels|[Ss]eats|[Rr]ows|[Ss]ections) "
)
_SPACED_RANGE = re.compile(
    r"(?P<low>[0-9](?<![\w.,\-][0-9])[0-9]{0,3}) +[-\u2013] +(?P<high>[0-9]{1,4})"
    r"(?![\w]|[.,:/\-][0-9])"
)
_RANGE_WORD_BEFORE = re.compile(rf"(?<![\w]){_RANGE_WORD}\Z")
_YEAR = re.compile(r"(?:1[5-9]|20)[0-9]{2}")


def _spaced_range(m: re.Match[str]) -> str:
    """ "ages 5 - 12" -> "ages 5-12" (docstring above); other spaced dashes are left."""
    low, high = m["low"], m["high"]
    if int(low) >= int(high):
        return m.group(0)
    years = _YEAR.fullmatch(low) is not None and _YEAR.fullmatch(high) is not None
    if years or _RANGE_WORD_BEFORE.search(m.string, max(0, m.start() - 10), m.start()):
        return f"{low}-{high}"
    return m.group(0)


# dimensions in feet: "The board is 2'x4'" -> "2 by 4 feet" (it was "two'x four'"), "a 10'x12'
# room" -> "a 10 by 12 foot room"
_FEET_BY_FEET = re.compile(
    r"(?P<a>[0-9](?<![\w.,'][0-9])[0-9]*(?:\.[0-9]+)?)' ?[x\u00d7] ?(?P<b>[0-9]+(?:\.[0-9]+)?)'"
    r"(?: ?[x\u00d7] ?(?P<c>[0-9]+(?:\.[0-9]+)?)')?(?![\w'])(?P<noun> (?=[a-z]))?"
)
_NOT_A_NOUN = _NOT_NOUNS | _word_set("wide long high tall deep thick x overall")


def _feet_by_feet(m: re.Match[str]) -> str:
    word = re.match(r"[a-z]+", m.string[m.end() :])
    sides = f"{m['a']} by {m['b']}" + (f" by {m['c']}" if m["c"] else "")
    if m["noun"] and word is not None and word.group(0) not in _NOT_A_NOUN:
        return f"{sides} foot "
    return f"{sides} feet{' ' if m['noun'] else ''}"


# a range with a decimal ("OR = 2.1 (1.3-3.4)", "r = 0.3-0.5", "1.5-2 hours", "Python
# 3.8-3.11") is "to", as "5-10" is (it was "one point three-three point four"); ascending, with
# at most three decimals (two beside a whole number: "555.123-4567" is no range)
_DECIMAL_RANGE = re.compile(
    r"(?P<low>[0-9](?<![\w.,\-$\u20ac\u00a3\u00a5][0-9])[0-9]{0,3}(?:\.[0-9]{1,3})?)-"
    r"(?P<high>[0-9]{1,4}(?:\.[0-9]{1,3})?)(?![\w]|[.,\-/:][0-9])"
)


_UNIT_AFTER = re.compile(r" ?-?(?P<unit>[^\W\d_]+)")


_UK_CLOCK = re.compile(r"(?:[01]?[0-9]|2[0-4])\.[0-5][0-9]")
_CLOCK_WORD = re.compile(
    r"(?<![\w])(?i:open|opens|opening|hours|daily|lunch|dinner|breakfast|closes|closed|shift"
    r"|from|until|till|mon|tue|wed|thu|fri|sat|sun)(?![\w])"
)
_VERSION_BEFORE = re.compile(
    r"(?<![\w])(?i:version|ver\.?|v|release|rev|revision|bash|python|node|kernel|firmware|build|update"
    r"|android|ios|macos|ieee|ashrae|iso|form|standard|fig\.?|figure|table|eq\.?|equation"
    r"|section|sec\.|\u00a7|reg\.|cfr|exhibit|rule|chapter|ch\.) ?\Z"
)


def _decimal_range(m: re.Match[str]) -> str:
    low, high = m["low"], m["high"]
    if "." not in low + high or float(low) >= float(high):
        return m.group(0)
    text, start = m.string, m.start()
    places = [len(x.partition(".")[2]) for x in (low, high)]
    if _YEAR.fullmatch(high):
        return m.group(0)  # "IEEE 802.11-2016": a standard's year
    same_shape = places[0] == places[1]
    if not same_shape and _VERSION_BEFORE.search(text, max(0, start - 10), start):
        return m.group(0)  # "bash 5.1-6", "Figure 4.1-5", "§ 1.83-3"; "Section 2.1-2.4" a range
    if _UK_CLOCK.fullmatch(low) and _UK_CLOCK.fullmatch(high):
        later = float(high) >= 13 > float(low)
        if later or _CLOCK_WORD.search(text, max(0, start - 24), start):
            return m.group(0)  # "open 9.30-17.30", "Lunch 12.00-13.30": clock times
    unit = _UNIT_AFTER.match(m.string, m.end())
    if unit and unit["unit"] in UNITS:
        return m.group(0)  # "0.5-1 mg/kg": the unit rule reads a range before its unit
    if 0 in places and max(places) > 2:
        return m.group(0)
    return f"{low} to {high}"


# a proper fraction past tenths (the fraction rule reads up to tenths), not in a sum
_BIG_FRACTION = re.compile(
    r"(?P<top>[0-9](?<![\w.,/:\-$][0-9])[0-9]{0,2})/(?P<bottom>[0-9]{2,3})"
    r"(?![\w/%]|[.,:][0-9]| *[-+*\u00d7\u00f7] *[0-9])"
)
_FRACTION_CUE_BEFORE = re.compile(
    r"(?:(?<![\w'])(?:[Ss]implify|[Rr]educe|[Ww]rite|[Ee]quals|[Aa]s a fraction,?)"
    r"(?: the fraction)? "
    r"|(?:(?<![A-Za-z])[A-Za-z]|[0-9]) ?= ?)\Z"
)
_FRACTION_OF_AFTER = re.compile(r" of (?![0-9])")
_DATE_WORD_BEFORE = re.compile(r"(?<![\w'])(?i:on|by|since|until|from|before|after|dated?) \Z")
_FRACTION_LOOK = 24
_PERCENT_SCALE = 100  # "85/100": a score out of a hundred


def _big_fraction(m: re.Match[str]) -> str:
    """ "Simplify 15/25" -> "fifteen twenty-fifths" (module doc)."""
    text, start = m.string, m.start()
    top, bottom = int(m["top"]), int(m["bottom"])
    if not 0 < top < bottom or bottom <= _MAX_TENTHS or bottom == _PERCENT_SCALE:
        return m.group(0)
    window = max(0, start - _FRACTION_LOOK)
    cue = _FRACTION_CUE_BEFORE.search(text, window, start)
    if not cue and not (
        _FRACTION_OF_AFTER.match(text, m.end())
        and not _DATE_WORD_BEFORE.search(text, window, start)
    ):
        return m.group(0)
    name = v.ordinal(bottom) + ("s" if top > 1 else "")
    return _padded(m, f"{v.cardinal(top)} {name}")


_MAX_TENTHS = 10


ARITHMETIC_RULES: tuple[Rule, ...] = (
    regex_rule(_BIG_FRACTION, _big_fraction),
    regex_rule(_FEET_BY_FEET, _feet_by_feet),
    regex_rule(_CHAIN, _equation),
    regex_rule(_RELATION_SYMBOL, _relation),
    regex_rule(_BETWEEN, _between),
    regex_rule(_SPACED_RANGE, _spaced_range),
    regex_rule(_DECIMAL_RANGE, _decimal_range),
)
