"""Edge silence and length of what each voice says for the tts bench's test sentences, and the
bundled recognizer's WER on it: python bench/tts_edge_silence/measure.py VOICE... (run.sh
runs it)."""

import json
import sys
from pathlib import Path

sys.path.insert(0, "bench")
import numpy as np
from tts import pick_sentences

from yuyin.audio import SAMPLE_RATE, speech_span
from yuyin.eval.tts import score_transcripts
from yuyin.transcribe import Recognizer
from yuyin.voice import Voice

sentences = pick_sentences(30, 0)
rec = Recognizer.load()
out = {}
for v in sys.argv[1:]:
    voice = Voice.load(v)
    lead, tail, secs, heard = [], [], [], []
    for s in sentences:
        w = voice.synthesize(s)
        a, b = speech_span(w, 40, 0.0)
        lead.append(a / SAMPLE_RATE)
        tail.append((len(w) - b) / SAMPLE_RATE)
        secs.append(len(w) / SAMPLE_RATE)
        heard.append(rec.transcribe_wave(w).text)
    out[v] = {
        "lead_s_mean": round(float(np.mean(lead)), 3),
        "lead_s_max": round(float(np.max(lead)), 3),
        "tail_s_mean": round(float(np.mean(tail)), 3),
        "seconds_mean": round(float(np.mean(secs)), 2),
        "yuyin_wer": round(100 * score_transcripts(sentences, heard).wer, 2),
    }
    print(v, out[v], flush=True)
Path("work/trim/measured.json").write_text(json.dumps(out, indent=1))
