"""``yuyin pretrain``: self-supervised pretraining of a speech encoder on unlabeled audio."""

from __future__ import annotations

import argparse
import sys

from yuyin.cli._files import add_audio_manifests, nonempty_path
from yuyin.cli._settings import (
    add_run_arguments,
    add_settings_arguments,
    read_settings,
    training_errors,
)
from yuyin.config import apply_overrides
from yuyin.train.run_settings import given_settings


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "pretrain",
        help="pretrain a speech encoder on unlabeled audio",
        description="Pretrain a speech encoder on unlabeled audio (transcripts are ignored). "
        "Resumable (--resume); runs under torchrun for DDP.",
    )
    parser.add_argument(
        "--objective",
        choices=["reconstruct", "wav2vec2", "hubert"],
        help="the self-supervised objective (default: the --config file's 'objective', else "
        "wav2vec2; a resumed run keeps its own)",
    )
    add_audio_manifests(parser, "manifest of audio (repeatable)")
    add_settings_arguments(parser, "configs/pretrain/tiny.yaml", "loop.max_steps=100")
    parser.add_argument(
        "--probe",
        type=nonempty_path,
        metavar="MANIFEST",
        help="small labeled set for the linear probe",
    )
    add_run_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from yuyin.train.pretrain import PretrainSettings, pretrain

    try:
        values = read_settings(args)
        if args.probe:
            values = apply_overrides(values, [f"monitor.probe_manifest={args.probe}"])
        if args.objective:  # recorded with the rest: a bare --resume keeps it
            values = {**values, "objective": args.objective}
        settings = PretrainSettings.from_dict(values, args.objective)
        with given_settings(values):
            result = pretrain(args.data, settings, args.out, resume=args.resume)
    except training_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    from yuyin.train.distributed import is_main_process

    if not is_main_process():  # torchrun: rank 0 says it once
        return 0
    print(
        f"pretrained {settings.objective} for {result.step} steps, final loss {result.loss:.4f}; "
        f"encoder saved to {args.out / 'encoder'}"
    )
    return 0
