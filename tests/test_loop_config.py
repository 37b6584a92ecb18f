"""Training settings are checked when built: a wrong type, NaN or sign is one clear error naming
the setting, never a torch error at the first step or a run that quietly trains backwards."""

from __future__ import annotations

import math

import pytest

from yuyin.config import ConfigError, build_dataclass
from yuyin.train.g2p import FinetuneSettings, PretrainSettings
from yuyin.train.lm import LMDataSettings
from yuyin.train.loop import LoopConfig, build_loop


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"clip_norm": -1}, "clip_norm"),  # flipped every gradient: the loss climbed, exit 0
        ({"lr": "abc"}, "lr"),
        ({"lr": math.nan}, "lr"),
        ({"lr": -1e-3}, "lr"),
        ({"min_lr_ratio": math.nan}, "min_lr_ratio"),
        ({"weight_decay": math.inf}, "weight_decay"),
        ({"betas": [2, 2]}, "betas"),
        ({"betas": [0.9]}, "betas"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**70}, "seed"),
        ({"max_steps": 2.5}, "max_steps"),
        ({"keep_checkpoints": -1}, "keep_checkpoints"),
        ({"device": "foo"}, "device"),
        ({"progress": "yes"}, "progress"),
    ],
)
def test_bad_loop_settings_are_named(values, named):
    with pytest.raises(ConfigError, match=named):
        build_loop(values, "finetune.loop")


def test_good_loop_settings_pass():
    config = build_loop({"lr": 0, "betas": [0.9, 0.95], "device": "cuda:1", "seed": 2**32 - 1}, "x")
    assert config.betas == (0.9, 0.95) and config.lr == 0  # lr 0: a step that changes nothing
    assert LoopConfig().device == "auto"


@pytest.mark.parametrize(
    ("build", "named"),
    [
        (lambda: LMDataSettings(batch_size=0), "batch_size"),
        (lambda: FinetuneSettings(max_batch_tokens=0), "max_batch_tokens"),
        (lambda: FinetuneSettings(label_smoothing=2.0), "label_smoothing"),
        (lambda: PretrainSettings(mask_prob=math.nan), "mask_prob"),
    ],
)
def test_task_settings_are_checked_too(build, named):
    with pytest.raises(ValueError, match=named):
        build()


@pytest.mark.parametrize(
    ("cls", "values", "named"),
    [
        ("yuyin.models.tts:TTSConfig", {"dim": 0}, "dim"),
        ("yuyin.models.tts:TTSConfig", {"heads": 0}, "heads"),
        ("yuyin.models.tts:TTSConfig", {"dropout": 1.5}, "dropout"),
        ("yuyin.models.tts:TTSConfig", {"n_mels": 40}, "n_mels"),
        ("yuyin.models.tts:TTSConfig", {"prior_scale": math.inf}, "prior_scale"),
        ("yuyin.models.tts:TTSConfig", {"pitch_weight": -1}, "pitch_weight"),
        ("yuyin.models.vocoder:VocoderConfig", {"hop_length": 100}, "hop_length"),
        ("yuyin.train.vocoder:LossSettings", {"resolutions": []}, "resolutions"),
        ("yuyin.train.vocoder:LossSettings", {"mel_weight": -1}, "mel_weight"),
        ("yuyin.train.tts:PretrainStage", {"crop_seconds": 0}, "crop_seconds"),
        ("yuyin.train.tts:TrainStage", {"dev_utterances": -1}, "dev_utterances"),
        ("yuyin.models.encoder:EncoderConfig", {"dim": "abc"}, "dim"),
        ("yuyin.models.encoder:EncoderConfig", {"layers": True}, "layers"),
        ("yuyin.models.pretrain:Wav2Vec2Config", {"num_negatives": 0}, "num_negatives"),
        ("yuyin.train.pretrain:DataSettings", {"max_utterances": -7}, "max_utterances"),
    ],
)
def test_model_and_data_sections_are_checked(cls, values, named):
    import importlib

    module, name = cls.split(":")
    with pytest.raises(ConfigError, match=named):
        build_dataclass(getattr(importlib.import_module(module), name), values, "section")


def test_a_section_given_as_a_value_is_named():
    from yuyin.models.encoder import EncoderConfig

    with pytest.raises(ConfigError, match="encoder: a section of key: value settings"):
        build_dataclass(EncoderConfig, "tiny", "encoder")  # --set encoder=tiny
