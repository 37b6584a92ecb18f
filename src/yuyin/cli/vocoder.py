"""``yuyin vocoder``: train the neural vocoder on unlabeled audio, or copy-synthesize a file.

yuyin vocoder train --data a.jsonl [--data b.jsonl] [--dev dev.jsonl] --config C --out RUN
yuyin vocoder resynth IN.wav -o OUT.wav [--model RUN/model | --griffin-lim]
"""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
from pathlib import Path

from yuyin.cli._files import add_audio_manifests, nonempty_path, path_arg, same_file
from yuyin.cli._settings import (
    add_run_arguments,
    add_settings_arguments,
    add_threads_argument,
    read_settings,
    resumed_settings,
    training_errors,
)
from yuyin.train.run_settings import given_settings

BUNDLED = Path(__file__).resolve().parent.parent / "assets" / "models" / "voice" / "vocoder"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "vocoder",
        help="train the neural vocoder (log-mel -> waveform) or resynthesize a file",
        description="Train the neural vocoder on unlabeled audio, or copy-synthesize a file "
        "(log-mel, then back to a waveform) to hear what a vocoder does.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    train = actions.add_parser(
        "train",
        help="train on the audio of manifests (transcripts are ignored)",
        description="Train a Vocos-style vocoder on random segments of unlabeled audio. "
        "Resumable (--resume); runs under torchrun for DDP. The model lands in OUT/model.",
    )
    add_audio_manifests(train)
    train.add_argument(
        "--dev",
        type=nonempty_path,
        metavar="MANIFEST",
        help="held-out audio scored at each eval (default: some held out of --data)",
    )
    train.add_argument(
        "--init",
        type=path_arg,
        metavar="MODEL",
        help="start from a trained vocoder: a vocoder folder, a voice folder or 'bundled' "
        "(adapt it to a new voice's audio); its model settings apply unless --config is given",
    )
    add_settings_arguments(train, "configs/vocoder/tiny.yaml", "loop.max_steps=100")
    add_run_arguments(train)
    add_threads_argument(train)
    train.set_defaults(func=_train)
    resynth = actions.add_parser(
        "resynth",
        help="copy-synthesis: IN -> log-mel -> vocoder -> OUT",
        description="Vocode the log-mel of IN and write OUT (.wav/.flac/.ogg); prints the "
        "log-mel L1 and mel-cepstral distortion against IN and the real-time factor.",
    )
    resynth.add_argument("input", type=path_arg, metavar="IN", help="audio file")
    resynth.add_argument("-o", "--output", type=path_arg, required=True, metavar="OUT")
    which = resynth.add_mutually_exclusive_group()
    which.add_argument("--model", type=path_arg, help="vocoder folder (default: the bundled one)")
    which.add_argument("--griffin-lim", action="store_true", help="use Griffin-Lim")
    resynth.add_argument("--iterations", type=int, default=32, help="Griffin-Lim iterations")
    add_threads_argument(resynth)
    resynth.set_defaults(func=_resynth)


def _train(args: argparse.Namespace) -> int:
    import torch

    from yuyin.train.vocoder import VocoderSettings, init_vocoder_config, train_vocoder
    from yuyin.voice import VoiceError, vocoder_folder

    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        init = vocoder_folder(args.init) if args.init is not None else None
    except VoiceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        values = resumed_settings(args)  # a resumed run keeps to its own
        if values is None:
            values = read_settings(args)
            if init is not None and args.config is None:
                model = init_vocoder_config(init)
                values["model"] = {**model, **values.get("model", {})}  # --set model.x applies
                said = f"model settings from {args.init} (the vocoder to start from)"
                print(said, file=sys.stderr)
        settings = VocoderSettings.from_dict(values)
        with given_settings(values):
            result = train_vocoder(
                args.data, settings, args.out, args.dev, resume=args.resume, init=init
            )
    except training_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    scores = ""
    if "dev_mcd" in result.metrics:
        m = result.metrics
        scores = (
            f"; dev MCD {m['dev_mcd']:.2f} dB, log-mel L1 {m['dev_mel_l1']:.3f} "
            f"(Griffin-Lim {m['gl_mcd']:.2f} dB, {m['gl_mel_l1']:.3f}: it fits that magnitude "
            "by construction, and these measures cannot hear its phase)"
        )
    print(
        f"vocoder trained for {result.step} steps, final loss {result.loss:.4f}{scores}; "
        f"model saved to {args.out / 'model'}"
    )
    return 0


def _resynth(args: argparse.Namespace) -> int:
    import torch

    from yuyin.audio import SAMPLE_RATE, AudioError, load_audio, save_audio
    from yuyin.features import log_mel
    from yuyin.hub import ModelLoadError, load_model
    from yuyin.models.griffin_lim import griffin_lim
    from yuyin.train.vocoder import mel_cepstral_distortion

    if same_file(args.output, args.input):  # it would be read, then overwritten by its copy
        print(
            f"error: {args.output}: -o is the input audio itself (write the copy elsewhere)",
            file=sys.stderr,
        )
        return 1
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    model_dir = args.model or (None if args.griffin_lim else BUNDLED)
    try:
        if model_dir is not None and not model_dir.is_dir() and args.model is None:
            print("note: no bundled vocoder yet; using Griffin-Lim", file=sys.stderr)
            model_dir = None
        vocoder = load_model(model_dir, kinds=("vocoder",)) if model_dir is not None else None
        if args.iterations < 1:
            raise ModelLoadError(f"--iterations must be >= 1, got {args.iterations}")
        wave = load_audio(args.input)  # (S,)
        mel = log_mel(wave)  # (T, M)
        started = time.perf_counter()
        vocode = (
            vocoder.synthesize
            if vocoder is not None
            else partial(griffin_lim, n_iter=args.iterations)
        )
        out = vocode(mel)  # (T * 160,)
        seconds = time.perf_counter() - started
        out = out[: wave.size]  # (S,)
        save_audio(args.output, out)
    except (AudioError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    again = log_mel(out)
    name = "griffin-lim" if vocoder is None else str(model_dir)
    print(
        f"{args.output}: {name}, log-mel L1 {float((again - mel).abs().mean()):.3f}, "
        f"MCD {mel_cepstral_distortion(mel, again):.2f} dB, "
        f"real-time factor {seconds / (wave.size / SAMPLE_RATE):.4f}"
        + (
            " (Griffin-Lim iterates on this very magnitude, so it scores well here; these "
            "measures cannot hear its phase: listen)"
            if vocoder is None
            else ""
        )
    )
    return 0
