"""The out-of-dictionary words bench (bench/g2p_oov) scores what it says it scores: words CMUdict
lacks, each with one well-formed ARPAbet reading."""

from __future__ import annotations

from pathlib import Path

from yuyin.text.lexicon import STRESSED_PHONES, VOWELS, load_cmudict

TABLE = Path(__file__).resolve().parent.parent / "bench" / "g2p_oov" / "words.tsv"


def test_the_oov_bench_words_are_missing_from_cmudict_and_read_in_arpabet():
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# word\treading\tgroup"
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) >= 200
    cmudict = load_cmudict()
    groups = set()
    for word, reading, group in rows:
        assert word.replace("'", "").isalpha(), word
        assert not cmudict.lookup(word.lower()), word  # the bench is of words it lacks
        phones = reading.split()
        assert set(phones) <= set(STRESSED_PHONES), (word, reading)
        assert sum(p.endswith("1") for p in phones) == 1, (word, reading)
        assert all(p[:-1] in VOWELS for p in phones if p[-1].isdigit()), (word, reading)
        groups.add(group)
    assert groups == {"modern", "brand", "name", "science", "derived"}
    assert len({r[0].lower() for r in rows}) == len(rows)  # no word twice
