"""Model folders: half-size stored weights load back into float32 models; folder permissions."""

from __future__ import annotations

import json
import os
import stat

import pytest
import torch
from safetensors import SafetensorError
from safetensors.torch import load_file

from yuyin.hub import (
    WEIGHTS_FILE,
    ModelLoadError,
    load_model,
    read_model_config,
    resave_model,
    round_weights,
    save_model,
)
from yuyin.models.g2p import G2PConfig, build_g2p

TINY = G2PConfig(dim=32, heads=2, encoder_layers=1, decoder_layers=1, ff_mult=2, dropout=0.0)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_size_weights_load_as_float32_rounded_values(tmp_path, dtype):
    torch.manual_seed(0)
    model = build_g2p(TINY)
    full = save_model(model, tmp_path / "full", "g2p", TINY)
    half = save_model(model, tmp_path / "half", "g2p", TINY, weights_dtype=dtype)
    stored = load_file(str(half / WEIGHTS_FILE))
    assert {t.dtype for t in stored.values()} == {getattr(torch, dtype)}
    assert (half / WEIGHTS_FILE).stat().st_size < 0.6 * (full / WEIGHTS_FILE).stat().st_size
    assert json.loads((half / "config.json").read_text())["weights_dtype"] == dtype

    loaded = load_model(half)
    for name, value in model.state_dict().items():
        got = loaded.state_dict()[name]
        assert got.dtype == torch.float32, name
        assert torch.equal(got, value.to(getattr(torch, dtype)).float()), name
        assert torch.allclose(got, value, rtol=1e-2, atol=1e-3), name


def test_full_precision_is_the_default_and_exact(tmp_path):
    torch.manual_seed(0)
    model = build_g2p(TINY)
    loaded = load_model(save_model(model, tmp_path / "m", "g2p", TINY))
    assert "weights_dtype" not in json.loads((tmp_path / "m" / "config.json").read_text())
    for name, value in model.state_dict().items():
        assert torch.equal(loaded.state_dict()[name], value), name


def test_a_full_disk_leaves_the_old_model_and_no_staging_folder(tmp_path, monkeypatch):
    import yuyin.hub as hub

    model = build_g2p(TINY)
    save_model(model, tmp_path / "m", "g2p", TINY)
    before = sorted(p.name for p in tmp_path.iterdir())

    def disk_full(tensors, filename):
        raise SafetensorError("Error while serializing: IoError(No space left on device)")

    monkeypatch.setattr(hub, "save_file", disk_full)
    with pytest.raises(ModelLoadError, match=r"m: could not write model \(.*No space left"):
        save_model(model, tmp_path / "m", "g2p", TINY)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert isinstance(load_model(tmp_path / "m"), type(model))


def test_weights_too_large_for_float16_are_refused_by_name(tmp_path):
    model = build_g2p(TINY)
    with torch.no_grad():
        model.decoder.norm.weight[0] = 1e6  # beyond float16's 65504
    with pytest.raises(ValueError, match=r"decoder\.norm\.weight.*float16"):
        save_model(model, tmp_path / "m", "g2p", TINY, weights_dtype="float16")
    assert not (tmp_path / "m").exists()
    save_model(model, tmp_path / "m", "g2p", TINY, weights_dtype="bfloat16")  # bf16 holds it


def test_weights_with_nan_are_refused_at_load(tmp_path):
    model = build_g2p(TINY)
    with torch.no_grad():
        model.decoder.norm.weight[0] = float("nan")  # a diverged run, saved anyway
    save_model(model, tmp_path / "m", "g2p", TINY)
    with pytest.raises(ModelLoadError, match=r"model\.safetensors: weights hold NaN .*norm"):
        load_model(tmp_path / "m")


def test_unknown_weights_dtype_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="weights_dtype must be one of"):
        save_model(build_g2p(TINY), tmp_path / "m", "g2p", TINY, weights_dtype="int8")


def test_round_weights_matches_what_half_size_storage_loads(tmp_path):
    torch.manual_seed(0)
    model = build_g2p(TINY)
    loaded = load_model(save_model(model, tmp_path / "m", "g2p", TINY, weights_dtype="float16"))
    round_weights(model, "float16")
    for name, value in model.state_dict().items():
        assert value.dtype == torch.float32, name
        assert torch.equal(loaded.state_dict()[name], value), name


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_saved_folder_has_the_permissions_of_a_plain_mkdir(tmp_path, umask):
    # saving stages the folder in a temp dir (mode 0700) and renames it: the result must still
    # follow the umask, or a model saved for a group (or shipped in the package) is unreadable
    old = os.umask(umask)
    try:
        folder = save_model(build_g2p(TINY), tmp_path / "m", "g2p", TINY)
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask
    for file in folder.iterdir():  # safetensors writes its file 0600 through a temp file
        assert stat.S_IMODE(file.stat().st_mode) == 0o666 & ~umask, file.name


def test_resave_keeps_config_and_meta_and_stores_rounded_weights(tmp_path):
    torch.manual_seed(0)
    model = build_g2p(TINY)
    src = save_model(model, tmp_path / "src", "g2p", TINY, meta={"test_scores": {"wer": 0.3}})
    half = resave_model(src, tmp_path / "half", "float16")
    before, after = read_model_config(src), read_model_config(half)
    assert after["weights_dtype"] == "float16"
    assert {k: after[k] for k in ("kind", "config", "meta")} == {
        k: before[k] for k in ("kind", "config", "meta")
    }
    expected = build_g2p(TINY)
    expected.load_state_dict(model.state_dict())
    round_weights(expected, "float16")
    for name, value in load_model(half).state_dict().items():
        assert torch.equal(value, expected.state_dict()[name]), name
    assert (half / WEIGHTS_FILE).stat().st_size < 0.6 * (src / WEIGHTS_FILE).stat().st_size


@pytest.mark.parametrize("at_call", [1, 2])
def test_an_interrupted_save_keeps_the_previous_model_and_leaves_no_hidden_folder(
    tmp_path, monkeypatch, at_call
):
    """Ctrl-C (or SIGTERM, which yuyin turns into one) while a model is being replaced: when
    the old folder was set aside (call 1) or the new one moved in (call 2). The previous model
    stays loadable where it was; no `.m.xxxx` staging or `.m.old` folder is left beside it."""
    import yuyin.hub as hub

    torch.manual_seed(0)
    first = build_g2p(TINY)
    out = save_model(first, tmp_path / "m", "g2p", TINY)
    real = os.replace
    calls = []

    def interrupted(src, dst):
        calls.append(dst)
        if len(calls) == at_call:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(hub.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_model(build_g2p(TINY), out, "g2p", TINY)
    monkeypatch.setattr(hub.os, "replace", real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]
    kept = load_model(out)
    assert all(torch.equal(v, kept.state_dict()[k]) for k, v in first.state_dict().items())
