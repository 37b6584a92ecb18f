"""Text normalization: written English to spoken words, for TTS input and for ASR scoring.

:func:`normalize_for_tts` rewrites written forms as they are read aloud (American English):

* **Unicode**: terminal escape sequences (ANSI colours ``ESC [ ... m``, titles ``ESC ] ... BEL``)
  removed; every control character (C0 such as NUL, tab and newline, DEL, C1) becomes a space,
  so it never glues two words together; NFKC; curly quotes and dashes to ASCII (an em dash
  becomes `` - ``); zero-width and bidi marks, emoji and pictographs dropped; whitespace is
  collapsed (the output is one line). Letters of other scripts
  (Chinese, Arabic, Greek ...) are kept untouched by default, or replaced by a space with
  ``keep_non_latin=False``. Only ASCII digits are verbalized; other scripts' digits are text.
* **Numbers** (words from ``num2words``, without the British "and"): cardinals with sign, decimals
  and thousands separators ("-1,234.5" -> "minus one thousand two hundred thirty-four point five");
  ordinals ("21st"); four-digit numbers 1000-2099 as years ("1984" -> "nineteen eighty-four", "2005"
  -> "two thousand five"); decades ("1900s", "'80s"); ranges ("5-10" -> "five to ten"; "5%-6%" and
  "9:00-17:00" too); simple fractions up to tenths ("3/4" -> "three quarters", "2 1/2" -> "two and a
  half"); heights ("5'11\"" -> "five foot eleven"); powers ("x^2" -> "x squared", "10^6" -> "ten to
  the sixth", "10^-6" -> "ten to the minus six", "e^x" -> "e to the x"); "911" digit by digit (not
  after a name: "Porsche 911"); dotted sequences ("192.168.0.1" -> "... dot ..."); superscripts
  before NFKC flattens them (:mod:`yuyin.text._superscripts`: "10⁸" -> "ten to the eighth", "x²",
  "3x²y" -> "three x squared y", "m/s²", "30⁰C" -> "thirty degrees Celsius"; a footnote mark
  after a word is dropped: "the study¹ found", "the CDC²"; fractions and charges read as NFKC
  writes them: "³⁄₄" -> "three quarters", "Fe³⁺" -> "Fe three plus"); Greek letters by their
  names (:mod:`yuyin.text._greek`: "β-blockers" -> "beta-blockers", "Δt" -> "delta t"; not in
  Greek words; "TNFα"; "√2", "∞"), ohms ("a 5 Ω resistor" -> "a five-ohm resistor"); sums
  and relations (:mod:`yuyin.text._arithmetic`: "10 - 3 = 7" -> "ten minus three equals
  seven", "x >= 5", "between 10-20" -> "between ten and twenty"); emoticons dropped, arrows
  "to" (:mod:`yuyin.text._chat`: "lol =D", "A -> B"), ratings "out of" ("5/5 would buy
  again", "pizza 🍕 10/10"), "gr8", "#21 #blessed" -> "hashtag twenty-one". A slash between
  numbers that are no such fraction and no date is silent ("24/7", "1/0" -> "one zero"). Grouped
  numbers are words as far as num2words names them (306 digits: "1,000,000,000,000,000,000,000" ->
  "one sextillion"). Runs of more than nine digits without separators, and digit strings with a
  leading zero, are read digit by digit (ids, phone numbers), as are phone numbers in the usual US
  and international layouts ("555-123-4567"; a trunk prefix "+44 (0)20" is not said, a
  toll-free "1-800-555-0199" is "one eight hundred, ...") and grouped numbers beyond num2words'
  range.
* **Numbers that name things** (:mod:`yuyin.text._codes`): season years ("2019-20" ->
  "twenty nineteen to twenty twenty"), model numbers after a maker in pairs ("Boeing 747" ->
  "seven forty-seven", "A320" -> "A three twenty", "737 MAX", "787-9"), ISBNs digit by digit in
  their groups, dimensions ("4x4" -> "four by four", "1920x1080", "2x4s" -> "two by fours"),
  docket numbers ("No. 21-1234" -> "Number twenty-one, twelve thirty-four", "1:23-cv-04567").
* **Sports copy** (:mod:`yuyin.text._sports`), each near a word of its sport: cricket scores
  ("250/6" -> "two hundred fifty for six", "412/8 dec."), bowling figures ("took 5/32"),
  batting averages ("batting .312" -> "three twelve"), "42 HR", golf scores to par ("-7 under
  par" -> "seven under par", "finished at -12" -> "twelve under") and rounds ("68-70-71").
* **News copy** (:mod:`yuyin.text._news`): an amount before a noun after a determiner is
  singular ("a $450 million deal" -> "a four hundred fifty million dollar deal"; "a 5-year,
  $200 million contract", "Microsoft's $69 billion deal"); one hyphenated to its scale word is
  read as written apart ("a $2-billion deal" -> "a two billion dollar deal", "The $2-billion
  came" -> "two billion dollars"), the currency written after it said once ("$2 billion
  dollars"); date ranges
  ("Dec. 1-3" -> "December first to third"); "50-50" -> "fifty-fifty"; the event "9-11" ->
  "nine eleven" ("since 9-11", "the 9-11 attacks"); race times ("won in 2:01:09" -> "two hours,
  one minute, nine seconds"); ratings ("4.5/5" -> "four point five out of five"); multipliers
  ("10x" -> "ten times"); index names said as words ("FTSE" -> "Footsie", "DAX" -> "Dax").
* **Periods** (:mod:`yuyin.text._periods`): "the class of '01" -> "oh one", "in 2H24" -> "in
  the second half of twenty twenty-four", "Q3 2024" -> "the third quarter of ...", "3Q24 EPS"
  -> "third-quarter twenty twenty-four E P S" ("Q3" alone stays "Q three", "the Audi Q3 2024" a
  model), "Sun. Jan 5" -> "Sunday January fifth", "1h 30m" and "Runtime: 2h15" -> "... hours
  ... minutes" ("at 9h30" -> "nine thirty", a clock), "rose 2% m/m" -> "month over month"
  (not "a 10% m/m solution"). **Rates** (:mod:`yuyin.text._rates`): "500 MB/s" -> "megabytes
  per second", "a 50MP camera" -> "fifty megapixel", "12 cents/kWh", "$/kWh" (kilowatt hour).
* **Ranges and codes** (:mod:`yuyin.text._ranges`): "$5-10 million" -> "five to ten million
  dollars", a dash between clock times ("3-4 p.m.", "9am-5pm", "9:00-17:00"), TV listings
  ("8/7c" -> "eight, seven central"), "Mon-Fri" -> "Monday to Friday", ZIP codes digit by digit
  after a state ("DC 20500"; "Tulsa, OK 74103" spells "O K"), "BP 120/80" -> "one twenty over
  eighty", "120/80 mmHg", "q8h" -> "every eight hours".
* **Measures and rates** (:mod:`yuyin.text._measures`): fractions of a unit ("1/2 lb" -> "half
  a pound", "2½ lbs" -> "two and a half pounds"), rates with a slash ("$1,500/month" -> "...
  dollars a month", "$78/bbl" -> "... per barrel", "150 µg/m³"), "12 in." (inches), "9.58s",
  "hp", "8.1 bn", "10k people", "p.a.", "0600 hrs" -> "oh six hundred hours", "YoY", "49ers";
  hashtags ("#MeToo" -> "hashtag Me Too"), "@a_b" handles, split times ("3:59.4"), "Chapter
  xii", "IT department", ISO timestamps ("2024-03-15T14:30:00Z"), four-digit clock times after
  "at" ("at 0430" -> "oh four thirty"); inch and foot marks (:mod:`yuyin.text._marks`: "a 12\"
  pizza" -> "a twelve-inch pizza", "a 6' fence", "60\" x 18\""); music
  (:mod:`yuyin.text._music`: "C#", "Bb major" -> "B flat major", "A♭", "op. 27" -> "opus").
* **Dates and times**: "March 3, 2021", "3 March 2021", US "3/14/2015" (day-first when the US
  reading is impossible), ISO "2021-03-14", "14.03.2021"; "3:45 pm" -> "three forty-five p m",
  "15:30" -> "fifteen thirty", "3:00" -> "three o'clock", "15:00" -> "fifteen hundred"; an
  impossible clock time is its numbers, the colon silent ("4:99" -> "four ninety-nine",
  "25:00" -> "twenty-five hundred"), while "16:9" and "1:100" are ratios ("sixteen to nine").
  After a book of the Bible, chapter and verse (:mod:`yuyin.text._scripture`: "John 3:16" ->
  "John chapter three, verse sixteen", "1 Corinthians 13:4-7" -> "First Corinthians ... verses
  four to seven", "Gen. 50:20", "Ps. 23:1"). Legal citations (:mod:`yuyin.text._citations`):
  "Roe v. Wade" -> "Roe versus Wade", "9th Cir." -> "Ninth Circuit", "F.3d" -> "F third".
* **Money, percent, units**: "$5.50" -> "five dollars and fifty cents", "£3", "€1.2 million" ->
  "one point two million euros", "$1M", "5 USD", "USD 5", "US$5", "C$10", "Rs. 500", "50%",
  "5 km", "10 mph", "100 sq ft", "12 V" (only "60W" is watts: "66 W" may be west), "20°C" (a
  hyphenated "5-km race" stays singular), "yds", "mins", "bps", "pct", "tbsp". An amount is a
  count however it is written ("$1234567890": words); its scale in any case ("$1.2 TRILLION").
* **Everyday copy** (:mod:`yuyin.text._everyday`): "5½%", "60+ mph", "2560 BCE", "odds of 5/1",
  "3/$10", "a timeout of 30s" -> seconds, "72F today", "an M6.4 quake", "GMT+8".
* **Streets and files**: "1600 Pennsylvania Ave NW", "and W. 42nd St.", "Winds NW"
  (:mod:`yuyin.text._streets`); "config.yaml" -> "config dot yaml", "/etc/hosts" -> "slash etc
  slash hosts", "Ctrl+C" -> "Control plus C", "H.264" (:mod:`yuyin.text._files`); "Python
  3.11" -> "three point eleven", "Ubuntu 22.04"; "Sat & Sun", "Sun 11am" -> weekdays; a freeway
  ("on the 405" -> "four oh five"), a command's option ("git pull --rebase" -> "dash dash rebase").
* **Words**: US states as newspapers abbreviate them, after a comma, a party's hyphen or a bracket
  ("Sacramento, Calif." -> "Sacramento, California", "(R-Calif.)"), and a postal code after a city
  before a pause ("Austin, TX, to" -> "Austin, Texas, to") or in a list ("a resident of CA, OR, or
  WA"); titles and abbreviations ("Dr. Smith" -> "Doctor Smith", "Elm Dr." -> "Elm Drive", "St." is
  "Saint" before a capitalized word and "Street" otherwise, "etc.", "e.g.", "No. 5", "Eq. (5)");
  dotted initialisms spelled ("U.S." -> "U S"); chemical formulas (:mod:`yuyin.text._formulas`:
  "H2SO4" -> "H two S O four", "NaCl"); Roman numerals (:mod:`yuyin.text._roman`) after a regnal
  name ("Henry VIII" -> "Henry the eighth", "Henry VIII's" -> "the eighth's"; a lone "I" only where
  a reign, not the pronoun, goes on: "Queen Elizabeth I knighted him", not "King Charles I love
  this dog"), after a counting word ("World War II", "Chapter IV", "Vol. II" -> cardinal; not a
  lone C, D, L or M: "Medicare Part D", "Series C") or, for I/V/X numerals of two or more letters,
  after any capitalized word ("Rocky II"); URLs and e-mail addresses spelled ("www.example.com" ->
  "w w w dot example dot com"; "https://" is not said); symbols ("&" -> "and", "AT&T" -> "A T and
  T", "+", "=", "#1" -> "number one", "@", a ticker's "$AAPL"); HTML tags dropped; Markdown heading
  and bullet marks at a line's start not said, a table row read as its cells with pauses.
* **Acronyms**: an all-caps token of 2-4 letters is spelled letter by letter ("FBI" -> "F B I",
  "CDs" -> "C D's") unless it is read as a word (a short list: NASA, NATO, ...), is a common
  English word written in capitals ("THE", "NOT", "STOP": ~400 words; but "the WHO", "AM
  radio", "works in IT", "PhD": :mod:`yuyin.text._acronym_context`), or stands in a run of
  all-caps words with one that is plainly a word ("IF YOU LOOK": shouted text inside a
  sentence; "UPDATE: FED CUTS RATES", "MARKETS: DOW UP": a headline; a comma parts "FBI, CIA";
  "NOTE: IBM said" is spelled). Tokens of five or more capitals are kept; a few are said as
  words ("JSON" -> "Jason", "GUI" -> "Gooey": :data:`yuyin.text._news.SPOKEN_ACRONYMS`).
  Text written entirely in capitals (LibriSpeech transcripts) is words: nothing is spelled.

:func:`normalize_for_scoring` is the documented normalization that WER/CER are computed after:
the same verbalization, then lowercase, hyphens to spaces, every punctuation mark and symbol
removed except apostrophes inside a word ("don't" stays, "'quoted'" loses them), whitespace
collapsed. Reference and hypothesis must both go through it.

Last, "a" becomes "an" before the readings that start with a vowel
(:mod:`yuyin.text._articles`: "a 8-hour day" -> "an eight-hour day", "a FBI agent" -> "an F B I
agent").

Every pattern is linear in the length of the text (no nested unbounded repetition, run starts
anchored by lookbehinds), so a 10 MB line is fine.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from yuyin.text._addresses import ADDRESS_RULES, STATE_RULES, STATES
from yuyin.text._arithmetic import ARITHMETIC_RULES
from yuyin.text._articles import ARTICLE_RULES
from yuyin.text._chat import CHAT_RULES, emoji_ratings
from yuyin.text._citations import CITATION_RULES
from yuyin.text._codes import CODE_RULES
from yuyin.text._everyday import EVERYDAY_RULES
from yuyin.text._files import FILE_RULES
from yuyin.text._greek import GREEK_RULES, OHM_RULES
from yuyin.text._measures import MEASURE_RULES
from yuyin.text._news import NEWS_RULES, SPOKEN_ACRONYM_RULES
from yuyin.text._notations import NOTATION_RULES, SUBSECTION_RULES
from yuyin.text._periods import PERIOD_RULES, date_follows_weekday
from yuyin.text._ranges import RANGE_RULES
from yuyin.text._rates import RATE_RULES
from yuyin.text._roman import ROMAN_RULES
from yuyin.text._scripture import SCRIPTURE_RULES
from yuyin.text._semiotic import NUMBER_RULES, NUMERIC_RULES, Rule, opener_follows
from yuyin.text._sports import SPORTS_RULES
from yuyin.text._streets import STREET_RULES
from yuyin.text._tables import (
    MONTH_FORMS,
    NAME_PART_ABBREVIATIONS,
    NUMBER_ABBREVIATIONS,
    PHRASE_ABBREVIATIONS,
)
from yuyin.text._tables import TITLES as _TITLES
from yuyin.text._unicode import clean_unicode, drop_non_latin, remove_punctuation
from yuyin.text._words import (
    ABBREVIATION_RULES,
    ACRONYM_RULES,
    EARLY_ABBREVIATION_RULES,
    SYMBOL_RULES,
)

__all__ = ["normalize_for_scoring", "normalize_for_tts", "split_paragraphs", "split_sentences"]

_ALL_CAPS_WORD = re.compile(r"\b[A-Z]{2,}\b")
_ANY_LOWERCASE = re.compile(r"[a-z]")
_ALL_CAPS_MIN_WORDS = 2  # "FBI" alone is an acronym; "HE SAID" is all-caps text
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" (?=[,.;:!?)\]])")
_SPACE_AFTER_BRACKET = re.compile(r"(?<=[(\[]) ")
# a Markdown heading or bullet mark at the start of a line (not "-5", "#1" or "*emphasis*")
_MARKDOWN_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}|[-*+\u2022])[ \t]+", re.MULTILINE)
# a Markdown table: a row "| a | b |" is read as its cells with pauses, the rule under the
# header ("|---|:--:|") not at all
_TABLE_ROW = re.compile(r"^[ \t]*\|([^\n]*)\|[ \t]*$", re.MULTILINE)
# (?=(?P<x>[ \t]*))(?P=x): blanks taken whole, never given back (an atomic group, which Python
# 3.10 lacks): a line of 40,000 spaces had taken 14 s, the two runs of blanks trading them
_TABLE_RULE = re.compile(
    r"^(?=(?P<lead>[ \t]*))(?P=lead)\|?(?:[ \t]*:?-+:?[ \t]*\|)+"
    r"(?=(?P<tail>[ \t]*))(?P=tail)(?::?-+:?)?[ \t]*$\n?",
    re.MULTILINE,
)
# a line break before a list item, heading or table row, or after a heading: a sentence break
_LINE_BLOCK = re.compile(
    r"\n(?=[ \t]*(?:[-*+\u2022#]|[0-9]{1,3}[.)])[ \t])|\n(?=[ \t]*\|)|(?<=\|)[ \t]*\n"
    r"|(?<=\n)[ \t]*#{1,6}[ \t][^\n]*\n|^[ \t]*#{1,6}[ \t][^\n]*\n"
)
_STRAY_APOSTROPHE = re.compile(r"(?<![^\W_])'|'(?![^\W_])")  # not between two letters/digits


def _apply(rules: Iterable[Rule], text: str) -> str:
    for rule in rules:
        text = rule(text)
    return text


def _is_all_caps_text(text: str) -> bool:
    if _ANY_LOWERCASE.search(text):
        return False
    caps_words = itertools.islice(_ALL_CAPS_WORD.finditer(text), _ALL_CAPS_MIN_WORDS)
    return sum(1 for _ in caps_words) >= _ALL_CAPS_MIN_WORDS


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    return _SPACE_AFTER_BRACKET.sub("", text)


def normalize_for_tts(text: str, *, keep_non_latin: bool = True) -> str:
    """Written text -> the words a reader would say, as one line (rules in the module doc).

    Args:
        text: any string; never raises on odd input (emoji, NUL, mixed scripts, megabytes).
        keep_non_latin: keep letters of non-Latin scripts as they are (default) or drop them.

    Example:
        >>> normalize_for_tts("Dr. Smith paid $5.50 on 3/14/2015.")
        'Doctor Smith paid five dollars and fifty cents on March fourteenth, twenty fifteen.'
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text as a str, got {type(text).__name__}")
    text = _MARKDOWN_LINE_MARK.sub("", text)  # "# Heading", "* item": marks not read
    text = _TABLE_RULE.sub("", text)  # "|---|---|" under a table's header
    text = _TABLE_ROW.sub(lambda m: ", ".join(c.strip() for c in m[1].split("|")) + ".", text)
    text = clean_unicode(emoji_ratings(text))  # "pizza 🍕 10/10": a rating, seen by its emoji
    all_caps = _is_all_caps_text(text)
    text = _apply(NOTATION_RULES, text)  # "$(0.12)", "10,50 €", "1e-5", "§§", "est. 1890"
    text = _apply(CHAT_RULES, text)  # "lol =D", "A -> B", "5/5 would buy again"
    text = _apply(ARITHMETIC_RULES, text)  # "10 - 3 = 7", "6/3 = 2", "ages 5 - 12"
    text = _apply(ADDRESS_RULES, text)
    text = _apply(FILE_RULES, text)  # "config.yaml", "the .gitignore file", "H.264"
    text = _apply(STATE_RULES, text)
    text = _apply(STREET_RULES, text)  # "1600 Pennsylvania Ave NW", "Winds NW at 10 mph"
    text = _apply(CITATION_RULES, text)  # "Smith v. Jones", "9th Cir.", "F.3d"
    text = _apply(EARLY_ABBREVIATION_RULES, text)
    text = _apply(SUBSECTION_RULES, text)  # "12(b)(6)", "501(c)(3)", "(a)(1)(iv)"
    text = _apply(CODE_RULES, text)
    text = _apply(EVERYDAY_RULES, text)  # "5½%", "60+ mph", "2560 BCE", "30s", "72F", "GMT+8"
    text = _apply(SPORTS_RULES, text)  # "250/6 (45.3 overs)", "batting .312", "-7 under par"
    text = _apply(RANGE_RULES, text)  # "$5-10 million", "3-4 p.m.", "Mon-Fri", ZIP codes
    text = _apply(PERIOD_RULES, text)  # "'01", "2H24", "Sun. Jan 5", "1h 30m", "rose 2% m/m"
    text = _apply(RATE_RULES, text)  # "500 MB/s", "a 50MP camera", "12 cents/kWh"
    text = _apply(MEASURE_RULES, text)  # "1/2 lb", "$1,500/month", "12 in.", "0600 hrs"
    greek = not text.isascii()  # Greek letters are not ASCII: most text skips their pass
    text = _apply(OHM_RULES, text)  # "a 5 Ω resistor", "10 kΩ", "100 nF"
    if not all_caps:  # "FTSE" -> "Footsie"; in "THE JSON BROKE" a word as any other
        text = _apply(SPOKEN_ACRONYM_RULES, text)
    text = _apply(NEWS_RULES, text)  # news copy: "a $5 million deal", "Dec. 1-3", "10x"
    text = _apply(SCRIPTURE_RULES, text)  # "John 3:16", "Gen. 50:20": chapter and verse
    text = _apply(NUMERIC_RULES, text)
    text = _apply(ROMAN_RULES, text)
    text = _apply(ABBREVIATION_RULES, text)
    text = _apply(SYMBOL_RULES, text)
    text = _apply(NUMBER_RULES, text)
    if greek:
        text = _apply(GREEK_RULES, text)  # "β-blockers" -> "beta-blockers", "Δt" -> "delta t"
    if not all_caps:
        text = _apply(ACRONYM_RULES, text)
    if not keep_non_latin:
        text = drop_non_latin(text)
    return _apply(ARTICLE_RULES, _tidy(text))  # "a 8-hour day" -> "an eight-hour day"


