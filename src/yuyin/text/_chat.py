"""Chat, review and markup copy, read before the symbol rules see its "=", "<", ">" and "/":

* **emoticons** stand alone between spaces and are not said: "Thanks :)", "lol =D", "ok ;-)",
  "so sad :'(", "haha xD" (they were "equals D", "less than"... or dropped with a stray ":");
* **arrows** are "to": "A -> B" (it was "A - greater than B"), "a --> b", "x => y" between
  words; HTML comments ("<!-- x -->") are dropped;
* **chat abbreviations** written in lowercase as whole words: "tmrw" -> "tomorrow", "thx" ->
  "thanks" ("Thx", "tnx" too; not the sound system's "THX"), "np" -> "no problem", "idk" -> "I
  D K", "omg" -> "O M G", "smh", "brb", "ngl" -> "not gonna lie", "bday" -> "birthday" (not
  inside a word, a name, a path or code: "np.array", "np-hard", "@idk"), "rn" -> "right now",
  "wknd" -> "weekend", "gr8" -> "great", "lmao" -> "L M A O", "ICYMI" -> "I C Y M I", "2day",
  "2nite", "nite", "ur" -> "your" ("you're" before "-ing", "so" ...), "fyi" -> "F Y I", "pw"
  -> "password", "jk" -> "just kidding", "tix" -> "tickets", "b-day"; a lone "u" between
  words ("love u guys") and "sat" after "on", "from" ... before a pause ("the pics from sat?")
  as "you" and "Saturday"; and capitalized at a sentence's start ("Tbh" -> "T B H", as "tbh"
  and "TBH" are said; "Ngl" -> "Not gonna lie"); so are two names whose letters are said:
  "npm" -> "N P M", "pH" -> "P H";
* **a rating after an emoji** ending a post: "the best pizza in town 🍕 10/10" -> "10 out of
  10" (:func:`emoji_ratings`, before the emoji is dropped);
* **a hashtag of digits** among hashtags: "bestie!! #21 #blessed" -> "hashtag 21" (elsewhere
  "#1" is a rank: "number one").

A **rating standing as a sentence of its own** after a review's stop is a score: "the wifi kept
dropping. 3/5." -> "3 out of 5." (a whole or one-decimal score out of 5 or 10, no higher than
its scale; at the text's start only with more text after it: "5/5. Would buy again"); not
after a question ("When is the party? 3/5." may be a date) or an abbreviation's dot ("Sun.
1/5"), nor going on into a sentence ("3/5
of them left"). Other ratings ("5/5 would buy again", "3/5 stars", "rated 4.5/5") are read by
:mod:`yuyin.text._news`'s rating rule.

Patterns follow :mod:`yuyin.text._semiotic`'s rule for linear time: each begins with a consumed
character, and a lookbehind keeps it from starting inside a run of its class.
"""

from __future__ import annotations

import re
import unicodedata

from yuyin.text._semiotic import Rule, regex_rule

__all__ = ["CHAT_RULES", "emoji_ratings"]

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
    "idk": "I D K", "omg": "O M G", "smh": "S M H", "brb": "B R B", "tbh": "T B H", "imo": "I M O",
    "btw": "B T W", "ttyl": "T T Y L", "ngl": "not gonna lie", "bday": "birthday",
    "rn": "right now", "wknd": "weekend", "gr8": "great", "l8r": "later",
    "lmao": "L M A O", "lmfao": "L M F A O", "icymi": "I C Y M I", "ICYMI": "I C Y M I",
    "2day": "today", "2nite": "tonight", "nite": "night", "ur": "your", "fyi": "F Y I",
    "pw": "password", "jk": "just kidding", "tix": "tickets", "b-day": "birthday",
    "Fyi": "F Y I", "Jk": "Just kidding",
    "tnx": "thanks", "Thx": "Thanks", "Tnx": "Thanks",  # at a sentence's start too; not "THX"
    # capitalized at a sentence's start as they are said lowercase (not "Imo", a Nigerian
    # state, nor "Np", "Rn": neptunium, radon)
    "Tbh": "T B H", "Idk": "I D K", "Btw": "B T W", "Omg": "O M G", "Smh": "S M H",
    "Brb": "B R B", "Ttyl": "T T Y L", "Ngl": "Not gonna lie", "Tmrw": "Tomorrow",
    "Pls": "Please", "Plz": "Please", "Wknd": "Weekend", "Lmao": "L M A O", "Icymi": "I C Y M I",
    # names written in lowercase or mixed case whose letters are said: the package manager
    # ("npm install"), the acidity scale ("a pH of 7")
    "npm": "N P M", "pH": "P H",
}  # fmt: skip
# not in code ("import numpy as np", "np.array", "np-hard", "pw = 5"), a handle or a path
_CHAT_WORD = re.compile(
    rf"(?<![\w@#/.\-'])(?<!\bas )(?<!\bimport )(?:{'|'.join(_CHAT_WORDS)})(?![\w/\-'(]|\.\w| ?=)"
)

