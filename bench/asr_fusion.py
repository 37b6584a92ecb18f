"""Shallow fusion with the word n-gram, the neural character LM, or both: WER of a recognizer.

    python bench/asr_fusion.py --dev NAME=MANIFEST --test NAME=MANIFEST [--test ...]
                               [--model DIR] [--ngram prompts] [--neural bundled]
                               [--beam 8] [--threads 1] [--out FILE]

Every setting is chosen by WER on the ``--dev`` manifest (never a test set), each LM on a grid
of the same size: the n-gram (``--lm``) over LM weight x word bonus; the neural LM alone
(``--neural-lm``) over the same grid; both combined over the neural LM's relative weight x word
bonus at the n-gram's chosen LM weight. The chosen settings then decode every test manifest,
greedy decoding beside them. The JSON gives per test set and decoder WER/CER, real-time factor
(the shared forward pass plus that decoder's search, on ``--threads``) and utterances, with the
dev grid and the choices.
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
from yuyin.decode.lm_mix import CombinedLM, load_neural_lm
from yuyin.decode.ngram import load_word_lm
from yuyin.eval.asr import evaluate_decoders
from yuyin.transcribe import Recognizer

LM_WEIGHTS = (0.25, 0.5, 1.0)
WORD_BONUSES = (0.0, 1.0, 2.0)
NEURAL_WEIGHTS = (0.25, 0.5, 1.0)  # relative to the n-gram, both combined


def tune(recognizer: Recognizer, utts: list, ngram, neural, beam: int) -> tuple[dict, dict]:
    """Dev WER of every grid point and the best setting of each LM: ({key: wer}, choices)."""
    grids: dict[str, dict[str, tuple[DecodingOptions, object]]] = {"ngram": {}, "neural": {}}
    for w in LM_WEIGHTS:
        for b in WORD_BONUSES:
            options = DecodingOptions(beam_size=beam, lm_weight=w, word_bonus=b)
            grids["ngram"][f"ngram w={w} b={b}"] = (options, ngram)
            grids["neural"][f"neural w={w} b={b}"] = (options, neural)
    dev = _run(recognizer, utts, {k: v for g in grids.values() for k, v in g.items()})
    choices = {name: _best(grid, dev) for name, grid in grids.items()}
    weight = choices["ngram"]["options"].lm_weight
    combined = {}
    for nw in NEURAL_WEIGHTS:
        for b in WORD_BONUSES:
            options = DecodingOptions(beam_size=beam, lm_weight=weight, word_bonus=b)
            combined[f"both w={weight} nw={nw} b={b}"] = (options, CombinedLM(ngram, neural, nw))
    dev.update(_run(recognizer, utts, combined))
    choices["both"] = _best(combined, dev)
    return {k: round(r.wer, 4) for k, r in dev.items()}, choices


def _run(recognizer: Recognizer, utts: list, grid: dict) -> dict:
    decoders = {k: recognizer.batch_decoder(o, lm) for k, (o, lm) in grid.items()}
    started = time.time()
    reports = evaluate_decoders(recognizer.model, recognizer.tokenizer, utts, decoders)
    print(
        f"[asr_fusion] {len(grid)} settings on dev in {time.time() - started:.0f} s",
        file=sys.stderr,
    )
    return reports


def _best(grid: dict, reports: dict) -> dict:
    key = min(grid, key=lambda k: (reports[k].wer, k))
    options, lm = grid[key]
    return {"key": key, "options": options, "lm": lm, "dev_wer": reports[key].wer}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: bundled)")
    parser.add_argument("--dev", action="append", required=True, metavar="NAME=MANIFEST")
    parser.add_argument("--test", action="append", required=True, metavar="NAME=MANIFEST")
    parser.add_argument("--ngram", default="prompts", help="ARPA file or 'prompts'")
    parser.add_argument("--neural", default="bundled", help="LM folder or 'bundled'")
    parser.add_argument(
        "--no-normalize", action="store_true", help="raw character log-probs (no token bonus)"
    )
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    devs = named_paths(args.dev, "--dev", parser)
    tests = named_paths(args.test, "--test", parser)
    torch.set_num_threads(args.threads)
    started = time.time()
    recognizer = Recognizer.load(args.model)
    ngram, neural = load_word_lm(args.ngram), load_neural_lm(args.neural, not args.no_normalize)
    dev_utts = [u for path in devs.values() for u in read_manifest(path)]
    grid, choices = tune(recognizer, dev_utts, ngram, neural, args.beam)
    decoders = {"greedy": None}
    decoders.update(
        {name: recognizer.batch_decoder(c["options"], c["lm"]) for name, c in choices.items()}
    )
    results = score_test_sets(recognizer, tests, decoders, "asr_fusion")
    report = {
        "bench": "asr_fusion",
        "command": shlex.join(["python", "bench/asr_fusion.py", *sys.argv[1:]]),
        "model": str(args.model) if args.model else "bundled",
        "lms": {"ngram": args.ngram, "neural": args.neural},
        "neural_token_bonus": neural.token_bonus,
        "beam": args.beam,
        "threads": args.threads,
        "dev": devs,
        "dev_wer": grid,
        "chosen": {
            name: {
                "key": c["key"],
                "dev_wer": round(c["dev_wer"], 4),
                "lm_weight": c["options"].lm_weight,
                "word_bonus": c["options"].word_bonus,
                **({"neural_weight": c["lm"].weight} if isinstance(c["lm"], CombinedLM) else {}),
            }
            for name, c in choices.items()
        },
        "results": results,
        **provenance(started),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
