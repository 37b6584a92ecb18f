"""Synthetic corpora: engines, plans, the corpus writer (parallel, resumable) and its CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from yuyin.audio import SAMPLE_RATE
from yuyin.cli import main
from yuyin.data.engines import (
    EVAL_ENGINES,
    TRAINING_ENGINES,
    FestivalEngine,
    PiperEngine,
    SynthesisError,
    SynthesisRequest,
    build_engine,
    engine_available,
)
from yuyin.data.manifest import read_manifest
from yuyin.data.synth import (
    PEAK_LEVEL,
    TRAIN,
    PlannedUtterance,
    _synthesize_chunk,
    finish_wave,
    plan_corpus,
    resolve_voices,
    synthesize_corpus,
)

SENTENCE = "The birch canoe slid on the smooth planks."
PROMPTS = [
    "The birch canoe slid on the smooth planks.",
    "Glue the sheet to the dark blue background.",
    "It is easy to tell the depth of a well.",
    "These days a chicken leg is a rare dish.",
    "Rice is often served in round bowls.",
    "The juice of lemons makes fine punch.",
]
CORPUS_SECONDS = 9.0  # about four utterances of the sentences above
needs_festival = pytest.mark.skipif(
    not engine_available("festival"), reason="festival not installed (apt-get install festival)"
)
needs_flite = pytest.mark.skipif(
    not engine_available("flite"), reason="flite not installed (apt-get install flite)"
)
TRAINING_VOICES = [
    "espeak-en-us+f3",
    "piper-joe",
    pytest.param("festival-slt", marks=needs_festival),
    pytest.param("festival-kal", marks=needs_festival),
]


def median_f0(wave: np.ndarray, sample_rate: int = SAMPLE_RATE) -> float:
    """Median autocorrelation pitch (Hz) of the loud 40 ms frames: enough to compare two takes."""
    frame = int(0.04 * sample_rate)
    low, high = sample_rate // 400, sample_rate // 60  # 60..400 Hz
    pitches = []
    for start in range(0, wave.size - frame, frame // 2):
        window = wave[start : start + frame] - wave[start : start + frame].mean()
        if np.sqrt(np.mean(window**2)) < 0.05:
            continue
        corr = np.correlate(window, window, "full")[frame - 1 :]
        pitches.append(sample_rate / (low + int(np.argmax(corr[low:high]))))
    return float(np.median(pitches))


@pytest.fixture(scope="module")
def engines():
    started = {}

    def get(name: str):
        if name not in started:
            started[name] = build_engine(name)
        return started[name]

    return get


@pytest.mark.parametrize("voice", TRAINING_VOICES)
def test_training_engine_says_a_sentence(engines, voice: str) -> None:
    engine = engines(voice.split("-")[0])
    wave, sample_rate = engine.synthesize(SENTENCE, voice)
    assert wave.dtype == np.float32 and wave.ndim == 1
    assert np.isfinite(wave).all() and np.abs(wave).max() > 0.01
    seconds = wave.size / sample_rate
    assert 1.0 < seconds < 8.0  # eight words
    out = finish_wave(wave, sample_rate)
    assert out.dtype == np.float32
    assert abs(out.size / SAMPLE_RATE - seconds) < 1.0  # resampled to 16 kHz, only trimmed
    assert np.abs(out).max() == pytest.approx(PEAK_LEVEL, abs=1e-3)


@pytest.mark.parametrize("voice", ["espeak-en-gb-x-rp+m3", "piper-joe"])
def test_rate_and_pitch_are_obeyed(engines, voice: str) -> None:
    engine = engines(voice.split("-")[0])
    slow = finish_wave(*engine.synthesize(SENTENCE, voice, rate=0.8, pitch=0.9, variation=0.0))
    fast = finish_wave(*engine.synthesize(SENTENCE, voice, rate=1.25, pitch=1.12, variation=0.0))
    assert fast.size < 0.8 * slow.size
    assert median_f0(fast) > 1.1 * median_f0(slow)


def test_piper_session_threads(engines) -> None:
    """One onnxruntime thread by default (one synthesis process per core); more on request."""
    for engine, threads in ((engines("piper"), 1), (PiperEngine(threads=2), 2)):
        options = engine._voice.session.get_session_options()
        assert options.intra_op_num_threads == options.inter_op_num_threads == threads


def test_every_espeak_voice_exists(engines) -> None:
    engine = engines("espeak")
    assert len(engine.voices()) >= 8 * 12
    for voice in engine.voices():
        wave, _ = engine.synthesize("Yes.", voice)
        assert wave.size > 0, voice


def test_unknown_voice_is_refused(engines) -> None:
    with pytest.raises(ValueError, match="unknown espeak voice"):
        engines("espeak").synthesize(SENTENCE, "espeak-xx+f1")


@needs_festival
def test_festival_crash_loses_only_the_bad_sentence() -> None:
    requests = [
        SynthesisRequest("First sentence here.", "festival-kal"),
        SynthesisRequest("", "festival-kal"),  # festival segfaults on empty text
        SynthesisRequest("Third sentence here.", "festival-ked", rate=1.2, pitch=1.05),
    ]
    first, bad, third = FestivalEngine().synthesize_many(requests)
    assert isinstance(bad, SynthesisError) and "festival-kal" in str(bad)
    for result in (first, third):
        assert not isinstance(result, SynthesisError)
        assert result[0].size > 0


@needs_flite
@pytest.mark.parametrize("voice", ["flite-slt", "flite-kal16"])
def test_flite_says_a_sentence(voice: str) -> None:
    wave, sample_rate = build_engine("flite").synthesize(SENTENCE, voice, rate=1.1, pitch=0.95)
    assert np.isfinite(wave).all() and 1.0 < wave.size / sample_rate < 8.0


def test_finish_wave_trims_lightly_and_normalizes() -> None:
    rate = 22050
    t = np.arange(rate // 2) / rate
    voiced = (0.2 * np.sin(2 * np.pi * 200 * t)).astype(np.float32)
    silence = np.zeros(rate, dtype=np.float32)
    out = finish_wave(np.concatenate([silence, voiced, silence]), rate)
    assert out.size / SAMPLE_RATE == pytest.approx(0.5 + 2 * 0.1, abs=0.01)  # 100 ms margins
    assert np.abs(out).max() == pytest.approx(PEAK_LEVEL, abs=1e-3)
    assert finish_wave(silence, rate).size == 0


def test_plan_is_deterministic_balanced_and_extensible() -> None:
    voices = ["espeak-en-us+f1", "espeak-en-gb+m1", "piper-joe"]
    plan = plan_corpus(PROMPTS, voices, seed=7, count=12)
    assert plan == plan_corpus(PROMPTS, voices, seed=7, count=12)
    assert plan != plan_corpus(PROMPTS, voices, seed=8, count=12)
    assert plan[4:] == plan_corpus(PROMPTS, voices, seed=7, count=8, start=4)
    assert sorted(p.text for p in plan[: len(PROMPTS)]) == sorted(PROMPTS)  # no repeat too soon
    for block in range(4):  # each voice says one of every three utterances
        assert sorted(p.voice for p in plan[3 * block : 3 * block + 3]) == sorted(voices)
    assert len({p.id for p in plan}) == len(plan)
    assert len({(p.rate, p.pitch) for p in plan}) == len(plan)  # varied per utterance
    assert all(0.75 < p.rate < 1.3 and 0.85 < p.pitch < 1.15 for p in plan)
    assert all(0.0 <= p.variation <= 1.0 and p.estimate > 0 for p in plan)


def test_steady_plan_has_one_delivery_per_voice_and_the_same_texts() -> None:
    voices = ["piper-joe"]
    jittered = plan_corpus(PROMPTS, voices, seed=3, count=6)
    steady = plan_corpus(PROMPTS, voices, seed=3, count=6, steady=True)
    assert [p.text for p in steady] == [p.text for p in jittered]
    assert {(p.rate, p.pitch, p.variation) for p in steady} == {(1.0, 1.0, 0.5)}
    assert len({(p.rate, p.pitch) for p in jittered}) > 1


def test_resolve_voices() -> None:
    assert resolve_voices("espeak:3,piper") == [
        "espeak-en-us+f1",
        "espeak-en-gb+m1",
        "espeak-en-gb-scotland+f2",
        "piper-joe",
    ]
    assert resolve_voices("piper-joe,espeak-en-029+m7,piper") == ["piper-joe", "espeak-en-029+m7"]
    default = resolve_voices()
    assert "piper-joe" in default and len(default) >= 6
    assert not any(v.split("-")[0] in EVAL_ENGINES for v in default)
    for bad, message in [
        ("espeak:0", "count must be"),
        ("espeak:x", "count must be"),
        ("espeak-en-us+zz", "no such voice"),
        ("nosuch:2", "unknown engine"),
        (" , ", "empty voice spec"),
    ]:
        with pytest.raises(ValueError, match=message):
            resolve_voices(bad)


@pytest.mark.parametrize("spec", ["flite", "flite:2", "espeak:2,flite-slt", "pico"])
def test_eval_engines_never_train(tmp_path, spec: str) -> None:
    with pytest.raises(ValueError, match="evaluation|unknown engine"):
        resolve_voices(spec)
    with pytest.raises(ValueError):
        synthesize_corpus(PROMPTS, tmp_path / "c", 0.01, voices_spec=spec, workers=1)
    assert not (tmp_path / "c").exists()


def test_eval_sets_take_no_training_engine() -> None:
    for engine in TRAINING_ENGINES:
        with pytest.raises(ValueError, match="training data"):
            resolve_voices(engine, eval_voices=True)


def test_worker_refuses_an_eval_voice_in_a_training_corpus(tmp_path) -> None:
    item = PlannedUtterance("flite-slt_000000", SENTENCE, "flite-slt", 1.0, 1.0, 0.5, 3.0)
    with pytest.raises(ValueError, match="may not make a train corpus"):
        _synthesize_chunk([item], str(tmp_path), TRAIN)


def test_corpus_in_parallel_then_resumed(tmp_path) -> None:
    out = tmp_path / "corpus"
    hours = CORPUS_SECONDS / 3600
    manifest = synthesize_corpus(PROMPTS, out, hours, "espeak:1,piper", seed=3, workers=2)
    utts = read_manifest(manifest)
    assert len(utts) >= 3 and {u.speaker for u in utts} == {"espeak-en-us+f1", "piper-joe"}
    assert sum(u.duration for u in utts) >= CORPUS_SECONDS
    for utt in utts:
        info = sf.info(utt.audio)
        assert info.samplerate == SAMPLE_RATE and info.channels == 1
        assert info.duration == pytest.approx(utt.duration, abs=1e-3)
        assert utt.text in PROMPTS and utt.lang == "en"
        assert utt.audio.endswith(f"wavs/{utt.speaker}/{utt.id}.wav")
    plan = json.loads((out / "plan.json").read_text())
    assert plan["summary"]["resumed"] == 0 and plan["summary"]["failed"] == 0
    assert [p["id"] for p in plan["utterances"]] == [u.id for u in utts]

    stamps = {u.id: (out / "wavs" / u.speaker / f"{u.id}.wav").stat().st_mtime_ns for u in utts}
    synthesize_corpus(PROMPTS, out, hours, "espeak:1,piper", seed=3, workers=2)
    assert read_manifest(manifest) == utts
    assert json.loads((out / "plan.json").read_text())["summary"]["resumed"] == len(utts)
    for utt in utts:
        assert (out / "wavs" / utt.speaker / f"{utt.id}.wav").stat().st_mtime_ns == stamps[utt.id]

    # a lost wav is made again, and only that one
    lost = next(u for u in utts if u.speaker.startswith("espeak"))
    (out / "wavs" / lost.speaker / f"{lost.id}.wav").unlink()
    synthesize_corpus(PROMPTS, out, hours, "espeak:1,piper", seed=3, workers=1)
    summary = json.loads((out / "plan.json").read_text())["summary"]
    again = read_manifest(manifest)
    assert summary["resumed"] == len(utts) - 1
    assert [u.id for u in again[: len(utts)]] == [u.id for u in utts]
    assert (out / "wavs" / lost.speaker / f"{lost.id}.wav").is_file()
    # eSpeak NG's output length varies by a few ms between calls in one process (the same
    # sentence 20 times in a row: -122..+30 samples at 22.05 kHz): a remade wav that much shorter
    # may leave the corpus short of its target, and only then is one more utterance planned
    first = sum(u.duration for u in again[: len(utts)])
    assert summary["utterances"] == len(utts) or (
        summary["utterances"] == len(utts) + 1 and first < CORPUS_SECONDS
    )

    with pytest.raises(ValueError, match="plan.json.*different seed"):
        synthesize_corpus(PROMPTS, out, hours, "espeak:1,piper", seed=4, workers=1)


def test_resumed_corpus_keeps_the_earlier_plan(tmp_path, monkeypatch) -> None:
    """A resumed run replans every utterance the earlier one planned, whatever a remade wav's
    length: planning again from duration ratios would drop the later rounds' files."""
    import yuyin.data.synth as synth

    lengths = {"factor": 0.5}  # audio half as long as estimated: the first run needs two rounds

    def fake_chunk(chunk, out_dir, purpose):
        outcomes = []
        for item in chunk:
            seconds = item.estimate * lengths["factor"]
            path = item.wav_path(Path(out_dir))
            path.parent.mkdir(parents=True, exist_ok=True)
            sf.write(path, np.full(round(seconds * SAMPLE_RATE), 0.1, np.float32), SAMPLE_RATE)
            outcomes.append(synth._Outcome(item.id, "espeak", seconds, synth_seconds=0.01))
        return outcomes

    monkeypatch.setattr(synth, "_synthesize_chunk", fake_chunk)
    hours = 30 / 3600
    manifest = synthesize_corpus(PROMPTS, tmp_path, hours, "espeak:1", seed=0, workers=1)
    first = read_manifest(manifest)
    assert len(first) >= 4
    lost = first[0]
    (tmp_path / "wavs" / lost.speaker / f"{lost.id}.wav").unlink()
    lengths["factor"] = 4.0  # remade much longer: the first round alone would reach the target
    synthesize_corpus(PROMPTS, tmp_path, hours, "espeak:1", seed=0, workers=1)
    again = read_manifest(manifest)
    assert [u.id for u in again] == [u.id for u in first]
    assert again[0].duration > 7 * first[0].duration
    assert json.loads((tmp_path / "plan.json").read_text())["summary"]["resumed"] == len(first) - 1