_NAMES = frozenset({"npm", "pH"})  # said as their letters after "the" too ("a pH of 7")
# said after a determiner too: nouns ("her bday", "this wknd"), an adjective ("a gr8 day")
_NOUNS = frozenset({"bday", "wknd", "gr8", "nite", "tix", "pw", "b-day"})
# a chat word is none after a determiner or beside a word of code ("The pls file", "The variable
# imo", "The btw parameter"); "np" only as a clause of its own ("np, thx", "thx np!"), not
# numpy's short name ("Use np, pd and plt", "switched to np dot ones")
_CODE_NOUNS = (
    r"(?:files?|variables?|parameters?|params?|functions?|modules?|packages?|librar(?:y|ies)"
    r"|flags?|options?|fields?|columns?|arguments?|args?|keys?|values?|settings?|extensions?"
    r"|commands?|tags?|objects?|arrays?|methods?|class(?:es)?|types?)"
)
_DETERMINER_BEFORE = re.compile(
    r"(?<![\w])(?i:the|a|an|this|that|these|those|my|your|our|their|his|her|its|each|every|some"
    rf"|any|no|{_CODE_NOUNS}) \Z"
)
_CODE_NOUN_AFTER = re.compile(rf" {_CODE_NOUNS}\b", re.IGNORECASE)
_PAUSE_BEFORE = re.compile(rf"(?:\A|[.,!?;:(] ?|(?:{'|'.join(_CHAT_WORDS)}) )\s*\Z")
_PAUSE_AFTER = re.compile(r"[.,!?;:)]|\s*\Z")
_TITLE_AFTER = re.compile(r" [A-Z][a-z]")
# "ur" is "you're" before a participle or what follows "you are" ("ur talking", "ur so
# funny", "ur not"), else "your" ("ur team")
_BEING_AFTER = re.compile(
    r" (?:(?!(?:some|no|every|any)thing|morning|evening|building|wedding|meeting|feeling|string"
    r"|clothing|ceiling|painting|ending|setting|training|spring|offspring|sibling|darling)"
    r"[a-z]{3,}ing|so|not|too|very|welcome|right|wrong|gonna|always|never|such|the best"
    r"|a|an|my|sure|kidding)\b"
)
_NURSE_BEFORE = re.compile(r"(?:\(|-year |registered |nurse |an? )\Z")


def _chat_word(m: re.Match[str]) -> str:
    """ "thx" -> "thanks", "np" -> "no problem" (the comments above)."""
    word, text, start = m.group(0), m.string, m.start()
    if word in _NAMES:
        return _CHAT_WORDS[word]
    after_determiner = word not in _NOUNS and _DETERMINER_BEFORE.search(
        text, max(0, start - 12), start
    )
    if after_determiner or _CODE_NOUN_AFTER.match(text, m.end()):
        return word
    if word[0].isupper() and _TITLE_AFTER.match(text, m.end()):
        return word  # a name: "Btw Technologies filed"
    if word == "rn" and _NURSE_BEFORE.search(text, max(0, start - 12), start):
        return word  # a registered nurse: "(rn)", "a 20-year rn"
    if word == "ur" and _BEING_AFTER.match(text, m.end()):
        return "you're"  # "what ur talking about", "ur so funny"
    if word == "np" and not (
        _PAUSE_BEFORE.search(text, max(0, start - 6), start) and _PAUSE_AFTER.match(text, m.end())
    ):
        return word
    return _CHAT_WORDS[word]


