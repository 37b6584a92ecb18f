"""``yuyin g2p``: pronounce words (lexicon, then the neural model), or train the neural model.

yuyin g2p speech zorblat 42          one line per argument: word, phones, where they came from
yuyin g2p -- train                   the word "train" (after --, everything is a word)
yuyin g2p train --out runs/g2p [--config configs/g2p/tiny.yaml] [--no-pretrain]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from yuyin.cli._settings import add_run_arguments, add_settings_arguments, read_settings

TRAIN = "train"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "g2p",
        help="pronounce words as ARPAbet phones, or train the neural G2P",
        description="Pronounce words (CMU dictionary first, the neural model for the rest): "
        "`yuyin g2p WORD...`. Train the neural model: `yuyin g2p train --out DIR`; "
        "`yuyin g2p train --help` for its options. `yuyin g2p -- train` pronounces 'train'.",
    )
    _add_word_options(parser)
    parser.add_argument("args", nargs=argparse.REMAINDER, metavar="WORD... | train ...")
    parser.set_defaults(func=run)


def _add_word_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", type=Path, help="G2P model folder (default: the shipped one)")
    parser.add_argument("--beam", type=int, default=4, help="beam size of the model (1: greedy)")
    parser.add_argument("--no-stress", action="store_true", help="strip stress digits")
    parser.add_argument("--json", action="store_true", help="one JSON object per argument")


def _word_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yuyin g2p", description="Pronounce words.")
    parser.add_argument("words", nargs="+", metavar="WORD")
    _add_word_options(parser)
    return parser


def _train_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yuyin g2p train",
        description="Pretrain the character encoder on spellings (masked characters), fine-tune "
        "the G2P model on the CMUdict train split, score the test split.",
    )
    add_run_arguments(parser, resume=False)
    add_settings_arguments(parser, "configs/g2p/tiny.yaml", "finetune.loop.max_steps=100")
    parser.add_argument("--no-pretrain", action="store_true", help="fine-tune from scratch")
    parser.add_argument("--encoder", type=Path, help="reuse a pretrained encoder folder")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch default)")
    return parser


def run(args: argparse.Namespace) -> int:
    rest = list(args.args)
    if rest and rest[0] == TRAIN:
        return _train(_train_parser().parse_args(rest[1:]))
    if rest[:1] == ["--"] and len(rest) == 1:
        _word_parser().error("no words given")
    # options given before the words are already in ``args``; those after them are parsed here
    outer = {"model": args.model, "beam": args.beam, "no_stress": args.no_stress}
    return _pronounce(_word_parser().parse_args(rest, argparse.Namespace(**outer, json=args.json)))


def _pronounce(args: argparse.Namespace) -> int:
    from yuyin.hub import ModelLoadError
    from yuyin.text.g2p import G2P, G2POptions

    if args.beam < 1:
        print("error: --beam must be >= 1", file=sys.stderr)
        return 2
    options = G2POptions(beam_size=args.beam, stress=not args.no_stress)
    g2p = G2P(model=args.model, options=options)
    try:
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
    except ModelLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _train(args: argparse.Namespace) -> int:
    import torch

    from yuyin.config import ConfigError
    from yuyin.hub import ModelLoadError
    from yuyin.train.checkpoint import CheckpointError
    from yuyin.train.g2p import G2PSettings, train_g2p

    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        settings = G2PSettings.from_dict(read_settings(args))
        results = train_g2p(
            settings, args.out, pretrain=not args.no_pretrain, encoder_dir=args.encoder
        )
    except (ConfigError, ModelLoadError, CheckpointError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    best = results.get("test_beam4") or results["test_beam1"]
    print(
        f"G2P trained ({'pretrained' if results['pretrained'] else 'from scratch'}): test WER "
        f"{100 * best['wer']:.1f}%, PER {100 * best['per']:.1f}% (with stress); "
        f"model in {args.out / 'model'}, scores in {args.out / 'results.json'}"
    )
    return 0
