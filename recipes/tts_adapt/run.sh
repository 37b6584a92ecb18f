#!/usr/bin/env bash
# Adapt the bundled voice to a new speaker with 10 minutes of paired speech (`tts train --init`,
# `vocoder train --init`), against training the same acoustic model from scratch on the same
# 10 minutes. The new speaker is Festival's slt (a female US HTS voice; the bundled voice is
# Piper joe, male). Stages resume or are skipped when done:
#   1. corpora: slt said steadily, 10 min of train prompts and 6 min of dev prompts;
#   2. acoustic model, 1,500 updates each: from the bundled voice's weights vs from scratch;
#   3. vocoder on slt's audio (no text), 1,000 updates from the bundled vocoder, and the bundled
#      vocoder itself scored on the same dev files (one update at learning rate 0);
#   4. voices packed and judged by bench/tts.py (yuyin's recognizer and PocketSphinx, 50 test
#      sentences never used in training).
# Seeds fixed (synthesis plans, training loops: seed 0). Needs `pip install -e .[synth,judge]` and
# Debian's festival + festvox-us-slt-hts. About 25 min on 2 CPU cores.
#   recipes/tts_adapt/run.sh [WORK]          (default WORK: work/tts-adapt)
#   ADAPT_MINUTES=2 recipes/tts_adapt/run.sh work/tts-adapt-2min   # 2 min of paired speech
#   ADAPT_MINUTES=1 ADAPT_DEV_MINUTES=1 ADAPT_STEPS=4 ADAPT_VOCODER_STEPS=2 ADAPT_LIMIT=2 \
#     ADAPT_JUDGES=yuyin recipes/tts_adapt/run.sh work/adapt-smoke  # a smoke run of a minute
set -euo pipefail
W=${1:-work/tts-adapt}
MINUTES=${ADAPT_MINUTES:-10}
STEPS=${ADAPT_STEPS:-1500}
VOCODER_STEPS=${ADAPT_VOCODER_STEPS:-1000}
LIMIT=${ADAPT_LIMIT:-50}
JUDGES=${ADAPT_JUDGES:-yuyin,pocketsphinx}
EVERY=$(( STEPS < 500 ? STEPS : 500 ))
VOCODER_EVERY=$(( VOCODER_STEPS < 500 ? VOCODER_STEPS : 500 ))
HOURS=$(awk "BEGIN { print int($MINUTES / 60 * 100 + 0.999) / 100 }")  # 10 min: 0.17 h
DEV_MINUTES=${ADAPT_DEV_MINUTES:-6}
DEV_HOURS=$(awk "BEGIN { print int($DEV_MINUTES / 60 * 100 + 0.999) / 100 }")  # 6 min: 0.1 h
C=$W/corpora
R=$W/runs
YUYIN=${YUYIN:-yuyin}
PYTHON=${PYTHON:-python}
TTS=configs/tts/tiny.yaml
mkdir -p "$C" "$R"

echo "== 1/4 corpora: Festival slt, $MINUTES min train, $DEV_MINUTES min dev"
$YUYIN data synth --voices festival-slt --steady --hours "$HOURS" --seed 0 -o "$C/slt-train"
$YUYIN data synth --voices festival-slt --steady --split dev --hours "$DEV_HOURS" --seed 1 \
  -o "$C/slt-dev"
TRAIN=$C/slt-train/manifest.jsonl
DEV=$C/slt-dev/manifest.jsonl

run() {  # run NAME CMD...: skip when NAME/model exists, else start or resume
  local out=$R/$1; shift
  if [ -d "$out/model" ]; then echo "done: $out"; return; fi
  local resume=(); [ -d "$out" ] && resume=(--resume)
  "$@" --out "$out" "${resume[@]}"
}

echo "== 2/4 acoustic model: from the bundled voice vs from scratch ($STEPS updates each)"
FIT=(--set train.loop.max_steps="$STEPS" --set train.loop.eval_every="$EVERY")
run tts-init $YUYIN --threads 2 tts train --data "$TRAIN" --dev "$DEV" --init bundled \
  --config $TTS "${FIT[@]}"
run tts-scratch $YUYIN --threads 2 tts train --data "$TRAIN" --dev "$DEV" --config $TTS \
  "${FIT[@]}"

echo "== 3/4 vocoder: the bundled one on slt's dev audio, then adapted to slt's audio"
VOC=(--data "$TRAIN" --dev "$DEV" --init bundled --config configs/vocoder/tiny.yaml --threads 2)
run vocoder-bundled $YUYIN vocoder train "${VOC[@]}" --set loop.max_steps=1 \
  --set loop.eval_every=1 --set loop.lr=0
run vocoder-init $YUYIN vocoder train "${VOC[@]}" --set loop.max_steps="$VOCODER_STEPS" \
  --set loop.eval_every="$VOCODER_EVERY"

echo "== 4/4 voices, judged on $LIMIT test sentences"
$YUYIN tts pack "$R/tts-init/model" --vocoder "$R/vocoder-init/model" -o "$W/voices/slt-init"
$YUYIN tts pack "$R/tts-init/model" --vocoder bundled -o "$W/voices/slt-init-joe-vocoder"
$YUYIN tts pack "$R/tts-scratch/model" --vocoder "$R/vocoder-init/model" -o "$W/voices/slt-scratch"
$PYTHON bench/tts.py --systems festival,yuyin --reference festival --judges "$JUDGES" \
  --limit "$LIMIT" \
  --voice "$W/voices/slt-init" --voice "$W/voices/slt-init-joe-vocoder" \
  --voice "$W/voices/slt-scratch" --out "$W/judged.json" --md "$W/judged.md" > /dev/null

for run in tts-init tts-scratch vocoder-bundled vocoder-init; do
  echo "-- $run (eval.csv)"; cat "$R/$run/eval.csv"
done
cat "$W/judged.md"
