"""The shipped JSON Schemas are real JSON Schema (editors use them) and agree with the content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT
from evidmap.load import split_front_matter
from evidmap.schema import SCHEMA_NAMES, load_schema

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
