"""Low-resource ASR: does pretraining on unlabeled speech pay with 10 min or 1 h of labels?

Stages (each skipped when its output exists, so the recipe resumes):

1. labeled budgets: deterministic subsets (by id hash) of a labeled synthetic manifest;
2. a word 3-gram LM (Kneser-Ney, ARPA) from the shipped prompts' *train* split only
   (``yuyin.decode.ngram.prompts_lm``, the one `yuyin transcribe --lm prompts` uses), or
   ``--lm FILE.arpa`` for your own domain (``yuyin lm arpa --text your_text.txt -o FILE.arpa``);
3. fine-tune every (encoder, budget): ``scratch`` or each pretraining run given with --pretrained;
4. with ``--self-train UNLABELED``: each model transcribes that audio, its confident transcripts
   join its labels and it is fine-tuned again from the same start (rows ``NAME+st``);
5. evaluate every model on every test manifest, greedy and with beam search + LM, and the
   reference recognizer (PocketSphinx 5 with its own en-us models, when installed) on the same
   files with the same scoring;
6. write ``OUT/asr.json`` and ``OUT/asr.md`` (also into ``--publish DIR``, e.g. bench/results).

    python recipes/low_resource/run.py --train work/corpora/synth-train/manifest.jsonl \
        --pretrained hubert=work/runs/hubert-tiny --budgets 10 60 \
        --test held-out=work/corpora/synth-test/manifest.jsonl --test unseen=... --out work/lowres

Human evaluation sets are for evaluation only: never pass them as --train, nor their audio as
--self-train (the recipe refuses test audio there).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import time
from pathlib import Path

import torch
from checks import check_inputs, scratch_encoder  # recipes/low_resource/checks.py
from records import budget_manifest, file_digest, keep_to, pretraining_summary  # records.py
from report import REFERENCE, markdown  # recipes/low_resource/report.py
from selftrain import pseudo_label_quality, self_training_manifest  # selftrain.py

from yuyin.audio import SAMPLE_RATE, load_audio
from yuyin.cli._settings import training_errors
from yuyin.cli._signals import sigterm_as_interrupt, worker_terminated
from yuyin.config import (
    SHIPPED_CONFIGS,
    ConfigError,
    apply_overrides,
    load_yaml,
    shipped_config,
)
from yuyin.data.manifest import read_manifest
from yuyin.decode.ctc import DecodingOptions
from yuyin.decode.ngram import PROMPTS_LM, ArpaError, NGramLM, prompts_lm
from yuyin.eval.asr import evaluate_decoders
from yuyin.eval.cost import model_cost
from yuyin.eval.tts import JudgeUnavailable, build_judge, judge_available, score_transcripts
from yuyin.paths import write_text_atomic
from yuyin.train.finetune import FinetuneSettings, finetune
from yuyin.transcribe import Recognizer

LM_ORDER = 3
DEFAULT_CONFIG = SHIPPED_CONFIGS / "finetune" / "tiny.yaml"  # wherever the recipe runs from
# without --lm-dev: the library's default LM weight and word bonus (tuned for the bundled model)
BEAM = DecodingOptions(beam_size=8)
LM_GRID = [(w, b) for w in (0.1, 0.25, 0.5, 1.0) for b in (0.0, 1.0, 2.0, 3.0)]  # (weight, bonus)


def word_lm(spec: str, out: Path) -> NGramLM:
    """The beam search's word LM: the shipped prompts' 3-gram, or an ARPA file (``yuyin lm
    arpa`` builds one from your own text). ``out`` remembers which (a file's SHA-256): scores
    cached there with another LM would be reused as if made with this one, so that is refused."""
    identity = PROMPTS_LM
    if spec != PROMPTS_LM:
        try:
            digest = hashlib.sha256(Path(spec).read_bytes()).hexdigest()[:16]
        except OSError as exc:
            sys.exit(f"--lm {spec}: {exc.strerror or exc}")
        identity = f"sha256:{digest}"  # the content, whatever the path is called
    if out.exists() and not out.is_dir():
        sys.exit(f"--out {out}: a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    record = out / "word-lm.txt"
    earlier = record.read_text().split() if record.exists() else []
    if earlier and earlier[0] != identity:
        sys.exit(
            f"--lm {spec}: {out} holds models scored with another word LM "
            f"({' '.join(earlier[1:]) or earlier[0]}); use another --out"
        )
    try:
        lm = prompts_lm(LM_ORDER, cache_dir=out) if spec == PROMPTS_LM else NGramLM.read_arpa(spec)
    except ArpaError as exc:
        sys.exit(f"--lm: {exc}")
    record.write_text(f"{identity} {spec}\n")  # the hash decides; the name is for people
    return lm


def _shown(path: Path) -> str:
    """A shipped config as ``configs/TASK/NAME.yaml`` (as the README names them), else as given."""
    full = Path(os.path.abspath(path))
    if full.is_relative_to(SHIPPED_CONFIGS):
        return str(Path("configs") / full.relative_to(SHIPPED_CONFIGS))
    return str(path)


def reference_rows(name: str, tests: dict[str, str], out: Path) -> list[dict]:
    """A reference recognizer (an eval judge, e.g. PocketSphinx) on every test set, cached."""
    if not judge_available(name):
        print(f"reference {name}: not installed, skipped (pip install yuyin[judge])", flush=True)
        return []
    rows, judge = [], None
    for test_name, manifest in tests.items():
        cached, digest = out / f"reference-{name}-{test_name}.json", file_digest(Path(manifest))
        if cached.exists() and json.loads(cached.read_text()).get("test_manifest") == digest:
            rows.append(json.loads(cached.read_text()))
            continue  # (a set of that name with other contents is scored again)
        try:
            judge = judge or build_judge(name)
        except JudgeUnavailable as exc:
            print(f"reference {name}: {exc}", flush=True)
            return rows
        utts = [u for u in read_manifest(manifest) if u.text]
        started = time.perf_counter()
        hyps = [judge.transcribe(load_audio(u.audio), SAMPLE_RATE) for u in utts]
        seconds = time.perf_counter() - started
        score = score_transcripts([u.text or "" for u in utts], hyps)
        row = {
            "encoder": f"{name} (reference)",
            "pretrained": None,
            "labeled_minutes": None,
            "test": test_name,
            "test_manifest": digest,
            "utterances": len(utts),
            "wer_greedy": round(score.wer, 4),
            "cer_greedy": round(score.cer, 4),
            "wer_lm": None,
            "cer_lm": None,
            "rtf_greedy": round(seconds / sum(u.duration for u in utts), 4),
        }
        write_text_atomic(cached, json.dumps(row))
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def tuned_beam(
    recognizer: Recognizer, lm: NGramLM, dev: str | None, run_dir: Path
) -> tuple[DecodingOptions, dict | None]:
    """LM weight and word bonus chosen by WER on ``dev`` (never a test set), cached in run_dir
    with the dev WERs, and that record; without ``dev`` the fixed :data:`BEAM` settings, None."""
    if dev is None:
        return BEAM, None
    cached = run_dir / "lm-tuning.json"
    if cached.exists():
        chosen = json.loads(cached.read_text())
        options = DecodingOptions(BEAM.beam_size, chosen["lm_weight"], chosen["word_bonus"])
        return options, chosen
    utts = read_manifest(dev)
    grid = {
        f"{w},{b}": DecodingOptions(beam_size=BEAM.beam_size, lm_weight=w, word_bonus=b)
        for w, b in LM_GRID
    }
    decoders = {"greedy": None, **{k: recognizer.batch_decoder(o, lm) for k, o in grid.items()}}
    reports = evaluate_decoders(recognizer.model, recognizer.tokenizer, utts, decoders)
    greedy = reports["greedy"].wer
    best: tuple[float, DecodingOptions] | None = None
    for key, options in grid.items():
        if best is None or reports[key].wer < best[0]:
            best = (reports[key].wer, options)
    assert best is not None
    wer, options = best
    record = {"lm_weight": options.lm_weight, "word_bonus": options.word_bonus, "dev": dev}
    record |= {"dev_wer_greedy": greedy, "dev_wer_lm": wer}
    cached.write_text(json.dumps(record))
    return options, record


def train_and_score(
    args: argparse.Namespace,
    name: str,
    pretrained: str | None,
    minutes: float,
    train: Path,
    run_dir: Path,
    tests: dict[str, str],
    lm: NGramLM | None,
    results: list[dict],
    dev_rows: list[dict],
) -> tuple[Recognizer, DecodingOptions]:
    """Fine-tune one model (unless done) and score it on every test set (cached per set);
    appends its rows. Returns the recognizer and the beam settings chosen for it."""
    model_dir = run_dir / "model"
    started = time.time()
    try:  # a typo in --set fails here, before any record
        values = apply_overrides(load_yaml(args.config), [f"loop.seed={args.seed}", *args.set])
        if pretrained is None and getattr(args, "scratch_encoder", None):
            values["encoder"] = args.scratch_encoder  # the pretrained encoders' architecture
        settings = FinetuneSettings.from_dict(values)
    except ConfigError as exc:
        sys.exit(f"error: {exc}")
    made_with = {
        "settings": values,
        "pretrained": pretrained,
        "train": file_digest(train),
        "decoding": {
            "greedy_only": args.greedy_only,
            "lm_dev": None if args.lm_dev is None else file_digest(Path(args.lm_dev)),
        },
    }
    holds = model_dir.exists() or (run_dir / "latest").exists() or any(run_dir.glob("eval-*"))
    keep_to(run_dir / "recipe-run.json", made_with, "a model", holds)
    if not model_dir.exists():
        try:
            finetune(
                train,
                None,
                settings,
                run_dir,
                pretrained=pretrained,
                resume=(run_dir / "latest").exists(),
            )
        except training_errors() as exc:  # bad data or settings: one line, as `yuyin finetune`
            sys.exit(f"error: {name}, {minutes:g} min: {exc}")
    train_seconds = time.time() - started
    recognizer = Recognizer.load(model_dir)
    options, tuning = (
        (BEAM, None) if lm is None else tuned_beam(recognizer, lm, args.lm_dev, run_dir)
    )
    if tuning is not None:
        dev_rows.append({"encoder": name, "labeled_minutes": minutes, **tuning})
    for test_name, manifest in tests.items():
        cached, digest = run_dir / f"eval-{test_name}.json", file_digest(Path(manifest))
        if cached.exists() and json.loads(cached.read_text()).get("test_manifest") == digest:
            results.append(json.loads(cached.read_text()))  # scored by an earlier run
            print(cached.read_text(), flush=True)
            continue  # (a set of that name with other contents is scored again)
        utts = read_manifest(manifest)
        decoders = {"greedy": None}
        if lm is not None:
            decoders["lm"] = recognizer.batch_decoder(options, lm)
        unusable: list[str] = []

        def scored_empty(utt, exc, unusable=unusable, test_name=test_name) -> None:  # noqa: ANN001
            unusable.append(utt.id)
            print(f"error: {exc} (utterance {utt.id!r} of {test_name}, scored as empty)")

        reports = evaluate_decoders(
            recognizer.model, recognizer.tokenizer, utts, decoders, on_error=scored_empty
        )
        cost = model_cost(recognizer.model)
        greedy, with_lm = reports["greedy"], reports.get("lm")
        row = {
            "encoder": name,
            "pretrained": pretrained,
            "labeled_minutes": minutes,
            "test": test_name,
            "test_manifest": digest,
            "utterances": greedy.utterances,
            "unusable": len(unusable),
            "wer_greedy": round(greedy.wer, 4),
            "cer_greedy": round(greedy.cer, 4),
            "wer_lm": round(with_lm.wer, 4) if with_lm else None,
            "cer_lm": round(with_lm.cer, 4) if with_lm else None,
            "rtf_greedy": round(greedy.rtf, 4),
            "empty_greedy": round(greedy.empty_fraction, 4),
            "parameters": cost.parameters,
            "gmacs_per_second": float(f"{cost.gmacs_per_second:.4g}"),
            "lm_weight": options.lm_weight if with_lm else None,
            "word_bonus": options.word_bonus if with_lm else None,
            "finetune_seconds_this_run": round(train_seconds, 1),
        }
        results.append(row)
        write_text_atomic(cached, json.dumps(row))
        print(json.dumps(row), flush=True)
    return recognizer, options


def run(args: argparse.Namespace) -> dict:
    out: Path = args.out
    pretrained_runs, tests = check_inputs(args)  # before anything trains
    args.tests = tests
    args.scratch_encoder = scratch_encoder(pretrained_runs, args.set)
    if args.scratch_encoder:
        print(f"scratch: the pretrained encoders' architecture with random weights "
              f"({json.dumps(args.scratch_encoder)}); --set encoder.size=... builds another",
              flush=True)  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    print("note: the wer fine-tuning prints is on 50 of its training utterances (no dev set is "
          "held out from a label budget); the test sets are scored after", flush=True)  # fmt: skip
    encoders = {"scratch": None, **pretrained_runs}
    if args.only:  # train/score only these now (e.g. one process per core); the rest from cache
        if unknown := sorted(set(args.only) - set(encoders)):
            sys.exit(f"--only {unknown}: not an encoder of this run ({sorted(encoders)})")
        encoders = {name: encoders[name] for name in args.only}
    lm = None if args.greedy_only else word_lm(args.lm, out)
    results = [] if args.no_reference else reference_rows(REFERENCE, tests, out)
    dev_rows = []  # what each model scored on --lm-dev, the set its decoding was chosen on
    for minutes in args.budgets:
        train = budget_manifest(args.train, minutes, out)
        for name, pretrained in encoders.items():
            run_dir = out / f"{name}-{minutes:g}min"
            recognizer, options = train_and_score(
                args, name, pretrained, minutes, train, run_dir, tests, lm, results, dev_rows
            )
            if args.self_train is None:
                continue
            st_dir = out / f"{name}+st-{minutes:g}min"
            st_train = self_training_manifest(args, recognizer, options, lm, train, st_dir)
            train_and_score(
                args, f"{name}+st", pretrained, minutes, st_train, st_dir, tests, lm, results,
                dev_rows,
            )  # fmt: skip
    return {
        "command": " ".join(sys.argv),
        "seed": args.seed,
        "config": _shown(args.config),
        "overrides": args.set,
        "scratch_encoder": args.scratch_encoder,
        "lm": None
        if args.greedy_only
        else {
            "order": lm.order,
            "text": "shipped prompts, train split" if args.lm == PROMPTS_LM else str(args.lm),
            "beam_size": BEAM.beam_size,
            "tuned_on": args.lm_dev,
            "grid": None if args.lm_dev is None else LM_GRID,
            "fixed": None if args.lm_dev else BEAM.__dict__,
        },
        "machine": {"python": platform.python_version(), "torch": torch.__version__},
        "pretraining": [
            pretraining_summary(name, Path(run_dir)) for name, run_dir in pretrained_runs.items()
        ],
        "results": results,
        "dev": dev_rows,
        "self_training": None
        if args.self_train is None
        else {
            "unlabeled": args.self_train,
            "hours": args.self_train_hours,
            "keep": args.self_train_keep,
            "greedy": args.self_train_greedy,
            "runs": {
                p.parent.name: json.loads(p.read_text())
                | pseudo_label_quality(p.parent / "pseudo.jsonl", args.self_train)
                for p in sorted(out.glob("*+st-*/pseudo-labels.json"))
            },
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--train",
        type=Path,
        required=True,
        help="labeled manifest the label budgets are cut from (synthetic speech in the published "
        "experiment; `yuyin data import folder` makes one of your own)",
    )
    parser.add_argument(
        "--pretrained",
        action="append",
        default=[],
        metavar="NAME=RUN",
        help="a pretraining run (or encoder folder) to compare with scratch; RUN 'bundled' is "
        "the encoder shipped with yuyin (--pretrained shipped=bundled); a bare RUN is named "
        "after its folder",
    )
    parser.add_argument(
        "--test",
        action="append",
        default=[],
        metavar="NAME=MANIFEST",
        help="a labeled test set (repeat); a bare MANIFEST is named after its file",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only these encoders (scratch or a --pretrained NAME); two processes with "
        "disjoint --only and the same --out share the work, a last run without it gathers all",
    )
    parser.add_argument("--budgets", type=float, nargs="+", default=[10.0, 60.0], help="minutes")
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        help="fine-tuning config (default: the repository's configs/finetune/tiny.yaml)",
    )
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("work/lowres"))
    parser.add_argument("--publish", type=Path, help="also write asr.json and asr.md here")
    parser.add_argument(
        "--threads", type=int, default=0, metavar="N", help="CPU threads (0: torch's default)"
    )
    parser.add_argument("--greedy-only", action="store_true", help="no word LM, no beam search")
    parser.add_argument(
        "--lm-dev",
        help="labeled dev manifest to choose LM weight and word bonus on (per model); without "
        f"it the beam uses LM weight {BEAM.lm_weight} and word bonus {BEAM.word_bonus}",
    )
    parser.add_argument(
        "--lm",
        default=PROMPTS_LM,
        help="word LM for the beam search: 'prompts' (the shipped prompts' train split, "
        "3-gram) or an ARPA file, e.g. from `yuyin lm arpa --text your_text.txt -o lm.arpa`",
    )
    parser.add_argument(
        "--no-reference", action="store_true", help=f"do not run {REFERENCE} on the test sets"
    )
    parser.add_argument(
        "--self-train",
        help="unlabeled manifest: each model also gets a self-trained twin (NAME+st) fine-tuned "
        "again from the same start on its labels plus its confident transcripts of this audio",
    )
    parser.add_argument(
        "--self-train-hours", type=float, help="use only this much of the --self-train audio"
    )
    parser.add_argument(
        "--self-train-keep", type=float, default=0.6, help="share of transcripts kept (0..1]"
    )
    parser.add_argument(
        "--self-train-greedy",
        action="store_true",
        help="pseudo-label greedily even with an LM (the model then never learns the LM's words "
        "from its own transcripts)",
    )
    args = parser.parse_args()
    if not args.config.is_file():  # configs/... from another folder: the package's copy
        args.config = shipped_config(args.config) or sys.exit(
            f"--config {args.config}: no such file"
        )
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    stopped = (f"stopped: rerun the same command to go on ({args.out} keeps the finished models "
               "and scores, and the checkpoints of the one in training)")  # fmt: skip
    try:
        with sigterm_as_interrupt():
            report = run(args)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (Slurm, timeout): finished work is kept
        sys.exit(stopped)
    except RuntimeError as exc:  # the group's SIGTERM reached a DataLoader worker first
        if not worker_terminated(exc):
            raise
        sys.exit(stopped)
    for folder in filter(None, [args.out, args.publish]):
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomic(folder / "asr.json", json.dumps(report, indent=2))
        write_text_atomic(folder / "asr.md", markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