# a transcript's event tag, one word in square brackets or braces: Kaldi's and LDC's [noise],
# [laughter], [vocalized-noise], {breath}; not spoken, so not scored ("<noise>" goes as HTML)
_EVENT_TAG = re.compile(r"[\[{][A-Za-z][A-Za-z_-]*[\]}]")


def normalize_for_scoring(text: str, *, keep_non_latin: bool = True) -> str:
    """The normalization WER and CER are computed after (apply it to reference and hypothesis).

    Event tags dropped ("[laughter]", "{breath}": one word in square brackets or braces), then
    :func:`normalize_for_tts`, then lowercase, hyphens to spaces, punctuation and symbols
    removed except word-internal apostrophes, whitespace collapsed.

    Example:
        >>> normalize_for_scoring("Don't pay $5 -- it's 'free' & fun! [laughter]")
        "don't pay five dollars it's free and fun"
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text as a str, got {type(text).__name__}")
    text = normalize_for_tts(_EVENT_TAG.sub(" ", text), keep_non_latin=keep_non_latin).lower()
    text = remove_punctuation(text.replace("-", " "))
    text = _STRAY_APOSTROPHE.sub(" ", text)
    return " ".join(text.split())


# --- sentence splitting --------------------------------------------------------------------

# what may close a sentence after its stop: straight and curly quotes, guillemets, brackets
_CLOSERS = "\"')]\u201d\u2019\u00bb"
_CANDIDATE_END = re.compile(  # not from inside a run of stops: "." * 40,000 had taken 20 s
    r"[.!?\u2026](?<![.!?\u2026][.!?\u2026])[.!?\u2026]*[\"')\]\u201d\u2019\u00bb]*(?=\s)"
    r"|[\u3002\uff01\uff1f]+|\n[ \t]*\n"
)
_MAX_ABBREVIATION_LENGTH = 12  # longest token checked against the abbreviation lists
# a token before "." that never ends a sentence (compared without its final dot, lowercase)
_NON_FINAL = frozenset(
    {t.lower() for t in (*_TITLES, *NUMBER_ABBREVIATIONS)}
    | {a.lower().rstrip(".") for a in PHRASE_ABBREVIATIONS}
    | {"approx", "tel"}  # before a number: "approx. $10B", "tel. +1 818 ..."
)
# ... of which these go on only before a number: "No. 5", "Vol. II", but "She said no. He left."
_BEFORE_NUMBERS = frozenset(
    {t.lower() for t in NUMBER_ABBREVIATIONS} - {t.lower() for t in _TITLES}
)
# what goes on after one: a number, "#5", "(3)", "A1", "S1"; a Roman numeral ("Vol. II"), not
# after "no" ("I said no. I left."); a number word after "No." ("No. One on the chart")
_NUMBER_AFTER = re.compile(r"[0-9#(]|[A-Z]{1,2}[0-9]")
_ROMAN_AFTER = re.compile(r"[IVXLC]+\b")
_NUMBER_WORD_AFTER = re.compile(r"(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b")
_DASHES = re.compile("[\u2013\u2014]")
_OPENING_PUNCTUATION = "\"'([{\u201c\u2018\u00ab"
_CHUNK_BREAKS = (", ", "; ", ": ", " - ")


def _token_before(text: str, end: int) -> str:
    """The token ending at ``end`` (after whitespace, an en or em dash or an opening mark), or
    "" if it is implausibly long: "bill\u2014H.R." gives "H.R"."""
    start = max(0, end - _MAX_ABBREVIATION_LENGTH)
    window = text[start:end]
    token = window.split()[-1] if window.strip() else ""
    if len(token) == len(window) and start > 0:
        return ""
    return _DASHES.split(token)[-1].lstrip(_OPENING_PUNCTUATION)


def _goes_on_to_a_number(token: str, following: str) -> bool:
    """Whether a number abbreviation ("No", "Vol", "p", "Fig") is followed by what it numbers."""
    if _NUMBER_AFTER.match(following):
        return True
    if token.lower() in ("no", "nos"):
        return token[0] == "N" and _NUMBER_WORD_AFTER.match(following) is not None
    return _ROMAN_AFTER.match(following) is not None


def _is_sentence_end(text: str, m: re.Match[str]) -> bool:
    mark = m.group(0)
    if mark[0] == "\n" or mark[0] in "\u3002\uff01\uff1f":
        return True
    following = text[m.end() : m.end() + _MAX_ABBREVIATION_LENGTH].lstrip()
    if not following:
        return True  # only whitespace after it: the end of the text
    if following[:1].islower():
        return False
    if mark.rstrip(_CLOSERS) != ".":
        return True  # "!", "?", "...", "…": a full stop unless lowercase follows
    token = _token_before(text, m.start())
    if token == "v" and following[:1].isupper():  # a case: "Roe v. Wade", not "plan v. Then"
        name = text[: m.start() - 1].rstrip().rpartition(" ")[2]
        return not (name[:1].isupper() and name.isalpha() and len(name) > 1)
    if token.lower() in _BEFORE_NUMBERS and not _goes_on_to_a_number(token, following):
        return True  # "said no. He left"
    if token.lower() in _NON_FINAL or (len(token) == 1 and token.isupper()):
        return False  # "Dr. Smith", "e.g. Paris", "J. K. Rowling"
    if token.rpartition("-")[2].lower() in _NON_FINAL:
        return False  # "Ex-Rep. O'Rourke"
    if token.rstrip(",").rpartition("-")[2] in STATES and following[:1] == "(":
        return False  # "KANSAS CITY, Mo. (AP)"
    if token in MONTH_FORMS and following[:1].isdigit():
        return False  # "Jan. 5, 2020": a date goes on
    if date_follows_weekday(text, token, m.start() - len(token), m.end()):
        return False  # "Sun. Jan 5": a weekday before its date
    if "." in token and token.replace(".", "").isalpha():  # "U.S. Army" goes on;
        return opener_follows(m)  # "in the U.S. The ..." ends, as the normalizer reads it
    if token in NAME_PART_ABBREVIATIONS:  # "King Jr. Day" goes on, "Davis Jr. The ..." ends
        return opener_follows(m)
    return True


def _chunks(sentence: str, max_chars: int) -> list[str]:
    """Split one over-long sentence at a clause break, else a space, else anywhere.

    Walks an offset through the sentence (no re-slicing of the rest): linear in its length.
    """
    chunks = []
    start, end = 0, len(sentence)
    while start < end and sentence[start].isspace():
        start += 1
    while end - start > max_chars:
        head = sentence[start : start + max_chars + 1]
        found = ((head.rfind(b), b) for b in _CHUNK_BREAKS)
        cut = max((i + len(b.rstrip()) for i, b in found if i > 0), default=0)
        if cut <= 0:
            cut = head.rfind(" ")
        if cut <= 0:
            cut = max_chars
        piece = head[:cut].strip()
        if piece:
            chunks.append(piece)
        start += cut
        while start < end and sentence[start].isspace():
            start += 1
    rest = sentence[start:].strip()
    return [*chunks, rest] if rest else chunks


_LINE = re.compile(r"[^\n]+")
_UNWRAPPED_LINE = 100  # a text with a line this long is not hard-wrapped: short lines are titles
_TITLE_LINE = 80  # ... shorter than this
_LINE_END_MARKS = ".!?:;,-\"')]"


def _break_headlines(text: str) -> str:
    """A line break after a headline becomes a sentence break: after a line in capitals
    ("STOCKS SURGE AS FED CUTS"), or, in a text that is not hard-wrapped (it has a line of
    :data:`_UNWRAPPED_LINE` characters or more: a paragraph a line), after a short line with no
    closing mark ("By Jane Doe", "Updated 3:45 p.m. EST"). Hard-wrapped prose keeps its line
    breaks as spaces. Linear in the length of the text."""
    lines = list(_LINE.finditer(text))
    if len(lines) < 2:
        return text
    unwrapped = max(m.end() - m.start() for m in lines) >= _UNWRAPPED_LINE
    out, last = [], 0
    for m in lines[:-1]:
        line = m.group(0).strip()
        if not line or line[-1] in _LINE_END_MARKS:
            continue
        capitals = not _ANY_LOWERCASE.search(line) and any(c.isupper() for c in line)
        if capitals or (unwrapped and len(line) < _TITLE_LINE):
            out.append(text[last : m.end()] + "\n")
            last = m.end()
    return "".join(out) + text[last:]


def split_sentences(text: str, *, max_chars: int | None = None) -> list[str]:
    """Split text into sentences for long-form TTS, one string each, whitespace collapsed.

    Splits after ``.``, ``!``, ``?`` (and closing quotes or brackets) followed by whitespace and
    a word that is not lowercase, after CJK full stops, at blank lines, at the line breaks
    of Markdown lists, headings and table rows (a table's header rule is dropped), and after
    headlines (:func:`_break_headlines`). Does not
    split after titles and abbreviations that precede a word ("Dr.", "e.g.", "No."), a month
    before a day ("Jan. 5"), single-letter initials ("J. K. Rowling"), a dotted form before a
    word that opens no sentence ("the U.S. Army"; "in the U.S. Economists said" splits:
    :func:`~yuyin.text._openers.opens_sentence`), or inside numbers ("3.14"). With
    ``max_chars``, longer sentences are cut at the last clause break (comma, semicolon, colon,
    dash), else the last space, within the limit.

    Example:
        >>> split_sentences("Dr. Smith earned $3.50. He left! Did he? Yes.")
        ['Dr. Smith earned $3.50.', 'He left!', 'Did he?', 'Yes.']
    """
    return [s for paragraph in split_paragraphs(text, max_chars=max_chars) for s in paragraph]


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_paragraphs(text: str, *, max_chars: int | None = None) -> list[list[str]]:
    r""":func:`split_sentences` grouped by paragraph: the sentences between two blank lines,
    where a headline, a heading, a list item and a table row are paragraphs of their own (what
    a reader pauses longer after). No paragraph is empty.

    Example:
        >>> split_paragraphs("CITY NEWS\nThe mayor spoke. He left.\n\nIt rained.")
        [['CITY NEWS'], ['The mayor spoke.', 'He left.'], ['It rained.']]
    """
    if max_chars is not None and not max_chars >= 1:  # also refuses NaN
        raise ValueError(f"max_chars must be a positive number of characters, got {max_chars}")
    if not isinstance(text, str):
        raise TypeError(f"expected text as a str, got {type(text).__name__}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends
    text = _TABLE_RULE.sub("", text)  # a table's header rule: nothing to say
    text = _LINE_BLOCK.sub(lambda m: m.group(0) + "\n", text)  # lists, headings, rows: breaks
    text = _break_headlines(text)
    paragraphs, start, sentences = [], 0, []
    for m in _CANDIDATE_END.finditer(text):
        if _is_sentence_end(text, m):
            sentences.append(text[start : m.end()])
            start = m.end()
            if _BLANK_LINE.fullmatch(m.group(0)):
                paragraphs.append(sentences)
                sentences = []
    sentences.append(text[start:])
    paragraphs.append(sentences)
    out = []
    for paragraph in paragraphs:
        cleaned = [" ".join(s.split()) for s in paragraph]
        cleaned = [s for s in cleaned if s]
        if max_chars is not None:
            cleaned = [chunk for s in cleaned for chunk in _chunks(s, max_chars)]
        if cleaned:
            out.append(cleaned)
    return out
