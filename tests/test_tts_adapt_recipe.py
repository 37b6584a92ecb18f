"""recipes/tts_adapt/run.sh end to end at smoke size (slow: about a minute on 2 cores)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("text2wave") is None, reason="needs Debian's festival")
def test_the_adaptation_recipe_trains_packs_and_judges(tmp_path: Path):
    env = os.environ | {
        "YUYIN": str(Path(sys.executable).parent / "yuyin"),
        "PYTHON": sys.executable,
        "ADAPT_MINUTES": "1",
        "ADAPT_DEV_MINUTES": "1",
        "ADAPT_STEPS": "4",
        "ADAPT_VOCODER_STEPS": "2",
        "ADAPT_LIMIT": "2",
        "ADAPT_JUDGES": "yuyin",
    }
    run = subprocess.run(
        ["bash", "recipes/tts_adapt/run.sh", str(tmp_path / "w")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads((tmp_path / "w" / "judged.json").read_text())
    assert report["reference_voice"] == "festival-slt"
    systems = report["systems"]
    assert len(systems) == 5 and "festival-slt" in systems  # the target, bundled, three voices
    init = json.loads((tmp_path / "w" / "runs" / "tts-init" / "model" / "config.json").read_text())
    assert init["meta"]["init"].endswith("acoustic") and init["meta"]["steps"] == 4
    assert "-- vocoder-init (eval.csv)" in run.stdout
