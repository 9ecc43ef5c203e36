"""The error tree: every failure a build can report is an EvidmapError, and build catches it once."""

from __future__ import annotations

import ast
import errno
import inspect
from pathlib import Path

import pytest

from evidmap import build as build_module
from evidmap import errors, write
from evidmap.build import build
from evidmap.errors import EvidmapError, OutputError

SRC = Path(build_module.__file__).parent


def test_every_exception_evidmap_defines_is_in_the_tree():
    strays = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id in ("Exception", "BaseException", "OSError", "ValueError") for b in node.bases
            ):
                # private signals inside one module (load's _TooLarge) never leave it
                if not (path.name == "errors.py" or node.name.startswith("_")):
                    strays.append(f"{path.relative_to(SRC)}: {node.name}")
    assert strays == []
    public = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, Exception)]
    assert all(issubclass(c, EvidmapError) for c in public)
    assert all(c.__name__ in errors.__doc__ for c in public), "the module docstring shows the whole tree"


def test_build_catches_the_tree_once_and_nothing_else():
    tree = ast.parse(inspect.getsource(build_module.build))
    caught = [ast.unparse(h.type) for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) and h.type is not None]
    assert sorted(caught) == ["EvidmapError", "InvalidProject", "OutputError"]  # OutputError: the early folder check


def test_a_disk_failing_under_the_write_is_an_output_error_and_keeps_the_site(mini: Path, monkeypatch):
    assert build(mini).ok
    before = sorted(p.relative_to(mini / "site") for p in (mini / "site").rglob("*"))

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write, "_stage", no_space)
    result = build(mini)
    assert result.failed and not result.ok
    assert result.summary.startswith(f"evidmap: error: could not write the site into {mini / 'site'}: No space left on device")
    assert result.summary.endswith("the previous site is left as it was")
    assert sorted(p.relative_to(mini / "site") for p in (mini / "site").rglob("*")) == before
    assert not list(mini.glob(".site.staging*"))
    with pytest.raises(OutputError):
        write.write_site({"a.html": b"x"}, mini / "site", mini)


def test_the_project_cannot_be_named_as_output_through_a_link_or_dots(mini: Path, tmp_path: Path):
    """--out given as another path to the project (a linked parent, '..') is refused before
    anything is written, and so is a project that carries the site marker."""
    before = sorted(p.relative_to(mini) for p in mini.rglob("*"))
    (tmp_path / "link").symlink_to(mini.parent)
    for out in (tmp_path / "link" / mini.name, mini / "claims" / ".." / ".." / mini.name, tmp_path / "link"):
        result = build(mini, out=out)
        assert result.failed and "would replace the project itself" in result.summary, out
    (mini / write.MARKER).write_text("")
    result = build(mini, out=tmp_path / "link" / mini.name)
    assert result.failed
    (mini / write.MARKER).unlink()
    assert sorted(p.relative_to(mini) for p in mini.rglob("*")) == before
    result = build(mini, out=tmp_path / "site")
    assert result.ok
    (mini / write.MARKER).write_text("")
    assert build(mini, out=tmp_path / "site").summary.startswith(
        f"evidmap: error: the project folder holds {write.MARKER}"
    )
