"""One process writes a run's files: rank 0 of a torchrun job, or a lone process."""

from __future__ import annotations

from yuyin.train.distributed import is_main_process


def test_only_rank_zero_writes(monkeypatch):
    monkeypatch.delenv("RANK", raising=False)
    assert is_main_process()
    monkeypatch.setenv("RANK", "0")
    assert is_main_process()
    monkeypatch.setenv("RANK", "1")  # another rank, before (or without) its process group
    assert not is_main_process()
