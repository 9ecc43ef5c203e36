"""A valid project whose every text field carries hostile content, generated from the JSON Schemas.

`write_hostile_project` copies the small fixture project and, for every text field that
`schema_fields` finds in any schema, puts the most hostile value the field admits into one file of
that kind (adding the list item or mapping the fixture lacks). Free text gets a payload that carries
markup that would run (it sets `window.__evidmap_pwned`), a `javascript:` URL, Graphviz-breaking
text (an HTML-like label, quotes, `\\N`-style escapes, a trailing backslash), control characters and
a spreadsheet formula start. Fields with a pattern get the worst value the pattern admits (a DOI that
closes braces and opens markup; slugs that are JavaScript property names); enum fields keep a value
the schema allows. Quotes and gap positions are also written into the article text (Markdown
escaped), so the project stays valid and builds.

Each payload names its field (`[$.claims[].quote]`), so a leak says where it came from, and every
payload is unique, so a test can find each one in each output.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from schema_fields import Field, string_fields

MINI = Path(__file__).parent / "fixtures" / "mini"
MARKER = "__evidmap_pwned"
RUN = f"window.{MARKER}=1"

# Variant 0 opens every payload with a Graphviz HTML-like label that tries to add a link; the other
# variants open with each character a spreadsheet takes as the start of a formula, in turn.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DOT_START = f'<x>] ; evil [URL="javascript:{RUN}" label=<<b>x</b>>] ; n [label="'

# The body every free-text payload carries (a field tag goes in the middle).
MARKUP = (
    f'<img src=x onerror="{RUN}"> <svg/onload={RUN}> "><script>{RUN}</script> '
    f"<a href=\"javascript:{RUN}\">link</a> javascript:alert(1) <<b>bold</b>> "
    "</title></desc><!-- &amp; &lt;b&gt; ' \" \\N \\G \\E \\T \\L \\n \\\\ "
    "@import url(x); {{ 7*7 }} ${7*7} }, note = {x}} @preamble{\"^^5cwrite18{calc}\"} "
    "\x07\x1b[31m\x00\x0b\x0c ; =cmd|'/C calc'!A0"
)

# For fields with a length limit: markup, an HTML-like label, Graphviz escapes, entities, controls.
SHORT_MARKUP = f'<img src=x onerror="{RUN}"> <<b>b</b>> " \\N \\G \\L &amp; \x07\x1b\x00 =1+1 '

# Slugs can carry no markup; the worst a slug pattern admits is a JavaScript property name, which
# breaks scripts that look values up in plain objects.
HOSTILE_SLUG = "constructor"
# The fixture's ids that become hostile slugs wherever they are used (the files named by them too).
RENAMED_IDS = {"kinase-x": HOSTILE_SLUG, "smith-2020": "proto", "classic-finding": "tostring", "muscle-share": "valueof"}


def payload(field: Field, variant: int) -> str:
    tag = f"[{field.schema}:{field.path}]"
    if variant == 0:
        start = DOT_START
    else:
        start = FORMULA_STARTS[(variant - 1 + _index(field)) % len(FORMULA_STARTS)] + "1+1 "
    text = f"{start}{tag} {MARKUP} end\\"
    if "maxLength" in field.spec:
        # the worst a bounded field admits: the payload's start, its tag, the attacks on diagrams
        # (where such fields are drawn), then backslashes up to the limit (each grows the DOT text most)
        text = f"{start}{tag} {SHORT_MARKUP}"
        text += "\\" * (field.spec["maxLength"] - len(text))
    if field.path in QUOTED_IN_BODY:
        text = text.replace("\x00", "")  # a seed file may hold no NUL (load refuses it)
    return text


# Fields whose value must also stand in the article text.
QUOTED_IN_BODY = ("$.claims[].quote", "$.gaps[].at")


def _index(field: Field) -> int:
    return [f.path for f in string_fields(field.schema)].index(field.path)


def pattern_value(field: Field, variant: int) -> str | None:
    """The most hostile value a patterned field admits, or None where the fixture's own value must
    stay (ids that other files refer to)."""
    pattern = field.spec["pattern"]
    tag = re.sub(r"[^A-Za-z0-9]", "", field.path)
    if pattern == "^[a-z0-9]+(-[a-z0-9]+)*$":
        return None  # slugs: ids, renamed through RENAMED_IDS, or free names set below
    if "^10\\." in pattern:  # DOI: no whitespace, anything else
        return f'10.1234/{tag}}}"><svg/onload={RUN}>}}@preamble{{"\\write18{{calc}}"}}\\'
    if "https?" in pattern:
        # an absolute http(s) URL with no whitespace or control character, hostile in every other way
        return f"https://evil.example/{tag}/'onmouseover='{RUN}'/javascript:alert(1);=1+1?a=%22%3E%3Cscript%3E"
    if pattern == "^[0-9]{1,9}$":
        return "000000001"
    if "[0-9]{4}" in pattern:  # a date
        return "9999-12-31"
    if "@" in pattern:  # an email address: a formula start, percent-encoded markup for a mailto: link
        return f"-1+1%22%3E%3Cscript%3E{tag}@evil.example"
    if "[A-Za-z0-9.+-]" in pattern:  # an SPDX licence id: a formula start after the first character, dots
        return f"L{tag}..+1-1"
    if field.path.startswith("$.entities[].xrefs."):
        # database identifiers: letters, digits and the prefix's colon; the longest each admits
        return XREF_VALUES[field.path.rsplit(".", 1)[1]]
    raise NotImplementedError(f"no hostile value for the pattern of {field.schema}:{field.path}: add one here")


XREF_VALUES = {
    "HGNC": "HGNC:999999",
    "UniProt": "Z9ZZZ9ZZZ9",
    "ChEBI": "CHEBI:9999999",
    "GO": "GO:9999999",
    "MeSH": "Z999999999",
}


# Slug fields that are free names rather than references to another record.
# Ids a mapping the fixture lacks must name, to stay valid.
REQUIRED_REFERENCES = {"$.as_cited[].article": "beta", "$.claims[].quantity.measure": RENAMED_IDS["muscle-share"]}
FREE_SLUGS = {"$.claims[].tags[]", "$.pathways[].id"}


def _files_of(schema: str, root: Path) -> list[Path]:
    return {
        "claims": sorted((root / "claims").glob("*.yaml")),
        "entities": sorted((root / "claims" / "entities").glob("*.yaml")),
        "reference": sorted((root / "references").glob("*.yaml")),
        "seed": sorted((root / "seeds").glob("*.md")),
        "project": [root / "evidmap.yaml"],
    }[schema]


def _set(data: Any, keys: tuple[str | None, ...], value: Any) -> None:
    """Set the value at `keys` (None: the first item of a list), making what is missing on the way."""
    *parents, last = keys
    following = list(keys[1:]) + [None]
    node = data
    for key, nxt in zip(parents, following):
        empty: Any = [] if nxt is None else {}
        if key is None:
            if not node:
                node.append(empty)
            node = node[0]
        else:
            if not isinstance(node.get(key), (dict, list)):
                node[key] = empty
            node = node[key]
    if last is None:
        if node:
            node[0] = value
        else:
            node.append(value)
    else:
        node[last] = value


def _rename(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _rename(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v) for v in value]
    if isinstance(value, str) and value in RENAMED_IDS:
        return RENAMED_IDS[value]
    return value


def _markdown_escaped(text: str) -> str:
    """`text` as Markdown that renders to exactly `text` in one paragraph."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def write_hostile_project(target: Path, variant: int = 0) -> list[str]:
    """Copy the fixture project to `target` with hostile content in every text field of every
    schema; returns the attacked fields as 'schema:json-path'."""
    shutil.copytree(MINI, target)
    (target / "evidmap.yaml").write_text(
        "title: Mini\npathways:\n  - {id: core, title: Core, entities: [kinase-x, complex-y]}\n")
    docs: dict[Path, tuple[dict[str, Any], str]] = {}  # path -> (data, Markdown body of a seed)
    for schema in ("claims", "entities", "reference", "seed", "project"):
        for path in _files_of(schema, target):
            text = path.read_text("utf-8")
            if schema == "seed":
                _, front, body = text.split("---\n", 2)
                docs[path] = (_rename(yaml.safe_load(front)), body)
            else:
                docs[path] = (_rename(yaml.safe_load(text)), "")

    attacked: list[str] = []
    body_additions: dict[Path, list[str]] = {}
    for field in string_fields():
        path = _files_of(field.schema, target)[0]
        data, _ = docs[path]
        if "enum" in field.spec:
            # an enum admits only its own words: keep the fixture's, or the first where a mapping made
            # here requires one (adding an optional one could break a rule between fields, such as
            # a direction without an outcome)
            attacked.append(f"{field.schema}:{field.path}")
            if field.required and _current(data, field.keys) is None:
                _set(data, field.keys, field.spec["enum"][0])
            continue
        elif "pattern" in field.spec:
            value = pattern_value(field, variant)
            if value is None:
                if field.path in REQUIRED_REFERENCES and _current(data, field.keys) is None:
                    _set(data, field.keys, REQUIRED_REFERENCES[field.path])
                if field.path not in FREE_SLUGS:
                    attacked.append(f"{field.schema}:{field.path}")  # ids: renamed to hostile slugs above
                    continue
                value = HOSTILE_SLUG
        else:
            value = payload(field, variant)
            if field.path in QUOTED_IN_BODY:
                seed = target / "seeds" / f"{data.get('article', data.get('id'))}.md"
                body_additions.setdefault(seed, []).append(value)
        _set(data, field.keys, value)
        attacked.append(f"{field.schema}:{field.path}")

    for path, (data, body) in docs.items():
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
        if path.suffix == ".md":
            # a seed may hold no carriage return (load refuses it); folding makes it a space anyway
            extra = "".join(f"\n\n{_markdown_escaped(v.replace(chr(13), ' '))} ." for v in body_additions.get(path, []))
            path.write_text(f"---\n{dumped}---\n{body.rstrip()}{extra}\n", "utf-8")
        else:
            path.write_text(dumped, "utf-8")
    for old, new in RENAMED_IDS.items():
        for path in [*target.rglob(f"{old}.yaml"), *target.rglob(f"{old}.md")]:
            path.rename(path.with_name(path.name.replace(old, new)))
    return attacked


def _current(data: Any, keys: tuple[str | None, ...]) -> Any:
    node = data
    for key in keys:
        if key is None:
            if not isinstance(node, list) or not node:
                return None
            node = node[0]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return None
    return node
