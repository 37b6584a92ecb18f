"""The vocoder: shapes, Griffin-Lim copy-synthesis, losses, the training data, saving."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

import yuyin
from dummies import make_tone_corpus
from yuyin.audio import HOP_LENGTH, N_MELS, SAMPLE_RATE
from yuyin.config import ConfigError, load_yaml
from yuyin.features import log_mel, mel_filterbank
from yuyin.hub import save_model
from yuyin.models.discriminator import DiscriminatorConfig, build_discriminator, discriminator_loss
from yuyin.models.griffin_lim import griffin_lim, mel_to_linear
from yuyin.models.vocoder import (
    OVERSHOOT_PEAK,
    VOCODER_KIND,
    Vocoder,
    VocoderConfig,
    build_vocoder,
)
from yuyin.train.vocoder import (
    AdversarialSettings,
    LossSettings,
    SegmentDataset,
    VocoderObjective,
    VocoderSettings,
    collate_segments,
    mel_cepstral_distortion,
)

TINY = VocoderConfig(dim=32, intermediate_dim=64, layers=2)
# Griffin-Lim (32 iterations) on the harmonic signal below: log-mel L1 0.10 measured; random
# phase (0 iterations) 0.63. The threshold leaves 50 % margin.
GL_MEL_L1_MAX = 0.15


def harmonic(seconds: float = 1.0, f0: float = 140.0, harmonics: int = 12) -> np.ndarray:
    """A voiced-like test signal: 12 harmonics of 140 Hz with 3 Hz vibrato, 50 ms fades. (S,)"""
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    freq = f0 * (1 + 0.05 * np.sin(2 * np.pi * 3 * t))
    phase = 2 * np.pi * np.cumsum(freq) / SAMPLE_RATE
    wave = sum(np.sin(k * phase) / k for k in range(1, harmonics + 1))
    fade = np.minimum(1.0, np.minimum(t, t[-1] - t) / 0.05)
    return (0.3 * wave / np.abs(wave).max() * fade).astype(np.float32)


def _mel_l1(mel: torch.Tensor, wave: torch.Tensor) -> float:
    return float((log_mel(wave) - mel).abs().mean())


# --- shapes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("frames", [0, 1, 7, 64])
def test_forward_gives_hop_samples_per_frame(frames):
    torch.manual_seed(0)
    vocoder = build_vocoder(TINY)
    wave = vocoder(torch.randn(2, frames, N_MELS))
    assert wave.shape == (2, frames * HOP_LENGTH) and wave.dtype == torch.float32
    one = vocoder.synthesize(torch.randn(frames, N_MELS))
    assert one.shape == (frames * HOP_LENGTH,) and one.dtype == torch.float32
    assert one.abs().max() <= 1.0 if frames else one.numel() == 0
    assert vocoder.training  # synthesize leaves the mode as it was


def test_an_overshoot_is_scaled_down_not_clipped(monkeypatch):
    """A waveform past full scale keeps its shape at a 0.95 peak: clamping had squared off the
    bundled voice's "Four!" (raw peak 1.06), and the voice's own rescue never ran after it."""
    vocoder = build_vocoder(TINY)
    loud = torch.sin(torch.linspace(0, 20, 4 * HOP_LENGTH)) * 2.0  # peak 2
    monkeypatch.setattr(vocoder, "forward", lambda mel: loud[None, : mel.shape[1] * HOP_LENGTH])
    wave = vocoder.synthesize(torch.zeros(4, N_MELS))
    assert float(wave.abs().max()) == pytest.approx(OVERSHOOT_PEAK)
    torch.testing.assert_close(wave, loud * (OVERSHOOT_PEAK / float(loud.abs().max())))
    quiet = loud / 4  # within full scale: as it came
    monkeypatch.setattr(vocoder, "forward", lambda mel: quiet[None, : mel.shape[1] * HOP_LENGTH])
    torch.testing.assert_close(vocoder.synthesize(torch.zeros(4, N_MELS)), quiet)


def test_vocoder_rejects_wrong_shapes():
    vocoder = build_vocoder(TINY)
    with pytest.raises(ValueError, match="log-mel"):
        vocoder(torch.randn(2, 10, 40))
    with pytest.raises(ValueError, match="log-mel"):
        vocoder.synthesize(torch.randn(1, 10, N_MELS))
    with pytest.raises(ValueError, match="kernel_size"):
        VocoderConfig(kernel_size=4)


def test_output_covers_the_signal_the_mel_came_from():
    """A signal of S samples has T = S // 160 + 1 frames: T * 160 output samples cover S."""
    for samples in (1, 159, 160, 8000, 8001):
        frames = log_mel(np.zeros(samples, dtype=np.float32)).shape[0]
        assert frames * HOP_LENGTH >= samples >= (frames - 1) * HOP_LENGTH
    mel = log_mel(harmonic(0.5))
    assert griffin_lim(mel).shape == (mel.shape[0] * HOP_LENGTH,)


