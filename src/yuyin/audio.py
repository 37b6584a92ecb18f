"""Audio I/O: reading, checking, down-mixing, resampling and writing signals, and the audio
constants every model shares (the log-mel features computed from them are in
:mod:`yuyin.features`).

Everything inside yuyin is mono float32 at :data:`SAMPLE_RATE`. :func:`load_audio` reads
wav/flac/ogg/mp3 with soundfile, falls back to PyAV for what libsndfile cannot read (m4a, webm,
opus ...), down-mixes and resamples with soxr. Every problem with an input file surfaces as one
:class:`AudioError` naming the file and the problem.

Shapes: S samples, B batch, T frames, M mel bins.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import soundfile as sf
import soxr

if TYPE_CHECKING:
    import torch  # not at run time: reading audio and the CLI's start need no torch

log = logging.getLogger("yuyin.audio")

SAMPLE_RATE = 16000  # Hz: every model in yuyin runs at 16 kHz
N_FFT = 400  # 25 ms window at 16 kHz
WIN_LENGTH = 400  # 25 ms at 16 kHz
HOP_LENGTH = 160  # 10 ms at 16 kHz -> 100 frames per second
N_MELS = 80
F_MIN = 0.0
F_MAX = SAMPLE_RATE / 2  # Nyquist
LOG_FLOOR = 1e-5  # floor before log: ~-11.5, well under speech energy, keeps silence finite
FRAMES_PER_SECOND = SAMPLE_RATE // HOP_LENGTH  # 100
LEVEL_FRAME = SAMPLE_RATE // 100  # 10 ms frames of the level measures (frame_db, ...)

DEFAULT_MAX_SECONDS = 3600.0  # refuse to load more than an hour into memory unless asked
SILENCE_DB = -50.0  # dBFS: peak level under which a trimmed file counts as silent
CANCELLED_SHARE = 0.01  # a mix under 1 % of its loudest channel's power (-20 dB): cancelled
MIN_SPEECH_DB = -60.0  # dBFS: a signal whose loudest 10 ms frame is under this holds no speech


class AudioError(ValueError):
    """A problem with one audio file; ``str()`` names the file and what is wrong with it."""

    def __init__(self, path: str | os.PathLike | None, problem: str) -> None:
        self.path = None if path is None else str(path)
        self.problem = problem
        where = self.path if self.path is not None else "<array>"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class AudioInfo:
    """Header facts of an audio file (read without decoding the samples where possible)."""

    path: str
    sample_rate: int
    frames: int
    channels: int

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


URL_SCHEMES = ("http:/", "https:/", "ftp:/", "s3:/", "gs:/")  # as Path writes "http://..."


def _check_file(path: Path) -> None:
    if not path.exists():
        if str(path).lower().startswith(URL_SCHEMES):  # yuyin opens no connection to fetch it
            raise AudioError(path, "a URL: yuyin reads local files only; download it first")
        raise AudioError(path, "file not found")
    if path.is_dir():
        raise AudioError(path, "is a directory, not an audio file")
    if path.is_char_device() or path.is_block_device():  # /dev/zero would fill /tmp first
        raise AudioError(path, "is a device, not an audio file")
    if path.is_file() and path.stat().st_size == 0:  # a pipe's size says nothing
        raise AudioError(path, "file is empty (0 bytes)")


MAX_PIPED_BYTES = 2**31  # audio read from a pipe (`<(sox ...)`, a FIFO) is held this far at most


def _spool(path: Path, tmp_dir: str) -> Path:
    """A pipe's audio copied into a file (decoders seek); errors name the pipe."""
    spooled = Path(tmp_dir) / "piped"
    with path.open("rb") as source, spooled.open("wb") as sink:
        copied = 0
        while chunk := source.read(1 << 20):
            copied += len(chunk)
            if copied > MAX_PIPED_BYTES:
                raise AudioError(path, f"more than {MAX_PIPED_BYTES >> 20} MiB piped in")
            sink.write(chunk)
    if copied == 0:
        raise AudioError(path, "nothing was piped in (0 bytes)")
    return spooled


