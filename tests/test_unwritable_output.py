"""Writers given a path where no file can be made: the error names that path, never the hidden
temporary file an atomic write makes beside it, and no temporary is left.

``/proc`` stands in for a folder that refuses new files (a read-only mount, a folder without
write permission): it refuses them to root as well, so the tests hold when run as root.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from yuyin.audio import AudioError, save_audio
from yuyin.cli import main
from yuyin.data.manifest import Utterance, write_manifest
from yuyin.paths import staging_dir, write_text_atomic

UNWRITABLE = Path("/proc")  # no file can be created here
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not UNWRITABLE.is_dir(), reason="needs Linux /proc"
)


def test_the_shared_writers_name_the_file_meant():
    with pytest.raises(OSError) as caught:
        write_text_atomic(UNWRITABLE / "x.json", "{}")
    assert caught.value.filename == str(UNWRITABLE / "x.json")
    with pytest.raises(OSError) as caught:
        write_manifest(UNWRITABLE / "m.jsonl", [Utterance("a", "/a.wav", 1.0)])
    assert caught.value.filename == str(UNWRITABLE / "m.jsonl")
    with pytest.raises(AudioError) as audio:
        save_audio(UNWRITABLE / "x.wav", np.zeros(800, np.float32))
    assert str(audio.value).startswith(f"{UNWRITABLE / 'x.wav'}: could not write (")
    with pytest.raises(OSError) as caught:
        staging_dir(UNWRITABLE / "model")  # save_model's and pack_voice's folder
    assert caught.value.filename == str(UNWRITABLE / "model")


@pytest.mark.parametrize("name", ["x.wav", "sub/x.wav"])
def test_say_names_the_output_it_was_given(name, capsys):
    out = UNWRITABLE / name
    assert main(["say", "Hello.", "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {out}: could not write audio (") and err.count("\n") == 1
    assert "/." not in err  # no hidden temporary name such as /proc/.x.wav.k2j4


def test_resynth_names_the_output_it_was_given(tmp_path, capsys):
    clip = save_audio(tmp_path / "in.wav", 0.1 * np.sin(np.arange(8000, dtype=np.float32) / 5))
    out = UNWRITABLE / "x.wav"
    assert main(["vocoder", "resynth", str(clip), "-o", str(out), "--griffin-lim"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {out}: could not write (") and "Traceback" not in err
