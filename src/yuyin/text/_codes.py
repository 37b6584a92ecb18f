"""Numbers that name things rather than count them, read before the counting rules:

* **season years**: "the 2019-20 season", "2020/21", "1999-00" -> "twenty nineteen to twenty
  twenty" (the second year has two digits and follows the first);
* **model numbers** after a maker, in pairs: "Boeing 747" -> "Boeing seven forty-seven",
  "747-400" -> "... four hundred", "747-8" -> "... eight", "Airbus A320" and a bare "A380" or
  "A321neo" -> "A three twenty", "Porsche 911" -> "nine eleven", "737 MAX"; a Boeing jet's
  number without the maker when a variant follows it ("the 787-9", "777-300ER", "777X": it was
  a range, "seven hundred eighty-seven to nine"); four digits after a product line's capitals
  ("RTX 4090" -> "R T X forty ninety", "RX 7900"; not "USD 4500", "ISO 9001", "CPU 2400 MHz");
* **ISBNs** digit by digit in their groups: "ISBN 978-0-306-40615-7" -> "ISBN nine seven eight,
  zero, three zero six, four zero six one five, seven"; so too one not right after the word
  ("The ISBN is 0-306-40615-2") and a thirteen-digit one by its shape alone ("978-0-14-312755-0");
* **codes after the word naming them**, digit by digit in their groups: "SKU 2281-0043" -> "S K
  U two two eight one, zero zero four three" (it was a range); "Agent 007" -> "double-oh-seven";
  a code of digit groups and capital letters after "serial number", "S/N", "part number" or
  "model number", character by character: "serial number 4829-AC-77" -> "four eight two nine A
  C seven seven"; with no such word, digit groups ending in letters, apart: "4471-22-X" -> "four
  four seven one, twenty-two, X";
* **dimensions** written with an "x" between the numbers: "4x4" -> "four by four",
  "1920x1080" -> "nineteen twenty by ten eighty" (a hexadecimal "0x1F" is not one); lumber in
  the plural: "2x4s" -> "two by fours"; a size of two or three numbers and a unit after the
  last, "12.5 x 8.7 x 0.6 in" -> "12.5 by 8.7 by 0.6 inches" ("in" is inches only there, before
  a stop: "12 x 8 in the box" stays);
* **docket numbers**: "No. 21-1234" -> "Number twenty-one, twelve thirty-four" (the term's year,
  then the number in pairs; it was a range, "twenty-one to twelve thirty-four"), and a federal
  court's "Case 1:23-cv-04567-JMF" -> "one, twenty-three, C V, zero four five six seven, J M F"
  (its "1:23" was a clock time);
* **software versions** of two parts after a product's name: "Python 3.11" -> "three point
  eleven" (was "three point one one"), "Kubernetes 1.29", "Node 20.11"; Ubuntu's releases by
  year and month, "Ubuntu 22.04" -> "twenty-two oh four".

Processor models ("i7-13700K", "Ryzen 9 7950X") and HTTP status codes ("a 404 error") are read
first, by :mod:`yuyin.text._computing`.

Patterns follow :mod:`yuyin.text._semiotic`'s rule for linear time: each begins with a consumed
character, and a lookbehind keeps it from starting inside a run of digits.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._computing import COMPUTING_RULES
from yuyin.text._number_patterns import NUM
from yuyin.text._openers import sentence_around
from yuyin.text._ranges import in_pairs, in_pairs_or_thousands
from yuyin.text._semiotic import _UNIT_NAMES, Rule, _padded, _sentence_end_after, regex_rule
from yuyin.text._tables import ACRONYM_WORDS, CAPITALIZED_WORDS, CURRENCIES

_SEASON = re.compile(
    r"(?P<first>1[89](?<![0-9.,]1[89])[0-9]{2}|20(?<![0-9.,]20)[0-9]{2})"
    r"[-/\u2013](?P<second>[0-9]{2})(?![0-9]|[.,/:\-][0-9])"
)
_MAKERS = "Boeing|Airbus|Porsche|Cessna|Peugeot"
_MODEL = re.compile(
    rf"(?P<maker>(?:{_MAKERS}) )?(?P<letter>A(?<![\w.]A))?(?P<num>[1-9](?<![0-9]{{2}})[0-9]{{2}})"
    r"(?:-(?P<variant>[1-9]000|[1-9]00|10|[1-9])|(?P<x>X(?![\w])))?(?![0-9]|[.,\-][0-9])"
    r"(?P<max> MAX\b)?"
)
_AIRBUS = frozenset({"220", "300", "310", "318", "319", "320", "321", "330", "340", "350", "380"})
_BOEING_JETS = frozenset({"707", "717", "727", "737", "747", "757", "767", "777", "787"})
# the word before a range of numbered things or a numbered place, not a jet ("pages 707-9",
# "Room 747-8")
_NOT_JET_BEFORE = re.compile(
    r"(?:\b(?:pages|pp|lines|verses|chapters|sections|paragraphs|items|rows|nos?|numbers?"
    r"|rooms?|routes?|flights?|gates?|suites?|units?|apt|highway|exit|bus|scores of)\.? "
    r"|p\. )$",
    re.IGNORECASE,
)
_ISBN = re.compile(
    r"ISBN(?<![A-Za-z]ISBN)(?:-?1[03])?:? ?(?P<code>[0-9](?:[0-9]|-(?=[0-9Xx])){8,16}[0-9Xx]?)"
    r"(?![0-9A-Za-z])"
)
# an ISBN's groups after the word, not right after it ("The ISBN is ..."), or a thirteen-digit
# one by its shape ("978-0-14-312755-0")
_GROUPED_ISBN = re.compile(
    r"(?P<code>[0-9](?<![\w.\-][0-9])[0-9]{0,4}(?:-[0-9]{1,7}){2}(?:-[0-9]{1,7})?-[0-9Xx])"
    r"(?![\w\-]|[.,][0-9])"
)
_ISBN_WORD_BEFORE = re.compile(r"\bISBN\b[^.;!?0-9]{0,30}\Z")
_ISBN_DIGITS = (10, 13)
# a product's or an order's code after the word naming it, digit groups joined by dashes, read
# digit by digit: six digits at least or a group with a leading zero (not "Part 1-3")
_CODE_WORDS = (
    r"SKU|UPC|EAN|GTIN|ASIN|P/N|S/N|[Pp]art|[Ii]tem|[Ss]erial|[Oo]rder|[Ii]nvoice|[Mm]odel"
    r"|[Cc]atalog|[Ll]ot|[Bb]atch|[Tt]racking|[Cc]onfirmation|[Rr]ef\.|[Rr]eference|[Aa]ccount"
    r"|[Aa]cct\.?|[Pp]olicy|[Tt]icket"
)
_PRODUCT_CODE = re.compile(
    rf"(?P<lead>(?<![\w/])(?P<word>{_CODE_WORDS})(?P<mark> {{1,2}}(?:[Nn]o\.|[Nn]umber|#|ID)|"
    r" ?#)?:? {0,2})"
    r"(?P<code>[0-9]{1,8}(?:-[0-9]{1,8})+)(?![\w\-]|[.,][0-9])"
)
_MIN_CODE_DIGITS = 6
# digit groups and capital letters joined by hyphens after the number of a serial, a part or a
# model: each character said ("4829-AC-77"); both kinds of group must be there
_MIXED_CODE = re.compile(
    r"(?P<lead>(?<![\w/])(?:(?:[Ss]erial|[Pp]art|[Mm]odel) (?:[Nn]umber|[Nn]o\.)|S/N|P/N)"
    r"(?: ?#)?:? {1,2})"
    r"(?P<code>(?=[A-Z0-9-]*[0-9])(?=[0-9-]*[A-Z])[0-9A-Z]{1,8}(?:-[0-9A-Z]{1,8})+)"
    r"(?![\w\-]|[.,][0-9])"
)
# an identifier of digit groups ending in capital letters, with no word naming it ("The ID
# number on the form was 4471-22-X"): its groups apart, a long one digit by digit, a short one a
# number ("four four seven one, twenty-two, X"; it was a range, "... to twenty-two-X"); not
# "1040-X" (one group: a form's name), nor after a serial's or a part's number (above)
_LETTERED_ID = re.compile(
    r"(?P<code>[0-9](?<![\w.,/\-][0-9])[0-9]{2,}(?:-[0-9]{1,4})+-[A-Z]{1,3})(?![\w\-])"
)
_SHORT_GROUP = 2  # digits of a group said as a number ("22"); longer ones digit by digit


def _lettered_id(m: re.Match[str]) -> str:
    """ "4471-22-X" -> "four four seven one, twenty-two, X" (comment above)."""
    said = []
    for group in m["code"].split("-"):
        if group.isalpha():
            said.append(" ".join(group))
        elif len(group) <= _SHORT_GROUP and group[0] != "0":
            said.append(v.cardinal(int(group)))
        else:
            said.append(v.digits(group))
    return _padded(m, ", ".join(said))


_YEAR = re.compile(r"1[89][0-9]{2}|20[0-9]{2}")
# the spy's number, "double-oh-seven", after "Agent" or near his name; elsewhere digits
_BOND = re.compile(r"0(?<![\w.,\-]0)07(?![\w]|[.,][0-9])")
_AGENT_BEFORE = re.compile(r"\b[Aa]gent \Z")
_BOND_NAMED = re.compile(r"\b(?:Bond|MI6)\b")
_BOND_FILMS_AFTER = re.compile(r" (?:films?|movies?|franchise)\b")

_DIMENSIONS = re.compile(
    r"(?P<dims>[0-9](?<![0-9.,x][0-9])[0-9]{0,4}(?:\.[0-9]+)?(?:x[0-9]{1,5}(?:\.[0-9]+)?)+)"
    r"(?P<plural>s(?!'))?(?![0-9A-Za-z])"
)
_SIZE = re.compile(
    rf"(?P<dims>{NUM}(?: ?[x\u00d7] ?{NUM}){{1,2}}) ?"
    rf"(?:(?P<inches>in)(?P<dot>\.)?(?=[,;:)]|\s*\Z|(?<=\.) [A-Z])"
    rf"|(?P<unit>(?:{_UNIT_NAMES}))(?![\w\u00b0/]))"
)
_LUMBER = re.compile(r"[1-9][0-9]?x[1-9][0-9]?")  # lumber in the plural: "2x4s", "4x4s"


def _season(m: re.Match[str]) -> str:
    first = int(m["first"])
    if int(m["second"]) != (first + 1) % 100:  # "2019-03": not a season
        return m.group(0)
    return _padded(m, f"{v.year(first)} to {v.year(first + 1)}")


def _model(m: re.Match[str]) -> str:
    maker, letter, number = m["maker"], m["letter"], m["num"]
    airbus = letter and number in _AIRBUS  # A220, A320, A321 ... A380
    # a bare Boeing jet with a variant: "the 787-9", "777X" ("707-9" is no range)
    boeing = not letter and number in _BOEING_JETS and (m["variant"] or m["x"])
    if (
        boeing
        and not m["x"]
        and _NOT_JET_BEFORE.search(m.string, max(0, m.start() - 16), m.start())
    ):
        boeing = False  # "pages 707-9", "lines 727-31": a range; "Room 747-8"
    if not (maker or airbus or boeing or m["max"]) or (letter and not airbus):
        return m.group(0)
    if m["x"] and not boeing:  # "A320X": no model of this rule
        return m.group(0)
    if letter and maker and maker.strip() != "Airbus":
        return m.group(0)
    # read in pairs, as a year of three digits is: "seven forty-seven", "seven oh seven"
    words = (maker or "") + (f"{letter} " if letter else "") + v.year(int(number))
    if m["variant"]:
        words += f" {v.cardinal(int(m['variant']))}"
    return _padded(m, words + (" X" if m["x"] else "") + (m["max"] or ""))


# a model number of four digits after a product line's capitals, spaced, in pairs as a year is
# said: "RTX 4090" -> "R T X forty ninety", "RX 7900" -> "seventy-nine hundred", "IBM 5150";
# from 2100 on (below, the number rules read it so already: "GTX 1080", "RTX 2060"); not before
# a unit, points or a percent ("CPU 2400 MHz"), nor after a currency's code ("USD 4500"), a
# standard's ("ISO 9001"), a PIN, an index ("DAX 4500 points") or a word ("IN 2500 BC")
_CODE_MODEL = re.compile(
    r"(?P<code>[A-Z](?<![\w'$&/.\-][A-Z])[A-Z]{1,3}) "
    r"(?P<num>(?!20)[2-9][0-9]{3})(?![\w\-]|[.,][0-9])"
    rf"(?! ?(?:{_UNIT_NAMES}|points?|pts|percent|%)(?![\w]))"
)
_NOT_MODEL_CODES = frozenset(
    {c for c in CURRENCIES if c.isupper()} | ACRONYM_WORDS | CAPITALIZED_WORDS
) | {"ISO", "DIN", "PIN", "FTSE", "DAX", "CAC", "DJIA", "SPX", "NDX", "ASX", "TSX", "IBEX", "HSI"}
_NOT_MODEL_CODES |= {  # places, leagues and prices before a count: "UK 3412 new cases", "VAT 2599"
    "UK", "US", "EU", "UN", "NHS", "MLB", "NFL", "NBA", "NHL", "RM", "QR", "SR", "MRP", "VAT", "GST"
}  # fmt: skip


def _code_model(m: re.Match[str]) -> str:
    if m["code"] in _NOT_MODEL_CODES:
        return m.group(0)
    return f"{m['code']} {in_pairs_or_thousands(m['num'])}"


def _isbn(m: re.Match[str]) -> str:
    groups = m["code"].split("-")
    spoken = [" ".join(v.digits(c) if c.isdigit() else "X" for c in g) for g in groups]
    return _padded(m, "ISBN " + ", ".join(spoken))


def _grouped_isbn(m: re.Match[str]) -> str:
    code = m["code"]
    digits = len(code.replace("-", ""))
    shaped = digits == 13 and code.startswith(("978-", "979-")) and code.count("-") == 4
    named = _ISBN_WORD_BEFORE.search(m.string, max(0, m.start() - 40), m.start())
    if digits not in _ISBN_DIGITS or not (shaped or named):
        return m.group(0)
    return _padded(m, ", ".join(" ".join(v.digits(c) for c in g) for g in code.split("-")))


def _product_code(m: re.Match[str]) -> str:
    groups = m["code"].split("-")
    if sum(map(len, groups)) < _MIN_CODE_DIGITS and not any(g[0] == "0" for g in groups[1:]):
        return m.group(0)  # "Part 1-3", "Item 4-6": a range
    if all(_YEAR.fullmatch(g) for g in groups):
        return m.group(0)  # "Batch 2019-2023": years
    padded = any(g[0] == "0" for g in groups)
    if not (m["word"].isupper() or m["mark"] or padded):
        return m.group(0)  # "tracking 100-200 targets", "Each model 100-250 ms slower": a range
    return m["lead"] + ", ".join(v.digits(g) for g in groups)


def _mixed_code(m: re.Match[str]) -> str:
    """ "serial number 4829-AC-77" -> "... four eight two nine A C seven seven"."""
    groups = m["code"].split("-")
    if not all(g.isdigit() or g.isalpha() for g in groups):
        return m.group(0)  # "model number A7-X2": letters and digits mixed in a group
    return m["lead"] + " ".join(v.digits(g) if g.isdigit() else " ".join(g) for g in groups)


def _bond(m: re.Match[str]) -> str:
    """ "Agent 007" -> "double-oh-seven": right after "Agent", before his films, or in a sentence
    naming Bond ("Room 007", "The 007 bus to Agent Street" keep their digits)."""
    text = m.string
    left, right = sentence_around(text, m.start(), m.end(), 300, 300)  # linear time
    named = _BOND_NAMED.search(left + m.group(0) + right)
    agent = _AGENT_BEFORE.search(text, max(0, m.start() - 6), m.start())
    if agent or named or _BOND_FILMS_AFTER.match(text, m.end()):
        return _padded(m, "double-oh-seven")
    return m.group(0)


def _size(m: re.Match[str]) -> str:
    """ "12.5 x 8.7 x 0.6 in" -> "12.5 by 8.7 by 0.6 inches" (the numbers read later)."""
    sides = re.split(r" ?[x\u00d7] ?", m["dims"])
    if m["inches"]:
        unit = "inch" if sides[-1] == "1" else "inches"
        stop = "." * bool(m["dot"] and _sentence_end_after(m))
        return _padded(m, " by ".join(sides) + f" {unit}{stop}")
    return " by ".join(sides) + f" {m['unit']}"


def _dimensions(m: re.Match[str]) -> str:
    """ "4x4" -> "four by four", "1920x1080"; lumber in the plural, "2x4s" -> "two by fours"."""
    sides = m["dims"].split("x")
    if sides[0] == "0":  # "0x10": a hexadecimal number
        return m.group(0)
    if m["plural"]:
        if not _LUMBER.fullmatch(m["dims"]):
            return m.group(0)
        return _padded(m, f"{v.cardinal(int(sides[0]))} by {v.plural(v.cardinal(int(sides[1])))}")
    return _padded(m, " by ".join(v.number(side, as_year=True) for side in sides))


# case numbers: a federal court's, "1:23-cv-04567-JMF" (office, year, case type, number,
# judges' initials), and a docket number, "21-1234" (the term's year, the number), the second
# only after the word that names it: "No. 21-1234" (already "Number 21-1234" when this runs),
# "Case 22-451", "docket 19-1392", "case No. 20-543" (not "in case 20-300 people come")
_CASE_NUMBER = re.compile(
    r"(?P<first>[0-9](?<![\w.:,\-][0-9])[0-9]?)(?:"
    r":(?P<year>[0-9]{2})-(?P<kind>[a-z]{2,3})-(?P<num>[0-9]{3,6})(?P<judges>(?:-[A-Z]{2,4}){0,3})"
    r"|-(?P<docket>[0-9]{3,5}))(?![\w\-]|[.,:/][0-9])"
)
_DOCKET_WORD = re.compile(
    r"(?<![\w])(?:[Nn]umber|Case|case(?= [Nn])|[Dd]ocket) (?:[Nn]o\. |[Nn]umber )?\Z"
)
_DOCKET_LOOK = 20  # characters looked at before a docket number for the word naming it


def _case_number(m: re.Match[str]) -> str:
    """ "1:23-cv-04567-JMF" -> "one, twenty-three, C V, zero four five six seven, J M F";
    "Number 21-1234" -> "Number twenty-one, twelve thirty-four" (the number in pairs, or digit
    by digit with five digits or a leading zero)."""
    first = m["first"]
    if m["kind"]:
        if len(first) != 1:
            return m.group(0)
        parts = [v.cardinal(int(first)), v.cardinal(int(m["year"])), " ".join(m["kind"].upper())]
        parts.append(v.digits(m["num"]))
        parts += [" ".join(judge) for judge in m["judges"].split("-") if judge]
        return _padded(m, ", ".join(parts))
    before = _DOCKET_WORD.search(m.string, max(0, m.start() - _DOCKET_LOOK), m.start())
    if len(first) != 2 or before is None:
        return m.group(0)
    num = m["docket"]
    said = v.digits(num) if len(num) == 5 or num[0] == "0" else in_pairs(num)
    return _padded(m, f"{v.cardinal(int(first))}, {said}")


_SOFTWARE = (
    "Python|Node|Node\\.js|Go|Golang|Rust|Java|Kotlin|Swift|Ruby|PHP|Perl|Scala|Julia|Kubernetes"
    "|Django|Rails|React|Angular|Vue|TypeScript|Ubuntu|Debian|Fedora|Android|iOS|iPadOS|macOS"
    "|watchOS|Windows|Firefox|Chrome|Safari|Minecraft|PostgreSQL|Postgres|MySQL|MariaDB|Redis"
    "|MongoDB|Terraform|Docker|GCC|LLVM|Clang|Blender|Unity|Godot|Elixir|Erlang|GHC|CUDA"
    "|PyTorch|TensorFlow|NumPy|pandas|Bootstrap|jQuery|Linux|kernel|Emacs|Vim|Git|npm|pip|Qt"
    "|GTK|OpenSSL|WordPress|Drupal|Laravel|Kafka|Flutter|Dart|Electron|Deno|Zig|Lua|Xcode"
)
# "3.11" ("3.05" keeps its zero; a list "3.11, 3.12 and 3.13" read alike), not before
# a unit, a price or a time ("Go 2.15 miles", "Unity 2.50 shares", "Ruby 3.30pm")
_VERSION_NUMBER = r"[0-9]{1,2}\.[0-9]{2}(?![0-9]|[.,][0-9])"
_SOFTWARE_VERSION = re.compile(
    rf"(?P<name>(?<![\w.])(?:{_SOFTWARE})) (?P<v>v|[Vv]ersion )?"
    rf"(?P<numbers>{_VERSION_NUMBER}(?:(?:, | and | or | to ){_VERSION_NUMBER})*)"
    r"(?! ?(?:[ap]\.?m\b|%|percent|per\b|miles?|km|kilometers?|million|billion|shares|points?"
    r"|dollars|euros|finished|seconds|minutes|hours|times|x\b))"
)
# names that are words or names too ("Java", "Swift", "Julia"): no version in a price list, before
# a measure, a time or a dish, or after a first name ("Iced Java 3.75, Latte 4.25", "Julia 1.65
# meters tall", "Swift 3.45 ERA", "D'Andre Swift 4.48")
_WORD_NAMES = frozenset(
    {"Go", "Swift", "Java", "Ruby", "Julia", "Safari", "Chrome", "Unity", "Dart", "Rust",
     "Electron", "Flutter", "Rails", "Bootstrap", "React", "Angular", "Vue", "Lua", "Blender",
     "Elixir"}
)  # fmt: skip
_NOT_VERSION_AFTER = re.compile(
    r" (?:m|meters?|metres?|cm|feet|ft|inches|tall|ERA|era|seconds?|sec|s|mph|km|miles?|kg|lbs?"
    r"|pounds|a cup|each|per|sandwich|package|special|finish|juice|coffee|latte|shot|bowl|plate"
    r"|was (?:his|her|their) (?:official )?time|a (?:pound|piece|slice|cup|glass|bottle))\b"
)
_PRICE_NEAR = re.compile(r"[$\u00a3\u20ac]|\b(?:dollars?|price[sd]?|menu|costs?|carats?)\b")
# a price list: "Iced Java 3.75, Latte 4.25"
_PRICE_LIST = re.compile(r", (?:and )?[A-Z][a-z]+ [0-9]+\.[0-9]{2}\b")
# a first name or a dish's word before ("D'Andre Swift 4.48", "Iced Java 3.75")
_PERSON_BEFORE = re.compile(
    r"(?:(?!(?:The|A|An|Our|Your|My|From|To|In|On|With|Upgrade|Install|Use|Using|Try|Run|Get"
    r"|And|Or|But|Both|Newer|Older|Latest|New|Old|Stable|Since|Before|After|Unlike|Like|Than"
    r"|Moving|Switch|Switching|Migrate|Migrating|Released?|Version|See|Read)\b)[A-Z][\w'\-]+"
    r"|(?i:iced|hot|house|cold|frozen)) \Z"
)
_CLAUSE_STOP = re.compile(r"[.!?;](?:\s|\Z)|, (?=[A-Z])")
_ONE_VERSION = re.compile(r"(?P<major>[0-9]{1,2})\.(?P<minor>[0-9]{2})")


def _software_version(m: re.Match[str]) -> str:
    if m["name"] in _WORD_NAMES and not m["v"]:
        text, start = m.string, m.start()
        clause = _CLAUSE_STOP.split(text[max(0, start - 60) : m.end() + 60])
        here = next((part for part in clause if m.group(0) in part), m.group(0))
        if (
            _NOT_VERSION_AFTER.match(text, m.end())
            or _PRICE_LIST.match(text, m.end())
            or _PRICE_NEAR.search(here.replace(m.group(0), " "))
            or _PERSON_BEFORE.search(text, max(0, start - 20), start)
        ):
            return m.group(0)
    if m["name"] == "Windows":  # "Windows 3.11": "three point one one"
        return m.group(0)
    ubuntu = m["name"] == "Ubuntu"  # releases by year and month: "twenty-two oh four"

    def said(one: re.Match[str]) -> str:
        major, minor = v.cardinal(int(one["major"])), one["minor"]
        if ubuntu:
            return f"{major} {in_pairs(minor) if minor[0] != '0' else 'oh ' + minor[1]}"
        if minor[0] == "0":  # "24.07": a decimal's zero is said
            return f"{major} point zero {v.cardinal(int(minor))}"
        return f"{major} point {v.cardinal(int(minor))}"

    return f"{m['name']} {'version ' if m['v'] else ''}{_ONE_VERSION.sub(said, m['numbers'])}"


CODE_RULES: tuple[Rule, ...] = (
    *COMPUTING_RULES,  # "Core i7-13700K", "Ryzen 9 7950X", "a 404 error"
    regex_rule(_SOFTWARE_VERSION, _software_version),
    regex_rule(_ISBN, _isbn),
    regex_rule(_GROUPED_ISBN, _grouped_isbn),
    regex_rule(_PRODUCT_CODE, _product_code),
    regex_rule(_MIXED_CODE, _mixed_code),
    regex_rule(_LETTERED_ID, _lettered_id),
    regex_rule(_BOND, _bond),
    regex_rule(_CASE_NUMBER, _case_number),
    regex_rule(_SEASON, _season),
    regex_rule(_MODEL, _model),
    regex_rule(_CODE_MODEL, _code_model),
    regex_rule(_SIZE, _size),
    regex_rule(_DIMENSIONS, _dimensions),
)