def test_corpus_skips_and_reports_failures(tmp_path) -> None:
    prompts = ["The birch canoe slid on the smooth planks.", "...", "   "]
    manifest = synthesize_corpus(prompts, tmp_path, 6 / 3600, "espeak:1", seed=0, workers=1)
    utts = read_manifest(manifest)
    assert utts and all(u.text == prompts[0] for u in utts)
    assert sum(u.duration for u in utts) >= 6
    plan = json.loads((tmp_path / "plan.json").read_text())
    assert plan["prompts"] == 2  # the blank line was dropped up front
    assert plan["summary"]["failed"] == len(plan["failed"]) >= 1
    assert all(f["text"] == "..." and "silent" in f["error"] for f in plan["failed"])
    with pytest.raises(ValueError, match="hours must be a finite number > 0"):
        synthesize_corpus(PROMPTS, tmp_path / "x", 0, "espeak:1")
    with pytest.raises(ValueError, match="no prompts"):
        synthesize_corpus(["  "], tmp_path / "y", 0.01, "espeak:1")
    with pytest.raises(RuntimeError, match="every one of"):
        synthesize_corpus(["...", "!"], tmp_path / "z", 0.01, "espeak:1", workers=1)


@needs_flite
def test_unseen_voices_set(tmp_path) -> None:
    manifest = synthesize_corpus(None, tmp_path, 6 / 3600, seed=0, workers=1, eval_voices=True)
    utts = read_manifest(manifest)
    assert utts and all(u.speaker.startswith("flite-") for u in utts)
    assert "Never train" in (tmp_path / "README.txt").read_text()
    assert json.loads((tmp_path / "plan.json").read_text())["purpose"] == "unseen-voices"


