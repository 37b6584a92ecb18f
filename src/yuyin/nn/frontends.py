"""Encoder frontends: from a padded waveform batch to a frame sequence, padding-exact.

* :func:`utterance_log_mel` - per-utterance normalized log-mels of a padded batch, identical to
  what each utterance gives alone (the STFT's end reflection is rebuilt per utterance).
* :class:`MelSubsampling` - two 3x3 conv2d over log-mels, stride 2 in frequency and 2 or 1 in
  time: 100 -> 25 frames/s (``time_subsampling=4``) or 50 frames/s (``time_subsampling=2``).
* :class:`WaveConvStack` - wav2vec 2.0's conv stack over samples: 320x, 16 kHz -> 50 frames/s,
  with per-frame LayerNorm (wav2vec 2.0's "layer_norm" mode, exact under padding; its GroupNorm
  mode normalizes over time and would see padding).

Shapes: B batch, S samples, T frames, M mel bins, C channels, F = output features.
"""

from __future__ import annotations

import torch
from torch import nn

from yuyin.audio import N_FFT, N_MELS
from yuyin.features import LogMel, num_frames
from yuyin.nn.masks import lengths_to_padding_mask

NORM_EPS = 1e-5  # variance floor of per-utterance normalization (a silent bin stays finite)
SUBSAMPLING_KERNEL = 3  # conv2d kernel over (time, mel)
SUBSAMPLING_STRIDE = 2  # per conv2d; two layers give 4x: 100 -> 25 frames/s
# wav2vec 2.0 feature extractor, (kernel, stride) per layer: 5 * 2**6 = 320 samples = 20 ms hop,
# 400-sample (25 ms) receptive field
WAVE_CONV_LAYERS: tuple[tuple[int, int], ...] = ((10, 5),) + ((3, 2),) * 4 + ((2, 2),) * 2


def normalize_utterances(
    x: torch.Tensor, padding_mask: torch.Tensor, eps: float = NORM_EPS
) -> torch.Tensor:
    """Zero mean, unit variance per utterance and channel over valid frames; padding set to 0.

    (B, T, F) -> (B, T, F); statistics ignore frames where ``padding_mask`` (B, T) is True.
    """
    valid = (~padding_mask)[:, :, None].to(x.dtype)  # (B, T, 1)
    count = valid.sum(dim=1, keepdim=True).clamp(min=1.0)  # (B, 1, 1)
    mean = (x * valid).sum(dim=1, keepdim=True) / count  # (B, 1, F)
    var = ((x - mean).square() * valid).sum(dim=1, keepdim=True) / count
    return (x - mean) * torch.rsqrt(var + eps) * valid


def _reflect_tails(wave: torch.Tensor, lengths: torch.Tensor, pad: int) -> torch.Tensor:
    """Append ``pad`` samples and write each utterance's end reflection after its last sample.

    (B, S) -> (B, S + pad). :class:`LogMel` reflects the end of a lone utterance (when it is longer
    than ``pad``); rebuilding that reflection in the batch makes the last frames match exactly.
    """
    batch, samples = wave.shape
    valid = ~lengths_to_padding_mask(lengths, samples)  # (B, S)
    out = nn.functional.pad(wave * valid, (0, pad))  # (B, S + pad), padding zeroed
    steps = torch.arange(pad, device=wave.device)  # (pad,)
    source = (lengths[:, None] - 2 - steps[None, :]).clamp(min=0)  # reflect excludes the edge
    values = out.gather(1, source)  # (B, pad)
    values = values * (lengths[:, None] > pad).to(values.dtype)  # short ones use zeros, as LogMel
    return out.scatter(1, lengths[:, None] + steps[None, :], values)


