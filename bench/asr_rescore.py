"""Second-pass rescoring: the word n-gram's n-best lists reranked by the neural character LM.

    python bench/asr_rescore.py --dev NAME=MANIFEST --test NAME=MANIFEST [--test ...]
                                [--model DIR] [--lm-weight 0.5 --word-bonus 2.0] [--nbest 8]

The first pass is beam search with the built-in word 3-gram (``yuyin transcribe --beam 8 --lm
prompts``) at the given weights (default: the ones bench/asr_fusion.py chose on synth-dev). Its
n-best list is rescored with ``score + weight * ln p_neural(text)`` (the shipped LM, each
character relative to its mean loss); ``weight`` is chosen by WER on ``--dev`` (never a test set)
and then applied to each test manifest. Weight 0 is the first pass itself. JSON: per set and
weight WER/CER, the choice, the oracle WER of the lists.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

import jiwer
import torch
from _env import named_paths, provenance, publish

from yuyin.data.manifest import read_manifest
from yuyin.decode.ctc import DecodingOptions, beam_search_nbest
from yuyin.decode.lm_mix import load_neural_lm, rescore
from yuyin.decode.ngram import load_word_lm
from yuyin.eval.asr import forward_batches, score_transcripts
from yuyin.text.normalize import normalize_for_scoring
from yuyin.transcribe import Recognizer

WEIGHTS = (0.0, 0.1, 0.25, 0.5, 1.0)


def nbest_lists(recognizer: Recognizer, utts: list, options, lm, n: int) -> list[list]:
    """The first pass's n-best list of every labeled utterance, in manifest order."""
    lists: list[list] = [[] for _ in utts]
    for ids, log_probs, lengths, *_ in forward_batches(recognizer.model, utts):
        for i, lp, length in zip(ids, log_probs, lengths, strict=True):
            lists[i] = beam_search_nbest(lp, int(length), recognizer.tokenizer, options, lm, n)
    return lists


def scores(utts: list, lists: list[list], neural, weight: float) -> dict:
    hyps = {i: rescore(nb, neural, weight).text for i, nb in enumerate(lists)}
    report = score_transcripts(utts, hyps)  # the scoring of `yuyin eval`
    return {"wer": round(report.wer, 4), "cer": round(report.cer, 4)}


def oracle(utts: list, lists: list[list]) -> float:
    """WER if the best hypothesis of each list were always picked (word errors summed)."""
    errors = words = 0
    for utt, nb in zip(utts, lists, strict=True):
        ref = normalize_for_scoring(utt.text or "")
        per = [jiwer.process_words(ref, normalize_for_scoring(r.text)) for r in nb]
        best = min(p.substitutions + p.deletions + p.insertions for p in per)
        errors += best
        words += len(ref.split())
    return round(errors / max(words, 1), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--dev", required=True, metavar="NAME=MANIFEST")
    parser.add_argument("--test", action="append", required=True, metavar="NAME=MANIFEST")
    parser.add_argument("--lm-weight", type=float, default=0.5)
    parser.add_argument("--word-bonus", type=float, default=2.0)
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument("--nbest", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    dev_set = named_paths([args.dev], "--dev", parser)
    sets = {**dev_set, **named_paths(args.test, "--test", parser)}
    torch.set_num_threads(args.threads)
    started = time.time()
    recognizer = Recognizer.load(args.model)
    ngram, neural = load_word_lm("prompts"), load_neural_lm("bundled")
    options = DecodingOptions(
        beam_size=args.beam, lm_weight=args.lm_weight, word_bonus=args.word_bonus
    )
    (dev_name,) = dev_set
    results = {}
    for name, path in sets.items():
        utts = [u for u in read_manifest(path) if u.text]
        lists = nbest_lists(recognizer, utts, options, ngram, args.nbest)
        results[name] = {
            "manifest": path,
            "utterances": len(utts),
            "oracle_wer": oracle(utts, lists),
            "by_weight": {str(w): scores(utts, lists, neural, w) for w in WEIGHTS},
        }
        print(f"[asr_rescore] {name}: {results[name]}", file=sys.stderr, flush=True)
    dev = results[dev_name]["by_weight"]
    chosen = min(WEIGHTS, key=lambda w: (dev[str(w)]["wer"], w))
    report = {
        "bench": "asr_rescore",
        "command": shlex.join(["python", "bench/asr_rescore.py", *sys.argv[1:]]),
        "model": str(args.model) if args.model else "bundled",
        "first_pass": {"lm": "prompts 3-gram", **options.__dict__},
        "neural_lm": "bundled",
        "neural_token_bonus": neural.token_bonus,
        "chosen_weight": chosen,
        "chosen": {n: r["by_weight"][str(chosen)] for n, r in results.items()},
        "first_pass_only": {n: r["by_weight"]["0.0"] for n, r in results.items()},
        "results": results,
        **provenance(started),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
