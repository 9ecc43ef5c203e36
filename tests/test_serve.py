"""evidmap serve: live preview that rebuilds on save, shows errors, keeps the last good site."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from conftest import EVIDMAP


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


def _request(base: str, raw_path: bytes, method: bytes = b"GET") -> bytes:
    """The status line the server answers a request whose path is sent exactly as given."""
    host, port = base.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(method + b" " + raw_path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        return connection.recv(200).split(b"\r\n")[0]


# Paths no file can have, so that looking one up raises rather than finds nothing: a NUL, a lone
# surrogate (UTF-8 of U+D800), a name over 255 bytes, a whole path over 4,096.
BAD_PATHS = [b"/claims/%00.html", b"/a\x00b", b"/%ed%a0%80", b"/claims/%ed%a0%80.html",
             b"/" + b"a" * 300, b"/claims/" + b"a" * 300 + b".html", b"/" + b"ab/" * 2000]


def _replace(old: str, new: str):
    def edit(path: Path) -> None:
        text = path.read_text("utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), "utf-8")
    return edit


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


# Each: the file edited, how, and how its first error starts (as the terminal and the overlay show it).
BROKEN_STATES = [
    ("seeds/alpha.md", _replace("date: 2026-01-02", "date: 2026-02-30"),
     "seeds/alpha.md:4:7: error: '2026-02-30' is not a real date (day is out of range for month)"),
    ("claims/beta.yaml", _replace('value: "70-80%"', "value: " + "9" * 5000),
     "claims/beta.yaml:17:46: error: number '999999"),
    ("claims/alpha.yaml", _replace("article: alpha", "article: [x]"),
     "claims/alpha.yaml:1:10: error: 'article' must be text, not a list"),
    ("claims/alpha.yaml", _replace("statement: Kinase X inhibits complex Y in muscle.", "statement: " + "[" * 3000 + "]" * 3000),
     "claims/alpha.yaml:5:1013: error: refused: document nests deeper than 50 levels"),
    ("claims/loop.yaml", _loop,
     "claims/loop.yaml: error: symbolic link loops back on itself"),
    ("claims/alpha.yaml", _replace("    citation: numbered\n", '    citation: numbered\n    "\\e[2J\\anote": x\n'),
     "claims/alpha.yaml:9:5: error: unknown field '\\x1b[2J\\x07note'"),
    ("claims/entities/core.yaml", _replace("{id: drug-d,", '{id: "drug-d\\n",'),
     "claims/entities/core.yaml:6:10: error: 'entities[4].id' is 'drug-d\\x0a', which does not match"),
]


def test_serve_survives_every_kind_of_broken_input_and_bad_requests(mini: Path):
    """Each broken state shows its error over the page while the last good site is served; each
    repair builds again. A request with a NUL in its path gets a 400."""
    proc = subprocess.Popen(EVIDMAP + ["serve", str(mini), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = wait_for(lambda: next((l for l in iter(proc.stdout.readline, "") if l.startswith("serving ")), None))
        base = line.split()[1]
        state = lambda: json.loads(fetch(base + "__evidmap__/state"))  # noqa: E731
        good = fetch(base + "claims/drug-d-lowers-glucose.html")
        assert "<h1" in good and "live.js" in good

        for bad_path in BAD_PATHS:
            for method in (b"GET", b"HEAD"):
                assert _request(base, bad_path, method).startswith(b"HTTP/1.0 400"), (method, bad_path[:40])
        for rel, edit, expected in BROKEN_STATES:
            path = mini / rel
            original = path.read_text("utf-8") if path.exists() else None
            generation = state()["generation"]
            edit(path)
            broken = wait_for(lambda: (s := state())["errors"] and any(e.startswith(expected) for e in s["errors"]) and s)
            assert broken["generation"] == generation, rel
            assert fetch(base + "claims/drug-d-lowers-glucose.html") == good  # the last good site, overlay script included
            if original is None:
                path.unlink()
            else:
                path.write_text(original, "utf-8")
            wait_for(lambda: (s := state())["generation"] > generation and not s["errors"])
        assert proc.poll() is None
        assert _request(base, b"/index.html").startswith(b"HTTP/1.0 200")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    assert "Traceback" not in output
    assert "\x1b" not in output and "\x07" not in output


def test_a_rebuild_that_raises_is_reported_and_the_server_goes_on(mini: Path, monkeypatch):
    """A bug (input problems are diagnostics, not exceptions) must not stop the server: the traceback
    goes to the terminal, the error over the page, and the generation stays at the last good build."""
    from evidmap import build as build_stage
    from evidmap import serve

    state, said = serve.State(), []

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(build_stage, "build", broken)
    serve.rebuild(mini, mini / "site", state, said.append)
    assert state.generation == 0
    assert state.errors == ["evidmap: internal error: RuntimeError: boom (a bug in evidmap; please report it with the "
                            "traceback above)\nthe previous site is left as it was"]
    assert said[0].startswith("Traceback (most recent call last):") and said[0].endswith("RuntimeError: boom")


def test_serve_watches_a_folder_that_was_deleted_and_made_again(mini: Path, tmp_path: Path):
    """As `git stash` does to a folder: it goes (a build with no claims), comes back as a new folder
    (a build with them), and a later edit in it is seen."""
    import shutil

    proc = subprocess.Popen(EVIDMAP + ["serve", str(mini), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = wait_for(lambda: next((l for l in iter(proc.stdout.readline, "") if l.startswith("serving ")), None))
        base = line.split()[1]
        state = lambda: json.loads(fetch(base + "__evidmap__/state"))  # noqa: E731
        assert state() == {"generation": 1, "errors": []}

        shutil.move(mini / "claims", tmp_path / "claims")
        wait_for(lambda: state()["generation"] == 2, timeout=30)
        assert "claims" not in fetch(base + "data/claims.json")
        shutil.copytree(tmp_path / "claims", mini / "claims")  # a new folder, with new files
        wait_for(lambda: (s := state())["generation"] == 3 and not s["errors"], timeout=30)

        claims = mini / "claims/beta.yaml"
        claims.write_text(claims.read_text().replace("statement: Drug D lowers blood glucose.", "statement: Drug D lowers glucose in blood."))
        wait_for(lambda: "Drug D lowers glucose in blood." in fetch(base + "claims/drug-d-lowers-glucose.html"), timeout=30)
        assert proc.poll() is None
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    assert "Traceback" not in output
