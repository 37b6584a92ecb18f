"""Print two word lists of ``src/yuyin/text/_homograph_tables.py`` drawn from WordNet 3.0's
sense-tagged concordance (SemCor, ``cntlist.rev``: how often each lemma was tagged a noun, a
verb, an adjective):

* ``NOUNS_LIKE_ADJECTIVES``: words that end like an adjective ("-al", "-ive", "-ic" ...) but
  are tagged a noun at least three times and more than twice as often as an adjective
  ("detective", "metal", "hospital"): no adjective before a noun;
* ``VERBS``: common words tagged a verb at least ten times and four times as often as a noun
  or an adjective ("show", "hit", "affect"), not a homograph the tables read nor a function
  word they list: after a noun phrase, the verb that makes a word in -s before it a noun ("The
  court records show").

Common: ``wordfreq`` Zipf frequency >= 3.3 (nouns) / 4.0 (verbs). Needs Debian's
``wordnet-base`` (``apt-get install wordnet-base``) and ``pip install -e '.[wordlist]'``; run
once when the tables are revised, not at run time:

    python bench/homographs/wordnet_lists.py
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import wordfreq

from yuyin.text import _homograph_tables as T
from yuyin.text.homographs import HOMOGRAPHS

WORDNET = Path("/usr/share/wordnet")
VERB_ZIPF = 4.0  # 3.5 (572 verbs) read no table differently
_POS = {"1": "noun", "2": "verb", "3": "adj", "4": "adv", "5": "adj"}  # 5: a satellite adj
_CLOSED = frozenset().union(
    T.DETERMINERS, T.PREPOSITIONS, T.VERB_BEFORE, T.SUBJECTS, T.BE, T.HAVE, T.OBJECTS,
    T.NOUN_AFTER, T.OBJECT_PRONOUNS, T.SKIPPED, T.CONJUNCTIONS, T.CLAUSE, T.ASKING,
)  # fmt: skip


def tag_counts(wordnet: Path) -> dict[str, Counter[str]]:
    """How often SemCor tags each lemma with each part of speech."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in (wordnet / "cntlist.rev").read_text(encoding="utf-8").splitlines():
        key, _sense, n = line.split()
        lemma, rest = key.split("%")
        counts[lemma][_POS[rest[0]]] += int(n)
    return counts


def nouns_like_adjectives(counts: dict[str, Counter[str]]) -> list[str]:
    """Nouns with an adjective's ending (module doc)."""
    return sorted(
        w
        for w, c in counts.items()
        if w.isalpha()
        and len(w) >= 5  # the tables take shorter words for no adjectives anyway
        and w.endswith(T.ADJECTIVE_ENDINGS)
        and c["noun"] >= 3
        and c["noun"] > 2 * c["adj"]
        and wordfreq.zipf_frequency(w, "en") >= 3.3
    )


def verbs(counts: dict[str, Counter[str]]) -> list[str]:
    """Words that are verbs far more often than nouns or adjectives (module doc)."""
    return sorted(
        w
        for w, c in counts.items()
        if w.isalpha()
        and len(w) >= 3
        and c["verb"] >= 10
        and c["verb"] >= 4 * (c["noun"] + c["adj"])
        and w not in HOMOGRAPHS
        and w not in _CLOSED
        and wordfreq.zipf_frequency(w, "en") >= VERB_ZIPF
    )


def main() -> None:
    if not (WORDNET / "cntlist.rev").exists():
        sys.exit(f"{WORDNET}/cntlist.rev not found: apt-get install wordnet-base")
    counts = tag_counts(WORDNET)
    print("NOUNS_LIKE_ADJECTIVES:", " ".join(nouns_like_adjectives(counts)))
    print("VERBS:", " ".join(verbs(counts)))


if __name__ == "__main__":
    main()
