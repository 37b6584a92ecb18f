"""The CTC model's training-only perturbations: VTLP and frequency masks of the log-mels."""

from __future__ import annotations

from dataclasses import asdict

import pytest
import torch

from dummies import tiny_encoder_config
from yuyin.models.asr import ASRConfig, build_asr


def _model(vtlp: float, frontend: str = "mel", **kwargs):
    encoder = asdict(tiny_encoder_config(frontend=frontend))
    return build_asr(ASRConfig(encoder=encoder, vocab_size=8, vtlp=vtlp, mask_prob=0.0, **kwargs))


def test_vtlp_warps_training_log_mels_only():
    torch.manual_seed(0)
    model = _model(0.2)
    seen: list[torch.Tensor] = []
    model.encoder.frontend.register_forward_hook(lambda _m, inputs, _o: seen.append(inputs[0]))
    wave, lengths = torch.randn(2, 16000), torch.tensor([16000, 12000])
    clean, _ = model.encoder.log_mel(wave, lengths)
    model.train()
    model.set_step(10**6)  # past any freeze
    out = model(wave, lengths)
    assert not torch.allclose(seen[-1], clean) and torch.isfinite(out.log_probs).all()
    model.set_step(0)  # frozen-encoder updates are augmented too
    model.config = ASRConfig(**{**asdict(model.config), "freeze_encoder_steps": 5})
    model(wave, lengths)
    assert not torch.allclose(seen[-1], clean)
    model.eval()
    model(wave, lengths)
    assert torch.equal(seen[-1], clean)


def test_vtlp_off_leaves_training_log_mels_alone():
    model = _model(0.0).train()
    seen: list[torch.Tensor] = []
    model.encoder.frontend.register_forward_hook(lambda _m, inputs, _o: seen.append(inputs[0]))
    wave, lengths = torch.randn(1, 8000), torch.tensor([8000])
    model(wave, lengths)
    assert torch.equal(seen[-1], model.encoder.log_mel(wave, lengths)[0])


def test_vtlp_needs_mel_frontend_and_a_sane_width():
    with pytest.raises(ValueError, match="mel"):
        _model(0.1, frontend="wave")
    with pytest.raises(ValueError, match="vtlp"):
        _model(0.7)


def test_freq_masks_hide_whole_bands_of_training_log_mels_only():
    torch.manual_seed(1)
    model = _model(0.0, freq_masks=2, freq_mask_width=6).train()
    model.set_step(10**6)
    seen: list[torch.Tensor] = []
    model.encoder.frontend.register_forward_hook(lambda _m, inputs, _o: seen.append(inputs[0]))
    wave, lengths = torch.randn(3, 16000), torch.tensor([16000, 16000, 16000])
    clean, _ = model.encoder.log_mel(wave, lengths)  # (B, T, M)
    model(wave, lengths)
    masked = seen[-1]
    changed = (masked != clean).any(1)  # (B, M) bins touched in some frame
    assert changed.any()
    for row in range(3):
        bins = changed[row].nonzero().flatten()
        assert (masked[row][:, bins] == 0).all()  # a touched bin is zero in every frame
        assert len(bins) <= 12  # at most two bands of at most 6
    model.eval()
    model(wave, lengths)
    assert torch.equal(seen[-1], clean)


def test_freq_masks_need_mel_frontend_and_sane_sizes():
    with pytest.raises(ValueError, match="mel"):
        _model(0.0, frontend="wave", freq_masks=2, freq_mask_width=5)
    with pytest.raises(ValueError, match="freq_masks"):
        _model(0.0, freq_masks=-1)
    _model(0.0, frontend="wave", freq_masks=2, freq_mask_width=0)  # off: any frontend
