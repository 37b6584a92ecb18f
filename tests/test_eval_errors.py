"""`yuyin eval`: the most frequent word errors and the per-utterance hypotheses file."""

from __future__ import annotations

import json
from pathlib import Path

import jiwer

import yuyin
from yuyin.cli import main
from yuyin.data.manifest import Utterance, write_manifest
from yuyin.eval.asr import word_errors
from yuyin.text.normalize import normalize_for_scoring

CLIP = Path(yuyin.__file__).parent / "assets" / "audio" / "golden.wav"
GOLDEN = json.loads(CLIP.with_suffix(".json").read_text())


def test_word_errors_count_each_word_of_a_chunk() -> None:
    triples = [
        ("a", "the cat sat on a mat", "the bat sat on a mat"),
        ("b", "the cat ran off", "the bat"),  # "ran off" deleted: two deletions, not one
        ("c", "hello", "hello there there"),
        ("d", "", "noise"),  # no reference: left out
    ]
    errors = word_errors(triples)
    assert errors["substitutions"] == [["cat", "bat", 2]]
    assert errors["deletions"] == [["ran", 1], ["off", 1]]
    assert errors["insertions"] == [["there", 2]]
    assert word_errors([]) == {"substitutions": [], "deletions": [], "insertions": []}
    assert len(word_errors(triples, top=1)["deletions"]) == 1


def test_eval_writes_hypotheses_and_names_its_frequent_errors(tmp_path, capsys) -> None:
    manifest = tmp_path / "m.jsonl"
    write_manifest(manifest, [Utterance("golden", str(CLIP), GOLDEN["duration"],
                                        GOLDEN["reference"])])  # fmt: skip
    out = tmp_path / "new" / "hyp.jsonl"
    assert main(["eval", str(manifest), "--json", "--hypotheses", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    reference = normalize_for_scoring(GOLDEN["reference"])
    assert line["id"] == "golden" and line["reference"] == reference
    assert line["hypothesis"] == GOLDEN["expected_output"]
    assert line["wer"] == round(jiwer.wer(reference, GOLDEN["expected_output"]), 4)
    substituted = {(r, h) for r, h, _ in report["errors"]["substitutions"]}
    assert ("laughing", "laghing") in substituted  # what the bundled model mishears there
    assert main(["eval", str(manifest)]) == 0
    assert "most frequent word errors:" in capsys.readouterr().out


def test_eval_says_how_many_utterances_decoded_to_nothing(tmp_path, capsys) -> None:
    import numpy as np
    import soundfile

    silent = tmp_path / "silent.wav"
    soundfile.write(silent, np.zeros(16000, dtype=np.float32), 16000)
    manifest = tmp_path / "m.jsonl"
    golden = Utterance("g", str(CLIP), GOLDEN["duration"], GOLDEN["reference"])
    write_manifest(manifest, [Utterance("s", str(silent), 1.0, "hello"), golden])
    assert main(["eval", str(manifest)]) == 0
    assert "on 2 utterances" in (out := capsys.readouterr().out) and "1 decoded to nothing" in out
    # a missing file is said as such, not counted as decoded to nothing
    gone = Utterance("m", str(tmp_path / "gone.wav"), 1.0, "hello")
    write_manifest(manifest, [Utterance("s", str(silent), 1.0, "hello"), golden, gone])
    assert main(["eval", str(manifest)]) == 1
    out, err = capsys.readouterr()
    assert "on 3 utterances" in out and "1 decoded to nothing" in out
    assert "gone.wav: file not found" in err and "1 of 3 utterances had unusable audio" in err


def test_eval_condition_hears_the_manifest_as_transcribe_does(tmp_path, capsys) -> None:
    """A quiet clip after seconds of silence garbles the plain score; ``--condition`` scores
    what ``yuyin transcribe`` would write, and the real-time factor still counts every second."""
    import numpy as np

    from yuyin.audio import load_audio, save_audio
    from yuyin.transcribe import Recognizer

    clip = load_audio(CLIP)
    wave = np.concatenate([np.zeros(5 * 16000, np.float32), 0.05 * clip / np.abs(clip).max()])
    quiet = save_audio(tmp_path / "quiet.wav", wave)  # 5 s of silence, then a -26 dBFS peak
    manifest = tmp_path / "m.jsonl"
    write_manifest(manifest, [Utterance("q", str(quiet), len(wave) / 16000, GOLDEN["reference"])])
    scores = {}
    for flags in ([], ["--condition"]):
        out = tmp_path / f"hyp{len(flags)}.jsonl"
        assert main(["eval", str(manifest), "--json", "--hypotheses", str(out), *flags]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["conditioned"] is bool(flags)
        assert abs(report["audio_seconds"] - len(wave) / 16000) < 0.06  # as read, rounded
        scores[bool(flags)] = json.loads(out.read_text())
    heard = Recognizer.load().transcribe(quiet).text
    assert scores[True]["hypothesis"] == normalize_for_scoring(heard)
    assert scores[True]["wer"] < scores[False]["wer"]
