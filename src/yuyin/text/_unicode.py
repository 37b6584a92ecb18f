"""Unicode cleanup before verbalization: NFKC, ASCII punctuation, no emoji or control characters.

Terminal escape sequences (ANSI/VT100 colours, cursor moves, window titles) are removed whole, so
``"\x1b[31mred\x1b[0m"`` is "red", not "31mred 0m"; every other control character (C0, DEL,
C1) becomes a space, as tabs and newlines do, so ``"and\x00nul"`` is two words.

The per-character tables are regular-expression classes built once per process from
``unicodedata`` (about 0.1 s), so cleaning is a few linear ``re.sub`` passes over the text.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

from yuyin.text._superscripts import read_superscripts
from yuyin.text._tables import ASCII_PUNCTUATION

# Categories dropped anywhere: control (none is left by then: they became spaces), format
# (bidi marks, BOM, zero-width joiner), surrogates, private use, unassigned, enclosing marks
# (the keycap of "1️⃣").
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Me"})
# Symbol categories dropped from this code point on: emoji, dingbats, pictographs, emoji
# modifiers (Sk). Latin-1 symbols (degree, copyright ...) stay; letterlike symbols before it
# (℃, ™, №) have been rewritten by NFKC by then.
_PICTOGRAPH_CATEGORIES = frozenset({"So", "Sk"})
_FIRST_PICTOGRAPH = 0x2190  # start of Arrows; everything symbolic below it is kept
_KEPT_FORMAT = frozenset({0x200C})  # zero-width non-joiner: spelling-relevant in Persian
_KEPT_SYMBOLS = frozenset({0x266D, 0x266E})  # music's flat and natural signs: read as words
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))  # emoji / glyph variants (Mn)

# Code point ranges that belong to Latin script text or neutral punctuation and symbols.
# Anything outside them (and not whitespace) is "non-Latin" for ``keep_non_latin=False``.
_LATIN_RANGES = (
    (0x0000, 0x024F),  # ASCII, Latin-1, Latin Extended-A/B
    (0x0250, 0x02FF),  # IPA extensions, spacing modifiers
    (0x0300, 0x036F),  # combining diacritics
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency symbols
    (0x2100, 0x214F),  # letterlike symbols
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0xA720, 0xA7FF),  # Latin Extended-D
    (0xAB30, 0xAB6F),  # Latin Extended-E
    (0xFB00, 0xFB06),  # Latin ligatures
)
_NON_ASCII_SPACES = tuple(cp for cp in range(0x250, 0x3001) if chr(cp).isspace())
# ECMA-48 escape sequences in their 7-bit form, each removed whole (an incomplete one loses its
# introducer only): CSI "ESC [", parameter bytes 0x30-0x3f, intermediate bytes 0x20-0x2f and a
# final byte 0x40-0x7e ("\x1b[1;31m"); a string command (OSC "ESC ]", DCS "ESC P", SOS "ESC X",
# PM "ESC ^", APC "ESC _") up to BEL or ST "ESC \\", e.g. the window title "\x1b]0;title\x07";
# and ESC, intermediate bytes and one final character ("\x1bc", "\x1b(B"). A lone ESC, and the
# 8-bit C1 forms (U+009B is more often a mis-decoded "›" than a CSI), become spaces as other
# controls do. A string body stops at the next ESC or BEL: every start scans at most that far,
# so the pass is linear in the text.
_ESCAPE_SEQUENCES = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]"
    r"|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|[!-/]*[0-~])"  # not a space: a stray ESC before a word keeps the word
)
# C0 (tab, newline and carriage return included), DEL, C1 and the Unicode line and paragraph
# separators: each a space (a NUL between two words must not glue them together)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PUNCTUATION_TABLE = str.maketrans(ASCII_PUNCTUATION)


def _char_class(mask: bytearray) -> re.Pattern[str]:
    """A regex matching runs of the code points whose ``mask`` byte is 1, written as ranges."""
    ranges = []
    for run in re.finditer(rb"\x01+", mask):
        first, last = re.escape(chr(run.start())), re.escape(chr(run.end() - 1))
        ranges.append(first if run.end() - run.start() == 1 else f"{first}-{last}")
    return re.compile(f"[{''.join(ranges)}]+")


@functools.cache
def _dropped_chars() -> re.Pattern[str]:
    """Runs of characters removed from any text: controls, format, emoji, variation selectors."""
    mask = bytearray(sys.maxunicode + 1)
    for cp in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(cp))
        control = category in _DROPPED_CATEGORIES and cp not in _KEPT_FORMAT
        pictograph = (
            category in _PICTOGRAPH_CATEGORIES
            and cp >= _FIRST_PICTOGRAPH
            and cp not in _KEPT_SYMBOLS
        )
        if control or pictograph:
            mask[cp] = 1
    for lo, hi in _VARIATION_SELECTORS:
        mask[lo : hi + 1] = b"\x01" * (hi + 1 - lo)
    return _char_class(mask)


@functools.cache
def _non_latin_chars() -> re.Pattern[str]:
    """Runs of characters outside Latin script, neutral punctuation and whitespace."""
    mask = bytearray(b"\x01" * (sys.maxunicode + 1))
    for lo, hi in _LATIN_RANGES:
        mask[lo : hi + 1] = bytes(hi + 1 - lo)
    for cp in _NON_ASCII_SPACES:
        mask[cp] = 0
    return _char_class(mask)


def remove_control_characters(text: str) -> str:
    """Terminal escape sequences removed, every other control character made a space."""
    if "\x1b" in text:
        text = _ESCAPE_SEQUENCES.sub("", text)
    return _CONTROLS.sub(" ", text)


def clean_unicode(text: str) -> str:
    """Escape sequences removed, control characters to spaces, NFKC, typographic punctuation to
    ASCII, emoji and other invisible or pictographic characters removed. Letters of every
    script are kept. Before NFKC, a digit glued to a vulgar fraction is set apart ("1½") and
    superscripts are read (:mod:`yuyin.text._superscripts`: "10⁸" -> "10^8", "x²" -> "x^2",
    "30⁰C" -> "30°C", footnote marks dropped; fractions "³⁄₄" and charges "Fe³⁺" are left to
    NFKC)."""
    text = remove_control_characters(text)
    if text.isascii():  # fast path: NFKC and the tables below cannot change ASCII
        return text
    text = _GLUED_FRACTION.sub(" ", text)  # "1½": NFKC would make it "11/2"
    text = _THREAD_COUNTER.sub(_thread_counter, text)  # "🧵 1/10": the emoji goes below
    text = read_superscripts(text)  # "10⁸": NFKC would make it "108"
    text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION_TABLE)
    return _dropped_chars().sub("", text)


# a social post's counter beside the thread emoji: "🧵 1/10" or "1/10 🧵" -> ", 1 of 10", "🧵
# (1/5)" -> "(1 of 5)" (a fraction elsewhere stays one)
_THREAD = "\U0001f9f5"
_THREAD_COUNTER = re.compile(
    rf"{_THREAD}\s*(?P<open>\()?(?P<n>[0-9]{{1,3}})/(?P<of>[0-9]{{1,3}})(?(open)\)|(?![0-9/]))"
    rf"|(?P<n2>[0-9](?<![0-9/.][0-9])[0-9]{{0,2}})/(?P<of2>[0-9]{{1,3}})\s*{_THREAD}"
)
_PAUSE_LOOK = 16  # characters looked at before a counter for the word it follows


def _thread_counter(m: re.Match[str]) -> str:
    n, of = m["n"] or m["n2"], m["of"] or m["of2"]
    if int(n) > int(of) or int(n) == 0:
        return m.group(0)
    before = m.string[max(0, m.start() - _PAUSE_LOOK) : m.start()].rstrip()[-1:]
    if m["open"]:  # "yesterday 🧵 (1/5)": the brackets already set it apart
        return f" ({n} of {of})"
    pause = ", " if before and before not in ".,;:!?([" else " "  # "in 2025, 1 of 10"
    return f"{pause}{n} of {of} "


# a digit right before a vulgar fraction character (¼ ½ ¾, ⅐ ... ⅞)
_GLUED_FRACTION = re.compile("(?<=[0-9])(?=[\u00bc-\u00be\u2150-\u215e])")


def drop_non_latin(text: str) -> str:
    """Replace every run of non-Latin-script characters (Chinese, Arabic, Greek ...) by a space."""
    if text.isascii():
        return text
    return _non_latin_chars().sub(" ", text)


@functools.cache
def _punctuation_chars() -> re.Pattern[str]:
    """Runs of punctuation (P*) and symbol (S*) characters other than the apostrophe."""
    mask = bytearray(sys.maxunicode + 1)
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp))[0] in "PS":
            mask[cp] = 1
    mask[ord("'")] = 0
    return _char_class(mask)


def remove_punctuation(text: str) -> str:
    """Replace every run of punctuation and symbols except ``'`` by a space (all scripts)."""
    return _punctuation_chars().sub(" ", text)


