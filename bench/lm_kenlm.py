"""Word n-gram LM back ends: yuyin's Python ARPA reader against KenLM, on one ARPA file.

    python bench/lm_kenlm.py [--arpa FILE] [--order 4] [--sentences 2000] [--out FILE]

Without ``--arpa`` the file is estimated from the shipped public corpus' train split
(``yuyin lm arpa --corpus public --order N``, kept in ``work/bench-lm/``). Each back end loads
the file in a fresh process (so its peak memory is its own) and scores the public corpus' test
sentences word by word through the decoders' protocol (``initial_state`` / ``score_word`` /
``final_score``). The JSON gives per back end the load seconds, the process's peak resident
memory above the interpreter's, the words scored per second, and the summed natural-log score,
which must agree (KenLM stores float32).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from _env import ROOT, provenance, publish

DEFAULT_OUT = Path(__file__).parent / "results" / "lm-kenlm.json"
BACKENDS = ("python", "kenlm")


def measure(backend: str, arpa: Path, sentences: int) -> dict:
    """Load ``arpa`` with ``backend`` and score the test sentences (run in a child process)."""
    from yuyin.data.text_corpus import public_corpus
    from yuyin.decode.ngram import KenLM, NGramLM

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    test = public_corpus("test")[:sentences]
    started = time.perf_counter()
    lm = NGramLM.read_arpa(arpa) if backend == "python" else KenLM(arpa)
    loaded = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    words, total, started = 0, 0.0, time.perf_counter()
    for sentence in test:
        state = lm.initial_state()
        for word in sentence.split():
            logp, state = lm.score_word(state, word)
            total += logp
            words += 1
        total += lm.final_score(state)
    scoring = time.perf_counter() - started
    return {
        "backend": backend,
        "load_seconds": round(loaded, 2),
        "peak_rss_mib_over_start": round((peak - base) / 1024, 1),
        "sentences": len(test),
        "words": words,
        "words_per_second": round(words / scoring),
        "sum_ln_prob": round(total, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arpa", type=Path, help="ARPA file (default: estimated, see above)")
    parser.add_argument("--order", type=int, default=4)
    parser.add_argument(
        "--sentences", type=int, default=2000, help="test sentences scored (at most)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--child", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # one back end, in its own process
        print(json.dumps(measure(args.child, args.arpa, args.sentences)))
        return
    started = time.time()
    arpa = args.arpa
    if arpa is None:
        arpa = ROOT / "work" / "bench-lm" / f"public-{args.order}gram.arpa"
        if not arpa.is_file():
            arpa.parent.mkdir(parents=True, exist_ok=True)
            command = [sys.executable, "-m", "yuyin.cli", "lm", "arpa", "--corpus", "public"]
            command += ["--order", str(args.order), "-o", str(arpa)]
            subprocess.run(command, check=True)
    rows = []
    for backend in BACKENDS:
        command = [sys.executable, __file__, "--child", backend, "--arpa", str(arpa)]
        command += ["--sentences", str(args.sentences)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    report = {
        "arpa": str(arpa.resolve().relative_to(ROOT))
        if arpa.resolve().is_relative_to(ROOT)
        else str(arpa),
        "arpa_mb": round(arpa.stat().st_size / 1e6, 1),
        "command": " ".join(sys.argv),
        "backends": rows,
        **provenance(started),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
