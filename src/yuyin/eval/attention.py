"""What each attention head of a speech encoder looks at: how far, and how spread out.

Interpretability beside the layer probes (:mod:`yuyin.eval.probe`): for every self-attention
layer and head of an encoder, over a set of utterances, two numbers from its attention weights
``w[i, j]`` (query frame ``i``, key frame ``j``, each row summing to 1):

* ``distance_s``: the mean over queries of ``sum_j w[i, j] |i - j|``, in seconds. Heads with a
  small distance look at the phone around the frame (local, convolution-like); large ones at
  the rest of the utterance (speaker, channel, context).
* ``entropy``: the mean over queries of the entropy of ``w[i, :]`` divided by ``log T`` (0: all
  weight on one frame, 1: spread evenly over the utterance). A layer whose heads are all near 1
  attends uniformly: it averages, it does not select.

The weights are recomputed from each layer's input with forward hooks on its
:class:`~yuyin.nn.attention.MultiHeadAttention` (the fused kernel does not return them), one
utterance at a time (no padding), in eval mode; the model is not changed.

    stats = attention_stats(recognizer.model.encoder, read_manifest("dev.jsonl")[:20])
    stats.layers[0].distance_s   # per head
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from yuyin.audio import SAMPLE_RATE
from yuyin.data.dataset import load_utterance
from yuyin.data.manifest import Utterance
from yuyin.nn.attention import MultiHeadAttention
from yuyin.nn.device import module_device

__all__ = ["AttentionStats", "LayerAttention", "attention_stats", "format_attention"]

MAX_SECONDS = 30.0  # longer utterances are cut: a T x T matrix per head


@dataclass(frozen=True)
class LayerAttention:
    """One attention layer: per head, the mean attention distance (s) and normalized entropy."""

    layer: int  # 1-based, as the probe's layers count blocks
    distance_s: tuple[float, ...]
    entropy: tuple[float, ...]


@dataclass(frozen=True)
class AttentionStats:
    layers: tuple[LayerAttention, ...]
    utterances: int
    frame_rate: float

    def to_dict(self) -> dict:
        return {
            "utterances": self.utterances,
            "frame_rate": self.frame_rate,
            "layers": [
                {
                    "layer": x.layer,
                    "distance_s": [round(d, 3) for d in x.distance_s],
                    "entropy": [round(e, 3) for e in x.entropy],
                }
                for x in self.layers
            ],
        }


def _weights(module: MultiHeadAttention, x: torch.Tensor) -> torch.Tensor:
    """(H, T, T) attention weights of ``module`` for one unpadded input x (1, T, D)."""
    _, frames, dim = x.shape
    qkv = module.qkv(x).view(1, frames, 3, module.heads, dim // module.heads)
    q, k, _ = qkv.permute(2, 0, 3, 1, 4).unbind(0)  # (1, H, T, Dh)
    if module.rotary is not None:
        q, k = module.rotary(q), module.rotary(k)
    scores = q[0] @ k[0].transpose(-1, -2) / math.sqrt(dim // module.heads)  # (H, T, T)
    return scores.float().softmax(dim=-1)


@torch.no_grad()
def attention_stats(encoder: torch.nn.Module, utterances: Sequence[Utterance]) -> AttentionStats:
    """Per attention layer and head of ``encoder``, the module doc's two numbers, averaged over
    the frames of ``utterances`` (each cut to :data:`MAX_SECONDS`). ValueError when the encoder
    has no self-attention (a convolution-only model) or no utterance is given."""
    modules = [m for m in encoder.modules() if isinstance(m, MultiHeadAttention)]
    if not modules:
        raise ValueError("this encoder has no self-attention layers to look into")
    if not utterances:
        raise ValueError("no utterance to look at attention on")
    frame_rate = float(getattr(encoder, "frame_rate", 50.0))
    sums = [torch.zeros(2, m.heads, dtype=torch.float64) for m in modules]  # distance, entropy
    counts = [0] * len(modules)

    def hook(index: int):
        def record(module: MultiHeadAttention, args: tuple, _output: torch.Tensor) -> None:
            w = _weights(module, args[0])  # (H, T, T)
            frames = w.shape[-1]
            steps = torch.arange(frames, device=w.device, dtype=torch.float32)
            gap = (steps[:, None] - steps[None, :]).abs()  # (T, T)
            distance = (w * gap).sum(-1).mean(-1)  # (H,)
            spread = -(w * w.clamp_min(1e-12).log()).sum(-1).mean(-1)  # (H,)
            spread = spread / math.log(frames) if frames > 1 else torch.zeros_like(spread)
            sums[index][0] += distance.double().cpu() * frames
            sums[index][1] += spread.double().cpu() * frames
            counts[index] += frames

        return record

    handles = [m.register_forward_hook(hook(i)) for i, m in enumerate(modules)]
    was_training = encoder.training
    encoder.eval()
    device = module_device(encoder)
    try:
        for utt in utterances:
            wave = torch.from_numpy(load_utterance(utt)[: int(MAX_SECONDS * SAMPLE_RATE)])
            encoder(wave[None].to(device), torch.tensor([len(wave)], device=device))
    finally:
        for handle in handles:
            handle.remove()
        encoder.train(was_training)
    layers = []
    for i, (total, n) in enumerate(zip(sums, counts, strict=True)):
        mean = total / max(n, 1)
        layers.append(
            LayerAttention(
                i + 1,
                tuple((mean[0] / frame_rate).tolist()),
                tuple(mean[1].tolist()),
            )
        )
    return AttentionStats(tuple(layers), len(utterances), frame_rate)


def format_attention(stats: AttentionStats) -> str:
    """One line per layer: each head's mean distance (s) and entropy, ``L1 0.05s/0.31 ...``."""
    return "\n".join(
        f"attention L{x.layer} "
        + " ".join(f"{d:.2f}s/{e:.2f}" for d, e in zip(x.distance_s, x.entropy, strict=True))
        for x in stats.layers
    )
