"""The shipped JSON Schemas are real JSON Schema (editors use them) and agree with the content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import schema_fields
from conftest import ROOT
from evidmap.load import YamlDoc, split_front_matter
from evidmap.paths import page_path
from evidmap.schema import SCHEMA_NAMES, check, load_schema

FILES = {
    "claims": sorted((ROOT / "claims").glob("*.yaml")),
    "entities": sorted((ROOT / "claims/entities").glob("*.yaml")),
    "reference": sorted((ROOT / "references").glob("*.yaml")),
    "seed": sorted((ROOT / "seeds").glob("*.md")),
    "project": [ROOT / "evidmap.yaml"],
}


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_json_schema_and_accepts_the_content(name):
    schema = load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert FILES[name], name
    for path in FILES[name]:
        if name == "seed":
            front, _, _, problems = split_front_matter(path.read_text(), path.name)
            data = front.data
        else:
            data = yaml.safe_load(path.read_text())
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], f"{path.name}: {errors[:3]}"


@pytest.mark.parametrize("folder,schema", [("claims", "claims"), ("claims/entities", "entities"), ("references", "reference")])
def test_content_files_name_their_schema_for_editors(folder, schema):
    for path in sorted((ROOT / folder).glob("*.yaml")):
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target == (ROOT / f"src/evidmap/schemas/{schema}.schema.json").resolve(), path
        assert json.loads(target.read_text())["title"]


def _at(keys: tuple, value) -> dict:
    """A document holding only `value`, at the field's place (the first item of each list)."""
    for key in reversed(keys):
        value = [value] if key is None else {key: value}
    return value


ANCHORED = [f for f in schema_fields.fields() if f.spec.get("pattern", "").endswith("$")]


@pytest.mark.parametrize("field", ANCHORED, ids=lambda f: f"{f.schema}:{f.path}")
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_a_final_line_break_never_passes_an_anchored_pattern(field, data):
    """Python's `$` matches before a final line break; JSON Schema's does not. A value that matches
    the pattern passes, and the same value with a line break after it is refused."""
    value = data.draw(st.from_regex(field.spec["pattern"], fullmatch=True).filter(lambda v: v.strip() == v))
    refused = lambda text: any("does not match" in d.message  # noqa: E731
                               for d in check(YamlDoc(f"{field.schema}.yaml", _at(field.keys, text)), field.schema)[0])
    assert not refused(value)
    assert refused(value + "\n")


def test_a_file_name_is_made_only_from_a_whole_id():
    assert page_path("entity", "metformin") == "entities/metformin.html"
    for ident in ("metformin\n", "a\nb", "../x", "x/y", ""):
        with pytest.raises(ValueError):
            page_path("entity", ident)
