"""Random values in every field of every schema: diagnostics, never an exception.

For each field that tests/schema_fields.py finds in the shipped schemas, hypothesis writes YAML
text for a hostile value where the field belongs in a valid project (the mini fixture): impossible
dates, numbers of thousands of digits, explicit tags on the wrong text, lists, mappings, nulls,
nesting thousands of levels deep, text full of control characters, ids with a final line break.
Objects also get a hostile extra key. `evidmap check` must then

- not raise;
- report every problem at a file of the project, printable on a terminal (no control character);
- report an error whenever the value, as evidmap read it, breaks the field's JSON Schema (checked
  with the jsonschema library as an independent judge) or could not be read at all;
- when it reports none, render the whole site without raising (Graphviz may still refuse a label,
  which the build reports in one line).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schema_fields
from conftest import MINI
from evidmap.build import check, render_site
from evidmap.errors import LayoutError
from evidmap.load import parse_yaml, split_front_matter

# Where each schema's document lives in the mini project (the project settings file is added).
FILES = {
    "seed": "seeds/alpha.md",
    "claims": "claims/alpha.yaml",
    "entities": "claims/entities/core.yaml",
    "reference": "references/smith-2020.yaml",
    "project": "evidmap.yaml",
}
SETTINGS = "title: Mini map\npathways:\n  - {id: core, title: Core, description: The core, entities: [kinase-x, complex-y]}\n"
HOLE = "HOLE-8d1f"  # stands where the hostile YAML text goes
KEY_HOLE = "KEY-HOLE-8d1f"

# What a terminal would act on: C0 and C1 controls, DEL, bidirectional formatting characters.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE_CHARACTERS = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\ufeff", "\ud800", "’", "é"]

plain_scalars = st.sampled_from([
    "2026-02-30", "2026-13-45", "2026-02-30 25:61:61", "2025-02-29", "2026-01-02", "0001-01-01",
    "0b101", "0o17", "1_000", "190:20:30",
    "1e999", "-.inf", ".nan", "0", "-1", "3.5", "~", "null", "", "yes", "no", "on",
    "!!binary x", "!!timestamp soon", "!!bool maybe", "!!int x", "!!float x", "!!str 5", "!!null x",
    "''", '"   "', "kinase-x", "smith-2020", "alpha", "beta", "mechanism", "none", "http://x.org/a", "10.1000/x",
])
long_numbers = st.integers(4290, 5100).flatmap(lambda n: st.sampled_from(["9" * n, "-1" + "0" * n, "0x" + "f" * n, "0b" + "1" * n]))
numbers = st.one_of(long_numbers, st.integers(-(10**40), 10**40).map(str), st.floats().map(lambda f: repr(f).replace("inf", ".inf").replace("nan", ".nan")))
# JSON strings are YAML double-quoted scalars: every character can be written as an escape
texts = st.text(st.sampled_from(HOSTILE_CHARACTERS) | st.characters(), max_size=30).map(json.dumps)
ids_with_line_breaks = st.sampled_from(["kinase-x", "smith-2020", "alpha", "metformin"]).map(lambda s: json.dumps(s + "\n"))
deep = st.integers(1, 3000).flatmap(lambda n: st.sampled_from(["[" * n + "]" * n, "{a: " * n + "1" + "}" * n]))
scalars = st.one_of(plain_scalars, numbers, texts, ids_with_line_breaks)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(i or "~" for i in items) + "]"),
        st.dictionaries(st.sampled_from(["a", "id", "quote", "2026-02-30", '"\\e[31m"']), inner, max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v or '~'}" for k, v in pairs.items()) + "}"),
    ),
    max_leaves=8,
) | deep
keys = st.one_of(texts, long_numbers, st.sampled_from(["2026-02-30", "[a]", "{a: 1}", "~", "yes", "!!bool maybe", "id"]))


def _base(schema: str, project: Path) -> tuple[Any, str]:
    """The document's data and, for a seed, the body after its front matter."""
    path = project / FILES[schema]
    if schema == "seed":
        front, body, _, _ = split_front_matter(path.read_text("utf-8"), FILES[schema])
        return front.data, body
    return yaml.safe_load(path.read_text("utf-8")), ""


def _place(data: Any, keys: tuple[str | None, ...], value: Any) -> Any:
    """`data` with `value` at `keys` (None: the first item of a list), making the way as needed."""
    if not keys:
        return value
    head, rest = keys[0], keys[1:]
    if head is None:
        items = list(data) if isinstance(data, list) and data else [None]
        items[0] = _place(items[0], rest, value)
        return items
    mapping = dict(data) if isinstance(data, dict) else {}
    mapping[head] = _place(mapping.get(head), rest, value)
    return mapping


def _with_key(data: Any, keys: tuple[str | None, ...]) -> Any:
    """`data` with an extra key placed in the object at `keys`."""
    if not keys:
        return {**data, KEY_HOLE: "x"}
    head, rest = keys[0], keys[1:]
    if head is None:
        items = list(data) if isinstance(data, list) and data else [{}]
        items[0] = _with_key(items[0] if isinstance(items[0], dict) else {}, rest)
        return items
    mapping = dict(data) if isinstance(data, dict) else {}
    mapping[head] = _with_key(mapping.get(head) if isinstance(mapping.get(head), dict) else {}, rest)
    return mapping


def _text(schema: str, data: Any, body: str, fragment: str, key: str) -> str:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    text = text.replace(HOLE, fragment).replace(KEY_HOLE, key)
    return f"---\n{text}---\n{body}" if schema == "seed" else text


def _as_read(schema: str, rel: str, text: str):
    """The document as evidmap reads it, or None when it cannot be read at all."""
    if schema == "seed":
        doc, _, _, problems = split_front_matter(text, rel)
    else:
        doc, problems = parse_yaml(text, rel)
    return None if doc is None or problems or doc.unreadable else doc.data


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "mini"
    shutil.copytree(MINI, root)
    (root / FILES["project"]).write_text(SETTINGS, "utf-8")
    assert check(root).ok
    return root


@pytest.mark.parametrize("field", schema_fields.fields(), ids=lambda f: f"{f.schema}:{f.path}")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(fragment=st.one_of(values, texts), key=keys, as_key=st.booleans())
def test_any_value_in_any_field_gives_diagnostics_not_exceptions(project: Path, field, fragment: str, key: str, as_key: bool):
    rel = FILES[field.schema]
    path = project / rel
    original = path.read_text("utf-8")
    data, body = _base(field.schema, project)
    if as_key and field.types == ("object",):
        data = _with_key(data, field.keys)
    else:
        data = _place(data, field.keys, HOLE)
    text = _text(field.schema, data, body, fragment, key)
    try:
        path.write_text(text, "utf-8")
        result = check(project)  # must not raise
        if result.ok:
            try:
                render_site(result.project, project, cache_dir=project / ".evidmap-cache")  # must not raise either
            except LayoutError:
                pass
    finally:
        path.write_text(original, "utf-8")

    for diagnostic in result.diagnostics:
        assert (project / diagnostic.path).exists() or diagnostic.path == "seeds", diagnostic
        assert not UNPRINTABLE.search(str(diagnostic)), str(diagnostic)
    read = _as_read(field.schema, rel, text)
    if read is None:
        assert result.errors, f"unreadable {rel} passed the check:\n{text[:500]}"
    else:
        judge = jsonschema.Draft202012Validator(schema_fields.schema(field.schema))
        broken = [e.message for e in judge.iter_errors(read)]
        assert not broken or result.errors, f"{broken[:2]} not reported for:\n{text[:500]}"
