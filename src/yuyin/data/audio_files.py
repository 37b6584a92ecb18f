"""Audio files on disk: finding them in folders (by suffix, skipping hidden files, following
symlinked folders), finding WAVs cut short (:func:`wav_shortfall`), and telling audio bytes by
their header (:func:`has_audio_header`).

One search for every command that takes a folder (``transcribe``, ``classify``, ``data import``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

__all__ = ["AUDIO_SUFFIXES", "find_audio", "has_audio_header", "wav_shortfall"]

log = logging.getLogger("yuyin.data")

# file names searched for in folders, the preferred first (a stem with several takes the first)
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".oga", ".mp3", ".opus", ".m4a", ".aac", ".webm")
# how audio files open: WAV (RIFF/RIFX/RF64/BW64), FLAC, Ogg, MP3 with a tag or a bare frame,
# AAC (ADTS), AIFF, Matroska/WebM, CAF, Sun AU, AMR, ASF/WMA; MP4/M4A says MP4_MAGIC at bytes 4..8
AUDIO_MAGIC = (b"RIFF", b"RIFX", b"RF64", b"BW64", b"fLaC", b"OggS", b"ID3", b"FORM")
AUDIO_MAGIC += (b"\x1aE\xdf\xa3", b"caff", b".snd", b"#!AMR", b"0&\xb2u")
AUDIO_MAGIC += (b"\xff\xfb", b"\xff\xf3", b"\xff\xf1")
MP4_MAGIC = b"ftyp"
WAV_STREAMED_SIZE = 0x7FFFF000  # data sizes from here up are placeholders of streamed WAVs
WAV_MAX_CHUNKS = 64  # chunk headers walked before a WAV is taken as whole (no data chunk found)


def _inside(path: str, folder: str) -> bool:
    """Whether the real path ``path`` is ``folder`` or lies under it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def find_audio(root: str | os.PathLike) -> tuple[list[Path], list[Path]]:
    """(audio, others): the files under the folder ``root`` (recursively, following symlinked
    folders once each, sorted) whose name ends in one of :data:`AUDIO_SUFFIXES` (any case), and
    the other files; hidden files and folders (a name starting with a dot: ``.git``, ``.DS_Store``,
    the ``._x.wav`` resource forks macOS leaves on shared drives) are in neither. A symlink to a
    missing file with an audio name is listed as audio, so that reading it names the problem."""
    root = Path(root)
    audio, others = [], []
    real_root = os.path.realpath(root)
    seen = {real_root}  # folders walked: a folder reached through two links is walked once

    def walk_into(top: str, name: str) -> bool:
        real = os.path.realpath(os.path.join(top, name))
        # a link to a folder above root ("up -> ..") would loop back over root and its siblings
        if name.startswith(".") or real in seen or _inside(real_root, real):
            return False
        seen.add(real)
        return True

    def unreadable(exc: OSError) -> None:  # said, not silently left out
        log.warning(
            "cannot read folder %s (%s): its files are left out", exc.filename, exc.strerror
        )

    for top, folders, files in os.walk(root, followlinks=True, onerror=unreadable):
        folders[:] = [f for f in sorted(folders) if walk_into(top, f)]
        for name in files:
            path = Path(top, name)
            if name.startswith("."):
                continue
            is_audio = path.suffix.lower() in AUDIO_SUFFIXES
            if path.is_file() or (is_audio and path.is_symlink()):  # a broken link gets named
                (audio if is_audio else others).append(path)
    return sorted(audio), sorted(others)


def wav_shortfall(path: str | os.PathLike) -> tuple[int, int] | None:
    """(bytes the WAV header's ``data`` chunk promises, bytes the file holds after it) for a WAV
    cut short (an interrupted copy or download: decoders read what is there without a word);
    None when the file is whole, not a RIFF/RF64 WAVE file, or streamed (a size of 0, or a
    placeholder of :data:`WAV_STREAMED_SIZE` or more: what sox and arecord write into a pipe).
    Walks the chunk headers with seeks, so large metadata chunks cost nothing; an RF64 file's
    64-bit ``data`` size comes from its ``ds64`` chunk."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            riff = fh.read(12)
            if riff[:4] not in (b"RIFF", b"RF64") or riff[8:12] != b"WAVE":
                return None
            at, data64 = 12, None
            for _ in range(WAV_MAX_CHUNKS):
                fh.seek(at)
                head = fh.read(8)
                if len(head) < 8:
                    return None
                chunk, length = head[:4], int.from_bytes(head[4:8], "little")
                if chunk == b"ds64":  # RF64: riff size, data size, sample count (64-bit each)
                    data64 = int.from_bytes(fh.read(16)[8:16], "little")
                if chunk == b"data":
                    if data64 is not None and length == 0xFFFFFFFF:
                        length = data64
                    held = size - (at + 8)
                    streamed = length == 0 or length >= WAV_STREAMED_SIZE
                    return None if streamed or held >= length else (length, held)
                at += 8 + length + (length & 1)  # chunks are padded to even sizes
    except OSError:
        return None
    return None


def has_audio_header(data: bytes) -> bool:
    """Whether ``data`` (a file's first bytes) opens as an audio file does (RIFF, fLaC, OggS,
    ID3, ...): raw samples (``yuyin say -o -``) and text (a manifest) have no such header."""
    return data.startswith(AUDIO_MAGIC) or data[4:8] == MP4_MAGIC
