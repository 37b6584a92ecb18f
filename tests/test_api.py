"""The public API: ``__all__`` is honest, ``import yuyin`` stays light, models load back."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch

import yuyin
from yuyin.hub import ModelLoadError, load_model, save_model
from yuyin.models.encoder import build_encoder, encoder_config


def test_all_names_exist_and_are_documented():
    for name in yuyin.__all__:
        obj = getattr(yuyin, name)
        if callable(obj):
            assert obj.__doc__, f"yuyin.{name} has no docstring"
    public = {n for n in vars(yuyin) if not n.startswith("_") and callable(getattr(yuyin, n))}
    assert public <= set(yuyin.__all__)


def test_import_does_not_pull_training_or_models():
    heavy = "('yuyin.train', 'yuyin.models')"
    code = f"import sys, yuyin; print(any(m.startswith({heavy}) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_save_load_round_trip_and_run_folder(tmp_path):
    config = encoder_config("tiny")
    encoder = build_encoder(config).eval()
    save_model(encoder, tmp_path / "run" / "encoder", "encoder", config, {"note": "x"})
    loaded = yuyin.load(tmp_path / "run")  # a run folder resolves to its encoder/
    wave = torch.randn(1, 16000) * 0.1
    with torch.no_grad():
        a = encoder(wave, torch.tensor([16000])).hidden
        b = loaded(wave, torch.tensor([16000])).hidden
    assert torch.allclose(a, b)
    assert loaded.yuyin_meta == {"note": "x"}


def test_run_folder_resolves_to_model_after_encoder(tmp_path):
    """Fine-tuning, TTS and vocoder runs keep their model in ``RUN/model``; ``encoder/`` wins."""
    config = encoder_config("tiny")
    save_model(build_encoder(config), tmp_path / "run" / "model", "encoder", config, {"n": 1})
    assert yuyin.load(tmp_path / "run").yuyin_meta == {"n": 1}
    save_model(build_encoder(config), tmp_path / "run" / "encoder", "encoder", config, {"n": 2})
    assert yuyin.load(tmp_path / "run").yuyin_meta == {"n": 2}
    assert yuyin.load(tmp_path / "run" / "model").yuyin_meta == {"n": 1}


def test_checkpoint_of_another_model_is_refused(tmp_path):
    small = encoder_config("tiny")
    save_model(build_encoder(small), tmp_path / "m", "encoder", small)
    config_path = tmp_path / "m" / "config.json"
    text = config_path.read_text().replace(f'"dim": {small.dim}', '"dim": 96')
    config_path.write_text(text)
    with pytest.raises(ModelLoadError, match="do not fit this model"):
        load_model(tmp_path / "m")


def test_not_a_model_folder(tmp_path):
    with pytest.raises(ModelLoadError, match="not a yuyin model folder"):
        yuyin.load(tmp_path)
    (tmp_path / "config.json").write_text('{"format": "yuyin-model", "kind": "tts9000"}')
    with pytest.raises(ModelLoadError, match='needs a "kind" string and a "config" object'):
        yuyin.load(tmp_path)
    (tmp_path / "config.json").write_text(
        '{"format": "yuyin-model", "kind": "tts9000", "config": {}}'
    )
    with pytest.raises(ModelLoadError, match="unknown model kind"):
        yuyin.load(tmp_path)
    (tmp_path / "config.json").write_text(
        '{"format": "yuyin-model", "kind": "lm", "config": {}, "version": "2"}'
    )
    with pytest.raises(ModelLoadError, match="format version '2' is not an integer"):
        yuyin.load(tmp_path)


def test_load_reads_the_shipped_g2p_ensembles():
    """The shipped G2P folders hold two members each; yuyin.load builds the ensemble."""
    from yuyin.models.g2p_ensemble import G2PEnsemble
    from yuyin.text.g2p import DEFAULT_MODEL_DIR

    for folder in (DEFAULT_MODEL_DIR, DEFAULT_MODEL_DIR / "reverse"):
        model = yuyin.load(folder)
        assert isinstance(model, G2PEnsemble) and model.yuyin_meta["members"] == 2


def test_bundled_with_one_kind_loads_that_shipped_model(tmp_path, monkeypatch):
    from yuyin.models.asr import CTCModel

    assert isinstance(yuyin.load("bundled", kinds={"asr"}), CTCModel)
    assert yuyin.load("bundled", kinds="encoder").yuyin_meta["objective"] == "hubert"
    for kinds in (None, {"asr", "encoder"}, {"tts"}):
        with pytest.raises(ModelLoadError, match="pass kinds= one of asr, encoder, g2p, lm"):
            yuyin.load("bundled", kinds=kinds)
    # a folder of one's own called "bundled" is still that folder
    monkeypatch.chdir(tmp_path)
    config = encoder_config("tiny")
    save_model(build_encoder(config), tmp_path / "bundled", "encoder", config, {"mine": True})
    assert yuyin.load("bundled", kinds={"asr", "encoder"}).yuyin_meta == {"mine": True}


def test_ctrl_c_in_a_training_command_says_how_to_go_on(monkeypatch, capsys, tmp_path):
    import yuyin.cli.lm as lm_cli
    from yuyin.cli import main

    def stop(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(lm_cli, "run_train", stop)
    monkeypatch.setattr(lm_cli, "run_eval", stop)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "run" / "ckpt-00000002").mkdir(parents=True)  # a run with a checkpoint
    (tmp_path / "run" / "ckpt-00000002" / "state.json").write_text("{}")
    assert main(["lm", "train", "--text", "x.txt", "--out", "run"]) == 130
    assert "interrupted; the run goes on from its last checkpoint with --resume" in (
        capsys.readouterr().err
    )
    assert main(["lm", "eval", "--model", "m", "--text", "x.txt"]) == 130
    assert capsys.readouterr().err == "interrupted\n"  # nothing to resume


def test_a_missing_folder_and_a_run_folder_are_told_apart(tmp_path):
    with pytest.raises(ModelLoadError, match="no such folder"):
        yuyin.load(tmp_path / "nothing")
    from yuyin.hub import read_model_config

    (tmp_path / "run" / "model").mkdir(parents=True)
    (tmp_path / "run" / "model" / "config.json").write_text("{}")
    with pytest.raises(ModelLoadError, match=r"a run's; its model is .*run/model"):
        read_model_config(tmp_path / "run")  # what tts train --init reads
