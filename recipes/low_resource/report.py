"""The low-resource recipe's report: its results as markdown tables (``OUT/asr.md``).

The main table (every model on every test set, greedy and with the LM), the WER ratio of each
model to scratch at the same budget (marked where scratch wrote nothing for most utterances),
each model's cost (parameters, GMAC per second, RTF), the dev set that chose each model's LM
weight, the self-training pseudo-labels and the pretraining runs, all read from the report dict that
``run.py`` writes as ``asr.json``.
"""

from __future__ import annotations

REFERENCE = "pocketsphinx"  # its own acoustic model, dictionary and 3-gram LM: WER is "+LM"
BLANK_SHARE = 0.5  # scratch empty on this share of utterances: its ratios are marked


def _lm_text(lm: dict | None) -> str:
    if not lm:
        return "none (greedy only)"
    source = lm.get("text", "shipped prompts, train split")
    if source == "shipped prompts, train split":
        source = "the shipped prompts' train split"
    text = f"word {lm['order']}-gram from {source}, beam {lm['beam_size']}"
    if lm.get("tuned_on"):
        return f"{text}, LM weight and word bonus chosen per model by WER on `{lm['tuned_on']}`"
    fixed = lm["fixed"]
    return f"{text}, LM weight {fixed['lm_weight']}, word bonus {fixed['word_bonus']}"