_UTF16_HINT = "; it is UTF-16: convert it, e.g. iconv -f UTF-16 -t UTF-8 FILE > OUT"


def encoding_hint(data: bytes) -> str:
    """What to do about bytes that are not UTF-8: convert them, when they are plainly UTF-16
    (Windows editors save "Unicode" text so) or a one-byte Western encoding (Latin-1, Windows
    1252: "café" as byte 0xe9); a hint to add to the error, else ""."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or nul_problem(data.decode("latin-1")):
        return _UTF16_HINT
    if any(b >= 0x80 for b in data[:4096]):
        return "; if it is Latin-1 or Windows-1252: iconv -f WINDOWS-1252 -t UTF-8 FILE > OUT"
    return ""


def nul_problem(text: str) -> str | None:
    """What is wrong with decoded text that is mostly NUL characters, else None: UTF-16
    without a byte-order mark decodes as UTF-8 (its ASCII letters with a NUL between each),
    and a file of NUL bytes holds no text at all."""
    head = text[:4096]
    nuls = head.count("\x00")
    if not head or nuls * 4 < len(head):
        return None
    if nuls == len(head):
        return "holds no text (only NUL bytes)"
    return "not UTF-8 text but UTF-16 without a byte-order mark" + _UTF16_HINT


# Latin letters Unicode does not decompose into a base letter and a mark (lowercase: folding
# follows lowercasing), as scoring normalizers spell them without diacritics
LATIN_FOLDS = {
    "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t",
    "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
}  # fmt: skip
