"""Config files and --set overrides: values only, numbers parsed as a person means them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from yuyin.config import ConfigError, apply_overrides, build_dataclass, load_yaml


def test_yaml_floats_in_exponent_form_are_numbers(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("loop:\n  lr: 1e-3\n  steps: 10\n  name: x\n")
    assert load_yaml(path) == {"loop": {"lr": 1e-3, "steps": 10, "name": "x"}}


def test_overrides_nest_and_parse():
    result = apply_overrides({"a": {"b": 1}}, ["a.c=2e-5", "d.e=[1, 2]", "a.b=false"])
    assert result == {"a": {"b": False, "c": 2e-5}, "d": {"e": [1, 2]}}


def test_bad_override_and_unknown_key():
    with pytest.raises(ConfigError, match="KEY=VALUE"):
        apply_overrides({}, ["nonsense"])

    @dataclass
    class Small:
        x: int = 1

    with pytest.raises(ConfigError, match="sec.y"):
        build_dataclass(Small, {"y": 2}, "sec")


def test_yaml_objects_are_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("a: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_yaml(path)


def test_shipped_configs_are_found_from_any_folder(tmp_path, monkeypatch):
    from yuyin.config import SHIPPED_CONFIGS, load_yaml, shipped_config

    monkeypatch.chdir(tmp_path)  # no configs/ folder here
    assert load_yaml("configs/pretrain/tiny.yaml")["objective"] == "wav2vec2"
    assert (
        shipped_config("configs/finetune/tiny.yaml") == SHIPPED_CONFIGS / "finetune" / "tiny.yaml"
    )
    assert shipped_config("mine/tiny.yaml") is None and shipped_config("configs") is None
    with pytest.raises(
        ConfigError,
        match=r"not found \(shipped: configs/finetune/adapt.yaml, configs/finetune/tiny.yaml, ",
    ):
        load_yaml("configs/pretrain/huge.yaml")
    (tmp_path / "configs" / "pretrain").mkdir(parents=True)  # a configs/ of one's own wins
    (tmp_path / "configs" / "pretrain" / "tiny.yaml").write_text("objective: hubert\n")
    assert load_yaml("configs/pretrain/tiny.yaml")["objective"] == "hubert"


def test_every_shipped_finetune_config_builds_its_settings():
    from yuyin.config import SHIPPED_CONFIGS
    from yuyin.train.finetune import FinetuneSettings

    found = sorted((SHIPPED_CONFIGS / "finetune").glob("*.yaml"))
    assert {p.name for p in found} >= {"tiny.yaml", "adapt.yaml"}
    settings = {p.stem: FinetuneSettings.from_dict(load_yaml(p)) for p in found}
    adapt, tiny = settings["adapt"], settings["tiny"]
    assert adapt.loop.lr < tiny.loop.lr and adapt.model["freeze_encoder_steps"] == 0
    assert adapt.loop.eval_every < adapt.loop.max_steps  # model-best has evaluations to pick from