def test_cli_synth(tmp_path, capsys) -> None:
    text = tmp_path / "prompts.txt"
    text.write_text("\n".join(PROMPTS[:3]) + "\n\n", encoding="utf-8")
    out = tmp_path / "corpus"
    args = ["data", "synth", "--text", str(text), "--hours", "0.002", "--voices", "espeak:2"]
    assert main([*args, "--workers", "1", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 voices" in printed and "espeak:" in printed and "real time" in printed
    assert {u.text for u in read_manifest(out / "manifest.jsonl")} <= set(PROMPTS[:3])

    assert main(["data", "synth", "--hours", "1", "--voices", "flite", "-o", str(out)]) == 1
    assert "reserved for evaluation" in capsys.readouterr().err
    assert (
        main(["data", "synth", "--hours", "1", "--text", str(tmp_path / "no.txt"), "-o", str(out)])
        == 1
    )
    assert "no.txt: prompt file not found" in capsys.readouterr().err
    assert (
        main(["data", "synth", "--eval-voices", "--split", "train", "--hours", "1", "-o", str(out)])
        == 1
    )
    assert main(["data", "synth", "-o", str(out)]) == 2
    other = tmp_path / "imported"  # a manifest some other command wrote: not replaced
    other.mkdir()
    (other / "manifest.jsonl").write_text('{"id": "mine", "audio": "/a.wav", "duration": 1}\n')
    assert main([*args, "--workers", "1", "-o", str(other)]) == 1
    assert "holds no plan.json of a synth run" in capsys.readouterr().err
    assert [u.id for u in read_manifest(other / "manifest.jsonl")] == ["mine"]


def test_missing_programs_are_skipped_or_named(monkeypatch, capsys) -> None:
    monkeypatch.setattr("yuyin.data.engines.shutil.which", lambda program: None)
    voices = resolve_voices()
    assert len(voices) >= 6 and "piper-joe" in voices
    assert not any(v.startswith("festival") for v in voices)
    assert "skipped: festival:3" in capsys.readouterr().err
    with pytest.raises(ValueError, match="festival is not installed"):
        resolve_voices("espeak:2,festival")
    with pytest.raises(ValueError, match="no engine of the default 'flite' is installed"):
        resolve_voices(eval_voices=True)


def test_synthesis_is_the_same_in_every_process() -> None:
    """The +f2/+f3/+f5 variants mix in random breath noise: 24 of 112 voices gave other
    samples in each process, so a corpus (and the demo's WER) was not reproducible."""
    import subprocess
    import sys

    code = (
        "import hashlib; from yuyin.data.engines import EspeakEngine; e = EspeakEngine(); "
        "w, _ = e.synthesize('It was the best of times.', 'espeak-en-gb-scotland+f2'); "
        "v, _ = e.synthesize('Nay, Catherine.', 'espeak-en-us+f5'); "
        "print(hashlib.md5(w.tobytes() + v.tobytes()).hexdigest())"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)]  # fmt: skip
    assert runs[0] == runs[1]  # (a corpus: the same sentences in the same order, as planned)
    piper = code.replace("EspeakEngine", "PiperEngine").replace(
        "espeak-en-gb-scotland+f2", "piper-joe"
    )
    piper = piper.replace("espeak-en-us+f5", "piper-joe")  # VITS noise: seeded too
    runs = [subprocess.run([sys.executable, "-c", piper], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)]  # fmt: skip
    assert runs[0] == runs[1]
