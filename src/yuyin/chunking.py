"""Long audio: where its pauses are, where to cut it, how a chunk is heard, where words sound.

The level measures behind :meth:`yuyin.transcribe.Recognizer.transcribe_wave` and
:meth:`~yuyin.transcribe.Recognizer.align_text`, on 10 ms frames
(:func:`yuyin.audio.frame_db`):

* :func:`pause_levels`: under which level each frame is a pause (in silence, or in the local
  noise floor of a noisy recording);
* :func:`chunk_boundaries`: cuts in the middle of pauses, so chunks are about a sentence;
* :func:`holds_sound`: whether a chunk rises above the noise at all (one of steady noise is not
  decoded);
* :func:`condition_chunk`: a chunk's edge silence cut and its level raised to the training
  speech's;
* :func:`word_bounds`: word times from CTC's forced alignment moved out to where the words
  sound.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from yuyin.audio import LEVEL_FRAME, SAMPLE_RATE, frame_db, speech_span

if TYPE_CHECKING:
    from yuyin.transcribe import Word

__all__ = [
    "MAX_CHUNK_SECONDS",
    "chunk_boundaries",
    "condition_chunk",
    "holds_sound",
    "noise_floors",
    "pause_levels",
    "word_bounds",
]

MAX_CHUNK_SECONDS = 10.0  # longest chunk decoded at once
MIN_PAUSE_SECONDS = 0.2  # a pause this long is a good place to cut
MIN_CHUNK_SECONDS = 2.0  # never cut closer than this to the previous cut
SEARCH_SECONDS = 5.0  # without a pause, cut at the quietest frame this close to the limit
FRAME = LEVEL_FRAME  # 10 ms energy frames (frame_db's)
SILENCE_DB = -45.0  # frames quieter than this (relative to the loudest) count as pause ...
NOISE_FLOOR_PERCENTILE = 5.0  # ... or, in a noisy stretch, this percentile of its frames ...
NOISE_MARGIN_DB = 3.0  # ... plus this much (frames of steady noise vary by a dB or two) ...
SPEECH_GAP_DB = 12.0  # ... when that is still this far under the loudest frame
FLOOR_BLOCK_SECONDS = 10.0  # the noise floor is measured for each such stretch ...
FLOOR_CONTEXT_SECONDS = 5.0  # ... from its frames and this much on either side
EDGE_SILENCE_DB = 30.0  # leading/trailing frames this far under the loudest are cut ...
EDGE_MARGIN_SECONDS = 0.15  # ... keeping this much of them
TARGET_PEAK = 0.7  # chunks are scaled to this peak (synthetic training speech peaks ~0.5-0.9)
MAX_GAIN_DB = 40.0  # a quieter chunk is raised by this much at most
WORD_TAIL_DB = 35.0  # a word sounds on while its 10 ms frames are within this of its loudest ...
WORD_NOISE_DB = 6.0  # ... and this far above the noise floor
SOUND_DB = 5.0  # frames of steady noise stay within ~3 dB of its floor: 5 dB above is a sound
QUIET_CHUNK_DB = 6.0  # a chunk with no sound that is also this far under the loudest is skipped


def noise_floors(db: np.ndarray) -> np.ndarray:
    """(F,) the noise floor (dBFS) about each frame of :func:`~yuyin.audio.frame_db` ``db``
    (F,): the :data:`NOISE_FLOOR_PERCENTILE` of the frames of its
    :data:`FLOOR_BLOCK_SECONDS` stretch and :data:`FLOOR_CONTEXT_SECONDS` on either side, so
    noise that starts half-way through a recording has its own floor there (digital silence:
    about -120)."""
    block = round(FLOOR_BLOCK_SECONDS * SAMPLE_RATE / FRAME)
    context = round(FLOOR_CONTEXT_SECONDS * SAMPLE_RATE / FRAME)
    floors = np.empty(len(db))
    for start in range(0, len(db), block):
        around = db[max(0, start - context) : start + block + context]
        floors[start : start + block] = np.percentile(around, NOISE_FLOOR_PERCENTILE)
    return floors


def pause_levels(db: np.ndarray, floors: np.ndarray | None = None) -> np.ndarray:
    """(F,) the level (dBFS) under which each 10 ms frame of a recording is a pause, from its
    :func:`~yuyin.audio.frame_db` ``db`` (F,), F > 0.

    :data:`SILENCE_DB` under the loudest frame; but steady noise 30 dB under the speech is above
    that everywhere, and a long recording in such noise had no pause to cut at. So where the
    local noise floor (:func:`noise_floors`) plus :data:`NOISE_MARGIN_DB` lies higher, and
    still :data:`SPEECH_GAP_DB` under the loudest frame, that is the level: the noise between
    sentences counts as pause, the speech does not. (The margin and gap were chosen on the
    synthetic dev set in white noise 40, 30 and 20 dB under the speech: ``bench/asr_long.py
    --noise-db``.) ``floors``: the caller's :func:`noise_floors` of ``db`` when it has them.
    """
    top = float(db.max())
    floor = (noise_floors(db) if floors is None else floors) + NOISE_MARGIN_DB
    return np.maximum(top + SILENCE_DB, np.minimum(floor, top - SPEECH_GAP_DB))


def chunk_boundaries(
    wave: np.ndarray,
    max_seconds: float = MAX_CHUNK_SECONDS,
    db: np.ndarray | None = None,
    floors: np.ndarray | None = None,
) -> list[int]:
    """Sample indices where to cut ``wave`` so no chunk exceeds ``max_seconds``; ends with S.

    A signal within the limit is one chunk. A longer one is cut in the middle of every pause of
    :data:`MIN_PAUSE_SECONDS` or more that ends a chunk of :data:`MIN_CHUNK_SECONDS` or more,
    so chunks are about a sentence, as the recognizers were trained on (cut only before the
    limit, 20 s chunks of several sentences had a third more word errors than each sentence
    alone); a stretch without such a pause is cut at its quietest frame in the last
    :data:`SEARCH_SECONDS` before the limit. A frame is pause under :func:`pause_levels`.
    ``db``: the caller's :func:`~yuyin.audio.frame_db` of
    ``wave`` when it has it (computed here otherwise), and ``floors`` its :func:`noise_floors`.
    """
    limit = int(max_seconds * SAMPLE_RATE)
    if len(wave) <= limit:
        return [len(wave)]
    whole = len(wave) // FRAME  # frames of the cuts: a short tail frame is not one
    floors = None if db is None or floors is None else floors[:whole]
    db = frame_db(wave) if db is None else db[:whole]
    quiet = db < pause_levels(db, floors)
    cuts, start = [], 0
    min_pause = int(MIN_PAUSE_SECONDS * SAMPLE_RATE / FRAME)
    while start < len(wave):
        lo = (start + int(MIN_CHUNK_SECONDS * SAMPLE_RATE)) // FRAME
        hi = min(start + limit, len(wave)) // FRAME
        best = None
        run = 0
        for i, q in enumerate(quiet[lo:hi]):  # the middle of the first long-enough pause
            run = run + 1 if q else 0
            if run >= min_pause and (lo + i + 1 >= hi or not quiet[lo + i + 1]):
                best = lo + i - run // 2
                break
        if best is None and len(wave) - start <= limit:  # the rest is one chunk
            break
        if best is None:  # no pause: the quietest frame of the last seconds before the limit
            lo = hi - int(SEARCH_SECONDS * SAMPLE_RATE) // FRAME
            best = lo + int(np.argmin(db[lo:hi]))
        cut = max(best * FRAME, start + FRAME)
        cuts.append(cut)
        start = cut
    return [*cuts, len(wave)]


def holds_sound(db: np.ndarray, floors: np.ndarray, loudest: float) -> bool:
    """Whether a chunk whose 10 ms frames have levels ``db`` (F,) and noise floors ``floors``
    (F,) is worth decoding, in a recording whose loudest frame is ``loudest`` dB: a frame
    :data:`SOUND_DB` above its floor, or one within :data:`QUIET_CHUNK_DB` of the loudest (a
    steady tone, or a recording that is one sustained sound, has no quieter floor to rise
    above). A chunk of steady noise between sentences or after the last one is neither: decoded,
    it made words of the noise ("ee eiy ee eeee o tede" after 6 s of noise 40 dB under the
    speech)."""
    if not len(db):
        return False
    return bool((db - floors).max() >= SOUND_DB or db.max() >= loudest - QUIET_CHUNK_DB)


def condition_chunk(
    chunk: np.ndarray,
    min_samples: int = 1,
    db: np.ndarray | None = None,
    floors: np.ndarray | None = None,
) -> tuple[int, np.ndarray]:
    """A chunk as the recognizer hears it best: (first sample kept, the samples).

    The features are normalized per utterance (mean and variance over every frame), so seconds
    of silence or hum around the speech shift them, and quiet recordings lose their soft sounds
    under the log-mel floor; both made transcripts much worse (5 s of silence before a clip, or
    a peak at -22 dBFS). So leading and trailing frames more than :data:`EDGE_SILENCE_DB` under
    the loudest are cut (keeping :data:`EDGE_MARGIN_SECONDS` of them), and the rest is scaled
    to a peak of :data:`TARGET_PEAK`, the level of the speech the models were trained on (by at
    most :data:`MAX_GAIN_DB`). With ``floors`` (F,), the noise floors of ``db``'s frames (both
    given, of the same length)
    (:func:`noise_floors` of the whole recording), edge frames within :data:`SOUND_DB` of their
    floor are cut too: noise 20-30 dB under the speech is no edge silence by the first rule,
    and the recognizer heard words in it ("nobody" became "knobonic" with 3 s of noise after it).
    """
    if floors is None:
        lo, hi = speech_span(chunk, EDGE_SILENCE_DB, EDGE_MARGIN_SECONDS, db)
    else:
        db = frame_db(chunk, tail=True) if db is None else db
        top = float(db.max()) if len(db) else 0.0
        above_floor = np.minimum(floors + SOUND_DB, top)  # the loudest always counts
        lo, hi = speech_span(chunk, EDGE_SILENCE_DB, EDGE_MARGIN_SECONDS, db, above_floor)
    if hi - lo < min_samples:  # too short to decode once cut: keep it whole
        lo, hi = 0, len(chunk)
    piece = chunk[lo:hi]
    peak = float(np.abs(piece).max()) if len(piece) else 0.0
    if peak > 0:
        gain = min(TARGET_PEAK / peak, 10 ** (MAX_GAIN_DB / 20))
        piece = (piece * gain).astype(np.float32)
    return lo, piece


def word_bounds(
    words: list[Word], db: np.ndarray, origin: float, floors: np.ndarray | None = None
) -> list[Word]:
    """``words`` with their bounds moved out to where each word sounds, from the audio's
    :func:`~yuyin.audio.frame_db` ``db`` (F,) whose first frame starts at ``origin`` (s).

    CTC puts a letter on a frame or two of its sound, so the frames a forced alignment gives a
    word end before its sound does (the bundled model's ends were 70-90 ms early on words said
    one by one, and some voices' starts 80 ms late; ``bench/word_times.py``). A word's end
    moves on over the following frames while they stay within :data:`WORD_TAIL_DB` of the
    word's loudest frame, :data:`WORD_NOISE_DB` above the noise floor and not
    :data:`SILENCE_DB` under the loudest frame, never past the next word's start; then its
    start moves back over the frames before it likewise, never before the previous word's end.
    In connected speech, with no quiet frame between two words, the boundary is where the
    second word starts. ``floors`` (F,): the recording's :func:`noise_floors` for these frames
    (by default measured on ``db`` alone).
    """
    if not words or not len(db):
        return words
    floors = noise_floors(db) if floors is None else floors
    floor = np.maximum(floors + WORD_NOISE_DB, float(db.max()) + SILENCE_DB)  # (F,)
    per_frame, n = FRAME / SAMPLE_RATE, len(db)
    spans = []  # [first, end) frames of each word
    for w in words:
        first = min(n - 1, max(0, int((w.start - origin) / per_frame)))
        spans.append([first, min(n, max(first + 1, round((w.end - origin) / per_frame)))])
    levels = [float(db[a:b].max()) - WORD_TAIL_DB for a, b in spans]
    for i, span in enumerate(spans):  # ends on, up to the next word's start
        limit = spans[i + 1][0] if i + 1 < len(spans) else n
        while span[1] < limit and db[span[1]] >= max(levels[i], floor[span[1]]):
            span[1] += 1
    for i, span in enumerate(spans):  # starts back, down to the previous word's end
        limit = spans[i - 1][1] if i else 0
        while span[0] > limit and db[span[0] - 1] >= max(levels[i], floor[span[0] - 1]):
            span[0] -= 1
    return [
        replace(
            w, start=min(w.start, origin + a * per_frame), end=max(w.end, origin + b * per_frame)
        )
        for w, (a, b) in zip(words, spans, strict=True)
    ]
