"""AudioDataset, collate_audio, and DataLoader determinism across workers and resumes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader

from dummies import make_tone_corpus
from yuyin.audio import SAMPLE_RATE, AudioError, load_audio
from yuyin.data.audio_files import wav_shortfall
from yuyin.data.augment import AugmentConfig, WaveAugment
from yuyin.data.batching import DurationBatchSampler
from yuyin.data.dataset import (
    AudioDataset,
    AudioItem,
    check_audio,
    collate_audio,
    item_generator,
    lengths_to_mask,
)
from yuyin.data.manifest import ManifestError, Utterance, read_manifest
from yuyin.train.stream import BatchStream

BATCH_SECONDS = 3.0
# every augmentation always on, so worker-dependent randomness would show
ALL_ON = AugmentConfig(speed_prob=1.0, noise_prob=1.0, gain_prob=1.0)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_tone_corpus(tmp_path_factory.mktemp("data"), n=12, seconds_range=(0.3, 1.0))


def test_item_has_wave_text_and_speaker(corpus):
    manifest, utts = corpus
    assert read_manifest(manifest) == utts
    dataset = AudioDataset(utts)
    item = dataset[3]
    assert isinstance(item, AudioItem)
    assert item.wave.dtype == torch.float32 and item.wave.dim() == 1
    assert item.wave.numel() == round(utts[3].duration * SAMPLE_RATE)
    assert (item.id, item.text, item.speaker, item.index) == (
        utts[3].id,
        utts[3].text,
        utts[3].speaker,
        3,
    )
    assert torch.equal(dataset[-1].wave, dataset[len(dataset) - 1].wave)


def test_segment_is_cut_by_start_and_end(corpus):
    _, utts = corpus
    full = load_audio(utts[0].audio)
    segment = replace(utts[0], start=0.1, end=0.25, duration=0.15)
    wave = AudioDataset([segment])[0].wave.numpy()
    np.testing.assert_array_equal(wave, full[1600:4000])
    to_end = AudioDataset([replace(utts[0], start=0.2)])[0].wave.numpy()
    np.testing.assert_array_equal(to_end, full[3200:])


def test_bad_files_raise_audio_error_naming_them(tmp_path, corpus):
    _, utts = corpus
    missing = replace(utts[0], audio=str(tmp_path / "gone.wav"))
    with pytest.raises(AudioError, match="gone.wav"):
        AudioDataset([missing])[0]
    corrupt = tmp_path / "corrupt.wav"
    corrupt.write_bytes(b"RIFF\x00\x00not really a wave file at all")
    with pytest.raises(AudioError, match="corrupt.wav"):
        AudioDataset([replace(utts[0], audio=str(corrupt))])[0]
    outside = replace(utts[0], start=50.0, end=51.0)
    with pytest.raises(AudioError, match="outside the file"):
        AudioDataset([outside])[0]


def test_check_audio_names_every_kind_of_unusable_file(tmp_path, corpus):
    _, utts = corpus
    check_audio(utts, "good.jsonl")  # a usable manifest passes
    corrupt = tmp_path / "corrupt.wav"
    corrupt.write_bytes(b"RIFF\x00\x00not really a wave file at all")
    bad = [
        replace(utts[0], audio=str(tmp_path / "gone.wav")),
        replace(utts[1], audio=str(corrupt)),
        replace(utts[2], duration=utts[2].duration + 5),  # the manifest lies about the length
        replace(utts[3], start=50.0, end=51.0),
    ]
    with pytest.raises(ManifestError) as caught:
        check_audio([*utts[4:], *bad], "mixed.jsonl")
    message = str(caught.value)
    assert message.startswith(f"mixed.jsonl: 4 of {len(utts)} utterances have unusable audio")
    assert "gone.wav (file not found" in message and "corrupt.wav (" in message
    assert "the manifest says" in message and "outside the file" in message
    many = [replace(u, audio=str(tmp_path / f"gone{i}.wav")) for i, u in enumerate(utts)]
    with pytest.raises(ManifestError, match=rf"\.\.\. and {len(utts) - 5} more"):
        check_audio(many, "gone.jsonl")


def _wav(samples: int, extra_chunk: bytes = b"", rf64: bool = False) -> bytes:
    """A 16-bit mono WAV of ``samples`` zeros, with ``extra_chunk`` before its data chunk."""
    import struct

    data = bytes(2 * samples)
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16)
    if not rf64:
        body = b"WAVE" + fmt + extra_chunk + b"data" + struct.pack("<I", len(data)) + data
        return b"RIFF" + struct.pack("<I", len(body)) + body
    ds64 = b"ds64" + struct.pack("<IQQQ", 24, 0, len(data), samples)
    body = b"WAVE" + ds64 + fmt + extra_chunk + b"data" + struct.pack("<I", 0xFFFFFFFF) + data
    return b"RF64" + struct.pack("<I", 0xFFFFFFFF) + body


def test_a_wav_cut_short_is_found_past_large_chunks_and_in_rf64(tmp_path):
    big = b"LIST" + (100_000).to_bytes(4, "little") + bytes(100_000)  # past the first 64 KiB
    for name, whole in {
        "plain": _wav(8000),
        "big-list": _wav(8000, big),
        "rf64": _wav(8000, rf64=True),
    }.items():
        (tmp_path / f"{name}.wav").write_bytes(whole)
        assert wav_shortfall(tmp_path / f"{name}.wav") is None, name
        (tmp_path / f"{name}-cut.wav").write_bytes(whole[:-6000])
        assert wav_shortfall(tmp_path / f"{name}-cut.wav") == (16000, 10000), name
    for placeholder in (0x7FFFF000, 0x7FFFFFFF):  # sox, arecord: streamed into a pipe
        streamed = bytearray(_wav(8000))
        streamed[40:44] = placeholder.to_bytes(4, "little")  # the data chunk's size
        (tmp_path / "streamed.wav").write_bytes(bytes(streamed))
        assert wav_shortfall(tmp_path / "streamed.wav") is None
    (tmp_path / "text.wav").write_bytes(b"not a wave file")
    assert wav_shortfall(tmp_path / "text.wav") is None
    assert wav_shortfall(tmp_path / "missing.wav") is None


def test_the_header_check_refuses_a_labeled_wav_cut_short_not_an_unlabeled_one(tmp_path):
    from yuyin.data.manifest import Utterance

    (tmp_path / "cut.wav").write_bytes(_wav(8000)[:-6000])  # 0.31 s of the 0.5 s promised
    labeled = Utterance("a", str(tmp_path / "cut.wav"), 0.3125, "the whole sentence")
    with pytest.raises(ManifestError, match="cut.wav .cut short: its WAV header promises 16000"):
        check_audio([labeled], "labeled.jsonl")
    check_audio([replace(labeled, text=None)], "unlabeled.jsonl")  # audio to pretrain on
    inside = replace(labeled, start=0.05, end=0.25)  # a segment the file still holds
    check_audio([inside], "segments.jsonl")
    with pytest.raises(ManifestError, match="segment 0.05-0.7 s is outside the file"):
        check_audio([replace(inside, end=0.7)], "segments.jsonl")


class _NaNDataset(AudioDataset):
    """A dataset whose items in ``bad`` fail to decode, as a file with NaN samples does."""

    def __init__(self, utts, bad):
        super().__init__(utts)
        self.bad = bad

    def __getitem__(self, index):
        if index in self.bad:
            raise AudioError(self.utterances[index].audio, "contains NaN or infinite samples")
        return super().__getitem__(index)


class _FixedBatches:
    def __init__(self, batches):
        self.batches = batches

    def __iter__(self):
        return iter(self.batches)

    def __len__(self):
        return len(self.batches)

    def set_epoch(self, epoch):
        pass


@pytest.mark.parametrize("workers", [0, 1])
def test_a_file_that_fails_to_decode_is_left_out_of_its_batch(corpus, workers, caplog):
    _, utts = corpus
    dataset = _NaNDataset(utts, bad={1, 4, 5})
    sampler = _FixedBatches([[0, 1, 2], [3, 4]])
    stream = BatchStream(dataset, sampler, collate_audio, workers, 0, torch.device("cpu"))
    first, second = stream.next(), stream.next()
    assert first.ids == [utts[0].id, utts[2].id] and second.ids == [utts[3].id]
    assert stream.batches_done == 2
    if workers == 0:  # a worker's log records do not reach the parent's caplog
        assert "contains NaN" in caplog.text and utts[1].audio in caplog.text
    stream = BatchStream(
        dataset, _FixedBatches([[4, 5]]), collate_audio, workers, 0, torch.device("cpu")
    )
    with pytest.raises(ManifestError, match="no utterance of a batch could be loaded"):
        stream.next()


def test_unlabeled_long_audio_is_cropped_deterministically(tmp_path):
    _, utts = make_tone_corpus(tmp_path, n=3, seconds_range=(1.0, 1.5), labeled=False)
    dataset = AudioDataset(utts, max_seconds=0.5, seed=1)
    assert dataset.durations == [0.5, 0.5, 0.5]
    crop = dataset[0].wave
    assert crop.numel() == SAMPLE_RATE // 2
    assert torch.equal(dataset[0].wave, crop)
    full = torch.from_numpy(load_audio(utts[0].audio))
    windows = full.unfold(0, crop.numel(), 1)  # every window of the crop's length
    assert (windows == crop).all(dim=1).any()  # the crop is one of them
    offsets = set()
    for epoch in range(5):
        dataset.set_epoch(epoch)
        offsets.add(int((windows == dataset[0].wave).all(dim=1).nonzero()[0]))
    assert len(offsets) > 1  # a new window each epoch


def test_labeled_audio_longer_than_max_seconds_is_refused(corpus):
    _, utts = corpus
    with pytest.raises(ValueError, match="labeled utterance"):
        AudioDataset(utts, max_seconds=0.2)


def test_collate_pads_with_zeros_and_masks_padding():
    waves = [torch.ones(3), torch.full((5,), 2.0), torch.full((1,), 3.0)]
    items = [AudioItem(i, f"u{i}", w, None if i else "hi", "s") for i, w in enumerate(waves)]
    batch = collate_audio(items)
    assert batch.wave.shape == (3, 5) and len(batch) == 3
    assert batch.wave_lengths.tolist() == [3, 5, 1]
    assert batch.wave[0].tolist() == [1, 1, 1, 0, 0]
    assert batch.wave[2].tolist() == [3, 0, 0, 0, 0]
    assert batch.padding_mask.tolist() == [
        [False, False, False, True, True],
        [False] * 5,
        [False, True, True, True, True],
    ]
    assert batch.ids == ["u0", "u1", "u2"] and batch.texts == ["hi", None, None]
    moved = batch.to("cpu")
    assert torch.equal(moved.wave, batch.wave) and moved.ids == batch.ids
    with pytest.raises(ValueError):
        collate_audio([])


def test_lengths_to_mask():
    mask = lengths_to_mask(torch.tensor([2, 0, 4]), max_len=4)
    assert mask.dtype == torch.bool
    assert mask.tolist() == [
        [False, False, True, True],
        [True, True, True, True],
        [False, False, False, False],
    ]
    assert lengths_to_mask(torch.tensor([1, 3])).shape == (2, 3)


def test_item_generator_depends_on_seed_epoch_and_index():
    def draw(*key: int) -> float:
        return float(torch.rand((), generator=item_generator(*key)))

    assert draw(0, 0, 0) == draw(0, 0, 0)
    assert len({draw(0, 0, 0), draw(1, 0, 0), draw(0, 1, 0), draw(0, 0, 1)}) == 4


def _batches(loader: DataLoader) -> list[tuple[list[str], torch.Tensor, torch.Tensor]]:
    return [(b.ids, b.wave, b.wave_lengths) for b in loader]


def _loader(utts, workers: int, epoch: int = 0, persistent: bool = False):
    dataset = AudioDataset(utts, transform=WaveAugment(ALL_ON), seed=5)
    sampler = DurationBatchSampler(dataset.durations, BATCH_SECONDS, seed=5)
    loader = DataLoader(
        dataset,
        batch_sampler=sampler,
        collate_fn=collate_audio,
        num_workers=workers,
        persistent_workers=persistent,
    )
    dataset.set_epoch(epoch)
    sampler.set_epoch(epoch)
    return dataset, sampler, loader


def _assert_same(a, b) -> None:
    assert len(a) == len(b)
    for (ids_a, wave_a, len_a), (ids_b, wave_b, len_b) in zip(a, b, strict=True):
        assert ids_a == ids_b
        assert torch.equal(len_a, len_b)
        assert torch.equal(wave_a, wave_b)


def test_dataloader_batches_identical_for_0_and_2_workers(corpus):
    _, utts = corpus
    serial = _batches(_loader(utts, workers=0)[2])
    parallel = _batches(_loader(utts, workers=2)[2])
    _assert_same(serial, parallel)
    assert len(serial) > 1 and sorted(i for ids, _, _ in serial for i in ids) == sorted(
        u.id for u in utts
    )
    # the augmentation ran: speed perturbation changed lengths
    originals = {u.id: round(u.duration * SAMPLE_RATE) for u in utts}
    got = {i: int(n) for ids, _, lengths in serial for i, n in zip(ids, lengths, strict=True)}
    assert got != originals


def test_persistent_workers_follow_set_epoch(corpus):
    _, utts = corpus
    dataset, sampler, loader = _loader(utts, workers=2, persistent=True)
    epoch0 = _batches(loader)
    dataset.set_epoch(1)
    sampler.set_epoch(1)
    epoch1 = _batches(loader)  # the same worker processes, now in epoch 1
    _assert_same(epoch0, _batches(_loader(utts, workers=0, epoch=0)[2]))
    _assert_same(epoch1, _batches(_loader(utts, workers=0, epoch=1)[2]))
    wave0 = {i: w for ids, wave, _ in epoch0 for i, w in zip(ids, wave, strict=True)}
    wave1 = {i: w for ids, wave, _ in epoch1 for i, w in zip(ids, wave, strict=True)}
    assert any(not torch.equal(wave0[i], wave1[i]) for i in wave0)


def test_resumed_loader_sees_exactly_the_remaining_batches(corpus):
    _, utts = corpus
    _, sampler, loader = _loader(utts, workers=0, epoch=2)
    full = _batches(loader)
    done = 2
    state = sampler.state_dict(batches_done=done)

    dataset, resumed, loader = _loader(utts, workers=2, epoch=0)
    resumed.load_state_dict(state)
    dataset.set_epoch(resumed.epoch)
    _assert_same(_batches(loader), full[done:])


def test_a_segment_is_read_by_seeking_with_the_same_samples(tmp_path, monkeypatch):
    import soundfile

    from yuyin.data import dataset
    from yuyin.data.dataset import load_utterance

    wave = (np.random.default_rng(0).standard_normal(16000 * 30) * 0.1).astype(np.float32)
    soundfile.write(tmp_path / "long.wav", wave, 16000, subtype="FLOAT")
    segment = Utterance("s", str(tmp_path / "long.wav"), 2.0, "x", start=20.0, end=22.0)
    assert np.array_equal(load_utterance(segment), wave[320000:352000])
    assert dataset._read_span(segment, 16000) is not None  # seeked, not decoded whole

    def refuse(*args, **kwargs):
        raise soundfile.LibsndfileError(1, "not seekable here")

    monkeypatch.setattr(dataset.sf, "SoundFile", refuse)  # a format only FFmpeg reads
    assert np.array_equal(load_utterance(segment), wave[320000:352000])  # decoded whole


def test_unlabeled_audio_under_the_minimum_is_left_out_with_a_count(tmp_path, caplog):
    from yuyin.data.dataset import unlabeled_utterances
    from yuyin.data.manifest import write_manifest

    manifest, _ = make_tone_corpus(tmp_path, n=4, seconds_range=(0.5, 0.6))
    utts = read_manifest(manifest)
    short = replace(utts[0], id="short", duration=0.1)
    mixed = write_manifest(tmp_path / "mixed.jsonl", [*utts, short])
    with caplog.at_level("WARNING", logger="yuyin.data"):
        kept = unlabeled_utterances([mixed], min_seconds=0.3)
    assert len(kept) == 4 and "1 of 5 utterances left out: shorter than 0.3 s" in caplog.text
