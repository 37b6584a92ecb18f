"""Self-training for the low-resource recipe: each model's confident transcripts of unlabeled
audio join its labels (rows ``NAME+st``)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from checks import named  # recipes/low_resource/checks.py
from checks import test_name as name_of_test
from records import file_digest, keep_to

from yuyin.data.manifest import ManifestError, read_manifest, subset_by_duration, write_manifest
from yuyin.decode.ctc import DecodingOptions
from yuyin.decode.ngram import NGramLM
from yuyin.eval.tts import score_transcripts
from yuyin.train.pseudo_label import PseudoLabelOptions, pseudo_label, write_pseudo_labels
from yuyin.transcribe import Recognizer


def _audio_path(utt) -> str:  # noqa: ANN001
    """The utterance's audio file, resolved: how manifests are compared by file."""
    return str(Path(utt.audio).resolve())


def _audio_paths(utterances: list) -> set[str]:
    return {_audio_path(u) for u in utterances}


def self_training_manifest(
    args: argparse.Namespace,
    recognizer: Recognizer,
    options: DecodingOptions,
    lm: NGramLM | None,
    train: Path,
    st_dir: Path,
) -> Path:
    """The labeled budget plus the model's confident transcripts of ``--self-train`` audio
    (beam + LM when the recipe has an LM and no ``--self-train-greedy``, greedy otherwise; files
    of the labeled budget keep their real labels and are not transcribed), cached in
    ``st_dir``."""
    path = st_dir / "train.jsonl"
    made_with = {
        "unlabeled": file_digest(Path(args.self_train)),
        "hours": args.self_train_hours,
        "keep": args.self_train_keep,
        "greedy": args.self_train_greedy or lm is None,
        "labeled": file_digest(train),
    }
    keep_to(st_dir / "self-training.json", made_with, "pseudo-labels", path.exists())
    if path.exists():
        return path
    try:
        pool = read_manifest(args.self_train)
        if args.self_train_hours is not None:
            pool = subset_by_duration(pool, args.self_train_hours * 3600)
    except ManifestError as exc:
        sys.exit(f"{args.self_train}: {exc}")
    tests = getattr(args, "tests", None) or named(args.test, "--test", name_of_test)
    tested = set().union(*(_audio_paths(read_manifest(t)) for t in tests.values()))
    if overlap := [u.id for u in pool if _audio_path(u) in tested]:
        sys.exit(f"{args.self_train}: {len(overlap)} utterance(s) are test audio ({overlap[0]}...)")
    labeled = read_manifest(train)
    have_labels = _audio_paths(labeled)  # their real labels win
    pool = [u for u in pool if _audio_path(u) not in have_labels]
    unlabeled = [replace(u, text=None) for u in pool]  # any text there is never used
    with_lm = lm is not None and not args.self_train_greedy
    decoder = recognizer.batch_decoder(options, lm) if with_lm else None
    keep = PseudoLabelOptions(keep=args.self_train_keep)
    started = time.time()
    skipped: list[str] = []

    def unreadable(utt, exc) -> None:  # noqa: ANN001
        skipped.append(utt.id)
        print(f"self-training: skipped {exc}", flush=True)

    model, tokenizer = recognizer.model, recognizer.tokenizer
    labels = pseudo_label(model, tokenizer, unlabeled, decoder, keep, on_error=unreadable)
    write_pseudo_labels(st_dir / "pseudo.jsonl", labels)
    record = {
        "unlabeled_utterances": len(unlabeled),
        "unlabeled_hours": round(sum(u.duration for u in unlabeled) / 3600, 3),
        "kept_utterances": len(labels),
        "kept_hours": round(sum(x.utterance.duration for x in labels) / 3600, 3),
        "min_confidence": round(min((x.confidence for x in labels), default=0.0), 4),
        "decoder": "beam+lm" if decoder else "greedy",
        "unreadable": skipped,
        "seconds": round(time.time() - started, 1),
    }
    (st_dir / "pseudo-labels.json").write_text(json.dumps(record, indent=2))
    print(json.dumps({"self_training": str(st_dir), **record}), flush=True)
    return write_manifest(path, [*labeled, *(x.utterance for x in labels)])


def pseudo_label_quality(pseudo: Path, unlabeled: str) -> dict:
    """WER/CER of the kept pseudo-labels against the text the unlabeled manifest happens to
    carry (synthetic audio has its prompt; nothing in training reads it): how clean the labels
    self-training learned from were. Empty when that audio has no text."""
    truth = {_audio_path(u): u.text for u in read_manifest(unlabeled) if u.text}
    pairs = [
        (truth[a], u.text or "") for u in read_manifest(pseudo) if (a := _audio_path(u)) in truth
    ]
    if not pairs:
        return {}
    score = score_transcripts([ref for ref, _ in pairs], [hyp for _, hyp in pairs])
    return {"kept_wer": round(score.wer, 4), "kept_cer": round(score.cer, 4), "scored": len(pairs)}