# a score alone between a sentence's stop and the next (or the end), as reviews end: "dropping.
# 3/5." (comment in the module doc)
_LONE_RATING = re.compile(
    r"(?:(?<=[.!] )|(?<=[.!]\n)|^)(?P<score>(?:10|[0-9])(?:\.[0-9])?)/(?P<scale>5|10)"
    r"(?=[.!]+(?:\s|\Z)|\s*\Z)"
)
_MORE_AFTER = re.compile(r"[.!]+\s+\S")
# a review's words near a lone score: "The hotel was ok, but the wifi kept dropping. 3/5." (not
# "The deadline moved. 3/5.", "The store reopens. 5/10.": dates)
_REVIEW_CUE = re.compile(
    r"(?i:\b(?:great|good|bad|terrible|awful|ok|okay|decent|amazing|awesome|excellent|poor|meh"
    r"|lov(?:e|ed|es)|hat(?:e|ed|es)|recommend\w*|would|worth|disappoint\w*|delicious|tasty"
    r"|food|service|staff|hotel|wifi|stay|movie|film|product|quality|experience|review\w*"
    r"|stars?|overall|nice|solid|rude|friendly|slow|fast|cheap|pricey|overpriced)\b)"
)
_REVIEW_LOOK = 200  # characters looked at before a lone score (100 after it)
# a full stop after a lowercase word ends a sentence; after "Sun.", "Jan.", "No." it may not
_WORD_STOP_BEFORE = re.compile(r"(?<![\w.'])[a-z]{2,}\.\s\Z")


