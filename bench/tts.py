"""Speech synthesis quality and speed: intelligibility by recognizer judges, MCD, real-time factor.

Prints one JSON object (``--out FILE`` also writes it; ``--md FILE`` writes a markdown table).
Every number is measured on this machine in this run; nothing is assumed.

**Sentences.** The shipped prompts' test split (``load_prompts("test")``: Austen and KJV
sentences hashed out of training, never used to train a voice) in a fixed order, a permutation
by ``numpy.random.default_rng(seed)``; the first ``--limit`` (default 50) are said by every
system, as written (the systems do their own text normalization).

**Systems.** Anchors through :mod:`yuyin.data.engines` with the engines' default settings (rate
1, pitch 1, variation 0.5): Piper joe (``piper-joe``, the reference voice: the bundled voice is
trained on it), eSpeak NG (``espeak-en-us+m1``), Festival slt HTS (``festival-slt``, when
Debian's festival + festvox-us-slt-hts are installed). yuyin voices through
``yuyin.synthesize(text, voice=...)``: the bundled default and every ``--voice DIR`` (skipped with
a note when ``yuyin.synthesize`` does not exist yet or the voice fails to load).

**Speed**, with the process pinned to one CPU core (``sched_setaffinity``), torch at one
thread and Piper's onnxruntime session at one thread (``PiperEngine``'s default): ``rtf`` =
(model load + synthesis of all sentences) / seconds of audio produced; ``first_sentence_latency``
= load + the first sentence. Load is ``build_engine()`` for anchors
(package import and model load), ``yuyin.voice.Voice.load`` for yuyin voices (the loaded voice
is passed to ``yuyin.synthesize``, which would otherwise reload a folder on every call); a
Festival process loads its voice at start-up, inside its synthesis time (the first sentence is
one process, the rest a second one).

**Intelligibility**: WER/CER of each judge (:mod:`yuyin.eval.tts`) after
``normalize_for_scoring``; a sentence a system failed to say counts as all words deleted. The
main judge is Whisper base when its packages are installed, tiny.en otherwise.

**MCD** (dB, :func:`yuyin.eval.tts.mel_cepstral_distortion`, DTW-aligned, comparable within this
bench only) of each system's sentence against Piper joe's rendering of it (``--reference``: another
anchor's, e.g. ``festival`` for a voice adapted to Festival slt). Piper samples noise, so Piper's
own MCD is a second rendering against the first: the floor any voice can reach.

    python bench/tts.py [--limit 50] [--seed 0] [--systems piper,espeak,festival,yuyin]
                        [--voice DIR ...] [--judges whisper,pocketsphinx,yuyin]
                        [--reference piper|espeak|festival]
                        [--save-audio DIR] [--out FILE] [--md FILE]
"""

from __future__ import annotations

import argparse
import datetime
import os
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import torch
from _env import git_commit, machine_info, publish
from _tts_systems import ANCHORS, SYSTEMS, SystemRun, collect_runs

from yuyin.audio import SAMPLE_RATE, save_audio
from yuyin.data.engines import SynthesisRequest
from yuyin.data.prompts import load_prompts
from yuyin.eval.tts import (
    JUDGES,
    JudgeUnavailable,
    build_judge,
    judge_available,
    mel_cepstral_distortion,
    score_transcripts,
)

PROMPT_SPLIT = "test"
DEFAULT_LIMIT = 50
REFERENCE = "piper"  # its voice is what the bundled yuyin voice is trained on
DEFAULT_JUDGES = ("whisper", "pocketsphinx", "yuyin")  # "whisper": base if installed, else tiny


def pick_sentences(limit: int, seed: int) -> list[str]:
    """The first ``limit`` test-split prompts in the order of a seeded permutation."""
    prompts = load_prompts(PROMPT_SPLIT)
    order = np.random.default_rng(seed).permutation(len(prompts))
    return [prompts[i] for i in order[:limit]]


def mcd_scores(run: SystemRun, reference: list[np.ndarray | None]) -> list[float | None]:
    """MCD (dB) of each of ``run``'s sentences against the reference rendering (None: missing)."""
    return [
        None if ref is None or syn is None else round(mel_cepstral_distortion(ref, syn), 3)
        for ref, syn in zip(reference, run.waves, strict=True)
    ]


def resolve_judges(names: list[str]) -> tuple[list[str], dict[str, str]]:
    """Judge names to load and those skipped (with why); ``whisper`` is base, else tiny.en."""
    chosen, skipped = [], {}
    for name in names:
        if name == "whisper":
            name = next(
                (w for w in ("whisper-base", "whisper-tiny.en") if judge_available(w)),
                "whisper-base",
            )
        if name not in JUDGES:
            raise SystemExit(f"unknown judge {name!r}; judges: whisper, {', '.join(JUDGES)}")
        if judge_available(name):
            chosen.append(name)
        else:
            skipped[name] = "not installed: pip install 'yuyin[judge]'"
    return chosen, skipped


