"""Print the words that end like an adjective ("-al", "-ive", "-ic" ...) but are nouns far
more often than adjectives ("detective", "metal", "hospital"), for
``NOUNS_LIKE_ADJECTIVES`` in ``src/yuyin/text/_homograph_tables.py``.

A word counts when WordNet 3.0's sense-tagged concordance (SemCor, ``cntlist.rev``) tags it a
noun at least three times and more than twice as often as an adjective, and it is common
(``wordfreq`` Zipf frequency >= 3.3). Needs Debian's ``wordnet-base`` (``apt-get install
wordnet-base``) and ``pip install -e '.[wordlist]'``; run once when the table is revised, not
at run time:

    python bench/homographs/nouns_like_adjectives.py
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import wordfreq

WORDNET = Path("/usr/share/wordnet")
ENDINGS = ("al", "ful", "ous", "ive", "ic", "able", "ible", "less", "ary")  # the tables' own
SHORTEST = 5  # the tables take shorter words for no adjectives anyway
_POS = {"1": "noun", "2": "verb", "3": "adj", "4": "adv", "5": "adj"}  # 5: a satellite adj


def tag_counts(wordnet: Path) -> dict[str, Counter[str]]:
    """How often SemCor tags each lemma with each part of speech."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in (wordnet / "cntlist.rev").read_text(encoding="utf-8").splitlines():
        key, _sense, n = line.split()
        lemma, rest = key.split("%")
        counts[lemma][_POS[rest[0]]] += int(n)
    return counts


def main() -> None:
    if not (WORDNET / "cntlist.rev").exists():
        sys.exit(f"{WORDNET}/cntlist.rev not found: apt-get install wordnet-base")
    counts = tag_counts(WORDNET)
    picked = sorted(
        w
        for w, c in counts.items()
        if w.isalpha()
        and len(w) >= SHORTEST
        and w.endswith(ENDINGS)
        and c["noun"] >= 3
        and c["noun"] > 2 * c["adj"]
        and wordfreq.zipf_frequency(w, "en") >= 3.3
    )
    print(" ".join(picked))


if __name__ == "__main__":
    main()
