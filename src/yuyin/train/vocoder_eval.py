"""The vocoder run's dev set: held-out files copy-synthesized and scored next to Griffin-Lim.

Every ``eval_every`` updates :class:`DevSet` re-synthesizes a few held-out files (``--dev``, else
utterances :func:`split_dev` holds out of the training manifests) from their own log-mels and
compares the result with the originals: log-mel L1, mel-cepstral distortion frame by frame
(:func:`yuyin.eval.tts.framewise_mel_cepstral_distortion`: copy-synthesis keeps the time axis, so
no DTW) and log-magnitude L1 at the STFT loss' resolutions; Griffin-Lim's scores on the same files
(``gl_*``) are computed once, as the baseline.

Shapes: S samples, T frames, M mel bins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn

from yuyin.audio import SAMPLE_RATE
from yuyin.config import ConfigError
from yuyin.data.dataset import load_utterance
from yuyin.data.manifest import Utterance
from yuyin.eval.tts import framewise_mel_cepstral_distortion
from yuyin.features import log_mel
from yuyin.models.griffin_lim import griffin_lim
from yuyin.models.vocoder import STFT_RESOLUTIONS, MultiResolutionSTFTLoss
from yuyin.train.checkpoint import derive_seed
from yuyin.train.loop import unwrap

__all__ = ["DevSet", "split_dev"]


@dataclass
class DevSet:
    """Held-out waveforms and their log-mels, with Griffin-Lim's scores computed once."""

    ids: list[str]
    waves: list[torch.Tensor]  # (S,) each
    mels: list[torch.Tensor]  # (T, M) each
    baseline: dict[str, float] = field(default_factory=dict)
    stft: MultiResolutionSTFTLoss = field(
        default_factory=lambda: MultiResolutionSTFTLoss(STFT_RESOLUTIONS)
    )

    @classmethod
    def from_utterances(cls, utterances: Sequence[Utterance], max_seconds: float) -> DevSet:
        limit = round(max_seconds * SAMPLE_RATE)
        waves = [torch.from_numpy(load_utterance(u)[:limit]) for u in utterances]
        dev = cls([u.id for u in utterances], waves, [log_mel(w) for w in waves])
        scores = dev.score(griffin_lim)
        dev.baseline = {name.replace("dev_", "gl_"): value for name, value in scores.items()}
        return dev

    def score(self, vocode: Any) -> dict[str, float]:
        """Means over the dev files of ``vocode(mel (T, M)) -> wave`` against the originals.

        ``dev_mel_l1`` and ``dev_mcd`` compare log-mels; ``dev_stft`` is the log-magnitude L1 at
        the STFT loss' resolutions (windows of 16 to 64 ms), where a phase that is inconsistent
        from frame to frame (Griffin-Lim's weakness) shows as smeared magnitudes.
        """
        l1, mcd, stft = [], [], []
        for wave, mel in zip(self.waves, self.mels, strict=True):
            out = vocode(mel)[: wave.numel()].float().cpu()  # (S,)
            again = log_mel(out)  # (T, M)
            l1.append(float((again - mel).abs().mean()))
            mcd.append(framewise_mel_cepstral_distortion(mel, again))
            stft.append(float(self.stft(out[None], wave[None])[1]))
        means = {"mel_l1": l1, "mcd": mcd, "stft": stft}
        return {f"dev_{name}": float(np.mean(values)) for name, values in means.items()}

    def evaluate(self, model: nn.Module) -> dict[str, float]:
        """The loop's ``eval_fn``: the vocoder's scores next to Griffin-Lim's."""
        vocoder = unwrap(model).vocoder
        return {**self.score(vocoder.synthesize), **self.baseline}


def split_dev(
    train_utts: list[Utterance], dev_utts: list[Utterance] | None, count: int
) -> tuple[list[Utterance], list[Utterance]]:
    """Training and dev utterances: ``count`` of ``dev_utts``, else held out of the training set."""
    if dev_utts is not None:
        return train_utts, dev_utts[:count]
    if count == 0:
        return train_utts, []
    if len(train_utts) <= count:
        raise ConfigError(
            f"{len(train_utts)} utterance(s) cannot spare {count} for dev: pass --dev or set "
            "data.dev_utterances=0"
        )
    ranked = sorted(train_utts, key=lambda u: derive_seed("vocoder-dev", u.id))
    held = {u.id for u in ranked[:count]}
    return [u for u in train_utts if u.id not in held], ranked[:count]
