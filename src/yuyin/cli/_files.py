"""Commands that take audio files or folders: one error line per bad file, the rest go on."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from yuyin.audio import UNREADABLE, AudioError
from yuyin.data.audio_files import has_audio_header

STDIN = "-"  # the path that means "the audio piped into the command"
SKIPPED_NAMED = 3  # non-audio files of a folder named in the "skipped" line
SUBTITLE_SUFFIXES = (".srt", ".vtt")  # never reported as skipped input
EMPTY_PATH = "empty path (an unset variable?)"  # Path("") is ".": never what was meant
RAW_STDIN = (
    f"{UNREADABLE}: standard input holds no audio file header (raw samples, as `yuyin say -o -` "
    "writes, have none); write a file instead (`yuyin say ... -o speech.wav`) and give its name"
)


def nonempty_path(value: str) -> str:
    """``type=`` of a path argument kept as text (``-``, a trailing ``/``): an empty one (an
    unset ``"$FILE"``) is a usage error, not the current folder that ``Path("")`` names."""
    if not value:
        raise argparse.ArgumentTypeError(EMPTY_PATH)
    return value


def add_audio_manifests(parser: argparse.ArgumentParser, text: str = "audio (repeatable)") -> None:
    """``--data MANIFEST``, required and repeatable: the audio a command trains on without
    reading transcripts (pretrain, tts pretrain, vocoder train)."""
    parser.add_argument(
        "--data", type=nonempty_path, action="append", required=True, metavar="MANIFEST", help=text
    )


def add_stdin_name(parser: argparse.ArgumentParser, subtitles: bool = False) -> None:
    """``--stdin-name NAME``: what the audio piped in as ``-`` is called in the output."""
    help = "what the audio piped in as - is called in the output and errors (default: -)"
    if subtitles:
        help = (
            "what the audio piped in as - is called in the output, errors and --subtitles "
            "(NAME.wav gives NAME.srt; default: -, whose subtitles are stdin.srt)"
        )
    parser.add_argument("--stdin-name", type=nonempty_path, metavar="NAME", help=help)


def note_unused_stdin_name(args: argparse.Namespace) -> None:
    """A note when ``--stdin-name`` was given but no ``-`` reads standard input."""
    if args.stdin_name is not None and STDIN not in args.paths:
        print("note: --stdin-name names the audio piped in as -: no - given", file=sys.stderr)


def _whole_number(text: str, least: int, note: str = "") -> int:
    """``text`` as an int of at least ``least``, else argparse's error (with ``note``)."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < least:
        shown = repr(text) if value is None else value
        raise argparse.ArgumentTypeError(f"a whole number of {least} or more{note}, got {shown}")
    return value


def thread_count(text: str) -> int:
    """``type=`` of ``--threads``: 1 or more, or 0 for torch's default (as every command's)."""
    return _whole_number(text, 0, " (0: torch's)")


def positive_int(text: str) -> int:
    """``type=`` of a count or level of 1 or more (``--speaker-level``)."""
    return _whole_number(text, 1)


def path_arg(value: str) -> Path:
    """``type=`` of a file or folder argument: :func:`nonempty_path` as a :class:`Path`."""
    return Path(nonempty_path(value))


def same_file(output: str | os.PathLike, source: str | os.PathLike) -> bool:
    """Whether writing ``output`` would replace ``source``: the same file under another spelling
    (``./x``, ``d/../x``), through a symlink or a hard link. ``-`` (a standard stream) is none."""
    if STDIN in (os.fspath(output), os.fspath(source)):
        return False
    try:
        return os.path.samefile(output, source)
    except OSError:  # one of them is not there (yet): compare where the names lead
        return os.path.realpath(output) == os.path.realpath(source)


def shown(name: str) -> str:
    """A file name for a ``NAME<TAB>...`` output line: a tab, newline or other control character
    in it is written as its escape, so each file stays one line of two fields."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in name)


def json_line(record: dict) -> str:
    """A record as one JSON line with its text as UTF-8 (``"café"``, not ``"caf\\u00e9"``); a
    file name that is not valid UTF-8 (undecodable bytes, held as surrogates) is escaped instead,
    so that a strict UTF-8 standard output can still write the line."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record)
    return line


