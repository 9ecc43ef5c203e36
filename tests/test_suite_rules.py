"""Rules for the test suite itself: shared helpers live in conftest.py or in a helper module that is
not a test file, so that no test file depends on another one being importable, or on its name; and
records are built by conftest's factories, so that a field added to a record changes one place."""

from __future__ import annotations

import ast
from pathlib import Path

import conftest

TESTS = Path(__file__).parent
# the records conftest has a factory for: make_claim builds Claim, and so on
FACTORY_MADE = {name.removeprefix("make_").capitalize() for name in dir(conftest) if name.startswith("make_")}


def _sources() -> list[Path]:
    """Every Python file of the suite."""
    return [path for path in sorted(TESTS.rglob("*.py")) if "node_modules" not in path.parts]


def imports_of_test_modules(source: str) -> list[str]:
    """The test modules (`test_*`) a module's source imports, at any depth, as 'line: module'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # `from . import test_x` names the test module among the imported names
            modules = [node.module] if node.module else [alias.name for alias in node.names]
        else:
            continue
        found += [f"{node.lineno}: {m}" for m in modules if any(part.startswith("test_") for part in m.split("."))]
    return found


def test_the_check_finds_every_form_of_import_from_a_test_module():
    source = ("import test_site\nimport os, test_site as s\nfrom test_site import digest\n"
              "from . import test_site\nfrom browser.test_x import y\n"
              "from conftest import digest\nimport schema_fields\nfrom evidmap.build import test_like\n")
    assert imports_of_test_modules(source) == ["1: test_site", "2: test_site", "3: test_site", "4: test_site",
                                               "5: browser.test_x"]


def test_no_test_file_imports_from_another_test_file():
    offending = {path.relative_to(TESTS).as_posix(): imports for path in _sources()
                 for imports in [imports_of_test_modules(path.read_text("utf-8"))] if imports}
    assert offending == {}, "share helpers through conftest.py (or a helper module), not a test file"


def records_built_directly(source: str) -> list[str]:
    """Calls to a record class that has a factory in conftest, as 'line: class'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name in FACTORY_MADE:
                found.append((node.lineno, name))
    return [f"{line}: {name}" for line, name in sorted(found)]


def test_the_check_finds_records_built_without_their_factory():
    assert {"Article", "Claim", "Entity", "Project", "Quantity", "Reference", "Relation"} <= FACTORY_MADE
    source = ('Claim("c1", "a", 1)\nrecords.Entity(id="a", label="A")\nmake_claim("c1", number=2)\n'
              'dataclasses.replace(claim, id="c2")\nisinstance(x, Relation)\n')
    assert records_built_directly(source) == ["1: Claim", "2: Entity"]


def test_records_are_built_by_the_factories_in_conftest():
    offending = {path.relative_to(TESTS).as_posix(): calls for path in _sources() if path.name != "conftest.py"
                 for calls in [records_built_directly(path.read_text("utf-8"))] if calls}
    assert offending == {}, "build records with conftest's make_* factories"
