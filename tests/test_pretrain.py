"""Pretraining objectives, quantizer and k-means targets on tiny encoders and synthetic audio."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from dummies import tiny_encoder_config
from yuyin.models.encoder import SpeechEncoder, build_encoder
from yuyin.models.kmeans import (
    IGNORE_INDEX,
    KMeansLabeler,
    add_deltas,
    assign_targets,
    fit_kmeans,
    mfcc_from_log_mel,
)
from yuyin.models.pretrain import (
    HuBERT,
    HuBERTConfig,
    MaskedReconstruction,
    MaskedReconstructionConfig,
    PretrainOutput,
    Wav2Vec2,
    Wav2Vec2Config,
    sample_negatives,
    stack_mel_frames,
)
from yuyin.models.quantizer import GumbelQuantizer

SR = 16000
SEGMENT = 4000  # 0.25 s per "phone": hidden spans often continue visible ones


tiny = tiny_encoder_config


def tonal_batch(seed: int = 0, lengths: tuple[int, ...] = (SR, 12000)) -> tuple:
    """Speech-like audio: a new pair of tones every 0.25 s, with noise. (B, S), (B,)."""
    gen = torch.Generator().manual_seed(seed)
    samples = max(lengths)
    t = torch.arange(samples) / SR
    segments = samples // SEGMENT + 1
    wave = torch.zeros(len(lengths), samples)
    for b, n in enumerate(lengths):
        f1 = (200 + 600 * torch.rand(segments, generator=gen)).repeat_interleave(SEGMENT)
        f2 = (900 + 2000 * torch.rand(segments, generator=gen)).repeat_interleave(SEGMENT)
        tones = torch.sin(2 * torch.pi * f1[:samples] * t) + 0.5 * torch.sin(
            2 * torch.pi * f2[:samples] * t
        )
        noise = 0.05 * torch.randn(samples, generator=gen)
        wave[b, :n] = 0.3 * (tones + noise)[:n]
    return wave, torch.tensor(lengths)


# -- quantizer ---------------------------------------------------------------------------------


def test_quantizer_hard_codes_shapes_and_perplexity_range() -> None:
    torch.manual_seed(0)
    q = GumbelQuantizer(input_dim=16, groups=2, entries=8, code_dim=12, output_dim=10).eval()
    x = torch.randn(3, 7, 16)
    padding = torch.zeros(3, 7, dtype=torch.bool)
    padding[2, 4:] = True
    out = q(x, padding)
    assert out.quantized.shape == (3, 7, 10) and out.codes.shape == (3, 7, 2)
    assert out.codes.min() >= 0 and out.codes.max() < 8
    # hard: the output is exactly the projection of the chosen entries, one per group
    chosen = torch.cat([q.codebook[g][out.codes[..., g]] for g in range(2)], dim=-1)  # (B, T, 12)
    torch.testing.assert_close(out.quantized, q.project(chosen))
    for value in (out.prob_perplexity, out.code_perplexity):
        assert 1.0 <= float(value.detach()) <= q.num_codes


def test_quantizer_straight_through_gradients_and_annealing() -> None:
    torch.manual_seed(0)
    q = GumbelQuantizer(input_dim=16, groups=2, entries=8, code_dim=12, output_dim=10).train()
    x = torch.randn(2, 5, 16, requires_grad=True)
    out = q(x)
    (out.quantized * torch.randn_like(out.quantized)).sum().backward()
    for grad in (q.logits.weight.grad, q.codebook.grad, x.grad):
        assert grad is not None and grad.abs().sum() > 0
    assert q.set_step(0) == 2.0
    mid, late = q.set_step(100_000), q.set_step(10_000_000)
    assert 0.5 < mid < 2.0 and late == 0.5 and q.temperature == 0.5


# -- negatives, targets, k-means ----------------------------------------------------------------


def test_sample_negatives_stay_in_utterance_and_skip_self() -> None:
    torch.manual_seed(0)
    lengths = torch.tensor([10, 3, 1])
    batch = torch.tensor([0, 0, 1, 2])
    frames = torch.tensor([0, 9, 2, 0])
    picks = sample_negatives(lengths, batch, frames, 200)
    assert picks.shape == (4, 200)
    assert (picks < lengths[batch][:, None]).all() and (picks >= 0).all()
    assert not (picks[:3] == frames[:3, None]).any()
    assert set(picks[0].tolist()) == set(range(1, 10))  # uniform over the others
    assert (picks[3] == 0).all()  # a one-frame utterance only has itself (masked by the loss)


def test_stack_mel_frames_groups_consecutive_frames() -> None:
    mel = torch.arange(2 * 9 * 3, dtype=torch.float32).view(2, 9, 3)
    stacked = stack_mel_frames(mel, frames=3, per_frame=4)
    assert stacked.shape == (2, 3, 12)
    torch.testing.assert_close(stacked[1, 1], mel[1, 4:8].reshape(-1))
    torch.testing.assert_close(stacked[0, 2, 3:], torch.zeros(9))  # past the end: zeros


def test_fit_kmeans_recovers_separated_clusters() -> None:
    rng = np.random.default_rng(0)
    centers = np.array([[0, 0, 0], [10, 0, 0], [0, 10, 10]], dtype=np.float32)
    truth = rng.integers(0, 3, 600)
    points = centers[truth] + 0.5 * rng.standard_normal((600, 3)).astype(np.float32)
    centroids = fit_kmeans(points, 3, seed=0)
    ids = assign_targets(torch.from_numpy(points)[None], centroids)[0].numpy()
    mapping = {t: set(ids[truth == t].tolist()) for t in range(3)}
    assert all(len(found) == 1 for found in mapping.values())  # each cluster one id...
    assert len(set().union(*mapping.values())) == 3  # ...and all ids distinct
    padding = torch.zeros(1, 600, dtype=torch.bool)
    padding[0, 500:] = True
    masked = assign_targets(torch.from_numpy(points)[None], centroids, padding)
    assert (masked[0, 500:] == IGNORE_INDEX).all() and (masked[0, :500] >= 0).all()


def test_mfcc_and_deltas_shapes_and_edges() -> None:
    mel = torch.randn(2, 20, 80)
    mfcc = mfcc_from_log_mel(mel)
    assert mfcc.shape == (2, 20, 13)
    torch.testing.assert_close(mfcc_from_log_mel(torch.ones(1, 1, 80))[0, 0, 1:], torch.zeros(12))
    feats = add_deltas(mfcc, torch.tensor([20, 12]))
    assert feats.shape == (2, 20, 39)
    ramp = torch.arange(10, dtype=torch.float32).view(1, 10, 1)
    deltas = add_deltas(ramp, torch.tensor([10]))[0, :, 1]
    torch.testing.assert_close(deltas[2:8], torch.ones(6))  # slope of a ramp, inside the edges


def test_labeler_labels_at_encoder_frame_rate_and_is_self_contained() -> None:
    encoder = build_encoder(tiny())
    wave, lengths = tonal_batch()
    labeler = KMeansLabeler(8, frames_per_label=encoder.mel_frames_per_frame)
    with pytest.raises(RuntimeError, match="fit"):
        labeler(wave, lengths)
    labeler.fit([(wave, lengths)], seed=0)
    targets = labeler(wave, lengths)
    with torch.no_grad():
        out = encoder(wave, lengths)
    assert targets.dtype == torch.long and targets.shape[0] == 2
    assert abs(targets.shape[1] - out.hidden.shape[1]) <= 1  # 25 labels/s vs 24-25 frames
    valid = targets != IGNORE_INDEX
    assert valid.sum(1).tolist() == [25, 19] and targets[valid].unique().numel() > 2
    restored = KMeansLabeler(8, frames_per_label=4)
    restored.load_state_dict(labeler.state_dict())  # centroids travel in the state dict
    assert torch.equal(restored(wave, lengths), targets)


def test_teacher_labeler_uses_frozen_encoder_layer() -> None:
    teacher = build_encoder(tiny(dropout=0.3))
    labeler = KMeansLabeler(4, source="teacher", teacher=teacher, layer=1).train()
    assert not teacher.training and not any(p.requires_grad for p in teacher.parameters())
    wave, lengths = tonal_batch()
    labeler.fit([(wave, lengths)])
    assert labeler.centroids.shape == (4, 32)
    assert torch.equal(labeler(wave, lengths), labeler(wave, lengths))  # no dropout noise
    with pytest.raises(ValueError):
        KMeansLabeler(4, source="teacher")


# -- objectives ---------------------------------------------------------------------------------


def make_mr(encoder: SpeechEncoder) -> MaskedReconstruction:
    return MaskedReconstruction(encoder, MaskedReconstructionConfig(unmasked_weight=0.1))


def make_w2v(encoder: SpeechEncoder) -> Wav2Vec2:
    config = Wav2Vec2Config(codebook_entries=16, final_dim=32, num_negatives=10)
    return Wav2Vec2(encoder, config)


def make_hubert(encoder: SpeechEncoder) -> HuBERT:
    labeler = KMeansLabeler(8, frames_per_label=encoder.mel_frames_per_frame)
    labeler.fit([tonal_batch(seed=1)], seed=0)
    return HuBERT(encoder, HuBERTConfig(num_clusters=8, final_dim=32), labeler)


OBJECTIVES = {"reconstruction": make_mr, "wav2vec2": make_w2v, "hubert": make_hubert}


@pytest.mark.parametrize("name", OBJECTIVES)
@pytest.mark.parametrize("frontend", ["mel", "wave"])
def test_objective_loss_logs_and_gradients(name: str, frontend: str) -> None:
    torch.manual_seed(0)
    model = OBJECTIVES[name](build_encoder(tiny(frontend=frontend)))
    model.set_step(0)
    out = model(*tonal_batch())
    assert isinstance(out, PretrainOutput) and out.loss.ndim == 0
    assert torch.isfinite(out.loss)
    for key in ("loss", "loss_masked", "loss_unmasked", "mask_ratio"):
        assert isinstance(out.logs[key], float), key
    assert 0.2 < out.logs["mask_ratio"] < 0.9
    assert out.mask.any() and not (out.mask & out.padding_mask).any()
    out.loss.backward()
    missing = [
        n
        for n, p in model.named_parameters()
        if p.requires_grad and (p.grad is None or not p.grad.any())
    ]
    assert missing == []


@pytest.mark.parametrize("name", OBJECTIVES)
def test_objective_loss_decreases_on_fixed_batch(name: str) -> None:
    torch.manual_seed(0)
    model = OBJECTIVES[name](build_encoder(tiny()))
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=5e-3)
    batch = tonal_batch()
    losses = []
    for step in range(20):
        model.set_step(step)
        out = model(*batch)
        optimizer.zero_grad()
        out.loss.backward()
        optimizer.step()
        losses.append(out.logs["loss_masked"])
    assert np.mean(losses[-4:]) < 0.95 * np.mean(losses[:4]), losses


def test_wav2vec2_logs_codebook_and_anneals() -> None:
    torch.manual_seed(0)
    model = make_w2v(build_encoder(tiny()))
    out = model(*tonal_batch())
    assert out.codes.shape == (*out.mask.shape, 2) and out.num_entries == 16
    assert 1.0 <= out.logs["code_perplexity"] <= 32 and 1.0 <= out.logs["prob_perplexity"] <= 32
    assert 0.0 <= out.logs["acc_masked"] <= 1.0 and out.logs["temperature"] == 2.0
    model.set_step(1_000_000)
    assert model(*tonal_batch()).logs["temperature"] < 2.0


def test_hubert_precomputed_targets_and_errors() -> None:
    torch.manual_seed(0)
    encoder = build_encoder(tiny())
    model = HuBERT(encoder, HuBERTConfig(num_clusters=4, final_dim=16))
    wave, lengths = tonal_batch()
    with pytest.raises(ValueError, match="targets"):
        model(wave, lengths)
    targets = torch.randint(0, 4, (2, 30))  # longer than the encoder output: cut to T
    out = model(wave, lengths, targets=targets)
    frames = out.hidden.shape[1]
    assert out.targets.shape == (2, frames)
    assert (out.targets[out.padding_mask] == IGNORE_INDEX).all()
    assert torch.equal(out.targets[0], targets[0, :frames])
    with pytest.raises(ValueError, match="clusters"):
        HuBERT(encoder, HuBERTConfig(num_clusters=5), KMeansLabeler(4))


def test_objective_configs_are_plain_values() -> None:
    for config in (MaskedReconstructionConfig(), Wav2Vec2Config(), HuBERTConfig()):
        values = dataclasses.asdict(config)
        assert all(isinstance(v, (int, float, str, type(None))) for v in values.values())
        assert type(config)(**values) == config


def test_hubert_student_warp_perturbs_only_the_students_input_in_training() -> None:
    torch.manual_seed(0)
    encoder = build_encoder(tiny())
    model = HuBERT(encoder, HuBERTConfig(num_clusters=4, final_dim=16, student_warp=0.2))
    seen: list[torch.Tensor] = []
    encoder.frontend.register_forward_hook(lambda _m, inputs, _o: seen.append(inputs[0]))
    wave, lengths = tonal_batch()
    targets = torch.randint(0, 4, (2, 30))
    out = model(wave, lengths, targets=targets)
    clean, _ = encoder.log_mel(wave, lengths)
    assert torch.equal(out.targets[0], targets[0, : out.hidden.shape[1]])  # targets untouched
    assert seen[-1].shape == clean.shape and not torch.allclose(seen[-1], clean)
    model.eval()
    model(wave, lengths, targets=targets)
    assert torch.equal(seen[-1], clean)  # no warp outside training
    with pytest.raises(ValueError, match="mel"):
        HuBERT(build_encoder(tiny(frontend="wave")), HuBERTConfig(student_warp=0.1))
    with pytest.raises(ValueError, match="student_warp"):
        HuBERTConfig(student_warp=-0.1)
