#!/usr/bin/env bash
# The embedded default (`make demo`): a few minutes of multi-voice synthetic speech, built offline,
# then self-supervised pretraining of a tiny encoder on the audio alone (no transcripts), with
# health monitors and a linear probe on held-out labeled speech; a miniature of the low-resource
# experiment (2 minutes of labels, CTC fine-tuning from scratch, from that encoder, and from the
# encoder shipped with yuyin, scored on the dev set); a transcription with the bundled
# recognizer; and a sentence spoken by the bundled voice.
# A minute of pretraining on three minutes of audio shows the mechanics (loss, probe, health),
# not the gain: that takes hours of unlabeled audio, which the shipped encoder had (12.7 h).
# Finishes in 6 to 9 minutes on 2 CPU cores: 8 min 19 s on a slow machine, where 300 pretraining
# and 600 fine-tuning updates had taken 11 min 4 s (the goal is under 10 minutes).
set -euo pipefail
OUT=${1:-work/demo}
YUYIN=${YUYIN:-yuyin}
mkdir -p "$OUT"

echo "== 1/7 synthesize a small training corpus (several voices, train-split prompts)"
$YUYIN data synth --hours 0.05 --voices espeak:6,piper:1 --seed 0 -o "$OUT/train"
echo "== 2/7 synthesize a small labeled dev set (dev-split prompts) for the probe"
$YUYIN data synth --hours 0.01 --split dev --voices espeak:6,piper:1 --seed 1 -o "$OUT/dev"
$YUYIN data info "$OUT/train/manifest.jsonl"

echo "== 3/7 pretrain a tiny encoder on the audio alone (masked reconstruction)"
rm -rf "$OUT/pretrain"  # the demo starts this run afresh; synthesis above resumes
$YUYIN pretrain --objective reconstruct --data "$OUT/train/manifest.jsonl" \
  --config configs/pretrain/tiny.yaml --probe "$OUT/dev/manifest.jsonl" --out "$OUT/pretrain" \
  --set loop.max_steps=240 --set loop.warmup_steps=30 --set loop.eval_every=120 \
  --set loop.ckpt_every=120 --set data.max_batch_seconds=40 --set monitor.probe_steps=100

echo "== 4/7 what the run measured"
python - "$OUT/pretrain" <<'PY'
import csv, json, sys
from pathlib import Path
run = Path(sys.argv[1])
rows = list(csv.DictReader((run / "log.csv").open()))
first, last = rows[0], rows[-1]
print(f"loss: step {first['step']} {float(first['loss']):.3f} -> step {last['step']} {float(last['loss']):.3f}")
evals = list(csv.DictReader((run / "eval.csv").open())) if (run / "eval.csv").exists() else []
for row in evals:
    print(f"probe at step {row['step']}: best-layer CER {float(row['probe_cer_best']):.3f}")
health = [json.loads(l) for l in (run / "health.jsonl").read_text().splitlines()]
warnings = [w for h in health for w in h["warnings"]]
print(f"health warnings: {len(warnings)}" + "".join(f"\n  - {w}" for w in warnings))
print(f"pretrained encoder: {run / 'encoder'}  (load it with yuyin.load)")
PY

echo "== 5/7 2 minutes of labels: fine-tune from scratch, from that encoder, from the shipped one"
rm -rf "$OUT/lowres"
python recipes/low_resource/run.py --train "$OUT/train/manifest.jsonl" \
  --pretrained reconstruct="$OUT/pretrain" --pretrained shipped=bundled --budgets 2 \
  --test dev="$OUT/dev/manifest.jsonl" --greedy-only --set loop.max_steps=450 \
  --set loop.warmup_steps=50 --set loop.eval_every=450 --set loop.ckpt_every=450 \
  --set data.max_batch_seconds=20 --set loop.progress=false --out "$OUT/lowres"

echo "== 6/7 transcribe a shipped clip with the bundled recognizer (word times from forced alignment)"
CLIP=$(python -c "import yuyin, pathlib; print(pathlib.Path(yuyin.__file__).parent / 'assets/audio/golden.wav')")
$YUYIN transcribe --json "$CLIP"

echo "== 7/7 speak a sentence with the bundled voice"
$YUYIN say "Hello from yuyin. This voice was trained on a single computer, offline." \
  -o "$OUT/hello.wav"
echo "the spoken sentence is in $OUT/hello.wav"