def audio_info(path: str | os.PathLike) -> AudioInfo:
    """Read sample rate, length and channels from the header; raises :class:`AudioError`."""
    path = Path(os.fsdecode(path))  # bytes too
    _check_file(path)
    try:
        info = sf.info(str(path))
        frames = info.frames
        if frames <= 0 or frames >= 2**62:  # some mp3/ogg headers do not know their length
            raise RuntimeError("unknown length")
        return AudioInfo(str(path), int(info.samplerate), int(frames), int(info.channels))
    except Exception:  # noqa: BLE001 - fall back to PyAV below, which reports its own problem
        pass
    try:
        import av

        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise AudioError(path, "no audio stream in file")
            stream = container.streams.audio[0]
            sr = int(stream.rate or stream.codec_context.sample_rate)
            channels = int(stream.codec_context.channels)
            if stream.duration is not None and stream.time_base is not None:
                frames = int(float(stream.duration * stream.time_base) * sr)
            elif container.duration is not None:
                frames = int(container.duration / 1_000_000 * sr)  # av.time_base is 1e6
            else:
                frames = sum(f.samples for f in container.decode(stream))
        return AudioInfo(str(path), sr, frames, channels)
    except AudioError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise AudioError(path, f"{UNREADABLE} ({_reason(exc, Path(path))})") from None


UNREADABLE = "not a readable audio file"  # the problem of a file no decoder could open


def _reason(exc: Exception, path: Path | None = None) -> str:
    """A decoder's error without the noise: FFmpeg's own text (``Invalid data found when
    processing input``), not ``[Errno 1094995529] ...: 'file'`` (an FFmpeg tag read as an errno,
    and the file, already named); a manifest or other text file given as audio is said so."""
    reason = getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"
    if path is not None and path.suffix.lower() in TEXT_SUFFIXES:
        reason += "; a text file, not audio (`yuyin eval` and `finetune` take manifests)"
    return reason


TEXT_SUFFIXES = (".jsonl", ".json", ".txt", ".csv", ".tsv")  # a manifest or transcript, not audio


def _decode_av(path: Path) -> tuple[np.ndarray, int]:
    import av

    with av.open(str(path)) as container:
        if not container.streams.audio:
            raise AudioError(path, "no audio stream in file")
        stream = container.streams.audio[0]
        sr = int(stream.rate or stream.codec_context.sample_rate)
        resampler = av.AudioResampler(format="flt", layout="mono", rate=sr)
        chunks = []
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):  # flush
            chunks.append(out.to_ndarray().reshape(-1))
    wave = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    return wave.astype(np.float32, copy=False), sr


def downmix(data: np.ndarray, what: str | os.PathLike | None = None) -> np.ndarray:
    """Channels (S, C) to mono (S,): their mean, unless that cancels what they hold (one channel
    the other inverted, a microphone wired out of phase: the mean of such a file is silence
    while each channel is speech); then the loudest channel alone, with a warning naming
    ``what``."""
    if data.shape[1] == 1:
        return data[:, 0]
    mixed = data.mean(axis=1)
    power = np.einsum("sc,sc->c", data, data, dtype=np.float64)  # (C,)
    if float(np.dot(mixed, mixed.astype(np.float64))) < CANCELLED_SHARE * power.max():
        loudest = int(np.argmax(power))
        log.warning(
            "%s: its channels cancel when mixed (one is the other inverted?): channel %d alone "
            "is used",
            what if what is not None else "<array>",
            loudest + 1,
        )
        return np.ascontiguousarray(data[:, loudest])
    return mixed


def _too_long(path: Path, seconds: float, max_seconds: float) -> AudioError:
    return AudioError(path, f"too long: {seconds:.1f} s exceeds the limit of {max_seconds:.1f} s")


