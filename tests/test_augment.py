"""Waveform augmentation (noise at an SNR, speed, gain) and SpecAugment."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from dummies import make_tone_corpus, tone
from yuyin.audio import SAMPLE_RATE
from yuyin.data.augment import (
    AugmentConfig,
    SpecAugment,
    SpecAugmentConfig,
    WaveAugment,
    add_noise,
    apply_gain,
    colored_noise,
    speed_perturb,
    vtlp_source_bins,
    warp_mel,
)
from yuyin.data.dataset import lengths_to_mask
from yuyin.features import LogMel

SNR_RANGE = (5.0, 15.0)
PAD = 123.0  # a value no feature takes: shows whether padding was touched


def gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def snr_db(clean: torch.Tensor, noisy: torch.Tensor) -> float:
    noise = (noisy - clean).double()
    return 10 * math.log10(clean.double().square().mean() / noise.square().mean())


def clean_wave(seconds: float = 0.5) -> torch.Tensor:
    return torch.from_numpy(tone(seconds, 440.0))


@pytest.mark.parametrize("color", ["white", "pink"])
def test_add_noise_hits_the_requested_snr(color):
    clean = clean_wave()
    noise = colored_noise(clean.numel(), color, gen(0))
    assert noise.square().mean() == pytest.approx(1.0, rel=1e-4)
    for target in (-5.0, 0.0, 12.5, 40.0):
        assert snr_db(clean, add_noise(clean, noise, target)) == pytest.approx(target, abs=1e-3)


def test_pink_noise_has_more_power_at_low_frequencies():
    noise = colored_noise(SAMPLE_RATE, "pink", gen(1)).double()
    power = torch.fft.rfft(noise).abs().square()  # 1 Hz bins
    low, high = power[100:200].mean(), power[3200:6400].mean()
    assert 10 < low / high < 100  # 1/f: 32x more power per bin at 1/32 of the frequency
    white = torch.fft.rfft(colored_noise(SAMPLE_RATE, "white", gen(1)).double()).abs().square()
    assert 0.5 < white[100:200].mean() / white[3200:6400].mean() < 2


def test_wave_augment_snr_within_range():
    config = AugmentConfig(speed_prob=0.0, noise_prob=1.0, gain_prob=0.0, snr_db=SNR_RANGE)
    augment = WaveAugment(config)
    clean = clean_wave()
    measured = [snr_db(clean, augment(clean, gen(seed))) for seed in range(40)]
    assert all(SNR_RANGE[0] - 1e-3 <= s <= SNR_RANGE[1] + 1e-3 for s in measured)
    assert max(measured) - min(measured) > 5  # spread over the range, not one value


def test_wave_augment_noise_from_manifest(tmp_path):
    noise_manifest, _ = make_tone_corpus(tmp_path, n=3, seconds_range=(0.1, 0.2), labeled=False)
    config = AugmentConfig(
        speed_prob=0.0,
        noise_prob=1.0,
        gain_prob=0.0,
        snr_db=SNR_RANGE,
        noise_manifest=str(noise_manifest),
    )
    clean = clean_wave()  # longer than every noise file: the noise is tiled
    for seed in range(5):
        noisy = WaveAugment(config)(clean, gen(seed))
        assert noisy.shape == clean.shape
        assert SNR_RANGE[0] - 1e-3 <= snr_db(clean, noisy) <= SNR_RANGE[1] + 1e-3
        # recorded tones, not broadband noise: most of the added power is below 2 kHz
        power = torch.fft.rfft((noisy - clean).double()).abs().square()
        cutoff = 2000 * clean.numel() // SAMPLE_RATE
        assert power[:cutoff].sum() > 0.9 * power.sum()


@pytest.mark.parametrize("factor", [0.9, 1.1, 1.5])
def test_speed_perturbation_changes_length_by_the_factor(factor):
    clean = clean_wave(1.0)
    fast = speed_perturb(clean, factor)
    assert fast.dtype == torch.float32
    assert abs(fast.numel() - clean.numel() / factor) <= 1
    # pitch moves with tempo: the 440 Hz tone now peaks at 440 * factor
    spectrum = np.abs(np.fft.rfft(fast.numpy()))
    peak_hz = np.argmax(spectrum) * SAMPLE_RATE / fast.numel()
    assert peak_hz == pytest.approx(440 * factor, abs=2)
    assert speed_perturb(clean, 1.0) is clean


def test_wave_augment_speed_uses_configured_factors():
    config = AugmentConfig(speed_prob=1.0, speed_factors=(0.9, 1.1), noise_prob=0, gain_prob=0)
    clean = clean_wave(1.0)
    lengths = {WaveAugment(config)(clean, gen(seed)).numel() for seed in range(20)}
    expected = {round(clean.numel() / 0.9), round(clean.numel() / 1.1)}
    assert all(min(abs(n - e) for e in expected) <= 1 for n in lengths)
    assert len(lengths) == 2


def test_gain_within_db_range():
    assert apply_gain(torch.ones(4), 20.0).tolist() == pytest.approx([10.0] * 4)
    config = AugmentConfig(speed_prob=0.0, noise_prob=0.0, gain_prob=1.0, gain_db=(-6.0, 3.0))
    clean = clean_wave()
    for seed in range(20):
        out = WaveAugment(config)(clean, gen(seed))
        ratio = (out.abs().max() / clean.abs().max()).item()
        assert -6.0 - 1e-4 <= 20 * math.log10(ratio) <= 3.0 + 1e-4


def test_wave_augment_is_deterministic_per_generator():
    augment = WaveAugment(AugmentConfig(noise_prob=1.0, gain_prob=1.0))
    clean = clean_wave()
    assert torch.equal(augment(clean, gen(3)), augment(clean, gen(3)))
    assert not torch.equal(augment(clean, gen(3)), augment(clean, gen(4)))


def test_probability_zero_is_identity():
    off = AugmentConfig(speed_prob=0.0, noise_prob=0.0, gain_prob=0.0)
    clean = clean_wave()
    assert torch.equal(WaveAugment(off)(clean, gen(0)), clean)


@pytest.mark.parametrize(
    "bad",
    [
        {"noise_prob": 1.5},
        {"snr_db": (20.0, 10.0)},
        {"speed_factors": (0.0,)},
        {"noise_colors": ("brown",)},
    ],
)
def test_augment_config_validates(bad):
    with pytest.raises(ValueError):
        AugmentConfig(**bad)


@pytest.mark.parametrize("bad", [{"freq_masks": -1}, {"time_width": 1.5}, {"time_warp": -2}])
def test_spec_augment_config_validates(bad):
    with pytest.raises(ValueError):
        SpecAugmentConfig(**bad)


def test_augment_config_takes_yaml_lists():
    config = AugmentConfig(speed_factors=[0.95, 1.05], snr_db=[0, 10])
    assert config.speed_factors == (0.95, 1.05) and config.snr_db == (0, 10)


def padded_feats(lengths: list[int], bins: int = 80, seed: int = 0) -> torch.Tensor:
    """Random features (B, T, M) with PAD after each length."""
    feats = torch.randn(len(lengths), max(lengths), bins, generator=gen(seed))
    pad = lengths_to_mask(torch.tensor(lengths))  # (B, T)
    return feats.masked_fill(pad[:, :, None], PAD)


@pytest.mark.parametrize("time_warp", [0, 5])
def test_spec_augment_masks_only_within_lengths(time_warp):
    lengths = [300, 120, 40]
    feats = padded_feats(lengths)
    augment = SpecAugment(SpecAugmentConfig(time_warp=time_warp, mask_value=0.0)).train()
    out = augment(feats, torch.tensor(lengths), generator=gen(1))
    pad = lengths_to_mask(torch.tensor(lengths))[:, :, None].expand_as(feats)  # (B, T, M)
    assert torch.equal(out[pad], feats[pad])  # padding untouched
    assert (out[~pad] != PAD).all()
    masked = (out == 0.0) & ~pad
    assert masked.any(dim=(1, 2)).all()  # every utterance got some masking


def test_spec_augment_time_masks_scale_with_length():
    config = SpecAugmentConfig(freq_masks=0, time_masks=3, time_width=0.1, mask_value=0.0)
    augment = SpecAugment(config).train()
    lengths = torch.tensor([400, 50])
    for seed in range(10):
        out = augment(padded_feats(lengths.tolist(), seed=seed), lengths, generator=gen(seed))
        masked_frames = (out == 0.0).all(dim=2).sum(dim=1)  # (B,)
        # at most 3 masks of at most 10% of the length each
        assert (masked_frames <= 3 * (lengths // 10)).all()


def test_spec_augment_freq_masks_are_bands():
    config = SpecAugmentConfig(freq_masks=1, freq_width=10, time_masks=0, mask_value=0.0)
    out = SpecAugment(config).train()(padded_feats([50]), generator=gen(2))
    bands = (out[0] == 0.0).all(dim=0).nonzero().flatten()  # masked bins (whole band over time)
    assert bands.numel() <= 10
    if bands.numel():
        assert bands.tolist() == list(range(bands[0], bands[0] + bands.numel()))  # contiguous


def test_spec_augment_default_fill_is_utterance_mean():
    feats = torch.full((2, 100, 80), 4.0)
    feats[1] = -2.0
    feats[1, 60:] = PAD  # padding must not count in the mean
    out = SpecAugment().train()(feats, torch.tensor([100, 60]), generator=gen(0))
    assert torch.equal(out, feats)  # the mean of a constant is that constant


def test_spec_augment_time_warp_stretches_within_length():
    config = SpecAugmentConfig(freq_masks=0, time_masks=0, time_warp=8)
    lengths = torch.tensor([80, 30, 10])  # the last is too short to warp
    ramp = torch.arange(80, dtype=torch.float32)[None, :, None].expand(3, 80, 4).clone()
    feats = ramp.masked_fill(lengths_to_mask(lengths)[:, :, None], PAD)  # (B, T, M)
    out = SpecAugment(config).train()(feats, lengths, generator=gen(5))
    pad = lengths_to_mask(lengths)
    assert torch.equal(out[pad], feats[pad])
    assert not torch.equal(out[0, :80], feats[0, :80])  # warped
    assert torch.equal(out[2], feats[2])
    # a warp of a ramp stays monotonic, within the original range
    for row, length in enumerate(lengths.tolist()):
        valid = out[row, :length, 0]
        assert (valid[1:] >= valid[:-1]).all()
        assert valid.min() >= 0 and valid.max() <= length - 1


def test_spec_augment_is_identity_in_eval():
    feats = padded_feats([100, 60])
    augment = SpecAugment().eval()
    assert augment(feats, torch.tensor([100, 60])) is feats


def test_spec_augment_on_log_mel_batch():
    waves = torch.stack([clean_wave(0.5), clean_wave(0.5)])  # (B, S)
    sample_lengths = torch.tensor([waves.shape[1], waves.shape[1] // 2])
    feats, frame_lengths = LogMel()(waves, sample_lengths)  # (B, T, M)
    out = SpecAugment().train()(feats, frame_lengths, generator=gen(0))
    assert out.shape == feats.shape and not torch.equal(out, feats)
    pad = lengths_to_mask(frame_lengths, feats.shape[1])
    assert torch.equal(out[pad], feats[pad])


def test_vtlp_identity_direction_and_band_edges():
    bins = vtlp_source_bins(torch.tensor([1.0, 0.85, 1.15]))
    assert torch.allclose(bins[0], torch.arange(80, dtype=torch.float32), atol=1e-4)
    assert (bins[1, 1:60] > bins[0, 1:60]).all()  # alpha < 1: bin m reads higher input bins
    assert (bins[2, 1:60] < bins[0, 1:60]).all()
    assert (bins.diff(dim=1) >= 0).all() and bins.min() >= 0 and bins.max() <= 79


@pytest.mark.parametrize("alpha", [0.85, 1.15])
def test_warp_mel_moves_a_tone_like_scaling_its_frequency(alpha):
    logmel = LogMel()

    def peak(mel: torch.Tensor) -> int:
        return int(mel[0, 20:-20].mean(0).argmax())

    mel, _ = logmel(torch.from_numpy(tone(1.0, 1500.0))[None])  # (1, T, M)
    scaled, _ = logmel(torch.from_numpy(tone(1.0, 1500.0 * alpha))[None])
    warped = warp_mel(mel, torch.tensor([alpha]))
    assert peak(warped) != peak(mel)
    assert abs(peak(warped) - peak(scaled)) <= 1
    assert torch.equal(warp_mel(mel, torch.tensor([1.0])), mel)


def test_random_freq_mask_bands_widths_and_identity():
    from yuyin.data.augment import random_freq_mask

    torch.manual_seed(0)
    mel = torch.randn(64, 5, 20) + 3.0  # (B, T, M), nothing is 0 by chance
    out = random_freq_mask(mel, masks=1, width=4)
    hidden = (out == 0).all(1)  # (B, M)
    assert torch.equal(out[~(out == 0)], mel[~(out == 0)])
    widths = hidden.sum(1)
    assert widths.max() <= 4 and widths.min() == 0 and len(set(widths.tolist())) == 5
    for row in hidden:  # one band: its bins are contiguous
        bins = row.nonzero().flatten()
        assert len(bins) == 0 or int(bins[-1] - bins[0]) + 1 == len(bins)
    assert torch.equal(random_freq_mask(mel, masks=3, width=0), mel)
