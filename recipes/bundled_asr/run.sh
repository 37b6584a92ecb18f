#!/usr/bin/env bash
# How the bundled recognizer (src/yuyin/assets/models/asr) was made, version 5 (2026-12-05):
#   version 3: the HuBERT encoder pretrained on a GPU (recipes/gpu_pretrain; shipped as
#     src/yuyin/assets/models/encoder) fine-tuned with CTC, 4,500 updates on 4.5 h of synthetic
#     speech in training voices only: Piper joe 1.5 h + the 12-voice synth-train 1 h + 2 h of
#     115 eSpeak NG / Festival voices (65 min on two threads);
#   version 4: version 3 fine-tuned 3,000 more updates (lr 5e-4) on 8.5 h: the same plus the
#     other 4 h of the 115-voice corpus (69 min, 4,132 s, on one thread beside other work);
#   version 5: version 4 (float32) fine-tuned 2,000 more updates (lr 3e-4) on the same 8.5 h
#     (29 min, 1,712 s, on two threads).
# Each version was chosen over the one before by WER on synth-dev (version 2, trained from
# scratch: git show 31e56c0:recipes/bundled_asr/run.sh).
#
#   bash recipes/bundled_asr/run.sh        # after `make install`; corpora under work/corpora
set -euo pipefail
cd "$(dirname "$0")/../.."
Y=${YUYIN:-.venv/bin/yuyin}
PY=${PYTHON:-.venv/bin/python}
C=work/corpora
export OMP_NUM_THREADS=1

# the corpora (each step resumes or is skipped when done; the same commands as prepare.sh)
"$Y" data synth --hours 1 --workers 1 -o "$C/synth-train"
"$Y" data synth --split dev --hours 0.2 --workers 1 -o "$C/synth-dev"
"$Y" data synth --voices piper:1 --steady --hours 1.5 --seed 0 --workers 1 -o "$C/joe-train"
"$Y" data synth --hours 6 --voices espeak,festival --seed 1 --workers 1 -o "$C/diverse-unlab"

# 2 h of the 6 h diverse corpus: utterances in a seed-0 shuffle until 2 h (the exact selection
# the shipped model saw), after joe-train and synth-train in one manifest
"$PY" - <<'PY'
import json, random
rows = [json.loads(line) for line in open("work/corpora/diverse-unlab/manifest.jsonl")]
random.Random(0).shuffle(rows)
picked, total = [], 0.0
for row in rows:
    if total >= 2 * 3600:
        break
    picked.append(row)
    total += row["duration"]
with open("work/corpora/asr-train-v2.jsonl", "w") as out:
    for name in ("joe-train", "synth-train"):
        for line in open(f"work/corpora/{name}/manifest.jsonl"):
            out.write(line if line.endswith("\n") else line + "\n")
    for row in picked:
        out.write(json.dumps(row) + "\n")
PY

# fine-tune the HuBERT encoder pretrained on a GPU (recipes/gpu_pretrain, 4,600 updates on
# 12.7 h): the shipped run used its float32 weights (ENCODER=work/runs/hubert-gpu/encoder, from
# device.sh's $OUT); 'bundled' is its float16 copy, which fine-tunes within seed noise of it
# (bench/results/asr-gpu-pretraining{,-seed1}: hubert-gpu vs hubert-gpu-fp16)
OMP_NUM_THREADS=2 "$Y" finetune --pretrained "${ENCODER:-bundled}" \
    --train "$C/asr-train-v2.jsonl" --dev "$C/synth-dev/manifest.jsonl" \
    --config configs/finetune/tiny.yaml --set loop.max_steps=4500 --set loop.eval_every=500 \
    --set loop.ckpt_every=250 --set loop.progress=false --set loop.num_workers=1 \
    --set loop.tensorboard=false --out work/v3-gpu --resume

# version 4: version 3 on the whole 6 h diverse corpus as well (8.5 h in all). The shipped run
# continued from version 3 as shipped (float16; VERSION3=src/yuyin/assets/models/asr at commit
# 9a99dda); work/v3-gpu/model is its float32 original, from the step above.
cat "$C/joe-train/manifest.jsonl" "$C/synth-train/manifest.jsonl" \
    "$C/diverse-unlab/manifest.jsonl" >"$C/asr-train-v4.jsonl"
OMP_NUM_THREADS=1 "$Y" finetune --pretrained "${VERSION3:-work/v3-gpu/model}" \
    --train "$C/asr-train-v4.jsonl" --dev "$C/synth-dev/manifest.jsonl" \
    --config configs/finetune/tiny.yaml --set loop.max_steps=3000 --set loop.lr=5.0e-4 \
    --set loop.warmup_steps=200 --set model.freeze_encoder_steps=0 --set loop.eval_every=500 \
    --set loop.ckpt_every=250 --set loop.progress=false --set loop.num_workers=1 \
    --set loop.tensorboard=false --out work/v4 --resume

# version 5: version 4 fine-tuned further on the same data
OMP_NUM_THREADS=2 "$Y" finetune --pretrained work/v4/model \
    --train "$C/asr-train-v4.jsonl" --dev "$C/synth-dev/manifest.jsonl" \
    --config configs/finetune/tiny.yaml --set loop.max_steps=2000 --set loop.lr=3.0e-4 \
    --set loop.warmup_steps=100 --set model.freeze_encoder_steps=0 --set loop.eval_every=500 \
    --set loop.ckpt_every=250 --set loop.progress=false --set loop.num_workers=1 \
    --set loop.tensorboard=false --out work/v5 --resume

# score at float32 and float16 on dev and the test sets (synth-test, unseen and the human sets
# come from recipes/low_resource/prepare.sh), then ship at float16 (the shipped run wrote
# --ship work/ship-v5 --out work/bench-v5.json and copied both into place; its config's
# meta.pretrained was then set to say which version it continued)
"$PY" bench/asr_bundled.py --model work/v5/model --dtypes float32,float16 \
    --test synth-dev=$C/synth-dev/manifest.jsonl --test held-out=$C/synth-test/manifest.jsonl \
    --test unseen-voices=$C/unseen/manifest.jsonl \
    --test human-pocketsphinx=work/testsets/pocketsphinx.jsonl \
    --test human-mfa=work/testsets/mfa.jsonl \
    --ship src/yuyin/assets/models/asr --ship-dtype float16 --out bench/results/asr-bundled.json
