"""Map-style audio dataset over utterances, and the collate that pads them into a batch.

Randomness in an item (a crop window, augmentation) comes from a ``torch.Generator`` seeded by
``(seed, epoch, index)`` (:func:`item_generator`), never from a worker's global state, so the same
utterance in the same epoch looks the same with 0 or 8 DataLoader workers and after a resume.
The epoch lives in shared memory: :meth:`AudioDataset.set_epoch` reaches workers that already run
(``persistent_workers=True``) as well as new ones.

Shapes: S samples, B batch, T any time axis (samples or frames).
"""

from __future__ import annotations

import logging
import operator
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np
import soundfile as sf
import torch
from torch.utils.data import Dataset

from yuyin.audio import (
    DEFAULT_MAX_SECONDS,
    SAMPLE_RATE,
    SILENCE_DB,
    AudioError,
    downmix,
    holds_no_speech,
    load_audio,
    resample,
    usable_length,
)
from yuyin.data.audio_files import wav_shortfall
from yuyin.data.manifest import ManifestError, Utterance, read_manifest

log = logging.getLogger("yuyin.data")

SEED_BITS = 63  # torch.Generator.manual_seed takes a 64-bit seed; stay clear of the sign bit
HEADER_THREADS = 4  # header reads wait on the disk more than the CPU
DURATION_SLACK = 0.25  # s: a manifest duration may differ this much from the file's (rounding)
ANOTHER_UNIT = "written in another unit?"  # a duration off by 100x or more: ms for s, say
DURATION_SLACK_SHARE = 0.02  # ... or this share of it (compressed headers estimate lengths)
MIN_DECODED_SECONDS = 0.1  # data check --decode: shorter audio is no utterance (any encoder)
LISTED = 5  # problems named in a check_audio error before "... and N more"

__all__ = [
    "AudioBatch",
    "AudioDataset",
    "AudioItem",
    "WaveTransform",
    "audio_problems",
    "check_audio",
    "check_decoded",
    "collate_audio",
    "describe_problem",
    "item_generator",
    "length_problem",
    "lengths_to_mask",
    "load_utterance",
]


class WaveTransform(Protocol):
    """A waveform transform that draws all its randomness from ``generator``. (S,) -> (S',)"""

    def __call__(self, wave: torch.Tensor, generator: torch.Generator) -> torch.Tensor: ...


WaveMeasure = Callable[[np.ndarray], Any]  # what a caller reads off a decoded wave (S,)


def lengths_to_mask(lengths: torch.Tensor, max_len: int | None = None) -> torch.Tensor:
    """Padding mask from lengths: (B,) -> (B, T) bool, **True at padding**.

    ``max_len`` defaults to the longest length. The mask is built on ``lengths.device``.
    """
    if max_len is None:
        max_len = int(lengths.max()) if lengths.numel() else 0
    steps = torch.arange(max_len, device=lengths.device)  # (T,)
    return steps[None, :] >= lengths[:, None]  # (B, T)


def item_generator(seed: int, epoch: int, index: int) -> torch.Generator:
    """A CPU generator seeded from ``(seed, epoch, index)``, independent of workers and order."""
    state = np.random.SeedSequence([seed, epoch, index]).generate_state(1, np.uint64)[0]
    return torch.Generator().manual_seed(int(state) >> (64 - SEED_BITS))


