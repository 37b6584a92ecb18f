"""K-means frame labels for HuBERT: fit clusters once, then label any waveform on the fly.

Iteration 1 clusters MFCCs (13 + deltas + delta-deltas, HuBERT's 39 dims); iteration 2 clusters a
layer of an encoder trained in iteration 1 (the *teacher*). Labels are produced at the encoder frame
rate: MFCCs (100 frames/s) are averaged over the log-mel frames of each encoder frame.

:class:`KMeansLabeler` holds the centroids as a buffer (and the frozen teacher as a submodule), so a
HuBERT checkpoint that contains it can label new audio by itself::

    labeler = KMeansLabeler(num_clusters=100, frames_per_label=encoder.mel_frames_per_frame)
    labeler.fit([(wave, wave_lengths), ...], seed=0)   # MiniBatchKMeans on all valid frames
    targets = labeler(wave, wave_lengths)              # (B, T) cluster ids, IGNORE_INDEX at padding

Shapes: B batch, S samples, T frames, F feature channels, K clusters, N frames pooled over a corpus.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import torch
from torch import nn

from yuyin.extras import MissingPackageError
from yuyin.features import LogMel
from yuyin.models.encoder import SpeechEncoder
from yuyin.nn.frontends import utterance_log_mel
from yuyin.nn.masks import lengths_to_padding_mask

IGNORE_INDEX = -100  # label of padded frames; torch cross-entropy's default ignore_index
N_MFCC = 13  # cepstral coefficients, as in HuBERT iteration 1
DELTA_WINDOW = 2  # frames either side in the delta regression (HTK default)
SOURCES = ("mfcc", "teacher")


def mfcc_from_log_mel(mel: torch.Tensor, n_mfcc: int = N_MFCC) -> torch.Tensor:
    """Orthonormal DCT-II of log-mels, first ``n_mfcc`` coefficients. (B, T, M) -> (B, T, n)."""
    bins = mel.shape[-1]
    k = torch.arange(n_mfcc, dtype=mel.dtype, device=mel.device)[None, :]  # (1, n)
    m = torch.arange(bins, dtype=mel.dtype, device=mel.device)[:, None]  # (M, 1)
    dct = torch.cos(math.pi / bins * (m + 0.5) * k) * math.sqrt(2.0 / bins)  # (M, n)
    dct[:, 0] /= math.sqrt(2.0)
    return mel @ dct


def _take(y: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
    """Frames of y (B, T, F) at index (B, T) -> (B, T, F)."""
    return y.gather(1, index[:, :, None].expand(-1, -1, y.shape[2]))


def _delta(y: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Regression delta over +-DELTA_WINDOW frames, edges repeated inside each utterance."""
    steps = torch.arange(y.shape[1], device=y.device)[None, :]  # (1, T)
    last = (lengths.to(y.device)[:, None] - 1).clamp(0, y.shape[1] - 1)  # (B, 1)
    total = torch.zeros_like(y)
    for n in range(1, DELTA_WINDOW + 1):
        ahead = torch.minimum(steps + n, last)  # (B, T)
        behind = torch.minimum((steps - n).clamp(min=0), last)
        total = total + n * (_take(y, ahead) - _take(y, behind))
    return total / (2 * sum(n * n for n in range(1, DELTA_WINDOW + 1)))


