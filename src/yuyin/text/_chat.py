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
    r"(?:(?<=\S) )?(?:[:;](?<![\S][:;])(?<![0-9] [:;])['\-^o]?[()DPpOo\[\]|/\\*$@]{1,3}"
    r"|:(?<!\S:)(?<![0-9] :)3"
    r"|=(?<![\S]=)(?<=[A-Za-z]{2} =)[D)(Pp]"
    r"|x(?<!\Sx)D(?! (?:cards?|format|-Picture)))(?=\s|\Z|[.,!?])"
)
_HTML_COMMENT = re.compile(r"<!--.{0,500}?(?<! and )(?<! with )(?<! or )-->", re.DOTALL)
# an arrow between words or numbers, spaced or not: "A -> B", "a --> b", "x => y", "2 -> 3"
_ARROW = re.compile(r"(?<=[\w)\]]) ?(?:-{1,2}>|=>)(?= ?[\w(\[])(?! ?(?:to|see)\b)")
_RATING = re.compile(
    r"(?P<n>[0-9](?<![\w.,/][0-9])[0-9]{0,2}(?:\.[0-9])?)/(?P<m>5|10|100)(?![\w/]|[.,][0-9])"
)
_RATING_AFTER = re.compile(r" (?:stars?|rating|score|overall|recommend)(?![\w])", re.I)
_WOULD_AFTER = re.compile(r" would(?![\w])")  # "5/5 would buy again", at a clause's start
_CLAUSE_START = re.compile(r"(?:\A|[.!?:;,\n-] ?)\Z")
_RATING_BEFORE = re.compile(r"(?<![\w])(?:rated|rating|gave it|gives it|verdict:?|score:) \Z", re.I)
_OF_AFTER = re.compile(r" (?:of|that of)(?![\w])")


def _rating(m: re.Match[str]) -> str:
    """ "5/5 would buy again" -> "5 out of 5" beside a word of rating (docstring above)."""
    text, start = m.string, m.start()
    if _OF_AFTER.match(text, m.end()):
        return m.group(0)  # "generated 1/5 of GDP", "rated 1/5 of": a share
    rated = (
        _RATING_AFTER.match(text, m.end())
        or _RATING_BEFORE.search(text, max(0, start - 10), start)
        or (
            _WOULD_AFTER.match(text, m.end())
            and _CLAUSE_START.search(text, max(0, start - 2), start)
        )
    )
    if not rated or float(m["n"]) > float(m["m"]):
        return m.group(0)
    return f"{m['n']} out of {m['m']}"


_NEXT_WORD = re.compile(r" +(?P<first>\w)")


def _emoticon(m: re.Match[str]) -> str:
    """A face is not said; between two words it was a pause, a comma ("Thanks :) See you" ->
    "Thanks, See you", "lol :D anyway" -> "lol, anyway")."""
    text, start = m.string, m.start()
    after = _NEXT_WORD.match(text, m.end())
    if after is None or not m.group(0).startswith(" ") or not text[start - 1].isalnum():
        return ""  # "Thanks! :) See you": a pause is there already
    return ","  # not ".": "Hi Jan. How" would read "January", "Main St." "Saint"


CHAT_RULES: tuple[Rule, ...] = (
    regex_rule(_HTML_COMMENT, lambda m: " "),
    regex_rule(_EMOTICON, _emoticon),
    regex_rule(_ARROW, lambda m: " to "),
    regex_rule(_RATING, _rating),
)
