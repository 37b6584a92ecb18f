"""Attention statistics of an encoder's heads: the weights as the layer uses them, and sane
summaries of them."""

from __future__ import annotations

import json

import pytest
import torch

from dummies import make_tone_corpus, tiny_encoder_config
from yuyin.cli import main
from yuyin.data.manifest import read_manifest
from yuyin.eval.attention import _weights, attention_stats, format_attention
from yuyin.models.encoder import build_encoder
from yuyin.nn.attention import MultiHeadAttention


@pytest.mark.parametrize("rotary", [False, True])
def test_the_recomputed_weights_are_the_layers_own(rotary):
    torch.manual_seed(0)
    attn = MultiHeadAttention(16, 4, rotary=rotary).eval()
    x = torch.randn(1, 9, 16)
    w = _weights(attn, x)  # (H, T, T)
    assert torch.allclose(w.sum(-1), torch.ones(4, 9), atol=1e-5)
    v = attn.qkv(x).view(1, 9, 3, 4, 4)[:, :, 2].permute(0, 2, 1, 3)[0]  # (H, T, Dh)
    mixed = (w @ v).transpose(0, 1).reshape(1, 9, 16)
    assert torch.allclose(attn.out(mixed), attn(x), atol=1e-5)


def test_stats_of_every_layer_and_head(tmp_path):
    torch.manual_seed(0)
    for block in ("transformer", "conformer"):
        encoder = build_encoder(tiny_encoder_config(block=block))
        manifest, _ = make_tone_corpus(tmp_path / block, n=3, seconds_range=(1.0, 2.0))
        stats = attention_stats(encoder, read_manifest(manifest))
        assert [x.layer for x in stats.layers] == [1, 2] and stats.utterances == 3
        for layer in stats.layers:
            assert len(layer.distance_s) == len(layer.entropy) == 4  # heads
            assert all(0.0 <= d <= 2.0 for d in layer.distance_s)
            assert all(0.0 <= e <= 1.0 + 1e-6 for e in layer.entropy)
        assert format_attention(stats).startswith("attention L1 ")
        assert encoder.training  # restored
    with pytest.raises(ValueError, match="no utterance"):
        attention_stats(encoder, [])


def test_eval_attention_reports_the_bundled_models_heads(tmp_path, capsys):
    manifest, _ = make_tone_corpus(tmp_path, n=2, seconds_range=(1.0, 1.5))
    assert main(["eval", "--attention", "--json", str(manifest)]) == 0
    report = json.loads(capsys.readouterr().out)["attention"]
    assert report["utterances"] == 2 and len(report["layers"]) == 4  # the bundled conformer's
    assert len(report["layers"][0]["entropy"]) == 4 and "distance_s" in report["meaning"]
