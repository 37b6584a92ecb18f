#!/bin/bash
# Which word LM for a domain: the domain's own (lm arpa --text), the built-in general one
# (prompts), or both pooled (lm arpa --text ... --corpus public --text-weight N)? Decodes the
# weather sets of run.sh (run it first) and synthetic dev (general speech) with each, bundled
# recognizer, beam 8, the default unknown-word costs. About 10 minutes on 2 cores.
# Results: bench/results/asr-lm-mix.json.
set -e
cd "$(dirname "$0")/../.."
W=${1:-work/unknown-words}
for n in 1 10 100; do
  [ -f $W/pooled-$n.arpa ] || .venv/bin/yuyin --threads 1 lm arpa --text $W/train.txt \
    --corpus public --text-weight $n -o $W/pooled-$n.arpa
done
sets=(); for lm in domain prompts pooled-1 pooled-10 pooled-100; do
  spec=$W/$lm.arpa; [ $lm = prompts ] && spec=prompts
  sets+=(--test "weather-seen/$lm=$W/test-seen/manifest.jsonl:$spec")
  sets+=(--test "weather-unseen/$lm=$W/test-unseen/manifest.jsonl:$spec")
  sets+=(--test "synth-dev/$lm=work/corpora/synth-dev/manifest.jsonl:$spec")
done
.venv/bin/python bench/asr_unknown_words/measure.py --values -0.5 "${sets[@]}" \
  --out bench/results/asr-lm-mix.json --command "bash bench/asr_unknown_words/mix.sh"
