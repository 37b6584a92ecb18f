"""yuyin (语音): pretrain speech and text models on unlabeled data, fine-tune them for ASR and TTS.

Offline first: nothing here opens a network connection. The public API is small and stable;
modules behind it may change.

    >>> import yuyin
    >>> wave = yuyin.load_audio("clip.flac")          # (S,) float32 at 16 kHz  # doctest: +SKIP
    >>> encoder = yuyin.load("runs/w2v/encoder")      # any saved yuyin model  # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from yuyin import _cpu_load  # noqa: F401  (first: CPU counters before torch loads, for the CLI)

if TYPE_CHECKING:
    from collections.abc import Collection

    import numpy as np
    import torch
    from torch import nn

    from yuyin.audio import AudioError, as_mono, load_audio, save_audio
    from yuyin.features import log_mel
    from yuyin.train.loop import TrainResult
    from yuyin.train.pretrain import PretrainSettings
    from yuyin.transcribe import Recognizer, Transcript
    from yuyin.voice import Voice

__version__ = "0.1.0"

__all__ = [
    "AudioError",
    "__version__",
    "as_mono",
    "load",
    "load_audio",
    "log_mel",
    "pretrain",
    "recognize",
    "save_audio",
    "synthesize",
]

# the audio and feature functions load when first used: `import yuyin` (and the CLI's start,
# `yuyin --help`, dictionary words of `yuyin g2p`) does not import torch, ~2 s on a small CPU
_LAZY = {
    "AudioError": "yuyin.audio",
    "as_mono": "yuyin.audio",
    "load_audio": "yuyin.audio",
    "save_audio": "yuyin.audio",
    "log_mel": "yuyin.features",
}


def __getattr__(name: str) -> object:
    import importlib
    import importlib.util

    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # once
        return value
    if name.isidentifier() and not name.startswith("_"):  # `yuyin.audio.frame_db` as before
        spec = importlib.util.find_spec(f"yuyin.{name}")
        if spec is not None and spec.origin is not None:  # a module, not a data folder
            return importlib.import_module(f"yuyin.{name}")
    raise AttributeError(f"module 'yuyin' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


# where a run keeps its model, in this order ("lm": lm train's; a g2p run's "encoder" is its
# character pretraining, not a model to load: its "model" is)
_RUN_MODEL_DIRS = ("encoder", "model", "decoder", "lm")
_NOT_RUN_MODELS = frozenset({"g2p-char-encoder"})
_BUNDLED = "bundled"  # load("bundled", kinds={KIND}): the model of that kind shipped in the package
_BUNDLED_KINDS = ("asr", "encoder", "g2p", "lm")  # assets/models/KIND holds a model of kind KIND


def load(
    path: str | os.PathLike, device: str = "cpu", kinds: Collection[str] | None = None
) -> nn.Module:
    """Load a saved yuyin model (a folder with ``config.json`` + ``model.safetensors``).

    A training run folder works too: a pretraining run's ``encoder/`` is loaded, else the
    ``model/`` that fine-tuning, TTS, vocoder and G2P training write, else a ``tts pretrain``
    run's ``decoder/``, else ``lm train``'s ``lm/`` (of ``kinds``, when given). ``kinds``
    restricts the model kinds accepted (``ModelLoadError`` naming the folder's kind otherwise).
    ``"bundled"`` with one kind loads the model of that kind shipped in the package
    (``load("bundled", kinds={"asr"})``: ``asr``, ``encoder``, ``g2p`` or ``lm``; the voice is
    :meth:`yuyin.voice.Voice.load`). A Hugging Face wav2vec 2.0 or HuBERT folder (``config.json``
    + ``model.safetensors`` or ``pytorch_model.bin``, saved beforehand: nothing is downloaded)
    loads as an encoder, or a recognizer when it has its CTC head and ``vocab.json``
    (:mod:`yuyin.models.hf_encoder`).
    """
    from pathlib import Path

    from yuyin.hub import CONFIG_FILE, load_model

    path = Path(os.fsdecode(path))  # bytes too
    if str(path) == _BUNDLED and not path.exists():
        path = _bundled(kinds)
    if not (path / CONFIG_FILE).is_file():
        found = (path / sub for sub in _RUN_MODEL_DIRS if _run_model_fits(path / sub, kinds))
        path = next(found, path)
    return load_model(path, device, kinds)


def _run_model_fits(folder: os.PathLike, kinds: Collection[str] | None) -> bool:
    """Whether a run's sub-folder holds a model to load (of one of ``kinds``, when given)."""
    import json
    from pathlib import Path

    try:
        text = (Path(folder) / "config.json").read_text(encoding="utf-8")
        kind = json.loads(text).get("kind")
    except (OSError, ValueError, AttributeError):
        return False
    return kind not in _NOT_RUN_MODELS and (kinds is None or kind in kinds)


def _bundled(kinds: Collection[str] | None) -> os.PathLike:
    """The shipped model folder of the one kind in ``kinds``; ModelLoadError otherwise."""
    from pathlib import Path

    from yuyin.hub import ModelLoadError

    shipped = Path(__file__).parent / "assets" / "models"
    wanted = {kinds} if isinstance(kinds, str) else set(kinds or ())
    matches = [kind for kind in _BUNDLED_KINDS if kind in wanted]
    if len(matches) != 1:
        raise ModelLoadError(
            f"'bundled' names one of the models shipped with yuyin; pass kinds= one of "
            f"{', '.join(_BUNDLED_KINDS)} (got {sorted(wanted) or None}); the shipped voice "
            "is yuyin.voice.Voice.load('bundled')"
        )
    return shipped / matches[0]


def synthesize(
    text: str,
    voice: str | os.PathLike | Voice | None = None,
    speed: float | None = None,
    speaker: int | str | None = None,
) -> tuple[np.ndarray, int]:
    """Speak ``text`` with a voice folder or a loaded :class:`~yuyin.voice.Voice` (default: the
    bundled voice); ``speed`` overrides the voice's own (1.0 unless set), ``speaker`` its
    speaker (an id, or a name a multi-speaker voice was trained with).

    Returns ``(samples, sample_rate)``: (S,) float32 in [-1, 1] at 16 kHz. Sentences with nothing
    pronounceable give silence; text with none at all (``""``, ``"?!"``) gives one sentence gap
    of it (0.2 s by default), the audio ``yuyin say`` writes, never an empty array. ``text``
    must be a str (bytes: decode first) and ``speed`` a number within 0.25..4: a wrong type is
    a TypeError and a speed out of range a ValueError (``VoiceError``), each naming the
    argument. See :mod:`yuyin.voice` for streaming and options.
    """
    from yuyin.voice import synthesize as _synthesize

    return _synthesize(text, voice, speed, speaker)


def recognize(
    audio: str | bytes | os.PathLike | np.ndarray | torch.Tensor,
    model: str | os.PathLike | Recognizer | None = None,
    sample_rate: int | None = None,
) -> Transcript:
    """Transcribe an audio file, or an array of samples at ``sample_rate`` (default 16000; a
    file's own rate is read from it), with a model folder
    or a loaded :class:`~yuyin.transcribe.Recognizer` (default: the bundled recognizer, greedy,
    loaded once). Returns a :class:`~yuyin.transcribe.Transcript` (``.text``, ``.words`` with
    times in seconds). The counterpart of :func:`synthesize`; see :mod:`yuyin.transcribe` for
    beam search, LMs and hotwords.
    """
    from yuyin.transcribe import recognize as _recognize

    return _recognize(audio, model, sample_rate)


def pretrain(
    manifests: list[str | os.PathLike],
    out_dir: str | os.PathLike,
    settings: PretrainSettings | None = None,
    resume: bool = False,
) -> TrainResult:
    """Pretrain a speech encoder on the audio of ``manifests`` (see :mod:`yuyin.train.pretrain`)."""
    from yuyin.train.pretrain import PretrainSettings
    from yuyin.train.pretrain import pretrain as _pretrain

    return _pretrain(manifests, settings or PretrainSettings(), out_dir, resume=resume)
