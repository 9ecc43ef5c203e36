"""Every field of every shipped JSON Schema, found by walking the schemas themselves.

Hostile-input tests (output escaping, random shapes) attack the fields listed here rather than a
hand-picked few, so a field added to a schema later is attacked too. A field is named by a JSON path
such as `$.claims[].relations[].context`; `[]` stands for every item of a list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterator

SCHEMAS = ("seed", "claims", "entities", "reference", "project")


def schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("evidmap").joinpath(f"schemas/{name}.schema.json").read_text("utf-8"))


@dataclass(frozen=True)
class Field:
    schema: str  # which schema: 'claims', 'reference', ...
    path: str  # '$.claims[].quote'
    keys: tuple[str | None, ...]  # ('claims', None, 'quote'): None for "an item of the list"
    spec: dict[str, Any]  # the field's own schema
    required: bool  # its mapping must have it (always true of a list's items)

    @property
    def types(self) -> tuple[str, ...]:
        wanted = self.spec.get("type")
        return tuple(wanted) if isinstance(wanted, list) else ((wanted,) if wanted else ())

    @property
    def is_string(self) -> bool:
        """Holds text: a string (possibly among other types) or an enum of strings."""
        return "string" in self.types or ("enum" in self.spec and all(isinstance(v, str) for v in self.spec["enum"]))


def _walk(
    name: str, spec: dict[str, Any], path: str, keys: tuple[str | None, ...], required: bool = True
) -> Iterator[Field]:
    if keys:
        yield Field(name, path, keys, spec, required)
    for key in ("anyOf", "oneOf", "allOf", "patternProperties", "$defs", "if", "not"):
        if key in spec:  # the walker would miss fields under these: fail loudly instead
            raise NotImplementedError(f"schema {name} uses {key} at {path}: teach tests/schema_fields.py to walk it")
    if isinstance(spec.get("additionalProperties"), dict):
        raise NotImplementedError(f"schema {name} has typed additionalProperties at {path}")
    for key, sub in spec.get("properties", {}).items():
        yield from _walk(name, sub, f"{path}.{key}", keys + (key,), key in spec.get("required", ()))
    if isinstance(spec.get("items"), dict):
        yield from _walk(name, spec["items"], f"{path}[]", keys + (None,))


def fields(name: str | None = None) -> list[Field]:
    """Every field (objects, lists and leaves) of one schema, or of all of them."""
    names = (name,) if name else SCHEMAS
    return [f for n in names for f in _walk(n, schema(n), "$", ())]


def string_fields(name: str | None = None) -> list[Field]:
    """Every field that holds text, of one schema or of all."""
    return [f for f in fields(name) if f.is_string]
