#!/usr/bin/env bash
# Pretrain the tiny-conformer HuBERT encoder on one GPU within a fixed time budget.
#
# Runs on a machine that has PyTorch with CUDA but maybe not yuyin's audio libraries, from a copy of
# this repository that carries (ignored by git, named in the call's carry list):
#   .whl/         soundfile, cffi and soxr wheels for that machine's Python (when it lacks them)
#   .carry/unlab  the unlabeled corpus packed by recipes/gpu_pretrain/pack.py
#
#   BUDGET=400 OUT=/tmp/out bash recipes/gpu_pretrain/device.sh
#
# Steps: install the wheels into /tmp/site, decode the corpus to WAV (unpack.py), time 80 updates
# to learn this machine's update rate, then pretrain for as many updates as fit in BUDGET seconds
# (so the cosine schedule ends on time), and copy the encoder and the run's logs to $OUT.
# Settings: the CPU runs' (configs/pretrain/tiny.yaml, tiny-conformer, VTLP student) with 4x the
# batch (320 s of audio), twice the peak rate and 10 loader workers. On an H200 (2026-12-04):
# 86 ms per update when timed, 4,600 updates in 332 s of training, 492 s for the whole script.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUDGET=${BUDGET:-400}
PACKED=${PACKED:-.carry/unlab}
OUT=${OUT:-/tmp/out}
RUN=${RUN:-/tmp/run}
BATCH=${BATCH:-320}
LR=${LR:-2e-3}
WORKERS=${WORKERS:-10}
CAL=${CAL:-80}  # updates timed to learn the update rate
mkdir -p "$OUT"
t0=$(date +%s)
stamp() { echo "[$(($(date +%s) - t0)) s] $*"; }

if ! python3 -c "import soundfile, soxr" 2>/dev/null; then
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
        --target /tmp/site .whl/*.whl
    export PYTHONPATH=/tmp/site
fi
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else '')"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
stamp "wheels ready"

python3 recipes/gpu_pretrain/unpack.py "$PACKED" /tmp/unlab --workers "$(nproc)"
DATA=()
for m in /tmp/unlab/*.jsonl; do DATA+=(--data "$m"); done
stamp "corpus decoded"

COMMON=(--objective hubert "${DATA[@]}" --config configs/pretrain/tiny.yaml --set encoder.size=tiny-conformer
    --set hubert.student_warp=0.15 --set data.max_batch_seconds="$BATCH" --set loop.lr="$LR"
    --set loop.num_workers="$WORKERS" --set loop.progress=false --set loop.log_every=10)
python3 -m yuyin pretrain "${COMMON[@]}" --set loop.max_steps="$CAL" --set loop.warmup_steps="$CAL" \
    --set loop.ckpt_every=1000 --out /tmp/calibrate
STEPS=$(python3 - "$BUDGET" "$CAL" <<'EOF'
import csv, sys
rows = {int(r["step"]): float(r["seconds"]) for r in csv.DictReader(open("/tmp/calibrate/log.csv"))}
cal = int(sys.argv[2])
half = max(k for k in rows if k <= cal // 2)
rate = (rows[cal] - rows[half]) / (cal - half)  # seconds per update once warm
steps = int(float(sys.argv[1]) / rate) // 100 * 100
print(max(500, min(steps, 40000)))
print(f"calibration: {rate * 1000:.1f} ms per update -> {steps} updates", file=sys.stderr)
EOF
)
stamp "calibrated: $STEPS updates"

status=0
timeout $((BUDGET + 80)) python3 -m yuyin pretrain "${COMMON[@]}" \
    --set loop.max_steps="$STEPS" --set loop.warmup_steps=$((STEPS / 10)) \
    --set loop.ckpt_every=1000 --set loop.eval_every=1000 --out "$RUN" || status=$?
stamp "pretraining exited with $status"

if [ -f "$RUN/encoder/model.safetensors" ]; then
    cp "$RUN/encoder/config.json" "$RUN/encoder/model.safetensors" "$OUT/"
elif [ -f "$RUN/latest" ]; then  # killed: the last checkpoint's weights (holds the encoder)
    cp "$RUN/$(cat "$RUN/latest")/model.safetensors" "$OUT/"
fi
cp "$RUN/settings.json" "$RUN/log.csv" "$OUT/" || true
cp "$RUN/health.jsonl" "$OUT/" 2>/dev/null || true
stamp "done"
