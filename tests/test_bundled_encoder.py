"""The self-supervised encoder shipped with yuyin (`yuyin finetune --pretrained bundled`)."""

from __future__ import annotations

import json
import logging

import torch

import yuyin
from dummies import make_tone_corpus
from yuyin.cli import main
from yuyin.models.encoder import SpeechEncoder
from yuyin.train.finetune import BUNDLED_ENCODER, pretrained_path


def test_bundled_encoder_is_small_and_pretrained_on_unlabeled_audio_only():
    size = sum(p.stat().st_size for p in BUNDLED_ENCODER.iterdir())
    assert size < 6 * 2**20  # about 2 M parameters stored as float16
    record = json.loads((BUNDLED_ENCODER / "config.json").read_text())
    assert record["kind"] == "encoder" and record["weights_dtype"] == "float16"
    meta = record["meta"]
    assert meta["objective"] == "hubert"
    # DATA.md: evaluation sets (human recordings, held-out sentences, unseen voices) never train
    assert meta["manifests"] and not any(
        word in m for m in meta["manifests"] for word in ("testsets", "synth-test", "unseen")
    )
    encoder = yuyin.load(pretrained_path("bundled"))
    assert isinstance(encoder, SpeechEncoder)
    with torch.no_grad():
        out = encoder(torch.randn(1, 16000), torch.tensor([16000]))
    assert out.hidden.shape[-1] == encoder.config.dim and torch.isfinite(out.hidden).all()


def test_a_folder_named_bundled_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert pretrained_path("bundled") == BUNDLED_ENCODER
    (tmp_path / "bundled").mkdir()
    assert str(pretrained_path("bundled")) == "bundled"


def test_finetune_from_the_bundled_encoder(tmp_path):
    torch.set_num_threads(1)
    corpus, _ = make_tone_corpus(tmp_path / "data", n=8, seconds_range=(1.0, 1.5))
    sets = ["loop.max_steps=2", "loop.warmup_steps=1", "loop.eval_every=2", "loop.ckpt_every=2"]
    sets += ["loop.num_workers=0", "loop.progress=false", "loop.tensorboard=false"]
    args = ["finetune", "--pretrained", "bundled", "--train", str(corpus), "--dev", str(corpus)]
    args += ["--out", str(tmp_path / "asr"), *[a for s in sets for a in ("--set", s)]]
    assert main(args) == 0
    model = yuyin.load(tmp_path / "asr" / "model")
    assert model.yuyin_meta["pretrained"] == "bundled"
    assert model.encoder.config == yuyin.load(BUNDLED_ENCODER).config


def test_bundled_encoder_runs_at_the_frame_rate_the_readme_gives():
    """50 frames/s (mel_subsampling 2): 2 s of audio is ~100 frames; README's Python API used
    to say 25 frames/s."""
    from pathlib import Path

    encoder = yuyin.load(pretrained_path("bundled"))
    assert encoder.frame_rate == 50.0
    with torch.no_grad():
        out = encoder(torch.randn(1, 32000), torch.tensor([32000]))
    assert abs(out.hidden.shape[1] - 2 * encoder.frame_rate) <= 2
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    api = readme[readme.index("### Python API") :]
    comment = api[api.index("out.hidden") : api.index("pcm = ")]
    assert "50 frames/s for the bundled encoder" in comment and "at 25 frames/s" not in comment


def test_finetune_from_the_bundled_recognizer_reuses_its_head(tmp_path, monkeypatch):
    import yuyin.hub
    from yuyin.train.finetune import BUNDLED_ASR

    torch.set_num_threads(1)
    reads: list[str] = []
    real_load_file = yuyin.hub.load_file

    def counting_load_file(path, *args, **kwargs):
        reads.append(str(path))
        return real_load_file(path, *args, **kwargs)

    monkeypatch.setattr(yuyin.hub, "load_file", counting_load_file)
    corpus, _ = make_tone_corpus(tmp_path / "data", n=8, seconds_range=(1.0, 1.5))
    sets = ["loop.max_steps=1", "loop.warmup_steps=1", "loop.eval_every=1", "loop.ckpt_every=1"]
    sets += ["loop.num_workers=0", "loop.progress=false", "loop.tensorboard=false"]
    args = ["finetune", "--pretrained", "bundled-asr", "--train", str(corpus)]
    args += ["--out", str(tmp_path / "asr"), *[a for s in sets for a in ("--set", s)]]
    assert main(args) == 0
    # its weights are read once, for the encoder and the head together
    assert reads.count(str(BUNDLED_ASR / "model.safetensors")) == 1
    model, shipped = yuyin.load(tmp_path / "asr" / "model"), yuyin.load(BUNDLED_ASR)
    assert model.yuyin_meta["pretrained"] == "bundled-asr"
    assert model.yuyin_meta["head_reused"] is True  # the shipped character set, its CTC head
    assert model.encoder.config == shipped.encoder.config


def test_a_reused_head_does_not_freeze_the_encoder(tmp_path, caplog):
    """The tiny config's freeze_encoder_steps guards a random head; the recognizer's own head
    is trained already, so the encoder learns from the first update (an audit's adaptation
    runs spent their first 100 of 300 updates frozen, dev WER unchanged)."""
    torch.set_num_threads(1)
    corpus, _ = make_tone_corpus(tmp_path / "data", n=8, seconds_range=(1.0, 1.5))
    sets = ["loop.max_steps=2", "loop.warmup_steps=1", "loop.eval_every=2", "loop.ckpt_every=2"]
    sets += ["loop.num_workers=0", "loop.progress=false", "loop.tensorboard=false"]
    sets += ["model.freeze_encoder_steps=1"]
    args = ["finetune", "--pretrained", "bundled-asr", "--train", str(corpus)]
    args += ["--out", str(tmp_path / "asr"), *[a for s in sets for a in ("--set", s)]]
    with caplog.at_level(logging.INFO, logger="yuyin"):
        assert main(args) == 0
    assert "the encoder learns from the first update" in caplog.text
    assert yuyin.load(tmp_path / "asr" / "model").config.freeze_encoder_steps == 0