def load_utterance(utt: Utterance, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Load an utterance's audio, cut to its ``start``/``end`` segment. Returns float32 (S,).

    Raises :class:`AudioError` naming the file when it cannot be read or the segment is empty.
    """
    segmented = utt.is_segment
    if segmented and (span := _read_span(utt, sample_rate)) is not None:
        return span
    # a segment of a long recording (a Kaldi segments file) may come from a file of many hours
    limit = None if segmented else DEFAULT_MAX_SECONDS
    wave = load_audio(utt.audio, sample_rate, max_seconds=limit)  # (S,)
    if not segmented:
        return wave
    first = round(utt.start * sample_rate)
    last = wave.size if utt.end is None else min(round(utt.end * sample_rate), wave.size)
    if first >= last:
        raise AudioError(
            utt.audio,
            f"segment {utt.start}-{utt.end} s of utterance {utt.id!r} is empty or outside the "
            f"file ({wave.size / sample_rate:.2f} s)",
        )
    return wave[first:last]


def _read_span(utt: Utterance, sample_rate: int) -> np.ndarray | None:
    """A segment read by seeking to it (WAV, FLAC, OGG ...: what libsndfile reads) rather than
    decoding the whole recording, which made every 4 s segment of an hour-long file cost the
    hour. None when the file is not one libsndfile seeks in (the caller decodes it whole)."""
    try:
        with sf.SoundFile(utt.audio) as fh:
            if not fh.seekable():
                return None
            rate = fh.samplerate
            first = round(utt.start * rate)
            last = fh.frames if utt.end is None else min(round(utt.end * rate), fh.frames)
            if first >= last:
                return None  # the whole-file path names the problem
            fh.seek(first)
            data = fh.read(last - first, dtype="float32", always_2d=True)  # (S, C)
    except (sf.LibsndfileError, RuntimeError, OSError, ValueError):
        return None
    wave = downmix(data, utt.audio)
    if not len(wave) or not np.isfinite(wave).all():
        return None  # the whole-file path names the problem
    return np.ascontiguousarray(resample(wave, rate, sample_rate), dtype=np.float32)


def _header_problem(utt: Utterance) -> str | None:
    """What is wrong with an utterance's audio from its header alone (None: looks usable). A
    labeled WAV cut short is one: its transcript says more than its audio holds (a segment is
    checked against the samples the file holds, as the header reports them)."""
    try:
        length = usable_length(utt.audio)
    except AudioError as exc:
        return exc.problem
    segment = utt.is_segment  # checked against the samples held below
    if utt.text is not None and not segment and (problem := _cut_short(utt)):
        return problem
    return length_problem(utt, length)


def length_problem(utt: Utterance, length: float) -> str | None:
    """What is wrong with ``utt`` given its file's ``length`` (seconds, from the header, > 0): a
    segment outside the file, or a duration the manifest gets wrong; None when it fits. For a
    caller that has read the header already (for its sample rate, say): no second read."""
    if utt.is_segment:
        if utt.start >= length or (utt.end is not None and utt.end > length + DURATION_SLACK):
            return f"segment {utt.start}-{utt.end} s is outside the file ({length:.2f} s)"
    elif abs(length - utt.duration) > max(DURATION_SLACK, DURATION_SLACK_SHARE * length):
        factor = utt.duration / length
        unit = f" ({factor:.3g}x: {ANOTHER_UNIT})" if not 0.01 < factor < 100 else ""
        return f"the manifest says {utt.duration:.2f} s but the file holds {length:.2f} s{unit}"
    return None


def _cut_short(utt: Utterance) -> str | None:
    """The problem of a WAV whose header promises more samples than the file holds, else None."""
    if short := wav_shortfall(utt.audio):
        promised, held = short
        return f"cut short: its WAV header promises {promised} bytes of samples, it holds {held}"
    return None


def _decode_problem(utt: Utterance) -> str | None:
    """The header's problem, else what decoding the samples finds: NaN, a broken stream, an
    unlabeled WAV cut short (:func:`~yuyin.data.audio_files.wav_shortfall`; the header check
    finds labeled ones), less than :data:`MIN_DECODED_SECONDS` of audio, or silence (a peak
    under :data:`~yuyin.audio.SILENCE_DB` dBFS: a transcript over it teaches a recognizer noise)."""
    return _measured(utt, None)[0]


def _measured(utt: Utterance, measure: WaveMeasure | None) -> tuple[str | None, Any]:
    """:func:`_decode_problem` of ``utt`` and, when it has none, ``measure`` of the wave it
    decoded (None without ``measure``): what a caller wants of every clip costs no second decode.
    """
    problem = _header_problem(utt)
    if problem is not None:
        return problem, None
    try:
        wave = load_utterance(utt)
    except AudioError as exc:
        return exc.problem, None
    problem = _wave_problem(utt, wave)
    if problem is not None or measure is None:
        return problem, None
    return None, measure(wave)


def _wave_problem(utt: Utterance, wave: np.ndarray) -> str | None:
    """The problem the decoded ``wave`` (S,) of ``utt`` shows (:func:`_decode_problem`), or None."""
    if utt.text is None and (problem := _cut_short(utt)):
        return problem
    if wave.size < MIN_DECODED_SECONDS * SAMPLE_RATE:
        return f"only {1000 * wave.size / SAMPLE_RATE:.0f} ms of audio"
    peak = float(np.abs(wave).max())
    if peak <= 10 ** (SILENCE_DB / 20):
        if peak == 0:
            return "silent: all zeros"
        return f"silent (peak {20 * np.log10(peak):.0f} dBFS, under {SILENCE_DB:.0f} dBFS)"
    if holds_no_speech(wave):  # loud but flat: a constant (DC) level, as transcribe refuses
        return "no sound: a constant level (DC), nothing that varies"
    return None


def audio_problems(utts: Sequence[Utterance], decode: bool = False) -> list[tuple[Utterance, str]]:
    """The utterances whose audio is unusable, each with what is wrong, in manifest order.

    Reads headers only (threads), which finds missing, unreadable and empty files, segments
    outside their file and durations the manifest gets wrong; ``decode`` also decodes every file,
    which finds NaN samples and streams broken after the header, at the cost of reading it all.
    """
    check = _decode_problem if decode else _header_problem
    with ThreadPoolExecutor(max_workers=HEADER_THREADS) as pool:
        found = list(pool.map(check, utts))
    return [(utt, problem) for utt, problem in zip(utts, found, strict=True) if problem]


def _raise_problems(found: Sequence[tuple[Utterance, str]], total: int, what: str) -> None:
    """Raise the :class:`ManifestError` of :func:`check_audio` when ``found`` holds problems."""
    problems = [describe_problem(utt, problem) for utt, problem in found]
    if problems:
        more = len(problems) - LISTED
        listed = "\n  ".join(problems[:LISTED]) + (f"\n  ... and {more} more" if more > 0 else "")
        units = sum(ANOTHER_UNIT in p for p in problems)
        unit = f" (the manifest's durations disagree with the audio for {units}: {ANOTHER_UNIT})"
        raise ManifestError(
            f"{what}: {len(problems)} of {total} utterances have unusable audio"
            f"{unit if units else ''}; fix or drop them (`yuyin data check` writes a manifest "
            f"without them):\n  {listed}"
        )


def describe_problem(utt: Utterance, problem: str) -> str:
    """One line for an unusable utterance: its file, the problem and its id."""
    return f"{utt.audio} ({problem}; utterance {utt.id!r})"


def check_audio(utts: Sequence[Utterance], what: str, decode: bool = False) -> None:
    """Read every utterance's audio header before a run spends time on it (:func:`audio_problems`).

    Raises :class:`ManifestError` naming ``what`` (the manifest) and the first few files that are
    missing, unreadable, empty, cut outside their file, or not as long as the manifest says;
    ``decode`` also decodes them, which finds silent ones and NaN samples.
    """
    _raise_problems(audio_problems(utts, decode), len(utts), what)


def check_decoded(utts: Sequence[Utterance], what: str, measure: WaveMeasure) -> list[Any]:
    """:func:`check_audio` with ``decode``, and ``measure`` of each decoded wave (S,), in order:
    what a caller needs of every clip's samples (its edge silence, say) from the one decode the
    check makes, not a second pass that decodes them all again."""
    with ThreadPoolExecutor(max_workers=HEADER_THREADS) as pool:
        found = list(pool.map(lambda utt: _measured(utt, measure), utts))
    bad = [(utt, problem) for utt, (problem, _) in zip(utts, found, strict=True) if problem]
    _raise_problems(bad, len(utts), what)
    return [value for _, value in found]


def unlabeled_utterances(
    manifests: Sequence[str | os.PathLike], min_seconds: float, max_utterances: int = 0
) -> list[Utterance]:
    """The audio of ``manifests`` for a self-supervised run (pretraining, a vocoder): transcripts
    dropped, utterances under ``min_seconds`` left out, every header checked
    (:func:`check_audio`, which names the manifest), and with ``max_utterances`` a fixed subset
    of that many (by a hash of the id, so the same on every machine).

    Raises :class:`~yuyin.config.ConfigError` when no utterance is long enough.
    """
    from yuyin.config import ConfigError
    from yuyin.train.rng import derive_seed

    utts: list[Utterance] = []
    for path in manifests:
        listed = read_manifest(path)
        kept = [replace(u, text=None) for u in listed if u.duration >= min_seconds]
        if len(kept) < len(listed):
            log.warning(
                "%s: %d of %d utterances left out: shorter than %g s (data.min_seconds)",
                path,
                len(listed) - len(kept),
                len(listed),
                min_seconds,
            )
        check_audio(kept, str(path))
        utts += kept
    if not utts:
        raise ConfigError(f"no utterance of at least {min_seconds} s in {list(manifests)}")
    if max_utterances:
        utts = sorted(utts, key=lambda u: derive_seed("subset", u.id))[:max_utterances]
    return utts


@dataclass(frozen=True)
class AudioItem:
    """One loaded utterance: ``wave`` is float32 (S,) at the dataset's sample rate."""

    index: int
    id: str
    wave: torch.Tensor  # (S,)
    text: str | None
    speaker: str | None


@dataclass(frozen=True)
class AudioBatch:
    """Utterances padded with zeros into one tensor, with their lengths."""

    ids: list[str]
    wave: torch.Tensor  # (B, S) float32, zero-padded
    wave_lengths: torch.Tensor  # (B,) int64 samples
    texts: list[str | None]
    speakers: list[str | None]

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def padding_mask(self) -> torch.Tensor:
        """(B, S) bool, True at padding samples."""
        return lengths_to_mask(self.wave_lengths, self.wave.shape[1])

    def to(self, device: torch.device | str, non_blocking: bool = False) -> AudioBatch:
        """A copy with the tensors on ``device``."""
        return replace(
            self,
            wave=self.wave.to(device, non_blocking=non_blocking),
            wave_lengths=self.wave_lengths.to(device, non_blocking=non_blocking),
        )

    def pin_memory(self) -> AudioBatch:
        """Page-locked copy; ``DataLoader(pin_memory=True)`` calls this on custom batches."""
        return replace(
            self, wave=self.wave.pin_memory(), wave_lengths=self.wave_lengths.pin_memory()
        )


def collate_audio(items: Sequence[AudioItem]) -> AudioBatch:
    """Pad items into an :class:`AudioBatch`: waves (B, S) with zeros after each length."""
    if not items:
        raise ValueError("cannot collate an empty batch")
    lengths = torch.tensor([item.wave.numel() for item in items], dtype=torch.long)  # (B,)
    wave = torch.zeros(len(items), int(lengths.max()), dtype=torch.float32)  # (B, S)
    for row, item in enumerate(items):
        wave[row, : item.wave.numel()] = item.wave.reshape(-1)
    return AudioBatch(
        ids=[item.id for item in items],
        wave=wave,
        wave_lengths=lengths,
        texts=[item.text for item in items],
        speakers=[item.speaker for item in items],
    )


class AudioDataset(Dataset[AudioItem]):
    """Map-style dataset: ``dataset[i]`` loads utterance ``i`` as an :class:`AudioItem`.

    Args:
        utterances: the manifest, e.g. from ``read_manifest``.
        sample_rate: rate of the returned waves.
        max_seconds: unlabeled utterances longer than this are cut to a random window of this length
            (pretraining crops). A labeled utterance is never cut, since its text would no longer
            match: one longer than ``max_seconds`` is a ``ValueError`` here, at construction.
        transform: waveform transform (e.g. ``WaveAugment``), called as
            ``transform(wave, generator)``.
        seed: base seed of every item's generator.

    A bad audio file raises :class:`AudioError` naming it; the caller decides whether to skip.
    """

    def __init__(
        self,
        utterances: Sequence[Utterance],
        sample_rate: int = SAMPLE_RATE,
        max_seconds: float | None = None,
        transform: WaveTransform | None = None,
        seed: int = 0,
    ) -> None:
        self.utterances = list(utterances)
        self.sample_rate = sample_rate
        self.max_seconds = max_seconds
        self.transform = transform
        self.seed = seed
        self._max_samples = None if max_seconds is None else round(max_seconds * sample_rate)
        if max_seconds is not None:
            too_long = [
                u.id for u in self.utterances if u.text is not None and u.duration > max_seconds
            ]
            if too_long:
                raise ValueError(
                    f"{len(too_long)} labeled utterance(s) longer than max_seconds={max_seconds} "
                    f"cannot be cropped without cutting their text (first: {too_long[0]!r}); "
                    "filter the manifest or raise max_seconds"
                )
        # shared memory, so set_epoch also reaches persistent DataLoader workers
        self._epoch = torch.zeros((), dtype=torch.int64).share_memory_()

    def __len__(self) -> int:
        return len(self.utterances)

    @property
    def epoch(self) -> int:
        return int(self._epoch)

    def set_epoch(self, epoch: int) -> None:
        """Select the epoch that seeds every item's randomness (crop window, augmentation)."""
        self._epoch.fill_(epoch)

    @property
    def durations(self) -> list[float]:
        """Seconds per item as returned (after cropping), for :class:`DurationBatchSampler`.

        Speed perturbation changes lengths afterwards (factor 0.9 makes audio ~11% longer); leave
        room for it in the batch budget.
        """
        if self.max_seconds is None:
            return [u.duration for u in self.utterances]
        return [
            min(u.duration, self.max_seconds) if u.text is None else u.duration
            for u in self.utterances
        ]

    def __getitem__(self, index: int) -> AudioItem:
        index = operator.index(index)
        if index < 0:
            index += len(self)
        utt = self.utterances[index]
        generator = item_generator(self.seed, self.epoch, index)
        wave = load_utterance(utt, self.sample_rate)  # (S,)
        if self._max_samples is not None and utt.text is None and wave.size > self._max_samples:
            choices = wave.size - self._max_samples + 1
            offset = int(torch.randint(choices, (1,), generator=generator))
            wave = wave[offset : offset + self._max_samples]
        tensor = torch.from_numpy(np.ascontiguousarray(wave, dtype=np.float32))  # (S,)
        if self.transform is not None:
            tensor = self.transform(tensor, generator).to(torch.float32)
        return AudioItem(index, utt.id, tensor, utt.text, utt.speaker)
