"""evidmap serve: live preview that rebuilds on save, shows errors, keeps the last good site."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from pathlib import Path

from test_site import EVIDMAP


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_serve_rebuilds_on_save_reports_errors_and_keeps_last_good_site(mini: Path):
    proc = subprocess.Popen(EVIDMAP + ["serve", str(mini), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = wait_for(lambda: next((l for l in iter(proc.stdout.readline, "") if l.startswith("serving ")), None))
        base = line.split()[1]
        page = fetch(base + "claims/drug-d-lowers-glucose.html")
        assert "Drug D lowers blood glucose." in page
        assert '<script src="/__evidmap__/live.js"></script>' in page
        assert "live.js" not in (mini / "site/claims/drug-d-lowers-glucose.html").read_text()  # never written
        state = json.loads(fetch(base + "__evidmap__/state"))
        assert state == {"generation": 1, "errors": []}

        claims = mini / "claims/beta.yaml"
        claims.write_text(claims.read_text().replace("statement: Drug D lowers blood glucose.", "statement: Drug D lowers glucose in blood."))
        wait_for(lambda: json.loads(fetch(base + "__evidmap__/state"))["generation"] == 2)
        assert "Drug D lowers glucose in blood." in fetch(base + "claims/drug-d-lowers-glucose.html")

        claims.write_text(claims.read_text().replace("type: trial-result", "type: trial"))
        state = wait_for(lambda: (s := json.loads(fetch(base + "__evidmap__/state")))["errors"] and s)
        assert state["generation"] == 2
        assert state["errors"][0].startswith("claims/beta.yaml:21:11: error: 'claims[2].type' is 'trial'")
        assert "Drug D lowers glucose in blood." in fetch(base + "claims/drug-d-lowers-glucose.html")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
