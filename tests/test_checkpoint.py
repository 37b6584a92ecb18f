"""Checkpoints: round trip, atomic writes under a failing disk, mismatch errors, no unpickling."""

from __future__ import annotations

import errno
import json
import pickle
import random

import numpy as np
import pytest
import torch
from safetensors import SafetensorError
from torch import nn

from yuyin.train import checkpoint as ckpt
from yuyin.train.checkpoint import (
    CheckpointError,
    average_weights,
    checkpoints,
    latest_checkpoint,
    load_checkpoint,
    load_weights,
    read_state,
    rng_state,
    save_checkpoint,
    set_rng_state,
)

IN_DIM, OUT_DIM = 4, 3


def _trained(seed: int = 0) -> tuple[nn.Module, torch.optim.Optimizer]:
    """A small model and an AdamW that has taken two steps (so it has state)."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(IN_DIM, OUT_DIM), nn.LayerNorm(OUT_DIM))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2, betas=(0.8, 0.9))
    for _ in range(2):
        model(torch.randn(5, IN_DIM)).pow(2).mean().backward()
        optimizer.step()
        optimizer.zero_grad()
    return model, optimizer


def _fresh() -> tuple[nn.Module, torch.optim.Optimizer]:
    model = nn.Sequential(nn.Linear(IN_DIM, OUT_DIM), nn.LayerNorm(OUT_DIM))
    return model, torch.optim.AdamW(model.parameters(), lr=1.0)


def _assert_same_model(a: nn.Module, b: nn.Module) -> None:
    for (name, x), (_, y) in zip(a.state_dict().items(), b.state_dict().items(), strict=True):
        assert torch.equal(x, y), name


def test_round_trip_restores_model_optimizer_and_state(tmp_path):
    model, optimizer = _trained()
    path = save_checkpoint(tmp_path, 7, model, optimizer, {"epoch": 1, "note": "x"})
    assert path == tmp_path / "ckpt-00000007"
    assert sorted(p.name for p in path.iterdir()) == [
        "model.safetensors",
        "optimizer.json",
        "optimizer.safetensors",
        "state.json",
    ]
    assert (tmp_path / "latest").read_text().strip() == "ckpt-00000007"

    model2, optimizer2 = _fresh()
    state = load_checkpoint(tmp_path, model2, optimizer2)  # the run dir resolves to latest
    assert state["step"] == 7 and state["epoch"] == 1 and state["note"] == "x"
    _assert_same_model(model, model2)
    saved, loaded = optimizer.state_dict(), optimizer2.state_dict()
    assert loaded["param_groups"][0]["lr"] == pytest.approx(1e-2)
    assert list(loaded["param_groups"][0]["betas"]) == [0.8, 0.9]
    for pid, entry in saved["state"].items():
        for name, value in entry.items():
            assert torch.equal(loaded["state"][pid][name], value), (pid, name)

    # the restored optimizer continues exactly like the original
    x = torch.randn(5, IN_DIM)
    for m, o in ((model, optimizer), (model2, optimizer2)):
        m(x).pow(2).mean().backward()
        o.step()
    _assert_same_model(model, model2)


# what a full disk raises: an OSError from a plain write, or safetensors' own error type
DISK_FULL = [
    lambda: OSError(errno.ENOSPC, "No space left on device"),
    lambda: SafetensorError("Error while serializing: IoError(No space left on device)"),
]


@pytest.mark.parametrize("disk_full", DISK_FULL, ids=["oserror", "safetensors"])
def test_failing_disk_mid_save_keeps_previous_checkpoint(tmp_path, monkeypatch, disk_full):
    model, optimizer = _trained()
    first = save_checkpoint(tmp_path, 10, model, optimizer, {"epoch": 0})
    before = {k: v.clone() for k, v in model.state_dict().items()}

    real_save = ckpt.save_file
    calls = []

    def full_disk(tensors, filename):
        calls.append(filename)
        if len(calls) == 2:  # the model file got written; the optimizer file hits a full disk
            with open(filename, "wb") as fh:
                fh.write(b"\0" * 16)  # a partial file, as a real ENOSPC leaves
            raise disk_full()
        real_save(tensors, filename)

    monkeypatch.setattr(ckpt, "save_file", full_disk)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(1.0)
    with pytest.raises(CheckpointError) as err:
        save_checkpoint(tmp_path, 20, model, optimizer, {"epoch": 1})
    message = str(err.value)
    assert "ckpt-00000020" in message and "No space left" in message
    assert str(first) in message and "intact" in message

    assert len(calls) == 2
    assert latest_checkpoint(tmp_path) == first
    assert not (tmp_path / "ckpt-00000020").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers
    model2, optimizer2 = _fresh()
    assert load_checkpoint(tmp_path, model2, optimizer2)["step"] == 10
    for name, value in model2.state_dict().items():
        assert torch.equal(value, before[name]), name


def test_failing_pointer_write_keeps_previous_pointer(tmp_path, monkeypatch):
    model, optimizer = _trained()
    first = save_checkpoint(tmp_path, 1, model, optimizer, {})

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(ckpt, "_write_latest", broken)
    with pytest.raises(CheckpointError, match="I/O error"):
        save_checkpoint(tmp_path, 2, model, optimizer, {})
    assert (tmp_path / "latest").read_text().strip() == first.name
    assert latest_checkpoint(tmp_path) == first


def test_state_that_is_not_json_is_a_clear_error(tmp_path):
    model, optimizer = _trained()
    save_checkpoint(tmp_path, 1, model, optimizer, {})
    with pytest.raises(CheckpointError, match="ckpt-00000002.*previous checkpoint"):
        save_checkpoint(tmp_path, 2, model, optimizer, {"bad": object()})
    assert latest_checkpoint(tmp_path).name == "ckpt-00000001"


def test_checkpoint_from_another_model_names_the_mismatch(tmp_path):
    model, optimizer = _trained()
    save_checkpoint(tmp_path, 3, model, optimizer, {})
    other = nn.Sequential(nn.Linear(IN_DIM, OUT_DIM + 2), nn.ReLU(), nn.Linear(OUT_DIM + 2, 1))
    with pytest.raises(CheckpointError) as err:
        load_checkpoint(tmp_path, other)
    message = str(err.value)
    assert "ckpt-00000003/model.safetensors" in message
    assert "0.weight (checkpoint (3, 4), model (5, 4))" in message  # shape differs
    assert "missing in checkpoint: 2.bias, 2.weight" in message
    assert "not in model: 1.bias, 1.weight" in message
    assert "not in model" in message and "shape differs" in message


def test_optimizer_of_another_model_is_a_clear_error(tmp_path):
    model, optimizer = _trained()
    save_checkpoint(tmp_path, 3, model, optimizer, {})
    model2, _ = _fresh()
    one_group_fewer = torch.optim.AdamW(list(model2.parameters())[:2])
    with pytest.raises(CheckpointError, match="optimizer state does not fit"):
        load_checkpoint(tmp_path, model2, one_group_fewer)


def test_loading_never_unpickles(tmp_path, monkeypatch):
    model, optimizer = _trained()
    save_checkpoint(tmp_path, 5, model, optimizer, {"epoch": 2})

    def forbidden(*args, **kwargs):
        raise AssertionError("a checkpoint load must not unpickle")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, forbidden)
    monkeypatch.setattr(torch, "load", forbidden)
    model2, optimizer2 = _fresh()
    assert load_checkpoint(tmp_path, model2, optimizer2)["epoch"] == 2
    _assert_same_model(model, model2)
    # what is not a tensor is plain JSON
    json.loads((tmp_path / "ckpt-00000005" / "optimizer.json").read_text())


def test_corrupt_weights_file_is_a_clear_error(tmp_path):
    model, optimizer = _trained()
    path = save_checkpoint(tmp_path, 5, model, optimizer, {})
    (path / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(CheckpointError, match="model.safetensors: unreadable"):
        load_weights(_fresh()[0], path)


def test_keeps_the_newest_checkpoints_and_resaves_a_step(tmp_path):
    model, optimizer = _trained()
    for step in range(1, 6):
        save_checkpoint(tmp_path, step * 10, model, optimizer, {"n": step}, keep=2)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["ckpt-00000040", "ckpt-00000050", "latest"]
    # a resume from an older pointer later saves a step that exists: it is replaced
    (tmp_path / "latest").write_text("ckpt-00000040\n")
    save_checkpoint(tmp_path, 50, model, optimizer, {"n": "again"}, keep=2)
    assert read_state(tmp_path)["n"] == "again"
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_latest_without_pointer_is_the_highest_complete_step(tmp_path):
    model, optimizer = _trained()
    save_checkpoint(tmp_path, 2, model, optimizer, {})
    save_checkpoint(tmp_path, 10, model, optimizer, {})
    (tmp_path / "latest").unlink()
    (tmp_path / "ckpt-00000099").mkdir()  # no state.json: not a complete checkpoint
    assert latest_checkpoint(tmp_path).name == "ckpt-00000010"
    assert latest_checkpoint(tmp_path / "nowhere") is None
    with pytest.raises(CheckpointError, match="no checkpoint found"):
        read_state(tmp_path / "nowhere")


def test_tied_weights_are_saved_and_loaded(tmp_path):
    class Tied(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embed = nn.Embedding(5, IN_DIM)
            self.head = nn.Linear(IN_DIM, 5, bias=False)
            self.head.weight = self.embed.weight

    torch.manual_seed(0)
    model = Tied()
    save_checkpoint(tmp_path, 1, model, None, {})
    model2 = Tied()
    load_weights(model2, tmp_path)
    assert torch.equal(model2.embed.weight, model.embed.weight)
    assert model2.head.weight is model2.embed.weight


def test_rng_state_round_trips_through_json():
    random.seed(1)
    np.random.seed(2)
    torch.manual_seed(3)
    state = json.loads(json.dumps(rng_state()))
    expected = (random.random(), np.random.rand(), torch.rand(3))
    random.seed(9)
    np.random.seed(9)
    torch.manual_seed(9)
    set_rng_state(state)
    got = (random.random(), np.random.rand(), torch.rand(3))
    assert got[0] == expected[0] and got[1] == expected[1]
    assert torch.equal(got[2], expected[2])


def test_average_weights_is_the_mean_of_the_checkpoints(tmp_path):
    models = [_trained(seed)[0] for seed in (0, 1, 2)]
    for step, model in enumerate(models, start=1):
        save_checkpoint(tmp_path, step, model, None, {})
    found = checkpoints(tmp_path)
    assert [p.name for p in found] == ["ckpt-00000001", "ckpt-00000002", "ckpt-00000003"]
    averaged = _fresh()[0]
    average_weights(averaged, found)
    for name, value in averaged.state_dict().items():
        mean = sum(m.state_dict()[name] for m in models) / len(models)
        torch.testing.assert_close(value, mean)
    single = _fresh()[0]
    average_weights(single, found[-1:])  # one checkpoint: exactly its weights
    _assert_same_model(single, models[-1])
    assert checkpoints(tmp_path / "nowhere") == []


def test_average_weights_refuses_other_models_and_nothing(tmp_path):
    save_checkpoint(tmp_path, 1, _trained()[0], None, {})
    other = nn.Sequential(nn.Linear(IN_DIM, OUT_DIM + 1))
    with pytest.raises(CheckpointError, match="does not fit this model"):
        average_weights(other, checkpoints(tmp_path))
    with pytest.raises(CheckpointError, match="at least one"):
        average_weights(other, [])


def test_resuming_a_run_whose_checkpoints_are_all_incomplete_is_refused(tmp_path):
    model, optimizer = _trained()
    save_checkpoint(tmp_path, 3, model, optimizer, {})
    (tmp_path / "ckpt-00000003" / "state.json").unlink()
    with pytest.raises(CheckpointError, match="nothing to resume.*ckpt-00000003 lacks state.json"):
        ckpt.run_to_resume(tmp_path, resume=True)  # it used to start over, replacing the logs
    assert ckpt.run_to_resume(tmp_path / "fresh", resume=True) is None  # nothing yet: a start


@pytest.mark.parametrize("name", ["state.json", "optimizer.json"])
def test_checkpoint_json_of_another_shape_is_a_clear_error(tmp_path, name):
    model, optimizer = _trained()
    save_checkpoint(tmp_path, 3, model, optimizer, {})
    (tmp_path / "ckpt-00000003" / name).write_text("[]")
    with pytest.raises(CheckpointError, match="ckpt-00000003"):
        load_checkpoint(tmp_path, *_fresh())


def test_resuming_into_another_models_run_or_settings_says_which(tmp_path):
    model, optimizer = _trained()
    save_checkpoint(tmp_path, 3, model, optimizer, {})
    assert ckpt.check_resume_fits(tmp_path, True, _fresh()[0]) == tmp_path / "ckpt-00000003"
    wider = nn.Sequential(nn.Linear(IN_DIM, OUT_DIM + 1), nn.LayerNorm(OUT_DIM + 1))
    with pytest.raises(CheckpointError, match="started with other model settings.*settings.json"):
        ckpt.check_resume_fits(tmp_path, True, wider)  # same names, other shapes: other config
    other = nn.Sequential(nn.Conv1d(IN_DIM, OUT_DIM, 1), nn.ReLU(), nn.GRU(OUT_DIM, OUT_DIM))
    other.register_module("head", nn.Linear(OUT_DIM, 1))
    with pytest.raises(CheckpointError, match="holds a run of another model"):
        ckpt.check_resume_fits(tmp_path, True, other)  # few names in common: another command's
