"""Serve: a local preview that rebuilds on save and reloads the open page.

`evidmap serve` builds the site, serves it on 127.0.0.1, and watches seeds/, claims/, references/,
templates/ and evidmap.yaml (with watchfiles: native file events, batched, so one save of several
files is one rebuild). Each rebuild goes through the normal build, so a broken edit leaves the last
good site being served; its errors print in the terminal and show over the page. The server keeps a
build Memo, so a rebuild renders only the pages whose view-models changed, and writes the site
before it updates the search index and the data exports (a second write, moments later). Pages get a small
script, added while serving (never written into the site), that polls `/__evidmap__/state` and
reloads when a new build lands.

The server runs until it is stopped: a request it cannot serve gets an HTTP error (400 for a path
no file can have: a NUL, a lone surrogate, a name too long), and a rebuild that fails in an unexpected way (a bug in evidmap) is reported like a
broken edit, with the last good site still served.
"""

from __future__ import annotations

import json
import os
import threading
import traceback
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from evidmap import build as build_stage

WATCHED = ("seeds", "claims", "references", "templates", "evidmap.yaml")

LIVE_JS = r"""
(function () {
  var seen = null;
  function overlay(errors) {
    var box = document.getElementById("evidmap-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "evidmap-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:99;" +
        "background:#2b0000;color:#ffd7d7;font:13px/1.5 ui-monospace,monospace;padding:12px 16px;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "evidmap: the last edit does not build; showing the last good site.\n\n" + errors.join("\n");
  }
  function poll() {
    fetch("/__evidmap__/state", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.generation !== seen) { location.reload(); return; }
      seen = s.generation;
      overlay(s.errors);
    }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
"""


class State:
    """What the server tells open pages: how many good builds so far, and the current errors."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = 0
        self.errors: list[str] = []

    def snapshot(self) -> bytes:
        with self.lock:
            return json.dumps({"generation": self.generation, "errors": self.errors}).encode("utf-8")


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, state: State, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # the terminal is for build results
        pass

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False  # the base class has answered (400, 414, ...)
        if "\x00" in unquote(self.path.split("?", 1)[0]) or not self._names_a_possible_file():
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad request path")
            return False
        return True

    def _names_a_possible_file(self) -> bool:
        """Whether the request path could name a file (a NUL is checked apart): looking up one that
        cannot raises instead of answering, for a name or path too long (ENAMETOOLONG) or a lone
        surrogate (%ed%a0%80), which no file name can hold."""
        try:
            target = self.translate_path(self.path)
            os.fsencode(target)
            Path(target).is_dir()  # missing files are no error; a name too long is
            return True
        except (OSError, ValueError):
            return False

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/__evidmap__/state":
            return self._send(self.state.snapshot(), "application/json")
        if path == "/__evidmap__/live.js":
            return self._send(LIVE_JS.encode("utf-8"), "text/javascript")
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            try:
                html = target.read_bytes()
            except OSError:  # swapped away by a rebuild just now: the base class answers 404
                return super().do_GET()
            html = html.replace(b"</body>", b'<script src="/__evidmap__/live.js"></script>\n</body>', 1)
            return self._send(html, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def rebuild(
    root: Path, out: Path, state: State, say: Callable[[str], None], memo: build_stage.Memo | None = None
) -> None:
    memo = memo if memo is not None else build_stage.Memo()
    result = _build(root, out, memo, say, defer=True)
    _report(result, state, say)
    if result.stale:
        # the open page has already reloaded with the new text; now the search index and data exports catch up
        _report(_build(root, out, memo, say), state, say, reload=False)


def _build(
    root: Path, out: Path, memo: build_stage.Memo, say: Callable[[str], None], defer: bool = False
) -> build_stage.Result:
    """One build; an exception (a bug: input problems are diagnostics) is printed and reported as a
    failed build, so that the server goes on serving the last good site."""
    try:
        return build_stage.build(root, out=out, memo=memo, defer=defer)
    except Exception as exc:
        say(traceback.format_exc().rstrip())
        problem = f"evidmap: internal error: {type(exc).__name__}: {exc} (a bug in evidmap; please report it with the traceback above)"
        return build_stage.Result((), f"{problem}\nthe previous site is left as it was", failed=True)


def _report(result: build_stage.Result, state: State, say: Callable[[str], None], reload: bool = True) -> None:
    lines = [str(d) for d in result.diagnostics if d.severity == "error"]
    if not result.ok and not lines:
        lines = [result.summary]
    with state.lock:
        if result.ok and reload:
            state.generation += 1
        state.errors = lines
    shown = result.diagnostics if reload or not result.ok else ()  # a catch-up build repeats the warnings
    for line in [str(d) for d in shown] + [result.summary]:
        say(line)


def serve(
    root: Path,
    port: int = 8000,
    out: Path | None = None,
    say: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Build, serve and rebuild on every change until interrupted (or `stop` is set)."""
    from watchfiles import watch

    out = (out or root / "site").absolute()
    state = State()
    memo = build_stage.Memo()
    rebuild(root, out, state, say, memo)
    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Handler, directory=str(out), state=state))
    say(f"serving http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    paths = [root / name for name in WATCHED if (root / name).exists()]
    stop = stop or threading.Event()
    try:
        for changes in watch(*paths, stop_event=stop, debounce=150, step=50):
            names = sorted({Path(p).relative_to(root.absolute()).as_posix() for _, p in changes if _inside(p, root)})
            say(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
            rebuild(root, out, state, say, memo)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _inside(path: str, root: Path) -> bool:
    try:
        Path(path).relative_to(root.absolute())
        return True
    except ValueError:
        return False
