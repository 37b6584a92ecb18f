"""Hotword boosting: what each ``hotword_weight`` buys (the word said) and costs (words not said).

    python bench/asr_hotwords.py --test MANIFEST [--model DIR] [--lm prompts|none] [--beam 8]
                                 [--weights 0 0.25 0.5 1 2] [--out FILE]

For every utterance three hotwords are tried, one at a time: its *target*, the longest word of
its own transcript (5 letters or more); a *distractor*, a word of 5+ letters from another
utterance's transcript that this one does not contain (picked with a fixed seed); and a *near
distractor*, the unsaid word of the corpus spelled most like the target (the hard case: a name
one boosts that sounds like a word said). At each weight the JSON gives the target's recall
(the target appears in the transcript) and each distractor's false-alarm rate (it appears
although not said), with the WER in each case. Weight 0 is the search without hotwords. One forward
pass per utterance; every search reuses it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import jiwer
import torch
from _env import provenance, publish

from yuyin.data.manifest import read_manifest
from yuyin.decode.ctc import DecodingOptions, beam_search
from yuyin.decode.ngram import load_word_lm
from yuyin.eval.asr import forward_batches
from yuyin.text.normalize import normalize_for_scoring
from yuyin.transcribe import Recognizer

DEFAULT_OUT = Path(__file__).parent / "results" / "asr-hotwords.json"
MIN_LETTERS = 5  # shorter words are too common to be what one boosts


def pick_hotwords(refs: list[str], seed: int) -> list[tuple[str, str, str] | None]:
    """(target, distractor, near distractor) per reference, None where it has no word of
    MIN_LETTERS letters; the near one is the unsaid word spelled most like the target."""
    from rapidfuzz.distance import Levenshtein

    rng = random.Random(seed)
    pool = sorted({w for r in refs for w in r.split() if len(w) >= MIN_LETTERS})
    picks = []
    for ref in refs:
        words = [w for w in ref.split() if len(w) >= MIN_LETTERS]
        if not words:
            picks.append(None)
            continue
        target = max(words, key=lambda w: (len(w), w))
        others = [w for w in pool if w not in ref.split()]
        near = min(others, key=lambda w: (Levenshtein.distance(w, target), w))
        picks.append((target, rng.choice(others), near))
    return picks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", type=Path, required=True, help="labeled manifest")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: bundled)")
    parser.add_argument("--lm", default="prompts", help="word LM (prompts, an ARPA file, none)")
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.25, 0.5, 1.0, 2.0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    begun = time.time()
    recognizer = Recognizer.load(args.model)
    lm = None if args.lm == "none" else load_word_lm(args.lm)
    utts = [u for u in read_manifest(args.test) if u.text]
    refs = [normalize_for_scoring(u.text or "") for u in utts]
    picks = pick_hotwords(refs, args.seed)
    emissions: dict[int, tuple[torch.Tensor, int]] = {}
    for ids, log_probs, lengths, *_ in forward_batches(recognizer.model, utts):
        for row, i in enumerate(ids):
            emissions[i] = (log_probs[row], int(lengths[row]))
    scored = [i for i, p in enumerate(picks) if p is not None and i in emissions]
    results = []
    for weight in args.weights:
        started = time.perf_counter()
        record: dict = {"hotword_weight": weight}
        for role, which in (("target", 0), ("distractor", 1), ("near_distractor", 2)):
            hyps, hits = [], 0
            for i in scored:
                word = picks[i][which]
                options = DecodingOptions(
                    beam_size=args.beam,
                    hotwords=(word,) if weight > 0 else (),
                    hotword_weight=weight if weight > 0 else 1.0,
                )
                log_probs, length = emissions[i]
                text = beam_search(log_probs, length, recognizer.tokenizer, options, lm).text
                hyps.append(normalize_for_scoring(text))
                hits += word in hyps[-1].split()
            rate = "recall" if role == "target" else "false_alarm"
            record[f"{role}_{rate}"] = round(hits / len(scored), 4)
            record[f"wer_{role}_boosted"] = round(jiwer.wer([refs[i] for i in scored], hyps), 4)
        record["seconds"] = round(time.perf_counter() - started, 1)
        results.append(record)
        print(record, file=sys.stderr, flush=True)
    publish(
        {
            "bench": "asr-hotwords",
            "model": str(args.model or "bundled"),
            "lm": args.lm,
            "beam": args.beam,
            "test": str(args.test),
            "utterances": len(scored),
            "seed": args.seed,
            "default_weight": DecodingOptions().hotword_weight,
            "results": results,
            "command": " ".join(["python", "bench/asr_hotwords.py", *sys.argv[1:]]),
            **provenance(begun),
        },
        args.out,
    )


if __name__ == "__main__":
    main()
