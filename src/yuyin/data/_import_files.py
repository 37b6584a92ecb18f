"""What the importers (:mod:`yuyin.data.importers`, :mod:`yuyin.data.debian_speech`) share:
ids from paths, transcript files, index tables, header durations read in threads, and the one
warning per kind of skipped file."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from yuyin.audio import AudioError, usable_length
from yuyin.data.audio_files import AUDIO_SUFFIXES, find_audio, wav_shortfall
from yuyin.data.manifest import ManifestError, Utterance

TRANSCRIPT_SUFFIXES = (".txt", ".lab")  # next to an audio file; the first one found wins
MAX_LISTED = 5  # names shown in a warning before "... and N more"
PROBE_THREADS = 4  # header reads wait on the disk, not the CPU: a few threads hide the latency


class ImporterWarning(UserWarning):
    """Files an importer skipped: unreadable audio, missing or empty transcripts."""


# A file found by an importer, before its duration is known: (audio path, Utterance fields).
_Pending = tuple[Path, dict]


def _path_id(path: Path, root: Path) -> str:
    """The id of a file: its path under ``root`` without the suffix (``spk1/utt3``)."""
    return path.relative_to(root).with_suffix("").as_posix()


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.glob(pattern) if p.is_file()) if folder.is_dir() else []


def _existing_dir(path: str | os.PathLike, what: str) -> Path:
    path = Path(os.path.abspath(Path(path).expanduser()))
    if not path.exists():
        raise ManifestError(f"{path}: {what} not found")
    if not path.is_dir():
        raise ManifestError(f"{path}: not a folder (expected a {what})")
    return path


def _audio_files(root: Path) -> list[Path]:
    """Audio files under ``root``, skipping hidden files and folders."""
    return find_audio(root)[0]


def _audio_by_stem(folder: Path) -> dict[str, Path]:
    """Audio files of one folder by stem; when a stem has several, the earliest suffix wins."""
    by_stem: dict[str, Path] = {}
    for suffix in AUDIO_SUFFIXES:
        for path in sorted(folder.glob(f"*{suffix}")):
            by_stem.setdefault(path.stem, path)
    return by_stem


def _transcript_of(audio: Path) -> Path | None:
    for suffix in TRANSCRIPT_SUFFIXES:
        for spelled in (suffix, suffix.upper()):  # a.TXT beside a.WAV from a FAT drive
            candidate = audio.with_suffix(spelled)
            if candidate.is_file():
                return candidate
    return None


def _read_text(path: Path) -> str:
    """A whole text file as UTF-8 (a BOM is dropped); ManifestError names file and line if not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ManifestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ManifestError(
            f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); re-encode it as UTF-8"
        ) from None


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, stripped line) of a UTF-8 text file, skipping blank lines."""
    # split on "\n" only, so numbers match editors (str.splitlines also splits on \x1c, \u2028...)
    for lineno, line in enumerate(_read_text(path).split("\n"), 1):
        line = line.strip()
        if line:
            yield lineno, line


def _key_and_rest(line: str) -> tuple[str, str]:
    """``"id rest of line"`` split at the first run of spaces or tabs (Kaldi and LibriSpeech
    files are written with either)."""
    parts = line.split(None, 1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def _clean(text: str) -> str:
    """Strip a transcript and join its lines and runs of whitespace with single spaces."""
    return " ".join(text.split())


def _read_table(path: Path) -> dict[str, tuple[str, str]] | None:
    """A Kaldi ``key value...`` file as key -> (value, "file:line"); None if it does not exist."""
    if not path.is_file():
        return None
    table: dict[str, tuple[str, str]] = {}
    for lineno, line in _lines(path):
        key, value = _key_and_rest(line)
        where = f"{path}:{lineno}"
        if key in table:
            raise ManifestError(f"{where}: duplicate id {key!r} (first on {table[key][1]})")
        table[key] = (value.strip(), where)
    return table


def _readable_durations(
    paths: Iterable[Path], root: Path, labeled: set[Path] = frozenset()
) -> dict[Path, float]:
    """Duration of each readable file from its header; unreadable ones are reported and left out,
    and so are the ``labeled`` WAVs cut short (an interrupted copy: the transcript says more than
    the audio holds, and training refuses it), read with the same header."""

    def probe(path: Path) -> tuple[Path, float | None, str]:
        try:
            length = usable_length(path)
        except AudioError as exc:
            return path, None, exc.problem
        return path, length, "cut" if path in labeled and wav_shortfall(path) else ""

    unique = list(dict.fromkeys(paths))
    with ThreadPoolExecutor(max_workers=PROBE_THREADS) as pool:
        results = list(pool.map(probe, unique))
    _report(
        "unreadable audio file(s)",
        [f"{_rel(path, root)} ({why})" for path, duration, why in results if duration is None],
    )
    _report(
        "labeled WAV file(s) cut short (the header promises more samples than the file holds)",
        [_rel(path, root) for path, duration, why in results if duration is not None and why],
    )
    return {path: duration for path, duration, why in results if duration is not None and not why}


def _with_durations(pending: Sequence[_Pending], root: Path) -> list[Utterance]:
    labeled = {p for p, f in pending if f.get("text") and f.get("start") is None}
    durations = _readable_durations((path for path, _ in pending), root, labeled)
    return [
        Utterance(audio=str(path), duration=durations[path], **fields)
        for path, fields in pending
        if path in durations
    ]


def _finish(
    utts: list[Utterance], min_duration: float | None, max_duration: float | None
) -> list[Utterance]:
    """Keep utterances within the duration limits, sorted by id."""
    if min_duration is not None and max_duration is not None and min_duration > max_duration:
        raise ValueError(f"min_duration {min_duration} > max_duration {max_duration}")
    kept = [
        u
        for u in utts
        if (min_duration is None or u.duration >= min_duration)
        and (max_duration is None or u.duration <= max_duration)
    ]
    if len(kept) < len(utts):
        limits = (
            f"{min_duration or 0:g} s to {'any' if max_duration is None else f'{max_duration:g} s'}"
        )
        out = sorted({u.id for u in utts} - {u.id for u in kept})
        _report(f"utterance(s) outside the duration limits ({limits})", out, verb="left out")
    return sorted(kept, key=lambda u: u.id)


def _rel(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` for messages when it lies under it, else as is."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _report(problem: str, names: Sequence[str], verb: str = "skipped") -> None:
    """One warning for all files skipped (or otherwise ``verb``) for one reason: the count and
    the first few names."""
    if not names:
        return
    shown = ", ".join(names[:MAX_LISTED])
    more = f" ... and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else ""
    warnings.warn(f"{verb} {len(names)} {problem}: {shown}{more}", ImporterWarning, stacklevel=3)
