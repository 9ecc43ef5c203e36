"""Build: the whole pipeline in one function, load -> validate -> graph -> pathway -> views -> render ->
write. `check` is the same pipeline stopped after validation. Both return a Result; neither prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from evidmap.diagnostics import Diagnostic
from evidmap.load import load_project
from evidmap.records import Project
from evidmap.validate import validate


@dataclass(frozen=True)
class Result:
    diagnostics: tuple[Diagnostic, ...]
    summary: str
    project: Optional[Project] = None

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")


def _validated(root: Path) -> tuple[Project, list[Diagnostic]]:
    raw, diagnostics = load_project(root)
    project, more = validate(raw)
    return project, sorted(set(diagnostics + more))


def _counts(project: Project) -> str:
    return (
        f"{len(project.articles)} articles, {len(project.claims)} claims, "
        f"{len(project.references)} references, {len(project.entities)} entities"
    )


def check(root: Path) -> Result:
    project, diagnostics = _validated(root)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    summary = f"{errors} error(s); nothing written" if errors else f"ok: {_counts(project)}"
    return Result(tuple(diagnostics), summary, project)


def build(root: Path, out: Optional[Path] = None, base_url: str = "") -> Result:
    result = check(root)
    if result.errors:
        return Result(result.diagnostics, f"{result.errors} error(s); the previous site is left as it was", result.project)
    raise NotImplementedError("site rendering is being written")
