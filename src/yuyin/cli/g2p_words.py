"""``yuyin g2p WORD...``: the words' phones and where they came from (lexicon, model), a line
or a JSON object per argument; the options :mod:`yuyin.cli.g2p` also takes before the words."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from yuyin.cli._settings import add_threads_argument

__all__ = ["add_word_options", "pronounce", "word_parser"]


def add_word_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", type=Path, help="G2P model folder (default: the shipped one)")
    parser.add_argument("--beam", type=int, default=4, help="beam size of the model (1: greedy)")
    parser.add_argument("--no-stress", action="store_true", help="strip stress digits")
    parser.add_argument(
        "--no-rerank",
        action="store_true",
        help="the model's beam alone, not its folder's reranker (faster, less accurate)",
    )
    parser.add_argument(
        "--no-homographs",
        action="store_true",
        help="the lexicon's first reading of words such as 'read' or 'record' everywhere, not "
        "the one their sentence calls for (an argument of several words is a sentence)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per argument")
    parser.add_argument(
        "--fst", type=Path, help="joint-sequence model folder (yuyin g2p train-fst) to combine"
    )
    parser.add_argument(
        "--lexicon",
        type=Path,
        action="append",
        metavar="FILE",
        help="your pronunciations (cmudict format), looked up before CMUdict: a word there "
        "replaces CMUdict's readings (repeat: a later file wins)",
    )


def word_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yuyin g2p", description="Pronounce words.")
    parser.add_argument("words", nargs="+", metavar="WORD")
    add_word_options(parser)
    add_threads_argument(parser)  # "yuyin g2p zorblat --threads 1": after the words too
    return parser


def pronounce(args: argparse.Namespace) -> int:
    from yuyin.hub import ModelLoadError, read_model_config
    from yuyin.text.g2p import G2P, G2POptions, g2p_model_dir
    from yuyin.text.joint_sequence import JointSequenceError

    if args.beam < 1:
        print("error: --beam must be >= 1", file=sys.stderr)
        return 2
    from yuyin.text.lexicon import load_lexicon

    options = G2POptions(
        beam_size=args.beam,
        stress=not args.no_stress,
        rerank=not args.no_rerank,
        homographs=not args.no_homographs,
    )
    try:
        lexicon = load_lexicon(*args.lexicon) if args.lexicon else None
        g2p = G2P(lexicon=lexicon, model=args.model, options=options, fst=args.fst)
        if args.model is not None:  # checked now, not only when a word needs it
            read_model_config(g2p_model_dir(args.model), kinds=("g2p",))
        for word in args.words:
            prons = g2p(word)
            phones = " | ".join(" ".join(p.phones) for p in prons if p.phones)
            sources = ",".join(sorted({p.source for p in prons})) or "none"
            if args.json:
                items = [
                    {"word": p.word, "phones": list(p.phones), "source": p.source} for p in prons
                ]
                print(json.dumps({"input": word, "words": items}))
            else:
                print(f"{word}\t{phones}\t{sources}")
            if any(p.source == "model" and not p.phones for p in prons):
                print(f"warning: {word!r}: the model gave no phones (a model trained too "
                      "briefly?)", file=sys.stderr)  # fmt: skip
            elif not word.strip():
                print(f"warning: {word!r}: an empty word", file=sys.stderr)
            elif not phones:
                print(f"warning: {word!r}: no pronunciation (no letter the models read: a-z, "
                      "accents dropped)", file=sys.stderr)  # fmt: skip
    except (ModelLoadError, JointSequenceError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
