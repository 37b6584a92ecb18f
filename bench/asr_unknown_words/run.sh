#!/bin/bash
# Unknown words in beam search with a word LM: does a cost per letter of an unknown word stop
# the decoder from gluing words together? A weather-report domain (sentences.py) with its own
# word LM, spoken by training (eSpeak) and unseen (flite) voices, and the shipped test sets with
# the built-in LM; measure.py decodes each with the bundled recognizer, beam 8, for several
# DecodingOptions.unk_letter_offset values, chosen on three dev sets: synthetic dev (built-in
# LM), the weather dev set with its own LM, and with the built-in one (whose vocabulary lacks
# the domain's words). About 12 minutes on 2 cores.
# Results: bench/results/asr-unknown-words.json.
set -e
cd "$(dirname "$0")/../.."
HERE=bench/asr_unknown_words
W=${1:-work/unknown-words}
Y=".venv/bin/yuyin --threads 1"
.venv/bin/python $HERE/sentences.py $W
[ -f $W/domain.arpa ] || $Y lm arpa --text $W/train.txt -o $W/domain.arpa
# tuning: training sentences in training voices; testing: held-out sentences
$Y data synth --text $W/train.txt --voices espeak:8 --hours 0.04 --seed 1 -o $W/dev
$Y data synth --text $W/test.txt --voices espeak:8 --hours 0.05 --seed 2 -o $W/test-seen
$Y data synth --text $W/test.txt --eval-voices --hours 0.05 --seed 3 -o $W/test-unseen
.venv/bin/python $HERE/measure.py \
  --tune synth-dev=work/corpora/synth-dev/manifest.jsonl:prompts \
  --tune weather-dev=$W/dev/manifest.jsonl:$W/domain.arpa \
  --tune weather-dev-general-lm=$W/dev/manifest.jsonl:prompts \
  --test weather-seen=$W/test-seen/manifest.jsonl:$W/domain.arpa \
  --test weather-unseen=$W/test-unseen/manifest.jsonl:$W/domain.arpa \
  --test unseen-voices=work/corpora/unseen/manifest.jsonl:prompts \
  --test human-pocketsphinx=work/testsets/pocketsphinx.jsonl:prompts \
  --test human-mfa=work/testsets/mfa.jsonl:prompts
