"""Golden transcripts: ``tests/transcripts/NAME.txt`` piped into ``shuxiang demo`` must print
exactly ``NAME.out``. To accept a deliberate change of wording, regenerate with
``SHUXIANG_UPDATE_GOLDEN=1 pytest tests/test_transcripts.py`` and review the diff."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "tests" / "transcripts"
CASES = sorted(FOLDER.glob("*.txt"))


def run_demo(transcript: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "bot", "demo"], input=transcript.read_text("utf-8"),
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )


@pytest.mark.parametrize("transcript", CASES, ids=[c.stem for c in CASES])
def test_transcript_matches_golden_output(transcript: Path) -> None:
    result = run_demo(transcript)
    assert result.returncode == 0, result.stderr
    golden = transcript.with_suffix(".out")
    if os.environ.get("SHUXIANG_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, "utf-8")
    assert golden.is_file(), f"no golden output {golden.name}: run with SHUXIANG_UPDATE_GOLDEN=1"
    assert result.stdout == golden.read_text("utf-8")


def test_unknown_directive_stops_with_a_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("/start\n@dance now\n", "utf-8")
    result = run_demo(bad)
    assert result.returncode == 1
    assert "transcript line 2: unknown directive @dance" in result.stderr
    assert "Traceback" not in result.stderr
