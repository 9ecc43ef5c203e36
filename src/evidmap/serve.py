"""Serve: a local preview that rebuilds on save and reloads the open page.

`evidmap serve` builds the site, serves it on 127.0.0.1, and watches seeds/, claims/, references/,
templates/ and evidmap.yaml (with watchfiles: native file events, batched, so one save of several
files is one rebuild; one of them deleted and made again, or made later, is watched from then on).
Each rebuild goes through the normal build, so a broken edit leaves the last good site being
served; its errors print in the terminal and show over the page. The server keeps a build Memo, so
a rebuild renders only the pages whose view-models changed, and writes the site before it updates
the search index and the data exports (a second write, moments later). Pages get a small script,
added while serving (never written into the site), that polls `/__evidmap__/state` and reloads
when a new build lands.

The server runs until it is stopped: a request it cannot serve gets an HTTP error (400 for a path
no file can have: a NUL, a lone surrogate, a name too long), and a rebuild that fails in an
unexpected way (a bug in evidmap) is reported like a broken edit, with the last good site still
served.
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
WATCH_CHECK_SECONDS = 0.5  # how often serve checks that each of them is still the file it watches

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
    built_from = _watched_files(root)
    rebuild(root, out, state, say, memo)
    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Handler, directory=str(out), state=state))
    say(f"serving http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = stop or threading.Event()
    changed: set[str] = set()  # seen since the last rebuild
    try:
        while not stop.is_set():
            watching = _watched_files(root)
            paths = [(root / name).absolute() for name in WATCHED if watching[name]]
            if not paths:  # nothing to watch: look again in a moment
                if changed or watching != built_from:
                    built_from, changed = watching, set()
                    rebuild(root, out, state, say, memo)
                stop.wait(WATCH_CHECK_SECONDS)
                continue
            # The watcher follows the folders (and evidmap.yaml) it was given, not their names: one
            # deleted and made again (git stash, git checkout, an editor that saves by renaming) is
            # a new file it never sees. So when one of them is reported deleted or made, or is no
            # longer the file it was (checked each time the watcher wakes up, at least every
            # WATCH_CHECK_SECONDS), it starts again on what is there now. The rebuild for such a
            # change runs once the new watcher runs, so that an edit made meanwhile is not missed.
            watched_paths = {str(path) for path in paths}
            try:
                for changes in watch(
                    *paths,
                    stop_event=stop,
                    debounce=150,
                    step=50,
                    rust_timeout=int(WATCH_CHECK_SECONDS * 1000),
                    yield_on_timeout=True,
                ):
                    now = _watched_files(root)
                    changed.update(
                        Path(p).relative_to(root.absolute()).as_posix() for _, p in changes if _inside(p, root)
                    )
                    changed.update(name for name in WATCHED if now[name] != built_from[name])
                    if now != watching or any(path in watched_paths for _, path in changes):
                        break  # the rebuild runs once the new watcher runs
                    if changed:
                        shown = sorted(changed)
                        say(f"changed: {', '.join(shown[:5])}{' …' if len(shown) > 5 else ''}")
                        built_from, changed = now, set()
                        rebuild(root, out, state, say, memo)
            except FileNotFoundError:  # one was deleted before the watcher started: look again
                continue
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _watched_files(root: Path) -> dict[str, tuple[int, int] | None]:
    """Each watched name -> which file it is now (device, inode), or None where it does not exist."""
    found: dict[str, tuple[int, int] | None] = {}
    for name in WATCHED:
        try:
            status = (root / name).stat()
            found[name] = (status.st_dev, status.st_ino)
        except OSError:
            found[name] = None
    return found


def _inside(path: str, root: Path) -> bool:
    try:
        Path(path).relative_to(root.absolute())
        return True
    except ValueError:
        return False