def markdown(report: dict) -> str:
    lm_text = _lm_text(report["lm"])
    lines = [
        "# Low-resource ASR: pretrained encoders vs training from scratch",
        "",
        f"Command: `{report['command']}`  ",
        f"Seed: {report['seed']}; fine-tuning config `{report['config']}` with "
        f"{report['overrides'] or 'no overrides'}; LM: {lm_text}.",
        f"Reference rows ({REFERENCE}): its own acoustic model, dictionary and 3-gram LM; its "
        "output is in the greedy columns. Same files, same scoring normalization."
        if any(r["encoder"] == f"{REFERENCE} (reference)" for r in report["results"])
        else "No reference recognizer in this run.",
        *_scratch_line(report),
        "",
        "| labels | encoder | test set | WER greedy | CER greedy | WER +LM | CER +LM |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        cells = [r[k] for k in ("wer_greedy", "cer_greedy", "wer_lm", "cer_lm")]
        shown = " | ".join("-" if v is None else f"{v:.1%}" for v in cells)
        labels = "-" if r["labeled_minutes"] is None else f"{r['labeled_minutes']:g} min"
        lines.append(f"| {labels} | {r['encoder']} | {r['test']} | {shown} |")
    lines += _ratio_lines(report) + _cost_lines(report)
    lines += _dev_lines(report) + _self_training_lines(report)
    lines += _pretraining_lines(report)
    return "\n".join(lines) + "\n"


def _scratch_line(report: dict) -> list[str]:
    """What ``scratch`` was built as, when the recipe matched it to the pretrained encoders."""
    built = report.get("scratch_encoder")
    if not built:
        return []
    shown = ", ".join(f"{k}={built[k]}" for k in ("block", "dim", "layers") if k in built)
    return [f"Scratch: the pretrained encoders' architecture ({shown}) with random weights."]


def _dev_lines(report: dict) -> list[str]:
    """WER on the dev set that chose each model's LM weight and word bonus (training voices)."""
    rows = report.get("dev") or []
    if not rows:
        return []
    lines = [
        "",
        f"Dev set (`{rows[0]['dev']}`: LM weight and word bonus were chosen on it; compare "
        "fine-tuning settings here, not on the test sets):",
        "",
        "| labels | encoder | WER greedy | WER +LM | LM weight | word bonus |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['labeled_minutes']:g} min | {r['encoder']} | {r['dev_wer_greedy']:.1%} "
            f"| {r['dev_wer_lm']:.1%} | {r['lm_weight']} | {r['word_bonus']} |"
        )
    return lines


def _ratio_lines(report: dict) -> list[str]:
    """WER of each pretrained encoder over scratch's, same budget and test set (+LM if scored)."""
    key = "wer_lm" if report["lm"] else "wer_greedy"
    rows = [r for r in report["results"] if r["labeled_minutes"] is not None]
    scratch = {(r["labeled_minutes"], r["test"]): r[key] for r in rows if r["encoder"] == "scratch"}
    blank = {  # scratch wrote nothing for most utterances: a ratio to a model that learned nothing
        (r["labeled_minutes"], r["test"])
        for r in rows
        if r["encoder"] == "scratch" and (r.get("empty_greedy") or 0) >= BLANK_SHARE
    }
    tests = list(dict.fromkeys(r["test"] for r in rows))
    lines = [
        "",
        f"WER ratio to scratch ({'with LM' if report['lm'] else 'greedy'}; below 1 is better; "
        "NAME+st rows also self-trained on unlabeled audio):",
        "",
        "| labels | encoder | " + " | ".join(tests) + " |",
        "|---|---|" + "---|" * len(tests),
    ]
    pairs = dict.fromkeys((r["labeled_minutes"], r["encoder"]) for r in rows)
    for minutes, encoder in pairs:
        if encoder == "scratch":
            continue
        by_test = {
            r["test"]: r[key]
            for r in rows
            if (r["labeled_minutes"], r["encoder"]) == (minutes, encoder)
        }
        cells = []
        for test in tests:
            base, ours = scratch.get((minutes, test)), by_test.get(test)
            mark = " †" if (minutes, test) in blank else ""
            cells.append(f"{ours / base:.2f}{mark}" if base and ours is not None else "-")
        lines.append(f"| {minutes:g} min | {encoder} | " + " | ".join(cells) + " |")
    if blank:
        lines.append(
            f"\n† scratch transcribed {BLANK_SHARE:.0%} or more of these utterances as nothing "
            "(blank-only output, greedy): it learned nothing there, so the ratio says little; "
            "train it longer (loop.max_steps) or with more labels before comparing."
        )
    return lines


def _cost_lines(report: dict) -> list[str]:
    """Each fine-tuned model's cost beside its accuracy: parameters, counted GMAC per audio
    second and greedy real-time factor (the mean over the test sets), from rows that have them."""
    rows = [r for r in report["results"] if r.get("parameters") is not None]
    if not rows:
        return []
    lines = [
        "",
        "Cost (parameters, GMAC per audio second counted on 10 s, greedy RTF: the mean over "
        "the test sets, on this run's threads):",
        "",
        "| labels | encoder | parameters | GMAC/s | RTF greedy |",
        "|---|---|---|---|---|",
    ]
    for minutes, encoder in dict.fromkeys((r["labeled_minutes"], r["encoder"]) for r in rows):
        mine = [r for r in rows if (r["labeled_minutes"], r["encoder"]) == (minutes, encoder)]
        rtf = sum(r["rtf_greedy"] for r in mine) / len(mine)
        lines.append(
            f"| {minutes:g} min | {encoder} | {mine[0]['parameters']:,} "
            f"| {mine[0]['gmacs_per_second']:.3g} | {rtf:.4f} |"
        )
    return lines


def _self_training_lines(report: dict) -> list[str]:
    """How many of the unlabeled utterances each self-trained model got as pseudo-labels."""
    st = report.get("self_training")
    if not st:
        return []
    lines = [
        "",
        f"Self-training (rows NAME+st): pseudo-labels of `{st['unlabeled']}` (no human "
        f"transcript involved), the surest {st['keep']:.0%} kept:",
        "",
        "| model | decoder | unlabeled h | kept h | kept utterances | min confidence "
        "| kept WER | kept CER |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in st["runs"].items():
        quality = [f"{r[k]:.1%}" if k in r else "-" for k in ("kept_wer", "kept_cer")]
        lines.append(
            f"| {name} | {r['decoder']} | {r['unlabeled_hours']} | {r['kept_hours']} "
            f"| {r['kept_utterances']} | {r['min_confidence']} | " + " | ".join(quality) + " |"
        )
    lines.append(
        "\nkept WER/CER: the pseudo-labels scored against the text the unlabeled audio was "
        "synthesized from (training never reads it); '-' when the audio has none."
    )
    return lines


def _pretraining_lines(report: dict) -> list[str]:
    if not report.get("pretraining"):  # scratch alone: no table of nothing
        return []
    lines = [
        "",
        "Pretraining runs (unlabeled audio only; read from each run's settings.json, log.csv "
        "and eval.csv):",
        "",
        "| name | objective | unlabeled hours | updates | minutes | loss first -> last "
        "| probe CER first -> last |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in report.get("pretraining", []):
        objective = p.get("objective") or "-"
        if options := p.get("objective_settings"):
            objective += " (" + ", ".join(f"{k}={v}" for k, v in sorted(options.items())) + ")"
        loss = " -> ".join(map(str, p.get("loss_first_last", []))) or "-"
        probe = " -> ".join(map(str, p.get("probe_cer_first_last", []))) or "-"
        lines.append(
            f"| {p['name']} | {objective} | {p.get('unlabeled_hours', '-')} "
            f"| {p.get('updates', '-')} | {p.get('train_minutes', '-')} | {loss} | {probe} |"
        )
    return lines
