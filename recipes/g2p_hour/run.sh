#!/usr/bin/env bash
# The best G2P that trains within one hour on a 2-core CPU, through the CLI (needs
# yuyin[fst,trees]):
#   core 0: the joint-sequence model (~3 min), then a left-to-right neural G2P (~40 min)
#   core 1: a right-to-left neural G2P (~40 min)
#   then:   the reranker and its trees fitted on the dev words' candidate lists (~4 min), and
#           the test split scored by bench/g2p_combine.py (~15 min, not training).
# Each neural model is pretrained on spellings, fine-tuned 5,500 updates and averaged over its
# last 3 checkpoints when dev says so. bench/results/g2p-rerank-hour.json measured the same
# schedule (run through bench/g2p.py + bench/g2p_average.py): 25.7% WER / 21.5% without stress;
# this script at full size before the reranker's trees (bench/results/g2p-hour-recipe.json): 49
# min of training wall time on 2 cores, 25.6% / 21.5%; with them
# (bench/results/g2p-hour-recipe-trees.json, the same training on a slower machine: 84 min)
# 25.4% / 21.3%.
#
#   recipes/g2p_hour/run.sh OUT [KEY=VALUE ...]   # extra --set overrides for both neural models
#   G2P_STEPS=30 G2P_PRETRAIN_STEPS=20 G2P_LIMIT=300 recipes/g2p_hour/run.sh work/g2p-smoke
#                                                  # a smoke run of a few minutes
#
# Killed? Run the same command again: a finished joint-sequence model is kept, each neural model
# resumes from its latest checkpoint (yuyin g2p train --resume: the same updates as a run that
# was never stopped), the reranker is fitted again.
set -euo pipefail
OUT=${1:?usage: recipes/g2p_hour/run.sh OUT [KEY=VALUE ...]}
shift
YUYIN=${YUYIN:-yuyin}
PYTHON=${PYTHON:-python}
STEPS=${G2P_STEPS:-5500}
PRETRAIN_STEPS=${G2P_PRETRAIN_STEPS:-2000}
WARMUP=$(( STEPS < 3000 ? STEPS / 10 : 300 ))
EVERY=$(( STEPS < 500 ? STEPS : 500 ))
LIMIT=()
if [ -n "${G2P_LIMIT:-}" ]; then LIMIT=(--limit "$G2P_LIMIT" --dev-limit "$G2P_LIMIT"); fi
EXTRA=()
for kv in "$@"; do EXTRA+=(--set "$kv"); done
mkdir -p "$OUT"
export OMP_NUM_THREADS=1

neural() {  # neural NAME SEED [--set model.right_to_left=true]
  local name=$1 seed=$2
  shift 2
  $YUYIN g2p train --out "$OUT/$name" --config configs/g2p/tiny.yaml --threads 1 --resume \
    --set pretrain.loop.seed="$seed" --set finetune.loop.seed="$seed" \
    --set pretrain.loop.max_steps="$PRETRAIN_STEPS" \
    --set finetune.loop.max_steps="$STEPS" --set finetune.loop.warmup_steps="$WARMUP" \
    --set finetune.loop.eval_every="$STEPS" --set finetune.loop.ckpt_every="$EVERY" \
    --set finetune.loop.keep_checkpoints=3 --set finetune.average_last=3 \
    ${EXTRA[@]+"${EXTRA[@]}"} "$@"
}

start=$(date +%s)
echo "== core 0: joint-sequence model, then the left-to-right G2P; core 1: the right-to-left G2P"
(
  if [ ! -s "$OUT/fst/model.fst" ]; then  # written whole or not at all
    $YUYIN g2p train-fst --out "$OUT/fst" --threads 1 ${LIMIT[@]+"${LIMIT[@]}"} > "$OUT/fst.log" 2>&1
  fi
  neural l2r 1 >> "$OUT/l2r.log" 2>&1
) &
core0=$!
neural r2l 2 --set model.right_to_left=true >> "$OUT/r2l.log" 2>&1 &
core1=$!
status=0
wait "$core0" || status=$?
wait "$core1" || status=$?
if [ "$status" != 0 ]; then
  echo "a training failed (exit $status): see $OUT/fst.log, $OUT/l2r.log, $OUT/r2l.log" >&2
  exit "$status"
fi
tail -n 1 "$OUT/l2r.log" "$OUT/r2l.log"

echo "== the reranker and its trees, fitted on the dev words' lists (beam 8, 16-best)"
$YUYIN g2p train-fst --out "$OUT/fst" --retune --model "$OUT/l2r/model" \
  --reverse "$OUT/r2l/model" --rerank --trees --beam 8 --nbest 16 --threads 2 \
  ${G2P_LIMIT:+--dev-limit "$G2P_LIMIT"}
echo "training minutes (wall, both cores): $(( ($(date +%s) - start) / 60 ))"

echo "== the test split, every system (bench/g2p_combine.py)"
$PYTHON bench/g2p_combine.py --fst "$OUT/fst" --model "$OUT/l2r/model" --threads 2 \
  ${G2P_LIMIT:+--limit "$G2P_LIMIT"} --out "$OUT/combined.json" > /dev/null
$PYTHON - "$OUT/combined.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
for name, r in results.items():
    print(f"{name:15s} WER {r['wer']:5.1f}%  without stress {r['wer_no_stress']:5.1f}%  ({r['words']} words)")
PY
echo "use it: yuyin g2p --fst $OUT/fst --model $OUT/l2r/model WORD..."