def judge_systems(name: str, runs: list[SystemRun], sentences: list[str], threads: int) -> dict:
    """Load one judge and transcribe every system's sentences with it."""
    start = time.perf_counter()
    judge = build_judge(name, threads)
    load = time.perf_counter() - start
    scores, hypotheses, audio, busy = {}, {}, 0.0, 0.0
    for run in runs:
        print(f"[tts bench] {name} judging {run.name}", file=sys.stderr, flush=True)
        heard = []
        for wave in run.waves:
            if wave is None:
                heard.append("")
                continue
            start = time.perf_counter()
            heard.append(judge.transcribe(wave, SAMPLE_RATE))
            busy += time.perf_counter() - start
            audio += len(wave) / SAMPLE_RATE
        scores[run.name] = score_transcripts(sentences, heard).to_dict()
        hypotheses[run.name] = heard
    speed = {
        "description": judge.description,
        "load_seconds": round(load, 2),
        "rtf": round(busy / audio, 4) if audio else None,
    }
    return {"speed": speed, "scores": scores, "hypotheses": hypotheses}


def reference_mcds(
    runs: list[SystemRun], sentences: list[str], reference: str = REFERENCE
) -> dict[str, list]:
    """Per-sentence MCD of each run against the reference voice's rendering (a fresh second
    rendering for the reference itself). Empty when the reference voice is not among the runs.

    The second rendering comes from the same engine: its noise generator goes on, where a new
    session would start from the same seed and say every sentence exactly as the first time.
    """
    ref = next((r for r in runs if r.name == ANCHORS[reference]), None)
    if ref is None or ref.engine is None:
        return {}
    again = SystemRun(ref.name, ref.kind)
    for result in ref.engine.synthesize_many([SynthesisRequest(s, ref.name) for s in sentences]):
        again.add(result)
    print("[tts bench] mel-cepstral distortion", file=sys.stderr, flush=True)
    return {run.name: mcd_scores(again if run is ref else run, ref.waves) for run in runs}


def _summary(values: list[float | None]) -> dict:
    found = [v for v in values if v is not None]
    if not found:
        return {"mean": None, "median": None, "sentences": 0}
    return {
        "mean": round(float(np.mean(found)), 3),
        "median": round(float(np.median(found)), 3),
        "sentences": len(found),
    }


def system_report(run: SystemRun, mcds: list | None, judged: dict[str, dict]) -> dict:
    """The JSON entry of one system."""
    return {
        "kind": run.kind,
        "sentences": len(run.waves),
        "failures": run.failures,
        "audio_seconds": round(run.audio_seconds, 2),
        "load_seconds": None if run.load_seconds is None else round(run.load_seconds, 3),
        "first_sentence_latency_seconds": round(run.first_seconds, 3),
        "synthesis_seconds_incl_load": round(run.total_seconds, 3),
        "rtf": round(run.total_seconds / run.audio_seconds, 4) if run.audio_seconds else None,
        "mcd_db": None if mcds is None else _summary(mcds) | {"per_sentence": mcds},
        "judges": {name: out["scores"][run.name] for name, out in judged.items()},
        "hypotheses": {name: out["hypotheses"][run.name] for name, out in judged.items()},
    }


def _cell(value: float | None, scale: float = 1.0, digits: int = 2) -> str:
    return "-" if value is None else f"{value * scale:.{digits}f}"


def markdown(report: dict) -> str:
    """The results table with the command, seed, date and machine it was measured with."""
    judges = list(report["judges"])
    lines = [
        "# TTS bench: intelligibility, mel-cepstral distortion, speed",
        "",
        f"- command: `{report['command']}`",
        f"- date: {report['date']}; commit {report['commit']}; seed {report['seed']}",
        f"- sentences: the first {report['sentences']['count']} of the `{PROMPT_SPLIT}` prompts "
        f"in the order of `numpy.random.default_rng({report['seed']}).permutation`",
        f"- machine: {report['machine']['processor']}, {report['machine']['cpus']} CPUs shared "
        f"with other jobs (1-minute load average {report['machine']['load_average_1min_at_start']}"
        f" at the start, {report['machine']['load_average_1min']} at the end); the bench took "
        f"{report['total_seconds']:.0f} s",
        f"- main judge: {report['main_judge']}",
        *(
            f"- judge {n}: {j['description']}; load {j['load_seconds']} s, RTF {j['rtf']}"
            for n, j in report["judges"].items()
        ),
        "",
        "WER / CER in percent by each judge; MCD in dB against "
        f"{report['reference_voice'] or 'nothing (the reference voice was not run)'} (mean over "
        "sentences); RTF and times on one core, load included.",
        "",
        "| system | "
        + " | ".join(f"{j} WER / CER" for j in judges)
        + " | MCD dB | RTF | first sentence s | load s | audio s |",
        "|---|" + "---|" * (len(judges) + 5),
    ]
    for name, system in report["systems"].items():
        scores = [system["judges"][j] for j in judges]
        mcd = system["mcd_db"]["mean"] if system["mcd_db"] else None
        lines.append(
            f"| {name} | "
            + " | ".join(f"{_cell(s['wer'], 100, 1)} / {_cell(s['cer'], 100, 1)}" for s in scores)
            + f" | {_cell(mcd)} | {_cell(system['rtf'], digits=3)}"
            f" | {_cell(system['first_sentence_latency_seconds'])}"
            f" | {_cell(system['load_seconds'])} | {_cell(system['audio_seconds'], digits=1)} |"
        )
    lines += ["", *(f"- {note}" for note in report["notes"])]
    lines += [f"- skipped {name}: {why}" for name, why in report["skipped"].items()]
    return "\n".join(lines) + "\n"


