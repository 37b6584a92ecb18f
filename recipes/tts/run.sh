#!/usr/bin/env bash
# The TTS pipeline of issue #6, stage by stage (each stage resumes or is skipped when done):
#   1. corpora: Piper joe said steadily (the single-speaker voice, train and dev prompts), the
#      multi-voice synthetic corpus and the Debian human speech (audio only, for pretraining);
#   2. vocoder: trained on joe's audio alone (no text);
#   3. decoder pretraining: masked log-mel modelling on all the unlabeled audio (6.7 h);
#   4. the budget experiment: 10 min of paired joe speech, decoder from scratch vs pretrained;
#   5. the voice: all 1.5 h of paired joe speech, pretrained decoder; packed with the vocoder.
# Seeds are fixed (synthesis plans and training loops: seed 0). Needs `pip install -e .[synth]`
# and the Debian packages of `yuyin data import debian-speech` (tuxpaint-stamps-default,
# ktuberling-data, klettres-data). About 2.5 h on 2 CPU cores (stages 2 and 3 run side by side,
# one thread each).
set -euo pipefail
W=${1:-work}
C=$W/corpora
R=$W/runs
YUYIN=${YUYIN:-yuyin}
TTS=configs/tts/tiny.yaml
export OMP_NUM_THREADS=1
mkdir -p "$C" "$R"

echo "== 1/5 corpora"
$YUYIN data synth --voices piper:1 --steady --hours 1.5 --seed 0 -o "$C/joe-train"
$YUYIN data synth --voices piper:1 --steady --split dev --hours 0.1 --seed 1 -o "$C/joe-dev"
$YUYIN data synth --hours 1 --seed 0 -o "$C/synth-train"
[ -f "$C/debian.jsonl" ] || $YUYIN data import debian-speech -o "$C/debian.jsonl"
$YUYIN data subset "$C/joe-train/manifest.jsonl" --minutes 10 --labeled -o "$C/joe-10min.jsonl"

run() {  # run NAME CMD...: skip when NAME/model or NAME/decoder exists, else start or resume
  local out=$R/$1; shift
  if [ -d "$out/model" ] || [ -d "$out/decoder" ]; then echo "done: $out"; return; fi
  local resume=(); [ -d "$out" ] && resume=(--resume)
  "$@" --out "$out" "${resume[@]}"
}

echo "== 2/5 vocoder (joe's audio, no text) and 3/5 decoder pretraining, side by side"
run vocoder-joe $YUYIN vocoder train --data "$C/joe-train/manifest.jsonl" \
  --dev "$C/joe-dev/manifest.jsonl" --config configs/vocoder/tiny.yaml --threads 1 \
  --set loop.max_steps=7000 --set loop.eval_every=1000 &
run tts-pre $YUYIN tts pretrain --data "$C/joe-train/manifest.jsonl" \
  --data "$C/synth-train/manifest.jsonl" --data "$C/debian.jsonl" --config $TTS \
  --set pretrain.loop.max_steps=3000
wait

echo "== 4/5 10 min of paired speech: scratch vs pretrained decoder"
STEPS=(--set train.loop.max_steps=1500 --set train.loop.eval_every=500)
run tts-10min-scratch $YUYIN tts train --data "$C/joe-10min.jsonl" \
  --dev "$C/joe-dev/manifest.jsonl" --config $TTS "${STEPS[@]}"
run tts-10min-pretrained $YUYIN tts train --data "$C/joe-10min.jsonl" \
  --dev "$C/joe-dev/manifest.jsonl" --config $TTS "${STEPS[@]}" --pretrained "$R/tts-pre"

echo "== 5/5 the voice: 1.5 h of paired joe speech, pretrained decoder"
run tts-joe $YUYIN tts train --data "$C/joe-train/manifest.jsonl" \
  --dev "$C/joe-dev/manifest.jsonl" --config $TTS --pretrained "$R/tts-pre" \
  --set train.loop.max_steps=5000
python -c "
import sys
from yuyin.voice import pack_voice
pack_voice(sys.argv[1], sys.argv[2], sys.argv[3], {'trained_on': 'Piper joe (steady), 1.5 h'})
" "$R/tts-joe/model" "$W/voice-joe" "$R/vocoder-joe/model"
$YUYIN say "The voice is ready." -o "$W/voice-joe.wav" --voice "$W/voice-joe"
