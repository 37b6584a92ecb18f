"""Health monitors: statistics, warnings on deliberately broken runs, silence on healthy ones."""

from __future__ import annotations

import math

import pytest
import torch

from dummies import tiny_encoder_config
from yuyin.eval.health import (
    GradNormTracker,
    HealthMonitor,
    codebook_stats,
    representation_stats,
    target_stats,
)
from yuyin.models.encoder import EncoderConfig, build_encoder
from yuyin.models.kmeans import IGNORE_INDEX, KMeansLabeler
from yuyin.models.pretrain import HuBERT, HuBERTConfig, PretrainOutput, Wav2Vec2, Wav2Vec2Config

SR = 16000
SEGMENT = 4000  # 0.25 s per tone pair
COLLAPSE_KEYS = {
    "collapse_variance",
    "collapse_cosine",
    "codebook_usage",
    "codebook_perplexity",
    "target_entropy",
}


def tiny() -> EncoderConfig:
    return tiny_encoder_config(conv_kernel=15)


def tonal_batch(seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Two utterances of tone pairs that change every 0.25 s. (B, S), (B,)."""
    gen = torch.Generator().manual_seed(seed)
    t = torch.arange(SR) / SR
    wave = torch.zeros(2, SR)
    for b in range(2):
        f1 = (200 + 600 * torch.rand(SR // SEGMENT, generator=gen)).repeat_interleave(SEGMENT)
        f2 = (900 + 2000 * torch.rand(SR // SEGMENT, generator=gen)).repeat_interleave(SEGMENT)
        tones = torch.sin(2 * math.pi * f1 * t) + 0.5 * torch.sin(2 * math.pi * f2 * t)
        wave[b] = 0.3 * (tones + 0.05 * torch.randn(SR, generator=gen))
    return wave, torch.tensor([SR, 12000])


def fake_output(
    loss_masked: float, loss_unmasked: float, seed: int = 0, unmasked_weight: float = 1.0
) -> PretrainOutput:
    """A PretrainOutput with healthy random representations and the given losses."""
    gen = torch.Generator().manual_seed(seed)
    padding = torch.zeros(2, 20, dtype=torch.bool)
    return PretrainOutput(
        loss=torch.tensor(loss_masked),
        logs={"loss": loss_masked, "loss_masked": loss_masked, "loss_unmasked": loss_unmasked},
        hidden=torch.randn(2, 20, 16, generator=gen),
        padding_mask=padding,
        mask=padding.clone(),
        unmasked_weight=unmasked_weight,
    )


def test_codebook_stats_uniform_and_collapsed() -> None:
    uniform = torch.stack(torch.meshgrid(torch.arange(8), torch.arange(8), indexing="ij"), -1)
    stats = codebook_stats(uniform.reshape(1, 64, 2), num_entries=8)  # every pair once
    assert stats.perplexity == pytest.approx(16.0) and stats.used_fraction == 1.0
    padding = torch.zeros(1, 64, dtype=torch.bool)
    padding[0, 10:] = True
    assert codebook_stats(uniform.reshape(1, 64, 2), 8, padding).frames == 10
    collapsed = codebook_stats(torch.zeros(1, 64, 2, dtype=torch.long), num_entries=8)
    assert collapsed.perplexity == pytest.approx(2.0) and collapsed.used_fraction == 1 / 8


def test_target_stats_entropy_and_ignored_frames() -> None:
    balanced = target_stats(torch.arange(40).remainder(4).view(2, 20), num_clusters=4)
    assert balanced.normalized_entropy == pytest.approx(1.0) and balanced.top_fraction == 0.25
    targets = torch.zeros(2, 20, dtype=torch.long)
    targets[1, 10:] = IGNORE_INDEX
    single = target_stats(targets, num_clusters=4)
    assert single.entropy == pytest.approx(0.0) and single.frames == 30
    assert single.used_fraction == 0.25 and single.top_fraction == 1.0


def test_representation_stats_random_versus_constant() -> None:
    gen = torch.Generator().manual_seed(0)
    healthy = representation_stats(torch.randn(4, 100, 32, generator=gen), generator=gen)
    assert healthy.median_variance == pytest.approx(1.0, abs=0.2)
    assert abs(healthy.mean_cosine) < 0.05
    padding = torch.zeros(4, 100, dtype=torch.bool)
    padding[:, 50:] = True
    constant = torch.ones(4, 100, 32)
    constant[:, 50:] = torch.randn(4, 50, 32)  # padding differs: must be ignored
    stats = representation_stats(constant, padding)
    assert stats.median_variance < 1e-10 and stats.mean_cosine > 0.999


def test_grad_norm_tracker_flags_spikes_against_running_median() -> None:
    tracker = GradNormTracker(window=20, factor=10.0, min_history=5)
    assert not any(tracker.update(1.0 + 0.1 * i) for i in range(10))
    assert tracker.update(50.0)
    assert not tracker.update(5.0)
    assert not tracker.update(float("nan"))  # reported elsewhere, not recorded


def test_monitor_warns_once_on_collapsed_wav2vec2() -> None:
    torch.manual_seed(0)
    model = Wav2Vec2(build_encoder(tiny()), Wav2Vec2Config(codebook_entries=32, final_dim=16))
    with torch.no_grad():  # deliberately broken: one code per group, constant encoder outputs
        model.quantizer.logits.weight.zero_()
        model.quantizer.logits.bias.zero_()
        model.quantizer.logits.bias[0::32] = 10.0
        model.encoder.final_norm.weight.zero_()
        model.encoder.final_norm.bias.fill_(1.0)
    monitor = HealthMonitor()
    first = monitor.update(0, model(*tonal_batch()), grad_norm=1.0)
    text = "\n".join(first)
    assert "codebook collapse" in text and "perplexity collapsed" in text
    assert "representation collapse" in text
    assert monitor.update(1, model(*tonal_batch(1)), grad_norm=1.0) == []  # no repeats
    summary = monitor.summary()
    assert summary["code_usage"] == pytest.approx(1 / 32)
    assert summary["warnings"]["collapse_cosine"] == 1
    assert set(summary["active"]) >= {"codebook_usage", "collapse_variance"}


def test_monitor_warns_on_degenerate_hubert_targets() -> None:
    torch.manual_seed(0)
    model = HuBERT(build_encoder(tiny()), HuBERTConfig(num_clusters=8, final_dim=16))
    monitor = HealthMonitor()
    wave, lengths = tonal_batch()
    targets = torch.zeros(2, 25, dtype=torch.long)  # every frame the same cluster
    warnings = monitor.update(0, model(wave, lengths, targets=targets))
    assert any("degenerate targets" in w for w in warnings)


@pytest.mark.parametrize("objective", ["wav2vec2", "hubert"])
def test_healthy_tiny_run_does_not_warn_about_collapse(objective: str) -> None:
    torch.manual_seed(0)
    encoder = build_encoder(tiny())
    if objective == "wav2vec2":
        model = Wav2Vec2(encoder, Wav2Vec2Config(codebook_entries=16, final_dim=16))
    else:
        labeler = KMeansLabeler(8, frames_per_label=encoder.mel_frames_per_frame)
        labeler.fit([tonal_batch(5)])
        model = HuBERT(encoder, HuBERTConfig(num_clusters=8, final_dim=16), labeler)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    monitor = HealthMonitor()
    warnings = []
    for step in range(20):
        model.set_step(step)
        out = model(*tonal_batch(step % 4))
        optimizer.zero_grad()
        out.loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        optimizer.step()
        warnings += monitor.update(step, out, float(grad_norm))
    summary = monitor.summary()
    assert not COLLAPSE_KEYS & set(summary["warnings"]), warnings
    assert summary["mean_cosine"] < 0.9 and summary["median_variance"] > 1e-3
    assert summary.get("code_usage", 1.0) > 0.3 and summary.get("target_entropy", 1.0) > 0.5


def test_monitor_loss_gap_and_stall_warnings() -> None:
    monitor = HealthMonitor(warmup_steps=5, stall_steps=10, cooldown=100)
    warnings = []
    for step in range(30):  # masked loss flat and below the unmasked one: trivial task
        warnings += [(step, w) for w in monitor.update(step, fake_output(1.0, 1.2, step))]
    kinds = [w for _, w in warnings]
    assert len(kinds) == 2, kinds
    assert warnings[0][0] == 5 and "not above the unmasked" in warnings[0][1]
    assert warnings[1][0] == 15 and "stalled" in warnings[1][1]

    masked_only = HealthMonitor(warmup_steps=5, stall_steps=100)
    for step in range(30):  # visible frames untrained (HuBERT default): their loss says nothing
        out = fake_output(3.0 * 0.97**step, 4.0, step, unmasked_weight=0.0)
        assert masked_only.update(step, out, 1.0) == []

    healthy = HealthMonitor(warmup_steps=5, stall_steps=10)
    for step in range(30):  # masked loss above unmasked and falling
        masked = 3.0 * 0.97**step
        assert healthy.update(step, fake_output(masked, masked / 2, step), 1.0) == []


def test_monitor_grad_spikes_and_non_finite_values() -> None:
    monitor = HealthMonitor(cooldown=5)
    for step in range(15):
        assert monitor.update(step, fake_output(2.0, 1.0, step), grad_norm=1.0) == []
    spike = monitor.update(15, fake_output(2.0, 1.0), grad_norm=50.0)
    assert len(spike) == 1 and "spike" in spike[0] and "50x" in spike[0]
    assert monitor.update(16, fake_output(2.0, 1.0), grad_norm=60.0) == []  # still active
    assert monitor.update(17, fake_output(2.0, 1.0), grad_norm=1.0) == []
    assert monitor.update(18, fake_output(2.0, 1.0), grad_norm=60.0) == []  # within cooldown
    assert monitor.update(19, fake_output(2.0, 1.0), grad_norm=1.0) == []
    assert len(monitor.update(25, fake_output(2.0, 1.0), grad_norm=60.0)) == 1  # after cooldown
    bad = monitor.update(26, fake_output(float("nan"), 1.0), grad_norm=float("inf"))
    assert len(bad) == 1 and "non-finite loss and gradient norm" in bad[0]
    assert monitor.summary()["warnings"] == {"grad_spike": 2, "non_finite": 1}


def test_a_replayed_monitor_goes_on_like_an_uninterrupted_one() -> None:
    """Resuming: log.csv rows rebuild the loss average and gradient-norm median exactly; pooled
    target statistics, which no log holds, are judged again only once a window has refilled."""
    whole, resumed = HealthMonitor(warmup_steps=2), HealthMonitor(warmup_steps=2)
    rows = []
    for step in range(1, 9):
        masked, grad = 3.0 - 0.1 * step, 1.0 + 0.05 * step
        whole.update(step, fake_output(masked, masked - 0.5, seed=step), grad_norm=grad)
        rows.append(
            {
                "step": str(step),
                "loss_masked": repr(masked),
                "loss_unmasked": repr(masked - 0.5),
                "grad_norm": repr(grad),
            }
        )
    resumed.replay(rows)
    for step in range(9, 12):
        out = fake_output(2.0, 1.5, seed=step)
        assert whole.update(step, out, 1.2) == resumed.update(step, out, 1.2)
    assert resumed.summary()["loss_masked"] == pytest.approx(whole.summary()["loss_masked"])
    assert resumed.grad_norms.median == pytest.approx(whole.grad_norms.median)

    torch.manual_seed(0)
    model = HuBERT(build_encoder(tiny()), HuBERTConfig(num_clusters=8, final_dim=16))
    wave, lengths = tonal_batch()
    one_cluster = model(wave, lengths, targets=torch.zeros(2, 25, dtype=torch.long))
    monitor = HealthMonitor(window=3)
    monitor.replay([{"step": "10", "grad_norm": "1.0"}])
    assert monitor.update(11, one_cluster) == [] and monitor.update(12, one_cluster) == []
    assert any("degenerate targets" in w for w in monitor.update(13, one_cluster))


def test_a_monitor_from_its_state_goes_on_exactly_and_keeps_its_warnings() -> None:
    """A checkpoint's state (JSON) holds what log.csv rows every log_every steps cannot: every
    step's gradient norm and loss average, and which warnings hold, were said and how often (a
    replayed monitor said a warning that still held again, and counted from 0)."""
    import json

    whole = HealthMonitor(warmup_steps=2, cooldown=100)
    for step in range(1, 15):
        grad = 0.0 if step >= 10 else 1.0 + 0.05 * step  # a dead gradient from step 10
        whole.update(step, fake_output(3.0 - 0.1 * step, 2.0, seed=step), grad_norm=grad)
    assert whole.counts == {"zero_gradient": 1}
    resumed = HealthMonitor(warmup_steps=2, cooldown=100)
    resumed.load_state_dict(json.loads(json.dumps(whole.state_dict())))
    for step in range(15, 19):
        out = fake_output(1.5, 1.0, seed=step)
        grad = 0.0 if step < 17 else 1.0
        assert resumed.update(step, out, grad) == whole.update(step, out, grad)
    numbers = {k: v for k, v in whole.summary().items() if isinstance(v, float)}
    assert {k: resumed.summary()[k] for k in numbers} == pytest.approx(numbers, nan_ok=True)
    assert resumed.summary()["warnings"] == {"zero_gradient": 1}  # said once, not again
    assert resumed.summary()["active"] == whole.summary()["active"]


def test_a_run_that_learns_nothing_is_named_and_still_named_at_the_end() -> None:
    """(An audit: a wav2vec 2.0 run at lr 0.5 logged grad_norm 0, loss 0 and accuracy 1.0 from
    step 10 on, with one warning at step 5 and a final loss that looked fine.)"""
    monitor = HealthMonitor(warmup_steps=0)
    solved = fake_output(0.0, 0.0, unmasked_weight=0.0)  # learns from masked frames only
    solved.logs["acc_masked"] = 1.0
    found = []
    for step in range(8):
        found += monitor.update(step, solved, grad_norm=0.0)
    text = "\n".join(found)
    assert "the masked task is solved perfectly" in text
    assert "the gradient has been exactly 0 for 5 updates" in text
    assert len(found) == 2  # each once
    active = "\n".join(monitor.active_messages())  # what pretrain repeats when the run ends
    assert "solved perfectly" in active and "exactly 0 for 8 updates" in active
    assert monitor.update(8, fake_output(1.0, 1.2, unmasked_weight=0.0), grad_norm=0.3) == []
    assert monitor.active_messages() == []  # a healthy step: nothing holds any more


def test_fine_tuning_from_a_collapsed_pretraining_run_says_so(tmp_path, caplog) -> None:
    import json
    import shutil

    from yuyin.train.finetune import FinetuneSettings, initial_encoder, pretrained_path

    run = tmp_path / "run"
    shutil.copytree(pretrained_path("bundled"), run)  # an encoder folder, plus a health record
    settings = FinetuneSettings()
    for active, said in ((["loss_stall"], False), (["trivial_task", "loss_stall"], True)):
        rows = [{"step": 9, "active": []}, {"step": 10, "active": active}]
        (run / "health.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        caplog.clear()
        with caplog.at_level("WARNING", logger="yuyin.train"):
            initial_encoder(settings, run)
        assert ("collapse warnings that still held (trivial_task)" in caplog.text) is said
