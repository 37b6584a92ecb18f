"""``yuyin classify``: the class (spoken command or keyword) of each audio file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from yuyin.audio import DEFAULT_MAX_SECONDS, AudioError
from yuyin.cli._files import (
    add_stdin_name,
    json_line,
    note_unused_stdin_name,
    path_arg,
    run_per_file,
    shown,
)
from yuyin.hub import ModelLoadError


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "classify",
        help="label utterances with a fine-tuned classifier (spoken commands, keywords)",
        description="Print the most likely class and its probability for each file; bad files "
        "(silent ones included) get an error line and the rest go on (exit code 1 if any "
        "failed).",
    )
    parser.add_argument("paths", nargs="+", help="audio files or folders; - reads standard input")
    parser.add_argument(
        "--model", type=path_arg, required=True, help="`finetune --task classify` output"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument(
        "--min-probability",
        type=float,
        default=0.0,
        metavar="P",
        help="below this probability the file gets no class (label '-', JSON null, with its "
        "best guess): noise and words the model was not trained on score low (0..1)",
    )
    add_stdin_name(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import torch

    from yuyin.audio import holds_no_speech, load_audio, no_speech_reason
    from yuyin.chunking import condition_chunk
    from yuyin.hub import load_model

    if not 0.0 <= args.min_probability <= 1.0:
        print(f"error: --min-probability must be in [0, 1], got {args.min_probability}",
              file=sys.stderr)  # fmt: skip
        return 2

    try:
        model = load_model(args.model, kinds=("classifier",))
        classes = model.yuyin_meta["classes"]
    except ModelLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyError:
        print(f"error: {args.model}: a classifier without its class names", file=sys.stderr)
        return 1

    def handle(path: Path, name: str) -> None:
        samples = load_audio(path, max_seconds=DEFAULT_MAX_SECONDS)
        if holds_no_speech(samples):  # no command was spoken: not the likeliest class of noise
            raise AudioError(path, f"no speech found ({no_speech_reason(samples)})")
        # heard as transcribe hears speech: seconds of silence around a command, or a quiet
        # recording, had the classifier sure of a wrong class
        min_samples = getattr(model.encoder, "min_samples", 1)
        wave = torch.from_numpy(condition_chunk(samples, min_samples)[1])
        try:
            with torch.no_grad():
                probs = model(wave[None], torch.tensor([len(wave)])).softmax(dim=-1)[0]
        except ValueError as exc:  # e.g. shorter than the encoder's receptive field
            raise AudioError(path, str(exc)) from None
        best = int(probs.argmax())
        label, probability = classes[best], round(float(probs[best]), 4)
        sure = probability >= args.min_probability
        if args.json:
            record = {"path": name, "label": label if sure else None, "probability": probability}
            print(json_line(record if sure else {**record, "best": label}))
        else:
            print(f"{shown(name)}\t{label if sure else '-'}\t{probability:.3f}")

    note_unused_stdin_name(args)
    return run_per_file(args.paths, handle, args.stdin_name)
