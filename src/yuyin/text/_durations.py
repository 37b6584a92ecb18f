"""Durations written in unit letters, and glued hours and minutes of European copy: "1h 30m"
-> "1 hour 30 minutes", "2m 30s", "2h01m09s"; "It took 1h30" -> a duration, "Meet me 9h30
tomorrow" -> a clock time ("9:30" for the clock rules). :data:`DURATION_RULES` run among the
period rules of :mod:`yuyin.text._periods`. Clock times in four digits, :data:`CLOCK_HOUR_RULES`
(among the measure rules): "0600 hrs" -> "oh six hundred hours", "at 0430" -> "oh four thirty".
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._news import _WORD_AFTER
from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._word_classes import _NOT_NOUNS

__all__ = ["CLOCK_HOUR_RULES", "DURATION_RULES"]

_LOOK_BEHIND = 16  # characters before a match looked at for a word of the clock

_HOURS_MINUTES = re.compile(
    r"(?P<h>[0-9](?<![\w.,][0-9])[0-9]?)h(?:rs?)? ?(?P<m>[0-5]?[0-9])m(?:in)?"
    r"(?: ?(?P<s>[0-5]?[0-9])s(?:ec)?)?(?![\w])"
)
_MINUTES_SECONDS = re.compile(
    r"(?P<m>[0-9](?<![\w.,$\u00a3\u20ac][0-9])[0-9]?)m ?(?P<s>[0-5]?[0-9](?:\.[0-9]+)?)s(?![\w])"
)
# hours and minutes without an "m" ("9h30") are a clock time of European copy ("Meet me 9h30
# tomorrow", "It is 9h30 in Paris", "9h30 GMT", "Breakfast 7h30, lunch 12h30"), written with a
# colon for the clock rules ("9:30", "nine thirty"), unless a word of a duration is among the
# three words before ("Runtime: 2h15", "He spent 1h30", "It took me 2h30", "Her time was 2h18",
# "a 1h30 flight", "Up to 18h30") or after ("1h30 of footage", "2h15 long", "2h30 to charge",
# "2h30 after the call"); a word of the clock right before ("at 9h30", "Departure 8h15") or a
# time zone after wins over it, and the members of a range or a list ("7h45, 9h15, 11h30",
# "6h15 to 23h15", "Open 8h30-17h30") are read alike: as a clock where one has hours only a
# clock has (13-23, a leading zero) and no strong word of a duration is before ("Trains run
# 6h15 to 23h15"; "It took 1h30-1h45" are durations)
_GLUED_END = r"(?![\w]|:(?! ))"  # "20h30: concert"; not "9h30:15"
_GLUED_HOURS = re.compile(
    rf"(?P<h>[0-9](?<![\w.,:][0-9])[0-9]?)h(?P<m>[0-5][0-9]){_GLUED_END}"
    rf"(?P<dash> ?[\-\u2013] ?(?=[0-9]{{1,2}}h[0-5][0-9]{_GLUED_END}))?"  # a range: "to"
)
_JOINER = r"(?:,? and |,? or |, | to | ?[\-\u2013] ?)"
_MEMBER_BEFORE = re.compile(rf"(?<![\w.,:])(?P<h>[0-9]{{1,2}})h[0-5][0-9]{_JOINER}\Z")
_MEMBER_AFTER = re.compile(rf"{_JOINER}(?P<h>[0-9]{{1,2}})h[0-5][0-9]{_GLUED_END}")
_MAX_MEMBERS = 4  # members looked at either side: a bounded walk keeps the pass linear
_MEMBER_LOOK = 16  # characters of a member and its joiner
_CLOCK_BEFORE = re.compile(
    r"(?<![\w'])(?:at|from|until|till|by|before|(?<![Uu]p )to|opens?|opening|closes?|closing"
    r"|doors|departure|departs|departing|arrival|arrives|arriving|starts?|kick-?off|check-?in"
    r"|check-?out):? \Z",
    re.IGNORECASE,
)
_DURATION_BEFORE = re.compile(
    r"(?<![\w'])(?:[Tt]ook|[Tt]akes?|[Tt]aking|[Ll]ast(?:ed|s|ing)?|[Ff]or|[Ii]n|[Aa]fter"
    r"|[Aa]bout|[Oo]ver|[Oo]f|[Jj]ust|[Nn]early|[Aa]lmost|[Uu]nder|[Tt]han|[Oo]nly|[Aa]n?"
    r"|[Uu]p to) \Z"
)
# a word of a duration among the three words before, in the sentence ("It took me 2h30", "Her
# time was 2h18", "Flight time: 11h45"; "The time is 9h30" is a clock's); "run" is weak: a
# range with a clock's hours wins over it ("Trains run 6h15 to 23h15")
_WORDS_LOOK_BEHIND = 40
_DURATION_WORDS = re.compile(
    r"(?<![\w'-])(?:(?P<weak>runs?|ran|running)|took|takes?|taking|last(?:ed|s|ing)?|spen[dt]s?"
    r"|waited|waits?|needs?|needed|allow|runtime|duration|length|(?<!the )time|record|playback"
    r"|battery|life|total|won|finished|clocked)(?![\w'-])(?:[^\w.!?;\n]+[\w'-]+){0,2}"
    r"[^\w.!?;\n]+\Z",
    re.IGNORECASE,
)
_DURATION_AFTER = re.compile(
    r" (?:of|long|after|to (?:finish|charge|complete|recharge|cook|boil|bake|walk|drive|fly"
    r"|read|watch|get|reach|run|fill|load|install|download|build))(?![\w])"
)
_ZONE_AFTER = re.compile(
    r" (?:GMT|UTC|CET|CEST|BST|WET|WEST|EET|EEST|MSK|IST|JST|KST|HKT|SGT|AEST|AEDT|ET|EST|EDT"
    r"|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|local time|(?:[A-Z][a-z]+ )?time(?= ?[.,;!?]|\Z))"
    r"(?![\w])"
)
_LONG_AFTER = re.compile(r" long(?![\w])")
_MERIDIEM_AFTER = re.compile(r" ?[ap]\.?m\b", re.IGNORECASE)  # "9h30 pm": a clock time
_CLOCK_HOURS = 24
_DESCRIBED_BEFORE = re.compile(r"(?<![\w'])[Aa]n? \Z")  # "a 3h 20m movie": an adjective


def _is_clock_only(hours: str) -> bool:
    """Hours 13-23, or written with a leading zero, are a clock's, not a duration's."""
    return hours.startswith("0") or 12 < int(hours) < _CLOCK_HOURS


def _glued_clock(m: re.Match[str]) -> bool:
    """Whether glued hours ("9h30") are a clock time (comment above), decided for a whole
    range or list from the words before its first member and after its last."""
    text = m.string
    start, end, hours = m.start(), m.end(), [m["h"]]
    for _ in range(_MAX_MEMBERS):
        member = _MEMBER_BEFORE.search(text, max(0, start - _MEMBER_LOOK), start)
        if member is None:
            break
        start = member.start()
        hours.append(member["h"])
    for _ in range(_MAX_MEMBERS):
        member = _MEMBER_AFTER.match(text, end)
        if member is None:
            break
        end = member.end()
        hours.append(member["h"])
    if int(m["h"]) >= _CLOCK_HOURS:
        return False  # "It was 25h30 in total"
    window = max(0, start - _LOOK_BEHIND)
    if _CLOCK_BEFORE.search(text, window, start) or _MERIDIEM_AFTER.match(text, end):
        return True  # "at 9h30", "from 8h30 to 17h30", "9h30 pm"
    if _ZONE_AFTER.match(text, end):
        return True  # "9h30 GMT", "6h45 local time"
    if _DURATION_AFTER.match(text, end) or _LONG_AFTER.match(text, end):
        return False  # "1h30 of footage", "2h30 to charge", "2h30 after the call"
    if _DURATION_BEFORE.search(text, window, start):
        return False  # "a 1h30 flight", "in 2h01"
    words = _DURATION_WORDS.search(text, max(0, start - _WORDS_LOOK_BEHIND), start)
    if words is None:
        return True  # "Meet me 9h30 tomorrow", "9h30 Welcome coffee"
    # "Trains run 6h15 to 23h15": a clock's hours in a range beat a weak word
    return bool(words["weak"]) and len(hours) > 1 and any(_is_clock_only(h) for h in hours)


def _count(num: str, unit: str, *, adjective: bool = False) -> str:
    return f"{num} {unit}{'' if num == '1' or adjective else 's'}"


def _duration(m: re.Match[str]) -> str:
    """ "1h 30m" -> "1 hour 30 minutes", "2m 30s"; "took 1h30" -> "1 hour 30 minutes", "at 9h30"
    -> "9:30" (comment above); singular between "a" and a noun ("a 3h 20m movie" -> "a 3 hour
    20 minute movie")."""
    text, groups = m.string, m.re.groupindex
    to = " to " if "dash" in groups and m["dash"] else ""
    if m.re is _GLUED_HOURS:
        clock = _glued_clock(m)
        if clock:
            if int(m["h"]) >= _CLOCK_HOURS:
                return m.group(0)
            return f"{m['h']}:{m['m']}{to}"
    after = _WORD_AFTER.match(text, m.end())
    adjective = (
        _DESCRIBED_BEFORE.search(text, max(0, m.start() - 3), m.start()) is not None
        and after is not None
        and after["word"] not in _NOT_NOUNS
    )
    # leading zeros are not said ("02h05m" -> "2 hours 5 minutes", "1m09s"), nor no minutes
    # after hours ("It lasts 2h00" -> "2 hours")
    hours = "h" in groups and (m["h"].lstrip("0") or "0")
    parts = [_count(hours, "hour", adjective=adjective)] if hours else []
    if not hours or m["m"].strip("0") or (m["s"] if "s" in groups else None):
        parts.append(_count(m["m"].lstrip("0") or "0", "minute", adjective=adjective))
    if "s" in groups and m["s"]:
        seconds = m["s"].lstrip("0")
        parts.append(
            _count(
                seconds if seconds[:1].isdigit() else "0" + seconds, "second", adjective=adjective
            )
        )
    return _padded(m, " ".join(parts) + to)


DURATION_RULES: tuple[Rule, ...] = (
    regex_rule(_HOURS_MINUTES, _duration),
    regex_rule(_GLUED_HOURS, _duration),
    regex_rule(_MINUTES_SECONDS, _duration),
)


# --- clock times in hours ---------------------------------------------------------------------

_TIME_WORDS_BEFORE = re.compile(
    r"(?<![\w])(?:[Aa]t|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Bb]efore|[Aa]fter|[Ss]ince) \Z"
)


def _hours_time(m: re.Match[str]) -> str:
    hour, minute = m["hour"], m["minute"]
    before = m.string[max(0, m.start() - 8) : m.start()]
    if m.string.startswith(" of", m.end()) or (
        hour[0] != "0" and not _TIME_WORDS_BEFORE.search(before)
    ):
        return m.group(0)  # "2000 hours of video", "after 1000 hours of practice": a count
    return _padded(m, f"{_military(hour, minute)} hours")


def _military(hour: str, minute: str) -> str:
    """ "04", "30" -> "oh four thirty", "22", "00" -> "twenty-two hundred"."""
    said = "zero" if hour == "00" else ("oh " if hour[0] == "0" else "") + v.cardinal(int(hour))
    if minute == "00":
        return said + " hundred"
    return said + (" oh " if minute[0] == "0" else " ") + v.cardinal(int(minute))


# a clock time of four digits after "at", "by", "until" ...: "Wake at 0430" -> "oh four thirty"
# (was "zero four three zero"), "Lights out at 2200" -> "twenty-two hundred" (was "two thousand
# two hundred"); earlier hours without a zero are years' words already ("by 1900")
_HHMM = r"(?:[01][0-9]|2[0-3])[0-5][0-9]"
_BARE_MILITARY = re.compile(
    r"(?P<before>(?<![\w'])(?:[Aa]t|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Bb]efore|[Aa]fter|[Aa]round"
    r"|[Ff]or) )"
    rf"(?P<times>(?:0[0-9]|2[1-3])[0-5][0-9](?:(?:, | and | or | to |-){_HHMM})*)"
    # then a pause, the end or a word of time: not a unit ("at 2100 MHz", "at 0800 rpm")
    r"(?=\s*(?:[.,;:!?)\]]|\Z|(?:and|to|on|local|sharp|tomorrow|tonight|today|hours|hrs|Z|GMT"
    r"|UTC|daily|nightly|weekdays|[A-Z][a-z]+day)\b))"
)
_ONE_HHMM = re.compile(rf"{_HHMM}(?![0-9])")
_HOURS_AFTER = re.compile(r" (?:hours|hrs)\b")


def _military_chain(m: re.Match[str]) -> str:
    """ "from 2100 to 0600" -> "from twenty-one hundred to oh six hundred", each time of the
    chain ("at 0730, 0800 and 0830"); "flew for 2300 hours" is a count."""
    if m["before"].startswith(("for", "For")) and _HOURS_AFTER.match(m.string, m.end()):
        return m.group(0)
    pieces = _ONE_HHMM.split(m["times"])  # the separators between the times
    times = [_military(t[:2], t[2:]) for t in _ONE_HHMM.findall(m["times"])]
    said = "".join(p.replace("-", " to ") + t for p, t in zip(pieces, [*times, ""], strict=True))
    return m["before"] + said


_HOURS_TIME = re.compile(
    r"(?P<hour>[01](?<![\w.,:][01])[0-9]|2[0-3](?<![\w.,:]2[0-3]))(?P<minute>[0-5][0-9])"
    r" ?(?:hrs|hours|hr|h)(?![\w])"
)


CLOCK_HOUR_RULES: tuple[Rule, ...] = (
    regex_rule(_HOURS_TIME, _hours_time),
    regex_rule(_BARE_MILITARY, _military_chain),
)
