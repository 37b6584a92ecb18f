"""The neural G2P combined with the joint-sequence (Phonetisaurus) model, on the CMUdict test split.

Prints one JSON object (and writes it to ``--out``): on every word of the test split (split seed
0), the neural model alone (first of its beam), the joint-sequence model alone (its best), the
letter tagger alone when the folder has one (``train-fst --tagger``: the candidate it scores
best), the right-to-left model alone when the weights use one (``train-fst --reverse``: the
candidate it scores best), and all combined (:mod:`yuyin.models.g2p_rescore`, weights from
the folder's ``rescore.json``, tuned on the dev split by ``yuyin g2p train-fst``: never on the
test words), and reranked when the folder has a reranker (``train-fst --rerank``,
:mod:`yuyin.models.g2p_rerank`, fitted on the dev words' lists of the same sizes), WER/PER with
and without stress; plus the oracle (a listed pronunciation among
the candidates), the joint-sequence training seconds, the tuning record and the decoding seconds.
Every number is measured here.

    yuyin g2p train-fst --out FST_DIR [--model MODEL_DIR]       # ~3 min on one core
    python bench/g2p_combine.py --fst FST_DIR [--model MODEL_DIR] [--threads N] [--out FILE]

``--model`` must be the neural model the weights were tuned with (the record names it).

Without ``--fst``, ``--model`` (default: the shipped G2P) must be a folder with its own reranker
(``yuyin g2p train-rerank``): the neural models alone, each model's first choice, reranked, and
the oracle of both beams' lists.

    python bench/g2p_combine.py [--model MODEL_DIR] [--threads N] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import torch
from _env import git_commit, publish
from g2p import percent

from yuyin.models.g2p_rerank import FolderReranker, load_folder_reranker, own_candidates
from yuyin.models.g2p_rescore import (
    WEIGHTS_FILE,
    candidates,
    choose,
    first_of,
    folder_reverse,
    load_tuning,
)
from yuyin.models.g2p_tagger import load_tagger
from yuyin.text.g2p import DEFAULT_MODEL_DIR, cmudict_split, load_g2p_model
from yuyin.text.joint_sequence import JointSequenceG2P
from yuyin.train.g2p import score_pronunciations

DEFAULT_OUT = Path(__file__).parent / "results" / "g2p-combined.json"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fst", type=Path, help="yuyin g2p train-fst folder (default: none)")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR, help="neural G2P")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--limit", type=int, help="score only the first N test words (smoke runs)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    command = " ".join(["python", "bench/g2p_combine.py", *(argv or sys.argv[1:])])
    if args.fst is None:
        reranker = load_folder_reranker(args.model)
        if reranker is None:
            parser.error(f"{args.model} has no reranker (yuyin g2p train-rerank); or give --fst")
        publish(neural_only(args, reranker, command), args.out)
        return
    found = load_tuning(args.fst)
    if found is None:
        parser.error(f"{args.fst} has no {WEIGHTS_FILE}: train it with yuyin g2p train-fst")
    weights, tuning = found
    if Path(tuning["model"]).resolve() != args.model.resolve():
        print(
            f"[g2p combine] warning: weights were tuned with {tuning['model']}, not {args.model}",
            file=sys.stderr,
        )
    reranker = load_folder_reranker(args.fst)  # with the analogies of its alignment
    if reranker is not None and (reranker.record["beam"], reranker.record["nbest"]) != (
        tuning["beam"],
        tuning["nbest"],
    ):
        parser.error(f"{args.fst}: the reranker was fitted on other list sizes than the weights")
    test = cmudict_split().test[: args.limit]
    model, fst = load_g2p_model(args.model), JointSequenceG2P(args.fst)
    tagger = load_tagger(tuning["tagger"]) if tuning.get("tagger") else None
    reverse = load_g2p_model(folder_reverse(args.fst)) if tuning.get("reverse") else None
    started = time.monotonic()
    words = [e.word for e in test]
    cands = candidates(
        model,
        fst,
        words,
        tuning["beam"],
        tuning["nbest"],
        tagger=tagger,
        tagger_size=tuning.get("tagger_nbest", 4),
        reverse=reverse,
    )
    seconds = round(time.monotonic() - started, 1)
    picks = {
        "neural": [first_of(c, "beam") for c in cands],
        "joint_sequence": [first_of(c, "fst") for c in cands],
        **({"tagger": [first_of(c, "tagger") for c in cands]} if tagger else {}),
        **({"reverse": [first_of(c, "reverse") for c in cands]} if reverse else {}),
        "combined": [choose(c, weights) for c in cands],
        **(
            {"reranked": [reranker.choose(w, c) for w, c in zip(words, cands, strict=True)]}
            if reranker
            else {}
        ),
        "oracle": _oracle(cands, test),
    }
    results = {k: percent(asdict(score_pronunciations(v, test))) for k, v in picks.items()}
    report = {
        "bench": "g2p-combine",
        "commit": git_commit(),
        "threads": torch.get_num_threads(),
        "split": {"seed": 0, "test_words": len(test)},
        "model": str(args.model),
        "model_meta": _meta(model),
        "joint_sequence": fst.meta,
        "tagger": getattr(tagger, "yuyin_meta", None),
        "reverse": _meta(reverse) or None,
        "tuning": tuning,
        "reranker": reranker.record if reranker is not None else None,
        "results": results,
        "candidates_per_word": round(sum(map(len, cands)) / max(len(cands), 1), 2),
        "decode_seconds": seconds,
        "units": "error rates in percent; seconds of wall time",
        "command": command,
    }
    publish(report, args.out)


def _meta(model: object) -> dict:
    """A model's ``yuyin_meta`` without its alphabets ({} for None)."""
    meta = getattr(model, "yuyin_meta", {})
    return {k: v for k, v in meta.items() if k not in ("chars", "phones")}


def _oracle(cands: list, test: Sequence) -> list:
    """A right candidate of each word where its list holds one (else the neural first)."""
    return [
        next((x.phones for x in c if x.phones in e.pronunciations), first_of(c, "beam"))
        for c, e in zip(cands, test, strict=True)
    ]


def neural_only(args: argparse.Namespace, reranker: FolderReranker, command: str) -> dict:
    """The report of a model folder that reranks both neural beams (no joint-sequence model)."""
    test = cmudict_split().test[: args.limit]
    model, reverse = load_g2p_model(args.model), load_g2p_model(folder_reverse(args.model))
    started = time.monotonic()
    words = [e.word for e in test]
    cands = own_candidates(reranker, model, reverse, words)
    picks = {
        "neural": [first_of(c, "beam") for c in cands],
        "reverse": [first_of(c, "reverse") for c in cands],
        "reranked": [reranker.choose(w, c) for w, c in zip(words, cands, strict=True)],
        "oracle": _oracle(cands, test),
    }
    return {
        "bench": "g2p-combine",
        "commit": git_commit(),
        "threads": torch.get_num_threads(),
        "split": {"seed": 0, "test_words": len(test)},
        "model": str(args.model),
        "model_meta": _meta(model),
        "joint_sequence": None,
        "reverse": _meta(reverse),
        "reranker": reranker.record,
        "results": {k: percent(asdict(score_pronunciations(v, test))) for k, v in picks.items()},
        "candidates_per_word": round(sum(map(len, cands)) / max(len(cands), 1), 2),
        "decode_seconds": round(time.monotonic() - started, 1),
        "units": "error rates in percent; seconds of wall time",
        "command": command,
    }


if __name__ == "__main__":
    main()
