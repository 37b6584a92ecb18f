"""Model cost: parameters, weight memory and MACs per audio second are counted exactly."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from yuyin.audio import SAMPLE_RATE
from yuyin.eval.cost import count_flops, model_cost, peak_rss_mb


class Framer(nn.Module):
    """400-sample frames every 160 samples, a linear layer (400 -> 8), optional self-attention."""

    def __init__(self, attend: bool = False) -> None:
        super().__init__()
        self.proj = nn.Linear(400, 8)
        self.attend = attend
        self.register_buffer("scale", torch.ones(8, dtype=torch.float64))

    def forward(self, wave: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        frames = wave.unfold(1, 400, 160)  # (B, T, 400)
        x = self.proj(frames)  # (B, T, 8)
        if self.attend:
            q = x[:, None]  # (B, 1, T, 8)
            x = F.scaled_dot_product_attention(q, q, q)[:, 0]
        return x


def test_linear_macs_parameters_and_weight_bytes_are_exact():
    model = Framer()
    cost = model_cost(model, probe_seconds=2.0)
    frames = (2 * SAMPLE_RATE - 400) // 160 + 1
    assert cost.parameters == 400 * 8 + 8
    assert cost.gmacs_per_second == pytest.approx(frames * 400 * 8 / 2.0 / 1e9, rel=1e-3)
    assert cost.weight_mb == round((3208 * 4 + 8 * 8) / 2**20, 2)  # float32 weights, float64 buffer
    assert "GMAC per audio second" in cost.describe() and cost.probe_seconds == 2.0


def test_attention_is_counted_and_grows_with_length():
    frames = (2 * SAMPLE_RATE - 400) // 160 + 1
    linear = model_cost(Framer(), 2.0).gmacs_per_second
    attending = model_cost(Framer(attend=True), 2.0).gmacs_per_second
    # q @ k^T and weights @ v: 2 * T * T * 8 MACs
    assert attending - linear == pytest.approx(2 * frames * frames * 8 / 2.0 / 1e9, rel=1e-2)
    assert model_cost(Framer(attend=True), 4.0).gmacs_per_second > attending  # quadratic part


def test_mode_is_restored_and_bad_length_rejected():
    model = Framer().train()
    model_cost(model, 1.0)
    assert model.training
    with pytest.raises(ValueError, match="probe_seconds"):
        model_cost(model, 0.0)


def test_count_flops_and_peak_memory():
    a, b = torch.ones(3, 4), torch.ones(4, 5)
    total, ops = count_flops(lambda: a @ b)
    assert total == 2 * 3 * 4 * 5 and sum(ops.values()) == total
    assert peak_rss_mb() > 10
