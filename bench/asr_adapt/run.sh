#!/usr/bin/env bash
# Adapting the shipped recognizer to a domain: how much of it is learned, and how much general
# speech is forgotten, at three learning rates (300 updates of configs/finetune/tiny.yaml with
# --pretrained bundled-asr; configs/finetune/adapt.yaml is the 1e-4 one).
# Domain: the weather reports of bench/asr_unknown_words (13.5 min of its 125 training sentences,
# 8 eSpeak NG voices and Piper's joe; split by sentence into train and dev); held out: its 35
# test sentences in training voices and in unseen flite voices. General speech: synthetic dev
# (recipes/low_resource/prepare.sh), its first 40 utterances watched during training (--dev),
# the other 136 for the test. Greedy WER. About 30 minutes on 2 cores.
# Results: bench/results/asr-adapt.json (python bench/asr_adapt/summary.py).
set -e
cd "$(dirname "$0")/../.."
A=${1:-work/adapt}
W=work/unknown-words
Y=".venv/bin/yuyin --threads 2"
mkdir -p $A
.venv/bin/python bench/asr_unknown_words/sentences.py $W
[ -s $W/train/manifest.jsonl ] || $Y data synth --text $W/train.txt --voices espeak:8,piper:1 --hours 0.25 --seed 0 -o $W/train
[ -s $W/test-seen/manifest.jsonl ] || $Y data synth --text $W/test.txt --voices espeak:8 --hours 0.05 --seed 2 -o $W/test-seen
[ -s $W/test-unseen/manifest.jsonl ] || $Y data synth --text $W/test.txt --eval-voices --hours 0.05 --seed 3 -o $W/test-unseen
[ -s $W/sets/dev.jsonl ] || $Y data split $W/train/manifest.jsonl --dev 0.12 --test 0 --by-text -o $W/sets
head -40 work/corpora/synth-dev/manifest.jsonl > $A/general-watch.jsonl
tail -n +41 work/corpora/synth-dev/manifest.jsonl > $A/general-test.jsonl
models="--model bundled"
for lr in 1.0e-3 3.0e-4 1.0e-4; do
  out=$A/w-lr$(echo $lr | sed 's/\.0//')
  [ -f $out/model/config.json ] || $Y finetune --pretrained bundled-asr --train $W/sets/train.jsonl \
    --dev $W/sets/dev.jsonl --dev $A/general-watch.jsonl --config configs/finetune/tiny.yaml \
    --set loop.max_steps=300 --set loop.eval_every=50 --set loop.ckpt_every=100 --set loop.lr=$lr \
    --out $out > $out.log 2>&1
  models="$models --model $out/model --model $out/model-best"
done
$Y eval $models $W/test-seen/manifest.jsonl $W/test-unseen/manifest.jsonl $A/general-test.jsonl \
  --json > $A/eval.jsonl
.venv/bin/python bench/asr_adapt/summary.py $A
