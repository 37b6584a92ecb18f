"""WER/CER of a recognizer (default: the one bundled with yuyin) at each weight precision.

    python bench/asr_bundled.py --test NAME=MANIFEST [--test ...] [--model DIR]
                                [--dtypes float32,float16] [--beam 8] [--threads 1]
                                [--ship DIR --ship-dtype float16] [--out FILE]

For every storage precision in ``--dtypes`` the model's weights are rounded to it
(:func:`yuyin.hub.round_weights`: what a model saved that way computes after loading) and every
test manifest is decoded twice: greedy, and beam search with the built-in word LM
(``yuyin transcribe --beam 8 --lm prompts``: default LM weight and word bonus). So the precision a
model ships at is chosen by measurement: ``--ship DIR`` saves it at ``--ship-dtype`` after the
scores are printed. The JSON gives, per precision and test set, WER/CER greedy and with the LM,
the utterances and the real-time factor, plus the model file's size at each precision.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

import torch
from _env import named_paths, provenance, publish

from yuyin.data.manifest import read_manifest
from yuyin.decode.ctc import DecodingOptions
from yuyin.decode.ngram import prompts_lm
from yuyin.eval.asr import evaluate_decoders
from yuyin.hub import WEIGHT_DTYPES, resave_model, round_weights
from yuyin.transcribe import BUNDLED_MODEL, Recognizer

LM_ORDER = 3


def weights_bytes(model: torch.nn.Module, dtype: str) -> int:
    """Bytes of the floating-point weights stored at ``dtype`` (other tensors as they are)."""
    size = WEIGHT_DTYPES[dtype].itemsize
    return sum(
        t.numel() * (size if t.is_floating_point() else t.element_size())
        for t in model.state_dict().values()
    )


def score(recognizer: Recognizer, tests: dict[str, tuple[str, list]], lm, beam: int) -> dict:
    """Greedy (and, with ``lm``, beam + word-LM) scores of ``recognizer`` on each test set."""
    decoders: dict = {"greedy": None}
    if lm is not None:
        decoders["lm"] = recognizer.batch_decoder(DecodingOptions(beam_size=beam), lm)
    rows = {}
    for name, (manifest, utts) in tests.items():
        reports = evaluate_decoders(recognizer.model, recognizer.tokenizer, utts, decoders)
        rows[name] = {"manifest": manifest, **{k: r.to_dict() for k, r in reports.items()}}
        line = "  ".join(f"{k} WER {r.wer:.2%} CER {r.cer:.2%}" for k, r in reports.items())
        print(f"[asr_bundled] {name}: {line}", file=sys.stderr, flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: bundled)")
    parser.add_argument("--test", action="append", required=True, metavar="NAME=MANIFEST")
    parser.add_argument("--dtypes", default="float32,float16")
    parser.add_argument("--beam", type=int, default=8, help="beam with the word LM; 0: greedy only")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--ship", type=Path, help="save the model here at --ship-dtype")
    parser.add_argument("--ship-dtype", default="float16", choices=sorted(WEIGHT_DTYPES))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    dtypes = [d for d in args.dtypes.split(",") if d]
    if unknown := sorted(set(dtypes) - set(WEIGHT_DTYPES)):
        parser.error(f"unknown dtype(s) {unknown}; known: {sorted(WEIGHT_DTYPES)}")
    manifests = named_paths(args.test, "--test", parser)
    torch.set_num_threads(args.threads)
    tests = {name: (path, read_manifest(path)) for name, path in manifests.items()}  # read once
    lm = prompts_lm(LM_ORDER) if args.beam > 0 else None
    folder = args.model or BUNDLED_MODEL
    started = time.time()
    results = {}
    for dtype in dtypes:
        recognizer = Recognizer.load(folder)  # fresh float32 weights for every precision
        round_weights(recognizer.model, dtype)
        print(f"[asr_bundled] weights {dtype}", file=sys.stderr, flush=True)
        results[dtype] = {
            "weights_mb": round(weights_bytes(recognizer.model, dtype) / 1e6, 2),
            "tests": score(recognizer, tests, lm, args.beam),
        }
    report = {
        "bench": "asr_bundled",
        "command": shlex.join(["python", "bench/asr_bundled.py", *sys.argv[1:]]),
        "model": str(args.model) if args.model else "bundled",
        "decoding": {"greedy": True, "beam": args.beam, "lm": f"prompts {LM_ORDER}-gram"},
        "threads": args.threads,
        "results": results,
        **provenance(started),
    }
    if args.ship:
        resave_model(folder, args.ship, args.ship_dtype)
        report["shipped"] = {"dir": str(args.ship), "weights_dtype": args.ship_dtype}
    publish(report, args.out)


if __name__ == "__main__":
    main()