# --- Griffin-Lim -----------------------------------------------------------------------------


def test_mel_to_linear_is_a_non_negative_fit():
    mel = log_mel(harmonic())
    magnitude = mel_to_linear(mel)  # (F, T)
    assert magnitude.shape == (mel_filterbank().shape[1], mel.shape[0])
    assert (magnitude >= 0).all()
    refit = torch.log((mel_filterbank() @ magnitude.square()).clamp(min=1e-5)).T  # (T, M)
    assert float((refit - mel).abs().mean()) < 0.05  # 0.007 measured on speech


def test_griffin_lim_copy_synthesis_beats_random_phase():
    wave = harmonic()
    mel = log_mel(wave)
    out = griffin_lim(mel)[: wave.size]
    random_phase = griffin_lim(mel, n_iter=0)[: wave.size]
    assert out.abs().max() <= 1.0
    gl, baseline = _mel_l1(mel, out), _mel_l1(mel, random_phase)
    assert gl < GL_MEL_L1_MAX
    assert gl < 0.5 * baseline
    assert mel_cepstral_distortion(mel, log_mel(out)) < mel_cepstral_distortion(
        mel, log_mel(random_phase)
    )
    assert torch.equal(out, griffin_lim(mel)[: wave.size])  # deterministic
    assert griffin_lim(torch.zeros(0, N_MELS)).numel() == 0


def test_mel_cepstral_distortion():
    mel = log_mel(harmonic())
    assert mel_cepstral_distortion(mel, mel) == 0.0
    assert mel_cepstral_distortion(mel, mel + 1.0) == pytest.approx(0.0, abs=1e-4)  # gain: c0 only
    tilted = mel + torch.linspace(0, 2, N_MELS)  # a spectral tilt changes the cepstrum
    assert mel_cepstral_distortion(mel, tilted) > 1.0


# --- training pieces -------------------------------------------------------------------------


def test_loss_falls_on_a_fixed_batch():
    torch.manual_seed(0)
    waves = torch.from_numpy(np.stack([harmonic(0.32, f0) for f0 in (110.0, 160.0, 220.0)]))
    objective = VocoderObjective(build_vocoder(TINY), LossSettings(), AdversarialSettings())
    optimizer = torch.optim.AdamW(objective.parameters(), lr=3e-3, betas=(0.8, 0.99))
    losses = []
    for _ in range(20):
        loss, logs = objective(waves)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert set(logs) == {"mel_l1", "stft_sc", "stft_mag"}
    assert losses[-1] < 0.7 * losses[0]


