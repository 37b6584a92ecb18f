"""Capitals that are an English word elsewhere, spelled where the words around them make them
initials (the acronym rule of :mod:`yuyin.text._words` leaves "WHO", "AM", "IT" as the words
they spell, and mixed-case "PhD" as a name):

* **the WHO**: "The WHO declared" -> "The W H O declared", "the WHO's report" (after "the"
  only: "WHO said so?" and "Who is it?" keep the word);
* **AM radio**: "AM radio stations" -> "A M radio stations", "an AM station", "AM and FM"
  (before a word of broadcasting; not "I AM radio silent"; a clock's "10 AM" is "a m" by then);
* **PhD**: "a PhD in physics" -> "a P H D in physics", "two PhDs" -> "two P H D's" (a plural
  "s" after spelled capitals is written "'s", as "R B I's");
* **IT** the trade after a word of work and "in": "he works in IT" -> "he works in I T",
  "a career in IT", "a degree in IT" (not "We believe in IT", "Put IT in the box", "I saw IT";
  before "department", "support" ...: :mod:`yuyin.text._measures`).

:data:`ACRONYM_CONTEXT_RULES` run with the acronym rules, in mixed-case text only (a text all in
capitals is words: "THE WHO DECLARED"). Each pattern starts with a consumed capital that no
word character precedes, and the words before it are looked at in a bounded window, so each
pass is linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text._semiotic import Rule, regex_rule

__all__ = ["ACRONYM_CONTEXT_RULES"]

# "The WHO declared", "the WHO's chief": the World Health Organization after "the"
_WHO = re.compile(r"(?:(?<=\bthe )|(?<=\bThe ))WHO(?P<s>'s)?(?![\w'\-]|:| of the\b)")
_WH_WORDS = re.compile(r"\b(?:WHAT|WHY|WHEN|WHERE|HOW)\b")  # "the WHO, the WHAT and the WHY"
_WH_LOOK = 80  # characters looked at on each side for those words
# "AM radio", "an AM station", "AM and FM", "AM/FM" (its slash a space by now)
_AM = re.compile(
    r"A(?<![\w'\-]A)M(?= +(?:radio|stations?|bands?|frequenc(?:y|ies)|broadcasts?|broadcasting"
    r"|signals?|dial|receivers?|transmitters?|talk|(?:and |or )?FM)\b)"
)
_PRONOUN_I_BEFORE = re.compile(r"(?<![\w'])I \Z")  # "I AM radio silent": the verb
# "a PhD", "PhDs", "the PhD's thesis"
_PHD = re.compile(r"P(?<![\w'\-]P)hD(?P<s>s|'s)?(?![\w'\-])")
# "works in IT", "a career in IT": the trade after a word of work (not "a role in IT", the film)
_IT_IN = re.compile(r"(?<=\bin )IT(?![\w'\-])")
_WORK_BEFORE = re.compile(
    r"(?<![\w'])(?:work|works|worked|working|jobs?|careers?|degrees?|background|experience"
    r"|positions?|roles|employed|employment|specialists?|majors?|majored) in \Z"
)
_WORK_LOOK = 16  # characters looked at before "IT": "employment in "


def _it_in(m: re.Match[str]) -> str:
    """ "works in IT" -> "works in I T"; "We believe in IT" keeps the pronoun."""
    if _WORK_BEFORE.search(m.string, max(0, m.start() - _WORK_LOOK), m.start()):
        return "I T"
    return m.group(0)


def _who(m: re.Match[str]) -> str:
    """ "The WHO declared" -> "The W H O declared"; not beside "the WHAT", "the WHY"."""
    if _WH_WORDS.search(m.string, max(0, m.start() - _WH_LOOK), m.end() + _WH_LOOK):
        return m.group(0)  # a window, not the whole text: linear time
    return "W H O" + (m["s"] or "")


def _am(m: re.Match[str]) -> str:
    """ "AM radio" -> "A M radio"; "I AM radio silent" keeps the verb."""
    if _PRONOUN_I_BEFORE.search(m.string, max(0, m.start() - 3), m.start()):
        return m.group(0)
    return "A M"


ACRONYM_CONTEXT_RULES: tuple[Rule, ...] = (
    regex_rule(_WHO, _who),
    regex_rule(_AM, _am),
    regex_rule(_PHD, lambda m: "P H D" + ("'s" if m["s"] else "")),
    regex_rule(_IT_IN, _it_in),
)
