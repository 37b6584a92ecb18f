"""Duration-bucketed batch planning and the DDP-aware, resumable sampler."""

from __future__ import annotations

import itertools
import random

import pytest

from dummies import random_durations
from yuyin.data import batching
from yuyin.data.batching import DurationBatchSampler, padded_seconds, plan_batches, shard_batches

MAX_SECONDS = 12.0
DURATIONS = random_durations(500, (0.5, 6.0), seed=3)


def flat(batches: list[list[int]]) -> list[int]:
    return [i for batch in batches for i in batch]


def test_plan_is_deterministic_per_seed_and_epoch():
    first = plan_batches(DURATIONS, MAX_SECONDS, seed=1, epoch=0)
    assert plan_batches(DURATIONS, MAX_SECONDS, seed=1, epoch=0) == first
    assert plan_batches(DURATIONS, MAX_SECONDS, seed=1, epoch=1) != first
    assert plan_batches(DURATIONS, MAX_SECONDS, seed=2, epoch=0) != first


def test_every_index_once_per_epoch_and_budget_respected():
    for epoch in range(3):
        batches = plan_batches(DURATIONS, MAX_SECONDS, seed=0, epoch=epoch, pool_size=128)
        assert sorted(flat(batches)) == list(range(len(DURATIONS)))
        assert all(padded_seconds(DURATIONS, b) <= MAX_SECONDS for b in batches)


def test_max_utterances_caps_batch_size():
    batches = plan_batches([0.1] * 100, max_seconds=100.0, max_utterances=7)
    assert max(len(b) for b in batches) == 7
    assert sorted(flat(batches)) == list(range(100))


def test_bucketing_keeps_padding_small():
    batches = plan_batches(DURATIONS, MAX_SECONDS, seed=0, epoch=0)
    padded = sum(padded_seconds(DURATIONS, b) for b in batches)
    assert padded / sum(DURATIONS) < 1.05  # sorted pools: neighbours in length share a batch


def test_batches_are_filled_greedily():
    # unshuffled, one pool: batches come in sorted order, and each one is closed only when the
    # next utterance would push it over the budget
    batches = plan_batches(DURATIONS, MAX_SECONDS, shuffle=False, pool_size=len(DURATIONS))
    for batch, following in zip(batches, batches[1:], strict=False):
        assert padded_seconds(DURATIONS, [*batch, following[0]]) > MAX_SECONDS


def test_batch_order_is_shuffled_not_sorted():
    batches = plan_batches(DURATIONS, MAX_SECONDS, seed=0, epoch=0, pool_size=len(DURATIONS))
    longest = [max(DURATIONS[i] for i in b) for b in batches]
    assert longest != sorted(longest) and longest != sorted(longest, reverse=True)


def test_no_shuffle_is_sorted_and_repeatable():
    batches = plan_batches(DURATIONS, MAX_SECONDS, seed=0, epoch=0, shuffle=False, pool_size=10**6)
    assert batches == plan_batches(DURATIONS, MAX_SECONDS, seed=5, epoch=9, shuffle=False)
    order = flat(batches)
    assert [DURATIONS[i] for i in order] == sorted(DURATIONS)


def test_oversize_utterances_are_dropped_with_a_warning():
    durations = [1.0, 30.0, 2.0, 25.0]
    with pytest.warns(UserWarning, match=r"2 utterance\(s\) longer than max_seconds"):
        batches = plan_batches(durations, max_seconds=10.0)
    assert sorted(flat(batches)) == [0, 2]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_seconds": 0.0},
        {"max_seconds": 1.0, "max_utterances": 0},
        {"max_seconds": 1.0, "pool_size": 0},
    ],
)
def test_bad_arguments_are_rejected(kwargs):
    with pytest.raises(ValueError):
        plan_batches([1.0], **kwargs)


def test_negative_or_nan_durations_are_rejected():
    with pytest.raises(ValueError, match="durations"):
        plan_batches([1.0, float("nan")], 5.0)
    with pytest.raises(ValueError, match="durations"):
        plan_batches([-1.0], 5.0)


def test_shard_pads_by_repeating_first_batches():
    plan = [[i] for i in range(7)]
    shards = [shard_batches(plan, 3, rank) for rank in range(3)]
    assert [len(s) for s in shards] == [3, 3, 3]
    assert sorted(flat(shards[0] + shards[1] + shards[2])) == sorted([*range(7), 0, 1])
    dropped = [shard_batches(plan, 3, rank, drop_last=True) for rank in range(3)]
    assert [len(s) for s in dropped] == [2, 2, 2]
    assert sorted(flat(dropped[0] + dropped[1] + dropped[2])) == list(range(6))


def test_shard_rejects_bad_rank():
    with pytest.raises(ValueError):
        shard_batches([[0]], 2, 2)


