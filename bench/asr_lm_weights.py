"""The word n-gram's LM weight and word bonus for a recognizer: a dev grid and the test WER.

    python bench/asr_lm_weights.py --dev NAME=MANIFEST --test NAME=MANIFEST [--test ...]
                                   [--model DIR] [--lm prompts] [--beam 8] [--threads 1]
                                   [--out FILE]

Decodes the ``--dev`` manifests with beam search and the word LM (``yuyin transcribe --lm``) at
every point of LM weight x word bonus (one forward pass, every setting's search on it) and picks
the lowest dev WER. The test manifests are then decoded greedy, at the current
``DecodingOptions`` defaults and at the dev choice, so a change of the defaults is measured on
data the choice never saw. The JSON gives the whole dev grid, the choice, and per test set and
decoder WER/CER, real-time factor and utterances.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

import torch
from _asr import score_test_sets
from _env import named_paths, provenance, publish

from yuyin.data.manifest import read_manifest
from yuyin.decode.ctc import DecodingOptions
from yuyin.decode.ngram import load_word_lm
from yuyin.eval.asr import evaluate_decoders
from yuyin.transcribe import Recognizer

LM_WEIGHTS = (0.25, 0.375, 0.5, 0.625, 0.75)
WORD_BONUSES = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: bundled)")
    parser.add_argument("--dev", action="append", required=True, metavar="NAME=MANIFEST")
    parser.add_argument("--test", action="append", required=True, metavar="NAME=MANIFEST")
    parser.add_argument("--lm", default="prompts", help="ARPA file or 'prompts' (the built-in)")
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    devs = named_paths(args.dev, "--dev", parser)
    tests = named_paths(args.test, "--test", parser)
    torch.set_num_threads(args.threads)
    started = time.time()
    recognizer = Recognizer.load(args.model)
    lm = load_word_lm(args.lm)
    grid = {
        f"w={w} b={b}": DecodingOptions(beam_size=args.beam, lm_weight=w, word_bonus=b)
        for w in LM_WEIGHTS
        for b in WORD_BONUSES
    }
    dev_utts = [u for path in devs.values() for u in read_manifest(path)]
    dev = evaluate_decoders(
        recognizer.model,
        recognizer.tokenizer,
        dev_utts,
        {k: recognizer.batch_decoder(o, lm) for k, o in grid.items()},
    )
    print(f"[asr_lm_weights] {len(grid)} settings on dev", file=sys.stderr, flush=True)
    key = min(grid, key=lambda k: (dev[k].wer, k))
    chosen = grid[key]
    default = DecodingOptions(beam_size=args.beam)
    decoders = {
        "greedy": None,
        "defaults": recognizer.batch_decoder(default, lm),
        "chosen": recognizer.batch_decoder(chosen, lm),
    }
    results = score_test_sets(recognizer, tests, decoders, "asr_lm_weights")
    report = {
        "bench": "asr_lm_weights",
        "command": shlex.join(["python", "bench/asr_lm_weights.py", *sys.argv[1:]]),
        "model": str(args.model) if args.model else "bundled",
        "lm": args.lm,
        "beam": args.beam,
        "threads": args.threads,
        "dev": devs,
        "dev_wer": {k: round(r.wer, 4) for k, r in dev.items()},
        "defaults": {"lm_weight": default.lm_weight, "word_bonus": default.word_bonus},
        "chosen": {
            "key": key,
            "dev_wer": round(dev[key].wer, 4),
            "lm_weight": chosen.lm_weight,
            "word_bonus": chosen.word_bonus,
        },
        "results": results,
        **provenance(started),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
