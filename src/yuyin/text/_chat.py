"""Chat, review and markup copy, read before the symbol rules see its "=", "<", ">" and "/":

* **emoticons** stand alone between spaces and are not said: "Thanks :)", "lol =D", "ok ;-)",
  "so sad :'(", "haha xD" (they were "equals D", "less than"... or dropped with a stray ":");
* **arrows** are "to": "A -> B" (it was "A - greater than B"), "a --> b", "x => y" between
  words; HTML comments ("<!-- x -->") are dropped;
* **ratings** out of 5, 10 or 100 beside a word of rating: "5/5 would buy again", "10/10",
  "rated 8/10", "3/5 stars" -> "out of" (a lone "3/5" is still a fraction, "10/10" alone a
  slash).

Patterns follow :mod:`yuyin.text._semiotic`'s rule for linear time: each begins with a consumed
character, and a lookbehind keeps it from starting inside a run of its class.
"""

from __future__ import annotations

import re

from yuyin.text._semiotic import Rule, regex_rule

__all__ = ["CHAT_RULES"]

# a face between spaces (or the text's ends, or before closing punctuation): eyes, an optional
# nose or tear, a mouth; "xD"; not after a number or a word ("ratio 2:3", "note 8)", "x =3"), nor
# "XD" (a card, a model)
_EMOTICON = re.compile(
    r"(?:[:;=](?<![\S][:;=])['\-^o]?[()DPpOo\[\]|/\\*$@]{1,3}|:(?<!\S:)3|x(?<!\Sx)D)(?=\s|\Z|[.,!?])"
)
_HTML_COMMENT = re.compile(r"<!--.{0,2000}?-->", re.DOTALL)
# an arrow between words or numbers, spaced or not: "A -> B", "a --> b", "x => y", "2 -> 3"
_ARROW = re.compile(r"(?<=[\w)\]]) ?(?:-{1,2}>|=>)(?= ?[\w(\[])")
_RATING = re.compile(
    r"(?P<n>[0-9](?<![\w.,/][0-9])[0-9]{0,2}(?:\.[0-9])?)/(?P<m>5|10|100)(?![\w/]|[.,][0-9])"
)
_RATING_AFTER = re.compile(r" (?:stars?|would|rating|score|overall|recommend)(?![\w])", re.I)
_RATING_BEFORE = re.compile(r"(?:rated?|rating|score[ds]?|gave it|gives it|verdict:?) \Z", re.I)


def _rating(m: re.Match[str]) -> str:
    """ "5/5 would buy again" -> "5 out of 5" beside a word of rating (docstring above)."""
    text = m.string
    rated = _RATING_AFTER.match(text, m.end()) or _RATING_BEFORE.search(
        text, max(0, m.start() - 10), m.start()
    )
    if not rated or float(m["n"]) > float(m["m"]):
        return m.group(0)
    return f"{m['n']} out of {m['m']}"


CHAT_RULES: tuple[Rule, ...] = (
    regex_rule(_HTML_COMMENT, lambda m: " "),
    regex_rule(_EMOTICON, lambda m: ""),
    regex_rule(_ARROW, lambda m: " to "),
    regex_rule(_RATING, _rating),
)
