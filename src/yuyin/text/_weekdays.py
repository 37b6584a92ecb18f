"""Abbreviated weekdays read as days where their context shows them to be days, beyond the
dated ones of :mod:`yuyin.text._periods` ("Sun. Jan 5", "Sun 11am", "Sat & Sun"):

* **before a range of clock times**: "Open house Sun. 1-4 p.m." -> "Sunday 1-4 p.m.", "Sat
  10am-2pm" (run before the clock-range rule turns the range into words);
* **after a word of opening hours or scheduling**: "Closed Sun." -> "Closed Sunday.", "Who's
  coming Fri?" -> "Friday?", "due by Thu", "see you Tues". Capitalized, standalone, and not
  before a capitalized word ("on Sun Valley", "by Sat Nam" are names) nor after "the" ("the
  Sun." is the newspaper); "Sun" only after the words of opening hours and "until", "through",
  "every" ("shining on Sun" is no day: the star), the other days after any of the words;
* **"Sun." before "?" or "!"**: "Who's up for brunch Sun.?" -> "Sunday?" (not "the Sun.?").

:data:`WEEKDAY_RULES` run first in :mod:`yuyin.text._ranges`. Each pattern starts with a consumed
character and refuses to start inside a word, so each pass is linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text._semiotic import Rule, _sentence_end_after, regex_rule
from yuyin.text._tables import MONTH_FORMS

__all__ = ["WEEKDAY_RULES"]

_DAYS = {"Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday",
         "Thu": "Thursday", "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday",
         "Sat": "Saturday", "Sun": "Sunday"}  # fmt: skip
_DAY = r"(?P<day>Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)(?P<dot>\.(?!\w))?(?![\w.'\-])"
_CLOCK = r"[0-9]{1,2}(?::[0-5][0-9])? ?(?:[AaPp]\.?[Mm]\.?)?"
_BEFORE_CLOCK_RANGE = re.compile(
    rf"(?<![\w])(?<![Tt]he ){_DAY}(?=,? {_CLOCK} ?(?:-|to) ?{_CLOCK}(?<=[Mm]|\.)(?![\w]))"
)
_HOURS_WORDS = r"[Cc]losed|[Oo]pen|[Oo]pens|[Cc]loses|[Uu]ntil|[Tt]ill|[Tt]hrough|[Tt]hru|[Ee]very"
_SCHEDULE_WORDS = r"[Bb]y|[Oo]n|[Nn]ext|[Tt]his|[Cc]oming|[Ss]ee you|[Ll]ast|[Ff]rom|[Dd]ue"
_AFTER_SCHEDULE_WORD = re.compile(
    rf"(?<![\w])(?P<word>{_HOURS_WORDS}|{_SCHEDULE_WORDS}) {_DAY}(?(dot)|(?! [A-Z]))"
    # nor, without its dot, before a lowercase word ("Every Sun sign", "Through Sun and rain")
    # other than one that joins it to another day ("Open Mon thru Fri")
    r"(?(dot)|(?! (?!(?:and|or|to|thru|through|till|until) (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun))"
    r"[a-z]))"
)

# a date after the dotted day, which :mod:`yuyin.text._periods` reads: "Open Sun. Jan 5"
_DATE_AFTER = re.compile(rf" (?:{'|'.join(sorted(MONTH_FORMS, key=len, reverse=True))})\.? [0-9]")


def _after_schedule_word(m: re.Match[str]) -> str:
    """ "Closed Sun." -> "Closed Sunday." (the dot kept where a sentence ends: "Closed Sun. and
    Mon." -> "Closed Sunday and Monday."); "on Sun" is left (the star)."""
    if m["day"] == "Sun" and re.fullmatch(_SCHEDULE_WORDS, m["word"]):
        return m.group(0)
    if m["dot"] and _DATE_AFTER.match(m.string, m.end()):
        return m.group(0)
    stop = "." if m["dot"] and _sentence_end_after(m) else ""
    return f"{m['word']} {_DAYS[m['day']]}{stop}"


# "Sun." with its dot before a question's or an exclamation's mark: "Who's up for brunch
# Sun.?" -> "Sunday?", "See you Sun.!" (the other days' dots the abbreviation table reads);
# not a paper: "the Sun.?", "the Daily Sun.?" (a capitalized word before)
_SUN_BEFORE_MARK = re.compile(r"S(?<![\w]S)(?<![Tt]he S)un\.(?=[?!])")
_NAME_BEFORE = re.compile(r"[A-Z][a-z]+ \Z")


def _sun_before_mark(m: re.Match[str]) -> str:
    named = _NAME_BEFORE.search(m.string, max(0, m.start() - 16), m.start())
    return m.group(0) if named else "Sunday"


WEEKDAY_RULES: tuple[Rule, ...] = (
    regex_rule(_SUN_BEFORE_MARK, _sun_before_mark),
    regex_rule(_BEFORE_CLOCK_RANGE, lambda m: _DAYS[m["day"]]),
    regex_rule(_AFTER_SCHEDULE_WORD, _after_schedule_word),
)