def _decode(path: Path, max_seconds: float | None = None) -> tuple[np.ndarray, int]:
    """Decode to mono float32 at the file's own rate. (S,)

    With ``max_seconds``, a longer file is an :class:`AudioError` before its samples are read:
    libsndfile's header is the one the decode opens (one read of it, not :func:`audio_info`'s
    and then the decoder's); a file it cannot open or measure has :func:`audio_info` tell."""
    try:
        with sf.SoundFile(str(path)) as fh:
            measured = 0 < fh.frames < 2**62  # some mp3/ogg headers do not know their length
            seconds = fh.frames / fh.samplerate if measured else 0.0
            if max_seconds is not None and seconds > max_seconds:
                raise _too_long(path, seconds, max_seconds)
            if max_seconds is None or measured:
                data, sr = fh.read(dtype="float32", always_2d=True), fh.samplerate  # (S, C)
                if len(data):  # a streamed WAV whose header says 0 frames: FFmpeg reads it all
                    return downmix(data, path), int(sr)
    except AudioError:
        raise
    except Exception:  # noqa: BLE001 - libsndfile cannot read it: try FFmpeg through PyAV
        pass
    if max_seconds is not None and (seconds := audio_info(path).duration) > max_seconds:
        raise _too_long(path, seconds, max_seconds)
    try:
        return _decode_av(path)
    except AudioError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise AudioError(path, f"{UNREADABLE} ({_reason(exc, Path(path))})") from None


def resample(wave: np.ndarray, orig_sr: int, target_sr: int = SAMPLE_RATE) -> np.ndarray:
    """Resample a mono float32 signal with soxr (high quality). (S,) -> (S',)"""
    if orig_sr == target_sr:
        return wave
    if orig_sr <= 0:
        raise AudioError(None, f"invalid sample rate {orig_sr}")
    return soxr.resample(wave, orig_sr, target_sr, quality="HQ").astype(np.float32, copy=False)


def trim_silence(wave: np.ndarray, threshold_db: float = SILENCE_DB) -> np.ndarray:
    """Cut leading and trailing samples whose magnitude is under ``threshold_db`` dBFS."""
    level = 10 ** (threshold_db / 20)
    loud = np.flatnonzero(np.abs(wave) > level)
    if loud.size == 0:
        return wave[:0]
    return wave[loud[0] : loud[-1] + 1]


def frame_db(wave: np.ndarray, tail: bool = False) -> np.ndarray:
    """dBFS of the mean power of each 10 ms frame of ``wave`` (S,), the signal's mean taken out
    first (a DC offset is no sound: with one, no frame of a pause was quiet): (S // frame,), or
    with ``tail`` (ceil(S / frame),), a last short frame counted as if padded with zeros. No
    copy of the signal is made (an hour of audio is 230 MB)."""
    frame = LEVEL_FRAME
    wave = np.asarray(wave)
    mean = float(wave.mean(dtype=np.float64)) if len(wave) else 0.0
    whole = len(wave) // frame * frame
    frames = wave[:whole].reshape(-1, frame)
    squares = np.einsum("ij,ij->i", frames, frames, dtype=np.float64)  # (F,)
    sums = frames.sum(axis=1, dtype=np.float64)  # (F,)
    power = (squares - 2 * mean * sums) / frame + mean * mean  # the mean of (x - mean)^2
    if tail and whole < len(wave):
        rest = np.asarray(wave[whole:], np.float64) - mean
        power = np.append(power, rest @ rest / frame)
    return 10 * np.log10(np.maximum(power, 0.0) + 1e-12)


def speech_span(
    wave: np.ndarray,
    top_db: float,
    margin: float,
    db: np.ndarray | None = None,
    floor: np.ndarray | None = None,
) -> tuple[int, int]:
    """``(first, last)`` samples of ``wave`` (S,) without its edge silence: from the first to the
    last 10 ms frame within ``top_db`` dB of the loudest frame, widened by ``margin`` seconds on
    each side (within the signal). ``db``: the caller's :func:`frame_db` of ``wave`` when it has
    it. A signal with no frame is kept whole. Frames relative to the loudest, not a fixed dBFS,
    so a quiet recording is trimmed as a loud one and a noise floor ``top_db`` under the speech
    is never cut into. ``floor`` (F,): a level each frame must also reach (at most the loudest
    frame's), e.g. a noise floor plus a margin."""
    db = frame_db(wave) if db is None else db
    if len(db) == 0:
        return 0, len(wave)
    frame = LEVEL_FRAME
    level = db.max() - top_db if floor is None else np.maximum(db.max() - top_db, floor)
    loud = np.flatnonzero(db >= level)  # (F',) frame indices
    pad = round(margin * SAMPLE_RATE)
    first = max(0, int(loud[0]) * frame - pad)
    last = min(len(wave), (int(loud[-1]) + 1) * frame + pad)
    return first, last


