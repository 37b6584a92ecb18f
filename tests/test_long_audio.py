"""Long recordings: chunks of about a sentence, quiet speech decoded, and clear messages."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from dummies import tone
from yuyin.audio import (
    SAMPLE_RATE,
    frame_db,
    load_audio,
    no_speech_reason,
    resample,
    save_audio,
)
from yuyin.chunking import (
    EDGE_MARGIN_SECONDS,
    MAX_CHUNK_SECONDS,
    MIN_CHUNK_SECONDS,
    QUIET_CHUNK_DB,
    SILENCE_DB,
    SOUND_DB,
    SPEECH_GAP_DB,
    chunk_boundaries,
    condition_chunk,
    holds_sound,
    noise_floors,
    pause_levels,
)
from yuyin.cli import main
from yuyin.transcribe import Recognizer

CLIP = Path("src/yuyin/assets/audio/golden.wav")
GOLDEN_TEXT = "no sir replied his son laughing i seem to have had it from nobody"


def at_dbfs(wave: np.ndarray, peak_db: float) -> np.ndarray:
    return (wave / np.abs(wave).max() * 10 ** (peak_db / 20)).astype(np.float32)


def test_a_long_signal_is_cut_in_every_pause():
    """Five 3 s sentences with 0.5 s pauses: five chunks, one a sentence (cut before the limit
    alone, the first chunk held three sentences: a third more word errors, measured)."""
    pause = np.zeros(SAMPLE_RATE // 2, np.float32)
    parts = [p for _ in range(5) for p in (tone(3.0, 300.0), pause)][:-1]
    wave = np.concatenate(parts)
    assert len(wave) > MAX_CHUNK_SECONDS * SAMPLE_RATE
    cuts = chunk_boundaries(wave)
    assert len(cuts) == 5 and cuts[-1] == len(wave)
    for k, cut in enumerate(cuts[:-1], start=1):  # inside the k-th pause
        pause_start = k * 3 * SAMPLE_RATE + (k - 1) * len(pause)
        assert pause_start <= cut <= pause_start + len(pause)
    assert np.diff([0, *cuts]).min() >= MIN_CHUNK_SECONDS * SAMPLE_RATE
    short = np.concatenate(parts[:3])  # within the limit: one chunk, as a clip alone
    assert chunk_boundaries(short) == [len(short)]


def test_pauses_are_found_under_steady_noise():
    """The same five sentences with white noise 30 dB under them throughout: still cut in every
    pause (no frame was 45 dB under the loudest, so chunks were cut near the 10 s limit)."""
    pause = np.zeros(SAMPLE_RATE // 2, np.float32)
    parts = [p for _ in range(5) for p in (tone(3.0, 300.0), pause)][:-1]
    clean = np.concatenate(parts)
    rms = 10 ** (frame_db(clean).max() / 20) * 10 ** (-30 / 20)
    wave = (clean + np.random.default_rng(0).normal(0, rms, len(clean))).astype(np.float32)
    assert frame_db(wave).min() > frame_db(wave).max() + SILENCE_DB  # no frame is silence
    cuts = chunk_boundaries(wave)
    assert len(cuts) == 5
    for k, cut in enumerate(cuts[:-1], start=1):
        pause_start = k * 3 * SAMPLE_RATE + (k - 1) * len(pause)
        assert pause_start <= cut <= pause_start + len(pause)
    half = clean.copy()  # noise that starts half-way: the second half has its own floor
    noise = np.random.default_rng(1).normal(0, rms, len(clean)).astype(np.float32)
    half[len(half) // 2 :] += noise[len(half) // 2 :]
    assert chunk_boundaries(half) == chunk_boundaries(clean)
    louder = (clean + np.random.default_rng(0).normal(0, 10 * rms, len(clean))).astype(np.float32)
    levels = pause_levels(frame_db(louder))
    assert levels == pytest.approx(np.full(len(levels), frame_db(louder).max() - SPEECH_GAP_DB))


def test_quiet_speech_in_a_long_file_is_decoded_not_left_out(monkeypatch):
    """A recording peaking at -50 dBFS, one sentence of it at -62: every sentence is heard
    (a chunk under -60 dBFS was skipped as silence, a quiet file lost whole sentences)."""
    speech = load_audio(CLIP)
    pause = np.zeros(SAMPLE_RATE, np.float32)
    levels = [-50.0, -62.0, -50.0, -55.0]
    wave = np.concatenate([p for db in levels for p in (at_dbfs(speech, db), pause)])
    recognizer = Recognizer.load()
    heard: list[float] = []
    decode = Recognizer._decode_chunk

    def spy(self, chunk, offset, db=None, floors=None):
        heard.append(20 * np.log10(np.abs(chunk).max()))
        return decode(self, chunk, offset, db, floors)

    monkeypatch.setattr(Recognizer, "_decode_chunk", spy)
    loud = recognizer.transcribe_wave(at_dbfs(wave, 0.0 - 3.0)).text  # the same, at a usual level
    quiet = recognizer.transcribe_wave(wave).text
    assert len(heard) == 2 * len(levels)  # each sentence a chunk, every one decoded
    assert min(heard[len(levels) :]) < -60
    assert len(quiet.split()) >= 0.8 * len(loud.split())  # raised to the level it was trained at
    silent_stretch = np.concatenate([wave, np.zeros(3 * SAMPLE_RATE, np.float32)])
    heard.clear()
    recognizer.transcribe_wave(silent_stretch)
    assert len(heard) == len(levels)  # a stretch of pause is still not decoded


def test_no_speech_says_why():
    assert no_speech_reason(np.zeros(100, np.float32)) == "the audio is silent"
    assert "constant level" in no_speech_reason(np.full(1600, 0.2, np.float32))
    quiet = at_dbfs(tone(1.0, 300.0), -70.0)
    assert no_speech_reason(quiet) == (
        "too quiet: its loudest 10 ms is at -73 dBFS, under the -60 dBFS speech reaches"
    )


def test_transcribe_names_a_quiet_file_and_the_option_for_a_long_one(tmp_path, capsys):
    quiet = save_audio(tmp_path / "quiet.wav", at_dbfs(tone(1.0, 300.0), -70.0))
    long = save_audio(tmp_path / "long.wav", tone(3.0, 300.0))
    assert main(["transcribe", "--max-duration", "2", str(quiet), str(long)]) == 1
    err = capsys.readouterr().err
    assert "quiet.wav: no speech found (too quiet: its loudest 10 ms is at -73 dBFS" in err
    assert "long.wav: too long: 3.0 s exceeds the limit of 2.0 s; --max-duration SECONDS" in err


def test_a_subtitle_name_clash_fails_before_the_file_is_transcribed(tmp_path, capsys, monkeypatch):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "talk.wav").write_bytes(CLIP.read_bytes())
    transcribed: list[str] = []
    real = Recognizer.transcribe

    def count(self, path, name=None):
        transcribed.append(str(path))
        return real(self, path, name)

    monkeypatch.setattr(Recognizer, "transcribe", count)
    argv = ["transcribe", str(tmp_path / "a"), str(tmp_path / "b"), "--subtitles", "srt"]
    assert main([*argv, "--output-dir", str(tmp_path / "out")]) == 1
    out, err = capsys.readouterr()
    assert transcribed == [str(tmp_path / "a" / "talk.wav")]  # the second was never decoded
    assert len(out.splitlines()) == 1 and "b/talk.wav: its subtitles would overwrite" in err


def test_a_dc_offset_is_no_sound():
    """A clip with 2 s of silence on each side, all shifted by 0.1: its pauses are still pauses
    (word times had swallowed the silence: "no" ran 0.00-2.52 s) and levels ignore the shift."""
    speech, pad = load_audio(CLIP), np.zeros(2 * SAMPLE_RATE, np.float32)
    clean = np.concatenate([pad, speech, pad])
    assert frame_db(clean + 0.1) == pytest.approx(frame_db(clean), abs=0.01)
    words = Recognizer.load().align_text(clean + 0.1, GOLDEN_TEXT).words
    assert words[0].start >= 1.9 and words[-1].end <= 2.1 + len(speech) / SAMPLE_RATE


def test_subtitles_mirror_the_subfolders_of_a_folder(tmp_path, capsys):
    """Two talk.wav in subfolders of one folder: out/a/talk.srt and out/b/talk.srt (the second
    was refused as a name clash)."""
    for folder in ("a", "b"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "talk.wav").write_bytes(CLIP.read_bytes())
    argv = ["transcribe", str(tmp_path / "in"), "--subtitles", "srt"]
    assert main([*argv, "--output-dir", str(tmp_path / "out")]) == 0
    for folder in ("a", "b"):
        assert "-->" in (tmp_path / "out" / folder / "talk.srt").read_text()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a", "b"]
    capsys.readouterr()
    inner, talk = tmp_path / "in" / "a", tmp_path / "in" / "a" / "talk.wav"
    for extra in (inner, talk):  # given again inside the folder: once, mirrored from the folder
        out = tmp_path / f"out-{extra.name}"
        given = ["transcribe", str(tmp_path / "in"), str(extra), "--subtitles", "srt"]
        assert main([*given, "--output-dir", str(out)]) == 0
        printed, err = capsys.readouterr()
        assert len(printed.splitlines()) == 2 and "error" not in err
        assert sorted(str(p.relative_to(out)) for p in out.rglob("*.srt")) == [
            "a/talk.srt",
            "b/talk.srt",
        ]
    inside = tmp_path / "in" / "subs"  # written inside the folder: not skipped input next time
    for _ in range(2):
        assert main([*argv, "--output-dir", str(inside)]) == 0
    assert "skipped" not in capsys.readouterr().err


def test_piped_audio_is_called_dash_in_warnings(tmp_path, caplog, monkeypatch):
    low = resample(load_audio(CLIP), SAMPLE_RATE, 8000)
    path = save_audio(tmp_path / "low.wav", low, 8000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    with caplog.at_level(logging.WARNING, logger="yuyin"):
        assert main(["transcribe", "-"]) == 0
    assert "-: recorded at 8000 Hz" in caplog.text and "yuyin-stdin" not in caplog.text


@pytest.mark.parametrize("length", [0, 1, 159, 160, 161, 16000 + 7])
def test_frame_energies_count_a_short_tail(length):
    from yuyin.audio import frame_db as _frame_db

    wave = np.random.default_rng(0).normal(0, 0.1, length).astype(np.float32)
    centred = wave - wave.mean(dtype=np.float64) if length else wave  # a DC offset is no sound
    padded = np.pad(centred, (0, -length % 160)).reshape(-1, 160)
    expected = 10 * np.log10(np.mean(padded.astype(np.float64) ** 2, axis=1) + 1e-12)
    assert np.allclose(_frame_db(wave, tail=True), expected, atol=1e-4)
    assert len(_frame_db(wave)) == length // 160


def test_stereo_whose_channels_cancel_is_heard_from_one_channel(tmp_path, caplog, capsys):
    """A microphone wired out of phase: the mean of the channels is silence ("no speech
    found" before); one channel is used, and said."""
    import soundfile as sf

    mono = load_audio(CLIP)
    path = tmp_path / "antiphase.wav"
    sf.write(path, np.stack([mono, -mono], axis=1), SAMPLE_RATE)
    with caplog.at_level(logging.WARNING, logger="yuyin"):
        assert main(["transcribe", str(path)]) == 0
    heard = capsys.readouterr().out.split("\t", 1)[1].strip()
    assert main(["transcribe", str(CLIP)]) == 0
    assert heard == capsys.readouterr().out.split("\t", 1)[1].strip()
    assert "antiphase.wav: its channels cancel when mixed" in caplog.text
    both = np.stack([mono, 0.5 * mono], axis=1)  # channels that agree: their mean, no warning
    caplog.clear()
    from yuyin.audio import downmix

    assert np.allclose(downmix(both, "x"), 0.75 * mono) and "cancel" not in caplog.text


def test_noise_transcribed_as_unsure_words_is_warned_about(tmp_path, capsys):
    """Hiss came out as confident-looking letters with exit 0 and nothing said."""
    hiss = np.random.default_rng(0).normal(0, 0.01, 3 * SAMPLE_RATE).astype(np.float32)
    path = save_audio(tmp_path / "hiss.wav", hiss)
    assert main(["transcribe", str(path), str(CLIP)]) == 0
    err = capsys.readouterr().err
    assert "hiss.wav: its words are unsure (--min-confidence 0.6 drops them)" in err
    assert "golden.wav" not in err  # speech: nothing said


def test_steady_noise_after_the_speech_makes_no_words():
    """6 s of white noise 40 dB under a sentence, after it: no word past the sentence (the
    noise's own chunks were decoded into "ee eiy ee eeee o tede")."""
    speech = load_audio(CLIP)
    lead, tail = np.zeros(SAMPLE_RATE // 2, np.float32), np.zeros(6 * SAMPLE_RATE, np.float32)
    wave = np.concatenate([lead, speech, tail])
    rng = np.random.default_rng(0)
    wave += rng.normal(0, np.abs(speech).max() / 100, len(wave)).astype(np.float32)
    words = Recognizer.load().transcribe_wave(wave).words
    speech_end = 0.5 + len(speech) / SAMPLE_RATE
    assert len(words) >= 0.8 * len(GOLDEN_TEXT.split())
    assert max(w.end for w in words) <= speech_end + 0.2


def test_a_chunk_of_steady_noise_holds_no_sound_and_noise_is_cut_from_a_chunks_edge():
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 0.003, 5 * SAMPLE_RATE).astype(np.float32)
    db = frame_db(noise, tail=True)
    floors = noise_floors(db)
    assert not holds_sound(db, floors, loudest=float(db.max()) + 30)
    assert holds_sound(db, floors, loudest=float(db.max()) + QUIET_CHUNK_DB - 1)  # all there is
    louder = db.copy()
    louder[100] = floors[100] + SOUND_DB + 0.1  # one frame of sound
    assert holds_sound(louder, floors, loudest=float(db.max()) + 30)
    assert not holds_sound(db[:0], floors[:0], loudest=0.0)
    # a sentence and 3 s of pause, noise 30 dB under it throughout: the noise is not edge
    # silence by the level alone (within 30 dB of the loudest frame), but it is by the floor
    speech = load_audio(CLIP)
    chunk = np.concatenate([speech, np.zeros(3 * SAMPLE_RATE, np.float32)])
    chunk += rng.normal(0, np.abs(speech).max() * 10 ** (-30 / 20), len(chunk)).astype(np.float32)
    db = frame_db(chunk, tail=True)
    floors = noise_floors(db)
    _, by_level = condition_chunk(chunk, db=db)
    _, by_floor = condition_chunk(chunk, db=db, floors=floors)
    assert len(by_level) > len(speech) + SAMPLE_RATE
    assert len(by_floor) <= len(speech) + EDGE_MARGIN_SECONDS * SAMPLE_RATE + 160
