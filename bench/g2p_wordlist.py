"""The unlabeled English word list the G2P distillation reads (``yuyin g2p label``).

Writes one word a line, most frequent first: wordfreq's large English list (``pip install
'yuyin[wordlist]'``; the list ships inside the wheel, nothing is downloaded) kept to words the
neural G2P can spell (lowercase letters and at most one apostrophe, inside the word), of four
letters or more, with a vowel letter (a e i o u y), without a letter three times in a row, and
not in CMUdict (in any of its splits: the test words stay unseen). wordfreq 3.1.1 gives 195,196
words; ``bench/results/g2p-distill-*.json`` labeled the first 60,000.

    python bench/g2p_wordlist.py --out work/words.txt [--limit N]

Prints one JSON object: the wordfreq version, the words read, the words kept and the reasons the
others were left out.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from importlib import metadata
from pathlib import Path

from yuyin.text.g2p import model_word
from yuyin.text.lexicon import load_cmudict

TRIPLE = re.compile(r"(.)\1\1")
VOWEL = re.compile(r"[aeiouy]")


def reason_left_out(word: str, known: set[str]) -> str | None:
    """Why ``word`` stays out of the list (None: it is kept)."""
    if not model_word(word) or word.count("'") > 1 or word[0] == "'" or word[-1] == "'":
        return "unreadable"
    if word in known:
        return "in_cmudict"
    if len(word) < 4:
        return "short"
    if not VOWEL.search(word):
        return "no_vowel"
    if TRIPLE.search(word):
        return "triple_letter"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="word list to write")
    parser.add_argument("--limit", type=int, help="keep the N most frequent words only")
    args = parser.parse_args()
    try:
        import wordfreq
    except ImportError:
        parser.error("wordfreq is not installed: pip install 'yuyin[wordlist]'")
    known = {word.lower() for word in load_cmudict()}
    kept: list[str] = []
    reasons: Counter[str] = Counter()
    read = 0
    for word in wordfreq.iter_wordlist("en", "large"):
        read += 1
        reason = reason_left_out(word, known)
        if reason is None:
            kept.append(word)
        else:
            reasons[reason] += 1
    if args.limit is not None:
        kept = kept[: args.limit]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(f"{w}\n" for w in kept), encoding="utf-8")
    summary = {
        "wordfreq": metadata.version("wordfreq"),
        "read": read,
        "kept": len(kept),
        "left_out": dict(sorted(reasons.items())),
        "out": str(args.out),
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
