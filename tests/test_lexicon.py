"""The pronouncing lexicon: CMU dictionary lookups, phone inventory, custom lexicon files."""

from __future__ import annotations

import doctest
import re
import time
from pathlib import Path

import pytest

from yuyin.text import lexicon as lexicon_module
from yuyin.text.lexicon import (
    CONSONANTS,
    PHONES,
    STRESSED_PHONES,
    VOWELS,
    Lexicon,
    LexiconError,
    load_cmudict,
    load_lexicon,
    read_lexicon_file,
    strip_stress,
    write_lexicon_file,
)

CMUDICT_MIN_WORDS = 120_000  # cmudict 0.7b has ~126k distinct words (~135k entries)


@pytest.fixture(scope="module")
def cmu() -> Lexicon:
    return load_cmudict()


@pytest.mark.parametrize(
    ("word", "pronunciations"),
    [
        ("speech", [["S", "P", "IY1", "CH"]]),
        ("read", [["R", "EH1", "D"], ["R", "IY1", "D"]]),
        ("cat", [["K", "AE1", "T"]]),
        ("don't", [["D", "OW1", "N", "T"], ["D", "OW1", "N"]]),
        ("'bout", [["B", "AW1", "T"]]),
    ],
)
def test_known_words(cmu: Lexicon, word: str, pronunciations: list[list[str]]) -> None:
    assert cmu.lookup(word) == pronunciations


@pytest.mark.parametrize("spelling", ["Speech", "SPEECH", "sPeEcH", " speech ", '"speech,"'])
def test_lookup_is_case_insensitive_and_ignores_edge_punctuation(
    cmu: Lexicon, spelling: str
) -> None:
    assert cmu.lookup(spelling) == [["S", "P", "IY1", "CH"]]


def test_curly_apostrophe_finds_the_ascii_entry(cmu: Lexicon) -> None:
    assert cmu.lookup("don\u2019t") == cmu.lookup("don't")
    assert cmu.lookup("DON\u2019T") == cmu.lookup("don't")


@pytest.mark.parametrize("word", ["zzqxjv", "", "   ", "'''", "speech's-thing", "中文"])
def test_unknown_word_is_empty(cmu: Lexicon, word: str) -> None:
    assert cmu.lookup(word) == []
    assert word not in cmu


def test_mapping_interface(cmu: Lexicon) -> None:
    assert len(cmu) >= CMUDICT_MIN_WORDS
    assert "Speech" in cmu and cmu["SPEECH"] == [["S", "P", "IY1", "CH"]]
    with pytest.raises(KeyError):
        cmu["zzqxjv"]
    assert 42 not in cmu  # type: ignore[operator]


def test_lookup_returns_fresh_lists(cmu: Lexicon) -> None:
    cmu.lookup("speech")[0].append("XX")
    assert cmu.lookup("speech") == [["S", "P", "IY1", "CH"]]


def test_every_cmudict_phone_is_in_the_inventory(cmu: Lexicon) -> None:
    used = {p for word in cmu for pron in cmu[word] for p in pron}
    assert used == set(STRESSED_PHONES)


def test_inventory_sizes() -> None:
    assert len(PHONES) == 39 and len(set(PHONES)) == 39
    assert len(VOWELS) == 15 and len(CONSONANTS) == 24
    assert len(STRESSED_PHONES) == 24 + 15 * 3
    assert set(strip_stress(STRESSED_PHONES)) == set(PHONES)


def test_strip_stress() -> None:
    assert strip_stress(["S", "P", "IY1", "CH"]) == ["S", "P", "IY", "CH"]
    assert strip_stress(["AH0", "B", "AW2", "T"]) == ["AH", "B", "AW", "T"]
    assert strip_stress([]) == []


def test_loader_is_cached_and_fast() -> None:
    load_cmudict.cache_clear()
    start = time.perf_counter()
    first = load_cmudict()
    elapsed = time.perf_counter() - start
    print(f"cmudict load: {elapsed:.3f} s for {len(first)} words")  # visible with -s
    assert load_cmudict() is first


