"""recipes/g2p_hour/run.sh end to end at smoke size (slow: ~1.5 min on 2 cores)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_hour_recipe_trains_three_models_and_a_reranker(tmp_path: Path):
    pytest.importorskip("phonetisaurus", reason="the joint-sequence G2P needs yuyin[fst]")
    out = tmp_path / "g2p"
    env = os.environ | {
        "YUYIN": str(Path(sys.executable).parent / "yuyin"),
        "PYTHON": sys.executable,
        "G2P_STEPS": "20",
        "G2P_PRETRAIN_STEPS": "10",
        "G2P_LIMIT": "200",
    }

    def recipe() -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", "recipes/g2p_hour/run.sh", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    run = recipe()
    assert run.returncode == 0, run.stderr[-2000:]
    assert "reranked" in run.stdout and f"yuyin g2p --fst {out}/fst" in run.stdout
    results = json.loads((out / "combined.json").read_text())["results"]
    assert {"neural", "reverse", "joint_sequence", "combined", "reranked"} <= set(results)
    assert results["reranked"]["words"] == 200
    record = json.loads((out / "fst" / "rerank.json").read_text())
    assert record["beam"] == 8 and record["nbest"] == 16 and record["reverse"]
    r2l = json.loads((out / "r2l" / "model" / "config.json").read_text())
    assert r2l["config"]["right_to_left"]

    # the same command again (as after a kill): the finished models are read back, not retrained
    fst_mtime = (out / "fst" / "model.fst").stat().st_mtime_ns
    steps = (out / "l2r" / "finetune" / "log.csv").read_text()
    again = recipe()
    assert again.returncode == 0, again.stderr[-2000:]
    assert (out / "fst" / "model.fst").stat().st_mtime_ns == fst_mtime
    assert (out / "l2r" / "finetune" / "log.csv").read_text() == steps
    rerun = json.loads((out / "combined.json").read_text())["results"]
    assert rerun["neural"] == results["neural"] and rerun["reverse"] == results["reverse"]
