"""Numbers of computing copy that name things, read before the counting rules:

* **processor models**, their numbers in pairs as "RTX 4090" is read, the letters after them
  spelled: Intel's "Core i7-13700K" -> "i seven thirteen seven hundred K" (a five-digit number
  is the generation and the model, "13" and "700"; it was "thirteen thousand seven hundred
  thousand"), "i5-2500K" -> "i five twenty-five hundred K", "i7-1165G7"; AMD's "Ryzen 9 7950X"
  -> "Ryzen 9 seventy-nine fifty X", "Ryzen 7 5800X3D", "Threadripper 3990X", "Core Ultra 7
  155H" -> "one fifty-five H". An Intel number needs a letter after it, five digits, or "Core"
  or "Intel" before it ("route i5-2021" stays);
* **HTTP status codes** (400 to 451, 500 to 511) in pairs: "a 404 error" -> "a four oh four
  error", "404 Not Found", "a 503 Service Unavailable response", "HTTP 429", "status 503",
  "Error 404:"; only before a word of the web ("error", "page", "response", "status", a
  status's name) or after "HTTP", "status" or "error". Counts stay counts: "The book is 404
  pages long", "There were 404 errors in the log", "We got 500 errors yesterday";
* **long options** of a command line, after the command ("git pull --rebase", "pip install
  --upgrade"): "dash dash rebase", as a reader spells them; short ones too, letter by letter
  ("git commit -m" -> "dash m", "-am" -> "dash a m").

:data:`COMPUTING_RULES` run among :mod:`yuyin.text._codes`'s rules. Each pattern starts with a
consumed character and refuses to start inside a word or a run of digits; callbacks look at a
bounded window before the match, so each pass is linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._news import _DETERMINER_BEFORE, _LOOK_BEHIND
from yuyin.text._ranges import in_pairs
from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._word_classes import _NOT_NOUNS

__all__ = ["COMPUTING_RULES"]


def _spelled(suffix: str | None) -> str:
    """A model's letters and digits after its number, each said: "X3D" -> " X three D"."""
    if not suffix:
        return ""
    return " " + " ".join(v.cardinal(int(c)) if c.isdigit() else c for c in suffix)


# --- processor models ---------------------------------------------------------------------

# Intel Core: "i7-13700K", "i5 12600KF", "i7-1165G7", "i7-920"
_INTEL = re.compile(
    r"i(?<![\w.\-]i)(?P<tier>[3579])[- ](?P<num>[1-9][0-9]{2,4})(?P<suffix>[A-Z]{1,3}[0-9]?)?"
    r"(?![\w\-]|[.,][0-9])"
)
_INTEL_BEFORE = re.compile(r"(?:\bCore|\bIntel(?: Core)?) \Z")
_FIVE_DIGITS = 5  # "13700": the generation ("13") and the model ("700")


def _intel(m: re.Match[str]) -> str:
    """ "i7-13700K" -> "i seven thirteen seven hundred K" (module doc)."""
    num = m["num"]
    named = _INTEL_BEFORE.search(m.string, max(0, m.start() - 12), m.start())
    if not (m["suffix"] or len(num) == _FIVE_DIGITS or named):
        return m.group(0)  # "route i5-2021"
    if len(num) == _FIVE_DIGITS:
        said = f"{v.cardinal(int(num[:2]))} {in_pairs(num[2:])}"
    else:
        said = in_pairs(num)
    return _padded(m, f"i {v.cardinal(int(m['tier']))} {said}{_spelled(m['suffix'])}")


# AMD: "Ryzen 9 7950X", "Ryzen 7 5800X3D", "Ryzen 5 3600", "Threadripper PRO 5995WX"; Intel's
# "Core Ultra 7 155H"
_SERIES_MODEL = re.compile(
    r"(?P<series>(?<![\w])(?:Ryzen(?: Threadripper)?(?: PRO)? [3579] |Threadripper (?:PRO )?)"
    r"(?P<num>[1-9][0-9]{3})|(?<![\w])Core Ultra [3579] (?P<three>[1-9][0-9]{2}))"
    r"(?P<suffix>X3D|[A-Z]{1,3})?(?![\w\-]|[.,][0-9])"
)


def _series_model(m: re.Match[str]) -> str:
    """ "Ryzen 9 7950X" -> "Ryzen 9 seventy-nine fifty X" (the tier's digit read later)."""
    num = m["num"] or m["three"]
    series = m.group(0)[: m.start("num" if m["num"] else "three") - m.start()]
    return _padded(m, f"{series}{in_pairs(num)}{_spelled(m['suffix'])}")


# --- HTTP status codes --------------------------------------------------------------------

