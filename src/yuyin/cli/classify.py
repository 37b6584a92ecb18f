"""``yuyin classify``: the class (spoken command or keyword) of each audio file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from yuyin.audio import DEFAULT_MAX_SECONDS, AudioError
from yuyin.cli._files import json_line, path_arg, run_per_file, shown
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
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import torch

    from yuyin.audio import holds_no_speech, load_audio
    from yuyin.hub import load_model

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
            raise AudioError(path, "no speech found (the audio is silent)")
        wave = torch.from_numpy(samples)
        try:
            with torch.no_grad():
                probs = model(wave[None], torch.tensor([len(wave)])).softmax(dim=-1)[0]
        except ValueError as exc:  # e.g. shorter than the encoder's receptive field
            raise AudioError(path, str(exc)) from None
        best = int(probs.argmax())
        label, probability = classes[best], round(float(probs[best]), 4)
        if args.json:
            print(json_line({"path": name, "label": label, "probability": probability}))
        else:
            print(f"{shown(name)}\t{label}\t{probability:.3f}")

    return run_per_file(args.paths, handle)
