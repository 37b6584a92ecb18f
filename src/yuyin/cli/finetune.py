"""``yuyin finetune``: CTC fine-tuning of a (pretrained) speech encoder on labeled speech."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from yuyin.cli._files import nonempty_path, path_arg
from yuyin.cli._settings import (
    add_run_arguments,
    add_settings_arguments,
    read_settings,
    training_errors,
)
from yuyin.train.run_settings import given_settings, run_record


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "finetune",
        help="fine-tune a speech recognizer (CTC) on labeled speech",
        description="Fine-tune a CTC recognizer from a pretrained encoder (--pretrained) or from "
        "scratch. Writes OUT/model for `yuyin transcribe --model`. Resumable (--resume).",
    )
    parser.add_argument(
        "--task",
        choices=["ctc", "classify"],
        default="ctc",
        help="ctc: speech recognition; classify: one label (the transcript) per utterance",
    )
    parser.add_argument(
        "--pretrained",
        type=nonempty_path,
        help="pretraining run, encoder folder or fine-tuned recognizer; 'bundled' for the "
        "HuBERT encoder shipped with yuyin (pretrained on unlabeled speech only), "
        "'bundled-asr' for the shipped recognizer (its CTC head too: adapt it to your data)",
    )
    parser.add_argument(
        "--train",
        required=True,
        type=path_arg,
        action="append",
        help="labeled manifest; repeat to train on several together",
    )
    parser.add_argument(
        "--dev",
        type=path_arg,
        action="append",
        help="held-out labeled manifest for WER (accuracy with --task classify) during training; "
        "without it, training utterances are scored, with a warning. Repeat it to also watch "
        "other sets (e.g. general speech while adapting to a domain): their WER/CER go to "
        "eval.csv as wer@NAME, cer@NAME",
    )
    add_settings_arguments(parser, "configs/finetune/tiny.yaml", "loop.max_steps=500")
    add_run_arguments(parser)
    parser.set_defaults(func=run)


def _resumed_sources(args: argparse.Namespace) -> str | None:
    """A ``--resume`` without ``--dev`` or ``--pretrained`` takes the run's own (its
    ``settings.json``): its dev scores stay on one set and its model keeps its provenance.
    Returns an error when the run's dev sets cannot be found (its scores would silently move
    to the training utterances)."""
    record = run_record(args.out)
    if record is None:
        return None
    for key, flag, attr in (
        ("dev_manifest", "--dev", "dev"),
        ("pretrained", "--pretrained", "pretrained"),
    ):
        value = record.get(key)
        if getattr(args, attr) is not None:
            continue
        if attr == "dev":  # one manifest or a list of them (--dev repeated)
            values = value if isinstance(value, list) else [value]
            if not values or not all(isinstance(v, str) for v in values):
                continue
            if values == ["training utterances"]:  # the run had no --dev
                continue
            if missing := [v for v in values if not Path(v).exists()]:
                where = "" if Path(missing[0]).is_absolute() else (
                    " from this folder (an older run recorded paths as typed: resume from the "
                    "folder it started in)"
                )  # fmt: skip
                return (
                    f"the run's --dev {missing[0]} is not found{where}; give --dev (the same "
                    "sets keep its scores comparable)"
                )
            args.dev = [Path(v) for v in values]
            print(f"resuming with the run's {flag} {' '.join(values)}", file=sys.stderr)
            continue
        named = value in ("bundled", "bundled-asr")  # --pretrained's names for shipped models
        if isinstance(value, str) and (named or Path(value).exists()):
            args.pretrained = value
            print(f"resuming with the run's {flag} {value}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from yuyin.train.finetune import FinetuneSettings, finetune

    if args.resume and (problem := _resumed_sources(args)):
        print(f"error: {problem}", file=sys.stderr)
        return 1
    try:
        values = read_settings(args)
        settings = FinetuneSettings.from_dict(values)
        if args.task == "classify":
            from yuyin.train.classify import finetune_classifier as finetune

            if args.dev and len(args.dev) > 1:
                print("error: --task classify takes one --dev manifest", file=sys.stderr)
                return 2
        if args.dev is None:  # the run's record says so too (dev_manifest)
            score = "accuracy" if args.task == "classify" else "WER"
            print(
                f"warning: no --dev: the {score} during training is measured on training "
                "utterances, which shows fitting, not how it does on speech it never heard",
                file=sys.stderr,
            )
        dev = args.dev if args.task == "ctc" or not args.dev else args.dev[0]
        with given_settings(values):
            result = finetune(
                args.train,
                dev,
                settings,
                args.out,
                pretrained=args.pretrained,
                resume=args.resume,
            )
    except training_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    scores = ", ".join(f"{k} {v:.3f}" for k, v in result.metrics.items())
    print(f"fine-tuned for {result.step} steps ({scores}); model saved to {args.out / 'model'}")
    best = _best_model(args.out)
    if best is not None and best[0] != result.step:
        print(f"the best dev WER, {best[1]:.3f}, was at step {best[0]}: {args.out / 'model-best'}")
    return 0


def _best_model(out: Path) -> tuple[int, float] | None:
    """(step, WER) of the run's ``model-best/``, None when it has none."""
    from yuyin.hub import ModelLoadError, read_model_config

    try:
        meta = read_model_config(out / "model-best").get("meta", {})
        return int(meta.get("steps", meta.get("step"))), float(meta["wer"])  # "step" before 12-06
    except (ModelLoadError, KeyError, TypeError, ValueError):
        return None
