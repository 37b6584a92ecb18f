"""Writers on a disk that fills up: the old file stays whole, no half record, no temporary left.

A process whose files may not grow past a size limit (``RLIMIT_FSIZE``; the failed write raises
EFBIG, as a full disk raises ENOSPC) stands in for a full disk, so no mount is needed.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

from yuyin.audio import save_audio

LIMIT = 4096  # bytes a file of the limited process may grow to


def _limited() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def run_limited(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, preexec_fn=_limited
    )


def python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_limited(["-c", textwrap.dedent(code)], cwd)


def test_records_are_replaced_whole_or_not_at_all(tmp_path):
    (tmp_path / "settings.json").write_text('{"old": true}\n')
    (tmp_path / "log.csv").write_text("step,loss\n" + "1,0.5\n" * 500)  # 3 KB of 4
    done = python(
        """
        from yuyin.paths import append_text, write_text_atomic
        for call in (lambda: write_text_atomic("settings.json", "x" * 10000),
                     lambda: append_text("log.csv", "2,0.25\\n" * 300)):
            try:
                call()
            except OSError as exc:
                print(exc.filename)
        """,
        tmp_path,
    )
    assert done.stdout.split() == ["settings.json", "log.csv"], done.stderr
    assert (tmp_path / "settings.json").read_text() == '{"old": true}\n'
    assert (tmp_path / "log.csv").read_text() == "step,loss\n" + "1,0.5\n" * 500  # cut back
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv", "settings.json"]


def test_audio_on_a_full_disk_is_one_clear_error_and_keeps_the_old_file(tmp_path):
    old = save_audio(tmp_path / "out.wav", np.zeros(800, np.float32))
    before = old.read_bytes()
    done = python(
        """
        import numpy as np
        from yuyin.audio import AudioError, save_audio
        try:
            save_audio("out.wav", 0.1 * np.sin(np.arange(16000) / 5.0))
        except AudioError as exc:
            print(exc)
        """,
        tmp_path,
    )
    assert done.stdout.startswith("out.wav: could not write (File too large)"), done.stderr
    assert "Exception ignored" not in done.stderr and "AssertionError" not in done.stderr
    assert old.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["out.wav"]


def test_say_on_a_full_disk_exits_1_with_one_line(tmp_path):
    done = run_limited(
        ["-m", "yuyin", "say", "Hello there, how are you?", "-o", "out.wav"], tmp_path
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: out.wav: could not write audio (File too large)"
    ]
    assert list(tmp_path.iterdir()) == []


def test_g2p_label_on_a_full_disk_leaves_whole_lines(tmp_path):
    letters = [f"{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(400)]
    (tmp_path / "words.txt").write_text("".join(f"zyq{pair}vex\n" for pair in letters))
    (tmp_path / "lex.dict").write_text("zzyzx Z IH1 Z IH0 K S\n" * 120)  # 2.6 KB of 4
    done = run_limited(["-m", "yuyin", "g2p", "label", "words.txt", "--out", "lex.dict"], tmp_path)
    assert done.returncode == 1 and "lex.dict: File too large (0 words written)" in done.stderr
    assert (tmp_path / "lex.dict").read_text() == "zzyzx Z IH1 Z IH0 K S\n" * 120


def test_atomic_writes_keep_symlinks_and_permissions(tmp_path):
    import os
    import stat

    from yuyin.data.manifest import Utterance, write_manifest
    from yuyin.paths import write_text_atomic

    real = tmp_path / "real" / "settings.json"
    real.parent.mkdir()
    real.write_text("old")
    os.chmod(real, 0o600)
    link = tmp_path / "settings.json"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600  # not widened to 0644
    audio = save_audio(tmp_path / "new.wav", np.zeros(800, np.float32))
    assert stat.S_IMODE(audio.stat().st_mode) & 0o044  # a new file is readable, not mkstemp's 0600
    manifest = tmp_path / "m.jsonl"
    (tmp_path / "real" / "m.jsonl").write_text("")
    manifest.symlink_to(tmp_path / "real" / "m.jsonl")
    write_manifest(manifest, [Utterance("a", "/a.wav", 1.0)])
    assert manifest.is_symlink() and (tmp_path / "real" / "m.jsonl").read_text().startswith("{")
    try:
        write_text_atomic(tmp_path / "missing" / "x.json", "x")
    except OSError as exc:
        assert exc.filename == str(tmp_path / "missing" / "x.json")  # the file meant, not a temp
