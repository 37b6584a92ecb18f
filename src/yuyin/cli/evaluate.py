"""``yuyin eval``: score one recognizer on a labeled manifest, or several side by side.

    yuyin eval --model runs/a/model --model runs/b/model --model bundled --probe test.jsonl
    yuyin eval --model bundled --model runs/a/model domain-test.jsonl general-test.jsonl

Several manifests are scored one after the other, each as if it were the only one. Each model
is scored on the same manifest with the same decoding settings and gets its report
(text, or one JSON line with ``--json``); with more than one, a table ends the output that puts
the three things a model is chosen by side by side: performance (WER, CER, empty
transcripts), cost (real-time factor, parameters, counted GMAC per audio second, weights on
disk, peak memory: each model is scored in a process of its own) and, with
``--probe``, interpretability (the best layer of a linear CTC probe, and its CER).
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import sys
from pathlib import Path

from yuyin.audio import AudioError
from yuyin.cli._files import json_line
from yuyin.cli.transcribe import _decoding_record, _recognizer
from yuyin.hub import ModelLoadError

PROBE_HELD_OUT = 10  # fewer held-out utterances: a probe's CERs are noise, said so
ATTENTION_UTTERANCES = 20  # eval --attention looks at the first ones
ATTENTION_MEANING = (
    "per self-attention layer (1: the first block) and head: distance_s, the mean over query "
    "frames of the attention-weighted distance to the keys, in seconds; entropy, the weights' "
    "entropy over log T (0: one frame, 1: even over the utterance)"
)
PROBE_MEANING = (
    "per frozen encoder layer (0: the frames below the first block), a linear CTC probe: cer is "
    "the CER of its greedy transcripts of the held-out utterances, loss its CTC loss per token "
    "on the utterances it was trained on"
)


def run_eval(args: argparse.Namespace) -> int:
    """Score the models on each manifest in turn (:func:`_run_models`); the worst exit code."""
    manifests = args.manifest if isinstance(args.manifest, list) else [args.manifest]
    if len({str(Path(m).resolve()) for m in manifests}) < len(manifests):
        print(f"error: a manifest is given twice ({', '.join(map(str, manifests))})",
              file=sys.stderr)  # fmt: skip
        return 1
    if len(manifests) > 1 and args.hypotheses is not None:
        print("error: --hypotheses writes one manifest's transcripts: give one manifest",
              file=sys.stderr)  # fmt: skip
        return 1
    code = 0
    for manifest in manifests:
        one = copy.copy(args)
        one.manifest = manifest
        if len(manifests) > 1 and not args.json:
            print(f"=== {manifest}", flush=True)
        code = max(code, _run_models(one))
    return code


def _run_models(args: argparse.Namespace) -> int:
    """Score each ``--model`` (the bundled one when none is given) on ``args.manifest`` in
    turn; the table of :func:`comparison_table` after them when there are several."""
    models = args.model or [None]
    named = [str(m or "bundled") for m in models]
    folders = [_folder(m) for m in models]
    if len(set(folders)) < len(folders):
        print(f"error: a --model is given twice ({named})", file=sys.stderr)
        return 1
    if len(models) > 1 and args.hypotheses is not None:
        said = "error: --hypotheses writes one model's transcripts: give one --model"
        print(said, file=sys.stderr)
        return 1
    if len(models) == 1:
        one = copy.copy(args)
        one.model = models[0]
        return _eval_one(one)[1]
    rows, code = [], 0
    for model in models:  # each in a process of its own: its peak memory is its own
        one = copy.copy(args)
        one.model = model
        if not args.json:
            print(f"== {model or 'bundled'}", flush=True)
        result, status = _eval_apart(one)
        code = max(code, status)
        rows.append(result if result is not None else {"model": str(model), "failed": True})
    if not args.json and any("failed" not in r for r in rows):
        print(comparison_table(rows))
    return code


def _folder(model: str | Path | None) -> str:
    """The folder a ``--model`` names, for telling two names of one model apart."""
    from yuyin.transcribe import BUNDLED, BUNDLED_ASR, BUNDLED_MODEL

    if model is None or (str(model) in (BUNDLED, BUNDLED_ASR) and not Path(model).is_dir()):
        return str(BUNDLED_MODEL.resolve())
    return str(Path(model).resolve())


def _eval_apart(args: argparse.Namespace) -> tuple[dict | None, int]:
    """:func:`_eval_one` in a fresh process (spawned: nothing of this one's memory), on as
    many threads as this one; its report and exit code. Interrupted (Ctrl-C, SIGTERM), the
    child is ended before the interruption goes on: none is left behind."""
    import torch

    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_eval_child, args=(args, torch.get_num_threads(), send))
    child.start()
    send.close()  # the child's end: EOF here once it is gone
    try:
        try:
            return receive.recv()
        except EOFError:  # it died without a report (killed, out of memory)
            child.join()
            print(f"error: scoring {args.model} ended with code {child.exitcode}", file=sys.stderr)
            return None, 1
    finally:
        if child.is_alive():
            child.terminate()
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
            child.join()
        receive.close()


def _eval_child(args: argparse.Namespace, threads: int, send) -> None:  # noqa: ANN001
    import signal

    import torch

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the parent ends us
    torch.set_num_threads(threads)
    try:
        result = _eval_one(args)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    send.send(result)
    send.close()


def comparison_table(rows: list[dict]) -> str:
    """A Markdown table of ``yuyin eval --json`` reports, one row per model (module doc)."""
    probed = any("probe" in r for r in rows)
    head = ["model", "WER", "CER", "empty", "RTF", "params", "GMAC/s", "file MiB", "peak MiB"]
    head += ["best probe layer (CER)"] if probed else []
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        if r.get("failed"):
            lines.append(
                f"| {r['model']} | failed (see its errors above) |" + " |" * (len(head) - 2)
            )
            continue
        info, cost = r.get("model_info") or {}, r["cost"]
        cells = [
            r["model"],
            f"{100 * r['wer']:.2f}%",
            f"{100 * r['cer']:.2f}%",
            f"{100 * r['empty_fraction']:.1f}%",
            f"{r['rtf']:.4f}",
            f"{cost['parameters']:,}",
            f"{cost['gmacs_per_second']:.3g}",
            f"{info['file_mb']:.2f}" if "file_mb" in info else "-",
            f"{r['peak_rss_mb']:.0f}",
        ]
        if probed:
            probe = r.get("probe")
            best = probe and next(x for x in probe["layers"] if x["layer"] == probe["best_layer"])
            cells.append(f"L{best['layer']} ({best['cer']:.2f})" if best else "-")
        lines.append("| " + " | ".join(cells) + " |")
    scored = next(r for r in rows if not r.get("failed"))
    threads = scored.get("threads")
    lines.append(
        f"(the same manifest, {scored['utterances']} utterances, and decoding for each; RTF on "
        f"{threads} thread(s); each scored in a process of its own, peak MiB its peak memory)"
    )
    return "\n".join(lines)


def _eval_one(args: argparse.Namespace) -> tuple[dict | None, int]:
    """Score ``args.model`` on ``args.manifest`` and print its report (text, or one JSON line);
    the report (None when nothing could be scored) and the exit code."""
    import torch

    from yuyin.data.manifest import ManifestError, read_manifest
    from yuyin.eval.asr import audio_notes, evaluate_asr
    from yuyin.eval.cost import model_cost, model_identity, peak_rss_mb

    failed: list[str] = []

    def unusable(utt, exc: AudioError) -> None:  # scored as an empty transcript, and reported
        failed.append(utt.id)
        print(f"error: {exc} (utterance {utt.id!r}, scored as empty)", file=sys.stderr)

    try:
        recognizer = _recognizer(args)
        utts = read_manifest(args.manifest)
        notes = audio_notes([u for u in utts if u.text])
        for note in notes:
            print(f"warning: {args.manifest}: {note}", file=sys.stderr)
        decoder = recognizer.batch_decoder()
        report = evaluate_asr(
            recognizer.model,
            recognizer.tokenizer,
            utts,
            decoder,
            on_error=unusable,
            condition=args.condition,
        )
    except (ModelLoadError, ManifestError, AudioError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None, 1
    unlabeled = sum(1 for u in utts if not u.text)
    if unlabeled:
        print(f"note: {unlabeled} utterance(s) without a transcript left out", file=sys.stderr)
    peak = peak_rss_mb()  # decoding's, before a probe trains anything
    cost = model_cost(recognizer.model)
    result = {
        "manifest": str(args.manifest),
        "model": str(args.model or "bundled"),
        "model_info": model_identity(recognizer.folder) if recognizer.folder else None,
        "threads": torch.get_num_threads(),
        "decoding": _decoding_record(args, recognizer),
        "conditioned": bool(args.condition),
        "warnings": notes,
    }
    result.update(report.to_dict())
    probe, probe_failed = None, False
    if args.probe:
        from yuyin.eval.probe import ProbeConfig, format_probe, probe_layers

        usable = [u for u in utts if u.id not in set(failed)]  # the report keeps the rest
        try:
            config = ProbeConfig(condition=bool(args.condition))  # heard as the scoring hears
            probe = probe_layers(recognizer.model.encoder, usable, config)
        except (ValueError, AudioError) as exc:
            print(f"error: {args.manifest}: cannot probe: {exc}", file=sys.stderr)
            probe_failed = True
    attention = None
    if args.attention:
        from yuyin.eval.attention import attention_stats

        usable = [u for u in utts if u.id not in set(failed)][:ATTENTION_UTTERANCES]
        try:
            attention = attention_stats(recognizer.model.encoder, usable)
            result["attention"] = attention.to_dict() | {"meaning": ATTENTION_MEANING}
        except (ValueError, AudioError) as exc:
            print(f"note: {args.manifest}: no attention measured: {exc}", file=sys.stderr)
    if probe is not None:
        result["probe"] = {
            "layers": [{k: round(v, 4) for k, v in s.items()} for s in probe.layers],
            "best_layer": probe.best_layer,
            "train_utterances": probe.train_utterances,
            "held_out_utterances": probe.held_out_utterances,
            "conditioned": bool(args.condition),
            "meaning": PROBE_MEANING,
        }
        if probe.held_out_utterances < PROBE_HELD_OUT:
            few = (
                f"the probe's CERs are of {probe.held_out_utterances} held-out utterance(s) "
                f"({probe.train_utterances} trained on): too few to tell layers apart; "
                f"{PROBE_HELD_OUT} or more held out (~{round(PROBE_HELD_OUT / 0.3)} labeled) "
                "make them comparable"
            )
            print(f"warning: {args.manifest}: {few}", file=sys.stderr)
            notes.append(few)
    from yuyin.eval.asr import word_errors

    result.update(cost=cost.to_dict(), peak_rss_mb=peak, unusable_audio=failed)
    result["errors"] = word_errors(report.hypotheses)
    if args.hypotheses is not None and not _write_hypotheses(args.hypotheses, report):
        return result, 1
    code = 1 if failed or probe_failed else 0
    if args.json:
        print(json.dumps(result))
        return result, code
    empty = round(report.empty_fraction * report.utterances) - len(failed)  # decoded, but to ""
    print(
        f"WER {report.wer:.2%}  CER {report.cer:.2%}  on {report.utterances} utterances "
        f"({report.audio_seconds / 60:.1f} min), RTF {report.rtf:.4f}"
        + (f"; {empty} decoded to nothing (silent audio, or a blank-only model)" if empty else "")
        + "\n"
        f"cost: {cost.describe()}, peak memory {result['peak_rss_mb']:.0f} MiB"
    )
    if probe is not None:
        print(
            f"layer probes ({probe.train_utterances} train / {probe.held_out_utterances} "
            f"held-out utterances; per frozen layer, L0 the frames below the first block: "
            f"the held-out CER of a linear CTC probe, and its CTC loss per token on the "
            f"utterances it was trained on):\n" + format_probe(probe)
        )
    if attention is not None:
        from yuyin.eval.attention import format_attention

        print(
            f"attention ({attention.utterances} utterances; per layer, each head's mean "
            "distance from the query frame and its weights' entropy over log T):\n"
            + format_attention(attention)
        )
    import jiwer

    worst = sorted(report.hypotheses, key=lambda h: -jiwer.wer(h[1] or "-", h[2] or "-"))
    for utt_id, ref, hyp in worst[: args.show]:
        print(f"  {utt_id}\n    ref: {ref}\n    hyp: {hyp}")
    errors = result["errors"]
    if any(errors.values()):
        print("most frequent word errors:")
        shown = {
            "substituted": [f"{r} -> {h} ({n})" for r, h, n in errors["substitutions"]],
            "deleted": [f"{w} ({n})" for w, n in errors["deletions"]],
            "inserted": [f"{w} ({n})" for w, n in errors["insertions"]],
        }
        for kind, items in shown.items():
            if items:
                print(f"  {kind}: {', '.join(items)}")
    if failed:
        print(
            f"{len(failed)} of {report.utterances} utterances had unusable audio and were "
            "scored as empty transcripts (see the errors above)",
            file=sys.stderr,
        )
    return result, code


def _write_hypotheses(path: Path, report) -> bool:
    """``eval --hypotheses``: a JSON line per utterance; False (said) when it cannot be written."""
    import jiwer

    from yuyin.paths import write_text_atomic

    lines = [
        json_line(
            {
                "id": utt_id,
                "reference": ref,
                "hypothesis": hyp,
                "wer": round(jiwer.wer(ref, hyp), 4) if ref.split() else None,
            }
        )
        for utt_id, ref, hyp in report.hypotheses
    ]
    try:
        write_text_atomic(path, "".join(line + "\n" for line in lines), parents=True)
    except OSError as exc:
        print(f"error: {path}: could not write ({exc.strerror or exc})", file=sys.stderr)
        return False
    return True