def add_deltas(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Append deltas and delta-deltas, computed within each utterance's valid frames.

    (B, T, F), lengths (B,) -> (B, T, 3F).
    """
    first = _delta(x, lengths)
    return torch.cat([x, first, _delta(first, lengths)], dim=-1)


def fit_kmeans(
    features: torch.Tensor | np.ndarray,
    k: int,
    seed: int = 0,
    batch_size: int = 10000,
    max_iter: int = 100,
    n_init: int = 3,
) -> torch.Tensor:
    """MiniBatchKMeans (k-means++ init, scikit-learn) on frames. (N, F) -> centroids (K, F)."""
    try:
        from sklearn.cluster import MiniBatchKMeans  # optional dependency: yuyin[ssl]
    except ModuleNotFoundError:
        raise MissingPackageError(
            "HuBERT's k-means targets need scikit-learn: pip install 'yuyin[ssl]'"
        ) from None

    data = features.detach().cpu().numpy() if isinstance(features, torch.Tensor) else features
    data = np.asarray(data, dtype=np.float32)
    if data.ndim != 2 or data.shape[0] < k:
        raise ValueError(f"need at least k={k} frames of shape (N, F), got {data.shape}")
    km = MiniBatchKMeans(
        n_clusters=k,
        init="k-means++",
        batch_size=min(batch_size, data.shape[0]),
        max_iter=max_iter,
        n_init=n_init,
        random_state=seed,
        reassignment_ratio=0.0,  # as HuBERT: do not re-seed small clusters mid-fit
    )
    km.fit(data)
    return torch.from_numpy(km.cluster_centers_.astype(np.float32))


def assign_targets(
    features: torch.Tensor, centroids: torch.Tensor, padding_mask: torch.Tensor | None = None
) -> torch.Tensor:
    """Nearest centroid (Euclidean) per frame. (B, T, F), (K, F) -> (B, T) long.

    Frames where ``padding_mask`` (B, T) is True get :data:`IGNORE_INDEX`.
    """
    flat = features.float().reshape(-1, features.shape[-1])  # (B*T, F)
    c = centroids.float().to(flat.device)
    dist = flat.square().sum(1, keepdim=True) - 2 * flat @ c.T + c.square().sum(1)[None, :]
    ids = dist.argmin(dim=1).view(features.shape[:-1])  # (B, T)
    if padding_mask is not None:
        ids = ids.masked_fill(padding_mask, IGNORE_INDEX)
    return ids


class KMeansLabeler(nn.Module):
    """Waveforms -> k-means cluster ids at the encoder frame rate; centroids stored as a buffer.

    ``source="mfcc"``: 39-dim MFCCs averaged over ``frames_per_label`` log-mel frames (the
    student encoder's ``mel_frames_per_frame``). ``source="teacher"``: ``teacher.layer_hiddens
    [layer]`` of a frozen encoder (kept in eval mode, excluded from gradients).
    """

    def __init__(
        self,
        num_clusters: int,
        source: str = "mfcc",
        frames_per_label: int = 4,
        teacher: SpeechEncoder | None = None,
        layer: int = -1,
    ) -> None:
        super().__init__()
        if source not in SOURCES:
            raise ValueError(f"source={source!r}; expected one of {SOURCES}")
        if (source == "teacher") != (teacher is not None):
            raise ValueError("pass a teacher encoder exactly when source='teacher'")
        self.num_clusters, self.source = num_clusters, source
        self.frames_per_label, self.layer = frames_per_label, layer
        self.logmel = LogMel()
        self.teacher = teacher
        if teacher is not None:
            teacher.requires_grad_(False)
            teacher.eval()
        dim = 3 * N_MFCC if teacher is None else teacher.config.dim
        self.register_buffer("centroids", torch.zeros(num_clusters, dim))  # (K, F)
        self.register_buffer("fitted", torch.tensor(False))

    def train(self, mode: bool = True) -> KMeansLabeler:
        super().train(mode)
        if self.teacher is not None:
            self.teacher.eval()  # a teacher's dropout would make labels random
        return self

    @torch.no_grad()
    def features(
        self, wave: torch.Tensor, wave_lengths: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Frames to cluster: (B, S), (B,) -> (B, T, F), valid frames (B,)."""
        wave_lengths = wave_lengths.to(device=wave.device, dtype=torch.long)
        if self.teacher is not None:
            out = self.teacher(wave, wave_lengths)
            return out.layer_hiddens[self.layer].float(), out.lengths
        mel, mel_lengths = utterance_log_mel(self.logmel, wave, wave_lengths)  # (B, T_mel, M)
        feats = add_deltas(mfcc_from_log_mel(mel), mel_lengths)  # (B, T_mel, 39)
        k = self.frames_per_label
        frames = feats.shape[1] // k
        pooled = feats[:, : frames * k].reshape(feats.shape[0], frames, k, -1).mean(dim=2)
        return pooled, mel_lengths // k  # (B, T, 39)

    @torch.no_grad()
    def fit(
        self,
        batches: Iterable[tuple[torch.Tensor, torch.Tensor]],
        seed: int = 0,
        max_frames: int = 1_000_000,
    ) -> KMeansLabeler:
        """Fit the centroids on the valid frames of ``(wave (B, S), wave_lengths (B,))`` batches.

        Stops collecting after ``max_frames`` frames (HuBERT fits on a subset of the corpus).
        """
        chunks, total = [], 0
        for wave, wave_lengths in batches:
            feats, lengths = self.features(wave, wave_lengths)
            valid = ~lengths_to_padding_mask(lengths, feats.shape[1])
            chunks.append(feats[valid].cpu())  # (N_b, F)
            total += chunks[-1].shape[0]
            if total >= max_frames:
                break
        if not chunks:
            raise ValueError("KMeansLabeler.fit got no batches")
        data = torch.cat(chunks)[:max_frames]
        self.centroids.copy_(fit_kmeans(data, self.num_clusters, seed))
        self.fitted.fill_(True)
        return self

    @torch.no_grad()
    def forward(self, wave: torch.Tensor, wave_lengths: torch.Tensor) -> torch.Tensor:
        """Cluster ids: (B, S), (B,) -> (B, T) long, :data:`IGNORE_INDEX` at padding."""
        if not bool(self.fitted):
            raise RuntimeError("KMeansLabeler has no centroids yet: call fit() first")
        feats, lengths = self.features(wave, wave_lengths)
        padding = lengths_to_padding_mask(lengths, feats.shape[1])
        return assign_targets(feats, self.centroids, padding)
