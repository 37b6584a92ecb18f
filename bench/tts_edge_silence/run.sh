#!/bin/bash
# TTS from recordings with silence around each sentence (0.8 s of -60 dBFS room noise before
# and after each Festival slt clip of recipes/tts_adapt): adapt the bundled voice with the edge
# trimming of TTS training (default) and without it (train.trim_db=0), 1500 updates each as
# recipes/tts_adapt does; pack each with the slt-adapted vocoder; measure what they say.
# Needs recipes/tts_adapt/run.sh work/tts-adapt first (corpora and vocoder). About 25 minutes
# on 2 cores. Results: bench/results/tts-edge-silence.json.
set -e
cd "$(dirname "$0")/../.."
HERE=bench/tts_edge_silence
W=work/trim
Y=".venv/bin/yuyin --threads 2"
for split in train dev; do
  [ -f $W/slt-$split-padded/manifest.jsonl ] || .venv/bin/python $HERE/pad.py \
    work/tts-adapt/corpora/slt-$split/manifest.jsonl $W/slt-$split-padded 0.8 0.8
done
T=$W/slt-train-padded/manifest.jsonl
D=$W/slt-dev-padded/manifest.jsonl
FIT=(--set train.loop.max_steps=1500 --set train.loop.eval_every=500)
for name in trim keep; do
  extra=(); [ $name = keep ] && extra=(--set train.trim_db=0)
  out=$W/runs/$name
  [ -d $out/model ] || $Y tts train --data $T --dev $D --init bundled \
    --config configs/tts/tiny.yaml "${FIT[@]}" "${extra[@]}" --out $out $([ -d $out ] && echo --resume)
  $Y tts pack $out/model --vocoder work/tts-adapt/runs/vocoder-init/model -o $W/voices/$name
done
.venv/bin/python $HERE/measure.py work/tts-adapt/voices/slt-init $W/voices/trim $W/voices/keep