@pytest.mark.parametrize("replicas", [2, 3])
def test_ddp_ranks_disjoint_equal_and_covering(replicas):
    samplers = [
        DurationBatchSampler(
            DURATIONS, MAX_SECONDS, seed=4, num_replicas=replicas, rank=r, drop_last=True
        )
        for r in range(replicas)
    ]
    for epoch in range(2):
        for s in samplers:
            s.set_epoch(epoch)
        per_rank = [list(s) for s in samplers]
        assert len({len(b) for b in per_rank}) == 1  # same batch count everywhere
        assert all(len(b) == len(s) for b, s in zip(per_rank, samplers, strict=True))
        seen = [set(flat(b)) for b in per_rank]
        for a, b in itertools.combinations(seen, 2):
            assert not a & b
        plan = plan_batches(DURATIONS, MAX_SECONDS, seed=4, epoch=epoch)
        dropped = len(plan) % replicas
        assert len(set.union(*seen)) == len(DURATIONS) - len(flat(plan[len(plan) - dropped :]))

    padded = [
        DurationBatchSampler(DURATIONS, MAX_SECONDS, seed=4, num_replicas=replicas, rank=r)
        for r in range(replicas)
    ]
    per_rank = [list(s) for s in padded]
    assert len({len(b) for b in per_rank}) == 1
    assert set().union(*(flat(b) for b in per_rank)) == set(range(len(DURATIONS)))
    # only the padding repeats: the total is the plan plus fewer than `replicas` repeated batches
    plan = plan_batches(DURATIONS, MAX_SECONDS, seed=4, epoch=0)
    extra = sum(len(b) for b in per_rank) - len(plan)
    assert 0 <= extra < replicas and extra == (-len(plan)) % replicas


def test_rank_defaults_come_from_torch_distributed(monkeypatch):
    monkeypatch.setattr(batching.dist, "is_initialized", lambda: True)
    monkeypatch.setattr(batching.dist, "get_world_size", lambda: 4)
    monkeypatch.setattr(batching.dist, "get_rank", lambda: 3)
    sampler = DurationBatchSampler(DURATIONS, MAX_SECONDS)
    assert (sampler.num_replicas, sampler.rank) == (4, 3)
    explicit = DurationBatchSampler(DURATIONS, MAX_SECONDS, num_replicas=4, rank=3)
    assert list(sampler) == list(explicit)


def test_single_rank_defaults_without_distributed():
    sampler = DurationBatchSampler(DURATIONS, MAX_SECONDS, seed=2)
    assert (sampler.num_replicas, sampler.rank) == (1, 0)
    assert list(sampler) == plan_batches(DURATIONS, MAX_SECONDS, seed=2, epoch=0)


def test_sampler_epochs_change_batches():
    sampler = DurationBatchSampler(DURATIONS, MAX_SECONDS, seed=0)
    first = list(sampler)
    assert list(sampler) == first  # same epoch, same batches
    sampler.set_epoch(1)
    assert list(sampler) != first


@pytest.mark.parametrize("replicas", [1, 2])
def test_resume_skips_consumed_batches(replicas):
    def make(rank: int) -> DurationBatchSampler:
        return DurationBatchSampler(
            DURATIONS, MAX_SECONDS, seed=7, num_replicas=replicas, rank=rank
        )

    for rank in range(replicas):
        original = make(rank)
        original.set_epoch(3)
        full = list(original)
        k = random.Random(rank).randrange(1, len(full) - 1)
        state = original.state_dict(batches_done=k)
        assert state["epoch"] == 3 and state["batches_done"] == k

        resumed = make(rank)
        resumed.seed = 99  # restored from the state
        resumed.load_state_dict(state)
        resumed.set_epoch(3)  # the loop re-selects the saved epoch: the skip is kept
        assert len(resumed) == len(full)
        assert list(resumed) == full[k:]
        assert list(resumed) == full  # the skip applies once; another pass is a whole epoch
        resumed.set_epoch(4)
        original.set_epoch(4)
        assert list(resumed) == list(original)


def test_resume_then_other_epoch_cancels_skip():
    sampler = DurationBatchSampler(DURATIONS, MAX_SECONDS)
    sampler.load_state_dict({"epoch": 2, "batches_done": 5, "seed": 0, "num_replicas": 1})
    sampler.set_epoch(3)
    assert list(sampler) == plan_batches(DURATIONS, MAX_SECONDS, seed=0, epoch=3)


def test_resume_at_end_of_epoch_yields_nothing():
    sampler = DurationBatchSampler(DURATIONS, MAX_SECONDS)
    state = sampler.state_dict(batches_done=len(sampler))
    sampler.load_state_dict(state)
    assert list(sampler) == []
    with pytest.raises(ValueError):
        sampler.state_dict(batches_done=len(sampler) + 1)
    with pytest.raises(TypeError):
        sampler.state_dict()  # the count must come from the loop: workers prefetch ahead


def test_resume_on_other_world_size_warns_and_rescales():
    two = DurationBatchSampler(DURATIONS, MAX_SECONDS, num_replicas=2, rank=0)
    state = two.state_dict(batches_done=6)
    four = DurationBatchSampler(DURATIONS, MAX_SECONDS, num_replicas=4, rank=0)
    with pytest.warns(UserWarning, match="2-rank"):
        four.load_state_dict(state)
    assert list(four) == list(DurationBatchSampler(DURATIONS, MAX_SECONDS, num_replicas=4))[3:]


def test_resume_on_changed_dataset_warns():
    state = DurationBatchSampler(DURATIONS, MAX_SECONDS).state_dict(batches_done=1)
    shorter = DurationBatchSampler(DURATIONS[:-10], MAX_SECONDS)
    with pytest.warns(UserWarning, match="different plan"):
        shorter.load_state_dict(state)