def test_adversarial_terms_train_each_network_on_its_own_loss():
    """One backward pass: the discriminator's gradient is that of its own loss alone."""
    torch.manual_seed(0)
    disc_config = DiscriminatorConfig(
        periods=(2, 3), period_channels=(4, 8), resolutions=((256, 64, 256),), resolution_channels=4
    )
    settings = AdversarialSettings(enabled=True, loss="lsgan")
    disc = build_discriminator(disc_config)
    objective = VocoderObjective(build_vocoder(TINY), LossSettings(), settings, disc)
    waves = torch.from_numpy(np.stack([harmonic(0.2), harmonic(0.2, 200.0)]))
    loss, logs = objective(waves)
    loss.backward()
    assert {"disc_loss", "gen_adv", "gen_fm"} <= set(logs)
    assert all(p.grad is not None for p in objective.vocoder.parameters())
    total = [p.grad.clone() for p in disc.parameters()]
    # the discriminator loss alone, on the same (deterministic) generated audio
    objective.zero_grad()
    mel, _ = objective.log_mel(waves)
    fake = objective.vocoder(mel)[:, : waves.shape[1]].detach()
    alone, _, _ = discriminator_loss(disc(waves), disc(fake), "lsgan")
    alone.backward()
    for got, want in zip(total, (p.grad for p in disc.parameters()), strict=True):
        torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-6)
    # before start_step the discriminator is not used
    objective.adversarial = AdversarialSettings(enabled=True, start_step=5)
    objective.set_step(1)
    assert objective(waves)[1]["disc_loss"] == 0.0


def test_segments_are_seeded_by_epoch_and_index(tmp_path):
    _, utts = make_tone_corpus(tmp_path, n=3, seconds_range=(0.3, 1.0), labeled=False)
    size = 8 * HOP_LENGTH
    dataset = SegmentDataset(utts, size, seed=1, segments_per_utterance=2)
    assert len(dataset) == 6
    first = dataset[0]
    assert first.shape == (size,) and torch.equal(first, dataset[0])
    dataset.set_epoch(1)
    assert not torch.equal(first, dataset[0])  # another window in another epoch
    long = SegmentDataset(utts, 200 * HOP_LENGTH)  # longer than every utterance: zero-padded
    item = long[0]
    assert item.shape == (200 * HOP_LENGTH,) and item[-HOP_LENGTH:].abs().max() == 0
    assert collate_segments([first, dataset[1]]).shape == (2, size)


def test_a_file_that_breaks_after_the_header_check_is_replaced(tmp_path):
    _, utts = make_tone_corpus(tmp_path, n=3, labeled=False)
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF not really a wave file")
    bad = dataclasses.replace(utts[0], id="bad", audio=str(broken), duration=1.0)
    dataset = SegmentDataset([bad, *utts], 8 * HOP_LENGTH)
    assert dataset[0].shape == (8 * HOP_LENGTH,) and str(broken) in dataset.failed


# --- settings and saving ---------------------------------------------------------------------


def test_settings_from_the_tiny_config():
    settings = VocoderSettings.from_dict(load_yaml("configs/vocoder/tiny.yaml"))
    assert settings.data.segment_samples % HOP_LENGTH == 0
    assert settings.loss.resolutions[0] == (512, 128, 512)
    assert not settings.adversarial.enabled
    with pytest.raises(ConfigError, match="model"):
        VocoderSettings.from_dict({"model": {"size": "huge"}})
    with pytest.raises(ConfigError, match="loss.mel_weigth"):
        VocoderSettings.from_dict({"loss": {"mel_weigth": 1}})
    with pytest.raises(ConfigError, match="adversarial.loss"):
        VocoderSettings.from_dict({"adversarial": {"loss": "wasserstein"}})


def test_save_and_load_give_identical_output(tmp_path):
    torch.manual_seed(0)
    vocoder = build_vocoder(TINY)
    mel = log_mel(harmonic(0.3))
    before = vocoder.synthesize(mel)
    save_model(vocoder, tmp_path / "voc", VOCODER_KIND, vocoder.config, {"steps": 0})
    loaded = yuyin.load(tmp_path / "voc")
    assert isinstance(loaded, Vocoder) and loaded.config == TINY and not loaded.training
    assert torch.equal(loaded.synthesize(mel), before)
