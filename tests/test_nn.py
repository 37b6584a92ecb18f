"""Building blocks: masks, attention, positions, blocks and frontends, padding exactness."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from yuyin.features import LogMel, num_frames
from yuyin.nn.attention import MultiHeadAttention
from yuyin.nn.blocks import ConformerBlock, TransformerBlock
from yuyin.nn.device import module_device
from yuyin.nn.frontends import (
    MelSubsampling,
    WaveConvStack,
    normalize_utterances,
    strided_conv_gemm,
    utterance_log_mel,
)
from yuyin.nn.masks import compute_span_mask, lengths_to_padding_mask
from yuyin.nn.positions import ConvPositionalEmbedding, RotaryEmbedding


def _runs(row: torch.Tensor) -> list[tuple[int, int]]:
    """(start, length) of the runs of True in a 1-D bool tensor."""
    runs, start = [], None
    for t, value in enumerate(row.tolist() + [False]):
        if value and start is None:
            start = t
        elif not value and start is not None:
            runs.append((start, t - start))
            start = None
    return runs


def test_lengths_to_padding_mask() -> None:
    mask = lengths_to_padding_mask(torch.tensor([3, 1, 0]), 4)
    expected = torch.tensor(
        [[False, False, False, True], [False, True, True, True], [True, True, True, True]]
    )
    assert torch.equal(mask, expected)
    assert lengths_to_padding_mask(torch.tensor([2, 5])).shape == (2, 5)


def test_span_mask_ratio_matches_overlapping_spans() -> None:
    gen = torch.Generator().manual_seed(0)
    lengths = torch.full((64,), 1000)
    mask = compute_span_mask((64, 1000), lengths, 0.65, 10, generator=gen)
    # starts at rate p/span with overlap: hidden fraction ~ 1 - exp(-p) (0.478), not p
    assert abs(mask.float().mean().item() - (1 - math.exp(-0.65))) < 0.03


def test_span_mask_spans_never_in_padding_and_min_masks() -> None:
    gen = torch.Generator().manual_seed(1)
    lengths = torch.tensor([50, 23, 7, 100])
    mask = compute_span_mask((4, 100), lengths, 0.5, 5, min_masks=2, generator=gen)
    padding = lengths_to_padding_mask(lengths, 100)
    assert not (mask & padding).any()
    for b in range(4):
        runs = _runs(mask[b])
        assert runs, "min_masks=2 must hide something"
        assert all(length >= 5 for _, length in runs)  # whole spans (merged when overlapping)
        assert mask[b].sum() < lengths[b]  # one frame stays visible


def test_span_mask_short_and_empty_utterances() -> None:
    lengths = torch.tensor([3, 1, 0])
    mask = compute_span_mask((3, 4), lengths, 1.0, 10, min_masks=5)
    assert mask[0].sum() == 2 and not mask[0, 3]  # one span, cut to length - 1
    assert not mask[1:].any()


def test_span_mask_is_deterministic_with_generator() -> None:
    lengths = torch.tensor([80, 60])
    a = compute_span_mask((2, 80), lengths, 0.65, 4, generator=torch.Generator().manual_seed(7))
    b = compute_span_mask((2, 80), lengths, 0.65, 4, generator=torch.Generator().manual_seed(7))
    c = compute_span_mask((2, 80), lengths, 0.65, 4, generator=torch.Generator().manual_seed(8))
    assert torch.equal(a, b)
    assert not torch.equal(a, c)


def test_span_mask_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        compute_span_mask((1, 10), torch.tensor([10]), 1.5, 2)
    with pytest.raises(ValueError):
        compute_span_mask((1, 10), torch.tensor([10]), 0.5, 0)


def _pad_garbage(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    padding = lengths_to_padding_mask(lengths, x.shape[1])
    return torch.where(padding[:, :, None], torch.randn_like(x) * 100, x)


@pytest.mark.parametrize(
    "make",
    [
        lambda: MultiHeadAttention(16, 4),
        lambda: MultiHeadAttention(16, 4, rotary=True),
        lambda: TransformerBlock(16, 4, 2, 0.0, 0.0),
        lambda: ConformerBlock(16, 4, 2, 5, 0.0, 0.0, rotary=True),
    ],
)
def test_layers_ignore_padding(make) -> None:
    torch.manual_seed(0)
    layer = make().eval()
    lengths = torch.tensor([9, 5])
    x = torch.randn(2, 9, 16)
    padding = lengths_to_padding_mask(lengths, 9)
    batched = layer(_pad_garbage(x, lengths), padding)
    for b, length in enumerate(lengths.tolist()):
        alone = layer(x[b : b + 1, :length], None)
        torch.testing.assert_close(batched[b : b + 1, :length], alone, atol=1e-5, rtol=1e-4)


def test_conv_positions_ignore_padding() -> None:
    torch.manual_seed(0)
    pos = ConvPositionalEmbedding(16, kernel_size=8, groups=4)
    lengths = torch.tensor([12, 7])
    x = torch.randn(2, 12, 16)
    out = pos(_pad_garbage(x, lengths), lengths_to_padding_mask(lengths, 12))
    assert out.shape == x.shape
    torch.testing.assert_close(out[1:, :7], pos(x[1:, :7]), atol=1e-5, rtol=1e-4)


def test_rotary_scores_depend_on_offset_only() -> None:
    torch.manual_seed(0)
    rope = RotaryEmbedding(8)
    q, k = torch.randn(8), torch.randn(8)
    seq = torch.zeros(1, 1, 20, 8)
    seq[0, 0, 3], seq[0, 0, 5] = q, k
    seq2 = torch.zeros(1, 1, 20, 8)
    seq2[0, 0, 13], seq2[0, 0, 15] = q, k
    r1, r2 = rope(seq)[0, 0], rope(seq2)[0, 0]
    assert torch.allclose(r1[3] @ r1[5], r2[13] @ r2[15], atol=1e-5)
    assert not torch.allclose(r1[3] @ r1[5], q @ k, atol=1e-3)  # but rotation did something


def test_normalize_utterances_uses_valid_frames_only() -> None:
    x = torch.randn(2, 10, 3) * 5 + 2
    padding = lengths_to_padding_mask(torch.tensor([10, 6]), 10)
    y = normalize_utterances(x, padding)
    assert torch.allclose(y[1, :6].mean(0), torch.zeros(3), atol=1e-5)
    assert torch.allclose(y[1, :6].var(0, unbiased=False), torch.ones(3), atol=1e-3)
    assert torch.all(y[1, 6:] == 0)


def test_utterance_log_mel_matches_each_utterance_alone() -> None:
    torch.manual_seed(0)
    logmel = LogMel()
    lengths = torch.tensor([4000, 2731, 1200])
    wave = torch.randn(3, 4000) * 0.1
    wave[1, 2731:] = 0.5  # junk after the end must not matter
    mel, frames = utterance_log_mel(logmel, wave, lengths)
    assert mel.shape == (3, num_frames(4000), 80)
    assert torch.equal(frames, num_frames(lengths))
    for b, n in enumerate(lengths.tolist()):
        feats, _ = logmel(wave[b : b + 1, :n])  # LogMel of the utterance alone, then normalized
        alone = normalize_utterances(feats, torch.zeros(feats.shape[:2], dtype=torch.bool))
        torch.testing.assert_close(mel[b : b + 1, : alone.shape[1]], alone, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("frontend", ["mel", "mel50", "wave"])
def test_frontend_output_lengths_match_shapes(frontend: str) -> None:
    if frontend.startswith("mel"):
        module = MelSubsampling(4, time_subsampling=2 if frontend == "mel50" else 4)
        sizes = [7, 8, 9, 10, 11, 101]
    else:
        module, sizes = WaveConvStack(4), [400, 719, 720, 16000]
    for n in sizes:
        x = torch.zeros(1, n, 80) if frontend != "wave" else torch.zeros(1, n)
        out = module(x)
        assert out.shape[1] == int(module.output_lengths(torch.tensor([n]))[0]) >= 1
        assert out.shape[2] == module.output_dim


@pytest.mark.parametrize("kernel,stride", [(10, 5), (3, 2), (2, 2), (4, 3)])
@pytest.mark.parametrize("samples", [10, 11, 12, 37, 400])
def test_strided_conv_gemm_equals_conv1d(kernel: int, stride: int, samples: int) -> None:
    torch.manual_seed(0)
    x = torch.randn(3, samples, 5, requires_grad=True)  # (B, S, C_in)
    weight = torch.randn(7, 5, kernel, requires_grad=True)
    got = strided_conv_gemm(x, weight, stride)  # (B, T, C_out)
    want = torch.nn.functional.conv1d(x.transpose(1, 2), weight, stride=stride).transpose(1, 2)
    torch.testing.assert_close(got, want, atol=1e-5, rtol=1e-5)
    probe = torch.randn_like(want)
    grads = torch.autograd.grad((got * probe).sum(), (x, weight))
    wants = torch.autograd.grad((want * probe).sum(), (x, weight))
    for g, w in zip(grads, wants, strict=True):
        torch.testing.assert_close(g, w, atol=1e-4, rtol=1e-4)


def test_strided_conv_gemm_rejects_short_input_and_wide_kernels() -> None:
    with pytest.raises(ValueError, match="shorter than the kernel"):
        strided_conv_gemm(torch.zeros(1, 9, 2), torch.zeros(3, 2, 10), 5)
    with pytest.raises(ValueError, match="stride <= kernel"):
        strided_conv_gemm(torch.zeros(1, 40, 2), torch.zeros(3, 2, 11), 5)


def test_wave_conv_stack_matches_conv1d_reference() -> None:
    torch.manual_seed(0)
    stack = WaveConvStack(8)
    wave = torch.randn(2, 3201)
    x = wave[:, None, :]  # (B, 1, S): the textbook channels-first stack with the same weights
    for conv, norm in zip(stack.convs, stack.norms, strict=True):
        x = torch.nn.functional.gelu(norm(conv(x).transpose(1, 2)).transpose(1, 2))
    torch.testing.assert_close(stack(wave), x.transpose(1, 2), atol=1e-5, rtol=1e-5)


def test_module_device_is_where_the_parameters_are():
    assert module_device(nn.Linear(2, 3)) == torch.device("cpu")
    assert module_device(nn.ReLU()) == torch.device("cpu")  # no parameters: CPU
    assert module_device(nn.Linear(2, 3).to("meta")) == torch.device("meta")
