"""Writing audio files (:func:`save_audio`): atomically, at a level that fits 16-bit PCM.

Re-exported by :mod:`yuyin.audio`, whose reading and checking this uses.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import soundfile as sf

from yuyin.audio import SAMPLE_RATE, URL_SCHEMES, AudioError, as_mono, is_rate
from yuyin.paths import keep_file_mode, replace_target, temp_file_for

if TYPE_CHECKING:
    import torch

log = logging.getLogger("yuyin.audio")

MAX_WRITE_PEAK = 64.0  # a float signal louder than this is at integer PCM's scale, not just loud
CLIPPED_SHARE = 0.01  # more of the samples than this clipped at +-1 is said


def _check_level(wave: np.ndarray, path: Path) -> None:
    """Refuse a float signal at integer PCM's scale (it would be written as a square wave);
    warn when many samples are clipped at +-1."""
    if not wave.size:
        return
    peak = float(np.abs(wave).max())
    if peak > MAX_WRITE_PEAK:
        raise AudioError(
            path,
            f"refusing to write: samples peak at {peak:.0f}, far outside [-1, 1] (float audio "
            "at integer PCM's scale? divide by 32768, or pass the int16 array itself)",
        )
    clipped = int(np.count_nonzero(np.abs(wave) > 1.0))
    if clipped > CLIPPED_SHARE * wave.size:
        log.warning(
            "%s: %d of %d samples (%.0f%%) are beyond [-1, 1] and are clipped",
            path, clipped, wave.size, 100 * clipped / wave.size,
        )  # fmt: skip


def save_audio(
    path: str | os.PathLike, wave: np.ndarray | torch.Tensor, sample_rate: int = SAMPLE_RATE
) -> Path:
    """Write mono audio atomically (temp file, fsync, rename): a full disk never leaves half a file.

    The format comes from the suffix (``.wav`` 16-bit PCM, ``.flac``, ``.ogg``); ``wave`` is
    anything :func:`as_mono` takes (channels are averaged). Float samples are clipped to
    [-1, 1] (a warning when over 1% of them are); a float signal peaking over
    :data:`MAX_WRITE_PEAK` is refused as integer PCM's scale, and an empty one as FLAC.
    """
    if str(path).lower().startswith(URL_SCHEMES):  # not a folder named "http:" by accident
        raise AudioError(path, "a URL: yuyin writes local files only")
    path = Path(os.fsdecode(path))  # bytes too
    if not is_rate(sample_rate):
        raise AudioError(path, f"sample rate must be a positive integer, got {sample_rate!r}")
    sample_rate = int(sample_rate)
    try:  # as_mono reads tensors too: an int16 one is PCM, scaled (a float copy was not)
        wave = as_mono(wave, path)
    except AudioError as exc:
        raise AudioError(path, f"refusing to write: {exc.problem}") from None
    fmt = {".wav": "WAV", ".flac": "FLAC", ".ogg": "OGG"}.get(path.suffix.lower())
    if fmt is None:
        raise AudioError(path, f"unsupported output format {path.suffix!r} (use .wav/.flac/.ogg)")
    if fmt == "FLAC" and not wave.size:  # libsndfile writes 0 bytes, which nothing reads back
        raise AudioError(path, "refusing to write: no samples (FLAC cannot hold none; use .wav)")
    _check_level(wave, path)
    subtype = {"WAV": "PCM_16", "FLAC": "PCM_16", "OGG": "VORBIS"}[fmt]
    target = replace_target(path)  # a symlink keeps pointing at the new audio
    try:
        fd, tmp = temp_file_for(path, parents=True)
    except OSError as exc:  # a folder that cannot be made or refuses new files: name path
        raise AudioError(path, f"could not write ({exc.strerror or exc})") from None
    guarded = WriteGuard(os.fdopen(fd, "wb"))
    try:
        with guarded.file:
            try:
                sf.write(
                    guarded, np.clip(wave, -1.0, 1.0), sample_rate, format=fmt, subtype=subtype
                )
            except (AssertionError, RuntimeError) as exc:  # soundfile's word for a short write
                raise guarded.error or OSError(str(exc) or "short write") from None
            guarded.file.flush()
            os.fsync(guarded.file.fileno())
        keep_file_mode(tmp, target)  # not mkstemp's 0600
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AudioError(path, f"could not write ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


class WriteGuard:
    """A binary file for soundfile's virtual I/O that keeps a failed write's OSError (a full
    disk) in ``error`` instead of raising it inside soundfile's C callback, where it would only
    be printed as "Exception ignored" and surface as a bare AssertionError."""

    def __init__(self, file) -> None:
        self.file, self.error = file, None

    def write(self, data: bytes) -> int:
        try:
            return self.file.write(data)
        except OSError as exc:
            self.error = exc
            return 0

    def read(self, size: int = -1) -> bytes:
        return self.file.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.file.seek(offset, whence)

    def tell(self) -> int:
        return self.file.tell()

    def flush(self) -> None:
        self.file.flush()
