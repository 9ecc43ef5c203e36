"""Schema: the shipped JSON Schemas, and a checker for the subset of JSON Schema they use.

The schemas in `schemas/` are the single statement of which fields each file may carry; editors use
them for completion (through a `# yaml-language-server: $schema=` line) and validate uses them here.
A general JSON Schema library would report "Additional properties are not allowed"; this checker
knows the subset we write (type, enum, pattern, required, properties, additionalProperties, items,
minLength, maxLength) and says instead which key is unknown, where it is, and what was probably meant.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from evidmap.diagnostics import Diagnostic, did_you_mean, shorten
from evidmap.load import KeyPath, YamlDoc
from evidmap.memo import Kept

SCHEMA_NAMES = ("seed", "claims", "entities", "reference", "project")

_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("evidmap").joinpath(f"schemas/{name}.schema.json").read_text("utf-8"))


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "nothing (null)"
    return "a number"


def _is_type(value: Any, wanted: str) -> bool:
    if isinstance(value, bool) and wanted in ("integer", "number"):
        return False
    return isinstance(value, _JSON_TYPES[wanted])


def _describe(keypath: KeyPath) -> str:
    parts: list[str] = []
    for key in keypath:
        parts.append(f"[{key}]" if isinstance(key, int) else (f".{key}" if parts else str(key)))
    return "".join(parts) or "document"


class _Name:
    """A value's name in messages (`claims[3].quote`), spelled out only if a message uses it."""

    __slots__ = ("keypath",)

    def __init__(self, keypath: KeyPath):
        self.keypath = keypath

    def __format__(self, spec: str) -> str:
        return format(_describe(self.keypath), spec)


# What `checks` holds for one file: (path, schema) -> (document, result), its last version only. load
# hands out the same document object again for a file whose text did not change, so a process that
# builds again (evidmap serve) checks only the files that changed.
Checked = tuple[tuple[Diagnostic, ...], frozenset[KeyPath]]
LastCheck = tuple[YamlDoc, Checked]


def check(doc: YamlDoc, schema_name: str, checks: Kept[LastCheck] | None = None) -> Checked:
    """Every way `doc.data` departs from the named schema, each at the position of the value concerned,
    and the key paths of values whose shape is wrong (wrong type, missing required field), which
    later checks must not read."""
    last = checks.get((doc.path, schema_name)) if checks is not None else None
    if last is None or last[0] is not doc:
        last = (doc, _check(doc, schema_name))
        if checks is not None:
            checks.put((doc.path, schema_name), last)
    return last[1]


def _check(doc: YamlDoc, schema_name: str) -> tuple[tuple[Diagnostic, ...], frozenset[KeyPath]]:
    diagnostics: list[Diagnostic] = []
    misshapen: set[KeyPath] = set()

    def report(keypath: KeyPath, message: str, at_key: bool = False, shape: bool = False) -> None:
        line, col = doc.key_at(*keypath) if at_key else doc.at(*keypath)
        diagnostics.append(Diagnostic(doc.path, line, col, "error", message))
        if shape:
            misshapen.add(keypath)

    def walk(value: Any, schema: dict[str, Any], keypath: KeyPath) -> None:
        name = _Name(keypath)
        wanted = schema.get("type")
        if wanted is not None:
            options = wanted if isinstance(wanted, list) else [wanted]
            if not any(_is_type(value, t) for t in options):
                if keypath in doc.unreadable:  # load reported it, and kept it as text
                    misshapen.add(keypath)
                    return
                hint = ""
                if "string" in options and (value is None or isinstance(value, (bool, int, float))):
                    hint = " (YAML reads words like yes, no, true, null and bare numbers as other types: put the value in quotes)"
                report(
                    keypath,
                    f"'{name}' must be {' or '.join(_article(t) for t in options)}, not {_type_name(value)}{hint}",
                    shape=True,
                )
                return
        if "enum" in schema and value not in schema["enum"]:
            allowed = ", ".join(str(v) for v in schema["enum"])
            if isinstance(value, str):  # still cross-checked: one run shows all the entry's problems
                # a word the schema once allowed says what replaced it ("x-renamed", evidmap's own keyword)
                renamed = schema.get("x-renamed", {}).get(value)
                hint = f"; '{value}' is now {renamed}" if renamed else did_you_mean(value, schema["enum"])
                report(keypath, f"'{name}' is '{shorten(value)}', which is not one of: {allowed}{hint}")
            else:  # a wrong shape, which later checks must not read
                shown = _type_name(value) if isinstance(value, (list, dict)) or value is None else f"'{value}'"
                report(keypath, f"'{name}' is {shown}, which is not one of: {allowed}", shape=True)
            return
        if isinstance(value, str):
            if len(value.strip()) < schema.get("minLength", 0):
                report(keypath, f"'{name}' is empty")
            elif len(value) > schema.get("maxLength", len(value)):
                limit = f"at most {schema['maxLength']:,} characters"
                report(
                    keypath,
                    f"'{name}' is {len(value):,} characters long; {schema.get('description', limit)}: shorten it",
                )
            elif "pattern" in schema and not re.fullmatch(
                schema["pattern"], value
            ):  # fullmatch: "$" would also match before a final newline
                hint = schema.get("description") or f"the pattern {schema['pattern']}"
                report(keypath, f"'{name}' is '{shorten(value)}', which does not match {hint}")
        if isinstance(value, dict):
            properties = schema.get("properties", {})
            for key in schema.get("required", []):
                if key not in value:
                    report(keypath, f"'{name}' is missing the required field '{key}'", shape=True)
            for key, item in value.items():
                if key in properties:
                    walk(item, properties[key], keypath + (key,))
                elif schema.get("additionalProperties") is False:
                    report(
                        keypath + (key,),
                        f"unknown field '{shorten(key)}'{did_you_mean(str(key), properties)}",
                        at_key=True,
                    )
        if isinstance(value, list) and "items" in schema:
            for index, item in enumerate(value):
                walk(item, schema["items"], keypath + (index,))

    walk(doc.data, load_schema(schema_name), ())
    return tuple(diagnostics), frozenset(misshapen)


def _article(type_name: str) -> str:
    return {
        "object": "a mapping",
        "array": "a list",
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
    }[type_name]
