"""Audio I/O, every AudioError case, and the log-mel extractor."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch

from yuyin.audio import (
    HOP_LENGTH,
    N_MELS,
    SAMPLE_RATE,
    AudioError,
    audio_info,
    load_audio,
    load_audio_and_rate,
    save_audio,
)
from yuyin.features import LogMel, log_mel, mel_filterbank, num_frames


def tone(seconds: float = 0.5, sr: int = SAMPLE_RATE, hz: float = 440.0) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (0.5 * np.sin(2 * math.pi * hz * t)).astype(np.float32)


@pytest.mark.parametrize("suffix", [".wav", ".flac", ".ogg"])
def test_round_trip_formats(tmp_path: Path, suffix: str) -> None:
    path = save_audio(tmp_path / f"a{suffix}", tone())
    wave = load_audio(path)
    assert wave.dtype == np.float32 and wave.ndim == 1
    assert abs(len(wave) - 8000) <= 1
    assert np.abs(wave).max() == pytest.approx(0.5, abs=0.05)


def test_mp3_and_pyav_fallback(tmp_path: Path) -> None:
    import av

    path = tmp_path / "a.m4a"  # libsndfile cannot read AAC: PyAV must take over
    with av.open(str(path), "w") as out:
        stream = out.add_stream("aac", rate=SAMPLE_RATE)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(tone(1.0)[None, :], format="flt", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    wave = load_audio(path)
    assert abs(len(wave) - SAMPLE_RATE) < 0.1 * SAMPLE_RATE
    assert audio_info(path).sample_rate == SAMPLE_RATE

    mp3 = tmp_path / "a.mp3"
    sf.write(str(mp3), tone(1.0), SAMPLE_RATE, format="MP3")
    assert abs(len(load_audio(mp3)) - SAMPLE_RATE) < 0.1 * SAMPLE_RATE


def test_stereo_downmix_and_resample(tmp_path: Path) -> None:
    sr = 44100
    left, right = tone(1.0, sr), np.zeros(sr, dtype=np.float32)
    path = tmp_path / "stereo.wav"
    sf.write(str(path), np.stack([left, right], axis=1), sr)
    wave = load_audio(path)
    assert len(wave) == SAMPLE_RATE
    assert np.abs(wave).max() == pytest.approx(0.25, abs=0.03)  # mean of the two channels


def _expect(path: Path, words: str, **kwargs) -> AudioError:
    with pytest.raises(AudioError) as err:
        load_audio(path, **kwargs)
    assert str(path) in str(err.value)
    assert words in str(err.value)
    return err.value


def test_missing_file(tmp_path: Path) -> None:
    _expect(tmp_path / "nope.wav", "not found")


def test_directory(tmp_path: Path) -> None:
    _expect(tmp_path, "directory")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    _expect(path, "empty")


def test_not_audio(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("this is not audio at all\n" * 20)
    _expect(path, "not a readable audio file")


def test_corrupt_header(tmp_path: Path) -> None:
    good = save_audio(tmp_path / "good.wav", tone())
    path = tmp_path / "corrupt.wav"
    data = bytearray(good.read_bytes())
    data[8:16] = b"XXXXXXXX"  # destroy the WAVE/fmt chunk ids
    path.write_bytes(bytes(data[:200]))
    _expect(path, "not a readable audio file")


def test_zero_samples(tmp_path: Path) -> None:
    path = tmp_path / "zero.wav"
    sf.write(str(path), np.zeros(0, dtype=np.float32), SAMPLE_RATE)
    _expect(path, "no samples")


def test_silent_after_trim(tmp_path: Path) -> None:
    path = save_audio(tmp_path / "silent.wav", np.zeros(SAMPLE_RATE, dtype=np.float32))
    assert len(load_audio(path)) == SAMPLE_RATE  # fine without trimming
    _expect(path, "silent", trim=True)


def test_too_long_checked_before_decoding(tmp_path: Path) -> None:
    path = save_audio(tmp_path / "long.wav", tone(2.0))
    err = _expect(path, "too long", max_seconds=1.0)
    assert err.path == str(path)
    assert len(load_audio(path, max_seconds=None)) == 2 * SAMPLE_RATE


def test_nan_samples(tmp_path: Path) -> None:
    path = tmp_path / "nan.wav"
    wave = tone()
    wave[100] = np.nan
    sf.write(str(path), wave, SAMPLE_RATE, subtype="FLOAT")
    _expect(path, "NaN")


def test_save_refuses_nan_and_bad_suffix(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="NaN"):
        save_audio(tmp_path / "x.wav", np.full(10, np.nan, dtype=np.float32))
    with pytest.raises(AudioError, match="unsupported output format"):
        save_audio(tmp_path / "x.xyz", tone())
    assert not any(tmp_path.iterdir())


def test_save_failure_keeps_previous_file(tmp_path: Path, monkeypatch) -> None:
    path = save_audio(tmp_path / "keep.wav", tone())
    before = path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sf, "write", disk_full)
    with pytest.raises(AudioError, match="No space left"):
        save_audio(path, tone(1.0))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.wav"]  # no temp file left behind


def test_mel_filterbank_shape_and_coverage() -> None:
    fb = mel_filterbank()
    assert fb.shape == (N_MELS, 201)
    assert (fb >= 0).all()
    assert (fb.sum(dim=1) > 0).all()  # no empty filter at 80 bins / 400-point FFT


def test_logmel_batched_matches_single_and_lengths() -> None:
    extractor = LogMel()
    a, b = torch.from_numpy(tone(1.0)), torch.from_numpy(tone(0.5, hz=1000.0))
    batch = torch.zeros(2, len(a))
    batch[0], batch[1, : len(b)] = a, b
    feats, lengths = extractor(batch, torch.tensor([len(a), len(b)]))
    assert feats.shape == (2, num_frames(len(a)), N_MELS)
    assert lengths.tolist() == [num_frames(len(a)), num_frames(len(b))]
    single = log_mel(b.numpy())
    # frames away from the padded edge match the unpadded computation
    inner = lengths[1].item() - 3
    assert torch.allclose(feats[1, :inner], single[:inner], atol=1e-4)


def test_logmel_peak_in_right_band() -> None:
    feats = log_mel(tone(1.0, hz=1000.0))  # (T, M)
    peak_bin = feats.mean(dim=0).argmax().item()
    fb = mel_filterbank()
    freqs = torch.linspace(0, SAMPLE_RATE / 2, fb.shape[1])
    centre = (fb[peak_bin] * freqs).sum() / fb[peak_bin].sum()
    assert abs(centre.item() - 1000.0) < 150.0
    assert feats.shape[0] == SAMPLE_RATE // HOP_LENGTH + 1


def test_usable_length_reads_the_header_and_names_unusable_files(tmp_path):
    from yuyin.audio import usable_length

    good = save_audio(tmp_path / "good.wav", np.zeros(8000, dtype=np.float32), 16000)
    assert usable_length(good) == pytest.approx(0.5)
    empty = save_audio(tmp_path / "empty.wav", np.zeros(0, dtype=np.float32), 16000)
    with pytest.raises(AudioError, match="empty.wav: .*(no samples|empty)"):
        usable_length(empty)
    with pytest.raises(AudioError, match="gone.wav: file not found"):
        usable_length(tmp_path / "gone.wav")


def test_silence_and_a_constant_level_hold_no_speech() -> None:
    from yuyin.audio import holds_no_speech

    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    tone = 0.1 * np.sin(2 * np.pi * 300 * t)
    assert holds_no_speech(np.zeros(SAMPLE_RATE)) and holds_no_speech(np.zeros(0))
    assert holds_no_speech(np.full(SAMPLE_RATE, 0.5)) and holds_no_speech(np.full(100, -1.0))
    assert not holds_no_speech(tone) and not holds_no_speech(tone + 0.5)  # DC under a voice
    assert not holds_no_speech(np.concatenate([np.zeros(SAMPLE_RATE), tone[:80]]))  # short tail


def test_audio_from_a_named_pipe_is_read(tmp_path: Path) -> None:
    import os
    import threading

    source = save_audio(tmp_path / "x.wav", 0.1 * np.sin(np.arange(8000) / 5.0))
    fifo = tmp_path / "fifo"
    for content in (source.read_bytes(), b""):
        os.mkfifo(fifo)
        writer = threading.Thread(target=fifo.write_bytes, args=(content,))
        writer.start()
        try:
            if content:
                wave, rate = load_audio_and_rate(fifo)
                assert wave.shape == (8000,) and rate == SAMPLE_RATE
            else:
                with pytest.raises(AudioError, match=r"fifo: nothing was piped in"):
                    load_audio(fifo)
        finally:
            writer.join()
            fifo.unlink()


def test_a_device_is_refused_before_it_is_read() -> None:
    with pytest.raises(AudioError, match="/dev/zero: is a device, not an audio file"):
        load_audio("/dev/zero")


def test_the_recorded_rate_comes_back_with_the_resampled_samples(tmp_path: Path) -> None:
    sf.write(tmp_path / "phone.wav", tone(1.0, sr=8000), 8000)
    sf.write(tmp_path / "phone.ogg", tone(1.0, sr=8000), 8000, format="OGG", subtype="VORBIS")
    for name in ("phone.wav", "phone.ogg"):
        wave, rate = load_audio_and_rate(tmp_path / name)
        assert rate == 8000 and abs(wave.size - SAMPLE_RATE) < 0.01 * SAMPLE_RATE, name
        assert np.array_equal(wave, load_audio(tmp_path / name)), name
