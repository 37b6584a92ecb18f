"""Scores and figures of sports copy that the general rules read as plain numbers.

:data:`SPORTS_RULES` run after the code rules and before the range, measure and numeric rules;
each reads only in its sport's context (a word of the sport near the match), so the same
written form elsewhere keeps its plain reading:

* **cricket scores**, runs then wickets: "India 250/6 (45.3 overs)" -> "two hundred fifty for
  six", "412/8 dec." -> "four hundred twelve for eight declared" (the slash was silent: "two
  hundred fifty six"); bowling figures after "took", "figures of" ...: "took 5/32" -> "five for
  thirty-two";
* **batting averages** and calibers, a bare three-digit decimal said in pairs: "batting .312"
  -> "three twelve", "a .300 hitter" -> "three hundred", "above .500" -> "five hundred", "a .357
  Magnum" (it was "point three one two"), a slash line ".310/.390/.550" -> "three ten, three
  ninety, five fifty"; a home-run count: "42 HR" -> "forty-two homers";
* **golf**: a score to par, "-7 under par" -> "seven under par", and, with golf words near,
  "finished at -12" -> "twelve under", "+2" -> "two over"; rounds "68-70-71=209" ->
  "sixty-eight, seventy, seventy-one, for two hundred nine";
* **win-loss records**, by the words around them: "a 15-4 record", "went 10-2", "improved to
  12-8", "Boston (12-8)", "are 20-5-3", "The Warriors' 73-9 season" -> "fifteen and four",
  "twenty, five and three", "seventy-three and nine" (a score, "won 3-1" or "the 5-4 season
  opener", stays "three to one", as does one after "won", "lost" or "beat Boston" before
  where the game was played: "won 3-1 at home", "lost 4-2 on the road").

Every pattern starts with a consumed character and refuses to start inside a run of its
class; the context is looked for in a bounded window, so each pass is linear in the length of
the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from yuyin.text import _verbalize as v
from yuyin.text._ranges import in_pairs
from yuyin.text._semiotic import (
    Rule,
    _left_is_word,
    _padded,
    _sentence_end_after,
    regex_rule,
)

__all__ = ["SPORTS_RULES"]

_WINDOW = 60  # characters looked at on each side of a match for the sport's words


def _near(pattern: re.Pattern[str], m: re.Match[str]) -> bool:
    """Whether ``pattern`` occurs within :data:`_WINDOW` characters before or after the match."""
    text = m.string
    return bool(
        pattern.search(text, max(0, m.start() - _WINDOW), m.start())
        or pattern.search(text, m.end(), m.end() + _WINDOW)
    )


Near = Callable[[re.Match[str]], bool]  # whether a word of the sport is near a match


def _in_context(
    pattern: re.Pattern[str], replace: Callable[[re.Match[str], Near], str], sport: re.Pattern[str]
) -> Rule:
    """The pass ``pattern.sub`` with ``replace(m, near)``, where ``near(m)`` says whether a word
    of ``sport`` is near the match; a text without one anywhere (looked for once, at the first
    match) is not searched again around each match."""

    def rule(text: str) -> str:
        anywhere: list[bool] = []

        def near(m: re.Match[str]) -> bool:
            if not anywhere:
                anywhere.append(sport.search(text) is not None)
            return anywhere[0] and _near(sport, m)

        return pattern.sub(lambda m: replace(m, near), text)

    return rule


# --- cricket -------------------------------------------------------------------------------

_CRICKET = re.compile(
    r"\b(?:overs|wickets?|wkts?|innings|stumps|declared|dec|all out|not out|ODIs?"
    r"|(?:first|second|third|fourth|fifth|opening|final|deciding|the) Tests?|Test (?:match|series)"
    r"|T20I?s?|bowl(?:ed|ing|er|ers)|batt(?:ed|ing)|cricket|IPL|at (?:lunch|tea)|follow-on"
    r"|run rate|run chase|chasing)\b"
)
_MAX_WICKETS = 10
_MIN_RUNS = 32  # "12/6", "15/3" may be dates (day/month, as cricket's countries write them)
_MIN_FIGURE_RUNS = 10  # bowling figures give fewer runs rarely; a series score does


def _cricket_score(m: re.Match[str], near: Near) -> str:
    """ "250/6" -> "two hundred fifty for six" near a cricket word; "dec." -> "declared"."""
    runs, wickets = int(m["runs"]), int(m["wickets"])
    if runs < _MIN_RUNS or wickets > _MAX_WICKETS or (runs, wickets) == (24, 7):  # "open 24/7"
        return m.group(0)
    if not (m["dec"] or near(m)):
        return m.group(0)
    said = f"{v.cardinal(runs)} for {v.cardinal(wickets)}"
    if m["dec"]:
        said += " declared" + ("." if m["dec"].endswith(".") and _sentence_end_after(m) else "")
    return _padded(m, said)


_CRICKET_SCORE = re.compile(
    r"(?P<runs>[1-9](?<![\w.,/\-][1-9])[0-9]{1,2})/(?P<wickets>10|[0-9])(?![\w/%]|[.,][0-9])"
    r"(?P<dec> dec\b\.?)?"
)
# bowling figures, wickets then runs, after the words that give them (not inside a word:
# the callback looks)
_FIGURES = re.compile(
    r"(?P<before>(?:took|taking|takes|figures of|returned|returning|claimed"
    r"|claiming|finished with) )"
    r"(?P<wickets>10|[0-9])[/\-](?P<runs>[0-9]{1,3})(?![\w/%\-]|[.,][0-9])"
)


def _figures(m: re.Match[str], near: Near) -> str:
    """ "took 5/32" -> "took five for thirty-two", near a cricket word (at least ten runs: "took
    2-1 series lead" is a score)."""
    if int(m["runs"]) < _MIN_FIGURE_RUNS or _left_is_word(m) or not near(m):
        return m.group(0)
    return f"{m['before']}{v.cardinal(int(m['wickets']))} for {v.cardinal(int(m['runs']))}"


# --- baseball averages, calibers -------------------------------------------------------------

# the words before a batting average (not "average": "an average accuracy of .912" is no
# batting average; "a .312 average" is, by the word after it)
_AVERAGE_BEFORE = re.compile(
    r"\b(?:bat(?:s|ted|ting)|hit(?:s|ting)?|avg|slugg(?:ed|ing)|on-base)\b"
)
# a winning percentage: "above .500", "a game under .500"
_WINNING_BEFORE = re.compile(r"\b(?:above|below|over|under|at|to) \Z")
_AVERAGE_AFTER = re.compile(
    r"[\s\-](?:hitter|average|avg|clip|batting|on-base|slugging|OBP|OPS|SLG|season|mark"
    r"|record)\b"
)
_CALIBER_AFTER = re.compile(
    r"[\s\-](?:caliber|calibre|Magnum|Special|ACP|Winchester|Remington|rifles?|pistols?"
    r"|handguns?|revolvers?|shotguns?|rounds?|ammunition|ammo|bullets?)\b"
)
_AVERAGE_LOOK = 30  # characters looked at before an average ("hit .300 last year and .287")


def _in_pairs(digits: str) -> str:
    """A batting average's or caliber's digits as a newsreader says them: "312" -> "three
    twelve", "300" -> "three hundred", "305" -> "three oh five", "087" -> "oh eighty-seven"."""
    if digits[0] != "0":
        return in_pairs(digits)
    return f"oh {v.cardinal(int(digits))}" if int(digits) else "zero"


def _average(m: re.Match[str], near: Near) -> str:
    """ "batting .312" -> "batting three twelve", "a .357 Magnum"; other decimals stay (a
    word before the number, "hit .300", "above .500", counts only near a baseball word)."""
    text, digits = m.string, m["digits"]
    if _CALIBER_AFTER.match(text, m.end()):
        return _padded(m, _in_pairs(digits))
    after = _AVERAGE_AFTER.match(text, m.end())
    before = _AVERAGE_BEFORE.search(text, max(0, m.start() - _AVERAGE_LOOK), m.start())
    if after is None and (before is None or len(digits) != 3):
        winning = digits == "500" and _WINNING_BEFORE.search(text, max(0, m.start() - 8), m.start())
        if not (winning and near(m)):
            return m.group(0)
        return _padded(m, "five hundred")
    if len(digits) == 3 and (after or near(m)):
        return _padded(m, _in_pairs(digits))
    return m.group(0)


_AVERAGE = re.compile(r"\.(?<![\w.]\.)(?P<digits>[0-9]{2,3})(?![0-9]|[.,][0-9])")
# a slash line, average / on-base / slugging: ".310/.390/.550" -> "three ten, three ninety,
# five fifty"
_SLASH_LINE = re.compile(r"\.(?<![\w.]\.)[0-9]{3}(?:/\.[0-9]{3}){2}(?![0-9]|[.,/][0-9])")

_BASEBALL = re.compile(
    r"\b(?:bat(?:s|ted|ting)|hitting|hitters?|homers?|home runs?|RBIs?|innings|MLB|pitch\w*"
    r"|baseball|doubles|triples|stolen bases|slugging|on-base|shortstop|outfielders?|ballpark"
    r"|World Series|Mets|Yankees|Dodgers|Red Sox|Cubs|Braves|Astros|Giants|Phillies|Padres"
    r"|Mariners|Orioles|Cardinals|Blue Jays|Guardians|Tigers|Twins|Rangers|Rays|Royals"
    r"|Brewers|Pirates|Reds|Rockies|Marlins|Nationals|Angels|Athletics|Diamondbacks)\b"
)
# "42 HR": home runs, before a clause's end or a function word (not "12 HR managers")
_HOME_RUNS = re.compile(
    r"(?P<num>[0-9](?<![\w.,][0-9])[0-9]{0,2}) HRs?"
    r"(?=[,.;:)]|$| (?:and|in|with|this|last|for|on|off|over|to|as|a|an|the)\b)"
)


def _home_runs(m: re.Match[str], near: Near) -> str:
    if not near(m):
        return m.group(0)
    return f"{m['num']} homer{'' if m['num'] == '1' else 's'}"


# --- golf ------------------------------------------------------------------------------------

_GOLF = re.compile(
    r"\b(?:par|birdies|birdie|bogeys|bogey|eagles?|PGA|LPGA|Masters|golf|golfers?"
    r"|leaderboard|fairways?|putts?|rounds?(?!\()|strokes?|the cut"
    r"|shots? (?:clear|ahead|behind|back|over|off the lead))\b"
)
# a score to par: "-7", "+2" after a space, a bracket or the start, not a hyphen or operator
_TO_PAR = re.compile(
    r"(?P<sign>[\-+\u2212])(?<![^\s(\[][\-+\u2212])(?P<num>[0-9]{1,2})(?![\w%]|[.,][0-9])"
    r"(?P<said> (?:under|over)\b)?"
)
# what follows a bare score to par: a clause's end or a word of golf copy ("-7 after three
# rounds", "(-10) leads"), not a unit, a number or another noun ("-7 degrees", "+1 555 ...")
_AFTER_TO_PAR = re.compile(
    r"[,.;:)\]]|\Z| (?:through|thru|after|for|on|with|and|in|at|to|entering|heading|going"
    r"|overall|total|was|is|leads?|led|lead|par|under|over)\b"
)


def _to_par(m: re.Match[str], near: Near) -> str:
    """ "-7 under par" -> "seven under par"; a bare "-12" or "+2" near a golf word -> "twelve
    under", "two over" ("fell to -7 overnight" stays minus seven)."""
    num = v.cardinal(int(m["num"]))
    if m["said"]:
        return f"{num}{m['said']}"
    if m["num"] == "0" or not _AFTER_TO_PAR.match(m.string, m.end()) or not near(m):
        return m.group(0)
    return f"{num} {'over' if m['sign'] == '+' else 'under'}"


_LOW_ROUND, _HIGH_ROUND = 55, 89  # what a round of golf takes: "a 68"
# three or four rounds and their total: "68-70-71", "71-70-69-68=278"
_ROUNDS = re.compile(
    r"(?P<rounds>[5-8](?<![\w.,/\-=][5-8])[0-9](?:-[5-8][0-9]){2,3})(?:=(?P<total>[0-9]{3}))?"
    r"(?![\w\-=]|[.,/][0-9])"
)


def _rounds(m: re.Match[str]) -> str:
    """ "68-70-71" -> "sixty-eight, seventy, seventy-one" (a run of scores, not a range)."""
    scores = [int(s) for s in m["rounds"].split("-")]
    if not all(_LOW_ROUND <= s <= _HIGH_ROUND for s in scores):
        return m.group(0)
    said = ", ".join(v.cardinal(s) for s in scores)
    if m["total"]:
        said += f", for {v.cardinal(int(m['total']))}"
    return _padded(m, said)


# --- win-loss records -------------------------------------------------------------------------

_MAX_GAMES = 162  # a season's games at most (baseball): "(1990-2000)" is no record
# wins-losses(-ties), not inside a run of digits, dashes or a decimal
_RECORD = re.compile(
    r"(?P<open>\()?(?P<won>[0-9](?<![\w.,/\-][0-9])[0-9]{0,2})-(?P<lost>[0-9]{1,3})"
    r"(?:-(?P<tied>[0-9]{1,2}))?(?P<close>\))?(?![\w/%\-]|[.,:][0-9])"
)
# the words that make it a record on their own: "a 15-4 record", "a record of 15-4"
_RECORD_WORD_AFTER = re.compile(r" (?:record|mark)\b")
# a season it was the record of, after a determiner or an owner ("The Warriors' 73-9 season", "a
# 10-6 campaign"; not "the 5-4 season opener", a game's score)
_SEASON_WORD_AFTER = re.compile(
    r" (?:season|campaign)\b(?! (?:opener|finale|debut|premiere|ticket|high|low)s?\b)"
)
_OWNER_BEFORE = re.compile(
    r"(?<![\w'])(?:[Aa]|[Tt]he|[Tt]heir|[Ii]ts|[Hh]is|[Hh]er|[Oo]ur|[Tt]his|[Tt]hat|[Ll]ast"
    r"|[A-Z][\w.]*(?:'s|s'))(?: [a-z]+-[a-z]+)? \Z"
)
_RECORD_WORD_BEFORE = re.compile(
    r"\brecords? (?:of|to|at|is|was|are|were|stands at|stood at)\s\Z", re.IGNORECASE
)
# words that make it one with a word of a game near ("12-8 overall", "went 10-2", "improved
# to 12-8", "are 20-5-3"); not before a unit or a side ("went 2-3 hours", "went 1-0 up")
_SEASON_AFTER = re.compile(
    r" (?:overall|on the (?:season|year|road)|at home|away from home"
    r"|in (?:conference|league|division|the (?:conference|league|division|Big \w+|SEC|ACC))"
    r"(?: play)?|against (?:the spread|ranked)|ATS|in their last)\b"
)
_SEASON_BEFORE = re.compile(
    r"\b(?:went|(?:improve[sd]?|move[sd]?|drop(?:s|ped)?|slip(?:s|ped)?|fall|falls|fell) to"
    r"|evened (?:their|its|his|her) record at)\s\Z",
    re.IGNORECASE,
)
_TIED_BEFORE = re.compile(r"\b(?:are|is|were|was|at|to) \Z")
_NOT_RECORD_AFTER = re.compile(
    r" ?(?:%|percent|times?|hours?|minutes?|days?|weeks?|months?|years?|degrees?|points?"
    r"|[ap]\.?m\b|up|down|in favou?r|against|votes?|people|players|kids)\b",
    re.IGNORECASE,
)
_GAME = re.compile(
    r"\b(?:hosts?|visits?|vs\.?|versus|faces?|beat|beats|defeated|plays?|played|game|games"
    r"|season|wins?|won|loss|losses|lost|coach|team|league|playoffs?|postseason|tip-off|kickoff"
    r"|unbeaten|undefeated|streak|standings|conference|division|NFL|NBA|NHL|MLB|WNBA|NCAA"
    r"|MLS|Super Bowl|Stanley Cup)\b"
)
# a team's record in brackets: after its name, before a game's verb ("Boston (12-8) hosts
# Miami (10-10)"; "Chapter (3-4)", "Genesis (1-3) before the game" are none)
_NAME_BEFORE = re.compile(r"[A-Z][a-z]+ \Z")
_GAME_VERB_AFTER = re.compile(
    r" (?:hosts?|visits?|faces?|plays?|beat|beats|defeated|lost to|tops|takes on|meets?|at|vs\.?"
    r"|versus)\b"
)
# a team named in the plural, then "are": "The Chiefs are 11-1." (not "the odds are 3-1")
_TEAM_IS_BEFORE = re.compile(r"(?<![\w])[Tt]he [A-Z][a-z]+s (?:are|were|now sit at|stand at) \Z")
_CLAUSE_END_AFTER = re.compile(r"[.,;]|\Z| (?:and|while) [A-Z]")
# the team's next verb: "The Chiefs are 10-2 and lead the AFC West"
_AND_STANDING_AFTER = re.compile(
    r" (?:and|but) (?:lead|trail|sit|hold|remain|have|own|control|face|host|visit|play|need)s?\b"
)
# a game's score, not a record, before where the game was played: "won 3-1 at home", "beat the
# Bills 24-17 at home", "lost 4-2 on the road" (a record "went", "are", "improved to" there)
_SCORE_VERB_BEFORE = re.compile(
    r"(?<![\w'])(?:won|lost|(?:beat|defeated|edged|downed|routed|topped)"
    r"(?: (?:the )?[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*)?)?) \Z"
)
_VENUE_AFTER = re.compile(
    r" (?:at home|away from home|on the road)\b(?! (?:this|last|on the) (?:season|year)\b)"
)  # "Boston won 58-24 at home this season": a record
_RECORD_LOOK = 30  # characters looked at before a record for the words that give it


def _games(m: re.Match[str]) -> int:
    """The games a record counts: its wins, losses and ties."""
    return int(m["won"]) + int(m["lost"]) + int(m["tied"] or 0)


def _is_record(m: re.Match[str]) -> bool:
    text, start, end = m.string, m.start(), m.end()
    before = text[max(0, start - _RECORD_LOOK) : start]
    if m["open"]:  # "Boston (12-8) hosts", or "... hosts Miami (10-10)." with a game word near
        if not _NAME_BEFORE.search(before):
            return False
        return bool(
            _GAME_VERB_AFTER.match(text, end)
            or (_CLAUSE_END_AFTER.match(text, end) and _near(_GAME, m))
        )
    if _RECORD_WORD_AFTER.match(text, end) or _RECORD_WORD_BEFORE.search(before):
        return True
    if _SEASON_WORD_AFTER.match(text, end) and _OWNER_BEFORE.search(before) and _games(m) >= 10:
        return True  # "the Warriors' 73-9 season"; not "A 3-5 season rebuild", a range
    ends = _CLAUSE_END_AFTER.match(text, end) or _AND_STANDING_AFTER.match(text, end)
    if _TEAM_IS_BEFORE.search(before) and ends:
        return True  # "The Chiefs are 11-1.", "the Lakers were 20-5, ...", "are 10-2 and lead"
    if _NOT_RECORD_AFTER.match(text, end) or not _near(_GAME, m):
        return False
    if _VENUE_AFTER.match(text, end) and _SCORE_VERB_BEFORE.search(before):
        return False  # "won 3-1 at home": a score
    return bool(
        _SEASON_AFTER.match(text, end)
        or _SEASON_BEFORE.search(before)
        or (m["tied"] and _TIED_BEFORE.search(before))
    )


def _record(m: re.Match[str]) -> str:
    """ "15-4" -> "fifteen and four", "20-5-3" -> "twenty, five and three" where the words
    around make it a win-loss record (:func:`_is_record`); otherwise unchanged."""
    games = [int(g) for g in (m["won"], m["lost"], m["tied"]) if g is not None]
    if max(games) > _MAX_GAMES or bool(m["open"]) != bool(m["close"]) or not _is_record(m):
        return m.group(0)
    said = [v.cardinal(g) if g else "oh" for g in games]  # "went 16-0": "sixteen and oh"
    words = f"{', '.join(said[:-1])} and {said[-1]}"
    return _padded(m, f"({words})" if m["open"] else words)


_RULES: tuple[Rule, ...] = (
    regex_rule(_ROUNDS, _rounds),
    regex_rule(_RECORD, _record),
    _in_context(_TO_PAR, _to_par, _GOLF),
    _in_context(_CRICKET_SCORE, _cricket_score, _CRICKET),
    _in_context(_FIGURES, _figures, _CRICKET),
    regex_rule(
        _SLASH_LINE,
        lambda m: _padded(m, ", ".join(_in_pairs(p[1:]) for p in m.group(0).split("/"))),
    ),
    _in_context(_AVERAGE, _average, _BASEBALL),
    _in_context(_HOME_RUNS, _home_runs, _BASEBALL),
)

# what every match of the rules above holds ("-7", "250/6", "68-70", ".312", " HR"): a text
# without any (most sentences) skips the seven passes after this one search
_SHAPES = re.compile(r"[/\-+\u2212][0-9]|\.[0-9]{2}| HR")


def _sports(text: str) -> str:
    if _SHAPES.search(text) is None:
        return text
    for rule in _RULES:
        text = rule(text)
    return text


SPORTS_RULES: tuple[Rule, ...] = (_sports,)