NOTES = (
    "MCD: yuyin's own mel cepstra (c1..c24 from the 80-bin log-mel, DTW-aligned; see "
    "yuyin.eval.tts), not SPTK's mcep: compare within this table, not with papers. Piper's own "
    "MCD is a second rendering (Piper samples noise) against the first: the floor.",
    "RTF = (model load + synthesis of every sentence) / audio seconds, process pinned to one "
    "core, torch and onnxruntime (Piper) at one thread; Festival loads its voice inside each "
    "process (first sentence, then the rest).",
    "A sentence a system failed to say counts as all words deleted.",
    "Piper's renderings differ from run to run (onnxruntime seeds its noise per process), so "
    "its row and the MCDs move a little between runs; eSpeak NG is deterministic.",
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="sentences (>= 1)")
    parser.add_argument("--seed", type=int, default=0, help="order of the test sentences")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="of " + ", ".join(SYSTEMS))
    parser.add_argument("--voice", action="append", default=[], help="a yuyin voice folder")
    parser.add_argument("--judges", default=",".join(DEFAULT_JUDGES), help="whisper = base/tiny")
    parser.add_argument("--save-audio", type=Path, help="also write every sentence's wav here")
    parser.add_argument("--out", type=Path, help="write the JSON here too")
    parser.add_argument("--md", type=Path, help="write the markdown table here")
    parser.add_argument("--threads", type=int, default=1, help="judges' threads (Whisper)")
    parser.add_argument(
        "--reference",
        choices=sorted(ANCHORS),
        default=REFERENCE,
        help="the anchor voice MCD is measured against (run it too: --systems); default piper, "
        "the bundled voice's; festival for a voice adapted to Festival slt",
    )
    args = parser.parse_args(argv)
    args.systems = [s for s in args.systems.split(",") if s]
    if unknown := sorted(set(args.systems) - set(SYSTEMS)):
        parser.error(f"unknown system(s) {unknown}; systems: {', '.join(SYSTEMS)}")
    for voice in args.voice:
        if not Path(voice).is_dir():
            parser.error(f"--voice {voice}: not a folder")
    if args.limit < 1:
        parser.error("--limit must be at least 1")
    return args


def save_waves(runs: list[SystemRun], folder: Path) -> None:
    for run in runs:
        sub = folder / run.name.replace("/", "_").replace(":", "_")
        for i, wave in enumerate(run.waves):
            if wave is not None:
                save_audio(sub / f"{i:03d}.wav", wave)


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    torch.set_num_threads(1)
    sentences = pick_sentences(args.limit, args.seed)
    judge_names, skipped_judges = resolve_judges([j for j in args.judges.split(",") if j])
    started, load_at_start = time.monotonic(), round(os.getloadavg()[0], 2)
    runs, skipped = collect_runs(args.systems, [str(v) for v in args.voice], sentences)
    if args.save_audio:
        save_waves(runs, args.save_audio)
    mcds = reference_mcds(runs, sentences, args.reference)
    judged = {}
    for name in judge_names:
        try:
            judged[name] = judge_systems(name, runs, sentences, args.threads)
        except JudgeUnavailable as exc:
            skipped_judges[name] = str(exc)
    report = {
        "bench": "tts",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "command": shlex.join(["python", "bench/tts.py", *(argv or sys.argv[1:])]),
        "seed": args.seed,
        "sentences": {"split": PROMPT_SPLIT, "count": len(sentences), "texts": sentences},
        "reference_voice": ANCHORS[args.reference] if mcds else None,
        "main_judge": next((j for j in sorted(judged, key=lambda j: "whisper" not in j)), None),
        "judges": {name: out["speed"] for name, out in judged.items()},
        "systems": {run.name: system_report(run, mcds.get(run.name), judged) for run in runs},
        "skipped": skipped | {f"judge {k}": v for k, v in skipped_judges.items()},
        "notes": list(NOTES),
        "machine": machine_info() | {"load_average_1min_at_start": load_at_start},
        "total_seconds": round(time.monotonic() - started, 1),
    }
    publish(report, args.out)
    if args.md:
        args.md.parent.mkdir(parents=True, exist_ok=True)
        args.md.write_text(markdown(report), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