def loudest_frame_db(wave: np.ndarray) -> float:
    """dBFS of the loudest 10 ms frame of a mono signal (S,), its mean taken out first (a DC
    offset is no sound); a short tail counts as a frame, an empty signal is -120."""
    frame = LEVEL_FRAME
    if len(wave) == 0:
        return -120.0
    wave = np.asarray(wave)
    mean = float(wave.mean(dtype=np.float64))  # a DC offset (a constant) is no sound either
    whole = len(wave) // frame * frame
    frames = wave[:whole].reshape(-1, frame)  # a view: an hour of audio is not copied
    sums = frames.sum(axis=1, dtype=np.float64)  # (F,)
    squares = np.einsum("ij,ij->i", frames, frames, dtype=np.float64)  # (F,)
    if whole < len(wave):  # the short tail, as if padded with the mean (zero once centred)
        rest = np.asarray(wave[whole:], np.float64)
        sums = np.append(sums, rest.sum() + (frame - len(rest)) * mean)
        squares = np.append(squares, rest @ rest + (frame - len(rest)) * mean**2)
    power = np.maximum(squares - 2 * mean * sums + frame * mean**2, 0.0) / frame  # centred
    return float(10 * np.log10(power.max() + 1e-12))


def holds_no_speech(wave: np.ndarray) -> bool:
    """Whether a mono signal (S,) is empty or its loudest 10 ms frame (:func:`loudest_frame_db`)
    is under :data:`MIN_SPEECH_DB` dBFS: digital silence, a constant (DC) level, or a file
    recorded with the microphone off. Recognizers and classifiers refuse such input rather than
    label it."""
    return loudest_frame_db(wave) < MIN_SPEECH_DB


def no_speech_reason(wave: np.ndarray) -> str:
    """Why :func:`holds_no_speech` holds for ``wave``, for an error message: silent (no sample
    but zeros), a constant level, or too quiet (the loudest 10 ms's level, said)."""
    if len(wave) == 0 or not np.any(wave):
        return "the audio is silent"
    if np.ptp(wave) == 0:
        return "the audio is a constant level, not sound"
    level = loudest_frame_db(wave)
    return (
        f"too quiet: its loudest 10 ms is at {level:.0f} dBFS, under the {MIN_SPEECH_DB:.0f} "
        "dBFS speech reaches"
    )


def usable_length(path: str | os.PathLike) -> float:
    """Seconds of audio in ``path`` from its header; :class:`AudioError` for a file that cannot
    be read (also an OS error such as a permission) or holds no samples."""
    try:
        seconds = audio_info(path).duration
    except OSError as exc:
        raise AudioError(path, str(exc.strerror or exc)) from None
    if seconds <= 0:
        raise AudioError(path, "contains no samples")
    return seconds


_PCM_SCALES = {"int8": 128.0, "int16": 32768.0, "int32": 2147483648.0}  # full scale of each
MAX_CHANNELS = 8  # a 2-D array with more than this on both axes is not audio channels


