"""`yuyin eval` to choose a model: several side by side, what names each, and honest numbers."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import torch

from dummies import make_tone_corpus
from yuyin.audio import load_audio, resample, save_audio
from yuyin.cli import main
from yuyin.data.manifest import read_manifest, write_manifest
from yuyin.eval.cost import model_identity

SMALL = [
    "encoder.dim=32",
    "encoder.layers=1",
    "encoder.heads=2",
    "encoder.frontend_channels=8",
    "loop.num_workers=0",
    "loop.progress=false",
    "loop.tensorboard=false",
    "data.max_batch_seconds=8",
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """Two tiny recognizers trained 2 and 3 steps on tones, and their 12-utterance corpus."""
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("cmp")
    manifest, _ = make_tone_corpus(root, n=12, seconds_range=(1.0, 1.5))
    models = []
    for steps in (2, 3):
        sets = [arg for item in [*SMALL, f"loop.max_steps={steps}"] for arg in ("--set", item)]
        out = root / f"asr{steps}"
        assert main(["finetune", "--train", str(manifest), "--out", str(out), *sets]) == 0
        models.append(out / "model")
    return manifest, models


def test_two_models_side_by_side_in_one_table(setup, capfd):
    """Each model is scored in a process of its own (its peak memory its own): capfd."""
    manifest, (a, b) = setup
    argv = ["eval", "--model", str(a), "--model", str(b), "--probe", str(manifest)]
    assert main(argv) == 0
    out = capfd.readouterr().out
    assert f"== {a}\n" in out and f"== {b}\n" in out  # each model's own report first
    table = out[out.index("| model |") :].splitlines()
    assert table[0].startswith("| model | WER | CER | empty | RTF | params | GMAC/s | file MiB")
    assert table[0].endswith("| best probe layer (CER) |")
    assert table[2].startswith(f"| {a} | ") and table[3].startswith(f"| {b} | ")
    assert "the same manifest, 12 utterances" in table[4]
    assert main([*argv, "--json"]) == 0
    first, second = (json.loads(line) for line in capfd.readouterr().out.splitlines())
    assert first["model"] == str(a) and second["model"] == str(b)
    assert first["model_info"]["steps"] == 2 and second["model_info"]["steps"] == 3
    assert first["model_info"]["sha256"] != second["model_info"]["sha256"]
    assert first["threads"] == torch.get_num_threads() and "warnings" in first
    assert first["probe"]["conditioned"] is False


def test_a_model_twice_or_hypotheses_of_several_are_refused(setup, tmp_path, capsys):
    from yuyin.transcribe import BUNDLED_MODEL

    manifest, (a, b) = setup
    assert main(["eval", "--model", str(a), "--model", str(a), str(manifest)]) == 1
    assert "a --model is given twice" in capsys.readouterr().err
    assert main(["eval", "--model", "bundled", "--model", str(BUNDLED_MODEL), str(manifest)]) == 1
    assert "a --model is given twice" in capsys.readouterr().err  # one model by two names
    argv = ["eval", "--model", str(a), "--model", str(b), "--hypotheses", str(tmp_path / "h")]
    assert main([*argv, str(manifest)]) == 1
    assert "--hypotheses writes one model's transcripts" in capsys.readouterr().err


def test_several_manifests_are_scored_one_after_the_other(setup, tmp_path, capfd):
    """`eval --model A --model B domain.jsonl general.jsonl`: each manifest scored as alone."""
    manifest, (a, b) = setup
    utts = read_manifest(manifest)
    first = write_manifest(tmp_path / "first.jsonl", utts[:4])
    second = write_manifest(tmp_path / "second.jsonl", utts[4:])
    assert main(["eval", "--model", str(a), str(first), str(second), "--json"]) == 0
    reports = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    assert [r["manifest"] for r in reports] == [str(first), str(second)]
    assert [r["utterances"] for r in reports] == [4, 8]
    assert main(["eval", "--model", str(a), str(second)]) == 0
    alone = capfd.readouterr().out
    assert main(["eval", "--model", str(a), "--model", str(b), str(first), str(second)]) == 0
    out = capfd.readouterr().out
    assert out.index(f"=== {first}") < out.index(f"=== {second}")
    assert out.count("| model | WER") == 2  # a comparison table for each manifest
    wer = next(line for line in alone.splitlines() if "WER" in line).split(", RTF")[0]
    assert wer in out[out.index(f"=== {second}") :]  # as if it were the only one (RTF aside)
    assert main(["eval", "--model", str(a), str(first), str(first)]) == 1
    assert "a manifest is given twice" in capfd.readouterr().err
    argv = ["eval", "--model", str(a), str(first), str(second), "--hypotheses", "h.jsonl"]
    assert main(argv) == 1
    assert "--hypotheses writes one manifest's transcripts" in capfd.readouterr().err


def test_eval_warns_about_low_rates_wrong_durations_and_a_thin_probe(setup, tmp_path, capsys):
    manifest, (a, _) = setup
    utts = read_manifest(manifest)[:4]
    low = save_audio(tmp_path / "low.wav", resample(load_audio(utts[0].audio), 16000, 8000), 8000)
    changed = [utts[0].__class__(**{**utts[0].to_dict(), "id": "low", "audio": str(low)})]
    changed.append(utts[1].__class__(**{**utts[1].to_dict(), "duration": utts[1].duration * 2}))
    bad = write_manifest(tmp_path / "bad.jsonl", [*changed, *utts[2:]])
    assert main(["eval", "--model", str(a), "--json", "--probe", str(bad)]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert "1 of 4 files were recorded below 16000 Hz (1 at 8000 Hz)" in captured.err
    assert "1 of 4 utterances have durations the audio disagrees with" in captured.err
    assert "too few to tell layers apart" in captured.err
    assert len(report["warnings"]) == 3


def test_model_identity_names_the_weights_as_saved():
    from yuyin.transcribe import BUNDLED_MODEL

    info = model_identity(BUNDLED_MODEL)
    weights = (BUNDLED_MODEL / "model.safetensors").read_bytes()
    assert info["sha256"] == hashlib.sha256(weights).hexdigest()[:16]
    assert info["file_mb"] == round(len(weights) / 2**20, 2)
    assert info["kind"] == "asr" and info["weights_dtype"] == "float16"
    assert info["encoder"]["block"] == "conformer" and info["version"] is not None


def test_a_voice_folder_and_the_bundled_asr_name_are_understood(setup, capsys):
    from yuyin.voice import voice_folder

    manifest, _ = setup
    voice = voice_folder("bundled")
    assert main(["eval", "--model", str(voice), str(manifest)]) == 1
    assert f"{voice}: a voice folder (yuyin say --voice), not a model folder" in (
        capsys.readouterr().err
    )
    assert main(["eval", "--model", "bundled-asr", "--json", str(manifest)]) == 0  # finetune's
    assert json.loads(capsys.readouterr().out)["model_info"]["kind"] == "asr"


def test_pseudo_label_warns_about_audio_below_16_khz(setup, tmp_path, capsys):
    manifest, (a, _) = setup
    utt = read_manifest(manifest)[0]
    low = save_audio(tmp_path / "low.wav", resample(load_audio(utt.audio), 16000, 8000), 8000)
    unlabeled = utt.__class__(utt.id, str(low), utt.duration)
    listed = write_manifest(tmp_path / "u.jsonl", [unlabeled])
    argv = ["pseudo-label", str(listed), "-o", str(tmp_path / "p.jsonl"), "--model", str(a)]
    main([*argv, "--keep", "1"])
    assert "1 of 1 files were recorded below 16000 Hz (1 at 8000 Hz)" in capsys.readouterr().err


def _children(pid: int) -> list[int]:
    from pathlib import Path

    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        ppid = next((line.split()[1] for line in lines if line.startswith("PPid:")), None)
        if ppid == str(pid):
            found.append(int(status.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_an_interrupted_comparison_leaves_no_process_behind(setup, tmp_path):
    """Ctrl-C during a several-model eval had left the parent waiting on its child forever."""
    import signal
    import subprocess
    import sys
    import time

    manifest, (a, b) = setup
    argv = [sys.executable, "-m", "yuyin", "eval", "--probe", "--model", str(a)]
    parent = subprocess.Popen([*argv, "--model", str(b), str(manifest)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    while len(_children(parent.pid)) < 2 and parent.poll() is None:  # the tracker, the scorer
        assert time.monotonic() < deadline, "no scoring process started"
        time.sleep(0.2)
    children = _children(parent.pid)
    parent.send_signal(signal.SIGTERM)
    _, err = parent.communicate(timeout=60)
    assert parent.returncode in (143, 0), err  # 0: it had finished first
    alive = children
    while alive and time.monotonic() < deadline + 30:  # the resource tracker goes on EOF
        time.sleep(0.2)
        alive = [c for c in children if _running(c)]
    assert not alive, err


def _running(pid: int) -> bool:
    """Whether ``pid`` is a process that runs (a zombie no one reaps has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


def test_a_model_that_fails_keeps_its_row_in_the_table(setup, tmp_path, capfd):
    manifest, (a, _) = setup
    missing = tmp_path / "gone" / "model"
    assert main(["eval", "--model", str(a), "--model", str(missing), str(manifest)]) == 1
    out = capfd.readouterr().out
    assert f"| {missing} | failed (see its errors above) |" in out
    assert f"| {a} | " in out
