#!/usr/bin/env bash
# Build every corpus the low-resource ASR experiment (run.py) reads, under work/corpora and
# work/testsets. Offline except apt/PyPI; each step resumes or is skipped when its output exists.
#
#   bash recipes/low_resource/prepare.sh            # after `make install`
#   WORKERS=1 bash recipes/low_resource/prepare.sh  # leave a core free
#
# Labeled (training voices):   synth-train 1 h (the budgets are drawn from it), synth-dev 0.2 h
#                              (LM weight tuning), synth-test 0.1 h (held-out sentences)
# Evaluation only:             unseen 0.1 h (flite voices no training corpus has), the human
#                              PocketSphinx + MFA recordings (`make testsets`)
# Unlabeled (pretraining):     joe-train 1.5 h (Piper joe), debian.jsonl (~4.2 h of human speech
#                              from Debian packages, transcripts unknown), diverse-unlab 6 h
#                              (115 eSpeak NG + Festival voices, train-split prompts; its text is
#                              never used)
set -euo pipefail
cd "$(dirname "$0")/../.."
Y=${YUYIN:-.venv/bin/yuyin}
W=${WORKERS:-2}
C=work/corpora
mkdir -p "$C"

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || true
    apt-get install -y -qq --no-install-recommends festival festvox-kallpc16k festvox-kdlpc16k \
        festvox-us-slt-hts flite tuxpaint-stamps-default ktuberling-data klettres-data >/dev/null \
        || echo "warning: apt-get failed: Festival/flite voices or the Debian speech may be missing" >&2
fi

"$Y" data synth --hours 1 --workers "$W" -o "$C/synth-train"
"$Y" data synth --split dev --hours 0.2 --workers "$W" -o "$C/synth-dev"
"$Y" data synth --split test --hours 0.1 --seed 1 --workers "$W" -o "$C/synth-test"
"$Y" data synth --eval-voices --hours 0.1 --workers "$W" -o "$C/unseen"
"$Y" data synth --voices piper:1 --steady --hours 1.5 --seed 0 --workers "$W" -o "$C/joe-train"
"$Y" data synth --hours 6 --voices espeak,festival --seed 1 --workers "$W" -o "$C/diverse-unlab"
[ -s "$C/debian.jsonl" ] || "$Y" data import debian-speech -o "$C/debian.jsonl"
[ -s work/testsets/mfa.jsonl ] || make testsets
for m in "$C"/*/manifest.jsonl "$C/debian.jsonl" work/testsets/*.jsonl; do
    echo "$m: $(wc -l <"$m") utterances"
done
