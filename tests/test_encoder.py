"""SpeechEncoder: presets, shapes, frame rates, padding exactness, the masking hook."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from dummies import tiny_encoder_config
from yuyin.models.encoder import (
    EncoderConfig,
    SpeechEncoder,
    build_encoder,
    count_parameters,
    encoder_config,
)

SR = 16000


tiny = tiny_encoder_config


@pytest.mark.parametrize(
    ("size", "low", "high"),
    [
        ("tiny", 1e6, 3e6),
        ("tiny-conformer", 1.5e6, 3e6),
        ("small", 10e6, 20e6),
        ("base", 85e6, 100e6),
    ],
)
def test_preset_parameter_counts(size: str, low: float, high: float) -> None:
    # base builds in ~0.5 s on one CPU core: cheap enough to count for real
    assert low <= count_parameters(build_encoder(encoder_config(size))) <= high


def test_unknown_preset_and_bad_config_raise() -> None:
    with pytest.raises(ValueError, match="unknown encoder size"):
        encoder_config("huge")
    with pytest.raises(ValueError, match="frontend"):
        EncoderConfig(frontend="fbank")
    with pytest.raises(ValueError, match="divisible"):
        EncoderConfig(dim=30, heads=4)
    with pytest.raises(ValueError, match="mel_subsampling"):
        EncoderConfig(mel_subsampling=3)


@pytest.mark.parametrize(
    ("config", "rate"),
    [
        (tiny(), 25.0),
        (tiny(block="conformer", positions="rotary"), 25.0),
        (tiny(frontend="wave", positions="none"), 50.0),
        (tiny(mel_subsampling=2, block="conformer"), 50.0),
    ],
)
def test_shapes_and_frame_rate(config: EncoderConfig, rate: float) -> None:
    encoder = build_encoder(config).eval()
    lengths = torch.tensor([SR, SR // 2])
    out = encoder(torch.randn(2, SR) * 0.1, lengths)
    frames = out.hidden.shape[1]
    assert encoder.frame_rate == rate
    assert abs(frames - rate) <= 2  # one second of audio
    assert out.hidden.shape == out.features.shape == (2, frames, 32)
    assert torch.equal(out.lengths, encoder.output_lengths(lengths))
    assert torch.equal(out.padding_mask[1], torch.arange(frames) >= out.lengths[1])
    assert len(out.layer_hiddens) == config.layers + 1
    assert out.mask is None and out.feature_penalty.ndim == 0
    assert (out.mel is not None) == (config.frontend == "mel")
    assert torch.isfinite(out.hidden).all()


@pytest.mark.parametrize(
    "config",
    [
        tiny(),
        tiny(block="conformer", positions="rotary"),
        tiny(frontend="wave", layers=1),
        tiny(mel_subsampling=2, block="conformer"),
    ],
    ids=[
        "mel-transformer-conv",
        "mel-conformer-rotary",
        "wave-transformer-conv",
        "mel50-conformer",
    ],
)
def test_padded_batch_equals_each_utterance_alone(config: EncoderConfig) -> None:
    torch.manual_seed(0)
    encoder = build_encoder(config).eval()
    lengths = torch.tensor([8000, 5531, 3000])
    wave = torch.randn(3, 8000) * 0.1
    wave[1, 5531:] = 0.7  # junk after the end: must not leak into valid frames
    with torch.no_grad():
        batched = encoder(wave, lengths)
        for b, n in enumerate(lengths.tolist()):
            alone = encoder(wave[b : b + 1, :n], torch.tensor([n]))
            frames = alone.hidden.shape[1]
            assert frames == int(batched.lengths[b])
            torch.testing.assert_close(
                batched.hidden[b, :frames], alone.hidden[0], atol=2e-4, rtol=1e-3
            )
            torch.testing.assert_close(
                batched.features[b, :frames], alone.features[0], atol=2e-4, rtol=1e-3
            )


def test_mask_hook_replaces_frames_with_mask_embedding() -> None:
    torch.manual_seed(0)
    encoder = build_encoder(tiny(layers=1, positions="none")).eval()
    wave, lengths = torch.randn(2, SR) * 0.1, torch.tensor([SR, SR // 2])
    seen = {}

    def mask_fn(padding_mask: torch.Tensor) -> torch.Tensor:
        seen["padding"] = padding_mask.clone()
        mask = torch.zeros_like(padding_mask)
        mask[:, 2:5] = True
        mask[1, -1] = True  # inside padding: must be dropped
        return mask

    with torch.no_grad():
        plain = encoder(wave, lengths)
        masked = encoder(wave, lengths, mask_fn=mask_fn)
    assert torch.equal(seen["padding"], plain.padding_mask)
    assert masked.mask[:, 2:5].all() and masked.mask.sum() == 6  # padded frame dropped
    torch.testing.assert_close(masked.features, plain.features)  # targets stay unmasked
    blocks_input = masked.layer_hiddens[0]  # no positions, no dropout: the masked features
    torch.testing.assert_close(blocks_input[:, 2:5], encoder.mask_embedding.expand(2, 3, -1))
    torch.testing.assert_close(blocks_input[:, 5:], plain.features[:, 5:])
    assert not torch.allclose(masked.hidden[:, 3], plain.hidden[:, 3], atol=1e-3)


def test_too_short_input_raises_clear_error() -> None:
    encoder = build_encoder(tiny())
    assert encoder.min_samples == 960  # 7 log-mel frames for two 3-wide stride-2 convs
    with pytest.raises(ValueError, match="at least 960"):
        encoder(torch.zeros(1, 800), torch.tensor([800]))


def test_config_round_trip_rebuilds_same_model() -> None:
    encoder = build_encoder(tiny(block="conformer"))
    rebuilt = SpeechEncoder(EncoderConfig(**dataclasses.asdict(encoder.config)))
    rebuilt.load_state_dict(encoder.state_dict(), strict=True)
    wave = torch.randn(1, 4000)
    with torch.no_grad():
        torch.testing.assert_close(
            rebuilt.eval()(wave).hidden, encoder.eval()(wave).hidden, atol=0, rtol=0
        )


def test_layer_drop_skips_blocks_in_training_only() -> None:
    torch.manual_seed(0)
    encoder = build_encoder(tiny(layer_drop=1.0))
    wave = torch.randn(1, 4000)
    out = encoder.train()(wave)
    assert all(torch.equal(h, out.layer_hiddens[0]) for h in out.layer_hiddens)
    out = encoder.eval()(wave)
    assert not torch.equal(out.layer_hiddens[-1], out.layer_hiddens[0])


def test_frontend_grad_scale_scales_frontend_gradients_only() -> None:
    wave = torch.randn(1, 4000)
    grads = []
    for scale in (1.0, 0.1):
        torch.manual_seed(0)
        encoder = build_encoder(tiny(frontend_grad_scale=scale))
        encoder(wave).hidden.sum().backward()
        grads.append(encoder.frontend.conv[0].weight.grad.clone())
    torch.testing.assert_close(grads[1], grads[0] * 0.1, atol=1e-6, rtol=1e-4)


def test_frame_rates_of_presets() -> None:
    rates = {size: build_encoder(encoder_config(size)).frame_rate for size in ("tiny", "small")}
    rates["tiny-conformer"] = build_encoder(encoder_config("tiny-conformer")).frame_rate
    assert rates == {"tiny": 25.0, "small": 25.0, "tiny-conformer": 50.0}
