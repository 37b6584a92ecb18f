"""Chat, review and markup copy, read before the symbol rules see its "=", "<", ">" and "/":

* **emoticons** stand alone between spaces and are not said: "Thanks :)", "lol =D", "ok ;-)",
  "so sad :'(", "haha xD" (they were "equals D", "less than"... or dropped with a stray ":");
* **arrows** are "to": "A -> B" (it was "A - greater than B"), "a --> b", "x => y" between
  words; HTML comments ("<!-- x -->") are dropped;
* **chat abbreviations** written in lowercase as whole words: "tmrw" -> "tomorrow", "thx" ->
  "thanks", "np" -> "no problem", "idk" -> "I D K", "smh", "brb", "ngl" -> "not gonna lie",
  "bday" -> "birthday" (not inside a word, a name, a path or code: "np.array", "np-hard",
  "@idk"); so are two names whose letters are said: "npm" -> "N P M", "pH" -> "P H".

Ratings ("5/5 would buy again", "3/5 stars") are read by :mod:`yuyin.text._news`'s rating rule.

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
_NEXT_WORD = re.compile(r" +(?P<first>\w)")


def _emoticon(m: re.Match[str]) -> str:
    """A face is not said; between two words it was a pause, a comma ("Thanks :) See you" ->
    "Thanks, See you", "lol :D anyway" -> "lol, anyway")."""
    text, start = m.string, m.start()
    after = _NEXT_WORD.match(text, m.end())
    if after is None or not m.group(0).startswith(" ") or not text[start - 1].isalnum():
        return ""  # "Thanks! :) See you": a pause is there already
    return ","  # not ".": "Hi Jan. How" would read "January", "Main St." "Saint"


# chat abbreviations, lowercase as typed: said as words, or spelled as their letters are said
_CHAT_WORDS = {
    "tmrw": "tomorrow", "thx": "thanks", "np": "no problem", "pls": "please", "plz": "please",
    "idk": "I D K", "smh": "S M H", "brb": "B R B", "tbh": "T B H", "imo": "I M O",
    "btw": "B T W", "ttyl": "T T Y L", "ngl": "not gonna lie", "bday": "birthday",
    # names written in lowercase or mixed case whose letters are said: the package manager
    # ("npm install"), the acidity scale ("a pH of 7")
    "npm": "N P M", "pH": "P H",
}  # fmt: skip
# not in code ("import numpy as np", "np.array", "np-hard"), a handle or a path
_CHAT_WORD = re.compile(
    rf"(?<![\w@#/.\-'])(?<!\bas )(?<!\bimport )(?:{'|'.join(_CHAT_WORDS)})(?![\w/\-'(]|\.\w)"
)


CHAT_RULES: tuple[Rule, ...] = (
    regex_rule(_HTML_COMMENT, lambda m: " "),
    regex_rule(_EMOTICON, _emoticon),
    regex_rule(_ARROW, lambda m: " to "),
    regex_rule(_CHAT_WORD, lambda m: _CHAT_WORDS[m.group(0)]),
)
