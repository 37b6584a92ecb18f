"""``yuyin data import`` and ``yuyin data info``."""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from yuyin.audio import AudioError
from yuyin.cli._files import path_arg, positive_int, same_file
from yuyin.data import importers
from yuyin.data.debian_speech import import_debian_speech
from yuyin.data.import_table import import_table
from yuyin.data.manifest import (
    ManifestError,
    Utterance,
    manifest_stats,
    read_manifest,
    subset_by_duration,
    write_manifest,
)
from yuyin.text.tokenizer import az_spelling

EXIT_ERROR = 1  # the input was bad: the message says which file and why
EXIT_USAGE = 2  # the command line was bad (argparse uses 2 as well)
HISTOGRAM_WIDTH = 40  # characters of the longest bar in the duration histogram
VOCABULARY_CHARS_SHOWN = 120  # longer character sets are cut in the table (--json has them all)

KINDS = ("folder", "table", "librispeech", "kaldi", "ljspeech", "debian-speech")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the ``import`` and ``info`` sub-commands."""
    parser = sub.add_parser(
        "import",
        help="make a manifest from a corpus on disk",
        description="Make a JSONL manifest from a folder of audio (+ .txt/.lab transcripts), a "
        "table of audio paths and transcripts (table: a Common Voice .tsv, a Hugging Face "
        "audiofolder metadata.csv, a SpeechBrain or DeepSpeech .csv, a NeMo .jsonl manifest; "
        "columns found by their header names), a LibriSpeech tree, a Kaldi data dir, an LJSpeech "
        "folder, or the spoken audio of installed Debian packages (debian-speech; SRC is then an "
        "optional root, default /).",
    )
    parser.add_argument("kind", choices=KINDS, help="layout of SRC")
    parser.add_argument(
        "src",
        nargs="?",
        type=path_arg,
        help="corpus folder (the table file for table, an optional root for debian-speech)",
    )
    parser.add_argument(
        "-o", "--output", type=path_arg, required=True, help="manifest to write (.jsonl)"
    )
    parser.add_argument(
        "--speaker-from-dir",
        action="store_true",
        help="folder: the speaker is the top folder under SRC (spk1 in spk1/chapter/x.wav)",
    )
    parser.add_argument(
        "--speaker-level",
        type=positive_int,
        default=1,
        metavar="N",
        help="folder: the speaker is the folder N levels under SRC (2 for wav48/p225/x.wav; "
        "implies --speaker-from-dir)",
    )
    parser.add_argument(
        "--unlabeled",
        action="store_true",
        help="folder, table: every audio file, transcripts ignored (audio to pretrain on; "
        "without it, a folder with some transcripts keeps only the transcribed files)",
    )
    parser.add_argument(
        "--label-from-dir",
        action="store_true",
        help="folder: a file's text is the top folder under SRC (yes/x.wav says 'yes': the "
        "one-folder-per-command layout of keyword sets, for finetune --task classify)",
    )
    for role, example in (
        ("audio", "path, file_name, wav, audio_filepath ..."),
        ("text", "sentence, text, transcript(ion), wrd ..."),
        ("speaker", "speaker, spk_id, client_id ..."),
        ("id", "id, utt_id ..."),
    ):
        parser.add_argument(
            f"--{role}-column",
            metavar="NAME",
            help=f"table: the column of the {role} when its header is not a known name ({example})",
        )
    parser.add_argument(
        "--audio-root",
        type=path_arg,
        metavar="DIR",
        help="table: the folder relative audio paths are under (default: beside the table, its "
        "clips/ or wavs/, or one folder up)",
    )
    parser.add_argument(
        "--speaker",
        help="ljspeech: speaker name (default: from the folder name); folder: one speaker for "
        "every file (your own recordings, for a voice)",
    )
    parser.add_argument(
        "--lang",
        help="language of the corpus (folder, table: over its locale column, kaldi, ljspeech, "
        "librispeech)",
    )
    parser.add_argument("--min-duration", type=float, help="drop utterances shorter (seconds)")
    parser.add_argument("--max-duration", type=float, help="drop utterances longer (seconds)")
    parser.set_defaults(func=run_import)

    parser = sub.add_parser(
        "info",
        help="summarize a manifest",
        description="Utterances, hours, speakers, languages, vocabulary and durations.",
    )
    parser.add_argument("manifest", type=path_arg, help="JSONL manifest")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run_info)

    parser = sub.add_parser(
        "subset",
        help="a fixed subset of a manifest by total duration (label budgets)",
        description="Take utterances in a fixed pseudo-random order (hash of --seed and the id) "
        "until --minutes of audio: the same subset every run, and a larger budget contains a "
        "smaller one.",
    )
    parser.add_argument("manifest", type=path_arg, help="JSONL manifest")
    parser.add_argument(
        "--minutes", type=float, required=True, help="audio to take (inf: all of it)"
    )
    parser.add_argument("--labeled", action="store_true", help="only utterances with text")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=path_arg, required=True, help="manifest to write")
    parser.set_defaults(func=run_subset)

    parser = sub.add_parser(
        "split",
        help="train/dev/test sets with no utterance (or speaker) in two of them",
        description="Split a manifest into OUT/train.jsonl, OUT/dev.jsonl and OUT/test.jsonl: "
        "utterances (with --by-speaker: speakers, for unseen-speaker tests; with --by-text: "
        "sentences, for unseen-sentence tests) in a fixed "
        "pseudo-random order (hash of --seed and the id), the first --test share to test, the "
        "next --dev share to dev, the rest to train. The same split every run.",
    )
    parser.add_argument("manifest", type=path_arg, help="JSONL manifest")
    parser.add_argument("--dev", type=float, default=0.1, help="share for dev (default 0.1)")
    parser.add_argument("--test", type=float, default=0.1, help="share for test (default 0.1)")
    grouping = parser.add_mutually_exclusive_group()
    grouping.add_argument("--by-speaker", action="store_true", help="no speaker in two sets")
    grouping.add_argument(
        "--by-text",
        action="store_true",
        help="no sentence in two sets (a synthesized corpus says each in several voices: a dev "
        "sentence heard in training scores too well)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=path_arg, required=True, help="folder to write into")
    parser.set_defaults(func=run_split)

    parser = sub.add_parser(
        "check",
        help="find the utterances whose audio is unusable (and drop them)",
        description="Read every utterance's audio header (as training does before it starts): "
        "missing, unreadable or empty files, segments outside their file, durations the "
        "manifest gets wrong. --decode also decodes every file (NaN samples, broken streams, "
        "clips under 0.1 s, silence under -50 dBFS). "
        "Lists the problems; with -o writes the manifest without those utterances. Exit code 1 "
        "when problems were found and no -o was given.",
    )
    parser.add_argument("manifest", type=path_arg, help="JSONL manifest")
    parser.add_argument("--decode", action="store_true", help="decode every file too (slower)")
    parser.add_argument("-o", "--output", type=path_arg, help="write the usable utterances here")
    parser.set_defaults(func=run_check)


def run_import(args: argparse.Namespace) -> int:
    """``yuyin data import``: write the manifest and print a one-line summary."""
    if args.src is None and args.kind != "debian-speech":
        return _fail(
            f"yuyin data import {args.kind}: SRC (the corpus folder) is required", EXIT_USAGE
        )
    only = {  # options of one import kind: given to another, they would do nothing
        "--speaker-from-dir": ("folder", args.speaker_from_dir),
        "--speaker-level": ("folder", args.speaker_level != 1),
        "--unlabeled": ("folder table", args.unlabeled),
        "--label-from-dir": ("folder", args.label_from_dir),
        "--speaker": ("ljspeech folder", args.speaker is not None),
        **{
            flag: ("table", getattr(args, flag[2:].replace("-", "_")) is not None)
            for flag in ("--audio-column", "--text-column", "--speaker-column", "--id-column")
        },
        "--audio-root": ("table", args.audio_root is not None),
    }
    for flag, (kinds, given) in only.items():
        if given and args.kind not in kinds.split():
            shown = " or ".join(f"`data import {kind}`" for kind in kinds.split())
            return _fail(f"{flag}: an option of {shown}, not {args.kind}", EXIT_USAGE)
    if args.speaker is not None and (args.speaker_from_dir or args.speaker_level != 1):
        return _fail("--speaker names one speaker, --speaker-from-dir one per folder: give one",
                     EXIT_USAGE)  # fmt: skip
    if args.unlabeled and args.label_from_dir:
        return _fail("--label-from-dir labels every file, --unlabeled none: give one", EXIT_USAGE)
    limits = (args.min_duration, args.max_duration)
    if any(x is not None and not 0 <= x < math.inf for x in limits) or (
        None not in limits and args.min_duration > args.max_duration
    ):
        return _fail(
            "--min-duration and --max-duration must be finite, >= 0 and min <= max", EXIT_USAGE
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", importers.ImporterWarning)
        try:
            utts = _importer(args)()
        except (ManifestError, AudioError) as exc:
            return _fail(str(exc))
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    if not utts:
        return _fail(f"{args.src or '/'}: nothing to import (every file was skipped or filtered)")
    try:
        write_manifest(args.output, utts)
    except OSError as exc:
        return _fail(f"{args.output}: could not write ({exc.strerror or exc})")
    except ManifestError as exc:  # -o names a folder
        return _fail(str(exc))
    stats = manifest_stats(utts)
    print(
        f"wrote {stats['utterances']} utterances, {stats['hours']:.3f} h, "
        f"{_labeled(stats)}, to {args.output}"
    )
    if args.kind == "folder" and not args.unlabeled and stats["labeled"] == 0:
        _hint_class_folders(utts)
    return 0


def _hint_class_folders(utts: list[Utterance]) -> None:
    """A folder of folders without transcripts may be one folder per class: say how to say so."""
    tops = [u.id.split("/")[0] if "/" in u.id else None for u in utts]  # ids are paths
    if None not in tops and len(set(tops)) > 1:
        print(f"note: no transcript (.txt/.lab) beside the audio; if each of the {len(set(tops))} "
              "folders is one class (a command or keyword), --label-from-dir takes its name as "
              "the text", file=sys.stderr)  # fmt: skip


def _importer(args: argparse.Namespace) -> Callable[[], list[Utterance]]:
    """The import to run, with the options that apply to ``args.kind``."""
    limits = {"min_duration": args.min_duration, "max_duration": args.max_duration}
    lang = {} if args.lang is None else {"lang": args.lang}
    if args.kind == "folder":
        return lambda: importers.import_folder(
            args.src,
            # --speaker-level N alone means the speakers are the folders N levels down
            speaker_from_dir=args.speaker_level
            if args.speaker_from_dir or args.speaker_level != 1
            else False,
            unlabeled=args.unlabeled,
            label_from_dir=args.label_from_dir,
            speaker=args.speaker,
            **lang,
            **limits,
        )
    if args.kind == "table":
        return lambda: import_table(
            args.src,
            audio_column=args.audio_column,
            text_column=args.text_column,
            speaker_column=args.speaker_column,
            id_column=args.id_column,
            audio_root=args.audio_root,
            unlabeled=args.unlabeled,
            **lang,
            **limits,
        )
    if args.kind == "librispeech":
        return lambda: importers.import_librispeech(args.src, **lang, **limits)
    if args.kind == "kaldi":
        return lambda: importers.import_kaldi(args.src, **lang, **limits)
    if args.kind == "ljspeech":
        return lambda: importers.import_ljspeech(args.src, speaker=args.speaker, **lang, **limits)
    return lambda: import_debian_speech(args.src or "/", **limits)


def run_subset(args: argparse.Namespace) -> int:
    """``yuyin data subset``: write the subset and say how much it holds."""
    if not args.minutes > 0:
        return _fail("--minutes must be > 0")
    if same_file(args.output, args.manifest):
        return _fail(f"{args.output}: -o is the input manifest itself (the rest would be lost)")
    try:
        utts = read_manifest(args.manifest)  # its errors name the file
        try:
            chosen = subset_by_duration(utts, args.minutes * 60, args.seed, args.labeled)
        except ManifestError as exc:
            raise ManifestError(f"{args.manifest}: {exc}") from None
        write_manifest(args.output, chosen)
    except (ManifestError, OSError) as exc:
        return _fail(_message(exc))
    minutes = sum(u.duration for u in chosen) / 60
    print(f"wrote {len(chosen)} utterances, {minutes:.2f} min, to {args.output}")
    return 0


def run_split(args: argparse.Namespace) -> int:
    """``yuyin data split``: write train/dev/test manifests and say what each holds."""
    from yuyin.data.manifest import SPLITS, check_replaceable, split_manifest

    if args.output.exists() and not args.output.is_dir():
        return _fail(f"{args.output}: a file, not a folder to write train/dev/test.jsonl into")
    try:
        utterances = read_manifest(args.manifest)
        if args.by_text and (unlabeled := sum(u.text is None for u in utterances)):
            print(
                f"note: {unlabeled} unlabeled utterance(s) have no sentence to group by: each is "
                "split on its own (with its recording's segments)",
                file=sys.stderr,
            )
        sets = split_manifest(
            utterances,
            args.dev,
            args.test,
            args.seed,
            args.by_speaker,
            by_text=args.by_text,
        )
        targets = [args.output / f"{name}.jsonl" for name in SPLITS]
        if any(same_file(target, args.manifest) for target in targets):
            return _fail(
                f"{args.manifest}: would be overwritten by the split; write it to another folder"
            )
        for target in targets:  # all checked first: never a new train set beside an old test
            check_replaceable(target)
        args.output.mkdir(parents=True, exist_ok=True)
        for name in SPLITS:
            write_manifest(args.output / f"{name}.jsonl", sets[name])
    except (ManifestError, OSError) as exc:
        return _fail(_message(exc))
    for name in SPLITS:
        utts = sets[name]
        speakers = len({u.speaker for u in utts if u.speaker})
        minutes = sum(u.duration for u in utts) / 60
        print(
            f"{name}: {len(utts)} utterances, {minutes:.2f} min, {speakers} speakers "
            f"-> {args.output / f'{name}.jsonl'}"
        )
    return 0


def run_check(args: argparse.Namespace) -> int:
    """``yuyin data check``: list unusable utterances; with -o, write the rest."""
    from yuyin.data.dataset import LISTED, audio_problems, describe_problem

    if args.output is not None and same_file(args.output, args.manifest):
        return _fail(
            f"{args.output}: -o is the input manifest itself (write the clean one elsewhere)"
        )
    try:
        utts = read_manifest(args.manifest)
        problems = audio_problems(utts, decode=args.decode)
        bad = {id(utt) for utt, _ in problems}  # by line: two lines may share an id
        usable = [u for u in utts if id(u) not in bad]
        if args.output is not None and not usable:
            return _fail(
                f"{args.manifest}: none of the {len(utts)} utterances has usable audio "
                f"(is the disk holding it mounted?); {args.output} was not written"
                + "".join(f"\n  {describe_problem(u, p)}" for u, p in problems[:LISTED])
            )
        if args.output is not None:
            write_manifest(args.output, usable)
    except (ManifestError, OSError) as exc:
        return _fail(_message(exc))
    for utt, problem in problems:
        print(describe_problem(utt, problem))
    counts = Counter(u.id for u in utts)
    if repeated := [i for i, n in counts.items() if n > 1]:
        print(
            f"warning: {len(repeated)} id(s) name more than one line (first: {repeated[0]!r}); "
            "tools that key results by id will mix them up",
            file=sys.stderr,
        )
    kept = f"; wrote the other {len(usable)} to {args.output}" if args.output else ""
    print(f"{len(problems)} of {len(utts)} utterances have unusable audio{kept}", file=sys.stderr)
    return EXIT_ERROR if problems and args.output is None else 0


def run_info(args: argparse.Namespace) -> int:
    """``yuyin data info``: print the stats of a manifest as tables or as JSON."""
    try:
        utts = read_manifest(args.manifest)
        stats = manifest_stats(utts)
        stats["az_spelling"] = az_spelling(u.text for u in utts if u.text)
    except (ManifestError, OSError) as exc:
        return _fail(_message(exc))
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    console = Console(highlight=False, soft_wrap=True)
    console.print(_summary_table(args.manifest, stats))
    console.print(_histogram_table(stats))
    return 0


def _plain(value: object) -> Text:
    """Manifest text for the terminal: never read as rich markup ("[/bold]" as a speaker name),
    control characters (ESC, NUL) shown as escapes instead of sent to the terminal."""
    shown = "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in str(value)
    )
    return Text(shown)


def _summary_table(path: Path, stats: dict) -> Table:
    table = Table(title=_plain(path), show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("utterances", str(stats["utterances"]))
    table.add_row("hours", f"{stats['hours']:.3f}")
    table.add_row("labeled", f"{stats['labeled']} ({stats['labeled_fraction']:.0%})")
    speakers = stats["speakers"]
    top = ", ".join(f"{s['speaker']} ({s['utterances']})" for s in speakers["top"])
    if len(speakers["top"]) < speakers["count"]:  # the commonest only
        top += f", ... ({speakers['count'] - len(speakers['top'])} more)"
    unknown = f"; {speakers['unknown']} utterances without speaker" if speakers["unknown"] else ""
    table.add_row("speakers", _plain(f"{speakers['count']}{': ' + top if top else ''}{unknown}"))
    languages = ", ".join(f"{k} ({v})" for k, v in stats["languages"].items())
    table.add_row("languages", _plain(languages))
    duration = stats["duration"]
    if duration["mean"] is not None:
        table.add_row(
            "duration (s)",
            f"min {duration['min']:.2f}, mean {duration['mean']:.2f}, max {duration['max']:.2f}",
        )
    vocab = stats["vocabulary"]
    if stats["labeled"]:
        chars = vocab["characters"]
        cut = "..." if len(chars) > VOCABULARY_CHARS_SHOWN else ""
        table.add_row("characters", _plain(f"{len(chars)}: {chars[:VOCABULARY_CHARS_SHOWN]}{cut}"))
        table.add_row("words", f"{vocab['words']} ({vocab['distinct_words']} distinct)")
        spelled = stats.get("az_spelling") or {}
        counts = {k: ", ".join(f"{c} ({n})" for c, n in v.items()) for k, v in spelled.items()}
        said = [f"write {counts['folded']} without the accent"] if counts.get("folded") else []
        said += [f"never write {counts['unwritten']}"] if counts.get("unwritten") else []
        table.add_row("a-z models", _plain("; ".join(said) or "write every character"))
    return table


def _histogram_table(stats: dict) -> Table:
    table = Table(title="durations", title_justify="left")
    table.add_column("seconds", justify="right")
    table.add_column("utterances", justify="right")
    table.add_column("")
    peak = max((b["count"] for b in stats["histogram"]), default=0)
    for b in stats["histogram"]:
        span = f"{b['from']:g}-{b['to']:g}" if b["to"] is not None else f"{b['from']:g}+"
        bar = "#" * round(HISTOGRAM_WIDTH * b["count"] / peak) if peak else ""
        table.add_row(span, str(b["count"]), bar)
    return table


def _labeled(stats: dict) -> str:
    if stats["labeled"] == stats["utterances"]:
        return "labeled"
    if stats["labeled"] == 0:
        return "unlabeled"
    return f"{stats['labeled']} of {stats['utterances']} labeled"


def _message(exc: Exception) -> str:
    """``path: problem`` for an OSError (not "[Errno 28] ... '/path'"), else the error's text."""
    from yuyin.cli import describe_os_error

    return describe_os_error(exc) if isinstance(exc, OSError) else str(exc)


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code
