"""Command line: `evidmap build`, `evidmap check`. A thin layer over build.py; it parses arguments,
prints diagnostics to stderr and turns the outcome into an exit code (0 success, 1 invalid project,
2 usage error)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evidmap import __version__, build


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidmap",
        description="Build a static evidence-map site from articles (seeds/), claims (claims/) and references (references/).",
    )
    parser.add_argument("--version", action="version", version=f"evidmap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="validate the project and write the site")
    build_cmd.add_argument("project", nargs="?", default=".", type=Path, help="project folder (default: current folder)")
    build_cmd.add_argument("--out", type=Path, help="output folder (default: PROJECT/site)")
    build_cmd.add_argument("--base-url", default="", help="absolute URL prefix such as /evidmap/ (default: relative links)")
    check_cmd = commands.add_parser("check", help="validate the project; write nothing")
    check_cmd.add_argument("project", nargs="?", default=".", type=Path, help="project folder (default: current folder)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if not args.project.is_dir():
        print(f"evidmap: error: project folder '{args.project}' does not exist", file=sys.stderr)
        return 2
    if args.command == "check":
        result = build.check(args.project)
    else:
        result = build.build(args.project, out=args.out, base_url=args.base_url)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=sys.stderr)
    print(result.summary, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1