def _lone_rating(m: re.Match[str]) -> str:
    if float(m["score"]) > int(m["scale"]):
        return m.group(0)  # "Done. 6/5."
    text, start = m.string, m.start()
    if start == 0 and not _MORE_AFTER.match(text, m.end()):
        return m.group(0)  # "3/5." and nothing else: a date or a fraction as well
    if text[start - 2 : start - 1] == "." and not _WORD_STOP_BEFORE.search(
        text, max(0, start - 24), start
    ):
        return m.group(0)  # "Sun. 1/5": a weekday's date
    if not _REVIEW_CUE.search(text, max(0, start - _REVIEW_LOOK), m.end() + _REVIEW_LOOK // 2):
        return m.group(0)  # "The deadline moved. 3/5.": no review around it
    return f"{m['score']} out of {m['scale']}"


# a hashtag of digits among hashtags: "bestie!! #21 #blessed", "#blessed #21" -> "hashtag 21"
# (after a stop or the start, before a hashtag of a word; or after one); elsewhere "#1" is a
# rank ("ranked #1", "#1 #2 #3", "Best day ever #1 #blessed", "The #1 #MeToo story")
_DIGIT_TAG = re.compile(r"#(?<![\w#&]#)(?P<num>[0-9]+)(?![\w])")
_WORD_TAG_AFTER = re.compile(r"\s+#[A-Za-z]")
_OPEN_BEFORE = re.compile(r"(?:\A\s*|[.!?]\s+)\Z")
_WORD_TAG_BEFORE = re.compile(r"(?<![\w#&])#[A-Za-z][\w]*\s+\Z")
_TAG_LOOK = 40  # characters looked at before a hashtag for the one before it


def _digit_tag(m: re.Match[str]) -> str:
    text, start = m.string, m.start()
    lo = max(0, start - _TAG_LOOK)
    opens = _OPEN_BEFORE.search(text, lo, start) and _WORD_TAG_AFTER.match(text, m.end())
    return f"hashtag {m['num']}" if opens or _WORD_TAG_BEFORE.search(text, lo, start) else m[0]


# a score after an emoji, ending a post, is a rating: "the best pizza in town 🍕 10/10" -> "10
# out of 10" (read before the emoji is dropped, while it still shows the score stands apart); a
# review's word before it ("best", "loved": not "Save the date 🎉 10/10", a date), nothing but
# stops after it ("Rated 🍕 10/10 would eat again" is the news rules')
_EMOJI_RATING = re.compile(
    r"(?<![\w./])(?P<score>(?:10|[0-9])(?:\.[0-9])?)/(?P<scale>5|10)(?![\w/])(?=[.!]*\s*\Z)"
)
_SUPERLATIVE = re.compile(r"(?i:\b(?:best|worst|fav(?:ou?rite)?)\b)")
_EMOJI_LOOK = 12  # characters looked at before a score for its emoji
_FIRST_PICTOGRAPH = 0x2190  # as :mod:`yuyin.text._unicode` drops them: arrows and after
_EMOJI_JOINERS = "\ufe0f\u200d"  # a variation selector, a zero-width joiner after an emoji
_THREAD = "\U0001f9f5"


def _is_pictograph(char: str) -> bool:
    """Whether ``char`` is an emoji or another pictograph (a symbol from the arrows on)."""
    return ord(char) >= _FIRST_PICTOGRAPH and unicodedata.category(char) in ("So", "Sk")


def _emoji_rating(m: re.Match[str]) -> str:
    text, start = m.string, m.start()
    before = text[max(0, start - _EMOJI_LOOK) : start].rstrip().rstrip(_EMOJI_JOINERS)
    if float(m["score"]) > int(m["scale"]) or not before or not _is_pictograph(before[-1]):
        return m.group(0)
    if before[-1] == _THREAD:
        return m.group(0)  # "my best tips 🧵 1/10": a thread's counter (_unicode)
    lo = max(0, start - _REVIEW_LOOK)
    if not (_REVIEW_CUE.search(text, lo, start) or _SUPERLATIVE.search(text, lo, start)):
        return m.group(0)
    return f"{m['score']} out of {m['scale']}"


def emoji_ratings(text: str) -> str:
    """A score after an emoji at the end of a post said as a rating (comment above); run before
    :func:`~yuyin.text._unicode.clean_unicode` drops the emoji."""
    if text.isascii():
        return text
    return _EMOJI_RATING.sub(_emoji_rating, text)


# a lone lowercase "u" between words is "you" ("love u guys", "Thank u all", "can u send",
# "See u at 7!"), not a letter or a variable ("the letter u is", "x and u", "Let u be"), nor
# in "U-turn", "3(u)", "u/reddit"
_YOU = re.compile(r"(?<=[a-z]{2} )u(?= [a-z]{2}| ?[.,!?]|\Z)")  # not among letters: "x u v"
_NOT_YOU_BEFORE = re.compile(
    r"(?<![\w])(?i:letter|vowel|the|an?|and|or|of|let|variable|symbol|plus|minus|times|by|with"
    r"|vitamin|wrote|write|writes|type|typed|press|pressed|capital|lowercase|silent"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty"
    r"|hundred|thousand|million|billion|point)"
    r" \Z"
)
# "sat" as Saturday after "on", "from", "this", "next", "til" before a pause, the end or a part
# of the day ("see you on sat", "the pics from sat?", "on sat night"; not "we sat on the
# bench", "this sat well"); "Sat's show" -> "Saturday's" (not "the SAT's")
_SATURDAY = re.compile(
    r"(?<= )sat(?=[.,!?;:)]|\s*\Z| (?:night|morning|afternoon|evening)\b)"
    r"|(?<![\w'])Sat(?='s [a-z])"
)
_DAY_BEFORE = re.compile(r"(?<![\w])(?:on|from|this|next|til|till|until) \Z")
_LOOK = 16  # characters looked at before "u" and "sat" for the word before


def _you(m: re.Match[str]) -> str:
    before = _NOT_YOU_BEFORE.search(m.string, max(0, m.start() - _LOOK), m.start())
    return m.group(0) if before else "you"


def _saturday(m: re.Match[str]) -> str:
    if m.group(0) == "Sat":
        return "Saturday"
    before = _DAY_BEFORE.search(m.string, max(0, m.start() - _LOOK), m.start())
    return "Saturday" if before else m.group(0)


CHAT_RULES: tuple[Rule, ...] = (
    regex_rule(_HTML_COMMENT, lambda m: " "),
    regex_rule(_EMOTICON, _emoticon),
    regex_rule(_ARROW, lambda m: " to "),
    regex_rule(_CHAT_WORD, _chat_word),
    regex_rule(_YOU, _you),
    regex_rule(_SATURDAY, _saturday),
    regex_rule(_LONE_RATING, _lone_rating),
    regex_rule(_DIGIT_TAG, _digit_tag),
)
