"""``yuyin tts``: train the TTS acoustic model, and look at what it predicts.

yuyin tts pretrain --data a.jsonl [--data b.jsonl] --out RUN [--config configs/tts/tiny.yaml]
yuyin tts train --data paired.jsonl [--dev dev.jsonl] [--pretrained RUN] --out RUN2
yuyin tts train --data new-speaker.jsonl --init bundled --out RUN3   (adapt a trained voice)
yuyin tts mel "Some text." --model RUN2/model -o mel.npy [--speed 1.2]   (or --model bundled)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from yuyin.cli._files import add_audio_manifests, path_arg
from yuyin.cli._settings import (
    add_run_arguments,
    add_settings_arguments,
    read_settings,
    resumed_settings,
    training_errors,
)
from yuyin.train.run_settings import given_settings

CONFIG_EXAMPLE = "configs/tts/tiny.yaml"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "tts",
        help="train the TTS acoustic model (text -> log-mel), or predict a log-mel",
        description="The acoustic model of TTS: `pretrain` its mel decoder on unlabeled audio, "
        "`train` it on paired text and audio, `mel` to predict a log-mel for a sentence.",
    )
    stages = parser.add_subparsers(dest="stage", metavar="STAGE", required=True)
    pre = stages.add_parser(
        "pretrain",
        help="pretrain the mel decoder on unlabeled audio (masked log-mel frames)",
        description="Pretrain the mel decoder as a masked log-mel model; transcripts are "
        "ignored. Writes OUT/decoder for `yuyin tts train --pretrained OUT`. Resumable.",
    )
    add_audio_manifests(pre)
    _common(pre, "pretrain.loop.max_steps=2000")
    pre.set_defaults(func=_pretrain)
    fit = stages.add_parser(
        "train",
        help="train the acoustic model on paired text and audio",
        description="Train the acoustic model (durations learned by its aligner). Writes "
        "OUT/model (hub kind 'tts'). Resumable. Each clip's edge silence is cut first (40 dB "
        "under its loudest 10 ms, 0.1 s kept; --set train.trim_db=0 keeps it, "
        "train.trim_margin=S keeps S seconds).",
    )
    fit.add_argument(
        "--data",
        action="append",
        required=True,
        type=path_arg,
        metavar="MANIFEST",
        help="paired data (repeatable: used together)",
    )
    fit.add_argument("--dev", type=path_arg, metavar="MANIFEST", help="paired dev data (mel L1)")
    fit.add_argument("--pretrained", type=path_arg, help="a `tts pretrain` run (or its decoder/)")
    fit.add_argument(
        "--init",
        type=path_arg,
        metavar="MODEL",
        help="start every weight from a trained acoustic model: a model folder, a voice folder "
        "or 'bundled' (adapt a voice to a new speaker with a few minutes of speech); its model "
        "settings apply unless --config is given",
    )
    _common(fit, "train.loop.max_steps=2000")
    fit.set_defaults(func=_train)
    mel = stages.add_parser(
        "mel",
        help="predict the log-mel of a sentence",
        description="Phonemize one sentence and predict its log-mel (T, 80), saved as .npy.",
    )
    mel.add_argument("text", help="the sentence")
    mel.add_argument(
        "--model",
        type=path_arg,
        required=True,
        help="a trained acoustic model folder, a voice folder (its acoustic model), or 'bundled' "
        "(the shipped voice's, as `say --voice bundled`)",
    )
    mel.add_argument(
        "-o", "--output", type=path_arg, required=True, help="the .npy to write (replaced if there)"
    )
    mel.add_argument("--speed", type=float, default=1.0, help="> 1: faster speech")
    mel.add_argument(
        "--speaker",
        type=lambda value: int(value) if value.isdigit() else value,
        default=0,
        metavar="NAME|ID",
        help="a multi-speaker model's speaker, by the name it was trained with or its id",
    )
    mel.set_defaults(func=_mel)
    pack = stages.add_parser(
        "pack",
        help="assemble a voice folder (acoustic model + vocoder) for `say --voice`",
        description="Copy a trained acoustic model and, optionally, a vocoder into a voice "
        "folder (OUT/acoustic, OUT/vocoder, OUT/voice.json), checked and written atomically; "
        "an existing folder is replaced only if it is a voice.",
    )
    pack.add_argument(
        "acoustic", type=path_arg, help="a `tts train` model (RUN/model), a voice or 'bundled'"
    )
    pack.add_argument(
        "--vocoder",
        type=path_arg,
        help="a `vocoder train` model (RUN/model), a voice's or 'bundled' (the shipped one); "
        "without it, a voice named keeps its own, and a voice repacked keeps the one it had",
    )
    pack.add_argument(
        "--no-vocoder", action="store_true", help="no vocoder: the voice speaks with Griffin-Lim"
    )
    pack.add_argument("-o", "--output", type=path_arg, required=True, help="the voice folder")
    pack.set_defaults(func=_pack)


def _common(parser: argparse.ArgumentParser, example: str) -> None:
    add_settings_arguments(parser, CONFIG_EXAMPLE, example)
    add_run_arguments(parser)


def _pretrain(args: argparse.Namespace) -> int:
    from yuyin.train.tts import DECODER_DIR, TTSSettings, pretrain_decoder

    try:
        values = read_settings(args)
        settings = TTSSettings.from_dict(values)
        with given_settings(values):
            result = pretrain_decoder(args.data, settings, args.out, resume=args.resume)
    except training_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"pretrained the mel decoder for {result.step} steps, final loss {result.loss:.4f}; "
        f"saved to {args.out / DECODER_DIR}"
    )
    return 0


def _train_values(args: argparse.Namespace) -> dict:
    """The settings of ``tts train``: without ``--config``, the model settings of the ``--init``
    model, or those the ``--pretrained`` run was made with (its ``settings.json``), so its
    weights fit; ``--set`` applies on top."""
    import json

    from yuyin.config import apply_overrides, load_yaml
    from yuyin.train.tts import DECODER_DIR

    resumed = resumed_settings(args)  # a resumed run keeps to its own
    if resumed is not None:
        return resumed
    values = load_yaml(args.config) if args.config else {}
    if args.config is None and args.init is not None:
        from yuyin.train.tts import init_config
        from yuyin.voice import acoustic_folder

        values["model"] = init_config(acoustic_folder(args.init))
        print(f"model settings from {args.init} (the model to start from)", file=sys.stderr)
    elif args.config is None and args.pretrained is not None:
        run = Path(args.pretrained)
        run = run.parent if run.name == DECODER_DIR else run  # RUN or RUN/decoder
        record = run / "settings.json"
        if record.is_file():
            try:
                model = json.loads(record.read_text(encoding="utf-8")).get("model")
            except (OSError, ValueError, AttributeError):
                model = None
            if isinstance(model, dict):
                values["model"] = model
                print(f"model settings from {record} (the pretraining run's)", file=sys.stderr)
            else:
                print(
                    f"note: {record} holds no model settings to reuse; the defaults apply "
                    "(give the pretraining's --config if they differ)",
                    file=sys.stderr,
                )
    return apply_overrides(values, args.overrides)


def _train(args: argparse.Namespace) -> int:
    from yuyin.train.tts import MODEL_DIR, TTSSettings, train_tts
    from yuyin.voice import acoustic_folder

    init = acoustic_folder(args.init) if args.init is not None else None
    try:
        values = _train_values(args)
        settings = TTSSettings.from_dict(values)
        with given_settings(values):
            result = train_tts(
                args.data,
                args.dev,
                settings,
                args.out,
                pretrained=args.pretrained,
                resume=args.resume,
                init=init,
            )
    except training_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    scores = ", ".join(f"{k} {v:.4f}" for k, v in result.metrics.items())
    print(
        f"trained the acoustic model for {result.step} steps, final loss {result.loss:.4f}"
        f"{'; ' + scores if scores else ''}; model saved to {args.out / MODEL_DIR}"
    )
    return 0


def _mel(args: argparse.Namespace) -> int:
    import numpy as np

    from yuyin.audio import FRAMES_PER_SECOND
    from yuyin.hub import ModelLoadError, load_model
    from yuyin.models.tts import AcousticModel
    from yuyin.text.phonemize import phonemize
    from yuyin.voice import SPEED_RANGE, VoiceError, acoustic_folder, speaker_index

    if args.output.suffix != ".npy" or args.output.is_dir():  # np.save would add ".npy" itself
        print(f"error: {args.output}: -o must name a .npy file", file=sys.stderr)
        return 2
    try:
        model = load_model(acoustic_folder(args.model))
    except ModelLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not isinstance(model, AcousticModel):
        print(f"error: {args.model}: not a TTS acoustic model", file=sys.stderr)
        return 1
    low, high = SPEED_RANGE
    if not low <= args.speed <= high:  # also NaN; 1e-6 asked for a mel of terabytes
        print(f"error: --speed must be within {low}..{high}, got {args.speed}", file=sys.stderr)
        return 1
    symbols = phonemize(args.text)
    try:
        speaker = speaker_index(model, args.speaker, str(args.model))
        mel = model.synthesize(symbols, speed=args.speed, speaker=speaker)
    except (ValueError, VoiceError) as exc:  # an unknown speaker or symbol
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    np.save(args.output, mel.numpy())
    print(f"{' '.join(symbols) or '(nothing to say)'}")
    seconds = len(mel) / FRAMES_PER_SECOND
    print(f"log-mel {tuple(mel.shape)} ({seconds:.2f} s) written to {args.output}")
    return 0


def _pack(args: argparse.Namespace) -> int:
    from yuyin.hub import ModelLoadError
    from yuyin.voice import (
        VOCODER_DIR,
        VOICE_FILE,
        VoiceError,
        acoustic_folder,
        pack_voice,
        vocoder_folder,
        voice_folder,
    )

    if args.no_vocoder and args.vocoder is not None:
        print("error: --vocoder gives the voice a vocoder, --no-vocoder none: give one",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        vocoder_from, source = args.vocoder, f"the vocoder of {args.vocoder}"
        own = voice_folder(args.acoustic) / VOCODER_DIR
        had = (Path(args.output) / VOCODER_DIR).is_dir()
        had = had and (Path(args.output) / VOICE_FILE).is_file()
        if vocoder_from is None and own.is_dir() and not args.no_vocoder:  # a whole voice named
            vocoder_from, source = args.acoustic, f"the vocoder of {args.acoustic} (its own)"
        elif vocoder_from is None and had and not args.no_vocoder:  # kept by pack_voice
            source = f"the vocoder {args.output} had (--no-vocoder drops it)"
        if args.vocoder is None and (vocoder_from is not None or had) and not args.no_vocoder:
            print(f"note: with {source}", file=sys.stderr)
        vocoder = vocoder_folder(vocoder_from) if vocoder_from is not None else None
        folder = pack_voice(
            acoustic_folder(args.acoustic), args.output, vocoder, keep_vocoder=not args.no_vocoder
        )
    except (VoiceError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if args.no_vocoder and had:
        print(f"warning: {args.output} had a vocoder; the voice now speaks with Griffin-Lim",
              file=sys.stderr)  # fmt: skip
    shown = source if (folder / VOCODER_DIR).is_dir() else "Griffin-Lim, no vocoder"
    print(f"voice {folder.name} -> {folder} ({shown}); speak with: yuyin say --voice {folder}")
    return 0