_STATUS = r"(?:4(?:[0-4][0-9]|5[01])|5(?:0[0-9]|1[01]))"
_STATUS_ALONE = r"(?:4(?<![\w.,$\-]4)(?:[0-4][0-9]|5[01])|5(?<![\w.,$\-]5)(?:0[0-9]|1[01]))"
# a code before a word of the web ("a 404 error", "404 Not Found"); a plural noun counts them
# only after words that count ("There were 404 errors", "We got 500 errors"): below
_STATUS_BEFORE_WORD = re.compile(
    rf"(?P<code>{_STATUS_ALONE})"
    r"(?= (?P<word>errors?|page|responses?|status|(?:Not Found|Forbidden|Unauthorized"
    r"|Bad Request|Bad Gateway|Internal Server Error|Service Unavailable|Gateway Timeout"
    r"|Too Many Requests|Method Not Allowed|Payment Required|Request Timeout|Gone)\b)(?![\w\-]))"
)
_COUNTING_BEFORE = re.compile(
    r"(?<![\w])(?i:were|was|are|is|had|have|has|got|get|gets|saw|see|sees|found|finds|logged"
    r"|with|about|over|under|than|nearly|almost|only|just|exactly|some|reported|recorded|of) \Z"
)
# a code after a word that names one: "HTTP 404", "HTTP/1.1 404", "status code 503", "Error 404"
_STATUS_AFTER_WORD = re.compile(
    r"(?P<lead>(?<![\w/])(?:HTTP(?:/[0-9.]{1,3})?|[Ss]tatus(?: [Cc]ode)?|[Ee]rror(?: [Cc]ode)?"
    r"|ERROR) )"
    rf"(?P<code>{_STATUS})(?![\w\-]|[.,][0-9]| (?:times|people|users|requests)\b)"
)


_PLURAL_AFTER = re.compile(r" (?!status\b)[a-z]{3,}s\b(?! (?:Not|not)\b)")


def _status_before_word(m: re.Match[str]) -> str:
    """ "a 404 error" -> "a four oh four error"; a count before a plural left as it is."""
    plural = m["word"].endswith("s") and m["word"] != "status"
    if plural and _COUNTING_BEFORE.search(m.string, max(0, m.start() - 12), m.start()):
        return m.group(0)  # "There were 404 errors in the log"
    determiner = _DETERMINER_BEFORE.search(m.string, max(0, m.start() - _LOOK_BEHIND), m.start())
    if not determiner and _PLURAL_AFTER.match(m.string, m.end() + 1 + len(m["word"])):
        return m.group(0)  # a count of a compound: "404 page views", "410 error reports"
    return _padded(m, in_pairs(m["code"]))


# --- command-line options -------------------------------------------------------------------

# a long option after a command and at most three of its words: "git pull --rebase", "pip
# install --upgrade pip", "docker ps --all" -> "dash dash rebase" (its dashes were silent); not
# a dash between words ("5 --10", "-- loudly --", "--suddenly--") nor one without a command
# ("Use the --force flag")
_LONG_OPTION = re.compile(
    r"-(?<![\w\-]-)(?:-(?P<name>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)|(?P<short>[A-Za-z]{1,3}))"
    r"(?![\w\-])"
)  # and a short one's letters: "git commit -m", "pip install -r", "docker ps -a"
_COMMANDS = (
    r"git|pip3?|pipx|npm|npx|yarn|pnpm|docker|podman|kubectl|helm|cargo|rustup|brew|conda"
    r"|poetry|uv|apt|apt-get|dnf|yum|curl|wget|ssh|python3?|node|gcc|clang|terraform|gh"
    r"|N P M"  # "npm", spelled by the chat rules before
)
_COMMAND_BEFORE = re.compile(rf"(?<![\w\-.])(?:{_COMMANDS})(?P<words>(?: [\w./:@=+\-]+){{0,3}}) \Z")
_COMMAND_LOOK = 80  # characters looked at before an option for its command
# the command's words are no function words of prose ("The git repo was big --really big", "Use
# git for version control --it is great"); a command's "up", "down" ... are ("docker compose up")
_PROSE_WORDS = _NOT_NOUNS - {"up", "down", "out", "off", "back", "in", "on", "to", "from"}


def _long_option(m: re.Match[str]) -> str:
    before = m.string[max(0, m.start() - _COMMAND_LOOK) : m.start()]
    command = _COMMAND_BEFORE.search(before)
    if command is None or any(w in _PROSE_WORDS for w in command["words"].split()):
        return m.group(0)
    if m["short"]:
        return "dash " + " ".join(m["short"])  # "-am" -> "dash a m"
    return f"dash dash {m['name']}"


COMPUTING_RULES: tuple[Rule, ...] = (
    regex_rule(_INTEL, _intel),
    regex_rule(_SERIES_MODEL, _series_model),
    regex_rule(_STATUS_AFTER_WORD, lambda m: m["lead"] + in_pairs(m["code"])),
    regex_rule(_STATUS_BEFORE_WORD, _status_before_word),
    regex_rule(_LONG_OPTION, _long_option),
)