def as_mono(wave: np.ndarray | torch.Tensor, what: str | os.PathLike | None = None) -> np.ndarray:
    """An in-memory signal as contiguous mono float32 (S,), the form every yuyin model reads.

    Integer PCM is scaled to [-1, 1) (int8/16/32, and uint8 around 128 as 8-bit WAV stores it);
    floats are kept. A 2-D array is channels and samples either way round, (S, C) as soundfile
    returns or (C, S): the shorter axis (at most :data:`MAX_CHANNELS`) is averaged away.
    Raises :class:`AudioError` naming ``what`` for NaN or infinite samples, another dtype
    (bool, complex, object) or more than two dimensions.
    """
    loaded = sys.modules.get("torch")  # a tensor means torch is loaded
    if loaded is not None and isinstance(wave, loaded.Tensor):  # bfloat16 has no numpy dtype
        wave = wave.detach().cpu()
        wave = (wave.float() if wave.dtype == loaded.bfloat16 else wave).numpy()
    wave = np.asarray(wave)
    kind = wave.dtype
    if kind.name in _PCM_SCALES:
        wave = wave.astype(np.float32) / _PCM_SCALES[kind.name]
    elif kind == np.uint8:
        wave = (wave.astype(np.float32) - 128.0) / 128.0
    elif kind.kind != "f":
        raise AudioError(what, f"samples of dtype {kind} (use float or int8/16/32 PCM)")
    if wave.ndim == 2 and 0 in wave.shape:  # (0, 2) or (2, 0): channels without samples
        if max(wave.shape) > MAX_CHANNELS:
            raise AudioError(what, f"a {wave.shape} array has samples but no channel")
        return np.zeros(0, dtype=np.float32)
    if wave.ndim == 2:
        channel_axis = int(np.argmin(wave.shape))
        if wave.shape[channel_axis] > MAX_CHANNELS:
            raise AudioError(what, f"a {wave.shape} array is not mono or (samples, channels)")
        wave = downmix(wave if channel_axis == 1 else wave.T, what)
    elif wave.ndim != 1:
        raise AudioError(what, f"a {wave.ndim}-D array is not audio (expected (S,) or (S, C))")
    if not np.isfinite(wave).all():
        raise AudioError(what, "contains NaN or infinite samples")
    return np.ascontiguousarray(wave, dtype=np.float32)


def is_rate(value: object) -> bool:
    """Whether ``value`` is a sample rate: a positive whole number (a numpy integer too, not a
    bool: ``sample_rate=True`` had read audio at 1 Hz)."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool) and value > 0


def load_audio(
    path: str | os.PathLike,
    sample_rate: int = SAMPLE_RATE,
    max_seconds: float | None = DEFAULT_MAX_SECONDS,
    trim: bool = False,
) -> np.ndarray:
    """Load any audio file as mono float32 at ``sample_rate``. Returns (S,).

    Raises :class:`AudioError` for a missing, empty, unreadable or corrupt file, one longer than
    ``max_seconds`` (checked from the header before decoding), NaN/inf samples, or nothing left
    after ``trim`` (silence only).
    """
    return load_audio_and_rate(path, sample_rate, max_seconds, trim)[0]


def load_audio_and_rate(
    path: str | os.PathLike,
    sample_rate: int = SAMPLE_RATE,
    max_seconds: float | None = DEFAULT_MAX_SECONDS,
    trim: bool = False,
) -> tuple[np.ndarray, int]:
    """:func:`load_audio`, plus the rate the file was recorded at (before resampling):
    ((S,) at ``sample_rate``, the file's own rate). Same errors."""
    if not is_rate(sample_rate):
        raise ValueError(f"sample_rate must be a positive integer, got {sample_rate!r}")
    sample_rate = int(sample_rate)
    if max_seconds is not None and not max_seconds > 0:  # also refuses NaN
        raise ValueError(f"max_seconds must be positive or None, got {max_seconds!r}")
    path = Path(os.fsdecode(path))  # bytes too
    _check_file(path)
    if not path.is_file():  # a named pipe or a process substitution: read it through a file
        with tempfile.TemporaryDirectory(prefix="yuyin-pipe-") as tmp:
            try:
                return load_audio_and_rate(_spool(path, tmp), sample_rate, max_seconds, trim)
            except AudioError as exc:
                problem = exc.problem.replace(str(Path(tmp) / "piped"), str(path))
                raise AudioError(path, problem) from None
    wave, sr = _decode(path, max_seconds)  # a file over max_seconds is refused from its header
    if wave.size == 0:
        raise AudioError(path, "contains no samples")
    if not np.isfinite(wave).all():
        raise AudioError(path, "contains NaN or infinite samples")
    if trim:
        wave = trim_silence(wave)
        if wave.size == 0:
            raise AudioError(path, "nothing left after trimming silence (file is silent)")
    return np.ascontiguousarray(resample(wave, sr, sample_rate), dtype=np.float32), sr


# writing lives beside (its own module, for size); it reads this module's names
from yuyin.audio_write import MAX_WRITE_PEAK, WriteGuard, save_audio  # noqa: E402, F401
