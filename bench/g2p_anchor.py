"""G2P anchor on yuyin's own CMUdict split: Phonetisaurus trained and scored as published.

Issue #5's anchors (Phonetisaurus ~24% WER, Transformer 22.1% / 5.2% PER) were measured on the
classic CMUdict split, with stress removed from training and test pronunciations (39 phones).
yuyin's split (:mod:`yuyin.text.g2p_split`: 10 % of today's CMUdict by word hash) is another
draw of words, so those numbers do not carry over as they are. This bench runs the same tool the
anchor names, Phonetisaurus (``pip install 'yuyin[fst]'``), the way its authors did: graphone
8-gram on the train split's stress-free pronunciations (every listed one), 1-best on the test
split, scored stress-free against every listed pronunciation. Its WER here minus its published
WER is how much harder (positive) or easier this split is than the classic one for that model.

    python bench/g2p_anchor.py [--order 8] [--work DIR] [--out FILE]

Prints one JSON object (and writes it to ``--out``). Every number is measured in the run; the
published anchors are quoted as such.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _env import git_commit, machine_info, publish

from yuyin.text.g2p import G2PEntry, cmudict_split
from yuyin.text.joint_sequence import JointSequenceConfig, JointSequenceG2P, train_joint_sequence
from yuyin.text.lexicon import strip_stress
from yuyin.train.g2p import score_pronunciations

# quoted, not measured: the anchors as issue #5 states them (classic CMUdict split, no stress)
PUBLISHED = {
    "phonetisaurus_wer": 24.0,  # "Phonetisaurus ~24% WER"
    "transformer_wer": 22.1,  # "Transformer G2P 22.1% WER / 5.2% PER (Yolchuyeva et al. 2019)"
    "transformer_per": 5.2,
}
DECODE_CHUNK = 2000  # words per phonetisaurus-g2pfst call


def stress_free(entries: tuple[G2PEntry, ...]) -> list[G2PEntry]:
    """The entries with stress digits removed; variants that then coincide are listed once."""
    out = []
    for entry in entries:
        prons = tuple(dict.fromkeys(tuple(strip_stress(p)) for p in entry.pronunciations))
        out.append(G2PEntry(entry.word, prons))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--order", type=int, default=8, help="graphone n-gram order")
    parser.add_argument("--work", type=Path, help="model folder to keep (default: temporary)")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)

    split = cmudict_split()
    train, test = stress_free(split.train), stress_free(split.test)
    with tempfile.TemporaryDirectory(prefix="g2p-anchor-") as tmp:
        folder = args.work or Path(tmp) / "fst"
        start = time.perf_counter()
        train_joint_sequence(train, folder, JointSequenceConfig(order=args.order))
        train_seconds = time.perf_counter() - start
        model = JointSequenceG2P(folder)
        start = time.perf_counter()
        words = [e.word for e in test]
        hyps: list[tuple[str, ...]] = []
        for i in range(0, len(words), DECODE_CHUNK):
            for best in model.nbest(words[i : i + DECODE_CHUNK], 1):
                hyps.append(best[0][0] if best else ())
        decode_seconds = time.perf_counter() - start
    scores = score_pronunciations(hyps, test)
    measured = {"wer": round(100 * scores.wer, 2), "per": round(100 * scores.per, 2)}
    report = {
        "bench": "g2p-anchor",
        "what": "Phonetisaurus graphone n-gram trained on the train split without stress, "
        "1-best on the test split, scored without stress (as the published anchors)",
        "command": "python bench/g2p_anchor.py " + " ".join(argv or sys.argv[1:]),
        "split": {"seed": 0, "train_words": len(train), "test_words": len(test)},
        "order": args.order,
        "unread_test_words": sum(1 for h in hyps if not h),
        "phonetisaurus_this_split": measured,
        "published_classic_split": PUBLISHED,
        "split_harder_by_wer_points": round(measured["wer"] - PUBLISHED["phonetisaurus_wer"], 2),
        "train_seconds": round(train_seconds, 1),
        "decode_seconds": round(decode_seconds, 1),
        "commit": git_commit(),
        "machine": machine_info(),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