def _once(files: list[Path | str | None]) -> list[Path | str | None]:
    """``files`` without a file met before under another argument ("in in/a": in/a's files
    twice), by its real path; standard input and empty arguments stay as they are."""
    seen: set[str] = set()
    kept: list[Path | str | None] = []
    for path in files:
        if isinstance(path, Path):
            key = os.path.realpath(path)
            if key in seen:
                continue
            seen.add(key)
        kept.append(path)
    return kept


def run_per_file(
    paths: list[str], handle: Callable[[Path, str], None], stdin_name: str | None = None
) -> int:
    """Call ``handle(path, name)`` on every audio file under ``paths``; returns the exit code.

    Folders are searched recursively by audio suffix (others are reported as skipped); ``-``
    reads one audio file from standard input (any format the audio loader reads), named
    ``stdin_name`` (default ``-``).
    A file whose ``handle`` raises :class:`~yuyin.audio.AudioError` gets one ``error:`` line on
    stderr, as does an empty path (not the current folder). The exit code is 1 if any file
    failed or none was found.
    """
    from yuyin.data._import_files import TRANSCRIPT_SUFFIXES
    from yuyin.data.audio_files import AUDIO_SUFFIXES
    from yuyin.transcribe import audio_files

    files: list[Path | str | None] = []  # None: standard input; "": an empty argument
    for item in paths:
        if item in (STDIN, ""):
            files.append(None if item == STDIN else "")
            continue
        found, skipped = audio_files([item])
        beside = {(f.parent, f.stem) for f in found}  # "a.txt" next to "a.wav": a transcript
        skipped = [
            p
            for p in skipped
            if not (p.suffix.lower() in TRANSCRIPT_SUFFIXES and (p.parent, p.stem) in beside)
            and p.suffix.lower() not in SUBTITLE_SUFFIXES  # transcribe --subtitles' own output
        ]
        files += found
        if skipped:  # transcripts beside the audio are normal: one line, not one per file
            names = ", ".join(p.name for p in skipped[:SKIPPED_NAMED])
            more = (
                f" and {len(skipped) - SKIPPED_NAMED} more" if len(skipped) > SKIPPED_NAMED else ""
            )
            print(
                f"skipped {len(skipped)} non-audio file(s) in {item}: {names}{more}",
                file=sys.stderr,
            )
    files = _once(files)
    failed = 0
    for path in files:
        if path == "":  # no file to name: the argument itself
            failed += 1
            print(f"error: {EMPTY_PATH}", file=sys.stderr)
            continue
        try:
            if path is None:
                _handle_stdin(handle, stdin_name or STDIN)
            else:
                handle(path, str(path))
        except AudioError as exc:
            failed += 1
            print(f"error: {exc}", file=sys.stderr)
    if failed:
        print(f"{failed} of {len(files)} file(s) failed", file=sys.stderr)
    if not files:
        where = ", ".join(paths)
        print(
            f"error: no audio file found in {where} (suffixes: {' '.join(AUDIO_SUFFIXES)})",
            file=sys.stderr,
        )
    return 1 if failed or not files else 0


def _handle_stdin(handle: Callable[[Path, str], None], name: str) -> None:
    """The piped audio, called ``name``, through a temporary file (decoders want a seekable
    file)."""
    data = sys.stdin.buffer.read()
    if not data:
        raise AudioError(name, "standard input is empty (nothing was piped in)")
    with tempfile.TemporaryDirectory(prefix="yuyin-stdin-") as tmp:
        path = Path(tmp) / "stdin"
        path.write_bytes(data)
        try:
            handle(path, name)
        except AudioError as exc:
            problem = exc.problem.replace(str(path), name)
            if problem.startswith(UNREADABLE) and not has_audio_header(data):
                problem = RAW_STDIN
            raise AudioError(name, problem) from None
