"""Dynamic time warping distance between two log-mels: how close synthesized speech is to a
recording of the same sentence when their timing differs (TTS dev scores)."""

from __future__ import annotations

import numpy as np
import torch

__all__ = ["dtw_l1"]


def dtw_l1(pred: torch.Tensor, ref: torch.Tensor) -> float:
    """Mean L1 (per bin) between two log-mels (T1, M), (T2, M) along their best DTW path.

    Steps (1, 0), (0, 1), (1, 1); the accumulated cost is divided by the path length. The
    recursion runs over anti-diagonals, each computed at once.
    """
    cost = torch.cdist(pred.double()[None], ref.double()[None], p=1)[0].numpy()  # (T1, T2)
    cost /= pred.shape[1]
    rows, cols = cost.shape
    total = np.full((rows + 1, cols + 1), np.inf)
    steps = np.zeros((rows + 1, cols + 1))
    total[0, 0] = 0.0
    for diagonal in range(rows + cols - 1):
        i = np.arange(max(0, diagonal - cols + 1), min(rows, diagonal + 1))  # 0-based rows
        j = diagonal - i
        options = np.stack([total[i, j + 1], total[i + 1, j], total[i, j]])  # up, left, diagonal
        lengths = np.stack([steps[i, j + 1], steps[i + 1, j], steps[i, j]])
        best = options.argmin(axis=0)
        pick = np.arange(len(i))
        total[i + 1, j + 1] = options[best, pick] + cost[i, j]
        steps[i + 1, j + 1] = lengths[best, pick] + 1
    return float(total[rows, cols] / steps[rows, cols])
