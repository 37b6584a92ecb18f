"""The acoustic model: shapes, length regulator, alignment (MAS, prior, forward-sum), saving."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

import yuyin
from dummies import tiny_tts_config
from yuyin.hub import save_model
from yuyin.models.aligner import (
    beta_binomial_log_prior,
    forward_sum_loss,
    monotonic_alignment_search,
)
from yuyin.models.mel_decoder import MaskedMelConfig, MaskedMelModel
from yuyin.models.tts import TTS_KIND, AcousticModel, build_tts, regulate_length, symbol_means
from yuyin.text.phonemize import phonemize
from yuyin.train.tts import dtw_l1

N_MELS = 80
FIXED_FRAMES = 5  # frames per symbol once the duration predictor is pinned


def _batch(seed: int = 0, lengths=(12, 7, 3), frames=(60, 40, 20)):
    """Random symbols and log-mels of the given lengths, zero-padded."""
    gen = torch.Generator().manual_seed(seed)
    batch, u_max, t_max = len(lengths), max(lengths), max(frames)
    symbols = torch.randint(4, 79, (batch, u_max), generator=gen)
    mel = torch.randn(batch, t_max, N_MELS, generator=gen) - 5.0
    f0 = 100 + 100 * torch.rand(batch, t_max, generator=gen)
    f0[:, ::4] = 0.0  # some unvoiced frames
    for row, (u, t) in enumerate(zip(lengths, frames, strict=True)):
        symbols[row, u:] = 0
        mel[row, t:] = 0.0
        f0[row, t:] = 0.0
    return symbols, torch.tensor(lengths), mel, torch.tensor(frames), f0


def _pinned(model: AcousticModel) -> AcousticModel:
    """Every symbol lasts FIXED_FRAMES frames: the duration predictor outputs log(5 + 1)."""
    torch.nn.init.zeros_(model.duration.out.weight)
    torch.nn.init.constant_(model.duration.out.bias, math.log(FIXED_FRAMES + 1))
    return model


def test_forward_shapes_losses_and_gradients():
    torch.manual_seed(0)
    model = build_tts(tiny_tts_config())
    symbols, symbol_lengths, mel, mel_lengths, f0 = _batch()
    out = model(symbols, symbol_lengths, mel, mel_lengths, f0)
    assert out.mel.shape == mel.shape
    assert out.durations.shape == symbols.shape
    assert out.durations.sum(1).tolist() == mel_lengths.tolist()
    assert (out.durations[0] >= 1).all() and (out.durations[2, 3:] == 0).all()
    expected = {"mel_l1", "mel_l1_log", "duration", "pitch", "energy", "align", "bin"}
    assert set(out.logs) == expected and all(math.isfinite(v) for v in out.logs.values())
    out.loss.backward()
    grads = [p.grad for p in model.parameters()]
    assert all(g is not None and torch.isfinite(g).all() for g in grads)


def test_multi_speaker_model_uses_the_speaker():
    torch.manual_seed(0)
    model = _pinned(build_tts(tiny_tts_config(n_speakers=3))).eval()
    symbols, lengths, *_ = _batch()
    with torch.no_grad():
        a, _ = model.infer(symbols[:1], lengths[:1], torch.tensor([0]))
        b, _ = model.infer(symbols[:1], lengths[:1], torch.tensor([2]))
    assert a.shape == b.shape and not torch.allclose(a, b)
    with pytest.raises(ValueError, match="speaker 3"):
        model.synthesize(["<s>", "HH", "</s>"], speaker=3)


def test_regulate_length_with_known_durations():
    hidden = torch.tensor([[[1.0], [2.0], [3.0]], [[4.0], [5.0], [0.0]]])  # (2, 3, 1)
    durations = torch.tensor([[2, 0, 3], [1, 2, 0]])
    frames, lengths = regulate_length(hidden, durations)
    assert lengths.tolist() == [5, 3]
    assert frames[..., 0].tolist() == [[1, 1, 3, 3, 3], [4, 5, 5, 0, 0]]
    cut, cut_lengths = regulate_length(hidden, durations, max_frames=2)
    assert cut[..., 0].tolist() == [[1, 1], [4, 5]] and cut_lengths.tolist() == [2, 2]


def test_symbol_means_weighted_by_frames():
    alignment = torch.tensor([[[1.0, 0], [1, 0], [0, 1]]])  # frames 0-1 -> symbol 0, 2 -> 1
    values = torch.tensor([[2.0, 4.0, 7.0]])
    assert symbol_means(values, torch.ones(1, 3), alignment).tolist() == [[3.0, 7.0]]
    unvoiced_last = torch.tensor([[1.0, 1.0, 0.0]])
    assert symbol_means(values, unvoiced_last, alignment).tolist() == [[3.0, 0.0]]


def _path(durations: list[int], frames: int, symbols: int) -> np.ndarray:
    path = np.zeros((frames, symbols), dtype=np.float32)
    ends = np.cumsum(durations)
    for u, (start, end) in enumerate(zip(ends - durations, ends, strict=True)):
        path[start:end, u] = 1.0
    return path


def test_mas_finds_the_known_path():
    durations = [[2, 3, 1, 4], [3, 1, 2]]  # 10 frames x 4 symbols; 6 frames x 3 symbols
    log_probs = np.full((2, 10, 4), -5.0, dtype=np.float32)
    paths = [_path(durations[0], 10, 4), _path(durations[1], 6, 3)]
    log_probs[0][paths[0] > 0] = -0.1
    log_probs[1, :6, :3][paths[1] > 0] = -0.1
    log_probs[1, 6:] = 3.0  # padding: high scores that must not matter
    log_probs[1, :, 3] = 3.0
    hard = monotonic_alignment_search(log_probs, np.array([4, 3]), np.array([10, 6]))
    np.testing.assert_array_equal(hard[0], paths[0])
    np.testing.assert_array_equal(hard[1, :6, :3], paths[1])
    assert hard[1, 6:].sum() == 0 and hard[1, :, 3].sum() == 0


def test_mas_gives_every_symbol_a_frame_in_order():
    rng = np.random.default_rng(0)
    hard = monotonic_alignment_search(
        rng.standard_normal((1, 30, 12)).astype(np.float32), np.array([12]), np.array([30])
    )[0]
    assert (hard.sum(1) == 1).all() and (hard.sum(0) >= 1).all()
    symbol_of_frame = hard.argmax(1)
    assert symbol_of_frame[0] == 0 and symbol_of_frame[-1] == 11
    assert set(np.diff(symbol_of_frame)) <= {0, 1}


def test_prior_is_a_distribution_over_the_symbols():
    prior = beta_binomial_log_prior(torch.tensor([5, 3]), torch.tensor([20, 9])).exp()
    assert prior.shape == (2, 20, 5)
    assert torch.allclose(prior[0].sum(-1), torch.ones(20), atol=1e-4)
    assert torch.allclose(prior[1, :9].sum(-1), torch.ones(9), atol=1e-4)
    assert prior[1, 9:].sum() == 0 and prior[1, :, 3:].sum() == 0
    assert prior[0, 0].argmax() == 0 and prior[0, -1].argmax() == 4  # diagonal


def test_forward_sum_loss_falls_on_a_fixed_batch():
    """Frames made of per-symbol spectra: the aligner learns which symbol each frame shows."""
    gen = torch.Generator().manual_seed(0)
    spectra = 2.0 * torch.randn(12, N_MELS, generator=gen)  # one spectrum per symbol id
    symbol_lengths = torch.tensor([10, 8, 6, 5])
    symbols = torch.randint(1, 12, (4, 10), generator=gen)
    symbols[torch.arange(10)[None] >= symbol_lengths[:, None]] = 0
    durations = torch.randint(2, 7, (4, 10), generator=gen) * (symbols > 0)
    mel, mel_lengths = regulate_length(spectra[symbols], durations)  # (B, T, M)
    mel = mel + 0.3 * torch.randn(mel.shape, generator=gen)
    torch.manual_seed(0)
    model = build_tts(tiny_tts_config())
    params = [*model.aligner.parameters(), *model.embed.parameters()]
    optimizer = torch.optim.Adam(params, lr=1e-2)
    losses = []
    for _ in range(40):
        embedded = model.embed(symbols) * model.embed_scale
        align = model.aligner(embedded, symbol_lengths, mel, mel_lengths)
        loss = forward_sum_loss(align.log_scores, symbol_lengths, mel_lengths)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.6 * losses[0]
    assert (align.durations.sum(1) == mel_lengths).all()


def test_bin_loss_schedule():
    model = build_tts(tiny_tts_config(bin_start_step=10, bin_warmup_steps=4, bin_weight=2.0))
    weights = []
    for step in (0, 10, 12, 14, 100):
        model.set_step(step)
        weights.append(model.bin_weight())
    assert weights == [0.0, 0.0, 1.0, 2.0, 2.0]


def test_synthesize_shapes_and_speed():
    torch.manual_seed(0)
    model = _pinned(build_tts(tiny_tts_config())).train()
    symbols = phonemize("Hi, you.")
    mel = model.synthesize(symbols)
    assert mel.shape == (FIXED_FRAMES * len(symbols), N_MELS) and not mel.requires_grad
    assert model.training  # left as it was
    assert model.synthesize(symbols, speed=2.0).shape[0] == 2 * len(symbols)  # round(2.5) = 2
    assert model.synthesize(symbols, speed=0.5).shape[0] == 10 * len(symbols)
    assert model.synthesize([]).shape == (0, N_MELS)
    with pytest.raises(ValueError, match="speed"):
        model.synthesize(symbols, speed=0.0)
    with pytest.raises(ValueError, match="inventory"):
        model.synthesize(["<s>", "XX9"])


def test_save_and_load_round_trip(tmp_path):
    torch.manual_seed(0)
    model = _pinned(build_tts(tiny_tts_config()))
    model.decoder.set_statistics(torch.full((N_MELS,), -4.0), torch.full((N_MELS,), 2.0))
    model.pitch_stats.copy_(torch.tensor([5.0, 0.3]))
    save_model(model, tmp_path / "tts", TTS_KIND, model.config, {"speakers": ["joe"]})
    loaded = yuyin.load(tmp_path / "tts")
    assert isinstance(loaded, AcousticModel) and not loaded.training
    assert loaded.config == model.config and loaded.yuyin_meta["speakers"] == ["joe"]
    symbols = phonemize("Go now, yes.")
    torch.testing.assert_close(loaded.synthesize(symbols), model.synthesize(symbols))


def test_masked_mel_model_hides_about_half():
    torch.manual_seed(0)
    cfg = MaskedMelConfig(tiny_tts_config().decoder_config())
    model = MaskedMelModel(cfg)
    wave = 0.1 * torch.randn(2, 48000)
    loss, logs = model(wave, torch.tensor([48000, 30000]))
    assert math.isfinite(loss.item()) and 0.35 < logs["masked_fraction"] < 0.65
    loss.backward()
    assert model.mask_embedding.grad is not None and model.decoder.out.weight.grad is not None


def test_dtw_l1_ignores_timing():
    ref = torch.randn(30, N_MELS)
    stretched = ref.repeat_interleave(2, dim=0)  # the same frames, twice as slow
    assert dtw_l1(ref, ref) == pytest.approx(0.0)
    assert dtw_l1(stretched, ref) == pytest.approx(0.0)
    assert dtw_l1(ref + 1.0, ref) == pytest.approx(1.0)
    assert dtw_l1(torch.randn(25, N_MELS), ref) > 0.5
