"""Commands that take audio files or folders: one error line per bad file, the rest go on."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from yuyin.audio import AudioError


def run_per_file(paths: list[str], handle: Callable[[Path], None]) -> int:
    """Call ``handle`` on every audio file under ``paths``; returns the exit code.

    Folders are searched recursively by audio suffix (others are reported as skipped); a file
    whose ``handle`` raises :class:`~yuyin.audio.AudioError` gets one ``error:`` line on stderr.
    The exit code is 1 if any file failed or none was found.
    """
    from yuyin.transcribe import AUDIO_SUFFIXES, audio_files

    files, skipped = audio_files(paths)
    for path in skipped:
        print(f"skipped: {path}: not an audio file name", file=sys.stderr)
    failed = 0
    for path in files:
        try:
            handle(path)
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
