"""Legal citations as lawyers say them: "Brown v. Board" -> "Brown versus Board", "9th Cir." ->
"Ninth Circuit", "2d Cir." -> "Second Circuit", "F.3d" -> "F third"; "Copyright © 2023" says
"copyright" once.

"v." is "versus" only between capitalized names (a case's parties: "Smith v. Jones", "New York
Times Co. v. Sullivan"); a lone "v." elsewhere is left to the other rules. Run before the
numbers are read, so that the courts' ordinals ("2d", "3d") are still digits.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._semiotic import Rule, regex_rule
from yuyin.text._tables import ROMAN_CARDINAL_CONTEXT

__all__ = ["CITATION_RULES"]

# "Smith v. Jones", "Co. v. Sullivan", "Roe v. Wade": a capitalized word (or abbreviation) on
# both sides
_VERSUS = re.compile(r"[A-Z](?<![\w'\u2019&\-][A-Z])[\w'\u2019&\-]*\.? v\. (?=[A-Z])")
_COUNTING = ROMAN_CARDINAL_CONTEXT | {"bk", "ch", "chap", "pt", "sec"}
# a court of appeals: "9th Cir.", "2d Cir.", "D.C. Cir." is left
_CIRCUIT = re.compile(
    r"(?<![\w.])(?P<n>[1-9][0-9]?)(?:st|nd|rd|th|d) Cir\.(?P<end>(?=\s+[A-Z\"']|\s*$))?"
)
# the Federal Reporter's series: "F.2d", "F.3d", "F.4th", "F. Supp. 2d"; spaced ("F. 4th") only
# between a volume's number and a page's ("an F. 4th period was rough" is a grade, "95 F. 4th of
# July" a temperature)
_REPORTER = re.compile(
    r"(?<![\w.])(?P<name>F\.|F\. Supp\.)(?P<space> ?)(?P<n>[2-4])(?:d|th)(?![\w])"
)
_VOLUME_BEFORE = re.compile(r"[0-9] \Z")
_PAGE_AFTER = re.compile(r" [0-9]")
# a circle, not a court: "Meet me at the 2nd Cir. off Main", "Turn onto the 3rd Cir."
_PLACE_BEFORE = re.compile(
    r"(?<![\w])(?i:off|near|onto|turn (?:on|onto|at)|exit at|park on|drive (?:to|on))(?: the)? \Z"
)
_PLACE_AFTER = re.compile(r" (?:off|near|and|&) [A-Z]")


# "Copyright © 2023": the sign is the word again, said once
_COPYRIGHT_TWICE = re.compile(
    r"(?P<word>(?i:copyright)) ?(?:\u00a9|\([Cc]\))|\u00a9 ?(?P<after>(?i:copyright))"
)


def _versus(m: re.Match[str]) -> str:
    before = m.group(0)[: -len(" v. ")]
    if before.rstrip(".").lower() in _COUNTING:
        return m.group(0)  # "Act v. Scene 2", "Vol. v. Part 1": a Roman five
    return before + " versus "


def _circuit(m: re.Match[str]) -> str:
    """The dot stays only where it may end a sentence (a capital or the end follows)."""
    if _PLACE_BEFORE.search(m.string, max(0, m.start() - 16), m.start()) or _PLACE_AFTER.match(
        m.string, m.end()
    ):
        return m.group(0)
    return f"{v.ordinal(int(m['n'])).capitalize()} Circuit" + ("." if m["end"] is not None else "")


def _reporter(m: re.Match[str]) -> str:
    if m["space"] and not (
        _VOLUME_BEFORE.search(m.string, max(0, m.start() - 2), m.start())
        and _PAGE_AFTER.match(m.string, m.end())
    ):
        return m.group(0)  # "He got an F. 4th period was rough": a grade
    name = "F Supp" if "Supp" in m["name"] else "F"
    return f"{name} {v.ordinal(int(m['n']))}"


CITATION_RULES: tuple[Rule, ...] = (
    regex_rule(_COPYRIGHT_TWICE, lambda m: m["word"] or m["after"]),
    regex_rule(_VERSUS, _versus),
    regex_rule(_CIRCUIT, _circuit),
    regex_rule(_REPORTER, _reporter),
)
