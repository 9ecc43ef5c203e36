"""Command line: `evidmap build`, `check`, `serve`, `extract`. A thin layer over build.py; it parses
arguments, prints diagnostics to stderr (every character a terminal would act on escaped) and turns
the outcome into an exit code (0 success, 1 invalid project or refused input, 2 usage error)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from evidmap import __version__, build
from evidmap.diagnostics import printable


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidmap",
        description="Build a static evidence-map site from articles (seeds/), claims (claims/) and references (references/).",
    )
    parser.add_argument("--version", action="version", version=f"evidmap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="validate the project and write the site")
    build_cmd.add_argument(
        "project", nargs="?", default=".", type=Path, help="project folder (default: current folder)"
    )
    build_cmd.add_argument("--out", type=Path, help="output folder (default: PROJECT/site)")
    build_cmd.add_argument(
        "--base-url", default="", help="absolute URL prefix such as /evidmap/ (default: relative links)"
    )
    serve_cmd = commands.add_parser("serve", help="build, serve on localhost, rebuild and reload on every save")
    serve_cmd.add_argument(
        "project", nargs="?", default=".", type=Path, help="project folder (default: current folder)"
    )
    serve_cmd.add_argument(
        "--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0 picks a free one)"
    )
    serve_cmd.add_argument("--out", type=Path, help="output folder (default: PROJECT/site)")
    extract_cmd = commands.add_parser("extract", help="draft claims and references from a new seed article")
    extract_cmd.add_argument("seed", type=Path, help="the article, e.g. seeds/new-article.md")
    extract_cmd.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        help="the project folder, which holds the seed in its seeds/ (default: current folder)",
    )
    extract_cmd.add_argument("--force", action="store_true", help="replace existing claim and reference files")
    check_cmd = commands.add_parser("check", help="validate the project; write nothing")
    check_cmd.add_argument(
        "project", nargs="?", default=".", type=Path, help="project folder (default: current folder)"
    )
    check_cmd.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (path:line:col: severity: message) or json for tools",
    )
    return parser


def _progress():
    """Stage messages on a terminal; nothing when stderr is a pipe or a file (CI logs, tools)."""
    if not sys.stderr.isatty():
        return None

    def show(message: str) -> None:
        print(f"\r\033[2Kevidmap: {message}", end="", file=sys.stderr, flush=True)

    return show


def _show(text: object, file: TextIO | None = None) -> None:
    """Print `text` line by line, every character a terminal would act on escaped: messages quote
    file names, keys and values from files anyone may have written."""
    for line in str(text).split("\n"):
        print(printable(line), file=file or sys.stdout, flush=True)


def _json_report(result) -> str:
    return json.dumps(
        {
            "ok": result.ok,
            "errors": result.errors,
            "warnings": sum(1 for d in result.diagnostics if d.severity == "warning"),
            "summary": result.summary,
            "diagnostics": [
                {
                    "path": printable(d.path),
                    "line": d.line,
                    "column": d.col,
                    "severity": d.severity,
                    "message": printable(d.message),
                }
                for d in result.diagnostics
            ],
        },
        indent=1,
        ensure_ascii=False,
    )


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if args.command == "extract":
        return _extract(args.seed, args.project, args.force)
    if not args.project.is_dir():
        print(f"evidmap: error: project folder '{args.project}' does not exist", file=sys.stderr)
        return 2
    if args.command == "serve":
        from evidmap.serve import serve

        try:
            serve(args.project, port=args.port, out=args.out, say=_show)
        except OSError as exc:
            print(f"evidmap: error: cannot serve on port {args.port}: {exc.strerror}", file=sys.stderr)
            return 1
        return 0
    if args.command == "check":
        result = build.check(args.project)
        if args.format == "json":
            print(_json_report(result))
            return 0 if result.ok else 1
    else:
        progress = _progress()
        result = build.build(args.project, out=args.out, base_url=args.base_url, progress=progress)
        if progress:
            print("\r\033[2K", end="", file=sys.stderr, flush=True)
    for diagnostic in result.diagnostics:
        _show(diagnostic, file=sys.stderr)
    _show(result.summary, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def _extract(seed: Path, root: Path, force: bool) -> int:
    from evidmap.extract import extract, seed_location_problem
    from evidmap.write import OutputError, write_project_files

    if not (root / "seeds").is_dir():  # found as build finds it: the folder given, or the current one
        _show(
            f"evidmap: error: no seeds/ folder in {os.path.abspath(root)}; run extract in the project folder, or name it with --project",
            file=sys.stderr,
        )
        return 2
    if not seed.is_file():
        _show(f"evidmap: error: no such seed file '{seed}'", file=sys.stderr)
        return 2
    problem = seed_location_problem(seed, root)
    if problem:
        _show(f"{seed}: error: {problem}", file=sys.stderr)
        return 1
    result = extract(Path(os.path.realpath(seed)), root, force=force)
    for diagnostic in result.problems:
        _show(diagnostic, file=sys.stderr)
    if result.problems:
        return 1
    try:
        write_project_files(root, result.files)
    except OutputError as exc:
        _show(f"evidmap: error: {exc}", file=sys.stderr)
        return 1
    for message in result.messages:
        _show(message)
    checked = build.check(root)
    _show(f"check: {checked.summary}")
    return 0