def test_custom_lexicon_overrides_and_adds(tmp_path: Path) -> None:
    custom = tmp_path / "custom.dict"
    custom.write_text(
        "# my words\n"
        "yuyin Y UW1 Y IH0 N  # the toolkit\n"
        "READ R IY1 D\n"
        "\n"
        "tomato T AH0 M AA1 T OW2\n"
        "tomato(2) T AH0 M EY1 T OW2\n",
        encoding="utf-8",
    )
    lex = load_lexicon(custom)
    assert lex.lookup("yuyin") == [["Y", "UW1", "Y", "IH0", "N"]]
    assert lex.lookup("read") == [["R", "IY1", "D"]]  # replaces both CMU variants
    assert lex.lookup("tomato") == [
        ["T", "AH0", "M", "AA1", "T", "OW2"],
        ["T", "AH0", "M", "EY1", "T", "OW2"],
    ]
    assert lex.lookup("speech") == [["S", "P", "IY1", "CH"]]  # the rest of CMU is still there
    assert load_cmudict().lookup("read") == [["R", "EH1", "D"], ["R", "IY1", "D"]]  # untouched


def test_later_custom_file_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "a.dict", tmp_path / "b.dict"
    first.write_text("word W ER1 D\n", encoding="utf-8")
    second.write_text("word W AO1 R D\n", encoding="utf-8")
    assert load_lexicon(first, second, base=False).lookup("word") == [["W", "AO1", "R", "D"]]
    assert len(load_lexicon(first, base=False)) == 1


def test_save_and_read_round_trip(tmp_path: Path) -> None:
    entries = {"Read": [["R", "EH1", "D"], ["R", "IY1", "D"]], "yuyin": [["Y", "UW1", "N"]]}
    path = tmp_path / "out.dict"
    Lexicon(entries).save(path)
    assert path.read_text(encoding="utf-8") == "read R EH1 D\nread(2) R IY1 D\nyuyin Y UW1 N\n"
    assert read_lexicon_file(path) == {"read": entries["Read"], "yuyin": entries["yuyin"]}
    assert Lexicon.from_file(path).lookup("READ") == entries["Read"]


def test_cmudict_round_trips_through_a_file(cmu: Lexicon, tmp_path: Path) -> None:
    path = tmp_path / "cmu.dict"
    cmu.save(path)
    again = Lexicon.from_file(path)
    assert len(again) == len(cmu)
    for word in ("read", "speech", "don't", "'bout", "a"):
        assert again.lookup(word) == cmu.lookup(word)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("word W XX1 D\n", "unknown phone 'XX1'"),
        ("word W er1 D\n", "unknown phone 'er1'"),
        ("word W ER D\n", "unknown phone 'ER'"),  # a vowel needs its stress digit
        ("lonely\n", "has no phones"),
    ],
)
def test_bad_lexicon_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.dict"
    path.write_text("fine F AY1 N\n" + line, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as info:
        read_lexicon_file(path)
    assert f"{path}:2" in str(info.value)


def test_non_utf8_lexicon_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.dict"
    path.write_bytes("fine F AY1 N\ncaf\u00e9 K AE0 F EY1\n".encode("latin-1"))
    with pytest.raises(LexiconError, match="not UTF-8") as info:
        read_lexicon_file(path)
    assert f"{path}:2" in str(info.value)


@pytest.mark.parametrize(
    "entries",
    [{"word": [["W", "XX", "D"]]}, {"two words": [["T", "UW1"]]}, {"empty": [[]]}, {"": [["A"]]}],
)
def test_bad_entries_are_refused(tmp_path: Path, entries: dict[str, list[list[str]]]) -> None:
    path = tmp_path / "never.dict"
    with pytest.raises(LexiconError):
        write_lexicon_file(path, entries)
    assert not path.exists()
    with pytest.raises(LexiconError):
        Lexicon(entries)
    with pytest.raises(LexiconError):
        load_cmudict().with_overrides(entries)


@pytest.mark.parametrize(
    ("entries", "says"),
    [
        ({"foo": ["F UW1"]}, "not the string 'F UW1' (write ['F', 'UW1'])"),
        ({"foo": "F UW1"}, "not the string 'F UW1' (write [['F', 'UW1']])"),
    ],
)
def test_a_string_for_a_list_of_phones_says_so(entries: dict, says: str) -> None:
    with pytest.raises(LexiconError, match=re.escape(says)):
        Lexicon(entries)  # it had said "unknown phone 'F UW1'" / "unknown phone 'F'"


def test_doctest() -> None:
    failures, tried = doctest.testmod(lexicon_module)
    assert tried >= 1 and failures == 0


def test_lexicon_file_with_bom_and_cmudict_comment_lines(tmp_path):
    path = tmp_path / "own.dict"
    path.write_bytes(b"\xef\xbb\xbf;;; cmudict-0.7b style comment\nchrestman K R EH1 S T M AH0 N\n")
    assert read_lexicon_file(path) == {"chrestman": [["K", "R", "EH1", "S", "T", "M", "AH0", "N"]]}
