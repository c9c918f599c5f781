"""``madoguchi demo --once --json``: the main job on the embedded default, from nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.services import require_binary

pytestmark = [pytest.mark.services, pytest.mark.e2e, pytest.mark.slow]


def test_the_demo_brings_every_mail_to_a_final_state(tmp_path: Path) -> None:
    require_binary("chromium")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MADOGUCHI_")}

    result = subprocess.run(
        [sys.executable, "-m", "madoguchi", "demo", "--once", "--json", "--dir", "demo"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600, check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["cases"] == 44
    finals = summary["replied"] + summary["escalated"] + summary["ignored"]
    assert finals + summary["quarantined"] == summary["cases"]
    # The demo mail is written so that each case has one right ending.
    assert (summary["replied"], summary["escalated"], summary["ignored"]) == (22, 18, 4)
    assert summary["latency_ms"]["p50"] > 0
    assert len(list((tmp_path / "demo" / "outbox").glob("*.eml"))) == summary["replied"]
