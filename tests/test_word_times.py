"""Word bounds moved out to where the words sound (CTC ends words early)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from yuyin.audio import SAMPLE_RATE, load_audio, speech_span
from yuyin.chunking import word_bounds
from yuyin.transcribe import Recognizer, Word

CLIP = Path("src/yuyin/assets/audio/golden.wav")


def levels(*runs: tuple[int, float]) -> np.ndarray:
    """Frame levels (dB) from (frames, level) runs."""
    return np.concatenate([np.full(n, db) for n, db in runs])


def test_ends_move_on_through_the_sound_and_starts_back():
    # silence 10 frames, word A sounds 10-40, quiet 40-60, word B sounds 60-80, silence
    db = levels((10, -100.0), (30, -20.0), (20, -100.0), (20, -25.0), (20, -100.0))
    early = [Word("a", 0.15, 0.25, 0.9), Word("b", 0.65, 0.70, 0.9)]  # CTC: late starts, early ends
    a, b = word_bounds(early, db, 0.0)
    assert (a.start, a.end) == pytest.approx((0.10, 0.40))
    assert (b.start, b.end) == pytest.approx((0.60, 0.80))
    shifted = word_bounds([Word("a", 1.15, 1.25, 0.9)], db, 1.0)[0]  # frames start at origin
    assert (shifted.start, shifted.end) == pytest.approx((1.10, 1.40))


def test_connected_words_meet_where_the_second_starts():
    db = levels((10, -100.0), (60, -20.0), (10, -100.0))  # no quiet frame between the words
    a, b = word_bounds([Word("a", 0.12, 0.30, 0.9), Word("b", 0.40, 0.50, 0.9)], db, 0.0)
    assert a.start == pytest.approx(0.10) and a.end == pytest.approx(b.start) == 0.40
    assert b.end == pytest.approx(0.70)


def test_bounds_never_shrink_and_stop_at_the_word_level():
    # a word at -10 dB, then a tail 40 dB under it (not its sound): the end stays
    db = levels((20, -10.0), (20, -50.0), (10, -100.0))
    (w,) = word_bounds([Word("a", 0.0, 0.25, 0.9)], db, 0.0)
    assert (w.start, w.end) == pytest.approx((0.0, 0.25))
    assert word_bounds([], db, 0.0) == []


def test_the_last_word_of_a_clip_ends_where_its_speech_does():
    """The golden clip force-aligned: its last word ends within 20 ms of the clip's speech end
    (CTC alone put it earlier)."""
    wave = load_audio(CLIP)
    words = (
        Recognizer.load()
        .align_text(wave, "no sir replied his son laughing i seem to have had it from nobody")
        .words
    )
    _, end = speech_span(wave, 40.0, 0.0)
    assert abs(words[-1].end - end / SAMPLE_RATE) <= 0.02  # CTC alone: 50 ms early
    assert all(a.end <= b.start + 1e-9 for a, b in zip(words, words[1:], strict=False))