def utterance_log_mel(
    logmel: LogMel, wave: torch.Tensor, lengths: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Normalized log-mels of a padded batch. (B, S), (B,) -> (B, T, M), frame lengths (B,).

    Each utterance is mean/variance normalized per mel bin over its own frames, and padded frames
    are zero, so the result for an utterance does not depend on what it was batched with.
    """
    if wave.dim() != 2 or lengths.shape != (wave.shape[0],):
        raise ValueError(
            f"expected a batch of waves (B, S) and their lengths (B,), got {tuple(wave.shape)} "
            f"and {tuple(lengths.shape)}"
        )
    samples = wave.shape[1]
    if len(lengths) and not (int(lengths.min()) >= 0 and int(lengths.max()) <= samples):
        raise ValueError(f"lengths must lie in 0..{samples} samples, got {lengths.tolist()[:8]}")
    feats, _ = logmel(_reflect_tails(wave.float(), lengths, N_FFT // 2))  # (B, T', M)
    frames = int(num_frames(samples))
    frame_lengths = num_frames(lengths)  # (B,)
    padding = lengths_to_padding_mask(frame_lengths, frames)  # (B, T)
    return normalize_utterances(feats[:, :frames], padding), frame_lengths


def conv_output_lengths(lengths: torch.Tensor, kernel: int, stride: int) -> torch.Tensor:
    """Frames an unpadded conv (kernel, stride) keeps: ``(L - kernel) // stride + 1``, >= 0."""
    return torch.div(lengths - kernel, stride, rounding_mode="floor").add(1).clamp(min=0)


class MelSubsampling(nn.Module):
    """Conv2d subsampling over normalized log-mels: (B, T, M) -> (B, T // r, C * M'), r = 4 or 2.

    Both convs halve frequency; in time the first halves and the second halves (``r=4``, 25
    frames/s) or keeps (``r=2``, 50 frames/s: characters need it, see :class:`EncoderConfig`).
    No padding in time, so an output frame reads only input frames ``r t .. r t + 6`` (``r=4``) or
    ``2t .. 2t + 4`` (``r=2``); a valid output never reads padding.
    """

    def __init__(self, channels: int, n_mels: int = N_MELS, time_subsampling: int = 4) -> None:
        super().__init__()
        if time_subsampling not in (2, 4):
            raise ValueError(f"time_subsampling must be 2 or 4, got {time_subsampling}")
        k, s = SUBSAMPLING_KERNEL, SUBSAMPLING_STRIDE
        self.time_strides = (s, s) if time_subsampling == 4 else (s, 1)
        self.conv = nn.Sequential(
            nn.Conv2d(1, channels, k, (self.time_strides[0], s)),
            nn.ReLU(),
            nn.Conv2d(channels, channels, k, (self.time_strides[1], s)),
            nn.ReLU(),
        )
        freq = n_mels
        for _ in range(2):
            freq = (freq - k) // s + 1
        self.output_dim = channels * freq

    def output_lengths(self, lengths: torch.Tensor) -> torch.Tensor:
        """Output frames for input mel frame counts (B,) -> (B,)."""
        for stride in self.time_strides:
            lengths = conv_output_lengths(lengths, SUBSAMPLING_KERNEL, stride)
        return lengths

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        y = self.conv(mel[:, None])  # (B, C, T', M')
        return y.permute(0, 2, 1, 3).flatten(2)  # (B, T', C * M')


def strided_conv_gemm(x: torch.Tensor, weight: torch.Tensor, stride: int) -> torch.Tensor:
    """An unpadded, bias-free 1-D convolution in channels-last layout, as one or two GEMMs.

    (B, S, C_in), weight (C_out, C_in, k) with ``stride <= k <= 2 * stride`` -> (B, T, C_out),
    T = ``(S - k) // stride + 1``: the same numbers as ``nn.functional.conv1d`` on (B, C_in, S).
    The samples are viewed as (B * (T + 1), stride * C_in) rows (no im2col copy); output t reads
    row t through the first ``stride`` taps and the head of row t + 1 through the other ``k -
    stride``. On CPU this runs ~1.5x faster than the conv kernel on the wav2vec 2.0 stack, and the
    LayerNorm that follows needs no transposes.
    """
    batch, samples, channels = x.shape
    kernel = weight.shape[2]
    if not stride <= kernel <= 2 * stride:
        raise ValueError(f"strided_conv_gemm needs stride <= kernel <= 2 * stride, got {kernel}")
    frames = (samples - kernel) // stride + 1
    if frames < 1:
        raise ValueError(f"input of {samples} steps is shorter than the kernel ({kernel})")
    rows = stride * (frames + 1)  # samples the row view covers (the last row is partly padding)
    x = nn.functional.pad(x, (0, 0, 0, rows - samples)) if rows > samples else x[:, :rows]
    pairs = x.reshape(batch * (frames + 1), stride * channels)  # (B (T+1), s C_in)
    head = weight[:, :, :stride].transpose(1, 2).reshape(weight.shape[0], -1)  # (C_out, s C_in)
    out = (pairs @ head.t()).view(batch, frames + 1, -1)  # (B, T+1, C_out)
    if kernel == stride:
        return out[:, :frames]
    tail = weight[:, :, stride:].transpose(1, 2).reshape(weight.shape[0], -1)  # (C_out, r C_in)
    rest = (pairs[:, : tail.shape[1]] @ tail.t()).view(batch, frames + 1, -1)
    return out[:, :frames] + rest[:, 1:]  # (B, T, C_out)


WAVE_NORMS = ("layer", "group")  # per-frame LayerNorm after every conv, or wav2vec 2.0 base's


class ChannelNorm(nn.Module):
    """wav2vec 2.0 base's GroupNorm with a group per channel, over each utterance's own frames:
    (B, T, C), valid (B, T, 1) -> (B, T, C). Each channel is normalized over time; padded frames
    are left out of the statistics (torch's GroupNorm would count them)."""

    def __init__(self, channels: int, eps: float = 1e-5) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.eps = eps

    def forward(self, x: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
        count = valid.sum(1, keepdim=True).clamp(min=1.0)  # (B, 1, 1)
        mean = (x * valid).sum(1, keepdim=True) / count  # (B, 1, C)
        var = ((x - mean).square() * valid).sum(1, keepdim=True) / count
        return (x - mean) * torch.rsqrt(var + self.eps) * self.weight + self.bias


class WaveConvStack(nn.Module):
    """wav2vec 2.0 feature extractor: (B, S) -> (B, T, C), conv + norm + GELU per layer.

    ``norm="layer"``: a LayerNorm after every conv (wav2vec 2.0 large's "layer" mode, exact under
    padding); ``"group"``: a :class:`ChannelNorm` after the first conv only (base's "group"
    mode, over valid frames). ``bias``: convs with a bias (large) or without (base). The convs
    keep ``nn.Conv1d`` parameters (checkpoint layout) and run as :func:`strided_conv_gemm` in
    channels-last layout.
    """

    def __init__(self, channels: int, norm: str = "layer", bias: bool = False) -> None:
        super().__init__()
        if norm not in WAVE_NORMS:
            raise ValueError(f"wave frontend norm must be one of {WAVE_NORMS}, got {norm!r}")
        self.norm_kind = norm
        self.convs = nn.ModuleList()
        self.norms = nn.ModuleList()
        in_channels = 1
        for i, (kernel, stride) in enumerate(WAVE_CONV_LAYERS):
            self.convs.append(nn.Conv1d(in_channels, channels, kernel, stride, bias=bias))
            if norm == "layer":
                self.norms.append(nn.LayerNorm(channels))
            elif i == 0:
                self.norms.append(ChannelNorm(channels))
            in_channels = channels
        self.output_dim = channels

    @staticmethod
    def output_lengths(lengths: torch.Tensor) -> torch.Tensor:
        """Output frames for sample counts (B,) -> (B,)."""
        for kernel, stride in WAVE_CONV_LAYERS:
            lengths = conv_output_lengths(lengths, kernel, stride)
        return lengths

    def forward(self, wave: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """(B, S) and the valid samples (B,) (all S when None; "group" norm uses them)."""
        x = wave[:, :, None]  # (B, S, 1)
        for i, ((kernel, stride), conv) in enumerate(
            zip(WAVE_CONV_LAYERS, self.convs, strict=True)
        ):
            x = strided_conv_gemm(x, conv.weight, stride)  # (B, T, C)
            if conv.bias is not None:
                x = x + conv.bias
            if self.norm_kind == "layer":
                x = self.norms[i](x)
            elif i == 0:
                frames = torch.arange(x.shape[1], device=x.device)
                if lengths is None:
                    valid = torch.ones(x.shape[0], x.shape[1], 1, device=x.device, dtype=x.dtype)
                else:
                    kept = conv_output_lengths(lengths.to(x.device), kernel, stride)  # (B,)
                    valid = (frames[None, :] < kept[:, None]).to(x.dtype)[:, :, None]
                x = self.norms[0](x, valid)
            x = nn.functional.gelu(x)
        return x
